"""The mock interview (`quiz interview`): choose, time, judge, report, and feed the schedule.

Like the study session, the loop talks to the outside world only through injected callables:
`prompt(text) -> line` (EOFError at end of input, KeyboardInterrupt on Ctrl-C), `render(obj)`
and a `views` namespace that turns plain data into something `render` can print
(`actloss_quiz.render.interview` in the CLI). Time is read from `actloss_quiz.clock.now`, so tests
travel in time. Every answer is committed before the next prompt, so Ctrl-C keeps all of them.

No Rich here: the report card is plain data (`ReportCard`) with a Markdown rendering
(`report_markdown`) for `--report`.
"""

from __future__ import annotations

import random
import re
import shlex
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from actloss_quiz import clock, scheduler, store
from actloss_quiz.errors import EXIT_INTERRUPTED
from actloss_quiz.scoring import (
    MAX_ANSWER_CHARS,
    Judgement,
    PointResult,
    judge,
    known_words,
    suggest,
)
from actloss_quiz.stats import LEECH_LAPSES
from actloss_quiz.text import safe_text

if TYPE_CHECKING:
    from actloss_quiz.bank import Bank, KeyPoint, Misconception, Question

Prompt = Callable[[str], str]
Render = Callable[[Any], None]

DEFAULT_COUNT = 6
BUDGET_SECONDS = {"easy": 120.0, "medium": 180.0, "hard": 240.0}
DIFFICULTY_ORDER = {"easy": 0, "medium": 1, "hard": 2}
FOLLOW_UP_MIN_SECONDS = 30.0  # a follow-up gets what is left of its question's budget, or this
NEVER_SEEN_WEIGHT = 3.0

ANSWER_PROMPT = "Your answer (empty line to finish, :q to stop) > "
MORE_PROMPT = "... "
SPOKEN_PROMPT = "Answer aloud, then press Enter to stop the clock (:q to stop) > "
TICKS_PROMPT = "Key points you said (numbers like 1 3 4, Enter for none) > "


# --- judging --------------------------------------------------------------------------------


def judge_ticks(key_points: Sequence[KeyPoint], ticked: Sequence[int]) -> Judgement | None:
    """A spoken answer's judgement from the key points the speaker ticked (1-based numbers),
    with the scorer's own rating rule (core points decide)."""
    if not key_points:
        return None
    chosen = set(ticked)
    points = tuple(
        PointResult(p.label, p.core, i in chosen, p.label if i in chosen else None)
        for i, p in enumerate(key_points, 1)
    )
    rating, reasons = suggest(points)
    return Judgement(points, (), sum(p.covered for p in points) / len(points), rating, reasons)


# --- choosing the questions -----------------------------------------------------------------


@dataclass(frozen=True)
class Weakness:
    """What the store knows about one question: the inputs of its weight."""

    seen: bool  # has a schedule (a card)
    retrievability: float | None
    lapses: int
    mean_score: float | None  # past answer scores, study sessions and interviews together


def weight(w: Weakness) -> float:
    """How strongly to prefer a question: never seen, forgotten, lapsed, leech, low scores."""
    if not w.seen and w.mean_score is None:
        return NEVER_SEEN_WEIGHT
    x = 1.0
    if w.retrievability is not None:
        x += 2.0 * (1.0 - w.retrievability)
    x += 0.5 * min(w.lapses, 8)
    if w.lapses >= LEECH_LAPSES:
        x += 2.0
    if w.mean_score is not None:
        x += 2.0 * (1.0 - w.mean_score)
    return x


def weak_spots(
    conn: sqlite3.Connection, questions: Sequence[Question], now: datetime
) -> dict[str, Weakness]:
    """Each question's card state, lapses and past answer scores (three grouped queries)."""
    wanted = {q.id for q in questions}
    states = {k: v for k, v in store.memory_states(conn).items() if k in wanted}
    recall = scheduler.retrievabilities({k: (s, last) for k, (s, last, _) in states.items()}, now)
    scores = (store.review_scores_by_question(conn), store.interview_scores_by_question(conn))
    out: dict[str, Weakness] = {}
    for q in questions:
        state = states.get(q.id)
        total, weighted = 0, 0.0
        for by_question in scores:
            if q.id in by_question:
                n, mean = by_question[q.id]
                total += n
                weighted += n * mean
        out[q.id] = Weakness(
            seen=state is not None,
            retrievability=recall.get(q.id),
            lapses=state[2] if state else 0,
            mean_score=weighted / total if total else None,
        )
    return out


