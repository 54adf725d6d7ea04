"""Issue #21 at 60 columns: tables, headers and help never cut a value; typing on a terminal."""

from __future__ import annotations

import contextlib
import math
import re
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from actloss_quiz import numbers
from actloss_quiz.cli import app
from tests.helpers import build_history
from tests.terminal_helpers import RATING_PROMPT_END, Pty, pty_only, screen

WIDTHS = (60, 80)


def at_width(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """The app's console is made anew, `width` columns wide, at its next use."""
    from actloss_quiz import console

    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setattr(console.out, "_console", None)


def assert_nothing_cut(text: str, width: int) -> None:
    """No `…` anywhere (Rich marks a cut word with it) and no line wider than the screen."""
    cut = [line for line in text.splitlines() if "…" in line]
    assert not cut, "\n".join(cut)
    wide = [line for line in text.splitlines() if cell_len(line) > width]
    assert not wide, "\n".join(wide)


# --- numbers that fit a column ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "width", "text"),
    [
        (5.87157e-05, 11, "5.87157e-5"),
        (5.87157e-05, 8, "5.872e-5"),
        (5.87157e-05, 6, "5.9e-5"),
        (5.87157e-05, 5, None),  # fewer than two significant digits: never
        (0.268941, 6, "0.2689"),
        (0.268941, 4, "0.27"),
        (-0.340973, 6, "-0.341"),
        (0.000323518, 8, "3.235e-4"),
        (1234567.0, 6, "1.23e6"),
        (0.5, 3, "0.5"),
        (0.0, 1, "0"),
    ],
)
def test_fit_number_drops_digits_then_goes_scientific(
    value: float, width: int, text: str | None
) -> None:
    assert numbers.fit_number(value, width) == text


@given(
    st.floats(allow_nan=False, allow_infinity=False).filter(lambda v: v != 0),
    st.integers(min_value=1, max_value=14),
)
def test_a_fitted_number_fits_and_reads_back_close(value: float, width: int) -> None:
    text = numbers.fit_number(value, width)
    if text is None:
        return
    assert len(text) <= width
    back = float(text)
    assert math.isclose(back, value, rel_tol=0.05), (value, text)  # two digits at least


def test_fit_word_keeps_brackets_and_leaves_whole_numbers_alone() -> None:
    assert numbers.fit_word("[1.92475,", 7) == "[1.925,"
    assert numbers.fit_word("123456789", 4) is None  # a count is never rewritten
    assert numbers.fit_word("relu", 2) is None
    assert numbers.fit_numbers("0.268941 / 0.196612", 5) == "0.269 / 0.197"


# --- every demo, `quiz show` and `quiz stats` at 60 and 80 columns ----------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_every_demo_and_question_fits_without_cutting_a_number(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    from actloss_quiz.engine.catalogue import DEMOS

    at_width(monkeypatch, width)
    runs = [
        ["demo"],
        *(["demo", name] for name in DEMOS),
        *(["show", str(n)] for n in range(1, 31)),
    ]
    for args in runs:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert_nothing_cut(result.stdout, width)


def test_a_table_too_wide_drops_digits_and_abbreviates_headers() -> None:
    """Seven columns of six-digit values at 60 columns: each value keeps its leading digits."""
    import io

    from rich.console import Console

    from actloss_quiz.engine.scenarios import DemoView
    from actloss_quiz.render.demo import demo_view

    values = [5.87157e-05, -0.340973, 0.000323518, 1.92475, 0.0181499, 123.457]
    view = DemoView(
        title="wide",
        columns=["case", "derivative", "numeric", "analytic", "softmax", "probability", "logit"],
        rows=[["easy (p = 0.9)", *(numbers.table_number(v * k) for v in values)] for k in (1, 3)],
    )
    for width in WIDTHS:
        console = Console(width=width, file=io.StringIO(), record=True)
        console.print(demo_view(view))
        text = console.export_text()
        assert_nothing_cut(text, width)
        cells = re.findall(r"│ +([-0-9.e]+) (?=│)", text)
        assert len(cells) == 12, text
        for shown, value in zip(cells, [v * k for k in (1, 3) for v in values], strict=True):
            assert float(shown) == pytest.approx(value, rel=0.05)
        if width == 60:
            assert "deriv" in text and "derivative" not in text  # abbreviated with a '.'
            assert any(
                len(c) < len(numbers.table_number(v))
                for c, v in zip(cells[:6], values, strict=True)
            )


