"""Numeric drills: exercise templates, generation, grading and worked solutions.

A template is data: a slug, a family (what `quiz stats` groups by), a level, a topic, an input
generator over round numbers, a prompt with `{placeholders}` and a `solve(inputs)` that asks the
engine for the expected value and lists the intermediate numbers of a worked solution. The
engine stays the single place where formulas live; a template only arranges its calls.

Grading (`grade`): an answer is correct when |given - expected| <= tolerance(expected, K), where
tolerance = 0.5 * 10^-K (half a unit in the K-th decimal, K = --decimals, default 3), widened to
1e-3 * |expected| when |expected| >= 100, plus a few ulps so that the expected value rounded to
K decimals, typed back, is always accepted (ties included).

The drill loop (`run_drill`) talks to the outside only through `prompt(text) -> line` (raises
EOFError at end of input, KeyboardInterrupt on Ctrl-C) and `render(obj)`, and reads the time from
`actloss_quiz.clock.now`, like the quiz session loop; each answer is committed before the next
prompt.
"""

from __future__ import annotations

import difflib
import math
import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from actloss_quiz import clock, store
from actloss_quiz.engine import activations as act
from actloss_quiz.engine import losses as ls
from actloss_quiz.errors import QuizError, QuizUsageError

LEVELS = ("easy", "medium", "hard")
TOPICS = ("activation", "loss")
DEFAULT_COUNT = 10
DEFAULT_DECIMALS = 3
MAX_DECIMALS = 10
RELATIVE_FROM = 100.0  # at or above this |expected|, a relative 1e-3 tolerance also applies
RELATIVE_TOL = 1e-3
EXIT_INTERRUPTED = 130

Inputs = dict[str, Any]
Maker = Callable[[np.random.Generator], Inputs]


# --- templates ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Solution:
    """The expected value (from the engine) and the worked steps that lead to it."""

    expected: float
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """One kind of exercise; `prompt` is a format string over the formatted inputs."""

    name: str
    family: str
    level: str
    topic: str
    make: Maker
    prompt: str
    solve: Callable[[Inputs], Solution]

    def render_prompt(self, inputs: Inputs) -> str:
        return self.prompt.format(**{k: fmt_input(v) for k, v in inputs.items()})

    def example(self) -> str:
        """A sample prompt (from a fixed seed) for `quiz drill --list`."""
        return self.render_prompt(self.make(np.random.default_rng(0)))


TEMPLATES: list[Template] = []


def template(
    name: str, family: str, level: str, topic: str, prompt: str, make: Maker
) -> Callable[[Callable[[Inputs], Solution]], Callable[[Inputs], Solution]]:
    """Register the decorated `solve(inputs) -> Solution` as a template."""

    def register(solve: Callable[[Inputs], Solution]) -> Callable[[Inputs], Solution]:
        if level not in LEVELS or topic not in TOPICS:
            raise ValueError(f"template {name}: bad level {level!r} or topic {topic!r}")
        if any(t.name == name for t in TEMPLATES):
            raise ValueError(f"duplicate template name {name!r}")
        TEMPLATES.append(Template(name, family, level, topic, make, prompt, solve))
        return solve

    return register


# --- input generators: round numbers a person can work with on paper ------------------------


def _plain(v: Any) -> Any:
    """NumPy scalars and tuples to JSON-ready Python values (and -0.0 to 0.0)."""
    if isinstance(v, list | tuple | np.ndarray):
        return [_plain(x) for x in v]
    if isinstance(v, bool | np.bool_):
        return bool(v)
    if isinstance(v, int | np.integer):
        return int(v)
    return float(v) + 0.0


def _pick(rng: np.random.Generator, values: Sequence[Any]) -> Any:
    return _plain(values[int(rng.integers(len(values)))])


def choose(**choices: Sequence[Any]) -> Maker:
    """Each input drawn independently from its own list of values."""

    def make(rng: np.random.Generator) -> Inputs:
        return {k: _pick(rng, values) for k, values in choices.items()}

    return make


def _vector(rng: np.random.Generator, values: Sequence[float], n: int) -> list[float]:
    return [_pick(rng, values) for _ in range(n)]


def _index(rng: np.random.Generator, n: int) -> int:
    return int(rng.integers(n))


# --- formatting -----------------------------------------------------------------------------


def fmt_number(v: float, digits: int = 6) -> str:
    """A number as a person writes it: 2, -0.5, 0.268941, 2.7e-05."""
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.{digits}g}"


def fmt_input(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(fmt_input(x) for x in v) + "]"
    if isinstance(v, int):
        return str(v)
    return fmt_number(v)


def _f(v: Any) -> str:
    """A computed number or vector in a worked step."""
    a = np.asarray(v, dtype=np.float64)
    if a.ndim == 0:
        return fmt_number(float(a))
    return "[" + ", ".join(fmt_number(float(x)) for x in a.reshape(-1)) + "]"


def fmt_expected(v: float, decimals: int) -> str:
    """The expected value to K decimals (never '-0.000')."""
    text = f"{v:.{decimals}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")
    return text


# --- shared worked steps --------------------------------------------------------------------


def _softmax_steps(z: Sequence[float]) -> tuple[np.ndarray, list[str]]:
    """softmax via the engine, with the numbers of the z - max, exp, sum, ratio route."""
    za = np.asarray(z, dtype=np.float64)
    shifted = za - np.max(za)
    e = np.exp(shifted)
    total = float(np.sum(e))
    p, _ = act.softmax(za)
    steps = [
        f"z - max(z) = {_f(shifted)}",
        f"exp(z - max) = {_f(e)}",
        f"sum = {_f(total)}",
        f"p = exp / sum = {_f(p)}",
    ]
    return p, steps