def choose_questions(
    questions: Sequence[Question],
    weights: dict[str, float],
    count: int,
    rng: random.Random,
) -> list[Question]:
    """`count` questions drawn without replacement in proportion to their weights, easy first.

    Efraimidis-Spirakis sampling (key u^(1/w), largest keys win) gives each draw the weighted
    probability in one pass; within a difficulty the draw order is kept, so topics come mixed.
    """
    keyed = [(rng.random() ** (1.0 / max(weights.get(q.id, 1.0), 1e-9)), q) for q in questions]
    keyed.sort(key=lambda kq: -kq[0])
    picked = [q for _, q in keyed[:count]]
    picked.sort(key=lambda q: DIFFICULTY_ORDER.get(q.difficulty, 1))
    return picked


def budgets(questions: Sequence[Question], minutes: float | None = None) -> list[float]:
    """Seconds per question: 2/3/4 minutes per easy/medium/hard, or `minutes` in all split in
    the same proportions (whole seconds)."""
    base = [BUDGET_SECONDS.get(q.difficulty, BUDGET_SECONDS["medium"]) for q in questions]
    if minutes is None:
        return base
    total = minutes * 60.0
    return [max(1.0, float(round(total * b / sum(base)))) for b in base]


def mmss(seconds: float) -> str:
    """`1:42` (minutes:seconds, rounded to the second)."""
    s = max(0, round(seconds))
    return f"{s // 60}:{s % 60:02d}"


# --- the interview loop ---------------------------------------------------------------------


@dataclass
class Answer:
    """One answer given in the interview (a question's or its follow-up's)."""

    answer_id: int
    kind: str  # question, follow-up
    position: int
    question: Question
    asked: str
    model_answer: str
    text: str | None  # None when spoken
    verdict: Judgement | None
    seconds: float
    budget: float
    answered_at: datetime
    misconception_notes: tuple[tuple[str, str], ...] = ()  # (claim, correction)

    @property
    def over(self) -> bool:
        return self.seconds > self.budget

    @property
    def score(self) -> float | None:
        return self.verdict.score if self.verdict else None

    @property
    def weak(self) -> bool:
        """Not answered well: below a `good` suggestion, or not scorable at all."""
        return self.verdict is None or self.verdict.suggested_rating < 3


@dataclass
class Item:
    """A question of the interview with its answer and follow-up answer (if given)."""

    position: int
    question: Question
    budget: float
    main: Answer | None = None
    follow_up: Answer | None = None


@dataclass
class InterviewResult:
    interview_id: int
    ended_by: str  # finished, quit, interrupted
    exit_code: int
    items: list[Item]
    started_at: datetime
    ended_at: datetime
    total_budget: float

    @property
    def answered(self) -> list[Item]:
        return [i for i in self.items if i.main is not None]


class _Quit(Exception):
    """`:q` typed at a prompt."""


class _EndAfter(Exception):
    """End of input (or `:q`) in the middle of a multi-line answer: keep it, then stop."""

    def __init__(self, text: str, why: type[BaseException]) -> None:
        super().__init__(text)
        self.text = text
        self.why = why


def _command(line: str) -> str:
    if line.strip().lower() in (":q", ":quit"):
        raise _Quit
    return line


def parse_ticks(text: str, n: int) -> list[int] | str:
    """Key point numbers (`1 3 4`, `1,3`) as a sorted list, or the reason they are not valid."""
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    out: set[int] = set()
    for p in parts:
        if not p.isdigit():
            return (
                f"'{p}' is not a key point number; type numbers 1-{n} like 1 3, or Enter for none"
            )
        value = int(p)
        if not 1 <= value <= n:
            return f"there is no key point {value}; the numbers are 1-{n}"
        out.add(value)
    return sorted(out)


