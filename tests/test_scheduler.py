"""fsrs wrapper: intervals per rating, retrievability, and what a review stores."""

from __future__ import annotations

import json
from datetime import UTC, timedelta

import pytest

from actloss_quiz import scheduler
from tests.helpers import T0


def test_again_on_a_new_card_comes_back_within_minutes() -> None:
    r = scheduler.review("q", None, 1, now=T0)
    assert r.card.state == "learning"
    assert timedelta(0) < r.due - T0 <= timedelta(minutes=10)


def test_easy_on_a_new_card_comes_back_in_days() -> None:
    r = scheduler.review("q", None, 4, now=T0)
    assert r.card.state == "review"
    assert r.due - T0 >= timedelta(days=2)


def test_again_after_easy_is_a_lapse_into_relearning() -> None:
    first = scheduler.review("q", None, 4, now=T0, fuzzing=False)
    second = scheduler.review("q", first.card.card_json, 1, now=first.due, fuzzing=False)
    assert second.card.state == "relearning"
    assert second.card.stability < first.card.stability
    assert second.due - first.due <= timedelta(minutes=10)


def test_review_log_keeps_duration_and_a_stable_card_id() -> None:
    r = scheduler.review("relu-definition", None, 3, now=T0, duration_ms=4200)
    log = json.loads(r.review_log)
    assert log["review_duration"] == 4200 and log["rating"] == 3
    assert log["card_id"] == scheduler.card_id_for("relu-definition")
    assert json.loads(r.card.card_json)["card_id"] == log["card_id"]
    assert scheduler.card_id_for("a") != scheduler.card_id_for("b")


def test_lower_retention_schedules_further_out() -> None:
    first = scheduler.review("q", None, 3, now=T0, fuzzing=False)
    later = first.due + timedelta(minutes=10)
    high = scheduler.review("q", first.card.card_json, 3, now=later, retention=0.95, fuzzing=False)
    low = scheduler.review("q", first.card.card_json, 3, now=later, retention=0.75, fuzzing=False)
    assert low.due > high.due


def test_retrievability_decays_and_is_none_for_new() -> None:
    assert scheduler.retrievability(None, None, T0) is None
    r = scheduler.review("q", None, 4, now=T0)
    values = [
        scheduler.retrievability(r.card.stability, r.card.last_review, T0 + timedelta(days=d))
        for d in (0, 5, 30)
    ]
    assert values[0] == pytest.approx(1.0)
    assert values[0] > values[1] > values[2] > 0


def test_preview_matches_unfuzzed_review() -> None:
    back = scheduler.preview("q", None, now=T0, retention=0.9)
    assert back[1] < back[2] < back[3] < back[4]
    assert back[4] == scheduler.review("q", None, 4, now=T0, fuzzing=False).due


def test_retrievabilities_match_one_at_a_time() -> None:
    cards = {
        f"q{rating}": scheduler.review(f"q{rating}", None, rating, now=T0, fuzzing=False).card
        for rating in (1, 2, 3, 4)
    }
    states = {k: (c.stability, c.last_review) for k, c in cards.items()}
    states["new"] = (None, None)
    later = T0 + timedelta(days=9, hours=5)
    many = scheduler.retrievabilities(states, later)
    assert set(many) == {"q1", "q2", "q3", "q4"}  # a card never reviewed has none
    for k, c in cards.items():
        assert many[k] == scheduler.retrievability(c.stability, c.last_review, later)
    assert many["q1"] < many["q4"]


# --- mutation-found gaps (benchmarks/mutation.py) -------------------------------------------


def test_card_ids_are_stable_across_versions() -> None:
    """fsrs logs of one question group under one id: the id must never change."""
    assert scheduler.card_id_for("relu") == scheduler.card_id_for("relu")
    assert scheduler.card_id_for("relu") == 204271592938062
    assert scheduler.card_id_for("relu") < 2**48  # six bytes


def test_preview_is_the_review_of_the_stored_card_without_fuzz() -> None:
    first = scheduler.review("q", None, 4, now=T0, fuzzing=False)
    later = first.due + timedelta(days=3)
    back = scheduler.preview("q", first.card.card_json, now=later, retention=0.8)
    for rating in (1, 2, 3, 4):
        expected = scheduler.review(
            "q", first.card.card_json, rating, now=later, retention=0.8, fuzzing=False
        ).due
        assert back[rating] == expected
    assert back != scheduler.preview("q", None, now=later, retention=0.8)  # the card counts
    assert back != scheduler.preview("q", first.card.card_json, now=later, retention=0.95)


def test_reviews_are_fuzzed_unless_asked_not_to() -> None:
    """fsrs's interval fuzz is on by default (as in Anki), so cards rated together spread out."""
    first = scheduler.review("q", None, 4, now=T0, fuzzing=False)
    later = first.due + timedelta(days=10)
    dues = {scheduler.review(f"q{i}", first.card.card_json, 4, now=later).due for i in range(30)}
    assert len(dues) > 1
    plain = {
        scheduler.review(f"q{i}", first.card.card_json, 4, now=later, fuzzing=False).due
        for i in range(5)
    }
    assert len(plain) == 1


def test_a_review_stores_fsrs_own_numbers() -> None:
    r = scheduler.review("q", None, 3, now=T0, fuzzing=False)
    card = json.loads(r.card.card_json)
    assert r.card.difficulty == card["difficulty"] and r.card.stability == card["stability"]
    assert r.card.last_review == "2026-11-24T05:14:16+00:00"


def test_retrievability_needs_both_stability_and_last_review() -> None:
    last = "2026-11-24T05:14:16+00:00"
    assert scheduler.retrievability(None, last, T0) is None
    assert scheduler.retrievability(2.0, None, T0) is None
    assert scheduler.retrievabilities({"a": (None, last), "b": (2.0, None)}, T0) == {}


def test_a_review_in_another_local_time_zone_is_stored_in_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        r = scheduler.review("q", None, 4, now=T0, fuzzing=False)
        assert r.card.due.endswith("+00:00") and r.due.tzinfo == UTC
    finally:
        monkeypatch.undo()
        time.tzset()


def test_card_ids_are_the_blake2b_ids_every_version_stored() -> None:
    """Card ids are in users' databases: the digest without hashlib's import is the same one."""
    import hashlib

    for qid in ("relu-definition", "a", "ü-ñ", "q" * 200):
        stored = hashlib.blake2b(qid.encode(), digest_size=6).digest()
        assert scheduler.card_id_for(qid) == int.from_bytes(stored, "big")
    assert (
        scheduler.card_id_for("relu-definition") == 143767503042139
    )  # as earlier versions stored it
