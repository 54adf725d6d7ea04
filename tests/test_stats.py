"""Statistics and progress as pure functions of (connection, questions, now)."""

from __future__ import annotations

import io
import sqlite3
from datetime import datetime, timedelta
from typing import Any

import pytest

from actloss_quiz import clock, scheduler, stats, store
from actloss_quiz.bank import Question
from actloss_quiz.drills import templates
from actloss_quiz.settings import DEFAULT_LEECH_LAPSES
from tests.helpers import T0, FakeClock, rate, rate_question

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


# --- mutation-found gaps (benchmarks/mutation.py; README "Design") --------------------------


def test_a_learning_step_is_due_now_only_within_learn_ahead(conn: sqlite3.Connection) -> None:
    """`quiz list --due` counts a (re)learning step that ends within the learn-ahead minutes,
    as `quiz start` asks it; without them, only what is due already."""
    rate_question(conn, Q1, 1, T0)  # again: a learning step of a minute or more
    due = clock.parse_iso(store.get_card(conn, "q1").due)  # type: ignore[union-attr]
    just_before = due - timedelta(seconds=30)
    assert stats.progress_of(conn, [Q1], just_before)["q1"]["due_now"] is False
    assert stats.progress_of(conn, [Q1], just_before, learn_ahead=1)["q1"]["due_now"] is True
    assert stats.progress_of(conn, [Q1], due)["q1"]["due_now"] is True


def test_progress_of_a_suspended_question_keeps_its_history_and_recall(
    conn: sqlite3.Connection,
) -> None:
    """Suspended: never due, but its reviews, lapses and recall are what they were."""
    rate_question(conn, Q1, 3, T0)
    rate_question(conn, Q1, 3, T0 + timedelta(days=3))
    rate_question(conn, Q1, 1, T0 + timedelta(days=20))  # a lapse
    now = T0 + timedelta(days=21)
    before = stats.progress_of(conn, [Q1, Q2], now)
    store.suspend(conn, ["q1", "q2"], at=now)
    after = stats.progress_of(conn, [Q1, Q2], now)
    card = store.get_card(conn, "q1")
    assert card is not None
    recall = scheduler.retrievability(card.stability, card.last_review, now)
    assert recall is not None and before["q1"]["retrievability"] == round(recall, 4)
    assert after["q1"] == {
        "state": "suspended",
        "due": None,
        "retrievability": round(recall, 4),
        "reviews": 3,
        "lapses": 1,
        "due_now": False,
    }
    assert after["q2"] == {  # never reviewed
        "state": "suspended",
        "due": None,
        "retrievability": None,
        "reviews": 0,
        "lapses": 0,
        "due_now": False,
    }


def test_progress_of_a_question_only_crammed_is_new_with_its_reviews(
    conn: sqlite3.Connection,
) -> None:
    """A cram rating schedules nothing: the question stays new, its review is counted."""
    rate(conn, ("q1", 1, "loss", "easy"), 3, T0, session_id=None, cram=True)
    assert store.get_card(conn, "q1") is None
    assert stats.progress_of(conn, [Q1], T0)["q1"] == {
        "state": "new",
        "due": None,
        "retrievability": None,
        "reviews": 1,
        "lapses": 0,
        "due_now": False,
    }