@dataclass
class Interview:
    """One mock interview over an open database: `run(questions, budgets)`, then `debrief`."""

    conn: sqlite3.Connection
    bank: Bank
    prompt: Prompt
    render: Render
    views: Any  # actloss_quiz.render.interview, or anything with the same functions
    spoken: bool = False
    follow_ups: bool = True
    seed: int | None = None
    filters: dict[str, str | None] = field(default_factory=dict)
    retention: float = scheduler.DEFAULT_RETENTION
    _known: frozenset[str] | None = None

    def run(self, questions: Sequence[Question], budget: Sequence[float]) -> InterviewResult:
        """Ask every question (and a follow-up); ends on :q, EOF (exit 0) or Ctrl-C (130)."""
        started = clock.now()
        total = float(sum(budget))
        interview_id = store.start_interview(
            self.conn,
            started_at=started,
            planned=len(questions),
            budget_seconds=total,
            seed=self.seed,
            spoken=self.spoken,
            follow_ups=self.follow_ups,
            topic_filter=self.filters.get("topic"),
            difficulty_filter=self.filters.get("difficulty"),
            tag_filter=self.filters.get("tag"),
        )
        items = [Item(i + 1, q, b) for i, (q, b) in enumerate(zip(questions, budget, strict=True))]
        rng = random.Random(f"follow-ups:{self.seed}") if self.seed is not None else random.Random()
        ended_by, code = "finished", 0
        try:
            for item in items:
                self._ask_item(item, len(items), interview_id, started, total, rng)
        except _Quit:
            ended_by = "quit"
        except EOFError:
            ended_by = "quit"
            self.render("")
        except KeyboardInterrupt:
            ended_by, code = "interrupted", EXIT_INTERRUPTED
            self.render("")
        ended = clock.now()
        store.end_interview(self.conn, interview_id, ended_at=ended, ended_by=ended_by)
        return InterviewResult(interview_id, ended_by, code, items, started, ended, total)

    def _ask_item(
        self,
        item: Item,
        n_items: int,
        interview_id: int,
        started: datetime,
        total: float,
        rng: random.Random,
    ) -> None:
        q = item.question
        left = total - (clock.now() - started).total_seconds()
        self.render(self.views.question(q, item.position, n_items, item.budget, left))
        item.main = self._answer(
            interview_id,
            item,
            "question",
            q.question,
            q.answer,
            q.key_points,
            q.misconceptions,
            item.budget,
            q.subject,
        )
        if not self.follow_ups or not q.follow_ups:
            return
        fu = rng.choice(q.follow_ups)
        # whole seconds, like every budget
        fu_budget = float(round(max(item.budget - item.main.seconds, FOLLOW_UP_MIN_SECONDS)))
        self.render(self.views.follow_up(fu.question, fu_budget))
        item.follow_up = self._answer(
            interview_id,
            item,
            "follow-up",
            fu.question,
            fu.answer,
            fu.key_points,
            fu.misconceptions,
            fu_budget,
            fu.subject,
        )

    def _answer(
        self,
        interview_id: int,
        item: Item,
        kind: str,
        asked: str,
        model_answer: str,
        key_points: Sequence[KeyPoint],
        misconceptions: Sequence[Misconception],
        budget: float,
        subject: Sequence[str] = (),
    ) -> Answer:
        shown = clock.now()
        end: _EndAfter | None = None
        if self.spoken:
            _command(self.prompt(SPOKEN_PROMPT))
            seconds = (clock.now() - shown).total_seconds()
            self.render(self.views.elapsed(seconds, budget))
            text = None
            verdict = judge_ticks(key_points, self._ticks(key_points))
        else:
            try:
                text = self._read_answer()
            except _EndAfter as e:
                text, end = e.text, e
            seconds = (clock.now() - shown).total_seconds()
            self.render(self.views.elapsed(seconds, budget))
            if len(text) > MAX_ANSWER_CHARS:  # the scorer reads no further: keep what it judged
                self.render(
                    self.views.note(
                        f"Your answer has {len(text):,} characters; only the first "
                        f"{MAX_ANSWER_CHARS:,} are judged and kept."
                    )
                )
                text = text[:MAX_ANSWER_CHARS]
            verdict = (
                judge(
                    text,
                    key_points,
                    misconceptions,
                    self.bank.synonyms,
                    known=self.known_words(),
                    subject=subject,
                    domain=self.bank.domain,
                )
                if key_points
                else None
            )
        seconds = max(0.0, seconds)
        notes = tuple((m.claim, m.correction) for m in (verdict.misconceptions if verdict else ()))
        if verdict is not None:  # contradictions and wrong formulas are reported like them
            notes += tuple(
                (f"contradicts: {c.point}", f'You said: "{c.said}"') for c in verdict.contradictions
            )
            notes += tuple(
                (
                    f"formula differs: {f.point}",
                    f"{f.found} gives {f.got:.6g} at {f.at}, the reference {f.want:.6g}"
                    if f.got is not None and f.want is not None
                    else f.found,
                )
                for f in verdict.formulas
                if f.status == "differs"
            )
        q = item.question
        answered_at = clock.now()
        answer_id = store.record_interview_answer(
            self.conn,
            interview_id=interview_id,
            position=item.position,
            kind=kind,
            question_id=q.id,
            asked=asked,
            answered_at=answered_at,
            seconds=round(seconds, 3),
            budget_seconds=budget,
            answer=text,
            spoken=self.spoken,
            points=[(p.point, p.core, p.covered) for p in verdict.points] if verdict else (),
            misconceptions=[claim for claim, _ in notes],
            answer_score=verdict.score if verdict else None,
            suggested_rating=verdict.suggested_rating if verdict else None,
            number=q.number,
            topic=q.topic,
            difficulty=q.difficulty,
        )
        answer = Answer(
            answer_id,
            kind,
            item.position,
            q,
            asked,
            model_answer,
            text,
            verdict,
            seconds,
            budget,
            answered_at,
            notes,
        )
        if end is not None:
            if kind == "question":
                item.main = answer
            else:
                item.follow_up = answer
            raise end.why()
        return answer

    def known_words(self) -> frozenset[str]:
        """Every term of the bank: a word that is one never counts as a typo of another."""
        if self._known is None:
            self._known = known_words(self.bank.questions)
        return self._known

    def _read_answer(self) -> str:
        """Lines until an empty one (a one-line answer is that line and Enter twice)."""
        first = _command(self.prompt(ANSWER_PROMPT))
        if not first.strip():
            return ""
        lines = [first.rstrip()]
        while True:
            try:
                line = self.prompt(MORE_PROMPT)
            except EOFError:
                raise _EndAfter("\n".join(lines), EOFError) from None
            if not line.strip():
                return "\n".join(lines)
            if line.strip().lower() in (":q", ":quit"):
                raise _EndAfter("\n".join(lines), _Quit)
            lines.append(line.rstrip())

    def _ticks(self, key_points: Sequence[KeyPoint]) -> list[int]:
        if not key_points:
            return []
        self.render(self.views.key_point_list([p.label for p in key_points]))
        while True:
            got = parse_ticks(_command(self.prompt(TICKS_PROMPT)), len(key_points))
            if isinstance(got, list):
                return got
            self.render(self.views.note(got))

    # --- after the interview --------------------------------------------------------------

    def debrief(
        self,
        result: InterviewResult,
        card: ReportCard,
        save_report: Callable[[str], None] | None = None,
    ) -> int:
        """Report card, `--report` file, model answers of the weak answers, then the offer to
        record the main answers as reviews. Returns the exit code."""
        self.render(self.views.report_card(card))
        if card.study_command:
            self.render(self.views.study_command(card))
        weak = weak_answers(result)
        if save_report is not None:
            save_report(report_markdown(card, weak))
        if result.exit_code:
            if result.answered:
                self.render(self.views.note(_not_recorded(len(result.answered), "interrupted")))
            return result.exit_code
        try:
            if weak and self._yes(
                f"Show the model answers for the {len(weak)} weak answer"
                f"{'s' if len(weak) != 1 else ''}? [Y/n] "
            ):
                for a in weak:
                    self.render(self.views.model_answer(a))
            # only scored answers have a rating to record (a question without key points has none)
            n = sum(i.main is not None and i.main.verdict is not None for i in result.answered)
            if n == 0:
                return 0
            these = f"these {n} answers" if n != 1 else "this answer"
            if self._yes(f"Record {these} in your review schedule? [Y/n] "):
                self.render(self.views.recorded(self.record_reviews(result)))
            else:
                self.render(self.views.note(_not_recorded(n, "declined")))
        except (EOFError, _Quit):
            self.render("")
            self.render(self.views.note(_not_recorded(len(result.answered), "no answer")))
        except KeyboardInterrupt:
            self.render("")
            self.render(self.views.note(_not_recorded(len(result.answered), "interrupted")))
            return EXIT_INTERRUPTED
        return 0

    def _yes(self, text: str) -> bool:
        while True:
            line = _command(self.prompt(text)).strip().lower()
            if line in ("", "y", "yes"):
                return True
            if line in ("n", "no"):
                return False
            self.render(self.views.note("Type y or n (Enter = yes)."))

    def record_reviews(self, result: InterviewResult) -> list[tuple[Question, int, datetime]]:
        """Each scored main answer as a review with its suggested rating, through the same
        scheduler and store calls as `quiz start`; follow-ups never touch the schedule."""
        done = []
        for item in result.answered:
            a = item.main
            assert a is not None
            if a.verdict is None:
                continue
            q = a.question
            card = store.get_card(self.conn, q.id)
            rating = a.verdict.suggested_rating
            reviewed = scheduler.review(
                q.id,
                card.card_json if card else None,
                rating,
                now=a.answered_at,
                duration_ms=round(a.seconds * 1000),
                retention=self.retention,
            )
            review_id = store.record_review(
                self.conn,
                question_id=q.id,
                rating=rating,
                reviewed_at=a.answered_at,
                card=reviewed.card,
                answer_score=a.verdict.score,
                answer=a.text,
                response_seconds=round(a.seconds, 3),
                number=q.number,
                topic=q.topic,
                question_difficulty=q.difficulty,
                review_log=reviewed.review_log,
            )
            store.link_interview_review(self.conn, a.answer_id, review_id)
            done.append((q, rating, reviewed.due))
        return done


