"""Opening the progress database, and refusing a file that must not be touched.

Before anything is written the file is checked (SQLite header, schema version, integrity of what
we read, write access), so a foreign, corrupt, newer or read-only file is refused and left
byte-for-byte untouched; the checks run on a read-only connection that never rolls back a hot
journal or checkpoints a WAL. Every write goes through `transaction`, and every row read from a
large table through `typed`, so a damaged row is a `StoreError`, never a crash.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import sqlite3
import stat
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from actloss_quiz.errors import StoreError
from actloss_quiz.store.schema import (
    MIGRATION_NAMES,
    MIGRATIONS,
    MIGRATIONS_TABLE,
    SCHEMA_VERSION,
    TABLES,
    TABLES_SINCE,
)

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000

_FIX = "move it aside or choose another file with --db (or ACTLOSS_QUIZ_DB)"


def _read_only(st_mode: int, path: Path) -> bool:
    # Mode bits too, because root passes os.access() even on a chmod 444 file.
    return not os.access(path, os.W_OK) or not st_mode & (
        stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
    )


def _preflight(path: Path) -> bool:
    """Refuse a path we must not write to; True when the database file already has content."""
    try:
        st = path.stat()
    except FileNotFoundError:
        st = None
    except OSError as e:  # a symlink loop, a path through a file, no permission
        raise StoreError(
            f"cannot use progress database '{path}': {e.strerror or e}; {_FIX}"
        ) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise StoreError(f"progress database '{path}' is a directory; {_FIX}")
    if st is not None and not stat.S_ISREG(st.st_mode):
        # A FIFO would block forever, a device would get a `-journal` beside it.
        raise StoreError(
            f"progress database '{path}' is not a regular file (a device, FIFO or socket); "
            f"it was left untouched; {_FIX}"
        )
    if st is None and path.is_symlink():
        raise StoreError(f"progress database '{path}' is a symlink to a missing file; {_FIX}")
    if st is not None:
        try:
            with path.open("rb") as f:
                head = f.read(len(SQLITE_HEADER))
        except OSError as e:
            raise StoreError(
                f"cannot read progress database '{path}': {e.strerror or e}; {_FIX}"
            ) from None
        if head and head != SQLITE_HEADER:
            raise StoreError(f"'{path}' is not an SQLite database (it was left untouched); {_FIX}")
        if _read_only(path.stat().st_mode, path):
            raise StoreError(
                f"progress database '{path}' is read-only; make it writable "
                f"(chmod u+w '{path}') or choose another file with --db"
            )
        parent = path.parent
        if _read_only(parent.stat().st_mode, parent):
            raise StoreError(
                f"the folder of progress database '{path}' is read-only (SQLite needs to "
                f"write its journal beside it); make '{parent}' writable or use --db"
            )
        return bool(head)
    parent = path.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(
            f"cannot create the folder for progress database '{path}': {e.strerror or e}; "
            "choose another file with --db"
        ) from None
    if _read_only(parent.stat().st_mode, parent):
        raise StoreError(
            f"cannot create progress database '{path}': folder '{parent}' is read-only; "
            "make it writable or choose another file with --db"
        )
    return False


def _check_existing(conn: sqlite3.Connection, path: Path) -> int:
    """Read-only checks of an existing database; returns its schema version."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not isinstance(version, int) or version < 0:
            raise StoreError(
                f"'{path}' is an SQLite database of another program (schema version "
                f"{version}); it was left untouched; {_FIX}"
            )
        if version > 0 and MIGRATIONS_TABLE in names:
            _check_migration_names(conn, path)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"progress database '{path}' has schema version {version}, newer than this "
                f"program knows ({SCHEMA_VERSION}); upgrade actloss-quiz "
                "(pip install -U actloss-quiz) or choose another file with --db"
            )
        if version == 0 and names:
            raise StoreError(
                f"'{path}' is an SQLite database of another program (tables: "
                f"{', '.join(sorted(names)[:5])}); it was left untouched; {_FIX}"
            )
        if version > 0:
            expected = [*TABLES]
            for since, added in TABLES_SINCE.items():
                if version >= since:
                    expected.extend(added)
            missing = [t for t in expected if t not in names]
            if missing:
                raise StoreError(
                    f"progress database '{path}' is damaged (missing tables: "
                    f"{', '.join(missing)}); {_FIX}"
                )
            # Checks whose cost does not grow with the history (a whole-file quick_check read
            # every page: 41 ms at 100,000 reviews, 355 ms at 1,000,000). Every table's first
            # and last rows are read, so its root page and both edges of its tree (where the
            # next rows go) are sound, before any write; the file holds every page its header
            # counts; the tables that grow with the questions, not the history, are checked
            # whole. A damaged page deeper in the history is met, and reported, when read.
            for table in expected:
                conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()  # noqa: S608
                conn.execute(
                    f"SELECT * FROM {table} ORDER BY rowid DESC LIMIT 1"  # noqa: S608
                ).fetchall()
            _check_size(path)
            for table in _CHECKED_WHOLE:
                if table in names:
                    problem = conn.execute(f"PRAGMA quick_check({table})").fetchone()[0]
                    if problem != "ok":
                        raise StoreError(
                            f"progress database '{path}' is corrupt ({problem}); {_FIX}"
                        )
            for table, condition in _ROW_CHECKS.items():
                if table not in names:  # `migrations`: from version 6 on
                    continue
                bad = conn.execute(
                    f"SELECT rowid FROM {table} WHERE NOT ({condition}) LIMIT 1"  # noqa: S608
                ).fetchone()
                if bad is not None:
                    raise StoreError(
                        f"progress database '{path}' is damaged (row {bad[0]} of '{table}' "
                        f"holds a value of the wrong type); it was left untouched; {_FIX}"
                    )
            check_text_columns(conn, path, expected)
    except sqlite3.DatabaseError as e:
        if _is_busy(e) or _is_full(e) or _is_io_error(e):
            raise StoreError(describe_error(e, path)) from None
        raise StoreError(
            f"progress database '{path}' is corrupt or unreadable ({e}); {_FIX}"
        ) from None
    return int(version)


