"""Whether a typed answer may hold a formula, asked before the formula parser is imported.

Apart from `actloss_quiz.formulas` (its 1,500 lines, node classes and NumPy) so that judging a
plain-prose answer never loads the parser: the judge asks here first.
"""

from __future__ import annotations

import re

from actloss_quiz.text import MAX_ANSWER_CHARS

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
