"""Interview day through the CLI (issue 22): `quiz plan` (date, budget, --json, --clear, the
refusals), the config keys, `quiz start` following the day's plan and going back to plain FSRS
after the date, the filters and --cram/--question beside the plan, `stats` with its `plan` key and
trend, and the session summary's readiness line; with the core pieces under them (settings,
deadline, the forecasts table, the mock interview's weights)."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from actloss_quiz import deadline, store
from actloss_quiz.bank import load_bank
from actloss_quiz.cli import app
from actloss_quiz.errors import QuizUsageError
from actloss_quiz.interview.plan import plan_interview
from actloss_quiz.settings import SETTINGS, Settings, check_interview_date, load_settings
from tests.helpers import T0, FakeClock, rate

TODAY = T0.date()  # Tue 2026-11-24 (UTC days here)
DATE = TODAY + timedelta(days=10)  # Fri 2026-12-04


@pytest.fixture(autouse=True)
def _utc_days(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def at(fake_clock: FakeClock) -> FakeClock:
    fake_clock.step = timedelta(0)
    fake_clock.set(T0)
    return fake_clock


def invoke(runner: CliRunner, *args: str, input: str | None = None, code: int = 0) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == code, result.output
    return result.output


def plan_json(runner: CliRunner) -> dict:  # type: ignore[type-arg]
    return json.loads(invoke(runner, "plan", "--json"))  # type: ignore[no-any-return]


def asked_ids(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[0] for r in conn.execute("SELECT question_id FROM reviews ORDER BY id")]
    finally:
        conn.close()


# --- quiz plan ------------------------------------------------------------------------------


def test_plan_without_a_date(runner: CliRunner, at: FakeClock) -> None:
    out = invoke(runner, "plan")
    assert "No interview date set" in out and "quiz plan --date YYYY-MM-DD" in out
    data = plan_json(runner)
    assert data["date"] is None and data["active"] is False
    assert data["reason"] == "no interview date set"
    assert data["budget"]["per_day"] == 20  # the default daily budget


def test_plan_sets_the_date_and_budget_and_prints_the_plan(
    runner: CliRunner, at: FakeClock
) -> None:
    out = invoke(runner, "plan", "--date", DATE.isoformat(), "--per-day", "8")
    assert "Interview date set: 2026-12-04." in out
    assert "Daily budget set: 8 questions a day." in out
    assert "Interview on Fri 2026-12-04: 10 days left." in out
    assert "Readiness on Dec 4" in out and "if you follow the plan" in out
    assert "if you stop today" in out and "activation" in out and "hard" in out
    assert "Tue Nov 24 (today)" in out and "Thu Dec 3" in out
    assert "45 s a rating assumed" in out  # no timed ratings yet: the default, said so
    config = invoke(runner, "config")
    assert "2026-12-04" in config
    assert invoke(runner, "config", "daily-budget").count("8") >= 1

    data = plan_json(runner)
    assert data["active"] is True and data["date"] == "2026-12-04" and data["days_left"] == 10
    assert len(data["days"]) == 10 and data["days"][0]["day"] == "2026-11-24"
    assert sum(len(d["new"]) for d in data["days"]) == 30  # every question introduced
    assert all(len(d["reviews"]) + len(d["new"]) <= 8 for d in data["days"])
    assert data["budget_suffices"] is True and data["needed_per_day"] is None
    assert data["if_stopped"]["overall"] == 0 < data["if_followed"]["overall"] <= 1  # all new
    assert set(data["if_followed"]["by_topic"]) == {"activation", "loss"}
    assert list(data["if_followed"]["by_difficulty"]) == ["easy", "medium", "hard"]
    assert data["budget"] == {
        "per_day": 8,
        "new_per_day": 10,
        "seconds_per_rating": 45.0,
        "timed_ratings": 0,
        "measured": False,
    }
    assert all(d["minutes"] >= 0 for d in data["days"])
    assert data["leeches"] == [] and data["low_scores"] == []


def test_plan_reads_and_writes_the_db_option_not_the_environments(
    runner: CliRunner, at: FakeClock, tmp_path: Path
) -> None:
    """`--db` chooses the database of `quiz plan` as of every command (ACTLOSS_QUIZ_DB is set to
    `db_path` by the suite's fixture, so a plan that dropped `--db` would write there)."""
    other = tmp_path / "other.sqlite3"
    out = invoke(runner, "--db", str(other), "plan", "--date", DATE.isoformat(), "--per-day", "7")
    assert "Interview date set: 2026-12-04." in out
    conn = store.connect(other)
    try:
        settings = load_settings(conn)
    finally:
        conn.close()
    assert settings.interview_date == DATE and settings.daily_budget == 7
    data = json.loads(invoke(runner, "--db", str(other), "plan", "--json"))
    assert data["date"] == "2026-12-04" and data["budget"]["per_day"] == 7
    assert plan_json(runner)["date"] is None  # the environment's database was not touched


def test_a_budget_too_small_is_said_with_the_budget_that_suffices(
    runner: CliRunner, at: FakeClock
) -> None:
    out = invoke(
        runner, "plan", "--date", (TODAY + timedelta(days=5)).isoformat(), "--per-day", "2"
    )
    assert "Warning: the budget cannot introduce every question in time" in out
    data = plan_json(runner)
    assert data["budget_suffices"] is False and data["new_left_out"]
    needed = data["needed_per_day"]
    assert needed is not None and needed > 2
    assert f"quiz plan --per-day {needed}" in " ".join(out.split())
    assert any(w["left_out"] for w in data["weak_spots"])
    invoke(runner, "plan", "--per-day", str(needed))
    assert plan_json(runner)["budget_suffices"] is True  # the budget it named does suffice


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--date", "2026-11-24"], ["--date", "2026-11-25", "2027-05-23"]),  # today
        (["--date", "2026-11-01"], ["--date", "out of range"]),  # past
        (["--date", "2027-05-24"], ["--date", "2027-05-23", "180 days"]),  # 181 days away
        (["--date", "2026-13-01"], ["--date", "not a date"]),
        (["--date", "tomorrow"], ["--date", "not a date"]),
        (["--per-day", "0"], ["--per-day", "from 1 to 1,000"]),
        (["--minutes-per-day", "nan"], ["--minutes-per-day"]),
        (["--per-day", "5", "--minutes-per-day", "10"], ["not both"]),
        (["--clear", "--date", "2026-12-01"], ["not both"]),
    ],
)
def test_plan_refusals(runner: CliRunner, at: FakeClock, args: list[str], words: list[str]) -> None:
    result = runner.invoke(app, ["plan", *args])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    assert all(w in text for w in words), text
    assert load_settings_of(runner).interview_date is None  # nothing stored


