"""Browsing the bank: `quiz list`, `quiz show`, `quiz validate` (no numpy unless a demo is shown)."""

from pathlib import Path
from typing import Annotated, Any

import typer

from actloss_quiz.commands.options import (
    DifficultyOpt,
    JsonOpt,
    TagOpt,
    TopicOpt,
    question_arg,
    state_of,
)
from actloss_quiz.errors import BankError
from actloss_quiz.filters import check_filters, find_question
from actloss_quiz.text import json_text

_LIST_KEYS = ("id", "number", "topic", "difficulty", "question", "tags", "formula")


def list_questions(
    ctx: typer.Context,
    topic: TopicOpt = None,
    difficulty: DifficultyOpt = None,
    tag: TagOpt = None,
    json_out: JsonOpt = False,
    progress: Annotated[
        bool,
        typer.Option("--progress", help="Add state, due, retrievability, reviews and lapses."),
    ] = False,
    due: Annotated[
        bool,
        typer.Option(
            "--due",
            help="Only the questions 'quiz start' asks now (with progress), learning steps "
            "within the learn-ahead window included.",
        ),
    ] = False,
) -> None:
    """List the questions in the bank, filtered by topic, difficulty and tag.

    Example: quiz list --topic loss --difficulty hard
    """
    from actloss_quiz import clock

    state = state_of(ctx)
    bank = state.bank()
    topic, levels, tags = check_filters(bank, topic=topic, difficulty=difficulty, tag=tag)
    questions = bank.select(topic=topic, difficulties=levels, tags=tags)
    extra: dict[str, dict[str, Any]] = {}
    now = clock.now()
    if progress or due:  # opens the database and imports fsrs, so only when asked
        from actloss_quiz import stats, store
        from actloss_quiz.settings import load_settings

        with store.connection(state.db_path()) as conn:
            ahead = load_settings(conn).learn_ahead
            extra = stats.progress_of(conn, questions, now, learn_ahead=ahead)
        if due:
            questions = [q for q in questions if extra[q.id].pop("due_now")]
        for row in extra.values():
            row.pop("due_now", None)
    if json_out:
        rows = [
            {k: v for k, v in q.to_dict().items() if k in _LIST_KEYS}
            | {"follow_ups": len(q.follow_ups)}
            | extra.get(q.id, {})
            for q in questions
        ]
        print(json_text(rows, indent=2))
        return
    if not questions:
        from actloss_quiz.console import err

        err.print("No questions are due now." if due else "No questions match these filters.")
        return
    from actloss_quiz.render.listing import print_questions

    print_questions(questions, extra, now)


def show(
    ctx: typer.Context,
    ref: Annotated[str, question_arg("A question id or number.")],
    topic: TopicOpt = None,
    json_out: JsonOpt = False,
    no_demo: Annotated[bool, typer.Option("--no-demo", help="Skip the live demo.")] = False,
    judging: Annotated[
        bool,
        typer.Option(
            "--judging",
            help="Also show the judging data: subject, formulas, every example with whether it "
            "passes, and how the model answers are judged.",
        ),
    ] = False,
) -> None:
    """Show a question with its answer, formula, key points and live demo.

    Example: quiz show 9 --judging
    """
    bank = state_of(ctx).bank()
    if topic is not None:
        check_filters(bank, topic=topic)
    q = find_question(bank, ref, topic)
    checked = _judging(bank, q) if judging else None
    if json_out:
        payload = q.to_dict()
        if checked is not None:
            examples, model = checked
            payload["judging"] = {
                "subject": list(q.subject),
                "examples": [
                    {
                        "where": r.where.rstrip(": "),
                        "what": r.what,
                        "label": r.label,
                        "sentence": r.sentence,
                        "should_match": r.should,
                        "matched": r.did,
                    }
                    for r in examples
                ],
                "model_answers": [{"part": n or "question", **j.to_dict()} for n, j in model],
            }
        print(json_text(payload, indent=2))
        return
    from actloss_quiz.console import out
    from actloss_quiz.render.question import judging_panel, question_card

    out.print(question_card(q))
    if checked is not None:
        out.print(judging_panel(q, *checked))
    if not no_demo and q.demo:
        from actloss_quiz.demos import question_view
        from actloss_quiz.render.demo import demo_view

        view = question_view(q)
        if view is not None:
            out.print(demo_view(view))


def _judging(bank: Any, q: Any) -> tuple[list[Any], list[tuple[str, Any]]]:
    """Every example of `q` judged, and its model answers (main, follow-ups) judged."""
    from actloss_quiz.scoring import (
        judge_model_answer,
        known_words,
        model_answers,
        run_examples,
        term_weights,
    )

    known = known_words(bank.questions)
    weights = term_weights(model_answers(bank.questions), bank.synonyms)
    model = []
    for name, part in [("", q)] + [(f" (follow-up {i})", f) for i, f in enumerate(q.follow_ups, 1)]:
        if part.key_points:
            model.append((name, judge_model_answer(bank, part, known, weights)))
    return run_examples(bank, q), model


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Extra bank files or folders to check.",
            readable=False,
            show_default=False,
            metavar="PATH...",
        ),
    ] = None,
) -> None:
    """Check the bundled bank plus the given files: schema, ids, demos and judging examples.

    Every demo is run, and every key point's and misconception's examples are judged.

    Example: quiz validate my-bank.yaml
    """
    from actloss_quiz.bank.load import expand_paths
    from actloss_quiz.console import out
    from actloss_quiz.demos import demo_problems
    from actloss_quiz.scoring import judging_problems, phrasing_problems
    from actloss_quiz.vocab import plural

    state = state_of(ctx)
    expand_paths(paths or [], origin="validate PATH")  # blame the argument, not --questions
    state.question_paths.extend(paths or [])
    bank = state.bank()
    problems = demo_problems(bank) + phrasing_problems(bank) + judging_problems(bank)
    if problems:
        raise BankError(problems)
    out.print(
        f"{plural(len(bank.questions), 'question')} in {plural(len(bank.files), 'file')}, 0 problems"
    )
