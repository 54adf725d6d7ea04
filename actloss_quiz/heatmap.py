"""The pictures of `quiz stats`, as pure functions of plain data (no database, no Rich).

- `heatmap(per_day, today)`: reviews per day over the last 26 weeks, every day listed;
- `heatmap_grid(days)`: those days as a calendar, weeks as columns and days as rows (Monday
  first), each cell a shade level 0-4, with month labels over the weeks where a month starts;
- `retention_by_week(first_reviews, today)`: the true retention of each of those weeks;
- `sparkline(values)`: one character per value.

Below the default width the pictures show fewer weeks (`weeks_that_fit`) and a sparkline its
latest values (`latest_that_fit`): never a wrapped calendar or a cut number.

Plain text (`plain=True`, for NO_COLOR and non-terminals) uses ASCII characters only; the
renderer colours the cells on a colour terminal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from msgspec import Struct

WEEKS = 26
LEVELS = 5  # 0 = no reviews, 1-4 = quartiles of the busiest day
PLAIN_SHADES = ".-+*#"  # level 0-4 without colour
BLOCK_SHADES = "■■■■■"  # level 0-4 on a colour terminal (the colour tells them apart)
PLAIN_SPARKS = "_.-=+*#"  # low to high, ASCII
BLOCK_SPARKS = "▁▂▃▄▅▆▇█"
DAY_LABELS = ("Mon", "", "Wed", "", "Fri", "", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def first_day(today: date, weeks: int = WEEKS) -> date:
    """The Monday that starts the first of `weeks` calendar weeks ending with today's week."""
    return today - timedelta(days=today.weekday(), weeks=weeks - 1)


def heatmap(per_day: Mapping[str, int], today: date, weeks: int = WEEKS) -> list[dict[str, Any]]:
    """`[{date, reviews}]` for every day from `first_day` to today (missing days count 0)."""
    start = first_day(today, weeks)
    days = (today - start).days + 1
    out = []
    for i in range(days):
        day = (start + timedelta(days=i)).isoformat()
        out.append({"date": day, "reviews": int(per_day.get(day, 0))})
    return out


def level(count: int, peak: int) -> int:
    """The shade of a day: 0 for none, else 1-4 by quarter of the busiest day."""
    if count <= 0 or peak <= 0:
        return 0
    return min(LEVELS - 1, 1 + (4 * (count - 1)) // peak)


class Grid(Struct, frozen=True):
    """A calendar: `rows[d][w]` is the level of weekday d (0 = Monday) in week w, None after
    today; `months` has one label (or "") per week column."""

    rows: list[list[int | None]]
    months: list[str]
    peak: int
    total: int


def heatmap_grid(days: Sequence[Mapping[str, Any]]) -> Grid:
    """Lay out `heatmap(...)` output as weeks (columns) by weekdays (rows)."""
    if not days:
        return Grid([[] for _ in range(7)], [], 0, 0)
    start = date.fromisoformat(days[0]["date"])
    weeks = (len(days) + start.weekday() + 6) // 7
    rows: list[list[int | None]] = [[None] * weeks for _ in range(7)]
    peak = max(d["reviews"] for d in days)
    months = [""] * weeks
    for i, d in enumerate(days):
        day = date.fromisoformat(d["date"])
        offset = i + start.weekday()
        week, weekday = divmod(offset, 7)
        rows[weekday][week] = level(d["reviews"], peak)
        if day.day == 1 or i == 0:
            months[week] = MONTHS[day.month - 1]
    return Grid(rows, months, peak, sum(d["reviews"] for d in days))


def grid_lines(grid: Grid, *, plain: bool) -> list[str]:
    """The calendar as text lines (month header first), 4 + 2 x weeks columns wide."""
    shades = PLAIN_SHADES if plain else BLOCK_SHADES
    # A month's 3 letters start over its first week and run into the next column; a label that
    # would touch the previous one is left out (the first week's, when the 1st follows at once).
    chars = [" "] * (4 + 2 * len(grid.months) + 2)
    free_from = 0
    for w, m in enumerate(grid.months):
        at = 4 + 2 * w
        if m and at >= free_from:
            chars[at : at + len(m)] = m
            free_from = at + len(m) + 1
    header = "".join(chars).rstrip()
    lines = [header]
    for weekday, row in enumerate(grid.rows):
        cells = " ".join(" " if lv is None else shades[lv] for lv in row)
        lines.append(f"{DAY_LABELS[weekday]:<4}{cells}".rstrip())
    return lines


def weeks_that_fit(width: int, weeks: int = WEEKS) -> int:
    """How many of `weeks` week columns `grid_lines` can draw within `width` columns (4 for
    the day labels, 2 a week, and a month label may run 1 past the last week); at least 1."""
    return max(1, min(weeks, (width - 5) // 2))


def latest_that_fit(values: Sequence[Any], room: int) -> list[Any]:
    """The latest `room` values (all of them when they fit; at least 1)."""
    return list(values[-max(1, room) :]) if values else []


def retention_by_week(
    first_reviews: Mapping[str, tuple[int, int]], today: date, weeks: int = WEEKS
) -> list[dict[str, Any]]:
    """`[{week, reviews, retention}]` per calendar week (its Monday), oldest first.

    `first_reviews` maps a local date to (first reviews of a question that day, of which rated
    hard or better): the same true retention as `stats`, grouped by week; None for a week without
    reviews.
    """
    start = first_day(today, weeks)
    totals = [[0, 0] for _ in range(weeks)]
    for day_text, (n, good) in first_reviews.items():
        week = (date.fromisoformat(day_text) - start).days // 7
        if 0 <= week < weeks:
            totals[week][0] += n
            totals[week][1] += good
    return [
        {
            "week": (start + timedelta(weeks=w)).isoformat(),
            "reviews": n,
            "retention": round(good / n, 4) if n else None,
        }
        for w, (n, good) in enumerate(totals)
    ]


def sparkline(values: Sequence[float | None], *, plain: bool) -> str:
    """One character per value, scaled between the lowest and highest value (at least 10
    points apart, so small wobbles stay small); a space for None."""
    sparks = PLAIN_SPARKS if plain else BLOCK_SPARKS
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    lo, hi = min(known), max(known)
    if hi - lo < 0.1:
        lo = max(0.0, hi - 0.1)
        hi = lo + 0.1
    top = len(sparks) - 1
    return "".join(
        " " if v is None else sparks[max(0, min(top, round(top * (v - lo) / (hi - lo))))]
        for v in values
    )
