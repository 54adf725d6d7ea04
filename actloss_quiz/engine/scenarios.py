"""Demos beside the answers: catalogue runs and named scenarios, as plain `DemoView` data.

A question's YAML `demo:` is either `{name: <catalogue demo>, args: {param: "value"}}` or
`{scenario: <name>}` (optionally with `args`, passed to the scenario as keyword strings).
`question_demo` turns either into a `DemoView` (title, table, notes) that the CLI renders
with Rich and the Anki export writes as text; with `deterministic=True` nothing varies
between runs (the timing scenario leaves its timings out).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actloss_quiz.engine import activations as act
from actloss_quiz.engine import losses as ls
from actloss_quiz.engine.gradcheck import check_gradient
from actloss_quiz.errors import DemoInputError
from actloss_quiz.numbers import table_number as fmt
from actloss_quiz.vocab import closest, program

if TYPE_CHECKING:  # the catalogue (its Demo table, about 9 ms) is imported by catalogue runs only
    from actloss_quiz.engine.catalogue import DemoResult

CHECK_OK = "✓"
CHECK_KINK = "kink"
CHECK_BAD = "✗"


@dataclass(frozen=True)
class DemoView:
    """A demo ready to display: already formatted cells, interpretation lines, formula."""

    title: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    formula: str | None = None
    live: bool = False


def _vec(a: np.ndarray) -> str:
    return "[" + ", ".join(fmt(v) for v in np.ravel(a)) + "]"


# --------------------------------------------------------------------------- catalogue views


def _index_label(idx: tuple[int, ...]) -> str:
    return ",".join(str(i) for i in idx) if idx else "0"


def result_view(result: DemoResult) -> DemoView:
    """Table of a catalogue run: inputs, value, analytic and numeric gradient, check."""
    demo = result.demo
    x = np.asarray(result.params[demo.primary])
    kinks = set(result.kinks)
    bad = set(result.check.mismatches)
    primary = demo.primary

    def status(idx: tuple[int, ...]) -> str:
        if idx in kinks:
            return CHECK_KINK
        return CHECK_BAD if idx in bad else CHECK_OK

    rows: list[list[str]] = []
    if demo.jacobian:
        columns = ["i", primary, demo.name, "Jacobian row (analytic)", "max |error|", "check"]
        jac, num = result.grad, result.numeric_grad
        for i in range(x.size):
            err = float(np.max(np.abs(jac[i] - num[i])))
            rows.append(
                [str(i), fmt(x[i]), fmt(result.value[i]), _vec(jac[i]), fmt(err), status((i,))]
            )
        title = f"{demo.name}({_vec(x)})"
    elif demo.kind == "activation":
        columns = [primary, f"{demo.name}({primary})", "derivative", "numeric", "check"]
        if result.grad_alpha is not None:
            columns.insert(3, "d/dalpha")
        value = np.asarray(result.value)
        for idx in np.ndindex(x.shape):
            row = [
                fmt(x[idx]),
                fmt(value[idx]),
                fmt(result.grad[idx]),
                fmt(result.numeric_grad[idx]),
                status(idx),
            ]
            if result.grad_alpha is not None:
                row.insert(3, fmt(result.grad_alpha[idx]))
            rows.append(row)
        title = demo.summary
    else:
        columns = ["index", primary]
        extras = [
            p.name
            for p in demo.params
            if p.name != primary
            and isinstance(result.params[p.name], np.ndarray)
            and np.shape(result.params[p.name]) == x.shape
        ]
        columns += extras + [f"d loss/d {primary}", "numeric", "check"]
        for idx in np.ndindex(x.shape):
            row = [_index_label(idx), fmt(x[idx])]
            row += [fmt(result.params[name][idx]) for name in extras]
            row += [fmt(result.grad[idx]), fmt(result.numeric_grad[idx]), status(idx)]
            rows.append(row)
        title = f"{demo.name} = {fmt(result.value)}"
    notes = list(result.notes) + list(result.kink_notes)
    notes.append(
        f"max |analytic - numeric| = {result.max_abs_error:.2g}"
        + (" (kinks excluded)" if kinks else "")
        + ("" if result.ok else f"; {CHECK_BAD} mismatch at {sorted(bad)}")
    )
    if result.check.probed >= 0:
        notes.append(
            f"numeric gradient checked at {result.check.probed} evenly spaced of {x.size:,} "
            "inputs (the rest show nan): a full check would be quadratic in the input size"
        )
    return DemoView(title=title, columns=columns, rows=rows, notes=notes, formula=demo.formula)


# --------------------------------------------------------------------------- scenarios


# The first 41 standard normal draws of `np.random.default_rng(0)`, in the order W1 (4x3), b1,
# W2 (2x4), b2, x (5x3): written out, so question 1's demo never imports numpy.random (issue 23).
_COLLAPSE_W1 = [
    [0.1257302210933933, -0.1321048632913019, 0.6404226504432821],
    [0.10490011715303971, -0.535669373161111, 0.36159505490948474],
    [1.3040000451301372, 0.9470809631292422, -0.7037352358069926],
    [-1.2654214710460525, -0.6232744625373522, 0.0413259793472436],
]
_COLLAPSE_B1 = [-2.3250307746388343, -0.21879166393254573, -1.2459109472530652, -0.7322673547034516]
_COLLAPSE_W2 = [
    [-0.5442589828573099, -0.31630015636915454, 0.4116305363741328, 1.0425133694426776],
    [-0.12853466294403426, 1.3664634705496859, -0.6651946734866135, 0.3515100700930197],
]
_COLLAPSE_B2 = [0.9034701816518086, 0.09401229776087457]
_COLLAPSE_X = [
    [-0.7434992493538084, -0.9217253762584194, -0.45772582566733916],
    [0.2201951234700494, -1.009618183538736, -0.20917557487171307],
    [-0.15922500991447772, 0.5408455846858077, 0.2146591225063409],
    [0.3553727090399214, -0.6538286094183394, -0.12961363369276946],
    [0.7839754700613295, 1.4934311452207607, -1.2590655321041202],
]


def _linear_collapse(**_kwargs: str) -> DemoView:
    w1, b1 = np.array(_COLLAPSE_W1), np.array(_COLLAPSE_B1)
    w2, b2 = np.array(_COLLAPSE_W2), np.array(_COLLAPSE_B2)
    x = np.array(_COLLAPSE_X)
    stacked = (x @ w1.T + b1) @ w2.T + b2
    w, b = w2 @ w1, w2 @ b1 + b2
    single = x @ w.T + b
    relu_stacked = act.relu(x @ w1.T + b1)[0] @ w2.T + b2
    rows = [
        [str(i), _vec(stacked[i]), _vec(single[i]), _vec(relu_stacked[i])] for i in range(len(x))
    ]
    return DemoView(
        title="Two stacked linear layers equal one affine map",
        columns=["input", "W2(W1 x + b1) + b2", "W x + b (one layer)", "with ReLU between"],
        rows=rows,
        notes=[
            "W = W2 W1 and b = W2 b1 + b2: max difference "
            f"{fmt(float(np.max(np.abs(stacked - single))))} (rounding only).",
            "Without a nonlinearity depth adds no expressive power; a ReLU between the layers "
            "breaks the collapse (last column differs).",
        ],
        formula="W2(W1 x + b1) + b2 = (W2 W1) x + (W2 b1 + b2)",
    )


def _dead_relu(**_kwargs: str) -> DemoView:
    x = np.linspace(-2.0, 2.0, 6)
    w, b = 0.8, -5.0
    pre = w * x + b
    out, grad = act.relu(pre)
    rows = [
        [fmt(a), fmt(p), fmt(o), fmt(g * a)] for a, p, o, g in zip(x, pre, out, grad, strict=True)
    ]
    return DemoView(
        title="A dead ReLU: the bias keeps the pre-activation negative",
        columns=["input x", "pre-activation 0.8x - 5", "relu output", "d out/d w"],
        rows=rows,
        notes=[
            "Every input in the batch gives output 0 and gradient 0 for w and b, so this "
            "batch cannot revive the unit; it stays dead unless its inputs change (earlier "
            "layers still learn from other units).",
            "Leaky ReLU (slope 0.01 below 0) or a smaller learning rate avoid this.",
        ],
        formula="relu(w x + b) with w = 0.8, b = -5",
    )


def _tanh_vs_sigmoid(**_kwargs: str) -> DemoView:
    x = np.linspace(-3.0, 3.0, 7)
    s, ds = act.sigmoid(x)
    t, dt = act.tanh(x)
    rows = [
        [fmt(a), fmt(b), fmt(c), fmt(d), fmt(e)]
        for a, b, c, d, e in zip(x, s, ds, t, dt, strict=True)
    ]
    rows.append(["mean", fmt(float(np.mean(s))), "", fmt(float(np.mean(t))), ""])
    rows.append(["max", "", fmt(float(np.max(ds))), "", fmt(float(np.max(dt)))])
    return DemoView(
        title="tanh vs sigmoid on symmetric inputs",
        columns=["x", "sigmoid", "sigmoid'", "tanh", "tanh'"],
        rows=rows,
        notes=[
            "Over symmetric inputs sigmoid's outputs average 0.5 (not zero-centred) while "
            "tanh's average 0.",
            "The largest derivative is 0.25 for sigmoid and 1 for tanh (row 'max'), both at "
            "x = 0; at x = 3 both are below 0.05: both saturate.",
        ],
        formula="tanh(x) = 2 sigmoid(2x) - 1",
    )


def _gelu_vs_tanh(**_kwargs: str) -> DemoView:
    x = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0])
    g, _ = act.gelu(x)
    gt, _ = act.gelu_tanh(x)
    rows = [[fmt(a), fmt(b), fmt(c), fmt(c - b)] for a, b, c in zip(x, g, gt, strict=True)]
    return DemoView(
        title="Exact GELU vs its tanh approximation",
        columns=["x", "gelu (erf)", "gelu-tanh", "difference"],
        rows=rows,
        notes=[
            f"The approximation is within {fmt(float(np.max(np.abs(gt - g))))} of exact GELU "
            "here: close enough that frameworks offer both (approximate='tanh')."
        ],
        formula="x Phi(x)  vs  0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))",
    )


def _sigmoid_depth(**_kwargs: str) -> DemoView:
    _, d0 = act.sigmoid(0.0)
    rows = []
    for depth in (1, 5, 10, 20):
        rows.append([str(depth), fmt(float(d0) ** depth), fmt(1.0**depth)])
    return DemoView(
        title="Vanishing gradients: a product of sigmoid derivatives through depth",
        columns=["layers", "product of sigmoid'(0) = 0.25", "product of relu'(x>0) = 1"],
        rows=rows,
        notes=[
            "Even at its best point (x = 0) sigmoid' is 0.25, so 10 layers shrink a gradient "
            f"by 0.25^10 = {fmt(0.25**10)} < 1e-6 (ignoring the weights).",
            "ReLU's derivative is 1 for positive inputs, so the product does not shrink.",
        ],
        formula="d out/d in = prod_l sigmoid'(z_l) * w_l",
    )


def _softmax_shift(**_kwargs: str) -> DemoView:
    x = np.array([1.0, -0.5])
    w = np.array([[2.0, 1.0], [-1.0, 0.5], [0.5, -2.0]])
    b = np.array([0.1, 0.0, -0.3])
    z = w @ x + b
    rows = []
    for c in (0.0, 10.0, 1000.0):
        p, _ = act.softmax(z + c)
        rows.append([fmt(c), _vec(z + c), _vec(p)])
    return DemoView(
        title="Softmax after affine logits: shift invariance",
        columns=["constant added", "logits W x + b + c", "softmax"],
        rows=rows,
        notes=[
            "The logits are affine in x; softmax adds the nonlinearity that turns them into "
            "probabilities.",
            "Adding the same constant to every logit changes nothing (even 1000: computed as "
            "exp(z - max z), so nothing overflows).",
        ],
        formula="softmax(z + c) = softmax(z)",
    )


def _activation_compare(**_kwargs: str) -> DemoView:
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    fns: list[tuple[str, Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]]] = [
        ("relu", act.relu),
        ("leaky-relu", act.leaky_relu),
        ("gelu", act.gelu),
        ("silu", act.silu),
    ]
    rows = []
    for name, fn in fns:
        v, g = fn(x)
        rows.append([name] + [f"{fmt(a)} / {fmt(b)}" for a, b in zip(v, g, strict=True)])
    return DemoView(
        title="Activations compared: value / derivative",
        columns=["activation"] + [f"x = {fmt(v)}" for v in x],
        rows=rows,
        notes=[
            "ReLU is exactly 0 with zero gradient for x < 0; leaky ReLU keeps slope 0.01; "
            "GELU and SiLU are smooth and let small negative values through."
        ],
    )


def _output_heads(**_kwargs: str) -> DemoView:
    z = np.array([-10.0, -2.0, 0.0, 2.0, 10.0])
    target = 37.5
    s, _ = act.sigmoid(z)
    t, _ = act.tanh(z)
    rows = [[fmt(a), fmt(a), fmt(b), fmt(c)] for a, b, c in zip(z, s, t, strict=True)]
    return DemoView(
        title=f"Output heads for a regression target of {fmt(target)}",
        columns=["pre-activation z", "linear z", "sigmoid(z)", "tanh(z)"],
        rows=rows,
        notes=[
            "Sigmoid outputs stay in (0, 1) and tanh in (-1, 1): neither can ever reach "
            f"{fmt(target)}. A linear (identity) head is unbounded and fits any real target.",
            "Use sigmoid for probabilities, softmax for one-of-K classes, linear for regression.",
        ],
    )


DEPTH, WIDTH, BATCH = 20, 64, 32
TIMED_VALUES = 100_000
# Each net's usual init, as weight variance * fan_in: He (2/fan_in) for ReLU; Xavier/Glorot
# (2/(fan_in + fan_out), which is 1/fan_in for these square layers) for sigmoid.
INIT_VARIANCE_X_FAN_IN = {"relu": 2.0, "sigmoid": 1.0}


def gradient_through_depth(name: str) -> float:
    """|gradient| at the first layer over |gradient| at the last, backpropagated through a
    random DEPTH-layer network of WIDTH units: relu with He init (variance 2/fan_in), sigmoid
    with Xavier init (variance 2/(fan_in + fan_out) = 1/fan_in); the same seed for both."""
    rng = np.random.default_rng(0)
    fn = act.relu if name == "relu" else act.sigmoid
    std = np.sqrt(INIT_VARIANCE_X_FAN_IN[name] / WIDTH)
    h = rng.normal(size=(BATCH, WIDTH))
    weights, slopes = [], []
    for _ in range(DEPTH):
        w = rng.normal(size=(WIDTH, WIDTH)) * std
        h, slope = fn(h @ w)
        weights.append(w)
        slopes.append(slope)
    delta = rng.normal(size=(BATCH, WIDTH)) * slopes[-1]
    top = float(np.linalg.norm(delta))
    for w, slope in zip(weights[:0:-1], slopes[-2::-1], strict=True):
        delta = (delta @ w.T) * slope
    return float(np.linalg.norm(delta)) / top


def _timing(deterministic: bool, **_kwargs: str) -> DemoView:
    ops = [
        ("relu", "max(0, x)", "0 or 1"),
        ("sigmoid", "1/(1 + e^-x)", "(0, 0.25]"),
    ]
    ratios = {name: gradient_through_depth(name) for name, _, _ in ops}
    columns = ["activation", "op", "slope", f"|grad| layer 1/{DEPTH}"]
    rows = [[n, w, s, fmt(float(f"{ratios[n]:.3g}"))] for n, w, s in ops]
    notes = [
        f"Through {DEPTH} layers (width {WIDTH}) the sigmoid net's gradient shrinks to "
        f"{ratios['sigmoid']:.1e} of its size at the top; the ReLU net keeps "
        f"{ratios['relu']:.2f}: a bigger reason than the cheaper op why ReLU nets train faster.",
        "The two nets start differently, each from its usual init: ReLU layers He (weight "
        f"variance {fmt(INIT_VARIANCE_X_FAN_IN['relu'])}/fan_in = "
        f"{fmt(INIT_VARIANCE_X_FAN_IN['relu'])}/{WIDTH}), sigmoid layers Xavier (2/(fan_in + "
        f"fan_out) = {fmt(INIT_VARIANCE_X_FAN_IN['sigmoid'])}/{WIDTH}); same seed.",
        "On a GPU the elementwise cost is minor: activations are memory-bound and small next "
        "to the matrix multiplies.",
    ]
    if deterministic:
        return DemoView(
            title="ReLU vs sigmoid: cost per element and gradient through depth",
            columns=columns,
            rows=rows,
            notes=notes + [f"Run '{program()} show' to time both on this machine's CPU."],
        )
    x = np.random.default_rng(0).normal(size=TIMED_VALUES)
    fns: dict[str, Callable[[], object]] = {
        "relu": lambda: np.maximum(x, 0.0),
        "sigmoid": lambda: 1.0 / (1.0 + np.exp(-x)),
    }
    medians = {}
    for name, fn in fns.items():
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - start)
        medians[name] = sorted(runs)[len(runs) // 2]
    ratio = medians["sigmoid"] / max(medians["relu"], 1e-12)
    return DemoView(
        title=f"ReLU vs sigmoid on {TIMED_VALUES:,} float64 values (median of 5 runs)",
        columns=[*columns, "time"],
        rows=[[*row, f"{medians[row[0]] * 1e3:.2f} ms"] for row in rows],
        notes=notes + [f"On this CPU sigmoid took {ratio:.1f}x as long as relu."],
        live=True,
    )


def _empirical_risk(**_kwargs: str) -> DemoView:
    pred = np.array([2.5, 0.0, 2.0, 8.0])
    target = np.array([3.0, -0.5, 2.0, 7.0])
    per = (pred - target) ** 2
    value, _ = ls.mse(pred, target)
    rows = [
        [str(i), fmt(p), fmt(t), fmt(e)]
        for i, (p, t, e) in enumerate(zip(pred, target, per, strict=True))
    ]
    rows.append(["mean", "", "", fmt(value)])
    return DemoView(
        title="Empirical risk: the average of per-example losses",
        columns=["example", "prediction", "target", "squared error"],
        rows=rows,
        notes=[
            "Training minimises this average over the data as a stand-in for the expected "
            "loss over the true distribution."
        ],
        formula="R(f) = (1/n) sum_i L(f(x_i), y_i)",
    )


def _softmax_ce_gradient(**_kwargs: str) -> DemoView:
    z = np.array([2.0, 1.0, 0.1])
    y = 0
    value, grad = ls.cross_entropy(z, np.array([y]))
    p, _ = act.softmax(z)
    onehot = np.eye(3)[y]
    check = check_gradient(lambda v: np.array(ls.cross_entropy(v, np.array([y]))[0]), z, grad)
    rows = [
        [
            str(k),
            fmt(z[k]),
            fmt(p[k]),
            fmt(onehot[k]),
            fmt(p[k] - onehot[k]),
            fmt(grad[k]),
            fmt(check.numeric[k]),
        ]
        for k in range(3)
    ]
    return DemoView(
        title=f"Cross-entropy gradient wrt the logits (loss {fmt(value)}, true class {y})",
        columns=["class", "logit", "p = softmax", "y", "p - y", "analytic", "numeric"],
        rows=rows,
        notes=[
            "Together they have the gradient p - y: the 1/p from the log cancels the p of the "
            "softmax Jacobian p_i(delta_ij - p_j), so nothing is divided by a small p "
            f"(finite-difference check: max error {check.max_abs_error:.1g})."
        ],
        formula="d/dz [-log softmax(z)_y] = softmax(z) - onehot(y)",
    )


def _huber_outlier(**_kwargs: str) -> DemoView:
    pred = np.array([1.1, 1.9, 3.2, 4.0, 20.0])
    target = np.array([1.0, 2.0, 3.0, 4.2, 5.0])
    rows = []
    for name, (value, grad) in (
        ("mse", ls.mse(pred, target)),
        ("mae", ls.mae(pred, target)),
        ("huber (delta 1)", ls.huber(pred, target, 1.0)),
    ):
        rows.append([name, fmt(value), fmt(grad[-1]), fmt(float(np.max(np.abs(grad[:-1]))))])
    return DemoView(
        title="One outlier (prediction 20 for target 5) in a batch of 5",
        columns=["loss", "value", "grad on the outlier", "max |grad| elsewhere"],
        rows=rows,
        notes=[
            "MSE's gradient on the outlier is 2*15/5 = 6, dwarfing the others: one bad point "
            "steers training. Huber caps it at delta/n = 0.2 while staying quadratic (smooth) "
            "for small errors; MAE caps every gradient at 1/n."
        ],
        formula="huber: 0.5 d^2 if |d| < delta else delta(|d| - delta/2)",
    )


def _accuracy_vs_ce(**_kwargs: str) -> DemoView:
    z = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    y = np.array([0, 2])
    acc, gacc = ls.accuracy(z, y)
    ce, gce = ls.cross_entropy(z, y)
    rows = [
        [f"{i},{k}", fmt(z[i, k]), fmt(gacc[i, k]), fmt(gce[i, k])]
        for i in range(2)
        for k in range(3)
    ]
    return DemoView(
        title=f"Accuracy {fmt(acc)} vs cross-entropy {fmt(ce)}: their gradients",
        columns=["sample,class", "logit", "d accuracy/d z", "d CE/d z = (p - y)/N"],
        rows=rows,
        notes=[
            "Accuracy is a step function of the logits: nudging them changes nothing until a "
            "prediction flips, so its gradient is 0 everywhere it exists.",
            "Cross-entropy gives every logit a useful signal; optimise it, report accuracy.",
        ],
    )


def _focal_easy_hard(**_kwargs: str) -> DemoView:
    z = np.array([4.0, -1.0])
    y = np.array([1.0, 1.0])
    rows = []
    for i, label in enumerate(("easy (p = 0.982)", "hard (p = 0.269)")):
        b, _ = ls.bce_logits(z[i], y[i])
        f, _ = ls.focal(z[i], y[i], alpha=-1.0, gamma=2.0)
        rows.append([label, fmt(z[i]), fmt(b), fmt(f), fmt(f / b)])
    return DemoView(
        title="Focal loss (gamma 2, no alpha) vs BCE on an easy and a hard positive",
        columns=["example", "logit", "BCE", "focal", "focal / BCE = (1 - p)^2"],
        rows=rows,
        notes=[
            "The easy example keeps only (1 - p)^2 of its loss, the hard one about half: "
            "training attention shifts to the hard, misclassified examples."
        ],
        formula="focal = (1 - p_t)^gamma * BCE",
    )


def _class_weights(**_kwargs: str) -> DemoView:
    z = np.array([[2.0, 0.0], [1.5, 0.0], [1.0, 0.0], [2.5, 0.0], [1.0, 0.5]])
    y = np.array([0, 0, 0, 0, 1])
    w = np.array([1.0, 4.0])
    rows = []
    for name, (value, grad) in (
        ("cross-entropy", ls.cross_entropy(z, y)),
        ("weighted CE (1, 4)", ls.cross_entropy(z, y, weights=w)),
    ):
        rows.append([name, fmt(value), fmt(grad[-1, 1]), fmt(float(np.abs(grad[:-1]).sum()))])
    logit = z[:, 1] - z[:, 0]
    fv, fg = ls.focal(logit, y.astype(float), alpha=0.75, gamma=2.0)
    rows.append(
        [
            "focal (alpha 0.75)",
            fmt(fv),
            fmt(fg[-1]),
            fmt(float(np.abs(fg[:-1]).sum())),
        ]
    )
    return DemoView(
        title="Imbalanced batch: 4 negatives (class 0), 1 positive (class 1)",
        columns=["loss", "value", "grad on rare one", "sum |grad| rest"],
        rows=rows,
        notes=[
            "Class weights (here 4 for the rare class) give the rare example a larger share of "
            "the gradient; focal loss down-weights the many easy negatives instead.",
            "Focal loss (gamma = 2) here runs on the logit z1 - z0 with alpha_t = alpha = "
            "0.75 for the positives (the rare class 1) and 1 - alpha = 0.25 for the negatives, the "
            "convention of torchvision and RetinaNet (which itself uses alpha = 0.25, since "
            "gamma = 2 already mutes the easy negatives).",
        ],
    )


def _label_smoothing_optimum(**_kwargs: str) -> DemoView:
    eps, k = 0.1, 3
    best = 1 - eps + eps / k
    rows = []
    for p_true in (best, 0.99, 0.999):
        rest = (1 - p_true) / (k - 1)
        z = np.log(np.array([p_true, rest, rest]))
        plain, _ = ls.cross_entropy(z, np.array([0]))
        smooth, grad = ls.cross_entropy(z, np.array([0]), label_smoothing=eps)
        rows.append([fmt(p_true), fmt(plain), fmt(smooth), fmt(round(float(grad[0]), 12))])
    return DemoView(
        title=f"Label smoothing eps = {fmt(eps)} with K = {k} classes",
        columns=["p(true class)", "plain CE", "smoothed CE", "smoothed d/dz_true"],
        rows=rows,
        notes=[
            f"The smoothed loss is minimised at p = 1 - eps + eps/K = {fmt(best)} (gradient 0 "
            "there); pushing to 0.999 raises it, so the model is kept from over-confidence.",
            "Plain cross-entropy keeps decreasing toward p = 1.",
        ],
        formula="target = (1 - eps) onehot + eps/K",
    )


def _multilabel(**_kwargs: str) -> DemoView:
    z = np.array([3.0, 3.0, -3.0])
    y = np.array([1.0, 1.0, 0.0])
    s, _ = act.sigmoid(z)
    p, _ = act.softmax(z)
    bce_v, _ = ls.bce_logits(z, y)
    rows = [[str(k), fmt(z[k]), fmt(y[k]), fmt(s[k]), fmt(p[k])] for k in range(3)]
    rows.append(["sum", "", fmt(float(np.sum(y))), fmt(float(np.sum(s))), fmt(float(np.sum(p)))])
    return DemoView(
        title="Multi-label: two true labels",
        columns=["label", "logit", "target", "sigmoid (independent)", "softmax (compete)"],
        rows=rows,
        notes=[
            "Sigmoid + BCE treats each label independently: both true labels go toward 1 "
            f"(BCE here {fmt(bce_v)}).",
            "Softmax outputs sum to 1, so two labels cannot both exceed 0.5 (here they get "
            f"{fmt(float(p[0]))} each): wrong for multi-label problems.",
        ],
    )


def _relu_before_softmax(**_kwargs: str) -> DemoView:
    z = np.array([1.2, -0.3, -1.5, 0.4])
    y = 1
    onehot = np.eye(z.size)[y]
    r, dr = act.relu(z)
    p_lin, _ = act.softmax(z)
    p_relu, _ = act.softmax(r)
    g_lin = p_lin - onehot
    g_relu = (p_relu - onehot) * dr  # the chain rule through the ReLU
    rows = [
        [
            str(k) + (" (true)" if k == y else ""),
            fmt(z[k]),
            fmt(r[k]),
            fmt(p_relu[k]),
            fmt(g_lin[k]),
            fmt(g_relu[k]),
        ]
        for k in range(z.size)
    ]
    clipped = [str(k) for k in range(z.size) if z[k] < 0]
    return DemoView(
        title="A ReLU before softmax: negative logits tie at 0 with no gradient",
        # two-line headers keep the table inside 80 columns
        columns=[
            "class",
            "logit z",
            "relu(z)",
            "softmax(relu z)",
            "dCE/dz,\nlinear head",
            "dCE/dz,\nReLU head",
        ],
        rows=rows,
        notes=[
            f"Classes {' and '.join(clipped)} both become 0: they get the same probability "
            f"({fmt(p_relu[1])}) and gradient 0, so this example cannot raise the true class "
            "1 or tell it from class 2.",
            "Non-negative logits are not the problem: softmax is shift-invariant, so shifting "
            f"every logit up by {fmt(-float(np.min(z)))} (all now >= 0) leaves every "
            "probability unchanged (exactly; float64 rounding aside).",
        ],
        formula="linear head: softmax(z) - y;  ReLU head: (softmax(relu z) - y) * relu'(z)",
    )


def _mse_outlier(**_kwargs: str) -> DemoView:
    pred = np.array([2.5, 0.0, 2.0, 8.0, 3.0])
    target = np.array([3.0, -0.5, 2.0, 7.0, 13.0])
    value, grad = ls.mse(pred, target)
    err = pred - target
    sq = err * err
    rows = [
        [str(i), fmt(err[i]), fmt(sq[i]), fmt(grad[i]), f"{100 * sq[i] / np.sum(sq):.1f}%"]
        for i in range(pred.size)
    ]
    big = int(np.argmax(np.abs(err)))
    others = float(np.max(np.abs(np.delete(grad, big))))
    return DemoView(
        title=f"MSE = {fmt(value)} with one large error (example {big})",
        columns=["example", "error", "squared", "gradient 2e/n", "share of loss"],
        rows=rows,
        notes=[
            f"The error of {fmt(err[big])} is squared to {fmt(sq[big])}: "
            f"{100 * sq[big] / np.sum(sq):.1f}% of the loss, and its gradient "
            f"{fmt(grad[big])} is {fmt(abs(grad[big]) / others)} times the next largest, "
            "so one point steers the fit.",
            "Doubling an error quadruples its penalty and doubles its gradient; Huber or MAE "
            "cap the gradient of large errors.",
        ],
        formula="mse = mean((pred - target)^2);  d/dpred = 2(pred - target)/n",
    )


def _one_hot_cross_entropy(**_kwargs: str) -> DemoView:
    z = np.array([0.5, 2.0, -1.0, 0.0])
    y = 2
    onehot = np.eye(z.size)[y]
    logp = act.log_softmax(z)
    terms = -onehot * logp
    value, _ = ls.cross_entropy(z, np.array([y]))
    rows = [
        [
            str(k) + (" (true)" if k == y else ""),
            fmt(z[k]),
            fmt(onehot[k]),
            fmt(float(np.exp(logp[k]))),
            fmt(-logp[k]),
            fmt(terms[k]),
        ]
        for k in range(z.size)
    ]
    rows.append(["sum", "", "1", "1", "", fmt(float(np.sum(terms)))])
    return DemoView(
        title="One-hot targets pick one term of -sum_k y_k log p_k",
        columns=["class", "logit", "y_k", "p_k", "-log p_k", "y_k * -log p_k"],
        rows=rows,
        notes=[
            f"Only the true class {y} survives: the loss is -log p_{y} = "
            f"{fmt(float(np.sum(terms)))}, equal to CrossEntropyLoss with class index {y} "
            f"({fmt(value)}).",
            "A low-probability true class is punished hard (-log p grows without bound); the "
            "other classes enter only through the normalisation of p.",
        ],
        formula="CE = -sum_k y_k log p_k = -log p_true  (y one-hot)",
    )


ADAM_STEPS = 100
ADAM_LR = 0.01


ADAM_MODES = ("none", "l2", "decoupled")


def adam_final_weights(
    grad_scale: np.ndarray, lam: float, *, steps: int = ADAM_STEPS
) -> dict[str, np.ndarray]:
    """Adam from w = 1 on data gradients that alternate in sign (+s, -s, ...), so the data alone
    does not move the weights on average, for three ways of regularising: 'none', 'l2'
    (lam*||w||^2 added to the loss) and 'decoupled' (AdamW: w -= lr * 2*lam*w outside the
    adaptive step). The three runs are the rows of one array."""
    b1, b2, eps = 0.9, 0.999, 1e-8
    w = np.ones((3, grad_scale.size))
    in_loss = np.array([[0.0], [1.0], [0.0]])
    outside = np.array([[0.0], [0.0], [1.0]])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    for t in range(1, steps + 1):
        decay = ls.l2(w, lam)[1]
        g = grad_scale * (-1.0) ** t + in_loss * decay
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        step = (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps) + outside * decay
        w = w - ADAM_LR * step
    return dict(zip(ADAM_MODES, w, strict=True))


def _l2_shrinkage(**_kwargs: str) -> DemoView:
    x = np.array([[1.0, 0.5], [0.5, 1.0], [1.5, 1.0], [0.0, 1.0], [1.0, -0.5], [2.0, 1.0]])
    y = x @ np.array([2.0, -1.0]) + np.array([0.3, -0.2, 0.1, 0.4, -0.3, 0.1])
    n = len(y)
    rows = []
    norms = []
    for lam in (0.0, 0.1, 1.0):
        # d/dw [mean((Xw - y)^2) + lam ||w||^2] = 0  =>  (X^T X + n lam I) w = X^T y
        w = np.linalg.solve(x.T @ x + n * lam * np.eye(2), x.T @ y)
        data, _ = ls.mse(x @ w, y)
        penalty, _ = ls.l2(w, lam)
        norms.append(float(np.linalg.norm(w)))
        rows.append(
            [fmt(lam), _vec(w), fmt(norms[-1]), fmt(data), fmt(penalty), fmt(data + penalty)]
        )
    scale = np.array([1.0, 0.01])
    lam = 0.01
    final = adam_final_weights(scale, lam)
    coupled = final["l2"] / final["none"]
    decoupled = final["decoupled"] / final["none"]
    return DemoView(
        title="L2 in the loss: data loss + lam ||w||^2 at its minimum",
        columns=["lam", "w", "||w||", "data loss", "penalty", "total"],
        rows=rows,
        notes=[
            f"A larger lam shrinks the weights (||w|| {fmt(norms[0])} -> {fmt(norms[-1])}) and "
            "raises the data loss: the penalty trades fit for smaller weights.",
            f"With Adam ({ADAM_STEPS} steps, lr {fmt(ADAM_LR)}, lam {fmt(lam)}), L2 in the loss "
            f"keeps {fmt(coupled[0])} of a weight with large gradients but only "
            f"{fmt(coupled[1])} of one with small gradients (the penalty's gradient is divided "
            "by each weight's gradient RMS).",
            f"Decoupled decay (AdamW) keeps {fmt(decoupled[0])} and {fmt(decoupled[1])}: the "
            "same shrinkage for every weight, as plain SGD with L2 would give.",
        ],
        formula="L_total = L_data + lam ||w||^2",
    )


KL_TARGET = (0.49, 0.02, 0.49)
KL_CANDIDATES = (("broad", (1 / 3, 1 / 3, 1 / 3)), ("one-mode", (0.9, 0.05, 0.05)))


def _kl_directions(**_kwargs: str) -> DemoView:
    p = np.array(KL_TARGET)
    rows = []
    forward, reverse = {}, {}
    for name, q in (("q = p", KL_TARGET), *KL_CANDIDATES):
        qa = np.array(q)
        forward[name], _ = ls.kl(p, qa)
        reverse[name], _ = ls.kl(qa, p)
        rows.append([name, _vec(qa), fmt(forward[name]), fmt(reverse[name])])
    cover = min(forward, key=lambda k: (k == "q = p", forward[k]))
    seek = min(reverse, key=lambda k: (k == "q = p", reverse[k]))
    return DemoView(
        title=f"Fitting q to the bimodal p = {_vec(p)}: the two KL directions",
        columns=["q", "values", "KL(p||q)", "KL(q||p)"],
        rows=rows,
        notes=[
            "KL(p||q) != KL(q||p): the same pair gives different numbers (natural log: nats; "
            "divide by ln 2 for bits).",
            f"Forward KL(p||q) prefers the {cover} q: q near 0 where p > 0 costs a lot, so q "
            "covers every mode (mode-covering; maximum likelihood, distillation).",
            f"Reverse KL(q||p) prefers the {seek} q: q > 0 where p is near 0 costs a lot, so "
            "q settles on one mode (mode-seeking; variational inference).",
        ],
        formula="KL(p||q) = sum_i p_i ln(p_i / q_i)",
    )


def _best_probability(grad_at: Callable[[np.ndarray, float], np.ndarray], p_true: float) -> float:
    """The probability sigmoid(z) that minimises a loss's expected value when the label is 1
    with probability p_true: the first logit on a fine grid where the expected gradient
    p_true * grad(z, 1) + (1 - p_true) * grad(z, 0) turns non-negative."""
    lo, hi = -6.0, 6.0
    for _ in range(2):  # a coarse grid, then a fine one around its crossing: z to 2e-5
        z = np.linspace(lo, hi, 1_201)
        slope = p_true * grad_at(z, 1.0) + (1 - p_true) * grad_at(z, 0.0)
        i = int(np.argmax(slope >= 0))
        lo, hi = z[max(i - 1, 0)], z[i]
    return float(act.sigmoid(hi)[0])


def focal_optimum(p_true: float, gamma: float) -> float:
    """The prediction that minimises the expected focal loss (no alpha) for a true p_true."""
    return _best_probability(
        lambda z, y: ls.focal(z, np.full(z.size, y), alpha=-1.0, gamma=gamma)[1], p_true
    )


def _log_loss_optimum(p_true: float) -> float:
    return _best_probability(lambda z, y: ls.bce_logits(z, np.full(z.size, y))[1], p_true)


def _brier_optimum(p_true: float) -> float:
    """Brier score = MSE between sigmoid(z) and the label; its gradient wrt z via the chain rule."""

    def grad(z: np.ndarray, y: float) -> np.ndarray:
        s, ds = act.sigmoid(z)
        return ls.mse(s, np.full(z.size, y))[1] * ds

    return _best_probability(grad, p_true)


def _constant_minimiser(loss: Callable[[np.ndarray], np.ndarray], grid: np.ndarray) -> float:
    return float(grid[int(np.argmin(loss(grid)))])


def _minimising_range(values: np.ndarray, grid: np.ndarray) -> tuple[float, float]:
    """The first and last grid points where `values` is at its minimum (up to rounding)."""
    at_min = grid[values <= np.min(values) + 1e-12]
    return float(at_min[0]), float(at_min[-1])


RANKED_PAIRS = ((-1.0, -3.0), (5.0, 3.0))  # (relevant, irrelevant) scores, both in order


def ranking_losses(relevant: float, irrelevant: float) -> tuple[float, float]:
    """A pairwise (RankNet) logistic loss softplus(-(s+ - s-)) and pointwise BCE with labels
    1 and 0 on the same two scores."""
    pairwise, _ = ls.bce_logits(np.array([relevant - irrelevant]), np.array([1.0]))
    pointwise, _ = ls.bce_logits(np.array([relevant, irrelevant]), np.array([1.0, 0.0]))
    return pairwise, pointwise


def _loss_by_task(**_kwargs: str) -> DemoView:
    spiky = np.array([1.0, 2.0, 3.0, 4.0, 100.0])
    grid = np.linspace(0.0, 100.0, 1_001)
    diffs = grid[:, None] - spiky[None, :]
    fit_mse = _constant_minimiser(lambda _: np.mean(diffs**2, axis=1), grid)
    fit_mae = _constant_minimiser(lambda _: np.mean(np.abs(diffs), axis=1), grid)
    ad = np.abs(diffs)
    huber_rows = np.mean(np.where(ad < 1.0, 0.5 * diffs**2, ad - 0.5), axis=1)
    fit_huber = _constant_minimiser(lambda _: huber_rows, grid)

    z = np.array([[2.0, 0.0], [1.5, 0.0], [1.0, 0.0], [2.5, 0.0], [1.0, 0.5]])
    y = np.array([0, 0, 0, 0, 1])

    def rare_share(grad: np.ndarray) -> float:
        g = np.abs(grad).reshape(len(y), -1).sum(axis=1)
        return float(100 * g[-1] / g.sum())

    share_ce = rare_share(ls.cross_entropy(z, y)[1])
    share_w = rare_share(ls.cross_entropy(z, y, weights=np.array([1.0, 4.0]))[1])
    share_focal = rare_share(ls.focal(z[:, 1] - z[:, 0], y.astype(float), 0.75, 2.0)[1])

    two = np.array([3.0, 3.0, -3.0])
    sig_two = float(act.sigmoid(two)[0][0])
    soft_two = float(act.softmax(two)[0][0])
    focal_fit = focal_optimum(0.9, 2.0)
    log_fit, brier_fit = _log_loss_optimum(0.9), _brier_optimum(0.9)

    times = np.arange(1.0, 11.0)
    tgrid = np.linspace(0.0, 11.0, 1_101)
    r = times[None, :] - tgrid[:, None]
    pin_lo, pin_hi = _minimising_range(np.mean(np.maximum(0.9 * r, -0.1 * r), axis=1), tgrid)
    fit_mean = _constant_minimiser(lambda _: np.mean(r**2, axis=1), tgrid)

    ranked = [ranking_losses(*pair) for pair in RANKED_PAIRS]
    ranking_cell = "\n".join(
        f"{fmt(a)} > {fmt(b)}: {pair:.3f} vs {point:.3f}"
        for (a, b), (pair, point) in zip(RANKED_PAIRS, ranked, strict=True)
    )

    rows = [
        [
            "outliers in y",
            "mae, huber > mse",
            f"fit 1,2,3,4,100: {fmt(fit_mae)}, {fmt(fit_huber)}, {fmt(fit_mse)}",
        ],
        [
            "rare class (1:4)",
            "what each does:\nfocal, weighted, CE",
            f"rare |grad|: {share_focal:.0f}%, {share_w:.0f}%, {share_ce:.0f}%",
        ],
        [
            "multi-label",
            "sigmoid+BCE > softmax",
            f"3,3,-3: {sig_two:.3f} each vs {soft_two:.3f}",
        ],
        [
            "calibrated p",
            "log, brier > focal",
            f"p = 0.9: best {log_fit:.3f}, {brier_fit:.3f}, {focal_fit:.3f}",
        ],
        [
            "90th percentile",
            "pinball(0.9) > mse",
            f"fit 1..10: [{fmt(pin_lo)}, {fmt(pin_hi)}], {fmt(fit_mean)}",
        ],
        ["ranking", "pairwise > BCE", ranking_cell],
    ]
    return DemoView(
        title="Which loss for which situation, with a toy check",
        columns=["situation", "losses", "toy check"],
        rows=rows,
        notes=[
            "Each toy check puts the losses of its row side by side, in that order: the best "
            "constant fit, the rare example's share of the gradient, the probability each of "
            "two true labels gets, the prediction that minimises the expected loss when the "
            "true probability is 0.9 (hinge gives no probability at all), the best constant "
            "for a 90th-percentile target, and the loss of two correctly ranked pairs.",
            "The rare-class row says what each loss does, not which is best: class weights "
            "scale the rare example up and focal loss mutes the easy negatives. A larger share "
            "is not better, and both shift the predicted probabilities away from the true "
            "class frequencies.",
            f"Pinball(0.9)'s expected loss is flat from {fmt(pin_lo)} to {fmt(pin_hi)}: any "
            "value there is a 0.9-quantile of 1..10.",
            "A pairwise (RankNet) loss softplus(-(s+ - s-)) scores only the order: both pairs "
            "are ranked right by the same gap and cost the same, while pointwise BCE also "
            "charges the absolute scores.",
            "Pick the head for the output's range, then the loss that is the negative "
            "log-likelihood of that head's distribution; then check the situation above.",
        ],
    )


# --------------------------------------------------------------------------- follow-up scenarios


def sigmoid_mse_and_bce(z: np.ndarray, y: float) -> tuple[np.ndarray, ...]:
    """Per example: sigmoid(z), MSE (sigmoid(z) - y)^2 and its gradient wrt z (the chain rule
    through the sigmoid), BCE with logits and its gradient sigmoid(z) - y."""
    s, ds = act.sigmoid(z)
    mse_v = np.array([ls.mse(v, y)[0] for v in s])
    mse_dz = np.array([float(ls.mse(v, y)[1]) for v in s]) * ds
    bce_v = np.array([ls.bce_logits(v, y)[0] for v in z])
    bce_dz = np.array([float(ls.bce_logits(v, y)[1]) for v in z])
    return s, mse_v, mse_dz, bce_v, bce_dz


def _sigmoid_mse_vs_bce(**_kwargs: str) -> DemoView:
    z = np.array([-6.0, -4.0, -2.0, 0.0, 2.0])
    s, mse_v, mse_dz, bce_v, bce_dz = sigmoid_mse_and_bce(z, 1.0)
    rows = [
        [fmt(z[i]), fmt(s[i]), fmt(mse_v[i]), fmt(mse_dz[i]), fmt(bce_v[i]), fmt(bce_dz[i])]
        for i in range(z.size)
    ]
    i4, i6 = (int(np.flatnonzero(z == v)[0]) for v in (-4.0, -6.0))  # the rows the notes cite
    return DemoView(
        title="MSE vs BCE through a sigmoid, positive label (y = 1): gradients wrt z",
        columns=["z", "sigmoid(z)", "MSE", "dMSE/dz", "BCE", "dBCE/dz"],
        rows=rows,
        notes=[
            f"At z = {fmt(z[i4])} MSE's gradient is {fmt(mse_dz[i4])} against BCE's "
            f"{fmt(bce_dz[i4])}, {fmt(bce_dz[i4] / mse_dz[i4])} times smaller: the factor "
            "sigmoid'(z) in MSE's gradient vanishes when the output saturates.",
            f"The more confidently wrong, the less MSE learns (z = {fmt(z[i6])}: "
            f"{fmt(mse_dz[i6])}), while BCE's gradient sigmoid(z) - y approaches -1: its log "
            "cancels the sigmoid's derivative.",
        ],
        formula="dMSE/dz = 2(sigmoid(z) - y) sigmoid'(z);  dBCE/dz = sigmoid(z) - y",
    )


MEAN_MEDIAN_TARGETS = (1.0, 2.0, 3.0, 4.0, 100.0)


def _mean_vs_median(**_kwargs: str) -> DemoView:
    y = np.array(MEAN_MEDIAN_TARGETS)
    grid = np.linspace(0.0, 100.0, 10_001)
    diffs = grid[:, None] - y[None, :]
    fit_mse = _constant_minimiser(lambda _: np.mean(diffs**2, axis=1), grid)
    fit_mae = _constant_minimiser(lambda _: np.mean(np.abs(diffs), axis=1), grid)
    rows = []
    for c, label in ((fit_mae, "median"), (fit_mse, "mean")):
        pred = np.full(y.size, c)
        mse_v, mse_g = ls.mse(pred, y)
        mae_v, mae_g = ls.mae(pred, y)
        rows.append(
            [
                f"{fmt(c)} ({label})",
                fmt(mse_v),
                fmt(float(np.sum(mse_g))),
                fmt(mae_v),
                fmt(float(np.sum(mae_g))),
            ]
        )
    step = 1.0 / y.size
    return DemoView(
        title=f"The best constant for targets {', '.join(fmt(v) for v in y)}",
        columns=["constant c", "MSE", "d MSE/dc", "MAE", "d MAE/dc"],
        rows=rows,
        notes=[
            f"Over constants from 0 to 100 (step 0.01) MSE is smallest at {fmt(fit_mse)}, the "
            f"mean, and MAE at {fmt(fit_mae)}, the median: the outlier pulls the mean, not the "
            "median.",
            f"MSE's slope is 0 at the mean. MAE's slope at {fmt(fit_mae)} is the subgradient 0 "
            f"PyTorch uses (sign(0) = 0); just below it is -{fmt(step)} and just above "
            f"+{fmt(step)}, so {fmt(fit_mae)} is its minimum.",
        ],
        formula="argmin_c mean((y - c)^2) = mean(y);  argmin_c mean|y - c| = median(y)",
    )


BCE_CLAMP_LOGITS = (10.0, 37.0, 50.0)


def sigmoid_then_bce(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For a negative (y = 0), PyTorch's sigmoid then BCELoss in float64: 1 - sigmoid(z) as
    computed from the rounded output, the loss (log clamped at -100) and its gradient wrt z,
    BCELoss's backward times the sigmoid's backward p(1 - p) (taken from the rounded output
    p, as torch does)."""
    p, _ = act.sigmoid(z)
    loss = np.array([ls.bce(v, 0.0)[0] for v in p])
    d_p = np.array([float(ls.bce(v, 0.0)[1]) for v in p])
    return 1.0 - p, loss, d_p * (p * (1.0 - p))


