"""Judging round 14: a misconception the answer denies of its subject counts as evidence; a
denial clause counts a name as one word however the synonyms spell it; a slash between words
joins alternatives, not a quotient; "no longer" and "... anymore" are a negation; a negated verb
of omission ("don't ignore X") affirms its object."""

from __future__ import annotations

import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import KeyPoint, Misconception
from actloss_quiz.scoring import Judgement, PointResult, _normalise, judge, suggest

DOMAIN = (("kl", "kl divergence"), ("js", "jensen shannon"), ("mse",), ("softmax",), ("ce",))
KL = ("kl divergence", "kl")
# "symmetric" has an opposite ("not symmetric" reads "asymmetric", a key point's word): the
# claim here is one without ("a distance")
SYMMETRIC = Misconception("KL divergence is a distance", ("kl is a distance", "a distance"), "No.")
NEGATIVE = Misconception("KL can be negative", ("can be negative",), "Never.")
POINTS = (
    KeyPoint(("compares distributions",), core=True),
    KeyPoint(("distillation",)),
    KeyPoint(("elbo",)),
    KeyPoint(("extra bits",)),
)


def kl(answer: str) -> Judgement:
    return judge(answer, POINTS, (SYMMETRIC, NEGATIVE), subject=KL, domain=DOMAIN)


def rejected(answer: str) -> list[str]:
    return [m.claim for m in kl(answer).rejected]


# -- which denials count -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "answer",
    [
        "KL isn't a distance.",
        "It is not a distance between p and q.",
        "KL divergence is never a distance in the metric sense.",
        "It's a myth that KL is a distance.",
    ],
)
def test_a_misconception_denied_of_the_subject_is_rejected(answer: str) -> None:
    j = kl(answer)
    assert [m.claim for m in j.rejected] == ["KL divergence is a distance"], answer
    assert not j.misconceptions


@pytest.mark.parametrize(
    "answer",
    [
        "KL is a distance.",  # asserted, not denied
        "JS isn't a distance, KL compares distributions.",  # denied of another thing
        "Except in the tails it is not a distance.",  # scoped by a qualifier
        "It compares distributions: a distance.",  # no negation before the claim
    ],
)
def test_a_claim_not_denied_of_the_subject_is_not_rejected(answer: str) -> None:
    assert "KL divergence is a distance" not in rejected(answer), answer


def test_nothing_is_rejected_in_an_answer_with_a_false_claim() -> None:
    j = kl("KL can be negative, and it isn't a distance.")
    assert [m.claim for m in j.misconceptions] == ["KL can be negative"]
    assert j.rejected == ()


def test_a_rejection_lifts_a_right_answer_from_hard_to_good(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scoring, "TERSE_WORDS", 0)  # these answers are short: not judged as terse
    monkeypatch.setattr(scoring, "GOOD_SHARE", 0.6)
    monkeypatch.setattr(scoring, "REJECTED_WEIGHT", 1.0)
    # the core point and one of three others: hard; with the trap denied, two of three: good
    assert kl("It compares distributions, used in distillation.").suggested_rating == 2
    j = kl("It compares distributions, used in distillation; it is not a distance.")
    assert j.suggested_rating == 3
    assert j.reasons[-1] == "rejects: KL divergence is a distance"
    # ... and never supplies a core point
    assert kl("Used in distillation and the ELBO; it isn't a distance.").suggested_rating == 2


# -- suggest: each rejection is a covered non-core point at REJECTED_WEIGHT ----------------------


def p(covered: bool, core: bool = False) -> PointResult:
    return PointResult("c" if core else "x", core, covered, "x" if covered else None)


QUARTER = [p(True, core=True), p(True), p(False), p(False), p(False)]  # 1/4 of the others


