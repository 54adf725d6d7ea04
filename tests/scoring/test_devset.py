"""The development data: the suggestion agrees with the interviewer's rating.

Read here: the older tuning half (`dev.yaml` + `dev2.yaml`) and the writers' files (16 writers,
`tests/scoring/writers/`, or the drafts until they land). `heldout.yaml` is measured by
`python benchmarks/scoring.py` alone, so that no test failure ever invites tuning the bank to it;
the held-out writers (`hedging`, `practitioner`, `spoken`, `formal`) are never tuned on.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from actloss_quiz.bank import Bank, load_bank
from benchmarks.scoring import (
    EXTRA_SETS,
    HELD_OUT_WRITERS,
    OLD_KINDS,
    WRITERS,
    Case,
    agreement,
    agrees,
    correct_examples,
    floor,
    harmful,
    judged,
    load_cases,
    lowo,
    main,
    merit,
    probe,
    results_of,
    timing,
    writer_files,
)

# The older dev half's `wrong` kind, and the half overall, measured with the shipped parameters
# (the writers' LOWO grid's choice, the same in all five folds since judging round 4: MAX_GAP 2,
# NEGATION_WINDOW 3, GOOD_SHARE 0.6, SIMILAR_HARD 0.2): 87% and 79.6% (round 5). Stricter matching and a
# higher bar for good cost the older half's strong kind (88% -> 64%) and bought less harm on the
# writers (6.8% -> 4.6%). Floors at the measured level, not the target.
MIN_AGREEMENT = 0.85
# Judging round 20's higher bar for good (GOOD_SHARE 0.7, the writers' LOWO choice within the
# harm bound) cost the older half's strong kind again (86.7% -> 75.6%): 85.0% -> 80.8% overall.
DEV_AGREEMENT = 0.80  # round 7: 81.2%; round 20: 80.8%
# The tuned writers (never the held-out `hedging`, `practitioner`, `spoken` and `formal`), shipped
# parameters. Judging round 18 added five writers (bullets and analogy tune, the other three are
# held out) and ships CORE_SLACK 9, which every LOWO fold chose on the ten: the six tuned writers
# read 86.7% agreement and 2.2% harmful as the first three landed, 89.0% and 0.7% with the
# round's rules and the new parameter, 90.3% and 0.73% after the round's last bank data. The four older ones alone: 90.3% and 0.6% after round 17
# (88.0% and 1.0% after round 16, 85.6% after round 15, 84.0% after round 13, 73.8% after round
# 11). Issue 18's target is 90% and 1%; this holds the measured level so it cannot slip back.
# The misconception probe (tests/scoring/probe.yaml), measured after judging round 13: 21.0% of
# the fresh wrong sentences caught as their misconception, 2.8% of the correct near-misses
# flagged (4.7% before the round's rules). Issue 18's targets: >= 80% and <= 3%.
PROBE_CAUGHT = 0.20
PROBE_FLAGGED = 0.029
PROBE_CONTRADICTED = 0.011  # correct near-misses shown contradicting a key point (round 17)
TUNED_AGREEMENT = 0.90  # issue 18's target, met on the six tuned writers in round 18
TUNED_HARMFUL = 0.0075
# Judging round 19 added six tuning writers: code, contrast and selfcorrect first (77-79% agreement
# and 5.2-8.4% harmful as they landed, the level of the held-out writers), then rhetorical,
# opinionated and latex (70-77% and 6.8-8.0% as they landed, after the first three's rules).
# The twelve tuned writers together: 87.2% and 1.4% at the round's end; they hold that level.
# The six tuned before the round hold issue 18's target (90.9% and 0.6% at the round's end).
ROUND_18_TUNED = ("analogy", "bullets", "long-asides", "math-heavy", "non-native", "terse")
ALL_TUNED_AGREEMENT = 0.865
ALL_TUNED_HARMFUL = 0.0125


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def test_dev_half_is_well_formed(bank: Bank) -> None:
    cases = load_cases(EXTRA_SETS["dev"])
    assert len(cases) >= 4 * len(bank.questions)
    assert {c.id for c in cases} == {q.id for q in bank.questions}
    assert set(Counter(c.kind for c in cases)) == set(OLD_KINDS)
    assert all(c.rating in (1, 2, 3) and c.answer.strip() for c in cases)


def test_each_tuning_file_covers_every_question(bank: Bank) -> None:
    for path in EXTRA_SETS["dev"]:
        assert {c.id for c in load_cases([path])} == {q.id for q in bank.questions}, path


def test_dev_half_agreement(bank: Bank) -> None:
    report = agreement(results_of(judged(bank, load_cases(EXTRA_SETS["dev"]))), OLD_KINDS)
    assert report["overall"] >= DEV_AGREEMENT, report
    assert report["by_kind"]["wrong"] >= MIN_AGREEMENT, report


def test_agreement_and_harm_follow_the_kinds() -> None:
    from benchmarks.scoring import Result

    def r(kind: str, rating: int, suggested: int) -> Result:
        return Result(Case("q", kind, rating, "a", "w"), suggested, ())

    assert agrees(r("one-false", 2, 1)) and agrees(r("one-false", 1, 2))
    assert not agrees(r("one-false", 2, 3)) and harmful(r("one-false", 2, 3))
    assert harmful(r("strong", 3, 1)) and harmful(r("misconception", 1, 3))
    assert not harmful(r("partial", 2, 3)) and not harmful(r("strong", 3, 2))


def test_a_fold_takes_the_best_agreement_within_the_harm_bound() -> None:
    """Issue 18 bounds the harmful rate at 2%: a grid point within HARM_BOUND (1.75%) on the
    tuning writers beats any point over it, however much better that one agrees; among points
    within it agreement decides, and the left-out writer never counts."""
    from benchmarks.scoring import HARM_BOUND

    n = 1000
    bound = int(HARM_BOUND * 2 * n)  # harmful answers the two tuning writers may have
    within = {"a": (850, bound, n), "b": (850, 0, n), "out": (0, 500, n)}
    agrees_more = {"a": (900, bound, n), "b": (900, 1, n), "out": (n, 0, n)}
    assert merit(within, "out") > merit(agrees_more, "out")
    better_within = {"a": (860, 0, n), "b": (860, 0, n), "out": (0, n, n)}
    assert merit(better_within, "out") > merit(within, "out")
    # none within: agreement minus HARM_WEIGHT times the harm (five wrong `good`s cost 25)
    over, fewer = {"a": (900, 40, n)}, {"a": (880, 35, n)}
    assert merit(fewer, "b") > merit(over, "b")
    assert merit({"out": (n, 0, n)}, "out") == (False, 0.0)


def test_leave_one_writer_out_measures_each_writer_once(bank: Bank) -> None:
    q = bank.questions[0]
    cases = [Case(q.id, "strong", 3, q.answer, w) for w in ("a", "b", "c")] + [
        Case(q.id, "off-topic", 1, "the weather is nice", w) for w in ("a", "b", "c")
    ]
    report = lowo(bank, cases)
    assert [f["left_out"] for f in report["folds"]] == ["a", "b", "c"]
    assert report["pooled"]["n"] == len(cases)
    assert all(f["left_out_result"]["n"] == 2 for f in report["folds"])


def test_benchmark_prints_the_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tables of one writer's file (the writers' numbers are held by the test below, which
    judges them all), of the extra sets, of the probe (three of its items) and of the bank's
    correct examples (counted by the test that holds them, not judged again here)."""
    import benchmarks.scoring as benchmark

    terse = WRITERS / "terse.yaml"
    (tmp_path / terse.name).write_bytes(terse.read_bytes())
    few = tmp_path / "probe" / "probe.yaml"  # (not among the writers' files)
    few.parent.mkdir()
    items = benchmark.PROBE.read_text(encoding="utf-8").split("\n- id: ")
    few.write_text("\n- id: ".join(items[:4]) + "\n", encoding="utf-8")
    monkeypatch.setattr(benchmark, "PROBE", few)
    counted = {"sentences": 7, "contradicted": 0, "cases": []}
    monkeypatch.setattr(benchmark, "correct_examples", lambda bank: counted)
    assert main(["--writers", str(tmp_path), "--no-lowo", "--no-timing"]) == 0
    out = capsys.readouterr().out
    assert "== all writers (shipped parameters" in out and "  terse " in out
    assert "== extra set dev: " in out and "interviewer \\ suggested" in out
    assert "agreement per kind" in out
    assert "== misconception probe: 3 claims;" in out
    assert "== the bank's correct examples: 7 sentences; shown contradicting a key point: 0" in out


