"""Test helpers shared by several test modules (fixtures live in conftest.py)."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from actloss_quiz import store
from actloss_quiz.bank import Question
from actloss_quiz.review import Recorded, record_rating
from actloss_quiz.settings import load_settings

REPO = Path(__file__).resolve().parent.parent
BANKS = Path(__file__).resolve().parent / "banks"
T0 = datetime(2026, 11, 24, 5, 14, 16, tzinfo=UTC)  # the fake clock's start
HISTORY_T0 = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # the first review of `build_history`


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


class FakeClock:
    """Stands in for `clock.now`: starts at `start` and moves `step` at every read."""

    def __init__(self, start: datetime = T0, step: timedelta = timedelta(seconds=1)) -> None:
        self.t = start
        self.step = step

    def __call__(self) -> datetime:
        self.t += self.step  # time passes a little at every read (none with step 0)
        return self.t

    def travel(self, **delta: float) -> None:
        self.t += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self.t = at - self.step  # the next read returns `at`


def rate(
    conn: sqlite3.Connection,
    question: tuple[str, int, str, str],
    rating: int,
    at: datetime,
    *,
    session_id: int | None,
    answer: str | None = None,
    score: float | None = None,
    seconds: float | None = None,
    cram: bool = False,
) -> Recorded:
    """Record a rating the way a session does (`review.record_rating` with the stored settings),
    without fsrs's interval fuzz."""
    qid, number, topic, difficulty = question
    q = Question(id=qid, number=number, topic=topic, difficulty=difficulty, question="", answer="")
    return record_rating(
        conn,
        q,
        rating,
        now=at,
        settings=load_settings(conn),
        cram=cram,
        answer=answer,
        score=score,
        seconds=seconds,
        session_id=session_id,
        fuzzing=False,
    )


def reviews(conn: sqlite3.Connection) -> list[SimpleNamespace]:
    """Every stored review, oldest first, with its columns as attributes (read as tests see
    the table: production reads reviews only through aggregates and the exports)."""
    rows = conn.execute("SELECT * FROM reviews ORDER BY reviewed_at, id")
    names = [d[0] for d in rows.description]
    return [SimpleNamespace(**dict(zip(names, row, strict=True))) for row in rows]


def csv_rows(text: str) -> list[dict[str, str]]:
    """A CSV export's rows as dicts by column name."""
    return list(csv.DictReader(io.StringIO(text, newline="")))


def build_history(db: Path) -> None:
    """Two quiz sessions, a cram review, a question later removed from the bank, drills."""
    conn = store.connect(db)
    try:
        s1 = store.start_session(
            conn, started_at=HISTORY_T0, topic_filter="activation", difficulty_filter="easy,medium"
        )
        relu, dead = ("relu", 2, "activation", "easy"), ("dead-relu", 3, "activation", "medium")
        removed = ("removed-q", 99, "activation", "hard")
        m = timedelta(minutes=1)
        answer = "max(0, x), cheap, sparse"
        rate(conn, relu, 3, HISTORY_T0 + m, session_id=s1, answer=answer, score=0.75, seconds=12.5)
        rate(conn, dead, 1, HISTORY_T0 + 2 * m, session_id=s1, seconds=4.0)
        rate(
            conn,
            removed,
            4,
            HISTORY_T0 + 3 * m,
            session_id=s1,
            answer="=1+1",
            score=0.0,
            seconds=7.25,
        )
        store.end_session(conn, s1, ended_at=HISTORY_T0 + timedelta(minutes=5), ended_by="finished")

        t1 = HISTORY_T0 + timedelta(days=1)
        s2 = store.start_session(conn, started_at=t1, topic_filter="loss", cram=True)
        mse, at = ("mse", 17, "loss", "medium"), t1 + timedelta(seconds=30)
        rate(conn, mse, 2, at, session_id=s2, answer="-2+3", score=0.5, seconds=3.0, cram=True)
        store.end_session(conn, s2, ended_at=t1 + timedelta(seconds=90), ended_by="quit")
        store.start_session(conn, started_at=t1 + timedelta(hours=2))  # never ended

        d = store.start_session(conn, started_at=t1, kind="drill")
        store.record_drill_answer(
            conn,
            answered_at=t1 + timedelta(seconds=5),
            template="sigmoid-at-point",
            correct=True,
            session_id=d,
            level="easy",
            topic="activation",
            prompt="sigmoid(0) = ?",
            inputs={"x": 0},
            expected=0.5,
            given="0.5",
            seconds=2.5,
        )
        store.record_drill_answer(
            conn,
            answered_at=t1 + timedelta(seconds=9),
            template="bce-one",
            correct=False,
            session_id=d,
            level="medium",
            topic="loss",
            prompt="BCE(p=0.9, y=1) = ?",
            inputs={"p": 0.9, "y": 1},
            expected=0.105361,
            given=None,
            seconds=1.0,
        )
    finally:
        conn.close()


def recording_console(width: int) -> Any:
    """A Rich console that records what is printed (read it with `export_text()`) and writes
    nowhere else."""
    from rich.console import Console

    return Console(width=width, record=True, file=io.StringIO())


def rate_question(conn: sqlite3.Connection, q: Question, rating: int, at: datetime) -> None:
    """`rate` for a `Question` outside any session."""
    rate(conn, (q.id, q.number, q.topic, q.difficulty), rating, at, session_id=None)


def bare_venv(where: Path) -> Path:
    """A fresh virtual environment without pip of its own (ensurepip takes seconds): its python.
    Install into it with `pip_into`, which runs this interpreter's pip against it."""
    import venv

    venv.create(where, with_pip=False)
    return venv_python(where)


def venv_python(where: Path) -> Path:
    """The python of the virtual environment at `where`."""
    return where / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


def pip_into(python: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`pip install ARGS` into the environment of `python` (pip's --python), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", *args],
        capture_output=True,
        text=True,
        check=False,
    )


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (POSIX; elsewhere no lock, and each worker builds its own)."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    with path.open("a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """The folder `name`, filled by `build(folder)` once per test run however many xdist workers
    ask for it: the first builds it under a lock, the others wait for it and reuse it.

    (`xdist_group` meant to keep such tests on one worker, but pytest-xdist 3.8 cannot group
    under pytest 9 (pytest-xdist#1386): each worker built the wheel, and the Anki venv, again.)"""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    with _locked(root / f"{name}.lock"):
        folder, done = root / name, root / f"{name}.built"
        if not done.exists():
            if folder.exists():  # a build that failed half-way
                import shutil

                shutil.rmtree(folder)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder
