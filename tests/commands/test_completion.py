"""Shell completion, driven through the environment variables Click's completion uses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app
from tests.helpers import BANKS


def complete(runner: CliRunner, line: str, shell: str = "bash", **env: str) -> list[str]:
    """The completions a shell would get for `line` (the last word is the one being typed)."""
    words = line.split(" ")
    if shell == "bash":
        variables = {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    elif shell == "zsh":
        variables = {"_TYPER_COMPLETE_ARGS": line}
    else:  # fish
        variables = {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = runner.invoke(
        app,
        [],
        prog_name="quiz",
        env={"_QUIZ_COMPLETE": f"complete_{shell}", **variables, **env},
    )
    assert result.exit_code == 0, result.output
    return [line for line in result.stdout.splitlines() if line]


def values(lines: list[str]) -> list[str]:
    """bash prints `plain,VALUE` (or just VALUE); keep the values."""
    return [line.split(",", 1)[1] if line.startswith("plain,") else line for line in lines]


def test_command_names(runner: CliRunner) -> None:
    assert values(complete(runner, "quiz st")) == ["start", "stats"] or sorted(
        values(complete(runner, "quiz st"))
    ) == ["start", "stats"]
    assert "suspend" in values(complete(runner, "quiz su"))
    assert "unsuspend" in values(complete(runner, "quiz un"))


def test_option_names(runner: CliRunner) -> None:
    assert values(complete(runner, "quiz start --li")) == ["--limit"]
    assert "--leeches" in values(complete(runner, "quiz suspend --"))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("quiz list --topic ", ["activation", "loss"]),
        ("quiz stats -t lo", ["loss"]),
        ("quiz export x.csv --topic a", ["activation"]),
        ("quiz start --difficulty ", ["easy", "medium", "hard"]),
        ("quiz list -d easy,", ["easy,medium", "easy,hard"]),
        ("quiz show relu-d", ["relu-definition", "relu-derivative-zero"]),
        ("quiz show 2", ["2", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29"]),
        ("quiz reset --question dead", ["dead-relu"]),
        ("quiz suspend 3 dead", ["dead-relu"]),
        ("quiz unsuspend mse-", ["mse-definition"]),
        ("quiz demo gel", ["gelu", "gelu-tanh"]),
        (
            "quiz export x.csv --what ",
            ["reviews", "questions", "sessions", "drills", "interviews", "anki"],
        ),
        ("quiz config leech", ["leech-lapses", "leech-action"]),
        ("quiz drill --topic ", ["activation", "loss"]),
        ("quiz drill -d easy,m", ["easy,medium"]),
    ],
)
def test_values_from_the_bank(runner: CliRunner, line: str, expected: list[str]) -> None:
    assert values(complete(runner, line)) == expected


def test_demo_names_match_the_catalogue() -> None:
    from actloss_quiz.commands import completion
    from actloss_quiz.engine.catalogue import ALIASES, DEMOS

    assert completion.DEMO_NAMES == tuple(DEMOS)
    assert completion.DEMO_ALIASES == ALIASES


def test_drill_topics_match_the_templates() -> None:
    from actloss_quiz.commands import completion
    from actloss_quiz.drills.templates import TOPICS

    assert completion.DRILL_TOPICS == TOPICS


def test_tags_come_from_the_loaded_questions(runner: CliRunner) -> None:
    tags = values(complete(runner, "quiz list --tag "))
    assert "relu" in tags and tags == sorted(tags)
    assert values(complete(runner, "quiz list --tag relu")) == [
        t for t in tags if t.startswith("relu")
    ]


def test_completion_follows_the_banks_in_use(runner: CliRunner) -> None:
    extra = str(BANKS / "good")
    line = f"quiz --questions {extra} list --topic "
    assert values(complete(runner, line)) == ["activation", "loss", "optimizers"]
    only = f"quiz --no-bundled --questions {extra} list --topic "
    assert values(complete(runner, only)) == ["optimizers"]
    env_bank = values(complete(runner, "quiz list --topic o", ACTLOSS_QUIZ_QUESTIONS=extra))
    assert env_bank == ["optimizers"]


def test_a_broken_bank_completes_nothing_and_prints_no_error(runner: CliRunner) -> None:
    broken = str(BANKS / "broken" / "missing-answer.yaml")
    assert complete(runner, f"quiz --questions {broken} list --topic ") == []


def test_zsh_and_fish_get_help_texts(runner: CliRunner) -> None:
    zsh = complete(runner, "quiz show relu-def", shell="zsh")
    assert any("relu-definition" in line and "ReLU" in line for line in zsh), zsh
    fish = complete(runner, "quiz list --topic ", shell="fish")
    assert any(line.startswith("activation") for line in fish), fish


@pytest.fixture
def no_shell_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    """`--show/--install-completion SHELL` instead of detecting the shell (read at app build)."""
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")


@pytest.mark.usefixtures("no_shell_detection")
def test_show_completion_prints_a_script(runner: CliRunner) -> None:
    for shell, needle in (("bash", "complete_bash"), ("zsh", "compdef"), ("fish", "complete")):
        result = runner.invoke(app, ["--show-completion", shell], prog_name="quiz")
        assert result.exit_code == 0, result.output
        assert needle in result.stdout and "_QUIZ_COMPLETE" in result.stdout


@pytest.mark.usefixtures("no_shell_detection")
def test_install_completion_writes_to_the_shell_rc(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    result = runner.invoke(app, ["--install-completion", "bash"], prog_name="quiz")
    assert result.exit_code == 0, result.output
    assert "_QUIZ_COMPLETE" in (tmp_path / ".bash_completions" / "quiz.sh").read_text()
    assert "quiz.sh" in (tmp_path / ".bashrc").read_text()


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("quiz show relu-d", "relu-definition"),  # loads the bundled bank
        ("quiz demo ge", "gelu"),  # imports the demo catalogue (numpy)
    ],
)
def test_a_completion_request_from_a_real_process(line: str, expected: str) -> None:
    """A real process, as the shell starts it, on the bundled bank. How fast it answers is
    measured by benchmarks/run.py (a ratio to a floor), never asserted here."""
    script = Path(sys.executable).with_name("quiz")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "actloss_quiz"]
    env = {
        **os.environ,
        "_QUIZ_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(line.split(" ")) - 1),
    }
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
    assert expected in proc.stdout
    assert proc.stderr == ""


def test_help_texts_from_a_bank_are_terminal_safe(runner: CliRunner, tmp_path: Path) -> None:
    bank = tmp_path / "evil.yaml"
    bank.write_text(
        'topic: evil\ntitle: "Bad \\e[31mtitle"\nquestions:\n'
        "  - id: evil-one\n    difficulty: easy\n"
        '    question: "Why \\e]0;pwned\\a this?"\n    answer: Because.\n',
        encoding="utf-8",
    )
    lines = complete(runner, f"quiz --questions {bank} show evil", shell="zsh")
    assert any("evil-one" in line for line in lines), lines
    assert not any("\x1b" in line or "\x07" in line for line in lines)
    assert any("\\x1b" in line for line in lines)
    topics = complete(runner, f"quiz --questions {bank} list --topic ev", shell="zsh")
    assert topics and not any("\x1b" in line for line in topics)


@pytest.mark.usefixtures("no_shell_detection")
def test_install_completion_says_what_it_changes(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / ".bashrc").write_text("alias ll='ls -l'\n")
    result = runner.invoke(app, ["--install-completion", "bash"], prog_name="quiz")
    assert result.exit_code == 0, result.output
    script = tmp_path / ".bash_completions" / "quiz.sh"
    assert f"Changed {tmp_path / '.bashrc'}, adding:" in result.stdout
    assert f"  source '{script}'" in result.stdout
    assert f"Wrote {script} (the completion script)" in result.stdout
    assert (tmp_path / ".bashrc").read_text().startswith("alias ll='ls -l'\n")

    result = runner.invoke(app, ["--install-completion", "zsh"], prog_name="quiz")
    assert result.exit_code == 0, result.output
    assert f"Created {tmp_path / '.zshrc'}, adding:" in result.stdout
    assert "  fpath+=~/.zfunc; autoload -Uz compinit; compinit" in result.stdout
    assert f"Wrote {tmp_path / '.zfunc' / '_quiz'} (the completion script)" in result.stdout

    result = runner.invoke(app, ["--install-completion", "fish"], prog_name="quiz")
    fish = tmp_path / ".config" / "fish" / "completions" / "quiz.fish"
    assert f"Wrote {fish} (the completion script)" in result.stdout
    assert ".bashrc" not in result.stdout and ".zshrc" not in result.stdout


def test_install_completion_in_a_real_process(tmp_path: Path) -> None:
    """As a user runs it, in a throw-away HOME: the edited start-up file is named."""
    script = Path(sys.executable).with_name("quiz")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "actloss_quiz"]
    # the shell named rather than detected from the process tree (which differs between CIs)
    env = {**os.environ, "HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = subprocess.run(
        [*cmd, "--install-completion", "bash"], env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert f"Created {tmp_path / '.bashrc'}, adding:" in proc.stdout
    assert f"source '{tmp_path / '.bash_completions' / 'quiz.sh'}'" in proc.stdout


FAKE_PWSH = """#!/bin/sh
# PowerShell as Typer's installer uses it: `$profile` names the profile; the rest is logged.
echo "$*" >> "$HOME/pwsh-calls.log"
case "$*" in
  *'$profile'*) echo "$HOME/.config/powershell/Microsoft.PowerShell_profile.ps1" ;;
