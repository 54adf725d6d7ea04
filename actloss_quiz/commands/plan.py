"""`quiz plan`: the interview date, the daily budget, and the plan to the date (issue 22).

Kept light at import time (cli.py imports it for registration): the store, the planner, numpy
and Rich are imported inside the command.
"""

from typing import Annotated

import typer

from actloss_quiz.commands.options import JsonOpt, bounded, state_of
from actloss_quiz.errors import QuizUsageError
from actloss_quiz.text import json_text
from actloss_quiz.vocab import program

MAX_PER_DAY = 1000  # the daily-budget setting's range
MAX_MINUTES = 1440


def plan(
    ctx: typer.Context,
    date_text: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="YYYY-MM-DD",
            help="The interview day: tomorrow to 180 days away (stored).",
            show_default=False,
        ),
    ] = None,
    per_day: Annotated[
        int | None,
        typer.Option(
            "--per-day",
            parser=bounded(int, 1, MAX_PER_DAY),
            metavar="N",
            help="Questions a day the plan may draw (stored as daily-budget).",
            show_default=False,
        ),
    ] = None,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes-per-day",
            parser=bounded(float, 1, MAX_MINUTES),
            metavar="M",
            help="Minutes a day, turned into questions at your median seconds per rating.",
            show_default=False,
        ),
    ] = None,
    clear: Annotated[
        bool, typer.Option("--clear", help="Forget the interview date: plain spaced repetition.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Plan to an interview date: each day's reviews and new questions, and how ready you will be.

    While a date is set and not past, quiz start follows the plan: new questions early enough to be learned, reviews when they raise recall on the date, and on the last days the least likely recalled first. Readiness is the expected share of the bank recalled on the date (FSRS-6's forgetting curve with each question's stability).

    Example: quiz plan --date 2026-12-20 --minutes-per-day 20
    """
    from datetime import date

    from actloss_quiz import clock, deadline, store
    from actloss_quiz.settings import check_interview_date, load_settings

    if per_day is not None and minutes is not None:
        raise QuizUsageError("give --per-day or --minutes-per-day, not both")
    if clear and date_text is not None:
        raise QuizUsageError("give --date or --clear, not both")
    now = clock.now()
    today = deadline.local_day(now)
    day = None
    if date_text is not None:
        from actloss_quiz.settings import parse_day

        parsed = parse_day("--date", date_text)
        if not parsed:
            raise QuizUsageError(f"--date: '{date_text}' is not a date; give YYYY-MM-DD")
        day = check_interview_date(date.fromisoformat(str(parsed)), today, option="--date")
    state = state_of(ctx)
    bank = state.bank()
    said: list[str] = []
    with store.connection(state.db_path()) as conn:
        pace = deadline.pace(conn)
        if clear:
            store.set_setting(conn, "interview-date", "")
            said.append(
                f"Interview date cleared: {program()} start is back to plain spaced repetition."
            )
        if day is not None:
            store.set_setting(conn, "interview-date", day.isoformat())
            said.append(f"Interview date set: {day.isoformat()}.")
        if minutes is not None:
            per_day = pace.questions_in(minutes)
            said.append(f"{minutes:g} minutes a day ≈ {per_day} questions ({pace.describe()}).")
        if per_day is not None:
            store.set_setting(conn, "daily-budget", str(per_day))
            said.append(f"Daily budget set: {per_day} questions a day.")
        settings = load_settings(conn)
        the_plan = deadline.forecast(conn, bank.questions, settings, now)
        notes = deadline.weak_notes(conn, bank.questions, settings) if the_plan else None
    if json_out:
        print(json_text(deadline.plan_json(the_plan, settings, pace, notes, today), indent=2))
        return
    from actloss_quiz.console import out
    from actloss_quiz.render.plan import no_plan_message, plan_view

    for line in said:
        out.print(line)
    if clear:
        return
    if the_plan is None or notes is None:
        out.print(no_plan_message(settings, today))
        return
    for part in plan_view(the_plan, settings, pace, notes, {q.id: q for q in bank.questions}):
        out.print(part)
