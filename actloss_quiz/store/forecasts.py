"""The readiness forecasts of an interview date, one per day as computed (`quiz stats` draws
their trend); the table is made by `schema.m005_forecasts`."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from msgspec import Struct

from actloss_quiz.clock import iso
from actloss_quiz.store.opening import transaction, typed


class ForecastRow(Struct, frozen=True):
    """One day's forecast for an interview date."""

    day: str  # YYYY-MM-DD, local
    readiness: float  # expected share of the bank recalled on the date if the plan is followed
    if_stopped: float
    questions: int


def record_forecast(
    conn: sqlite3.Connection,
    *,
    day: date,
    interview: date,
    readiness: float,
    if_stopped: float,
    questions: int,
    at: datetime,
) -> None:
    """Store the day's forecast for `interview` (a later one the same day replaces it)."""
    with transaction(conn):
        conn.execute(
            "INSERT INTO forecasts (day, interview_date, readiness, if_stopped, questions, "
            "computed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (interview_date, day) DO UPDATE "
            "SET readiness = excluded.readiness, if_stopped = excluded.if_stopped, "
            "questions = excluded.questions, computed_at = excluded.computed_at",
            (day.isoformat(), interview.isoformat(), readiness, if_stopped, questions, iso(at)),
        )


def forecasts(conn: sqlite3.Connection, interview: date) -> list[ForecastRow]:
    """The forecasts for `interview`, oldest day first."""
    rows = conn.execute(
        "SELECT day, readiness, if_stopped, questions FROM forecasts WHERE interview_date = ? "
        "ORDER BY day",
        (interview.isoformat(),),
    )
    out = []
    for r in rows:
        day, ready, stopped, n = typed(r, "tnni", "forecasts")
        if ready is None or stopped is None:
            continue
        out.append(ForecastRow(day, float(ready), float(stopped), n))
    return out
