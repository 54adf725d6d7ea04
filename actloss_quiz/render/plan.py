"""The interview plan (`quiz plan`, the `quiz stats` lines, the session summary's line) as Rich
output; the data comes from `actloss_quiz.deadline` and `actloss_quiz.planner`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.text import Text

from actloss_quiz import heatmap
from actloss_quiz.render.styles import difficulty_markup, escape, pct, styled
from actloss_quiz.vocab import program

if TYPE_CHECKING:
    from actloss_quiz.bank import Question
    from actloss_quiz.deadline import Pace, WeakNotes
    from actloss_quiz.planner import DayPlan, Plan
    from actloss_quiz.session import ReadinessMoved
    from actloss_quiz.settings import Settings

DAYS_SHOWN = 14  # one row a day; later days a row a week


def short_day(d: date) -> str:
    """`Dec 20` (the issue's wording)."""
    return f"{d:%b} {d.day}"


def long_day(d: date) -> str:
    """`Sun 2026-12-20`."""
    return f"{d:%a} {d.isoformat()}"


def readiness_moved(event: ReadinessMoved) -> str:
    """The session summary's line: `Readiness on Dec 20: 71% → 76%` (our markup)."""
    delta = event.after - event.before
    colour = "green" if delta > 0.0005 else "yellow" if delta < -0.0005 else "dim"
    return (
        f"Readiness on {short_day(event.interview)}: {pct(event.before)} → "
        f"[{colour}]{pct(event.after)}[/] with the plan, "
        f"{pct(event.stopped_before)} → {pct(event.stopped_after)} if you stop now"
    )


def no_plan_message(settings: Settings, today: date) -> str:
    day = settings.interview_date
    if day is None:
        return (
            f"No interview date set. Plan to one with: {program()} plan --date YYYY-MM-DD "
            f"[--per-day N | --minutes-per-day M] (now {settings.daily_budget} questions a day)."
        )
    if day > today:
        return f"Interview on {day.isoformat()}: no question in rotation to plan (all suspended?)."
    when = "is today" if day == today else "has passed"
    return (
        f"The interview date {day.isoformat()} {when}: {program()} start is back to plain spaced "
        f"repetition. Set a new date with {program()} plan --date, or forget it with {program()} plan --clear."
    )


def budget_line(settings: Settings, pace: Pace) -> str:
    return (
        f"Budget: {settings.daily_budget} questions a day, at most {settings.new_per_day} of "
        f"them new ({program()} config new-per-day). Minutes below at {pace.describe()}."
    )


def plan_view(
    plan: Plan,
    settings: Settings,
    pace: Pace,
    notes: WeakNotes,
    questions: Mapping[str, Question],
) -> list[RenderableType]:
    """Everything `quiz plan` shows: the date and budget, the budget warning, the readiness
    forecast (followed vs stopped today), each day's reviews and new questions, weak spots."""
    parts: list[RenderableType] = [
        styled(
            f"[bold]Interview on {long_day(plan.interview)}[/]: "
            f"{plan.days_left} day{'s' if plan.days_left != 1 else ''} left."
        ),
        Text(budget_line(settings, pace)),
    ]
    if not plan.budget_suffices:
        parts.append(_shortfall(plan, settings))
    parts.append(_readiness_table(plan))
    parts.append(_days_table(plan.days, pace))
    parts.extend(_weak(plan, notes, questions))
    return parts


def _shortfall(plan: Plan, settings: Settings) -> RenderableType:
    left, late = len(plan.new_left_out), len(plan.new_late)
    what = []
    if left:
        what.append(f"{left} of {plan.new_total} new questions are never introduced")
    if late:
        what.append(f"{late} come only in the last days, too late to be learned")
    fix = []
    if plan.needed_per_day is not None and plan.needed_per_day > settings.daily_budget:
        fix.append(f"{program()} plan --per-day {plan.needed_per_day}")
    if plan.needed_new_per_day is not None:
        fix.append(f"{program()} config new-per-day {plan.needed_new_per_day}")
    advice = (
        f" A budget that suffices: {' and '.join(fix)}."
        if fix
        else " No budget suffices: the date is too close."
    )
    return styled(
        f"[bold red]Warning:[/] the budget cannot introduce every question in time: "
        f"{' and '.join(what)}.{advice}"
    )


def _readiness_table(plan: Plan) -> RenderableType:
    from rich.table import Table

    on = short_day(plan.interview)
    table = Table(
        title=f"Readiness on {on}: expected share of the bank recalled", title_justify="left"
    )
    table.add_column("")
    table.add_column("if you follow the plan", justify="right")
    table.add_column("if you stop today", justify="right")
    f, s = plan.if_followed, plan.if_stopped
    table.add_row(styled("[bold]overall[/]"), pct(f.overall), pct(s.overall))
    for topic, value in f.by_topic.items():
        table.add_row(escape(topic), pct(value), pct(s.by_topic.get(topic)))
    for level, value in f.by_difficulty.items():
        table.add_row(styled(difficulty_markup(level)), pct(value), pct(s.by_difficulty.get(level)))
    return table


def day_rows(days: Sequence[DayPlan], today: date) -> list[tuple[str, int, int, float]]:
    """(label, reviews, new, expected ratings): a row a day for DAYS_SHOWN days, then a week a
    row (`Dec 19-25`)."""
    rows: list[tuple[str, int, int, float]] = []
    for d in days[:DAYS_SHOWN]:
        label = f"{d.day:%a} {short_day(d.day)}" + (" (today)" if d.day == today else "")
        rows.append((label, len(d.reviews), len(d.new), d.expected_ratings))
    rest = list(days[DAYS_SHOWN:])
    for i in range(0, len(rest), 7):
        week = rest[i : i + 7]
        first, last = week[0].day, week[-1].day
        end = str(last.day) if last.month == first.month else short_day(last)
        label = short_day(first) if first == last else f"{short_day(first)}-{end}"
        rows.append(
            (
                label,
                sum(len(d.reviews) for d in week),
                sum(len(d.new) for d in week),
                sum(d.expected_ratings for d in week),
            )
        )
    return rows


def _days_table(days: Sequence[DayPlan], pace: Pace) -> RenderableType:
    from rich.table import Table

    table = Table(title="The plan, day by day", title_justify="left")
    table.add_column("day")
    table.add_column("reviews", justify="right")
    table.add_column("new", justify="right")
    table.add_column("≈ min", justify="right")
    today = days[0].day if days else date.min
    for label, reviews, new, ratings in day_rows(days, today):
        table.add_row(label, str(reviews), str(new), f"{pace.minutes_for(ratings):.0f}")
    if days:
        last = days[-1].day + timedelta(days=1)
        table.caption = f"{short_day(last)}: the interview."
    return table


def _label(qid: str, questions: Mapping[str, Question]) -> str:
    q = questions.get(qid)
    return escape(qid) if q is None else f"Q{q.number} {escape(qid)}"


def _weak(plan: Plan, notes: WeakNotes, questions: Mapping[str, Question]) -> list[RenderableType]:
    lines: list[RenderableType] = []
    on = short_day(plan.interview)
    if plan.weak_spots:
        from rich.table import Table

        table = Table(title=f"Weak spots: lowest predicted recall on {on}", title_justify="left")
        table.add_column("question")
        table.add_column("topic")
        table.add_column("level")
        table.add_column("recall", justify="right")
        for w in plan.weak_spots:
            note = " *" if w.left_out else ""
            table.add_row(
                styled(_label(w.question_id, questions) + note),
                escape(w.topic),
                styled(difficulty_markup(w.difficulty)),
                pct(w.recall),
            )
        if any(w.left_out for w in plan.weak_spots):
            table.caption = "* not introduced in time: the budget is too small"
        lines.append(table)
    else:
        lines.append(Text(f"Weak spots: none forecast below the desired retention on {on}."))
    if notes.leeches:
        named = ", ".join(
            f"{_label(n.question_id, questions)} ({n.lapses} lapses)" for n in notes.leeches
        )
        lines.append(styled(f"[bold]Leeches:[/] {named}"))
    if notes.low_scores:
        named = ", ".join(
            f"{_label(n.question_id, questions)} ({n.mean_score:.2f} over {n.scored})"
            for n in notes.low_scores
            if n.mean_score is not None
        )
        lines.append(styled(f"[bold]Low answer scores:[/] {named}"))
    return lines


def stats_lines(
    data: dict[str, Any] | None, *, plain: bool, width: int = 80
) -> RenderableType | None:
    """`quiz stats`'s interview lines: days left, readiness on the date and its trend (the
    latest days that fit `width` columns)."""
    if data is None:
        return None
    day = date.fromisoformat(data["date"])
    if not data["active"]:
        when = "is today" if data["days_left"] == 0 else "has passed"
        return Text(
            f"Interview {data['date']} {when}: plain spaced repetition ({program()} plan --clear)."
        )
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    left = data["days_left"]
    table.add_row("Interview", f"{long_day(day)}, {left} day{'s' if left != 1 else ''} left")
    ready = data["readiness"]["overall"]
    stopped = data["if_stopped"]["overall"]
    table.add_row(
        f"Readiness on {short_day(day)}",
        f"{pct(ready)} if you follow the plan ({pct(stopped)} if you stop today)",
    )
    trend = [r["readiness"] for r in data["trend"]]
    if trend:
        # One character a day, the latest days that fit beside the labels and the numbers.
        label_width = max(len("Forecast trend"), len(f"Readiness on {short_day(day)}")) + 2
        room = width - label_width
        if len(trend) + len(f" {pct(1.0)} → {pct(1.0)} over {len(trend)} days") > room:
            trend = heatmap.latest_that_fit(
                trend, room - len(f" {pct(1.0)} → {pct(1.0)}, last 999 days")
            )
            over = ", last"
        else:
            over = " over"
        spark = Text(heatmap.sparkline(trend, plain=plain), style="" if plain else "cyan")
        spark.append(
            f" {pct(trend[0])} → {pct(trend[-1])}{over} {len(trend)} "
            f"day{'s' if len(trend) != 1 else ''}"
        )
        table.add_row("Forecast trend", spark)
    if not data["budget_suffices"]:
        table.add_row(
            "Budget",
            styled(
                f"[red]too small[/] for every question in time: {program()} plan --per-day "
                f"{data['needed_per_day']}"
                if data["needed_per_day"]
                else "[red]too small[/] for every question in time"
            ),
        )
    return Group(table)


def start_note(
    *,
    interview: date | None,
    today: date,
    day_plan: DayPlan | None,
    shown: int,
    filters: str,
    limit: int | None,
    cram: bool,
    question: bool,
    settings: Settings,
) -> str | None:
    """What `quiz start` says about the interview plan before the first question: that it
    follows the plan (and what the filters or --limit keep of today's queue), that --cram or
    --question are outside it, or that the date has passed. None with no date set."""
    day = settings.interview_date
    if day is None:
        return None
    if interview is None:
        when = "is today" if day == today else "has passed"
        return (
            f"The interview date {day.isoformat()} {when}: plain spaced repetition again "
            f"({program()} plan --clear forgets the date)."
        )
    on = short_day(interview)
    if cram:
        return (
            f"--cram is outside the interview plan for {on}: practice only, the schedule and "
            "the plan are unchanged."
        )
    if question:
        return (
            f"--question is outside the interview plan for {on}: these ratings schedule as "
            "usual, and the plan adapts to them."
        )
    if day_plan is None:
        return None
    planned = len(day_plan.queue)
    left = (interview - today).days
    head = f"Following the interview plan for {on} ({left} day{'s' if left != 1 else ''} left)"
    if filters:
        return (
            f"{head}, filtered by {filters}: {shown} of today's {planned} planned "
            f"questions ({program()} plan shows them all)."
        )
    body = (
        f"{head}: {len(day_plan.reviews)} review{'s' if len(day_plan.reviews) != 1 else ''} "
        f"and {len(day_plan.new)} new today"
    )
    if limit is not None and shown < planned:
        return f"{body}; --limit {limit}: {planned - shown} stay for a later session today."
    return f"{body} ({program()} plan shows every day)."


def plan_done_message(interview: date, *, planned: int, filters: str) -> str:
    """`quiz start` with nothing left of today's plan (or nothing matching the filters)."""
    on = short_day(interview)
    if filters and planned:
        return (
            f"None of today's {planned} planned questions for {on} match {filters}; "
            f"{program()} start without the filters follows the plan."
        )
    return (
        f"Today's interview plan for {on} is done. Come back tomorrow ({program()} plan shows the "
        f"days ahead; {program()} start --cram practises outside the plan)."
    )
