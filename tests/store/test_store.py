"""The progress database: schema, writes, undo, streaming readers, and refusing unsafe files."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import types
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from actloss_quiz import clock, scheduler, store
from actloss_quiz.errors import StoreError
from actloss_quiz.store import history
from tests.helpers import T0, reviews


def _card(due: datetime, state: str = "learning", stability: float = 2.3) -> scheduler.CardUpdate:
    fsrs_state = scheduler.STATES.index(state) + 1
    card = {
        "card_id": 1,
        "state": fsrs_state,
        "step": 0,
        "stability": stability,
        "difficulty": 5.0,
        "due": due.isoformat(),
        "last_review": T0.isoformat(),
    }
    return scheduler.CardUpdate(
        card_json=json.dumps(card),
        state=state,
        due=clock.iso(due),
        stability=stability,
        difficulty=5.0,
        last_review=clock.iso(T0),
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_connect_creates_parents_and_schema(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "progress.sqlite3"
    conn = store.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == store.BUSY_TIMEOUT_MS
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert set(store.TABLES) <= names
        assert {"cards_due", "reviews_reviewed_at", "reviews_question"} <= names
    finally:
        conn.close()
    store.connect(path).close()  # reopening migrates nothing and keeps working


def test_iso_is_utc_seconds_with_offset() -> None:
    local = datetime(2026, 11, 24, 6, 14, 16, 999, tzinfo=UTC).astimezone()
    assert clock.iso(local) == "2026-11-24T06:14:16+00:00"
    with pytest.raises(ValueError, match="naive"):
        clock.iso(datetime(2026, 1, 1))


def test_record_review_counts_reps_and_lapses_and_undo_restores(conn: sqlite3.Connection) -> None:
    sid = store.start_session(conn, started_at=T0, topic_filter="loss")
    first = store.record_review(
        conn,
        question_id="q1",
        rating=4,
        reviewed_at=T0,
        card=_card(T0 + timedelta(days=8), "review"),
        session_id=sid,
        answer='an answer, with "quotes"\nand lines',
        answer_score=0.5,
        number=16,
        topic="loss",
        question_difficulty="easy",
    )
    card = store.get_card(conn, "q1")
    assert card is not None and (card.reps, card.lapses, card.state) == (1, 0, "review")
    lapse = store.record_review(
        conn,
        question_id="q1",
        rating=1,
        reviewed_at=T0 + timedelta(days=8),
        card=_card(T0 + timedelta(days=8, minutes=10), "relearning"),
        session_id=sid,
    )
    card = store.get_card(conn, "q1")
    assert card is not None and (card.reps, card.lapses, card.state) == (2, 1, "relearning")

    assert store.undo_review(conn, lapse)
    card = store.get_card(conn, "q1")
    assert card is not None
    assert (card.reps, card.lapses, card.state) == (1, 0, "review")
    assert card.due == clock.iso(T0 + timedelta(days=8))
    assert [r.id for r in reviews(conn)] == [first]

    assert store.undo_review(conn, first)
    assert store.get_card(conn, "q1") is None  # it was new before its first review
    assert reviews(conn) == []
    assert not store.undo_review(conn, first)


def test_card_schedules_are_the_cards_planning_fields(conn: sqlite3.Connection) -> None:
    """Planning's narrow read holds each card's state, due, stability and last review, as the
    whole card row does."""
    assert store.card_schedules(conn) == {}
    for i, (state, stability) in enumerate(
        [("review", 8.5), ("learning", 2.3), ("relearning", 1.0)]
    ):
        store.record_review(
            conn,
            question_id=f"q{i}",
            rating=3,
            reviewed_at=T0,
            card=_card(T0 + timedelta(days=i + 1), state, stability),
        )
    got = store.card_schedules(conn)
    assert got == {
        qid: store.CardSchedule(c.state, c.due, c.stability, c.last_review)
        for qid, c in store.cards_by_id(conn).items()
    }
    assert got["q2"] == store.CardSchedule(
        "relearning", clock.iso(T0 + timedelta(days=3)), 1.0, clock.iso(T0)
    )


def test_cram_review_keeps_the_schedule(conn: sqlite3.Connection) -> None:
    store.record_review(
        conn, question_id="q", rating=3, reviewed_at=T0, card=_card(T0 + timedelta(days=3))
    )
    before = store.get_card(conn, "q")
    rid = store.record_review(conn, question_id="q", rating=1, reviewed_at=T0, card=None)
    assert store.get_card(conn, "q") == before
    (row,) = [r for r in reviews(conn) if r.id == rid]
    assert row.cram and row.rating == 1 and row.due == before.due
    store.undo_review(conn, rid)
    assert store.get_card(conn, "q") == before


def test_rating_must_be_1_to_4(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="1-4"):
        store.record_review(conn, question_id="q", rating=5, reviewed_at=T0, card=None)


def test_readers_stream_and_filter(conn: sqlite3.Connection) -> None:
    for i, topic in enumerate(["loss", "activation", "loss"]):
        store.record_review(
            conn,
            question_id=f"q{i}",
            rating=3 if i else 1,
            reviewed_at=T0 + timedelta(days=i),
            card=_card(T0 + timedelta(days=i + 1)),
            topic=topic,
            number=i,
            answer_score=0.25 * i,
        )
    rows = store.review_rows(conn, topic="loss")
    assert isinstance(rows, types.GeneratorType)
    assert [r[2] for r in rows] == ["q0", "q2"]
    assert [r[2] for r in store.review_rows(conn, since=T0 + timedelta(days=1))] == ["q1", "q2"]
    assert store.count_reviews(conn, topic="loss") == 2
    aggs = {a.question_id: a for a in store.iter_question_aggregates(conn)}
    assert aggs["q2"].reviews == 1 and aggs["q2"].correct_rate == 1.0
    assert aggs["q2"].mean_answer_score == 0.5 and aggs["q2"].state == "learning"
    assert store.true_retention(conn) == pytest.approx(2 / 3)
    assert len(store.review_days(conn)) == 3
    assert store.next_due(conn, ["q1", "q2"]) == clock.iso(T0 + timedelta(days=2))
    assert store.next_due(conn) == clock.iso(T0 + timedelta(days=1))


def test_sessions_and_drills(conn: sqlite3.Connection) -> None:
    sid = store.start_session(conn, started_at=T0, topic_filter="loss", difficulty_filter="easy")
    store.record_review(
        conn, question_id="a", rating=3, reviewed_at=T0, card=None, session_id=sid, answer_score=0.8
    )
    store.record_review(conn, question_id="b", rating=1, reviewed_at=T0, card=None, session_id=sid)
    store.end_session(conn, sid, ended_at=T0 + timedelta(minutes=3), ended_by="quit")
    did = store.start_session(conn, started_at=T0 + timedelta(hours=1), kind="drill")
    store.record_drill_answer(
        conn,
        answered_at=T0,
        template="sigmoid-at",
        correct=True,
        session_id=did,
        inputs={"x": 0},
        expected=0.5,
        given="1/2",
    )
    store.record_drill_answer(
        conn, answered_at=T0, template="sigmoid-at", correct=False, session_id=did, given=None
    )
    (quiz,) = store.iter_sessions(conn)
    assert (quiz.questions, quiz.correct, quiz.mean_answer_score) == (2, 1, 0.8)
    assert (quiz.ended_by, quiz.topic_filter, quiz.difficulty_filter) == ("quit", "loss", "easy")
    (drill,) = store.iter_sessions(conn, kind="drill")
    assert (drill.questions, drill.correct) == (2, 1)
    answers = list(store.iter_drill_answers(conn, session_id=did))
    assert json.loads(answers[0].inputs or "") == {"x": 0} and answers[0].correct
    assert answers[1].given is None and not answers[1].correct
    assert store.drill_accuracy_by(conn) == {"sigmoid-at": (2, 1)}
    with pytest.raises(ValueError):
        store.end_session(conn, sid, ended_at=T0, ended_by="bored")


def test_settings_and_reset(conn: sqlite3.Connection) -> None:
    assert store.get_settings(conn) == {}
    store.set_setting(conn, "retention", "0.85")
    store.set_setting(conn, "retention", "0.8")
    assert store.get_settings(conn) == {"retention": "0.8"}
    for q in ("a", "b"):
        store.record_review(conn, question_id=q, rating=3, reviewed_at=T0, card=_card(T0))
    assert store.reset(conn, "a") == (1, 1)
    assert store.get_card(conn, "b") is not None
    assert store.reset(conn) == (1, 1)
    assert store.count_reviews(conn) == 0
    assert store.get_settings(conn) == {"retention": "0.8"}


def test_due_forecast_groups_by_day(conn: sqlite3.Connection) -> None:
    for i, days in enumerate([0, 0, 1, 20]):
        store.record_review(
            conn,
            question_id=f"q{i}",
            rating=3,
            reviewed_at=T0,
            card=_card(T0 + timedelta(days=days)),
        )
    forecast = store.due_forecast(conn, until=T0 + timedelta(days=14))
    assert [n for _, n in forecast] == [2, 1]
    assert store.due_forecast(conn, until=T0 + timedelta(days=14), ids=["q2"])[0][1] == 1


# --- files that must be refused and left untouched -------------------------------------------


def _future(path: Path) -> None:
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE cards (x)")
    c.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    c.commit()
    c.close()


def _foreign_sqlite(path: Path) -> None:
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE moz_places (url TEXT)")
    c.execute("INSERT INTO moz_places VALUES ('https://example.org')")
    c.commit()
    c.close()


def _corrupt(path: Path) -> None:
    conn = store.connect(path)
    for i in range(200):
        store.record_review(
            conn, question_id=f"q{i}", rating=3, reviewed_at=T0, card=_card(T0), answer="x" * 200
        )
    conn.close()
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)  # every page after the schema page
    path.write_bytes(bytes(data))


def _truncated(path: Path) -> None:
    _corrupt(path)
    conn = store.connect(path.with_name("ok.sqlite3"))
    for i in range(300):
        store.record_review(
            conn, question_id=f"q{i}", rating=3, reviewed_at=T0, card=_card(T0), answer="y" * 300
        )
    conn.close()
    data = path.with_name("ok.sqlite3").read_bytes()
    path.write_bytes(data[: len(data) // 3])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_text("cards,reviews\n1,2\n"), "is not an SQLite database"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200)), "is not an SQLite database"),
        (lambda p: p.write_bytes(store.SQLITE_HEADER + os.urandom(5000)), "corrupt"),
        (_corrupt, "corrupt"),
        (_truncated, "corrupt"),
        (_future, "newer than this program knows"),
        (_foreign_sqlite, "another program"),
    ],
    ids=["text", "png", "header-then-garbage", "damaged-pages", "truncated", "future", "foreign"],
)
def test_unusable_files_are_refused_untouched(tmp_path: Path, make, message: str) -> None:
    path = tmp_path / "progress.sqlite3"
    make(path)
    before = _digest(path)
    with pytest.raises(StoreError, match=message) as info:
        store.connect(path)
    assert str(path) in str(info.value)
    assert _digest(path) == before
    assert (
        not path.with_name(path.name + "-wal").exists()
        or path.with_name(path.name + "-wal").stat().st_size == 0
    )


def test_read_only_file_and_folder_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "ro" / "progress.sqlite3"
    store.connect(path).close()
    before = _digest(path)
    path.chmod(stat.S_IRUSR)
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.connect(path)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert _digest(path) == before
    path.parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match="read-only"):
            store.connect(path)
        with pytest.raises(StoreError, match="read-only"):
            store.connect(path.parent / "new.sqlite3")
    finally:
        path.parent.chmod(stat.S_IRWXU)
    assert _digest(path) == before


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory"):
        store.connect(tmp_path)


def test_empty_file_becomes_a_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.sqlite3"
    path.touch()
    store.connect(path).close()
    assert path.read_bytes().startswith(store.SQLITE_HEADER)


def test_forward_migration_keeps_data(tmp_path: Path) -> None:
    """A database written by an older version is upgraded in place, data intact."""
    path = tmp_path / "v1.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    store.MIGRATIONS[0](old)
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO settings VALUES ('retention', '0.8')")
    old.close()
    conn = store.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert store.get_settings(conn) == {"retention": "0.8"}
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT question_id, COUNT(*), AVG(rating), AVG(answer_score) "
            "FROM reviews GROUP BY question_id"
        ).fetchall()
        assert "COVERING INDEX reviews_question" in " ".join(str(r[-1]) for r in plan)
    finally:
        conn.close()


# The rating from which a first review of the day counts as remembered: scheduler.CORRECT_FROM
# (2: hard is a pass, as in Anki and FSRS). A change of that one constant moves every use below.
HARD_IS_CORRECT = scheduler.CORRECT_FROM <= 2


def test_hard_is_a_pass() -> None:
    assert scheduler.CORRECT_FROM == 2 and HARD_IS_CORRECT


def test_hard_sits_on_the_boundary_of_true_retention_everywhere(conn: sqlite3.Connection) -> None:
    """One again, one hard, one good, one easy, each a question's first review of the day: the
    hard one decides true retention, the correct rate, the day's first-good count and the
    export's `correct` column, all from the one boundary."""
    for i, rating in enumerate([1, 2, 3, 4]):
        store.record_review(
            conn,
            question_id=f"q{rating}",
            rating=rating,
            reviewed_at=T0 + timedelta(minutes=i),
            card=None,
        )
    correct = 3 if HARD_IS_CORRECT else 2
    assert store.true_retention(conn) == pytest.approx(correct / 4)
    rates = {a.question_id: a.correct_rate for a in store.iter_question_aggregates(conn)}
    assert rates == {"q1": 0.0, "q2": 1.0 if HARD_IS_CORRECT else 0.0, "q3": 1.0, "q4": 1.0}
    (day,) = store.review_days_since(conn, since=T0 - timedelta(days=1)).values()
    assert (day.reviews, day.first, day.first_good) == (4, 4, correct)
    exported = {row[2]: row[10] for row in store.review_rows(conn)}
    assert exported["q2"] == ("true" if HARD_IS_CORRECT else "false")
    assert [exported[q] for q in ("q1", "q3", "q4")] == ["false", "true", "true"]


