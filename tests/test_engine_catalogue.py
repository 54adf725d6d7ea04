"""The demo catalogue: every entry runs, special behaviour lives in fields, plot curves."""

from __future__ import annotations

import pytest

from actloss_quiz.engine.catalogue import DEMOS, run_demo
from actloss_quiz.engine.curves import sample_curve


@pytest.mark.parametrize("name", list(DEMOS))
def test_every_demo_runs_with_defaults(name: str) -> None:
    result = run_demo(name, {})
    assert result.ok, result


def test_prelu_reports_and_checks_the_alpha_gradient() -> None:
    result = run_demo("prelu", {"x": "-2,1", "alpha": "0.25"})
    assert DEMOS["prelu"].learned is not None
    assert result.grad_alpha is not None and result.check_alpha is not None
    assert result.grad_alpha.tolist() == [-2.0, 0.0]  # d/dalpha = min(x, 0)
    assert result.check_alpha.ok


def test_only_softmax_has_a_jacobian() -> None:
    assert [name for name, d in DEMOS.items() if d.jacobian] == ["softmax"]


@pytest.mark.parametrize("name", ["relu", "softmax", "mse"])
def test_curves_sample_the_function_and_its_derivative(name: str) -> None:
    curve = sample_curve(run_demo(name, {}), points=11)
    assert len(curve.xs) == len(curve.ys) == len(curve.dys) == 11
    assert curve.xs == sorted(curve.xs)
