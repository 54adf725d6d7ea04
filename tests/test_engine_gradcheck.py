"""Every demo's analytic gradient agrees with finite differences (hypothesis); kinks are reported."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from actloss_quiz.engine.catalogue import DEMOS, run_demo
from actloss_quiz.errors import DemoInputError

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
finite = st.floats(-30, 30, allow_nan=False).map(lambda v: round(v, 3))


def _csv(values: list[float]) -> str:
    return ",".join(repr(float(v)) for v in values)


def _dist(raw: list[float]) -> str:
    a = np.array(raw) + 0.05
    a = a / a.sum()
    a[-1] = 1.0 - a[:-1].sum()
    return _csv(list(a))


@st.composite
def demo_args(draw: st.DrawFn, name: str) -> dict[str, str]:
    n = draw(st.integers(1, 4))
    vec = st.lists(finite, min_size=n, max_size=n)
    labels01 = st.lists(st.sampled_from([0.0, 1.0]), min_size=n, max_size=n)
    demo = DEMOS[name]
    if demo.kind == "activation" and name != "softmax":
        args = {"x": _csv(draw(vec))}
        if any(p.name == "alpha" for p in demo.params):
            args["alpha"] = repr(draw(st.floats(0.0, 2.0).map(lambda v: round(v, 2))))
        return args
    if name == "softmax":
        return {"z": _csv(draw(st.lists(finite, min_size=2, max_size=4)))}
    if name in {"mse", "mae", "huber"}:
        args = {"pred": _csv(draw(vec)), "target": _csv(draw(vec))}
        if name == "huber":
            args["delta"] = repr(draw(st.floats(0.1, 5).map(lambda v: round(v, 2))))
        return args
    if name == "bce":
        p = draw(st.lists(st.floats(0.01, 0.99), min_size=n, max_size=n))
        return {"p": _csv(p), "target": _csv(draw(labels01))}
    if name in {"bce-logits", "focal"}:
        args = {"logits": _csv(draw(vec)), "target": _csv(draw(labels01))}
        if name == "bce-logits" and draw(st.booleans()):
            args["pos-weight"] = repr(draw(st.floats(0.1, 5)))
        if name == "focal":
            args["gamma"] = repr(draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])))
            args["alpha"] = repr(draw(st.sampled_from([-1.0, 0.25, 0.5])))
        return args
    if name in {"cross-entropy", "accuracy"}:
        k = draw(st.integers(2, 4))
        rows = [draw(st.lists(finite, min_size=k, max_size=k)) for _ in range(n)]
        args = {
            "logits": ";".join(_csv(r) for r in rows),
            "target": _csv([float(draw(st.integers(0, k - 1))) for _ in range(n)]),
        }
        if name == "cross-entropy":
            if draw(st.booleans()):
                args["weights"] = _csv(draw(st.lists(st.floats(0.1, 3), min_size=k, max_size=k)))
            args["label-smoothing"] = repr(draw(st.sampled_from([0.0, 0.1, 0.5])))
        return args
    if name == "hinge":
        return {
            "scores": _csv(draw(vec)),
            "target": _csv(draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n))),
            "margin": repr(draw(st.sampled_from([0.0, 0.5, 1.0]))),
        }
    if name == "kl":
        k = draw(st.integers(2, 4))
        return {
            "p": _dist(draw(st.lists(st.floats(0, 1), min_size=k, max_size=k))),
            "q": _dist(draw(st.lists(st.floats(0, 1), min_size=k, max_size=k))),
        }
    if name == "distill":
        k = draw(st.integers(2, 4))
        return {
            "teacher-logits": _csv(draw(st.lists(finite, min_size=k, max_size=k))),
            "student-logits": _csv(draw(st.lists(finite, min_size=k, max_size=k))),
            "temperature": repr(draw(st.sampled_from([0.5, 1.0, 2.0, 4.0]))),
        }
    if name == "l2":
        return {"w": _csv(draw(vec)), "lam": repr(draw(st.floats(0, 1)))}
    raise AssertionError(f"no strategy for {name}")


@pytest.mark.parametrize("name", list(DEMOS))
def test_analytic_gradient_matches_finite_differences(name: str) -> None:
    @SETTINGS
    @given(demo_args(name))
    def check(args: dict[str, str]) -> None:
        try:
            result = run_demo(name, args)
        except DemoInputError:
            assume(False)  # e.g. a weights draw whose targets' weights sum to 0
            return
        assert result.ok, (args, result.check.mismatches, result.to_json_dict())
        out = result.to_json_dict()
        assert np.shape(out["grad"]) == np.shape(out["numeric_grad"])

    check()


@pytest.mark.parametrize(
    ("name", "args", "kinks", "note"),
    [
        (
            "relu",
            {"x": "0"},
            [0],
            "ReLU is not differentiable at 0; PyTorch uses 0, the central difference gives 0.5",
        ),
        ("relu", {"x": "-1,0,1"}, [1], "PyTorch uses 0"),
        ("leaky-relu", {"x": "0"}, [0], "PyTorch uses 0.01"),
        ("mae", {"pred": "1,2", "target": "1,0"}, [0], "not differentiable at pred = target"),
        ("hinge", {"scores": "1,0.2", "target": "1,1"}, [0], "not differentiable at y*s = margin"),
        ("relu", {"x": "1e-7"}, [0], "within the finite-difference step"),
        ("accuracy", {"logits": "1,1,0", "target": "0"}, [0, 1], "Accuracy is not differentiable"),
        ("bce", {"p": "0", "target": "1"}, [0], "clamps log at -100"),
    ],
)
def test_kinks_are_reported_not_mismatches(
    name: str, args: dict[str, str], kinks: list[int], note: str
) -> None:
    result = run_demo(name, args)
    assert result.ok
    assert result.to_json_dict()["kinks"] == kinks
    assert any(note in line for line in result.kink_notes), result.kink_notes


def test_no_kink_for_smooth_points() -> None:
    assert run_demo("relu", {"x": "-1,1"}).to_json_dict()["kinks"] == []
    assert run_demo("leaky-relu", {"x": "0", "alpha": "1"}).to_json_dict()["kinks"] == []
