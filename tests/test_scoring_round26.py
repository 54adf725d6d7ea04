"""Judging round 26 (issue 18): the general rules that six new paraphrase writers' correct
sentences showed, and the claim's own words as a phrasing. Each writer saw only the questions,
model answers and false claims; these tests hold the rules through the bundled bank's judge."""

from __future__ import annotations

import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import load_bank
from actloss_quiz.bank.model import Misconception

BANK = load_bank()
KNOWN = scoring.known_words(BANK.questions)


def judged(question: str, answer: str) -> scoring.Judgement:
    q = BANK.by_id(question)
    assert q is not None
    return scoring.judge_part(BANK, q, answer, KNOWN)


def flagged(question: str, answer: str) -> list[str]:
    return [m.claim for m in judged(question, answer).misconceptions]


def contradicted(question: str, answer: str) -> list[str]:
    return [c.point for c in judged(question, answer).contradictions]


# (question, a correct sentence with a wrong claim's words, the claim said wrongly, the claim)
PAIRS = [
    # a wrong claim's words do not run out of a bracketed aside
    (
        "huber-vs-mse",
        "Near zero it behaves like MSE (smooth, quadratic), far out like L1 (linear).",
        "Huber is quadratic far out (for big residuals).",
        "Huber is linear near zero and quadratic far out",
    ),
    # a verdict after the claim rejects it: fails, worsens (after a bracket), leaks
    (
        "softmax-ce-together",
        "Dividing raw logits by their sum fails for negatives; softmax exponentiates first.",
        "Softmax divides the raw logits by their sum.",
        "Softmax divides each logit by the sum of the logits (no exponential)",
    ),
    (
        "class-imbalance-fixes",
        "The reverse (oversample the majority) worsens the imbalance.",
        "To fix it, oversample the majority class.",
        "Oversample the majority class / undersample the minority class (swapped)",
    ),
    (
        "class-imbalance-fixes",
        "SMOTE before the split leaks interpolated points into the test set.",
        "Apply SMOTE before splitting into train and test.",
        "Oversample (or apply SMOTE) before splitting into train and test",
    ),
    # two things named as one, then said to differ
    (
        "default-hidden-activation",
        "The expression x·σ(1.702x) only approximates GELU; GELU and SiLU are different functions.",
        "GELU and SiLU are two names for one activation.",
        "GELU is the same function as SiLU (x·σ(x))",
    ),
    # a relative after "unlike X" is X's
    (
        "softmax-purpose",
        "Softmax is nonlinear in the logits, unlike an elementwise scaling layer, whose Jacobian "
        "really is diagonal.",
        "Softmax has a diagonal Jacobian.",
        "Softmax is linear in the logits / has a diagonal Jacobian",
    ),
    (
        "swish-silu",
        "Unlike the identity, whose slope at 0 is 1, SiLU has slope 0.5 at the origin.",
        "SiLU's slope at 0 is 1.",
        "SiLU's derivative at 0 is 1",
    ),
    # the claim's last word names what a relative is for
    (
        "choosing-a-loss",
        "Hinge loss is a margin loss for classification; its regression cousin is the "
        "epsilon-insensitive loss of SVR.",
        "Hinge loss is for regression.",
        "Hinge loss is for regression",
    ),
    # the claim's noun with a number of its own right after it
    (
        "focal-loss",
        "RetinaNet's α = 0.25 weights foreground by 0.25 and background by 0.75.",
        "The α = 0.25 is for the background.",
        "Focal loss's α = 0.25 weights the negatives (background)",
    ),
    # a consequence the answer turns against the claim ("yet")
    (
        "relu-derivative-zero",
        "A value does not fix a derivative: relu(0) = 0, yet the derivative at 0 doesn't exist.",
        "relu(0) = 0 so its derivative is 0.",
        "ReLU's derivative at 0 is 0 because relu(0) = 0",
    ),
    # the claim's own words, apart ("ReLU WHOSE derivative"), are not the claim
    (
        "relu-definition",
        "Softplus is a smooth ReLU whose derivative is σ(x).",
        "ReLU's derivative is the sigmoid.",
        "ReLU's derivative is the sigmoid (that is softplus's derivative)",
    ),
    # a smoothed hinge is another loss
    (
        "hinge-loss",
        "A smoothed hinge is differentiable everywhere.",
        "Hinge loss is differentiable everywhere.",
        "Hinge loss is differentiable everywhere",
    ),
    # the claim in its own words, which stand together ("EXPONENTIATED logit" is no "logit")
    (
        "focal-loss",
        "A larger γ focuses more on hard examples.",
        "A larger γ focuses less on hard examples.",
        "A larger γ focuses less on hard examples (closer to cross-entropy)",
    ),
    # (a part of fewer than four words, "Use cross-entropy", is not looked for)
    (
        "regression-output-activation",
        "Classification uses cross-entropy; regression uses MSE.",
        "Train the regression head with cross entropy.",
        "Use cross-entropy / softmax-style loss with a linear regression head",
    ),
    (
        "softmax-purpose",
        "It divides each exponentiated logit by the sum of the exponentiated logits.",
        "Softmax divides each logit by the sum of the logits.",
        "Softmax divides each logit by the sum of the logits",
    ),
]


