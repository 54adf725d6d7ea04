"""The export writers: every column of every shape, CSV safety, and the Anki deck."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actloss_quiz import export as ex
from actloss_quiz import scheduler, store
from actloss_quiz.bank import Question
from actloss_quiz.errors import QuizUsageError, StoreError
from actloss_quiz.export import ANKI_HEADER
from actloss_quiz.text import safe_text
from tests.helpers import HISTORY_T0 as T0
from tests.helpers import csv_rows

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
HOSTILE = [
    "max(0, x), cheap, sparse",
    'she said "hi", twice',
    "two\nlines",
    "windows\r\nline",
    "🔥 ReLU is 😎 — naïve café",
    '=HYPERLINK("http://x")',
    "-2+3",
    "@SUM(A1)",
    "+cmd",
    "\tindented",
    "\rreturn",
]


def bank_q(qid: str, number: int, topic: str, difficulty: str = "easy", **kw: object) -> Question:
    return Question(
        id=qid,
        number=number,
        topic=topic,
        difficulty=difficulty,
        question=str(kw.get("question", f"Question {qid}?")),
        answer=str(kw.get("answer", f"Answer {qid}.")),
        formula=kw.get("formula"),  # type: ignore[arg-type]
        demo=kw.get("demo"),  # type: ignore[arg-type]
    )


BANK = [
    bank_q("relu", 2, "activation"),
    bank_q("dead-relu", 3, "activation", "medium"),
    bank_q("never-seen", 4, "activation"),
    bank_q("mse", 17, "loss", "medium"),
]


def run(write: object, *args: object, **kw: object) -> str:
    f = io.StringIO(newline="")
    write(f, *args, **kw)  # type: ignore[operator]
    return f.getvalue()


# --- cells ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (True, "true"),
        (False, "false"),
        (3, "3"),
        (0.75, "0.75"),
        (-0.5, "-0.5"),
        (1e-05, "0.00001"),
        (1.5e20, "150000000000000000000"),
        (12.0, "12.0"),
        (float("nan"), ""),
        ("", ""),
        ("plain", "plain"),
        ("=1+1", "'=1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+cmd", "'+cmd"),
        ("\tx", "'\tx"),
        ("\rx", "\\x0dx"),  # a carriage return is a control character: shown escaped
        ("\x1b[2Jx", "\\x1b[2Jx"),
        ("-0.5", "-0.5"),  # a number as text: a spreadsheet reads a number, not a formula
        ("+1e3", "+1e3"),
        ("a=b", "a=b"),
    ],
)
def test_cell(value: ex.Cell, text: str) -> None:
    assert ex.cell(value) == text


def test_parse_since() -> None:
    assert ex.parse_since("2026-11-24") == datetime(2026, 11, 24, tzinfo=UTC)
    assert ex.parse_since("2026-11-24T10:30:00+01:00") == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert ex.parse_since("2026-11-24T10:30Z") == datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    assert ex.parse_since("2026-11-24T10:30") == datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
    for bad in ("yesterday", "2026-13-01", "24/11/2026", ""):
        with pytest.raises(QuizUsageError, match="^--since: "):
            ex.parse_since(bad)


# --- shapes ---------------------------------------------------------------------------------


def test_reviews_every_column(history: Path) -> None:
    conn = store.connect(history)
    text = run(ex.write_reviews_csv, store.review_rows(conn))
    cards = store.cards_by_id(conn)
    conn.close()
    assert text.splitlines()[0] == ",".join(ex.REVIEW_COLUMNS)
    rows = csv_rows(text)
    relu, dead, removed, mse = rows
    assert relu == {
        "reviewed_at": "2026-11-24T09:01:00+00:00",
        "session_id": "1",
        "question_id": "relu",
        "number": "2",
        "topic": "activation",
        "difficulty": "easy",
        "rating": "3",
        "rating_name": "good",
        "answer_score": "0.75",
        "answer": "max(0, x), cheap, sparse",
        "correct": "true",
        "response_seconds": "12.5",
        "cram": "false",
        "next_due": cards["relu"].due,
        "stability": repr(cards["relu"].stability),
        "fsrs_difficulty": repr(cards["relu"].difficulty),
    }
    assert (dead["rating"], dead["rating_name"], dead["correct"]) == ("1", "again", "false")
    assert dead["answer"] == "" and dead["answer_score"] == ""  # no typed answer: empty cells
    assert dead["next_due"] == "2026-11-24T09:03:00+00:00"  # again: back within minutes
    assert (removed["question_id"], removed["number"], removed["difficulty"]) == (
        "removed-q",
        "99",
        "hard",
    )
    assert (removed["rating_name"], removed["answer"], removed["answer_score"]) == (
        "easy",
        "'=1+1",
        "0.0",
    )
    # cram: recorded, schedule untouched (no card before it, so no due/stability)
    # hard is a pass (scheduler.CORRECT_FROM), as in Anki
    assert mse["cram"] == "true" and mse["rating_name"] == "hard" and mse["correct"] == "true"
    assert mse["answer"] == "'-2+3" and mse["session_id"] == "2"
    assert mse["next_due"] == mse["stability"] == mse["fsrs_difficulty"] == ""
    assert "mse" not in cards


def test_reviews_filters(history: Path) -> None:
    conn = store.connect(history)
    by_topic = csv_rows(run(ex.write_reviews_csv, store.review_rows(conn, topic="loss")))
    since = ex.parse_since("2026-11-24T09:02:00Z")
    by_time = csv_rows(run(ex.write_reviews_csv, store.review_rows(conn, since=since)))
    by_day = csv_rows(
        run(ex.write_reviews_csv, store.review_rows(conn, since=ex.parse_since("2026-11-25")))
    )
    conn.close()
    assert [r["question_id"] for r in by_topic] == ["mse"]
    assert [r["question_id"] for r in by_time] == ["dead-relu", "removed-q", "mse"]  # inclusive
    assert [r["question_id"] for r in by_day] == ["mse"]


def _questions_text(db: Path, **kw: object) -> str:
    conn = store.connect(db)
    since = kw.get("since")
    aggs = store.iter_question_aggregates(conn, since=since)  # type: ignore[arg-type]
    records = ex.question_records(BANK, aggs, **kw)  # type: ignore[arg-type]
    text = run(ex.write_questions_csv, records, now=NOW, retrievability=scheduler.retrievability)
    conn.close()
    return text


def test_questions_every_column(history: Path) -> None:
    conn = store.connect(history)
    cards = store.cards_by_id(conn)
    conn.close()
    rows = csv_rows(_questions_text(history))
    assert [r["question_id"] for r in rows] == [
        "relu",
        "dead-relu",
        "never-seen",
        "mse",
        "removed-q",
    ]
    relu = rows[0]
    r_relu = scheduler.retrievability(cards["relu"].stability, cards["relu"].last_review, NOW)
    assert r_relu is not None
    assert relu == {
        "question_id": "relu",
        "number": "2",
        "topic": "activation",
        "difficulty": "easy",
        "state": cards["relu"].state,
        "reviews": "1",
        "lapses": "0",
        "correct_rate": "1.0",
        "mean_answer_score": "0.75",
        "last_reviewed": "2026-11-24T09:01:00+00:00",
        "due": cards["relu"].due,
        "retrievability": repr(round(r_relu, 4)),
        "suspended": "false",
    }
    assert 0 < float(relu["retrievability"]) < 1
    dead = rows[1]
    assert (dead["correct_rate"], dead["mean_answer_score"], dead["state"]) == (
        "0.0",
        "",
        "learning",
    )
    never = rows[2]
    assert never == {
        **dict.fromkeys(ex.QUESTION_COLUMNS, ""),
        "question_id": "never-seen",
        "number": "4",
        "topic": "activation",
        "difficulty": "easy",
        "state": "new",
        "reviews": "0",
        "lapses": "0",
        "suspended": "false",
    }
    mse = rows[3]  # only a cram review: seen, but never scheduled
    assert (mse["state"], mse["reviews"], mse["due"], mse["retrievability"]) == ("new", "1", "", "")
    assert mse["last_reviewed"] == "2026-11-25T09:00:30+00:00"
    removed = rows[4]  # gone from the bank: the review snapshot names it
    assert (removed["number"], removed["topic"], removed["difficulty"]) == (
        "99",
        "activation",
        "hard",
    )
    assert removed["state"] == cards["removed-q"].state and removed["due"] == cards["removed-q"].due


def test_questions_filters(history: Path) -> None:
    loss = csv_rows(_questions_text(history, topic="loss"))
    assert [r["question_id"] for r in loss] == ["mse"]
    act = csv_rows(_questions_text(history, topic="activation"))
    assert [r["question_id"] for r in act] == ["relu", "dead-relu", "never-seen", "removed-q"]
    recent = csv_rows(_questions_text(history, since=datetime(2026, 11, 24, 9, 2, tzinfo=UTC)))
    assert [r["question_id"] for r in recent] == ["dead-relu", "mse", "removed-q"]


def test_questions_without_history() -> None:
    records = ex.question_records(BANK, [])
    text = run(ex.write_questions_csv, records, now=NOW, retrievability=scheduler.retrievability)
    assert [(r["question_id"], r["state"]) for r in csv_rows(text)] == [(q.id, "new") for q in BANK]


def test_sessions_every_column(history: Path) -> None:
    conn = store.connect(history)
    rows = csv_rows(run(ex.write_sessions_csv, store.iter_sessions(conn)))
    conn.close()
    assert rows == [
        {
            "session_id": "1",
            "started_at": "2026-11-24T09:00:00+00:00",
            "ended_at": "2026-11-24T09:05:00+00:00",
            "topic_filter": "activation",
            "difficulty_filter": "easy,medium",
            "questions": "3",
            "correct": "2",
            "score_pct": "66.7",
            "mean_answer_score": "0.375",
            "duration_seconds": "300",
            "ended_by": "finished",
        },
        {
            "session_id": "2",
            "started_at": "2026-11-25T09:00:00+00:00",
            "ended_at": "2026-11-25T09:01:30+00:00",
            "topic_filter": "loss",
            "difficulty_filter": "",
            "questions": "1",
            "correct": "1",  # its one review was a hard: a pass
            "score_pct": "100.0",
            "mean_answer_score": "0.5",
            "duration_seconds": "90",
            "ended_by": "quit",
        },
        {
            "session_id": "3",
            "started_at": "2026-11-25T11:00:00+00:00",
            **dict.fromkeys(("ended_at", "topic_filter", "difficulty_filter"), ""),
            "questions": "0",
            "correct": "0",
            **dict.fromkeys(("score_pct", "mean_answer_score", "duration_seconds", "ended_by"), ""),
        },
    ]


def test_drills_every_column(history: Path) -> None:
    conn = store.connect(history)
    text = run(ex.write_drills_csv, store.iter_drill_answers(conn))
    loss = csv_rows(run(ex.write_drills_csv, store.iter_drill_answers(conn, topic="loss")))
    conn.close()
    assert text.splitlines()[0] == ",".join(ex.DRILL_COLUMNS)
    assert csv_rows(text) == [
        {
            "answered_at": "2026-11-25T09:00:05+00:00",
            "session_id": "4",
            "template": "sigmoid-at-point",
            "level": "easy",
            "topic": "activation",
            "prompt": "sigmoid(0) = ?",
            "inputs": '{"x": 0}',
            "expected": "0.5",
            "given": "0.5",
            "correct": "true",
            "seconds": "2.5",
        },
        {
            "answered_at": "2026-11-25T09:00:09+00:00",
            "session_id": "4",
            "template": "bce-one",
            "level": "medium",
            "topic": "loss",
            "prompt": "BCE(p=0.9, y=1) = ?",
            "inputs": '{"p": 0.9, "y": 1}',
            "expected": "0.105361",
            "given": "",
            "correct": "false",
            "seconds": "1.0",
        },
    ]
    assert [r["template"] for r in loss] == ["bce-one"]


def test_empty_history_writes_the_header_only() -> None:
    for write, columns in [
        (ex.write_reviews_csv, ex.REVIEW_COLUMNS),
        (ex.write_sessions_csv, ex.SESSION_COLUMNS),
        (ex.write_drills_csv, ex.DRILL_COLUMNS),
    ]:
        f = io.StringIO(newline="")
        assert write(f, iter(())) == 0  # type: ignore[operator]
        assert f.getvalue() == ",".join(columns) + "\r\n"


# --- CSV safety -----------------------------------------------------------------------------


def _hostile_csv(db: Path) -> str:
    conn = store.connect(db)
    for i, text in enumerate(HOSTILE):
        store.record_review(
            conn,
            question_id=f"q{i}",
            rating=3,
            reviewed_at=T0 + timedelta(seconds=i),
            card=None,
            answer=text,
            answer_score=-0.5 if i == 0 else 0.25,
            topic="loss",
        )
    text = run(ex.write_reviews_csv, store.review_rows(conn))
    conn.close()
    return text


def test_hostile_text_round_trips_through_csv_reader(db_path: Path) -> None:
    text = _hostile_csv(db_path)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    col = ex.REVIEW_COLUMNS.index("answer")
    assert [r[col] for r in rows[1:]] == [ex.neutralise(t) for t in HOSTILE]
    assert [r[col] for r in rows[1:]][:5] == HOSTILE[:5]  # harmless text is exact
    assert [r[col] for r in rows[1:]][5:-1] == ["'" + t for t in HOSTILE[5:-1]]
    assert rows[-1][col] == "\\x0dreturn"  # a lone CR is a control character: shown escaped
    score = ex.REVIEW_COLUMNS.index("answer_score")
    assert rows[1][score] == "-0.5"  # a negative number is not "neutralised"


def test_hostile_text_round_trips_through_pandas(db_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    text = _hostile_csv(db_path)
    path = db_path.parent / "hostile.csv"
    path.write_bytes(text.encode("utf-8"))
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert list(df.columns) == list(ex.REVIEW_COLUMNS)
    assert list(df["answer"]) == [ex.neutralise(t) for t in HOSTILE]
    numeric = pd.read_csv(path)
    assert numeric["answer_score"].tolist() == [-0.5] + [0.25] * (len(HOSTILE) - 1)
    assert numeric["rating"].dtype.kind == "i"
    assert numeric["correct"].tolist() == [True] * len(HOSTILE)


def test_line_endings_and_encoding(db_path: Path) -> None:
    text = _hostile_csv(db_path)
    # Every record ends with CRLF; a bare LF only appears inside a quoted answer.
    assert text.endswith("\r\n")
    assert text.count("\r\n") == len(HOSTILE) + 1 + 1  # records + the CRLF inside one answer
    assert "🔥" in text and text.encode("utf-8")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"))))
def test_any_text_round_trips(texts: list[str]) -> None:
    f = io.StringIO(newline="")
    n = ex.write_csv(f, ("answer", "n"), [(t, i) for i, t in enumerate(texts)])
    rows = list(csv.reader(io.StringIO(f.getvalue(), newline="")))
    assert n == len(texts)
    assert rows[1:] == [[ex.neutralise(t), str(i)] for i, t in enumerate(texts)]
    for t, (cell, _) in zip(texts, rows[1:], strict=True):
        shown = safe_text(t)  # control characters are shown escaped, everything else exact
        assert cell == shown or (cell == "'" + shown and shown[:1] in "=+-@\t\r")


# --- Anki -----------------------------------------------------------------------------------


def test_anki_format() -> None:
    questions = [
        bank_q(
            "relu",
            2,
            "activation",
            question='What is <ReLU> & why "dead"?',
            answer="max(0, x)\nline two\twith tab",
            formula="f(x) = max(0, x)",
        ),
        bank_q("mse", 17, "loss", "medium"),
    ]
    view = SimpleNamespace(
        title="Demo <1>",
        columns=["x", "y"],
        rows=[["-1", "0"], ["2", "2"]],
        notes=["a & b"],
        formula=None,
        live=False,
    )
    f = io.StringIO(newline="")
    n = ex.write_anki(f, questions, lambda q: ex.demo_table_html(view) if q.id == "relu" else "")
    text = f.getvalue()
    lines = text.split("\n")
    assert n == 2
    assert (
        lines[:7]
        == list(ANKI_HEADER)
        == [
            "#separator:tab",
            "#html:true",
            "#notetype:Basic",
            "#deck:actloss-quiz",
            "#columns:guid\tFront\tBack\tTags",
            "#guid column:1",
            "#tags column:4",
        ]
    )
    assert lines[9] == "" and len(lines) == 10  # two notes, one per line, newline at the end
    notes = [line.split("\t") for line in lines[7:9]]
    assert all(len(fields) == 4 for fields in notes)
    assert '"' not in text and "\r" not in text  # nothing that would need quoting
    guid, front, back, tags = notes[0]
    assert (guid, tags) == ("relu", "actloss-quiz::activation actloss-quiz::difficulty::easy")
    assert front == "What is &lt;ReLU&gt; &amp; why &quot;dead&quot;?"
    assert back == (
        "max(0, x)<br>line two with tab<br><br><b>Formula:</b> f(x) = max(0, x)<br><br>"
        "<b>Demo &lt;1&gt;</b><br><table><tr><th>x</th><th>y</th></tr>"
        "<tr><td>-1</td><td>0</td></tr><tr><td>2</td><td>2</td></tr></table><br>"
        "<i>a &amp; b</i>"
    )
    assert notes[1] == [
        "mse",
        "Question mse?",
        "Answer mse.",
        "actloss-quiz::loss actloss-quiz::difficulty::medium",
    ]


def test_anki_real_bank_is_byte_identical_on_re_export() -> None:
    pytest.importorskip("actloss_quiz.engine.scenarios")
    from actloss_quiz.bank import load_bank
    from actloss_quiz.engine.scenarios import question_demo

    bank = load_bank([], bundled=True)

    def demo(q: Question) -> str:
        return ex.demo_table_html(question_demo(q.demo, deterministic=True)) if q.demo else ""

    outputs = []
    for _ in range(2):
        f = io.StringIO(newline="")
        assert ex.write_anki(f, bank.questions, demo) == len(bank.questions)
        outputs.append(f.getvalue().encode("utf-8"))
    assert outputs[0] == outputs[1]
    body = outputs[0].decode().split("\n")[len(ANKI_HEADER) : -1]
    assert len(body) == len(bank.questions)
    assert all(len(line.split("\t")) == 4 for line in body)
    assert sum("<table>" in line for line in body) == sum(1 for q in bank.questions if q.demo)


@settings(max_examples=200, deadline=None)
@given(
    st.none() | st.floats() | st.integers(-(10**20), 10**20),
    st.none() | st.text(st.characters(exclude_categories=["Cs"])),
    st.none() | st.booleans(),
)
def test_fast_row_fixer_agrees_with_cell(x: float | None, text: str | None, b: bool | None) -> None:
    fixed = ex.row_fixer("ftbr")([x, text, b, x])
    written = ["" if v is None else str(v) for v in fixed]  # what the csv module does
    assert written[:3] == [ex.cell(x), ex.cell(text), ex.cell(b)]
    assert written[3] == ("" if x is None else str(x))


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.floats(min_value=1e-4, max_value=1e16, exclude_max=True)
        | st.floats(min_value=1e-4, max_value=1e4).map(lambda x: round(x, 3))
        | st.integers(0, 10**15)
        | st.just(0.0),
        min_size=1,
    ),
    st.sampled_from([None, "", True, -1.5, 1e16, float("nan"), float("inf"), 10**17, "1.5"]),
)
def test_a_number_column_is_written_as_str_writes_it(column: list[Any], odd: object) -> None:
    """The review writer's fast texts for a number column (msgspec's JSON) are `str`'s, for
    every float `_plain_rows` lets through; anything else in the column sends it all to `str`
    (a float below 1e-4, which `str` writes with an exponent, is `_plain_rows`' to refuse:
    `test_fast_review_writer_reads_again_only_the_rows_near_an_odd_one`)."""
    assert list(ex._number_texts(column)) == [str(x) for x in column]
    mixed = [*column, odd]
    assert list(ex._number_texts(mixed)) == [str(x) for x in mixed]


_TRICKY = (
    "\x00\x07\x1b\t\n\r\x7f\x85\x9b\u00a0\u061c\u200b\u200e\u202e\u2066\ud800\udfff=+-@'a1é中 "
)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(_TRICKY) | st.characters(), max_size=12))
def test_the_clean_text_fast_path_writes_what_neutralise_writes(text: str) -> None:
    """A text cell skipped as clean (printable, no formula start) is exactly what the slow path
    (`safe_text`, then the formula prefix) would have written; every other one takes that path."""
    (fixed,) = ex.row_fixer("t")([text])
    assert fixed == ex.neutralise(text)


def test_anki_back_ends_with_the_follow_ups() -> None:
    from dataclasses import replace

    from actloss_quiz.bank import FollowUp

    q = replace(
        bank_q("kl", 28, "loss", answer="KL."),
        follow_ups=(
            FollowUp(question="Order of <kl_div>?", answer="input = log q\ntarget = p"),
            FollowUp(question="Which direction?", answer="Forward covers & reverse seeks."),
        ),
    )
    f = io.StringIO(newline="")
    ex.write_anki(f, [q], lambda _: "<b>demo</b>")
    back = f.getvalue().split("\n")[len(ANKI_HEADER)].split("\t")[2]
    assert back == (
        "KL.<br><br><b>demo</b><br><br>"
        "<b>An interviewer may follow up:</b> Order of &lt;kl_div&gt;?<br>"
        "input = log q<br>target = p<br><br>"
        "<b>An interviewer may follow up:</b> Which direction?<br>"
        "Forward covers &amp; reverse seeks."
    )


def test_anki_back_lists_the_key_points_core_first_marked() -> None:
    from dataclasses import replace

    from actloss_quiz.bank import KeyPoint

    q = replace(
        bank_q("relu", 2, "activation", answer="max(0, x).", formula="f(x) = max(0, x)"),
        key_points=(
            KeyPoint(phrasings=("max(0, x)", "zero for negatives"), core=True),
            KeyPoint(phrasings=("cheap <to> compute & sparse",)),
        ),
    )
    f = io.StringIO(newline="")
    ex.write_anki(f, [q], lambda _: "")
    back = f.getvalue().split("\n")[len(ANKI_HEADER)].split("\t")[2]
    assert back == (
        "max(0, x).<br><br><b>Key points:</b><ul><li><b>[core]</b> max(0, x)</li>"
        "<li>cheap &lt;to&gt; compute &amp; sparse</li></ul><br><br>"
        "<b>Formula:</b> f(x) = max(0, x)"
    )


def test_anki_tags_are_namespaced_without_spaces() -> None:
    q = bank_q("x", 1, "loss functions", "very hard")
    assert ex.anki_tags(q) == ("actloss-quiz::loss_functions actloss-quiz::difficulty::very_hard")


# --- the fast review writer -----------------------------------------------------------------

_REVIEW_INSERT = (
    "INSERT INTO reviews (session_id, question_id, reviewed_at, rating, answer_score, answer, "
    "response_seconds, cram, due, stability, difficulty, number, topic, question_difficulty) "
    "VALUES (:session_id, :question_id, :reviewed_at, :rating, :answer_score, :answer, "
    ":response_seconds, :cram, :due, :stability, :difficulty, :number, :topic, "
    ":question_difficulty)"
)
_ODD_TEXT = [
    *HOSTILE,
    "\x1b[2Jclear",
    "bidi \u202eevil\u202c",
    "x\u200ey",
    "\u061c",
    "\u2066iso\u2069",
    "\x7fdel",
    "\x9bcsi",
    "lone\u0085nel",
    "nul\x00byte",
    "comma,\x00nul",
    "tab\tinside",
    "trailing\r",
    'she said "hi"',
    '"=x',
    "=x,y",
    '"quoted" start',
    "1,000",
    "-0.5",
    "+1e3",
    "-",
    "@",
    "'=already",
    "",
    " ",
    "None",
    "0",
    "A",
    "é",
]
_ODD_FLOATS = [1e-5, 1e-4, 9.99e-5, 1e16, 1e17, 1.2e18, -0.5, -0.0, 0.0, float("inf")]
_ODD_FLOATS += [float("-inf"), 5e-324, 1.7976931348623157e308, 3, 10**17, 0, -7, 1 / 3]
_NOT_NUMBERS = ["x,y", "abc", '"q"', "", b"\x00\xff", b"a,b", b'it"s', 1.5, -3, 2**62, 1e20, 1e-7]
_NOT_TEXTS = [5, 1.5, -2, 10**18, 1e-7, b"blob", b"a,b", b"=x"]
_GOOD_TIMES = [
    "2026-11-24T09:00:00.123456+00:00",
    "2026-11-24 09:00:00+01:00",
    "2026-11-24T09:00+00:00",
    "2026-11-24T09:00:00Z",
    "20261124T090000+0000",
    "2026-W48-2T09:00:00+00:00",
    "0002-01-01T00:00:00+00:00",
    "9998-12-31T23:59:59+00:00",
    "2026-11-24T09:00:00-05:30",
    "2024-02-29T00:00:00+00:00",
    "2026-11-24T23:59:59+14:00",
]
_BAD_TIMES = [
    "2026-02-30T00:00:00+00:00",
    "2026-11-24T09:00:00",
    "0001-06-01T00:00:00+00:00",
    "9999-01-01T00:00:00+00:00",
    "2026-11-24T09:00:60+00:00",
    "2026-11-24T09:00:00+00:0x",
    "2026-11-24T09:00:00.12345",  # as long as a time with an offset, but without one
    "yesterday",
    "",
    5,
    b"\x00",
]
# One odd value a row: every cell kind the writers treat apart, NULL in each nullable column.
_ODD_CELLS: list[tuple[str, object]] = [
    *[(c, t) for t in _ODD_TEXT for c in ("answer", "topic", "question_id", "question_difficulty")],
    *[(c, x) for x in _ODD_FLOATS for c in ("answer_score", "response_seconds", "stability")],
    *[(c, x) for x in _NOT_NUMBERS for c in ("session_id", "number", "rating", "difficulty")],
    *[(c, x) for x in _NOT_TEXTS for c in ("answer", "topic", "question_id")],
    *[("due", t) for t in _GOOD_TIMES],
    *[(c, None) for c in ("session_id", "answer_score", "answer", "response_seconds", "due")],
    *[(c, None) for c in ("stability", "difficulty", "number", "topic", "question_difficulty")],
    ("rating", 7),
    ("rating", 0),
    ("cram", 2),
    ("cram", "yes"),
]


def _plain_review(i: int) -> dict[str, object]:
    """An ordinary rating, the i-th in time: a typed answer with a comma every other one."""
    return {
        "session_id": i // 20 + 1,
        "question_id": f"topic{i % 3}-q{i:05d}",
        "reviewed_at": (T0 + timedelta(minutes=i)).isoformat(),
        "rating": 1 + i % 4,
        "answer_score": (i % 7) / 7 if i % 2 else None,
        "answer": "saturation, of the derivative" if i % 2 else None,
        "response_seconds": 3.5 + i / 3,
        "cram": i % 5 == 0,
        "due": (T0 + timedelta(days=1 + i % 9, seconds=i)).isoformat(),
        "stability": 0.5 + i / 7,
        "difficulty": 1 + (i % 90) / 10,
        "number": i,
        "topic": f"topic{i % 3}",
        "question_difficulty": ("easy", "medium", "hard")[i % 3],
    }


def _raw_history(db: Path, rows: list[dict[str, object]]) -> sqlite3.Connection:
    """`rows` written as they are, past the schema's checks (a hand-edited database)."""
    store.connect(db).close()
    raw = sqlite3.connect(db, isolation_level=None)
    raw.execute("PRAGMA ignore_check_constraints = ON")
    raw.executemany(_REVIEW_INSERT, rows)
    raw.close()
    return store.connect(db)


