"""The demos of the bundled bank teach their question's point, and every number in their notes
is checked: each note's numbers must sit inside a `NOTE_CLAIMS` pattern whose check recomputes
them with the engine or mpmath, or bounds a by-construction rounding error.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import mpmath as mp
import numpy as np
import pytest

from actloss_quiz.engine import activations as act
from actloss_quiz.engine import losses as ls
from actloss_quiz.engine.scenarios import DemoView, question_demo
from tests.content_checks import (
    agrees,
    claim_tokens,
    focal_optimum,
    follow_ups,
    raw_questions,
    silu_slope,
)
from tests.helpers import recording_console

mp.mp.dps = 30


def demo_key(spec: dict[str, Any]) -> str:
    if "scenario" in spec:
        return f"scenario:{spec['scenario']}"
    return f"demo:{spec['name']}:{json.dumps(spec.get('args', {}), sort_keys=True)}"


@cache
def bank_demos() -> dict[str, DemoView]:
    """Every demo the bank shows (questions and follow-ups), by key, run deterministically."""
    out = {}
    for q in raw_questions().values():
        specs = [q["demo"]] + [fu["demo"] for fu in q.get("follow_ups") or [] if fu.get("demo")]
        for spec in specs:
            out.setdefault(demo_key(spec), question_demo(spec, deterministic=True))
    return out


def notes(key: str) -> list[str]:
    return bank_demos()[key].notes


def view(scenario: str) -> DemoView:
    return bank_demos()[f"scenario:{scenario}"]


# --------------------------------------------------------------------------- teaching the point


def _num(cell: str) -> float:
    return float(cell.rstrip("%"))


def test_relu_before_softmax_shows_tied_dead_logits_not_shift_invariance() -> None:
    v = view("relu-before-softmax")
    rows = {r[0]: r for r in v.rows}
    negative = [r for r in v.rows if _num(r[1]) < 0]
    assert len(negative) >= 2
    assert len({r[2] for r in negative}) == 1 and negative[0][2] == "0"  # clipped to one value
    assert len({r[3] for r in negative}) == 1  # so they tie in probability
    assert all(r[5] == "0" for r in negative)  # and get no gradient through the ReLU
    assert all(_num(r[4]) != 0 for r in negative)  # which a linear head would give them
    assert "1 (true)" in rows and _num(rows["1 (true)"][1]) < 0
    assert any("shift-invariant" in n for n in v.notes)
    # review C1: each gradient column names its head
    assert v.columns[4:] == ["dCE/dz,\nlinear head", "dCE/dz,\nReLU head"]
    assert v.formula is not None and v.formula.startswith("linear head: softmax(z) - y;")


def test_relu_before_softmax_numbers_and_shift_claim_in_mpmath() -> None:
    """Every cell against mpmath; the shift by 1.5 leaves softmax exactly unchanged (review D:
    the note no longer prints float64 rounding as if it were a change)."""
    z = [1.2, -0.3, -1.5, 0.4]
    r = [max(v, 0.0) for v in z]
    p_lin, p_relu = mp_softmax_mp(z), mp_softmax_mp(r)
    for k, row in enumerate(view("relu-before-softmax").rows):
        y = 1 if k == 1 else 0
        expected = [z[k], r[k], p_relu[k], p_lin[k] - y, (p_relu[k] - y) * (1 if z[k] > 0 else 0)]
        for cell, value in zip(row[1:], expected, strict=True):
            assert agrees(cell, float(value)), (k, cell, value)
    with mp.workdps(60):
        shifted = mp_softmax_mp([mp.mpf(v) + mp.mpf(1.5) for v in z])
        assert max(abs(a - b) for a, b in zip(shifted, mp_softmax_mp(z), strict=True)) < 1e-55
    assert any(
        "leaves every probability unchanged" in n for n in notes("scenario:relu-before-softmax")
    )


def test_mse_outlier_shows_the_quadratic_penalty_and_its_gradient() -> None:
    v = view("mse-outlier")
    errors = [_num(r[1]) for r in v.rows]
    squared = [_num(r[2]) for r in v.rows]
    grads = [_num(r[3]) for r in v.rows]
    assert squared == pytest.approx([e * e for e in errors])
    assert grads == pytest.approx([2 * e / len(errors) for e in errors])
    big = int(np.argmax(np.abs(errors)))
    assert abs(grads[big]) >= 5 * max(abs(g) for i, g in enumerate(grads) if i != big)
    assert _num(v.rows[big][4]) > 90


def test_one_hot_cross_entropy_picks_one_term_with_other_numbers_than_q20() -> None:
    v = view("one-hot-cross-entropy")
    body = v.rows[:-1]
    picked = [r for r in body if r[5] != "0"]
    assert len(picked) == 1 and picked[0][2] == "1"
    assert v.rows[-1][5] == picked[0][4] == picked[0][5]
    q20 = view("softmax-ce-gradient")
    assert [r[1] for r in body] != [r[1] for r in q20.rows]


def test_l2_shrinkage_is_the_minimum_and_shrinks_the_weights() -> None:
    v = view("l2-shrinkage")
    lams = [_num(r[0]) for r in v.rows]
    norms = [_num(r[2]) for r in v.rows]
    data = [_num(r[3]) for r in v.rows]
    assert lams == sorted(lams) and norms == sorted(norms, reverse=True)
    assert data == sorted(data)
    # each row's w is the minimum of data loss + penalty: the engine's gradients cancel
    x = np.array([[1.0, 0.5], [0.5, 1.0], [1.5, 1.0], [0.0, 1.0], [1.0, -0.5], [2.0, 1.0]])
    y = x @ np.array([2.0, -1.0]) + np.array([0.3, -0.2, 0.1, 0.4, -0.3, 0.1])
    for row, lam in zip(v.rows, lams, strict=True):
        w = np.array(json.loads(row[1]))
        _, g_pred = ls.mse(x @ w, y)
        _, g_pen = ls.l2(w, lam)
        assert np.abs(x.T @ g_pred + g_pen).max() < 1e-5


def reference_adam(
    scale: float, lam: float, mode: str, steps: int = 100, lr: float = 0.01
) -> float:
    """Textbook Adam / AdamW on one weight (Kingma & Ba; Loshchilov & Hutter), scalar loop."""
    w, m, v = 1.0, 0.0, 0.0
    for t in range(1, steps + 1):
        g = scale * (-1) ** t + (2 * lam * w if mode == "l2" else 0.0)
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g * g
        step = (m / (1 - 0.9**t)) / ((v / (1 - 0.999**t)) ** 0.5 + 1e-8)
        if mode == "decoupled":
            step += 2 * lam * w
        w -= lr * step
    return w


def test_adam_scenario_matches_a_scalar_reference() -> None:
    from actloss_quiz.engine.scenarios import adam_final_weights

    final = adam_final_weights(np.array([1.0, 0.01]), 0.01)
    for mode, ws in final.items():
        for w, scale in zip(ws, (1.0, 0.01), strict=True):
            assert w == pytest.approx(reference_adam(scale, 0.01, mode), rel=1e-12)


def test_kl_directions_show_asymmetry_and_which_q_each_prefers() -> None:
    v = view("kl-directions")
    fwd = {r[0]: _num(r[2]) for r in v.rows}
    rev = {r[0]: _num(r[3]) for r in v.rows}
    assert fwd["q = p"] == rev["q = p"] == 0
    assert fwd["broad"] < fwd["one-mode"]  # mode-covering
    assert rev["one-mode"] < rev["broad"]  # mode-seeking
    assert fwd["broad"] != rev["broad"]
    joined = " ".join(v.notes)
    assert "prefers the broad q" in joined and "prefers the one-mode q" in joined


def test_loss_by_task_is_a_decision_table_for_the_six_situations() -> None:
    v = view("loss-by-task")
    assert v.columns == ["situation", "losses", "toy check"]
    assert "best first" not in v.title
    situations = " | ".join(r[0] for r in v.rows)
    for needle in ("outliers", "rare class", "multi-label", "calibrated", "percentile", "ranking"):
        assert needle in situations
    rows = {r[0]: r[1] for r in v.rows}
    # review C2: the rare-class row says what each loss does; it does not rank them
    assert rows["rare class (1:4)"].startswith("what each does:")
    assert ">" not in rows["rare class (1:4)"]
    assert all(">" in cell for name, cell in rows.items() if name != "rare class (1:4)")
    assert any("not which is best" in n for n in v.notes)


def test_relu_vs_sigmoid_shows_the_gradient_through_depth_and_the_gpu_caveat() -> None:
    v = view("relu-vs-sigmoid-timing")
    ratio = {r[0]: _num(r[3]) for r in v.rows}
    assert ratio["sigmoid"] < 1e-9 < 0.3 < ratio["relu"] < 3
    assert any("GPU" in n and "minor" in n for n in v.notes)
    # review C5: the caption says that the nets start from different inits
    assert any("He (weight variance" in n and "Xavier" in n for n in v.notes)


def _replay_depth(variance_x_fan_in: float, relu: bool) -> float:
    """An independent replay of the depth scenario (same draws, textbook forward/backward):
    the ratio depends on the init the note states."""
    from actloss_quiz.engine.scenarios import BATCH, DEPTH, WIDTH

    rng = np.random.default_rng(0)
    h = rng.normal(size=(BATCH, WIDTH))
    weights, slopes = [], []
    for _ in range(DEPTH):
        w = rng.normal(size=(WIDTH, WIDTH)) * (variance_x_fan_in / WIDTH) ** 0.5
        pre = h @ w
        if relu:
            h, slope = np.maximum(pre, 0), (pre > 0).astype(float)
        else:
            h = 1 / (1 + np.exp(-pre))
            slope = h * (1 - h)
        weights.append(w)
        slopes.append(slope)
    delta = rng.normal(size=(BATCH, WIDTH)) * slopes[-1]
    top = np.linalg.norm(delta)
    for layer in range(DEPTH - 1, 0, -1):
        delta = (delta @ weights[layer].T) * slopes[layer - 1]
    return float(np.linalg.norm(delta) / top)


def test_relu_vs_sigmoid_ratios_come_from_the_stated_inits() -> None:
    rows = {r[0]: r[3] for r in view("relu-vs-sigmoid-timing").rows}
    # He 2/fan_in for ReLU, Xavier 2/(fan_in + fan_out) = 1/fan_in for the square sigmoid layers
    assert rows["relu"] == f"{_replay_depth(2.0, relu=True):.3g}" == "0.762"
    assert rows["sigmoid"] == f"{_replay_depth(1.0, relu=False):.3g}" == "1.23e-12"
    assert f"{_replay_depth(1.0, relu=True):.3g}" != rows["relu"]  # the init matters


@pytest.mark.parametrize(
    ("key", "gone"),
    [
        ("scenario:dead-relu", "can never revive"),
        ("scenario:softmax-ce-gradient", "no exponentials or divisions left"),
        ("scenario:multilabel-sigmoid-vs-softmax", "at most 0.5 each"),
    ],
)
def test_false_notes_are_gone(key: str, gone: str) -> None:
    assert gone not in " ".join(notes(key))


def test_tanh_vs_sigmoid_labels_means_and_maxima_apart() -> None:
    v = view("tanh-vs-sigmoid")
    mean, top = v.rows[-2], v.rows[-1]
    assert mean[0] == "mean" and mean[2] == mean[4] == ""
    assert top[0] == "max" and top[1] == top[3] == ""
    assert _num(mean[1]) == pytest.approx(0.5) and _num(mean[3]) == pytest.approx(0)
    assert _num(top[2]) == pytest.approx(0.25) and _num(top[4]) == pytest.approx(1)


# --------------------------------------------------------------------------- numbers in notes


@dataclass(frozen=True)
class NoteClaim:
    """A regex over a demo's notes ("*" = every demo); `check` gets its groups as floats."""

    where: str
    pattern: str
    check: Callable[[Sequence[float]], bool]


