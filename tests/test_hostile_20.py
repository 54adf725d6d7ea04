"""Hostile input, second pass (issue #20): the new commands, hand-edited rows, devices, huge
banks and signals. One table row per item of the issue (more rows for the same class), each run
as a real `quiz` process and checked through `tests.hostile.expect`.

Nothing here writes outside the test's tmp folder; /dev/null and /dev/full appear only as targets
that must be refused (their node is checked to still be a character device afterwards).
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actloss_quiz import store
from actloss_quiz.bank import MAX_PHRASINGS_PER_QUESTION
from tests.hostile import (
    QUESTION,
    Outcome,
    Snapshot,
    base_args,
    expect,
    process_env,
    write_bank,
)


@dataclass
class Run:
    """One real process: arguments, stdin, environment, the expected exit code and message,
    the files that must stay byte-for-byte, and a check of what it left behind."""

    args: list[str]
    code: int
    says: str | None = None
    input: bytes = b""
    env: dict[str, str] = field(default_factory=dict)
    untouched: list[Path] = field(default_factory=list)
    after: Callable[[Outcome], None] | None = None
    no_dac: bool = False  # run without root's read-any-file power (an unreadable folder)
    fsize: int | None = None  # RLIMIT_FSIZE: a write past it fails (EFBIG), like a full disk
    patch: str = ""  # Python run before the CLI in the same process (e.g. a short busy timeout)


Setup = Callable[[Path], Run]

NO_DAC = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
]


def _spawn_args(run: Run) -> list[str]:
    code = f"{run.patch}\nfrom actloss_quiz.entry import main\nimport sys\nsys.argv[0] = 'quiz'\nmain()"
    argv = [sys.executable, "-c", code, *run.args]
    if run.no_dac and os.geteuid() == 0:
        argv = [*NO_DAC, *argv]
    return argv


def _preexec(run: Run) -> Callable[[], None] | None:
    if run.fsize is None:
        return None
    limit = run.fsize

    def set_limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return set_limit


def quiz(run: Run) -> Outcome:
    proc = subprocess.run(
        _spawn_args(run),
        input=run.input,
        capture_output=True,
        env=process_env(**run.env),
        timeout=120,
        check=False,
        preexec_fn=_preexec(run),
    )
    return Outcome(proc.returncode, proc.stdout, proc.stderr)


def check(setup: Setup, tmp: Path) -> None:
    run = setup(tmp)
    snap = Snapshot(run.untouched) if run.untouched else None
    outcome = quiz(run)
    expect(outcome, run.code, untouched=snap, says=run.says)
    if run.after is not None:
        run.after(outcome)


def _db(tmp: Path) -> Path:
    return tmp / "quiz.sqlite3"


def _bank(tmp: Path, **kw: Any) -> Path:
    return write_bank(tmp / "bank.yaml", **kw)


def _two(tmp: Path) -> Path:
    second = dict(QUESTION, id="q-two", number=2, question="And for positive inputs?")
    second["key_points"] = [["identity"], ["unchanged"]]
    return _bank(tmp, questions=[dict(QUESTION), second])


def _with(tmp: Path, *args: str, bank: Path | None = None) -> list[str]:
    return [*base_args(bank or _bank(tmp), _db(tmp)), *args]


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# --- 1, 2, 17: one rule for typed numbers -------------------------------------------------------

NUMBERS: dict[str, Setup] = {
    "1-minutes-inf": lambda t: Run(_with(t, "interview", "--minutes", "inf"), 2, "0.1 to 600"),
    "1-minutes-1e308": lambda t: Run(_with(t, "interview", "-m", "1e308"), 2, "0.1 to 600"),
    "1-minutes-1e300": lambda t: Run(_with(t, "interview", "-m", "1e300"), 2, "1e300 is not"),
    "1-minutes-nan": lambda t: Run(_with(t, "interview", "-m", "nan"), 2, "0.1 to 600"),
    "1-count-huge": lambda t: Run(_with(t, "interview", "-n", "9" * 5000), 2, "1 to 1,000"),
    "2-interview-seed-2-63": lambda t: Run(
        _with(t, "interview", "--seed", str(2**63)), 2, "9,223,372,036,854,775,807"
    ),
    "2-start-seed-2-63": lambda t: Run(
        _with(t, "start", "--seed", str(2**63)), 2, "9,223,372,036,854,775,807"
    ),
    "2-drill-seed-2-63": lambda t: Run(
        ["--db", str(_db(t)), "drill", "--seed", str(2**63)], 2, "9,223,372,036,854,775,807"
    ),
    "2-interview-seed-max-works": lambda t: Run(
        _with(t, "interview", "--seed", str(2**63 - 1)), 0, "Mock interview", input=b":q\n"
    ),
    "2-start-limit-superscript": lambda t: Run(_with(t, "start", "--limit", "²"), 2, "² is not"),
    "2-start-new-inf": lambda t: Run(_with(t, "start", "--new", "inf"), 2, "0 to 50,000"),
    "17-grade-13-digits-is-question-2": lambda t: Run(
        _with(t, "grade", "0000000000002", "identity", bank=_two(t)), 0, "Q2"
    ),
    "17-show-14-digits-reported-as-typed": lambda t: Run(
        _with(t, "show", "99999999999999"), 2, "no question number 99999999999999"
    ),
    "17-show-5000-digits": lambda t: Run(_with(t, "show", "9" * 5000), 2, "no question number 9"),
}


@pytest.mark.parametrize("name", list(NUMBERS))
def test_numbers_follow_one_rule(name: str, tmp_path: Path) -> None:
    check(NUMBERS[name], tmp_path)


# --- 3: spoken ticks --------------------------------------------------------------------------


def _spoken(tick: str) -> Setup:
    def setup(tmp: Path) -> Run:
        def after(outcome: Outcome) -> None:
            assert "Report card" in outcome.out or "report card" in outcome.out.lower()
            ended = _rows(_db(tmp), "SELECT ended_by FROM interviews")
            answers = _rows(_db(tmp), "SELECT answer_score FROM interview_answers")
            assert ended == [("finished",)] and answers == [(1.0,)]

        return Run(
            _with(tmp, "interview", "--spoken", "--no-follow-ups", "--seed", "1"),
            0,
            "key point",
            input=f"\n{tick}\n1\nn\nn\n".encode(),
            after=after,
        )

    return setup


SPOKEN: dict[str, Setup] = {
    "3-superscript-two": _spoken("²"),
    "3-5000-digits": _spoken("9" * 5000),
    "3-arabic-indic-three": _spoken("٣"),
    "3-zero": _spoken("0"),
    "3-leading-zeros-13-digits-is-one": _spoken("0000000000001"),
}


@pytest.mark.parametrize("name", list(SPOKEN))
def test_spoken_ticks(name: str, tmp_path: Path) -> None:
    check(SPOKEN[name], tmp_path)


# --- 4, 6, 11: the editor command and completion requests -------------------------------------

EVIL_TAGS = ["ok\x1b]0;pwn\x07", "b\x08\u202ex", "two\nlines"]


def _completion(words: str, cword: str | None, tmp: Path) -> Run:
    bank = _bank(tmp, questions=[dict(QUESTION, tags=EVIL_TAGS)])
    env = {
        "_QUIZ_COMPLETE": "complete_bash",
        "COMP_WORDS": f"quiz --no-bundled --questions {bank} {words}",
    }
    if cword is not None:
        env["COMP_CWORD"] = cword
    return Run([], 0, env=env)


def _empty_answer(outcome: Outcome) -> None:
    assert outcome.stdout == b""


def _escaped_values(outcome: Outcome) -> None:
    assert "ok\\x1b]0;pwn\\x07" in outcome.out and "two\\nlines" in outcome.out
    assert len(outcome.out.splitlines()) == 3  # a newline in a tag never splits it


def _with_after(run: Run, after: Callable[[Outcome], None]) -> Run:
    run.after = after
    return run


SHELL: dict[str, Setup] = {
    "4-editor-unbalanced-quote": lambda t: Run(
        _with(t, "edit", "q-one"), 1, "cannot be read", env={"EDITOR": 'vi "x', "VISUAL": ""}
    ),
    "4-visual-unbalanced-quote": lambda t: Run(
        _with(t, "edit", "q-one"), 1, "fix VISUAL or EDITOR", env={"VISUAL": "'"}
    ),
    "6-comp-cword-unset": lambda t: _with_after(_completion("list --tag ", None, t), _empty_answer),
    "6-comp-cword-not-a-number": lambda t: _with_after(
        _completion("list --tag ", "x", t), _empty_answer
    ),
    "6-comp-cword-empty": lambda t: _with_after(_completion("list --tag ", "", t), _empty_answer),
    "6-comp-cword-huge": lambda t: _with_after(
        _completion("list --tag ", "9" * 5000, t), _empty_answer
    ),
    "6-stray-complete-var-on-a-normal-call": lambda t: Run(
        ["--no-bundled", "list"], 0, env={"_QUIZ_COMPLETE": "complete_bash"}, after=_empty_answer
    ),
    "11-tag-values-escaped": lambda t: _with_after(
        _completion("list --tag ", "6", t), _escaped_values
    ),
    "11-zsh-values-escaped": lambda t: Run(
        [],
        0,
        "\\x1b]0;pwn",
        env={
            "_QUIZ_COMPLETE": "complete_zsh",
            "_TYPER_COMPLETE_ARGS": "quiz --no-bundled --questions "
            f"{_bank(t, questions=[dict(QUESTION, tags=EVIL_TAGS)])} list --tag ",
        },
    ),
}


@pytest.mark.parametrize("name", list(SHELL))
def test_editor_and_completion(name: str, tmp_path: Path) -> None:
    check(SHELL[name], tmp_path)


# --- 5: text columns that do not hold what they should ----------------------------------------


def _history(db: Path) -> None:
    """A progress database with a card, reviews, a session, an interview and a drill answer."""
    from actloss_quiz.bank import Question
    from actloss_quiz.review import record_rating
    from actloss_quiz.settings import Settings

    conn = store.connect(db)
    t0 = datetime(2026, 11, 24, tzinfo=UTC)
    q = Question("q-one", 1, "hostile", "easy", "Q?", "A.")
    store.start_session(conn, started_at=t0)
    record_rating(conn, q, 3, now=t0, settings=Settings(), answer="zero", score=1.0)
    store.start_interview(conn, started_at=t0, planned=1, budget_seconds=60.0)
    conn.close()
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()


def _hand_edited(sql: str, command: list[str], says: str) -> Setup:
    def setup(tmp: Path) -> Run:
        db = _db(tmp)
        _history(db)
        conn = sqlite3.connect(db)
        conn.execute(sql)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        return Run(_with(tmp, *command), 1, says, untouched=[db])

    return setup


LAST_REVIEW = "UPDATE cards SET last_review = 'zzz'"
DAMAGED: dict[str, Setup] = {
    **{
        f"5-last-review-{'-'.join(c)}": _hand_edited(LAST_REVIEW, c, "(cards.last_review, row 1)")
        for c in (
            ["list", "--progress"],
            ["list", "--due"],
            ["stats"],
            ["export", "-", "--what", "questions"],
            ["start"],
            ["interview"],
        )
    },
    "5-card-json-foreign-object": _hand_edited(
        """UPDATE cards SET card_json = '{"a": 1}'""", ["start"], "(cards.card_json, row 1)"
    ),
    "5-card-json-bad-due": _hand_edited(
        "UPDATE cards SET card_json = json_set(card_json, '$.due', 'x')",
        ["start"],
        "(cards.card_json, row 1)",
    ),
    "5-card-due": _hand_edited("UPDATE cards SET due = '2026-13-45'", ["start"], "(cards.due,"),
    "5-reviewed-at-stats": _hand_edited(
        "UPDATE reviews SET reviewed_at = 'garbage'", ["stats"], "(reviews.reviewed_at, row 1)"
    ),
    "5-reviewed-at-export": _hand_edited(
        "UPDATE reviews SET reviewed_at = 'garbage'",
        ["export", "-"],
        "(reviews.reviewed_at, row 1)",
    ),
    "5-review-due-export": _hand_edited(
        "UPDATE reviews SET due = 'soon'", ["export", "-"], "(reviews.due, row 1)"
    ),
    "5-session-started-at": _hand_edited(
        "UPDATE sessions SET started_at = 'garbage'",
        ["export", "-", "--what", "sessions"],
        "(sessions.started_at, row 1)",
    ),
    "5-interview-started-at": _hand_edited(
        "UPDATE interviews SET started_at = 'garbage'",
        ["stats"],
        "(interviews.started_at, row 1)",
    ),
    "5-interview-ended-at": _hand_edited(
        "UPDATE interviews SET ended_at = 'yesterday'",
        ["export", "-", "--what", "interviews"],
        "(interviews.ended_at, row 1)",
    ),
    "5-suspended-at": _hand_edited(
        "INSERT INTO suspended VALUES ('q-one', 'never', 'manual')",
        ["stats"],
        "(suspended.suspended_at, row 1)",
    ),
}


@pytest.mark.parametrize("name", list(DAMAGED))
def test_hand_edited_text_columns_are_damaged(name: str, tmp_path: Path) -> None:
    check(DAMAGED[name], tmp_path)


# --- 7, 9, 10: bank shape limits and the cut after normalisation ------------------------------


def _phrasings(n: int, per_point: int | None = None) -> list[list[str]]:
    words = [f"word{i} other{i}" for i in range(n)]
    size = per_point or n
    return [words[i : i + size] for i in range(0, n, size)]


SHAPE: dict[str, Setup] = {
    "7-100000-phrasings-in-one-point": lambda t: Run(
        _with(
            t,
            "grade",
            "1",
            "word1 " * 1500,
            bank=_bank(t, questions=[dict(QUESTION, key_points=_phrasings(100_000))]),
        ),
        1,
        "at most 50 are allowed",
    ),
    "7-51-phrasings-in-one-point": lambda t: Run(
        _with(t, "validate", bank=_bank(t, questions=[dict(QUESTION, key_points=_phrasings(51))])),
        1,
        "51 phrasings in one key point",
    ),
    "7-one-phrasing-too-many-in-one-question": lambda t: Run(
        _with(
            t,
            "validate",
            bank=_bank(
                t,
                questions=[
                    dict(QUESTION, key_points=_phrasings(MAX_PHRASINGS_PER_QUESTION + 1, 50))
                ],
            ),
        ),
        1,
        f"at most {MAX_PHRASINGS_PER_QUESTION:,} are allowed",
    ),
    "9-2001-synonym-entries": lambda t: Run(
        _with(
            t,
            "grade",
            "1",
            "zero",
            bank=_bank(t, synonyms=[[f"a{i}", f"b{i}"] for i in range(1001)]),
        ),
        1,
        "2,002 synonym entries in one file; at most 2,000",
    ),
    "10-nfkc-expanding-answer-is-cut-after-normalisation": lambda t: Run(
        _with(t, "grade", "1", "-"),
        0,
        "only the first 555 are judged",
        input=("\ufdfa" * 10_000).encode(),
    ),
    "10-ascii-answer-cut-as-before": lambda t: Run(
        _with(t, "grade", "1", "-"), 0, "only the first 10,000 are judged", input=b"zero " * 4000
    ),
}


@pytest.mark.parametrize("name", list(SHAPE))
def test_bank_shape_and_answer_cut(name: str, tmp_path: Path) -> None:
    check(SHAPE[name], tmp_path)


def test_the_judged_text_is_bounded_after_normalisation() -> None:
    """The work bound itself (no clock): what the scorer reads is at most 10,000 characters
    after NFKC, whatever the typed text expands to."""
    import unicodedata

    from actloss_quiz.review import Judge
    from actloss_quiz.scoring import MAX_ANSWER_CHARS

    for text in ("\ufdfa" * 10_000, "\u2474" * 20_000, "a\u0301" * 9_000, "x" * 50_000):
        kept, cut = Judge.cut(text)
        assert len(unicodedata.normalize("NFKC", kept)) <= MAX_ANSWER_CHARS
        assert cut is not None or kept == text


def _all_starts(stems: list[str], phrase: tuple[str, ...]) -> list[tuple[int, int]]:
    """The matcher's spans as they were before item 7: a scan from every first word."""
    from actloss_quiz.scoring import MAX_GAP

    out = []
    k = len(phrase)
    for start in (i for i, w in enumerate(stems) if w == phrase[0]):
        j, i, end = 1, start + 1, start
        while j < k and i < min(start + k + MAX_GAP, len(stems)):
            if stems[i] == phrase[j]:
                j, end = j + 1, i
            elif phrase[j - 1] == "not":
                break
            i += 1
        if j == k:
            out.append((start, end))
    return out


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "b", "c", "not", "d"]), max_size=60),
    st.lists(st.sampled_from(["a", "b", "c", "not"]), min_size=1, max_size=5),
)
def test_7_spans_from_the_rarest_word_are_the_same(stems: list[str], phrase: list[str]) -> None:
    from actloss_quiz.scoring import _spans

    positions: dict[str, list[int]] = {}
    for i, w in enumerate(stems):
        positions.setdefault(w, []).append(i)
    assert list(_spans(stems, positions, tuple(phrase))) == _all_starts(stems, tuple(phrase))


