"""The bounds of a loss (issue 18, judging round 24): a sentence that gives MSE, MAE, Huber,
BCE, cross-entropy, hinge, focal loss or KL a finite largest value, or a least value other than
0, contradicts the fact (claims.LOSS_BOUNDS), in any question."""

from __future__ import annotations

import json
from collections.abc import Callable

import mpmath as mp  # type: ignore[import-untyped]  # no stubs, no py.typed
import numpy as np
import pytest
from typer.testing import CliRunner

from actloss_quiz import claims, scoring
from actloss_quiz.bank import load_bank
from actloss_quiz.cli import app
from actloss_quiz.engine import losses
from tests.test_scoring_facts import correct_texts, found_by

BANK = load_bank()


def _worse_and_worse(key: str) -> list[float]:
    """The engine's loss for predictions further and further off (a residual of 10^k, a true
    class's probability or logit pushed to 10^-k or -10^k), and at a perfect prediction."""
    out = []
    for k in range(1, 5):
        big = 10.0**k
        if key == "mse":
            out.append(losses.mse(big, 0.0)[0])
        elif key == "mae":
            out.append(losses.mae(big, 0.0)[0])
        elif key == "huber":
            out.append(losses.huber(big, 0.0)[0])
        elif key == "bce":
            out.append(losses.bce(10.0**-k, 1.0)[0])
        elif key == "ce":
            out.append(losses.cross_entropy(np.array([[0.0, big]]), np.array([0]))[0])
        elif key == "hinge":
            out.append(losses.hinge(-big, 1.0)[0])
        elif key == "focal":
            out.append(losses.focal(-big, 1.0, alpha=-1)[0])
        else:
            q = np.array([10.0 ** (-4 * k), 1 - 10.0 ** (-4 * k)])  # (KL grows as a log)
            out.append(losses.kl(np.array([0.5, 0.5]), q)[0])
    return out


def _perfect(key: str) -> float:
    if key in ("mse", "mae", "huber"):
        return {"mse": losses.mse, "mae": losses.mae, "huber": losses.huber}[key](3.0, 3.0)[0]
    if key == "bce":
        return losses.bce(1.0, 1.0)[0]
    if key == "ce":
        return losses.cross_entropy(np.array([[1000.0, 0.0]]), np.array([0]))[0]
    if key == "hinge":
        return losses.hinge(1.0, 1.0)[0]
    if key == "focal":
        return losses.focal(1000.0, 1.0)[0]
    return losses.kl(np.array([0.3, 0.7]), np.array([0.3, 0.7]))[0]


@pytest.mark.parametrize("key", sorted(claims.LOSS_BOUNDS))
def test_every_loss_in_the_table_is_0_at_its_best_and_unbounded_above(key: str) -> None:
    grown = _worse_and_worse(key)
    assert all(b > a for a, b in zip(grown, grown[1:], strict=False)), (key, grown)
    assert grown[-1] > 9, (key, grown)  # past log 2, 1, log K: no finite bound holds
    assert _perfect(key) == pytest.approx(0.0, abs=1e-9), key


def found_with_entities(
    rule: Callable[..., list[scoring.Contradiction]], question: str, answer: str
) -> list[str]:
    """The facts a rule that reads the named things finds in an answer to a question."""
    q = BANK.by_id(question)
    assert q is not None
    groups = scoring._groups(BANK.synonyms)
    text = scoring._fold(scoring._normalise_phrasing(answer), scoring._synonym_index(groups))
    entities = scoring._entities(tuple(q.subject), tuple(tuple(g) for g in BANK.domain), groups)
    return [c.point for c in rule(answer, text, groups, q.subject, entities)]


def bounds(question: str, answer: str) -> list[str]:
    return found_with_entities(scoring._loss_bound_contradictions, question, answer)


