"""Losses against PyTorch float64 golden values and mpmath; extremes stay finite and exact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import mpmath as mp
import numpy as np
import pytest

from actloss_quiz.engine import losses as ls
from actloss_quiz.engine.catalogue import run_demo

mp.mp.dps = 50
GOLDEN = json.loads((Path(__file__).parent / "golden" / "golden.json").read_text())


def _golden_id(case: dict[str, Any]) -> str:
    return case["demo"] + ":" + ",".join(f"{k}={v}" for k, v in case["args"].items())


@pytest.mark.parametrize("case", GOLDEN, ids=_golden_id)
def test_matches_pytorch_float64(case: dict[str, Any]) -> None:
    got = run_demo(case["demo"], case["args"]).to_json_dict()
    for key in ("value", "grad", "grad_alpha"):
        if key not in case:
            continue
        expected = np.array(case[key], dtype=np.float64)
        actual = np.array(got[key], dtype=np.float64)
        if case["demo"] == "sigmoid" and key == "grad":
            # PyTorch's s(1 - s) loses the positive tail; compare that side with mpmath.
            for x, g in zip(np.ravel(np.array(got["params"]["x"])), np.ravel(actual), strict=True):
                e = mp.exp(-abs(mp.mpf(x)))
                ref = float(e / (1 + e) ** 2)  # sigmoid(x) sigmoid(-x): no 1 - s
                assert abs(g - ref) <= 1e-12 * ref
            continue
        np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=0, err_msg=key)


def test_issue_cross_entropy_example() -> None:
    case = next(
        c
        for c in GOLDEN
        if c["demo"] == "cross-entropy" and c["args"].get("label-smoothing") == "0.1"
    )
    got = run_demo(
        "cross-entropy",
        {"logits": "2,1,0.1;0.5,2.5,0.3", "target": "0,1", "label-smoothing": "0.1"},
    ).to_json_dict()
    assert got["value"] == pytest.approx(case["value"], rel=1e-13)
    np.testing.assert_allclose(got["grad"], case["grad"], rtol=1e-12)


def _mp_logsoftmax(z: list[float]) -> list[mp.mpf]:
    zm = [mp.mpf(v) for v in z]
    lse = mp.log(mp.fsum(mp.exp(v) for v in zm))
    return [v - lse for v in zm]


@pytest.mark.parametrize(
    "z", [[2.0, 1.0, 0.1], [40.0, 0.0, -3.0], [1e4, -1e4, 0.0], [-1e4, 1e4, 5e3], [0.0, 0.0]]
)
def test_cross_entropy_exact_for_huge_logits(z: list[float]) -> None:
    """-log p_y and p - y to 1e-12 relative, even when p_y is 1 - 1e-17 or e^-2e4."""
    for y in range(len(z)):
        value, grad = ls.cross_entropy(np.array(z), np.array([y]))
        logp = _mp_logsoftmax(z)
        ref = -logp[y]
        assert abs(value - float(ref)) <= 1e-12 * abs(float(ref)) + 1e-300
        for k in range(len(z)):
            g_ref = mp.exp(logp[k]) - (1 if k == y else 0)
            assert abs(grad[k] - float(g_ref)) <= 1e-12 * abs(float(g_ref)) + 1e-300


@pytest.mark.parametrize("z", [-1e4, -50.0, -1.0, 0.0, 2.0, 50.0, 1e4])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_logits_and_focal_exact_at_extremes(z: float, y: float) -> None:
    zm = mp.mpf(z)
    u = zm if y else -zm  # p_t = sigmoid(u), computed in log space (1 - s rounds to 0)
    ce = mp.log1p(mp.exp(-u))
    value, grad = ls.bce_logits(np.array(z), np.array(y))
    assert abs(value - float(ce)) <= 1e-12 * float(ce) + 1e-300
    g_ref = (-1 if y else 1) / (1 + mp.exp(u))  # sigmoid(z) - y
    assert abs(float(grad) - float(g_ref)) <= 1e-12 * abs(float(g_ref)) + 1e-300

    alpha_t = 0.25 if y else 0.75

    def focal_ref(t: mp.mpf) -> mp.mpf:
        ut = t if y else -t
        return alpha_t * (1 / (1 + mp.exp(ut))) ** 2 * mp.log1p(mp.exp(-ut))

    fv, fg = ls.focal(np.array(z), np.array(y))
    ref = focal_ref(zm)
    assert abs(fv - float(ref)) <= 1e-12 * float(ref) + 1e-300
    d = mp.diff(focal_ref, zm)
    assert abs(float(fg) - float(d)) <= 1e-11 * abs(float(d)) + 1e-300


def test_bce_clamps_log_at_minus_100() -> None:
    value, grad = ls.bce(np.array([0.0, 1.0]), np.array([1.0, 0.0]))
    assert value == 100.0
    assert np.all(np.isfinite(grad))


def test_kl_zero_log_zero_and_batchmean() -> None:
    value, grad = ls.kl(np.array([0.5, 0.5, 0.0]), np.array([0.25, 0.25, 0.5]))
    assert value == pytest.approx(float(mp.log(2)), rel=1e-15)
    assert grad[2] == 0.0
    rows, _ = ls.kl(np.array([[0.5, 0.5], [1.0, 0.0]]), np.array([[0.5, 0.5], [0.5, 0.5]]))
    assert rows == pytest.approx(float(mp.log(2)) / 2, rel=1e-15)


def test_distill_is_zero_when_student_equals_teacher() -> None:
    value, grad = ls.distill(np.array([3.0, 1.0, 0.2]), np.array([3.0, 1.0, 0.2]), 4.0)
    assert value == 0.0
    np.testing.assert_array_equal(grad, 0.0)


def test_hinge_subgradient_at_margin_is_zero() -> None:
    _, grad = ls.hinge(np.array([1.0, 0.5]), np.array([1.0, 1.0]))
    np.testing.assert_array_equal(grad, [0.0, -0.5])


def test_mae_subgradient_at_zero_error_is_zero() -> None:
    _, grad = ls.mae(np.array([2.0, 3.0]), np.array([2.0, 1.0]))
    np.testing.assert_array_equal(grad, [0.0, 0.5])


def _mp_smooth_l1(r: mp.mpf, beta: mp.mpf) -> mp.mpf:
    """PyTorch's SmoothL1Loss documentation, written out: 0.5 r^2/beta or |r| - 0.5 beta."""
    return r * r / (2 * beta) if abs(r) < beta else abs(r) - beta / 2


