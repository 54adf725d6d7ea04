"""Load and validate question banks (YAML), reporting every problem as `path:line: id: message`.

Banks are parsed once into a YAML node tree (to know the line of every key) and constructed with
the *safe* constructor only, so a `!!python/object` tag is reported, never executed.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, cast

import yaml

from actloss_quiz.errors import BankError, QuizError

try:  # LibYAML is several times faster; the pure-Python loader is the fallback.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

DIFFICULTIES = ("easy", "medium", "hard")
ENV_QUESTIONS = "ACTLOSS_QUIZ_QUESTIONS"
BANK_KEYS = ("topic", "title", "tip", "questions")
QUESTION_KEYS = (
    "id",
    "number",
    "difficulty",
    "question",
    "answer",
    "formula",
    "key_points",
    "tags",
    "demo",
)
REQUIRED_QUESTION_KEYS = ("id", "difficulty", "question", "answer")

# Limits, checked before the work they bound (README "Limits"): a bank is read only up to
# MAX_BANK_BYTES (so no file, FIFO or device is read forever), YAML aliases may not expand a
# document past MAX_YAML_NODES (an "alias bomb" or a recursive alias), and a question number
# must fit the database's integer column with room to spare.
MAX_BANK_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS_PER_FILE = 5_000
MAX_QUESTIONS = 50_000
MAX_QUESTION_NUMBER = 1_000_000
MAX_YAML_NODES = 2_000_000
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")


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
    key_points: tuple[tuple[str, ...], ...] = ()
    tags: tuple[str, ...] = ()
    demo: dict[str, Any] | None = None
    path: str = ""
    line: int = 0

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
            "key_points": [list(p) for p in self.key_points],
            "tags": list(self.tags),
            "demo": self.demo,
        }


@dataclass(frozen=True)
class Bank:
    """Every loaded question, ordered by topic (in load order) then number."""

    questions: tuple[Question, ...]
    files: tuple[str, ...] = ()
    titles: dict[str, str] = field(default_factory=dict)
    tips: dict[str, str] = field(default_factory=dict)

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


def bundled_questions_dir() -> Path:
    """The shipped bank: inside the wheel, or the repo's top-level `questions/` in a checkout."""
    from importlib.resources import files

    packaged = Path(str(files("actloss_quiz") / "questions"))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "questions"


def env_question_paths() -> list[Path]:
    """Extra bank paths from `ACTLOSS_QUIZ_QUESTIONS` (separated by `os.pathsep`)."""
    raw = os.environ.get(ENV_QUESTIONS, "")
    return [Path(p) for p in raw.split(os.pathsep) if p.strip()]


def expand_paths(paths: Iterable[Path], *, origin: str = "--questions") -> list[Path]:
    """Turn files and directories into a sorted list of bank files.

    Raises:
        QuizError: a path does not exist, is a symlink loop or a dangling symlink, cannot be
            read, or a directory holds no bank file.
    """
    import errno
    import stat

    files: list[Path] = []
    for path in paths:
        try:
            mode = path.stat().st_mode
        except OSError as e:
            if e.errno == errno.ELOOP:
                raise QuizError(
                    f"{origin}: '{path}' is a symlink loop (it points back to itself); "
                    "point it at a bank file or folder"
                ) from None
            if isinstance(e, FileNotFoundError) and path.is_symlink():
                raise QuizError(
                    f"{origin}: '{path}' is a symlink to '{os.readlink(path)}', which does not "
                    "exist; pass a bank file or folder"
                ) from None
            if isinstance(e, FileNotFoundError):
                raise QuizError(
                    f"{origin}: path '{path}' does not exist; pass a bank file or folder"
                ) from None
            raise QuizError(f"{origin}: cannot read '{path}': {e.strerror or e}") from None
        if stat.S_ISDIR(mode):
            try:
                names = sorted(
                    entry.name
                    for entry in os.scandir(path)
                    if entry.name.endswith((".yaml", ".yml"))
                )
            except OSError as e:
                raise QuizError(
                    f"{origin}: cannot read folder '{path}': {e.strerror or e}"
                ) from None
            found = sorted(path / n for n in names)
            if not found:
                raise QuizError(f"{origin}: directory '{path}' contains no *.yaml files")
            files.extend(found)
        else:
            files.append(path)  # a FIFO or device is refused when it is read, by name
    return files


