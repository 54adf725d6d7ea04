"""What every command shares: the global state from `quiz`'s own options, and option types."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

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
    # The console script's process ends with its command: its bank is frozen out of the
    # collector once loaded (`bank`). Off in-process (tests run the app many times).
    freeze_bank: ClassVar[bool] = False

    def bank(self) -> "Bank":
        """The loaded banks (bundled, --questions and ACTLOSS_QUIZ_QUESTIONS), parsed once."""
        if self._bank is None:
            import gc

            from actloss_quiz.bank import env_question_paths, load_bank

            # The collector is paused until the bank is loaded (and frozen): the millions of
            # objects of a large bank are not garbage, and the first collection after the load
            # would walk them all (90 ms at 50,000 questions, 30% of what grows faster than the
            # bank). `load_files` pauses it too, for callers that load a bank themselves.
            enabled = gc.isenabled()
            gc.disable()
            try:
                self._bank = load_bank(
                    [*self.question_paths, *env_question_paths()], bundled=self.bundled
                )
                if self.freeze_bank:
                    # The bank lives as long as the process: its objects leave the collector's
                    # generations, so the collections that reading the history sets off do not
                    # walk them again (start on 50,000 questions: 1.21 -> 1.05 s of CPU).
                    gc.freeze()
            finally:
                if enabled:
                    gc.enable()
        return self._bank

    def db_path(self, *, check: bool = True) -> Path:
        """`--db`, else `ACTLOSS_QUIZ_DB`, else the platform's user data directory. With `check`
        (every command but `quiz path`) a chosen path's folder must exist."""
        if self.db is not None:
            return _existing_folder(self.db, "--db") if check else self.db
        env = os.environ.get(ENV_DB)
        if env:
            return _existing_folder(Path(env), ENV_DB) if check else Path(env)
        from actloss_quiz.userdirs import user_dir

        return user_dir("data", APP_NAME) / DB_FILE_NAME


def _existing_folder(path: Path, origin: str) -> Path:
    """A database path the user chose: its folder must exist (a typo must not look like lost
    progress in a new, empty database). Only the default location is created on first use."""
    parent = path.expanduser().parent
    if not parent.is_dir():
        from actloss_quiz.errors import QuizError

        raise QuizError(
            f"{origin}: folder '{parent}' of the progress database '{path}' does not exist; "
            "create it first, or check the path for a typo"
        )
    return path


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


# --- numbers: the one rule for every int and float option -----------------------------------

SEED_MAX = 2**63 - 1  # the database keeps an interview's seed as a 64-bit integer


def bounded(kind: type[int] | type[float], low: float, high: float) -> Callable[[Any], Any]:
    """The parser of an int or float option: finite, from `low` to `high` inclusive, else a
    usage error (exit 2) naming the range; the value is reported as typed.

    Every number option goes through it (`typer.Option(parser=bounded(int, 1, 1000))`), so
    `inf`, `nan`, `1e308`, a 5,000-digit number or `²` is refused before any work starts.
    """
    from actloss_quiz.numbers import as_typed, decimal_number, whole_number

    span = f"from {_shown(low, kind)} to {_shown(high, kind)}"
    what = "a whole number" if kind is int else "a finite number"

    def parse(raw: Any) -> Any:
        if isinstance(raw, kind) and not isinstance(raw, bool) and low <= raw <= high:
            return raw  # the default
        text = str(raw)
        value = whole_number(text, signed=True) if kind is int else decimal_number(text)
        if value is None or not low <= value <= high:
            raise typer.BadParameter(f"{as_typed(text)} is not allowed; give {what} {span}")
        return value

    return parse


def _shown(v: float, kind: type) -> str:
    return f"{int(v):,}" if kind is int else f"{v:,g}"


def question_arg(help_text: str, metavar: str = "ID_OR_NUMBER") -> Any:
    """A question id or number as an argument, completed from the loaded banks."""
    return typer.Argument(metavar=metavar, help=help_text, autocompletion=completion.questions)


def completed_arg(help_text: str, complete: Callable[[typer.Context, str], Any]) -> Any:
    """An optional argument (no default shown) whose values `complete` suggests."""
    return typer.Argument(help=help_text, show_default=False, autocompletion=complete)