def load_settings_of(runner: CliRunner) -> Settings:
    data = json.loads(invoke(runner, "plan", "--json"))
    return Settings(interview_date=date.fromisoformat(data["date"]) if data["date"] else None)


def test_config_keys_and_clear(runner: CliRunner, at: FakeClock) -> None:
    assert "interview-date = 2026-12-04" in invoke(runner, "config", "interview-date", "2026-12-04")
    assert "daily-budget = 12" in invoke(runner, "config", "daily-budget", "12")
    bad = runner.invoke(app, ["config", "interview-date", "2026-11-20"])
    assert bad.exit_code == 2 and "interview-date: 2026-11-20 is out of range" in bad.output
    assert runner.invoke(app, ["config", "daily-budget", "0"]).exit_code == 2
    data = plan_json(runner)
    assert data["date"] == "2026-12-04" and data["budget"]["per_day"] == 12
    out = invoke(runner, "plan", "--clear")
    assert "Interview date cleared" in out
    assert plan_json(runner)["date"] is None
    invoke(runner, "config", "interview-date", "2026-12-04")
    assert "interview-date = off" in invoke(runner, "config", "interview-date", "off")
    assert plan_json(runner)["date"] is None


def test_minutes_per_day_use_the_median_answer_time(
    runner: CliRunner, at: FakeClock, conn: sqlite3.Connection
) -> None:
    out = invoke(runner, "plan", "--date", DATE.isoformat(), "--minutes-per-day", "9")
    assert "9 minutes a day ≈ 12 questions (45 s a rating assumed" in " ".join(out.split())
    for i, secs in enumerate([20.0, 30.0, 30.0, 40.0, 90.0]):
        q = (f"x{i}", 100 + i, "loss", "easy")
        rate(conn, q, 3, T0 - timedelta(days=1), session_id=None, seconds=secs)
    out = invoke(runner, "plan", "--minutes-per-day", "10")
    assert "10 minutes a day ≈ 20 questions (median 30 s a rating over your last 5 timed" in (
        " ".join(out.split())
    )
    assert plan_json(runner)["budget"]["per_day"] == 20


