"""The interview's report card: plain data (`ReportCard`) from what was answered, its Markdown
for `--report`, and `present`, which shows it and saves the Markdown. No Rich here:
`actloss_quiz.render.interview` draws the card."""

from __future__ import annotations

import shlex
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from msgspec import Struct

from actloss_quiz import clock
from actloss_quiz.clock import mmss
from actloss_quiz.interview.loop import Answer, InterviewResult, weak_answers
from actloss_quiz.loop import Render
from actloss_quiz.text import safe_text
from actloss_quiz.vocab import ENDED_NOTE, RATING_NAMES, program

if TYPE_CHECKING:
    from actloss_quiz.bank import Question
    from actloss_quiz.scoring import Judgement


class ReportLine(Struct, frozen=True):
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
    # what was typed beside the model answer, and every point missed (core or not)
    answer: str | None = None  # None: spoken
    model_answer: str = ""
    missed: tuple[str, ...] = ()
    follow_up_answer: str | None = None
    follow_up_model_answer: str = ""
    follow_up_suggested_rating: int | None = None
    follow_up_missed: tuple[str, ...] = ()

    @property
    def over(self) -> bool:
        return self.seconds > self.budget

    def answers(self) -> tuple[AnswerSide, ...]:
        """The question's answer and its follow-up's, each beside its model answer."""
        sides = [
            AnswerSide(
                f"Q{self.question.number}",
                self.question.question,
                self.answer,
                self.model_answer,
                self.score,
                self.suggested_rating,
                self.missed,
                self.misconceptions,
            )
        ]
        if self.follow_up is not None:
            sides.append(
                AnswerSide(
                    f"Q{self.question.number} follow-up",
                    self.follow_up,
                    self.follow_up_answer,
                    self.follow_up_model_answer,
                    self.follow_up_score,
                    self.follow_up_suggested_rating,
                    self.follow_up_missed,
                    self.follow_up_misconceptions,
                )
            )
        return tuple(sides)


class AnswerSide(Struct, frozen=True):
    """One answer of the report: what was asked, what the candidate said, the model answer,
    the score with the suggested rating, the points missed and the misconceptions asserted."""

    label: str
    asked: str
    said: str | None  # None: spoken
    model_answer: str
    score: float | None
    suggested_rating: int | None
    missed: tuple[str, ...]
    misconceptions: tuple[tuple[str, str], ...]


class Group(Struct, frozen=True):
    name: str
    mean_score: float
    answers: int


class ReportCard(Struct, frozen=True):
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


def _all_missed(verdict: Judgement | None) -> tuple[str, ...]:
    return tuple(p.point for p in verdict.points if not p.covered) if verdict else ()


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
                main.text,
                main.model_answer,
                _all_missed(main.verdict),
                fu.text if fu else None,
                fu.model_answer if fu else "",
                fu.verdict.suggested_rating if fu and fu.verdict else None,
                _all_missed(fu.verdict if fu else None),
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
    out = [f"# Mock interview report: {when}", ""]
    n = len(card.lines)
    out.append(
        f"{n} of {card.planned} questions answered{ENDED_NOTE[card.ended_by]} · "
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
                f"| {suggestion_text(ln.score, ln.suggested_rating)} | {time_text} | {_cell('; '.join(ln.core_missed)) or '–'} "
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
        out.append(f"Every answer was good. Next: `{program()} interview --difficulty hard`.")
    if card.lines:
        out += ["", "## Your answers beside the model answers", ""]
        for ln in card.lines:
            for side in ln.answers():
                out += _side_markdown(side)
    if weak:
        out += ["", "## Model answers", ""]
        for a in weak:
            label = "Follow-up" if a.kind == "follow-up" else f"Q{a.question.number}"
            out += [f"### {label}: {_cell(a.asked)}", "", a.model_answer.strip(), ""]
            missed = [p.point for p in (a.verdict.points if a.verdict else ()) if not p.covered]
            if missed:
                out += ["Missed: " + "; ".join(missed), ""]
    return safe_text("\n".join(out).rstrip() + "\n")  # no control character reaches the file


def suggestion_text(score: float | None, rating: int | None) -> str:
    """`0.60, suggested good` (or `not scored`)."""
    if score is None:
        return "not scored"
    return f"{score:.2f}" + (f", suggested {RATING_NAMES[rating]}" if rating else "")


def _quoted(text: str) -> list[str]:
    return [f"> {line}" if line.strip() else ">" for line in text.strip().splitlines()] or [">"]


def _side_markdown(side: AnswerSide) -> list[str]:
    said = "*(spoken)*" if side.said is None else None
    out = [f"### {side.label}: {_cell(side.asked)}", ""]
    out += [f"**Your answer** ({suggestion_text(side.score, side.suggested_rating)})", ""]
    out += [said, ""] if said else [*_quoted(side.said or "(nothing typed)"), ""]
    out += ["**Model answer**", "", *_quoted(side.model_answer), ""]
    if side.missed:
        out += ["Points missed: " + "; ".join(side.missed), ""]
    for claim, fix in side.misconceptions:
        out += [f"Misconception: *{claim}*. {fix}", ""]
    return out


class StudyCommand(Struct, frozen=True):
    """The study plan's `quiz start` command, shown whole (to copy and paste)."""

    command: str


def present(
    result: InterviewResult,
    render: Render,
    *,
    command_prefix: Sequence[str] = ("quiz",),
    save_report: Callable[[str], None] | None = None,
) -> ReportCard:
    """Show the report card and the study plan's command, and hand the Markdown report (with
    the weak answers' model answers) to `save_report` when given."""
    card = report_card(result, command_prefix=command_prefix)
    render(card)
    if card.study_command:
        render(StudyCommand(card.study_command))
    if save_report is not None:
        save_report(report_markdown(card, weak_answers(result)))
    return card
