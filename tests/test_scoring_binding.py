"""Issue 19: the judge's subject binding, negation parity and quoting, pinned where mutation
testing of `scoring` found them untested: which clause a claim is about, a key point whose label
names one thing, qualifiers, the past tense, a claim spread over another thing or lessened, a
verdict that rejects a claim, contradictions of phrasings that carry their own negation, the
quoted sentence, numbers said as fractions, and closeness to a tiny model answer."""

from __future__ import annotations

from collections.abc import Sequence

from actloss_quiz.bank import KeyPoint, Misconception
from actloss_quiz.scoring import Judgement, Reference, judge, reference, term_weights, tokens

DOMAIN = (
    ("mae", "mean absolute error", "l1 loss"),
    ("huber", "huber loss"),
    ("kl", "kl divergence"),
    ("relu",),
    ("sigmoid",),
    ("tanh",),
    ("softmax",),
    ("leaky relu",),
    ("prelu",),
    ("gelu",),
    ("residual connection", "skip connection"),
)
MSE = ("mse", "mean squared error", "l2 loss")
ROBUST = Misconception("MSE is robust to outliers", ("robust to outliers",), "It is not.")
MEDIAN = Misconception("MSE estimates the median", ("mse estimates the median",), "The mean.")


def said(
    answer: str,
    points: Sequence[KeyPoint] = (),
    wrongs: Sequence[Misconception] = (),
    subject: Sequence[str] = MSE,
) -> Judgement:
    return judge(answer, points, wrongs, subject=subject, domain=DOMAIN)


def claims(j: Judgement) -> list[str]:
    return [m.claim for m in j.misconceptions]


def quoted(j: Judgement) -> list[tuple[str, str]]:
    return [(c.point, c.said) for c in j.contradictions]


# -- negations folded into opposites ------------------------------------------------------------


def test_a_denied_everyday_word_does_not_stop_later_opposites() -> None:
    # "no large errors" keeps "large" (it denies the errors); "not robust" is still "sensitive".
    sensitive = KeyPoint(("sensitive to outliers",))
    j = said("With no large errors it hardly matters; MSE is not robust to outliers.", [sensitive])
    assert j.points[0].covered and j.points[0].subject == "mse"


def test_a_pronoun_still_names_the_subject_where_a_negation_was_folded() -> None:
    # "not bounded" becomes "unbounded": the words are renumbered, the pronoun's mark kept.
    for answer in (
        "It estimates the median, and it is not bounded.",
        "MSE is not bounded. It estimates the median.",
    ):
        j = said(answer, wrongs=[MEDIAN])
        assert claims(j) == ["MSE estimates the median"], answer
        assert j.misconception_subjects == ("mse",), answer


# -- what a misconception is about --------------------------------------------------------------


def test_a_misconception_naming_a_thing_mid_phrase_is_bound_by_its_clause() -> None:
    wrong = Misconception("MSE equals MAE", ("equivalent to mae for regression",), "No.")
    j = said("Huber is equivalent to MAE for regression with large errors.", wrongs=[wrong])
    assert claims(j) == []


def test_a_misconception_phrased_as_a_name_counts_only_in_a_clause_about_the_subject() -> None:
    wrong = Misconception("MSE is the mean absolute error", ("mean absolute error",), "No.")
    for answer in (
        "Huber becomes the mean absolute error for large residuals.",  # Huber's clause
        "Mean absolute error is used for regression too.",  # MAE opens its own clause
    ):
        assert claims(said(answer, wrongs=[wrong])) == [], answer


def test_a_misconception_starting_inside_the_subjects_name_counts() -> None:
    # "residuals" opens the subject's longer name "residual connections": the claim is its own.
    wrong = Misconception("Residuals fix everything", ("residuals solve everything",), "No.")
    j = said(
        "Residual connections solve everything about depth.",
        wrongs=[wrong],
        subject=("residual connection", "skip connection"),
    )
    assert claims(j) == ["Residuals fix everything"]
    assert j.misconception_subjects == ("residual connection",)


# -- a key point whose label names one thing ----------------------------------------------------

