"""Plan reviews to an interview date, and forecast how much of the bank is recalled on it.

FSRS at a fixed desired retention spreads recall over months; an interview needs it on one day.
The FSRS-6 memory model already predicts that day: a question of stability S last reviewed t days
before the date is recalled on it with probability R(t, S) = (1 + FACTOR * t / S) ** -w20, and a
review moves S and the difficulty D by the success or lapse formulas. The planner works on that
model in whole days:

* New questions come first, as early as the budget allows: one is worth ~0.9 of a question on
  the date, more than any review, and the earlier it is learned the cheaper it is to keep.
* A value table, by backward induction over a (log S, D) grid, gives for each number of days left
  the best expected recall on the date still reachable after a review, less `min_gain` for every
  rating it costs (nothing in the last `spend_days` days: no later day can use the budget). So a
  review is planned only when it raises recall on the date by more than it costs (questions
  recalled on the date anyway are skipped), and for today only when waiting would do no better.
* Each day takes the reviews whose best day is today, by what waiting would lose, within the
  daily budget; on the last `final_days` days, those least likely to be recalled on the date
  first. When later days would overflow (the days before the date usually do), today's spare
  places take the reviews that lose least by coming early.
* The plan shown follows the likeliest path (every review recalled, a new question's likeliest
  first answer). The forecast averages sampled futures in which every answer is drawn from the
  model and the plan re-made each day, as when the user follows it; a fixed seed keeps it
  repeatable.

Everything is a pure function of its arguments (no clock, database or state beyond caches of the
tables); numpy and fsrs are imported inside the functions. On the date and after it the planner
returns None: the caller goes back to plain FSRS.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from msgspec import Struct

from actloss_quiz.vocab import difficulty_order

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Floats = NDArray[np.float64]
    Ints = NDArray[np.int64]
    Bools = NDArray[np.bool_]

MAX_DAYS = 180  # the value table grows with the square of the days; a further date is refused
DEFAULT_MIN_GAIN = 0.005
DEFAULT_FINAL_GAIN = 0.0
DEFAULT_LEARN_AHEAD = 20  # minutes, as the learn-ahead setting: steps this short repeat in session

# A new question's first answer (again, hard, good, easy) by its difficulty: the prior the plan
# assumes for questions never seen. "medium" is the FSRS simulator's default distribution.
FIRST_RATING: Mapping[str, tuple[float, float, float, float]] = {
    "easy": (0.10, 0.05, 0.55, 0.30),
    "medium": (0.24, 0.094, 0.495, 0.171),
    "hard": (0.38, 0.14, 0.42, 0.06),
}

# The value table's grid: stability on a log scale (fsrs's floor is 0.001; below 0.01 recall
# a day later is under 1%, and above ~36500 days it is 1 over any horizon) and difficulty 1-10.
_S_LO, _S_HI, _NS = 0.01, 36500.0, 64
_D_LO, _D_HI, _ND = 1.0, 10.0, 10


# --- input ----------------------------------------------------------------------------------


class CardState(Struct, frozen=True):
    """A reviewed question's fsrs memory state, in calendar days (the store's cards row).

    `last_review` and `due` are local calendar days: the plan counts whole days, as a user
    studies once a day. `state` is the store's: learning, review or relearning.
    """

    question_id: str
    stability: float
    difficulty: float
    last_review: date
    due: date
    state: str = "review"


class QuestionLike(Protocol):
    """What the planner reads of a question (bank.Question has it)."""

    @property
    def id(self) -> str: ...

    @property
    def topic(self) -> str: ...

    @property
    def difficulty(self) -> str: ...


class QuestionInfo(Struct, frozen=True):
    """A question reduced to what the planner reads (for callers without a bank)."""

    id: str
    topic: str
    difficulty: str


class PlanSettings(Struct, frozen=True):
    """The budget and the model's knobs.

    `per_day` counts questions drawn a day (a new question's in-session learning steps are part
    of its one place); `new_per_day` caps the new ones among them (None: only the budget).
    `retention` is the desired retention: a question forecast below it on the date is a weak
    spot. `min_gain` is the least rise in expected recall on the date (share of one question)
    a rating must buy: it is what makes the plan skip reviews of questions recalled anyway;
    `final_gain` replaces it in the last `spend_days` days, where an unspent budget is lost.
    On the last `final_days` days the least likely recalled go first, and a new question
    introduced then is too late to be learned. The learning steps are those of
    actloss_quiz.scheduler (fsrs's defaults) and `learn_ahead_minutes` the session's setting.
    """

    per_day: int = 20
    new_per_day: int | None = None
    retention: float = 0.9
    min_gain: float = DEFAULT_MIN_GAIN
    final_gain: float = DEFAULT_FINAL_GAIN
    learn_ahead_minutes: int = DEFAULT_LEARN_AHEAD
    learning_steps: tuple[timedelta, ...] = (timedelta(minutes=1), timedelta(minutes=10))
    relearning_steps: tuple[timedelta, ...] = (timedelta(minutes=10),)
    final_days: int = 2
    spend_days: int = 3
    weak_spots: int = 5

    def __post_init__(self) -> None:
        if self.per_day < 0 or (self.new_per_day is not None and self.new_per_day < 0):
            raise ValueError("the daily budget cannot be negative")
        if not (0 <= self.min_gain < 1 and 0 <= self.final_gain < 1):
            raise ValueError("min_gain and final_gain must be in [0, 1)")


def card_state(
    question_id: str,
    *,
    state: str,
    due: str,
    stability: float | None,
    difficulty: float | None,
    last_review: str | None,
    tz: tzinfo | None = None,
) -> CardState | None:
    """A CardState from the store's cards columns (ISO times in UTC); None for a card without
    a memory state. `tz` is the user's zone (None: the system's) that decides calendar days."""
    if stability is None or difficulty is None or last_review is None:
        return None

    def day(text: str) -> date:
        at = datetime.fromisoformat(text).astimezone(UTC)
        return (at.astimezone(tz) if tz is not None else at.astimezone()).date()

    return CardState(question_id, stability, difficulty, day(last_review), day(due), state)


# --- output ---------------------------------------------------------------------------------


class DayPlan(Struct, frozen=True):
    """One day's queue: reviews (least likely recalled today first), then new questions."""

    day: date
    reviews: tuple[str, ...]
    new: tuple[str, ...]
    expected_ratings: float  # ratings including learning steps and relapses, for time estimates

    @property
    def queue(self) -> tuple[str, ...]:
        return self.reviews + self.new

    def to_dict(self) -> dict[str, Any]:
        return {
            "day": self.day.isoformat(),
            "reviews": list(self.reviews),
            "new": list(self.new),
            "expected_ratings": round(self.expected_ratings, 2),
        }


