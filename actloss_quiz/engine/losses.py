"""Losses: each returns `(value, gradient)` with the gradient shaped like the primary input.

Reductions follow PyTorch's defaults (`reduction='mean'`) unless the issue says otherwise:
elementwise losses average over all elements, cross-entropy averages over samples (a weighted
mean when class weights are given), kl and distill sum over classes and average over rows
('batchmean'; a single vector is one distribution), l2 is a sum. Logits are handled in the
log domain (log-sum-exp, log-sigmoid via softplus), so |z| up to 1e4 stays finite and exact.

These functions do not validate: the catalogue checks shapes, labels and ranges first.
"""

from __future__ import annotations

import numpy as np

from actloss_quiz.engine.activations import _sigmoid_parts, log_softmax, softplus

Pair = tuple[float, np.ndarray]

BCE_LOG_CLAMP = -100.0
# PyTorch's binary_cross_entropy_backward divides by max(p(1-p), EPSILON), EPSILON = 1e-12f
BCE_GRAD_EPS = float(np.float32(1e-12))


def _arr(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def mse(pred: np.ndarray | float, target: np.ndarray | float) -> Pair:
    """mean((pred - target)^2); gradient 2(pred - target)/n."""
    d = _arr(pred) - _arr(target)
    n = max(d.size, 1)
    return float(np.mean(d * d)), 2.0 * d / n


def mae(pred: np.ndarray | float, target: np.ndarray | float) -> Pair:
    """mean|pred - target|; gradient sign(pred - target)/n, 0 at pred == target (PyTorch)."""
    d = _arr(pred) - _arr(target)
    n = max(d.size, 1)
    return float(np.mean(np.abs(d))), np.sign(d) / n


def huber(pred: np.ndarray | float, target: np.ndarray | float, delta: float = 1.0) -> Pair:
    """PyTorch HuberLoss: 0.5 d^2 if |d| < delta else delta(|d| - delta/2), mean over elements."""
    d = _arr(pred) - _arr(target)
    n = max(d.size, 1)
    ad = np.abs(d)
    small = ad < delta
    loss = np.where(small, 0.5 * d * d, delta * (ad - 0.5 * delta))
    return float(np.mean(loss)), np.clip(d, -delta, delta) / n


def smooth_l1(pred: np.ndarray | float, target: np.ndarray | float, beta: float = 1.0) -> Pair:
    """PyTorch SmoothL1Loss (beta > 0): 0.5 d^2/beta if |d| < beta else |d| - beta/2, mean.

    Computed on its own, not as huber/beta, so the two can be compared (HuberLoss(delta) =
    delta * SmoothL1Loss(beta = delta)); the gradient is d/beta inside, sign(d) outside.
    """
    d = _arr(pred) - _arr(target)
    n = max(d.size, 1)
    ad = np.abs(d)
    small = ad < beta
    loss = np.where(small, 0.5 * d * d / beta, ad - 0.5 * beta)
    return float(np.mean(loss)), np.where(small, d / beta, np.sign(d)) / n


def bce(p: np.ndarray | float, target: np.ndarray | float) -> Pair:
    """Binary cross-entropy on probabilities, PyTorch style.

    Each log is clamped at -100 (so p = 0 for a positive costs 100, not infinity) and the
    gradient (p - y)/max(p(1-p), 1e-12)/n is PyTorch's own backward formula.
    """
    p = _arr(p)
    y = _arr(target)
    n = max(p.size, 1)
    with np.errstate(divide="ignore"):
        log_p = np.maximum(np.log(p), BCE_LOG_CLAMP)
        log_1p = np.maximum(np.log1p(-p), BCE_LOG_CLAMP)
    loss = -(y * log_p + (1.0 - y) * log_1p)
    grad = (p - y) / np.maximum(p * (1.0 - p), BCE_GRAD_EPS) / n
    return float(np.mean(loss)), grad


def bce_logits(
    logits: np.ndarray | float,
    target: np.ndarray | float,
    pos_weight: np.ndarray | float | None = None,
) -> Pair:
    """BCEWithLogitsLoss: -(pw*y*log sigma(z) + (1-y)*log(1 - sigma(z))), mean.

    The gradient is sigma(z)(1 + (pw-1)y) - pw*y (p - y without a pos-weight).
    """
    z = _arr(logits)
    y = _arr(target)
    pw = 1.0 if pos_weight is None else _arr(pos_weight)
    n = max(z.size, 1)
    sp_neg, _ = softplus(-z)  # -log sigma(z)
    sp_pos, _ = softplus(z)  # -log(1 - sigma(z))
    loss = pw * y * sp_neg + (1.0 - y) * sp_pos
    s, s_neg, _ = _sigmoid_parts(z)
    # sigma(z)(1-y) - pw*y*sigma(-z): the same number, no cancellation when y in {0, 1}
    grad = (s * (1.0 - y) - pw * y * s_neg) / n
    return float(np.mean(loss)), np.broadcast_to(grad, z.shape).copy()


def _as_rows(logits: np.ndarray) -> np.ndarray:
    return logits.reshape(1, -1) if logits.ndim <= 1 else logits


def cross_entropy(
    logits: np.ndarray,
    target: np.ndarray,
    weights: np.ndarray | None = None,
    label_smoothing: float = 0.0,
) -> Pair:
    """PyTorch CrossEntropyLoss on class indices, mean reduction.

    With weights w: sum_i w[y_i]*nll_i / sum_i w[y_i]. With label smoothing eps:
    (1-eps)*nll + eps/K * smooth, where smooth_i = -sum_k w_k log p_ik, normalised by the same
    sum_i w[y_i] (or by N without weights), exactly as PyTorch combines them.
    The gradient of -sum_k c_ik log p_ik is S_i p_i - c_i with S_i = sum_k c_ik.
    """
    z = _arr(logits)
    shape = z.shape
    rows = _as_rows(z)
    n, k = rows.shape
    idx = np.asarray(target, dtype=np.int64).reshape(-1)
    w = np.ones(k) if weights is None else _arr(weights).reshape(-1)
    w_y = w[idx]
    denom = float(np.sum(w_y)) if weights is not None else float(n)
    eps = float(label_smoothing)

    logp = log_softmax(rows)
    coef = np.zeros_like(rows)
    coef[np.arange(n), idx] += (1.0 - eps) * (w_y if weights is not None else 1.0)
    if eps:
        coef += (eps / k) * w[None, :]
    coef /= denom
    value = float(-np.sum(coef * logp))

    # S_i p_ik - c_ik, with the target column as S_i (p_iy - 1) + sum_{k != y} c_ik so that a
    # confident correct prediction (p_iy ~ 1) keeps its tiny gradient to full precision.
    p = np.exp(logp)
    s = np.sum(coef, axis=1, keepdims=True)
    grad = s * p - coef
    rows_i = np.arange(n)
    off_target = np.where(np.arange(k)[None, :] == idx[:, None], 0.0, coef).sum(axis=1)
    grad[rows_i, idx] = s[:, 0] * np.expm1(logp[rows_i, idx]) + off_target
    return value, grad.reshape(shape)


def hinge(scores: np.ndarray | float, target: np.ndarray | float, margin: float = 1.0) -> Pair:
    """mean(max(0, margin - y*s)); subgradient 0 at y*s == margin (relu'(0) = 0)."""
    s = _arr(scores)
    y = _arr(target)
    n = max(s.size, 1)
    slack = margin - y * s
    return float(np.mean(np.maximum(slack, 0.0))), np.where(slack > 0, -y, 0.0) / n


def focal(
    logits: np.ndarray | float,
    target: np.ndarray | float,
    alpha: float = 0.25,
    gamma: float = 2.0,
) -> Pair:
    """torchvision.ops.sigmoid_focal_loss, mean reduction; alpha < 0 disables the alpha term.

    With u = (2y-1)z: loss = a_t * sigma(-u)^gamma * softplus(-u), where sigma(-u) = 1 - p_t
    and softplus(-u) is the BCE term, both computed without cancellation.
    """
    z = _arr(logits)
    y = _arr(target)
    n = max(z.size, 1)
    sign = 2.0 * y - 1.0
    u = sign * z
    s_u, s_neg_u, _ = _sigmoid_parts(u)  # p_t and 1 - p_t
    ce, _ = softplus(-u)
    a_t = alpha * y + (1.0 - alpha) * (1.0 - y) if alpha >= 0 else np.ones_like(z)
    mod = np.power(s_neg_u, gamma)
    loss = a_t * mod * ce
    # d/du = -a_t (1 - p_t)^gamma [gamma * p_t * ce + (1 - p_t)]
    grad = -a_t * mod * (gamma * s_u * ce + s_neg_u) * sign / n
    return float(np.mean(loss)), grad


def _rows_count(x: np.ndarray) -> int:
    return 1 if x.ndim <= 1 else x.shape[0]


def kl(p: np.ndarray, q: np.ndarray) -> Pair:
    """KL(p || q) = sum p log(p/q) with 0 log 0 = 0; rows averaged ('batchmean'); grad wrt q."""
    p = _arr(p)
    q = _arr(q)
    n = _rows_count(q)
    pos = p > 0
    safe_p = np.where(pos, p, 1.0)
    safe_q = np.where(pos, q, 1.0)
    terms = np.where(pos, p * (np.log(safe_p) - np.log(safe_q)), 0.0)
    grad = np.where(pos, -p / safe_q, 0.0) / n
    return float(np.sum(terms) / n), grad


def distill(
    teacher_logits: np.ndarray, student_logits: np.ndarray, temperature: float = 1.0
) -> Pair:
    """T^2 * KL(softmax(t/T) || softmax(s/T)), batchmean; gradient T*(q - p)/N wrt s."""
    t = _arr(teacher_logits)
    s = _arr(student_logits)
    temp = float(temperature)
    n = _rows_count(s)
    logp = log_softmax(t / temp)
    logq = log_softmax(s / temp)
    p = np.exp(logp)
    value = temp * temp * float(np.sum(p * (logp - logq))) / n
    return value, temp * (np.exp(logq) - p) / n


def l2(w: np.ndarray | float, lam: float = 0.01) -> Pair:
    """lam * ||w||^2 (a sum, not a mean); gradient 2*lam*w."""
    w = _arr(w)
    return float(lam * np.sum(w * w)), 2.0 * lam * w


def accuracy(logits: np.ndarray, target: np.ndarray) -> Pair:
    """Fraction of rows whose argmax (first on ties) is the target; gradient 0 wherever defined."""
    z = _arr(logits)
    rows = _as_rows(z)
    idx = np.asarray(target, dtype=np.int64).reshape(-1)
    return float(np.mean(np.argmax(rows, axis=1) == idx)), np.zeros_like(z)
