"""Statistics and progress as pure functions of (connection, questions, now)."""

from __future__ import annotations

import io
import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from actloss_quiz import clock, stats, store
from actloss_quiz.bank import Question
from actloss_quiz.drills import templates
from actloss_quiz.settings import DEFAULT_LEECH_LAPSES
from tests.helpers import T0, FakeClock, rate_question

Q1 = Question(id="q1", number=1, topic="loss", difficulty="easy", question="?", answer="!")
Q2 = Question(id="q2", number=2, topic="activation", difficulty="hard", question="?", answer="!")


def test_empty_history(conn: sqlite3.Connection) -> None:
    data = stats.compute_stats(conn, [Q1, Q2], T0, topic=None)
    assert (data["total_reviews"], data["streak_days"], data["true_retention"]) == (0, 0, None)
    assert [g["topic"] for g in data["by_topic"]] == ["loss", "activation"]
    assert [g["difficulty"] for g in data["by_difficulty"]] == ["easy", "hard"]
    assert len(data["forecast"]) == stats.FORECAST_DAYS
    assert data["leeches"] == [] and data["drills"]["answers"] == 0


def test_reviews_counted_by_group_and_forecast(conn: sqlite3.Connection) -> None:
    rate_question(conn, Q1, 3, T0)
    rate_question(conn, Q2, 1, T0 + timedelta(minutes=1))
    now = T0 + timedelta(minutes=2)
    data = stats.compute_stats(conn, [Q1, Q2], now, topic=None)
    assert data["total_reviews"] == 2
    assert data["true_retention"] == 0.5
    loss = next(g for g in data["by_topic"] if g["topic"] == "loss")
    assert (loss["questions"], loss["seen"], loss["reviews"], loss["correct_rate"]) == (
        1,
        1,
        1,
        1.0,
    )
    assert sum(day["due"] for day in data["forecast"]) == 2
    only_loss = stats.compute_stats(conn, [Q1], now, topic="loss")
    assert only_loss["total_reviews"] == 1


def test_progress_of_new_and_reviewed_questions(conn: sqlite3.Connection) -> None:
    rate_question(conn, Q1, 1, T0)
    rows = stats.progress_of(conn, [Q1, Q2], T0 + timedelta(days=1))
    assert rows["q2"] == {
        "state": "new",
        "due": None,
        "retrievability": None,
        "reviews": 0,
        "lapses": 0,
        "due_now": False,
    }
    assert rows["q1"]["state"] == "learning" and rows["q1"]["due_now"] is True
    assert rows["q1"]["due"] == store.get_card(conn, "q1").due  # type: ignore[union-attr]
    assert 0 < rows["q1"]["retrievability"] <= 1


def test_leeches_from_the_lapse_threshold(conn: sqlite3.Connection) -> None:
    at = T0
    rate_question(conn, Q1, 3, at)
    for _ in range(DEFAULT_LEECH_LAPSES):
        at += timedelta(days=30)
        rate_question(conn, Q1, 4, at)  # back in review
        at += timedelta(days=60)
        rate_question(conn, Q1, 1, at)  # a lapse
    data = stats.compute_stats(conn, [Q1], at, topic=None)
    assert [lee["question_id"] for lee in data["leeches"]] == ["q1"]
    assert data["leeches"][0]["lapses"] >= DEFAULT_LEECH_LAPSES


def test_drill_stats_by_family_and_template(conn: Any, fake_clock: FakeClock) -> None:
    def drills() -> dict[str, Any]:
        return stats.compute_stats(conn, [], clock.now(), topic=None)["drills"]  # type: ignore[no-any-return]

    assert drills() == {
        "answers": 0,
        "correct": 0,
        "accuracy": None,
        "by_template": [],
        "by_family": [],
    }
    now = clock.now()
    for name, correct in [
        ("sigmoid-derivative", True),
        ("tanh-derivative", False),
        ("relu-derivative", True),
        ("mse-value", True),
        ("retired-template", False),
    ]:
        level = templates.by_name(name).level if name != "retired-template" else None
        store.record_drill_answer(
            conn, answered_at=now, template=name, correct=correct, level=level
        )
    data = drills()
    assert (data["answers"], data["correct"], data["accuracy"]) == (5, 3, 0.6)
    fam = {r["family"]: (r["answers"], r["correct"]) for r in data["by_family"]}
    assert fam == {"derivative": (3, 2), "regression loss": (1, 1), "other": (1, 0)}
    by_template = {r["template"]: (r["answers"], r["correct"]) for r in data["by_template"]}
    assert by_template["tanh-derivative"] == (1, 0) and by_template["retired-template"] == (1, 0)


# --- pinned behaviours (#19: each failed to fail the suite before) --------------------------


def test_overdue_cards_are_due_today_in_the_forecast(conn: sqlite3.Connection) -> None:
    """A card due last week is due today: the forecast's first day counts it."""
    now = T0 + timedelta(days=30)
    rate_question(conn, Q1, 3, T0)  # due within days of T0: long overdue at `now`
    rate_question(conn, Q2, 4, now - timedelta(hours=1))  # easy: due in the coming days
    forecast = stats.compute_stats(conn, [Q1, Q2], now, topic=None)["forecast"]
    assert forecast[0] == {"date": now.astimezone().date().isoformat(), "due": 1}
    assert sum(day["due"] for day in forecast) == 2


