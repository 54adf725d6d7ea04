"""Shell completion of option values and arguments, from the banks in use.

Typer calls these only while answering a completion request (`_QUIZ_COMPLETE=complete_bash ...`),
never on a normal run, so they may load the bank; everything is imported inside the functions.
A bank that does not load completes nothing rather than printing an error into the shell.
Real (not string) annotations: Typer reads these signatures when it builds the app.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from actloss_quiz.bank import Bank, Question

Items = list[tuple[str, str]]
_HELP_WIDTH = 60


def _bank(ctx: typer.Context) -> "Bank | None":
    """The bank the command would use: `--questions`/`--no-bundled` as typed so far, plus
    ACTLOSS_QUIZ_QUESTIONS and the user banks."""
    from pathlib import Path

    from actloss_quiz.bank import env_question_paths, load_bank
    from actloss_quiz.errors import QuizError

    params = ctx.find_root().params
    paths = [Path(p) for p in params.get("questions") or []]  # str while completing
    try:
        return load_bank(
            [*paths, *env_question_paths()], bundled=not params.get("no_bundled", False)
        )
    except QuizError:
        return None


def usable_request(instruction: str | None) -> bool:
    """Whether a completion request (`_QUIZ_COMPLETE=complete_bash`, ...) can be answered: bash
    needs COMP_WORDS and a COMP_CWORD that is a small whole number; no request is usable too."""
    import os

    if not instruction or not instruction.startswith("complete_"):
        return True  # not a request (a normal run, `source_bash`): Typer handles it
    if instruction == "complete_bash":
        cword = os.environ.get("COMP_CWORD", "")
        words = os.environ.get("COMP_WORDS")
        return words is not None and cword.isascii() and cword.isdigit() and len(cword) <= 6
    return True


def safe_items(complete: Callable[[typer.Context, str], Items]) -> Callable[..., Items]:
    """Every value and help text a completion function answers, shown escaped: bank text
    (a tag, a topic) never writes OSC, BEL, backspace or U+202E to the shell, and a newline or
    tab in it cannot split one answer into two."""
    import functools

    @functools.wraps(complete)
    def wrapper(ctx: typer.Context, incomplete: str) -> Items:
        return [(_one_line(v), _short(h)) for v, h in complete(ctx, incomplete)]

    return wrapper


def _one_line(text: str) -> str:
    from actloss_quiz.text import safe_text

    return safe_text(text).replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def _short(text: str) -> str:
    """A help text for the shell: one line, at most 60 characters, controls shown escaped."""
    from actloss_quiz.text import safe_text

    text = safe_text(" ".join(text.split()))
    return text if len(text) <= _HELP_WIDTH else text[: _HELP_WIDTH - 1] + "…"


@safe_items
def topics(ctx: typer.Context, incomplete: str) -> Items:
    """Topics of the loaded banks, with their titles."""
    bank = _bank(ctx)
    if bank is None:
        return []
    return [(t, _short(bank.titles.get(t, ""))) for t in bank.topics if t.startswith(incomplete)]


@safe_items
def tags(ctx: typer.Context, incomplete: str) -> Items:
    """Tags of the loaded questions, with how many questions carry each."""
    from collections import Counter

    bank = _bank(ctx)
    if bank is None:
        return []
    counts = Counter(t for q in bank.questions for t in q.tags)
    return [
        (t, f"{n} question{'s' if n != 1 else ''}")
        for t, n in sorted(counts.items())
        if t.startswith(incomplete)
    ]


@safe_items
def difficulties(ctx: typer.Context, incomplete: str) -> Items:
    """easy, medium, hard; after a comma, the next item of a comma list (`easy,ha` -> `easy,hard`)."""
    from actloss_quiz.vocab import DIFFICULTIES

    head, _, last = incomplete.rpartition(",")
    prefix = f"{head}," if head else ""
    given = set(head.split(",")) if head else set()
    return [
        (prefix + level, "")
        for level in DIFFICULTIES
        if level.startswith(last) and level not in given
    ]


@safe_items
def questions(ctx: typer.Context, incomplete: str) -> Items:
    """Question ids, or numbers when the word typed so far is a number, with the question."""
    bank = _bank(ctx)
    if bank is None:
        return []
    if incomplete.isdigit() or incomplete == "":
        numbers: dict[str, Question] = {}
        for q in bank.questions:
            numbers.setdefault(str(q.number), q)
        if incomplete:
            return [(n, _short(q.question)) for n, q in numbers.items() if n.startswith(incomplete)]
    return [(q.id, _short(q.question)) for q in bank.questions if q.id.startswith(incomplete)]


# The demo catalogue imports NumPy (+100 ms); its names are listed here for completion, and
# tests/commands/test_completion.py fails when the two lists differ.
DEMO_NAMES = (
    "relu",
    "leaky-relu",
    "prelu",
    "elu",
    "sigmoid",
    "tanh",
    "softplus",
    "gelu",
    "gelu-tanh",
    "silu",
    "softmax",
    "mse",
    "mae",
    "huber",
    "bce",
    "bce-logits",
    "cross-entropy",
    "hinge",
    "focal",
    "kl",
    "distill",
    "l2",
    "accuracy",
)
DEMO_ALIASES = {"swish": "silu"}


@safe_items
def demos(ctx: typer.Context, incomplete: str) -> Items:
    """Demo names and aliases (without importing the catalogue)."""
    items = [(name, "") for name in DEMO_NAMES]
    items += [(alias, f"= {target}") for alias, target in DEMO_ALIASES.items()]
    return [(name, help) for name, help in items if name.startswith(incomplete)]


DRILL_TOPICS = ("activation", "loss")  # drills.templates.TOPICS, without importing NumPy


@safe_items
def drill_topics(ctx: typer.Context, incomplete: str) -> Items:
    """The topics `quiz drill` has exercises for."""
    return [(t, "") for t in DRILL_TOPICS if t.startswith(incomplete)]


@safe_items
def settings(ctx: typer.Context, incomplete: str) -> Items:
    """The names of `quiz config` settings."""
    from actloss_quiz.settings import SETTINGS

    return [(k, _short(s.help)) for k, s in SETTINGS.items() if k.startswith(incomplete)]


# --- `quiz --install-completion` says what it changes ------------------------------------------
#
# Typer's installer writes a completion script and edits the shell's start-up file without a word
# about the latter. The option's callback is wrapped (see `QuizGroup.get_params` in cli.py): the
# files it may touch are read before and after, and every change is printed.

_RC_FILES = (".bashrc", ".zshrc")  # start-up files: the lines added are shown
_SCRIPTS = (".bash_completions/{prog}.sh", ".zfunc/_{prog}", ".config/fish/completions/{prog}.fish")
# PowerShell: Typer's installer appends the completion script to the user's profile (the file
# PowerShell's `$profile` names, asked of the shell itself) and first sets the execution policy.
POWERSHELLS = ("powershell", "pwsh")
POWERSHELL_POLICY = "Set-ExecutionPolicy Unrestricted -Scope CurrentUser"


def _shell_of(value: object) -> str | None:
    """The shell `--install-completion [SHELL]` installs for: the one named, else the one
    Typer's installer detects (None when that fails or detection is switched off)."""
    import os

    if isinstance(value, str):
        return value
    if os.environ.get("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION"):
        return None
    try:
        import shellingham  # type: ignore[import-untyped]  # Typer's own shell detection

        name, _ = shellingham.detect_shell()
    except Exception:  # noqa: BLE001 - no shell detected: nothing more to say
        return None
    return str(name).lower()


