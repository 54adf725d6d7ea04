"""The drill loop's events (`actloss_quiz.drills.runner`) and `quiz drill --list` as Rich output."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from actloss_quiz.drills.runner import (
    Answered,
    DrillResult,
    DrillSummary,
    Graded,
    NotANumber,
    Presented,
)
from actloss_quiz.drills.templates import LEVELS, Exercise, Template
from actloss_quiz.numbers import fixed as fmt_expected
from actloss_quiz.render.styles import DIFFICULTY_STYLE, duration, escape, view_of
from actloss_quiz.vocab import ENDED_NOTE

_VIEWS: dict[type, Callable[[Any], RenderableType]] = {
    Presented: lambda e: exercise_panel(e.exercise, e.position, e.total),
    Graded: lambda e: feedback(e.answered, e.decimals),
    NotANumber: lambda e: (
        f"'{escape(e.line)}' is not a number: type a decimal (0.25), a fraction (1/4) "
        "or scientific notation (2.5e-1); Enter skips, :q quits."
    ),
    DrillSummary: lambda e: summary_table(e.result, e.decimals),
}


def drill_view(event: Any) -> RenderableType:
    """The renderable for one thing the drill loop shows (a blank line passes through)."""
    return view_of(event, _VIEWS)


def exercise_panel(ex: Exercise, position: int, total: int) -> RenderableType:
    t = ex.template
    title = Text.assemble(
        (f"Drill {position}/{total}", "bold"),
        f" · {t.family} · ",
        (t.level, DIFFICULTY_STYLE[t.level]),
        f" · {t.name}",
    )
    return Panel(
        Text(ex.prompt, style="bold"), title=title, title_align="left", border_style="blue"
    )


def expected_text(ex: Exercise, decimals: int) -> str:
    shown = fmt_expected(ex.expected, decimals)
    full = f"{ex.expected:.10g}"
    return shown if float(full) == float(shown) else f"{shown} ({full})"


def worked_solution(ex: Exercise, decimals: int) -> RenderableType:
    lines = [f"{n}. {step}" for n, step in enumerate(ex.steps, 1)]
    lines.append(f"Answer: {expected_text(ex, decimals)}")
    return Panel(
        Text("\n".join(lines)),
        title="Worked solution",
        title_align="left",
        border_style="magenta",
    )


def feedback(a: Answered, decimals: int) -> RenderableType:
    expected = expected_text(a.exercise, decimals)
    if a.correct:
        return Text.assemble(("✓ Correct", "bold green"), f": {expected}")
    if a.given is None:
        head = Text.assemble(("Skipped", "bold yellow"), f": the answer is {expected}")
    else:
        head = Text.assemble(
            ("✗ Not quite", "bold red"), f": you gave {a.given}, the answer is {expected}"
        )
    return Group(head, worked_solution(a.exercise, decimals))


def summary_table(result: DrillResult, decimals: int) -> RenderableType:
    """One row per graded exercise, then correct count, accuracy and time."""
    table = Table(title="Drill summary", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("template", style="cyan", no_wrap=True)
    table.add_column("level")
    table.add_column("your answer", justify="right")
    table.add_column("expected", justify="right")
    table.add_column("result")
    for n, a in enumerate(result.answers, 1):
        level = a.exercise.template.level
        mark = (
            Text("✓", style="green")
            if a.correct
            else (Text("skipped", style="yellow") if a.given is None else Text("✗", style="red"))
        )
        table.add_row(
            str(n),
            a.exercise.template.name,
            Text(level, style=DIFFICULTY_STYLE[level]),
            a.given if a.given is not None else "-",  # plain text: never markup
            fmt_expected(a.exercise.expected, decimals),
            mark,
        )
    totals = Table(show_header=False, box=None)
    totals.add_column(style="bold")
    totals.add_column()
    answered = len(result.answers)
    totals.add_row("Exercises", f"{answered} of {result.total}{ENDED_NOTE[result.ended_by]}")
    pct = f" ({100 * result.correct / answered:.1f}%)" if answered else ""
    totals.add_row("Correct", f"{result.correct} of {answered}{pct}")
    if result.started_at and result.ended_at:
        totals.add_row("Time", duration((result.ended_at - result.started_at).total_seconds()))
    return Group(table, totals) if answered else totals


def templates_table(templates: Sequence[Template]) -> RenderableType:
    """`quiz drill --list`: one table per level."""
    tables = []
    for level in LEVELS:
        rows = [t for t in templates if t.level == level]
        if not rows:
            continue
        table = Table(
            title=f"{level} ({len(rows)})",
            title_justify="left",
            title_style=DIFFICULTY_STYLE[level],
        )
        table.add_column("name", style="cyan", no_wrap=True)
        table.add_column("family")
        table.add_column("topic")
        table.add_column("example", ratio=1)
        for t in rows:
            table.add_row(t.name, t.family, t.topic, t.example())
        tables.append(table)
    return Group(*tables)
