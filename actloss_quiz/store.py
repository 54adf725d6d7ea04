"""The progress database: SQLite only (no fsrs, no Rich), versioned with `PRAGMA user_version`.

Every write is one short `BEGIN IMMEDIATE` transaction committed at once, in WAL mode with a busy
timeout, so a rating survives Ctrl-C and two sessions on one file both keep theirs. Before anything
is written the file is checked (SQLite header, schema version, integrity of what we read, write
access), so a foreign, corrupt, newer or read-only file is refused and left byte-for-byte untouched.

Times are ISO 8601 UTC strings with an offset and whole seconds (`2026-11-24T05:14:16+00:00`), so
they sort and compare as text and the `due` index answers "what is due now" directly.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from actloss_quiz.clock import iso, parse_iso
from actloss_quiz.errors import StoreError
from actloss_quiz.scheduler import CORRECT_FROM, RATING_NAMES, STATES, CardUpdate

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
SESSION_KINDS = ("quiz", "drill")
ENDED_BY = ("finished", "quit", "interrupted")
CORRECT = f"rating >= {CORRECT_FROM}"  # a correct recall (good or easy), as SQL
_TABLES = ("cards", "reviews", "sessions", "settings", "drill_answers")
# Tables added by later migrations, by the schema version that has them for sure: a version-3
# database may come from a build that numbered the interviews migration third (see `_migrate`).
_TABLES_SINCE = {4: ("suspended", "interviews", "interview_answers")}


# --- schema ---------------------------------------------------------------------------------


def m001_initial(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE cards (
            question_id TEXT PRIMARY KEY,
            card_json TEXT NOT NULL,      -- fsrs Card.to_json()
            state TEXT NOT NULL CHECK (state IN ('learning', 'review', 'relearning')),
            due TEXT NOT NULL,
            stability REAL,
            difficulty REAL,
            last_review TEXT,
            reps INTEGER NOT NULL DEFAULT 0,
            lapses INTEGER NOT NULL DEFAULT 0
        )"""
    )
    conn.execute("CREATE INDEX cards_due ON cards(due)")
    conn.execute(
        """CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('quiz', 'drill')),
            started_at TEXT NOT NULL,
            ended_at TEXT,
            topic_filter TEXT,
            difficulty_filter TEXT,
            tag_filter TEXT,
            cram INTEGER NOT NULL DEFAULT 0,
            ended_by TEXT CHECK (ended_by IN ('finished', 'quit', 'interrupted'))
        )"""
    )
    conn.execute("CREATE INDEX sessions_started_at ON sessions(started_at)")
    conn.execute(
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            question_id TEXT NOT NULL,
            reviewed_at TEXT NOT NULL,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            answer_score REAL,
            answer TEXT,
            response_seconds REAL,
            cram INTEGER NOT NULL DEFAULT 0,
            due TEXT,                     -- scheduled next due after this review
            stability REAL,               -- fsrs memory state after this review
            difficulty REAL,
            number INTEGER,               -- snapshot of the question at review time
            topic TEXT,
            question_difficulty TEXT,
            card_before TEXT,             -- fsrs Card JSON before the review (NULL: was new)
            review_log TEXT               -- fsrs ReviewLog JSON
        )"""
    )
    conn.execute("CREATE INDEX reviews_reviewed_at ON reviews(reviewed_at)")
    conn.execute("CREATE INDEX reviews_question ON reviews(question_id, reviewed_at)")
    conn.execute("CREATE INDEX reviews_session ON reviews(session_id)")
    conn.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(
        """CREATE TABLE drill_answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
            answered_at TEXT NOT NULL,
            template TEXT NOT NULL,
            level TEXT,
            topic TEXT,
            prompt TEXT,
            inputs TEXT,                  -- JSON
            expected REAL,
            given TEXT,                   -- NULL when skipped
            correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
            seconds REAL
        )"""
    )
    conn.execute("CREATE INDEX drill_answers_answered_at ON drill_answers(answered_at)")
    conn.execute("CREATE INDEX drill_answers_session ON drill_answers(session_id)")


def m002_covering_review_index(conn: sqlite3.Connection) -> None:
    """Per-question statistics (aggregates, true retention) read only this index, not the
    table: 5x faster on a 100,000-review history."""
    conn.execute("DROP INDEX reviews_question")
    conn.execute(
        "CREATE INDEX reviews_question ON reviews(question_id, reviewed_at, rating, answer_score)"
    )


def m003_suspended(conn: sqlite3.Connection) -> None:
    """Questions taken out of rotation (`quiz suspend`); their card and history stay as they are,
    and a question that was never reviewed can be suspended too."""
    conn.execute(
        """CREATE TABLE IF NOT EXISTS suspended (
            question_id TEXT PRIMARY KEY,
            suspended_at TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT 'manual' CHECK (reason IN ('manual', 'leech'))
        )"""
    )


def m004_interviews(conn: sqlite3.Connection) -> None:
    """Mock interviews (`quiz interview`) and their answers; see the interviews section.

    Number 4 by agreement: m003 is the everyday branch's `suspended` migration."""
    for sql in INTERVIEW_SCHEMA:
        conn.execute(_if_not_exists(sql))


