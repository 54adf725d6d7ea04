"""clock: stored time text, local days, relative durations, mm:ss."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from actloss_quiz import clock


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=0), "<1 min"),
        (timedelta(seconds=59), "<1 min"),
        (timedelta(seconds=60), "1 min"),
        (timedelta(minutes=10), "10 min"),
        (timedelta(minutes=59, seconds=29), "59 min"),
        (timedelta(minutes=60), "1 h"),
        (timedelta(hours=5, minutes=20), "5 h"),
        (timedelta(hours=23, minutes=29), "23 h"),
        (timedelta(hours=24), "1 day"),
        (timedelta(hours=30), "1 day"),  # not "30 h"
        (timedelta(hours=36), "2 days"),
        (timedelta(days=9), "9 days"),
        (timedelta(days=59), "59 days"),
        (timedelta(days=60), "2 months"),
        (timedelta(days=91), "3 months"),
        (timedelta(days=729), "24 months"),
        (timedelta(days=730), "2.0 years"),
        (timedelta(days=1000), "2.7 years"),
    ],
)
def test_humanize(delta: timedelta, text: str) -> None:
    assert clock.humanize(delta) == text


def test_iso_is_utc_whole_seconds_and_parses_back() -> None:
    at = datetime(2026, 11, 24, 6, 14, 16, 999_999, tzinfo=timezone(timedelta(hours=1)))
    assert clock.iso(at) == "2026-11-24T05:14:16+00:00"
    assert clock.parse_iso(clock.iso(at)) == at.replace(microsecond=0)
    assert clock.parse_iso("2026-11-24T06:14:16+01:00").tzinfo == UTC
    with pytest.raises(ValueError, match="naive"):
        clock.iso(datetime(2026, 1, 1))


def test_local_day_start(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        at = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)  # 22:00 the day before in New York
        assert clock.local_day_start(at) == datetime(2026, 11, 23, 5, 0, tzinfo=UTC)
        assert clock.local_text(at) == "2026-11-23 22:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_now_is_aware_utc() -> None:
    assert clock.now().tzinfo == UTC


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (-5, "0:00"), (59.4, "0:59"), (59.6, "1:00"), (3725, "62:05")],
)
def test_mmss(seconds: float, text: str) -> None:
    assert clock.mmss(seconds) == text