BCE_UNBOUNDED = (
    "Binary cross-entropy is unbounded above: −log p → ∞ as the probability of the true label "
    "goes to 0."
)
CE_UNBOUNDED = (
    "Cross-entropy is unbounded above: −log p → ∞ as the probability of the true class goes to 0."
)
CE_LEAST = "Cross-entropy's least value is 0, at a perfect prediction of a hard label."
HINGE_UNBOUNDED = "Hinge loss is unbounded above: it grows linearly as the margin goes below 1."
KL_UNBOUNDED = "KL divergence is unbounded above: it is infinite where q = 0 and p > 0."
MSE_UNBOUNDED = "MSE is unbounded above: it grows with the square of the residual."
MSE_LEAST = "MSE's least value is 0, at a perfect prediction."
KL_LEAST = "KL divergence's least value is 0, at p = q."
HUBER_UNBOUNDED = "Huber loss is unbounded above: past δ it grows linearly with the residual."


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("bce-one-line", "Nice thing is it's bounded above by log 2.", BCE_UNBOUNDED),
        ("bce-one-line", "Its maximum value is log 2, so it is bounded.", BCE_UNBOUNDED),
        ("bce-one-line", "The penalty is bounded by log 2.", BCE_UNBOUNDED),
        ("mse-definition", "BCE is capped at 1 per example.", BCE_UNBOUNDED),
        ("multiclass-cross-entropy", "Minimum value is −1 when prediction is perfect.", CE_LEAST),
        ("multiclass-cross-entropy", "A minimum value of 1, reached when p̂ = 1.", CE_LEAST),
        ("multiclass-cross-entropy", "Cross-entropy lies between 0 and 1.", CE_UNBOUNDED),
        ("hinge-loss", "Like the 0-1 loss, the hinge can never cost more than 1.", HINGE_UNBOUNDED),
        ("kl-divergence", "KL is always between 0 and 1.", KL_UNBOUNDED),
        ("kl-divergence", "It's non-negative, and it's bounded above by 1.", KL_UNBOUNDED),
        ("mse-definition", "Its lowest possible value is minus one.", MSE_LEAST),
        ("mse-definition", "It can never be more than 1, however far off we are.", MSE_UNBOUNDED),
        ("kl-divergence", "KL can go negative when Q is sharper than P.", KL_LEAST),
        ("multiclass-cross-entropy", "Categorical CE goes negative when it's confident.", CE_LEAST),
        ("mse-definition", "MSE can take negative values.", MSE_LEAST),
        ("huber-vs-mse", "Huber loss saturates at 2 for big residuals.", HUBER_UNBOUNDED),
        ("multiclass-cross-entropy", "Its largest possible value is log K.", CE_UNBOUNDED),
    ],
)
def test_a_finite_bound_or_a_least_value_other_than_0_contradicts_the_fact(
    question: str, answer: str, fact: str
) -> None:
    assert bounds(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("bce-one-line", "BCE is bounded below by 0 and unbounded above."),
        ("bce-one-line", "The loss is bounded from below by zero."),
        ("bce-one-line", "It is not bounded above."),
        ("bce-one-line", "For p = 0.5 the loss is log 2 ≈ 0.693, the most it costs at chance."),
        ("bce-one-line", "The probabilities p̂ are in [0, 1], so the logs are finite."),
        ("bce-one-line", "It's finite for any p in (0, 1)."),
        ("bce-one-line", "Clipping p to [1e-7, 1 − 1e-7] keeps the loss finite, at most 16."),
        ("huber-vs-mse", "Huber caps the gradient at ±δ, so outliers pull less."),
        ("huber-vs-mse", "Huber's gradient is bounded by δ."),
        ("huber-vs-mse", "The MSE gradient grows without bound; Huber's is bounded."),
        ("huber-vs-mse", "Within δ its gradient grows with the error, but beyond δ it is capped."),
        ("mse-definition", "MSE is unbounded, unlike the 0-1 loss, which is bounded by 1."),
        ("mse-definition", "The 0-1 loss is bounded; MSE is not."),
        ("multiclass-cross-entropy", "Its minimum is 0, reached when the true class gets 1."),
        ("multiclass-cross-entropy", "With label smoothing its minimum is about 0.5, not 0."),
        ("multiclass-cross-entropy", "Softmax outputs lie in (0, 1) and sum to 1."),
        ("multiclass-cross-entropy", "The lowest validation loss I got was 0.35."),
        ("multiclass-cross-entropy", "The loss tracks top-1 error loosely."),
        ("kl-divergence", "KL is non-negative, with minimum 0 when p = q."),
        ("kl-divergence", "It appears in the evidence lower bound of a VAE."),
        ("kl-divergence", "Unlike KL, JS is bounded by log 2."),
        ("hinge-loss", "Hinge loss is max(0, 1 − y·f(x)): zero once the margin is at least 1."),
        ("focal-loss", "The modulating factor (1 − p_t)^γ is between 0 and 1."),
        ("focal-loss", "Focal loss is bounded above by the cross-entropy."),
        ("accuracy-not-differentiable", "Proxies like CE or hinge upper-bound the 0-1 loss."),
        ("softmax-ce-together", "∇L = softmax(z) − y = p − y: bounded, never saturating."),
        ("class-imbalance-fixes", "Accuracy is bounded between 0 and 1."),
        ("bce-one-line", "If it were bounded by log 2, one bad example could not dominate."),
        ("mse-definition", "If ŷ and y live in [0, 1], each squared error is at most 1."),
        ("huber-vs-mse", "Huber never exceeds ½a², because δ|a| − ½δ² ≤ ½a²."),
        ("hinge-loss", "A truncated hinge like the ramp loss is bounded, the plain hinge isn't."),
        ("loss-definition", "A Gaussian NLL can go negative, since a density can exceed 1."),
        ("mse-definition", "scikit-learn's neg_mean_squared_error can be negative."),
        ("bce-one-line", "BCE does not ignore negatives; for y = 0 it charges −log(1 − p̂)."),
        ("bce-one-line", "The log-probability is negative, so BCE, its negative, is positive."),
        ("multiclass-cross-entropy", "It is the negative log-likelihood of the true class."),
        ("hinge-loss", "The hinge loss is at most 1 only if y·f(x) ≥ 0."),
        ("bce-one-line", "The clamp does not fix the gradient; it only caps the loss."),
        ("huber-vs-mse", "The gradient grows with the error, but Huber caps it at δ."),
        ("multiclass-cross-entropy", "Its minimum value is about 0.5 with label smoothing."),
        ("multiclass-cross-entropy", "Cross-entropy has a minimum value of 0.5 for soft targets."),
        ("mse-definition", "The lowest loss was 0.35 after training."),
        ("huber-vs-mse", "It is like MSE inside |r| ≤ δ and like δ(|r| − δ/2) outside."),
    ],
)
def test_a_true_or_guarded_bound_contradicts_nothing(question: str, answer: str) -> None:
    assert bounds(question, answer) == []


