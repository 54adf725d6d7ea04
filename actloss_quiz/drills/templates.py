"""The drill templates: what each exercise asks and how its answer is worked out.

A template is data: a slug, a family (what `quiz stats` groups by), a level, a topic, an input
generator over round numbers, a prompt with `{placeholders}` and a `solve(inputs)` that asks the
engine for the expected value and lists the intermediate numbers of a worked solution. The
engine stays the single place where formulas live; a template only arranges its calls.
A new template is one `@template(...)` function below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from msgspec import Struct

from actloss_quiz.engine import activations as act
from actloss_quiz.engine import losses as ls
from actloss_quiz.errors import QuizError, QuizUsageError
from actloss_quiz.numbers import written
from actloss_quiz.vocab import DIFFICULTIES, did_you_mean

LEVELS = DIFFICULTIES
TOPICS = ("activation", "loss")

Inputs = dict[str, Any]
Maker = Callable[[np.random.Generator], Inputs]


# --- templates ------------------------------------------------------------------------------


class Solution(Struct, frozen=True):
    """The expected value (from the engine) and the worked steps that lead to it."""

    expected: float
    steps: tuple[str, ...]


class Template(Struct, frozen=True):
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


def fmt_input(v: Any) -> str:
    if isinstance(v, list):
        return "[" + ", ".join(fmt_input(x) for x in v) + "]"
    if isinstance(v, int):
        return str(v)
    return written(v)


def _f(v: Any) -> str:
    """A computed number or vector in a worked step."""
    a = np.asarray(v, dtype=np.float64)
    if a.ndim == 0:
        return written(float(a))
    return "[" + ", ".join(written(float(x)) for x in a.reshape(-1)) + "]"


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
        f"e^(-{name}) = e^({written(-x)}) = {_f(e)}",
        f"1 + e^(-{name}) = {_f(1.0 + e)}",
        f"sigmoid({written(x)}) = 1 / {_f(1.0 + e)} = {_f(s)}",
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
    return Solution(v, (f"relu(x) = max(0, x) = max(0, {written(i['x'])}) = {_f(v)}",))


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
            f"relu'({written(i['x'])}) = {_f(d)}",
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
    branch = "x > 0, so x" if x > 0 else f"x <= 0, so alpha * x = {written(a)} * {written(x)}"
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
            f"e^(2x) = e^({written(2 * x)}) = {_f(e2)}",
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
            f"lam * ||w||^2 = {written(i['lam'])} * {_f(np.sum(w * w))} = {_f(v)}",
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
            f"tanh({written(i['x'])}) = {_f(t)}",
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
            f"alpha * (e^x - 1) = {written(a)} * {_f(e - 1)} = {_f(v)}",
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
    return Solution(v, (*steps, f"x * sigmoid(x) = {written(i['x'])} * {_f(s)} = {_f(v)}"))


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
    "BCE (natural log) for predicted probability p = {p} and label y = {y} = ?",
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
            f"y = {y}, so BCE = -log({term}) = -log({written(q)}) = {_f(v)}",
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
    "cross-entropy (natural log) of logits {z} with target class {y} (index from 0) = ?",
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
            f"{written(delta)} * {_f(abs(d) - delta / 2)} = {_f(v)}"
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
            f"2 * {written(i['lam'])} * {written(wk)} = {_f(v)}",
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
        f"(1 - p_t)^gamma = {_f(1 - pt)}^{written(gamma)} = {_f((1 - pt) ** gamma)}",
        f"BCE = -log p_t = {_f(bce)}",
        f"alpha_t = {'alpha' if y == 1 else '1 - alpha'} = {written(at)}",
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
    "(Hint: 1 - p_t = 1/(1 + e^|z|) exactly; do not round it.) BCE / FL = ?",
    _focal_inputs((1.5, 2, 3), (1.0, 2.0)),
)
def _focal_easy(i: Inputs) -> Solution:
    z, y, gamma = i["z"], i["y"], i["gamma"]
    e = float(np.exp(abs(z)))
    bce, _ = ls.bce_logits(z, float(y))
    fl, _ = ls.focal(z, float(y), -1.0, gamma)  # alpha < 0: no alpha term
    v = bce / fl
    return Solution(
        v,
        (
            "FL = (1 - p_t)^gamma * BCE, so BCE / FL = 1 / (1 - p_t)^gamma",
            f"the example is easy (z has the label's sign): 1 - p_t = 1/(1 + e^|z|), "
            f"e^|z| = e^{written(abs(z))} = {_f(e)}",
            f"BCE / FL = (1 + e^|z|)^gamma = {_f(1 + e)}^{written(gamma)} = {_f(v)}",
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


GELU_PHI_DECIMALS = 4  # |x| <= 2, so x * Phi is within 1e-4 of gelu(x): both pass at 3 decimals


def _gelu_inputs(rng: np.random.Generator) -> Inputs:
    x = _pick(rng, (-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2))
    phi = round(0.5 * math.erfc(-x / math.sqrt(2.0)), GELU_PHI_DECIMALS)
    return {"x": x, "phi": _plain(phi)}


@template(
    "gelu-value",
    "activation value",
    "medium",
    "activation",
    "gelu(x) = x * Phi(x), Phi the standard normal CDF. Given Phi({x}) = {phi} "
    f"({GELU_PHI_DECIMALS} decimals), gelu({{x}}) = ?",
    _gelu_inputs,
)
def _gelu_value(i: Inputs) -> Solution:
    x, phi = i["x"], i["phi"]
    exact = float(act.gelu(x)[0])
    v = x * phi
    return Solution(
        v,
        (
            f"Phi to full precision gives gelu = {_f(exact)}; with the prompt's "
            f"{GELU_PHI_DECIMALS}-decimal Phi:",
            f"gelu(x) = x * Phi(x) = {written(x)} * {written(phi)} = {_f(v)}",
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
    hint = did_you_mean(value, valid)
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


class Exercise(Struct, frozen=True):
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
