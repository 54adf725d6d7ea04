"""Reading the user's typed lines: the one prompt every interactive command uses."""

from __future__ import annotations

import sys


def read_line(text: str) -> str:
    """Show `text` and read one line from stdin (EOFError at end of input).

    When stdin is not a terminal (a pipe, a test) the line is echoed, so the transcript reads
    like a session.
    """
    interactive = sys.stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401 - line editing for input()
        except ImportError:  # pragma: no cover - not on every platform
            pass
    line = input(text)
    if not interactive:
        print(line, flush=True)
    return line