# --- quiz start under the plan --------------------------------------------------------------


def test_start_follows_the_plan_then_plain_fsrs_after_the_date(
    runner: CliRunner, at: FakeClock, db_path: Path
) -> None:
    invoke(runner, "plan", "--date", DATE.isoformat(), "--per-day", "6")
    today = plan_json(runner)["days"][0]
    assert today["reviews"] == [] and len(today["new"]) == 6
    out = invoke(runner, "start", input="\n4\n" * 6)
    text = " ".join(out.split())
    assert (
        "Following the interview plan for Dec 4 (10 days left): 0 reviews and 6 new today" in text
    )
    assert asked_ids(db_path) == today["new"]  # the plan's queue, in its order
    assert "Readiness on Dec 4:" in text and "% with the plan, 0% →" in text  # the summary line
    # The day's budget is spent: another session has nothing left of the plan.
    again = invoke(runner, "start")
    assert "Today's interview plan for Dec 4 is done" in " ".join(again.split())

    at.set(T0 + timedelta(days=1))
    tomorrow = plan_json(runner)["days"][0]
    assert tomorrow["day"] == "2026-11-25"
    asked = len(asked_ids(db_path))
    invoke(runner, "start", input="\n3\n" * 20)
    assert asked_ids(db_path)[asked : asked + len(tomorrow["reviews"]) + len(tomorrow["new"])] == (
        tomorrow["reviews"] + tomorrow["new"]
    )

    at.set(T0 + timedelta(days=10, hours=1))  # the interview day: plain FSRS by itself
    assert plan_json(runner)["active"] is False
    out = " ".join(invoke(runner, "start", "--limit", "3", input="\n4\n" * 3).split())
    assert "The interview date 2026-12-04 is today: plain spaced repetition again" in out
    assert "Following the interview plan" not in out and "Readiness on" not in out
    at.set(T0 + timedelta(days=12))
    out = " ".join(invoke(runner, "start", "--limit", "1", input="\n4\n").split())
    assert "2026-12-04 has passed" in out
    assert plan_json(runner)["reason"] == "the interview date is past: plain FSRS"
    assert "2026-12-04 has passed" in " ".join(invoke(runner, "plan").split())


def test_a_plan_with_every_question_suspended(runner: CliRunner, at: FakeClock) -> None:
    invoke(runner, "plan", "--date", DATE.isoformat())
    invoke(runner, "suspend", *[str(n) for n in range(1, 31)])
    assert plan_json(runner)["reason"] == "no question in rotation to plan"
    assert "no question in rotation to plan" in invoke(runner, "plan")


def test_filters_limit_cram_and_question_say_how_they_relate_to_the_plan(
    runner: CliRunner, at: FakeClock, db_path: Path
) -> None:
    invoke(runner, "plan", "--date", DATE.isoformat(), "--per-day", "12")
    planned = plan_json(runner)["days"][0]["new"]
    n = len(planned)
    assert n == 10  # new-per-day (10) caps the day's 12 places
    bank = {q.id: q for q in load_bank([]).questions}
    # New questions come in bank order: today's ten are all activation questions.
    assert all(bank[qid].topic == "activation" for qid in planned)
    out = " ".join(invoke(runner, "start", "--topic", "loss").split())
    assert f"None of today's {n} planned questions for Dec 4 match --topic loss" in out
    out = " ".join(invoke(runner, "start", "-t", "activation", "-d", "hard", input=":q\n").split())
    hard = [qid for qid in planned if bank[qid].difficulty == "hard"]
    assert (
        hard
        and f"filtered by --topic activation --difficulty hard: {len(hard)} of today's {n}" in out
    )
    assert asked_ids(db_path) == []

    out = " ".join(invoke(runner, "start", "--limit", "2", input="\n4\n\n4\n").split())
    assert f"--limit 2: {n - 2} stay for a later session today" in out
    assert asked_ids(db_path) == planned[:2]

    out = " ".join(invoke(runner, "start", "--cram", "--limit", "1", input="\n3\n").split())
    assert "--cram is outside the interview plan for Dec 4" in out
    assert "Readiness on" not in out  # cram does not move the schedule
    out = " ".join(invoke(runner, "start", "--question", "30", input="\n3\n").split())
    assert "--question is outside the interview plan for Dec 4" in out
    assert "Readiness on Dec 4:" in out  # its rating counts


# --- stats ----------------------------------------------------------------------------------