# --- mutation-found gaps (README "Design") ---------------------------------------------------


def test_only_a_failed_review_card_counts_a_lapse_and_undo_takes_back_only_that(
    conn: sqlite3.Connection,
) -> None:
    again = store.record_review(
        conn, question_id="q1", rating=1, reviewed_at=T0, card=_card(T0 + timedelta(minutes=1))
    )
    card = store.get_card(conn, "q1")
    assert card is not None and (card.reps, card.lapses) == (1, 0)  # a new card: no lapse
    good = store.record_review(
        conn,
        question_id="q1",
        rating=3,
        reviewed_at=T0 + timedelta(minutes=1),
        card=_card(T0 + timedelta(days=3), "review"),
    )
    assert store.undo_review(conn, good)
    card = store.get_card(conn, "q1")
    assert card is not None and (card.reps, card.lapses, card.state) == (1, 0, "learning")
    assert store.undo_review(conn, again)


def test_sessions_filtered_by_topic_and_start(conn: sqlite3.Connection) -> None:
    store.start_session(conn, started_at=T0, topic_filter="loss")
    later = store.start_session(conn, started_at=T0 + timedelta(days=1), topic_filter="activation")
    cram = store.start_session(conn, started_at=T0 + timedelta(days=2), cram=True)
    assert [s.id for s in store.iter_sessions(conn, topic="activation")] == [later]
    assert [s.id for s in store.iter_sessions(conn, since=T0 + timedelta(days=1))] == [later, cram]
    assert [s.cram for s in store.iter_sessions(conn)] == [False, False, True]
    assert len(list(store.iter_sessions(conn, kind=None))) == 3


