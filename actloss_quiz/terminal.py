"""Reading the user's typed lines: the one prompt every interactive command uses.

Typed input is untrusted: bytes that are not UTF-8 are kept as U+FFFD (so what was typed can
always be stored), a piped line is read only up to READ_LIMIT characters, and the echo of a piped
line is terminal-safe.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from actloss_quiz.text import safe_text

READ_LIMIT = 100_000
_CHUNK = 65_536
_BLOCK = 65_536  # bytes of piped input read at a time
# A line that ends a multi-line answer: blank, or :q / :quit (any case), space around it.
_STOP_LINE = re.compile(r"^[^\S\n]*(?::[qQ](?:[uU][iI][tT])?)?[^\S\n]*$", re.MULTILINE)
# The start of a line that may still become one (a long line of spaces, "  :qu").
_STOP_START = re.compile(r"[^\S\n]*(?::(?:[qQ](?:[uU](?:[iI][tT]?)?)?)?)?[^\S\n]*")


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


class _Piped:
    """Piped stdin as lines, read from its byte buffer a block at a time.

    `read1` returns what has arrived and never waits for a whole block, so a program that
    writes one answer and waits for the reply is never stalled; what is read past the line
    asked for is kept for the next read. The text layer's readline costs about 5 us a line:
    skipping a 40 MB answer line by line took minutes, `skip` discards it a block at a time.
    """

    def __init__(self, stdin: Any) -> None:
        self.stdin = stdin
        self.raw = stdin.buffer
        self.encoding = stdin.encoding or "utf-8"
        self.data = b""
        self.pos = 0  # self.data[:pos] is consumed
        self.eof = False

    def _more(self) -> bool:
        """Read what has arrived (at most one block); False at the end of input."""
        if self.eof:
            return False
        block = self.raw.read1(_BLOCK)
        if not block:
            self.eof = True
            return False
        self.data = self.data[self.pos :] + block
        self.pos = 0
        return True

    def _text(self, data: bytes) -> str:
        return data.decode(self.encoding, "surrogateescape")

    def line(self, limit: int) -> str | None:
        """The next line without its newline, cut to `limit` characters (the rest of it is
        read and dropped, never kept); None at the end of input."""
        cap = 4 * limit + 4  # bytes enough for `limit` characters
        head: str | None = None  # the kept start of a line longer than `cap` bytes
        while True:
            nl = self.data.find(b"\n", self.pos)
            if nl >= 0:
                text = head if head is not None else self._text(self.data[self.pos : nl])
                self.pos = nl + 1
                return text[:limit]
            if head is None and len(self.data) - self.pos > cap:
                head = self._text(self.data[self.pos : self.pos + cap])[:limit]
            if head is not None:
                self.pos = len(self.data)
            if not self._more():
                rest = self._text(self.data[self.pos :])
                self.pos = len(self.data)
                if head is not None:
                    return head
                return rest[:limit] if rest else None

    def skip(self) -> tuple[int, str | None]:
        """Read and discard lines up to the next blank or :q/:quit line, a block at a time:
        (the characters discarded, newlines included; that line, or None at the end of
        input). Nothing past that line is consumed."""
        chars = 0
        dead = False  # inside a line that can no longer end the answer
        squeezed = 0  # characters counted from a long blank line kept short (the current one)
        while True:
            if dead:
                nl = self.data.find(b"\n", self.pos)
                if nl < 0:
                    chars += len(self._text(self.data[self.pos :]))
                    self.pos = len(self.data)
                    if not self._more():
                        return chars, None
                    continue
                chars += len(self._text(self.data[self.pos : nl])) + 1
                self.pos, dead = nl + 1, False
            end = self.data.rfind(b"\n", self.pos)
            if end >= 0:  # whole lines: find the first that ends the answer
                text = self._text(self.data[self.pos : end])
                stop = _STOP_LINE.search(text)
                if stop is not None:
                    stop_end = text.find("\n", stop.start())
                    stop_end = len(text) if stop_end < 0 else stop_end
                    chars += stop.start() - (squeezed if stop.start() == 0 else 0)
                    self.pos += len(text[:stop_end].encode(self.encoding, "surrogateescape")) + 1
                    return chars, text[stop.start() : stop_end]
                chars += len(text) + 1
                self.pos, squeezed = end + 1, 0
            if len(self.data) - self.pos > _BLOCK:  # a long unfinished line
                partial = self._text(self.data[self.pos :])
                if not _STOP_START.fullmatch(partial):
                    dead = True
                    continue
                short = (" " if partial[:1].isspace() else "") + partial.strip()
                short += " " if partial[-1:].isspace() else ""
                chars += len(partial) - len(short)
                squeezed += len(partial) - len(short)
                self.data, self.pos = short.encode(self.encoding, "surrogateescape"), 0
            if not self._more():
                rest = self._text(self.data[self.pos :])
                self.pos = len(self.data)
                if rest and _STOP_LINE.fullmatch(rest):
                    return chars - squeezed, rest
                return chars + len(rest), None


_piped: _Piped | None = None


def _piped_reader(stdin: Any) -> _Piped | None:
    """The block reader of this piped stdin (one per stream, so no read-ahead is lost), or None
    when its bytes cannot be split at b"\n" (no byte buffer, UTF-16/32, Windows newlines)."""
    global _piped
    if _piped is not None and _piped.stdin is stdin:
        return _piped
    if os.name == "nt" or not hasattr(getattr(stdin, "buffer", None), "read1"):
        return None
    encoding = str(getattr(stdin, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding.startswith(("utf-16", "utf-32", "utf16", "utf32")):
        return None
    _piped = _Piped(stdin)
    return _piped


def skip_lines(text: str) -> tuple[int, str | None] | None:
    """Piped stdin: read and discard the lines of an answer past its limit, up to the next
    blank or :q/:quit line, a block at a time (40 MB in well under a second instead of
    minutes), and echo that line after `text` as `read_line` would. Returns (characters
    discarded, that line; None at the end of input), or None on a terminal (read line by
    line there)."""
    stdin: Any = _tolerant_stdin()
    if stdin is None or stdin.isatty():
        return None
    reader = _piped_reader(stdin)
    if reader is None:
        return None
    chars, stop = reader.skip()
    if stop is not None:
        stop = typed_text(stop)
        if sys.stdout is not None:
            sys.stdout.write(text)
        print(safe_text(stop), flush=True)
    return chars, stop


def typing_at_terminal() -> bool:
    """Whether stdin is a terminal (someone typing), not a pipe or a file."""
    stdin = _tolerant_stdin()
    try:
        return stdin is not None and bool(stdin.isatty())
    except (OSError, ValueError):  # pragma: no cover - a closed or unusual stream
        return False


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
    reader = _piped_reader(stdin)
    if reader is not None:
        got = reader.line(READ_LIMIT)
        if got is None:
            raise EOFError
        line = got
    else:
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


# --- the study session's typing on a terminal (`quiz start`) ----------------------------------
# Piped input keeps the one-line protocol exactly (one line per answer, then the rating line):
# these functions only differ from `read_line` when stdin is a terminal.

PASTE_GAP = 0.05  # seconds: lines that arrive closer together than this are one paste
MORE_PROMPT = "… "  # the continuation prompt of an answer that spans several lines
CONTINUE = "\\"  # a typed line ending in a backslash continues on the next line
MAX_ANSWER_LINES = 200
PASTE_NOTE = "That arrived as part of a paste, so it was not taken as a rating; type it again."


def _pending(stdin: Any, timeout: float) -> bool:
    """Whether more typed input is waiting (or arrives within `timeout` seconds)."""
    import select

    try:
        ready, _, _ = select.select([stdin], [], [], timeout)
    except (OSError, ValueError):  # pragma: no cover - not a selectable stream
        return False
    return bool(ready)


def flush_typeahead(stdin: Any) -> None:
    """Discard what was typed ahead (before a prompt it must not answer); terminals only."""
    try:
        import termios

        termios.tcflush(stdin.fileno(), termios.TCIFLUSH)
    except (ImportError, OSError, ValueError):  # pragma: no cover - not a terminal here
        pass


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns


def fit_prompt(text: str, width: int, separator: str = " · ") -> list[str]:
    """A prompt as lines of at most `width` columns, broken only at `separator` (then at
    spaces, never inside a word): the rating prompt never wraps mid-word."""
    import textwrap

    if len(text) <= width:
        return [text]
    pieces = text.split(separator)
    lines: list[str] = []
    line = ""
    for i, piece in enumerate(pieces):
        part = piece if i == len(pieces) - 1 else piece + separator.rstrip()
        candidate = f"{line} {part}" if line else part
        if len(candidate) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = part
    lines.append(line)
    fitted: list[str] = []
    for line in lines:  # a single piece wider than the screen: break it at spaces
        wrapped = textwrap.wrap(
            line, width, break_long_words=False, break_on_hyphens=False, drop_whitespace=False
        )
        fitted.extend(wrapped or [line])
    fitted[-1] = fitted[-1].rstrip() + " "  # the cursor follows the last line
    return [f.rstrip() for f in fitted[:-1]] + [fitted[-1]]


def _input(text: str) -> str:
    """`input` with line editing, the prompt fitted to the terminal's width."""
    try:
        import readline  # noqa: F401 - line editing for input()
    except ImportError:  # pragma: no cover - not on every platform
        pass
    *head, last = fit_prompt(text, max(20, _columns() - 1))
    for line in head:
        print(line)
    return typed_text(input(last))


