"""`quiz interview`: a timed mock interview with follow-ups and a report card.

Thin: check the options, then plan -> run -> report -> debrief (`actloss_quiz.interview`), each
event printed through `actloss_quiz.render.interview`. Everything heavier than Typer is imported
inside the command.
"""

import shlex
from pathlib import Path
from typing import Annotated

import typer

from actloss_quiz.commands.options import (
    SEED_MAX,
    AppState,
    DifficultyOpt,
    TagOpt,
    TopicOpt,
    bounded,
    state_of,
)
from actloss_quiz.errors import QuizError
from actloss_quiz.vocab import program

MAX_COUNT = 1_000  # questions per interview
MIN_MINUTES, MAX_MINUTES = 0.1, 600  # the whole interview: six seconds to ten hours


def interview(
    ctx: typer.Context,
    topic: TopicOpt = None,
    difficulty: DifficultyOpt = None,
    tag: TagOpt = None,
    count: Annotated[
        int,
        typer.Option(
            "--count",
            "-n",
            parser=bounded(int, 1, MAX_COUNT),
            metavar="INTEGER",
            help=f"Number of questions (1-{MAX_COUNT:,}).",
            show_default=True,
        ),
    ] = 6,
    minutes: Annotated[
        float | None,
        typer.Option(
            "--minutes",
            "-m",
            parser=bounded(float, MIN_MINUTES, MAX_MINUTES),
            metavar="FLOAT",
            help="Minutes in all, split over the questions (default: 2 per easy, 3 per "
            f"medium, 4 per hard question; {MIN_MINUTES:g}-{MAX_MINUTES:,}).",
            show_default=False,
        ),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            parser=bounded(int, 0, SEED_MAX),
            metavar="INTEGER",
            help="Choose the questions reproducibly (0 or more).",
        ),
    ] = None,
    spoken: Annotated[
        bool,
        typer.Option(
            "--spoken", help="Answer aloud: Enter stops the clock, then tick the key points."
        ),
    ] = False,
    no_follow_ups: Annotated[
        bool, typer.Option("--no-follow-ups", help="Ask no follow-up questions.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report", readable=False, help="Also write the report card to this Markdown file."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", "-f", help="Overwrite the --report file if it exists.")
    ] = False,
) -> None:
    """A timed mock interview with follow-ups, then a report card and a study plan.

    Questions go from easy to hard, weighted to your weak spots, with a follow-up after each answer.

    Type an answer over several lines and finish it with an empty line; `:q` ends the interview early. Nothing is revealed until the end, where you may record the answers in your review schedule.

    Example: quiz interview --topic loss --count 4 --minutes 10 --report interview.md

    """
    from actloss_quiz.filters import check_filters

    state = state_of(ctx)
    bank = state.bank()
    topic, levels, tags = check_filters(bank, topic=topic, difficulty=difficulty, tag=tag)
    matching = bank.select(topic=topic, difficulties=levels, tags=tags)
    if not matching:
        raise QuizError(f"no question matches these filters; see them with: {program()} list")
    if report is not None:
        from actloss_quiz.files import check_target

        check_target(report, force=force)

    from actloss_quiz import clock, deadline, store
    from actloss_quiz import interview as core
    from actloss_quiz.console import out
    from actloss_quiz.render.interview import printer
    from actloss_quiz.settings import load_settings
    from actloss_quiz.terminal import read_line, skip_lines

    with store.connection(state.db_path()) as conn:
        settings = load_settings(conn)
        now = clock.now()
        # While an interview plan is in force, the draw follows its forecast for the date.
        recall = deadline.recall_on_date(conn, bank.questions, settings, now)
        plan = core.plan_interview(
            conn,
            matching,
            count=count,
            minutes=minutes,
            seed=seed,
            now=now,
            settings=settings,
            forecast=recall,
        )
        if recall is not None and settings.interview_date is not None:
            out.print(
                f"Questions drawn by the interview plan's forecast for "
                f"{settings.interview_date.isoformat()}: the least likely recalled on the "
                "day most often.",
                markup=False,
            )
        if plan.available < count:
            n = plan.available
            out.print(
                f"Only {n} question{'s match' if n != 1 else ' matches'} "
                f"these filters: the interview asks {'all of them' if n != 1 else 'it'}.",
                markup=False,
            )
        show = printer(out)
        runner = core.Interview(
            conn,
            bank,
            prompt=read_line,
            render=show,
            skip=skip_lines,
            spoken=spoken,
            follow_ups=not no_follow_ups,
            seed=seed,
            filters={
                "topic": topic,
                "difficulty": ",".join(levels) or None,
                "tag": ",".join(tags) or None,
            },
            settings=settings,
        )
        how = (
            "Answer aloud; Enter stops the clock, then tick the key points you said"
            if spoken
            else "Finish each answer with an empty line"
        )
        n_chosen = len(plan.questions)
        out.print(
            f"Mock interview: {n_chosen} question{'s' if n_chosen != 1 else ''} in "
            f"{clock.mmss(sum(plan.budgets))}. {how}; :q ends early.",
            markup=False,
        )
        result = runner.run(plan.questions, plan.budgets)
        save = None
        if report is not None:
            target = report

            def save(text: str) -> None:
                _save_report(target, text, force=force)

        core.present(result, show, command_prefix=command_prefix(state), save_report=save)
        code = runner.debrief(result)
    if code:
        raise typer.Exit(code)


def command_prefix(state: AppState) -> list[str]:
    """`quiz` and the global options in use, so the study-plan command runs as printed."""
    prefix = ["quiz"]
    for path in state.question_paths:
        prefix += ["--questions", str(path)]
    if not state.bundled:
        prefix.append("--no-bundled")
    if state.db is not None:
        prefix += ["--db", str(state.db)]
    return prefix


def _save_report(target: Path, text: str, *, force: bool) -> None:
    from actloss_quiz.console import err
    from actloss_quiz.files import write_atomic

    try:
        write_atomic(target, lambda f: f.write(text), force=force)
    except (QuizError, OSError) as e:  # the file appeared meanwhile, a full disk, a size limit:
        # the answers are saved anyway, and the debrief and the record offer still follow
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        err.print(
            f"Error: the report card was not written to {shlex.quote(str(target))} ({why}); "
            "your answers are saved with the interview",
            markup=False,
        )
        return
    err.print(f"Wrote the report card to {shlex.quote(str(target))}", markup=False)