def test_7_a_phrasing_scans_only_starts_that_reach_its_rarest_word() -> None:
    """Counted, not timed: 200 phrasings that start with the answer's only word scan nothing."""
    from actloss_quiz.scoring import _starts

    positions = {"relu": list(range(2_000)), "gradient": [10, 1_500]}
    assert _starts(positions, ("relu", "gradient7", "saturates")) == ()
    from actloss_quiz.scoring import MAX_GAP

    # A span from s holds "gradient" (index 2 of 3 words) at q with s + 2 <= q < s + 3 + MAX_GAP.
    reach = [s for q in (10, 1_500) for s in range(q - 2 - MAX_GAP, q - 1)]
    assert _starts(positions, ("relu", "relu", "gradient")) == reach
    assert len(reach) == 2 * (MAX_GAP + 1) < 20
    assert len(_starts(positions, ("relu",))) == 2_000  # one word: every occurrence


def _big_synonyms(tmp: Path) -> Path:
    """A bank over the cache's size floor whose one synonym group is 1,000 long entries."""
    group = [f"rectifier{tmp.name[-6:]}", "relu unit"]
    group += [" ".join(f"w{i}x{j}" for j in range(12)) for i in range(1_000)]
    return _bank(tmp, synonyms=[group], questions=[dict(QUESTION, key_points=[[group[0]]])])