def _if_not_exists(sql: str) -> str:
    """`CREATE TABLE/INDEX x` as `... IF NOT EXISTS x`, so m003/m004 may run on a schema that has
    the other's tables (see `_migrate`)."""
    for head in ("CREATE TABLE ", "CREATE INDEX "):
        if sql.lstrip().startswith(head):
            return sql.replace(head, head + "IF NOT EXISTS ", 1)
    return sql


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_covering_review_index,
    m003_suspended,
    m004_interviews,
]
SCHEMA_VERSION = len(MIGRATIONS)


# --- opening --------------------------------------------------------------------------------

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
            expected = [*_TABLES]
            for since, added in _TABLES_SINCE.items():
                if version >= since:
                    expected.extend(added)
            missing = [t for t in expected if t not in names]
            if missing:
                raise StoreError(
                    f"progress database '{path}' is damaged (missing tables: "
                    f"{', '.join(missing)}); {_FIX}"
                )
            # Touch every table's root page: a damaged page raises here, before any write.
            for table in expected:
                conn.execute(f"SELECT * FROM {table} LIMIT 1").fetchall()  # noqa: S608
            problem = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if problem != "ok":
                raise StoreError(f"progress database '{path}' is corrupt ({problem}); {_FIX}")
            for table, condition in _ROW_CHECKS.items():
                bad = conn.execute(
                    f"SELECT rowid FROM {table} WHERE NOT ({condition}) LIMIT 1"  # noqa: S608
                ).fetchone()
                if bad is not None:
                    raise StoreError(
                        f"progress database '{path}' is damaged (row {bad[0]} of '{table}' "
                        f"holds a value of the wrong type); it was left untouched; {_FIX}"
                    )
    except sqlite3.DatabaseError as e:
        if _is_busy(e) or _is_full(e) or _is_io_error(e):
            raise StoreError(describe_error(e, path)) from None
        raise StoreError(
            f"progress database '{path}' is corrupt or unreadable ({e}); {_FIX}"
        ) from None
    return int(version)


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
}


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
            if version < SCHEMA_VERSION:
                _migrate(conn)
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


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations in one transaction (re-checked under the write lock)."""
    with transaction(conn):
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        # Version 3 is ambiguous: `suspended` (m003) or, from a build between the interview and
        # everyday merges, `interviews` numbered third. m003 and m004 create only what is
        # missing, so a version-3 database runs both.
        start = 2 if version == 3 else version
        for migration in MIGRATIONS[start:]:
            migration(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


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


def _typed(values: Sequence[Any], kinds: str, table: str) -> list[Any]:
    """`values` as a list, or StoreError when one has the wrong type for the code that reads it.

    `kinds` has one letter per value: t text, T text or NULL, i integer, I integer or NULL,
    n number or NULL, - anything.
    """
    out = list(values)
    for value, kind in zip(out, kinds, strict=True):
        if kind != "-" and not isinstance(value, _KINDS[kind]):
            raise StoreError(
                f"the progress database is damaged (a row of '{table}' holds a value of the "
                f"wrong type); it was left untouched; {_FIX}"
            )
    return out


# --- cards ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CardRow(CardUpdate):
    """One row of `cards`: a question that has been reviewed at least once (not cram)."""

    question_id: str
    reps: int
    lapses: int


_CARD_COLS = "question_id, card_json, state, due, stability, difficulty, last_review, reps, lapses"


def _card(row: sqlite3.Row) -> CardRow:
    qid, card_json, state, due, stability, difficulty, last_review, reps, lapses = row
    return CardRow(card_json, state, due, stability, difficulty, last_review, qid, reps, lapses)


def get_card(conn: sqlite3.Connection, question_id: str) -> CardRow | None:
    row = conn.execute(
        f"SELECT {_CARD_COLS} FROM cards WHERE question_id = ?", (question_id,)
    ).fetchone()
    return _card(row) if row else None


def iter_cards(conn: sqlite3.Connection) -> Iterator[CardRow]:
    """Every card (one query, streamed)."""
    for row in conn.execute(f"SELECT {_CARD_COLS} FROM cards ORDER BY question_id"):
        yield _card(row)


def cards_by_id(conn: sqlite3.Connection) -> dict[str, CardRow]:
    """All cards keyed by question id, in one query."""
    return {c.question_id: c for c in iter_cards(conn)}


def iter_due_cards(conn: sqlite3.Connection, now: datetime) -> Iterator[CardRow]:
    """Cards due at or before `now`, by due time (uses the `due` index)."""
    for row in conn.execute(
        f"SELECT {_CARD_COLS} FROM cards WHERE due <= ? ORDER BY due", (iso(now),)
    ):
        yield _card(row)


def next_due(conn: sqlite3.Connection, ids: Sequence[str] | None = None) -> str | None:
    """The earliest due time among the cards (of `ids`, when given), or None."""
    if ids is None:
        row = conn.execute("SELECT MIN(due) FROM cards").fetchone()
    else:
        row = conn.execute(
            "SELECT MIN(due) FROM cards WHERE question_id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        ).fetchone()
    return row[0] if row else None


def due_forecast(
    conn: sqlite3.Connection, *, until: datetime, ids: Sequence[str] | None = None
) -> list[tuple[str, int]]:
    """(local date, number of cards due that day) for cards due before `until`, by date."""
    sql = "SELECT date(due, 'localtime') AS day, COUNT(*) FROM cards WHERE due < ?"
    args: list[Any] = [iso(until)]
    if ids is not None:
        sql += " AND question_id IN (SELECT value FROM json_each(?))"
        args.append(json.dumps(list(ids)))
    sql += " GROUP BY day ORDER BY day"
    return [(r[0], r[1]) for r in conn.execute(sql, args)]


# --- sessions -------------------------------------------------------------------------------


def start_session(
    conn: sqlite3.Connection,
    *,
    started_at: datetime,
    kind: str = "quiz",
    topic_filter: str | None = None,
    difficulty_filter: str | None = None,
    tag_filter: str | None = None,
    cram: bool = False,
) -> int:
    """Insert a session row and return its id (filters are stored as given, comma lists)."""
    if kind not in SESSION_KINDS:
        raise ValueError(f"unknown session kind {kind!r}")
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO sessions (kind, started_at, topic_filter, difficulty_filter, "
            "tag_filter, cram) VALUES (?, ?, ?, ?, ?, ?)",
            (kind, iso(started_at), topic_filter, difficulty_filter, tag_filter, int(cram)),
        )
    return int(cur.lastrowid or 0)


def end_session(
    conn: sqlite3.Connection, session_id: int, *, ended_at: datetime, ended_by: str
) -> None:
    """Close a session: `ended_by` is finished, quit or interrupted."""
    if ended_by not in ENDED_BY:
        raise ValueError(f"unknown ended_by {ended_by!r}")
    with transaction(conn):
        conn.execute(
            "UPDATE sessions SET ended_at = ?, ended_by = ? WHERE id = ?",
            (iso(ended_at), ended_by, session_id),
        )


# --- reviews --------------------------------------------------------------------------------


def record_review(
    conn: sqlite3.Connection,
    *,
    question_id: str,
    rating: int,
    reviewed_at: datetime,
    card: CardUpdate | None,
    session_id: int | None = None,
    answer_score: float | None = None,
    answer: str | None = None,
    response_seconds: float | None = None,
    number: int | None = None,
    topic: str | None = None,
    question_difficulty: str | None = None,
    review_log: str | None = None,
) -> int:
    """Store one rating and the card's new state in one transaction; returns the review id.

    `card=None` records a cram review: the history gets the row, the schedule is unchanged.
    reps and lapses are counted here (a lapse is `again` on a card in the review state).
    """
    if rating not in (1, 2, 3, 4):
        raise ValueError(f"rating must be 1-4, got {rating!r}")
    with transaction(conn):
        old = conn.execute(
            "SELECT card_json, state, due, stability, difficulty, reps, lapses FROM cards "
            "WHERE question_id = ?",
            (question_id,),
        ).fetchone()
        if card is None:
            due, stability, difficulty = (old[2], old[3], old[4]) if old else (None, None, None)
        else:
            due, stability, difficulty = card.due, card.stability, card.difficulty
            reps = (old[5] if old else 0) + 1
            lapses = (old[6] if old else 0) + int(
                rating == 1 and old is not None and old[1] == "review"
            )
            conn.execute(
                "INSERT INTO cards (question_id, card_json, state, due, stability, difficulty, "
                "last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (question_id) DO UPDATE SET card_json = excluded.card_json, "
                "state = excluded.state, due = excluded.due, stability = excluded.stability, "
                "difficulty = excluded.difficulty, last_review = excluded.last_review, "
                "reps = excluded.reps, lapses = excluded.lapses",
                (
                    question_id,
                    card.card_json,
                    card.state,
                    card.due,
                    card.stability,
                    card.difficulty,
                    card.last_review,
                    reps,
                    lapses,
                ),
            )
        cur = conn.execute(
            "INSERT INTO reviews (session_id, question_id, reviewed_at, rating, answer_score, "
            "answer, response_seconds, cram, due, stability, difficulty, number, topic, "
            "question_difficulty, card_before, review_log) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                question_id,
                iso(reviewed_at),
                rating,
                answer_score,
                answer,
                response_seconds,
                int(card is None),
                due,
                stability,
                difficulty,
                number,
                topic,
                question_difficulty,
                old[0] if old else None,
                review_log,
            ),
        )
    return int(cur.lastrowid or 0)


def undo_review(conn: sqlite3.Connection, review_id: int) -> bool:
    """Delete a review and put its card back as it was before; False if it does not exist.

    Only meaningful for the latest review of its question (a session undoes its own last one).
    """
    with transaction(conn):
        row = conn.execute(
            "SELECT question_id, rating, cram, card_before FROM reviews WHERE id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            return False
        question_id, rating, cram, before = row
        conn.execute("DELETE FROM reviews WHERE id = ?", (review_id,))
        if cram:
            return True
        if before is None:
            conn.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
            return True
        card = json.loads(before)
        state = STATES[int(card["state"]) - 1]
        lapse = int(rating == 1 and state == "review")
        conn.execute(
            "UPDATE cards SET card_json = ?, state = ?, due = ?, stability = ?, difficulty = ?, "
            "last_review = ?, reps = MAX(reps - 1, 0), lapses = MAX(lapses - ?, 0) "
            "WHERE question_id = ?",
            (
                before,
                state,
                iso(parse_iso(card["due"])),
                card["stability"],
                card["difficulty"],
                iso(parse_iso(card["last_review"])) if card.get("last_review") else None,
                lapse,
                question_id,
            ),
        )
    return True


@dataclass(frozen=True)
class ReviewRow:
    """One rating in the history (the columns an export writes)."""

    id: int
    session_id: int | None
    question_id: str
    reviewed_at: str
    rating: int
    answer_score: float | None
    answer: str | None
    response_seconds: float | None
    cram: bool
    due: str | None
    stability: float | None
    difficulty: float | None
    number: int | None
    topic: str | None
    question_difficulty: str | None


_REVIEW_COLS = (
    "id, session_id, question_id, reviewed_at, rating, answer_score, answer, response_seconds, "
    "cram, due, stability, difficulty, number, topic, question_difficulty"
)


def _review(row: sqlite3.Row) -> ReviewRow:
    values = _typed(row, "iIttinTniTnnITT", "reviews")
    values[8] = bool(values[8])
    return ReviewRow(*values)


def lookup_text(value: str) -> str:
    """A value to look up as SQL text: lone surrogates (undecodable argument bytes) cannot be
    bound, and can match nothing stored, so they become U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def where_clause(
    *, time_col: str, topic: str | None, since: datetime | None, extra: dict[str, Any] | None = None
) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    if topic is not None:
        clauses.append("topic = ?")
        args.append(lookup_text(topic))
    if since is not None:
        clauses.append(f"{time_col} >= ?")
        args.append(iso(since))
    for col, value in (extra or {}).items():
        if value is not None:
            clauses.append(f"{col} = ?")
            args.append(lookup_text(value) if isinstance(value, str) else value)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


def iter_reviews(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    question_id: str | None = None,
    session_id: int | None = None,
) -> Iterator[ReviewRow]:
    """Ratings in time order, streamed from a cursor (topic is the snapshot at review time)."""
    where, args = where_clause(
        time_col="reviewed_at",
        topic=topic,
        since=since,
        extra={"question_id": question_id, "session_id": session_id},
    )
    for row in conn.execute(
        f"SELECT {_REVIEW_COLS} FROM reviews{where} ORDER BY reviewed_at, id", args
    ):
        yield _review(row)


_REVIEW_SQL = """
    SELECT reviewed_at, session_id, question_id, number, topic, question_difficulty, rating,
           CASE rating {rating_names} END,
           answer_score, answer, CASE WHEN {correct} THEN 'true' ELSE 'false' END,
           response_seconds, CASE WHEN cram THEN 'true' ELSE 'false' END, due, stability,
           difficulty
    FROM reviews{where} ORDER BY reviewed_at, id"""
_RATING_CASES = " ".join(f"WHEN {v} THEN '{name}'" for v, name in RATING_NAMES.items())


def review_rows(
    conn: sqlite3.Connection, *, topic: str | None = None, since: datetime | None = None
) -> Iterator[tuple[Any, ...]]:
    """`export.REVIEW_COLUMNS` values per stored rating, in time order, straight from one cursor.

    One query with plain tuples (no row objects) keeps 100,000 ratings well under a second;
    `topic` is the snapshot at review time, `since` is inclusive.
    """
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    cur = conn.cursor()
    cur.row_factory = None  # plain tuples, whatever the connection's factory
    # A plain loop, not `yield from`: closing this generator early must not touch the cursor
    # (the connection may already be closed by then).
    sql = _REVIEW_SQL.format(where=where, rating_names=_RATING_CASES, correct=CORRECT)
    for row in cur.execute(sql, args):  # noqa: UP028
        yield row


