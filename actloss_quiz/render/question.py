"""A question as panels: the full card (`quiz show`), the prompt and the reveal of a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from actloss_quiz.render.styles import DIFFICULTY_STYLE, RATING_STYLE, difficulty_markup, escape
from actloss_quiz.scheduler import RATING_NAMES

if TYPE_CHECKING:
    from actloss_quiz.bank import Question
    from actloss_quiz.scoring import Judgement


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
    return Panel(Group(*parts), title="Model answer", title_align="left", border_style="green")
