"""The demo catalogue: every entry runs, special behaviour lives in fields, plot curves."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import mpmath as mp
import numpy as np
import pytest

from actloss_quiz.engine.catalogue import DEMOS, run_demo
from actloss_quiz.engine.curves import sample_curve
from tests.content_checks import agrees


@pytest.mark.parametrize("name", list(DEMOS))
def test_every_demo_runs_with_defaults(name: str) -> None:
    result = run_demo(name, {})
    assert result.ok, result


def test_prelu_reports_and_checks_the_alpha_gradient() -> None:
    result = run_demo("prelu", {"x": "-2,1", "alpha": "0.25"})
    assert DEMOS["prelu"].learned is not None
    assert result.grad_alpha is not None and result.check_alpha is not None
    assert result.grad_alpha.tolist() == [-2.0, 0.0]  # d/dalpha = min(x, 0)
    assert result.check_alpha.ok


def test_only_softmax_has_a_jacobian() -> None:
    assert [name for name, d in DEMOS.items() if d.jacobian] == ["softmax"]


@pytest.mark.parametrize("name", ["relu", "softmax", "mse"])
def test_curves_sample_the_function_and_its_derivative(name: str) -> None:
    curve = sample_curve(run_demo(name, {}), points=11)
    assert len(curve.xs) == len(curve.ys) == len(curve.dys) == 11
    assert curve.xs == sorted(curve.xs)


# --- cross-entropy notes: the stated gradient is the one in the table (review A3) -------------

GOLDEN_CE = [
    c
    for c in json.loads((Path(__file__).parent / "golden" / "golden.json").read_text())
    if c["demo"] == "cross-entropy" and "10000" not in c["args"]["logits"]
]


def _rows(text: str) -> list[list[mp.mpf]]:
    return [[mp.mpf(v) for v in row.split(",")] for row in text.split(";")]


def _stated_gradient(args: dict[str, str], first_line: str) -> list[list[mp.mpf]]:
    """The gradient the first note states, evaluated in mpmath from its own formula."""
    z = _rows(args["logits"])
    y = [int(v) for v in args["target"].split(",")]
    k = len(z[0])
    eps = mp.mpf(args.get("label-smoothing", "0"))
    w = [mp.mpf(v) for v in args["weights"].split(",")] if "weights" in args else None
    out = []
    for zi, yi in zip(z, y, strict=True):
        e = [mp.exp(v) for v in zi]
        p = [v / mp.fsum(e) for v in e]
        onehot = [mp.mpf(1 if c == yi else 0) for c in range(k)]
        if w is None and not eps:
            assert "(softmax(z) - onehot(y))/N per row: p - y." in first_line
            out.append([(p[c] - onehot[c]) / len(z) for c in range(k)])
        elif w is None:
            assert "(softmax(z) - target)/N per row, with target = (1 - eps)*onehot(y) + eps/K" in (
                first_line
            )
            out.append([(p[c] - ((1 - eps) * onehot[c] + eps / k)) / len(z) for c in range(k)])
        else:
            total = mp.fsum(w[v] for v in y)
            if not eps:
                assert "w[y_i]*(softmax(z_i) - onehot(y_i))/W, W = sum_j w[y_j]" in first_line
                out.append([w[yi] * (p[c] - onehot[c]) / total for c in range(k)])
            else:
                assert (
                    "(S_i*softmax(z_i) - c_i)/W, where c_i = (1 - eps)*w[y_i]*onehot(y_i) + "
                    "(eps/K)*w, S_i = sum_k c_ik and W = sum_j w[y_j]"
                ) in first_line
                ci = [(1 - eps) * w[yi] * onehot[c] + eps / k * w[c] for c in range(k)]
                s = mp.fsum(ci)
                out.append([(s * p[c] - ci[c]) / total for c in range(k)])
    return out


@pytest.mark.parametrize("case", GOLDEN_CE, ids=lambda c: json.dumps(c["args"]))
def test_cross_entropy_note_states_the_gradient_pytorch_computes(case: dict[str, Any]) -> None:
    result = run_demo("cross-entropy", case["args"])
    with mp.workdps(40):
        stated = _stated_gradient(case["args"], result.notes[0])
    torch_grad = np.atleast_2d(np.array(case["grad"]))
    for got_row, torch_row in zip(stated, torch_grad, strict=True):
        for g, t in zip(got_row, torch_row, strict=True):
            assert abs(float(g) - t) <= 1e-12 * max(abs(t), 1e-3)
    if "label-smoothing" in case["args"]:
        assert "onehot(y))/N per row: p - y" not in " ".join(result.notes)


@pytest.mark.parametrize(
    "args",
    [
        {"logits": "2,1,0.1", "target": "0", "label-smoothing": "0.1"},
        {"logits": "2,1,0.1;0.5,2.5,0.3", "target": "1,1", "label-smoothing": "0.25"},
        {"logits": "0,3,-1,2", "target": "3", "label-smoothing": "0.5"},
    ],
)
def test_label_smoothing_worked_line_is_the_table_gradient(args: dict[str, str]) -> None:
    """'First row, true class y: (p - t)/N = g', each number to 6 digits in mpmath."""
    result = run_demo("cross-entropy", args)
    line = next(n for n in result.notes if n.startswith("First row"))
    m = re.fullmatch(
        r"First row, true class (\d+): \((\S+) - (\S+)\)/(\d+) = (\S+), its gradient in the "
        r"table\.",
        line,
    )
    assert m, line
    with mp.workdps(40):
        z = _rows(args["logits"])
        y = int(args["target"].split(",")[0])
        eps, k, n = mp.mpf(args["label-smoothing"]), len(z[0]), len(z)
        e = [mp.exp(v) for v in z[0]]
        p = e[y] / mp.fsum(e)
        t = 1 - eps + eps / k
    assert int(m[1]) == y and int(m[4]) == n
    for shown, exact in zip((m[2], m[3], m[5]), (p, t, (p - t) / n), strict=True):
        assert agrees(shown, float(exact)), (shown, exact)
    table = np.atleast_2d(result.grad)[0, y]
    assert agrees(m[5], float(table))
