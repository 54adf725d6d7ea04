"""Property tests for hostile input (issue #10): arbitrary text, control characters and invalid
UTF-8 fed to the bank loader, to every command's arguments and to the session's answer prompt.
Every run goes through `tests.hostile.expect`."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actloss_quiz.bank import load_files
from actloss_quiz.errors import BankError, QuizError
from tests.hostile import base_args, expect, run_cli, write_bank

# Any text an argument or a line can carry: control characters, C1, bidi, and the lone
# surrogates U+DC80-U+DCFF, which is how Python hands over command-line bytes that are not valid
# UTF-8 (surrogateescape makes no others). NUL cannot be part of a real argument.
HOSTILE_CHARS = st.one_of(
    st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    st.integers(0xDC80, 0xDCFF).map(chr),
)
CONTROLS = st.sampled_from(["\x1b[2J", "\x9b", "\x07", "\x08", "\x7f", "\u202e", "\r", "\udce9"])
TEXT = st.lists(st.one_of(st.text(HOSTILE_CHARS, max_size=12), CONTROLS), max_size=4).map("".join)

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

YAML_PIECES = st.sampled_from(
    [
        "topic: t\n",
        "questions:\n",
        "  - id: a\n",
        "    difficulty: easy\n",
        "    question: q\n",
        "    answer: a\n",
        "    number: 99999999999999999999\n",
        "? [a, b]\n: 1\n",
        "&x [*x]\n",
        "!!python/object:os.system\n",
        '"\\e[2J"\n',
        "- ",
        ": ",
        "[",
        "]",
        "{",
        "}",
        "*a",
        "&a ",
        "\t",
        "\n",
    ]
)


@SETTINGS
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(YAML_PIECES, max_size=25).map(lambda p: "".join(p).encode()),
        st.lists(st.one_of(YAML_PIECES, TEXT), max_size=15).map(
            lambda p: "".join(p).encode("utf-8", "surrogatepass")
        ),
    )
)
def test_bank_loader_takes_any_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bank.yaml"
        path.write_bytes(raw)
        try:
            load_files([path])
        except BankError as e:
            assert e.problems and all(p.startswith(str(path)) for p in e.problems)
        outcome = run_cli(
            ["--no-bundled", "--db", str(Path(tmp) / "q.sqlite3"), "validate", str(path)]
        )
        expect(outcome, (0, 1))


COMMANDS = [
    ["show", "{}"],
    ["show", "1", "--topic", "{}"],
    ["list", "--topic", "{}"],
    ["list", "--difficulty", "{}"],
    ["list", "--tag", "{}"],
    ["list", "--due", "--topic", "{}"],
    ["start", "--topic", "{}"],
    ["start", "--limit", "{}"],
    ["start", "--seed", "{}"],
    ["stats", "--topic", "{}"],
    ["config", "{}"],
    ["config", "retention", "{}"],
    ["config", "new-per-day", "{}"],
    ["reset", "--question", "{}", "--yes"],
    ["export", "-", "--since", "{}"],
    ["export", "-", "--topic", "{}"],
    ["export", "-", "--what", "{}"],
    ["demo", "{}"],
    ["demo", "relu", "--x", "{}"],
    ["demo", "mse", "--pred", "{}", "--target", "0"],
    ["demo", "softmax", "--z", "{}", "--json"],
    ["drill", "--topic", "{}", "--count", "1"],
    ["drill", "--difficulty", "{}", "--count", "1"],
    ["validate", "{}"],
    ["grade", "1", "{}"],
    ["grade", "1", "{}", "--json"],
    ["grade", "{}", "x"],
    ["{}"],
]


@SETTINGS
@given(st.sampled_from(COMMANDS), TEXT)
def test_every_command_takes_any_argument(template: list[str], value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        args = [a.replace("{}", value) for a in template]
        outcome = run_cli([*base_args(bank, Path(tmp) / "q.sqlite3"), *args], input="")
        expect(outcome, (0, 1, 2))


LINE = st.binary(max_size=60).filter(lambda b: b"\n" not in b and b"\r" not in b)


@SETTINGS
@given(st.binary(max_size=200))
def test_grade_reads_any_bytes_from_stdin(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        outcome = run_cli(
            [*base_args(bank, Path(tmp) / "q.sqlite3"), "grade", "1", "-"], input=data
        )
        expect(outcome, 0)


@SETTINGS
@given(st.one_of(LINE, TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_answer_prompt_takes_any_line_and_keeps_the_rating(answer: bytes) -> None:
    answer = answer.replace(b"\n", b" ").replace(b"\r", b" ")
    if answer.strip().lower() in (b":q", b":quit", b":u", b":undo"):
        answer = b"x" + answer
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        db = Path(tmp) / "q.sqlite3"
        outcome = run_cli([*base_args(bank, db), "start"], input=answer + b"\n3\n")
        expect(outcome, 0)
        conn = sqlite3.connect(db)
        rows = conn.execute("SELECT rating, answer FROM reviews").fetchall()
        conn.close()
        assert [r[0] for r in rows] == [3]
        stored = rows[0][1]
        typed = answer.decode("utf-8", "replace").strip()
        assert stored == (typed or None)


def test_quiz_error_is_the_only_loader_failure(tmp_path: Path) -> None:
    """A folder entry that cannot be read is a QuizError/BankError, never another exception."""
    (tmp_path / "d.yaml").mkdir()  # a folder named like a bank
    try:
        load_files([tmp_path / "d.yaml"])
    except QuizError as e:
        assert "not a regular file" in str(e) or "cannot read" in str(e)
    else:
        raise AssertionError("a folder was loaded as a bank")
