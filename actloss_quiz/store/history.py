"""The study history: cards, sessions, reviews and drill answers, and the aggregates `quiz stats`,
`quiz list --progress` and the exports read (all SQL; no fsrs, no Rich).

Times are ISO 8601 UTC strings with an offset and whole seconds (`2026-11-24T05:14:16+00:00`), so
they sort and compare as text and the `due` index answers "what is due now" directly.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from msgspec import Struct

from actloss_quiz.clock import iso, parse_iso
from actloss_quiz.errors import StoreError
from actloss_quiz.scheduler import CORRECT_FROM, STATES, CardUpdate
from actloss_quiz.store.opening import damaged, date_ok, transaction, typed, typed_rows
from actloss_quiz.store.schema import (
    ENDED_BY,
    SESSION_KINDS,
    rebuild_review_days,
    refresh_review_day,
    refresh_review_question,
    set_review_days_stale,
)
from actloss_quiz.vocab import RATING_NAMES

CORRECT = f"rating >= {CORRECT_FROM}"  # a correct recall (hard, good or easy), as SQL


# --- cards ----------------------------------------------------------------------------------


class CardRow(CardUpdate, frozen=True):
    """One row of `cards`: a question that has been reviewed at least once (not cram)."""

    question_id: str
    reps: int
    lapses: int


_CARD_COLS = "question_id, card_json, state, due, stability, difficulty, last_review, reps, lapses"


def _card(row: sqlite3.Row) -> CardRow:
    qid, card_json, state, due, stability, difficulty, last_review, reps, lapses = row
    return CardRow(card_json, state, due, stability, difficulty, last_review, qid, reps, lapses)


def get_card(conn: sqlite3.Connection, question_id: str) -> CardRow | None:
    row = conn.execute(
        f"SELECT {_CARD_COLS} FROM cards WHERE question_id = ?", (question_id,)
    ).fetchone()
    return _card(row) if row else None


def iter_cards(conn: sqlite3.Connection) -> Iterator[CardRow]:
    """Every card (one query, streamed)."""
    for row in conn.execute(f"SELECT {_CARD_COLS} FROM cards ORDER BY question_id"):
        yield _card(row)


def cards_by_id(conn: sqlite3.Connection) -> dict[str, CardRow]:
    """All cards keyed by question id, in one query."""
    return {c.question_id: c for c in iter_cards(conn)}


class CardSchedule(Struct, frozen=True, gc=False):
    """What planning reads of a card: its state, due time, stability and last review."""

    state: str
    due: str
    stability: float | None
    last_review: str | None


def card_schedules(conn: sqlite3.Connection) -> dict[str, CardSchedule]:
    """Every card's schedule keyed by question id, in one narrow query: no card JSON (40,000
    cards: 250 -> 105 ms against `cards_by_id`); the cards are checked at open."""
    sql = "SELECT question_id, state, due, stability, last_review FROM cards"
    return {r[0]: CardSchedule(r[1], r[2], r[3], r[4]) for r in conn.execute(sql)}


def next_due(conn: sqlite3.Connection, ids: Sequence[str] | None = None) -> str | None:
    """The earliest due time among the cards (of `ids`, when given), or None."""
    if ids is None:
        row = conn.execute("SELECT MIN(due) FROM cards").fetchone()
    else:
        row = conn.execute(
            "SELECT MIN(due) FROM cards WHERE question_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        ).fetchone()
    return row[0] if row else None


def due_forecast(
    conn: sqlite3.Connection, *, until: datetime, ids: Sequence[str] | None = None
) -> list[tuple[str, int]]:
    """(local date, number of cards due that day) for cards due before `until`, by date."""
    sql = "SELECT date(due, 'localtime') AS day, COUNT(*) FROM cards WHERE due < ?"
    args: list[Any] = [iso(until)]
    if ids is not None:
        sql += " AND question_id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(list(ids)))
    sql += " GROUP BY day ORDER BY day"
    return [(r[0], r[1]) for r in conn.execute(sql, args)]


# --- sessions -------------------------------------------------------------------------------


def start_session(
    conn: sqlite3.Connection,
    *,
    started_at: datetime,
    kind: str = "quiz",
    topic_filter: str | None = None,
    difficulty_filter: str | None = None,
    tag_filter: str | None = None,
    cram: bool = False,
) -> int:
    """Insert a session row and return its id (filters are stored as given, comma lists)."""
    if kind not in SESSION_KINDS:
        raise ValueError(f"unknown session kind {kind!r}")
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO sessions (kind, started_at, topic_filter, difficulty_filter, "
            "tag_filter, cram) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, iso(started_at), topic_filter, difficulty_filter, tag_filter, int(cram)),
        )
    return int(cur.lastrowid or 0)


def end_session(
    conn: sqlite3.Connection, session_id: int, *, ended_at: datetime, ended_by: str
) -> None:
    """Close a session: `ended_by` is finished, quit or interrupted."""
    if ended_by not in ENDED_BY:
        raise ValueError(f"unknown ended_by {ended_by!r}")
    with transaction(conn):
        conn.execute(
            "UPDATE sessions SET ended_at = ?, ended_by = ? WHERE id = ?",
            (iso(ended_at), ended_by, session_id),
        )


# --- reviews --------------------------------------------------------------------------------


def record_review(
    conn: sqlite3.Connection,
    *,
    question_id: str,
    rating: int,
    reviewed_at: datetime,
    card: CardUpdate | None,
    session_id: int | None = None,
    answer_score: float | None = None,
    answer: str | None = None,
    response_seconds: float | None = None,
    number: int | None = None,
    topic: str | None = None,
    question_difficulty: str | None = None,
    review_log: str | None = None,
) -> int:
    """Store one rating and the card's new state in one transaction; returns the review id.

    `card=None` records a cram review: the history gets the row, the schedule is unchanged.
    reps and lapses are counted here (a lapse is `again` on a card in the review state).
    """
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"rating must be 1-4, got {rating!r}")
    with transaction(conn):
        current = _days_current(conn)
        old = conn.execute(
            "SELECT card_json, state, due, stability, difficulty, reps, lapses FROM cards "
            "WHERE question_id = ?",
            (question_id,),
        ).fetchone()
        if card is None:
            due, stability, difficulty = (old[2], old[3], old[4]) if old else (None, None, None)
        else:
            due, stability, difficulty = card.due, card.stability, card.difficulty
            reps = (old[5] if old else 0) + 1
            lapses = (old[6] if old else 0) + int(
                rating == 1 and old is not None and old[1] == "review"
            )
            conn.execute(
                "INSERT INTO cards (question_id, card_json, state, due, stability, difficulty, "
                "last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (question_id) DO UPDATE SET card_json = excluded.card_json, "
                "state = excluded.state, due = excluded.due, stability = excluded.stability, "
                "difficulty = excluded.difficulty, last_review = excluded.last_review, "
                "reps = excluded.reps, lapses = excluded.lapses",
                (
                    question_id,
                    card.card_json,
                    card.state,
                    card.due,
                    card.stability,
                    card.difficulty,
                    card.last_review,
                    reps,
                    lapses,
                ),
            )
        cur = conn.execute(
            "INSERT INTO reviews (session_id, question_id, reviewed_at, rating, answer_score, "
            "answer, response_seconds, cram, due, stability, difficulty, number, topic, "
            "question_difficulty, card_before, review_log) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                question_id,
                iso(reviewed_at),
                rating,
                answer_score,
                answer,
                response_seconds,
                int(card is None),
                due,
                stability,
                difficulty,
                number,
                topic,
                question_difficulty,
                old[0] if old else None,
                review_log,
            ),
        )
        _keep_days_current(conn, current, [iso(reviewed_at)], question_id)
    return int(cur.lastrowid or 0)


def undo_review(conn: sqlite3.Connection, review_id: int) -> bool:
    """Delete a review and put its card back as it was before; False if it does not exist.

    Only meaningful for the latest review of its question (a session undoes its own last one).
    """
    with transaction(conn):
        current = _days_current(conn)
        row = conn.execute(
            "SELECT question_id, rating, cram, card_before, reviewed_at FROM reviews WHERE id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            return False
        question_id, rating, cram, before, reviewed_at = row
        conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        _keep_days_current(conn, current, [reviewed_at], question_id)
        if cram:
            return True
        if before is None:
            conn.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
            return True
        card = json.loads(before)
        state = STATES[int(card["state"]) - 1]
        lapse = int(rating == 1 and state == "review")
        conn.execute(
            "UPDATE cards SET card_json = ?, state = ?, due = ?, stability = ?, difficulty = ?, "
            "last_review = ?, reps = MAX(reps - 1, 0), lapses = MAX(lapses - ?, 0) "
            "WHERE question_id = ?",
            (
                before,
                state,
                iso(parse_iso(card["due"])),
                card["stability"],
                card["difficulty"],
                iso(parse_iso(card["last_review"])) if card.get("last_review") else None,
                lapse,
                question_id,
            ),
        )
    return True


def lookup_text(value: str) -> str:
    """A value to look up as SQL text: lone surrogates (undecodable argument bytes) cannot be
    bound, and can match nothing stored, so they become U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def where_clause(
    *, time_col: str, topic: str | None, since: datetime | None, extra: dict[str, Any] | None = None
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if topic is not None:
        clauses.append("topic = ?")
        args.append(lookup_text(topic))
    if since is not None:
        clauses.append(f"{time_col} >= ?")
        args.append(iso(since))
    for col, value in (extra or {}).items():
        if value is not None:
            clauses.append(f"{col} = ?")
            args.append(lookup_text(value) if isinstance(value, str) else value)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


_REVIEW_SQL = """
    SELECT reviewed_at, session_id, question_id, number, topic, question_difficulty, rating,
           CASE rating {rating_names} END,
           answer_score, answer, CASE WHEN {correct} THEN 'true' ELSE 'false' END,
           response_seconds, CASE WHEN cram THEN 'true' ELSE 'false' END, due, stability,
           difficulty
    FROM reviews{where} ORDER BY reviewed_at, id"""
_RATING_CASES = " ".join(f"WHEN {v} THEN '{name}'" for v, name in RATING_NAMES.items())


def review_rows(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    ids: Sequence[int] | None = None,
    offset: int = 0,
) -> Iterator[tuple[Any, ...]]:
    """`export.REVIEW_COLUMNS` values per stored rating, in time order, straight from one cursor.

    One query with plain tuples (no row objects); `topic` is the snapshot at review time,
    `since` is inclusive. `ids` keeps only those reviews and `offset` skips the first rows: the
    export's way back to this checked reader for the rows its fast path leaves alone.
    """
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    if ids is not None:
        where += f"{' AND' if where else ' WHERE'} id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(list(ids)))
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples, whatever the connection's factory
    # A plain loop, not `yield from`: closing this generator early must not touch the cursor
    # (the connection may already be closed by then).
    sql = _REVIEW_SQL.format(where=where, rating_names=_RATING_CASES, correct=CORRECT)
    if offset:
        sql += " LIMIT -1 OFFSET ?"
        args.append(offset)
    for row in cur.execute(sql, args):
        if not (date_ok(row[0]) if isinstance(row[0], str) else False):
            typed(row[:1], "d", "reviews", ("reviewed_at",), conn)
        if row[13] is not None and not (isinstance(row[13], str) and date_ok(row[13])):
            typed(row[13:14], "D", "reviews", ("due",), conn)
        yield row


# `review_rows`'s columns as the cells of a CSV line, after the review's id: NULL as '', and an
# empty text as `due` (not a date, unlike a NULL) as 'x'.
_REVIEW_CELLS_SQL = """
    SELECT id, reviewed_at, ifnull(session_id, ''), ifnull(question_id, ''), ifnull(number, ''),
           ifnull(topic, ''), ifnull(question_difficulty, ''), ifnull(rating, ''),
           CASE rating {rating_names} ELSE '' END, ifnull(answer_score, ''), ifnull(answer, ''),
           CASE WHEN {correct} THEN 'true' ELSE 'false' END, ifnull(response_seconds, ''),
           CASE WHEN cram THEN 'true' ELSE 'false' END, CASE due WHEN '' THEN 'x' ELSE
           ifnull(due, '') END, ifnull(stability, ''), ifnull(difficulty, '')
    FROM reviews{where} ORDER BY reviewed_at, id"""


def review_cell_chunks(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    size: int = 1024,
) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of `review_rows` as the cells of CSV lines, made by SQLite, `size` rows at a time.

    A row is (id, then the 16 cells). Nothing is checked here (not even the dates, which `dates_ok`
    checks a batch at a time): the caller must read any row whose cells it cannot write as they
    are again with `review_rows`, which checks it. A value that does not decode raises here (and
    there).
    """
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    cur = conn.cursor()
    cur.row_factory = None
    sql = _REVIEW_CELLS_SQL.format(where=where, rating_names=_RATING_CASES, correct=CORRECT)
    cur.execute(sql, args)
    while rows := cur.fetchmany(size):
        yield rows


def topic_in_history(
    conn: sqlite3.Connection, topic: str, *, drills: bool = False, interviews: bool = False
) -> bool:
    """Whether any review (or, with `drills`, any drill answer; with `interviews`, any
    interview answer) was made under `topic`."""
    table = "drill_answers" if drills else "interview_answers" if interviews else "reviews"
    row = conn.execute(f"SELECT 1 FROM {table} WHERE topic = ? LIMIT 1", (lookup_text(topic),))
    return row.fetchone() is not None


def count_reviews(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    question_id: str | None = None,
) -> int:
    """How many ratings match (an index-backed COUNT)."""
    where, args = where_clause(
        time_col="reviewed_at", topic=topic, since=since, extra={"question_id": question_id}
    )
    return int(conn.execute(f"SELECT COUNT(*) FROM reviews{where}", args).fetchone()[0])


def new_cards_since(conn: sqlite3.Connection, since: datetime) -> int:
    """How many questions got their first (non-cram) review at or after `since`."""
    row = conn.execute(
        "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND cram = 0 AND card_before IS NULL",
        (iso(since),),
    ).fetchone()
    return int(row[0])


def questions_reviewed_since(conn: sqlite3.Connection, since: datetime) -> frozenset[str]:
    """The questions with a (non-cram) rating at or after `since`: today's drawn questions."""
    rows = conn.execute(
        "SELECT DISTINCT question_id FROM reviews WHERE reviewed_at >= ? AND cram = 0",
        (iso(since),),
    )
    return frozenset(str(r[0]) for r in rows)


def response_seconds(conn: sqlite3.Connection, *, last: int = 1000) -> list[float]:
    """The answer times of the `last` timed (non-cram) ratings, newest first."""
    rows = conn.execute(
        "SELECT response_seconds FROM reviews WHERE cram = 0 AND response_seconds > 0 "
        "ORDER BY reviewed_at DESC LIMIT ?",
        (last,),
    )
    return [float(r[0]) for r in rows if isinstance(r[0], int | float)]


class SessionRow(Struct, frozen=True):
    """One session with its per-session aggregates (quiz reviews or drill answers)."""

    id: int
    kind: str
    started_at: str
    ended_at: str | None
    topic_filter: str | None
    difficulty_filter: str | None
    tag_filter: str | None
    cram: bool
    ended_by: str | None
    questions: int  # reviews (quiz) or answers (drill)
    correct: int  # rated good/easy (quiz) or correct (drill)
    mean_answer_score: float | None  # quiz only


def iter_sessions(
    conn: sqlite3.Connection,
    *,
    kind: str | None = "quiz",
    topic: str | None = None,
    since: datetime | None = None,
) -> Iterator[SessionRow]:
    """Sessions by start time with their counts; `topic` matches the session's topic filter."""
    clauses, args = [], []
    if kind is not None:
        clauses.append("s.kind = ?")
        args.append(kind)
    if topic is not None:
        clauses.append("s.topic_filter = ?")
        args.append(topic)
    if since is not None:
        clauses.append("s.started_at >= ?")
        args.append(iso(since))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = f"""
        SELECT s.id, s.kind, s.started_at, s.ended_at, s.topic_filter, s.difficulty_filter,
               s.tag_filter, s.cram, s.ended_by,
               CASE s.kind WHEN 'quiz' THEN COALESCE(r.n, 0) ELSE COALESCE(d.n, 0) END,
               CASE s.kind WHEN 'quiz' THEN COALESCE(r.good, 0) ELSE COALESCE(d.good, 0) END,
               r.mean_score
        FROM sessions s
        LEFT JOIN (SELECT session_id, COUNT(*) AS n, SUM({CORRECT}) AS good,
                          AVG(answer_score) AS mean_score
                   FROM reviews GROUP BY session_id) r ON r.session_id = s.id
        LEFT JOIN (SELECT session_id, COUNT(*) AS n, SUM(correct) AS good
                   FROM drill_answers GROUP BY session_id) d ON d.session_id = s.id
        {where}
        ORDER BY s.started_at, s.id"""
    for row in conn.execute(sql, args):
        values = typed(row, "ittTTTTiTiin", "sessions")
        values[7] = bool(values[7])
        yield SessionRow(*values)


class QuestionAggregate(Struct, frozen=True):
    """Per question ever reviewed: history aggregates, the latest snapshot and the card."""

    question_id: str
    number: int | None
    topic: str | None
    question_difficulty: str | None
    reviews: int
    correct_rate: float | None  # share of ratings good/easy
    mean_answer_score: float | None
    last_reviewed: str | None
    state: str | None  # None: only cram reviews, no card
    due: str | None
    stability: float | None
    difficulty: float | None
    card_last_review: str | None
    reps: int
    lapses: int


def iter_question_aggregates(
    conn: sqlite3.Connection, *, topic: str | None = None, since: datetime | None = None
) -> Iterator[QuestionAggregate]:
    """One row per reviewed question (one grouped query), ordered by question id."""
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    # Over the whole history, from the per-question summary when it is current (one row per
    # question, the same numbers) rather than grouping every review.
    whole = topic is None and since is None and _days_current(conn)
    grouped = f"""(SELECT question_id, COUNT(*) AS n, AVG({CORRECT}) AS correct_rate,
                     AVG(answer_score) AS mean_score, MAX(reviewed_at) AS last_at,
                     MAX(id) AS last_id
              FROM reviews{where} GROUP BY question_id)"""
    summary = """(SELECT question_id, reviews AS n, correct_rate, mean_score, last_at, last_id
              FROM review_questions)"""
    sql = f"""
        SELECT r.question_id, latest.number, latest.topic, latest.question_difficulty,
               r.n, r.correct_rate, r.mean_score, r.last_at,
               c.state, c.due, c.stability, c.difficulty, c.last_review,
               COALESCE(c.reps, 0), COALESCE(c.lapses, 0)
        FROM {summary if whole else grouped} r
        JOIN reviews latest ON latest.id = r.last_id
        LEFT JOIN cards c ON c.question_id = r.question_id
        ORDER BY r.question_id"""
    cur = conn.execute(sql, args)
    while batch := cur.fetchmany(4096):
        for row in typed_rows(batch, "tITTinnTTTnnTii", "reviews"):
            yield QuestionAggregate(*row)


def true_retention(conn: sqlite3.Connection, *, topic: str | None = None) -> float | None:
    """Share of each (question, local day)'s first review rated hard or better (a pass); None if none."""
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=None)
    sql = f"""
        SELECT AVG({CORRECT}) FROM (
            SELECT rating, ROW_NUMBER() OVER (
                PARTITION BY question_id, date(reviewed_at, 'localtime')
                ORDER BY reviewed_at, id) AS rn
            FROM reviews{where}) WHERE rn = 1"""
    value = conn.execute(sql, args).fetchone()[0]
    return None if value is None else float(value)


