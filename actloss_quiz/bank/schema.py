"""The YAML rules of a bank file: parse one file into questions, reporting every problem as
`path:line: id: message`.

Banks are parsed once into a YAML node tree (to know the line of every key) and constructed with
the *safe* constructor only, so a `!!python/object` tag is reported, never executed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from actloss_quiz.bank.model import (
    MAX_BANK_BYTES,
    MAX_PHRASINGS_PER_FILE,
    MAX_PHRASINGS_PER_POINT,
    MAX_PHRASINGS_PER_QUESTION,
    MAX_QUESTION_NUMBER,
    MAX_QUESTIONS_PER_FILE,
    MAX_SYNONYM_ENTRIES,
    MAX_YAML_NODES,
    SLUG,
    Examples,
    FollowUp,
    KeyPoint,
    Misconception,
    Parsed,
    Question,
)
from actloss_quiz.errors import QuizError
from actloss_quiz.vocab import DIFFICULTIES, closest, did_you_mean

if TYPE_CHECKING:  # PyYAML is imported only when a bank is parsed (a cached bank is not)
    import yaml


BANK_KEYS = ("topic", "title", "tip", "override", "synonyms", "domain", "questions")
QUESTION_KEYS = (
    "id",
    "number",
    "difficulty",
    "question",
    "answer",
    "formula",
    "key_points",
    "misconceptions",
    "tags",
    "demo",
    "follow_ups",
    "subject",
)
FOLLOW_UP_KEYS = ("question", "answer", "key_points", "misconceptions", "demo", "subject")
REQUIRED_FOLLOW_UP_KEYS = ("question", "answer")
REQUIRED_QUESTION_KEYS = ("id", "difficulty", "question", "answer")
KEY_POINT_KEYS = ("phrasings", "core", "formula", "variables", "examples")
REQUIRED_MISCONCEPTION_KEYS = ("claim", "phrasings", "correction")
MISCONCEPTION_KEYS = (*REQUIRED_MISCONCEPTION_KEYS, "examples")
EXAMPLE_KEYS = ("match", "no_match")


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    close = closest(word, choices, cutoff=0.6)
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


def parse_file(path: Path, problems: list[str], raw: bytes | None = None) -> Parsed | None:
    """Parse one bank file (or its bytes `raw`, already read), appending its problems; None
    when nothing usable was read."""
    if raw is None:
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

    import yaml

    try:  # LibYAML is several times faster; the pure-Python loader is the fallback.
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover - depends on how PyYAML was built
        from yaml import SafeLoader as Loader  # type: ignore[assignment]

    loader = Loader(text)
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
    except yaml.reader.ReaderError as e:  # a character YAML does not allow, e.g. ESC
        line = text.count("\n", 0, e.position) + 1
        code = e.character if isinstance(e.character, int) else ord(e.character)
        problems.append(
            f"{path}:{line}: character U+{code:04X} is not allowed in YAML (control "
            'characters must be written as escapes inside double quotes, e.g. "\\e")'
        )
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
    elif not isinstance(topic, str) or not SLUG.match(topic):
        problems.append(
            f"{path}:{key_lines['topic']}: topic must be a lowercase slug such as 'loss', "
            f"found {topic!r}"
        )
        ok = False
    title, tip = data.get("title"), data.get("tip")
    override = data.get("override", False)
    if not isinstance(override, bool):
        problems.append(
            f"{path}:{key_lines['override']}: 'override' must be true or false, found "
            f"{_kind(override)}"
        )
    for key, value in (("title", title), ("tip", tip)):
        if value is not None and not isinstance(value, str):
            problems.append(
                f"{path}:{key_lines[key]}: '{key}' must be a string, found {_kind(value)}"
            )

    groups = parse_synonyms(
        data.get("synonyms"),
        _value_node(node, "synonyms"),
        lambda line, message: problems.append(f"{path}:{line}: {message}"),
        line=key_lines.get("synonyms", 1),
    )
    names = parse_domain(
        data.get("domain"),
        _value_node(node, "domain"),
        lambda line, message: problems.append(f"{path}:{line}: {message}"),
        line=key_lines.get("domain", 1),
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
    # the last `questions:` node, the one YAML kept (a repeated key: the later value wins)
    items_node = [v for k, v in node.value if k.value == "questions"][-1]
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
    if not shape_fits(path, questions, groups, key_lines, problems):
        return None
    if not ok:
        return None
    return (
        str(topic),
        title if isinstance(title, str) else None,
        (tip if isinstance(tip, str) else None),
        questions,
        groups,
        override is True,
        names,
    )


def shape_fits(
    path: Path,
    questions: list[Question],
    groups: list[tuple[str, ...]],
    key_lines: dict[Any, int],
    problems: list[str],
) -> bool:
    """The bank-shape limits (README "Limits"), checked before any answer is judged: phrasings
    per key point or misconception, per question or follow-up, per file, and synonym entries."""
    before = len(problems)
    total = 0
    for q in questions:
        parts: list[Question | FollowUp] = [q, *q.follow_ups]
        for part in parts:
            ideas: list[KeyPoint | Misconception] = [*part.key_points, *part.misconceptions]
            for idea in ideas:
                if len(idea.phrasings) > MAX_PHRASINGS_PER_POINT:
                    problems.append(
                        f"{path}:{idea.line}: {q.id}: {len(idea.phrasings):,} phrasings in one key "
                        f"point or misconception; at most {MAX_PHRASINGS_PER_POINT:,} are allowed"
                    )
            n = sum(len(idea.phrasings) for idea in ideas)
            total += n
            if n > MAX_PHRASINGS_PER_QUESTION:
                problems.append(
                    f"{path}:{part.line}: {q.id}: {n:,} phrasings in one question or follow-up; "
                    f"at most {MAX_PHRASINGS_PER_QUESTION:,} are allowed"
                )
    if total > MAX_PHRASINGS_PER_FILE:
        problems.append(
            f"{path}:{key_lines.get('questions', 1)}: {total:,} phrasings in one file; at most "
            f"{MAX_PHRASINGS_PER_FILE:,} are allowed (split the bank into several files)"
        )
    entries = sum(len(g) for g in groups)
    if entries > MAX_SYNONYM_ENTRIES:
        problems.append(
            f"{path}:{key_lines.get('synonyms', 1)}: {entries:,} synonym entries in one file; at "
            f"most {MAX_SYNONYM_ENTRIES:,} are allowed"
        )
    return len(problems) == before


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
    import yaml

    first_line = node.start_mark.line + 1
    if not isinstance(item, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(
            f"{path}:{first_line}: question #{position}: each question must be a mapping of "
            f"fields (id, difficulty, question, answer, ...), found {_kind(item)}"
        )
        return None
    qid = item.get("id")
    # (an id that is no slug names nothing: it may hold a newline; the message quotes it)
    who = qid if isinstance(qid, str) and SLUG.match(qid) else f"question #{position}"
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
        if not isinstance(qid, str) or not SLUG.match(qid) or qid.isdigit():
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
        extra = did_you_mean(str(difficulty), DIFFICULTIES)
        problem(
            "difficulty",
            f"difficulty {difficulty!r} is not one of {', '.join(DIFFICULTIES)}{extra}",
        )
    for key in ("question", "answer", "formula"):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problem(key, f"'{key}' must be non-empty text, found {_kind(value)}")

    def report(line: int, message: str) -> None:
        problems.append(f"{path}:{line}: {who}: {message}")

    key_points, misconceptions = _parse_points(item, node, report, lines, first_line)
    subject = parse_subject(item.get("subject"), report, line=lines.get("subject", first_line))
    tags = item.get("tags")
    if tags is not None and (
        not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags)
    ):
        problem("tags", f"'tags' must be a list of strings, found {_kind(tags)}")
        tags = None
    demo = item.get("demo")
    if demo is not None:
        demo_problem = demo_shape_problem(demo)
        if demo_problem:
            problem("demo", demo_problem)
    follow_ups = parse_follow_ups(
        item.get("follow_ups"),
        _value_node(node, "follow_ups"),
        report,
        line=lines.get("follow_ups", first_line),
        key_lines=lambda n, prefix: _key_lines(n, path, problems, f"{who}: {prefix}"),
    )

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
        misconceptions=misconceptions,
        follow_ups=follow_ups,
        subject=subject,
    )


# Problems found while parsing a field: (line, message); the caller adds `path:` and `id:`.
Report = Callable[[int, str], None]


def _value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of `key` in a mapping node, for the lines of its items."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if k.value == key), None)


def _item_line(node: yaml.Node | None, index: int, default: int) -> int:
    """Line of the `index`-th item of a sequence node (`default` when unknown)."""
    import yaml

    if isinstance(node, yaml.SequenceNode) and index < len(node.value):
        return int(node.value[index].start_mark.line) + 1
    return default


def _texts(raw: Any) -> tuple[str, ...] | None:
    """A non-empty list of non-empty text (numbers allowed, as text); None when it is not."""
    if not isinstance(raw, list) or not raw:
        return None
    if not all(isinstance(p, str | int | float) and not isinstance(p, bool) for p in raw):
        return None
    texts = tuple(str(p).strip() for p in raw)
    return texts if all(texts) else None


def parse_key_points(
    raw: Any, node: yaml.Node | None, report: Report, *, line: int, name: str = "key_points"
) -> tuple[KeyPoint, ...]:
    """Key points in either form: a list of phrasings (a bare string is one phrasing), or a
    mapping `{phrasings: [...], core: true}`. Problems go to `report(line, message)`.

    Reused for follow-ups (issue #13): pass the follow-up's `key_points` value and node.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        report(line, f"'{name}' must be a list, found {_kind(raw)}")
        return ()
    points: list[KeyPoint] = []
    for i, point in enumerate(raw, 1):
        at = _item_line(node, i - 1, line)
        core = False
        extras: dict[str, Any] = {}
        if isinstance(point, dict):
            bad = [k for k in point if k not in KEY_POINT_KEYS]
            for k in bad:
                report(
                    at, f"key point {i}: unknown field '{k}'{_did_you_mean(str(k), KEY_POINT_KEYS)}"
                )
            if "phrasings" not in point:
                report(at, f"key point {i}: missing 'phrasings' (a list of acceptable phrasings)")
                continue
            core = point.get("core", False)
            if not isinstance(core, bool):
                report(at, f"key point {i}: 'core' must be true or false, found {_kind(core)}")
                continue
            if bad:
                continue
            found = _point_extras(point, report, at, f"key point {i}: ")
            if found is None:
                continue
            extras = found
            phrasings = point["phrasings"]
        elif isinstance(point, str | int | float) and not isinstance(point, bool):
            phrasings = [point]
        else:
            phrasings = point
        if not isinstance(phrasings, list) or not phrasings:
            report(
                at,
                f"key point {i} must be a list of acceptable phrasings or a mapping with "
                f"'phrasings' and 'core', found {_kind(phrasings)}",
            )
            continue
        texts = _texts(phrasings)
        if texts is None:
            report(at, f"key point {i} must contain only non-empty text phrasings")
            continue
        points.append(KeyPoint(texts, core, **extras, line=at))
    return tuple(points)


def parse_misconceptions(
    raw: Any,
    node: yaml.Node | None,
    report: Report,
    *,
    line: int,
    key_points: Sequence[KeyPoint] = (),
    name: str = "misconceptions",
) -> tuple[Misconception, ...]:
    """Misconceptions: a list of `{claim, phrasings, correction}` mappings, all three required.
    A phrasing that is also one of `key_points`' phrasings is a problem (an answer would be
    both right and wrong). Reused for follow-ups (issue #13).
    """
    owner = {_plain(p): j for j, point in enumerate(key_points, 1) for p in point.phrasings}
    if raw is None:
        return ()
    if not isinstance(raw, list):
        report(line, f"'{name}' must be a list, found {_kind(raw)}")
        return ()
    found: list[Misconception] = []
    for i, item in enumerate(raw, 1):
        at = _item_line(node, i - 1, line)
        if not isinstance(item, dict):
            report(
                at,
                f"misconception {i} must be a mapping with 'claim', 'phrasings' and "
                f"'correction', found {_kind(item)}",
            )
            continue
        ok = True
        for k in item:
            if k not in MISCONCEPTION_KEYS:
                report(
                    at,
                    f"misconception {i}: unknown field '{k}'{_did_you_mean(str(k), MISCONCEPTION_KEYS)}",
                )
                ok = False
        for k in REQUIRED_MISCONCEPTION_KEYS:
            if k not in item:
                report(at, f"misconception {i}: missing '{k}'")
                ok = False
        for k in ("claim", "correction"):
            value = item.get(k)
            if k in item and (not isinstance(value, str) or not value.strip()):
                report(at, f"misconception {i}: '{k}' must be non-empty text, found {_kind(value)}")
                ok = False
        phrasings = _texts(item.get("phrasings"))
        if "phrasings" in item and phrasings is None:
            report(
                at,
                f"misconception {i}: 'phrasings' must be a non-empty list of non-empty text "
                f"phrasings, found {_kind(item.get('phrasings'))}",
            )
            ok = False
        for p in phrasings or ():
            j = owner.get(_plain(p))
            if j is not None:
                report(
                    at,
                    f"misconception {i} phrasing '{p}' is also a phrasing of key point {j}; "
                    "an answer cannot both state a key point and be wrong",
                )
                ok = False
        extras = _point_extras(
            {"examples": item["examples"]} if "examples" in item else {},
            report,
            at,
            f"misconception {i}: ",
        )
        if ok and phrasings is not None and extras is not None:
            found.append(
                Misconception(
                    item["claim"].strip(),
                    phrasings,
                    " ".join(item["correction"].split()),
                    **extras,
                    line=at,
                )
            )
    return tuple(found)


def _parse_points(
    item: dict[Any, Any],
    node: yaml.Node | None,
    report: Report,
    lines: Mapping[Any, int],
    line: int,
) -> tuple[tuple[KeyPoint, ...], tuple[Misconception, ...]]:
    """The `key_points` and `misconceptions` of a question or follow-up mapping `item` (its
    node `node`), each problem reported at its field's line in `lines`, else at `line`."""
    key_points = parse_key_points(
        item.get("key_points"),
        _value_node(node, "key_points"),
        report,
        line=lines.get("key_points", line),
    )
    misconceptions = parse_misconceptions(
        item.get("misconceptions"),
        _value_node(node, "misconceptions"),
        report,
        line=lines.get("misconceptions", line),
        key_points=key_points,
    )
    return key_points, misconceptions


def parse_follow_ups(
    raw: Any,
    node: yaml.Node | None,
    report: Report,
    *,
    line: int,
    key_lines: Callable[[yaml.MappingNode, str], dict[Any, int]] | None = None,
) -> tuple[FollowUp, ...]:
    """A question's `follow_ups`: a list of mappings with a required `question` and `answer`
    and optional `key_points`, `misconceptions` and `demo`, each checked like a question's
    (the same parsers), every problem at its own line and prefixed with `follow-up N:`.
    `key_lines(node, prefix)` returns the line of each key and reports a key given twice.
    """
    import yaml

    if raw is None:
        return ()
    if not isinstance(raw, list):
        report(
            line,
            f"'follow_ups' must be a list of follow-up questions (mappings with 'question' "
            f"and 'answer'), found {_kind(raw)}",
        )
        return ()
    found: list[FollowUp] = []
    for i, item in enumerate(raw, 1):
        item_node = node.value[i - 1] if isinstance(node, yaml.SequenceNode) else None
        at = _item_line(node, i - 1, line)
        prefix = f"follow-up {i}: "
        if not isinstance(item, dict) or not isinstance(item_node, yaml.MappingNode):
            report(
                at,
                f"{prefix}each follow-up must be a mapping with 'question' and 'answer', "
                f"found {_kind(item)}",
            )
            continue
        lines = key_lines(item_node, prefix) if key_lines else {}
        problems: list[tuple[int, str]] = []

        def say(
            at_line: int,
            message: str,
            problems: list[tuple[int, str]] = problems,
            prefix: str = prefix,
        ) -> None:
            problems.append((at_line, prefix + message))

        for key in item:
            if key not in FOLLOW_UP_KEYS:
                say(
                    lines.get(key, at),
                    f"unknown field '{key}'{_did_you_mean(str(key), FOLLOW_UP_KEYS)}",
                )
        for key in REQUIRED_FOLLOW_UP_KEYS:
            value = item.get(key)
            if key not in item or value is None:
                say(at, f"missing required field '{key}'")
            elif not isinstance(value, str) or not value.strip():
                say(lines.get(key, at), f"'{key}' must be non-empty text, found {_kind(value)}")
        key_points, misconceptions = _parse_points(item, item_node, say, lines, at)
        subject = parse_subject(item.get("subject"), say, line=lines.get("subject", at))
        demo = item.get("demo")
        if demo is not None:
            demo_problem = demo_shape_problem(demo)
            if demo_problem:
                say(lines.get("demo", at), demo_problem)
        for at_line, message in problems:
            report(at_line, message)
        if problems:
            continue
        found.append(
            FollowUp(
                question=" ".join(item["question"].split()),
                answer=item["answer"].strip(),
                key_points=key_points,
                misconceptions=misconceptions,
                demo=demo,
                line=at,
                subject=subject,
            )
        )
    return tuple(found)


def _plain(text: str) -> str:
    """A phrasing in lowercase with hyphens as spaces, to compare phrasings; symbols are kept
    ("1/(1+e^x)" differs from "1/(1+e^-x)"). No stemming: the stemmer loads only to score."""
    return re.sub(r"[\s_-]+", " ", text.casefold()).strip()


def parse_synonyms(
    raw: Any, node: yaml.Node | None, report: Report, *, line: int
) -> list[tuple[str, ...]]:
    """A bank's `synonyms:`: a list of groups, each at least two interchangeable words/phrases."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        report(
            line,
            f"'synonyms' must be a list of groups such as [target, label, ground truth], "
            f"found {_kind(raw)}",
        )
        return []
    groups = []
    for i, group in enumerate(raw, 1):
        texts = _texts(group)
        if texts is None or len(texts) < 2:
            report(
                _item_line(node, i - 1, line),
                f"synonym group {i} must be a list of at least two non-empty words or "
                f"phrases, found {_kind(group)}",
            )
            continue
        groups.append(texts)
    return groups


# ---------------------------------------------------------------------------------------------
# Judging II (issue 18): subjects, the domain list, formulas and examples of a point.


def parse_subject(raw: Any, report: Report, *, line: int) -> tuple[str, ...]:
    """A question's or follow-up's `subject:` (a name, or a list of names, the first canonical)."""
    if raw is None:
        return ()
    names = _texts([raw] if isinstance(raw, str) else raw)
    if names is None:
        report(
            line,
            f"'subject' must be a list of names such as [mse, mean squared error], found "
            f"{_kind(raw)}",
        )
        return ()
    return names


def parse_domain(
    raw: Any, node: yaml.Node | None, report: Report, *, line: int
) -> list[tuple[str, ...]]:
    """A bank's `domain:`: groups of names of things answers talk about ([mae, l1 loss], [tanh])."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        report(
            line,
            f"'domain' must be a list of name groups such as [[mae, mean absolute error], "
            f"[tanh]], found {_kind(raw)}",
        )
        return []
    groups = []
    for i, group in enumerate(raw, 1):
        texts = _texts([group] if isinstance(group, str) else group)
        if texts is None:
            report(
                _item_line(node, i - 1, line),
                f"domain group {i} must be a list of one or more non-empty names, found "
                f"{_kind(group)}",
            )
            continue
        groups.append(texts)
    return groups