def _sigmoid_steps(x: float, name: str = "x") -> tuple[float, list[str]]:
    e = float(np.exp(-x))
    s = float(act.sigmoid(x)[0])
    return s, [
        f"e^(-{name}) = e^({fmt_number(-x)}) = {_f(e)}",
        f"1 + e^(-{name}) = {_f(1.0 + e)}",
        f"sigmoid({fmt_number(x)}) = 1 / {_f(1.0 + e)} = {_f(s)}",
    ]


def _one_row_ce(z: Sequence[float], y: int, eps: float = 0.0) -> tuple[float, np.ndarray]:
    value, grad = ls.cross_entropy(
        np.asarray([z], dtype=np.float64), np.asarray([y]), label_smoothing=eps
    )
    return float(value), grad[0]


# --- easy -----------------------------------------------------------------------------------

X_EASY = (-2, -1, -0.5, 0, 0.5, 1, 2)


@template(
    "relu-value",
    "activation value",
    "easy",
    "activation",
    "relu({x}) = ?",
    choose(x=(-2, -0.5, 0, 0.5, 1, 1.5, 2, 3)),
)
def _relu_value(i: Inputs) -> Solution:
    v = float(act.relu(i["x"])[0])
    return Solution(v, (f"relu(x) = max(0, x) = max(0, {fmt_number(i['x'])}) = {_f(v)}",))


@template(
    "relu-derivative",
    "derivative",
    "easy",
    "activation",
    "relu'({x}) = ?  (at 0, use PyTorch's convention)",
    choose(x=(-2, -0.5, 0, 0.5, 1, 2, 3)),
)
def _relu_derivative(i: Inputs) -> Solution:
    d = float(act.relu(i["x"])[1])
    return Solution(
        d,
        (
            "relu'(x) = 1 if x > 0 else 0 (not differentiable at 0; PyTorch uses 0 there)",
            f"relu'({fmt_number(i['x'])}) = {_f(d)}",
        ),
    )


@template(
    "leaky-relu-value",
    "activation value",
    "easy",
    "activation",
    "leaky_relu({x}) with slope alpha = {alpha} = ?",
    choose(x=(-3, -2, -1, -0.5, 0.5, 1, 2), alpha=(0.01, 0.1, 0.2)),
)
def _leaky_value(i: Inputs) -> Solution:
    x, a = i["x"], i["alpha"]
    v = float(act.leaky_relu(x, a)[0])
    branch = "x > 0, so x" if x > 0 else f"x <= 0, so alpha * x = {fmt_number(a)} * {fmt_number(x)}"
    return Solution(v, (f"{branch} = {_f(v)}",))


@template(
    "sigmoid-value",
    "activation value",
    "easy",
    "activation",
    "sigmoid({x}) = ?",
    choose(x=X_EASY),
)
def _sigmoid_value(i: Inputs) -> Solution:
    s, steps = _sigmoid_steps(i["x"])
    return Solution(s, tuple(steps))


@template("tanh-value", "activation value", "easy", "activation", "tanh({x}) = ?", choose(x=X_EASY))
def _tanh_value(i: Inputs) -> Solution:
    x = i["x"]
    e2 = float(np.exp(2 * x))
    v = float(act.tanh(x)[0])
    return Solution(
        v,
        (
            f"e^(2x) = e^({fmt_number(2 * x)}) = {_f(e2)}",
            f"tanh(x) = (e^(2x) - 1) / (e^(2x) + 1) = {_f(e2 - 1)} / {_f(e2 + 1)} = {_f(v)}",
        ),
    )


def _equal_logits(rng: np.random.Generator) -> Inputs:
    n = _pick(rng, (2, 3, 4, 5))
    c = _pick(rng, (-1, 0, 1, 2, 5, 10))
    return {"z": [c] * n, "k": _index(rng, n)}


@template(
    "softmax-equal-logits",
    "softmax",
    "easy",
    "activation",
    "softmax({z})[{k}] = ?  (class index from 0)",
    _equal_logits,
)
def _softmax_equal(i: Inputs) -> Solution:
    p, steps = _softmax_steps(i["z"])
    v = float(p[i["k"]])
    return Solution(v, (*steps, f"p[{i['k']}] = {_f(v)} (equal logits: 1/n)"))


def _two_vectors(values: Sequence[float]) -> Maker:
    def make(rng: np.random.Generator) -> Inputs:
        n = _pick(rng, (2, 3))
        while True:
            pred, target = _vector(rng, values, n), _vector(rng, values, n)
            if pred != target:
                return {"pred": pred, "target": target}

    return make


VEC_VALUES = (-1, 0, 0.5, 1, 2, 3)


@template(
    "mse-value",
    "regression loss",
    "easy",
    "loss",
    "MSE (mean over elements) of pred = {pred} and target = {target} = ?",
    _two_vectors(VEC_VALUES),
)
def _mse_value(i: Inputs) -> Solution:
    d = np.asarray(i["pred"], dtype=np.float64) - np.asarray(i["target"], dtype=np.float64)
    v, _ = ls.mse(i["pred"], i["target"])
    return Solution(
        v,
        (
            f"d = pred - target = {_f(d)}",
            f"d^2 = {_f(d * d)}",
            f"mean(d^2) = {_f(np.sum(d * d))} / {d.size} = {_f(v)}",
        ),
    )


