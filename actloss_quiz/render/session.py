"""The study session's events (`actloss_quiz.session`) as Rich output."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from rich.console import RenderableType
from rich.panel import Panel

from actloss_quiz import clock
from actloss_quiz.render.plan import readiness_moved
from actloss_quiz.render.question import (
    asking_panel,
    cut_notice,
    follow_up_asked_panel,
    follow_up_judged_panel,
    leech_message,
    reveal_panel,
    verdict_view,
)
from actloss_quiz.render.styles import (
    duration,
    escape,
    rating_markup,
    styled,
    view_of,
)
from actloss_quiz.review import AnswerCut, Leech
from actloss_quiz.session import (
    Asking,
    CapTrimmed,
    ComesBack,
    FollowUpAsked,
    FollowUpJudged,
    NoDemo,
    NoFollowUp,
    NotARating,
    NothingToUndo,
    NotRecorded,
    RatingNeeded,
    ReadinessMoved,
    Revealed,
    Scheduled,
    Summary,
    Tip,
    Undone,
    Verdict,
    cap_message,
)
from actloss_quiz.vocab import ENDED_NOTE, RATING_NAMES


def _scheduled(event: Scheduled) -> str:
    name = rating_markup(event.rating)
    if event.cram or event.due is None:
        return f"{name} recorded (cram: schedule unchanged)."
    return (
        f"{name}: back in {clock.humanize(event.due - event.now)} ({clock.local_text(event.due)})."
    )


_NAMES = ", ".join(RATING_NAMES.values())  # again, hard, good, easy

_VIEWS: dict[type, Callable[[Any], RenderableType]] = {
    Asking: lambda e: asking_panel(e.question, e.position, e.total, e.repeat),
    Verdict: lambda e: verdict_view(e.scored),
    NoDemo: lambda e: "[yellow]This question has no demo.[/]",
    NotRecorded: lambda e: f"[yellow]Q{e.number} was not rated: nothing was recorded for it.[/]",
    CapTrimmed: lambda e: f"[yellow]{escape(cap_message(e.left, e.new_per_day))}[/]",
    AnswerCut: lambda e: f"[yellow]{cut_notice(e.chars, e.limit)}[/]",
    Revealed: lambda e: reveal_panel(e.question, e.scored),
    FollowUpAsked: lambda e: follow_up_asked_panel(e.follow_up),
    FollowUpJudged: lambda e: follow_up_judged_panel(e.follow_up, e.scored),
    NoFollowUp: lambda e: "[yellow]This question has no follow-up.[/]",
    Scheduled: _scheduled,
    Leech: leech_message,
    ComesBack: lambda e: f"[dim]Q{e.number} comes back later in this session.[/]",
    Undone: lambda e: f"[yellow]Undid[/] {RATING_NAMES[e.rating]} on Q{e.number}; asking it again.",
    NothingToUndo: lambda e: "[yellow]Nothing to undo yet in this session.[/]",
    RatingNeeded: lambda e: f"Type 1-4 ({_NAMES}): no answer was typed to suggest one.",
    NotARating: lambda e: f"'{escape(e.line)}' is not a rating: type 1-4 or {_NAMES}.",
    Summary: lambda e: summary_table(e),
    ReadinessMoved: readiness_moved,
    Tip: lambda e: Panel(e.text, title="Tip", title_align="left", border_style="magenta"),
}


def session_view(event: Any) -> RenderableType:
    """The renderable for one thing the session loop shows (a demo or "" passes through)."""
    return view_of(event, _VIEWS)


def summary_table(summary: Summary) -> RenderableType:
    """Questions, ratings, mean answer score, time taken and the next due time."""
    result, plan = summary.result, summary.plan
    rated = result.rated
    counts = Counter(r.rating for r in rated)
    scores = [r.score for r in rated if r.score is not None]
    from rich.table import Table

    table = Table(title="Session summary", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    distinct = len({r.question.id for r in rated})
    table.add_row("Questions", f"{distinct} of {len(plan.questions)}{ENDED_NOTE[result.ended_by]}")
    if len(rated) > distinct:  # learning steps (or cram repeats) asked again
        table.add_row("Repeats", f"{len(rated) - distinct} ({len(rated)} reviews in all)")
    table.add_row(
        "Ratings",
        styled(" · ".join(f"{rating_markup(v)} {counts.get(v, 0)}" for v in RATING_NAMES)),
    )
    table.add_row(
        "Mean answer score",
        f"{sum(scores) / len(scores):.2f} ({len(scores)} typed)" if scores else "-",
    )
    if result.started_at and result.ended_at:
        table.add_row("Time", duration((result.ended_at - result.started_at).total_seconds()))
    due = summary.next_due
    if due is not None:
        now = summary.now
        rel = "now" if due <= now else f"in {clock.humanize(due - now)}"
        table.add_row("Next due", f"{clock.local_text(due)} ({rel})")
    return table
