"""Words shared by the bank, the drills, the filters and the messages: one home for each.

Kept free of imports beyond the standard library so the lightest commands can use it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

APP_NAME = "actloss-quiz"  # the package, and its folders in the user data and cache directories
# The program's names: the two console scripts (pyproject.toml), `quiz` first, the default.
PROGRAM_NAMES = ("quiz", APP_NAME)
_program = [PROGRAM_NAMES[0]]  # as the user typed it this run (`set_program`)
# FSRS ratings by number, as typed and shown (1-4 or the word)
RATING_NAMES = {1: "again", 2: "hard", 3: "good", 4: "easy"}
RATING_BY_NAME = {name: value for value, name in RATING_NAMES.items()}
DIFFICULTIES = ("easy", "medium", "hard")  # question difficulties and drill levels, easy first


# What a loop's summary adds after its count, by how it ended (store.ENDED_BY).
ENDED_NOTE = {"finished": "", "quit": " (ended early)", "interrupted": " (interrupted)"}


def program_name(invoked: str | None) -> str:
    """The program's name as invoked (a path or `sys.argv[0]`; on Windows `actloss-quiz.exe`):
    one of PROGRAM_NAMES, else `quiz` (`python -m actloss_quiz`, a test runner)."""
    import os

    if not invoked:
        return PROGRAM_NAMES[0]
    base = os.path.basename(invoked.replace("\\", "/"))
    for suffix in (".exe", "-script.py", ".py"):
        base = base.removesuffix(suffix)
    return base if base in PROGRAM_NAMES else PROGRAM_NAMES[0]


def set_program(invoked: str | None, commands: Sequence[str] = ()) -> str:
    """Remember the program's name for this run (see `program_name`) and its command names
    (for `as_typed`); returns the name."""
    _program[0] = program_name(invoked)
    words = "|".join(sorted((re.escape(c) for c in commands), key=len, reverse=True))
    # `quiz start`, `quiz --db`, `quiz demo NAME`; not "the quiz session" or "quiz's"
    _command_word[0] = rf"(?<![\w./-])quiz(?= (?:-|(?:{words or '-'})\b))"
    return _program[0]


# The pattern of a `quiz COMMAND`, compiled when `as_typed` first needs it: most runs are
# `quiz`, whose text needs no rewriting (the alternation of every command cost 2-3 ms a run).
_command_word: list[str | re.Pattern[str]] = [r"(?<![\w./-])quiz(?= -)"]


def program() -> str:
    """The name the user typed (`quiz` or `actloss-quiz`), for usage lines, hints and help."""
    return _program[0]


def as_typed(text: str) -> str:
    """`text` with each `quiz COMMAND` and `quiz --option` written with the name the user
    typed: for text fixed before that name is known (docstrings that become help, option help,
    the settings' descriptions)."""
    if program() == PROGRAM_NAMES[0]:
        return text
    pattern = _command_word[0]
    if isinstance(pattern, str):
        pattern = _command_word[0] = re.compile(pattern)
    return pattern.sub(program(), text)


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
