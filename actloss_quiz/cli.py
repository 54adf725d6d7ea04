"""The `quiz` command line: global options, error-to-exit-code mapping and command registration.

Commands live in `actloss_quiz.commands.*`; this module stays light so `quiz --help` is instant.
"""

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from actloss_quiz import __version__
from actloss_quiz.commands import browse, demo, drill, export, grade, interview, progress, study
from actloss_quiz.commands.options import AppState
from actloss_quiz.errors import BankError, Interrupted, QuizError, QuizUsageError


class QuizGroup(TyperGroup):
    """The one error handler: a QuizError becomes its message and exit code, Ctrl-C exit 130.

    A bug (any other exception) keeps its traceback.
    """

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            e: QuizError = Interrupted("Interrupted.")
        except QuizError as caught:
            e = caught
        report_error(e, ctx)
        raise typer.Exit(e.exit_code) from None


def report_error(e: QuizError, ctx: typer.Context | None = None) -> None:
    """Print a user error on stderr: bank problems one per line, others as `Error: ...`."""
    from actloss_quiz.console import err

    if isinstance(e, Interrupted):
        err.print(str(e), markup=False, highlight=False, soft_wrap=True)
        return
    if isinstance(e, BankError):
        for problem in e.problems:
            err.print(problem, markup=False, highlight=False, soft_wrap=True)
        n = len(e.problems)
        err.print(f"{n} problem{'s' if n != 1 else ''} in the question bank", markup=False)
        return
    err.print(f"Error: {e}", markup=False, highlight=False, soft_wrap=True)
    if isinstance(e, QuizUsageError) and ctx is not None:
        sub = ctx.invoked_subcommand
        err.print(f"Try 'quiz {sub + ' ' if sub else ''}--help' for help.", markup=False)


app = typer.Typer(
    cls=QuizGroup,
    name="quiz",
    help="Interview practice on activation and loss functions, with spaced repetition.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        print(f"actloss-quiz {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    questions: Annotated[
        list[Path] | None,
        typer.Option(
            "--questions",
            help="Add a bank file or a folder of *.yaml banks (repeatable). "
            "Also read from ACTLOSS_QUIZ_QUESTIONS (paths separated by ':').",
            show_default=False,
        ),
    ] = None,
    no_bundled: Annotated[
        bool, typer.Option("--no-bundled", help="Leave the 30 bundled questions out.")
    ] = False,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Progress database (default: user data dir, or ACTLOSS_QUIZ_DB).",
            show_default=False,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Practise ML interview questions on activation and loss functions.

    Example: quiz start --topic loss
    """
    ctx.obj = AppState(question_paths=list(questions or []), bundled=not no_bundled, db=db)


# Registration block: one line per command.
app.command("list")(browse.list_questions)
app.command("show")(browse.show)
app.command("validate")(browse.validate)
app.command("grade")(grade.grade)
app.command("demo", cls=demo.DemoCommand)(demo.demo)
app.command("start")(study.start)
app.command("config")(progress.config)
app.command("stats")(progress.stats)
app.command("reset")(progress.reset)
app.command("export")(export.export)
app.command("drill")(drill.drill)
app.command("interview")(interview.interview)


def main() -> None:
    """Console-script entry point."""
    app(prog_name="quiz")
