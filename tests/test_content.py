"""The bundled bank's content: follow-ups on every question, and every number it prints is right.

Each numeric claim in a question's answer, formula or misconceptions (the claim and the
correction the quiz prints) or in a follow-up (its answer, key points and misconceptions) is
recomputed here with the engine or with mpmath (`CLAIMS`; a misconception's false number is
checked to be false); a number that is a definition, a convention, a published setting or a
citation year rather than a computation is listed in `NOT_COMPUTED` with its reason.
`test_every_number_is_accounted_for` fails on any number in the text that neither covers, so a
new number cannot slip in unchecked.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, partial

import mpmath as mp  # type: ignore[import-untyped]  # no stubs, no py.typed
import numpy as np
import pytest

from actloss_quiz.bank import load_bank
from actloss_quiz.engine import activations as act
from actloss_quiz.engine import losses as ls
from actloss_quiz.engine.scenarios import question_demo
from tests.content_checks import (
    agrees,
    argmin_on_grid,
    claim_numbers,
    claim_tokens,
    focal_optimum,
    follow_ups,
    raw_questions,
    silu_slope,
)

mp.mp.dps = 30

Where = tuple[str, int | None]  # (question id, follow-up index or None for the question itself)


def _flat(text: str) -> str:
    return " ".join(str(text).split())


def texts(where: Where) -> list[str]:
    """Every shipped sentence of a question or of one of its follow-ups.

    For a question: its answer, its formula and each misconception's claim and correction (the
    quiz prints those when an answer asserts the misconception). Its misconceptions' phrasings
    and its key points' phrasings are left out: they are matching patterns, never printed. For
    a follow-up: its question, answer, key points and misconceptions (claim, phrasings and
    correction).
    """
    qid, index = where
    q = raw_questions()[qid]
    if index is None:
        out = [_flat(q["answer"]), _flat(q.get("formula") or "")]
        for m in q.get("misconceptions") or []:
            out += [m["claim"], _flat(m["correction"])]
        return out
    fu = follow_ups(qid)[index]
    out = [_flat(fu["question"]), _flat(fu["answer"])]
    for point in fu.get("key_points") or []:
        out += point["phrasings"] if isinstance(point, dict) else point
    for m in fu.get("misconceptions") or []:
        out += [m["claim"], *m["phrasings"], _flat(m["correction"])]
    return out


# --------------------------------------------------------------------------- structure


ALL_IDS = [q.id for q in load_bank().questions]


@pytest.mark.parametrize("qid", ALL_IDS)
def test_every_question_has_one_or_two_complete_follow_ups(qid: str) -> None:
    fus = follow_ups(qid)
    assert 1 <= len(fus) <= 2
    assert list(raw_questions()[qid])[-1] == "follow_ups"  # the last key of the block
    for fu in fus:
        assert fu["question"].strip().endswith("?"), fu["question"]
        assert len(fu["answer"].split()) >= 25, fu["question"]
        points = fu["key_points"]
        assert 3 <= len(points) <= 6, fu["question"]
        core = [p for p in points if isinstance(p, dict) and p.get("core")]
        assert 1 <= len(core) <= 2, fu["question"]
        assert 1 <= len(fu["misconceptions"]) <= 8, fu["question"]
        for m in fu["misconceptions"]:
            assert m["claim"] and m["phrasings"] and m["correction"], m


def test_follow_up_questions_are_distinct_and_not_the_main_question() -> None:
    seen = set()
    for qid in ALL_IDS:
        for fu in follow_ups(qid):
            key = fu["question"].casefold()
            assert key not in seen
            assert key != raw_questions()[qid]["question"].casefold()
            seen.add(key)
    assert len(seen) >= 30


FOLLOW_UP_DEMOS = [
    pytest.param(fu["demo"], id=f"{qid}-{i}")
    for qid in ALL_IDS
    for i, fu in enumerate(follow_ups(qid), 1)
    if fu.get("demo")
]


@pytest.mark.parametrize("demo", FOLLOW_UP_DEMOS)
def test_follow_up_demos_show_rows(demo: dict[str, object]) -> None:
    """Each follow-up demo runs and shows a table (what `quiz validate` checks, plus rows)."""
    assert question_demo(demo, deterministic=True).rows


def test_the_issue_examples_are_asked() -> None:
    """Issue #13's list of what a strong interviewer asks next is all there."""
    asked = " ".join(fu["question"] + " " + fu["answer"] for q in ALL_IDS for fu in follow_ups(q))
    for needle in [
        "z = −4 with y = 1",
        "He (Kaiming)",
        "Xavier/Glorot",
        "SwiGLU",
        "GeGLU",
        "temperature",
        "subtract max z",
        "F.kl_div(input, target) expects input = log q",
        "HuberLoss(δ) = δ·SmoothL1Loss(β = δ)",
        "RetinaNet uses α = 0.25",
        "Label smoothing and knowledge distillation",
        "nn.NLLLoss and nn.CrossEntropyLoss",
        "mode-covering",
        "mode-seeking",
        "Logit adjustment",
    ]:
        assert needle in _flat(asked), needle


# --------------------------------------------------------------------------- numbers


@dataclass(frozen=True)
class Claim:
    """`text` (a substring of the location's text) states `shown` numbers; `values` recompute them.

    A claim with no `shown` numbers is a statement checked by `holds`.
    """

    where: Where
    text: str
    shown: tuple[str, ...] = ()
    values: Callable[[], Sequence[float]] | None = None
    holds: Callable[[], bool] | None = None


def _listed(f: Callable[[], float]) -> Callable[[], list[float]]:
    """A claim's `values` for one number computed by `f` (binds f now, unlike a bare lambda)."""
    return lambda: [f()]


def sig(x: float) -> float:
    return float(act.sigmoid(x)[0])


def dsig(x: float) -> float:
    return float(act.sigmoid(x)[1])


def softmax(*z: float) -> list[float]:
    return [float(v) for v in act.softmax(np.array(z))[0]]


def mse_on_sigmoid_grad(z: float, y: float) -> float:
    """d/dz (sigmoid(z) - y)^2 through the engine: the MSE gradient times sigmoid'(z)."""
    _, g = ls.mse(np.array([sig(z)]), np.array([y]))
    return float(g[0]) * dsig(z)


def huber_efficiency(delta: mp.mpf) -> mp.mpf:
    """Asymptotic efficiency of the Huber M-estimator of location at the standard normal."""
    inside = mp.erf(delta / mp.sqrt(2))
    second = mp.quad(lambda x: x**2 * mp.npdf(x), [-delta, delta]) + delta**2 * (1 - inside)
    return inside**2 / second


def kl(p: Sequence[float], q: Sequence[float]) -> float:
    return ls.kl(np.array(p), np.array(q))[0]


def prior_corrected(p_model: float, train_prior: float, true_prior: float) -> float:
    pos = p_model * true_prior / train_prior
    neg = (1 - p_model) * (1 - true_prior) / (1 - train_prior)
    return pos / (pos + neg)


def pinball_minimiser(y: np.ndarray, tau: float) -> float:
    def loss(c: float) -> float:
        r = y - c
        return float(np.mean(np.where(r >= 0, tau * r, (tau - 1) * r)))

    return argmin_on_grid(loss, np.unique(y))


def _float32_sigmoid_is_one(z: float) -> bool:
    one = np.float32(1)
    return bool(one / (one + np.exp(np.float32(-z))) == one)


def _smooth_l1(r: np.ndarray, beta: float) -> np.ndarray:
    a = np.abs(r)
    out: np.ndarray = np.where(a < beta, 0.5 * r * r / beta, a - 0.5 * beta)
    return out


def _huber_is_delta_smooth_l1() -> bool:
    r = np.linspace(-5, 5, 1001)
    ok = True
    for delta in (0.5, 1.0, 2.0):
        per_element = [ls.huber(np.array([v]), np.array([0.0]), delta)[0] for v in r]
        definition = np.where(np.abs(r) < delta, 0.5 * r * r, delta * (np.abs(r) - 0.5 * delta))
        ok &= np.allclose(per_element, definition, rtol=0, atol=1e-12)
        ok &= np.allclose(per_element, delta * _smooth_l1(r, delta), rtol=0, atol=1e-12)
    return bool(ok)


def _huber_is_c1() -> bool:
    """At |r| = delta both pieces have the same value and slope; the second derivative jumps."""
    ok = True
    for delta in (0.5, 1.0, 2.0):
        h = 1e-7
        left = ls.huber(np.array([delta - h]), np.array([0.0]), delta)[1][0]
        right = ls.huber(np.array([delta + h]), np.array([0.0]), delta)[1][0]
        ok &= abs(left - delta) < 1e-6 and abs(right - delta) < 1e-12
    return bool(ok)


def _ce_with_label_smoothing_is_a_mix() -> bool:
    z, eps = np.array([2.0, 1.0, 0.1]), 0.1
    smooth = ls.cross_entropy(z, np.array([0]), label_smoothing=eps)[0]
    hard = ls.cross_entropy(z, np.array([0]))[0]
    uniform = -float(np.mean(act.log_softmax(z)))
    return abs(smooth - ((1 - eps) * hard + eps * uniform)) < 1e-12


def _pos_weight_balances_90_10() -> bool:
    z = np.zeros(100)
    y = np.r_[np.ones(10), np.zeros(90)]
    pos_part = ls.bce_logits(z[:10], y[:10], pos_weight=9.0)[0] * 10
    neg_part = ls.bce_logits(z[10:], y[10:], pos_weight=9.0)[0] * 90
    return abs(pos_part - neg_part) < 1e-12


def _half_threshold_maximises_accuracy() -> bool:
    """For a calibrated p, predicting 1 is right with chance p: choose it iff p > 0.5."""
    p = np.linspace(0.01, 0.99, 99)
    best = [max(t, 1 - t) for t in p]
    at_half = [t if t > 0.5 else 1 - t for t in p]
    return bool(np.allclose(best, at_half))


def _temperature_keeps_order() -> bool:
    z = np.array([2.0, 1.0, 0.1, -3.0])
    return all(
        list(np.argsort(act.softmax(z / t)[0])) == list(np.argsort(z)) for t in (0.1, 0.5, 2, 50)
    )


def _e_1000_overflows() -> bool:
    with np.errstate(over="ignore"):
        return bool(np.isinf(np.exp(np.float64(1000.0))))


def _log_scale_is_relative() -> bool:
    """On a log scale a 10% miss costs the same at any scale."""
    gaps = [np.log(1.1 * y) - np.log(y) for y in (0.5, 3.0, 1e6)]
    return bool(np.allclose(gaps, gaps[0]))


def _prelu_alpha_one_is_identity() -> bool:
    x = np.linspace(-3, 3, 13)
    value, dx, dalpha = act.prelu(x, 1.0)
    _, _, dalpha_q = act.prelu(x, 0.25)
    return bool(
        np.array_equal(value, x)
        and np.all(dx == 1)
        and np.array_equal(dalpha_q, np.where(x > 0, 0.0, x))
    )


def _prelu_alpha_above_one_is_steeper_below_zero() -> bool:
    x = np.array([-2.0, -0.5, 0.5, 2.0])
    _, dx, _ = act.prelu(x, 1.5)
    return bool(np.all(dx[x < 0] > dx[x > 0]) and np.all(dx[x > 0] == 1))


def _relu_central_difference_at_zero() -> float:
    h = 1e-3
    return float((act.relu(h)[0] - act.relu(-h)[0]) / (2 * h))


def _relu_one_sided_differences_at_zero() -> bool:
    """(relu(h) − relu(0))/h = 1 and (relu(0) − relu(−h))/h = 0 for every step h > 0."""
    steps = (1e-1, 1e-3, 1e-6)
    forward = [(act.relu(h)[0] - act.relu(0.0)[0]) / h for h in steps]
    backward = [(act.relu(0.0)[0] - act.relu(-h)[0]) / h for h in steps]
    return all(agrees("1", float(f)) for f in forward) and all(b == 0 for b in backward)


def _relu_central_difference_is_half_for_every_h() -> bool:
    """No step size brings the central difference at the kink closer to 0 (or 1)."""
    steps = (1.0, 1e-1, 1e-3, 1e-6, 1e-9)
    return all(agrees("0.5", float((act.relu(h)[0] - act.relu(-h)[0]) / (2 * h))) for h in steps)


def _swiglu_parameters_match() -> bool:
    d = Fraction(1)
    hidden = Fraction(2, 3) * 4 * d
    return hidden == Fraction(8, 3) * d and 3 * hidden * d == 2 * 4 * d * d == 8 * d * d