@template(
    "mae-value",
    "regression loss",
    "easy",
    "loss",
    "MAE (mean over elements) of pred = {pred} and target = {target} = ?",
    _two_vectors(VEC_VALUES),
)
def _mae_value(i: Inputs) -> Solution:
    d = np.asarray(i["pred"], dtype=np.float64) - np.asarray(i["target"], dtype=np.float64)
    v, _ = ls.mae(i["pred"], i["target"])
    return Solution(
        v,
        (
            f"d = pred - target = {_f(d)}",
            f"|d| = {_f(np.abs(d))}",
            f"mean(|d|) = {_f(np.sum(np.abs(d)))} / {d.size} = {_f(v)}",
        ),
    )


@template(
    "hinge-value",
    "hinge",
    "easy",
    "loss",
    "hinge loss max(0, 1 - y*s) for score s = {s}, label y = {y} = ?",
    choose(s=(-2, -1, -0.5, 0, 0.5, 1, 1.5, 2), y=(-1, 1)),
)
def _hinge_value(i: Inputs) -> Solution:
    ys = i["y"] * i["s"]
    v, _ = ls.hinge(i["s"], i["y"])
    return Solution(v, (f"y*s = {_f(ys)}", f"1 - y*s = {_f(1 - ys)}", f"max(0, 1 - y*s) = {_f(v)}"))


def _weights(rng: np.random.Generator) -> Inputs:
    n = _pick(rng, (2, 3))
    return {
        "w": _vector(rng, (-2, -1, -0.5, 0.5, 1, 2, 3), n),
        "lam": _pick(rng, (0.01, 0.1, 0.5)),
    }


@template(
    "l2-penalty",
    "regularisation",
    "easy",
    "loss",
    "L2 penalty lam * ||w||^2 for w = {w}, lam = {lam} = ?",
    _weights,
)
def _l2_penalty(i: Inputs) -> Solution:
    w = np.asarray(i["w"], dtype=np.float64)
    v, _ = ls.l2(w, i["lam"])
    return Solution(
        v,
        (
            f"w^2 = {_f(w * w)}",
            f"||w||^2 = {_f(np.sum(w * w))}",
            f"lam * ||w||^2 = {fmt_number(i['lam'])} * {_f(np.sum(w * w))} = {_f(v)}",
        ),
    )


# --- medium ---------------------------------------------------------------------------------

X_MEDIUM = (-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3)


@template(
    "sigmoid-derivative",
    "derivative",
    "medium",
    "activation",
    "sigmoid'({x}) = ?",
    choose(x=X_MEDIUM),
)
def _sigmoid_derivative(i: Inputs) -> Solution:
    s, steps = _sigmoid_steps(i["x"])
    d = float(act.sigmoid(i["x"])[1])
    return Solution(d, (*steps, f"sigmoid' = s * (1 - s) = {_f(s)} * {_f(1 - s)} = {_f(d)}"))


@template(
    "tanh-derivative",
    "derivative",
    "medium",
    "activation",
    "tanh'({x}) = ?",
    choose(x=X_MEDIUM),
)
def _tanh_derivative(i: Inputs) -> Solution:
    t, d = (float(a) for a in act.tanh(i["x"]))
    return Solution(
        d,
        (
            f"tanh({fmt_number(i['x'])}) = {_f(t)}",
            f"tanh' = 1 - tanh^2 = 1 - {_f(t * t)} = {_f(d)}",
        ),
    )


@template(
    "elu-value",
    "activation value",
    "medium",
    "activation",
    "elu({x}) with alpha = {alpha} = ?",
    choose(x=(-3, -2, -1, -0.5, 0.5, 2), alpha=(1.0, 0.5, 2.0)),
)
def _elu_value(i: Inputs) -> Solution:
    x, a = i["x"], i["alpha"]
    v = float(act.elu(x, a)[0])
    if x > 0:
        return Solution(v, (f"x > 0, so elu(x) = x = {_f(v)}",))
    e = float(np.exp(x))
    return Solution(
        v,
        (
            "x <= 0, so elu(x) = alpha * (e^x - 1)",
            f"e^x = {_f(e)}",
            f"alpha * (e^x - 1) = {fmt_number(a)} * {_f(e - 1)} = {_f(v)}",
        ),
    )


@template(
    "softplus-value",
    "activation value",
    "medium",
    "activation",
    "softplus({x}) = log(1 + e^x) = ?",
    choose(x=(-2, -1, 0, 0.5, 1, 2, 3)),
)
def _softplus_value(i: Inputs) -> Solution:
    e = float(np.exp(i["x"]))
    v = float(act.softplus(i["x"])[0])
    return Solution(v, (f"e^x = {_f(e)}", f"1 + e^x = {_f(1 + e)}", f"log(1 + e^x) = {_f(v)}"))


@template(
    "silu-value",
    "activation value",
    "medium",
    "activation",
    "silu({x}) = x * sigmoid(x) = ?",
    choose(x=(-2, -1, -0.5, 0.5, 1, 2, 3)),
)
def _silu_value(i: Inputs) -> Solution:
    s, steps = _sigmoid_steps(i["x"])
    v = float(act.silu(i["x"])[0])
    return Solution(v, (*steps, f"x * sigmoid(x) = {fmt_number(i['x'])} * {_f(s)} = {_f(v)}"))


