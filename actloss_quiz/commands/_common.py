"""Shared command plumbing: the global state, option parsing helpers and filter validation."""

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from actloss_quiz.errors import QuizUsageError

if TYPE_CHECKING:
    from actloss_quiz.bank import Bank, Question

ENV_DB = "ACTLOSS_QUIZ_DB"
APP_NAME = "actloss-quiz"
DB_FILE_NAME = "progress.sqlite3"


@dataclass
class AppState:
    """Global options, resolved lazily so that commands which need no bank never parse one."""

    question_paths: list[Path] = field(default_factory=list)
    bundled: bool = True
    db: Path | None = None
    _bank: "Bank | None" = None

    def bank(self) -> "Bank":
        if self._bank is None:
            from actloss_quiz.bank import env_question_paths, load_bank

            self._bank = load_bank(
                [*self.question_paths, *env_question_paths()], bundled=self.bundled
            )
        return self._bank

    def db_path(self) -> Path:
        """`--db`, else `ACTLOSS_QUIZ_DB`, else the platform's user data directory."""
        if self.db is not None:
            return self.db
        env = os.environ.get(ENV_DB)
        if env:
            return Path(env)
        from platformdirs import user_data_path

        return user_data_path(APP_NAME, appauthor=False) / DB_FILE_NAME


def state_of(ctx: typer.Context) -> AppState:
    """The AppState of the root context (a bare AppState when a command is invoked alone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppState):
        root.obj = AppState()
    return root.obj


def split_values(values: list[str] | None) -> list[str]:
    """Accept an option given once with a comma list, repeated, or both."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _suggest(value: str, valid: list[str]) -> str:
    close = difflib.get_close_matches(value, valid, n=1, cutoff=0.5)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"{hint}; valid values: {', '.join(valid) or '(none loaded)'}"


def check_filters(
    bank: "Bank",
    *,
    topic: str | None = None,
    difficulty: list[str] | None = None,
    tag: list[str] | None = None,
) -> tuple[str | None, list[str], list[str]]:
    """Validate --topic/--difficulty/--tag against the loaded bank.

    Raises:
        QuizUsageError: naming the option and listing the valid values.
    """
    from actloss_quiz.bank import DIFFICULTIES

    if topic is not None and topic not in bank.topics:
        raise QuizUsageError(f"--topic: unknown topic '{topic}'{_suggest(topic, bank.topics)}")
    levels = split_values(difficulty)
    for level in levels:
        if level not in DIFFICULTIES:
            raise QuizUsageError(
                f"--difficulty: unknown difficulty '{level}'{_suggest(level, list(DIFFICULTIES))}"
            )
    tags = split_values(tag)
    known = sorted({t for q in bank.questions for t in q.tags})
    for t in tags:
        if t not in known:
            raise QuizUsageError(f"--tag: unknown tag '{t}'{_suggest(t, known)}")
    return topic, levels, tags


def select_questions(
    bank: "Bank",
    *,
    topic: str | None = None,
    difficulty: list[str] | None = None,
    tag: list[str] | None = None,
) -> "list[Question]":
    """Check the filter options, then return the matching questions in bank order."""
    topic, levels, tags = check_filters(bank, topic=topic, difficulty=difficulty, tag=tag)
    return bank.select(topic=topic, difficulties=levels, tags=tags)
