"""Follow-up questions in use: `:f` in a session (judged, schedule unchanged), `quiz show`,
`quiz list --json`, `quiz validate` on a follow-up's demo, and the session's prompt."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from actloss_quiz import clock, session, store
from actloss_quiz.bank import Bank, Question, load_bank
from actloss_quiz.cli import app
from actloss_quiz.render.session import session_view
from actloss_quiz.scoring import judge
from actloss_quiz.settings import load_settings
from tests.helpers import FakeClock, Script, recording_console

GOOD_FOLLOW_UP = (
    "The loss scores one example; the cost is the average loss over the training set plus "
    "regularization, what you minimise; the metric is what you report and select models on; "
    "the loss is a differentiable surrogate."
)


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def run(
    conn: sqlite3.Connection, bank: Bank, questions: list[Question], lines: list[str]
) -> tuple[session.SessionResult, list[Any], str, Script]:
    events: list[Any] = []
    console = recording_console(100)

    def render(event: Any) -> None:
        events.append(event)
        console.print(session_view(event))

    settings = load_settings(conn)
    plan = session.plan_session(conn, questions, clock.now(), new_per_day=settings.new_per_day)
    script = Script(lines)
    s = session.Session(
        conn,
        bank,
        prompt=script,
        render=render,
        demo=lambda q: None,
        cram=False,
        settings=settings,
    )
    result = s.run(plan)
    return result, events, console.export_text(), script


def test_f_answers_the_first_follow_up_judged_like_a_question(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = bank.by_id("loss-definition")
    assert q is not None
    result, events, text, script = run(conn, bank, [q], ["", ":f", GOOD_FOLLOW_UP, "3"])
    asked = [e for e in events if isinstance(e, session.FollowUpAsked)]
    judged = [e for e in events if isinstance(e, session.FollowUpJudged)]
    assert [e.follow_up for e in asked] == [q.follow_ups[0]]
    (event,) = judged
    expected = judge(
        GOOD_FOLLOW_UP, q.follow_ups[0].key_points, q.follow_ups[0].misconceptions, bank.synonyms
    )
    assert event.scored is not None
    assert event.scored.points == expected.points and event.scored.score == 1.0
    assert event.scored.suggested_rating == 3
    # the prompts: answer, rating (offering :f), follow-up answer, rating again
    assert script.prompts[0] == session.ANSWER_PROMPT
    assert script.prompts[1].endswith("· :f > ")
    assert script.prompts[2] == session.FOLLOW_UP_PROMPT
    assert script.prompts[3] == script.prompts[1]
    assert "An interviewer may follow up: What is the difference between a loss" in text
    assert "Follow-up answer" in text and "(the schedule is unchanged)" in text
    assert [(r.question.id, r.rating) for r in result.rated] == [("loss-definition", 3)]


def test_f_does_not_change_the_schedule(
    db_path: Path, tmp_path: Path, bank: Bank, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same session with and without `:f` stores the same review and the same card."""
    q = bank.by_id("loss-definition")
    assert q is not None
    stored = []
    for name, lines in (("plain", ["", "3"]), ("with-f", ["", ":f", "a wrong answer", "3"])):
        monkeypatch.setattr(clock, "now", FakeClock())
        conn = store.connect(tmp_path / f"{name}.sqlite3")
        try:
            run(conn, bank, [q], lines)
            rows = conn.execute(
                "SELECT question_id, rating, answer, answer_score, due, stability, difficulty "
                "FROM reviews"
            ).fetchall()
            card = conn.execute("SELECT due, stability, difficulty, state FROM cards").fetchall()
        finally:
            conn.close()
        stored.append(([tuple(r) for r in rows], [tuple(c) for c in card]))
    assert stored[0] == stored[1]
    assert len(stored[0][0]) == 1


