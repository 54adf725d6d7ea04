"""Hostile conditions only a real process shows (issue #10): signals, closed descriptors, locales,
a full disk and Ctrl-C during start-up. Every run goes through `tests.hostile.expect`."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actloss_quiz import store
from tests.hostile import (
    QUESTION,
    Outcome,
    Snapshot,
    base_args,
    expect,
    process_env,
    run_process,
    write_bank,
)


def _setup(tmp: Path) -> list[str]:
    return base_args(write_bank(tmp / "bank.yaml"), tmp / "quiz.sqlite3")


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "actloss_quiz", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env(),
    )


def _read_until(proc: subprocess.Popen[bytes], marker: bytes, timeout: float = 15) -> bytes:
    assert proc.stdout is not None
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"no {marker!r} in {seen!r}"
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 65536)
            assert chunk, f"process ended before {marker!r}: {seen!r}"
            seen += chunk
    return seen


def _finish(proc: subprocess.Popen[bytes], before: bytes = b"") -> Outcome:
    out, err = proc.communicate(timeout=20)
    return Outcome(proc.returncode, before + out, err)


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_signal_closes_the_session_row(signum: int, code: int, tmp_path: Path) -> None:
    """(issue) SIGTERM/SIGHUP end a session like any other end: the row is closed."""
    proc = _spawn([*_setup(tmp_path), "start"])
    seen = _read_until(proc, b"Your answer")
    proc.send_signal(signum)
    expect(_finish(proc, seen), code, says="(interrupted)")
    conn = sqlite3.connect(tmp_path / "quiz.sqlite3")
    rows = conn.execute("SELECT ended_at IS NOT NULL, ended_by FROM sessions").fetchall()
    conn.close()
    assert rows == [(1, "interrupted")]


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_signal_ends_an_interview_with_its_own_code_and_keeps_the_answers(
    signum: int, code: int, tmp_path: Path
) -> None:
    """(#19) `quiz interview` ends on a signal like `quiz start`: exit 128 + the signal, the
    interview row closed as interrupted, the answer given before it kept."""
    second = dict(QUESTION, id="q-two", number=2, question="And for positive inputs?")
    bank = write_bank(tmp_path / "bank.yaml", questions=[dict(QUESTION), second])
    proc = _spawn([*base_args(bank, tmp_path / "quiz.sqlite3"), "interview", "--seed", "1"])
    assert proc.stdin is not None
    seen = _read_until(proc, b"Your answer")
    proc.stdin.write(b"zero\n\n")
    proc.stdin.flush()
    seen += _read_until(proc, b"2/2")
    proc.send_signal(signum)
    expect(_finish(proc, seen), code, says="(interrupted)")
    conn = sqlite3.connect(tmp_path / "quiz.sqlite3")
    ended = conn.execute("SELECT ended_at IS NOT NULL, ended_by FROM interviews").fetchall()
    answers = conn.execute("SELECT question_id, answer FROM interview_answers").fetchall()
    reviews = conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0]
    conn.close()
    assert ended == [(1, "interrupted")]
    assert len(answers) == 1 and answers[0][1] == "zero"
    assert reviews == 0  # an interrupted interview records nothing in the schedule


def _big_history(db: Path, n: int) -> None:
    store.connect(db).close()
    conn = sqlite3.connect(db)
    # The rows are made by SQLite (a recursive count), not one by one from Python: 1 s, not 2.5.
    conn.execute(
        "INSERT INTO reviews (question_id, reviewed_at, rating, answer, topic) "
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?) "
        "SELECT 'q' || (i % 50), printf('2026-01-01T00:00:%02d+00:00', i % 60), 3, ?, 'hostile' "
        "FROM n",
        (n, "x" * 40),
    )
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupted_export_force_leaves_no_temp_file(
    signum: int, code: int, tmp_path: Path
) -> None:
    """(issue) SIGTERM as well as SIGINT: the old file stays, no temporary file is left."""
    db = tmp_path / "quiz.sqlite3"
    _big_history(db, 150_000)
    target = tmp_path / "out" / "scores.csv"
    target.parent.mkdir()
    target.write_bytes(b"old\r\n")
    snap = Snapshot([target])
    proc = _spawn([*_setup(tmp_path), "export", str(target), "--force"])
    deadline = time.monotonic() + 15
    while not any(p.name.endswith(".tmp") for p in target.parent.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None, "export never started"
        time.sleep(0.005)
    proc.send_signal(signum)
    expect(_finish(proc), code, untouched=snap, says="left unchanged")
    assert [p.name for p in target.parent.iterdir()] == ["scores.csv"]


def _close_fd(fd: int) -> object:
    return lambda: os.close(fd)


def test_closed_stdin_ends_the_session(tmp_path: Path) -> None:  # (issue) quiz start <&-
    outcome = run_process(
        [*_setup(tmp_path), "start"], stdin=subprocess.DEVNULL, preexec_fn=_close_fd(0)
    )
    expect(outcome, 0, says="Session summary")


def test_closed_stdout_is_a_clear_error(tmp_path: Path) -> None:  # (issue) quiz export - >&-
    proc = subprocess.run(
        [sys.executable, "-m", "actloss_quiz", *_setup(tmp_path), "export", "-"],
        stderr=subprocess.PIPE,
        preexec_fn=_close_fd(1),
        env=process_env(),
        timeout=20,
        check=False,
    )
    expect(Outcome(proc.returncode, b"", proc.stderr), 1, says="standard output is closed")


def test_closed_stdout_for_a_listing(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "actloss_quiz", *_setup(tmp_path), "list"],
        stderr=subprocess.PIPE,
        preexec_fn=_close_fd(1),
        env=process_env(),
        timeout=20,
        check=False,
    )
    expect(Outcome(proc.returncode, b"", proc.stderr), 1, says="standard output is closed")


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C"},
        {"PYTHONIOENCODING": "ascii"},
        {"LC_ALL": "C", "PYTHONIOENCODING": "ascii", "PYTHONUTF8": "0"},
    ],
    ids=["lang-c", "ascii", "both"],
)
def test_any_locale_works(env: dict[str, str], tmp_path: Path) -> None:  # (issue)
    args = _setup(tmp_path)
    expect(run_process([*args, "show", "1"], env=process_env(**env)), 0, says="Q1")
    session = run_process(
        [*args, "start"], input="naïve café ✓\n3\n".encode(), env=process_env(**env)
    )
    expect(session, 0, says="Session summary")
    conn = sqlite3.connect(tmp_path / "quiz.sqlite3")
    assert conn.execute("SELECT rating FROM reviews").fetchall() == [(3,)]
    conn.close()


def test_disk_full_while_exporting_to_stdout(tmp_path: Path) -> None:  # (issue)
    db = tmp_path / "quiz.sqlite3"
    _big_history(db, 2_000)
    with open("/dev/full", "wb") as full:
        outcome = run_process([*_setup(tmp_path), "export", "-"], stdout=full)
    expect(outcome, 1, says="no space left")


def test_disk_full_while_rating(
    tmp_path: Path,
) -> None:  # (issue) the file-size limit acts as a full disk
    import resource

    args = _setup(tmp_path)
    db = tmp_path / "quiz.sqlite3"
    store.connect(db).close()
    # New writes stop at 40 KiB: the -shm index (32 KiB) and the session row fit, the rating's
    # pages do not (the limit does not apply below a file's existing size).
    limit = 40 * 1024

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    outcome = run_process([*args, "start"], input=b"zero " * 200 + b"\n3\n", preexec_fn=small_disk)
    expect(outcome, 1, says="not saved")
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
    conn.close()


# Ctrl-C lands inside the import of one of these modules (an import hook raises it there, so the
# moment is exact rather than a matter of timing).
_INTERRUPTED_IMPORT = """
import sys
MODULE = sys.argv[1]
class CtrlC:
    pressed = False
    def find_spec(self, name, path=None, target=None):
        if name == MODULE and not CtrlC.pressed:
            CtrlC.pressed = True  # one Ctrl-C, during the first import of MODULE
            raise KeyboardInterrupt
sys.meta_path.insert(0, CtrlC())
sys.argv = ["quiz", *sys.argv[2:]]
from actloss_quiz.entry import main
main()
"""


@pytest.mark.parametrize(
    ("module", "args"),
    [
        ("typer", ["--help"]),
        ("rich.console", ["list"]),
        ("actloss_quiz.commands.study", ["start", "--help"]),  # `quiz --help` imports no command
        ("numpy", ["demo", "relu", "--x", "0"]),
        ("actloss_quiz.store", ["start"]),
        # PyYAML is imported only to parse a bank: with the bundled bank's parsed form cached
        # (as every test has it), it would never be imported
        pytest.param("yaml", ["list"], marks=pytest.mark.cold_cache),
    ],
)
def test_ctrl_c_during_start_up_imports(module: str, args: list[str], tmp_path: Path) -> None:
    """(issue) Ctrl-C while a module is being imported: exit 130, no traceback."""
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_IMPORT, module, *args],
        capture_output=True,
        input=b"",
        env=process_env(),
        timeout=20,
        check=False,
    )
    expect(Outcome(proc.returncode, proc.stdout, proc.stderr), 130, says="Interrupted")


def test_debug_shows_the_traceback_of_a_bug(tmp_path: Path) -> None:
    """ACTLOSS_QUIZ_DEBUG=1 is the only way a stack is shown (here for a real bug path)."""
    code = (
        "import sys\n"
        "from actloss_quiz.commands import options as _common\n"
        "_common.AppState.bank = lambda self: 1 / 0\n"
        "from actloss_quiz.cli import main\n"
        "sys.argv = ['quiz', 'list']\n"
        "main()\n"
    )
    hidden = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        env=process_env(),
        timeout=20,
        check=False,
    )
    expect(
        Outcome(hidden.returncode, hidden.stdout, hidden.stderr),
        3,
        says="internal error, please report",
    )
    shown = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        env=process_env(ACTLOSS_QUIZ_DEBUG="1"),
        timeout=20,
        check=False,
    )
    assert shown.returncode != 0 and b"ZeroDivisionError" in shown.stderr


def test_reader_leaving_early_is_quiet(tmp_path: Path) -> None:
    """`quiz list | head -1`: the closed pipe ends the command without a traceback."""
    bank = write_bank(
        tmp_path / "bank.yaml",
        questions=[
            {"id": f"q{i}", "number": i + 1, "difficulty": "easy", "question": "Q?", "answer": "A."}
            for i in range(2000)  # more output than a pipe buffer holds
        ],
    )
    args = base_args(bank, tmp_path / "quiz.sqlite3")
    proc = subprocess.Popen(
        [sys.executable, "-m", "actloss_quiz", *args, "list"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env(),
    )
    assert proc.stdout is not None
    proc.stdout.read(10)
    proc.stdout.close()  # the reader leaves
    _, err = proc.communicate(timeout=20)
    expect(Outcome(proc.returncode, b"", err), (0, 1))


def _fifo_bank(tmp: Path) -> list[str]:
    fifo = tmp / "b.yaml"
    os.mkfifo(fifo)
    return ["--no-bundled", "--questions", str(fifo), "list"]


def _fifo_in_folder(tmp: Path) -> list[str]:
    folder = tmp / "banks"
    folder.mkdir()
    write_bank(folder / "a.yaml")
    os.mkfifo(folder / "b.yaml")
    return ["--no-bundled", "--questions", str(folder), "list"]


def _fifo_db(tmp: Path) -> list[str]:
    os.mkfifo(tmp / "db")
    return ["--db", str(tmp / "db"), "stats"]


def _fifo_cache(tmp: Path) -> list[str]:
    """A FIFO where the parsed-bank cache of a large bank would be: ignored, not read."""
    from actloss_quiz.hashing import digest

    bank = write_bank(
        tmp / "bank.yaml",
        questions=[
            {
                "id": f"q{i}",
                "number": i + 1,
                "difficulty": "easy",
                "question": "Q" * 80,
                "answer": "A" * 80,
            }
            for i in range(400)  # over the 64 KiB from which banks are cached
        ],
    )
    name = f"bank-{digest(str(bank.resolve()).encode(), 12).hex()}"  # as bank.cache names it
    cache_dir = Path(process_env()["ACTLOSS_QUIZ_CACHE"])
    cache_dir.mkdir(parents=True, exist_ok=True)
    os.mkfifo(cache_dir / f"{name}.json")
    os.mkfifo(cache_dir / f"{name}.texts")
    return ["--no-bundled", "--questions", str(bank), "list"]


@pytest.mark.parametrize(
    ("setup", "code", "says"),
    [
        (_fifo_bank, 1, "not a regular file"),  # (issue) read forever before
        (_fifo_in_folder, 1, "not a regular file"),  # (issue)
        (_fifo_db, 1, "not a regular file"),  # (issue)
        (_fifo_cache, 0, "q399"),  # (issue) the cache is ignored and rebuilt
    ],
    ids=["bank", "bank-folder-entry", "database", "cache"],
)
def test_fifos_are_refused_not_read(setup: object, code: int, says: str, tmp_path: Path) -> None:
    """A FIFO is never opened for a blocking read: a real process, killed if it hangs."""
    args = setup(tmp_path)  # type: ignore[operator]
    expect(run_process(args, timeout=20), code, says=says)
