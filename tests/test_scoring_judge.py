"""`judge`'s own steps, found by the mutation review of scoring.py (issue #19): the subject a
point or misconception is said about, the formula checks and what they cover, and a wrong claim
said with a pronoun in place of the subject's name."""

from __future__ import annotations

import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import KeyPoint, Misconception
from actloss_quiz.scoring import PointResult, judge

LOSSES = (("mae", "mean absolute error"), ("huber",))
ACTIVATIONS = (("leaky relu",), ("prelu",), ("relu",))
SIGMOID = KeyPoint(("logistic formula",), core=True, formula="1/(1+exp(-x))")
SQUARES = (KeyPoint(("squares errors",)),)


def wrong(*phrasings: str) -> Misconception:
    return Misconception("a wrong claim", phrasings, "the correction")


def said_of_mse(answer: str, phrasing: str) -> tuple[str | None, ...] | None:
    """The subjects of the misconception `phrasing` (about MSE) the answer asserts, or None."""
    j = judge(answer, SQUARES, (wrong(phrasing),), subject=("mse",), domain=LOSSES)
    return j.misconception_subjects if j.misconceptions else None


# -- subjects ------------------------------------------------------------------------------------


def test_a_point_said_of_no_named_thing_is_about_the_question_subject() -> None:
    j = judge("It is robust to outliers.", [KeyPoint(("robust to outliers",))], subject=("mae",))
    assert j.points == (
        PointResult("robust to outliers", False, True, "robust to outliers", "mae"),
    )
    assert j.to_dict()["points"][0]["subject"] == "mae"


def test_a_point_whose_label_names_one_subject_thing_does_not_count_for_another() -> None:
    """Both are the subject, but "prelu learns alpha" is not said by "Leaky ReLU learns alpha"."""
    j = judge(
        "Leaky ReLU learns alpha.",
        [KeyPoint(("prelu learns alpha", "learns alpha"))],
        subject=("leaky relu", "prelu"),
        domain=ACTIVATIONS,
    )
    assert j.points == (PointResult("prelu learns alpha", False, False, None, "leaky relu"),)


def test_a_misconception_is_said_about_the_thing_its_clause_is_about() -> None:
    """A phrasing that names another thing after its first word ("outperforms mae") is about
    the clause's subject (MSE), not the thing it names; without a subject, none is bound."""
    bound = judge(
        "MSE outperforms MAE.",
        SQUARES,
        (wrong("outperforms mae"),),
        subject=("mse",),
        domain=LOSSES,
    )
    assert bound.misconception_subjects == ("mse",)
    assert bound.to_dict()["misconceptions"] == [
        {"claim": "a wrong claim", "correction": "the correction", "subject": "mse"}
    ]
    free = judge("MSE outperforms MAE.", SQUARES, (wrong("outperforms mae"),), domain=LOSSES)
    assert len(free.misconceptions) == 1 and free.misconception_subjects == ()
    assert free.to_dict()["misconceptions"] == [
        {"claim": "a wrong claim", "correction": "the correction"}
    ]


def test_an_answer_to_a_question_without_key_points_scores_0() -> None:
    j = judge("MSE squares the errors.", [])
    assert j.score == 0.0 and j.to_dict()["score"] == 0.0


def test_a_given_synonym_index_is_kept_for_the_judgement_helpers() -> None:
    """`judge(index=...)` hands its index to the helpers (kept by its groups), which then do not
    build it again from the groups' text."""
    groups = (("mutj squared error", "mutj mse"),)
    index = scoring.synonym_index([scoring.synonym_forms(g) for g in groups])
    kept = dict(scoring._PREBUILT)
    try:
        j = judge("mutj mse", [KeyPoint(("mutj squared error",))], synonyms=groups, index=index)
        assert j.points[0].covered
        assert scoring._PREBUILT[groups] is index
    finally:
        scoring._PREBUILT.clear()
        scoring._PREBUILT.update(kept)


# -- formulas ------------------------------------------------------------------------------------


def test_a_formula_equal_by_value_covers_its_point_as_found() -> None:
    j = judge("Sigmoid is 1/(1+exp(-x)).", [SIGMOID])
    assert j.points == (PointResult("logistic formula", True, True, "1/(1+exp(-x))", None),)
    assert [(f.point, f.status, f.at) for f in j.formulas] == [("logistic formula", "equal", None)]
    assert j.suggested_rating == 3


def test_a_formula_that_differs_names_its_point_and_where() -> None:
    j = judge("Sigmoid is 1/(1+exp(x)).", [SIGMOID])
    (f,) = j.formulas
    assert (f.point, f.status, f.found, f.at) == (
        "logistic formula",
        "differs",
        "1/(1+exp(x))",
        "x=1",
    )
    assert j.to_dict()["formulas"][0]["at"] == "x=1"
    assert "formula differs: logistic formula" in j.reasons


