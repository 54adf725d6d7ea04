"""The interview plan over the progress database (issue 22): what `quiz plan`, `quiz start`,
`quiz stats`, the session summary and the mock interview read.

`actloss_quiz.planner` plans (a pure function of cards, questions, settings, today and the date);
this module gathers its inputs from the store and the settings (`interview-date`, `daily-budget`,
`new-per-day`, `retention`, `learn-ahead`), stores the day's forecast (the trend `quiz stats`
draws), converts minutes a day into questions from the user's own pace, and names the weak spots
the planner cannot see (leeches, low answer scores). No Rich, no Typer: the views live in
`actloss_quiz.render.plan`.

A plan is active while a date is set and today is before it; on the date and after it, every
caller goes back to plain FSRS by itself (the planner returns None).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from actloss_quiz import clock, store
from actloss_quiz.planner import (
    CardState,
    DayPlan,
    Plan,
    PlanSettings,
    card_state,
    plan,
    plan_today,
)
from actloss_quiz.settings import Settings

if TYPE_CHECKING:
    from actloss_quiz.bank import Question

DEFAULT_SECONDS_PER_RATING = 45.0  # with fewer than MIN_TIMED timed ratings in the history
MIN_TIMED = 5
PACE_WINDOW = 1000  # the median is of the last this many timed ratings
LOW_SCORE = 0.5  # a mean answer score below this is a weak spot
WEAK_NOTES = 5  # leeches and low scores named (each)


# --- the budget in minutes ------------------------------------------------------------------


class Pace(Struct, frozen=True):
    """Seconds per rating: the median answer time of the last timed ratings, or a default."""

    seconds: float
    timed: int  # how many timed ratings the median is of (below MIN_TIMED: the default is used)

    @property
    def measured(self) -> bool:
        return self.timed >= MIN_TIMED

    def questions_in(self, minutes: float) -> int:
        """The questions a day `minutes` buy at this pace (at least 1)."""
        return max(1, int(minutes * 60 // self.seconds))

    def minutes_for(self, ratings: float) -> float:
        return ratings * self.seconds / 60

    def describe(self) -> str:
        """`median 38 s a rating over your last 120 timed ratings` or the default's reason."""
        if self.measured:
            return f"median {self.seconds:.0f} s a rating over your last {self.timed} timed ratings"
        return (
            f"{self.seconds:.0f} s a rating assumed: fewer than {MIN_TIMED} timed ratings "
            "in your history"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "seconds_per_rating": round(self.seconds, 1),
            "timed_ratings": self.timed,
            "measured": self.measured,
        }


def pace(conn: sqlite3.Connection) -> Pace:
    times = store.response_seconds(conn, last=PACE_WINDOW)
    if len(times) < MIN_TIMED:
        return Pace(DEFAULT_SECONDS_PER_RATING, len(times))
    import statistics  # (its import of fractions and decimal is a millisecond of start-up)

    return Pace(max(1.0, float(statistics.median(times))), len(times))


# --- the planner's inputs -------------------------------------------------------------------


def local_day(now: datetime) -> date:
    """The user's calendar day at `now` (the planner counts whole days)."""
    return now.astimezone().date()


def active_date(settings: Settings, today: date) -> date | None:
    """The interview date when a plan is in force (set, and today before it); else None."""
    day = settings.interview_date
    return day if day is not None and today < day else None


def plan_settings(settings: Settings) -> PlanSettings:
    """The planner's settings from the user's: the daily budget, new-per-day, retention (the
    weak-spot line) and the learn-ahead window."""
    return PlanSettings(
        per_day=settings.daily_budget,
        new_per_day=settings.new_per_day,
        retention=settings.retention,
        learn_ahead_minutes=settings.learn_ahead,
    )


class Situation(Struct, frozen=True):
    """Everything the planner is given, read from the store at `now`."""

    cards: list[CardState]
    questions: list[Question]  # in rotation (suspended ones left out), bank order
    settings: PlanSettings
    today: date
    interview: date
    spent_today: int  # questions drawn today (not cram)
    new_today: int


