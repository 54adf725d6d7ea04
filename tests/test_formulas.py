"""formulas: formulas found in typed answers, parsed safely and checked by value (issue #18, 3)."""

from __future__ import annotations

import math
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actloss_quiz.formulas import (
    MAX_ANSWER_CHARS,
    FormulaCheck,
    FormulaError,
    Reference,
    check_formula,
    has_math,
    parse_reference,
)

SIGMOID = parse_reference("1/(1+exp(-x))")
TANH = parse_reference("tanh(x)")
RELU = parse_reference("max(0, x)")
LEAKY = parse_reference("max(x, alpha*x); alpha=0.01")
GELU = parse_reference("x*Phi(x)")
SILU = parse_reference("x*sigmoid(x)")
SOFTPLUS = parse_reference("log(1+exp(x))")
SIGMOID_GRAD = parse_reference("sigmoid(x)*(1-sigmoid(x))")
BCE = parse_reference("-(y*log(p)+(1-y)*log(1-p))", variables=("y", "p"))
CE = parse_reference("-y*log(p)", variables=("y", "p"))
MSE = parse_reference("(y-p)^2", variables=("y", "p"))
MAE = parse_reference("abs(y-p)", variables=("y", "p"))

# Every notation from the issue, each against the reference it states.
EQUAL = [
    ("σ(z) = e^z/(1+e^z)", SIGMOID, "e^z/(1+e^z)"),
    ("1/(1+exp(-x))", SIGMOID, "1/(1+exp(-x))"),
    ("1/(1+e^-x)", SIGMOID, "1/(1+e^-x)"),
    ("σ(x) = 1 / (1 + e^(−x))", SIGMOID, "1 / (1 + e^(−x))"),
    ("1/(1+e^{-x})", SIGMOID, "1/(1+e^{-x})"),
    ("1/(1+e⁻ˣ)", SIGMOID, "1/(1+e⁻ˣ)"),
    ("max(x, a·x)", LEAKY, "max(x, a·x)"),
    ("max(0,x)", RELU, "max(0,x)"),
    ("z⁺", RELU, "z⁺"),
    ("(x)_+", RELU, "(x)_+"),
    ("x·Φ(x)", GELU, "x·Φ(x)"),
    ("x*Phi(x)", GELU, "x*Phi(x)"),
    ("½z[1+erf(z/√2)]", GELU, "½z[1+erf(z/√2)]"),
    (
        "0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715x^3)))",
        GELU,
        "0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715x^3)))",
    ),
    ("0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))", GELU, "0.5x(1 + tanh(√(2/π)(x + 0.044715x³)))"),
    ("2σ(2x)−1", TANH, "2σ(2x)−1"),
    ("x if x > 0 else 0", RELU, "x if x > 0 else 0"),
    ("x if x>0 else 0.01x", LEAKY, "x if x>0 else 0.01x"),
    ("x for x>0, αx otherwise", LEAKY, "x for x>0, αx otherwise"),
    ("f(x) = x for x > 0, 0 otherwise", RELU, "x for x > 0, 0 otherwise"),
    ("−Σ y log p", CE, "−Σ y log p"),
    ("-sum y_i log(p_i)", CE, "-sum y_i log(p_i)"),
    ("−Σ y log p", BCE, "−Σ y log p"),  # summed over both classes
    ("-(y log p + (1-y) log(1-p))", BCE, "-(y log p + (1-y) log(1-p))"),
    ("-[y·log p̂ + (1 − y)·log(1 − p̂)]", BCE, "-[y·log p̂ + (1 − y)·log(1 − p̂)]"),
    ("-y*log(ŷ) - (1-y)*log(1-ŷ)", BCE, "-y*log(ŷ) - (1-y)*log(1-ŷ)"),
    (
        "L = −(1/N) Σ_i [y_i log p_i + (1 − y_i) log(1 − p_i)]",
        BCE,
        "−(1/N) Σ_i [y_i log p_i + (1 − y_i) log(1 − p_i)]",
    ),
    ("(y-ŷ)²", MSE, "(y-ŷ)²"),
    ("(y - y_hat)**2", MSE, "(y - y_hat)**2"),
    ("MSE = (1/n) Σ (y_i − ŷ_i)^2", MSE, "(1/n) Σ (y_i − ŷ_i)^2"),
    ("|y - yhat|", MAE, "|y - yhat|"),
    ("x·σ(x)", SILU, "x·σ(x)"),
    ("x*sigmoid(x)", SILU, "x*sigmoid(x)"),
    ("log(1+e^x)", SOFTPLUS, "log(1+e^x)"),
    ("ln(1+exp(x))", SOFTPLUS, "ln(1+exp(x))"),
    ("tanh(x) = (e^x - e^-x)/(e^x + e^-x)", TANH, "(e^x - e^-x)/(e^x + e^-x)"),
    ("σ'(x)=σ(x)(1−σ(x))", SIGMOID_GRAD, "σ(x)(1−σ(x))"),
    ("e^-x/(1+e^-x)^2", SIGMOID_GRAD, "e^-x/(1+e^-x)^2"),
    # judging round 18: operators said in words ("Φ(x)" alone was checked, and differed)
    ("GELU is x times Φ(x)", GELU, "x times Φ(x)"),
    ("x times sigmoid(x): smooth, non-monotonic", SILU, "x times sigmoid(x)"),
    ("tanh(x) = 2 times sigmoid(2x) minus 1", TANH, "2 times sigmoid(2x) minus 1"),
    ("log(1 plus e^x)", SOFTPLUS, "log(1 plus e^x)"),
]