def _not_recorded(n: int, why: str) -> str:
    head = {"interrupted": "Interrupted", "declined": "Not recorded", "no answer": "No answer"}
    return (
        f"{head[why]}: your {n} answer{'s are' if n != 1 else ' is'} saved with the interview; "
        "the review schedule is unchanged."
    )


def weak_answers(result: InterviewResult) -> list[Answer]:
    """The answers to show model answers for: main answers and follow-ups not answered well."""
    out: list[Answer] = []
    for item in result.answered:
        for a in (item.main, item.follow_up):
            if a is not None and a.weak:
                out.append(a)
    return out


# --- the report card ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportLine:
    position: int
    question: Question
    score: float | None
    suggested_rating: int | None
    core_missed: tuple[str, ...]  # every missed point when the question marks none as core
    misconceptions: tuple[tuple[str, str], ...]  # (claim, correction)
    seconds: float
    budget: float
    follow_up: str | None = None  # the follow-up asked
    follow_up_score: float | None = None
    follow_up_seconds: float | None = None
    follow_up_budget: float | None = None
    follow_up_misconceptions: tuple[tuple[str, str], ...] = ()

    @property
    def over(self) -> bool:
        return self.seconds > self.budget


@dataclass(frozen=True)
class Group:
    name: str
    mean_score: float
    answers: int


