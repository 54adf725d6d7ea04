"""Progress commands: `quiz stats`, `quiz reset` and `quiz config`.

Kept light at import time (cli.py imports it for registration): the store, fsrs and Rich are
imported inside the commands.
"""

from typing import Annotated

import typer

from actloss_quiz.commands import completion
from actloss_quiz.commands.options import JsonOpt, TopicOpt, completed_arg, state_of
from actloss_quiz.errors import QuizError, QuizUsageError
from actloss_quiz.text import json_text


def stats(
    ctx: typer.Context,
    topic: TopicOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show reviews, streak, retention, knowledge per topic, leeches, forecast and a heatmap.

    Example: quiz stats --topic loss
    """
    from actloss_quiz import clock, store
    from actloss_quiz.filters import check_topic
    from actloss_quiz.stats import compute_stats

    state = state_of(ctx)
    bank = state.bank()
    with store.connection(state.db_path()) as conn:
        if topic is not None:  # a topic whose questions were all removed still has history
            check_topic(bank, topic, conn)
        questions = [q for q in bank.questions if topic is None or q.topic == topic]
        data = compute_stats(conn, questions, clock.now(), topic=topic, bank=bank.questions)
    if json_out:
        print(json_text(data, indent=2))
        return
    from actloss_quiz.render.stats import print_stats

    print_stats(data)


def reset(
    ctx: typer.Context,
    question: Annotated[
        str | None,
        typer.Option(
            "--question",
            "-q",
            help="Only this question (id or number).",
            show_default=False,
            autocompletion=completion.questions,
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Forget the schedule and review history of every question, or of one question.

    Drill results and settings are kept.

    Example: quiz reset --question relu-definition --yes
    """
    from actloss_quiz import store
    from actloss_quiz.console import out
    from actloss_quiz.filters import find_question_id
    from actloss_quiz.terminal import read_line
    from actloss_quiz.vocab import plural

    state = state_of(ctx)
    with store.connection(state.db_path()) as conn:
        qid = None if question is None else find_question_id(state.bank(), conn, question)
        n_reviews = store.count_reviews(conn, question_id=qid)
        what = f"question '{qid}'" if qid else "all questions"
        if not yes:
            try:
                answer = read_line(
                    f"Reset the schedule and history of {what} "
                    f"({plural(n_reviews, 'review')})? [y/N] "
                )
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                raise QuizError("reset cancelled; nothing was changed")
        _, reviews = store.reset(conn, qid)
    out.print(f"Reset {what}: {plural(reviews, 'review')} removed.")


def config(
    ctx: typer.Context,
    key: Annotated[
        str | None,
        completed_arg(
            "retention, new-per-day, learn-ahead, leech-lapses, leech-action, demo, interview-date "
            "or daily-budget.",
            completion.settings,
        ),
    ] = None,
    value: Annotated[str | None, typer.Argument(help="The new value.", show_default=False)] = None,
) -> None:
    """Show the settings, or change one (stored in the progress database).

    Example: quiz config retention 0.85
    """
    from actloss_quiz import settings, store
    from actloss_quiz.console import out

    if key is not None and key not in settings.SETTINGS:
        raise QuizUsageError(f"unknown setting '{key}'; settings: {', '.join(settings.SETTINGS)}")
    parsed = settings.SETTINGS[key].parse(value) if key is not None and value is not None else None
    if key == "interview-date" and parsed:
        from datetime import date

        from actloss_quiz import clock

        today = clock.now().astimezone().date()
        settings.check_interview_date(date.fromisoformat(str(parsed)), today)
    with store.connection(state_of(ctx).db_path()) as conn:
        if key is not None and parsed is not None:
            store.set_setting(conn, key, str(parsed))
            out.print(f"{key} = {parsed if parsed != '' else 'off'}")
            return
        current = settings.load_settings(conn)
    from actloss_quiz.render.stats import settings_table

    values = {name: current.value(name) for name in settings.SETTINGS}
    out.print(settings_table(values, only=key))
