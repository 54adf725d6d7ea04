"""The benchmark's generator stays in step with the bank schema and the database schema."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from actloss_quiz.cli import app
from benchmarks.generate import write_bank, write_history


def test_generated_bank_and_history_load(tmp_path: Path, runner: CliRunner) -> None:
    meta = write_bank(tmp_path / "bank", 50)
    db = tmp_path / "history.sqlite3"
    write_history(db, meta, 400, now=datetime.now(UTC))
    base = ["--no-bundled", "--questions", str(tmp_path / "bank"), "--db", str(db)]

    listed = runner.invoke(app, [*base, "list", "--json"])
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) == 50

    stats = runner.invoke(app, [*base, "stats", "--json"])
    assert stats.exit_code == 0, stats.output
    assert json.loads(stats.stdout)["total_reviews"] == 400

    due = runner.invoke(app, [*base, "list", "--due", "--json"])
    assert due.exit_code == 0, due.output
    assert 0 < len(json.loads(due.stdout)) < 50

    shown = runner.invoke(app, [*base, "show", "1", "--no-demo"])
    assert shown.exit_code == 0, shown.output

    exported = runner.invoke(app, [*base, "export", "-"])
    assert exported.exit_code == 0
    assert len(exported.stdout.splitlines()) == 401


def test_sizes_parse_and_a_bad_one_says_what_it_wants() -> None:
    import pytest

    from benchmarks.run import parse_sizes

    assert parse_sizes("") == [] and parse_sizes("10x20, 30x40") == [(10, 20), (30, 40)]
    with pytest.raises(SystemExit, match="'abc' is not QUESTIONSxREVIEWS"):
        parse_sizes("abc")


def test_a_command_paired_with_its_floor_plus_rich_keeps_both_ratios() -> None:
    """The floor plus Rich's console runs in the same turns; a Rich-drawn command's goal is
    checked against it, and a miss of the issue's floor without it is a note saying both."""
    from benchmarks.run import Result, check_goals, paired, without_rich

    def turns(*seconds: float) -> Callable[[], float]:
        times = iter(seconds * 4)  # the warm-ups, then three turns
        return lambda: next(times)

    def show(a: float, b: float, b_rich: float) -> Result:
        clock = turns(a, b, b_rich)
        return paired("quiz show 1", "(b)", clock, clock, 3, ("(b+R)", clock))

    within = show(3.0, 2.0, 2.5)
    assert within.ratio == 1.5 and within.rich_ratio == 1.2
    assert check_goals([within], {}) == []
    assert without_rich([within]) == [
        "quiz show 1: 1.50 x floor (b), which has no Rich console (goal 1.3; 1.20 x floor (b+R))"
    ]
    over = show(3.0, 2.0, 2.0)
    assert check_goals([over], {}) == ["quiz show 1: 1.50 x floor (b+R) (goal 1.3)"]
    plain = paired("quiz list", "(a)", lambda: 1.2, lambda: 1.0, 2)
    assert plain.rich_ratio is None and without_rich([plain]) == []
    assert check_goals([plain], {}) == ["quiz list: 1.20 x floor (a) (goal 1.15)"]