# --- mutation-found gaps: interviews (store/interviews.py) ------------------------------------


def _interview(conn: sqlite3.Connection, at: datetime) -> int:
    return store.start_interview(
        conn, started_at=at, planned=2, budget_seconds=120.0, spoken=False, follow_ups=True
    )


def _answer(
    conn: sqlite3.Connection, interview: int, topic: str, score: float, **extra: object
) -> int:
    return store.record_interview_answer(
        conn,
        interview_id=interview,
        position=1,
        kind="question",
        question_id=f"q-{topic}",
        asked="?",
        answered_at=T0,
        seconds=30.0,
        budget_seconds=60.0,
        answer="an answer",
        answer_score=score,
        topic=topic,
        **extra,  # type: ignore[arg-type]
    )


def test_interviews_are_listed_with_or_without_answers_and_by_topic(
    conn: sqlite3.Connection,
) -> None:
    """Every interview is listed (one with no answer yet too); with a topic, only those with an
    answer on it, their aggregates over that topic's answers only."""
    first, empty, other = (_interview(conn, T0 + timedelta(minutes=m)) for m in (0, 10, 20))
    _answer(conn, first, "loss", 0.5)
    _answer(conn, other, "activation", 1.0)
    every = list(store.iter_interviews(conn))
    assert [(i.id, i.answered, i.mean_score) for i in every] == [
        (first, 1, 0.5),
        (empty, 0, None),
        (other, 1, 1.0),
    ]
    assert [(i.id, i.mean_score) for i in store.iter_interviews(conn, topic="loss")] == [
        (first, 0.5)
    ]
    assert list(store.iter_interviews(conn, topic="attention")) == []