def test_stats_plan_key_and_trend(runner: CliRunner, at: FakeClock) -> None:
    assert json.loads(invoke(runner, "stats", "--json"))["plan"] is None
    invoke(runner, "plan", "--date", DATE.isoformat(), "--per-day", "10")
    invoke(runner, "start", input="\n4\n" * 10)
    at.set(T0 + timedelta(days=1))
    invoke(runner, "start", input="\n4\n" * 10)
    plan = json.loads(invoke(runner, "stats", "--json"))["plan"]
    assert plan["date"] == "2026-12-04" and plan["days_left"] == 9 and plan["active"] is True
    assert [t["day"] for t in plan["trend"]] == ["2026-11-24", "2026-11-25"]  # one a day
    assert plan["readiness"]["overall"] == plan["trend"][-1]["readiness"]
    assert plan["per_day"] == 10 and plan["budget_suffices"] is True
    out = invoke(runner, "stats")
    assert "Interview" in out and "Fri 2026-12-04, 9 days left" in out
    assert "Readiness on Dec 4" in out and "Forecast trend" in out and "over 2 days" in out
    at.set(T0 + timedelta(days=11))
    plan = json.loads(invoke(runner, "stats", "--json"))["plan"]
    assert plan["active"] is False and plan["days_left"] == -1 and len(plan["trend"]) == 2
    assert "2026-12-04 has passed" in invoke(runner, "stats")


def test_the_mock_interview_draws_from_the_forecast(
    runner: CliRunner, at: FakeClock, conn: sqlite3.Connection
) -> None:
    bank = load_bank([]).questions
    invoke(runner, "plan", "--date", DATE.isoformat())
    settings = load_settings(conn)
    recall = deadline.recall_on_date(conn, bank, settings, T0)
    assert recall is not None and set(recall) == {q.id for q in bank}
    sure = {q.id: 1.0 for q in bank} | {bank[0].id: 0.0}
    plan = plan_interview(conn, bank, count=1, seed=1, now=T0, settings=settings, forecast=sure)
    assert plan.weights[bank[0].id] == 1.0 and plan.weights[bank[1].id] == 0.02
    out = invoke(runner, "interview", "--count", "1", input=":q\n", code=0)
    assert "drawn by the interview plan's forecast for 2026-12-04" in " ".join(out.split())


# --- the core under it ----------------------------------------------------------------------


def test_interview_date_setting_parses_and_checks() -> None:
    spec = SETTINGS["interview-date"]
    assert spec.parse(" 2026-12-20 ") == "2026-12-20"
    assert spec.parse("off") == "" and spec.parse("None") == ""
    for bad in ("2026-2-1", "20261220", "2026-02-30", "soon"):
        with pytest.raises(QuizUsageError, match="not a date"):
            spec.parse(bad)
    assert check_interview_date(date(2026, 11, 25), TODAY) == date(2026, 11, 25)
    assert check_interview_date(date(2027, 5, 23), TODAY) == date(2027, 5, 23)
    with pytest.raises(QuizUsageError, match="--date: 2027-05-24 is out of range"):
        check_interview_date(date(2027, 5, 24), TODAY, option="--date")


def test_settings_keep_the_date_and_budget(conn: sqlite3.Connection) -> None:
    assert load_settings(conn).interview_date is None
    assert load_settings(conn).value("interview-date") == "off"
    store.set_setting(conn, "interview-date", "2026-12-20")
    store.set_setting(conn, "daily-budget", "7")
    s = load_settings(conn)
    assert s.interview_date == date(2026, 12, 20) and s.daily_budget == 7
    store.set_setting(conn, "interview-date", "garbage")  # a hand edit: back to the default
    assert load_settings(conn).interview_date is None
    assert deadline.plan_settings(s).per_day == 7
    assert deadline.active_date(s, date(2026, 12, 19)) == date(2026, 12, 20)
    assert deadline.active_date(s, date(2026, 12, 20)) is None


def test_pace() -> None:
    assert deadline.Pace(30.0, 5).questions_in(10) == 20
    assert deadline.Pace(900.0, 5).questions_in(1) == 1  # at least one
    assert deadline.Pace(45.0, 2).measured is False
    assert deadline.Pace(30.0, 60).minutes_for(4) == 2.0