PRELU = (KeyPoint(("prelu learns alpha", "learns alpha", "alpha is learned"), core=True),)
LEAKY_AND_PRELU = ("leaky relu", "prelu")


def test_a_point_labelled_with_one_subject_thing_is_not_contradicted_by_the_other() -> None:
    for answer in (
        "Alpha isn't learned in Leaky ReLU.",  # the other thing named after the claim
        "Alpha isn't learned in Leaky ReLU, PReLU learns it.",
        "In Leaky ReLU alpha isn't learned.",  # ... and before it
    ):
        j = said(answer, PRELU, subject=LEAKY_AND_PRELU)
        assert j.contradictions == (), answer
        assert not j.points[0].covered, answer
    j = said("In PReLU alpha is learned.", PRELU, subject=LEAKY_AND_PRELU)
    assert j.points[0].covered and j.points[0].subject == "prelu"


def test_a_point_labelled_with_the_subject_in_general_counts_in_a_clause_about_one_of_it() -> None:
    """ "saturation regions" names the question's own subject (sigmoid, tanh, saturation), not
    one thing of several: a clause after "sigmoid is slow, and ..." still states it."""
    flat = (KeyPoint(("saturation regions", "flat tails"), core=True),)
    subject = ("sigmoid", "tanh", "saturation")
    for answer in (
        "sigmoid is slow, and in flat tails both are near zero.",
        "tanh is slow, and in flat tails both are near zero.",
    ):
        assert said(answer, flat, subject=subject).points[0].covered, answer
    j = said("prelu is slow, and in flat tails both are near zero.", flat, subject=subject)
    assert not j.points[0].covered


def test_a_point_labelled_with_another_thing_is_not_covered_by_a_third() -> None:
    # The answer names MSE in its first sentence; the second is about MAE, not Huber.
    compromise = KeyPoint(("huber is a compromise", "compromise"))
    points = (KeyPoint(("squared error",), core=True), compromise)
    j = said("MSE squares the errors. MAE is the compromise.", points)
    assert not j.points[1].covered and j.points[1].subject == "mae"
    j = said("MSE squares the errors. Huber is the compromise.", points)
    assert j.points[1].covered and j.points[1].subject == "huber"


# -- qualifiers, the past tense -----------------------------------------------------------------


def test_a_frequency_word_scopes_a_claim_that_gives_no_cause() -> None:
    assert claims(said("MSE is usually robust to outliers.", wrongs=[ROBUST])) == []


def test_the_past_tense_excuses_a_claim_only_when_another_thing_dates_it() -> None:
    lecun = Misconception("LeCun recommended sigmoid", ("sigmoid was recommended over tanh",), "")
    j = said("Sigmoid was recommended over tanh in Efficient BackProp.", wrongs=[lecun])
    assert claims(j) == ["LeCun recommended sigmoid"]
    # "until" before no named thing dates nothing
    j = said("MSE was robust to outliers until recently.", wrongs=[ROBUST])
    assert claims(j) == ["MSE is robust to outliers"]


# -- a claim spread over another thing, or lessened --------------------------------------------


def test_a_claim_spread_over_another_named_thing_is_not_asserted_unless_added() -> None:
    linear = Misconception("Linear layers learn XOR", ("stacked linear layers learn",), "")
    assert claims(said("Stacked linear layers with a ReLU learn XOR.", wrongs=[linear])) == []
    before = Misconception("A ReLU before softmax helps", ("relu before the softmax",), "")
    j = said("Adding a ReLU plus a sigmoid before the softmax helps.", wrongs=[before], subject=())
    assert claims(j) == ["A ReLU before softmax helps"]


def test_a_comparative_lessens_a_claim_only_next_to_it() -> None:
    vanish = Misconception("ReLU has vanishing gradients", ("vanishing gradients",), "")
    saturate = Misconception("ReLU saturates", ("saturates for positive inputs",), "")
    relu = ("relu",)
    for answer in ("ReLU has fewer vanishing gradients.", "ReLU has lesser vanishing gradients."):
        assert claims(said(answer, wrongs=[vanish], subject=relu)) == [], answer
    assert (
        claims(said("Saturates less for positive inputs.", wrongs=[saturate], subject=relu)) == []
    )
    assert claims(said("Less robust to outliers than MAE.", wrongs=[ROBUST])) == []
    # three words away the comparative is about something else
    j = said("With fewer samples MSE is robust to outliers.", wrongs=[ROBUST])
    assert claims(j) == ["MSE is robust to outliers"]


