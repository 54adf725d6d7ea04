"""The parsed-bank cache as a compact index (issue 23): each question's index fields are checked
at load, its parts (key points, misconceptions, follow-ups, demo) are decoded, checked and built
at first use, and a damaged part is handled as a damaged cache is at load (the bank parsed
again, the cache rewritten)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from actloss_quiz.bank import Question, load_bank
from actloss_quiz.bank import cache as bank_cache
from actloss_quiz.errors import BankError, QuizError
from tests.hostile import QUESTION, expect, run_cli, write_bank

FULL = {
    **QUESTION,
    "key_points": [{"phrasings": ["zero", "nothing"], "core": True}, ["negative"]],
    "misconceptions": [{"claim": "one", "phrasings": ["returns one"], "correction": "Zero."}],
    "follow_ups": [{"question": "And for positive ones?", "answer": "The input itself."}],
    "demo": {"name": "relu", "args": {"x": "-1"}},
    "tags": ["relu"],
}


@pytest.fixture
def bank_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(bank_cache, "CACHE_MIN_BYTES", 0)  # cache even this small bank
    second = {**QUESTION, "id": "q-two", "number": 2, "question": "And ReLU(2)?", "answer": "2."}
    return write_bank(tmp_path / "bank.yaml", questions=[FULL, second])


def _records(path: Path) -> tuple[Path, dict[str, Any]]:
    cache = bank_cache._cache_file(path)
    assert cache is not None and cache.exists()
    return cache, json.loads(cache.read_text(encoding="utf-8"))


def test_a_cached_question_equals_the_parsed_one_and_builds_its_parts_at_first_use(
    bank_file: Path,
) -> None:
    parsed = load_bank([bank_file], bundled=False).questions
    cached = load_bank([bank_file], bundled=False).questions
    assert all(type(q) is not Question for q in cached)  # served from the cache
    assert not any("key_points" in vars(q) for q in cached)  # nothing built by loading
    assert [q.question for q in cached] == [q.question for q in parsed]
    assert not any("key_points" in vars(q) for q in cached)  # the index fields build nothing
    assert cached == parsed and parsed == cached
    assert hash(cached[1]) == hash(parsed[1])  # (the first has a demo: a dict, unhashable)
    assert cached[0].key_points[0].core and cached[0].demo == FULL["demo"]
    assert cached[0].to_dict() == parsed[0].to_dict()
    changed = dataclasses.replace(cached[0], answer="Nothing.")
    assert changed.answer == "Nothing." and changed.key_points == parsed[0].key_points


@pytest.mark.parametrize("command", [["list"], ["list", "--due"], ["stats"], ["stats", "--json"]])
def test_listing_and_stats_build_no_question(
    command: list[str], bank_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ["--no-bundled", "--questions", str(bank_file), *command]
    first = run_cli(args)  # parses the bank and writes its cache
    expect(first, 0)

    def built(self: object) -> None:
        raise AssertionError("a question was built")

    monkeypatch.setattr(bank_cache._CachedQuestion, "_build", built)
    again = run_cli(args)
    expect(again, 0)
    assert again.out == first.out


DAMAGES: dict[str, Callable[[dict[str, Any]], Any]] = {
    "not-json": lambda p: "{",
    "not-a-mapping": lambda p: [],
    "missing-part": lambda p: {k: v for k, v in p.items() if k != "demo"},
    "key-points": lambda p: {**p, "key_points": "zero"},
    "core-flag": lambda p: {**p, "key_points": [{**p["key_points"][0], "core": "yes"}]},
    "blank-phrasing": lambda p: {**p, "key_points": [{**p["key_points"][0], "phrasings": [" "]}]},
    "demo": lambda p: {**p, "demo": {"name": "relu", "args": [1]}},
    "follow-up-fields": lambda p: {**p, "follow_ups": [{"question": "Why?"}]},
    "misconception": lambda p: {**p, "misconceptions": [{"claim": "x"}]},
    "more-phrasings-than-indexed": lambda p: {
        **p,
        "key_points": [
            {**p["key_points"][0], "phrasings": ["zero", "nothing", "naught"]},
            *p["key_points"][1:],
        ],
    },
    "over-the-point-limit": lambda p: {
        **p,
        "key_points": [{**p["key_points"][0], "phrasings": [f"w{i}" for i in range(51)]}],
    },
}


@pytest.mark.parametrize("name", list(DAMAGES))
def test_a_damaged_part_is_rebuilt_from_the_bank(
    name: str, bank_file: Path, tmp_path: Path
) -> None:
    args = ["--no-bundled", "--questions", str(bank_file), "show", "1", "--json", "--no-demo"]
    first = run_cli(args)
    expect(first, 0)
    cache, data = _records(bank_file)
    data["parts"][0] = json.dumps(DAMAGES[name](json.loads(data["parts"][0])))
    cache.write_text(json.dumps(data), encoding="utf-8")
    again = run_cli(args)
    expect(again, 0)
    assert again.out == first.out  # the bank, not the damaged record, was used
    _, rebuilt = _records(bank_file)
    assert rebuilt["parts"] == _records_after_parse(bank_file, tmp_path)["parts"]


def _records_after_parse(bank_file: Path, tmp_path: Path) -> dict[str, Any]:
    """The cache as the bank's own parse writes it (into a fresh folder)."""
    import os

    old = os.environ["ACTLOSS_QUIZ_CACHE"]
    os.environ["ACTLOSS_QUIZ_CACHE"] = str(tmp_path / "fresh")
    try:
        load_bank([bank_file], bundled=False)
        return _records(bank_file)[1]
    finally:
        os.environ["ACTLOSS_QUIZ_CACHE"] = old


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: {**r, "phrasings": "3"},
        lambda r: {**r, "phrasings": -1},
        lambda r: {k: v for k, v in r.items() if k != "phrasings"},
        lambda r: {**r, "key_points": []},  # the old format's field
        lambda r: {**r, "phrasings": 30_000},  # over the file's limit
        lambda r: {**r, "question": " \u3000\n"},  # blank (what strip() empties)
        lambda r: {**r, "answer": None},
        lambda r: {**r, "formula": "\x1c"},
        lambda r: {**r, "line": True},
        lambda r: {**r, "subject": [" "]},
        lambda r: {**r, "id": r["id"] + "\n"},  # "$" would have let it through
        lambda r: {**r, "id": r["id"] + "\nsecond-slug"},  # two ids' lines in one
        lambda r: {**r, "id": "Not A Slug"},
        lambda r: {**r, "id": "12"},
        lambda r: {**r, "id": 7},
        lambda r: {**dict(reversed(r.items())), "extra": 1},
    ],
    ids=[
        "count-type",
        "count-negative",
        "no-count",
        "old-field",
        "file-limit",
        "blank-question",
        "answer-type",
        "blank-formula",
        "line-type",
        "blank-subject",
        "id-newline",
        "id-two-lines",
        "id-not-slug",
        "id-digits",
        "id-type",
        "other-keys",
    ],
)
def test_a_damaged_index_record_is_refused_at_load(
    damage: Callable[[dict[str, Any]], Any], bank_file: Path
) -> None:
    first = load_bank([bank_file], bundled=False).questions
    cache, data = _records(bank_file)
    data["questions"][0] = damage(data["questions"][0])
    cache.write_text(json.dumps(data), encoding="utf-8")
    again = load_bank([bank_file], bundled=False).questions
    assert all(type(q) is Question for q in again)  # parsed from the bank
    assert again == first


