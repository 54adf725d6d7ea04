"""The bank loader: the bundled bank matches the seed, and every broken file gets its exact message."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from actloss_quiz.bank import KeyPoint, Misconception, load_bank, load_files
from actloss_quiz.errors import BankError
from tests.helpers import BANKS, REPO

# The user's source text, kept beside the tests so the check never depends on the checkout's
# surroundings; `test_seed_copy_is_current` compares it with the shared original when present.
SEED = Path(__file__).resolve().parent.parent / "seed" / "activation-loss-interview-qa.txt"
SHARED_SEED = REPO.parent / "shared" / "seed" / "activation-loss-interview-qa.txt"
BROKEN = BANKS / "broken"


def seed_questions() -> dict[int, tuple[str, str]]:
    """number -> (question text, difficulty) parsed from the seed's `N Question?Difficulty` lines."""
    found = {}
    for line in SEED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+) (.+?)(Easy|Medium|Hard)$", line)
        if m:
            found[int(m.group(1))] = (m.group(2), m.group(3).lower())
    return found


def test_bundled_bank_has_30_questions_15_per_topic() -> None:
    bank = load_bank()
    assert len(bank.questions) == 30
    assert bank.topics == ["activation", "loss"]
    assert [q.number for q in bank.select(topic="activation")] == list(range(1, 16))
    assert [q.number for q in bank.select(topic="loss")] == list(range(16, 31))
    assert len({q.id for q in bank.questions}) == 30


@pytest.mark.skipif(not SHARED_SEED.exists(), reason="no shared/ beside this checkout")
def test_seed_copy_is_current() -> None:
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_bundled_bank_is_faithful_to_the_seed() -> None:
    seed = seed_questions()
    assert len(seed) == 30
    bank = load_bank()
    for q in bank.questions:
        text, difficulty = seed[q.number]
        assert q.difficulty == difficulty, q.id
        normalise = lambda s: re.sub(r"[\W_]+", "", s.replace("’", "'")).lower()  # noqa: E731
        assert normalise(q.question) == normalise(text), q.id


def seed_answers() -> dict[int, str]:
    """number -> the seed's `Answer: ...` text for that question."""
    found, current = {}, None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d+) (.+?)(Easy|Medium|Hard)$", line)
        if m:
            current = int(m.group(1))
        elif line.startswith("Answer: ") and current is not None:
            found[current] = line.removeprefix("Answer: ")
    return found


@dataclass(frozen=True)
class Correction:
    """A place where the bank intentionally says something other than the seed, and why."""

    number: int
    dropped: str  # seed words the bank no longer says ("" when only a correction is added)
    wrong: str  # the misleading claim that must not come back
    now: str  # what the bank says instead
    reason: str


# Issue #13: the seed is kept word for word except where it teaches something false.
CORRECTIONS = (
    Correction(
        22,
        dropped="while staying differentiable in practice (at the join point subgradient)",
        wrong="subgradient at the join point",
        now="It is differentiable everywhere (C¹)",
        reason="Huber's quadratic and linear pieces meet at |r| = δ with equal value and equal "
        "slope ±δ; only the curvature jumps, so the loss is C¹ and needs no subgradient there.",
    ),
    Correction(
        11,
        dropped="",
        wrong="stop logits from going negative",
        now="every class whose logit would be negative is clipped to the same 0 with zero "
        "gradient, so on that example those classes tie and get no gradient; a true class stuck "
        "below 0 cannot be raised by it",
        reason="Softmax is shift-invariant, so non-negative logits lose nothing; the harm of a "
        "ReLU before softmax is the clipping to one tied value with zero gradient. Only on that "
        "example: the classes still learn from other examples (review 2026-12, A5), so the "
        "answer no longer says they 'stop learning'.",
    ),
    Correction(
        20,
        dropped="often ",
        wrong="often simple",
        now="always prediction minus target",
        reason="For softmax followed by cross-entropy the gradient with respect to the logits is "
        "always softmax(z) - y, for any target that sums to 1 (content review D); 'often' "
        "suggests cases where it is not.",
    ),
)