def _gelu_tanh_constants() -> bool:
    x = np.linspace(-6, 6, 241)
    exact, _ = act.gelu(x)
    approx, _ = act.gelu_tanh(x)
    return (
        act.GELU_TANH_K == 0.044715
        and abs(act.GELU_TANH_C - float(mp.sqrt(2 / mp.pi))) < 1e-15
        and float(np.max(np.abs(exact - approx))) < 1e-3
    )


def _xavier_halves_with_relu() -> bool:
    """E[relu(x)^2] = E[x^2]/2 for x ~ N(0, 1): ReLU halves the second moment."""
    half = mp.quad(lambda x: x**2 * mp.npdf(x), [0, mp.inf])
    return bool(abs(half - mp.mpf(1) / 2) < mp.mpf(10) ** -25)


def _mae_minimiser() -> float:
    t = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    return argmin_on_grid(lambda c: ls.mae(np.full(5, c), t)[0], np.linspace(0, 100, 10001))


def _mse_minimiser() -> float:
    t = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    return argmin_on_grid(lambda c: ls.mse(np.full(5, c), t)[0], np.linspace(0, 100, 10001))


def _quantile_minimiser_is_the_quantile() -> bool:
    y = np.arange(1.0, 101.0)
    return pinball_minimiser(y, 0.9) == float(np.quantile(y, 0.9, method="lower")) and (
        pinball_minimiser(y, 0.5) == float(np.quantile(y, 0.5, method="lower"))
    )


BIMODAL = (0.49, 0.02, 0.49)
BROAD = (1 / 3, 1 / 3, 1 / 3)
ONE_MODE = (0.9, 0.05, 0.05)


def _pinball(tau: float, y: float, pred: float) -> float:
    r = y - pred
    return max(tau * r, (tau - 1) * r)


def _pinball_under_costs_nine_times_over() -> bool:
    """τ = 0.9: predicting 1 too low costs 9 times predicting 1 too high (the false claim
    swaps the two)."""
    return abs(_pinball(0.9, 1.0, 0.0) / _pinball(0.9, 0.0, 1.0) - 9.0) < 1e-12


def _pos_weight_for_ten_percent_positives_is_nine() -> bool:
    """pos_weight = negatives / positives: 9 for 10 positives and 90 negatives, so 1/9 (0.11)
    is the inverted one."""
    positives, negatives = 10, 90
    return negatives / positives == 9 and round(positives / negatives, 2) == 0.11


def _pinball_minimiser(tau: float) -> float:
    data = np.arange(1.0, 101.0)
    grid = np.linspace(0.0, 101.0, 10101)
    r = data[None, :] - grid[:, None]
    losses = np.maximum(tau * r, (tau - 1) * r).mean(axis=1)
    return float(grid[int(np.argmin(losses))])


def _pinball_tau_is_the_quantile() -> bool:
    """The pinball loss with τ is minimised by the τ-quantile: τ = 0.9 gives the 90th
    percentile of 1..100, τ = 0.1 the 10th (the false claims swap them)."""
    return 90 <= _pinball_minimiser(0.9) <= 91 and 10 <= _pinball_minimiser(0.1) <= 11


def _pinball_half_is_the_median_and_half_mae() -> bool:
    """τ = 0.5: the pinball loss is half the absolute error, so its minimiser is the median."""
    r = np.linspace(-5.0, 5.0, 101)
    half = all(np.isclose(_pinball(0.5, float(y), 0.0), 0.5 * abs(float(y))) for y in r)
    return half and 50 <= _pinball_minimiser(0.5) <= 51


def _mse_and_mae_constants_not_swapped() -> bool:
    """For 1, 2, 3, 4, 100 the MSE constant is the mean 22 and the MAE one the median 3 (the
    false claim swaps them)."""
    return agrees("22", _mse_minimiser()) and agrees("3", _mae_minimiser())


def _huber_coverage(delta: str) -> mp.mpf:
    """P(|r| < δ·σ) for Gaussian residuals: the share in Huber's quadratic zone."""
    return mp.erf(mp.mpf(delta) / mp.sqrt(2))


def _huber_1345_covers_82_not_95_percent() -> bool:
    """δ = 1.345·σ keeps 95% efficiency but only about 82% of Gaussian residuals fall inside
    it (the false claim reads the 95% as coverage)."""
    share = float(_huber_coverage("1.345"))
    return agrees("82%", share) and not agrees("95%", share)


def _focal_factor_at_099_is_1e4_not_1_percent() -> bool:
    """γ = 2, p_t = 0.99: (1 − p_t)^γ = 1e-4, not 1% (1% is γ = 1)."""
    factor = (1 - 0.99) ** 2
    return agrees("1e-4", factor) and not agrees("0.01", factor)


# --- helpers for the main questions' misconceptions


def _sigmoid_peak() -> float:
    return max(dsig(x) for x in np.linspace(-10, 10, 2001))


def _sigmoid_peak_is_a_quarter() -> bool:
    """σ' peaks at 0.25 (at x = 0), not at 0.5 or 1 (the false claims)."""
    peak = _sigmoid_peak()
    return agrees("0.25", peak) and peak == dsig(0.0) and not agrees("0.5", peak)


def _tanh_peak_is_one_four_times_sigmoids() -> bool:
    """tanh' peaks at 1 (at x = 0), four times σ'(0) = 0.25, not 0.25 or 0.5 (the false claims)."""
    peak = max(float(act.tanh(x)[1]) for x in np.linspace(-10, 10, 2001))
    return peak == float(act.tanh(0.0)[1]) == 1.0 == 4 * dsig(0.0) and not agrees("0.5", peak)


def _tanh_is_not_sigmoid_minus_a_half() -> bool:
    """tanh(x) = 2σ(2x) − 1, not σ(x) − 0.5: that one spans (−0.5, 0.5) with slope 0.25 at 0,
    where tanh spans (−1, 1) with slope 1 (the misconception's wording is false)."""
    x = np.linspace(-20, 20, 4001)
    t = act.tanh(x)[0]
    shifted = act.sigmoid(x)[0] - 0.5
    return (
        bool(np.allclose(t, 2 * act.sigmoid(2 * x)[0] - 1, rtol=0, atol=1e-12))
        and float(np.max(np.abs(t - shifted))) > 0.4
        and agrees("0.5", float(shifted.max()))
        and agrees("0.5", -float(shifted.min()))
        and agrees("1", float(t.max()))
        and dsig(0.0) == 0.25
        and float(act.tanh(0.0)[1]) == 1.0
    )


def _sigmoid_is_point_symmetric() -> bool:
    x = np.linspace(-8, 8, 161)
    return bool(np.allclose(act.sigmoid(-x)[0], 1 - act.sigmoid(x)[0], rtol=0, atol=1e-15))


def _mean_sigmoid_output() -> float:
    """σ's mean output over inputs symmetric about 0."""
    return float(np.mean(act.sigmoid(np.linspace(-5, 5, 1001))[0]))


@cache
def _gelu_minimum() -> tuple[float, float]:
    """(x, GELU(x)) where GELU'(x) = Φ(x) + x·φ(x) is 0."""
    x = float(mp.findroot(lambda t: mp.ncdf(t) + t * mp.npdf(t), -0.75))
    return x, float(act.gelu(x)[0])


@cache
def _silu_minimum() -> tuple[float, float]:
    """(x, SiLU(x)) where SiLU'(x) is 0."""
    x = float(mp.findroot(silu_slope, -1.3))
    return x, float(act.silu(x)[0])


@cache
def _silu_slope_peak() -> tuple[float, float]:
    """(x, SiLU'(x)) where SiLU' is largest."""
    x = float(mp.findroot(lambda t: mp.diff(silu_slope, t), 2.4))
    return x, float(act.silu(x)[1])


@cache
def _silu_inflection() -> float:
    """The x below which SiLU'' < 0 (checked on both sides with the engine's SiLU')."""
    x = float(mp.findroot(lambda t: mp.diff(silu_slope, t), -2.4))
    h = 1e-4
    below = [
        (act.silu(v + h)[1] - act.silu(v - h)[1]) / (2 * h) for v in np.linspace(-12, x - 0.1, 50)
    ]
    above = [
        (act.silu(v + h)[1] - act.silu(v - h)[1]) / (2 * h) for v in np.linspace(x + 0.1, 0, 50)
    ]
    assert all(d < 0 for d in below) and all(d > 0 for d in above)
    return x


def _minima_are_shallow() -> bool:
    """GELU's and SiLU's minima are about −0.17 and −0.278, not −0.5 or −1 (the false claims)."""
    lows = [_gelu_minimum()[1], _silu_minimum()[1]]
    return all(-0.5 < v < 0 and not agrees("−0.5", v) for v in lows)


def _gelu_sigmoid_approximation() -> bool:
    """x·σ(1.702x) stays within 0.021 of GELU; SiLU, x·σ(x), is a different function."""
    x = np.linspace(-10, 10, 20001)
    gelu = act.gelu(x)[0]
    return bool(
        np.max(np.abs(x * act.sigmoid(1.702 * x)[0] - gelu)) < 0.021
        and np.max(np.abs(act.silu(x)[0] - gelu)) > 0.1
    )


def _lecun_tanh_constant() -> float:
    """LeCun's a in a·tanh(2x/3), chosen so that ±1 maps to ±1."""
    return 1 / float(act.tanh(2 / 3)[0])


def _leaky_slope_is_small() -> bool:
    """Leaky ReLU's default slope is 0.01 (not 0.5 or 1: at α = 1 it is the identity)."""
    x = np.linspace(-3, 3, 13)
    return act.leaky_relu.__defaults__ == (0.01,) and bool(
        np.array_equal(act.leaky_relu(x, 1.0)[0], x)
    )


def _prelu_starts_at_a_quarter() -> bool:
    """PReLU's α starts at 0.25; 0.01 is leaky ReLU's fixed slope (the false claim swaps them)."""
    return act.prelu.__defaults__ == (0.25,) and act.leaky_relu.__defaults__ == (0.01,)


def _leaky_mean_output_is_positive() -> bool:
    """E[leaky_relu(x)] for x ~ N(0, 1) and α = 0.01 is (1 − α)/√(2π) ≈ 0.39 > 0."""
    x = np.linspace(-12, 12, 240001)
    pdf = np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)
    mean = float(np.sum(act.leaky_relu(x, 0.01)[0] * pdf) * (x[1] - x[0]))
    return abs(mean - 0.99 / np.sqrt(2 * np.pi)) < 1e-6 and mean > 0


def _relu_has_no_derivative_at_zero() -> bool:
    """Left 0, right 1; the engine (like PyTorch) uses 0, not 0.5 (the false claim)."""
    return _relu_one_sided_differences_at_zero() and float(act.relu(0.0)[1]) == 0.0


def _half_is_a_subgradient_of_relu_at_zero() -> bool:
    """g is a subgradient at 0 iff relu(x) ≥ g·x for all x: every g in [0, 1], 0.5 included."""
    x = np.linspace(-5, 5, 1001)
    value = act.relu(x)[0]
    return all(bool(np.all(value >= g * x)) for g in (0.0, 0.5, 1.0)) and not any(
        bool(np.all(value >= g * x)) for g in (-0.1, 1.1)
    )


def _mse_scale(c: float) -> float:
    y, p = np.array([1.0, 2.5, -3.0]), np.array([1.5, 2.0, -1.0])
    return ls.mse(c * p, c * y)[0] / ls.mse(p, y)[0]


def _ols_weight_grows_with_the_unit() -> bool:
    """The least-squares weight of a feature measured in km is 1000 times its weight in m."""
    rng = np.random.default_rng(0)
    metres = rng.uniform(0, 5000, 50)
    y = 0.003 * metres + rng.normal(0, 1, 50)
    w_m = np.linalg.lstsq(metres[:, None], y, rcond=None)[0][0]
    w_km = np.linalg.lstsq(metres[:, None] / 1000, y, rcond=None)[0][0]
    return bool(np.isclose(w_km / w_m, 1000, rtol=1e-9))


def _ce_is_in_nats() -> bool:
    """The engine's cross-entropy (PyTorch's) at p̂ = 0.5 is ln 2 ≈ 0.693: not 1 bit, not log10 2."""
    loss = ls.cross_entropy(np.zeros(2), np.array([0]))[0]
    return agrees("0.693", loss) and abs(loss - 1) > 0.3 and abs(loss - np.log10(2)) > 0.3


def _bce_at_half_is_ln2_for_both_labels() -> bool:
    """BCE(0.5, y) = ln 2 ≈ 0.693 whatever y, which is 1 bit; not 0.5 (the false claim)."""
    losses = [ls.bce(np.array([0.5]), np.array([y]))[0] for y in (0.0, 1.0)]
    return (
        losses[0] == losses[1]
        and agrees("0.693", losses[0])
        and agrees("1", losses[0] / float(mp.log(2)))
        and not agrees("0.5", losses[0])
    )


