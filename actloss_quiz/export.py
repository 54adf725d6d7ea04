"""Writers for `quiz export`: CSV shapes of the history and the bank as an Anki text file.

Every writer takes an open text file (opened with `newline=""`) and an iterable of rows, writes
as it goes (constant memory for any history size) and returns the number of data rows. Opening,
`--force` and the atomic rename belong to the command (`actloss_quiz.commands.export`). The
review history has a faster writer of the same bytes, `write_review_history`, which reads the
database itself: SQLite makes the cells, Python checks them a column at a time.

CSV conventions (RFC 4180 through the `csv` module): UTF-8, a header row, `\\r\\n` line endings,
minimal quoting, numbers as plain decimals (never `1e-05`), booleans as `true`/`false`, times as
ISO 8601 UTC with offset, and an empty cell for a missing value. A text cell that a spreadsheet
would run as a formula (first character `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`,
unless it is a plain number such as `-0.5`, which a spreadsheet reads as a number anyway.

The Anki file follows Anki's "Importing text files" conventions: `#` header lines, tab
separated, HTML fields (so no raw tab, newline or double quote ever needs quoting), guid column
first so re-importing updates notes instead of duplicating them. The headers name the note type
(Basic), the deck and the columns, so Anki never falls back to the note type or deck that the
profile used last (a user whose last note type was Cloze would get Cloze notes).
"""

from __future__ import annotations

import csv
import html
import re
import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from itertools import repeat
from typing import TYPE_CHECKING, Any, TextIO

from msgspec import Struct
from msgspec.json import encode as json_encode

from actloss_quiz.errors import QuizUsageError
from actloss_quiz.numbers import exact_decimal
from actloss_quiz.text import safe_text

if TYPE_CHECKING:
    from actloss_quiz.bank import Question
    from actloss_quiz.store import DrillAnswerRow, QuestionAggregate, SessionRow

LINE_TERMINATOR = "\r\n"  # RFC 4180; the Anki file uses "\n" like Anki's own exporter
ANKI_LINE_TERMINATOR = "\n"

REVIEW_COLUMNS = (
    "reviewed_at",
    "session_id",
    "question_id",
    "number",
    "topic",
    "difficulty",
    "rating",
    "rating_name",
    "answer_score",
    "answer",
    "correct",
    "response_seconds",
    "cram",
    "next_due",
    "stability",
    "fsrs_difficulty",
)
QUESTION_COLUMNS = (
    "question_id",
    "number",
    "topic",
    "difficulty",
    "state",
    "reviews",
    "lapses",
    "correct_rate",
    "mean_answer_score",
    "last_reviewed",
    "due",
    "retrievability",
    "suspended",
)
SESSION_COLUMNS = (
    "session_id",
    "started_at",
    "ended_at",
    "topic_filter",
    "difficulty_filter",
    "questions",
    "correct",
    "score_pct",
    "mean_answer_score",
    "duration_seconds",
    "ended_by",
)
DRILL_COLUMNS = (
    "answered_at",
    "session_id",
    "template",
    "level",
    "topic",
    "prompt",
    "inputs",
    "expected",
    "given",
    "correct",
    "seconds",
)
INTERVIEW_COLUMNS = (
    "interview_id",
    "started_at",
    "position",
    "question_id",
    "number",
    "topic",
    "difficulty",
    "kind",
    "answer",
    "answer_score",
    "suggested_rating",
    "misconceptions",
    "seconds",
    "budget_seconds",
    "over_budget",
)
ANKI_NOTETYPE = "Basic"  # Anki's stock note type; its fields are Front and Back
ANKI_DECK = "actloss-quiz"  # created by the import when the profile has no such deck
ANKI_TAG_NAMESPACE = "actloss-quiz"  # tags read actloss-quiz::loss, actloss-quiz::difficulty::easy
ANKI_COLUMNS = ("guid", "Front", "Back", "Tags")  # Front and Back map to Basic's fields by name
# The separator comes first: Anki splits the #columns line with the separator known by then.
ANKI_HEADER = (
    "#separator:tab",
    "#html:true",
    f"#notetype:{ANKI_NOTETYPE}",
    f"#deck:{ANKI_DECK}",
    "#columns:" + "\t".join(ANKI_COLUMNS),
    f"#guid column:{ANKI_COLUMNS.index('guid') + 1}",
    f"#tags column:{ANKI_COLUMNS.index('Tags') + 1}",
)

