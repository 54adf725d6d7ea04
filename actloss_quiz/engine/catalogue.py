"""The demo catalogue: name -> parameters, defaults, formula, function and interpretation.

`run_demo(name, raw)` is the one entry point the CLI, the question demos and the drills use:
it parses raw option strings (None = the default), validates them (a `DemoInputError` naming
the parameter), computes value and analytic gradient, and checks the gradient numerically.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actloss_quiz.engine import activations as act
from actloss_quiz.engine import losses as ls
from actloss_quiz.engine.gradcheck import GradCheck, check_gradient
from actloss_quiz.engine.parsing import format_array, option_name, parse_array, parse_scalar
from actloss_quiz.errors import DemoInputError
from actloss_quiz.numbers import g6
from actloss_quiz.vocab import closest, program

Inputs = dict[str, Any]
DIST_TOL = 1e-6


@dataclass(frozen=True)
class Param:
    """One demo parameter: `kind` is 'array' (a value string) or 'scalar' (one number)."""

    name: str
    default: str | None
    kind: str = "array"
    help: str = ""

    @property
    def option(self) -> str:
        return option_name(self.name)


@dataclass(frozen=True)
class Kink:
    """Where a demo is not differentiable, for the checker and the explanation."""

    distance: Callable[[Inputs], np.ndarray]
    what: str  # "ReLU"
    where: str  # "x = 0"
    # Where the gradient there is a library convention rather than a derivative, what to say:
    # (point label, analytic, numeric) -> note. None: the usual "not differentiable" note.
    convention: Callable[[str, float, float], str] | None = None


@dataclass(frozen=True)
class LearnedParam:
    """A scalar parameter whose gradient the demo also reports and checks (PReLU's alpha)."""

    name: str
    grad: Callable[[Inputs], np.ndarray]  # d value / d param at the inputs
    value: Callable[[Inputs, float], Any]  # the value with the parameter replaced


@dataclass(frozen=True)
class Demo:
    """A catalogue entry; `compute` returns (value, gradient wrt the primary input)."""

    name: str
    kind: str  # 'activation' or 'loss'
    formula: str
    params: tuple[Param, ...]
    primary: str
    summary: str
    compute: Callable[[Inputs], tuple[Any, np.ndarray]]
    validate: Callable[[Inputs], None]
    interpret: Callable[[Inputs, Any, np.ndarray], list[str]]
    elementwise: bool = False
    kink: Kink | None = None
    domain: tuple[float, float] = (-np.inf, np.inf)
    aliases: tuple[str, ...] = ()
    learned: LearnedParam | None = None

    @property
    def jacobian(self) -> bool:
        """The gradient is a full Jacobian (a vector-valued activation such as softmax)."""
        return self.kind == "activation" and not self.elementwise

    def param(self, name: str) -> Param:
        return next(p for p in self.params if p.name == name)


def _says(*lines: str) -> Callable[[Inputs, Any, np.ndarray], list[str]]:
    """An interpretation that is the same for every input: constant notes, as data."""

    def interpret(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
        return list(lines)

    return interpret


@dataclass(frozen=True)
class DemoResult:
    """Everything one demo run produced, as NumPy data (see `to_json_dict`)."""

    demo: Demo
    params: dict[str, Any]
    value: Any
    grad: np.ndarray
    check: GradCheck
    grad_alpha: np.ndarray | None = None
    check_alpha: GradCheck | None = None
    notes: list[str] = field(default_factory=list)
    kink_notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.demo.name

    @property
    def numeric_grad(self) -> np.ndarray:
        return self.check.numeric

    @property
    def kinks(self) -> tuple[tuple[int, ...], ...]:
        return self.check.kinks

    @property
    def max_abs_error(self) -> float:
        """Between `grad` and `numeric_grad` (the primary input); prelu's alpha check counts in `ok`."""
        return self.check.max_abs_error

    @property
    def ok(self) -> bool:
        return self.check.ok and (self.check_alpha is None or self.check_alpha.ok)

    def to_json_dict(self) -> dict[str, Any]:
        """The `quiz demo --json` object: full-precision floats, lists for arrays."""
        out: dict[str, Any] = {
            "demo": self.name,
            "params": {k: _plain(v) for k, v in self.params.items()},
            "value": _plain(self.value),
            "grad": _plain(self.grad),
            # null where an input was not probed (see gradcheck.MAX_PROBES)
            "numeric_grad": _finite_or_none(_plain(self.numeric_grad)),
            "max_abs_error": float(self.max_abs_error),
            "kinks": [_plain_index(i) for i in self.kinks],
        }
        if self.grad_alpha is not None:
            out["grad_alpha"] = _plain(self.grad_alpha)
        return out


def _plain(v: Any) -> Any:
    if v is None:
        return None
    if isinstance(v, np.ndarray):
        if np.issubdtype(v.dtype, np.integer):
            return v.tolist() if v.ndim else int(v)
        return v.astype(np.float64).tolist() if v.ndim else float(v)
    if isinstance(v, np.generic):
        return v.item()
    return float(v) if isinstance(v, int | float) else v


def _finite_or_none(v: Any) -> Any:
    if isinstance(v, list):
        return [_finite_or_none(x) for x in v]
    return v if not isinstance(v, float) or np.isfinite(v) else None


def _plain_index(idx: tuple[int, ...]) -> int | list[int]:
    if len(idx) == 0:
        return 0
    if len(idx) == 1:
        return idx[0]
    return list(idx)


# --------------------------------------------------------------------------- validation


def _err(param: str, message: str) -> DemoInputError:
    return DemoInputError(f"{option_name(param)}: {message}")


def _shape(a: np.ndarray) -> str:
    if a.ndim == 0:
        return "one number"
    if a.ndim == 1:
        return f"{a.shape[0]} value{'s' if a.shape[0] != 1 else ''}"
    return f"a {a.shape[0]}x{a.shape[1]} matrix"


def _same_shape(inp: Inputs, name: str, ref: str) -> None:
    if np.shape(inp[name]) != np.shape(inp[ref]):
        raise _err(
            name,
            f"has {_shape(inp[name])} but {option_name(ref)} has {_shape(inp[ref])} "
            "(they must match element for element)",
        )


def _labels(inp: Inputs, name: str, allowed: tuple[float, float]) -> None:
    bad = [v for v in np.ravel(inp[name]) if v not in allowed]
    if bad:
        raise _err(
            name,
            f"labels must be {allowed[0]:g} or {allowed[1]:g}, got {g6(bad[0])}",
        )


def _probabilities(inp: Inputs, name: str) -> None:
    a = inp[name]
    bad = a[(a < 0) | (a > 1)] if a.ndim else (a if (a < 0 or a > 1) else np.array([]))
    if np.size(bad):
        raise _err(name, f"probability {g6(float(np.ravel(bad)[0]))} is outside [0, 1]")


def _distribution(inp: Inputs, name: str) -> None:
    _probabilities(inp, name)
    sums = np.sum(inp[name], axis=-1)
    off = np.abs(sums - 1.0) > DIST_TOL
    if np.any(off):
        first = float(np.ravel(sums)[np.argmax(np.ravel(off))])
        where = " (a row)" if np.ndim(sums) else ""
        raise _err(name, f"sums to {first:.10g}{where}; a distribution must sum to 1 within 1e-6")


def _positive(inp: Inputs, name: str) -> None:
    if not inp[name] > 0:
        raise _err(name, f"must be positive, got {g6(inp[name])}")


def _nonnegative(inp: Inputs, name: str) -> None:
    if np.any(np.asarray(inp[name]) < 0):
        raise _err(name, f"must not be negative, got {g6(float(np.min(inp[name])))}")


def _vector_or_matrix(inp: Inputs, name: str, example: str) -> None:
    if np.ndim(inp[name]) == 0:
        raise _err(name, f"expected a comma list or a matrix (e.g. {example}), got one number")


def _class_targets(inp: Inputs, logits: str = "logits", target: str = "target") -> None:
    z = inp[logits]
    n = 1 if z.ndim == 1 else z.shape[0]
    k = z.shape[-1]
    t = np.ravel(inp[target])
    if t.size != n:
        rows = "row" if n == 1 else "rows"
        raise _err(
            target,
            f"has {t.size} class indices but {option_name(logits)} has {n} {rows} "
            "(one index per row)",
        )
    for v in t:
        if v != np.floor(v):
            raise _err(target, f"{g6(v)} is not a class index (a whole number)")
        if not 0 <= v < k:
            raise _err(target, f"class index {int(v)} is out of range for {k} classes (0..{k - 1})")
    # Class indices are integers (PyTorch's int64 targets): reported as such by --json.
    inp[target] = np.asarray(inp[target]).astype(np.int64)


def _no_checks(inp: Inputs) -> None:
    """For demos whose every finite input is valid."""


def _all(*checks: Callable[[Inputs], None]) -> Callable[[Inputs], None]:
    def run(inp: Inputs) -> None:
        for check in checks:
            check(inp)

    return run


# --------------------------------------------------------------------------- interpretations


def _max_abs(a: np.ndarray) -> float:
    return float(np.max(np.abs(a))) if np.size(a) else 0.0


def _say_relu(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    if np.any(inp["x"] < 0):
        return [
            "x < 0 gives output 0 and gradient 0: a unit whose inputs are all negative stops "
            "learning (a dead ReLU)."
        ]
    return ["For x > 0 ReLU passes the gradient through unchanged (derivative 1): no saturation."]


def _say_leaky(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        f"Negative inputs keep a small gradient alpha = {g6(inp['alpha'])}, so the unit cannot die."
    ]


def _say_prelu(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        f"Like leaky ReLU, but the slope alpha = {g6(inp['alpha'])} is learned: "
        "d/dalpha = x for x <= 0 and 0 for x > 0."
    ]


def _say_elu(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        f"The negative side saturates smoothly at -alpha = {g6(-inp['alpha'])}, which pushes "
        "mean activations toward 0; the gradient there is alpha*e^x."
    ]


def _say_sigmoid(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    x = np.ravel(inp["x"])
    g = np.ravel(grad)
    i = int(np.argmax(np.abs(x)))
    return [
        "sigmoid'(x) is at most 0.25 (at x = 0); "
        f"at x = {g6(x[i])} it is {g6(g[i])}: saturated units pass almost no gradient."
    ]


def _say_tanh(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    x = np.ravel(inp["x"])
    g = np.ravel(grad)
    i = int(np.argmax(np.abs(x)))
    return [
        "tanh is zero-centred and tanh'(0) = 1 (sigmoid's peak is 0.25), but it saturates too: "
        f"tanh'({g6(x[i])}) = {g6(g[i])}."
    ]


def _say_gelu_tanh(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    exact, _ = act.gelu(inp["x"])
    return [
        "The tanh approximation differs from exact GELU by at most "
        f"{g6(_max_abs(value - exact))} on these inputs."
    ]


def _say_softmax(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        "Each Jacobian row sums to 0: adding a constant to every logit changes nothing. "
        f"The outputs sum to {g6(float(np.sum(value)))}."
    ]


def _say_kl(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    p, q = np.atleast_2d(inp["p"]), np.atleast_2d(inp["q"])
    rows = "" if np.ndim(inp["q"]) == 1 else " (first row; each row is divided by N)"
    logits_grad = "[" + ", ".join(g6(v) for v in q[0] - p[0]) + "]"
    return [
        "KL(p||q) >= 0 (natural log: nats), 0 only when q = p. Its gradient wrt q, -p/q, is "
        "negative wherever p > 0: q is not kept normalised, so raising any q lowers it.",
        f"With q = softmax(s), the gradient wrt the logits s is q - p = {logits_grad}{rows}: "
        "positive where q is too large, negative where too small, so it moves q toward p.",
    ]


def _say_huber(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        f"Errors smaller than delta = {g6(inp['delta'])} get MSE-like gradients d/n; larger "
        "ones a constant +-delta/n, so an outlier cannot dominate."
    ]


def _say_bce_logits(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    lines = [
        "On logits the gradient is (sigmoid(z) - y)/n: no log of 0, stable for any z "
        "(prefer this to sigmoid + BCE)."
    ]
    if inp["pos-weight"] is not None:
        lines.append(
            "pos-weight scales the positive term: the gradient is "
            "(sigmoid(z)(1 + (pw-1)y) - pw*y)/n."
        )
    return lines


def _say_ce(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    eps = float(inp["label-smoothing"])
    z = np.atleast_2d(inp["logits"])
    n, k = z.shape
    y = np.ravel(inp["target"])
    if inp["weights"] is not None and eps:
        lines = [
            "With class weights w and label smoothing the gradient of row i is "
            "(S_i*softmax(z_i) - c_i)/W, where c_i = (1 - eps)*w[y_i]*onehot(y_i) + (eps/K)*w, "
            "S_i = sum_k c_ik and W = sum_j w[y_j] (the targets' weights)."
        ]
    elif inp["weights"] is not None:
        lines = [
            "With class weights w the gradient of row i is w[y_i]*(softmax(z_i) - onehot(y_i))/W, "
            "W = sum_j w[y_j]: the mean divides by the targets' weights, not by N."
        ]
    elif eps:
        lines = [
            "The gradient wrt the logits is (softmax(z) - target)/N per row, with target = "
            "(1 - eps)*onehot(y) + eps/K: p minus the smoothed target, not p - onehot(y)."
        ]
    else:
        lines = ["The gradient wrt the logits is (softmax(z) - onehot(y))/N per row: p - y."]
    if eps:
        t_true, t_other = 1 - eps + eps / k, eps / k
        lines.append(
            f"Label smoothing {g6(eps)} replaces the one-hot target by {g6(t_true)} "
            f"on the true class and {g6(t_other)} elsewhere: the optimum is no longer p = 1."
        )
        if inp["weights"] is None:
            y0 = int(y[0])
            p0 = float(act.softmax(z[0])[0][y0])
            g0 = float(np.reshape(grad, (n, k))[0, y0])
            lines.append(
                f"First row, true class {y0}: ({g6(p0)} - {g6(t_true)})/{n} = {g6(g0)}, "
                "its gradient in the table."
            )
    return lines


def _say_hinge(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    slack = inp["margin"] - inp["target"] * inp["scores"]
    inside = int(np.sum(slack > 0))
    return [
        f"{inside} of {np.size(slack)} examples are inside the margin (y*s < "
        f"{g6(inp['margin'])}) and get gradient -y/n; the rest get 0."
    ]


def _say_focal(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        f"(1 - p_t)^gamma with gamma = {g6(inp['gamma'])} shrinks the loss of easy examples "
        "(p_t near 1), so training focuses on the hard ones."
    ]


def _say_distill(inp: Inputs, value: Any, grad: np.ndarray) -> list[str]:
    return [
        f"The gradient wrt the student logits is T*(q - p)/N with T = {g6(inp['temperature'])}: "
        "the T^2 factor keeps gradient sizes comparable across temperatures."
    ]


# --------------------------------------------------------------------------- kinks


def _dist_zero(name: str) -> Callable[[Inputs], np.ndarray]:
    return lambda inp: np.abs(inp[name])


def _dist_slope(name: str) -> Callable[[Inputs], np.ndarray]:
    """Distance to x = 0, where the slope changes from alpha to 1 (none when alpha = 1)."""

    def dist(inp: Inputs) -> np.ndarray:
        if inp["alpha"] == 1.0:
            return np.full(np.shape(inp[name]), np.inf)
        return np.asarray(np.abs(inp[name]))

    return dist


def _dist_mae(inp: Inputs) -> np.ndarray:
    return np.asarray(np.abs(inp["pred"] - inp["target"]))


def _dist_hinge(inp: Inputs) -> np.ndarray:
    return np.asarray(np.abs(inp["margin"] - inp["target"] * inp["scores"]))


def _dist_bce(inp: Inputs) -> np.ndarray:
    p = inp["p"]
    return np.where(p * (1.0 - p) < ls.BCE_GRAD_EPS, 0.0, np.inf)


def _dist_accuracy(inp: Inputs) -> np.ndarray:
    z = inp["logits"]
    rows = z.reshape(1, -1) if z.ndim == 1 else z
    k = rows.shape[1]
    if k < 2:
        return np.full(z.shape, np.inf)
    out = np.empty_like(rows)
    for j in range(k):
        others = np.delete(rows, j, axis=1).max(axis=1)
        out[:, j] = np.abs(rows[:, j] - others)
    return np.asarray(out.reshape(z.shape))


# --------------------------------------------------------------------------- catalogue

_X_DEFAULT = "-2,-0.5,0,0.5,2"


def _activation(
    name: str,
    fn: Callable[..., tuple[np.ndarray, ...]],  # (value, d/dx); prelu appends d/dalpha
    formula: str,
    summary: str,
    say: Callable[[Inputs, Any, np.ndarray], list[str]],
    *,
    x_default: str = "-3,-1,0,1,3",
    alpha: float | None = None,
    kink: Kink | None = None,
    aliases: tuple[str, ...] = (),
    learned: LearnedParam | None = None,
) -> Demo:
    params = [Param("x", x_default, help="inputs")]
    if alpha is not None:
        params.append(Param("alpha", repr(alpha), "scalar", "negative-side slope or scale"))

        def compute(inp: Inputs) -> tuple[Any, np.ndarray]:
            v, g = fn(inp["x"], inp["alpha"])[:2]
            return v, g
    else:

        def compute(inp: Inputs) -> tuple[Any, np.ndarray]:
            v, g = fn(inp["x"])
            return v, g

    return Demo(
        name=name,
        kind="activation",
        formula=formula,
        params=tuple(params),
        primary="x",
        summary=summary,
        compute=compute,
        validate=_no_checks,
        interpret=say,
        elementwise=True,
        kink=kink,
        aliases=aliases,
        learned=learned,
    )


def _bind(fn: Callable[..., tuple[float, np.ndarray]], *names: str) -> Callable[[Inputs], Any]:
    return lambda inp: fn(*(inp[n] for n in names))


_ELEMENTWISE_PAIR = ("pred", "target")

_CATALOGUE: list[Demo] = [
    _activation(
        "relu",
        act.relu,
        "relu(x) = max(0, x);  relu'(x) = 1 if x > 0 else 0",
        "Rectified linear unit",
        _say_relu,
        x_default=_X_DEFAULT,
        kink=Kink(_dist_zero("x"), "ReLU", "0"),
    ),
    _activation(
        "leaky-relu",
        act.leaky_relu,
        "leaky_relu(x) = x if x > 0 else alpha*x",
        "ReLU with a small negative slope",
        _say_leaky,
        x_default=_X_DEFAULT,
        alpha=0.01,
        kink=Kink(_dist_slope("x"), "Leaky ReLU", "0"),
    ),
    _activation(
        "prelu",
        act.prelu,
        "prelu(x) = x if x > 0 else alpha*x  (alpha learned; d/dalpha = min(x, 0))",
        "Parametric ReLU (also reports the gradient wrt alpha)",
        _say_prelu,
        x_default=_X_DEFAULT,
        alpha=0.25,
        kink=Kink(_dist_slope("x"), "PReLU", "0"),
        learned=LearnedParam(
            "alpha",
            grad=lambda inp: act.prelu(inp["x"], inp["alpha"])[2],
            value=lambda inp, a: act.prelu(inp["x"], a)[0],
        ),
    ),
    _activation(
        "elu",
        act.elu,
        "elu(x) = x if x > 0 else alpha*(e^x - 1)",
        "Exponential linear unit",
        _say_elu,
        alpha=1.0,
        kink=Kink(_dist_slope("x"), "ELU (alpha != 1)", "0"),
    ),
    _activation(
        "sigmoid",
        act.sigmoid,
        "sigmoid(x) = 1/(1 + e^-x);  sigmoid' = sigmoid(x)(1 - sigmoid(x)) <= 0.25",
        "Logistic sigmoid",
        _say_sigmoid,
        x_default="-6,-2,0,2,6",
    ),
    _activation(
        "tanh",
        act.tanh,
        "tanh(x) = (e^x - e^-x)/(e^x + e^-x);  tanh' = 1 - tanh^2",
        "Hyperbolic tangent",
        _say_tanh,
    ),
    _activation(
        "softplus",
        act.softplus,
        "softplus(x) = log(1 + e^x);  softplus' = sigmoid(x)",
        "Smooth ReLU (exact, no threshold shortcut)",
        _says("A smooth ReLU: its derivative is sigmoid(x), never exactly 0, so no unit dies."),
        x_default="-5,-1,0,1,5",
    ),
    _activation(
        "gelu",
        act.gelu,
        "gelu(x) = x*Phi(x) = 0.5x(1 + erf(x/sqrt(2)))",
        "Gaussian error linear unit (exact, erf)",
        _says(
            "GELU weights x by Phi(x), the chance a standard normal is below x: small negative "
            "inputs leak through (minimum about -0.17 at x = -0.75), large ones are cut to 0."
        ),
        x_default="-3,-1,-0.5,0,0.5,1,3",
    ),
    _activation(
        "gelu-tanh",
        act.gelu_tanh,
        "gelu_tanh(x) = 0.5x(1 + tanh(sqrt(2/pi)(x + 0.044715x^3)))",
        "GELU's tanh approximation",
        _say_gelu_tanh,
        x_default="-3,-1,-0.5,0,0.5,1,3",
    ),
    _activation(
        "silu",
        act.silu,
        "silu(x) = x*sigmoid(x);  silu' = sigmoid(x)(1 + x(1 - sigmoid(x)))",
        "Sigmoid linear unit (swish)",
        _says(
            "SiLU/swish = x*sigmoid(x): smooth, non-monotonic (minimum about -0.278 at x = -1.28), "
            "unbounded above."
        ),
        x_default="-5,-1,0,1,5",
        aliases=("swish",),
    ),
    Demo(
        name="softmax",
        kind="activation",
        formula="softmax(z)_i = e^(z_i - max z) / sum_j e^(z_j - max z);  J = diag(p) - p p^T",
        params=(Param("z", "2,1,0.1", help="one vector of logits"),),
        primary="z",
        summary="Softmax of one vector; the gradient is its Jacobian",
        compute=lambda inp: act.softmax(inp["z"]),
        validate=lambda inp: _check_softmax(inp),
        interpret=_say_softmax,
    ),
    Demo(
        name="mse",
        kind="loss",
        formula="mse = mean((pred - target)^2);  d/dpred = 2(pred - target)/n",
        params=(Param("pred", "2.5,0,2,8"), Param("target", "3,-0.5,2,7")),
        primary="pred",
        summary="Mean squared error",
        compute=_bind(ls.mse, "pred", "target"),
        validate=lambda inp: _same_shape(inp, "target", "pred"),
        interpret=_says(
            "The gradient 2(pred - target)/n grows with the error, so large errors (outliers) "
            "dominate the update."
        ),
    ),
    Demo(
        name="mae",
        kind="loss",
        formula="mae = mean|pred - target|;  d/dpred = sign(pred - target)/n",
        params=(Param("pred", "2.5,0,2,8"), Param("target", "3,-0.5,2,7")),
        primary="pred",
        summary="Mean absolute error (L1)",
        compute=_bind(ls.mae, "pred", "target"),
        validate=lambda inp: _same_shape(inp, "target", "pred"),
        interpret=_says(
            "Every nonzero error gets the same gradient size 1/n: robust to outliers, "
            "not differentiable at pred = target."
        ),
        kink=Kink(_dist_mae, "|pred - target|", "pred = target"),
    ),
    Demo(
        name="huber",
        kind="loss",
        formula="huber = mean(0.5 d^2 if |d| < delta else delta(|d| - delta/2)),  d = pred - target",
        params=(
            Param("pred", "0.5,-0.2,3"),
            Param("target", "0,0,0"),
            Param("delta", "1.0", "scalar", "switch from quadratic to linear"),
        ),
        primary="pred",
        summary="Huber loss (smooth L1 scaled by delta)",
        compute=_bind(ls.huber, "pred", "target", "delta"),
        validate=_all(
            lambda inp: _same_shape(inp, "target", "pred"),
            lambda inp: _positive(inp, "delta"),
        ),
        interpret=_say_huber,
    ),
    Demo(
        name="bce",
        kind="loss",
        formula="bce = -mean(y log p + (1 - y) log(1 - p)),  logs clamped at -100",
        params=(Param("p", "0.9,0.2,0.6", help="probabilities"), Param("target", "1,0,0")),
        primary="p",
        summary="Binary cross-entropy on probabilities",
        compute=_bind(ls.bce, "p", "target"),
        validate=_all(
            lambda inp: _probabilities(inp, "p"),
            lambda inp: _same_shape(inp, "target", "p"),
            lambda inp: _labels(inp, "target", (0.0, 1.0)),
        ),
        interpret=_says(
            "For a positive the gradient is -1/(p*n): it explodes as p -> 0, so confident mistakes "
            "are punished hard (PyTorch clamps each log at -100)."
        ),
        kink=Kink(
            _dist_bce,
            "BCE's clamped log",
            "p(1 - p) < 1e-12",
            convention=lambda label, a, n: (
                f"At {label} PyTorch clamps log at -100 and divides by max(p(1-p), 1e-12): its "
                f"gradient {g6(a)} is a convention, not the derivative (central difference "
                f"{g6(n)})."
            ),
        ),
        domain=(0.0, 1.0),
    ),
    Demo(
        name="bce-logits",
        kind="loss",
        formula="bce_logits = -mean(pw*y log sigmoid(z) + (1 - y) log(1 - sigmoid(z)))",
        params=(
            Param("logits", "2.2,-1.4,0.4"),
            Param("target", "1,0,0"),
            Param("pos-weight", None, help="weight of the positive term (scalar or per class)"),
        ),
        primary="logits",
        summary="Binary cross-entropy with logits (BCEWithLogitsLoss)",
        compute=_bind(ls.bce_logits, "logits", "target", "pos-weight"),
        validate=_all(
            lambda inp: _same_shape(inp, "target", "logits"),
            lambda inp: _labels(inp, "target", (0.0, 1.0)),
            lambda inp: _check_pos_weight(inp),
        ),
        interpret=_say_bce_logits,
    ),
    Demo(
        name="cross-entropy",
        kind="loss",
        formula=(
            "ce = mean_i -sum_k t_ik log softmax(z_i)_k,  t = (1 - eps) onehot(y) + eps/K;  "
            "d/dz = (softmax(z) - t)/N"
        ),
        params=(
            Param("logits", "2,1,0.1;0.5,2.5,0.3", help="one row per sample"),
            Param("target", "0,1", help="class indices"),
            Param("weights", None, help="one weight per class"),
            Param("label-smoothing", "0.0", "scalar", "eps in [0, 1]"),
        ),
        primary="logits",
        summary="Softmax cross-entropy (CrossEntropyLoss) on class indices",
        compute=_bind(ls.cross_entropy, "logits", "target", "weights", "label-smoothing"),
        validate=lambda inp: _check_ce(inp),
        interpret=_say_ce,
    ),
    Demo(
        name="hinge",
        kind="loss",
        formula="hinge = mean(max(0, margin - y*s)),  y in {-1, 1}",
        params=(
            Param("scores", "2,0.5,-0.3,-1"),
            Param("target", "1,1,-1,1"),
            Param("margin", "1.0", "scalar"),
        ),
        primary="scores",
        summary="Hinge loss (SVM)",
        compute=_bind(ls.hinge, "scores", "target", "margin"),
        validate=_all(
            lambda inp: _same_shape(inp, "target", "scores"),
            lambda inp: _labels(inp, "target", (-1.0, 1.0)),
        ),
        interpret=_say_hinge,
        kink=Kink(_dist_hinge, "The hinge max(0, margin - y*s)", "y*s = margin"),
    ),
    Demo(
        name="focal",
        kind="loss",
        formula="focal = mean(alpha_t (1 - p_t)^gamma * -log p_t),  p_t = p if y = 1 else 1 - p",
        params=(
            Param("logits", "3,-0.5,0.2,-2"),
            Param("target", "1,1,0,0"),
            Param("alpha", "0.25", "scalar", "weight of positives; < 0 disables"),
            Param("gamma", "2.0", "scalar", "focusing exponent >= 0"),
        ),
        primary="logits",
        summary="Sigmoid focal loss (torchvision), mean",
        compute=_bind(ls.focal, "logits", "target", "alpha", "gamma"),
        validate=_all(
            lambda inp: _same_shape(inp, "target", "logits"),
            lambda inp: _labels(inp, "target", (0.0, 1.0)),
            lambda inp: _nonnegative(inp, "gamma"),
            lambda inp: _at_most_one(inp, "alpha"),
        ),
        interpret=_say_focal,
    ),
    Demo(
        name="kl",
        kind="loss",
        formula="kl = sum_k p_k log(p_k / q_k)  (0 log 0 = 0; rows averaged)",
        params=(
            Param("p", "0.5,0.3,0.2", help="target distribution"),
            Param("q", "0.4,0.4,0.2", help="model distribution"),
        ),
        primary="q",
        summary="Kullback-Leibler divergence KL(p || q), gradient wrt q",
        compute=_bind(ls.kl, "p", "q"),
        validate=lambda inp: _check_kl(inp),
        interpret=_say_kl,
        domain=(0.0, np.inf),
    ),
    Demo(
        name="distill",
        kind="loss",
        formula="distill = T^2 KL(softmax(t/T) || softmax(s/T))",
        params=(
            Param("teacher-logits", "3,1,0.2"),
            Param("student-logits", "2,1.5,0.5"),
            Param("temperature", "2.0", "scalar"),
        ),
        primary="student-logits",
        summary="Knowledge-distillation loss, gradient wrt the student logits",
        compute=_bind(ls.distill, "teacher-logits", "student-logits", "temperature"),
        validate=_all(
            lambda inp: _vector_or_matrix(inp, "teacher-logits", "3,1,0.2"),
            lambda inp: _same_shape(inp, "student-logits", "teacher-logits"),
            lambda inp: _positive(inp, "temperature"),
        ),
        interpret=_say_distill,
    ),
    Demo(
        name="l2",
        kind="loss",
        formula="l2 = lam * sum w^2;  d/dw = 2*lam*w",
        params=(Param("w", "0.5,-1.2,2"), Param("lam", "0.01", "scalar")),
        primary="w",
        summary="L2 penalty (weight decay)",
        compute=_bind(ls.l2, "w", "lam"),
        validate=lambda inp: _nonnegative(inp, "lam"),
        interpret=_says(
            "The gradient 2*lam*w shrinks every weight in proportion to its size (weight decay)."
        ),
    ),
    Demo(
        name="accuracy",
        kind="loss",
        formula="accuracy = mean(argmax z_i == y_i);  gradient 0 wherever it exists",
        params=(
            Param("logits", "2,1,0.1;0.5,2.5,0.3;1.2,0.8,3"),
            Param("target", "0,2,2", help="class indices"),
        ),
        primary="logits",
        summary="Classification accuracy (not differentiable: zero gradient)",
        compute=_bind(ls.accuracy, "logits", "target"),
        validate=_all(
            lambda inp: _vector_or_matrix(inp, "logits", "2,1,0.1;0.5,2.5,0.3"),
            lambda inp: _class_targets(inp),
        ),
        interpret=_says(
            "Accuracy is piecewise constant: its gradient is 0 wherever it exists, so it cannot be "
            "trained directly; cross-entropy's gradient p - y can."
        ),
        kink=Kink(_dist_accuracy, "Accuracy", "a tie for the largest logit"),
    ),
]


MAX_JACOBIAN_SIDE = 100  # softmax of n values has an n x n Jacobian, shown row by row


def _check_softmax(inp: Inputs) -> None:
    _vector_or_matrix(inp, "z", "2,1,0.1")
    if np.size(inp["z"]) > MAX_JACOBIAN_SIDE:
        raise _err(
            "z",
            f"softmax takes at most {MAX_JACOBIAN_SIDE:,} values (its Jacobian has n x n "
            f"entries), got {np.size(inp['z']):,}",
        )
    if np.ndim(inp["z"]) > 1:
        raise _err("z", "softmax takes one vector (its Jacobian is shown), not a matrix")


def _check_pos_weight(inp: Inputs) -> None:
    pw = inp["pos-weight"]
    if pw is None:
        return
    z = inp["logits"]
    if pw.ndim > 1 or (pw.ndim == 1 and (z.ndim == 0 or pw.shape[0] != z.shape[-1])):
        k = "one number" if z.ndim == 0 else f"one number or {z.shape[-1]} values (one per class)"
        raise _err("pos-weight", f"has {_shape(pw)}; expected {k}")
    _nonnegative(inp, "pos-weight")


def _check_ce(inp: Inputs) -> None:
    _vector_or_matrix(inp, "logits", "2,1,0.1;0.5,2.5,0.3")
    _class_targets(inp)
    k = inp["logits"].shape[-1]
    w = inp["weights"]
    if w is not None:
        if w.ndim != 1 and not (w.ndim == 0 and k == 1):
            raise _err("weights", f"expected one weight per class ({k} values), got {_shape(w)}")
        if w.size != k:
            raise _err("weights", f"has {w.size} values but there are {k} classes")
        _nonnegative(inp, "weights")
        if not np.sum(w[np.ravel(inp["target"]).astype(int)]) > 0:
            raise _err(
                "weights", "the targets' weights sum to 0, so the weighted mean is undefined"
            )
    eps = inp["label-smoothing"]
    if not 0.0 <= eps <= 1.0:
        raise _err("label-smoothing", f"must be in [0, 1], got {g6(eps)}")


def _check_kl(inp: Inputs) -> None:
    _vector_or_matrix(inp, "p", "0.5,0.3,0.2")
    _same_shape(inp, "q", "p")
    _distribution(inp, "p")
    _distribution(inp, "q")
    if np.any((inp["q"] == 0) & (inp["p"] > 0)):
        raise _err("q", "q is 0 where p > 0, so KL(p||q) is infinite")


def _at_most_one(inp: Inputs, name: str) -> None:
    if inp[name] > 1:
        raise _err(
            name,
            f"must be at most 1 (a weight in [0, 1], or < 0 to disable), got {g6(inp[name])}",
        )


DEMOS: dict[str, Demo] = {demo.name: demo for demo in _CATALOGUE}
ALIASES: dict[str, str] = {alias: d.name for d in _CATALOGUE for alias in d.aliases}


def resolve(name: str) -> Demo:
    """The demo called `name` (or an alias); unknown names suggest close matches."""
    key = name.strip().lower().replace("_", "-")
    key = ALIASES.get(key, key)
    if key in DEMOS:
        return DEMOS[key]
    choices = list(DEMOS) + list(ALIASES)
    close = closest(key, choices, n=3)
    hint = f" Did you mean: {', '.join(close)}?" if close else ""
    raise DemoInputError(
        f"unknown demo {name!r}.{hint} Run '{program()} demo' to list all {len(DEMOS)} demos."
    )


def _param_key(demo: Demo, key: str) -> str:
    norm = key.strip().lstrip("-").replace("_", "-")
    names = [p.name for p in demo.params]
    if norm not in names:
        raise DemoInputError(
            f"{option_name(norm)}: not a parameter of {demo.name} "
            f"(its parameters: {', '.join(option_name(n) for n in names)})"
        )
    return norm


def parse_inputs(demo: Demo, raw: Mapping[str, str | None]) -> Inputs:
    """Parse and validate raw option strings (None = default) into arrays and floats."""
    given: dict[str, str | None] = {}
    for key, text in raw.items():
        given[_param_key(demo, key)] = text
    inp: Inputs = {}
    for p in demo.params:
        text = given.get(p.name)
        if text is None:
            text = p.default
        else:
            text = str(text)
        if text is None:
            inp[p.name] = None
        elif p.kind == "scalar":
            inp[p.name] = parse_scalar(p.name, text)
        else:
            inp[p.name] = parse_array(p.name, text)
    demo.validate(inp)
    return inp


def _finite_or_fail(demo: Demo, value: Any, grad: np.ndarray) -> None:
    if not (np.all(np.isfinite(value)) and np.all(np.isfinite(grad))):
        raise DemoInputError(
            f"{option_name(demo.primary)}: the result overflows float64 for these inputs; "
            "use smaller values"
        )


def _kink_notes(
    demo: Demo, inp: Inputs, grad: np.ndarray, check: GradCheck, dist: np.ndarray | None
) -> list[str]:
    if demo.kink is None or dist is None:
        return []
    notes = []
    x = np.asarray(inp[demo.primary])
    primary = option_name(demo.primary)[2:]
    numeric = check.numeric
    for idx in check.kinks:
        if numeric.shape != x.shape:  # a Jacobian: not used by kinked demos
            continue
        a, n = float(grad[idx]), float(numeric[idx])
        label = (
            f"{primary} = {g6(float(x[idx]))}"
            if x.ndim == 0
            else (f"{primary}[{','.join(str(i) for i in idx)}] = {g6(float(x[idx]))}")
        )
        if demo.kink.convention is not None:
            notes.append(demo.kink.convention(label, a, n))
        elif dist[idx] == 0:
            at = "" if x.size == 1 else f" ({label})"
            notes.append(
                f"{demo.kink.what} is not differentiable at {demo.kink.where}{at}; "
                f"PyTorch uses {g6(a)}, the central difference gives {g6(n)}"
            )
        else:
            notes.append(
                f"{label} is within the finite-difference step of the kink of {demo.kink.what} "
                f"at {demo.kink.where}: PyTorch's derivative is {g6(a)}, the central difference "
                f"straddles the kink and gives {g6(n)}."
            )
    return notes


def run_demo(name: str, raw: Mapping[str, str | None] | None = None) -> DemoResult:
    """Run one catalogue demo on raw option strings.

    Args:
        name: a demo name or alias (`swish`).
        raw: parameter name (`label-smoothing` or `label_smoothing`) -> value string; None or
            a missing key means the default.

    Returns:
        The value, the analytic gradient and its finite-difference check.

    Raises:
        DemoInputError: an unknown demo or parameter, or an invalid value; the message names
            the parameter (`--x: 'abc' is not a number`).
    """
    demo = resolve(name)
    inp = parse_inputs(demo, raw or {})
    with np.errstate(all="ignore"):
        value, grad = demo.compute(inp)
    _finite_or_fail(demo, value, grad)

    def f(x: np.ndarray) -> Any:
        return demo.compute({**inp, demo.primary: x})[0]

    dist = demo.kink.distance(inp) if demo.kink is not None else None
    check = check_gradient(
        f,
        inp[demo.primary],
        grad,
        elementwise=demo.elementwise,
        kink_distance=dist,
        domain=demo.domain,
    )
    grad_alpha = check_alpha = None
    learned = demo.learned
    if learned is not None:
        grad_alpha = learned.grad(inp)
        check_alpha = check_gradient(
            lambda a: learned.value(inp, float(a)),
            np.array(inp[learned.name]),
            grad_alpha,
        )
    notes = demo.interpret(inp, value, grad)
    return DemoResult(
        demo=demo,
        params=dict(inp),
        value=value,
        grad=grad,
        check=check,
        grad_alpha=grad_alpha,
        check_alpha=check_alpha,
        notes=notes,
        kink_notes=_kink_notes(demo, inp, grad, check, dist),
    )


__all__ = [
    "ALIASES",
    "DEMOS",
    "Demo",
    "DemoResult",
    "Param",
    "format_array",
    "resolve",
    "run_demo",
]