# -- a verdict after the claim ------------------------------------------------------------------


def test_a_verdict_after_a_claim_rejects_it_within_reach() -> None:
    for answer in (
        "MSE squares the errors. Saying it is robust to outliers is wrong.",
        "MSE being robust to outliers for regression tasks is wrong.",  # three words on
        "That MSE is robust to outliers is wrong, I think.",  # the clause ends after it
    ):
        assert claims(said(answer, wrongs=[ROBUST])) == [], answer
    # five words on, "hurt" is about something else
    answer = "MSE is robust to outliers in datasets where extreme values would hurt other losses."
    assert claims(said(answer, wrongs=[ROBUST])) == ["MSE is robust to outliers"]


def test_a_verdict_inside_the_phrasing_is_the_claim_itself() -> None:
    pointless = Misconception("Leaky ReLU is pointless", ("leaky relu is pointless",), "")
    j = said("Leaky ReLU is pointless.", wrongs=[pointless], subject=("leaky relu",))
    assert claims(j) == ["Leaky ReLU is pointless"]


# -- contradictions: negation parity ------------------------------------------------------------

PENALIZES = (KeyPoint(("penalizes large errors",), core=True),)


def test_a_negation_reverses_a_point_and_other_words_do_not() -> None:
    assert quoted(said("MSE does not penalize large squared errors.", PENALIZES)) == [
        ("penalizes large errors", "MSE does not penalize large squared errors")
    ]
    # a word of the clause before does not end the negation's reach
    assert quoted(said("It squares the error, but does not penalize large errors.", PENALIZES)) == [
        ("penalizes large errors", "It squares the error, but does not penalize large errors")
    ]
    # a negation after the match does not count
    assert quoted(
        said("It doesn't penalize large errors. Small ones don't matter.", PENALIZES)
    ) == [("penalizes large errors", "It doesn't penalize large errors")]


def test_a_contradiction_is_found_after_a_match_that_does_not_count() -> None:
    j = said(
        "MSE penalizes outliers, large errors dominate. It does not penalize large errors.",
        PENALIZES,
    )
    assert quoted(j) == [("penalizes large errors", "It does not penalize large errors")]
    j = said(
        "If you used MAE, it would not penalize large errors much. "
        "MSE doesn't penalize large errors at all.",
        PENALIZES,
    )
    assert quoted(j) == [("penalizes large errors", "MSE doesn't penalize large errors at all")]


SMOOTHING = ("label smoothing",)
NOT_PUSHED = (KeyPoint(("not pushed to infinite confidence",)),)


def test_a_point_that_carries_a_negation_is_denied_by_any_negation_of_its_clause() -> None:
    # The negation too far to reverse the match still denies it: no contradiction.
    for answer in (
        "Targets get softened, so no logit is ever pushed to infinite confidence.",
        "Targets get softened, so the logits do not ever get pushed to infinite confidence.",
        "No logit is ever pushed to infinite confidence.",
    ):
        assert said(answer, NOT_PUSHED, subject=SMOOTHING).contradictions == (), answer
    answer = "Targets get softened, but the model is still pushed to infinite confidence."
    assert quoted(said(answer, NOT_PUSHED, subject=SMOOTHING)) == [
        ("not pushed to infinite confidence", answer[:-1])
    ]


def test_a_quote_without_its_typed_sentence_holds_the_judged_words() -> None:
    # "…" ends a sentence for the judge but not in the typed answer (no final full stop).
    answer = "Targets get softened… the model is still pushed to infinite confidence"
    ((point, quote),) = quoted(said(answer, NOT_PUSHED, subject=SMOOTHING))
    assert point == "not pushed to infinite confidence"
    assert "pushed to infinite confidence" in quote


