"""Issue 18's judging rules: claims bound to the question's subject, qualifiers that make a
misconception true, contradictions by polarity (negation parity) and by swapped pairs, and the
guarantees of the judge on any text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actloss_quiz.bank import KeyPoint, Misconception
from actloss_quiz.scoring import MAX_ANSWER_CHARS, Judgement, judge, tokens

DOMAIN = (
    ("mae", "mean absolute error", "l1 loss"),
    ("huber", "huber loss"),
    ("js", "jensen-shannon"),
    ("kl", "kl divergence"),
    ("relu",),
    ("sigmoid",),
    ("leaky relu",),
    ("prelu",),
    ("l1",),
    ("l2",),
    ("xavier", "glorot"),
    ("he", "kaiming"),
)
MSE = ("mse", "mean squared error", "l2 loss")
MSE_POINTS = (
    KeyPoint(("squared error",), core=True),
    KeyPoint(("regression",)),
    KeyPoint(("penalizes large errors",)),
    KeyPoint(("mse estimates the mean", "estimates the conditional mean")),
)
ROBUST = Misconception("MSE is robust to outliers", ("robust to outliers",), "It is not.")
MSE_WRONGS = (ROBUST,)


def mse(answer: str) -> Judgement:
    return judge(answer, MSE_POINTS, MSE_WRONGS, subject=MSE, domain=DOMAIN)


def wrongs(j: Judgement) -> list[str]:
    return [m.claim for m in j.misconceptions]


# -- subject binding ----------------------------------------------------------------------------


def test_a_misconception_about_another_thing_does_not_count() -> None:
    for said in (
        "MSE squares the error, whereas MAE and Huber are robust to outliers.",
        "MSE squares the error; MAE is robust to outliers.",
        "Unlike MSE, MAE is robust to outliers.",
        "Compared to MSE, Huber is robust to outliers.",
        "MSE vs MAE: MAE is robust to outliers.",
        "Squared error, unlike L1, which is robust to outliers.",
    ):
        assert wrongs(mse(said)) == [], said


def test_a_misconception_about_the_subject_counts() -> None:
    for said in (
        "MSE is robust to outliers.",
        "MSE, unlike MAE, is robust to outliers.",
        "The mean squared error is robust to outliers.",
        "It squares the error and it is robust to outliers.",  # a pronoun: the subject
        "Robust to outliers and used for regression.",  # no named subject
    ):
        assert wrongs(mse(said)) == ["MSE is robust to outliers"], said


MULTILABEL = Misconception(
    "Use softmax cross-entropy for multi-label targets",
    ("multi-label uses softmax cross-entropy", "multi-label → softmax"),
    "A sigmoid + BCE per label.",
)
LOSS_DOMAIN = (*DOMAIN, ("softmax",), ("cross-entropy", "ce"))


def test_a_thing_the_wrong_claim_names_as_its_object_is_not_what_the_clause_is_about() -> None:
    """A clause that names first the thing a misconception names after its start is about the
    answer's subject: the named thing is the claim's object ("multi-label → softmax", "a too
    small learning rate is the cause"), not another subject the claim is said of."""

    def said(answer: str) -> list[str]:
        j = judge(answer, MSE_POINTS, (MULTILABEL,), subject=("loss choice",), domain=LOSS_DOMAIN)
        return wrongs(j)

    assert said("Regression → MSE, multi-label → softmax + CE as well.") == [MULTILABEL.claim]
    # after a clause about softmax, the clause that names softmax as its object is still ours
    assert said("Exclusive classes → softmax + CE, multi-label → softmax + CE as well.") == [
        MULTILABEL.claim
    ]
    assert said("Multi-label uses softmax cross-entropy.") == [MULTILABEL.claim]
    # the thing the phrasing starts with keeps its own claims: about softmax, not the subject
    assert said("Softmax cross-entropy is for exclusive classes; multi-label needs sigmoids.") == []
    assert said("Multi-label doesn't use softmax cross-entropy.") == []


def test_a_pronoun_in_a_new_sentence_is_the_subject_again() -> None:
    j = mse("MAE takes absolute values. It is robust to outliers.")
    assert wrongs(j) == ["MSE is robust to outliers"]


def test_a_key_point_said_of_another_thing_is_not_covered_and_says_of_what() -> None:
    j = mse("MAE penalizes large errors less and is used for regression too.")
    point = next(p for p in j.points if p.point == "penalizes large errors")
    assert not point.covered and point.subject == "mae"
    j = mse("MSE penalizes large errors")
    point = next(p for p in j.points if p.point == "penalizes large errors")
    assert point.covered and point.subject == "mse"
    assert point.to_dict()["subject"] == "mse"


def test_comparison_objects_are_not_the_topic() -> None:
    j = mse("It behaves like MAE near zero, so it penalizes large errors.")
    assert "penalizes large errors" in j.covered


def test_without_a_subject_nothing_is_bound() -> None:
    j = judge("whereas MAE is robust to outliers", MSE_POINTS, MSE_WRONGS)
    assert wrongs(j) == ["MSE is robust to outliers"]
    assert all("subject" not in p for p in j.to_dict()["points"])


# -- qualifiers ---------------------------------------------------------------------------------

NEVER_ZERO = Misconception("ReLU's gradient is never zero", ("gradient never vanishes",), "No.")
DIFF = Misconception("ReLU is differentiable", ("relu is differentiable everywhere",), "No.")


def relu(answer: str) -> Judgement:
    points = (KeyPoint(("max(0, x)",), core=True), KeyPoint(("cheap",)))
    return judge(answer, points, (NEVER_ZERO, DIFF), subject=("relu",), domain=DOMAIN)


def test_a_qualifier_that_makes_a_misconception_true_scopes_it_away() -> None:
    for said in (
        "For positive inputs the gradient never vanishes.",
        "The gradient never vanishes for x > 0.",
        "ReLU is differentiable everywhere except at 0.",
        "ReLU is differentiable almost everywhere.",
    ):
        assert wrongs(relu(said)) == [], said
    assert wrongs(relu("The gradient never vanishes.")) == ["ReLU's gradient is never zero"]


def test_a_bound_after_a_claim_scopes_it() -> None:
    """ "at least" sets the condition under which the claim holds (hinge: zero loss once
    correctly classified with a margin of at least 1)."""
    zero = Misconception("Hinge is zero once correct", ("zero loss once correctly classified",), "")
    hinge = ("hinge loss", "hinge")

    def says(said: str) -> bool:
        return judge(said, (), (zero,), subject=hinge, domain=DOMAIN).misconceptions == (zero,)

    assert says("You get zero loss once correctly classified.")
    assert not says("You get zero loss once correctly classified with a margin of at least 1.")


# -- contradictions -----------------------------------------------------------------------------

SOFTMAX = (KeyPoint(("outputs sum to 1",), core=True), KeyPoint(("does not saturate",)))


def softmax(answer: str) -> Judgement:
    return judge(answer, SOFTMAX, subject=("softmax",), domain=DOMAIN)


def test_a_negated_key_point_is_a_contradiction() -> None:
    j = softmax("Softmax outputs do not sum to 1.")
    assert [c.point for c in j.contradictions] == ["outputs sum to 1"]
    assert j.suggested_rating == 1 and "contradicts: outputs sum to 1" in j.reasons
    assert j.to_dict()["contradictions"] == [
        {"point": "outputs sum to 1", "said": "Softmax outputs do not sum to 1"}
    ]


def test_polarity_is_the_parity_of_negations() -> None:
    assert softmax("It is not true that the outputs do not sum to 1.").contradictions == ()
    assert softmax("Its outputs sum to 1.").contradictions == ()
    # the phrasing's own negation: "doesn't saturate for x>0" agrees with "does not saturate"
    assert softmax("It doesn't saturate for x>0.").contradictions == ()


def test_a_correct_sentence_with_negations_is_no_contradiction() -> None:
    for said in (
        "Its outputs sum to 1 and none of them is negative.",
        "No output is negative; they sum to 1, not to the number of classes.",
        "Softmax outputs do not sum to 1 only if you forget to normalise.",  # conditional
        "If the outputs did not sum to 1 it would not be a distribution.",
    ):
        assert softmax(said).contradictions == (), said


def test_a_contradiction_about_another_thing_does_not_count() -> None:
    j = judge(
        "Unlike softmax, sigmoid outputs do not sum to 1.",
        SOFTMAX,
        subject=("softmax",),
        domain=DOMAIN,
    )
    assert j.contradictions == ()


def test_swapped_pairs_contradict() -> None:
    j = mse("MSE estimates the conditional median.")
    assert [c.point for c in j.contradictions] == ["mse estimates the mean"]
    kl = judge(
        "Forward KL is mode seeking.",
        (KeyPoint(("forward kl is mode covering",), core=True),),
        subject=("kl",),
        domain=DOMAIN,
    )
    assert [c.point for c in kl.contradictions] == ["forward kl is mode covering"]
    he = judge(
        "Use Glorot initialisation for ReLU networks.",
        (KeyPoint(("kaiming initialization", "he initialization"), core=True),),
        subject=("relu",),
        domain=DOMAIN,
    )
    assert [c.point for c in he.contradictions] == ["kaiming initialization"]
    right = judge(
        "Use He (Kaiming) initialization.",
        (KeyPoint(("kaiming initialization", "he initialization"), core=True),),
        subject=("relu",),
        domain=DOMAIN,
    )
    assert right.contradictions == () and right.points[0].covered


def test_a_key_point_of_one_subject_thing_is_not_contradicted_by_another() -> None:
    j = judge(
        "Leaky ReLU doesn't learn alpha, PReLU learns alpha.",
        (KeyPoint(("prelu learns alpha",), core=True),),
        subject=("leaky relu", "prelu"),
        domain=DOMAIN,
    )
    assert j.contradictions == () and j.points[0].covered


def test_hedges_and_emphasis_are_not_negations() -> None:
    j = mse("I'm not sure, but I think MSE is robust to outliers.")
    assert wrongs(j) == ["MSE is robust to outliers"]
    j = softmax("Its outputs not only sum to 1, they are positive.")
    assert j.contradictions == () and j.points[0].covered
    assert softmax("They don't sum to anything but 1.").contradictions == ()


# -- formulas -----------------------------------------------------------------------------------

SIGMOID = (KeyPoint(("logistic formula",), core=True, formula="1/(1+exp(-x))"),)


def test_a_formula_equal_by_value_covers_the_point() -> None:
    j = judge("σ(z) = e^z/(1+e^z)", SIGMOID, subject=("sigmoid",), domain=DOMAIN)
    assert j.points[0].covered and j.formulas[0].status == "equal"


def test_a_differing_formula_is_shown_with_its_value() -> None:
    j = judge("sigmoid is 1/(1+e^x)", SIGMOID, subject=("sigmoid",), domain=DOMAIN)
    (f,) = j.formulas
    assert f.status == "differs" and f.found == "1/(1+e^x)"
    assert f.got is not None and f.want is not None and abs(f.got - f.want) > 0.1
    assert j.suggested_rating == 1 and "formula differs: logistic formula" in j.reasons
    assert j.to_dict()["formulas"][0]["status"] == "differs"


def test_prose_never_imports_the_formula_parser() -> None:
    j = judge("it squashes values between zero and one", SIGMOID, subject=("sigmoid",))
    assert j.formulas == ()


# -- any text -----------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_judging_any_text_never_raises_and_stays_bounded(text: str) -> None:
    j = judge(text, MSE_POINTS + SIGMOID, MSE_WRONGS, subject=MSE, domain=DOMAIN)
    assert 0.0 <= j.score <= 1.0 and j.suggested_rating in (1, 2, 3)
    assert all(len(c.said) <= 200 for c in j.contradictions)


def test_a_long_hostile_answer_is_judged() -> None:
    """Its time is measured by benchmarks/scoring.py (the 50 ms budget), not asserted here."""
    text = ("unlike MAE, which is not robust, " * 400 + "1/(1+e^x) " * 200)[:MAX_ANSWER_CHARS]
    j = judge(text, MSE_POINTS + SIGMOID, MSE_WRONGS, subject=MSE, domain=DOMAIN)
    assert j.suggested_rating in (1, 2, 3)


# -- issue 18, round 2: generalising rules --------------------------------------------------------


def test_a_contradiction_keeps_a_mostly_right_answer_at_hard_not_again() -> None:
    j = mse("MSE is the squared error, used in regression; it penalizes large errors.")
    assert j.suggested_rating == 3
    j = mse(
        "MSE is the squared error, used in regression; it penalizes large errors. It estimates the conditional median."
    )
    assert [c.point for c in j.contradictions] == ["mse estimates the mean"]
    assert j.suggested_rating == 2 and "contradicts: mse estimates the mean" in j.reasons


def test_a_misconception_still_suggests_again_whatever_is_covered() -> None:
    j = mse("MSE is the mean squared error for regression; it is robust to outliers.")
    assert wrongs(j) == ["MSE is robust to outliers"] and j.suggested_rating == 1


def test_a_short_answer_is_judged_on_its_core_points(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("actloss_quiz.scoring.TERSE_WORDS", 12)
    monkeypatch.setattr("actloss_quiz.scoring.TERSE_SHARE", 0.2)
    short = mse("Mean of squared errors, for regression.")
    assert short.points[0].covered and short.suggested_rating == 3
    # the core point alone, however short, is hard: one idea beyond it is needed (TERSE_SHARE)
    bare = mse("Mean of squared errors.")
    assert bare.points[0].covered and bare.suggested_rating == 2
    long = mse(
        "It takes the squared error of each prediction and target and averages those over "
        "every example of the batch, which is what most people start with."
    )
    assert long.points[0].covered and long.suggested_rating == 2


def test_a_thing_worked_on_is_not_the_clause_topic() -> None:
    """A factor of a product ("CE × w", "w · CE") or the object of a verb acting on it
    ("reweights CE") is what the subject works on: the claim is still about the subject."""
    points = (KeyPoint(("down-weights easy examples",), core=True),)
    domain = (*DOMAIN, ("cross-entropy", "ce"), ("focal loss",))

    def covered(said: str) -> bool:
        return judge(said, points, subject=("focal loss",), domain=domain).points[0].covered

    for said in (
        "CE × (1 − p)^γ: down-weights easy examples.",
        "(1 − p)^γ · CE, which down-weights easy examples.",
        "It reweights CE by (1 − p)^γ and down-weights easy examples.",
        "Multiply CE by a factor that down-weights easy examples.",
    ):
        assert covered(said), said
    # named as the clause's subject, or beside the word "time", it is the topic
    assert not covered("CE down-weights easy examples.")
    assert not covered("At test time CE down-weights easy examples.")
    assert not covered("CE, unlike it, down-weights easy examples.")


def test_a_thing_named_as_a_predicate_noun_is_not_the_clause_topic() -> None:
    points = (
        KeyPoint(("negative log-likelihood", "nll"), core=True),
        KeyPoint(("minus log p",), core=True),
    )
    domain = (*DOMAIN, ("nll", "negative log-likelihood"))
    for said in (
        "It is the negative log-likelihood of a Bernoulli model (the loss −log p grows fast).",
        "BCE is just the NLL, with -log p for a positive.",
        "It is one of the likelihood losses, e.g. the NLL, using minus log p for a positive.",
    ):
        j = judge(said, points, subject=("bce",), domain=domain)
        assert all(p.covered for p in j.points), said
    # named as the clause's subject, it still is the topic
    j = judge("NLL uses minus log p.", points, subject=("bce",), domain=domain)
    assert not j.points[1].covered


def test_a_compound_subject_is_about_each_thing_it_names() -> None:
    points = (KeyPoint(("logits to a distribution",), core=True),)
    domain = (*DOMAIN, ("softmax",), ("ce", "cross-entropy"))
    j = judge(
        "Softmax turns logits into a distribution.",
        points,
        subject=("softmax cross-entropy", "softmax + ce"),
        domain=domain,
    )
    assert j.points[0].covered
    # a name that holds one other thing ("leaky relu") is not a compound
    j = judge(
        "ReLU turns logits into a distribution.", points, subject=("leaky relu",), domain=DOMAIN
    )
    assert not j.points[0].covered


def test_a_short_key_point_phrasing_matches_in_another_word_order() -> None:
    points = (KeyPoint(("vanishing gradient",), core=True),)
    for said in ("The gradient vanishes in deep stacks.", "It has vanishing gradients."):
        assert judge(said, points).points[0].covered, said
    assert not judge("The gradient does not vanish.", points).points[0].covered
    # a misconception keeps its order, and so does a phrasing with two reversible words
    wrong = Misconception("w", ("vanishing gradient",), "c")
    assert judge("The gradient vanishes.", (), (wrong,)).misconceptions == ()
    swap = (KeyPoint(("logits to probabilities",), core=True),)
    assert not judge("probabilities to logits", swap).points[0].covered


def test_the_sign_of_the_input_in_notation_is_said_in_words() -> None:
    points = (KeyPoint(("does not saturate for positive inputs",), core=True),)
    assert judge("It doesn't saturate for x>0.", points).points[0].covered
    assert judge("for z ≥ 0 it doesn't saturate for positive inputs", points).points[0].covered
    assert not judge("It doesn't saturate for x > 0.5.", points).points[0].covered


def test_math_notation_for_derivatives_limits_and_bounds_is_read_in_words() -> None:
    near_zero = (KeyPoint(("derivative goes to 0",), core=True),)
    assert judge("for large |x|, f' → 0", near_zero).points[0].covered
    assert judge("tanh' -> 0 in the tails", near_zero).points[0].covered
    at_most = (KeyPoint(("derivative at most 0.25",), core=True),)
    assert judge("σ' ≤ 0.25 everywhere", at_most).points[0].covered
    # an arrow between words is still "so", and a quoted word is no derivative
    assert (
        judge("logits -> probabilities", (KeyPoint(("logits so probabilities",)),))
        .points[0]
        .covered
    )
    assert tokens("it is called 'leaky'") == ["call", "leaki"]


# -- validate0: rules that keep correct sentences from firing a misconception --------------------

CLASSIF = Misconception(
    "MSE is the standard classification loss", ("standard classification loss",), "CE is."
)
ZERO_GRAD = Misconception(
    "ReLU never has zero gradient", ("relu never has zero gradient",), "It does for x < 0."
)
ZERO_CENTRED = Misconception("Sigmoid is zero-centred", ("sigmoid is zero centered",), "No.")
BEFORE_SOFTMAX = Misconception(
    "An activation is needed before softmax", ("need a relu before softmax",), "No."
)
DEFAULT = Misconception("Sigmoid is the default", ("sigmoid is the default",), "ReLU is.")
ADD_SIGMA = Misconception("Add 1.28 sigma to the MSE fit", ("add 1.28 sigma",), "Pinball.")
WIDE = (*DOMAIN, ("cross-entropy", "ce"), ("tanh",), ("softmax",), ("step function",))


def fired(answer: str, wrong: Misconception, subject: tuple[str, ...] = ()) -> bool:
    j = judge(answer, (KeyPoint(("placeholder point",)),), (wrong,), subject=subject, domain=WIDE)
    return wrong in j.misconceptions


SMALL_LR = Misconception(
    "Dead ReLUs are caused by a too small learning rate",
    ("caused by a small learning rate", "the gradient is zero"),
    "A too large one.",
)


MEDIAN = Misconception("MSE estimates the median", ("mse estimates the median",), "The mean.")
MSE_DOMAIN = (*DOMAIN, ("mse", "mean squared error"))


def test_a_wrong_claim_said_with_a_pronoun_for_its_subject() -> None:
    def said(answer: str) -> bool:
        j = judge(
            answer,
            (KeyPoint(("placeholder point",)),),
            (MEDIAN,),
            subject=("mse",),
            domain=MSE_DOMAIN,
        )
        return MEDIAN in j.misconceptions

    assert said("It estimates the median.")
    assert said("MSE is common for regression; it estimates the median.")
    # the pronoun stands for another thing, or for nothing the phrasing names
    assert not said("MAE is robust; it estimates the median.")
    assert not said("The median is what MAE estimates, not it.")
    assert not said("It estimates the mean.")


OWNED = Misconception(
    "The gradient of MSE is constant",
    ("gradient of mse is constant", "the minimizer of mse is the median"),
    "It grows with the error; the mean minimises MSE.",
)


def test_a_wrong_claim_naming_its_subject_as_an_owner_is_said_with_its() -> None:
    def said(answer: str) -> bool:
        j = judge(
            answer,
            (KeyPoint(("placeholder point",)),),
            (OWNED,),
            subject=("mse",),
            domain=MSE_DOMAIN,
        )
        return OWNED in j.misconceptions

    assert said("Its gradient is constant.")
    assert said("MSE is for regression. Its minimizer is the median.")
    # "its" of another thing, a denial, another claim, an owner other than the subject's "of"
    assert not said("MAE is robust; its gradient is constant.")
    assert not said("Its gradient is not constant.")
    assert not said("Its gradient grows with the error.")
    assert not said("It is constant in the gradient.")


def test_how_often_is_no_scope_for_a_cause() -> None:
    assert fired("It is mostly caused by too small a learning rate.", SMALL_LR, ("relu",))
    assert fired("Usually it's caused by a small learning rate.", SMALL_LR, ("relu",))
    # a condition still scopes a cause, and how often still scopes a claim that is no cause
    assert not fired("Only rarely caused by a small learning rate.", SMALL_LR, ("relu",))
    assert not fired("The gradient is usually zero.", SMALL_LR, ("relu",))
    assert fired("The gradient is zero.", SMALL_LR, ("relu",))
    # a claim said as a cause in the answer's words, not the phrasing's, is one too
    explode = Misconception(
        "Saturation makes gradients explode", ("explode rather than vanish",), ""
    )
    sig = ("sigmoid",)
    assert fired("They mostly cause exploding rather than vanishing gradients.", explode, sig)
    assert not fired("Gradients mostly explode rather than vanish.", explode, sig)


def test_a_match_starting_inside_a_longer_name_is_about_that_name() -> None:
    assert not fired("Leaky ReLU never has zero gradient; ReLU does.", ZERO_GRAD, ("relu",))
    assert fired("ReLU never has zero gradient.", ZERO_GRAD, ("relu",))


def test_x_not_y_is_said_of_x() -> None:
    said = "Cross-entropy, not MSE, is the standard classification loss."
    assert not fired(said, CLASSIF, MSE)
    assert not fired("MAE, not MSE, is robust to outliers.", ROBUST, MSE)
    assert fired("MSE is the standard classification loss.", CLASSIF, MSE)


def test_a_gap_that_names_another_thing_breaks_a_misconception() -> None:
    said = "Replacing sigmoid with tanh gives zero-centred outputs."
    assert not fired(said, ZERO_CENTRED, ("sigmoid",))
    assert fired("Sigmoid is zero-centred.", ZERO_CENTRED, ("sigmoid",))
    # an alternative ("a relu or tanh") keeps the claim
    assert fired("You need a relu or tanh before the softmax.", BEFORE_SOFTMAX, ("relu",))


def test_a_comparative_that_lessens_the_claim_does_not_assert_it() -> None:
    assert not fired("MSE is far less robust to outliers than MAE.", ROBUST, MSE)
    assert fired("MSE is robust to outliers.", ROBUST, MSE)


def test_another_number_in_the_gap_breaks_a_match() -> None:
    point = (KeyPoint(("pytorch uses 0",)),)
    assert not judge("PyTorch uses 0.5 at zero.", point).points[0].covered
    assert judge("PyTorch uses 0 there.", point).points[0].covered


def test_qualifiers_apply_in_a_follow_up_without_a_subject() -> None:
    said = "Adding 1.28 sigma to an MSE fit is only right for Gaussian noise."
    assert not fired(said, ADD_SIGMA)
    assert fired("Just add 1.28 sigma to the MSE prediction.", ADD_SIGMA)


def test_even_concedes_it_does_not_qualify() -> None:
    for said in (
        "The gradient never vanishes, even for negative inputs.",
        "The gradient never vanishes even for negative inputs.",
    ):
        assert wrongs(relu(said)) == ["ReLU's gradient is never zero"], said


def test_a_sufficiency_condition_does_not_qualify_a_case_does() -> None:
    """ "if it's deep enough" claims the net can; "if x > 0" names the case the claim is true in
    (judging round 16)."""
    deep = Misconception("Depth alone adds power", ("deep linear net can learn curved",), "No.")
    subject = ("nonlinearity",)
    said = "A deep linear net can learn curved boundaries if it's deep enough."
    assert fired(said, deep, subject)
    assert fired(
        "If you make it deep enough, a deep linear net can learn curved ones.", deep, subject
    )
    assert not fired("A deep linear net can learn curved boundaries if x > 0.", deep, subject)
    assert not fired(
        "A deep linear net can learn curved boundaries only if it has enough layers of ReLU.",
        deep,
        subject,
    )


def test_a_superlative_is_no_qualifier_mostly_is() -> None:
    """ "the most robust" asserts the claim; "mostly" (stemmed "most" by Snowball) scopes it."""
    robust = Misconception("MSE is robust to outliers", ("robust to outliers",), "No.")
    mse = ("mse",)
    assert fired("It is the most robust to outliers.", robust, mse)
    assert not fired("It is mostly robust to outliers.", robust, mse)
    assert tokens("mostly most") == ["mostly", "most"]


def test_a_pronoun_after_a_sentence_with_an_unsaid_subject_is_the_answers_subject() -> None:
    """ "smooth, used in BERT, usually via the tanh approximation. It is monotonic": tanh is
    named only inside its clause, the sentence's subject went unsaid, so "it" is GELU."""
    monotonic = Misconception("GELU is monotonic", ("gelu is monotonic",), "No.")
    gelu = ("gelu",)
    for said in (
        "Smooth, used in BERT, usually via the tanh approximation. It is monotonic.",
        "Often computed via the tanh approximation. It is monotonic.",
    ):
        assert fired(said, monotonic, gelu), said
    for said in (
        "Tanh is smooth. It is monotonic.",  # tanh opens its clause: it is the antecedent
        "Compared with the tanh approximation it is monotonic.",  # one sentence
        "Approximate GELU is smooth. It is monotonic.",  # a kind of GELU, the sentence's subject
    ):
        assert not fired(said, monotonic, gelu), said


def test_a_sentence_that_opens_by_denying_a_claim_does_not_assert_it() -> None:
    robust = Misconception("MSE is robust to outliers", ("robust to outliers",), "No.")
    mse = ("mse",)
    for said in (
        "It is not true that MSE is robust to outliers.",
        "It's a myth that MSE is robust to outliers.",
        "It is not the case that it is robust to outliers.",
        "It's false that MSE is robust to outliers.",
    ):
        assert not fired(said, robust, mse), said
    # the frame opens the sentence; a later sentence is not denied by it
    assert fired("It is not true that MSE is linear. It is robust to outliers.", robust, mse)


def test_a_claim_set_against_the_subject_is_said_of_the_other_thing() -> None:
    """ "..., unlike focal loss" / "..., while tanh is odd": the claim's clause names neither
    the subject nor does its phrasing name a thing, so it is not the subject's."""
    drops = Misconception("Focal loss drops easy examples", ("drops the easy examples",), "")
    focal = ("focal loss",)
    assert not fired(
        "Hard-example mining drops the easy examples, unlike focal loss.", drops, focal
    )
    assert fired("It drops the easy examples.", drops, focal)
    even = Misconception("Tanh is even", ("even function",), "It is odd.")
    assert not fired("Cosh is an even function, while tanh is odd.", even, ("tanh",))
    assert not fired("That is an even function, whereas tanh is odd.", even, ("tanh",))
    assert fired("It is an even function, while cosh is odd.", even, ("tanh",))
    # a phrasing that names its own thing is about that thing, contrast or not
    gates = Misconception("GRU gates use tanh", ("gates use tanh",), "They use sigmoid.")
    assert fired("GRU gates use tanh instead of sigmoid.", gates, ("sigmoid",))


def test_a_claim_said_not_to_help_is_rejected() -> None:
    majority = Misconception("Oversample the majority", ("oversample the majority class",), "")
    imbalance = ("class imbalance",)
    assert not fired("Oversampling the majority class does not fix imbalance.", majority, imbalance)
    assert fired("Oversample the majority class to fix imbalance.", majority, imbalance)


def test_sides_said_in_words_and_limits_qualify_a_claim() -> None:
    monotonic = Misconception("SiLU is monotonic", ("silu is monotonic",), "")
    silu = ("silu",)
    assert not fired("SiLU is monotonic for x above about -1.28.", monotonic, silu)
    assert not fired("For inputs above -1.28 SiLU is monotonic.", monotonic, silu)
    assert fired("SiLU is monotonic.", monotonic, silu)
    saturates = Misconception("Sigmoid does not saturate", ("does not saturate",), "")
    assert not fired("It does not saturate near x = 0.", saturates, ("sigmoid",))
    hard = Misconception("Softmax is a hard max", ("softmax is a hard max",), "")
    assert not fired("As T goes to 0, softmax approaches a hard max.", hard, ("softmax",))
    assert fired("Softmax is a hard max.", hard, ("softmax",))


def test_a_negation_before_a_list_reaches_its_last_item() -> None:
    default = Misconception("Sigmoid is the default", ("sigmoid by default",), "ReLU is.")
    relu = ("relu",)
    assert not fired("ResNets do not use tanh or sigmoid by default.", default, relu)
    assert not fired("Neither tanh nor sigmoid by default.", default, relu)
    assert fired("ResNets use tanh or sigmoid by default.", default, relu)
    assert fired("Not tanh; they use sigmoid by default.", default, relu)


def test_a_claim_that_completes_another_things_copula_is_about_that_thing() -> None:
    """ "MSE is the NLL of a Gaussian" says what MSE is, though the phrasing opens with a name
    of the subject's group ("nll"): not the subject's claim."""
    gauss = Misconception("BCE is a Gaussian NLL", ("nll of a gaussian",), "Bernoulli.")

    def says(answer: str) -> bool:
        domain = (*WIDE, ("mse",))
        j = judge(answer, (), (gauss,), subject=("bce", "nll"), domain=domain)
        return gauss in j.misconceptions

    assert not says("MSE is the NLL of a Gaussian, while BCE is that of a Bernoulli.")
    assert says("BCE is the NLL of a Gaussian.")
    assert says("It is the NLL of a Gaussian.")


def test_a_past_tense_dated_by_another_thing_is_history_not_a_claim() -> None:
    assert not fired("Sigmoid was the default before ReLU.", DEFAULT, ("sigmoid",))
    assert not fired("Sigmoid was the default until ReLU came along.", DEFAULT, ("sigmoid",))
    assert fired("Sigmoid is the default.", DEFAULT, ("sigmoid",))
    # the past tense alone is not history: a wrong claim is often told as one
    assert fired("Sigmoid was the default, it works well.", DEFAULT, ("sigmoid",))


def test_a_minus_before_a_greek_letter_is_kept() -> None:
    assert tokens("1 − α") == ["1", "minus", "alpha"]


# -- a number said wrong -----------------------------------------------------------------------

SIGMOID_POINTS = (
    KeyPoint(("1/(1+e^-x)",), core=True),
    KeyPoint(("saturates for large |x|", "saturates", "derivative at most 0.25")),
)


def sigmoid(answer: str) -> Judgement:
    return judge(answer, SIGMOID_POINTS, subject=("sigmoid",), domain=DOMAIN)


def test_a_key_point_stated_with_another_number_is_a_contradiction() -> None:
    j = sigmoid("Sigmoid is 1/(1+e^-x); it saturates, its derivative is at most 0.5.")
    assert [c.point for c in j.contradictions] == ["saturates for large |x|"]
    assert j.suggested_rating == 2  # covered, but a false number caps the answer at hard


def test_the_right_number_or_another_things_number_is_no_contradiction() -> None:
    assert (
        sigmoid("1/(1+e^-x): its derivative is at most 0.25, so it saturates.").contradictions == ()
    )
    said = "Sigmoid is 1/(1+e^-x) and saturates; for ReLU the derivative is at most 1."
    assert sigmoid(said).contradictions == ()
    assert sigmoid("If its derivative were at most 0.5 it would train faster.").contradictions == ()


@pytest.mark.parametrize(
    "said", ["its derivative is at most 1/4", "its derivative is at most .25, so it saturates"]
)
def test_the_same_number_written_another_way_is_no_contradiction(said: str) -> None:
    assert sigmoid(f"Sigmoid is 1/(1+e^-x); {said}.").contradictions == ()


def test_a_number_rounded_either_way_is_the_same_number() -> None:
    points = (KeyPoint(("peaks at about 1.1",), core=True), KeyPoint(("minimum about -0.278",)))
    said = "It peaks at about 1.0998, minimum about -0.28."
    assert judge(said, points, subject=("silu",), domain=DOMAIN).contradictions == ()
    wrong = judge("It peaks at about 1.3.", points, subject=("silu",), domain=DOMAIN)
    assert [c.point for c in wrong.contradictions] == ["peaks at about 1.1"]
    # an integer is exact: 1 is not 1.1 rounded
    exact = judge("It peaks at about 1.", points, subject=("silu",), domain=DOMAIN)
    assert [c.point for c in exact.contradictions] == ["peaks at about 1.1"]


def test_a_fraction_said_wrong_is_still_a_contradiction() -> None:
    j = sigmoid("Sigmoid is 1/(1+e^-x); it saturates, its derivative is at most 1/2.")
    assert [c.point for c in j.contradictions] == ["saturates for large |x|"]


PEAK_HALF = Misconception(
    "Sigmoid's derivative peaks at 0.5",
    ("maximum derivative of 0.5", "derivative maxes out at 0.5"),
    "It peaks at 0.25.",
)
ALPHA_ONE = Misconception("The slope is typically 1", ("alpha typically 1",), "About 0.01.")
SIDES = Misconception("The sides are swapped", ("left derivative is 1",), "Left 0, right 1.")


@pytest.mark.parametrize(
    "said",
    [
        "Its derivative is σ(1−σ), which maxes out at 0.5 at x = 0.",
        "Derivative is σ(x)(1−σ(x)), with maximum value 0.5 at x=0.",
        "derivative σ(1−σ) with maximum 0.5 at x=0",
        "The derivative, σ(1−σ), maxes out at 0.5.",
    ],
)
def test_a_wrong_number_is_caught_around_a_formula_and_in_another_order(said: str) -> None:
    j = judge(said, SIGMOID_POINTS, (PEAK_HALF,), subject=("sigmoid",), domain=DOMAIN)
    assert wrongs(j) == [PEAK_HALF.claim]


@pytest.mark.parametrize(
    ("said", "wrong"),
    [
        ("The maximum derivative occurs where σ(x) = 0.5.", PEAK_HALF),  # σ's value, not σ''s
        ("σ(0) = 0.5, so the maximum derivative there is 0.5 · 0.5 = 0.25.", PEAK_HALF),
        ("Its derivative is σ(1−σ), which maxes out at 0.25, a quarter of 1.", PEAK_HALF),
        ("Its maximum derivative is not 0.5 but 0.25.", PEAK_HALF),
        ("The derivative maxes out at −0.5? No: it is positive.", PEAK_HALF),
        ("α is a learned parameter, typically one per channel.", ALPHA_ONE),  # a count
        ("The left derivative is 0 and the right derivative is 1.", SIDES),  # 1 is the right's
    ],
)
def test_a_number_that_belongs_elsewhere_is_no_wrong_claim(said: str, wrong: Misconception) -> None:
    j = judge(said, SIGMOID_POINTS, (wrong,), subject=("sigmoid",), domain=DOMAIN)
    assert wrongs(j) == [], said


NEGATIVE_SLOPE = Misconception("The slope is negative", ("slope of -0.01",), "It is +0.01.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("Its slope is −0.01.", True),
        ("Leaky ReLU has a slope of -0.01.", True),
        # judging round 18: a minus elsewhere ("−0.03") is no sign of the slope's 0.01
        ("At x = −3 you get −0.03 instead of 0, and the slope there is 0.01.", False),
        ("The slope is 0.01, so x = −1 gives −0.01.", False),
    ],
)
def test_a_negative_number_claim_needs_its_sign_at_the_number(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (NEGATIVE_SLOPE,), subject=("leaky relu",), domain=DOMAIN)
    assert (wrongs(j) == [NEGATIVE_SLOPE.claim]) is caught, said


TANH_PEAK = Misconception(
    "Tanh's maximum derivative is 0.25 or 0.5",
    ("tanh's derivative is at most 0.5", "tanh max derivative is 0.25"),
    "It is 1.",
)


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("Sigmoid's derivative is at most 0.25 and tanh's at most 0.5.", True),
        ("sigmoid's max derivative is 0.25 and tanh's max is 0.25 too.", True),
        ("Tanh's derivative is at most 1 and sigmoid's at most 0.25.", False),  # sigmoid's 0.25
        ("Sigmoid's derivative is at most 0.25 and tanh's at most 1.", False),
    ],
)
def test_a_number_claim_may_borrow_its_words_from_the_clause_before(
    said: str, caught: bool
) -> None:
    domain = (*DOMAIN, ("tanh",))
    j = judge(said, SIGMOID_POINTS, (TANH_PEAK,), subject=("tanh", "sigmoid"), domain=domain)
    assert wrongs(j) == ([TANH_PEAK.claim] if caught else []), said


