"""Writing a file so that it is either complete or not there: a temporary file, then a rename.

An interrupted or failed write never leaves a half-written file, and an existing file is only
replaced when asked (`force`).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from actloss_quiz.errors import QuizError

T = TypeVar("T")
Writer = Callable[[TextIO], int]  # writes into an open file, returns how many rows it wrote


def _kind(mode: int) -> str | None:
    """What a file that is not a regular file is (None for a regular file)."""
    import stat

    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def refuse_foreign(target: Path) -> None:
    """The writer rule: only a regular file (or nothing) may be at `target`; `--force` replaces
    regular files only, so a device, FIFO, socket or directory is refused (exit 1) and never
    replaced by a regular file, even as root."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as e:
        raise QuizError(f"cannot write '{target}': {e.strerror or e}") from None
    kind = _kind(mode)
    if kind == "a directory":
        raise QuizError(f"'{target}' is a directory; give a file name, e.g. '{target / 'x.csv'}'")
    if kind is not None:
        raise QuizError(
            f"'{target}' is {kind}, not a regular file; only a regular file is ever replaced "
            "(with --force); give another file name"
        )


def check_target(target: Path, *, force: bool) -> None:
    """Fail early (before any work) on a path we cannot or must not write."""
    refuse_foreign(target)
    if target.exists() and not force:
        raise QuizError(f"'{target}' already exists; add --force to overwrite it")
    parent = target.parent
    if not parent.is_dir():
        raise QuizError(
            f"cannot write '{target}': folder '{parent}' does not exist; create it first"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise QuizError(f"cannot write '{target}': folder '{parent}' is not writable")


def write_atomic(target: Path, write: Writer, *, force: bool) -> int:
    """Write through `write` into a temporary file beside `target`, then rename it into place.

    Without `force` an existing target is never replaced (checked atomically by a hard link
    where the filesystem has them). The temporary file is removed on any failure or Ctrl-C.

    Raises:
        QuizError: the target exists (without force), or the folder is missing or not writable.
    """
    parent = target.parent
    # The name is chosen before the file is created, so a Ctrl-C or SIGTERM that lands while
    # it is being created (inside what would be mkstemp) still finds and removes it.
    tmp = parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    ours = True
    try:
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except FileNotFoundError:
            raise QuizError(
                f"cannot write '{target}': folder '{parent}' does not exist; create it first"
            ) from None
        except PermissionError:
            raise QuizError(f"cannot write '{target}': folder '{parent}' is not writable") from None
        except FileExistsError:  # another file by that random name: never ours to remove
            ours = False
            raise QuizError(f"cannot write '{target}': '{tmp}' is in the way") from None
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            n = write(f)
            f.flush()
            os.fsync(f.fileno())
        _set_mode(tmp, target)
        _move_into_place(tmp, target, force=force)
    except BaseException:
        if ours:
            tmp.unlink(missing_ok=True)
        raise
    return n


def replace_atomic(target: Path, fill: Callable[[Path], T], *, force: bool) -> T:
    """`write_atomic` for a writer that needs a path, not an open file (SQLite's backup): `fill`
    gets an empty private temporary file beside `target`, whatever it wrote is synced and
    renamed into place, with the same rules (no replacing without `force`, regular files only,
    the temporary file removed on any failure or Ctrl-C, side files named after it too)."""
    parent = target.parent
    tmp = parent / f".{target.name}.{secrets.token_hex(6)}.tmp"
    ours = True
    try:
        try:
            fd = os.open(
                tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
            )
        except FileNotFoundError:
            raise QuizError(
                f"cannot write '{target}': folder '{parent}' does not exist; create it first"
            ) from None
        except PermissionError:
            raise QuizError(f"cannot write '{target}': folder '{parent}' is not writable") from None
        except FileExistsError:  # another file by that random name: never ours to remove
            ours = False
            raise QuizError(f"cannot write '{target}': '{tmp}' is in the way") from None
        os.close(fd)
        result = fill(tmp)
        fd = os.open(tmp, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        _set_mode(tmp, target)
        _move_into_place(tmp, target, force=force)
    except BaseException:
        if ours:
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(f"{tmp}{suffix}").unlink(missing_ok=True)
        raise
    return result


def _set_mode(tmp: Path, target: Path) -> None:
    """The temporary file is private (0600): give it the target's mode, or the umask default."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _move_into_place(tmp: Path, target: Path, *, force: bool) -> None:
    refuse_foreign(target)  # again: it may have appeared while the file was written
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if the target appeared meanwhile: never overwrite it
    except FileExistsError:
        raise QuizError(f"'{target}' already exists; add --force to overwrite it") from None
    except OSError:  # no hard links here (e.g. FAT): fall back to check-then-rename
        if target.exists():
            raise QuizError(f"'{target}' already exists; add --force to overwrite it") from None
        os.replace(tmp, target)
        return
    tmp.unlink()
