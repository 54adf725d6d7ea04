"""The interview core: choice, budgets, the loop over a scripted prompt and a clock that the
prompt moves (time travel), the report card, the Markdown report and the record step."""

from __future__ import annotations

import functools
import random
import signal
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace as replace_record
from rich.console import Console

from actloss_quiz import clock, scheduler, stats, store
from actloss_quiz import interview as iv
from actloss_quiz.bank import Bank, FollowUp, KeyPoint, Misconception, Question
from actloss_quiz.errors import QuizError, Terminated
from actloss_quiz.render import interview as views
from actloss_quiz.settings import DEFAULT_LEECH_LAPSES, Settings
from actloss_quiz.store import schema
from actloss_quiz.vocab import difficulty_order
from tests.helpers import HISTORY_T0 as T0
from tests.helpers import rate, recording_console


def kp(*phrasings: str, core: bool = False) -> KeyPoint:
    return KeyPoint(tuple(phrasings), core)


EASY = Question(
    id="relu",
    number=1,
    topic="activation",
    difficulty="easy",
    question="Define ReLU.",
    answer="ReLU(x) = max(0, x): zero for negatives, identity for positives; cheap.",
    key_points=(kp("max(0, x)", core=True), kp("cheap"), kp("sparse")),
)
MEDIUM = Question(
    id="dead-relu",
    number=2,
    topic="activation",
    difficulty="medium",
    question="What is a dead ReLU?",
    answer="A unit whose pre-activation is always negative outputs 0 and gets no gradient.",
    key_points=(kp("always negative"), kp("zero gradient", core=True)),
)
HARD = Question(
    id="ce-grad",
    number=3,
    topic="loss",
    difficulty="hard",
    question="Gradient of softmax cross-entropy w.r.t. the logits?",
    answer="p - y: the predicted probabilities minus the one-hot target.",
    key_points=(kp("p minus y", "p - y"), kp("one-hot")),
    follow_ups=(
        FollowUp(
            question="Why subtract the max logit before the softmax?",
            answer="exp overflows for large logits; subtracting the max changes nothing else.",
            key_points=(kp("overflow"), kp("same result", "changes nothing")),
        ),
    ),
)
BANK = Bank(questions=(EASY, MEDIUM, HARD))


class Timed:
    """A prompt that replays (line, seconds) pairs: time moves on while the user types."""

    def __init__(self, now: list[datetime], steps: list[tuple[str, float]], end: type = EOFError):
        self.now, self.steps, self.end = now, list(steps), end
        self.prompts: list[str] = []

    def __call__(self, text: str) -> str:
        self.prompts.append(text)
        if not self.steps:
            raise self.end()
        line, seconds = self.steps.pop(0)
        self.now[0] += timedelta(seconds=seconds)
        return line


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    t = [T0]
    monkeypatch.setattr(clock, "now", lambda: t[0])
    return t


def make(conn: sqlite3.Connection, prompt: Any, **kw: Any) -> tuple[iv.Interview, Console]:
    console = recording_console(110)
    return iv.Interview(conn, BANK, prompt=prompt, render=views.printer(console), **kw), console


def finish(
    interview: iv.Interview,
    result: iv.InterviewResult,
    prefix: Sequence[str] = ("quiz",),
    save: Callable[[str], None] | None = None,
) -> int:
    """What `quiz interview` does after the loop: the report card (and --report), the debrief."""
    iv.present(result, interview.render, command_prefix=prefix, save_report=save)
    return interview.debrief(result)


def text_of(console: Console) -> str:
    return console.export_text()