def test_the_word_one_is_no_number_said_wrong() -> None:
    """ "pick one" is a pronoun as often as a number: only a digit contradicts a point's 0."""
    points = (KeyPoint(("undefined at 0",), core=True), KeyPoint(("frameworks pick 0",)))
    said = "Undefined at 0; frameworks just pick one (PyTorch uses 0)."
    assert judge(said, points, subject=("relu",), domain=DOMAIN).contradictions == ()
    wrong = judge("Undefined at 0; frameworks pick 1.", points, subject=("relu",), domain=DOMAIN)
    assert [c.point for c in wrong.contradictions] == ["frameworks pick 0"]


def test_a_double_negative_keeps_the_point() -> None:
    """ "shouldn't be disconnected from the business metric" states the point; "isn't aligned
    with the business metric" denies it."""
    points = (KeyPoint(("match the output head",), core=True), KeyPoint(("business metric",)))
    said = "Match the output head, and the loss shouldn't be disconnected from the business metric."
    j = judge(said, points, subject=("loss",), domain=DOMAIN)
    assert j.contradictions == () and [p.covered for p in j.points] == [True, True]
    from actloss_quiz.scoring import _prefixed_negative

    assert _prefixed_negative("disconnected") and _prefixed_negative("unrelated")
    assert not _prefixed_negative("discrete") and not _prefixed_negative("universal")
    denied = "Match the output head; the loss isn't aligned with the business metric."
    j = judge(denied, points, subject=("loss",), domain=DOMAIN)
    assert [c.point for c in j.contradictions] == ["business metric"]


