"""Issue #21 at 60 columns: tables, headers and help never cut a value; typing on a terminal."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from typer.testing import CliRunner

from actloss_quiz import numbers
from actloss_quiz.cli import app
from tests.helpers import build_history

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
