"""Errors the core raises; only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class QuizError(Exception):
    """A failure the user can fix (exit 1): a bad bank, an unreadable file, a broken database."""

    exit_code = 1


class QuizUsageError(QuizError):
    """A bad option or argument value (exit 2)."""

    exit_code = 2


class BankError(QuizError):
    """One or more problems in question bank files, each `path:line: id: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class StoreError(QuizError):
    """The progress database cannot be used (not SQLite, corrupt, newer schema, read-only)."""


class DemoInputError(QuizUsageError):
    """A demo parameter value is invalid; the message names the parameter."""


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C (sessions close, temp files go), then
    exits with 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum
