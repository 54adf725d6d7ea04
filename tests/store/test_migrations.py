"""Migrations recorded by name: old databases upgrade, unknown names are refused as newer."""

from __future__ import annotations

import contextlib
import hashlib
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import store
from actloss_quiz.cli import app
from actloss_quiz.errors import StoreError
from actloss_quiz.store import opening, schema


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _recorded(path: Path) -> list[tuple[str, str | None]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT name, applied_at FROM migrations ORDER BY rowid").fetchall()


def _user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _legacy(path: Path, version: int) -> None:
    """A database as version 0.6.0 or older left it: `version` migrations, numbered only."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as old:
        for migration in store.MIGRATIONS[:version]:
            migration(old)
        old.execute(f"PRAGMA user_version = {version}")
        old.execute("INSERT INTO settings VALUES ('retention', '0.85')")


def test_migration_names_are_unique_and_numbered() -> None:
    names = schema.MIGRATION_NAMES
    assert len(set(names)) == len(names) == store.SCHEMA_VERSION
    assert all(re.fullmatch(r"m\d{3}_[a-z0-9_]+", name) for name in names)
    assert names[-1] == "m007_review_days"


def test_a_new_database_records_every_migration_with_its_time(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    store.connect(path).close()
    recorded = _recorded(path)
    assert [name for name, _ in recorded] == list(schema.MIGRATION_NAMES)
    assert all(at is not None and opening.date_ok(at) for _, at in recorded)
    assert _user_version(path) == store.SCHEMA_VERSION
    store.connect(path).close()  # reopening records nothing twice
    assert _recorded(path) == recorded


@pytest.mark.parametrize(
    ("version", "implied"),
    [
        (1, 1),
        (2, 2),
        # 3 is ambiguous (m003 suspended, or interviews numbered third): m003 and m004 both run
        (3, 2),
        (4, 4),
        (5, 5),
    ],
)
def test_an_old_database_gets_the_names_its_version_implies(
    tmp_path: Path, version: int, implied: int
) -> None:
    path = tmp_path / f"v{version}.sqlite3"
    _legacy(path, version)
    conn = store.connect(path)
    try:
        assert store.get_settings(conn) == {"retention": "0.85"}  # data kept
        assert conn.execute("SELECT COUNT(*) FROM forecasts").fetchone()[0] == 0  # m005 ran
    finally:
        conn.close()
    recorded = _recorded(path)
    assert [name for name, _ in recorded] == list(schema.MIGRATION_NAMES)
    # applied before names were recorded: no time; the ones this open ran: a time
    assert [at is None for _, at in recorded] == [i < implied for i in range(len(recorded))]
    assert _user_version(path) == store.SCHEMA_VERSION


def _with_extra_name(path: Path, name: str) -> None:
    store.connect(path).close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("INSERT INTO migrations VALUES (?, '2027-01-01T00:00:00+00:00')", (name,))


def test_a_database_recording_an_unknown_migration_is_refused_as_newer(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    _with_extra_name(path, "m007_a_newer_table")  # user_version unchanged: the name decides
    before = _digest(path)
    with pytest.raises(StoreError) as info:
        store.connect(path)
    message = str(info.value)
    assert "newer actloss-quiz" in message and "'m007_a_newer_table'" in message
    assert "upgrade actloss-quiz" in message and str(path) in message
    assert _digest(path) == before


def test_the_cli_refuses_an_unknown_migration_with_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    _with_extra_name(path, "m007_a_newer_table")
    before = _digest(path)
    for args in (["stats"], ["start", "--cram", "--question", "1"]):
        result = CliRunner().invoke(app, ["--db", str(path), *args], input="x\n3\n")
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "records migration 'm007_a_newer_table'" in result.output
        assert "upgrade actloss-quiz" in result.output
    result = CliRunner().invoke(app, ["--db", str(path), "backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 1 and "m007_a_newer_table" in result.output
    assert _digest(path) == before


def test_a_migration_table_that_lacks_a_base_migration_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    store.connect(path).close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("DELETE FROM migrations WHERE name = 'm002_covering_review_index'")
    before = _digest(path)
    with pytest.raises(StoreError, match=r"damaged .*lacks m002_covering_review_index"):
        store.connect(path)
    assert _digest(path) == before


def test_a_migration_name_of_the_wrong_type_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite3"
    store.connect(path).close()
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("UPDATE migrations SET applied_at = 'yesterday' WHERE rowid = 6")
    with pytest.raises(StoreError, match=r"damaged \(migrations\.applied_at, row 6\)"):
        store.connect(path)


def m007_branch_a(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE branch_a (x)")


def m007_branch_b(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE branch_b (x)")


def _build(monkeypatch: pytest.MonkeyPatch, *extra: Callable[[sqlite3.Connection], None]) -> None:
    """The program as a branch that adds `extra` migrations would build it."""
    migrations = [*schema.MIGRATIONS, *extra]
    monkeypatch.setattr(opening, "MIGRATIONS", migrations)
    monkeypatch.setattr(opening, "MIGRATION_NAMES", tuple(m.__name__ for m in migrations))
    monkeypatch.setattr(opening, "SCHEMA_VERSION", len(migrations))


def test_two_branches_each_adding_a_migration_never_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both branches number theirs 7: by number, a database of one would pass for the other's."""
    path = tmp_path / "a.sqlite3"
    with monkeypatch.context() as branch_a:
        _build(branch_a, m007_branch_a)
        store.connect(path).close()
    assert _user_version(path) == store.SCHEMA_VERSION + 1
    before = _digest(path)
    with monkeypatch.context() as branch_b:  # same user_version, another migration
        _build(branch_b, m007_branch_b)
        with pytest.raises(StoreError, match="records migration 'm007_branch_a'"):
            store.connect(path)
    assert _digest(path) == before
    with monkeypatch.context() as merged:  # the merge has both: it applies the one missing
        _build(merged, m007_branch_b, m007_branch_a)
        conn = store.connect(path)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    assert {"branch_a", "branch_b"} <= tables
    names = [name for name, _ in _recorded(path)]
    assert names[-2:] == ["m007_branch_a", "m007_branch_b"]  # in the order they were applied
    assert _user_version(path) == store.SCHEMA_VERSION + 2