def _shown(expected: Sequence[float]) -> Callable[[Sequence[float]], bool]:
    """The shown numbers are the expected values to the 6 significant digits fmt() prints."""
    return lambda got: (
        len(got) == len(expected)
        and all(
            g == pytest.approx(e, rel=5e-6, abs=1e-15) for g, e in zip(got, expected, strict=True)
        )
    )


def _tiny(bound: float) -> Callable[[Sequence[float]], bool]:
    return lambda got: all(abs(g) < bound for g in got)


def sig(x: float) -> float:
    return float(1 / (1 + mp.e ** (-x)))


def mp_softmax(z: Sequence[float]) -> list[float]:
    e = [mp.e ** mp.mpf(v) for v in z]
    return [float(v / sum(e)) for v in e]


def mp_softmax_mp(z: Sequence[Any]) -> list[mp.mpf]:
    e = [mp.e ** mp.mpf(v) for v in z]
    return [v / mp.fsum(e) for v in e]


def mp_sig(x: Any) -> mp.mpf:
    return 1 / (1 + mp.exp(-mp.mpf(x)))


def mp_softplus(x: Any) -> mp.mpf:
    return mp.log1p(mp.exp(mp.mpf(x)))


def mp_pinball(c: Any, tau: Any = "0.9", ys: Sequence[int] = tuple(range(1, 11))) -> mp.mpf:
    """Mean pinball loss of the constant c over the targets ys."""
    t, c = mp.mpf(tau), mp.mpf(c)
    return mp.fsum(max(t * (y - c), (t - 1) * (y - c)) for y in ys) / len(ys)


