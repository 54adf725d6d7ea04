"""`quiz interview` through the CLI (CliRunner with standard input) and as a real process for
Ctrl-C and end of input; plus its export shape and its `stats` section."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import clock
from actloss_quiz.cli import app

T0 = datetime(2026, 11, 24, 9, 0, 0, tzinfo=UTC)

BANK = """\
topic: nets
questions:
  - id: relu
    number: 1
    difficulty: easy
    question: Define ReLU.
    answer: ReLU(x) = max(0, x), cheap and sparse.
    key_points:
      - {phrasings: ["max(0, x)"], core: true}
      - ["cheap"]
      - ["sparse"]
    misconceptions:
      - claim: ReLU is zero-centred
        phrasings: ["relu is zero centred", "relu is zero centered"]
        correction: ReLU outputs are never negative, so their mean is positive.
    tags: [relu]
  - id: dead-relu
    number: 2
    difficulty: medium
    question: What is a dead ReLU?
    answer: Its pre-activation is always negative, so it outputs 0 with zero gradient.
    key_points:
      - ["always negative"]
      - {phrasings: ["zero gradient"], core: true}
    tags: [relu]
  - id: ce-grad
    number: 3
    difficulty: hard
    question: Gradient of softmax cross-entropy w.r.t. the logits?
    answer: p - y, the probabilities minus the one-hot target.
    key_points:
      - ["p minus y", "p - y"]
      - ["one-hot"]
    tags: [softmax]
"""
FOLLOW_UP = """\
    follow_ups:
      - question: Why subtract the max logit before the softmax?
        answer: exp overflows for large logits; subtracting the max changes nothing else.
        key_points:
          - ["overflow"]
          - ["same result", "changes nothing"]
