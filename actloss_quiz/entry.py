"""The `quiz` console script: Ctrl-C at any point of start-up exits with 130, never a traceback.

Nothing is imported here before the `try`, so even the first import of Typer and Rich, and the
building of the command tree from the function signatures, are covered.
"""

import sys

# The cyclic collector walks its youngest generation each time this many container objects
# (dicts, lists, functions, classes) have been made and not freed; CPython's default is 700.
# Starting a command makes some 50,000 that live as long as the process (modules, Typer's
# commands, Rich's styles, the bank), so at 700 the collector walks them about 70 times: 8-15 ms,
# 5% of `quiz show 1` and 7% of `quiz grade`. The quiz itself makes almost no cycles (the 8,387
# judgements of `quiz validate` leave 2,391 objects in cycles), so a collection every 100,000
# bounds that garbage as well and costs no start-up.
YOUNG_GENERATION = 100_000


def main() -> None:
    """Import and run the CLI; Ctrl-C during start-up is an interruption, not a traceback."""
    try:
        import gc

        gc.set_threshold(YOUNG_GENERATION, *gc.get_threshold()[1:])
        from actloss_quiz.threads import limit_blas_threads

        limit_blas_threads()  # before NumPy is imported, unless the user chose a thread count
        from actloss_quiz.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt as e:  # before the CLI's own handler was in place
        if sys.stderr is not None:
            sys.stderr.write("Interrupted.\n")
        sys.exit(int(getattr(e, "exit_code", 130)))
