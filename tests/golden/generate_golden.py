"""Regenerate golden.json: PyTorch float64 values and gradients for the demo engine tests.

Run with a separate interpreter that has torch (not needed by the test suite):
    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy
    /tmp/torchvenv/bin/python tests/golden/generate_golden.py
Each case is (demo, args as `quiz demo` value strings); the value strings are parsed here by a
tiny parser with the same syntax, so the script does not import actloss_quiz. torchvision's
sigmoid_focal_loss is reproduced from its source (torchvision/ops/focal_loss.py).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

CASES: list[tuple[str, dict[str, str]]] = [
    ("relu", {"x": "-2,-0.5,0,0.5,2"}),
    ("leaky-relu", {"x": "-2,-0.5,0,0.5,2", "alpha": "0.01"}),
    ("prelu", {"x": "-2,-0.5,0,0.5,2", "alpha": "0.25"}),
    ("elu", {"x": "-3,-1,0,1,3", "alpha": "1.0"}),
    ("elu", {"x": "-3,-1,0,1,3", "alpha": "0.5"}),
    ("sigmoid", {"x": "-6,-2,0,2,6"}),
    ("sigmoid", {"x": "-700,-40,40,700"}),
    ("tanh", {"x": "-3,-1,0,1,3"}),
    ("softplus", {"x": "-5,-1,0,1,5"}),
    ("gelu", {"x": "-3,-1,-0.5,0,0.5,1,3"}),
    ("gelu-tanh", {"x": "-3,-1,-0.5,0,0.5,1,3"}),
    ("silu", {"x": "-5,-1,0,1,5"}),
    ("softmax", {"z": "2,1,0.1"}),
    ("softmax", {"z": "1000,1001"}),
    ("mse", {"pred": "2.5,0,2,8", "target": "3,-0.5,2,7"}),
    ("mae", {"pred": "2.5,0,2,8", "target": "3,-0.5,2,7"}),
    ("huber", {"pred": "0.5,-0.2,3", "target": "0,0,0", "delta": "1.0"}),
    ("huber", {"pred": "0.5,-0.2,3,-4", "target": "0,0,0,1", "delta": "0.7"}),
    ("bce", {"p": "0.9,0.2,0.6", "target": "1,0,0"}),
    ("bce", {"p": "0,1,0,1", "target": "1,0,0,1"}),
    ("bce-logits", {"logits": "2.2,-1.4,0.4", "target": "1,0,0"}),
    ("bce-logits", {"logits": "2.2,-1.4,0.4", "target": "1,0,1", "pos-weight": "3"}),
    ("bce-logits", {"logits": "10000,-10000,10000,-10000", "target": "1,0,0,1"}),
    ("cross-entropy", {"logits": "2,1,0.1;0.5,2.5,0.3", "target": "0,1"}),
    ("cross-entropy", {"logits": "2,1,0.1;0.5,2.5,0.3", "target": "0,1", "label-smoothing": "0.1"}),
    (
        "cross-entropy",
        {"logits": "2,1,0.1;0.5,2.5,0.3;0,0,3", "target": "0,1,1", "weights": "1,2,0.5"},
    ),
    (
        "cross-entropy",
        {
            "logits": "2,1,0.1;0.5,2.5,0.3;0,0,3",
            "target": "0,1,1",
            "weights": "1,2,0.5",
            "label-smoothing": "0.2",
        },
    ),
    ("cross-entropy", {"logits": "2,1,0.1", "target": "2"}),
    ("cross-entropy", {"logits": "10000,-10000,0;-10000,10000,5000", "target": "1,1"}),
    ("hinge", {"scores": "2,0.5,-0.3,-1", "target": "1,1,-1,1", "margin": "1.0"}),
    ("focal", {"logits": "3,-0.5,0.2,-2", "target": "1,1,0,0", "alpha": "0.25", "gamma": "2.0"}),
    ("focal", {"logits": "3,-0.5,0.2,-2", "target": "1,1,0,0", "alpha": "-1", "gamma": "0.5"}),
    ("focal", {"logits": "10000,-10000,10000", "target": "1,1,0", "alpha": "0.25", "gamma": "2"}),
    ("kl", {"p": "0.5,0.3,0.2", "q": "0.4,0.4,0.2"}),
    ("kl", {"p": "0.5,0.5,0;0.1,0.2,0.7", "q": "0.4,0.4,0.2;0.3,0.3,0.4"}),
    ("distill", {"teacher-logits": "3,1,0.2", "student-logits": "2,1.5,0.5", "temperature": "2.0"}),
    (
        "distill",
        {
            "teacher-logits": "3,1,0.2;0,1,2",
            "student-logits": "2,1.5,0.5;1,1,1",
            "temperature": "4",
        },
    ),
    ("l2", {"w": "0.5,-1.2,2", "lam": "0.01"}),
]


def parse(text: str) -> torch.Tensor:
    """Same syntax as actloss_quiz.engine.parsing (number, comma list, ';' matrix)."""
    if ";" in text:
        return torch.tensor([[float(v) for v in row.split(",")] for row in text.split(";")])
    if "," in text:
        return torch.tensor([float(v) for v in text.split(",")])
    return torch.tensor(float(text))


def focal(z: torch.Tensor, y: torch.Tensor, alpha: float, gamma: float) -> torch.Tensor:
    p = torch.sigmoid(z)
    ce = F.binary_cross_entropy_with_logits(z, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = ce * ((1 - p_t) ** gamma)
    if alpha >= 0:
        loss = (alpha * y + (1 - alpha) * (1 - y)) * loss
    return loss.mean()


def run(name: str, a: dict[str, str]) -> dict[str, object]:
    out: dict[str, object] = {}
    if name in {
        "relu",
        "leaky-relu",
        "prelu",
        "elu",
        "sigmoid",
        "tanh",
        "softplus",
        "gelu",
        "gelu-tanh",
        "silu",
    }:
        x = parse(a["x"]).requires_grad_()
        alpha = float(a.get("alpha", "0"))
        w = torch.tensor([alpha], requires_grad=True)
        fn = {
            "relu": lambda t: F.relu(t),
            "leaky-relu": lambda t: F.leaky_relu(t, alpha),
            "prelu": lambda t: F.prelu(t, w),
            "elu": lambda t: F.elu(t, alpha),
            "sigmoid": torch.sigmoid,
            "tanh": torch.tanh,
            "softplus": lambda t: F.softplus(t, threshold=1e300),
            "gelu": lambda t: F.gelu(t),
            "gelu-tanh": lambda t: F.gelu(t, approximate="tanh"),
            "silu": F.silu,
        }[name]
        v = fn(x)
        v.sum().backward()
        out.update(value=v.tolist(), grad=x.grad.tolist())
        if name == "prelu":
            # elementwise d f(x_i)/d alpha (the engine reports the Jacobian column)
            out["grad_alpha"] = torch.where(x > 0, 0.0, x).detach().tolist()
            out["grad_alpha_sum"] = w.grad.item()
        return out
    if name == "softmax":
        z = parse(a["z"])
        out["value"] = torch.softmax(z, -1).tolist()
        out["grad"] = torch.autograd.functional.jacobian(lambda t: torch.softmax(t, -1), z).tolist()
        return out
    t = {k: parse(v) for k, v in a.items()}
    if name in {"mse", "mae", "huber"}:
        pred = t["pred"].requires_grad_()
        if name == "mse":
            v = F.mse_loss(pred, t["target"])
        elif name == "mae":
            v = F.l1_loss(pred, t["target"])
        else:
            v = F.huber_loss(pred, t["target"], delta=float(a["delta"]))
        prim = pred
    elif name == "bce":
        prim = t["p"].requires_grad_()
        v = F.binary_cross_entropy(prim, t["target"])
    elif name == "bce-logits":
        prim = t["logits"].requires_grad_()
        v = F.binary_cross_entropy_with_logits(prim, t["target"], pos_weight=t.get("pos-weight"))
    elif name == "cross-entropy":
        prim = t["logits"].requires_grad_()
        v = F.cross_entropy(
            prim,
            t["target"].long(),
            weight=t.get("weights"),
            label_smoothing=float(a.get("label-smoothing", "0")),
        )
    elif name == "hinge":
        prim = t["scores"].requires_grad_()
        v = torch.clamp(float(a["margin"]) - t["target"] * prim, min=0).mean()
    elif name == "focal":
        prim = t["logits"].requires_grad_()
        v = focal(prim, t["target"], float(a["alpha"]), float(a["gamma"]))
    elif name == "kl":
        prim = t["q"].requires_grad_()
        rows = 1 if prim.dim() == 1 else prim.shape[0]
        v = F.kl_div(prim.log(), t["p"], reduction="sum") / rows
    elif name == "distill":
        prim = t["student-logits"].requires_grad_()
        temp = float(a["temperature"])
        rows = 1 if prim.dim() == 1 else prim.shape[0]
        v = (
            F.kl_div(
                F.log_softmax(prim / temp, -1),
                F.log_softmax(t["teacher-logits"] / temp, -1),
                reduction="sum",
                log_target=True,
            )
            * temp**2
            / rows
        )
    elif name == "l2":
        prim = t["w"].requires_grad_()
        v = float(a["lam"]) * (prim**2).sum()
    else:
        raise SystemExit(f"no torch recipe for {name}")
    v.backward()
    out.update(value=v.item(), grad=prim.grad.tolist())
    return out


def main() -> None:
    cases = []
    for name, args in CASES:
        result = run(name, args)
        for key, val in result.items():
            if isinstance(val, float) and not math.isfinite(val):
                raise SystemExit(f"{name} {args}: {key} not finite")
        cases.append({"demo": name, "args": args, "torch": torch.__version__, **result})
    path = Path(__file__).with_name("golden.json")
    path.write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {path}")


if __name__ == "__main__":
    main()