def review_days(conn: sqlite3.Connection, *, topic: str | None = None) -> list[str]:
    """The distinct local dates (YYYY-MM-DD) with at least one review, newest first."""
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=None)
    sql = (
        f"SELECT DISTINCT date(reviewed_at, 'localtime') AS day FROM reviews{where} "
        "ORDER BY day DESC"
    )
    return [_day(conn, r[0]) for r in conn.execute(sql, args)]


def _day(conn: sqlite3.Connection, day: str | None, column: str = "reviewed_at") -> str:
    """A local date SQLite computed from a stored time; NULL means the time was not one."""
    if day is None:
        row = conn.execute(
            f"SELECT rowid FROM reviews WHERE date({column}) IS NULL LIMIT 1"  # noqa: S608
        ).fetchone()
        raise damaged("reviews", column, row[0] if row else "?")
    return day


class DayCounts(Struct, frozen=True):
    """One local day of the history: every rating, and each question's first rating."""

    reviews: int  # ratings that day (cram included)
    first: int  # questions rated that day (their first rating of the day)
    first_good: int  # of which passed (hard or better): the parts of `true_retention`


def review_days_since(
    conn: sqlite3.Connection, *, since: datetime, topic: str | None = None
) -> dict[str, DayCounts]:
    """{local date: DayCounts} for the ratings at or after `since`, in one pass.

    A question's first rating of a day is the one with the earliest time (SQLite's MIN() bare
    column); two ratings of one question within the same second may be taken in either order.
    """
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    sql = f"""
        SELECT day, SUM(n), COUNT(*), SUM(first_rating >= {CORRECT_FROM}) FROM (
            SELECT day, COUNT(*) AS n, rating AS first_rating, MIN(reviewed_at)
            FROM (SELECT question_id, reviewed_at, rating,
                         date(reviewed_at, 'localtime') AS day FROM reviews{where})
            GROUP BY question_id, day)
        GROUP BY day"""
    return {_day(conn, r[0]): DayCounts(r[1], r[2], r[3]) for r in conn.execute(sql, args)}