SIGMOID_CENTRED = Misconception(
    "Sigmoid is zero-centred",
    ("sigmoid is zero centered", "sigmoid outputs are zero centered"),
    "Its outputs are all positive.",
)


@pytest.mark.parametrize(
    "said",
    [
        "Tanh saturates like sigmoid, and it is zero centered.",  # "it": tanh, not the compared
        "Tanh isn't biased positive like sigmoid — its outputs are zero centered.",
    ],
)
def test_a_thing_compared_with_is_not_what_follows_is_about(said: str) -> None:
    domain = (*DOMAIN, ("tanh",))
    j = judge(said, (), (SIGMOID_CENTRED,), subject=("tanh", "sigmoid"), domain=domain)
    assert wrongs(j) == [], said
    j = judge(
        "Sigmoid outputs are zero centered.",
        (),
        (SIGMOID_CENTRED,),
        subject=("tanh", "sigmoid"),
        domain=domain,
    )
    assert wrongs(j) == [SIGMOID_CENTRED.claim]


def test_a_synonym_is_read_inside_one_clause() -> None:
    """ "> 0, they're centred around zero": the zero of "> 0" and the next clause's "centred" are
    no "zero centered" (which the clause's negation then denied); "no more than" spans the
    clause its "than" opens."""
    synonyms = (
        ("zero centered", "centered around zero"),
        ("near zero", "around zero"),
        ("maximum", "no more than"),
    )
    points = (KeyPoint(("zero centered",), core=True), KeyPoint(("derivative maximum 1",)))
    said = "Its outputs aren't all > 0, they're centred around zero."
    j = judge(said, points, (), synonyms, subject=("tanh",), domain=DOMAIN)
    assert [p.covered for p in j.points] == [True, False]
    said = "It is centered around zero; its derivative is no more than 1."
    j = judge(said, points, (), synonyms, subject=("tanh",), domain=DOMAIN)
    assert [p.covered for p in j.points] == [True, True] and j.contradictions == ()