"""


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    path = tmp_path / "nets.yaml"
    path.write_text(BANK, encoding="utf-8")
    return path


def base(bank: Path) -> list[str]:
    return ["--no-bundled", "--questions", str(bank)]


def answers(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT position, kind, question_id, answer, spoken, answer_score FROM "
            "interview_answers ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def count(db: Path, table: str) -> int:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


TYPED = "\n".join(
    [
        "max(0, x), cheap",  # Q1 (easy), over two lines
        "and sparse",
        "",
        "no idea",  # Q2 (medium)
        "",
        "p - y with a one-hot target",  # Q3 (hard)
        "",
        "",  # show the model answers: yes
        "y",  # record: yes
        "",
    ]
)


def test_scripted_typed_interview(runner: CliRunner, bank: Path, db_path: Path) -> None:
    result = runner.invoke(app, [*base(bank), "interview", "--seed", "1"], input=TYPED)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Mock interview: 3 questions in 9:00" in out
    assert out.index("1/3 · Q1") < out.index("2/3 · Q2") < out.index("3/3 · Q3")  # easy first
    assert "Budget 2:00" in out and "Budget 3:00" in out and "Budget 4:00" in out
    assert out.count("Time: 0:00 of ") == 3
    assert "Report card" in out and "Mean score" in out
    assert f"quiz --questions {bank} --no-bundled start --cram --question dead-relu" in out
    # the model answer of the weak one only, and only after the report card
    assert out.index("Report card") < out.index("Its pre-activation is always negative")
    # every answer sits beside its model answer in the report card (#21)
    assert "your answer" in out and "model answer" in out
    assert "Recorded 3 reviews in your schedule" in out
    assert answers(db_path) == [
        (1, "question", "relu", "max(0, x), cheap\nand sparse", 0, 1.0),
        (2, "question", "dead-relu", "no idea", 0, 0.0),
        (3, "question", "ce-grad", "p - y with a one-hot target", 0, 1.0),
    ]
    conn = sqlite3.connect(db_path)
    ratings = conn.execute("SELECT question_id, rating FROM reviews ORDER BY id").fetchall()
    conn.close()
    assert ratings == [("relu", 3), ("dead-relu", 1), ("ce-grad", 3)]


def test_decline_records_the_interview_alone(runner: CliRunner, bank: Path, db_path: Path) -> None:
    script = "max(0, x) cheap sparse\n\nno\n\nn\nn\n"
    result = runner.invoke(app, [*base(bank), "interview", "-n", "2", "--seed", "2"], input=script)
    assert result.exit_code == 0, result.output
    assert "Not recorded: your 2 answers are saved with the interview" in result.stdout
    assert count(db_path, "reviews") == 0 and count(db_path, "cards") == 0
    assert len(answers(db_path)) == 2


def test_spoken_interview(runner: CliRunner, bank: Path, db_path: Path) -> None:
    script = "\n1 3\n\n2\n\n\nn\n"  # Q1: ticks 1 and 3; Q2: tick 2; no model answers; record no
    result = runner.invoke(
        app, [*base(bank), "interview", "--spoken", "--difficulty", "easy,medium"], input=script
    )
    assert result.exit_code == 0, result.output
    assert "Answer aloud, then press Enter to stop the clock" in result.stdout
    assert "1. max(0, x)" in result.stdout and "2. zero gradient" in result.stdout
    got = [(a[2], a[3], a[4], round(a[5], 4)) for a in answers(db_path)]
    assert got == [("relu", None, 1, 0.6667), ("dead-relu", None, 1, 0.5)]


def test_time_budgets_with_a_moving_clock(
    runner: CliRunner, bank: Path, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import timedelta

    now = [T0]
    monkeypatch.setattr(clock, "now", lambda: now[0])
    from actloss_quiz import terminal

    real_read = terminal.read_line

    def slow_reader(text: str) -> str:
        if text.startswith("Your answer"):
            now[0] += timedelta(seconds=150)  # every answer takes 2:30
        return real_read(text)

    monkeypatch.setattr(terminal, "read_line", slow_reader)
    script = "max(0, x)\n\nzero gradient\n\nn\nn\n"
    result = runner.invoke(
        app,
        [*base(bank), "interview", "-d", "easy,medium", "--minutes", "5", "--no-follow-ups"],
        input=script,
    )
    assert result.exit_code == 0, result.output
    # 5 minutes split 2:3 -> 2:00 and 3:00
    assert "Time: 2:30 of 2:00 (0:30 over)" in result.stdout
    assert "Time: 2:30 of 3:00" in result.stdout
    assert "2:30 left overall" in result.stdout  # at question 2: 5:00 - 2:30
    conn = sqlite3.connect(db_path)
    rows = conn.execute("SELECT seconds, budget_seconds FROM interview_answers").fetchall()
    conn.close()
    assert rows == [(150.0, 120.0), (150.0, 180.0)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--count", "0"], "'--count' / '-n': 0 is not allowed; give a whole number from 1 to"),
        (["--minutes", "0"], "0 is not allowed; give a finite number from 0.1 to 600"),
        (["--minutes", "-2.5"], "-2.5 is not allowed; give a finite number from 0.1 to 600"),
        (
            ["--topic", "net"],
            "--topic: unknown topic 'net' (did you mean 'nets'?); valid values: nets",
        ),
        (["--difficulty", "expert"], "valid values: easy, medium, hard"),
        (["--tag", "gelu"], "--tag: unknown tag 'gelu'"),
    ],
)
def test_usage_errors(
    runner: CliRunner, bank: Path, db_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, [*base(bank), "interview", *args])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not db_path.exists()


def test_no_matching_question_is_exit_1(runner: CliRunner, bank: Path) -> None:
    result = runner.invoke(app, [*base(bank), "interview", "--tag", "softmax", "-d", "easy"])
    assert result.exit_code == 1
    assert "Error: no question matches these filters" in result.stderr


def test_fewer_matching_than_count_uses_them_all(runner: CliRunner, bank: Path) -> None:
    result = runner.invoke(
        app, [*base(bank), "interview", "--tag", "relu", "-n", "5"], input=":q\n"
    )
    assert result.exit_code == 0, result.output
    assert "Only 2 questions match these filters: the interview asks all of them." in result.stdout
    assert "Mock interview: 2 questions in 5:00" in result.stdout


def test_bad_report_path_fails_before_the_interview(
    runner: CliRunner, bank: Path, db_path: Path, tmp_path: Path
) -> None:
    missing = tmp_path / "nope" / "report.md"
    result = runner.invoke(app, [*base(bank), "interview", "--report", str(missing)])
    assert result.exit_code == 1 and "folder" in result.stderr and "does not exist" in result.stderr
    existing = tmp_path / "report.md"
    existing.write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, [*base(bank), "interview", "--report", str(existing)])
    assert result.exit_code == 1
    assert "already exists; add --force to overwrite it" in result.stderr
    assert existing.read_text(encoding="utf-8") == "keep me"
    assert "Your answer" not in result.stdout and not db_path.exists()


def test_report_file_is_markdown_and_force_replaces_it(
    runner: CliRunner, bank: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.md"
    report.write_text("old", encoding="utf-8")
    result = runner.invoke(
        app,
        [*base(bank), "interview", "-n", "1", "-d", "medium", "--report", str(report), "--force"],
        input="always negative\n\n\nn\n",
    )
    assert result.exit_code == 0, result.output
    md = report.read_text(encoding="utf-8")
    assert md.startswith("# Mock interview report: ")
    assert (
        "| 1 | Q2 What is a dead ReLU? (nets, medium) | 0.50, suggested hard | 0:00 of 3:00 "
        "| zero gradient | – |" in md
    )
    assert "start --cram --question dead-relu" in md
    assert "## Model answers" in md
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_export_interviews(runner: CliRunner, bank: Path, tmp_path: Path) -> None:
    runner.invoke(app, [*base(bank), "interview", "--seed", "1"], input=TYPED)
    runner.invoke(app, [*base(bank), "interview", "--spoken", "-d", "easy"], input="\n1\n\nn\n")
    runner.invoke(
        app,
        [*base(bank), "interview", "-d", "easy"],
        input="=max(0, x), relu is zero centred\n\nn\nn\n",
    )
    result = runner.invoke(app, [*base(bank), "export", "-", "--what", "interviews"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.split(b"\r\n")[0].decode() == (
        "interview_id,started_at,position,question_id,number,topic,difficulty,kind,answer,"
        "answer_score,suggested_rating,misconceptions,seconds,budget_seconds,over_budget"
    )
    rows = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode(), newline="")))
    assert [(r["interview_id"], r["position"], r["question_id"], r["kind"]) for r in rows] == [
        ("1", "1", "relu", "question"),
        ("1", "2", "dead-relu", "question"),
        ("1", "3", "ce-grad", "question"),
        ("2", "1", "relu", "question"),
        ("3", "1", "relu", "question"),
    ]
    assert rows[0]["answer"] == "max(0, x), cheap\nand sparse"
    assert rows[0]["answer_score"] == "1.0" and rows[1]["suggested_rating"] == "1"
    assert rows[0]["budget_seconds"] == "120.0" and rows[0]["over_budget"] == "false"
    assert rows[2]["difficulty"] == "hard" and rows[2]["number"] == "3"
    assert rows[3]["answer"] == "(spoken) said: max(0, x)"
    assert rows[4]["answer"] == "'=max(0, x), relu is zero centred"  # CSV injection guarded
    assert rows[4]["misconceptions"] == "ReLU is zero-centred"
    assert rows[4]["suggested_rating"] == "1" and rows[0]["misconceptions"] == ""
    only = runner.invoke(
        app, [*base(bank), "export", "-", "-w", "interviews", "--since", "2999-01-01"]
    )
    assert only.stdout_bytes.count(b"\r\n") == 1  # the header alone


def test_stats_json_has_interviews(runner: CliRunner, bank: Path) -> None:
    empty = runner.invoke(app, [*base(bank), "stats", "--json"])
    assert json.loads(empty.stdout)["interviews"] == {
        "count": 0,
        "mean_score": None,
        "last_5": [],
        "trend": None,
    }
    runner.invoke(app, [*base(bank), "interview", "--seed", "1"], input=TYPED)
    data = json.loads(runner.invoke(app, [*base(bank), "stats", "--json"]).stdout)["interviews"]
    assert data["count"] == 1 and data["mean_score"] == pytest.approx(0.6667, abs=1e-4)
    assert data["last_5"][0]["answered"] == 3 and data["trend"] is None
    shown = runner.invoke(app, [*base(bank), "stats"])
    assert "Interviews" in shown.stdout and "Last 1" in shown.stdout


def test_start_question_drills_the_named_questions(runner: CliRunner, bank: Path) -> None:
    result = runner.invoke(
        app, [*base(bank), "start", "--cram", "--question", "ce-grad,2"], input=":q\n"
    )
    assert result.exit_code == 0, result.output
    assert "1/2 · Q2" in result.stdout
    bad = runner.invoke(app, [*base(bank), "start", "--question", "nope"])
    assert bad.exit_code == 2 and "unknown question 'nope'" in bad.stderr


# --- real processes -------------------------------------------------------------------------


def _env(db: Path) -> dict[str, str]:
    return {**os.environ, "ACTLOSS_QUIZ_DB": str(db), "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}


def _popen(bank: Path, db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "actloss_quiz", *base(bank), "interview", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(db),
        text=True,
    )


def _read_until(proc: subprocess.Popen[str], marker: str) -> str:
    assert proc.stdout is not None
    seen = ""
    deadline = time.monotonic() + 60
    while marker not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    return seen


def test_ctrl_c_keeps_every_answer_exit_130(bank: Path, db_path: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.md"
    proc = _popen(bank, db_path, "--seed", "1", "--report", str(report))
    assert proc.stdin is not None
    proc.stdin.write("max(0, x) cheap sparse\n\n")  # answer the first, then wait at the second
    proc.stdin.flush()
    seen = _read_until(proc, "2/3")
    assert "2/3" in seen, seen
    proc.send_signal(signal.SIGINT)
    rest, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Report card" in rest and "(interrupted)" in rest
    assert "Interrupted: your 1 answer is saved" in rest
    assert answers(db_path) == [(1, "question", "relu", "max(0, x) cheap sparse", 0, 1.0)]
    assert count(db_path, "reviews") == 0
    assert "(interrupted)" in report.read_text(encoding="utf-8")


def test_end_of_input_exits_0_with_the_report(bank: Path, db_path: Path) -> None:
    proc = _popen(bank, db_path, "--seed", "1")
    out, err = proc.communicate("max(0, x)\n\nzero gradient", timeout=60)  # no final newline
    assert proc.returncode == 0, err
    assert "Report card" in out and "(ended early)" in out
    assert [a[3] for a in answers(db_path)] == ["max(0, x)", "zero gradient"]
    assert "No answer: your 2 answers are saved" in out
    assert count(db_path, "reviews") == 0


def test_interview_start_up_imports_no_numpy(bank: Path, db_path: Path) -> None:
    """Nothing in an interview needs the engine: keep its start-up at `quiz start`'s."""
    code = (
        "import sys; from actloss_quiz.cli import app\n"
        f"try:\n    app({[*base(bank), 'interview']!r}, prog_name='quiz')\n"
        "except SystemExit:\n    pass\n"
        "heavy = [m for m in ('numpy', 'plotext', 'rapidfuzz') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input=":q\n",
        capture_output=True,
        text=True,
        env=_env(db_path),
        check=False,
    )
    assert "1/3" in proc.stdout and "HEAVY []" in proc.stderr, proc.stderr


