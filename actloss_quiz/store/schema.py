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

from actloss_quiz.scheduler import CORRECT_FROM

SESSION_KINDS = ("quiz", "drill")
ENDED_BY = ("finished", "quit", "interrupted")
TABLES = ("cards", "reviews", "sessions", "settings", "drill_answers")
# Tables added by later migrations, by the schema version that has them for sure: a version-3
# database may come from a build that numbered the interviews migration third (see `migrate`).
TABLES_SINCE = {
    4: ("suspended", "interviews", "interview_answers"),
    5: ("forecasts",),
    6: ("migrations",),
    7: ("review_days", "review_topic_days", "review_questions", "review_days_state"),
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


# --- the per-day summary of the reviews (m007) -------------------------------------------------
#
# `quiz stats` reads its history numbers (total, days and streak, true retention, the heatmap and
# the weekly retention) from one row per local day instead of every review, and the per-question
# aggregates (`quiz stats`, `quiz list --due/--progress`) from one row per question. A row holds
# exactly what the same aggregate over its day's (its question's) reviews gives: it is recomputed
# from those reviews (a few hundred at most, through an index) in the transaction that records or
# undoes a review (`store.history`). Any other write to `reviews` (another program, a hand
# edit, a bulk insert) sets `review_days_state.stale` by trigger, and a stale summary is not read:
# `quiz stats` then reads the history itself, as before, and rebuilds the summary.
#
# A local day is SQLite's `date(reviewed_at, 'localtime')` in the time zone of the process that
# wrote the row; each row keeps its first and last review time, so a reader in another time zone
# sees that they fall on another day there and reads the history instead (`history.day_summary`).

REVIEW_DAYS_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS review_days (
        day TEXT PRIMARY KEY,             -- local date YYYY-MM-DD (see above)
        reviews INTEGER NOT NULL,         -- ratings that day (cram included)
        first INTEGER NOT NULL,           -- questions rated that day (each one's first rating)
        first_good INTEGER NOT NULL,      -- ... of which passed (true retention's parts)
        first_at TEXT NOT NULL,           -- the day's earliest and latest reviewed_at
        last_at TEXT NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS review_topic_days (
        topic TEXT NOT NULL,              -- the topic snapshot of the reviews
        day TEXT NOT NULL,
        reviews INTEGER NOT NULL,         -- as in review_days, of this topic's reviews only
        first INTEGER NOT NULL,
        first_good INTEGER NOT NULL,
        PRIMARY KEY (topic, day)
    )""",
    """CREATE TABLE IF NOT EXISTS review_questions (
        question_id TEXT PRIMARY KEY,     -- per question ever reviewed, over all its reviews:
        reviews INTEGER NOT NULL,         -- COUNT(*)
        correct_rate REAL,                -- AVG(a pass)
        scored INTEGER NOT NULL,          -- COUNT(answer_score)
        mean_score REAL,                  -- AVG(answer_score)
        last_at TEXT,                     -- MAX(reviewed_at)
        last_id INTEGER NOT NULL          -- MAX(id): the latest snapshot's row
    )""",
    """CREATE TABLE IF NOT EXISTS review_days_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        stale INTEGER NOT NULL            -- 1: `reviews` changed behind the summary's back
    )""",
    "INSERT OR IGNORE INTO review_days_state (id, stale) VALUES (1, 1)",
    """CREATE TRIGGER IF NOT EXISTS reviews_insert_stales_days AFTER INSERT ON reviews
        BEGIN UPDATE review_days_state SET stale = 1; END""",
    """CREATE TRIGGER IF NOT EXISTS reviews_delete_stales_days AFTER DELETE ON reviews
        BEGIN UPDATE review_days_state SET stale = 1; END""",
    """CREATE TRIGGER IF NOT EXISTS reviews_update_stales_days
        AFTER UPDATE OF id, question_id, reviewed_at, rating, topic, answer_score ON reviews
        BEGIN UPDATE review_days_state SET stale = 1; END""",
)

_LOCAL_DAY = "date(reviewed_at, 'localtime')"
# Every day's row from the reviews `{where}` selects (all, or a few days' worth): a question's
# first rating of a day is its earliest, ties by id (as `history.true_retention` orders them).
_DAY_ROWS = f"""
    SELECT day, COUNT(*), SUM(rn = 1), SUM(rn = 1 AND rating >= {CORRECT_FROM}),
           MIN(reviewed_at), MAX(reviewed_at)
    FROM (SELECT rating, reviewed_at, {_LOCAL_DAY} AS day,
                 ROW_NUMBER() OVER (PARTITION BY question_id, {_LOCAL_DAY}
                                    ORDER BY reviewed_at, id) AS rn
          FROM reviews{{where}})
    WHERE day IS NOT NULL{{day}} GROUP BY day"""
_TOPIC_DAY_ROWS = f"""
    SELECT topic, day, COUNT(*), SUM(rn = 1), SUM(rn = 1 AND rating >= {CORRECT_FROM})
    FROM (SELECT topic, rating, {_LOCAL_DAY} AS day,
                 ROW_NUMBER() OVER (PARTITION BY question_id, topic, {_LOCAL_DAY}
                                    ORDER BY reviewed_at, id) AS rn
          FROM reviews WHERE topic IS NOT NULL{{where}})
    WHERE day IS NOT NULL{{day}} GROUP BY topic, day"""
# Each question's aggregates, as `history.iter_question_aggregates` and
# `interviews.review_scores_by_question` group them (the same query read through the same
# covering index, so the averages are summed in the same order).
_QUESTION_ROWS = f"""
    SELECT question_id, COUNT(*), AVG(rating >= {CORRECT_FROM}), COUNT(answer_score),
           AVG(answer_score), MAX(reviewed_at), MAX(id)
    FROM reviews{{where}} GROUP BY question_id"""
_INSERT_QUESTIONS = (
    "INSERT INTO review_questions (question_id, reviews, correct_rate, scored, mean_score, "
    "last_at, last_id)"
)
_INSERT_DAYS = "INSERT INTO review_days (day, reviews, first, first_good, first_at, last_at)"
_INSERT_TOPIC_DAYS = "INSERT INTO review_topic_days (topic, day, reviews, first, first_good)"


def rebuild_review_days(conn: sqlite3.Connection) -> None:
    """The whole summary from the history (the caller holds the transaction). It stays stale
    when a review's time is not a date (SQLite cannot place it on a day): the history is then
    read, and the damage reported, by `quiz stats` itself."""
    conn.execute("DELETE FROM review_days")
    conn.execute("DELETE FROM review_topic_days")
    conn.execute("DELETE FROM review_questions")
    conn.execute(_INSERT_QUESTIONS + _QUESTION_ROWS.format(where=""))
    conn.execute(_INSERT_DAYS + _DAY_ROWS.format(where="", day=""))
    conn.execute(_INSERT_TOPIC_DAYS + _TOPIC_DAY_ROWS.format(where="", day=""))
    undated = conn.execute(f"SELECT 1 FROM reviews WHERE {_LOCAL_DAY} IS NULL LIMIT 1").fetchone()
    set_review_days_stale(conn, undated is not None)


def set_review_days_stale(conn: sqlite3.Connection, stale: bool) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO review_days_state (id, stale) VALUES (1, ?)", (int(stale),)
    )


def refresh_review_day(conn: sqlite3.Connection, day: str) -> None:
    """Day `day`'s rows recomputed from its reviews (read through the `reviewed_at` index: every
    stored time within two days of it, whatever its offset), inside the caller's transaction."""
    near = " AND reviewed_at >= date(:day, '-2 days') AND reviewed_at < date(:day, '+3 days')"
    conn.execute("DELETE FROM review_days WHERE day = :day", {"day": day})
    conn.execute("DELETE FROM review_topic_days WHERE day = :day", {"day": day})
    conn.execute(
        _INSERT_DAYS + _DAY_ROWS.format(where=" WHERE" + near[4:], day=" AND day = :day"),
        {"day": day},
    )
    conn.execute(
        _INSERT_TOPIC_DAYS + _TOPIC_DAY_ROWS.format(where=near, day=" AND day = :day"),
        {"day": day},
    )


def refresh_review_question(conn: sqlite3.Connection, question_id: str) -> None:
    """Question `question_id`'s row recomputed from its reviews (the caller's transaction)."""
    conn.execute("DELETE FROM review_questions WHERE question_id = ?", (question_id,))
    conn.execute(
        _INSERT_QUESTIONS + _QUESTION_ROWS.format(where=" WHERE question_id = ?"), (question_id,)
    )


def m007_review_days(conn: sqlite3.Connection) -> None:
    """The per-day (and per-question) summary of the reviews that `quiz stats` reads (see
    above), filled from the history."""
    for sql in REVIEW_DAYS_SCHEMA:
        conn.execute(sql)
    rebuild_review_days(conn)


# In the order they run. A new migration goes at the end with a name no other branch uses; its
# number is only a label (two branches may both add an `m007_...`: the names still differ).
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    m001_initial,
    m002_covering_review_index,
    m003_suspended,
    m004_interviews,
    m005_forecasts,
    m006_migration_names,
    m007_review_days,
]
SCHEMA_VERSION = len(MIGRATIONS)
MIGRATION_NAMES = tuple(m.__name__ for m in MIGRATIONS)  # unique (tests/store/test_migrations.py)
