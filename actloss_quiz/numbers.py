"""Every way the app writes a number, in one place; each has its own job, so they differ on purpose.

Standard library only, so the engine, the drills, the exports and the views can all use it.
"""

from __future__ import annotations

import math
import re
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


# The one reading of a whole number a person typed (a question number, a key point tick, an
# integer option): ASCII digits only ('²' and '٣' are digits to str.isdigit, not to us), leading
# zeros allowed, and never more digits converted than a value in range can have, so a 5,000-digit
# number costs nothing and is reported as typed.
_SIGN = ("+", "-")


def whole_number(text: str, *, signed: bool = False) -> int | None:
    """The value of `text` as a whole number written in ASCII digits, else None.

    Values too long to be meaningful (more than 30 significant digits) are returned as a number
    above any limit the app has (10**30), never converted digit by digit.
    """
    text = text.strip()
    negative = False
    if signed and text[:1] in _SIGN:
        negative = text[0] == "-"
        text = text[1:]
    if not text or not text.isascii() or not text.isdigit():
        return None
    digits = text.lstrip("0") or "0"
    value = 10**30 if len(digits) > 30 else int(digits)
    return -value if negative else value


_DECIMAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def decimal_number(text: str) -> float | None:
    """A finite number written as a decimal (`2`, `0.5`, `1e3`), else None (also inf and nan)."""
    text = text.strip()
    if len(text) > 100 or not _DECIMAL.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def as_typed(text: str, width: int = 40) -> str:
    """A number as the user typed it, shortened past `width` characters (for messages)."""
    text = text.strip()
    return text if len(text) <= width else text[: width - 1] + "…"