class Readiness(Struct, frozen=True):
    """Expected share of the bank recalled on the date: overall, per topic, per difficulty."""

    overall: float
    by_topic: Mapping[str, float]
    by_difficulty: Mapping[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": round(self.overall, 4),
            "by_topic": {k: round(v, 4) for k, v in self.by_topic.items()},
            "by_difficulty": {k: round(v, 4) for k, v in self.by_difficulty.items()},
        }


class WeakSpot(Struct, frozen=True):
    """A question forecast below the desired retention on the date, even with the plan."""

    question_id: str
    topic: str
    difficulty: str
    recall: float
    left_out: bool  # a new question the budget cannot introduce in time


class Plan(Struct, frozen=True):
    """The days from today to the eve of the date, and what they are forecast to achieve."""

    today: date
    interview: date
    days: tuple[DayPlan, ...]
    if_followed: Readiness
    if_stopped: Readiness
    recall: Mapping[str, float]  # question id -> expected recall on the date, plan followed
    weak_spots: tuple[WeakSpot, ...]
    new_total: int
    new_left_out: tuple[str, ...]  # new questions the budget cannot introduce before the date
    new_late: tuple[str, ...]  # introduced only in the final days: too late to be learned
    needed_per_day: int | None  # the budget that would introduce every one in time (if short)
    needed_new_per_day: int | None  # ...and the new-per-day cap, when that is what is short

    @property
    def budget_suffices(self) -> bool:
        """Every new question is introduced before the final days (in time to be learned)."""
        return not self.new_left_out and not self.new_late

    @property
    def days_left(self) -> int:
        return (self.interview - self.today).days

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (`quiz plan --json`)."""
        return {
            "today": self.today.isoformat(),
            "date": self.interview.isoformat(),
            "days_left": self.days_left,
            "if_followed": self.if_followed.to_dict(),
            "if_stopped": self.if_stopped.to_dict(),
            "budget_suffices": self.budget_suffices,
            "new_total": self.new_total,
            "new_left_out": list(self.new_left_out),
            "new_late": list(self.new_late),
            "needed_per_day": self.needed_per_day,
            "needed_new_per_day": self.needed_new_per_day,
            "weak_spots": [
                {
                    "id": w.question_id,
                    "topic": w.topic,
                    "difficulty": w.difficulty,
                    "recall": round(w.recall, 4),
                    "left_out": w.left_out,
                }
                for w in self.weak_spots
            ],
            "days": [d.to_dict() for d in self.days],
        }


# --- the FSRS-6 memory model, vectorised --------------------------------------------------------


class _Model(Struct, frozen=True):
    """fsrs's parameters and what the session makes of a first answer and of a lapse.

    `intro[k]` is (stability, difficulty, ratings) after a new question's first rating k+1 and
    the learning steps that follow in the same session; `relearn_asks` is how many times a
    lapsed question is asked again (and recalled) in the session before it graduates.
    """

    w: tuple[float, ...]
    intro: tuple[tuple[float, float, int], ...]
    relearn_asks: int

    @property
    def decay(self) -> float:
        return -self.w[20]

    @property
    def factor(self) -> float:
        return float(0.9 ** (1 / self.decay) - 1)


@lru_cache(maxsize=8)
def _model(
    steps: tuple[timedelta, ...], relearn: tuple[timedelta, ...], learn_ahead: int
) -> _Model:
    """Run fsrs's own Scheduler through a new question's session and a lapse's, once."""
    from fsrs import Card, Rating, Scheduler, State

    sched = Scheduler(learning_steps=steps, relearning_steps=relearn, enable_fuzzing=False)
    window = timedelta(minutes=learn_ahead)
    t0 = datetime(2000, 1, 1, tzinfo=UTC)

    def session(card: Card, now: datetime) -> tuple[Card, int]:
        # As the quiz session: a (re)learning step ending within learn-ahead is asked again
        # (and recalled: nothing is forgotten within minutes, R = 1 the same day).
        asks = 0
        while card.state != State.Review and card.due - now <= window and asks < 20:
            now = card.due
            card, _ = sched.review_card(card, Rating.Good, review_datetime=now)
            asks += 1
        return card, asks

    intro = []
    for rating in (Rating.Again, Rating.Hard, Rating.Good, Rating.Easy):
        card, _ = sched.review_card(Card(card_id=1, due=t0), rating, review_datetime=t0)
        card, asks = session(card, t0)
        assert card.stability is not None and card.difficulty is not None
        intro.append((float(card.stability), float(card.difficulty), 1 + asks))
    seen = Card(card_id=1, state=State.Review, stability=10.0, difficulty=5.0, due=t0)
    seen.last_review = t0 - timedelta(days=10)
    lapsed, _ = sched.review_card(seen, Rating.Again, review_datetime=t0)
    _, asks = session(lapsed, t0)
    return _Model(tuple(float(x) for x in sched.parameters), tuple(intro), asks)