def test_interview_answers_keep_their_points_and_misconceptions_as_readable_json(
    conn: sqlite3.Connection,
) -> None:
    """The export's `points` and `misconceptions` columns: the JSON as stored, in UTF-8 (σ, not
    \\u03c3), so a spreadsheet shows the words."""
    interview = _interview(conn, T0)
    _answer(
        conn,
        interview,
        "loss",
        0.5,
        points=[("σ of the init", True, False)],
        misconceptions=["Dropout is applied at test time — always"],
    )
    (row,) = store.iter_interview_answer_rows(conn)
    assert row[11] == '["Dropout is applied at test time — always"]'
    assert row[16] == '[["σ of the init", true, false]]'


def test_unknown_interview_values_are_refused_by_name(conn: sqlite3.Connection) -> None:
    interview = _interview(conn, T0)
    with pytest.raises(ValueError, match="unknown ended_by 'later'"):
        store.end_interview(conn, interview, ended_at=T0, ended_by="later")
    with pytest.raises(ValueError, match="unknown interview answer kind 'aside'"):
        store.record_interview_answer(
            conn,
            interview_id=interview,
            position=1,
            kind="aside",
            question_id="q",
            asked="?",
            answered_at=T0,
            seconds=1.0,
            budget_seconds=1.0,
            answer=None,
        )