def _focal_alpha_weights_the_positives() -> bool:
    """With α = 0.25 a positive's loss is scaled by 0.25 and a negative's by 0.75."""
    pos = ls.focal(np.array([0.0]), np.array([1.0]), 0.25, 0.0)[0] / np.log(2)
    neg = ls.focal(np.array([0.0]), np.array([0.0]), 0.25, 0.0)[0] / np.log(2)
    return agrees("0.25", pos) and agrees("0.75", neg)


def _focal_factor(p_t: float) -> float:
    """Focal loss over cross-entropy (γ = 2, no α) for a positive predicted at p_t."""
    z = np.array([np.log(p_t / (1 - p_t))])
    y = np.array([1.0])
    return ls.focal(z, y, -1.0, 2.0)[0] / ls.bce_logits(z, y)[0]


def _expected_f1(p: np.ndarray, threshold: float) -> float:
    """Expected F1 when each item is positive with its calibrated probability p."""
    on = p >= threshold
    tp, fp, fn = np.sum(p[on]), np.sum(1 - p[on]), np.sum(p[~on])
    return float(2 * tp / (2 * tp + fp + fn))


def _rare_label_f1_threshold_is_below_half() -> bool:
    """For a rare label (calibrated probabilities p = u^19 for u evenly spread on (0, 1): 5%
    positives) the F1-best threshold is about 0.32, and it beats 0.5 (expected F1 0.65 against
    0.60), so a fixed 0.5 is not always right (the false claims)."""
    p = np.linspace(0.0005, 0.9995, 1000) ** 19
    grid = np.linspace(0.01, 0.99, 99)
    f1 = [_expected_f1(p, t) for t in grid]
    best = float(grid[int(np.argmax(f1))])
    return (
        agrees("5%", float(np.mean(p)))
        and agrees("0.32", best)
        and agrees("0.65", max(f1))
        and agrees("0.60", _expected_f1(p, 0.5))
    )


def _roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    pos, neg = scores[labels == 1], scores[labels == 0]
    greater = np.mean(pos[:, None] > neg[None, :])
    ties = np.mean(pos[:, None] == neg[None, :])
    return float(greater + 0.5 * ties)


def _average_precision(scores: np.ndarray, labels: np.ndarray) -> float:
    """Σ (R_n − R_{n−1})·P_n over the distinct thresholds, highest first."""
    ap, recall_before = 0.0, 0.0
    for t in np.unique(scores)[::-1]:
        on = scores >= t
        recall = float(np.sum(labels[on]) / np.sum(labels))
        ap += (recall - recall_before) * float(np.mean(labels[on]))
        recall_before = recall
    return ap


def _no_skill_scores() -> tuple[float, float]:
    """(PR-AUC, ROC-AUC) of a classifier that scores everything alike, with 1% positives."""
    labels = np.r_[np.ones(10), np.zeros(990)]
    scores = np.full(1000, 0.3)
    return _average_precision(scores, labels), _roc_auc(scores, labels)


def _high_roc_auc_low_precision() -> bool:
    """Binormal scores with ROC-AUC 0.95 and 1% positives: PR-AUC is only about 0.40 and
    precision at 50% recall about 0.34 (curves from the normal tail)."""
    d = float(2 * mp.erfinv(2 * mp.mpf("0.95") - 1))  # Φ(d/√2) = 0.95
    t = np.linspace(-10, 12, 4001)
    tail = np.vectorize(lambda v: float(mp.ncdf(-v)))
    tpr, fpr, pi = tail(t - d), tail(t), 0.01
    precision = pi * tpr / (pi * tpr + (1 - pi) * fpr)
    roc = float(-np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))
    pr = float(-np.sum(np.diff(tpr) * precision[1:]))
    at_half = float(precision[int(np.argmin(np.abs(tpr - 0.5)))])
    return agrees("0.95", roc) and agrees("0.40", pr) and agrees("0.34", at_half)


def _all_negative_accuracy() -> float:
    """Accuracy of always predicting the negative class with 99 negatives and 1 positive."""
    logits = np.tile([1.0, 0.0], (100, 1))
    return ls.accuracy(logits, np.r_[np.zeros(99), np.ones(1)].astype(int))[0]


def _smoothed_target_entropy() -> float:
    """CE of the smoothed target (ε = 0.1, K = 10) against itself: its minimum, H(y)."""
    eps, k = 0.1, 10
    y = np.full(k, eps / k)
    y[0] += 1 - eps
    return ls.cross_entropy(np.log(y), np.array([0]), label_smoothing=eps)[0]


@cache
def _huber_95_delta() -> float:
    """The δ (in σ) at which Huber's efficiency at the normal is exactly 95%."""
    return float(mp.findroot(lambda d: huber_efficiency(d) - mp.mpf("0.95"), 1.3))


def _huber_defaults_to_one_where_it_equals_smooth_l1() -> bool:
    r = np.linspace(-4, 4, 81)
    return (
        ls.huber.__defaults__ == (1.0,)
        and ls.smooth_l1.__defaults__ == (1.0,)
        and all(
            np.isclose(
                ls.huber(np.array([v]), np.array([0.0]))[0],
                ls.smooth_l1(np.array([v]), np.array([0.0]))[0],
                rtol=0,
                atol=1e-15,
            )
            for v in r
        )
    )


