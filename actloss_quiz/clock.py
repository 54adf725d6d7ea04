"""The one clock every session and statistic reads, so tests can travel in time.

Call it as `clock.now()` (module attribute, not `from ... import now`) so that replacing
`actloss_quiz.clock.now` in a test takes effect everywhere.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """A datetime as the stored text form: UTC, whole seconds, with offset."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: pass an aware (UTC) datetime")
    return dt.astimezone(UTC).isoformat(timespec="seconds")


def parse_iso(text: str) -> datetime:
    """The inverse of `iso` (accepts any ISO 8601 time with an offset)."""
    return datetime.fromisoformat(text).astimezone(UTC)


def local_day_start(at: datetime) -> datetime:
    """The start (00:00 local time) of the local calendar day containing `at`, in UTC."""
    local = at.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC)


def humanize(delta: timedelta) -> str:
    """A short relative duration: '<1 min', '10 min', '5 h', '9 days', '3 months'."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1 min"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 60:
        n = round(days)
        return f"{n} day{'s' if n != 1 else ''}"
    if days < 730:
        return f"{round(days / 30.4)} months"
    return f"{days / 365.25:.1f} years"


def short(delta: timedelta) -> str:
    """`humanize` in a few columns, for the rating prompt: '<1m', '10m', '5h', '8d', '3mo', '1.5y'."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)}m"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 60:
        return f"{round(days)}d"
    if days < 730:
        return f"{round(days / 30.4)}mo"
    return f"{days / 365.25:.1f}y"


def local_text(at: datetime) -> str:
    """A time as the user reads it: local, to the minute."""
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def mmss(seconds: float) -> str:
    """`1:42` (minutes:seconds, rounded to the second)."""
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"
