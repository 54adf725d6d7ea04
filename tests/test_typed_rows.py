"""`store.opening.typed` remembers the value types that passed for a kinds string (issue 23):
a row of the same types still has its dates checked, and any other row takes the full check."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actloss_quiz.errors import StoreError
from actloss_quiz.store.opening import date_ok, dates_ok, typed, typed_rows

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


# Times near `clock.iso`'s shape: each field at and past its limits, other lengths and offsets.
_FIELDS = st.tuples(
    st.sampled_from(["0000", "0001", "0002", "2024", "2026", "9998", "9999", "２０２６", "20x6"]),
    st.sampled_from(["00", "01", "02", "12", "13", "1"]),
    st.sampled_from(["00", "01", "28", "29", "30", "31", "32"]),
    st.sampled_from(["00", "23", "24"]),
    st.sampled_from(["00", "59", "60"]),
    st.sampled_from(["00", "59", "60", "00.5", "00.123456"]),
    st.sampled_from(["+00:00", "-05:30", "+23:59", "+24:00", "Z", "", "+0000", "+00:0x"]),
    st.sampled_from(["-", " "]),
    st.sampled_from(["T", " ", "t"]),
)
_TIMES = _FIELDS.map(lambda f: f"{f[0]}{f[7]}{f[1]}-{f[2]}{f[8]}{f[3]}:{f[4]}:{f[5]}{f[6]}")


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_TIMES, st.text(max_size=30), st.none(), st.integers()), max_size=6))
def test_dates_ok_passes_a_batch_only_if_date_ok_passes_each(values: list[object]) -> None:
    """The batch check may refuse more than `date_ok` (its caller then checks one by one),
    never less; and a batch of times as `clock.iso` writes them passes whole."""
    if dates_ok(values):
        assert all(isinstance(v, str) and date_ok(v) for v in values)
    written = [v for v in values if isinstance(v, str) and date_ok(v) and len(v) == 25]
    if all(v[19] == "+" and v[10] == "T" and v[4] == "-" for v in written):
        assert dates_ok(written)


_VALUES = st.one_of(
    st.sampled_from(["q-one", "2026-11-24T05:14:16+00:00", "2026-02-30T05:14:16+00:00"]),
    st.none(),
    st.integers(-3, 3),
    st.floats(allow_nan=False),
    st.binary(max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(*[_VALUES] * 6), max_size=5), st.sampled_from(["tInndD", "TiI-nd"]))
def test_typed_rows_takes_exactly_the_rows_typed_takes(
    rows: list[tuple[object, ...]], kinds: str
) -> None:
    """Rows checked a column at a time pass only if each passes `typed`; otherwise the error is
    `typed`'s own (the first bad row's)."""
    try:
        expected: list[object] | StoreError = [typed(r, kinds, "reviews") for r in rows]
    except StoreError as e:
        expected = e
    try:
        got: list[object] | StoreError = [list(r) for r in typed_rows(rows, kinds, "reviews")]
    except StoreError as e:
        got = e
    if isinstance(expected, StoreError):
        assert isinstance(got, StoreError) and str(got) == str(expected)
    else:
        assert got == expected


def test_typed_rows_passes_good_rows_whole_and_finds_a_bad_one() -> None:
    rows = [GOOD] * 5000 + [(*GOOD[:3], "0.5", GOOD[4])]
    with pytest.raises(StoreError, match="damaged"):
        typed_rows(rows, "tInnd", "reviews")
    assert typed_rows(rows[:-1], "tInnd", "reviews") is not None
    assert [list(r) for r in typed_rows(rows[:3], "tInnd", "reviews")] == [list(GOOD)] * 3
    for bad in ("2026-02-30T05:14:16+00:00", "soon"):  # each date checked, NULL where allowed
        with pytest.raises(StoreError, match="damaged"):
            typed_rows([(*GOOD, None)] * 3 + [(*GOOD[:4], bad, None)], "tInndD", "reviews")
        with pytest.raises(StoreError, match="damaged"):
            typed_rows([(*GOOD, None)] * 3 + [(*GOOD, bad)], "tInndD", "reviews")
    assert len(typed_rows([(*GOOD, None), (*GOOD, GOOD[4])], "tInndD", "reviews")) == 2
