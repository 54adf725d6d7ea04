"""`quiz drill`: generated numeric exercises graded by the demo engine.

Kept light at import time (cli.py imports it for registration): `actloss_quiz.drills` (numpy and
the engine), the store and Rich are imported inside the command.
"""

from typing import Annotated, Any

import typer

from actloss_quiz.commands._common import split_values, state_of
from actloss_quiz.commands.browse import DifficultyOpt
from actloss_quiz.console import err, out


def _render(obj: Any) -> None:
    out.print(obj)


def drill(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Option("--topic", "-t", help="Only this topic: activation or loss."),
    ] = None,
    difficulty: DifficultyOpt = None,
    count: Annotated[
        int, typer.Option("--count", "-n", min=1, max=1000, help="How many exercises (1-1000).")
    ] = 10,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", min=0, help="Reproduce an exercise set (default: a new set each time)."
        ),
    ] = None,
    decimals: Annotated[
        int,
        typer.Option(
            "--decimals",
            "-k",
            min=0,
            max=10,
            help="Grade to this many decimal places: correct when within half a unit of the "
            "last place (a relative 1e-3 also counts for answers of 100 or more).",
        ),
    ] = 3,
    list_templates: Annotated[
        bool, typer.Option("--list", help="Show the exercise templates per level, then exit.")
    ] = False,
) -> None:
    """Compute activations, losses and gradients by hand; the engine grades every answer.

    Type a number: 0.25, 1/4 or 2.5e-1. Enter skips, `:q` quits, Ctrl-C stops.
    A wrong or skipped answer shows the worked solution. Answers can be piped, one per line.

    Example: quiz drill --topic loss --difficulty medium --count 5
    """
    from actloss_quiz import drills

    levels = split_values(difficulty)
    templates = drills.select_templates(topic, levels)
    if list_templates:
        out.print(drills.templates_table(templates))
        return
    exercises = drills.generate(count, seed=seed, topic=topic, levels=levels)

    from actloss_quiz import store
    from actloss_quiz.commands.session import read_line

    try:
        conn = store.connect(state_of(ctx).db_path())
        try:
            result = drills.run_drill(
                conn,
                exercises,
                prompt=read_line,
                render=_render,
                decimals=decimals,
                topic_filter=topic,
                difficulty_filter=",".join(levels) or None,
            )
        finally:
            conn.close()
    except KeyboardInterrupt as e:  # outside a prompt (e.g. while opening the database)
        err.print("Interrupted.")
        raise typer.Exit(int(getattr(e, "exit_code", drills.EXIT_INTERRUPTED))) from None
    if result.exit_code:
        raise typer.Exit(result.exit_code)