def test_a_formula_equal_to_one_points_reference_is_no_wrong_try_at_anothers() -> None:
    relu = KeyPoint(("relu by default",), core=True, formula="max(0, x)")
    gelu = KeyPoint(("gelu for transformers",), formula="x*Phi(x)")
    j = judge("max(0, x) for CNNs; transformers use something smoother.", [relu, gelu])
    assert [(f.point, f.status) for f in j.formulas] == [("relu by default", "equal")]
    assert not any(r.startswith("formula differs") for r in j.reasons)
    # a formula that matches neither still differs from each
    wrong = judge("max(0, 2x) for CNNs.", [relu, gelu])
    assert [f.status for f in wrong.formulas] == ["differs", "differs"]


def test_a_point_covered_in_words_is_not_failed_by_its_formula() -> None:
    j = judge("The logistic formula: 1/(1+exp(x)).", [SIGMOID])
    assert j.formulas[0].status == "differs" and j.points[0].covered
    assert j.reasons == ("1/1 key points",) and j.suggested_rating == 3


def test_a_formula_is_checked_against_its_declared_variables() -> None:
    """Two free symbols parse only with `variables=`; a broken reference is skipped, and the
    next point's still checked."""
    points = [
        KeyPoint(("broken",), formula="max(0,"),
        KeyPoint(("squared gap",), formula="(t - s)^2", variables=("t", "s")),
    ]
    j = judge("The loss is (t - s)^2.", points)
    assert [p.covered for p in j.points] == [False, True]
    assert j.points[1].matched == "(t - s)^2"


def test_a_prose_answer_never_parses_a_formula(monkeypatch: pytest.MonkeyPatch) -> None:
    """No math in the answer: the reference is not parsed (NumPy is not loaded for it)."""
    parsed: list[str] = []
    monkeypatch.setattr(scoring, "_reference", lambda expr, variables: parsed.append(expr))
    j = judge("The logistic curve squashes its input", [SIGMOID])
    assert parsed == [] and j.formulas == () and not j.points[0].covered


def test_a_wrong_formula_does_not_hide_the_next_points_contradiction() -> None:
    j = judge(
        "Softmax is exp(2*x) over a sum; softmax outputs do not sum to 1.",
        [KeyPoint(("exponential",), formula="exp(x)"), KeyPoint(("outputs sum to 1",), core=True)],
        subject=("softmax",),
    )
    assert [f.status for f in j.formulas] == ["differs"]
    assert [c.point for c in j.contradictions] == ["outputs sum to 1"]


