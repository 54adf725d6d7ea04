"""Print a listing as a Rich table, or, past a few hundred rows, as fast aligned plain columns.

Rich lays out every cell of a table (measuring, wrapping), which takes seconds for a user bank of
10,000 questions; the compact form builds one `Text` with the same columns and cuts the last
column at the terminal's width, which prints 10,000 rows in a fraction of a second.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from actloss_quiz.console import out, safe_text

COMPACT_AFTER = 300  # rows; below this the boxed Rich table is both fast and nicest

Styler = Callable[[str], str]  # cell text -> Rich style name ("" for none)


def print_table(
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    right: Sequence[int] = (),
    styles: dict[int, Styler] | None = None,
) -> None:
    """Print `rows` under `headers`; the last column takes the remaining width."""
    listing = _Listing(title, headers, rows, right, styles or {})
    if len(rows) <= COMPACT_AFTER:
        _rich_table(listing)
    else:
        _compact(listing)


@dataclass(frozen=True)
class _Listing:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    right: Sequence[int]
    styles: dict[int, Styler]


def _rich_table(listing: _Listing) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    # No vertical rules: at 80 columns every character goes to the text.
    table = Table(
        title=listing.title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    last = len(listing.headers) - 1
    for i, header in enumerate(listing.headers):
        table.add_column(
            header,
            justify="right" if i in listing.right else "left",
            ratio=1 if i == last else None,
            overflow="fold",
        )
    for row in listing.rows:
        table.add_row(
            *(  # (escaped before the columns are measured: an escape takes its own width)
                Text(safe_text(cell), style=listing.styles[i](cell) if i in listing.styles else "")
                for i, cell in enumerate(row)
            )
        )
    out.print(table)


def _compact(listing: _Listing) -> None:
    import sys

    # These lines bypass the console, so the cells are made terminal-safe here.
    rows = [[safe_text(cell) for cell in row] for row in listing.rows]
    last = len(listing.headers) - 1
    widths = [len(h) for h in listing.headers]
    for row in rows:
        for i in range(last):
            widths[i] = max(widths[i], len(row[i]))
    room = max(20, out.width - sum(widths[:last]) - 2 * last)
    paint = _painter()

    def line(cells: Sequence[str], *, header: bool = False) -> str:
        parts = []
        for i, cell in enumerate(cells[:last]):
            padded = cell.rjust(widths[i]) if i in listing.right else cell.ljust(widths[i])
            parts.append(
                paint(
                    padded,
                    "bold" if header else listing.styles[i](cell) if i in listing.styles else "",
                )
            )
        tail = cells[last] if len(cells[last]) <= room else cells[last][: room - 1] + "…"
        parts.append(paint(tail, "bold" if header else ""))
        return "  ".join(parts).rstrip()

    lines = [paint(listing.title, "italic"), line(listing.headers, header=True)]
    lines.extend(line(row) for row in rows)
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def _painter() -> Callable[[str, str], str]:
    """Wrap text in the ANSI codes of a Rich style, or not at all when colour is off."""
    if out.color_system is None:
        return lambda text, style: text
    from rich.console import COLOR_SYSTEMS
    from rich.style import Style

    system = COLOR_SYSTEMS[out.color_system]
    cache: dict[str, Style] = {}

    def paint(text: str, style: str) -> str:
        if not style:
            return text
        parsed = cache.setdefault(style, Style.parse(style))
        return parsed.render(text, color_system=system)

    return paint