# Tables whose size follows the bank (a row per question at most) or is fixed: checked whole
# with `PRAGMA quick_check(table)` (the table and its indexes) at every open.
_CHECKED_WHOLE = ("cards", "settings", "suspended", "forecasts")


def _check_size(path: Path) -> None:
    """The file is at least as long as the page count in its header (a truncated copy is
    refused at open). Skipped while a -wal or a -journal is beside it: the header is then the
    last checkpoint's or mid-transaction, and SQLite reads the pages from there."""
    for suffix in ("-wal", "-journal"):
        try:
            if os.path.getsize(f"{path}{suffix}") > 0:
                return
        except OSError:
            pass
    try:
        with open(path, "rb") as f:
            header = f.read(100)
            size = os.fstat(f.fileno()).st_size
    except OSError:
        return  # met, and reported, by SQLite's own reads
    if len(header) < 100:
        return
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]  # else SQLite ignores the header's count
    if counter_valid and pages and pages * page_size > size:
        raise StoreError(
            f"progress database '{path}' is corrupt (it holds {size:,} bytes, its header counts "
            f"{pages:,} pages of {page_size:,}: the file was cut short); {_FIX}"
        )


_OR_NULL = ", 'null'"


def _num(col: str) -> str:
    return f"typeof({col}) IN ('real', 'integer', 'null')"


def _text(col: str, *, null: bool = True) -> str:
    return f"typeof({col}) IN ('text'{_OR_NULL if null else ''})"


def _int(col: str, *, null: bool = True) -> str:
    return f"typeof({col}) IN ('integer'{_OR_NULL if null else ''})"


