"""Typer's errors through its public names only (never the private `typer._click`).

Typer 0.26 vendored Click as `typer._click`, a private package ("should not be used by external
applications"), and dropped its dependency on Click; the `click` package, where something else
installed it, has classes of its own, so `except click.UsageError` catches nothing Typer raises.
Typer 0.27.2 made `typer.TyperException` the public base of every error its Click raises, which
is what the quiz catches. Usage errors and unknown options have no public class: they are
recognised by the attributes the quiz reads from them (those of Click's `UsageError` and
`NoSuchOption`), as structural types that `isinstance` checks.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from typer import TyperException

ClickException = TyperException
"""Every error Typer's argument parsing raises: `message`, `exit_code`, `format_message()`."""


@runtime_checkable
class UsageError(Protocol):
    """A usage error (exit 2) and the command context it happened in, for the help hint."""

    ctx: Any
    cmd: Any
    exit_code: int

    def format_message(self) -> str: ...


@runtime_checkable
class NoSuchOption(Protocol):
    """An unknown option: its name and Click's own close matches (may be empty)."""

    ctx: Any
    message: str
    option_name: str
    possibilities: Any

    def format_message(self) -> str: ...