def _sigmoid_bce_vs_logits(**_kwargs: str) -> DemoView:
    z = np.array(BCE_CLAMP_LOGITS)
    gap, loss, d_z = sigmoid_then_bce(z)
    rows = []
    for i in range(z.size):
        v, g = ls.bce_logits(z[i], 0.0)
        rows.append([fmt(z[i]), fmt(gap[i]), fmt(loss[i]), fmt(d_z[i]), fmt(v), fmt(float(g))])
    first = next(v for v, d in zip(z, gap, strict=True) if d == 0)
    last = z[-1]
    return DemoView(
        title="Sigmoid then BCELoss vs BCEWithLogitsLoss, negative example (y = 0)",
        columns=["z", "1 - sigmoid(z)", "sigmoid+BCELoss", "d/dz", "BCEWithLogits", "d/dz"],
        rows=rows,
        notes=[
            f"From z = {fmt(first)} on, sigmoid(z) rounds to exactly 1 in float64, so BCELoss "
            f"needs log(1 - 1) = log 0: PyTorch clamps the log at {fmt(ls.BCE_LOG_CLAMP)}, "
            f"the loss sticks at {fmt(loss[-1])}, and the gradient through the sigmoid is "
            f"{fmt(d_z[-1])} (the sigmoid's backward p(1 - p) is 0 at p = 1): the badly wrong "
            "example stops learning.",
            "BCEWithLogitsLoss never forms sigmoid(z): at "
            f"z = {fmt(last)} it gives softplus(z) = {fmt(ls.bce_logits(last, 0.0)[0])} with "
            f"the right gradient sigmoid(z) - y = {fmt(float(ls.bce_logits(last, 0.0)[1]))}.",
        ],
        formula="BCELoss(sigmoid(z), y), logs clamped at -100  vs  BCEWithLogitsLoss(z, y)",
    )


