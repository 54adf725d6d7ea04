"""`quiz path` (where the files are, nothing created) and `quiz backup` (a WAL-safe copy of the
progress database, through SQLite's online backup and an atomic rename)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import store
from actloss_quiz.cli import app
from tests.helpers import HISTORY_T0, rate

RELU = ("relu", 2, "activation", "easy")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", "-journal")))


# --- quiz path --------------------------------------------------------------------------------


@pytest.mark.cold_cache
def test_path_prints_the_three_places_and_creates_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    before = sorted(p.name for p in tmp_path.iterdir())
    result = runner.invoke(app, ["path"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"database:   {tmp_path / 'quiz.sqlite3'}  (not created yet)"
    assert lines[1] == f"cache:      {tmp_path / 'cache'}"
    assert lines[2].startswith("user banks: ") and lines[2].endswith("(none yet)")
    assert str(tmp_path / "xdg-data") in lines[2]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_path_json_honours_db_and_env(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = runner.invoke(app, ["path", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"database", "cache", "user_banks"}
    assert data["database"] == str(tmp_path / "quiz.sqlite3")  # ACTLOSS_QUIZ_DB
    assert data["cache"] == str(tmp_path / "cache")
    # --db wins over the variable, and is shown even when its folder does not exist (yet)
    other = tmp_path / "missing" / "other.sqlite3"
    result = runner.invoke(app, ["--db", str(other), "path", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["database"] == str(other)
    assert not other.parent.exists()
    monkeypatch.setenv("ACTLOSS_QUIZ_CACHE", "")  # caching off
    result = runner.invoke(app, ["path", "--json"])
    assert json.loads(result.stdout)["cache"] is None
    assert "cache:      off" in runner.invoke(app, ["path"]).stdout


def test_path_says_when_the_database_exists(runner: CliRunner, conn: sqlite3.Connection) -> None:
    first = runner.invoke(app, ["path"]).stdout.splitlines()[0]
    assert "not created yet" not in first


# --- quiz backup ------------------------------------------------------------------------------


def test_backup_includes_a_review_still_in_the_wal(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    conn = store.connect(db_path)
    try:
        rate(conn, RELU, 3, HISTORY_T0, session_id=None)
        wal = Path(f"{db_path}-wal")
        assert wal.stat().st_size > 0  # the review is in the WAL, not yet in the main file
        main_before = _digest(db_path)
        copy = tmp_path / "copy.sqlite3"
        result = runner.invoke(app, ["backup", str(copy)])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().endswith("kB, 1 review.")
        assert str(copy) in result.stdout
        assert _digest(db_path) == main_before  # the source was not checkpointed or changed
    finally:
        conn.close()
    with contextlib.closing(sqlite3.connect(copy)) as c:
        assert c.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 1
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one file
    assert not Path(f"{copy}-wal").exists()
    assert _leftovers(tmp_path) == []
    stats = runner.invoke(app, ["--db", str(copy), "stats", "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["total_reviews"] == 1


def test_backup_of_a_history(runner: CliRunner, history: Path, tmp_path: Path) -> None:
    copy = tmp_path / "h.sqlite3"
    result = runner.invoke(app, ["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "4 reviews" in result.stdout
    assert oct(copy.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_an_existing_file_needs_force(
    runner: CliRunner, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    copy.write_text("keep me")
    result = runner.invoke(app, ["backup", str(copy)])
    assert result.exit_code == 1
    assert "already exists; add --force to overwrite it" in result.output
    assert copy.read_text() == "keep me"
    result = runner.invoke(app, ["backup", str(copy), "--force"])
    assert result.exit_code == 0, result.output
    assert copy.read_bytes().startswith(b"SQLite format 3\x00")
    assert _leftovers(tmp_path) == []


def test_force_never_replaces_what_is_not_a_regular_file(
    runner: CliRunner, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, kind in ((folder, "is a directory"), (fifo, "FIFO"), (Path(os.devnull), "device")):
        result = runner.invoke(app, ["backup", str(target), "--force"])
        assert result.exit_code == 1, result.output
        assert kind in result.output
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert fifo.is_fifo()
    assert _leftovers(tmp_path) == []


def test_a_missing_database_is_named_and_nothing_is_created(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.sqlite3"
    result = runner.invoke(app, ["backup", str(copy)])
    assert result.exit_code == 1
    assert f"there is no progress database at '{db_path}'" in result.output
    assert not copy.exists() and not db_path.exists()
    assert _leftovers(tmp_path) == []


def test_a_foreign_file_is_refused_and_left_untouched(runner: CliRunner, tmp_path: Path) -> None:
    foreign = tmp_path / "notes.txt"
    foreign.write_text("not a database")
    copy = tmp_path / "copy.sqlite3"
    result = runner.invoke(app, ["--db", str(foreign), "backup", str(copy)])
    assert result.exit_code == 1
    assert "is not an SQLite database" in result.output
    assert foreign.read_text() == "not a database" and not copy.exists()


def test_dash_and_the_database_itself_are_refused(
    runner: CliRunner, conn: sqlite3.Connection, db_path: Path
) -> None:
    result = runner.invoke(app, ["backup", "-"])
    assert result.exit_code == 2
    assert "'-' is not allowed" in result.output and "quiz backup --help" in result.output
    result = runner.invoke(app, ["backup", str(db_path), "--force"])
    assert result.exit_code == 1
    assert "is the progress database itself" in result.output


def test_a_missing_target_folder_is_refused(
    runner: CliRunner, conn: sqlite3.Connection, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["backup", str(tmp_path / "nope" / "copy.sqlite3")])
    assert result.exit_code == 1
    assert "does not exist; create it first" in result.output
    assert not (tmp_path / "nope").exists()


def test_an_interrupted_backup_leaves_nothing(
    runner: CliRunner, conn: sqlite3.Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(source: Path, dest: Path) -> int:
        dest.write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "backup_database", interrupted)
    copy = tmp_path / "copy.sqlite3"
    copy.write_text("old")
    result = runner.invoke(app, ["backup", str(copy), "--force"])
    assert result.exit_code == 130
    assert "left unchanged" in result.output
    assert copy.read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_backup_and_open_the_copy_in_real_processes(tmp_path: Path, db_path: Path) -> None:
    script = Path(sys.executable).with_name("quiz")
    quiz = [str(script)] if script.exists() else [sys.executable, "-m", "actloss_quiz"]
    env = {**os.environ}
    study = subprocess.run(
        [*quiz, "start", "--limit", "1"],
        input="max(0, x)\n3\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert study.returncode == 0, study.stderr
    copy = tmp_path / "backup.sqlite3"
    done = subprocess.run(
        [*quiz, "backup", str(copy)], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "1 review." in done.stdout
    stats = subprocess.run(
        [*quiz, "--db", str(copy), "stats", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["total_reviews"] == 1
    again = subprocess.run(
        [*quiz, "backup", str(copy)], env=env, capture_output=True, text=True, check=False
    )
    assert again.returncode == 1 and "add --force" in again.stderr
