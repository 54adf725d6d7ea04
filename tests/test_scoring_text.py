"""Mutation-found gaps in how the judge reads an answer's text (issue 19, README "Design"):
synonym folding keeping the predicate and pronoun marks in place, typo correction, phrasings in
another word order, where a phrasing is stated, contradictions and a number said wrong. Each test
was checked to fail on the mutants it names (benchmarks/mutation.py; `mutmut show NAME`)."""

from __future__ import annotations

from actloss_quiz.bank import KeyPoint, Misconception
from actloss_quiz.scoring import Judgement, judge, tokens

DOMAIN = (
    ("mae", "mean absolute error"),
    ("mse", "mean squared error"),
    ("nll", "negative log-likelihood"),
    ("bce",),
    ("sigmoid",),
    ("tanh",),
    ("relu",),
    ("leaky relu",),
    ("prelu",),
)
PLACEHOLDER = (KeyPoint(("placeholder point",)),)
MEDIAN = Misconception("MSE estimates the median", ("mse estimates the median",), "The mean.")


def covered(answer: str, *phrasings: str, known: frozenset[str] | None = None) -> bool:
    """Covered by a phrasing's words standing together (not loosely: see test_scoring_loose)."""
    point = judge(answer, [KeyPoint(phrasings)], known=known).points[0]
    return point.covered and not point.loose


def says_median(answer: str, synonyms: tuple[tuple[str, ...], ...] = ()) -> bool:
    """Whether the answer asserts that MSE estimates the median (said of MSE)."""
    j = judge(answer, PLACEHOLDER, (MEDIAN,), synonyms, subject=("mse",), domain=DOMAIN)
    return MEDIAN in j.misconceptions


def contradicted(j: Judgement) -> list[tuple[str, str]]:
    return [(c.point, c.said) for c in j.contradictions]


# -- synonym folding keeps the marks of the words it moves (_fold) ------------------------------


def test_a_wrong_claim_said_with_a_pronoun_after_a_folded_synonym() -> None:
    """Folding "mean squared error" to "mse" moves the words after it: the pronoun's mark moves
    with them (x__fold__mutmut_15, _21, _65, _64)."""
    mse = (("mse", "mean squared error"),)
    assert says_median("Mean squared error is used for regression. It estimates the median.", mse)
    # the pronoun's word opens the text, before the first folded word (x__fold__mutmut_22)
    assert says_median("It estimates the median; mean squared error is common.", mse)
    # the pronoun's word is itself folded (x__fold__mutmut_36)
    assert says_median("It targets the median.", (("estimates", "targets"),))
    assert says_median("It estimates the median.", (("estimates", "targets"),))


def test_a_predicate_noun_after_a_folded_synonym_is_still_not_the_topic() -> None:
    """ "The objective function is the NLL": the NLL, right after the folded words, stays a
    predicate noun, so "minus log p" is still said of the subject (x__fold__mutmut_15, _17, _18,
    _64)."""
    points = (
        KeyPoint(("negative log-likelihood", "nll"), core=True),
        KeyPoint(("minus log p",), core=True),
    )
    j = judge(
        "The objective function is the NLL using minus log p.",
        points,
        synonyms=(("loss", "objective function"),),
        subject=("bce",),
        domain=DOMAIN,
    )
    assert [p.covered for p in j.points] == [True, True]


def test_a_synonym_after_one_inside_a_longer_entry_is_still_folded() -> None:
    """ "error" starts an entry inside "mean squared error" (folded first, whole); the "loss"
    after it is still folded to "error" (x__fold__mutmut_29)."""
    j = judge(
        "Mean squared error grows with the loss.",
        [KeyPoint(("grows with the error",))],
        synonyms=(("mse", "mean squared error"), ("error", "loss")),
    )
    assert j.points[0].covered


# -- typo correction (_correct_typos) -----------------------------------------------------------


def test_a_corrected_typo_keeps_the_pronoun_marks() -> None:
    """A corrected typo re-reads the text: the pronoun marks stay (x__correct_typos__mutmut_69,
    _70, and x__fold__mutmut_15, _21 through the fold after it)."""
    assert says_median("It estimtes the median.")
    assert says_median(
        "Mean squared error is used for regresion. It estimates the median.",
        (("mse", "mean squared error"),),
    )


def test_a_word_that_is_a_phrasing_word_by_its_stem_is_not_a_typo_of_another() -> None:
    """ "meaning" is "means" by its stem: not read as a typo of "leaning", even when the caller's
    known words do not name it (x__correct_typos__mutmut_23)."""
    j = judge("the meaning", [KeyPoint(("means",)), KeyPoint(("leaning",))], known=frozenset())
    assert [p.covered for p in j.points] == [True, False]


def test_a_known_word_is_never_a_typo_by_its_surface_or_its_stem() -> None:
    """(x__correct_typos__mutmut_30, _31)"""
    assert covered("it snitches", "switches")  # one letter off: a typo
    assert not covered("it snitches", "switches", known=frozenset({"snitches"}))
    assert not covered("it snitches", "switches", known=frozenset({"snitch"}))