@pytest.mark.parametrize(("answer", "reference", "found"), EQUAL)
def test_each_notation_is_equal_to_its_reference(
    answer: str, reference: Reference, found: str
) -> None:
    assert has_math(answer)
    assert check_formula(answer, reference) == FormulaCheck("equal", found, None, None, None)


# Wrong formulas, with where they first differ (nice sample points come first).
DIFFERS = [
    ("1/(1+e^x)", SIGMOID, 1.0, 1 / (1 + math.e), 1 / (1 + math.exp(-1))),
    ("σ(x) = 1/(1+exp(x))", SIGMOID, 1.0, 1 / (1 + math.e), 1 / (1 + math.exp(-1))),
    ("2σ(x)-1", TANH, 1.0, 2 / (1 + math.exp(-1)) - 1, math.tanh(1)),
    ("max(0.1x, 0)", RELU, 1.0, 0.1, 1.0),
    ("x if x > 0 else 0.2x", LEAKY, -1.0, -0.2, -0.01),
    ("x·σ(x)", GELU, 1.0, 1 / (1 + math.exp(-1)), 0.5 * (1 + math.erf(1 / math.sqrt(2)))),
    ("log(1+e^-x)", SOFTPLUS, 1.0, math.log1p(math.exp(-1)), math.log1p(math.e)),
    ("σ(x)(1+σ(x))", SIGMOID_GRAD, 1.0, None, None),
    ("x·𝟙[x<0]", RELU, 1.0, 0.0, 1.0),  # an indicator of the wrong side
    ("x·1[x>0] + 0.2x·1[x≤0]", LEAKY, -1.0, -0.2, -0.01),
]


@pytest.mark.parametrize(
    ("answer", "reference", "found"),
    [
        ("f(x) = x·1[x>0]", RELU, "x·1[x>0]"),
        ("ReLU(x) = x·𝟙[x > 0]", RELU, "x·𝟙[x > 0]"),
        ("x𝟙[x>0]", RELU, "x𝟙[x>0]"),
        ("x·𝕀(x>0)", RELU, "x·𝕀(x>0)"),
        ("x·1{x > 0}", RELU, "x·1{x > 0}"),
        ("f(x) = x·𝟙[x>0] + a·x·𝟙[x≤0]", LEAKY, "x·𝟙[x>0] + a·x·𝟙[x≤0]"),
    ],
)
def test_an_indicator_bracket_is_one_where_its_condition_holds(
    answer: str, reference: Reference, found: str
) -> None:
    """Iverson's bracket (𝟙[x > 0], 1[x > 0], 𝕀(x > 0)), as math-heavy answers write ReLU."""
    assert check_formula(answer, reference) == FormulaCheck("equal", found, None, None, None)


@pytest.mark.parametrize(
    ("answer", "reference", "status"),
    [
        ("x>0: x, else αx.", LEAKY, "equal"),
        ("x>0: x; x≤0: αx", LEAKY, "equal"),
        ("for x > 0: x, otherwise 0", RELU, "equal"),
        ("x > 0: x, else 0.2x", LEAKY, "differs"),
        ("x<0: x, else 0", RELU, "differs"),
    ],
)
def test_a_piece_may_state_its_condition_first(
    answer: str, reference: Reference, status: str
) -> None:
    """ "x>0: x, else αx": the condition, a colon, its value (as terse answers write it)."""
    assert check_formula(answer, reference).status == status


def test_a_colon_after_a_name_is_no_condition() -> None:
    assert check_formula("ReLU: max(0, x)", RELU).found == "max(0, x)"
    assert check_formula("Leaky: x if x > 0 else αx", LEAKY).status == "equal"
    # the colon must follow the condition at once
    assert check_formula("x > 0 holds: x, else 0", RELU).status != "equal"


def test_a_one_before_a_spaced_bracket_or_a_lone_indicator_symbol_is_no_indicator() -> None:
    assert check_formula("x·1 [x>0]", RELU).status != "equal"
    # (a comparison in round brackets is an indicator on its own, as code writes it: x·(x>0)
    # is ReLU, and so is x·1(x>0), one times it)
    assert check_formula("x·1(x>0)", RELU).status == "equal"
    assert check_formula("𝟙 alone and x", RELU).status == "none"


