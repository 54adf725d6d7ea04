"""The drill loop: ask, grade, store each answer before the next prompt, summarise.

`run_drill` talks to the outside only through `prompt(text) -> line` (raises EOFError at end of
input, KeyboardInterrupt on Ctrl-C) and `render(event)`, and reads the time from
`actloss_quiz.clock.now`, like the study session loop; `actloss_quiz.loop` is the plumbing they
share. The events are plain data;
`actloss_quiz.render.drill` draws them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from msgspec import Struct, field

from actloss_quiz import clock, store
from actloss_quiz.drills.grading import DEFAULT_DECIMALS, grade, parse_answer
from actloss_quiz.drills.templates import Exercise
from actloss_quiz.loop import Prompt, Quit, Render, guarded, is_quit

ANSWER_PROMPT = "Your answer (Enter to skip, :q to quit) > "


class Answered(Struct):
    """One graded exercise (given None: skipped)."""

    exercise: Exercise
    given: str | None
    value: float | None
    correct: bool
    seconds: float


class DrillResult(Struct):
    session_id: int
    ended_by: str  # finished, quit, interrupted
    exit_code: int
    total: int
    answers: list[Answered] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)


class Presented(Struct, frozen=True):
    """An exercise is about to be asked."""

    exercise: Exercise
    position: int
    total: int


class Graded(Struct, frozen=True):
    """An answer was graded (and stored)."""

    answered: Answered
    decimals: int


class NotANumber(Struct, frozen=True):
    """A line that is not a number (asked again)."""

    line: str


class DrillSummary(Struct, frozen=True):
    """The end of a drill."""

    result: DrillResult
    decimals: int


def run_drill(
    conn: sqlite3.Connection,
    exercises: Sequence[Exercise],
    *,
    prompt: Prompt,
    render: Render,
    decimals: int = DEFAULT_DECIMALS,
    topic_filter: str | None = None,
    difficulty_filter: str | None = None,
) -> DrillResult:
    """Ask every exercise, grade and store each answer before the next prompt.

    Ends on `:q` or end of input (exit 0, ended_by 'quit') or Ctrl-C (exit 130, 'interrupted');
    every answer graded so far is already stored. Renders the summary at the end.
    """
    started = clock.now()
    session_id = store.start_session(
        conn,
        started_at=started,
        kind="drill",
        topic_filter=topic_filter,
        difficulty_filter=difficulty_filter,
    )
    result = DrillResult(session_id, "finished", 0, len(exercises), started_at=started)

    def ask_all() -> None:
        for n, ex in enumerate(exercises, 1):
            render(Presented(ex, n, len(exercises)))
            answered = _ask(ex, prompt, render, decimals)
            store.record_drill_answer(
                conn,
                answered_at=clock.now(),
                template=ex.template.name,
                correct=answered.correct,
                session_id=session_id,
                level=ex.template.level,
                topic=ex.template.topic,
                prompt=ex.prompt,
                inputs=ex.inputs,
                expected=ex.expected,
                given=answered.given,
                seconds=round(answered.seconds, 3),
            )
            result.answers.append(answered)
            render(Graded(answered, decimals))

    ending = guarded(ask_all, render)
    result.ended_by, result.exit_code = ending.ended_by, ending.exit_code
    result.ended_at = clock.now()
    store.end_session(conn, session_id, ended_at=result.ended_at, ended_by=result.ended_by)
    render(DrillSummary(result, decimals))
    return result


def _ask(ex: Exercise, prompt: Prompt, render: Render, decimals: int) -> Answered:
    shown = clock.now()
    while True:
        line = prompt(ANSWER_PROMPT).strip()
        if is_quit(line):
            raise Quit
        seconds = max(0.0, (clock.now() - shown).total_seconds())
        if not line:
            return Answered(ex, None, None, False, seconds)
        value = parse_answer(line)
        if value is None:
            render(NotANumber(line))
            continue
        return Answered(ex, line, value, grade(value, ex.expected, decimals), seconds)
