"""A key point said in one sentence in its own word order ("loosely"): what counts and what not."""

from __future__ import annotations

import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import KeyPoint
from actloss_quiz.scoring import PointResult, judge, suggest

DOMAIN = (("mse", "mean squared error"), ("mae",), ("hinge loss", "hinge"), ("logistic loss",))


def point(answer: str, *phrasings: str, **kw: object) -> PointResult:
    return judge(answer, [KeyPoint(phrasings)], **kw).points[0]  # type: ignore[arg-type]


def test_the_words_of_a_phrasing_in_one_sentence_cover_it_loosely() -> None:
    p = point("The gradient through the unit for every input is zero.", "zero gradient")
    assert p.covered and p.loose and p.matched == "zero gradient"
    assert p.to_dict()["loose"] is True
    strict = point("It has a zero gradient.", "zero gradient")
    assert strict.covered and not strict.loose and "loose" not in strict.to_dict()


def test_a_loose_match_stays_in_one_sentence() -> None:
    assert not point("The gradient is small. Zero is where it ends.", "zero gradient").covered
    # "but", "whereas" ... end the sentence too
    assert not point("The gradient flows, but zero outputs stay.", "zero gradient").covered


@pytest.mark.parametrize(
    ("answer", "phrasing"),
    [
        # a formula or a point about symbols is said by the formula or in order
        ("The sign of y minus p is what the gradient has.", "p - y"),
        ("The factor is gamma, and (1 + p) is inside it.", "(1 - p)^gamma"),
        # a hyphenated name is one name
        ("compute softmax, then take the log of it", "log-softmax"),
        # both words of a swapped pair: order decides
        ("it turns probabilities back to logits", "logits to probabilities"),
        # the other word of a swapped pair in the sentence
        (
            "Huber is linear for small errors and quadratic for large ones.",
            "quadratic for small errors",
        ),
        # a negation before or among its words
        ("Hinge loss is never used in SVMs.", "hinge loss in svms"),
        ("The gradient is not zero for positive inputs.", "zero gradient"),
        # in order but refused by the strict match (a comma, too far): not reopened
        (
            "recalibrate on the balanced, resampled validation set",
            "recalibrate on a validation set",
        ),
        # two words stand in one clause
        ("The gradient flows back, and zero appears in the output.", "zero gradient"),
        # a repeated word must be there as often
        ("Stacking linear layers adds power.", "stack of linear layers is linear"),
    ],
)
def test_where_word_order_or_scope_decides_nothing_is_covered_loosely(
    answer: str, phrasing: str
) -> None:
    assert not point(answer, phrasing).covered, answer


def test_a_sentence_naming_another_thing_keeps_the_words_in_one_clause() -> None:
    said = "The logistic loss is exactly 0 beyond the margin and the hinge loss is always positive."
    assert not point(said, "logistic loss is always positive", domain=DOMAIN).covered
    # the same words in one clause still count
    assert point(
        "The logistic loss, always positive, never reaches 0.",
        "logistic loss is always positive",
        domain=DOMAIN,
    ).covered


def test_a_loose_match_is_about_the_subject() -> None:
    kw = {"subject": ("mse",), "domain": DOMAIN}
    about = point(
        "MSE is dominated, in practice, by the few large errors.", "large errors dominate", **kw
    )
    assert about.covered and about.loose and about.subject == "mse"
    other = point(
        "MAE is dominated, in practice, by the few large errors.", "large errors dominate", **kw
    )
    assert not other.covered


def test_a_loose_point_counts_at_its_weight(monkeypatch: pytest.MonkeyPatch) -> None:
    def p(covered: bool, loose: bool = False, core: bool = False) -> PointResult:
        return PointResult("x", core, covered, "x" if covered else None, loose=loose)

    # a loose core point counts as covered
    assert suggest([p(True, loose=True, core=True), p(True), p(True)])[0] == 3
    monkeypatch.setattr(scoring, "GOOD_SHARE", 0.6)
    rest = [p(True, loose=True), p(True, loose=True), p(False)]
    monkeypatch.setattr(scoring, "LOOSE_WEIGHT", 1.0)
    assert suggest([p(True, core=True), *rest])[0] == 3  # 2/3 >= 0.6
    monkeypatch.setattr(scoring, "LOOSE_WEIGHT", 0.75)
    assert suggest([p(True, core=True), *rest])[0] == 2  # 1.5/3 < 0.6


def test_one_core_point_of_two_may_go_unfound_in_an_otherwise_full_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def p(covered: bool, core: bool = False) -> PointResult:
        return PointResult("c" if core else "x", core, covered, "x" if covered else None)

    monkeypatch.setattr(scoring, "CORE_SLACK", 0.6)
    full = [p(True), p(True), p(False)]  # 2/3 of the other points
    rating, reasons = suggest([p(True, core=True), p(False, core=True), *full])
    assert rating == 3 and reasons == ("core point missing: c", "but 67% of the other key points")
    # not with one core point only, not with a thin rest, not with a false claim
    assert suggest([p(False, core=True), *full])[0] == 2
    assert suggest([p(True, core=True), p(False, core=True), p(True), p(False), p(False)])[0] == 2
    assert suggest([p(True, core=True), p(False, core=True), *full], contradicted=("x",))[0] == 2
    # two core points missing is never good
    three = [p(True, core=True), p(False, core=True), p(False, core=True), p(True), p(True)]
    assert suggest(three)[0] == 2
    monkeypatch.setattr(scoring, "CORE_SLACK", 9.0)  # off
    assert suggest([p(True, core=True), p(False, core=True), *full])[0] == 2


def test_each_guard_of_a_loose_match_holds_on_its_own() -> None:
    """Sentences where only one guard stands between the words and a loose match."""
    # one word: the strict match's negation reach, not a loose match's, decides
    assert not point("It is never really cheap.", "cheap").covered
    assert not point("It never turns out cheap.", "cheap").covered
    # a hyphenated name; the same words unhyphenated do match loosely
    assert not point("Take the exp, sum it, then the log.", "log-sum-exp").covered
    assert point("Take the exp, sum it, then the log.", "log sum exp").loose
    # a minus or a one-letter word in a phrasing, though the label is words
    assert not point(
        "y minus p is the gradient here.", "gradient is the error", "p minus y"
    ).covered
    # a label that is a formula: no phrasing of it matches loosely
    said = "Negative inputs give an output of zero."
    assert point(said, "zero output for negative inputs").loose
    assert not point(said, "max(0, x)", "zero output for negative inputs").covered
    assert not point("The factor is (1 + p_t)^γ.", "(1 - p)^gamma", "gamma factor").covered
    # words over several clauses of a sentence that names another thing
    said = "Beyond the margin the logistic loss is zero, and the hinge loss stays positive."
    assert not point(said, "hinge loss is zero beyond the margin", domain=DOMAIN).covered
    # one clause, but about another thing than the subject
    other = point(
        "MAE is dominated by the few large errors.",
        "large errors dominate",
        subject=("mse",),
        domain=DOMAIN,
    )
    assert not other.covered


def test_words_of_two_different_swapped_pairs_may_stand_in_another_order() -> None:
    # "down" (up/down) and "easy" (easy/hard) are words of two pairs: the order says the same;
    # "down-weights" is two words ("down weights"), not a hyphenated name.
    p = point("Easy examples are weighted down.", "down-weights easy examples")
    assert p.covered and p.loose
    assert point("Easy examples are down-weighted.", "down-weights easy examples").loose
    # both words of one pair: the order is what is said
    assert not point("It maps probabilities to logits.", "logits to probabilities").covered
