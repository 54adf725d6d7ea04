"""Spaced-repetition commands: `quiz start`, `quiz config`, `quiz stats`, `quiz reset`.

Kept light at import time (cli.py imports it for registration): the store, fsrs, scoring and Rich
are imported inside the commands.
"""

import json
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actloss_quiz.commands._common import check_filters, state_of
from actloss_quiz.commands.browse import DifficultyOpt, JsonOpt, TagOpt, TopicOpt
from actloss_quiz.console import err, out
from actloss_quiz.errors import QuizError, QuizUsageError

if TYPE_CHECKING:
    import sqlite3

    from actloss_quiz.bank import Bank, Question

FORECAST_DAYS = 14
LEECH_LAPSES = 4
LEECHES_SHOWN = 20  # in the terminal; --json lists them all


def read_line(text: str) -> str:
    """Show `text` and read one line from stdin (EOFError at end of input).

    When stdin is not a terminal (a pipe, a test) the line is echoed, so the transcript reads
    like a session.
    """
    interactive = sys.stdin.isatty()
    if interactive:
        try:
            import readline  # noqa: F401 - line editing for input()
        except ImportError:  # pragma: no cover - not on every platform
            pass
    line = input(text)
    if not interactive:
        print(line, flush=True)
    return line


def _render(obj: Any) -> None:
    out.print(obj)


