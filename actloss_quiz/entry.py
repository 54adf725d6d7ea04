"""The `quiz` console script: Ctrl-C at any point of start-up exits with 130, never a traceback.

Nothing is imported here before the `try`, so even the first import of Typer and Rich, and the
building of the command tree from the function signatures, are covered.
"""

import sys


def main() -> None:
    """Import and run the CLI; Ctrl-C during start-up is an interruption, not a traceback."""
    try:
        from actloss_quiz.threads import limit_blas_threads

        limit_blas_threads()  # before NumPy is imported, unless the user chose a thread count
        from actloss_quiz.cli import main as cli_main

        cli_main()
    except KeyboardInterrupt as e:  # before the CLI's own handler was in place
        if sys.stderr is not None:
            sys.stderr.write("Interrupted.\n")
        sys.exit(int(getattr(e, "exit_code", 130)))