@pytest.mark.parametrize(("answer", "reference", "point", "got", "want"), DIFFERS)
def test_a_wrong_formula_differs_at_a_reported_point(
    answer: str, reference: Reference, point: float, got: float | None, want: float | None
) -> None:
    result = check_formula(answer, reference)
    assert result.status == "differs"
    assert result.point == point and result.where == f"x={point:g}"
    assert result.got is not None and result.want is not None
    if got is not None and want is not None:
        assert result.got == pytest.approx(got) and result.want == pytest.approx(want)
    assert not math.isclose(result.got, result.want, rel_tol=1e-6)


def test_swapped_target_and_prediction_in_bce_differs() -> None:
    result = check_formula("-(p log y + (1-p) log(1-y))", BCE)
    assert result.status == "differs"
    assert result.found == "-(p log y + (1-p) log(1-y))"
    assert result.where == "y=1, p=0.5" and result.point == 0.5
    assert result.got == math.inf and result.want == pytest.approx(math.log(2))


def test_loss_variables_bind_by_name_then_by_role() -> None:
    assert check_formula("(ŷ - y)²", MSE).status == "equal"
    assert check_formula("(t - p)^2", MSE).status == "equal"  # t is a target
    assert check_formula("|y - ŷ|", MSE).status == "differs"
    assert check_formula("(y-ŷ)²", MAE).where == "y=1, p=0.5"
    yhat = parse_reference("(y - yhat)^2", variables=("y", "ŷ"))
    assert yhat.variables == ("y", "yhat")
    assert check_formula("(y-p)^2", yhat).status == "equal"
    assert check_formula("(y-p)^3", yhat).where == "y=1, ŷ=0.5"


def test_a_loss_formula_must_use_both_variables_to_differ() -> None:
    assert check_formula("the loss is −log p when y = 1", BCE).status == "none"
    assert check_formula("y log p", BCE).status == "differs"  # uses both, misses the y=0 term


def test_a_sum_counts_one_term_or_both_classes() -> None:
    assert check_formula("Σ (y - p)²", MSE).status == "equal"  # one element
    assert check_formula("−Σ_c y_c log p_c", BCE).status == "equal"  # the two classes
    assert check_formula("-y log p", BCE).status == "differs"  # no Σ: one class only


def test_one_variable_renamed_and_parameters_bound() -> None:
    assert check_formula("max(t, 0)", RELU).status == "equal"
    assert check_formula("max(u, 0)", RELU).status == "equal"
    assert check_formula("max(a, 0)", RELU).status == "equal"
    assert check_formula("max(s, 0)", RELU).status == "equal"
    assert check_formula("max(v, 0)", RELU).status == "equal"
    # a lone extra symbol takes the lone parameter; a literal must have its value
    assert check_formula("max(z, k z)", LEAKY).status == "equal"
    assert check_formula("max(x, alpha x)", LEAKY).status == "equal"
    assert check_formula("max(x, 0.01x)", LEAKY).status == "equal"
    assert check_formula("max(x, 0.1x)", LEAKY).status == "differs"
    # an unknown symbol with no parameter to take: nothing is claimed
    assert check_formula("x·σ(βx)", SILU).status == "none"
    assert check_formula("max(x, a·x)", RELU).status == "none"


def test_parameters_by_keyword_and_inline_agree() -> None:
    by_keyword = parse_reference("max(x, α x)", params={"alpha": 0.2})
    inline = parse_reference("max(x, alpha*x); alpha = 0.2")
    assert by_keyword.params == inline.params == (("α", 0.2),)
    assert check_formula("x if x > 0 else 0.2x", by_keyword).status == "equal"
    assert check_formula("x if x > 0 else 0.2x", inline).status == "equal"


def test_a_reference_given_as_text_is_parsed_once() -> None:
    assert check_formula("1/(1+e^-x)", "1/(1+exp(-x))").status == "equal"
    assert check_formula("1/(1+e^x)", "σ(x) = 1/(1+e^(-x))").status == "differs"


