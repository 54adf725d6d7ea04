"""Help that fits the terminal: never a cut option name or word.

Typer's boxed Rich help lays its options out as a table, and below 80 columns the table cannot
hold `--install-completion` beside `ACTLOSS_QUIZ_QUESTIONS`: Rich cuts both (`--install-completi…`).
Below RICH_HELP_MIN columns every command's help is Click's plain layout instead, which wraps
every column (a long option name goes on a line of its own) and lists each command with its whole
first paragraph (Click would shorten it with `...`). `quiz demo NAME --help` is wrapped too
(`wrap_help`).
"""

from __future__ import annotations

import inspect
import re
import shutil
import textwrap
from typing import Any

from typer.core import TyperCommand, TyperGroup

RICH_HELP_MIN = 80  # columns: the boxed Rich help from here, plain help below


def terminal_columns() -> int:
    """The terminal's width as Click and Rich read it (COLUMNS first)."""
    return shutil.get_terminal_size((80, 24)).columns


def plain_help() -> bool:
    """Whether the help is Click's plain layout (a terminal narrower than RICH_HELP_MIN)."""
    return terminal_columns() < RICH_HELP_MIN


def _plain(command: Any, ctx: Any, formatter: Any, format_help: Any) -> None:
    """`format_help` with Typer's Rich help switched off for this one call, at most as wide as
    the terminal (Click never goes below 50 columns, and its test runner forces 80)."""
    formatter.width = min(formatter.width, max(terminal_columns() - 2, 30))
    mode = command.rich_markup_mode
    command.rich_markup_mode = None
    try:
        format_help(ctx, formatter)
    finally:
        command.rich_markup_mode = mode


class FittedHelpCommand(TyperCommand):
    """A command whose help is plain below RICH_HELP_MIN columns (see the module docstring)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        if plain_help():
            _plain(self, ctx, formatter, super().format_help)
        else:
            super().format_help(ctx, formatter)


class FittedHelpGroup(TyperGroup):
    """A group whose help is plain below RICH_HELP_MIN columns, each command with its whole
    first paragraph (see the module docstring)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        if plain_help():
            _plain(self, ctx, formatter, super().format_help)
        else:
            super().format_help(ctx, formatter)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            text = command.short_help or inspect.cleandoc(command.help or "")
            rows.append((name, " ".join(text.partition("\n\n")[0].split())))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def wrap_help(text: str, width: int | None = None) -> str:
    """Plain help text wrapped to the terminal (at most `width` columns), each wrapped line
    indented like the text after its line's leading marks; words are never broken."""
    width = max(40, (width or terminal_columns()) - 1)
    lines: list[str] = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        body = line.lstrip()
        lead = len(line) - len(body)
        # a parameter line (` *--x  meaning`) continues under its meaning, other text under itself
        term = re.match(r"\S+ {2,}", body)  # ` *--x  meaning`: a term, then its meaning
        if body.startswith("Usage: "):
            indent = lead + len("Usage: ")
        elif term and lead + term.end() < width // 2:
            indent = lead + term.end()
        else:
            indent = lead
        lines.extend(
            textwrap.wrap(
                line,
                width,
                subsequent_indent=" " * indent,
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)