def test_a_direction_word_or_a_number_in_the_answer_is_never_a_typo() -> None:
    """(x__correct_typos__mutmut_31, _32)"""
    assert covered("it follows a pover law", "follows a power law")
    assert not covered("it follows a lower law", "follows a power law")
    assert not covered("about 10000 steps", "x10000 steps")


# -- another word order (_unordered_spans) ------------------------------------------------------

VANISHING = "vanishing gradient"


def test_another_word_order_anywhere_in_the_text() -> None:
    """The words in another order count wherever they stand, not only at the text's start
    (x__unordered_spans__mutmut_47)."""
    assert covered("The gradient vanishes.", VANISHING)
    assert covered("In deep nets the gradient vanishes.", VANISHING)


def test_another_word_order_at_most_max_gap_words_apart() -> None:
    """(x__unordered_spans__mutmut_45, _46)"""
    assert covered("The gradient of deep nets vanishes.", VANISHING)  # two words between
    assert not covered("The gradient of very deep plain nets vanishes.", VANISHING)


def test_another_word_order_reads_the_nearest_occurrence() -> None:
    """Of the two "gradient"s, the one next to "vanishes" is read, not the first
    (x__unordered_spans__mutmut_36, _38, _41)."""
    assert covered("The gradient of a deep net's gradient vanishes.", VANISHING)


def test_another_word_order_is_looked_for_at_every_occurrence_of_the_first_word() -> None:
    """A "vanish" with no "gradient" in its clause does not end the search
    (x__unordered_spans__mutmut_33)."""
    assert covered("Signals vanish. Then the gradient vanishes.", VANISHING)


def test_three_words_in_another_order_reach_past_the_first_word() -> None:
    """The third word may stand two words after the phrasing's first word
    (x__unordered_spans__mutmut_18, _19)."""
    assert covered("quadratic gentle wide bowl", "gentle quadratic bowl")


# -- where a phrasing is stated (_stated_spans) -------------------------------------------------


def test_a_match_across_sentences_does_not_end_the_search() -> None:
    """(x__stated_spans__mutmut_35)"""
    assert covered(
        "It penalizes. Outliers matter, so it penalizes outliers hard.", "penalizes outliers"
    )


def test_two_words_of_a_wrong_claim_stand_together() -> None:
    """ "ReLU is piecewise linear" does not say "relu linear"; a later "relu is linear" does
    (x__stated_spans__mutmut_42, _43)."""
    linear = Misconception("ReLU is linear", ("relu linear",), "Piecewise.")

    def fired(answer: str) -> bool:
        return linear in judge(answer, PLACEHOLDER, (linear,)).misconceptions

    assert not fired("ReLU is piecewise linear.")
    assert fired("ReLU is piecewise linear. And so relu is linear.")


def test_a_number_read_as_a_fraction_does_not_end_the_search() -> None:
    """ "bounded by 1/4" is not "bounded by 1"; the next "bounded by 1" is
    (x__stated_spans__mutmut_62), and an "over" that ends the text is read without a number
    after it (x__stated_spans__mutmut_53)."""
    assert covered(
        "Sigmoid's derivative is bounded by 1/4, tanh's derivative is bounded by 1.",
        "derivative bounded by 1",
    )
    assert not covered("Sigmoid's derivative is bounded by 1/4.", "derivative bounded by 1")
    assert covered("the derivative is at most 1 over", "at most 1")


def test_a_negated_phrasing_is_looked_for_past_a_match_about_another_thing() -> None:
    """(x__stated_spans__mutmut_63)"""
    j = judge(
        "Sigmoid does not learn the slope. It does not learn the slope.",
        (KeyPoint(("does not learn the slope",)),),
        subject=("leaky relu",),
        domain=DOMAIN,
    )
    assert j.points[0].covered


# -- contradictions (_contradiction) ------------------------------------------------------------


def test_a_phrasing_with_its_own_negation_is_contradicted_without_one() -> None:
    """(x__contradiction__mutmut_49, _50, _51, _52: the clause's denials are read)"""
    j = judge(
        "Sigmoid is centred at zero.",
        (KeyPoint(("not centred at zero",)),),
        subject=("sigmoid",),
        domain=DOMAIN,
    )
    assert contradicted(j) == [("not centred at zero", "Sigmoid is centred at zero")]


def test_a_swapped_word_contradicts_a_negated_phrasing_said_with_its_negation() -> None:
    """ "does not estimate the mean" for "does not estimate the median": the negation in the
    clause is the phrasing's own (x__contradiction__mutmut_48)."""
    j = judge(
        "MSE does not estimate the mean.",
        (KeyPoint(("does not estimate the median",)),),
        subject=("mse",),
        domain=DOMAIN,
    )
    assert contradicted(j) == [("does not estimate the median", "MSE does not estimate the mean")]


