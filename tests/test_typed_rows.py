"""`store.opening.typed` remembers the value types that passed for a kinds string (issue 23):
a row of the same types still has its dates checked, and any other row takes the full check."""

from __future__ import annotations

import pytest

from actloss_quiz.errors import StoreError
from actloss_quiz.store.opening import typed

GOOD = ("q-one", 3, None, 0.5, "2026-11-24T05:14:16+00:00")


def test_a_row_of_types_seen_before_still_has_its_dates_checked() -> None:
    assert typed(GOOD, "tInnd", "reviews") == list(GOOD)
    assert typed(GOOD, "tInnd", "reviews") == list(GOOD)  # the remembered types
    with pytest.raises(StoreError, match="damaged"):
        typed((*GOOD[:4], "2026-02-30T05:14:16+00:00"), "tInnd", "reviews")
    with pytest.raises(StoreError, match="damaged"):
        typed((*GOOD[:4], "yesterday"), "tInnd", "reviews", ("a", "b", "c", "d", "reviewed_at"))


@pytest.mark.parametrize(
    "row",
    [
        ("q-one", "3", None, 0.5, GOOD[4]),
        (b"q-one", 3, None, 0.5, GOOD[4]),
        ("q-one", 3, None, "0.5", GOOD[4]),
        ("q-one", 3, None, 0.5, None),
        ("q-one", 3, None, 0.5, 20261124),
    ],
)
def test_other_types_are_refused_after_a_good_row(row: tuple[object, ...]) -> None:
    typed(GOOD, "tInnd", "reviews")
    with pytest.raises(StoreError, match="damaged"):
        typed(row, "tInnd", "reviews")


def test_a_row_of_another_length_is_refused_after_a_good_row() -> None:
    typed(GOOD, "tInnd", "reviews")
    with pytest.raises(ValueError):
        typed(GOOD[:4], "tInnd", "reviews")
