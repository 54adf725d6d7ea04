"""filters: --topic/--difficulty/--tag and question references against the bank."""

from __future__ import annotations

import sqlite3

import pytest

from actloss_quiz import store
from actloss_quiz.bank import Bank, Question
from actloss_quiz.errors import QuizUsageError
from actloss_quiz.filters import (
    check_filters,
    check_topic,
    find_question,
    find_question_id,
    split_values,
)
from tests.helpers import T0


def _q(qid: str, number: int, topic: str, tags: tuple[str, ...] = ()) -> Question:
    return Question(qid, number, topic, "easy", "?", "!", tags=tags)


BANK = Bank(
    questions=(
        _q("relu", 1, "activation", ("basics",)),
        _q("gelu", 2, "activation"),
        _q("mse", 1, "loss", ("regression", "basics")),
    )
)


def test_split_values_takes_commas_and_repeats() -> None:
    assert split_values(["easy,medium", " hard ", ",,"]) == ["easy", "medium", "hard"]
    assert split_values(None) == []


def test_check_filters_returns_the_split_values() -> None:
    assert check_filters(BANK, topic="loss", difficulty=["easy,hard"], tag=["basics"]) == (
        "loss",
        ["easy", "hard"],
        ["basics"],
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"topic": "los"},
            "--topic: unknown topic 'los' (did you mean 'loss'?); valid values: activation, loss",
        ),
        (
            {"difficulty": ["easy,hadr"]},
            "--difficulty: unknown difficulty 'hadr' (did you mean 'hard'?)",
        ),
        (
            {"tag": ["basic"]},
            "--tag: unknown tag 'basic' (did you mean 'basics'?); valid values: basics, regression",
        ),
    ],
)
def test_check_filters_names_the_option_and_the_valid_values(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(QuizUsageError) as e:
        check_filters(BANK, **kwargs)  # type: ignore[arg-type]
    assert str(e.value).startswith(message)


def test_find_question_by_id_or_number() -> None:
    assert find_question(BANK, " gelu ").id == "gelu"
    assert find_question(BANK, "2").id == "gelu"
    assert find_question(BANK, "1", topic="loss").id == "mse"
    with pytest.raises(QuizUsageError, match="number 1 matches questions in several topics: relu"):
        find_question(BANK, "1")
    with pytest.raises(QuizUsageError, match=r"no question number 7 \(numbers: 1-2\)"):
        find_question(BANK, "7")
    with pytest.raises(QuizUsageError, match="did you mean: relu, gelu"):
        find_question(BANK, "reul")
    with pytest.raises(QuizUsageError, match="no question given"):
        find_question(BANK, "  ")
    with pytest.raises(QuizUsageError, match="unknown question 'mse'"):
        find_question(BANK, "mse", topic="activation")
    with pytest.raises(QuizUsageError, match=r"no question number 1111111111111 \(numbers: 1-2\)"):
        find_question(BANK, "1" * 13)  # too many digits: no question, no overflow


def test_a_removed_topic_or_question_with_history_is_accepted(conn: sqlite3.Connection) -> None:
    store.record_review(
        conn, question_id="gone", rating=3, reviewed_at=T0, card=None, topic="retired"
    )
    check_topic(BANK, "retired", conn)  # in the history: fine
    with pytest.raises(QuizUsageError, match="unknown topic 'retired'"):
        check_topic(BANK, "retired", None)
    with pytest.raises(QuizUsageError, match="unknown topic 'retired'"):
        check_topic(BANK, "retired", conn, drills=True)
    assert find_question_id(BANK, conn, "gone") == "gone"
    assert find_question_id(BANK, conn, "relu") == "relu"
    with pytest.raises(QuizUsageError):
        find_question_id(BANK, conn, "never-seen")
