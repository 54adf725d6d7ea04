"""Mutation testing of the core modules with mutmut (not CI: it takes tens of minutes).

mutmut is not a dependency of the package or its test extra; install it beside the test extra:

    .venv/bin/pip install mutmut
    .venv/bin/python benchmarks/mutation.py                    # every module in [tool.mutmut]
    .venv/bin/python benchmarks/mutation.py scheduler stats    # some of them
    .venv/bin/python benchmarks/mutation.py --minutes 10 store.history
    .venv/bin/python benchmarks/mutation.py --survivors review  # after adding tests

Each module runs in its own copy of the project (`mutants-runs/<module>/`, git-ignored) whose
`[tool.mutmut]` mutates that module only and selects only the test files of `TESTS` below, so
mutmut's first pass (which records the tests that reach each function) and every mutant's run
stay small; mutmut then runs only the tests that reach the mutated function, fastest first,
stopping at the first failure. Results are kept per module: a second run of a module goes on
where the time limit stopped the first. The report counts killed, surviving and unchecked
mutants per module and lists the survivors, which README "Design" reviews (killed by a test, or
equivalent).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = ROOT / "mutants-runs"
MUTMUT = Path(sys.executable).parent / "mutmut"

# The test files that exercise each module (its own tests and the loops that use it).
TESTS: dict[str, list[str]] = {
    "actloss_quiz/scheduler.py": ["tests/test_scheduler.py"],
    "actloss_quiz/stats.py": [
        "tests/test_stats.py",
        "tests/test_heatmap.py",
        "tests/commands/test_study.py",  # stats --json and by topic after a session
        "tests/commands/test_plan.py",  # the plan's line in stats
        "tests/commands/test_suspend.py",  # suspended and leeches in stats
    ],
    "actloss_quiz/session.py": [
        "tests/test_session.py",
        "tests/test_follow_ups.py",
        "tests/commands/test_study.py",
        "tests/commands/test_plan.py",
        "tests/test_first_hour.py",  # the terminal tests' in-process parts
        "tests/test_narrow.py",
    ],
    "actloss_quiz/loop.py": [
        "tests/test_loop.py",
        "tests/test_session.py",
        "tests/interview/test_interview.py",
        "tests/test_drills.py",
    ],
    "actloss_quiz/review.py": [
        "tests/test_review.py",
        "tests/commands/test_suspend.py",
        "tests/test_session.py",
        "tests/test_follow_ups.py",
        "tests/interview/test_interview.py",
    ],
    "actloss_quiz/store/history.py": [
        "tests/store/test_store.py",
        "tests/test_stats.py",
        "tests/test_export.py",  # the review and drill rows, damaged dates
        "tests/commands/test_export.py",
        "tests/test_hostile.py",  # damaged databases: the table and column named
        "tests/test_filters.py",  # topic_in_history
        "tests/commands/test_plan.py",  # questions_reviewed_since, new_cards_since
    ],
    "actloss_quiz/store/choices.py": [
        "tests/store/test_store.py",
        "tests/commands/test_suspend.py",
    ],
    "actloss_quiz/store/interviews.py": [
        "tests/interview/test_interview.py",
        "tests/store/test_store.py",
    ],
    "actloss_quiz/scoring.py": [
        "tests/test_scoring.py",
        "tests/test_scoring_text.py",  # the mutation review's: spelling, spans, numbers
        "tests/test_scoring_binding.py",  # subjects, negations, quotes
        "tests/test_scoring_judge.py",  # the judgement, formulas, suggestions
        "tests/test_scoring_validate.py",  # validate's problems, examples, closeness
        "tests/test_claims.py",
        "tests/commands/test_browse.py",  # validate and show --judging: examples, problems
        "tests/commands/test_grade.py",
        "tests/test_review.py",  # the judge bound to a bank: synonym index, term weights
    ],
}

# Tests left out of a module's runs: each surviving mutant runs every selected test that reaches
# its function, and these take seconds (validating the whole bundled bank) while smaller tests
# check the same thing.
DESELECT: dict[str, list[str]] = {
    "actloss_quiz/scoring.py": ["tests/commands/test_browse.py::test_validate_bundled_summary"],
}


NODEID_SHIM = """

import _pytest.nodes  # added by benchmarks/mutation.py to the run copy only

if not hasattr(_pytest.nodes.Node, "_nodeid"):
    _pytest.nodes.Node._nodeid = property(lambda node: node.nodeid)  # type: ignore[attr-defined]
