"""Choosing a mock interview's questions: weighted to the weak spots, easy first, each with
its time budget (`plan_interview`, parallel to `session.plan_session`)."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct

from actloss_quiz import scheduler, store
from actloss_quiz.errors import QuizError
from actloss_quiz.settings import DEFAULT_LEECH_LAPSES, Settings
from actloss_quiz.vocab import difficulty_order, program

if TYPE_CHECKING:
    from actloss_quiz.bank import Question

DEFAULT_COUNT = 6
BUDGET_SECONDS = {"easy": 120.0, "medium": 180.0, "hard": 240.0}
NEVER_SEEN_WEIGHT = 3.0
MIN_FORECAST_WEIGHT = 0.02  # a question sure to be recalled on the date can still be drawn


class Weakness(Struct, frozen=True):
    """What the store knows about one question: the inputs of its weight."""

    seen: bool  # has a schedule (a card)
    retrievability: float | None
    lapses: int
    mean_score: float | None  # past answer scores, study sessions and interviews together


def weight(w: Weakness, *, leech_lapses: int = DEFAULT_LEECH_LAPSES) -> float:
    """How strongly to prefer a question: never seen, forgotten, lapsed, leech (the user's
    `leech-lapses` threshold), low scores."""
    if not w.seen and w.mean_score is None:
        return NEVER_SEEN_WEIGHT
    x = 1.0
    if w.retrievability is not None:
        x += 2.0 * (1.0 - w.retrievability)
    x += 0.5 * min(w.lapses, 8)
    if w.lapses >= leech_lapses:
        x += 2.0
    if w.mean_score is not None:
        x += 2.0 * (1.0 - w.mean_score)
    return x


def weak_spots(
    conn: sqlite3.Connection, questions: Sequence[Question], now: datetime
) -> dict[str, Weakness]:
    """Each question's card state, lapses and past answer scores (three grouped queries)."""
    wanted = {q.id for q in questions}
    states = {k: v for k, v in store.memory_states(conn).items() if k in wanted}
    recall = scheduler.retrievabilities({k: (s, last) for k, (s, last, _) in states.items()}, now)
    scores = (store.review_scores_by_question(conn), store.interview_scores_by_question(conn))
    out: dict[str, Weakness] = {}
    for q in questions:
        state = states.get(q.id)
        total, weighted = 0, 0.0
        for by_question in scores:
            if q.id in by_question:
                n, mean = by_question[q.id]
                total += n
                weighted += n * mean
        out[q.id] = Weakness(
            seen=state is not None,
            retrievability=recall.get(q.id),
            lapses=state[2] if state else 0,
            mean_score=weighted / total if total else None,
        )
    return out


def choose_questions(
    questions: Sequence[Question],
    weights: dict[str, float],
    count: int,
    rng: random.Random,
) -> list[Question]:
    """`count` questions drawn without replacement in proportion to their weights, easy first.

    Efraimidis-Spirakis sampling (key u^(1/w), largest keys win) gives each draw the weighted
    probability in one pass; within a difficulty the draw order is kept, so topics come mixed.
    """
    keyed = [(rng.random() ** (1.0 / max(weights.get(q.id, 1.0), 1e-9)), q) for q in questions]
    keyed.sort(key=lambda kq: -kq[0])
    picked = [q for _, q in keyed[:count]]
    picked.sort(key=lambda q: difficulty_order(q.difficulty))
    return picked


def budgets(questions: Sequence[Question], minutes: float | None = None) -> list[float]:
    """Seconds per question: 2/3/4 minutes per easy/medium/hard, or `minutes` in all split in
    the same proportions (whole seconds)."""
    base = [BUDGET_SECONDS.get(q.difficulty, BUDGET_SECONDS["medium"]) for q in questions]
    if minutes is None:
        return base
    total = minutes * 60.0
    return [max(1.0, float(round(total * b / sum(base)))) for b in base]


class InterviewPlan(Struct, frozen=True):
    """The questions of an interview, in order, their budgets (seconds), how many questions
    were there to choose from (after leaving out the suspended ones), and the weight each of
    those had in the draw."""

    questions: list[Question]
    budgets: list[float]
    available: int
    weights: dict[str, float]


def plan_interview(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    *,
    count: int = DEFAULT_COUNT,
    minutes: float | None = None,
    seed: int | None = None,
    now: datetime,
    settings: Settings,
    forecast: Mapping[str, float] | None = None,
) -> InterviewPlan:
    """`count` questions drawn by weak-spot weight (the user's `leech-lapses` marks a leech),
    easy to hard, and their budgets; suspended questions are left out.

    With `forecast` (an interview plan's predicted recall on the date per question,
    `deadline.recall_on_date`), the weight is 1 minus it instead: the draw favours what the
    plan forecasts least likely recalled on the day.

    Raises:
        QuizError: every question given is suspended.
    """
    suspended = store.suspended_ids(conn)  # `quiz suspend` takes them out of interviews too
    matching = [q for q in questions if q.id not in suspended]
    if not matching:
        raise QuizError(
            "every question matching these filters is suspended; "
            f"see them with: {program()} list --progress, bring them back with: {program()} unsuspend ID"
        )
    if forecast is not None:
        weights = {q.id: max(MIN_FORECAST_WEIGHT, 1.0 - forecast.get(q.id, 0.0)) for q in matching}
    else:
        weights = {
            qid: weight(w, leech_lapses=settings.leech_lapses)
            for qid, w in weak_spots(conn, matching, now).items()
        }
    chosen = choose_questions(matching, weights, count, random.Random(seed))
    return InterviewPlan(chosen, budgets(chosen, minutes), len(matching), weights)
