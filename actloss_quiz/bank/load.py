"""Find and load question banks: the bundled bank, the user's bank folder, `--questions` paths
and `ACTLOSS_QUIZ_QUESTIONS`, cross-checked into one `Bank` (ids unique, numbers unique per topic,
the override rule).

Each file goes through the parsed-bank cache (`cache`), which falls back to the YAML rules
(`schema`); the arrows run one way: load -> cache -> schema -> model.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from actloss_quiz.bank.cache import Lexicon, LexiconLoader, load_file_cached
from actloss_quiz.bank.model import MAX_QUESTIONS, MAX_SYNONYM_ENTRIES_ALL, Bank, Question
from actloss_quiz.bank.model import Lexicon as BankLexicon
from actloss_quiz.errors import BankError, QuizError
from actloss_quiz.vocab import APP_NAME, program

ENV_QUESTIONS = "ACTLOSS_QUIZ_QUESTIONS"
USER_BANKS = "questions"  # folder in the user data directory whose banks are always loaded


def bundled_questions_dir() -> Path:
    """The shipped bank: inside the wheel, or the repo's top-level `questions/` in a checkout.

    Found from this file's own place, as `importlib.resources.files("actloss_quiz")` finds a
    package on disk (importing importlib.resources cost 10-25 ms at every start)."""
    package = Path(__file__).parents[1]
    packaged = package / "questions"
    if packaged.is_dir():
        return packaged
    return package.resolve().parent / "questions"


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


def user_banks_dir() -> Path:
    """The user's own banks (`quiz edit` copies bundled banks here), loaded on every run."""
    from actloss_quiz.userdirs import user_dir

    return user_dir("data", APP_NAME) / USER_BANKS


def load_bank(extra: Sequence[Path] = (), *, bundled: bool = True, user: bool = True) -> Bank:
    """Load the bundled bank (unless `bundled` is false), the banks in the user's bank folder
    (unless `user` is false) and the extra files or folders.

    Raises:
        BankError: with every problem of every file, never only the first.
        QuizError: a given path does not exist.
    """
    files, bundled_files = bank_files(extra, bundled=bundled, user=user)
    bank = load_files(files, bundled=bundled_files)
    if bundled:
        return bank
    # The bundled domain synonyms apply to every bank, even when its questions are left out.
    shipped = expand_paths([bundled_questions_dir()], origin="bundled bank")
    shipped_bank = load_files(shipped)
    return dataclasses.replace(
        bank,
        synonyms=_merge_groups([*shipped_bank.synonyms, *bank.synonyms]),
        synonym_forms={**shipped_bank.synonym_forms, **bank.synonym_forms},
    )


