"""`quiz export`: the history as CSV (reviews, questions, sessions, drills) or the bank for Anki.

The file is written to a temporary file beside the target and renamed into place, so an
interrupted or failed export never leaves a half-written file, and an existing file is only
replaced with `--force`. numpy is only imported for `--what anki` (the demo tables).
"""

import contextlib
import io
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from actloss_quiz.commands._common import AppState, check_filters, state_of
from actloss_quiz.errors import QuizError, QuizUsageError

if TYPE_CHECKING:
    from actloss_quiz.bank import Question


class What(StrEnum):
    reviews = "reviews"
    questions = "questions"
    sessions = "sessions"
    drills = "drills"
    interviews = "interviews"
    anki = "anki"


# Singular and plural nouns for "Wrote 3 reviews to scores.csv".
NOUNS = {
    What.reviews: ("review", "reviews"),
    What.questions: ("question", "questions"),
    What.sessions: ("session", "sessions"),
    What.drills: ("drill answer", "drill answers"),
    What.interviews: ("interview answer", "interview answers"),
    What.anki: ("note", "notes"),
}

Writer = Callable[[TextIO], int]


def now() -> datetime:
    """The current time from the injectable clock (the one place the export reads it)."""
    from actloss_quiz import clock

    return clock.now()


def export(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(metavar="PATH", help="File to write, or '-' for standard output."),
    ],
    what: Annotated[
        What,
        typer.Option(
            "--what",
            "-w",
            help="reviews: one row per rating; questions: one row per question; "
            "sessions: one row per session; drills: one row per drill answer; "
            "interviews: one row per interview answer (question or follow-up); "
            "anki: the question bank as an Anki import file.",
            case_sensitive=False,
        ),
    ] = What.reviews,
    topic: Annotated[
        str | None, typer.Option("--topic", "-t", help="Only this topic (e.g. activation, loss).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only rows at or after this date (2026-11-24, UTC) or ISO 8601 time.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite PATH if it exists.")
    ] = False,
) -> None:
    """Export your scores as CSV (RFC 4180, UTF-8), or the bank as an Anki deck.

    Example: quiz export scores.csv --since 2026-11-01
    """
    from actloss_quiz.export import parse_since

    state = state_of(ctx)
    since_dt = parse_since(since) if since is not None else None
    if what is What.anki and since_dt is not None:
        raise QuizUsageError("--since: not used with --what anki (it exports the question bank)")
    target = None if path == "-" else Path(path)
    if target is not None:
        _check_target(target, force=force)

    if what is What.anki:
        writer = _anki_writer(state, topic)
    else:
        writer = _history_writer(state, what, topic=topic, since=since_dt)

    try:
        n = _write_stdout(writer) if target is None else write_atomic(target, writer, force=force)
    except KeyboardInterrupt:
        from actloss_quiz.console import err

        kept = "" if target is None else f"; '{path}' was left unchanged"
        err.print(f"Export interrupted{kept}.", markup=False, highlight=False)
        raise typer.Exit(130) from None

    from actloss_quiz.console import err

    singular, plural = NOUNS[what]
    if n == 0:
        nothing = "questions" if what is What.anki else f"{plural} in the history"
        err.print(
            f"No {nothing} to export{' with these filters' if topic or since else ''}: "
            "wrote the header only.",
            markup=False,
            highlight=False,
        )
    elif target is not None:
        err.print(
            f"Wrote {n} {singular if n == 1 else plural} to {path}", markup=False, highlight=False
        )


# --- sources --------------------------------------------------------------------------------


def _history_writer(
    state: AppState, what: What, *, topic: str | None, since: datetime | None
) -> Writer:
    """A writer over the progress database (read lazily, streamed while writing)."""
    from actloss_quiz import export as ex
    from actloss_quiz import store

    db = state.db_path()
    if topic is not None:
        _check_topic(state, db, what, topic)

    def write(f: TextIO) -> int:
        # No database yet means no history: export the header without creating the file.
        conn = store.connect(db) if db.exists() else None
        try:
            if what is What.reviews:
                rows = ex.review_rows(conn, topic=topic, since=since) if conn else iter(())
                return ex.write_reviews_csv(f, rows)
            if what is What.sessions:
                sess = store.iter_sessions(conn, topic=topic, since=since) if conn else iter(())
                return ex.write_sessions_csv(f, sess)
            if what is What.drills:
                ans = store.iter_drill_answers(conn, topic=topic, since=since) if conn else iter(())
                return ex.write_drills_csv(f, ans)
            if what is What.interviews:
                got = (
                    store.iter_interview_answer_rows(conn, topic=topic, since=since)
                    if conn
                    else iter(())
                )
                return ex.write_interviews_csv(f, got)
            from actloss_quiz.scheduler import retrievability

            aggs = store.iter_question_aggregates(conn, since=since) if conn else iter(())
            records = ex.question_records(state.bank().questions, aggs, topic=topic, since=since)
            return ex.write_questions_csv(f, records, now=now(), retrievability=retrievability)
        finally:
            if conn is not None:
                conn.close()

    return write


