"""`quiz edit`: open the bank file that holds a question in the user's editor, at its line, then
validate the banks again and report every problem as `path:line: id: message`.

Bundled questions are never edited inside the installed package: the command offers to copy the
bundled bank file into the user's bank folder with `override: true` at the top, so that the copy's
questions replace the bundled ones with the same ids (see `bank.load_files`).
"""

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from actloss_quiz.commands.options import AppState, question_arg, state_of
from actloss_quiz.console import err, out
from actloss_quiz.errors import BankError, QuizError

# Editors that take `+LINE FILE` (vi family, nano, emacs family, and others that copied them).
PLUS_LINE = {
    "vi",
    "vim",
    "nvim",
    "gvim",
    "mvim",
    "view",
    "nano",
    "pico",
    "emacs",
    "emacsclient",
    "mg",
    "jed",
    "joe",
    "ne",
    "micro",
    "kak",
    "hx",
    "helix",
}
# Editors that take `FILE:LINE` (after a --goto flag for VS Code).
GOTO = {"code": ["--goto"], "codium": ["--goto"], "code-insiders": ["--goto"], "subl": []}

OVERRIDE_HEADER = (
    "# Your copy of a bundled bank (made by 'quiz edit'). With 'override: true' its questions\n"
    "# replace the bundled questions with the same id; delete this file to go back to those.\n"
    "override: true\n"
)


def default_editor() -> str:
    """$VISUAL, else $EDITOR, else the platform's usual editor."""
    for var in ("VISUAL", "EDITOR"):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    if sys.platform == "win32":
        return "notepad"
    if sys.platform == "darwin":
        return "open -t -W"  # TextEdit, waiting until it closes
    return "nano" if _which("nano") else "vi"


def _which(name: str) -> bool:
    import shutil

    return shutil.which(name) is not None


def editor_command(editor: str, path: Path, line: int) -> list[str]:
    """The argv that opens `path` at `line` in `editor` (a command line, possibly with flags)."""
    import shlex

    try:
        argv = shlex.split(editor, posix=os.name != "nt")
    except ValueError as e:  # an unbalanced quote: `EDITOR='vi "x'`
        from actloss_quiz.text import safe_text

        raise QuizError(
            f"the editor command {safe_text(editor)!r} cannot be read ({e}); fix VISUAL or EDITOR"
        ) from None
    if not argv:
        raise QuizError("the editor command is empty; set VISUAL or EDITOR")
    name = Path(argv[0]).name.lower().removesuffix(".exe")
    if line > 0 and name in PLUS_LINE:
        return [*argv, f"+{line}", str(path)]
    if line > 0 and name in GOTO:
        return [*argv, *GOTO[name], f"{path}:{line}"]
    return [*argv, str(path)]


def is_bundled(path: Path) -> bool:
    from actloss_quiz.bank import bundled_questions_dir

    return path.resolve().parent == bundled_questions_dir().resolve()


def copy_bundled(source: Path, target_dir: Path) -> tuple[Path, int]:
    """Copy a bundled bank file into `target_dir` with the override header; returns the new
    path and how many lines were added before the original text."""
    target = target_dir / source.name
    if target.exists():
        raise QuizError(
            f"'{target}' already exists but does not override this question; add the question "
            f"to it (copy it from '{source}') or delete it to copy the bundled bank again"
        )
    text = source.read_text(encoding="utf-8")
    target_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(OVERRIDE_HEADER + text, encoding="utf-8")
    return target, OVERRIDE_HEADER.count("\n")


def edit(
    ctx: typer.Context,
    ref: Annotated[str, question_arg("The question to edit (id or number).", metavar="ID|NUMBER")],
    yes: Annotated[
        bool,
        typer.Option("--yes", "-y", help="Copy a bundled bank without asking."),
    ] = False,
) -> None:
    """Open the bank file holding a question in $VISUAL/$EDITOR at its line, then validate it.

    A bundled question is not edited in the installed package: its bank is first copied into your bank folder as a bank that overrides the bundled one.

    Example: EDITOR=vim quiz edit relu-definition

    """
    from actloss_quiz.bank import user_banks_dir
    from actloss_quiz.filters import find_question

    state = state_of(ctx)
    try:
        q = find_question(state.bank(), ref)
        path, line = Path(q.path), q.line
    except BankError as e:
        # A bank with problems does not load, but that is when `edit` is needed most: find
        # the id in the files by text and open it there.
        from actloss_quiz.bank import bank_files, env_question_paths, find_id_line

        files, _ = bank_files([*state.question_paths, *env_question_paths()], bundled=state.bundled)
        found = find_id_line(files, ref.strip())
        if found is None:
            raise
        path, line = found
        for problem in e.problems:
            err.print(problem, markup=False, highlight=False, soft_wrap=True)
        err.print(
            f"The banks have problems (above); opening '{ref.strip()}' at {path}:{line}.",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        if is_bundled(path):
            raise QuizError(
                f"'{ref.strip()}' is in the bundled bank, which is not edited in place, and "
                "the banks do not load; fix the problems above first"
            ) from None
    if is_bundled(path):
        target_dir = user_banks_dir()
        if not yes:
            from actloss_quiz.terminal import read_line

            prompt = (
                f"Q{q.number} ({q.id}) is in the bundled bank, which is not edited in place. "
                f"Copy {path.name} to {target_dir} as your own bank that overrides the bundled "
                "questions? [y/N] "
            )
            try:
                answer = read_line(prompt)
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                raise QuizError("edit cancelled; nothing was copied")
        path, added = copy_bundled(path, target_dir)
        line += added
        out.print(
            f"Copied the bundled bank to {path}", markup=False, highlight=False, soft_wrap=True
        )

    import subprocess

    from actloss_quiz.threads import child_environment

    argv = editor_command(default_editor(), path, line)
    try:
        status = subprocess.run(argv, check=False, env=child_environment()).returncode
    except OSError as e:
        raise QuizError(
            f"cannot start the editor '{argv[0]}': {e.strerror or e}; set VISUAL or EDITOR"
        ) from None
    if status != 0:
        raise QuizError(f"the editor '{argv[0]}' exited with status {status}; bank not checked")
    _validate(state, path)


def _validate(state: AppState, path: Path) -> None:
    """Load the banks again (as the next command will) and report the result."""
    fresh = AppState(question_paths=state.question_paths, bundled=state.bundled, db=state.db)
    bank = fresh.bank()  # BankError: printed as `path:line: id: message` lines, exit 1
    n = sum(1 for q in bank.questions if Path(q.path).resolve() == path.resolve())
    out.print(
        f"{path}: {n} question{'s' if n != 1 else ''}, 0 problems",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
