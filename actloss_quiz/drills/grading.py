"""Grading a typed number against the engine's value.

An answer is correct when |given - expected| <= tolerance(expected, K), where
tolerance = 0.5 * 10^-K (half a unit in the K-th decimal, K = --decimals, default 3), widened to
1e-3 * |expected| when |expected| >= 100, plus a few ulps so that the expected value rounded to
K decimals, typed back, is always accepted (ties included).
"""

from __future__ import annotations

import math
import re

DEFAULT_DECIMALS = 3
MAX_DECIMALS = 10
RELATIVE_FROM = 100.0  # at or above this |expected|, a relative 1e-3 tolerance also applies
RELATIVE_TOL = 1e-3


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_answer(text: str) -> float | None:
    """A typed number: decimal, fraction (`1/4`, `-3/2`), scientific (`2.5e-1`), with an
    optional sign and surrounding spaces. None when it is not a finite number."""
    s = text.strip().replace("\u2212", "-")  # a typographic minus sign
    num, slash, den = s.partition("/")
    top = _number(num)
    if not slash:
        return top
    bottom = _number(den)
    if top is None or not bottom:  # not a number, or a zero denominator
        return None
    value = top / bottom
    return value if math.isfinite(value) else None


def tolerance(expected: float, decimals: int = DEFAULT_DECIMALS) -> float:
    """Half a unit in the K-th decimal; for |expected| >= 100 also a relative 1e-3."""
    tol = 0.5 * 10.0**-decimals
    if abs(expected) >= RELATIVE_FROM:
        tol = max(tol, RELATIVE_TOL * abs(expected))
    return tol


def grade(given: float, expected: float, decimals: int = DEFAULT_DECIMALS) -> bool:
    """True when `given` is within `tolerance`; a few ulps of slack accept exact ties
    (the expected value rounded to K decimals is always correct)."""
    slack = 8 * math.ulp(max(abs(given), abs(expected), 1.0))
    return abs(given - expected) <= tolerance(expected, decimals) + slack
