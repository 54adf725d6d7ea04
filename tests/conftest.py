"""Shared fixtures: every test gets its own database, never the user's real data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
BANKS = Path(__file__).resolve().parent / "banks"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACTLOSS_QUIZ_DB", str(tmp_path / "quiz.sqlite3"))
    monkeypatch.delenv("ACTLOSS_QUIZ_QUESTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    # platformdirs would otherwise point at the real home: make any accidental use harmless.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("ACTLOSS_QUIZ_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "quiz.sqlite3"


class Script:
    """A prompt that replays lines, then raises the given end (EOFError by default)."""

    def __init__(self, lines: list[str], end: type[BaseException] = EOFError) -> None:
        self.lines = list(lines)
        self.end = end
        self.prompts: list[str] = []

    def __call__(self, text: str) -> str:
        self.prompts.append(text)
        if not self.lines:
            raise self.end()
        return self.lines.pop(0)