def test_a_denied_contrary_is_no_contradiction() -> None:
    """Gradients may neither vanish nor explode (judging round 15): "clipping prevents exploding
    gradients" does not contradict "avoids vanishing gradient", nor "they don't explode" "does
    not vanish"; an affirmed swap still does, and mean / median stay either-or (the test
    above). An affirmed swap contradicts where its sentence names the subject (round 16):
    gradients that explode somewhere ("the gradient explodes in deep nets") say nothing of the
    subject's."""
    for answer, phrasing in (
        ("Gradient clipping prevents exploding gradients.", "avoids vanishing gradient"),
        ("The gradient does not explode.", "gradient does not vanish"),
        ("The gradient explodes in deep nets.", "gradient does not vanish"),
        ("The gradient explodes.", "gradient vanishes"),
    ):
        j = judge(answer, (KeyPoint((phrasing,)),), subject=("relu",), domain=DOMAIN)
        assert contradicted(j) == [], answer
    j = judge(
        "ReLU's gradient explodes.",
        (KeyPoint(("gradient vanishes",)),),
        subject=("relu",),
        domain=DOMAIN,
    )
    assert contradicted(j) == [("gradient vanishes", "ReLU's gradient explodes")]


def test_not_always_hedges_and_does_not_contradict() -> None:
    """ "Tanh outputs are not always zero-mean" grants that they often are: no contradiction of
    "tanh outputs have zero mean" (judging round 15); "not odd" still is one of "odd"."""
    point = (KeyPoint(("tanh outputs have zero mean",)),)
    for answer in (
        "Tanh outputs are not always zero-mean.",
        "Its outputs are not necessarily zero mean.",
    ):
        assert contradicted(judge(answer, point, subject=("tanh",), domain=DOMAIN)) == [], answer
    odd = (KeyPoint(("tanh is odd",)),)
    assert contradicted(judge("Tanh is not odd.", odd, subject=("tanh",), domain=DOMAIN)) != []
    j = judge("Tanh is not always odd.", odd, subject=("tanh",), domain=DOMAIN)
    assert contradicted(j) == []
    # before the phrasing's words, not only among them
    odd_function = (KeyPoint(("odd function",)),)
    j = judge("Tanh is not always an odd function.", odd_function, subject=("tanh",))
    assert contradicted(j) == []
    assert contradicted(judge("Tanh is not an odd function.", odd_function, subject=("tanh",)))


def test_not_only_x_but_y_joins_x_and_y() -> None:
    """ "you don't just need a label matched but a whole distribution" says a distribution is
    matched: after "not only / not just / not merely", "but (also)" opens no contrast (judging
    round 15)."""
    point = "matching distributions"
    assert covered("you don't just need a label matched but a whole distribution", point)
    assert covered("it is not only about labels but also matching distributions", point)
    assert not covered("a label matched, but the whole distribution is ignored", point)


def test_not_so_is_an_intensifier_not_the_clause_word() -> None:
    """ "convergence isn't so slow": "so" after "not" intensifies; the negation reaches "slow"
    (read "fast") as in "isn't slow" (judging round 15). "not so much" is left as it was."""
    fast = (("faster", "fast"),)
    point = (KeyPoint(("faster convergence",)),)
    j = judge("Convergence isn't so slow.", point, synonyms=fast, subject=("relu",), domain=DOMAIN)
    assert j.points[0].covered
    j = judge("Convergence isn't slow.", point, synonyms=fast, subject=("relu",), domain=DOMAIN)
    assert j.points[0].covered
    assert tokens("it is not so much slow as noisy") != tokens("it is not much slow as noisy")


def test_keeping_something_from_doing_is_preventing_it() -> None:
    """ "it keeps gradients from shrinking" says they do not shrink (judging round 15): no
    contradiction of "gradients do not shrink"; "kept it from the data" is no such verb."""
    point = (KeyPoint(("gradients do not shrink",)),)
    j = judge("It keeps gradients from shrinking.", point, subject=("relu",), domain=DOMAIN)
    assert contradicted(j) == []
    assert contradicted(judge("Gradients shrink.", point, subject=("relu",), domain=DOMAIN)) != []
    assert tokens("I kept it from the data") == tokens("I kept it from the data.")
    assert "prevent" not in tokens("I kept it from the data")


def test_a_clause_that_denies_does_not_end_the_search() -> None:
    """The first sentence agrees (a denial further back in its clause); the second contradicts
    (x__contradiction__mutmut_53)."""
    point = (KeyPoint(("outputs are not centred at zero",)),)
    agree = "Never in practice are sigmoid outputs centred at zero."
    assert judge(agree, point, subject=("sigmoid",), domain=DOMAIN).contradictions == ()
    j = judge(
        agree + " Sigmoid outputs are centred at zero.", point, subject=("sigmoid",), domain=DOMAIN
    )
    assert contradicted(j) == [
        ("outputs are not centred at zero", "Sigmoid outputs are centred at zero")
    ]


def test_a_point_labelled_with_one_thing_is_not_contradicted_about_another() -> None:
    """ "prelu learns alpha" (its label) is not contradicted by "leaky relu doesn't learn
    alpha", both being the subject (x__contradiction__mutmut_54, _65, _69)."""
    j = judge(
        "Leaky ReLU doesn't learn alpha.",
        (KeyPoint(("prelu learns alpha", "learns alpha")),),
        subject=("leaky relu", "prelu"),
        domain=DOMAIN,
    )
    assert j.contradictions == ()


