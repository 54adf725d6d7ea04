"""`quiz list`: the questions as a table, with or without progress columns."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from actloss_quiz import clock
from actloss_quiz.render.styles import DIFFICULTY_STYLE, STATE_STYLE
from actloss_quiz.render.tables import print_table
from actloss_quiz.vocab import plural

if TYPE_CHECKING:
    from actloss_quiz.bank import Question

PROGRESS_HEADERS = ["state", "due", "recall", "reviews", "lapses"]


def progress_cells(row: dict[str, Any], now: datetime) -> list[str]:
    """The progress columns of `quiz list --progress` as table cells (due relative to now).

    Relative times ("in 9 days", "2 h ago") keep the table inside 80 columns; `--json` has the
    exact ISO times.
    """
    due = "-"
    if row["due"]:
        delta = clock.parse_iso(row["due"]) - now
        due = (
            f"in {clock.humanize(delta)}"
            if delta.total_seconds() > 0
            else f"{clock.humanize(-delta)} ago"
        )
    r = row["retrievability"]
    return [
        row["state"],
        due,
        "-" if r is None else f"{r:.2f}",
        str(row["reviews"]),
        str(row["lapses"]),
    ]


def print_questions(
    questions: Sequence[Question], progress: dict[str, dict[str, Any]], now: datetime
) -> None:
    """The listing; with `progress`, progress columns instead of the question text."""
    title = plural(len(questions), "question")
    if progress:  # the id takes the rest of the width
        print_table(
            title,
            ["#", "topic", *PROGRESS_HEADERS, "id"],
            [
                [str(q.number), q.topic, *progress_cells(progress[q.id], now), q.id]
                for q in questions
            ],
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
