"""The session loop driven by scripted prompts and a fake clock (no terminal, no demo engine)."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from actloss_quiz import clock, session, store
from actloss_quiz.bank import Bank, Question, load_bank
from actloss_quiz.render.session import session_view
from actloss_quiz.settings import SETTINGS, Settings, load_settings
from tests.helpers import T0, FakeClock, Script, rate, recording_console, reviews


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def run(
    conn: sqlite3.Connection,
    bank: Bank,
    questions: list[Question],
    lines: list[str],
    *,
    end: type[BaseException] = EOFError,
    cram: bool = False,
    demo: Any = None,
    **plan_kw: Any,
) -> tuple[session.SessionResult, str, Script]:
    console = recording_console(100)
    settings = load_settings(conn)
    plan = session.plan_session(
        conn, questions, clock.now(), cram=cram, new_per_day=settings.new_per_day, **plan_kw
    )
    script = Script(lines, end)
    s = session.Session(
        conn,
        bank,
        prompt=script,
        render=lambda event: console.print(session_view(event)),
        demo=demo or (lambda q: None),
        cram=cram,
        settings=settings,
    )
    result = s.run(plan)
    return result, console.export_text(), script


def loss(bank: Bank) -> list[Question]:
    return [q for q in bank.questions if q.topic == "loss"]


def ratings(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    return [(r.question_id, r.rating) for r in reviews(conn)]


def test_every_prompt_input(conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock) -> None:
    qs = loss(bank)
    lines = [
        "",  # Q16: reveal without answering
        "",  # Enter with no suggestion: asked again
        "maybe",  # not a rating: asked again
        "good",  # a rating by name
        ":u",  # answer prompt of Q17: undo Q16's rating, Q16 asked again
        # Q16's first key point is "scalar that scores" (issue 18: a bare "scalar" no longer
        # counts), so the answer says "a scalar value"
        "a scalar value: how far predictions are from targets, average loss minimized in training",
        "",  # Enter accepts the suggestion (good)
        "the mean of squared errors",  # Q17
        ":u",  # rating prompt: undo Q16 again, back to Q16
        "",
        "1",
        "",  # Q17
        "EA",  # prefix of easy
        "",  # Q18
        ":q",  # quit at the rating prompt
    ]
    result, text, script = run(conn, bank, qs, lines, limit=5)
    assert result.ended_by == "quit" and result.exit_code == 0
    assert ratings(conn) == [("loss-definition", 1), ("mse-definition", 4)]
    assert "Type 1-4" in text and "'maybe' is not a rating" in text
    assert "Undid good on Q16" in text
    assert "✓ scalar that scores" in text and "✗ empirical risk" in text
    assert "Score: 0.80 (4/5 key points)" in text and "suggested: good" in text
    # Q16 rated again comes back at the end, as a repeat: the counter stays done/planned
    assert "1/5 · Q16 · loss · easy" in text and "3/5 · Q18" in text
    assert script.prompts[6].endswith("[good] > ")
    assert "Session summary" in text and "2 of 5 (ended early)" in text
    assert "again 1 · hard 0 · good 0 · easy 1" in text
    (row,) = store.iter_sessions(conn)
    assert (row.ended_by, row.questions) == ("quit", 2)


def test_undo_with_nothing_to_undo(conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock):
    result, text, _ = run(conn, bank, loss(bank), [":u", "", ":u", "3", ":q"], limit=2)
    assert text.count("Nothing to undo yet") == 2
    assert ratings(conn) == [("loss-definition", 3)]


def test_eof_and_ctrl_c_keep_earlier_ratings(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    result, text, _ = run(conn, bank, loss(bank), ["", "3", "typed"], limit=3)
    assert (result.ended_by, result.exit_code) == ("quit", 0)
    assert ratings(conn) == [("loss-definition", 3)]
    result, text, _ = run(conn, bank, loss(bank), ["", "2"], end=KeyboardInterrupt, limit=3)
    assert (result.ended_by, result.exit_code) == ("interrupted", 130)
    assert ratings(conn) == [("loss-definition", 3), ("mse-definition", 2)]
    assert "(interrupted)" in text
    assert [s.ended_by for s in store.iter_sessions(conn)] == ["quit", "interrupted"]


def test_time_travel_again_easy_and_due_first(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)
    run(conn, bank, qs, ["", "again", "", "easy", "", "good"], limit=3)
    again = store.get_card(conn, "loss-definition")
    easy = store.get_card(conn, "mse-definition")
    assert again and easy
    assert clock.parse_iso(again.due) - fake_clock.t < timedelta(minutes=10)
    assert clock.parse_iso(easy.due) - fake_clock.t > timedelta(days=2)

    fake_clock.travel(hours=1)  # the again and good cards are due, the easy one is not
    plan = session.plan_session(conn, qs, clock.now(), limit=10, new=2)
    assert [q.id for q in plan.questions[:2]] == ["loss-definition", "bce-one-line"]
    assert plan.due == 2 and plan.new == 2
    assert "mse-definition" not in [q.id for q in plan.questions]
    assert plan.questions[2].number == 19  # then new ones in number order

    fake_clock.travel(days=1)
    tomorrow = session.plan_session(conn, qs, clock.now(), limit=10, new=0)
    assert tomorrow.due >= 1 and "mse-definition" not in [q.id for q in tomorrow.questions]


def test_due_sorted_by_lowest_retrievability(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """Older memory first even when its due time is later (not simply by due time)."""
    from actloss_quiz import scheduler

    qs = loss(bank)[:2]
    old, recent = qs
    for q, when, retention in ((old, T0, 0.7), (recent, T0 + timedelta(days=1), 0.97)):
        r = scheduler.review(q.id, None, 4, now=when, retention=retention, fuzzing=False)
        store.record_review(conn, question_id=q.id, rating=4, reviewed_at=when, card=r.card)
    old_card, recent_card = store.get_card(conn, old.id), store.get_card(conn, recent.id)
    assert old_card and recent_card and recent_card.due < old_card.due
    fake_clock.travel(days=100)
    plan = session.plan_session(conn, qs, clock.now(), limit=10)
    assert [q.id for q in plan.questions] == [old.id, recent.id] and plan.due == 2


def test_cram_records_without_rescheduling(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)[:2]
    run(conn, bank, qs, ["", "easy"], limit=1)
    before = store.get_card(conn, "loss-definition")
    result, text, _ = run(conn, bank, qs, ["", "1", "", "1"], cram=True, limit=None)
    assert len(result.rated) == 2 and "cram: schedule unchanged" in text
    assert store.get_card(conn, "loss-definition") == before
    assert store.get_card(conn, "mse-definition") is None
    assert [r.cram for r in reviews(conn)] == [False, True, True]


def test_limits_new_cap_and_seed(conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock):
    qs = loss(bank)
    plan = session.plan_session(conn, qs, clock.now(), limit=3, new=5)
    assert [q.number for q in plan.questions] == [16, 17, 18]
    plan = session.plan_session(conn, qs, clock.now(), limit=10, new=2)
    assert len(plan.questions) == 2
    a = session.plan_session(conn, qs, clock.now(), limit=10, new=5, seed=7).questions
    b = session.plan_session(conn, qs, clock.now(), limit=10, new=5, seed=7).questions
    assert a == b and [q.number for q in a] != [16, 17, 18, 19, 20]

    store.set_setting(conn, "new-per-day", "2")
    run(conn, bank, qs, ["", "good", "", "good"], limit=5)
    settings = load_settings(conn)
    plan = session.plan_session(conn, qs, clock.now(), new_per_day=settings.new_per_day)
    assert plan.questions == [] and plan.new_capped_by_day
    message = session.nothing_to_do_message(plan, clock.now(), settings)
    assert "Today's 2 new questions are done" in message and "Next question due" in message


def test_nothing_left_says_when_next_is_due(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)[:1]
    run(conn, bank, qs, ["", "easy"])
    now = clock.now()
    plan = session.plan_session(conn, qs, now)
    due = clock.parse_iso(store.get_card(conn, qs[0].id).due)  # type: ignore[union-attr]
    assert plan.questions == [] and plan.next_due == due
    message = session.nothing_to_do_message(plan, now, Settings())
    assert message == (
        "Nothing is due and no new questions are left. "
        f"Next question due {clock.local_text(due)} (in {clock.humanize(due - now)})."
    )
    assert clock.humanize(due - now).endswith("days")


def test_reveal_shows_demo_and_topic_tip(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    shown: list[str] = []

    def demo(q: Question) -> str:
        shown.append(q.id)
        return f"DEMO for {q.id}"

    _, text, _ = run(conn, bank, loss(bank), ["", "3"], demo=demo, limit=1)
    assert shown == ["loss-definition"] and "DEMO for loss-definition" in text
    assert "Formula:" in text and "Tip" in text and bank.tips["loss"][:30] in text


def test_removed_question_keeps_history_but_is_skipped(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    store.record_review(
        conn, question_id="gone-question", rating=1, reviewed_at=T0, card=None, topic="loss"
    )
    plan = session.plan_session(conn, loss(bank), clock.now(), limit=30, new=30)
    assert "gone-question" not in [q.id for q in plan.questions]
    assert store.count_reviews(conn, question_id="gone-question") == 1


@pytest.mark.parametrize(
    ("key", "raw", "ok"),
    [
        ("retention", "0.85", 0.85),
        ("retention", "0.7", 0.7),
        ("retention", "0.98", None),
        ("retention", "abc", None),
        ("new-per-day", "10", 10),
        ("new-per-day", "-1", None),
        ("new-per-day", "2.5", None),
    ],
)
def test_setting_validation(key: str, raw: str, ok: float | None) -> None:
    from actloss_quiz.errors import QuizUsageError

    spec = SETTINGS[key]
    if ok is None:
        with pytest.raises(QuizUsageError, match=f"{key}: .*valid range"):
            spec.parse(raw)
    else:
        assert spec.parse(raw) == ok


def test_parse_rating() -> None:
    inputs = ("1", "again", "HARD", "go", "e", "5", "")
    assert [session.parse_rating(x) for x in inputs] == [1, 1, 2, 3, None, None, None]


# --- learning steps inside a session -------------------------------------------------------


def asked(text: str) -> list[str]:
    """`position/total · Qn` of every question panel shown, in order."""
    found = []
    for line in text.splitlines():
        if "─ " in line and " · Q" in line:
            parts = line.split("─ ", 1)[1].split(" · ")
            if parts[0].startswith("repeat"):  # `repeat 1 · 2/2 done · Q16`
                found.append(f"{parts[0]} · {parts[2]}")
            else:
                found.append(f"{parts[0]} · {parts[1]}")
    return found


def test_again_is_asked_again_after_the_others_until_it_graduates(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)[:2]
    lines = ["", "1", "", "4", "", "3", "", "3"]  # Q16 again, Q17 easy, Q16 good, good
    result, text, script = run(conn, bank, qs, lines, limit=2)
    assert result.ended_by == "finished" and not script.lines  # every line was used
    assert asked(text) == ["1/2 · Q16", "2/2 · Q17", "repeat 1 · Q16", "repeat 2 · Q16"]
    assert ratings(conn) == [
        ("loss-definition", 1),
        ("mse-definition", 4),
        ("loss-definition", 3),  # the 1-minute step, asked at once: within the window
        ("loss-definition", 3),  # the 10-minute step, also within 20 minutes: graduates
    ]
    card = store.get_card(conn, "loss-definition")
    assert card is not None and card.state == "review"
    assert clock.parse_iso(card.due) - fake_clock.t > timedelta(hours=12)
    assert "2 of 2" in text and "2 (4 reviews in all)" in text
    assert text.count("Q16 comes back later in this session.") == 2
    assert "again 1 · hard 0 · good 2 · easy 1" in text


def test_learn_ahead_window_decides_what_comes_back(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    store.set_setting(conn, "learn-ahead", "5")
    qs = loss(bank)[:2]
    # Q16 good: its next step is 10 minutes away, outside a 5-minute window: not asked again.
    # Q17 again: 1 minute away: asked again; then good (10 minutes): done.
    result, text, _ = run(conn, bank, qs, ["", "3", "", "1", "", "3"], limit=2)
    assert result.ended_by == "finished"
    assert asked(text) == ["1/2 · Q16", "2/2 · Q17", "repeat 1 · Q17"]
    assert store.get_card(conn, "mse-definition").state == "learning"  # type: ignore[union-attr]

    store.set_setting(conn, "learn-ahead", "0")  # no learning inside the session at all
    fake_clock.travel(days=1)
    result, text, _ = run(conn, bank, loss(bank)[2:3], ["", "1"], limit=1)
    assert result.ended_by == "finished" and asked(text) == ["1/1 · Q18"]
    assert "Repeats" not in text


def test_limit_counts_distinct_questions(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    lines = ["", "1", "", "1", "", "4", "", "4"]
    result, text, _ = run(conn, bank, loss(bank), lines, limit=2)
    assert result.ended_by == "finished"
    assert [q for q, _ in ratings(conn)] == [
        "loss-definition",
        "mse-definition",
        "loss-definition",
        "mse-definition",
    ]
    assert "2 (4 reviews in all)" in text


def test_undo_takes_back_the_repeat_too(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)[:2]
    # Q16 again (queued to come back), then :u at Q17: Q16 is asked now, and only once more.
    lines = ["", "1", ":u", "", "4", "", "4"]
    result, text, _ = run(conn, bank, qs, lines, limit=2)
    assert result.ended_by == "finished"
    assert ratings(conn) == [("loss-definition", 4), ("mse-definition", 4)]
    assert asked(text) == ["1/2 · Q16", "2/2 · Q17", "1/2 · Q16", "2/2 · Q17"]
    assert "Repeats" not in text


@pytest.mark.parametrize(
    ("end", "ended_by", "code"),
    [(EOFError, "quit", 0), (KeyboardInterrupt, "interrupted", 130)],
)
def test_ending_during_a_repeat_keeps_every_rating(
    conn: sqlite3.Connection,
    bank: Bank,
    fake_clock: FakeClock,
    end: type[BaseException],
    ended_by: str,
    code: int,
) -> None:
    result, text, _ = run(conn, bank, loss(bank)[:1], ["", "1"], end=end, limit=1)
    assert (result.ended_by, result.exit_code) == (ended_by, code)
    assert asked(text) == ["1/1 · Q16", "repeat 1 · Q16"]
    assert ratings(conn) == [("loss-definition", 1)]
    fake_clock.travel(minutes=2)  # the step is due: asked, failed again, then :q at the repeat
    result, text, _ = run(conn, bank, loss(bank)[:1], ["", "1", ":q"], limit=1)
    assert result.ended_by == "quit" and asked(text) == ["1/1 · Q16", "repeat 1 · Q16"]
    assert "Repeats" not in text and len(ratings(conn)) == 2


def test_cram_repeats_failed_questions_without_scheduling(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)[:2]
    lines = ["", "1", "", "3", "", "2", ""]  # Q16 again, Q17 good, Q16 hard: done
    result, text, _ = run(conn, bank, qs, lines, cram=True, limit=2)
    assert result.ended_by == "finished"
    assert asked(text) == ["1/2 · Q16", "2/2 · Q17", "repeat 1 · Q16"]
    assert ratings(conn) == [("loss-definition", 1), ("mse-definition", 3), ("loss-definition", 2)]
    assert store.cards_by_id(conn) == {}  # cram: the schedule is untouched
    assert "1 (3 reviews in all)" in text


def test_a_learning_step_within_learn_ahead_counts_as_due_when_planning(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    qs = loss(bank)[:1]
    result, _, _ = run(conn, bank, qs, ["", "1", ":q"], limit=1)  # again, then quit at once
    assert result.ended_by == "quit"
    due = store.get_card(conn, "loss-definition")
    assert due is not None and clock.parse_iso(due.due) > fake_clock.t  # a minute from now
    now = clock.now()
    plan = session.plan_session(conn, qs, now, learn_ahead=20)
    assert [q.id for q in plan.questions] == ["loss-definition"] and plan.due == 1
    nothing = session.plan_session(conn, qs, now, learn_ahead=0)
    assert nothing.questions == [] and nothing.next_due is not None
    # A card in review is never early, whatever the window.
    result, _, _ = run(conn, bank, qs, ["", "4"], limit=1, learn_ahead=20)
    card = store.get_card(conn, "loss-definition")
    assert card is not None and card.state == "review"
    assert session.plan_session(conn, qs, clock.now(), learn_ahead=24 * 60).questions == []


def _question(bank: Bank, qid: str) -> Question:
    q = bank.by_id(qid)
    assert q is not None
    return q


def test_reveal_shows_misconception_correction_and_why(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = _question(bank, "relu-definition")
    wrong = "relu is max(0,x), it is popular because relu is zero centered"
    result, text, _ = run(conn, bank, [q], [wrong, "", ":q"], cram=True)
    assert "✗ misconception: ReLU is zero-centred" in text
    assert "ReLU outputs are never negative" in text  # the correction
    assert "Why: misconception: ReLU is zero-centred" in text
    assert "✓ [core] max(0, x)" in text and "✗ [core] avoids vanishing gradient" in text
    assert "suggested: again" in text
    assert ratings(conn) == [("relu-definition", 1)]  # Enter took the suggestion


def test_reveal_says_which_core_point_is_missing(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = _question(bank, "relu-definition")
    result, text, _ = run(conn, bank, [q], ["max(0, x), cheap", "", ":q"], cram=True)
    assert "Why: core point missing: avoids vanishing gradient" in text
    assert "suggested: hard" in text and "misconception" not in text
    assert ratings(conn) == [("relu-definition", 2)]


def test_an_answer_over_the_limit_is_cut_and_still_rated(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    from actloss_quiz.scoring import MAX_ANSWER_CHARS

    q = _question(bank, "relu-definition")
    long = ("max(0,x)," * 2000)[: MAX_ANSWER_CHARS + 500]
    result, text, _ = run(conn, bank, [q], [long, "3", ":q"], cram=True)
    notice = [line for line in text.splitlines() if "characters; only the first" in line]
    assert notice == [
        f"Your answer has {MAX_ANSWER_CHARS + 500:,} characters; "
        f"only the first {MAX_ANSWER_CHARS:,} are judged and kept."
    ]
    assert ratings(conn) == [("relu-definition", 3)]
    (review,) = reviews(conn)
    assert review.answer == long[:MAX_ANSWER_CHARS] and review.answer_score is not None


def test_undo_after_a_leech_suspension_brings_the_question_back(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """README: a lapse that makes a leech suspends it (leech-action suspend); `:u` undoes both."""
    store.set_setting(conn, "leech-lapses", "1")
    store.set_setting(conn, "leech-action", "suspend")
    q = loss(bank)[0]
    rate(conn, (q.id, q.number, q.topic, q.difficulty), 4, fake_clock.t, session_id=None)
    fake_clock.travel(days=60)  # long due
    # again on the due question (a lapse: a leech, suspended), then :u at the next question
    result, text, _ = run(conn, bank, loss(bank)[:2], ["", "1", ":u", ":q"])
    assert "Leech:" in text and "now suspended" in text
    assert f"Undid again on Q{q.number}" in text
    assert store.suspended_ids(conn) == frozenset()
    assert store.get_card(conn, q.id).lapses == 0  # type: ignore[union-attr]
    assert result.rated == []


# --- mutation-found gaps (benchmarks/mutation.py; README "Design") --------------------------


def _rate_then_quit(
    conn: sqlite3.Connection, bank: Bank, lines: list[str]
) -> tuple[session.SessionResult, str, Script]:
    """One loss question on a terminal (`rate_before_quit`), driven by `lines`."""
    console = recording_console(100)
    plan = session.plan_session(conn, loss(bank), clock.now(), limit=2)
    script = Script(lines)
    s = session.Session(
        conn,
        bank,
        prompt=script,
        render=lambda event: console.print(session_view(event)),
        rate_before_quit=True,
        settings=load_settings(conn),
    )
    return s.run(plan), console.export_text(), script


def test_quitting_after_a_reveal_offers_hard_when_nothing_was_suggested(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    result, text, script = _rate_then_quit(conn, bank, ["", ":q", "maybe", ""])
    assert script.prompts[2] == session.RATE_BEFORE_QUIT_PROMPT.format(name="hard")
    assert "'maybe' is not a rating" in text
    assert ratings(conn) == [("loss-definition", 2)]  # Enter: hard; then the session ends
    assert (result.ended_by, len(script.prompts)) == ("quit", 4)


def test_quitting_after_a_reveal_offers_the_suggestion_or_any_rating(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    typed = "a scalar value: how far predictions are from targets, average loss minimized"
    _, _, script = _rate_then_quit(conn, bank, [typed, ":q", ""])
    assert script.prompts[2] == session.RATE_BEFORE_QUIT_PROMPT.format(name="good")
    assert ratings(conn) == [("loss-definition", 3)]
    _, _, script = _rate_then_quit(conn, bank, ["", ":q", "EA"])
    assert ratings(conn)[-1] == ("mse-definition", 4)


@pytest.mark.parametrize("ending", [[":q"], []], ids=["q-again", "end-of-input"])
def test_quitting_after_a_reveal_can_still_record_nothing(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock, ending: list[str]
) -> None:
    result, text, script = _rate_then_quit(conn, bank, ["", ":q", *ending])
    assert ratings(conn) == [] and result.ended_by == "quit"
    lines = text.splitlines()
    note = next(i for i, line in enumerate(lines) if "was not rated: nothing was recorded" in line)
    if not ending:  # end of input leaves the cursor on the prompt: a new line first
        assert lines[note - 1] == ""


def test_without_learn_ahead_planning_asks_only_what_is_due(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = loss(bank)[0]
    rate(conn, (q.id, q.number, q.topic, q.difficulty), 1, T0, session_id=None)
    due = clock.parse_iso(store.get_card(conn, q.id).due)  # type: ignore[union-attr]
    soon = due - timedelta(seconds=30)
    assert session.plan_session(conn, [q], soon, new=0).questions == []
    assert session.plan_session(conn, [q], soon, new=0, learn_ahead=1).questions == [q]


def test_cram_with_a_seed_shuffles_every_question_the_same_way(
    conn: sqlite3.Connection, bank: Bank
) -> None:
    qs = loss(bank)
    for q in qs[:5]:
        rate(conn, (q.id, q.number, q.topic, q.difficulty), 3, T0, session_id=None)
    plain = session.plan_session(conn, qs, T0, cram=True, limit=None).questions
    assert [q.id for q in plain[:5]] == [q.id for q in qs[:5]]  # seen ones by due time first
    one = session.plan_session(conn, qs, T0, cram=True, limit=None, seed=1).questions
    again = session.plan_session(conn, qs, T0, cram=True, limit=None, seed=1).questions
    assert one == again and sorted(q.id for q in one) == sorted(q.id for q in qs)
    assert one != plain


def test_the_cap_and_nothing_to_do_messages() -> None:
    assert "(1 more new question waits" not in session.cap_message(2, 5)
    assert session.cap_message(1, 5).startswith(
        "Today's 5 new questions are done: 1 more new question waits (raise the cap with "
    )
    assert "2 more new questions wait" in session.cap_message(2, 5)
    plan = session.Plan([], 0, 0, next_due=T0)
    for now in (T0, T0 + timedelta(hours=1)):
        message = session.nothing_to_do_message(plan, now, Settings())
        assert message.endswith(f"Next question due {clock.local_text(T0)} (now).")
    later = session.nothing_to_do_message(plan, T0 - timedelta(hours=2), Settings())
    assert later.endswith("(in 2 h).")


def test_the_session_row_and_result_keep_the_filters_times_and_id(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    console = recording_console(100)
    events: list[Any] = []
    plan = session.plan_session(conn, loss(bank), clock.now(), cram=True, limit=1)
    s = session.Session(
        conn,
        bank,
        prompt=Script(["", "3"]),
        render=lambda e: (events.append(e), console.print(session_view(e))),
        cram=True,
        filters={"topic": "loss", "difficulty": "easy", "tag": "basics"},
    )
    result = s.run(plan)
    (row,) = store.iter_sessions(conn)
    assert (row.topic_filter, row.difficulty_filter, row.tag_filter, row.cram) == (
        "loss",
        "easy",
        "basics",
        True,
    )
    assert result.session_id == row.id
    assert result.started_at is not None and result.ended_at is not None
    assert (clock.iso(result.started_at), clock.iso(result.ended_at)) == (
        row.started_at,
        row.ended_at,
    )
    assert result.started_at < result.ended_at


def test_the_summary_says_when_the_next_question_is_due(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """The earliest due of the session's questions (another question, due sooner, is not
    one of them)."""
    events: list[Any] = []
    q, other = loss(bank)[:2]
    rate(conn, (other.id, other.number, other.topic, other.difficulty), 1, T0, session_id=None)
    plan = session.plan_session(conn, [q], clock.now(), limit=1)
    s = session.Session(conn, bank, prompt=Script(["", "4"]), render=events.append)
    s.run(plan)
    (summary,) = [e for e in events if isinstance(e, session.Summary)]
    card = store.get_card(conn, q.id)
    assert card is not None and summary.next_due == clock.parse_iso(card.due)


def test_the_full_undo_command_undoes(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    _, text, _ = run(conn, bank, loss(bank), ["", "3", ":UNDO", ":undo"], limit=2)
    assert "Undid good on Q16" in text and "Nothing to undo yet" in text
    assert ratings(conn) == []


def test_a_rating_keeps_the_previewed_interval_its_time_and_score(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """The interval the prompt showed is the one stored (the review is made when the prompt
    appears); the answer's time and score are kept, on the row and in the result."""
    typed = "a scalar value: how far predictions are from targets, average loss minimized"
    result, _, script = run(conn, bank, loss(bank), [typed, "3"], limit=1)
    assert " 3 good 10m " in script.prompts[1]
    (review,) = reviews(conn)
    card = store.get_card(conn, "loss-definition")
    assert card is not None
    back = clock.parse_iso(card.due) - clock.parse_iso(review.reviewed_at)
    assert back == timedelta(minutes=10)
    assert review.response_seconds is not None and review.response_seconds > 0
    assert result.rated[0].score == review.answer_score == 0.8


