"""`quiz` in a pseudo-terminal, for the tests where the terminal matters.

Two rules keep these tests deterministic under load (`-n 2` on a busy machine):

- The output is decoded as one stream. GNU readline writes its prompt one byte per write(), so
  a reader that keeps up sees the three bytes of '…' in three reads; decoding each read on its
  own turned them into three U+FFFD and `expect("… ")` waited forever.
- The child starts with SIGINT handled, however the test runner was started.
- The child is always reaped: `terminals` (the fixture in conftest.py) kills what is still
  running and waits for it when the test ends, however it ends, so a failed test cannot leave a
  process behind to fail the next one with "subprocess N is still running".
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pty_only = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")
RATING_PROMPT_END = "] > "


def screen(raw: str, columns: int = 80, rows: int = 24) -> list[str]:
    """What a terminal of `columns` x `rows` shows after `raw`: escapes dropped, long lines
    wrapped, the last `rows` lines (enough for output that only scrolls)."""
    lines: list[str] = []
    for line in ANSI.sub("", raw).replace("\r\n", "\n").split("\n"):
        line = line.rsplit("\r", 1)[-1]
        while len(line) > columns:
            lines.append(line[:columns])
            line = line[columns:]
        lines.append(line)
    return lines[-rows:]


@contextlib.contextmanager
def _sigint_not_ignored() -> Iterator[None]:
    """A test runner started in the background (`cmd &`, nohup) ignores SIGINT, and a child
    inherits an ignored signal: Ctrl-C would do nothing to it. The child is started with
    SIGINT handled, as from a terminal (a handled signal is reset to the default at exec)."""
    try:
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    except ValueError:  # not the main thread: leave it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class Pty:
    """`quiz ARGS` in a pseudo-terminal of the given size; read until a text shows up."""

    def __init__(self, args: list[str], db: Path, columns: int = 80, rows: int = 24) -> None:
        import fcntl
        import struct
        import termios

        self.master, slave = os.openpty()
        try:
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
            env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
            env |= {"ACTLOSS_QUIZ_DB": str(db), "TERM": "xterm", "NO_COLOR": "1"}
            with _sigint_not_ignored():
                self.proc = subprocess.Popen(
                    [sys.executable, "-m", "actloss_quiz", *args],
                    stdin=slave,
                    stdout=slave,
                    stderr=slave,
                    env=env,
                    start_new_session=True,
                )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self.out = ""

    def expect(self, text: str, timeout: float = 30.0) -> str:
        """Read until `text` has shown (AssertionError with what did show, after `timeout`
        seconds or at the end of the output); returns everything read so far."""
        import select

        deadline = time.monotonic() + timeout
        while text not in self.out:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{text!r} never showed; got:\n{self.out[-2000:]}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    chunk = b""
                self.out += self._decoder.decode(chunk, final=not chunk)
                if not chunk:
                    raise AssertionError(f"ended before {text!r}; got:\n{self.out[-2000:]}")
        return self.out

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self, timeout: float = 30.0) -> int:
        """Wait for the program to end by itself; its exit code."""
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            self.reap()

    def reap(self) -> None:
        """Kill the program (its whole session) if it still runs, wait for it, close the
        terminal; safe to call more than once."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:  # ended just now
                pass
            self.proc.wait(timeout=30)
        if self.master >= 0:
            os.close(self.master)
            self.master = -1
