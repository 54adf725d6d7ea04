"""The judge bound to a bank and the one way a rating is recorded (`actloss_quiz.review`)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from actloss_quiz import store
from actloss_quiz.bank import Bank, Question, load_bank
from actloss_quiz.review import Judge, record_rating
from actloss_quiz.scoring import MAX_ANSWER_CHARS, judge, known_words
from actloss_quiz.settings import Settings
from tests.helpers import T0, reviews

Q = Question(id="q1", number=1, topic="loss", difficulty="easy", question="?", answer="!")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank(user=False)


def test_the_judge_is_scoring_judge_with_the_banks_synonyms_known_words_and_domain(
    bank: Bank,
) -> None:
    j = Judge(bank)
    assert j.known_words() == known_words(bank.questions)
    assert j.known_words() is j.known_words()  # computed once
    for q in bank.questions:
        for text in (q.answer, q.answer.replace("gradient", "gradeint"), "no idea"):
            want = judge(
                text,
                q.key_points,
                q.misconceptions,
                bank.synonyms,
                known=known_words(bank.questions),
                subject=tuple(q.subject),
                domain=bank.domain,
            )
            assert j(text, q.key_points, q.misconceptions, q.subject) == want


def test_the_cut_keeps_the_start_the_scorer_reads() -> None:
    assert Judge.cut("short") == ("short", None)
    text, cut = Judge.cut("x" * (MAX_ANSWER_CHARS + 5))
    assert text == "x" * MAX_ANSWER_CHARS and cut is not None
    assert (cut.chars, cut.limit) == (MAX_ANSWER_CHARS + 5, MAX_ANSWER_CHARS)


def test_record_rating_stores_the_time_taken_in_the_review_and_fsrs_log(
    conn: sqlite3.Connection,
) -> None:
    first = record_rating(conn, Q, 3, now=T0, settings=Settings(), seconds=2.50004, fuzzing=False)
    (row,) = reviews(conn)
    assert row.response_seconds == 2.5
    assert json.loads(row.review_log)["review_duration"] == 2500
    assert (row.number, row.topic, row.question_difficulty) == (1, "loss", "easy")
    cram = record_rating(conn, Q, 1, now=T0, settings=Settings(), cram=True)
    assert cram.card is None and cram.due == first.due  # cram leaves the schedule as it was


def test_record_rating_schedules_at_the_users_retention_without_fuzz_unless_asked(
    conn: sqlite3.Connection,
) -> None:
    def due_after_three_goods(retention: float, fuzzing: bool, qid: str) -> str:
        q = Question(id=qid, number=1, topic="loss", difficulty="easy", question="?", answer="!")
        at = T0
        for _ in range(3):
            done = record_rating(
                conn, q, 3, now=at, settings=Settings(retention=retention), fuzzing=fuzzing
            )
            assert done.due is not None
            at = done.due
        card = store.get_card(conn, qid)
        assert card is not None and card.due is not None
        return card.due

    assert due_after_three_goods(0.9, False, "a") == due_after_three_goods(0.9, False, "b")
    assert due_after_three_goods(0.8, False, "c") > due_after_three_goods(0.95, False, "d")


def test_record_rating_fuzzes_the_interval_by_default(conn: sqlite3.Connection) -> None:
    dues = set()
    for n in range(12):
        q = Question(
            id=f"f{n}", number=n, topic="loss", difficulty="easy", question="?", answer="!"
        )
        at = T0
        for _ in range(3):  # long enough an interval for fsrs's fuzz
            done = record_rating(conn, q, 3, now=at, settings=Settings())
            assert done.due is not None
            at = done.due
        dues.add(at - T0)
    assert len(dues) > 1