# Bracketed paste (xterm's mode 2004, which every current terminal offers): while it is on, the
# terminal sends a paste between PASTE_START and PASTE_END, so a paste is one answer however
# slowly its lines arrive (over ssh, say). GNU readline takes the marked paste into one line
# itself (its line breaks kept); without readline the marks arrive in the typed lines and
# `read_answer` reads on to the end mark. Terminals without the mode ignore the switch, and
# there the timing rule (PASTE_GAP) still tells a paste from typing.
BRACKETED_PASTE_ON = "\x1b[?2004h"
BRACKETED_PASTE_OFF = "\x1b[?2004l"
PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"


def _switch_bracketed_paste(on: bool) -> bool:
    """Turn the terminal's bracketed paste mode on or off; whether the switch was sent (only to
    a terminal that is not `TERM=dumb`, and never failing: the terminal may be gone)."""
    import os

    stdout = sys.stdout
    if stdout is None or os.environ.get("TERM") == "dumb":
        return False
    try:
        if not stdout.isatty():
            return False
        stdout.write(BRACKETED_PASTE_ON if on else BRACKETED_PASTE_OFF)
        stdout.flush()
    except (OSError, ValueError):  # a hung-up or closed terminal
        return False
    return True


class _BracketedPaste:
    """`with _BracketedPaste():` bracketed paste is on inside, and off again on every way out
    (an answer, end of input, Ctrl-C, SIGTERM or SIGHUP unwinding as an exception)."""

    def __enter__(self) -> None:
        self.on = _switch_bracketed_paste(True)

    def __exit__(self, *exc: object) -> None:
        if self.on:
            _switch_bracketed_paste(False)