def test_9_synonym_index_is_built_once_per_bank(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The normalised groups are kept in the parsed-bank cache: a second load (a second
    process) judges without normalising a single synonym entry. Counted, not timed."""
    from actloss_quiz import scoring
    from actloss_quiz.bank.load import load_files
    from actloss_quiz.review import Judge

    monkeypatch.setenv("ACTLOSS_QUIZ_CACHE", str(tmp_path / "cache"))
    path = _big_synonyms(tmp_path)
    first = load_files([path])  # parses, normalises the groups once and writes the cache
    (group,) = first.synonyms
    assert first.synonym_forms[group] == scoring.synonym_forms(group)
    again = load_files([path])  # from the cache, as a second process would
    assert again.synonym_forms == first.synonym_forms

    seen: list[str] = []
    tokens = scoring.tokens
    monkeypatch.setattr(scoring, "tokens", lambda text: seen.append(text) or tokens(text))
    q = again.questions[0]
    verdict = Judge(again)("it is a relu unit", q.key_points, q.misconceptions, q.subject)
    assert verdict.covered == (group[0],)  # the group folds "relu unit" to its first entry
    assert not set(seen) & set(group)


def test_9_index_from_normalised_groups_is_the_judges_own() -> None:
    """`synonym_index` of the cached forms is exactly the index `judge` builds from the text."""
    from actloss_quiz.bank import load_bank
    from actloss_quiz.scoring import _synonym_index, synonym_forms, synonym_index

    groups = (*load_bank(user=False).synonyms, ("mse", "mean squared error"), ("...", "x", "?"))
    assert synonym_index([synonym_forms(g) for g in groups]) == _synonym_index(groups)


# --- 8: a multi-line interview answer is read bounded -----------------------------------------


def test_multi_line_answer_is_read_bounded(tmp_path: Path) -> None:  # (issue 8)
    lines = b"relu\n" * 400_000  # 2 MB over 400,000 lines, no empty line until the end
    run = Run(
        _with(tmp_path, "interview", "-n", "1", "--no-follow-ups", "--seed", "1"),
        0,
        "only the first 10,000 are judged",
        input=lines + b"\nn\nn\n",
    )
    check(lambda t: run, tmp_path)
    ((answer,),) = _rows(_db(tmp_path), "SELECT answer FROM interview_answers")
    assert len(answer) <= 10_000  # the rest was read and discarded, never kept


def test_multi_line_reader_keeps_no_more_than_the_limit() -> None:
    """The bound counted, not timed: the reader's kept text stays at the limit (+1)."""
    from actloss_quiz.bank import Bank
    from actloss_quiz.interview.loop import Interview

    feed = iter(["relu"] + ["relu " * 1000] * 5_000 + [""])
    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        interview = Interview(conn, Bank(()), prompt=lambda _: next(feed), render=lambda _: None)
        text = interview._read_answer()
    assert len(text) <= 10_001 and interview._typed_chars > 5_000_000


class _Trickle(io.RawIOBase):
    """A pipe that hands over at most `step` bytes per read (a writer still typing)."""

    def __init__(self, data: bytes, step: int) -> None:
        self.data, self.step = data, step

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = min(self.step, len(buffer), len(self.data))
        buffer[:n], self.data = self.data[:n], self.data[n:]
        return n


def _old_protocol(data: bytes) -> list[Any]:
    """What the line-by-line reader makes of `data` after a first answer line: each answer's
    kept lines ended by a blank or :q line (or the end), as (discarded characters, stop)."""
    lines = data.decode("utf-8", "surrogateescape").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    out: list[Any] = []
    chars = 0
    for line in lines:
        if not line.strip() or line.strip().lower() in (":q", ":quit"):
            out.append((chars, line))
            chars = 0
        else:
            chars += len(line) + 1
    out.append((chars, None))
    return out


@pytest.mark.parametrize("step", [1, 7, 4096, 1 << 20])
@pytest.mark.parametrize(
    "data",
    [
        b"relu\n" * 30_000 + b"\nnext\n",
        b"relu\n" * 30_000 + b"  :Quit \nnext\n",
        b"r\xc3\xa9lu \xe2\x80\x83\n" * 20_000 + b"\xe3\x80\x80 \r\nnext",  # U+3000 is blank
        b"x" * 200_000 + b"\n:q\n" + b"y" * 100 + b"\n\n",  # a long line, then :q
        b" " * 150_000 + b"\nafter\n",  # a long blank line still ends the answer
        b"relu\n" * 1000 + b":qx\n:q",  # ":qx" is not :q; the last line has no newline
        b"relu\n" * 1000,  # the end of input
        b"\xff\xfe\n" * 500 + b"\n",
    ],
)
def test_8_skipping_keeps_the_line_protocol(data: bytes, step: int) -> None:
    """The block reader skips to the same line the line-by-line reader stopped at, consumes
    nothing past it, and never waits for a whole block (a trickling pipe)."""
    from actloss_quiz.terminal import _Piped

    stdin = io.TextIOWrapper(io.BufferedReader(_Trickle(data, step)), encoding="utf-8")
    reader = _Piped(stdin)
    got: list[Any] = []
    while True:
        chars, stop = reader.skip()
        got.append((chars, stop))
        if stop is None:
            break
    want = _old_protocol(data)
    assert [s and s.strip() for _, s in got] == [s and s.strip() for _, s in want]
    assert [c for c, _ in got][:-1] == [c for c, _ in want][:-1]


def test_8_lines_after_a_skip_come_in_order() -> None:
    from actloss_quiz.terminal import _Piped

    data = b"a\n" + b"relu\n" * 50_000 + b"\nn\n" + b"z" * 500_000 + b"\ny\n"
    reader = _Piped(io.TextIOWrapper(io.BufferedReader(_Trickle(data, 9000)), encoding="utf-8"))
    assert reader.line(10) == "a"
    assert reader.skip() == (250_000, "")
    assert reader.line(10) == "n"
    assert reader.line(10) == "z" * 10  # the rest of a long line is dropped
    assert reader.line(10) == "y"
    assert reader.line(10) is None


# --- 12, 13, 14: files: the writer rule, a failed report, the cache's temporary file ----------


def _still_a_device(path: str) -> Callable[[Outcome], None]:
    def after(outcome: Outcome) -> None:
        assert stat.S_ISCHR(os.stat(path).st_mode), f"{path} was replaced"
        assert not [p for p in os.listdir("/dev") if p.startswith(f".{Path(path).name}.")]

    return after


def _fifo(tmp: Path) -> Path:
    fifo = tmp / "fifo"
    os.mkfifo(fifo)
    return fifo


def _socket(tmp: Path) -> Path:
    import socket

    path = tmp / "sock"
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()
    return path


WRITER: dict[str, Setup] = {
    "12-export-dev-null-force": lambda t: Run(
        _with(t, "export", "/dev/null", "--force"),
        1,
        "is a character device, not a regular file",
        after=_still_a_device("/dev/null"),
    ),
    "12-export-dev-null-no-force-does-not-recommend-force": lambda t: Run(
        _with(t, "export", "/dev/null"),
        1,
        "give another file name",
        after=_still_a_device("/dev/null"),
    ),
    "12-interview-report-dev-full-force": lambda t: Run(
        _with(t, "interview", "--report", "/dev/full", "--force"),
        1,
        "not a regular file",
        after=_still_a_device("/dev/full"),
    ),
    "12-export-fifo-force": lambda t: Run(
        _with(t, "export", str(_fifo(t)), "--force"), 1, "a FIFO (named pipe)"
    ),
    "12-export-socket-force": lambda t: Run(
        _with(t, "export", str(_socket(t)), "--force"), 1, "a socket"
    ),
    "12-report-is-a-folder": lambda t: Run(
        _with(t, "interview", "--report", str(t), "--force"), 1, "is a directory"
    ),
}


@pytest.mark.parametrize("name", list(WRITER))
def test_writer_rule(name: str, tmp_path: Path) -> None:
    check(WRITER[name], tmp_path)
    if "fifo" in name:
        assert stat.S_ISFIFO(os.stat(tmp_path / "fifo").st_mode)


def _big_model_answer(tmp: Path) -> Run:
    """The report card holds a 1 MB model answer; a 512 KiB file-size limit stops its write
    (EFBIG, like a full disk) but not the database's."""
    bank = _bank(tmp, questions=[dict(QUESTION, answer="Zero. " + "x" * 1_000_000)])
    report = tmp / "report.md"

    def after(outcome: Outcome) -> None:
        assert "Record this answer" in outcome.out
        assert _rows(_db(tmp), "SELECT rating FROM reviews") == [(1,)]
        assert not report.exists() and [p.name for p in tmp.iterdir() if p.suffix == ".tmp"] == []

    return Run(
        _with(tmp, "interview", "--no-follow-ups", "--report", str(report), bank=bank),
        0,
        "the report card was not written",
        input=b"nothing\n\ny\ny\n",
        fsize=512 * 1024,
        after=after,
    )


def _cache_write_fails(tmp: Path) -> Run:
    """A bank over 64 KiB is cached; a 32 KiB file-size limit fails the cache write."""
    questions = [
        dict(QUESTION, id=f"q{i}", number=i + 1, answer="Zero. " + "y" * 500) for i in range(200)
    ]
    bank = _bank(tmp, questions=questions)
    cache = tmp / "cache"

    def after(outcome: Outcome) -> None:
        assert not cache.exists() or [p.name for p in cache.iterdir()] == []

    return Run(
        ["--no-bundled", "--questions", str(bank), "list"],
        0,
        "q199",
        env={"ACTLOSS_QUIZ_CACHE": str(cache)},
        fsize=32 * 1024,
        after=after,
    )


FAILURES: dict[str, Setup] = {
    "13-report-write-fails-debrief-goes-on": _big_model_answer,
    "14-cache-write-fails-no-temp-file": _cache_write_fails,
}


@pytest.mark.cold_cache  # the cache folder must stay empty
@pytest.mark.parametrize("name", list(FAILURES))
def test_failed_writes_clean_up_and_go_on(name: str, tmp_path: Path) -> None:
    check(FAILURES[name], tmp_path)


# --- 15, 19: signals and a busy database in the interview --------------------------------------


def _spawn(run: Run) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        _spawn_args(run),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=process_env(**run.env),
    )


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
def test_15_interview_exits_with_the_signal_code(signum: int, code: int, tmp_path: Path) -> None:
    from tests.test_hostile_process import _finish, _read_until

    proc = _spawn(Run(_with(tmp_path, "interview", "--seed", "1"), code))
    seen = _read_until(proc, b"Your answer")
    proc.send_signal(signum)
    expect(_finish(proc, seen), code, says="(interrupted)")
    assert _rows(_db(tmp_path), "SELECT ended_by FROM interviews") == [("interrupted",)]


