"""The review heatmap and the weekly retention sparkline: pure functions, then `quiz stats`."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import clock, heatmap, store
from actloss_quiz.cli import app

TODAY = date(2026, 11, 26)  # a Thursday
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _utc_days(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_heatmap_lists_every_day_of_26_calendar_weeks() -> None:
    days = heatmap.heatmap({"2026-11-26": 3, "2026-06-01": 1, "2026-05-31": 9}, TODAY)
    assert days[0] == {"date": "2026-06-01", "reviews": 1}  # the Monday 25 weeks back
    assert days[-1] == {"date": "2026-11-26", "reviews": 3}
    assert len(days) == 25 * 7 + 4  # Monday to Thursday of this week
    assert sum(d["reviews"] for d in days) == 4  # the day before the window is left out
    assert [d["date"] for d in days] == sorted(d["date"] for d in days)


def test_levels_are_quarters_of_the_busiest_day() -> None:
    assert [heatmap.level(n, 8) for n in (0, 1, 2, 3, 4, 5, 6, 7, 8)] == [
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]
    assert heatmap.level(0, 0) == 0 and heatmap.level(1, 1) == 1


def test_grid_weeks_are_columns_and_weekdays_rows() -> None:
    per_day = {"2026-11-23": 4, "2026-11-26": 1, "2026-06-07": 2}  # Mon, Thu, a Sunday
    grid = heatmap.heatmap_grid(heatmap.heatmap(per_day, TODAY))
    assert len(grid.rows) == 7 and all(len(r) == 26 for r in grid.rows)
    assert grid.rows[0][25] == 4 and grid.rows[3][25] == 1  # this week: Monday, Thursday
    assert grid.rows[4][25] is None  # Friday has not come yet
    assert grid.rows[6][0] == 2  # Sunday of the first week: 2 of a peak of 4
    assert grid.rows[1][0] == 0  # a day without reviews
    assert (grid.peak, grid.total) == (4, 7)
    assert grid.months[0] == "Jun" and grid.months[25] == ""
    assert [m for m in grid.months if m] == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]


def _history(seed: int = 3) -> dict[str, int]:
    """A generated daily history over 200 days: most days studied, some very busy."""
    rng = random.Random(seed)
    per_day = {}
    for back in range(200):
        if rng.random() < 0.7:
            per_day[(TODAY - timedelta(days=back)).isoformat()] = rng.choice([1, 2, 5, 9, 40])
    return per_day


@pytest.mark.parametrize("plain", [True, False])
def test_grid_lines_fit_80_columns(plain: bool) -> None:
    grid = heatmap.heatmap_grid(heatmap.heatmap(_history(), TODAY))
    lines = heatmap.grid_lines(grid, plain=plain)
    assert len(lines) == 8  # month header + 7 weekdays
    assert max(len(line) for line in lines) <= 80
    assert lines[1].startswith("Mon ") and lines[3].startswith("Wed ")
    assert lines[0].split() == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    cells = lines[1][4:].split(" ")
    assert len(cells) == 26
    if plain:
        assert all(line.isascii() for line in lines)
        assert set("".join(line[4:] for line in lines[1:])) <= set(heatmap.PLAIN_SHADES + " ")
    # each cell matches the level of its day
    shades = heatmap.PLAIN_SHADES if plain else heatmap.BLOCK_SHADES
    assert cells == [shades[lv] for lv in grid.rows[0]]


def test_an_empty_history_is_an_empty_calendar() -> None:
    days = heatmap.heatmap({}, TODAY)
    assert len(days) == 179 and all(d["reviews"] == 0 for d in days)
    grid = heatmap.heatmap_grid(days)
    assert (grid.peak, grid.total) == (0, 0)
    assert {lv for row in grid.rows for lv in row} == {0, None}
    lines = heatmap.grid_lines(grid, plain=True)
    assert set(lines[1][4:]) == {".", " "}
    weeks = heatmap.retention_by_week({}, TODAY)
    assert len(weeks) == 26 and all(w["retention"] is None for w in weeks)
    assert heatmap.sparkline([w["retention"] for w in weeks], plain=True) == " " * 26
    assert heatmap.heatmap_grid([]).rows == [[] for _ in range(7)]


def test_retention_by_week_groups_first_reviews_by_calendar_week() -> None:
    first = {
        "2026-11-23": (4, 3),  # this week (Monday) ...
        "2026-11-26": (4, 4),  # ... and today: 7 of 8
        "2026-11-22": (2, 1),  # last week's Sunday
        "2026-01-01": (5, 5),  # before the window
    }
    weeks = heatmap.retention_by_week(first, TODAY)
    assert weeks[-1] == {"week": "2026-11-23", "reviews": 8, "retention": 0.875}
    assert weeks[-2] == {"week": "2026-11-16", "reviews": 2, "retention": 0.5}
    assert weeks[0]["week"] == "2026-06-01" and weeks[0]["retention"] is None
    assert sum(w["reviews"] for w in weeks) == 10


def test_sparkline_scales_between_the_lowest_and_highest_week() -> None:
    assert heatmap.sparkline([0.5, None, 1.0, 0.75], plain=False) == "▁ █▅"
    assert heatmap.sparkline([0.5, None, 1.0, 0.75], plain=True) == "_ #="
    # within 10 points of each other: no wild swings
    flat = heatmap.sparkline([0.90, 0.92, 0.91], plain=False)
    assert flat[0] != flat[1] and "▁" not in flat[1:] and len(flat) == 3
    assert heatmap.sparkline([], plain=True) == ""


# --- quiz stats -----------------------------------------------------------------------------


def _record_history(db: Path, per_day: dict[str, int]) -> None:
    """Reviews at noon UTC on the given days: two questions alternate, the first rating of each
    question per day is good on even days and again on odd days."""
    conn = store.connect(db)
    try:
        for day_text, n in sorted(per_day.items()):
            day = date.fromisoformat(day_text)
            for i in range(n):
                at = datetime(day.year, day.month, day.day, 12, i % 60, tzinfo=UTC)
                store.record_review(
                    conn,
                    question_id=("why-nonlinear", "relu-definition")[i % 2],
                    rating=3 if day.day % 2 == 0 else 1,
                    reviewed_at=at,
                    card=None,
                    topic="activation",
                )
    finally:
        conn.close()


def test_stats_json_has_heatmap_and_retention_by_week(
    runner: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    history = {"2026-11-26": 3, "2026-11-25": 1, "2026-11-24": 2, "2026-03-01": 7}
    _record_history(db_path, history)
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert len(data["heatmap"]) == 179
    assert data["heatmap"][-3:] == [
        {"date": "2026-11-24", "reviews": 2},
        {"date": "2026-11-25", "reviews": 1},
        {"date": "2026-11-26", "reviews": 3},
    ]
    assert sum(d["reviews"] for d in data["heatmap"]) == 6  # March is outside the 26 weeks
    this_week = data["retention_by_week"][-1]
    # first ratings per question and day: 24th good x2, 25th again x1, 26th good x2 -> 4 of 5
    assert this_week == {"week": "2026-11-23", "reviews": 5, "retention": 0.8}
    assert [w["retention"] for w in data["retention_by_week"][:-1]] == [None] * 25
    only_loss = json.loads(runner.invoke(app, ["stats", "--json", "-t", "loss"]).stdout)
    assert sum(d["reviews"] for d in only_loss["heatmap"]) == 0


def test_stats_pictures_are_plain_and_within_80_columns(
    runner: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "now", lambda: NOW)
    monkeypatch.setenv("COLUMNS", "80")
    _record_history(db_path, _history())
    text = runner.invoke(app, ["stats"]).stdout
    start = text.index("Reviews per day, last 26 weeks")
    block = text[start:].splitlines()[:11]
    assert block[1].split() == ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]
    assert block[2].startswith("Mon ") and block[8].startswith("Sun ")
    assert block[9].strip() == "less . - + * # more"
    assert block[10].startswith("True retention by week ")
    assert all(line.isascii() and len(line) <= 80 for line in block)
    assert "[" not in text


def test_stats_pictures_on_an_empty_history(runner: CliRunner, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    text = runner.invoke(app, ["stats"]).stdout
    assert "Reviews per day, last 26 weeks: 0 reviews, busiest day 0" in text
    assert "True retention by week" in text and "no reviews yet" in text


def test_day_counts_agree_with_true_retention(db_path: Path) -> None:
    _record_history(db_path, _history(seed=5))
    conn = store.connect(db_path)
    try:
        days = store.review_days_since(conn, since=NOW - timedelta(days=400))
        assert sum(c.reviews for c in days.values()) == store.count_reviews(conn)
        assert all(c.first <= 2 and c.first <= c.reviews for c in days.values())  # 2 questions
        good = sum(c.first_good for c in days.values())
        assert good / sum(c.first for c in days.values()) == pytest.approx(
            store.true_retention(conn)
        )
        recent = store.review_days_since(conn, since=NOW - timedelta(days=10))
        assert set(recent) == {d for d in days if d >= (TODAY - timedelta(days=10)).isoformat()}
    finally:
        conn.close()


def test_on_a_colour_terminal_the_cells_are_green_blocks(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    from actloss_quiz import console
    from actloss_quiz.render import stats as render_stats

    monkeypatch.delenv("NO_COLOR", raising=False)
    fake = Console(force_terminal=True, color_system="truecolor", width=80, record=True)
    monkeypatch.setattr(console, "out", fake)
    monkeypatch.setattr(render_stats, "out", fake)
    days = heatmap.heatmap(_history(), TODAY)
    weekly = heatmap.retention_by_week({d["date"]: (2, 1) for d in days if d["reviews"]}, TODAY)
    for part in render_stats._pictures({"heatmap": days, "retention_by_week": weekly}):
        fake.print(part)
    text = fake.export_text(styles=True, clear=False)
    plain = fake.export_text()
    assert "■" in plain and "." not in plain.splitlines()[2]  # blocks, not ASCII shades
    assert "\x1b[38;2;" in text  # true-colour cells
    assert any(ch in plain for ch in heatmap.BLOCK_SPARKS)
    assert max(len(line) for line in plain.splitlines()) <= 80