@dataclass(frozen=True)
class ReportCard:
    interview_id: int
    started_at: datetime
    ended_by: str
    planned: int
    lines: tuple[ReportLine, ...]
    mean_score: float | None
    follow_up_mean: float | None
    in_time: int
    seconds: float  # time spent answering, all answers
    total_budget: float
    weakest_topic: Group | None
    weakest_difficulty: Group | None
    study: tuple[Question, ...]
    study_command: str | None


def _missed(verdict: Judgement | None) -> tuple[str, ...]:
    if verdict is None:
        return ()
    has_core = any(p.core for p in verdict.points)
    return tuple(p.point for p in verdict.points if not p.covered and (p.core or not has_core))


def _weakest(groups: dict[str, list[float]]) -> Group | None:
    means = [Group(k, sum(v) / len(v), len(v)) for k, v in groups.items() if v]
    if not means:
        return None
    return min(means, key=lambda g: (g.mean_score, -g.answers, g.name))


def study_command(questions: Sequence[Question], prefix: Sequence[str] = ("quiz",)) -> str:
    """The `quiz start` command that drills exactly these questions, whatever is due."""
    ids = ",".join(q.id for q in questions)
    return shlex.join([*prefix, "start", "--cram", "--question", ids])


def report_card(
    result: InterviewResult, *, command_prefix: Sequence[str] = ("quiz",)
) -> ReportCard:
    """The report card of an interview, from what was answered."""
    lines = []
    topics: dict[str, list[float]] = {}
    levels: dict[str, list[float]] = {}
    study: list[tuple[float, int, Question]] = []
    spent = 0.0
    for item in result.answered:
        main = item.main
        assert main is not None
        fu = item.follow_up
        spent += main.seconds + (fu.seconds if fu else 0.0)
        q = item.question
        lines.append(
            ReportLine(
                item.position,
                q,
                main.score,
                main.verdict.suggested_rating if main.verdict else None,
                _missed(main.verdict),
                main.misconception_notes,
                main.seconds,
                main.budget,
                fu.asked if fu else None,
                fu.score if fu else None,
                fu.seconds if fu else None,
                fu.budget if fu else None,
                fu.misconception_notes if fu else (),
            )
        )
        if main.score is not None:
            topics.setdefault(q.topic, []).append(main.score)
            levels.setdefault(q.difficulty, []).append(main.score)
        if main.weak or (fu is not None and fu.weak):
            study.append((main.score if main.score is not None else 0.0, item.position, q))
    scores = [ln.score for ln in lines if ln.score is not None]
    fu_scores = [ln.follow_up_score for ln in lines if ln.follow_up_score is not None]
    study.sort(key=lambda s: (s[0], s[1]))
    chosen = tuple(q for _, _, q in study)
    return ReportCard(
        interview_id=result.interview_id,
        started_at=result.started_at,
        ended_by=result.ended_by,
        planned=len(result.items),
        lines=tuple(lines),
        mean_score=sum(scores) / len(scores) if scores else None,
        follow_up_mean=sum(fu_scores) / len(fu_scores) if fu_scores else None,
        in_time=sum(not ln.over for ln in lines),
        seconds=spent,
        total_budget=result.total_budget,
        weakest_topic=_weakest(topics),
        weakest_difficulty=_weakest(levels),
        study=chosen,
        study_command=study_command(chosen, command_prefix) if chosen else None,
    )