def test_leeches_say_whether_the_question_is_still_in_the_bank(
    conn: sqlite3.Connection,
) -> None:
    gone = Question(id="gone", number=9, topic="loss", difficulty="easy", question="?", answer="!")
    day = T0
    for q in (Q1, gone):
        day = T0
        rate_question(conn, q, 4, day)
        for _ in range(DEFAULT_LEECH_LAPSES):
            day += timedelta(days=30)
            rate_question(conn, q, 1, day)
            day += timedelta(days=1)
            rate_question(conn, q, 4, day)
    leeches = stats.compute_stats(conn, [Q1, Q2], day, topic=None)["leeches"]
    assert {lee["question_id"]: lee["in_bank"] for lee in leeches} == {"q1": True, "gone": False}
    assert all(lee["lapses"] == DEFAULT_LEECH_LAPSES for lee in leeches)


def test_the_terminal_lists_at_most_20_leeches(
    conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`quiz stats` shows the first 20 leeches and says how many more `--json` lists."""
    from rich.console import Console

    from actloss_quiz.render import stats as render_stats

    console = Console(width=120, record=True, file=io.StringIO())
    monkeypatch.setattr(render_stats, "out", console)
    data = stats.compute_stats(conn, [], T0, topic=None)
    data["leeches"] = [
        {
            "question_id": f"leech-{i:02d}",
            "number": i,
            "topic": "loss",
            "lapses": 9,
            "reviews": 20,
            "in_bank": True,
            "suspended": False,
        }
        for i in range(25)
    ]
    render_stats.print_stats(data)
    text = console.export_text()
    assert "leech-19" in text and "leech-20" not in text
    assert "... and 5 more leeches (all of them: quiz stats --json)" in text


@pytest.mark.parametrize(
    ("days_ago", "streak"),
    [
        ([], 0),
        ([0], 1),
        ([1], 1),  # today has no review yet: the streak ends yesterday
        ([2], 0),
        ([0, 1, 2], 3),
        ([1, 2, 3], 3),
        ([0, 1, 3, 4], 2),  # a day without reviews ends it
        ([0, 0, 1], 2),  # several reviews on one day count once
        ([2, 3, 4], 0),
    ],
)
def test_streak_counts_consecutive_days_ending_today_or_yesterday(
    conn: sqlite3.Connection, days_ago: list[int], streak: int
) -> None:
    noon = clock.local_day_start(T0) + timedelta(hours=12)  # mid-day: no time-zone edge
    for n, ago in enumerate(days_ago):
        rate_question(conn, Q1, 3, noon - timedelta(days=ago, minutes=n))
    assert (
        stats.compute_stats(conn, [Q1], noon + timedelta(hours=1), topic=None)["streak_days"]
        == streak
    )


def test_stats_of_a_topic_count_only_that_topics_history(conn: sqlite3.Connection) -> None:
    """`quiz stats --topic loss`: reviews, today's count, streak, true retention (each question's
    first rating of a day), the heatmap (every rating), the weekly retention and the drills are
    of loss alone (activation was reviewed on other days, failed, and drilled too)."""
    rate_question(conn, Q1, 3, T0 - timedelta(days=1))
    rate_question(conn, Q1, 3, T0)
    rate_question(conn, Q1, 1, T0 + timedelta(seconds=30))  # today's second: not a first review
    for days in (3, 2, 0):
        rate_question(conn, Q2, 1, T0 - timedelta(days=days, minutes=5))
    for topic, correct in (("loss", True), ("activation", False), ("activation", False)):
        store.record_drill_answer(
            conn, answered_at=T0, template="softmax", correct=correct, topic=topic, given="1"
        )
    now = T0 + timedelta(minutes=1)
    whole = stats.compute_stats(conn, [Q1, Q2], now, topic=None)
    loss = stats.compute_stats(conn, [Q1], now, topic="loss", bank=[Q1, Q2])
    assert (whole["total_reviews"], loss["total_reviews"]) == (6, 3)
    assert (whole["reviews_today"], loss["reviews_today"]) == (3, 2)
    assert (whole["streak_days"], loss["streak_days"]) == (4, 2)
    assert (whole["true_retention"], loss["true_retention"]) == (0.4, 1.0)
    assert sum(d["reviews"] for d in whole["heatmap"]) == 6  # every rating, the second too
    assert sum(d["reviews"] for d in loss["heatmap"]) == 3
    weeks = [(w["reviews"], w["retention"]) for w in loss["retention_by_week"] if w["reviews"]]
    assert sum(n for n, _ in weeks) == 2 and all(r == 1.0 for _, r in weeks)
    assert (whole["drills"]["answers"], loss["drills"]["answers"]) == (3, 1)
    assert loss["drills"]["accuracy"] == 1.0
