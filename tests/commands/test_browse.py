"""`quiz list`, `quiz show`, `quiz validate` and the global options, through the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import __version__
from actloss_quiz.cli import app
from tests.helpers import BANKS


def ids(result_stdout: str) -> list[str]:
    return [row["id"] for row in json.loads(result_stdout)]


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"actloss-quiz {__version__}"


def test_list_table_shows_all_30(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0, result.output
    assert "30 questions" in result.stdout
    assert "relu-definition" in result.stdout and "choosing-a-loss" in result.stdout
    assert "\x1b[" not in result.stdout


def test_list_hard_loss_is_25_27_28(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--topic", "loss", "--difficulty", "hard", "--json"])
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [r["number"] for r in rows] == [25, 27, 28]
    assert {"id", "number", "topic", "difficulty", "question", "tags"} <= set(rows[0])


@pytest.mark.parametrize(
    "args",
    [["-d", "easy,hard"], ["--difficulty", "easy", "--difficulty", "hard"], ["-d", "easy, hard"]],
)
def test_difficulty_comma_list_or_repeated(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(app, ["list", "--json", *args])
    assert result.exit_code == 0
    levels = {r["difficulty"] for r in json.loads(result.stdout)}
    assert levels == {"easy", "hard"}
    assert len(json.loads(result.stdout)) == 15  # 11 easy + 4 hard in the seed


def test_list_by_tag(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--tag", "relu", "--json"])
    assert result.exit_code == 0
    assert "relu-definition" in ids(result.stdout)
    assert all("relu" in r["tags"] for r in json.loads(result.stdout))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--topic", "los"],
            "--topic: unknown topic 'los' (did you mean 'loss'?); valid values: activation, loss",
        ),
        (
            ["-d", "medum"],
            "--difficulty: unknown difficulty 'medum' (did you mean 'medium'?); valid values: easy, medium, hard",
        ),
        (["--tag", "nosuchtag"], "--tag: unknown tag 'nosuchtag'"),
    ],
)
def test_unknown_filter_is_a_usage_error(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["list", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_list_json_is_only_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["list", "--json"])
    assert len(json.loads(result.stdout)) == 30
    assert result.stderr == ""


def test_show_by_number_and_id(runner: CliRunner) -> None:
    by_number = runner.invoke(app, ["show", "9", "--no-demo"])
    assert by_number.exit_code == 0, by_number.output
    assert "ReLU derivative at x = 0?" in by_number.stdout
    assert "Key points" in by_number.stdout and "Answer:" in by_number.stdout
    by_id = runner.invoke(app, ["show", "relu-derivative-zero", "--no-demo"])
    assert by_id.stdout == by_number.stdout


def test_show_json(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "17", "--json"])
    data = json.loads(result.stdout)
    assert data["id"] == "mse-definition" and data["formula"].startswith("MSE")
    assert len(data["key_points"]) >= 3


def test_show_unknown_id_suggests(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "relu-defn"])
    assert result.exit_code == 2
    assert "unknown question 'relu-defn'; did you mean: relu-definition" in result.stderr


def test_show_unknown_number(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "99"])
    assert result.exit_code == 2
    assert "no question number 99 (numbers: 1-30)" in result.stderr


def test_show_ambiguous_number_lists_ids(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--questions", str(BANKS / "good"), "show", "2"])
    assert result.exit_code == 2
    assert "relu-definition (activation)" in result.stderr
    assert "sgd-step (optimizers)" in result.stderr
    narrowed = runner.invoke(
        app, ["--questions", str(BANKS / "good"), "show", "2", "--topic", "optimizers", "--json"]
    )
    assert json.loads(narrowed.stdout)["id"] == "sgd-step"


def test_user_bank_via_option_env_and_no_bundled(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = runner.invoke(
        app, ["--no-bundled", "--questions", str(BANKS / "good"), "list", "--json"]
    )
    assert ids(only.stdout) == ["adam-idea", "sgd-step"]
    monkeypatch.setenv("ACTLOSS_QUIZ_QUESTIONS", os.pathsep.join([str(BANKS / "good"), ""]))
    both = runner.invoke(app, ["list", "--topic", "optimizers", "--json"])
    assert both.exit_code == 0, both.output
    assert ids(both.stdout) == ["adam-idea", "sgd-step"]


def test_missing_questions_path_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--questions", str(tmp_path / "nope.yaml"), "list"])
    assert result.exit_code == 1
    assert f"--questions: path '{tmp_path / 'nope.yaml'}' does not exist" in result.stderr


def test_broken_bank_fails_every_command_with_exit_1(runner: CliRunner) -> None:
    bad = str(BANKS / "broken" / "typo-key.yaml")
    for args in (["list"], ["show", "1"], ["validate"]):
        result = runner.invoke(app, ["--questions", bad, *args])
        assert result.exit_code == 1, args
        assert (
            f"{bad}:4: typo: unknown field 'dificulty' (did you mean 'difficulty'?)"
            in result.stderr
        )
        assert "Traceback" not in result.output


def test_validate_bundled_summary(runner: CliRunner) -> None:
    """Issue 18: every example of the bundled bank passes (the ones the judge still gets wrong
    are in tests/scoring/known_gaps.yaml), so `quiz validate` reports no problem."""
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "30 questions in 2 files, 0 problems"


def test_validate_extra_paths(runner: CliRunner) -> None:
    good = str(BANKS / "good" / "optimizers.yaml")
    ok = runner.invoke(app, ["--no-bundled", "validate", good])
    assert ok.stdout.strip() == "2 questions in 1 file, 0 problems", ok.output
    broken = sorted((BANKS / "broken").glob("*.yaml"))
    bad = runner.invoke(app, ["validate", *map(str, broken)])
    assert bad.exit_code == 1
    lines = [line for line in bad.stderr.splitlines() if line.startswith(str(BANKS))]
    assert {line.split(":")[0] for line in lines} == {str(p) for p in broken}


def test_validate_reports_a_demo_that_does_not_run(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "demo.yaml"
    bank.write_text(
        "topic: extra\nquestions:\n  - id: broken-demo\n    difficulty: easy\n"
        "    question: Q?\n    answer: A.\n    demo: {name: relu, args: {x: 'abc'}}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--no-bundled", "validate", str(bank)])  # the file alone
    assert result.exit_code == 1
    assert f"{bank}:3: broken-demo: demo does not run: " in result.stderr


def test_validate_reports_a_phrasing_the_judge_cannot_match(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A phrasing of symbols or filler words alone normalises to nothing and could never match."""
    bank = tmp_path / "symbols.yaml"
    bank.write_text(
        "topic: extra\nquestions:\n  - id: symbols\n    difficulty: easy\n"
        "    question: Q?\n    answer: A.\n    key_points: [['⊙', 'hadamard product']]\n"
        "    follow_ups:\n      - question: F?\n        answer: B.\n"
        "        key_points: [['the', 'gating']]\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--no-bundled", "validate", str(bank)])  # the file alone
    assert result.exit_code == 1
    assert result.stderr.splitlines()[:2] == [
        f"{bank}:3: symbols: phrasing '⊙' has no word the judge can match (only symbols or "
        "filler words); write it in words",
        f"{bank}:9: symbols: follow-up 1: phrasing 'the' has no word the judge can match (only "
        "symbols or filler words); write it in words",
    ]
    graded = runner.invoke(app, ["--questions", str(bank), "grade", "symbols", "⊙ the"])
    assert graded.exit_code == 0, graded.output  # never matched, never a crash


