"""`quiz demo` through the CLI: listing, table, JSON schema, plots and every bad-input case."""

from __future__ import annotations

import json
import math
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from actloss_quiz.cli import app
from actloss_quiz.engine.catalogue import DEMOS

runner = CliRunner()


def _run(*args: str) -> object:
    return runner.invoke(app, ["demo", *args])


def test_no_name_lists_every_demo() -> None:
    result = _run()
    assert result.exit_code == 0
    for name in DEMOS:
        assert name in result.stdout
    assert "swish" in result.stdout
    listed = json.loads(_run("--json").stdout)
    assert [d["name"] for d in listed] == list(DEMOS)
    assert listed[0]["params"] == {"x": "-2,-0.5,0,0.5,2"}


@pytest.mark.parametrize("args", [["--x", "-1,0,1"], ["--x=-1,0,1"]])
def test_leading_minus_values(args: list[str]) -> None:
    result = _run("relu", *args, "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["params"]["x"] == [-1.0, 0.0, 1.0]


def test_relu_at_zero_json() -> None:
    out = json.loads(_run("relu", "--x", "0", "--json").stdout)
    assert out == {
        "demo": "relu",
        "params": {"x": 0.0},
        "value": 0.0,
        "grad": 0.0,
        "numeric_grad": 0.5,
        "max_abs_error": 0.0,
        "kinks": [0],
    }


def test_softmax_large_logits_json() -> None:
    out = json.loads(_run("softmax", "--z", "1000,1001", "--json").stdout)
    assert out["value"] == pytest.approx([0.2689414213699951, 0.7310585786300049], rel=1e-15)
    assert len(out["grad"]) == 2 and len(out["grad"][0]) == 2


@pytest.mark.parametrize("name", list(DEMOS) + ["swish"])
def test_json_schema_for_every_demo(name: str) -> None:
    result = _run(name, "--json")
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    keys = {"demo", "params", "value", "grad", "numeric_grad", "max_abs_error", "kinks"}
    if name == "prelu":
        keys.add("grad_alpha")
    assert set(out) == keys
    spec = DEMOS["silu" if name == "swish" else name]
    assert out["demo"] == spec.name
    assert set(out["params"]) == {p.name for p in spec.params}
    primary = out["params"][spec.primary]
    if name == "softmax":
        assert len(out["grad"]) == len(primary)
    else:
        assert _shape(out["grad"]) == _shape(primary)
    assert _shape(out["numeric_grad"]) == _shape(out["grad"])
    assert isinstance(out["max_abs_error"], float) and out["max_abs_error"] < 1e-6


def _shape(v: object) -> tuple[int, ...]:
    if isinstance(v, list):
        return (len(v), *(_shape(v[0]) if v else ()))
    return ()


def test_table_output_has_formula_check_and_kink_explanation() -> None:
    result = _run("relu", "--x", "-1,0,1")
    assert result.exit_code == 0
    assert "max(0, x)" in result.stdout
    assert "✓" in result.stdout and "kink" in result.stdout
    flat = " ".join(result.stdout.split())
    assert "ReLU is not differentiable at 0" in flat
    assert "PyTorch uses 0, the central difference gives 0.5" in flat


def test_cross_entropy_matrix_table() -> None:
    result = _run(
        "cross-entropy",
        "--logits",
        "2,1,0.1;0.5,2.5,0.3",
        "--target",
        "0,1",
        "--label-smoothing",
        "0.1",
    )
    assert result.exit_code == 0
    assert "cross-entropy = 0.436873" in result.stdout


def test_plot_draws_without_escape_codes_when_not_a_terminal() -> None:
    result = _run("gelu", "--plot")
    assert result.exit_code == 0, result.stderr
    assert "derivative" in result.stdout
    assert "\x1b[" not in result.stdout
    assert _run("mse", "--plot").exit_code == 0
    assert _run("softmax", "--plot").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["relu", "--x", "abc"], "--x: 'abc' is not a number"),
        (["relu", "--x", "nan"], "--x: 'nan' is not a finite number"),
        (["relu", "--x", "1,inf"], "--x: 'inf' is not a finite number"),
        (["mse", "--pred", "1,2,3", "--target", "1,2"], "--target: has 2 values but --pred has 3"),
        (
            ["cross-entropy", "--target", "0,3"],
            "--target: class index 3 is out of range for 3 classes",
        ),
        (
            ["cross-entropy", "--target", "0"],
            "--target: has 1 class indices but --logits has 2 rows",
        ),
        (["cross-entropy", "--target", "0,1.5"], "--target: 1.5 is not a class index"),
        (["cross-entropy", "--weights", "1,2"], "--weights: has 2 values but there are 3 classes"),
        (["cross-entropy", "--label-smoothing", "1.5"], "--label-smoothing: must be in [0, 1]"),
        (["bce", "--p", "1.2,0.5,0.5"], "--p: probability 1.2 is outside [0, 1]"),
        (
            ["kl", "--p", "0.5,0.3,0.1"],
            "--p: sums to 0.9; a distribution must sum to 1 within 1e-6",
        ),
        (["kl", "--q", "0.5,0.5,0"], "--q: q is 0 where p > 0"),
        (["bce", "--target", "1,0,2"], "--target: labels must be 0 or 1, got 2"),
        (["bce-logits", "--target", "1,0,0.5"], "--target: labels must be 0 or 1, got 0.5"),
        (["hinge", "--target", "1,0,-1,1"], "--target: labels must be -1 or 1, got 0"),
        (["huber", "--delta", "-1"], "--delta: must be positive, got -1"),
        (["distill", "--temperature", "-2"], "--temperature: must be positive, got -2"),
        (["distill", "--temperature", "0"], "--temperature: must be positive, got 0"),
        (["focal", "--gamma", "-1"], "--gamma: must not be negative"),
        (["l2", "--w", "1e200"], "--w: the result overflows float64"),
        (["relu", "--alpha", "0.1"], "--alpha: not a parameter of relu (its parameters: --x)"),
        (["rleu"], "unknown demo 'rleu'. Did you mean: relu"),
        (["softmax", "--z", "1,2;3,4"], "--z: softmax takes one vector"),
        (["relu", "--x", "1", "--json", "--plot"], "--plot: cannot be combined with --json"),
        (["--x", "1"], "--x: name a demo first"),
    ],
)
def test_bad_input_is_a_usage_error_naming_the_parameter(args: list[str], message: str) -> None:
    result = _run(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_demo_without_plot_does_not_import_plotext() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from actloss_quiz.cli import app; "
        "r = CliRunner().invoke(app, ['demo', 'gelu']); assert r.exit_code == 0, r.output; "
        "assert 'plotext' not in sys.modules; "
        "r = CliRunner().invoke(app, ['demo', 'gelu', '--json']); assert r.exit_code == 0; "
        "assert 'plotext' not in sys.modules; print('ok')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


LIMITS = "-1.7976931348623157e308,-1e308,-745,0,745,1e308,1.7976931348623157e308"


@pytest.mark.parametrize(
    "name",
    [
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
    ],
)
def test_activation_demo_at_the_float_limits_is_finite_and_silent(name: str) -> None:
    """The whole demo (value, gradient and its finite-difference check) raises no NumPy warning
    (pytest turns warnings into errors) and prints only finite numbers."""
    result = CliRunner().invoke(app, ["demo", name, f"--x={LIMITS}", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("value", "grad", "numeric_grad"):
        assert all(math.isfinite(v) for v in data[key]), (key, data[key])
    assert math.isfinite(data["max_abs_error"])
    if name == "prelu":
        assert all(math.isfinite(v) for v in data["grad_alpha"])


def test_softmax_demo_across_the_float_range() -> None:
    result = CliRunner().invoke(
        app, ["demo", "softmax", "--z=1.7976931348623157e308,-1.7976931348623157e308,0", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["value"] == [1.0, 0.0, 0.0]


@pytest.mark.parametrize("name", sorted(DEMOS))
def test_demo_name_help_shows_only_that_demo(runner: CliRunner, name: str) -> None:
    demo = DEMOS[name]
    result = runner.invoke(app, ["demo", name, "--help"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: quiz demo {name} ")
    assert demo.formula in result.stdout
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Parameters")) + 1
    end = lines.index("", start)
    shown = {line.split()[0].lstrip("*") for line in lines[start:end]}
    assert shown == {f"--{p.name}" for p in demo.params}
    for p in demo.params:
        assert f"default: {p.default or '(none)'}" in result.stdout


def test_demo_help_finds_the_name_after_options(runner: CliRunner) -> None:
    result = runner.invoke(app, ["demo", "--x", "1", "silu", "-h"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: quiz demo silu ")


def test_demo_help_without_a_known_name_is_the_command_help(runner: CliRunner) -> None:
    for args in (["demo", "--help"], ["demo", "relux", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0
        assert "--label-smoothing" in result.stdout


def test_every_catalogue_parameter_has_a_demo_option() -> None:
    """A demo with a parameter no demo had before needs its --option in commands/demo.py."""
    import typer.main

    command = typer.main.get_command(app).commands["demo"]  # type: ignore[attr-defined]
    options = {opt for p in command.params for opt in p.opts}
    needed = {f"--{p.name}" for d in DEMOS.values() for p in d.params}
    assert needed <= options, needed - options
