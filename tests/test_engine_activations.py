"""Activations against mpmath (50 digits), at ordinary and extreme inputs, without warnings."""

from __future__ import annotations

from collections.abc import Callable

import mpmath as mp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actloss_quiz.engine import activations as act

mp.mp.dps = 50
REL = 1e-12
ORDINARY = [-20.0, -6.0, -3.0, -1.0, -0.5, -1e-8, 0.0, 1e-8, 0.3, 1.0, 2.5, 7.0, 20.0]
EXTREME = [-1e308, -1e5, -745.0, -40.0, 40.0, 745.0, 1e5, 1e308]


def _sig(x: mp.mpf) -> mp.mpf:
    return 1 / (1 + mp.exp(-x))


def _cdf(x: mp.mpf) -> mp.mpf:
    return mp.erfc(-x / mp.sqrt(2)) / 2


def _gelu_tanh(x: mp.mpf) -> mp.mpf:
    c = mp.sqrt(2 / mp.pi)
    return x * _sig(2 * c * (x + mp.mpf("0.044715") * x**3))


REFERENCES: dict[
    str, tuple[Callable[..., tuple[np.ndarray, np.ndarray]], Callable[[mp.mpf], mp.mpf]]
] = {
    "sigmoid": (act.sigmoid, _sig),
    "tanh": (act.tanh, mp.tanh),
    "softplus": (act.softplus, lambda x: mp.log1p(mp.exp(x))),
    "gelu": (act.gelu, lambda x: x * _cdf(x)),
    "gelu-tanh": (act.gelu_tanh, _gelu_tanh),
    "silu": (act.silu, lambda x: x * _sig(x)),
    "elu": (act.elu, lambda x: x if x > 0 else mp.expm1(x)),
}


def _close(got: float, ref: mp.mpf, *, atol: float = 0.0) -> bool:
    ref_f = float(ref)
    return abs(got - ref_f) <= REL * abs(ref_f) + atol


@pytest.mark.parametrize("name", sorted(REFERENCES))
@pytest.mark.parametrize("x", ORDINARY)
def test_value_and_derivative_match_mpmath(name: str, x: float) -> None:
    fn, ref = REFERENCES[name]
    value, grad = fn(np.array([x]))
    xm = mp.mpf(x)
    assert _close(float(value[0]), ref(xm)), (value, ref(xm))
    # The derivative has roots (gelu near -0.75, silu near -1.28): allow a tiny absolute slack.
    assert _close(float(grad[0]), mp.diff(ref, xm), atol=1e-15), (grad, mp.diff(ref, xm))


@pytest.mark.parametrize("name", sorted(REFERENCES) + ["relu", "leaky-relu"])
def test_extremes_finite_and_silent(name: str) -> None:
    fn = (
        REFERENCES[name][0]
        if name in REFERENCES
        else {"relu": act.relu, "leaky-relu": act.leaky_relu}[name]
    )
    x = np.array(EXTREME + [-1.7976931348623157e308, 1.7976931348623157e308])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # NumPy's warnings
        value, grad = fn(x)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus", "silu", "gelu-tanh"])
@pytest.mark.parametrize("x", [-700.0, -40.0, 40.0, 700.0])
def test_tails_are_exact_not_just_finite(name: str, x: float) -> None:
    """sigmoid'(40) is 4.2e-18, not 0 (PyTorch's 1 - s gives 0)."""
    fn, ref = REFERENCES[name]
    value, grad = fn(np.array([x]))
    d = mp.diff(ref, mp.mpf(x))
    assert _close(float(value[0]), ref(mp.mpf(x)))
    assert abs(float(grad[0]) - float(d)) <= REL * abs(float(d)) + 1e-300


def test_kink_conventions_follow_pytorch() -> None:
    assert act.relu(0.0)[1] == 0.0
    assert act.leaky_relu(0.0, 0.01)[1] == 0.01
    value, grad, dalpha = act.prelu(np.array([-2.0, 0.0, 3.0]), 0.25)
    np.testing.assert_array_equal(value, [-0.5, 0.0, 3.0])
    np.testing.assert_array_equal(grad, [0.25, 0.25, 1.0])
    np.testing.assert_array_equal(dalpha, [-2.0, 0.0, 0.0])
    assert act.elu(0.0, 0.5)[1] == 0.5


def test_softmax_large_logits() -> None:
    p, jac = act.softmax(np.array([1000.0, 1001.0]))
    ref = [1 / (1 + mp.e), mp.e / (1 + mp.e)]
    assert all(_close(float(a), b) for a, b in zip(p, ref, strict=True))
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-16)


def test_softmax_jacobian_matches_mpmath() -> None:
    z = [2.0, 1.0, 0.1]
    p, jac = act.softmax(np.array(z))
    zm = [mp.mpf(v) for v in z]
    for i in range(3):
        for j in range(3):

            def pi(t: mp.mpf, i: int = i, j: int = j) -> mp.mpf:
                zz = list(zm)
                zz[j] = t
                return mp.exp(zz[i]) / mp.fsum(mp.exp(v) for v in zz)

            assert _close(float(jac[i, j]), mp.diff(pi, zm[j]))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(-1e4, 1e4), min_size=1, max_size=6))
def test_softmax_sums_to_one_for_any_logits(z: list[float]) -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # NumPy's warnings
        p, _ = act.softmax(np.array(z))
    assert abs(float(np.sum(p)) - 1.0) < 1e-12


@pytest.mark.parametrize(
    "z",
    [
        [1e308, -1e308, 0.0],
        [1.7976931348623157e308, -1.7976931348623157e308],
        [-1e308, -1e308],
        [1e308, 1e308, 1e308],
    ],
)
def test_softmax_at_the_float_limits_is_finite_and_silent(z: list[float]) -> None:
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        p, jac = act.softmax(np.array(z))
    assert np.all(np.isfinite(p)) and np.all(np.isfinite(jac))
    assert float(np.sum(p)) == pytest.approx(1.0, abs=1e-15)
    assert p[int(np.argmax(z))] >= 1.0 / len(z)


@pytest.mark.parametrize("fn", [lambda x: act.elu(x, 1.0), lambda x: act.prelu(x, 0.25)[:2]])
def test_elu_and_prelu_at_the_float_limits(fn) -> None:  # type: ignore[no-untyped-def]
    x = np.array(EXTREME + [-1.7976931348623157e308, 1.7976931348623157e308])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value, grad = fn(x)
    assert np.all(np.isfinite(value)) and np.all(np.isfinite(grad))