CLAIMS: list[Claim] = [
    # --- main answers and formulas
    Claim(
        ("sigmoid-formula-use", None),
        "is at most 0.25",
        ("0.25",),
        lambda: [max(dsig(x) for x in np.linspace(-10, 10, 2001))],
    ),
    Claim(
        ("leaky-relu-prelu", None),
        "commonly 0.01",
        holds=lambda: act.leaky_relu.__defaults__ == (0.01,),
    ),
    Claim(
        ("gelu-transformers", None),
        "0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))",
        holds=_gelu_tanh_constants,
    ),
    Claim(
        ("saturation-vanishing-gradients", None),
        "is at most 0.25 even at its peak",
        ("0.25",),
        lambda: [dsig(0.0)],
    ),
    Claim(
        ("saturation-vanishing-gradients", None),
        "σ(x)(1 − σ(x)) ≤ 0.25",
        ("0.25",),
        lambda: [max(dsig(x) for x in np.linspace(-10, 10, 2001))],
    ),
    Claim(
        ("swish-silu", None),
        "(minimum ≈ −0.278 near x ≈ −1.278)",
        ("−0.278", "−1.278"),
        lambda: [float((x := mp.findroot(silu_slope, -1.3)) / (1 + mp.e ** (-x))), float(x)],
    ),
    Claim(
        ("relu-training-speed", None),
        "slope 1 instead of at most 0.25",
        ("0.25",),
        lambda: [max(dsig(x) for x in np.linspace(-10, 10, 2001))],
    ),
    Claim(("huber-vs-mse", None), "It is differentiable everywhere (C¹)", holds=_huber_is_c1),
    Claim(
        ("huber-vs-mse", None),
        "HuberLoss(δ) = δ · SmoothL1Loss(β = δ)",
        holds=_huber_is_delta_smooth_l1,
    ),
    Claim(
        ("label-smoothing", None),
        "y_smooth = (1 − ε)·y_onehot + ε/K",
        holds=_ce_with_label_smoothing_is_a_mix,
    ),
    # --- follow-ups: activations
    Claim(
        ("relu-definition", 0),
        "E[relu(x)²] = ½·E[x²]",
        ("½",),
        lambda: [float(mp.quad(lambda x: x**2 * mp.npdf(x), [0, mp.inf]))],
    ),
    Claim(
        ("relu-definition", 0),
        "halves the second moment at every layer, a factor 2^L",
        holds=_xavier_halves_with_relu,
    ),
    Claim(
        ("sigmoid-formula-use", 0),
        "At z = −4 with y = 1, σ(z) ≈ 0.018 and the MSE gradient is about −0.035, against "
        "σ(z) − y ≈ −0.98",
        ("0.018", "−0.035", "−0.98"),
        lambda: [
            sig(-4),
            mse_on_sigmoid_grad(-4, 1),
            float(ls.bce_logits(np.array([-4.0]), np.array([1.0]))[1][0]),
        ],
    ),
    Claim(
        ("sigmoid-formula-use", 0),
        "-0.035 vs -0.98",
        ("-0.035", "-0.98"),
        lambda: [mse_on_sigmoid_grad(-4, 1), sig(-4) - 1],
    ),
    Claim(("sigmoid-formula-use", 0), "0.035", ("0.035",), lambda: [-mse_on_sigmoid_grad(-4, 1)]),
    Claim(("sigmoid-formula-use", 0), "0.98", ("0.98",), lambda: [1 - sig(-4)]),
    Claim(
        ("tanh-vs-sigmoid", 0),
        "tanh'(3) = 1 − tanh²(3) ≈ 0.0099",
        ("0.0099",),
        lambda: [float(act.tanh(3.0)[1])],
    ),
    Claim(
        ("tanh-vs-sigmoid", 0),
        "is about 0.0099 at x = 3",
        ("0.0099",),
        lambda: [float(act.tanh(3.0)[1])],
    ),
    Claim(("tanh-vs-sigmoid", 0), "its peak slope is 1, not 0.25", ("0.25",), lambda: [dsig(0.0)]),
    Claim(
        ("softmax-purpose", 0),
        "For z = (2, 1, 0.1) softmax gives (0.659, 0.242, 0.099), at T = 2 (0.502, 0.304, 0.194)",
        ("0.659", "0.242", "0.099", "0.502", "0.304", "0.194"),
        lambda: softmax(2, 1, 0.1) + softmax(1, 0.5, 0.05),
    ),
    Claim(
        ("softmax-purpose", 0),
        "softmax(1000, 1001) = (0.269, 0.731), the same as "
        "softmax(0, 1), while e^1000 overflows float64",
        ("0.269", "0.731"),
        lambda: softmax(1000, 1001),
        holds=_e_1000_overflows,
    ),
    Claim(
        ("softmax-purpose", 0),
        "the order of the probabilities never changes",
        holds=_temperature_keeps_order,
    ),
    Claim(
        ("softmax-purpose", 0),
        "Dividing every logit by the same T > 0 keeps their order",
        holds=_temperature_keeps_order,
    ),
    Claim(
        ("leaky-relu-prelu", 0),
        "At α = 1 PReLU is the identity",
        holds=_prelu_alpha_one_is_identity,
    ),
    Claim(
        ("leaky-relu-prelu", 0),
        "The gradient of the output with respect to α is x for x ≤ 0",
        holds=_prelu_alpha_one_is_identity,
    ),
    Claim(
        ("gelu-transformers", 0),
        "so the hidden width is usually scaled by 2/3 (4d becomes "
        "8d/3) to keep the parameters and compute of the block the same: 3·(8d/3)·d = "
        "2·4d·d = 8d²",
        holds=_swiglu_parameters_match,
    ),
    Claim(("gelu-transformers", 0), "2/3", holds=_swiglu_parameters_match),
    Claim(("gelu-transformers", 0), "8d/3", holds=_swiglu_parameters_match),
    Claim(
        ("relu-derivative-zero", 0),
        "(relu(h) − relu(−h))/(2h) = h/(2h) = 0.5",
        ("0.5",),
        lambda: [_relu_central_difference_at_zero()],
    ),
    Claim(
        ("relu-derivative-zero", 0),
        "central difference gives 0.5",
        ("0.5",),
        lambda: [_relu_central_difference_at_zero()],
    ),
    Claim(
        ("relu-derivative-zero", 0), "0.5", ("0.5",), lambda: [_relu_central_difference_at_zero()]
    ),
    Claim(
        ("relu-derivative-zero", 0),
        "only the central difference (relu(h) − relu(−h))/(2h) gives 0.5",
        ("0.5",),
        lambda: [_relu_central_difference_at_zero()],
    ),
    Claim(
        ("relu-derivative-zero", 0),
        "A forward difference (relu(h) − relu(0))/h gives 1 and a backward one gives 0",
        holds=_relu_one_sided_differences_at_zero,
    ),
    Claim(
        ("relu-derivative-zero", 0),
        "the central difference gives 0.5 for every h > 0",
        holds=_relu_central_difference_is_half_for_every_h,
    ),
    Claim(
        ("saturation-vanishing-gradients", 0),
        "ten sigmoid layers scale a gradient by at most 0.25^10 ≈ 9.5e-7",
        ("0.25", "9.5e-7"),
        lambda: [dsig(0.0), dsig(0.0) ** 10],
    ),
    Claim(
        ("linear-before-softmax", 0),
        "a probability of e/(1 + e) ≈ 0.731 for the true class, a loss floor of about 0.313",
        ("0.731", "0.313"),
        lambda: [softmax(1, 0)[0], ls.cross_entropy(np.array([1.0, 0.0]), np.array([0]))[0]],
    ),
    Claim(("linear-before-softmax", 0), "0.731", ("0.731",), lambda: [softmax(1, 0)[0]]),
    Claim(
        ("linear-before-softmax", 0),
        "0.313",
        ("0.313",),
        lambda: [ls.cross_entropy(np.array([1.0, 0.0]), np.array([0]))[0]],
    ),
    Claim(
        ("swish-silu", 0),
        "At β = 0, σ(0) = 0.5 and Swish is the linear function x/2",
        ("0.5",),
        lambda: [sig(0.0)],
    ),
    Claim(
        ("swish-silu", 0),
        "peaks at about 1.0998 near x ≈ 2.40, and it is negative below "
        "x ≈ −1.278, where SiLU has its minimum of about −0.278",
        ("1.0998", "2.40", "−1.278", "−0.278"),
        lambda: [
            float(silu_slope(x2 := mp.findroot(lambda x: mp.diff(silu_slope, x), 2.4))),
            float(x2),
            float(x1 := mp.findroot(silu_slope, -1.3)),
            float(x1 / (1 + mp.e ** (-x1))),
        ],
    ),
    Claim(
        ("swish-silu", 0),
        "At β = 0, σ(0) = 0.5, so Swish is x/2: linear, but with slope 0.5",
        ("0.5", "0.5"),
        lambda: [sig(0.0), (1.0 * sig(0.0 * 1.0) - (-1.0) * sig(0.0 * -1.0)) / 2],
    ),
    Claim(("swish-silu", 0), "peaks at about 1.1", ("1.1",), lambda: [float(act.silu(2.3994)[1])]),
    Claim(("swish-silu", 0), "1.0998", ("1.0998",), lambda: [float(act.silu(2.3994)[1])]),
    Claim(("swish-silu", 0), "minimum -0.278", ("-0.278",), lambda: [float(act.silu(-1.2785)[0])]),
    Claim(("swish-silu", 0), "−0.278", ("−0.278",), lambda: [float(act.silu(-1.2785)[0])]),
    Claim(
        ("swish-silu", 0),
        "decreases for x below about −1.278 (its minimum, about −0.278)",
        ("−1.278", "−0.278"),
        lambda: [float(mp.findroot(silu_slope, -1.3)), float(act.silu(-1.2785)[0])],
    ),
    Claim(
        ("regression-output-activation", 0),
        "(a 10% miss costs the same at any scale)",
        holds=_log_scale_is_relative,
    ),
    Claim(
        ("regression-output-activation", 0),
        "(softplus(0) = log 2 ≈ 0.693)",
        ("0.693",),
        lambda: [float(act.softplus(0.0)[0])],
    ),
    Claim(
        ("relu-training-speed", 0),
        "sigmoid's derivative, which is at most 0.25. Ten sigmoid "
        "layers scale a gradient by at most 0.25^10 ≈ 9.5e-7",
        ("0.25", "0.25", "9.5e-7"),
        lambda: [dsig(0.0), dsig(0.0), dsig(0.0) ** 10],
    ),
    Claim(
        ("regression-output-activation", 0),
        "e^z overflows float32 once z exceeds about 88.7",
        ("88.7",),
        lambda: [float(np.log(np.finfo(np.float32).max))],
    ),
    Claim(("relu-training-speed", 0), "at most 0.25", ("0.25",), lambda: [dsig(0.0)]),
    Claim(("relu-training-speed", 0), "0.25", ("0.25",), lambda: [dsig(0.0)]),
    # --- follow-ups: losses
    Claim(
        ("mse-definition", 0),
        "For the targets 1, 2, 3, 4, 100, the best constant under MSE is "
        "the mean 22 (the outlier pulls it far away), while under MAE it is the median 3",
        ("22", "3"),
        lambda: [_mse_minimiser(), _mae_minimiser()],
    ),
    Claim(
        ("mse-definition", 0), "22 vs 3", ("22", "3"), lambda: [_mse_minimiser(), _mae_minimiser()]
    ),
    Claim(("mse-definition", 0), "mean 22", ("22",), lambda: [_mse_minimiser()]),
    Claim(("mse-definition", 0), "median 3", ("3",), lambda: [_mae_minimiser()]),
    Claim(
        ("bce-one-line", 0),
        "σ(z) rounds to exactly 1 in float64 for z ≥ 37 (in float32 for z ≥ 17)",
        holds=lambda: (
            sig(37) == 1.0
            and sig(36) < 1.0
            and _float32_sigmoid_is_one(17)
            and not _float32_sigmoid_is_one(16)
        ),
    ),
    Claim(
        ("bce-one-line", 0),
        "clamps each log at −100, so the loss sticks at 100",
        ("100",),
        lambda: [ls.bce(np.array([sig(50.0)]), np.array([0.0]))[0]],
    ),
    Claim(
        ("bce-one-line", 0),
        "-100",
        ("-100",),
        lambda: [-ls.bce(np.array([1.0]), np.array([0.0]))[0]],
    ),
    Claim(
        ("bce-one-line", 0),
        "the true loss at z = 50, y = 0 is softplus(50) ≈ 50",
        ("50",),
        lambda: [ls.bce_logits(np.array([50.0]), np.array([0.0]))[0]],
    ),
    Claim(
        ("multiclass-cross-entropy", 0),
        "about 2.303 for K = 10 and 6.908 for K = 1000",
        ("2.303", "6.908"),
        lambda: [
            ls.cross_entropy(np.zeros(10), np.array([3]))[0],
            ls.cross_entropy(np.zeros(1000), np.array([3]))[0],
        ],
    ),
    Claim(
        ("multiclass-cross-entropy", 0),
        "2.303 for 10 classes",
        ("2.303",),
        lambda: [ls.cross_entropy(np.zeros(10), np.array([3]))[0]],
    ),
    Claim(("multiclass-cross-entropy", 0), "2.303", ("2.303",), lambda: [float(mp.log(10))]),
    Claim(("multiclass-cross-entropy", 0), "2.3", ("2.3",), lambda: [float(mp.log(10))]),
    Claim(
        ("multiclass-cross-entropy", 0),
        "about 2.303 for K = 10",
        ("2.303",),
        lambda: [ls.cross_entropy(np.zeros(10), np.array([3]))[0]],
    ),
    Claim(
        ("softmax-ce-together", 1),
        "For z = (2, 1, 0.1) and true class 0, p = (0.659, 0.242, "
        "0.099) and the gradient is (−0.341, 0.242, 0.099)",
        ("0.659", "0.242", "0.099", "−0.341", "0.242", "0.099"),
        lambda: (
            softmax(2, 1, 0.1) + list(ls.cross_entropy(np.array([2.0, 1.0, 0.1]), np.array([0]))[1])
        ),
    ),
    Claim(
        ("hinge-loss", 0),
        "at m = 2 the hinge gives 0 and the logistic loss about 0.127",
        ("0", "0.127"),
        lambda: [
            ls.hinge(np.array([2.0]), np.array([1.0]))[0],
            ls.bce_logits(np.array([2.0]), np.array([1.0]))[0],
        ],
    ),
    Claim(("hinge-loss", 0), "0.127", ("0.127",), lambda: [float(mp.log(1 + mp.e**-2))]),
    Claim(
        ("huber-vs-mse", 0),
        "SmoothL1Loss(β) is 0.5·r²/β for |r| < β and |r| − 0.5·β "
        "otherwise; HuberLoss(δ) is 0.5·r² for |r| < δ and δ·(|r| − 0.5·δ) otherwise",
        holds=_huber_is_delta_smooth_l1,
    ),
    Claim(
        ("huber-vs-mse", 0),
        "For r = 3 and δ = β = 2, Huber gives 4 and smooth L1 gives 2",
        ("4", "2"),
        lambda: [
            ls.huber(np.array([3.0]), np.array([0.0]), 2.0)[0],
            float(_smooth_l1(np.array([3.0]), 2.0)[0]),
        ],
    ),
    Claim(
        ("huber-vs-mse", 1),
        "δ = 1.345·σ: it keeps 95% of least squares' efficiency",
        ("1.345", "95%"),
        lambda: [1.345, float(huber_efficiency(mp.mpf("1.345")))],
    ),
    Claim(("huber-vs-mse", 1), "1.345", ("1.345",), lambda: [1.345]),
    Claim(
        ("huber-vs-mse", 1),
        "95% efficiency",
        ("95%",),
        lambda: [float(huber_efficiency(mp.mpf("1.345")))],
    ),
    Claim(
        ("huber-vs-mse", 1),
        "1.4826 × the median absolute deviation, which equals σ for Gaussian data",
        ("1.4826",),
        lambda: [float(1 / (mp.sqrt(2) * mp.erfinv(0.5)))],
    ),
    Claim(
        ("huber-vs-mse", 1),
        "1.4826",
        ("1.4826",),
        lambda: [float(1 / (mp.sqrt(2) * mp.erfinv(0.5)))],
    ),
    Claim(
        ("accuracy-not-differentiable", 0),
        "With σ(5m) at margin m = −3 the gradient is 5·σ(−15)·(1 − σ(−15)) ≈ 1.5e-6",
        ("1.5e-6",),
        lambda: [5 * dsig(-15.0)],
    ),
    Claim(
        ("accuracy-not-differentiable", 0),
        "its gradient on the true-class logit tends to −1",
        holds=lambda: (
            abs(ls.cross_entropy(np.array([-30.0, 0.0]), np.array([0]))[1][0] + 1) < 1e-12
        ),
    ),
    Claim(
        ("focal-loss", 0),
        "positives are weighted 0.25 and negatives 0.75",
        ("0.25", "0.75"),
        lambda: [
            ls.focal(np.array([0.0]), np.array([1.0]), 0.25, 0.0)[0] / np.log(2),
            ls.focal(np.array([0.0]), np.array([0.0]), 0.25, 0.0)[0] / np.log(2),
        ],
    ),
    Claim(
        ("focal-loss", 0),
        "(at p_t = 0.99 only (0.01)² = 1e-4 of it is left)",
        ("1e-4",),
        lambda: [
            ls.focal(np.array([np.log(99.0)]), np.array([1.0]), -1.0, 2.0)[0]
            / ls.bce_logits(np.array([np.log(99.0)]), np.array([1.0]))[0]
        ],
    ),
    Claim(
        ("focal-loss", 0),
        "so 0.25 weights them less than the negatives' 0.75",
        ("0.25", "0.75"),
        lambda: [
            ls.focal(np.array([0.0]), np.array([1.0]), 0.25, 0.0)[0] / np.log(2),
            ls.focal(np.array([0.0]), np.array([0.0]), 0.25, 0.0)[0] / np.log(2),
        ],
    ),
    Claim(
        ("class-imbalance-fixes", 0),
        "Example with priors (0.9, 0.1) and p(y | x) = (0.8, 0.2): "
        "plain argmax picks class 0, while 0.8/0.9 ≈ 0.889 < 0.2/0.1 = 2 picks the rare class 1",
        ("0.889",),
        lambda: [0.8 / 0.9],
        holds=lambda: (
            int(np.argmax([0.8, 0.2])) == 0
            and int(np.argmax(np.log([0.8, 0.2]) - np.log([0.9, 0.1]))) == 1
        ),
    ),
    Claim(
        ("class-imbalance-fixes", 0),
        "which with τ = 1 is argmax_y p(y | x)/π_y",
        holds=lambda: bool(
            np.allclose(
                np.log([0.8, 0.2]) - np.log([0.9, 0.1]), np.log(np.array([0.8, 0.2]) / [0.9, 0.1])
            )
        ),
    ),
    Claim(
        ("class-imbalance-fixes", 1),
        "For a model trained 50/50 on a problem with 1% positives, "
        "a predicted 0.5 becomes 0.01 and a predicted 0.9 becomes about 0.083",
        ("0.01", "0.083"),
        lambda: [prior_corrected(0.5, 0.5, 0.01), prior_corrected(0.9, 0.5, 0.01)],
    ),
    Claim(
        ("class-imbalance-fixes", 1),
        "0.5 becomes 0.01",
        ("0.01",),
        lambda: [prior_corrected(0.5, 0.5, 0.01)],
    ),
    Claim(
        ("class-imbalance-fixes", 1), "0.01", ("0.01",), lambda: [prior_corrected(0.5, 0.5, 0.01)]
    ),
    Claim(
        ("class-imbalance-fixes", 1), "0.083", ("0.083",), lambda: [prior_corrected(0.9, 0.5, 0.01)]
    ),
    Claim(
        ("label-smoothing", 0),
        "Its loss is (1 − ε)·CE(y, p) + ε·CE(u, p)",
        holds=_ce_with_label_smoothing_is_a_mix,
    ),
    Claim(
        ("kl-divergence", 0),
        "For p = (0.7, 0.2, 0.1) and q = (0.5, 0.3, 0.2), KL(p ‖ q) ≈ "
        "0.0851 nats, and 'mean' over the 3 elements would report 0.0284",
        ("0.0851", "0.0284"),
        lambda: [kl((0.7, 0.2, 0.1), (0.5, 0.3, 0.2)), kl((0.7, 0.2, 0.1), (0.5, 0.3, 0.2)) / 3],
    ),
    Claim(
        ("kl-divergence", 1),
        "For the bimodal p = (0.49, 0.02, 0.49): a broad q = (1/3, 1/3, "
        "1/3) has KL(p ‖ q) ≈ 0.321 and KL(q ‖ p) ≈ 0.681, while q = (0.9, 0.05, 0.05), on one "
        "mode, has KL(p ‖ q) ≈ 0.802 and KL(q ‖ p) ≈ 0.479",
        ("0.321", "0.681", "0.802", "0.479"),
        lambda: [
            kl(BIMODAL, BROAD),
            kl(BROAD, BIMODAL),
            kl(BIMODAL, ONE_MODE),
            kl(ONE_MODE, BIMODAL),
        ],
    ),
    Claim(
        ("multilabel-loss", 0),
        "(90 negatives and 10 positives give pos_weight = 9)",
        ("9",),
        lambda: [90 / 10],
        holds=_pos_weight_balances_90_10,
    ),
    Claim(
        ("multilabel-loss", 0),
        "0.5 is only the best threshold for accuracy with calibrated outputs",
        holds=_half_threshold_maximises_accuracy,
    ),
    Claim(
        ("multilabel-loss", 0),
        "0.5 is optimal only for accuracy with calibrated probabilities",
        holds=_half_threshold_maximises_accuracy,
    ),
    Claim(
        ("multilabel-loss", 0),
        "Always threshold every sigmoid output at 0.5",
        holds=_half_threshold_maximises_accuracy,
    ),
    Claim(("multilabel-loss", 0), "always use 0.5", holds=_half_threshold_maximises_accuracy),
    Claim(("multilabel-loss", 0), "threshold at 0.5", holds=_half_threshold_maximises_accuracy),
    Claim(("multilabel-loss", 0), "0.5 is always right", holds=_half_threshold_maximises_accuracy),
    Claim(
        ("choosing-a-loss", 0),
        "with τ = 0.9 under-predicting costs 9 times as much, and the "
        "constant that minimises the expected loss is the τ-quantile of y. τ = 0.5",
        ("9",),
        lambda: [0.9 / 0.1],
        holds=_quantile_minimiser_is_the_quantile,
    ),
    Claim(("choosing-a-loss", 0), "9 times", ("9",), lambda: [0.9 / (1 - 0.9)]),
    Claim(
        ("choosing-a-loss", 0),
        "tau 0.5 gives the median",
        holds=_quantile_minimiser_is_the_quantile,
    ),
    Claim(
        ("choosing-a-loss", 0),
        "Train with MSE and add 1.28 standard deviations",
        ("1.28",),
        lambda: [float(mp.sqrt(2) * mp.erfinv(2 * mp.mpf("0.9") - 1))],
    ),
    Claim(
        ("choosing-a-loss", 0),
        "add 1.28 sigma",
        ("1.28",),
        lambda: [float(mp.sqrt(2) * mp.erfinv(2 * mp.mpf("0.9") - 1))],
    ),
    Claim(
        ("choosing-a-loss", 1),
        "with γ = 2 and a true probability of 0.9 its expected loss is "
        "minimised by predicting about 0.694",
        ("0.694",),
        lambda: [focal_optimum(0.9, 2.0)],
    ),
    Claim(("choosing-a-loss", 1), "0.694", ("0.694",), lambda: [focal_optimum(0.9, 2.0)]),
    Claim(
        ("mse-definition", 0),
        "for 1, 2, 3, 4, 100 the mean is 22 and the median 3",
        ("22", "3"),
        lambda: [float(np.mean([1, 2, 3, 4, 100])), float(np.median([1, 2, 3, 4, 100]))],
    ),
    Claim(
        ("huber-vs-mse", 1),
        "σ ≈ 1.4826 × MAD (MAD ≈ 0.6745·σ), so multiply the MAD by 1.4826",
        ("1.4826", "0.6745"),
        lambda: [
            float(1 / (mp.sqrt(2) * mp.erfinv(mp.mpf(1) / 2))),
            float(mp.sqrt(2) * mp.erfinv(mp.mpf(1) / 2)),
        ],
    ),
    Claim(
        ("choosing-a-loss", 0),
        "With τ = 0.9 over-prediction costs 9 times as much (swapped)",
        holds=_pinball_under_costs_nine_times_over,
    ),
    Claim(("multilabel-loss", 0), "1/9", holds=_pos_weight_for_ten_percent_positives_is_nine),
    Claim(
        ("multilabel-loss", 0),
        "0.11 for 10 positives and 90 negatives",
        holds=_pos_weight_for_ten_percent_positives_is_nine,
    ),
    Claim(("choosing-a-loss", 0), "0.1", holds=_pinball_tau_is_the_quantile),
    Claim(("choosing-a-loss", 0), "0.9", holds=_pinball_tau_is_the_quantile),
    Claim(("choosing-a-loss", 0), "9 times", holds=_pinball_under_costs_nine_times_over),
    Claim(
        ("sigmoid-formula-use", 0),
        "≈ −0.98 at z = −4, y = 1",
        ("−0.98",),
        lambda: [sig(-4.0) - 1.0],
    ),
    Claim(("gelu-transformers", 0), "3/2", holds=_swiglu_parameters_match),
    Claim(("gelu-transformers", 0), "1.5", holds=_swiglu_parameters_match),
    Claim(("gelu-transformers", 0), "4d → 8d/3", holds=_swiglu_parameters_match),
    Claim(("gelu-transformers", 0), "3·(8d/3)·d = 8d²", holds=_swiglu_parameters_match),
    Claim(
        ("regression-output-activation", 0),
        "softplus(0) = log 2 ≈ 0.693",
        ("0.693",),
        lambda: [float(mp.log(1 + mp.e**0))],
    ),
    # --- round 5's paraphrases of follow-up key points (the same numbers, said again)
    Claim(
        ("sigmoid-formula-use", 0),
        "-0.035 versus -0.98",
        ("-0.035", "-0.98"),
        lambda: [mse_on_sigmoid_grad(-4, 1), sig(-4) - 1],
    ),
    Claim(
        ("sigmoid-formula-use", 0),
        "about -0.035",
        ("-0.035",),
        lambda: [mse_on_sigmoid_grad(-4, 1)],
    ),
    Claim(
        ("sigmoid-formula-use", 0),
        "around 28 times smaller",
        ("28",),
        lambda: [(1 - sig(-4)) / -mse_on_sigmoid_grad(-4, 1)],
    ),
    Claim(("gelu-transformers", 0), "8/3 d", holds=_swiglu_parameters_match),
    Claim(("swish-silu", 0), "σ(0) = 0.5 so x/2", ("0.5",), lambda: [sig(0.0)]),
    Claim(("swish-silu", 0), "-0.278", ("-0.278",), lambda: [float(act.silu(-1.2785)[0])]),
    Claim(
        ("regression-output-activation", 0),
        "10% error costs the same",
        holds=_log_scale_is_relative,
    ),
    Claim(("relu-training-speed", 0), "1/4", holds=lambda: agrees("0.25", dsig(0.0))),
    Claim(("relu-training-speed", 0), "shrinks gradients by 4", ("4",), lambda: [1 / dsig(0.0)]),
    Claim(("relu-training-speed", 0), "9.5e-7", ("9.5e-7",), lambda: [dsig(0.0) ** 10]),
    *(
        Claim(("mse-definition", 0), text, (n,), _listed(f))
        for text, n, f in (
            ("mean is 22", "22", _mse_minimiser),
            ("median is 3", "3", _mae_minimiser),
            ("mse picks 22", "22", _mse_minimiser),
            ("mae picks 3", "3", _mae_minimiser),
            ("22 for mse", "22", _mse_minimiser),
            ("3 for mae", "3", _mae_minimiser),
            ("mse constant is 22", "22", _mse_minimiser),
            ("mae constant is 3", "3", _mae_minimiser),
        )
    ),
    Claim(
        ("mse-definition", 0), "22 and 3", ("22", "3"), lambda: [_mse_minimiser(), _mae_minimiser()]
    ),
    Claim(
        ("bce-one-line", 0),
        "σ(z) becomes 1.0 in float32",
        holds=lambda: _float32_sigmoid_is_one(17),
    ),
    *(
        Claim(
            ("bce-one-line", 0),
            text,
            ("100",),
            lambda: [ls.bce(np.array([sig(50.0)]), np.array([0.0]))[0]],
        )
        for text in ("loss stuck at 100", "loss capped at 100")
    ),
    Claim(
        ("bce-one-line", 0),
        "clamped at −100",
        ("−100",),
        lambda: [-ls.bce(np.array([1.0]), np.array([0.0]))[0]],
    ),
    *(
        Claim(("multiclass-cross-entropy", 0), text, (n,), lambda: [float(mp.log(10))])
        for text, n in (
            ("2.30 for 10 classes", "2.30"),
            ("2.3 for 10 classes", "2.3"),
            ("about 2.3 for k = 10", "2.3"),
            ("ln 10 ≈ 2.303", "2.303"),
            ("log(10) = 2.3", "2.3"),
            ("2.303 nats for 10", "2.303"),
            ("2.3 for k = 10", "2.3"),
            ("k = 10 about 2.3", "2.3"),
        )
    ),
    *(
        Claim(("huber-vs-mse", 1), text, (n,), lambda: [float(huber_efficiency(mp.mpf("1.345")))])
        for text, n in (("95% efficient", "95%"),)
    ),
    Claim(
        ("huber-vs-mse", 1),
        "95 percent efficiency",
        ("95",),
        lambda: [100 * float(huber_efficiency(mp.mpf("1.345")))],
    ),
    Claim(("focal-loss", 0), "(0.01)² = 1e-4", ("1e-4",), lambda: [(1 - 0.99) ** 2]),
    Claim(("focal-loss", 0), "only 1e-4 of the loss is left", ("1e-4",), lambda: [(1 - 0.99) ** 2]),
    *(
        Claim(
            ("class-imbalance-fixes", 1),
            text,
            (n,),
            _listed(partial(prior_corrected, p, 0.5, 0.01)),
        )
        for text, n, p in (
            ("0.5 → 0.01", "0.01", 0.5),
            ("0.9 → 0.083", "0.083", 0.9),
            ("0.5 goes to 0.01", "0.01", 0.5),
            ("0.9 goes to about 0.083", "0.083", 0.9),
            ("0.9 becomes 0.083", "0.083", 0.9),
            ("0.5 → 1%", "1%", 0.5),
            ("0.5 becomes 1%", "1%", 0.5),
            ("0.9 → 8.3%", "8.3%", 0.9),
            ("0.9 becomes about 0.083", "0.083", 0.9),
        )
    ),
    *(
        Claim(("multilabel-loss", 0), text, holds=_pos_weight_balances_90_10)
        for text in ("90/10 = 9", "pos_weight = 9", "90 negatives / 10 positives")
    ),
    *(
        Claim(("choosing-a-loss", 0), text, holds=_pinball_under_costs_nine_times_over)
        for text in ("0.9/0.1 = 9", "ratio 9 to 1")
    ),
    *(
        Claim(("choosing-a-loss", 0), text, holds=_pinball_half_is_the_median_and_half_mae)
        for text in (
            "τ = 0.5 is the median",
            "0.5 gives mae",
            "τ = 0.5 → median",
            "median at τ = 0.5",
            "τ = 0.5 gives half the mae",
            "τ = 0.5 gives the median",
            "0.5 quantile is the median",
            "median for τ 0.5",
        )
    ),
    Claim(
        ("choosing-a-loss", 1),
        "focal predicts 0.694 for 0.9",
        ("0.694",),
        lambda: [focal_optimum(0.9, 2.0)],
    ),
    # --- added misconceptions: their wrong numbers and their corrections
    *(
        Claim(("mse-definition", 0), text, holds=_mse_and_mae_constants_not_swapped)
        for text in (
            "For 1, 2, 3, 4, 100 the best constant is 3 under MSE and 22 under MAE",
            "mse gives 3",
            "mse picks 3",
            "best constant under mse is 3",
            "mse constant is 3",
            "mse predicts 3",
            "mae gives 22",
            "mae picks 22",
            "best constant under mae is 22",
            "mae predicts 22",
        )
    ),
    Claim(
        ("mse-definition", 0),
        "the mean of 1, 2, 3, 4, 100 is 110/5 = 22",
        ("110", "22"),
        lambda: [float(np.sum([1, 2, 3, 4, 100])), _mse_minimiser()],
    ),
    Claim(
        ("huber-vs-mse", 1),
        "the median has about 64% of least squares' efficiency, Huber with δ = 1.345·σ about 95%",
        ("64%", "95%"),
        lambda: [float(2 / mp.pi), float(huber_efficiency(mp.mpf("1.345")))],
    ),
    *(
        Claim(("huber-vs-mse", 1), text, holds=_huber_1345_covers_82_not_95_percent)
        for text in (
            "95% of the residuals",
            "95% of the points",
            "95% of the errors",
            "95% of the data",
            "95% of residuals",
            "holds 95%",
        )
    ),
    Claim(
        ("huber-vs-mse", 1),
        "The 95% is asymptotic efficiency",
        ("95%",),
        lambda: [float(huber_efficiency(mp.mpf("1.345")))],
    ),
    Claim(
        ("huber-vs-mse", 1),
        "P(|r| < 1.345·σ) ≈ 82% for Gaussian noise, so about 18%",
        ("82%", "18%"),
        lambda: [float(_huber_coverage("1.345")), float(1 - _huber_coverage("1.345"))],
    ),
    *(
        Claim(("focal-loss", 0), text, holds=_focal_factor_at_099_is_1e4_not_1_percent)
        for text in (
            "At p_t = 0.99 with γ = 2 the focal factor leaves 1% of the loss",
            "1% of the loss",
            "reduces it to 1%",
            "100 times",
            "factor of 0.01",
            "scaled by 0.01",
            "only 1% remains",
        )
    ),
    Claim(
        ("focal-loss", 0),
        "(1 − 0.99)² = 1e-4, so only 0.01% of the cross-entropy is left",
        ("1e-4", "0.01%"),
        lambda: [(1 - 0.99) ** 2, (1 - 0.99) ** 2],
    ),
    Claim(("focal-loss", 0), "1% would be γ = 1", ("1%",), lambda: [(1 - 0.99) ** 1]),
    Claim(
        ("class-imbalance-fixes", 1),
        "for 1% positives and a 50/50 training set, a predicted 0.9 becomes 0.9 × 0.02 = 0.018 "
        "for the positive and 0.1 × 1.98 = 0.198 for the negative, so divide by their sum: "
        "0.018/0.216 ≈ 0.083",
        ("1%", "0.9", "0.02", "0.018", "0.1", "1.98", "0.198", "0.216", "0.083"),
        lambda: [
            0.01,
            0.9,
            0.01 / 0.5,
            0.9 * 0.01 / 0.5,
            1 - 0.9,
            0.99 / 0.5,
            (1 - 0.9) * 0.99 / 0.5,
            0.9 * 0.01 / 0.5 + (1 - 0.9) * 0.99 / 0.5,
            prior_corrected(0.9, 0.5, 0.01),
        ],
    ),
    Claim(
        ("choosing-a-loss", 0),
        "symmetric (half the absolute error) only at τ = 0.5",
        holds=_pinball_half_is_the_median_and_half_mae,
    ),
    Claim(
        ("choosing-a-loss", 1),
        "its optimum is pulled toward 0.5: with γ = 2 and a true probability of 0.9 it predicts "
        "about 0.694",
        ("0.694",),
        lambda: [focal_optimum(0.9, 2.0)],
        holds=lambda: 0.5 < focal_optimum(0.9, 2.0) < 0.9,
    ),
    # --- main questions' misconceptions: their wrong numbers (checked false) and corrections
    Claim(
        ("relu-derivative-zero", None),
        "ReLU's derivative at 0 exists and is 0.5 (frameworks use 0.5)",
        holds=_relu_has_no_derivative_at_zero,
    ),
    Claim(
        ("relu-derivative-zero", None),
        "0.5 is one valid subgradient among [0, 1], but PyTorch, TensorFlow and JAX use 0",
        holds=lambda: (
            _half_is_a_subgradient_of_relu_at_zero() and _relu_has_no_derivative_at_zero()
        ),
    ),
    *(
        Claim((qid, None), text, holds=_sigmoid_peak_is_a_quarter)
        for qid, text in (
            ("sigmoid-formula-use", "Sigmoid's derivative peaks at 0.5 or 1 (not 0.25)"),
            ("relu-training-speed", "Sigmoid's maximum derivative is 0.5 (or 1)"),
        )
    ),
    *(
        Claim(
            (qid, None),
            text,
            ("0.5", "0.5", "0.25"),
            lambda: [sig(0.0), sig(0.0), _sigmoid_peak()],
            holds=_sigmoid_peak_is_a_quarter,
        )
        for qid, text in (
            ("sigmoid-formula-use", "is largest at x = 0, where it equals 0.5 · 0.5 = 0.25"),
            ("relu-training-speed", "peaks at x = 0 with σ'(0) = 0.5 · 0.5 = 0.25"),
        )
    ),
    *(
        Claim((qid, None), text, ("0.25",), lambda: [_sigmoid_peak()])
        for qid, text in (
            ("tanh-vs-sigmoid", "sigmoid's peak slope is 0.25 against tanh's 1"),
            ("tanh-vs-sigmoid", "a peak slope of 1 instead of 0.25"),
            ("tanh-vs-sigmoid", "its peak slope is 1 instead of 0.25"),
            ("saturation-vanishing-gradients", "(sigmoid's is at most 0.25 anywhere)"),
            ("saturation-vanishing-gradients", "σ'(x) = σ(x)(1 − σ(x)) peaks at 0.25 at x = 0"),
            ("saturation-vanishing-gradients", "(0.25 for sigmoid, 1 for tanh)"),
            ("saturation-vanishing-gradients", "at most 0.25 for sigmoid"),
            ("default-hidden-activation", "(derivative at most 0.25)"),
            ("relu-training-speed", "versus at most 0.25 for sigmoid"),
            ("relu-training-speed", "(vs sigmoid's ≤ 0.25)"),
            ("relu-training-speed", "shrinking them by at most 0.25 like sigmoid"),
        )
    ),
    *(
        Claim((qid, None), text, holds=_tanh_peak_is_one_four_times_sigmoids)
        for qid, text in (
            ("tanh-vs-sigmoid", "Tanh's derivative is at most 0.25, like sigmoid's"),
            ("tanh-vs-sigmoid", "Tanh's maximum derivative is 0.5, twice sigmoid's"),
            (
                "saturation-vanishing-gradients",
                "Tanh's maximum derivative is 0.25 (like sigmoid's) or 0.5",
            ),
        )
    ),
    *(
        Claim(
            (qid, None),
            text,
            ("0.25",),
            lambda: [_sigmoid_peak()],
            holds=_tanh_peak_is_one_four_times_sigmoids,
        )
        for qid, text in (
            ("tanh-vs-sigmoid", "peaks at 1 at x = 0, four times sigmoid's peak of 0.25"),
            ("tanh-vs-sigmoid", "(σ'(0) = 0.25)"),
            (
                "saturation-vanishing-gradients",
                "is tanh's maximum slope, four times sigmoid's 0.25",
            ),
        )
    ),
    Claim(
        ("sigmoid-formula-use", None),
        "its outputs are all positive (0.5 at x = 0)",
        ("0.5",),
        lambda: [sig(0.0)],
        holds=lambda: float(act.sigmoid(-50.0)[0]) > 0,
    ),
    Claim(
        ("sigmoid-formula-use", None),
        "(in float32 it rounds to 1 for x above about 17)",
        holds=lambda: _float32_sigmoid_is_one(17) and not _float32_sigmoid_is_one(16),
    ),
    Claim(
        ("sigmoid-formula-use", None),
        "point-symmetric about (0, 0.5), not about the origin, and σ(0) = 0.5",
        ("0.5", "0.5"),
        lambda: [sig(0.0), sig(0.0)],
        holds=_sigmoid_is_point_symmetric,
    ),
    *(
        Claim(("tanh-vs-sigmoid", None), text, holds=_tanh_is_not_sigmoid_minus_a_half)
        for text in (
            "Tanh is sigmoid shifted down by 0.5 (tanh(x) = σ(x) − 0.5)",
            "tanh(x) = 2σ(2x) − 1: sigmoid squeezed by 2 along x, stretched by 2 in height and "
            "shifted down by 1",
            "σ(x) − 0.5 has range (−0.5, 0.5) and slope 0.25 at 0, where tanh has (−1, 1) and "
            "slope 1",
        )
    ),
    Claim(
        ("tanh-vs-sigmoid", None),
        "all positive with mean around 0.5",
        ("0.5",),
        lambda: [_mean_sigmoid_output()],
    ),
    Claim(
        ("tanh-vs-sigmoid", None),
        "1.7159·tanh(2x/3)",
        ("1.7159",),
        lambda: [_lecun_tanh_constant()],
    ),
    Claim(
        ("saturation-vanishing-gradients", None),
        "tanh'(3) ≈ 0.0099; it is only less severe near 0 (peak slope 1 vs 0.25)",
        ("0.0099", "0.25"),
        lambda: [float(act.tanh(3.0)[1]), _sigmoid_peak()],
    ),
    Claim(
        ("saturation-vanishing-gradients", None),
        "at most 0.25^L through L sigmoid layers, ignoring the weights (0.25^10 ≈ 9.5e-7)",
        ("0.25", "0.25", "9.5e-7"),
        lambda: [_sigmoid_peak(), _sigmoid_peak(), _sigmoid_peak() ** 10],
    ),
    Claim(
        ("saturation-vanishing-gradients", None),
        "the product of many factors ≤ 0.25 is still tiny (0.25¹⁰ ≈ 9.5·10⁻⁷)",
        ("0.25", "0.25", "9.5"),
        lambda: [_sigmoid_peak(), _sigmoid_peak(), _sigmoid_peak() ** 10 * 1e7],
    ),
    Claim(
        ("saturation-vanishing-gradients", None),
        "where σ = 0.5 and σ' = 0.25; at x = 1 it is already down to about 0.197",
        ("0.5", "0.25", "0.197"),
        lambda: [sig(0.0), _sigmoid_peak(), dsig(1.0)],
    ),
    Claim(
        ("relu-training-speed", None),
        "Sigmoid is steepest at 0 (σ'(0) = 0.25) and saturates for large |x| (σ'(5) ≈ 0.0066)",
        ("0.25", "0.0066"),
        lambda: [dsig(0.0), dsig(5.0)],
        holds=lambda: _sigmoid_peak() == dsig(0.0),
    ),
    Claim(
        ("leaky-relu-prelu", None),
        "Leaky ReLU's slope is typically large, like 0.5 or 1",
        holds=_leaky_slope_is_small,
    ),
    Claim(("leaky-relu-prelu", None), "PyTorch's default is 0.01", holds=_leaky_slope_is_small),
    Claim(
        ("leaky-relu-prelu", None),
        "such as 0.01 (PReLU starts at 0.25)",
        holds=_prelu_starts_at_a_quarter,
    ),
    Claim(
        ("leaky-relu-prelu", None),
        "PReLU's α starts at 0.01",
        holds=_prelu_starts_at_a_quarter,
    ),
    Claim(("leaky-relu-prelu", None), "initialises α = 0.25", holds=_prelu_starts_at_a_quarter),
    Claim(("leaky-relu-prelu", None), "it starts at 0.25", holds=_prelu_starts_at_a_quarter),
    Claim(
        ("leaky-relu-prelu", None),
        "At α = 1 the unit is the identity",
        holds=_prelu_alpha_one_is_identity,
    ),
    Claim(
        ("leaky-relu-prelu", None),
        "above 1 its negative side would be steeper than its positive one",
        holds=_prelu_alpha_above_one_is_steeper_below_zero,
    ),
    Claim(
        ("leaky-relu-prelu", None),
        "0.01 is leaky ReLU's fixed default",
        holds=_prelu_starts_at_a_quarter,
    ),
    Claim(
        ("leaky-relu-prelu", None),
        "With α = 0.01 negative outputs are tiny, so the mean output stays positive",
        holds=_leaky_mean_output_is_positive,
    ),
    *(
        Claim(
            (qid, None),
            text,
            ("−0.17", "−0.75"),
            lambda: [_gelu_minimum()[1], _gelu_minimum()[0]],
        )
        for qid, text in (
            ("gelu-transformers", "a minimum of about −0.17 near x ≈ −0.75"),
            ("gelu-transformers", "dips to a minimum of about −0.17 near x ≈ −0.75"),
            ("gelu-transformers", "(minimum ≈ −0.17 near x ≈ −0.75)"),
        )
    ),
    Claim(
        ("gelu-transformers", None),
        "GELU's minimum is about −0.5 (or −1)",
        holds=_minima_are_shallow,
    ),
    Claim(
        ("gelu-transformers", None),
        "GELU's minimum is ≈ −0.17, at x ≈ −0.75; it is shallower than SiLU's ≈ −0.278",
        ("−0.17", "−0.75", "−0.278"),
        lambda: [_gelu_minimum()[1], _gelu_minimum()[0], _silu_minimum()[1]],
    ),
    Claim(
        ("default-hidden-activation", None),
        "dips to ≈ −0.17",
        ("−0.17",),
        lambda: [_gelu_minimum()[1]],
    ),
    *(
        Claim(
            ("swish-silu", None),
            text,
            ("−0.278", "−1.278"),
            lambda: [_silu_minimum()[1], _silu_minimum()[0]],
        )
        for text in (
            "it dips to about −0.278 near x ≈ −1.278",
            "(minimum ≈ −0.278 at x ≈ −1.278)",
        )
    ),
    Claim(("swish-silu", None), "(minimum ≈ −0.278)", ("−0.278",), lambda: [_silu_minimum()[1]]),
    Claim(
        ("swish-silu", None),
        "peaks at about 1.0998 near x ≈ 2.40 and is negative below x ≈ −1.278",
        ("1.0998", "2.40", "−1.278"),
        lambda: [_silu_slope_peak()[1], _silu_slope_peak()[0], _silu_minimum()[0]],
        holds=lambda: float(act.silu(-1.3)[1]) < 0 < float(act.silu(-1.25)[1]),
    ),
    Claim(
        ("swish-silu", None),
        "Swish/SiLU's minimum is about −0.5 (or −1)",
        holds=_minima_are_shallow,
    ),
    Claim(
        ("swish-silu", None),
        "SiLU's minimum is ≈ −0.278, at x ≈ −1.278 (where x·σ(x) has zero slope); it is "
        "shallow, not −0.5 or −1",
        ("−0.278", "−1.278"),
        lambda: [_silu_minimum()[1], _silu_minimum()[0]],
        holds=_minima_are_shallow,
    ),
    Claim(
        ("swish-silu", None),
        "SiLU'(0) = σ(0) = 0.5; the slope only approaches 1 for large x (and slightly exceeds "
        "it, ≈ 1.1 near x ≈ 2.4)",
        ("0.5", "1.1", "2.4"),
        lambda: [float(act.silu(0.0)[1]), _silu_slope_peak()[1], _silu_slope_peak()[0]],
    ),
    Claim(
        ("swish-silu", None),
        "a dip to ≈ −0.278 at x ≈ −1.278, and its second derivative is negative for x below ≈ −2.4",
        ("−0.278", "−1.278", "−2.4"),
        lambda: [_silu_minimum()[1], _silu_minimum()[0], _silu_inflection()],
    ),
    Claim(
        ("swish-silu", None),
        "x·σ(1.702x) is the sigmoid approximation of GELU, i.e. Swish with β = 1.702",
        holds=_gelu_sigmoid_approximation,
    ),
    # losses
    Claim(
        ("mse-definition", None),
        "overshooting or undershooting by 2 both cost 4",
        ("4",),
        lambda: [ls.mse(np.array([2.0]), np.array([0.0]))[0]],
        holds=lambda: ls.mse(np.array([-2.0]), np.array([0.0]))[0] == 4.0,
    ),
    Claim(
        ("mse-definition", None),
        "(metres to centimetres multiplies it by 10,000)",
        holds=lambda: bool(np.isclose(_mse_scale(100.0), 10_000, rtol=1e-12)),
    ),
    Claim(
        ("bce-one-line", None),
        "BCE at p̂ = 0.5 is 0.5",
        holds=_bce_at_half_is_ln2_for_both_labels,
    ),
    Claim(
        ("bce-one-line", None),
        "At p̂ = 0.5 BCE is −ln 0.5 = ln 2 ≈ 0.693 nats (1 bit with log₂), whatever the label",
        ("0.693",),
        lambda: [ls.bce(np.array([0.5]), np.array([1.0]))[0]],
        holds=_bce_at_half_is_ln2_for_both_labels,
    ),
    Claim(
        ("multiclass-cross-entropy", None),
        "about 2.303 for K = 10 and 6.91 for K = 1000",
        ("2.303", "6.91"),
        lambda: [
            ls.cross_entropy(np.zeros(10), np.array([3]))[0],
            ls.cross_entropy(np.zeros(1000), np.array([3]))[0],
        ],
    ),
    Claim(
        ("multiclass-cross-entropy", None),
        "Deep-learning frameworks compute it with log base 2 (or 10)",
        holds=_ce_is_in_nats,
    ),
    Claim(
        ("multiclass-cross-entropy", None),
        "−ln 0.5 ≈ 0.693, not 1 bit; dividing by ln 2 ≈ 0.693 converts to bits",
        ("0.693", "0.693"),
        lambda: [ls.cross_entropy(np.zeros(2), np.array([0]))[0], float(mp.log(2))],
        holds=_ce_is_in_nats,
    ),
    Claim(
        ("multiclass-cross-entropy", None),
        "a correct prediction with p̂_y = 0.7 still costs −ln 0.7 ≈ 0.357",
        ("0.357",),
        lambda: [ls.cross_entropy(np.log(np.array([0.7, 0.3])), np.array([0]))[0]],
    ),
    Claim(
        ("multiclass-cross-entropy", None),
        "at p̂ = 0.5 it is ln 2 ≈ 0.693",
        ("0.693",),
        lambda: [ls.cross_entropy(np.zeros(2), np.array([0]))[0]],
    ),
    Claim(
        ("softmax-ce-together", None),
        "softmax([2, 0]) ≈ [0.88, 0.12] but softmax([4, 0]) ≈ [0.98, 0.02]",
        ("0.88", "0.12", "0.98", "0.02"),
        lambda: softmax(2, 0) + softmax(4, 0),
        holds=lambda: bool(np.allclose(softmax(2, 0), softmax(7, 5), rtol=0, atol=1e-15)),
    ),
    Claim(
        ("huber-vs-mse", None),
        "PyTorch's default δ is not 1 (e.g. 0.1)",
        holds=_huber_defaults_to_one_where_it_equals_smooth_l1,
    ),
    Claim(
        ("huber-vs-mse", None),
        "nn.HuberLoss defaults to delta = 1.0 (and nn.SmoothL1Loss to beta = 1.0, where the two "
        "coincide)",
        holds=_huber_defaults_to_one_where_it_equals_smooth_l1,
    ),
    Claim(
        ("huber-vs-mse", None),
        "(e.g. about 1.35 σ for 95% efficiency under Gaussian noise)",
        ("95%",),
        lambda: [float(huber_efficiency(mp.mpf("1.35")))],
        # 1.35 is 1.345, the δ of exactly 95% efficiency (to 4 digits), rounded
        holds=lambda: agrees("1.345", _huber_95_delta()) and agrees("1.35", 1.345),
    ),
    Claim(("huber-vs-mse", None), "(e.g. 1.345·σ)", ("1.345",), lambda: [_huber_95_delta()]),
    Claim(
        ("l2-regularization", None),
        "(measure it in km instead of m and its weight grows 1000-fold)",
        holds=_ols_weight_grows_with_the_unit,
    ),
    Claim(
        ("focal-loss", None),
        "Focal loss's α = 0.25 weights the negatives (background)",
        holds=_focal_alpha_weights_the_positives,
    ),
    Claim(
        ("focal-loss", None),
        "RetinaNet's α = 0.25 weights the foreground (positives) by 0.25 and the background by 0.75",
        ("0.25", "0.75"),
        lambda: [
            ls.focal(np.array([0.0]), np.array([1.0]), 0.25, 0.0)[0] / np.log(2),
            ls.focal(np.array([0.0]), np.array([0.0]), 0.25, 0.0)[0] / np.log(2),
        ],
        holds=_focal_alpha_weights_the_positives,
    ),
    Claim(
        ("focal-loss", None),
        "RetinaNet's defaults are not γ = 2 (e.g. γ = 5 or 0.5)",
        holds=lambda: ls.focal.__defaults__ == (0.25, 2.0),
    ),
    Claim(
        ("focal-loss", None),
        "with γ = 2 an easy example at p_t = 0.9 is scaled by (0.1)² = 0.01",
        ("0.01",),
        lambda: [_focal_factor(0.9)],
    ),
    Claim(
        ("focal-loss", None),
        "(about 0.694 for a true 0.9 with γ = 2)",
        ("0.694",),
        lambda: [focal_optimum(0.9, 2.0)],
    ),
    Claim(
        ("focal-loss", None),
        "a probability pulled toward 0.5 (with γ = 2 a true probability of 0.9 gives a "
        "prediction of about 0.694)",
        ("0.694",),
        lambda: [focal_optimum(0.9, 2.0)],
        holds=lambda: 0.5 < focal_optimum(0.9, 2.0) < 0.9,
    ),
    *(
        Claim((qid, None), text, holds=_rare_label_f1_threshold_is_below_half)
        for qid, text in (
            ("class-imbalance-fixes", "The decision threshold should always stay at 0.5"),
            ("class-imbalance-fixes", "the best threshold is usually far below 0.5"),
            ("multilabel-loss", "Each label's threshold must always be 0.5"),
            (
                "multilabel-loss",
                "0.5 is only a default: rare labels usually need a lower threshold",
            ),
        )
    ),
    Claim(
        ("class-imbalance-fixes", None),
        "it can look high (e.g. 0.95) while precision on the rare class is poor",
        holds=_high_roc_auc_low_precision,
    ),
    Claim(
        ("class-imbalance-fixes", None),
        "With 99% negatives, predicting all-negative scores 99% accuracy",
        ("99%",),
        lambda: [_all_negative_accuracy()],
    ),
    Claim(
        ("class-imbalance-fixes", None),
        "A random classifier has PR-AUC 0.5",
        holds=lambda: (
            agrees("0.01", _no_skill_scores()[0]) and not agrees("0.5", _no_skill_scores()[0])
        ),
    ),
    Claim(
        ("class-imbalance-fixes", None),
        "equals the positive rate, e.g. 0.01 with 1% positives; it is ROC-AUC whose chance level "
        "is 0.5",
        ("0.01", "0.5"),
        lambda: list(_no_skill_scores()),
    ),
    Claim(
        ("label-smoothing", None),
        "with ε = 0.1 and K = 10 the minimum is about 0.50 nats",
        ("0.50",),
        lambda: [_smoothed_target_entropy()],
    ),
    Claim(
        ("multilabel-loss", None),
        "an absent label predicted at p̂ = 0.9 costs −ln 0.1 ≈ 2.3",
        ("2.3",),
        lambda: [ls.bce(np.array([0.9]), np.array([0.0]))[0]],
    ),
    Claim(
        ("choosing-a-loss", None),
        "τ = 0.5 gives MAE (the median)",
        holds=_pinball_half_is_the_median_and_half_mae,
    ),
]