def load_bank(extra: Sequence[Path] = (), *, bundled: bool = True) -> Bank:
    """Load the bundled bank (unless `bundled` is false) plus the extra files or folders.

    Raises:
        BankError: with every problem of every file, never only the first.
        QuizError: a given path does not exist.
    """
    files: list[Path] = []
    if bundled:
        files.extend(expand_paths([bundled_questions_dir()], origin="bundled bank"))
    files.extend(expand_paths(extra))
    seen: set[Path] = set()
    unique = []
    for f in files:
        try:
            key = f.resolve()
        except (OSError, RuntimeError):  # a symlink loop inside a folder: reported when read
            key = f.absolute()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return load_files(unique)


def load_files(files: Sequence[Path]) -> Bank:
    """Parse and cross-check bank files: ids unique overall, numbers unique per topic."""
    problems: list[str] = []
    questions: list[Question] = []
    titles: dict[str, str] = {}
    tips: dict[str, str] = {}
    for path in files:
        found: list[str] = []
        parsed = _load_file_cached(path, found)
        problems.extend(sorted(found, key=_problem_line))
        if parsed is None:
            continue
        topic, title, tip, qs = parsed
        if title:
            titles.setdefault(topic, title)
        if tip:
            tips.setdefault(topic, tip)
        questions.extend(qs)

    if len(questions) > MAX_QUESTIONS:
        problems.append(
            f"{len(questions):,} questions are loaded; at most {MAX_QUESTIONS:,} are allowed "
            "in all banks together"
        )
    by_id: dict[str, Question] = {}
    by_number: dict[tuple[str, int], Question] = {}
    for q in questions:
        other = by_id.get(q.id)
        if other is not None:
            problems.append(
                f"{q.path}:{q.line}: {q.id}: duplicate id, already used at {other.path}:{other.line}"
                "; ids must be unique across all loaded banks"
            )
        else:
            by_id[q.id] = q
        prev = by_number.get((q.topic, q.number))
        if prev is not None:
            problems.append(
                f"{q.path}:{q.line}: {q.id}: number {q.number} is already used in topic "
                f"'{q.topic}' by '{prev.id}' ({prev.path}:{prev.line})"
            )
        else:
            by_number[(q.topic, q.number)] = q
    if problems:
        raise BankError(problems)

    topic_order: dict[str, int] = {}
    for q in questions:
        topic_order.setdefault(q.topic, len(topic_order))
    questions.sort(key=lambda q: (topic_order[q.topic], q.number))
    return Bank(tuple(questions), tuple(str(f) for f in files), titles, tips)


Parsed = tuple[str, str | None, str | None, list[Question]]
_FIELDS = fields(Question)
ENV_CACHE = "ACTLOSS_QUIZ_CACHE"
CACHE_MIN_BYTES = 64 * 1024  # small banks parse faster than a cache file loads
_CACHE_FORMAT = 2  # 2: validated on load like a bank


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


def _load_file_cached(path: Path, problems: list[str]) -> Parsed | None:
    """Parse a bank file, reusing the parsed form of a large one while its size and mtime hold.

    Only a file without problems is cached, so validation still reports everything after an edit.
    """
    try:
        st = path.stat()
    except OSError:
        return _load_file(path, problems)
    if st.st_size < CACHE_MIN_BYTES:
        return _load_file(path, problems)
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
    parsed = _load_file(path, problems)
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
    return topic, title, tip, [_cached_question(q, topic, path) for q in items]


def _cached_question(q: Any, topic: str, path: str) -> Question:
    """One question of a cache file, validated field by field (ValueError when anything is off)."""

    def text(value: Any, *, optional: bool = False) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise ValueError("text")
        return value

    if not isinstance(q, dict) or set(q) != {f.name for f in _FIELDS}:
        raise ValueError("fields")
    qid, number = q["id"], q["number"]
    if not isinstance(qid, str) or not _SLUG.match(qid) or qid.isdigit():
        raise ValueError("id")
    if isinstance(number, bool) or not isinstance(number, int):
        raise ValueError("number")
    if not 1 <= number <= MAX_QUESTION_NUMBER:
        raise ValueError("number")
    if q["topic"] != topic or q["path"] != path or q["difficulty"] not in DIFFICULTIES:
        raise ValueError("topic/path/difficulty")
    if isinstance(q["line"], bool) or not isinstance(q["line"], int) or q["line"] < 1:
        raise ValueError("line")
    points = q["key_points"]
    if not isinstance(points, list) or not all(
        isinstance(p, list) and p and all(isinstance(t, str) and t for t in p) for p in points
    ):
        raise ValueError("key_points")
    tags = q["tags"]
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        raise ValueError("tags")
    demo = q["demo"]
    if demo is not None and _demo_shape_problem(demo) is not None:
        raise ValueError("demo")
    return Question(
        id=qid,
        number=number,
        topic=topic,
        difficulty=q["difficulty"],
        question=text(q["question"]),
        answer=text(q["answer"]),
        formula=text(q["formula"], optional=True),
        key_points=tuple(tuple(p) for p in points),
        tags=tuple(tags),
        demo=demo,
        path=path,
        line=q["line"],
    )


