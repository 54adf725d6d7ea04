"""`quiz grade`: judge one typed answer against a question (for bank authors and scripts).

Kept light at import time: the scorer (stemmer, rapidfuzz) and Rich load inside the command.
"""

from typing import Annotated

import typer

from actloss_quiz.commands.options import JsonOpt, TopicOpt, state_of
from actloss_quiz.filters import find_question
from actloss_quiz.text import json_text


def grade(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(metavar="ID_OR_NUMBER", help="A question id or number.")],
    answer: Annotated[
        list[str],
        typer.Argument(
            metavar="ANSWER...",
            help="The answer; its words are joined by spaces. '-' reads it from standard input.",
        ),
    ],
    topic: TopicOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Judge an answer: key points, misconceptions, the score and the suggested rating.

    Shows each key point covered (and the phrasing that matched), each misconception or contradiction asserted with its correction, and why the rating is suggested.

    Example: quiz grade relu-definition "max(0, x), cheap and it does not saturate for x > 0"

    """
    from actloss_quiz.filters import check_filters
    from actloss_quiz.review import Judge

    bank = state_of(ctx).bank()
    if topic is not None:
        check_filters(bank, topic=topic)
    q = find_question(bank, ref, topic)
    from actloss_quiz.terminal import read_text, typed_text

    text, cut = Judge.cut(read_text() if answer == ["-"] else typed_text(" ".join(answer)))
    if cut is not None:
        from actloss_quiz.console import err
        from actloss_quiz.render.question import cut_notice

        err.print(cut_notice(cut.chars, cut.limit), markup=False, soft_wrap=True)
    judgement = Judge(bank)(text, q.key_points, q.misconceptions, q.subject, q.answer)
    if json_out:
        payload = {"id": q.id, **judgement.to_dict()}
        print(json_text(payload, indent=2))
        return
    from actloss_quiz.console import out
    from actloss_quiz.render.question import grade_panel

    out.print(grade_panel(q, judgement))