# -- a wrong claim said with a pronoun -------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "phrasing", "subjects"),
    [
        ("MSE squares errors. It estimates medians.", "mse estimates medians", ("mse",)),
        # two words of the claim apart: not the claim
        ("MSE squares errors. It estimates conditional medians.", "mse estimates medians", None),
        # a negation inside the span denies it
        ("MSE squares errors. It is not robust to outliers.", "mse is robust to outliers", None),
        # ... also where the claim keeps no negation of its own
        (
            "MSE squares errors. It is scale not shift invariant.",
            "mse is scale shift invariant",
            None,
        ),
        # a phrasing with its own negation, after a negation ("no doubt")
        ("MSE squares errors. No doubt it is not a metric.", "mse is not a metric", ("mse",)),
        # a qualifier that is the claim's own word does not qualify it
        ("MSE squares errors. It is only for regression.", "mse is only for regression", ("mse",)),
        # a hypothetical is no claim
        ("MSE squares errors. If it estimates the median, fine.", "mse estimates the median", None),
        # the first match follows no pronoun; the next does
        (
            "MSE squares errors. The model estimates the median, and it estimates the median.",
            "mse estimates the median",
            ("mse",),
        ),
        # the subject named after a word of another clause ("Yes.") is still the subject
        ("Yes. MSE squares errors; it estimates the median.", "mse estimates the median", ("mse",)),
        # a kind of MSE is not MSE
        ("Weighted MSE squares errors. It estimates the median.", "mse estimates the median", None),
        # "it" after MAE is MAE; the later "it" after MSE is MSE
        (
            "MAE is robust; it estimates the median. MSE squares errors and it estimates the median.",
            "mse estimates the median",
            ("mse",),
        ),
        # "it" is MAE, the clause's subject, not MSE, named in its aside
        (
            "MAE, like MSE, is convex and it estimates the median.",
            "mse estimates the median",
            None,
        ),
        # ... even where the rest of the claim names another thing
        (
            "MAE, like MSE, is convex and it beats Huber on outliers.",
            "mse beats huber",
            None,
        ),
        ("MSE squares errors, and it beats Huber on outliers.", "mse beats huber", ("mse",)),
        # a claim of one word after "it" ("it is convex"), not denied, its "it" the subject's
        ("MSE squares errors. It is convex.", "mse is convex", ("mse",)),
        ("MSE squares errors. It's convex.", "mse is convex", ("mse",)),
        ("MSE squares errors. It is not convex.", "mse is convex", None),
        ("MAE takes absolute values. It is convex.", "mse is convex", None),
        # a claim about another thing, said with a pronoun: that thing named before it
        ("MAE takes absolute values. It estimates the mean.", "mae estimates the mean", ("mae",)),
        # ... in its own sentence too, where the clause is about that thing
        (
            "MAE takes absolute values, and it estimates the mean.",
            "mae estimates the mean",
            ("mae",),
        ),
        ("It estimates the mean.", "mae estimates the mean", None),
        ("MSE squares errors. It estimates the mean.", "mae estimates the mean", None),
        # named inside its clause ("used with MAE"), a thing is not the pronoun: the sentence's
        # subject is, when it opens its clause
        (
            "MSE is often used with MAE. It estimates the median.",
            "mse estimates the median",
            ("mse",),
        ),
        ("MSE is often used with MAE. It estimates the mean.", "mae estimates the mean", None),
        # a thing named after "unlike" is compared with: "it" is still the subject
        ("Unlike MAE, it is convex.", "mse is convex", ("mse",)),
        ("Unlike MAE, it estimates the median.", "mse estimates the median", ("mse",)),
        # MSE named last, but inside a clause ("than MSE"), not opening it: "it" is not MSE
        (
            "MAE is far more robust to large outliers than MSE; it estimates the median.",
            "mse estimates the median",
            None,
        ),
    ],
)
def test_a_wrong_claim_said_with_a_pronoun(
    answer: str, phrasing: str, subjects: tuple[str, ...] | None
) -> None:
    assert said_of_mse(answer, phrasing) == subjects


def test_a_point_covered_by_its_formula_is_about_the_subject() -> None:
    """A bug the review found: the point's words said of another thing ("Tanh has the logistic
    formula") left that thing as the subject of a point the formula covered."""
    point = KeyPoint(("logistic formula",), core=True, formula="1/(1+exp(-x))")
    said = "Tanh has the logistic formula; the curve is 1/(1+exp(-x))."
    j = judge(said, (point,), subject=("sigmoid",), domain=(("tanh",),))
    assert j.points[0].covered
    assert j.points[0].subject == "sigmoid"
    assert judge(said, (point,)).points[0].subject is None


# -- a formula said of another thing (judging round 15) ------------------------------------------

HUBER = KeyPoint(
    ("huber formula",),
    formula="0.5*min(abs(r), delta)^2 + delta*(abs(r) - min(abs(r), delta)); delta=1.5",
)
HUBER_DOMAIN = (("mse", "mean squared error"), ("mae",), ("huber",))


def huber_formula(answer: str) -> list[str]:
    j = judge(answer, [HUBER], subject=("huber",), domain=HUBER_DOMAIN)
    return [f.status for f in j.formulas]


def test_a_formula_said_of_another_thing_in_an_answer_about_the_subject_is_not_checked() -> None:
    """ "MSE: ρ(r) = r², ... Huber: quadratic, then linear" compares: r² is MSE's, no wrong Huber
    formula (it had capped a strong answer at hard)."""
    assert (
        huber_formula("MSE: ρ(r) = r², unbounded influence. Huber: quadratic, then linear.") == []
    )
    assert huber_formula("Unlike Huber, MSE is r² everywhere.") == []
    assert huber_formula("Huber is robust. MSE: ρ(r) = r² everywhere.") == []  # its own sentence
    # Said of the subject, by name or pronoun, it is checked as before.
    assert huber_formula("Huber: ρ(r) = r², unbounded influence.") == ["differs"]
    assert huber_formula("Huber is like MSE, but it's r² everywhere.") == ["differs"]
    assert huber_formula("Huber loss: compared with MSE, it is r² everywhere.") == ["differs"]
    # A sentence that opens on the subject keeps it, whatever it names next.
    assert huber_formula("Huber is basically MSE and MAE, r² everywhere.") == ["differs"]


def test_a_formula_in_an_answer_that_never_names_its_subject_is_checked() -> None:
    """A neighbour's answer ("MSE: r²" to a question about Huber) is about the other thing: its
    formula is still judged against the subject's, and differs."""
    assert huber_formula("MSE: ρ(r) = r², unbounded influence.") == ["differs"]