def test_groups_count_due_cards_and_their_rates_to_four_places(conn: sqlite3.Connection) -> None:
    """Per topic and difficulty: nothing due at first; the share of passing ratings over all the
    group's reviews and the mean recall of its cards, rounded to four places (`stats --json`)."""
    q3 = Question(id="q3", number=3, topic="loss", difficulty="easy", question="?", answer="!")
    bank = [Q1, Q2, q3]
    empty = stats.compute_stats(conn, bank, T0, topic=None)["by_topic"]
    assert [(g["due_now"], g["correct_rate"], g["mean_retrievability"]) for g in empty] == [
        (0, None, None),
        (0, None, None),
    ]
    for q, ratings in ((Q1, (3, 1, 3)), (q3, (3, 3, 1))):
        for day, rating in enumerate(ratings):
            rate_question(conn, q, rating, T0 + timedelta(days=2 * day))
    rate_question(conn, Q2, 1, T0)  # failed, never passed
    now = T0 + timedelta(days=5)
    data = stats.compute_stats(conn, bank, now, topic=None)
    recall: dict[str, float] = {}
    for q in bank:
        card = store.get_card(conn, q.id)
        assert card is not None
        r = scheduler.retrievability(card.stability, card.last_review, now)
        assert r is not None
        recall[q.id] = r
    loss = next(g for g in data["by_topic"] if g["topic"] == "loss")
    assert (loss["reviews"], loss["correct_rate"]) == (6, 0.6667)  # 4 of 6
    assert loss["mean_retrievability"] == round((recall["q1"] + recall["q3"]) / 2, 4)
    activation = next(g for g in data["by_topic"] if g["topic"] == "activation")
    assert (activation["correct_rate"], activation["mean_retrievability"]) == (
        0.0,
        round(recall["q2"], 4),
    )
    assert data["estimated_knowledge"] == round(sum(recall.values()) / 3, 4)


def test_a_card_is_due_now_from_its_due_time_on(conn: sqlite3.Connection) -> None:
    rate_question(conn, Q1, 3, T0)
    due = clock.parse_iso(store.get_card(conn, "q1").due)  # type: ignore[union-attr]

    def due_now(at: datetime) -> int:
        groups = stats.compute_stats(conn, [Q1], at, topic=None)["by_topic"]
        return groups[0]["due_now"]  # type: ignore[no-any-return]

    assert (due_now(due - timedelta(seconds=1)), due_now(due)) == (0, 1)