def test_follow_up_from_the_bank_is_asked_timed_and_exported(
    runner: CliRunner, bank: Path, db_path: Path
) -> None:
    bank.write_text(BANK + FOLLOW_UP, encoding="utf-8")  # ce-grad, the last, gets a follow-up
    script = "p - y, one-hot\n\nno idea\n\n\nn\n"  # model answers: yes; record: no
    result = runner.invoke(app, [*base(bank), "interview", "-d", "hard"], input=script)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Follow-up" in out and "Why subtract the max logit before the softmax?" in out
    assert "Budget 4:00" in out  # the whole budget is left after an instant answer
    assert "exp overflows for large logits" in out  # the weak follow-up's model answer...
    assert out.index("Report card") < out.index("exp overflows for large logits")  # ...at the end
    assert [(a[1], a[2], a[3], a[5]) for a in answers(db_path)] == [
        ("question", "ce-grad", "p - y, one-hot", 1.0),
        ("follow-up", "ce-grad", "no idea", 0.0),
    ]
    exported = runner.invoke(app, [*base(bank), "export", "-", "-w", "interviews"])
    rows = list(csv.DictReader(io.StringIO(exported.stdout_bytes.decode(), newline="")))
    assert [(r["position"], r["kind"], r["budget_seconds"]) for r in rows] == [
        ("1", "question", "240.0"),
        ("1", "follow-up", "240.0"),
    ]
    skipped = runner.invoke(
        app, [*base(bank), "interview", "-d", "hard", "--no-follow-ups"], input="p - y\n\nn\n"
    )
    assert skipped.exit_code == 0 and "Follow-up" not in skipped.stdout


