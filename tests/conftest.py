"""Shared fixtures: every test gets its own database, never the user's real data directory."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import clock, store
from tests.helpers import T0, FakeClock, build_history
from tests.terminal_helpers import Pty


def pytest_configure(config: pytest.Config) -> None:
    """Ctrl-C reaches the CLI the tests start, as it would at a terminal. A shell that starts the
    suite in the background (`pytest &` in a script) leaves SIGINT ignored, and an ignored signal
    stays ignored across exec: the interrupt tests' children would never see it. A handled one is
    reset to the default on exec, so handling it here gives them Python's own Ctrl-C."""
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        try:
            signal.signal(signal.SIGINT, signal.default_int_handler)
        except ValueError:  # not the main thread: nothing to restore from here
            pass


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests run first, so that none of them starts near the end with the other workers
    idle, and those of one `xdist_group` go to one worker, as the group means (pytest-xdist cannot
    group under pytest 9, pytest-xdist#1386): one worker builds, the next test reuses the build,
    and no other worker waits at `built_once`'s lock. xdist (`--dist loadgroup`, each test its own
    unit while it cannot group) starts worker k on tests k and k + n of the n workers; the slow
    tests are dealt to n lanes by group and interleaved to match. Without xdist the order only
    moves the slow tests to the front."""
    slow = [item for item in items if item.get_closest_marker("slow") is not None]
    if not slow:
        return
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    groups: dict[str, list[pytest.Item]] = {}
    for item in slow:
        mark = item.get_closest_marker("xdist_group")
        groups.setdefault(str(mark.args[0]) if mark else item.nodeid, []).append(item)
    lanes: list[list[pytest.Item]] = [[] for _ in range(max(workers, 1))]
    for group in sorted(groups.values(), key=len, reverse=True):
        min(lanes, key=len).extend(group)
    dealt = [lane[i] for i in range(max(map(len, lanes))) for lane in lanes if i < len(lane)]
    chosen = set(dealt)
    items[:] = dealt + [item for item in items if item not in chosen]


@pytest.fixture(scope="session")
def _bundled_cache(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The parsed-bank cache files of the bundled bank, written once per worker by `load_bank`.

    Building them from the YAML takes 0.4 s of CPU; every test that loads the bundled bank, and
    every `quiz` process a test starts, paid it again in its own empty cache folder."""
    from actloss_quiz.bank import load_bank

    folder = tmp_path_factory.mktemp("bundled-cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ACTLOSS_QUIZ_CACHE", str(folder))
        mp.setenv("XDG_DATA_HOME", str(folder / "xdg-data"))
        mp.delenv("ACTLOSS_QUIZ_QUESTIONS", raising=False)
        load_bank(user=False)
    files = sorted(folder.glob("bank-*.json"))
    assert files, "the bundled bank wrote no parsed-bank cache"
    return files


@pytest.fixture(autouse=True)
def _isolated_env(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
    _bundled_cache: list[Path],
) -> None:
    monkeypatch.setenv("ACTLOSS_QUIZ_DB", str(tmp_path / "quiz.sqlite3"))
    monkeypatch.delenv("ACTLOSS_QUIZ_QUESTIONS", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    # platformdirs would otherwise point at the real home: make any accidental use harmless.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    cache = tmp_path / "cache"
    monkeypatch.setenv("ACTLOSS_QUIZ_CACHE", str(cache))
    # The test's own cache starts as after a user's first run: holding the bundled bank's parsed
    # form (copies: a test may damage its own). `cold_cache` tests start with none.
    if request.node.get_closest_marker("cold_cache") is None:
        cache.mkdir()
        for file in _bundled_cache:
            shutil.copyfile(file, cache / file.name)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "quiz.sqlite3"


@pytest.fixture
def conn(db_path: Path) -> Iterator[sqlite3.Connection]:
    """An open, migrated progress database in the test's tmp dir."""
    c = store.connect(db_path)
    yield c
    c.close()


@pytest.fixture
def terminals() -> Iterator[Callable[..., Pty]]:
    """Opens `quiz ARGS` in a pseudo-terminal (`terminals(args, db, columns=80, rows=24)`); every
    one still running when the test ends, passed or failed, is killed and waited for."""
    opened: list[Pty] = []

    def open_terminal(args: list[str], db: Path, columns: int = 80, rows: int = 24) -> Pty:
        opened.append(Pty(args, db, columns, rows))
        return opened[-1]

    yield open_terminal
    for term in opened:
        term.reap()


@pytest.fixture
def fake_clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    """`clock.now` from a fixed UTC time, one second later at every read."""
    fc = FakeClock()
    monkeypatch.setattr(clock, "now", fc)
    return fc


@pytest.fixture
def at(fake_clock: FakeClock) -> FakeClock:
    """The clock stopped at `T0`: `at.set(...)` and `at.travel(...)` move it (in-process CLI)."""
    fake_clock.step = timedelta(0)
    fake_clock.set(T0)
    return fake_clock


@pytest.fixture
def history(db_path: Path) -> Path:
    """The database of `tests.helpers.build_history`: two sessions, a cram review, drills."""
    build_history(db_path)
    return db_path