def topic_in_history(
    conn: sqlite3.Connection, topic: str, *, drills: bool = False, interviews: bool = False
) -> bool:
    """Whether any review (or, with `drills`, any drill answer; with `interviews`, any
    interview answer) was made under `topic`."""
    table = "drill_answers" if drills else "interview_answers" if interviews else "reviews"
    row = conn.execute(f"SELECT 1 FROM {table} WHERE topic = ? LIMIT 1", (lookup_text(topic),))
    return row.fetchone() is not None


def count_reviews(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    question_id: str | None = None,
) -> int:
    """How many ratings match (an index-backed COUNT)."""
    where, args = where_clause(
        time_col="reviewed_at", topic=topic, since=since, extra={"question_id": question_id}
    )
    return int(conn.execute(f"SELECT COUNT(*) FROM reviews{where}", args).fetchone()[0])


def new_cards_since(conn: sqlite3.Connection, since: datetime) -> int:
    """How many questions got their first (non-cram) review at or after `since`."""
    row = conn.execute(
        "SELECT COUNT(*) FROM reviews WHERE reviewed_at >= ? AND cram = 0 AND card_before IS NULL",
        (iso(since),),
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True)
class SessionRow:
    """One session with its per-session aggregates (quiz reviews or drill answers)."""

    id: int
    kind: str
    started_at: str
    ended_at: str | None
    topic_filter: str | None
    difficulty_filter: str | None
    tag_filter: str | None
    cram: bool
    ended_by: str | None
    questions: int  # reviews (quiz) or answers (drill)
    correct: int  # rated good/easy (quiz) or correct (drill)
    mean_answer_score: float | None  # quiz only


