"""Property tests for hostile input (issue #10): arbitrary text, control characters and invalid
UTF-8 fed to the bank loader, to every command's arguments and to the session's answer prompt.
Every run goes through `tests.hostile.expect`."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actloss_quiz.bank import load_files
from actloss_quiz.errors import BankError, QuizError
from tests.hostile import Snapshot, base_args, expect, run_cli, write_bank

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
@example(b"questions:\nquestions:\n-")  # a repeated key: YAML keeps the later value
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


# --- issue #20: the new surfaces ---------------------------------------------------------------

NUMBERISH = st.one_of(
    TEXT,
    st.sampled_from(["inf", "-inf", "nan", "1e308", "1e300", "²", "٣", "0", "-1", "9" * 5000]),
    st.integers(-(2**70), 2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
INTERVIEW_OPTIONS = [
    ["--count", "{}"],
    ["--minutes", "{}"],
    ["--seed", "{}"],
    ["--topic", "{}"],
    ["--difficulty", "{}"],
    ["--tag", "{}"],
    ["--report", "{}"],
    ["--report", "/dev/null", "--force"],
    ["--spoken", "--minutes", "{}"],
]


@SETTINGS
@given(st.sampled_from(INTERVIEW_OPTIONS), NUMBERISH)
def test_every_interview_option_takes_any_value(template: list[str], value: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        args = [a.replace("{}", value) for a in template]
        if "--report" in args and "{}" in template:  # a relative name lands in the tmp folder
            args[args.index("--report") + 1] = str(Path(tmp) / (value.replace("/", "_") or "r"))
        outcome = run_cli(
            [*base_args(bank, Path(tmp) / "q.sqlite3"), "interview", *args], input=":q\n"
        )
        expect(outcome, (0, 1, 2))


@SETTINGS
@given(st.text(st.characters(exclude_categories=["Cs"]), max_size=30).map(lambda t: t * 400))
def test_grade_reads_any_expanding_text_from_stdin(text: str) -> None:
    """Text whose NFKC form is far longer (U+FDFA, ligatures) is cut after normalisation."""
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        outcome = run_cli(
            [*base_args(bank, Path(tmp) / "q.sqlite3"), "grade", "1", "-"],
            input=text.encode("utf-8"),
        )
        expect(outcome, 0)


@SETTINGS
@given(
    st.one_of(st.none(), NUMBERISH),
    st.one_of(st.none(), TEXT),
    st.sampled_from(["complete_bash", "complete_zsh", "complete_fish", "source_bash", "x", ""]),
)
def test_completion_requests_take_any_environment(
    cword: str | None, words: str | None, instruction: str
) -> None:
    env = {"_QUIZ_COMPLETE": instruction, "_TYPER_COMPLETE_ARGS": words or ""}
    if cword is not None:
        env["COMP_CWORD"] = cword
    if words is not None:
        env["COMP_WORDS"] = f"quiz {words}"
    outcome = run_cli([], env=env)
    expect(outcome, (0, 1, 2))


@SETTINGS
@given(st.lists(st.one_of(NUMBERISH, st.just("1")), min_size=1, max_size=4))
def test_spoken_ticks_take_any_line(ticks: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        lines = "\n".join(t.replace("\n", " ").replace("\r", " ") for t in ticks)
        outcome = run_cli(
            [*base_args(bank, Path(tmp) / "q.sqlite3"), "interview", "--spoken", "--seed", "1"],
            input=f"\n{lines}\n1\n\n:q\n".encode("utf-8", "surrogateescape"),
        )
        expect(outcome, 0)


def _every_text_column() -> list[tuple[str, str]]:
    from actloss_quiz import store

    with tempfile.TemporaryDirectory() as tmp:
        conn = store.connect(Path(tmp) / "q.sqlite3")
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        out = [
            (t, c[1])
            for t in tables
            for c in conn.execute(f"PRAGMA table_info({t})")
            if c[2].upper() == "TEXT"
        ]
        conn.close()
    return out


TEXT_COLUMNS = _every_text_column()
STORED_TEXT = st.one_of(
    TEXT.map(lambda t: t.encode("utf-8", "replace").decode("utf-8")),
    st.sampled_from(["zzz", "", "2026-13-45", '{"a": 1}', "[1]", "2026-01-01", "null", "9" * 50]),
)


def _filled_db(db: Path) -> None:
    from datetime import UTC, datetime

    from actloss_quiz import store
    from actloss_quiz.bank import Question
    from actloss_quiz.review import record_rating
    from actloss_quiz.settings import Settings

    conn = store.connect(db)
    t0 = datetime(2026, 11, 24, tzinfo=UTC)
    q = Question("q-one", 1, "hostile", "easy", "Q?", "A.")
    sid = store.start_session(conn, started_at=t0)
    record_rating(conn, q, 3, now=t0, settings=Settings(), answer="zero", session_id=sid)
    iid = store.start_interview(conn, started_at=t0, planned=1, budget_seconds=60.0)
    store.record_interview_answer(
        conn,
        interview_id=iid,
        position=1,
        kind="question",
        question_id="q-one",
        asked="Q?",
        answered_at=t0,
        seconds=1.0,
        budget_seconds=60.0,
        answer="zero",
    )
    store.record_drill_answer(
        conn,
        answered_at=t0,
        template="relu",
        level="easy",
        topic="activation",
        prompt="relu(1)",
        inputs=[1],
        expected=1.0,
        given="1",
        correct=True,
        seconds=1.0,
    )
    conn.close()


@SETTINGS
@given(st.sampled_from(TEXT_COLUMNS), STORED_TEXT, st.sampled_from(["stats", "export", "list"]))
def test_every_text_column_of_a_hand_edited_database(
    column: tuple[str, str], value: str, command: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_bank(Path(tmp) / "bank.yaml")
        db = Path(tmp) / "q.sqlite3"
        _filled_db(db)
        table, name = column
        conn = sqlite3.connect(db)
        try:
            conn.execute(f"UPDATE {table} SET {name} = ?", (value,))
            conn.commit()
        except sqlite3.IntegrityError:  # a CHECK or NOT NULL: SQLite keeps such values out
            conn.close()
            return
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        snap = Snapshot([db])
        args = {
            "stats": ["stats"],
            "export": ["export", "-", "--what", "reviews"],
            "list": ["list", "--progress"],
        }[command]
        outcome = run_cli([*base_args(bank, db), *args])
        expect(outcome, (0, 1))
        if outcome.code == 1:
            assert "damaged" in outcome.err and snap.changed() == []