# Numbers that are definitions, conventions, examples or published settings, not computations.
NOT_COMPUTED: list[tuple[Where, str, str]] = [
    (("relu-definition", 0), "variance 2/fan_in", "He initialisation's definition"),
    (("leaky-relu-prelu", 0), "(He et al., 2015)", "citation"),
    (("leaky-relu-prelu", 0), "initialises it to 0.25", "the PReLU paper's published setting"),
    (("gelu-transformers", 0), "Shazeer (2020)", "citation"),
    (("gelu-transformers", 0), "three weight matrices", "definition of the gated layer"),
    (("gelu-transformers", 0), "'GLU Variants Improve Transformer' (2020)", "citation (Shazeer)"),
    (("gelu-transformers", 0), "Dauphin et al. (2017)", "citation (the original GLU)"),
    (("saturation-vanishing-gradients", 0), "ResNet (He et al., 2015)", "citation"),
    (("saturation-vanishing-gradients", 0), "(Srivastava et al., 2015)", "citation (Highway)"),
    (("saturation-vanishing-gradients", 0), "the Transformer (2017)", "citation"),
    (("relu-training-speed", 0), "Ten sigmoid layers", "the example's chosen depth"),
    (("saturation-vanishing-gradients", 0), "ten sigmoid layers", "the example's chosen depth"),
    (("focal-loss", None), "RetinaNet uses α = 0.25 and γ = 2", "RetinaNet's published setting"),
    (("focal-loss", 0), "RetinaNet uses α = 0.25 in focal loss", "RetinaNet's published setting"),
    (
        ("focal-loss", 0),
        "Lin et al. (2017) found α = 0.25 with γ = 2 worked best; with γ = 0 "
        "(α-balanced cross-entropy) the best α was 0.75",
        "the focal-loss paper's published result",
    ),
    (("focal-loss", 0), "0.75 at gamma 0", "the focal-loss paper's published result"),
    (("focal-loss", 0), "0.75", "the focal-loss paper's published result"),
    (("focal-loss", 0), "α = 0.25 up-weights", "RetinaNet's published setting"),
    (("focal-loss", 0), "0.25 boosts the positives", "RetinaNet's published setting"),
    (("class-imbalance-fixes", 0), "(Menon et al., 2021)", "citation"),
    (("class-imbalance-fixes", 0), "(Byrd and Lipton, 2019)", "citation"),
    (("label-smoothing", None), "(e.g. 0.1)", "a typical setting, given as an example"),
    (("label-smoothing", 0), "Müller et al. (2019)", "citation"),
    (("huber-vs-mse", 1), "a δ near 1", "a default for standardised targets"),
    (
        ("focal-loss", 0),
        "alpha 0.25 is best whatever gamma",
        "a misconception's wording: the paper's best α was 0.75 at γ = 0",
    ),
    (("focal-loss", 0), "with γ = 2 it was 0.25", "the focal-loss paper's published result"),
    (("focal-loss", 0), "(Lin et al., 2017)", "citation"),
    (("leaky-relu-prelu", 0), "(He et al., 2015)", "citation"),
    (("leaky-relu-prelu", 0), "α to 0.25", "the PReLU paper's published initial value"),
    (
        ("leaky-relu-prelu", 0),
        "0.01",
        "leaky ReLU's conventional fixed slope (a misconception gives it as PReLU's start)",
    ),
    (("relu-definition", 0), "he et al 2015", "citation"),
    (("label-smoothing", 0), "müller 2019", "citation"),
    (("gelu-transformers", 0), "3 weight matrices", "definition of the gated layer"),
    (("gelu-transformers", 0), "3 matrices instead of 2", "definition of the gated layer"),
    (
        ("saturation-vanishing-gradients", 0),
        "train 100+ layers",
        "published depths (ResNet trained 152 layers with residual connections)",
    ),
    (("mse-definition", 0), "the 100 pulls the mean", "the example's outlier (1, 2, 3, 4, 100)"),
    (("mse-definition", 0), "median ignores the 100", "the example's outlier (1, 2, 3, 4, 100)"),
    (("mse-definition", 0), "100 drags the mean", "the example's outlier (1, 2, 3, 4, 100)"),
    (("focal-loss", 0), "α = 0.25 on positives", "RetinaNet's published setting"),
    (("focal-loss", 0), "positives get 0.25", "RetinaNet's published setting"),
    (
        ("focal-loss", 0),
        "0.25 for positives and 0.75 for negatives",
        "RetinaNet's published setting (α for positives, 1 − α for negatives)",
    ),
    # main questions' misconceptions
    (
        ("leaky-relu-prelu", None),
        "constrained to a small range (e.g. [0, 0.01])",
        "a misconception's (false) wording: 0.01 is leaky ReLU's usual fixed slope",
    ),
    (
        ("leaky-relu-prelu", None),
        "(PyTorch initialises it at 0.25)",
        "nn.PReLU's default init (the PReLU paper's published setting)",
    ),
    (
        ("leaky-relu-prelu", None),
        "learned values far above 0.01",
        "the PReLU paper's learned coefficients (0.681 in its first layer), against leaky ReLU's "
        "usual slope",
    ),
    (("why-nonlinear", None), "(Leshno et al., 1993)", "citation"),
    (("why-nonlinear", None), "(Cybenko 1989, Hornik 1991, Leshno et al. 1993)", "citations"),
    (("relu-definition", None), "(e.g. 0.01) is leaky ReLU", "leaky ReLU's conventional slope"),
    (
        ("relu-definition", None),
        "ReLU was invented for AlexNet (2012)",
        "a misconception's (false) wording: AlexNet's year is right, rectifiers are older",
    ),
    (
        ("relu-definition", None),
        "(Fukushima 1969; Hahnloser et al. 2000); Nair & Hinton (2010) used ReLU in RBMs and "
        "Glorot, Bordes & Bengio (2011) in deep nets; AlexNet (2012)",
        "citations",
    ),
    (("dead-relu", None), "a small positive bias (e.g. 0.01)", "a conventional initial bias"),
    (("dead-relu", None), "the small slope α (e.g. 0.01)", "leaky ReLU's conventional slope"),
    (("tanh-vs-sigmoid", None), "Efficient BackProp (1998)", "citation (LeCun et al.)"),
    (("softmax-purpose", None), "Bridle (1990)", "citation"),
    (
        ("leaky-relu-prelu", None),
        "values around 0.1-0.3 are used in some models (0.2 in GAN discriminators)",
        "published settings (0.2 is DCGAN's)",
    ),
    (("leaky-relu-prelu", None), "(He et al., 2015)", "citation"),
    (
        ("leaky-relu-prelu", None),
        "e.g. 64 for a 64-channel layer",
        "the example's chosen channel count (one α per channel is PReLU's definition)",
    ),
    (("leaky-relu-prelu", None), "He et al. (2015)", "citation"),
    (("leaky-relu-prelu", None), "Maas, Hannun and Ng (2013)", "citation"),
    (
        ("gelu-transformers", None),
        "The original Transformer (2017) used GELU",
        "a misconception's (false) wording: the year is right, the Transformer used ReLU",
    ),
    (("gelu-transformers", None), "(Vaswani et al., 2017)", "citation"),
    (("gelu-transformers", None), "(Hendrycks & Gimpel, 2016)", "citation"),
    (("gelu-transformers", None), "BERT (2018)", "citation year"),
    (("gelu-transformers", None), "(2016, 'Gaussian Error Linear Units')", "citation"),
    (("gelu-transformers", None), "GPT-3", "a model's name"),
    (
        ("relu-derivative-zero", None),
        "exactly 0.0",
        "where ReLU's kink is (its definition), not a computation",
    ),
    (("relu-derivative-zero", None), "left derivative α (e.g. 0.01)", "leaky ReLU's usual slope"),
    (("saturation-vanishing-gradients", None), "Xavier/Glorot init (2010,", "citation year"),
    (("saturation-vanishing-gradients", None), "He/Kaiming init (2015,", "citation year"),
    (("swish-silu", None), "(Ramachandran, Zoph & Le, 2017)", "citation"),
    (("swish-silu", None), "(Hendrycks & Gimpel 2016; Elfwing et al. 2017)", "citations"),
    (("default-hidden-activation", None), "the original 2017 Transformer", "citation year"),
    (("default-hidden-activation", None), "(Vaswani et al., 2017)", "citation"),
    (("default-hidden-activation", None), "(Hendrycks & Gimpel, 2016)", "citation"),
    (("default-hidden-activation", None), "BERT (2018)", "citation year"),
    (("default-hidden-activation", None), "AlexNet (2012)", "citation year"),
    (("default-hidden-activation", None), "GPT-3", "a model's name"),
    (
        ("relu-training-speed", None),
        "(Krizhevsky et al., 2012) reported a 4-layer CNN with ReLU reaching 25% training error "
        "on CIFAR-10 about 6 times faster",
        "the AlexNet paper's published result",
    ),
    (("multiclass-cross-entropy", None), "since PyTorch 1.10", "a release version"),
    (("huber-vs-mse", None), "a residual of 5", "the example's chosen residual"),
    (
        ("focal-loss", None),
        "easy background anchors outnumber objects about 1000:1",
        "the focal-loss paper's published imbalance (1:1000)",
    ),
    (
        ("focal-loss", None),
        "RetinaNet found γ = 2 with α = 0.25 best",
        "the focal-loss paper's published result",
    ),
    (("focal-loss", None), "Mukhoti et al., 2020", "citation"),
    (("focal-loss", None), "(Lin et al., 2017)", "citation"),
    (("class-imbalance-fixes", None), "(e.g. ε = 0.1)", "a typical setting, given as an example"),
    (("class-imbalance-fixes", None), "(k = 5 by default)", "imbalanced-learn's default"),
    (
        ("class-imbalance-fixes", None),
        "(0.25 for positives in RetinaNet)",
        "RetinaNet's published setting",
    ),
    (
        ("label-smoothing", None),
        "The usual smoothing factor ε is about 0.5 (or 0.9)",
        "a misconception's (false) wording: the published usual ε is 0.1",
    ),
    (
        ("label-smoothing", None),
        "typically 0.1 (Inception-v3, the Transformer)",
        "the published settings",
    ),
    (
        ("label-smoothing", None),
        "ε = 0.5 would move half the target mass",
        "the definition of ε (the uniform distribution's share of the target)",
    ),
    (("label-smoothing", None), "(Müller et al., 2019)", "citation"),
    (("multilabel-loss", None), "a label present in 1% of images", "an example label frequency"),
]