def _recall(m: _Model, t: Floats | float, s: Floats) -> Floats:
    """FSRS-6 retrievability after t whole days at stability s."""
    import numpy as np

    return np.asarray((1 + m.factor * np.maximum(t, 0) / s) ** m.decay, dtype=np.float64)


def _next_difficulty(m: _Model, d: Floats, rating: int) -> Floats:
    import numpy as np

    w = m.w
    target = w[4] - math.e ** (w[5] * 3) + 1  # the initial difficulty of `easy`, unclamped
    moved = d + (10.0 - d) * (-(w[6] * (rating - 3))) / 9.0
    out: Floats = np.minimum(np.maximum(w[7] * target + (1 - w[7]) * moved, 1.0), 10.0)
    return out


def _short_term_good(m: _Model, s: Floats) -> Floats:
    import numpy as np

    w = m.w
    grow = np.maximum(math.e ** (w[17] * w[18]) * s ** -w[19], 1.0)
    out: Floats = np.maximum(s * grow, 0.001)
    return out


def _after_pass(m: _Model, s: Floats, d: Floats, r: Floats) -> tuple[Floats, Floats]:
    """Stability and difficulty after a review a day or more later, recalled (`good`)."""
    import numpy as np

    w = m.w
    grow = math.e ** w[8] * (11 - d) * s ** -w[9] * (np.exp((1 - r) * w[10]) - 1)
    return np.maximum(s * (1 + grow), 0.001), _next_difficulty(m, d, 3)


