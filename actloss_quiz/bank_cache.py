"""The parsed-bank cache: a large bank file's questions kept as JSON while the file is unchanged.

Only worth it for big user banks (parsing YAML with line numbers is the slow part of start-up);
the key is the file's path, size and mtime, plus the app version, so any edit rebuilds it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from actloss_quiz.bank import FollowUp, KeyPoint, Misconception, Parsed, Question
from actloss_quiz.bank import _load_file as parse_file

ENV_CACHE = "ACTLOSS_QUIZ_CACHE"
CACHE_MIN_BYTES = 64 * 1024  # small banks parse faster than a cache file loads
_CACHE_FORMAT = 3  # 2: key points, misconceptions, synonyms; 3: follow-ups


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
            with cache.open(encoding="utf-8") as f:
                import json

                data = json.load(f)
            if data.get("stamp") == stamp:
                questions = [_question_from_dict(q) for q in data["questions"]]
                groups = [tuple(g) for g in data["synonyms"]]
                return data["topic"], data["title"], data["tip"], questions, groups
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a missing or stale cache is simply rebuilt
    before = len(problems)
    parsed = parse_file(path, problems)
    if parsed is not None and len(problems) == before and cache is not None:
        _write_cache(cache, stamp, parsed)
    return parsed


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
