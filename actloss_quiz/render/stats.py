"""`quiz stats` and `quiz config` as Rich tables and bars."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from actloss_quiz.console import out
from actloss_quiz.render.fit import FittedTable
from actloss_quiz.render.plan import stats_lines
from actloss_quiz.render.styles import pct
from actloss_quiz.settings import SETTINGS
from actloss_quiz.vocab import as_typed, program

LEECHES_SHOWN = 20  # in the terminal; --json lists them all


def print_stats(data: dict[str, Any]) -> None:
    """Everything `quiz stats` shows, from `stats.compute_stats`."""
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Total reviews", str(data["total_reviews"]))
    head.add_row("Reviews today", str(data["reviews_today"]))
    head.add_row("Streak", f"{data['streak_days']} day{'s' if data['streak_days'] != 1 else ''}")
    head.add_row("True retention", pct(data["true_retention"]))
    head.add_row("Estimated knowledge", pct(data["estimated_knowledge"]))
    head.add_row(
        "Suspended", f"{data['suspended']} question{'s' if data['suspended'] != 1 else ''}"
    )
    if data["drills"]["answers"]:
        d = data["drills"]
        head.add_row("Drill accuracy", f"{pct(d['accuracy'])} of {d['answers']} answers")
    out.print(head)
    plain = out.no_color or not out.is_terminal or out.color_system is None
    interview = stats_lines(data.get("plan"), plain=plain, width=out.width)
    if interview is not None:
        out.print(interview)

    for kind, rows in (("topic", data["by_topic"]), ("difficulty", data["by_difficulty"])):
        cols = ("questions", "seen", "due now", "reviews", "correct", "knowledge")
        table = FittedTable(
            (kind, *cols),
            [
                (
                    r[kind],
                    str(r["questions"]),
                    str(r["seen"]),
                    str(r["due_now"]),
                    str(r["reviews"]),
                    pct(r["correct_rate"]),
                    pct(r["mean_retrievability"]),
                )
                for r in rows
            ],
            title=f"By {kind}",
            justify=["left", *["right"] * len(cols)],
            short=(None, "qs", None, "due", "revs", "right", "known"),
        )
        out.print(table)

    if data["leeches"]:
        leech_rows = []
        for lee in data["leeches"][:LEECHES_SHOWN]:
            name = lee["question_id"] + ("" if lee["in_bank"] else " (removed)")
            name += " (suspended)" if lee["suspended"] else ""
            leech_rows.append(
                (
                    name,
                    str(lee["number"] or ""),
                    lee["topic"],
                    str(lee["lapses"]),
                    str(lee["reviews"]),
                )
            )
        table = FittedTable(
            ("question", "#", "topic", "lapses", "reviews"),
            leech_rows,
            title=f"Leeches (forgotten {data['leech_lapses']}+ times)",
            justify=["left", "right", "left", "right", "right"],
        )
        out.print(table)
        more = len(data["leeches"]) - LEECHES_SHOWN
        if more > 0:
            out.print(f"... and {more} more leeches (all of them: {program()} stats --json)")
    else:
        out.print("Leeches: none")

    out.print(_forecast_chart(data["forecast"]))
    if data["interviews"]["count"]:
        out.print(_interviews(data["interviews"]))
    for part in _pictures(data):
        out.print(part)

    for key, label in (("by_family", "family"), ("by_template", "template")):
        if not data["drills"][key]:
            continue
        table = FittedTable(
            (label, "answers", "correct", "accuracy"),
            [
                (r[label], str(r["answers"]), str(r["correct"]), pct(r["accuracy"]))
                for r in data["drills"][key]
            ],
            title=f"Drills by {label}",
            justify=["left", "right", "right", "right"],
        )
        out.print(table)


def _interviews(data: dict[str, Any]) -> RenderableType:
    """The "Interviews" lines of `quiz stats`: count, mean score, the last 5 and the trend."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("Interviews", str(data["count"]))
    table.add_row("Mean score", "–" if data["mean_score"] is None else f"{data['mean_score']:.2f}")
    last = [r["mean_score"] for r in data["last_5"]]
    if last:
        arrow = " → ".join("–" if x is None else f"{x:.2f}" for x in last)
        table.add_row(f"Last {len(last)}", arrow + (f" ({data['trend']})" if data["trend"] else ""))
    return table


