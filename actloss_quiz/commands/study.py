"""`quiz start`: the spaced-repetition study session.

Kept light at import time (cli.py imports it for registration): the store, fsrs, scoring and Rich
are imported inside the command.
"""

from typing import Annotated

import typer

from actloss_quiz.commands.options import (
    SEED_MAX,
    DifficultyOpt,
    TagOpt,
    TopicOpt,
    bounded,
    state_of,
)

MAX_QUESTIONS = 50_000  # bank.MAX_QUESTIONS, without importing the bank


def start(
    ctx: typer.Context,
    topic: TopicOpt = None,
    difficulty: DifficultyOpt = None,
    tag: TagOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            parser=bounded(int, 1, MAX_QUESTIONS),
            metavar="INTEGER",
            help="At most this many questions (default 10; no cap with --cram; an interview "
            "plan's day only when given).",
            show_default=False,
        ),
    ] = None,
    new: Annotated[
        int | None,
        typer.Option(
            "--new",
            parser=bounded(int, 0, MAX_QUESTIONS),
            metavar="INTEGER",
            help="At most this many new questions (default 5; an interview plan decides its "
            "own). With --tag it also passes the daily cap (quiz config new-per-day).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            parser=bounded(int, 0, SEED_MAX),
            metavar="INTEGER",
            help="Shuffle new questions reproducibly (0 or more).",
        ),
    ] = None,
    cram: Annotated[
        bool,
        typer.Option("--cram", help="Practise every matching question; schedule unchanged."),
    ] = False,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            "-q",
            help="Only these questions (ids or numbers; a comma list or repeated).",
            show_default=False,
        ),
    ] = None,
    no_demo: Annotated[
        bool,
        typer.Option("--no-demo", help="No demos in this session (:d still shows one)."),
    ] = False,
) -> None:
    """Answer the questions that are due, then new ones; each rating schedules the next review.

    While an interview date is set (quiz plan), the questions are the day's plan; --topic, --difficulty and --tag filter it, --cram and --question are outside it.

    Type an answer (or press Enter to reveal), then rate 1-4; Enter takes the suggestion in brackets. A paste of several lines is one answer; end a line with a backslash to type another. A question still in a learning step due within the learn-ahead window (quiz config learn-ahead) is asked again at the end. `:u` undoes the last rating, `:f` answers the follow-up, `:d` shows the demo, `:q` ends the session. Answers can be piped in, one line each, then the rating line.

    Example: quiz start --topic loss --limit 5
    """
    import msgspec.structs

    from actloss_quiz import clock, session, store
    from actloss_quiz.console import out
    from actloss_quiz.demos import question_view
    from actloss_quiz.filters import check_filters
    from actloss_quiz.render.demo import demo_view
    from actloss_quiz.render.session import session_view
    from actloss_quiz.settings import load_settings
    from actloss_quiz.terminal import read_answer, read_rating, typing_at_terminal

    state = state_of(ctx)
    bank = state.bank()
    topic, levels, tags = check_filters(bank, topic=topic, difficulty=difficulty, tag=tag)
    questions = bank.select(topic=topic, difficulties=levels, tags=tags)
    if question:
        from actloss_quiz.filters import find_question, split_values

        wanted = {find_question(bank, ref, topic).id for ref in split_values(question)}
        questions = [q for q in questions if q.id in wanted]

    def show(event: object) -> None:
        out.print(session_view(event))

    def demo(q: object) -> object:
        view = question_view(q)  # type: ignore[arg-type]
        return None if view is None else demo_view(view)

    from actloss_quiz import deadline
    from actloss_quiz.render.plan import plan_done_message, start_note

    filtered = " ".join(
        [*(["--topic " + topic] if topic else []), *(f"--difficulty {lv}" for lv in levels)]
        + [f"--tag {t}" for t in tags]
    )
    with store.connection(state.db_path()) as conn:
        settings = load_settings(conn)
        if no_demo:
            settings = msgspec.structs.replace(settings, demo="off")
        now = clock.now()
        today = deadline.local_day(now)
        interview = deadline.active_date(settings, today)
        # While an interview date is set and not past, the day's plan is the queue (--cram and
        # --question stay outside it); after the date, plain FSRS by itself.
        day_plan = (
            deadline.todays_queue(conn, bank.questions, settings, now)
            if interview is not None and not cram and not question
            else None
        )
        if day_plan is not None:
            plan = session.plan_day_session(conn, questions, day_plan.queue, limit=limit)
        else:
            plan = session.plan_session(
                conn,
                questions,
                now,
                limit=limit,
                new=session.DEFAULT_NEW if new is None else new,
                seed=seed,
                cram=cram,
                new_per_day=settings.new_per_day,
                learn_ahead=settings.learn_ahead,
                # naming the questions (--question, or --tag with --new N) passes the daily cap
                daily_cap=not (question or (tags and new is not None)),
            )
        note = start_note(
            interview=interview,
            today=today,
            day_plan=day_plan,
            shown=len(plan.questions),
            filters=filtered,
            limit=limit,
            cram=cram,
            question=bool(question),
            settings=settings,
        )
        if not plan.questions:
            if day_plan is not None and interview is not None:
                out.print(
                    plan_done_message(interview, planned=len(day_plan.queue), filters=filtered)
                )
            else:
                if note:
                    out.print(note)
                out.print(session.nothing_to_do_message(plan, now, settings))
            return
        if note:
            out.print(note)
        runner = session.Session(
            conn,
            bank,
            read_answer,
            show,
            demo=demo,
            rate_prompt=read_rating,
            rate_before_quit=typing_at_terminal(),
            cram=cram,
            settings=settings,
            forecast=(
                None
                if interview is None or cram
                else lambda: deadline.readiness(conn, bank.questions, settings, clock.now())
            ),
            filters={
                "topic": topic,
                "difficulty": ",".join(levels) or None,
                "tag": ",".join(tags) or None,
            },
        )
        result = runner.run(plan)
    if result.exit_code:
        raise typer.Exit(result.exit_code)