def test_f_shows_a_misconception_the_follow_up_answer_asserts(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = bank.by_id("focal-loss")
    assert q is not None
    wrong = "alpha up-weights positives, so 0.25 boosts the rare class"
    _, events, text, _ = run(conn, bank, [q], ["", ":f", wrong, "2"])
    (event,) = [e for e in events if isinstance(e, session.FollowUpJudged)]
    assert event.scored is not None
    assert [m.claim for m in event.scored.misconceptions] == [
        q.follow_ups[0].misconceptions[0].claim
    ]
    assert event.scored.suggested_rating == 1
    assert "✗ misconception: α = 0.25 up-weights the rare positive class" in text


def test_f_with_nothing_typed_shows_the_model_answer_and_u_goes_back(
    conn: sqlite3.Connection, bank: Bank, fake_clock: FakeClock
) -> None:
    q = bank.by_id("hinge-loss")
    assert q is not None
    _, events, text, script = run(conn, bank, [q], ["", ":f", "", ":f", ":u", "good"])
    judged = [e for e in events if isinstance(e, session.FollowUpJudged)]
    assert len(judged) == 1 and judged[0].scored is None
    assert "support vectors" in text  # the follow-up's model answer
    assert script.prompts.count(session.FOLLOW_UP_PROMPT) == 2
    assert store.get_card(conn, "hinge-loss") is not None


def test_f_without_a_follow_up_says_so(
    conn: sqlite3.Connection, tmp_path: Path, fake_clock: FakeClock
) -> None:
    bank_file = tmp_path / "plain.yaml"
    bank_file.write_text(
        "topic: plain\nquestions:\n  - id: bare\n    difficulty: easy\n    question: Q?\n"
        "    answer: A.\n",
        encoding="utf-8",
    )
    bank = load_bank([bank_file], bundled=False)
    _, events, text, script = run(conn, bank, list(bank.questions), ["", ":f", "1"])
    assert any(isinstance(e, session.NoFollowUp) for e in events)
    assert "This question has no follow-up." in text
    assert ":f" not in script.prompts[1]


# --------------------------------------------------------------------------- CLI


def test_start_with_f_through_the_cli(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(
        app,
        ["start", "--topic", "loss", "--limit", "1"],
        input=f"a scalar\n:f\n{GOOD_FOLLOW_UP}\n3\n",
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "An interviewer may follow up:" in out
    assert "Follow-up answer" in out and "Score: 1.00 (4/4 key points)" in out
    assert "good: back in" in out
    conn = sqlite3.connect(db_path)
    try:
        rows = conn.execute("SELECT question_id, rating, answer FROM reviews").fetchall()
    finally:
        conn.close()
    assert rows == [("loss-definition", 3, "a scalar")]  # the follow-up answer is not stored


def test_show_lists_the_follow_ups(runner: CliRunner) -> None:
    result = runner.invoke(app, ["show", "kl-divergence", "--no-demo"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "Follow-ups:" in out
    q = load_bank().by_id("kl-divergence")
    assert q is not None
    for i, fu in enumerate(q.follow_ups, 1):
        assert f"{i}. {fu.question}" in out.replace("│ ", "").replace(" │", "")


def test_show_json_and_list_json_carry_the_follow_ups(runner: CliRunner) -> None:
    shown = json.loads(runner.invoke(app, ["show", "huber-vs-mse", "--json"]).stdout)
    assert [f["question"] for f in shown["follow_ups"]] == [
        "What is the difference between PyTorch's HuberLoss and SmoothL1Loss?",
        "How would you choose Huber's δ?",
    ]
    assert shown["follow_ups"][0]["core_points"] == [
        "huber = delta times smooth l1",
        "same for delta 1",
    ]
    listed = json.loads(runner.invoke(app, ["list", "--json"]).stdout)
    counts = {row["id"]: row["follow_ups"] for row in listed}
    bank = load_bank()
    assert counts == {q.id: len(q.follow_ups) for q in bank.questions}
    assert counts["huber-vs-mse"] == 2 and set(counts.values()) == {1, 2}


def test_validate_reports_a_follow_up_demo_that_does_not_run(
    runner: CliRunner, tmp_path: Path
) -> None:
    bank_file = tmp_path / "fu-demo.yaml"
    bank_file.write_text(
        "topic: extra\nquestions:\n  - id: with-fu\n    difficulty: easy\n    question: Q?\n"
        "    answer: A.\n    follow_ups:\n      - question: Then?\n        answer: This.\n"
        "      - question: And?\n        answer: That.\n"
        "        demo: {scenario: kl-direction}\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--no-bundled", "--questions", str(bank_file), "validate"])
    assert result.exit_code == 1
    assert (
        f"{bank_file}:10: with-fu: follow-up 2: demo does not run: unknown scenario "
        "'kl-direction'. Did you mean: kl-directions?"
    ) in result.stderr