def _two_logits(rng: np.random.Generator) -> Inputs:
    values = (-1, 0, 0.5, 1, 2, 3)
    while True:
        z = _vector(rng, values, 2)
        if z[0] != z[1]:
            return {"z": z, "k": _index(rng, 2)}


@template(
    "softmax-two-logits",
    "softmax",
    "medium",
    "activation",
    "softmax({z})[{k}] = ?  (class index from 0)",
    _two_logits,
)
def _softmax_two(i: Inputs) -> Solution:
    p, steps = _softmax_steps(i["z"])
    v = float(p[i["k"]])
    return Solution(v, (*steps, f"p[{i['k']}] = {_f(v)}"))


@template(
    "bce-one-example",
    "binary cross-entropy",
    "medium",
    "loss",
    "BCE for predicted probability p = {p} and label y = {y} = ?",
    choose(p=(0.1, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 0.9), y=(0, 1)),
)
def _bce_one(i: Inputs) -> Solution:
    p, y = i["p"], i["y"]
    v, _ = ls.bce(p, float(y))
    term = "p" if y == 1 else "1 - p"
    q = p if y == 1 else 1 - p
    return Solution(
        v,
        (
            "BCE = -(y log p + (1 - y) log(1 - p))",
            f"y = {y}, so BCE = -log({term}) = -log({fmt_number(q)}) = {_f(v)}",
        ),
    )


def _ce_row(rng: np.random.Generator) -> Inputs:
    values = (-1, 0, 0.5, 1, 2, 3)
    while True:
        z = _vector(rng, values, 3)
        if len(set(z)) > 1:
            return {"z": z, "y": _index(rng, 3)}


@template(
    "cross-entropy-row",
    "cross-entropy",
    "medium",
    "loss",
    "cross-entropy of logits {z} with target class {y} (index from 0) = ?",
    _ce_row,
)
def _ce_row_value(i: Inputs) -> Solution:
    p, steps = _softmax_steps(i["z"])
    v, _ = _one_row_ce(i["z"], i["y"])
    py = float(p[i["y"]])
    return Solution(v, (*steps, f"p[target] = {_f(py)}", f"-log p[target] = {_f(v)}"))


def _huber(inside: bool) -> Maker:
    factors = (0.25, 0.5, 0.75) if inside else (1.5, 2, 3)

    def make(rng: np.random.Generator) -> Inputs:
        delta = _pick(rng, (1.0, 2.0))
        d = _pick(rng, factors) * delta * _pick(rng, (-1, 1))
        target = _pick(rng, (-1, 0, 1, 2))
        return {"pred": _plain(target + d), "target": target, "delta": delta}

    return make


def _huber_solve(i: Inputs) -> Solution:
    d = i["pred"] - i["target"]
    delta = i["delta"]
    v, _ = ls.huber(i["pred"], i["target"], delta)
    if abs(d) < delta:
        last = f"|d| < delta, so 0.5 * d^2 = 0.5 * {_f(d * d)} = {_f(v)}"
    else:
        last = (
            f"|d| >= delta, so delta * (|d| - delta / 2) = "
            f"{fmt_number(delta)} * {_f(abs(d) - delta / 2)} = {_f(v)}"
        )
    return Solution(v, (f"d = pred - target = {_f(d)}", last))


HUBER_PROMPT = "Huber loss (delta = {delta}) for pred = {pred}, target = {target} = ?"
template("huber-quadratic", "huber", "medium", "loss", HUBER_PROMPT, _huber(True))(_huber_solve)
template("huber-linear", "huber", "medium", "loss", HUBER_PROMPT, _huber(False))(_huber_solve)


def _l2_grad_inputs(rng: np.random.Generator) -> Inputs:
    inputs = _weights(rng)
    inputs["lam"] = _pick(rng, (0.01, 0.05, 0.1, 0.5))
    inputs["k"] = _index(rng, len(inputs["w"]))
    return inputs


@template(
    "l2-gradient",
    "gradient",
    "medium",
    "loss",
    "gradient of lam * ||w||^2 with respect to w[{k}], for w = {w}, lam = {lam} = ?",
    _l2_grad_inputs,
)
def _l2_gradient(i: Inputs) -> Solution:
    _, g = ls.l2(np.asarray(i["w"], dtype=np.float64), i["lam"])
    v = float(g[i["k"]])
    wk = i["w"][i["k"]]
    return Solution(
        v,
        (
            "d/dw (lam * ||w||^2) = 2 * lam * w",
            f"2 * {fmt_number(i['lam'])} * {fmt_number(wk)} = {_f(v)}",
        ),
    )


@template(
    "bce-logits-gradient",
    "gradient",
    "medium",
    "loss",
    "d(BCE with logits)/dz for logit z = {z}, label y = {y} = ?",
    choose(z=(-2, -1, -0.5, 0, 0.5, 1, 2), y=(0, 1)),
)
def _bce_logits_gradient(i: Inputs) -> Solution:
    s, steps = _sigmoid_steps(i["z"], "z")
    _, g = ls.bce_logits(i["z"], float(i["y"]))
    v = float(g)
    return Solution(v, (*steps, f"dL/dz = sigmoid(z) - y = {_f(s)} - {i['y']} = {_f(v)}"))


# --- hard -----------------------------------------------------------------------------------


def _ce_component(rng: np.random.Generator) -> Inputs:
    inputs = _ce_row(rng)
    inputs["k"] = _index(rng, 3)
    return inputs