def test_a_case_of_a_variable_is_no_number_said_wrong() -> None:
    bce = (KeyPoint(("y log p", "log p when y = 1"), core=True),)
    said = "BCE = −[y log p + (1−y) log(1−p)], y∈{0,1}: the Bernoulli NLL."
    assert judge(said, bce, subject=("bce",), domain=DOMAIN).contradictions == ()


def test_a_name_applied_to_an_argument_is_not_what_the_clause_is_about() -> None:
    points = (KeyPoint(("x sigmoid(x)", "x times sigmoid"), core=True), KeyPoint(("smooth",)))
    domain = (*DOMAIN, ("silu", "swish"))
    j = judge("SiLU(x) = x·σ(x): smooth, non-monotonic.", points, subject=("silu",), domain=domain)
    assert [p.covered for p in j.points] == [True, True]
    # said about sigmoid by name, the same words are sigmoid's
    j = judge("x·σ(x). Sigmoid is smooth.", points, subject=("silu",), domain=domain)
    assert [p.covered for p in j.points] == [True, False]


LINEAR_HEAD = Misconception(
    "A ReLU is needed before softmax", ("add a relu before the softmax",), "It is not."
)


@pytest.mark.parametrize(
    ("said", "asserted"),
    [
        ("Adding a ReLU before the softmax would hurt.", False),
        ("To add a ReLU before the softmax is a mistake.", False),
        ("Adding a ReLU before the softmax is a bad idea: clipped classes get no gradient.", False),
        ('"Add a ReLU before the softmax" is irrelevant, softmax is shift-invariant.', False),
        ("Telling juniors to add a ReLU before the softmax is nonsense.", False),
        ("Add a ReLU before the softmax, otherwise logits on the wrong side break it.", True),
        ("You should add a ReLU before the softmax.", True),
    ],
)
def test_a_verdict_that_rejects_the_claim_is_not_asserting_it(said: str, asserted: bool) -> None:
    j = judge(said, (KeyPoint(("linear layer",), core=True),), (LINEAR_HEAD,))
    assert bool(j.misconceptions) is asserted


