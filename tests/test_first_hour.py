"""Issue #21, the first hour: the traps a new user met, each pinned by a test."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app

# --- errors a new user meets first ----------------------------------------------------------


def test_bare_quiz_prints_the_help_and_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout and "start" in result.stdout
    assert "Error" not in result.stderr


def test_a_db_in_a_missing_folder_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    typo = tmp_path / "typo-folder" / "sub" / "progress.db"
    result = runner.invoke(app, ["--db", str(typo), "stats"])
    assert result.exit_code == 1
    assert "--db: folder" in result.stderr and "does not exist" in result.stderr
    assert not (tmp_path / "typo-folder").exists()


def test_a_db_from_the_environment_in_a_missing_folder_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ACTLOSS_QUIZ_DB", str(tmp_path / "nope" / "q.db"))
    result = runner.invoke(app, ["list", "--due"])
    assert result.exit_code == 1 and "ACTLOSS_QUIZ_DB: folder" in result.stderr
    assert not (tmp_path / "nope").exists()


def test_the_default_database_location_is_created_on_first_use(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ACTLOSS_QUIZ_DB")
    result = runner.invoke(app, ["stats"])
    assert result.exit_code == 0, result.output
    assert list((tmp_path / "xdg-data").rglob("*.sqlite3"))


def test_validate_blames_its_argument_not_questions(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "my-bank.yaml"])
    assert result.exit_code == 1
    assert "quiz validate: path 'my-bank.yaml' does not exist" in result.stderr
    assert "--questions" not in result.stderr


def test_drill_count_0_speaks_like_the_other_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["drill", "--count", "0"])
    assert result.exit_code == 2
    assert "Error: --count: 0 is not allowed; give 1 to 1000 exercises" in result.stderr
    assert "range" not in result.stderr


def test_a_tag_in_the_wrong_case_gets_a_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["start", "--tag", "ReLU"])
    assert result.exit_code == 2
    assert "unknown tag 'ReLU' (did you mean 'relu'?)" in result.stderr


def test_a_demo_parameter_error_points_to_that_demo_help(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "mse", "--x", "1,2"])
    assert result.exit_code == 2
    assert "Try 'quiz demo mse --help' for help." in result.stderr
    unknown = runner.invoke(app, ["demo", "msee", "--x", "1"])
    assert "Try 'quiz demo --help'" in unknown.stderr


def test_end_of_input_at_the_drill_prompt_ends_on_a_new_line(runner: CliRunner) -> None:
    result = runner.invoke(app, ["drill", "-n", "2", "--seed", "1"], input="")
    assert result.exit_code == 0
    assert "(Enter to skip, :q to quit) > \n" in result.stdout
    assert "0 of 2 (ended early)" in result.stdout