@template(
    "cross-entropy-gradient",
    "gradient",
    "hard",
    "loss",
    "d(cross-entropy)/dz[{k}] for logits z = {z}, target class {y} (index from 0) = ?",
    _ce_component,
)
def _ce_gradient(i: Inputs) -> Solution:
    p, steps = _softmax_steps(i["z"])
    _, g = _one_row_ce(i["z"], i["y"])
    k, y = i["k"], i["y"]
    v = float(g[k])
    onehot = 1 if k == y else 0
    return Solution(
        v,
        (*steps, f"dL/dz[{k}] = p[{k}] - y[{k}] = {_f(p[k])} - {onehot} = {_f(v)}"),
    )


def _smoothed(rng: np.random.Generator) -> Inputs:
    inputs = _ce_row(rng)
    inputs["eps"] = _pick(rng, (0.1, 0.2))
    return inputs


@template(
    "label-smoothed-cross-entropy",
    "cross-entropy",
    "hard",
    "loss",
    "cross-entropy with label smoothing eps = {eps} (PyTorch) for logits {z}, "
    "target class {y} (index from 0) = ?",
    _smoothed,
)
def _smoothed_ce(i: Inputs) -> Solution:
    z = np.asarray(i["z"], dtype=np.float64)
    eps, y = i["eps"], i["y"]
    logp = act.log_softmax(z)
    nll = float(-logp[y])
    smooth = float(-np.mean(logp))
    v, _ = _one_row_ce(i["z"], y, eps)
    shifted = z - np.max(z)
    total = float(np.sum(np.exp(shifted)))
    return Solution(
        v,
        (
            f"z - max(z) = {_f(shifted)}; sum of exp = {_f(total)}; log sum = {_f(np.log(total))}",
            f"log p = z - max - log sum = {_f(logp)}",
            f"-log p[target] = {_f(nll)}",
            f"mean over classes of -log p = {_f(smooth)}",
            f"(1 - eps) * {_f(nll)} + eps * {_f(smooth)} = {_f(v)}",
        ),
    )


def _focal_inputs(margins: Sequence[float], gammas: Sequence[float]) -> Maker:
    def make(rng: np.random.Generator) -> Inputs:
        y = _pick(rng, (0, 1))
        m = _pick(rng, margins)
        return {"z": _plain(m if y == 1 else -m), "y": y, "gamma": _pick(rng, gammas)}

    return make


FOCAL_ALPHA = 0.25


def _focal_steps(i: Inputs) -> tuple[float, float, list[str]]:
    z, y, gamma = i["z"], i["y"], i["gamma"]
    p = float(act.sigmoid(z)[0])
    pt = p if y == 1 else 1 - p
    at = FOCAL_ALPHA if y == 1 else 1 - FOCAL_ALPHA
    bce, _ = ls.bce_logits(z, float(y))
    fl, _ = ls.focal(z, float(y), FOCAL_ALPHA, gamma)
    steps = [
        f"p = sigmoid(z) = {_f(p)}; p_t = {'p' if y == 1 else '1 - p'} = {_f(pt)}",
        f"(1 - p_t)^gamma = {_f(1 - pt)}^{fmt_number(gamma)} = {_f((1 - pt) ** gamma)}",
        f"BCE = -log p_t = {_f(bce)}",
        f"alpha_t = {'alpha' if y == 1 else '1 - alpha'} = {fmt_number(at)}",
        f"FL = alpha_t * (1 - p_t)^gamma * BCE = {_f(fl)}",
    ]
    return fl, bce, steps


@template(
    "focal-hard-example",
    "focal loss",
    "hard",
    "loss",
    "focal loss (alpha = 0.25 weights positives, negatives get 1 - alpha = 0.75; gamma = "
    "{gamma}) for a hard example: logit z = {z}, label y = {y} = ?",
    _focal_inputs((-2, -1, -0.5, 0), (1.0, 2.0)),
)
def _focal_hard(i: Inputs) -> Solution:
    fl, _, steps = _focal_steps(i)
    return Solution(fl, tuple(steps))


@template(
    "focal-easy-example",
    "focal loss",
    "hard",
    "loss",
    "an easy example: logit z = {z}, label y = {y}. How many times smaller is its focal loss "
    "with gamma = {gamma} and no alpha (only the factor (1 - p_t)^gamma) than its BCE? "
    "BCE / FL = ?",
    _focal_inputs((1.5, 2, 3), (1.0, 2.0)),
)
def _focal_easy(i: Inputs) -> Solution:
    z, y, gamma = i["z"], i["y"], i["gamma"]
    p = float(act.sigmoid(z)[0])
    pt = p if y == 1 else 1 - p
    bce, _ = ls.bce_logits(z, float(y))
    fl, _ = ls.focal(z, float(y), -1.0, gamma)  # alpha < 0: no alpha term
    v = bce / fl
    return Solution(
        v,
        (
            f"p = sigmoid(z) = {_f(p)}; p_t = {'p' if y == 1 else '1 - p'} = {_f(pt)}",
            "FL = (1 - p_t)^gamma * BCE, so BCE / FL = 1 / (1 - p_t)^gamma",
            f"(1 - p_t)^gamma = {_f(1 - pt)}^{fmt_number(gamma)} = {_f((1 - pt) ** gamma)}",
            f"BCE / FL = {_f(bce)} / {_f(fl)} = {_f(v)}",
        ),
    )


DISTRIBUTIONS = {
    2: ((0.5, 0.5), (0.25, 0.75), (0.75, 0.25), (0.1, 0.9), (0.9, 0.1), (0.2, 0.8), (0.4, 0.6)),
    3: ((0.5, 0.25, 0.25), (0.25, 0.5, 0.25), (0.2, 0.3, 0.5), (0.1, 0.2, 0.7), (0.6, 0.2, 0.2)),
}


