"""Issue #21, the first hour: the traps a new user met, each pinned by a test."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app
from tests.terminal_helpers import RATING_PROMPT_END, Pty, pty_only, screen

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
    assert "validate PATH: path 'my-bank.yaml' does not exist" in result.stderr
    assert "--questions" not in result.stderr


def test_drill_count_0_speaks_like_the_other_commands(runner: CliRunner) -> None:
    result = runner.invoke(app, ["drill", "--count", "0"])
    assert result.exit_code == 2
    assert "0 is not allowed; give a whole number from 1 to 1,000" in result.stderr
    assert "Try 'quiz drill --help' for help." in result.stderr
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


# --- the terminal: a pseudo-terminal of 80x24 ------------------------------------------------


@pty_only
def test_at_80x24_the_verdict_and_the_prompt_are_on_screen_after_a_reveal(
    tmp_path: Path, terminals: Callable[..., Pty]
) -> None:
    term = terminals(["start", "--question", "mse-definition"], tmp_path / "q.db")
    term.expect("Your answer")
    term.send("we square the differences and average them\n")
    shown = screen(term.expect(RATING_PROMPT_END))
    prompt = shown[-1]
    assert prompt.startswith("1 again ") and prompt.endswith(RATING_PROMPT_END)
    assert len(prompt) <= 80  # one line: never wrapped, let alone mid-word
    assert shown[-3].startswith("Score: ") and "→ suggested: " in shown[-3]
    assert shown[-2].startswith("Why: ")
    term.send("4\n")
    term.expect("Session summary")
    assert term.close() == 0


@pty_only
def test_a_pasted_answer_with_a_blank_line_is_one_answer_and_rates_nothing(
    tmp_path: Path, terminals: Callable[..., Pty]
) -> None:
    db = tmp_path / "q.db"
    term = terminals(["start", "--cram", "--question", "11,14"], db)
    term.expect("Your answer")
    term.send("Yes it can be linear, the logits need no activation\n\nsoftmax squashes\n")
    out = term.expect(RATING_PROMPT_END)
    assert out.count("Your answer") == 1  # the rest of the paste did not answer Q14
    time.sleep(0.3)
    term.send("2\n")
    term.expect("2/2 · Q14")
    term.send(":q\n")
    term.expect("Session summary")
    assert term.close() == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        (answer,) = conn.execute("SELECT answer FROM reviews").fetchone()
    assert answer == "Yes it can be linear, the logits need no activation\n\nsoftmax squashes"


@pty_only
def test_a_line_ending_in_a_backslash_continues_the_answer(
    tmp_path: Path, terminals: Callable[..., Pty]
) -> None:
    db = tmp_path / "q.db"
    term = terminals(["start", "--cram", "--question", "17", "--no-demo"], db)
    term.expect("Your answer")
    term.send("squared differences \\\n")
    term.expect("\n… ")  # the continuation prompt, on the next line
    term.send("averaged\n")
    term.expect(RATING_PROMPT_END)  # shown after typeahead is flushed: no wait needed
    term.send("3\n")
    term.expect("Session summary")
    assert term.close() == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        (answer,) = conn.execute("SELECT answer FROM reviews").fetchone()
    assert answer == "squared differences\naveraged"


@pty_only
def test_at_60_columns_the_rating_prompt_breaks_between_its_parts(
    tmp_path: Path, terminals: Callable[..., Pty]
) -> None:
    term = terminals(["start", "--question", "loss-definition", "--no-demo"], tmp_path / "q.db", 60)
    term.expect("Your answer")
    term.send("\n")
    term.expect("Nothing typed")
    term.expect("\n:d > ")
    shown = screen(term.out, 60)
    assert shown[-3] == "Nothing typed: rate how well you knew it (1-4)."
    # broken between its parts, each line within 60 columns
    assert re.fullmatch(r"1 again <1m · 2 hard 5m · 3 good 10m · 4 easy \d+d · :f ·", shown[-2])
    assert shown[-1].startswith(":d > ")
    term.send("4\n")
    term.expect("Session summary")
    assert term.close() == 0


def test_typeahead_is_flushed_before_the_rating_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from actloss_quiz import terminal

    master, slave = os.openpty()
    stdin = os.fdopen(slave, "r", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    try:
        os.write(master, b"4\n")  # typed during the reveal: must not rate the question
        time.sleep(0.1)
        later = threading.Timer(0.3, lambda: os.write(master, b"2\n"))
        later.start()
        assert terminal.read_rating("rate > ") == "2"
        later.join()
    finally:
        stdin.close()
        os.close(master)


# --- honest prompts ---------------------------------------------------------------------------


def test_the_interval_shown_is_the_interval_applied(runner: CliRunner, tmp_path: Path) -> None:
    """fsrs's fuzz is drawn once, before the prompt: `4 easy Nd` means back in N days."""
    seen = set()
    for i in range(6):
        db = tmp_path / f"{i}.db"
        result = runner.invoke(app, ["--db", str(db), "start", "--question", "1"], input="x\n4\n")
        assert result.exit_code == 0, result.output
        shown = re.search(r"4 easy (\d+)d", result.stdout)
        applied = re.search(r"easy: back in (\d+) days", result.stdout)
        assert shown and applied and shown.group(1) == applied.group(1), result.stdout
        seen.add(shown.group(1))


