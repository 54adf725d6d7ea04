"""Errors the core raises and the exit codes they map to; only the CLI turns them into messages."""

from __future__ import annotations

EXIT_USER = 1  # an expected failure the user can fix
EXIT_USAGE = 2  # a bad option or argument (Click uses 2 for its own usage errors too)
EXIT_INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT (128 + 2)


class QuizError(Exception):
    """A failure the user can fix (exit 1): a bad bank, an unreadable file, a broken database."""

    exit_code = EXIT_USER


class QuizUsageError(QuizError):
    """A bad option or argument value (exit 2). `help_command` names the help to point to
    (`quiz demo mse`) when it is more precise than the command's own."""

    exit_code = EXIT_USAGE
    help_command: str | None = None


class BankError(QuizError):
    """One or more problems in question bank files, each `path:line: id: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class StoreError(QuizError):
    """The progress database cannot be used (not SQLite, corrupt, newer schema, read-only)."""


class DemoInputError(QuizUsageError):
    """A demo parameter value is invalid; the message names the parameter."""


class Interrupted(QuizError):
    """Ctrl-C, with what was kept (exit 130); printed as it is, without `Error:`."""

    exit_code = EXIT_INTERRUPTED


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP arrived: unwinds like Ctrl-C (sessions close, temp files go), then
    exits with 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.exit_code = 128 + signum
