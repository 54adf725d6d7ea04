"""Mutation-found gaps in how an answer's text becomes words (issue 19): accents, arrows, "no
matter", "nothing other than", "as opposed to", "in contrast to", "non-zero", a past tense, the
sentence and clause ids a "but" or "and" opens, the predicate and pronoun marks, where a
phrasing with a negation or a number matches, and the rating `suggest` gives from covered
points, terse answers and closeness to the model answer. Each test was checked to fail on the
mutants it names (`mutmut show NAME`)."""

from __future__ import annotations

import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import KeyPoint, Misconception
from actloss_quiz.scoring import (
    MAX_ANSWER_CHARS,
    SENTENCE_SHIFT,
    PointResult,
    _normalise,
    _surface_words,
    judge,
    suggest,
)


def words(text: str) -> list[str]:
    return [w for w, _, _ in _surface_words(text)[0]]


def word_ids(text: str) -> dict[str, tuple[int, int]]:
    """word -> (sentence id, clause id) (the texts used here repeat no word)."""
    return {w: (s, c) for w, s, c in _surface_words(text)[0]}


# -- _surface_words: the words a typed answer becomes -------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # an accent is dropped, not replaced (_surface_words 60)
        ("naïve bayes", ["naive", "bayes"]),
        # a long arrow before a limit is "goes to" (133, 142)
        ("x ⟶ 0", ["x", "goes", "to", "0"]),
        # "no matter X" and "nothing other than X" affirm X (293, 298, 299, 301, 302)
        ("no matter what", ["only", "what"]),
        ("nothing other than relu", ["only", "relu"]),
        # "not anything but X" is "only X", lowercase like every word (309, 310)
        ("it is not anything but relu", ["it", "is", "only", "relu"]),
        # "as opposed to X" contrasts X (332, 333)
        ("relu, as opposed to tanh", ["relu", "unlike", "tanh"]),
        # "in contrast to X" opens a contrast clause, its words dropped (354, 355)
        ("relu, in contrast to tanh", ["relu", "tanh"]),
        # "non-zero" is one word, "nonzero", whatever the number word became (466, 468, 469, 471)
        ("a non-zero gradient", ["a", "nonzero", "gradient"]),
        # a prefix is not joined to a negation after it (457, 458)
        ("it attends to self not others", ["it", "attends", "to", "self", "not", "others"]),
        # "exactly" before a preposition stands after it, as phrasings are written
        ("drives weights exactly to 0", ["drives", "weights", "to", "exactly", "0"]),
        ("lands exactly on zero", ["lands", "on", "exactly", "0"]),
        ("inexactly to 0", ["inexactly", "to", "0"]),
        # "not (verb) as X" is "less X"; "as" a preposition or "as well as" stays
        ("it does not become as overconfident", ["it", "does", "become", "less", "overconfident"]),
        ("it isn't as bad", ["it", "is", "less", "bad"]),
        # "not (verb) much" is "(verb) little", "not many" "few"; farther apart it stays
        ("easy ones don't contribute much", ["easy", "ones", "do", "contribute", "little"]),
        ("there is not much gain", ["there", "is", "little", "gain"]),
        ("not many units", ["few", "units"]),
        ("it does not matter how much", ["it", "does", "not", "matter", "how", "much"]),
        # "not (verb) different from X", "nothing differs from X" are "same as X"; no "from",
        # or a noun, stays
        ("it isn't different from mse", ["it", "is", "same", "as", "mse"]),
        ("nothing differs from relu", ["same", "as", "relu"]),
        ("it does not really differ from relu", ["it", "does", "really", "same", "as", "relu"]),
        ("they are not different", ["they", "are", "not", "different"]),
        ("no difference from relu", ["no", "difference", "from", "relu"]),
        # "neither one", "neither of them": "neither"
        ("neither one avoids it", ["no", "avoids", "it"]),
        ("neither of them escapes", ["no", "escapes"]),
        (
            "it does not act as a regularizer",
            ["it", "does", "not", "act", "as", "a", "regularizer"],
        ),
        # literal rewrites that start with their literal: the word before still counts
        (
            "it isn't, it's its own: the labels' sum",
            ["it", "is", "not", "it", "its", "own", "the", "labels", "sum"],
        ),
        ("zero-centred x-axis", ["0", "centered", "x", "axis"]),
    ],
)
def test_typed_text_becomes_these_words(typed: str, expected: list[str]) -> None:
    assert words(typed) == expected


def test_a_double_arrow_ends_the_clause_like_so() -> None:
    """ "relu ⇒ sparse": the arrow reads "so", a clause word (_surface_words 140)."""
    ids = word_ids("relu ⇒ sparse")
    assert list(ids) == ["relu", "sparse"]
    assert ids["relu"][1] != ids["sparse"][1]