esac
"""


@pytest.mark.skipif(os.name == "nt", reason="a POSIX shell script stands in for PowerShell")
@pytest.mark.usefixtures("no_shell_detection")
@pytest.mark.parametrize("existing", ["", "Set-Alias ll Get-ChildItem\n"], ids=["new", "kept"])
def test_install_completion_for_powershell_names_the_profile_and_the_lines_added(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: str
) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    pwsh = bin_dir / "pwsh"
    pwsh.write_text(FAKE_PWSH)
    pwsh.chmod(0o755)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    profile = tmp_path / ".config" / "powershell" / "Microsoft.PowerShell_profile.ps1"
    if existing:
        profile.parent.mkdir(parents=True)
        profile.write_text(existing)
    result = runner.invoke(app, ["--install-completion", "pwsh"], prog_name="quiz")
    assert result.exit_code == 0, result.output
    text = profile.read_text()
    assert text.startswith(existing) and "_QUIZ_COMPLETE" in text  # appended, nothing lost
    verb = "Changed" if existing else "Created"
    assert f"{verb} {profile}, adding:\n" in result.stdout
    added = [line.strip() for line in text[len(existing) :].splitlines() if line.strip()]
    listed = result.stdout.split(f"{profile}, adding:\n", 1)[1].splitlines()
    assert [line.strip() for line in listed[: len(added)]] == added  # every line, in order
    assert "Set-ExecutionPolicy Unrestricted -Scope CurrentUser" in result.stdout
    assert (
        "Set-ExecutionPolicy Unrestricted -Scope CurrentUser"
        in (tmp_path / "pwsh-calls.log").read_text()
    )  # what it says was run, was run
    assert ".bashrc" not in result.stdout and "completion script" not in result.stdout
