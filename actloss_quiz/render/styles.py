"""Colours and small text helpers shared by every view."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, cast

from actloss_quiz.vocab import RATING_NAMES

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.text import Text

DIFFICULTY_STYLE = {"easy": "green", "medium": "yellow", "hard": "red"}
STATE_STYLE = {
    "new": "dim",
    "learning": "yellow",
    "review": "green",
    "relearning": "red",
    "suspended": "magenta",
}
RATING_STYLE = {1: "red", 2: "yellow", 3: "green", 4: "cyan"}


def styled(markup: str) -> Text:
    """Our own Rich markup (user text in it passed through `escape`) as a styled Text.

    The consoles never interpret markup in what they print (bank and user text is text), so a
    view that wants markup says so here.
    """
    from rich.text import Text

    return Text.from_markup(markup, emoji=False)


def escape(text: str) -> str:
    """`text` with Rich markup made literal (for user text inside a `styled` string)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def difficulty_markup(level: str) -> str:
    """Rich markup for a difficulty, coloured by level."""
    return f"[{DIFFICULTY_STYLE.get(level, 'white')}]{level}[/]"


def rating_markup(rating: int) -> str:
    """A rating's name in its colour, as Rich markup."""
    return f"[{RATING_STYLE[rating]}]{RATING_NAMES[rating]}[/]"


def pct(x: float | None) -> str:
    """A 0-1 share as a whole percentage; '-' for none."""
    return "-" if x is None else f"{100 * x:.0f}%"


def duration(seconds: float) -> str:
    """`3 min 7 s`."""
    return f"{int(seconds // 60)} min {int(seconds % 60)} s"


def view_of(event: Any, views: Mapping[type, Callable[[Any], RenderableType]]) -> RenderableType:
    """The view of a loop's event by its type; anything else (a demo, "") is already renderable."""
    view = views.get(type(event))
    if view is None:
        return cast("RenderableType", event)
    shown = view(event)
    return styled(shown) if isinstance(shown, str) else shown  # a message is our markup
