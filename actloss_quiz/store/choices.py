"""What the user chose: questions taken out of rotation (`quiz suspend`) and the stored settings
(`quiz config`; parsed by `actloss_quiz.settings`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime

from actloss_quiz.clock import iso
from actloss_quiz.store.opening import transaction

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


def get_settings(conn: sqlite3.Connection) -> dict[str, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT key, value FROM settings ORDER BY key")}


def set_setting(conn: sqlite3.Connection, key: str, value: str) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
