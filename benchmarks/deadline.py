"""Interview-day benchmark: expected recall on the date under four ways of studying (issue 22).

    python benchmarks/deadline.py [--learners 200] [--seed 0] [--json FILE|-] [--perf]

Simulated learners whose memory follows FSRS-6 with its default parameters prepare a 30-question
bank (the bundled bank's topics and difficulties) for an interview 3, 7, 14 or 30 days away,
drawing at most 5, 10, 20 or 40 questions a day, from a fresh bank or a half-learned one. Each
day a strategy picks the questions; the learner recalls each with the model's probability (a
recalled question is rated good, a forgotten one again and relearned in the same session) and a
new question's first answer is drawn from a distribution drawn per learner and question around
its difficulty's (the planner knows only the average). Strategies, compared at the same seeds
(same learners, same draws):

* fsrs-0.90 / fsrs-0.97: plain FSRS at that desired retention (no fuzz): due questions, least
  likely recalled first, then new ones in bank order, up to the budget;
* cram: nothing until the last days, then the whole budget every day: unseen questions first,
  then the least recently reviewed, each at most once a day. The cram starts 3 days before the
  date, earlier when the budget cannot go through the bank in 3 days;
* plan: actloss_quiz.planner.plan_today each day (what `quiz start` would draw).

Each cell of the table: expected recall on the date (the model's mean predicted recall over the
bank, 0 for a question never studied), mean over learners (10th percentile) · questions drawn /
ratings spent (with learning steps and relearning), per learner over the preparation. Beside:
the plan's gain over fsrs-0.90 and its day-0 forecast. The exit code is 1 when the plan recalls
less than fsrs-0.90 or the cram anywhere, or draws more than the budget in a day. `--perf` times
the planner (30 questions x 30 days; 10,000 questions with a 100,000-review history);
`--learners 0 --perf` only that. `--min-gain` shows the planner's trade of reviews for recall.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from actloss_quiz import planner  # noqa: E402

HORIZONS = (3, 7, 14, 30)
BUDGETS = (5, 10, 20, 40)
BANKS = ("fresh", "half")
STRATEGIES = ("fsrs-0.90", "fsrs-0.97", "cram", "plan")
CRAM_DAYS = 3
DAY0 = date(2030, 1, 1)


@dataclass(frozen=True)
class Bank:
    ids: list[str]
    topics: list[str]
    levels: list[str]

    @property
    def questions(self) -> list[planner.QuestionInfo]:
        return [
            planner.QuestionInfo(*x) for x in zip(self.ids, self.topics, self.levels, strict=True)
        ]


def bundled_bank() -> Bank:
    """The bundled bank's questions, as (id, topic, difficulty), in bank order."""
    ids, topics, levels = [], [], []
    for path in sorted((HERE.parent / "questions").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for q in data["questions"]:
            ids.append(q["id"])
            topics.append(data["topic"])
            levels.append(q["difficulty"])
    return Bank(ids, topics, levels)


@dataclass
class Learners:
    """Every learner's memory of every question (learners x questions), in whole days."""

    known: np.ndarray
    s: np.ndarray
    d: np.ndarray
    last: np.ndarray  # day of the last review
    ratings: np.ndarray  # per learner, this preparation
    drawn: np.ndarray

    def copy(self) -> Learners:
        return Learners(*(x.copy() for x in vars(self).values()))


@dataclass(frozen=True)
class Draws:
    """Common random numbers: the same learner meets the same luck under every strategy."""

    first: np.ndarray  # (L, N) first rating 1-4 of each question
    recall: np.ndarray  # (L, N, days) uniforms for recall on each day


def _first_ratings(rng: np.random.Generator, bank: Bank, n: int) -> np.ndarray:
    """Each learner's first answer to each question, from a distribution drawn around its
    difficulty's (Dirichlet, concentration 10): questions of one difficulty still vary."""
    out = np.empty((n, len(bank.ids)), dtype=np.int64)
    for j, level in enumerate(bank.levels):
        alpha = 10 * np.array(planner.FIRST_RATING[level])
        probs = rng.dirichlet(alpha, size=n)
        cum = probs.cumsum(axis=1)
        out[:, j] = 1 + (rng.random((n, 1)) > cum[:, :3]).sum(axis=1)
    return out


def start_state(
    bank: Bank, kind: str, n: int, seed: int, mem: planner.MemoryModel
) -> tuple[Learners, np.ndarray]:
    """Day 0's memories and the first answers. A half-learned bank: half the questions (random
    per learner) were learned 14-60 days ago under FSRS at 0.9 until a day 1-14 days ago."""
    rng = np.random.default_rng([seed, 1])
    nq = len(bank.ids)
    first = _first_ratings(rng, bank, n)
    st = Learners(
        known=np.zeros((n, nq), dtype=bool),
        s=np.ones((n, nq)),
        d=np.full((n, nq), 5.0),
        last=np.zeros((n, nq)),
        ratings=np.zeros(n),
        drawn=np.zeros(n),
    )
    if kind == "half":
        learned = np.argsort(rng.random((n, nq)), axis=1)[:, : nq // 2]
        mask = np.zeros((n, nq), dtype=bool)
        np.put_along_axis(mask, learned, True, axis=1)
        start = rng.integers(-60, -13, size=(n, nq)).astype(float)
        stop = rng.integers(-14, 0, size=(n, 1)).astype(float)
        s0, d0, _ = mem.introduce(first)
        st.known, st.s, st.d, st.last = mask, s0, d0, start
        due = start + _interval(mem, s0, 0.9)
        for day in range(-60, 0):
            now = mask & (due == day) & (day <= stop)
            if not now.any():
                continue
            ok = rng.random((n, nq)) < mem.recall(day - st.last, st.s)
            s2, d2 = mem.review(st.s, st.d, day - st.last, ok)
            st.s, st.d = np.where(now, s2, st.s), np.where(now, d2, st.d)
            st.last = np.where(now, day, st.last)
            due = np.where(now, day + _interval(mem, st.s, 0.9), due)
    return st, first


def _interval(mem: planner.MemoryModel, s: np.ndarray, retention: float) -> np.ndarray:
    """fsrs's next interval in days (Scheduler._next_interval without fuzz)."""
    days: np.ndarray = np.clip(
        np.round(s / mem.factor * (retention ** (1 / mem.decay) - 1)), 1, 36500
    )
    return days


def apply_day(
    st: Learners, day: int, chosen: np.ndarray, draws: Draws, mem: planner.MemoryModel
) -> None:
    """The learners study the chosen questions on `day`."""
    new = chosen & ~st.known
    rev = chosen & st.known
    if new.any():
        s0, d0, n0 = mem.introduce(draws.first)
        st.s = np.where(new, s0, st.s)
        st.d = np.where(new, d0, st.d)
        st.ratings += np.where(new, n0, 0).sum(axis=1)
    if rev.any():
        gap = np.maximum(day - st.last, 1)
        ok = draws.recall[:, :, day] < mem.recall(gap, st.s)
        s2, d2 = mem.review(st.s, st.d, gap, ok)
        st.s = np.where(rev, s2, st.s)
        st.d = np.where(rev, d2, st.d)
        st.ratings += np.where(rev, np.where(ok, 1, mem.lapse_ratings), 0).sum(axis=1)
    st.known |= chosen
    st.last = np.where(chosen, day, st.last)
    st.drawn += chosen.sum(axis=1)


def _first_k(key: np.ndarray, k: np.ndarray | int) -> np.ndarray:
    """Per row, the (at most) k smallest finite keys (ties by column)."""
    order = np.argsort(key, axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(key.shape[1])[None, :], axis=1)
    out: np.ndarray = np.isfinite(key) & (rank < np.reshape(k, (-1, 1)))
    return out


def fsrs_choice(retention: float) -> Callable[..., np.ndarray]:
    def choose(st: Learners, day: int, days: int, budget: int, mem: planner.MemoryModel) -> Any:
        due = st.known & (st.last + _interval(mem, st.s, retention) <= day)
        r = mem.recall(day - st.last, st.s)
        picked = _first_k(np.where(due, r, np.inf), budget)
        room = budget - picked.sum(axis=1)
        col = np.arange(st.known.shape[1], dtype=float)[None, :]
        return picked | _first_k(np.where(~st.known, col, np.inf), room)

    return choose


def cram_choice(st: Learners, day: int, days: int, budget: int, mem: planner.MemoryModel) -> Any:
    nq = st.known.shape[1]
    window = min(days, max(CRAM_DAYS, math.ceil(nq / budget)))
    if day < days - window:
        return np.zeros_like(st.known)
    col = np.arange(nq, dtype=float)[None, :]
    key = np.where(st.known, st.last + col / (2 * nq), -1e9 + col)
    key = np.where(st.known & (st.last >= day), np.inf, key)
    return _first_k(key, budget)


def plan_choice(bank: Bank, min_gain: float, final_gain: float) -> Callable[..., np.ndarray]:
    questions = bank.questions

    def choose(st: Learners, day: int, days: int, budget: int, mem: planner.MemoryModel) -> Any:
        settings = planner.PlanSettings(per_day=budget, min_gain=min_gain, final_gain=final_gain)
        today = DAY0 + timedelta(days=day)
        out = np.zeros_like(st.known)
        index = {qid: j for j, qid in enumerate(bank.ids)}
        for i in range(st.known.shape[0]):
            cards = [
                planner.CardState(
                    bank.ids[j],
                    float(st.s[i, j]),
                    float(st.d[i, j]),
                    DAY0 + timedelta(days=int(st.last[i, j])),
                    DAY0 + timedelta(days=int(st.last[i, j]) + 1),
                )
                for j in np.flatnonzero(st.known[i])
            ]
            got = planner.plan_today(
                cards, questions, settings, today=today, interview=DAY0 + timedelta(days=days)
            )
            assert got is not None
            for qid in got.queue:
                out[i, index[qid]] = True
        return out

    return choose


def run_scenario(
    bank: Bank,
    kind: str,
    days: int,
    budget: int,
    n: int,
    seed: int,
    min_gain: float,
    final_gain: float,
) -> dict[str, dict[str, float]]:
    """Every strategy on the same learners and draws; the plan's day-0 forecast beside."""
    mem = planner.MemoryModel()
    base, first = start_state(bank, kind, n, seed, mem)
    rng = np.random.default_rng([seed, 2, days, budget])
    draws = Draws(first, rng.random((n, len(bank.ids), days)))
    choosers: dict[str, Callable[..., np.ndarray]] = {
        "fsrs-0.90": fsrs_choice(0.9),
        "fsrs-0.97": fsrs_choice(0.97),
        "cram": cram_choice,
        "plan": plan_choice(bank, min_gain, final_gain),
    }
    out = {}
    for name, choose in choosers.items():
        st = base.copy()
        most = 0
        for day in range(days):
            chosen = choose(st, day, days, budget, mem)
            most = max(most, int(chosen.sum(axis=1).max()))
            apply_day(st, day, chosen, draws, mem)
        recall = np.where(st.known, mem.recall(days - st.last, st.s), 0.0).mean(axis=1)
        out[name] = {
            "recall_mean": float(recall.mean()),
            "recall_p10": float(np.percentile(recall, 10)),
            "reviews": float(st.ratings.mean()),
            "drawn": float(st.drawn.mean()),
            "most_in_a_day": most,
        }
    out["plan"]["forecast"] = forecast(base, bank, days, budget, min_gain, final_gain)
    return out


def forecast(
    st: Learners, bank: Bank, days: int, budget: int, min_gain: float, final_gain: float
) -> float:
    """The plan's day-0 readiness forecast (if followed), over the first 10 learners."""
    settings = planner.PlanSettings(per_day=budget, min_gain=min_gain, final_gain=final_gain)
    got = []
    for i in range(min(10, st.known.shape[0])):
        cards = [
            planner.CardState(
                bank.ids[j],
                float(st.s[i, j]),
                float(st.d[i, j]),
                DAY0 + timedelta(days=int(st.last[i, j])),
                DAY0 + timedelta(days=int(st.last[i, j]) + 1),
            )
            for j in np.flatnonzero(st.known[i])
        ]
        p = planner.plan(
            cards, bank.questions, settings, today=DAY0, interview=DAY0 + timedelta(days=days)
        )
        assert p is not None
        got.append(p.if_followed.overall)
    return float(np.mean(got))


def table(rows: Sequence[dict[str, Any]]) -> str:
    """The Markdown table. Each cell: expected recall on the date, mean over learners (10th
    percentile) · questions drawn / ratings spent, per learner over the preparation."""
    head = "| bank | days | per day | " + " | ".join(STRATEGIES)
    head += " | plan − fsrs-0.90 | plan's forecast |"
    lines = [head, "|" + "---|" * (len(STRATEGIES) + 5)]
    for row in rows:
        res = row["results"]
        cells = [
            f"{r['recall_mean']:.3f} ({r['recall_p10']:.3f}) · {r['drawn']:.0f}/{r['reviews']:.0f}"
            for r in (res[s] for s in STRATEGIES)
        ]
        diff = res["plan"]["recall_mean"] - res["fsrs-0.90"]["recall_mean"]
        lines.append(
            f"| {row['bank']} | {row['days']} | {row['budget']} | "
            + " | ".join(cells)
            + f" | {diff:+.3f} | {res['plan']['forecast']:.3f} |"
        )
    return "\n".join(lines)


def check(rows: Sequence[dict[str, Any]]) -> list[str]:
    """Where the plan falls short: less expected recall on the date than plain FSRS or the
    cram, or more questions in a day than the budget (the one cost every strategy shares)."""
    bad = []
    for row in rows:
        res = row["results"]
        plan = res["plan"]
        tag = f"{row['bank']} {row['days']}d {row['budget']}/day"
        for other in ("fsrs-0.90", "cram"):
            if plan["recall_mean"] < res[other]["recall_mean"]:
                mine, theirs = plan["recall_mean"], res[other]["recall_mean"]
                bad.append(f"{tag}: recall {mine:.4f} < {other} {theirs:.4f}")
        if plan["most_in_a_day"] > row["budget"]:
            bad.append(f"{tag}: {plan['most_in_a_day']} questions in a day")
    return bad


def summary(rows: Sequence[dict[str, Any]]) -> list[str]:
    """The plan against plain FSRS in a few lines: recall gained, reviews spent."""
    gain = [
        r["results"]["plan"]["recall_mean"] - r["results"]["fsrs-0.90"]["recall_mean"] for r in rows
    ]
    ratio = [r["results"]["plan"]["reviews"] / r["results"]["fsrs-0.90"]["reviews"] for r in rows]
    fewer = sum(x <= 1 for x in ratio)
    err = [
        abs(r["results"]["plan"]["forecast"] - r["results"]["plan"]["recall_mean"]) for r in rows
    ]
    return [
        f"plan - fsrs-0.90, expected recall on the date: min {min(gain):+.3f}, "
        f"median {float(np.median(gain)):+.3f}, max {max(gain):+.3f}",
        f"plan's ratings / fsrs-0.90's: {min(ratio):.2f}-{max(ratio):.2f} "
        f"(no more in {fewer} of {len(rows)} scenarios)",
        f"plan's day-0 forecast vs its outcome: mean |error| {float(np.mean(err)):.3f}, "
        f"max {max(err):.3f}",
    ]


COLD = """
import time
from datetime import date, timedelta
import numpy
t0, c0 = time.perf_counter(), time.process_time()
from actloss_quiz import planner
qs = [planner.QuestionInfo(f"q{i}", "t", ("easy", "medium", "hard")[i % 3]) for i in range(30)]
day = date(2030, 1, 1)
planner.plan([], qs, planner.PlanSettings(per_day=10), today=day, interview=day + timedelta(days=30))
print(time.perf_counter() - t0, time.process_time() - c0)
"""


def perf() -> dict[str, float]:
    """Planner timings in ms, wall and CPU (the best of several runs; CPU time is what to read
    on a shared machine). Cold: the first plan in a fresh process, importing fsrs and building
    the value table (numpy already imported, as by any session that judges answers)."""
    import subprocess

    out: dict[str, float] = {}
    colds = []
    for _ in range(3):
        proc = subprocess.run(
            [sys.executable, "-c", COLD],
            cwd=HERE.parent,
            capture_output=True,
            text=True,
            check=True,
        )
        colds.append(tuple(float(x) for x in proc.stdout.split()))
    out["plan_30q_30d_cold_ms"], out["plan_30q_30d_cold_cpu_ms"] = (
        1000 * min(c[0] for c in colds),
        1000 * min(c[1] for c in colds),
    )
    qs = bundled_bank().questions
    date_ = DAY0 + timedelta(days=30)
    small = planner.PlanSettings(per_day=10)
    out["plan_30q_30d_ms"], out["plan_30q_30d_cpu_ms"] = _best(
        lambda: planner.plan([], qs, small, today=DAY0, interview=date_)
    )
    out["plan_today_30q_ms"], out["plan_today_30q_cpu_ms"] = _best(
        lambda: planner.plan_today([], qs, small, today=DAY0, interview=date_)
    )
    import tempfile
    from datetime import UTC, datetime

    from benchmarks.generate import write_bank, write_history

    with tempfile.TemporaryDirectory() as tmp:
        # The benchmarks' large bank: 10,000 questions, cards for 8,000, 100,000 reviews.
        meta = write_bank(Path(tmp) / "bank", 10_000)
        db = Path(tmp) / "progress.sqlite3"
        write_history(db, meta, 100_000, now=datetime(2030, 1, 1, 12, tzinfo=UTC))
        out["read_10000q_ms"], out["read_10000q_cpu_ms"] = _best(lambda: _read_cards(db), runs=3)
        cards = _read_cards(db)
    big_qs = [planner.QuestionInfo(qid, topic, level) for qid, _, topic, level in meta]
    big = planner.PlanSettings(per_day=200, new_per_day=50)
    out["plan_10000q_30d_ms"], out["plan_10000q_30d_cpu_ms"] = _best(
        lambda: planner.plan(cards, big_qs, big, today=DAY0, interview=date_), runs=3
    )
    out["plan_today_10000q_ms"], out["plan_today_10000q_cpu_ms"] = _best(
        lambda: planner.plan_today(cards, big_qs, big, today=DAY0, interview=date_), runs=3
    )
    return out


def _best(fn: Callable[[], object], runs: int = 7) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return 1000 * min(walls), 1000 * min(cpus)


def _read_cards(db: Path) -> list[planner.CardState]:
    """The cards table's columns through planner.card_state, as the CLI would read them."""
    import sqlite3
    from datetime import UTC

    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT question_id, state, due, stability, difficulty, last_review FROM cards"
    ).fetchall()
    conn.close()
    cards = []
    for qid, state, due, s, d, last in rows:
        c = planner.card_state(
            qid, state=state, due=due, stability=s, difficulty=d, last_review=last, tz=UTC
        )
        if c is not None:
            cards.append(c)
    return cards


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200, help="0: only --perf")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the results as JSON to this file (- for stdout)")
    parser.add_argument("--perf", action="store_true", help="also time the planner")
    parser.add_argument(
        "--min-gain",
        type=float,
        default=planner.DEFAULT_MIN_GAIN,
        help="the planner's min_gain (explore fewer reviews against recall)",
    )
    parser.add_argument("--final-gain", type=float, default=planner.DEFAULT_FINAL_GAIN)
    args = parser.parse_args(argv)

    bank = bundled_bank()
    rows = []
    t0, c0 = time.perf_counter(), time.process_time()
    if args.learners > 0:
        for kind in BANKS:
            for days in HORIZONS:
                for budget in BUDGETS:
                    res = run_scenario(
                        bank,
                        kind,
                        days,
                        budget,
                        args.learners,
                        args.seed,
                        args.min_gain,
                        args.final_gain,
                    )
                    rows.append({"bank": kind, "days": days, "budget": budget, "results": res})
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    out: dict[str, Any] = {
        "learners": args.learners,
        "seed": args.seed,
        "min_gain": args.min_gain,
        "final_gain": args.final_gain,
        "seconds": round(elapsed, 1),
        "cpu_seconds": round(cpu, 1),
        "scenarios": rows,
    }
    bad = check(rows)
    out["plan_behind"] = bad
    if rows:
        out["summary"] = summary(rows)
    if args.perf:
        out["perf"] = perf()
    if args.json == "-":
        print(json.dumps(out, indent=2))
        return 1 if bad else 0
    if rows:
        print(table(rows))
        print()
        print(f"{args.learners} learners, seed {args.seed}: {elapsed:.0f} s ({cpu:.0f} s CPU)")
        for line in out["summary"]:
            print(line)
        print(
            "plan behind in:" if bad else "plan at least as good as fsrs-0.90 and cram everywhere"
        )
        for line in bad:
            print("  " + line)
    if args.perf:
        for k, v in out["perf"].items():
            print(f"{k}: {v:.1f}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
