"""A demo's function and derivative sampled along its primary input, for `quiz demo --plot`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actloss_quiz.engine.catalogue import DemoResult
from actloss_quiz.errors import DemoInputError

PLOT_POINTS = 201
PLOT_LIMIT = 1e12  # points with |x|, |f| or |f'| beyond this are left out of a plot


@dataclass(frozen=True)
class Curve:
    """Sampled points of the function and its derivative, with their axis labels."""

    xs: list[float]
    ys: list[float]
    dys: list[float]
    label: str
    xlabel: str


def sample_curve(result: DemoResult, points: int = PLOT_POINTS) -> Curve:
    """Elementwise activations over a range (or the given >= 20 points); for the others, the
    first element of the primary input swept +-3 around its value with the rest fixed."""
    demo = result.demo
    x0 = np.asarray(result.params[demo.primary], dtype=np.float64)
    lo_dom, hi_dom = demo.domain
    if demo.kind == "activation" and not demo.jacobian:
        if x0.ndim == 1 and x0.size >= 20:
            xs = np.sort(x0)
        else:
            lo, hi = float(min(-5.0, np.min(x0) - 1)), float(max(5.0, np.max(x0) + 1))
            lo, hi = max(lo, -PLOT_LIMIT), min(hi, PLOT_LIMIT)
            xs = np.linspace(lo, hi, points)
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
        xs = np.linspace(lo, hi, points)
        ys_list, dys_list = [], []
        for v in xs:
            arr = x0.copy()
            arr.flat[0] = v
            val, grad = demo.compute({**result.params, demo.primary: arr})
            ys_list.append(float(np.ravel(val)[0]))
            dys_list.append(float(np.ravel(grad)[0]))
        ys, dys = np.array(ys_list), np.array(dys_list)
        index = "[0]" if x0.ndim == 1 else ("[0,0]" if x0.ndim == 2 else "")
        label = f"{demo.name}({demo.primary})[0]" if demo.jacobian else f"{demo.name} loss"
        xlabel = f"{demo.primary}{index} (others fixed)"
    with np.errstate(all="ignore"):
        keep = (np.abs(xs) <= PLOT_LIMIT) & (np.abs(ys) <= PLOT_LIMIT) & (np.abs(dys) <= PLOT_LIMIT)
    xs, ys, dys = np.asarray(xs)[keep], np.asarray(ys)[keep], np.asarray(dys)[keep]
    if xs.size < 2 or np.ptp(xs) == 0:
        raise DemoInputError(
            f"--plot: nothing to plot: the inputs or results are beyond ±{PLOT_LIMIT:g} "
            "(the table above has the values)"
        )
    return Curve(
        [float(v) for v in xs], [float(v) for v in ys], [float(v) for v in dys], label, xlabel
    )
