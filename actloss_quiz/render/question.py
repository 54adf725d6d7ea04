"""A question as panels: the full card (`quiz show`), the prompt and the reveal of a session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.text import Text

from actloss_quiz.console import safe_rich_text
from actloss_quiz.render.styles import (
    DIFFICULTY_STYLE,
    RATING_STYLE,
    difficulty_markup,
    escape,
    styled,
)
from actloss_quiz.vocab import RATING_NAMES, program

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement

    from actloss_quiz.bank import FollowUp, Question
    from actloss_quiz.review import Leech
    from actloss_quiz.scoring import ExampleResult, FormulaResult, Judgement, PointResult

FOLLOW_UP_LEAD = "An interviewer may follow up: "


class Hanging:
    """A marked line whose wrapped lines stand under its text, not under its marker:

        ✗ Universal approximation needs a bounded or sigmoid-like activation (ReLU
          networks are not universal)

    (a Text would wrap back to the panel's edge, a table costs an import before a first
    question)."""

    def __init__(self, marker: Text, body: Text) -> None:
        # (escaped before it is wrapped: its lines are segments no console re-reads)
        self.marker, self.body = marker, safe_rich_text(body)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        indent = self.marker.cell_len
        width = options.max_width - indent
        if width < 10:  # too narrow to indent: wrap as one text
            yield Text.assemble(self.marker, self.body)
            return
        # Segments, not a Text per line: Rich would wrap each line again (a card has 100).
        from rich.segment import Segment

        pad = Text(" " * indent)
        end = Segment.line()
        for i, line in enumerate(self.body.wrap(console, width)):
            line.rstrip()
            yield from Text.assemble(self.marker if i == 0 else pad, line).render(console)
            yield end

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        body = Measurement.get(console, options, self.body)
        indent = self.marker.cell_len
        return Measurement(body.minimum + indent, body.maximum + indent)


def _answer_parts(q: Question) -> list[RenderableType]:
    parts: list[RenderableType] = [Text.assemble(("Answer: ", "bold green"), q.answer)]
    if q.formula:
        parts.append(Text.assemble(("Formula: ", "bold magenta"), q.formula))
    return parts


def _key_point_list(q: Question | FollowUp) -> list[RenderableType]:
    """The key points, the core ones marked `[core]` (the judge's must-haves)."""
    lines = [
        Hanging(Text("  • "), Text.assemble(("[core] ", "bold") if p.core else "", p.label))
        for p in q.key_points
    ]
    return [Text("Key points:", style="bold"), *lines]


def _misconception_list(q: Question | FollowUp) -> list[RenderableType]:
    """The wrong claims the judge looks for, each with its correction."""
    if not q.misconceptions:
        return []
    parts: list[RenderableType] = [Text("Misconceptions the judge catches:", style="bold")]
    for m in q.misconceptions:
        parts.append(Hanging(Text("  ✗ "), Text(m.claim, style="red")))
        parts.append(Padding(Text(m.correction, style="italic"), (0, 0, 0, 4)))
    return parts


def question_card(q: Question, *, title: str | None = None) -> RenderableType:
    """The question, answer, formula, key points (core ones marked), the misconceptions with
    their corrections, the follow-ups and tags as one panel (`quiz show`)."""
    parts: list[RenderableType] = [Text(q.question, style="bold"), Text(""), *_answer_parts(q)]
    if q.key_points:
        parts.extend(_key_point_list(q))
    parts.extend(_misconception_list(q))
    if q.follow_ups:
        parts.append(Text("Follow-ups:", style="bold"))
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", width=4)
        grid.add_column()
        for i, fu in enumerate(q.follow_ups, 1):
            grid.add_row(Text(f"{i}.", style="bold"), Text(fu.question, style="bold"))
            grid.add_row("", Text(fu.answer))
        parts.append(grid)
    if q.tags:
        parts.append(Text.assemble(("Tags: ", "dim"), (", ".join(q.tags), "dim")))
    heading = title or styled(
        f"Q{q.number} · {escape(q.topic)} · {difficulty_markup(q.difficulty)} · [cyan]{escape(q.id)}[/]"
    )
    return Panel(Group(*parts), title=heading, title_align="left", border_style="blue")


def asking_panel(q: Question, position: int, total: int, repeat: int = 0) -> RenderableType:
    """The question alone, headed by its place in the session: `3/5` (the third of five
    planned questions), or `repeat 2 · 4/5 done` for a learning step asked again."""
    place = f"repeat {repeat} · {position}/{total} done" if repeat else f"{position}/{total}"
    title = Text.assemble(
        (place, "bold"),
        f" · Q{q.number} · {q.topic} · ",
        (q.difficulty, DIFFICULTY_STYLE.get(q.difficulty, "white")),
    )
    return Panel(
        Text(q.question, style="bold"), title=title, title_align="left", border_style="blue"
    )


def leech_message(event: Leech) -> str:
    """A new leech, as our markup: forgotten N times, and suspended or what to do."""
    q = event.question
    if event.suspended:
        return (
            f"[red]Leech:[/] Q{q.number} has been forgotten {event.lapses} times and is now "
            f"suspended ({program()} unsuspend {escape(q.id)} brings it back)."
        )
    return (
        f"[red]Leech:[/] Q{q.number} has been forgotten {event.lapses} times; "
        f"rewrite it or its answer in your own words ({program()} stats lists the leeches)."
    )


def cut_notice(chars: int, limit: int) -> str:
    """The one-line notice for an answer longer than the scorer reads."""
    return f"Your answer has {chars:,} characters; only the first {limit:,} are judged and kept."


def _point_line(p: PointResult, *, show_matched: bool) -> Hanging:
    mark = Text("  ✓ ", "green") if p.covered else Text("  ✗ ", "red")
    line = Text.assemble(("[core] ", "bold") if p.core else "")
    line.append(p.point, style="" if p.covered else "dim")
    if show_matched and p.matched is not None:
        line.append(f'  ← "{p.matched}"', style="cyan")
        if p.loose:
            line.append("  (its words, apart)", "dim")
    if p.subject is not None and (show_matched or not p.covered):
        # covered: what it was said about; missed: said only about another thing
        line.append(f"  (about {p.subject})" if p.covered else f"  (said of {p.subject})", "dim")
    return Hanging(mark, line)


def _formula_note(f: FormulaResult) -> str:
    at = f" at {f.at}" if f.at not in (None, "") else ""
    if f.got is None or f.want is None:
        return f"{f.found}{at}"
    return f"{f.found}{at} gives {f.got:.6g}, the reference {f.want:.6g}"


def judgement_parts(
    j: Judgement, *, show_matched: bool = False, verdict: bool = True
) -> list[RenderableType]:
    """Key points ticked or crossed (core marked), asserted misconceptions with their
    corrections, then (`verdict`) the score with the suggested rating and the reasons.

    `show_matched` adds the phrasing that matched each covered point (`quiz grade`).
    """
    parts: list[RenderableType] = []
    if j.points:
        parts.append(Text("Key points:", style="bold"))
        parts.extend(_point_line(p, show_matched=show_matched) for p in j.points)
    for m in j.misconceptions:
        parts.append(Text.assemble(("✗ misconception: ", "bold red"), m.claim))
        parts.append(Padding(Text(m.correction, style="italic"), (0, 0, 0, 4)))
    for c in j.contradictions:
        parts.append(Text.assemble(("✗ contradicts: ", "bold red"), c.point))
        parts.append(Padding(Text(f'you said: "{c.said}"', style="italic"), (0, 0, 0, 4)))
    for f in j.formulas:
        if f.status == "differs":
            parts.append(Text.assemble(("✗ formula differs: ", "bold red"), f.point))
            parts.append(Padding(Text(_formula_note(f), style="italic"), (0, 0, 0, 4)))
        elif show_matched:
            parts.append(Text.assemble(("✓ formula equal: ", "green"), f"{f.point} ← {f.found}"))
    if verdict:
        parts.extend(verdict_parts(j))
    return parts


def verdict_parts(j: Judgement) -> list[RenderableType]:
    """`Score: 0.60 (3/5 key points) → suggested: good` and `Why: ...`."""
    return [
        Text.assemble(
            ("Score: ", "bold"),
            f"{j.score:.2f}",
            f" ({len(j.covered)}/{len(j.points)} key points) → suggested: ",
            (RATING_NAMES[j.suggested_rating], f"bold {RATING_STYLE[j.suggested_rating]}"),
        ),
        Text.assemble(("Why: ", "bold"), "; ".join(j.reasons)),
    ]


def verdict_view(j: Judgement | None) -> RenderableType:
    """The verdict of a session's reveal, outside the panel, so it sits directly above the
    rating prompt whatever scrolled before it."""
    if j is None:
        return Text("Nothing typed: rate how well you knew it (1-4).", style="bold")
    return Group(*verdict_parts(j))


def reveal_panel(q: Question, scored: Judgement | None) -> RenderableType:
    """The model answer and formula; for a typed answer, its key points and misconceptions
    (`judgement_parts` without the verdict, which `verdict_view` shows below the panel)."""
    parts = _answer_parts(q)
    if scored is not None:
        parts.extend(judgement_parts(scored, verdict=False))
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


def grade_panel(q: Question, j: Judgement) -> RenderableType:
    """`quiz grade`: the question, then the judgement with the phrasing that matched each point."""
    parts: list[RenderableType] = [Text(q.question, style="bold"), Text("")]
    parts.extend(judgement_parts(j, show_matched=True))
    title = Text.assemble(f"Q{q.number} · {q.topic} · ", (q.id, "cyan"))
    return Panel(Group(*parts), title=title, title_align="left", border_style="blue")


def follow_up_asked_panel(fu: FollowUp) -> RenderableType:
    """The follow-up question alone, as the interviewer asks it."""
    return Panel(
        Text(fu.question, style="bold"),
        title="Follow-up (practice: the rating is still to come)",
        title_align="left",
        border_style="cyan",
    )


def follow_up_judged_panel(fu: FollowUp, scored: Judgement | None) -> RenderableType:
    """The follow-up's model answer and, for a typed answer, its judgement
    (`judgement_parts`); practice only, so the schedule is unchanged."""
    parts: list[RenderableType] = [Text.assemble(("Answer: ", "bold green"), fu.answer)]
    if scored is not None:
        parts.extend(judgement_parts(scored))
        parts.append(Text("Practice only (the schedule is unchanged).", style="dim"))
    elif fu.key_points:
        parts.extend(_key_point_list(fu))
    return Panel(Group(*parts), title="Follow-up answer", title_align="left", border_style="cyan")


def judging_panel(
    q: Question, examples: list[ExampleResult], model: list[tuple[str, Judgement]]
) -> RenderableType:
    """`quiz show --judging`: the subject, each key point's formula, every example with whether
    it passes, and how the model answers (main and follow-ups) are judged."""
    parts: list[RenderableType] = []
    subjects = [("", q.subject)] + [
        (f"follow-up {i}: ", fu.subject) for i, fu in enumerate(q.follow_ups, 1)
    ]
    for where, subject in subjects:
        if subject:
            parts.append(Text.assemble((f"{where}subject: ", "bold"), ", ".join(subject)))
    for kp in q.key_points:
        if kp.formula:
            parts.append(Text.assemble(("formula: ", "bold"), f"{kp.label} = {kp.formula}"))
    if examples:
        parts.append(Text("Examples:", style="bold"))
    for r in examples:
        mark = ("  ✓ ", "green") if r.ok else ("  ✗ ", "bold red")
        want = "matches" if r.should else "does not match"
        parts.append(
            Text.assemble(mark, f"{r.where}{r.what} ({r.label}) {want}: ", (r.sentence, "italic"))
        )
    for name, j in model:
        parts.append(Text.assemble(("Model answer", "bold"), f"{name}: "))
        parts.extend(Padding(x, (0, 0, 0, 2)) for x in judgement_parts(j, show_matched=True))
    if not parts:
        parts.append(Text("No judging data.", style="dim"))
    passed = sum(r.ok for r in examples)
    title = f"Judging · {passed}/{len(examples)} examples pass" if examples else "Judging"
    return Panel(Group(*parts), title=title, title_align="left", border_style="magenta")