def _after_fail(m: _Model, s: Floats, d: Floats, r: Floats) -> tuple[Floats, Floats]:
    """After a lapse (`again`) and the relearning steps asked again in the same session."""
    import numpy as np

    w = m.w
    long = w[11] * d ** -w[12] * ((s + 1) ** w[13] - 1) * np.exp((1 - r) * w[14])
    s2 = np.maximum(np.minimum(long, s / math.e ** (w[17] * w[18])), 0.001)
    d2 = _next_difficulty(m, d, 1)
    for _ in range(m.relearn_asks):
        s2, d2 = _short_term_good(m, s2), _next_difficulty(m, d2, 3)
    return s2, d2


class MemoryModel:
    """The FSRS-6 model the planner plans on, vectorised over numpy arrays of questions.

    Public so that simulations (benchmarks/deadline.py) and tests move memories exactly as the
    planner predicts them; tests hold it to py-fsrs's Scheduler to 1e-9.
    """

    def __init__(self, settings: PlanSettings | None = None) -> None:
        s = settings or PlanSettings()
        self._m = _model(s.learning_steps, s.relearning_steps, s.learn_ahead_minutes)

    @property
    def decay(self) -> float:
        return self._m.decay

    @property
    def factor(self) -> float:
        return self._m.factor

    @property
    def lapse_ratings(self) -> int:
        """Ratings a lapse costs in a session: `again`, then each relearning step asked again."""
        return 1 + self._m.relearn_asks

    def recall(self, days: Floats | float, stability: Floats) -> Floats:
        """Probability of recall `days` whole days after the last review."""
        return _recall(self._m, days, stability)

    def review(
        self, stability: Floats, difficulty: Floats, days: Floats, recalled: Bools
    ) -> tuple[Floats, Floats]:
        """Stability and difficulty after a review `days` (>= 1) after the last one, recalled
        (`good`) or not (`again`, then the relearning steps in the same session)."""
        import numpy as np

        r = _recall(self._m, days, stability)
        sp, dp = _after_pass(self._m, stability, difficulty, r)
        sf, df = _after_fail(self._m, stability, difficulty, r)
        return np.where(recalled, sp, sf), np.where(recalled, dp, df)

    def introduce(self, first_rating: Ints) -> tuple[Floats, Floats, Ints]:
        """A new question's stability, difficulty and ratings after its first rating (1-4)
        and the learning steps asked again in the same session."""
        import numpy as np

        table = np.array(self._m.intro)
        row = table[np.asarray(first_rating) - 1]
        return row[..., 0], row[..., 1], row[..., 2].astype(np.int64)


# --- the value table ----------------------------------------------------------------------------


class _Tables(Struct, frozen=True, eq=False):
    """Row r (r days left, just after a review): on the grid, the best expected recall on the
    date still reachable, less what the reviews to reach it cost."""

    value: Floats  # (rows, NS * ND)
    price: Floats  # (rows,): what a rating costs, by days left


def _grid() -> tuple[Floats, Floats]:
    import numpy as np

    s = np.exp(np.linspace(math.log(_S_LO), math.log(_S_HI), _NS))
    d = np.linspace(_D_LO, _D_HI, _ND)
    ss, dd = np.meshgrid(s, d, indexing="ij")
    return ss.ravel(), dd.ravel()


class _Cell(Struct, frozen=True, eq=False):
    """Where points fall on the grid: the lower corner's flat index and the two fractions."""

    base: Ints
    fx: Floats
    fy: Floats


def _cell(s: Floats, d: Floats) -> _Cell:
    import numpy as np

    s, d = np.broadcast_arrays(s, d)
    step = (math.log(_S_HI) - math.log(_S_LO)) / (_NS - 1)
    x = (np.log(np.minimum(np.maximum(s, _S_LO), _S_HI)) - math.log(_S_LO)) / step
    y = (np.minimum(np.maximum(d, _D_LO), _D_HI) - _D_LO) / ((_D_HI - _D_LO) / (_ND - 1))
    i = np.minimum(x.astype(np.int64), _NS - 2)
    j = np.minimum(y.astype(np.int64), _ND - 2)
    return _Cell(i * _ND + j, x - i, y - j)


def _interp(flat: Floats, at: Ints, fx: Floats, fy: Floats) -> Floats:
    """Bilinear interpolation of the raveled table at flat corner indices `at`."""
    lo = flat[at] * (1 - fy) + flat[at + 1] * fy
    hi = flat[at + _ND] * (1 - fy) + flat[at + _ND + 1] * fy
    return lo * (1 - fx) + hi * fx


def _lookup(table: Floats, row: Ints | int, s: Floats, d: Floats) -> Floats:
    """table[row] interpolated at (s, d); row, s and d broadcast together."""
    import numpy as np

    c = _cell(s, d)
    return _interp(table.ravel(), np.asarray(row) * (_NS * _ND) + c.base, c.fx, c.fy)


