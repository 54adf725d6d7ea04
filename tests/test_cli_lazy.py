"""The lazy command group (issue 23): `quiz --help` lists every command from its summary without
importing it, a run imports only the command it invokes, and the help is the same as when every
command is built."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from actloss_quiz.cli import COMMANDS, QuizGroup, app

HEAVY = ("numpy", "fsrs", "yaml", "rapidfuzz", "snowballstemmer", "plotext")
# Worth its import (about 5 ms) only where it builds many records: never for help or a listing.
RECORDS = "msgspec"


def test_every_summary_is_the_first_paragraph_of_its_command_help() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, QuizGroup)
    for name in COMMANDS:
        command = group.commands[name]  # built
        assert command.short_help is None, name
        assert not command.hidden and not command.deprecated, name
        first = inspect.cleandoc(command.help or "").split("\n\n")[0]
        assert first == COMMANDS[name].summary, name


@pytest.mark.parametrize("width", ["60", "80", "120"])
def test_the_help_is_the_same_as_with_every_command_built(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch, width: str
) -> None:
    monkeypatch.setenv("COLUMNS", width)
    lazy = runner.invoke(app, ["--help"])
    monkeypatch.setattr(QuizGroup, "summaries", False)  # every command built for its help
    eager = runner.invoke(app, ["--help"])
    assert lazy.exit_code == eager.exit_code == 0
    assert lazy.stdout == eager.stdout
    for name in COMMANDS:
        assert name in lazy.stdout


def _imports(args: list[str], env: dict[str, str], stdin: str = "") -> list[str]:
    code = (
        "import sys; from actloss_quiz.cli import app\n"
        f"try:\n    app({args!r}, prog_name='quiz')\nexcept SystemExit as e:\n    code = e.code\n"
        "else:\n    code = 0\n"
        "print('EXIT', code or 0, file=sys.stderr)\n"
        "print('MODULES', ' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert "EXIT 0" in proc.stderr, proc.stderr
    line = next(x for x in proc.stderr.splitlines() if x.startswith("MODULES "))
    return line.split()[1:]


@pytest.mark.parametrize("args", [["--help"], ["list"], ["list", "--json"]])
def test_help_and_list_import_no_heavy_module_and_no_other_command(
    args: list[str], tmp_path: Path
) -> None:
    """With a warm parsed-bank cache the bundled bank is never parsed, so not even PyYAML is
    imported (the first run writes the cache)."""
    env = {**os.environ, "ACTLOSS_QUIZ_CACHE": str(tmp_path / "cache")}
    _imports(args, env)  # warms the cache
    modules = _imports(args, env)
    heavy = [m for m in modules if m.split(".")[0] in (*HEAVY, RECORDS)]
    assert heavy == []
    commands = {m for m in modules if m.startswith("actloss_quiz.commands.")}
    allowed = {"actloss_quiz.commands.options", "actloss_quiz.commands.completion"}
    allowed.add("actloss_quiz.commands.helptext")
    if args[0] == "list":
        allowed.add("actloss_quiz.commands.browse")
    assert commands <= allowed


def test_grading_prose_loads_neither_the_store_nor_the_formula_parser(tmp_path: Path) -> None:
    """`quiz grade` needs the scorer, not the database; an answer without math never loads the
    formula parser (or NumPy)."""
    env = {**os.environ, "ACTLOSS_QUIZ_CACHE": str(tmp_path / "cache")}
    args = ["grade", "relu-definition", "zero for negative inputs, the input itself otherwise"]
    _imports(args, env)  # warms the cache
    modules = set(_imports(args, env))
    assert "actloss_quiz.scoring" in modules
    for name in ("actloss_quiz.store", "actloss_quiz.formulas", "actloss_quiz.planner", "numpy"):
        assert name not in modules, name
    with_math = set(_imports(["grade", "relu-definition", "max(0, x)"], env))
    assert "actloss_quiz.formulas" in with_math


def test_a_scenario_demo_is_shown_without_the_demo_catalogue(tmp_path: Path) -> None:
    """Question 1's demo is a scenario: `quiz show 1` computes it without importing the
    catalogue of activation and loss demos, which a catalogue demo (question 2's) needs."""
    env = {**os.environ, "ACTLOSS_QUIZ_CACHE": str(tmp_path / "cache")}
    _imports(["show", "1"], env)  # warms the cache
    scenario = set(_imports(["show", "1"], env))
    assert "actloss_quiz.engine.scenarios" in scenario
    assert "actloss_quiz.engine.catalogue" not in scenario
    assert "actloss_quiz.engine.catalogue" in set(_imports(["show", "2"], env))


@pytest.mark.parametrize("command", [["start", "--topic", "loss"], ["interview"]])
def test_the_first_question_is_asked_before_the_scorer_loads(
    command: list[str], tmp_path: Path
) -> None:
    """A session quit at its first question never imported the scorer: it loads when the
    first answer is judged."""
    env = {
        **os.environ,
        "ACTLOSS_QUIZ_CACHE": str(tmp_path / "cache"),
        "ACTLOSS_QUIZ_DB": str(tmp_path / "quiz.db"),
    }
    _imports(["list"], env)  # warms the cache
    modules = set(_imports(command, env, stdin=":q\n"))
    assert "actloss_quiz.bank" in modules  # the question was asked
    for name in ("actloss_quiz.scoring", "actloss_quiz.claims", "actloss_quiz.formulas"):
        assert name not in modules, name
    # Start-up costs with no use before a first question: OpenSSL (hashlib's import; the
    # digests come from _blake2) and statistics (its fractions and decimal).
    for name in ("_hashlib", "statistics"):
        assert name not in modules, name
    judged = set(_imports(command, env, stdin="max of zero and x\n\n:q\n"))
    assert "actloss_quiz.scoring" in judged


@pytest.mark.cold_cache
def test_one_cache_for_every_spelling_of_a_bank_path(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same bank typed as a relative or an absolute path, from another directory, reads the
    one parsed-bank cache (it is not rebuilt), and messages keep the path as typed."""
    from actloss_quiz.bank import cache as bank_cache
    from actloss_quiz.bank import load_files, schema

    monkeypatch.setattr(bank_cache, "CACHE_MIN_BYTES", 0)  # cache this small bank
    folder = tmp_path / "banks"
    folder.mkdir()
    bank = folder / "mine.yaml"
    bank.write_text(
        "topic: mine\nquestions:\n  - id: mine-one\n    difficulty: easy\n"
        "    question: What is one?\n    answer: One.\n",
        encoding="utf-8",
    )
    (tmp_path / "elsewhere").mkdir()
    parses: list[Path] = []
    real_parse = schema.parse_file

    def counting(path: Path, *a: object, **k: object) -> object:
        parses.append(path)
        return real_parse(path, *a, **k)  # type: ignore[arg-type]

    monkeypatch.setattr(bank_cache, "parse_file", counting)
    listings = []
    for cwd, typed in (
        (tmp_path, "banks/mine.yaml"),
        (tmp_path, str(bank)),
        (tmp_path / "elsewhere", "../banks/mine.yaml"),
        (folder, "mine.yaml"),
    ):
        monkeypatch.chdir(cwd)
        result = runner.invoke(app, ["--no-bundled", "--questions", typed, "list", "--json"])
        assert result.exit_code == 0, result.output
        listings.append(result.stdout)
        assert load_files([Path(typed)]).questions[0].path == typed
    mine = [p for p in parses if p.name == "mine.yaml"]
    assert len(mine) == 1, mine  # parsed once, then read from the cache every time
    assert len(set(listings)) == 1
    caches = list((tmp_path / "cache").glob("bank-*.json"))
    assert len(caches) >= 1


@pytest.mark.cold_cache
def test_the_cached_known_words_are_the_scorers() -> None:
    """The bundled banks are always cached, with their known words; loaded again from the cache
    they are exactly what the scorer computes from the questions."""
    from actloss_quiz.bank import load_bank
    from actloss_quiz.scoring import known_words

    first = load_bank()  # writes the cache
    again = load_bank()  # reads it
    assert first.known is not None and again.known is not None
    assert again.known == first.known == known_words(again.questions)
    assert again.questions == first.questions


def test_the_cached_stems_and_answer_terms_are_the_scorers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The bundled banks' caches keep the stems of their words and the terms of their model
    answers: exactly what the scorer computes from the parsed files (stemmed afresh, nothing
    seeded), and the term weights from them are the weights from the model answers."""
    from actloss_quiz import scoring
    from actloss_quiz.bank import bundled_questions_dir, load_bank, load_files

    load_bank()  # writes the caches
    bank = load_bank()
    assert bank.answer_terms is not None and bank.stems
    monkeypatch.setenv("ACTLOSS_QUIZ_CACHE", "")  # parsed from the YAML files
    files = sorted(bundled_questions_dir().glob("*.yaml"))
    parsed = load_files(files)
    assert parsed.stems == {} and parsed.answer_terms is None
    monkeypatch.setattr(scoring, "_SEEDED", {})
    scoring._stem.cache_clear()
    try:
        expected: dict[str, str] = {}
        for f in files:
            one = load_files([f])
            expected |= scoring.stem_table(one.questions, one.domain)
        assert dict(bank.stems) == expected
        assert all(scoring._stem(w) == s for w, s in expected.items())
    finally:
        scoring._stem.cache_clear()
    assert sorted(bank.answer_terms) == sorted(scoring.answer_terms(parsed.questions))
    for synonyms in (parsed.synonyms, (), (("relu", "rectifier"), ("loss", "cost", "objective"))):
        assert scoring.weights_of_terms(bank.answer_terms, synonyms) == scoring.term_weights(
            scoring.model_answers(parsed.questions), synonyms
        )


@pytest.mark.parametrize(
    "answer",
    [
        "zero for negative inputs, the input itself otherwise",
        "max(0, x); its gradient is 1 for x > 0 and 0 for x < 0, so it does not saturate",
        "ReLU saturates for large inputs and its outputs sum to one",
        "relu is smooth everywhere and differentiable at 0, unlike tanh",
    ],
)
def test_a_judgement_is_the_same_with_the_cache_and_without(answer: str, tmp_path: Path) -> None:
    """Stems seeded from the cache and the cached answer terms change no judgement: `quiz grade
    --json` prints the same with a warm cache as with caching off."""
    env = {**os.environ, "ACTLOSS_QUIZ_CACHE": str(tmp_path / "cache")}

    def grade(env: dict[str, str]) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "actloss_quiz", "grade", "relu-definition", answer, "--json"],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        return proc.stdout

    grade(env)  # writes the cache
    cached = grade(env)
    assert json.loads(cached)["points"]
    assert cached == grade({**env, "ACTLOSS_QUIZ_CACHE": ""})


def test_only_the_english_stemmer_is_loaded() -> None:
    code = (
        "import sys\n"
        "from actloss_quiz import scoring\n"
        "words = ['saturates', 'saturating', 'saturation', 'vaes', 'gradients', 'relus']\n"
        "print([scoring._stem(w) for w in words])\n"
        "print(sorted(m for m in sys.modules if 'stemmer' in m))\n"
        "import snowballstemmer\n"
        "ref = snowballstemmer.stemmer('english')\n"
        "print(all(ref.stemWord(w) == scoring._stemmer().stemWord(w) for w in words))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0].startswith("['satur', 'satur', 'satur'")
    loaded = eval(out[1])  # noqa: S307 - our own printed list
    assert not any(m.startswith("snowballstemmer") for m in loaded), loaded
    assert not any("german" in m or "french" in m for m in loaded), loaded
    assert out[2] == "True"


def test_the_linear_collapse_demo_uses_the_seeded_draws() -> None:
    """Question 1's demo has its numbers written out: they are the seeded generator's."""
    import numpy as np

    from actloss_quiz.engine import scenarios

    rng = np.random.default_rng(0)
    for kept, shape in (
        (scenarios._COLLAPSE_W1, (4, 3)),
        (scenarios._COLLAPSE_B1, 4),
        (scenarios._COLLAPSE_W2, (2, 4)),
        (scenarios._COLLAPSE_B2, 2),
        (scenarios._COLLAPSE_X, (5, 3)),
    ):
        assert np.array_equal(np.array(kept), rng.normal(size=shape))


@pytest.mark.parametrize(
    ("preset", "expected"),
    [({}, "1"), ({"OPENBLAS_NUM_THREADS": "3"}, "3"), ({"OMP_NUM_THREADS": "2"}, None)],
)
def test_one_blas_thread_unless_the_user_chose(
    preset: dict[str, str], expected: str | None
) -> None:
    """The console script sets OPENBLAS_NUM_THREADS=1 before NumPy loads, only when the user set
    no thread count OpenBLAS reads; a program the quiz starts does not inherit its setting."""
    code = (
        "import os, sys\n"
        "import actloss_quiz.cli as cli\n"
        "cli.main = lambda: print(os.environ.get('OPENBLAS_NUM_THREADS'), "
        "'numpy' in sys.modules, "
        "__import__('actloss_quiz.threads').threads.child_environment()"
        ".get('OPENBLAS_NUM_THREADS'))\n"
        "from actloss_quiz.entry import main\n"
        "main()\n"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")
    }
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**env, **preset},
    ).stdout.split()
    assert out[0] == str(expected)
    assert out[1] == "False"
    assert out[2] == str(preset.get("OPENBLAS_NUM_THREADS"))


def test_the_console_script_starts_a_command_without_a_collection(tmp_path: Path) -> None:
    """The console script raises the collector's youngest threshold (entry.YOUNG_GENERATION)
    so that starting a command, which makes some 50,000 objects that are never garbage, does
    not walk them again and again: `quiz show 1` (its demo too) runs with no collection at all
    once its bank is cached."""
    code = (
        "import gc, sys\n"
        "seen = []\n"
        "gc.callbacks.append(lambda phase, info: seen.append(info['generation']))\n"
        "sys.argv = ['quiz', 'show', '1']\n"
        "from actloss_quiz.entry import main\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    sys.stderr.write(f'{gc.get_threshold()[0]} {len(seen) // 2}\\n')\n"
    )
    # As a user runs it: the bank cached and the modules' bytecode too (pip compiles it on
    # install; compiling from source would make objects of its own), here in a folder of its own.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"ACTLOSS_QUIZ_CACHE": str(tmp_path / "cache"), "PYTHONPYCACHEPREFIX": str(tmp_path)}
    for _ in range(2):  # the first run writes the cache and the bytecode
        run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert run.returncode == 0, run.stderr
    threshold, collections = run.stderr.split()[-2:]
    from actloss_quiz.entry import YOUNG_GENERATION

    assert int(threshold) == YOUNG_GENERATION
    assert int(collections) == 0


def test_the_console_script_freezes_its_bank_out_of_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The console script's bank leaves the collector's generations once loaded (so reading a
    large history does not walk it again); the app run in process (as tests do) never freezes."""
    import gc

    from actloss_quiz.commands.options import AppState

    gc.unfreeze()
    # Off as in any in-process run, whatever an earlier test left (cli.main() turns it on).
    monkeypatch.setattr(AppState, "freeze_bank", False)
    AppState().bank()
    assert gc.get_freeze_count() == 0
    monkeypatch.setattr(AppState, "freeze_bank", True)
    try:
        AppState().bank()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