def test_the_rating_prompt_fits_80_columns(runner: CliRunner) -> None:
    result = runner.invoke(app, ["start", "--question", "16"], input="a scalar\n4\n")
    (prompt,) = [ln for ln in result.stdout.splitlines() if ln.startswith("1 again")]
    prompt = prompt.split(" > ")[0] + " > "
    assert re.fullmatch(
        r"1 again <1m · 2 hard 5m · 3 good 10m · 4 easy \d+d · :f \[\w+\] > ", prompt
    )
    assert len(prompt) <= 80


def test_q_after_a_reveal_says_the_answer_was_not_recorded(runner: CliRunner) -> None:
    result = runner.invoke(app, ["start", "--question", "19"], input="minus log p\n:q\n")
    assert result.exit_code == 0
    assert "Q19 was not rated: nothing was recorded for it." in result.stdout
    stats = runner.invoke(app, ["stats", "--json"]).stdout
    assert '"total_reviews": 0' in stats


def test_no_demo_and_the_demo_setting(runner: CliRunner) -> None:
    demo_text = "Empirical risk"  # Q16's demo title
    shown = runner.invoke(app, ["start", "--question", "16"], input="x\n4\n").stdout
    assert demo_text in shown
    assert shown.index(demo_text) < shown.index("Model answer") < shown.index("Score:")
    hidden = runner.invoke(app, ["start", "--question", "17", "--no-demo"], input="x\n:d\n4\n")
    assert "· :d [" in hidden.stdout  # offered
    assert hidden.stdout.count("Score: ") == 2  # :d shows the demo, then the verdict again
    assert runner.invoke(app, ["config", "demo", "after"]).exit_code == 0
    after = runner.invoke(app, ["start", "--question", "18"], input="x\n4\n").stdout
    assert after.index("Score:") < after.index("easy: back in") < after.index("bce = ")
    bad = runner.invoke(app, ["config", "demo", "sometimes"])
    assert bad.exit_code == 2 and "choose on or after or off" in bad.stderr


def test_the_counter_is_done_over_planned_and_agrees_with_the_summary(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["start", "--topic", "loss", "--limit", "2"], input="\n1\n\n4\n\n4\n"
    )
    out = result.stdout
    assert "1/2 · Q16" in out and "2/2 · Q17" in out and "repeat 1 · 2/2 done · Q16" in out
    assert "2 of 2" in out and "1 (3 reviews in all)" in out


def _use_up_new_questions(runner: CliRunner, n: int) -> None:
    assert runner.invoke(app, ["config", "new-per-day", str(n)]).exit_code == 0
    runner.invoke(app, ["start", "--topic", "loss", "--new", str(n)], input="\n4\n" * n)


def test_the_daily_cap_trim_is_announced_with_the_numbers(runner: CliRunner) -> None:
    _use_up_new_questions(runner, 3)
    assert runner.invoke(app, ["config", "new-per-day", "5"]).exit_code == 0
    result = runner.invoke(app, ["start", "--tag", "relu"], input=":q\n")
    assert "Today's 5 new questions are done: 3 more new questions wait" in result.stdout
    assert "quiz config new-per-day N" in result.stdout and "--cram" in result.stdout


def test_an_explicit_question_or_tag_with_new_passes_the_daily_cap(runner: CliRunner) -> None:
    _use_up_new_questions(runner, 2)
    capped = runner.invoke(app, ["start", "--question", "7"], input=":q\n")
    assert "Q7" in capped.stdout and "are done" not in capped.stdout
    by_tag = runner.invoke(app, ["start", "--tag", "relu", "--new", "6"], input=":q\n")
    assert "1/6 · Q2" in by_tag.stdout
    plain = runner.invoke(app, ["start", "--tag", "relu"], input=":q\n")
    assert "Today's 2 new questions are done" in plain.stdout


def test_list_due_counts_learning_steps_within_learn_ahead(runner: CliRunner) -> None:
    runner.invoke(app, ["start", "--question", "16,17"], input="\n1\n\n4\n:q\n")
    due = runner.invoke(app, ["list", "--due", "--json"])
    assert [q["id"] for q in __import__("json").loads(due.stdout)] == ["loss-definition"]


# --- what the judge uses is visible -------------------------------------------------------------


def test_show_marks_core_points_and_lists_misconceptions(runner: CliRunner) -> None:
    out = runner.invoke(app, ["show", "17", "--no-demo"]).stdout
    assert "• [core] squared differences" in out
    assert "Misconceptions the judge catches:" in out
    assert "✗ MSE is robust to outliers" in out and "MAE or Huber" in out


def test_plot_without_colour_gives_each_curve_its_own_marker(runner: CliRunner) -> None:
    out = runner.invoke(app, ["demo", "tanh", "--plot"]).stdout
    assert "• tanh(x)" in out and "+ derivative" in out
