"""Check analytic gradients against central finite differences, aware of kinks.

A central difference straddling a kink (relu at 0, mae at pred == target, hinge at the margin)
gives the average of the one-sided slopes (0.5 for relu), not a subgradient. The catalogue tells
the checker how far each input is from the nearest kink; inputs within the finite-difference
stencil are reported as kinks instead of as mismatches.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

STEP = 6e-6  # ~ cube root of machine epsilon: balances truncation and rounding error
EPS = float(np.finfo(np.float64).eps)
REL_TOL = 1e-6
# A function that is not elementwise is evaluated twice per probed input, each time on the whole
# input: probing every one of n inputs costs O(n^2). Past this many inputs an evenly spaced
# subset (first and last included) is probed, so the check stays linear in the input size.
MAX_PROBES = 200


@dataclass(frozen=True)
class GradCheck:
    """Result of one check: the numeric gradient and where it disagrees (or cannot agree)."""

    numeric: np.ndarray
    kinks: tuple[tuple[int, ...], ...]
    mismatches: tuple[tuple[int, ...], ...]
    max_abs_error: float
    probed: int = -1  # inputs compared (-1: all of them)

    @property
    def ok(self) -> bool:
        return not self.mismatches


def _steps(x: np.ndarray, lo: float, hi: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per-element step and the signed offsets (down, up) kept inside [lo, hi].

    Returns (h, minus, plus): x - minus and x + plus stay in the domain; at a boundary one
    side is 0 and the difference becomes one-sided.
    """
    h = STEP * np.maximum(1.0, np.abs(x))
    # Shrink near a domain edge so both points fit (bce's p near 0 or 1, kl's q near 0).
    room = np.minimum(x - lo, hi - x)
    inside = room > 0
    h = np.where(inside, np.minimum(h, np.where(inside, room, h) / 2.0), h)
    minus = np.where(x - lo >= h, h, 0.0)
    plus = np.where(hi - x >= h, h, 0.0)
    # x +- h must not overflow near +-1.8e308
    with np.errstate(over="ignore"):
        minus = np.where(np.isfinite(x - minus), minus, 0.0)
        plus = np.where(np.isfinite(x + plus), plus, 0.0)
    return h, minus, plus


def _difference(
    f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    minus: np.ndarray,
    plus: np.ndarray,
    *,
    elementwise: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """(f(x+plus) - f(x-minus)) / (plus + minus) and the magnitude of f at those points."""
    with np.errstate(over="ignore", invalid="ignore"):
        if elementwise:
            up = np.asarray(f(x + plus), dtype=np.float64)
            down = np.asarray(f(x - minus), dtype=np.float64)
            span = plus + minus
            diff = np.where(span > 0, (up - down) / np.where(span > 0, span, 1.0), np.nan)
            return diff, np.maximum(np.abs(up), np.abs(down))
        base = np.asarray(f(x), dtype=np.float64)
        out = np.full(base.shape + x.shape, np.nan)
        scale = np.zeros(base.shape + x.shape)
        for j in probe_indices(x.shape):
            xp = x.copy()
            xm = x.copy()
            xp[j] += plus[j]
            xm[j] -= minus[j]
            up = np.asarray(f(xp), dtype=np.float64)
            down = np.asarray(f(xm), dtype=np.float64)
            span = plus[j] + minus[j]
            sel = (...,) + j
            out[sel] = (up - down) / span if span > 0 else np.nan
            scale[sel] = np.maximum(np.abs(up), np.abs(down))
        return out, scale


def probe_indices(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """The inputs a non-elementwise check perturbs: all, or MAX_PROBES evenly spaced ones."""
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if size <= MAX_PROBES:
        return list(np.ndindex(shape))
    flat = np.unique(np.linspace(0, size - 1, MAX_PROBES).round().astype(np.int64))
    return [tuple(int(i) for i in np.unravel_index(k, shape)) for k in flat]


def check_gradient(
    f: Callable[[np.ndarray], np.ndarray],
    x: np.ndarray,
    analytic: np.ndarray,
    *,
    elementwise: bool = False,
    kink_distance: np.ndarray | None = None,
    domain: tuple[float, float] = (-np.inf, np.inf),
) -> GradCheck:
    """Compare `analytic` with a Richardson-extrapolated central difference of `f` at `x`.

    Args:
        f: the function of the primary input alone (other parameters bound).
        x: the primary input.
        analytic: the analytic gradient: shaped like `x` for an elementwise or scalar-valued
            `f`, `f(x).shape + x.shape` for a vector-valued one (softmax's Jacobian).
        elementwise: `f` acts elementwise, so all inputs can be perturbed at once.
        kink_distance: per input, the distance to the nearest kink along that input (inf if
            none); inputs closer than the stencil are reported as kinks.
        domain: the closed interval the primary input must stay in (bce's p in [0, 1]).

    Returns:
        The numeric gradient, kink indices, mismatching indices and the largest absolute
        error over the inputs that are not at a kink.
    """
    x = np.asarray(x, dtype=np.float64)
    analytic = np.asarray(analytic, dtype=np.float64)
    h, minus, plus = _steps(x, *domain)
    coarse, scale = _difference(f, x, minus, plus, elementwise=elementwise)
    fine, _ = _difference(f, x, minus / 2, plus / 2, elementwise=elementwise)
    central = (minus > 0) & (plus > 0)
    # Richardson: (4 D(h/2) - D(h)) / 3 cancels the h^2 term of a central difference; a
    # one-sided difference (at a domain edge) cancels its h term with (2 D(h/2) - D(h)).
    with np.errstate(over="ignore", invalid="ignore"):  # near 1e308: fall back to `fine`
        extrap = np.where(central, (4.0 * fine - coarse) / 3.0, 2.0 * fine - coarse)
    numeric = np.where(np.isfinite(extrap), extrap, fine)

    probed = np.ones(x.shape, dtype=bool)
    if not elementwise and x.size > MAX_PROBES:
        probed[:] = False
        for j in probe_indices(x.shape):
            probed[j] = True
    near = np.zeros(x.shape, dtype=bool)
    if kink_distance is not None:
        near = (np.asarray(kink_distance) <= 2.0 * h) & probed
    bad_input = np.zeros(x.shape, dtype=bool)
    with np.errstate(over="ignore", invalid="ignore"):
        err = np.abs(analytic - numeric)
        tol = (
            REL_TOL * np.maximum(1.0, np.maximum(np.abs(analytic), np.abs(numeric)))
            + 4.0 * np.abs(fine - coarse)
            + 1e3 * EPS * scale / np.broadcast_to(h, scale.shape)
        )
    wrong = ~(err <= tol)  # NaN counts as wrong
    # Collapse a Jacobian's output axes: an input is wrong if any of its column is.
    extra = wrong.ndim - x.ndim
    if extra:
        wrong_in = wrong.reshape((-1,) + x.shape).any(axis=0)
        err_in = np.where(np.isfinite(err), err, np.inf).reshape((-1,) + x.shape).max(axis=0)
    else:
        wrong_in = wrong
        err_in = np.where(np.isfinite(err), err, np.inf)
    bad_input |= wrong_in & ~near & probed
    good = ~near & probed
    max_err = float(np.max(err_in[good])) if np.any(good) else 0.0
    return GradCheck(
        numeric=numeric,
        kinks=tuple(tuple(int(i) for i in idx) for idx in np.argwhere(near)),
        mismatches=tuple(tuple(int(i) for i in idx) for idx in np.argwhere(bad_input)),
        max_abs_error=max_err,
        probed=-1 if probed.all() else int(probed.sum()),
    )
