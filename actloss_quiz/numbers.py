"""Every way the app writes a number, in one place; each has its own job, so they differ on purpose.

Standard library only, so the engine, the drills, the exports and the views can all use it.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import SupportsFloat


def g6(v: SupportsFloat) -> str:
    """Six significant digits, as `%g` writes them (engine notes and messages)."""
    return f"{float(v):.6g}"


def table_number(v: SupportsFloat) -> str:
    """Six significant digits and no '-0' (demo tables; NumPy scalars and one-element arrays too)."""
    v = float(v)
    if v == 0:
        return "0"
    if not math.isfinite(v):
        return str(v)
    return f"{v:.6g}"


def shortest(v: float) -> str:
    """The shortest text that reads back as the same float, without a trailing '.0' (`0.1`, `2`)."""
    text = repr(v)
    return text[:-2] if text.endswith(".0") else text


def written(v: SupportsFloat, digits: int = 6) -> str:
    """A number as a person writes it: 2, -0.5, 0.268941, 2.7e-05 (drill prompts and steps)."""
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.{digits}g}"


def fixed(v: float, decimals: int) -> str:
    """To K decimals, never '-0.000' (a drill's expected answer)."""
    text = f"{v:.{decimals}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text


def exact_decimal(x: float) -> str:
    """A float as the shortest exact plain decimal (`1e-05` -> `0.00001`); '' when not finite."""
    text = repr(x)
    if "e" in text:
        return format(Decimal(text), "f")
    if text in ("nan", "inf", "-inf"):
        return ""
    return text