@pytest.mark.parametrize(
    ("damage", "read", "table"),
    [
        (
            "INSERT INTO reviews (question_id, reviewed_at, rating, answer_score) "
            "VALUES (x'3432', '2026-11-24T05:14:16+00:00', 3, 0.5)",
            store.review_scores_by_question,
            "reviews",
        ),
        (
            "INSERT INTO interview_answers (interview_id, position, kind, question_id, asked, "
            "answered_at, seconds, budget_seconds, answer_score) "
            "VALUES (1, 1, 'question', x'3432', '?', '2026-11-24T05:14:16+00:00', 1, 1, 0.5)",
            store.interview_scores_by_question,
            "interview_answers",
        ),
        (
            "UPDATE interviews SET started_at = x'3230'",
            lambda conn: list(store.iter_interviews(conn)),
            "interviews",
        ),
        (
            "INSERT INTO interview_answers (interview_id, position, kind, question_id, asked, "
            "answered_at, seconds, budget_seconds) "
            "VALUES (1, 1, 'question', x'3432', '?', '2026-11-24T05:14:16+00:00', 1, 1)",
            lambda conn: list(store.iter_interview_answer_rows(conn)),
            "interview_answers",
        ),
    ],
    ids=["reviews", "interview-answers", "interviews", "interview-export"],
)
def test_a_wrongly_typed_interview_read_names_its_table(
    conn: sqlite3.Connection, damage: str, read: object, table: str
) -> None:
    _interview(conn, T0)
    conn.execute(damage)
    with pytest.raises(StoreError, match=f"a row of '{table}' holds a value of the wrong type"):
        read(conn)  # type: ignore[operator]


def test_unknown_session_values_are_refused_by_name(conn: sqlite3.Connection) -> None:
    with pytest.raises(ValueError, match="unknown session kind 'nap'"):
        store.start_session(conn, started_at=T0, kind="nap")
    session = store.start_session(conn, started_at=T0)
    with pytest.raises(ValueError, match="unknown ended_by 'later'"):
        store.end_session(conn, session, ended_at=T0, ended_by="later")


def test_drill_accuracy_groups_by_template_level_or_topic_only(conn: sqlite3.Connection) -> None:
    for template, level, topic, correct in (
        ("softmax", "easy", "loss", True),
        ("softmax", "hard", "loss", False),
        ("relu", "easy", "activation", True),
    ):
        store.record_drill_answer(
            conn,
            answered_at=T0,
            template=template,
            correct=correct,
            level=level,
            topic=topic,
            given="1",
        )
    assert store.drill_accuracy_by(conn, "template") == {"softmax": (2, 1), "relu": (1, 1)}
    assert store.drill_accuracy_by(conn, "level") == {"easy": (2, 2), "hard": (1, 0)}
    assert store.drill_accuracy_by(conn, "topic") == {"loss": (2, 1), "activation": (1, 1)}
    assert store.drill_accuracy_by(conn, "level", topic="loss") == {"easy": (1, 1), "hard": (1, 0)}
    with pytest.raises(ValueError, match="^given$"):
        store.drill_accuracy_by(conn, "given")


