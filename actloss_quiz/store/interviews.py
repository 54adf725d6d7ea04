"""Mock interviews (`quiz interview`): the interview rows, their answers, the link from an
answer to the review it was recorded as, and the grouped reads of the weak-spot weights."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from msgspec import Struct

from actloss_quiz.clock import iso
from actloss_quiz.store.history import summary_current, where_clause
from actloss_quiz.store.opening import transaction, typed, typed_rows
from actloss_quiz.store.schema import ENDED_BY, INTERVIEW_KINDS


def start_interview(
    conn: sqlite3.Connection,
    *,
    started_at: datetime,
    planned: int,
    budget_seconds: float,
    seed: int | None = None,
    spoken: bool = False,
    follow_ups: bool = True,
    topic_filter: str | None = None,
    difficulty_filter: str | None = None,
    tag_filter: str | None = None,
) -> int:
    """Insert an interview row and return its id."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO interviews (started_at, planned, budget_seconds, seed, spoken, "
            "follow_ups, topic_filter, difficulty_filter, tag_filter) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                iso(started_at),
                planned,
                budget_seconds,
                seed,
                int(spoken),
                int(follow_ups),
                topic_filter,
                difficulty_filter,
                tag_filter,
            ),
        )
    return int(cur.lastrowid or 0)


def end_interview(
    conn: sqlite3.Connection, interview_id: int, *, ended_at: datetime, ended_by: str
) -> None:
    """Close an interview: `ended_by` is finished, quit or interrupted."""
    if ended_by not in ENDED_BY:
        raise ValueError(f"unknown ended_by {ended_by!r}")
    with transaction(conn):
        conn.execute(
            "UPDATE interviews SET ended_at = ?, ended_by = ? WHERE id = ?",
            (iso(ended_at), ended_by, interview_id),
        )


def record_interview_answer(
    conn: sqlite3.Connection,
    *,
    interview_id: int,
    position: int,
    kind: str,
    question_id: str,
    asked: str,
    answered_at: datetime,
    seconds: float,
    budget_seconds: float,
    answer: str | None,
    spoken: bool = False,
    points: Sequence[tuple[str, bool, bool]] = (),
    misconceptions: Sequence[str] = (),
    answer_score: float | None = None,
    suggested_rating: int | None = None,
    number: int | None = None,
    topic: str | None = None,
    difficulty: str | None = None,
) -> int:
    """Store one interview answer at once (so Ctrl-C keeps it); returns its id."""
    if kind not in INTERVIEW_KINDS:
        raise ValueError(f"unknown interview answer kind {kind!r}")
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO interview_answers (interview_id, position, kind, question_id, number, "
            "topic, difficulty, asked, answer, spoken, points, misconceptions, answer_score, "
            "suggested_rating, answered_at, seconds, budget_seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                interview_id,
                position,
                kind,
                question_id,
                number,
                topic,
                difficulty,
                asked,
                answer,
                int(spoken),
                json.dumps([list(p) for p in points], ensure_ascii=False),
                json.dumps(list(misconceptions), ensure_ascii=False),
                answer_score,
                suggested_rating,
                iso(answered_at),
                seconds,
                budget_seconds,
            ),
        )
    return int(cur.lastrowid or 0)


def link_interview_review(conn: sqlite3.Connection, answer_id: int, review_id: int) -> None:
    """Remember which review an interview answer was recorded as, and mark the interview."""
    with transaction(conn):
        conn.execute(
            "UPDATE interview_answers SET review_id = ? WHERE id = ?", (review_id, answer_id)
        )
        conn.execute(
            "UPDATE interviews SET recorded = 1 WHERE id = "
            "(SELECT interview_id FROM interview_answers WHERE id = ?)",
            (answer_id,),
        )


def memory_states(conn: sqlite3.Connection) -> dict[str, tuple[float | None, str | None, int]]:
    """{question id: (stability, last_review, lapses)} of every card, in one narrow query (the
    interview's weak spots need no card JSON)."""
    sql = "SELECT question_id, stability, last_review, lapses FROM cards"
    return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(sql)}  # cards are checked at open


