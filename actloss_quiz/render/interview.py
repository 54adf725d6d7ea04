"""Rich views of `quiz interview`: the question header, elapsed time, the report card.

`printer` maps each event of `actloss_quiz.interview` (and the shared `review.AnswerCut` and
`review.Leech`) to its view, like `render.session` and `render.drill` do for theirs; every view
takes plain data and returns something a Rich console prints (Rich is imported inside, so
importing this module costs nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from actloss_quiz.clock import mmss
from actloss_quiz.interview import (
    Elapsed,
    FollowUpAsked,
    KeyPointList,
    ModelAnswer,
    Note,
    QuestionAsked,
    RecordedReviews,
    ReportCard,
    StudyCommand,
)
from actloss_quiz.interview.report import AnswerSide, suggestion_text
from actloss_quiz.render.question import cut_notice, leech_message
from actloss_quiz.render.styles import DIFFICULTY_STYLE, view_of
from actloss_quiz.review import AnswerCut, Leech
from actloss_quiz.vocab import ENDED_NOTE, RATING_NAMES, program

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from actloss_quiz.bank import Question
    from actloss_quiz.interview import Answer


def _score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    return "green" if score >= 0.75 else "yellow" if score >= 0.4 else "red"


def _score(score: float | None) -> Any:
    from rich.text import Text

    return Text("–" if score is None else f"{score:.2f}", style=_score_style(score))


def question(q: Question, position: int, total: int, budget: float, left: float) -> Any:
    """`1/6 · Q3 · activation · medium`, the question, its budget and the time left overall."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    title = Text.assemble(
        (f"{position}/{total}", "bold"),
        f" · Q{q.number} · {q.topic} · ",
        (q.difficulty, DIFFICULTY_STYLE.get(q.difficulty, "white")),
    )
    clock_line = Text.assemble(
        ("Budget ", "dim"),
        (mmss(budget), "bold"),
        ("  ·  ", "dim"),
        (f"{mmss(left)} left overall", "dim")
        if left >= 0
        else (f"{mmss(-left)} over overall", "red"),
    )
    return Panel(
        Group(Text(q.question, style="bold"), clock_line),
        title=title,
        title_align="left",
        border_style="blue",
    )


def follow_up(text: str, budget: float) -> Any:
    """The interviewer's follow-up and its budget."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    return Panel(
        Group(Text(text, style="bold"), Text.assemble(("Budget ", "dim"), (mmss(budget), "bold"))),
        title="Follow-up",
        title_align="left",
        border_style="magenta",
    )


def elapsed(seconds: float, budget: float) -> Any:
    """`Time: 1:42 of 2:00`, with how far over when it went over."""
    from rich.text import Text

    over = seconds - budget
    text = Text.assemble(("Time: ", "bold"), f"{mmss(seconds)} of {mmss(budget)}")
    if round(over) > 0:
        text.append(f" ({mmss(over)} over)", style="red")
    return text


def key_point_list(labels: Sequence[str]) -> Any:
    """The numbered key points a speaker ticks after answering aloud."""
    from rich.text import Text

    text = Text("Which of these did you say?\n", style="bold")
    for i, label in enumerate(labels, 1):
        text.append(f"  {i}. {label}\n")
    text.rstrip()
    return text


def note(text: str) -> Any:
    from rich.text import Text

    return Text(text, style="yellow")


def answer_side(side: AnswerSide) -> Any:
    """One answer of the report card: the candidate's answer beside the model answer (side by
    side when there is room, one above the other when not), the suggestion, what was missed."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    said = Text("(spoken)", style="dim") if side.said is None else Text(side.said or "–")
    pair = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
    pair.add_column("your answer", ratio=1, style="", header_style="bold")
    pair.add_column("model answer", ratio=1, header_style="bold green")
    pair.add_row(said, Text(side.model_answer.strip()))
    head = Text.assemble(
        (f"{side.label}: ", "bold"),
        side.asked,
        (f"  {suggestion_text(side.score, side.suggested_rating)}", "bold"),
    )
    parts: list[Any] = [head, Padding(pair, (0, 0, 0, 2))]
    if side.missed:
        parts.append(Text.assemble(("  missed: ", "yellow"), "; ".join(side.missed)))
    for claim, fix in side.misconceptions:
        parts.append(Text.assemble(("  ✗ misconception: ", "red"), claim, ". ", (fix, "green")))
    return Group(*parts)


