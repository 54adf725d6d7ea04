"""Browsing the bank: `quiz list`, `quiz show`, `quiz validate` (no numpy unless a demo is shown)."""

import difflib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actloss_quiz.commands._common import check_filters, state_of
from actloss_quiz.console import out
from actloss_quiz.errors import BankError, QuizUsageError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from actloss_quiz.bank import Bank, Question

DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}
STATE_STYLE = {"new": "dim", "learning": "yellow", "review": "green", "relearning": "red"}

TopicOpt = Annotated[
    str | None, typer.Option("--topic", "-t", help="Only this topic (e.g. activation, loss).")
]
DifficultyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--difficulty",
        "-d",
        help="easy, medium or hard; a comma list or repeated.",
        show_default=False,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", help="Only questions with this tag (repeatable: all must match)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def difficulty_text(level: str) -> str:
    """Rich markup for a difficulty, coloured by level."""
    return f"[{DIFFICULTY_STYLE.get(level, 'white')}]{level}[/]"


def list_questions(
    ctx: typer.Context,
    topic: TopicOpt = None,
    difficulty: DifficultyOpt = None,
    tag: TagOpt = None,
    json_out: JsonOpt = False,
    progress: Annotated[
        bool,
        typer.Option("--progress", help="Add state, due, retrievability, reviews and lapses."),
    ] = False,
    due: Annotated[
        bool, typer.Option("--due", help="Only the questions due now (with progress).")
    ] = False,
) -> None:
    """List the questions in the bank, filtered by topic, difficulty and tag.

    Example: quiz list --topic loss --difficulty hard
    """
    state = state_of(ctx)
    bank = state.bank()
    topic, levels, tags = check_filters(bank, topic=topic, difficulty=difficulty, tag=tag)
    questions = bank.select(topic=topic, difficulties=levels, tags=tags)
    extra: dict[str, dict[str, Any]] = {}
    if progress or due:  # opens the database and imports fsrs, so only when asked
        from actloss_quiz.commands.session import PROGRESS_HEADERS, progress_cells, progress_of

        extra = progress_of(state.db_path(), questions)
        if due:
            questions = [q for q in questions if extra[q.id].pop("due_now")]
        for row in extra.values():
            row.pop("due_now", None)
    if json_out:
        rows = [
            {k: v for k, v in q.to_dict().items() if k in _LIST_KEYS} | extra.get(q.id, {})
            for q in questions
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not questions:
        from actloss_quiz.console import err

        err.print("No questions are due now." if due else "No questions match these filters.")
        return
    from actloss_quiz.tables import print_table

    title = f"{len(questions)} question{'s' if len(questions) != 1 else ''}"
    if extra:  # progress columns instead of the question text; the id takes the rest
        print_table(
            title,
            ["#", "topic", *PROGRESS_HEADERS, "id"],
            [[str(q.number), q.topic, *progress_cells(extra[q.id]), q.id] for q in questions],
            right=[0, 4, 5, 6],
            styles={2: lambda state: STATE_STYLE.get(state, ""), 7: lambda _: "cyan"},
        )
        return
    print_table(
        title,
        ["#", "id", "topic", "difficulty", "question"],
        [[str(q.number), q.id, q.topic, q.difficulty, q.question] for q in questions],
        right=[0],
        styles={1: lambda _: "cyan", 3: lambda level: DIFFICULTY_STYLE.get(level, "")},
    )


_LIST_KEYS = ("id", "number", "topic", "difficulty", "question", "tags", "formula")


def find_question(bank: "Bank", ref: str, topic: str | None = None) -> "Question":
    """Resolve an id or a number (optionally within a topic).

    Raises:
        QuizUsageError: unknown id (with the closest ids), or a number shared by several topics.
    """
    ref = ref.strip()
    if not ref:
        raise QuizUsageError("no question given; pass an id or a number (see 'quiz list')")
    if ref.isdigit():
        number = int(ref)
        matches = [
            q for q in bank.questions if q.number == number and (topic is None or q.topic == topic)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            numbers = sorted({q.number for q in bank.questions})
            span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none loaded"
            raise QuizUsageError(f"no question number {number} (numbers: {span})")
        listed = ", ".join(f"{q.id} ({q.topic})" for q in matches)
        raise QuizUsageError(
            f"number {number} matches questions in several topics: {listed}; "
            "give the id instead, or add --topic"
        )
    q = bank.by_id(ref)
    if q is not None and (topic is None or q.topic == topic):
        return q
    ids = [q.id for q in bank.questions]
    close = difflib.get_close_matches(ref, ids, n=3, cutoff=0.5)
    if not close:
        close = [i for i in ids if ref.lower() in i][:3]
    hint = f"; did you mean: {', '.join(close)}?" if close else "; see 'quiz list' for the ids"
    raise QuizUsageError(f"unknown question '{ref}'{hint}")


def question_panel(q: "Question", *, title: str | None = None) -> "RenderableType":
    """The question, answer, formula and key points as one panel."""
    from rich.console import Group
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [Text(q.question, style="bold"), Text("")]
    parts.append(Text.assemble(("Answer: ", "bold green"), q.answer))
    if q.formula:
        parts.append(Text.assemble(("Formula: ", "bold magenta"), q.formula))
    if q.key_points:
        parts.append(Text("Key points:", style="bold"))
        for point in q.key_points:
            parts.append(Text(f"  • {point.label}"))
    if q.tags:
        parts.append(Text.assemble(("Tags: ", "dim"), (", ".join(q.tags), "dim")))
    heading = title or (
        f"Q{q.number} · {escape(q.topic)} · {difficulty_text(q.difficulty)} · [cyan]{escape(q.id)}[/]"
    )
    return Panel(Group(*parts), title=heading, title_align="left", border_style="blue")


def demo_renderable(q: "Question") -> "RenderableType | None":
    """The question's live demo, computed by the engine (imports numpy)."""
    if not q.demo:
        return None
    from actloss_quiz.commands.demo import render_demo_view
    from actloss_quiz.engine.scenarios import question_demo

    return render_demo_view(question_demo(q.demo))


def show(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID_OR_NUMBER", help="A question id or number.")],
    topic: TopicOpt = None,
    json_out: JsonOpt = False,
    no_demo: Annotated[bool, typer.Option("--no-demo", help="Skip the live demo.")] = False,
) -> None:
    """Show a question with its answer, formula, key points and live demo.

    Example: quiz show 9
    """
    bank = state_of(ctx).bank()
    if topic is not None:
        check_filters(bank, topic=topic)
    q = find_question(bank, ref, topic)
    if json_out:
        print(json.dumps(q.to_dict(), ensure_ascii=False, indent=2))
        return
    out.print(question_panel(q))
    if not no_demo:
        demo = demo_renderable(q)
        if demo is not None:
            out.print(demo)


def demo_problems(bank: "Bank") -> list[str]:
    """Run every question's demo; each one that fails becomes a `path:line: id: ...` problem."""
    from actloss_quiz.engine.scenarios import question_demo
    from actloss_quiz.errors import QuizError

    problems = []
    for q in bank.questions:
        if not q.demo:
            continue
        try:
            question_demo(q.demo, deterministic=True)
        except QuizError as e:
            problems.append(f"{q.path}:{q.line}: {q.id}: demo does not run: {e}")
    return problems


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Extra bank files or folders to check.", show_default=False),
    ] = None,
) -> None:
    """Check the bundled bank plus the given files: schema, ids, numbers and every demo.

    Example: quiz validate my-bank.yaml
    """
    state = state_of(ctx)
    state.question_paths.extend(paths or [])
    bank = state.bank()
    problems = demo_problems(bank)
    if problems:
        raise BankError(problems)
    n, files = len(bank.questions), len(bank.files)
    out.print(
        f"{n} question{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}, "
        "0 problems"
    )
