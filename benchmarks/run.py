"""Time every command against its floor, on the bundled bank and on generated large banks.

    python benchmarks/run.py [--runs 7] [--json results.json]

Each command is run as a fresh process (what a user waits for), once to warm caches and then
`--runs` times; the table shows the median in milliseconds, the ratio to its floor (a minimal
one-command Typer app's `--help`, or `python -c "import typer, numpy"` for numpy commands), and for
the large banks the 10,000-question time over the 1,000-question time. Budgets (README,
"Performance") are checked at the end; the exit code is 1 when one is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.generate import write_bank, write_history  # noqa: E402

PY = sys.executable
_SCRIPT = Path(PY).with_name("quiz")
QUIZ = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "actloss_quiz"]
MINIMAL_APP = '''
import typer

app = typer.Typer()


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


if __name__ == "__main__":
    app()
'''
FIRST_QUESTION = re.compile(rb"\b1/\d+\b")


@dataclass
class Row:
    label: str
    floor: str | None
    times: dict[str, float] = field(default_factory=dict)  # column -> median seconds


def run_once(cmd: Sequence[str], env: dict[str, str], stdin: bytes | None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, input=stdin, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(
            f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}"
        )
    return elapsed


def peak_rss_mib(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Peak resident memory of one run of `cmd`, read from its parent's child rusage."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([PY, "-c", probe, *cmd], env=env, capture_output=True, check=True)
    return int(out.stdout) / 1024  # ru_maxrss is in KiB on Linux


def until_first_question(cmd: Sequence[str], env: dict[str, str]) -> float:
    """Seconds from launching `quiz start` until its first question's `1/N` is printed."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    )
    assert proc.stdout is not None and proc.stdin is not None
    seen = b""
    elapsed = None
    while True:
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        seen += chunk
        if elapsed is None and FIRST_QUESTION.search(seen):
            elapsed = time.perf_counter() - start
            proc.stdin.write(b":q\n")
            proc.stdin.close()
    proc.wait()
    if elapsed is None:
        raise SystemExit(f"no first question printed by {' '.join(cmd)}:\n{seen.decode()[-2000:]}")
    return elapsed