def test_grade_shows_a_wrong_bound_and_caps_the_suggestion(runner: CliRunner) -> None:
    answer = (
        "BCE = −[y log p̂ + (1 − y) log(1 − p̂)], the negative log-likelihood of a Bernoulli; "
        "it pushes p̂ toward y. Nice thing is it's bounded above by log 2."
    )
    data = json.loads(runner.invoke(app, ["grade", "bce-one-line", answer, "--json"]).stdout)
    assert {"point": BCE_UNBOUNDED, "said": "Nice thing is it's bounded above by log 2"} in data[
        "contradictions"
    ]
    assert data["suggested"] in ("hard", "again")
    shown = runner.invoke(app, ["grade", "bce-one-line", answer]).stdout
    assert "✗ contradicts: Binary cross-entropy is unbounded above" in shown


def test_a_bound_an_asserted_misconception_corrects_is_not_shown_twice(
    runner: CliRunner,
) -> None:
    data = json.loads(
        runner.invoke(
            app, ["grade", "hinge-loss", "The hinge loss never exceeds 1.", "--json"]
        ).stdout
    )
    assert data["misconceptions"]
    assert all(c["point"] != HINGE_UNBOUNDED for c in data["contradictions"])


def _gaussian_nll(r: float) -> float:
    return float(-mp.log(mp.npdf(r, 0, 1)))


def _laplace_nll(r: float) -> float:
    return float(-mp.log(mp.exp(-abs(mp.mpf(r))) / 2))


