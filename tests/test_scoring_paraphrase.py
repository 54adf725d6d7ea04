"""Wrong claims in other words, and correct sentences that share a wrong claim's words (issue
18, judging rounds 25 and 26). Six paraphrase writers per round, each shown only the questions,
model answers and false claims, wrote three wrong and two correct sentences per claim; these
tests hold the general rules their sentences showed, through the bundled bank's judge, and the
claim's own words looked for as a phrasing (round 26)."""

from __future__ import annotations

import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import load_bank
from actloss_quiz.bank.model import Misconception

BANK = load_bank()
KNOWN = scoring.known_words(BANK.questions)


def judged(question: str, answer: str) -> scoring.Judgement:
    """The judge's reading of an answer to a bundled question."""
    q = BANK.by_id(question)
    assert q is not None
    return scoring.judge_part(BANK, q, answer, KNOWN)


def flagged(question: str, answer: str) -> list[str]:
    return [m.claim for m in judged(question, answer).misconceptions]


def contradicted(question: str, answer: str) -> list[str]:
    return [c.point for c in judged(question, answer).contradictions]


# (question, a correct sentence that shares a wrong claim's words, the wrong claim said plainly,
# the claim): the first must not be flagged, the second must.
PAIRS = [
    # a relation among the claim's words: a surrogate is not the thing
    (
        "multiclass-cross-entropy",
        "Minimising cross-entropy is a differentiable surrogate for maximising accuracy.",
        "Minimising cross-entropy is the same as maximising accuracy.",
        "Minimising cross-entropy is the same as maximising accuracy",
    ),
    # a range among them
    (
        "huber-vs-mse",
        "Huber gives something between the mean and the median.",
        "Huber gives the mean.",
        "Huber estimates the conditional mean exactly (like MSE)",
    ),
    # an equivalence that joins a clause to the next
    (
        "choosing-a-loss",
        "Minimise the negative log-likelihood, which is the same as maximising the log-likelihood.",
        "Maximise the negative log-likelihood.",
        "Maximise the negative log-likelihood",
    ),
    # a comparative
    (
        "softmax-purpose",
        "Temperature scaling can make softmax outputs better calibrated probabilities.",
        "Softmax outputs are calibrated probabilities.",
        "Softmax outputs are calibrated probabilities",
    ),
    # a head noun after the claim's last word
    (
        "kl-divergence",
        "KL between two Gaussian mixtures has no closed form.",
        "KL between two Gaussians has no closed form.",
        "The KL between two Gaussians has no closed form",
    ),
    # another number between the claim's number and its unit; a name's number is no minus
    (
        "relu-training-speed",
        "AlexNet reported ReLU reaching 25% training error on CIFAR-10 about six times faster "
        "than tanh.",
        "AlexNet reported ReLU converging ten times faster than tanh.",
        "AlexNet reported ReLU converging ~100x (orders of magnitude) faster",
    ),
    (
        "relu-training-speed",
        "AlexNet's ReLU net reached 10% error 6 times faster than tanh.",
        "AlexNet's ReLU net trained 10 times faster than tanh.",
        "AlexNet reported ReLU converging ~100x (orders of magnitude) faster",
    ),
    # "applies to" holds for, it does not use
    (
        "choosing-a-loss",
        "The robustness argument applies to MSE when the targets have outliers: it is "
        "sensitive to them.",
        "Apply MSE when the targets have outliers.",
        "Use MSE when the targets have outliers",
    ),
    # the subject named as what a relative is of: said of the relative
    (
        "relu-derivative-zero",
        "Softplus, the smooth cousin of ReLU, is differentiable at 0, whereas ReLU itself isn't.",
        "ReLU is differentiable at 0.",
        "ReLU is differentiable at 0",
    ),
    (
        "relu-derivative-zero",
        "Softplus, a smooth approximation of ReLU, is differentiable at 0.",
        "It is differentiable at 0.",
        "ReLU is differentiable at 0",
    ),
    # minus the gradient is the descent direction
    (
        "softmax-ce-together",
        "The negative gradient wrt the logits is y − p̂.",
        "Its gradient wrt the logits is y − p̂.",
        "The gradient with respect to the logits is y − p (sign swapped)",
    ),
    # a denial merged into its opposite ("not saturation") among the claim's words
    (
        "dead-relu",
        "A dead ReLU is not saturation at large positive inputs, its pre-activation is negative.",
        "A dead ReLU is one whose output saturates at 1 for big inputs.",
        "Dead ReLU means saturation at large positive inputs",
    ),
    # "not" before a list reaches its last item across the list's comma
    (
        "default-hidden-activation",
        "ResNets do not use GELU, tanh or sigmoid by default.",
        "Sigmoid is the default hidden activation.",
        "Sigmoid is the default hidden activation",
    ),
    # "only when" restricts the claim to where it holds
    (
        "huber-vs-mse",
        "PyTorch's HuberLoss and SmoothL1Loss are identical only when δ = β = 1.",
        "PyTorch's HuberLoss and SmoothL1Loss are identical.",
        "PyTorch's HuberLoss and SmoothL1Loss are identical for every δ (β)",
    ),
    # "on each side", "everywhere else": qualifiers that make the claim true
    (
        "relu-definition",
        "ReLU is linear on each side of 0, not a linear function globally.",
        "ReLU is a linear function.",
        "ReLU is a linear function",
    ),
    (
        "relu-derivative-zero",
        "Leaky ReLU is not differentiable at 0, though it is differentiable everywhere else.",
        "Leaky ReLU is differentiable everywhere.",
        "Leaky ReLU is differentiable at 0",
    ),
    # a phrasing's own negation does not reach into a bracket
    (
        "gelu-transformers",
        "ReLU and softplus are convex; GELU isn't (dips below 0).",
        "GELU has no dip.",
        "GELU is monotonic",
    ),
    # another thing of the domain (ReLU6) is not ReLU
    (
        "relu-definition",
        "ReLU6 is bounded above at 6; plain ReLU is unbounded.",
        "ReLU is bounded above.",
        "ReLU saturates for large inputs / is bounded above",
    ),
    (
        "swish-silu",
        "Hard swish has a kink at -3 and at 3.",
        "Swish has a kink at 0.",
        "Swish/SiLU has a kink (is not smooth)",
    ),
    # "barely" denies as "hardly" does
    (
        "focal-loss",
        "Hard examples are barely down-weighted by focal loss.",
        "Hard examples are down-weighted by focal loss.",
        "Focal loss down-weights hard examples",
    ),
    # "not zero for every point" denies the "every", not the zero
    (
        "hinge-loss",
        "Hinge is not zero for every correctly classified point.",
        "Hinge loss never reaches zero.",
        "Hinge loss is never zero",
    ),
    # a modal the normaliser drops: "the loss must be convex" is no "the loss is convex"
    (
        "loss-definition",
        "For linear regression with MSE the training loss is convex.",
        "A loss must be convex, otherwise gradient descent cannot be used.",
        "A loss function must be convex",
    ),
    # judging round 26: six new writers
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
    # a claim about the hidden layers, in a clause about the output layer (round 27)
    (
        "default-hidden-activation",
        "Sigmoid is the default output activation when the label is binary.",
        "Sigmoid is the default, for hidden layers too.",
        "Sigmoid is the default hidden activation",
    ),
    (
        "sigmoid-formula-use",
        "It's still the default output unit for binary classifiers.",
        "It's still the default in every layer.",
        "Sigmoid is still the default hidden activation",
    ),
    # "X-free" is without X, and a second denial among a denied claim's words undoes it
    (
        "linear-before-softmax",
        "The logit layer doesn't need to be bias-free.",
        "The logit layer doesn't need a bias.",
        "The logit layer should have no bias / must be bias-free",
    ),
    # a thing made from the named one is not it
    (
        "accuracy-not-differentiable",
        "Gumbel-softmax gives a relaxed argmax, which is differentiable.",
        "The argmax itself is differentiable.",
        "The argmax is differentiable (only the counting breaks accuracy)",
    ),
    (
        "sigmoid-formula-use",
        "The inverse of the sigmoid computes the log-odds of a probability.",
        "Sigmoid computes the log-odds of a probability.",
        "Sigmoid computes the logit (log-odds)",
    ),
    # another mean
    (
        "choosing-a-loss",
        "MSE on log y gives the geometric mean of y once exponentiated.",
        "MSE on log y gives the mean of y once exponentiated.",
        "MSE on log(y) estimates the mean of y",
    ),
]