def situation(
    conn: sqlite3.Connection, questions: Sequence[Question], settings: Settings, now: datetime
) -> Situation | None:
    """The planner's inputs for `questions` (the whole bank, usually); None with no plan."""
    today = local_day(now)
    interview = active_date(settings, today)
    if interview is None:
        return None
    suspended = store.suspended_ids(conn)
    rotation = [q for q in questions if q.id not in suspended]
    wanted = {q.id for q in rotation}
    cards = []
    for qid, row in store.cards_by_id(conn).items():
        if qid not in wanted:
            continue
        c = card_state(
            qid,
            state=row.state,
            due=row.due,
            stability=row.stability,
            difficulty=row.difficulty,
            last_review=row.last_review,
        )
        if c is not None:
            cards.append(c)
    day0 = clock.local_day_start(now)
    spent = len(store.questions_reviewed_since(conn, day0) & wanted)
    return Situation(
        cards,
        rotation,
        plan_settings(settings),
        today,
        interview,
        spent,
        store.new_cards_since(conn, day0),
    )


def forecast(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    settings: Settings,
    now: datetime,
    *,
    record: bool = True,
) -> Plan | None:
    """The whole plan and its readiness forecast (None with no plan in force). With `record`,
    the day's forecast is stored (one row a day: the trend of `quiz stats`)."""
    s = situation(conn, questions, settings, now)
    if s is None or not s.questions:
        return None
    p = plan(
        s.cards,
        s.questions,
        s.settings,
        today=s.today,
        interview=s.interview,
        spent_today=s.spent_today,
        new_today=s.new_today,
    )
    if p is not None and record:
        store.record_forecast(
            conn,
            day=s.today,
            interview=s.interview,
            readiness=p.if_followed.overall,
            if_stopped=p.if_stopped.overall,
            questions=len(s.questions),
            at=now,
        )
    return p


def todays_queue(
    conn: sqlite3.Connection, questions: Sequence[Question], settings: Settings, now: datetime
) -> DayPlan | None:
    """What `quiz start` draws today while a plan is in force (the rest of today's budget:
    questions already drawn today come off it); None with no plan."""
    s = situation(conn, questions, settings, now)
    if s is None or not s.questions:
        return None
    return plan_today(
        s.cards,
        s.questions,
        s.settings,
        today=s.today,
        interview=s.interview,
        spent_today=s.spent_today,
        new_today=s.new_today,
    )


class Readiness(Struct, frozen=True):
    """The forecast readiness on the date at one moment (for the session summary)."""

    interview: date
    overall: float  # the plan followed
    if_stopped: float  # no further study


def readiness(
    conn: sqlite3.Connection, questions: Sequence[Question], settings: Settings, now: datetime
) -> Readiness | None:
    """The forecast if the plan is followed, as of `now` (recorded as today's forecast)."""
    p = forecast(conn, questions, settings, now)
    if p is None:
        return None
    return Readiness(p.interview, p.if_followed.overall, p.if_stopped.overall)


def recall_on_date(
    conn: sqlite3.Connection, questions: Sequence[Question], settings: Settings, now: datetime
) -> dict[str, float] | None:
    """Each question's predicted recall on the date with the plan followed (the mock interview
    weights by 1 minus it); None with no plan."""
    p = forecast(conn, questions, settings, now, record=False)
    return None if p is None else dict(p.recall)


# --- what the planner cannot see --------------------------------------------------------------


class WeakNote(Struct, frozen=True):
    """A question named beside the planner's weak spots: a leech or low answer scores."""

    question_id: str
    number: int
    topic: str
    lapses: int
    mean_score: float | None
    scored: int  # answers the mean score is of


class WeakNotes(Struct, frozen=True):
    leeches: list[WeakNote]
    low_scores: list[WeakNote]