# What every row must hold for the code that reads it (SQLite columns accept any type): a
# damaged or hand-edited row is refused when the file is opened, not met as a crash later.
# Only the small tables are scanned at open; rows of the history tables (100,000s of reviews)
# are checked as they are read, by `_typed`, so opening stays fast.
_ROW_CHECKS = {
    "cards": " AND ".join(
        [
            _text("question_id", null=False),
            _text("card_json", null=False),
            "json_valid(card_json)",
            _text("due", null=False),
            _num("stability"),
            _num("difficulty"),
            _text("last_review"),
            _int("reps", null=False),
            _int("lapses", null=False),
        ]
    ),
    "sessions": " AND ".join(
        [
            _text("started_at", null=False),
            _text("ended_at"),
            _text("topic_filter"),
            _text("difficulty_filter"),
            _text("tag_filter"),
            _int("cram", null=False),
        ]
    ),
    "settings": " AND ".join([_text("key", null=False), _text("value", null=False)]),
    MIGRATIONS_TABLE: " AND ".join([_text("name", null=False), _text("applied_at")]),
}


# Every database that records names has these: the table came with the last of them.
_ALWAYS_RECORDED = MIGRATION_NAMES[: MIGRATION_NAMES.index("m006_migration_names") + 1]


def _check_migration_names(conn: sqlite3.Connection, path: Path) -> None:
    """A database that records a migration this version does not know comes from a newer
    version (or another branch's build): refused, whatever its `user_version` says. One whose
    record lacks a migration every such database has is damaged."""
    recorded = [
        name
        for (name,) in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY rowid")
        if isinstance(name, str)  # not text: refused as damaged by the row checks
    ]
    unknown = [name for name in recorded if name not in MIGRATION_NAMES]
    if unknown:
        shown = ", ".join(repr(name[:60]) for name in unknown[:3])
        more = f" and {len(unknown) - 3} more" if len(unknown) > 3 else ""
        raise StoreError(
            f"progress database '{path}' was changed by a newer actloss-quiz: it records "
            f"migration{'s' if len(unknown) > 1 else ''} {shown}{more}, which this version does "
            "not know; it was left untouched; upgrade actloss-quiz (pip install -U actloss-quiz) "
            "or choose another file with --db"
        )
    missing = [name for name in _ALWAYS_RECORDED if name not in recorded]
    if missing:
        raise StoreError(
            f"progress database '{path}' is damaged (its '{MIGRATIONS_TABLE}' table lacks "
            f"{', '.join(missing)}); it was left untouched; {_FIX}"
        )


# --- the typed reader of stored text -----------------------------------------------------------
#
# Every text column whose content the code parses (dates, the fsrs card JSON) is read through one
# rule, `text_ok`: the small tables are checked when the file is opened, the history tables (whose
# dates are only read back as text, sorted and grouped by SQLite) as their rows are read by
# `typed` (kinds d/D). Either way a bad value is "damaged (table.column, row N)", exit 1, and the
# file is left untouched.

DATE, CARD = "date", "card"
_TEXT_COLUMNS: dict[str, dict[str, str]] = {
    "cards": {"card_json": CARD, "due": DATE, "last_review": DATE},
    "sessions": {"started_at": DATE, "ended_at": DATE},
    "suspended": {"suspended_at": DATE},
    "interviews": {"started_at": DATE, "ended_at": DATE},
    MIGRATIONS_TABLE: {"applied_at": DATE},
}
_CARD_STATES = (1, 2, 3)  # fsrs State: learning, review, relearning


def date_ok(value: str) -> bool:
    """An ISO 8601 time with an offset, as `clock.iso` writes it (every stored date's rule).

    Called for every date read (200,000 times in an export of 100,000 ratings): its imports are
    the module's, not its own (an import statement per call made it 3 x slower)."""
    if not 10 <= len(value) <= 40 or not value[:4].isdigit():
        return False
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None and 1 < parsed.year < 9999