def test_an_answer_is_parsed_once_for_every_reference_it_is_checked_against(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Counted, not timed: a question with several formula points reads the answer once."""
    import actloss_quiz.formulas as formulas

    seen: list[str] = []
    tokenize = formulas._tokenize
    monkeypatch.setattr(formulas, "_tokenize", lambda text: seen.append(text) or tokenize(text))
    answer = "σ(x) = 1/(1+e^-x) and tanh(x) = 2σ(2x) − 1, parsed once"
    assert check_formula(answer, SIGMOID).status == "equal"
    assert check_formula(answer, "2/(1+exp(-2x)) - 1").status == "equal"
    assert check_formula(answer, "max(0, x)").status == "differs"
    assert seen.count(answer) == 1


@pytest.mark.parametrize(
    "answer",
    [
        "x",
        "−x",
        "0.5",
        "x = 2",
        "f(0) = 0.5",
        "It is bounded in (0, 1).",
        "For x >> 0 it's ~1",
        "y = 1",
        "",
    ],
)
def test_a_bare_number_or_symbol_is_no_candidate(answer: str) -> None:
    assert check_formula(answer, SIGMOID) == FormulaCheck("none", "", None, None, None)


def test_the_left_side_of_an_equation_is_not_a_candidate() -> None:
    # σ(x) alone would equal the reference; the answer's claim is the right side.
    assert check_formula("σ(x) = 1/(1+e^x)", SIGMOID).found == "1/(1+e^x)"
    assert check_formula("σ(x) = 1/(1+e^x)", SIGMOID).status == "differs"
    assert check_formula("a = σ(x) = e^x/(1+e^x)", SIGMOID).status == "equal"


def test_equal_beats_differs_and_the_first_differing_is_reported() -> None:
    answer = "not 1/(1+e^x) but 1/(1+e^-x)"
    assert check_formula(answer, SIGMOID).status == "equal"
    answer = "σ(x) = 1/(1+e^x), and tanh(x) = 2σ(2x) − 1"
    result = check_formula(answer, SIGMOID)
    assert result.status == "differs" and result.found == "1/(1+e^x)"


def test_formulas_inside_prose() -> None:
    cases = [
        ("ReLU is max(0, x), and it's cheap", RELU, "max(0, x)"),
        ("The sigmoid 1/(1+e^-x) squashes", SIGMOID, "1/(1+e^-x)"),
        ("it's a smooth version x·Φ(x) of relu", GELU, "x·Φ(x)"),
        ("It is just x if x>0 else 0. Simple.", RELU, "x if x>0 else 0"),
        ("softplus(x) = ln(1 + e^x), a smooth ReLU", SOFTPLUS, "ln(1 + e^x)"),
        ("Leaky ReLU: max(αx, x) with α ≈ 0.01", LEAKY, "max(αx, x)"),
        ("tanh is zero-centred: tanh(x) = 2σ(2x) - 1, range (-1, 1).", TANH, "2σ(2x) - 1"),
        ("GELU(x) = x·Φ(x) where Φ is the normal CDF", GELU, "x·Φ(x)"),
        (
            "BCE = -[y log(p) + (1 - y) log(1 - p)], averaged.",
            BCE,
            "-[y log(p) + (1 - y) log(1 - p)]",
        ),
        ("Sigmoid: `1/(1+e^-x)`.\nIt saturates.", SIGMOID, "1/(1+e^-x)"),
    ]
    for answer, reference, found in cases:
        assert check_formula(answer, reference) == FormulaCheck("equal", found, None, None, None)


def test_tolerance_strict_except_for_the_gelu_tanh_approximation() -> None:
    assert check_formula("1.0001*tanh(x)", TANH).status == "differs"
    assert check_formula("tanh(x) + 0.000001", TANH).status == "differs"
    # the tanh form is within 5e-4 of x·Φ(x); the sigmoid form (x·σ(1.702x), 2e-2) is not
    assert check_formula("0.5x(1+tanh(0.7978845608(x+0.044715x^3)))", GELU).status == "equal"
    assert check_formula("x·σ(1.702x)", GELU).status == "differs"
    # the looser tolerance is for the approximation only, never for a wrong formula
    assert check_formula("0.5x(1+tanh(x+0.044715x^3))", GELU).status == "differs"
    approx = parse_reference("0.5*x*(1+tanh(sqrt(2/pi)*(x+0.044715*x^3)))")
    assert check_formula("x·Φ(x)", approx).status == "equal"
    assert check_formula("max(0, x)", approx).status == "differs"


def test_the_sigmoid_approximation_of_gelu_is_equal_only_when_called_one() -> None:
    """x·σ(1.702x) is at most 0.0204 from x·Φ(x): equal where the answer calls it an
    approximation, a formula that differs where it is said to be GELU."""
    for said in ("fast approx x·σ(1.702x)", "GELU ≈ x·σ(1.702x)", "approximated by x·σ(1.702x)"):
        assert check_formula(said, GELU).status == "equal", said
    assert check_formula("GELU(x) = x·σ(1.702x)", GELU).status == "differs"
    assert check_formula("fast approx x·σ(1.5x)", GELU).status == "differs"
    assert check_formula("approx x·σ(x)", GELU).status == "differs"


def test_a_function_named_is_no_product() -> None:
    """ "ψ(r)", "ρ(r)": a function's name applied, as on a left side, not ψ times r; and
    "x · P(Z ≤ x)" read up to the P would be x times a symbol."""
    huber = parse_reference(
        "0.5*min(abs(r), delta)^2 + delta*(abs(r) - min(abs(r), delta)); delta=1.5"
    )
    assert check_formula("MSE's ψ(r) ∝ r, unbounded", huber).status == "none"
    assert check_formula("so ρ(r) grows linearly", huber).status == "none"
    assert check_formula("x · P(Z ≤ x), Z~N(0,1)", GELU).status == "none"
    assert check_formula("x(1 − x)", parse_reference("x - x^2")).status == "equal"  # a product


def test_a_factor_after_a_partial_derivative_is_a_derivative() -> None:
    """ "∂L/∂a = Σ (∂L/∂f)·min(0, x)": min(0, x) is a factor of PReLU's gradient with respect to
    a, so it claims nothing about the function (equal or no verdict, never "differs")."""
    said = "PReLU learns a: ∂L/∂a = Σ (∂L/∂f)·min(0,x)."
    assert check_formula(said, LEAKY).status == "none"
    assert check_formula("PReLU learns a; it is min(0,x) on the left.", LEAKY).status == "differs"


def test_undefined_and_infinite_values() -> None:
    log = parse_reference("log(x)")  # undefined (NaN) for x < 0: those points do not count
    assert check_formula("ln x", log).status == "equal"
    assert check_formula("log|x|", log).status == "equal"
    assert check_formula("log(2x)", log).status == "differs"
    huge = parse_reference("exp(exp(x))")  # inf at x = 12.9: the same inf is equal
    assert check_formula("e^(e^x)", huge).status == "equal"
    assert check_formula("e^(e^x) - 1", huge).status == "differs"
    identity = parse_reference("x")
    result = check_formula("sqrt(x)^2", identity)  # NaN where the reference is finite
    assert result.status == "differs" and result.point == -1.0
    assert result.got is not None and math.isnan(result.got)


def test_domains() -> None:
    huber = parse_reference(
        "(y-p)^2/2 if abs(y-p) <= 1 else abs(y-p) - 1/2",
        variables=("y", "p"),
        domains={"y": (-5.0, 5.0), "p": (-5.0, 5.0)},
    )
    assert check_formula("½(y−ŷ)² for |y−ŷ| ≤ 1, |y−ŷ| − ½ otherwise", huber).status == "equal"
    # The quadratic piece alone agrees on part of the domain: one piece, no verdict either way
    # ("½r² for small |r|" is how a right answer starts); a whole formula with the wrong
    # threshold differs.
    assert check_formula("(y-ŷ)²/2", huber).status == "none"
    assert check_formula("(y-ŷ)²/2 if |y-ŷ| <= 2 else |y-ŷ| - 1/2", huber).status == "differs"
    labels = parse_reference(
        "-(y*log(p)+(1-y)*log(1-p))", variables=("y", "p"), domains={"y": {0, 1}}
    )
    assert labels.samples[0] == (0.0, 1.0)
    positive = parse_reference("sqrt(x)", domains={"x": (0.0, math.inf)})
    assert check_formula("x^0.5", positive).status == "equal"
    assert min(positive.samples[0]) > 0


@pytest.mark.parametrize(
    ("expr", "kwargs", "message"),
    [
        ("", {}, "empty"),
        ("   ", {}, "empty"),
        ("x" * 1001, {}, "at most"),
        ("1/(1+exp(-x)", {}, "cannot parse"),
        ("banana(x)", {}, "cannot read"),
        ("2 + 3", {}, "no free variable"),
        ("x + y + z", {}, "declare variables"),
        ("x*q", {}, "declare variables"),
        ("max(x, alpha*x)", {"variables": ("x",)}, "not a variable or parameter"),
        ("x^2", {"variables": ("x", "y")}, "does not occur"),
        ("x", {"variables": ("x", "y", "z")}, "one or two"),
        ("x; alpha", {}, "parameter default"),
        ("log(-x^2 - 1)", {}, "undefined at"),
        ("x", {"domains": {"x": (1.0, 0.0)}}, "is empty"),
        ("x", {"domains": {"y": (0.0, 1.0)}}, "not a variable"),
        ("x", {"domains": {"x": "abc"}}, "expected (low, high)"),
        ("x", {"variables": ("x1",)}, "not a variable or parameter name"),
        # A left side an answer's reader would not drop whole (found by hypothesis: read as an
        # answer, "x²xxx = x" has "x²" and "xx+ = x" has "xx", formulas the reference is not).
        ("x²xxx=x", {}, "left side"),
        ("xx.=x", {}, "left side"),
        ("xx+=x", {}, "left side"),
        ("0xx⁻=x", {}, "left side"),
        ("=p³p=p", {}, "left side"),
    ],
)
def test_a_bad_reference_is_refused_with_a_clear_message(
    expr: str, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_reference(expr, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expr", "at"),
    [
        ("σ(x) = 1/(1+e^(-x))", 0.5),
        ("σ'(x) = sigmoid(x)*(1-sigmoid(x))", 0.25),
        ("dσ/dx = sigmoid(x)*(1-sigmoid(x))", 0.25),
        ("L(y, p) = -(y*log(p) + (1-y)*log(1-p))", None),
        ("BCE = -(y*log(p) + (1-y)*log(1-p))", None),
        ("2x = x + x", 0.0),  # a left side read whole as an expression
    ],
)
def test_a_left_side_that_names_or_is_an_expression_is_dropped(expr: str, at: float | None) -> None:
    reference = parse_reference(expr)
    right = expr.split("=")[-1]
    assert check_formula(right, reference).status == "equal"
    if at is not None:
        assert reference.variables == ("x",)


def test_formula_error_is_a_value_error() -> None:
    assert issubclass(FormulaError, ValueError)


def test_a_bad_reference_text_raises_only_when_the_answer_has_math() -> None:
    assert check_formula("plain words", "banana(x)").status == "none"
    with pytest.raises(FormulaError):
        check_formula("1/(1+e^-x)", "banana(x)")


# has_math: every notation says yes; plain prose says no (and costs no import).


@pytest.mark.parametrize("answer", [a for a, _, _ in EQUAL] + ["y log p", "tanh x", "sum y_i"])
def test_has_math_sees_every_notation(answer: str) -> None:
    assert has_math(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "It squashes inputs into a bounded range and saturates for large inputs.",
        "Zero-centred outputs help the next layer; the log of p is what we penalise.",
        "Dead units never recover because their gradient is zero.",
    ],
)
def test_has_math_says_no_to_prose(answer: str) -> None:
    assert not has_math(answer)
    assert check_formula(answer, SIGMOID).status == "none"


def test_prose_answers_import_nothing() -> None:
    code = (
        "import sys\n"
        "from actloss_quiz.formulas import check_formula, has_math\n"
        "assert not has_math('plain prose, no formula')\n"
        "assert check_formula('plain prose, no formula', '1/(1+exp(-x))').status == 'none'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported'\n"
        "check_formula('1/(1+e^-x)', '1/(1+exp(-x))')\n"
        "assert 'numpy' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# Hostile input: never raises, never evaluates, always fast.

# Time is not asserted here (a busy machine would make that flaky; benchmarks/scoring.py measures
# the worst case): the bound is structural, the parser's caps on tokens, depth and steps.

N = MAX_ANSWER_CHARS
HOSTILE = [
    "(" * N,
    "(" * 5000 + "x" + ")" * 4999,
    "1+" * (N // 2),
    "x" * N,
    "x " * (N // 2),
    "x(" * (N // 2),
    "e^" * (N // 2),
    "2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^2^x",
    "9" * N + "^x",
    "σ(" * (N // 2),
    "max(x," * (N // 6),
    "|x" * (N // 2),
    "x if x>0 else " * (N // 14),
    "1/(1+e^-x) " * (N // 11),
    "1/(1+e^x), " * (N // 11),
    "Σ" * N,
    "x" + "²" * N,
    "⁽" * N,
    "ᵢ" * N,
    "-" * N + "x",
    "max(" + "x," * (N // 2),
    "x=" * (N // 2),
    "(" + "+".join(["x*sigmoid(x)"] * 800) + ")",
    "y log p + " * (N // 10),
    "a" * N + "1",
    "ab " * (N // 3) + "1",
    "if " * (N // 3) + "x",
    "log " * (N // 4) + "p",
    "it's " * (N // 5),
    "__import__('os').system('echo pwned') or exec('1') or eval('2')",
    "x**x**x**x**x**x**x**x**x**x**x",
    "10^400 * x",
    "1e308*1e308*x",
    "0/0 + x",
    "log(0) * x",
    "\x00\x1b[2J\u202e(x)" * 200,
    "\udce9x+1",
]


@pytest.mark.parametrize("answer", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_answers_never_raise_and_stay_fast(answer: str) -> None:
    for reference in (SIGMOID, BCE, LEAKY, GELU):
        result = check_formula(answer, reference)
        assert result.status in ("equal", "differs", "none")
        assert len(result.found) <= 300


MATHY = st.sampled_from(list("xyzpte0123456789.+-*/^()[]{}|,;=<>√×·−²³⁺⁻ˣΣσΦπ½ŷ_ '") + [
    "exp", "log", "ln", "tanh", "sigmoid", "max", "min", "erf", "if", "else", "for",
    "otherwise", "and", "sum", "alpha", " is ", "the ", "\n",
])  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(MATHY, max_size=200).map("".join),
    st.lists(st.one_of(MATHY, st.text(max_size=3)), max_size=100).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_random_text_never_raises_and_returns_in_bounded_time(answer: str) -> None:
    for reference in (SIGMOID, BCE):
        result = check_formula(answer, reference)
        assert result.status in ("equal", "differs", "none")
        if result.status == "none":
            assert result == FormulaCheck("none", "", None, None, None)
        else:
            assert result.found and result.found in answer
        if result.status == "differs":
            assert result.point is not None and result.where


@settings(max_examples=100, deadline=None)
@given(st.lists(MATHY, min_size=1, max_size=60).map("".join))
@example("xx0=x")  # found by hypothesis: "xx" read out of the name "xx0" differed from x
@example("x²xxx=x")  # and these, whose left sides are now refused (see the test above)
@example("xx.=x")
@example("xx+=x")
@example("0xx⁻=x")
def test_random_references_parse_or_raise_formula_error(expr: str) -> None:
    try:
        reference = parse_reference(expr)
    except FormulaError:
        return
    assert check_formula(expr, reference).status in ("equal", "none")


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("1 − tanh²(x)", parse_reference("1 - tanh(x)^2")),
        ("sech²(x)", parse_reference("1 - tanh(x)^2")),
        (
            "ELU: x if x > 0 else α(e^x − 1)",
            parse_reference("x if x > 0 else alpha*(exp(x)-1); alpha=1"),
        ),
        ("swish is x·σ(βx)", parse_reference("x*sigmoid(beta*x); beta=1")),
        ("softsign x/(1+|x|)", parse_reference("x/(1+abs(x))")),
        ("relu6 = min(max(0,x),6)", parse_reference("min(max(0, x), 6)")),
        ("mish: x·tanh(ln(1+eˣ))", parse_reference("x*tanh(softplus(x))")),
        ("log σ(z) = −softplus(−z)", parse_reference("log(sigmoid(x))")),
        ("1/(1+e^-X)", SIGMOID),
        ("KL = Σ p log(p/q)", parse_reference("p*log(p/q)", variables=("p", "q"))),
        ("focal: −(1−p)^γ log p", parse_reference("-(1-p)^gamma*log(p); gamma=2")),
        (
            "hinge: max(0, 1 − y·ŷ)",
            parse_reference(
                "max(0, 1-y*p)", variables=("y", "p"), domains={"y": {-1, 1}, "p": (-3.0, 3.0)}
            ),
        ),
    ],
)
def test_more_activations_and_losses(answer: str, reference: Reference) -> None:
    assert check_formula(answer, reference).status == "equal"


def test_no_candidate_starts_inside_a_superscript() -> None:
    # "foo" is prose: its exponent alone, ²(x) = 2x, is no formula of the answer's
    assert check_formula("foo²(x)", TANH).status == "none"


def test_only_a_sum_of_logs_is_read_over_both_classes() -> None:
    # Σ (y−p)²/2 over both classes would be (y−p)²: a half squared error is not the MSE
    assert check_formula("Σ (y - p)²/2", MSE).status == "differs"
    assert check_formula("−Σ p log y", BCE).status == "differs"  # swapped, either reading


def test_a_derivative_claims_nothing_about_a_function_that_is_no_derivative() -> None:
    derivative = parse_reference("σ'(x) = sigmoid(x)*(1-sigmoid(x))")
    assert derivative.derivative and not SIGMOID.derivative
    assert parse_reference("dσ/dx = sigmoid(x)*(1-sigmoid(x))").derivative
    assert not parse_reference("sigmoid(x)*(1-sigmoid(x))", derivative=False).derivative
    # the right side of σ'(x) = … is equal to a derivative, never "differs" from σ itself
    assert check_formula("σ'(x)=σ(x)(1−σ(x))", derivative).status == "equal"
    assert check_formula("σ'(x)=σ(x)(1−σ(x))", SIGMOID).status == "none"
    assert check_formula("σ′ = σ(1−σ) = σ(x)(1-σ(x))", SIGMOID).status == "none"
    assert check_formula("dσ/dx = σ(x)(1+σ(x))", derivative).status == "differs"
    assert check_formula("σ(x) = 1/(1+e^x); σ'(x) = σ(x)(1−σ(x))", SIGMOID).status == "differs"


@pytest.mark.parametrize(
    "answer", ["ReLU is 6x faster than sigmoid", "about 2x the memory", "a 10x speedup"]
)
def test_a_number_times_x_before_a_word_is_prose(answer: str) -> None:
    assert check_formula(answer, RELU).status == "none"
    assert check_formula("f(x) = 2x.", RELU).status == "differs"


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("its derivative σ(x)(1−σ(x)) peaks at 0.25", SIGMOID),
        ("the MSE gradient is 2(ŷ − y)", MSE),
        ("the gradient w.r.t. the logit is p − y", BCE),
    ],
)
def test_a_derivative_named_in_words_is_equal_or_nothing(answer: str, reference: Reference) -> None:
    assert check_formula(answer, reference).status == "none"
    as_derivative = parse_reference(reference.text, variables=reference.variables, derivative=True)
    assert check_formula(answer, as_derivative).status == "differs"


@pytest.mark.parametrize("answer", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_answers_stay_within_the_parsers_caps(
    answer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The work bound, counted: tokens read, tokens taken over all parse attempts, candidates."""
    from actloss_quiz import formulas

    assert len(formulas._tokenize(answer)) <= formulas.MAX_TOKENS + 16  # + one superscript run
    taken = 0
    take = formulas._Parser.take

    def counting_take(parser: formulas._Parser) -> object:
        nonlocal taken
        taken += 1
        return take(parser)

    monkeypatch.setattr(formulas._Parser, "take", counting_take)
    text = answer[:MAX_ANSWER_CHARS]
    candidates = list(formulas._candidates(text, formulas._tokenize(text)))
    assert taken <= formulas.MAX_PARSE_STEPS + 1
    assert len(candidates) <= formulas.MAX_CANDIDATES


HUBER_R = parse_reference(
    "0.5*min(abs(r), delta)^2 + delta*(abs(r) - min(abs(r), delta)); delta=1.5", variables=("r",)
)


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("½r² for small |r|, linear past δ", HUBER_R),  # the quadratic piece of Huber
        ("for x < 0 it is αx", LEAKY),  # the negative piece of leaky ReLU
        ("L = mean of r², r = ŷ − y", MSE),  # the residual, a part of (y − p)²
        ("quadratic when |r| ≤ δ", HUBER_R),  # a side of a comparison is a condition
        ("linear δ(|r| − ½δ) for big ones", HUBER_R),  # the linear piece: |r| chooses nothing
        ("δ·(|r| − ½δ) past δ", HUBER_R),
    ],
)
def test_a_piece_a_part_or_a_condition_is_no_verdict(answer: str, reference: Reference) -> None:
    assert check_formula(answer, reference).status == "none"