def test_a_called_name_that_is_a_clauses_subject_stays_its_subject() -> None:
    wrong = Misconception("SiLU is bounded in (0, 1)", ("outputs between 0 and 1",), "No.")
    domain = (*DOMAIN, ("silu", "swish"))
    said = "SiLU is x·σ(x), where the gate σ(x) outputs between 0 and 1."
    assert judge(said, (), (wrong,), subject=("silu",), domain=domain).misconceptions == ()


FOCAL_POINTS = (KeyPoint(("down-weights easy examples",), core=True),)
FOCAL_DOMAIN = (*DOMAIN, ("focal loss",), ("cross-entropy", "ce"))


def focal(answer: str) -> Judgement:
    return judge(answer, FOCAL_POINTS, subject=("focal loss",), domain=FOCAL_DOMAIN)


def test_a_key_point_about_a_part_counts_once_the_answer_names_its_subject() -> None:
    # the subject named in another sentence: the clause about CE explains focal loss
    assert (
        focal("Focal loss is for imbalance. CE times (1-p)^γ down-weights easy examples.")
        .points[0]
        .covered
    )
    # never named: a clause about CE is about CE, as a neighbouring question's answer would be,
    # but a product of CE ("CE times (1-p)^γ") is what the subject works on, not its topic
    assert not focal("Plain CE down-weights easy examples.").points[0].covered
    assert focal("CE times (1-p)^γ down-weights easy examples.").points[0].covered
    # named in the same sentence as the other thing: the clause decides, as written
    said = "Unlike focal loss, plain CE down-weights easy examples."
    assert not focal(said).points[0].covered