def test_a_contradiction_is_said_of_the_subject_in_its_own_clause() -> None:
    """A denial about another thing is none, though the answer names the subject elsewhere
    (x__contradiction__mutmut_64, _70); one about another thing does not end the search
    (x__contradiction__mutmut_72)."""
    point = (KeyPoint(("penalizes large errors",)),)
    j = judge(
        "MSE squares the error. MAE does not penalize large errors.",
        point,
        subject=("mse",),
        domain=DOMAIN,
    )
    assert j.contradictions == ()
    j = judge(
        "MAE does not penalize large errors. MSE does not penalize large errors.",
        point,
        subject=("mse",),
        domain=DOMAIN,
    )
    assert contradicted(j) == [("penalizes large errors", "MSE does not penalize large errors")]


# -- a number said wrong (_number_swapped) ------------------------------------------------------

PEAK = (KeyPoint(("derivative peaks at 0.25",)),)


def swapped(answer: str) -> list[tuple[str, str]]:
    return contradicted(judge(answer, PEAK, subject=("sigmoid",), domain=DOMAIN))


def test_the_number_read_is_the_one_after_the_phrasing() -> None:
    """A number among the phrasing's gap words is not the one said (x__number_swapped__mutmut_41:
    not equivalent, the word before the phrasing's last one may be a gap number)."""
    assert swapped("The derivative of layer 2 peaks at 0.25.") == []


def test_a_number_said_wrong_is_found_past_earlier_matches() -> None:
    """An earlier match with no number (_54), the right number (_68), in a qualified clause
    (_76) or about another thing (_87) does not end the search (x__number_swapped__mutmut_*)."""
    for first in (
        "The derivative peaks early.",
        "The derivative peaks at 0.25.",
        "If the derivative peaked at 1 it would vanish less.",
    ):
        answer = first + " The derivative peaks at 0.5."
        assert swapped(answer) == [("derivative peaks at 0.25", "The derivative peaks at 0.5")]
    assert swapped("Tanh's derivative peaks at 1. Sigmoid's derivative peaks at 0.5.") == [
        ("derivative peaks at 0.25", "Sigmoid's derivative peaks at 0.5")
    ]


def test_a_number_in_a_list_with_the_phrasings_or_a_variables_value_is_not_said_wrong() -> None:
    """Judging round 15, from the bank's own correct examples: "the left and right derivatives are
    0 and 1" says "right derivative 1" (a list, in order), and "a minimum near x = −1.278" gives
    where the minimum is, not its value (-0.28)."""
    right = KeyPoint(("right derivative 1",))
    for answer in (
        "Left and right derivatives are 0 and 1 respectively.",
        "The left/right derivatives are 0 and 1.",
    ):
        assert contradicted(judge(answer, (right,), subject=("relu",), domain=DOMAIN)) == [], answer
    minimum = KeyPoint(("minimum near -0.28",))
    j = judge("Swish has a minimum near x = −1.278.", (minimum,), subject=("swish",))
    assert contradicted(j) == []
    # Said on its own, the other number is still wrong.
    assert contradicted(judge("Its minimum near −1.5.", (minimum,), subject=("swish",))) != []
    assert swapped("The derivative peaks at 0.5 and 1.") != []
    # a letter of the phrasing's own is no variable's value
    x_slope = KeyPoint(("x slope is 1",))
    assert contradicted(judge("The x slope is 2.", (x_slope,), subject=("relu",))) != []


def test_a_number_denied_is_no_number_said_wrong() -> None:
    """Judging round 18 (a tuning writer's "its mean isn't stuck near 0.5", of tanh): a negation
    in the span or just before it denies the number; it says no other number."""
    assert swapped("The derivative does not peak at 0.5.") == []
    assert swapped("The derivative never peaks at 0.5.") == []
    assert swapped("The derivative peaks at 0.5.") != []


def test_a_number_said_in_a_qualified_clause_is_no_contradiction() -> None:
    """(x__number_swapped__mutmut_69: qualified alone is enough, not only with a hypothesis)"""
    assert swapped("For positive inputs the derivative peaks at 0.5.") == []


# -- negations and signs inside or before a match (_stated_spans, the second list) --------------

CONVERGES = "training converges"


def test_a_minus_inside_a_match_is_a_sign_and_does_not_end_the_search() -> None:
    """ "e^-x" does not state "e^x"; a later "e^x" does (x__stated_spans__mutmut_73, _74, _75)."""
    assert not covered("it is e^-x", "e^x")
    assert covered("e^-x or e^x", "e^x")


def test_a_denied_everyday_word_inside_a_match_denies_it() -> None:
    """ "not fast" (read "slow", marked as a denial) between the words: no match, and the search
    goes on (x__stated_spans__mutmut_79, _91, _92)."""
    assert not covered("Training is not fast converging.", CONVERGES)
    assert covered("Training is not fast converging. Training converges.", CONVERGES)


def test_a_denied_everyday_word_before_a_match_is_not_inside_it() -> None:
    """(x__stated_spans__mutmut_88, _90)"""
    assert covered("Not slow, training steadily converges.", CONVERGES)
    assert covered("It is not slow. Training steadily converges.", CONVERGES)