def test_a_whole_formula_that_is_wrong_on_one_side_still_differs() -> None:
    assert check_formula("max(x, 0.1x)", LEAKY).status == "differs"  # branches, wrong slope
    assert check_formula("r²", HUBER_R).status == "differs"  # agrees nowhere but 0
    assert check_formula("mean |ŷ − y|", MSE).status == "differs"  # not linear: no part


LABEL_SMOOTHING = parse_reference("(1 - epsilon)*y + epsilon/K; epsilon=0.1, K=10")


def test_a_subscripted_constant_is_a_named_symbol_not_a_number() -> None:
    """e_y is the one-hot vector of class y, not Euler's e: it binds to nothing of the
    reference, so the expression gets no verdict (and is never bound to a lone parameter)."""
    assert check_formula("q = (1 − ε)e_y + ε·u", LABEL_SMOOTHING).status == "none"
    assert check_formula("e_y", LABEL_SMOOTHING).status == "none"
    # Euler's e itself still is one, and a wrong formula around it still differs
    assert check_formula("e^y", LABEL_SMOOTHING).status == "differs"
    assert check_formula("(1−ε)y + ε/K", LABEL_SMOOTHING).status == "equal"
    assert check_formula("(1 - ε)y + ε", LABEL_SMOOTHING).status == "differs"