CURVED = (KeyPoint(("curved decision boundaries",), core=True),)


@pytest.mark.parametrize(
    "said",
    [
        "Without them you're not getting curved decision boundaries.",  # a counterfactual
        "The loss shouldn't ignore curved decision boundaries.",  # not + ignore: stated
    ],
)
def test_a_counterfactual_or_a_denied_denial_is_no_contradiction(said: str) -> None:
    assert judge(said, CURVED, subject=("relu",), domain=DOMAIN).contradictions == ()


def test_a_plain_denial_is_still_a_contradiction() -> None:
    said = "A ReLU net is not getting curved decision boundaries."
    assert [
        c.point for c in judge(said, CURVED, subject=("relu",), domain=DOMAIN).contradictions
    ] == ["curved decision boundaries"]


# -- an intensifier keeps a claim (judging round 18) ---------------------------------------------

MONOTONIC = Misconception("GELU is monotonic", ("gelu is monotonic",), "It dips near -0.75.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("GELU is monotonic.", True),
        ("GELU is strictly monotonic.", True),
        ("GELU is definitely monotonic, like ReLU.", True),
        ("GELU is always monotonic.", True),  # "always" folded with "for all inputs"
        ("Unlike Swish, it's strictly monotonic.", True),  # the pronoun's claim
        ("GELU is exactly monotonic, like ReLU.", True),
        ("GELU is almost monotonic.", False),  # a hedge is no intensifier
        ("GELU is not strictly monotonic.", False),
        ("GELU is smooth; ReLU is monotonic.", False),
    ],
)
def test_an_intensifier_between_a_two_word_claims_words_keeps_it(said: str, caught: bool) -> None:
    j = judge(
        said,
        SIGMOID_POINTS,
        (MONOTONIC,),
        (("always", "for all inputs"),),
        subject=("gelu",),
        domain=(*DOMAIN, ("gelu",), ("swish",)),
    )
    assert (wrongs(j) == [MONOTONIC.claim]) is caught, said


def test_the_intensifiers_stems_are_the_stemmers() -> None:
    from actloss_quiz import scoring

    stems = {scoring._stem(w) for w in scoring._INTENSIFIERS}
    assert scoring._INTENSIFIER_STEMS <= stems
    assert stems - scoring._INTENSIFIER_STEMS == {"total", "pure", "perfect", "certain", "exact"}


# -- a wrong claim does not run from one case into the next (judging round 18) -------------------

MSE_FOR_CLASSES = Misconception(
    "Use MSE for classification", ("use mse for classification",), "CE."
)


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("Use MSE for classification.", True),
        ("For images, use MSE for classification too.", True),
        ("For regression use MSE, for classification use cross-entropy.", False),
        ("Look at the target: for regression use MSE, for classification use CE.", False),
        ("Regression: use MSE, classification: use cross-entropy.", False),
        ("Classification: use MSE for classification too.", True),
    ],
)
def test_a_wrong_claim_does_not_run_into_the_next_case(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (MSE_FOR_CLASSES,), subject=("loss",), domain=DOMAIN)
    assert (wrongs(j) == [MSE_FOR_CLASSES.claim]) is caught, said


# -- judging round 19 ----------------------------------------------------------------------------

KINK = Misconception("GELU has a kink", ("has a kink at zero",), "GELU is smooth.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("GELU has a hard kink at zero.", True),
        ("GELU doesn't have a hard kink at zero.", False),  # "¬hard kink": the kink denied too
        ("Unlike ReLU it doesn't have a hard kink at zero.", False),
        ("GELU doesn't have a kink at zero.", False),
    ],
)
def test_a_denied_adjective_denies_its_noun(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (KINK,), subject=("gelu",), domain=(*DOMAIN, ("gelu",)))
    assert (wrongs(j) == [KINK.claim]) is caught, said


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        # the sentence before names tanh only as an object; "Unlike Swish," opens the pronoun's
        # own sentence and is no sentence between
        ("GELU is smooth; implementations use the tanh approximation. Unlike Swish, it's "
         "monotonic.", True),
        ("GELU is smooth; implementations use the tanh approximation. It's monotonic.", True),
        ("GELU is smooth. Swish dips below zero. Unlike Swish, it's monotonic.", False),
    ],
)  # fmt: skip
def test_a_pronoun_after_a_contrast_clause_is_the_answers_subject(said: str, caught: bool) -> None:
    j = judge(
        said,
        SIGMOID_POINTS,
        (MONOTONIC,),
        subject=("gelu",),
        domain=(*DOMAIN, ("gelu",), ("swish",), ("tanh",)),
    )
    assert (wrongs(j) == [MONOTONIC.claim]) is caught, said


RELU_ZERO_CENTRED = Misconception("ReLU is zero-centred", ("relu is zero-centred",), "It is not.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("ReLU is cheap. It's also zero-centred.", True),
        ("ReLU is cheap. It's basically zero-centred, unlike sigmoid.", True),
        ("ReLU is cheap. It is kind of zero-centred.", True),
        ("ReLU is cheap. It's also not zero-centred.", False),
        ("ReLU is cheap. It's the zero-centred one's opposite.", False),  # an article: a thing
    ],
)
def test_a_filler_between_a_pronoun_and_its_claim_keeps_it(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (RELU_ZERO_CENTRED,), subject=("relu",), domain=DOMAIN)
    assert (wrongs(j) == [RELU_ZERO_CENTRED.claim]) is caught, said


GAUSSIAN = Misconception("BCE is a Gaussian NLL", ("likelihood of a gaussian",), "Bernoulli.")
BERNOULLI = (KeyPoint(("likelihood of a bernoulli",), core=True),)


@pytest.mark.parametrize(
    ("said", "caught", "covered"),
    [
        ("The negative log likelihood of a gaussian, no wait, bernoulli.", False, True),
        # (a point said and taken back still counts: a "sorry" may restate as well as correct)
        ("The negative log likelihood of a bernoulli, no wait, gaussian.", True, True),
        ("The negative log likelihood of a gaussian, sorry, bernoulli.", False, True),
        ("The likelihood of a gaussian. Sorry, nerves. Bernoulli?", True, False),  # no clause
        ("It's the likelihood of a gaussian, I mean a bell curve.", True, False),  # explains
    ],
)
def test_a_correction_on_the_fly_takes_back_what_it_replaces(
    said: str, caught: bool, covered: bool
) -> None:
    j = judge(said, BERNOULLI, (GAUSSIAN,), subject=("bce",), domain=(*DOMAIN, ("bce",)))
    assert (wrongs(j) == [GAUSSIAN.claim]) is caught, said
    assert j.points[0].covered is covered, said


@pytest.mark.parametrize(
    ("said", "heard"),
    [
        ("values between -1 and 1, sorry no, 0 and 1, -1 to 1 is tanh",
         "values between 0 and 1, -1 to 1 is tanh"),
        ("the normal pdf, sorry cdf, so", "the normal cdf, so"),
        ("its max derivative is 0.25, sorry 0.5", "its max derivative is 0.5"),
        ("any value in [0, 1], hmm actually [-1, 1], is valid", "any value in [-1, 1], is valid"),
        ("and its symmetric, wait no, its not symmetric, so", "its not symmetric, so"),
        ("it's cheap, or rather it has no exponential", "it's cheap, or rather it has no exponential"),
        ("I'm sorry, I don't know", "I'm sorry, I don't know"),
    ],
)  # fmt: skip
def test_what_a_correction_takes_back(said: str, heard: str) -> None:
    """What the judge reads for claims; key points are also read in the typed answer."""
    from actloss_quiz.scoring import _retracted

    out = _retracted(said)
    assert len(out) == len(said)  # offsets still point into the typed answer
    assert " ".join(out.split()) == heard