def _write_cache(cache: Path, stamp: list[Any], parsed: Parsed) -> None:
    import dataclasses
    import json
    import tempfile

    topic, title, tip, questions = parsed
    payload = {
        "stamp": stamp,
        "topic": topic,
        "title": title,
        "tip": tip,
        "questions": [dataclasses.asdict(q) for q in questions],
    }
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache.parent, prefix=".bank-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(payload, f, ensure_ascii=False)
        os.replace(tmp, cache)
    except OSError:
        pass  # caching is an optimisation; a read-only cache dir must not break the quiz


def _problem_line(problem: str) -> int:
    """The line number of a `path:line: ...` problem, for sorting one file's problems."""
    match = re.match(r"^.*?:(\d+)(?::\d+)?: ", problem)
    return int(match.group(1)) if match else 0


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else f"; valid keys: {', '.join(choices)}"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _load_file(path: Path, problems: list[str]) -> Parsed | None:
    """Parse one bank file, appending its problems; None when nothing usable was read."""
    try:
        raw = read_regular_file(path, MAX_BANK_BYTES)
    except QuizError as e:
        problems.append(f"{path}:1: {e}")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        problems.append(
            f"{path}:{line}: file is not valid UTF-8 (byte 0x{raw[e.start]:02x} at offset "
            f"{e.start}); save it with UTF-8 encoding"
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        problems.append(
            f"{path}:1: file is empty; a bank is a mapping with 'topic' and 'questions' keys"
        )
        return None

    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is not None and "&" in text:  # only anchors make aliases that can expand
            _check_expansion(node)
        data = loader.construct_document(node) if node is not None else None
    except _TooLarge as e:
        problems.append(f"{path}:{e.line}: {e}")
        return None
    except (ValueError, OverflowError) as e:  # an integer of more than 4300 digits
        if isinstance(e, yaml.YAMLError):
            raise
        problems.append(f"{path}:1: a number is too large to read ({e})")
        return None
    except RecursionError:
        problems.append(f"{path}:1: the YAML is nested too deeply")
        return None
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        if "unhashable" in (e.problem or ""):
            problems.append(
                f"{path}:{line}: a list or mapping is used as a YAML key (a '?' key or a "
                "'[...]'/'{...}' before ':'); keys must be plain text"
            )
            return None
        tag = re.search(r"tag '([^']+)'", e.problem or "")
        shown = tag.group(1).replace("tag:yaml.org,2002:", "!!") if tag else "?"
        problems.append(
            f"{path}:{line}: unsafe or unknown YAML tag '{shown}' is not allowed; only plain "
            "YAML is loaded (nothing was executed), remove the tag"
        )
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else "1"
        what = e.problem or "invalid YAML"
        if e.context and e.context_mark:
            what += f" ({e.context} started at line {e.context_mark.line + 1})"
        problems.append(f"{path}:{where}: YAML syntax error: {what}")
        return None
    except yaml.YAMLError as e:
        problems.append(f"{path}:1: YAML error: {e}")
        return None
    finally:
        loader.dispose()

    if node is None or data is None:
        problems.append(
            f"{path}:1: file is empty; a bank is a mapping with 'topic' and 'questions' keys"
        )
        return None
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(
            f"{path}:1: expected a mapping with 'topic' and 'questions' keys at the top "
            f"level, found {_kind(data)}"
        )
        return None

    key_lines = _key_lines(node, path, problems, "")
    for key in data:
        if key not in BANK_KEYS:
            problems.append(
                f"{path}:{key_lines.get(key, 1)}: unknown key '{key}'{_did_you_mean(str(key), BANK_KEYS)}"
            )

    topic = data.get("topic")
    ok = True
    if "topic" not in data:
        problems.append(f"{path}:1: missing required key 'topic' (the topic of every question)")
        ok = False
    elif not isinstance(topic, str) or not _SLUG.match(topic):
        problems.append(
            f"{path}:{key_lines['topic']}: topic must be a lowercase slug such as 'loss', "
            f"found {topic!r}"
        )
        ok = False
    title, tip = data.get("title"), data.get("tip")
    for key, value in (("title", title), ("tip", tip)):
        if value is not None and not isinstance(value, str):
            problems.append(
                f"{path}:{key_lines[key]}: '{key}' must be a string, found {_kind(value)}"
            )

    items = data.get("questions")
    if "questions" not in data:
        problems.append(f"{path}:1: missing required key 'questions' (a list of questions)")
        return None
    if not isinstance(items, list):
        problems.append(
            f"{path}:{key_lines['questions']}: 'questions' must be a list, found {_kind(items)}"
        )
        return None
    items_node = next(v for k, v in node.value if k.value == "questions")
    if len(items) > MAX_QUESTIONS_PER_FILE:
        problems.append(
            f"{path}:{key_lines['questions']}: {len(items):,} questions in one file; at most "
            f"{MAX_QUESTIONS_PER_FILE:,} are allowed (split the bank into several files)"
        )
        return None
    questions = []
    for position, (item, item_node) in enumerate(zip(items, items_node.value, strict=True), 1):
        q = _question(path, position, item, item_node, str(topic) if ok else "", problems)
        if q is not None:
            questions.append(q)
    if not ok:
        return None
    return (
        str(topic),
        title if isinstance(title, str) else None,
        (tip if isinstance(tip, str) else None),
        questions,
    )


def _key_lines(node: yaml.MappingNode, path: Path, problems: list[str], who: str) -> dict[Any, int]:
    """Line of every key of a mapping node; a key given twice is a problem (YAML keeps the last)."""
    lines: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key in lines:
            problems.append(
                f"{path}:{line}: {who}duplicate key '{key}' (first given on line {lines[key]})"
            )
        lines[key] = line
    return lines


def _question(
    path: Path,
    position: int,
    item: Any,
    node: yaml.Node,
    topic: str,
    problems: list[str],
) -> Question | None:
    first_line = node.start_mark.line + 1
    if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(
            f"{path}:{first_line}: question #{position}: each question must be a mapping of "
            f"fields (id, difficulty, question, answer, ...), found {_kind(item)}"
        )
        return None
    qid = item.get("id")
    who = f"{qid}" if isinstance(qid, str) and qid else f"question #{position}"
    lines = _key_lines(node, path, problems, f"{who}: ")
    before = len(problems)

    def problem(key: str | None, message: str) -> None:
        line = lines.get(key, first_line) if key else first_line
        problems.append(f"{path}:{line}: {who}: {message}")

    for key in item:
        if key not in QUESTION_KEYS:
            problem(key, f"unknown field '{key}'{_did_you_mean(str(key), QUESTION_KEYS)}")
    for key in REQUIRED_QUESTION_KEYS:
        if key not in item or item[key] is None:
            problem(None, f"missing required field '{key}'")

    if "id" in item and item["id"] is not None:
        if not isinstance(qid, str) or not _SLUG.match(qid) or qid.isdigit():
            problem(
                "id",
                f"id must be a slug of lowercase letters, digits and hyphens such as "
                f"'relu-definition', found {qid!r}",
            )
    number = item.get("number", position)
    if "number" in item and (
        isinstance(number, bool)
        or not isinstance(number, int)
        or not 1 <= number <= MAX_QUESTION_NUMBER
    ):
        shown = repr(number) if len(repr(number)) <= 40 else f"{repr(number)[:20]}..."
        problem(
            "number",
            f"'number' must be a whole number from 1 to {MAX_QUESTION_NUMBER:,}, found {shown}",
        )
    difficulty = item.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTIES:
        hint = difflib.get_close_matches(str(difficulty), DIFFICULTIES, n=1, cutoff=0.5)
        extra = f" (did you mean '{hint[0]}'?)" if hint else ""
        problem(
            "difficulty",
            f"difficulty {difficulty!r} is not one of {', '.join(DIFFICULTIES)}{extra}",
        )
    for key in ("question", "answer", "formula"):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problem(key, f"'{key}' must be non-empty text, found {_kind(value)}")

    key_points = _key_points(item.get("key_points"), problem)
    tags = item.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags)
    ):
        problem("tags", f"'tags' must be a list of strings, found {_kind(tags)}")
        tags = None
    demo = item.get("demo")
    if demo is not None:
        demo_problem = _demo_shape_problem(demo)
        if demo_problem:
            problem("demo", demo_problem)

    if len(problems) > before:
        return None
    return Question(
        id=cast(str, qid),  # validated above: a slug, and difficulty one of DIFFICULTIES
        number=number,
        topic=topic,
        difficulty=cast(str, difficulty),
        question=item["question"].strip(),
        answer=item["answer"].strip(),
        formula=item["formula"].strip() if item.get("formula") else None,
        key_points=key_points,
        tags=tuple(tags or ()),
        demo=demo,
        path=str(path),
        line=first_line,
    )