def test_plans_count_their_new_questions_and_cap_only_what_the_cap_left_out(
    conn: sqlite3.Connection, bank: Bank
) -> None:
    qs = loss(bank)
    for q in qs[:2]:
        rate(conn, (q.id, q.number, q.topic, q.difficulty), 3, T0, session_id=None)
    cram = session.plan_session(conn, qs[:5], T0, cram=True, limit=None)
    assert (cram.due, cram.new) == (0, 3)  # two seen, three new
    fresh = qs[10:12]
    two = session.plan_session(conn, fresh, T0, new=5, new_per_day=10)
    assert (two.new, two.left_by_cap, two.new_capped_by_day, two.next_due) == (2, 0, False, None)
    exact = session.plan_session(conn, qs[10:15], T0, new=5, new_per_day=7)  # 2 today: 5 left
    assert (exact.new, exact.new_capped_by_day) == (5, False)
    capped = session.plan_session(conn, qs[10:15], T0, new=5, new_per_day=6)
    assert (capped.new, capped.new_capped_by_day, capped.left_by_cap) == (4, True, 1)


def test_a_lapse_relearns_in_the_session_unless_it_made_a_leech(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = loss(bank)[0]
    rate(conn, (q.id, q.number, q.topic, q.difficulty), 4, fake_clock.t, session_id=None)
    fake_clock.travel(days=60)
    result, text, _ = run(conn, bank, [q], ["", "1", "", "3"], limit=1)
    assert asked(text) == ["1/1 · Q16", "repeat 1 · Q16"]  # relearning: back in the session
    assert result.rated[0].state == "relearning" and result.rated[0].requeued

    store.set_setting(conn, "leech-lapses", "2")
    store.set_setting(conn, "leech-action", "suspend")
    fake_clock.travel(days=60)
    result, text, _ = run(conn, bank, [q], ["", "1", "", "3"], limit=1)
    assert "now suspended" in text and asked(text) == ["1/1 · Q16"]


def test_a_step_ending_exactly_at_the_window_comes_back(
    conn: sqlite3.Connection, bank: Bank, at: FakeClock
) -> None:
    store.set_setting(conn, "learn-ahead", "1")  # again's step is one minute
    result, text, _ = run(conn, bank, loss(bank)[:1], ["", "1", "", "3"], limit=1)
    assert asked(text) == ["1/1 · Q16", "repeat 1 · Q16"]


def test_a_follow_up_is_judged_about_its_own_subject(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """`:f` judges the follow-up's answer as `Judge` does with the follow-up's subject (the
    PReLU follow-up's own model answer, said of PReLU: judged with the binding)."""
    from actloss_quiz.review import Judge

    q = next(q for q in bank.questions if q.id == "leaky-relu-prelu")
    fu = q.follow_ups[0]
    assert fu.subject
    events: list[Any] = []
    plan = session.plan_session(conn, [q], clock.now(), limit=1)
    s = session.Session(conn, bank, prompt=Script(["", ":f", fu.answer, "3"]), render=events.append)
    s.run(plan)
    (judged,) = [e for e in events if isinstance(e, session.FollowUpJudged)]
    assert judged.scored == Judge(bank)(
        fu.answer, fu.key_points, fu.misconceptions, fu.subject, fu.answer
    )


def test_a_card_back_in_review_is_not_asked_again_however_wide_the_window(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """With the widest learn-ahead (a day), a relearned card that `good` puts back in review
    for a day is done for this session: only learning steps come back."""
    store.set_setting(conn, "learn-ahead", "1440")
    q = loss(bank)[0]
    key = (q.id, q.number, q.topic, q.difficulty)
    rate(conn, key, 4, fake_clock.t, session_id=None)
    for rating, days in ((1, 60), (3, 0.01)):  # a lapse, relearned: a weaker memory
        fake_clock.travel(days=days)
        rate(conn, key, rating, fake_clock.t, session_id=None)
    fake_clock.travel(days=3)
    result, text, script = run(conn, bank, [q], ["", "1", "", "3"], limit=1)
    assert asked(text) == ["1/1 · Q16", "repeat 1 · Q16"] and not script.lines
    assert result.ended_by == "finished" and result.rated[-1].state == "review"
    due = result.rated[-1].due
    assert due is not None and due - fake_clock.t <= timedelta(days=1)


def test_an_answer_is_judged_about_the_questions_subject(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """The softmax question's model answer after "the mse loss": judged with the question's
    subject, as `Judge` does (the points are said of the loss, not of softmax)."""
    from actloss_quiz.review import Judge

    q = next(q for q in bank.questions if q.id == "softmax-purpose")
    typed = "the mse loss " + q.answer
    events: list[Any] = []
    plan = session.plan_session(conn, [q], clock.now(), limit=1)
    s = session.Session(conn, bank, prompt=Script([typed, "3"]), render=events.append)
    s.run(plan)
    (revealed,) = [e for e in events if isinstance(e, session.Revealed)]
    assert revealed.scored == Judge(bank)(
        typed, q.key_points, q.misconceptions, q.subject, q.answer
    )


def test_a_quick_answers_time_is_kept_below_a_second(
    conn: sqlite3.Connection, bank: Bank, at: FakeClock
) -> None:
    def answer_quickly(text: str) -> str:
        at.travel(seconds=0.25)
        return script(text)

    script = Script(["", "3"])
    plan = session.plan_session(conn, loss(bank)[:1], clock.now(), limit=1)
    session.Session(conn, bank, prompt=answer_quickly, render=lambda e: None).run(plan)
    (review,) = reviews(conn)
    assert review.response_seconds == 0.25


def test_demo_on_shows_nothing_for_a_question_without_a_demo(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """(The session's `demo` callable gives nothing: a question without a demo.)"""
    store.set_setting(conn, "demo", "on")
    q = loss(bank)[0]
    events: list[Any] = []
    plan = session.plan_session(conn, [q], clock.now(), limit=1)
    settings = load_settings(conn)
    s = session.Session(
        conn, bank, prompt=Script(["", "3"]), render=events.append, settings=settings
    )
    s.run(plan)
    assert not [e for e in events if isinstance(e, session.NoDemo)]
    assert ratings(conn) == [(q.id, 3)]


def test_the_tip_follows_a_one_topic_session_only(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    two = [loss(bank)[0], next(q for q in bank.questions if q.topic == "activation")]
    assert bank.tips.get("loss") and bank.tips.get("activation")
    for questions, tips in ((two, 0), (loss(bank)[1:2], 1)):
        events: list[Any] = []
        plan = session.plan_session(conn, questions, clock.now(), limit=2)
        s = session.Session(conn, bank, prompt=Script(["", "3", "", "3"]), render=events.append)
        s.run(plan)
        assert len([e for e in events if isinstance(e, session.Tip)]) == tips


def test_the_readiness_moved_by_a_session_under_a_plan(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """Before and after, when the forecast is of the same interview and something was rated;
    nothing when nothing was rated or the date moved."""
    from datetime import date

    from actloss_quiz.deadline import Readiness

    day = date(2026, 12, 20)

    def forecasts(*values: Readiness | None) -> Any:
        left = list(values)
        return lambda: left.pop(0)

    def moved(lines: list[str], *values: Readiness | None) -> list[session.ReadinessMoved]:
        events: list[Any] = []
        plan = session.plan_session(conn, loss(bank), clock.now(), limit=1, new=5)
        s = session.Session(
            conn,
            bank,
            prompt=Script(lines),
            render=events.append,
            forecast=forecasts(*values),
        )
        s.run(plan)
        return [e for e in events if isinstance(e, session.ReadinessMoved)]

    one, two = Readiness(day, 0.5, 0.25), Readiness(day, 0.625, 0.375)
    assert moved(["", "3"], one, two) == [session.ReadinessMoved(day, 0.5, 0.625, 0.25, 0.375)]
    assert moved([":q"], one, two) == []  # nothing rated
    assert moved(["", "3"], None, two) == []  # the plan came into force during the session
    later = Readiness(date(2026, 12, 21), 0.625, 0.375)
    assert moved(["", "3"], one, later) == []  # another interview date


def test_the_rating_prompt_lists_only_what_it_is_given() -> None:
    assert session.rating_prompt(3, None, T0) == "1 again · 2 hard · 3 good · 4 easy [good] > "
    assert session.rating_prompt(None, None, T0, follow_up=True, demo=True) == (
        "1 again · 2 hard · 3 good · 4 easy · :f · :d > "
    )


def test_a_rating_stores_the_previewed_review_with_the_answers_duration(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the prompt previewed (fuzz drawn once) is what is stored, whether the rating is
    typed or Enter accepts the suggestion; fsrs's log keeps the answer's time in ms."""
    import json

    from actloss_quiz import scheduler

    previewed: list[dict[int, scheduler.Reviewed]] = []
    real = scheduler.outcomes

    def keep(*args: Any, **kw: Any) -> dict[int, scheduler.Reviewed]:
        previewed.append(real(*args, **kw))
        return previewed[-1]

    monkeypatch.setattr(scheduler, "outcomes", keep)
    qs = loss(bank)[:2]
    for q in qs:
        rate(conn, (q.id, q.number, q.topic, q.difficulty), 4, fake_clock.t, session_id=None)
    fake_clock.travel(days=90)  # both long due: review intervals, with fuzz
    typed = "a scalar value: how far predictions are from targets, average loss minimized"
    run(conn, bank, qs, [typed, "", "", "4"], limit=2)  # Enter: the suggestion (good); easy

    def stored_as_previewed(q: Question, preview: dict[int, scheduler.Reviewed], rating: int):
        card = store.get_card(conn, q.id)
        assert card is not None and card.due == clock.iso(preview[rating].due)

    for q, preview, rating in zip(qs, previewed, (3, 4), strict=True):
        stored_as_previewed(q, preview, rating)
    fake_clock.travel(days=400)
    _rate_then_quit(conn, bank, ["", ":q", "2"])  # rated hard before quitting
    stored_as_previewed(qs[0], previewed[2], 2)
    for review in reviews(conn)[2:4]:
        log = json.loads(review.review_log)
        assert log["review_duration"] == round(review.response_seconds * 1000)


def test_end_of_input_at_the_rating_prompt_records_nothing_on_a_line_of_its_own(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    result, text, _ = run(conn, bank, loss(bank), [""], limit=1)
    assert ratings(conn) == [] and result.ended_by == "quit"
    lines = text.splitlines()
    note = lines.index("Q16 was not rated: nothing was recorded for it.")
    assert lines[note - 1] == ""


def test_a_missing_demo_is_said_only_when_asked_for(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    """`:d` on a question without a demo says so (and the verdict is not shown again);
    `demo after` shows nothing for it."""
    events: list[Any] = []
    store.set_setting(conn, "demo", "after")
    plan = session.plan_session(conn, loss(bank)[:1], clock.now(), limit=1)
    s = session.Session(
        conn,
        bank,
        prompt=Script(["", ":d", "3"]),
        render=events.append,
        settings=load_settings(conn),
    )
    s.run(plan)
    assert len([e for e in events if isinstance(e, session.NoDemo)]) == 1  # the `:d`
    assert len([e for e in events if isinstance(e, session.Verdict)]) == 1
