"""The quiz session loop: pick questions, ask, reveal, rate, schedule, summarise.

The loop talks to the outside world only through injected callables: `prompt(text) -> line`
(raises EOFError at end of input, KeyboardInterrupt on Ctrl-C), `render(renderable)` and
`demo(question)`, and it reads time from `actloss_quiz.clock.now`. So tests drive whole sessions
without a terminal and travel in time. Every rating is committed before the next prompt.
"""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from actloss_quiz import clock, scheduler, store
from actloss_quiz.errors import QuizUsageError
from actloss_quiz.scheduler import RATING_BY_NAME, RATING_NAMES
from actloss_quiz.scoring import Judgement, judge, vocabulary

if TYPE_CHECKING:
    from rich.console import RenderableType

    from actloss_quiz.bank import Bank, Question

Prompt = Callable[[str], str]
Render = Callable[[Any], None]
DemoFn = Callable[["Question"], "RenderableType | None"]

DEFAULT_LIMIT = 10
DEFAULT_NEW = 5
RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}
EXIT_INTERRUPTED = 130


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingSpec:
    """A setting stored in the database: its parser, valid range and default."""

    key: str
    kind: type
    low: float
    high: float
    default: float
    help: str

    def parse(self, raw: str) -> float | int:
        """The value typed by the user, or QuizUsageError naming the valid range."""
        what = "a whole number" if self.kind is int else "a number"
        span = f"{self._fmt(self.low)}-{self._fmt(self.high)}"
        try:
            value = self.kind(raw.strip())
        except ValueError:
            raise QuizUsageError(f"{self.key}: '{raw}' is not {what}; valid range {span}") from None
        if not self.low <= value <= self.high:
            raise QuizUsageError(f"{self.key}: {raw.strip()} is out of range; valid range {span}")
        return value

    def _fmt(self, v: float) -> str:
        return str(int(v)) if self.kind is int else f"{v:g}"


SETTINGS = {
    "retention": SettingSpec(
        "retention",
        float,
        0.7,
        0.97,
        scheduler.DEFAULT_RETENTION,
        "desired retention: the recall probability fsrs schedules for",
    ),
    "new-per-day": SettingSpec(
        "new-per-day", int, 0, 1000, 10, "new questions per day across all sessions"
    ),
}


@dataclass(frozen=True)
class Settings:
    retention: float = scheduler.DEFAULT_RETENTION
    new_per_day: int = 10


def load_settings(conn: sqlite3.Connection) -> Settings:
    """The stored settings; a stored value that no longer parses falls back to the default."""
    raw = store.get_settings(conn)
    values: dict[str, Any] = {}
    for key, spec in SETTINGS.items():
        try:
            values[key] = spec.parse(raw[key]) if key in raw else spec.kind(spec.default)
        except QuizUsageError:
            values[key] = spec.kind(spec.default)
    return Settings(retention=float(values["retention"]), new_per_day=int(values["new-per-day"]))


# --- planning -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """The questions of a session, in order, and why there may be none."""

    questions: list[Question]
    due: int
    new: int
    new_capped_by_day: bool = False  # new questions were left out by the daily cap
    next_due: datetime | None = None  # when nothing is due: the earliest due card