def test_the_timing_pairs_each_judgement_with_its_floor(bank: Bank) -> None:
    """Its shape and arithmetic, never its speed: the floor stems every word of the answer, the
    ratio is the worst question's fastest judgement over its fastest floor, and the
    milliseconds at the floor's fastest are that ratio times it."""
    assert floor("Sigmoid saturates; tanh saturates too.") == [
        "sigmoid",
        "satur",
        "tanh",
        "satur",
        "too",
    ]
    worst = timing(bank, runs=2, limit=2)
    assert worst["question"] in {q.id for q in bank.questions[:2]}
    assert worst["floor_words"] > 1000  # the 10,000-character answer's words
    assert 0 < worst["floor_fastest_ms"] <= worst["floor_ms"]
    # (each question's fastest over its own fastest floor, never under the run's fastest floor)
    assert 0 < worst["ratio"] <= worst["fastest_ms"] / worst["floor_fastest_ms"] + 1e-9
    assert worst["ratio_ms"] == pytest.approx(worst["ratio"] * worst["floor_fastest_ms"])


@pytest.mark.parametrize("writer", HELD_OUT_WRITERS)
def test_the_held_out_writers_misses_are_never_listed(writer: str) -> None:
    with pytest.raises(SystemExit):
        main(["--misses", writer, "--no-lowo", "--no-timing"])