# -- contradictions: minus signs and swapped words ----------------------------------------------

INCREASES = (KeyPoint(("increases with x",)),)


def test_a_minus_sign_turns_a_swapped_word_back() -> None:
    assert said("It decreases with -x.", INCREASES, subject=("sigmoid",)).contradictions == ()
    j = said("It decreases with -x, so it decreases with x too.", INCREASES, subject=("sigmoid",))
    assert quoted(j) == [("increases with x", "It decreases with -x, so it decreases with x too")]


def test_a_minus_sign_of_the_point_itself_is_kept() -> None:
    gradient = (KeyPoint(("gradient is p minus y",)),)
    assert quoted(said("The gradient is not p − y.", gradient, subject=("softmax",))) == [
        ("gradient is p minus y", "The gradient is not p − y")
    ]


# -- numbers said as fractions ------------------------------------------------------------------

AT_MOST = (KeyPoint(("derivative at most 0.25",)),)


def test_a_number_before_a_last_over_is_read_alone() -> None:
    j = said("The derivative is at most 0.5 over them.", AT_MOST, subject=("sigmoid",))
    assert quoted(j) == [("derivative at most 0.25", "The derivative is at most 0.5 over them")]


def test_a_division_by_zero_is_no_number() -> None:
    j = said("The derivative is at most 1/0, i.e. unbounded.", AT_MOST, subject=("sigmoid",))
    assert j.contradictions == ()


# -- closeness to the model answer --------------------------------------------------------------


def test_closeness_to_a_model_answer_of_little_or_no_weight() -> None:
    points = (KeyPoint(("squared error",)),)
    # total weight below 1: an answer with every term is fully close
    j = judge("affine map", points, reference=Reference({"affin": 0.5}, {}))
    assert j.similarity == 1.0 and j.suggested_rating == 2
    # terms every model answer uses weigh nothing: closeness 0, not a free step up
    weightless = reference("squared error", term_weights(["squared error"]))
    j = judge("the squared error", points, reference=weightless)
    assert j.similarity == 0.0


# Bugs the mutation review found (each test fails on the code before its fix).

_MSE = ("mse", "mean squared error", "l2 loss")
_NEIGHBOURS = (("mae", "mean absolute error", "l1 loss"), ("huber",))
_PLACEHOLDER = (KeyPoint(("placeholder point",)),)


def test_a_match_that_starts_on_a_longer_name_is_about_that_name() -> None:
    robust = Misconception("MSE is robust", ("mean is robust to outliers",), "It is not.")

    def fired(answer: str) -> bool:
        j = judge(answer, _PLACEHOLDER, (robust,), subject=_MSE, domain=_NEIGHBOURS)
        return robust in j.misconceptions

    assert not fired("Mean absolute error is robust to outliers.")
    assert fired("MAE is fine for heavy tails, but mean squared error is robust to outliers.")


def test_but_does_not_make_a_claim_about_another_thing_count_for_the_subject() -> None:
    point = (KeyPoint(("penalizes large errors",), core=True),)
    said = "MAE penalizes large errors linearly, but MSE does not penalize large errors."
    j = judge(said, point, subject=_MSE, domain=_NEIGHBOURS)
    assert not j.points[0].covered
    assert [c.point for c in j.contradictions] == ["penalizes large errors"]
    assert j.suggested_rating == 1


def test_a_swap_word_is_no_typo_of_its_partner() -> None:
    assert (
        not judge("The loss is minimized.", (KeyPoint(("loss is maximized",)),)).points[0].covered
    )
    assert judge("The loss is maximzed.", (KeyPoint(("loss is maximized",)),)).points[0].covered


def test_the_quote_after_an_ellipsis_is_the_sentence_typed() -> None:
    point = (KeyPoint(("not pushed to infinite confidence",)),)
    said = "Targets get softened… the model is still pushed to infinite confidence."
    j = judge(said, point, subject=("label smoothing",), domain=_NEIGHBOURS)
    assert [c.said for c in j.contradictions] == [
        "the model is still pushed to infinite confidence"
    ]


# -- a relative clause: "which" stands for the thing right before it -----------------------------