def _affine(f: Callable[[float], float], g: Callable[[float], float]) -> bool:
    """Whether f = a·g + c on a few points (a > 0): f is g's negative log-likelihood."""
    xs = [-3.0, -0.5, 0.25, 1.0, 2.0, 4.0]
    a = (f(xs[-1]) - f(xs[0])) / (g(xs[-1]) - g(xs[0]))
    c = f(xs[0]) - a * g(xs[0])
    return a > 0 and all(abs(f(x) - (a * g(x) + c)) < 1e-9 for x in xs)


def test_every_pair_in_the_likelihood_table_is_the_engines_loss_or_penalty() -> None:
    """Gaussian noise (or a Gaussian prior on a weight) gives the engine's MSE (and L2), Laplace
    gives MAE (and L1); the swapped pair does not."""
    engine = {
        "mse": lambda r: losses.mse(r, 0.0)[0],
        "mae": lambda r: losses.mae(r, 0.0)[0],
        "l2 regularization": lambda w: losses.l2(w, lam=1.0)[0],
        "l1 regularization": lambda w: abs(w),
    }
    nll = {"gaussian": _gaussian_nll, "laplac": _laplace_nll}
    assert {names[0] for names, *_ in claims.LIKELIHOODS} == set(engine)
    for names, own, other, fact in claims.LIKELIHOODS:
        assert _affine(nll[own], engine[names[0]]), names
        assert not _affine(nll[other], engine[names[0]]), names
        assert ("Gaussian" if own == "gaussian" else "Laplace") in fact.split(" (")[0]


def pairs(question: str, answer: str) -> list[str]:
    return found_with_entities(scoring._pair_contradictions, question, answer)


MSE_GAUSSIAN = claims.LIKELIHOODS[0][3]
MAE_LAPLACE = claims.LIKELIHOODS[1][3]
L2_GAUSSIAN = claims.LIKELIHOODS[2][3]


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("mse-definition", "Under Laplace noise it's the max-likelihood fit.", MSE_GAUSSIAN),
        (
            "choosing-a-loss",
            "MSE is the right pick since it's the Laplace likelihood.",
            MSE_GAUSSIAN,
        ),
        ("choosing-a-loss", "MAE is the Gaussian likelihood loss.", MAE_LAPLACE),
        ("l2-regularization", "Ridge is MAP estimation with a Laplace prior.", L2_GAUSSIAN),
        ("kl-divergence", "With the natural log it's measured in bits.", claims.UNIT_NATURAL),
        ("kl-divergence", "KL computed with log₂ is in nats.", claims.UNIT_BINARY),
    ],
)
def test_a_swapped_pair_contradicts_the_fact(question: str, answer: str, fact: str) -> None:
    assert pairs(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("mse-definition", "MSE is the negative log-likelihood under Gaussian noise."),
        ("mse-definition", "Under Laplace noise the MLE is the median, which MAE estimates."),
        ("mse-definition", "MSE assumes Gaussian noise, not Laplace noise."),
        ("mse-definition", "If the noise were Laplace, MAE would be the maximum-likelihood loss."),
        ("l2-regularization", "L2 is a Gaussian prior, L1 a Laplace prior."),
        ("l2-regularization", "L1 corresponds to a Laplace prior, and L2 to a Gaussian prior."),
        ("l2-regularization", "Unlike L1, which is a Laplace prior, L2 is a Gaussian prior."),
        ("kl-divergence", "With log base 2 it's in bits; with the natural log, nats."),
        ("kl-divergence", "ln 2 ≈ 0.693 nats is 1 bit."),
        ("bce-one-line", "At p = 0.5 it's −ln 0.5 ≈ 0.693 nats (1 bit with log₂)."),
        ("huber-vs-mse", "Huber is like MSE for Gaussian noise and like MAE for Laplace noise."),
        ("choosing-a-loss", "Laplace noise calls for MAE, Gaussian for MSE."),
        ("mse-definition", "Under Laplace or Gaussian noise MSE behaves differently."),
        ("kl-divergence", "One bit is 0.693 nats with the natural log."),
    ],
)
def test_a_true_or_guarded_pair_contradicts_nothing(question: str, answer: str) -> None:
    assert pairs(question, answer) == []


