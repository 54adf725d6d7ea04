"""`quiz --help` is drawn by `helptext.group_help`, not `typer.rich_utils` (issue 23: at least
2 x faster than flashcard-cli's help), and is Typer's output byte for byte."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
import typer.main

from actloss_quiz.cli import app
from actloss_quiz.commands import helptext

# The same help printed twice: by `group_help`, then by Typer's renderer (`group_help` switched
# off); Typer's reads its colour settings from the environment at import, hence a process each.
_PRINT = (
    "import sys\n"
    "from actloss_quiz import cli\n"
    "from actloss_quiz.commands import helptext\n"
    "if sys.argv[1] == 'typer':\n"
    "    helptext.group_help = lambda group, ctx: False\n"
    "sys.argv = ['quiz', *sys.argv[2:]]\n"
    "try:\n"
    "    cli.main()\n"
    "finally:\n"
    "    print('RICH_UTILS', 'typer.rich_utils' in sys.modules, file=sys.stderr)\n"
)


def _help(renderer: str, env: dict[str, str], args: list[str]) -> tuple[str, str]:
    proc = subprocess.run(
        [sys.executable, "-c", _PRINT, renderer, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        check=False,
    )
    return proc.stdout, proc.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"COLUMNS": "80"},
        {"COLUMNS": "120"},
        {"COLUMNS": "97", "FORCE_COLOR": "1"},
        {"COLUMNS": "150", "FORCE_COLOR": "1", "COLORTERM": "truecolor"},
        {"TERMINAL_WIDTH": "88", "NO_COLOR": "1"},
    ],
)
def test_the_group_help_is_typers_byte_for_byte(env: dict[str, str]) -> None:
    env = {"NO_COLOR": "", "FORCE_COLOR": "", "TERMINAL_WIDTH": "", "COLORTERM": "", **env}
    ours, ours_err = _help("ours", env, ["--help"])
    typers, typers_err = _help("typer", env, ["--help"])
    plain = re.sub(r"\x1b\[[0-9;]*m", "", ours)
    assert "Commands" in plain and "--no-bundled" in plain
    assert ours == typers
    assert "RICH_UTILS False" in ours_err  # drawn without Typer's renderer
    assert "RICH_UTILS True" in typers_err
    if env.get("FORCE_COLOR") == "1" and not env.get("NO_COLOR"):
        assert "\x1b[" in ours  # the colours are compared too


def test_no_arguments_prints_the_same_help() -> None:
    ours, _ = _help("ours", {"COLUMNS": "100"}, [])
    typers, _ = _help("typer", {"COLUMNS": "100"}, [])
    assert "Usage: quiz [OPTIONS] COMMAND [ARGS]..." in ours
    assert ours == typers


def test_a_group_with_a_feature_it_does_not_draw_goes_to_typer() -> None:
    group = typer.main.get_command(app)
    ctx = group.make_context("quiz", [], resilient_parsing=True)
    param = next(p for p in group.get_params(ctx) if p.name == "db")
    param.required = True
    try:
        assert helptext.group_help(group, ctx) is False  # prints nothing, Typer draws it
    finally:
        param.required = False