HUBER_SMOOTH_CASES = ((2.0, 0.5), (2.0, 3.0), (2.0, 5.0), (1.0, 3.0))  # (delta = beta, r)


def _huber_vs_smooth_l1(**_kwargs: str) -> DemoView:
    rows = []
    values = {}
    for delta, r in HUBER_SMOOTH_CASES:
        h, hg = ls.huber(r, 0.0, delta)
        sl, sg = ls.smooth_l1(r, 0.0, delta)
        values[delta, r] = (h, sl)
        rows.append(
            [fmt(delta), fmt(r), fmt(h), fmt(sl), fmt(h / sl), fmt(float(hg)), fmt(float(sg))]
        )
    h2, s2 = values[2.0, 3.0]
    h1, s1 = values[1.0, 3.0]
    return DemoView(
        title="PyTorch HuberLoss(delta) vs SmoothL1Loss(beta = delta) on a residual r",
        columns=["delta = beta", "r", "Huber", "SmoothL1", "ratio", "Huber'", "SmoothL1'"],
        rows=rows,
        notes=[
            "HuberLoss(delta) = delta * SmoothL1Loss(beta = delta) for every r: the ratio is "
            f"delta. At r = 3 with delta = beta = 2, Huber gives {fmt(h2)} and smooth L1 "
            f"{fmt(s2)}.",
            "Past the switch point Huber's slope is +-delta and smooth L1's +-1; at delta = "
            f"beta = 1 they coincide ({fmt(h1)} and {fmt(s1)} at r = 3).",
        ],
        formula="Huber: 0.5 r^2 if |r| < delta else delta(|r| - delta/2);  "
        "SmoothL1: 0.5 r^2/beta if |r| < beta else |r| - beta/2",
    )


