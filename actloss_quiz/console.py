"""The two Rich consoles every command prints through: results to stdout, messages to stderr.

They are created on first use, so commands that print plain JSON (`quiz demo --json`) never pay
for importing Rich. Rich resolves `sys.stdout`/`sys.stderr` at print time, so Typer's CliRunner
captures both, and it drops colour by itself for NO_COLOR and for output that is not a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console


class _LazyConsole:
    """Stands in for a `rich.console.Console` until an attribute is first used."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def _get(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)


out: Console = _LazyConsole(stderr=False)  # type: ignore[assignment]
err: Console = _LazyConsole(stderr=True)  # type: ignore[assignment]