def mp_huber(r: Any, delta: Any) -> mp.mpf:
    r, delta = mp.mpf(r), mp.mpf(delta)
    return r * r / 2 if abs(r) < delta else delta * (abs(r) - delta / 2)


def mp_smooth_l1(r: Any, beta: Any) -> mp.mpf:
    r, beta = mp.mpf(r), mp.mpf(beta)
    return r * r / (2 * beta) if abs(r) < beta else abs(r) - beta / 2


def mp_prior_corrected(q: Any) -> mp.mpf:
    """Bayes' rule: trained at 50/50, deployed at 1% positives."""
    pos = mp.mpf(q) * mp.mpf("0.01") / mp.mpf("0.5")
    neg = (1 - mp.mpf(q)) * mp.mpf("0.99") / mp.mpf("0.5")
    return pos / (pos + neg)


def mp_kl(p: Sequence[float], q: Sequence[float]) -> float:
    return float(sum(mp.mpf(a) * mp.log(mp.mpf(a) / mp.mpf(b)) for a, b in zip(p, q, strict=True)))


def _kl_logit_grad(p_text: str, q_text: str) -> np.ndarray:
    """d/ds KL(p || softmax(s)) at s = log q, by central differences through the engine."""
    p = np.array([float(v) for v in p_text.split(",")])
    s = np.log(np.array([float(v) for v in q_text.split(",")]))
    h = 1e-6
    out = []
    for k in range(s.size):
        e = np.zeros_like(s)
        e[k] = h
        up = ls.kl(p, act.softmax(s + e)[0])[0]
        down = ls.kl(p, act.softmax(s - e)[0])[0]
        out.append((up - down) / (2 * h))
    return np.array(out)


def _scenarios() -> Any:
    from actloss_quiz.engine import scenarios

    return scenarios


def mae3(c: Any) -> mp.mpf:
    """Mean absolute error of the constant c on the targets 1, 2, 3, 4, 100."""
    return mp.fsum(abs(mp.mpf(c) - y) for y in (1, 2, 3, 4, 100)) / 5


@cache
def torch_bce_p1_y0() -> tuple[float, float]:
    """PyTorch's BCELoss at p = 1, y = 0 from the golden file (torch float64): the element's
    loss and its gradient wrt p (the golden case averages 4 elements)."""
    golden = json.loads((Path(__file__).parent / "golden" / "golden.json").read_text())
    case = next(c for c in golden if c["demo"] == "bce" and c["args"]["p"] == "0,1,0,1")
    assert case["args"]["target"] == "1,0,0,1"  # element 1 is p = 1, y = 0
    return 4 * case["value"] / 2, 4 * case["grad"][1]  # elements 0 and 1 both cost 100


NUM = r"(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)"
A = "scenario:"

