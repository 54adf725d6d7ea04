"""The two Rich consoles every command prints through, and the one place text is made terminal-safe.

Bank text, typed answers, argument values and database content are untrusted: an ESC, a C1
control (U+009B is a one-byte CSI), BEL, backspace or a bidi override in them must never reach the
terminal as a control sequence. `text.safe_text` is the single function that makes any text safe;
the consoles apply it to each string and Text before it is laid out (so an escape takes its width)
and again to every text segment they write (Rich's own style codes are separate segments), and the
few plain writers (`json_text`, the CSV/Anki exports, the answer echo) call it directly.

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

__all__ = ["err", "json_text", "no_color", "out", "safe_rich_text", "safe_text"]

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text


def no_color() -> bool:
    """NO_COLOR is set and not empty (https://no-color.org)."""
    return os.environ.get("NO_COLOR", "") != ""


def safe_rich_text(text: Text) -> Text:
    """`text` (a Rich Text) with its controls escaped as `safe_text` does, its styles kept: cut
    at every style's ends, each piece escaped alone (so a style covers its escaped piece
    whole). The same Text when it holds none."""
    if safe_text(text.plain) == text.plain:
        return text
    from rich.text import Span, Text

    ends = sorted({at for span in text.spans for at in (span.start, span.end)})
    out = text.blank_copy()
    for piece in text.divide(ends):
        shown = safe_text(piece.plain)
        out.append_text(Text(shown, spans=[Span(0, len(shown), s.style) for s in piece.spans]))
    return out


def _safe_console_class() -> type[Console]:
    from rich.console import Console
    from rich.segment import Segment
    from rich.text import Text

    class SafeConsole(Console):
        """A Console whose text passes through `safe_text`: each string and Text before it is
        laid out (so a panel's border stays in line with text that held an ESC), and every
        text segment again as it is written (what no Text carried, e.g. segments made by
        hand)."""

        def render_str(self, text: str, **kwargs: Any) -> Text:
            return super().render_str(safe_text(text), **kwargs)

        def render(self, renderable: Any, options: Any = None) -> Any:
            if isinstance(renderable, Text):
                renderable = safe_rich_text(renderable)
            return super().render(renderable, options)

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