def plan_session(
    conn: sqlite3.Connection,
    questions: Sequence[Question],
    now: datetime,
    *,
    limit: int | None = DEFAULT_LIMIT,
    new: int = DEFAULT_NEW,
    seed: int | None = None,
    cram: bool = False,
    new_per_day: int = 10,
) -> Plan:
    """Due questions (lowest retrievability first), then new ones in number order.

    With `cram`, every matching question regardless of schedule (seen ones by due time, then
    new), capped by `limit` when given. `seed` shuffles the new questions (and, in cram, all).
    """
    cards = store.cards_by_id(conn)
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
    now_text = store.iso(now)
    due_qs = [q for q in questions if q.id in cards and cards[q.id].due <= now_text]

    def urgency(q: Question) -> tuple[float, str]:
        c = cards[q.id]
        r = scheduler.retrievability(c.stability, c.last_review, now)
        return (1.0 if r is None else r, c.due)

    due_qs.sort(key=urgency)
    due_qs = due_qs[:limit]
    new_today = store.new_cards_since(conn, clock.local_day_start(now))
    allowance = max(0, new_per_day - new_today)
    n_new = max(0, min(new, allowance, limit - len(due_qs)))
    capped = allowance < min(new, limit - len(due_qs), len(fresh))
    picked = due_qs + fresh[:n_new]
    next_due = None
    if not picked:
        dues = [cards[q.id].due for q in questions if q.id in cards]
        next_due = store.parse_iso(min(dues)) if dues else None
    return Plan(picked, len(due_qs), n_new, capped, next_due)


# --- the loop -------------------------------------------------------------------------------


@dataclass
class Rated:
    """One rating given in this session."""

    review_id: int
    question: Question
    rating: int
    score: float | None
    due: datetime | None


@dataclass
class SessionResult:
    session_id: int | None
    ended_by: str  # finished, quit, interrupted; "empty" when there was nothing to ask
    exit_code: int
    rated: list[Rated] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None


class _Quit(Exception):
    """`:q` typed at a prompt."""


class _Undo(Exception):
    """`:u` typed at a prompt."""