def test_undo_puts_the_card_back_exactly_as_it_was(conn: sqlite3.Connection) -> None:
    """Through a lapse and back to review, undoing each later rating restores the card row as it
    was: its last review, its reps, and its lapses (only a failed review counts one)."""
    from tests.helpers import rate

    q = ("q1", 1, "loss", "easy")
    at, cards, ids = T0, [], []
    for rating in (3, 3, 3, 1, 3, 3, 3):
        done = rate(conn, q, rating, at, session_id=None)
        ids.append(done.review_id)
        cards.append(store.get_card(conn, "q1"))
        assert done.due is not None
        at = max(done.due, at + timedelta(minutes=1))
    assert cards[-1] is not None and cards[-1].lapses == 1
    assert [c.state for c in cards[-2:] if c] == ["review", "review"]  # a good review undone
    for i in range(len(ids) - 1, 0, -1):
        assert store.undo_review(conn, ids[i]) is True
        assert store.get_card(conn, "q1") == cards[i - 1]
    cram = rate(conn, q, 1, at, session_id=None, cram=True)
    assert store.undo_review(conn, cram.review_id) is True
    assert store.get_card(conn, "q1") == cards[0]
    assert store.undo_review(conn, cram.review_id) is False  # gone already


def test_interview_answer_rows_by_start_and_topic(conn: sqlite3.Connection) -> None:
    """`quiz export --what interviews --since/--topic`: the interview's start, the answer's topic,
    or both."""
    early, late = _interview(conn, T0), _interview(conn, T0 + timedelta(days=2))
    for interview in (early, late):
        _answer(conn, interview, "loss", 0.5)
        _answer(conn, interview, "activation", 1.0)

    def rows(**kw: object) -> list[tuple[int, str]]:
        return [(r[0], r[5]) for r in store.iter_interview_answer_rows(conn, **kw)]  # type: ignore[arg-type]

    assert len(rows()) == 4
    assert rows(since=T0 + timedelta(days=1)) == [(late, "loss"), (late, "activation")]
    assert rows(topic="loss") == [(early, "loss"), (late, "loss")]
    assert rows(topic="loss", since=T0 + timedelta(days=1)) == [(late, "loss")]


@pytest.mark.parametrize(
    ("damage", "read", "says"),
    [
        (
            "INSERT INTO sessions (kind, started_at, topic_filter) "
            "VALUES ('quiz', '2026-11-24T05:14:16+00:00', x'6c6f7373')",
            lambda conn: list(store.iter_sessions(conn)),
            "a row of 'sessions' holds a value of the wrong type",
        ),
        (
            "INSERT INTO reviews (question_id, reviewed_at, rating, topic) "
            "VALUES ('q1', '2026-11-24T05:14:16+00:00', 3, x'6c6f7373')",
            lambda conn: list(store.iter_question_aggregates(conn)),
            "a row of 'reviews' holds a value of the wrong type",
        ),
        (
            "INSERT INTO drill_answers (answered_at, template, correct) "
            "VALUES ('2026-11-24T05:14:16+00:00', x'6c6f7373', 1)",
            lambda conn: store.drill_accuracy_by(conn, "template"),
            "a row of 'drill_answers' holds a value of the wrong type",
        ),
        (
            "INSERT INTO drill_answers (answered_at, template, correct) "
            "VALUES ('2026-11-24T05:14:16+00:00', x'6c6f7373', 1)",
            lambda conn: list(store.iter_drill_answers(conn)),
            r"damaged \(drill_answers\.template, row 1\)",
        ),
    ],
    ids=["sessions", "question-aggregates", "drill-accuracy", "drill-answers"],
)
def test_a_wrongly_typed_history_row_names_its_table(
    conn: sqlite3.Connection, damage: str, read: object, says: str
) -> None:
    conn.execute(damage)
    with pytest.raises(StoreError, match=says):
        read(conn)  # type: ignore[operator]


# --- mutation-found gaps: the history (store/history.py, second review) ------------------------


def _day_of(at: datetime) -> str:
    return at.astimezone().date().isoformat()


def _two_reviews(conn: sqlite3.Connection) -> None:
    """Row 1 a good review of q1; row 2 a review of q2 (the one a test damages)."""
    for qid, at in (("q1", T0), ("q2", T0 + timedelta(hours=1))):
        store.record_review(
            conn,
            question_id=qid,
            rating=3,
            reviewed_at=at,
            card=_card(at + timedelta(days=2)),
            topic="loss",
        )


