"""Judging against the bundled bank: the examples of issue #12, misconceptions, model answers."""

from __future__ import annotations

import pytest

from actloss_quiz.bank import Bank, Question, load_bank
from actloss_quiz.scoring import Judgement, judge


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def judge_q(bank: Bank, q: Question, answer: str) -> Judgement:
    return judge(
        answer,
        q.key_points,
        q.misconceptions,
        bank.synonyms,
        subject=q.subject,
        domain=bank.domain,
    )


def judged(bank: Bank, qid: str, answer: str) -> Judgement:
    q = bank.by_id(qid)
    assert q is not None
    return judge_q(bank, q, answer)


def point(bank: Bank, qid: str, answer: str, label: str) -> bool:
    (p,) = [p for p in judged(bank, qid, answer).points if p.point == label]
    return p.covered


# The examples of issue #12: what used to be credited wrongly, and what used to be missed.
@pytest.mark.parametrize(
    ("qid", "answer", "label", "expected"),
    [
        (
            "focal-loss",
            "focal loss up-weights the easy examples",
            "down-weights easy examples",
            False,
        ),
        ("focal-loss", "it down-weights the easy examples", "down-weights easy examples", True),
        ("gelu-transformers", "it never needs any approximation", "tanh approximation", False),
        ("hinge-loss", "hinge loss is never used in SVMs", "svm loss", False),
        ("hinge-loss", "it is the loss used in SVMs", "svm loss", True),
        ("mse-definition", "mse is robust to outliers", "penalizes large errors", False),
        (
            "accuracy-not-differentiable",
            "accuracy isn't differentiable",
            "piecewise constant",
            True,
        ),
        ("kl-divergence", "used in VAEs for the latent", "variational inference", True),
        (
            "softmax-purpose",
            "turns the logits into probabilities that add up to 1",
            "logits to probabilities",
            True,
        ),
        ("softmax-purpose", "normalizes so they add up to 1", "sum to 1", True),
        ("sigmoid-formula-use", "1/(1+exp(-x))", "1/(1+e^-x)", True),
        ("sigmoid-formula-use", "it is 1/(1+e^x)", "1/(1+e^-x)", False),
        ("tanh-vs-sigmoid", "tanh isn't zero centered", "tanh is zero-centered", False),
    ],
)
def test_issue_examples(bank: Bank, qid: str, answer: str, label: str, expected: bool) -> None:
    assert point(bank, qid, answer, label) is expected


@pytest.mark.parametrize(
    ("qid", "answer", "claim"),
    [
        (
            "focal-loss",
            "focal loss up-weights the easy examples",
            "Focal loss up-weights easy examples",
        ),
        ("mse-definition", "mse is robust to outliers", "MSE is robust to outliers"),
        (
            "saturation-vanishing-gradients",
            "derivatives bigger than 1 in the saturation regions, gradients explode",
            "Saturation makes gradients explode",
        ),
        ("relu-definition", "relu is zero-centred and cheap", "ReLU is zero-centred"),
        ("kl-divergence", "KL is symmetric, KL(p||q) = KL(q||p)", "KL divergence is symmetric"),
    ],
)
def test_misconceptions_are_caught_and_suggest_again(
    bank: Bank, qid: str, answer: str, claim: str
) -> None:
    j = judged(bank, qid, answer)
    assert claim in [m.claim for m in j.misconceptions]
    assert j.suggested_rating == 1
    assert f"misconception: {claim}" in j.reasons


@pytest.mark.parametrize(
    ("qid", "answer"),
    [
        ("relu-definition", "relu is not zero-centred"),
        ("relu-definition", "relu isn't zero centered, its outputs are never negative"),
        ("mse-definition", "mse is not robust to outliers"),
        ("kl-divergence", "kl is not symmetric: kl(p||q) != kl(q||p)"),
        ("focal-loss", "it never up-weights the easy examples"),
    ],
)
def test_a_negated_misconception_is_not_asserted(bank: Bank, qid: str, answer: str) -> None:
    assert judged(bank, qid, answer).misconceptions == ()


def test_bundled_synonyms_reach_every_question(bank: Bank) -> None:
    assert point(
        bank, "mse-definition", "the avg of the squared errors", "averaged over the examples"
    )
    assert point(bank, "bce-one-line", "the neg log likelihood", "negative log-likelihood")


def test_every_bundled_model_answer_is_good_and_asserts_no_misconception(bank: Bank) -> None:
    for q in bank.questions:
        j = judge_q(bank, q, q.answer)
        assert j.misconceptions == (), (q.id, [m.claim for m in j.misconceptions])
        assert j.suggested_rating == 3, (q.id, j.reasons)
        assert all(p.covered for p in j.points if p.core), (q.id, j.reasons)


def test_every_phrasing_covers_its_own_point(bank: Bank) -> None:
    """Typing a key point's own wording credits it (no phrasing is unmatchable)."""
    for q in bank.questions:
        for kp in q.key_points:
            for phrasing in kp.phrasings:
                j = judge_q(bank, q, phrasing)
                assert kp.label in j.covered, (q.id, phrasing)


def test_every_misconception_phrasing_is_caught(bank: Bank) -> None:
    for q in bank.questions:
        for m in q.misconceptions:
            for phrasing in m.phrasings:
                j = judge_q(bank, q, phrasing)
                assert m in j.misconceptions, (q.id, phrasing)
                assert j.suggested_rating == 1, (q.id, phrasing)


def test_every_bundled_question_has_core_points_and_misconceptions(bank: Bank) -> None:
    for q in bank.questions:
        assert 1 <= sum(kp.core for kp in q.key_points) <= 2, q.id
        assert len(q.misconceptions) >= 2, q.id
        for m in q.misconceptions:
            assert m.claim and m.correction and m.phrasings, q.id