NOTE_CLAIMS: list[NoteClaim] = [
    # by construction: rounding-level differences, reported as measured
    NoteClaim("*", rf"max \|analytic - numeric\| = {NUM}", _tiny(1e-6)),
    NoteClaim("*", rf"max difference {NUM} \(rounding only\)", _tiny(1e-12)),
    NoteClaim("*", rf"finite-difference check: max error {NUM}", _tiny(1e-6)),
    # catalogue notes
    NoteClaim(
        "*",
        r"the central difference gives (0\.5)",
        lambda g: g[0] == (act.relu(1e-3)[0] - act.relu(-1e-3)[0]) / 2e-3,
    ),
    NoteClaim(
        "*",
        rf"sigmoid'\(x\) is at most {NUM} \(at x = 0\); at x = {NUM} it is {NUM}",
        lambda g: (
            g[0] == 0.25 == act.sigmoid(0.0)[1]
            and _shown([float((s := sig(g[1])) * (1 - s))])(g[2:])
        ),
    ),
    NoteClaim(
        "*",
        rf"sigmoid's peak is {NUM}\), but it saturates too: tanh'\({NUM}\) = {NUM}",
        lambda g: g[0] == 0.25 and _shown([float(1 - mp.tanh(g[1]) ** 2)])(g[2:]),
    ),
    NoteClaim(
        "*",
        rf"slope alpha = {NUM} is learned",
        lambda g: bool(np.all(act.prelu(np.array([-2.0]), g[0])[0] == -2.0 * g[0])),
    ),
    NoteClaim(
        "*",
        rf"minimum about {NUM} at x = {NUM}\)",
        lambda g: (
            agrees(f"{g[1]:.2f}", float(x := mp.findroot(silu_slope, -1.3)))
            and agrees(f"{g[0]:.3f}", float(x / (1 + mp.e**-x)))
        ),
    ),
    NoteClaim(
        "*",
        rf"PyTorch clamps each log at {NUM}",
        lambda g: g[0] == ls.BCE_LOG_CLAMP == -ls.bce(np.array([0.0]), np.array([1.0]))[0],
    ),
    NoteClaim(
        "*",
        rf"{NUM} of {NUM} examples are inside the margin \(y\*s < 1\)",
        lambda g: g == [2.0, 3.0],
    ),
    NoteClaim(
        "*",
        rf"Label smoothing {NUM} replaces the one-hot target by {NUM} on the true "
        rf"class and {NUM} elsewhere",
        lambda g: _shown([0.1, 1 - 0.1 + 0.1 / 3, 0.1 / 3])(g),
    ),
    NoteClaim(
        'demo:cross-entropy:{"label-smoothing": "0.1", "logits": "2,1,0.1", "target": "0"}',
        rf"First row, true class (0): \({NUM} - {NUM}\)/(1) = {NUM}, its gradient in the table",
        lambda g: (
            g[0] == 0
            and g[3] == 1
            and agrees(f"{g[1]}", float(p := mp_softmax_mp([2, 1, 0.1])[0]))
            and agrees(f"{g[2]}", float(t := 1 - mp.mpf("0.1") + mp.mpf("0.1") / 3))
            and agrees(f"{g[4]}", float(p - t))
        ),
    ),
    NoteClaim(
        "*",
        r"Its gradient wrt q, -p/q, is negative wherever p > (0)",
        lambda g: bool(
            np.all(
                ls.kl(np.array([0.5, 0.0, 0.5]), np.array([0.2, 0.3, 0.5]))[1]
                <= np.array([-1e-12, 0.0, -1e-12])
            )
        ),
    ),
    *(
        NoteClaim(
            f'demo:kl:{{"p": "{p}", "q": "{q}"}}',
            rf"the gradient wrt the logits s is q - p = \[{NUM}, {NUM}, {NUM}\]",
            lambda g, p=p, q=q: (
                _shown(
                    [
                        float(mp.mpf(b) - mp.mpf(a))
                        for a, b in zip(p.split(","), q.split(","), strict=True)
                    ]
                )(g)
                and _shown([float(v) for v in _kl_logit_grad(p, q)])(g)
            ),
        )
        for p, q in (("0.7,0.2,0.1", "0.5,0.3,0.2"), ("0.49,0.02,0.49", "0.9,0.05,0.05"))
    ),
    # scenario notes
    NoteClaim(
        A + "dead-relu",
        r"Leaky ReLU \(slope (0\.01) below 0\)",
        lambda g: act.leaky_relu.__defaults__ == (g[0],),
    ),
    NoteClaim(
        A + "activation-compare",
        r"leaky ReLU keeps slope (0\.01)",
        lambda g: act.leaky_relu(-1.0)[1] == g[0],
    ),
    NoteClaim(
        A + "tanh-vs-sigmoid",
        rf"sigmoid's outputs average {NUM}",
        # shown to 6 digits: NumPy 1.26 sums the seven values to 0.5000000000000001
        lambda g: _shown([float(np.mean(act.sigmoid(np.linspace(-3, 3, 7))[0]))])(g),
    ),
    NoteClaim(
        A + "tanh-vs-sigmoid",
        rf"The largest derivative is {NUM} for sigmoid and 1 for "
        rf"tanh \(row 'max'\), both at x = 0; at x = {NUM} both are below {NUM}",
        lambda g: (
            g[0] == act.sigmoid(0.0)[1]
            and max(act.sigmoid(g[1])[1], act.tanh(g[1])[1]) < g[2] < act.sigmoid(2.0)[1]
        ),
    ),
    NoteClaim(
        A + "gelu-vs-tanh-approx",
        rf"The approximation is within {NUM} of exact GELU",
        lambda g: _shown(
            [
                max(
                    abs(float(x * (1 + mp.erf(x / mp.sqrt(2))) / 2) - float(act.gelu_tanh(x)[0]))
                    for x in (-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0)
                )
            ]
        )(g),
    ),
    NoteClaim(
        A + "sigmoid-depth",
        rf"sigmoid' is {NUM}, so {NUM} layers shrink a gradient by "
        rf"{NUM}\^{NUM} = {NUM} < {NUM}",
        lambda g: (
            g[0] == g[2] == 0.25
            and g[1] == g[3] == 10
            and _shown([0.25**10])([g[4]])
            and g[4] < g[5] == 1e-6
        ),
    ),
    NoteClaim(
        A + "relu-before-softmax",
        rf"they get the same probability \({NUM}\)",
        lambda g: _shown([mp_softmax([1.2, 0, 0, 0.4])[1]])(g),
    ),
    NoteClaim(
        A + "relu-before-softmax",
        rf"shifting every logit up by {NUM} \(all now >= 0\)",
        lambda g: g[0] == 1.5,
    ),
    NoteClaim(
        A + "output-heads",
        rf"neither can ever reach {NUM}\.",
        lambda g: g[0] > 1 and act.sigmoid(50.0)[0] <= 1 and act.tanh(50.0)[0] <= 1,
    ),
    NoteClaim(
        A + "relu-vs-sigmoid-timing",
        rf"Through {NUM} layers \(width {NUM}\) the sigmoid "
        rf"net's gradient shrinks to {NUM} of its size at the top; the ReLU net keeps {NUM}",
        lambda g: g[:2] == [20, 64] and g[2] < 1e-9 and 0.3 < g[3] < 3,
    ),
    NoteClaim(
        A + "relu-vs-sigmoid-timing",
        rf"ReLU layers He \(weight variance {NUM}/fan_in = {NUM}/{NUM}\), sigmoid layers "
        rf"Xavier \(2/\(fan_in \+ fan_out\) = {NUM}/{NUM}\)",
        lambda g: (
            g == [2, 2, 64, 1, 64]
            and _scenarios().WIDTH == 64
            and _scenarios().INIT_VARIANCE_X_FAN_IN == {"relu": 2.0, "sigmoid": 1.0}
            and 2 / (64 + 64) == g[3] / g[4]  # Xavier's variance for these square layers
        ),
    ),
    NoteClaim(
        A + "mse-outlier",
        rf"The error of {NUM} is squared to {NUM}: {NUM}% of the loss, "
        rf"and its gradient {NUM} is {NUM} times the next largest",
        lambda g: (
            g[0] == -10
            and g[1] == 100
            and agrees("98.5", 100 * 100 / 101.5)
            and g[2] == 98.5
            and g[3] == 2 * -10 / 5
            and g[4] == 4 / (2 * 1 / 5)
        ),
    ),
    NoteClaim(
        A + "one-hot-cross-entropy",
        rf"the loss is -log p_2 = {NUM}, equal to "
        rf"CrossEntropyLoss with class index 2 \({NUM}\)",
        lambda g: _shown([-float(mp.log(mp_softmax([0.5, 2, -1, 0])[2]))] * 2)(g),
    ),
    NoteClaim(
        A + "huber-outlier",
        rf"MSE's gradient on the outlier is 2\*{NUM}/{NUM} = {NUM}",
        lambda g: (
            g == [15, 5, 6]
            and ls.mse(np.array([1.1, 1.9, 3.2, 4.0, 20.0]), np.array([1.0, 2.0, 3.0, 4.2, 5.0]))[
                1
            ][-1]
            == pytest.approx(6)
        ),
    ),
    NoteClaim(
        A + "huber-outlier",
        rf"Huber caps it at delta/n = {NUM}",
        lambda g: (
            g[0]
            == pytest.approx(
                ls.huber(np.array([1.1, 1.9, 3.2, 4.0, 20.0]), np.array([1.0, 2.0, 3.0, 4.2, 5.0]))[
                    1
                ][-1]
            )
        ),
    ),
    NoteClaim(A + "l2-shrinkage", rf"\(\|\|w\|\| {NUM} -> {NUM}\)", lambda g: g[0] > g[1] > 0),
    NoteClaim(
        A + "l2-shrinkage",
        rf"With Adam \({NUM} steps, lr {NUM}, lam {NUM}\), L2 in the "
        rf"loss keeps {NUM} of a weight with large gradients but only {NUM} of one",
        lambda g: (
            g[:3] == [100, 0.01, 0.01]
            and _shown(
                [
                    reference_adam(1.0, 0.01, "l2") / reference_adam(1.0, 0.01, "none"),
                    reference_adam(0.01, 0.01, "l2") / reference_adam(0.01, 0.01, "none"),
                ]
            )(g[3:])
        ),
    ),
    NoteClaim(
        A + "l2-shrinkage",
        rf"Decoupled decay \(AdamW\) keeps {NUM} and {NUM}",
        lambda g: (
            _shown(
                [
                    reference_adam(s, 0.01, "decoupled") / reference_adam(s, 0.01, "none")
                    for s in (1.0, 0.01)
                ]
            )(g)
            and abs(g[0] - (1 - 0.01 * 0.02) ** 100) < 1e-3
        ),
    ),
    NoteClaim(
        A + "loss-by-task",
        rf"when the true probability is {NUM}",
        lambda g: g[0] == 0.9 and focal_optimum(g[0], 2.0) < g[0],
    ),
    NoteClaim(
        A + "loss-by-task",
        rf"Pinball\({NUM}\)'s expected loss is flat from {NUM} to {NUM}: any value there is a "
        rf"{NUM}-quantile of 1\.\.10",
        lambda g: (
            g[0] == g[3] == 0.9
            and abs(mp_pinball(g[1]) - mp_pinball(g[2])) < 1e-25
            and abs(mp_pinball(g[1]) - mp_pinball((g[1] + g[2]) / 2)) < 1e-25
            and mp_pinball(g[1] - 0.01) > mp_pinball(g[1])
            and mp_pinball(g[2] + 0.01) > mp_pinball(g[2])
        ),
    ),
    # follow-up scenarios (review C3)
    NoteClaim(
        A + "sigmoid-mse-vs-bce",
        rf"At z = {NUM} MSE's gradient is {NUM} against BCE's {NUM}, {NUM} times smaller",
        lambda g: (
            g[0] == -4
            and agrees(f"{g[1]}", float(m := 2 * ((s := mp_sig(-4)) - 1) * s * (1 - s)))
            and agrees(f"{g[2]}", float(b := s - 1))
            and agrees(f"{g[3]}", float(b / m))
            and round(g[1], 4) == -0.0347
            and round(g[2], 3) == -0.982
        ),
    ),
    NoteClaim(
        A + "sigmoid-mse-vs-bce",
        rf"the less MSE learns \(z = {NUM}: {NUM}\)",
        lambda g: (
            g[0] == -6
            and agrees(f"{g[1]}", float(2 * ((s := mp_sig(-6)) - 1) * s * (1 - s)))
            and abs(g[1]) < abs(2 * ((s4 := mp_sig(-4)) - 1) * s4 * (1 - s4))
        ),
    ),
    NoteClaim(
        A + "mean-vs-median",
        rf"Over constants from 0 to {NUM} \(step {NUM}\) MSE is smallest at {NUM}, the mean, "
        rf"and MAE at {NUM}, the median",
        lambda g: (
            g[:2] == [100, 0.01]
            and g[2] == float(mp.fsum([1, 2, 3, 4, 100]) / 5) == 22
            and g[3] == float(mp.mpf(sorted([1, 2, 3, 4, 100])[2])) == 3
        ),
    ),
    NoteClaim(
        A + "mean-vs-median",
        rf"MAE's slope at {NUM} is the subgradient 0 PyTorch uses \(sign\(0\) = 0\); just "
        rf"below it is {NUM} and just above \+{NUM}, so {NUM} is its minimum",
        lambda g: (
            g[0] == g[3] == 3
            and (h := mp.mpf("1e-9"))
            and agrees(f"{g[1]}", float((mae3(3) - mae3(3 - h)) / h))
            and agrees(f"{g[2]}", float((mae3(3 + h) - mae3(3)) / h))
        ),
    ),
    NoteClaim(
        A + "sigmoid-bce-vs-logits",
        rf"From z = {NUM} on, sigmoid\(z\) rounds to exactly 1 in float64, so BCELoss needs "
        rf"log\(1 - 1\) = log 0: PyTorch clamps the log at {NUM}, the loss sticks at {NUM}, and "
        rf"the gradient through the sigmoid is {NUM}",
        lambda g: (
            g[0] == 37
            and mp.exp(-37) < mp.mpf(2) ** -53 < mp.exp(-36)  # 1 + e^-z rounds to 1 from 37 on
            and 1 / (1 + math.exp(-37.0)) == 1.0 > 1 / (1 + math.exp(-36.0))
            and g[1] == ls.BCE_LOG_CLAMP == -100
            and g[2] == torch_bce_p1_y0()[0] == 100
            and g[3] == torch_bce_p1_y0()[1] * (1.0 * (1.0 - 1.0)) == 0  # sigmoid backward at p=1
        ),
    ),
    NoteClaim(
        A + "sigmoid-bce-vs-logits",
        rf"at z = {NUM} it gives softplus\(z\) = {NUM} with the right gradient "
        rf"sigmoid\(z\) - y = {NUM}",
        lambda g: (
            g[0] == 50
            and agrees(f"{g[1]:g}", float(mp_softplus(50)))
            and agrees(f"{g[2]:g}", float(mp_sig(50)))
        ),
    ),
    NoteClaim(
        A + "huber-vs-smooth-l1",
        rf"At r = {NUM} with delta = beta = 2, Huber gives {NUM} and smooth L1 {NUM}",
        lambda g: (
            g[0] == 3
            and g[1] == float(mp_huber(3, 2)) == 4
            and g[2] == float(mp_smooth_l1(3, 2)) == 2
        ),
    ),
    NoteClaim(
        A + "huber-vs-smooth-l1",
        rf"at delta = beta = 1 they coincide \({NUM} and {NUM} at r = {NUM}\)",
        lambda g: g[2] == 3 and g[0] == g[1] == float(mp_huber(3, 1)) == float(mp_smooth_l1(3, 1)),
    ),
    NoteClaim(
        A + "resampling-priors",
        rf"A model output of {NUM} becomes {NUM} and {NUM} becomes {NUM}",
        lambda g: (
            g[0] == 0.5
            and g[2] == 0.9
            and agrees(f"{g[1]:g}", float(mp_prior_corrected("0.5")))
            and agrees(f"{g[3]:g}", float(mp_prior_corrected("0.9")))
            and round(g[3], 4) == 0.0833
        ),
    ),
    NoteClaim(
        A + "resampling-priors",
        rf"log\(pi'_1/pi'_0\) - log\(pi_1/pi_0\) = {NUM} from the logit",
        lambda g: agrees(f"{g[0]:g}", float(mp.log(1) - mp.log(mp.mpf("0.01") / mp.mpf("0.99")))),
    ),
    NoteClaim(
        A + "class-weights",
        rf"Class weights \(here {NUM} for the rare class\)",
        lambda g: g[0] == 4,
    ),
    NoteClaim(
        A + "class-weights",
        rf"alpha_t = alpha = {NUM} for the positives \(the rare class "
        rf"1\) and 1 - alpha = {NUM} for the negatives, the convention of torchvision and "
        rf"RetinaNet \(which itself uses alpha = {NUM}, since gamma = 2",
        lambda g: (
            g[0] + g[1] == 1
            and g[2] == 0.25
            and ls.focal(np.array([0.0]), np.array([1.0]), g[0], 0.0)[0]
            == pytest.approx(g[0] * np.log(2))
            and ls.focal(np.array([0.0]), np.array([0.0]), g[0], 0.0)[0]
            == pytest.approx(g[1] * np.log(2))
        ),
    ),
    NoteClaim(
        A + "label-smoothing-optimum",
        rf"minimised at p = 1 - eps \+ eps/K = {NUM} "
        rf"\(gradient 0 there\); pushing to {NUM} raises it",
        lambda g: _shown([1 - 0.1 + 0.1 / 3])([g[0]]) and g[1] == 0.999,
    ),
    NoteClaim(
        A + "multilabel-sigmoid-vs-softmax",
        rf"\(BCE here {NUM}\)",
        lambda g: _shown([float(mp.log(1 + mp.e**-3))])(g),
    ),
    NoteClaim(
        A + "multilabel-sigmoid-vs-softmax",
        rf"two labels cannot both exceed {NUM} "
        rf"\(here they get {NUM} each\)",
        lambda g: g[0] == 0.5 and _shown([mp_softmax([3, 3, -3])[0]])([g[1]]),
    ),
]