@pytest.mark.parametrize(("question", "right", "wrong", "claim"), PAIRS)
def test_a_correct_sentence_sharing_a_wrong_claims_words_is_not_flagged(
    question: str, right: str, wrong: str, claim: str
) -> None:
    assert claim not in flagged(question, right), right
    assert claim in flagged(question, wrong), wrong


@pytest.mark.parametrize(
    ("question", "said", "claim"),
    [
        # synonyms the writers used: invented/introduced, employ/use, crank up/increase,
        # average out to zero/zero-centred, never hits zero/nonzero, final/last, smallest/lowest
        (
            "default-hidden-activation",
            "GELU was invented in the ResNet paper.",
            "GELU was introduced in the ResNet paper",
        ),
        (
            "gelu-transformers",
            "The original Transformer employed GELU.",
            "The original Transformer (2017) used GELU",
        ),
        (
            "dead-relu",
            "Cranking up the learning rate revives dead ReLUs.",
            "Raising the learning rate revives dead ReLUs",
        ),
        ("relu-definition", "Its outputs average out to zero, like tanh.", "ReLU is zero-centred"),
        ("relu-definition", "ReLU activations are balanced around zero.", "ReLU is zero-centred"),
        ("relu-definition", "ReLU's gradient never hits zero.", "ReLU's gradient is never zero"),
        (
            "dead-relu",
            "Crank up the learning rate to bring them back.",
            "Raising the learning rate revives dead ReLUs",
        ),
        (
            "leaky-relu-prelu",
            "Leaky ReLU still returns 0 for negative inputs; only the gradient changes.",
            "Leaky ReLU still outputs 0 for negative inputs and only changes the gradient",
        ),
        (
            "gelu-transformers",
            "GELU is just another name for SiLU.",
            "GELU is the same function as Swish/SiLU",
        ),
        (
            "default-hidden-activation",
            "GPT-style models apply the ordinary rectifier as their FFN activation.",
            "Modern Transformers (BERT, GPT, LLaMA) use plain ReLU",
        ),
        (
            "default-hidden-activation",
            "Sigmoid is my go-to choice.",
            "Sigmoid is the default hidden activation",
        ),
        (
            "saturation-vanishing-gradients",
            "The final layers learn slowest because the gradient vanishes there.",
            "Vanishing gradients hit the last layers most",
        ),
        (
            "choosing-a-loss",
            "I'd choose the loss function that ends training with the smallest loss value.",
            "Pick the loss that gives the lowest value",
        ),
    ],
)
def test_a_wrong_claim_in_the_writers_words_is_caught(question: str, said: str, claim: str) -> None:
    assert claim in flagged(question, said)


