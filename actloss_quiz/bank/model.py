"""The question bank's data: questions, their key points, misconceptions and follow-ups, the
loaded `Bank`, and the limits every loader checks (README "Limits").

Plain frozen dataclasses and nothing else: the YAML rules live in `schema`, the parsed-bank cache
in `cache`, finding and loading files in `load`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

# Limits, checked before the work they bound (README "Limits"): a bank is read only up to
# MAX_BANK_BYTES (so no file, FIFO or device is read forever), YAML aliases may not expand a
# document past MAX_YAML_NODES (an "alias bomb" or a recursive alias), and a question number
# must fit the database's integer column with room to spare.
MAX_BANK_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS_PER_FILE = 5_000
MAX_QUESTIONS = 50_000
MAX_QUESTION_NUMBER = 1_000_000
MAX_YAML_NODES = 2_000_000
# The bank's shape bounds the judging work (each phrasing is a span scan over the answer, each
# synonym entry is normalised into the index), so it is checked before any answer is judged.
MAX_PHRASINGS_PER_POINT = 50  # one key point or misconception (the bundled bank uses <= 15)
MAX_PHRASINGS_PER_QUESTION = 400  # over a question's (or follow-up's) points and misconceptions
MAX_PHRASINGS_PER_FILE = 20_000
MAX_SYNONYM_ENTRIES = 2_000  # words and phrases over a file's `synonyms:` groups
MAX_SYNONYM_ENTRIES_ALL = 10_000  # over all loaded banks together
# A topic or question id: lowercase words joined by - _ or . (to the very end: "$" would let a
# trailing newline through).
SLUG_BODY = r"[a-z0-9]+(?:[-_.][a-z0-9]+)*"
SLUG = re.compile(rf"^{SLUG_BODY}\Z")


@dataclass(frozen=True)
class Examples:
    """Sentences a key point or misconception must match, and sentences it must not (run by
    `quiz validate`)."""

    match: tuple[str, ...] = ()
    no_match: tuple[str, ...] = ()


@dataclass(frozen=True)
class KeyPoint:
    """One idea a good answer states, as its acceptable phrasings (the first is the label shown)."""

    phrasings: tuple[str, ...]
    core: bool = False  # without this idea the answer is wrong, whatever else it says
    formula: str | None = None  # a reference expression an answer's formula is checked against
    variables: tuple[str, ...] = ()  # the formula's free variables (default: the parser's)
    examples: Examples = Examples()
    line: int = field(default=0, compare=False)  # where it is written (for `quiz validate`)

    @property
    def label(self) -> str:
        return self.phrasings[0]


_BRACKETED = re.compile(r"\s+\([^()]*\)")  # an aside, not a call: "log(y)" stays
# A claim said only in words (Greek letters are names: "a larger γ"): no digit, symbol, call
# or negation ("(no exponential)", "is not 1", "σ(x)").
_NOT_PROSE = re.compile(
    r"[^A-Za-zα-ωΑ-Ω\s'’,()/-]|\w\(|\b(?:not|no|never|cannot|without|nothing|none)\b|n't",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Misconception:
    """A wrong claim candidates make, how they phrase it, and what sets it right."""

    claim: str  # the wrong statement in a few words
    phrasings: tuple[str, ...]  # how people say it
    correction: str  # one or two sentences that set it right
    examples: Examples = Examples()
    line: int = field(default=0, compare=False)

    @cached_property
    def claim_parts(self) -> tuple[str, ...]:
        """The claim as the quiz words it, said only in words, for the judge to look for too:
        each " / " part without its brackets ("A larger γ focuses less on hard examples"), none
        written as a phrasing already. Nothing for a claim with a digit, a symbol, a call or a
        denial (its exact words matter: "is not 1", "(no exponential)", "log(y)")."""
        if _NOT_PROSE.search(self.claim):
            return ()
        written = {p.casefold() for p in self.phrasings}
        parts = (p.strip(" ,") for p in _BRACKETED.sub("", self.claim).split(" / "))
        return tuple(p for p in parts if p and p.casefold() not in written)


@dataclass(frozen=True)
class FollowUp:
    """The next question an interviewer asks; answered, judged and shown like a question."""

    question: str
    answer: str
    key_points: tuple[KeyPoint, ...] = ()
    misconceptions: tuple[Misconception, ...] = ()
    demo: dict[str, Any] | None = None
    line: int = 0
    subject: tuple[str, ...] = ()  # what it asks about (no binding when empty)

    def to_dict(self) -> dict[str, Any]:
        """The fields a `--json` view shows (no source location)."""
        return {
            "question": self.question,
            "answer": self.answer,
            "key_points": [list(p.phrasings) for p in self.key_points],
            "core_points": [p.label for p in self.key_points if p.core],
            "misconceptions": [
                {"claim": m.claim, "phrasings": list(m.phrasings), "correction": m.correction}
                for m in self.misconceptions
            ],
            "demo": self.demo,
        }


@dataclass(frozen=True)
class Question:
    """One interview question; `id` is the stable key that progress is stored under."""

    id: str
    number: int
    topic: str
    difficulty: str
    question: str
    answer: str
    formula: str | None = None
    key_points: tuple[KeyPoint, ...] = ()
    tags: tuple[str, ...] = ()
    demo: dict[str, Any] | None = None
    path: str = ""
    line: int = 0
    misconceptions: tuple[Misconception, ...] = ()
    follow_ups: tuple[FollowUp, ...] = ()
    # The names of what the question is about, the first canonical ([mse, mean squared error]):
    # a key point or misconception counts only in a clause about it. Empty: no binding.
    subject: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The fields a `--json` listing shows (no source location)."""
        return {
            "id": self.id,
            "number": self.number,
            "topic": self.topic,
            "difficulty": self.difficulty,
            "question": self.question,
            "answer": self.answer,
            "formula": self.formula,
            "key_points": [list(p.phrasings) for p in self.key_points],
            "core_points": [p.label for p in self.key_points if p.core],
            "misconceptions": [
                {"claim": m.claim, "phrasings": list(m.phrasings), "correction": m.correction}
                for m in self.misconceptions
            ],
            "tags": list(self.tags),
            "demo": self.demo,
            "follow_ups": [f.to_dict() for f in self.follow_ups],
        }