ALL_WHERE: list[Where] = [(q, None) for q in ALL_IDS] + [
    (q, i) for q in ALL_IDS for i in range(len(follow_ups(q)))
]


def _covered_spans(where: Where, text: str) -> list[tuple[int, int]]:
    spans = []
    for c in CLAIMS:
        if c.where == where:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(c.text), text)]
    for w, t, _ in NOT_COMPUTED:
        if w == where:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(t), text)]
    return spans


@pytest.mark.parametrize(
    "where", ALL_WHERE, ids=lambda w: f"{w[0]}-{'q' if w[1] is None else w[1]}"
)
def test_every_number_is_accounted_for(where: Where) -> None:
    for text in texts(where):
        spans = _covered_spans(where, text)
        for token, start, end in claim_tokens(text):
            inside = any(a <= start and end <= b for a, b in spans)
            assert inside, f"{where}: '{token}' in {text!r} is neither checked nor listed"


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: f"{c.where[0]}:{c.text[:40]}")
def test_numeric_claim(claim: Claim) -> None:
    assert any(claim.text in t for t in texts(claim.where)), "the claim's text is not in the bank"
    for shown in claim.shown:
        assert shown in claim.text
    if claim.shown:
        assert claim.values is not None
        values = list(claim.values())
        assert len(values) == len(claim.shown)
        for shown, value in zip(claim.shown, values, strict=True):
            assert agrees(shown, value), f"{shown} vs computed {value!r}"
    if claim.holds is not None:
        assert claim.holds(), claim.text
    assert claim.shown or claim.holds is not None