@pytest.mark.parametrize(("question", "right", "wrong", "claim"), PAIRS)
def test_the_right_sentence_is_not_flagged_and_the_wrong_one_is(
    question: str, right: str, wrong: str, claim: str
) -> None:
    assert claim not in flagged(question, right)
    assert claim in flagged(question, wrong)


def test_a_reason_denied_with_not_why_is_not_asserted() -> None:
    right = (
        "Cross-entropy uses the very same discrete labels and is smooth, so label discreteness "
        "is not why accuracy is non-differentiable."
    )
    claim = "Accuracy is non-differentiable because the labels are discrete"
    assert judged("accuracy-not-differentiable", right).contradictions == ()
    assert claim not in flagged("accuracy-not-differentiable", right)
    said = "Accuracy is non-differentiable because the labels are discrete."
    assert claim in flagged("accuracy-not-differentiable", said)


def test_a_denied_authorship_is_no_contradiction_of_the_fact() -> None:
    right = "Rumelhart, Hinton and Williams did not prove universal approximation; Cybenko did."
    assert contradicted("why-nonlinear", right) == []
    # the fact itself denied is still one
    assert contradicted("why-nonlinear", "Neural networks cannot approximate any function.")


@pytest.mark.parametrize(
    ("said", "contradicts"),
    [
        ("Setting γ = 1 in focal loss recovers the plain cross-entropy.", True),
        ("Focal loss reduces to standard cross-entropy when γ = 1.", True),
        ("Focal loss reduces to standard cross-entropy when γ = 0.", False),
    ],
)
def test_a_special_case_said_around_a_name_or_after_its_target(
    said: str, contradicts: bool
) -> None:
    fact = "Focal loss with γ = 0 is (α-weighted) cross-entropy."
    assert (fact in contradicted("focal-loss", said)) is contradicts


def test_a_relative_after_a_bracket_stands_for_what_came_before_it() -> None:
    model = BANK.by_id("relu-training-speed")
    assert model is not None
    points = {p.point: p.covered for p in judged("relu-training-speed", model.answer).points}
    assert points["faster convergence"]


@pytest.mark.parametrize(
    ("claim", "parts"),
    [
        (
            "A larger γ focuses less on hard examples (closer to cross-entropy)",
            ("A larger γ focuses less on hard examples",),
        ),
        ("SiLU's derivative is σ(x) (the sigmoid itself)", ()),  # a call
        ("KL ≥ 0 always holds for any two distributions", ()),  # a symbol
        (
            "Label smoothing is the same as mixup / lowers the entropy (of the predictions)",
            ("Label smoothing is the same as mixup", "lowers the entropy"),
        ),
        ("MSE on log(y) estimates the mean of y", ()),  # a call
        ("Huber's default delta is not one", ()),  # a denial
        ("ReLU saturates at 0", ()),  # a number
    ],
)
def test_the_claims_own_words_are_looked_for_only_when_all_prose(
    claim: str, parts: tuple[str, ...]
) -> None:
    assert Misconception(claim, ("x y z",), "fix").claim_parts == parts


def test_a_claim_part_already_a_phrasing_is_not_looked_for_twice() -> None:
    m = Misconception("Tanh is the modern default", ("tanh is the modern default",), "fix")
    assert m.claim_parts == ()


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("ReLU, as I remember from a project, is cheap", ["relu", "cheap"]),
        ("ReLU is, in my understanding, cheap", ["relu", "cheap"]),
        ("ReLU is, from what I remember, cheap", ["relu", "cheap"]),
    ],
)
def test_a_discourse_aside_is_no_clause(typed: str, words: list[str]) -> None:
    text = scoring._normalise(typed)
    assert list(text.stems) == words
    assert len(set(text.clause)) == 1