def _command(line: str) -> str:
    text = line.strip().lower()
    if text in (":q", ":quit"):
        raise _Quit
    if text in (":u", ":undo"):
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
    cram: bool = False
    settings: Settings = field(default_factory=Settings)
    filters: dict[str, str | None] = field(default_factory=dict)
    rated: list[Rated] = field(default_factory=list)
    _known: frozenset[str] | None = None

    def known_words(self) -> frozenset[str]:
        if self._known is None:
            self._known = vocabulary(
                p
                for q in self.bank.questions
                for group in (
                    *(k.phrasings for k in q.key_points),
                    *(m.phrasings for m in q.misconceptions),
                )
                for p in group
            )
        return self._known

    def run(self, plan: Plan) -> SessionResult:
        """Ask every planned question; ends on :q, EOF (exit 0) or Ctrl-C (exit 130)."""
        started = clock.now()
        session_id = store.start_session(
            self.conn,
            started_at=started,
            topic_filter=self.filters.get("topic"),
            difficulty_filter=self.filters.get("difficulty"),
            tag_filter=self.filters.get("tag"),
            cram=self.cram,
        )
        ended_by, code = "finished", 0
        try:
            self._loop(plan.questions, session_id)
        except _Quit:
            ended_by = "quit"
        except EOFError:
            ended_by = "quit"
            self.render("")
        except KeyboardInterrupt:
            ended_by, code = "interrupted", EXIT_INTERRUPTED
            self.render("")
        ended = clock.now()
        store.end_session(self.conn, session_id, ended_at=ended, ended_by=ended_by)
        result = SessionResult(session_id, ended_by, code, list(self.rated), started, ended)
        self.render(summary_table(self.conn, result, plan))
        topics = {q.topic for q in plan.questions}
        if len(topics) == 1 and self.rated:
            tip = self.bank.tips.get(next(iter(topics)))
            if tip:
                self.render(_tip_panel(tip))
        return result

    def _loop(self, questions: list[Question], session_id: int) -> None:
        total = len(questions)
        while len(self.rated) < total:
            position = len(self.rated)
            q = questions[position]
            self.render(question_panel(q, position + 1, total, self.conn))
            shown = clock.now()
            try:
                answer = _command(self.prompt(ANSWER_PROMPT))
            except _Undo:
                self._undo()
                continue
            seconds = max(0.0, (clock.now() - shown).total_seconds())
            scored = (
                judge(
                    answer,
                    q.key_points,
                    q.misconceptions,
                    self.bank.synonyms,
                    known=self.known_words(),
                )
                if answer and q.key_points
                else None
            )
            self.render(reveal(q, scored))
            demo = self.demo(q)
            if demo is not None:
                self.render(demo)
            card = store.get_card(self.conn, q.id)
            rating = self._ask_rating(q, card, scored)
            if rating is None:  # :u at the rating prompt
                self._undo()
                continue
            self._record(q, card, rating, answer or None, scored, seconds, session_id)

    def _ask_rating(
        self, q: Question, card: store.CardRow | None, scored: Judgement | None
    ) -> int | None:
        suggested = scored.suggested_rating if scored else None
        now = clock.now()
        if self.cram:
            back = None
        else:
            back = scheduler.preview(
                q.id, card.card_json if card else None, now=now, retention=self.settings.retention
            )
        text = rating_prompt(suggested, back, now)
        while True:
            try:
                line = _command(self.prompt(text))
            except _Undo:
                if self.rated:
                    return None
                self.render("[yellow]Nothing to undo yet in this session.[/]")
                continue
            if not line:
                if suggested is not None:
                    return suggested
                self.render(
                    "Type 1-4 (again, hard, good, easy): no answer was typed to suggest one."
                )
                continue
            rating = parse_rating(line)
            if rating is not None:
                return rating
            self.render(f"'{_escape(line)}' is not a rating: type 1-4 or again, hard, good, easy.")

    def _record(
        self,
        q: Question,
        card: store.CardRow | None,
        rating: int,
        answer: str | None,
        scored: Judgement | None,
        seconds: float,
        session_id: int,
    ) -> None:
        now = clock.now()
        update, log = None, None
        if not self.cram:
            reviewed = scheduler.review(
                q.id,
                card.card_json if card else None,
                rating,
                now=now,
                duration_ms=round(seconds * 1000),
                retention=self.settings.retention,
            )
            update, log = reviewed.card, reviewed.review_log
        review_id = store.record_review(
            self.conn,
            question_id=q.id,
            rating=rating,
            reviewed_at=now,
            card=update,
            session_id=session_id,
            answer_score=scored.score if scored else None,
            answer=answer,
            response_seconds=round(seconds, 3),
            number=q.number,
            topic=q.topic,
            question_difficulty=q.difficulty,
            review_log=log,
        )
        due_text = update.due if update else (card.due if card else None)
        due = store.parse_iso(due_text) if due_text else None
        self.rated.append(Rated(review_id, q, rating, scored.score if scored else None, due))
        name = RATING_NAMES[rating]
        style = RATING_STYLE[rating]
        if self.cram:
            self.render(f"[{style}]{name}[/] recorded (cram: schedule unchanged).")
        elif due is not None:
            self.render(
                f"[{style}]{name}[/]: back in {clock.humanize(due - now)} "
                f"({clock.local_text(due)})."
            )

    def _undo(self) -> None:
        if not self.rated:
            self.render("[yellow]Nothing to undo yet in this session.[/]")
            return
        last = self.rated.pop()
        store.undo_review(self.conn, last.review_id)
        self.render(
            f"[yellow]Undid[/] {RATING_NAMES[last.rating]} on Q{last.question.number}; "
            "asking it again."
        )


# --- rendering ------------------------------------------------------------------------------

ANSWER_PROMPT = "Your answer (Enter to reveal, :u undo, :q quit) > "


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def rating_prompt(suggested: int | None, back: dict[int, datetime] | None, now: datetime) -> str:
    """`Rate 1 again (1 min) · 2 hard · ... [Enter = good] > ` (durations when scheduling)."""
    parts = []
    for value, name in RATING_NAMES.items():
        when = f" ({clock.humanize(back[value] - now)})" if back else ""
        parts.append(f"{value} {name}{when}")
    default = f" [Enter = {RATING_NAMES[suggested]}]" if suggested else ""
    return f"Rate: {' · '.join(parts)}{default} > "