def test_forecasts_table_one_row_a_day(conn: sqlite3.Connection) -> None:
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION >= 5
    d, day = date(2026, 12, 20), date(2026, 12, 1)
    for readiness in (0.5, 0.6):
        store.record_forecast(
            conn, day=day, interview=d, readiness=readiness, if_stopped=0.1, questions=30, at=T0
        )
    store.record_forecast(
        conn,
        day=day + timedelta(days=1),
        interview=d,
        readiness=0.7,
        if_stopped=0.2,
        questions=30,
        at=T0,
    )
    store.record_forecast(
        conn,
        day=day,
        interview=date(2027, 1, 5),
        readiness=0.1,
        if_stopped=0.0,
        questions=30,
        at=T0,
    )
    rows = store.forecasts(conn, d)
    assert [(r.day, r.readiness) for r in rows] == [("2026-12-01", 0.6), ("2026-12-02", 0.7)]


def test_a_version_4_database_migrates_to_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "v4.sqlite3"
    old = sqlite3.connect(path)
    for migration in store.MIGRATIONS[:4]:
        migration(old)
    old.execute("PRAGMA user_version = 4")
    old.execute("INSERT INTO settings VALUES ('retention', '0.85')")
    old.commit()
    old.close()
    conn = store.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert store.forecasts(conn, date(2026, 12, 20)) == []
        assert load_settings(conn).retention == 0.85
    finally:
        conn.close()


def test_todays_queue_counts_what_was_drawn_today(conn: sqlite3.Connection) -> None:
    bank = load_bank([]).questions
    store.set_setting(conn, "interview-date", DATE.isoformat())
    store.set_setting(conn, "daily-budget", "5")
    settings = load_settings(conn)
    first = deadline.todays_queue(conn, bank, settings, T0)
    assert first is not None and len(first.queue) == 5
    q = next(q for q in bank if q.id == first.new[0])
    rate(conn, (q.id, q.number, q.topic, q.difficulty), 4, T0, session_id=None)
    s = deadline.situation(conn, bank, settings, T0)
    assert s is not None and s.spent_today == 1 and s.new_today == 1
    second = deadline.todays_queue(conn, bank, settings, T0)
    assert second is not None and len(second.queue) == 4 and q.id not in second.queue
    store.suspend(conn, [first.new[1]], at=T0)
    third = deadline.todays_queue(conn, bank, settings, T0)
    assert third is not None and first.new[1] not in third.queue
    assert deadline.todays_queue(conn, bank, settings, T0 + timedelta(days=10)) is None


def test_plan_day_session_keeps_the_queue_order_filters_and_limit(
    conn: sqlite3.Connection,
) -> None:
    from actloss_quiz.session import plan_day_session

    bank = load_bank([]).questions
    a, b, c = bank[0], bank[1], bank[20]
    rate(conn, (b.id, b.number, b.topic, b.difficulty), 4, T0, session_id=None)
    queue = [b.id, c.id, a.id, "gone-from-the-bank"]
    p = plan_day_session(conn, bank, queue)
    assert [q.id for q in p.questions] == [b.id, c.id, a.id] and (p.due, p.new) == (1, 2)
    only = [q for q in bank if q.topic == a.topic]
    assert [q.id for q in plan_day_session(conn, only, queue).questions] == [b.id, a.id]
    assert [q.id for q in plan_day_session(conn, bank, queue, limit=1).questions] == [b.id]


def test_weak_notes_name_leeches_and_low_scores(conn: sqlite3.Connection) -> None:
    bank = load_bank([]).questions
    store.set_setting(conn, "leech-lapses", "2")
    q, r = bank[2], bank[3]
    key = (q.id, q.number, q.topic, q.difficulty)
    at = T0 - timedelta(days=30)
    rate(conn, key, 3, at, session_id=None)
    for i in range(1, 3):  # two lapses, a day apart
        rate(conn, key, 4, at + timedelta(days=4 * i - 2), session_id=None)
        rate(conn, key, 1, at + timedelta(days=4 * i), session_id=None)
    rkey = (r.id, r.number, r.topic, r.difficulty)
    rate(conn, rkey, 2, at, session_id=None, answer="x", score=0.2)
    rate(conn, rkey, 3, at + timedelta(days=1), session_id=None, answer="y", score=0.4)
    notes = deadline.weak_notes(conn, bank, load_settings(conn))
    assert [(n.question_id, n.lapses) for n in notes.leeches] == [(q.id, 2)]
    assert [(n.question_id, n.scored) for n in notes.low_scores] == [(r.id, 2)]
    assert notes.low_scores[0].mean_score == pytest.approx(0.3)
