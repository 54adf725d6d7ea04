"""Facts checked by a table (issue 18, judging round 22): a sentence that says a well-known model
uses an activation it does not is a contradiction of the fact (claims.MODEL_ACTIVATIONS)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
from typer.testing import CliRunner

from actloss_quiz import claims, scoring
from actloss_quiz.bank import load_bank
from actloss_quiz.cli import app
from actloss_quiz.scoring import judge_part, known_words

BANK = load_bank()
KNOWN = known_words(BANK.questions)
VIT = "ViT uses GELU in its MLP blocks."
TRANSFORMER = next(f for names, _, f in claims.MODEL_ACTIVATIONS if "original transformer" in names)
LLAMA = next(f for names, _, f in claims.MODEL_ACTIVATIONS if "llama" in names)
RESNET = next(f for names, _, f in claims.MODEL_ACTIVATIONS if "resnet" in names)
BERT = next(f for names, _, f in claims.MODEL_ACTIVATIONS if names == ("bert",))
GPT = next(f for names, _, f in claims.MODEL_ACTIVATIONS if "gpt-2" in names)


def facts(question: str, answer: str) -> list[str]:
    q = BANK.by_id(question)
    assert q is not None
    return [c.point for c in judge_part(BANK, q, answer, KNOWN).contradictions if c.point in _ALL]


_ALL = {fact for _, _, fact in claims.MODEL_ACTIVATIONS}


@pytest.mark.parametrize(
    ("answer", "fact"),
    [
        ("ViT's feed-forward blocks are built on max(0, x).", VIT),
        ("Vaswani et al.'s 2017 architecture already had GELU inside its blocks.", TRANSFORMER),
        (
            "Yes, the original 2017 Transformer already used GELU in its feed-forward layers.",
            TRANSFORMER,
        ),
        ("BERT and GPT use GELU, whereas the original 2017 Transformer used tanh.", TRANSFORMER),
        ("Models like LLaMA just stick with vanilla GELU in their MLP blocks.", LLAMA),
        ("ResNet's convolutional blocks are built around GELU out of the box.", RESNET),
    ],
)
def test_a_model_said_to_use_an_activation_it_does_not_contradicts_the_fact(
    answer: str, fact: str
) -> None:
    assert facts("relu-definition", answer) == [fact]


def test_each_model_said_to_use_the_wrong_activation_is_shown_once() -> None:
    said = "BERT, GPT and LLaMA all run vanilla max(0, x) in their feed-forward blocks."
    assert facts("relu-definition", said) == [BERT, GPT, LLAMA]
    assert facts("relu-definition", f"{said} BERT runs ReLU.") == [BERT, GPT, LLAMA]


@pytest.mark.parametrize(
    "answer",
    [
        "BERT and GPT use GELU; ViT does too, and LLaMA uses SwiGLU.",
        "ReLU for ResNets, GELU for BERT and ViT, SwiGLU for LLaMA.",
        "BERT uses GELU, unlike the original Transformer, which used ReLU.",  # a contrast
        "Like ResNet, ViT uses GELU.",  # another model named uses it: said of that one
        "LLaMA replaced GELU with SwiGLU.",  # a change
        "The original Transformer used ReLU before BERT moved to GELU.",
        "If ResNet had used GELU it might have been slightly better.",  # a hypothetical
        "ResNet does not use GELU.",  # a negation
        "GPT-4 uses SwiGLU.",  # not in the table: unpublished
        "GELU beats ReLU in BERT.",  # a comparison
        "GPT-2 computes GELU with the tanh approximation.",  # tanh is a modifier here
        "ResNet introduced residual connections.",  # no activation named, no use
    ],
)
def test_a_true_or_guarded_sentence_contradicts_no_fact(answer: str) -> None:
    assert facts("relu-definition", answer) == []


def test_a_model_with_no_activation_named_uses_the_questions_subject() -> None:
    """Asked about GELU, "BERT and GPT use it" is true; asked about SiLU, it is not."""
    said = "Smooth, and used in BERT and GPT."
    assert facts("gelu-transformers", said) == []
    assert facts("swish-silu", said) == [BERT, GPT]
    # without a verb of use, naming a model says nothing of what it uses
    assert facts("swish-silu", "ResNet showed how deep nets can get.") == []


def test_every_model_answer_contradicts_no_fact() -> None:
    for q in BANK.questions:
        for part in (q, *q.follow_ups):
            assert facts(q.id, part.answer) == [], q.id


def test_grade_shows_a_contradicted_fact_and_caps_the_suggestion(runner: CliRunner) -> None:
    answer = (
        "max(0, x): cheap to compute, sparse activations, and it does not saturate for x > 0. "
        "ViT's MLP blocks are built on it."
    )
    result = runner.invoke(app, ["grade", "relu-definition", answer, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["contradictions"] == [{"point": VIT, "said": "ViT's MLP blocks are built on it"}]
    assert data["misconceptions"] == [] and data["suggested"] == "hard"
    shown = runner.invoke(app, ["grade", "relu-definition", answer]).stdout
    assert "✗ contradicts: ViT uses GELU in its MLP blocks." in shown


def test_a_fact_an_asserted_misconception_corrects_is_not_shown_twice(runner: CliRunner) -> None:
    answer = "ReLU by default for CNNs; the original 2017 Transformer already used GELU."
    data = json.loads(
        runner.invoke(app, ["grade", "default-hidden-activation", answer, "--json"]).stdout
    )
    assert [m["claim"] for m in data["misconceptions"]] == ["The original Transformer used GELU"]
    assert data["contradictions"] == [] and data["suggested"] == "again"


RELU_ORIGIN = next(f for names, _, f in claims.ORIGINS if names[0] == "relu")
GELU_ORIGIN = next(f for names, _, f in claims.ORIGINS if names[0] == "gelu")
PRELU_ORIGIN = next(f for names, _, f in claims.ORIGINS if names[0] == "prelu")
FOCAL_ORIGIN = next(f for names, _, f in claims.ORIGINS if names[0] == "focal loss")
_ORIGINS = {fact for _, _, fact in claims.ORIGINS}


def origins(question: str, answer: str) -> list[str]:
    q = BANK.by_id(question)
    assert q is not None
    found = judge_part(BANK, q, answer, KNOWN).contradictions
    return [c.point for c in found if c.point in _ORIGINS]


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("relu-definition", "It was introduced in the 2017 Transformer paper.", RELU_ORIGIN),
        (
            "relu-training-speed",
            "It was the ResNet paper in 2015 that first popularized ReLU.",
            RELU_ORIGIN,
        ),
        (
            "gelu-transformers",
            "GELU was first introduced in the original ResNet paper.",
            GELU_ORIGIN,
        ),
        ("relu-definition", "PReLU was introduced in the ResNet paper.", PRELU_ORIGIN),
        (
            "focal-loss",
            "It was proposed to fix imbalance in two-stage detectors like Faster R-CNN.",
            FOCAL_ORIGIN,
        ),
    ],
)
def test_a_thing_said_to_come_from_another_source_contradicts_its_origin(
    question: str, answer: str, fact: str
) -> None:
    assert origins(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("relu-definition", "ReLU was popularized by AlexNet in 2012."),
        ("relu-definition", "AlexNet popularised ReLU, and ResNet in 2015 used it too."),
        ("relu-definition", "ReLU was introduced long before the Transformer."),  # a change
        ("relu-definition", "He init was proposed in 2015 for ReLU networks."),  # not its verb
        ("relu-definition", "ReLU is the most popular activation in ResNet."),  # an adjective
        ("gelu-transformers", "GELU, introduced in 2016, was popularised by BERT in 2018."),
        ("leaky-relu-prelu", "PReLU was introduced by He et al. in 2015."),
        ("leaky-relu-prelu", "ResNet introduced residual connections."),  # about ResNet
        ("focal-loss", "Focal loss was introduced with RetinaNet in 2017 for one-stage detection."),
        ("focal-loss", "Two-stage detectors like Faster R-CNN filter negatives with proposals."),
        ("relu-definition", "If ReLU had been introduced in the Transformer paper, ..."),
    ],
)
def test_a_true_or_guarded_origin_contradicts_nothing(question: str, answer: str) -> None:
    assert origins(question, answer) == []


def test_every_model_answer_states_no_wrong_origin() -> None:
    for q in BANK.questions:
        for part in (q, *q.follow_ups):
            assert origins(q.id, part.answer) == [], q.id


def _engine_properties(key: str) -> dict[str, bool]:
    """Each property of claims.PROPERTIES as the engine computes it on a grid."""
    import numpy as np

    from actloss_quiz.engine import activations as act

    f = {
        "relu": act.relu,
        "leaky relu": act.leaky_relu,
        "elu": act.elu,
        "gelu": act.gelu,
        "silu": act.silu,
        "sigmoid": act.sigmoid,
        "tanh": act.tanh,
        "softplus": act.softplus,
    }[key]
    x = np.linspace(-60.0, 60.0, 240_001)
    y, dy = f(x)
    left, right = f(np.array([-1e-6]))[1][0], f(np.array([1e-6]))[1][0]
    return {
        "monotonic": bool(np.all(np.diff(y) >= -1e-12)),
        # bounded on a side where it stops changing far out (Leaky ReLU keeps slope 0.01)
        "bounded above": bool(abs(y[-1] - y[-4001]) < 1e-3),
        "bounded below": bool(abs(y[0] - y[4000]) < 1e-3),
        "smooth": bool(abs(right - left) < 1e-4 and np.all(np.abs(np.diff(dy)) < 1e-2)),
        "zero-centred": bool(abs(f(np.array([0.0]))[0][0]) < 1e-12 and np.allclose(y, -y[::-1])),
        "odd": bool(np.allclose(y, -y[::-1])),
        "even": bool(np.allclose(y, y[::-1])),
    }


@pytest.mark.parametrize("key", sorted(claims.PROPERTIES))
def test_every_property_in_the_table_is_what_the_engine_computes(key: str) -> None:
    computed = _engine_properties(key)
    for prop, holds in claims.PROPERTIES[key].items():
        assert computed[prop] == holds, (key, prop)


GELU_MONOTONIC = "GELU is not monotonic: it dips below 0 for negative inputs and comes back to 0."
SILU_ABOVE = "SiLU (Swish) is unbounded above: it grows without limit."
RELU_CENTRED = "ReLU is not zero-centred: its outputs are positive or mostly positive."
RELU_ABOVE = "ReLU is unbounded above: it grows without limit."
LEAKY_KINK = "Leaky ReLU has a kink at 0, where it is not differentiable."
TANH_ODD = "Tanh is odd: f(−x) = −f(x)."
TANH_NOT_EVEN = "Tanh is not an even function."
SIGMOID_NOT_EVEN = "Sigmoid is not an even function."
SILU_BELOW = "SiLU (Swish) is bounded below."
_PROPERTY_FACTS = {
    GELU_MONOTONIC,
    SILU_ABOVE,
    RELU_CENTRED,
    RELU_ABOVE,
    LEAKY_KINK,
    TANH_ODD,
    TANH_NOT_EVEN,
    SIGMOID_NOT_EVEN,
    SILU_BELOW,
}


def found_by(
    rule: Callable[..., list[scoring.Contradiction]], question: str, answer: str
) -> list[str]:
    """The facts one table's rule finds in an answer to a question, read as the judge reads it
    (a misconception that says the same hides them from the judgement:
    `test_a_property_an_asserted_misconception_corrects_is_not_shown_twice`)."""
    q = BANK.by_id(question)
    assert q is not None
    groups = scoring._groups(BANK.synonyms)
    text = scoring._fold(scoring._normalise_phrasing(answer), scoring._synonym_index(groups))
    return [c.point for c in rule(answer, text, groups, q.subject)]


def correct_texts() -> Iterator[tuple[str, str]]:
    """(question id, text) of every model answer (main and follow-up), key point example and
    misconception must-not example of the bundled bank: none may state a false fact."""
    for q in BANK.questions:
        for part in (q, *q.follow_ups):
            yield q.id, part.answer
            for kp in part.key_points:
                for e in kp.examples.match:
                    yield q.id, e
            for m in part.misconceptions:
                for e in m.examples.no_match:
                    yield q.id, e


def properties(question: str, answer: str) -> list[str]:
    return found_by(scoring._property_contradictions, question, answer)


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        (
            "gelu-transformers",
            "It's smooth and, unlike Swish, monotonic everywhere.",
            GELU_MONOTONIC,
        ),
        ("gelu-transformers", "Yes: GELU is monotonic, while Swish dips.", GELU_MONOTONIC),
        (
            "swish-silu",
            "Unlike ReLU, it's bounded above, which keeps activations small.",
            SILU_ABOVE,
        ),
        (
            "relu-training-speed",
            "ReLU outputs are also bounded, which keeps them small.",
            RELU_ABOVE,
        ),
        (
            "relu-training-speed",
            "Also ReLU outputs are zero-centred, which speeds things up.",
            RELU_CENTRED,
        ),
        (
            "relu-definition",
            "Is it smooth? Yes, it's differentiable everywhere.",
            "ReLU has a kink at 0, where it is not differentiable.",
        ),
        ("tanh-vs-sigmoid", "Tanh is not an odd function.", TANH_ODD),
        (
            "relu-derivative-zero",
            "Leaky ReLU removes the kink, so it's differentiable at zero too.",
            LEAKY_KINK,
        ),
        # the properties in other words (round 23)
        ("gelu-transformers", "It only ever increases as x grows, never dipping.", GELU_MONOTONIC),
        ("gelu-transformers", "It's monotonically increasing, which helps.", GELU_MONOTONIC),
        ("relu-definition", "Its outputs average out around zero, like tanh's.", RELU_CENTRED),
        ("tanh-vs-sigmoid", "Tanh mirrors across the vertical axis.", TANH_NOT_EVEN),
        ("sigmoid-formula-use", "It's mirror-symmetric about the y-axis.", SIGMOID_NOT_EVEN),
        ("swish-silu", "Unlike sigmoid, SiLU goes to minus infinity.", SILU_BELOW),
    ],
)
def test_an_activation_said_to_have_a_property_it_lacks_contradicts_the_fact(
    question: str, answer: str, fact: str
) -> None:
    assert fact in _PROPERTY_FACTS or fact.startswith("ReLU has a kink")
    assert properties(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("gelu-transformers", "GELU is smooth and non-monotonic, unlike ReLU."),
        (
            "gelu-transformers",
            "GELU is bounded below, with a minimum near -0.17, and unbounded above.",
        ),
        ("gelu-transformers", "So it's a soft, smooth version of ReLU's gate, with no hard kink."),
        ("swish-silu", "Versus ReLU it's smooth and non-monotonic: it dips slightly below zero."),
        ("swish-silu", "It isn't piecewise like ReLU and has no kink."),
        ("swish-silu", "x·σ(x), smooth, non-monotone, like a soft ReLU."),
        ("relu-definition", "ReLU is smooth except at 0."),  # a qualifier
        ("relu-definition", "ReLU's gradient is bounded."),  # said of its gradient
        ("relu-definition", "ReLU does not keep activations bounded."),
        ("relu-definition", "Sigmoid is bounded, ReLU is not."),
        ("relu-derivative-zero", "Leaky ReLU does not avoid the kink; its slopes are 0.01 and 1."),
        ("relu-derivative-zero", "Sample test points away from 0, avoid the kink."),
        ("tanh-vs-sigmoid", "Tanh is a rescaled sigmoid centred at 0."),  # a predicate noun
        ("tanh-vs-sigmoid", "Sigmoid's outputs are always positive, not centred around zero."),
        ("tanh-vs-sigmoid", "Tanh outputs are not always zero-mean; shifted inputs shift them."),
        ("bce-one-line", "It isn't bounded: confident mistakes cost without limit."),  # of BCE
        ("bce-one-line", "An unbounded penalty for confident mistakes."),  # attributive
        ("default-hidden-activation", "Smoothness is not why ReLU trains faster."),
        ("gelu-transformers", "GELU is smoother than ReLU."),  # a comparison
        ("relu-definition", "ReLU is non-decreasing and never decreases."),
        ("tanh-vs-sigmoid", "Tanh is strictly increasing and symmetric about the origin."),
        ("swish-silu", "SiLU decreases and then increases on the negative side."),
        ("leaky-relu-prelu", "Leaky ReLU goes to minus infinity as x does."),
        (
            "tanh-vs-sigmoid",
            "Cosh is an even function, symmetric about the y-axis, while tanh is odd.",
        ),
        ("relu-definition", "I think it only ever increases, but a dead unit stays at 0."),
    ],
)
def test_a_true_or_guarded_property_contradicts_nothing(question: str, answer: str) -> None:
    assert properties(question, answer) == []


def test_a_property_an_asserted_misconception_corrects_is_not_shown_twice() -> None:
    q = BANK.by_id("gelu-transformers")
    assert q is not None
    judged = judge_part(BANK, q, "GELU is monotonic.", KNOWN)
    assert [m.claim for m in judged.misconceptions] == ["GELU is monotonic"]
    assert judged.contradictions == ()


def test_a_misconception_about_another_trait_leaves_the_origin_shown() -> None:
    """ "SiLU/Swish is bounded above" corrects a property, not where SiLU came from; the
    subject's origin is shown once, as its first name's thing."""
    q = BANK.by_id("swish-silu")
    assert q is not None
    answer = "Unlike ReLU it is bounded above. It was introduced in the ResNet paper."
    judged = judge_part(BANK, q, answer, KNOWN)
    assert [m.claim for m in judged.misconceptions] == [
        "SiLU/Swish is bounded above (saturates for large x)"
    ]
    silu = next(f for names, _, f in claims.ORIGINS if names[0] == "silu")
    assert [c.point for c in judged.contradictions] == [silu]


def costs(question: str, answer: str) -> list[str]:
    return found_by(scoring._cost_contradictions, question, answer)


GELU_COST = "ReLU is cheaper to compute than GELU: one comparison per element, no exponential."
SILU_COST = "ReLU is cheaper to compute than SiLU: one comparison per element, no exponential."


@pytest.mark.parametrize(
    ("question", "answer", "fact"),
    [
        ("gelu-transformers", "GELU needs fewer operations per element than ReLU.", GELU_COST),
        ("gelu-transformers", "Evaluating it takes fewer operations than max(0, x).", GELU_COST),
        ("swish-silu", "It's actually lighter to compute than ReLU.", SILU_COST),
        ("swish-silu", "Swish is cheaper than ReLU on GPUs since there's no branching.", SILU_COST),
        ("default-hidden-activation", "ReLU is more expensive to compute than GELU.", GELU_COST),
        ("default-hidden-activation", "ReLU costs more compute than Swish.", SILU_COST),
    ],
)
def test_an_activation_said_to_be_cheaper_than_relu_contradicts_the_fact(
    question: str, answer: str, fact: str
) -> None:
    assert costs(question, answer) == [fact]


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("gelu-transformers", "GELU is slower to compute than ReLU but trains better."),
        ("gelu-transformers", "GELU costs more compute than ReLU."),
        ("relu-definition", "ReLU is cheaper than GELU, which needs an erf."),
        ("swish-silu", "ReLU is less expensive than SiLU."),
        ("gelu-transformers", "GELU is not cheaper than ReLU."),
        ("gelu-transformers", "GELU often converges faster than ReLU in Transformers."),  # training
        (
            "relu-training-speed",
            "ReLU nets converge faster than sigmoid ones; it's cheaper than tanh.",
        ),
        ("leaky-relu-prelu", "Leaky ReLU is about as cheap as ReLU."),
        ("gelu-transformers", "If GELU were cheaper than ReLU, everyone would use it."),
    ],
)
def test_a_true_or_guarded_cost_contradicts_nothing(question: str, answer: str) -> None:
    assert costs(question, answer) == []


def test_a_cost_or_value_a_misconception_corrects_is_not_shown_twice(runner: CliRunner) -> None:
    """The misconception's claim, read as an answer, contradicts the same fact: one correction."""
    answer = "x·σ(x), smooth and non-monotonic. It is cheaper to compute than ReLU."
    data = json.loads(runner.invoke(app, ["grade", "swish-silu", answer, "--json"]).stdout)
    assert [m["claim"] for m in data["misconceptions"]] == ["Swish is cheaper than ReLU"]
    assert data["contradictions"] == []
    q = BANK.by_id("gelu-transformers")
    assert q is not None
    minimum = next(m for m in q.misconceptions if "minimum" in m.claim)
    judged = judge_part(BANK, q, "Its minimum is about −0.5, at x ≈ −0.75.", KNOWN)
    assert list(judged.misconceptions) == [minimum] and not judged.contradictions


def test_a_bound_denied_with_its_numbers_is_no_claim_of_unboundedness() -> None:
    """ "Not bounded between 0 and 1" denies those bounds (true of tanh), not every bound."""
    q = BANK.by_id("tanh-vs-sigmoid")
    assert q is not None
    for said in ("Tanh is not bounded between 0 and 1.", "Tanh is not bounded by 0.5."):
        judged = judge_part(BANK, q, said, KNOWN)
        assert not judged.misconceptions and not judged.contradictions, said
    claims_said = [
        m.claim for m in judge_part(BANK, q, "Tanh is not bounded.", KNOWN).misconceptions
    ]
    assert claims_said == ["Tanh is unbounded"]
