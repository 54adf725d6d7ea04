"""`quiz suspend/unsuspend`, the leech settings and what suspension changes elsewhere
(start, list --progress, stats, export), with a settable clock for time travel."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import store
from actloss_quiz.cli import app
from actloss_quiz.store import schema
from tests.helpers import T0, FakeClock


def progress(runner: CliRunner, *args: str) -> dict[str, str]:
    result = runner.invoke(app, ["list", "--progress", "--json", *args])
    assert result.exit_code == 0, result.output
    return {r["id"]: r["state"] for r in json.loads(result.stdout)}


def asked(output: str) -> list[str]:
    """The question numbers of the panels a session showed, e.g. ['Q1', 'Q2']."""
    return [line.split(" · ")[1] for line in output.splitlines() if " · activation · " in line]


def test_suspend_and_unsuspend_by_id_and_number(runner: CliRunner, at: FakeClock) -> None:
    result = runner.invoke(app, ["suspend", "relu-definition", "3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Suspended Q2 relu-definition.",
        "Suspended Q3 dead-relu.",
    ]
    states = progress(runner, "-t", "activation")
    assert states["relu-definition"] == states["dead-relu"] == "suspended"
    assert states["why-nonlinear"] == "new"

    again = runner.invoke(app, ["suspend", "2"])
    assert again.exit_code == 0
    assert "Note: Q2 relu-definition is already suspended; nothing changed." in again.stdout

    back = runner.invoke(app, ["unsuspend", "relu-definition"])
    assert back.exit_code == 0 and "Unsuspended Q2 relu-definition." in back.stdout
    assert progress(runner, "-t", "activation")["relu-definition"] == "new"
    twice = runner.invoke(app, ["unsuspend", "relu-definition"])
    assert twice.exit_code == 0 and "is not suspended; nothing changed" in twice.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["suspend", "relu-defn"], "unknown question 'relu-defn'; did you mean: relu-definition"),
        (["suspend", "999"], "no question number 999"),
        (["suspend"], "give question ids or numbers to suspend, or --leeches"),
        (["unsuspend"], "give question ids or numbers to unsuspend, or --all"),
    ],
)
def test_suspend_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert f"Try 'quiz {args[0]} --help' for help." in result.stderr


def test_suspended_questions_are_left_out_of_start_and_keep_history(
    runner: CliRunner, db_path: Path, at: FakeClock
) -> None:
    first = runner.invoke(
        app,
        ["start", "-t", "activation", "--limit", "2"],
        input="\n4\n\n4\n",  # easy: out of the learning steps at once
        catch_exceptions=False,
    )
    assert first.exit_code == 0 and asked(first.stdout) == ["Q1", "Q2"]
    assert runner.invoke(app, ["suspend", "1", "3"]).exit_code == 0

    at.set(T0 + timedelta(days=60))  # Q1 and Q2 are long due by now
    later = runner.invoke(app, ["start", "-t", "activation", "--limit", "3"], input="")
    assert later.exit_code == 0
    shown = asked(later.stdout)
    assert shown[0] == "Q2" and "Q1" not in shown  # Q2 due, Q1 suspended although due
    cram = runner.invoke(app, ["start", "-t", "activation", "--cram", "--limit", "5"], input="")
    assert "Q3" not in asked(cram.stdout) and "Q1" not in asked(cram.stdout)

    conn = sqlite3.connect(db_path)
    try:  # the history and card of the suspended question are untouched
        assert conn.execute(
            "SELECT COUNT(*) FROM reviews WHERE question_id = 'why-nonlinear'"
        ).fetchone() == (1,)
        assert conn.execute(
            "SELECT COUNT(*) FROM cards WHERE question_id = 'why-nonlinear'"
        ).fetchone() == (1,)
    finally:
        conn.close()
    due = json.loads(runner.invoke(app, ["list", "--due", "--json"]).stdout)
    assert "why-nonlinear" not in [r["id"] for r in due]

    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert data["suspended"] == 2
    assert "Suspended            2 questions" in runner.invoke(app, ["stats"]).stdout

    text = runner.invoke(app, ["export", "-", "--what", "questions"]).stdout
    rows = {r["question_id"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["why-nonlinear"]["suspended"] == "true"
    assert rows["why-nonlinear"]["state"] in ("learning", "review")  # schedule kept
    assert rows["relu-definition"]["suspended"] == "false"

    assert runner.invoke(app, ["unsuspend", "--all"]).exit_code == 0
    due = json.loads(runner.invoke(app, ["list", "--due", "--json"]).stdout)
    assert "why-nonlinear" in [r["id"] for r in due]  # due again, as its card says


def _lapse_until_leech(runner: CliRunner, at: FakeClock, lapses: int) -> str:
    """Forget Q1 `lapses` more times, 400 days apart (the clock only moves forward); the first
    call first reviews it as easy so that it is in review state."""
    out = []
    args = ["start", "-t", "activation", "--limit", "1"]
    if at.t == T0:
        out.append(runner.invoke(app, [*args, "--new", "1"], input="\n4\n").stdout)
    for _ in range(lapses):
        at.travel(days=400)  # long overdue: Q1 is the most urgent
        result = runner.invoke(app, [*args, "--new", "0"], input="\n1\n")  # a lapse
        assert result.exit_code == 0, result.output
        out.append(result.stdout)
        at.travel(hours=1)  # relearning step over: easy puts it back in review
        result = runner.invoke(app, [*args, "--new", "0"], input="\n4\n")
        assert result.exit_code == 0, result.output
        out.append(result.stdout)
    return "\n".join(out)


def _lapses(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(
            "SELECT lapses FROM cards WHERE question_id = 'why-nonlinear'"
        ).fetchone()[0]
    finally:
        conn.close()


def test_leech_action_tag_shows_the_leech_and_keeps_it(
    runner: CliRunner, db_path: Path, at: FakeClock
) -> None:
    assert runner.invoke(app, ["config", "leech-lapses", "2"]).exit_code == 0
    out = _lapse_until_leech(runner, at, 2)
    assert _lapses(db_path) == 2
    assert "Leech: Q1 has been forgotten 2 times" in out and "now suspended" not in out
    assert progress(runner)["why-nonlinear"] != "suspended"
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert [(x["question_id"], x["suspended"]) for x in data["leeches"]] == [
        ("why-nonlinear", False)
    ]
    assert data["leech_lapses"] == 2

    # `suspend --leeches` takes every current leech out at once.
    result = runner.invoke(app, ["suspend", "--leeches"])
    assert result.exit_code == 0 and "Suspended Q1 why-nonlinear." in result.stdout
    assert progress(runner)["why-nonlinear"] == "suspended"


def test_leech_action_suspend_suspends_on_the_threshold_lapse(
    runner: CliRunner, db_path: Path, at: FakeClock
) -> None:
    assert runner.invoke(app, ["config", "leech-action", "suspend"]).exit_code == 0
    assert runner.invoke(app, ["config", "leech-lapses", "3"]).exit_code == 0
    out = _lapse_until_leech(runner, at, 2)
    assert "Leech" not in out
    assert progress(runner)["why-nonlinear"] != "suspended"
    out = _lapse_until_leech(runner, at, 1)
    assert "Q1 has been forgotten 3 times and is now suspended" in out
    assert progress(runner)["why-nonlinear"] == "suspended"
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("SELECT reason FROM suspended").fetchall() == [("leech",)]
    finally:
        conn.close()


def test_no_leeches_to_suspend(runner: CliRunner) -> None:
    result = runner.invoke(app, ["suspend", "--leeches"])
    assert result.exit_code == 0
    assert "No leeches: no question has been forgotten 4+ times." in result.stdout


def test_leech_settings_are_validated(runner: CliRunner) -> None:
    bad = runner.invoke(app, ["config", "leech-action", "delete"])
    assert bad.exit_code == 2
    assert "leech-action: 'delete' is not allowed; choose tag or suspend" in bad.stderr
    assert runner.invoke(app, ["config", "leech-lapses", "0"]).exit_code == 2
    assert runner.invoke(app, ["config", "leech-action", "SUSPEND"]).stdout.strip() == (
        "leech-action = suspend"
    )
    shown = runner.invoke(app, ["config"]).stdout
    assert "leech-action" in shown and "tag|suspend" in shown and "learn-ahead" in shown


def test_store_migration_from_version_2_adds_the_suspended_table(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    for migration in store.MIGRATIONS[:2]:
        migration(old)
    old.execute("PRAGMA user_version = 2")
    old.commit()
    old.close()
    conn = store.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert store.suspended_ids(conn) == frozenset()
        assert store.suspend(conn, ["a", "a", "b"], at=T0) == ["a", "b"]
        assert store.suspend(conn, ["a"], at=T0) == []
        assert store.suspended_ids(conn) == {"a", "b"}
        assert store.unsuspend(conn, ["b", "c"]) == ["b"]
    finally:
        conn.close()


@pytest.mark.parametrize(
    "third",
    [schema.m003_suspended, schema.m004_interviews],
    ids=["suspended-third", "interviews-third"],
)
def test_a_version_3_database_of_either_branch_migrates(tmp_path: Path, third: object) -> None:
    """Version 3 meant `suspended` on this branch and `interviews` on main before they met."""
    path = tmp_path / "v3.sqlite3"
    old = sqlite3.connect(path)
    for migration in (schema.m001_initial, schema.m002_covering_review_index, third):
        migration(old)  # type: ignore[operator]
    old.execute("PRAGMA user_version = 3")
    old.commit()
    old.close()
    conn = store.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION >= 4
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"suspended", "interviews", "interview_answers"} <= names
        assert store.suspend(conn, ["x"], at=T0) == ["x"]
    finally:
        conn.close()