def _open_paste(text: str) -> bool:
    """Whether `text` starts a bracketed paste that it does not end."""
    return text.rfind(PASTE_START) > text.rfind(PASTE_END)


def read_answer(text: str) -> str:
    """An answer: one line when piped (exactly `read_line`); on a terminal, a paste is one
    answer, blank lines included: a bracketed paste whatever its timing, and otherwise lines
    that arrive together (PASTE_GAP); a line ending in a backslash continues on the next. At
    most READ_LIMIT characters and MAX_ANSWER_LINES lines."""
    stdin: Any = _tolerant_stdin()
    if stdin is None or not stdin.isatty():
        return read_line(text)
    with _BracketedPaste():
        lines = [_input(text)]
        size = len(lines[0])
        pasting = _open_paste(lines[0])
        while len(lines) < MAX_ANSWER_LINES and size < READ_LIMIT:
            if pasting:
                pass  # inside a bracketed paste: read on to its end mark, however long it takes
            elif lines[-1].endswith(CONTINUE):
                lines[-1] = lines[-1][: -len(CONTINUE)].rstrip()
            elif not _pending(stdin, PASTE_GAP):
                break
            try:
                line = typed_text(input(MORE_PROMPT))
            except EOFError:
                break
            lines.append(line)
            size += len(line) + 1
            if PASTE_START in line or PASTE_END in line:
                pasting = _open_paste(line)
        if len(lines) >= MAX_ANSWER_LINES or size >= READ_LIMIT:
            flush_typeahead(stdin)  # the rest of an endless paste never answers the next prompt
    answer = "\n".join(lines).replace(PASTE_START, "").replace(PASTE_END, "")
    return answer.strip("\n")[:READ_LIMIT]


def read_rating(text: str) -> str:
    """The rating line: piped, exactly `read_line`; on a terminal, typeahead is discarded first
    (nothing typed or pasted during the reveal can rate the question) and a line that comes
    with more input behind it (a paste) is refused and asked again."""
    stdin: Any = _tolerant_stdin()
    if stdin is None or not stdin.isatty():
        return read_line(text)
    while True:
        flush_typeahead(stdin)
        line = _input(text)
        if not _pending(stdin, PASTE_GAP):
            return line
        flush_typeahead(stdin)
        print(PASTE_NOTE)
