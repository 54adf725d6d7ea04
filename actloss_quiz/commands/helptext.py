"""Help that fits the terminal: never a cut option name or word.

Typer's boxed Rich help lays its options out as a table, and below 80 columns the table cannot
hold `--install-completion` beside `ACTLOSS_QUIZ_QUESTIONS`: Rich cuts both (`--install-completi…`).
Below RICH_HELP_MIN columns every command's help is Click's plain layout instead, which wraps
every column (a long option name goes on a line of its own) and lists each command with its whole
first paragraph (Click would shorten it with `...`). `quiz demo NAME --help` is wrapped too
(`wrap_help`).

From RICH_HELP_MIN columns up, the group's own help (`quiz --help`, `quiz`) is drawn by
`group_help`: Typer's boxed layout built from Rich's parts alone, because `typer.rich_utils`
imports Markdown (markdown-it), Syntax and Traceback renderers that this help never shows, about
a third of the command's time (issue 23: `quiz --help` at least 2 x faster than flashcard-cli's).
Its output is Typer's, byte for byte (tests/test_help_fast.py compares the two at several widths
and colour settings); a group using a feature it does not draw gets Typer's own renderer.
"""

from __future__ import annotations

import inspect
import os
import re
import textwrap
from typing import Any

from typer.core import TyperCommand, TyperGroup

RICH_HELP_MIN = 80  # columns: the boxed Rich help from here, plain help below


def terminal_columns() -> int:
    """The help's width as Typer's Rich console reads it: TERMINAL_WIDTH, else COLUMNS, else the
    first of stdin, stdout and stderr that is a terminal (stdout and stderr on Windows), else 80.
    Piped (`quiz --help | head`), stdout is no terminal but stderr still is, and the boxed help
    is drawn that wide: the plain layout must be chosen by the same width."""
    for name in ("TERMINAL_WIDTH", "COLUMNS"):
        value = os.environ.get(name, "")
        if value.isdigit() and int(value) > 0:
            return int(value)
    for fd in (1, 2) if os.name == "nt" else (0, 1, 2):
        try:
            columns = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        if columns > 0:
            return columns
    return 80


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
    first paragraph, and drawn by `group_help` above (see the module docstring)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        if plain_help():
            _plain(self, ctx, formatter, super().format_help)
        elif not group_help(self, ctx):
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


# Typer's help styles (typer/rich_utils.py), which `group_help` draws with.
_THEME = {
    "option": "bold cyan",
    "switch": "bold green",
    "negative_option": "bold magenta",
    "negative_switch": "bold red",
    "types": "bold yellow",
    "types_sep": "dim",
    "usage": "yellow",
}
_OPTION_PATTERNS = [
    r"(^|\W)(?P<switch>\-\w+)(?![a-zA-Z0-9])",
    r"(^|\W)(?P<option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
    r"(?P<types>\<[^\>]+\>)",
    r"(?P<usage>Usage: )",
]
_NEGATIVE_PATTERNS = [
    r"(^|\W)(?P<negative_switch>\-\w+)(?![a-zA-Z0-9])",
    r"(^|\W)(?P<negative_option>\-\-[\w\-]+)(?![a-zA-Z0-9])",
]
_TYPES_PATTERNS = [
    r"^(?P<types_sep>(\[|<))",
    r"(?P<types_sep>\|)",
    r"(?P<types_sep>(\]|>))(\.\.\.)?$",
]


def _drawable(group: TyperGroup, ctx: Any, params: list[Any]) -> bool:
    """Whether `group_help` draws everything this group's help holds: options only (no
    arguments, required options, ranges, shown environment variables or help panels), plain
    Rich-markup text, no deprecation, no epilogue. Anything else goes to Typer's renderer."""
    from typer.core import TyperOption

    if group.rich_markup_mode != "rich" or group.deprecated or group.epilog:
        return False
    if "\x1b[" in (group.help or "") or "\b" in (group.help or ""):
        return False
    for param in params:
        if not isinstance(param, TyperOption) or param.required or param.secondary_opts:
            return False
        envvar = param.envvar or (param.allow_from_autoenv and ctx.auto_envvar_prefix)
        if getattr(param, "rich_help_panel", None) or (envvar and param.show_envvar):
            return False
        if hasattr(param.type, "_describe_range") or "\x1b[" in (param.help or ""):
            return False
    return True