def test_a_key_point_restated_after_sorry_still_counts() -> None:
    said = "Stacked linear layers collapse into one affine map, sorry, linear plus bias."
    points = (KeyPoint(("collapse into one affine map",), core=True),)
    assert judge(said, points).points[0].covered


EASY = (KeyPoint(("well-classified examples contribute less",), core=True),)


@pytest.mark.parametrize(
    ("said", "contradicted"),
    [
        ("Well-classified examples contribute little.", False),  # "little" denies like "less"
        ("A well-classified example doesn't contribute much loss.", False),  # "not much": little
        ("Well-classified examples contribute few gradients.", False),
        ("Well-classified examples contribute a lot.", True),
        ("Well-classified examples contribute a little more.", True),  # "a little": some
        ("Well-classified examples contribute more.", True),
    ],
)
def test_little_and_few_deny_like_less(said: str, contradicted: bool) -> None:
    j = judge(said, EASY, subject=("focal loss",), domain=(*DOMAIN, ("focal loss",)))
    assert bool(j.contradictions) is contradicted, said


CONVEX = Misconception("A loss must be convex", ("loss must be convex",), "Neural losses are not.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("A loss must be convex.", True),
        ("A loss maps predictions to a scalar. It must be convex.", True),
        ("A loss maps predictions to a scalar. It has to be convex in the parameters.", True),
        ("A loss maps predictions to a scalar. It needn't be convex.", False),
        ("A loss maps predictions to a scalar. If it were MSE it would be convex.", False),
    ],
)
def test_an_auxiliary_between_a_pronoun_and_its_claim_keeps_it(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (CONVEX,), subject=("loss",), domain=DOMAIN)
    assert (wrongs(j) == [CONVEX.claim]) is caught, said


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        # a thing compared with ("versus X") is no antecedent
        ("ReLU is max(0, x). Versus sigmoid or tanh: cheap to compute. It's also zero-centred.",
         True),
        # things named after a preposition, or in a list of them, are objects: the sentence's
        # subject went unsaid, so the pronoun's is the answer's
        ("A cheap gate, used in BERT and GPT, with the tanh approximation. And it's "
         "zero-centred.", True),
        ("Sigmoid saturates. It's zero-centred.", False),  # the last thing named, a subject
    ],
)  # fmt: skip
def test_a_pronouns_antecedent_is_no_thing_compared_with_nor_an_object(
    said: str, caught: bool
) -> None:
    j = judge(
        said,
        SIGMOID_POINTS,
        (RELU_ZERO_CENTRED,),
        subject=("relu",),
        domain=(*DOMAIN, ("tanh",), ("bert",), ("gpt",)),
    )
    assert (wrongs(j) == [RELU_ZERO_CENTRED.claim]) is caught, said


def test_a_thing_named_as_like_is_no_antecedent() -> None:
    twice = Misconception("Huber is C2", ("huber is twice differentiable",), "Only C1.")
    said = "Quadratic near zero, so it's MSE-like there and L1-like for large residuals. It's twice differentiable."
    j = judge(said, SIGMOID_POINTS, (twice,), subject=("huber",), domain=(*DOMAIN, ("mse",)))
    assert wrongs(j) == [twice.claim]


def test_a_domain_name_is_no_typo_of_a_phrasing_word() -> None:
    sampled = Misconception("PReLU samples α", ("prelu samples the slope",), "RReLU does.")
    domain = (*DOMAIN, ("rrelu", "randomized leaky relu"))
    said = "RReLU samples the slope from a range."
    assert wrongs(judge(said, SIGMOID_POINTS, (sampled,), subject=("prelu",), domain=domain)) == []
    said = "PReLU samples the slope from a range."
    assert wrongs(judge(said, SIGMOID_POINTS, (sampled,), subject=("prelu",), domain=domain)) == [
        sampled.claim
    ]


def test_one_hot_is_one_word_not_the_number_one() -> None:
    one_minus = Misconception("The loss is 1 − p", ("1 - p_true",), "It is −log p.")
    said = "-sum y_k log p_k, which with one-hot is just -log p_true"
    assert wrongs(judge(said, SIGMOID_POINTS, (one_minus,))) == []
    assert wrongs(judge("With a 1-hot y the loss is 1 - p_true.", SIGMOID_POINTS, (one_minus,)))
    from actloss_quiz.scoring import tokens

    assert tokens("one-hot") == tokens("one hot") == tokens("1-hot") == ["onehot"]


ON_DATA = Misconception("L2 penalises the data", ("penalty on the data",), "On the weights.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("You add a penalty on the data.", True),
        ("L2 adds a penalty on the raw data.", True),  # an adjective is no other object
        ("You add a penalty on the weights to the data loss.", False),  # "on" took the weights
    ],
)
def test_a_preposition_that_took_another_object_breaks_a_wrong_claim(
    said: str, caught: bool
) -> None:
    assert (wrongs(judge(said, SIGMOID_POINTS, (ON_DATA,))) == [ON_DATA.claim]) is caught, said


def test_a_range_is_no_other_object() -> None:
    squash = Misconception("Tanh maps to (0, 1)", ("tanh squashes to 0 1",), "(−1, 1).")
    said = "Tanh squashes its input into the zero-to-one interval."  # "to between 0 1"
    groups = (("between 0 and 1", "0 to 1"),)  # the bundled bank's: "0 to 1" is a range
    assert wrongs(judge(said, SIGMOID_POINTS, (squash,), groups)) == [squash.claim]


def test_a_pronoun_ending_a_sentence_claims_nothing_in_the_next() -> None:
    same = Misconception("GELU is ReLU", ("gelu is just relu",), "It is smooth.")
    domain = (*DOMAIN, ("gelu",))
    said = "The input is scaled by the chance a normal variable falls below it. Compared to ReLU, GELU is smooth."
    assert wrongs(judge(said, SIGMOID_POINTS, (same,), subject=("gelu",), domain=domain)) == []
    said = "GELU scales the input by a probability. It is just ReLU, really."
    assert wrongs(judge(said, SIGMOID_POINTS, (same,), subject=("gelu",), domain=domain)) == [
        same.claim
    ]


def test_a_vulgar_fraction_is_a_fraction() -> None:
    one = Misconception("σ' is at most 1", ("sigmoid gradient at most one",), "It is 1/4.")
    for said in ("Sigmoid's gradient is at most ¼.", "Sigmoid's gradient is at most 1/4."):
        assert wrongs(judge(said, SIGMOID_POINTS, (one,))) == [], said
    assert wrongs(judge("Sigmoid's gradient is at most 1.", SIGMOID_POINTS, (one,))) == [one.claim]


TANH_POSITIVE = Misconception("Tanh's outputs are positive", ("tanh outputs are positive",), "No.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("Are tanh outputs positive? No, they are centred on zero.", False),
        ("Are tanh outputs positive? Not really: they are centred on zero.", False),
        ("Are tanh outputs positive? Yes, always.", True),
        ("Tanh outputs are positive.", True),
        ("Does it matter? No. Tanh outputs are positive.", True),  # the answer is the question's
    ],
)
def test_a_yes_no_question_and_its_answer_make_one_claim(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (TANH_POSITIVE,), subject=("tanh",), domain=DOMAIN)
    assert (wrongs(j) == [TANH_POSITIVE.claim]) is caught, said


def test_the_answer_word_no_denies_nothing_after_it() -> None:
    centred = (KeyPoint(("tanh is zero-centred",), core=True),)
    j = judge("Is tanh biased like sigmoid? No, tanh is zero-centred.", centred, subject=("tanh",))
    assert j.points[0].covered and not j.contradictions


OPTIMAL_MEDIAN = Misconception(
    "MSE estimates the median", ("optimal predictor is the median",), "Mean."
)


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("What is the optimal predictor? The median.", True),  # the question's answer
        ("Which is the optimal predictor? The median, of course.", True),
        ("Is the optimal predictor known? The median is robust.", False),  # no wh-question
        ("The optimal predictor. The median is robust.", False),
    ],
)
def test_a_question_the_answer_asks_itself_goes_on_in_its_answer(said: str, caught: bool) -> None:
    assert (
        wrongs(judge(said, SIGMOID_POINTS, (OPTIMAL_MEDIAN,))) == [OPTIMAL_MEDIAN.claim]
    ) is caught, said