def _check_topic(state: AppState, db: Path, what: What, topic: str) -> None:
    """--topic must name a bank topic, or one found in the history (a removed topic)."""
    try:
        check_filters(state.bank(), topic=topic)
    except QuizUsageError:
        if not db.exists():
            raise
        from actloss_quiz import store

        table = {What.drills: "drill_answers", What.interviews: "interview_answers"}.get(
            what, "reviews"
        )
        conn = store.connect(db)
        try:
            row = conn.execute(f"SELECT 1 FROM {table} WHERE topic = ? LIMIT 1", (topic,))
            if row.fetchone() is None:
                raise
        finally:
            conn.close()


def _anki_writer(state: AppState, topic: str | None) -> Writer:
    """A writer of the bank as an Anki deck; the demo tables come from the engine."""
    from actloss_quiz import export as ex

    bank = state.bank()
    check_filters(bank, topic=topic)
    questions = bank.select(topic=topic)

    def demo_html(q: "Question") -> str:
        if not q.demo:
            return ""
        from actloss_quiz.engine.scenarios import question_demo

        try:
            view = question_demo(q.demo, deterministic=True)
        except QuizError as e:
            from actloss_quiz.console import err

            err.print(
                f"Warning: {q.id}: demo does not run ({e}); exported without its table",
                markup=False,
                highlight=False,
            )
            return ""
        return ex.demo_table_html(view)

    return lambda f: ex.write_anki(f, questions, demo_html)


# --- writing --------------------------------------------------------------------------------


def _check_target(target: Path, *, force: bool) -> None:
    """Fail early (before any work) on a path we cannot or must not write."""
    if target.is_dir():
        raise QuizError(f"'{target}' is a directory; give a file name, e.g. '{target / 'x.csv'}'")
    if target.exists() and not force:
        raise QuizError(f"'{target}' already exists; add --force to overwrite it")
    parent = target.parent
    if not parent.is_dir():
        raise QuizError(
            f"cannot write '{target}': folder '{parent}' does not exist; create it first"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise QuizError(f"cannot write '{target}': folder '{parent}' is not writable")


def write_atomic(target: Path, write: Writer, *, force: bool) -> int:
    """Write through `write` into a temporary file beside `target`, then rename it into place.

    Without `force` an existing target is never replaced (checked atomically by a hard link
    where the filesystem has them). The temporary file is removed on any failure or Ctrl-C.

    Raises:
        QuizError: the target exists (without force), or the folder is missing or not writable.
    """
    parent = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp")
    except FileNotFoundError:
        raise QuizError(
            f"cannot write '{target}': folder '{parent}' does not exist; create it first"
        ) from None
    except PermissionError:
        raise QuizError(f"cannot write '{target}': folder '{parent}' is not writable") from None
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            n = write(f)
            f.flush()
            os.fsync(f.fileno())
        _set_mode(tmp, target)
        _move_into_place(tmp, target, force=force)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def _set_mode(tmp: Path, target: Path) -> None:
    """mkstemp makes the file private (0600): give it the target's mode, or the umask default."""
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp, mode)


def _move_into_place(tmp: Path, target: Path, *, force: bool) -> None:
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if the target appeared meanwhile: never overwrite it
    except FileExistsError:
        raise QuizError(f"'{target}' already exists; add --force to overwrite it") from None
    except OSError:  # no hard links here (e.g. FAT): fall back to check-then-rename
        if target.exists():
            raise QuizError(f"'{target}' already exists; add --force to overwrite it") from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def _write_stdout(write: Writer) -> int:
    """Write to standard output as UTF-8 with the writer's own line endings (no translation)."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (unusual): write to it directly
        return write(sys.stdout)
    f = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=False)
    try:
        n = write(f)
        f.flush()
    except BrokenPipeError:
        # `quiz export - | head`: the reader left; silence the final flush and stop quietly.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(1) from None
    finally:
        with contextlib.suppress(ValueError):
            f.detach()
    return n