@pytest.mark.parametrize(
    ("damage", "column"),
    [
        ("reviewed_at = 'yesterday'", "reviewed_at"),
        ("reviewed_at = CAST('2026-11-24T05:14:16+00:00' AS BLOB)", "reviewed_at"),
        ("due = 'soon', stability = NULL", "due"),
        ("due = x'3230', stability = NULL", "due"),
    ],
    ids=["time-text", "time-blob", "due-text", "due-blob"],
)
def test_an_export_of_a_damaged_review_names_its_column_and_row(
    conn: sqlite3.Connection, damage: str, column: str
) -> None:
    """The review export checks each row's time and due as it streams: the good row first, then
    the message with the table, column and row of the damage."""
    _two_reviews(conn)
    conn.execute(f"UPDATE reviews SET {damage} WHERE question_id = 'q2'")  # noqa: S608
    rows = store.review_rows(conn)
    assert next(rows)[2] == "q1"
    with pytest.raises(StoreError, match=rf"damaged \(reviews\.{column}, row 2\)"):
        next(rows)


def test_days_of_a_review_time_that_is_no_date_name_its_row(conn: sqlite3.Connection) -> None:
    _two_reviews(conn)
    conn.execute("UPDATE reviews SET reviewed_at = 'yesterday' WHERE question_id = 'q2'")
    says = r"damaged \(reviews\.reviewed_at, row 2\)"
    with pytest.raises(StoreError, match=says):
        store.review_days(conn)
    with pytest.raises(StoreError, match=says):
        store.review_days_since(conn, since=T0 - timedelta(days=1))


def test_a_lone_surrogate_in_a_filter_matches_nothing_and_raises_nothing(
    conn: sqlite3.Connection,
) -> None:
    """Undecodable argument bytes (a lone surrogate) cannot be bound as SQL text: they are looked
    up as U+FFFD, which nothing stored holds."""
    _two_reviews(conn)
    looked_up = store.lookup_text("loss\udcff")
    assert looked_up.startswith("loss\ufffd") and "\udcff" not in looked_up
    assert store.count_reviews(conn, topic="loss\udcff") == 0
    assert store.count_reviews(conn, question_id="q1\udcff") == 0
    assert store.count_reviews(conn, question_id="q1") == 1
    assert store.topic_in_history(conn, "loss\udcff") is False


def test_a_topic_is_in_the_history_of_the_table_asked_about_only(
    conn: sqlite3.Connection,
) -> None:
    store.record_drill_answer(conn, answered_at=T0, template="softmax", correct=True, topic="d")
    interview = _interview(conn, T0)
    _answer(conn, interview, "i", 0.5)
    assert [store.topic_in_history(conn, t) for t in ("d", "i")] == [False, False]
    assert store.topic_in_history(conn, "d", drills=True) is True
    assert store.topic_in_history(conn, "i", drills=True) is False
    assert store.topic_in_history(conn, "i", interviews=True) is True
    assert store.topic_in_history(conn, "d", interviews=True) is False


def test_retention_and_days_of_one_topic_and_from_a_time_on(conn: sqlite3.Connection) -> None:
    """`true_retention`, `review_days` and `review_days_since` read only the topic asked for
    (the snapshot at review time) and, with `since`, only the ratings from then on; a day counts
    every rating and each question's first once."""
    assert store.true_retention(conn) is None
    day2 = T0 + timedelta(days=2)
    for qid, rating, at, topic in (
        ("q1", 1, T0, "loss"),
        ("q2", 4, T0, "activation"),
        ("q1", 3, day2, "loss"),
        ("q1", 1, day2 + timedelta(minutes=5), "loss"),
    ):
        store.record_review(
            conn, question_id=qid, rating=rating, reviewed_at=at, card=None, topic=topic
        )
    assert store.true_retention(conn, topic="activation") == 1.0
    assert store.true_retention(conn, topic="loss") == 0.5
    assert store.true_retention(conn, topic="attention") is None
    assert store.review_days(conn, topic="activation") == [_day_of(T0)]
    since = store.review_days_since(conn, since=T0 + timedelta(days=1))
    assert list(since.values()) == [store.DayCounts(reviews=2, first=1, first_good=1)]
    assert store.review_days_since(conn, since=T0 - timedelta(days=1), topic="activation") == {
        _day_of(T0): store.DayCounts(reviews=1, first=1, first_good=1)
    }


def test_a_cram_review_keeps_the_cards_schedule_in_its_row(conn: sqlite3.Connection) -> None:
    store.record_review(
        conn, question_id="q1", rating=3, reviewed_at=T0, card=_card(T0 + timedelta(days=2))
    )
    store.record_review(conn, question_id="q1", rating=1, reviewed_at=T0, card=None)
    graded, crammed = store.review_rows(conn)
    assert crammed[12] == "true" and crammed[13:16] == graded[13:16]
    assert crammed[14:16] == (2.3, 5.0)  # stability, difficulty


