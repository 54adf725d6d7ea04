"""The bank examples the judge still gets wrong (`known_gaps.yaml`), kept out of the bank so
that `quiz validate` passes. Each is a strict xfail: the judge must STILL get it wrong, so a
change that fixes one fails here until the sentence goes back into the bank's `examples:`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from actloss_quiz.bank import Bank, load_bank
from actloss_quiz.scoring import judge, known_words

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
GAPS: list[dict[str, Any]] = yaml.safe_load((HERE / "known_gaps.yaml").read_text("utf-8"))
CAUSES = frozenset(
    {
        "qualifier",
        "paraphrase",
        "clause split",
        "notation",
        "subject binding",
        "pronoun",
        "bare name credited",
        "attributive swap",
    }
)
_WHERE = re.compile(r"(?:follow-up (\d+): )?(key point|misconception) (\d+)")


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def _fixed(bank: Bank, gap: dict[str, Any]) -> bool:
    """Whether the judge now gets the gap's sentence right, as `quiz validate` would judge it:
    matched (`match`), not matched (`no_match`), read as contradicting no key point
    (`contradicted`: a correct example of its item)."""
    q = bank.by_id(gap["id"])
    assert q is not None, gap["id"]
    assert Path(q.path).resolve() == (ROOT / gap["file"]).resolve()
    m = _WHERE.fullmatch(gap["where"])
    assert m is not None, gap["where"]
    part: Any = q if m[1] is None else q.follow_ups[int(m[1]) - 1]
    n = int(m[3]) - 1
    j = judge(
        gap["sentence"],
        part.key_points,
        part.misconceptions,
        bank.synonyms,
        known=known_words(bank.questions),
        subject=part.subject,
        domain=bank.domain,
    )
    if gap["kind"] == "contradicted":
        return not j.contradictions
    if m[2] == "key point":
        did = j.points[n].covered
    else:
        did = part.misconceptions[n] in j.misconceptions
    return did is (gap["kind"] == "match")


def test_gaps_are_well_formed() -> None:
    keys = {"file", "id", "where", "kind", "sentence", "cause"}
    for gap in GAPS:
        assert set(gap) == keys, gap
        assert gap["kind"] in ("match", "no_match", "contradicted"), gap
        assert gap["cause"] in CAUSES, gap
        assert _WHERE.fullmatch(gap["where"]), gap


def test_gaps_are_not_in_the_bank(bank: Bank) -> None:
    """A gap lives here or in its item's `examples:` in the bank, never both."""
    in_bank: set[tuple[str, str, str, str]] = set()
    for q in bank.questions:
        parts: list[tuple[str, Any]] = [("", q)]
        parts += [(f"follow-up {i}: ", fu) for i, fu in enumerate(q.follow_ups, 1)]
        for prefix, part in parts:
            items = [(f"key point {i}", kp) for i, kp in enumerate(part.key_points, 1)]
            items += [(f"misconception {i}", m) for i, m in enumerate(part.misconceptions, 1)]
            for what, item in items:
                for kind, sentences in (
                    ("match", item.examples.match),
                    ("no_match", item.examples.no_match),
                ):
                    in_bank.update((q.id, prefix + what, kind, s) for s in sentences)
    both = [
        g
        for g in GAPS
        for kind in (("match", "no_match") if g["kind"] == "contradicted" else (g["kind"],))
        if (g["id"], g["where"], kind, g["sentence"]) in in_bank
    ]
    assert not both


@pytest.mark.parametrize(
    "gap",
    [
        pytest.param(
            g,
            id=f"{g['id']}: {g['where']}: {g['kind']}: {g['sentence'][:40]}",
            marks=pytest.mark.xfail(strict=True, reason=f"known gap ({g['cause']})"),
        )
        for g in GAPS
    ],
)
def test_known_gap(bank: Bank, gap: dict[str, Any]) -> None:
    """The judge gets the gap right; strict xfail while it still gets it wrong."""
    assert _fixed(bank, gap)