# --- drills ---------------------------------------------------------------------------------


_DRILL_COLUMNS = ("id", "session_id", "answered_at", "template")


def record_drill_answer(
    conn: sqlite3.Connection,
    *,
    answered_at: datetime,
    template: str,
    correct: bool,
    session_id: int | None = None,
    level: str | None = None,
    topic: str | None = None,
    prompt: str | None = None,
    inputs: Any = None,
    expected: float | None = None,
    given: str | None = None,
    seconds: float | None = None,
) -> int:
    """Store one graded drill exercise (`given=None`: skipped); `inputs` is stored as JSON."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO drill_answers (session_id, answered_at, template, level, topic, prompt, "
            "inputs, expected, given, correct, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                iso(answered_at),
                template,
                level,
                topic,
                prompt,
                None if inputs is None else json.dumps(inputs, ensure_ascii=False),
                expected,
                given,
                int(correct),
                seconds,
            ),
        )
    return int(cur.lastrowid or 0)


class DrillAnswerRow(Struct, frozen=True):
    id: int
    session_id: int | None
    answered_at: str
    template: str
    level: str | None
    topic: str | None
    prompt: str | None
    inputs: str | None  # JSON text as stored
    expected: float | None
    given: str | None
    correct: bool
    seconds: float | None


def iter_drill_answers(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    session_id: int | None = None,
) -> Iterator[DrillAnswerRow]:
    """Drill answers in time order, streamed."""
    where, args = where_clause(
        time_col="answered_at", topic=topic, since=since, extra={"session_id": session_id}
    )
    sql = (
        "SELECT id, session_id, answered_at, template, level, topic, prompt, inputs, expected, "
        f"given, correct, seconds FROM drill_answers{where} ORDER BY answered_at, id"
    )
    for row in conn.execute(sql, args):
        values = typed(row, "iIdtTTTTnTin", "drill_answers", _DRILL_COLUMNS, conn)
        values[10] = bool(values[10])
        yield DrillAnswerRow(*values)


def drill_accuracy_by(
    conn: sqlite3.Connection, column: str = "template", *, topic: str | None = None
) -> dict[str, tuple[int, int]]:
    """{template/level/topic: (answers, correct)} over all drill answers."""
    if column not in ("template", "level", "topic"):
        raise ValueError(column)
    where, args = where_clause(time_col="answered_at", topic=topic, since=None)
    sql = (
        f"SELECT {column}, COUNT(*), SUM(correct) FROM drill_answers{where} "
        f"GROUP BY {column} ORDER BY {column}"
    )
    rows = (typed(r, "Tin", "drill_answers") for r in conn.execute(sql, args))
    return {r[0]: (r[1], r[2]) for r in rows}


def reset(conn: sqlite3.Connection, question_id: str | None = None) -> tuple[int, int]:
    """Forget schedule and history: of one question, or all quiz progress (drills and settings
    are kept). Returns (cards removed, reviews removed)."""
    with transaction(conn):
        if question_id is None:
            cards = conn.execute("DELETE FROM cards").rowcount
            reviews = conn.execute("DELETE FROM reviews").rowcount
            conn.execute("DELETE FROM sessions WHERE kind = 'quiz'")
            rebuild_review_days(conn)  # no reviews left: an empty summary, current
        else:
            current = _days_current(conn)
            times = [
                r[0]
                for r in conn.execute(
                    "SELECT reviewed_at FROM reviews WHERE question_id = ?", (question_id,)
                )
            ]
            cards = conn.execute("DELETE FROM cards WHERE question_id = ?", (question_id,)).rowcount
            reviews = conn.execute(
                "DELETE FROM reviews WHERE question_id = ?", (question_id,)
            ).rowcount
            _keep_days_current(conn, current, times, question_id)
    return cards, reviews


# --- the per-day summary (`quiz stats`; schema.m007_review_days) -------------------------------


def summary_current(conn: sqlite3.Connection) -> bool:
    """Whether the summary of the reviews (per day, per question) is current: nothing wrote
    `reviews` behind the store's back since it was last made whole."""
    return _days_current(conn)


