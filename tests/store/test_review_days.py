"""The per-day summary of the reviews (m007): always what the history itself gives.

After any sequence of ratings, undos and resets the summary equals a recomputation from the
reviews; a write that bypasses the store makes it stale (read whole again, then rebuilt); a
reader in another time zone does not trust days written in this one.
"""

from __future__ import annotations

import contextlib
import json
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from actloss_quiz import clock, scheduler, store
from actloss_quiz.stats import compute_stats
from actloss_quiz.store import schema


@pytest.fixture(autouse=True)
def _berlin(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A zone with an offset and a DST change inside the history, so local days are not UTC's."""
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _start() -> datetime:
    return datetime(2026, 3, 20, 20, 0, tzinfo=UTC)  # DST starts on 2026-03-29 in Berlin


def _card(at: datetime, state: str = "review") -> scheduler.CardUpdate:
    card = {
        "card_id": 1,
        "state": scheduler.STATES.index(state) + 1,
        "step": 0,
        "stability": 3.0,
        "difficulty": 5.0,
        "due": (at + timedelta(days=2)).isoformat(),
        "last_review": at.isoformat(),
    }
    return scheduler.CardUpdate(
        card_json=json.dumps(card),
        state=state,
        due=clock.iso(at + timedelta(days=2)),
        stability=3.0,
        difficulty=5.0,
        last_review=clock.iso(at),
    )


def _recomputed(conn: sqlite3.Connection, topic: str | None = None) -> dict[str, tuple[int, ...]]:
    """{day: (reviews, first, first_good)} from the raw rows, in Python (days by SQLite)."""
    rows = conn.execute(
        "SELECT id, question_id, reviewed_at, rating, topic, date(reviewed_at, 'localtime') "
        "FROM reviews ORDER BY reviewed_at, id"
    ).fetchall()
    out: dict[str, list[int]] = {}
    firsts: set[tuple[str, str]] = set()
    for _, qid, _, rating, row_topic, day in rows:
        if topic is not None and row_topic != topic:
            continue
        counts = out.setdefault(day, [0, 0, 0])
        counts[0] += 1
        if (qid, day) not in firsts:
            firsts.add((qid, day))
            counts[1] += 1
            counts[2] += rating >= scheduler.CORRECT_FROM
    return {d: tuple(c) for d, c in sorted(out.items(), reverse=True)}


def _summary(conn: sqlite3.Connection, topic: str | None = None) -> dict[str, tuple[int, ...]]:
    days = store.day_summary(conn, topic=topic)
    assert days is not None, "the summary should be current"
    assert list(days) == sorted(days, reverse=True)
    return {d: (c.reviews, c.first, c.first_good) for d, c in days.items()}


def _tables(conn: sqlite3.Connection) -> tuple[list[Any], ...]:
    return (
        conn.execute("SELECT * FROM review_days ORDER BY day").fetchall(),
        conn.execute("SELECT * FROM review_topic_days ORDER BY topic, day").fetchall(),
        conn.execute("SELECT * FROM review_questions ORDER BY question_id").fetchall(),
    )


def _aggregates(conn: sqlite3.Connection) -> list[store.QuestionAggregate]:
    """Every question's aggregates, from the summary when it is current."""
    return list(store.iter_question_aggregates(conn))


def _grouped(conn: sqlite3.Connection) -> list[store.QuestionAggregate]:
    """... and grouped from every review, as before the summary (a topic of None is no filter,
    but any `since` makes it group the reviews)."""
    return list(store.iter_question_aggregates(conn, since=datetime(1970, 1, 1, tzinfo=UTC)))


def _scores_grouped(conn: sqlite3.Connection) -> list[tuple[str, int, float]]:
    """`review_scores_by_question`'s query over every review, as before the summary."""
    sql = (
        "SELECT question_id, COUNT(answer_score), AVG(answer_score) FROM reviews "
        "WHERE answer_score IS NOT NULL GROUP BY question_id"
    )
    return [tuple(r) for r in conn.execute(sql)]


def _agrees(conn: sqlite3.Connection) -> None:
    for topic in (None, "loss", "activation"):
        assert _summary(conn, topic) == _recomputed(conn, topic)
    assert _aggregates(conn) == _grouped(conn)
    scores = store.review_scores_by_question(conn)
    assert [(q, *v) for q, v in scores.items()] == _scores_grouped(conn)
    kept = _tables(conn)
    with store.transaction(conn):  # a rebuild from scratch gives the same rows
        schema.rebuild_review_days(conn)
    assert _tables(conn) == kept
    assert store.day_summary(conn) is not None


@pytest.mark.parametrize("seed", range(6))
def test_the_summary_equals_the_history_after_ratings_undos_and_resets(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    conn = store.connect(tmp_path / "q.sqlite3")
    try:
        at = _start()
        recorded: list[int] = []
        for step in range(120):
            # Minutes to a day apart, so ratings cluster around local midnights and the DST change.
            at += timedelta(minutes=rng.choice((1, 7, 50, 180, 600, 1440)))
            action = rng.random()
            if action < 0.15 and recorded:
                assert store.undo_review(conn, recorded.pop())
            elif action < 0.18:
                store.reset(conn, f"q{rng.randrange(5)}")
                recorded.clear()  # (their ids may be gone)
            else:
                qid = f"q{rng.randrange(5)}"
                cram = rng.random() < 0.1
                recorded.append(
                    store.record_review(
                        conn,
                        question_id=qid,
                        rating=rng.randint(1, 4),
                        reviewed_at=at - timedelta(hours=rng.choice((0, 0, 0, 30))),  # late
                        card=None if cram else _card(at),
                        topic=rng.choice(("loss", "activation", None)),
                        answer_score=rng.choice((None, rng.random())),
                    )
                )
            if step % 10 == 0:
                _agrees(conn)
        _agrees(conn)
        store.reset(conn)
        assert _summary(conn) == {} == _recomputed(conn)
    finally:
        conn.close()


def test_a_new_database_has_a_current_empty_summary(tmp_path: Path) -> None:
    with store.connection(tmp_path / "q.sqlite3") as conn:
        assert store.day_summary(conn) == {}
        assert conn.execute("SELECT name FROM migrations ORDER BY rowid DESC").fetchone()[0] == (
            "m007_review_days"
        )


def test_the_migration_fills_the_summary_from_the_history(tmp_path: Path) -> None:
    """A version-6 database with reviews: opened, its summary is the history's."""
    path = tmp_path / "v6.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as old:
        for migration in store.MIGRATIONS[:6]:
            migration(old)
        old.execute("PRAGMA user_version = 6")
        for name in schema.MIGRATION_NAMES[:6]:
            old.execute("INSERT INTO migrations VALUES (?, NULL)", (name,))
        at = _start()
        old.executemany(
            "INSERT INTO reviews (question_id, reviewed_at, rating, topic) VALUES (?, ?, ?, ?)",
            [
                (f"q{i % 3}", clock.iso(at + timedelta(hours=5 * i)), 1 + i % 4, "loss")
                for i in range(40)
            ],
        )
    with store.connection(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 40  # nothing lost
        assert _summary(conn) == _recomputed(conn)
        assert _summary(conn, "loss") == _recomputed(conn, "loss")
        assert sum(n for n, _, _ in _summary(conn).values()) == 40
        assert _aggregates(conn) == _grouped(conn) and len(_aggregates(conn)) == 3


def test_a_write_behind_the_stores_back_makes_it_stale_until_stats_rebuilds_it(
    tmp_path: Path,
) -> None:
    conn = store.connect(tmp_path / "q.sqlite3")
    try:
        at = _start()
        for i in range(5):
            store.record_review(
                conn, question_id="q1", rating=3, reviewed_at=at + timedelta(hours=i), card=None
            )
        assert store.day_summary(conn) is not None
        conn.execute(
            "INSERT INTO reviews (question_id, reviewed_at, rating) VALUES ('q2', ?, 1)",
            (clock.iso(at),),
        )
        assert store.day_summary(conn) is None
        assert [a.question_id for a in _aggregates(conn)] == ["q1", "q2"]  # grouped again
        # A rating through the store does not make a stale summary current by itself.
        store.record_review(conn, question_id="q1", rating=2, reviewed_at=at, card=None)
        assert store.day_summary(conn) is None
        data = compute_stats(conn, [], at + timedelta(days=1), topic=None)
        assert data["total_reviews"] == 7
        assert _summary(conn) == _recomputed(conn)  # rebuilt by `quiz stats`
        conn.execute("UPDATE reviews SET rating = 4 WHERE question_id = 'q2'")
        assert store.day_summary(conn) is None
        conn.execute("UPDATE reviews SET answer = 'x'")  # not a column the summary reads
        assert store.rebuild_day_summary(conn)
        conn.execute("UPDATE reviews SET answer = 'y'")
        assert store.day_summary(conn) is not None
    finally:
        conn.close()


def test_days_written_in_another_time_zone_are_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    conn = store.connect(tmp_path / "q.sqlite3")
    try:
        at = _start().replace(hour=22, minute=30)  # 23:30 in Berlin, 22:30 in London
        store.record_review(conn, question_id="q1", rating=3, reviewed_at=at, card=None)
        store.record_review(
            conn, question_id="q1", rating=1, reviewed_at=at + timedelta(hours=12), card=None
        )
        assert store.day_summary(conn) is not None
        monkeypatch.setenv("TZ", "Asia/Tokyo")  # the first is on the next day there
        time.tzset()
        assert store.day_summary(conn) is None
        whole = compute_stats(conn, [], at + timedelta(days=1), topic=None)
        assert _summary(conn) == _recomputed(conn)  # rebuilt in this zone
        assert compute_stats(conn, [], at + timedelta(days=1), topic=None) == whole
        monkeypatch.setenv("TZ", "Asia/Seoul")  # the same days as Tokyo's: trusted
        time.tzset()
        assert _summary(conn) == _recomputed(conn)
        monkeypatch.setenv("TZ", "Europe/London")  # the two on two days again
        time.tzset()
        assert store.day_summary(conn) is None
    finally:
        conn.close()


def test_stats_are_the_same_from_the_summary_and_from_the_history(tmp_path: Path) -> None:
    from actloss_quiz.bank import load_bank

    bank = load_bank()
    rng = random.Random(7)
    conn = store.connect(tmp_path / "q.sqlite3")
    try:
        at = _start() - timedelta(days=200)
        ids: list[int] = []
        for _ in range(400):
            at += timedelta(minutes=rng.choice((2, 30, 400, 1440, 2880)))
            q = rng.choice(bank.questions)
            ids.append(
                store.record_review(
                    conn,
                    question_id=q.id,
                    rating=rng.randint(1, 4),
                    reviewed_at=at,
                    card=_card(at, rng.choice(("review", "learning"))),
                    number=q.number,
                    topic=q.topic,
                    question_difficulty=q.difficulty,
                )
            )
            if rng.random() < 0.1:
                store.undo_review(conn, ids.pop())
        now = at + timedelta(hours=3)
        for topic in (None, "loss"):
            questions = [q for q in bank.questions if topic is None or q.topic == topic]
            fast = compute_stats(conn, questions, now, topic=topic, bank=bank.questions)
            conn.execute("UPDATE review_days_state SET stale = 1")
            whole = compute_stats(conn, questions, now, topic=topic, bank=bank.questions)
            assert store.day_summary(conn) is not None  # rebuilt
            assert fast == whole
            assert fast["total_reviews"] > 0 and fast["true_retention"] is not None
    finally:
        conn.close()
