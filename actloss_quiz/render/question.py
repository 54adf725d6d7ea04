"""A question as panels: the full card (`quiz show`), the prompt and the reveal of a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from actloss_quiz.render.styles import DIFFICULTY_STYLE, RATING_STYLE, difficulty_markup, escape
from actloss_quiz.scheduler import RATING_NAMES

if TYPE_CHECKING:
    from actloss_quiz.bank import FollowUp, Question
    from actloss_quiz.scoring import Judgement

FOLLOW_UP_LEAD = "An interviewer may follow up: "


def _answer_parts(q: Question) -> list[RenderableType]:
    parts: list[RenderableType] = [Text.assemble(("Answer: ", "bold green"), q.answer)]
    if q.formula:
        parts.append(Text.assemble(("Formula: ", "bold magenta"), q.formula))
    return parts


def _key_point_list(q: Question) -> list[RenderableType]:
    return [Text("Key points:", style="bold"), *(Text(f"  • {p.label}") for p in q.key_points)]


def question_card(q: Question, *, title: str | None = None) -> RenderableType:
    """The question, answer, formula, key points and tags as one panel (`quiz show`)."""
    parts: list[RenderableType] = [Text(q.question, style="bold"), Text(""), *_answer_parts(q)]
    if q.key_points:
        parts.extend(_key_point_list(q))
    if q.follow_ups:
        parts.append(Text("Follow-ups:", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", width=4)
        grid.add_column()
        for i, fu in enumerate(q.follow_ups, 1):
            grid.add_row(Text(f"{i}.", style="bold"), Text(fu.question, style="bold"))
            grid.add_row("", Text(fu.answer))
        parts.append(grid)
    if q.tags:
        parts.append(Text.assemble(("Tags: ", "dim"), (", ".join(q.tags), "dim")))
    heading = title or (
        f"Q{q.number} · {escape(q.topic)} · {difficulty_markup(q.difficulty)} · [cyan]{escape(q.id)}[/]"
    )
    return Panel(Group(*parts), title=heading, title_align="left", border_style="blue")


def asking_panel(q: Question, position: int, total: int) -> RenderableType:
    """The question alone, headed by its place in the session."""
    title = Text.assemble(
        (f"{position}/{total}", "bold"),
        f" · Q{q.number} · {q.topic} · ",
        (q.difficulty, DIFFICULTY_STYLE.get(q.difficulty, "white")),
    )
    return Panel(
        Text(q.question, style="bold"), title=title, title_align="left", border_style="blue"
    )


def reveal_panel(q: Question, scored: Judgement | None) -> RenderableType:
    """The model answer, formula and, for a typed answer, the key points ticked or crossed."""
    parts = _answer_parts(q)
    if scored is not None:
        parts.append(Text("Key points:", style="bold"))
        for name, hit in ((p.point, p.covered) for p in scored.points):
            mark = ("  ✓ ", "green") if hit else ("  ✗ ", "red")
            parts.append(Text.assemble(mark, (name, "" if hit else "dim")))
        suggestion = RATING_NAMES[scored.suggested_rating]
        parts.append(
            Text.assemble(
                ("Score: ", "bold"),
                f"{scored.score:.2f}",
                f" ({len(scored.covered)}/{len(scored.points)} key points) → suggested: ",
                (suggestion, f"bold {RATING_STYLE[scored.suggested_rating]}"),
            )
        )
    elif q.key_points:
        parts.extend(_key_point_list(q))
    if q.follow_ups:
        parts.append(
            Text.assemble(
                (FOLLOW_UP_LEAD, "bold cyan"),
                q.follow_ups[0].question,
                (" (:f at the rating prompt to answer it)", "dim"),
            )
        )
    return Panel(Group(*parts), title="Model answer", title_align="left", border_style="green")


def follow_up_asked_panel(fu: FollowUp) -> RenderableType:
    """The follow-up question alone, as the interviewer asks it."""
    return Panel(
        Text(fu.question, style="bold"),
        title="Follow-up (practice: the rating is still to come)",
        title_align="left",
        border_style="cyan",
    )


def follow_up_judged_panel(fu: FollowUp, scored: Judgement | None) -> RenderableType:
    """The follow-up's model answer and, for a typed answer, its key points, any misconception
    it asserts (with the correction) and its score; the question's rating is asked next."""
    parts: list[RenderableType] = [Text.assemble(("Answer: ", "bold green"), fu.answer)]
    if scored is not None:
        parts.append(Text("Key points:", style="bold"))
        for point in scored.points:
            mark = ("  ✓ ", "green") if point.covered else ("  ✗ ", "red")
            parts.append(Text.assemble(mark, (point.point, "" if point.covered else "dim")))
        for m in scored.misconceptions:
            parts.append(Text.assemble(("  ✗ Misconception: ", "bold red"), m.claim))
            parts.append(Padding(Text(m.correction), (0, 0, 0, 4)))
        parts.append(
            Text.assemble(
                ("Score: ", "bold"),
                f"{scored.score:.2f}",
                f" ({len(scored.covered)}/{len(scored.points)} key points) → would be: ",
                (
                    RATING_NAMES[scored.suggested_rating],
                    f"bold {RATING_STYLE[scored.suggested_rating]}",
                ),
                (" (the schedule is unchanged)", "dim"),
            )
        )
    elif fu.key_points:
        parts.append(Text("Key points:", style="bold"))
        parts.extend(Text(f"  • {p.label}") for p in fu.key_points)
    return Panel(Group(*parts), title="Follow-up answer", title_align="left", border_style="cyan")
