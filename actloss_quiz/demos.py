"""Questions' demos: compute one for showing, and check that every demo of a bank runs.

The engine (numpy) is imported inside the functions, so the bank and the light commands never
load it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actloss_quiz.errors import QuizError

if TYPE_CHECKING:
    from actloss_quiz.bank import Bank, Question
    from actloss_quiz.engine.scenarios import DemoView


def question_view(q: Question, *, deterministic: bool = False) -> DemoView | None:
    """The question's live demo as a table view, or None when it has none.

    Raises:
        QuizError: the demo does not run (a bad name or parameter in the bank).
    """
    if not q.demo:
        return None
    from actloss_quiz.engine.scenarios import question_demo

    try:
        return question_demo(q.demo, deterministic=deterministic)
    except QuizError as e:
        # The bank's data, not what the user typed: exit 1 naming the file and line, never a
        # usage error with "Try 'quiz show --help'".
        raise QuizError(f"{q.path}:{q.line}: {q.id}: demo does not run: {e}") from None


def demo_problems(bank: Bank) -> list[str]:
    """Run every question's and follow-up's demo; each one that fails becomes a
    `path:line: id: ...` problem (a follow-up's at its own line)."""
    from actloss_quiz.engine.scenarios import question_demo

    problems = []
    for q in bank.questions:
        try:
            question_view(q, deterministic=True)
        except QuizError as e:
            problems.append(str(e))
        for i, fu in enumerate(q.follow_ups, 1):
            if not fu.demo:
                continue
            try:
                question_demo(fu.demo, deterministic=True)
            except QuizError as e:
                problems.append(
                    f"{q.path}:{fu.line}: {q.id}: follow-up {i}: demo does not run: {e}"
                )
    return problems