TRAIN_PRIORS = (0.5, 0.5)  # (negative, positive): resampled to balance
DEPLOY_PRIORS = (0.99, 0.01)  # the real class frequencies
PRIOR_OUTPUTS = (0.1, 0.5, 0.9, 0.99)


def prior_corrected(p_trained: float) -> tuple[float, float, float]:
    """Bayes' rule for a model trained with TRAIN_PRIORS used under DEPLOY_PRIORS: the
    positive's and the negative's p'(y | x) * pi_y / pi'_y and the renormalised positive."""
    p = np.array([1.0 - p_trained, p_trained])
    w = p * np.array(DEPLOY_PRIORS) / np.array(TRAIN_PRIORS)
    return float(w[1]), float(w[0]), float(w[1] / np.sum(w))


def _resampling_priors(**_kwargs: str) -> DemoView:
    rows = []
    corrected = {}
    for q in PRIOR_OUTPUTS:
        pos, neg, p = prior_corrected(q)
        corrected[q] = p
        rows.append([fmt(q), fmt(pos), fmt(neg), fmt(p)])
    pi1, pi1_train = DEPLOY_PRIORS[1], TRAIN_PRIORS[1]
    shift = float(
        np.log(TRAIN_PRIORS[1] / TRAIN_PRIORS[0]) - np.log(DEPLOY_PRIORS[1] / DEPLOY_PRIORS[0])
    )
    return DemoView(
        title=f"Trained on {fmt(100 * pi1_train)}/{fmt(100 * (1 - pi1_train))} resampled data, "
        f"used where {fmt(100 * pi1)}% are positive",
        columns=["model p'", "p' * pi1/pi1'", "(1 - p') * pi0/pi0'", "corrected p"],
        rows=rows,
        notes=[
            "Bayes' rule: p(y | x) is proportional to p'(y | x) * pi_y/pi'_y, renormalised. "
            f"A model output of 0.5 becomes {fmt(corrected[0.5])} and 0.9 becomes "
            f"{fmt(corrected[0.9])}: uncorrected, the balanced model overstates the rare "
            "class.",
            f"In logits the correction subtracts log(pi'_1/pi'_0) - log(pi_1/pi_0) = "
            f"{fmt(shift)} from the logit, the same for every example.",
        ],
        formula="p(y | x) = p'(y | x) pi_y/pi'_y / sum_k p'(k | x) pi_k/pi'_k",
    )


