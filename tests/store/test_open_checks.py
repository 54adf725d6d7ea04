"""The SQL shortcut of the date check at open: it certifies only what `date_ok` accepts."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from actloss_quiz.store.opening import _written_date, date_ok

_SQL = "WITH t(x) AS (SELECT ?) SELECT " + _written_date("x") + " FROM t"


def _certified(value: object) -> bool:
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:  # (closed: 3.13 warns)
        return bool(conn.execute(_SQL, (value,)).fetchone()[0])


@settings(max_examples=500, deadline=None)
@given(
    st.integers(0, 10**11),
    st.lists(st.tuples(st.integers(0, 24), st.sampled_from("0123456789-:T+Z. x")), max_size=3),
)
def test_a_certified_date_is_one_date_ok_accepts(
    seconds: int, edits: list[tuple[int, str]]
) -> None:
    written = (datetime(1, 1, 2, tzinfo=UTC) + timedelta(seconds=seconds)).isoformat(
        timespec="seconds"
    )
    assert _certified(written) == date_ok(written)  # every time as written, from year 2 on
    for i, ch in edits:
        written = written[:i] + ch + written[i + 1 :]
    if _certified(written):
        assert date_ok(written)


def test_impossible_and_other_times_are_left_to_date_ok() -> None:
    for value in (
        "2026-02-29T00:00:00+00:00",  # not a leap year
        "2026-02-30T00:00:00+00:00",
        "2026-04-31T00:00:00+00:00",
        "2026-01-01T24:00:00+00:00",
        "2026-01-01T23:59:60+00:00",
        "0001-06-01T00:00:00+00:00",  # date_ok: years 2 to 9998
        "9999-01-01T00:00:00+00:00",
        "2026-01-01T00:00:00+01:00",  # date_ok accepts it, the shortcut leaves it to date_ok
        "2026-01-01T00:00:00Z",
        "２０２６-01-01T00:00:00+00:00",
        "",
        None,
        20260101,
    ):
        assert not _certified(value), value
    assert _certified("2024-02-29T23:59:59+00:00") and _certified("0002-01-01T00:00:00+00:00")