def test_a_point_labelled_with_one_of_two_subjects_is_not_said_about_the_other(
    bank: Bank,
) -> None:
    """leaky-relu-prelu is about both; "prelu learns alpha" is neither contradicted by a clause
    about Leaky ReLU ("α isn't learned") nor spared when PReLU itself is denied it."""
    about_leaky = judged(bank, "leaky-relu-prelu", "In Leaky ReLU α isn't learned, it's fixed.")
    assert about_leaky.contradictions == ()
    about_prelu = judged(bank, "leaky-relu-prelu", "PReLU does not learn alpha, it is fixed.")
    assert [c.point for c in about_prelu.contradictions] == ["prelu learns alpha"]


def test_denying_the_true_risk_is_no_contradiction_of_the_empirical_risk(bank: Bank) -> None:
    """A new user's first answer (judging round 14): the point "empirical risk" listed the bare
    terms it stands in for ("true risk", "expected loss"), so denying that training minimises
    them read as denying the point. Its phrasings now say the relation."""
    j = judged(
        bank,
        "loss-definition",
        "A scalar measuring how far predictions are from targets, not a vector; we don't minimise"
        " the true risk but its average over the training set.",
    )
    assert j.contradictions == () and j.suggested_rating == 3
    assert point(
        bank, "loss-definition", "It is a stand-in for the expected loss.", "empirical risk"
    )


@pytest.mark.parametrize(
    "answer", ["It is undefined at 0.", "it's not defined at x=0, there's a kink there."]
)
def test_undefined_at_zero_is_no_contradiction_of_picking_a_value(bank: Bank, answer: str) -> None:
    """Judging round 15: "pick 0 or 1" listed "define it as 0" and "defined as 0 in practice",
    whose opposite "undefined at 0" (the question's core point) then showed as a contradiction
    of it. The phrasings that say how frameworks pick a value stay."""
    j = judged(bank, "relu-derivative-zero", answer)
    assert j.contradictions == ()
    assert point(bank, "relu-derivative-zero", "PyTorch sets it to 0 by convention.", "pick 0 or 1")


def test_a_number_denied_of_one_of_several_subjects_is_the_others_number(bank: Bank) -> None:
    """Where the question asks about sigmoid and tanh, "at most 0.25" is sigmoid's bound:
    "tanh's derivative is not at most 0.25" is true. Said of no one thing, it contradicts."""
    qid = "saturation-vanishing-gradients"
    said = "Tanh's derivative is not at most 0.25; it reaches 1 at 0."
    assert judged(bank, qid, said).contradictions == ()
    said = "Its derivative is not at most 0.25."
    assert [c.said for c in judged(bank, qid, said).contradictions] == [said[:-1]]


def test_gradients_exploding_contradict_vanishing_only_where_the_subject_is_named(
    bank: Bank,
) -> None:
    """Exploding and vanishing are contraries, not either-or: gradients that explode in an RNN
    say nothing of what saturation does. Said in a sentence about saturation, they contradict."""
    qid = "saturation-vanishing-gradients"
    said = "Recurrent weights whose largest singular value exceeds 1 can make gradients explode in RNNs."
    assert judged(bank, qid, said).contradictions == ()
    said = "When the units saturate, the backpropagated gradients blow up layer after layer."
    assert judged(bank, qid, said).contradictions != ()


def test_a_swapped_word_before_another_noun_qualifies_that_noun(bank: Bank) -> None:
    """ "gradients come from large weights": "large" is said of the weights, so it is no
    "large gradient" against "gradient is very small". At the end of its clause it is."""
    qid = "saturation-vanishing-gradients"
    said = "Exploding gradients come from large weights, not from saturation."
    assert judged(bank, qid, said).contradictions == ()
    said = "Its gradient gets large."
    assert [c.said for c in judged(bank, qid, said).contradictions] == [said[:-1]]


@pytest.mark.parametrize(
    ("qid", "answer", "again"),
    [
        # another question's answer: it opens on another thing and never names the subject
        ("softmax-purpose", "Cross-entropy: −Σ_k y_k log p̂_k, −log p̂ of the true class.", True),
        ("gelu-transformers", "Swish is x·σ(βx); smooth, found by search, in EfficientNet.", True),
        # the subject described through another thing is still about the subject
        ("gelu-transformers", "A smooth version of relu, x times the Gaussian CDF.", False),
        ("focal-loss", "CE reweighted by (1 − p_t)^γ, so easy examples contribute less.", False),
        # a subject that is no one thing of the domain: answers name the losses they choose
        ("choosing-a-loss", "MSE for regression, cross-entropy for classification.", False),
    ],
)
def test_an_answer_about_another_thing_is_again(
    bank: Bank, qid: str, answer: str, again: bool
) -> None:
    j = judged(bank, qid, answer)
    assert (j.suggested_rating == 1) is again, j.reasons
    assert (j.elsewhere is not None) is again
    assert any(r.startswith("about ") for r in j.reasons) is again


@pytest.mark.parametrize(
    ("answer", "contradicted"),
    [
        ("Don't pick it in a vacuum; it shouldn't contradict the output head.", False),
        ("The loss must not conflict with the output head.", False),
        ("The loss shouldn't follow the output head.", True),
    ],
)
def test_not_contradicting_a_point_states_it(bank: Bank, answer: str, contradicted: bool) -> None:
    """ "contradict", "conflict", "clash" deny what follows, so "shouldn't contradict the output
    head" is a double negation: the point said, not its opposite (judging round 20)."""
    j = judged(bank, "choosing-a-loss", answer)
    assert ("match the output head" in [c.point for c in j.contradictions]) is contradicted
