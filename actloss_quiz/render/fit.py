"""A boxed Rich table that fits the terminal without cutting a number or a header word.

Rich fits a table that is too wide by narrowing columns, and a word longer than its column then
ends in `…`: at 60 columns a demo showed `5.87157e-…` and `quiz stats` a header `quest…`. A
`FittedTable` works out its column widths itself, at print time for the console's width:

- a table that fits is printed exactly as Rich would print it;
- otherwise the widest column gives up one character at a time, down to what its words allow:
  a number keeps fewer significant digits (`numbers.fit_word`: 0.268941 -> 0.2689 -> 0.27,
  5.87157e-05 -> 5.9e-5), a header word is abbreviated (its first letters and a full stop:
  `knowledge` -> `know.`, never fewer than ABBREVIATED_MIN characters) or takes the short form
  its table defines (`questions` -> `qs`), and any text wraps between words;
- the width left over goes back to the columns that wrap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len
from rich.text import Text

from actloss_quiz.numbers import fit_numbers, narrowest
from actloss_quiz.text import safe_text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement
    from rich.table import Table  # imported where a table is built: not before a first question

Justify = Literal["left", "right"]

ABBREVIATED_MIN = 4  # `der.`: three letters and the full stop that marks the short form


def abbreviate(word: str, width: int) -> str:
    """A header word in at most `width` characters: itself, or its first letters and '.'."""
    if cell_len(word) <= width:
        return word
    return word[: max(width, ABBREVIATED_MIN) - 1] + "."


def fit_header(header: str, width: int, short: str | None = None) -> str:
    """A header whose every word fits `width` (it wraps between words): the header itself, else
    its short form when one is given and fits, else each long word abbreviated."""
    words = header.split()
    if all(cell_len(word) <= width for word in words):
        return header
    if short is not None and all(cell_len(word) <= width for word in short.split()):
        return short
    return " ".join(abbreviate(word, width) for word in words)


def _words(text: str) -> list[str]:
    return text.split()


class FittedTable:
    """A Rich `Table` (default box, padding 1) of plain-text cells, laid out for the width it is
    printed at; see the module docstring."""

    def __init__(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        title: str | None = None,
        justify: Sequence[str] | None = None,
        styles: Sequence[str] | None = None,
        short: Sequence[str | None] | None = None,
    ) -> None:
        self.headers = list(headers)
        # (cells escaped before their widths are measured: an escape takes its own width)
        self.rows = [[safe_text(cell) for cell in row] for row in rows]
        self.title = title
        self.justify: list[Justify] = [
            "right" if j == "right" else "left" for j in justify or ["left"] * len(self.headers)
        ]
        self.styles = list(styles or [""] * len(self.headers))
        self.short = list(short or [None] * len(self.headers))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.table(options.max_width)

    def widths(self, width: int) -> list[int] | None:
        """Each column's text width for a table `width` characters wide; None when the table
        fits as it is (Rich lays it out)."""
        n = len(self.headers)
        room = width - (3 * n + 1)  # borders and one space either side of every cell
        columns = [[row[i] for row in self.rows] for i in range(n)]
        natural = [
            max([cell_len(self.headers[i]), *(cell_len(c) for c in columns[i])]) for i in range(n)
        ]
        if sum(natural) <= room:
            return None
        bodies = [[w for cell in columns[i] for w in _words(cell)] for i in range(n)]
        floors, limits = [], []
        for i in range(n):
            head = _words(self.headers[i])
            head_floor = max([0, *(min(len(w), ABBREVIATED_MIN) for w in head)])
            short = self.short[i]
            if short:
                head_floor = min(head_floor, max(cell_len(w) for w in short.split()))
            floors.append(max([1, head_floor, *(narrowest(w) for w in bodies[i])]))
            limits.append(max([1, *(cell_len(w) for w in bodies[i]), *(cell_len(w) for w in head)]))
        while sum(limits) > room:
            shrinkable = [i for i in range(n) if limits[i] > floors[i]]
            if not shrinkable:
                break  # too many columns for this width: the narrowest layout, wider than asked
            widest = max(shrinkable, key=lambda i: limits[i])
            limits[widest] -= 1
        # a column whose header took its short form needs no more than that form and its cells
        for i in range(n):
            header = fit_header(self.headers[i], limits[i], self.short[i])
            if header == self.short[i]:
                limits[i] = min(limits[i], max([floors[i], *(cell_len(w) for w in header.split())]))
        spare = room - sum(limits)
        # the width left over: first whole headers back, the cheapest first, then wrapped text
        full = {i: max([0, *(cell_len(w) for w in _words(self.headers[i]))]) for i in range(n)}
        for i in sorted(range(n), key=lambda i: full[i] - limits[i]):
            if 0 < full[i] - limits[i] <= spare:
                spare -= full[i] - limits[i]
                limits[i] = full[i]
        while spare > 0:
            narrow = [i for i in range(n) if limits[i] < natural[i]]
            if not narrow:
                break
            limits[max(narrow, key=lambda i: natural[i] - limits[i])] += 1
            spare -= 1
        return limits

    def table(self, width: int) -> Table:
        """The Rich table laid out for `width` characters."""
        from rich.table import Table

        widths = self.widths(width)
        table = Table(title=self.title, title_justify="left")
        for i, header in enumerate(self.headers):
            table.add_column(
                header if widths is None else fit_header(header, widths[i], self.short[i]),
                justify=self.justify[i],
                style=self.styles[i] or None,
                width=None if widths is None else widths[i],
                overflow="fold",
            )
        for row in self.rows:
            table.add_row(
                *(
                    Text(cell if widths is None else fit_numbers(cell, widths[i]))
                    for i, cell in enumerate(row)
                )
            )
        return table


class ListCell:
    """A cell of comma-separated values (`-3,-1,-0.5,0,0.5,1,3`) that wraps after a comma or
    semicolon, as well as between words, so a value is never cut in a narrow column."""

    _PIECE = re.compile(r"[^\s,;]*[,;]?\s*")

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def _pieces(self) -> list[str]:
        return [p for p in self._PIECE.findall(self.text) if p]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        longest = max((len(p.rstrip()) for p in self._pieces()), default=0)
        return Measurement(longest, len(self.text)).with_maximum(options.max_width)

    def lines(self, width: int) -> list[str]:
        """The text broken after commas, semicolons and spaces into lines of `width`."""
        lines: list[str] = []
        line = ""
        for piece in self._pieces():
            if line and len(line + piece.rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            line += piece
        lines.append(line.rstrip())
        return lines

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text("\n".join(self.lines(options.max_width)), style=self.style, overflow="fold")
