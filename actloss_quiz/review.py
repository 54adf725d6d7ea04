"""Judging an answer and recording a rating, the same way for every loop and command.

Light at import time: the scorer and the store load when an answer is first judged or a rating
recorded, so `quiz grade` never loads the store and a session shows its first question before
the scorer (its regular expressions, stemmer and claim rules) is imported.

- `Judge`: the scorer bound once to a bank (its synonyms and known words), with the cut of an
  answer longer than the scorer reads (`AnswerCut`). `quiz start`, `quiz interview` and
  `quiz grade` judge through it; the judging itself is `actloss_quiz.scoring.judge`.
- `record_rating`: schedule (fsrs), store, then apply the leech rule (`leech-lapses`,
  `leech-action`). The study session, the interview's record step and the test helpers record
  through it, so no loop has its own way to store a rating.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct

from actloss_quiz import clock, scheduler
from actloss_quiz.text import MAX_ANSWER_CHARS, normalised_prefix

if TYPE_CHECKING:
    import sqlite3

    from actloss_quiz import store
    from actloss_quiz.bank import Bank, KeyPoint, Misconception, Question
    from actloss_quiz.scoring import Judgement, Reference, SynonymIndex
    from actloss_quiz.settings import Settings


# --- judging --------------------------------------------------------------------------------


class AnswerCut(Struct, frozen=True):
    """The typed answer was longer than MAX_ANSWER_CHARS: only its start is judged and kept."""

    chars: int
    limit: int


@dataclass
class Judge:
    """`scoring.judge` bound to one bank: its synonym index and its known words (each computed
    on first use, once). The index is built from the normalised groups the parsed-bank cache
    keeps (`Bank.synonym_forms`); only a group it does not hold is normalised here."""

    bank: Bank
    _known: frozenset[str] | None = field(default=None, repr=False)
    _index: SynonymIndex | None = field(default=None, repr=False)
    _weights: dict[str, float] | None = field(default=None, repr=False)
    _references: dict[str, Reference] = field(default_factory=dict, repr=False)
    _seeded: bool = field(default=False, repr=False)

    @staticmethod
    def cut(text: str) -> tuple[str, AnswerCut | None]:
        """The part of an answer the scorer reads and the store keeps, and the cut (if any)."""
        kept = normalised_prefix(text, MAX_ANSWER_CHARS)  # the cut after normalisation
        if len(kept) < len(text):
            return kept, AnswerCut(len(text), len(kept))
        return text, None

    def known_words(self) -> frozenset[str]:
        """Every term of the bank: a word that is one never counts as a typo of another."""
        if self._known is None:
            kept = self.bank.known  # from the parsed-bank cache
            if kept is None:
                from actloss_quiz.scoring import known_words

                kept = known_words(self.bank.questions)
            self._known = kept
        return self._known

    def synonym_index(self) -> SynonymIndex:
        """The bank's synonym index, built once per Judge from its normalised groups."""
        if self._index is None:
            from actloss_quiz.scoring import synonym_forms, synonym_index

            kept = self.bank.synonym_forms
            self._index = synonym_index(
                [kept[g] if g in kept else synonym_forms(g) for g in self.bank.synonyms]
            )
        return self._index

    def reference(self, model_answer: str) -> Reference:
        """A model answer's weighted terms, the weights from all the bank's model answers
        (computed once per Judge, from the terms the parsed-bank cache keeps when it has them)."""
        if model_answer not in self._references:
            from actloss_quiz import scoring

            if self._weights is None:
                cached = self.bank.answer_terms  # from the parsed-bank cache: no question built
                self._weights = (
                    scoring.weights_of_terms(cached, self.bank.synonyms)
                    if cached is not None
                    else scoring.term_weights(
                        scoring.model_answers(self.bank.questions), self.bank.synonyms
                    )
                )
            self._references[model_answer] = scoring.reference(
                model_answer, self._weights, self.bank.synonyms
            )
        return self._references[model_answer]

    def __call__(
        self,
        text: str,
        key_points: Sequence[KeyPoint],
        misconceptions: Sequence[Misconception] = (),
        subject: Sequence[str] = (),
        model_answer: str = "",
    ) -> Judgement:
        """The judgement of an answer (already cut) against key points and misconceptions,
        bound to what the question (or follow-up) is about and the bank's domain of names;
        `model_answer` (the question's or follow-up's) lets a close answer count."""
        from actloss_quiz.bank.cache import take_texts
        from actloss_quiz.scoring import judge, seed_stems, seed_texts

        if not self._seeded:
            seed_stems(self.bank.stems)  # the bank's words stemmed as its cache was written
            self._seeded = True
        seed_texts(take_texts())  # the phrasings of the questions built from it, normalised
        return judge(
            text,
            key_points,
            misconceptions,
            self.bank.synonyms,
            known=self.known_words(),
            subject=tuple(subject),
            domain=self.bank.domain,
            index=self.synonym_index(),
            reference=self.reference(model_answer) if model_answer else None,
        )