@pytest.mark.parametrize(
    ("question", "right", "wrong", "point"),
    [
        # a negation of a cause denies the cause, not the property
        (
            "accuracy-not-differentiable",
            "Softmax is differentiable, so it's not what makes accuracy non-differentiable.",
            "Accuracy is differentiable.",
            "piecewise constant",
        ),
        # a negation before a count denies the count
        (
            "leaky-relu-prelu",
            "PReLU does not learn one alpha for the whole network; it learns one per channel.",
            "PReLU does not learn alpha.",
            "prelu learns alpha",
        ),
        # the subject named as what a relative is of, then a clause with no subject
        (
            "relu-derivative-zero",
            "Softplus, a smooth approximation of ReLU, is differentiable at 0.",
            "ReLU, unlike softplus, is differentiable at 0.",
            "undefined at 0",
        ),
        # a name after "on" says what the clause's own thing is applied on (round 27)
        (
            "bce-one-line",
            "MSE on a sigmoid output has vanishing gradients when it is confidently wrong.",
            "BCE on a sigmoid output has vanishing gradients when it is confidently wrong.",
            "strong gradients when confidently wrong",
        ),
    ],
)
def test_a_correct_sentence_with_a_points_words_is_no_contradiction(
    question: str, right: str, wrong: str, point: str
) -> None:
    assert point not in contradicted(question, right), right
    assert point in contradicted(question, wrong), wrong


def test_a_number_before_the_negation_is_no_count_it_denies() -> None:
    assert "prelu learns alpha" in contradicted(
        "leaky-relu-prelu", "PReLU in 2 layers does not learn alpha."
    )


def test_unlike_names_the_other_thing_and_denies_nothing_of_it() -> None:
    said = "Unlike Leaky ReLU, which does address dead units, dropout doesn't fix dead ReLUs."
    assert contradicted("dead-relu", said) == []
    # (the same words with a denial of Leaky ReLU are a contradiction)
    assert "leaky variants or a lower learning rate" in contradicted(
        "dead-relu", "Not Leaky ReLU, that changes nothing."
    )


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("trained on CIFAR-10", ["train", "on", "cifar10"]),
        ("ResNet-50 uses it", ["resnet50", "use"]),
        ("1e-3 as the rate", ["1", "e", "minus", "3", "rate"]),  # no name: a minus
        ("x-1", ["x", "minus", "1"]),
        ("they're anything but dead", ["not", "dead"]),
        ("it is not anything but relu", ["onli", "relu"]),
        ("they don't sum to anything but 1", ["sum", "to", "onli", "1"]),
        ("it never outputs anything but 0", ["output", "onli", "0"]),
        ("barely down-weighted", ["not", "down", "weight"]),
        ("its derivative never hits 0", ["deriv", "nonzero"]),
        ("the slope never drops to zero", ["slope", "nonzero"]),
        ("it never becomes exactly zero", ["nonzero"]),
        ("not zero for every point", ["not", "0", "everi", "point"]),
        ("never zero, so every unit learns", ["nonzero", "everi", "unit", "learn"]),
        ("does not go to infinity", ["not", "go", "to", "infin"]),
    ],
)
def test_typed_text_becomes_these_stems(typed: str, words: list[str]) -> None:
    assert list(scoring._normalise(typed).stems) == words


# Judging round 26


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
