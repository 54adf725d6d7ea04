"""Score a typed answer against a question's key points, tolerating small typos.

Both sides are normalised the same way (case, punctuation, simple plurals) into word tokens. A
phrasing is covered when it appears as consecutive words of the answer, or as its words in order
with at most a few other words among them ("how far the outputs are from the targets" covers "how
far from targets"), or, for phrasings longer
than a few letters, when a window of answer words is within a small edit distance (rapidfuzz OSA,
so a swapped pair of letters is one typo). Short phrasings ("yes", "ce", "exp", "relu") must match
whole words exactly: one typo away from a short word is usually another word ("gelu" vs "relu").
A fuzzy match is also refused when the answer's word is itself a known, different term.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GOOD_SCORE = 0.75
HARD_SCORE = 0.4
SHORT_PHRASE = 4  # phrasings of at most this many letters must match exactly
MAX_GAP = 3  # other words allowed among a phrasing's words ("both still saturate")
_NON_WORD = re.compile(r"[\W_]+")
# Filler words dropped on both sides, so "avoids the vanishing gradient" matches
# "avoids vanishing gradient". Negations ("no", "not") are kept: they change the meaning.
STOPWORDS = frozenset({"a", "an", "the", "is", "are", "it", "its", "of", "and", "that", "this"})


@dataclass(frozen=True)
class AnswerScore:
    """Which key points a typed answer covered (each by its first phrasing) and its score."""

    covered: tuple[str, ...]
    missed: tuple[str, ...]
    points: tuple[tuple[str, bool], ...]  # every key point in bank order, with covered or not
    score: float  # covered / all key points, 0..1
    suggested_rating: int  # 1 again, 2 hard, 3 good


def _stem(token: str) -> str:
    """Fold simple English plurals so 'gradients' matches 'gradient'."""
    if len(token) <= 4 or token.isdigit():
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("sses", "ches", "shes", "xes")):
        return token[:-2]
    if token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lowercase word tokens: accents folded, punctuation and filler dropped, plurals folded."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    words = [t for t in _NON_WORD.split(folded) if t]
    kept = [t for t in words if t not in STOPWORDS] or words
    return [_stem(t) for t in kept]


def vocabulary(phrasings: Iterable[str]) -> frozenset[str]:
    """Every normalised word of the given phrasings (known terms, never typos of each other)."""
    return frozenset(t for p in phrasings for t in tokens(p))


def _contains(words: Sequence[str], phrase: Sequence[str]) -> bool:
    k = len(phrase)
    return any(list(words[i : i + k]) == list(phrase) for i in range(len(words) - k + 1))


def _in_order(words: Sequence[str], phrase: Sequence[str], *, gap: int = MAX_GAP) -> bool:
    """The phrase's words in order with at most `gap` other words among them, e.g. "how far
    from target" in "how far the outputs are from the target"."""
    k = len(phrase)
    if k < 2:
        return False
    for i, word in enumerate(words):
        if word != phrase[0]:
            continue
        window, j = words[i + 1 : i + k + gap], 1
        for w in window:
            if w == phrase[j]:
                j += 1
                if j == k:
                    return True
    return False


def _allowed_typos(length: int) -> int:
    return 1 if length <= 8 else 2 if length <= 16 else 3


def phrase_matches(words: Sequence[str], phrase: Sequence[str], known: frozenset[str]) -> bool:
    """Whether the phrasing (tokens) is in the answer (tokens), exactly or within a few typos."""
    from rapidfuzz.distance import OSA

    if not phrase:
        return False
    if _contains(words, phrase) or _in_order(words, phrase):
        return True
    target = "".join(phrase)
    if len(target) <= SHORT_PHRASE:
        return False
    short = [t for t in phrase if len(t) <= 3]  # "0", "to", "y": must be there as typed
    allowed = _allowed_typos(len(target))
    k = len(phrase)
    for width in range(max(1, k - 1), k + 2):
        for i in range(len(words) - width + 1):
            window = words[i : i + width]
            joined = "".join(window)
            if joined == target:  # "onehot" for "one hot", "one-hot"
                return True
            if any(t not in window for t in short):
                continue
            if abs(len(joined) - len(target)) > allowed:
                continue
            if OSA.distance(joined, target, score_cutoff=allowed) > allowed:
                continue
            if width == 1 and window[0] in known and window[0] not in phrase:
                continue  # a real, different term ("relu" is not a typo of "prelu")
            return True
    return False


def score_answer(
    answer: str,
    key_points: Sequence[Sequence[str]],
    *,
    known: frozenset[str] | None = None,
) -> AnswerScore | None:
    """Score `answer` against the key points; None when nothing was typed or there are none.

    Args:
        answer: the typed answer.
        key_points: each key point as its acceptable phrasings (first one is shown).
        known: words that are terms in their own right (default: the words of these key points).
    """
    words = tokens(answer)
    if not words or not key_points:
        return None
    if known is None:
        known = vocabulary(p for point in key_points for p in point)
    points = []
    for phrasings in key_points:
        hit = any(phrase_matches(words, tokens(p), known) for p in phrasings)
        points.append((phrasings[0], hit))
    covered = tuple(name for name, hit in points if hit)
    missed = tuple(name for name, hit in points if not hit)
    score = len(covered) / len(points)
    return AnswerScore(covered, missed, tuple(points), score, suggest_rating(score))


def suggest_rating(score: float) -> int:
    """>= 0.75 good (3), >= 0.4 hard (2), else again (1)."""
    if score >= GOOD_SCORE:
        return 3
    if score >= HARD_SCORE:
        return 2
    return 1