def _two_distributions(rng: np.random.Generator) -> Inputs:
    n = _pick(rng, (2, 3))
    options = DISTRIBUTIONS[n]
    while True:
        p, q = _pick(rng, options), _pick(rng, options)
        if p != q:
            return {"p": p, "q": q}


@template(
    "kl-divergence",
    "divergence",
    "hard",
    "loss",
    "KL(p || q) in nats for p = {p}, q = {q} = ?",
    _two_distributions,
)
def _kl(i: Inputs) -> Solution:
    p = np.asarray(i["p"], dtype=np.float64)
    q = np.asarray(i["q"], dtype=np.float64)
    v, _ = ls.kl(p, q)
    terms = p * np.log(p / q)
    return Solution(
        v,
        (
            f"p / q = {_f(p / q)}",
            f"log(p / q) = {_f(np.log(p / q))}",
            f"p * log(p / q) = {_f(terms)}",
            f"sum = {_f(v)}",
        ),
    )


def _gelu_inputs(rng: np.random.Generator) -> Inputs:
    x = _pick(rng, (-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2))
    return {"x": x, "phi": _plain(round(0.5 * math.erfc(-x / math.sqrt(2.0)), 2))}


@template(
    "gelu-value",
    "activation value",
    "medium",
    "activation",
    "gelu(x) = x * Phi(x), Phi the standard normal CDF. Given Phi({x}) = {phi} (2 decimals), "
    "gelu({x}) = ?",
    _gelu_inputs,
)
def _gelu_value(i: Inputs) -> Solution:
    x, phi = i["x"], i["phi"]
    exact = float(act.gelu(x)[0])
    v = x * phi
    return Solution(
        v,
        (
            f"with Phi to full precision gelu = {_f(exact)}; the prompt's Phi is rounded, so:",
            f"gelu(x) = x * Phi(x) = {fmt_number(x)} * {fmt_number(phi)} = {_f(v)}",
        ),
    )


def _jacobian_inputs(rng: np.random.Generator) -> Inputs:
    n = _pick(rng, (2, 3))
    return {"z": _vector(rng, (-1, 0, 1, 2), n), "i": _index(rng, n), "j": _index(rng, n)}


@template(
    "softmax-jacobian",
    "softmax",
    "hard",
    "activation",
    "d softmax(z)[{i}] / d z[{j}] for z = {z} (indices from 0) = ?",
    _jacobian_inputs,
)
def _softmax_jacobian(i: Inputs) -> Solution:
    p, steps = _softmax_steps(i["z"])
    _, jac = act.softmax(np.asarray(i["z"], dtype=np.float64))
    a, b = i["i"], i["j"]
    v = float(jac[a, b])
    rule = (
        f"i = j: p[i] * (1 - p[i]) = {_f(p[a])} * {_f(1 - p[a])}"
        if a == b
        else f"i != j: -p[i] * p[j] = -{_f(p[a])} * {_f(p[b])}"
    )
    return Solution(v, (*steps, f"J[i][j] = p[i] * (delta_ij - p[j]); {rule} = {_f(v)}"))


# --- selection and generation ---------------------------------------------------------------


def by_name(name: str) -> Template:
    for t in TEMPLATES:
        if t.name == name:
            return t
    raise KeyError(name)


def _suggest(option: str, what: str, value: str, valid: Sequence[str]) -> QuizUsageError:
    close = difflib.get_close_matches(value, list(valid), n=1, cutoff=0.5)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return QuizUsageError(
        f"{option}: unknown {what} '{value}'{hint}; valid values: {', '.join(valid)}"
    )


def select_templates(topic: str | None = None, levels: Iterable[str] = ()) -> list[Template]:
    """Templates matching the filters, in registration order (easy to hard).

    Raises:
        QuizUsageError: an unknown topic or level, naming the option and the valid values.
    """
    levels = list(levels)
    if topic is not None and topic not in TOPICS:
        raise _suggest("--topic", "topic", topic, TOPICS)
    for level in levels:
        if level not in LEVELS:
            raise _suggest("--difficulty", "difficulty", level, LEVELS)
    chosen = [
        t
        for t in TEMPLATES
        if (topic is None or t.topic == topic) and (not levels or t.level in levels)
    ]
    if not chosen:
        raise QuizError("no drill template matches these filters")
    return sorted(chosen, key=lambda t: LEVELS.index(t.level))


@dataclass(frozen=True)
class Exercise:
    """One generated exercise: its template, inputs, prompt text and solution."""

    template: Template
    inputs: Inputs
    prompt: str
    expected: float
    steps: tuple[str, ...]


def make_exercise(t: Template, rng: np.random.Generator) -> Exercise:
    inputs = t.make(rng)
    solution = t.solve(inputs)
    return Exercise(t, inputs, t.render_prompt(inputs), float(solution.expected), solution.steps)


def generate(
    count: int,
    *,
    seed: int | None = None,
    topic: str | None = None,
    levels: Iterable[str] = (),
) -> list[Exercise]:
    """`count` exercises; the templates are dealt from a shuffled deck (reshuffled when used up),
    so a set repeats a template only after using every matching one. Same seed, same set."""
    templates = select_templates(topic, levels)
    rng = np.random.default_rng(seed)
    out: list[Exercise] = []
    deck: list[Template] = []
    while len(out) < count:
        if not deck:
            deck = [templates[int(k)] for k in rng.permutation(len(templates))]
        out.append(make_exercise(deck.pop(), rng))
    return out