Scenario = Callable[..., DemoView]

SCENARIOS: dict[str, Scenario] = {
    "linear-collapse": _linear_collapse,
    "dead-relu": _dead_relu,
    "tanh-vs-sigmoid": _tanh_vs_sigmoid,
    "gelu-vs-tanh-approx": _gelu_vs_tanh,
    "sigmoid-depth": _sigmoid_depth,
    "softmax-shift": _softmax_shift,
    "activation-compare": _activation_compare,
    "output-heads": _output_heads,
    "relu-vs-sigmoid-timing": _timing,
    "empirical-risk": _empirical_risk,
    "softmax-ce-gradient": _softmax_ce_gradient,
    "huber-outlier": _huber_outlier,
    "accuracy-vs-ce": _accuracy_vs_ce,
    "focal-easy-hard": _focal_easy_hard,
    "class-weights": _class_weights,
    "label-smoothing-optimum": _label_smoothing_optimum,
    "multilabel-sigmoid-vs-softmax": _multilabel,
    "loss-by-task": _loss_by_task,
    "relu-before-softmax": _relu_before_softmax,
    "mse-outlier": _mse_outlier,
    "one-hot-cross-entropy": _one_hot_cross_entropy,
    "l2-shrinkage": _l2_shrinkage,
    "kl-directions": _kl_directions,
    "sigmoid-mse-vs-bce": _sigmoid_mse_vs_bce,
    "mean-vs-median": _mean_vs_median,
    "sigmoid-bce-vs-logits": _sigmoid_bce_vs_logits,
    "huber-vs-smooth-l1": _huber_vs_smooth_l1,
    "resampling-priors": _resampling_priors,
}
_TAKES_DETERMINISTIC = {"relu-vs-sigmoid-timing"}