# --- recording ------------------------------------------------------------------------------


class Leech(Struct, frozen=True):
    """A rating made the question a leech (forgotten `lapses` times); `suspended` when the
    setting leech-action is suspend."""

    question: Question
    lapses: int
    suspended: bool


class Recorded(Struct, frozen=True):
    """What `record_rating` did: the review row, the card after (None in cram), when the
    question comes back, and the leech it became (None: not a new leech)."""

    review_id: int
    card: scheduler.CardUpdate | None
    due: datetime | None
    leech: Leech | None = None

    @property
    def leech_suspended(self) -> bool:
        return self.leech is not None and self.leech.suspended


def record_rating(
    conn: sqlite3.Connection,
    question: Question,
    rating: int,
    *,
    now: datetime,
    settings: Settings,
    before: store.CardRow | None = None,
    cram: bool = False,
    answer: str | None = None,
    score: float | None = None,
    seconds: float | None = None,
    session_id: int | None = None,
    fuzzing: bool = True,
    outcome: scheduler.Reviewed | None = None,
) -> Recorded:
    """Schedule a rating with fsrs (not in cram), store it, then apply the leech rule.

    `before` is the question's stored card (read when not given); `outcome` is the review the
    rating prompt previewed for this rating (`scheduler.outcomes`), applied as shown (its fuzz
    already drawn) instead of a new one. In cram the schedule is left
    as it is and the review is stored as a cram review. A lapse that brings the card to the
    `leech-lapses` threshold tags the question (shown in stats), or with `leech-action suspend`
    also suspends it.
    """
    from actloss_quiz import store

    if before is None:
        before = store.get_card(conn, question.id)
    update, log = None, None
    if not cram and outcome is not None:
        update, log = outcome.card, outcome.review_log
    elif not cram:
        reviewed = scheduler.review(
            question.id,
            before.card_json if before else None,
            rating,
            now=now,
            duration_ms=None if seconds is None else round(seconds * 1000),
            retention=settings.retention,
            fuzzing=fuzzing,
        )
        update, log = reviewed.card, reviewed.review_log
    review_id = store.record_review(
        conn,
        question_id=question.id,
        rating=rating,
        reviewed_at=now,
        card=update,
        session_id=session_id,
        answer_score=score,
        answer=answer,
        response_seconds=None if seconds is None else round(seconds, 3),
        number=question.number,
        topic=question.topic,
        question_difficulty=question.difficulty,
        review_log=log,
    )
    due_text = update.due if update else (before.due if before else None)
    due = clock.parse_iso(due_text) if due_text else None
    leech = _leech(conn, question, before, settings) if update is not None else None
    return Recorded(review_id, update, due, leech)


def _leech(
    conn: sqlite3.Connection, q: Question, before: store.CardRow | None, settings: Settings
) -> Leech | None:
    """After a lapse that reaches the `leech-lapses` threshold: tag or suspend the question."""
    from actloss_quiz import store

    after = store.get_card(conn, q.id)
    lapses_before = before.lapses if before else 0
    if after is None or after.lapses <= lapses_before:
        return None
    if after.lapses < settings.leech_lapses:
        return None
    suspended = False
    if settings.leech_action == "suspend":
        suspended = bool(store.suspend(conn, [q.id], at=clock.now(), reason="leech"))
    return Leech(q, after.lapses, suspended)


def undo_rating(
    conn: sqlite3.Connection, question: Question, *, review_id: int, leech_suspended: bool
) -> None:
    """Take a rating back: the review row and the card before it, and the leech suspension it
    made (`:u` undoes both)."""
    from actloss_quiz import store

    store.undo_review(conn, review_id)
    if leech_suspended:
        store.unsuspend(conn, [question.id])