def test_a_record_with_its_keys_in_another_order_is_served_from_the_cache(
    bank_file: Path,
) -> None:
    first = load_bank([bank_file], bundled=False).questions
    cache, data = _records(bank_file)
    data["questions"][0] = dict(reversed(data["questions"][0].items()))
    cache.write_text(json.dumps(data), encoding="utf-8")
    again = load_bank([bank_file], bundled=False).questions
    assert all(type(q) is not Question for q in again)  # every one from the cache
    assert again == first


def test_a_record_whose_index_and_parts_were_both_edited_is_an_error_once(
    bank_file: Path,
) -> None:
    load_bank([bank_file], bundled=False)
    cache, data = _records(bank_file)
    data["questions"][0]["id"] = "q-elsewhere"  # valid, but not the bank's
    data["parts"][0] = "{"
    cache.write_text(json.dumps(data), encoding="utf-8")
    (q, _) = load_bank([bank_file], bundled=False).questions
    with pytest.raises(QuizError, match="was damaged and has been rebuilt"):
        _ = q.key_points
    again = load_bank([bank_file], bundled=False).questions  # the rewritten cache
    assert again[0].id == "q-one" and again[0].key_points[0].phrasings == ("zero", "nothing")


def test_a_bank_edited_into_an_error_before_a_damaged_part_is_built_is_reported(
    bank_file: Path,
) -> None:
    load_bank([bank_file], bundled=False)
    cache, data = _records(bank_file)
    data["parts"][0] = "{"
    cache.write_text(json.dumps(data), encoding="utf-8")
    (q, _) = load_bank([bank_file], bundled=False).questions
    text = bank_file.read_text(encoding="utf-8")
    bank_file.write_text(text.replace("difficulty: easy", "difficulty: impossible", 1), "utf-8")
    with pytest.raises(BankError, match=r"bank\.yaml:\d+: .*impossible"):
        _ = q.key_points


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: {**d, "parts": "none"},
        lambda d: {**d, "parts": d["parts"][:1]},
        lambda d: {**d, "parts": [1, *d["parts"][1:]]},
        lambda d: {k: v for k, v in d.items() if k != "parts"},
    ],
    ids=["not-a-list", "too-short", "not-text", "missing"],
)
def test_damaged_parts_are_rebuilt_from_the_bank(
    damage: Callable[[dict[str, Any]], Any], bank_file: Path
) -> None:
    first = load_bank([bank_file], bundled=False).questions
    cache, data = _records(bank_file)
    cache.write_text(json.dumps(damage(data)), encoding="utf-8")
    again = load_bank([bank_file], bundled=False).questions
    assert [q.to_dict() for q in again] == [q.to_dict() for q in first]
    assert _records(bank_file)[1]["parts"] == data["parts"]  # written again


