"""The plumbing every loop shares (the study session, the mock interview, the drills).

A loop talks to the outside world only through `prompt(text) -> line` (EOFError at end of input,
KeyboardInterrupt on Ctrl-C, `errors.Terminated` on SIGTERM/SIGHUP) and `render(event)`; what it
shows is plain data that `actloss_quiz.render` maps to Rich output. `guarded` runs a loop's body
and turns however it stopped into `ended_by` and the exit code, the same way for every loop.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct

from actloss_quiz.errors import EXIT_INTERRUPTED

Prompt = Callable[[str], str]
Render = Callable[[Any], None]  # receives a loop's events, "" for a blank line, and demos

QUIT_COMMANDS = (":q", ":quit")


class Quit(Exception):
    """`:q` typed at a prompt."""


def is_quit(line: str) -> bool:
    """Whether a typed line is `:q`/`:quit` (any case, surrounding space ignored)."""
    return line.strip().lower() in QUIT_COMMANDS


def ask(prompt: Prompt, text: str) -> str:
    """A line read through `prompt`, as typed; Quit when it is `:q`."""
    line = prompt(text)
    if is_quit(line):
        raise Quit
    return line


class Ending(Struct, frozen=True):
    """How a loop stopped: `ended_by` (finished, quit, interrupted) and its exit code (0; 130 on
    Ctrl-C; 128 + the signal number on SIGTERM/SIGHUP)."""

    ended_by: str
    exit_code: int


FINISHED = Ending("finished", 0)


def guarded(body: Callable[[], None], render: Render, *, blank_after_eof: bool = True) -> Ending:
    """Run a loop's body; `:q` and end of input end it as "quit" (exit 0), Ctrl-C and signals as
    "interrupted" with their own exit code. A blank line is rendered after an interruption (and
    after end of input, unless `blank_after_eof` is false), so what follows starts on a new line.
    """
    try:
        body()
    except Quit:
        return Ending("quit", 0)
    except EOFError:
        if blank_after_eof:
            render("")
        return Ending("quit", 0)
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM/SIGHUP (errors.Terminated)
        render("")
        return Ending("interrupted", interrupted_code(e))
    return FINISHED


def interrupted_code(e: KeyboardInterrupt) -> int:
    """The exit code of an interruption: the signal's own (`errors.Terminated`), else 130."""
    return int(getattr(e, "exit_code", EXIT_INTERRUPTED))