def iter_sessions(
    conn: sqlite3.Connection,
    *,
    kind: str | None = "quiz",
    topic: str | None = None,
    since: datetime | None = None,
) -> Iterator[SessionRow]:
    """Sessions by start time with their counts; `topic` matches the session's topic filter."""
    clauses, args = [], []
    if kind is not None:
        clauses.append("s.kind = ?")
        args.append(kind)
    if topic is not None:
        clauses.append("s.topic_filter = ?")
        args.append(topic)
    if since is not None:
        clauses.append("s.started_at >= ?")
        args.append(iso(since))
    where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
    sql = f"""
        SELECT s.id, s.kind, s.started_at, s.ended_at, s.topic_filter, s.difficulty_filter,
               s.tag_filter, s.cram, s.ended_by,
               CASE s.kind WHEN 'quiz' THEN COALESCE(r.n, 0) ELSE COALESCE(d.n, 0) END,
               CASE s.kind WHEN 'quiz' THEN COALESCE(r.good, 0) ELSE COALESCE(d.good, 0) END,
               r.mean_score
        FROM sessions s
        LEFT JOIN (SELECT session_id, COUNT(*) AS n, SUM({CORRECT}) AS good,
                          AVG(answer_score) AS mean_score
                   FROM reviews GROUP BY session_id) r ON r.session_id = s.id
        LEFT JOIN (SELECT session_id, COUNT(*) AS n, SUM(correct) AS good
                   FROM drill_answers GROUP BY session_id) d ON d.session_id = s.id
        {where}
        ORDER BY s.started_at, s.id"""
    for row in conn.execute(sql, args):
        values = _typed(row, "ittTTTTiTiin", "sessions")
        values[7] = bool(values[7])
        yield SessionRow(*values)


@dataclass(frozen=True)
class QuestionAggregate:
    """Per question ever reviewed: history aggregates, the latest snapshot and the card."""

    question_id: str
    number: int | None
    topic: str | None
    question_difficulty: str | None
    reviews: int
    correct_rate: float | None  # share of ratings good/easy
    mean_answer_score: float | None
    last_reviewed: str | None
    state: str | None  # None: only cram reviews, no card
    due: str | None
    stability: float | None
    difficulty: float | None
    card_last_review: str | None
    reps: int
    lapses: int


def iter_question_aggregates(
    conn: sqlite3.Connection, *, topic: str | None = None, since: datetime | None = None
) -> Iterator[QuestionAggregate]:
    """One row per reviewed question (one grouped query), ordered by question id."""
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    sql = f"""
        SELECT r.question_id, latest.number, latest.topic, latest.question_difficulty,
               r.n, r.correct_rate, r.mean_score, r.last_at,
               c.state, c.due, c.stability, c.difficulty, c.last_review,
               COALESCE(c.reps, 0), COALESCE(c.lapses, 0)
        FROM (SELECT question_id, COUNT(*) AS n, AVG({CORRECT}) AS correct_rate,
                     AVG(answer_score) AS mean_score, MAX(reviewed_at) AS last_at,
                     MAX(id) AS last_id
              FROM reviews{where} GROUP BY question_id) r
        JOIN reviews latest ON latest.id = r.last_id
        LEFT JOIN cards c ON c.question_id = r.question_id
        ORDER BY r.question_id"""
    for row in conn.execute(sql, args):
        yield QuestionAggregate(*_typed(row, "tITTinnTTTnnTii", "reviews"))


def review_counts_by(
    conn: sqlite3.Connection, column: str, *, topic: str | None = None
) -> dict[str, tuple[int, float | None]]:
    """{topic or question difficulty: (reviews, share good/easy)} from the review snapshots."""
    if column not in ("topic", "question_difficulty"):
        raise ValueError(column)
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=None)
    sql = f"SELECT {column}, COUNT(*), AVG({CORRECT}) FROM reviews{where} GROUP BY {column}"
    rows = (_typed(r, "Tin", "reviews") for r in conn.execute(sql, args))
    return {r[0]: (r[1], r[2]) for r in rows}


def true_retention(conn: sqlite3.Connection, *, topic: str | None = None) -> float | None:
    """Share of each (question, local day)'s first review rated good or easy; None if none."""
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=None)
    sql = f"""
        SELECT AVG({CORRECT}) FROM (
            SELECT rating, ROW_NUMBER() OVER (
                PARTITION BY question_id, date(reviewed_at, 'localtime')
                ORDER BY reviewed_at, id) AS rn
            FROM reviews{where}) WHERE rn = 1"""
    value = conn.execute(sql, args).fetchone()[0]
    return None if value is None else float(value)


def review_days(conn: sqlite3.Connection, *, topic: str | None = None) -> list[str]:
    """The distinct local dates (YYYY-MM-DD) with at least one review, newest first."""
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=None)
    sql = (
        f"SELECT DISTINCT date(reviewed_at, 'localtime') AS day FROM reviews{where} "
        "ORDER BY day DESC"
    )
    return [r[0] for r in conn.execute(sql, args)]


@dataclass(frozen=True)
class DayCounts:
    """One local day of the history: every rating, and each question's first rating."""

    reviews: int  # ratings that day (cram included)
    first: int  # questions rated that day (their first rating of the day)
    first_good: int  # of which rated good or easy: the parts of `true_retention`