def test_tuned_writers_hold_the_measured_agreement_and_harm(bank: Bank) -> None:
    cases = [c for c in load_cases(writer_files()) if c.writer not in HELD_OUT_WRITERS]
    if not cases:
        pytest.skip("no writers' files")
    results = results_of(judged(bank, cases))
    report = agreement(results)
    assert report["overall"] >= ALL_TUNED_AGREEMENT, report
    assert report["harmful"] <= ALL_TUNED_HARMFUL, report
    older = agreement([r for r in results if r.case.writer in ROUND_18_TUNED])
    assert older["n"] == 1500, older
    assert older["overall"] >= TUNED_AGREEMENT and older["harmful"] <= TUNED_HARMFUL, older


# The bank's own correct sentences (key points' must-match examples, misconceptions' must-not
# examples) shown contradicting a key point: 46 of 5,363 when first counted (judging round 15),
# 25 after its fixes, none since round 16 (rules, two phrasings, nine sentences moved to
# known_gaps.yaml), when `quiz validate` began to report one. Each is a "✗ contradicts" on a
# right sentence.
CORRECT_CONTRADICTED = 0


def test_the_banks_correct_examples_contradict_no_more_key_points_than_measured(
    bank: Bank,
) -> None:
    found = correct_examples(bank)
    assert found["sentences"] >= 5000
    assert found["contradicted"] <= CORRECT_CONTRADICTED, found["cases"]


def test_the_probe_holds_its_measured_catch_and_false_flag_rates(bank: Bank) -> None:
    found = probe(bank)
    assert found["claims"] >= 470  # every item names a misconception the bank has (or exits)
    assert found["caught"] >= PROBE_CAUGHT and found["flagged"] <= PROBE_FLAGGED, found
    assert found["contradicted"] <= PROBE_CONTRADICTED, found