@dataclass(frozen=True)
class Bank:
    """Every loaded question, ordered by topic (in load order) then number."""

    questions: tuple[Question, ...]
    files: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    tips: dict[str, str] = field(default_factory=dict)
    # Groups of interchangeable words or phrases for the scorer: the bundled domain table plus
    # every loaded bank's own `synonyms:` groups (they apply to every question).
    synonyms: tuple[tuple[str, ...], ...] = ()
    # Groups naming the other things answers talk about ([mae, mean absolute error], [tanh]),
    # merged over every loaded bank: a clause about one of them is not about the question.
    domain: tuple[tuple[str, ...], ...] = ()
    # Synonym groups as the scorer normalised them, kept in the parsed-bank cache (a large
    # bank's are normalised once, not in every process): group -> each entry's words.
    synonym_forms: Mapping[tuple[str, ...], tuple[tuple[str, ...], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The judge's words kept in the parsed-bank cache, read when first asked for (only the
    # judge asks): `known`, `stems` and `answer_terms` below. None: no file was cached.
    lexicon: Callable[[], Lexicon | None] | None = field(default=None, compare=False, repr=False)

    @cached_property
    def _lexicon(self) -> Lexicon | None:
        return None if self.lexicon is None else self.lexicon()

    @property
    def known(self) -> frozenset[str] | None:
        """Every normalised word of the questions' key-point and misconception phrasings (the
        scorer's `known_words`); None when a file was not cached."""
        return None if self._lexicon is None else self._lexicon[0]

    @property
    def stems(self) -> Mapping[str, str]:
        """Word -> stem for the words the scorer stems in the questions and names of the cached
        files (`scoring.stem_table`): seeds the scorer's stemmer."""
        return {} if self._lexicon is None else self._lexicon[1]

    @property
    def answer_terms(self) -> tuple[str, ...] | None:
        """The terms of every model answer, main and follow-up, one space-joined text each
        (`scoring.answer_terms`); None when a file was not cached."""
        return None if self._lexicon is None else self._lexicon[2]

    @property
    def topics(self) -> list[str]:
        seen: dict[str, None] = {}
        for q in self.questions:
            seen.setdefault(q.topic, None)
        return list(seen)

    def by_id(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    def select(
        self,
        *,
        topic: str | None = None,
        difficulties: Sequence[str] = (),
        tags: Sequence[str] = (),
    ) -> list[Question]:
        """Questions matching every given filter (a question needs all the given tags)."""
        out = []
        for q in self.questions:
            if topic is not None and q.topic != topic:
                continue
            if difficulties and q.difficulty not in difficulties:
                continue
            if tags and not set(tags) <= set(q.tags):
                continue
            out.append(q)
        return out


# The judge's words of a bank: its known words (None: not every file's was kept), word -> stem,
# and its model answers' terms (None like the known words).
Lexicon = tuple[frozenset[str] | None, Mapping[str, str], tuple[str, ...] | None]

# topic, title, tip, questions, synonym groups, override (replaces bundled questions), domain
Parsed = tuple[
    str, str | None, str | None, list[Question], list[tuple[str, ...]], bool, list[tuple[str, ...]]
]
