"""`quiz drill`: generated numeric exercises graded by the demo engine.

Kept light at import time (cli.py imports it for registration): the drills (numpy and the
engine), the store and Rich are imported inside the command.
"""

from typing import Annotated

import typer

from actloss_quiz.commands import completion
from actloss_quiz.commands.options import SEED_MAX, DifficultyOpt, bounded, state_of
from actloss_quiz.drills import DEFAULT_COUNT
from actloss_quiz.drills.grading import DEFAULT_DECIMALS, MAX_DECIMALS

MAX_COUNT = 1000


def drill(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option(
            "--topic",
            "-t",
            help="Only this topic: activation or loss.",
            autocompletion=completion.drill_topics,
        ),
    ] = None,
    difficulty: DifficultyOpt = None,
    count: Annotated[
        int,
        typer.Option(
            "--count",
            "-n",
            parser=bounded(int, 1, MAX_COUNT),
            metavar="INTEGER",
            help="How many exercises (1-1000).",
        ),
    ] = DEFAULT_COUNT,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            parser=bounded(int, 0, SEED_MAX),
            metavar="INTEGER",
            help="Reproduce an exercise set (default: a new set each time).",
        ),
    ] = None,
    decimals: Annotated[
        int,
        typer.Option(
            "--decimals",
            "-k",
            parser=bounded(int, 0, MAX_DECIMALS),
            metavar="INTEGER",
            help="Grade to this many decimal places: correct when within half a unit of the "
            "last place (a relative 1e-3 also counts for answers of 100 or more).",
        ),
    ] = DEFAULT_DECIMALS,
    list_templates: Annotated[
        bool, typer.Option("--list", help="Show the exercise templates per level, then exit.")
    ] = False,
) -> None:
    """Compute activations, losses and gradients by hand; the engine grades every answer.

    Type a number: 0.25, 1/4 or 2.5e-1. Enter skips, `:q` quits, Ctrl-C stops. A wrong or skipped answer shows the worked solution. Answers can be piped, one per line.

    Example: quiz drill --topic loss --difficulty medium --count 5

    """
    from actloss_quiz import store
    from actloss_quiz.console import out
    from actloss_quiz.drills.runner import run_drill
    from actloss_quiz.drills.templates import generate, select_templates
    from actloss_quiz.filters import split_values
    from actloss_quiz.render.drill import drill_view, templates_table
    from actloss_quiz.terminal import read_line

    levels = split_values(difficulty)
    templates = select_templates(topic, levels)
    if list_templates:
        out.print(templates_table(templates))
        return
    exercises = generate(count, seed=seed, topic=topic, levels=levels)
    with store.connection(state_of(ctx).db_path()) as conn:
        result = run_drill(
            conn,
            exercises,
            prompt=read_line,
            render=lambda event: out.print(drill_view(event)),
            decimals=decimals,
            topic_filter=topic,
            difficulty_filter=",".join(levels) or None,
        )
    if result.exit_code:
        raise typer.Exit(result.exit_code)