@pytest.mark.parametrize(
    "prose",
    ["it trains three times faster", "plus it is cheap", "ten times more units, minus the bias"],
)
def test_operator_words_in_prose_are_no_formula(prose: str) -> None:
    """ "times", "minus", "plus" are operators only where math follows them."""
    assert check_formula(prose, GELU).status == "none"


@pytest.mark.parametrize(
    ("answer", "reference"),
    [
        ("relu is torch.clamp(x, min=0)", RELU),
        ("relu = lambda x: np.maximum(0, x)", RELU),
        ("np.clip(x, 0, None)", RELU),
        ("np.where(x > 0, x, 0)", RELU),
        ("relu(x) = x * (x > 0)", RELU),
        ("F.relu(x)", RELU),
        ("sigmoid = lambda x: 1 / (1 + np.exp(-x))", parse_reference("1/(1+exp(-x))")),
        ("1 / (1 + torch.exp(-x))", parse_reference("1/(1+exp(-x))")),
        ("softplus is np.log1p(np.exp(x))", parse_reference("log(1+exp(x))")),
        ("elu: np.expm1(x) for x < 0", parse_reference("exp(x) - 1")),
        ("torch.clamp(x, min=0, max=6)", parse_reference("min(max(0, x), 6)")),
        ("torch.where(x > 0, x, 0.01 * x)", LEAKY),
        (
            "hinge = torch.clamp(1 - y * s, min=0)",
            parse_reference("max(0, 1 - y*s)", variables=("y", "s")),
        ),
        ("mse = np.mean(np.square(y_hat - y))", parse_reference("(p - y)^2", variables=("p", "y"))),
        ("grad = probs - y", parse_reference("p - y", variables=("p", "y"))),
        ("the derivative is (x > 0) * 1.0", parse_reference("1 if x > 0 else 0")),
    ],
)
def test_code_reads_as_math(answer: str, reference: Reference) -> None:
    """NumPy / PyTorch as candidates type it: a library's name before a call, maximum, clip and
    clamp (positional or min=/max=, None for no bound), where(cond, a, b), log1p, expm1,
    square, a comparison in brackets as an indicator."""
    assert check_formula(answer, reference).status == "equal", answer


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        ("torch.clamp(x, max=0)", "differs"),  # min(x, 0): not ReLU
        ("np.clip(x, None, 0)", "differs"),
        ("np.clip(x, None, None)", "none"),  # no bound at all: nothing said
        ("where x is the input, clip the gradient", "none"),  # prose words, no call
        ("np.maximum(x)", "none"),  # one argument: no max
        ("linear for large x (x > 0)", "none"),  # a bare comparison in brackets: a condition
    ],
)
def test_code_that_is_not_the_formula(answer: str, status: str) -> None:
    assert check_formula(answer, RELU).status == status, answer