def test_the_negative_log_likelihood_is_one_term_not_a_negative_value(runner: CliRunner) -> None:
    """ "MSE is the negative log-likelihood ..." once read as "MSE is negative" (the bank's
    synonym group now folds the term to "nll")."""
    answer = "MSE is the negative log-likelihood under Gaussian noise; MAE is the Laplace one."
    data = json.loads(runner.invoke(app, ["grade", "mse-definition", answer, "--json"]).stdout)
    assert data["misconceptions"] == [] and data["contradictions"] == []


def test_no_fact_holds_a_semicolon() -> None:
    """The reasons are shown joined by "; " ("Why: contradicts: ...; core point missing: ..."):
    a fact with one of its own would read as two reasons."""
    facts = [fact for _, _, fact in claims.MODEL_ACTIVATIONS]
    facts += [fact for _, _, fact in claims.ORIGINS]
    facts += [*claims.VALUE_FACTS.values(), *(shown for _, _, shown in claims.RANGES.values())]
    facts += [entry[-1] for entry in claims.DEFAULTS]
    facts += [part for entry in claims.LOSS_BOUNDS.values() for part in entry[1:]]
    facts += [fact for *_, fact in claims.LIKELIHOODS]
    facts += [claims.UNIT_NATURAL, claims.UNIT_BINARY]
    assert [f for f in facts if ";" in f] == []


def test_every_special_case_in_the_table_is_the_engines() -> None:
    """At its value the thing is what it reduces to (the engine's functions); at another value
    it is not. (Swish's β → ∞ is checked at β = 200, against ReLU to 1e-9.)"""
    from actloss_quiz.engine import activations

    x = np.linspace(-4.0, 4.0, 33)
    logits, target = np.linspace(-6.0, 6.0, 25), (np.arange(25) % 2).astype(float)

    def swish(beta: float) -> np.ndarray:
        return x * activations.sigmoid(beta * x)[0]

    def same(a: float | np.ndarray, b: float | np.ndarray) -> bool:
        return bool(np.allclose(a, b, atol=1e-9))

    relu, identity = activations.relu(x)[0], x
    row = np.array([[2.0, 0.5, -1.0]])
    checks = {
        ("focal loss", "cross-entropy"): lambda v: same(
            losses.focal(logits, target, alpha=-1, gamma=v)[0], losses.bce_logits(logits, target)[0]
        ),
        ("leaky relu", "relu"): lambda v: same(activations.leaky_relu(x, alpha=v)[0], relu),
        ("leaky relu", "identity"): lambda v: same(activations.leaky_relu(x, alpha=v)[0], identity),
        ("swish", "silu"): lambda v: same(swish(v), activations.silu(x)[0]),
        ("swish", "relu"): lambda v: same(swish(200.0 if v == np.inf else v), relu),
        ("elu", "relu"): lambda v: same(activations.elu(x, alpha=v)[0], relu),
        ("label smoothing", "one-hot"): lambda v: same(
            losses.cross_entropy(row, np.array([0]), label_smoothing=v)[0],
            losses.cross_entropy(row, np.array([0]))[0],
        ),
        ("label smoothing", "uniform"): lambda v: same(  # against uniform targets: −mean log p
            losses.cross_entropy(row, np.array([0]), label_smoothing=v)[0],
            -float(np.mean(activations.log_softmax(row))),
        ),
        ("huber", "mse"): lambda v: same(  # ½r² everywhere (δ → ∞: checked at 1e6)
            [losses.huber(r, 0.0, delta=1e6 if v == np.inf else v)[0] for r in x],
            [losses.mse(r, 0.0)[0] / 2 for r in x],
        ),
        ("huber", "mae"): lambda v: same(  # Huber/δ → |r| as δ → 0 (checked at 1e-9)
            [losses.huber(r, 0.0, delta=v or 1e-9)[0] / (v or 1e-9) for r in x[x != 0]],
            [losses.mae(r, 0.0)[0] for r in x[x != 0]],
        ),
        ("softmax", "argmax"): lambda v: same(  # T → 0 (checked at 1e-3)
            activations.softmax(row[0] / (v or 1e-3))[0], np.array([1.0, 0.0, 0.0])
        ),
        ("softmax", "uniform"): lambda v: same(  # T → ∞ (checked at 1e12)
            activations.softmax(row[0] / (1e12 if v == np.inf else v))[0], np.full(3, 1 / 3)
        ),
    }
    assert len(checks) == len(claims.SPECIAL_CASES)
    for things, _, targets, value, fact in claims.SPECIAL_CASES:
        check = checks[things[0], targets[0]]
        assert check(value), (things, targets)
        assert not check(0.5), (things, targets)  # (no entry's value is 0.5)
        assert ";" not in fact