def test_versus_typed_after_a_full_stop_starts_the_next_sentence() -> None:
    """ "relu.versus tanh": "versus" is spaced out, so the full stop ends a sentence (348, 349)."""
    ids = word_ids("relu.versus tanh")
    assert ids["relu"][0] == 0
    assert ids["tanh"][0] == 1


def test_but_keeps_the_sentence_number_modulo_the_shift_and_a_new_id() -> None:
    """Words after "but" get an id of their own whose value modulo SENTENCE_SHIFT is still their
    sentence (read back as `sentence % SENTENCE_SHIFT`) (_surface_words 420, 422)."""
    ids = word_ids("relu is cheap but sigmoid saturates. tanh is centred but slow")
    sentence = {w: s for w, (s, _) in ids.items()}
    assert sentence["sigmoid"] != sentence["cheap"]
    assert sentence["slow"] != sentence["centered"]
    assert sentence["sigmoid"] % SENTENCE_SHIFT == 0
    assert sentence["slow"] % SENTENCE_SHIFT == 1
    assert sentence["sigmoid"] != sentence["slow"]


def test_a_clause_after_but_never_takes_a_later_sentences_number() -> None:
    """A bug the review found: with a shift of 1000, "but sigmoid" and the sentence 1000 on had
    one number, so a point spread over both matched (_surface_words 421)."""
    point = (KeyPoint(("sigmoid saturates",)),)
    for n in (999, 1000, 1001):
        said = "relu is cheap but sigmoid" + " ." * n + " saturates"
        assert len(said) <= MAX_ANSWER_CHARS
        assert not judge(said, point).points[0].covered, n


def test_any_x_except_y_is_only_y() -> None:
    """A bug the review found: "not ... any X except Y" was read only with "but" or "than"."""
    point = (KeyPoint(("uses relu",)),)
    for said in (
        "it does not use any activation except relu",
        "it does not use any activation but relu",
        "it does not use any activation other than relu",
    ):
        assert judge(said, point).points[0].covered, said


def test_clauses_of_one_sentence_are_numbered_one_after_another() -> None:
    """`claims.topic` walks back from clause c to c - 1 in the same sentence (406)."""
    ids = word_ids("relu is cheap and tanh saturates")
    assert ids["tanh"][1] == ids["relu"][1] + 1


MEDIAN = Misconception("MSE estimates the median", ("estimates the median",), "The mean.")


@pytest.mark.parametrize(
    ("answer", "wrong"),
    [
        ("MAE is robust and estimates the median", False),
        ("MSE is smooth and estimates the median", True),
    ],
)
def test_a_claim_after_and_is_about_the_thing_named_before_it(answer: str, wrong: bool) -> None:
    """The clause after "and" is about what the clause before it names (406)."""
    j = judge(
        answer,
        (KeyPoint(("placeholder point",)),),
        (MEDIAN,),
        subject=("mse",),
        domain=(("mae", "mean absolute error"), ("mse", "mean squared error")),
    )
    assert (MEDIAN in j.misconceptions) is wrong


def test_only_a_clause_with_was_or_were_is_in_the_past() -> None:
    """(_surface_words 437)"""
    assert _surface_words("relu is cheap")[1].past == frozenset()
    found, clauses = _surface_words("sigmoid was the default")
    assert clauses.past == {found[0][2]}


# -- _normalise: predicate and pronoun marks, a text with no content word -------------------------


def test_a_function_applied_is_marked_as_a_predicate_not_the_word_before() -> None:
    """ "y = sigmoid(x)": sigmoid is an operand (_normalise 15)."""
    text = _normalise("y = sigmoid(x)")
    assert text.surface == ("y", "sigmoid", "x")
    assert text.predicate == {1}


def test_the_word_after_including_is_a_predicate() -> None:
    """(_normalise 24, 25)"""
    text = _normalise("losses including mse")
    assert text.surface == ("losses", "including", "mse")
    assert text.predicate == {2}


@pytest.mark.parametrize(
    ("answer", "pronoun"),
    [
        # only the word right after "it" (_normalise 40, 41)
        ("it saturates quickly", {0}),
        # ... or after "it is" (41)
        ("it is cheap", {0}),
        # a copula alone marks nothing (40)
        ("relu is cheap", set()),
    ],
)
def test_the_word_after_a_pronoun_subject_is_marked(answer: str, pronoun: set[int]) -> None:
    assert _normalise(answer).pronoun == pronoun


def test_a_text_of_filler_words_keeps_its_clauses() -> None:
    """(_normalise 45, 52)"""
    text = _normalise("it was")
    assert (text.stems, text.surface, text.sentence, text.clause) == ((), (), (), ())
    assert text.clauses == _surface_words("it was")[1]
    assert text.clauses.past


