"""The two Rich consoles every command prints through, and the one place text is made terminal-safe.

Bank text, typed answers, argument values and database content are untrusted: an ESC, a C1
control (U+009B is a one-byte CSI), BEL, backspace or a bidi override in them must never reach the
terminal as a control sequence. `text.safe_text` is the single function that makes any text safe;
the consoles apply it to every text segment they write (Rich's own style codes are separate segments),
and the few plain writers (`json_text`, the CSV/Anki exports, the answer echo) call it directly.

The consoles never interpret markup or emoji codes in what they print, so a `[/x]` in a bank's
tip is shown as it is; our own styled strings say so with `render.styles.styled()`. `NO_COLOR` (set
and not empty) turns off every SGR code, bold and dim included, not only colours.

They are created on first use, so commands that print plain JSON (`quiz demo --json`) never pay
for importing Rich. Rich resolves `sys.stdout`/`sys.stderr` at print time, so Typer's CliRunner
captures both.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from actloss_quiz.text import json_text, safe_text

__all__ = ["err", "json_text", "no_color", "out", "safe_text"]

if TYPE_CHECKING:
    from rich.console import Console


def no_color() -> bool:
    """NO_COLOR is set and not empty (https://no-color.org)."""
    return os.environ.get("NO_COLOR", "") != ""


def _safe_console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Console whose text segments pass through `safe_text` before they are written."""

        def _render_buffer(self, buffer: Any) -> str:
            return super()._render_buffer(
                seg if seg.control else Segment(safe_text(seg.text), seg.style, None)
                for seg in buffer
            )

    return SafeConsole


class _LazyConsole:
    """Stands in for a `rich.console.Console` until an attribute is first used."""

    def __init__(self, *, stderr: bool) -> None:
        self._stderr = stderr
        self._console: Console | None = None

    def _get(self) -> Console:
        if self._console is None:
            plain = no_color()
            self._console = _safe_console_class()(
                stderr=self._stderr,
                highlight=False,
                markup=False,
                emoji=False,
                no_color=plain or None,
                color_system=None if plain else "auto",
            )
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self._get(), name)


out: Console = _LazyConsole(stderr=False)  # type: ignore[assignment]
err: Console = _LazyConsole(stderr=True)  # type: ignore[assignment]
