"""One error style for every usage error, whether Typer/Click or the quiz raised it."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app
from actloss_quiz.commands import usage

BOX = set("╭╮╰╯│─┌┐└┘")


@pytest.mark.parametrize(
    ("args", "message", "command"),
    [
        (  # a value of the wrong type
            ["start", "--limit", "abc"],
            "Error: Invalid value for '--limit' / '-n': abc is not allowed; give a whole number",
            "quiz start",
        ),
        (  # an unknown option, with the closest one suggested
            ["start", "--lmit", "3"],
            "Error: No such option: --lmit (did you mean '--limit'?)",
            "quiz start",
        ),
        (  # a close option that Click itself would not suggest (a flag)
            ["start", "--cramm"],
            "Error: No such option: --cramm (did you mean '--cram'?)",
            "quiz start",
        ),
        (["list", "--bogus"], "Error: No such option: --bogus", "quiz list"),
        (["show"], "Error: Missing argument 'ID_OR_NUMBER'.", "quiz show"),
        (  # an option missing its value (Click raises this one without a context)
            ["list", "--topic"],
            "Error: Option '--topic' requires an argument.",
            "quiz list",
        ),
        (
            ["export", "out.csv", "--what", "nope"],
            "Error: Invalid value for '--what' / '-w': 'nope' is not one of 'reviews', "
            "'questions', 'sessions', 'drills', 'interviews', 'anki'.",
            "quiz export",
        ),
        (
            ["drill", "--seed", "-1"],
            "Error: Invalid value for '--seed': -1 is not allowed; give a whole number from 0 to "
            "9,223,372,036,854,775,807",
            "quiz drill",
        ),
        (["strat"], "Error: No such command 'strat'. Did you mean", "quiz"),
        (["--db"], "Error: Option '--db' requires an argument.", "quiz"),
        (
            ["list", "--json", "extra"],
            "Error: Got unexpected extra argument(s) (extra)",
            "quiz list",
        ),
        # the quiz's own usage errors look the same
        (["show", "999"], "Error: no question number 999 (numbers: 1-30)", "quiz show"),
        (
            ["start", "--limit", "0"],
            "Error: Invalid value for '--limit' / '-n': 0 is not allowed; give a whole number "
            "from 1 to 50,000",
            "quiz start",
        ),
    ],
)
def test_usage_errors_share_one_style(
    runner: CliRunner, args: list[str], message: str, command: str
) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert lines[0].startswith(message), result.stderr
    assert lines[-1] == f"Try '{command} --help' for help."
    assert len(lines) == 2
    assert result.stdout == ""
    assert not BOX & set(result.stderr)  # no Rich panel
    assert "\x1b[" not in result.stderr


def test_error_is_red_only_on_a_terminal_without_no_color(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    tty = Tty()
    usage.print_error("bad", hint="Try 'quiz --help' for help.", stream=tty)
    assert tty.getvalue() == "\x1b[31mError:\x1b[0m bad\nTry 'quiz --help' for help.\n"

    pipe = io.StringIO()  # not a terminal
    usage.print_error("bad", stream=pipe)
    assert pipe.getvalue() == "Error: bad\n"

    monkeypatch.setenv("NO_COLOR", "1")
    tty = Tty()
    usage.print_error("bad", stream=tty)
    assert tty.getvalue() == "Error: bad\n"


def test_a_real_process_prints_the_plain_style() -> None:
    env = {**os.environ, "NO_COLOR": "", "COLUMNS": "80"}
    proc = subprocess.run(
        [sys.executable, "-m", "actloss_quiz", "start", "--limit", "abc"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "Error: Invalid value for '--limit' / '-n': abc is not allowed; give a whole number "
        "from 1 to 50,000\n"
        "Try 'quiz start --help' for help.\n"
    )