def test_which_stands_for_the_thing_named_right_before_it() -> None:
    # The clause before names two things: the one next to "which" is what it is said of.
    assert claims(said("Huber gave way to MSE, which is robust to outliers.", [], [ROBUST]))
    assert not claims(said("MSE gave way to Huber, which is robust to outliers.", [], [ROBUST]))
    # The thing at the clause's start still counts when nothing is named next to "which".
    assert claims(said("MSE, which is robust to outliers, is used here.", [], [ROBUST]))
    assert not claims(said("MAE, which is robust to outliers, is used here.", [], [ROBUST]))


def test_defined_and_differentiable_are_swapped_for_their_opposites() -> None:
    undefined = KeyPoint(("derivative is undefined at 0",))
    smooth = KeyPoint(("differentiable everywhere",))
    relu = ("relu",)
    j = said("The derivative is well defined at 0. It is 0.5.", [undefined], subject=relu)
    assert quoted(j) == [("derivative is undefined at 0", "The derivative is well defined at 0")]
    assert not quoted(said("Its derivative is undefined at 0.", [undefined], subject=relu))
    j = said("GELU is nondifferentiable everywhere.", [smooth], subject=("gelu",))
    assert quoted(j) == [("differentiable everywhere", "GELU is nondifferentiable everywhere")]


def test_a_clause_resumed_after_a_bracket_starts_where_the_bracket_interrupted_it() -> None:
    # "to MAE" goes on "it adds a term": MAE is its object, not what the next clause is about.
    sensitive = KeyPoint(("sensitive to outliers",))
    j = said(
        "It adds a term (the squared error) to MAE, so it is sensitive to outliers.", [sensitive]
    )
    assert j.points[0].covered and j.points[0].subject == "mse"
    # A thing named at the start of a resumed clause that opens the sentence is still its topic.
    j = said("MAE (the L1 loss) is robust, so it is sensitive to outliers.", [sensitive])
    assert not j.points[0].covered


def test_a_point_denied_without_the_subject_is_stated_of_it() -> None:
    # "without them, not P" says that with them, P: a counterfactual denial states the point
    curved = KeyPoint(("curved decision boundaries",))
    relu = ("relu",)
    for answer in (
        "Without them you're not getting curved decision boundaries.",
        "Without them, you don't get curved decision boundaries.",
    ):
        assert said(answer, [curved], subject=relu).points[0].covered, answer
    for answer in (
        "A deep linear net has no curved decision boundaries.",
        "With them you don't get curved decision boundaries.",
        "Without curved decision boundaries it fails.",
    ):
        assert not said(answer, [curved], subject=relu).points[0].covered, answer


def test_a_key_points_no_x_may_have_a_modifier_between() -> None:
    # a determiner's "no" denies the noun phrase it opens: "no classical derivative"
    undefined = KeyPoint(("no derivative at 0",))
    relu = ("relu",)
    assert (
        said("There is no classical derivative at 0.", [undefined], subject=relu).points[0].covered
    )
    assert said("There is no derivative at 0.", [undefined], subject=relu).points[0].covered
    # "not" is no determiner: "not a derivative at 0" says something else
    assert (
        not said("It is not a classical derivative at 0.", [undefined], subject=relu)
        .points[0]
        .covered
    )
    # a wrong claim keeps its "no" next to its word: "no negative gradient" is not "no gradient"
    wrong = Misconception("ReLU has no gradient", ("relu has no gradient",), "It has.")
    assert not claims(said("ReLU has no negative gradient.", [], [wrong], subject=relu))


def test_a_point_said_around_a_bracketed_aside_is_stated() -> None:
    # the aside's words stand between the point's words: read again without them
    easy = KeyPoint(("easy examples contribute almost nothing",))
    j = said("Easy examples (p_t near 1, the confident ones) contribute almost nothing.", [easy])
    assert j.points[0].covered
    # a point said only inside the aside is covered as before, by the first reading
    inside = said("The loss is averaged (easy examples contribute almost nothing).", [easy])
    assert inside.points[0].covered
    # without an aside nothing changes: the words too far apart are not the point
    apart = said("Easy examples, as we saw in the first figure, barely contribute.", [easy])
    assert not apart.points[0].covered