def _both_writers(conn: sqlite3.Connection, **kw: object) -> list[tuple[str, str | None]]:
    """What the row-by-row writer and the fast one (in chunks of 4) write, and what they raise."""
    out = []
    for write in (
        lambda f: ex.write_reviews_csv(f, store.review_rows(conn, **kw)),  # type: ignore[arg-type]
        lambda f: ex.write_review_history(f, conn, chunk=4, **kw),  # type: ignore[arg-type]
    ):
        f = io.StringIO(newline="")
        try:
            write(f)
            error = None
        except (StoreError, sqlite3.Error) as e:
            error = f"{type(e).__name__}: {e}"
        out.append((f.getvalue(), error))
    return out


def _counting_review_rows() -> tuple[list[int], Any]:
    """`store.review_rows` wrapped to record how many ids each call asks for again (0: all)."""
    reread: list[int] = []
    real = store.review_rows

    def counting(*args: Any, **kwargs: Any) -> Iterator[tuple[Any, ...]]:
        reread.append(len(kwargs.get("ids") or ()))
        return real(*args, **kwargs)

    return reread, counting


def test_fast_review_writer_writes_every_odd_cell_as_the_row_writer_does(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each chunk of 4 holds one odd cell after 3 plain rows, so each check is met alone.
    rows = []
    for k, (column, value) in enumerate(_ODD_CELLS):
        rows += [_plain_review(4 * k + j) for j in range(3)]
        rows.append({**_plain_review(4 * k + 3), column: value})
    rows += [_plain_review(4 * len(_ODD_CELLS) + j) for j in range(4)]  # a last plain chunk
    conn = _raw_history(db_path, rows)
    reread, counting = _counting_review_rows()
    for kw in ({}, {"topic": "topic1"}, {"since": T0 + timedelta(hours=5)}):
        (slow, slow_error), (fast, fast_error) = _both_writers(conn, **kw)
        assert slow_error is None and fast_error is None
        assert fast == slow
    monkeypatch.setattr(store, "review_rows", counting)
    (slow, _), (fast, _) = _both_writers(conn)
    assert fast == slow and fast.count("\r\n") >= len(rows) + 1
    # The row writer's own read, then one for each chunk whose odd cell needs the row writer;
    # the others (a comma in an answer, an accent, a NULL, a float in range) were written from
    # SQLite's cells, and so was the last, plain chunk.
    assert reread[0] == 0 and all(n == 4 for n in reread[1:])
    assert len(_ODD_CELLS) // 2 < len(reread) - 1 < len(_ODD_CELLS)
    reread.clear()
    last = T0 + timedelta(minutes=4 * len(_ODD_CELLS))  # the plain chunk alone
    assert ex.write_review_history(io.StringIO(newline=""), conn, since=last, chunk=4) == 4
    assert reread == []
    conn.close()


@pytest.mark.parametrize(
    ("column", "value"),
    [("due", t) for t in _BAD_TIMES]
    + [("reviewed_at", t) for t in _BAD_TIMES + _GOOD_TIMES]
    + [("answer", "CAST(X'41ff2c42' AS TEXT)"), ("topic", "CAST(X'41eda080' AS TEXT)")],
)
def test_fast_review_writer_stops_where_the_row_writer_does(
    db_path: Path, column: str, value: object
) -> None:
    """A damaged date or undecodable text: the same rows before it, the same error (or none)."""
    conn = _raw_history(db_path, [_plain_review(i) for i in range(11)])
    conn.close()
    raw = sqlite3.connect(db_path, isolation_level=None)
    expression = value if isinstance(value, str) and value.startswith("CAST(") else "?"
    args = () if expression != "?" else (value,)
    raw.execute(f"UPDATE reviews SET {column} = {expression} WHERE id = 7", args)  # noqa: S608
    raw.close()
    conn = store.connect(db_path)
    (slow, slow_error), (fast, fast_error) = _both_writers(conn)
    assert (fast, fast_error) == (slow, slow_error)
    conn.close()


def test_fast_review_writer_reads_again_only_the_rows_near_an_odd_one(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chunk is halved around its odd rows: 16 rows go through the row writer for one odd row,
    the smallest run holding two that are close, the whole chunk (one read) when they are
    spread over both halves."""
    rows = [_plain_review(i) for i in range(768)]
    rows[100]["answer_score"] = 1e-5  # written 0.00001, never 1e-05
    rows[256 + 44]["answer"] = rows[256 + 54]["answer"] = "=cmd"  # in rows 32-63 of chunk 2
    rows[512 + 8]["topic"] = rows[512 + 188]["topic"] = "\x1b[2J"  # in both halves of chunk 3
    conn = _raw_history(db_path, rows)
    reread, counting = _counting_review_rows()
    monkeypatch.setattr(store, "review_rows", counting)
    f = io.StringIO(newline="")
    assert ex.write_review_history(f, conn, chunk=256) == 768
    assert reread == [16, 32, 256]
    monkeypatch.undo()
    assert f.getvalue() == run(ex.write_reviews_csv, store.review_rows(conn))
    assert ",0.00001," in f.getvalue() and ",'=cmd," in f.getvalue()
    conn.close()