def test_not_computed_entries_are_in_the_bank() -> None:
    for where, text, reason in NOT_COMPUTED:
        assert any(text in t for t in texts(where)), (where, text)
        assert reason


@pytest.mark.parametrize(
    ("shown", "value", "ok"),
    [
        ("−0.035", -0.03469, True),
        ("−0.035", -0.0344, False),
        ("0.98", 0.982, True),
        ("9.5e-7", 9.5367e-7, True),
        ("9.5e-7", 9.44e-7, False),
        ("95%", 0.9500003, True),
        ("95%", 0.944, False),
        ("22", 22.0, True),
        ("½", 0.5, True),
    ],
)
def test_agrees_rounds_to_the_shown_digits(shown: str, value: float, ok: bool) -> None:
    assert agrees(shown, value) is ok


def test_claim_numbers_skip_formula_digits_and_names() -> None:
    assert claim_numbers("W2(W1·x) with 4d and 1 − p") == []
    assert claim_numbers("about −0.035 at z = −4, 95% and 9.5e-7 or 1000") == [
        "−0.035",
        "−4",
        "95%",
        "9.5e-7",
        "1000",
    ]


@pytest.mark.parametrize("qid", ALL_IDS)
def test_follow_up_model_answers_are_judged_good_and_free_of_misconceptions(qid: str) -> None:
    from actloss_quiz.scoring import judge

    bank = load_bank()
    q = bank.by_id(qid)
    assert q is not None and len(q.follow_ups) == len(follow_ups(qid))
    for fu in q.follow_ups:
        verdict = judge(fu.answer, fu.key_points, fu.misconceptions, bank.synonyms)
        assert [p.point for p in verdict.points if not p.covered] == [], fu.question
        assert verdict.misconceptions == (), fu.question
        assert verdict.suggested_rating == 3, (fu.question, verdict.reasons)


def test_a_follow_up_asserting_its_misconception_is_marked_down() -> None:
    from actloss_quiz.scoring import judge

    bank = load_bank()
    q = bank.by_id("kl-divergence")
    assert q is not None
    fu = q.follow_ups[0]
    wrong = "F.kl_div takes probabilities: pass kl_div(p, q) and it computes KL(p || q)."
    verdict = judge(wrong, fu.key_points, fu.misconceptions, bank.synonyms)
    assert [m.claim for m in verdict.misconceptions] == [fu.misconceptions[0].claim]
    assert verdict.suggested_rating == 1