def _in_order(seed_words: list[str], answer_words: list[str], *, gap: int = 8) -> bool:
    """The seed's words appear in the answer in order, with at most `gap` words added between."""
    for start, word in enumerate(answer_words):
        if word != seed_words[0]:
            continue
        last = start
        for w in seed_words[1:]:
            window = answer_words[last + 1 : last + 2 + gap]
            if w not in window:
                break
            last += 1 + window.index(w)
        else:
            return True
    return False


def _seed_clauses(answer: str) -> list[str]:
    return [c for c in re.split(r"(?<=[.;:—])\s*|\s*[()]\s*", answer) if len(c) > 3]


_FILLER = frozenset({"a", "an", "the", "is", "are", "it", "its", "of", "and", "that", "this"})


def tokens(text: str) -> list[str]:
    """Lowercase words without punctuation, filler words or simple plurals (this test's own
    normalisation, independent of the scorer's)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    words = [w for w in re.split(r"[\W_]+", folded) if w and w not in _FILLER]
    return [w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w for w in words]


def test_bundled_answers_keep_the_seed_words_except_the_recorded_corrections() -> None:
    seed = seed_answers()
    assert len(seed) == 30
    by_number = {q.number: q for q in load_bank().questions}
    dropped = {c.number: c.dropped for c in CORRECTIONS if c.dropped}
    for number, text in seed.items():
        if number in dropped:
            assert dropped[number] in text, number  # the record quotes the seed exactly
            text = text.replace(dropped[number], "")
        answer = by_number[number].answer
        # Parenthetical additions in the bank may sit between seed words.
        variants = [tokens(answer), tokens(re.sub(r"\([^()]*\)", " ", answer))]
        for clause in _seed_clauses(text):
            words = tokens(clause)
            assert any(_in_order(words, v) for v in variants), (number, clause)


@pytest.mark.parametrize("correction", CORRECTIONS, ids=lambda c: f"Q{c.number}")
def test_corrections_are_in_place(correction: Correction) -> None:
    q = {q.number: q for q in load_bank().questions}[correction.number]
    flat = " ".join(q.answer.split())
    assert correction.now in flat
    assert correction.wrong not in flat
    if correction.dropped:
        assert correction.dropped not in flat
    assert correction.reason


def test_seed_formulas_are_kept() -> None:
    bank = load_bank()
    by_number = {q.number: q for q in bank.questions}
    assert by_number[2].formula == "ReLU(x) = max(0, x)"
    assert by_number[4].formula == "σ(x) = 1 / (1 + e^(-x))"
    assert by_number[6].formula == "softmax(z_i) = e^{z_i} / Σ_j e^{z_j}"
    assert by_number[17].formula == "MSE = (1/n) Σ (ŷ_i − y_i)²"


def test_every_bundled_question_has_3_to_6_key_points_and_a_demo() -> None:
    for q in load_bank().questions:
        assert 3 <= len(q.key_points) <= 6, q.id
        assert all(p.phrasings and all(s.strip() for s in p.phrasings) for p in q.key_points), q.id
        assert q.demo, q.id


def test_hard_loss_questions_are_25_27_28() -> None:
    hard = load_bank().select(topic="loss", difficulties=["hard"])
    assert [q.number for q in hard] == [25, 27, 28]


def test_tips_and_titles_come_from_the_files() -> None:
    bank = load_bank()
    assert bank.tips["activation"].startswith("Tie answers to gradients, saturation, and compute")
    assert bank.tips["loss"].startswith("Tie every loss answer to gradients")
    assert bank.titles == {"activation": "Activation functions", "loss": "Loss functions"}


def test_user_bank_adds_a_new_topic_and_defaults_number_to_position() -> None:
    bank = load_bank([BANKS / "good"])
    assert bank.topics == ["activation", "loss", "optimizers"]
    sgd = bank.by_id("sgd-step")
    assert sgd is not None and sgd.number == 2 and sgd.topic == "optimizers"
    assert sgd.key_points == ()


# file name -> exact problems (path prefix added below)
BROKEN_CASES = {
    "empty.yaml": [
        "1: file is empty; a bank is a mapping with 'topic' and 'questions' keys",
    ],
    "bare-list.yaml": [
        "1: expected a mapping with 'topic' and 'questions' keys at the top level, found a list",
    ],
    "no-topic.yaml": ["1: missing required key 'topic' (the topic of every question)"],
    # a trailing newline is no part of a slug (and an id that is no slug labels nothing)
    "newline-slugs.yaml": [
        "1: topic must be a lowercase slug such as 'loss', found 'zz\\n'",
        "3: question #1: id must be a slug of lowercase letters, digits and hyphens such as "
        "'relu-definition', found 'abc\\n'",
    ],
    "bad-topic.yaml": [
        "1: topic must be a lowercase slug such as 'loss', found 'Loss Functions'",
    ],
    "not-utf8.yaml": [
        "3: file is not valid UTF-8 (byte 0xe9 at offset 34); save it with UTF-8 encoding",
    ],
    "syntax-error.yaml": [
        "6:11: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence started at line 5)",
    ],
    "python-tag.yaml": [
        "5: unsafe or unknown YAML tag '!!python/object/apply:os.system' is not allowed; "
        "only plain YAML is loaded (nothing was executed), remove the tag",
    ],
    "missing-answer.yaml": ["3: no-answer: missing required field 'answer'"],
    "bad-difficulty.yaml": [
        "4: too-hard: difficulty 'extreme' is not one of easy, medium, hard",
    ],
    "typo-key.yaml": [
        "3: typo: missing required field 'difficulty'",
        "4: typo: unknown field 'dificulty' (did you mean 'difficulty'?)",
    ],
    "duplicate-id.yaml": [
        "7: twin: duplicate id, already used at {path}:3; ids must be unique across all loaded banks (only a bank with 'override: true' may replace bundled questions)",
    ],
    "duplicate-number.yaml": [
        "8: second: number 7 is already used in topic 'loss' by 'first' ({path}:3)",
    ],
    "item-not-mapping.yaml": [
        "3: question #1: each question must be a mapping of fields "
        "(id, difficulty, question, answer, ...), found a string",
    ],
    "wrong-type.yaml": [
        "4: typed: 'number' must be a whole number from 1 to 1,000,000, found 'two'",
        "6: typed: 'question' must be non-empty text, found a list",
    ],
    "bad-key-points.yaml": [
        "9: points: key point 2: unknown field 'mapping'; valid keys: phrasings, core, formula, variables, examples",
        "9: points: key point 2: missing 'phrasings' (a list of acceptable phrasings)",
        "10: points: key point 3: 'core' must be true or false, found a string",
        "11: points: key point 4 must be a list of acceptable phrasings or a mapping with "
        "'phrasings' and 'core', found a list",
        "12: points: key point 5 must contain only non-empty text phrasings",
    ],
    "bad-follow-ups.yaml": [
        "8: deeper: follow-up 1: missing required field 'answer'",
        "9: deeper: follow-up 1: unknown field 'answr' (did you mean 'answer'?)",
        "10: deeper: follow-up 2: each follow-up must be a mapping with 'question' and "
        "'answer', found a string",
        "11: deeper: follow-up 3: 'question' must be non-empty text, found a string",
        "12: deeper: follow-up 3: 'answer' must be non-empty text, found a list",
        "15: deeper: follow-up 3: key point 2: unknown field 'phrasing' (did you mean "
        "'phrasings'?)",
        "15: deeper: follow-up 3: key point 2: missing 'phrasings' (a list of acceptable "
        "phrasings)",
        "16: deeper: follow-up 3: key point 3: 'core' must be true or false, found a string",
        "18: deeper: follow-up 3: misconception 1 phrasing 'p − y' is also a phrasing of key "
        "point 1; an answer cannot both state a key point and be wrong",
        "21: deeper: follow-up 3: unknown demo field 'nme' (did you mean 'name'?)",
        "25: deeper: follow-up 4: duplicate key 'question' (first given on line 22)",
        "30: not-a-list: 'follow_ups' must be a list of follow-up questions (mappings with "
        "'question' and 'answer'), found a mapping",
    ],
    "bad-misconceptions.yaml": [
        "13: wrongs: misconception 2 must be a mapping with 'claim', 'phrasings' and "
        "'correction', found a string",
        "14: wrongs: misconception 3: unknown field 'corection' (did you mean 'correction'?)",
        "14: wrongs: misconception 3: missing 'correction'",
        "14: wrongs: misconception 3: 'claim' must be non-empty text, found a string",
        "14: wrongs: misconception 3: 'phrasings' must be a non-empty list of non-empty text "
        "phrasings, found a list",
        "17: wrongs: misconception 4 phrasing 'Not zero-centered' is also a phrasing of key "
        "point 1; an answer cannot both state a key point and be wrong",
        "24: wrong-type: 'misconceptions' must be a list, found a mapping",
    ],
    "bad-synonyms.yaml": [
        "4: synonym group 2 must be a list of at least two non-empty words or phrases, "
        "found a list",
        "5: synonym group 3 must be a list of at least two non-empty words or phrases, "
        "found a string",
    ],
    "control-char.yaml": [
        "6: character U+001B is not allowed in YAML (control characters must be written as "
        'escapes inside double quotes, e.g. "\\e")',
    ],
    "unknown-top-key.yaml": ["2: unknown key 'titel' (did you mean 'title'?)"],
    "duplicate-key.yaml": ["7: repeated: duplicate key 'answer' (first given on line 6)"],
    "questions-not-list.yaml": ["2: 'questions' must be a list, found a string"],
}


def expected_problems(name: str) -> list[str]:
    path = BROKEN / name
    return [f"{path}:{p.format(path=path)}" for p in BROKEN_CASES[name]]


def test_corpus_covers_every_broken_file() -> None:
    assert sorted(BROKEN_CASES) == sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert len(BROKEN_CASES) >= 12


@pytest.mark.parametrize("name", sorted(BROKEN_CASES))
def test_broken_file_gives_exact_problems(name: str) -> None:
    with pytest.raises(BankError) as info:
        load_files([BROKEN / name])
    assert info.value.problems == expected_problems(name)


def test_all_problems_of_all_files_are_reported_at_once() -> None:
    names = ["typo-key.yaml", "empty.yaml", "wrong-type.yaml"]
    with pytest.raises(BankError) as info:
        load_files([BROKEN / n for n in names])
    assert info.value.problems == [p for n in names for p in expected_problems(n)]


def test_python_tag_executes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError):
        load_files([BROKEN / "python-tag.yaml"])
    assert not (tmp_path / "actloss-quiz-pwned").exists()


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    clash = tmp_path / "clash.yaml"
    clash.write_text(
        "topic: extra\nquestions:\n  - id: relu-definition\n    difficulty: easy\n"
        "    question: Q?\n    answer: A.\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as info:
        load_bank([clash])
    (problem,) = info.value.problems
    assert problem.startswith(f"{clash}:3: relu-definition: duplicate id, already used at ")
    assert "activation.yaml:" in problem


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    bank_file = tmp_path / "win.yaml"
    bank_file.write_bytes(
        b"\xef\xbb\xbftopic: win\r\nquestions:\r\n  - id: w1\r\n    difficulty: easy\r\n"
        b"    question: Q?\r\n    answer: A.\r\n"
    )
    bank = load_bank([bank_file], bundled=False)
    assert [q.id for q in bank.questions] == ["w1"]


def big_bank(path: Path, n: int, *, difficulty: str = "easy") -> None:
    lines = ["topic: big", "questions:"]
    for i in range(1, n + 1):
        lines += [
            f"  - id: big-{i}",
            f"    difficulty: {difficulty}",
            f"    question: Question number {i}, padded to make the file large enough?",
            "    answer: An answer long enough to push the file past the cache threshold.",
            "    key_points: [[alpha, a], [beta]]",
            "    tags: [bulk]",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_large_bank_is_cached_and_the_cache_follows_edits(tmp_path: Path) -> None:
    bank_file = tmp_path / "big.yaml"
    big_bank(bank_file, 600)
    first = load_bank([bank_file], bundled=False)
    # The bundled files are read too (their synonyms apply to every bank) and may be cached.
    from actloss_quiz.bank import bundled_questions_dir
    from actloss_quiz.bank.cache import _cache_file

    bundled = {_cache_file(p) for p in bundled_questions_dir().glob("*.yaml")}
    caches = [c for c in (tmp_path / "cache").glob("bank-*.json") if c not in bundled]
    assert caches == [_cache_file(bank_file)]
    second = load_bank([bank_file], bundled=False)
    assert second.questions == first.questions
    assert second.questions[5].key_points == (KeyPoint(("alpha", "a")), KeyPoint(("beta",)))
    # An edit changes size/mtime: the stale cache is ignored and the problem is reported.
    big_bank(bank_file, 600, difficulty="extreme")
    with pytest.raises(BankError) as info:
        load_bank([bank_file], bundled=False)
    assert len(info.value.problems) == 600
    assert info.value.problems[0].startswith(f"{bank_file}:4: big-1: difficulty 'extreme'")


def test_unusable_cache_dir_does_not_break_loading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("ACTLOSS_QUIZ_CACHE", str(blocker / "cache"))
    bank_file = tmp_path / "big.yaml"
    big_bank(bank_file, 600)
    assert len(load_bank([bank_file], bundled=False).questions) == 600


def test_key_points_in_both_forms_misconceptions_and_synonyms(tmp_path: Path) -> None:
    bank_file = tmp_path / "new.yaml"
    bank_file.write_text(
        """\