def test_a_formula_in_brackets_is_no_aside() -> None:
    # "(1 + p_t)^γ" is a formula: its exponent does not join the words around it
    factor = KeyPoint(("gamma factor", "factor raised to gamma"))
    assert not said("The factor is (1 + p_t)^γ.", [factor]).points[0].covered


def test_a_misconception_said_around_a_bracketed_aside_is_asserted() -> None:
    before = Misconception(
        "A ReLU is needed before softmax", ("needs a relu before softmax",), "Logits may be linear."
    )
    softmax = ("softmax",)
    # the aside's words stand between the claim's words: read again without them
    aside = said("You need a ReLU (or some activation) before the softmax.", [], [before])
    assert claims(aside) == ["A ReLU is needed before softmax"]
    bound = said("You need a ReLU (or some activation) before softmax.", [], [before], softmax)
    assert claims(bound) == ["A ReLU is needed before softmax"]
    # still denied where the answer denies it, aside or not
    denied = said("You don't need a ReLU (or any activation) before the softmax.", [], [before])
    assert not claims(denied)


def test_a_formulas_brackets_do_not_join_a_misconceptions_words() -> None:
    # the aside removed, a function call's brackets still keep their clauses apart:
    # "2σ(2x) − 1" does not state "2σ(x) − 1"
    missing_two = Misconception(
        "tanh(x) = 2σ(x) − 1", ("tanh(x) = 2σ(x) − 1",), "tanh(x) = 2σ(2x) − 1."
    )
    answer = "tanh(x) = 2σ(2x) − 1 (a rescaled, recentred sigmoid), zero-centred."
    assert not claims(said(answer, [], [missing_two], ("tanh",)))


def test_a_thing_named_as_a_relative_is_not_what_the_clause_is_about() -> None:
    # "the cousin of MAE", "a version of relu": the clause is about its own subject, and the
    # clause after it goes on about that subject, not the relative named
    answer = "MSE shows up everywhere; it is the smooth cousin of MAE, so it is robust to outliers."
    assert claims(said(answer, [], [ROBUST])) == ["MSE is robust to outliers"]
    # named as what the clause is about, the other thing still takes the claim
    assert not claims(
        said("MSE shows up everywhere; MAE, so it is robust to outliers.", [], [ROBUST])
    )
    cdf = KeyPoint(("gaussian cdf",))
    gelu = ("gelu",)
    answer = "It is a smooth version of relu, x times the gaussian cdf."
    assert said(answer, [cdf], subject=gelu).points[0].covered
    assert (
        not said("Relu is smooth, x times the gaussian cdf.", [cdf], subject=gelu).points[0].covered
    )


def test_a_hyphen_spaced_between_words_is_a_dash_not_a_minus() -> None:
    before = Misconception(
        "A ReLU is needed before softmax", ("needs a relu before softmax",), "Logits may be linear."
    )
    # "No - you ...": the "no" answers the question, it does not deny what follows
    assert claims(said("No - you need a ReLU before the softmax.", [], [before]))
    assert claims(said("No, you need a ReLU before the softmax.", [], [before]))
    # between a letter or a number and another, it is still a minus
    assert tokens("y - p") == ["y", "minus", "p"] and tokens("1 - p") == ["1", "minus", "p"]
    assert tokens("it tends to -∞") == ["tend", "to", "minus", "infin"]


def test_a_long_chain_of_asides_is_joined_without_recursion() -> None:
    # hundreds of bracketed asides in one sentence (a hostile answer): the words around them are
    # one clause again, however long the chain of resumed clauses
    from actloss_quiz import scoring

    text = scoring._normalise(" ".join(f"w{i} (aside word)" for i in range(1500)) + " end")
    assert len(text.clauses.resumed) >= 1000
    for joined in (True, False):
        aside = scoring._outside_brackets(text, formulas_joined=joined)
        assert aside is not None and "asid" not in aside.stems
        assert len(set(aside.clause)) == 1