def report_card(card: ReportCard) -> Any:
    """The per-question table, misconceptions, where you stand and the study plan."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = []
    n = len(card.lines)
    if n:
        table = Table(title="Report card", title_justify="left", expand=False)
        table.add_column("#", justify="right")
        table.add_column("question", max_width=34)
        table.add_column("score", justify="right")
        table.add_column("time")
        table.add_column("core points missed", max_width=30)
        table.add_column("follow-up")
        for ln in card.lines:
            q = ln.question
            time_text = Text(
                f"{mmss(ln.seconds)} of {mmss(ln.budget)}", style="red" if ln.over else ""
            )
            fu: Any = Text("–", style="dim")
            if ln.follow_up is not None:
                assert ln.follow_up_seconds is not None and ln.follow_up_budget is not None
                fu = Text.assemble(
                    _score(ln.follow_up_score),
                    (
                        f" {mmss(ln.follow_up_seconds)} of {mmss(ln.follow_up_budget)}",
                        "red" if ln.follow_up_seconds > ln.follow_up_budget else "dim",
                    ),
                )
            table.add_row(
                str(ln.position),
                Text.assemble((f"Q{q.number} ", "bold"), q.question, (f" ({q.difficulty})", "dim")),
                _score(ln.score)
                + (f" {RATING_NAMES[ln.suggested_rating]}" if ln.suggested_rating else ""),
                time_text,
                "; ".join(ln.core_missed) or Text("–", style="dim"),
                fu,
            )
        parts.append(table)
    else:
        parts.append(Text("No question was answered.", style="yellow"))

    for ln in card.lines:
        parts.extend(answer_side(side) for side in ln.answers())

    notes = [
        (ln, claim, fix)
        for ln in card.lines
        for claim, fix in (*ln.misconceptions, *ln.follow_up_misconceptions)
    ]
    if notes:
        parts.append(Text("Misconceptions", style="bold"))
        for ln, claim, fix in notes:
            parts.append(
                Text.assemble(f"  Q{ln.question.number}: ", (claim, "red"), ". ", (fix, "green"))
            )

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Answered", f"{n} of {card.planned}{ENDED_NOTE[card.ended_by]}")
    head.add_row("Mean score", _score(card.mean_score))
    if card.follow_up_mean is not None:
        head.add_row("Follow-ups", _score(card.follow_up_mean))
    head.add_row("In time", f"{card.in_time} of {n}")
    head.add_row("Time", f"{mmss(card.seconds)} of {mmss(card.total_budget)}")
    for label, g in (
        ("Weakest topic", card.weakest_topic),
        ("Weakest level", card.weakest_difficulty),
    ):
        if g is not None:
            head.add_row(label, f"{g.name} (mean {g.mean_score:.2f} over {g.answers})")
    parts.append(head)

    if card.study:
        plan = Text("Study plan: review next ", style="bold")
        plan.append(", ".join(f"Q{q.number} {q.id}" for q in card.study), style="")
        parts.append(plan)
    elif card.lines:
        parts.append(
            Text(f"Study plan: every answer was good; try {program()} interview --difficulty hard.")
        )
    return Group(*parts)


class Unwrapped(Struct, frozen=True):
    """Text printed as one line whatever the terminal width (a command to copy and paste)."""

    text: str
    style: str = ""


def study_command(command: str) -> Unwrapped:
    """The study plan's `quiz start` command, indented, never wrapped or cropped."""
    return Unwrapped(f"  {command}", "cyan")


_VIEWS: dict[type, Callable[[Any], Any]] = {
    QuestionAsked: lambda e: question(e.question, e.position, e.total, e.budget, e.left),
    FollowUpAsked: lambda e: follow_up(e.text, e.budget),
    Elapsed: lambda e: elapsed(e.seconds, e.budget),
    KeyPointList: lambda e: key_point_list(e.labels),
    Note: lambda e: note(e.text),
    AnswerCut: lambda e: note(cut_notice(e.chars, e.limit)),
    ReportCard: lambda e: report_card(e),
    StudyCommand: lambda e: study_command(e.command),
    ModelAnswer: lambda e: model_answer(e.answer),
    RecordedReviews: lambda e: recorded(e.done),
    Leech: leech_message,
}


def interview_view(event: Any) -> RenderableType | Unwrapped:
    """The view of an interview event ("" and anything else: as it is)."""
    return view_of(event, _VIEWS)


def printer(console: Console) -> Callable[[Any], None]:
    """A `render` callable for the interview loop that prints each event's view to `console`."""

    def render(event: Any) -> None:
        view = interview_view(event)
        if isinstance(view, Unwrapped):
            console.print(view.text, style=view.style, soft_wrap=True, markup=False)
        else:
            console.print(view)

    return render


def model_answer(a: Answer) -> Any:
    """A weak answer's model answer and the key points it missed."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [Text(a.asked, style="bold"), Text(a.model_answer.strip())]
    missed = [p.point for p in (a.verdict.points if a.verdict else ()) if not p.covered]
    if missed:
        parts.append(Text.assemble(("Missed: ", "bold red"), "; ".join(missed)))
    label = "Follow-up" if a.kind == "follow-up" else f"Q{a.question.number}"
    return Panel(
        Group(*parts), title=f"Model answer · {label}", title_align="left", border_style="green"
    )


def recorded(done: Sequence[tuple[Question, int, datetime]]) -> Any:
    """What recording did: each question's rating and when it comes back."""
    from rich.text import Text

    from actloss_quiz import clock

    text = Text(
        f"Recorded {len(done)} review{'s' if len(done) != 1 else ''} in your schedule:",
        style="bold",
    )
    for q, rating, due in done:
        text.append(f"\n  Q{q.number} {q.id}: {RATING_NAMES[rating]}, back {clock.local_text(due)}")
    return text