# Where `clock.iso` puts its separators in `2026-11-24T05:14:16+00:00` (25 characters).
_ISO_SHAPE = ((4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "+"), (22, ":"))


def dates_ok(values: Sequence[object]) -> bool:
    """True only if every value passes `date_ok`, for a batch at C speed (False: check each).

    Every value must have `clock.iso`'s shape, with an offset, in years 2 to 9998, and be a real
    time to `datetime.fromisoformat`; the shape is checked on all of them joined, by slices,
    so a value costs one `fromisoformat` and no Python call of its own (100,000 ratings' two
    dates: 90 -> 30 ms)."""
    n = len(values)
    if n == 0:
        return True
    try:
        joined = "\n".join(values)  # type: ignore[arg-type]  # a non-text value: TypeError
    except TypeError:
        return False
    if len(joined) != 26 * n - 1 or joined.count("\n") != n - 1:
        return False  # not 25 characters each (no value holds a newline, so none can hide one)
    if any(joined[at::26] != char * n for at, char in _ISO_SHAPE):
        return False
    lines = "\n" + joined
    if "\n0001-" in lines or "\n9999-" in lines:
        return False
    try:
        deque(map(datetime.fromisoformat, values), maxlen=0)  # type: ignore[arg-type]
    except ValueError:
        return False
    return True


# JSON's own number grammar, so the match is JSON (possessive: what follows is never a digit).
_INT = r"-?(?:0|[1-9][0-9]*+)"
_NUMBER = rf"(?:null|{_INT}(?:\.[0-9]++)?+(?:[eE][-+]?[0-9]++)?+)"
_TIME = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{6})?+\+00:00"


def _card_pattern(time: str) -> str:
    """A card exactly as fsrs's `Card.to_json` writes it (`json.dumps` of its fields, in
    order), its two times matched by `time`."""
    return (
        rf'\{{"card_id": {_INT}, "state": [123], "step": (?:null|{_INT}), '
        rf'"stability": {_NUMBER}, "difficulty": {_NUMBER}, "due": {time}, '
        rf'"last_review": (?:null|{time})\}}'
    )