def test_questions_count_where_the_bank_puts_them_now(conn: sqlite3.Connection) -> None:
    """q2 was reviewed as an activation question, then (last) as an easy loss one; the bank now
    has it as a hard activation question. The whole bank's groups follow the bank; a question
    no longer in it keeps its last topic and difficulty, or "?" when its reviews never said;
    `--topic loss` counts only the reviews made under loss, in its groups as in its total."""
    rate(conn, ("q2", 2, "activation", "hard"), 3, T0, session_id=None)
    rate(conn, ("q2", 2, "loss", "easy"), 3, T0 + timedelta(days=3), session_id=None)
    rate(conn, ("gone", 9, "retired", "medium"), 3, T0, session_id=None)
    store.record_review(conn, question_id="older", rating=3, reviewed_at=T0, card=None)
    now = T0 + timedelta(days=4)
    whole = stats.compute_stats(conn, [Q1, Q2], now, topic=None)

    def groups(kind: str, data: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
        return {g[kind]: (g["questions"], g["seen"], g["reviews"]) for g in data[f"by_{kind}"]}

    assert groups("topic", whole) == {
        "loss": (1, 0, 0),
        "activation": (1, 1, 2),
        "retired": (0, 1, 1),
        "?": (0, 0, 1),
    }
    assert groups("difficulty", whole) == {
        "easy": (1, 0, 0),
        "hard": (1, 1, 2),
        "medium": (0, 1, 1),
        "?": (0, 0, 1),
    }
    loss = stats.compute_stats(conn, [Q1], now, topic="loss", bank=[Q1, Q2])
    assert loss["total_reviews"] == 1
    assert groups("topic", loss) == {"loss": (1, 1, 1)}


def test_drill_families_show_their_accuracy_and_follow_the_topic(conn: sqlite3.Connection) -> None:
    for name, correct, topic in [
        ("sigmoid-derivative", True, "activation"),
        ("tanh-derivative", False, "activation"),
        ("relu-derivative", True, "activation"),
        ("mse-value", True, "loss"),
    ]:
        store.record_drill_answer(
            conn, answered_at=T0, template=name, correct=correct, topic=topic, given="1"
        )
    whole = stats.compute_stats(conn, [], T0, topic=None)["drills"]["by_family"]
    assert whole == [
        {"family": "derivative", "answers": 3, "correct": 2, "accuracy": 0.6667},
        {"family": "regression loss", "answers": 1, "correct": 1, "accuracy": 1.0},
    ]
    loss = stats.compute_stats(conn, [], T0, topic="loss")["drills"]["by_family"]
    assert loss == [{"family": "regression loss", "answers": 1, "correct": 1, "accuracy": 1.0}]


def test_leeches_most_lapses_first_with_the_banks_number(conn: sqlite3.Connection) -> None:
    """Each leech as `stats --json` lists it: the bank's number (q1 was number 7 when rated),
    the topic, lapses and reviews; the most lapses first."""
    store.set_setting(conn, "leech-lapses", "1")
    day = T0
    for q, lapses in ((("q1", 7, "loss", "easy"), 1), (("q2", 2, "activation", "hard"), 2)):
        day = T0
        rate(conn, q, 4, day, session_id=None)
        for _ in range(lapses):
            day += timedelta(days=30)
            rate(conn, q, 1, day, session_id=None)
            day += timedelta(days=1)
            rate(conn, q, 4, day, session_id=None)
    leeches = stats.compute_stats(conn, [Q1, Q2], day, topic=None)["leeches"]
    assert leeches == [
        {
            "question_id": "q2",
            "number": 2,
            "topic": "activation",
            "lapses": 2,
            "reviews": 5,
            "in_bank": True,
            "suspended": False,
        },
        {
            "question_id": "q1",
            "number": 1,
            "topic": "loss",
            "lapses": 1,
            "reviews": 3,
            "in_bank": True,
            "suspended": False,
        },
    ]


def test_suspended_questions_are_neither_due_nor_forecast(conn: sqlite3.Connection) -> None:
    """Two cards due count two; a suspended one, or one no longer in the bank, counts nowhere
    (not due now, not in the forecast)."""
    q3 = Question(id="q3", number=3, topic="loss", difficulty="easy", question="?", answer="!")
    for q in (Q1, q3, Q2):
        rate_question(conn, q, 3, T0)
    rate(conn, ("gone", 9, "loss", "easy"), 3, T0, session_id=None)
    now = T0 + timedelta(days=30)  # every card overdue
    data = stats.compute_stats(conn, [Q1, Q2, q3], now, topic=None)
    assert {g["topic"]: g["due_now"] for g in data["by_topic"]} == {"loss": 2, "activation": 1}
    assert data["forecast"][0]["due"] == 3
    store.suspend(conn, ["q3"], at=now)
    data = stats.compute_stats(conn, [Q1, Q2, q3], now, topic=None)
    assert {g["topic"]: g["due_now"] for g in data["by_topic"]} == {"loss": 1, "activation": 1}
    assert data["forecast"][0]["due"] == 2 and data["suspended"] == 1


def test_rates_are_rounded_to_four_places_and_difficulties_ordered(
    conn: sqlite3.Connection,
) -> None:
    q3 = Question(id="q3", number=3, topic="loss", difficulty="medium", question="?", answer="!")
    for q, rating in ((Q1, 3), (Q2, 1), (q3, 3)):
        rate_question(conn, q, rating, T0)
    for correct in (True, True, False):
        store.record_drill_answer(
            conn, answered_at=T0, template="sigmoid-derivative", correct=correct, given="1"
        )
    data = stats.compute_stats(conn, [Q1, Q2, q3], T0 + timedelta(hours=1), topic=None)
    assert data["true_retention"] == 0.6667  # 2 of 3 first ratings pass
    assert [g["difficulty"] for g in data["by_difficulty"]] == ["easy", "medium", "hard"]
    drills = data["drills"]
    assert (drills["answers"], drills["correct"], drills["accuracy"]) == (3, 2, 0.6667)
    assert drills["by_template"] == [
        {"template": "sigmoid-derivative", "answers": 3, "correct": 2, "accuracy": 0.6667}
    ]


def test_the_plan_reads_the_whole_bank_whatever_the_topic(conn: sqlite3.Connection) -> None:
    rate_question(conn, Q1, 3, T0)
    now = T0 + timedelta(hours=1)
    store.set_setting(conn, "interview-date", (now + timedelta(days=10)).date().isoformat())
    whole = stats.compute_stats(conn, [Q1], now, topic="loss", bank=[Q1, Q2])["plan"]
    alone = stats.compute_stats(conn, [Q1], now, topic="loss")["plan"]
    assert set(whole["readiness"]["by_topic"]) == {"activation", "loss"}
    assert set(alone["readiness"]["by_topic"]) == {"loss"}


def _interview(
    conn: sqlite3.Connection, at: datetime, answers: list[tuple[str, float | None]]
) -> int:
    """An interview with one answered question per (topic, score): 30 s of a 60 s budget for
    the first, 90 s for the others."""
    iid = store.start_interview(conn, started_at=at, planned=len(answers), budget_seconds=60)
    for i, (topic, score) in enumerate(answers):
        store.record_interview_answer(
            conn,
            interview_id=iid,
            position=i + 1,
            kind="question",
            question_id=f"q-{topic}",
            asked="?",
            answered_at=at + timedelta(minutes=i + 1),
            seconds=30 if i == 0 else 90,
            budget_seconds=60,
            answer="an answer",
            answer_score=score,
            topic=topic,
        )
    return iid


def test_interview_stats_count_answered_interviews_and_the_last_five(
    conn: sqlite3.Connection,
) -> None:
    """Interviews with an answered question count (of the topic, with `--topic`); the mean and
    the trend read the scored ones; the last five are listed, each rounded to four places."""
    loss = [0.212345, 0.3, None, 0.4, 0.45, 0.612345]
    ids = [_interview(conn, T0 + timedelta(days=d), [("loss", s)]) for d, s in enumerate(loss)]
    store.start_interview(conn, started_at=T0 + timedelta(days=6), planned=3, budget_seconds=60)
    act = _interview(conn, T0 + timedelta(days=7), [("activation", 0.9), ("activation", 0.8)])
    whole = stats.interview_stats(conn)
    assert whole["count"] == 7
    assert whole["mean_score"] == round((sum(s for s in loss if s) + 0.85) / 6, 4)
    assert [r["interview_id"] for r in whole["last_5"]] == [ids[2], ids[3], ids[4], ids[5], act]
    assert whole["last_5"][-1] == {
        "interview_id": act,
        "started_at": clock.iso(T0 + timedelta(days=7)),
        "answered": 2,
        "mean_score": 0.85,
        "in_time": 1,
    }
    assert whole["last_5"][0]["mean_score"] is None and whole["trend"] == "up"
    only = stats.interview_stats(conn, topic="loss")
    assert only["count"] == 6 and only["mean_score"] == round(sum(s for s in loss if s) / 5, 4)
    assert [r["mean_score"] for r in only["last_5"]] == [0.3, None, 0.4, 0.45, 0.6123]
    assert stats.compute_stats(conn, [], T0, topic="loss")["interviews"] == only


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], None),
        ([0.5], None),
        ([0.5, 0.6], "up"),
        ([0.5, 0.522, 0.544], "up"),  # a slope of 0.022 a step: just above the flat band
        ([0.5, 0.508, 0.516], "steady"),  # 0.008
        ([0.9, 0.5, 0.1], "down"),
        ([0.4, 0.39, 0.41, 0.4], "steady"),
        ([0.0, 0.02], "steady"),  # exactly the flat band, up or down
        ([0.02, 0.0], "steady"),
    ],
)
def test_trend_is_the_least_squares_slope_against_a_flat_band(
    scores: list[float], expected: str | None
) -> None:
    assert stats.trend(scores) == expected
