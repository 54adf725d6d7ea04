"""Numbers checked by value (issue 18, judging round 23): a sentence that gives an activation's
slope at 0, largest slope, value at 0 or minimum as a number other than its own contradicts
the fact (claims.VALUES), in any question."""

from __future__ import annotations

import json

import mpmath as mp  # type: ignore[import-untyped]  # no stubs, no py.typed
import pytest
from typer.testing import CliRunner

from actloss_quiz import claims, scoring
from actloss_quiz.bank import load_bank
from actloss_quiz.cli import app
from tests.test_scoring_facts import correct_texts, found_by

BANK = load_bank()

_FUNCTIONS = {
    "sigmoid": lambda x: 1 / (1 + mp.exp(-x)),
    "tanh": mp.tanh,
    "gelu": lambda x: x * mp.ncdf(x),
    "silu": lambda x: x / (1 + mp.exp(-x)),
    "softplus": lambda x: mp.log(1 + mp.exp(x)),
    "relu": lambda x: mp.mpf(max(x, 0)),
    "leaky relu": lambda x: x if x > 0 else mp.mpf("0.01") * x,
    "elu": lambda x: x if x > 0 else mp.exp(x) - 1,
}


def _exact(key: str, quantity: str) -> mp.mpf:
    f = _FUNCTIONS[key]
    if quantity == "value at 0":
        return f(mp.mpf(0))
    if quantity == "slope at 0":
        return mp.diff(f, 0)
    if quantity == "largest slope":
        where = mp.findroot(lambda x: mp.diff(f, x, 2), 1.0 if key in ("gelu", "silu") else 0.0)
        return mp.diff(f, where)
    where = mp.findroot(lambda x: mp.diff(f, x), -1.0)  # the minimum
    return f(where)


@pytest.mark.parametrize(
    ("key", "quantity"),
    [(key, quantity) for key, values in claims.VALUES.items() for quantity in values],
)
def test_every_value_in_the_table_is_what_mpmath_computes(key: str, quantity: str) -> None:
    shown = claims.VALUES[key][quantity]
    decimals = len(shown.partition(".")[2])
    assert round(float(_exact(key, quantity)), decimals) == float(shown), (key, quantity)


def values(question: str, answer: str) -> list[str]:
    return found_by(scoring._value_contradictions, question, answer)


