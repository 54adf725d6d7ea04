"""The judge bound to a bank and the one way a rating is recorded (`actloss_quiz.review`)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from actloss_quiz import scheduler, store
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
    known = known_words(bank.questions)
    assert j.known_words() == known
    assert j.known_words() is j.known_words()  # computed once
    for q in bank.questions:
        for text in (q.answer, q.answer.replace("gradient", "gradeint"), "no idea"):
            want = judge(
                text,
                q.key_points,
                q.misconceptions,
                bank.synonyms,
                known=known,
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


# --- mutation-found gaps (benchmarks/mutation.py; README "Design") ----------------------------


def test_a_term_of_another_question_is_not_read_as_a_typo(bank: Bank) -> None:
    """The judge knows every term of the bank, not only the question's own: "precision" (a
    term of another question) is not a typo of Q1's "decision", while a real typo still is."""
    q = next(q for q in bank.questions if q.id == "why-nonlinear")
    j = Judge(bank)

    def matched(text: str) -> set[str]:
        points = j(text, q.key_points, q.misconceptions, q.subject).points
        return {p.matched for p in points if p.matched}

    assert any("decision" in m for m in matched("nonlinear decision boundaries"))
    assert matched("nonlinear decisoin boundaries") == matched("nonlinear decision boundaries")
    assert not any("decision" in m for m in matched("nonlinear precision boundaries"))


def test_the_judge_normalises_a_synonym_group_the_bank_did_not_keep(bank: Bank) -> None:
    """A bank built without the cache's normalised groups (`synonym_forms` empty) is judged the
    same: each group is normalised when the index is built."""
    import dataclasses

    bare = dataclasses.replace(bank, synonym_forms={})
    assert bank.synonyms and not bare.synonym_forms
    for q in bank.questions[:6]:
        for text in (q.answer, "no idea"):
            want = Judge(bank)(text, q.key_points, q.misconceptions, q.subject)
            assert Judge(bare)(text, q.key_points, q.misconceptions, q.subject) == want


def test_record_rating_stores_the_seconds_to_the_millisecond(conn: sqlite3.Connection) -> None:
    record_rating(conn, Q, 3, now=T0, settings=Settings(), seconds=1.23456, fuzzing=False)
    assert reviews(conn)[0].response_seconds == 1.235


def _good_until_review(
    conn: sqlite3.Connection, q: Question, at: datetime, s: Settings
) -> datetime:
    while True:
        done = record_rating(conn, q, 3, now=at, settings=s, fuzzing=False)
        assert done.due is not None
        at = max(at, done.due)
        card = store.get_card(conn, q.id)
        if card is not None and card.state == "review":
            return at


def test_record_rating_applies_the_interval_the_prompt_showed(conn: sqlite3.Connection) -> None:
    """`outcome` (the previewed review) is what is stored, not a review computed again (here the
    preview was at another retention, so a recomputed one would be due at another time)."""
    s = Settings(retention=0.97)
    at = _good_until_review(conn, Q, T0, s)
    before = store.get_card(conn, Q.id)
    assert before is not None
    shown = scheduler.outcomes(Q.id, before.card_json, now=at, retention=0.7, fuzzing=False)
    done = record_rating(conn, Q, 3, now=at, settings=s, fuzzing=False, outcome=shown[3])
    assert done.due == shown[3].due
    card = store.get_card(conn, Q.id)
    assert card is not None and card.due == shown[3].card.due


def test_a_leech_is_reported_on_its_threshold_lapse_not_on_the_ratings_after(
    conn: sqlite3.Connection,
) -> None:
    """With leech-lapses 2 and leech-action suspend: the second lapse suspends the question; put
    back in rotation, a rating that is not a lapse neither reports it again nor suspends it."""
    s = Settings(leech_lapses=2, leech_action="suspend")
    at = T0
    leeches = []
    for _ in range(2):
        at = _good_until_review(conn, Q, at, s)
        lapse = record_rating(conn, Q, 1, now=at, settings=s, fuzzing=False)
        leeches.append(lapse.leech)
        assert lapse.due is not None
        at = lapse.due
    assert leeches[0] is None
    assert leeches[1] is not None and leeches[1].lapses == 2 and leeches[1].suspended is True
    assert store.suspended_ids(conn) == {Q.id}
    store.unsuspend(conn, [Q.id])
    again = record_rating(conn, Q, 3, now=at, settings=s, fuzzing=False)
    assert again.leech is None and not again.leech_suspended
    assert store.suspended_ids(conn) == frozenset()


def test_a_tagged_leech_is_not_suspended(conn: sqlite3.Connection) -> None:
    s = Settings(leech_lapses=1, leech_action="tag")
    at = _good_until_review(conn, Q, T0, s)
    lapse = record_rating(conn, Q, 1, now=at, settings=s, fuzzing=False)
    assert lapse.leech is not None and lapse.leech.suspended is False
    assert lapse.leech_suspended is False and store.suspended_ids(conn) == frozenset()
