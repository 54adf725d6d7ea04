"""Mutation testing of the core modules with mutmut (not CI: it takes tens of minutes).

mutmut is not a dependency of the package or its test extra; install it beside the test extra:

    .venv/bin/pip install mutmut
    .venv/bin/python benchmarks/mutation.py                    # every module in [tool.mutmut]
    .venv/bin/python benchmarks/mutation.py scheduler stats    # some of them
    .venv/bin/python benchmarks/mutation.py --minutes 10 store.history

mutmut's settings are `[tool.mutmut]` in pyproject.toml (which modules, which test files; it
copies the project to `mutants/` and runs only the tests that cover each mutated function).
Each module runs with a time limit; the report counts killed and surviving mutants per module
and lists the survivors, which README "Design" reviews (killed by a test, or equivalent).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).parent / "mutmut"


def modules() -> list[str]:
    """The dotted names of the modules `[tool.mutmut] only_mutate` lists."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    paths = config["tool"]["mutmut"]["only_mutate"]
    return [p.removesuffix(".py").replace("/", ".") for p in paths]


def results() -> dict[str, str]:
    """{mutant name: status} from mutmut's stored results."""
    proc = subprocess.run(
        [str(MUTMUT), "results", "--all", "true"],
        cwd=ROOT,
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
    args = parser.parse_args()
    if not MUTMUT.exists():
        print("mutmut is not installed: .venv/bin/pip install mutmut", file=sys.stderr)
        return 2
    wanted = [m for m in modules() if not args.only or any(m.endswith(o) for o in args.only)]
    timed_out = []
    for module in wanted:
        print(f"== {module}", flush=True)
        try:
            subprocess.run(
                [str(MUTMUT), "run", f"{module}.*"],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                timeout=args.minutes * 60,
                check=False,
            )
        except subprocess.TimeoutExpired:
            timed_out.append(module)
    status = results()
    print(f"\n{'module':32} {'mutants':>8} {'killed':>7} {'survived':>9} {'other':>6}")
    for module in wanted:
        mine = {k: v for k, v in status.items() if k.startswith(module + ".")}
        counts = Counter(mine.values())
        other = len(mine) - counts["killed"] - counts["survived"]
        note = " (time limit: partly run)" if module in timed_out else ""
        print(
            f"{module:32} {len(mine):8} {counts['killed']:7} {counts['survived']:9} {other:6}{note}"
        )
    print("\nsurvivors (see each with: mutmut show NAME):")
    for name, value in sorted(status.items()):
        if value == "survived" and any(name.startswith(m + ".") for m in wanted):
            print(f"  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
