"""`quiz export` end to end: files, stdout, --force, atomic replacement, filters, Anki."""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from actloss_quiz import export as ex
from actloss_quiz import files, store
from actloss_quiz.cli import app
from actloss_quiz.errors import QuizError
from actloss_quiz.export import ANKI_HEADER
from tests.helpers import FakeClock, csv_rows

FIXED = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fixed_clock(fake_clock: FakeClock) -> FakeClock:
    fake_clock.step = timedelta(0)
    fake_clock.set(FIXED)
    return fake_clock


def test_scripted_session_then_export(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    # One rating per question: no learning steps inside the session.
    assert runner.invoke(app, ["config", "learn-ahead", "0"]).exit_code == 0
    started = runner.invoke(
        app, ["start", "--topic", "loss", "--limit", "3"], input="\n1\n=1+1\n3\n\n4\n"
    )
    assert started.exit_code == 0, started.output
    result = runner.invoke(app, ["export", "scores.csv"])
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "Wrote 3 reviews to scores.csv"
    assert result.stdout == ""
    raw = (tmp_path / "scores.csv").read_bytes()
    rows = csv_rows(raw.decode("utf-8"))
    assert [r["rating"] for r in rows] == ["1", "3", "4"]
    assert [r["rating_name"] for r in rows] == ["again", "good", "easy"]
    assert [r["answer"] for r in rows] == ["", "'=1+1", ""]  # formula injection neutralised
    assert [r["correct"] for r in rows] == ["false", "true", "true"]
    assert raw.startswith(b"reviewed_at,session_id,") and raw.count(b"\r\n") == 4

    sessions = runner.invoke(app, ["export", "-", "--what", "sessions"])
    assert sessions.exit_code == 0
    (row,) = csv_rows(sessions.stdout)
    assert (row["questions"], row["correct"], row["score_pct"]) == ("3", "2", "66.7")
    assert row["ended_by"] == "finished"
    assert sessions.stderr == ""


def test_existing_file_needs_force(runner: CliRunner, history: Path, tmp_path: Path) -> None:
    target = tmp_path / "scores.csv"
    target.write_text("precious\n", encoding="utf-8")
    os.chmod(target, 0o640)
    before = target.stat()
    result = runner.invoke(app, ["export", str(target)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: '{target}' already exists; add --force to overwrite it\n"
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert target.stat().st_mtime_ns == before.st_mtime_ns

    forced = runner.invoke(app, ["export", str(target), "--force"])
    assert forced.exit_code == 0, forced.output
    assert forced.stderr == f"Wrote 4 reviews to {target}\n"
    assert len(csv_rows(target.read_text(encoding="utf-8"))) == 4
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the replaced file keeps its mode
    assert _temp_files(tmp_path) == []


def test_new_file_gets_default_permissions(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "new.csv"
    assert runner.invoke(app, ["export", str(target)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask  # not mkstemp's 0600


def _failing_rows(monkeypatch: pytest.MonkeyPatch, exc: BaseException) -> None:
    """The history's reads fail after the header: the fast reader at its first chunk, the
    row reader (for the rows the fast writer leaves to it) at its third row."""
    real = store.review_rows

    def rows_then_fail(*args: Any, **kwargs: Any) -> Iterator[tuple[ex.Cell, ...]]:
        for i, row in enumerate(real(*args, **kwargs)):
            if i == 2:
                raise exc
            yield row

    def chunks_then_fail(*args: Any, **kwargs: Any) -> Iterator[Any]:
        raise exc
        yield

    monkeypatch.setattr(store, "review_rows", rows_then_fail)
    monkeypatch.setattr(store, "review_cell_chunks", chunks_then_fail)


def _temp_files(folder: Path) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_failure_midway_keeps_the_old_file(
    runner: CliRunner, history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scores.csv"
    target.write_bytes(b"old,content\r\n1,2\r\n")
    _failing_rows(monkeypatch, RuntimeError("disk on fire"))
    result = runner.invoke(app, ["export", str(target), "--force"])
    assert result.exit_code == 3  # a bug: a one-line report, no traceback
    assert "internal error, please report" in result.stderr
    assert "Traceback" not in result.output and "RuntimeError" not in result.output
    assert target.read_bytes() == b"old,content\r\n1,2\r\n"
    assert _temp_files(tmp_path) == []


def test_ctrl_c_midway_exits_130_and_leaves_nothing(
    runner: CliRunner, history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "scores.csv"
    _failing_rows(monkeypatch, KeyboardInterrupt())
    result = runner.invoke(app, ["export", str(target)])
    assert result.exit_code == 130
    assert result.stderr == f"Export interrupted; '{target}' was left unchanged.\n"
    assert not target.exists()
    assert _temp_files(tmp_path) == []


def test_unusable_targets(runner: CliRunner, history: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "x.csv"
    result = runner.invoke(app, ["export", str(missing)])
    assert result.exit_code == 1
    assert f"folder '{missing.parent}' does not exist" in result.stderr
    assert not (tmp_path / "no").exists()

    result = runner.invoke(app, ["export", str(tmp_path)])
    assert result.exit_code == 1
    assert "is a directory" in result.stderr


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder(runner: CliRunner, history: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        result = runner.invoke(app, ["export", str(folder / "x.csv")])
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: cannot write '{folder / 'x.csv'}': folder '{folder}' is not writable\n"
        )
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_stdout_shapes(runner: CliRunner, history: Path) -> None:
    reviews = runner.invoke(app, ["export", "-"])
    assert reviews.exit_code == 0
    # CliRunner's .stdout turns CRLF into LF; the bytes show what was really written.
    assert reviews.stdout_bytes.startswith((",".join(ex.REVIEW_COLUMNS) + "\r\n").encode())
    assert reviews.stdout_bytes.count(b"\r\n") == 5
    assert len(csv_rows(reviews.stdout)) == 4

    drills = runner.invoke(app, ["export", "-", "--what", "drills"])
    assert drills.exit_code == 0
    assert [r["template"] for r in csv_rows(drills.stdout)] == ["sigmoid-at-point", "bce-one"]
    assert [r["given"] for r in csv_rows(drills.stdout)] == ["0.5", ""]

    sessions = runner.invoke(app, ["export", "-", "--what", "sessions"])
    assert [r["session_id"] for r in csv_rows(sessions.stdout)] == ["1", "2", "3"]  # no drills

    questions = runner.invoke(app, ["export", "-", "--what", "questions"])
    rows = csv_rows(questions.stdout)
    # The bundled bank (dead-relu is one of its ids), then the ids known only from the history,
    # by topic and number.
    assert len(rows) == 30 + 3
    assert [r["question_id"] for r in rows[-3:]] == ["relu", "removed-q", "mse"]
    (dead,) = [r for r in rows if r["question_id"] == "dead-relu"]
    assert (dead["reviews"], dead["lapses"], dead["state"]) == ("1", "0", "learning")
    assert rows[0]["state"] == "new" and rows[0]["reviews"] == "0"


def test_filters(runner: CliRunner, history: Path) -> None:
    def ids(*args: str) -> list[str]:
        result = runner.invoke(app, ["export", "-", *args])
        assert result.exit_code == 0, result.output
        return [r.get("question_id") or r.get("template", "") for r in csv_rows(result.stdout)]

    assert ids("--topic", "loss") == ["mse"]
    assert ids("--topic", "activation") == ["relu", "dead-relu", "removed-q"]
    assert ids("--since", "2026-11-25") == ["mse"]
    assert ids("--since", "2026-11-24T10:02:00+01:00") == ["dead-relu", "removed-q", "mse"]
    assert ids("--since", "2026-11-25", "--what", "drills") == ["sigmoid-at-point", "bce-one"]
    assert ids("--topic", "loss", "--what", "drills") == ["bce-one"]
    assert len(ids("--topic", "loss", "--what", "questions")) == 15 + 1


def test_bad_options(runner: CliRunner, history: Path) -> None:
    result = runner.invoke(app, ["export", "-", "--since", "last week"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --since: 'last week' is not a date (YYYY-MM-DD)")
    result = runner.invoke(app, ["export", "-", "--topic", "los"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --topic: unknown topic 'los' (did you mean 'loss'?)")
    result = runner.invoke(app, ["export", "-", "--what", "pdf"])
    assert result.exit_code == 2
    assert "--what" in result.stderr
    assert result.stdout == ""


def test_empty_history(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "empty.csv"
    result = runner.invoke(app, ["export", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes() == (",".join(ex.REVIEW_COLUMNS) + "\r\n").encode()
    assert result.stderr == "No reviews in the history to export: wrote the header only.\n"
    assert not db_path.exists()  # exporting nothing does not create a database

    result = runner.invoke(app, ["export", "-", "--what", "sessions", "--since", "2030-01-01"])
    assert result.stdout_bytes == (",".join(ex.SESSION_COLUMNS) + "\r\n").encode()
    assert "No sessions in the history to export with these filters" in result.stderr


def test_anki_deck(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "deck.txt"
    result = runner.invoke(app, ["export", str(deck), "--what", "anki"])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"Wrote 30 notes to {deck}\n"
    first = deck.read_bytes()
    lines = first.decode("utf-8").split("\n")
    assert lines[:7] == list(ANKI_HEADER)
    assert "#notetype:Basic" in lines[:7] and "#deck:actloss-quiz" in lines[:7]
    notes = [line.split("\t") for line in lines[7:-1]]
    assert len(notes) == 30 and all(len(n) == 4 for n in notes)
    assert len({n[0] for n in notes}) == 30  # guid = the question id, unique
    assert {n[3] for n in notes} >= {
        "actloss-quiz::activation actloss-quiz::difficulty::easy",
        "actloss-quiz::loss actloss-quiz::difficulty::hard",
    }
    assert sum("<table>" in n[2] for n in notes) >= 25
    assert all("<b>Key points:</b><ul><li>" in n[2] for n in notes)  # every bundled one has them

    again = runner.invoke(app, ["export", str(deck), "--what", "anki", "--force"])
    assert again.exit_code == 0
    assert deck.read_bytes() == first  # byte-identical: no live timings, no randomness

    loss = runner.invoke(app, ["export", "-", "--what", "anki", "--topic", "loss"])
    assert loss.stdout.count("\n") == len(ANKI_HEADER) + 15
    bad = runner.invoke(app, ["export", "-", "--what", "anki", "--since", "2026-01-01"])
    assert bad.exit_code == 2 and "--since" in bad.stderr


def test_db_shapes_do_not_import_numpy(history: Path) -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from actloss_quiz.cli import app\n"
        "for what in ('reviews', 'questions', 'sessions', 'drills'):\n"
        "    r = CliRunner().invoke(app, ['export', '-', '--what', what])\n"
        "    assert r.exit_code == 0, r.output\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
    )
    env = {**os.environ, "ACTLOSS_QUIZ_DB": str(history)}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=60)


def test_export_reads_the_injected_clock(
    runner: CliRunner, history: Path, _fixed_clock: FakeClock
) -> None:
    def retrievability_of(at: datetime) -> str:
        _fixed_clock.set(at)
        result = runner.invoke(app, ["export", "-", "--what", "questions", "--topic", "loss"])
        (mse,) = [r for r in csv_rows(result.stdout) if r["question_id"] == "mse"]
        assert mse["retrievability"] == ""  # cram only: no schedule
        rows = runner.invoke(app, ["export", "-", "--what", "questions"]).stdout
        (relu,) = [r for r in csv_rows(rows) if r["question_id"] == "relu"]
        return relu["retrievability"]

    soon = float(retrievability_of(FIXED + timedelta(days=2)))  # fsrs counts whole days
    later = float(retrievability_of(FIXED + timedelta(days=30)))
    assert 0 < later < soon < 1  # memory decays with time


def test_not_writable_folder_message(
    runner: CliRunner, history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root passes every permission check, so simulate the folder refusing writes.
    monkeypatch.setattr(files.os, "access", lambda *a, **k: False)
    result = runner.invoke(app, ["export", str(tmp_path / "x.csv")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot write '{tmp_path / 'x.csv'}': folder '{tmp_path}' is not writable\n"
    )


def test_write_atomic_never_replaces_a_file_that_appeared(tmp_path: Path) -> None:
    target = tmp_path / "race.csv"

    def write(f: io.TextIOBase) -> int:
        target.write_text("someone else's\n", encoding="utf-8")  # appears mid-export
        f.write("ours\n")
        return 1

    with pytest.raises(QuizError, match="already exists; add --force"):
        files.write_atomic(target, write, force=False)  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "someone else's\n"
    assert _temp_files(tmp_path) == []
    assert files.write_atomic(target, write, force=True) == 1  # type: ignore[arg-type]
    assert target.read_text(encoding="utf-8") == "ours\n"


def test_write_atomic_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = os.open

    def refuse(path: object, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith(".tmp"):  # creating the temporary file beside the target
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(QuizError, match="is not writable"):
        files.write_atomic(tmp_path / "x.csv", lambda f: 0, force=False)


def test_topic_known_only_from_the_history(runner: CliRunner, history: Path) -> None:
    conn = store.connect(history)
    store.record_review(
        conn, question_id="adam", rating=3, reviewed_at=FIXED, card=None, topic="optimizers"
    )
    conn.close()
    result = runner.invoke(app, ["export", "-", "--topic", "optimizers"])
    assert result.exit_code == 0, result.output
    assert [r["question_id"] for r in csv_rows(result.stdout)] == ["adam"]
    result = runner.invoke(app, ["export", "-", "--topic", "optimizer"])
    assert result.exit_code == 2 and "--topic: unknown topic 'optimizer'" in result.stderr


def test_anki_deck_cards_carry_every_follow_up(runner: CliRunner) -> None:
    from actloss_quiz.bank import load_bank
    from actloss_quiz.export import html_text

    result = runner.invoke(app, ["export", "-", "--what", "anki"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")[len(ANKI_HEADER) : -1]
    backs = {n.split("\t")[0]: n.split("\t")[2] for n in lines}
    bank = load_bank()
    for q in bank.questions:
        assert backs[q.id].count("An interviewer may follow up:") == len(q.follow_ups) >= 1
        for fu in q.follow_ups:
            assert html_text(fu.question) in backs[q.id]
            assert backs[q.id].endswith(html_text(q.follow_ups[-1].answer))
