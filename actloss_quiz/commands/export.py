"""`quiz export`: the history as CSV (reviews, questions, sessions, drills) or the bank for Anki.

The file is written to a temporary file beside the target and renamed into place, so an
interrupted or failed export never leaves a half-written file, and an existing file is only
replaced with `--force`. numpy is only imported for `--what anki` (the demo tables).
"""

import contextlib
import io
import os
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from actloss_quiz.commands.options import AppState, TopicOpt, state_of
from actloss_quiz.errors import Interrupted, QuizError, QuizUsageError
from actloss_quiz.files import Writer, check_target, write_atomic

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
            metavar="KIND",  # the kinds are in the help; listed here they overflow 60 columns
            help="reviews: one row per rating; questions: one row per question; "
            "sessions: one row per session; drills: one row per drill answer; "
            "interviews: one row per interview answer (question or follow-up); "
            "anki: the question bank as an Anki import file.",
            case_sensitive=False,
        ),
    ] = What.reviews,
    topic: TopicOpt = None,
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
        check_target(target, force=force)

    if what is What.anki:
        writer = _anki_writer(state, topic)
    else:
        writer = _history_writer(state, what, topic=topic, since=since_dt)

    try:
        n = _write_stdout(writer) if target is None else write_atomic(target, writer, force=force)
    except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM/SIGHUP (errors.Terminated)
        kept = "" if target is None else f"; '{path}' was left unchanged"
        interrupted = Interrupted(f"Export interrupted{kept}.")
        interrupted.exit_code = int(getattr(e, "exit_code", interrupted.exit_code))
        raise interrupted from None

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
        from actloss_quiz.filters import check_topic

        with contextlib.ExitStack() as stack:  # an existing database only: never create one
            conn = stack.enter_context(store.connection(db)) if db.exists() else None
            check_topic(
                state.bank(),
                topic,
                conn,
                drills=what is What.drills,
                interviews=what is What.interviews,
            )

    def write(f: TextIO) -> int:
        # No database yet means no history: export the header without creating the file.
        conn = store.connect(db) if db.exists() else None
        try:
            if what is What.reviews:
                if conn is None:
                    return ex.write_reviews_csv(f, ())
                return ex.write_review_history(f, conn, topic=topic, since=since)
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
            from actloss_quiz import clock
            from actloss_quiz.scheduler import retrievability

            aggs = store.iter_question_aggregates(conn, since=since) if conn else iter(())
            records = ex.question_records(state.bank().questions, aggs, topic=topic, since=since)
            return ex.write_questions_csv(
                f,
                records,
                now=clock.now(),
                retrievability=retrievability,
                suspended=store.suspended_ids(conn) if conn else frozenset(),
            )
        finally:
            if conn is not None:
                conn.close()

    return write


def _anki_writer(state: AppState, topic: str | None) -> Writer:
    """A writer of the bank as an Anki deck; the demo tables come from the engine."""
    from actloss_quiz import export as ex
    from actloss_quiz.demos import question_view
    from actloss_quiz.filters import check_filters

    bank = state.bank()
    check_filters(bank, topic=topic)
    questions = bank.select(topic=topic)

    def demo_html(q: "Question") -> str:
        try:
            view = question_view(q, deterministic=True)
        except QuizError as e:
            from actloss_quiz.console import err

            err.print(
                f"Warning: {q.id}: demo does not run ({e}); exported without its table",
                markup=False,
                highlight=False,
            )
            return ""
        return "" if view is None else ex.demo_table_html(view)

    return lambda f: ex.write_anki(f, questions, demo_html)


# --- writing --------------------------------------------------------------------------------


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
