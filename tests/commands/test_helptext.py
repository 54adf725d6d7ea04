"""Help texts reflow to the terminal: a paragraph of a command's help is one line in its
docstring, since Typer's rich mode keeps a docstring's line breaks (a wrapped paragraph leaves a
short ragged line at every width)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app

RUNNER = CliRunner()


def _commands() -> list[str]:
    out = RUNNER.invoke(app, ["--help"], env={"COLUMNS": "200", "NO_COLOR": "1"}).output
    return re.findall(r"^│ ([a-z][a-z-]+)\s", out, flags=re.M)


def test_the_command_list_is_read() -> None:
    assert {"start", "grade", "interview", "backup"} <= set(_commands())


@pytest.mark.parametrize("command", _commands())
def test_each_paragraph_of_a_commands_help_is_one_line_when_wide(command: str) -> None:
    out = RUNNER.invoke(app, [command, "--help"], env={"COLUMNS": "2000", "NO_COLOR": "1"}).output
    description = out.split("╭")[0].splitlines()[3:]  # after the usage line
    lines = [line.strip() for line in description]
    for before, line in zip(lines, lines[1:], strict=False):
        assert not (before and line), f"{command}: a paragraph broken after {before!r}"
