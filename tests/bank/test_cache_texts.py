"""What the judge normalises, kept beside the parsed-bank cache (issue 23): a first answer judged
in a new process normalises the answer alone, and a judgement is the same with the texts file,
without it and with a damaged one (the cache is not trusted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest

from actloss_quiz import scoring
from actloss_quiz.bank import cache as bank_cache
from tests.helpers import built_once

# A fresh interpreter: the judge's caches of an earlier test cannot hide a missing text.
COUNT_NORMALISED = """
import json, sys
from actloss_quiz import scoring
from actloss_quiz.bank import load_bank
from actloss_quiz.filters import find_question
from actloss_quiz.review import Judge

bank = load_bank([], bundled=True)
judge = Judge(bank)
seen = []
normalise = scoring._normalise
scoring._normalise = lambda text: seen.append(text) or normalise(text)
answers = json.loads(sys.argv[1])
for ref, answer in answers:
    q = find_question(bank, ref, None)
    judge(answer, q.key_points, q.misconceptions, q.subject, q.answer)
    for f in q.follow_ups:
        judge(answer, f.key_points, f.misconceptions, f.subject or q.subject, f.answer)
print(json.dumps(seen))
"""
ANSWERS = [
    ("relu-definition", "max(0, x): zero for negative inputs, the input itself otherwise"),
    ("huber-vs-mse", "MSE is robust to outliers, unlike MAE, which squares them"),
    ("kl-divergence", "It is symmetric, a true distance between the two distributions"),
]


def _env(cache: Path | str) -> dict[str, str]:
    env = {**os.environ, "ACTLOSS_QUIZ_CACHE": str(cache), "NO_COLOR": "1"}
    env.pop("ACTLOSS_QUIZ_QUESTIONS", None)
    return env


def _grades(cache: Path | str) -> list[str]:
    out = []
    for ref, answer in ANSWERS:
        run = subprocess.run(
            [sys.executable, "-m", "actloss_quiz", "grade", ref, answer, "--json"],
            env=_env(cache),
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.returncode == 0, run.stderr
        out.append(run.stdout)
    return out


@pytest.fixture(scope="module")
def uncached(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The judgements with no cache at all (ACTLOSS_QUIZ_CACHE empty), judged once per run."""

    def judge(folder: Path) -> None:
        (folder / "grades.json").write_text(json.dumps(_grades("")), encoding="utf-8")

    folder = built_once(tmp_path_factory, "cache-texts-uncached", judge)
    return list(json.loads((folder / "grades.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache folder with the bundled bank's caches and texts files written, once per run."""

    def fill(folder: Path) -> None:
        _grades(folder)

    cache = built_once(tmp_path_factory, "cache-texts-warm", fill)
    assert sorted(p.suffix for p in cache.iterdir()) == [".json", ".json", ".texts", ".texts"]
    return cache


def test_a_first_judgement_normalises_the_answer_alone(warm: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-c", COUNT_NORMALISED, json.dumps(ANSWERS)],
        env=_env(warm),
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(run.stdout)
    # Every phrasing, subject, domain name and rule word came from the texts file; what was
    # normalised is each answer (judged once for the question, once per follow-up).
    assert set(seen) == {answer for _ref, answer in ANSWERS}


def _rewrite(texts: Path, damage: str) -> None:
    raw = texts.read_bytes()
    key, file_blob, blobs = msgspec.msgpack.decode(raw, type=tuple[str, bytes, list[bytes]])
    if damage == "garbage":
        texts.write_bytes(b"\x93\xa1x" + raw[7:100])
    elif damage == "other-stamp":
        texts.write_bytes(msgspec.msgpack.encode(("0" * 64, file_blob, blobs)))
    elif damage == "fewer-questions":
        texts.write_bytes(msgspec.msgpack.encode((key, file_blob, blobs[:-1])))
    elif damage == "wrong-types":
        blobs = [msgspec.msgpack.encode({"zero": [1, 2, 3]}) for _ in blobs]
        texts.write_bytes(msgspec.msgpack.encode((key, b"\xc1", blobs)))
    elif damage == "inconsistent":  # a stem without its surface word, marks past the end
        table = msgspec.msgpack.decode(file_blob)
        for entry in table.values():
            entry[1] = entry[1][:-1]
            entry.append([99])
        bad = msgspec.msgpack.encode(table)
        blobs = [
            msgspec.msgpack.encode(
                {p: [e[0], e[1][:-1], *e[2:]] for p, e in msgspec.msgpack.decode(b).items()}
            )
            for b in blobs
        ]
        texts.write_bytes(msgspec.msgpack.encode((key, bad, blobs)))
    elif damage == "missing":
        texts.unlink()
    elif damage == "folder":
        texts.unlink()
        texts.mkdir()
    elif damage == "fifo":
        texts.unlink()
        os.mkfifo(texts)


@pytest.mark.slow
@pytest.mark.xdist_group("cache_texts")  # one worker: the fixtures' processes run once
@pytest.mark.parametrize(
    "damage",
    [
        "none",
        "missing",
        "folder",
        "garbage",
        "other-stamp",
        "fewer-questions",
        "wrong-types",
        "inconsistent",
        "fifo",
    ],
)
def test_a_judgement_is_the_same_with_a_missing_or_damaged_texts_file(
    damage: str, warm: Path, uncached: list[str], tmp_path: Path
) -> None:
    import shutil

    cache = tmp_path / "copied"
    shutil.copytree(warm, cache)
    for texts in cache.glob("*.texts"):
        _rewrite(texts, damage)
    assert _grades(cache) == uncached


def test_ill_formed_texts_are_not_taken() -> None:
    phrase = "a phrasing no bank holds, ill formed"
    good = "another phrasing no bank holds"
    encoded = msgspec.msgpack.encode(
        {
            phrase: scoring._Text(("a",), (), (0,), (0,)),  # a stem without its surface word
            good: scoring._normalise(good),
        }
    )
    scoring.seed_texts([b"\xc1", encoded])  # the first is not msgpack at all
    assert phrase not in scoring._SEEDED_TEXTS
    assert scoring._SEEDED_TEXTS[good] == scoring._normalise(good)


def test_a_part_outside_its_span_is_found_in_the_whole_list(tmp_path: Path) -> None:
    """The record's byte span in "parts" is a shortcut: one that does not land on its part's
    JSON string (an edited cache) falls back to decoding the list."""
    source = bank_cache._Source(tmp_path / "bank.yaml", None, None, None)
    parts = ['{"a": 1}', '{"b": "2, 3"}']
    raw, at = bank_cache._spans(parts)
    source.parts, source.count, source.total = raw, 2, 2
    spans: list[tuple[int, int]] = [(a, b) for a, b in at]
    assert [source.part(i, spans[i]) for i in range(2)] == parts
    assert type(source.parts) is bytes  # each decoded alone
    assert source.part(1, (spans[1][0] + 1, spans[1][1])) == parts[1]
    assert source.part(0, (0, 10**9)) == parts[0]
