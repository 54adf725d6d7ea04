"""`quiz edit` with a fake editor that changes the file, and the bank override rule."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz.bank import bundled_questions_dir, load_bank, load_files, user_banks_dir
from actloss_quiz.cli import app
from actloss_quiz.commands.edit import editor_command
from actloss_quiz.errors import BankError
from tests.helpers import BANKS

FAKE_EDITOR = """#!{python}
# A stand-in editor: records its arguments, then replaces text in the file it was given.
import json, sys
from pathlib import Path
args = sys.argv[1:]
Path({log!r}).write_text(json.dumps(args))
path = Path(args[-1].rsplit(":", 1)[0] if args[-1].count(":") and not Path(args[-1]).exists() else args[-1])
text = path.read_text(encoding="utf-8")
path.write_text(text.replace({old!r}, {new!r}), encoding="utf-8")
sys.exit({status})
"""


def fake_editor(
    tmp_path: Path, name: str, old: str, new: str, status: int = 0
) -> tuple[Path, Path]:
    """An executable called `name` that swaps `old` for `new`; returns it and its argv log."""
    log = tmp_path / f"{name}.args.json"
    script = tmp_path / "bin" / name
    script.parent.mkdir(exist_ok=True)
    script.write_text(
        FAKE_EDITOR.format(python=sys.executable, log=str(log), old=old, new=new, status=status)
    )
    script.chmod(0o755)
    return script, log


@pytest.fixture
def own_bank(tmp_path: Path) -> Path:
    path = tmp_path / "banks" / "optimizers.yaml"
    path.parent.mkdir()
    shutil.copy(BANKS / "good" / "optimizers.yaml", path)
    return path


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_edit_opens_vi_at_the_line_then_validates(
    runner: CliRunner, tmp_path: Path, own_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vi, log = fake_editor(tmp_path, "vi", "Write the plain SGD update.", "Write the SGD step.")
    monkeypatch.setenv("EDITOR", str(vi))
    monkeypatch.delenv("VISUAL", raising=False)
    result = runner.invoke(app, ["--questions", str(own_bank), "edit", "sgd-step"])
    assert result.exit_code == 0, result.output
    assert json.loads(log.read_text()) == [f"+{line_of(own_bank, 'id: sgd-step')}", str(own_bank)]
    assert "Write the SGD step." in own_bank.read_text()
    assert f"{own_bank}: 2 questions, 0 problems" in result.stdout
    shown = runner.invoke(app, ["--questions", str(own_bank), "show", "sgd-step", "--json"])
    assert json.loads(shown.stdout)["question"] == "Write the SGD step."


def test_visual_wins_over_editor_and_a_plain_editor_gets_only_the_path(
    runner: CliRunner, tmp_path: Path, own_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vi, vi_log = fake_editor(tmp_path, "vi", "x", "x")
    other, log = fake_editor(tmp_path, "my-editor", "with bias correction", "and bias correction")
    monkeypatch.setenv("EDITOR", str(vi))
    monkeypatch.setenv("VISUAL", f"{other} --wait")
    result = runner.invoke(app, ["--questions", str(own_bank), "edit", "adam-idea"])
    assert result.exit_code == 0, result.output
    assert json.loads(log.read_text()) == ["--wait", str(own_bank)]
    assert not vi_log.exists()
    assert "and bias correction" in own_bank.read_text()


def test_a_problem_left_by_the_editor_is_reported_with_its_line(
    runner: CliRunner, tmp_path: Path, own_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nano, _ = fake_editor(tmp_path, "nano", "    difficulty: easy\n", "    difficulty: simple\n")
    monkeypatch.setenv("VISUAL", str(nano))
    result = runner.invoke(app, ["--questions", str(own_bank), "edit", "sgd-step"])
    assert result.exit_code == 1
    line = line_of(own_bank, "difficulty: simple")
    assert f"{own_bank}:{line}: sgd-step: " in result.stderr
    assert "1 problem in the question bank" in result.stderr


def test_a_failing_editor_is_an_error_and_nothing_is_validated(
    runner: CliRunner, tmp_path: Path, own_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vi, _ = fake_editor(tmp_path, "vi", "x", "x", status=3)
    monkeypatch.setenv("VISUAL", str(vi))
    result = runner.invoke(app, ["--questions", str(own_bank), "edit", "sgd-step"])
    assert result.exit_code == 1
    assert "exited with status 3; bank not checked" in result.stderr
    monkeypatch.setenv("VISUAL", str(tmp_path / "no-such-editor"))
    missing = runner.invoke(app, ["--questions", str(own_bank), "edit", "sgd-step"])
    assert missing.exit_code == 1 and "cannot start the editor" in missing.stderr


def test_a_bundled_question_is_copied_into_an_override_bank(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled = bundled_questions_dir() / "activation.yaml"
    before = bundled.read_bytes()
    vi, log = fake_editor(
        tmp_path, "vim", "Define ReLU and why it is popular.", "Define ReLU in one line."
    )
    monkeypatch.setenv("VISUAL", str(vi))
    result = runner.invoke(app, ["edit", "relu-definition"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "is in the bundled bank, which is not edited in place" in result.stdout
    copy = user_banks_dir() / "activation.yaml"
    assert copy.is_relative_to(tmp_path)  # the test's data dir, never the real one
    assert copy.read_text().splitlines()[2] == "override: true"
    args = json.loads(log.read_text())
    assert args == [f"+{line_of(copy, 'id: relu-definition')}", str(copy)]
    assert bundled.read_bytes() == before  # the installed bank is untouched
    assert f"{copy}: 15 questions, 0 problems" in result.stdout

    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    assert len(listed) == 30  # replaced, not duplicated
    # ...and in place: the listing keeps the bank's order (Q1-15 before Q16-30).
    assert [(q["topic"], q["number"]) for q in listed][:2] == [("activation", 1), ("activation", 2)]
    table = runner.invoke(app, ["list"]).stdout
    assert table.index("relu-definition") < table.index("loss-definition")
    q = json.loads(runner.invoke(app, ["show", "relu-definition", "--json"]).stdout)
    assert q["question"] == "Define ReLU in one line."

    # Editing it again opens the copy directly, without asking.
    vi2, log2 = fake_editor(tmp_path, "vi", "Define ReLU in one line.", "Define ReLU.")
    monkeypatch.setenv("VISUAL", str(vi2))
    again = runner.invoke(app, ["edit", "relu-definition"])
    assert again.exit_code == 0 and "is in the bundled bank" not in again.stdout
    assert json.loads(log2.read_text())[-1] == str(copy)


def test_declining_the_copy_changes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["edit", "relu-definition"], input="n\n")
    assert result.exit_code == 1
    assert "Error: edit cancelled; nothing was copied" in result.stderr
    assert not user_banks_dir().exists()


def test_edit_of_an_unknown_question_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["edit", "relu-defn"])
    assert result.exit_code == 2
    assert "did you mean: relu-definition" in result.stderr


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+7", "b.yaml"]),
        ("/usr/bin/nvim -u NONE", ["/usr/bin/nvim", "-u", "NONE", "+7", "b.yaml"]),
        ("emacsclient -t", ["emacsclient", "-t", "+7", "b.yaml"]),
        ("nano", ["nano", "+7", "b.yaml"]),
        ("code --wait", ["code", "--wait", "--goto", "b.yaml:7"]),
        ("subl -w", ["subl", "-w", "b.yaml:7"]),
        ("gedit", ["gedit", "b.yaml"]),
        ("notepad.exe", ["notepad.exe", "b.yaml"]),
    ],
)
def test_editor_command_puts_the_line_where_each_editor_wants_it(
    editor: str, expected: list[str]
) -> None:
    assert editor_command(editor, Path("b.yaml"), 7) == expected


# --- the override rule --------------------------------------------------------------------


def _bank_file(folder: Path, name: str, header: str, question: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(
        f"{header}topic: activation\nquestions:\n"
        f"  - id: relu-definition\n    number: 2\n    difficulty: easy\n"
        f"    question: {question}\n    answer: max(0, x).\n",
        encoding="utf-8",
    )
    return path


def test_without_override_a_user_bank_reusing_a_bundled_id_is_a_duplicate(tmp_path: Path) -> None:
    mine = _bank_file(tmp_path, "mine.yaml", "", "Mine?")
    with pytest.raises(BankError) as e:
        load_bank([mine])
    assert any("relu-definition: duplicate id" in p for p in e.value.problems)


def test_override_replaces_only_bundled_questions(tmp_path: Path) -> None:
    mine = _bank_file(tmp_path / "a", "mine.yaml", "override: true\n", "Mine?")
    bank = load_bank([mine])
    q = bank.by_id("relu-definition")
    assert q is not None and q.question == "Mine?" and q.path == str(mine)
    assert len(bank.questions) == 30
    # Two user banks may not both claim an id, override or not.
    other = _bank_file(tmp_path / "b", "other.yaml", "override: true\n", "Other?")
    with pytest.raises(BankError) as e:
        load_bank([mine, other])
    assert any("duplicate id" in p for p in e.value.problems)
    # Without the bundled bank there is nothing to replace: one question, no problem.
    assert len(load_files([mine]).questions) == 1


def test_override_must_be_a_boolean(tmp_path: Path) -> None:
    bad = _bank_file(tmp_path, "bad.yaml", "override: yes please\n", "Q?")
    with pytest.raises(BankError) as e:
        load_bank([bad], bundled=False)
    assert e.value.problems == [
        f"{bad}:1: 'override' must be true or false, found a string",
    ]


def test_user_banks_folder_is_loaded_automatically(tmp_path: Path) -> None:
    folder = user_banks_dir()
    assert folder.is_relative_to(tmp_path), "tests must not touch the real data dir"
    assert not folder.exists()
    _bank_file(folder, "activation.yaml", "override: true\n", "Auto?")
    assert load_bank().by_id("relu-definition").question == "Auto?"  # type: ignore[union-attr]
    assert load_bank(user=False).by_id("relu-definition").question != "Auto?"  # type: ignore[union-attr]
    assert os.environ["XDG_DATA_HOME"] == str(tmp_path / "xdg-data")


def test_edit_still_opens_a_question_whose_bank_has_problems(
    runner: CliRunner, tmp_path: Path, own_bank: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = own_bank.read_text().replace("difficulty: easy", "difficulty: simple")
    own_bank.write_text(text)
    vi, log = fake_editor(tmp_path, "vi", "difficulty: simple", "difficulty: easy")
    monkeypatch.setenv("VISUAL", str(vi))
    result = runner.invoke(app, ["--questions", str(own_bank), "edit", "sgd-step"])
    assert result.exit_code == 0, result.output
    line = line_of(own_bank, "id: sgd-step")
    assert json.loads(log.read_text()) == [f"+{line}", str(own_bank)]
    assert f"opening 'sgd-step' at {own_bank}:{line}" in result.stderr
    assert "difficulty 'simple'" in result.stderr  # the problem that stopped the bank loading
    assert f"{own_bank}: 2 questions, 0 problems" in result.stdout


def test_the_default_editor_follows_the_platform(monkeypatch: pytest.MonkeyPatch) -> None:
    from actloss_quiz.commands import edit

    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    monkeypatch.setattr(edit.sys, "platform", "win32")
    assert edit.default_editor() == "notepad"
    monkeypatch.setattr(edit.sys, "platform", "darwin")
    assert edit.default_editor() == "open -t -W"
    monkeypatch.setattr(edit.sys, "platform", "linux")
    monkeypatch.setattr(edit, "_which", lambda name: name == "nano")
    assert edit.default_editor() == "nano"
    monkeypatch.setattr(edit, "_which", lambda name: False)
    assert edit.default_editor() == "vi"
    monkeypatch.setenv("EDITOR", "  ")  # blank: ignored
    assert edit.default_editor() == "vi"
    monkeypatch.setenv("EDITOR", "micro")
    assert edit.default_editor() == "micro"


@pytest.mark.cold_cache
def test_override_survives_the_parsed_bank_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actloss_quiz.bank import cache as bank_cache

    monkeypatch.setattr(bank_cache, "CACHE_MIN_BYTES", 0)  # cache every file
    mine = _bank_file(tmp_path / "a", "mine.yaml", "override: true\n", "Cached?")
    for _ in range(2):  # the first load writes the cache, the second reads it
        bank = load_bank([mine])
        q = bank.by_id("relu-definition")
        assert q is not None and q.question == "Cached?" and len(bank.questions) == 30
    assert list((tmp_path / "cache").glob("bank-*.json"))