def test_how_far_back_a_negation_reaches() -> None:
    """ "not" negates a match three words on, "no" only two (x__stated_spans__mutmut_112 to
    _117); a negated match does not end the search (x__stated_spans__mutmut_118)."""
    assert not covered("It does not make deep training converge.", CONVERGES)
    assert covered("There is no real deep training that converges.", CONVERGES)
    assert covered("It does not make training converge. Then training converges.", CONVERGES)


# -- contradictions read too eagerly (issue 18, round 6) -----------------------------------------


def _contradictions(answer: str, *phrasings: str, subject: tuple[str, ...]) -> list[str]:
    j = judge(answer, (KeyPoint(phrasings),), subject=subject, domain=DOMAIN)
    return [c.said for c in j.contradictions]


def test_a_swapped_form_said_of_both_words_or_of_two_subjects_is_no_contradiction() -> None:
    """ "sigmoid flattens" swapped is "tanh flattens": no contradiction where sigmoid is named
    alongside ("sigmoid and tanh flatten out"), nor where both are what the question asks about.
    A swap to a thing that is not asked about still contradicts."""
    point = ("saturation regions", "sigmoid flattens")
    both = ("sigmoid", "tanh", "saturation")
    said = "Sigmoid and tanh flatten out for big inputs."
    assert _contradictions(said, *point, subject=both) == []
    assert _contradictions(said, *point, subject=("sigmoid", "saturation")) == []
    assert _contradictions("Tanh flattens out for big inputs.", *point, subject=both) == []
    labels = ("one probability per label", "sigmoid gives each label its own probability")
    said = "Softmax gives each label its own probability."
    assert _contradictions(said, *labels, subject=("multi-label",)) == [said[:-1]]


def test_a_swapped_form_in_a_clause_that_denies_is_no_contradiction() -> None:
    """A swapped form is read only where it is said as written: "doesn't let easy examples
    dominate" denies the swapped claim, for all its distance from the negation."""
    point = ("hard examples dominate",)
    said = "It doesn't let the flood of easy examples dominate."
    assert _contradictions(said, *point, subject=("focal loss",)) == []
    assert _contradictions("Easy examples dominate.", *point, subject=("focal loss",)) == [
        "Easy examples dominate"
    ]


def test_a_denying_verb_before_two_words_gives_no_contradiction() -> None:
    """ "reduce the learning rate" leaves a noun phrase: naming a large learning rate denies
    nothing; "does not estimate the median" (a negation, not a verb) still has its opposite."""
    said = "A large learning rate knocks the units there."
    assert _contradictions(said, "reduce the learning rate", subject=("dead relu",)) == []
    assert _contradictions(
        "MSE estimates the median.", "does not estimate the median", subject=("mse",)
    ) == ["MSE estimates the median"]


def test_a_negation_after_a_without_clause_is_a_counterfactual() -> None:
    point = ("curved boundaries",)
    said = "Without them, a deep net cannot draw curved boundaries."
    assert _contradictions(said, *point, subject=("activation",)) == []
    assert _contradictions(
        "A deep net cannot draw curved boundaries.", *point, subject=("activation",)
    ) == ["A deep net cannot draw curved boundaries"]


def test_a_point_about_another_thing_is_contradicted_only_where_it_is_named() -> None:
    point = ("sigmoid needs an exponential", "needs an exponential")
    assert _contradictions("It doesn't need an exponential.", *point, subject=("relu",)) == []
    assert _contradictions("Sigmoid doesn't need an exponential.", *point, subject=("relu",)) == [
        "Sigmoid doesn't need an exponential"
    ]


def test_a_number_said_wrong_is_read_in_the_clause_of_its_words() -> None:
    """ "σ' ≤ 0.25, tanh' ≤ 1": "max derivative" spans the comma, and tanh's bound is no wrong
    number for sigmoid's."""
    point = (KeyPoint(("max derivative 0.25",)),)
    maximum = (("maximum", "max", "at most"),)

    def said(answer: str) -> list[str]:
        j = judge(answer, point, synonyms=maximum, subject=("sigmoid",), domain=DOMAIN)
        return [c.said for c in j.contradictions]

    assert said("sig' = sig(1-sig) <= 0.25, tanh' = 1-tanh^2 <= 1.") == []
    assert said("The max derivative is 0.5.") == ["The max derivative is 0.5"]


def test_a_nouns_negation_reverses_no_point_beyond_the_next_word() -> None:
    """ "without φ" denies φ, not the claim after it."""
    point = ("any depth is one layer",)
    said = "affine∘affine = affine ⇒ without φ any depth = one linear layer."
    assert _contradictions(said, *point, subject=("activation",)) == []
    assert _contradictions("Depth is not one layer.", *point, subject=("activation",)) == [
        "Depth is not one layer"
    ]


def test_a_number_said_of_one_of_several_subjects_is_not_a_point_that_names_none() -> None:
    """A question about sigmoid and tanh: "tanh's max derivative is 1" is no wrong number for
    "max derivative 0.25" (sigmoid's, though its phrasing does not say so)."""
    point = ("max derivative 0.25",)
    both = ("sigmoid", "tanh")
    assert _contradictions("Tanh's max derivative is 1.", *point, subject=both) == []
    assert _contradictions("The max derivative is 0.5.", *point, subject=both) == [
        "The max derivative is 0.5"
    ]


