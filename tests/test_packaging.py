"""Packaging and start-up: a built wheel installs and finds its bank (slow: CI runs it through
the README's test command), `python -m actloss_quiz` works, and the light commands start
without importing the heavy modules."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.helpers import REPO


def run_quiz(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "actloss_quiz", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [["--help"], ["list"], ["list", "--json"], ["show", "1", "--no-demo"], ["grade", "--help"]],
)
def test_light_commands_never_import_heavy_modules(args: list[str]) -> None:
    code = (
        "import sys; from actloss_quiz.cli import app\n"
        f"try:\n    app({args!r}, prog_name='quiz')\nexcept SystemExit as e:\n    code = e.code\n"
        "else:\n    code = 0\n"
        "heavy = [m for m in ('numpy', 'fsrs', 'plotext', 'rapidfuzz', 'snowballstemmer')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        "print('EXIT', code or 0, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert "HEAVY []" in proc.stderr, proc.stderr
    assert "EXIT 0" in proc.stderr, proc.stderr  # a failing command would import nothing either


def test_python_dash_m_works() -> None:
    proc = run_quiz("list", "--topic", "activation", "--json")
    assert proc.returncode == 0
    assert len(json.loads(proc.stdout)) == 15


@pytest.mark.slow
def test_wheel_installs_and_finds_the_bank(tmp_path: Path) -> None:
    """A non-editable install, run from elsewhere, must still find all 30 questions."""
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        check=True,
    )
    wheel = next(dist.glob("actloss_quiz-*.whl"))
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "-q", str(wheel)], check=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [str(env_dir / "bin" / "quiz"), "list", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "ACTLOSS_QUIZ_DB": str(tmp_path / "q.sqlite3")},
    )
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)) == 30
    hard = subprocess.run(
        [str(env_dir / "bin" / "quiz"), "list", "--topic", "loss", "-d", "hard", "--json"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=True,
    )
    assert [r["number"] for r in json.loads(hard.stdout)] == [25, 27, 28]
