"""The parsed-bank cache: a large bank file's questions kept as JSON while the file is unchanged.

Only worth it for big user banks (parsing YAML with line numbers is the slow part of start-up);
the key is the file's path, size and mtime, plus the app version, so any edit rebuilds it. The
cache is not trusted: it is read as a regular file within a size limit and every question in it
is validated like a bank's, so a damaged or tampered cache is ignored and rebuilt.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from actloss_quiz.bank import (
    _SLUG,
    MAX_BANK_BYTES,
    MAX_QUESTION_NUMBER,
    MAX_QUESTIONS_PER_FILE,
    FollowUp,
    KeyPoint,
    Misconception,
    Parsed,
    Question,
    _demo_shape_problem,
    read_regular_file,
)
from actloss_quiz.bank import _load_file as parse_file
from actloss_quiz.errors import QuizError
from actloss_quiz.vocab import DIFFICULTIES

ENV_CACHE = "ACTLOSS_QUIZ_CACHE"
CACHE_MIN_BYTES = 64 * 1024  # small banks parse faster than a cache file loads
_CACHE_FORMAT = 4  # 2: key points, misconceptions, synonyms; 3: follow-ups; 4: validated on load


def _cache_file(path: Path) -> Path | None:
    """Where the parsed form of a large bank file is kept (None: caching is off)."""
    import hashlib

    root = os.environ.get(ENV_CACHE)
    if root == "":
        return None
    if root is None:
        from platformdirs import user_cache_path

        base = user_cache_path("actloss-quiz", appauthor=False)
    else:
        base = Path(root)
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:24]
    return base / f"bank-{digest}.json"


def load_file_cached(path: Path, problems: list[str]) -> Parsed | None:
    """Parse a bank file, reusing the parsed form of a large one while its size and mtime hold.

    Only a file without problems is cached, so validation still reports everything after an edit.
    """
    try:
        st = path.stat()
    except OSError:
        return parse_file(path, problems)
    if st.st_size < CACHE_MIN_BYTES:
        return parse_file(path, problems)
    from actloss_quiz import __version__

    cache = _cache_file(path)
    stamp = [_CACHE_FORMAT, __version__, str(path.resolve()), st.st_size, st.st_mtime_ns]
    if cache is not None:
        try:
            cached = _read_cache(cache, stamp, str(path))
        except (QuizError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
            cached = None  # a missing, stale, damaged or tampered cache is simply rebuilt
        if cached is not None:
            return cached
    before = len(problems)
    parsed = parse_file(path, problems)
    if parsed is not None and len(problems) == before and cache is not None:
        _write_cache(cache, stamp, parsed)
    return parsed


def _read_cache(cache: Path, stamp: list[Any], path: str) -> Parsed | None:
    """The parsed bank from `cache` if it is for this file version and valid, else None.

    The cache is not trusted: it must be a regular file within the size limit, and every field
    is checked like a bank's (types, slugs, difficulty, number range, demo shape), so a damaged
    or edited cache raises ValueError/TypeError/KeyError and is rebuilt from the bank.
    """
    import json

    data = json.loads(read_regular_file(cache, 4 * MAX_BANK_BYTES).decode("utf-8"))
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    topic, title, tip, items = data["topic"], data["title"], data["tip"], data["questions"]
    if not isinstance(topic, str) or not _SLUG.match(topic):
        raise ValueError("topic")
    for value in (title, tip):
        if value is not None and not isinstance(value, str):
            raise ValueError("title/tip")
    if not isinstance(items, list) or len(items) > MAX_QUESTIONS_PER_FILE:
        raise ValueError("questions")
    groups = data["synonyms"]
    if not isinstance(groups, list) or not all(_texts(g) for g in groups):
        raise ValueError("synonyms")
    questions = [_checked(_question_from_dict(q), topic, path) for q in items]
    return topic, title, tip, questions, [tuple(g) for g in groups]


def _texts(value: Any) -> bool:
    """A non-empty list or tuple of non-empty strings."""
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(t, str) and t.strip() for t in value)
    )


def _text(value: Any, *, optional: bool = False) -> bool:
    return (value is None and optional) or (isinstance(value, str) and bool(value.strip()))


def _points_ok(points: Any, misconceptions: Any) -> bool:
    return all(_texts(p.phrasings) and isinstance(p.core, bool) for p in points) and all(
        _text(m.claim) and _texts(m.phrasings) and _text(m.correction) for m in misconceptions
    )


def _checked(q: Question, topic: str, path: str) -> Question:
    """`q` if every field holds what the bank's validation would have let through."""
    ok = (
        isinstance(q.id, str)
        and bool(_SLUG.match(q.id))
        and not q.id.isdigit()
        and isinstance(q.number, int)
        and not isinstance(q.number, bool)
        and 1 <= q.number <= MAX_QUESTION_NUMBER
        and q.topic == topic
        and q.path == path
        and q.difficulty in DIFFICULTIES
        and _text(q.question)
        and _text(q.answer)
        and _text(q.formula, optional=True)
        and all(isinstance(t, str) and t for t in q.tags)
        and (q.demo is None or _demo_shape_problem(q.demo) is None)
        and isinstance(q.line, int)
        and not isinstance(q.line, bool)
        and _points_ok(q.key_points, q.misconceptions)
        and all(
            _text(f.question)
            and _text(f.answer)
            and _points_ok(f.key_points, f.misconceptions)
            and (f.demo is None or _demo_shape_problem(f.demo) is None)
            for f in q.follow_ups
        )
    )
    if not ok:
        raise ValueError(f"cached question {q.id!r} does not validate")
    return q


def _key_point_from_dict(p: dict[str, Any]) -> KeyPoint:
    return KeyPoint(tuple(p["phrasings"]), bool(p["core"]))


def _misconception_from_dict(m: dict[str, Any]) -> Misconception:
    return Misconception(m["claim"], tuple(m["phrasings"]), m["correction"])


def _question_from_dict(q: dict[str, Any]) -> Question:
    """Rebuild a Question from `dataclasses.asdict` output."""
    follow_ups = tuple(
        FollowUp(
            **{
                **f,
                "key_points": tuple(_key_point_from_dict(p) for p in f["key_points"]),
                "misconceptions": tuple(_misconception_from_dict(m) for m in f["misconceptions"]),
            }
        )
        for f in q["follow_ups"]
    )
    return Question(
        **{
            **q,
            "key_points": tuple(_key_point_from_dict(p) for p in q["key_points"]),
            "misconceptions": tuple(_misconception_from_dict(m) for m in q["misconceptions"]),
            "follow_ups": follow_ups,
            "tags": tuple(q["tags"]),
        }
    )


def _write_cache(cache: Path, stamp: list[Any], parsed: Parsed) -> None:
    import dataclasses
    import json
    import tempfile

    topic, title, tip, questions, groups = parsed
    payload = {
        "stamp": stamp,
        "topic": topic,
        "title": title,
        "tip": tip,
        "questions": [dataclasses.asdict(q) for q in questions],
        "synonyms": [list(g) for g in groups],
    }
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".bank-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False)
        os.replace(tmp, cache)
    except OSError:
        pass  # caching is an optimisation; a read-only cache dir must not break the quiz
