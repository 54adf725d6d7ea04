"""The two Rich consoles every command prints through, and the one place text is made terminal-safe.

Bank text, typed answers, argument values and database content are untrusted: an ESC, a C1
control (U+009B is a one-byte CSI), BEL, backspace or a bidi override in them must never reach the
terminal as a control sequence. `safe_text` is the single function that makes any text safe; the
consoles apply it to every text segment they write (Rich's own style codes are separate segments),
and the few plain writers (`json_text`, the CSV/Anki exports, the answer echo) call it directly.

The consoles never interpret markup or emoji codes in what they print, so a `[/x]` in a bank's
tip is shown as it is; our own styled strings say so explicitly with `styled()`. `NO_COLOR` (set
and not empty) turns off every SGR code, bold and dim included, not only colours.

They are created on first use, so commands that print plain JSON (`quiz demo --json`) never pay
for importing Rich. Rich resolves `sys.stdout`/`sys.stderr` at print time, so Typer's CliRunner
captures both.
"""

from __future__ import annotations

import json
import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

# C0 controls except tab, newline and the CR of a CRLF, DEL, C1 controls, the bidi
# embedding/override/isolate characters that can make text display in another order than it is
# stored, and lone surrogates (undecodable bytes kept by `surrogateescape`; no stream can encode
# them).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]|\r(?!\n)"
)
# What json.dumps(ensure_ascii=False) leaves unescaped of the above (it escapes C0 itself).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """`text` with every control character shown escaped (`\\x1b`, `\\x9b`, `\\u202e`).

    Tab, newline and CRLF are kept; everything else a terminal would act on is made visible.
    Cheap for ordinary text (one regex search that finds nothing).
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(_escaped, text)


def json_text(data: Any, **kwargs: Any) -> str:
    """`json.dumps(data, ensure_ascii=False)` with the controls JSON leaves raw as `\\uXXXX`.

    The result is still exact JSON (the escapes decode to the same characters).
    """
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def no_color() -> bool:
    """NO_COLOR is set and not empty (https://no-color.org)."""
    return os.environ.get("NO_COLOR", "") != ""


def styled(markup: str) -> Text:
    """Our own Rich markup (a literal in the code, never user text) as a styled Text."""
    from rich.text import Text

    return Text.from_markup(markup, emoji=False)


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
