"""The tuning half of the development set: the suggestion agrees with the interviewer's rating.

Only the tuning half (`dev.yaml` + `dev2.yaml`, the latter by a writer who never saw the key
points) is read here. `heldout.yaml` is measured by `python benchmarks/scoring.py` alone,
so that no test failure ever invites tuning the bank to it.
"""

from __future__ import annotations

from collections import Counter

import pytest

from actloss_quiz.bank import Bank, load_bank
from benchmarks.scoring import HALVES, KINDS, agreement, evaluate, load_cases, main

MIN_AGREEMENT = 0.9


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def test_dev_half_is_well_formed(bank: Bank) -> None:
    cases = load_cases(HALVES["dev"])
    assert len(cases) >= 4 * len(bank.questions)
    assert {c.id for c in cases} == {q.id for q in bank.questions}
    assert set(Counter(c.kind for c in cases)) == set(KINDS)
    assert all(c.rating in (1, 2, 3) and c.answer.strip() for c in cases)


def test_each_tuning_file_covers_every_question(bank: Bank) -> None:
    for path in HALVES["dev"]:
        assert {c.id for c in load_cases([path])} == {q.id for q in bank.questions}, path


def test_dev_half_agreement(bank: Bank) -> None:
    report = agreement(evaluate(bank, load_cases(HALVES["dev"])))
    assert report["overall"] >= MIN_AGREEMENT, report
    assert report["by_kind"]["wrong"] >= MIN_AGREEMENT, report


def test_benchmark_prints_the_matrix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--half", "dev", "--no-timing"]) == 0
    out = capsys.readouterr().out
    assert "== dev: " in out and "interviewer \\ suggested" in out and "agreement per kind" in out