def weak_notes(
    conn: sqlite3.Connection, questions: Sequence[Question], settings: Settings
) -> WeakNotes:
    """Leeches (the `leech-lapses` rule) and the questions with the lowest mean answer score
    (below LOW_SCORE; study sessions and mock interviews together), WEAK_NOTES of each."""
    by_id = {q.id: q for q in questions}
    lapses = {qid: row.lapses for qid, row in store.cards_by_id(conn).items() if qid in by_id}
    totals: dict[str, tuple[int, float]] = {}
    for scores in (store.review_scores_by_question(conn), store.interview_scores_by_question(conn)):
        for qid, (n, mean) in scores.items():
            m, s = totals.get(qid, (0, 0.0))
            totals[qid] = (m + n, s + n * mean)

    def note(qid: str) -> WeakNote:
        q = by_id[qid]
        n, s = totals.get(qid, (0, 0.0))
        return WeakNote(qid, q.number, q.topic, lapses.get(qid, 0), s / n if n else None, n)

    leech = sorted(
        (qid for qid, n in lapses.items() if n >= settings.leech_lapses),
        key=lambda qid: (-lapses[qid], by_id[qid].number),
    )
    low = sorted(
        (qid for qid, (n, s) in totals.items() if qid in by_id and n and s / n < LOW_SCORE),
        key=lambda qid: (totals[qid][1] / totals[qid][0], by_id[qid].number),
    )
    return WeakNotes([note(q) for q in leech[:WEAK_NOTES]], [note(q) for q in low[:WEAK_NOTES]])


# --- JSON (`quiz plan --json`, `quiz stats --json`) -------------------------------------------


def budget_dict(settings: Settings, p: Pace) -> dict[str, Any]:
    return {
        "per_day": settings.daily_budget,
        "new_per_day": settings.new_per_day,
        **p.to_dict(),
    }


def plan_json(
    p: Plan | None, settings: Settings, pace_: Pace, notes: WeakNotes | None, today: date
) -> dict[str, Any]:
    """`quiz plan --json`: the date and budget, and (while in force) `Plan.to_dict()` with each
    day's estimated minutes, the leeches and the low answer scores."""
    day = settings.interview_date
    out: dict[str, Any] = {
        "date": None if day is None else day.isoformat(),
        "active": p is not None,
        "budget": budget_dict(settings, pace_),
    }
    if p is None:
        if day is None:
            out["reason"] = "no interview date set"
        elif day > today:
            out["reason"] = "no question in rotation to plan"
        else:
            out["reason"] = (
                f"the interview date is {'today' if day == today else 'past'}: plain FSRS"
            )
        return out
    body = p.to_dict()
    for d, plain in zip(body["days"], p.days, strict=True):
        d["minutes"] = round(pace_.minutes_for(plain.expected_ratings), 1)
    out.update(body)
    if notes is not None:
        out["leeches"] = [_note_dict(n) for n in notes.leeches]
        out["low_scores"] = [_note_dict(n) for n in notes.low_scores]
    return out


def _note_dict(n: WeakNote) -> dict[str, Any]:
    return {
        "id": n.question_id,
        "number": n.number,
        "topic": n.topic,
        "lapses": n.lapses,
        "mean_score": None if n.mean_score is None else round(n.mean_score, 4),
        "scored": n.scored,
    }


def stats_plan(
    conn: sqlite3.Connection, questions: Sequence[Question], settings: Settings, now: datetime
) -> dict[str, Any] | None:
    """`stats --json`'s `plan`: None with no date set; else the date, days left, whether the
    plan is in force, the forecast (recorded as today's) and its trend, one value a day."""
    day = settings.interview_date
    if day is None:
        return None
    today = local_day(now)
    p = forecast(conn, questions, settings, now)
    trend = [
        {"day": r.day, "readiness": round(r.readiness, 4), "if_stopped": round(r.if_stopped, 4)}
        for r in store.forecasts(conn, day)
    ]
    return {
        "date": day.isoformat(),
        "days_left": (day - today).days,
        "active": p is not None,
        "per_day": settings.daily_budget,
        "readiness": None if p is None else p.if_followed.to_dict(),
        "if_stopped": None if p is None else p.if_stopped.to_dict(),
        "budget_suffices": None if p is None else p.budget_suffices,
        "needed_per_day": None if p is None else p.needed_per_day,
        "trend": trend,
    }