Cell = str | int | float | bool | None

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_FLOATS = (1e-4, 1e16)  # repr writes a float in [low, high) without an exponent
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


# --- cells ----------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Prefix `'` to a text cell a spreadsheet would evaluate as a formula (OWASP CSV injection).

    Control characters (ESC, C1, BEL, ...) are shown escaped, so `export -` to a terminal or a
    `cat` of the file cannot drive the terminal.
    """
    text = safe_text(text)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell(value: Cell) -> str:
    """One CSV cell: '' for None, true/false, plain numbers, neutralised text."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return exact_decimal(value)
    return neutralise(value)


def row_fixer(kinds: str) -> Callable[[Sequence[Cell]], list[Cell]]:
    """A fast per-row version of `cell` for a shape whose column kinds are known.

    `kinds` has one letter per column: `t` text (neutralised), `f` float (plain decimal),
    `b` boolean (true/false), `r` raw (ints and our own ISO times: written as they are).
    None becomes an empty cell and ints/ordinary floats are left to the csv module (`str`),
    so only the cells that need it pay for a conversion (100,000 rows in well under a second).
    """
    text = [i for i, k in enumerate(kinds) if k == "t"]
    floats = [i for i, k in enumerate(kinds) if k == "f"]
    bools = [i for i, k in enumerate(kinds) if k == "b"]

    def fix(row: Sequence[Cell]) -> list[Cell]:
        out = list(row)
        for i in text:
            v = out[i]
            # The fast path for clean text: a printable string holds no control, format
            # (bidi) or surrogate character, so `safe_text` would return it unchanged; without
            # a formula's first character it is written as it is (one C call, not a regex).
            if isinstance(v, str) and not (v.isprintable() and not v.startswith(_FORMULA_START)):
                v = out[i] = safe_text(v)
                if v.startswith(_FORMULA_START):
                    out[i] = neutralise(v)
        for i in floats:
            v = out[i]
            # repr switches to exponent notation outside [1e-4, 1e16); NaN/inf fail too.
            if isinstance(v, float) and v and not 1e-4 <= abs(v) < 1e16:
                out[i] = exact_decimal(v)
        for i in bools:
            v = out[i]
            if v is not None:
                out[i] = "true" if v else "false"
        return out

    return fix


def write_csv(
    f: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Cell]], kinds: str | None = None
) -> int:
    """Write the header and every row (streamed); returns the number of data rows.

    Without `kinds` every value goes through `cell`; with it, through `row_fixer(kinds)`.
    """
    writer = csv.writer(f, lineterminator=LINE_TERMINATOR)
    writer.writerow(columns)
    fix = row_fixer(kinds) if kinds is not None else (lambda row: [cell(v) for v in row])
    n = 0
    for row in rows:
        writer.writerow(fix(row))
        n += 1
    return n