def start(
    ctx: typer.Context,
    topic: TopicOpt = None,
    difficulty: DifficultyOpt = None,
    tag: TagOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            help="At most this many questions (default 10; no cap with --cram).",
            show_default=False,
        ),
    ] = None,
    new: Annotated[int, typer.Option("--new", help="At most this many new questions.")] = 5,
    seed: Annotated[
        int | None, typer.Option("--seed", help="Shuffle new questions reproducibly.")
    ] = None,
    cram: Annotated[
        bool,
        typer.Option("--cram", help="Practise every matching question; schedule unchanged."),
    ] = False,
    question: Annotated[
        list[str] | None,
        typer.Option(
            "--question",
            "-q",
            help="Only these questions (ids or numbers; a comma list or repeated).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Answer the questions that are due, then new ones; each rating schedules the next review.

    Type an answer (or press Enter to reveal), then rate 1-4. `:u` undoes the last rating, `:q` ends the session. Answers can be piped in, one per line.

    Example: quiz start --topic loss --limit 5
    """
    if limit is not None and limit < 1:
        raise QuizUsageError(f"--limit: {limit} is not allowed; give 1 or more")
    if new < 0:
        raise QuizUsageError(f"--new: {new} is not allowed; give 0 or more")
    state = state_of(ctx)
    bank = state.bank()
    topic, levels, tags = check_filters(bank, topic=topic, difficulty=difficulty, tag=tag)
    questions = bank.select(topic=topic, difficulties=levels, tags=tags)
    if question:
        questions = only_questions(bank, questions, question, topic=topic)

    from actloss_quiz import clock, session, store
    from actloss_quiz.commands.browse import demo_renderable

    try:
        conn = store.connect(state.db_path())
        try:
            settings = session.load_settings(conn)
            now = clock.now()
            plan = session.plan_session(
                conn,
                questions,
                now,
                limit=limit,
                new=new,
                seed=seed,
                cram=cram,
                new_per_day=settings.new_per_day,
            )
            if not plan.questions:
                out.print(session.nothing_to_do_message(plan, now, settings))
                return
            runner = session.Session(
                conn,
                bank,
                prompt=read_line,
                render=_render,
                demo=demo_renderable,
                cram=cram,
                settings=settings,
                filters={
                    "topic": topic,
                    "difficulty": ",".join(levels) or None,
                    "tag": ",".join(tags) or None,
                },
            )
            result = runner.run(plan)
        finally:
            conn.close()
    except KeyboardInterrupt:
        err.print("Interrupted.")
        raise typer.Exit(session.EXIT_INTERRUPTED) from None
    if result.exit_code:
        raise typer.Exit(result.exit_code)


def only_questions(
    bank: "Bank", questions: "list[Question]", refs: list[str], *, topic: str | None
) -> "list[Question]":
    """The questions named by `--question` (ids or numbers), within the other filters."""
    from actloss_quiz.commands._common import split_values
    from actloss_quiz.commands.browse import find_question

    wanted = {find_question(bank, ref, topic).id for ref in split_values(refs)}
    return [q for q in questions if q.id in wanted]


def config(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Argument(help="retention or new-per-day.", show_default=False)
    ] = None,
    value: Annotated[str | None, typer.Argument(help="The new value.", show_default=False)] = None,
) -> None:
    """Show the settings, or change one (stored in the progress database).

    Example: quiz config retention 0.85
    """
    from actloss_quiz import session, store

    if key is not None and key not in session.SETTINGS:
        raise QuizUsageError(f"unknown setting '{key}'; settings: {', '.join(session.SETTINGS)}")
    parsed = session.SETTINGS[key].parse(value) if key is not None and value is not None else None
    conn = store.connect(state_of(ctx).db_path())
    try:
        if key is not None and parsed is not None:
            store.set_setting(conn, key, str(parsed))
            out.print(f"{key} = {parsed}")
            return
        current = session.load_settings(conn)
    finally:
        conn.close()
    values = {"retention": current.retention, "new-per-day": current.new_per_day}
    from rich.table import Table

    table = Table(title="Settings")
    table.add_column("setting", style="cyan")
    table.add_column("value", justify="right")
    table.add_column("valid")
    table.add_column("meaning")
    for name, spec in session.SETTINGS.items():
        if key is not None and name != key:
            continue
        valid = f"{spec._fmt(spec.low)}-{spec._fmt(spec.high)}"
        table.add_row(name, str(values[name]), valid, spec.help)
    out.print(table)


# --- progress per question (also used by `quiz list --progress/--due`) ---------------------


def progress_of(db_path: Path, questions: "Sequence[Question]") -> dict[str, dict[str, Any]]:
    """{question id: state, due, retrievability, reviews, lapses, due_now} in one query."""
    from actloss_quiz import clock, scheduler, store

    now = clock.now()
    now_text = store.iso(now)
    conn = store.connect(db_path)
    try:
        seen = {a.question_id: a for a in store.iter_question_aggregates(conn)}
    finally:
        conn.close()
    rows: dict[str, dict[str, Any]] = {}
    for q in questions:
        a = seen.get(q.id)
        if a is None or a.state is None or a.due is None:  # no card (cards.due is NOT NULL)
            rows[q.id] = {
                "state": "new",
                "due": None,
                "retrievability": None,
                "reviews": a.reviews if a else 0,
                "lapses": 0,
                "due_now": False,
            }
            continue
        r = scheduler.retrievability(a.stability, a.card_last_review, now)
        rows[q.id] = {
            "state": a.state,
            "due": a.due,
            "retrievability": None if r is None else round(r, 4),
            "reviews": a.reviews,
            "lapses": a.lapses,
            "due_now": a.due <= now_text,
        }
    return rows


PROGRESS_HEADERS = ["state", "due", "recall", "reviews", "lapses"]


def progress_cells(row: dict[str, Any]) -> list[str]:
    """The progress columns of `quiz list --progress` as table cells (due relative to now).

    Relative times ("in 9 days", "2 h ago") keep the table inside 80 columns; `--json` has the
    exact ISO times.
    """
    from actloss_quiz import clock, store

    due = "-"
    if row["due"]:
        delta = store.parse_iso(row["due"]) - clock.now()
        due = (
            f"in {clock.humanize(delta)}"
            if delta.total_seconds() > 0
            else f"{clock.humanize(-delta)} ago"
        )
    r = row["retrievability"]
    return [
        row["state"],
        due,
        "-" if r is None else f"{r:.2f}",
        str(row["reviews"]),
        str(row["lapses"]),
    ]


# --- stats ----------------------------------------------------------------------------------


def _streak(days: list[str], today: str, yesterday: str) -> int:
    """Consecutive days with reviews ending today (or yesterday, if today has none yet)."""
    if not days or days[0] not in (today, yesterday):
        return 0
    streak = 1
    for prev, cur in zip(days, days[1:], strict=False):
        if (datetime.fromisoformat(prev) - datetime.fromisoformat(cur)).days == 1:
            streak += 1
        else:
            break
    return streak


def compute_stats(
    conn: "sqlite3.Connection", questions: "Sequence[Question]", *, topic: str | None
) -> dict[str, Any]:
    """Every number `quiz stats` shows, as plain JSON-ready data (SQL aggregates, one pass)."""
    from actloss_quiz import clock, scheduler, store

    now = clock.now()
    now_text = store.iso(now)
    day0 = clock.local_day_start(now)
    today = now.astimezone().date()
    in_bank = {q.id: q for q in questions}

    total = store.count_reviews(conn, topic=topic)
    reviews_today = store.count_reviews(conn, topic=topic, since=day0)
    days = store.review_days(conn, topic=topic)
    streak = _streak(days, today.isoformat(), (today - timedelta(days=1)).isoformat())
    retention = store.true_retention(conn, topic=topic)

    groups: dict[str, dict[str, dict[str, Any]]] = {"topic": {}, "difficulty": {}}
    for question in questions:
        for kind, key in (("topic", question.topic), ("difficulty", question.difficulty)):
            g = groups[kind].setdefault(key, _empty_group(key, kind))
            g["questions"] += 1
    rets: list[float] = []
    leeches: list[dict[str, Any]] = []
    for a in store.iter_question_aggregates(conn, topic=topic):
        q = in_bank.get(a.question_id)
        if topic is not None and q is None and a.topic != topic:
            continue
        t = q.topic if q else (a.topic or "?")
        d = q.difficulty if q else (a.question_difficulty or "?")
        r = scheduler.retrievability(a.stability, a.card_last_review, now) if a.state else None
        if r is not None:
            rets.append(r)
        for kind, key in (("topic", t), ("difficulty", d)):
            g = groups[kind].get(key) or groups[kind].setdefault(key, _empty_group(key, kind))
            g["reviews"] += a.reviews
            g["_correct"] += (a.correct_rate or 0) * a.reviews
            if a.state:
                g["seen"] += 1
                if q is not None and a.due and a.due <= now_text:
                    g["due_now"] += 1
            if r is not None:
                g["_ret"].append(r)
        if a.lapses >= LEECH_LAPSES:
            leeches.append(
                {
                    "question_id": a.question_id,
                    "number": q.number if q else a.number,
                    "topic": t,
                    "lapses": a.lapses,
                    "reviews": a.reviews,
                    "in_bank": q is not None,
                }
            )
    leeches.sort(key=lambda x: (-x["lapses"], x["question_id"]))

    forecast_until = day0 + timedelta(days=FORECAST_DAYS)
    per_day = dict(store.due_forecast(conn, until=forecast_until, ids=list(in_bank)))
    forecast = []
    for i in range(FORECAST_DAYS):
        date = (today + timedelta(days=i)).isoformat()
        n = per_day.get(date, 0)
        if i == 0:  # overdue cards are due today
            n += sum(v for k, v in per_day.items() if k < date)
        forecast.append({"date": date, "due": n})

    drills = store.drill_accuracy_by(conn, "template", topic=topic)
    answers = sum(n for n, _ in drills.values())
    correct = sum(c for _, c in drills.values())
    by_family: list[dict[str, Any]] = []
    if answers:  # drills.py imports numpy: only when there are answers to group
        from actloss_quiz.drills import accuracy_by_family

        by_family = accuracy_by_family(conn, topic=topic)
    from actloss_quiz.interview import interview_stats

    return {
        "total_reviews": total,
        "reviews_today": reviews_today,
        "streak_days": streak,
        "true_retention": None if retention is None else round(retention, 4),
        "estimated_knowledge": round(sum(rets) / len(rets), 4) if rets else None,
        "by_topic": [_finish_group(g) for g in groups["topic"].values()],
        "by_difficulty": [
            _finish_group(groups["difficulty"][k])
            for k in sorted(groups["difficulty"], key=_difficulty_order)
        ],
        "leeches": leeches,
        "forecast": forecast,
        "drills": {
            "answers": answers,
            "correct": correct,
            "accuracy": round(correct / answers, 4) if answers else None,
            "by_template": [
                {"template": k, "answers": n, "correct": c, "accuracy": round(c / n, 4)}
                for k, (n, c) in drills.items()
            ],
            "by_family": by_family,
        },
        "interviews": interview_stats(conn, topic=topic),
    }


def _difficulty_order(level: str) -> tuple[int, str]:
    order = {"easy": 0, "medium": 1, "hard": 2}
    return (order.get(level, 3), level)


def _empty_group(key: str, kind: str) -> dict[str, Any]:
    return {
        kind: key,
        "questions": 0,
        "seen": 0,
        "due_now": 0,
        "reviews": 0,
        "_correct": 0.0,
        "_ret": [],
    }


def _finish_group(g: dict[str, Any]) -> dict[str, Any]:
    rets = g.pop("_ret")
    correct = g.pop("_correct")
    g["correct_rate"] = round(correct / g["reviews"], 4) if g["reviews"] else None
    g["mean_retrievability"] = round(sum(rets) / len(rets), 4) if rets else None
    return g


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def stats(
    ctx: typer.Context,
    topic: TopicOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Show reviews, streak, true retention, knowledge per topic, leeches and a 14-day forecast.

    Example: quiz stats --topic loss
    """
    from actloss_quiz import store

    state = state_of(ctx)
    bank = state.bank()
    known_topic = topic
    if topic is not None and topic not in bank.topics:
        conn = store.connect(state.db_path())
        try:  # a topic whose questions were all removed from the bank still has history
            has_history = store.count_reviews(conn, topic=topic) > 0
        finally:
            conn.close()
        if not has_history:
            check_filters(bank, topic=topic)
    questions = [q for q in bank.questions if known_topic is None or q.topic == known_topic]
    conn = store.connect(state.db_path())
    try:
        data = compute_stats(conn, questions, topic=topic)
    finally:
        conn.close()
    if json_out:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _render_stats(data)


def _render_stats(data: dict[str, Any]) -> None:
    from rich.table import Table

    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    head.add_row("Total reviews", str(data["total_reviews"]))
    head.add_row("Reviews today", str(data["reviews_today"]))
    head.add_row("Streak", f"{data['streak_days']} day{'s' if data['streak_days'] != 1 else ''}")
    head.add_row("True retention", _pct(data["true_retention"]))
    head.add_row("Estimated knowledge", _pct(data["estimated_knowledge"]))
    if data["drills"]["answers"]:
        d = data["drills"]
        head.add_row("Drill accuracy", f"{_pct(d['accuracy'])} of {d['answers']} answers")
    out.print(head)

    for kind, rows in (("topic", data["by_topic"]), ("difficulty", data["by_difficulty"])):
        table = Table(title=f"By {kind}", title_justify="left")
        table.add_column(kind)
        for col in ("questions", "seen", "due now", "reviews", "correct", "knowledge"):
            table.add_column(col, justify="right")
        for r in rows:
            table.add_row(
                r[kind],
                str(r["questions"]),
                str(r["seen"]),
                str(r["due_now"]),
                str(r["reviews"]),
                _pct(r["correct_rate"]),
                _pct(r["mean_retrievability"]),
            )
        out.print(table)

    if data["leeches"]:
        table = Table(title="Leeches (forgotten 4+ times)", title_justify="left")
        for col in ("question", "#", "topic", "lapses", "reviews"):
            table.add_column(col, justify="right" if col in ("#", "lapses", "reviews") else "left")
        for lee in data["leeches"][:LEECHES_SHOWN]:
            name = lee["question_id"] + ("" if lee["in_bank"] else " (removed)")
            table.add_row(
                name,
                str(lee["number"] or ""),
                lee["topic"],
                str(lee["lapses"]),
                str(lee["reviews"]),
            )
        out.print(table)
        more = len(data["leeches"]) - LEECHES_SHOWN
        if more > 0:
            out.print(f"... and {more} more leeches (all of them: quiz stats --json)")
    else:
        out.print("Leeches: none")

    out.print(_forecast_chart(data["forecast"]))
    if data["interviews"]["count"]:
        from actloss_quiz.render.interview import interview_stats_view

        out.print(interview_stats_view(data["interviews"]))

    for key, label in (("by_family", "family"), ("by_template", "template")):
        if not data["drills"][key]:
            continue
        table = Table(title=f"Drills by {label}", title_justify="left")
        table.add_column(label)
        for col in ("answers", "correct", "accuracy"):
            table.add_column(col, justify="right")
        for r in data["drills"][key]:
            table.add_row(r[label], str(r["answers"]), str(r["correct"]), _pct(r["accuracy"]))
        out.print(table)


def _forecast_chart(forecast: list[dict[str, Any]], width: int = 40) -> Any:
    """Due questions per day as horizontal Rich bars (no plotting library needed)."""
    from rich.table import Table
    from rich.text import Text

    peak = max((f["due"] for f in forecast), default=0)
    table = Table(
        title=f"Due in the next {len(forecast)} days",
        title_justify="left",
        show_header=False,
        box=None,
        padding=(0, 1),
    )
    table.add_column(style="dim")
    table.add_column(justify="right")
    table.add_column()
    for i, f in enumerate(forecast):
        day = datetime.fromisoformat(f["date"])
        label = "today" if i == 0 else day.strftime("%a %m-%d")
        n = f["due"]
        bar = "█" * (round(width * n / peak) if peak else 0)
        if n and not bar:
            bar = "▏"
        table.add_row(label, str(n), Text(bar, style="cyan"))
    return table


# --- reset ----------------------------------------------------------------------------------


def reset(
    ctx: typer.Context,
    question: Annotated[
        str | None,
        typer.Option(
            "--question", "-q", help="Only this question (id or number).", show_default=False
        ),
    ] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Forget the schedule and review history of every question, or of one question.

    Drill results and settings are kept.

    Example: quiz reset --question relu-definition --yes
    """
    from actloss_quiz import store

    state = state_of(ctx)
    conn = store.connect(state.db_path())
    try:
        qid: str | None = None
        if question is not None:
            qid = _resolve_for_reset(state, conn, question)
        n_reviews = store.count_reviews(conn, question_id=qid)
        what = f"question '{qid}'" if qid else "all questions"
        if not yes:
            prompt = (
                f"Reset the schedule and history of {what} ({n_reviews} review"
                f"{'s' if n_reviews != 1 else ''})? [y/N] "
            )
            try:
                answer = read_line(prompt)
            except EOFError:
                answer = ""
            if answer.strip().lower() not in ("y", "yes"):
                raise QuizError("reset cancelled; nothing was changed")
        cards, reviews = store.reset(conn, qid)
    finally:
        conn.close()
    out.print(f"Reset {what}: {reviews} review{'s' if reviews != 1 else ''} removed.")


def _resolve_for_reset(state: Any, conn: "sqlite3.Connection", ref: str) -> str:
    """An id or number from the bank, or the id of a removed question that has history."""
    from actloss_quiz import store
    from actloss_quiz.commands.browse import find_question

    try:
        return find_question(state.bank(), ref).id
    except QuizUsageError:
        if store.count_reviews(conn, question_id=ref):
            return ref
        raise
