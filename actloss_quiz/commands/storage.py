"""Where the quiz keeps its files: `quiz path` and `quiz backup`.

Kept light at import time (cli.py imports it for registration): the store and platformdirs are
imported inside the commands. Neither command creates the database or its folder.
"""

import os
from pathlib import Path
from typing import Annotated

import typer

from actloss_quiz.commands.options import state_of
from actloss_quiz.errors import Interrupted, QuizError, QuizUsageError
from actloss_quiz.text import json_text, safe_text


def path(
    ctx: typer.Context,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print JSON (database, cache, user_banks).")
    ] = False,
) -> None:
    """Show where the progress database, the parsed-bank cache and your banks are.

    Honours --db and ACTLOSS_QUIZ_DB; nothing is created.

    Example: quiz --db ~/quiz.sqlite3 path --json
    """
    from actloss_quiz.bank import cache_dir, user_banks_dir

    database = state_of(ctx).db_path(check=False).expanduser()
    cache = cache_dir()
    banks = user_banks_dir()
    if json_out:
        data = {
            "database": str(database),
            "cache": None if cache is None else str(cache),
            "user_banks": str(banks),
        }
        print(json_text(data, indent=2))
        return
    rows = [
        ("database", str(database), "" if database.exists() else "not created yet"),
        (
            "cache",
            "off" if cache is None else str(cache),
            "ACTLOSS_QUIZ_CACHE is empty" if cache is None else "",
        ),
        ("user banks", str(banks), "" if banks.is_dir() else "none yet"),
    ]
    for name, where, note in rows:
        print(safe_text(f"{name + ':':<12}{where}" + (f"  ({note})" if note else "")))


def backup(
    ctx: typer.Context,
    target: Annotated[
        str,
        typer.Argument(metavar="PATH", help="The file to write (a regular file, not '-')."),
    ],
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite PATH if it is a regular file.")
    ] = False,
) -> None:
    """Copy the progress database to PATH, safely while a quiz is running.

    Uses SQLite's online backup (recent ratings in the write-ahead log included), writes a temporary file beside PATH and renames it into place. The copy opens with `quiz --db PATH`.

    Example: quiz backup ~/quiz-backup.sqlite3

    """
    from actloss_quiz import store
    from actloss_quiz.files import check_target, replace_atomic

    if target == "-":
        raise QuizUsageError(
            "PATH: '-' is not allowed (a backup is a file, not standard output); give a file name"
        )
    source = state_of(ctx).db_path().expanduser()
    dest = Path(target).expanduser()
    check_target(dest, force=force)
    if dest.exists() and source.exists() and os.path.samefile(dest, source):
        raise QuizError(f"'{target}' is the progress database itself; give another file name")
    store.check_file(source)  # a missing or refused source is named before anything is written
    try:
        reviews = replace_atomic(dest, lambda tmp: store.backup_database(source, tmp), force=force)
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM/SIGHUP (errors.Terminated)
        stopped = Interrupted(f"Backup interrupted; '{target}' was left unchanged.")
        stopped.exit_code = int(getattr(e, "exit_code", stopped.exit_code))
        raise stopped from None
    size = dest.stat().st_size
    noun = "review" if reviews == 1 else "reviews"
    print(safe_text(f"Backed up {source} to {dest}: {_size(size)}, {reviews} {noun}."))


def _size(n: int) -> str:
    """1234567 -> '1.2 MB' (decimal units, as `ls -h --si` and file managers show them)."""
    if n < 1000:
        return f"{n} bytes"
    value = float(n)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 1000 or unit == "TB":
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover
