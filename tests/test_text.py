"""text.safe_text and text.json_text: the one place untrusted text is made terminal-safe."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actloss_quiz.text import json_text, safe_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain café ✓ 🔥", "plain café ✓ 🔥"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("crlf\r\nkept", "crlf\r\nkept"),
        ("\x1b[2J", "\\x1b[2J"),
        ("\x9b31m", "\\x9b31m"),
        ("bell\x07", "bell\\x07"),
        ("back\x08space\x7f", "back\\x08space\\x7f"),
        ("lone\rcr", "lone\\x0dcr"),
        ("\u202eevil", "\\u202eevil"),
        ("\udce9", "\\udce9"),
        ("\x00", "\\x00"),
    ],
)
def test_safe_text(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown


@given(st.text(st.characters(codec=None)))
def test_safe_text_leaves_no_control_and_json_text_is_exact(text: str) -> None:
    shown = safe_text(text)
    assert not any(
        (ord(c) < 0x20 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) < 0xE000
        for c in shown
    )
    encoded = json_text({"t": text})
    assert not any(0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) < 0xE000 for c in encoded)
    assert json.loads(encoded) == {"t": text}


def test_safe_rich_text_escapes_and_keeps_each_style_on_its_text() -> None:
    from rich.text import Span, Text

    from actloss_quiz.console import safe_rich_text

    text = Text("a\x1bb c\x9bd", style="italic", spans=[Span(0, 3, "bold"), Span(4, 7, "red")])
    safe = safe_rich_text(text)
    assert safe.plain == "a\\x1bb c\\x9bd"
    assert safe.style == "italic"
    styled = {(safe.plain[s.start : s.end], str(s.style)) for s in safe.spans}
    assert styled == {("a\\x1bb", "bold"), ("c\\x9bd", "red")}
    plain = Text("nothing to escape", spans=[Span(0, 7, "bold")])
    assert safe_rich_text(plain) is plain