def test_a_for_clause_names_the_thing_of_the_clause_after_it() -> None:
    """Judging round 18: "for tanh, φ' ≤ 1" says tanh's number, as "tanh's φ' ≤ 1" does (the
    comma makes "for tanh" a clause of its own)."""
    point = ("max derivative 0.25",)
    both = ("sigmoid", "tanh")
    assert _contradictions("For tanh, the max derivative is 1.", *point, subject=both) == []
    assert _contradictions(
        "For tanh, it is smooth; the max derivative is 0.5.", *point, subject=both
    ) == ["the max derivative is 0.5"]


def test_a_pronoun_in_a_question_about_two_things_needs_the_thing_named_before_it() -> None:
    """ "it" of a question about forward and reverse KL is the thing named before it; with
    none named ("forward = mass-covering, it gives a broad q") it says nothing of either."""
    broad = Misconception("reverse kl is broad", ("reverse kl gives a broad q",), "No.")
    subject = ("kl divergence", "forward kl", "reverse kl")
    domain = (*DOMAIN, ("forward kl",), ("reverse kl",))

    def says(answer: str) -> bool:
        j = judge(answer, PLACEHOLDER, (broad,), subject=subject, domain=domain)
        return broad in j.misconceptions

    assert not says("forward = mass-covering, it gives a broad q")
    assert says("Reverse KL is easy to compute; it gives a broad q.")
    assert not says("Forward KL is easy to compute; it gives a broad q.")


def test_a_star_between_names_is_a_product_like_the_dot() -> None:
    """ "alpha*x" reads as "α·x" (a phrasing "alpha times x" matches both); a number's
    coefficient stays juxtaposed ("2*x" is "2x"), and "**" is a power."""
    assert tokens("alpha*x") == tokens("α·x") == ["alpha", "time", "x"]
    assert tokens("sigmoid(x) * x") == tokens("σ(x)·x")
    assert tokens("2*x") == tokens("2x") == ["2", "x"]
    assert tokens("x**2") == ["x", "2"]


def test_a_lazy_pattern_compiles_at_first_use_and_then_is_the_pattern() -> None:
    from actloss_quiz.text import lazy_pattern

    p = lazy_pattern(r"(a)(b)?")
    assert "sub" not in vars(p)  # nothing compiled yet
    assert p.sub("x", "ab a") == "x x"
    assert "sub" in vars(p) and p.pattern == "(a)(b)?"
    assert p.search("cab") is not None and p.match("cab") is None
    assert p.findall("ab a") == [("a", "b"), ("a", "")]
    assert p.split("cab") == ["c", "a", "b", ""]
    assert p.groups == 2  # any other attribute: the compiled pattern's


# -- an elaboration after a colon or bracket (judging round 15) ---------------------------------


def test_a_point_said_across_an_elaborating_colon_is_covered() -> None:
    """ "its gradient isn't informative: it's 0 almost everywhere" says the gradient is 0: the
    clause a colon opens elaborates the one before, and the negation before the colon denies
    "informative", not what follows it."""
    zero = ("gradient is zero",)
    assert covered("its gradient isn't informative: it's 0 almost everywhere", *zero)
    assert covered("grad isn't informative: 0 almost everywhere", "grad is zero")
    assert covered("the gradient isn't useful (zero nearly everywhere)", *zero)
    # Without the colon the gapped words stay in two clauses, as before.
    assert not covered("its gradient isn't informative, and the loss is 0", *zero)
    # The negation after the colon still denies.
    assert not covered("the gradient is informative: it is not 0", *zero)
    # Nothing of the point after the colon: nothing stated.
    assert not covered("the gradient is not zero: it is large", *zero)


def test_a_function_argument_list_is_no_elaboration() -> None:
    """ "sigmoid(x) * tanh(x)": the argument's bracket opens no clause a point may span."""
    from actloss_quiz.scoring import _normalise

    assert not _normalise("swish is sigmoid(x) * tanh(x), bounded").clauses.elaborations
    assert _normalise("gradient isn't useful (zero almost everywhere)").clauses.elaborations
    assert _normalise("the gradient isn't informative: zero").clauses.elaborations


def test_a_wrong_claim_never_spans_an_elaboration_nor_loses_its_negation() -> None:
    """A misconception's words stand in one clause: neither the colon nor a negation in an
    earlier clause lets "derivatives bigger than 1" be read from "... vanishing gradient because
    ..., and bounded outputs mean the loss can't be bigger than 1"."""
    wrong = Misconception("Saturation makes gradients explode", ("derivatives bigger than 1",), "")
    for answer in (
        "I think they cause vanishing gradient because their outputs are bounded, and bounded "
        "outputs mean the loss can't be bigger than 1",
        "the gradient isn't small: bigger than 1",
    ):
        j = judge(answer, PLACEHOLDER, (wrong,), (("gradient", "derivative"),))
        assert wrong not in j.misconceptions, answer
    vanish = Misconception("ReLU's gradient vanishes", ("relu gradient vanishes",), "")
    j = judge("relu is cheap: a sigmoid gradient vanishes", PLACEHOLDER, (vanish,))
    assert vanish not in j.misconceptions
    assert vanish in judge("relu's gradient vanishes", PLACEHOLDER, (vanish,)).misconceptions


