"""`quiz drill` through the CLI: scripted sessions, options, storage, export and stats."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from actloss_quiz import numbers, store
from actloss_quiz.cli import app
from actloss_quiz.drills import grading, templates
from actloss_quiz.render import drill as render_drill
from tests.helpers import REPO


def answers(db: Path) -> list[store.DrillAnswerRow]:
    conn = store.connect(db)
    try:
        return list(store.iter_drill_answers(conn))
    finally:
        conn.close()


def sessions(db: Path) -> list[store.SessionRow]:
    conn = store.connect(db)
    try:
        return list(store.iter_sessions(conn, kind="drill"))
    finally:
        conn.close()


def right(ex: templates.Exercise) -> str:
    return numbers.fixed(ex.expected, grading.DEFAULT_DECIMALS)


def wrong(ex: templates.Exercise) -> str:
    return f"{ex.expected + 1:.4f}"


def drill(runner: CliRunner, args: list[str], lines: list[str]) -> Any:
    text = "".join(line + "\n" for line in lines)
    return runner.invoke(app, ["drill", *args], input=text)


def test_right_answer_is_graded_and_stored(runner: CliRunner, db_path: Path) -> None:
    (ex,) = templates.generate(1, seed=11)
    result = drill(runner, ["--count", "1", "--seed", "11"], [right(ex)])
    assert result.exit_code == 0, result.stderr
    assert ex.prompt in result.stdout
    assert "✓ Correct" in result.stdout
    assert "Worked solution" not in result.stdout
    assert "1 of 1 (100.0%)" in result.stdout
    (row,) = answers(db_path)
    assert row.correct and row.given == right(ex)
    assert (row.template, row.level, row.topic, row.prompt) == (
        ex.template.name,
        ex.template.level,
        ex.template.topic,
        ex.prompt,
    )
    assert json.loads(row.inputs or "") == ex.inputs
    assert row.expected == ex.expected
    (session,) = sessions(db_path)
    assert (session.id, session.ended_by, session.questions, session.correct) == (
        row.session_id,
        "finished",
        1,
        1,
    )


def test_wrong_answer_shows_the_worked_solution(runner: CliRunner, db_path: Path) -> None:
    (ex,) = templates.generate(1, seed=2, topic="loss", levels=["medium"])
    result = drill(
        runner, ["-n", "1", "--seed", "2", "--topic", "loss", "-d", "medium"], [wrong(ex)]
    )
    assert result.exit_code == 0, result.stderr
    assert "✗ Not quite" in result.stdout
    assert "Worked solution" in result.stdout
    assert ex.steps[0] in result.stdout
    assert render_drill.expected_text(ex, 3) in result.stdout
    assert "0 of 1 (0.0%)" in result.stdout
    (row,) = answers(db_path)
    assert (row.given, row.correct) == (wrong(ex), False)


def test_skip_unparseable_and_quit(runner: CliRunner, db_path: Path) -> None:
    exercises = templates.generate(4, seed=5)
    result = drill(
        runner, ["--count", "4", "--seed", "5"], ["", "one half", right(exercises[1]), ":q"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Skipped" in result.stdout and "Worked solution" in result.stdout
    assert "'one half' is not a number" in result.stdout
    assert "2 of 4 (ended early)" in result.stdout
    assert "1 of 2 (50.0%)" in result.stdout
    rows = answers(db_path)
    assert [(r.given, r.correct) for r in rows] == [(None, False), (right(exercises[1]), True)]
    assert [r.template for r in rows] == [x.template.name for x in exercises[:2]]
    assert sessions(db_path)[0].ended_by == "quit"


def test_end_of_input_keeps_the_answers(runner: CliRunner, db_path: Path) -> None:
    exercises = templates.generate(3, seed=8)
    result = drill(runner, ["-n", "3", "--seed", "8"], [right(exercises[0])])
    assert result.exit_code == 0
    assert "1 of 3 (ended early)" in result.stdout
    assert [r.correct for r in answers(db_path)] == [True]
    assert sessions(db_path)[0].ended_by == "quit"


def test_ctrl_c_exits_130_and_keeps_the_answers(
    runner: CliRunner, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actloss_quiz import terminal

    exercises = templates.generate(3, seed=4)
    lines = [right(exercises[0])]

    def read_line(text: str) -> str:
        if not lines:
            raise KeyboardInterrupt
        return lines.pop(0)

    monkeypatch.setattr(terminal, "read_line", read_line)
    result = drill(runner, ["-n", "3", "--seed", "4"], [])
    assert result.exit_code == 130
    assert "1 of 3 (interrupted)" in result.stdout
    assert [r.correct for r in answers(db_path)] == [True]
    assert sessions(db_path)[0].ended_by == "interrupted"


def test_seed_is_reproducible_and_filters_apply(runner: CliRunner, db_path: Path) -> None:
    args = ["-n", "6", "--seed", "99", "--difficulty", "easy", "-d", "hard", "-t", "activation"]
    for _ in range(2):
        assert drill(runner, args, [""] * 6).exit_code == 0
    rows = answers(db_path)
    first, second = rows[:6], rows[6:]
    assert [(r.prompt, r.inputs) for r in first] == [(r.prompt, r.inputs) for r in second]
    assert {r.level for r in rows} <= {"easy", "hard"}
    assert {r.topic for r in rows} == {"activation"}
    assert sessions(db_path)[0].difficulty_filter == "easy,hard"


def test_decimals_changes_the_tolerance(runner: CliRunner, db_path: Path) -> None:
    seed = next(
        s
        for s in range(100)
        if abs(
            float(f"{templates.generate(1, seed=s)[0].expected:.1f}")
            - templates.generate(1, seed=s)[0].expected
        )
        > 1e-3
    )
    (ex,) = templates.generate(1, seed=seed)
    coarse = numbers.fixed(ex.expected, 1)
    for k in ("1", "6"):
        result = drill(runner, ["-n", "1", "--seed", str(seed), "--decimals", k], [coarse])
        assert result.exit_code == 0, result.stderr
    assert [(r.given, r.correct) for r in answers(db_path)] == [(coarse, True), (coarse, False)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--topic", "optimizer"],
            "--topic: unknown topic 'optimizer'; valid values: activation, loss",
        ),
        (["-d", "easy,extreme"], "--difficulty: unknown difficulty 'extreme'"),
        (["--count", "0"], "--count"),
        (["--decimals", "11"], "--decimals"),
        (["--decimals", "-1"], "--decimals"),
        (["--count", "many"], "--count"),
        (["--seed", "-1"], "--seed"),
    ],
)
def test_bad_options_are_usage_errors(
    runner: CliRunner, db_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["drill", *args], input="")
    assert result.exit_code == 2
    assert message in result.stderr
    assert not db_path.exists()


def test_list_shows_templates_per_level(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(app, ["drill", "--list"])
    assert result.exit_code == 0, result.stderr
    for t in templates.TEMPLATES:
        assert t.name in result.stdout
    positions = [result.stdout.index(f"{level} (") for level in templates.LEVELS]
    assert positions == sorted(positions)
    assert "relu(2) = ?" in result.stdout
    loss = runner.invoke(app, ["drill", "--list", "--topic", "loss", "-d", "hard"])
    assert "kl-divergence" in loss.stdout
    assert "sigmoid-value" not in loss.stdout and "easy (" not in loss.stdout
    assert not db_path.exists()


def test_export_and_stats_show_drills(runner: CliRunner, db_path: Path) -> None:
    exercises = templates.generate(3, seed=13)
    lines = [right(exercises[0]), wrong(exercises[1]), ""]
    assert drill(runner, ["-n", "3", "--seed", "13"], lines).exit_code == 0

    exported = runner.invoke(app, ["export", "-", "--what", "drills"])
    assert exported.exit_code == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert list(rows[0]) == [
        "answered_at",
        "session_id",
        "template",
        "level",
        "topic",
        "prompt",
        "inputs",
        "expected",
        "given",
        "correct",
        "seconds",
    ]
    assert [r["template"] for r in rows] == [x.template.name for x in exercises]
    assert [r["given"] for r in rows] == [right(exercises[0]), wrong(exercises[1]), ""]
    assert [r["correct"] for r in rows] == ["true", "false", "false"]
    assert [json.loads(r["inputs"]) for r in rows] == [x.inputs for x in exercises]
    assert [float(r["expected"]) for r in rows] == [x.expected for x in exercises]

    stats = runner.invoke(app, ["stats", "--json"])
    assert stats.exit_code == 0, stats.stderr
    data = json.loads(stats.stdout)["drills"]
    assert (data["answers"], data["correct"]) == (3, 1)
    families: dict[str, list[int]] = {}
    for ex, ok in zip(exercises, (1, 0, 0), strict=True):
        n_c = families.setdefault(ex.template.family, [0, 0])
        n_c[0] += 1
        n_c[1] += ok
    assert {r["family"]: [r["answers"], r["correct"]] for r in data["by_family"]} == families

    human = runner.invoke(app, ["stats"])
    assert human.exit_code == 0, human.stderr
    assert "Drills by family" in human.stdout
    assert all(family in human.stdout for family in families)


def test_piped_subprocess(tmp_path: Path) -> None:
    """The issue's own example, through a real process and pipe."""
    db = tmp_path / "piped.sqlite3"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "actloss_quiz",
            "--db",
            str(db),
            "drill",
            "--count",
            "1",
            "--seed",
            "7",
        ],
        input="0.5\n",
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Drill summary" in proc.stdout
    (row,) = answers(db)
    (ex,) = templates.generate(1, seed=7)
    assert (row.template, row.given, row.expected) == (ex.template.name, "0.5", ex.expected)
    assert row.correct is grading.grade(0.5, ex.expected)
