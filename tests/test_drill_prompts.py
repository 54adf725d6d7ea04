"""Every drill can be done with a pocket calculator from what its prompt states (issue #13)."""

from __future__ import annotations

import string
from typing import Any

import numpy as np
import pytest

from actloss_quiz.drills import templates as drills

NAMES = [t.name for t in drills.TEMPLATES]


class Recording(dict[str, Any]):
    """Inputs that remember which of them a solution reads."""

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)


def placeholders(prompt: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(prompt) if field}


@pytest.mark.parametrize("name", NAMES)
def test_prompt_names_every_input_its_solution_uses(name: str) -> None:
    t = drills.by_name(name)
    used: set[str] = set()
    for seed in range(50):
        inputs = Recording(t.make(np.random.default_rng(seed)))
        t.solve(inputs)
        used |= inputs.read
    assert used, name
    assert used <= placeholders(t.prompt), (
        f"{name}: the prompt omits {used - placeholders(t.prompt)}"
    )


def test_the_check_catches_a_prompt_that_omits_an_input() -> None:
    t = drills.by_name("leaky-relu-value")
    inputs = Recording(t.make(np.random.default_rng(0)))
    t.solve(inputs)
    assert inputs.read == {"x", "alpha"}
    assert not {"x", "alpha"} <= placeholders("leaky_relu({x}) = ?")


def test_focal_prompts_state_the_alpha_convention_or_leave_alpha_out() -> None:
    hard = drills.by_name("focal-hard-example").prompt
    assert "alpha = 0.25 weights positives" in hard and "1 - alpha = 0.75" in hard
    easy = drills.by_name("focal-easy-example")
    assert "no alpha" in easy.prompt
    # the ratio is 1 / (1 - p_t)^gamma: the lesson, with nothing else varying
    for seed in range(20):
        i = easy.make(np.random.default_rng(seed))
        p = 1 / (1 + np.exp(-i["z"]))
        pt = p if i["y"] == 1 else 1 - p
        assert easy.solve(i).expected == pytest.approx((1 - pt) ** -i["gamma"], rel=1e-9)


def test_no_drill_needs_more_than_a_calculator_and_the_prompt() -> None:
    """The GELU drill gives Phi(x); the expected value uses that rounded Phi, not erf."""
    gelu = drills.by_name("gelu-value")
    for seed in range(20):
        i = gelu.make(np.random.default_rng(seed))
        prompt = gelu.render_prompt(i)
        assert f"Phi({drills.fmt_input(i['x'])}) = {drills.fmt_input(i['phi'])}" in prompt
        assert gelu.solve(i).expected == i["x"] * i["phi"]
    assert "gelu-tanh-error" not in NAMES