def _claim_spans(key: str, note: str) -> list[tuple[int, int]]:
    spans = []
    for c in NOTE_CLAIMS:
        if c.where in ("*", key):
            spans += [(m.start(), m.end()) for m in re.finditer(c.pattern, note)]
    return spans


@pytest.mark.parametrize("key", sorted(bank_demos()))
def test_every_number_in_a_demo_note_is_checked(key: str) -> None:
    for note in notes(key):
        spans = _claim_spans(key, note)
        for token, start, end in claim_tokens(note):
            assert any(a <= start and end <= b for a, b in spans), f"{key}: '{token}' in {note!r}"


@pytest.mark.parametrize("key", sorted(bank_demos()))
def test_demo_note_claims_hold(key: str) -> None:
    for note in notes(key):
        for c in NOTE_CLAIMS:
            if c.where not in ("*", key):
                continue
            for m in re.finditer(c.pattern, note):
                got = [float(v) for v in m.groups()]
                assert c.check(got), f"{key}: {m.group(0)!r}"


def test_every_scenario_claim_matches_its_demo() -> None:
    """A claim written for a scenario must find its sentence, so a reworded note is noticed."""
    for c in NOTE_CLAIMS:
        if c.where == "*":
            continue
        assert any(re.search(c.pattern, n) for n in notes(c.where)), (c.where, c.pattern)