def test_rejections_count_at_their_weight_capped_and_never_past_a_false_claim(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(scoring, "GOOD_SHARE", 0.6)
    monkeypatch.setattr(scoring, "REJECTED_WEIGHT", 1.0)
    assert suggest(QUARTER)[0] == 2
    assert suggest(QUARTER, rejected=("a",))[0] == 2  # 2/4 < 0.6
    assert suggest(QUARTER, rejected=("a", "b"))[0] == 3  # 3/4
    rating, reasons = suggest(QUARTER, rejected=("a", "b"))
    assert reasons[-2:] == ("rejects: a", "rejects: b")
    # not past a false claim, and not at weight 0
    assert suggest(QUARTER, contradicted=("x",), rejected=("a", "b"))[0] == 2
    m = Misconception("w", ("w",), "c")
    assert suggest(QUARTER, [m], rejected=("a", "b")) == (1, ("misconception: w",))
    monkeypatch.setattr(scoring, "REJECTED_WEIGHT", 0.0)
    assert suggest(QUARTER, rejected=("a", "b"))[0] == 2
    # more rejections than missing points cover every point, no more
    monkeypatch.setattr(scoring, "REJECTED_WEIGHT", 1.0)
    monkeypatch.setattr(scoring, "GOOD_SHARE", 1.0)
    assert suggest(QUARTER, rejected=("a", "b", "c", "d"))[0] == 3


# -- a denial clause: the negation and names ------------------------------------------------------


def test_a_denied_name_spelled_out_by_a_synonym_is_not_the_sentences_topic() -> None:
    # "CE" folds to "cross entropy": the clause "not softmax + CE" is still a denial, so the
    # clause after the dash is about the subject, not softmax
    active = KeyPoint(("labels are not mutually exclusive",))
    synonyms = (("cross entropy", "ce"),)
    multi = ("multi-label loss",)
    j = judge(
        "Not softmax+CE: labels aren't mutually exclusive.",
        [active],
        synonyms=synonyms,
        subject=multi,
        domain=DOMAIN,
    )
    assert j.points[0].covered


# -- a slash between words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stems"),
    [
        ("BERT/GPT", ("bert", "or", "gpt")),
        ("softmax/CE", ("softmax", "or", "ce")),
        ("p/q", ("p", "over", "q")),
        ("dL/dz", ("dl", "over", "dz")),
        ("TP/FP", ("tp", "over", "fp")),
        ("x/2", ("x", "over", "2")),
    ],
)
def test_a_slash_between_words_joins_alternatives_and_a_quotient_stays(
    typed: str, stems: tuple[str, ...]
) -> None:
    assert _normalise(typed).stems == stems


# -- "no longer", "anymore", and a negated verb of omission ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "stems"),
    [
        ("no longer calibrated", ("not", "calibr")),
        ("the probabilities aren't calibrated anymore", ("probabl", "not", "calibr")),
        ("the longer it trains", ("longer", "train")),  # "longer" alone is no negation
        ("don't ignore the business metric", ("busi", "metric")),
        ("never overlook class weights", ("class", "weight")),
        ("do not neglect it", ()),
        ("ignore the metric", ("ignor", "metric")),  # not negated: kept
    ],
)
def test_no_longer_is_not_and_a_denied_omission_affirms(typed: str, stems: tuple[str, ...]) -> None:
    assert _normalise(typed).stems == stems


def test_a_denied_omission_covers_its_object_and_anymore_a_no_longer_point() -> None:
    metric = KeyPoint(("business metric",))
    assert judge("Don't ignore the business metric.", [metric]).points[0].covered
    assert not judge("Don't use the business metric.", [metric]).points[0].covered
    calibrated = KeyPoint(("no longer calibrated",))
    assert judge("The probabilities aren't calibrated anymore.", [calibrated]).points[0].covered
    assert not judge("The probabilities are calibrated.", [calibrated]).points[0].covered


# -- a denial frame that opens a clause, not only a sentence --------------------------------------


def test_a_denial_frame_opening_a_later_clause_refuses_the_claim() -> None:
    # found in a new user's answer: flagged as the misconception and as a contradiction
    asymmetric = KeyPoint(("kl is asymmetric",))
    symmetric = Misconception("KL is symmetric", ("kl is symmetric",), "It is not.")
    said = "It's never negative, and it's a myth that KL is symmetric."
    j = judge(said, [asymmetric], [symmetric], subject=KL, domain=DOMAIN)
    assert j.misconceptions == () and j.contradictions == ()
    assert [m.claim for m in j.rejected] == ["KL is symmetric"]
    # the same claim asserted in that clause is still caught
    j = judge("It's never negative, and KL is symmetric.", [asymmetric], [symmetric], subject=KL)
    assert [m.claim for m in j.misconceptions] == ["KL is symmetric"]