def test_19_busy_database_at_the_record_step_offers_again(tmp_path: Path) -> None:
    from tests.test_hostile_process import _finish, _read_until

    run = Run(
        _with(tmp_path, "interview", "--no-follow-ups"),
        0,
        patch="from actloss_quiz.store import opening; opening.BUSY_TIMEOUT_MS = 300",
    )
    proc = _spawn(run)
    assert proc.stdin is not None
    seen = _read_until(proc, b"Your answer")
    proc.stdin.write(b"zero\n\n")  # a good answer: no model answers are offered
    proc.stdin.flush()
    seen += _read_until(proc, b"Record this answer")
    holder = sqlite3.connect(_db(tmp_path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another writer, past the busy timeout
    proc.stdin.write(b"y\n")
    proc.stdin.flush()
    seen += _read_until(proc, b"Try to record them again")
    holder.execute("ROLLBACK")
    holder.close()
    proc.stdin.write(b"y\n")
    proc.stdin.flush()
    outcome = _finish(proc, seen)
    expect(outcome, 0, says="is busy (another quiz is writing?)")
    assert "Recorded 1 review" in outcome.out
    assert _rows(_db(tmp_path), "SELECT COUNT(*) FROM reviews") == [(1,)]
    linked = _rows(_db(tmp_path), "SELECT review_id IS NOT NULL FROM interview_answers")
    assert linked == [(1,)]


# --- 16, 18, 20: banks: unreadable folders, edited caches, a bank's own demo -------------------


def _locked(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_bank(folder / "mine.yaml", questions=[dict(QUESTION, id="mine", number=7)])
    folder.chmod(0)
    return folder


def _user_folder(tmp: Path) -> Run:
    xdg = tmp / "xdg"
    _locked(xdg / "actloss-quiz" / "questions")
    return Run(["list"], 1, "your bank folder", env={"XDG_DATA_HOME": str(xdg)}, no_dac=True)


def _edited_cache(tmp: Path) -> Run:
    """The bank is rewritten to the same size and mtime: the cache's stamp still matches on
    them, but not on the content hash, so the cache is rebuilt, not trusted."""
    questions = [
        dict(QUESTION, id=f"q{i}", number=i + 1, question=f"Question {i:04d}?", answer="A" * 400)
        for i in range(200)
    ]
    bank = _bank(tmp, questions=questions)
    env = {"ACTLOSS_QUIZ_CACHE": str(tmp / "cache")}
    first = quiz(Run(["--no-bundled", "--questions", str(bank), "list"], 0, env=env))
    expect(first, 0, says="Question 0000?")
    st = bank.stat()
    text = bank.read_text(encoding="utf-8").replace("Question 0000?", "Edited!! 0000?")
    bank.write_text(text, encoding="utf-8")
    assert bank.stat().st_size == st.st_size
    os.utime(bank, ns=(st.st_atime_ns, st.st_mtime_ns))
    return Run(["--no-bundled", "--questions", str(bank), "list"], 0, "Edited!! 0000?", env=env)


def _demo_over_limit(tmp: Path) -> Run:
    bank = _bank(tmp, questions=[dict(QUESTION, demo={"name": "relu", "args": {"x": "0:1:5000"}})])
    return Run(_with(tmp, "show", "1", bank=bank), 1, f"{bank}:")


BANKS: dict[str, Setup] = {
    "16-unreadable-user-bank-folder": _user_folder,
    "18-edited-bank-same-size-and-mtime": _edited_cache,
    "20-bank-demo-over-1000-values": _demo_over_limit,
    "20-bank-demo-over-limit-no-usage-hint": lambda t: _with_after(
        _demo_over_limit(t), lambda o: _no_hint(o)
    ),
    "20-unreadable-questions-folder": lambda t: Run(
        ["--no-bundled", "--questions", str(_locked(t / "banks")), "list"],
        1,
        "cannot read folder",
        no_dac=True,
    ),
    "20-unreadable-questions-file": lambda t: Run(
        ["--no-bundled", "--questions", str(_locked(t / "banks") / "mine.yaml"), "list"],
        1,
        "cannot read",
        no_dac=True,
    ),
    "20-unreadable-validate-folder": lambda t: Run(
        ["--no-bundled", "validate", str(_locked(t / "banks"))],
        1,
        "validate PATH: cannot read folder",
        no_dac=True,
    ),
}


def _no_hint(outcome: Outcome) -> None:
    assert "--help" not in outcome.err


@pytest.mark.parametrize("name", list(BANKS))
def test_banks_and_their_folders(name: str, tmp_path: Path) -> None:
    try:
        check(BANKS[name], tmp_path)
    finally:  # let pytest remove the tmp folder
        for p in (tmp_path / "banks", tmp_path / "xdg" / "actloss-quiz" / "questions"):
            if p.exists():
                p.chmod(stat.S_IRWXU)
