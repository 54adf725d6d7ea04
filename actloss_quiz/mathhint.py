"""Whether a typed answer may hold a formula, asked before the formula parser is imported, and
LaTeX as typed in a chat read as the plain notation the judge and the parser know (`from_latex`).

Apart from `actloss_quiz.formulas` (its 1,500 lines, node classes and NumPy) so that judging a
plain-prose answer never loads the parser: the judge asks here first.
"""

from __future__ import annotations

import re

from actloss_quiz.text import MAX_ANSWER_CHARS, lazy_pattern

ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_MATH_CHARS = re.compile(r"[=^*/<>|√×·⋅∙∗÷−≤≥≈Σ∑σΦφϕπ½ŷ\u0302⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻ˣ₊_]")
_DIGIT_HINT = re.compile(r"[0-9)\]][ \t]*(?:[A-Za-z(\[]|[-+][ \t]*[A-Za-z0-9(])")
_SIGN = re.compile(r"[-+][ \t]*[A-Za-z0-9(]")
_CALLS = frozenset({"exp", "log", "log2", "ln", "tanh", "sigmoid", "relu", "max", "min", "erf"})
_CALLS |= {"sqrt", "softplus", "abs", "sum", "phi"}
_CALLS |= {"clip", "clamp", "maximum", "minimum", "where", "log1p", "expm1", "square", "mean"}
_PAREN_LESS_CALLS = ("log ", "ln ", "exp ", "tanh ", "sum ")


def _word_before(text: str, i: int) -> str:
    """The ASCII word ending at i (spaces before i skipped)."""
    while i > 0 and text[i - 1] in " \t":
        i -= 1
    j = i
    while j > 0 and text[j - 1] in ASCII_LETTERS:
        j -= 1
    return text[j:i]


def has_math(answer: str) -> bool:
    """Whether the answer may hold a formula: a few fast searches, no import, no parse.

    Generous on purpose (a slash, or a hyphen after a lone letter, says yes); a no means
    `check_formula` would find nothing, so a plain-prose answer costs about 0.2 ms per 10,000
    characters.
    """
    text = answer[:MAX_ANSWER_CHARS]
    if _MATH_CHARS.search(text) or _DIGIT_HINT.search(text):
        return True
    for m in _SIGN.finditer(text):  # y - p, x+1: a lone letter before the sign
        word = _word_before(text, m.start())
        if len(word) == 1:
            return True
    i = text.find("(")
    while i >= 0:  # exp(, log (, max(
        if _word_before(text, i).lower() in _CALLS:
            return True
        i = text.find("(", i + 1)
    low = text.lower()
    for word in _PAREN_LESS_CALLS:  # log p, sum y
        i = low.find(word)
        while i >= 0:
            after = low[i + len(word) : i + len(word) + 2]
            if (i == 0 or low[i - 1] not in ASCII_LETTERS) and after[:1] in ASCII_LETTERS:
                if after[1:2] not in ASCII_LETTERS:
                    return True
            i = low.find(word, i + 1)
    return False


# --- LaTeX as typed in a chat ---------------------------------------------------------------

# Commands that stand for a symbol the judge and the formula parser read.
_LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "pi": "π", "sigma": "σ", "tau": "τ",
    "phi": "φ", "varphi": "φ", "Phi": "Φ", "psi": "ψ", "omega": "ω", "Sigma": "Σ", "sum": "Σ",
    "prod": "Π", "infty": "∞", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "approx": "≈", "to": "→", "rightarrow": "→", "Rightarrow": "⇒", "implies": "⇒",
    "iff": "⇔", "cdot": "·", "times": "×", "in": "∈", "nabla": "∇", "partial": "∂", "pm": "±",
    "mid": "|", "vert": "|", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖",
    "|": "‖", "langle": "⟨", "rangle": "⟩", "sim": "~", "equiv": "≡", "odot": "⊙", "top": "ᵀ",
    "ell": "ℓ", "ldots": " ", "dots": " ", "cdots": " ",  # (no "...": a sentence's end)
}  # fmt: skip
# Commands that only style their argument: the argument is kept as typed.
_LATEX_STYLES = frozenset(
    "mathrm text textrm textit textbf emph operatorname mathbf mathit mathsf boldsymbol bm mathcal "
    "mathbb mathscr".split()
)
_LATEX_ACCENTS = {"hat": "\u0302", "widehat": "\u0302"}  # p̂, ŷ
_LATEX_SPACING = frozenset("left right big Big bigg Bigg displaystyle quad qquad limits".split())
_LATEX_FRACTIONS = frozenset({"frac", "tfrac", "dfrac"})
_LATEX_COMMAND = lazy_pattern(r"\\([A-Za-z]+|.)")  # (compiled when LaTeX is first read)