def specials(question: str, answer: str) -> list[str]:
    return found_by(scoring._special_case_contradictions, question, answer)


FOCAL_CE = claims.SPECIAL_CASES[0][4]
LEAKY_RELU = claims.SPECIAL_CASES[1][4]
SWISH = claims.SPECIAL_CASES[3][4]
SMOOTHING = claims.SPECIAL_CASES[6][4]
HUBER_LIMITS = claims.SPECIAL_CASES[8][4]
SOFTMAX_T = claims.SPECIAL_CASES[10][4]


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("focal-loss", "With γ = 1 it becomes exactly normal cross-entropy.", FOCAL_CE),
        ("focal-loss", "If you set gamma = 1 you get plain cross entropy back.", FOCAL_CE),
        ("class-imbalance-fixes", "Focal loss with γ = 2 reduces to standard CE.", FOCAL_CE),
        ("leaky-relu-prelu", "Leaky ReLU with alpha = 1 is just ReLU.", LEAKY_RELU),
        ("leaky-relu-prelu", "With slope 0 it becomes the identity.", LEAKY_RELU),
        ("swish-silu", "Swish with β = 0 reduces to ReLU.", SWISH),
        ("swish-silu", "Swish with β = 2 is exactly SiLU.", SWISH),
        ("label-smoothing", "With ε = 0.1 you get the one-hot targets back.", SMOOTHING),
        ("label-smoothing", "Setting ε = 0 makes the target uniform.", SMOOTHING),
        ("huber-vs-mse", "Huber with δ = 1 is exactly equal to MSE.", HUBER_LIMITS),
        ("huber-vs-mse", "As δ goes to infinity Huber turns into MAE.", HUBER_LIMITS),
        ("softmax-purpose", "T = 1 gives argmax.", SOFTMAX_T),
        (
            "leaky-relu-prelu",
            "Setting the slope to 1 turns Leaky ReLU into plain ReLU.",
            LEAKY_RELU,
        ),
        ("swish-silu", "β = 0 makes Swish exactly ReLU.", SWISH),
    ],
)
def test_a_wrong_special_case_contradicts_the_fact(question: str, answer: str, fact: str) -> None:
    assert specials(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("focal-loss", "With γ = 0 focal loss is the same as cross-entropy."),
        ("focal-loss", "The focusing parameter γ = 2 works best in RetinaNet."),
        ("leaky-relu-prelu", "Setting the slope to 0 recovers ReLU."),
        ("leaky-relu-prelu", "With slope 1 it becomes the identity."),
        ("leaky-relu-prelu", "For positive inputs, leaky ReLU keeps slope 1 just like ReLU."),
        ("swish-silu", "With β = 1 swish is exactly SiLU."),
        ("swish-silu", "As β → ∞ swish approaches ReLU."),
        ("swish-silu", "With β = 10 it is almost ReLU."),
        ("label-smoothing", "With ε = 0 you recover the one-hot targets."),
        ("focal-loss", "With γ = 1 it is not plain cross-entropy any more."),
        ("focal-loss", "It is not true that γ = 1 gives plain cross-entropy."),
        ("huber-vs-mse", "As δ → ∞ Huber becomes ½r², the MSE shape."),
        ("huber-vs-mse", "With a huge δ Huber behaves like MSE."),
        ("softmax-purpose", "As T → 0 softmax turns into a one-hot argmax."),
        ("label-smoothing", "With ε = 1 the target becomes uniform."),
        ("focal-loss", "In focal loss p_t = 1 gives a loss of 0, and p t near 0.5 is uniform."),
    ],
)
def test_a_true_or_approximate_special_case_contradicts_nothing(question: str, answer: str) -> None:
    assert specials(question, answer) == []