def _mp_huber(r: mp.mpf, delta: mp.mpf) -> mp.mpf:
    return r * r / 2 if abs(r) < delta else delta * (abs(r) - delta / 2)


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
@pytest.mark.parametrize("r", [-5.0, -2.0, -0.3, 0.0, 0.5, 1.9, 3.0, 1e4])
def test_smooth_l1_matches_its_definition_and_huber_over_delta(r: float, beta: float) -> None:
    value, grad = ls.smooth_l1(np.array([r]), np.array([0.0]), beta)
    ref = _mp_smooth_l1(mp.mpf(r), mp.mpf(beta))
    assert abs(value - float(ref)) <= 1e-15 * max(1.0, abs(float(ref)))
    if abs(r) != beta:  # the switch point itself is C1 anyway; skip the one-sided diff there
        d = mp.diff(lambda t: _mp_smooth_l1(t, mp.mpf(beta)), mp.mpf(r))
        assert abs(float(grad[0]) - float(d)) <= 1e-12
    # HuberLoss(delta) = delta * SmoothL1Loss(beta = delta), value and gradient
    h_value, h_grad = ls.huber(np.array([r]), np.array([0.0]), beta)
    assert float(_mp_huber(mp.mpf(r), mp.mpf(beta))) == pytest.approx(h_value, rel=1e-15)
    assert h_value == pytest.approx(beta * value, rel=1e-15, abs=1e-300)
    assert h_grad[0] == pytest.approx(beta * grad[0], rel=1e-15, abs=1e-300)


def test_smooth_l1_averages_over_elements() -> None:
    value, grad = ls.smooth_l1(np.array([0.5, 3.0]), np.array([0.0, 0.0]), 2.0)
    assert value == (0.0625 + 2.0) / 2
    np.testing.assert_array_equal(grad, [0.25 / 2, 1.0 / 2])