def group_help(group: TyperGroup, ctx: Any) -> bool:
    """Print the group's boxed help as Typer's `rich_format_help` does; False (nothing
    printed) where the group uses a feature this does not draw."""
    params: list[Any] = [p for p in group.get_params(ctx) if not getattr(p, "hidden", False)]
    if not _drawable(group, ctx, params):
        return False
    found: list[Any] = [group.get_command(ctx, name) for name in group.list_commands(ctx)]
    commands = [c for c in found if c is not None and not c.hidden]
    if any(
        c.deprecated or getattr(c, "rich_help_panel", None) or "\x1b[" in (c.help or "")
        for c in commands
    ):
        return False

    from rich.align import Align
    from rich.columns import Columns
    from rich.console import Console, Group
    from rich.highlighter import RegexHighlighter
    from rich.padding import Padding
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text
    from rich.theme import Theme

    class Options(RegexHighlighter):
        highlights = _OPTION_PATTERNS

    class Negative(RegexHighlighter):
        highlights = _NEGATIVE_PATTERNS

    class Types(RegexHighlighter):
        highlights = _TYPES_PATTERNS

    options, negative, types = Options(), Negative(), Types()

    def markup(text: str, style: str = "") -> Text:
        return options(Text.from_markup(inspect.cleandoc(text), style=style))

    force = bool(os.getenv("GITHUB_ACTIONS") or os.getenv("FORCE_COLOR") or os.getenv("PY_COLORS"))
    width = os.getenv("TERMINAL_WIDTH")
    console = Console(
        theme=Theme(_THEME),
        highlighter=options,
        color_system="auto",
        force_terminal=False if os.getenv("_TYPER_FORCE_DISABLE_TERMINAL") else force or None,
        width=int(width) if width else None,
    )
    console.print(Padding(options(group.get_usage(ctx)), 1), style="bold")

    if group.help:
        text = inspect.cleandoc(group.help).partition("\f")[0]
        first, *rest = text.split("\n\n")
        parts = [markup(first.replace("\n", " ").strip())]
        if rest:
            parts += [Text(""), markup("\n\n".join(rest), style="dim")]
        console.print(Padding(Align(Group(*parts), pad=False), (0, 1, 1, 1)))

    def table(**kwargs: Any) -> Any:
        return Table(
            show_header=False,
            expand=True,
            box=None,
            show_lines=False,
            leading=0,
            border_style=None,
            row_styles=None,
            pad_edge=False,
            padding=(0, 1),
            **kwargs,
        )

    if params:
        rows = table(highlight=True)
        for param in params:
            metavar = param.make_metavar(ctx=ctx)
            kind = Text(style="bold yellow", overflow="fold")
            if metavar and "bool" not in metavar.lower():
                kind.append(metavar)
            items: list[Any] = []
            if param.help:
                paragraphs = [
                    x.replace("\n", " ").strip()
                    if not x.startswith("\b")
                    else x.strip("\b\n") + "\n"
                    for x in param.help.split("\n\n")
                ]
                items.append(markup("\n".join(paragraphs).strip()))
            default_value = param._extract_default_help_str(ctx=ctx)
            default_is_str = isinstance(param.show_default, str)
            if default_is_str or (
                default_value is not None and (param.show_default or ctx.show_default)
            ):
                shown = param._get_default_string(
                    ctx=ctx, show_default_is_str=default_is_str, default_value=default_value
                )
                if shown:
                    items.append(Text(f"[default: {shown}]", style="dim"))
            rows.add_row(
                options(",".join(o for o in param.opts if "--" in o)),
                options(",".join(o for o in param.opts if "--" not in o)),
                negative(""),
                negative(""),
                types(kind),
                Columns(items),
            )
        console.print(Panel(rows, border_style="dim", title="Options", title_align="left"))

    if commands:
        listing = table(highlight=False)
        listing.add_column(
            style="bold cyan", no_wrap=True, width=max(len(c.name or "") for c in commands)
        )
        listing.add_column("Description", justify="left", no_wrap=False, ratio=10)
        for command in commands:
            paragraphs = inspect.cleandoc(command.short_help or command.help or "").split("\n\n")
            if paragraphs[0].startswith("\b"):
                paragraphs[0] = paragraphs[0].replace("\b\n", "")
            listing.add_row(Text(command.name or ""), markup(paragraphs[0].strip()))
        console.print(Panel(listing, border_style="dim", title="Commands", title_align="left"))
    return True