def test_loss_by_task_numbers() -> None:
    rows = {r[0]: r[2] for r in view("loss-by-task").rows}
    spiky = [1, 2, 3, 4, 100]
    huber_fit = float(mp.findroot(lambda c: sum(max(-1, min(1, c - y)) for y in spiky), 3))
    assert rows["outliers in y"] == (
        f"fit 1,2,3,4,100: {np.median(spiky):g}, {huber_fit:g}, {np.mean(spiky):g}"
    )
    assert rows["calibrated p"] == f"p = 0.9: best 0.900, 0.900, {focal_optimum(0.9, 2.0):.3f}"
    assert rows["multi-label"] == f"3,3,-3: {sig(3):.3f} each vs {mp_softmax([3, 3, -3])[0]:.3f}"
    times = np.arange(1, 11)
    # review C2: pinball(0.9)'s minimisers over 1..10 are the whole interval [9, 10]
    lo, hi = np.quantile(times, 0.9, method="lower"), np.quantile(times, 0.9, method="higher")
    assert rows["90th percentile"] == f"fit 1..10: [{lo:g}, {hi:g}], {np.mean(times):g}"
    assert abs(mp_pinball(lo) - mp_pinball(hi)) < 1e-25
    assert abs(mp_pinball("9.5") - mp_pinball(hi)) < 1e-25
    assert mp_pinball(lo) < mp_pinball("8.99") and mp_pinball(hi) < mp_pinball("10.01")
    ranked = []
    for good, bad in ((-1, -3), (5, 3)):
        pairwise = mp_softplus(-(good - bad))
        pointwise = (mp_softplus(-good) + mp_softplus(bad)) / 2
        ranked.append(f"{good} > {bad}: {float(pairwise):.3f} vs {float(pointwise):.3f}")
    assert rows["ranking"] == "\n".join(ranked)
    assert ranked == ["-1 > -3: 0.127 vs 0.681", "5 > 3: 0.127 vs 1.528"]
    shares = [int(s) for s in re.findall(r"(\d+)%", rows["rare class (1:4)"])]
    z = np.array([[2.0, 0.0], [1.5, 0.0], [1.0, 0.0], [2.5, 0.0], [1.0, 0.5]])
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    ce = np.abs(p - np.eye(2)[[0, 0, 0, 0, 1]]).sum(axis=1)  # |p - y| per row, CE's gradient
    weighted = ce * np.array([1, 1, 1, 1, 4])
    assert shares[2] == round(100 * ce[-1] / ce.sum())
    assert shares[1] == round(100 * weighted[-1] / weighted.sum())
    assert shares[0] > shares[1] > shares[2]