def _merge_groups(groups: Iterable[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    """Synonym groups in order, each given once."""
    return tuple(dict.fromkeys(groups))


def bank_files(
    extra: Sequence[Path] = (), *, bundled: bool = True, user: bool = True
) -> tuple[list[Path], list[Path]]:
    """The bank files `load_bank` reads, in order and without repeats, and the bundled ones."""
    files: list[Path] = []
    bundled_files: list[Path] = []
    if bundled:
        bundled_files = expand_paths([bundled_questions_dir()], origin="bundled bank")
        files.extend(bundled_files)
    if user:
        files.extend(_user_bank_files(user_banks_dir()))
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
    return unique, bundled_files


def _user_bank_files(folder: Path) -> list[Path]:
    """The banks in the user's bank folder (none when it is missing or empty). A folder that
    cannot be read is an error naming it: its banks and `quiz edit` copies never vanish
    silently."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith((".yaml", ".yml")))
    except (FileNotFoundError, NotADirectoryError):
        return []
    except OSError as e:
        raise QuizError(
            f"your bank folder '{folder}' cannot be read ({e.strerror or e}); it holds your "
            f"banks and the copies '{program()} edit' made: fix its permissions (chmod u+rx '{folder}')"
        ) from None
    return [folder / n for n in names]


def find_id_line(files: Sequence[Path], question_id: str) -> tuple[Path, int] | None:
    """Where `id: QUESTION_ID` is written, found by text (for a bank that does not load); the
    last file wins, as a user bank's copy overrides the bundled one."""
    pattern = re.compile(rf"^\s*(?:-\s+)?id:\s*['\"]?{re.escape(question_id)}['\"]?\s*(?:#.*)?$")
    found = None
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            if pattern.match(line):
                found = (path, number)
    return found


def _overridden(
    questions: list[Question], overriding: set[str], shipped: set[str]
) -> list[Question]:
    """The questions with each bundled one replaced, in its place, by the first question of an
    override bank with its id (so `quiz list` keeps the bank's order after `quiz edit`)."""
    replacement: dict[str, Question] = {}
    for q in questions:
        if q.id in overriding and q.path not in shipped:
            replacement.setdefault(q.id, q)
    bundled_ids = {q.id for q in questions if q.path in shipped}
    moved = {id(r) for qid, r in replacement.items() if qid in bundled_ids}
    placed: list[Question] = []
    for q in questions:
        if q.path in shipped and q.id in replacement:
            placed.append(replacement[q.id])
        elif id(q) not in moved:
            placed.append(q)
    return placed


def load_files(files: Sequence[Path], *, bundled: Sequence[Path] = ()) -> Bank:
    """Parse and cross-check bank files: ids unique overall, numbers unique per topic.

    The override rule: a question of a bank file with `override: true` at its top replaces the
    question with the same id from a `bundled` file (instead of being a duplicate id). Between
    any other files, an id used twice is a problem.

    The cyclic garbage collector is paused meanwhile: decoding and building 10,000s of
    questions allocates millions of objects, none of them garbage, and the collections they
    set off walked the growing heap again and again (superlinear in the bank's size).
    """
    import gc

    paused = gc.isenabled()
    gc.disable()
    try:
        return _load_files(files, bundled)
    finally:
        if paused:
            gc.enable()


def _load_files(files: Sequence[Path], bundled: Sequence[Path]) -> Bank:
    problems: list[str] = []
    questions: list[Question] = []
    titles: dict[str, str] = {}
    tips: dict[str, str] = {}
    overriding: set[str] = set()  # ids given by override banks
    synonyms: list[tuple[str, ...]] = []
    domain: list[tuple[str, ...]] = []
    forms: dict[tuple[str, ...], tuple[tuple[str, ...], ...]] = {}  # normalised, from caches
    shipped_dir = bundled_questions_dir()
    known: list[LexiconLoader] = []  # each cached file's known words and stems, read later

    for path in files:
        found: list[str] = []
        # The bundled banks are always served from the cache: no YAML parsed, no PyYAML imported.
        always = path.parent == shipped_dir
        parsed = load_file_cached(
            path,
            found,
            forms,
            _synonym_forms,
            always=always,
            known=known,
            vocabulary=_known,
            texts=_texts,
        )
        problems.extend(sorted(found, key=_problem_line))
        if parsed is None:
            continue
        topic, title, tip, qs, groups, override, names = parsed
        synonyms.extend(groups)
        domain.extend(names)
        if override:
            overriding.update(q.id for q in qs)
            if title:  # the user's copy names the topic
                titles[topic] = title
            if tip:
                tips[topic] = tip
        if title:
            titles.setdefault(topic, title)
        if tip:
            tips.setdefault(topic, tip)
        questions.extend(qs)
    if overriding:
        questions = _overridden(questions, overriding, {str(p) for p in bundled})

    entries = sum(len(g) for g in synonyms)
    if entries > MAX_SYNONYM_ENTRIES_ALL:
        problems.append(
            f"{entries:,} synonym entries are loaded; at most {MAX_SYNONYM_ENTRIES_ALL:,} are "
            "allowed in all banks together"
        )
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
                "; ids must be unique across all loaded banks (only a bank with 'override: true' "
                "may replace bundled questions)"
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
    # The known words of the bank's questions, when every file gave its own from the cache
    # (with an override bank some of a file's questions are replaced: then they are computed).
    every = len(known) == len(files) and not overriding
    return Bank(
        tuple(questions),
        tuple(str(f) for f in files),
        titles,
        tips,
        _merge_groups(synonyms),
        _merge_groups(domain),
        forms,
        _merged_lexicon(known, every=every) if known else None,
    )


def _merged_lexicon(loaders: list[LexiconLoader], *, every: bool) -> Callable[[], BankLexicon]:
    """The bank's `Lexicon` from its cached files' (read when the judge first asks): the known
    words and answer terms only when `every` file gave its own and none is damaged, the stems
    of every file that did (a word's stem holds whatever file it came from)."""

    def merged() -> BankLexicon:
        read = [load() for load in loaders]
        files = [r for r in read if r is not None]
        stems: dict[str, str] = {}
        for _words, file_stems, _docs in files:
            stems.update(file_stems)
        if not every or len(files) < len(read):
            return None, stems, None
        words = frozenset().union(*(words for words, _stems, _docs in files))
        return words, stems, tuple(doc for _words, _stems, docs in files for doc in docs)

    return merged


def _synonym_forms(group: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """A synonym group as the scorer normalises it, for the parsed-bank cache to keep (the
    scorer is imported only when a large bank with synonyms is cached)."""
    from actloss_quiz.scoring import synonym_forms

    return synonym_forms(group)


def _known(questions: list[Question], names: list[tuple[str, ...]]) -> Lexicon:
    """The scorer's `lexicon` of a file's questions (known words, stems of its words with its
    domain names, model answers' terms), for the parsed-bank cache to keep (the scorer is
    imported only as a cache is written)."""
    from actloss_quiz.scoring import lexicon

    return lexicon(questions, names)


def _texts(of: Question | list[tuple[str, ...]]) -> bytes:
    """What the scorer normalises to read a question (its phrasings and subject), or a file's
    domain names with the scorer's own rule words, normalised, for the parsed-bank cache to keep
    (the scorer is imported only as a cache is written)."""
    from actloss_quiz.scoring import phrasing_texts, question_texts

    if isinstance(of, Question):
        return phrasing_texts(question_texts(of))
    return phrasing_texts([name for group in of for name in group], rules=True)


def _problem_line(problem: str) -> int:
    """The line number of a `path:line: ...` problem, for sorting one file's problems."""
    match = re.match(r"^.*?:(\d+)(?::\d+)?: ", problem)
    return int(match.group(1)) if match else 0
