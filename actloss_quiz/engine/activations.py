"""Activations: each returns `(value, derivative)` elementwise on float64 arrays.

The derivative is f'(x) at every element (the diagonal of the Jacobian), with PyTorch's
choice at kinks (relu'(0) = 0, leaky_relu'(0) = alpha, elu'(0) = alpha). Every function is
finite and silent (no NumPy warnings) for any finite input, including +-1e308: nothing
exponentiates a large positive number and nothing squares an unbounded input.
"""

from __future__ import annotations

import math

import numpy as np

Pair = tuple[np.ndarray, np.ndarray]

SQRT_2 = math.sqrt(2.0)
INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
GELU_TANH_C = math.sqrt(2.0 / math.pi)
GELU_TANH_K = 0.044715

# Beyond these magnitudes the saturating factors are exactly 0 or 1 in float64; clipping
# the argument there avoids overflow warnings in x**2 or x**3 without changing any result.
_EXP_CLIP = 1000.0
_GELU_CLIP = 40.0
_GELU_TANH_CLIP = 1.0e4

_erfc = np.frompyfunc(math.erfc, 1, 1)


def _arr(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _sigmoid_parts(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """sigmoid(x), sigmoid(-x) and sigmoid(x)*sigmoid(-x), each to full relative precision."""
    e = np.exp(-np.minimum(np.abs(x), _EXP_CLIP))  # in (0, 1]: never overflows
    big = 1.0 / (1.0 + e)
    small = e / (1.0 + e)
    pos = x >= 0
    s = np.where(pos, big, small)
    s_neg = np.where(pos, small, big)
    return s, s_neg, e / (1.0 + e) ** 2


def relu(x: np.ndarray | float) -> Pair:
    """max(0, x); the derivative at 0 is 0, as in PyTorch."""
    x = _arr(x)
    return np.maximum(x, 0.0), np.where(x > 0, 1.0, 0.0)


def leaky_relu(x: np.ndarray | float, alpha: float = 0.01) -> Pair:
    """x if x > 0 else alpha*x; the derivative at 0 is alpha, as in PyTorch."""
    x = _arr(x)
    return np.where(x > 0, x, alpha * x), np.where(x > 0, 1.0, alpha)


def prelu(x: np.ndarray | float, alpha: float = 0.25) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Leaky ReLU with a learnable slope: returns (value, d/dx, d/dalpha) elementwise."""
    x = _arr(x)
    value, grad = leaky_relu(x, alpha)
    return value, grad, np.where(x > 0, 0.0, x)


def elu(x: np.ndarray | float, alpha: float = 1.0) -> Pair:
    """x if x > 0 else alpha*(e^x - 1) (expm1 keeps small negatives exact)."""
    x = _arr(x)
    neg = np.minimum(x, 0.0)
    return (
        np.where(x > 0, x, alpha * np.expm1(neg)),
        np.where(x > 0, 1.0, alpha * np.exp(neg)),
    )


def sigmoid(x: np.ndarray | float) -> Pair:
    """1/(1+e^-x); derivative sigma(x)*sigma(-x), exact in both tails (at most 0.25)."""
    s, _, ds = _sigmoid_parts(_arr(x))
    return s, ds


def tanh(x: np.ndarray | float) -> Pair:
    """tanh(x); derivative sech^2 = 4e/(1+e)^2 with e = exp(-2|x|), exact in the tails."""
    x = _arr(x)
    e = np.exp(-2.0 * np.minimum(np.abs(x), _EXP_CLIP))
    return np.tanh(x), 4.0 * e / (1.0 + e) ** 2


def softplus(x: np.ndarray | float) -> Pair:
    """log(1 + e^x) computed as max(x, 0) + log1p(e^-|x|), without PyTorch's threshold."""
    x = _arr(x)
    e = np.exp(-np.minimum(np.abs(x), _EXP_CLIP))
    s, _, _ = _sigmoid_parts(x)
    return np.maximum(x, 0.0) + np.log1p(e), s


def _phi_cdf(x: np.ndarray) -> np.ndarray:
    """Standard normal CDF via erfc, accurate in the lower tail where 1 + erf cancels."""
    return 0.5 * np.asarray(_erfc(-x / SQRT_2), dtype=np.float64)


def gelu(x: np.ndarray | float) -> Pair:
    """Exact GELU x*Phi(x); derivative Phi(x) + x*phi(x)."""
    x = _arr(x)
    cdf = _phi_cdf(x)
    xc = np.clip(x, -_GELU_CLIP, _GELU_CLIP)  # phi(x) is 0 in float64 beyond |x| = 40
    pdf = INV_SQRT_2PI * np.exp(-0.5 * xc * xc)
    return x * cdf, cdf + xc * pdf


def gelu_tanh(x: np.ndarray | float) -> Pair:
    """GELU's tanh approximation 0.5x(1 + tanh(u)), u = sqrt(2/pi)(x + 0.044715x^3).

    Computed as x*sigmoid(2u), the same number without the cancellation of 1 + tanh(u)
    for negative x.
    """
    x = _arr(x)
    xc = np.clip(x, -_GELU_TANH_CLIP, _GELU_TANH_CLIP)
    u2 = 2.0 * GELU_TANH_C * (xc + GELU_TANH_K * xc**3)
    s, _, ds = _sigmoid_parts(u2)
    du2 = 2.0 * GELU_TANH_C * (1.0 + 3.0 * GELU_TANH_K * xc * xc)
    return x * s, s + xc * ds * du2


def silu(x: np.ndarray | float) -> Pair:
    """x*sigmoid(x) (swish); derivative sigma(x) + x*sigma(x)*sigma(-x)."""
    x = _arr(x)
    s, _, ds = _sigmoid_parts(x)
    xc = np.clip(x, -_EXP_CLIP, _EXP_CLIP)  # ds is exactly 0 beyond, keep x*ds finite
    return x * s, s + xc * ds


def log_softmax(z: np.ndarray | float) -> np.ndarray:
    """log softmax over the last axis: z - max - log1p(sum of the other exps)."""
    z = _arr(z)
    m = np.max(z, axis=-1, keepdims=True)
    # A spread beyond the float range (1e308 and -1e308) overflows to -inf: its exact limit,
    # exp(-inf) = 0, so that probability is 0 and the others stay exact.
    with np.errstate(over="ignore"):
        shifted = z - m
    e = np.exp(shifted)
    # Drop the (first) maximum's exp(0) = 1 from the sum so log1p keeps tiny tails exact.
    first = np.argmax(z, axis=-1)[..., None]
    np.put_along_axis(e, first, 0.0, axis=-1)
    out: np.ndarray = shifted - np.log1p(np.sum(e, axis=-1, keepdims=True))
    return out


def softmax(z: np.ndarray | float) -> Pair:
    """softmax over the last axis of a vector and its Jacobian diag(p) - p p^T."""
    z = np.atleast_1d(_arr(z))
    p = np.exp(log_softmax(z))
    if z.ndim != 1:
        raise ValueError("softmax Jacobian is defined for one vector")
    return p, np.diag(p) - np.outer(p, p)
