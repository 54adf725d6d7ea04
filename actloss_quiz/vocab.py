"""Words shared by the bank, the drills, the filters and the messages: one home for each.

Kept free of imports beyond the standard library so the lightest commands can use it.
"""

from __future__ import annotations

from collections.abc import Sequence

APP_NAME = "actloss-quiz"  # the package, and its folders in the user data and cache directories
DIFFICULTIES = ("easy", "medium", "hard")  # question difficulties and drill levels, easy first


# What a loop's summary adds after its count, by how it ended (store.ENDED_BY).
ENDED_NOTE = {"finished": "", "quit": " (ended early)", "interrupted": " (interrupted)"}


def difficulty_order(level: str) -> tuple[int, str]:
    """Sort key: easy, medium, hard, then anything else by name."""
    rank = DIFFICULTIES.index(level) if level in DIFFICULTIES else len(DIFFICULTIES)
    return (rank, level)


def closest(word: str, choices: Sequence[str], *, n: int = 1, cutoff: float = 0.5) -> list[str]:
    """The choices closest to `word` (difflib's ratio >= cutoff), best first: "did you mean"."""
    import difflib

    by_fold: dict[str, str] = {}
    for choice in choices:
        by_fold.setdefault(choice.casefold(), choice)
    same = [c for c in choices if c.casefold() == word.casefold()]  # `ReLU` for `relu`
    folded = difflib.get_close_matches(word.casefold(), list(by_fold), n=n, cutoff=cutoff)
    close = [by_fold[f] for f in folded]
    return list(dict.fromkeys([*same, *close]))[:n]


def did_you_mean(word: str, choices: Sequence[str], *, cutoff: float = 0.5) -> str:
    """` (did you mean 'x'?)`, or "" when nothing is close."""
    close = closest(word, choices, cutoff=cutoff)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(n: int, singular: str, plural_form: str | None = None) -> str:
    """`1 question`, `3 questions` (the count and the noun)."""
    return f"{n} {singular if n == 1 else plural_form or singular + 's'}"
