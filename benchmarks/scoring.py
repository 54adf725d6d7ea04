"""How often the suggested rating agrees with an interviewer's, and how long judging takes.

    python benchmarks/scoring.py [--half dev|heldout|both] [--misses] [--json FILE]

The development set lives in tests/scoring/: `dev.yaml` + `dev2.yaml` (the tuning half; dev2 by
a writer who never saw the key points) and `heldout.yaml` (written by someone who never saw the
key points, kept out of tuning). Each is a list of
`{id, kind, rating, answer}` with kind strong|partial|wrong|off-topic and the rating an
interviewer would give (1 again, 2 hard, 3 good). For each half this prints the confusion matrix
(interviewer's rating x suggested rating) and the agreement overall and per kind; then the time
to judge a 10,000-character answer against every bundled question (the worst is reported).

With two files in a half, the agreement of each file is printed under the half's table.
`--misses` lists every disagreement, and only for the dev half: reading the held-out answers'
results would turn them into tuning data.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import yaml  # noqa: E402

from actloss_quiz.bank import Bank, load_bank  # noqa: E402
from actloss_quiz.scoring import MAX_ANSWER_CHARS, RATING_NAMES, judge, known_words  # noqa: E402

DEVSET = HERE.parent / "tests" / "scoring"
# The tuning half is two files by different writers: dev.yaml (written with the judge) and
# dev2.yaml (a third writer who never saw the key points).
HALVES = {
    "dev": (DEVSET / "dev.yaml", DEVSET / "dev2.yaml"),
    "heldout": (DEVSET / "heldout.yaml",),
}
KINDS = ("strong", "partial", "wrong", "off-topic")


@dataclass(frozen=True)
class Case:
    id: str
    kind: str
    rating: int
    answer: str


@dataclass(frozen=True)
class Result:
    case: Case
    suggested: int
    reasons: tuple[str, ...]


def load_cases(paths: Sequence[Path]) -> list[Case]:
    """Every case of these files, in order."""
    return [
        Case(str(c["id"]), c["kind"], int(c["rating"]), str(c["answer"]))
        for path in paths
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def evaluate(bank: Bank, cases: list[Case]) -> list[Result]:
    known = known_words(bank.questions)
    out = []
    for c in cases:
        q = bank.by_id(c.id)
        if q is None:
            raise SystemExit(f"unknown question id {c.id!r} in the development set")
        j = judge(c.answer, q.key_points, q.misconceptions, bank.synonyms, known=known)
        out.append(Result(c, j.suggested_rating, j.reasons))
    return out


def agreement(results: list[Result]) -> dict[str, Any]:
    """Agreement overall and per kind, and the confusion matrix {expected: {suggested: n}}."""

    def share(rs: list[Result]) -> float:
        return sum(r.suggested == r.case.rating for r in rs) / len(rs) if rs else 0.0

    matrix = {e: dict.fromkeys((1, 2, 3), 0) for e in (1, 2, 3)}
    for r in results:
        matrix[r.case.rating][r.suggested] += 1
    return {
        "n": len(results),
        "overall": share(results),
        "by_kind": {k: share([r for r in results if r.case.kind == k]) for k in KINDS},
        "n_by_kind": dict(Counter(r.case.kind for r in results)),
        "matrix": matrix,
    }


def print_report(name: str, report: dict[str, Any]) -> None:
    print(f"\n== {name}: {report['n']} answers, agreement {report['overall']:.1%}")
    print("interviewer \\ suggested   again   hard   good")
    for e in (1, 2, 3):
        row = report["matrix"][e]
        print(f"  {RATING_NAMES[e]:<22} {row[1]:>6} {row[2]:>6} {row[3]:>6}")
    print(
        "agreement per kind: "
        + ", ".join(
            f"{k} {report['by_kind'][k]:.0%} (n={report['n_by_kind'].get(k, 0)})" for k in KINDS
        )
    )


def long_answer(bank: Bank) -> str:
    """A 10,000-character answer: every model answer in turn, every third word with two letters
    swapped (typos make the typo correction do the most work), repeated to the limit."""
    words = " ".join(q.answer for q in bank.questions).split()
    for i in range(0, len(words), 3):
        w = words[i]
        if len(w) > 4:
            words[i] = w[0] + w[2] + w[1] + w[3:]
    text = " ".join(words)
    while len(text) < MAX_ANSWER_CHARS:
        text += " " + text
    return text[:MAX_ANSWER_CHARS]


def timing(bank: Bank, runs: int = 5) -> tuple[str, float]:
    """The worst question's median time (ms) to judge a 10,000-character answer."""
    text = long_answer(bank)
    known = known_words(bank.questions)
    judge(text, bank.questions[0].key_points, (), bank.synonyms, known=known)  # imports, caches
    worst = ("", 0.0)
    for q in bank.questions:
        times = []
        for i in range(runs):
            answer = text if i == 0 else text[:-i]  # defeat any cache of the whole text
            t0 = time.perf_counter()
            judge(answer, q.key_points, q.misconceptions, bank.synonyms, known=known)
            times.append((time.perf_counter() - t0) * 1000)
        ms = statistics.median(times)
        if ms > worst[1]:
            worst = (q.id, ms)
    return worst


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("dev", "heldout", "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list the dev half's disagreements")
    parser.add_argument("--json", type=Path, help="also write the numbers to this file")
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args(argv)
    bank = load_bank()
    halves = ["dev", "heldout"] if args.half == "both" else [args.half]
    reports: dict[str, Any] = {}
    for half in halves:
        results = evaluate(bank, load_cases(HALVES[half]))
        reports[half] = agreement(results)
        print_report(half, reports[half])
        if len(HALVES[half]) > 1:
            for path in HALVES[half]:
                part = agreement(evaluate(bank, load_cases([path])))
                print(
                    f"  {path.name}: {part['overall']:.1%} of {part['n']} ("
                    + ", ".join(
                        f"{k} {part['by_kind'][k]:.0%}" for k in KINDS if part["n_by_kind"].get(k)
                    )
                    + ")"
                )
        if args.misses and half == "dev":
            for r in results:
                if r.suggested != r.case.rating:
                    print(
                        f"  - {r.case.id} [{r.case.kind}] want {RATING_NAMES[r.case.rating]}, got {RATING_NAMES[r.suggested]}: {'; '.join(r.reasons)}"
                    )
                    print(f"      {r.case.answer}")
    if not args.no_timing:
        qid, ms = timing(bank)
        reports["timing"] = {"question": qid, "ms": ms, "chars": MAX_ANSWER_CHARS}
        print(
            f"\njudging a {MAX_ANSWER_CHARS:,}-character answer: worst {ms:.1f} ms ({qid}); budget 50 ms"
        )
    if args.json:
        args.json.write_text(json.dumps(reports, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