def test_drill_answers_stored_as_given_and_read_back_by_time_and_session(
    conn: sqlite3.Connection,
) -> None:
    session = store.start_session(conn, started_at=T0, kind="drill")
    first = store.record_drill_answer(
        conn, answered_at=T0, template="softmax", correct=True, inputs={"σ": [1, 2]}
    )
    second = store.record_drill_answer(
        conn,
        answered_at=T0 + timedelta(days=1),
        template="softmax",
        correct=False,
        session_id=session,
    )
    assert (first, second) == (1, 2)
    rows = list(store.iter_drill_answers(conn))
    assert [(r.id, r.inputs) for r in rows] == [(1, '{"σ": [1, 2]}'), (2, None)]
    assert [r.id for r in store.iter_drill_answers(conn, since=T0 + timedelta(hours=1))] == [2]
    assert [r.id for r in store.iter_drill_answers(conn, session_id=session)] == [2]
    assert store.drill_accuracy_by(conn, "level") == {None: (2, 1)}  # no level given


def test_response_seconds_are_the_last_thousand_timed_ratings(conn: sqlite3.Connection) -> None:
    conn.executemany(
        "INSERT INTO reviews (question_id, reviewed_at, rating, response_seconds) "
        "VALUES ('q1', ?, 3, ?)",
        [(clock.iso(T0 + timedelta(seconds=i)), float(i + 1)) for i in range(1001)],
    )
    seconds = store.response_seconds(conn)
    assert len(seconds) == 1000 and seconds[0] == 1001.0 and seconds[-1] == 2.0


def test_undo_and_reset_keep_the_summary_current_and_the_questions_right(
    conn: sqlite3.Connection,
) -> None:
    """Undoing a rating or resetting one question refreshes its days' and its own summary rows:
    the summary stays current and reads as the history does."""
    for qid, rating, minutes in (("q1", 3, 0), ("q1", 1, 5), ("q2", 3, 10)):
        review = store.record_review(
            conn,
            question_id=qid,
            rating=rating,
            reviewed_at=T0 + timedelta(minutes=minutes),
            card=None,
        )
    assert store.undo_review(conn, review - 1)  # q1's `again`
    assert history.summary_current(conn)
    assert [(a.question_id, a.reviews) for a in store.iter_question_aggregates(conn)] == [
        ("q1", 1),
        ("q2", 1),
    ]
    assert store.day_summary(conn) == {
        _day_of(T0): store.DayCounts(reviews=2, first=2, first_good=2)
    }
    assert store.reset(conn, "q1") == (0, 1)
    assert history.summary_current(conn)
    assert [a.question_id for a in store.iter_question_aggregates(conn)] == ["q2"]
    assert store.day_summary(conn) == {
        _day_of(T0): store.DayCounts(reviews=1, first=1, first_good=1)
    }


def test_the_day_summary_is_read_only_when_current_whole_and_well_typed(
    conn: sqlite3.Connection,
) -> None:
    store.record_review(conn, question_id="q1", rating=3, reviewed_at=T0, card=None, topic="t")
    day = _day_of(T0)
    assert store.day_summary(conn) == {day: store.DayCounts(1, 1, 1)}
    assert store.day_summary(conn, topic="t") == {day: store.DayCounts(1, 1, 1)}
    assert store.day_summary(conn, topic="u") == {}
    conn.execute("UPDATE review_days SET first_at = '2001-01-01T00:00:00+00:00'")  # another day
    assert store.day_summary(conn) is None
    assert store.rebuild_day_summary(conn) is True
    for column in ("reviews", "first", "first_good"):
        conn.execute(f"UPDATE review_days SET {column} = 'x'")  # noqa: S608
        assert store.day_summary(conn) is None, column
        conn.execute(f"UPDATE review_days SET {column} = 1")  # noqa: S608
    assert store.day_summary(conn) == {day: store.DayCounts(1, 1, 1)}
    conn.execute(
        "INSERT INTO reviews (question_id, reviewed_at, rating) VALUES ('q2', ?, 1)",
        (clock.iso(T0),),
    )
    assert store.day_summary(conn) is None  # written behind the store's back: stale


def test_a_busy_rebuild_of_the_summary_says_so(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(_conn: sqlite3.Connection) -> None:
        raise StoreError("busy")

    monkeypatch.setattr(history, "rebuild_review_days", busy)
    assert store.rebuild_day_summary(conn) is False
