"""The mock interview's loop (`quiz interview`): ask, time, judge, store each answer, then the
debrief (model answers of the weak answers, and the offer to record the answers as reviews).

Like the study session, the loop talks to the outside world only through `actloss_quiz.loop`'s
`prompt(text) -> line` and `render(event)`: the events below are plain data that
`actloss_quiz.render.interview` maps to Rich output. Time is read from `actloss_quiz.clock.now`,
so tests travel in time. Every answer is committed before the next prompt, so Ctrl-C (or
SIGTERM/SIGHUP, with their own exit code) keeps all of them. Answers are judged through
`review.Judge` and recorded through `review.record_rating`, as in the study session.
"""

from __future__ import annotations

import random
import re
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec.structs
from msgspec import Struct

from actloss_quiz import clock, store
from actloss_quiz.errors import EXIT_USER, StoreError
from actloss_quiz.loop import Prompt, Quit, Render, ask, guarded, interrupted_code, is_quit
from actloss_quiz.numbers import as_typed, whole_number
from actloss_quiz.review import Judge, Leech, Recorded, record_rating
from actloss_quiz.settings import Settings
from actloss_quiz.text import MAX_ANSWER_CHARS
from actloss_quiz.vocab import RATING_BY_NAME

if TYPE_CHECKING:  # the scorer loads when the first answer is judged, after the question
    from actloss_quiz.bank import Bank, KeyPoint, Misconception, Question
    from actloss_quiz.scoring import Judgement

Skip = Callable[[str], "tuple[int, str | None] | None"]
FOLLOW_UP_MIN_SECONDS = 30.0  # a follow-up gets what is left of its question's budget, or this

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
    from actloss_quiz.scoring import Judgement, PointResult, suggest

    chosen = set(ticked)
    points = tuple(
        PointResult(p.label, p.core, i in chosen, p.label if i in chosen else None)
        for i, p in enumerate(key_points, 1)
    )
    rating, reasons = suggest(points)
    return Judgement(points, (), sum(p.covered for p in points) / len(points), rating, reasons)


# --- the interview loop ---------------------------------------------------------------------


class Answer(Struct):
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
        """Not answered well: below a `good` suggestion, or not scorable at all (a `hard` is a
        pass, but still a weak spot to study)."""
        return self.verdict is None or self.verdict.suggested_rating < RATING_BY_NAME["good"]


class Item(Struct):
    """A question of the interview with its answer and follow-up answer (if given)."""

    position: int
    question: Question
    budget: float
    main: Answer | None = None
    follow_up: Answer | None = None


class InterviewResult(Struct):
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


# --- what the interview shows (rendered by actloss_quiz.render.interview) ------------------


class QuestionAsked(Struct, frozen=True):
    """A question is asked: its position, its budget and the time left overall (seconds)."""

    question: Question
    position: int
    total: int
    budget: float
    left: float


class FollowUpAsked(Struct, frozen=True):
    """The interviewer's follow-up and its budget."""

    text: str
    budget: float


class Elapsed(Struct, frozen=True):
    """How long an answer took, against its budget."""

    seconds: float
    budget: float


class KeyPointList(Struct, frozen=True):
    """The numbered key points a speaker ticks after answering aloud."""

    labels: tuple[str, ...]


class Note(Struct, frozen=True):
    """A one-line notice (not recorded, type y or n, a tick that is not a number)."""

    text: str


class ModelAnswer(Struct, frozen=True):
    """A weak answer's model answer and the key points it missed."""

    answer: Answer


class RecordedReviews(Struct, frozen=True):
    """The main answers recorded as reviews: each question, its rating and when it is due."""

    done: tuple[tuple[Question, int, datetime], ...]


class _EndAfter(Exception):
    """End of input (or `:q`) in the middle of a multi-line answer: keep it, then stop."""

    def __init__(self, text: str, why: type[BaseException]) -> None:
        super().__init__(text)
        self.text = text
        self.why = why


def parse_ticks(text: str, n: int) -> list[int] | str:
    """Key point numbers (`1 3 4`, `1,3`) as a sorted list, or the reason they are not valid."""
    parts = [p for p in re.split(r"[\s,]+", text.strip()) if p]
    out: set[int] = set()
    for p in parts:
        value = whole_number(p)  # '²' and a 5,000-digit number are typed numbers too
        if value is None:
            return (
                f"'{as_typed(p)}' is not a key point number; type numbers 1-{n} like 1 3, "
                "or Enter for none"
            )
        if not 1 <= value <= n:
            return f"there is no key point {as_typed(p)}; the numbers are 1-{n}"
        out.add(value)
    return sorted(out)