"""


def modules() -> list[str]:
    """The paths `[tool.mutmut] only_mutate` lists."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["mutmut"]["only_mutate"])


def dotted(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def prepare(path: str) -> Path:
    """The module's run directory: a fresh copy of the sources and tests, its own config."""
    where = RUNS / dotted(path)
    where.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for name in ("actloss_quiz", "questions", "tests"):
        shutil.rmtree(where / name, ignore_errors=True)
        shutil.copytree(ROOT / name, where / name, ignore=ignore)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # mutmut runs pytest in its own processes, without xdist: the suite's `-n`/`--dist` go.
    head = re.sub(r', "-n", "\w+", "--dist", "\w+"', "", text.split("\n[tool.mutmut]", 1)[0])
    base = tomllib.loads(text)["tool"]["mutmut"]
    mine = {
        "source_paths": base["source_paths"],
        "only_mutate": [path],
        "also_copy": base["also_copy"],
        "pytest_add_cli_args": base["pytest_add_cli_args"]
        + [arg for test in DESELECT.get(path, []) for arg in ("--deselect", test)],
        "pytest_add_cli_args_test_selection": TESTS[path],
        "use_git_change_detection": False,
    }
    # mutmut 3.8's test-listing plugin reads `Item._nodeid`, which pytest 9 no longer has
    # (`nodeid` is public): give the copy's tests that name back, or mutmut's first pass fails.
    with (where / "tests" / "conftest.py").open("a", encoding="utf-8") as conftest:
        conftest.write(NODEID_SHIM)
    lines = [f"{key} = {json.dumps(value)}" for key, value in mine.items()]
    (where / "pyproject.toml").write_text(
        head + "\n[tool.mutmut]\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return where


def results(where: Path) -> dict[str, str]:
    """{mutant name: status} from mutmut's stored results in a run directory."""
    proc = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=where,
        capture_output=True,
        text=True,
        check=False,
    )
    out: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            out[name] = status
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="module names, e.g. scheduler store.history")
    parser.add_argument("--minutes", type=float, default=15.0, help="time limit per module")
    parser.add_argument("--report", action="store_true", help="only report the stored results")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="run again only the mutants that survived or had no tests (mutmut keeps the rest)",
    )
    args = parser.parse_args()
    # Started in the background (`nohup ... &`), this process inherits SIGINT ignored, and so
    # would mutmut's pytest and the sessions its tests interrupt (an ignored signal stays ignored
    # across exec): a handled one is reset to the default instead.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if not MUTMUT.exists():
        print("mutmut is not installed: .venv/bin/pip install mutmut", file=sys.stderr)
        return 2
    wanted = [
        m for m in modules() if not args.only or any(dotted(m).endswith(o) for o in args.only)
    ]
    timed_out = []
    for path in wanted:
        if args.report:
            continue
        print(f"== {dotted(path)}", flush=True)
        names: list[str] = []
        if args.survivors and (RUNS / dotted(path)).is_dir():
            stored = results(RUNS / dotted(path)).items()
            names = [n for n, v in stored if v in ("survived", "no tests")]
            if not names:
                continue
        # its own process group: the time limit stops mutmut's forked workers too; its output
        # (why a first pass failed, say) goes to mutmut.log in the run directory
        where = prepare(path)
        with (where / "mutmut.log").open("w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                [str(MUTMUT), "run", *names],
                cwd=where,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            proc.wait(timeout=args.minutes * 60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
            timed_out.append(path)
    print(
        f"\n{'module':32} {'mutants':>8} {'killed':>7} {'survived':>9} {'no tests':>9} "
        f"{'unchecked':>10}"
    )
    survivors = []
    for path in wanted:
        if not (RUNS / dotted(path)).is_dir():
            print(f"{dotted(path):32} (not run)")
            continue
        status = results(RUNS / dotted(path))
        counts = Counter(status.values())
        killed = counts["killed"] + counts["timeout"] + counts["caught by type check"]
        unchecked = len(status) - killed - counts["survived"] - counts["no tests"]
        note = " (time limit: partly run)" if path in timed_out else ""
        print(
            f"{dotted(path):32} {len(status):8} {killed:7} {counts['survived']:9} "
            f"{counts['no tests']:9} {unchecked:10}{note}"
        )
        survivors += [(path, n) for n, v in sorted(status.items()) if v == "survived"]
    print("\nsurvivors (see each with: cd mutants-runs/MODULE && mutmut show NAME):")
    for path, name in survivors:
        print(f"  {dotted(path)}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
