"""Demos as Rich tables (a demo view, the list of demos) and as a terminal plot (plotext)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.text import Text

from actloss_quiz.console import no_color, out
from actloss_quiz.render.fit import FittedTable, ListCell
from actloss_quiz.vocab import program

if TYPE_CHECKING:
    from actloss_quiz.engine.catalogue import Demo
    from actloss_quiz.engine.curves import Curve
    from actloss_quiz.engine.scenarios import DemoView


def demo_view(view: DemoView) -> RenderableType:
    """A demo view: title, table, formula and interpretation lines."""
    table = FittedTable(
        view.columns,
        view.rows,
        title=view.title,
        justify=["left", *["right"] * (len(view.columns) - 1)],
    )
    parts: list[RenderableType] = [table]
    if view.formula:
        parts.append(Text(view.formula, style="cyan"))
    parts.extend(Text(note) for note in view.notes)
    if view.live:
        parts.append(Text("(timings vary between runs)", style="dim"))
    return Group(*parts)


def param_list(demo: Demo) -> str:
    """`*--x -2,0,2, --alpha 0.01`: the parameters with their defaults, primary starred."""
    return ", ".join(
        f"{'*' if prm.name == demo.primary else ''}--{prm.name} {prm.default or '(none)'}"
        for prm in demo.params
    )


def demo_help(demo: Demo) -> str:
    """`quiz demo NAME --help`: the demo's formula, its parameters with defaults, and its output
    options (plain text, from the catalogue entry alone; the command wraps it to the terminal)."""
    width = max(len(f"--{p.name}") for p in demo.params)
    lines = [
        f"Usage: {program()} demo {demo.name} "
        + " ".join(
            f"[--{p.name} {'VALUE' if p.kind == 'scalar' else 'VALUES'}]" for p in demo.params
        )
        + " [--json] [--plot]",
        "",
        f"  {demo.summary}.",
        "",
        f"  {demo.formula}",
        "",
        "Parameters (* primary input: the gradient is taken with respect to it):",
    ]
    for p in demo.params:
        mark = "*" if p.name == demo.primary else " "
        about = f"{p.help}; " if p.help else ""
        lines.append(
            f" {mark}{f'--{p.name}'.ljust(width)}  {about}default: {p.default or '(none)'}"
        )
    lines += [
        "",
        "Values: one number (0.5), a comma list (-1,0,2.5), a range start:stop:count (-5:5:11)"
        " or a matrix with rows separated by ';' (\"2,1,0.1;0.5,2.5,0.3\").",
        "",
        "Options:",
        "  --json  Print one JSON object.",
        "  --plot  Plot the function and its derivative.",
    ]
    if demo.aliases:
        lines += ["", f"Also called: {', '.join(demo.aliases)}"]
    return "\n".join(lines)


def demos_table(demos: list[Demo], aliases: dict[str, str]) -> RenderableType:
    """`quiz demo`: every demo with its formula and parameters."""
    from rich.table import Table

    table = Table(
        title=f"{len(demos)} demos: {program()} demo NAME [--PARAM VALUES] [--json] [--plot]"
    )
    table.add_column("demo", style="bold", no_wrap=True)
    table.add_column("formula")
    table.add_column("parameters (default)")
    for d in demos:
        label = d.name + "".join(f" ({a})" for a, t in aliases.items() if t == d.name)
        table.add_row(label, d.formula, ListCell(param_list(d)))
    table.caption = "* primary input (the gradient is taken with respect to it)"
    return table


def print_plot(curve: Curve) -> None:
    """Plot the function and its derivative in the terminal (plain text without colour)."""
    import plotext as plt

    fig = plt.figure
    fig.clear()
    plain = not out.is_terminal or no_color()
    # without colour the two curves differ by their marker (the legend shows it)
    markers = ("•", "+") if plain else (None, None)
    for data, name, marker in (
        (curve.ys, curve.label, markers[0]),
        (curve.dys, "derivative", markers[1]),
    ):
        sig = fig.signal(curve.xs, data, marker=marker)
        sig.label(name)
        sig.lines()
        fig.draw(sig)
    fig.title(f"{curve.label} and its derivative vs {curve.xlabel}")
    fig.plot_size(min(out.width, 100), 20)
    if plain:
        fig.theme("colorless")
    text = str(fig.build())
    if plain:
        text = plt.uncolorize(text)
    sys.stdout.write(text + "\n")