# --- grading --------------------------------------------------------------------------------


_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _number(text: str) -> float | None:
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_answer(text: str) -> float | None:
    """A typed number: decimal, fraction (`1/4`, `-3/2`), scientific (`2.5e-1`), with an
    optional sign and surrounding spaces. None when it is not a finite number."""
    s = text.strip().replace("\u2212", "-")  # a typographic minus sign
    num, slash, den = s.partition("/")
    top = _number(num)
    if not slash:
        return top
    bottom = _number(den)
    if top is None or not bottom:  # not a number, or a zero denominator
        return None
    value = top / bottom
    return value if math.isfinite(value) else None


def tolerance(expected: float, decimals: int = DEFAULT_DECIMALS) -> float:
    """Half a unit in the K-th decimal; for |expected| >= 100 also a relative 1e-3."""
    tol = 0.5 * 10.0**-decimals
    if abs(expected) >= RELATIVE_FROM:
        tol = max(tol, RELATIVE_TOL * abs(expected))
    return tol


def grade(given: float, expected: float, decimals: int = DEFAULT_DECIMALS) -> bool:
    """True when `given` is within `tolerance`; a few ulps of slack accept exact ties
    (the expected value rounded to K decimals is always correct)."""
    slack = 8 * math.ulp(max(abs(given), abs(expected), 1.0))
    return abs(given - expected) <= tolerance(expected, decimals) + slack


# --- the drill loop -------------------------------------------------------------------------

Prompt = Callable[[str], str]
Render = Callable[[Any], None]
ANSWER_PROMPT = "Your answer (Enter to skip, :q to quit) > "


@dataclass
class Answered:
    """One graded exercise (given None: skipped)."""

    exercise: Exercise
    given: str | None
    value: float | None
    correct: bool
    seconds: float


@dataclass
class DrillResult:
    session_id: int
    ended_by: str  # finished, quit, interrupted
    exit_code: int
    total: int
    answers: list[Answered] = field(default_factory=list)
    started_at: datetime | None = None
    ended_at: datetime | None = None

    @property
    def correct(self) -> int:
        return sum(a.correct for a in self.answers)


class _Quit(Exception):
    """`:q` typed at the prompt."""


def run_drill(
    conn: sqlite3.Connection,
    exercises: Sequence[Exercise],
    *,
    prompt: Prompt,
    render: Render,
    decimals: int = DEFAULT_DECIMALS,
    topic_filter: str | None = None,
    difficulty_filter: str | None = None,
) -> DrillResult:
    """Ask every exercise, grade and store each answer before the next prompt.

    Ends on `:q` or end of input (exit 0, ended_by 'quit') or Ctrl-C (exit 130, 'interrupted');
    every answer graded so far is already stored. Renders the summary at the end.
    """
    started = clock.now()
    session_id = store.start_session(
        conn,
        started_at=started,
        kind="drill",
        topic_filter=topic_filter,
        difficulty_filter=difficulty_filter,
    )
    result = DrillResult(session_id, "finished", 0, len(exercises), started_at=started)
    try:
        for n, ex in enumerate(exercises, 1):
            render(exercise_panel(ex, n, len(exercises)))
            answered = _ask(ex, prompt, render, decimals)
            store.record_drill_answer(
                conn,
                answered_at=clock.now(),
                template=ex.template.name,
                correct=answered.correct,
                session_id=session_id,
                level=ex.template.level,
                topic=ex.template.topic,
                prompt=ex.prompt,
                inputs=ex.inputs,
                expected=ex.expected,
                given=answered.given,
                seconds=round(answered.seconds, 3),
            )
            result.answers.append(answered)
            render(feedback(answered, decimals))
    except (_Quit, EOFError):
        result.ended_by = "quit"
    except KeyboardInterrupt:
        result.ended_by, result.exit_code = "interrupted", EXIT_INTERRUPTED
        render("")
    result.ended_at = clock.now()
    store.end_session(conn, session_id, ended_at=result.ended_at, ended_by=result.ended_by)
    render(summary_table(result, decimals))
    return result


def _ask(ex: Exercise, prompt: Prompt, render: Render, decimals: int) -> Answered:
    shown = clock.now()
    while True:
        line = prompt(ANSWER_PROMPT).strip()
        if line.lower() in (":q", ":quit"):
            raise _Quit
        seconds = max(0.0, (clock.now() - shown).total_seconds())
        if not line:
            return Answered(ex, None, None, False, seconds)
        value = parse_answer(line)
        if value is None:
            render(
                f"'{_escape(line)}' is not a number: type a decimal (0.25), a fraction (1/4) "
                "or scientific notation (2.5e-1); Enter skips, :q quits."
            )
            continue
        return Answered(ex, line, value, grade(value, ex.expected, decimals), seconds)


# --- rendering (Rich, imported lazily) ------------------------------------------------------

LEVEL_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def exercise_panel(ex: Exercise, position: int, total: int) -> Any:
    from rich.panel import Panel
    from rich.text import Text

    t = ex.template
    title = Text.assemble(
        (f"Drill {position}/{total}", "bold"),
        f" · {t.family} · ",
        (t.level, LEVEL_STYLE[t.level]),
        f" · {t.name}",
    )
    return Panel(
        Text(ex.prompt, style="bold"), title=title, title_align="left", border_style="blue"
    )


