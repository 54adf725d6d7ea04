"""The quiz session loop: pick questions, ask, reveal, rate, schedule, summarise.

The loop talks to the outside world only through injected callables (`actloss_quiz.loop`):
`prompt(text) -> line` (raises EOFError at end of input, KeyboardInterrupt on Ctrl-C),
`render(event)` and `demo(question)`, and it reads time from `actloss_quiz.clock.now`. So tests
drive whole sessions without a terminal and travel in time. Answers are judged and ratings
recorded through `actloss_quiz.review` (schedule, store, leech rule); every rating is committed
before the next prompt.

What the loop shows is plain data (the event classes below, or whatever `demo` returns);
`actloss_quiz.render.session` turns each event into Rich output, so this module never imports Rich.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import msgspec
from msgspec import Struct

from actloss_quiz import clock, scheduler, store
from actloss_quiz.loop import Prompt, Quit, Render, guarded, is_quit
from actloss_quiz.review import Judge, record_rating, undo_rating
from actloss_quiz.settings import DEFAULT_NEW_PER_DAY, Settings
from actloss_quiz.vocab import RATING_BY_NAME, RATING_NAMES, program

if TYPE_CHECKING:  # the scorer and the interview plan load when first used, after the question
    from actloss_quiz.bank import Bank, FollowUp, Question
    from actloss_quiz.deadline import Readiness
    from actloss_quiz.scoring import Judgement

DemoFn = Callable[["Question"], Any]  # a question's demo, ready to render, or None

DEFAULT_LIMIT = 10
DEFAULT_NEW = 5


# --- planning -------------------------------------------------------------------------------


class Plan(Struct, frozen=True):
    """The questions of a session, in order, and why there may be none."""

    questions: list[Question]
    due: int
    new: int
    new_capped_by_day: bool = False  # new questions were left out by the daily cap
    next_due: datetime | None = None  # when nothing is due: the earliest due card
    left_by_cap: int = 0  # new questions this session would have asked but for the daily cap


def plan_session(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    now: datetime,
    *,
    limit: int | None = DEFAULT_LIMIT,
    new: int = DEFAULT_NEW,
    seed: int | None = None,
    cram: bool = False,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    learn_ahead: int = 0,
    daily_cap: bool = True,
) -> Plan:
    """Due questions (lowest retrievability first), then new ones in number order.

    A question in a (re)learning step counts as due when its step ends within `learn_ahead`
    minutes (as Anki's learn-ahead limit), so quitting right after an `again` and starting
    again asks it at once. `daily_cap` false lets an explicit choice (`--question`, or `--tag`
    with `--new N`) pass the `new-per-day` cap. With `cram`, every matching question regardless of schedule (seen ones by due time, then
    new), capped by `limit` when given. `seed` shuffles the new questions (and, in cram, all).
    """
    cards = store.card_schedules(conn)
    suspended = store.suspended_ids(conn)
    questions = [q for q in questions if q.id not in suspended]
    rng = random.Random(seed)
    fresh = [q for q in questions if q.id not in cards]
    fresh.sort(key=lambda q: q.number)
    if seed is not None:
        rng.shuffle(fresh)
    if cram:
        seen = sorted((q for q in questions if q.id in cards), key=lambda q: cards[q.id].due)
        picked = seen + fresh
        if seed is not None:
            rng.shuffle(picked)
        picked = picked if limit is None else picked[:limit]
        return Plan(picked, due=0, new=sum(q.id not in cards for q in picked))

    limit = DEFAULT_LIMIT if limit is None else limit

    due_now = scheduler.due_test(now, learn_ahead)
    due_qs = [q for q in questions if q.id in cards and due_now(cards[q.id].state, cards[q.id].due)]
    recall = scheduler.retrievabilities(  # all at once: one scheduler, no fsrs Card per card
        {q.id: (cards[q.id].stability, cards[q.id].last_review) for q in due_qs}, now
    )

    def urgency(q: Question) -> tuple[float, str]:
        r = recall.get(q.id)
        return (1.0 if r is None else r, cards[q.id].due)

    due_qs.sort(key=urgency)
    due_qs = due_qs[:limit]
    new_today = store.new_cards_since(conn, clock.local_day_start(now))
    allowance = max(0, new_per_day - new_today) if daily_cap else new
    wanted = max(0, min(new, limit - len(due_qs), len(fresh)))
    n_new = min(wanted, allowance)
    capped = allowance < wanted
    picked = due_qs + fresh[:n_new]
    next_due = None
    if not picked:
        dues = [cards[q.id].due for q in questions if q.id in cards]
        next_due = clock.parse_iso(min(dues)) if dues else None
    return Plan(picked, len(due_qs), n_new, capped, next_due, left_by_cap=wanted - n_new)


def plan_day_session(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    queue: Sequence[str],
    *,
    limit: int | None = None,
) -> Plan:
    """A session of the interview plan's day (`deadline.todays_queue`): its queue in its order
    (reviews, least likely recalled first, then new questions), kept to `questions` (the
    filters) and capped by `limit` when given. Relearning in the session is as ever."""
    by_id = {q.id: q for q in questions}
    cards = store.card_schedules(conn)
    picked = [by_id[qid] for qid in queue if qid in by_id]
    if limit is not None:
        picked = picked[:limit]
    new = sum(q.id not in cards for q in picked)
    return Plan(picked, len(picked) - new, new)


# --- the loop -------------------------------------------------------------------------------


class Rated(Struct):
    """One rating given in this session."""

    review_id: int
    question: Question
    rating: int
    score: float | None
    due: datetime | None
    leech_suspended: bool = False  # this rating made it a leech and suspended it
    state: str | None = None  # the card's state after the rating (None: cram)
    requeued: bool = False  # the question went back to the end of the queue


class SessionResult(Struct):
    session_id: int | None
    ended_by: str  # finished, quit, interrupted
    exit_code: int
    rated: list[Rated] = msgspec.field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None


# --- what the loop shows (rendered by actloss_quiz.render.session) -------------------------


class Asking(Struct, frozen=True):
    """A question is about to be asked: the `position`-th of the `total` planned, or (when
    `repeat` > 0) a repeat of a learning step (`position - 1` planned questions done so far)."""

    question: Question
    position: int
    total: int
    repeat: int = 0  # 0: first time; n: the session's n-th repeat


class Verdict(Struct, frozen=True):
    """The judge's verdict (score, suggestion, why), shown directly above the rating prompt;
    None when nothing was typed."""

    scored: Judgement | None


class NoDemo(Struct, frozen=True):
    """`:d` on a question without a demo."""


class NotRecorded(Struct, frozen=True):
    """`:q` at the rating prompt: the question just revealed was not rated, nothing is kept."""

    number: int


class CapTrimmed(Struct, frozen=True):
    """The daily new-question cap left out `left` new questions of this session."""

    left: int
    new_per_day: int


class Revealed(Struct, frozen=True):
    """The model answer, and the judgement of a typed answer (None: nothing typed)."""

    question: Question
    scored: Judgement | None


class FollowUpAsked(Struct, frozen=True):
    """`:f` at the rating prompt: the question's first follow-up, to be answered now."""

    follow_up: FollowUp


class FollowUpJudged(Struct, frozen=True):
    """The follow-up's model answer and the judgement of the typed answer (None: nothing typed).

    It is practice only: the question's rating and schedule do not change.
    """

    follow_up: FollowUp
    scored: Judgement | None


class NoFollowUp(Struct, frozen=True):
    """`:f` on a question that has no follow-up."""


class Scheduled(Struct, frozen=True):
    """A rating was recorded; `due` is when the question comes back (None in cram)."""

    rating: int
    due: datetime | None
    now: datetime
    cram: bool


class ComesBack(Struct, frozen=True):
    """The question just rated is asked again later in this session (a learning step)."""

    number: int


class Undone(Struct, frozen=True):
    """The last rating was taken back."""

    rating: int
    number: int


class NothingToUndo(Struct, frozen=True):
    """`:u` before any rating in this session."""


class RatingNeeded(Struct, frozen=True):
    """Enter at the rating prompt with no typed answer to suggest a rating from."""


class NotARating(Struct, frozen=True):
    """A line that is neither a rating nor a command."""

    line: str


class Summary(Struct, frozen=True):
    """The end of a session: its result, its plan and when the next question is due."""

    result: SessionResult
    plan: Plan
    next_due: datetime | None
    now: datetime


class ReadinessMoved(Struct, frozen=True):
    """After a session under an interview plan: the forecast readiness before and after it."""

    interview: date
    before: float  # the plan followed
    after: float
    stopped_before: float  # no further study
    stopped_after: float


class Tip(Struct, frozen=True):
    """The topic's tip, shown after a one-topic session."""

    text: str


class _Undo(Exception):
    """`:u` typed at a prompt."""


def _command(line: str) -> str:
    if is_quit(line):
        raise Quit
    if line.strip().lower() in (":u", ":undo"):
        raise _Undo
    return line.strip()


def parse_rating(text: str) -> int | None:
    """`1`-`4` or a rating name (any case, unique prefix of 2+ letters); None otherwise."""
    text = text.strip().lower()
    if text in ("1", "2", "3", "4"):
        return int(text)
    if text in RATING_BY_NAME:
        return RATING_BY_NAME[text]
    if len(text) >= 2:
        matches = [v for name, v in RATING_BY_NAME.items() if name.startswith(text)]
        if len(matches) == 1:
            return matches[0]
    return None


@dataclass
class Session:
    """One interactive session over an open database; call `run(plan)`."""

    conn: sqlite3.Connection
    bank: Bank
    prompt: Prompt
    render: Render
    demo: DemoFn = lambda q: None  # noqa: E731
    rate_prompt: Prompt | None = None  # the rating prompt's reader (default: `prompt`)
    # `:q` at the rating prompt offers to rate first (a terminal); otherwise it says nothing was
    # recorded and quits (piped input keeps that protocol)
    rate_before_quit: bool = False
    cram: bool = False
    settings: Settings = field(default_factory=Settings)
    filters: dict[str, str | None] = field(default_factory=dict)
    forecast: Callable[[], Readiness | None] | None = None  # the interview plan's, if any
    rated: list[Rated] = field(default_factory=list)
    _queue: list[Question] = field(default_factory=list)
    _quitting: bool = False  # rated at "Rate it before quitting?": end once it is recorded

    def __post_init__(self) -> None:
        self.judge = Judge(self.bank)

    def run(self, plan: Plan) -> SessionResult:
        """Ask every planned question; ends on :q, EOF (exit 0) or Ctrl-C (exit 130)."""
        before = self.forecast() if self.forecast is not None else None
        started = clock.now()
        session_id = store.start_session(
            self.conn,
            started_at=started,
            topic_filter=self.filters.get("topic"),
            difficulty_filter=self.filters.get("difficulty"),
            tag_filter=self.filters.get("tag"),
            cram=self.cram,
        )
        if plan.left_by_cap:
            self.render(CapTrimmed(plan.left_by_cap, self.settings.new_per_day))
        ending = guarded(lambda: self._loop(plan.questions, session_id), self.render)
        ended = clock.now()
        store.end_session(self.conn, session_id, ended_at=ended, ended_by=ending.ended_by)
        result = SessionResult(
            session_id, ending.ended_by, ending.exit_code, list(self.rated), started, ended
        )
        nxt = store.next_due(self.conn, [q.id for q in plan.questions]) if plan.questions else None
        next_due = clock.parse_iso(nxt) if nxt is not None else None
        self.render(Summary(result, plan, next_due, ended))
        self._readiness_moved(before)
        topics = {q.topic for q in plan.questions}
        if len(topics) == 1 and self.rated:
            tip = self.bank.tips.get(next(iter(topics)))
            if tip:
                self.render(Tip(tip))
        return result

    def _readiness_moved(self, before: Readiness | None) -> None:
        """How the session moved the interview plan's forecast (after at least one rating)."""
        if before is None or self.forecast is None or not self.rated:
            return
        after = self.forecast()
        if after is not None and after.interview == before.interview:
            self.render(
                ReadinessMoved(
                    after.interview,
                    before.overall,
                    after.overall,
                    before.if_stopped,
                    after.if_stopped,
                )
            )

    def _loop(self, questions: list[Question], session_id: int) -> None:
        """Ask the queue in order; a question still in a learning step within the learn-ahead
        window (or, in cram, one rated again) goes back to the end of the queue."""
        self._queue = list(questions)
        planned = len(questions)
        while self._queue:
            q = self._queue[0]
            done = len({r.question.id for r in self.rated})
            repeat = any(r.question.id == q.id for r in self.rated)
            repeats = len(self.rated) - done + 1 if repeat else 0
            self.render(Asking(q, done + (0 if repeat else 1), planned, repeats))
            shown = clock.now()
            try:
                answer = _command(self.prompt(ANSWER_PROMPT))
            except _Undo:
                self._undo()
                continue
            seconds = max(0.0, (clock.now() - shown).total_seconds())
            answer, cut = self.judge.cut(answer)
            if cut is not None:
                self.render(cut)
            scored = (
                self.judge(answer, q.key_points, q.misconceptions, q.subject, q.answer)
                if answer and q.key_points
                else None
            )
            if self.settings.demo == "on":
                self._show_demo(q, quiet=True)
            self.render(Revealed(q, scored))
            self.render(Verdict(scored))
            card = store.get_card(self.conn, q.id)
            chosen = self._ask_rating(q, card, scored, seconds)
            if chosen is None:  # :u at the rating prompt
                self._undo()
                continue
            rating, outcome, at = chosen
            self._queue.pop(0)
            self._record(q, card, rating, answer or None, scored, seconds, session_id, outcome, at)
            if self._quitting:
                raise Quit
            if self.settings.demo == "after":
                self._show_demo(q, quiet=True)
            if self._ask_again(self.rated[-1]):
                self._queue.append(q)
                self.rated[-1].requeued = True
                self.render(ComesBack(q.number))

    def _ask_again(self, rated: Rated) -> bool:
        """Whether a question just rated is asked again in this session: in cram when rated
        again; otherwise while it is in a (re)learning step due within the learn-ahead window."""
        if rated.leech_suspended:
            return False
        if self.cram:
            return rated.rating == 1
        if rated.state not in ("learning", "relearning") or rated.due is None:
            return False
        window = timedelta(minutes=self.settings.learn_ahead)
        return rated.due <= clock.now() + window

    def _show_demo(self, q: Question, *, quiet: bool = False) -> bool:
        """Render the question's demo; whether there was one (`quiet`: no note when not)."""
        demo = self.demo(q)
        if demo is not None:
            self.render(demo)
            return True
        if not quiet:
            self.render(NoDemo())
        return False

    def _ask_rating(
        self,
        q: Question,
        card: store.CardRow | None,
        scored: Judgement | None,
        seconds: float,
    ) -> tuple[int, scheduler.Reviewed | None, datetime] | None:
        """The rating chosen, the review it makes (previewed, fuzz drawn once; None in cram)
        and its time; None for `:u`. `:q` here asks "Rate it before quitting?" when
        `rate_before_quit` (a rating then ends the session once recorded); otherwise, or when
        declined, it says the question was not recorded."""
        suggested = scored.suggested_rating if scored else None
        now = clock.now()
        outcomes: dict[int, scheduler.Reviewed] = {}
        if not self.cram:
            outcomes = scheduler.outcomes(
                q.id,
                card.card_json if card else None,
                now=now,
                retention=self.settings.retention,
                duration_ms=round(seconds * 1000),
            )
        back = {r: o.due for r, o in outcomes.items()} or None
        offer_demo = self.settings.demo != "on" and bool(q.demo)  # `:d` works anyway
        text = rating_prompt(suggested, back, now, follow_up=bool(q.follow_ups), demo=offer_demo)
        read = self.rate_prompt or self.prompt
        while True:
            try:
                line = _command(read(text))
            except _Undo:
                if self.rated:
                    return None
                self.render(NothingToUndo())
                continue
            except Quit:
                rating = self._rate_before_quit(suggested, read) if self.rate_before_quit else None
                if rating is not None:
                    self._quitting = True
                    return rating, outcomes.get(rating), now
                self.render(NotRecorded(q.number))
                raise
            except EOFError:
                self.render("")
                self.render(NotRecorded(q.number))
                raise Quit from None
            if line.lower() in FOLLOW_UP_COMMANDS:
                self._follow_up(q)
                continue
            if line.lower() in DEMO_COMMANDS:
                if self._show_demo(q):
                    self.render(Verdict(scored))
                continue
            if not line:
                if suggested is not None:
                    return suggested, outcomes.get(suggested), now
                self.render(RatingNeeded())
                continue
            rating = parse_rating(line)
            if rating is not None:
                return rating, outcomes.get(rating), now
            self.render(NotARating(line))

    def _rate_before_quit(self, suggested: int | None, read: Prompt) -> int | None:
        """`:q` after a reveal, on a terminal: the rating to record before quitting (Enter: the
        suggestion, else hard), or None to quit without recording (`:q` again, end of input)."""
        default = suggested or QUIT_DEFAULT_RATING
        text = RATE_BEFORE_QUIT_PROMPT.format(name=RATING_NAMES[default])
        while True:
            try:
                line = read(text)
            except EOFError:
                self.render("")
                return None
            if is_quit(line):
                return None
            line = line.strip()
            if not line:
                return default
            rating = parse_rating(line)
            if rating is not None:
                return rating
            self.render(NotARating(line))

    def _follow_up(self, q: Question) -> None:
        """Ask the first follow-up and judge the answer like a question's; nothing is stored."""
        if not q.follow_ups:
            self.render(NoFollowUp())
            return
        fu = q.follow_ups[0]
        self.render(FollowUpAsked(fu))
        try:
            answer = _command(self.prompt(FOLLOW_UP_PROMPT))  # :q quits as anywhere
        except _Undo:  # :u here goes back to the rating prompt
            return
        scored = (
            self.judge(answer, fu.key_points, fu.misconceptions, fu.subject, fu.answer)
            if answer and fu.key_points
            else None
        )
        self.render(FollowUpJudged(fu, scored))

    def _record(
        self,
        q: Question,
        card: store.CardRow | None,
        rating: int,
        answer: str | None,
        scored: Judgement | None,
        seconds: float,
        session_id: int,
        outcome: scheduler.Reviewed | None = None,
        at: datetime | None = None,
    ) -> None:
        now = at or clock.now()
        done = record_rating(
            self.conn,
            q,
            rating,
            now=now,
            settings=self.settings,
            before=card,
            cram=self.cram,
            answer=answer,
            score=scored.score if scored else None,
            seconds=seconds,
            session_id=session_id,
            outcome=outcome,
        )
        if done.leech is not None:
            self.render(done.leech)
        self.rated.append(
            Rated(
                done.review_id,
                q,
                rating,
                scored.score if scored else None,
                done.due,
                done.leech_suspended,
                done.card.state if done.card else None,
            )
        )
        if self.cram or done.due is not None:
            self.render(Scheduled(rating, done.due, now, self.cram))

    def _undo(self) -> None:
        if not self.rated:
            self.render(NothingToUndo())
            return
        last = self.rated.pop()
        if last.requeued:  # it was appended after this rating, so it is the last one
            for i in range(len(self._queue) - 1, -1, -1):
                if self._queue[i].id == last.question.id:
                    del self._queue[i]
                    break
        self._queue.insert(0, last.question)
        undo_rating(
            self.conn, last.question, review_id=last.review_id, leech_suspended=last.leech_suspended
        )
        self.render(Undone(last.rating, last.question.number))


# --- prompts and messages ------------------------------------------------------------------

ANSWER_PROMPT = "Your answer (Enter to reveal, :u undo, :q quit) > "
FOLLOW_UP_PROMPT = "Your follow-up answer (Enter to see it, :u back) > "
RATE_BEFORE_QUIT_PROMPT = (
    "Rate it before quitting? [{name}] (Enter rates, :q quits without recording) > "
)
QUIT_DEFAULT_RATING = 2  # hard: what Enter records at that prompt when nothing was suggested
FOLLOW_UP_COMMANDS = (":f", ":follow")
DEMO_COMMANDS = (":d", ":demo")
PROMPT_SEPARATOR = " · "  # the rating prompt's parts; a narrow terminal breaks it only here


def rating_prompt(
    suggested: int | None,
    back: dict[int, datetime] | None,
    now: datetime,
    *,
    follow_up: bool = False,
    demo: bool = False,
) -> str:
    """`1 again <1m · 2 hard 5m · 3 good 10m · 4 easy 8d · :f [good] > `: each rating with
    when it brings the question back (when scheduling), `:f` when there is a follow-up to
    answer, `:d` when the demo can be shown, and the suggestion Enter accepts. 62 columns."""
    parts = []
    for value, name in RATING_NAMES.items():
        when = f" {clock.short(back[value] - now)}" if back else ""
        parts.append(f"{value} {name}{when}")
    if follow_up:
        parts.append(":f")
    if demo:
        parts.append(":d")
    default = f" [{RATING_NAMES[suggested]}]" if suggested else ""
    return f"{PROMPT_SEPARATOR.join(parts)}{default} > "


def cap_message(left: int, new_per_day: int) -> str:
    """The daily cap trimmed a session: how many, and the ways round it."""
    more = "1 more new question waits" if left == 1 else f"{left} more new questions wait"
    return (
        f"Today's {new_per_day} new questions are done: {more} (raise the cap with "
        f"{program()} config new-per-day N, name them with --question, or practise with --cram)."
    )


def nothing_to_do_message(plan: Plan, now: datetime, settings: Settings) -> str:
    """What to tell the user when the plan is empty."""
    if plan.new_capped_by_day:
        head = (
            f"Today's {settings.new_per_day} new questions are done "
            f"(change with: {program()} config new-per-day N)"
        )
    else:
        head = "Nothing is due and no new questions are left"
    if plan.next_due is None:
        return f"{head}."
    rel = "now" if plan.next_due <= now else f"in {clock.humanize(plan.next_due - now)}"
    return f"{head}. Next question due {clock.local_text(plan.next_due)} ({rel})."