def _group(text: str, i: int, budget: list[int]) -> tuple[str, int]:
    """The argument at `i` (spaces skipped): a braced group, else one character. Each character
    looked at is taken from `budget` (bounded work on any input)."""
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text):
        return "", i
    if text[i] != "{":
        return text[i], i + 1
    depth = 0
    stop = min(len(text), i + MAX_LATEX_GROUP, i + max(budget[0], 1))
    for j in range(i, stop):
        depth += {"{": 1, "}": -1}.get(text[j], 0)
        if depth == 0:
            budget[0] -= j - i
            return text[i + 1 : j], j + 1
    budget[0] -= stop - i
    return text[i + 1 : stop], stop  # unbalanced: as far as was looked


MAX_LATEX_GROUP = 2_000  # characters an argument is looked for in (answers are 10,000 at most)
MAX_LATEX_STEPS = 40_000  # characters looked at over one answer's arguments


def from_latex(text: str) -> str:
    """The answer with LaTeX as typed in a chat ($\\frac{1}{1+e^{-x}}$, \\max(0, x),
    \\hat p, \\lVert w \\rVert) written in the plain math notation the judge reads:
    1/(1+e^(-x)), max(0, x), p̂, ‖w‖. Text without a backslash or a dollar sign is returned as
    it is. Sentence ends are kept (the judge quotes the typed answer by sentence)."""
    if "\\" not in text and "$" not in text:
        return text
    return _unlatex(text, [MAX_LATEX_STEPS])


def _unlatex(text: str, budget: list[int]) -> str:
    """`from_latex`'s work within `budget` characters of arguments (an argument inside an
    argument costs its characters again, so nesting is bounded too)."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "$":
            i += 1
            continue
        if c != "\\":
            out.append(c)
            i += 1
            continue
        m = _LATEX_COMMAND.match(text, i)
        if m is None:  # a backslash at the end
            i += 1
            continue
        name, i = m.group(1), m.end()
        if name in _LATEX_FRACTIONS:
            top, i = _group(text, i, budget)
            bottom, i = _group(text, i, budget)
            out.append(f"(({_unlatex(top, budget)})/({_unlatex(bottom, budget)}))")
        elif name == "sqrt":
            arg, i = _group(text, i, budget)
            out.append(f"√({_unlatex(arg, budget)})")
        elif name in _LATEX_ACCENTS:
            arg, i = _group(text, i, budget)
            out.append(_unlatex(arg, budget) + _LATEX_ACCENTS[name])
        elif name in _LATEX_STYLES:
            arg, i = _group(text, i, budget)
            out.append("𝟙" if name == "mathbb" and arg == "1" else _unlatex(arg, budget))
        elif name in _LATEX_SPACING or name in (",", ";", "!", " ", ":", "\\"):
            out.append(" ")
        elif name in ("{", "}", "_", "%", "&", "#"):
            out.append(name)
        else:  # a symbol (\sigma: σ), or a name read as a word (\log, \max, \tanh)
            word = _LATEX_SYMBOLS.get(name, name)
            before = " " if out and out[-1][-1:].isalnum() else ""
            after = " " if i < n and (text[i].isalnum() or text[i] == "\\") else ""
            out.append(f"{before}{word}{after}")
    plain = "".join(out)
    # braces group: e^{-x} is e^(-x); a subscript's braces stay (x_{i} is read as an index)
    plain = _SUBSCRIPT_BRACES.sub(r"_[\1]", plain)
    plain = plain.replace("{", "(").replace("}", ")")
    return _SUBSCRIPT_BACK.sub(r"_{\1}", plain)


_SUBSCRIPT_BRACES = lazy_pattern(r"_\{([^{}]{0,40})\}")
_SUBSCRIPT_BACK = lazy_pattern(r"_\[([^\[\]]{0,40})\]")
