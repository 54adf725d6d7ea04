"""The filter options and question references, checked against the loaded bank.

Every message names the option, the closest valid value ("did you mean") and the valid values,
so a typo is fixed from the message alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actloss_quiz.errors import QuizUsageError
from actloss_quiz.numbers import as_typed, whole_number
from actloss_quiz.vocab import DIFFICULTIES, closest, did_you_mean, program

if TYPE_CHECKING:
    import sqlite3

    from actloss_quiz.bank import Bank, Question


def split_values(values: list[str] | None) -> list[str]:
    """Accept an option given once with a comma list, repeated, or both."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _suggest(value: str, valid: list[str]) -> str:
    return f"{did_you_mean(value, valid)}; valid values: {', '.join(valid) or '(none loaded)'}"


def check_filters(
    bank: Bank,
    *,
    topic: str | None = None,
    difficulty: list[str] | None = None,
    tag: list[str] | None = None,
) -> tuple[str | None, list[str], list[str]]:
    """Validate --topic/--difficulty/--tag against the loaded bank.

    Returns:
        The topic, the difficulty levels and the tags, comma lists split.

    Raises:
        QuizUsageError: naming the option and listing the valid values.
    """
    if topic is not None and topic not in bank.topics:
        raise QuizUsageError(f"--topic: unknown topic '{topic}'{_suggest(topic, bank.topics)}")
    levels = split_values(difficulty)
    for level in levels:
        if level not in DIFFICULTIES:
            raise QuizUsageError(
                f"--difficulty: unknown difficulty '{level}'{_suggest(level, list(DIFFICULTIES))}"
            )
    tags = split_values(tag)
    known = sorted({t for q in bank.questions for t in q.tags})
    for t in tags:
        if t not in known:
            raise QuizUsageError(f"--tag: unknown tag '{t}'{_suggest(t, known)}")
    return topic, levels, tags


def check_topic(
    bank: Bank,
    topic: str,
    conn: sqlite3.Connection | None,
    *,
    drills: bool = False,
    interviews: bool = False,
) -> None:
    """--topic must name a bank topic, or one found in the history (a removed topic).

    `drills` looks in the drill answers instead of the reviews, `interviews` in the interview
    answers; without `conn` only the bank counts.
    """
    if topic in bank.topics:
        return
    from actloss_quiz import store

    if conn is None or not store.topic_in_history(
        conn, topic, drills=drills, interviews=interviews
    ):
        check_filters(bank, topic=topic)


def find_question(bank: Bank, ref: str, topic: str | None = None) -> Question:
    """Resolve an id or a number (optionally within a topic).

    Raises:
        QuizUsageError: unknown id (with the closest ids), or a number shared by several topics.
    """
    ref = ref.strip()
    if not ref:
        raise QuizUsageError(f"no question given; pass an id or a number (see '{program()} list')")
    number = whole_number(ref)  # ASCII digits only: not '²' or '٣'; 0002 is question 2
    if number is not None:
        matches = [
            q for q in bank.questions if q.number == number and (topic is None or q.topic == topic)
        ]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            numbers = sorted({q.number for q in bank.questions})
            span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none loaded"
            raise QuizUsageError(f"no question number {as_typed(ref)} (numbers: {span})")
        listed = ", ".join(f"{q.id} ({q.topic})" for q in matches)
        raise QuizUsageError(
            f"number {number} matches questions in several topics: {listed}; "
            "give the id instead, or add --topic"
        )
    q = bank.by_id(ref)
    if q is not None and (topic is None or q.topic == topic):
        return q
    ids = [q.id for q in bank.questions]
    close = closest(ref, ids, n=3)
    if not close:
        close = [i for i in ids if ref.lower() in i][:3]
    hint = (
        f"; did you mean: {', '.join(close)}?" if close else f"; see '{program()} list' for the ids"
    )
    raise QuizUsageError(f"unknown question '{ref}'{hint}")


def find_question_id(bank: Bank, conn: sqlite3.Connection, ref: str) -> str:
    """An id or number from the bank, or the id of a removed question that has history."""
    from actloss_quiz import store

    try:
        return find_question(bank, ref).id
    except QuizUsageError:
        if store.count_reviews(conn, question_id=ref):
            return ref
        raise