def rows(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    return conn.execute(
        "SELECT position, kind, question_id, answer, spoken, answer_score, suggested_rating, "
        "seconds, budget_seconds, review_id FROM interview_answers ORDER BY id"
    ).fetchall()


# --- choosing and budgets -------------------------------------------------------------------


def test_budgets_default_2_3_4_minutes_and_split_of_m() -> None:
    assert iv.budgets([EASY, MEDIUM, HARD]) == [120.0, 180.0, 240.0]
    # 18 minutes split 2:3:4 -> 4, 6, 8 minutes
    assert iv.budgets([EASY, MEDIUM, HARD], minutes=18) == [240.0, 360.0, 480.0]
    assert sum(iv.budgets([EASY, HARD, HARD], minutes=7.5)) == pytest.approx(450, abs=1)


def test_mmss() -> None:
    assert clock.mmss(102) == "1:42" and clock.mmss(120) == "2:00" and clock.mmss(3725) == "62:05"


def test_choice_is_easy_to_hard_and_reproducible_with_a_seed() -> None:
    qs = [HARD, MEDIUM, EASY] + [replace(EASY, id=f"e{i}", number=10 + i) for i in range(5)]
    weights = {q.id: 1.0 for q in qs}
    a = iv.choose_questions(qs, weights, 4, random.Random(7))
    b = iv.choose_questions(qs, weights, 4, random.Random(7))
    assert a == b and len(a) == 4 and len(set(a)) == 4
    levels = [difficulty_order(q.difficulty) for q in a]
    assert levels == sorted(levels)
    everything = iv.choose_questions(qs, weights, 99, random.Random(1))
    assert sorted(q.id for q in everything) == sorted(q.id for q in qs)


def test_choice_prefers_weak_spots() -> None:
    qs = [replace(EASY, id=f"q{i}", number=i) for i in range(10)]
    weights = {q.id: 1.0 for q in qs} | {"q3": 12.0}
    picks = [iv.choose_questions(qs, weights, 1, random.Random(s))[0].id for s in range(300)]
    # 12 / (9 + 12) = 57% expected against 10% unweighted
    assert 0.45 < picks.count("q3") / 300 < 0.70


def test_weight_ranks_never_seen_forgotten_lapsed_and_low_scores() -> None:
    never = iv.Weakness(seen=False, retrievability=None, lapses=0, mean_score=None)
    solid = iv.Weakness(seen=True, retrievability=0.98, lapses=0, mean_score=1.0)
    fading = replace_record(solid, retrievability=0.5)
    lapsed = replace_record(solid, lapses=2)
    leech = replace_record(solid, lapses=DEFAULT_LEECH_LAPSES)
    low = replace_record(solid, mean_score=0.2)
    w = iv.weight
    assert w(solid) < w(fading) and w(solid) < w(lapsed) < w(leech) and w(solid) < w(low)
    assert w(never) > w(solid)
    assert (
        w(leech) - w(replace_record(solid, lapses=DEFAULT_LEECH_LAPSES - 1)) > 0.5
    )  # the leech bonus


def test_weak_spots_read_cards_lapses_and_past_scores(conn: sqlite3.Connection) -> None:
    reviewed = scheduler.review("relu", None, 1, now=T0)
    store.record_review(
        conn, question_id="relu", rating=1, reviewed_at=T0, card=reviewed.card, answer_score=0.25
    )
    iid = store.start_interview(conn, started_at=T0, planned=1, budget_seconds=120)
    store.record_interview_answer(
        conn,
        interview_id=iid,
        position=1,
        kind="question",
        question_id="relu",
        asked="?",
        answered_at=T0,
        seconds=10,
        budget_seconds=120,
        answer="x",
        answer_score=0.75,
    )
    spots = iv.weak_spots(conn, [EASY, MEDIUM], T0 + timedelta(days=3))
    assert spots["dead-relu"] == iv.Weakness(False, None, 0, None)
    relu = spots["relu"]
    assert relu.seen and relu.mean_score == pytest.approx(0.5)  # one review, one interview
    assert relu.retrievability is not None and relu.retrievability < 0.9


def test_a_forgotten_low_scoring_question_comes_up_most(conn: sqlite3.Connection) -> None:
    """The whole chain: history in the store -> weights -> the seeded draw."""
    others = [replace(EASY, id=f"known-{i}", number=10 + i) for i in range(5)]
    weak = replace(EASY, id="weak", number=9)
    day = T0
    for q in [*others, weak]:
        rate(conn, (q.id, q.number, q.topic, q.difficulty), 3, day, session_id=None, score=1.0)
    for i in range(1, 7):  # remembered, then forgotten six times over a few weeks
        day = T0 + timedelta(days=4 * i)
        rate(conn, ("weak", 9, "activation", "easy"), 3, day, session_id=None, score=0.9)
        rate(
            conn,
            ("weak", 9, "activation", "easy"),
            1,
            day + timedelta(days=2),
            session_id=None,
            score=0.1,
        )
    now = day + timedelta(days=3)
    pool = [*others, weak]
    spots = iv.weak_spots(conn, pool, now)
    assert spots["weak"].lapses >= DEFAULT_LEECH_LAPSES
    weights = {qid: iv.weight(w) for qid, w in spots.items()}
    picks = [iv.choose_questions(pool, weights, 1, random.Random(s))[0].id for s in range(200)]
    # weights about 8 against 2.2 for each of the others: some 42%, against a 1-in-6 share
    assert picks.count("weak") > 2 * 200 / len(pool)


# --- the loop -------------------------------------------------------------------------------


def test_typed_interview_with_time_travel(conn: sqlite3.Connection, now: list[datetime]) -> None:
    steps = [
        ("ReLU is max(0, x)", 60),  # first line after 1:00
        ("and it is cheap", 40),  # second line after 1:40
        ("", 2),  # the empty line submits at 1:42
        ("a dead unit has zero gradient", 200),  # 3:20 of 3:00: over budget
        ("", 0),
        ("", 5),  # an empty answer to the hard question
    ]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([EASY, MEDIUM, HARD], iv.budgets([EASY, MEDIUM, HARD]))
    out = text_of(console)
    assert result.ended_by == "finished" and result.exit_code == 0
    assert "1/3 · Q1 · activation · easy" in out and "3/3 · Q3 · loss · hard" in out
    assert "Time: 1:42 of 2:00" in out
    assert "Time: 3:20 of 3:00 (0:20 over)" in out
    assert "9:00 left overall" in out  # at the start: 2 + 3 + 4 minutes
    assert "7:18 left overall" in out and "3:58 left overall" in out  # -1:42, then -3:20
    assert EASY.answer not in out and MEDIUM.answer not in out  # no model answer during it
    got = rows(conn)
    assert [(r["position"], r["kind"], r["question_id"]) for r in got] == [
        (1, "question", "relu"),
        (2, "question", "dead-relu"),
        (3, "question", "ce-grad"),
    ]
    assert got[0]["answer"] == "ReLU is max(0, x)\nand it is cheap"
    assert got[0]["seconds"] == 102 and got[0]["budget_seconds"] == 120
    # the core point and half of the others: good
    assert got[0]["answer_score"] == pytest.approx(2 / 3) and got[0]["suggested_rating"] == 3
    assert got[1]["seconds"] == 200 and got[1]["budget_seconds"] == 180
    assert got[2]["answer"] == "" and got[2]["answer_score"] == 0
    assert [r["review_id"] for r in got] == [None, None, None]  # nothing scheduled yet
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    card = iv.report_card(result)
    assert [ln.over for ln in card.lines] == [False, True, False] and card.in_time == 2
    assert card.lines[0].core_missed == ()  # the core point max(0, x) was said
    assert card.lines[1].core_missed == ()
    assert card.lines[2].core_missed == ("p minus y", "one-hot")  # none core: every missed one
    assert card.weakest_topic is not None and card.weakest_topic.name == "loss"
    assert card.weakest_difficulty is not None and card.weakest_difficulty.name == "hard"


def test_overall_time_left_counts_every_answer(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    steps = [("max(0, x) cheap sparse", 100), ("", 2), ("zero gradient", 300), ("", 0)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    interview.run([EASY, MEDIUM, HARD], [120, 180, 240])
    out = text_of(console)
    assert "9:00 left overall" in out and "7:18 left overall" in out  # 540 - 102
    assert "2:18 left overall" in out  # 540 - 102 - 300


def test_follow_up_gets_what_is_left_of_the_budget(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    steps = [
        ("p - y for a one-hot target", 150),
        ("", 0),  # 2:30 of 4:00: the follow-up gets 1:30
        ("exp would overflow", 100),
        ("", 0),  # 1:40 of 1:30: over
    ]
    interview, console = make(conn, Timed(now, steps), seed=3)
    result = interview.run([HARD], [240])
    out = text_of(console)
    assert "Why subtract the max logit" in out and "Budget 1:30" in out
    assert "Time: 1:40 of 1:30 (0:10 over)" in out
    got = rows(conn)
    assert [(r["kind"], r["budget_seconds"]) for r in got] == [
        ("question", 240),
        ("follow-up", 90),
    ]
    assert got[1]["answer_score"] == 0.5
    item = result.items[0]
    assert item.follow_up is not None and item.follow_up.over
    card = iv.report_card(result)
    assert card.lines[0].follow_up_score == 0.5 and card.follow_up_mean == 0.5

    # a main answer over its budget leaves the follow-up the 30 s floor
    steps = [("p - y", 300), ("", 0), ("overflow", 10), ("", 0)]
    interview, console = make(conn, Timed(now, steps), seed=3)
    interview.run([HARD], [240])
    assert rows(conn)[-1]["budget_seconds"] == iv.FOLLOW_UP_MIN_SECONDS
    text_of(console)


def test_no_follow_ups_asks_none(conn: sqlite3.Connection, now: list[datetime]) -> None:
    interview, console = make(conn, Timed(now, [("p - y", 5), ("", 0)]), follow_ups=False)
    interview.run([HARD], [240])
    assert [r["kind"] for r in rows(conn)] == ["question"]
    assert "Follow-up" not in text_of(console)


def test_spoken_answers_are_scored_from_the_ticks(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    steps = [
        ("", 95),  # Enter stops the clock after 1:35
        ("x", 1),  # not a number: asked again
        ("4", 1),  # no key point 4: asked again
        ("1,3", 1),
        ("", 30),
        ("", 1),  # no key point said
    ]
    interview, console = make(conn, Timed(now, steps), spoken=True, follow_ups=False)
    result = interview.run([EASY, MEDIUM], [120, 180])
    out = text_of(console)
    assert "Time: 1:35 of 2:00" in out
    assert "1. max(0, x)" in out and "3. sparse" in out
    assert "'x' is not a key point number" in out and "there is no key point 4" in out
    got = rows(conn)
    assert [(r["spoken"], r["answer"], r["seconds"]) for r in got] == [(1, None, 95), (1, None, 30)]
    assert got[0]["answer_score"] == pytest.approx(2 / 3) and got[1]["answer_score"] == 0
    assert result.items[0].main is not None and result.items[0].main.verdict is not None
    assert [p.covered for p in result.items[0].main.verdict.points] == [True, False, True]
    assert any(p.endswith("> ") and "Key points you said" in p for p in interview.prompt.prompts)


def test_end_of_input_mid_answer_keeps_it(conn: sqlite3.Connection, now: list[datetime]) -> None:
    steps = [("max(0, x) cheap sparse", 20), ("", 1), ("zero gradient", 15)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([EASY, MEDIUM, HARD], [120, 180, 240])
    text_of(console)
    assert result.ended_by == "quit" and result.exit_code == 0
    assert [r["answer"] for r in rows(conn)] == ["max(0, x) cheap sparse", "zero gradient"]
    ended = conn.execute("SELECT ended_by, ended_at FROM interviews").fetchone()
    assert ended["ended_by"] == "quit" and ended["ended_at"] is not None


def test_an_overlong_answer_is_cut_where_the_scorer_stops(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    from actloss_quiz.scoring import MAX_ANSWER_CHARS

    long = "max(0, x) " + "and so on " * 1500
    interview, console = make(conn, Timed(now, [(long, 5), ("", 0)]), follow_ups=False)
    interview.run([EASY], [120])
    out = text_of(console)
    assert f"only the first {MAX_ANSWER_CHARS:,} are judged and kept" in out
    stored = rows(conn)[0]
    assert len(stored["answer"]) == MAX_ANSWER_CHARS and stored["answer_score"] > 0


def test_quit_keeps_the_answers_given(conn: sqlite3.Connection, now: list[datetime]) -> None:
    steps = [("max(0, x)", 20), ("", 1), (":q", 1)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([EASY, MEDIUM], [120, 180])
    text_of(console)
    assert result.ended_by == "quit" and len(result.answered) == 1 and len(rows(conn)) == 1


def test_ctrl_c_keeps_answers_and_records_no_review(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    steps = [("max(0, x)", 20), ("", 1)]
    interview, console = make(conn, Timed(now, steps, end=KeyboardInterrupt), follow_ups=False)
    result = interview.run([EASY, MEDIUM], [120, 180])
    assert result.ended_by == "interrupted" and result.exit_code == 130
    code = finish(interview, result)
    out = text_of(console)
    assert code == 130
    assert "Interrupted: your 1 answer is saved" in out and "Report card" in out
    assert len(rows(conn)) == 1
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    assert conn.execute("SELECT ended_by FROM interviews").fetchone()[0] == "interrupted"


# --- after the interview --------------------------------------------------------------------


def _two_answers(conn: sqlite3.Connection, now: list[datetime], after: list[tuple[str, float]]):
    steps = [("max(0, x) cheap sparse", 30), ("", 0), ("no idea", 30), ("", 0), *after]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([EASY, MEDIUM], [120, 180])
    return interview, console, result


def test_record_turns_main_answers_into_reviews(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    interview, console, result = _two_answers(conn, now, [("", 0), ("y", 0)])
    code = finish(interview, result)
    out = text_of(console)
    assert code == 0
    assert "Show the model answers for the 1 weak answer? [Y/n] " in interview.prompt.prompts
    assert "Record these 2 answers in your review schedule? [Y/n] " in interview.prompt.prompts
    assert MEDIUM.answer in out and EASY.answer not in out  # only the weak one
    reviews = conn.execute(
        "SELECT question_id, rating, answer_score, answer, reviewed_at, session_id FROM reviews "
        "ORDER BY id"
    ).fetchall()
    assert [(r[0], r[1], r[2]) for r in reviews] == [("relu", 3, 1.0), ("dead-relu", 1, 0.0)]
    assert reviews[0][4] == clock.iso(T0 + timedelta(seconds=30))  # when it was answered
    cards = store.cards_by_id(conn)
    assert set(cards) == {"relu", "dead-relu"}
    linked = [r["review_id"] for r in rows(conn)]
    assert all(linked)
    assert conn.execute("SELECT recorded FROM interviews").fetchone()[0] == 1
    assert "Recorded 2 reviews in your schedule" in out


def test_decline_keeps_the_interview_and_leaves_the_schedule(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    interview, console, result = _two_answers(conn, now, [("n", 0), ("n", 0)])
    code = finish(interview, result)
    out = text_of(console)
    assert code == 0 and MEDIUM.answer not in out
    assert "Not recorded: your 2 answers are saved with the interview" in out
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM cards").fetchone()[0] == 0
    assert len(rows(conn)) == 2
    assert conn.execute("SELECT recorded FROM interviews").fetchone()[0] == 0


def test_an_unscored_answer_is_kept_but_not_recorded(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    no_points = replace(MEDIUM, id="no-points", key_points=())
    steps = [("max(0, x) cheap", 30), ("", 0), ("something", 30), ("", 0), ("n", 0), ("", 0)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([EASY, no_points], [120, 180])
    finish(interview, result)
    out = text_of(console)
    assert "Record this answer in your review schedule? [Y/n] " in interview.prompt.prompts
    assert [r["answer_score"] for r in rows(conn)] == [pytest.approx(2 / 3), None]
    assert [r[0] for r in conn.execute("SELECT question_id FROM reviews")] == ["relu"]
    assert "Recorded 1 review in your schedule" in out


def test_follow_up_never_changes_the_schedule(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    steps = [("p - y, one-hot", 30), ("", 0), ("no idea", 10), ("", 0), ("n", 0), ("", 0)]
    interview, console = make(conn, Timed(now, steps), seed=1)
    result = interview.run([HARD], [240])
    finish(interview, result)
    text_of(console)
    assert [r[0] for r in conn.execute("SELECT question_id FROM reviews")] == ["ce-grad"]
    assert conn.execute("SELECT rating FROM reviews").fetchone()[0] == 3
    assert [r["review_id"] is not None for r in rows(conn)] == [True, False]


def test_report_markdown(conn: sqlite3.Connection, now: list[datetime]) -> None:
    interview, console, result = _two_answers(conn, now, [])
    saved: list[str] = []
    finish(interview, result, ["quiz", "--db", "my db.sqlite3"], saved.append)
    text_of(console)
    md = saved[0]
    assert md.startswith("# Mock interview report: ")
    assert "2 of 2 questions answered · mean score 0.50 · 2 of 2 in time · 1:00 of 5:00" in md
    assert "| # | Question | Score | Time | Core points missed | Follow-up |" in md
    assert (
        "| 1 | Q1 Define ReLU. (activation, easy) | 1.00, suggested good | 0:30 of 2:00 | – | – |"
        in md
    )
    assert (
        "| 2 | Q2 What is a dead ReLU? (activation, medium) | 0.00, suggested again | 0:30 of 3:00 "
        "| zero gradient | – |" in md
    )
    assert "- Weakest topic: activation (mean 0.50 over 2 answers)" in md
    assert "- Weakest difficulty: medium (mean 0.00 over 1 answer)" in md
    assert "```sh\nquiz --db 'my db.sqlite3' start --cram --question dead-relu\n```" in md
    assert "## Model answers" in md and MEDIUM.answer in md
    # every answer beside its model answer, with the suggestion and the points missed (#21)
    beside = md.split("## Your answers beside the model answers")[1].split("## Model answers")[0]
    assert "### Q1: Define ReLU." in beside and EASY.answer in beside
    assert "**Your answer** (0.00, suggested again)" in beside
    assert "Points missed: always negative; zero gradient" in beside


def test_misconceptions_reach_the_report(conn: sqlite3.Connection, now: list[datetime]) -> None:
    wrong = Misconception(
        "ReLU is zero-centred", ("relu is zero centred",), "ReLU is never negative."
    )
    q = replace(EASY, misconceptions=(wrong,))
    steps = [("max(0, x), cheap and sparse, and relu is zero centred", 10), ("", 0)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([q], [120])
    text_of(console)
    main = result.items[0].main
    assert main is not None and main.verdict is not None
    assert main.verdict.suggested_rating == 1  # every point, but a misconception: again
    assert main.misconception_notes == (("ReLU is zero-centred", "ReLU is never negative."),)
    stored = conn.execute("SELECT misconceptions FROM interview_answers").fetchone()[0]
    assert stored == '["ReLU is zero-centred"]'
    card = iv.report_card(result)
    assert card.study == (q,)
    md = iv.report_markdown(card)
    assert "## Misconceptions\n\n- Q1: *ReLU is zero-centred*. ReLU is never negative." in md


def test_parse_ticks() -> None:
    assert iv.parse_ticks("1 3 4", 4) == [1, 3, 4]
    assert iv.parse_ticks(" 3,1 1 ", 4) == [1, 3]
    assert iv.parse_ticks("", 4) == []
    assert "no key point 5" in str(iv.parse_ticks("5", 4))
    assert "'a' is not" in str(iv.parse_ticks("1 a", 4))


def test_trend() -> None:
    assert stats.trend([]) is None and stats.trend([0.5]) is None
    assert stats.trend([0.2, 0.4, 0.6]) == "up"
    assert stats.trend([0.9, 0.5]) == "down"
    assert stats.trend([0.5, 0.51, 0.5]) == "steady"


def test_interview_stats(conn: sqlite3.Connection) -> None:
    for i, score in enumerate([0.2, 0.3, 0.5, 0.6, 0.7, 0.9]):
        iid = store.start_interview(
            conn, started_at=T0 + timedelta(days=i), planned=1, budget_seconds=120
        )
        store.record_interview_answer(
            conn,
            interview_id=iid,
            position=1,
            kind="question",
            question_id="relu",
            asked="?",
            answered_at=T0 + timedelta(days=i),
            seconds=100 + 10 * i,
            budget_seconds=120,
            answer="x",
            answer_score=score,
            topic="activation",
        )
    store.start_interview(conn, started_at=T0 + timedelta(days=9), planned=3, budget_seconds=9)
    data = stats.interview_stats(conn)
    assert data["count"] == 6  # the interview with no answer is left out
    assert data["mean_score"] == pytest.approx(sum([0.2, 0.3, 0.5, 0.6, 0.7, 0.9]) / 6, abs=1e-4)
    assert [r["mean_score"] for r in data["last_5"]] == [0.3, 0.5, 0.6, 0.7, 0.9]
    assert [r["in_time"] for r in data["last_5"]] == [1, 1, 0, 0, 0]  # 110, 120 s of 120
    assert data["trend"] == "up"
    assert stats.interview_stats(conn, topic="loss")["count"] == 0


def test_migration_from_version_2_adds_the_interview_tables(tmp_path: Path) -> None:
    path = tmp_path / "v2.sqlite3"
    old = sqlite3.connect(path, isolation_level=None)
    schema.m001_initial(old)
    schema.m002_covering_review_index(old)
    old.execute("INSERT INTO settings VALUES ('retention', '0.85')")
    old.execute("PRAGMA user_version = 2")
    old.close()
    conn = store.connect(path)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"interviews", "interview_answers"} <= tables
        assert store.get_settings(conn)["retention"] == "0.85"
    finally:
        conn.close()


# --- the spine: the same rules as `quiz start` (#19) ----------------------------------------


def test_plan_weights_use_the_users_leech_lapses(conn: sqlite3.Connection) -> None:
    """One lapse is a leech with `leech-lapses 1`: its weight carries the leech bonus."""
    q = ("relu", 1, "activation", "easy")
    rate(conn, q, 4, T0, session_id=None)  # straight to review
    rate(conn, q, 1, T0 + timedelta(days=5), session_id=None)  # one lapse
    now = T0 + timedelta(days=6)
    default = iv.plan_interview(conn, [EASY, MEDIUM], count=2, now=now, settings=Settings())
    strict = iv.plan_interview(
        conn, [EASY, MEDIUM], count=2, now=now, settings=Settings(leech_lapses=1)
    )
    assert store.get_card(conn, "relu").lapses == 1  # type: ignore[union-attr]
    assert strict.weights["relu"] - default.weights["relu"] == pytest.approx(2.0)
    assert strict.weights["dead-relu"] == default.weights["dead-relu"] == iv.NEVER_SEEN_WEIGHT


def test_plan_leaves_out_suspended_questions_and_says_when_none_is_left(
    conn: sqlite3.Connection,
) -> None:
    store.suspend(conn, ["relu"], at=T0)
    plan = iv.plan_interview(conn, [EASY, MEDIUM], count=6, now=T0, settings=Settings())
    assert [q.id for q in plan.questions] == ["dead-relu"] and plan.available == 1
    assert plan.budgets == [180.0]
    with pytest.raises(QuizError, match="every question matching these filters is suspended"):
        iv.plan_interview(conn, [EASY], count=1, now=T0, settings=Settings())


@pytest.mark.parametrize("action", ["tag", "suspend"])
def test_an_interview_lapse_applies_the_leech_action(
    conn: sqlite3.Connection, now: list[datetime], action: str
) -> None:
    """A lapse recorded by the interview is a lapse like any other: with `leech-lapses 1` the
    question becomes a leech, and `leech-action suspend` takes it out of rotation."""
    rate(conn, ("relu", 1, "activation", "easy"), 4, T0 - timedelta(days=10), session_id=None)
    settings = Settings(leech_lapses=1, leech_action=action)
    steps = [("no idea", 30), ("", 0), ("n", 0), ("y", 0)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False, settings=settings)
    result = interview.run([EASY], [120])
    assert finish(interview, result) == 0
    out = text_of(console)
    assert store.get_card(conn, "relu").lapses == 1  # type: ignore[union-attr]
    assert "Leech: Q1 has been forgotten 1 times" in out
    assert (store.suspended_ids(conn) == {"relu"}) is (action == "suspend")
    assert ("now suspended" in out) is (action == "suspend")


@pytest.mark.parametrize("where", ["loop", "debrief"])
def test_a_signal_keeps_its_exit_code_in_the_loop_and_the_debrief(
    conn: sqlite3.Connection, now: list[datetime], where: str
) -> None:
    """SIGTERM (errors.Terminated) ends the interview with 143 wherever it arrives; the answers
    already given are kept and nothing reaches the schedule."""
    steps = [("max(0, x)", 20), ("", 1)] + ([("no idea", 5), ("", 0)] if where == "debrief" else [])
    sigterm = functools.partial(Terminated, signal.SIGTERM)
    interview, console = make(conn, Timed(now, steps, end=sigterm), follow_ups=False)
    result = interview.run([EASY, MEDIUM], [120, 180])
    code = finish(interview, result)
    out = text_of(console)
    assert code == 143
    assert result.ended_by == ("interrupted" if where == "loop" else "finished")
    assert "Interrupted: your" in out
    assert len(rows(conn)) == len(result.answered) == (1 if where == "loop" else 2)
    assert conn.execute("SELECT COUNT(*) FROM reviews").fetchone()[0] == 0


def test_a_contradicted_fact_reaches_the_report_with_one_full_stop(
    conn: sqlite3.Connection, now: list[datetime]
) -> None:
    """A fact of the judge's tables is a sentence: the report adds no second full stop."""
    steps = [("max(0, x), cheap and sparse. ViT's MLP blocks are built on ReLU.", 10), ("", 0)]
    interview, console = make(conn, Timed(now, steps), follow_ups=False)
    result = interview.run([EASY], [120])
    text_of(console)
    main = result.items[0].main
    assert main is not None
    fact = "contradicts: ViT uses GELU in its MLP blocks"
    assert main.misconception_notes == ((fact, 'You said: "ViT\'s MLP blocks are built on ReLU"'),)
    md = iv.report_markdown(iv.report_card(result))
    assert f"- Q1: *{fact}*. You said:" in md