# --------------------------------------------------------------------------- follow-up demos


FOLLOW_UP_SCENARIOS = {
    ("sigmoid-formula-use", 0): "sigmoid-mse-vs-bce",
    ("mse-definition", 0): "mean-vs-median",
    ("bce-one-line", 0): "sigmoid-bce-vs-logits",
    ("huber-vs-mse", 0): "huber-vs-smooth-l1",
    ("class-imbalance-fixes", 1): "resampling-priors",
}


@pytest.mark.parametrize(("where", "scenario"), FOLLOW_UP_SCENARIOS.items())
def test_the_five_follow_ups_show_their_own_scenario(where: tuple[str, int], scenario: str) -> None:
    """Review C3: each of these follow-ups had a demo that missed its point."""
    qid, i = where
    assert follow_ups(qid)[i]["demo"] == {"scenario": scenario}


def _cells_agree(rows: list[list[str]], expected: list[list[Any]]) -> None:
    """Each shown cell is its mpmath value rounded to the digits shown; None skips a label."""
    assert len(rows) == len(expected)
    for row, values in zip(rows, expected, strict=True):
        assert len(row) == len(values)
        for cell, value in zip(row, values, strict=True):
            if value is not None:
                assert agrees(cell, float(value)), (row, cell, value)


def test_sigmoid_mse_vs_bce_table_in_mpmath() -> None:
    rows = []
    for z in (-6, -4, -2, 0, 2):
        s = mp_sig(z)
        rows.append([z, s, (s - 1) ** 2, 2 * (s - 1) * s * (1 - s), mp_softplus(-z), s - 1])
    _cells_agree(view("sigmoid-mse-vs-bce").rows, rows)
    at4 = view("sigmoid-mse-vs-bce").rows[1]
    assert (at4[0], round(_num(at4[3]), 4), round(_num(at4[5]), 3)) == ("-4", -0.0347, -0.982)


