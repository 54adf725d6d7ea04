"""The loops' shared plumbing: the quit reader and how a loop's end becomes ended_by and exit code."""

from __future__ import annotations

import signal
from collections.abc import Callable
from typing import Any

import pytest

from actloss_quiz import loop
from actloss_quiz.errors import Terminated


def _raises(exc: BaseException) -> Callable[[], None]:
    def body() -> None:
        raise exc

    return body


@pytest.mark.parametrize("line", [":q", ":quit", " :Q ", ":QUIT\n"])
def test_ask_raises_quit_on_the_quit_commands(line: str) -> None:
    with pytest.raises(loop.Quit):
        loop.ask(lambda _text: line, "> ")


def test_ask_returns_any_other_line_as_typed() -> None:
    seen: list[str] = []
    assert loop.ask(lambda text: seen.append(text) or "  :qx ", "Answer> ") == "  :qx "
    assert seen == ["Answer> "]


@pytest.mark.parametrize(
    ("exc", "ending", "rendered"),
    [
        (None, loop.Ending("finished", 0), []),
        (loop.Quit(), loop.Ending("quit", 0), []),
        (EOFError(), loop.Ending("quit", 0), [""]),
        (KeyboardInterrupt(), loop.Ending("interrupted", 130), [""]),
        (Terminated(signal.SIGTERM), loop.Ending("interrupted", 143), [""]),
        (Terminated(signal.SIGHUP), loop.Ending("interrupted", 129), [""]),
    ],
)
def test_guarded_turns_each_end_into_ended_by_exit_code_and_a_blank_line(
    exc: BaseException | None, ending: loop.Ending, rendered: list[Any]
) -> None:
    out: list[Any] = []
    body = _raises(exc) if exc is not None else (lambda: None)
    assert loop.guarded(body, out.append) == ending
    assert out == rendered


def test_guarded_without_the_blank_line_after_end_of_input() -> None:
    out: list[Any] = []
    assert loop.guarded(_raises(EOFError()), out.append, blank_after_eof=False) == loop.Ending(
        "quit", 0
    )
    assert out == []
    loop.guarded(_raises(KeyboardInterrupt()), out.append, blank_after_eof=False)
    assert out == [""]  # an interruption still ends its line


def test_other_errors_pass_through_guarded() -> None:
    with pytest.raises(ValueError):
        loop.guarded(_raises(ValueError("boom")), [].append)