def _gaps(rows: int) -> Ints:
    """Days between reviews the table considers: every day up to 30, then 15% steps."""
    import numpy as np

    out = list(range(1, min(rows, 31)))
    g = 30.0
    while g * 1.15 < rows:
        g *= 1.15
        out.append(round(g))
    return np.array(sorted(set(out)), dtype=np.int64)


def _rows_for(days: int) -> int:
    """Table rows for a horizon, rounded up so horizons share one cached table."""
    return max(32, -(-days // 32) * 32) + 1


@lru_cache(maxsize=8)
def _prices(min_gain: float, final_gain: float, final_days: int, rows: int) -> Floats:
    """What a rating costs by the days left when it is made: `final_gain` on the last days."""
    import numpy as np

    left = np.arange(rows)
    return np.where(left <= final_days, final_gain, min_gain).astype(np.float64)


@lru_cache(maxsize=8)
def _tables(m: _Model, min_gain: float, final_gain: float, final_days: int, rows: int) -> _Tables:
    """Backward induction: after a review with r days left, either stop (recall R(r, S) on the
    date) or review again g days later, paying per rating, the outcome drawn from R."""
    import numpy as np

    price = _prices(min_gain, final_gain, final_days, rows)

    s, d = _grid()
    size = s.size
    value = np.zeros((rows, size))
    gaps = _gaps(rows)
    p = _recall(m, gaps[:, None].astype(np.float64), s[None, :])
    sp, dp = _after_pass(m, s[None, :], d[None, :], p)
    sf, df = _after_fail(m, s[None, :], d[None, :], p)
    cp, cf = _cell(sp, dp), _cell(sf, df)
    ratings = 1 + (1 - p) * m.relearn_asks
    for r in range(1, rows):
        stop = _recall(m, float(r), s)
        k = int(np.searchsorted(gaps, r))
        if k == 0:
            value[r] = stop
            continue
        off = ((r - gaps[:k]) * size)[:, None]
        flat = value.ravel()
        vp = _interp(flat, off + cp.base[:k], cp.fx[:k], cp.fy[:k])
        vf = _interp(flat, off + cf.base[:k], cf.fx[:k], cf.fy[:k])
        q = p[:k] * vp + (1 - p[:k]) * vf - price[r - gaps[:k]][:, None] * ratings[:k]
        value[r] = np.maximum(q.max(axis=0), stop)
    for a in (value, price):
        a.setflags(write=False)
    return _Tables(value, price)


# --- planning ---------------------------------------------------------------------------------

_FORECAST_SEED = 22  # the sampled futures are drawn the same way every time: plans are repeatable
_FORECAST_CARDS = 480  # sampled futures x questions: the forecast's error is about +-0.006


@dataclass(eq=False)
class _Prep:
    """The planner's working state: `worlds` copies of the bank (axis 0), questions in bank
    order (axis 1). World 0 follows the plan's likeliest path (every review recalled, a new
    question's likeliest first answer): its days are the plan shown. The others draw each
    outcome from the model, with the same daily re-planning, for the forecast."""

    m: _Model
    t: _Tables
    days: int  # the horizon: day `days` is the date; days 0..days-1 are planned
    known: Bools
    s: Floats
    d: Floats
    last: Floats  # day of the last review (0 is today; negative before)
    forced: Bools  # a (re)learning step due: finish it today
    prior: Floats  # (n, 4): first-rating probabilities of a new question
    q: Floats = field(init=False)  # (worlds, n, days): value of reviewing (introducing) each day
    stop: Floats = field(init=False)  # (worlds, n): value of no further review: recall on the date
    rng: Any = field(init=False)

    def __post_init__(self) -> None:
        import numpy as np

        worlds, n = self.s.shape
        self.q = np.full((worlds, n, self.days), -np.inf)
        self.stop = np.zeros((worlds, n))
        self.rng = np.random.default_rng(_FORECAST_SEED)
        new = np.flatnonzero(~self.known[0])
        if new.size:
            self.q[:, new] = self.prior[new] @ _intro_values(self.m, self.t, self.days)
        seen = np.flatnonzero(self.known[0])
        self._refresh(np.zeros(seen.size, dtype=np.int64), seen, 0)
        self.q[1:], self.stop[1:] = self.q[0], self.stop[0]  # every world starts alike

    def _refresh(self, w: Ints, i: Ints, first: int) -> None:
        """Recompute the value rows of known questions (w, i), reviewable from day `first`."""
        import numpy as np

        if i.size == 0:
            return
        day = np.arange(self.days, dtype=np.float64)[None, :]
        s, d, last = self.s[w, i][:, None], self.d[w, i][:, None], self.last[w, i][:, None]
        p = _recall(self.m, np.maximum(day - last, 1.0), s)
        sp, dp = _after_pass(self.m, s, d, p)
        sf, df = _after_fail(self.m, s, d, p)
        left = (self.days - day).astype(np.int64)
        vp = _lookup(self.t.value, left, sp, dp)
        vf = _lookup(self.t.value, left, sf, df)
        q = p * vp + (1 - p) * vf - self.t.price[left] * (1 + (1 - p) * self.m.relearn_asks)
        q[day < np.maximum(first, last + 1)] = -np.inf
        self.q[w, i] = q
        self.stop[w, i] = _recall(self.m, self.days - self.last[w, i], self.s[w, i])

    def recall(self) -> Floats:
        """(worlds, n): each question's expected recall on the date as things stand."""
        import numpy as np

        end = _recall(self.m, self.days - self.last, self.s)
        return np.where(self.known, end, 0.0)

    def choose(self, day: int, cap: int, new_cap: int | None, final_days: int) -> Bools:
        """Day `day`'s queue in every world, (worlds, n)."""
        import numpy as np

        worlds, n = self.s.shape
        today = self.q[:, :, day]
        if day + 1 < self.days:
            later = self.q[:, :, day + 1 :]
            best_later = later.max(axis=2)
            later_day = day + 1 + later.argmax(axis=2)
        else:
            best_later = np.full((worlds, n), -np.inf)
            later_day = np.full((worlds, n), -1)
        can = np.isfinite(today)
        gain = today - np.maximum(self.stop, best_later)
        picked = self.forced.copy()  # a learning step due is finished first, whatever it is worth
        room = np.maximum(cap - picked.sum(axis=1), 0)
        # New questions first, in bank order, as early as the budget allows: each is worth far
        # more on the date (from 0 to ~0.9) than any review, and the earlier it is learned the
        # fewer reviews it needs and the less a missed day costs.
        fresh = can & ~self.known & (today > 0)
        limit = room if new_cap is None else np.minimum(room, new_cap)
        fresh &= np.cumsum(fresh, axis=1) <= limit[:, None]
        picked |= fresh
        room -= fresh.sum(axis=1)
        # Then the reviews worth more today than on any later day: by what waiting would lose,
        # or, on the last days, the questions least likely to be recalled on the date first.
        want = can & self.known & ~picked & (gain > 0)
        rank = -self.stop if self.days - day <= final_days else gain
        take = _first(want, -rank, room)
        picked |= take
        room -= take.sum(axis=1)
        if day + 1 < self.days and room.any():
            # Spare places take reviews that later days will have no room for: those wanted
            # on the days that overflow, losing least by coming today (and worth doing today).
            future = self.known & ~picked & (best_later > self.stop)
            counts = np.zeros((worlds, self.days + 1), dtype=np.int64)
            np.add.at(counts, (np.nonzero(future)[0], later_day[future]), 1)
            spill = np.zeros(worlds, dtype=np.int64)
            start = np.full(worlds, self.days)
            for t in range(self.days - 1, day, -1):
                spill = np.maximum(spill + counts[:, t] - cap, 0)
                start = np.where(spill > 0, t, start)
            cands = future & can & (later_day >= start[:, None]) & (today > self.stop)
            picked |= _first(cands, best_later - today, np.minimum(room, spill))
        return picked

    def apply(self, day: int, picked: Bools) -> None:
        """The chosen questions are studied: world 0 along the likeliest path, the others with
        outcomes drawn from the model."""
        import numpy as np

        w, i = np.nonzero(picked & self.known)
        if w.size:
            s, d, last = self.s[w, i], self.d[w, i], self.last[w, i]
            aged = last < day  # else a learning step of today: no day has passed
            p = np.where(aged, _recall(self.m, day - last, s), 1.0)
            ok = (w == 0) | (self.rng.random(w.size) < p)
            sp, dp = _after_pass(self.m, s, d, p)
            sf, df = _after_fail(self.m, s, d, p)
            self.s[w, i] = np.where(aged, np.where(ok, sp, sf), s)
            self.d[w, i] = np.where(aged, np.where(ok, dp, df), d)
        wn, i_n = np.nonzero(picked & ~self.known)
        if wn.size:
            prior = self.prior[i_n]
            drawn = (self.rng.random(wn.size)[:, None] > prior.cumsum(axis=1)[:, :3]).sum(axis=1)
            first = np.where(wn == 0, prior.argmax(axis=1), drawn)
            intro = np.array(self.m.intro)
            self.s[wn, i_n], self.d[wn, i_n] = intro[first, 0], intro[first, 1]
            self.known[wn, i_n] = True
        w, i = np.nonzero(picked)
        self.last[w, i] = np.maximum(self.last[w, i], day)
        self.forced[w, i] = False
        self._refresh(w, i, day + 1)
        self.q[w, i, : day + 1] = -np.inf


def _first(mask: Bools, key: Floats, k: Ints) -> Bools:
    """Per row, the (at most) k[row] entries of `mask` with the smallest key (ties: lower index)."""
    import numpy as np

    order = np.argsort(np.where(mask, key, np.inf), axis=1, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(mask.shape[1])[None, :], axis=1)
    return mask & (rank < np.asarray(k)[:, None])


@lru_cache(maxsize=32)
def _intro_values(m: _Model, t: _Tables, days: int) -> Floats:
    """(4, days): introducing a new question on each day, by its first rating: the table's
    value of the state after its session, less the ratings the session costs."""
    import numpy as np

    s0 = np.array([x[0] for x in m.intro])[:, None]
    d0 = np.array([x[1] for x in m.intro])[:, None]
    n0 = np.array([x[2] for x in m.intro], dtype=np.float64)[:, None]
    left = (days - np.arange(days))[None, :]
    per = _lookup(t.value, left, s0, d0) - t.price[left] * n0
    per.setflags(write=False)
    return per


def _prepare(
    cards: Iterable[CardState],
    questions: Sequence[QuestionLike],
    settings: PlanSettings,
    today: date,
    interview: date,
    worlds: int,
) -> _Prep | None:
    import numpy as np

    days = (interview - today).days
    if days <= 0:
        return None
    if days > MAX_DAYS:
        raise ValueError(f"the interview is {days} days away; the planner looks {MAX_DAYS} ahead")
    m = _model(settings.learning_steps, settings.relearning_steps, settings.learn_ahead_minutes)
    rows = _rows_for(days)
    tables = _tables(m, settings.min_gain, settings.final_gain, settings.spend_days, rows)
    by_id = {c.question_id: c for c in cards}
    n = len(questions)
    known = np.zeros(n, dtype=bool)
    s = np.ones(n)
    d = np.full(n, 5.0)
    last = np.zeros(n)
    forced = np.zeros(n, dtype=bool)
    prior = np.empty((n, 4))
    for i, q in enumerate(questions):
        prior[i] = FIRST_RATING.get(q.difficulty, FIRST_RATING["medium"])
        c = by_id.get(q.id)
        if c is None:
            continue
        known[i] = True
        s[i] = max(c.stability, 0.001)
        d[i] = c.difficulty
        # A last review "after" today (a clock set back) counts as today.
        last[i] = min((c.last_review - today).days, 0)
        forced[i] = c.state in ("learning", "relearning") and c.due <= today

    def tile(a: Any) -> Any:
        return np.repeat(a[None, :], worlds, axis=0)

    return _Prep(m, tables, days, tile(known), tile(s), tile(d), tile(last), tile(forced), prior)


def _readiness(questions: Sequence[QuestionLike], recall: Floats) -> Readiness:
    topics: dict[str, list[float]] = {}
    levels: dict[str, list[float]] = {}
    for q, r in zip(questions, recall.tolist(), strict=True):
        topics.setdefault(q.topic, []).append(r)
        levels.setdefault(q.difficulty, []).append(r)

    def mean(xs: Sequence[float]) -> float:
        return sum(xs) / len(xs) if xs else 0.0

    return Readiness(
        overall=mean(recall.tolist()),
        by_topic={k: mean(topics[k]) for k in sorted(topics)},
        by_difficulty={k: mean(levels[k]) for k in sorted(levels, key=difficulty_order)},
    )


def _run(
    prep: _Prep,
    ids: Sequence[str],
    settings: PlanSettings,
    today: date,
    *,
    spent_today: int,
    new_today: int,
    only_today: bool,
) -> list[DayPlan]:
    """Plan day after day; each DayPlan is world 0's (the plan shown)."""
    import numpy as np

    m = prep.m
    n0 = np.array([x[2] for x in m.intro], dtype=np.float64)
    out: list[DayPlan] = []
    for day in range(1 if only_today else prep.days):
        cap, new_cap = settings.per_day, settings.new_per_day
        if day == 0:
            cap = max(0, cap - spent_today)
            new_cap = None if new_cap is None else max(0, new_cap - new_today)
        picked = prep.choose(day, cap, new_cap, settings.final_days)
        first = picked[0]
        rev = np.flatnonzero(first & prep.known[0])
        new = np.flatnonzero(first & ~prep.known[0])
        last, s = prep.last[0, rev], prep.s[0, rev]
        p = np.where(last < day, _recall(m, day - last, s), 1.0)
        ratings = float((1 + (1 - p) * m.relearn_asks).sum() + (prep.prior[new] @ n0).sum())
        rev = rev[np.argsort(p, kind="stable")]  # least likely recalled today first
        out.append(
            DayPlan(
                today + timedelta(days=day),
                tuple(ids[i] for i in rev.tolist()),
                tuple(ids[i] for i in new.tolist()),
                ratings,
            )
        )
        if not only_today:
            prep.apply(day, picked)
    return out


def plan(
    cards: Iterable[CardState],
    questions: Sequence[QuestionLike],
    settings: PlanSettings,
    *,
    today: date,
    interview: date,
    spent_today: int = 0,
    new_today: int = 0,
) -> Plan | None:
    """The plan from `today` to the eve of `interview`, with the readiness forecast.

    `cards` are the reviewed questions' states (others are new; cards of questions not in
    `questions`, e.g. suspended ones, are ignored). `spent_today` and `new_today` are the
    questions (and new ones) already drawn today: they come off today's budget. None on the
    date and after it (the caller goes back to plain FSRS).

    The forecast is the mean over sampled futures (a fixed seed, so the same inputs give the
    same plan) in which each answer is drawn from the model and the plan re-made each day, as
    when the user follows it; "if stopped" is each question's recall on the date from today.
    """
    sampled = min(24, max(1, -(-_FORECAST_CARDS // max(len(questions), 1))))
    prep = _prepare(cards, questions, settings, today, interview, 1 + sampled)
    if prep is None:
        return None
    ids = [q.id for q in questions]
    stopped = prep.recall()[0]
    was_new = ~prep.known[0].copy()
    forced = int(prep.forced[0].sum())
    days = _run(
        prep,
        ids,
        settings,
        today,
        spent_today=spent_today,
        new_today=new_today,
        only_today=False,
    )
    recall = prep.recall()[1:].mean(axis=0)
    left_out = [i for i in range(len(ids)) if was_new[i] and not prep.known[0, i]]
    usable = prep.days - settings.final_days  # days on which a new question is in time
    late = [qid for d in days[max(usable, 0) :] for qid in d.new]
    new_total = int(was_new.sum())
    needed = needed_new = None
    if (left_out or late) and usable > 0:
        needed = -(-(new_total + spent_today + forced) // usable)
        if settings.new_per_day is not None and settings.new_per_day * usable < new_total:
            needed_new = -(-(new_total + new_today) // usable)
    order = sorted(range(len(ids)), key=lambda i: (float(recall[i]), i))
    left = set(left_out)
    weak = tuple(
        WeakSpot(ids[i], questions[i].topic, questions[i].difficulty, float(recall[i]), i in left)
        for i in order[: settings.weak_spots]
        if recall[i] < settings.retention
    )
    return Plan(
        today=today,
        interview=interview,
        days=tuple(days),
        if_followed=_readiness(questions, recall),
        if_stopped=_readiness(questions, stopped),
        recall={ids[i]: float(recall[i]) for i in range(len(ids))},
        weak_spots=weak,
        new_total=new_total,
        new_left_out=tuple(ids[i] for i in left_out),
        new_late=tuple(late),
        needed_per_day=needed,
        needed_new_per_day=needed_new,
    )


def plan_today(
    cards: Iterable[CardState],
    questions: Sequence[QuestionLike],
    settings: PlanSettings,
    *,
    today: date,
    interview: date,
    spent_today: int = 0,
    new_today: int = 0,
) -> DayPlan | None:
    """Today's queue only (what `quiz start` draws): `plan(...).days[0]` without the forecast."""
    prep = _prepare(cards, questions, settings, today, interview, 1)
    if prep is None:
        return None
    days = _run(
        prep,
        [q.id for q in questions],
        settings,
        today,
        spent_today=spent_today,
        new_today=new_today,
        only_today=True,
    )
    return days[0]
