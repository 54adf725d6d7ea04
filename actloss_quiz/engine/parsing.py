"""Parse demo parameter strings into float64 arrays.

Accepted forms: one number (`0.5`), a comma list (`-1,0,2.5`), an evenly spaced range
`start:stop:count` (ends included) and a matrix whose rows are separated by `;`
(`2,1,0.1;0.5,2.5,0.3`). Every error names the option (`--x: 'abc' is not a number`)
and is a `DemoInputError`, so the CLI turns it into exit code 2.
"""

from __future__ import annotations

import math

import numpy as np

from actloss_quiz.errors import DemoInputError
from actloss_quiz.numbers import shortest

# Limits, enforced before any array is built (README "Limits"): values per parameter (a list, a
# range's count or a matrix's rows x columns) and characters per value string.
MAX_VALUES = 1_000
MAX_TEXT_CHARS = 200_000
MAX_RANGE_COUNT = MAX_VALUES


def option_name(param: str) -> str:
    """The CLI spelling of a parameter: `label_smoothing` -> `--label-smoothing`."""
    return "--" + param.replace("_", "-")


def _fail(param: str, message: str) -> DemoInputError:
    return DemoInputError(f"{option_name(param)}: {message}")


def parse_number(param: str, text: str) -> float:
    """One finite float; `nan`, `inf` and non-numbers are errors naming the parameter."""
    token = text.strip()
    if len(token) > 100:
        raise _fail(param, f"{token[:20]!r}... is not a number (too long)")
    if not token:
        raise _fail(param, "empty value (expected a number)")
    try:
        value = float(token)
    except ValueError:
        raise _fail(param, f"{token!r} is not a number") from None
    if not math.isfinite(value):
        raise _fail(param, f"{token!r} is not a finite number")
    return value


def _parse_range(param: str, text: str) -> np.ndarray:
    parts = text.split(":")
    if len(parts) != 3:
        raise _fail(param, f"{text!r} is not a range (expected start:stop:count, e.g. -5:5:11)")
    start = parse_number(param, parts[0])
    stop = parse_number(param, parts[1])
    count_text = parts[2].strip()
    try:
        # int() of thousands of digits is slow and then fails; any 13+ digits are over the limit
        count = int(count_text) if len(count_text) <= 12 else MAX_RANGE_COUNT + 1
    except ValueError:
        raise _fail(param, f"range count {count_text!r} is not a whole number") from None
    if count < 2 or count > MAX_RANGE_COUNT:
        raise _fail(param, f"range count must be between 2 and {MAX_RANGE_COUNT:,}, got {count:,}")
    return np.linspace(start, stop, count, dtype=np.float64)


def _parse_row(param: str, text: str) -> list[float]:
    items = text.split(",")
    if any(not item.strip() for item in items):
        raise _fail(param, f"{text!r} has an empty item in its comma list")
    return [parse_number(param, item) for item in items]


def _check_size(param: str, text: str) -> None:
    """Refuse a value string that holds more than MAX_VALUES numbers, before splitting it."""
    if len(text) > MAX_TEXT_CHARS:
        raise _fail(param, f"value is {len(text):,} characters; at most {MAX_TEXT_CHARS:,}")
    items = text.count(",") + text.count(";") + 1
    if items > MAX_VALUES:
        raise _fail(param, f"at most {MAX_VALUES:,} values per parameter, got about {items:,}")


def parse_array(param: str, text: str) -> np.ndarray:
    """Parse a number (0-d), a comma list or range (1-d) or a `;` matrix (2-d).

    At most MAX_VALUES values (checked before anything is built).
    """
    _check_size(param, text)
    text = text.strip()
    if not text:
        raise _fail(param, "empty value (expected a number, a comma list, a range or a matrix)")
    if ";" in text:
        rows_text = text.split(";")
        if rows_text and not rows_text[-1].strip():
            rows_text = rows_text[:-1]  # tolerate one trailing ';'
        if any(":" in row for row in rows_text):
            raise _fail(param, "a range cannot be a matrix row")
        rows = [_parse_row(param, row) for row in rows_text]
        widths = {len(row) for row in rows}
        if len(widths) != 1:
            raise _fail(
                param,
                f"matrix rows have different lengths ({', '.join(str(len(row)) for row in rows)})",
            )
        return np.array(rows, dtype=np.float64)
    if ":" in text:
        return _parse_range(param, text)
    if "," in text:
        return np.array(_parse_row(param, text), dtype=np.float64)
    return np.array(parse_number(param, text), dtype=np.float64)


def parse_scalar(param: str, text: str) -> float:
    """Exactly one number (for alpha, delta, margin, temperature, ...)."""
    if len(text) > 100:
        raise _fail(param, "expected one number, got a very long value")
    text = text.strip()
    if any(sep in text for sep in ",;:"):
        raise _fail(param, f"{text!r}: expected one number, not a list")
    return parse_number(param, text)


def format_array(value: np.ndarray | float) -> str:
    """Inverse of `parse_array` (used to show defaults and scenario inputs)."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        return shortest(float(arr))
    if arr.ndim == 1:
        return ",".join(shortest(float(v)) for v in arr)
    return ";".join(",".join(shortest(float(v)) for v in row) for row in arr)