def review_scores_by_question(conn: sqlite3.Connection) -> dict[str, tuple[int, float]]:
    """{question id: (scored reviews, their mean answer score)}; from the per-question summary
    of the reviews when it is current (the same numbers), else from the covering
    `reviews_question` index."""
    if summary_current(conn):
        sql = (
            "SELECT question_id, scored, mean_score FROM review_questions WHERE scored > 0 "
            "ORDER BY question_id"
        )
    else:
        sql = (
            "SELECT question_id, COUNT(answer_score), AVG(answer_score) FROM reviews "
            "WHERE answer_score IS NOT NULL GROUP BY question_id"
        )
    rows = typed_rows(conn.execute(sql).fetchall(), "Tin", "reviews")  # one row a question
    return {r[0]: (r[1], r[2]) for r in rows if r[0] is not None}


def interview_scores_by_question(conn: sqlite3.Connection) -> dict[str, tuple[int, float]]:
    """{question id: (scored main answers, their mean score)} over every interview."""
    sql = (
        "SELECT question_id, COUNT(answer_score), AVG(answer_score) FROM interview_answers "
        "WHERE kind = 'question' AND answer_score IS NOT NULL GROUP BY question_id"
    )
    rows = (typed(r, "Tin", "interview_answers") for r in conn.execute(sql))
    return {r[0]: (r[1], r[2]) for r in rows if r[0] is not None}


class InterviewRow(Struct, frozen=True):
    """One interview with its aggregates over the main answers (follow-ups apart)."""

    id: int
    started_at: str
    answered: int
    mean_score: float | None
    in_time: int


def iter_interviews(
    conn: sqlite3.Connection, *, topic: str | None = None
) -> Iterator[InterviewRow]:
    """Interviews by start time (`topic`: only their answers to that topic count, and an
    interview with none is left out)."""
    where, args = ("WHERE topic = ?", [topic]) if topic is not None else ("", [])
    sql = f"""
        SELECT i.id, i.started_at, COALESCE(a.n, 0), a.mean_score, COALESCE(a.in_time, 0)
        FROM interviews i
        {"JOIN" if topic is not None else "LEFT JOIN"} (
            SELECT interview_id,
                   SUM(kind = 'question') AS n,
                   AVG(CASE WHEN kind = 'question' THEN answer_score END) AS mean_score,
                   SUM(kind = 'question' AND seconds <= budget_seconds) AS in_time
            FROM interview_answers {where} GROUP BY interview_id) a ON a.interview_id = i.id
        ORDER BY i.started_at, i.id"""
    for row in conn.execute(sql, args):
        yield InterviewRow(*typed(row, "itini", "interviews"))


INTERVIEW_EXPORT_SQL = """
    SELECT a.interview_id, i.started_at, a.position, a.question_id, a.number, a.topic,
           a.difficulty, a.kind, a.answer, a.answer_score, a.suggested_rating, a.misconceptions,
           a.seconds, a.budget_seconds, a.seconds > a.budget_seconds, a.spoken, a.points
    FROM interview_answers a JOIN interviews i ON i.id = a.interview_id{where}
    ORDER BY i.started_at, a.interview_id, a.position, a.id"""


def iter_interview_answer_rows(
    conn: sqlite3.Connection, *, topic: str | None = None, since: datetime | None = None
) -> Iterator[tuple[Any, ...]]:
    """Every interview answer as a plain tuple in `INTERVIEW_EXPORT_SQL` column order, by
    interview then position (`since`: interviews started at or after it)."""
    where, args = where_clause(time_col="i.started_at", topic=None, since=since)
    if topic is not None:
        where += (" AND " if where else " WHERE ") + "a.topic = ?"
        args.append(topic)
    cur = conn.cursor()
    cur.row_factory = None
    for row in cur.execute(INTERVIEW_EXPORT_SQL.format(where=where), args):
        yield tuple(typed(row, "ititITTtTnITnnIiT", "interview_answers"))