def median_time(
    cmd: Sequence[str],
    env: dict[str, str],
    runs: int,
    *,
    stdin: bytes | None = None,
    first_question: bool = False,
) -> float:
    measure = (
        (lambda: until_first_question(cmd, env))
        if first_question
        else (lambda: run_once(cmd, env, stdin))
    )
    measure()  # warm-up: page cache, .pyc files, the parsed-bank cache
    return statistics.median(measure() for _ in range(runs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the medians to this file")
    parser.add_argument("--reviews", type=int, default=100_000)
    args = parser.parse_args()
    started = time.perf_counter()

    work = Path(tempfile.mkdtemp(prefix="actloss-bench-"))
    app_file = work / "minimal_app.py"
    app_file.write_text(MINIMAL_APP, encoding="utf-8")
    base_env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "ACTLOSS_QUIZ_CACHE": str(work / "cache"),
        "ACTLOSS_QUIZ_DB": str(work / "bundled.sqlite3"),
    }
    base_env.pop("ACTLOSS_QUIZ_QUESTIONS", None)
    # Measure what users get: cached bytecode (pip compiles it on install; a checkout writes it
    # on first run), so a PYTHONDONTWRITEBYTECODE in the caller's environment must not apply.
    base_env.pop("PYTHONDONTWRITEBYTECODE", None)

    now = datetime.now(UTC)
    sizes = {"1k": 1_000, "10k": 10_000}
    big: dict[str, tuple[Path, Path]] = {}
    for name, n in sizes.items():
        meta = write_bank(work / f"bank{name}", n)
        db = work / f"history{name}.sqlite3"
        write_history(db, meta, args.reviews, now=now)
        big[name] = (work / f"bank{name}", db)
    print(
        f"generated banks of {', '.join(map(str, sizes.values()))} questions with {args.reviews} reviews each "
        f"({time.perf_counter() - started:.0f} s)",
        file=sys.stderr,
    )

    floors: dict[str, float] = {}
    floors["import typer"] = median_time([PY, "-c", "import typer"], base_env, args.runs)
    floors["typer app --help"] = median_time([PY, str(app_file), "--help"], base_env, args.runs)
    floors["import typer, numpy"] = median_time(
        [PY, "-c", "import typer, numpy"], base_env, args.runs
    )

    bundled: list[tuple[str, list[str], str, dict[str, object]]] = [
        ("quiz --help", ["--help"], "typer app --help", {}),
        ("quiz list", ["list"], "typer app --help", {}),
        ("quiz show 1", ["show", "1"], "import typer, numpy", {}),
        (
            "quiz demo relu --x 0 --json",
            ["demo", "relu", "--x", "0", "--json"],
            "import typer, numpy",
            {},
        ),
        ("quiz start (first question)", ["start"], "import typer, numpy", {"first_question": True}),
        (
            "quiz interview (first question)",
            ["interview"],
            "import typer, numpy",
            {"first_question": True},
        ),
    ]
    rows: list[Row] = []
    for label, argv, floor, opts in bundled:
        row = Row(label, floor)
        row.times["bundled"] = median_time([*QUIZ, *argv], base_env, args.runs, **opts)  # type: ignore[arg-type]
        rows.append(row)

    export_out = work / "export.csv"
    large: list[tuple[str, list[str], dict[str, object]]] = [
        ("quiz list", ["list"], {}),
        ("quiz show 1", ["show", "1"], {}),
        ("quiz start (first question)", ["start"], {"first_question": True}),
        ("quiz interview (first question)", ["interview"], {"first_question": True}),
        ("quiz list --due", ["list", "--due"], {}),
        ("quiz stats", ["stats"], {}),
        ("quiz export (reviews)", ["export", str(export_out), "--force"], {}),
    ]
    large_rows: list[Row] = []
    for label, argv, opts in large:
        row = Row(label + " [large]", None)
        for name, (bank_dir, db) in big.items():
            cmd = [*QUIZ, "--no-bundled", "--questions", str(bank_dir), "--db", str(db), *argv]
            row.times[name] = median_time(cmd, base_env, max(3, args.runs // 2), **opts)  # type: ignore[arg-type]
        large_rows.append(row)

    # Constant memory: the export's peak RSS with 10x fewer reviews should be about the same.
    small_db = work / "history-small.sqlite3"
    write_history(small_db, write_bank(work / "bank-small", 1_000), args.reviews // 10, now=now)
    memory = {}
    for label, db in (
        (f"{args.reviews // 10} reviews", small_db),
        (f"{args.reviews} reviews", big["1k"][1]),
    ):
        cmd = [
            *QUIZ,
            "--no-bundled",
            "--questions",
            str(big["1k"][0]),
            "--db",
            str(db),
            "export",
            str(export_out),
            "--force",
        ]
        memory[label] = peak_rss_mib(cmd, base_env)

    print_table(floors, rows, large_rows)
    print("\nquiz export peak memory: " + ", ".join(f"{k}: {v:.1f} MiB" for k, v in memory.items()))
    failures = check_budgets(floors, rows, large_rows)
    low, high = memory.values()
    if high > low * 1.25 + 5:
        failures.append(f"quiz export memory grows with the history: {low:.1f} -> {high:.1f} MiB")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "floors_ms": {k: v * 1000 for k, v in floors.items()},
                    "bundled_ms": {r.label: r.times["bundled"] * 1000 for r in rows},
                    "large_ms": {
                        r.label: {k: v * 1000 for k, v in r.times.items()} for r in large_rows
                    },
                    "export_peak_mib": memory,
                    "failures": failures,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    print(f"\nbenchmark took {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores")
    for failure in failures:
        print(f"BUDGET MISSED: {failure}")
    if not failures:
        print("all budgets hold")
    return 1 if failures else 0


def print_table(floors: dict[str, float], rows: list[Row], large_rows: list[Row]) -> None:
    print("\nfloors (median of fresh processes)")
    for label, t in floors.items():
        print(f"  {label:<34} {t * 1000:8.1f} ms")
    print(f"\n{'command (bundled bank: 30 questions)':<40} {'median':>10} {'x floor':>8}  floor")
    for r in rows:
        t = r.times["bundled"]
        assert r.floor is not None
        print(f"{r.label:<40} {t * 1000:8.1f}ms {t / floors[r.floor]:8.2f}  {r.floor}")
    print(
        f"\n{'command (generated bank, 100k reviews)':<40} {'1k q':>10} {'10k q':>10} {'10k/1k':>7} {'x help floor':>13}"
    )
    for r in large_rows:
        a, b = r.times["1k"], r.times["10k"]
        print(
            f"{r.label:<40} {a * 1000:8.1f}ms {b * 1000:8.1f}ms {b / a:7.2f} {b / floors['typer app --help']:13.2f}"
        )


def check_budgets(floors: dict[str, float], rows: list[Row], large_rows: list[Row]) -> list[str]:
    """The README's budgets; each missed one is returned as a sentence."""
    failures = []
    by = {r.label: r.times for r in rows}
    help_floor, numpy_floor = floors["typer app --help"], floors["import typer, numpy"]
    for label in ("quiz --help", "quiz list"):
        if by[label]["bundled"] > 1.5 * help_floor:
            failures.append(
                f"{label}: {by[label]['bundled'] / help_floor:.2f} x the minimal Typer app (max 1.5)"
            )
    demo = by["quiz demo relu --x 0 --json"]["bundled"]
    if demo > 1.3 * numpy_floor:
        failures.append(f"quiz demo relu: {demo / numpy_floor:.2f} x import typer, numpy (max 1.3)")
    # quiz interview starts within quiz start's budget (same work: bank, store, fsrs).
    start, interview = by["quiz start (first question)"], by["quiz interview (first question)"]
    if interview["bundled"] > 1.2 * start["bundled"]:
        failures.append(
            f"quiz interview: first question {interview['bundled'] / start['bundled']:.2f} x "
            "quiz start's (max 1.2)"
        )
    large = {r.label: r.times for r in large_rows}
    for label in (
        "quiz start (first question) [large]",
        "quiz interview (first question) [large]",
        "quiz list --due [large]",
        "quiz stats [large]",
    ):
        t = large[label]
        if t["10k"] > 1.0:
            failures.append(f"{label}: {t['10k']:.2f} s with 10k questions (max 1 s)")
        if t["10k"] / t["1k"] > 10:
            failures.append(
                f"{label}: grows {t['10k'] / t['1k']:.1f} x from 1k to 10k (max 10, linear)"
            )
    export = large["quiz export (reviews) [large]"]["10k"]
    if export > 2.0:
        failures.append(f"quiz export: {export:.2f} s for 100k reviews (max 2 s)")
    return failures


if __name__ == "__main__":
    raise SystemExit(main())