TANH_LARGEST = "Tanh's largest slope is 1."
SIGMOID_LARGEST = "Sigmoid's largest slope is 0.25."
SILU_AT_0 = "SiLU's slope at 0 is 0.5."
GELU_AT_0 = "GELU's slope at 0 is 0.5."
GELU_MINIMUM = "GELU's minimum is about −0.17."
SILU_MINIMUM = "SiLU's minimum is about −0.278."
SIGMOID_VALUE = "Sigmoid(0) = 0.5."


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        (
            "tanh-vs-sigmoid",
            "The slope of tanh tops out at a quarter, like the sigmoid's.",
            TANH_LARGEST,
        ),
        (
            "saturation-vanishing-gradients",
            "Tanh's derivative also peaks at 0.25, at x = 0.",
            TANH_LARGEST,
        ),
        (
            "tanh-vs-sigmoid",
            "Its derivative peaks at one half.",
            TANH_LARGEST,
        ),
        ("sigmoid-formula-use", "Its derivative peaks at 0.5, at x = 0.", SIGMOID_LARGEST),
        ("tanh-vs-sigmoid", "Sigmoid's derivative is at most 1/2.", SIGMOID_LARGEST),
        ("swish-silu", "At the origin its slope is exactly one, like the identity.", SILU_AT_0),
        (
            "relu-definition",
            "GELU's slope at zero is 1, like ReLU's for positive inputs.",
            GELU_AT_0,
        ),
        ("gelu-transformers", "Its lowest value is around minus one half.", GELU_MINIMUM),
        ("gelu-transformers", "GELU bottoms out at about −0.28 near x = −1.28.", GELU_MINIMUM),
        ("swish-silu", "Its minimum is about −1.28, at x ≈ −0.28.", SILU_MINIMUM),
        ("tanh-vs-sigmoid", "sigmoid(0) = 0, so it is not zero-centred.", SIGMOID_VALUE),
    ],
)
def test_a_wrong_number_for_an_activation_contradicts_its_value(
    question: str, answer: str, fact: str
) -> None:
    assert values(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("tanh-vs-sigmoid", "σ'(0) = 0.25 and tanh'(0) = 1."),
        ("tanh-vs-sigmoid", "The derivative of sigmoid at 0 is σ(0)(1−σ(0)) = 0.25."),
        ("tanh-vs-sigmoid", "Sigmoid's derivative is at most 1/4, tanh's is at most 1."),
        ("tanh-vs-sigmoid", "tanh(0) = 0 while sigmoid(0) = 0.5."),
        ("tanh-vs-sigmoid", "Tanh is zero-centred in (−1, 1)."),
        (
            "tanh-vs-sigmoid",
            "Unlike sigmoid, tanh is zero-centred: its outputs span (−1, 1) and tanh(0) = 0.",
        ),
        (
            "tanh-vs-sigmoid",
            "Sigmoid's output at 0 is 0.5, while its maximum derivative there is 0.25.",
        ),
        ("tanh-vs-sigmoid", "The maximum gradient of tanh is 1 vs 0.25 for sigmoid."),
        (
            "saturation-vanishing-gradients",
            "Tanh saturates too, though its peak slope is 1 instead of 0.25.",
        ),
        (
            "saturation-vanishing-gradients",
            "They saturate for large |x|; the derivative is largest at 0.",
        ),
        ("swish-silu", "Its slope at 0 is 0.5 and its minimum is about −0.28."),
        ("swish-silu", "silu'(0) = 0.5, not 1."),
        (
            "swish-silu",
            "The identity's derivative at 0 is 1, while SiLU's derivative at 0 is σ(0) = 0.5.",
        ),
        ("swish-silu", "softplus(0) = ln 2 ≈ 0.69"),
        ("swish-silu", "The identity's derivative at 0 is 1."),
        ("tanh-vs-sigmoid", "Tanh and sigmoid slopes peak at 1 and 0.25."),  # two things
        ("swish-silu", "Near the origin, the loss gradient is about 1."),
        ("sigmoid-formula-use", "The derivative of layer 2 peaks at 0.25."),
        ("gelu-transformers", "Its minimum is about -0.17, near x = -0.75."),
        ("gelu-transformers", "GELU does not bottom out at -0.5."),
        ("relu-derivative-zero", "At 0 the slope is 0.5 by convention, any value in [0, 1] works."),
        (
            "relu-derivative-zero",
            "∂⁻ReLU(0) = 0, ∂⁺ReLU(0) = 1, so there is no classical derivative.",
        ),
        ("regression-output-activation", "a sigmoid for (0,1) or a + (b − a)·σ(x) for (a,b)."),
        ("leaky-relu-prelu", "PReLU's slope is initialised at 0.25 by default."),
    ],
)
def test_a_true_or_guarded_number_contradicts_nothing(question: str, answer: str) -> None:
    assert values(question, answer) == []


def test_every_model_answer_and_correct_example_states_no_wrong_value() -> None:
    for question, text in correct_texts():
        assert values(question, text) == [], (question, text)


def test_grade_shows_a_wrong_value_and_caps_the_suggestion(runner: CliRunner) -> None:
    answer = (
        "x·σ(x): smooth, non-monotonic, unbounded above and bounded below; used in EfficientNet "
        "and as SwiGLU in LLaMA. At the origin its slope is exactly one."
    )
    data = json.loads(runner.invoke(app, ["grade", "swish-silu", answer, "--json"]).stdout)
    assert {"point": SILU_AT_0, "said": "At the origin its slope is exactly one"} in data[
        "contradictions"
    ]
    assert data["suggested"] in ("hard", "again")
    # (the reason drops the fact's full stop: the reasons are shown joined by "; ")
    assert f"contradicts: {SILU_AT_0.rstrip('.')}" in data["reasons"]
    shown = runner.invoke(app, ["grade", "swish-silu", answer]).stdout
    assert f"✗ contradicts: {SILU_AT_0}" in shown


def test_every_default_in_the_table_is_the_engines_pytorch_default() -> None:
    """The engine mirrors PyTorch's signatures (`nn.HuberLoss(delta=1.0)`, ...)."""
    import inspect

    from actloss_quiz.engine import activations, losses

    engine = {
        "huber": (losses.huber, "delta"),
        "smooth l1": (losses.smooth_l1, "beta"),
        "leaky relu": (activations.leaky_relu, "alpha"),
        "prelu": (activations.prelu, "alpha"),
        "elu": (activations.elu, "alpha"),
    }
    assert {names[0] for names, *_ in claims.DEFAULTS} == set(engine)
    for names, _, value, _, fact in claims.DEFAULTS:
        function, parameter = engine[names[0]]
        default = inspect.signature(function).parameters[parameter].default
        assert default == float(value), names
        assert value in fact


def defaults(question: str, answer: str) -> list[str]:
    return found_by(scoring._default_contradictions, question, answer)