@dataclass
class Interview:
    """One mock interview over an open database: `run(questions, budgets)`, then `debrief`."""

    conn: sqlite3.Connection
    bank: Bank
    prompt: Prompt
    render: Render
    spoken: bool = False
    follow_ups: bool = True
    seed: int | None = None
    filters: dict[str, str | None] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)
    # Reads and discards an answer's lines past the limit up to the next blank or :q line, a
    # block at a time: (characters discarded, that line or None at the end of input), or None
    # when it cannot (a terminal): the lines are then read one by one through `prompt`.
    skip: Skip | None = None

    def __post_init__(self) -> None:
        self.judge = Judge(self.bank)
        self._recorded: list[tuple[Question, int, datetime]] = []
        self._leeches: list[Leech] = []
        self._recorded_ids: set[int] = set()
        self._pending: dict[int, Recorded] = {}
        self._typed_chars = 0  # of the answer being read, kept or not

    def run(self, questions: Sequence[Question], budget: Sequence[float]) -> InterviewResult:
        """Ask every question (and a follow-up); ends on :q, EOF (exit 0), Ctrl-C (130) or
        SIGTERM/SIGHUP (143/129)."""
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

        def ask_all() -> None:
            for item in items:
                self._ask_item(item, len(items), interview_id, started, total, rng)

        ending = guarded(ask_all, self.render)
        ended = clock.now()
        store.end_interview(self.conn, interview_id, ended_at=ended, ended_by=ending.ended_by)
        return InterviewResult(
            interview_id, ending.ended_by, ending.exit_code, items, started, ended, total
        )

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
        self.render(QuestionAsked(q, item.position, n_items, item.budget, left))
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
        self.render(FollowUpAsked(fu.question, fu_budget))
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
            ask(self.prompt, SPOKEN_PROMPT)
            seconds = (clock.now() - shown).total_seconds()
            self.render(Elapsed(seconds, budget))
            text = None
            verdict = judge_ticks(key_points, self._ticks(key_points))
        else:
            try:
                text = self._read_answer()
            except _EndAfter as e:
                text, end = e.text, e
            seconds = (clock.now() - shown).total_seconds()
            self.render(Elapsed(seconds, budget))
            text, cut = self.judge.cut(text)  # the scorer reads no further: keep what it judged
            if cut is not None:
                self.render(msgspec.structs.replace(cut, chars=max(cut.chars, self._typed_chars)))
            verdict = (
                self.judge(text, key_points, misconceptions, subject, model_answer)
                if key_points
                else None
            )
        seconds = max(0.0, seconds)
        notes = tuple((m.claim, m.correction) for m in (verdict.misconceptions if verdict else ()))
        if verdict is not None:  # contradictions and wrong formulas are reported like them
            notes += tuple(
                # (a fact is a sentence: the report adds its own full stop after the claim)
                (f"contradicts: {c.point.rstrip('.')}", f'You said: "{c.said}"')
                for c in verdict.contradictions
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

    def _read_answer(self) -> str:
        """Lines until an empty one (a one-line answer is that line and Enter twice).

        Bounded: past MAX_ANSWER_CHARS (+1, so the cut is noticed) lines are read and
        discarded, counted for the notice, never kept: a 40 MB paste or `yes relu` does not
        grow the memory."""
        first = ask(self.prompt, ANSWER_PROMPT)
        self._typed_chars = len(first.rstrip())
        if not first.strip():
            return ""
        lines = [first.rstrip()[: MAX_ANSWER_CHARS + 1]]
        kept = len(lines[0])
        while True:
            try:
                line = self.prompt(MORE_PROMPT)
            except EOFError:
                raise _EndAfter("\n".join(lines), EOFError) from None
            if not line.strip():
                return "\n".join(lines)
            if is_quit(line):
                raise _EndAfter("\n".join(lines), Quit)
            line = line.rstrip()
            self._typed_chars += 1 + len(line)
            if kept <= MAX_ANSWER_CHARS:
                lines.append(line[: MAX_ANSWER_CHARS - kept])  # "\n" takes one
                kept += 1 + len(lines[-1])
            if kept > MAX_ANSWER_CHARS and self.skip is not None:
                skipped = self.skip(MORE_PROMPT)
                if skipped is not None:
                    chars, stop = skipped
                    self._typed_chars += chars
                    if stop is None:
                        raise _EndAfter("\n".join(lines), EOFError)
                    if is_quit(stop):
                        raise _EndAfter("\n".join(lines), Quit)
                    return "\n".join(lines)

    def _ticks(self, key_points: Sequence[KeyPoint]) -> list[int]:
        if not key_points:
            return []
        self.render(KeyPointList(tuple(p.label for p in key_points)))
        while True:
            got = parse_ticks(ask(self.prompt, TICKS_PROMPT), len(key_points))
            if isinstance(got, list):
                return got
            self.render(Note(got))

    # --- after the interview --------------------------------------------------------------

    def debrief(self, result: InterviewResult) -> int:
        """After the report card: the model answers of the weak answers, then the offer to
        record the main answers as reviews. Returns the exit code (the interview's own when it
        was interrupted: nothing is recorded then)."""
        weak = weak_answers(result)
        if result.exit_code:
            if result.answered:
                self.render(Note(_not_recorded(len(result.answered), "interrupted")))
            return result.exit_code
        try:
            if weak and self._yes(
                f"Show the model answers for the {len(weak)} weak answer"
                f"{'s' if len(weak) != 1 else ''}? [Y/n] "
            ):
                for a in weak:
                    self.render(ModelAnswer(a))
            # only scored answers have a rating to record (a question without key points has none)
            n = sum(i.main is not None and i.main.verdict is not None for i in result.answered)
            if n == 0:
                return 0
            these = f"these {n} answers" if n != 1 else "this answer"
            if self._yes(f"Record {these} in your review schedule? [Y/n] "):
                while True:
                    try:
                        done, leeches = self.record_reviews(result)
                        break
                    except StoreError as e:  # busy (another quiz is writing?), a full disk
                        # What was recorded stays recorded; the offer is made again for the rest.
                        self.render(Note(f"Not recorded yet: {e}"))
                        if not self._yes("Try to record them again? [Y/n] "):
                            self.render(Note(_not_recorded(n, "declined")))
                            return EXIT_USER
                self.render(RecordedReviews(tuple(done)))
                for leech in leeches:
                    self.render(leech)
            else:
                self.render(Note(_not_recorded(n, "declined")))
        except (EOFError, Quit):
            self.render("")
            self.render(Note(_not_recorded(len(result.answered), "no answer")))
        except KeyboardInterrupt as e:  # Ctrl-C, or SIGTERM/SIGHUP (errors.Terminated)
            self.render("")
            self.render(Note(_not_recorded(len(result.answered), "interrupted")))
            return interrupted_code(e)
        return 0

    def _yes(self, text: str) -> bool:
        while True:
            line = ask(self.prompt, text).strip().lower()
            if line in ("", "y", "yes"):
                return True
            if line in ("n", "no"):
                return False
            self.render(Note("Type y or n (Enter = yes)."))

    def record_reviews(
        self, result: InterviewResult
    ) -> tuple[list[tuple[Question, int, datetime]], list[Leech]]:
        """Each scored main answer as a review with its suggested rating, through
        `review.record_rating` like `quiz start` (so a lapse applies the leech rule); follow-ups
        never touch the schedule. Returns what was recorded and the new leeches."""
        done, leeches = self._recorded, self._leeches  # kept over a retry after a failure
        for item in result.answered:
            a = item.main
            assert a is not None
            if a.verdict is None or a.answer_id in self._recorded_ids:
                continue
            q = a.question
            rating = a.verdict.suggested_rating
            recorded = self._pending.get(a.answer_id)  # recorded, not yet linked (a retry)
            if recorded is None:
                recorded = self._pending[a.answer_id] = record_rating(
                    self.conn,
                    q,
                    rating,
                    now=a.answered_at,
                    settings=self.settings,
                    answer=a.text,
                    score=a.verdict.score,
                    seconds=a.seconds,
                )
            store.link_interview_review(self.conn, a.answer_id, recorded.review_id)
            self._recorded_ids.add(a.answer_id)
            assert recorded.due is not None  # not cram: the card has a due time
            done.append((q, rating, recorded.due))
            if recorded.leech is not None:
                leeches.append(recorded.leech)
        return done, leeches


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
