"""Every user setting (`quiz config`): its parser, range or choices, default and help, in one
module, with the typed `Settings` the loops, the statistics and the interview read.

Stored as text in the database's settings table; `load_settings` parses each value again, so a
value that no longer parses (a hand edit, an older range) falls back to its default.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, timedelta
from typing import Any

from msgspec import Struct

from actloss_quiz import scheduler, store
from actloss_quiz.errors import QuizUsageError
from actloss_quiz.planner import MAX_DAYS as MAX_PLAN_DAYS
from actloss_quiz.scheduler import RETENTION_RANGE

DEFAULT_NEW_PER_DAY = 10
DEFAULT_LEARN_AHEAD = 20  # minutes
LEECH_ACTIONS = ("tag", "suspend")
DEFAULT_LEECH_LAPSES = 4  # forgotten this often, a question is a leech
DEFAULT_LEECH_ACTION = "tag"
DEFAULT_DAILY_BUDGET = 20  # questions a day the interview plan may draw
NO_DATE = ("off", "none")  # `quiz config interview-date off` forgets the date
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# When `quiz start` shows a question's demo: before the model answer (on), after the rating
# (after), or only on request with `:d` at the rating prompt (off). The verdict always sits
# directly above the rating prompt.
DEMO_MODES = ("on", "after", "off")
DEFAULT_DEMO = "on"


class SettingSpec(Struct, frozen=True):
    """A setting stored in the database: its parser, valid range (or choices) and default."""

    key: str
    kind: type
    low: float
    high: float
    default: float | str
    help: str
    choices: tuple[str, ...] = ()

    def parse(self, raw: str) -> float | int | str:
        """The value typed by the user, or QuizUsageError naming the valid range."""
        if self.kind is date:
            return parse_day(self.key, raw)
        if self.choices:
            choice = raw.strip().lower()
            if choice not in self.choices:
                raise QuizUsageError(
                    f"{self.key}: '{raw}' is not allowed; choose {' or '.join(self.choices)}"
                )
            return choice
        what = "a whole number" if self.kind is int else "a number"
        span = self.valid_range()
        try:
            value = self.kind(raw.strip())
        except ValueError:
            raise QuizUsageError(f"{self.key}: '{raw}' is not {what}; valid range {span}") from None
        if not self.low <= value <= self.high:
            raise QuizUsageError(f"{self.key}: {raw.strip()} is out of range; valid range {span}")
        return int(value) if self.kind is int else float(value)

    def valid_range(self) -> str:
        """`0.7-0.97`, `0-1000`, or the choices: `tag|suspend`."""
        if self.choices:
            return "|".join(self.choices)
        if self.kind is date:
            return f"YYYY-MM-DD, tomorrow to {MAX_PLAN_DAYS} days away; off"
        return f"{self._fmt(self.low)}-{self._fmt(self.high)}"

    def _fmt(self, v: float) -> str:
        return str(int(v)) if self.kind is int else f"{v:g}"


def parse_day(key: str, raw: str) -> str:
    """An ISO day (`2026-12-20`) as typed, or "" for off/none; the range is `check_interview_date`'s."""
    text = raw.strip()
    if text.lower() in NO_DATE or not text:
        return ""
    try:
        if not _ISO_DAY.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise QuizUsageError(f"{key}: '{raw}' is not a date; give YYYY-MM-DD (or off)") from None


def interview_date_range(today: date) -> tuple[date, date]:
    """The dates an interview may be set to: tomorrow to MAX_PLAN_DAYS days away."""
    return today + timedelta(days=1), today + timedelta(days=MAX_PLAN_DAYS)


def check_interview_date(day: date, today: date, *, option: str = "interview-date") -> date:
    """`day`, or QuizUsageError (exit 2) naming `option` and the range: a date not after today
    or more than MAX_PLAN_DAYS days away is refused."""
    first, last = interview_date_range(today)
    if not first <= day <= last:
        raise QuizUsageError(
            f"{option}: {day.isoformat()} is out of range; give a date from {first.isoformat()} "
            f"to {last.isoformat()} (tomorrow to {MAX_PLAN_DAYS} days away)"
        )
    return day


SETTINGS = {
    "retention": SettingSpec(
        "retention",
        float,
        *RETENTION_RANGE,
        scheduler.DEFAULT_RETENTION,
        "desired retention: the recall probability fsrs schedules for",
    ),
    "new-per-day": SettingSpec(
        "new-per-day",
        int,
        0,
        1000,
        DEFAULT_NEW_PER_DAY,
        "new questions per day across all sessions",
    ),
    "learn-ahead": SettingSpec(
        "learn-ahead",
        int,
        0,
        1440,
        DEFAULT_LEARN_AHEAD,
        "minutes: a learning question due within this is asked again in the same session",
    ),
    "leech-lapses": SettingSpec(
        "leech-lapses",
        int,
        1,
        100,
        DEFAULT_LEECH_LAPSES,
        "a question forgotten this many times is a leech",
    ),
    "leech-action": SettingSpec(
        "leech-action",
        str,
        0,
        0,
        DEFAULT_LEECH_ACTION,
        "what happens to a new leech: tag (shown in stats) or suspend",
        choices=LEECH_ACTIONS,
    ),
    "interview-date": SettingSpec(
        "interview-date",
        date,
        0,
        MAX_PLAN_DAYS,
        "",
        "the interview day `quiz start` plans for (quiz plan); off: plain spaced repetition",
    ),
    "daily-budget": SettingSpec(
        "daily-budget",
        int,
        1,
        1000,
        DEFAULT_DAILY_BUDGET,
        "questions a day the interview plan may draw (quiz plan --per-day)",
    ),
    "demo": SettingSpec(
        "demo",
        str,
        0,
        0,
        DEFAULT_DEMO,
        "quiz start's demo: on (before the model answer), after (after the rating), "
        "off (only with :d at the rating prompt)",
        choices=DEMO_MODES,
    ),
}


class Settings(Struct, frozen=True):
    retention: float = scheduler.DEFAULT_RETENTION
    new_per_day: int = DEFAULT_NEW_PER_DAY
    learn_ahead: int = DEFAULT_LEARN_AHEAD  # minutes
    leech_lapses: int = DEFAULT_LEECH_LAPSES
    leech_action: str = DEFAULT_LEECH_ACTION
    interview_date: date | None = None  # None: no interview planned
    daily_budget: int = DEFAULT_DAILY_BUDGET
    demo: str = DEFAULT_DEMO

    def value(self, key: str) -> float | int | str:
        """A setting by its `quiz config` name (`new-per-day`); an unset date is `off`."""
        if key == "interview-date":
            return "off" if self.interview_date is None else self.interview_date.isoformat()
        return getattr(self, key.replace("-", "_"))  # type: ignore[no-any-return]


def load_settings(conn: sqlite3.Connection) -> Settings:
    """The stored settings; a stored value that no longer parses falls back to the default."""
    raw = store.get_settings(conn)
    values: dict[str, Any] = {}
    for key, spec in SETTINGS.items():
        default = spec.default if spec.kind is date else spec.kind(spec.default)
        try:
            values[key] = spec.parse(raw[key]) if key in raw else default
        except QuizUsageError:
            values[key] = default
    day = values.pop("interview-date")
    values["interview-date"] = date.fromisoformat(str(day)) if day else None
    return Settings(**{k.replace("-", "_"): v for k, v in values.items()})
