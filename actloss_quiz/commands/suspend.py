"""`quiz suspend` and `quiz unsuspend`: take questions out of rotation and put them back.

A suspended question keeps its card and history; `start` (and `interview`) leave it out until it
is unsuspended. The store and clock are imported inside the commands, so registering them costs
nothing at start-up.
"""

from typing import TYPE_CHECKING, Annotated

import typer

from actloss_quiz.commands import completion
from actloss_quiz.commands.options import AppState, state_of
from actloss_quiz.console import out
from actloss_quiz.errors import QuizUsageError

if TYPE_CHECKING:
    from actloss_quiz.bank import Question

RefsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="ID|NUMBER...",
        help="Question ids or numbers (see 'quiz list').",
        show_default=False,
        autocompletion=completion.questions,
    ),
]


def _label(qid: str, by_id: "dict[str, Question]") -> str:
    q = by_id.get(qid)
    return f"Q{q.number} {qid}" if q is not None else f"{qid} (removed from the bank)"


def _resolve(state: AppState, refs: list[str], *, allowed_extra: frozenset[str]) -> list[str]:
    """Question ids for ids/numbers of the bank, plus ids in `allowed_extra` (e.g. suspended
    questions that were removed from the bank). Every unknown reference is a usage error."""
    from actloss_quiz.filters import find_question

    bank = state.bank()
    ids = []
    for ref in refs:
        if ref.strip() in allowed_extra:
            ids.append(ref.strip())
            continue
        ids.append(find_question(bank, ref).id)
    return ids


def suspend(
    ctx: typer.Context,
    refs: RefsArg = None,
    leeches: Annotated[
        bool,
        typer.Option(
            "--leeches", help="Suspend every current leech (forgotten leech-lapses times or more)."
        ),
    ] = False,
) -> None:
    """Take questions out of 'quiz start' without losing their history.

    Example: quiz suspend relu-definition 12
    """
    if not refs and not leeches:
        raise QuizUsageError("give question ids or numbers to suspend, or --leeches")
    from actloss_quiz import clock, store
    from actloss_quiz.settings import load_settings

    state = state_of(ctx)
    ids = _resolve(state, refs or [], allowed_extra=frozenset())
    by_id = {q.id: q for q in state.bank().questions}
    conn = store.connect(state.db_path())
    try:
        if leeches:
            threshold = load_settings(conn).leech_lapses
            found = store.leech_ids(conn, min_lapses=threshold)
            if not found:
                out.print(f"No leeches: no question has been forgotten {threshold}+ times.")
            ids.extend(found)
        done = store.suspend(conn, ids, at=clock.now())
    finally:
        conn.close()
    _report(ids, done, by_id, "suspended", "is already suspended")


def unsuspend(
    ctx: typer.Context,
    refs: RefsArg = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Unsuspend every suspended question.")
    ] = False,
) -> None:
    """Put suspended questions back into 'quiz start'.

    Example: quiz unsuspend relu-definition
    """
    if not refs and not all_:
        raise QuizUsageError("give question ids or numbers to unsuspend, or --all")
    from actloss_quiz import store

    state = state_of(ctx)
    conn = store.connect(state.db_path())
    try:
        suspended = store.suspended_ids(conn)
        ids = _resolve(state, refs or [], allowed_extra=suspended)
        if all_:
            ids.extend(sorted(suspended))
        done = store.unsuspend(conn, ids)
    finally:
        conn.close()
    by_id = {q.id: q for q in state.bank().questions}
    _report(ids, done, by_id, "unsuspended", "is not suspended")


def _report(
    ids: list[str], done: list[str], by_id: "dict[str, Question]", verb: str, already: str
) -> None:
    changed = set(done)
    for qid in dict.fromkeys(ids):
        if qid in changed:
            out.print(f"{verb.capitalize()} {_label(qid, by_id)}.", markup=False, highlight=False)
        else:
            out.print(
                f"Note: {_label(qid, by_id)} {already}; nothing changed.",
                markup=False,
                highlight=False,
            )