@functools.cache
def _card_expressions() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A card as fsrs writes it (its two times in groups), many of them joined by newlines (no
    card as written holds one; no groups to fill: a third faster), and the times in them:
    compiled when a card is first checked, not by every command that imports the store."""
    one = _card_pattern(f'"{_TIME}"')
    return (
        re.compile(_card_pattern(f'"({_TIME})"')),
        re.compile(rf"(?>{one}(?:\n(?=\{{)|\Z))+"),  # (each card once: half the compiling)
        re.compile(r'"(?:due|last_review)": "([^"]*)"'),
    )


def _cards_ok(values: Sequence[object]) -> bool:
    """True only if every value passes `_card_ok`, for a batch without a Python call per card
    (False: check each). Joined by newlines, they must be as many cards as fsrs writes them,
    one a line; their times (the only quoted values after "due" and "last_review" in a card as
    written) pass `dates_ok`."""
    try:
        joined = "\n".join(values)  # type: ignore[arg-type]  # a non-text value: TypeError
    except TypeError:
        return False
    _, cards, times = _card_expressions()
    if joined.count("\n") != len(values) - 1 or cards.fullmatch(joined) is None:
        return False
    return dates_ok(times.findall(joined))


def _card_ok(value: str) -> bool:
    """What `fsrs.Card.from_json` reads, each field of the type it needs.

    A card as fsrs writes it is matched by one regular expression (whose every match is JSON
    that the checks below accept, its times checked by `date_ok`): 8,000 cards' JSON decoded
    and checked field by field took 0.1-0.3 s at every open."""
    written = _card_expressions()[0].fullmatch(value)
    if written is not None:
        due, last = written.groups()
        return date_ok(due) and (last is None or date_ok(last))
    return _card_json_ok(value)


def _card_json_ok(value: str) -> bool:
    """`_card_ok` for any JSON: decoded, each field checked."""
    try:
        card = json.loads(value)
    except (ValueError, RecursionError):
        return False
    if type(card) is not dict:
        return False
    number = (int, float, type(None))
    return (
        type(card.get("card_id")) is int
        and card.get("state") in _CARD_STATES
        and type(card.get("state")) is int
        and isinstance(card.get("step", 0), (int, type(None)))
        and isinstance(card.get("stability"), number)
        and isinstance(card.get("difficulty"), number)
        and isinstance(card.get("due"), str)
        and date_ok(card["due"])
        and (card.get("last_review") is None or date_ok(str(card["last_review"])))
        and not isinstance(card.get("stability"), bool)
        and not isinstance(card.get("difficulty"), bool)
    )


def text_ok(value: object, kind: str) -> bool:
    """Whether a stored text value is what the code that parses it needs (NULL passes: the
    column's own NOT NULL rule and the type checks decide about NULLs)."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    return date_ok(value) if kind == DATE else _card_ok(value)


def damaged(table: str, column: str, row: object, path: Path | str | None = None) -> StoreError:
    """The one message for a stored value the code cannot read."""
    where = f" '{path}'" if path else ""
    return StoreError(
        f"the progress database{where} is damaged ({table}.{column}, row {row}); "
        f"it was left untouched; {_FIX}"
    )


def _written_date(column: str) -> str:
    """SQL true only for a date as `clock.iso` writes it (`2026-11-24T05:14:16+00:00`) that is a
    real time (SQLite writes it back the same: no 31 February, no 24:00) in years 2 to 9998,
    which `date_ok` accepts too; anything else (NULL, false) goes on to `date_ok` itself. The
    sessions table grows with the history (50,000 rows at 1,000,000 reviews): this check runs
    at C speed, a Python call per date only for the rest."""
    return (
        f"(length({column}) = 25 AND {column} GLOB "
        "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]+00:00' "
        f"AND {column} > '0002' AND {column} < '9999' "
        f"AND strftime('%Y-%m-%dT%H:%M:%S+00:00', {column}, '+0 days') = {column})"
    )


def _table_ok(conn: sqlite3.Connection, table: str, columns: dict[str, str]) -> bool:
    """True only if every value of the table's parsed text columns passes `text_ok`, checked
    in batches of rows, each column's by `dates_ok` or `_cards_ok` (the cards' and the sessions'
    at 10,000 questions and 100,000 reviews: 40 -> 30 ms at every open, in one process); False:
    check row by row."""
    checks = [dates_ok if kind == DATE else _cards_ok for kind in columns.values()]
    cur = conn.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
    while batch := cur.fetchmany(4096):
        for i, ok in enumerate(checks):
            if not ok([row[i] for row in batch if row[i] is not None]):
                return False
    return True


def check_text_columns(conn: sqlite3.Connection, path: Path, tables: Sequence[str]) -> None:
    """Every parsed text column of the small tables, checked by `text_ok` at open."""
    conn.create_function("quiz_text_ok", 2, text_ok, deterministic=True)
    for table, columns in _TEXT_COLUMNS.items():
        if table not in tables or _table_ok(conn, table, columns):
            continue
        for column, kind in columns.items():
            fast = f"{_written_date(column)} OR " if kind == DATE else ""
            bad = conn.execute(
                f"SELECT rowid FROM {table} WHERE NOT ({fast}quiz_text_ok({column}, ?)) LIMIT 1",  # noqa: S608
                (kind,),
            ).fetchone()
            if bad is not None:
                raise damaged(table, column, bad[0], path)


def _is_busy(e: BaseException) -> bool:
    code = getattr(e, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return True
    text = str(e).lower()
    return "locked" in text or "busy" in text


def _is_full(e: BaseException) -> bool:
    code = getattr(e, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF == sqlite3.SQLITE_FULL) or "is full" in str(e)


def _is_io_error(e: BaseException) -> bool:
    code = getattr(e, "sqlite_errorcode", None)
    return (code is not None and code & 0xFF == sqlite3.SQLITE_IOERR) or "I/O error" in str(e)


def busy_message(path: Path | str | None = None) -> str:
    where = f" '{path}'" if path else ""
    return (
        f"the database{where} is busy (another quiz is writing?); nothing was changed, "
        "try again in a moment"
    )


def describe_error(e: sqlite3.Error, path: Path | str | None = None) -> str:
    """A user-facing sentence for an sqlite3 error met while reading or writing."""
    if _is_busy(e):
        return busy_message(path)
    if _is_full(e):
        return "the disk is full: the last change was not saved (free some space, then retry)"
    if _is_io_error(e):
        return (
            "the progress database could not be written or read (disk I/O error: is the disk "
            "full or failing?); the last change was not saved"
        )
    where = f" '{path}'" if path else ""
    return f"the progress database{where} is damaged or unreadable ({e}); {_FIX}"


def connect(path: Path | str) -> sqlite3.Connection:
    """Open (creating if needed) and migrate the progress database at `path`.

    The connection is in autocommit mode; writes go through `transaction(conn)`.

    Raises:
        StoreError: not SQLite, corrupt, a newer schema, another program's database, or not
            writable. The file is not modified in any of these cases.
    """
    path = Path(path).expanduser()
    existed = _preflight(path)
    version = _check_candidate(path) if existed else 0
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open progress database '{path}': {e}; {_FIX}") from None
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            if version < SCHEMA_VERSION or pending_migrations(conn):
                migrate(conn)
        except sqlite3.DatabaseError as e:
            if _is_busy(e) or _is_full(e):
                raise StoreError(describe_error(e, path)) from None
            raise StoreError(f"cannot write progress database '{path}': {e}; {_FIX}") from None
    except BaseException:
        conn.close()
        raise
    return conn


_SIDE_FILES = ("-wal", "-shm", "-journal")
_READONLY_ROLLBACK = 776  # SQLITE_READONLY_ROLLBACK: a hot journal that only a writer may undo


def _check_candidate(path: Path) -> int:
    """Check an existing file without changing it or its side files; returns its version.

    The checks run on a read-only connection, which reads a `-wal` but never checkpoints it and
    never rolls back a hot `-journal`. With a hot journal a read-only connection cannot read at
    all, so the main file is read as it is (`immutable`): enough to tell whose it is. Only if the
    file is refused, a `-shm` index that this check itself created is removed again.
    """
    from urllib.parse import quote

    before = {s for s in _SIDE_FILES if os.path.lexists(f"{path}{s}")}
    uri = f"file:{quote(str(path.resolve()))}"
    try:
        try:
            return _check_with(f"{uri}?mode=ro", path)
        except _NeedsRollback:
            return _check_with(f"{uri}?immutable=1", path)
    except BaseException:
        for suffix in _SIDE_FILES:
            if suffix not in before:
                with _suppress_os_error():
                    os.unlink(f"{path}{suffix}")
        raise


def check_file(path: Path) -> int:
    """Check an existing progress database without creating or changing anything (as `connect`
    does before it writes); returns its schema version.

    Raises:
        StoreError: there is no file at `path` (naming it), or it is refused (not a regular
            file, not SQLite, another program's, corrupt, newer).
    """
    try:
        st = path.stat()
    except FileNotFoundError:
        raise StoreError(
            f"there is no progress database at '{path}' (it is created by the first rating); "
            "check --db or ACTLOSS_QUIZ_DB"
        ) from None
    except OSError as e:
        raise StoreError(f"cannot read progress database '{path}': {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(
            f"progress database '{path}' is not a regular file (a directory, device, FIFO or "
            f"socket); {_FIX}"
        )
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_HEADER))
    if head != SQLITE_HEADER:
        raise StoreError(f"'{path}' is not an SQLite database (it was left untouched); {_FIX}")
    return _check_candidate(path)


