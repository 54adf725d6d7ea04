"""A consistent copy of the progress database, taken with SQLite's online backup API.

The copy is read through a read-only connection, so it includes what sits in the `-wal` file (a
rating recorded a moment ago) without checkpointing or otherwise changing the source, and it is
consistent even while another quiz writes. The copy is a single self-contained file (rollback
journal mode: no `-wal` beside it) that `quiz --db COPY` opens like any progress database.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from actloss_quiz.errors import StoreError
from actloss_quiz.store.opening import BUSY_TIMEOUT_MS, check_file, describe_error


def backup_database(source: Path, dest: Path) -> int:
    """Copy the progress database at `source` into `dest` (an empty file, or none); returns how
    many reviews the copy holds.

    Raises:
        StoreError: the source is missing or refused (see `check_file`), busy past the timeout,
            or unreadable; the source is never changed.
    """
    source = source.expanduser()
    version = check_file(source)
    uri = f"file:{quote(str(source.resolve()))}?mode=ro"
    try:
        src = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open progress database '{source}': {e}") from None
    try:
        dst = sqlite3.connect(dest, isolation_level=None)
        try:
            src.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
            if version == 0:
                return 0
            return int(dst.execute("SELECT COUNT(*) FROM reviews").fetchone()[0])
        finally:
            dst.close()
    except sqlite3.DatabaseError as e:
        raise StoreError(describe_error(e, source)) from None
    finally:
        src.close()