def test_the_index_is_read_without_the_parts(bank_file: Path) -> None:
    """The document as written: its "index" offset lets a load decode the index alone."""
    load_bank([bank_file], bundled=False)
    cache, data = _records(bank_file)
    raw = cache.read_bytes()
    index, parts = bank_cache._split(raw)
    assert type(parts) is bytes and json.loads(parts) == data["parts"]
    assert index == {k: v for k, v in data.items() if k not in ("index", "parts")}
    # Bytes that are not UTF-8 in the index are a damaged cache, as before.
    at = raw.index(b"What does")
    cache.write_bytes(raw[:at] + b"\xff" + raw[at + 1 :])
    again = load_bank([bank_file], bundled=False).questions
    assert again[0].question.startswith("What does")


def test_every_question_field_is_cached() -> None:
    fields = set(bank_cache._INDEX_FIELDS) | set(bank_cache._PART_FIELDS)
    assert fields == set(Question.__dataclass_fields__)


@pytest.mark.parametrize(
    "damage",
    [
        lambda w: [w[0], ["relu"], w[2]],
        lambda w: [w[0], {"relu": 1}, w[2]],
        lambda w: [w[0], {"relu": "re lu"}, w[2]],
        lambda w: [w[0], {"": "x"}, w[2]],
        lambda w: [w[0], w[1], "zero"],
        lambda w: [w[0], w[1], ["zero", 1]],
        lambda w: [["a b"], w[1], w[2]],
        lambda w: w[:2],
        lambda w: "not a list",
    ],
    ids=[
        "stems-list",
        "stem-number",
        "stem-space",
        "stem-empty",
        "terms-text",
        "term-number",
        "known-space",
        "terms-missing",
        "text",
    ],
)
def test_damaged_judge_words_are_refused_when_first_read(
    damage: Callable[[Any], Any], bank_file: Path
) -> None:
    """The judge's words kept with the cache (known words, stems, answer terms: one JSON text
    after the questions' parts) are read only when the judge first asks, and checked like the
    rest of the cache: a damaged one is refused, the bank parsed again and the cache rewritten,
    and the judge gets the same words."""
    load_bank([bank_file], bundled=False)
    first = load_bank([bank_file], bundled=False)  # from the cache
    assert first.stems and first.answer_terms is not None and first.known
    cache, data = _records(bank_file)
    assert data["lexicon"] is not None and len(data["parts"]) == len(data["questions"]) + 1
    kept = json.loads(data["parts"][-1])
    data["parts"][-1] = json.dumps(damage(kept))
    cache.write_text(json.dumps(data), encoding="utf-8")
    again = load_bank([bank_file], bundled=False)
    assert all(type(q) is not Question for q in again.questions)  # the index is sound
    assert (again.known, again.stems, again.answer_terms) == (
        first.known,
        first.stems,
        first.answer_terms,
    )
    assert json.loads(_records(bank_file)[1]["parts"][-1]) == kept  # written again


def test_a_damaged_lexicon_span_is_refused_at_load(bank_file: Path) -> None:
    load_bank([bank_file], bundled=False)
    first = load_bank([bank_file], bundled=False)
    cache, data = _records(bank_file)
    cache.write_text(json.dumps({**data, "lexicon": "0-10"}), encoding="utf-8")
    again = load_bank([bank_file], bundled=False)
    assert all(type(q) is Question for q in again.questions)  # parsed from the bank
    assert again.stems == first.stems
    assert _records(bank_file)[1]["lexicon"] == data["lexicon"]  # written again


def test_a_load_does_not_read_the_judge_words(bank_file: Path) -> None:
    """Only the judge reads them: a load leaves the bank's lexicon unread."""
    load_bank([bank_file], bundled=False)
    bank = load_bank([bank_file], bundled=False)
    assert "_lexicon" not in vars(bank)
    assert bank.known
    assert "_lexicon" in vars(bank)


def test_a_large_index_decodes_as_json_would() -> None:
    """An index of 256 KB or more is decoded by msgspec: the same values as json's, and a
    malformed one is a ValueError (a damaged cache, rebuilt) on both paths."""
    records = [
        {"id": f"q{i}", "number": i, "tags": ["a", "ü"], "formula": None, "x": 1.5, "big": 2**70}
        for i in range(20_000)
    ]
    document = json.dumps({"questions": records}, ensure_ascii=False).encode("utf-8")
    assert len(document) >= bank_cache._LARGE_INDEX
    assert bank_cache._decoded(document) == json.loads(document)
    for bad in (
        document[:-1],
        document.replace(b'"q1"', b'"\xff"'),
        b"NaN" + b" " * bank_cache._LARGE_INDEX,
    ):
        with pytest.raises(ValueError):
            bank_cache._decoded(bad)