topic: extra
synonyms:
  - [target, label, ground truth]
  - [error, residual]
questions:
  - id: relu-centred
    difficulty: easy
    question: Is ReLU zero-centred?
    answer: No, its outputs are never negative.
    key_points:
      - {phrasings: [not zero-centred, outputs never negative], core: true}
      - [positive mean]
      - sparse
    misconceptions:
      - claim: ReLU is zero-centred
        phrasings: [relu is zero centred]
        correction: >-
          ReLU outputs are never negative,
          so their mean is positive.
""",
        encoding="utf-8",
    )
    bank = load_bank([bank_file], bundled=False)
    (q,) = bank.questions
    assert q.key_points == (
        KeyPoint(("not zero-centred", "outputs never negative"), core=True),
        KeyPoint(("positive mean",)),
        KeyPoint(("sparse",)),
    )
    assert q.key_points[0].label == "not zero-centred"
    assert q.misconceptions == (
        Misconception(
            "ReLU is zero-centred",
            ("relu is zero centred",),
            "ReLU outputs are never negative, so their mean is positive.",
        ),
    )
    assert ("target", "label", "ground truth") in bank.synonyms
    assert ("error", "residual") in bank.synonyms
    data = q.to_dict()
    assert data["core_points"] == ["not zero-centred"]
    assert data["misconceptions"][0]["claim"] == "ReLU is zero-centred"


def test_bundled_synonyms_apply_to_every_bank(tmp_path: Path) -> None:
    bundled = load_bank().synonyms
    assert bundled, "the bundled bank ships a domain synonyms table"
    own = tmp_path / "own.yaml"
    own.write_text(
        "topic: own\nsynonyms:\n  - [foo, bar]\nquestions:\n  - id: o1\n"
        "    difficulty: easy\n    question: Q?\n    answer: A.\n",
        encoding="utf-8",
    )
    alone = load_bank([own], bundled=False).synonyms
    assert alone == (*bundled, ("foo", "bar"))


@pytest.mark.cold_cache
def test_new_fields_survive_the_parsed_bank_cache(tmp_path: Path) -> None:
    bank_file = tmp_path / "big.yaml"
    big_bank(bank_file, 600)
    text = bank_file.read_text(encoding="utf-8").replace(
        "    key_points: [[alpha, a], [beta]]",
        "    key_points: [{phrasings: [alpha, a], core: true}, [beta]]\n"
        "    misconceptions: [{claim: c, phrasings: [gamma], correction: d}]",
    )
    bank_file.write_text("synonyms: [[x, y]]\n" + text, encoding="utf-8")
    first = load_bank([bank_file], bundled=False)
    second = load_bank([bank_file], bundled=False)  # from the cache
    assert list((tmp_path / "cache").glob("bank-*.json"))
    assert second == first
    assert second.questions[0].key_points[0] == KeyPoint(("alpha", "a"), core=True)
    assert second.questions[0].misconceptions == (Misconception("c", ("gamma",), "d"),)
    assert ("x", "y") in second.synonyms


def test_follow_ups_are_parsed_with_their_key_points_misconceptions_and_lines(
    tmp_path: Path,
) -> None:
    from actloss_quiz.bank import FollowUp, KeyPoint, Misconception

    bank_file = tmp_path / "fu.yaml"
    bank_file.write_text(
        "topic: deep\nquestions:\n  - id: base\n    difficulty: easy\n    question: Q?\n"
        "    answer: A.\n    follow_ups:\n      - question: Then   what?\n"
        "        answer: >-\n          This,\n          and that.\n"
        "        key_points: [[this], {phrasings: [that, the other], core: true}]\n"
        "        misconceptions: [{claim: other, phrasings: [nothing], correction: No.}]\n"
        "        demo: {name: relu, args: {x: '1'}}\n"
        "      - {question: Only?, answer: Only this.}\n",
        encoding="utf-8",
    )
    (q,) = load_bank([bank_file], bundled=False).questions
    assert q.follow_ups == (
        FollowUp(
            question="Then what?",
            answer="This, and that.",
            key_points=(KeyPoint(("this",)), KeyPoint(("that", "the other"), core=True)),
            misconceptions=(Misconception("other", ("nothing",), "No."),),
            demo={"name": "relu", "args": {"x": "1"}},
            line=8,
        ),
        FollowUp(question="Only?", answer="Only this.", line=15),
    )
    assert q.to_dict()["follow_ups"][0]["core_points"] == ["that"]


def test_bundled_follow_ups_survive_the_parsed_bank_cache(tmp_path: Path) -> None:
    from actloss_quiz.bank.cache import CACHE_MIN_BYTES

    text = (REPO / "questions" / "loss.yaml").read_text(encoding="utf-8")
    assert len(text.encode()) >= CACHE_MIN_BYTES  # big enough to be cached
    copy = tmp_path / "copy.yaml"
    copy.write_text(text.replace("topic: loss", "topic: copied"), encoding="utf-8")
    first = load_bank([copy], bundled=False).questions
    from actloss_quiz.bank.cache import _cache_file

    assert _cache_file(copy).exists()
    again = load_bank([copy], bundled=False).questions  # from the cache
    assert first == again
    assert sum(len(q.follow_ups) for q in again) == sum(len(q.follow_ups) for q in first) > 15


def test_a_changed_scorer_rebuilds_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache keeps the scorer's known words: a scorer edited in a checkout (no version bump)
    must not read the words its previous normalisation made."""
    from actloss_quiz.bank import cache

    bank_file = tmp_path / "big.yaml"
    big_bank(bank_file, 600)
    load_bank([bank_file], bundled=False)
    parsed: list[Path] = []
    real = cache.parse_file

    def counting(path: Path, *args: object) -> object:
        parsed.append(path)
        return real(path, *args)

    monkeypatch.setattr(cache, "parse_file", counting)
    load_bank([bank_file], bundled=False)
    assert bank_file not in parsed  # warm: served from the cache
    monkeypatch.setattr(cache, "_judge_stamp", lambda: [1, 2, 3, 4])
    load_bank([bank_file], bundled=False)
    assert bank_file in parsed  # the scorer changed: parsed again