def test_an_answer_opening_on_a_pronoun_is_about_the_subject() -> None:
    easy = (KeyPoint(("down-weights easy examples",), core=True),)
    domain = (*DOMAIN, ("focal loss",), ("cross-entropy", "ce"))
    said = "It reshapes cross-entropy to down-weight easy examples."  # CE: its object
    assert judge(said, easy, subject=("focal loss",), domain=domain).elsewhere is None
    said = "Cross-entropy down-weights nothing; easy examples count fully."
    assert judge(said, easy, subject=("focal loss",), domain=domain).elsewhere == "cross-entropy"


@pytest.mark.parametrize(
    ("said", "asserted"),
    [
        ("A ReLU on the output isn't a good idea.", False),
        ("A ReLU on the output is not needed.", False),
        ("Put a ReLU on the output.", True),
    ],
)
def test_not_good_rejects_the_claim_before_it(said: str, asserted: bool) -> None:
    relu_out = Misconception("Use ReLU at the output", ("relu on the output",), "Linear.")
    assert bool(judge(said, SIGMOID_POINTS, (relu_out,)).misconceptions) is asserted, said


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        (r"$\frac{1}{1+e^{-x}}$; binary", "((1)/(1+e^(-x))); binary"),
        (r"$\mathrm{GELU}(x) = x\,\Phi(x)$", "GELU(x) = x Φ(x)"),
        (r"$-[y\log\hat p+(1-y)\log(1-\hat p)]$", "-[y log p\u0302+(1-y)log(1-p\u0302)]"),
        (r"$\max(0, 1 - ys)$ with $y \in \{-1, +1\}$", "max(0, 1 - ys) with y ∈ (-1, +1)"),
        (r"$\mathbb{1}[z > 0]$, $\sigma'(x) \le 1/4$", "𝟙[z > 0], σ'(x) ≤ 1/4"),
        (r"$-\sum_{k} y_k \log \hat p_k$", "-Σ_{k} y_k log p\u0302_k"),
        (r"a nonlinear \phi \ldots done. Next", "a nonlinear φ   done. Next"),
        ("no latex here.", "no latex here."),
    ],
)  # fmt: skip
def test_latex_reads_as_plain_math(said: str, plain: str) -> None:
    from actloss_quiz.mathhint import from_latex

    assert from_latex(said) == plain


def test_a_latex_formula_is_checked_by_value() -> None:
    sig = (KeyPoint(("sigmoid squashes",), core=True, formula="1/(1+exp(-x))"),)
    said = r"$\sigma(x) = \dfrac{1}{1+\exp\left(-x\right)}$"
    j = judge(said, sig, subject=("sigmoid",), domain=DOMAIN)
    assert j.points[0].covered and j.formulas[0].status == "equal"
    said = r"$\sigma(x) = \dfrac{1}{1+\exp\left(x\right)}$"
    assert judge(said, sig, subject=("sigmoid",), domain=DOMAIN).formulas[0].status == "differs"


def test_latex_words_read_as_words() -> None:
    sat = (KeyPoint(("saturation squashes gradients",), core=True),)
    said = r"\textbf{Saturation} \emph{squashes} \textit{gradients}: $\sigma'(x) \to 0$."
    assert judge(said, sat).points[0].covered


@pytest.mark.parametrize(
    "hostile",
    [
        "\\frac{" * 1666,  # unbalanced arguments, nested past any depth
        "\\sqrt{" * 1500 + "x" + "}" * 1500,
        "\\hat{" * 2000,
        "$" * 10_000,
        "\\" * 10_000,
        ("\\frac{1}{" + "x" * 1990 + "}") * 5,
    ],
)
def test_latex_of_any_shape_is_read_within_bounds(hostile: str) -> None:
    """No recursion error, no unbounded scan: arguments are read within MAX_LATEX_STEPS
    characters (nested ones count again), the rest kept as typed."""
    from actloss_quiz.mathhint import MAX_LATEX_STEPS, from_latex

    out = from_latex(hostile)
    assert isinstance(out, str) and len(out) <= 2 * len(hostile) + MAX_LATEX_STEPS
    judge(hostile, SIGMOID_POINTS, (KINK,))  # and the judge reads it


GELU_MONOTONIC = Misconception("GELU is monotonic", ("gelu is monotonic",), "It dips below 0.")
GELU = ("gelu",)
GELU_DOMAIN = (*DOMAIN, ("swish", "silu"))


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("GELU is x times the normal CDF. It's smooth and monotonic everywhere.", True),
        ("GELU is x times the normal CDF. It's smooth or monotonic, I forget.", True),
        ("GELU is x times the normal CDF. It's smooth and non-monotonic.", False),
        ("GELU is x times the normal CDF. It's smooth and swish is monotonic.", False),
        ("GELU is x times the normal CDF. It's smooth and the ReLU is monotonic.", False),
    ],
)
def test_the_second_of_a_pair_after_a_pronoun_is_its_claim_too(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (GELU_MONOTONIC,), subject=GELU, domain=GELU_DOMAIN)
    assert (wrongs(j) == [GELU_MONOTONIC.claim]) is caught, said


RESNET_GELU = Misconception("ResNets use GELU", ("resnets used gelu",), "ReLU.")


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("The original ResNets, for instance, used GELU.", True),
        ("The original ResNets, I think, used GELU.", True),
        ("The original ResNets, if I remember correctly, used GELU.", True),
        ("The original ResNets, not GELU, used ReLU.", False),  # no aside: a denial
    ],
)
def test_a_discourse_aside_does_not_split_its_clause(said: str, caught: bool) -> None:
    j = judge(said, SIGMOID_POINTS, (RESNET_GELU,), subject=("relu",), domain=DOMAIN)
    assert (wrongs(j) == [RESNET_GELU.claim]) is caught, said


def test_a_discourse_aside_before_a_formula_keeps_its_comma() -> None:
    """A formula after an aside is its own clause, as it would be without the aside: the
    formula checker reads it alone ("sigmoid times tanh, I think, σ(x)·tanh(x)")."""
    from actloss_quiz.scoring import _surface_words

    words, _ = _surface_words("swish is sigmoid times tanh, i think, σ(x)·tanh(x)")
    clauses = {w: c for w, _s, c in words}
    assert clauses["tanh"] != clauses["swish"] and clauses["think"] != clauses["swish"]
    words, _ = _surface_words("the resnets, i think, used gelu")
    assert len({c for _w, _s, c in words}) == 1


@pytest.mark.parametrize(
    ("said", "caught"),
    [
        ("MAE and MSE are robust to outliers.", True),
        ("MSE and MAE are robust to outliers.", True),
        ("MSE or MAE, both are robust to outliers.", True),
        ("MAE and Huber are robust to outliers.", False),
        ("MSE is smooth and MAE is robust to outliers.", False),
    ],
)
def test_two_names_joined_are_one_subject(said: str, caught: bool) -> None:
    assert (wrongs(mse(said)) == [ROBUST.claim]) is caught, said


CE = ("cross-entropy", "ce")
STANDARD = (KeyPoint(("standard classification training",), core=True),)
CE_DOMAIN = (*DOMAIN, ("softmax",))


@pytest.mark.parametrize(
    ("said", "covered"),
    [
        ("With softmax outputs, this is standard classification training.", True),
        ("With softmax outputs, it is standard classification training.", True),
        ("With softmax outputs, softmax is standard classification training.", False),
    ],
)
def test_a_with_clause_is_the_setting_of_a_pronoun_after_it(said: str, covered: bool) -> None:
    j = judge(said, STANDARD, subject=CE, domain=CE_DOMAIN)
    assert j.points[0].covered is covered, said


def test_a_with_clause_still_names_what_a_plain_clause_is_about() -> None:
    assert wrongs(mse("With MAE, errors are robust to outliers.")) == []


@pytest.mark.parametrize(
    "said", ["each wrong class adds −log(1 − p̂_k)", "each wrong class adds −log(1 − p_k)"]
)
def test_a_hat_on_a_letter_is_the_same_variable(said: str) -> None:
    """ "p̂_k" and "p_k" name the same prediction: a phrasing written either way matches both
    (the hat once stood as a word of its own between the letter and its index)."""
    per_class = Misconception("CE sums a BCE per class", ("wrong class adds −log(1 − p_k)",), "")
    j = judge(said, STANDARD, (per_class,), subject=CE, domain=CE_DOMAIN)
    assert wrongs(j) == [per_class.claim]
    per_class = Misconception("CE sums a BCE per class", ("wrong class adds −log(1 − p̂_k)",), "")
    assert wrongs(judge(said, STANDARD, (per_class,), subject=CE, domain=CE_DOMAIN))
