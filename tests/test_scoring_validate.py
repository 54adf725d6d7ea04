"""What `quiz validate` reports about a bank's judging (scoring.judging_problems), the examples it
runs (run_examples), a model answer judged as a candidate's (judge_model_answer), the closeness
to a model answer (terms, term_weights, reference) and the prebuilt synonym index: small
in-process banks, exact messages and values (issue 19: mutants of scoring.py killed here)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from actloss_quiz.bank import Bank, Examples, FollowUp, KeyPoint, Misconception, Question
from actloss_quiz.scoring import (
    judge,
    judge_model_answer,
    judging_problems,
    known_words,
    reference,
    run_examples,
    synonym_forms,
    synonym_index,
    term_weights,
    terms,
)

FIX = "add the phrasing it uses to the point it states, or narrow the phrasing that fires"


def question(qid: str, answer: str, path: str, **fields: Any) -> Question:
    fields.setdefault("number", 1)
    return Question(
        id=qid, topic="t", difficulty="easy", question="?", answer=answer, path=path, **fields
    )


# -- validate: subjects, one-word misconception phrasings, reference formulas ------------------


def test_validate_names_a_wordless_subject_a_one_word_misconception_and_a_bad_formula() -> None:
    """Each problem with its file, line (the point's own line, else its part's), question id,
    part and number; a formula valid only with its declared variables is not reported; the
    main question's problems come before its follow-ups'."""
    leaky = question(
        "leaky",
        "Leaky ReLU scales negative inputs by a small slope.",
        "b.yaml",
        line=10,
        subject=("leaky relu", "%%"),
        key_points=(
            KeyPoint(("scales negative inputs by a small slope",), core=True),
            KeyPoint(("negative inputs",), formula="a*x", variables=("x",), line=14),
            KeyPoint(("slope",), formula="k*x", variables=("x", "k")),
            KeyPoint(("inputs",), formula="max(0,", variables=("x",)),
        ),
        misconceptions=(
            Misconception("leaky relu is zero centered", ("is zero centered",), "No."),
            # one word once the bank's synonyms fold it
            Misconception(
                "it is the mse", ("is zero centered", "the mean squared error"), "No.", line=18
            ),
        ),
        follow_ups=(
            FollowUp("?", "", line=30, misconceptions=(Misconception("x", ("saturates",), "No."),)),
            FollowUp("?", "", subject=("&&",)),
        ),
    )
    bank = Bank((leaky,), synonyms=(("mse", "mean squared error"),))
    assert judging_problems(bank) == [
        "b.yaml:10: leaky: subject name '%%' has no word the judge can match; write it in words",
        "b.yaml:18: leaky: misconception 2: phrasing 'the mean squared error' is one word after "
        "normalisation ('mse'), so it fires on any mention; name the subject and the claim "
        "(e.g. 'kl is symmetric')",
        "b.yaml:14: leaky: key point 2: formula 'a*x' cannot be used: a: not a variable or "
        "parameter",
        "b.yaml:10: leaky: key point 4: formula 'max(0,' cannot be used: cannot parse 'max(0,' "
        "(or nested too deep)",
        "b.yaml:30: leaky: follow-up 1: misconception 1: phrasing 'saturates' is one word after "
        "normalisation ('satur'), so it fires on any mention; name the subject and the claim "
        "(e.g. 'kl is symmetric')",
        "b.yaml:10: leaky: follow-up 2: subject name '&&' has no word the judge can match; "
        "write it in words",
    ]


# -- validate: model answers judged as a candidate's answer -----------------------------------

_SLOPE = KeyPoint(
    ("scales negative inputs by a small slope",),
    core=True,
    formula="max(alpha*x, x); alpha=0.01",
    variables=("x",),
)
_ZERO_CENTERED = Misconception("leaky relu is zero centered", ("is zero centered",), "No.")
# "medial" is a term of the bank (the axis question), never a typo of "median".
_MAE = question(
    "mae",
    "MAE estimates the medial.",
    "m.yaml",
    line=3,
    subject=("mae",),
    key_points=(KeyPoint(("estimates the median",), core=True),),
)
_AXIS = question(
    "axis",
    "It uses the medial axis.",
    "m.yaml",
    number=2,
    line=6,
    key_points=(KeyPoint(("uses the medial axis",), core=True),),
)
_LEAKY = question(
    "leaky",
    "Leaky ReLU scales negative inputs by a small slope: f(x) = max(0.5x, x).",
    "m.yaml",
    number=3,
    line=9,
    subject=("leaky relu",),
    key_points=(_SLOPE,),
    misconceptions=(_ZERO_CENTERED,),
    follow_ups=(
        FollowUp("?", "Leaky ReLU: f(x) = max(0.01x, x).", key_points=(_SLOPE,), line=12),
        FollowUp(
            "?",
            "Leaky ReLU is zero centered: f(x) = max(0.5x, x).",
            key_points=(_SLOPE,),
            misconceptions=(_ZERO_CENTERED,),
            line=15,
        ),
    ),
)


def test_validate_names_each_model_answer_below_good_or_with_a_wrong_claim() -> None:
    """The model answer that misspells its point as another term of the bank is not read as a
    typo (the bank's known words); one judged good whose formula differs is still reported; one
    whose formula is equal is not; the wrong claims come first, in the judge's order."""
    bank = Bank((_MAE, _AXIS, _LEAKY))
    assert judging_problems(bank) == [
        "m.yaml:3: mae: model answer is judged hard (core point missing: estimates the median; "
        "none of the key points; close to the model answer (100% of its terms)); " + FIX,
        "m.yaml:9: leaky: model answer is judged good (formula differs: scales negative inputs "
        "by a small slope; 1/1 key points); " + FIX,
        "m.yaml:15: leaky: follow-up 2: model answer is judged again (misconception: leaky relu "
        "is zero centered; formula differs: scales negative inputs by a small slope; core point "
        "missing: scales negative inputs by a small slope); " + FIX,
    ]


# Every model answer of this bank uses every one of its terms once "rectifier" is folded to
# "relu": each term weighs log((2 + 1) / (2 + 1)) = 0, so no answer is close to its own.
_RELU = question(
    "relu",
    "A relu gates.",
    "r.yaml",
    line=3,
    key_points=(KeyPoint(("is piecewise linear",), core=True),),
)
_RECT = question(
    "rect",
    "A rectifier gates.",
    "r.yaml",
    number=2,
    line=6,
    key_points=(KeyPoint(("is piecewise linear",), core=True),),
)
_FOLDED = Bank((_RELU, _RECT), synonyms=(("relu", "rectifier"),))


def test_validate_weighs_the_model_answers_terms_with_the_banks_synonyms() -> None:
    assert judging_problems(_FOLDED) == [
        "r.yaml:3: relu: model answer is judged again (core point missing: is piecewise linear; "
        "none of the key points); " + FIX,
        "r.yaml:6: rect: model answer is judged again (core point missing: is piecewise linear; "
        "none of the key points); " + FIX,
    ]


def test_a_model_answer_is_judged_with_the_banks_weights_and_synonyms_by_default() -> None:
    """judge_model_answer without weights computes the bank's (its synonyms folded), and its
    reference folds them too: 'a rectifier gates' shares only weightless terms."""
    known = known_words(_FOLDED.questions)
    for part in (_RELU, _RECT):
        j = judge_model_answer(_FOLDED, part, known)
        assert j.similarity == 0.0
        assert j.suggested_rating == 1
    weights = term_weights([_RELU.answer, _RECT.answer], _FOLDED.synonyms)
    assert judge_model_answer(_FOLDED, _RECT, known, weights).similarity == 0.0
    # In a bank whose other answer shares no term, a model answer is wholly close to itself.
    alone = Bank((_RELU, question("other", "Tanh squashes.", "r.yaml", number=3)))
    assert judge_model_answer(alone, _RELU, known_words(alone.questions)).similarity == 1.0


# -- validate: the examples of key points and misconceptions ----------------------------------

_EX_MAE = question(
    "mae",
    "MAE estimates the median and is robust to outliers.",
    "e.yaml",
    line=10,
    subject=("mae",),
    key_points=(
        KeyPoint(
            ("estimates the median",),
            core=True,
            line=12,
            examples=Examples(
                match=("MAE estimates the median.", "MAE squares the errors."),
                no_match=("MAE estimates the medial.",),  # a term of the bank, not a typo
            ),
        ),
        KeyPoint(
            ("is robust to outliers",),
            examples=Examples(match=("MAE is robust to extreme values.",)),  # a bank synonym
        ),
    ),
    misconceptions=(
        Misconception(
            "mae is smooth",
            ("is smooth at zero",),
            "No.",
            line=15,
            examples=Examples(
                match=("MAE is smooth at zero.",),
                no_match=("MAE is not smooth at zero.", "MAE is smooth at zero, they say."),
            ),
        ),
        Misconception(
            "mae squares errors",
            ("squares the errors",),
            "No.",
            examples=Examples(match=("MAE squares the errors.",)),
        ),
    ),
    follow_ups=(
        FollowUp(
            "?",
            "",
            line=20,
            subject=("mae",),
            key_points=(
                KeyPoint(
                    ("has a constant gradient",),
                    examples=Examples(
                        match=("MAE has a constant gradient.",),
                        no_match=("MAE has a vanishing gradient.",),
                    ),
                ),
            ),
            misconceptions=(
                Misconception(
                    "mae gradient vanishes",
                    ("gradient vanishes",),
                    "No.",
                    line=22,
                    examples=Examples(match=("The MAE gradient vanishes.",)),
                ),
            ),
        ),
        FollowUp(
            "?",
            "",
            subject=("mae",),
            key_points=(
                KeyPoint(
                    ("is not differentiable at zero",),
                    line=25,
                    examples=Examples(match=("MAE is not differentiable at zero.",)),
                ),
            ),
        ),
    ),
)
_EX_AXIS = question(
    "axis",
    "It uses the medial axis.",
    "e.yaml",
    number=2,
    line=40,
    key_points=(KeyPoint(("uses the medial axis",), core=True),),
)
_EXAMPLES = Bank((_EX_MAE, _EX_AXIS), synonyms=(("outliers", "extreme values"),))


def test_run_examples_judges_every_example_where_it_is_written() -> None:
    """Each example judged with the bank's synonyms, subject and known words (the bank's, not
    the question's own: 'medial' is another question's term), with its part, number, label and
    line (its own, else its part's, else its question's)."""
    key, wrong = "key point", "misconception"
    f1, f2 = "follow-up 1: ", "follow-up 2: "
    median, robust, smooth = "estimates the median", "is robust to outliers", "mae is smooth"
    expected = [
        ("", f"{key} 1", median, "MAE estimates the median.", True, True, 12),
        ("", f"{key} 1", median, "MAE squares the errors.", True, False, 12),
        ("", f"{key} 1", median, "MAE estimates the medial.", False, False, 12),
        ("", f"{key} 2", robust, "MAE is robust to extreme values.", True, True, 10),
        ("", f"{wrong} 1", smooth, "MAE is smooth at zero.", True, True, 15),
        ("", f"{wrong} 1", smooth, "MAE is not smooth at zero.", False, False, 15),
        ("", f"{wrong} 1", smooth, "MAE is smooth at zero, they say.", False, True, 15),
        ("", f"{wrong} 2", "mae squares errors", "MAE squares the errors.", True, True, 10),
        (f1, f"{key} 1", "has a constant gradient", "MAE has a constant gradient.", True, True, 20),
        (
            f1,
            f"{key} 1",
            "has a constant gradient",
            "MAE has a vanishing gradient.",
            False,
            False,
            20,
        ),
        (f1, f"{wrong} 1", "mae gradient vanishes", "The MAE gradient vanishes.", True, True, 22),
        (
            f2,
            f"{key} 1",
            "is not differentiable at zero",
            "MAE is not differentiable at zero.",
            True,
            True,
            25,
        ),
    ]
    for known in (None, known_words(_EXAMPLES.questions)):
        results = run_examples(_EXAMPLES, _EX_MAE, known)
        assert [
            (r.where, r.what, r.label, r.sentence, r.should, r.did, r.line) for r in results
        ] == expected
        assert [r.ok for r in results] == [r[4] == r[5] for r in expected]


def test_validate_reports_each_failing_example_and_no_other() -> None:
    assert judging_problems(_EXAMPLES) == [
        "e.yaml:12: mae: key point 1: example 'MAE squares the errors.' should match",
        "e.yaml:15: mae: misconception 1: example 'MAE is smooth at zero, they say.' should not "
        "match",
        # a key point's must-match example is right by construction: a wrong claim that fires
        # on it is reported where the wrong claim is written
        "e.yaml:10: mae: misconception 2: fires on key point 1's correct example 'MAE squares "
        "the errors.'; narrow the phrasing that matches it",
    ]


def test_validate_reports_a_wrong_claim_that_fires_on_any_correct_example_of_its_part() -> None:
    """Key points' must-match and other misconceptions' must-not examples, in the question and
    in each follow-up; the misconception's own must-not examples are reported once (as theirs),
    and wrong examples (must-match of a misconception) are not read as correct."""
    robust = Misconception("mse is robust", ("is robust to outliers",), "No.", line=7)
    median = Misconception(
        "mse estimates the median",
        ("estimates the median",),
        "No.",
        line=8,
        examples=Examples(
            match=("It estimates the median and is robust to outliers.",),
            no_match=("MAE estimates the median and is robust to outliers.",),
        ),
    )
    q = question(
        "mse",
        "MSE squares the error.",
        "m.yaml",
        line=5,
        subject=("mse",),
        key_points=(
            KeyPoint(
                ("squares the error",),
                core=True,
                examples=Examples(match=("It squares the error, so it is robust to outliers.",)),
            ),
        ),
        misconceptions=(robust, median),
        follow_ups=(
            FollowUp(
                "?",
                "",
                subject=("mse",),
                line=30,
                key_points=(
                    KeyPoint(
                        ("median here",),
                        examples=Examples(match=("It estimates the median here.",)),
                    ),
                ),
                misconceptions=(Misconception("median", ("estimates the median",), "No."),),
            ),
        ),
    )
    assert judging_problems(Bank((q,), domain=(("mae",),))) == [
        "m.yaml:7: mse: misconception 1: fires on key point 1's correct example 'It squares the "
        "error, so it is robust to outliers.'; narrow the phrasing that matches it",
        "m.yaml:30: mse: follow-up 1: misconception 1: fires on key point 1's correct example "
        "'It estimates the median here.'; narrow the phrasing that matches it",
    ]


def test_validate_reports_a_key_point_that_a_correct_example_reads_as_contradicting() -> None:
    """A correct sentence of the part (here a misconception's must-not example, and another key
    point's must-match one) shown "✗ contradicts" on a key point is reported where that key
    point is written, in the question and in a follow-up; a part without misconceptions is
    checked too."""
    outliers = KeyPoint(("penalizes large errors",), core=True, line=6)
    q = question(
        "mse",
        "MSE squares the error and penalizes large errors.",
        "m.yaml",
        line=5,
        subject=("mse",),
        key_points=(
            outliers,
            KeyPoint(
                ("squares the error",),
                line=9,
                examples=Examples(
                    match=("It squares the error but does not penalize large errors.",)
                ),
            ),
        ),
        misconceptions=(
            Misconception(
                "mse estimates the median",
                ("estimates the median",),
                "No.",
                line=12,
                examples=Examples(no_match=("MSE does not penalize large errors less.",)),
            ),
        ),
        follow_ups=(
            FollowUp(
                "?",
                "",
                subject=("mse",),
                line=30,
                key_points=(
                    KeyPoint(("penalizes large errors",), line=31),
                    KeyPoint(
                        ("squares",),
                        line=32,
                        examples=Examples(
                            match=("It squares it and does not penalize large errors.",)
                        ),
                    ),
                ),
            ),
        ),
    )
    problems = [p for p in judging_problems(Bank((q,))) if "contradicting" in p]
    assert problems == [
        "m.yaml:6: mse: key point 1: key point 2's correct example 'It squares the error but does "
        "not penalize large errors.' reads as contradicting it ('It squares the error but does not "
        "penalize large errors'); make the phrasing that matches it specific, or drop it",
        "m.yaml:6: mse: key point 1: misconception 1's correct example 'MSE does not penalize "
        "large errors less.' reads as contradicting it ('MSE does not penalize large errors "
        "less'); make the phrasing that matches it specific, or drop it",
        "m.yaml:31: mse: follow-up 1: key point 1: key point 2's correct example 'It squares it "
        "and does not penalize large errors.' reads as contradicting it ('It squares it and does "
        "not penalize large errors'); make the phrasing that matches it specific, or drop it",
    ]


# -- closeness to a model answer: terms, their weights, a model answer's reference -------------


def test_terms_are_lower_cased_content_words_with_common_suffixes_cut_and_synonyms_folded() -> None:
    """Filler dropped; a suffix cut only from a word of 5 letters or more ('uses' is kept,
    'gates' is 'gat'); a one-word synonym folded to its group's first entry."""
    assert terms("The Gates uses saturating Activations") == {"gat", "uses", "saturat", "activ"}
    assert terms("it uses a rectifier", {"rectifier": "relu"}) == {"uses", "relu"}


def test_term_weights_are_log_n_plus_1_over_df_plus_1_with_synonyms_folded() -> None:
    answers = ["relu gates", "rectifier gates", "tanh saturates"]
    weights = term_weights(answers, [("relu", "rectifier")])
    assert weights == {
        "relu": pytest.approx(math.log(4 / 3)),
        "gat": pytest.approx(math.log(4 / 3)),
        "tanh": pytest.approx(math.log(2)),
        "saturat": pytest.approx(math.log(2)),
        "": pytest.approx(math.log(4)),  # a term no answer uses
    }


def test_a_reference_weighs_each_term_of_the_model_answer_and_keeps_the_banks_folds() -> None:
    synonyms = [("ReLU", "rectified linear unit", "Rectifiers"), ("tanh",)]
    weights = term_weights(["relu gates", "tanh saturates"], synonyms)
    ref = reference("The rectifier squashes", weights, synonyms)
    # "squash" is in no answer: the weight of an unseen term, log(n + 1)
    assert ref.terms == {
        "relu": pytest.approx(math.log(3 / 2)),
        "squash": pytest.approx(math.log(3)),
    }
    # one-word entries only, lower-cased and cut like terms, each to the group's first
    assert ref.folds == {"rectifier": "relu"}
    # a table without the key "" gives an unseen term the weight 1
    assert reference("relu", {}).terms == {"relu": 1.0}
    # a one-word entry is any run of letters, whatever its case: "ǰ" (its capital is J + caron)
    assert reference("ǰinn", {}, [("jinn", "ǰinn")]) == reference("jinn", {}, [("jinn", "ǰinn")])


# -- the synonym index built from normalised groups -------------------------------------------


def test_a_prebuilt_synonym_index_folds_like_the_groups_text() -> None:
    """`synonym_index` of the groups' `synonym_forms` (as the parsed-bank cache keeps them),
    given to `judge(index=)`: a group of one entry folds nothing and the groups after it still
    fold; a two-entry group folds; two entries that start with the same word both fold; the
    longest entry is tried first ("mean squared error" is not "average squared error")."""
    # groups of this test alone: the judge keeps a given index per groups, process-wide
    groups = (
        ("zzsolo",),
        ("zzrelu", "zz rectified linear unit"),
        ("zzavg", "zzmean"),
        ("zzmse", "zzmean squared error"),
        ("zzmae", "zzmean absolute error"),
    )
    index = synonym_index([synonym_forms(g) for g in groups])
    points = [
        KeyPoint(("zzrelu is piecewise linear",)),
        KeyPoint(("zzmse penalises outliers",)),
        KeyPoint(("zzmae is robust",)),
        KeyPoint(("zzavg of the targets",)),
    ]
    answer = (
        "A zz rectified linear unit is piecewise linear. The zzmean squared error penalises "
        "outliers. The zzmean absolute error is robust. It predicts the zzmean of the targets."
    )
    j = judge(answer, points, synonyms=groups, index=index)
    assert [p.covered for p in j.points] == [True, True, True, True]
