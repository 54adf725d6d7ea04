"""Question demos: scenarios and catalogue demos named by a question's `demo:` spec."""

from __future__ import annotations

import pytest

from actloss_quiz.engine.scenarios import SCENARIOS, question_demo
from actloss_quiz.errors import DemoInputError


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_scenario_runs_and_is_deterministic(name: str) -> None:
    first = question_demo({"scenario": name}, deterministic=True)
    second = question_demo({"scenario": name}, deterministic=True)
    assert first == second
    assert first.rows and first.columns and first.notes
    assert all(len(row) == len(first.columns) for row in first.rows)
    assert not first.live


def test_timing_scenario_is_live_outside_deterministic_mode() -> None:
    view = question_demo({"scenario": "relu-vs-sigmoid-timing"})
    assert view.live
    assert view.rows[0][-1].endswith(" ms")


def test_catalogue_question_demo_with_args() -> None:
    view = question_demo({"name": "relu", "args": {"x": "-1,0,1"}})
    assert view.columns[:2] == ["x", "relu(x)"]
    assert [row[-1] for row in view.rows] == ["✓", "kink", "✓"]
    assert question_demo({"name": "swish", "args": {"x": 1}}).rows[0][0] == "1"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"name": "relu", "scenario": "dead-relu"}, "exactly one of 'name'"),
        ({}, "exactly one of 'name'"),
        ({"scenario": "dead-relus"}, "unknown scenario 'dead-relus'. Did you mean: dead-relu?"),
        ({"name": "relux"}, "unknown demo 'relux'"),
        ({"name": "relu", "args": {"alpha": "1"}}, "--alpha: not a parameter of relu"),
        ({"name": "relu", "args": {"x": "abc"}}, "--x: 'abc' is not a number"),
        ({"name": "relu", "arg": {}}, "unknown key(s) arg"),
        ({"scenario": "dead-relu", "args": {"x": "1"}}, "takes no args"),
        ("relu", "demo must be a mapping"),
    ],
)
def test_bad_question_demo_specs(spec: object, message: str) -> None:
    with pytest.raises(DemoInputError) as info:
        question_demo(spec)  # type: ignore[arg-type]
    assert message in str(info.value)