@pytest.mark.parametrize("width", WIDTHS)
def test_stats_fits_without_cutting_a_number_or_a_header(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, db_path: Path, width: int
) -> None:
    build_history(db_path)
    at_width(monkeypatch, width)
    result = runner.invoke(app, ["--db", str(db_path), "stats"])
    assert result.exit_code == 0, result.output
    assert_nothing_cut(result.stdout, width)
    assert "quest…" not in result.stdout
    if width == 60:  # the short form the table defines, not a cut
        assert re.search(r"┃ topic +┃ +qs ┃", result.stdout), result.stdout


def _half_a_year(db: Path) -> None:
    """Reviews on many days of the last 26 weeks (a wide heatmap, a full retention sparkline),
    and an interview plan with 50 days of stored forecasts (a long trend sparkline)."""
    from datetime import timedelta

    from actloss_quiz import store
    from tests.helpers import T0, rate

    conn = store.connect(db)
    try:
        store.set_setting(conn, "interview-date", (T0 + timedelta(days=40)).date().isoformat())
        for i in range(0, 180, 2):
            at = T0 - timedelta(days=180 - i, hours=-1)
            for n in range(1 + i % 5):
                rating = 1 if (i + n) % 4 == 0 else 3
                rate(conn, (f"q{i}-{n}", 1, "loss", "easy"), rating, at, session_id=None)
        for d in range(50, 0, -1):
            store.record_forecast(
                conn,
                day=(T0 - timedelta(days=d)).date(),
                interview=(T0 + timedelta(days=40)).date(),
                readiness=0.4 + 0.005 * (50 - d),
                if_stopped=0.3,
                questions=30,
                at=T0 - timedelta(days=d),
            )
    finally:
        conn.close()


