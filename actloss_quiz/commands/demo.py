"""`quiz demo`: run one formula of the engine with its gradient check, as a table, JSON or plot.

NumPy (via the engine) is imported inside the command, plotext only with `--plot`.
"""

import json as jsonlib
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actloss_quiz.console import no_color, out
from actloss_quiz.errors import DemoInputError

if TYPE_CHECKING:
    from rich.console import RenderableType

    from actloss_quiz.engine.catalogue import Demo, DemoResult
    from actloss_quiz.engine.scenarios import DemoView

PLOT_POINTS = 201
PLOT_LIMIT = 1e12  # points with |x|, |f| or |f'| beyond this are left out of a plot


def _opt(name: str, help_text: str) -> Any:
    return typer.Option(name, help=help_text, show_default=False)


ValueOpt = str | None


def demo(
    name: Annotated[
        str | None, typer.Argument(help="Demo to run (omit to list them all).", show_default=False)
    ] = None,
    x: Annotated[ValueOpt, _opt("--x", "Inputs of an activation.")] = None,
    alpha: Annotated[
        ValueOpt, _opt("--alpha", "Slope/scale (leaky-relu, prelu, elu, focal).")
    ] = None,
    z: Annotated[ValueOpt, _opt("--z", "Logits vector of softmax.")] = None,
    pred: Annotated[ValueOpt, _opt("--pred", "Predictions (mse, mae, huber).")] = None,
    target: Annotated[ValueOpt, _opt("--target", "Targets, labels or class indices.")] = None,
    delta: Annotated[ValueOpt, _opt("--delta", "Huber threshold (> 0).")] = None,
    p: Annotated[ValueOpt, _opt("--p", "Probabilities (bce) or target distribution (kl).")] = None,
    q: Annotated[ValueOpt, _opt("--q", "Model distribution (kl).")] = None,
    logits: Annotated[ValueOpt, _opt("--logits", "Logits; rows are samples (`;`).")] = None,
    weights: Annotated[ValueOpt, _opt("--weights", "Class weights (cross-entropy).")] = None,
    label_smoothing: Annotated[
        ValueOpt, _opt("--label-smoothing", "Label smoothing eps in [0, 1].")
    ] = None,
    pos_weight: Annotated[ValueOpt, _opt("--pos-weight", "Positive weight (bce-logits).")] = None,
    scores: Annotated[ValueOpt, _opt("--scores", "Scores (hinge).")] = None,
    margin: Annotated[ValueOpt, _opt("--margin", "Hinge margin.")] = None,
    gamma: Annotated[ValueOpt, _opt("--gamma", "Focal exponent (>= 0).")] = None,
    teacher_logits: Annotated[ValueOpt, _opt("--teacher-logits", "Teacher logits.")] = None,
    student_logits: Annotated[ValueOpt, _opt("--student-logits", "Student logits.")] = None,
    temperature: Annotated[ValueOpt, _opt("--temperature", "Distillation temperature.")] = None,
    w: Annotated[ValueOpt, _opt("--w", "Weights (l2).")] = None,
    lam: Annotated[ValueOpt, _opt("--lam", "L2 strength (>= 0).")] = None,
    json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    plot: Annotated[
        bool, typer.Option("--plot", help="Plot the function and its derivative.")
    ] = False,
) -> None:
    """Compute an activation or loss with its gradient, checked by finite differences.

    Values: one number (0.5), a comma list (-1,0,2.5), a range start:stop:count (-5:5:11)
    or a matrix with rows separated by ';' ("2,1,0.1;0.5,2.5,0.3").

    Example: quiz demo cross-entropy --logits "2,1,0.1;0.5,2.5,0.3" --target 0,1
    """
    raw = {
        "x": x,
        "alpha": alpha,
        "z": z,
        "pred": pred,
        "target": target,
        "delta": delta,
        "p": p,
        "q": q,
        "logits": logits,
        "weights": weights,
        "label-smoothing": label_smoothing,
        "pos-weight": pos_weight,
        "scores": scores,
        "margin": margin,
        "gamma": gamma,
        "teacher-logits": teacher_logits,
        "student-logits": student_logits,
        "temperature": temperature,
        "w": w,
        "lam": lam,
    }
    given = {k: v for k, v in raw.items() if v is not None}
    if name is None:
        if given:
            first = next(iter(given))
            raise DemoInputError(f"--{first}: name a demo first, e.g. 'quiz demo relu --x -1,0,1'")
        if plot:
            raise DemoInputError("--plot: name a demo to plot, e.g. 'quiz demo gelu --plot'")
        _list_demos(as_json=json)
        return
    if json and plot:
        raise DemoInputError("--plot: cannot be combined with --json (JSON output is one object)")

    from actloss_quiz.engine.catalogue import run_demo

    result = run_demo(name, given)
    if json:
        sys.stdout.write(jsonlib.dumps(result.to_json_dict(), allow_nan=False) + "\n")
        return
    from actloss_quiz.engine.scenarios import result_view

    out.print(render_demo_view(result_view(result)))
    if plot:
        _plot(result)


