"""The interview-day planner (issue 22): a whole preparation under a fake clock, the switch back
to plain FSRS after the date, a budget changed and a date moved midway, a budget too small, the
forecast against what following the plan yields, and the memory model against py-fsrs."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone

import numpy as np
import pytest
from msgspec.structs import replace

from actloss_quiz import planner, scheduler
from actloss_quiz.planner import CardState, PlanSettings, QuestionInfo
from tests.helpers import REPO, FakeClock

START = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # the first study day, 09:00
LEVELS = ("easy", "medium", "hard")
BANK = [
    QuestionInfo(f"q{i:02d}", "activation" if i < 10 else "loss", LEVELS[i % 3]) for i in range(18)
]
IDS = {q.id for q in BANK}


class Learner:
    """Studies each day's queue through actloss_quiz.scheduler.review, as `quiz start` would:
    rate each question (recalled with fsrs's predicted probability, a new one answered from the
    planner's prior), then ask it again (good) while a learning step ends within learn-ahead."""

    def __init__(self, seed: int, clock: FakeClock) -> None:
        self.rng = random.Random(seed)
        self.clock = clock
        self.cards: dict[str, scheduler.CardUpdate] = {}
        self.drawn: list[list[str]] = []

    def states(self) -> list[CardState]:
        out = []
        for qid, c in self.cards.items():
            s = planner.card_state(
                qid,
                state=c.state,
                due=c.due,
                stability=c.stability,
                difficulty=c.difficulty,
                last_review=c.last_review,
                tz=UTC,
            )
            assert s is not None
            out.append(s)
        return out

    def _rate(self, qid: str, level: str, now: datetime) -> int:
        card = self.cards.get(qid)
        if card is None:
            probs = planner.FIRST_RATING[level]
            return self.rng.choices((1, 2, 3, 4), weights=probs)[0]
        r = scheduler.retrievability(card.stability, card.last_review, now)
        assert r is not None
        return 3 if self.rng.random() < r else 1

    def study(self, queue: tuple[str, ...]) -> None:
        levels = {q.id: q.difficulty for q in BANK}
        self.drawn.append(list(queue))
        for qid in queue:
            now = self.clock()
            old = self.cards.get(qid)
            done = scheduler.review(
                qid,
                old.card_json if old else None,
                self._rate(qid, levels[qid], now),
                now=now,
                fuzzing=False,
            )
            while done.card.state != "review" and done.due <= now + timedelta(minutes=20):
                now = max(self.clock(), done.due)
                done = scheduler.review(qid, done.card.card_json, 3, now=now, fuzzing=False)
            self.cards[qid] = done.card

    def recall_on(self, day: date) -> float:
        at = datetime.combine(day, START.timetz())
        got = scheduler.retrievabilities(
            {q: (c.stability, c.last_review) for q, c in self.cards.items()}, at
        )
        return sum(got.get(q.id, 0.0) for q in BANK) / len(BANK)


def day_at(n: int) -> datetime:
    return START + timedelta(days=n)


def check_day(p: planner.Plan, cards: list[CardState], settings: PlanSettings, today: date) -> None:
    """What every day's plan must hold: consecutive days to the eve of the date, queues within
    the budget and the new cap, each question once a day, reviews of seen questions only."""
    seen = {c.question_id for c in cards}
    assert [d.day for d in p.days] == [today + timedelta(days=i) for i in range(p.days_left)]
    for d in p.days:
        assert len(d.queue) == len(set(d.queue)) <= settings.per_day
        assert settings.new_per_day is None or len(d.new) <= settings.new_per_day
        assert set(d.queue) <= IDS
    first = p.days[0]
    assert set(first.reviews) <= seen and not set(first.new) & seen
    assert 0 <= p.if_stopped.overall <= p.if_followed.overall <= 1


def test_a_whole_preparation_then_plain_fsrs_after_the_date() -> None:
    clock = FakeClock(START, timedelta(seconds=30))
    learner = Learner(1, clock)
    settings = PlanSettings(per_day=8, new_per_day=6)
    interview = (START + timedelta(days=12)).date()
    forecasts = []
    for n in range(12):
        clock.set(day_at(n))
        today = day_at(n).date()
        cards = learner.states()
        p = planner.plan(cards, BANK, settings, today=today, interview=interview)
        assert p is not None and p.days_left == 12 - n
        check_day(p, cards, settings, today)
        # What `quiz start` draws is the plan's first day, to the letter.
        assert (
            planner.plan_today(cards, BANK, settings, today=today, interview=interview)
            == (p.days[0])
        )
        forecasts.append(p.if_followed.overall)
        learner.study(p.days[0].queue)
    # Every question was introduced early: three days at six new a day.
    assert len(learner.cards) == len(BANK)
    first_seen: dict[str, int] = {}
    for n, day in enumerate(learner.drawn):
        for qid in day:
            first_seen.setdefault(qid, n)
    assert max(first_seen.values()) == 2
    # It studied less than the budget allowed, and the date found it ready.
    assert sum(map(len, learner.drawn)) < 12 * settings.per_day
    assert learner.recall_on(interview) > 0.95
    assert abs(forecasts[-1] - learner.recall_on(interview)) < 0.05
    # On the date and after it there is no plan: sessions go back to plain FSRS.
    cards = learner.states()
    for after in (0, 1, 30):
        on = interview + timedelta(days=after)
        assert planner.plan(cards, BANK, settings, today=on, interview=interview) is None
        assert planner.plan_today(cards, BANK, settings, today=on, interview=interview) is None


def test_the_last_days_take_the_questions_least_likely_recalled_first() -> None:
    clock = FakeClock(START, timedelta(seconds=30))
    learner = Learner(2, clock)
    wide = PlanSettings(per_day=18)
    interview = day_at(10).date()
    for n in range(8):
        clock.set(day_at(n))
        got = planner.plan_today(
            learner.states(), BANK, wide, today=day_at(n).date(), interview=interview
        )
        assert got is not None
        learner.study(got.queue)
    # The eve of the date with room for only four: the four weakest on the date.
    narrow = replace(wide, per_day=4)
    cards = learner.states()
    eve = day_at(9).date()
    queue = planner.plan_today(cards, BANK, narrow, today=eve, interview=interview)
    assert queue is not None and len(queue.reviews) == 4
    mem = planner.MemoryModel()
    on_date = {
        c.question_id: float(mem.recall((interview - c.last_review).days, np.array(c.stability)))
        for c in cards
    }
    weakest = sorted(on_date, key=lambda q: (on_date[q], q))[:4]
    assert sorted(queue.reviews) == sorted(weakest)


def test_a_budget_changed_midway() -> None:
    clock = FakeClock(START, timedelta(seconds=30))
    learner = Learner(3, clock)
    interview = day_at(10).date()
    small = PlanSettings(per_day=2)
    for n in range(3):
        clock.set(day_at(n))
        cards = learner.states()
        p = planner.plan(cards, BANK, small, today=day_at(n).date(), interview=interview)
        assert p is not None
        check_day(p, cards, small, day_at(n).date())
        # 18 new questions at two a day over 8 useful days: some cannot be learned in time.
        assert not p.budget_suffices and p.needed_per_day is not None
        learner.study(p.days[0].queue)
    assert [len(d) for d in learner.drawn] == [2, 2, 2]
    assert p is not None and p.needed_per_day is not None
    before = p.if_followed.overall
    bigger = PlanSettings(per_day=p.needed_per_day)
    for n in range(3, 10):
        clock.set(day_at(n))
        cards = learner.states()
        p2 = planner.plan(cards, BANK, bigger, today=day_at(n).date(), interview=interview)
        assert p2 is not None
        check_day(p2, cards, bigger, day_at(n).date())
        if n == 3:
            assert p2.budget_suffices and p2.needed_per_day is None
            assert p2.if_followed.overall > before
            assert len(p2.days[0].queue) > 2
        learner.study(p2.days[0].queue)
    assert len(learner.cards) == len(BANK)


def test_a_date_moved() -> None:
    clock = FakeClock(START, timedelta(seconds=30))
    learner = Learner(4, clock)
    settings = PlanSettings(per_day=10)
    first_date = day_at(20).date()
    for n in range(4):
        clock.set(day_at(n))
        p = planner.plan(
            learner.states(), BANK, settings, today=day_at(n).date(), interview=first_date
        )
        assert p is not None
        learner.study(p.days[0].queue)
    cards = learner.states()
    today = day_at(4).date()
    later = planner.plan(cards, BANK, settings, today=today, interview=first_date)
    sooner = planner.plan(cards, BANK, settings, today=today, interview=day_at(6).date())
    assert later is not None and sooner is not None
    assert (len(later.days), len(sooner.days)) == (16, 2)
    check_day(sooner, cards, settings, today)
    # Two days out, the plan reviews now what it would otherwise have left for later...
    assert len(sooner.days[0].reviews) > len(later.days[0].reviews)
    # ...and stopping today costs more when the date is further away.
    assert sooner.if_stopped.overall > later.if_stopped.overall
    moved = planner.plan(cards, BANK, settings, today=today, interview=day_at(5).date())
    assert moved is not None and len(moved.days) == 1


def test_a_budget_too_small_for_the_bank_is_reported() -> None:
    today = START.date()
    interview = today + timedelta(days=7)
    p = planner.plan([], BANK, PlanSettings(per_day=2), today=today, interview=interview)
    assert p is not None
    assert p.new_total == 18 and not p.budget_suffices
    assert len(p.new_left_out) == 18 - 2 * 7  # two a day, every day
    assert len(p.new_late) == 4  # the last two days' introductions come too late to be learned
    assert p.needed_per_day == 4  # 18 new over the 5 days before the final two
    weak = {w.question_id: w for w in p.weak_spots}
    assert all(weak[q].left_out and weak[q].recall == 0 for q in p.new_left_out if q in weak)
    enough = planner.plan(
        [], BANK, PlanSettings(per_day=p.needed_per_day), today=today, interview=interview
    )
    assert enough is not None and enough.budget_suffices and not enough.new_left_out
    out = json.loads(json.dumps(p.to_dict()))
    assert out["budget_suffices"] is False and out["needed_per_day"] == 4
    assert len(out["new_left_out"]) == 4 and len(out["days"]) == 7
    assert set(out["if_followed"]["by_topic"]) == {"activation", "loss"}
    assert list(out["if_followed"]["by_difficulty"]) == ["easy", "medium", "hard"]


def test_the_forecast_is_what_following_the_plan_yields() -> None:
    """Learners who follow the plan (re-planned each morning) end, on average, where the first
    day's forecast said: the forecast's branches are the plan's."""
    mem = planner.MemoryModel()
    bank = BANK[:12]
    settings = PlanSettings(per_day=6)
    today = START.date()
    interview = today + timedelta(days=8)
    p = planner.plan([], bank, settings, today=today, interview=interview)
    assert p is not None
    rng = np.random.default_rng(5)
    results = []
    for _ in range(120):
        state: dict[str, tuple[float, float, date]] = {}
        for n in range(8):
            day = today + timedelta(days=n)
            cards = [CardState(q, s, d, last, last) for q, (s, d, last) in state.items()]
            got = planner.plan_today(cards, bank, settings, today=day, interview=interview)
            assert got is not None
            for qid in got.new:
                level = next(q.difficulty for q in bank if q.id == qid)
                first = rng.choice(4, p=planner.FIRST_RATING[level]) + 1
                s0, d0, _ = mem.introduce(np.array(first))
                state[qid] = (float(s0), float(d0), day)
            for qid in got.reviews:
                s, d, last = state[qid]
                gap = np.array(float((day - last).days))
                ok = rng.random() < mem.recall(gap, np.array(s))
                s2, d2 = mem.review(np.array(s), np.array(d), gap, np.array(ok))
                state[qid] = (float(s2), float(d2), day)
        results.append(
            sum(
                float(mem.recall(float((interview - last).days), np.array(s)))
                for s, _, last in state.values()
            )
            / len(bank)
        )
    assert abs(np.mean(results) - p.if_followed.overall) < 0.01


def test_plans_are_deterministic_and_ignore_card_order_and_unknown_cards() -> None:
    clock = FakeClock(START, timedelta(seconds=30))
    learner = Learner(6, clock)
    learner.study(tuple(q.id for q in BANK[:9]))
    cards = learner.states()
    today, interview = day_at(3).date(), day_at(12).date()
    a = planner.plan(cards, BANK, PlanSettings(per_day=7), today=today, interview=interview)
    stray = CardState("suspended-or-deleted", 1.0, 5.0, START.date(), START.date())
    b = planner.plan(
        [stray, *reversed(cards)], BANK, PlanSettings(per_day=7), today=today, interview=interview
    )
    assert a == b and a is not None
    again = planner.plan(cards, BANK, PlanSettings(per_day=7), today=today, interview=interview)
    assert again == a


def test_todays_spent_budget_and_a_learning_step_due() -> None:
    today = START.date()
    interview = today + timedelta(days=5)
    mid_step = CardState("q03", 0.2, 6.4, today - timedelta(days=1), today, "learning")
    done = CardState("q04", 30.0, 3.0, today - timedelta(days=3), today + timedelta(days=25))
    settings = PlanSettings(per_day=5, new_per_day=3)
    got = planner.plan_today(
        [mid_step, done], BANK, settings, today=today, interview=interview, spent_today=1
    )
    assert got is not None
    assert got.reviews[0] == "q03"  # a learning step due goes first, whatever it is worth
    assert len(got.queue) == 4 and len(got.new) == 3
    got = planner.plan_today(
        [mid_step, done], BANK, settings, today=today, interview=interview, new_today=3
    )
    assert got is not None and got.new == ()


def test_card_state_from_store_columns() -> None:
    update = scheduler.review("q", None, 3, now=datetime(2026, 12, 1, 23, 30, tzinfo=UTC))
    up = update.card

    def state(tz: timezone, stability: float | None) -> CardState | None:
        return planner.card_state(
            "q",
            state=up.state,
            due=up.due,
            stability=stability,
            difficulty=up.difficulty,
            last_review=up.last_review,
            tz=tz,
        )

    utc = state(UTC, up.stability)
    tokyo = state(timezone(timedelta(hours=9)), up.stability)
    assert utc is not None and tokyo is not None
    assert utc.last_review == date(2026, 12, 1) and tokyo.last_review == date(2026, 12, 2)
    assert utc.stability == up.stability and utc.state == "learning"
    assert state(UTC, None) is None


def test_edges() -> None:
    today = START.date()
    empty = planner.plan([], [], PlanSettings(), today=today, interview=today + timedelta(days=3))
    assert empty is not None and empty.if_followed.overall == 0 and empty.budget_suffices
    with pytest.raises(ValueError, match="days away"):
        planner.plan([], BANK, PlanSettings(), today=today, interview=today + timedelta(days=400))
    with pytest.raises(ValueError):
        PlanSettings(per_day=-1)


# --- the memory model against py-fsrs -----------------------------------------------------------


def test_recall_agrees_with_py_fsrs() -> None:
    from fsrs import Card, Scheduler

    sched = Scheduler()
    mem = planner.MemoryModel()
    now = datetime(2026, 12, 1, tzinfo=UTC)
    for s in (0.01, 0.2, 1.0, 2.3065, 17.5, 400.0, 36500.0):
        for t in (0, 1, 2, 7, 30, 365):
            card = Card(card_id=1, stability=s, last_review=now - timedelta(days=t))
            want = sched.get_card_retrievability(card, now)
            assert float(mem.recall(float(t), np.array(s))) == pytest.approx(want, abs=1e-9)
            # And the app's own wrapper reads the same.
            got = scheduler.retrievability(s, (now - timedelta(days=t)).isoformat(), now)
            assert got == pytest.approx(want, abs=1e-9)


def test_reviews_agree_with_py_fsrs_sessions() -> None:
    """A review a day or more later, recalled (good) or lapsed (again, then the relearning step
    asked again in the same session), through the app's scheduler.review."""
    mem = planner.MemoryModel()
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    rng = random.Random(7)
    for _ in range(60):
        s, d, gap = rng.uniform(0.05, 200), rng.uniform(1, 10), rng.randint(1, 90)
        card = {
            "card_id": 1,
            "state": 2,
            "step": None,
            "stability": s,
            "difficulty": d,
            "due": now.isoformat(),
            "last_review": (now - timedelta(days=gap)).isoformat(),
        }
        good = scheduler.review("q", json.dumps(card), 3, now=now, fuzzing=False).card
        lapse = scheduler.review("q", json.dumps(card), 1, now=now, fuzzing=False)
        relearned = scheduler.review(
            "q", lapse.card.card_json, 3, now=lapse.due, fuzzing=False
        ).card
        assert relearned.state == "review"
        for recalled, want in ((True, good), (False, relearned)):
            s2, d2 = mem.review(np.array(s), np.array(d), np.array(float(gap)), np.array(recalled))
            assert float(s2) == pytest.approx(want.stability, rel=1e-9, abs=1e-12)
            assert float(d2) == pytest.approx(want.difficulty, rel=1e-9, abs=1e-12)
    assert mem.lapse_ratings == 2


def test_a_new_questions_session_agrees_with_the_app() -> None:
    mem = planner.MemoryModel()
    now = datetime(2026, 12, 1, 9, tzinfo=UTC)
    for first in (1, 2, 3, 4):
        done = scheduler.review("q", None, first, now=now, fuzzing=False)
        asks = 1
        while done.card.state != "review":
            assert done.due - now <= timedelta(minutes=20)  # within learn-ahead: same session
            done = scheduler.review("q", done.card.card_json, 3, now=done.due, fuzzing=False)
            asks += 1
        s, d, n = mem.introduce(np.array(first))
        assert float(s) == pytest.approx(done.card.stability, rel=1e-12)
        assert float(d) == pytest.approx(done.card.difficulty, rel=1e-12)
        assert int(n) == asks


def test_learning_steps_are_the_schedulers() -> None:
    sched = scheduler._scheduler(scheduler.DEFAULT_RETENTION, False)
    settings = PlanSettings()
    assert settings.learning_steps == sched.learning_steps
    assert settings.relearning_steps == sched.relearning_steps


def test_the_planner_is_core_and_lazy() -> None:
    """No Rich, Typer or CLI; numpy and fsrs only once a plan is made."""
    code = (
        "import sys, actloss_quiz.planner as p; "
        "bad = [m for m in ('rich', 'typer', 'click', 'numpy', 'fsrs', 'actloss_quiz.cli') "
        "if m in sys.modules]; print(bad)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# --- the benchmark's simulation (benchmarks/deadline.py) ----------------------------------------


def test_the_benchmarks_fsrs_baseline_schedules_as_fsrs() -> None:
    from fsrs import Scheduler

    from benchmarks.deadline import _interval

    mem = planner.MemoryModel()
    for retention in (0.9, 0.97):
        sched = Scheduler(desired_retention=retention, enable_fuzzing=False)
        for s in (0.1, 0.9, 2.3065, 8.3, 40.0, 1000.0):
            got = int(_interval(mem, np.array([s]), retention)[0])
            assert got == sched._next_interval(stability=s)


def test_the_benchmark_runs_its_strategies_within_the_budget() -> None:
    from benchmarks.deadline import bundled_bank, run_scenario, start_state

    bank = bundled_bank()
    st, first = start_state(bank, "half", 6, 0, planner.MemoryModel())
    assert (st.known.sum(axis=1) == len(bank.ids) // 2).all()
    assert ((st.last[st.known] < 0) & (st.last[st.known] >= -60)).all()
    assert ((first >= 1) & (first <= 4)).all()
    res = run_scenario(
        bank, "fresh", 3, 10, 4, 0, planner.DEFAULT_MIN_GAIN, planner.DEFAULT_FINAL_GAIN
    )
    assert set(res) == {"fsrs-0.90", "fsrs-0.97", "cram", "plan"}
    assert all(r["most_in_a_day"] <= 10 and 0 <= r["recall_mean"] <= 1 for r in res.values())
    assert 0 < res["plan"]["forecast"] <= 1


def test_the_value_table_matches_an_exact_search() -> None:
    """For one question and a short horizon, the grid's best value (expected recall on the date
    less the price of the reviews) is the exact optimum over every adaptive schedule."""
    settings = PlanSettings()
    mem = planner.MemoryModel(settings)
    days = 6
    price = planner._prices(settings.min_gain, settings.final_gain, settings.spend_days, 40)
    q = QuestionInfo("q", "t", "medium")

    def best(day: int, s: float, d: float, last: int) -> float:
        value = float(mem.recall(float(days - last), np.array(s)))  # no more reviews
        for t in range(max(day, last + 1), days):
            gap = np.array(float(t - last))
            p = float(mem.recall(gap, np.array(s)))
            cost = price[days - t] * (p + (1 - p) * mem.lapse_ratings)
            after = [mem.review(np.array(s), np.array(d), gap, np.array(ok)) for ok in (1, 0)]
            v = p * best(t + 1, float(after[0][0]), float(after[0][1]), t)
            v += (1 - p) * best(t + 1, float(after[1][0]), float(after[1][1]), t) - cost
            value = max(value, v)
        return value

    today = START.date()
    for s, d, ago in ((0.5, 7.0, 1), (2.3, 2.1, 2), (8.0, 5.0, 6), (40.0, 4.0, 20)):
        card = CardState("q", s, d, today - timedelta(days=ago), today)
        prep = planner._prepare([card], [q], settings, today, today + timedelta(days=days), 1)
        assert prep is not None
        grid = max(float(prep.q[0, 0].max()), float(prep.stop[0, 0]))
        assert grid == pytest.approx(best(0, s, d, -ago), abs=0.001)