def _days_current(conn: sqlite3.Connection) -> bool:
    """Whether the per-day summary is current (nothing wrote `reviews` behind its back)."""
    row = conn.execute("SELECT stale FROM review_days_state WHERE id = 1").fetchone()
    return row is not None and row[0] == 0


def _keep_days_current(
    conn: sqlite3.Connection, current: bool, times: Sequence[object], question_id: str
) -> None:
    """After this transaction's own change to the reviews of `question_id` at `times`: their
    days' and the question's summary rows recomputed, and the summary current again if it was
    before (the triggers marked it stale). A stale summary is left to `rebuild_day_summary`."""
    if not current:
        return
    refresh_review_question(conn, question_id)
    days: set[str] = set()
    for at in times:
        day = conn.execute("SELECT date(?, 'localtime')", (at,)).fetchone()[0]
        if not isinstance(day, str):  # not a time: the summary stays stale
            return
        days.add(day)
    for day in sorted(days):
        refresh_review_day(conn, day)
    set_review_days_stale(conn, False)


def day_summary(
    conn: sqlite3.Connection, *, topic: str | None = None
) -> dict[str, DayCounts] | None:
    """{local date: DayCounts} for every day with reviews (of `topic`, the snapshot at review
    time), newest first, from the per-day summary: the same numbers as `review_days_since`,
    `review_days`, `count_reviews` and `true_retention` give from the whole history (a
    question's first rating of a day is its earliest, ties by id).

    None when the summary cannot be read as it is: stale (`reviews` was written by another
    program), written in a time zone whose days differ from this process's for some review (a
    day's first or last review falls on another local day here), or damaged."""
    if not _days_current(conn):
        return None
    moved = conn.execute(
        "SELECT 1 FROM review_days WHERE date(first_at, 'localtime') IS NOT day "
        "OR date(last_at, 'localtime') IS NOT day LIMIT 1"
    ).fetchone()
    if moved is not None:
        return None
    if topic is None:
        rows = conn.execute(
            "SELECT day, reviews, first, first_good FROM review_days ORDER BY day DESC"
        )
    else:
        rows = conn.execute(
            "SELECT day, reviews, first, first_good FROM review_topic_days WHERE topic = ? "
            "ORDER BY day DESC",
            (lookup_text(topic),),
        )
    out: dict[str, DayCounts] = {}
    for day, reviews, first, first_good in rows:
        if not (
            isinstance(day, str)
            and type(reviews) is int
            and type(first) is int
            and type(first_good) is int
        ):
            return None
        out[day] = DayCounts(reviews, first, first_good)
    return out


def rebuild_day_summary(conn: sqlite3.Connection) -> bool:
    """The per-day summary rebuilt from the whole history, when it is stale (or its days are
    another time zone's): one pass, so that the next `quiz stats` reads days, not reviews.
    Best effort: False when the database is busy (the history stays as it was, and is read
    again next time)."""
    try:
        with transaction(conn):
            rebuild_review_days(conn)
    except StoreError:
        return False
    return True
