"""One style for every usage error, whether Typer/Click or the quiz raised it.

    Error: --limit: 'abc' is not a valid integer.
    Try 'quiz start --help' for help.

Plain lines on stderr (no Rich panel, so nothing to import), `Error:` in red only when stderr is a
terminal and NO_COLOR is unset; an unknown option gets a "did you mean".
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from typing import TextIO

from actloss_quiz.typer_errors import NoSuchOption, UsageError


def use_colour(stream: TextIO) -> bool:
    """Colour only for a terminal, and never with NO_COLOR set (https://no-color.org)."""
    if os.environ.get("NO_COLOR", "") != "" or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def help_hint(command_path: str | None) -> str:
    """`Try 'quiz start --help' for help.` (with the program's name as the user typed it)."""
    from actloss_quiz.vocab import program

    return f"Try '{command_path or program()} --help' for help."


def print_error(message: str, *, hint: str | None = None, stream: TextIO | None = None) -> None:
    """`Error: message` (then the hint line) on stderr."""
    from actloss_quiz.text import safe_text

    stream = stream or sys.stderr
    label = "\x1b[31mError:\x1b[0m" if use_colour(stream) else "Error:"
    stream.write(f"{label} {safe_text(message)}\n")  # messages quote untrusted input
    if hint:
        stream.write(f"{safe_text(hint)}\n")
    stream.flush()


def _option_names(ctx: Any) -> list[str]:
    names: list[str] = []
    for param in getattr(ctx.command, "params", []) if ctx is not None else []:
        if getattr(param, "param_type_name", "") == "option":
            names.extend(param.opts)
            names.extend(param.secondary_opts)
    return names


def usage_message(e: Any) -> str:
    """The message of a Click exception, with a "did you mean" for an unknown option."""
    if isinstance(e, NoSuchOption):
        import difflib

        close = list(e.possibilities or []) or difflib.get_close_matches(
            e.option_name, _option_names(e.ctx), n=3, cutoff=0.6
        )
        if close:
            quoted = " or ".join(f"'{c}'" for c in sorted(close))
            return f"{e.message} (did you mean {quoted}?)"
        return str(e.message)
    return str(e.format_message())


def show_click_error(e: Any) -> None:
    """Print a Click/Typer exception in the quiz's style (the caller exits with `e.exit_code`)."""
    if isinstance(e, UsageError):
        ctx = e.ctx
        print_error(usage_message(e), hint=help_hint(ctx.command_path if ctx else None))
    else:
        print_error(str(e.format_message()))