def _key_points(raw: Any, problem: Any) -> tuple[tuple[str, ...], ...]:
    """Key points as phrasings; a bare string is a key point with one phrasing."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problem("key_points", f"'key_points' must be a list, found {_kind(raw)}")
        return ()
    points: list[tuple[str, ...]] = []
    for i, point in enumerate(raw, 1):
        phrasings = [point] if isinstance(point, str | int | float) else point
        if not isinstance(phrasings, list) or not phrasings or isinstance(point, bool):
            problem(
                "key_points",
                f"key point {i} must be a list of acceptable phrasings, found {_kind(point)}",
            )
            continue
        texts = [str(p).strip() for p in phrasings if isinstance(p, str | int | float)]
        if len(texts) != len(phrasings) or not all(texts):
            problem("key_points", f"key point {i} must contain only non-empty text phrasings")
            continue
        points.append(tuple(texts))
    return tuple(points)


def _demo_shape_problem(demo: Any) -> str | None:
    """Check a `demo:` entry's shape; whether it runs is checked by `quiz validate`."""
    if not isinstance(demo, dict):
        return f"'demo' must be a mapping with 'name' or 'scenario', found {_kind(demo)}"
    unknown = [k for k in demo if k not in ("name", "scenario", "args")]
    if unknown:
        return f"unknown demo field '{unknown[0]}'{_did_you_mean(str(unknown[0]), ('name', 'scenario', 'args'))}"
    if ("name" in demo) == ("scenario" in demo):
        return "'demo' needs exactly one of 'name' (a catalogue demo) or 'scenario'"
    target = demo.get("name", demo.get("scenario"))
    if not isinstance(target, str) or not target:
        return "the demo's 'name'/'scenario' must be text"
    args = demo.get("args", {})
    if not isinstance(args, dict):
        return f"'demo.args' must be a mapping of parameter to value, found {_kind(args)}"
    return None


