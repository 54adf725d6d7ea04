"""Untrusted text made safe for a terminal: the one function every output path uses.

Bank text, typed answers, argument values and database content may hold an ESC, a C1 control
(U+009B is a one-byte CSI), BEL, backspace, a bidi override or undecodable bytes. `safe_text`
shows every one of them escaped; the Rich consoles apply it to each text segment they write,
and the plain writers (JSON, CSV and Anki exports, the answer echo) call it directly. A core
module (no Rich), so the exports can use it too.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_ANSWER_CHARS = 10_000  # a typed answer is cut here before it is judged (and kept)

# C0 controls except tab, newline and the CR of a CRLF, DEL, C1 controls, the bidi
# embedding/override/isolate characters that can make text display in another order than it is
# stored, and lone surrogates (undecodable bytes kept by `surrogateescape`; no stream can encode
# them).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]|\r(?!\n)"
)
# What json.dumps(ensure_ascii=False) leaves unescaped of the above (it escapes C0 itself).
_NON_ASCII = re.compile("[^\x00-\x7f]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class _LazyPattern:
    """A regular expression compiled at its first use: a module with dozens of them (the judge's
    rewrites, each behind a test that the text needs it) pays only for those a run uses. After
    the first use its methods are the compiled pattern's own."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def __getattr__(self, name: str) -> Any:
        compiled = re.compile(*self._source)
        for method in ("sub", "subn", "search", "match", "fullmatch", "findall", "finditer"):
            setattr(self, method, getattr(compiled, method))
        self.split = compiled.split
        self.pattern = compiled.pattern
        return getattr(compiled, name)


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled when first used (see `_LazyPattern`)."""
    return _LazyPattern(pattern, flags)  # type: ignore[return-value]


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


def normalised_prefix(text: str, limit: int) -> str:
    """The longest start of `text` whose NFKC form has at most `limit` characters.

    The scorer reads an answer after NFKC, which expands some characters up to 18-fold
    (U+FDFA); cutting the typed text at `limit` characters would still let it judge 180,000.
    Each character's own NFKC length bounds its share (composition only shortens), so the cut
    is exact enough and linear.
    """
    text = text[:limit]
    if text.isascii():
        return text
    import unicodedata

    # The NFKC length up to a character is its index plus 1 plus what the non-ASCII ones up
    # to it add; only those are visited (a long answer has few).
    extra = 0
    for m in _NON_ASCII.finditer(text):
        i = m.start()
        if i > limit - extra:  # an ASCII character before it went past the limit
            return text[: limit - extra]
        extra += len(unicodedata.normalize("NFKC", m[0])) - 1
        if i + 1 + extra > limit:
            return text[:i]
    return text[: max(0, limit - extra)]
