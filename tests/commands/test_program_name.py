"""The program calls itself what the user typed: `quiz` or `actloss-quiz` (issue 21)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from actloss_quiz import cli, console, vocab

OTHER = "actloss-quiz"


def _run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> tuple[int, str]:
    """`main()` as the console script runs it, with `argv` as the command line."""
    monkeypatch.setattr(sys, "argv", argv)
    with pytest.raises(SystemExit) as done:
        cli.main()
    captured = capsys.readouterr()
    code = done.value.code
    return (code if isinstance(code, int) else 1), captured.out + captured.err


@pytest.mark.parametrize(
    ("invoked", "name"),
    [
        ("quiz", "quiz"),
        ("/home/me/.local/bin/quiz", "quiz"),
        ("/home/me/.local/bin/actloss-quiz", OTHER),
        ("C:\\Users\\me\\Scripts\\actloss-quiz.exe", OTHER),
        ("/usr/lib/python3/site-packages/actloss_quiz/__main__.py", "quiz"),  # python -m
        ("/usr/games/quiz-game", "quiz"),  # not one of ours: the default
        ("", "quiz"),
        (None, "quiz"),
    ],
)
def test_the_program_name_is_one_of_the_two_scripts(invoked: str | None, name: str) -> None:
    assert vocab.program_name(invoked) == name


@pytest.mark.parametrize("name", ["quiz", OTHER])
def test_usage_hints_and_help_say_the_name_typed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    other = OTHER if name == "quiz" else "quiz"
    argv0 = f"/venv/bin/{name}"
    code, out = _run_main(monkeypatch, capsys, [argv0, "start", "--count", "3"])
    assert code == 2
    assert f"Try '{name} start --help' for help." in out
    code, out = _run_main(monkeypatch, capsys, [argv0, "show", "no-such-question"])
    assert code == 2
    assert f"see '{name} list' for the ids" in out  # a hint inside the core's message
    monkeypatch.setattr(console.out, "_console", None)  # 120 columns: each description whole
    code, out = _run_main(monkeypatch, capsys, [argv0, "config"])
    assert code == 0 and f"`{name} start`" in out  # a setting's description
    monkeypatch.setenv("COLUMNS", "60")  # plain help: one line per sentence, easy to read back
    code, out = _run_main(monkeypatch, capsys, [argv0, "start", "--help"])
    assert code == 0
    assert out.startswith(f"Usage: {name} start [OPTIONS]")
    assert f"Example: {name} start --topic loss" in out  # the docstring's example
    assert not re.search(rf"(?<![\w-]){re.escape(other)} (start|plan|config)", out)
    code, out = _run_main(monkeypatch, capsys, [argv0, "demo", "relu", "--x", "a"])
    assert code == 2 and f"Try '{name} demo relu --help' for help." in out


def test_the_name_does_not_outlive_its_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _run_main(monkeypatch, capsys, [f"/venv/bin/{OTHER}", "show", "nope"])
    code, out = _run_main(monkeypatch, capsys, ["/venv/bin/quiz", "show", "nope"])
    assert "see 'quiz list'" in out and OTHER not in out


def _script(name: str) -> Path | None:
    folder = Path(sys.executable).parent
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.exists():
            return candidate
    return None


@pytest.mark.parametrize("name", ["quiz", OTHER])
def test_both_installed_scripts_say_their_own_name(name: str, tmp_path: Path) -> None:
    script = _script(name)
    if script is None:
        pytest.skip(f"the '{name}' script is not installed beside {sys.executable}")
    env = {**os.environ, "ACTLOSS_QUIZ_DB": str(tmp_path / "q.db"), "COLUMNS": "60"}
    done = subprocess.run(
        [str(script), "list", "--topic", "nosuch"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert f"Try '{name} list --help' for help." in done.stderr
    done = subprocess.run(
        [str(script), "stats", "--help"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0 and done.stdout.startswith(f"Usage: {name} stats")
