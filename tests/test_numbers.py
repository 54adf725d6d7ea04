"""numbers: every way a number is written."""

from __future__ import annotations

import math

import numpy as np
import pytest

from actloss_quiz import numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0"), (-0.0, "0"), (1 / 3, "0.333333"), (123456789.0, "1.23457e+08"), (math.inf, "inf")],
)
def test_table_number(value: float, text: str) -> None:
    assert numbers.table_number(value) == text
    assert numbers.table_number(np.float64(value)) == text


def test_g6_and_shortest() -> None:
    assert numbers.g6(2 / 3) == "0.666667" and numbers.g6(-0.0) == "-0"
    assert numbers.shortest(2.0) == "2" and numbers.shortest(0.1) == "0.1"
    assert numbers.shortest(1e-05) == "1e-05"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (2.0, "2"),
        (-0.5, "-0.5"),
        (0.2689414213699951, "0.268941"),
        (2.7e-05, "2.7e-05"),
        (1e16, "1e+16"),
    ],
)
def test_written(value: float, text: str) -> None:
    assert numbers.written(value) == text


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [(0.5, 3, "0.500"), (-0.0001, 3, "0.000"), (-0.25, 2, "-0.25"), (2.0, 0, "2"), (-0.4, 0, "0")],
)
def test_fixed_never_writes_minus_zero(value: float, decimals: int, text: str) -> None:
    assert numbers.fixed(value, decimals) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e-05, "0.00001"),
        (0.1, "0.1"),
        (1e20, "100000000000000000000"),
        (math.nan, ""),
        (-math.inf, ""),
    ],
)
def test_exact_decimal(value: float, text: str) -> None:
    assert numbers.exact_decimal(value) == text