def _args(spec: Mapping[str, Any]) -> dict[str, str]:
    args = spec.get("args") or {}
    if not isinstance(args, Mapping):
        raise DemoInputError("demo args must be a mapping of parameter -> value string")
    out = {}
    for key, value in args.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise DemoInputError(f"demo arg {key!r} must be a string or a number, got {value!r}")
        out[str(key)] = value if isinstance(value, str) else repr(value)
    return out


def question_demo(spec: Mapping[str, Any], *, deterministic: bool = False) -> DemoView:
    """The view of a question's `demo:` mapping.

    Raises:
        DemoInputError: unknown demo or scenario, unknown keys, or invalid args.
    """
    if not isinstance(spec, Mapping):
        raise DemoInputError(f"demo must be a mapping with 'name' or 'scenario', got {spec!r}")
    unknown = set(spec) - {"name", "scenario", "args"}
    if unknown:
        raise DemoInputError(
            f"demo has unknown key(s) {', '.join(sorted(map(str, unknown)))} "
            "(allowed: name, scenario, args)"
        )
    has_name, has_scenario = "name" in spec, "scenario" in spec
    if has_name == has_scenario:
        raise DemoInputError("demo needs exactly one of 'name' (a catalogue demo) or 'scenario'")
    args = _args(spec)
    if has_name:
        from actloss_quiz.engine.catalogue import run_demo

        return result_view(run_demo(str(spec["name"]), args))
    name = str(spec["scenario"])
    if name not in SCENARIOS:
        close = closest(name, list(SCENARIOS), n=3)
        hint = f" Did you mean: {', '.join(close)}?" if close else ""
        raise DemoInputError(f"unknown scenario {name!r}.{hint}")
    if args:
        raise DemoInputError(f"scenario {name!r} takes no args, got {', '.join(sorted(args))}")
    if name in _TAKES_DETERMINISTIC:
        return SCENARIOS[name](deterministic=deterministic)
    return SCENARIOS[name]()