def review_days_since(
    conn: sqlite3.Connection, *, since: datetime, topic: str | None = None
) -> dict[str, DayCounts]:
    """{local date: DayCounts} for the ratings at or after `since`, in one pass.

    A question's first rating of a day is the one with the earliest time (SQLite's MIN() bare
    column); two ratings of one question within the same second may be taken in either order.
    """
    where, args = where_clause(time_col="reviewed_at", topic=topic, since=since)
    sql = f"""
        SELECT day, SUM(n), COUNT(*), SUM(first_rating >= 3) FROM (
            SELECT day, COUNT(*) AS n, rating AS first_rating, MIN(reviewed_at)
            FROM (SELECT question_id, reviewed_at, rating,
                         date(reviewed_at, 'localtime') AS day FROM reviews{where})
            GROUP BY question_id, day)
        GROUP BY day"""
    return {r[0]: DayCounts(r[1], r[2], r[3]) for r in conn.execute(sql, args)}


# --- drills ---------------------------------------------------------------------------------


def record_drill_answer(
    conn: sqlite3.Connection,
    *,
    answered_at: datetime,
    template: str,
    correct: bool,
    session_id: int | None = None,
    level: str | None = None,
    topic: str | None = None,
    prompt: str | None = None,
    inputs: Any = None,
    expected: float | None = None,
    given: str | None = None,
    seconds: float | None = None,
) -> int:
    """Store one graded drill exercise (`given=None`: skipped); `inputs` is stored as JSON."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO drill_answers (session_id, answered_at, template, level, topic, prompt, "
            "inputs, expected, given, correct, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                session_id,
                iso(answered_at),
                template,
                level,
                topic,
                prompt,
                None if inputs is None else json.dumps(inputs, ensure_ascii=False),
                expected,
                given,
                int(correct),
                seconds,
            ),
        )
    return int(cur.lastrowid or 0)


@dataclass(frozen=True)
class DrillAnswerRow:
    id: int
    session_id: int | None
    answered_at: str
    template: str
    level: str | None
    topic: str | None
    prompt: str | None
    inputs: str | None  # JSON text as stored
    expected: float | None
    given: str | None
    correct: bool
    seconds: float | None


def iter_drill_answers(
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    session_id: int | None = None,
) -> Iterator[DrillAnswerRow]:
    """Drill answers in time order, streamed."""
    where, args = where_clause(
        time_col="answered_at", topic=topic, since=since, extra={"session_id": session_id}
    )
    sql = (
        "SELECT id, session_id, answered_at, template, level, topic, prompt, inputs, expected, "
        f"given, correct, seconds FROM drill_answers{where} ORDER BY answered_at, id"
    )
    for row in conn.execute(sql, args):
        values = _typed(row, "iIttTTTTnTin", "drill_answers")
        values[10] = bool(values[10])
        yield DrillAnswerRow(*values)


def drill_accuracy_by(
    conn: sqlite3.Connection, column: str = "template", *, topic: str | None = None
) -> dict[str, tuple[int, int]]:
    """{template/level/topic: (answers, correct)} over all drill answers."""
    if column not in ("template", "level", "topic"):
        raise ValueError(column)
    where, args = where_clause(time_col="answered_at", topic=topic, since=None)
    sql = (
        f"SELECT {column}, COUNT(*), SUM(correct) FROM drill_answers{where} "
        f"GROUP BY {column} ORDER BY {column}"
    )
    rows = (_typed(r, "Tin", "drill_answers") for r in conn.execute(sql, args))
    return {r[0]: (r[1], r[2]) for r in rows}


# --- suspended questions -------------------------------------------------------------------


def suspended_ids(conn: sqlite3.Connection) -> frozenset[str]:
    """The ids of every suspended question: what `start` and `interview` must leave out."""
    return frozenset(r[0] for r in conn.execute("SELECT question_id FROM suspended"))


def leech_ids(conn: sqlite3.Connection, *, min_lapses: int) -> list[str]:
    """Questions forgotten at least `min_lapses` times (`quiz suspend --leeches`), most first."""
    sql = "SELECT question_id FROM cards WHERE lapses >= ? ORDER BY lapses DESC, question_id"
    return [r[0] for r in conn.execute(sql, (min_lapses,))]


def suspend(
    conn: sqlite3.Connection, ids: Sequence[str], *, at: datetime, reason: str = "manual"
) -> list[str]:
    """Suspend the given questions; returns those that were not suspended already."""
    with transaction(conn):
        done = []
        for qid in dict.fromkeys(ids):
            cur = conn.execute(
                "INSERT INTO suspended (question_id, suspended_at, reason) VALUES (?, ?, ?) "
                "ON CONFLICT (question_id) DO NOTHING",
                (qid, iso(at), reason),
            )
            if cur.rowcount:
                done.append(qid)
    return done


def unsuspend(conn: sqlite3.Connection, ids: Sequence[str]) -> list[str]:
    """Put the given questions back in rotation; returns those that were suspended."""
    with transaction(conn):
        done = []
        for qid in dict.fromkeys(ids):
            if conn.execute("DELETE FROM suspended WHERE question_id = ?", (qid,)).rowcount:
                done.append(qid)
    return done


# --- settings and reset ---------------------------------------------------------------------


def get_setting(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def get_settings(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT key, value FROM settings ORDER BY key")}


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def reset(conn: sqlite3.Connection, question_id: str | None = None) -> tuple[int, int]:
    """Forget schedule and history: of one question, or all quiz progress (drills and settings
    are kept). Returns (cards removed, reviews removed)."""
    with transaction(conn):
        if question_id is None:
            cards = conn.execute("DELETE FROM cards").rowcount
            reviews = conn.execute("DELETE FROM reviews").rowcount
            conn.execute("DELETE FROM sessions WHERE kind = 'quiz'")
        else:
            cards = conn.execute("DELETE FROM cards WHERE question_id = ?", (question_id,)).rowcount
            reviews = conn.execute(
                "DELETE FROM reviews WHERE question_id = ?", (question_id,)
            ).rowcount
    return cards, reviews


# --- interviews -----------------------------------------------------------------------------

INTERVIEW_KINDS = ("question", "follow-up")
INTERVIEW_SCHEMA = (
    """CREATE TABLE interviews (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        ended_by TEXT CHECK (ended_by IN ('finished', 'quit', 'interrupted')),
        planned INTEGER NOT NULL,         -- questions chosen
        budget_seconds REAL NOT NULL,     -- the whole interview's time budget
        seed INTEGER,
        spoken INTEGER NOT NULL DEFAULT 0,
        follow_ups INTEGER NOT NULL DEFAULT 1,
        topic_filter TEXT,
        difficulty_filter TEXT,
        tag_filter TEXT,
        recorded INTEGER NOT NULL DEFAULT 0   -- main answers fed to the review schedule
    )""",
    "CREATE INDEX interviews_started_at ON interviews(started_at)",
    """CREATE TABLE interview_answers (
        id INTEGER PRIMARY KEY,
        interview_id INTEGER NOT NULL REFERENCES interviews(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,        -- 1..N; a follow-up shares its question's position
        kind TEXT NOT NULL CHECK (kind IN ('question', 'follow-up')),
        question_id TEXT NOT NULL,
        number INTEGER,                   -- snapshot of the question at answer time
        topic TEXT,
        difficulty TEXT,
        asked TEXT NOT NULL,              -- the question or follow-up text
        answer TEXT,                      -- typed answer (spoken: NULL)
        spoken INTEGER NOT NULL DEFAULT 0,
        points TEXT,                      -- JSON [[label, core, covered], ...]
        misconceptions TEXT,              -- JSON [claim, ...] asserted by the answer
        answer_score REAL,
        suggested_rating INTEGER CHECK (suggested_rating BETWEEN 1 AND 4),
        answered_at TEXT NOT NULL,
        seconds REAL NOT NULL,
        budget_seconds REAL NOT NULL,
        review_id INTEGER REFERENCES reviews(id) ON DELETE SET NULL
    )""",
    "CREATE INDEX interview_answers_interview ON interview_answers(interview_id, position)",
    "CREATE INDEX interview_answers_question ON interview_answers(question_id, kind)",
)


def start_interview(
    conn: sqlite3.Connection,
    *,
    started_at: datetime,
    planned: int,
    budget_seconds: float,
    seed: int | None = None,
    spoken: bool = False,
    follow_ups: bool = True,
    topic_filter: str | None = None,
    difficulty_filter: str | None = None,
    tag_filter: str | None = None,
) -> int:
    """Insert an interview row and return its id."""
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO interviews (started_at, planned, budget_seconds, seed, spoken, "
            "follow_ups, topic_filter, difficulty_filter, tag_filter) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                iso(started_at),
                planned,
                budget_seconds,
                seed,
                int(spoken),
                int(follow_ups),
                topic_filter,
                difficulty_filter,
                tag_filter,
            ),
        )
    return int(cur.lastrowid or 0)


def end_interview(
    conn: sqlite3.Connection, interview_id: int, *, ended_at: datetime, ended_by: str
) -> None:
    """Close an interview: `ended_by` is finished, quit or interrupted."""
    if ended_by not in ENDED_BY:
        raise ValueError(f"unknown ended_by {ended_by!r}")
    with transaction(conn):
        conn.execute(
            "UPDATE interviews SET ended_at = ?, ended_by = ? WHERE id = ?",
            (iso(ended_at), ended_by, interview_id),
        )


def record_interview_answer(
    conn: sqlite3.Connection,
    *,
    interview_id: int,
    position: int,
    kind: str,
    question_id: str,
    asked: str,
    answered_at: datetime,
    seconds: float,
    budget_seconds: float,
    answer: str | None,
    spoken: bool = False,
    points: Sequence[tuple[str, bool, bool]] = (),
    misconceptions: Sequence[str] = (),
    answer_score: float | None = None,
    suggested_rating: int | None = None,
    number: int | None = None,
    topic: str | None = None,
    difficulty: str | None = None,
) -> int:
    """Store one interview answer at once (so Ctrl-C keeps it); returns its id."""
    if kind not in INTERVIEW_KINDS:
        raise ValueError(f"unknown interview answer kind {kind!r}")
    with transaction(conn):
        cur = conn.execute(
            "INSERT INTO interview_answers (interview_id, position, kind, question_id, number, "
            "topic, difficulty, asked, answer, spoken, points, misconceptions, answer_score, "
            "suggested_rating, answered_at, seconds, budget_seconds) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                interview_id,
                position,
                kind,
                question_id,
                number,
                topic,
                difficulty,
                asked,
                answer,
                int(spoken),
                json.dumps([list(p) for p in points], ensure_ascii=False),
                json.dumps(list(misconceptions), ensure_ascii=False),
                answer_score,
                suggested_rating,
                iso(answered_at),
                seconds,
                budget_seconds,
            ),
        )
    return int(cur.lastrowid or 0)


def link_interview_review(conn: sqlite3.Connection, answer_id: int, review_id: int) -> None:
    """Remember which review an interview answer was recorded as, and mark the interview."""
    with transaction(conn):
        conn.execute(
            "UPDATE interview_answers SET review_id = ? WHERE id = ?", (review_id, answer_id)
        )
        conn.execute(
            "UPDATE interviews SET recorded = 1 WHERE id = "
            "(SELECT interview_id FROM interview_answers WHERE id = ?)",
            (answer_id,),
        )


def memory_states(conn: sqlite3.Connection) -> dict[str, tuple[float | None, str | None, int]]:
    """{question id: (stability, last_review, lapses)} of every card, in one narrow query (the
    interview's weak spots need no card JSON)."""
    sql = "SELECT question_id, stability, last_review, lapses FROM cards"
    return {r[0]: (r[1], r[2], r[3]) for r in conn.execute(sql)}  # cards are checked at open


def review_scores_by_question(conn: sqlite3.Connection) -> dict[str, tuple[int, float]]:
    """{question id: (scored reviews, their mean answer score)}; reads only the covering
    `reviews_question` index."""
    sql = (
        "SELECT question_id, COUNT(answer_score), AVG(answer_score) FROM reviews "
        "WHERE answer_score IS NOT NULL GROUP BY question_id"
    )
    rows = (_typed(r, "Tin", "reviews") for r in conn.execute(sql))
    return {r[0]: (r[1], r[2]) for r in rows if r[0] is not None}


def interview_scores_by_question(conn: sqlite3.Connection) -> dict[str, tuple[int, float]]:
    """{question id: (scored main answers, their mean score)} over every interview."""
    sql = (
        "SELECT question_id, COUNT(answer_score), AVG(answer_score) FROM interview_answers "
        "WHERE kind = 'question' AND answer_score IS NOT NULL GROUP BY question_id"
    )
    rows = (_typed(r, "Tin", "interview_answers") for r in conn.execute(sql))
    return {r[0]: (r[1], r[2]) for r in rows if r[0] is not None}


@dataclass(frozen=True)
class InterviewRow:
    """One interview with its aggregates over the main answers (follow-ups apart)."""

    id: int
    started_at: str
    ended_at: str | None
    ended_by: str | None
    planned: int
    answered: int
    mean_score: float | None
    in_time: int
    follow_ups: int
    follow_up_mean_score: float | None
    recorded: bool


def iter_interviews(
    conn: sqlite3.Connection, *, topic: str | None = None
) -> Iterator[InterviewRow]:
    """Interviews by start time (`topic`: only their answers to that topic count, and an
    interview with none is left out)."""
    where, args = ("WHERE topic = ?", [topic]) if topic is not None else ("", [])
    sql = f"""
        SELECT i.id, i.started_at, i.ended_at, i.ended_by, i.planned,
               COALESCE(a.n, 0), a.mean_score, COALESCE(a.in_time, 0),
               COALESCE(a.f, 0), a.f_mean, i.recorded
        FROM interviews i
        {"JOIN" if topic is not None else "LEFT JOIN"} (
            SELECT interview_id,
                   SUM(kind = 'question') AS n,
                   AVG(CASE WHEN kind = 'question' THEN answer_score END) AS mean_score,
                   SUM(kind = 'question' AND seconds <= budget_seconds) AS in_time,
                   SUM(kind = 'follow-up') AS f,
                   AVG(CASE WHEN kind = 'follow-up' THEN answer_score END) AS f_mean
            FROM interview_answers {where} GROUP BY interview_id) a ON a.interview_id = i.id
        ORDER BY i.started_at, i.id"""
    for row in conn.execute(sql, args):
        values = _typed(row, "itTTiiniini", "interviews")
        values[10] = bool(values[10])
        yield InterviewRow(*values)


INTERVIEW_EXPORT_SQL = """
    SELECT a.interview_id, i.started_at, a.position, a.question_id, a.number, a.topic,
           a.difficulty, a.kind, a.answer, a.answer_score, a.suggested_rating, a.misconceptions,
           a.seconds, a.budget_seconds, a.seconds > a.budget_seconds, a.spoken, a.points
    FROM interview_answers a JOIN interviews i ON i.id = a.interview_id{where}
    ORDER BY i.started_at, a.interview_id, a.position, a.id"""


def iter_interview_answer_rows(
    conn: sqlite3.Connection, *, topic: str | None = None, since: datetime | None = None
) -> Iterator[tuple[Any, ...]]:
    """Every interview answer as a plain tuple in `INTERVIEW_EXPORT_SQL` column order, by
    interview then position (`since`: interviews started at or after it)."""
    where, args = where_clause(time_col="i.started_at", topic=None, since=since)
    if topic is not None:
        where += (" AND " if where else " WHERE ") + "a.topic = ?"
        args.append(topic)
    cur = conn.cursor()
    cur.row_factory = None
    for row in cur.execute(INTERVIEW_EXPORT_SQL.format(where=where), args):
        yield tuple(_typed(row, "ititITTtTnITnnIiT", "interview_answers"))
