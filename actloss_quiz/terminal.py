"""Reading the user's typed lines: the one prompt every interactive command uses.

Typed input is untrusted: bytes that are not UTF-8 are kept as U+FFFD (so what was typed can
always be stored), a piped line is read only up to READ_LIMIT characters, and the echo of a piped
line is terminal-safe.
"""

from __future__ import annotations

import sys
from typing import Any

from actloss_quiz.text import safe_text

READ_LIMIT = 100_000
_CHUNK = 65_536


def typed_text(line: str) -> str:
    """A typed line as storable text: undecodable bytes (kept by `surrogateescape`) become U+FFFD."""
    return line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _tolerant_stdin() -> Any:
    """stdin, set to keep undecodable bytes (surrogateescape); None when there is none."""
    stdin = sys.stdin
    if stdin is None or stdin.closed:
        return None
    if getattr(stdin, "errors", None) == "strict":  # keep undecodable bytes, never fail on them
        try:
            stdin.reconfigure(errors="surrogateescape")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):  # pragma: no cover - an unusual stream
            pass
    return stdin


def read_text(limit: int = READ_LIMIT) -> str:
    """All of stdin as storable text, at most `limit` characters (the rest is not read)."""
    stdin = _tolerant_stdin()
    if stdin is None:
        return ""
    return typed_text(stdin.read(limit))


def read_line(text: str) -> str:
    """Show `text` and read one line from stdin (EOFError at end of input or with no stdin).

    When stdin is not a terminal (a pipe, a test) at most READ_LIMIT characters of the line are
    kept and the line is echoed, terminal-safe, so the transcript reads like a session. Bytes that
    are not UTF-8 come back as U+FFFD, so what was typed can always be stored.
    """
    stdin: Any = _tolerant_stdin()
    if stdin is None:
        raise EOFError
    interactive = stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401 - line editing for input()
        except ImportError:  # pragma: no cover - not on every platform
            pass
        return typed_text(input(text))
    if sys.stdout is not None:
        sys.stdout.write(text)
        sys.stdout.flush()
    line = stdin.readline(READ_LIMIT)
    if not line:
        raise EOFError
    if line.endswith("\n"):
        line = line[:-1]
    else:
        rest = stdin.readline(_CHUNK)
        while rest and not rest.endswith("\n"):
            rest = stdin.readline(_CHUNK)
    line = typed_text(line.removesuffix("\r"))
    print(safe_text(line), flush=True)
    return line