def test_mean_vs_median_table_in_mpmath() -> None:
    ys = [mp.mpf(v) for v in (1, 2, 3, 4, 100)]
    rows = []
    for c in (3, 22):
        rows.append(
            [
                None,
                mp.fsum((c - y) ** 2 for y in ys) / 5,
                mp.diff(lambda t: mp.fsum((t - y) ** 2 for y in ys) / 5, c),
                mae3(c),
                mp.fsum(mp.sign(c - y) for y in ys) / 5,  # sign(0) = 0: PyTorch's subgradient
            ]
        )
    v = view("mean-vs-median")
    _cells_agree(v.rows, rows)
    assert [r[0] for r in v.rows] == ["3 (median)", "22 (mean)"]
    # each constant is the minimiser of its own loss and not of the other
    assert mae3(3) < mae3(22) and rows[1][1] < rows[0][1]


def test_sigmoid_bce_vs_logits_table() -> None:
    """Exact values in mpmath; where float64 rounds sigmoid(z) to 1 (z = 37, 50) the sigmoid +
    BCELoss columns are PyTorch's (golden file): loss 100, gradient 0 through the sigmoid."""
    clamp_loss, clamp_grad_p = torch_bce_p1_y0()
    rows = []
    for z in (10, 37, 50):
        rounds_to_one = 1 / (1 + math.exp(-z)) == 1.0
        exact = [1 - mp_sig(z), mp_softplus(z), mp_sig(z)]  # 1 - p, -log(1 - p), d/dz
        separate = [0.0, clamp_loss, clamp_grad_p * 0.0] if rounds_to_one else exact
        rows.append([z, *separate, mp_softplus(z), mp_sig(z)])
    _cells_agree(view("sigmoid-bce-vs-logits").rows, rows)
    assert [r[2:4] for r in view("sigmoid-bce-vs-logits").rows[1:]] == [["100", "0"]] * 2


def test_huber_vs_smooth_l1_table_in_mpmath() -> None:
    rows = []
    for delta, r in ((2, 0.5), (2, 3), (2, 5), (1, 3)):
        h, sl = mp_huber(r, delta), mp_smooth_l1(r, delta)
        rows.append(
            [
                delta,
                r,
                h,
                sl,
                h / sl,
                mp.diff(lambda t, d=delta: mp_huber(t, d), r),
                mp.diff(lambda t, d=delta: mp_smooth_l1(t, d), r),
            ]
        )
    _cells_agree(view("huber-vs-smooth-l1").rows, rows)
    assert view("huber-vs-smooth-l1").rows[1][2:4] == ["4", "2"]  # r = 3, delta = beta = 2


def test_resampling_priors_table_in_mpmath() -> None:
    rows = []
    for q in ("0.1", "0.5", "0.9", "0.99"):
        pos = mp.mpf(q) * mp.mpf("0.01") / mp.mpf("0.5")
        neg = (1 - mp.mpf(q)) * mp.mpf("0.99") / mp.mpf("0.5")
        # the same correction as a logit shift by log 99
        shifted = mp_sig(mp.log(mp.mpf(q) / (1 - mp.mpf(q))) - mp.log(99))
        assert abs(shifted - mp_prior_corrected(q)) < 1e-25
        rows.append([q, pos, neg, mp_prior_corrected(q)])
    _cells_agree(view("resampling-priors").rows, rows)
    shown = {r[0]: r[3] for r in view("resampling-priors").rows}
    assert (shown["0.5"], shown["0.9"][:6]) == ("0.01", "0.0833")


# Wider than 80 columns before issue #13 and not among its demos: activation-compare (one
# value/derivative column per input) and the softmax catalogue demo (whole Jacobian rows).
WIDE = {"scenario:activation-compare", 'demo:softmax:{"z": "2,1,0.1"}'}


@pytest.mark.parametrize("key", sorted(set(bank_demos()) - WIDE))
def test_bank_demo_tables_fit_80_columns_unwrapped(key: str) -> None:
    """Laid out with room to spare, each demo's title and table are at most 80 columns wide,
    so an 80-column terminal shows them without wrapping a cell."""

    from actloss_quiz.render.demo import demo_view

    table = demo_view(bank_demos()[key]).renderables[0]  # type: ignore[attr-defined]
    console = recording_console(200)
    console.print(table)
    widths = [len(line.rstrip()) for line in console.export_text().splitlines()]
    assert max(widths) <= 80, (key, max(widths))
