"""Typer's errors are reached through its public names: no `typer._*` import, no `click` import."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import typer
from typer.main import get_command

from actloss_quiz.typer_errors import ClickException, NoSuchOption, UsageError
from tests.helpers import REPO


def _imported_modules(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


@pytest.mark.parametrize(
    "path",
    sorted((REPO / "actloss_quiz").rglob("*.py")),
    ids=lambda p: str(p.relative_to(REPO)),
)
def test_no_private_typer_module_and_no_click(path: Path) -> None:
    """Typer vendors Click privately since 0.26 (`typer._click`, not for applications), and
    Click is no dependency of ours: its classes are not the ones Typer raises."""
    for name in _imported_modules(path):
        parts = name.split(".")
        assert not (parts[0] == "typer" and any(p.startswith("_") for p in parts[1:])), name
        assert parts[0] != "click", name


def _parse_error(*args: str) -> Exception:
    app = typer.Typer()

    @app.command()
    def go(limit: int = 1, cram: bool = False) -> None:
        """A command with two options."""

    with pytest.raises(ClickException) as e:
        get_command(app).main(list(args), standalone_mode=False)
    return e.value


def test_typer_usage_errors_are_recognised() -> None:
    unknown = _parse_error("--lmit", "3")
    assert isinstance(unknown, UsageError) and isinstance(unknown, NoSuchOption)
    assert unknown.exit_code == 2 and unknown.option_name == "--lmit"
    assert unknown.ctx is not None and unknown.ctx.command_path

    wrong_type = _parse_error("--limit", "abc")
    assert isinstance(wrong_type, UsageError) and not isinstance(wrong_type, NoSuchOption)
    assert "'abc' is not a valid int" in wrong_type.format_message()

    bad = typer.BadParameter("no")  # the public usage error a callback raises
    assert isinstance(bad, ClickException) and isinstance(bad, UsageError)


def test_other_errors_are_not_usage_errors() -> None:
    plain = typer.TyperException("a file could not be opened")
    assert not isinstance(plain, UsageError) and not isinstance(plain, NoSuchOption)
    assert not isinstance(ValueError("x"), UsageError)