# -- a name made a comparison by a suffix (judging round 15) ------------------------------------


def test_a_name_with_like_or_ish_is_compared_with_not_talked_about() -> None:
    """ "a smooth relu-like gate, better in transformers" is said of GELU, not of ReLU:
    "relu-like", "relu-ish", "relu-style" compare; the claim after them keeps the subject."""
    gelu = (("gelu",), ("relu",))
    point = KeyPoint(("better in transformers",))
    for answer in (
        "x·Φ(x): a smooth relu-like gate, better in transformers",
        "x·Φ(x): a smooth relu-ish gate, better in transformers",
        "x·Φ(x): a smooth relu-style gate, better in transformers",
    ):
        j = judge(answer, [point], subject=("gelu",), domain=gelu)
        assert j.points[0].covered and j.points[0].subject == "gelu", answer
    # Named plainly, ReLU is what the clause is about, as before.
    plain = "x·Φ(x): a smooth relu gate, better in transformers"
    assert not judge(plain, [point], subject=("gelu",), domain=gelu).points[0].covered
    # The name still matches a phrasing that names it ("smooth relu").
    assert covered("a smooth relu-like gate", "smooth relu")


def test_a_like_suffix_is_no_content_word() -> None:
    from actloss_quiz.scoring import content_words

    assert content_words("a smooth relu-like gate") == content_words("a smooth relu gate") == 3
    assert content_words("it acts like relu") == content_words("it acts relu")
    # judging round 18: "p̂" is one symbol, as "p" is (read "p hat"), not two words
    assert content_words("−[y log p̂ + (1−y) log(1−p̂)]") == content_words(
        "−[y log p + (1−y) log(1−p)]"
    )


def test_a_swap_that_repeats_a_word_of_the_phrasing_is_no_form() -> None:
    """ "logits to probabilities" with "probabilities" swapped is "logits to logits": a sentence
    naming logits twice says nothing opposite. The swap of the other order still does."""
    point = (KeyPoint(("logits to probabilities", "logits → probs")),)
    probs = (("probabilities", "probs"),)
    said = "It divides each exponentiated logit by the sum of the exponentiated logits."
    j = judge(said, point, synonyms=probs, subject=("softmax",), domain=DOMAIN)
    assert j.contradictions == ()
    point = ("ce takes logits", "cross-entropy takes logits")
    assert _contradictions("Cross-entropy takes probabilities.", *point, subject=("ce",)) == [
        "Cross-entropy takes probabilities"
    ]


def test_a_swap_of_the_subjects_own_name_is_said_of_another_thing() -> None:
    """ "tanh does not fix saturation" with tanh swapped says sigmoid saturates: true, and about
    sigmoid. A swap of a word that does not name the subject still contradicts."""
    point = ("both saturate", "tanh does not fix saturation")
    said = "Sigmoid saturates unlike ReLU."
    assert _contradictions(said, *point, subject=("tanh",)) == []
    assert _contradictions(said, *point, subject=("relu",)) == [said[:-1]]


def test_not_ensuring_or_not_needing_a_point_is_no_denial_of_it() -> None:
    """ "does not ensure zero mean" and "is not needed for X" deny a guarantee or a need, not
    the point; "doesn't need an exponential" still denies a point about needing one."""
    point = ("balanced outputs", "balanced around the origin")
    for said in (
        "Tanh does not ensure balanced outputs.",
        "Tanh does not guarantee outputs balanced around the origin.",
    ):
        assert _contradictions(said, *point, subject=("tanh",)) == []
    said = "Tanh is not balanced around the origin."
    assert _contradictions(said, *point, subject=("tanh",)) == [said[:-1]]
    point = ("universal approximation",)
    said = "Depth is not needed for universal approximation."
    assert _contradictions(said, *point, subject=("nonlinearity",)) == []


def test_a_word_of_a_longer_name_is_not_the_phrasings_word() -> None:
    """ "relu" in "leaky relu" is the name's: "leaky relu doesn't zero the negatives" does not
    say "relu for negatives", the swap of "relu for positives"."""
    point = ("small slope for negatives", "relu for positives")
    said = "leaky relu doesn't zero the negatives"
    assert _contradictions(said, *point, subject=("leaky relu",)) == []
    assert _contradictions("ReLU for negatives.", *point, subject=("leaky relu",)) != []


def test_a_with_clause_that_names_no_subject_is_another_case() -> None:
    """ "With hard labels the logits blow up" says what happens without label smoothing; with
    the subject named in it, the same words contradict."""
    point = ("less overconfident", "logits don't blow up")
    said = "With hard labels the logits blow up; with smoothing they stay finite."
    assert _contradictions(said, *point, subject=("label smoothing",)) == []
    said = "With label smoothing the logits blow up."
    assert _contradictions(said, *point, subject=("label smoothing",)) == [said[:-1]]