def test_validate_reports_a_model_answer_its_own_points_would_not_call_good(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A candidate who says the model answer must hear it is right: validate names the model
    answer (main or follow-up) judged below good, or firing a wrong claim, and why."""
    bank = tmp_path / "model.yaml"
    bank.write_text(
        "topic: extra\nquestions:\n  - id: model\n    difficulty: easy\n"
        "    question: Why momentum?\n    answer: It averages past gradients, damping noise.\n"
        "    key_points:\n      - phrasings: [averages past gradients]\n        core: true\n"
        "    follow_ups:\n      - question: And Nesterov?\n"
        "        answer: It looks ahead before it steps.\n"
        "        key_points:\n          - phrasings: [gradient at the lookahead point]\n"
        "            core: true\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--no-bundled", "validate", str(bank)])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        f"{bank}:11: model: follow-up 1: model answer is judged hard (core point missing: "
        "gradient at the lookahead point; none of the key points; close to the model answer "
        "(100% of its terms)); add the phrasing it uses to the point it states, or narrow the "
        "phrasing that fires"
    )
    assert "1 problem" in result.stdout + result.stderr


def test_show_judging_lists_the_examples_and_judges_every_model_answer(runner: CliRunner) -> None:
    """`quiz show --judging`: the subject, every example with its outcome, and the model answers
    (main and follow-up) judged as a candidate's would be: good, no wrong claim."""
    result = runner.invoke(app, ["show", "swish-silu", "--judging", "--json"])
    assert result.exit_code == 0, result.output
    judging = json.loads(result.stdout)["judging"]
    assert {"silu", "swish"} <= set(judging["subject"])
    assert judging["examples"] and all(
        e["matched"] == e["should_match"] for e in judging["examples"]
    )
    parts = [m["part"] for m in judging["model_answers"]]
    assert parts == ["question", " (follow-up 1)"]
    for m in judging["model_answers"]:
        assert m["suggested"] == "good" and m["misconceptions"] == [], m
        assert m["contradictions"] == [] and m["similarity"] == 1.0, m
    shown = runner.invoke(app, ["show", "swish-silu", "--judging"])
    assert shown.exit_code == 0 and "Model answer (follow-up 1):" in shown.stdout


def test_every_command_has_help(runner: CliRunner) -> None:
    from actloss_quiz.cli import COMMANDS
    from actloss_quiz.cli import app as the_app

    names = list(COMMANDS)  # the lazy group's commands (none is registered on the Typer app)
    assert {"list", "show", "validate"} <= set(names)
    for name in names:
        result = runner.invoke(the_app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example:" in result.stdout, name


def test_long_listing_is_compact_and_complete(runner: CliRunner, tmp_path: Path) -> None:
    lines = ["topic: bulk", "questions:"]
    for i in range(1, 401):
        lines += [
            f"  - id: bulk-{i}",
            "    difficulty: medium",
            f"    question: Question {i} " + "with a long tail of words " * 8,
            "    answer: A.",
        ]
    (tmp_path / "bulk.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(
        app, ["--no-bundled", "--questions", str(tmp_path / "bulk.yaml"), "list"]
    )
    assert result.exit_code == 0
    out_lines = result.stdout.splitlines()
    assert out_lines[0] == "400 questions"
    assert out_lines[1].split() == ["#", "id", "topic", "difficulty", "question"]
    assert len(out_lines) == 402
    assert out_lines[-1].split()[:4] == ["400", "bulk-400", "bulk", "medium"]
    assert all(len(line) <= 120 for line in out_lines)  # COLUMNS=120 in conftest
    assert out_lines[-1].endswith("…")