def parse_since(text: str) -> datetime:
    """`--since`: a date (`2026-11-24`, midnight UTC) or an ISO 8601 time (no offset: UTC).

    Raises:
        QuizUsageError: naming `--since` when the value is neither.
    """
    value = text.strip()
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), tzinfo=UTC)
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise QuizUsageError(
            f"--since: '{text}' is not a date (YYYY-MM-DD) or an ISO 8601 time "
            "(e.g. 2026-11-24T09:30:00+01:00)"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first representable time
        raise QuizUsageError(
            f"--since: '{text}' is outside the supported range (years 1-9999 in UTC)"
        ) from None


# --- history shapes -------------------------------------------------------------------------


REVIEW_KINDS = "rrtrttrrftrfrrff"  # booleans and rating names are made by the query


def write_reviews_csv(f: TextIO, rows: Iterable[Sequence[Cell]]) -> int:
    """One row per rating (`store.review_rows`), in the order given."""
    return write_csv(f, REVIEW_COLUMNS, rows, REVIEW_KINDS)


# A row of `store.review_cell_chunks` as a line: the id dropped (`%.0s`), the 16 cells as they
# are, or with the answer in double quotes when it holds a comma (one with a double quote is
# left to the row writer), as the csv module writes a printable text.
_REVIEW_LINE = "%.0s" + ",".join("%s" for _ in REVIEW_COLUMNS) + LINE_TERMINATOR
_QUOTED_ANSWER_LINE = (
    "%.0s" + ",".join('"%s"' if c == "answer" else "%s" for c in REVIEW_COLUMNS) + LINE_TERMINATOR
)
_ANSWER = 1 + REVIEW_COLUMNS.index("answer")  # in a row, after the id
_FLOATS = tuple(
    1 + REVIEW_COLUMNS.index(c)
    for c in ("answer_score", "response_seconds", "stability", "fsrs_difficulty")
)
_NUMBER_BYTES = b"0123456789.,[]"


def _number_texts(column: Sequence[Any]) -> Sequence[str]:
    """`str` of each cell of a number column, at C speed: msgspec's JSON writes a float as
    `repr` does (the shortest text that reads back as the same float) wherever `repr` uses no
    exponent, which `_plain_rows` checked, and an int as `str`. A column holding anything else
    (a '' for NULL, an exponent, a sign) is written by `str`, cell by cell. Python's `repr` of
    the 400,000 floats of 100,000 ratings was a third of the export's instructions."""
    encoded = json_encode(column)
    if encoded.translate(None, _NUMBER_BYTES):
        return list(map(str, column))
    return encoded[1:-1].decode().split(",")


_SMALLEST_SPLIT = 16  # a failing run of rows this short is read again whole (one query)


def _plain_rows(
    rows: Sequence[tuple[Any, ...]], dates_ok: Callable[[Sequence[Any]], bool]
) -> tuple[tuple[Any, ...], ...] | None:
    """The rows' columns if `_REVIEW_LINE` of every row writes what `write_reviews_csv` writes,
    else None.

    That is: real dates (`dates_ok`; '' is a NULL `due`), texts that are printable (`safe_text`
    leaves them) and hold no formula, a comma only in the answer (then quoted) and a double quote
    nowhere, numbers only in the number columns and no float that `repr` writes with an exponent.
    Each check is a pass over a column at C speed (min, max, join), not a Python call a row; a
    check may refuse more than it must, never less.
    """
    columns = tuple(zip(*rows, strict=True))  # the id first, then REVIEW_COLUMNS
    at, session, qid, number, topic, level, rating, _, score, answer = columns[1:11]
    seconds, due, stability, difficulty = columns[12], columns[14], columns[15], columns[16]
    try:
        ids = qid + topic + level
        texts = " ".join(ids)  # TypeError: a number or a blob in a text column
        if "," in texts or '"' in texts or not texts.isprintable():
            return None
        answers = " ".join(answer)
        if '"' in answers or not answers.isprintable():
            return None
        # Every formula's first character sorts before "A": most runs need no more than min.
        if min(ids) < "A" and any(map(str.startswith, ids, repeat(_FORMULA_START))):
            return None
        if any(map(str.startswith, answer, repeat(_FORMULA_START))):
            return None
        for column in (session, number, rating):  # '' is a NULL; a text or a blob fails
            if type(min(filter(None, column), default=0)) not in (int, float):
                return None
        for column in (score, seconds, stability, difficulty):  # 0 and NULL: written as they are
            values = list(filter(None, column))
            if values and not (_PLAIN_FLOATS[0] <= min(values) and max(values) < _PLAIN_FLOATS[1]):
                return None
    except TypeError:
        return None
    return columns if dates_ok(at) and dates_ok([d for d in due if d != ""]) else None


def write_review_history(
    f: TextIO,
    conn: sqlite3.Connection,
    *,
    topic: str | None = None,
    since: datetime | None = None,
    chunk: int = 1024,
) -> int:
    """`write_reviews_csv` of `store.review_rows(conn, ...)`: the same bytes, in less time.

    SQLite makes each row's cells (`store.review_cell_chunks`), and a chunk of `chunk` rows costs
    Python one `%` format a row and a few passes over its columns (`_plain_rows`): the command
    on 100,000 ratings runs 64% of the row writer's instructions, a third of them the floats'
    `repr`. A chunk that fails is halved until the failing rows are found (a float with an
    exponent, a formula, a control character, a double quote, an odd date, a text in a number
    column), and they are read again and written by `write_reviews_csv`'s path, row by row, as is
    everything after a read error: what is written, refused or raised, and where, is the same.
    """
    from actloss_quiz import store

    writer = csv.writer(f, lineterminator=LINE_TERMINATOR)
    writer.writerow(REVIEW_COLUMNS)
    fix = row_fixer(REVIEW_KINDS)
    line, quoted, a = _REVIEW_LINE, _QUOTED_ANSWER_LINE, _ANSWER

    def write(rows: list[tuple[Any, ...]], columns: tuple[tuple[Any, ...], ...] | None) -> None:
        if columns is not None:  # plain: written from its columns, the numbers' texts at once
            cells: list[Sequence[Any]] = list(columns)
            for at in _FLOATS:
                cells[at] = _number_texts(cells[at])
            f.write(
                "".join(
                    [(quoted if "," in row[a] else line) % row for row in zip(*cells, strict=True)]
                )
            )
            return
        if len(rows) > _SMALLEST_SPLIT:
            half = len(rows) // 2
            first, second = rows[:half], rows[half:]
            first_plain, second_plain = ok(first), ok(second)
            if first_plain or second_plain:  # else the odd rows are spread: one query for all
                write(first, first_plain)
                write(second, second_plain)
                return
        for row in store.review_rows(conn, ids=[row[0] for row in rows]):
            writer.writerow(fix(row))

    def ok(rows: list[tuple[Any, ...]]) -> tuple[tuple[Any, ...], ...] | None:
        return _plain_rows(rows, store.dates_ok)

    chunks = store.review_cell_chunks(conn, topic=topic, since=since, size=chunk)
    n = 0
    while True:
        try:
            rows = next(chunks, None)
        except sqlite3.Error:  # met again, and raised, by the checked reader after the same rows
            for row in store.review_rows(conn, topic=topic, since=since, offset=n):
                writer.writerow(fix(row))
                n += 1
            return n
        if rows is None:
            return n
        write(rows, ok(rows))
        n += len(rows)


class QuestionRecord(Struct, frozen=True):
    """One `questions` row: a bank question and/or its history (None: never reviewed)."""

    question_id: str
    number: int | None
    topic: str | None
    difficulty: str | None
    history: QuestionAggregate | None


def question_records(
    bank_questions: Iterable[Question],
    aggregates: Iterable[QuestionAggregate],
    *,
    topic: str | None = None,
    since: datetime | None = None,
) -> list[QuestionRecord]:
    """Bank questions (bank order) then questions known only from the history (removed from
    the bank: number/topic/difficulty from their latest review snapshot), by topic and number.

    With `since`, `aggregates` must already be limited to reviews since then, and only the
    questions reviewed since then are kept (a never-reviewed question has no time to compare).
    """
    history = {a.question_id: a for a in aggregates}
    records: list[QuestionRecord] = []
    for q in bank_questions:
        if topic is not None and q.topic != topic:
            continue
        agg = history.pop(q.id, None)
        if since is not None and agg is None:
            continue
        records.append(QuestionRecord(q.id, q.number, q.topic, q.difficulty, agg))
    removed = [
        QuestionRecord(a.question_id, a.number, a.topic, a.question_difficulty, a)
        for a in history.values()
        if topic is None or a.topic == topic
    ]
    removed.sort(key=lambda r: (r.topic or "", r.number or 0, r.question_id))
    return records + removed


def question_rows(
    records: Iterable[QuestionRecord],
    *,
    now: datetime,
    retrievability: Callable[[float | None, str | None, datetime], float | None],
    suspended: Collection[str] = frozenset(),
) -> Iterator[tuple[Cell, ...]]:
    """`QUESTION_COLUMNS` values; state `new` for a question with no schedule (never reviewed
    outside cram); retrievability is the card's current one at `now` (4 decimals); `suspended`
    is true for the ids in `suspended` (the schedule state is kept as it is)."""
    for rec in records:
        h = rec.history
        state = (h.state if h else None) or "new"
        r = retrievability(h.stability, h.card_last_review, now) if h and h.state else None
        yield (
            rec.question_id,
            rec.number,
            rec.topic,
            rec.difficulty,
            state,
            h.reviews if h else 0,
            h.lapses if h else 0,
            _round(h.correct_rate, 4) if h else None,
            _round(h.mean_answer_score, 4) if h else None,
            h.last_reviewed if h else None,
            h.due if h else None,
            _round(r, 4),
            rec.question_id in suspended,
        )


def write_questions_csv(
    f: TextIO,
    records: Iterable[QuestionRecord],
    *,
    now: datetime,
    retrievability: Callable[[float | None, str | None, datetime], float | None],
    suspended: Collection[str] = frozenset(),
) -> int:
    """One row per question in the bank or the history."""
    rows = question_rows(records, now=now, retrievability=retrievability, suspended=suspended)
    return write_csv(f, QUESTION_COLUMNS, rows, "trttrrrffrrfb")


def session_rows(sessions: Iterable[SessionRow]) -> Iterator[tuple[Cell, ...]]:
    """`SESSION_COLUMNS` values; score_pct = 100 x correct / questions (one decimal)."""
    from actloss_quiz.clock import parse_iso

    for s in sessions:
        duration = None
        if s.ended_at is not None:
            seconds = (parse_iso(s.ended_at) - parse_iso(s.started_at)).total_seconds()
            duration = int(seconds) if seconds.is_integer() else seconds
        yield (
            s.id,
            s.started_at,
            s.ended_at,
            s.topic_filter,
            s.difficulty_filter,
            s.questions,
            s.correct,
            round(100 * s.correct / s.questions, 1) if s.questions else None,
            _round(s.mean_answer_score, 4),
            duration,
            s.ended_by,
        )


def write_sessions_csv(f: TextIO, sessions: Iterable[SessionRow]) -> int:
    """One row per session, by start time as given."""
    return write_csv(f, SESSION_COLUMNS, session_rows(sessions), "rrrttrrffft")


def drill_rows(answers: Iterable[DrillAnswerRow]) -> Iterator[tuple[Cell, ...]]:
    """`DRILL_COLUMNS` values (`inputs` is the stored JSON text; `given` empty when skipped)."""
    for a in answers:
        yield (
            a.answered_at,
            a.session_id,
            a.template,
            a.level,
            a.topic,
            a.prompt,
            a.inputs,
            a.expected,
            a.given,
            a.correct,
            a.seconds,
        )


def write_drills_csv(f: TextIO, answers: Iterable[DrillAnswerRow]) -> int:
    """One row per graded drill exercise."""
    return write_csv(f, DRILL_COLUMNS, drill_rows(answers), "rrtttttftbf")


def interview_rows(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[Cell, ...]]:
    """`INTERVIEW_COLUMNS` values from `store.iter_interview_answer_rows` tuples.

    A spoken answer has no text: its cell lists the key points the speaker ticked, as
    `(spoken) said: a; b`. Misconceptions are their claims joined by `; `.
    """
    for r in rows:
        answer, claims, spoken, points = r[8], r[11], r[15], r[16]
        if spoken:
            said = [
                str(p[0])
                for p in _json_list(points)
                if isinstance(p, list) and len(p) == 3 and p[2]
            ]
            answer = "(spoken) said: " + ("; ".join(said) if said else "none of the key points")
        yield (
            *r[:8],
            answer,
            _round(r[9], 4),
            r[10],
            "; ".join(str(c) for c in _json_list(claims)),
            r[12],
            r[13],
            bool(r[14]),
        )


def _json_list(text: str | None) -> list[Any]:
    """A stored JSON list, or [] when the cell is empty or not a JSON list (a hand-edited row)."""
    import json

    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def write_interviews_csv(f: TextIO, rows: Iterable[Sequence[Any]]) -> int:
    """One row per interview answer (a question's, then its follow-up's), by interview."""
    return write_csv(f, INTERVIEW_COLUMNS, interview_rows(rows), "rrrtrttttfrtffb")


def _round(x: float | None, digits: int) -> float | None:
    return None if x is None else round(x, digits)


# --- Anki -----------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """Escape text for an HTML field: entities, `<br>` for line breaks, no raw tabs."""
    text = safe_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = html.escape(text, quote=True)
    return escaped.replace("\n", "<br>").replace("\t", " ")


def demo_table_html(view: Any) -> str:
    """A `DemoView` (title, columns, rows of formatted strings, notes, formula) as small HTML."""
    parts: list[str] = []
    if getattr(view, "title", None):
        parts.append(f"<b>{html_text(str(view.title))}</b>")
    columns = list(getattr(view, "columns", None) or [])
    rows = list(getattr(view, "rows", None) or [])
    if columns or rows:
        table = ["<table>"]
        if columns:
            table.append("<tr>" + "".join(f"<th>{html_text(str(c))}</th>" for c in columns))
            table[-1] += "</tr>"
        for row in rows:
            table.append("<tr>" + "".join(f"<td>{html_text(str(v))}</td>" for v in row) + "</tr>")
        table.append("</table>")
        parts.append("".join(table))
    formula = getattr(view, "formula", None)
    if formula:
        parts.append(html_text(str(formula)))
    for note in getattr(view, "notes", None) or ():
        parts.append(f"<i>{html_text(str(note))}</i>")
    return "<br>".join(parts)


FOLLOW_UP_LEAD = "An interviewer may follow up:"


def key_points_html(q: Question) -> str:
    """The key points as a list, each by its first phrasing, the core ones marked `[core]`."""
    if not q.key_points:
        return ""
    items = "".join(
        f"<li>{'<b>[core]</b> ' if p.core else ''}{html_text(p.label)}</li>" for p in q.key_points
    )
    return f"<b>Key points:</b><ul>{items}</ul>"


def anki_back(q: Question, demo_html: str) -> str:
    """The back of a note: answer, key points, formula, the demo table, then each follow-up
    question with its answer."""
    parts = [html_text(q.answer)]
    if q.key_points:
        parts.append(key_points_html(q))
    if q.formula:
        parts.append(f"<b>Formula:</b> {html_text(q.formula)}")
    if demo_html:
        parts.append(demo_html)
    for fu in q.follow_ups:
        parts.append(
            f"<b>{html_text(FOLLOW_UP_LEAD)}</b> {html_text(fu.question)}<br>{html_text(fu.answer)}"
        )
    return "<br><br>".join(parts)


def anki_tags(q: Question) -> str:
    """Space-separated tags under the quiz's namespace (`::` nests tags in Anki's browser): the
    topic, then the difficulty, with any inner space made `_`."""
    ns = ANKI_TAG_NAMESPACE
    topic, difficulty = ("_".join(t.split()) for t in (q.topic, q.difficulty))
    return f"{ns}::{topic} {ns}::difficulty::{difficulty}"


def write_anki(
    f: TextIO, questions: Iterable[Question], demo_html: Callable[[Question], str]
) -> int:
    """Write an Anki text import file: guid, front, back, tags; one Basic note per question,
    in the deck `ANKI_DECK`.

    `demo_html(q)` gives the rendered demo ('' for none); it must be deterministic so a
    re-export is byte-identical.
    """
    for line in ANKI_HEADER:
        f.write(line + ANKI_LINE_TERMINATOR)
    writer = csv.writer(f, delimiter="\t", lineterminator=ANKI_LINE_TERMINATOR)
    n = 0
    for q in questions:
        writer.writerow([q.id, html_text(q.question), anki_back(q, demo_html(q)), anki_tags(q)])
        n += 1
    return n
