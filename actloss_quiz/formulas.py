"""Formulas in a typed answer, checked by value against a reference expression.

Why: a phrase list cannot tell `1/(1+e^-x)` from `1/(1+e^x)`, nor know that `2σ(2x)−1` is
tanh or `½z[1+erf(z/√2)]` is GELU. Comparing values at sample points does, whatever the notation.

How: `has_math` (`actloss_quiz.mathhint`: a few fast searches, imported without this module)
turns plain prose away. Otherwise the answer is
cut into tokens (one compiled regex; a run of prose words is one break) and a small
recursive-descent parser is tried at each token: numbers, e, π, one-letter symbols and Greek
parameters, + − × / ^ ** and implicit products (2x, x(1−x), σ(x)(1−σ(x))), superscripts (², ⁻ˣ),
calls with or without parentheses (exp log ln log2 sqrt tanh σ/sigmoid relu abs max min erf
Φ/Phi softplus), |…|, √, Σ/sum, the positive part (z⁺, (x)_+), piecewise definitions
(`x if x > 0 else 0`, `x for x>0, αx otherwise`, `x>0: x, else αx`) and indicators
(`x·𝟙[x>0]`, `1[ys ≤ 0]`). The left side of an `=` is dropped. Each
expression's symbols are bound to the reference's variables and parameters, both sides are
evaluated with NumPy (imported only then) at sample points of the reference's domains, and
compared with a tolerance.

Safety: user text is never given to eval, exec or compile; the evaluator knows only the node
types below, and every number is a float64 (a huge power is inf, never a huge int). Time is
bounded by caps on answer length, tokens, characters per expression, nesting depth, parse steps
and candidates; any failure inside makes the result `none`, never an exception.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import product
from typing import TYPE_CHECKING, Any, Literal

from msgspec import Struct

from actloss_quiz.mathhint import ASCII_LETTERS as _ASCII_LETTERS
from actloss_quiz.mathhint import has_math
from actloss_quiz.numbers import written
from actloss_quiz.text import MAX_ANSWER_CHARS

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    _Array = npt.NDArray[np.float64]

MAX_EXPR_CHARS = 300  # characters of one candidate expression
MAX_REFERENCE_CHARS = 1_000
MAX_CANDIDATES = 20  # expressions judged per answer
MAX_DEPTH = 40  # nesting of brackets, calls, signs and exponents
MAX_TOKENS = 1_500  # tokens read per answer (a run of prose words is one; 10,000 characters of
# the bundled bank's formula-dense text are ~1,050)
MAX_PARSE_STEPS = 2_000  # tokens taken (and attempts started) per answer
MIN_DEFINED_POINTS = 3  # a reference must be defined at this many sample points
# A formula that agrees with the reference on at least this share of the points where it is
# defined, and not on all, is one piece of it ("½r² for small |r|" of Huber, "αx" of leaky
# ReLU, "−log p" of BCE when y = 1): no verdict either way.
PIECE_SHARE = 0.1

# Tolerances: values equal when |got - want| <= ABS_TOL + REL_TOL * |want|. The tanh form of GELU
# (with 0.044715) is an approximation of the exact x·Φ(x): at most 4.8e-4 apart, and the
# relative gap is large in the left tail where both are ~0. When exactly one side contains that
# constant the looser APPROX_* tolerance applies; every other formula needs the strict one.
REL_TOL = 1e-6
ABS_TOL = 1e-9
APPROX_REL_TOL = 2e-3
APPROX_ABS_TOL = 1e-3
GELU_TANH_COEFF = 0.044715
# x·σ(1.702x), GELU's sigmoid approximation, is at most 0.0204 from x·Φ(x) (near x = -2.27):
# equal within SIGMOID_APPROX_ABS_TOL only where the answer calls it an approximation ("fast
# approx x·σ(1.702x)"); said as GELU itself, its values differ.
GELU_SIGMOID_COEFF = 1.702
SIGMOID_APPROX_ABS_TOL = 0.025
_Tol = tuple[float, float]  # (relative, absolute)
STRICT: _Tol = (REL_TOL, ABS_TOL)
_APPROXIMATIONS: dict[float, _Tol] = {GELU_TANH_COEFF: (APPROX_REL_TOL, APPROX_ABS_TOL)}
_NAMED_APPROXIMATIONS: dict[float, _Tol] = {GELU_SIGMOID_COEFF: (0.0, SIGMOID_APPROX_ABS_TOL)}

# Sample points. Nice values first (the first differing one is reported), then irregular ones
# so no coincidence passes, then a few large ones. Never 0: kinks (ReLU, |x|) and the `x > 0`
# vs `x >= 0` choice must not decide equality.
REAL_SAMPLES = (
    1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 3.0, -3.0,
    0.031, -0.043, 0.19, -0.27, 0.83, -0.61, 1.37, -1.63, 2.41, -2.77, 3.59, -3.91,
    6.3, -6.7, 12.9, -11.3,
)  # fmt: skip
UNIT_FRACTIONS = (0.5, 0.2, 0.8, 0.1, 0.9, 0.013, 0.37, 0.66, 0.991, 0.047)
POSITIVE_SAMPLES = (1.0, 0.5, 2.0, 3.0, 0.1, 0.37, 1.7, 4.3, 9.1)
TARGET_SAMPLES = (1.0, 0.0, 0.3, 0.75)  # a label: 0 or 1, or a soft label

# Names a free variable goes by. One-variable references accept any of these in the answer
# (first found wins, x first); two-variable losses match a target and a prediction by role.
ONE_VARIABLE_NAMES = ("x", "z", "t", "u", "s", "v", "a", "X", "Z")
TARGET_NAMES = frozenset({"y", "t"})
PREDICTION_NAMES = frozenset({"p", "q", "yhat", "phat"})
COUNT_NAMES = frozenset({"N", "n", "m", "B"})  # 1/N Σ … over one element: N = 1

Domain = tuple[float, float] | Set[float]  # an open interval, or exact values


class FormulaError(ValueError):
    """A reference formula cannot be used (bad syntax, unknown name, undefined everywhere)."""


class FormulaCheck(Struct, frozen=True):
    """What one answer says about one reference formula.

    `status` is "equal" (an expression in the answer has the reference's values), "differs" (one
    clearly parsed, uses the reference's variables, and has another value at `point`) or "none".
    `where` names the point in full (`y=0, p=0.2`): a loss has two variables and `point` holds
    only the last one.
    """

    status: Literal["equal", "differs", "none"]
    found: str
    point: float | None
    got: float | None
    want: float | None
    where: str = ""


NONE = FormulaCheck("none", "", None, None, None)


# ---------------------------------------------------------------------------------------------
# Syntax tree: only these nodes exist, so evaluation can do nothing but arithmetic.


class _Num(Struct, frozen=True):
    value: float


class _Sym(Struct, frozen=True):
    name: str


class _Neg(Struct, frozen=True):
    arg: _Node


class _Bin(Struct, frozen=True):
    op: str  # + - * / ^
    left: _Node
    right: _Node


class _Call(Struct, frozen=True):
    fn: str
    args: tuple[_Node, ...]


class _Sum(Struct, frozen=True):
    """Σ over an index the answer does not spell out: one element, or both classes (y, 1−y)."""

    arg: _Node


class _Cmp(Struct, frozen=True):
    terms: tuple[_Node, ...]
    ops: tuple[str, ...]  # < <= > >= == !=, chained: 0 < x < 1


class _Piecewise(Struct, frozen=True):
    cases: tuple[tuple[_Cmp, _Node], ...]
    default: _Node | None


_Node = _Num | _Sym | _Neg | _Bin | _Call | _Sum | _Piecewise


# ---------------------------------------------------------------------------------------------
# Tokens


class _Tok:
    """One token: kind, value (float for numbers, canonical text otherwise), span, space before."""

    __slots__ = ("end", "kind", "sp", "start", "val")

    def __init__(self, kind: str, val: Any, start: int, end: int, sp: bool) -> None:
        self.kind = kind
        self.val = val
        self.start = start
        self.end = end
        self.sp = sp

    def __repr__(self) -> str:
        return f"{self.kind}:{self.val!r}"


_EOF = _Tok("eof", "", 0, 0, True)

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8",
    "⁹": "9", "⁺": "+", "⁻": "-", "⁽": "(", "⁾": ")", "ˣ": "x", "ʸ": "y", "ᶻ": "z", "ⁿ": "n",
    "ⁱ": "i", "ᵃ": "a", "ᵗ": "t", "ᵘ": "u", "ᵛ": "v", "ˢ": "s", "ᵖ": "p", "ᵉ": "e",
}  # fmt: skip
_SUBSCRIPTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8",
    "₉": "9", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₙ": "n", "ₐ": "a", "ₑ": "e", "ₒ": "o", "ₓ": "x",
    "ₜ": "t", "₊": "+", "₋": "-",
}  # fmt: skip
_FRACTIONS = {"½": 0.5, "¼": 0.25, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}

_OPS: dict[str, tuple[str, str]] = {
    "**": ("op", "^"), "^": ("op", "^"), "*": ("op", "*"), "×": ("op", "*"), "·": ("op", "*"),
    "⋅": ("op", "*"), "∙": ("op", "*"), "∗": ("op", "*"), "/": ("op", "/"), "÷": ("op", "/"),
    "⁄": ("op", "/"), "∕": ("op", "/"), "-": ("op", "-"), "−": ("op", "-"), "–": ("op", "-"),
    "+": ("op", "+"), "(": ("lp", "("), "[": ("lp", "["), "{": ("lp", "{"), ")": ("rp", ")"),
    "]": ("rp", "]"), "}": ("rp", "}"), "|": ("bar", "|"), ",": ("sep", ","), ";": ("sep", ";"),
    "√": ("sqrt", "√"), "<": ("rel", "<"), ">": ("rel", ">"), "<=": ("rel", "<="),
    ">=": ("rel", ">="), "≤": ("rel", "<="), "≥": ("rel", ">="), "⩽": ("rel", "<="),
    "⩾": ("rel", ">="), "==": ("rel", "=="), "!=": ("rel", "!="), "≠": ("rel", "!="),
    "=": ("eq", "="), ":=": ("eq", "="), "≈": ("eq", "="), ":": ("colon", ":"),
}  # fmt: skip
_CLOSE = {"(": ")", "[": "]", "{": "}"}

# Function words, lower-cased, to their canonical name.
_FUNCTIONS = {
    "exp": "exp", "log": "log", "ln": "log", "log2": "log2", "log10": "log10", "sqrt": "sqrt",
    "tanh": "tanh", "sinh": "sinh", "cosh": "cosh", "sech": "sech", "sigmoid": "sigmoid",
    "sigma": "sigmoid", "logistic": "sigmoid", "relu": "relu", "abs": "abs", "max": "max",
    "min": "min", "erf": "erf", "phi": "Phi", "softplus": "softplus", "mean": "mean",
    "frac": "frac", "sgn": "sign", "sign": "sign",
    # as code has them (NumPy, PyTorch): read only where a call follows
    "maximum": "max", "minimum": "min", "clamp": "clip", "clip": "clip", "where": "where",
    "log1p": "log1p", "expm1": "expm1", "square": "square",
}  # fmt: skip
# Functions read only as calls ("the max of", "where x is", "clip the gradient": prose).
_CALL_ONLY = frozenset({"max", "min", "clip", "where", "log1p", "expm1", "square"})
_GREEK_WORDS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "eps": "ε",
    "lambda": "λ", "kappa": "κ", "tau": "τ", "theta": "θ", "eta": "η", "mu": "μ", "rho": "ρ",
    "omega": "ω",
}  # fmt: skip
_VARIABLE_WORDS = {
    "yhat": "yhat", "ypred": "yhat", "phat": "phat", "ytrue": "y", "probs": "p", "preds": "yhat",
}  # fmt: skip
_KEYWORDS = frozenset({"if", "else", "for", "when", "otherwise", "and", "none"})
# Operators said in words, read only where math follows them (see `_prose_run`).
_OPERATOR_WORDS = {"cdot": "*", "times": "*", "minus": "-", "plus": "+"}
_SPLIT_LETTERS = frozenset("abkxz")  # "ax" in max(x, ax) is a·x
_PAREN_LESS = frozenset({"name", "bar"})  # `log p`, `tanh x`, `log|x|`: no parentheses


def _word_tokens(w: str, start: int, end: int, sp: bool) -> list[_Tok]:
    """Classify one ASCII word: function, constant, keyword, symbol(s), or a prose break."""
    if w.endswith("\u0302"):  # combining circumflex: p̂ is phat, ŷ spelt y + U+0302 is yhat
        return [_Tok("name", w[0] + "hat", start, end, sp)] if len(w) == 2 else []
    low = w.lower()
    if low in _FUNCTIONS:
        return [_Tok("func", _FUNCTIONS[low], start, end, sp)]
    if w == "e":
        return [_Tok("const", "e", start, end, sp)]
    if low == "pi":
        return [_Tok("const", "pi", start, end, sp)]
    if low == "sum":
        return [_Tok("sum", "Σ", start, end, sp)]
    if low in _GREEK_WORDS:
        return [_Tok("name", _GREEK_WORDS[low], start, end, sp)]
    if low in _VARIABLE_WORDS:
        return [_Tok("name", _VARIABLE_WORDS[low], start, end, sp)]
    if low in _KEYWORDS:
        return [_Tok("kw", low, start, end, sp)]
    if low in _OPERATOR_WORDS:  # "x times Φ(x)", "2 times σ(2x) minus 1"
        return [_Tok("op", _OPERATOR_WORDS[low], start, end, sp)]
    if low in ("left", "right"):  # LaTeX \left( \right)
        return [_Tok("skip", "", start, end, sp)]
    if len(w) == 1:
        return [] if w in "AI" else [_Tok("name", w, start, end, sp)]
    if len(w) == 2 and w[0] in _SPLIT_LETTERS and w[1] in _SPLIT_LETTERS:
        return [_Tok("name", w[0], start, start + 1, sp), _Tok("name", w[1], end - 1, end, False)]
    return []


def _sup_tokens(run: str, start: int, end: int, sp: bool) -> list[_Tok]:
    """A superscript run as `^ ( … )`, each token spanning the run; a lone ⁺ is x⁺ = max(x, 0)."""
    ascii_run = "".join(_SUPERSCRIPTS[c] for c in run)
    if ascii_run == "+":
        return [_Tok("pos", "+", start, end, sp)]
    inner = [t for t in _scan(ascii_run) if t.kind != "brk"]
    out = [_Tok("op", "^", start, end, sp), _Tok("lp", "(", start, end, False)]
    for t in inner:
        t.start, t.end = start, end
        out.append(t)
    out.append(_Tok("rp", ")", start, end, False))
    return out


# Words that are never prose: functions, constants, Greek names, keywords, and letter pairs read
# as products (ax). A run of words of 2+ letters separated by spaces is one regex match and one
# break; only the known words at its end, which may be followed by math, become tokens.
_KNOWN_WORDS = frozenset(
    {*_FUNCTIONS, *_GREEK_WORDS, *_VARIABLE_WORDS, *_KEYWORDS, *_OPERATOR_WORDS, "sum", "pi"}
    | {"left", "right"}
    | {a + b for a in _SPLIT_LETTERS for b in _SPLIT_LETTERS}
)
_LETTERS = "".join(sorted(_ASCII_LETTERS))  # for str.rstrip
_PROSE_WORD = r"[A-Za-z]{2,}(?:['’][A-Za-z]+)?(?![A-Za-z0-9\u0302_'’])"


@lru_cache(maxsize=1)
def _token_re() -> re.Pattern[str]:
    """The tokenizer's pattern, compiled on first use (a few ms that prose answers never pay)."""
    return re.compile(
        r"[^\S\r\n]*(?:"
        r"(?P<op>\*\*|<=|>=|==|!=|:=|[-+*/^()\[\]{}|,;:=<>√×·⋅∙∗÷−–⁄∕≤≥⩽⩾≠≈])"
        r"|(?P<num>[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?|\.[0-9]+)"
        r"|(?P<prose>" + _PROSE_WORD + r"(?:[^\S\r\n]+" + _PROSE_WORD + r")*)"
        r"|(?P<word>(?i:log)(?:2|10|1p)(?![0-9])|(?i:expm1)(?![0-9])|[A-Za-z]+\u0302?)"
        r"|(?P<greek>[\u0391-\u03a9\u03b1-\u03c9\u03d5\u03f5\u0177\u2211])"
        r"|(?P<sup>[" + "".join(_SUPERSCRIPTS) + r"]{1,12})"
        r"|(?P<sub>_(?:\{[^{}\r\n]{0,20}\}|[A-Za-z0-9]{1,10}|\+)|["
        + "".join(_SUBSCRIPTS)
        + r"]{1,12})"
        r"|(?P<frac>[" + "".join(_FRACTIONS) + r"])"
        r"|(?P<ind>[\U0001d7d9\U0001d540])"
        r"|(?P<skip>\\)"
        r"|(?P<other>.))",
        re.DOTALL,
    )


def _brk(toks: list[_Tok], start: int, end: int, word: bool = False) -> None:
    """A break (prose, punctuation): consecutive ones are one. `word`: it starts with a word."""
    if not toks or toks[-1].kind != "brk":
        toks.append(_Tok("brk", "word" if word else "", start, end, True))


def _prose_run(toks: list[_Tok], text: str, start: int, end: int, sp: bool) -> None:
    """A run of words is one break, except the known words at its end: a keyword, function or
    Greek name needs the math after it (`else exp(x)`, `if abs(y-p) < 1`), while a known word
    followed by prose (`the sigmoid function`) is prose too. Words are looked up only there."""
    peeled: list[_Tok] = []
    j = end
    for _ in range(3):  # `else if abs(…)` at most: a run of known words is prose before that
        if j <= start:
            break
        k = start + len(text[start:j].rstrip(_LETTERS))  # the last word's letters
        word = text[k:j]
        if word.lower() not in _KNOWN_WORDS or (k > start and not text[k - 1].isspace()):
            break
        peeled[:0] = _word_tokens(word, k, j, sp or k > start)
        j = start + len(text[start:k].rstrip())
    if j > start or not peeled:
        _brk(toks, start, j if peeled else end, word=True)
    toks.extend(t for t in peeled if t.kind != "skip")


def _scan(text: str) -> list[_Tok]:
    """Raw tokens; prose and unknown characters become `brk` (consecutive ones merged)."""
    toks: list[_Tok] = []
    append = toks.append
    apostrophe = False  # the last break was ' or ’: a letter right after it is prose (x's)
    for m in _token_re().finditer(text):
        if len(toks) >= MAX_TOKENS:
            break
        kind = m.lastgroup or "other"
        start, end = m.span(kind)
        sp = start > m.start()
        if kind == "op":
            k, v = _OPS[m.group(kind)]
            append(_Tok(k, v, start, end, sp))
        elif kind == "num":
            append(_Tok("num", float(m.group(kind)), start, end, sp))
        elif kind == "prose":
            _prose_run(toks, text, start, end, sp)
        elif kind == "word" and not (apostrophe and not sp):
            new = _word_tokens(m.group(kind), start, end, sp)
            if new:
                toks.extend(t for t in new if t.kind != "skip")
            else:
                _brk(toks, start, end, word=True)
        elif kind == "greek":
            append(_greek_token(m.group(kind), start, end, sp))
        elif kind == "sup":
            toks.extend(_sup_tokens(m.group(kind), start, end, sp))
        elif kind == "sub":
            raw = m.group(kind)
            sub = raw[1:].strip("{}") if raw[0] == "_" else "".join(_SUBSCRIPTS[c] for c in raw)
            append(_Tok("sub", sub, start, end, sp))
        elif kind == "frac":
            append(_Tok("num", _FRACTIONS[m.group(kind)], start, end, sp))
        elif kind == "ind":  # 𝟙[x > 0], 𝕀(…): an indicator
            append(_Tok("ind", "1", start, end, sp))
        elif kind != "skip":  # a newline, an unknown character
            _brk(toks, start, end)
        apostrophe = kind == "other" and m.group(kind) in "'’"
    return toks


def _greek_token(c: str, start: int, end: int, sp: bool) -> _Tok:
    if c in "σς":
        return _Tok("func", "sigmoid", start, end, sp)
    if c in "Φφϕ":  # φ(x) for GELU means the CDF; the density is no activation
        return _Tok("func", "Phi", start, end, sp)
    if c == "π":
        return _Tok("const", "pi", start, end, sp)
    if c in "Σ∑":
        return _Tok("sum", "Σ", start, end, sp)
    if c == "ŷ":
        return _Tok("name", "yhat", start, end, sp)
    return _Tok("name", "ε" if c == "ϵ" else c, start, end, sp)


_OPERAND_KINDS = frozenset({"num", "name", "const", "func", "sum", "sqrt", "lp", "bar", "ind"})
_SUM_NEXT = frozenset({"name", "lp", "func", "num", "sqrt", "bar"})
_ARTICLE_NEXT = frozenset({"name", "func", "const", "sum", "num", "sqrt", "brk"})


def _tokenize(text: str) -> list[_Tok]:
    """Tokens ready to parse: subscripts attached or dropped, function names used as nouns
    ("ReLU is …", "sigmoid 1/(1+e^-x)") and the article `a` turned into breaks."""
    raw = _scan(text)
    toks: list[_Tok] = []
    for t in raw:
        if t.kind != "sub":
            toks.append(t)
            continue
        if t.val == "+":  # (x)_+ and x₊: the positive part
            toks.append(_Tok("pos", "+", t.start, t.end, t.sp))
            continue
        if not toks or t.sp:
            continue
        prev, sub = toks[-1], t.val.lower()
        if prev.kind == "name" and prev.val in ("y", "p") and sub in ("hat", "pred"):
            prev.val = prev.val + "hat"
        elif prev.kind == "func" and prev.val == "log" and sub in ("2", "10", "e"):
            prev.val = {"2": "log2", "10": "log10", "e": "log"}[sub]
        elif prev.kind == "const":
            # e_y, π_θ: a one-hot vector, a policy, not Euler's number or π; a symbol that
            # binds to nothing of the reference, so the expression gets no verdict
            prev.kind, prev.val = "name", f"{prev.val}_{sub}"
        prev.end = t.end  # an index (y_i, Σ_{i=1}) is read and dropped
    # Right to left, so each rule sees the final kind of the token after it.
    nxt = _EOF
    for k in range(len(toks) - 1, -1, -1):
        t = toks[k]
        if t.kind == "func":
            if t.val in ("max", "min") and nxt.kind == "eq":
                t.kind = "kwarg"  # clamp(x, min=0): a keyword argument
                nxt = t
                continue
            if t.val in _CALL_ONLY:
                keep = nxt.kind == "lp"
            elif t.val == "frac":
                keep = nxt.kind == "lp" and nxt.val == "{"
            else:
                keep = nxt.kind == "lp" or (nxt.kind == "op" and nxt.val == "^")
                keep = keep or nxt.kind in _PAREN_LESS
            if not keep:
                t.kind = "brk"
        elif t.kind == "sum":
            if not (nxt.kind in _SUM_NEXT or (nxt.kind == "op" and nxt.val == "^")):
                t.kind = "brk"
        elif (
            t.kind == "num" and t.val == 1.0 and nxt.kind == "lp" and nxt.val in "[{" and not nxt.sp
        ):
            t.kind = "ind"  # 1[x > 0], 1{ys ≤ 0}: Iverson's bracket
        elif t.kind == "name" and t.val == "a" and nxt.sp and nxt.kind in _ARTICLE_NEXT:
            t.kind = "brk"
        elif (
            t.kind == "name"
            and t.val == "x"
            and not t.sp
            and k
            and toks[k - 1].kind == "num"
            and nxt.kind == "brk"
            and nxt.val == "word"
        ):
            t.kind = toks[k - 1].kind = "brk"  # "2x faster", "10x the memory": times, not x
        nxt = t
    out: list[_Tok] = []
    for t in toks:
        if t.kind == "brk" and out and out[-1].kind == "brk":
            continue
        out.append(t)
    return out


# ---------------------------------------------------------------------------------------------
# Parser


class _ParseError(Exception):
    """Not an expression here; the parser backtracks or the scanner tries the next token."""


class _Abort(Exception):
    """Too long or too deep: no backtracking; the scanner skips this stretch of math."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at


class _OutOfSteps(Exception):
    """The answer's parse budget is spent: judge what was found so far."""


_State = tuple[int, int, int]


class _Piece(Struct, frozen=True):
    """One piece of a piecewise definition; `expr_end` is before its condition."""

    expr: _Node
    cond: _Cmp | None
    expr_end: int
    end: int
    otherwise: bool = False  # said so: `αx otherwise`, `else 0`


class _Parser:
    """Recursive descent over the grammar in the module docstring; never evaluates anything.

    top      := piece (sep piece)*         pieces: `e if cond`, `e for cond`, `e otherwise`
    expr     := term (('+'|'-') term)*
    term     := unary (('*'|'/') unary | implicit power | Σ…)*
    unary    := ('-'|'+') unary | Σ term | power
    power    := postfix ('^' exponent)?    exponent: sign? (2x glued | power)
    postfix  := primary ('⁺' | '_+')*
    primary  := number | e | π | symbol | (…) | […] | {…} | |…| | √power | call
    """

    def __init__(self, toks: list[_Tok], steps: int, max_chars: int) -> None:
        self.toks = [*toks, _EOF, _EOF, _EOF]  # lookahead never runs off the end
        self.n = len(toks)
        self.pos = 0
        self.depth = 0
        self.in_abs = 0
        self.steps = steps
        self.max_chars = max_chars
        self.first_char = 0

    def start(self, i: int) -> None:
        self.pos, self.depth, self.in_abs = i, 0, 0
        self.first_char = self.toks[i].start

    def mark(self) -> _State:
        return self.pos, self.depth, self.in_abs

    def reset(self, state: _State) -> None:
        self.pos, self.depth, self.in_abs = state

    def tok(self, k: int = 0) -> _Tok:
        return self.toks[self.pos + k]

    def take(self) -> _Tok:
        t = self.toks[self.pos]
        if t is _EOF:
            raise _ParseError
        if t.end - self.first_char > self.max_chars:
            raise _Abort(self.pos)
        self.steps -= 1
        if self.steps < 0:
            raise _OutOfSteps
        self.pos += 1
        return t

    def enter(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Abort(self.pos)

    def is_op(self, t: _Tok, ops: str) -> bool:
        return t.kind == "op" and t.val in ops

    def starts_operand(self, t: _Tok) -> bool:
        return t.kind in _OPERAND_KINDS or self.is_op(t, "+-")

    # top level: one expression, or a piecewise definition ----------------------------------

    def top(self) -> _Node:
        first = self.piece()
        pieces = [first]
        while first.cond is not None or first.otherwise:
            state = self.mark()
            if not self.separator():
                break
            try:
                piece = self.piece()
            except _ParseError:
                self.reset(state)
                break
            pieces.append(piece)
            if piece.cond is None and any(p.cond is None for p in pieces[:-1]):
                break  # a second piece without a condition: the definition ended before it
        cases: list[tuple[_Cmp, _Node]] = []
        default: _Node | None = None
        end = first.end
        for piece in pieces:
            if piece.cond is None:
                if default is not None:
                    break
                default = piece.expr
            else:
                cases.append((piece.cond, piece.expr))
            end = piece.end
        if not cases or (len(cases) == 1 and default is None):
            # one expression (a comma or a lone condition ends it)
            self.pos = first.end if first.cond is None else first.expr_end
            return first.expr
        self.pos = end
        return _Piecewise(tuple(cases), default)

    def separator(self) -> bool:
        t = self.tok()
        if t.kind == "sep" or (t.kind == "kw" and t.val in ("else", "and")):
            self.take()
            if t.kind == "sep" and self.tok().kind == "kw" and self.tok().val in ("else", "and"):
                self.take()
            return True
        return False

    def piece(self) -> _Piece:
        t = self.tok()
        if t.kind == "kw" and t.val in ("otherwise", "else"):
            self.take()
            expr = self.expr()
            return _Piece(expr, None, self.pos, self.pos, otherwise=True)
        if any(t.kind == "colon" for t in self.toks[self.pos + 1 : self.pos + 8]):
            # "x > 0: x, else αx", "x≤0: αx": the condition first, then its value
            state = self.mark()
            try:
                cond = self.condition()
                if self.tok().kind == "colon":
                    self.take()
                    expr = self.expr()
                    return _Piece(expr, cond, self.pos, self.pos)
            except _ParseError:
                pass
            self.reset(state)
        expr = self.expr()
        expr_end = self.pos
        t = self.tok()
        if t.kind == "kw" and t.val in ("if", "for", "when"):
            state = self.mark()
            self.take()
            try:
                cond = self.condition()
                return _Piece(expr, cond, expr_end, self.pos)
            except _ParseError:
                self.reset(state)
        elif t.kind == "kw" and t.val == "otherwise":
            self.take()
            return _Piece(expr, None, expr_end, self.pos, otherwise=True)
        return _Piece(expr, None, expr_end, self.pos)

    def condition(self) -> _Cmp:
        terms = [self.expr()]
        ops: list[str] = []
        while self.tok().kind == "rel":
            ops.append(self.take().val)
            terms.append(self.expr())
        if not ops:
            raise _ParseError
        return _Cmp(tuple(terms), tuple(ops))

    # arithmetic -----------------------------------------------------------------------------

    def expr(self) -> _Node:
        self.enter()
        left = self.term()
        while self.is_op(self.tok(), "+-") and self.starts_operand(self.tok(1)):
            op = self.take().val
            left = _Bin(op, left, self.term())
        self.depth -= 1
        return left

    def term(self) -> _Node:
        left = self.unary()
        while True:
            t = self.tok()
            if self.is_op(t, "*/"):
                if not self.starts_operand(self.tok(1)):
                    break
                self.take()
                left = _Bin(t.val, left, self.unary())
            elif t.kind == "sum":
                left = _Bin("*", left, self.sum())
            elif t.kind in ("name", "const", "func", "sqrt", "lp", "ind") or (
                t.kind == "bar" and self.in_abs == 0
            ):
                state = self.mark()
                try:
                    right = self.power()
                except _ParseError:
                    self.reset(state)
                    break
                if t.sp and isinstance(right, _Piecewise) and right.default is _BRACKETED:
                    self.reset(state)  # "x (x > 0)": x, for x > 0 (a condition, no product)
                    break
                left = _Bin("*", left, right)
            else:
                break
        return left

    def unary(self) -> _Node:
        t = self.tok()
        if self.is_op(t, "+-"):
            self.enter()
            self.take()
            arg = self.unary()
            self.depth -= 1
            return _Neg(arg) if t.val == "-" else arg
        if t.kind == "sum":
            return self.sum()
        return self.power()

    def sum(self) -> _Node:
        """Σ (or `sum`) over the rest of the product; `^N` limits are read and dropped."""
        self.enter()
        self.take()
        while self.is_op(self.tok(), "^"):
            self.take()
            self.postfix()
        arg = self.term()
        self.depth -= 1
        return _Sum(arg)

    def power(self) -> _Node:
        base = self.postfix()
        if not self.is_op(self.tok(), "^"):
            return base
        if self.is_op(self.tok(1), "+") and not self.starts_operand(self.tok(2)):
            self.take()
            self.take()
            return _Call("relu", (base,))  # x^+
        self.enter()
        self.take()
        node = _Bin("^", base, self.exponent())
        self.depth -= 1
        return node

    def exponent(self) -> _Node:
        """`e^-x` is e^(−x) and `e^2x` is e^(2x), as people type them; `x^2 y` is (x²)·y."""
        t = self.tok()
        if self.is_op(t, "+-"):
            self.enter()
            self.take()
            inner = self.exponent()
            self.depth -= 1
            return _Neg(inner) if t.val == "-" else inner
        nxt = self.tok(1)
        if t.kind == "num" and not nxt.sp and nxt.kind in ("name", "const"):
            self.take()
            return _Bin("*", _Num(t.val), self.power())
        return self.power()

    def postfix(self) -> _Node:
        node = self.primary()
        while self.tok().kind == "pos":
            self.take()
            node = _Call("relu", (node,))
        return node

    def primary(self) -> _Node:
        t = self.tok()
        k = t.kind
        if k == "num":
            self.take()
            return _Num(t.val)
        if k == "name":
            self.take()
            return _Sym(t.val)
        if k == "const":
            self.take()
            return _Num(math.e if t.val == "e" else math.pi)
        if k == "lp":
            return self.group()
        if k == "bar":
            self.enter()
            self.take()
            self.in_abs += 1
            inner = self.expr()
            if self.tok().kind != "bar":
                raise _ParseError
            self.take()
            self.in_abs -= 1
            self.depth -= 1
            return _Call("abs", (inner,))
        if k == "sqrt":
            self.enter()
            self.take()
            arg = self.power()
            self.depth -= 1
            return _Call("sqrt", (arg,))
        if k == "func":
            return self.call()
        if k == "ind":
            return self.indicator()
        raise _ParseError

    def indicator(self) -> _Node:
        """𝟙[x > 0], 1[ys ≤ 0], 𝕀(z > 0): 1 where the condition holds, else 0."""
        self.take()
        opening = self.tok()
        if opening.kind != "lp":
            raise _ParseError
        self.enter()
        self.take()
        cond = self.condition()
        close = self.tok()
        if close.kind != "rp" or close.val != _CLOSE[opening.val]:
            raise _ParseError
        self.take()
        self.depth -= 1
        return _Piecewise(((cond, _Num(1.0)),), _Num(0.0))

    def group(self) -> _Node:
        opening = self.tok()
        if opening.kind != "lp":
            raise _ParseError
        self.enter()
        self.take()
        saved_abs, self.in_abs = self.in_abs, 0
        inner = self.top()
        if opening.val == "(" and self.tok().kind == "rel":
            # "grad * (x > 0)", "x * (x > 0)": a comparison in brackets, as code writes an
            # indicator (a boolean array times a number)
            terms, ops = [inner], []
            while self.tok().kind == "rel":
                ops.append(self.take().val)
                terms.append(self.expr())
            inner = _Piecewise(((_Cmp(tuple(terms), tuple(ops)), _Num(1.0)),), _BRACKETED)
        close = self.tok()
        if close.kind != "rp" or close.val != _CLOSE[opening.val]:
            raise _ParseError
        self.take()
        self.in_abs = saved_abs
        self.depth -= 1
        return inner

    def call(self) -> _Node:
        fn = self.take().val
        self.enter()
        power_of: _Node | None = None
        if self.is_op(self.tok(), "^"):  # tanh²(x), σ^2(x)
            self.take()
            power_of = self.exponent()
        args: list[_Node]
        if fn in ("clip", "where"):
            coded = self.code_call(fn)
            self.depth -= 1
            return coded if power_of is None else _Bin("^", coded, power_of)
        if fn == "frac":
            args = [self.group(), self.group()]
        elif self.tok().kind == "lp":
            opening = self.take()
            saved_abs, self.in_abs = self.in_abs, 0
            args = [self.top()]
            while self.tok().kind == "sep" and self.tok().val == ",":
                self.take()
                args.append(self.top())
            close = self.tok()
            if close.kind != "rp" or close.val != _CLOSE[opening.val]:
                raise _ParseError
            self.take()
            self.in_abs = saved_abs
        elif self.tok().kind in _PAREN_LESS and fn not in ("max", "min"):
            args = [self.power()]
        else:
            raise _ParseError
        node: _Node
        if fn == "frac":
            node = _Bin("/", args[0], args[1])
        elif fn in ("max", "min"):
            if len(args) < 2:
                raise _ParseError
            node = _Call(fn, tuple(args))
        elif len(args) != 1:
            raise _ParseError
        elif fn == "mean":
            node = args[0]
        elif fn == "log1p":
            node = _Call("log", (_Bin("+", _Num(1.0), args[0]),))
        elif fn == "expm1":
            node = _Bin("-", _Call("exp", (args[0],)), _Num(1.0))
        elif fn == "square":
            node = _Bin("^", args[0], _Num(2.0))
        else:
            node = _Call(fn, (args[0],))
        if power_of is not None:
            node = _Bin("^", node, power_of)
        self.depth -= 1
        return node

    def code_call(self, fn: str) -> _Node:
        """`where(cond, a, b)`, `clip(x, lo, hi)` / `clamp(x, min=lo, max=hi)` as code writes
        them (NumPy, PyTorch): a piecewise definition, a max and a min."""
        opening = self.take()
        if opening.kind != "lp" or opening.val != "(":
            raise _ParseError
        saved_abs, self.in_abs = self.in_abs, 0
        node: _Node
        if fn == "where":
            cond = self.condition()
            values = []
            for _ in range(2):
                if not (self.tok().kind == "sep" and self.tok().val == ","):
                    raise _ParseError
                self.take()
                values.append(self.expr())
            node = _Piecewise(((cond, values[0]),), values[1])
        else:
            node = self.expr()
            bounds: dict[str, _Node] = {}
            order = ["min", "max"]
            while self.tok().kind == "sep" and self.tok().val == ",":
                self.take()
                if self.tok().kind == "kwarg":
                    name = self.take().val
                    if self.tok().kind != "eq":
                        raise _ParseError
                    self.take()
                elif order:
                    name = order[0]
                else:
                    raise _ParseError
                if name in bounds or name not in ("min", "max"):
                    raise _ParseError
                if name in order:
                    order.remove(name)
                if self.tok().kind == "kw" and self.tok().val == "none":
                    self.take()  # clip(x, 0, None): no bound on that side
                    bounds[name] = _NO_BOUND
                    continue
                bounds[name] = self.expr()
            if all(b is _NO_BOUND for b in bounds.values()):
                raise _ParseError
            if bounds.get("min", _NO_BOUND) is not _NO_BOUND:
                node = _Call("max", (node, bounds["min"]))
            if bounds.get("max", _NO_BOUND) is not _NO_BOUND:
                node = _Call("min", (node, bounds["max"]))
        close = self.tok()
        if close.kind != "rp" or close.val != ")":
            raise _ParseError
        self.take()
        self.in_abs = saved_abs
        return node


_NO_BOUND = _Num(math.nan)  # clip(x, 0, None): the side without a bound
_BRACKETED = _Num(0.0)  # the "else 0" of a comparison in brackets read as an indicator


class _Candidate(Struct, frozen=True):
    node: _Node
    found: str
    derivative: bool = False  # σ'(x) = …, "its gradient is …": equal or nothing
    approximation: bool = False  # "approx x·σ(1.702x)", "≈ …": called an approximation


# A derivative's left side: a prime (σ'(x) =, f′ =), d…/d… or ∂, before the `=`.
_DERIVATIVE_LHS = re.compile(
    r"['′’](?:[ \t]*\([^()]{0,12}\))?[ \t]*[=≈]|\bd\S{0,4}[ \t]*/[ \t]*d\S{0,4}[ \t]*[=≈]|[∂∇]"
)
_CLAUSE_END = re.compile(r"[.;:!?\n]")
# "fast approx x·σ(1.702x)", "≈ x·σ(1.702x)", "approximated by": in the 40 characters before.
_APPROXIMATION_WORDS = re.compile(r"(?i:\bapprox\w*|≈)(?:(?!\.\s+[A-Z])[^!?\n]){0,40}\Z")
# Or said in words just before it: "its derivative σ(x)(1−σ(x))", "the gradient is p − y".
_DERIVATIVE_WORDS = re.compile(
    r"(?i:\b(?:derivatives?|gradients?|slopes?|grad)\b)(?:(?!\.\s+[A-Z])[^!?\n]){0,40}\Z"
)


def _after_derivative(text: str, start: int, right_side: bool) -> bool:
    """Whether the expression at `start` states a derivative: the right side of `σ'(x) =`
    (same clause, up to 120 characters back), one named so in the 40 characters before, or a
    factor after a ∂ or ∇ in its clause."""
    if not right_side:
        if _DERIVATIVE_WORDS.search(text, max(0, start - 60), start) is not None:
            return True
        # a factor of a derivative: "∂L/∂a = Σ (∂L/∂f)·min(0, x)" (same clause, 60 back)
        window = text[max(0, start - 60) : start]
        ends = list(_CLAUSE_END.finditer(window))
        return re.search(r"[∂∇]", window[ends[-1].end() :] if ends else window) is not None
    window = text[max(0, start - 120) : start]
    ends = list(_CLAUSE_END.finditer(window))
    if ends:
        window = window[ends[-1].end() :]
    return _DERIVATIVE_LHS.search(window) is not None


def _is_expression(node: _Node) -> bool:
    """A bare number or symbol (signed or not) says nothing about a formula, nor a bare
    comparison in brackets: in prose it is a condition ("quadratic for small residuals
    (|r| < δ)"), an indicator only as a factor ("x * (x > 0)")."""
    while isinstance(node, _Neg):
        node = node.arg
    if isinstance(node, _Piecewise) and node.default is _BRACKETED:
        return False
    return not isinstance(node, _Num | _Sym)


_ATOMS = frozenset({"num", "name", "const"})
# What may follow an atom inside an expression (an operator, an implicit product, a postfix,
# a piecewise keyword).
_CONTINUES = frozenset(
    {"op", "name", "const", "func", "sqrt", "lp", "bar", "pos", "kw", "sum", "ind"}
)


def _bare_magnitude(toks: list[_Tok]) -> bool:
    """|x|: bars around one symbol."""
    return len(toks) == 3 and toks[0].kind == toks[2].kind == "bar" and toks[1].kind in _ATOMS


# Letters that name a function when a bracket follows at once: "f(x)", "ψ(r)", "ℓ(ŷ, y)" is the
# function's name, not f times x (a known function, σ(x), is one the parser applies).
_FUNCTION_LETTERS = frozenset("fghFGLPψφρℓ")


def _candidates(text: str, toks: list[_Tok]) -> Iterator[_Candidate]:
    """Each expression the parser reads, tried at every token; left sides of `=` dropped."""
    parser = _Parser(toks, MAX_PARSE_STEPS, MAX_EXPR_CHARS)
    seen: set[str] = set()
    i, n = 0, len(toks)
    while i < n and len(seen) < MAX_CANDIDATES:
        t = toks[i]
        nxt = toks[i + 1] if i + 1 < n else _EOF
        inside_superscript = i > 0 and t.start == toks[i - 1].start  # sech²(x): not "²(x)"
        condition_first = nxt.kind == "rel" and any(
            toks[j].kind == "colon" for j in range(i + 2, min(n, i + 8))
        )  # "x > 0: x, else αx"
        if (
            not parser.starts_operand(t)
            or (t.kind in _ATOMS and nxt.kind not in _CONTINUES and not condition_first)
            or inside_superscript
        ):
            i += 1  # not a start, or a lone number or symbol (x = …, "a", 0.5)
            continue
        parser.start(i)
        try:
            parser.steps -= 1
            node = parser.top()
        except _ParseError:
            i += 1
            continue
        except _Abort as e:
            i = e.at  # too long or too deep: skip the rest of this stretch of math
            while i < n and toks[i].kind != "brk":
                i += 1
            continue
        except _OutOfSteps:
            break
        end = parser.pos
        if (
            end < n
            and toks[end].kind == "num"
            and not toks[end].sp
            and toks[end - 1].kind == "name"
        ):
            i += 1  # it stops inside a name with an index ("xx0", "b1"): not an expression read
            continue
        if end < n and toks[end].kind == "lp" and not toks[end].sp and toks[end - 1].kind == "name":
            i += 1  # it stops where a function is applied ("x · P(Z ≤ x)"): not the whole of it
            continue
        if t.kind == "name" and t.val in _FUNCTION_LETTERS and nxt.kind == "lp" and not nxt.sp:
            i += 1  # "ψ(r)", "f(x)": a function named, as on a left side, not a product
            continue
        left_side = end < n and toks[end].kind == "eq" and not (i and toks[i - 1].kind == "eq")
        found = text[t.start : toks[end - 1].end]
        # A side of a comparison is a condition ("|r| ≤ δ", "for y·s ≥ 1"), and a bare |r| a
        # magnitude: neither states the formula.
        condition = (end < n and toks[end].kind == "rel") or (i and toks[i - 1].kind == "rel")
        if (
            not left_side
            and not condition
            and not _bare_magnitude(toks[i:end])
            and _is_expression(node)
            and found not in seen
        ):
            seen.add(found)
            right_side = i > 0 and toks[i - 1].kind == "eq"
            approximation = _APPROXIMATION_WORDS.search(text, max(0, t.start - 60), t.start)
            yield _Candidate(
                node,
                found,
                _after_derivative(text, t.start, right_side),
                approximation is not None,
            )
        i = max(end, i + 1)


def _walk(node: _Node) -> Iterator[_Node | _Cmp]:
    """Every node of the tree, iteratively (no recursion limit to meet)."""
    stack: list[_Node | _Cmp] = [node]
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, _Neg | _Sum):
            stack.append(n.arg)
        elif isinstance(n, _Bin):
            stack += (n.left, n.right)
        elif isinstance(n, _Call):
            stack += n.args
        elif isinstance(n, _Cmp):
            stack += n.terms
        elif isinstance(n, _Piecewise):
            for cond, expr in n.cases:
                stack += (cond, expr)
            if n.default is not None:
                stack.append(n.default)


def _symbols(node: _Node) -> set[str]:
    return {n.name for n in _walk(node) if isinstance(n, _Sym)}


def _approximation(node: _Node, named: bool = False) -> _Tol | None:
    """The tolerance of the known approximation whose constant the tree holds (GELU's tanh
    form, 0.044715; where the answer calls it an approximation, its sigmoid form, 1.702)."""
    for n in _walk(node):
        if isinstance(n, _Num):
            if n.value in _APPROXIMATIONS:
                return _APPROXIMATIONS[n.value]
            if named and n.value in _NAMED_APPROXIMATIONS:
                return _NAMED_APPROXIMATIONS[n.value]
    return None


def _has_sum(node: _Node) -> bool:
    return any(isinstance(n, _Sum) for n in _walk(node))


def _sums_a_log(node: _Node) -> bool:
    """Σ over a log (−Σ y log p): read over both classes too, which makes it binary CE."""
    return any(
        isinstance(n, _Sum) and any(isinstance(m, _Call) and m.fn == "log" for m in _walk(n.arg))
        for n in _walk(node)
    )


# ---------------------------------------------------------------------------------------------
# Reference


def _role(name: str, index: int) -> str:
    if name in TARGET_NAMES:
        return "target"
    if name in PREDICTION_NAMES:
        return "prediction"
    return "target" if index == 0 else "prediction"


def _known_role(name: str) -> str:
    if name in TARGET_NAMES:
        return "target"
    return "prediction" if name in PREDICTION_NAMES else ""


def _default_samples(name: str, two: bool) -> tuple[float, ...]:
    if name in PREDICTION_NAMES:
        return UNIT_FRACTIONS
    if two and name in TARGET_NAMES:
        return TARGET_SAMPLES
    return REAL_SAMPLES


def _domain_samples(name: str, domain: object) -> tuple[float, ...]:
    """Sample values inside an open interval (lo, hi), or exactly the values of a set."""
    if isinstance(domain, Set):
        values = sorted({float(v) for v in domain})
        if not values or not all(math.isfinite(v) for v in values):
            raise FormulaError(f"domain of {name}: a set of finite values is needed")
        return tuple(values)
    if not (isinstance(domain, tuple) and len(domain) == 2):
        raise FormulaError(f"domain of {name}: expected (low, high) or a set of values")
    lo, hi = float(domain[0]), float(domain[1])
    if not lo < hi:
        raise FormulaError(f"domain of {name}: ({lo}, {hi}) is empty")
    if math.isinf(lo) and math.isinf(hi):
        return REAL_SAMPLES
    if math.isinf(hi):
        return tuple(lo + v for v in POSITIVE_SAMPLES)
    if math.isinf(lo):
        return tuple(hi - v for v in POSITIVE_SAMPLES)
    return tuple(lo + f * (hi - lo) for f in UNIT_FRACTIONS)


class _Table(Struct, frozen=True):
    points: tuple[tuple[float, ...], ...]  # one tuple of variable values per sample point
    columns: dict[str, _Array]  # variable -> its value at each point
    want: _Array


@dataclass(frozen=True)
class Reference:
    """A reference formula ready for `check_formula`: variables, parameter defaults, samples."""

    text: str
    variables: tuple[str, ...]
    params: tuple[tuple[str, float], ...]
    samples: tuple[tuple[float, ...], ...]  # per variable
    node: _Node = field(repr=False, compare=False)
    derivative: bool = False  # written σ'(x) = …: an answer's derivative may differ from it

    @cached_property
    def table(self) -> _Table:
        """Sample points (the product of each variable's samples) and the reference's values."""
        import numpy as np

        points = tuple(product(*self.samples))
        columns = {
            v: np.array([p[k] for p in points], dtype=np.float64)
            for k, v in enumerate(self.variables)
        }
        env: dict[str, Any] = dict(columns)
        env.update((name, np.float64(value)) for name, value in self.params)
        want = _evaluate(self.node, env, len(points), two_class=None)
        return _Table(points, columns, want)


def _canonical(name: str) -> str:
    """A variable or parameter name as the tokenizer spells it (alpha -> α, ŷ -> yhat)."""
    toks = [t for t in _scan(name.strip()) if t.kind != "brk"]
    if len(toks) != 1 or toks[0].kind != "name":
        raise FormulaError(
            f"{name!r} is not a variable or parameter name (one letter or a Greek one)"
        )
    return str(toks[0].val)


_PARAM_RE = re.compile(
    r"\s*([^\s=]+)\s*=\s*([-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)\s*"
)


def parse_reference(
    expr: str,
    *,
    variables: Sequence[str] | None = None,
    params: Mapping[str, float] | None = None,
    domains: Mapping[str, Domain] | None = None,
    derivative: bool | None = None,
) -> Reference:
    """Parse a bank's reference formula, strictly, and evaluate it once at its sample points.

    `expr` may start with a left side (`σ(x) = …`) and end with parameter defaults after `;`
    (`max(x, alpha*x); alpha=0.01`); `params` gives them too. One free symbol is the variable;
    a loss names two, `variables=("y", "p")` (target first), else they are found by role. Each
    variable samples `domains[name]` (an open interval (lo, hi) or a set of values), by default
    the real line, (0, 1) for p, q, ŷ, and {0, 1, 0.3, 0.75} for a loss's target.

    `derivative` (default: the left side has a prime, d…/d… or ∂) marks a derivative's formula:
    only then does an answer's `σ'(x) = …` that differs count as `differs`. Imports NumPy.

    Raises:
        FormulaError: the formula is empty, too long, unreadable, names something unknown, or is
            undefined at almost every sample point.
    """
    if not isinstance(expr, str) or not expr.strip():
        raise FormulaError("empty formula")
    if len(expr) > MAX_REFERENCE_CHARS:
        raise FormulaError(f"formula is {len(expr):,} characters; at most {MAX_REFERENCE_CHARS:,}")
    body, *assignments = expr.split(";")
    defaults: dict[str, float] = {}
    for part in (p for a in assignments for p in a.split(",")):
        if not part.strip():
            continue
        m = _PARAM_RE.fullmatch(part)
        if m is None:
            raise FormulaError(f"{part.strip()!r} is not a parameter default like alpha=0.01")
        defaults[_canonical(m.group(1))] = float(m.group(2))
    for name, value in (params or {}).items():
        defaults[_canonical(name)] = float(value)
    node = _parse_strict(body)
    names = _symbols(node)
    free = names - set(defaults)
    if variables is not None:
        declared = tuple(_canonical(v) for v in variables)
        if not 1 <= len(declared) <= 2 or len(set(declared)) != len(declared):
            raise FormulaError("variables: one or two distinct names")
        if unknown := free - set(declared):
            raise FormulaError(f"{', '.join(sorted(unknown))}: not a variable or parameter")
        if unused := set(declared) - names:
            raise FormulaError(f"variable {', '.join(sorted(unused))} does not occur")
    elif len(free) == 1:
        declared = (next(iter(free)),)
    elif len(free) == 2 and {_known_role(v) for v in free} == {"target", "prediction"}:
        declared = tuple(sorted(free, key=lambda v: _known_role(v) != "target"))
    else:
        raise FormulaError(
            "no free variable"
            if not free
            else f"free symbols {', '.join(sorted(free))}: declare "
            "variables= and give the others as parameters"
        )
    given = {_canonical(k): v for k, v in (domains or {}).items()}
    if extra := set(given) - set(declared):
        raise FormulaError(f"domain for {', '.join(sorted(extra))}, which is not a variable")
    two = len(declared) == 2
    samples = tuple(
        _domain_samples(v, given[v]) if v in given else _default_samples(v, two) for v in declared
    )
    if derivative is None:
        lhs = body[: body.rfind("=") + 1]
        derivative = bool(lhs) and _DERIVATIVE_LHS.search(lhs) is not None
    ref = Reference(
        expr,
        declared,
        tuple(sorted(defaults.items())),
        samples,
        node=node,
        derivative=derivative,
    )
    import numpy as np

    defined = int(np.count_nonzero(~np.isnan(ref.table.want)))
    if defined < MIN_DEFINED_POINTS:
        raise FormulaError(
            f"undefined at {len(ref.table.want) - defined} of {len(ref.table.want)} sample points; "
            "give its variables a domain"
        )
    return ref


def _parse_strict(body: str) -> _Node:
    toks = _tokenize(body)
    eqs = [k for k, t in enumerate(toks) if t.kind == "eq"]
    # Each left side: a name, or an expression read whole, as an answer's reader would drop it.
    for lo, hi in zip([-1, *eqs][:-1], eqs, strict=True):
        side = body[toks[lo].end if lo >= 0 else 0 : toks[hi].start]
        if not (_named_left(side) or _whole_expression(toks[lo + 1 : hi])):
            raise FormulaError(f"cannot read the left side of '=' in {body.strip()!r}")
    if eqs:
        toks = toks[eqs[-1] + 1 :]  # σ(x) = 1/(1+e^-x), σ'(x) = …: the right side
    if not toks:
        raise FormulaError("nothing after '='")
    for t in toks:
        if t.kind == "brk":
            raise FormulaError(f"cannot read {body[t.start : t.end + 12].strip()!r}")
    parser = _Parser(toks, MAX_PARSE_STEPS, MAX_REFERENCE_CHARS)
    parser.start(0)
    try:
        node = parser.top()
    except (_ParseError, _Abort, _OutOfSteps, RecursionError):
        raise FormulaError(f"cannot parse {body.strip()!r} (or nested too deep)") from None
    if parser.pos != len(toks):
        rest = toks[parser.pos]
        raise FormulaError(f"cannot parse {body.strip()!r} from {body[rest.start :].strip()!r}")
    return node


# A reference's left side named, not computed: "σ'(x)", "L(y, p)", "KL(p || q)", "Huber_δ(r)",
# "BCE", or a derivative's: "dσ/dx", "∂L/∂z".
_LEFT_NAME = re.compile(r"\s*([^\s()'′_]+)(_[^\s()'′]+)?['′]*\s*(\([^()=]*\))?\s*")
_LEFT_DERIVATIVE = re.compile(r"\s*[d∂][^\s=/]{1,12}/[d∂]\w{1,4}\s*")


def _named_left(side: str) -> bool:
    """Whether a left side of `=` names a function or quantity (letters only: "x²xxx" does not)."""
    if _LEFT_DERIVATIVE.fullmatch(side):
        return True
    m = _LEFT_NAME.fullmatch(side)
    return m is not None and m[1].replace("\u0302", "").isalpha()


def _whole_expression(toks: list[_Tok]) -> bool:
    """Whether these tokens are one expression and nothing else (a reference's left side: an
    answer's reader drops a left side only where it reads it whole, so "x²xxx = x" or
    "xx+ = x" would have it read "x²" or "xx" as a formula the reference is not)."""
    if not toks or any(t.kind == "brk" for t in toks):
        return False
    parser = _Parser(toks, MAX_PARSE_STEPS, MAX_REFERENCE_CHARS)
    parser.start(0)
    try:
        parser.top()
    except (_ParseError, _Abort, _OutOfSteps, RecursionError):
        return False
    return parser.pos == len(toks)


@lru_cache(maxsize=256)
def _cached_reference(expr: str) -> Reference:
    return parse_reference(expr)


# ---------------------------------------------------------------------------------------------
# Evaluation (NumPy, imported here only)


def _erf(np: Any, x: Any) -> Any:
    return np.asarray(np.frompyfunc(math.erf, 1, 1)(x), dtype=np.float64)


@lru_cache(maxsize=1)
def _functions(np: Any) -> dict[str, Callable[..., Any]]:
    def max_(*a: Any) -> Any:
        out = a[0]
        for b in a[1:]:
            out = np.maximum(out, b)
        return out

    def min_(*a: Any) -> Any:
        out = a[0]
        for b in a[1:]:
            out = np.minimum(out, b)
        return out

    return {
        "exp": np.exp, "log": np.log, "log2": np.log2, "log10": np.log10, "sqrt": np.sqrt,
        "tanh": np.tanh, "sinh": np.sinh, "cosh": np.cosh, "abs": np.abs, "sign": np.sign,
        "sech": lambda x: 1.0 / np.cosh(x),
        "sigmoid": lambda x: 1.0 / (1.0 + np.exp(-x)),
        "relu": lambda x: np.maximum(x, 0.0),
        "softplus": lambda x: np.logaddexp(0.0, x),
        "erf": lambda x: _erf(np, x),
        "Phi": lambda x: 0.5 * (1.0 + _erf(np, x / math.sqrt(2.0))),
        "max": max_, "min": min_,
    }  # fmt: skip


_COMPARE = {
    "<": "less", "<=": "less_equal", ">": "greater", ">=": "greater_equal", "==": "equal",
    "!=": "not_equal",
}  # fmt: skip


def _evaluate(node: _Node, env: dict[str, Any], size: int, two_class: dict[str, Any] | None) -> Any:
    """`node` at every sample point, as a float64 array of `size` (NaN where undefined).

    `two_class`: the environment with each variable v as 1 − v; Σ then adds its term there
    (binary cross-entropy is −Σ over the two classes of y·log p). None: Σ over one element.
    """
    import numpy as np

    fns = _functions(np)

    def ev(n: _Node | _Cmp, env: dict[str, Any]) -> Any:
        if isinstance(n, _Num):
            return np.float64(n.value)
        if isinstance(n, _Sym):
            return env[n.name]
        if isinstance(n, _Neg):
            return -ev(n.arg, env)
        if isinstance(n, _Bin):
            a, b = ev(n.left, env), ev(n.right, env)
            if n.op == "+":
                return a + b
            if n.op == "-":
                return a - b
            if n.op == "*":
                return a * b
            if n.op == "/":
                return np.divide(a, b)
            return np.power(a, b)
        if isinstance(n, _Call):
            return fns[n.fn](*(ev(a, env) for a in n.args))
        if isinstance(n, _Sum):
            one = ev(n.arg, env)
            return one if two_class is None else one + ev(n.arg, two_class)
        if isinstance(n, _Cmp):
            values = [ev(t, env) for t in n.terms]
            out = np.ones(size, dtype=bool)
            for op, a, b in zip(n.ops, values, values[1:], strict=False):
                out &= getattr(np, _COMPARE[op])(a, b)
            return out
        conds = [np.broadcast_to(ev(c, env), (size,)) for c, _ in n.cases]
        choices = [np.broadcast_to(np.asarray(ev(e, env), np.float64), (size,)) for _, e in n.cases]
        default = np.nan if n.default is None else ev(n.default, env)
        return np.select(conds, choices, np.broadcast_to(default, (size,)))

    with np.errstate(all="ignore"):
        value = ev(node, env)
        return np.array(np.broadcast_to(np.asarray(value, dtype=np.float64), (size,)))


def _agreeing(got: _Array, want: _Array, tol: _Tol) -> _Array:
    """Per sample point: whether the values agree (an undefined reference agrees with all)."""
    import numpy as np

    rel, atol = tol
    with np.errstate(all="ignore"):
        close = np.isfinite(got) & (np.abs(got - want) <= atol + rel * np.abs(want))
        ok: _Array = np.isnan(want) | (np.isfinite(want) & close) | (np.isinf(want) & (got == want))
    return ok


def _is_piece(got: _Array, want: _Array, tol: _Tol) -> bool:
    """Agrees on a share (PIECE_SHARE) of the defined points: one piece of the reference."""
    import numpy as np

    defined = ~np.isnan(want)
    n = int(defined.sum())
    return n > 0 and int((_agreeing(got, want, tol) & defined).sum()) >= PIECE_SHARE * n


def _branches(node: _Node, functions: Set[str] | None = None) -> bool:
    """Whether a formula chooses between pieces (max, min, |·|, a piecewise `if`)."""
    fns = _BRANCHING if functions is None else functions
    return any(
        isinstance(n, _Piecewise) or (isinstance(n, _Call) and n.fn in fns) for n in _walk(node)
    )


_BRANCHING = frozenset({"max", "min", "abs", "relu", "clip"})
# What makes a candidate a whole piecewise definition rather than one piece of one: |r| alone
# does not choose ("δ(|r| − ½δ) for large residuals" is Huber's linear piece).
_CHOOSING = _BRANCHING - {"abs"}


def _is_linear(node: _Node) -> bool:
    """Sums and differences of symbols and numbers (a residual ŷ − y), nothing else."""
    return all(
        isinstance(n, _Sym | _Num | _Neg) or (isinstance(n, _Bin) and n.op in "+-")
        for n in _walk(node)
    )


def _is_part(got: _Array, ref: Reference, tol: _Tol) -> bool:
    """Whether the candidate equals a part of the reference, up to sign: the residual ŷ − y of
    (ŷ − y)². A part is not a claim about the whole."""
    import numpy as np

    table = ref.table
    env: dict[str, Any] = dict(table.columns)
    env.update((name, np.float64(value)) for name, value in ref.params)
    for node in _walk(ref.node):
        if node is ref.node or not isinstance(node, _Bin | _Call | _Neg | _Sum):
            continue
        try:
            part = _evaluate(node, env, len(table.points), two_class=None)
        except Exception:  # a part that does not evaluate alone is no match
            continue
        if _first_mismatch(got, part, tol) is None or _first_mismatch(-got, part, tol) is None:
            return True
    return False


def _first_mismatch(got: _Array, want: _Array, tol: _Tol) -> int | None:
    """Index of the first sample point where the values differ, or None when all agree.

    Where the reference is NaN it is undefined and the point does not count; an infinite
    reference needs the same infinity; a finite one a finite value within tolerance.
    """
    import numpy as np

    bad = np.flatnonzero(np.logical_not(_agreeing(got, want, tol)))
    return int(bad[0]) if bad.size else None


def _bind(symbols: set[str], ref: Reference, has_sum: bool) -> dict[str, str | float] | None:
    """Map the answer's symbols to reference variables (by name, else by role) and parameters
    (by name; a lone unknown symbol takes a lone unused parameter: `a` in max(x, a·x) is α).
    None when a variable is missing or a symbol stays unknown."""
    binding: dict[str, str | float] = {}
    rest = set(symbols)
    if len(ref.variables) == 1:
        (v,) = ref.variables
        pick = v if v in rest else next((s for s in ONE_VARIABLE_NAMES if s in rest), None)
        if pick is None:
            return None
        binding[pick] = v
        rest.discard(pick)
    else:
        for v in ref.variables:
            if v in rest:
                binding[v] = v
                rest.discard(v)
        for k, v in enumerate(ref.variables):
            if v in binding.values():
                continue
            role = _role(v, k)
            options = sorted(s for s in rest if s in TARGET_NAMES | PREDICTION_NAMES)
            options = [s for s in options if _role(s, k) == role]
            if len(options) != 1:
                return None
            binding[options[0]] = v
            rest.discard(options[0])
    params = dict(ref.params)
    for s in sorted(rest):
        if s in params:
            binding[s] = params.pop(s)
            rest.discard(s)
    if has_sum:
        for s in rest & COUNT_NAMES:
            binding[s] = 1.0
        rest -= COUNT_NAMES
    if len(rest) == 1 and len(params) == 1 and "_" not in next(iter(rest)):
        binding[rest.pop()] = params.popitem()[1]  # (never a named vector such as e_y)
    return None if rest else binding


def _label(name: str) -> str:
    return {"yhat": "ŷ", "phat": "p̂"}.get(name, name)


def _judge(candidate: _Candidate, ref: Reference) -> FormulaCheck | None:
    """Equal, differs, or None (the candidate does not bind to the reference's variables)."""
    import numpy as np

    has_sum = _has_sum(candidate.node)
    binding = _bind(_symbols(candidate.node), ref, has_sum)
    if binding is None:
        return None
    table = ref.table
    env: dict[str, Any] = {}
    flipped: dict[str, Any] = {}
    for s, target in binding.items():
        if isinstance(target, str):
            env[s] = table.columns[target]
            flipped[s] = 1.0 - table.columns[target]
        else:
            env[s] = flipped[s] = np.float64(target)
    mine = _approximation(candidate.node, candidate.approximation)
    theirs = _approximation(ref.node)
    tol = (mine or theirs or STRICT) if mine != theirs else STRICT
    size = len(table.points)
    got = _evaluate(candidate.node, env, size, None)
    bad = _first_mismatch(got, table.want, tol)
    if bad is None:
        return FormulaCheck("equal", candidate.found, None, None, None)
    if len(ref.variables) == 2 and _sums_a_log(candidate.node):
        both = _evaluate(candidate.node, env, size, flipped)
        if _first_mismatch(both, table.want, tol) is None:
            return FormulaCheck("equal", candidate.found, None, None, None)
    if candidate.derivative and not ref.derivative:
        return None  # σ'(x) = … claims nothing about a reference that is no derivative
    if (
        _branches(ref.node)
        and not _branches(candidate.node, _CHOOSING)
        and _is_piece(got, table.want, tol)
    ):
        return None
    if _is_linear(candidate.node) and _is_part(got, ref, tol):
        return None
    point = table.points[bad]
    where = ", ".join(
        f"{_label(v)}={written(x)}" for v, x in zip(ref.variables, point, strict=True)
    )
    return FormulaCheck(
        "differs", candidate.found, point[-1], float(got[bad]), float(table.want[bad]), where
    )


# ---------------------------------------------------------------------------------------------
# Public entry points


# has_math's signals, each a search the regex engine runs fast (a character set first).
@lru_cache(maxsize=4)
def _parsed(text: str) -> tuple[_Candidate, ...]:
    """Every expression of an answer, parsed once for all the references it is checked
    against (a question with several formula points reads the answer once)."""
    return tuple(_candidates(text, _tokenize(_without_modules(text))))


# A library's name before a function it calls ("np.exp(-x)", "torch.clamp(x, min=0)",
# "F.relu(x)"): blanked, so the call reads as math (the text keeps its length).
_MODULE_PREFIX = re.compile(
    r"\b(?:torch\.nn\.functional|nn\.functional|torch\.special|scipy\.special|numpy|np|torch"
    r"|jnp|tf\.math|tf\.nn|tf|math|F|special)\.(?=[A-Za-z_][A-Za-z0-9_]*[ \t]*\()"
)


def _without_modules(text: str) -> str:
    if "." not in text:
        return text
    return _MODULE_PREFIX.sub(lambda m: " " * len(m[0]), text)


def _checks(answer: str, ref: Reference) -> Iterator[FormulaCheck]:
    text = answer[:MAX_ANSWER_CHARS]
    for candidate in _parsed(text):
        result = _judge(candidate, ref)
        if result is not None:
            yield result


def check_formula(answer: str, reference: Reference | str) -> FormulaCheck:
    """The best formula in `answer` against `reference`: equal beats differs beats none.

    Among several that differ, the first is reported (an answer usually states the asked
    formula before its neighbours). A reference given as text is parsed once (cached) and only
    when the answer has math.

    Raises:
        FormulaError: only for a bad reference text; nothing in the answer raises.
    """
    if not isinstance(answer, str) or not has_math(answer):
        return NONE
    ref = reference if isinstance(reference, Reference) else _cached_reference(reference)
    best = NONE
    try:
        for result in _checks(answer, ref):
            if result.status == "equal":
                return result
            if best.status == "none":
                best = result
    except Exception:  # any failure inside is "nothing found", never a crash
        return best
    return best