# --- Markdown -------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _score(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def report_markdown(card: ReportCard, weak: Sequence[Answer] = ()) -> str:
    """The report card as GitHub-flavoured Markdown (tables, a shell block for the command)."""
    when = clock.local_text(card.started_at)
    ended = {"finished": "", "quit": " (ended early)", "interrupted": " (interrupted)"}
    out = [f"# Mock interview report: {when}", ""]
    n = len(card.lines)
    out.append(
        f"{n} of {card.planned} questions answered{ended[card.ended_by]} · "
        f"mean score {_score(card.mean_score)} · {card.in_time} of {n} in time · "
        f"{mmss(card.seconds)} of {mmss(card.total_budget)}"
    )
    out.append("")
    if card.lines:
        out += [
            "| # | Question | Score | Time | Core points missed | Follow-up |",
            "|---|---|---|---|---|---|",
        ]
        for ln in card.lines:
            q = ln.question
            time_text = f"{mmss(ln.seconds)} of {mmss(ln.budget)}" + (" (over)" if ln.over else "")
            fu = "–"
            if ln.follow_up is not None:
                assert ln.follow_up_seconds is not None and ln.follow_up_budget is not None
                fu = f"{_score(ln.follow_up_score)} ({mmss(ln.follow_up_seconds)} of {mmss(ln.follow_up_budget)})"
            out.append(
                f"| {ln.position} | Q{q.number} {_cell(q.question)} ({q.topic}, {q.difficulty}) "
                f"| {_score(ln.score)} | {time_text} | {_cell('; '.join(ln.core_missed)) or '–'} "
                f"| {fu} |"
            )
        out.append("")
    notes = [
        (ln, claim, fix)
        for ln in card.lines
        for claim, fix in (*ln.misconceptions, *ln.follow_up_misconceptions)
    ]
    if notes:
        out += ["## Misconceptions", ""]
        out += [f"- Q{ln.question.number}: *{claim}*. {fix}" for ln, claim, fix in notes]
        out.append("")
    out += ["## Where you stand", ""]
    out.append(f"- Mean score: {_score(card.mean_score)}")
    if card.follow_up_mean is not None:
        out.append(f"- Follow-ups: mean score {_score(card.follow_up_mean)}")
    out.append(f"- Answered in time: {card.in_time} of {n}")
    for label, g in (("topic", card.weakest_topic), ("difficulty", card.weakest_difficulty)):
        if g is not None:
            out.append(
                f"- Weakest {label}: {g.name} (mean {g.mean_score:.2f} over {g.answers} "
                f"answer{'s' if g.answers != 1 else ''})"
            )
    out += ["", "## Study plan", ""]
    if card.study:
        out.append("Review next:")
        out.append("")
        out += [f"1. Q{q.number} `{q.id}`: {_cell(q.question)}" for q in card.study]
        out += ["", "```sh", card.study_command or "", "```"]
    else:
        out.append("Every answer was good. Next: `quiz interview --difficulty hard`.")
    if weak:
        out += ["", "## Model answers", ""]
        for a in weak:
            label = "Follow-up" if a.kind == "follow-up" else f"Q{a.question.number}"
            out += [f"### {label}: {_cell(a.asked)}", "", a.model_answer.strip(), ""]
            missed = [p.point for p in (a.verdict.points if a.verdict else ()) if not p.covered]
            if missed:
                out += ["Missed: " + "; ".join(missed), ""]
    return safe_text("\n".join(out).rstrip() + "\n")  # no control character reaches the file
