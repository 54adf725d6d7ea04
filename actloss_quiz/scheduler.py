"""The one module that knows fsrs (py-fsrs 6): review a card, read its retrievability.

fsrs is imported inside the functions so that `quiz --help` and `quiz list` never load it. Cards
travel as fsrs's own JSON (`Card.to_json`) plus the plain columns the store indexes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from msgspec import Struct

from actloss_quiz.clock import iso, parse_iso
from actloss_quiz.vocab import RATING_NAMES

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

DEFAULT_RETENTION = 0.9
RETENTION_RANGE = (0.7, 0.97)
CORRECT_FROM = (
    2  # hard, good or easy is a pass, as in Anki and FSRS (store.CORRECT: retention, exports)
)
STATES = ("learning", "review", "relearning")  # fsrs State 1, 2, 3; "new" means no card row


class CardUpdate(Struct, frozen=True):
    """A card's new scheduling state, as produced by `review` and stored by the store."""

    card_json: str
    state: str
    due: str
    stability: float | None
    difficulty: float | None
    last_review: str | None


class Reviewed(Struct, frozen=True):
    """The outcome of one review: the card's new state and fsrs's ReviewLog as JSON."""

    card: CardUpdate
    review_log: str

    @property
    def due(self) -> datetime:
        return parse_iso(self.card.due)


def card_id_for(question_id: str) -> int:
    """A stable fsrs card id per question id (so logs of one question group together)."""
    from actloss_quiz.hashing import digest

    return int.from_bytes(digest(question_id.encode(), 6), "big")


@cache
def _scheduler(retention: float, fuzzing: bool) -> Scheduler:
    from fsrs import Scheduler

    return Scheduler(desired_retention=retention, enable_fuzzing=fuzzing)


def _utc(now: datetime) -> datetime:
    # fsrs insists on tzinfo == timezone.utc exactly.
    return now.astimezone(UTC)


def load_card(question_id: str, card_json: str | None, now: datetime) -> Card:
    """The stored card, or a fresh one (due now) for a question never reviewed."""
    from fsrs import Card

    if card_json is None:
        return Card(card_id=card_id_for(question_id), due=_utc(now))
    return Card.from_json(card_json)


def review(
    question_id: str,
    card_json: str | None,
    rating: int,
    *,
    now: datetime,
    duration_ms: int | None = None,
    retention: float = DEFAULT_RETENTION,
    fuzzing: bool = True,
) -> Reviewed:
    """Apply one rating (1-4) at `now` with fsrs and return the new card state.

    Args:
        question_id: the question reviewed (used for a new card's id).
        card_json: the stored card (`None` for a new question).
        rating: 1 again, 2 hard, 3 good, 4 easy.
        now: the review time (aware).
        duration_ms: the response time, kept in the ReviewLog for fsrs's optimizer.
        retention: desired retention (0.7-0.97).
        fuzzing: fsrs's interval fuzz (off in tests that need exact intervals).
    """
    from fsrs import Rating

    now = _utc(now)
    card = load_card(question_id, card_json, now)
    new, log = _scheduler(retention, fuzzing).review_card(
        card, Rating(rating), review_datetime=now, review_duration=duration_ms
    )
    return Reviewed(
        card=CardUpdate(
            card_json=new.to_json(),
            state=STATES[int(new.state) - 1],
            due=iso(new.due),
            stability=new.stability,
            difficulty=new.difficulty,
            last_review=iso(new.last_review) if new.last_review else None,
        ),
        review_log=log.to_json(),
    )


def retrievability(stability: float | None, last_review: str | None, now: datetime) -> float | None:
    """fsrs's probability of recall at `now`; None for a card never reviewed."""
    if stability is None or last_review is None:
        return None
    from fsrs import Card

    card = Card(card_id=0, stability=stability, last_review=parse_iso(last_review))
    return float(_scheduler(DEFAULT_RETENTION, False).get_card_retrievability(card, _utc(now)))


class _Memory(Struct, frozen=True):
    """The two fields fsrs's retrievability reads, without building a whole Card."""

    stability: float
    last_review: datetime


def retrievabilities(
    states: dict[str, tuple[float | None, str | None]], now: datetime
) -> dict[str, float]:
    """`retrievability` of many cards at once ({id: (stability, last_review)}; cards never
    reviewed are left out): one scheduler and no fsrs Card per card (10,000 cards: 3 x faster);
    with no card reviewed yet, fsrs is not imported."""
    if all(s is None or last is None for s, last in states.values()):
        return {}
    sched = _scheduler(DEFAULT_RETENTION, False)
    at = _utc(now)
    return {
        qid: float(sched.get_card_retrievability(_Memory(s, parse_iso(last)), at))  # type: ignore[arg-type]
        for qid, (s, last) in states.items()
        if s is not None and last is not None
    }


def outcomes(
    question_id: str,
    card_json: str | None,
    *,
    now: datetime,
    retention: float,
    duration_ms: int | None = None,
    fuzzing: bool = True,
) -> dict[int, Reviewed]:
    """The review each rating would make at `now`, fuzz drawn once: the rating prompt shows
    these intervals and the rating chosen applies its own, so what is shown is what is done."""
    return {
        r: review(
            question_id,
            card_json,
            r,
            now=now,
            duration_ms=duration_ms,
            retention=retention,
            fuzzing=fuzzing,
        )
        for r in RATING_NAMES
    }


def preview(
    question_id: str, card_json: str | None, *, now: datetime, retention: float
) -> dict[int, datetime]:
    """When the card would come back for each rating (no fuzz), for showing before rating."""
    return {
        r: review(question_id, card_json, r, now=now, retention=retention, fuzzing=False).due
        for r in RATING_NAMES
    }


def is_due(state: str | None, due: str, now: datetime, learn_ahead: int = 0) -> bool:
    """Whether a card (its state and ISO due time) is asked now: a (re)learning step counts as
    due when it ends within `learn_ahead` minutes (as Anki's learn-ahead limit), so `quiz list
    --due` counts what `quiz start` asks."""
    return due_test(now, learn_ahead)(state, due)


def due_test(now: datetime, learn_ahead: int = 0) -> Callable[[str | None, str], bool]:
    """`is_due` at `now` for many cards: the two cut-off times formatted once, not per card."""
    cutoff, ahead = iso(now), iso(now + timedelta(minutes=learn_ahead))

    def due_now(state: str | None, due: str) -> bool:
        return due <= (ahead if state in ("learning", "relearning") else cutoff)

    return due_now