_VARIABLE = re.compile(r"^[A-Za-z_\u0370-\u03ff][A-Za-z0-9_\u0370-\u03ff]*\Z")


def _point_extras(
    point: Mapping[Any, Any], report: Report, at: int, prefix: str
) -> dict[str, Any] | None:
    """The optional `formula`, `variables` and `examples` of a key point (or the `examples` of a
    misconception) as KeyPoint/Misconception fields; None (after `say`) when one is malformed.
    Whether the formula parses is checked by `quiz validate`, which loads the parser."""

    def say(message: str) -> None:
        report(at, prefix + message)

    out: dict[str, Any] = {}
    ok = True
    formula = point.get("formula")
    if "formula" in point:
        if not isinstance(formula, str) or not formula.strip():
            say(
                f"'formula' must be a non-empty expression such as \"1/(1+exp(-x))\", found {_kind(formula)}"
            )
            ok = False
        else:
            out["formula"] = formula.strip()
    if "variables" in point:
        names = _texts(point["variables"])
        if names is None or not all(_VARIABLE.match(n) for n in names):
            say(
                f"'variables' must be a list of variable names such as [y, p], found {_kind(point['variables'])}"
            )
            ok = False
        elif "formula" not in point:
            say("'variables' needs a 'formula'")
            ok = False
        else:
            out["variables"] = names
    if "examples" in point:
        examples = point["examples"]
        if not isinstance(examples, dict):
            say(
                f"'examples' must be a mapping with 'match' and/or 'no_match' lists, found {_kind(examples)}"
            )
            return None
        for k in examples:
            if k not in EXAMPLE_KEYS:
                say(f"examples: unknown field '{k}'{_did_you_mean(str(k), EXAMPLE_KEYS)}")
                ok = False
        lists: dict[str, tuple[str, ...]] = {}
        for k in EXAMPLE_KEYS:
            if k in examples:
                texts = _texts(examples[k])
                if texts is None:
                    say(
                        f"examples: '{k}' must be a non-empty list of sentences, found {_kind(examples[k])}"
                    )
                    ok = False
                else:
                    lists[k] = texts
        out["examples"] = Examples(**lists)
    return out if ok else None


def demo_shape_problem(demo: Any) -> str | None:
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
    import yaml

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
            # Its size and one byte more: a buffer of `limit` bytes (20 MiB for a cache) costs
            # more than reading the file. A file that grew meanwhile is read on to the limit.
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:
                data += f.read(limit + 1 - len(data))
        except OSError as e:
            raise QuizError(f"cannot read file: {e.strerror or e}") from None
    if len(data) > limit:
        raise QuizError(f"file is larger than {limit:,} bytes, the most allowed")
    return data
