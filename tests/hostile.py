"""The one helper every hostile-input test goes through (issue #10).

`run_cli` (in process, CliRunner) and `run_process` (a real `python -m actloss_quiz`, for signals,
closed descriptors, locales and FIFOs) both return an `Outcome`; `expect` asserts what the issue
asks of every outcome: the exit code, no traceback, no exception class name, no control byte on
stdout or stderr, and, through a `Snapshot`, that the given files and their SQLite side files are
byte-for-byte what they were.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from actloss_quiz.cli import app

REPO = Path(__file__).resolve().parent.parent
SIDE_FILES = ("", "-wal", "-shm", "-journal")

# Anything a terminal acts on: C0 except tab/newline (and the CR of a CRLF), DEL, C1, bidi controls.
CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
EXCEPTION_NAME = re.compile(
    r"\b(?:[A-Z][A-Za-z0-9]*(?:Error|Exception)|KeyboardInterrupt|SystemExit|StopIteration"
    r"|Terminated)\b"
)


@dataclass
class Outcome:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")

    @property
    def text(self) -> str:
        return self.out + self.err


class Snapshot:
    """The bytes (or absence) of files and their -wal/-shm/-journal side files."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.state = {Path(f"{p}{s}"): _read(Path(f"{p}{s}")) for p in paths for s in SIDE_FILES}

    def changed(self) -> list[str]:
        return [str(p) for p, before in self.state.items() if _read(p) != before]


def _read(path: Path) -> bytes | None:
    try:
        if not path.is_file():
            return b"<not a regular file>" if path.exists() else None
        return path.read_bytes()
    except OSError as e:  # e.g. a symlink loop
        return f"<{e.errno}>".encode()


def expect(
    outcome: Outcome,
    code: int | Sequence[int],
    *,
    untouched: Snapshot | None = None,
    says: str | None = None,
) -> None:
    """The issue's assertions for one run of the CLI."""
    codes = (code,) if isinstance(code, int) else tuple(code)
    text = outcome.text  # also asserts both streams are valid UTF-8
    assert outcome.code in codes, f"exit {outcome.code}, expected {codes}:\n{text}"
    assert "Traceback" not in text, text
    assert not EXCEPTION_NAME.search(text), f"exception name in output:\n{text}"
    bad = CONTROL.search(text)
    assert bad is None, f"control character {bad.group()!r} in output:\n{text!r}"
    if untouched is not None:
        assert untouched.changed() == [], f"changed: {untouched.changed()}"
    if says is not None:
        assert says in text, text


def run_cli(
    args: Sequence[str], *, input: str | bytes | None = None, env: Mapping[str, str] | None = None
) -> Outcome:
    """The CLI in process; an exception that escapes the CLI is itself a failure."""
    result = CliRunner().invoke(app, list(args), input=input, env=dict(env or {}))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception escaped the CLI: {result.exception!r}")
    return Outcome(result.exit_code, result.stdout_bytes, result.stderr_bytes)


def process_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ACTLOSS_QUIZ_")}
    env["ACTLOSS_QUIZ_DB"] = os.environ["ACTLOSS_QUIZ_DB"]  # the test's own temp DB
    env["ACTLOSS_QUIZ_CACHE"] = os.environ["ACTLOSS_QUIZ_CACHE"]
    env["PYTHONPATH"] = str(REPO)
    env.update(extra)
    return env


def run_process(
    args: Sequence[str],
    *,
    input: bytes | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = 20,
    **popen: Any,
) -> Outcome:
    """A real `python -m actloss_quiz` process (stdin/stdout can be replaced via `popen`)."""
    kwargs: dict[str, Any] = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    kwargs.update(popen)
    if input is not None:
        kwargs["input"] = input
    proc = subprocess.run(
        [sys.executable, "-m", "actloss_quiz", *args],
        env=dict(env) if env is not None else process_env(),
        timeout=timeout,
        check=False,
        **kwargs,
    )
    return Outcome(proc.returncode, proc.stdout or b"", proc.stderr or b"")


QUESTION = {
    "id": "q-one",
    "number": 1,
    "difficulty": "easy",
    "question": "What does ReLU return for negative inputs?",
    "answer": "Zero.",
    "key_points": [["zero"]],
}


def write_bank(path: Path, *, questions: list[dict[str, Any]] | None = None, **top: Any) -> Path:
    """A valid one-question bank, with any top-level key or question field overridden."""
    data: dict[str, Any] = {"topic": "hostile", "title": "Hostile", "tip": "Breathe."}
    data.update(top)
    data["questions"] = questions if questions is not None else [dict(QUESTION)]
    # libyaml's dumper when there is one: the same text, four times faster (5,001 questions)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=False, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def base_args(bank: Path, db: Path) -> list[str]:
    return ["--no-bundled", "--questions", str(bank), "--db", str(db)]