def question_panel(
    q: Question, position: int, total: int, conn: sqlite3.Connection | None = None
) -> Any:
    from rich.panel import Panel
    from rich.text import Text

    from actloss_quiz.commands.browse import DIFFICULTY_STYLE

    title = Text.assemble(
        (f"{position}/{total}", "bold"),
        f" · Q{q.number} · {q.topic} · ",
        (q.difficulty, DIFFICULTY_STYLE.get(q.difficulty, "white")),
    )
    return Panel(
        Text(q.question, style="bold"), title=title, title_align="left", border_style="blue"
    )


def reveal(q: Question, scored: Judgement | None) -> Any:
    """The model answer, formula and, for a typed answer, the key points ticked or crossed."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts: list[Any] = [Text.assemble(("Answer: ", "bold green"), q.answer)]
    if q.formula:
        parts.append(Text.assemble(("Formula: ", "bold magenta"), q.formula))
    if scored is not None:
        parts.append(Text("Key points:", style="bold"))
        for name, hit in ((p.point, p.covered) for p in scored.points):
            mark = ("  ✓ ", "green") if hit else ("  ✗ ", "red")
            parts.append(Text.assemble(mark, (name, "" if hit else "dim")))
        suggestion = RATING_NAMES[scored.suggested_rating]
        parts.append(
            Text.assemble(
                ("Score: ", "bold"),
                f"{scored.score:.2f}",
                f" ({len(scored.covered)}/{len(scored.points)} key points) → suggested: ",
                (suggestion, f"bold {RATING_STYLE[scored.suggested_rating]}"),
            )
        )
    elif q.key_points:
        parts.append(Text("Key points:", style="bold"))
        parts.extend(Text(f"  • {p.label}") for p in q.key_points)
    return Panel(Group(*parts), title="Model answer", title_align="left", border_style="green")


def summary_table(conn: sqlite3.Connection, result: SessionResult, plan: Plan) -> Any:
    """Questions, ratings, mean answer score, time taken and the next due time."""
    from rich.table import Table

    rated = result.rated
    counts = Counter(r.rating for r in rated)
    scores = [r.score for r in rated if r.score is not None]
    table = Table(title="Session summary", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    ended = {"finished": "", "quit": " (ended early)", "interrupted": " (interrupted)"}
    table.add_row("Questions", f"{len(rated)} of {len(plan.questions)}{ended[result.ended_by]}")
    table.add_row(
        "Ratings",
        " · ".join(
            f"[{RATING_STYLE[v]}]{name}[/] {counts.get(v, 0)}" for v, name in RATING_NAMES.items()
        ),
    )
    table.add_row(
        "Mean answer score",
        f"{sum(scores) / len(scores):.2f} ({len(scores)} typed)" if scores else "-",
    )
    if result.started_at and result.ended_at:
        secs = (result.ended_at - result.started_at).total_seconds()
        table.add_row("Time", f"{int(secs // 60)} min {int(secs % 60)} s")
    nxt = store.next_due(conn, [q.id for q in plan.questions]) if plan.questions else None
    if nxt is not None:
        due = store.parse_iso(nxt)
        now = result.ended_at or clock.now()
        rel = "now" if due <= now else f"in {clock.humanize(due - now)}"
        table.add_row("Next due", f"{clock.local_text(due)} ({rel})")
    return table


def _tip_panel(tip: str) -> Any:
    from rich.panel import Panel

    return Panel(tip, title="Tip", title_align="left", border_style="magenta")


def nothing_to_do_message(plan: Plan, now: datetime, settings: Settings) -> str:
    """What to tell the user when the plan is empty."""
    if plan.new_capped_by_day:
        head = (
            f"Today's {settings.new_per_day} new questions are done "
            "(change with: quiz config new-per-day N)"
        )
    else:
        head = "Nothing is due and no new questions are left"
    if plan.next_due is None:
        return f"{head}."
    rel = "now" if plan.next_due <= now else f"in {clock.humanize(plan.next_due - now)}"
    return f"{head}. Next question due {clock.local_text(plan.next_due)} ({rel})."