class _NeedsRollback(Exception):
    pass


def _suppress_os_error() -> Any:
    import contextlib

    return contextlib.suppress(OSError)


def _check_with(uri: str, path: Path) -> int:
    try:
        ro = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open progress database '{path}': {e}; {_FIX}") from None
    try:
        try:
            ro.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            ro.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        except sqlite3.DatabaseError as e:
            if getattr(e, "sqlite_errorcode", None) == _READONLY_ROLLBACK:
                raise _NeedsRollback from None
            # anything else is met again, and reported, by the checks below
        return _check_existing(ro, path)
    finally:
        ro.close()


@contextlib.contextmanager
def connection(path: Path | str) -> Iterator[sqlite3.Connection]:
    """`connect(path)` for a `with` block: the connection is closed when the block ends."""
    conn = connect(path)
    try:
        yield conn
    finally:
        conn.close()


def applied_migrations(conn: sqlite3.Connection) -> list[str] | None:
    """The names the `migrations` table records, oldest first; None without the table (a
    database from version 0.6.0 or older, or a new one)."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (MIGRATIONS_TABLE,)
    ).fetchone()
    if has_table is None:
        return None
    rows = conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE} ORDER BY rowid").fetchall()
    return [str(name) for (name,) in rows]


def _legacy_applied(version: int) -> list[str]:
    """The migrations a database without names has, from its `user_version` alone: the first
    `version` of them. Version 3 is ambiguous (`suspended` third, or, from a build between the
    interview and everyday merges, `interviews` third): m003 and m004 create only what is
    missing, so a version-3 database counts the first two and runs both."""
    return list(MIGRATION_NAMES[: 2 if version == 3 else version])


def pending_migrations(conn: sqlite3.Connection) -> list[str]:
    """The names of the migrations this database still lacks, in the order they run."""
    applied = applied_migrations(conn)
    if applied is None:
        applied = _legacy_applied(conn.execute("PRAGMA user_version").fetchone()[0])
    done = set(applied)
    return [name for name in MIGRATION_NAMES if name not in done]


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations, by name, in one transaction (re-checked under the write
    lock), and record each one's name. A database from before names were recorded (0.6.0 and
    older) first gets the names its `user_version` implies, with no time (`applied_at` NULL).
    `user_version` ends as the number of migrations applied."""
    from actloss_quiz import clock

    with transaction(conn):
        applied = applied_migrations(conn)
        legacy: list[str] = []
        if applied is None:
            legacy = _legacy_applied(conn.execute("PRAGMA user_version").fetchone()[0])
            applied = legacy
        done = set(applied)
        ran = [m for m in MIGRATIONS if m.__name__ not in done]
        for migration in ran:
            migration(conn)
        now = clock.iso(clock.now())
        conn.executemany(
            f"INSERT OR IGNORE INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, NULL)",
            [(name,) for name in legacy],
        )
        conn.executemany(
            f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (?, ?)",
            [(m.__name__, now) for m in ran],
        )
        count = conn.execute(f"SELECT COUNT(*) FROM {MIGRATIONS_TABLE}").fetchone()[0]
        conn.execute(f"PRAGMA user_version = {int(count)}")