def test_the_cache_stamp_follows_the_stemmer() -> None:
    """Another snowballstemmer version stems differently ('universal'): the cached known words
    must not outlive it (the lowest-versions CI run read the newest version's cache)."""
    import importlib.util

    from actloss_quiz.bank.cache import _judge_stamp

    spec = importlib.util.find_spec("snowballstemmer")
    assert spec is not None and spec.origin
    st = (Path(spec.origin).parent / "english_stemmer.py").stat()
    stamp = _judge_stamp()
    pairs = list(zip(stamp[::2], stamp[1::2], strict=True))
    assert (st.st_size, st.st_mtime_ns) in pairs


def test_a_regular_file_is_read_whole_up_to_its_limit(tmp_path: Path) -> None:
    """`read_regular_file` reads a file's size and one byte more: a file that reports no size
    (as Linux's /proc files do) is still read to its end, and one over the limit is refused."""
    import os

    from actloss_quiz.bank.schema import read_regular_file
    from actloss_quiz.errors import QuizError

    path = tmp_path / "bank.yaml"
    path.write_bytes(b"x" * 5000)
    assert read_regular_file(path, 5000) == b"x" * 5000
    with pytest.raises(QuizError, match="at most 4,999 bytes"):
        read_regular_file(path, 4999)
    proc = Path("/proc/self/status")
    if proc.is_file() and os.stat(proc).st_size == 0:
        text = read_regular_file(proc, 1 << 20)
        assert text.startswith(b"Name:") and len(text) > 100
        with pytest.raises(QuizError, match="larger than 10 bytes"):
            read_regular_file(proc, 10)