def test_hand_edited_interview_rows_are_refused_not_a_crash(
    runner: CliRunner, bank: Path, db_path: Path
) -> None:
    runner.invoke(
        app, [*base(bank), "interview", "-n", "1", "-d", "easy"], input="max(0, x)\n\nn\n"
    )
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE interview_answers SET misconceptions = 'not json'")
    conn.commit()
    exported = runner.invoke(app, [*base(bank), "export", "-", "-w", "interviews"])
    assert exported.exit_code == 0, exported.output
    (row,) = csv.DictReader(io.StringIO(exported.stdout))
    assert row["misconceptions"] == ""  # the cell that is not JSON exports empty
    assert row["question_id"] == "relu" and row["answer"] == "max(0, x)"
    conn.execute("UPDATE interview_answers SET seconds = 'soon'")
    conn.commit()
    conn.close()
    result = runner.invoke(app, [*base(bank), "export", "-", "-w", "interviews"])
    assert result.exit_code == 1, result.output
    assert "holds a value of the wrong type" in result.stderr
    stats = runner.invoke(app, [*base(bank), "stats", "--json"])  # aggregates: no crash
    assert stats.exit_code == 0 and json.loads(stats.stdout)["interviews"]["count"] == 1


def test_suspended_questions_are_left_out_of_interviews(
    runner: CliRunner, bank: Path, db_path: Path
) -> None:
    assert runner.invoke(app, [*base(bank), "suspend", "dead-relu"]).exit_code == 0
    result = runner.invoke(app, [*base(bank), "interview", "--seed", "1"], input="")
    assert result.exit_code == 0, result.output
    assert "Only 2 questions match these filters" in result.stdout
    assert "What is a dead ReLU?" not in result.stdout
    assert runner.invoke(app, [*base(bank), "suspend", "relu", "ce-grad"]).exit_code == 0
    none = runner.invoke(app, [*base(bank), "interview"], input="")
    assert none.exit_code == 1
    assert "every question matching these filters is suspended" in none.stderr


def test_the_study_plan_command_runs_with_the_same_global_options(
    runner: CliRunner, bank: Path, tmp_path: Path
) -> None:
    """The printed `quiz start --cram` command carries --questions, --no-bundled and --db, so
    it studies the same bank into the same database when pasted."""
    from actloss_quiz.commands.interview import command_prefix
    from actloss_quiz.commands.options import AppState

    db = tmp_path / "my progress.sqlite3"
    state = AppState(question_paths=[bank], bundled=False, db=db)
    assert command_prefix(state) == [
        "quiz",
        "--questions",
        str(bank),
        "--no-bundled",
        "--db",
        str(db),
    ]
    assert command_prefix(AppState()) == ["quiz"]
    result = runner.invoke(
        app,
        [*base(bank), "--db", str(db), "interview", "-n", "1", "-d", "easy"],
        input="x\n\nn\nn\n",
    )
    assert result.exit_code == 0, result.output
    assert f"--db '{db}'" in result.stdout and "--cram --question relu" in result.stdout