class transaction:  # noqa: N801 - used like a function: `with transaction(conn):`
    """`BEGIN IMMEDIATE` ... `COMMIT` (rollback on error): takes the write lock up front.

    Every sqlite3 failure inside becomes a `StoreError`: busy (another writer held the lock past
    the busy timeout), disk full, or a damaged file; the transaction is rolled back, so what was
    stored before stays as it was.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError as e:
            raise StoreError(describe_error(e)) from None
        return self.conn

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError as e:
                self._rollback()
                raise StoreError(describe_error(e)) from None
            return
        self._rollback()
        if isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(describe_error(exc)) from None

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # the failure already ended the transaction
                pass


_KINDS = {
    "t": (str,),
    "T": (str, type(None)),
    "i": (int,),
    "I": (int, type(None)),
    "n": (int, float, type(None)),
}


def typed(
    values: Sequence[Any],
    kinds: str,
    table: str,
    columns: Sequence[str] = (),
    conn: sqlite3.Connection | None = None,
) -> list[Any]:
    """`values` as a list, or StoreError when one has the wrong type for the code that reads it.

    `kinds` has one letter per value: t text, T text or NULL, i integer, I integer or NULL,
    n number or NULL, d a date (ISO 8601 text with an offset), D a date or NULL, - anything.
    With the `columns` read (and the connection), the message names the column and the row.
    """
    out = list(values)
    key = (kinds, tuple(map(type, out)))
    if key in _TYPES_OK:  # these types passed for these kinds before: only the dates are left
        dates = _DATES_AT.get(kinds)
        if dates is None:
            dates = _DATES_AT[kinds] = tuple(i for i, k in enumerate(kinds) if k in "dD")
        if all(out[i] is None or date_ok(out[i]) for i in dates):
            return out
    for i, (value, kind) in enumerate(zip(out, kinds, strict=True)):
        if kind in "dD":
            ok = (value is None and kind == "D") or (isinstance(value, str) and date_ok(value))
        else:
            ok = kind == "-" or isinstance(value, _KINDS[kind])
        if not ok:
            column = columns[i] if i < len(columns) else None
            if column is None:
                raise StoreError(
                    f"the progress database is damaged (a row of '{table}' holds a value of "
                    f"the wrong type); it was left untouched; {_FIX}"
                )
            raise damaged(table, column, _row_of(conn, table, column, value))
    if len(_TYPES_OK) < 4096:
        _TYPES_OK.add(key)
    return out


# The exact types (as sqlite3 returns them) each kind of `typed` takes without a closer look.
_EXACT: dict[str, frozenset[type]] = {
    "t": frozenset({str}),
    "T": frozenset({str, type(None)}),
    "i": frozenset({int}),
    "I": frozenset({int, type(None)}),
    "n": frozenset({int, float, type(None)}),
}


def _column_ok(values: list[Any], kind: str) -> bool:
    """True only if `typed` takes every value of one column as `kind` (False: check each)."""
    if kind == "-":
        return True
    if kind in "dD":
        return dates_ok([v for v in values if v is not None] if kind == "D" else values)
    return set(map(type, values)) <= _EXACT[kind]


def typed_rows(rows: list[Any], kinds: str, table: str) -> list[Any]:
    """`typed` of many rows (as fetched), checked a column at a time (8,000 rows: a Python call
    each no more); rows that do not all pass are checked one by one, so a bad value raises
    `typed`'s own StoreError."""
    if all(len(row) == len(kinds) for row in rows) and all(
        _column_ok([row[i] for row in rows], kind) for i, kind in enumerate(kinds)
    ):
        return rows
    return [typed(row, kinds, table) for row in rows]


# The value types (exact, as sqlite3 returns them) that passed `typed` for a kinds string: a row
# of the same types needs only its dates checked (8,000 rows of 15 values each: 0.2 -> 0.05 s).
_TYPES_OK: set[tuple[str, tuple[type, ...]]] = set()
_DATES_AT: dict[str, tuple[int, ...]] = {}


def _row_of(conn: sqlite3.Connection | None, table: str, column: str, value: Any) -> object:
    """The first row of `table` whose `column` holds `value` (for the message), or '?'."""
    if conn is None:
        return "?"
    try:
        row = conn.execute(
            f"SELECT rowid FROM {table} WHERE {column} IS ? LIMIT 1",  # noqa: S608
            (value,),
        ).fetchone()
    except sqlite3.Error:
        return "?"
    return row[0] if row else "?"