HEAT_STYLES = ("grey30", "#0e4429", "#006d32", "#26a641", "#39d353")  # GitHub's greens


def _pictures(data: dict[str, Any]) -> list[RenderableType]:
    """The review heatmap and the weekly retention sparkline: coloured blocks on a colour
    terminal, ASCII characters under NO_COLOR or when the output is not a terminal. Below the
    width 26 weeks need (57 columns) both show the latest weeks that fit."""
    from actloss_quiz import heatmap

    plain = out.no_color or not out.is_terminal or out.color_system is None
    width = out.width
    all_days = data["heatmap"]
    all_weeks = (len(all_days) + 6) // 7
    weeks = heatmap.weeks_that_fit(width, all_weeks)
    shown_days = all_days[7 * (all_weeks - weeks) :]  # the heatmap starts on a Monday
    grid = heatmap.heatmap_grid(shown_days)
    title = Text(
        f"Reviews per day, last {weeks} week{'s' if weeks != 1 else ''}: {grid.total} reviews, "
        f"busiest day {grid.peak}",
        style="bold",
    )
    lines = heatmap.grid_lines(grid, plain=plain)
    if plain:
        body = Text("\n".join(lines), no_wrap=True)
    else:
        body = Text(lines[0] + "\n", no_wrap=True)
        for weekday, row in enumerate(grid.rows):
            body.append(f"{heatmap.DAY_LABELS[weekday]:<4}")
            cells = [lv for lv in row if lv is not None]
            for i, lv in enumerate(cells):
                body.append((" " if i else "") + heatmap.BLOCK_SHADES[lv], style=HEAT_STYLES[lv])
            if weekday < 6:
                body.append("\n")
    shades = heatmap.PLAIN_SHADES if plain else heatmap.BLOCK_SHADES
    legend = Text("    less ")
    for lv in range(heatmap.LEVELS):
        legend.append(shades[lv], style="" if plain else HEAT_STYLES[lv])
        legend.append(" ")
    legend.append("more")
    return [title, body, legend, *_retention_lines(data["retention_by_week"], weeks, width, plain)]


def _retention_lines(
    by_week: list[dict[str, Any]], weeks: int, width: int, plain: bool
) -> list[Text]:
    """`True retention by week ▁▃▅█ 40%-90%, this week 85%`: the weeks the heatmap shows, on one
    line when it fits, else the numbers on a line of their own (fewer weeks if need be)."""
    from actloss_quiz import heatmap

    label = "True retention by week "
    values = heatmap.latest_that_fit([w["retention"] for w in by_week[-weeks:]], width - len(label))
    known = [v for v in values if v is not None]
    summary = (
        f"{pct(min(known))}-{pct(max(known))}, this week {pct(values[-1])}"
        if known
        else "no reviews yet"
    )
    spark = Text(label, style="bold")
    spark.append(heatmap.sparkline(values, plain=plain), style="" if plain else "cyan")
    if len(spark) + 1 + len(summary) <= width:
        spark.append(f" {summary}")
        return [spark]
    return [spark, Text(f"    {summary}")]


def _forecast_chart(forecast: list[dict[str, Any]], width: int = 40) -> RenderableType:
    """Due questions per day as horizontal Rich bars (no plotting library needed)."""
    peak = max((f["due"] for f in forecast), default=0)
    table = Table(
        title=f"Due in the next {len(forecast)} days",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    table.add_column(style="dim")
    table.add_column(justify="right")
    table.add_column()
    for i, f in enumerate(forecast):
        day = datetime.fromisoformat(f["date"])
        label = "today" if i == 0 else day.strftime("%a %m-%d")
        n = f["due"]
        bar = "█" * (round(width * n / peak) if peak else 0)
        if n and not bar:
            bar = "▏"
        table.add_row(label, str(n), Text(bar, style="cyan"))
    return table


def settings_table(values: dict[str, float | int | str], only: str | None = None) -> RenderableType:
    """`quiz config`: each setting with its value, valid range and meaning."""
    table = Table(title="Settings")
    table.add_column("setting", style="cyan")
    table.add_column("value", justify="right")
    table.add_column("valid")
    table.add_column("meaning")
    for name, spec in SETTINGS.items():
        if only is not None and name != only:
            continue
        table.add_row(name, str(values[name]), spec.valid_range(), as_typed(spec.help))
    return table