class _TooLarge(Exception):
    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def _check_expansion(root: yaml.Node) -> None:
    """Refuse a document whose aliases expand past MAX_YAML_NODES (or refer to themselves).

    An alias is the same node object met again, so walking the tree counts every expansion;
    the walk is iterative and stops at the limit, so a recursive alias cannot loop forever.
    """
    budget = MAX_YAML_NODES
    stack = [root]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            raise _TooLarge(
                f"YAML aliases expand this file past {MAX_YAML_NODES:,} values (or an alias "
                "refers to itself); write the values out instead",
                node.start_mark.line + 1,
            )
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    Opened without blocking and checked on the open descriptor, so a FIFO, a device such as
    /dev/zero or a socket is refused at once (never read forever), and a file that grows past
    the limit while it is read is refused too.

    Raises:
        QuizError: not a regular file, larger than `limit`, or unreadable (the message has no
            path: callers add their own context).
    """
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        import errno

        if e.errno == errno.ELOOP:
            raise QuizError("cannot read file: it is a symlink loop") from None
        raise QuizError(f"cannot read file: {e.strerror or e}") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise QuizError("not a regular file (a folder, FIFO, device or socket); it was not read")
    with os.fdopen(fd, "rb") as f:
        if st.st_size > limit:
            raise QuizError(f"file is {st.st_size:,} bytes; at most {limit:,} bytes are allowed")
        try:
            data = f.read(limit + 1)
        except OSError as e:
            raise QuizError(f"cannot read file: {e.strerror or e}") from None
    if len(data) > limit:
        raise QuizError(f"file is larger than {limit:,} bytes, the most allowed")
    return data