def test_a_not_that_opens_a_contrast_denies_no_point_after_it() -> None:
    """ ", not for X" and ", not X," name what a claim is not said of: X is not denied. A "not"
    after "but does" still negates its verb."""
    point = ("universal approximation",)
    said = "Infinite width is required for the NTK limit, not for universal approximation."
    assert _contradictions(said, *point, subject=("nonlinearity",)) == []
    point = ("empirical risk",)
    said = "The test loss, not the empirical risk, is measured on the test set."
    assert _contradictions(said, *point, subject=("loss",)) == []
    point = ("penalizes large errors",)
    said = "It squares the error, but does not penalize large errors."
    assert _contradictions(said, *point, subject=("mse",)) == [said[:-1]]


def test_a_nouns_negation_before_a_symbol_denies_the_symbol_alone() -> None:
    """ "without φ" is a whole noun phrase: the point after it stands. A word after "no" leaves
    the negation its two words ("no useful learning signal" denies the signal)."""
    assert covered("without φ any depth = one linear layer.", "any depth is one layer")
    assert covered("With no α the slope is zero there.", "slope is zero")
    assert not covered("There is no useful learning signal.", "learning signal")


def test_like_after_a_kind_of_thing_gives_an_example_not_a_comparison() -> None:
    """ "a surrogate like CE, which is ..." says it of CE, as "such as" does (after a verb or
    opening a clause, "like" compares: see the tests of comparisons)."""
    lower = Misconception("CE is a lower bound", ("ce is a lower bound on the 0-1 loss",), "No.")
    domain = (*DOMAIN, ("ce", "cross-entropy"), ("accuracy",))

    def fired(answer: str) -> bool:
        j = judge(answer, PLACEHOLDER, (lower,), subject=("accuracy",), domain=domain)
        return lower in j.misconceptions

    assert fired("We use a surrogate like CE, which is a lower bound on the 0-1 loss.")
    assert fired("Use differentiable losses like CE, which is a lower bound on the 0-1 loss.")


def test_one_sided_derivatives_in_notation_read_as_words() -> None:
    """ "∂⁻ReLU(0) = 0, D⁺ReLU(0) = 1": the left and right derivatives, not a minus and a plus."""
    assert covered("∂⁻ = 0, ∂⁺ = 1, so no derivative at 0.", "left derivative 0 right derivative 1")
    assert covered("D⁻ReLU(0) = 0, D⁺ReLU(0) = 1.", "left derivative 0")
    assert covered("D⁻ = 0 and D⁺ = 1 at the kink.", "right derivative 1")


def test_a_degree_words_negation_has_no_opposite() -> None:
    """Judging round 18: "the gradient hardly reaches the first layers" says little reaches
    them; "the signal reaches the first layers, with little gradient left" is no opposite. A
    plain denial still has one."""
    sig = ("sigmoid",)
    said = "The gradient reaches the first layers, but little is left."
    assert _contradictions(said, "gradient hardly reaches the first layers", subject=sig) == []
    assert _contradictions(said, "gradient barely reaches the first layers", subject=sig) == []
    assert _contradictions(said, "gradient doesn't reach the first layers", subject=sig) != []


def test_an_ing_form_after_a_noun_asserts_nothing_against_a_denial() -> None:
    """Judging round 18: "the gradient reaching the early layers is tiny" names a gradient; it
    does not say that the gradient reaches them, against "doesn't reach the early layers". An
    -ing form a verb completes ("keep slowly changing") is said all the same."""
    sig = ("sigmoid",)
    point = "gradient doesn't reach the early layers"
    assert (
        _contradictions("The gradient reaching the early layers is tiny.", point, subject=sig) == []
    )
    assert _contradictions("The gradient reaches the early layers.", point, subject=sig) != []
    still = "the weights don't change"
    assert _contradictions("The weights keep slowly changing.", still, subject=sig) != []
    assert _contradictions("The weights keep changing.", still, subject=sig) != []


def test_a_not_before_a_denying_verb_cancels_it() -> None:
    """Judging round 18: "it never stops pulling p toward the label" keeps pulling, no opposite
    of "pulls p toward the label"; "doesn't prevent X" is no denial of X either."""
    bce = ("bce",)
    point = "p toward the label"
    assert _contradictions("It never stops pulling p toward the label.", point, subject=bce) == []
    assert _contradictions("It does not pull p toward the label.", point, subject=bce) != []
    assert (
        _contradictions("It doesn't prevent pulling p toward the label.", point, subject=bce) == []
    )


def test_an_answer_about_another_thing_contradicts_nothing_of_the_subject() -> None:
    """Judging round 18 (a tuning writer's neighbour answer, asked about Huber): an answer that
    never names its subject and opens on another thing says what it says of that thing."""
    point = "differentiable everywhere"
    huber = ("huber",)
    domain = (*DOMAIN, ("huber",))

    def said(answer: str) -> list[str]:
        j = judge(answer, (KeyPoint((point,)),), subject=huber, domain=domain)
        return [c.said for c in j.contradictions]

    assert said("Mean absolute error averages |e|. It isn't differentiable everywhere.") == []
    assert said("Huber isn't differentiable everywhere.") != []
    assert said("It isn't differentiable everywhere.") != []  # no other thing: the subject's
