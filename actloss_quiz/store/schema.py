"""The progress database's tables: each migration with the tables it creates, in order.

A migration is known by its name (the function's, `m006_migration_names`), and the `migrations`
table records the name of each one applied, so two branches that each add a migration never
collide silently: the merged code applies whichever of them a database lacks, and a database that
records a name this version does not know is refused as newer. `PRAGMA user_version` is kept equal
to the number of migrations applied, for versions up to 0.6.0, which read only that number (and so
refuse a database from this one). `opening` applies the missing migrations when a database is
opened. Every table is created here and nowhere else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

SESSION_KINDS = ("quiz", "drill")
ENDED_BY = ("finished", "quit", "interrupted")
TABLES = ("cards", "reviews", "sessions", "settings", "drill_answers")
# Tables added by later migrations, by the schema version that has them for sure: a version-3
# database may come from a build that numbered the interviews migration third (see `migrate`).
TABLES_SINCE = {
    4: ("suspended", "interviews", "interview_answers"),
    5: ("forecasts",),
    6: ("migrations",),
}


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


def m005_forecasts(conn: sqlite3.Connection) -> None:
    """The readiness forecast for an interview date as computed each day (`quiz stats` draws
    its trend): one row per day and date, the day's last computation."""
    conn.execute(
        """CREATE TABLE forecasts (
            day TEXT NOT NULL,                -- the local day it was computed (YYYY-MM-DD)
            interview_date TEXT NOT NULL,     -- YYYY-MM-DD
            readiness REAL NOT NULL,          -- expected share recalled on the date, plan followed
            if_stopped REAL NOT NULL,         -- ... with no further study
            questions INTEGER NOT NULL,       -- questions in the forecast
            computed_at TEXT NOT NULL,
            PRIMARY KEY (interview_date, day)
        )"""
    )


MIGRATIONS_TABLE = "migrations"


def m006_migration_names(conn: sqlite3.Connection) -> None:
    """The name of every migration applied, and when (NULL: applied before names were recorded,
    by a version that counted migrations in `PRAGMA user_version` only; its time is unknown)."""
    conn.execute(
        f"""CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (
            name TEXT PRIMARY KEY,            -- the migration function's name: m006_migration_names
            applied_at TEXT                   -- ISO 8601; NULL: applied before names were recorded
        )"""
    )


# In the order they run. A new migration goes at the end with a name no other branch uses; its
# number is only a label (two branches may both add an `m007_...`: the names still differ).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_covering_review_index,
    m003_suspended,
    m004_interviews,
    m005_forecasts,
    m006_migration_names,
]
SCHEMA_VERSION = len(MIGRATIONS)
MIGRATION_NAMES = tuple(m.__name__ for m in MIGRATIONS)  # unique (tests/store/test_migrations.py)
