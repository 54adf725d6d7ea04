"""`quiz stats` and `quiz config` as Rich tables and bars."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from actloss_quiz.console import out
from actloss_quiz.render.styles import pct
from actloss_quiz.session import SETTINGS
from actloss_quiz.stats import LEECH_LAPSES

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
    if data["drills"]["answers"]:
        d = data["drills"]
        head.add_row("Drill accuracy", f"{pct(d['accuracy'])} of {d['answers']} answers")
    out.print(head)

    for kind, rows in (("topic", data["by_topic"]), ("difficulty", data["by_difficulty"])):
        table = Table(title=f"By {kind}", title_justify="left")
        table.add_column(kind)
        for col in ("questions", "seen", "due now", "reviews", "correct", "knowledge"):
            table.add_column(col, justify="right")
        for r in rows:
            table.add_row(
                r[kind],
                str(r["questions"]),
                str(r["seen"]),
                str(r["due_now"]),
                str(r["reviews"]),
                pct(r["correct_rate"]),
                pct(r["mean_retrievability"]),
            )
        out.print(table)

    if data["leeches"]:
        table = Table(title=f"Leeches (forgotten {LEECH_LAPSES}+ times)", title_justify="left")
        for col in ("question", "#", "topic", "lapses", "reviews"):
            table.add_column(col, justify="right" if col in ("#", "lapses", "reviews") else "left")
        for lee in data["leeches"][:LEECHES_SHOWN]:
            name = lee["question_id"] + ("" if lee["in_bank"] else " (removed)")
            table.add_row(
                name,
                str(lee["number"] or ""),
                lee["topic"],
                str(lee["lapses"]),
                str(lee["reviews"]),
            )
        out.print(table)
        more = len(data["leeches"]) - LEECHES_SHOWN
        if more > 0:
            out.print(f"... and {more} more leeches (all of them: quiz stats --json)")
    else:
        out.print("Leeches: none")

    out.print(_forecast_chart(data["forecast"]))
    if data["interviews"]["count"]:
        out.print(_interviews(data["interviews"]))

    for key, label in (("by_family", "family"), ("by_template", "template")):
        if not data["drills"][key]:
            continue
        table = Table(title=f"Drills by {label}", title_justify="left")
        table.add_column(label)
        for col in ("answers", "correct", "accuracy"):
            table.add_column(col, justify="right")
        for r in data["drills"][key]:
            table.add_row(r[label], str(r["answers"]), str(r["correct"]), pct(r["accuracy"]))
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


def settings_table(values: dict[str, float | int], only: str | None = None) -> RenderableType:
    """`quiz config`: each setting with its value, valid range and meaning."""
    table = Table(title="Settings")
    table.add_column("setting", style="cyan")
    table.add_column("value", justify="right")
    table.add_column("valid")
    table.add_column("meaning")
    for name, spec in SETTINGS.items():
        if only is not None and name != only:
            continue
        table.add_row(name, str(values[name]), spec.valid_range(), spec.help)
    return table
