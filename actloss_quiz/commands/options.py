"""What every command shares: the global state from `quiz`'s own options, and option types."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actloss_quiz.commands import completion
from actloss_quiz.vocab import APP_NAME, DIFFICULTIES

if TYPE_CHECKING:
    from actloss_quiz.bank import Bank

ENV_DB = "ACTLOSS_QUIZ_DB"
DB_FILE_NAME = "progress.sqlite3"


@dataclass
class AppState:
    """Global options, resolved lazily so that commands which need no bank never parse one."""

    question_paths: list[Path] = field(default_factory=list)
    bundled: bool = True
    db: Path | None = None
    _bank: "Bank | None" = None

    def bank(self) -> "Bank":
        """The loaded banks (bundled, --questions and ACTLOSS_QUIZ_QUESTIONS), parsed once."""
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


_LEVELS = ", ".join(DIFFICULTIES[:-1]) + f" or {DIFFICULTIES[-1]}"

TopicOpt = Annotated[
    str | None,
    typer.Option(
        "--topic",
        "-t",
        help="Only this topic (e.g. activation, loss).",
        autocompletion=completion.topics,
    ),
]
DifficultyOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--difficulty",
        "-d",
        help=f"{_LEVELS}; a comma list or repeated.",
        show_default=False,
        autocompletion=completion.difficulties,
    ),
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag",
        help="Only questions with this tag (repeatable: all must match).",
        autocompletion=completion.tags,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def question_arg(help_text: str, metavar: str = "ID_OR_NUMBER") -> Any:
    """A question id or number as an argument, completed from the loaded banks."""
    return typer.Argument(metavar=metavar, help=help_text, autocompletion=completion.questions)


def completed_arg(help_text: str, complete: Callable[[typer.Context, str], Any]) -> Any:
    """An optional argument (no default shown) whose values `complete` suggests."""
    return typer.Argument(help=help_text, show_default=False, autocompletion=complete)
