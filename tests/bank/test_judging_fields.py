"""The bank fields of issue 18: `subject`, `domain`, and a point's `formula`, `variables` and
`examples` (parsed, checked at their lines, kept by the parsed-bank cache)."""

from __future__ import annotations

from pathlib import Path

import pytest

from actloss_quiz.bank import Examples, KeyPoint, Misconception, load_bank, load_files
from actloss_quiz.errors import BankError
from tests.helpers import REPO

BAD = REPO / "tests" / "banks" / "judging" / "bad-judging.yaml"

GOOD = """\
topic: loss
domain:
  - [mae, mean absolute error, l1 loss]
  - [tanh]
  - huber
questions:
  - id: mse-def
    difficulty: easy
    question: MSE?
    answer: Mean of squared errors.
    subject: [mse, mean squared error]
    key_points:
      - phrasings: [squared error]
        core: true
        formula: "(y - p)^2"
        variables: [y, p]
        examples:
          match: [it squares the error, "(y - p)^2"]
          no_match: [mae takes the absolute error]
      - [average, mean]
    misconceptions:
      - claim: MSE is robust
        phrasings: [mse is robust to outliers]
        correction: It is not.
        examples: {no_match: [MAE is robust to outliers]}
    follow_ups:
      - question: And MAE?
        answer: The median.
        subject: mae
      - {question: Why?, answer: Because.}
"""


def test_subject_domain_formula_and_examples_are_parsed(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    bank = load_bank([path], bundled=False)
    (q,) = bank.questions
    assert q.subject == ("mse", "mean squared error")
    assert bank.domain == (("mae", "mean absolute error", "l1 loss"), ("tanh",), ("huber",))
    first, second = q.key_points
    assert first == KeyPoint(
        ("squared error",),
        core=True,
        formula="(y - p)^2",
        variables=("y", "p"),
        examples=Examples(("it squares the error", "(y - p)^2"), ("mae takes the absolute error",)),
    )
    assert first.line == 13
    assert second == KeyPoint(("average", "mean")) and second.line == 20
    assert q.misconceptions == (
        Misconception(
            "MSE is robust",
            ("mse is robust to outliers",),
            "It is not.",
            Examples((), ("MAE is robust to outliers",)),
        ),
    )
    assert q.misconceptions[0].line == 22
    assert [f.subject for f in q.follow_ups] == [("mae",), ()]


def test_without_the_new_fields_nothing_changes(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(
        "topic: t\nquestions:\n  - {id: a, difficulty: easy, question: Q?, answer: A.,"
        " key_points: [[x]]}\n",
        encoding="utf-8",
    )
    bank = load_bank([path], bundled=False)
    assert bank.domain == () and bank.questions[0].subject == ()
    assert bank.questions[0].key_points == (KeyPoint(("x",)),)


def test_malformed_fields_are_reported_at_their_lines() -> None:
    with pytest.raises(BankError) as info:
        load_files([BAD])
    assert [p.removeprefix(f"{BAD}:") for p in info.value.problems] == [
        "5: domain group 3 must be a list of one or more non-empty names, found a mapping",
        "6: domain group 4 must be a list of one or more non-empty names, found a list",
        "12: subj: 'subject' must be a list of names such as [mse, mean squared error], "
        "found a mapping",
        "14: subj: key point 1: 'formula' must be a non-empty expression such as "
        '"1/(1+exp(-x))", found a string',
        "15: subj: key point 2: 'variables' must be a list of variable names such as [y, p], "
        "found a list",
        "16: subj: key point 3: 'examples' must be a mapping with 'match' and/or 'no_match' "
        "lists, found a list",
        "17: subj: key point 4: examples: unknown field 'nomatch' (did you mean 'no_match'?)",
        "17: subj: key point 4: examples: 'match' must be a non-empty list of sentences, "
        "found a list",
        "18: subj: key point 5: 'variables' needs a 'formula'",
        "20: subj: misconception 1: examples: 'no_match' must be a non-empty list of "
        "sentences, found a list",
        "22: subj: follow-up 1: 'subject' must be a list of names such as "
        "[mse, mean squared error], found a list",
    ]


def test_the_new_fields_survive_the_parsed_bank_cache(tmp_path: Path) -> None:
    from actloss_quiz.bank.cache import CACHE_MIN_BYTES, _cache_file

    filler = "".join(
        f"  - {{id: q{i}, difficulty: easy, question: Q{i}?, answer: {'A' * 200}.}}\n"
        for i in range(400)
    )
    path = tmp_path / "big.yaml"
    path.write_text(GOOD + filler, encoding="utf-8")
    assert path.stat().st_size >= CACHE_MIN_BYTES
    first = load_bank([path], bundled=False)
    cache = _cache_file(path)
    assert cache is not None and cache.exists()
    again = load_bank([path], bundled=False)
    assert again == first
    assert again.domain == first.domain != ()
    got, want = again.questions[0], first.questions[0]
    assert got.subject == want.subject and got.follow_ups[0].subject == ("mae",)
    assert [k.line for k in got.key_points] == [k.line for k in want.key_points] == [13, 20]
    assert got.misconceptions[0].line == 22