def expected_text(ex: Exercise, decimals: int) -> str:
    shown = fmt_expected(ex.expected, decimals)
    full = f"{ex.expected:.10g}"
    return shown if float(full) == float(shown) else f"{shown} ({full})"


def worked_solution(ex: Exercise, decimals: int) -> Any:
    from rich.panel import Panel
    from rich.text import Text

    lines = [f"{n}. {step}" for n, step in enumerate(ex.steps, 1)]
    lines.append(f"Answer: {expected_text(ex, decimals)}")
    return Panel(
        Text("\n".join(lines)),
        title="Worked solution",
        title_align="left",
        border_style="magenta",
    )


def feedback(a: Answered, decimals: int) -> Any:
    from rich.console import Group
    from rich.text import Text

    expected = expected_text(a.exercise, decimals)
    if a.correct:
        return Text.assemble(("✓ Correct", "bold green"), f": {expected}")
    if a.given is None:
        head = Text.assemble(("Skipped", "bold yellow"), f": the answer is {expected}")
    else:
        head = Text.assemble(
            ("✗ Not quite", "bold red"), f": you gave {a.given}, the answer is {expected}"
        )
    return Group(head, worked_solution(a.exercise, decimals))


def summary_table(result: DrillResult, decimals: int) -> Any:
    """One row per graded exercise, then correct count, accuracy and time."""
    from rich.console import Group
    from rich.table import Table

    table = Table(title="Drill summary", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("template", style="cyan", no_wrap=True)
    table.add_column("level")
    table.add_column("your answer", justify="right")
    table.add_column("expected", justify="right")
    table.add_column("result")
    for n, a in enumerate(result.answers, 1):
        level = a.exercise.template.level
        mark = (
            "[green]✓[/]"
            if a.correct
            else ("[yellow]skipped[/]" if a.given is None else "[red]✗[/]")
        )
        table.add_row(
            str(n),
            a.exercise.template.name,
            f"[{LEVEL_STYLE[level]}]{level}[/]",
            _escape(a.given) if a.given is not None else "-",
            fmt_expected(a.exercise.expected, decimals),
            mark,
        )
    totals = Table(show_header=False, box=None)
    totals.add_column(style="bold")
    totals.add_column()
    answered = len(result.answers)
    ended = {"finished": "", "quit": " (ended early)", "interrupted": " (interrupted)"}
    totals.add_row("Exercises", f"{answered} of {result.total}{ended[result.ended_by]}")
    pct = f" ({100 * result.correct / answered:.1f}%)" if answered else ""
    totals.add_row("Correct", f"{result.correct} of {answered}{pct}")
    if result.started_at and result.ended_at:
        secs = (result.ended_at - result.started_at).total_seconds()
        totals.add_row("Time", f"{int(secs // 60)} min {int(secs % 60)} s")
    return Group(table, totals) if answered else totals


def templates_table(templates: Sequence[Template]) -> Any:
    """`quiz drill --list`: one table per level."""
    from rich.console import Group
    from rich.table import Table

    tables = []
    for level in LEVELS:
        rows = [t for t in templates if t.level == level]
        if not rows:
            continue
        table = Table(
            title=f"{level} ({len(rows)})", title_justify="left", title_style=LEVEL_STYLE[level]
        )
        table.add_column("name", style="cyan", no_wrap=True)
        table.add_column("family")
        table.add_column("topic")
        table.add_column("example", ratio=1)
        for t in rows:
            table.add_row(t.name, t.family, t.topic, _escape(t.example()))
        tables.append(table)
    return Group(*tables)


# --- statistics -----------------------------------------------------------------------------


def family_of(template_name: str) -> str:
    """The family of a stored template name ('other' for a template that no longer exists)."""
    try:
        return by_name(template_name).family
    except KeyError:
        return "other"


def _accuracy_rows(key: str, groups: dict[str, list[int]]) -> list[dict[str, Any]]:
    return [
        {key: k, "answers": n, "correct": c, "accuracy": round(c / n, 4) if n else None}
        for k, (n, c) in sorted(groups.items())
    ]


def accuracy_by_family(
    conn: sqlite3.Connection, *, topic: str | None = None
) -> list[dict[str, Any]]:
    """[{family, answers, correct, accuracy}] by family name (for `quiz stats`)."""
    families: dict[str, list[int]] = {}
    for name, (n, c) in store.drill_accuracy_by(conn, "template", topic=topic).items():
        acc = families.setdefault(family_of(name), [0, 0])
        acc[0] += n
        acc[1] += c or 0
    return _accuracy_rows("family", families)


def drill_stats(conn: sqlite3.Connection, *, topic: str | None = None) -> dict[str, Any]:
    """Drill totals and accuracy per template family and per level, JSON-ready.

    Keys: `answers`, `correct`, `accuracy` (0-1 rounded to 4 places, None when no answers),
    `by_family` ([{family, answers, correct, accuracy}]) and `by_level` ([{level, ...}]).
    """
    by_family = accuracy_by_family(conn, topic=topic)
    levels = {
        (k or "?"): [n, c or 0]
        for k, (n, c) in store.drill_accuracy_by(conn, "level", topic=topic).items()
    }
    answers = sum(r["answers"] for r in by_family)
    correct = sum(r["correct"] for r in by_family)
    return {
        "answers": answers,
        "correct": correct,
        "accuracy": round(correct / answers, 4) if answers else None,
        "by_family": by_family,
        "by_level": _accuracy_rows("level", levels),
    }
