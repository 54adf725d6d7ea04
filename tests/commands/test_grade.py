"""`quiz grade`: one answer judged from the command line, as text and as JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app
from actloss_quiz.scoring import MAX_ANSWER_CHARS

RELU_WRONG = "relu is max(0,x) and relu is zero centered"


def test_grade_prints_points_matched_phrasing_misconception_and_rating(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "relu-definition", *RELU_WRONG.split()])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Define ReLU and why it is popular." in out
    assert '✓ [core] max(0, x)  ← "max(0, x)"' in out
    assert "✗ sparse activations" in out and "✗ [core] avoids vanishing gradient" in out
    assert (
        "✗ misconception: ReLU is zero-centred" in out and "ReLU outputs are never negative" in out
    )
    assert "Score: 0.25 (1/4 key points) → suggested: again" in out
    assert "Why: misconception: ReLU is zero-centred" in out
    assert result.stderr == ""


def test_grade_json_keys(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "2", *RELU_WRONG.split(), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"id", "score", "suggested", "points", "misconceptions"} <= set(data)
    assert data["id"] == "relu-definition" and data["suggested"] == "again"
    assert data["score"] == 0.25
    # `subject`: what the deciding clause was about, on every point where a match was decided
    # (issue 18); a point nothing matched has none.
    assert data["points"][0] == {
        "point": "max(0, x)",
        "core": True,
        "covered": True,
        "matched": "max(0, x)",
        "subject": "relu",
    }
    keys = {"point", "core", "covered", "matched"}
    assert [set(p) for p in data["points"]] == [keys | {"subject"}] + [keys] * 3
    assert [m["claim"] for m in data["misconceptions"]] == ["ReLU is zero-centred"]
    assert data["misconceptions"][0]["correction"].startswith("ReLU outputs are never negative")


def test_grade_a_good_answer(runner: CliRunner) -> None:
    answer = "max(0, x): cheap to compute, sparse activations, and it does not saturate for x > 0"
    data = json.loads(runner.invoke(app, ["grade", "relu-definition", answer, "--json"]).stdout)
    assert data["suggested"] == "good" and data["misconceptions"] == []
    assert all(p["covered"] for p in data["points"])


def test_grade_reads_the_answer_from_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["grade", "relu-definition", "-", "--json"], input=RELU_WRONG)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["suggested"] == "again"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["grade", "relu-defintion", "x"],
            "unknown question 'relu-defintion'; did you mean: relu-definition",
        ),
        (["grade", "99", "x"], "no question number 99"),
        (["grade", "relu-definition"], "Missing argument 'ANSWER...'"),
    ],
)
def test_grade_usage_errors(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_grade_cuts_a_long_answer_with_one_notice(runner: CliRunner) -> None:
    long = "relu is zero centered " + "x" * (2 * MAX_ANSWER_CHARS)
    result = runner.invoke(app, ["grade", "relu-definition", "-", "--json"], input=long)
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"Your answer has {len(long):,} characters; "
        f"only the first {MAX_ANSWER_CHARS:,} are judged and kept."
    ]
    assert json.loads(result.stdout)["suggested"] == "again"
