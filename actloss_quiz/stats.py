"""Statistics and progress: pure functions of a connection, the questions and `now`.

Everything here is plain JSON-ready data (what `quiz stats --json` and `quiz list --progress
--json` print); `actloss_quiz.render.stats` draws it. Reading time is the caller's job, so tests
pass a fixed `now` and an in-memory database.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from actloss_quiz import clock, deadline, heatmap, scheduler, store
from actloss_quiz.settings import load_settings
from actloss_quiz.vocab import difficulty_order

if TYPE_CHECKING:
    from actloss_quiz.bank import Question

FORECAST_DAYS = 14


# --- progress per question (`quiz list --progress/--due`) -------------------------------------


def progress_of(
    conn: sqlite3.Connection, questions: Sequence[Question], now: datetime, *, learn_ahead: int = 0
) -> dict[str, dict[str, Any]]:
    """{question id: state, due, retrievability, reviews, lapses, due_now} in one query;
    `due_now` as `quiz start` asks (a learning step within `learn_ahead` minutes counts)."""
    seen = {a.question_id: a for a in store.iter_question_aggregates(conn)}
    suspended = store.suspended_ids(conn)
    # Every card's retrievability at once (one scheduler, no fsrs Card per card).
    recall = scheduler.retrievabilities(
        {a.question_id: (a.stability, a.card_last_review) for a in seen.values()}, now
    )
    due_now = scheduler.due_test(now, learn_ahead)
    rows: dict[str, dict[str, Any]] = {}
    for q in questions:
        a = seen.get(q.id)
        if q.id in suspended:  # out of rotation: never due, whatever its card says
            r = recall.get(q.id) if a else None
            rows[q.id] = {
                "state": "suspended",
                "due": None,
                "retrievability": None if r is None else round(r, 4),
                "reviews": a.reviews if a else 0,
                "lapses": a.lapses if a else 0,
                "due_now": False,
            }
            continue
        if a is None or a.state is None or a.due is None:  # no card (cards.due is NOT NULL)
            rows[q.id] = {
                "state": "new",
                "due": None,
                "retrievability": None,
                "reviews": a.reviews if a else 0,
                "lapses": 0,
                "due_now": False,
            }
            continue
        r = recall.get(q.id)
        rows[q.id] = {
            "state": a.state,
            "due": a.due,
            "retrievability": None if r is None else round(r, 4),
            "reviews": a.reviews,
            "lapses": a.lapses,
            "due_now": due_now(a.state, a.due),
        }
    return rows


# --- `quiz stats` ---------------------------------------------------------------------------


def _streak(days: list[str], today: str, yesterday: str) -> int:
    """Consecutive days with reviews ending today (or yesterday, if today has none yet)."""
    if not days or days[0] not in (today, yesterday):
        return 0
    streak = 1
    for prev, cur in zip(days, days[1:], strict=False):
        if (datetime.fromisoformat(prev) - datetime.fromisoformat(cur)).days == 1:
            streak += 1
        else:
            break
    return streak


def compute_stats(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    now: datetime,
    *,
    topic: str | None,
    bank: Sequence[Question] | None = None,
) -> dict[str, Any]:
    """Every number `quiz stats` shows, as plain JSON-ready data (SQL aggregates, one pass).

    `plan` is the interview plan's (`deadline.stats_plan`) over `bank` (default: `questions`):
    readiness is of the whole bank whatever the topic shown; computing it stores today's
    forecast."""
    now_text = clock.iso(now)
    day0 = clock.local_day_start(now)
    today = now.astimezone().date()
    in_bank = {q.id: q for q in questions}

    # The history's numbers from the per-day summary (O(days)); from the history itself (the
    # same numbers, O(reviews)) when the summary is stale, after which it is rebuilt.
    summary = store.day_summary(conn, topic=topic)
    retention: float | None
    if summary is None:
        total = store.count_reviews(conn, topic=topic)
        days = store.review_days(conn, topic=topic)
        retention = store.true_retention(conn, topic=topic)
    else:
        total = sum(c.reviews for c in summary.values())
        days = list(summary)  # newest first
        first = sum(c.first for c in summary.values())
        retention = sum(c.first_good for c in summary.values()) / first if first else None
    reviews_today = store.count_reviews(conn, topic=topic, since=day0)
    streak = _streak(days, today.isoformat(), (today - timedelta(days=1)).isoformat())
    settings = load_settings(conn)
    leech_lapses = settings.leech_lapses
    suspended = store.suspended_ids(conn)

    groups: dict[str, dict[str, dict[str, Any]]] = {"topic": {}, "difficulty": {}}
    for question in questions:
        for kind, key in (("topic", question.topic), ("difficulty", question.difficulty)):
            g = groups[kind].get(key)
            if g is None:  # (not setdefault: an empty group built for each of 10,000 questions)
                g = groups[kind][key] = _empty_group(key, kind)
            g["questions"] += 1
    rets: list[float] = []
    leeches: list[dict[str, Any]] = []
    aggregates = list(store.iter_question_aggregates(conn, topic=topic))
    recall = scheduler.retrievabilities(
        {a.question_id: (a.stability, a.card_last_review) for a in aggregates if a.state}, now
    )
    for a in aggregates:
        q = in_bank.get(a.question_id)
        if topic is not None and q is None and a.topic != topic:
            continue
        t = q.topic if q else (a.topic or "?")
        d = q.difficulty if q else (a.question_difficulty or "?")
        r = recall.get(a.question_id) if a.state else None
        if r is not None:
            rets.append(r)
        for kind, key in (("topic", t), ("difficulty", d)):
            g = groups[kind].get(key) or groups[kind].setdefault(key, _empty_group(key, kind))
            g["reviews"] += a.reviews
            g["_correct"] += (a.correct_rate or 0) * a.reviews
            if a.state:
                g["seen"] += 1
                if q is not None and a.due and a.due <= now_text and q.id not in suspended:
                    g["due_now"] += 1
            if r is not None:
                g["_ret"].append(r)
        if a.lapses >= leech_lapses:
            leeches.append(
                {
                    "question_id": a.question_id,
                    "number": q.number if q else a.number,
                    "topic": t,
                    "lapses": a.lapses,
                    "reviews": a.reviews,
                    "in_bank": q is not None,
                    "suspended": a.question_id in suspended,
                }
            )
    leeches.sort(key=lambda x: (-x["lapses"], x["question_id"]))

    forecast_until = day0 + timedelta(days=FORECAST_DAYS)
    in_rotation = [i for i in in_bank if i not in suspended]
    per_day = dict(store.due_forecast(conn, until=forecast_until, ids=in_rotation))
    forecast = []
    for i in range(FORECAST_DAYS):
        date = (today + timedelta(days=i)).isoformat()
        n = per_day.get(date, 0)
        if i == 0:  # overdue cards are due today
            n += sum(v for k, v in per_day.items() if k < date)
        forecast.append({"date": date, "due": n})

    start = heatmap.first_day(today)
    since = datetime(start.year, start.month, start.day).astimezone().astimezone(UTC)
    if summary is None:
        days_since = store.review_days_since(conn, since=since, topic=topic)
    else:  # the days from the heatmap's first on (`since` is its local midnight)
        days_since = {d: c for d, c in summary.items() if d >= start.isoformat()}
    calendar = heatmap.heatmap({d: c.reviews for d, c in days_since.items()}, today)
    weekly = heatmap.retention_by_week(
        {d: (c.first, c.first_good) for d, c in days_since.items()}, today
    )

    drills = store.drill_accuracy_by(conn, "template", topic=topic)
    answers = sum(n for n, _ in drills.values())
    correct = sum(c for _, c in drills.values())
    # The drill templates import numpy: only when there are answers to group.
    by_family = accuracy_by_family(conn, topic=topic) if answers else []

    data = {
        "total_reviews": total,
        "reviews_today": reviews_today,
        "streak_days": streak,
        "true_retention": None if retention is None else round(retention, 4),
        "estimated_knowledge": round(sum(rets) / len(rets), 4) if rets else None,
        "suspended": sum(q.id in suspended for q in questions),
        "leech_lapses": leech_lapses,
        "by_topic": [_finish_group(g) for g in groups["topic"].values()],
        "by_difficulty": [
            _finish_group(groups["difficulty"][k])
            for k in sorted(groups["difficulty"], key=difficulty_order)
        ],
        "leeches": leeches,
        "forecast": forecast,
        "heatmap": calendar,
        "retention_by_week": weekly,
        "drills": {
            "answers": answers,
            "correct": correct,
            "accuracy": round(correct / answers, 4) if answers else None,
            "by_template": [
                {"template": k, "answers": n, "correct": c, "accuracy": round(c / n, 4)}
                for k, (n, c) in drills.items()
            ],
            "by_family": by_family,
        },
        "interviews": interview_stats(conn, topic=topic),
        "plan": deadline.stats_plan(conn, questions if bank is None else bank, settings, now),
    }
    if summary is None:  # read whole, and sound: the next run reads days, not reviews
        store.rebuild_day_summary(conn)
    return data


def _empty_group(key: str, kind: str) -> dict[str, Any]:
    return {
        kind: key,
        "questions": 0,
        "seen": 0,
        "due_now": 0,
        "reviews": 0,
        "_correct": 0.0,
        "_ret": [],
    }


def _finish_group(g: dict[str, Any]) -> dict[str, Any]:
    rets = g.pop("_ret")
    correct = g.pop("_correct")
    g["correct_rate"] = round(correct / g["reviews"], 4) if g["reviews"] else None
    g["mean_retrievability"] = round(sum(rets) / len(rets), 4) if rets else None
    return g


# --- drills ---------------------------------------------------------------------------------


def family_of(template_name: str) -> str:
    """The family of a stored template name ('other' for a template that no longer exists)."""
    from actloss_quiz.drills.templates import by_name

    try:
        return by_name(template_name).family
    except KeyError:
        return "other"


def _accuracy_rows(key: str, groups: dict[str, list[int]]) -> list[dict[str, Any]]:
    return [
        {key: k, "answers": n, "correct": c, "accuracy": round(c / n, 4) if n else None}
        for k, (n, c) in sorted(groups.items())
    ]


def accuracy_by_family(
    conn: sqlite3.Connection, *, topic: str | None = None
) -> list[dict[str, Any]]:
    """[{family, answers, correct, accuracy}] by family name (for `quiz stats`)."""
    families: dict[str, list[int]] = {}
    for name, (n, c) in store.drill_accuracy_by(conn, "template", topic=topic).items():
        acc = families.setdefault(family_of(name), [0, 0])
        acc[0] += n
        acc[1] += c or 0
    return _accuracy_rows("family", families)


# --- interviews -----------------------------------------------------------------------------


def interview_stats(conn: sqlite3.Connection, *, topic: str | None = None) -> dict[str, Any]:
    """`stats --json` `interviews`: count, mean score and the trend over the last 5 interviews
    (each with at least one answered question)."""
    rows = [r for r in store.iter_interviews(conn, topic=topic) if r.answered]
    scores = [r.mean_score for r in rows if r.mean_score is not None]
    last = rows[-5:]
    recent = [r.mean_score for r in last if r.mean_score is not None]
    return {
        "count": len(rows),
        "mean_score": round(sum(scores) / len(scores), 4) if scores else None,
        "last_5": [
            {
                "interview_id": r.id,
                "started_at": r.started_at,
                "answered": r.answered,
                "mean_score": None if r.mean_score is None else round(r.mean_score, 4),
                "in_time": r.in_time,
            }
            for r in last
        ],
        "trend": trend(recent),
    }


def trend(scores: Sequence[float], *, flat: float = 0.02) -> str | None:
    """`up`, `down` or `steady` from the least-squares slope per interview; None below 2."""
    n = len(scores)
    if n < 2:
        return None
    mx, my = (n - 1) / 2, sum(scores) / n
    slope = sum((i - mx) * (y - my) for i, y in enumerate(scores)) / sum(
        (i - mx) ** 2 for i in range(n)
    )
    return "up" if slope > flat else "down" if slope < -flat else "steady"