@pytest.mark.parametrize("width", (50, 60, 80))
def test_the_heatmap_and_sparklines_fit_without_wrapping_or_cutting(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, db_path: Path, at: object, width: int
) -> None:
    _half_a_year(db_path)
    at_width(monkeypatch, width)
    result = runner.invoke(app, ["--db", str(db_path), "stats"])
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.stdout.splitlines()]
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width
    assert "…" not in result.stdout
    # the heatmap: as many weeks as fit, each weekday's row whole (not wrapped)
    title = next(i for i, line in enumerate(lines) if line.startswith("Reviews per day, last "))
    weeks = int(re.search(r"last (\d+) weeks", lines[title]).group(1))
    assert weeks == (26 if width >= 57 else (width - 5) // 2)
    monday = next(i for i, line in enumerate(lines) if i > title and line.startswith("Mon "))
    rows = lines[monday : monday + 7]
    for row, day in zip(rows, ("Mon", "", "Wed", "", "Fri", "", "Sun"), strict=True):
        assert row[:4].strip() == day, rows
        assert re.fullmatch(r"[.\-+*#]( [.\-+*#])*", row[4:].rstrip()), rows
        assert len(row[4:].rstrip().split(" ")) in (weeks, weeks - 1)  # Sun: this week's to come
    # the retention sparkline: one character a week, its numbers whole on one line
    spark = next(line for line in lines if line.startswith("True retention by week "))
    marks = spark.removeprefix("True retention by week ").split(" ")[0]
    assert 1 <= len(marks) <= weeks and re.fullmatch(r"[_.\-=+*# ]+", marks)
    assert any(re.search(r"\d+%-\d+%, this week (\d+%|-)$", line) for line in lines)
    # the readiness trend: the latest days that fit, said so, on the label's line
    trend = next(line for line in lines if line.startswith("Forecast trend"))
    m = re.search(r" (\d+)% → (\d+)%(, last| over) (\d+) days$", trend)
    assert m is not None, trend
    shown = len(trend.removeprefix("Forecast trend").split()[0])
    assert shown == int(m.group(4)) and (m.group(3) == ", last") == (shown < 51)


# --- help at 60 columns -----------------------------------------------------------------------


def _help_pages() -> list[list[str]]:
    import typer

    from actloss_quiz.engine.catalogue import DEMOS

    group = typer.main.get_command(app)
    names = [name for name, cmd in group.commands.items() if not cmd.hidden]  # type: ignore[attr-defined]
    return [
        ["--help"],
        *([name, "--help"] for name in names),
        *(["demo", name, "--help"] for name in DEMOS),
    ]


@pytest.mark.parametrize("width", (60, 80, 100))
def test_every_help_fits_without_cutting(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    pages = _help_pages()
    assert len(pages) > 30
    for args in pages:
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Usage:" in result.stdout
        assert_nothing_cut(result.stdout, width)


def test_at_60_columns_the_help_is_plain_and_whole(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    text = runner.invoke(app, ["--help"]).stdout
    assert "ACTLOSS_QUIZ_QUESTIONS" in text and "--install-completion " in text
    assert "╭" not in text  # Click's plain layout, not the boxed panels
    assert "..." not in text.replace("[ARGS]...", "")  # no command's summary shortened
    assert re.search(r"unsuspend +Put suspended questions back into 'quiz\n +start'\.", text)
    monkeypatch.setenv("COLUMNS", "100")
    assert "╭" in runner.invoke(app, ["--help"]).stdout  # wide enough: the boxed help


# --- bracketed paste on a terminal ------------------------------------------------------------

PASTE_ON, PASTE_OFF = "\x1b[?2004h", "\x1b[?2004l"


@pty_only
def test_a_bracketed_paste_is_one_answer_however_slowly_it_arrives(
    tmp_path: Path, terminals: Callable[..., Pty]
) -> None:
    db = tmp_path / "q.db"
    term = terminals(["start", "--cram", "--question", "17", "--no-demo"], db)
    out = term.expect("Your answer")
    assert PASTE_ON in out  # switched on for the answer
    term.send("\x1b[200~squared differences\n")
    time.sleep(0.4)  # far slower than PASTE_GAP: only the end mark ends the paste
    term.send("\naveraged\n\x1b[201~")
    time.sleep(0.2)
    term.send("\n")  # Enter, after the paste
    out = term.expect(RATING_PROMPT_END)
    assert out.count("Your answer") == 1
    assert out.rfind(PASTE_OFF) > out.rfind(PASTE_ON)  # and off again before the rating
    time.sleep(0.2)
    term.send("3\n")
    term.expect("Session summary")
    assert term.close() == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        (answer,) = conn.execute("SELECT answer FROM reviews").fetchone()
    assert answer == "squared differences\n\naveraged"


@pty_only
@pytest.mark.parametrize(("signame", "code"), [("SIGINT", 130), ("SIGTERM", 143)])
def test_bracketed_paste_is_switched_off_when_a_signal_ends_the_answer(
    tmp_path: Path, terminals: Callable[..., Pty], signame: str, code: int
) -> None:
    import os
    import signal

    term = terminals(["start", "--question", "17", "--no-demo"], tmp_path / "q.db")
    term.expect("Your answer")
    time.sleep(0.2)
    os.kill(term.proc.pid, getattr(signal, signame))  # Ctrl-C, or the session being closed
    with contextlib.suppress(AssertionError):
        term.expect("never printed", timeout=5)  # read the output to its end
    assert term.close() == code
    assert PASTE_ON in term.out and term.out.rfind(PASTE_OFF) > term.out.rfind(PASTE_ON)


def test_without_readline_the_paste_marks_are_read_to_the_end_and_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """stdin a terminal but not the process's own (no readline): the marks arrive in the lines."""
    import os
    import sys
    import threading

    from actloss_quiz import terminal

    master, slave = os.openpty()
    stdin = os.fdopen(slave, "r", encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    try:
        os.write(master, b"\x1b[200~first\n")
        rest = threading.Timer(0.4, lambda: os.write(master, b"\nthird\x1b[201~\n"))
        rest.start()
        assert terminal.read_answer("> ") == "first\n\nthird"
        rest.join()
    finally:
        stdin.close()
        os.close(master)


def test_piped_answers_never_see_the_paste_switch(runner: CliRunner) -> None:
    result = runner.invoke(app, ["start", "--cram", "--question", "17"], input="a\nb\n3\n")
    assert result.exit_code == 0
    assert PASTE_ON not in result.stdout and PASTE_OFF not in result.stdout


# --- :q at the rating prompt --------------------------------------------------------------------

RATE_FIRST = "Rate it before quitting? ["


def _stored(db: Path) -> list[tuple[int, str | None]]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        return conn.execute("SELECT rating, answer FROM reviews").fetchall()


@pty_only
@pytest.mark.parametrize(
    ("reply", "stored"),
    [("", [(1, "minus")]), ("4", [(4, "minus")]), (":q", [])],
    ids=["enter-rates-the-suggestion", "a-rating", "q-again-records-nothing"],
)
def test_q_after_a_reveal_on_a_terminal_asks_to_rate_first(
    tmp_path: Path,
    terminals: Callable[..., Pty],
    reply: str,
    stored: list[tuple[int, str | None]],
) -> None:
    db = tmp_path / "q.db"
    term = terminals(["start", "--question", "19", "--no-demo"], db)
    term.expect("Your answer")
    term.send("minus\n")
    out = term.expect(RATING_PROMPT_END)
    assert "suggested: again" in out  # the suggestion Enter takes below
    time.sleep(0.2)
    term.send(":q\n")
    out = term.expect("(Enter rates, :q quits without recording) > ")
    assert re.search(r"Rate it before quitting\? \[again\]", screen(out)[-1] + screen(out)[-2])
    time.sleep(0.2)
    term.send(reply + "\n")
    out = term.expect("Session summary")
    assert ("was not rated: nothing was recorded" in out) == (not stored)
    assert out.count("Your answer") == 1  # the session ended: no next question
    assert term.close() == 0
    assert _stored(db) == stored


@pty_only
def test_rate_before_quitting_defaults_to_hard_when_nothing_was_typed(
    tmp_path: Path, terminals: Callable[..., Pty]
) -> None:
    db = tmp_path / "q.db"
    term = terminals(["start", "--question", "19,20", "--no-demo"], db)
    term.expect("Your answer")
    term.send("\n")
    term.expect(":d > ")  # no suggestion: nothing in brackets
    time.sleep(0.2)
    term.send(":q\n")
    term.expect("(Enter rates, :q quits without recording) > ")
    assert "Rate it before quitting? [hard]" in "".join(screen(term.out, 200)[-2:])
    time.sleep(0.2)
    term.send("\n")
    out = term.expect("Session summary")
    assert "2/2" not in out  # quit after recording: Q20 never asked
    assert term.close() == 0
    assert _stored(db) == [(2, None)]


def test_q_after_a_reveal_piped_records_nothing_and_asks_nothing(runner: CliRunner) -> None:
    result = runner.invoke(app, ["start", "--question", "19,20"], input="minus log p\n:q\n4\n")
    assert result.exit_code == 0
    assert "Q19 was not rated: nothing was recorded for it." in result.stdout
    assert RATE_FIRST not in result.stdout
    assert "2/2" not in result.stdout  # quit, as before: the 4 is never read
    assert '"total_reviews": 0' in runner.invoke(app, ["stats", "--json"]).stdout


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_misconception_or_key_point_wraps_under_its_text(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """`quiz show`: a claim longer than the panel continues under its text, not under its mark
    (question 1's universal-approximation claim is longer than a line at 80 columns)."""
    at_width(monkeypatch, width)
    out = runner.invoke(app, ["show", "1"]).stdout
    lines = [line.strip("│ ") for line in out.splitlines()]
    start = next(i for i, line in enumerate(lines) if line.startswith("✗ Universal approximation"))
    body = out.splitlines()[start + 1 : start + 3]
    assert body[0].startswith("│     ")  # four spaces: under the claim's first word
    assert "networks are not universal" in " ".join(lines[start : start + 3])
    assert_nothing_cut(out, width)


def test_the_help_width_is_read_as_rich_reads_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """`quiz --help | head` on a 60-column terminal: stdout is a pipe, stderr a terminal. Rich
    draws the boxed help 60 wide there, so the plain layout (below 80 columns) must be chosen by
    the same width, or the boxed help cuts `ACTLOSS_QUIZ_QUEST…`."""
    import os
    from collections import namedtuple

    from actloss_quiz.commands import helptext

    size = namedtuple("size", "columns lines")

    def terminal_size(fd: int) -> object:
        if fd in (0, 1):
            raise OSError("not a terminal")
        return size(60, 24)

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("TERMINAL_WIDTH", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", terminal_size)
    assert helptext.terminal_columns() == 60 and helptext.plain_help()
    monkeypatch.setenv("COLUMNS", "120")
    assert helptext.terminal_columns() == 120 and not helptext.plain_help()
    monkeypatch.setenv("TERMINAL_WIDTH", "70")  # Typer draws its help this wide
    assert helptext.terminal_columns() == 70 and helptext.plain_help()