@pytest.mark.parametrize(
    ("question", "answer", "flagged"),
    [
        ("label-smoothing", "The wrong classes each get ε/K, so 0.0001 each for K = 1000.", False),
        ("label-smoothing", "The wrong classes each get ε.", True),
        ("sigmoid-formula-use", "Sigmoid probabilities add up to 1 over the outputs.", True),
    ],
)
def test_a_quantity_that_goes_on_as_a_ratio_is_another_quantity(
    runner: CliRunner, question: str, answer: str, flagged: bool
) -> None:
    """A misconception's phrasing that ends on a quantity ("... get ε") is not said where the
    answer goes on with a ratio ("ε/K"); "1 over the outputs" is no ratio."""
    data = json.loads(runner.invoke(app, ["grade", question, answer, "--json"]).stdout)
    assert bool(data["misconceptions"]) is flagged


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("bce-one-line", "Because p is a probability in [0, 1], log p is never positive."),
        (
            "multiclass-cross-entropy",
            "The minimum is only reached in the limit: softmax never outputs exactly 1.",
        ),
    ],
)
def test_a_sign_or_an_exact_value_denied_contradicts_no_key_point(
    runner: CliRunner, question: str, answer: str
) -> None:
    """ "log p is never positive" says the sign of a term, not that the loss has no log p;
    "softmax never outputs exactly 1" denies a value, not that softmax gives the outputs."""
    data = json.loads(runner.invoke(app, ["grade", question, answer, "--json"]).stdout)
    assert data["contradictions"] == [] and data["misconceptions"] == []


def inits(question: str, answer: str) -> list[str]:
    return found_by(scoring._init_contradictions, question, answer)


XAVIER = claims.INIT_PAIRS[0][3]
HE = claims.INIT_PAIRS[1][3]


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        (
            "default-hidden-activation",
            "ReLU, paired with Xavier/Glorot init, which was derived specifically for ReLU layers.",
            XAVIER,
        ),
        ("dead-relu", "He initialization was designed for tanh.", HE),
        ("dead-relu", "Xavier is the right choice for ReLU networks.", XAVIER),
    ],
)
def test_an_initialisation_paired_with_the_others_activation_contradicts_the_fact(
    question: str, answer: str, fact: str
) -> None:
    assert inits(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("dead-relu", "He init for ReLU, Xavier for tanh."),
        (
            "dead-relu",
            "Glorot init assumes a linear regime, so it fits tanh; for ReLU you want He.",
        ),
        ("dead-relu", "Xavier works poorly with ReLU because the variance halves."),
        ("dead-relu", "Use He init rather than Xavier for ReLU."),
        ("dead-relu", "He said ReLU is fine."),
        ("dead-relu", "He said tanh was the right choice."),
        ("dead-relu", "Xavier with ReLU is a bad pairing."),
        ("dead-relu", "In my runs I used Xavier with ReLU."),
        ("dead-relu", "Xavier and He init both work with ReLU and tanh if you rescale."),
    ],
)
def test_a_true_or_guarded_initialisation_pair_contradicts_nothing(
    question: str, answer: str
) -> None:
    assert inits(question, answer) == []


@pytest.mark.parametrize("rule", [bounds, pairs, specials, inits])
def test_every_model_answer_and_correct_example_states_nothing_wrong(
    rule: Callable[[str, str], list[str]],
) -> None:
    for question, text in correct_texts():
        assert rule(question, text) == [], (question, text)


def test_the_initialisation_pairs_follow_from_the_activations_gains() -> None:
    """He's factor 2 is ReLU's: for x ~ N(0, 1), E[ReLU(x)²] = 1/2, so each ReLU layer halves
    the second moment Xavier keeps (Xavier assumes a unit slope at 0, tanh's)."""
    half = mp.quad(lambda x: max(x, 0) ** 2 * mp.npdf(x), [-mp.inf, 0, mp.inf])
    assert half == pytest.approx(0.5, abs=1e-12)
    assert mp.diff(mp.tanh, 0) == pytest.approx(1.0)
    assert set(claims.INIT_PAIRS[0][2]) == set(claims.INIT_PAIRS[1][1])
    assert set(claims.INIT_PAIRS[0][1]) == set(claims.INIT_PAIRS[1][2])