HUBER_DELTA = "nn.HuberLoss's default delta is 1.0."
PRELU_INIT = "PReLU's slope starts at 0.25 (PyTorch, and the PReLU paper)."
LEAKY_SLOPE = "PyTorch's nn.LeakyReLU has a default negative slope of 0.01."


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        (
            "huber-vs-mse",
            "I'm fairly sure nn.HuberLoss ships with delta = 0.1 by default.",
            HUBER_DELTA,
        ),
        ("huber-vs-mse", "By default delta is 2 in PyTorch.", HUBER_DELTA),
        (
            "leaky-relu-prelu",
            "PReLU's trainable slope starts out at 0.01, like Leaky ReLU's.",
            PRELU_INIT,
        ),
        ("leaky-relu-prelu", "In PyTorch, Leaky ReLU defaults to a slope of 0.2.", LEAKY_SLOPE),
    ],
)
def test_a_wrong_default_contradicts_the_fact(question: str, answer: str, fact: str) -> None:
    assert defaults(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("leaky-relu-prelu", "Leaky ReLU uses α = 0.3 by default in Keras."),  # not PyTorch's
        ("leaky-relu-prelu", "Leaky ReLU uses α = 0.01 by default."),
        ("leaky-relu-prelu", "In PyTorch, ELU defaults to alpha=1.0."),
        ("huber-vs-mse", "SmoothL1Loss has beta=1 by default."),
        ("leaky-relu-prelu", "PReLU initialises a to 0.25."),
        ("huber-vs-mse", "Huber loss with δ = 1 (the PyTorch default)."),
        ("huber-vs-mse", "sklearn's Huber threshold defaults to 1.35."),  # epsilon, not delta
        ("huber-vs-mse", "Instead of the default delta of 1.0, I'd use delta = 0.1 here."),
        ("huber-vs-mse", "I'd set delta to 0.1 for this data."),  # no default said
    ],
)
def test_a_true_or_guarded_default_contradicts_nothing(question: str, answer: str) -> None:
    assert defaults(question, answer) == []


@pytest.mark.parametrize("key", sorted(claims.RANGES))
def test_every_range_in_the_table_is_what_mpmath_computes(key: str) -> None:
    """The lowest and highest outputs: the minimum where one is reached, else the limit."""
    low, high, shown = claims.RANGES[key]
    f = _FUNCTIONS[key]
    far = mp.mpf(60)
    assert (float(f(far)) > 30) == (high == float("inf")), key  # (grows like x)
    if high != float("inf"):
        assert abs(float(f(far)) - high) < 1e-12, key
    if low == float("-inf"):
        assert float(f(-far)) < -0.5, key
    elif key in ("gelu", "silu"):
        assert round(float(_exact(key, "minimum")), len(str(low).partition(".")[2])) == low
    else:
        assert abs(float(f(-far)) - low) < 1e-12, key
    assert shown.startswith(("(", "[")), key


def ranges(question: str, answer: str) -> list[str]:
    return found_by(scoring._range_contradictions, question, answer)


@pytest.mark.parametrize(
    ("answer", "fact"),
    [
        ("Tanh outputs lie in (0, 1).", "Tanh's outputs lie in (−1, 1)."),
        ("tanh squashes values between 0 and 1", "Tanh's outputs lie in (−1, 1)."),
        ("Tanh outputs live between zero and one.", "Tanh's outputs lie in (−1, 1)."),
        ("GELU outputs lie in [0, ∞).", "GELU's outputs lie in [−0.17, ∞)."),
        ("ReLU is bounded between 0 and 1.", "ReLU's outputs lie in [0, ∞)."),
    ],
)
def test_a_range_that_leaves_outputs_out_contradicts_the_fact(answer: str, fact: str) -> None:
    assert ranges("tanh-vs-sigmoid", answer) == [fact]


@pytest.mark.parametrize(
    "answer",
    [
        "sigmoid maps to the range (−1, 1)",  # wider: literally true
        "Tanh has range (-1,1) and sigmoid (0,1).",
        "tanh outputs values from -1 to 1",
        "GELU outputs lie in [-0.17, ∞).",
        "ReLU outputs are in [0, ∞).",
        "For inputs between -1 and 1, tanh is nearly linear.",
        "Its derivative lies in (0, 0.25].",
        "Tanh is not bounded between 0 and 1.",
        "Any value in [0, 1] is a valid subgradient of ReLU at 0.",
        "The gate σ(x) inside SiLU is in (0, 1), the output is not.",
        "Unlike tanh, sigmoid outputs lie in (0, 1).",
    ],
)
def test_a_true_or_guarded_range_contradicts_nothing(answer: str) -> None:
    assert ranges("tanh-vs-sigmoid", answer) == []