# -- suggest: the rating and its reasons --------------------------------------------------------


def point(label: str, *, core: bool = False, covered: bool = False) -> PointResult:
    return PointResult(label, core, covered, label if covered else None)


CORE_MISSING = [point("core", core=True)]
# Every core point covered, a quarter of the others: hard.
CORE_AND_A_QUARTER = [
    point("core", core=True, covered=True),
    point("a", covered=True),
    point("b"),
    point("c"),
    point("d"),
]
# Every core point covered, a fifth of the others (exactly TERSE_SHARE).
CORE_AND_A_FIFTH = [point("core", core=True, covered=True), *CORE_AND_A_QUARTER[1:], point("e")]
# No core point, a fifth of the points (exactly HARD_SHARE).
A_FIFTH = [point("a", covered=True), point("b"), point("c"), point("d"), point("e")]
MISSING = ("core point missing: core", "none of the key points")


def test_no_key_points_is_again_whatever_the_similarity() -> None:
    """(suggest 12; _suggest_from_points 32, 33)"""
    expected = (1, ("no key points to judge against",))
    assert suggest([]) == expected
    assert suggest([], similarity=0.9) == expected


def test_a_false_claim_is_not_lifted_by_similarity() -> None:
    """(suggest 13, 14)"""
    m = Misconception("MSE estimates the median", ("mse estimates the median",), "The mean.")
    assert suggest(CORE_MISSING, [m], similarity=0.9) == (
        1,
        ("misconception: MSE estimates the median", "core point missing: core"),
    )
    assert suggest(CORE_MISSING, contradicted=["core"], similarity=0.9) == (
        1,
        ("contradicts: core", "core point missing: core"),
    )


def test_a_contradicted_core_point_is_again_and_another_contradiction_caps_at_hard() -> None:
    """The opposite of a core idea is as wrong as a misconception, however much else is right
    (an answer with every other point covered); a contradicted non-core point keeps it at hard."""
    full = [point("core", core=True), *(point(x, covered=True) for x in "abcd")]
    rating, reasons = suggest(full, contradicted=["core"], words=scoring.FULL_WORDS + 10)
    assert (rating, reasons) == (1, ("contradicts: core", "core point missing: core"))
    two_cores = [point("core", core=True, covered=True), point("core 2", core=True), *full[1:]]
    assert suggest(two_cores, contradicted=["core 2"])[0] == 1
    all_covered = [point("core", core=True, covered=True), *full[1:]]
    assert suggest(all_covered, contradicted=["a"]) == (2, ("contradicts: a",))


def test_a_share_of_nothing_reads_none() -> None:
    """A share that rounds to 0% reads "none of ...", not "only 0% of ..."."""
    only_the_core = [point("core", core=True, covered=True), *CORE_AND_A_QUARTER[2:]]
    assert suggest(only_the_core) == (2, ("none of the other key points",))
    assert suggest(A_FIFTH[1:])[1][-1] == "none of the key points"


def test_a_hard_answer_stays_hard_however_close() -> None:
    """The hard -> good step is off (SIMILAR_GOOD above any share) (suggest 19;
    _suggest_from_points 65, 66)."""
    expected = (2, ("only 25% of the other key points",))
    assert suggest(CORE_AND_A_QUARTER) == expected
    assert suggest(CORE_AND_A_QUARTER, similarity=1.0) == expected


def test_similar_hard_close_lifts_again_to_hard_at_the_threshold() -> None:
    """(suggest 27)"""
    assert suggest(CORE_MISSING, similarity=scoring.SIMILAR_HARD) == (
        2,
        (*MISSING, "close to the model answer (20% of its terms)"),
    )
    assert suggest(CORE_MISSING, similarity=0.19) == (1, MISSING)


def test_the_hard_to_good_step_when_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """With SIMILAR_GOOD at a reachable share, a hard answer at least that close is good with
    the closeness as its reason; an `again` one goes only to hard (suggest 20-23)."""
    monkeypatch.setattr(scoring, "SIMILAR_GOOD", 0.5)
    assert suggest(CORE_AND_A_QUARTER, similarity=0.5) == (
        3,
        ("close to the model answer (50% of its terms)",),
    )
    assert suggest(CORE_MISSING, similarity=0.6)[0] == 2


def test_every_point_covered_gives_the_count_as_reason() -> None:
    """(_suggest_from_points 56)"""
    points = [point("core", core=True, covered=True), point("a", covered=True)]
    assert suggest(points) == (3, ("2/2 key points",))