def _list_demos(*, as_json: bool) -> None:
    from actloss_quiz.engine.catalogue import ALIASES, DEMOS

    if as_json:
        items = [
            {
                "name": d.name,
                "kind": d.kind,
                "formula": d.formula,
                "primary": d.primary,
                "params": {prm.name: prm.default for prm in d.params},
                "aliases": [a for a, target in ALIASES.items() if target == d.name],
            }
            for d in DEMOS.values()
        ]
        sys.stdout.write(jsonlib.dumps(items) + "\n")
        return
    from rich.table import Table

    table = Table(title=f"{len(DEMOS)} demos: quiz demo NAME [--PARAM VALUES] [--json] [--plot]")
    table.add_column("demo", style="bold", no_wrap=True)
    table.add_column("formula")
    table.add_column("parameters (default)")
    for d in DEMOS.values():
        params = ", ".join(
            f"{'*' if prm.name == d.primary else ''}--{prm.name} {prm.default or '(none)'}"
            for prm in d.params
        )
        label = d.name + "".join(f" ({a})" for a, t in ALIASES.items() if t == d.name)
        table.add_row(label, d.formula, params)
    table.caption = "* primary input (the gradient is taken with respect to it)"
    out.print(table)


def render_demo_view(view: "DemoView") -> "RenderableType":
    """A Rich renderable of a demo view: title, table, formula and interpretation lines."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    table = Table(title=view.title, title_justify="left")
    for i, column in enumerate(view.columns):
        table.add_column(column, justify="left" if i == 0 else "right")
    for row in view.rows:
        table.add_row(*(Text(cell) for cell in row))
    parts: list[RenderableType] = [table]
    if view.formula:
        parts.append(Text(view.formula, style="cyan"))
    parts.extend(Text(note) for note in view.notes)
    if view.live:
        parts.append(Text("(timings vary between runs)", style="dim"))
    return Group(*parts)


def _plot(result: "DemoResult") -> None:
    """Terminal plot of the function and its derivative along the primary input."""
    import numpy as np
    import plotext as plt

    demo: Demo = result.demo
    x0 = np.asarray(result.params[demo.primary], dtype=np.float64)
    lo_dom, hi_dom = demo.domain
    if demo.kind == "activation" and demo.name != "softmax":
        if x0.ndim == 1 and x0.size >= 20:
            xs = np.sort(x0)
        else:
            lo, hi = float(min(-5.0, np.min(x0) - 1)), float(max(5.0, np.max(x0) + 1))
            lo, hi = max(lo, -PLOT_LIMIT), min(hi, PLOT_LIMIT)
            xs = np.linspace(lo, hi, PLOT_POINTS)
        ys, dys = demo.compute({**result.params, demo.primary: xs})[:2]
        label = f"{demo.name}(x)"
        xlabel = demo.primary
    else:
        flat0 = float(np.ravel(x0)[0])
        lo, hi = flat0 - 3.0, flat0 + 3.0
        if np.isfinite(lo_dom):
            lo = max(lo, lo_dom + 1e-3)
        if np.isfinite(hi_dom):
            hi = min(hi, hi_dom - 1e-3)
        xs = np.linspace(lo, hi, PLOT_POINTS)
        ys_list, dys_list = [], []
        for v in xs:
            arr = x0.copy()
            arr.flat[0] = v
            val, grad = demo.compute({**result.params, demo.primary: arr})
            if demo.name == "softmax":
                ys_list.append(float(val[0]))
                dys_list.append(float(grad[0, 0]))
            else:
                ys_list.append(float(val))
                dys_list.append(float(np.ravel(grad)[0]))
        ys, dys = np.array(ys_list), np.array(dys_list)
        index = "[0]" if x0.ndim == 1 else ("[0,0]" if x0.ndim == 2 else "")
        label = "softmax(z)[0]" if demo.name == "softmax" else f"{demo.name} loss"
        xlabel = f"{demo.primary}{index} (others fixed)"
    with np.errstate(all="ignore"):
        keep = (np.abs(xs) <= PLOT_LIMIT) & (np.abs(ys) <= PLOT_LIMIT) & (np.abs(dys) <= PLOT_LIMIT)
    xs, ys, dys = np.asarray(xs)[keep], np.asarray(ys)[keep], np.asarray(dys)[keep]
    if xs.size < 2 or np.ptp(xs) == 0:
        raise DemoInputError(
            f"--plot: nothing to plot: the inputs or results are beyond ±{PLOT_LIMIT:g} "
            "(the table above has the values)"
        )
    fig = plt.figure
    fig.clear()
    for data, name in ((ys, label), (dys, "derivative")):
        sig = fig.signal([float(v) for v in xs], [float(v) for v in data])
        sig.label(name)
        sig.lines()
        fig.draw(sig)
    fig.title(f"{label} and its derivative vs {xlabel}")
    fig.plot_size(min(out.width, 100), 20)
    plain = not out.is_terminal or no_color()
    if plain:
        fig.theme("colorless")
    text = str(fig.build())
    if plain:
        text = plt.uncolorize(text)
    sys.stdout.write(text + "\n")
