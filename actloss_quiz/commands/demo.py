"""`quiz demo`: run one formula of the engine with its gradient check, as a table, JSON or plot.

NumPy (via the engine) is imported inside the command, plotext only with `--plot`.
"""

import json as jsonlib
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from actloss_quiz.commands import completion
from actloss_quiz.commands.helptext import FittedHelpCommand, wrap_help
from actloss_quiz.commands.options import completed_arg
from actloss_quiz.errors import DemoInputError, QuizError
from actloss_quiz.vocab import program


class DemoCommand(FittedHelpCommand):
    """`quiz demo NAME --help` shows that demo's formula and parameters, not every option."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        if any(a in ("--help", "-h") for a in args):
            name = _demo_name(self, args)
            if name is not None:
                from actloss_quiz.engine.catalogue import resolve
                from actloss_quiz.render.demo import demo_help

                try:
                    demo = resolve(name)
                except QuizError:
                    pass  # an unknown name: the command's own help lists the demos' options
                else:
                    typer.echo(wrap_help(demo_help(demo)))
                    ctx.exit(0)
        return super().parse_args(ctx, args)


def _demo_name(command: TyperCommand, args: list[str]) -> str | None:
    """The first argument that is neither an option nor an option's value."""
    takes_value = {
        opt for p in command.params if getattr(p, "is_flag", True) is False for opt in p.opts
    }
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return arg
    return None


def _opt(name: str, help_text: str) -> Any:
    return typer.Option(name, help=help_text, show_default=False)


ValueOpt = str | None


def demo(
    name: Annotated[
        str | None, completed_arg("Demo to run (omit to list them all).", completion.demos)
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

    Values: one number (0.5), a comma list (-1,0,2.5), a range start:stop:count (-5:5:11) or a matrix with rows separated by ';' ("2,1,0.1;0.5,2.5,0.3").

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
            raise DemoInputError(
                f"--{first}: name a demo first, e.g. '{program()} demo relu --x -1,0,1'"
            )
        if plot:
            raise DemoInputError(
                f"--plot: name a demo to plot, e.g. '{program()} demo gelu --plot'"
            )
        _list_demos(as_json=json)
        return
    if json and plot:
        raise DemoInputError("--plot: cannot be combined with --json (JSON output is one object)")

    from actloss_quiz.engine.catalogue import ALIASES, DEMOS, run_demo

    try:
        result = run_demo(name, given)
    except DemoInputError as e:
        if name in DEMOS or name in ALIASES:  # a known demo: its own help lists its parameters
            e.help_command = f"{program()} demo {name}"
        raise
    if json:
        sys.stdout.write(jsonlib.dumps(result.to_json_dict(), allow_nan=False) + "\n")
        return
    from actloss_quiz.console import out
    from actloss_quiz.engine.scenarios import result_view
    from actloss_quiz.render.demo import demo_view

    out.print(demo_view(result_view(result)))
    if plot:
        from actloss_quiz.engine.curves import sample_curve
        from actloss_quiz.render.demo import print_plot

        print_plot(sample_curve(result))


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
    from actloss_quiz.console import out
    from actloss_quiz.render.demo import demos_table

    out.print(demos_table(list(DEMOS.values()), ALIASES))