@pytest.mark.parametrize("words", [1, scoring.TERSE_WORDS])
def test_a_terse_answer_is_good_at_both_edges(words: int) -> None:
    """At most TERSE_WORDS content words and exactly TERSE_SHARE of the other points (45, 48)."""
    assert suggest(CORE_AND_A_FIFTH, words=words) == (3, ("2/6 key points",))
    assert suggest(CORE_AND_A_FIFTH, words=scoring.TERSE_WORDS + 1)[0] == 2


def test_terse_needs_a_core_point_and_a_word_count() -> None:
    """(_suggest_from_points 42, 64)"""
    assert suggest(A_FIFTH, words=3) == (2, ("only 20% of the other key points",))
    assert suggest(CORE_AND_A_FIFTH, words=None) == (2, ("only 20% of the other key points",))


# -- a full-length answer: long, no false claim, at most FULL_MISSING core points unfound ----

TWO_CORES_ONE_FOUND = [
    point("core", core=True, covered=True),
    point("core 2", core=True),
    point("a", covered=True),
    point("b"),
    point("c"),
]


def test_a_full_length_answer_with_no_false_claim_is_good_at_the_edge() -> None:
    words = scoring.FULL_WORDS
    assert suggest(CORE_AND_A_QUARTER, words=words) == (
        3,
        (f"but a full answer ({words} content words, 2/5 key points found) with no false claim",),
    )
    assert suggest(CORE_AND_A_QUARTER, words=words - 1)[0] == 2
    assert suggest(CORE_AND_A_QUARTER, words=None)[0] == 2
    # one core point of two unfound (FULL_MISSING 1) is still good; the reason names it
    rating, reasons = suggest(TWO_CORES_ONE_FOUND, words=words)
    assert rating == 3 and reasons[0] == "core point missing: core 2"


def test_a_full_length_answer_is_not_lifted_past_a_false_claim_or_no_coverage(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    words = scoring.FULL_WORDS + 10
    m = Misconception("MSE estimates the median", ("median",), "The mean.")
    assert suggest(CORE_AND_A_QUARTER, [m], words=words)[0] == 1
    assert suggest(CORE_AND_A_QUARTER, contradicted=["a"], words=words)[0] == 2
    assert suggest(CORE_AND_A_QUARTER, wrong_formulas=["a"], words=words)[0] == 2
    # nothing covered: again, however long (the rule only lifts a `hard` answer)
    assert suggest(CORE_MISSING, words=words)[0] == 1
    monkeypatch.setattr(scoring, "FULL_MISSING", 0)
    assert suggest(TWO_CORES_ONE_FOUND, words=words)[0] == 2
    assert suggest(CORE_AND_A_QUARTER, words=words)[0] == 3


# -- _spans: a negation binds the next word, another number stops a match -----------------------


def covered(answer: str, phrasing: str) -> bool:
    """Covered by the phrasing's words standing together (not loosely)."""
    point = judge(answer, [KeyPoint((phrasing,))]).points[0]
    return point.covered and not point.loose


@pytest.mark.parametrize(
    ("answer", "phrasing", "expected"),
    [
        # "not" binds the next word: "not widely used" is not "not used" (_spans 27, 29, 30)
        ("it is not widely used", "not used", False),
        ("it is not used", "not used", True),
        # ... and a later start is still tried (31)
        ("not widely used, and not used in svms", "not used", True),
        # a number among a phrasing's words is a gap word like any other (32)
        ("it uses 2 relu layers", "uses relu", True),
        # another number where the phrasing's stands stops that start, not the later ones (35)
        ("it uses 0.5 at first", "uses 0", False),
        # (as many 0s as "uses": every start of "uses" is tried)
        ("it uses 0.5 at 0, then uses 0", "uses 0", True),
    ],
)
def test_where_a_phrasing_matches(answer: str, phrasing: str, expected: bool) -> None:
    assert covered(answer, phrasing) is expected


def test_a_text_with_a_negation_keeps_its_marks() -> None:
    """The antonym merge is given the pronoun and predicate marks (_normalise 87)."""
    assert _normalise("it saturates and is not convex").pronoun == {0}
    text = _normalise("the loss is sigmoid, not relu")
    assert "not" in text.stems
    assert text.predicate == {1}


@pytest.mark.parametrize("lead", ["unlike", "like"])
def test_a_pronoun_after_a_compared_thing_starts_the_main_clause(lead: str) -> None:
    """ "Unlike Swish it is monotonic" reads as with a comma: "it" is not in Swish's clause."""
    ids = word_ids(f"{lead} swish it is monotonic")
    assert ids["swish"][1] != ids["it"][1] == ids["monotonic"][1]
    assert ids["swish"][0] == ids["it"][0]  # one sentence
    # the pronoun right after the word that opens the clause stays in it ("unlike it, ...")
    ids = word_ids(f"{lead} it swish is monotonic")
    assert ids["it"][1] == ids["swish"][1]