def powershell_profile(shell: str) -> str | None:
    """The profile file PowerShell names (`$profile`), asked as Typer's installer asks and
    decoded the same way; None when the shell cannot be run or says nothing."""
    import subprocess

    try:
        done = subprocess.run(
            [shell, "-NoProfile", "-Command", "echo", "$profile"],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    for encoding in ("windows-1252", "utf8", "cp850"):
        try:
            text = done.stdout.decode(encoding).strip()
        except UnicodeDecodeError:
            continue
        return text or None
    return None


def _snapshot(prog: str, startup: "tuple[str, ...]" = ()) -> "dict[str, str | None]":
    from pathlib import Path

    home = Path.home()
    paths = [home / name for name in (*_RC_FILES, *(s.format(prog=prog) for s in _SCRIPTS))]
    out: dict[str, str | None] = {}
    for path in (*paths, *(Path(p) for p in startup)):
        try:
            out[str(path)] = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            out[str(path)] = None
    return out


def describe_changes(
    before: "dict[str, str | None]",
    after: "dict[str, str | None]",
    startup: "tuple[str, ...]" = (),
) -> list[str]:
    """What changed between two snapshots: each start-up file (a shell's rc file, the paths in
    `startup`) with the lines added to it, each completion script written."""
    import difflib
    import os

    lines: list[str] = []
    for path, new in after.items():
        old = before.get(path)
        if new is None or new == old:
            continue
        verb = "Created" if old is None else "Changed"
        if os.path.basename(path) not in _RC_FILES and path not in startup:
            lines.append(f"{'Wrote' if old is None else 'Rewrote'} {path} (the completion script)")
            continue
        old_lines, new_lines = (old or "").splitlines(), new.splitlines()
        matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
        added = [
            line
            for tag, _, _, j1, j2 in matcher.get_opcodes()
            if tag in ("insert", "replace")
            for line in new_lines[j1:j2]
        ]
        shown = [f"  {line}" for line in added if line.strip()]
        if shown:
            lines.append(f"{verb} {path}, adding:")
            lines.extend(shown)
        else:
            lines.append(f"{verb} {path} (only an empty line added)")
    return lines


def say_what_changes(install: Callable[..., object]) -> Callable[..., object]:
    """The `--install-completion` callback, then a line for every file it created or changed
    (for PowerShell, its profile and the lines appended, and the execution policy it set)."""
    import functools

    @functools.wraps(install)
    def wrapper(ctx: typer.Context, param: object, value: object) -> object:
        if not value or ctx.resilient_parsing:
            return install(ctx, param, value)
        prog = ctx.find_root().info_name or "quiz"
        shell = _shell_of(value)
        startup: tuple[str, ...] = ()
        if shell in POWERSHELLS:
            profile = powershell_profile(shell)
            startup = (profile,) if profile else ()
        before = _snapshot(prog, startup)
        try:
            return install(ctx, param, value)
        finally:
            from actloss_quiz.text import safe_text

            after = _snapshot(prog, startup)
            changes = describe_changes(before, after, startup)
            if startup and after[startup[0]] != before[startup[0]]:  # it ran, then appended
                changes.append(
                    f"Also ran {shell} -Command {POWERSHELL_POLICY} (your execution policy, so "
                    "the profile may run)"
                )
            for line in changes:
                print(safe_text(line))

    wrapper.says_changes = True  # type: ignore[attr-defined]
    return wrapper
