"""Helpers shared by the content tests: the bundled bank as plain YAML, how a shown number is
compared with a computed one, which numbers in a text count as claims, and a few references."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

import mpmath as mp  # type: ignore[import-untyped]  # no stubs, no py.typed
import numpy as np
import yaml

from actloss_quiz.bank import bundled_questions_dir
from actloss_quiz.engine import losses as ls


@cache
def raw_questions() -> dict[str, dict[str, Any]]:
    """The bundled questions as plain YAML mappings, by id."""
    out = {}
    # libyaml's safe loader when there is one: the same mappings, 9 times faster (1 s a worker)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for path in sorted(bundled_questions_dir().glob("*.yaml")):
        for item in yaml.load(path.read_text(encoding="utf-8"), Loader=loader)["questions"]:
            out[item["id"]] = item
    return out


def follow_ups(qid: str) -> list[dict[str, Any]]:
    return list(raw_questions()[qid].get("follow_ups") or [])


_SPECIAL = {"½": Decimal("0.5")}


def _decimal(shown: str) -> Decimal:
    s = shown.replace("−", "-")
    if s.lstrip("-") in _SPECIAL:
        v = _SPECIAL[s.lstrip("-")]
        return -v if s.startswith("-") else v
    if s.endswith("%"):
        return Decimal(s[:-1])
    return Decimal(s)


def agrees(shown: str, value: float) -> bool:
    """`value` rounded to the digits `shown` has is `shown` (a percentage compares value*100)."""
    target = _decimal(shown)
    v = value * 100 if shown.endswith("%") else value
    step = Decimal(1).scaleb(target.as_tuple().exponent)  # type: ignore[arg-type]
    return Decimal(repr(float(v))).quantize(step, rounding=ROUND_HALF_UP) == target


def argmin_on_grid(f: Callable[[float], float], grid: np.ndarray) -> float:
    values = [f(float(c)) for c in grid]
    return float(grid[int(np.argmin(values))])


def silu_slope(x: Any) -> Any:
    s = 1 / (1 + mp.e ** (-x))
    return s * (1 + x * (1 - s))


@cache
def focal_optimum(p_true: float, gamma: float) -> float:
    """The prediction minimising the expected focal loss when the true probability is p_true
    (a coarse grid, then a fine one around its best point)."""

    def expected(q: float) -> float:
        z = np.array([np.log(q) - np.log1p(-q)])
        pos = ls.focal(z, np.array([1.0]), alpha=-1.0, gamma=gamma)[0]
        neg = ls.focal(z, np.array([0.0]), alpha=-1.0, gamma=gamma)[0]
        return p_true * pos + (1 - p_true) * neg

    coarse = argmin_on_grid(expected, np.linspace(0.5, 0.999, 500))
    return argmin_on_grid(expected, np.linspace(coarse - 2e-3, coarse + 2e-3, 4001))


_NUMBER = re.compile(r"(?<![\w.^])[−-]?\d+(?:\.\d+)?(?:e-?\d+)?%?")


def claim_tokens(text: str) -> list[tuple[str, int, int]]:
    """The numbers in a text that count as claims, with their positions: decimals, powers of
    ten, percentages, and whole numbers from 3 up (0, 1 and 2 are almost always parts of
    formulas such as 1 − p or 2/fan_in)."""
    out = []
    for m in _NUMBER.finditer(text):
        token, end = m.group(0), m.end()
        if end < len(text) and text[end].isalpha():
            continue  # part of a name or a symbol such as "4d"
        if "." in token or "e" in token or "%" in token or abs(int(token.replace("−", "-"))) >= 3:
            out.append((token, m.start(), end))
    return out


def claim_numbers(text: str) -> list[str]:
    return [token for token, _, _ in claim_tokens(text)]
