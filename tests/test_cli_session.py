"""`quiz start/config/stats/reset` and `list --progress/--due` through the CLI, plus a few real
processes for Ctrl-C, concurrency and persistence."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import store
from actloss_quiz.cli import app
from tests.helpers import T0, FakeClock


@pytest.fixture(autouse=True)
def _utc_days(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local days (stats, daily caps) are UTC days here, whatever the machine's zone."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def at(fake_clock: FakeClock) -> FakeClock:
    """The clock stopped at T0: `at.set(...)` moves time for the in-process CLI."""
    fake_clock.step = timedelta(0)
    fake_clock.set(T0)
    return fake_clock


def reviews(db: Path) -> list[tuple[str, int, float | None, str | None]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT question_id, rating, answer_score, answer FROM reviews ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def test_reveal_through_the_cli_shows_why(runner: CliRunner, db_path: Path, at: FakeClock) -> None:
    wrong = "max(0,x), and relu is zero centered so the gradients are balanced"
    result = runner.invoke(
        app,
        ["start", "--cram", "-t", "activation", "-n", "2"],
        input=f"bigger weights\n\n{wrong}\n\n",
    )
    assert result.exit_code == 0, result.output
    # cram repeats what was rated again at the end: Q2 is the 2nd of 2, then Q1 as a repeat
    first, second = result.stdout.split("2/2 · Q2")
    assert "repeat 1 · 2/2 done · Q1" in second
    assert "✗ [core] collapses to one linear map" in first
    assert "Why: core point missing: collapses to one linear map" in first
    assert "✗ misconception: ReLU is zero-centred" in second
    assert "ReLU outputs are never negative" in second
    assert "Why: misconception: ReLU is zero-centred" in second
    assert [(q, r) for q, r, _, _ in reviews(db_path)] == [
        ("why-nonlinear", 1),
        ("relu-definition", 1),
    ]


def test_piped_session_records_exactly_the_ratings(
    runner: CliRunner, db_path: Path, at: FakeClock
) -> None:
    result = runner.invoke(
        app,
        ["start", "--topic", "activation", "--limit", "2"],
        input="max(0, x), cheap, sparse\n\n\n4\n",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Q1 rated again is still in a learning step: asked again after Q2 (then input ends)
    assert "1/2 · Q1 · activation · easy" in out and "2/2 · Q2" in out
    assert "repeat 1 · 2/2 done · Q1" in out
    assert "Rectified linear unit" in out  # Q2's live demo on reveal
    assert "Score: 0.00" in out and "[again] > " in out
    assert "easy: back in" in out and "Session summary" in out and "Tip" in out
    rows = reviews(db_path)
    assert [(q, r) for q, r, _, _ in rows] == [("why-nonlinear", 1), ("relu-definition", 4)]
    assert rows[0][2] == 0.0 and rows[0][3] == "max(0, x), cheap, sparse"
    assert rows[1][2] is None and rows[1][3] is None

    at.set(T0 + timedelta(hours=1))
    due = runner.invoke(app, ["list", "--due", "--json"])
    assert [r["id"] for r in json.loads(due.stdout)] == ["why-nonlinear"]
    at.set(T0 + timedelta(days=1))
    due = json.loads(runner.invoke(app, ["list", "--due", "--json", "-t", "activation"]).stdout)
    assert "relu-definition" not in [r["id"] for r in due]

    progress = json.loads(runner.invoke(app, ["list", "--progress", "--json"]).stdout)
    by_id = {r["id"]: r for r in progress}
    assert by_id["relu-definition"]["state"] == "review"
    assert by_id["relu-definition"]["reviews"] == 1 and by_id["relu-definition"]["lapses"] == 0
    assert 0 < by_id["relu-definition"]["retrievability"] <= 1
    assert by_id["relu-definition"]["due"].endswith("+00:00")
    assert by_id["dead-relu"] == by_id["dead-relu"] | {
        "state": "new",
        "due": None,
        "retrievability": None,
        "reviews": 0,
        "lapses": 0,
    }
    table = runner.invoke(app, ["list", "--progress", "-t", "activation"])
    assert table.exit_code == 0 and "recall" in table.stdout and "review" in table.stdout


def test_next_session_starts_with_the_due_question(
    runner: CliRunner, db_path: Path, at: FakeClock
) -> None:
    runner.invoke(app, ["start", "-t", "loss", "--limit", "2"], input="\n1\n\n4\n")
    at.set(T0 + timedelta(hours=2))
    result = runner.invoke(app, ["start", "-t", "loss", "--limit", "1"], input="\n3\n")
    assert "1/1 · Q16" in result.stdout
    assert [q for q, *_ in reviews(db_path)] == [
        "loss-definition",
        "mse-definition",
        "loss-definition",
    ]


def test_eof_ends_with_summary_exit_0(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(app, ["start", "-t", "loss"], input="\n2\n")
    assert result.exit_code == 0
    assert "1 of 5 (ended early)" in result.stdout
    assert len(reviews(db_path)) == 1


def test_nothing_to_do(runner: CliRunner, at: FakeClock) -> None:
    result = runner.invoke(app, ["start", "-t", "loss", "--new", "0"])
    assert result.exit_code == 0
    assert "Nothing is due and no new questions are left." in result.stdout
    runner.invoke(app, ["start", "-t", "loss", "--limit", "1"], input="\n4\n")
    result = runner.invoke(app, ["start", "-t", "loss", "--new", "0"])
    assert "Next question due" in result.stdout and "days)" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["start", "--limit", "0"], "--limit"),
        (["start", "--new", "-1"], "--new"),
        (["start", "--topic", "losss"], "did you mean 'loss'"),
        (["config", "retention", "0.5"], "retention: 0.5 is out of range; valid range 0.7-0.97"),
        (["config", "new-per-day", "ten"], "valid range 0-1000"),
        (["config", "colour", "red"], "unknown setting 'colour'"),
        (["reset", "--question", "nope", "--yes"], "unknown question 'nope'"),
    ],
)
def test_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_config_show_and_set(runner: CliRunner) -> None:
    shown = runner.invoke(app, ["config"])
    assert shown.exit_code == 0 and "retention" in shown.stdout and "0.9" in shown.stdout
    assert runner.invoke(app, ["config", "retention", "0.85"]).stdout.strip() == "retention = 0.85"
    assert runner.invoke(app, ["config", "new-per-day", "3"]).exit_code == 0
    assert "0.85" in runner.invoke(app, ["config", "retention"]).stdout
    # easy: out of the learning steps at once, so nothing comes back within learn-ahead
    result = runner.invoke(app, ["start", "-t", "loss", "--new", "10"], input="\n4\n" * 3)
    assert "3 of 3" in result.stdout  # the daily cap of 3 new questions
    again = runner.invoke(app, ["start", "-t", "loss", "--new", "10"])
    assert "Today's 3 new questions are done" in again.stdout


def test_stats(runner: CliRunner, at: FakeClock) -> None:
    empty = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert empty["total_reviews"] == 0 and empty["true_retention"] is None
    runner.invoke(app, ["start", "-t", "loss", "--limit", "3"], input="\n1\n\n3\n\n4\n")
    at.set(T0 + timedelta(days=1))
    runner.invoke(app, ["start", "-t", "loss", "--limit", "1", "--new", "0"], input="\n3\n")
    data = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    assert set(data) >= {
        "total_reviews",
        "reviews_today",
        "streak_days",
        "true_retention",
        "estimated_knowledge",
        "by_topic",
        "by_difficulty",
        "leeches",
        "forecast",
    }
    assert data["total_reviews"] == 4 and data["reviews_today"] == 1 and data["streak_days"] == 2
    assert data["true_retention"] == pytest.approx(3 / 4)
    assert 0 < data["estimated_knowledge"] <= 1
    loss = next(t for t in data["by_topic"] if t["topic"] == "loss")
    assert (loss["questions"], loss["seen"], loss["reviews"]) == (15, 3, 4)
    assert len(data["forecast"]) == 14 and data["forecast"][0]["date"] == "2026-11-25"
    assert sum(f["due"] for f in data["forecast"]) >= 2
    assert data["leeches"] == []
    text = runner.invoke(app, ["stats", "--topic", "loss"])
    assert text.exit_code == 0
    assert "Due in the next 14 days" in text.stdout and "True retention" in text.stdout
    only_act = json.loads(runner.invoke(app, ["stats", "--json", "-t", "activation"]).stdout)
    assert only_act["total_reviews"] == 0


def test_reset(runner: CliRunner, db_path: Path) -> None:
    runner.invoke(app, ["start", "-t", "loss", "--limit", "2"], input="\n3\n\n3\n")
    declined = runner.invoke(app, ["reset"], input="n\n")
    assert declined.exit_code == 1 and "nothing was changed" in declined.stderr
    assert len(reviews(db_path)) == 2
    one = runner.invoke(app, ["reset", "--question", "16", "--yes"])
    assert one.exit_code == 0 and "1 review removed" in one.stdout
    assert [q for q, *_ in reviews(db_path)] == ["mse-definition"]
    confirmed = runner.invoke(app, ["reset"], input="y\n")
    assert confirmed.exit_code == 0 and reviews(db_path) == []


@pytest.mark.parametrize("command", [["start"], ["stats"], ["list", "--progress"], ["config"]])
def test_garbage_db_is_refused_untouched(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("my precious notes\n")
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    result = runner.invoke(app, ["--db", str(bad), *command])
    assert result.exit_code == 1
    assert f"'{bad}' is not an SQLite database" in result.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before


# --- real processes ---------------------------------------------------------------------------


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "ACTLOSS_QUIZ_DB": str(db), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}


def _quiz(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "actloss_quiz", "--db", str(db), *args]


def test_sigint_mid_session_keeps_earlier_ratings(db_path: Path) -> None:
    proc = subprocess.Popen(
        _quiz(db_path, "start", "--topic", "loss", "--limit", "5"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(db_path),
        text=True,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write("\n4\n")  # rate the first question, then wait at the second
    proc.stdin.flush()
    seen = ""
    deadline = time.monotonic() + 60
    while "2/5" not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    assert "2/5" in seen, seen
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Session summary" in rest and "(interrupted)" in rest
    assert [(q, r) for q, r, *_ in reviews(db_path)] == [("loss-definition", 4)]
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT ended_by FROM sessions").fetchall() == [("interrupted",)]
    conn.close()


def test_two_concurrent_sessions_lose_nothing_and_persist(db_path: Path) -> None:
    conn = store.connect(db_path)
    store.set_setting(conn, "new-per-day", "100")  # no race on the shared daily cap
    conn.close()
    procs = [
        subprocess.Popen(
            _quiz(db_path, "start", "--topic", topic, "--limit", "6", "--new", "6"),
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=_env(db_path),
            text=True,
        )
        for topic in ("loss", "activation")
    ]
    for p in procs:
        assert p.stdin
        p.stdin.write("\n3\n" * 6)
        p.stdin.close()
    for p in procs:
        assert p.wait(timeout=120) == 0, p.stderr.read() if p.stderr else ""
        if p.stderr:
            p.stderr.close()
    assert len(reviews(db_path)) == 12
    stats = subprocess.run(
        _quiz(db_path, "stats", "--json"), capture_output=True, text=True, env=_env(db_path)
    )
    data = json.loads(stats.stdout)
    assert data["total_reviews"] == 12
    assert {t["topic"]: t["seen"] for t in data["by_topic"]} == {"activation": 6, "loss": 6}
