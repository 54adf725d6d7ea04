"""Every way the app writes a number, in one place; each has its own job, so they differ on purpose.

Standard library only, so the engine, the drills, the exports and the views can all use it.
"""

from __future__ import annotations

import math
import re
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
        from decimal import Decimal  # only here: its import is a millisecond of every start-up

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


# --- numbers in a narrow column ---------------------------------------------------------------
# A table cell is never cut mid-number (`5.87157e-…`): a number that does not fit its column is
# written with fewer significant digits, then in scientific notation with a short exponent
# (`5.9e-5`), which reads back as a number that close to the one computed.

_NUMBER_WORD = re.compile(
    r"(?P<pre>[\[(]*)(?P<num>[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:e[+-]?[0-9]+)?)"
    r"(?P<post>[\]),;:%]*)"
)


def _short_exponent(text: str) -> str:
    """`5.90e-05` -> `5.9e-5`, `1.0e+06` -> `1e6`: no trailing zeros, no exponent padding."""
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    sign = "-" if exponent.startswith("-") else ""
    return f"{mantissa}e{sign}{exponent.lstrip('+-').lstrip('0') or '0'}"


LEAST_DIGITS = 2  # a number shortened to fit a column keeps at least this many significant digits


def fit_number(v: SupportsFloat, width: int, digits: int = 6) -> str | None:
    """`v` in at most `width` characters with as many significant digits as fit (at most
    `digits`, at least LEAST_DIGITS): plain `%g` first, then scientific notation, at each
    precision; None when it cannot fit (`5.87157e-05` at 6 -> `5.9e-5`, at 8 -> `5.872e-5`)."""
    v = float(v)
    if not math.isfinite(v) or v == 0:
        text = table_number(v)
        return text if len(text) <= width else None
    for p in range(digits, LEAST_DIGITS - 1, -1):
        for text in (f"{v:.{p}g}", f"{v:.{p - 1}e}"):
            text = _short_exponent(text)
            if len(text) <= width and math.isfinite(float(text)):  # 1.8e308 would be inf
                return text
    return None


def shrinkable(word: str) -> bool:
    """Whether `word` is a number with digits to spare (a decimal or scientific value, with
    brackets or a comma around it); whole numbers (counts, indices) are never rewritten."""
    match = _NUMBER_WORD.fullmatch(word)
    return match is not None and any(ch in match["num"] for ch in ".e")


def fit_word(word: str, width: int) -> str | None:
    """A number `word` (`[0.268941,`) in at most `width` characters, its brackets and comma
    kept; the word itself when it fits or is no number; None when it cannot fit."""
    if len(word) <= width:
        return word
    match = _NUMBER_WORD.fullmatch(word)
    if match is None or not shrinkable(word):
        return None
    room = width - len(match["pre"]) - len(match["post"])
    number = fit_number(float(match["num"]), room) if room > 0 else None
    return None if number is None else match["pre"] + number + match["post"]


def narrowest(word: str) -> int:
    """The fewest characters `word` can take in a table cell (its length unless a number)."""
    if not shrinkable(word):
        return len(word)
    width = len(word)
    while width > 1 and fit_word(word, width - 1) is not None:
        width -= 1
    return width


def fit_numbers(text: str, width: int) -> str:
    """`text` with every number word wider than `width` rewritten to fit it (see `fit_word`);
    other words, and the spacing between words, as they were."""
    return re.sub(r"\S+", lambda m: fit_word(m[0], width) or m[0], text)
