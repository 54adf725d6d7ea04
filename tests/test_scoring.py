"""Typed-answer scoring against the real bank: typos, synonyms, plurals, short phrasings."""

from __future__ import annotations

import pytest

from actloss_quiz.bank import Bank, load_bank
from actloss_quiz.scoring import phrase_matches, score_answer, suggest_rating, tokens, vocabulary


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


@pytest.fixture(scope="module")
def known(bank: Bank) -> frozenset[str]:
    return vocabulary(p for q in bank.questions for point in q.key_points for p in point.phrasings)


def covered(bank: Bank, known: frozenset[str], qid: str, answer: str) -> set[str]:
    q = bank.by_id(qid)
    assert q is not None
    result = score_answer(answer, [p.phrasings for p in q.key_points], known=known)
    assert result is not None
    return set(result.covered)


def test_tokens_fold_case_punctuation_plurals_and_filler() -> None:
    assert tokens("Avoids the Vanishing-Gradients!") == ["avoid", "vanishing", "gradient"]
    assert tokens("max(0, x)") == ["max", "0", "x"]
    assert tokens("Zero-centred, Losses") == ["zero", "centred", "loss"]


@pytest.mark.parametrize(
    ("qid", "answer", "expected"),
    [
        # exact phrasings in other words order and punctuation
        ("relu-definition", "MAX(0,x); cheap, sparse", {"max(0, x)", "cheap", "sparse"}),
        # typos
        (
            "relu-definition",
            "it avoids the vanishing gradeint and gives sparse activatoins",
            {"sparse", "avoids vanishing gradient"},
        ),
        (
            "mse-definition",
            "avergae of the sqaured residuals, used in regresion, sensitive to outlier",
            {"squared differences", "average", "regression", "penalizes large errors"},
        ),
        # synonyms listed in the bank
        ("mse-definition", "the mean of squared errors", {"squared differences", "average"}),
        (
            "bce-one-line",
            "NLL of a bernouli model; confident mistakes are punished",
            {"negative log-likelihood", "bernoulli", "confidently wrong"},
        ),
        # hyphen and spacing variants
        (
            "multiclass-cross-entropy",
            "onehot targets pick the true class",
            {"one-hot", "true class"},
        ),
    ],
)
def test_key_points_covered(
    bank: Bank, known: frozenset[str], qid: str, answer: str, expected: set[str]
) -> None:
    assert covered(bank, known, qid, answer) == expected


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("yeah it can", "yes"),  # short phrasings: whole words only
        ("once more", "ce"),
        ("it expands", "exp"),
        ("gelu everywhere", "relu"),  # one letter from another term
        ("use relu", "prelu"),  # 'relu' is a known term, not a typo of 'prelu'
        ("mean", "mse"),
    ],
)
def test_short_or_different_terms_are_not_credited(
    known: frozenset[str], answer: str, phrase: str
) -> None:
    assert not phrase_matches(tokens(answer), tokens(phrase), known)


def test_short_phrasing_counts_as_a_whole_word(bank: Bank, known: frozenset[str]) -> None:
    assert "yes" in covered(bank, known, "linear-before-softmax", "Yes, the logits layer")
    assert "yes" not in covered(bank, known, "linear-before-softmax", "eyes on the logits")


def test_score_and_suggested_rating(bank: Bank, known: frozenset[str]) -> None:
    q = bank.by_id("relu-definition")
    assert q is not None
    full = score_answer(
        "max(0,x), cheap, sparse, non-saturating", [p.phrasings for p in q.key_points], known=known
    )
    assert full is not None and full.score == 1.0 and full.suggested_rating == 3
    assert full.missed == ()
    half = score_answer("max(0,x) and sparse", [p.phrasings for p in q.key_points], known=known)
    assert half is not None and half.score == 0.5 and half.suggested_rating == 2
    assert [hit for _, hit in half.points] == [True, False, True, False]
    none = score_answer("no idea", [p.phrasings for p in q.key_points], known=known)
    assert none is not None and none.score == 0 and none.suggested_rating == 1
    assert score_answer("   ", [p.phrasings for p in q.key_points]) is None
    assert score_answer("anything", []) is None


@pytest.mark.parametrize(("score", "rating"), [(1, 3), (0.75, 3), (0.74, 2), (0.4, 2), (0.39, 1)])
def test_suggest_rating_thresholds(score: float, rating: int) -> None:
    assert suggest_rating(score) == rating


def test_every_first_phrasing_scores_its_own_point(bank: Bank, known: frozenset[str]) -> None:
    """Typing a key point's own wording always credits it (no phrasing is unmatchable)."""
    for q in bank.questions:
        for point in q.key_points:
            for phrasing in point.phrasings:
                result = score_answer(phrasing, [p.phrasings for p in q.key_points], known=known)
                assert result is not None and point.label in result.covered, (q.id, phrasing)


@pytest.mark.parametrize(
    ("answer", "phrase", "expected"),
    [
        ("Both still saturate", "both saturate", True),
        ("how far the model outputs are from the targets", "how far from targets", True),
        ("the model is not pushed to infinite confidence", "not infinite confidence", True),
        ("saturate, both of them", "both saturate", False),  # order matters
        (
            "how far, if I remember the lecture from last week correctly, targets",
            "how far from targets",
            False,
        ),
    ],
)
def test_phrase_words_in_order_with_small_gaps(answer: str, phrase: str, expected: bool) -> None:
    result = score_answer(answer, [[phrase]])
    assert result is not None
    assert (result.score == 1.0) is expected


def test_every_bundled_model_answer_covers_its_own_key_points() -> None:
    """A model answer that scores below 1 means the key-point phrasings do not fit the bank."""
    for q in load_bank().questions:
        result = score_answer(q.answer, [p.phrasings for p in q.key_points])
        assert result is not None, q.id
        assert result.missed == (), (q.id, result.missed)
