"""The parsed-bank cache: a bank file's questions kept as JSON while the file is unchanged.

Worth it for every bank file: parsing YAML with line numbers is the slow part of start-up, and a
cached bank needs no PyYAML import at all (a 2 KB bank of 5 questions: about 78 ms from its cache
against 100 ms parsed, the whole load in a new process; a 41 KB one: 74 against 219 ms). The key is
the file's resolved path, size, mtime and hash, plus the app version, so any edit rebuilds it, and
the same bank typed as a relative or an absolute path, from any directory, reuses one cache. The
cache is not trusted: it is read as a regular file within a size limit and every question in it
is validated like a bank's, so a damaged or tampered cache is ignored and rebuilt.

The questions are kept as a compact index (id, number, topic, difficulty, texts, tags, line)
checked at every load, and each question's key points, misconceptions, follow-ups and demo as
one JSON text decoded, checked and built only when the question is shown, asked or judged
(`_CachedQuestion`): a command on a 10,000-question bank builds the few it shows, not all of
them. A damaged record found then is handled as a damaged cache is at load: the bank file is
parsed again, the cache rewritten, and the question's parts taken from the bank.

The bank's synonym groups are kept normalised too (as `scoring.synonym_forms` reads them): the
scorer's synonym index is built from them in every process without normalising each entry again
(a 5 MiB group took 10 s or more per judged answer).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from actloss_quiz.bank.model import (
    MAX_BANK_BYTES,
    MAX_PHRASINGS_PER_FILE,
    MAX_PHRASINGS_PER_POINT,
    MAX_PHRASINGS_PER_QUESTION,
    MAX_QUESTION_NUMBER,
    MAX_QUESTIONS_PER_FILE,
    SLUG,
    SLUG_BODY,
    Examples,
    FollowUp,
    KeyPoint,
    Misconception,
    Parsed,
    Question,
)
from actloss_quiz.bank.schema import (
    demo_shape_problem,
    parse_file,
    read_regular_file,
    shape_fits,
)
from actloss_quiz.errors import BankError, QuizError
from actloss_quiz.vocab import APP_NAME, DIFFICULTIES

ENV_CACHE = "ACTLOSS_QUIZ_CACHE"
CACHE_MIN_BYTES = 0  # every bank file: even a 2 KB one loads faster from its cache (no PyYAML)
_CACHE_FORMAT = 12  # 2: key points, misconceptions, synonyms; 3: follow-ups; 4: validated on load;
# 5: the override flag; 6: subject, domain, formulas and examples (issue 18); 7: the normalised
# synonym groups (issue 20); 8: the path as typed kept apart ("path"), so one cache serves every
# spelling of the file's path, and the known words of its questions (issue 23); 9: each
# question as an index record, its parts one JSON text each in the document's last key
# ("parts"), decoded only when a question is built (issue 23); 10: the stems of the file's
# words ("stems") and its model answers' terms ("answer_terms"), so a first judged answer
# neither stems the bank's phrasings again nor builds every question (issue 23); 11: each
# record's byte span in "parts" ("at"), so building one question decodes its own parts alone,
# and a second file beside the cache (`_texts_file`) with what the judge normalises to read
# each question and the file, normalised (issue 23); 12: the known words, stems and answer
# terms are one more JSON text after the questions' in "parts" ("lexicon": its byte span),
# decoded when a first answer is judged, not at every load (issue 23)
_CACHE_READ_LIMIT = 4 * MAX_BANK_BYTES
Forms = dict[tuple[str, ...], tuple[tuple[str, ...], ...]]
# The judge's words of one file, computed by the scorer as the cache is written: its known words
# (the scorer's `known_words`), word -> stem for the words it stems (`stem_table`), and the terms
# of each model answer, main and follow-up, space-joined (`answer_terms`).
Lexicon = tuple[frozenset[str], dict[str, str], list[str]]
# A file's `Lexicon`, read when first asked for; None when its cache's is damaged.
LexiconLoader = Callable[[], Lexicon | None]
Vocabulary = Callable[[list[Question], list[tuple[str, ...]]], Lexicon]
# What the judge normalises to read a question (its phrasings and subject) or a file (its
# domain names and the judge's own rule words), normalised and encoded: the scorer's
# `phrasing_texts`, given by the loader (the bank does not import the scorer).
Texts = Callable[[Question | list[tuple[str, ...]]], bytes]

# The cached files loaded and cached questions built (a file's position: None) since the
# judge last took their `Texts` (`take_texts`): a first answer judged need not normalise its
# question's 500-odd phrasings again.
_BUILT: list[tuple[_Source, int | None]] = []


def take_texts() -> list[bytes]:
    """The `Texts` (encoded, unchecked) of the cached files loaded and cached questions built
    since the last call, read from the file beside each cache (none when it is missing, damaged
    or not of the cache's version)."""
    taken = [t for source, position in _BUILT if (t := source.texts_of(position)) is not None]
    del _BUILT[:]
    return taken


def cache_dir() -> Path | None:
    """The folder of the parsed-bank cache: ACTLOSS_QUIZ_CACHE, else the platform's user cache
    folder (None: ACTLOSS_QUIZ_CACHE is empty, caching is off). Nothing is created here."""
    root = os.environ.get(ENV_CACHE)
    if root == "":
        return None
    if root is None:
        from actloss_quiz.userdirs import user_dir

        return user_dir("cache", APP_NAME)
    return Path(root)


def _judge_stamp() -> list[int]:
    """Size and mtime of the scorer's normalising modules and of the stemmer it uses: the cached
    known words and synonym forms are theirs, so a checkout whose scorer changed (with no
    version bump), or another snowballstemmer (or PyStemmer) version, rebuilds them."""
    import importlib.util

    here = Path(__file__).resolve().parent.parent
    files = [here / "scoring.py", here / "claims.py"]
    for name, module in (("Stemmer", None), ("snowballstemmer", "english_stemmer.py")):
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            spec = None
        if spec is not None and spec.origin:
            origin = Path(spec.origin)
            files.append(origin.with_name(module) if module else origin)
    out: list[int] = []
    for path in files:
        try:
            st = path.stat()
        except OSError:
            st = None
        out += [st.st_size, st.st_mtime_ns] if st is not None else [-1, -1]
    return out


def _cache_file(path: Path) -> Path | None:
    """Where the parsed form of a large bank file is kept (None: caching is off)."""
    from actloss_quiz.hashing import digest

    base = cache_dir()
    if base is None:
        return None
    return base / f"bank-{digest(str(path.resolve()).encode(), 12).hex()}.json"


def load_file_cached(
    path: Path,
    problems: list[str],
    forms: Forms | None = None,
    normalise: Callable[[tuple[str, ...]], tuple[tuple[str, ...], ...]] | None = None,
    *,
    always: bool = False,
    known: list[LexiconLoader] | None = None,
    vocabulary: Vocabulary | None = None,
    texts: Texts | None = None,
) -> Parsed | None:
    """Parse a bank file, reusing the parsed form of a large one while its size and mtime hold.

    Only a file without problems is cached, so validation still reports everything after an edit.
    `forms` receives the normalised synonym groups of a cached file (group -> each entry's
    words), read from its cache or, as the cache is written, computed once by `normalise` (the
    scorer's `synonym_forms`, given by the loader: the bank does not import the scorer).
    `always`: cache the file whatever its size (the bundled banks). `known` receives the
    file's known words and stems (computed by the scorer, given as `vocabulary`, from its
    questions and domain names) when it is cached, so a judge need not normalise and stem
    every phrasing of the bank in every process; `texts` (the scorer's too) gives each
    question's normalised phrasings to keep with its parts.
    """
    try:
        st = path.stat()
    except OSError:
        return parse_file(path, problems)
    if st.st_size < CACHE_MIN_BYTES and not always:
        return parse_file(path, problems)
    cache = _cache_file(path)
    if cache is None:
        return parse_file(path, problems)
    try:
        raw = read_regular_file(path, MAX_BANK_BYTES)
    except QuizError:
        return parse_file(path, problems)  # which reports it
    stamp = _stamp(path, st, raw)
    source = _Source(path, normalise, vocabulary, texts)
    source.cache, source.stamp = cache, stamp
    try:
        cached = _read_cache(cache, stamp, str(path), source)
    except (QuizError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        cached = None  # a missing, stale, damaged or tampered cache is simply rebuilt
    if cached is not None and (known is None or cached[2] is not None):
        _BUILT.append((source, None))
        if forms is not None:
            forms.update(cached[1])
        if known is not None and cached[2] is not None:
            known.append(cached[2])
        return cached[0]
    return _parse_and_cache(
        path, problems, raw, stamp, cache, forms, normalise, known, vocabulary, texts
    )


def _stamp(path: Path, st: os.stat_result, raw: bytes) -> list[Any]:
    """What a cache must have been written for: this format, app version, scorer and stemmer,
    the bank's resolved path, size, mtime and hash. The bank's own bytes are in the stamp (a
    hash), not only its size and mtime: a cache whose stamp was copied, or a bank rewritten
    within the same mtime, is never trusted.

    The hash is CRC-32 (zlib's, 4x faster than BLAKE2b: 0.3 against 1.2 ms for a bundled bank
    file, read at every start). It guards against accidents, not forgery: whoever can write the
    cache can write any content, which is validated anyway."""
    import zlib

    from actloss_quiz import __version__

    return [
        _CACHE_FORMAT,
        __version__,
        _judge_stamp(),
        str(path.resolve()),
        st.st_size,
        st.st_mtime_ns,
        f"crc32:{zlib.crc32(raw):08x}",
    ]


def _parse_and_cache(
    path: Path,
    problems: list[str],
    raw: bytes,
    stamp: list[Any],
    cache: Path,
    forms: Forms | None,
    normalise: Callable[[tuple[str, ...]], tuple[tuple[str, ...], ...]] | None,
    known: list[LexiconLoader] | None,
    vocabulary: Vocabulary | None,
    texts: Texts | None,
) -> Parsed | None:
    """Parse the bank's bytes and, when they have no problem, write its cache."""
    before = len(problems)
    parsed = parse_file(path, problems, raw)
    if parsed is not None and len(problems) == before:
        groups = parsed[4]
        normalised = {g: normalise(g) for g in groups} if normalise is not None else {}
        if forms is not None:
            forms.update(normalised)
        words = vocabulary(parsed[3], parsed[6]) if vocabulary is not None else None
        if known is not None and words is not None:
            known.append(lambda: words)
        _write_cache(cache, stamp, parsed, normalised, str(path), words, texts)
    return parsed


class _Source:
    """The bank file a cached question came from: what a damaged record is rebuilt from."""

    def __init__(
        self,
        path: Path,
        normalise: Callable[[tuple[str, ...]], tuple[tuple[str, ...], ...]] | None,
        vocabulary: Vocabulary | None,
        texts: Texts | None,
    ) -> None:
        self.path = path
        self.normalise = normalise
        self.vocabulary = vocabulary
        self.texts = texts
        self.cache: Path | None = None  # the cache read and the stamp it had: its `Texts` file
        self.stamp: list[Any] = []  # must have been written with it (`texts_of`)
        self.blobs: tuple[bytes, list[bytes]] | None = None  # that file's, once read
        self.parsed: dict[str, Question] | None = None
        self.parts: Any = None  # the cache's "parts": a list, or its JSON bytes until first use
        self.count = 0  # how many questions the cache's index holds
        self.total = 0  # how many JSON texts its "parts" holds (its lexicon's too)

    def part(self, position: int, span: tuple[int, int]) -> str:
        """The JSON text of the parts of the cache's question at `position`, whose JSON
        string is at `span` in the "parts" bytes as written (raises on a damaged "parts").
        Only that string is decoded: a first question built does not decode every other's."""
        import json

        if type(self.parts) is bytes:
            start, end = span
            if self.parts[start - 1 : start] in (b"[", b" ") and self.parts[end : end + 1] in (
                b",",
                b"]",
            ):
                text = json.loads(self.parts[start:end])
                if type(text) is str:
                    return text
            self.parts = json.loads(self.parts.decode("utf-8"))
        if type(self.parts) is not list or len(self.parts) != self.total:
            raise _Damaged("parts")
        text = self.parts[position]
        if type(text) is not str:
            raise _Damaged("parts")
        return text

    def texts_of(self, position: int | None) -> bytes | None:
        """The `Texts` of the cache's question at `position` (None: of the file), from the
        file beside the cache, read once; None when it is missing, damaged or was not written
        with the cache read (the judge then normalises as it would without a cache)."""
        if self.blobs is None:
            self.blobs = b"", []
            if self.cache is not None:
                self.blobs = _read_texts(_texts_file(self.cache), self.stamp, self.count)
        file_blob, blobs = self.blobs
        if position is None:
            return file_blob or None
        return blobs[position] if 0 <= position < len(blobs) else None

    def reparse(self) -> dict[str, Question]:
        """The bank file's questions parsed from its text (once), its cache written again.

        Raises:
            BankError: the file no longer parses without problems (it was edited meanwhile).
        """
        if self.parsed is None:
            problems: list[str] = []
            parsed: Parsed | None = None
            cache = _cache_file(self.path)
            try:
                st = self.path.stat()
                raw = read_regular_file(self.path, MAX_BANK_BYTES)
            except (OSError, QuizError):
                parsed = parse_file(self.path, problems)  # which reports it
            else:
                if cache is None:
                    parsed = parse_file(self.path, problems, raw)
                else:
                    stamp = _stamp(self.path, st, raw)
                    parsed = _parse_and_cache(
                        self.path,
                        problems,
                        raw,
                        stamp,
                        cache,
                        None,
                        self.normalise,
                        None,
                        self.vocabulary,
                        self.texts,
                    )
            if parsed is None or problems:
                raise BankError(problems or [f"{self.path}:1: the bank could not be read"])
            self.parsed = {q.id: q for q in parsed[3]}
        return self.parsed


def _texts_file(cache: Path) -> Path:
    """The file beside a cache with its `Texts`: read only by the judge, so a load does not
    read the normalised phrasings (three times the cache's size) that most commands never use."""
    return cache.with_suffix(".texts")


def _texts_key(stamp: list[Any]) -> str:
    import json

    return _digest(json.dumps(stamp).encode("utf-8"))


def _read_texts(path: Path, stamp: list[Any], count: int) -> tuple[bytes, list[bytes]]:
    """A `Texts` file's file-level and per-question texts (encoded, not yet checked), or
    nothing when it is missing, damaged or not written with `stamp` for `count` questions."""
    import msgspec

    try:
        key, file_blob, blobs = msgspec.msgpack.decode(
            read_regular_file(path, _CACHE_READ_LIMIT), type=tuple[str, bytes, list[bytes]]
        )
    except (QuizError, msgspec.DecodeError):  # (a ValidationError too)
        return b"", []
    if key != _texts_key(stamp) or len(blobs) != count:
        return b"", []
    return file_blob, blobs


def _write_texts(cache: Path, stamp: list[Any], parsed: Parsed, texts: Texts) -> None:
    """Write the `Texts` file of a cache just written (best effort, like the cache: until it is
    written, or when it cannot be, the judge normalises the phrasings itself)."""
    import msgspec

    questions, names = parsed[3], parsed[6]
    data = msgspec.msgpack.encode((_texts_key(stamp), texts(names), [texts(q) for q in questions]))
    if len(data) <= _CACHE_READ_LIMIT:
        _atomic_write(_texts_file(cache), data)


def _digest(raw: bytes) -> str:
    from actloss_quiz.hashing import digest

    return digest(raw, 32).hex()


def _read_cache(
    cache: Path, stamp: list[Any], path: str, source: _Source
) -> tuple[Parsed, Forms, LexiconLoader | None] | None:
    """The parsed bank from `cache` if it is for this file version and valid, else None, with
    its normalised synonym groups and the reader of its `Lexicon` (None: it has none).

    The cache is not trusted: it must be a regular file within the size limit, and every field
    of the index is checked like a bank's (types, slugs, difficulty, number range, the file's
    phrasing and synonym limits), so a damaged or edited cache raises ValueError/TypeError/
    KeyError and is rebuilt from the bank; each question's parts are checked the same way when
    they are built (`_CachedQuestion`).
    """
    data, parts = _split(read_regular_file(cache, _CACHE_READ_LIMIT))
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    written = data["path"]  # the path as typed when the cache was written
    if type(written) is not str:
        raise ValueError("path")
    topic, title, tip, items = data["topic"], data["title"], data["tip"], data["questions"]
    if not isinstance(topic, str) or not SLUG.match(topic):
        raise ValueError("topic")
    for value in (title, tip):
        if value is not None and not isinstance(value, str):
            raise ValueError("title/tip")
    if not isinstance(items, list) or len(items) > MAX_QUESTIONS_PER_FILE:
        raise ValueError("questions")
    groups = data["synonyms"]
    if not isinstance(groups, list):
        raise ValueError("synonyms")
    groups = [_strs(g) for g in groups]
    override = data["override"]
    if not isinstance(override, bool):
        raise ValueError("override")
    span = data["lexicon"]
    if span is not None and (
        type(span) is not list or len(span) != 2 or not all(type(i) is int for i in span)
    ):
        raise _Damaged("lexicon")
    source.parts, source.count = parts, len(items)
    source.total = len(items) + (span is not None)
    questions = [_question(q, i, topic, written, path, source) for i, q in enumerate(items)]
    if questions and not _ids_ok([q.__dict__["id"] for q in questions]):
        raise _Damaged("id")
    if sum(q.__dict__["_phrasings"] for q in questions) > MAX_PHRASINGS_PER_FILE:
        raise _Damaged("over the bank-shape limits")
    if not shape_fits(Path(path), [], groups, {}, []):  # the synonym entries
        raise _Damaged("over the bank-shape limits")
    names = data["domain"]
    if not isinstance(names, list):
        raise ValueError("domain")
    parsed = topic, title, tip, questions, groups, override, [_strs(g) for g in names]
    lexicon = None
    if span is not None:
        lexicon = _lexicon_loader(source, len(items), (span[0], span[1]), parsed[6])
    return parsed, _forms(data["synonym_forms"], groups), lexicon


def _lexicon_loader(
    source: _Source, position: int, span: tuple[int, int], names: list[tuple[str, ...]]
) -> LexiconLoader:
    """The reader of a cache's `Lexicon`, the JSON text after its questions' in "parts": only
    the judge needs it, so a load does not decode it (3-4 ms for the bundled bank). Read once.
    A damaged one is handled as a damaged question part is: the bank is parsed again, its cache
    rewritten, and the lexicon computed from it (None when the bank no longer parses: the judge
    then computes the words from the questions it has)."""
    read: list[Lexicon | None] = []

    def load() -> Lexicon | None:
        if not read:
            try:
                read.append(_lexicon(source.part(position, span)))
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                read.append(_rebuilt_lexicon(source, names))
        return read[0]

    return load


def _rebuilt_lexicon(source: _Source, names: list[tuple[str, ...]]) -> Lexicon | None:
    if source.vocabulary is None:
        return None
    try:
        questions = list(source.reparse().values())
    except BankError:
        return None
    return source.vocabulary(questions, names)


def _lexicon(text: str) -> Lexicon:
    """A `Lexicon` from its cached JSON text, checked: known words and stems are words, the
    answer terms are text (raises on anything else)."""
    import json

    words, stems, docs = json.loads(text)
    if type(words) is not list or (words and len(" ".join(words).split()) != len(words)):
        raise _Damaged("known")
    if type(stems) is not dict:
        raise _Damaged("stems")
    if stems:  # word -> stem, each a word: _words raises on anything else
        _words(list(stems))
        _words(list(stems.values()))
    if type(docs) is not list:
        raise _Damaged("answer_terms")
    "".join(docs)  # TypeError on anything but text
    return frozenset(words), stems, docs


def _forms(raw: Any, groups: list[tuple[str, ...]]) -> Forms:
    """The cached normalised synonym groups, one per group (None: too large to keep, so they
    are normalised when judging); each a list of at most the group's entries, each entry a
    non-empty list of non-blank words."""
    if raw is None:
        return {}
    if type(raw) is not list or len(raw) != len(groups):
        raise _Damaged("synonym_forms")
    out: Forms = {}
    for group, entries in zip(groups, raw, strict=True):
        if type(entries) is not list or len(entries) > len(group):
            raise _Damaged("synonym_forms")
        out[group] = tuple(_words(e) for e in entries)
    return out


def _words(value: Any) -> tuple[str, ...]:
    """A non-empty list of words (text without whitespace), as a tuple; checked at C speed (a
    cached 5 MiB group holds close to a million words)."""
    if type(value) is not list or not value:
        raise _Damaged("expected a list of words")
    if len(" ".join(value).split()) != len(value):  # TypeError on anything but text
        raise _Damaged("expected words")
    return tuple(value)


class _Damaged(ValueError):
    """A cached field that the bank's validation would not have let through."""


def _strs(value: Any) -> tuple[str, ...]:
    """A non-empty list of non-blank strings, as a tuple."""
    if type(value) is not list or not value:
        raise _Damaged("expected a list of text")
    try:  # at C speed (a question's parts hold thousands of phrasings and examples)
        blank = any(map(str.isspace, value))  # TypeError on anything but text
    except TypeError:
        raise _Damaged("expected non-blank text") from None
    if blank or "" in value:  # (blank: what strip() empties)
        raise _Damaged("expected non-blank text")
    return tuple(value)


def _str(value: Any, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if type(value) is not str or not value or value.isspace():
        raise _Damaged("expected non-blank text")
    return value


_KEY_POINT_KEYS = frozenset(KeyPoint.__dataclass_fields__)
_MISCONCEPTION_KEYS = frozenset(Misconception.__dataclass_fields__)


def _maybe_strs(value: Any) -> tuple[str, ...]:
    return () if value == [] else _strs(value)


_NO_EXAMPLES_RAW: dict[str, list[str]] = {"match": [], "no_match": []}
_NO_EXAMPLES = Examples()  # immutable: one for every key point and misconception without any
_EXAMPLE_KEYS = frozenset(_NO_EXAMPLES_RAW)


def _examples(raw: Any) -> Examples:
    if type(raw) is dict and raw == _NO_EXAMPLES_RAW:  # most: checked at C speed
        return _NO_EXAMPLES
    if type(raw) is not dict or raw.keys() != _EXAMPLE_KEYS:
        raise _Damaged("examples")
    return Examples(_maybe_strs(raw["match"]), _maybe_strs(raw["no_match"]))


def _points(raw: Any) -> tuple[KeyPoint, ...]:
    if type(raw) is not list:
        raise _Damaged("key_points")
    out = []
    for p in raw:
        core = p["core"]
        if type(core) is not bool or p.keys() != _KEY_POINT_KEYS:
            raise _Damaged("key point")
        out.append(
            KeyPoint(
                _strs(p["phrasings"]),
                core,
                _str(p["formula"], optional=True),
                _maybe_strs(p["variables"]),
                _examples(p["examples"]),
                _line(p["line"]),
            )
        )
    return tuple(out)


def _wrongs(raw: Any) -> tuple[Misconception, ...]:
    if type(raw) is not list:
        raise _Damaged("misconceptions")
    out = []
    for m in raw:
        if m.keys() != _MISCONCEPTION_KEYS:
            raise _Damaged("misconception")
        out.append(
            Misconception(
                _str(m["claim"]),
                _strs(m["phrasings"]),
                _str(m["correction"]),
                _examples(m["examples"]),
                _line(m["line"]),
            )
        )
    return tuple(out)


def _demo(raw: Any) -> dict[str, Any] | None:
    if raw is not None and demo_shape_problem(raw) is not None:
        raise _Damaged("demo")
    return raw  # type: ignore[no-any-return]


def _line(raw: Any) -> int:
    if type(raw) is not int:
        raise _Damaged("line")
    return raw


# A cached question: its index fields, checked and set at load, and its parts, one JSON text
# (in the cache's "parts", at its position) decoded, checked and built at first use;
# "phrasings" is how many phrasings the parts hold (the file's total is checked at load, each
# question's count when it is built).
_INDEX_FIELDS = (
    "id",
    "number",
    "topic",
    "difficulty",
    "question",
    "answer",
    "formula",
    "tags",
    "path",
    "line",
    "subject",
)
_PART_FIELDS = ("key_points", "misconceptions", "follow_ups", "demo")
if frozenset(_INDEX_FIELDS + _PART_FIELDS) != frozenset(Question.__dataclass_fields__):
    raise AssertionError("every Question field must be cached (bank/cache.py)")  # pragma: no cover
_ENTRY_KEYS = frozenset((*_INDEX_FIELDS, "phrasings", "at"))
_PART_KEYS = frozenset(_PART_FIELDS)
_FOLLOW_UP_KEYS = frozenset(FollowUp.__dataclass_fields__)


def _follow_up(f: dict[str, Any]) -> FollowUp:
    if f.keys() != _FOLLOW_UP_KEYS:
        raise _Damaged("follow-up fields")
    return FollowUp(
        question=_str(f["question"]),
        answer=_str(f["answer"]),
        key_points=_points(f["key_points"]),
        misconceptions=_wrongs(f["misconceptions"]),
        demo=_demo(f["demo"]),
        line=_line(f["line"]),
        subject=_maybe_strs(f["subject"]),
    )


_DIFFICULTY_TEXT = {d: d for d in DIFFICULTIES}


def _question(
    q: Any, position: int, topic: str, written: str, path: str, source: _Source
) -> Question:
    """A cached question from its index record, every index field checked as the bank's
    validation would (raises on anything it would not have let through); its parts are built
    at first use. Its `path` was `written` in the cache and is the path as typed this time."""
    if q.keys() != _ENTRY_KEYS:
        raise _Damaged("question fields")
    # (checked without generators: a large bank has 10,000s of records, checked at every load;
    # the ids' form all at once, by `_ids_ok`)
    qid, number, tags, count, span = q["id"], q["number"], q["tags"], q["phrasings"], q["at"]
    if type(span) is not list or len(span) != 2 or type(span[0]) is not int:
        raise _Damaged("at")
    if type(span[1]) is not int:
        raise _Damaged("at")
    if type(qid) is not str or qid.isdigit():
        raise _Damaged("id")
    if type(number) is not int or not 1 <= number <= MAX_QUESTION_NUMBER:
        raise _Damaged("number")
    if q["topic"] != topic or q["path"] != written or q["difficulty"] not in DIFFICULTIES:
        raise _Damaged("topic, path or difficulty")
    if type(tags) is not list or not all(tags):  # (all: no empty tag)
        raise _Damaged("tags")
    try:
        "".join(tags)  # TypeError on anything but text
    except TypeError:
        raise _Damaged("tags") from None
    if type(count) is not int or count < 0:
        raise _Damaged("phrasings")
    text = q["question"]
    if type(text) is not str or not text or text.isspace():  # (as `_str`)
        raise _Damaged("expected non-blank text")
    text = q["answer"]
    if type(text) is not str or not text or text.isspace():
        raise _Damaged("expected non-blank text")
    formula = q["formula"]
    if formula is not None and (type(formula) is not str or not formula or formula.isspace()):
        raise _Damaged("formula")
    if type(q["line"]) is not int:
        raise _Damaged("line")
    subject = q["subject"]
    # The record, checked, becomes the question's own fields (no copy of 10,000 records).
    q["tags"] = tuple(tags)
    q["topic"] = topic  # (equal: one text for the file's questions, not one each)
    q["difficulty"] = _DIFFICULTY_TEXT[q["difficulty"]]
    q["path"] = path
    q["subject"] = () if subject == [] else _strs(subject)
    del q["phrasings"], q["at"]
    q["_position"] = position
    q["_span"] = tuple(span)
    q["_phrasings"] = count
    q["_source"] = source
    out = _new(_CachedQuestion)  # its parts are set at first use, not here
    _set(out, "__dict__", q)
    return out


_new, _set = object.__new__, object.__setattr__
# Many ids, one a line, each a SLUG (the ids of a file's records, checked at once).
_SLUGS = re.compile(rf"(?:{SLUG_BODY}\n)*{SLUG_BODY}")


def _ids_ok(ids: list[str]) -> bool:
    """Whether every id (each text, checked by `_question`) is a SLUG: one match over them all
    joined by newlines, which no slug holds (10,000 records: about 8 -> 2 ms)."""
    joined = "\n".join(ids)
    return joined.count("\n") == len(ids) - 1 and _SLUGS.fullmatch(joined) is not None


def _parts(text: str, count: int) -> dict[str, Any]:
    """A cached question's parts decoded and checked as the bank's validation would (the
    bank-shape limits too, and that they hold the `count` phrasings the index gave)."""
    import json

    raw = json.loads(text)
    if type(raw) is not dict or raw.keys() != _PART_KEYS:
        raise _Damaged("parts")
    follow_ups = raw["follow_ups"]
    if type(follow_ups) is not list:
        raise _Damaged("follow_ups")
    built: dict[str, Any] = {
        "key_points": _points(raw["key_points"]),
        "misconceptions": _wrongs(raw["misconceptions"]),
        "follow_ups": tuple(_follow_up(f) for f in follow_ups),
        "demo": _demo(raw["demo"]),
    }
    total = 0
    for part in [built, *(vars(f) for f in built["follow_ups"])]:
        ideas = [*part["key_points"], *part["misconceptions"]]
        n = 0
        for idea in ideas:
            if len(idea.phrasings) > MAX_PHRASINGS_PER_POINT:
                raise _Damaged("phrasings per key point")
            n += len(idea.phrasings)
        if n > MAX_PHRASINGS_PER_QUESTION:
            raise _Damaged("phrasings per question")
        total += n
    if total != count:
        raise _Damaged("phrasings")
    return built


def _phrasings(q: Question) -> int:
    """How many phrasings a question's key points and misconceptions hold, its follow-ups'
    included."""
    parts: list[Question | FollowUp] = [q, *q.follow_ups]
    ideas: list[KeyPoint | Misconception] = []
    for p in parts:
        ideas += [*p.key_points, *p.misconceptions]
    return sum(len(i.phrasings) for i in ideas)


class _Part:
    """A cached question's part (key points, misconceptions, follow-ups, demo): built with the
    others at first use. A data descriptor, so `Question`'s own __init__ (`dataclasses.replace`)
    sets it like any field."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        if obj is None:
            return getattr(Question, self.name)
        fields = obj.__dict__
        if self.name not in fields:
            obj._build()
        return fields[self.name]

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


_COMPARED = tuple(f.name for f in Question.__dataclass_fields__.values() if f.compare)


class _CachedQuestion(Question):
    """A question served from the parsed-bank cache; equal to (and hashed like) the
    `Question` the bank parses to. Its parts are decoded, checked and built at first use; a
    damaged record is replaced by the bank's own question's parts (the bank parsed again,
    its cache rewritten), as a damaged cache is at load."""

    key_points = _Part("key_points")
    misconceptions = _Part("misconceptions")
    follow_ups = _Part("follow_ups")
    demo = _Part("demo")

    def _build(self) -> None:
        fields = self.__dict__
        source: _Source = fields["_source"]
        try:
            built = _parts(source.part(fields["_position"], fields["_span"]), fields["_phrasings"])
            _BUILT.append((source, fields["_position"]))
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            real = source.reparse().get(self.id)
            if real is None:  # the record's index was edited too, to another valid question
                raise QuizError(
                    f"the parsed-bank cache of '{source.path}' was damaged and has been "
                    "rebuilt; run the command again"
                ) from None
            built = {name: getattr(real, name) for name in _PART_FIELDS}
        fields.update(built)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Question):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in _COMPARED)

    __hash__ = Question.__hash__


def _entry(q: Question, fields: dict[str, Any]) -> dict[str, Any]:
    """A question's cache record: its index fields and its parts as one JSON text."""
    import json

    parts = {name: fields.pop(name) for name in _PART_FIELDS}
    fields["phrasings"] = _phrasings(q)
    fields["parts"] = json.dumps(parts, ensure_ascii=False)  # taken out by _write_cache
    return fields


# The cache is one JSON object whose first key, "index", gives the byte offset of its last,
# "parts" (`{"index": 12345       , "stamp": ..., "questions": [...], "parts": [...]}`): a
# load decodes the index alone, and a file's parts only when one of its questions is built.
_HEAD = b'{"index": '
_HEAD_END = len(_HEAD) + 12 + 2  # the offset padded with spaces to twelve bytes, then ", "
_PARTS_KEY = b', "parts": '


def _spans(parts: list[str]) -> tuple[bytes, list[list[int]]]:
    """The "parts" list as JSON bytes, and each part's byte span in them."""
    import json

    items = [json.dumps(part, ensure_ascii=False).encode("utf-8") for part in parts]
    spans = []
    at = 1
    for item in items:
        spans.append([at, at + len(item)])
        at += len(item) + 2
    return b"[%s]" % b", ".join(items), spans


def _joined(payload: dict[str, Any], tail: bytes) -> bytes:
    """The cache document: `payload` with the "index" offset first and the "parts" (`tail`,
    as `_spans` wrote it) last."""
    import json

    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")[1:-1]
    at = _HEAD_END + len(body)
    return b"%s%-12d, %s%s%s}" % (_HEAD, at, body, _PARTS_KEY, tail)


def _split(raw: bytes) -> tuple[Any, Any]:
    """The cache document's index (decoded) and its "parts" (as JSON bytes, or decoded when
    the document is not as `_joined` writes it: any JSON object with those keys is read)."""
    import json

    head = raw[len(_HEAD) : _HEAD_END - 2].rstrip(b" ")
    if raw.startswith(_HEAD) and head.isdigit() and raw[_HEAD_END - 2 : _HEAD_END] == b", ":
        at = int(head)
        if raw[at : at + len(_PARTS_KEY)] == _PARTS_KEY and raw.endswith(b"]}"):
            try:
                index = _decoded(b"{" + raw[_HEAD_END:at] + b"}")
            except ValueError:  # (UnicodeDecodeError too)
                pass
            else:
                return index, raw[at + len(_PARTS_KEY) : -1]
    data = json.loads(raw.decode("utf-8"))
    return data, data["parts"] if isinstance(data, dict) else None


# An index this large (a bank file of about 500 questions) is decoded by msgspec, twice as fast
# as the json module (a 10,000-question bank's 4.7 MB: 17 against 34 ms); a smaller one by
# json, which does not cost msgspec's import (8 ms) where a command has no other use for it.
_LARGE_INDEX = 1 << 18


def _decoded(document: bytes) -> Any:
    """A JSON document's value (raises ValueError on one that is not valid JSON in UTF-8)."""
    if len(document) < _LARGE_INDEX:
        import json

        return json.loads(document.decode("utf-8"))
    import msgspec

    try:
        return msgspec.json.decode(document)
    except msgspec.DecodeError as e:
        raise ValueError(str(e)) from None


def _write_cache(
    cache: Path,
    stamp: list[Any],
    parsed: Parsed,
    forms: Forms,
    path: str,
    known: Lexicon | None,
    texts: Texts | None,
) -> None:
    import dataclasses

    topic, title, tip, questions, groups, override, names = parsed
    import json

    entries = [_entry(q, dataclasses.asdict(q)) for q in questions]
    texts_of_parts = [e.pop("parts") for e in entries]
    if known is not None:  # the judge's words: one more text, after the questions'
        words = [sorted(known[0]), known[1], known[2]]
        texts_of_parts.append(json.dumps(words, ensure_ascii=False))
    parts, spans = _spans(texts_of_parts)
    for entry, span in zip(entries, spans[: len(entries)], strict=True):
        entry["at"] = span
    payload = {
        "stamp": stamp,
        "path": path,
        "topic": topic,
        "title": title,
        "tip": tip,
        "override": override,
        "questions": entries,
        "synonyms": [list(g) for g in groups],
        "domain": [list(g) for g in names],
        "synonym_forms": [[list(e) for e in forms[g]] for g in groups] if forms else None,
        "lexicon": spans[-1] if known is not None else None,
    }
    data = _joined(payload, parts)
    if len(data) > _CACHE_READ_LIMIT and payload["synonym_forms"] is not None:
        # Normalising can make a group longer (NFKC): keep the cache readable without them.
        payload["synonym_forms"] = None
        data = _joined(payload, parts)
    if len(data) > _CACHE_READ_LIMIT:
        return  # a cache too large to be read back is not written
    if _atomic_write(cache, data) and texts is not None:
        _write_texts(cache, stamp, parsed, texts)


def _atomic_write(target: Path, data: bytes) -> bool:
    """Write a cache file whole or not at all; whether it was (best effort: caching is an
    optimisation, so a read-only or full cache folder must not break the quiz)."""
    import tempfile

    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".bank-", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
        tmp = None
    except OSError:
        return False
    finally:  # a failed write (a full disk, a size limit, Ctrl-C) leaves no .bank-*.tmp behind
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return True
