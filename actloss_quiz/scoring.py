"""Judge a typed answer: which key points it states, which misconceptions it asserts, and the
rating to suggest.

Both the answer and every phrasing go through the same normalisation (`tokens`): math spellings
(`exp(-x)`, `e^-x`, σ, Σ, ŷ), contractions (`isn't` -> `is not`), possessive 's, British/American
spelling, number words, `into`/`onto` -> `to`, joined prefixes (`non linear` -> `nonlinear`), an
English stemmer (saturates/saturating/saturation), plurals of acronyms (vaes, cnns), filler words
dropped, and every negation word made `not`. A bank's synonym groups are then folded to one form
on both sides, longest entry first, so a phrasing needs no list of variants.

A phrasing matches where its words appear in order, consecutive or with at most `MAX_GAP` other
words among them inside one clause. A key point is also covered "loosely" where every word of one
of its phrasings stands in one sentence in another order, said about the subject, where the order
cannot change what is said (`_loose_match`); it counts LOOSE_WEIGHT in the shares. An answer word
that is not a word of any phrasing may stand for one by a typo (rapidfuzz OSA distance, 1 for 5-8 letters, 2 for longer words), but never a
direction word (up/down, increase/decrease, explode/vanish, large/small, robust/sensitive ...),
never a number, and never a word that is a known term of its own ("gelu" is not a typo of "relu").

Polarity: a match does not count when a negation (not, no, never, without, cannot, n't, neither,
nor, fails to, lacks) comes within `NEGATION_WINDOW` words before it in the same clause, or among
its gap words, unless the phrasing itself carries the negation ("not zero-centred"). A negated
misconception is therefore not asserted ("ReLU is not zero-centred" is right), nor in a sentence
that opens by denying it ("it is not true that ..."), nor where the answer says it does not
fix or help. A negation inside
a phrasing binds the next word: no gap is allowed after it ("gradient is never zero" is not
stated by "the gradient doesn't shrink toward zero").

The suggestion (`suggest`): an asserted misconception -> again (1), and so is a contradicted
core point; any other contradiction or a formula that differs caps the rating at hard; every
core point covered and at least GOOD_SHARE of the other points (or every core point and
TERSE_SHARE of the others, in an answer of at most TERSE_WORDS content words) -> good (3), and
so is one core point of two or more unfound where at least CORE_SLACK of the other points are
covered; any core point covered, or at least HARD_SHARE of all points -> hard (2), but good (3)
in an answer of at least FULL_WORDS content words with no false claim and at most FULL_MISSING
core points unfound (a long right answer says in its own words what the judge did not find more
often than it leaves it out); with no false claim, an answer that uses SIMILAR_HARD of the model
answer's weighted terms -> hard (2); otherwise again (1). A question without core points uses
the shares of all its points. An answer that covers no core point, never names a subject that is
one thing of the domain and opens on another thing (`_Binding.elsewhere`) -> again (1): it
answers a neighbouring question.
Key-point phrasings of 2-3 words also match in another word order inside one clause (ORDER_FREE).

The stemmer and rapidfuzz are imported on the first scored answer, never at start-up.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import lru_cache
from typing import Any

from msgspec import Struct

from actloss_quiz import claims
from actloss_quiz.bank import Bank, FollowUp, KeyPoint, Misconception, Question
from actloss_quiz.mathhint import from_latex, has_math
from actloss_quiz.text import MAX_ANSWER_CHARS, lazy_pattern, normalised_prefix
from actloss_quiz.vocab import RATING_NAMES

GOOD_SHARE = 0.7  # share of the non-core points a good answer covers (with every core point)
HARD_SHARE = 0.2  # share of all points that makes an answer without a core point "hard"
ORDER_FREE = True  # key-point phrasings of 2-3 words also match in another order
TERSE_WORDS = 16  # an answer of at most this many content words is judged on its core points
TERSE_SHARE = 0.2  # ... and on this share of the others: one idea beyond the core ("logits ->
# probs, multi-class output" is good; "average of the squared errors, for regression" is hard)
MAX_GAP = 2  # other words allowed among a phrasing's words ("both still saturate")
NEGATION_WINDOW = 3  # a negation this many words before a match (same clause) negates it
CONTRADICTION_WINDOW = 2  # ... and this close, it reverses a key point ("do not sum to 1")
# Closeness to the model answer: the share of its terms (weighted by how rare each is among the
# bank's model answers) that the answer uses. An answer that states no false claim and is this
# close is one step better than its key points alone say: a right answer in other words
# ("W2(W1x+b1)+b2 collapses to one affine map") shares the model answer's terms, not its
# phrasings.
SIMILAR_GOOD = 9.0  # hard -> good (9: never: LOWO turns it off while one-false answers slip)
SIMILAR_HARD = 0.2  # again -> hard
# With two or more core points, one may go unfound in a good answer that covers at least this
# share of the others (9: never). Off since judging round 18: with ten writers every LOWO fold
# chose 9 (0.6 let one-false answers that miss a core point through as `good`).
CORE_SLACK = 9.0
# A full-length answer: with no false claim found, an answer of at least this many content words
# that the points alone would call `hard` (so it covers some of them) and misses at most
# FULL_MISSING core points is `good`. The longer a right answer, the more likely a point the
# judge did not find was said in other words or in math rather than left out: a partial answer
# is short (median 13 content words in the writers' data, a right one 37). 999: never.
FULL_WORDS = 33
FULL_MISSING = 1
# A misconception the answer denies of its subject ("KL isn't symmetric", "in Leaky ReLU α isn't
# learned") shows what a key point would: with no false claim, each counts at this weight as a
# covered non-core point in the shares (0: not at all). A right answer written with negations
# states fewer of the points' own phrasings and rejects the traps instead. (With ten writers in
# judging round 18 the LOWO folds split between 0 and 1 as the bank data changed; 1 is the
# choice on all ten, by a hair.)
REJECTED_WEIGHT = 1.0
# A key point whose words all stand in one sentence about the subject, in any order and at any
# distance, is covered loosely ("the gradient ... is exactly 0" for "zero gradient"); it counts
# as covered for a core point and at this weight in the shares.
LOOSE_WEIGHT = 0.75
# Pairs whose words swapped change what a sentence says, beyond claims.SWAP_WORDS.
_LOOSE_PAIRS = (
    ("reduce", "increase"),
    ("bias", "variance"),
    ("before", "after"),
    ("first", "then"),
    ("positive", "negative"),
    ("input", "target"),
    ("input", "output"),
    ("early", "last"),
    ("first", "last"),
    ("early", "late"),
    ("left", "right"),
)

# Filler dropped on both sides, so "avoids the vanishing gradient" matches "avoids vanishing
# gradient". Negations are kept (they become "not"), and so are direction words.
STOPWORDS = frozenset(
    "a an the is are was were be been being it its of this these those there their they them "
    "just really basically very quite so as by at for with from which who what when where also "
    "some any can could would should will shall may might must do does did has have had i you "
    "that we she your our my me us thing things stuff like kind sort pretty".split()
)
# Words that become "not" (a negation is a negation, whichever word says it). A verb's negation
# reaches NEGATION_WINDOW words ("is never used in svms"); a noun's ("without nonlinearities, a
# stack is still one affine map") only the next SHORT_NEGATION_WINDOW words.
NEGATIONS = frozenset({"not", "never", "cannot"})
NOUN_NEGATIONS = frozenset({"no", "without", "neither", "nor", "nothing"})
# "instead of X", "rather than X", "as opposed to X" deny X like "no X" does; with "unlike X" they
# open a contrast clause (about X). "vs", "compared to", "in contrast to" open one without a denial.
_CONTRAST = lazy_pattern(r"\b(?:instead of|rather than|as opposed to)\b")
_VERSUS = lazy_pattern(
    r"\b(?:vs\.?|versus|compared (?:to|with)|in contrast (?:to|with)|in comparison (?:to|with))"
    r"(?!\w)"
)
CONTRAST_WORDS = frozenset({"unlike", "versus"})
# "like X", "than X" open a clause about the thing compared with ("behaves like MSE near zero").
_COMPARISON_WORDS = frozenset({"like", "than"})
# Arrows read as "so"; comparisons as words (qualifiers such as "for x > 0" are read by claims).
_ARROW = lazy_pattern(r"-+>|=+>|[→⇒⟶]")
_COMPARE = {
    ">=": " at least ",
    "<=": " at most ",
    ">": " gt ",
    "<": " lt ",
    "≥": " at least ",
    "≤": " at most ",
}
# An arrow before a limit ("σ' → 0", "−log p -> ∞") says where something goes, not "so".
_LIMIT = lazy_pattern(r"(?:-+>|[→⟶])(?=\s*(?:[-+]?\s*(?:0|1|infinity|inf)\b|∞))")
# A prime after a function's name is its derivative: σ'(x), f', tanh'.
_PRIME = lazy_pattern(r"\b(f|g|h|phi|sigma|sigmoid|tanh|relu|gelu|softplus|[a-z])\s*'(?![a-z])")
_COMPARE_RE = lazy_pattern(r">=|<=|>|<|≥|≤")
# "x > 0", "for z<0": the sign of the input, said in words ("for positive inputs").
_SIGN_OF_INPUT = lazy_pattern(r"(?<![\w.])(?:x|z|input|inputs)\s*(>=|<=|>|<|≥|≤)\s*0(?!\w|\.\d)")
# A correction said on the fly ("gaussian, no wait, bernoulli", "pdf, sorry cdf", "it's
# symmetric, wait no, it's not symmetric"): the words it replaces are taken back (`_retracted`).
_CORRECTION = lazy_pattern(
    r"(?i)[,:\u2013\u2014]?[^\S\r\n]*\b(?:no,?\s+wait|wait,?\s+no|no,?\s+sorry|sorry,?\s+no|sorry"
    r"|hmm+,?\s+actually|actually,?\s+no|no,?\s+actually|or\s+rather|scratch\s+that"
    r"|oops|correction)\b[,:]?[^\S\r\n]*"
)
_CORRECTION_WORD = lazy_pattern(r"(?i)\b(?:wait|sorry|actually|rather|scratch|oops|correction)\b")
# Where a clause or a correction's replacement ends: punctuation outside brackets.
_CLAUSE_STOP = frozenset(",.;:!?\n")
# Hedges and emphasis that carry a negation word but deny nothing.
_NOT_A_NEGATION = lazy_pattern(
    r"\b(?:not|n't) (?:(?:a )?(?:hundred|100) ?(?:%|percent) )?(?:sure|certain)\b"
    r"|\bnot (?:only|just|merely)\b"
)
# "not ... anything but X", "nothing but X", "none other than X" affirm X.
_ONLY = lazy_pattern(
    r"\b(?:not|never)\b((?:\s+\w+){0,4}?)\s+(?:anything|any \w+)\s+(?:but|other than|except)\b"
)
# "for Transformers not ReLU but GELU", "the slope isn't 0 but a small α": the word(s) after
# "but" take the place of the denied ones (not "not A, but it ...": a concession, kept).
_NOT_BUT = lazy_pattern(
    r"\bnot ((?:[\w.]+ ){0,1}[\w.]+) but (?!also\b|it\b|they\b|we\b|you\b|this\b|that\b|can\b"
    r"|will\b|may\b|might\b|could\b|would\b|should\b|is\b|are\b|has\b|have\b|does\b|do\b)"
)
_NOTHING_BUT = lazy_pattern(r"\b(?:nothing but|nothing other than|none other than|no matter)\b")
# Words kept out of the normalised text but read for the clause they are in.
_HYPOTHETICAL_WORDS = frozenset({"would", "could", "might", "if", "unless", "whether"})
_REASONS = frozenset({"because", "since"})  # after "not", a reason denied: a clause not asserted
# Words after "but", "whereas" ... are numbered as a sentence of their own, their sentence plus
# this shift: more than any answer's sentences (MAX_ANSWER_CHARS), so no two numbers collide.
SENTENCE_SHIFT = 1_000_000
SHORT_NEGATION_WINDOW = 2
# Two-word negations folded to "not" before the rest ("fails to saturate", "lacks a kink").
# "hardly matters", "scarcely changes", "barely down-weighted": as good as a "not" (the phrasings
# that say "barely" are folded the same way; since judging round 25, when "hard examples are
# barely down-weighted" was read as down-weighting them).
# A negation earlier in its clause makes "anything but" "only" (the negation dropped): "it
# doesn't output anything but 0" outputs only 0, where "they're anything but dead" are not dead.
_NOT_ANYTHING_BUT = lazy_pattern(r"\b(?:not|never)\b([^.,;:!?\n]*?)\banything but\b")
_NEGATION_PHRASES = lazy_pattern(
    r"\b(?:fail(?:s|ed|ing)? to|lack(?:s|ed|ing)?(?: of)?|free of|hardly|scarcely|barely"
    r"|(?<!not )anything but)\b"  # ("not anything but relu" is "only relu": _NOTHING_BUT)
)
# A yes/no question and its short answer ("does tanh avoid saturating? no, both go flat",
# "does adding a constant change it? yes, ..."): the question is the claim, denied or not, and
# the answer word is no "no" of what follows it. (The sentence's end is kept: the answer's
# sentences keep their numbers.)
_YES_NO = lazy_pattern(
    r"(?:^|(?<=[.;!?\n]\s)|(?<=[.;!?\n]))(\s*)(is|are|was|were|does|do|did|can|will|should|has|have"
    r"|must)\b([^.;!?\n]*\?\s+)(no|nope|nah|not really|not at all|not necessarily|not quite"
    r"|never|yes|yep|yeah|sure|absolutely|definitely|of course|correct|exactly)\b[,:;!.]?"
)
_NO_ANSWERS = frozenset(
    "no nope nah never".split() + ["not really", "not at all", "not necessarily", "not quite"]
)


def _answered(m: re.Match[str]) -> str:
    """A yes/no question with its answer: "not" in the auxiliary's place for a no, nothing for
    a yes; the answer word dropped."""
    lead, _aux, question, answer = m.groups()
    return f"{lead}{'not' if answer in _NO_ANSWERS else ''}{question}"


_ONE_HOT = lazy_pattern(r"\b(?:one|1)[-\s]?hot\b")
_A_LITTLE = lazy_pattern(r"\ba (little|few|bit)\b")
# "no longer calibrated" is "not calibrated", and so is "not calibrated anymore".
_KEEP_FROM = lazy_pattern(r"\b(?:keeps?|kept|keeping)((?: [\w'’]+){1,3}?) from(?= \w+ing\b)")
# "a surrogate like CE", "smooth ones like GELU": after a kind of thing, "like" gives an example
# ("such as"); after a verb or to open a clause it compares ("saturates like sigmoid").
_KIND_LIKE = lazy_pattern(
    r"\b(loss(?:es)?|activations?|functions?|surrogates?|nonlinearit(?:y|ies)|optimi[sz]ers?"
    r"|metrics?|divergences?|variants?|units?|methods?|ones?|choices?|options?) like\b"
)
_NOT_ONLY_BUT = lazy_pattern(
    r"\b(?:not|n't) (?:only|just|merely)\b((?: [^\s,;:.!?]+){1,6}?) but(?: also)?\b"
)
_NOT_SO = lazy_pattern(r"\bnot so (?!that\b|much\b|many\b|far\b)(?=[a-z])")
_NO_LONGER = lazy_pattern(r"\bno longer\b|\banymore\b")
# "the negative log-likelihood", "negative log of p": a minus sign, not a value said negative
# ("MSE is the negative log-likelihood of a Gaussian" is no claim that MSE is negative)
_NEGATIVE_LOG = lazy_pattern(r"\bnegative(?=[\s-]+log)")
# A negated verb of omission affirms its object: "don't ignore the business metric", "never
# forget the class weights" say to use them.
_NOT_OMITTED = lazy_pattern(
    r"\b(?:not|never) (?:ignor|neglect|overlook|disregard|forget|skip|omit)[a-z]*\b"
)
# Words that end a negation's reach ("no exp, so it is cheaper": "cheaper" is not negated) and
# that a gapped phrasing may not span ("down-weights hard ones but ... easy ones").
CLAUSE_WORDS = frozenset(
    "so but and because since while whereas although though however hence thus therefore "
    "then whilst yet".split()
)
_STRONG_CLAUSE_WORDS = frozenset("but whereas while although though however".split())
# Direction words carry the meaning: a typo tolerance must never turn one into another.
DIRECTION_WORDS = frozenset(
    "up down upward downward increase increases increased increasing decrease decreases "
    "decreased decreasing explode explodes exploding exploded explosion vanish vanishes "
    "vanishing vanished large larger largest small smaller smallest big bigger tiny huge "
    "robust sensitive insensitive above below positive negative high higher low lower more "
    "less fewer most least over under easy easier hard harder grow grows shrink shrinks "
    "shrinking fast faster slow slower cheap cheaper expensive symmetric asymmetric "
    "bounded unbounded linear nonlinear convex concave".split()
)
_NUMBER_WORDS = {
    "zero": "0",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "ten": "10",
    "half": "0.5",
    "quarter": "0.25",
    "hundred": "100",
}
_TOKEN_MAP = {
    "into": "to",
    "onto": "to",
    "cant": "can not",
    "wont": "will not",
    "yhat": "y",  # (as ŷ is read)
    "crossentropy": "cross entropy",
    "logsumexp": "log sum exp",
    "logsoftmax": "log softmax",
    # the shorthand candidates type
    "thru": "through",
    "bc": "because",
    "cuz": "because",
    "coz": "because",
    "fn": "function",
    "fns": "functions",
    "func": "function",
    "approx": "approximately",
    "dist": "distribution",
    "pred": "prediction",
    "preds": "predictions",
    "params": "parameters",
    "param": "parameter",
    "clf": "classifier",
    "univ": "universal",
    "thm": "theorem",
    "nonlin": "nonlinearity",
    # contractions typed without the apostrophe
    **{
        w: w[:-2] + " not"
        for w in "isnt arent wasnt werent doesnt dont didnt hasnt havent shouldnt couldnt wouldnt".split()
    },
}
_JOIN_PREFIXES = frozenset({"non", "multi", "sub", "pre", "semi", "anti", "self"})
_SPELLING = [
    (
        re.compile(r"\bcentr(e|es|ed|ing)\b"),
        lambda m: "center" + {"e": "", "es": "s"}.get(m[1], m[1]),
    ),
    (
        re.compile(
            r"\b(normal|regular|penal|minim|maxim|initial|optim|general|stabil|summar|emphas"
            r"|recogn|util|parametr|categor|standard|visual|real|vector|random|linear|special"
            r"|local|neutral|symbol|discret|quant|tokeni|character)is(e|ed|es|er|ers|ing|ation"
            r"|ations)\b"
        ),
        lambda m: f"{m[1]}iz{m[2]}",
    ),
    (re.compile(r"\b(behavi|fav|col|neighb)our"), lambda m: f"{m[1]}or"),
    (re.compile(r"\bmodell(ing|ed)\b"), lambda m: f"model{m[1]}"),
]
_GREEK = {
    # one-sided derivatives in notation: ∂⁻ReLU(0) = 0, D⁺f = 1 (before "⁻" reads as a minus)
    "∂⁻": " left derivative ",
    "∂⁺": " right derivative ",
    "D⁻": " left derivative ",
    "D⁺": " right derivative ",
    "σ": " sigmoid ",
    "Σ": " sum ",
    "∑": " sum ",
    "λ": " lambda ",
    "α": " alpha ",
    "β": " beta ",
    "γ": " gamma ",
    "δ": " delta ",
    "ε": " epsilon ",
    "ϵ": " epsilon ",
    "θ": " theta ",
    "Φ": " phi ",
    "φ": " phi ",
    "π": " pi ",
    "μ": " mu ",
    "∞": " infinity ",
    "≈": " approx ",
    "≠": " not equal ",
    "−": "-",
    "–": "-",
    "—": " , ",
    "·": " times ",
    "×": " times ",
    "’": "'",
    "‘": "'",
    "²": " squared ",
    "³": " cubed ",
    "√": " sqrt ",
}
_GREEK_RE = lazy_pattern("|".join(map(re.escape, _GREEK)))
# ŷ, p̂ after NFD: the letter, then a combining circumflex; read as the letter ("p̂_k" is "p_k": a
# phrasing written either way matches both)
_HAT = lazy_pattern(r"([a-zA-Z])\u0302")
_E_POWER = lazy_pattern(r"e(?<![a-z0-9]e)\s*(?:\^|\*\*)\s*")  # e^-x, e**(-x) -> exp ...
_E_TO_THE = lazy_pattern(r"e to the(?<!\we to the)\b")
# The rewrites below start with a literal where they can, so the regex engine skips ahead to it
# (a leading \b or lookbehind is tried at every position: 20x slower on a 10,000-character
# answer); a lookbehind after the literal asks for what stands before it.
_CONTRACTIONS = [
    (re.compile(r"can(?<!\wcan)'?t\b"), "can not"),
    (re.compile(r"won(?<!\wwon)'?t\b"), "will not"),
    (re.compile(r"n't(?<=\wn't)\b"), " not"),
    (re.compile(r"'(?<=\w')(?:re|ve|ll|d|m)\b"), ""),
    (re.compile(r"'(?<=\w')s\b"), ""),  # possessive or "it's": the filler goes either way
    (re.compile(r"'(?<=\ws')(?!\w)"), ""),  # plural possessive: "the labels' values"
]
_X_FREE = lazy_pattern(r"\b([^\W\d_]+)-free\b")  # "bias-free": without a bias
# A minus sign (not a hyphen between two words): "-x", "1 - p", "(1-p)".
_HYPHEN = lazy_pattern(r"-(?:(?<=[a-z]-)|(?<=[a-z]\d-))(?=[a-z])")  # "zero-centred", "l2-norm"
# A name made a comparison by a suffix: "a smooth relu-like gate" is no claim about ReLU.
_LIKE_SUFFIX = lazy_pattern(r"(?<=[a-z0-9])-(?:like|ish|style)\b")
# A hyphen spaced between two words is a dash ("No - you want a ReLU"), not a minus ("y - p").
_SPACED_DASH = lazy_pattern(r" - (?<=[^\W\d_]{2} - )(?=[^\W\d_]{2})")
_MINUS = lazy_pattern(r"-(?=\s*[\w(.])")  # what is left: "-x", "1 - p", "(1-p)"
# A name's number joined by a hyphen is part of the name ("CIFAR-10", "ResNet-50", "GPT-2"),
# not a subtraction: a word of two letters or more, then digits (not "x-1", "1e-3").
_NAME_NUMBER = lazy_pattern(r"\b([a-z]{2,})-(?=\d)")
_WITH = lazy_pattern(r"w/(?<!\ww/)(o\b)?")
_NEITHER_ONE = lazy_pattern(r"neither(?<!\wneither) (?:one|of them|of the two|of these|of those)\b")
_EXACTLY_BEFORE = lazy_pattern(r"exactly(?<!\wexactly) (to|at|on|onto|into)\b")
_UP_DOWN = lazy_pattern(r"\b(up|down)(weight|scal|sampl)")  # "downweights" is "down weights"
_SENTENCE = lazy_pattern(r"[.;!?\n]+(?:\s|$)|[.;!?]+$")
_CLAUSE = lazy_pattern(r"([,:()\[\]])")  # (the delimiters kept: a bracket's clause is noted)
# A discourse aside between commas ("the original ResNets, for instance, used GELU", "it is,
# I think, convex"): no clause of its own, the clause it interrupts goes on (as casefolded).
_DISCOURSE_ASIDE = lazy_pattern(
    r"(?<=[a-z]{2}), ?(?:for (?:instance|example)|in fact|of course|i (?:think|believe|guess|suppose)|"
    r"i(?: would|'d) say|as far as i know|if i (?:remember|recall)(?: correctly| right)?|iirc|"
    r"by the way|btw|basically|honestly|arguably|admittedly|indeed|in my experience|"
    r"in my (?:understanding|view|opinion)|to my knowledge|if i'm not mistaken|i(?: would|'d) guess|"
    r"(?:as far as|from what) i (?:remember|recall)|"
    r"as i (?:remember|recall)(?: from (?:a|an|the|my) [a-z]+(?: [a-z]+)?)?) ?, ?"
    r"(?=[a-z]{2})"  # between words (not before a formula: "tanh, I think, σ(x)·tanh(x)")
)
# Spaced, between words, a slash makes a list.
_LIST_SLASH = lazy_pattern(r" / (?<=[A-Za-z]{3} / )(?=[A-Za-z]{3})")
# Unspaced between words, one of three letters or more, a slash joins alternatives ("BERT/GPT",
# "softmax/CE"), not a quotient, which names a letter or a number ("p/q", "x/2", "dL/dz").
# (the slash first, so the search jumps from slash to slash: a pattern that opens on a
# lookbehind is tried at every character of a 10,000-character answer, 1.2 ms)
_WORD_SLASH = lazy_pattern(
    r"/(?:(?<=[^\W\d_]{3}/)(?=[^\W\d_]{2})|(?<=[^\W\d_]{2}/)(?=[^\W\d_]{3}))"
)
# A name applied to a short argument as an operand: "x·sigmoid(x)", "= σ (z)" (σ became " sigmoid ").
# The name is then marked like a predicate noun, so it is not what its clause is about; "the gate
# σ(x) outputs (0, 1)" keeps σ as its subject.
_CALL = lazy_pattern(
    r"([·*×⋅∙=/+−-] *|times(?<!\wtimes)\b *)([a-z][a-z0-9]*) ?\((?=[^()\s]{1,12}\))"
)
_STAR = lazy_pattern(
    r"(?:(?<=[^\W\d_])|(?<=[)\]])) ?\*(?!\*)"
)  # after a letter or bracket: "2*x" stays "2 x"
_BARE_DECIMAL = lazy_pattern(r"\.(?<![\w.]\.)(\d)")
_CALL_MARK = "qqcallqq"
# A function's short argument list, "max(0,x)", "σ(z)": words of the clause it stands in, not a
# parenthesis that opens another clause.
_CALL_ARGS = lazy_pattern(r"\((?<=[^\W_]\()([^()\s]{1,12})\)")
_COMBINING = lazy_pattern("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_WORD = lazy_pattern(r"\d+(?:\.\d+)?|[^\W_]+")


class PointResult(Struct, frozen=True):
    """One key point of a judged answer."""

    point: str  # the key point's label
    core: bool
    covered: bool
    matched: str | None  # the phrasing that matched (as written in the bank)
    # What the deciding clause was about (the question has a subject): the subject's name for a
    # covered point; another thing's name when the point was said only about that thing.
    subject: str | None = None
    # Covered only loosely: its words stand in one sentence, not together (see LOOSE_WEIGHT).
    loose: bool = False

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "point": self.point,
            "core": self.core,
            "covered": self.covered,
            "matched": self.matched,
        }
        if self.subject is not None:
            out["subject"] = self.subject
        if self.loose:
            out["loose"] = True
        return out


class Contradiction(Struct, frozen=True):
    """A key point the answer states with the opposite polarity (or a swapped pair)."""

    point: str  # the key point's label
    said: str  # the sentence of the answer that says the opposite

    def to_dict(self) -> dict[str, Any]:
        return {"point": self.point, "said": self.said}


class FormulaResult(Struct, frozen=True):
    """An answer's formula checked by value against a key point's reference expression."""

    point: str
    status: str  # equal | differs
    found: str  # the formula as read from the answer
    at: Any = None  # the sample point where they differ (a value or {variable: value})
    got: float | None = None
    want: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "status": self.status,
            "found": self.found,
            "at": self.at,
            "got": self.got,
            "want": self.want,
        }


class Judgement(Struct, frozen=True):
    """What the answer states, what it gets wrong, and the rating to suggest (and why)."""

    points: tuple[PointResult, ...]
    misconceptions: tuple[Misconception, ...]  # asserted (not negated) by the answer
    score: float  # covered / all key points, 0..1
    suggested_rating: int  # 1 again, 2 hard, 3 good
    reasons: tuple[str, ...]  # e.g. "misconception: ...", "core point missing: ..."
    truncated: bool = False  # the answer was longer than MAX_ANSWER_CHARS and was cut
    contradictions: tuple[Contradiction, ...] = ()
    formulas: tuple[FormulaResult, ...] = ()
    # The subject the answer's asserted misconceptions were said about (same order), if bound.
    misconception_subjects: tuple[str | None, ...] = ()
    # The weighted share of the model answer's terms the answer uses (None: no reference given).
    similarity: float | None = None
    # Misconceptions the answer denies of its subject (read only in an answer with no false claim).
    rejected: tuple[Misconception, ...] = ()
    # The other thing the answer opens on, when it never names its subject and covers no core
    # point (None: it names it, covers one, or opens on nothing named).
    elsewhere: str | None = None

    @property
    def covered(self) -> tuple[str, ...]:
        return tuple(p.point for p in self.points if p.covered)

    @property
    def missed(self) -> tuple[str, ...]:
        return tuple(p.point for p in self.points if not p.covered)

    def to_dict(self) -> dict[str, Any]:
        """The `grade --json` shape (the caller adds the question's `id`)."""
        return {
            "score": round(self.score, 4),
            "suggested": RATING_NAMES[self.suggested_rating],
            "points": [p.to_dict() for p in self.points],
            "misconceptions": [
                {"claim": m.claim, "correction": m.correction}
                | ({"subject": about} if about is not None else {})
                for m, about in zip(
                    self.misconceptions,
                    self.misconception_subjects or (None,) * len(self.misconceptions),
                    strict=True,
                )
            ],
            "contradictions": [c.to_dict() for c in self.contradictions],
            "formulas": [f.to_dict() for f in self.formulas],
            "reasons": list(self.reasons),
        } | ({} if self.similarity is None else {"similarity": round(self.similarity, 4)})


# ---------------------------------------------------------------------------------------------
# Normalisation


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """Snowball's English stemmer. `import snowballstemmer` imports every one of its 30-odd
    languages (about 20 ms); its English module is loaded alone instead (`_english_stemmer`).
    With PyStemmer installed (which snowballstemmer itself would then use), or a layout this
    does not know, it is the package's own `stemmer("english")`."""
    import importlib.util

    if importlib.util.find_spec("Stemmer") is None:
        english = _english_stemmer()
        if english is not None:
            return english
    import snowballstemmer

    return snowballstemmer.stemmer("english")


_SNOWBALL_ALONE = "_actloss_quiz_snowball"


def _english_stemmer() -> Any:
    """`snowballstemmer.english_stemmer.EnglishStemmer()` without running the package's
    `__init__` (which imports every language): its folder is given a private package name, so
    the English module and the two it imports (basestemmer, among) are all that load."""
    import importlib
    import importlib.util
    import sys
    import types

    try:
        spec = importlib.util.find_spec("snowballstemmer")
        if spec is None or not spec.submodule_search_locations:
            return None
        if _SNOWBALL_ALONE not in sys.modules:
            package = types.ModuleType(_SNOWBALL_ALONE)
            package.__path__ = list(spec.submodule_search_locations)
            package.__package__ = _SNOWBALL_ALONE
            sys.modules[_SNOWBALL_ALONE] = package
        module = importlib.import_module(f"{_SNOWBALL_ALONE}.english_stemmer")
        return module.EnglishStemmer()
    except (ImportError, AttributeError):
        return None


# Stems computed before, in the process that wrote the parsed-bank cache (`seed_stems`): the
# words of a bank's phrasings, names and the claim rules' word lists, about half of the cost of
# judging a first answer in a new process.
_SEEDED: dict[str, str] = {}


def seed_stems(table: Mapping[str, str]) -> None:
    """Take these word -> stem pairs (`stem_table`'s, kept in the parsed-bank cache) as already
    stemmed; a word missing from them is stemmed as before."""
    _SEEDED.update(table)


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if word.replace(".", "", 1).isdigit() or len(word) <= 2 or word in NEGATIONS:
        return word
    if word == "one":  # the number 1; its surface stays "one", a pronoun as often as a number
        return "1"
    if word == "mostly":  # a qualifier; its stem "most" is the superlative ("the most robust")
        return word
    seeded = _SEEDED.get(word)
    if seeded is not None:
        return seeded
    stem = str(_stemmer().stemWord(word))
    # Plurals of short terms and acronyms the stemmer keeps: vaes, cnns, svms, relus, gelus.
    if stem.endswith("s") and 4 <= len(stem) <= 6 and not stem.endswith(("ss", "us", "is")):
        base = stem[:-1]
        if not re.search(r"[aeiouy]", base[:-1]) or base.endswith(("lu", "ae", "an", "pu")):
            return base
    return stem


class _Clauses(Struct, frozen=True, array_like=True, omit_defaults=True):
    """Per clause id: the sentence it is in, the word that opened it, and whether it is
    hypothetical or conditional (would, could, might, if, unless)."""

    sentence_of: dict[int, int]
    leads: dict[int, str]
    hypothetical: frozenset[int]
    # Clauses in the past tense ("sigmoid was the default before ReLU").
    past: frozenset[int] = frozenset()
    # Reasons denied ("not because logits can't be negative"): nothing in them is asserted.
    denied: frozenset[int] = frozenset()
    # A clause resumed after a bracket -> the clause the bracket interrupted ("it adds a factor
    # (1 − p_t) to CE": "to CE" goes on "it adds a factor"): its start is that clause's.
    resumed: dict[int, int] = {}
    # Clauses a colon opened: an elaboration of the clause before it ("its gradient isn't
    # informative: it's 0 almost everywhere" says what the gradient is).
    elaborations: frozenset[int] = frozenset()
    # Clauses opened by "with" ("with hard labels the logits blow up"): a condition.
    conditions: frozenset[int] = frozenset()
    # Clauses a comma and a bare "not" open (", not for universal approximation"): what the
    # claim before is not said of.
    contrasts: frozenset[int] = frozenset()


_NO_CLAUSES = _Clauses({}, {}, frozenset())
_PAST_WORDS = frozenset({"was", "were"})
# The words `_surface_words` notes anything about (every other word is only appended).
_MARKED_WORDS = (
    CLAUSE_WORDS
    | CONTRAST_WORDS
    | _COMPARISON_WORDS
    | _HYPOTHETICAL_WORDS
    | _PAST_WORDS
    | _JOIN_PREFIXES
    | {"no"}  # what "without" is read as
    | {"it", "they", "as", "why"}
)
_SUBJECT_PRONOUNS = frozenset({"it", "they"})
_COMPARED = frozenset({"unlike", "like"})  # a clause they open names what is compared with
# Clauses that set the subject against what the rest of the sentence says: "X is an even
# function, while tanh is odd" says nothing even of tanh.
_CONTRAST_LEADS = frozenset({"unlike", "while", "whereas"})
_UNTIL = frozenset({"befor", "until", "till"})  # stems: "before ReLU", "until ReLU came along"


_WH_WORDS = frozenset("what which why how where when who whose any".split())


def _asked(text: str, sentences: Sequence[str]) -> frozenset[int]:
    """The sentences that are a question of the kind an answer asks itself (what, which, why,
    how, ...: no yes/no question, which `_YES_NO` reads with its answer) and that a short
    answer follows."""
    ends = [m.group() for m in _SENTENCE.finditer(text)]
    out = set()
    for i, (sentence, end) in enumerate(zip(sentences, ends, strict=False)):
        words = sentence.split()
        if "?" in end and words and words[0] in _WH_WORDS and i + 1 < len(sentences):
            if sentences[i + 1].strip():
                out.add(i)
    return frozenset(out)


def _surface_words(text: str) -> tuple[list[tuple[str, int, int]], _Clauses]:
    """(word, sentence index, clause index) of a text, after the spelling and math rewrites;
    words are lowercase and unstemmed. Also the clauses' sentences, leads and moods."""
    if " / " in text:  # "oversample the minority / undersample the majority": two items (as
        text = _LIST_SLASH.sub(", ", text)  # typed: after the rewrites "x² / σ²" looks the same)
    if " - " in text:  # (as typed: "-∞" becomes "- infinity" below, still a minus)
        text = _SPACED_DASH.sub(", ", text)
    if not text.isascii():
        text = text.replace("\u00a0", " ")
        text = _GREEK_RE.sub(lambda m: _GREEK[m[0]], text)  # before NFD splits "≠" into "=/"
        text = unicodedata.normalize("NFD", text)
        text = _HAT.sub(r" \1 ", text)
    text = text.replace("!=", " not equal ")
    if "." in text:  # ".25" is 0.25, not 25
        text = _BARE_DECIMAL.sub(r"0.\1", text)
    if not text.isascii():
        text = _COMBINING.sub("", text)
        text = unicodedata.normalize("NFKC", text)
        text = text.replace("\u2044", "/")  # NFKC's "¼" is "1⁄4" (a fraction slash): 1/4
    text = text.casefold()
    if text.count(",") > 1:
        text = _DISCOURSE_ASIDE.sub(" ", text)
    if "?" in text:  # "Is it zero-centred? No, ...": the question answered is the claim
        text = _YES_NO.sub(_answered, text)
    if "*" in text:  # "alpha*x" is "α·x": a product, not two words side by side ("**" a power)
        text = _STAR.sub(" times ", text)
    if "(" in text:  # sigmoid(x), σ(z): a function applied, not the thing a clause is about
        text = _CALL.sub(r"\1\2 " + _CALL_MARK + " (", text)
        text = _CALL_ARGS.sub(lambda m: " " + m[1].replace(",", " ") + " ", text)
    if "'" in text:
        for pattern, repl in _CONTRACTIONS:
            text = pattern.sub(repl, text)
        text = _PRIME.sub(r"\1 derivative ", text)
    if "e to the" in text:
        text = _E_TO_THE.sub(" exp ", text)
    if "^" in text or "**" in text:
        text = _E_POWER.sub(" exp ", text)
    if ">" in text or "→" in text or "⇒" in text or "⟶" in text:
        text = _LIMIT.sub(" goes to ", text)
        text = _ARROW.sub(" so ", text)
    if ">" in text or "<" in text or "≥" in text or "≤" in text:
        text = _SIGN_OF_INPUT.sub(
            lambda m: " positive inputs " if m[1] in (">", ">=", "≥") else " negative inputs ",
            text,
        )
        text = _COMPARE_RE.sub(lambda m: _COMPARE[m[0]], text)
    if "negative" in text:
        text = _NEGATIVE_LOG.sub("minus", text)
    if "hot" in text:  # "one-hot", "one hot": one word, not the number 1 and "hot"
        text = _ONE_HOT.sub("onehot", text)
    if "-free" in text:  # "bias-free", "kink-free": without a bias, without a kink
        text = _X_FREE.sub(r" without \1 ", text)
    if "-" in text:
        if "-like" in text or "-ish" in text or "-style" in text:
            text = _LIKE_SUFFIX.sub(" ish", text)  # "relu-like", "relu-style": "relu ish"
        text = _HYPHEN.sub(" ", text)
        text = _NAME_NUMBER.sub(r"\1", text)
        text = _MINUS.sub(" minus ", text)
    if "w/" in text:  # "w/o nonlinearity", "w/ gradient descent"
        text = _WITH.sub(lambda m: " without " if m[1] else " with ", text)
    if "/" in text:
        text = _WORD_SLASH.sub(" or ", text)
    text = text.replace("+", " plus ").replace("/", " over ")
    if (
        "fail" in text
        or "lack" in text
        or "free of" in text
        or "hardly" in text
        or "scarcely" in text
        or "barely" in text
        or "anything but" in text
    ):
        if "anything but" in text:  # "they don't sum to anything but 1": only 1
            text = _NOT_ANYTHING_BUT.sub(r"\1 only ", text)
        text = _NEGATION_PHRASES.sub(" not ", text)
    if "a little" in text or "a few" in text or "a bit" in text:
        # "a little negative", "a few classes": some, where a bare "little" or "few" is almost
        # none ("easy examples contribute little"), a denial like "less" (claims.NEGATIVE_VERBS)
        text = _A_LITTLE.sub(lambda m: " several " if m[1] == "few" else " slightly ", text)
    if "not so " in text:  # "isn't so slow": an intensifier, not the clause word "so"
        text = _NOT_SO.sub("not ", text)
    if "longer" in text or "anymore" in text:
        text = _NO_LONGER.sub(lambda m: " not " if m[0] == "no longer" else " ", text)
    if "not " in text or "never " in text:
        text = _NOT_OMITTED.sub(" ", text)
    if "sure" in text or "certain" in text or "only" in text or "just" in text or "merely" in text:
        if " but" in text:  # "not only X but (also) Y", "not just X but Y": X and Y both hold
            text = _NOT_ONLY_BUT.sub(r"\1", text)
        text = _NOT_A_NEGATION.sub(
            lambda m: " unsure " if m[0].endswith(("sure", "certain")) else " ", text
        )
    if " but" in text or "than" in text or "matter" in text or "except" in text:
        text = _ONLY.sub(r"\1 only", text)
        text = _NOTHING_BUT.sub(" only ", text)
        text = _NOT_BUT.sub(" ", text)
    if "instead" in text or "rather" in text or "opposed" in text:
        text = _CONTRAST.sub(" unlike ", text)
    if " like " in text:
        text = _KIND_LIKE.sub(r"\1 such as", text)
    if ("keep" in text or "kept" in text) and " from " in text:  # "keeps them from dying"
        text = _KEEP_FROM.sub(r"prevents\1", text)
    if "vs" in text or "versus" in text or "compar" in text or "contrast" in text:
        text = _VERSUS.sub(" versus ", text)
    if "up" in text or "down" in text:
        text = _UP_DOWN.sub(r"\1 \2", text)
    if "exactly " in text:  # "exactly to 0" is "to exactly 0", as phrasings are mostly written
        text = _EXACTLY_BEFORE.sub(r"\1 exactly", text)
    if "neither " in text:  # "neither one avoids", "neither of them escapes": "neither avoids"
        text = _NEITHER_ONE.sub("neither", text)
    out: list[tuple[str, int, int]] = []
    sentence_of: dict[int, int] = {}
    leads: dict[int, str] = {}
    hypothetical: set[int] = set()
    past: set[int] = set()
    denied: set[int] = set()
    resumed: dict[int, int] = {}
    elaborations: set[int] = set()
    conditions: set[int] = set()
    contrasts: set[int] = set()
    opened = 0  # the clause a comma or a clause word just opened, before its first word
    clause = 0
    prefixed = False
    compared = False  # an "as" after a "not": see `_not_as`
    sentences = _SENTENCE.split(text)
    # A question asked of the answer itself ("What does it estimate? The conditional mean.",
    # "Why? To keep gradients flowing"): its answer goes on in its sentence and clause.
    asked = _asked(text, sentences) if "?" in text else frozenset()
    s = 0
    for true_s, sentence in enumerate(sentences):
        answers = true_s - 1 in asked
        if not answers:
            s = true_s
            clause += 1
            sentence_of[clause] = true_s
        parts = _CLAUSE.split(sentence)
        interrupted: list[int] = []  # the clauses an open bracket interrupted
        for at in range(0, len(parts), 2):
            part = parts[at]
            delimiter = parts[at - 1] if at else ""
            if delimiter in ("(", "["):
                interrupted.append(clause)
            if not (answers and at == 0):
                clause += 1
                sentence_of[clause] = true_s
            if delimiter in (")", "]") and interrupted:
                resumed[clause] = interrupted.pop()
            if delimiter == ",":
                opened = clause
            if delimiter == ":" or (
                delimiter in ("(", "[") and not parts[at - 2].rstrip().endswith(_CALL_MARK)
            ):  # (a function's argument list is no elaboration: "tanh(x)")
                elaborations.add(clause)
            for word in _WORD.findall(part):
                lower = word.lower()
                if lower == "with" and clause not in leads:
                    conditions.add(clause)
                elif lower == "not" and opened and clause == opened:
                    contrasts.add(clause)
                opened = 0
                for w in _word_forms(word):
                    if w not in _MARKED_WORDS:  # most words: nothing to note
                        if clause not in leads:
                            leads[clause] = w
                        out.append((w, s, clause))
                        continue
                    if w in _JOIN_PREFIXES:
                        prefixed = True
                    elif w == "as" and any(o[0] == "not" for o in out[-2:]):
                        compared = True
                    if (
                        w in _SUBJECT_PRONOUNS
                        and leads.get(clause) in _COMPARED
                        and out
                        and out[-1][2] == clause
                        and out[-1][0] not in _COMPARED
                    ):
                        # "unlike Swish it is monotonic": the pronoun starts the main clause,
                        # as after a comma
                        clause += 1
                        sentence_of[clause] = true_s
                    if w == "why" and out and out[-1][0] == "not":
                        # "discrete labels are not why accuracy is non-differentiable": a reason
                        # denied, its claim ("X because Y") split at "why"; what follows "why"
                        # is still said (accuracy is non-differentiable)
                        clause += 1
                        sentence_of[clause] = true_s
                        leads[clause] = w
                        continue
                    if w in CLAUSE_WORDS or w in CONTRAST_WORDS or w in _COMPARISON_WORDS:
                        clause += 1
                        sentence_of[clause] = true_s
                        leads[clause] = w
                        opened = clause
                        if w in _REASONS and out and out[-1][0] == "not":
                            denied.add(clause)
                        if w in _STRONG_CLAUSE_WORDS:
                            s += SENTENCE_SHIFT  # a gapped phrasing does not span "but"
                        if w not in ("unlike", "than"):
                            continue
                    elif w in _HYPOTHETICAL_WORDS or (word == "without" and clause not in leads):
                        # "without them you don't get curved boundaries": a counterfactual, like if
                        hypothetical.add(clause)
                    elif w in _PAST_WORDS:
                        past.add(clause)
                    leads.setdefault(clause, w)
                    out.append((w, s, clause))
    if compared:
        out = _not_as(out)
    if "much" in text or "many" in text:
        out = _not_much(out)
    if "differ" in text:
        out = _not_different(out)
    clauses = _Clauses(
        sentence_of,
        leads,
        frozenset(hypothetical),
        frozenset(past),
        frozenset(denied),
        resumed,
        frozenset(elaborations),
        frozenset(conditions),
        frozenset(contrasts),
    )
    if not prefixed:
        return out, clauses
    # Join prefixes written apart ("non linear", "multi class") into one word.
    joined: list[tuple[str, int, int]] = []
    for w, s, c in out:
        if joined and joined[-1][0] in _JOIN_PREFIXES and joined[-1][2] == c and w != "not":
            # "non-zero" as "nonzero" (the number word became 0 on the way)
            joined[-1] = (joined[-1][0] + ("zero" if w == "0" else w), s, c)
            continue
        joined.append((w, s, c))
    return joined, clauses


_Word = tuple[str, int, int]  # (word, sentence, clause), as `_surface_words` makes them
# A rewrite of the words from a "not" at index i: (the words that replace it up to index j, j),
# or None where the rewrite does not apply.
_AfterNot = Callable[[list[_Word], int], tuple[list[_Word], int] | None]


def _rewritten_after_not(
    words: list[_Word], rewrite: _AfterNot, negations: frozenset[str] = frozenset({"not"})
) -> list[_Word]:
    """The words with `rewrite` applied from each "not" (each of `negations`) where it
    applies."""
    out: list[_Word] = []
    i, n = 0, len(words)
    while i < n:
        done = rewrite(words, i) if words[i][0] in negations else None
        if done is None:
            out.append(words[i])
            i += 1
        else:
            out += done[0]
            i = done[1]
    return out


_MUCH = {"much": "little", "many": "few"}


def _not_much(words: list[_Word]) -> list[_Word]:
    """ "not (verb) much" read as "(verb) little" within a clause, "not (verb) many" as "(verb)
    few": "easy ones don't contribute much" says "easy ones contribute little", "there is not
    much gain" "little gain"."""

    def rewrite(words: list[_Word], i: int) -> tuple[list[_Word], int] | None:
        for gap in (0, 1):
            j = i + 1 + gap
            if j >= len(words) or words[j][0] not in _MUCH or (gap and words[i + 1][0] in _MUCH):
                continue
            if any(words[k][2] != words[i][2] for k in range(i, j + 1)):
                continue
            return [*words[i + 1 : j], (_MUCH[words[j][0]], words[j][1], words[j][2])], j + 1
        return None

    return _rewritten_after_not(words, rewrite)


# As typed, since "difference" has the same stem. After two things named as one ("GELU and
# SiLU"), they also say the two are not one: "... are DIFFERENT functions" (`_rejected`).
_DIFFERENT = frozenset({"different", "differ", "differs", "distinct"})


def _not_different(words: list[_Word]) -> list[_Word]:
    """ "not (verb) different from X" read as "same as X" within a clause, and so "no different
    from", "does not differ from", "nothing differs from": "near 0 it isn't different from MSE"
    says "near 0 it is the same as MSE"."""
    n = len(words)

    def rewrite(words: list[_Word], i: int) -> tuple[list[_Word], int] | None:
        for gap in (0, 1):
            j = i + 1 + gap
            if j + 1 >= n or words[j][0] not in _DIFFERENT or words[j + 1][0] != "from":
                continue
            if (gap and words[i + 1][0] in _DIFFERENT) or any(
                words[k][2] != words[i][2] for k in range(i, j + 2)
            ):
                continue
            same = ("same", words[j][1], words[j][2])
            return [*words[i + 1 : j], same, ("as", words[j][1], words[j][2])], j + 2
        return None

    return _rewritten_after_not(words, rewrite, frozenset({"not", "no"}))


# After "not (verb) as": not an adjective or adverb compared ("not as a regularizer", "not as
# such", "not as soon as"), and "as well as" is "and".
_NOT_AS_STOP = frozenset({"a", "an", "the", "such", "if", "soon", "long", "far", "much", "many"})


def _not_as(words: list[_Word]) -> list[_Word]:
    """ "not (verb) as X" read as "(verb) less X" within a clause: "the model doesn't become as
    overconfident" says "less overconfident", "it isn't as bad" "less bad"."""
    n = len(words)

    def rewrite(words: list[_Word], i: int) -> tuple[list[_Word], int] | None:
        for gap in (0, 1):
            j = i + 1 + gap
            if j + 1 >= n or words[j][0] != "as" or (gap and words[i + 1][0] == "as"):
                continue
            x = words[j + 1][0]
            if (
                any(words[k][2] != words[i][2] for k in range(i, j + 2))
                or not x.isalpha()
                or len(x) < 3
                or x in _NOT_AS_STOP
                or (x == "well" and j + 2 < n and words[j + 2][0] == "as")
            ):
                continue
            less = ("less", words[j + 1][1], words[j + 1][2])
            return [*words[i + 1 : j], less, words[j + 1]], j + 2  # (the verb kept)
        return None

    return _rewritten_after_not(words, rewrite)


@lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[str, ...]:
    """One typed word as the word(s) compared: spelling, number words, negations (cached: an
    answer repeats its words, and the bank's phrasings share most of them)."""
    out = []
    for w in _TOKEN_MAP.get(word, word).split():
        for pattern, spelled in _SPELLING:
            w = pattern.sub(spelled, w)
        w = _NUMBER_WORDS.get(w, w)
        out.append("not" if w in NEGATIONS else "no" if w in NOUN_NEGATIONS else w)
    return tuple(out)


class _Text(Struct, frozen=True, array_like=True, omit_defaults=True):
    """A normalised text: stemmed tokens, their surface words, sentence and clause ids."""

    stems: tuple[str, ...]
    surface: tuple[str, ...]
    sentence: tuple[int, ...]
    clause: tuple[int, ...]
    clauses: _Clauses = _NO_CLAUSES
    # The words that open a predicate noun ("it is THE NLL of a Bernoulli"): a thing named there
    # is what the subject is said to be, not what the clause is about.
    predicate: frozenset[int] = frozenset()
    # The words right after a pronoun subject ("IT estimates the median", "ITS minimiser is"):
    # where a wrong claim about the subject may stand without its name.
    pronoun: frozenset[int] = frozenset()


# "X is (just, the) Y": Y is a predicate noun. Only the first word after these counts.
_COPULAS = frozenset({"is", "are", "was", "were", "be", "being", "been", "becomes", "become"})
_PRONOUNS = frozenset({"it", "its", "they", "their"})
_BEFORE_PREDICATE = frozenset(
    "the a an just basically simply really essentially actually literally also only".split()
)
# Words between a pronoun subject and its claim that leave the claim the pronoun's: fillers,
# hedges and auxiliaries ("it must be convex", "it can even go negative"; not "would", "could",
# "might" or "may", which say what is not so: "with log2 it would be in bits").
# (Not an article: "it's the negative log-likelihood" names a thing, it calls it not negative.)
_AFTER_PRONOUN = (_BEFORE_PREDICATE - {"the", "a", "an"}) | frozenset(
    "kind sort of still too pretty quite mostly generally usually typically "
    "must should can will has have had need needs to does do did".split()
)

# The words of a pair: the second of "it's smooth and monotonic" is the pronoun's claim too.
_PAIRED = frozenset({"and", "or"})

# "e.g. X", "i.e. X", "such as X", "for example X": X is an example or a restatement (an
# appositive), like a predicate noun.
_EXAMPLE_MARKERS = frozenset(
    {("e", "g"), ("i", "e"), ("such", "as"), ("for", "example"), ("for", "instance")}
)


def _retracted(answer: str) -> str:
    """The answer with each correction said on the fly applied: the marker and the words it
    takes back blanked, the length kept (every offset still points into the typed answer).

    The replacement runs from the marker to the next clause stop (outside brackets). Shorter
    than the clause before the marker, it replaces as many words at that clause's end ("of a
    gaussian, no wait, bernoulli"); as long or longer, it restates the clause, which is taken
    back only when the two share a word ("it's symmetric, wait no, it's not symmetric"), so a
    restatement takes nothing back ("it's cheap, or rather it needs no exponential"). ("I mean"
    is no marker: said aloud it more often explains than corrects.)
    """
    if _CORRECTION_WORD.search(answer) is None:
        return answer
    chars = list(answer)
    n = len(answer)

    def stop(at: int) -> bool:
        c = answer[at]
        decimal = c in ".," and 0 < at < n - 1 and answer[at - 1].isdigit()
        return c in _CLAUSE_STOP and not (decimal and answer[at + 1].isdigit())

    for m in _CORRECTION.finditer(answer):
        k, depth = m.start(), 0
        while k > 0:
            c = answer[k - 1]
            if c in ")]}":
                depth += 1
            elif c in "([{":
                if not depth:
                    break
                depth -= 1
            elif not depth and stop(k - 1):
                break
            k -= 1
        j, depth = m.end(), 0
        while j < n:
            c = answer[j]
            if c in "([{":
                depth += 1
            elif c in ")]}":
                if not depth:
                    break
                depth -= 1
            elif not depth and stop(j):
                break
            j += 1
        old = list(_WORD_RUN.finditer(answer, k, m.start()))
        new = answer[m.end() : j].split()
        if not old or not new:
            continue
        if len(new) < len(old):
            cut = old[-len(new)].start()
        elif _long_words(answer[k : m.start()]) & _long_words(answer[m.end() : j]):
            cut = old[0].start()
        else:
            continue
        chars[cut : m.end()] = " " * (m.end() - cut)
    return "".join(chars)


_WORD_RUN = lazy_pattern(r"\S+")


def _long_words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def _normalise(text: str) -> _Text:
    found, clauses = _surface_words(text)
    words: list[tuple[str, int, int]] = []
    predicate: set[int] = set()
    pronoun: set[int] = set()
    after_pronoun = False
    pronoun_clause = -1
    after_copula = False
    marked = False  # the last word was one of the pronoun's claim
    previous = ""
    for w, s, c in found:
        if w == _CALL_MARK:
            if words:
                predicate.add(len(words) - 1)
            continue
        pair = (previous, w)
        previous = w
        if w in _COPULAS or pair in _EXAMPLE_MARKERS or w == "including":
            after_copula = True
        elif after_copula and w not in _BEFORE_PREDICATE:
            after_copula = False
            if w not in STOPWORDS:
                predicate.add(len(words))
        if w in _PAIRED:  # (a word or a stopword: "or" is kept, "and" is not)
            if w not in STOPWORDS:
                words.append((w, s, c))
        elif w not in STOPWORDS:
            if marked and c != pronoun_clause and clauses.leads.get(c) in _PAIRED:
                pronoun_clause, after_pronoun = c, True  # "it's smooth and monotonic"
            marked = after_pronoun and c == pronoun_clause  # ("falls below it. Compared to ReLU")
            if marked:
                pronoun.add(len(words))
            words.append((w, s, c))
        else:
            marked = False
        # ("it is strictly monotonic", "it's also zero-centred", "it kind of takes": the claim
        # after an intensifier, a filler or a hedge is still the pronoun's; so is the second of
        # a pair, "it's smooth and monotonic", "it saturates or dies")
        if w in _PRONOUNS:
            pronoun_clause = c
        after_pronoun = (
            w in _PRONOUNS
            or (after_pronoun and (w in _COPULAS or w in _INTENSIFIERS or w in _AFTER_PRONOUN))
            or (w in _PAIRED and marked)
        )
    if not words:
        return _Text((), (), (), (), clauses)
    surface, sentence, clause = zip(*words, strict=True)
    stems = tuple("not" if w in ("no", "unlike") else _stem(w) for w in surface)
    marks = frozenset(predicate), frozenset(pronoun)
    if "not" in stems:
        return _merge_antonyms(_Text(stems, surface, sentence, clause, clauses, *marks))
    return _Text(stems, surface, sentence, clause, clauses, *marks)


# "not" + an adjective or verb with a one-word opposite is that opposite, on both sides: "the
# gradient isn't zero" states "nonzero gradient", "it doesn't saturate" "non-saturating", "it
# isn't defined at 0" "undefined at 0" (stems). "exactly", "identically", "strictly" may come
# between ("not exactly zero"); "always" or "necessarily" may not ("not always zero" is not
# "nonzero").
ANTONYMS: dict[str, str] = {
    "0": "nonzero",
    "defin": "undefin",
    "bound": "unbound",
    "differenti": "nondifferenti",
    "smooth": "nonsmooth",
    "monoton": "nonmonoton",
    "convex": "nonconvex",
    "continu": "discontinu",
    "satur": "nonsatur",
    "negat": "nonneg",
    "symmetr": "asymmetr",
    "linear": "nonlinear",
    # Everyday opposites: "it isn't expensive" is "cheap", "outputs aren't dense" "sparse".
    "expens": "cheap",
    "dens": "spars",
    "larg": "small",
    "far": "near",
    "common": "rare",
    "simpl": "complic",
    "stabl": "unstabl",
    "differ": "same",
    "finit": "infinit",
    "possibl": "imposs",
    "slow": "fast",
    "independ": "depend",
    "robust": "sensit",
    "hard": "soft",
}
_EVERYDAY = frozenset(list(ANTONYMS)[list(ANTONYMS).index("expens") :])
ANTONYMS.update({v: k for k, v in list(ANTONYMS.items())})
# One way only: "not close to 0" is "far from 0", "not equal" "different", "doesn't exist"
# (a derivative) "undefined"; their opposites already have an opposite above.
ANTONYMS.update({"close": "far", "equal": "differ", "exist": "undefin"})
_EVERYDAY |= {ANTONYMS[w] for w in _EVERYDAY} | {"close", "equal", "exist"}
_BETWEEN_NOT = frozenset({"exact", "ident", "strict", "too"})
# Verbs of reaching, between "not" and 0 only: "its slope never drops to zero" is "nonzero".
_REACHES = frozenset({"hit", "reach", "drop", "fall", "goe", "go", "get", "becom", "to", "exact"})


_BOUNDS_GIVEN = frozenset({"between", "within", "minus"})  # "bounded between 0 and 1", "by −1"


def _merge_antonyms(text: _Text) -> _Text:
    stems = text.stems
    drop: set[int] = set()
    new = list(stems)
    surface = list(text.surface)
    for i, w in enumerate(stems):
        if w != "not":
            continue
        j = i + 1
        while j < len(stems) and stems[j] in _BETWEEN_NOT and text.clause[j] == text.clause[i]:
            j += 1
        k = j
        while k < len(stems) and stems[k] in _REACHES and text.clause[k] == text.clause[i]:
            k += 1
        if k > j and k < len(stems) and stems[k] == "0" and text.clause[k] == text.clause[i]:
            j = k  # "never hits 0", "never drops to zero": nonzero
        if j < len(stems) and stems[j] in ANTONYMS and text.clause[j] == text.clause[i]:
            if stems[j] in _EVERYDAY and text.surface[i] != "not":
                continue  # "no hard kink" denies the kink, not its hardness
            if (
                j + 1 < len(stems)
                and stems[j + 1] == "everi"
                and text.clause[j + 1] == text.clause[j]
            ):
                continue  # "not zero for every point" denies the "every", not the zero
            if stems[j] == "bound" and j + 1 < len(stems) and text.clause[j + 1] == text.clause[j]:
                if stems[j + 1] in _BOUNDS_GIVEN or _is_number(stems[j + 1]):
                    continue  # "not bounded between 0 and 1" denies those bounds, not all
            # Not the typed word any more (typos read it); an everyday opposite keeps its
            # negation's mark, which a gapped phrasing may not span, as it may not span "not".
            surface[j] = ("¬" if stems[j] in _EVERYDAY else "non") + surface[j]
            new[j] = ANTONYMS[stems[j]]
            drop.update(range(i, j))
    if not drop:
        return text
    keep = [k for k in range(len(stems)) if k not in drop]
    # Predicate marks are positions: renumber them for the words kept.
    renumber = {k: n for n, k in enumerate(keep)}
    return _Text(
        tuple(new[k] for k in keep),
        tuple(surface[k] for k in keep),
        tuple(text.sentence[k] for k in keep),
        tuple(text.clause[k] for k in keep),
        text.clauses,
        frozenset(renumber[k] for k in text.predicate if k in renumber),
        frozenset(renumber[k] for k in text.pronoun if k in renumber),
    )


def content_words(text: str) -> int:
    """How many content words the answer has (what TERSE_WORDS and FULL_WORDS count)."""
    return _content_words(_normalise_phrasing(text).stems)


def _content_words(stems: Sequence[str]) -> int:
    # "relu-like" is one word, as typed, and "p̂" one symbol (read "p hat")
    return len(stems) - stems.count("ish") - stems.count("hat")


def tokens(text: str) -> list[str]:
    """The normalised word tokens of a text (as the scorer compares them)."""
    return list(_normalise_phrasing(text).stems)


# ---------------------------------------------------------------------------------------------
# Synonyms


class _Synonyms(Struct, frozen=True):
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]  # entry -> canonical


@lru_cache(maxsize=64)
def _synonym_index(groups: tuple[tuple[str, ...], ...]) -> _Synonyms:
    prebuilt = _PREBUILT.get(groups)  # given to `judge(index=...)`: not built again
    if prebuilt is not None:
        return prebuilt
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for group in groups:
        forms = [tuple(tokens(entry)) for entry in group]
        forms = [f for f in forms if f]
        if len(forms) < 2:
            continue
        canonical = forms[0]
        for form in forms:
            # The canonical form maps to itself, so a longer canonical keeps its words from
            # another group ("mean squared error" is not "average squared error").
            entries = by_first.setdefault(form[0], [])
            if all(e != form for e, _ in entries):  # the first group to name a form wins
                entries.append((form, canonical))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest entry first
    return _Synonyms(by_first)


# The index built once per bank (issue 20, item 9): a large bank's groups are normalised once and
# kept, normalised, in the parsed-bank cache (`Bank.synonym_forms`); `synonym_index` builds the
# index from them without normalising an entry again, and `judge(index=...)` uses it.
SynonymIndex = _Synonyms
SynonymForms = tuple[tuple[str, ...], ...]  # one group: each entry's normalised words
_PREBUILT: dict[tuple[tuple[str, ...], ...], _Synonyms] = {}  # groups -> the index given for them
_MAX_PREBUILT = 8


def synonym_forms(group: Sequence[str]) -> SynonymForms:
    """One synonym group as the scorer compares it: each entry's normalised words, in order
    (an entry with no word left is dropped)."""
    return tuple(f for f in (tuple(tokens(entry)) for entry in group) if f)


def synonym_index(groups: Sequence[SynonymForms]) -> SynonymIndex:
    """The synonym index of normalised groups (`synonym_forms` of each, in the bank's order):
    the same index `judge` builds from the groups' text, without normalising them again."""
    by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
    for forms in groups:
        if len(forms) < 2:
            continue
        canonical = forms[0]
        for form in forms:
            entries = by_first.setdefault(form[0], [])
            if all(e != form for e, _ in entries):  # the first group to name a form wins
                entries.append((form, canonical))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest entry first
    return _Synonyms(by_first)


class _Groups(tuple[tuple[str, ...], ...]):
    """Synonym groups as the judge's caches take them: a tuple whose hash is computed once. A
    judgement makes about a thousand cached calls keyed by the bank's groups, and a plain tuple
    of tuples is hashed again, whole, at every one."""

    _hash: int

    def __hash__(self) -> int:
        return self._hash


def _groups(synonyms: Sequence[Sequence[str]]) -> _Groups:
    """The groups as a `_Groups`: one object for equal groups, so the caches compare keys by
    identity too."""
    return _canonical_groups(tuple(tuple(g) for g in synonyms))


@lru_cache(maxsize=8)
def _canonical_groups(groups: tuple[tuple[str, ...], ...]) -> _Groups:
    out = _Groups(groups)
    out._hash = tuple.__hash__(out)
    return out


def _given_index(groups: tuple[tuple[str, ...], ...], index: SynonymIndex | None) -> _Synonyms:
    """The index of `groups`: the one given (kept for this judgement's helpers, which look it up
    by the groups) or the one built from them."""
    if index is None:
        return _synonym_index(groups)
    if _PREBUILT.get(groups) is not index:
        while len(_PREBUILT) >= _MAX_PREBUILT:
            del _PREBUILT[next(iter(_PREBUILT))]
        _PREBUILT[groups] = index
    return index


@lru_cache(maxsize=4096)
def _leads_a_clause(form: tuple[str, ...]) -> bool:
    """Whether a synonym form holds a word that opens a clause ("no more than")."""
    return any(w in CLAUSE_WORDS or w in CONTRAST_WORDS or w in _COMPARISON_WORDS for w in form)


def _fold(text: _Text, index: _Synonyms) -> _Text:
    """Replace every synonym entry in the text by its group's first entry (longest first)."""
    firsts = index.by_first
    found: list[tuple[int, int, tuple[str, ...]]] = []  # (start, length, canonical)
    done = 0
    for i, stem in enumerate(text.stems):
        if i < done or stem not in firsts:
            continue
        for form, canonical in firsts[stem]:
            k = len(form)
            if text.stems[i : i + k] == form and (
                text.clause[i] == text.clause[i + k - 1] or _leads_a_clause(form)
            ):
                # (one clause: "> 0, they're centred" is no "zero-centred"; a form with a word
                # that opens a clause, "no more than", spans it)
                if canonical != form or text.surface[i : i + k] != canonical:
                    found.append((i, k, canonical))  # (not where it stands as it would be put)
                done = i + k
                break
    if not found:
        return text  # (most phrasings: a first word of a form, not the form)
    stems: list[str] = []
    surface: list[str] = []
    sentence: list[int] = []
    clause: list[int] = []
    predicate: set[int] = set()
    pronoun: set[int] = set()
    done = 0  # text[:done] is copied
    # the marks in order, so a copy takes its own by bisection (a long answer has hundreds)
    marks = sorted(text.predicate), sorted(text.pronoun)

    def copy(upto: int) -> None:
        shift = len(stems) - done
        for at, kept in zip(marks, (predicate, pronoun), strict=True):
            kept.update(p + shift for p in at[bisect_left(at, done) : bisect_left(at, upto)])
        stems.extend(text.stems[done:upto])
        surface.extend(text.surface[done:upto])
        sentence.extend(text.sentence[done:upto])
        clause.extend(text.clause[done:upto])

    for i, k, canonical in found:
        copy(i)
        if i in text.predicate:
            predicate.add(len(stems))
        if i in text.pronoun:
            pronoun.add(len(stems))
        stems += canonical
        surface += canonical
        sentence += [text.sentence[i]] * len(canonical)
        clause += [text.clause[i]] * len(canonical)
        done = i + k
    copy(len(text.stems))
    return _Text(
        tuple(stems),
        tuple(surface),
        tuple(sentence),
        tuple(clause),
        text.clauses,
        frozenset(predicate),
        frozenset(pronoun),
    )


# ---------------------------------------------------------------------------------------------
# Matching


class _Phrase(Struct, frozen=True):
    text: str  # as written in the bank
    stems: tuple[str, ...]
    negated: bool  # the phrasing carries its own negation ("not zero-centred")
    surface: tuple[str, ...] = ()  # the words before stemming (a negation's kind)
    # Its stems as a set: a phrasing is stated only where the answer has every one of them,
    # which one subset test tells before any span is looked for (`_in`).
    words: frozenset[str] = frozenset()


def _in(positions: dict[str, list[int]], phrase: _Phrase) -> bool:
    """Whether the answer (its stems' positions) has every stem of the phrasing: where it does
    not, no match of any kind is possible, and most of a question's phrasings are skipped here."""
    return positions.keys() >= phrase.words


def _allowed_typos(length: int) -> int:
    return 0 if length <= 4 else 1 if length <= 8 else 2


def _is_number(word: str) -> bool:
    return word.replace(".", "", 1).isdigit()


_TYPO_TARGETS: dict[int, tuple[dict[str, str], list[str], frozenset[str]]] = {}


def _typo_targets(vocab: dict[str, str]) -> tuple[list[str], frozenset[str]]:
    """The words a typo may be corrected to, and the stems that need no correction, once per
    vocabulary (`_vocab` gives the same dict for the same phrasings: a judgement of a short
    answer spent a fifth of its time rebuilding these from a question's 400-odd words)."""
    hit = _TYPO_TARGETS.get(id(vocab))
    if hit is None or hit[0] is not vocab:
        choices = [
            w for w in vocab if w not in DIRECTION_WORDS and not _is_number(w) and len(w) > 4
        ]
        if len(_TYPO_TARGETS) >= 256:
            _TYPO_TARGETS.clear()
        hit = _TYPO_TARGETS[id(vocab)] = (vocab, choices, frozenset(vocab.values()))
    return hit[1], hit[2]


def _correct_typos(text: _Text, vocab: dict[str, str], known: frozenset[str]) -> _Text:
    """Replace an answer word that is a typo of a phrasing word (by surface form) by that
    word's stem. Direction words, numbers and known terms are never corrected or targets.
    rapidfuzz is imported at the first word that needs a typo search (a clean answer: never)."""
    choices, stem_set = _typo_targets(vocab)
    if not choices:
        return text
    fixed: dict[str, str | None] = {}
    stems = list(text.stems)
    for i, (word, stem) in enumerate(zip(text.surface, text.stems, strict=True)):
        if stem in stem_set or len(word) <= 4:
            continue
        if word not in fixed and (
            _is_number(word)
            or word in DIRECTION_WORDS
            or word in known
            or stem in known
            or stem in _reversible()  # "minimized" is no typo of its swap "maximized"
        ):
            fixed[word] = None
        if word not in fixed:
            from rapidfuzz.distance import OSA
            from rapidfuzz.process import extractOne

            allowed = _allowed_typos(len(word))
            best = extractOne(word, choices, scorer=OSA.distance, score_cutoff=allowed)
            fixed[word] = vocab[best[0]] if best is not None else None
        if fixed[word] is not None:
            stems[i] = fixed[word]  # type: ignore[assignment]
    return _Text(
        tuple(stems),
        text.surface,
        text.sentence,
        text.clause,
        text.clauses,
        text.predicate,
        text.pronoun,
    )


def _spans(
    stems: Sequence[str], positions: dict[str, list[int]], phrase: Sequence[str]
) -> Iterator[tuple[int, int]]:
    """Every (start, end) where the phrase's words appear in order, at most MAX_GAP others among
    them; the smallest such span from each start."""
    k = len(phrase)
    for start in _starts(positions, phrase):
        j, i = 1, start + 1
        end = start
        limit = start + k + MAX_GAP
        while j < k and i < min(limit, len(stems)):
            if stems[i] == phrase[j]:
                j += 1
                end = i
            elif phrase[j - 1] == "not":
                break  # a negation binds the next word: "never zero" is not "never shrinks to 0"
            elif _is_number(phrase[j]) and _is_number(stems[i]):
                break  # another number stands where the phrasing's is: "uses 0.5 at 0" is not "uses 0"
            i += 1
        if j == k:
            yield start, end


def _starts(positions: dict[str, list[int]], phrase: Sequence[str]) -> Sequence[int]:
    """The positions of the phrase's first word from which a span can reach its rarest word
    (issue 20, item 7): a span from `s` holds word `r` at some `q` with s + r <= q < s + k +
    MAX_GAP, so other starts cannot match and are not scanned. A phrase with a word the text
    lacks has none: 200 phrasings that start with an answer's most frequent word no longer
    scan every occurrence of it."""
    starts = positions.get(phrase[0], [])
    if len(phrase) < 2 or not starts:
        return starts
    counts = [len(positions.get(w, ())) for w in phrase]
    r = min(range(len(phrase)), key=counts.__getitem__)
    if counts[r] == 0:
        return ()
    if r == 0 or counts[r] >= len(starts):
        return starts
    from bisect import bisect_left, bisect_right

    out: list[int] = []
    for q in positions[phrase[r]]:  # increasing, so the windows are too
        lo = bisect_left(starts, max(q - len(phrase) - MAX_GAP + 1, out[-1] + 1 if out else 0))
        out += starts[lo : bisect_right(starts, q - r)]
    return out


def _unordered_spans(
    text: _Text, positions: dict[str, list[int]], phrase: Sequence[str]
) -> Iterator[tuple[int, int]]:
    """(start, end) of every place where the 2-3 words of a phrasing all stand inside one clause
    in another order ("the gradient vanishes" for "vanishing gradient"), at most MAX_GAP other
    words among them. The span's first word is its start."""
    first = phrase[0]
    rest = phrase[1:]
    for i in positions.get(first, ()):
        c = text.clause[i]
        lo, hi = max(0, i - len(phrase) - MAX_GAP), i + len(phrase) + MAX_GAP
        found = [i]
        for w in rest:
            at = [j for j in positions.get(w, ()) if lo <= j <= hi and text.clause[j] == c]
            at = [j for j in at if j not in found]
            if not at:
                break
            found.append(min(at, key=lambda j: abs(j - i)))
        else:
            a, b = min(found), max(found)
            if b - a + 1 <= len(phrase) + MAX_GAP and found != sorted(found):
                yield a, b


# Every phrasing of the bundled bank (about 15,000 with the labels) fits, with room for a user's
# banks: a cache smaller than the bank re-normalises phrasings on every answer judged.
_PHRASE_CACHE = 32768


@lru_cache(maxsize=_PHRASE_CACHE)
def _order_free(phrase: _Phrase) -> bool:
    """Whether a key-point phrasing may match in any word order: 2-3 distinct words, no
    negation, no number, and at most one word of a reversible pair (mean/median, logits/
    probabilities, before/after), whose order would change what is said."""
    stems = phrase.stems
    if not 2 <= len(stems) <= 3 or len(set(stems)) < len(stems) or phrase.negated:
        return False
    if any(_is_number(w) or w == "minus" or len(w) < 2 for w in stems):
        return False
    return sum(w in _reversible() for w in stems) <= 1


@lru_cache(maxsize=1)
def _reversible() -> frozenset[str]:
    return frozenset(t for pair in claims.SWAP_WORDS for w in pair for t in tokens(w))


@lru_cache(maxsize=1)
def _reversed_by() -> dict[str, frozenset[str]]:
    """Each stem of a swapped pair (claims.SWAP_WORDS) -> the stems of its other word."""
    out: dict[str, set[str]] = {}
    for a, b in claims.SWAP_WORDS:
        for x, y in ((a, b), (b, a)):
            for t in tokens(x):
                out.setdefault(t, set()).update(tokens(y))
    return {k: frozenset(v) for k, v in out.items()}


def _stated(
    text: _Text,
    positions: dict[str, list[int]],
    phrase: _Phrase,
    *,
    any_order: bool = False,
) -> Iterator[int]:
    """The start of every place where the phrase is stated (and not negated) in the text.
    `any_order`: a short phrasing may also match in another word order (see `_order_free`)."""
    for start, _end in _stated_spans(text, positions, phrase, any_order=any_order):
        yield start


def _stated_spans(
    text: _Text,
    positions: dict[str, list[int]],
    phrase: _Phrase,
    *,
    any_order: bool = False,
    one_clause: bool = False,
) -> Iterator[tuple[int, int]]:
    """(start, last word) of every place where the phrase is stated, as `_stated`.
    `one_clause` (a misconception's phrasing): two words only where they stand together."""
    if not phrase.stems:  # only symbols or filler ("⊙"): nothing to find; validate reports it
        return
    if not _in(positions, phrase):
        return
    spans: Iterable[tuple[int, int]] = _spans(text.stems, positions, phrase.stems)
    if not one_clause and phrase.surface[:1] == ("no",) and len(phrase.stems) >= 2:
        spans = itertools.chain(spans, _no_modifier_spans(text, positions, phrase.stems))
    if any_order and ORDER_FREE and _order_free(phrase):
        spans = itertools.chain(spans, _unordered_spans(text, positions, phrase.stems))
    numbered: frozenset[tuple[int, int]] = frozenset()
    if one_clause and _is_number(phrase.stems[-1]):
        numbered = frozenset(_number_spans(text, positions, phrase.stems))
        spans = itertools.chain(spans, sorted(numbered))
    for start, end in spans:
        if (start, end) in numbered:
            pass  # its words were placed by `_number_spans`
        elif end > start and (
            text.sentence[start] != text.sentence[end]
            or (
                end - start + 1 > len(phrase.stems)
                and text.clause[start] != text.clause[end]
                and not _relative(text, start, end)
                and (one_clause or not _elaborated(text, start, end))
            )
        ):
            continue  # a gapped match stays inside one clause (a relative clause joins its noun's)
        elif one_clause and _turned(text, start, end, phrase.text):
            continue  # "relu(0) = 0, yet the derivative at 0 doesn't exist" is no "relu(0) = 0
            # so its derivative is 0": the claim's consequence is turned against it
        elif one_clause and _renumbered(text, end, phrase.stems):
            continue  # "weights foreground by 0.25 and background by 0.75" is no "0.25 for
            # the background": the background has a number of its own
        elif one_clause and _crosses_bracket(text, start, end):
            continue  # "like MSE (smooth, quadratic), far out like L1" is no "quadratic far
            # out": a wrong claim's words do not run out of a bracketed aside
        elif one_clause and _object_replaced(text, start, end, phrase.stems):
            continue  # "a penalty on the weights to the data loss" is no "penalty on the data"
        elif one_clause and _into_a_case(text, start, end):
            continue  # "for regression use MSE, for classification use CE" is no "MSE for
            # classification": a wrong claim does not run into the next case's clause
        elif (
            one_clause
            and end + 1 < len(text.stems)
            and text.stems[end + 1] in _HEADS
            and text.stems[end + 1] not in phrase.stems
            and text.clause[end + 1] == text.clause[end]
        ):
            continue  # "its regression cousin is the ε-insensitive loss" is no "hinge for
            # regression": the claim's last word names what the relative is for
        elif one_clause and _gap_changes_claim(text, start, end, phrase.stems):
            continue  # "a differentiable surrogate for maximising accuracy" is no "is
            # maximising accuracy", "KL of two Gaussian mixtures" no "KL of two Gaussians"
        elif (
            one_clause
            and len(phrase.stems) == 2
            and end - start > 1
            and not all(
                text.surface[k] in _INTENSIFIERS or text.stems[k] in _INTENSIFIER_STEMS
                for k in range(start + 1, end)
            )
        ):
            continue  # two words of a wrong claim stand together ("gelu is just relu"), or
            # with only an adverb that keeps the claim ("gelu is strictly monotonic")
        elif (
            one_clause
            and text.clause[start] != text.clause[end]
            and text.clauses.leads.get(text.clause[start]) in _COMPARISON_WORDS
        ):
            continue  # "tanh is ... like sigmoid — its outputs are zero-centred": tanh's
        if _is_number(phrase.stems[-1]) and _term_at(text, end):
            continue  # "at most 1/4" does not say "at most 1", nor "is 0.5 · 0.5" "is 0.5"
        if phrase.negated:
            if one_clause and any(
                text.stems[k] == "not" and text.clause[k + 1] != text.clause[k]
                for k in range(start, end)
            ):
                continue  # "GELU isn't (dips below 0)": the negation is the elided "convex"'s
            yield start, end
            continue
        inside = text.stems[start + 1 : end]
        signs = ("not",) if (start, end) in numbered else ("not", "minus")  # σ(1−σ) between
        # (a negation before an elaboration's colon or bracket denies what stands before it)
        past_colon = text.clause[end] in text.clauses.elaborations
        if any(w in inside and w not in phrase.stems for w in signs) and any(
            text.stems[k] in signs
            and text.stems[k] not in phrase.stems
            and not (past_colon and text.clause[k] != text.clause[end])
            for k in range(start + 1, end)
        ):
            continue  # "is not zero-centred", "e^-x" for "e^x"
        if end - start > 1 and any(
            text.surface[k][0] == "¬" and text.stems[k] not in phrase.stems
            for k in range(start + 1, end)
        ):
            continue  # "adam with l2 is not the same as adamw": a denial, for all its opposite
        # "do not use tanh or sigmoid by default": a negation before a list reaches its last item
        anchor = start
        while (
            anchor >= 2
            and text.stems[anchor - 1] in ("or", "nor")
            and text.clause[anchor - 2] == text.clause[start]
        ):
            anchor -= 2
        listed = text.clause[start]
        if (
            anchor != start
            and anchor >= 1
            and text.clause[anchor - 1] == text.clause[anchor] - 1
            and (anchor < 2 or text.clause[anchor - 2] == text.clause[anchor - 1])
        ):
            # "do not use GELU, | tanh or sigmoid": the list's comma opened a clause, and the
            # negation before its first item reaches its last
            anchor -= 1
            listed = text.clause[anchor]
        before = range(max(0, anchor - NEGATION_WINDOW), start)
        negations = [
            j
            for j in before
            if text.stems[j] == "not"
            and text.clause[j] in (text.clause[start], listed)
            and anchor - j
            <= (NEGATION_WINDOW if text.surface[j] == "not" else _noun_reach(text, j))
            and not (j + 1 < start and _prefixed_negative(text.surface[j + 1]))
        ]
        if (
            not negations
            and start
            and text.surface[start - 1][:1] == "¬"
            and text.stems[start - 1] not in phrase.stems
            and text.clause[start - 1] == text.clause[start]
        ):
            # "doesn't have a hard kink" is read "a ¬hard (soft) kink": the denial before the
            # adjective denies the noun it stands before too, not only the adjective
            negations = [start - 1]
        if negations and (one_clause or not _counterfactual_denial(text, start, negations)):
            continue
        yield start, end


# Words that, standing among a wrong claim's words and not its own, make them say something
# else (stems): a relation ("minimising CE is a differentiable SURROGATE for maximising
# accuracy", "KL between two Gaussian MIXTURES"), a range ("something BETWEEN the mean and the
# median"), an equivalence that joins two things ("minimise the NLL, which is the SAME as
# maximising the log-likelihood"), a comparative ("can make softmax outputs BETTER calibrated").
_GAP_CHANGES = frozenset(
    "surrog proxi counterpart cousin version variant analogu mixtur between same equival "
    "better more wors "
    # another mean: "gives the geometric mean" is no "gives the mean"
    "geometr".split()
)
_EQUATES = frozenset({"same", "equival"})
_HEADS = frozenset("surrog proxi counterpart cousin version variant analogu mixtur".split())


def _gap_changes_claim(text: _Text, start: int, end: int, stems: tuple[str, ...]) -> bool:
    """Whether the words around a match of a wrong claim change what its words say: a word of
    `_GAP_CHANGES` or a denial merged into its antonym ("not saturation") among them, another
    number among a claim's number and its unit ("reached 10% error 6 times faster" is no "10
    times faster"), a second denial among a denied claim's words, or a claim about the gradient
    that opens on "negative" or "minus"."""
    own = set(stems)
    gap = [k for k in range(start + 1, end) if text.stems[k] not in own]
    if any(
        # (a relation noun right after the first word heads it: "the sigmoid surrogate pushes")
        (text.stems[k] in _GAP_CHANGES and (k > start + 1 or text.stems[k] not in _HEADS))
        # (an equivalence only where it joins a clause to the next: "Adam with L2 is the same as
        # AdamW" says the identity the claim is)
        and (text.stems[k] not in _EQUATES or text.clause[start] != text.clause[end])
        # (a range of numbers is the claim's own: "squashes into the zero-to-one interval")
        and not (
            text.stems[k] == "between" and k + 1 < len(text.stems) and _is_number(text.stems[k + 1])
        )
        or text.surface[k].startswith(("non", "¬"))
        for k in gap
    ):
        return True
    if any(_is_number(w) for w in stems) and any(_is_number(text.stems[k]) for k in gap):
        return True
    if "not" in own and any(text.stems[k] == "not" for k in range(start + 1, end)):
        # a second denial among a denied claim's words: "does not need to be bias-free" (to
        # be without a bias) is no "does not need a bias"
        nots = text.stems[start : end + 1].count("not")
        if nots % 2 != stems.count("not") % 2:
            return True
    # "the negative gradient is y − p": minus the gradient, the descent direction
    return (
        start > 0
        and text.stems[start] == "gradient"
        and text.stems[start - 1] in ("negat", "minus")
        and text.clause[start - 1] == text.clause[start]
    )


# Adverbs that strengthen a claim and keep what it says: "GELU is strictly monotonic", "always
# monotonic" state "GELU is monotonic". (Not the hedges, frequencies or scopes that change it:
# "rarely", "partly", "almost", "locally".)
_INTENSIFIERS = frozenset(
    "strictly always completely entirely totally fully perfectly purely truly definitely "
    "certainly inherently fundamentally genuinely absolutely exactly".split()
)
# Their stems where a synonym group folded the word ("always" is "for all inputs"'s group), but
# not those that are also other words' ("total", "pure", "perfect", "certain", "exact").
_INTENSIFIER_STEMS = frozenset(
    "strict alway complet entir fulli truli definit inher fundament genuin absolut".split()
)


# Prepositions the normalised text keeps ("of", "for", "with" ... are stopwords; "between" is
# also the range rewrite's: "into the zero-to-one interval" reads "to between 0 1").
_PREPOSITIONS = frozenset("on to in over under per through about across within".split())


def _object_replaced(text: _Text, start: int, end: int, stems: tuple[str, ...]) -> bool:
    """Whether a gapped match of a wrong claim puts another object after one of its prepositions:
    between the preposition and the phrasing's next word the text has a preposition of its own
    ("a penalty on the weights to the data loss": "on" took "the weights")."""
    if end - start + 1 <= len(stems) or not any(w in _PREPOSITIONS for w in stems[:-1]):
        return False
    at = start
    for i in range(1, len(stems)):
        nxt = next((k for k in range(at + 1, end + 1) if text.stems[k] == stems[i]), None)
        if nxt is None:
            return False
        if stems[i - 1] in _PREPOSITIONS and any(
            text.stems[k] in _PREPOSITIONS for k in range(at + 1, nxt)
        ):
            return True
        at = nxt
    return False


def _into_a_case(text: _Text, start: int, end: int) -> bool:
    """Whether text[start..end] runs from one case into the next: each a clause opened by "for"
    ("for regression use MSE, for classification use CE"), or each a label and a colon
    ("regression: use MSE, classification: use CE")."""
    leads, elaborations = text.clauses.leads, text.clauses.elaborations
    first = text.clause[start]
    for k in range(start + 1, end + 1):
        c = text.clause[k]
        if c == text.clause[k - 1]:
            continue
        if leads.get(c) == "for" and leads.get(first) == "for":
            return True
        if c + 1 in elaborations and first in elaborations:
            return True  # the span runs into the next case's label
    return False


def _noun_reach(text: _Text, j: int) -> int:
    """How far a noun's negation at `j` ("no", "without") reaches: SHORT_NEGATION_WINDOW words,
    or one where the word it denies is a one-character symbol, a whole noun phrase ("without φ
    any depth is one linear layer" denies φ, not the depth's collapse)."""
    if j + 1 < len(text.surface) and (
        len(text.surface[j + 1]) == 1 or text.surface[j + 1] in _SYMBOL_NAMES
    ):
        return 1
    return SHORT_NEGATION_WINDOW


# The names the Greek letters are read as (`_GREEK`), σ and Σ aside (sigmoid, sum): symbols.
_SYMBOL_NAMES = frozenset("alpha beta gamma delta epsilon theta lambda mu pi phi".split())


def _no_modifier_spans(
    text: _Text, positions: dict[str, list[int]], stems: Sequence[str]
) -> Iterator[tuple[int, int]]:
    """A key point's "no X" said with a word between: "there is no classical derivative" states
    "no derivative", "no useful learning signal" "no learning signal" (a determiner's "no"
    denies the noun phrase it opens; `_spans` keeps a negation next to its word)."""
    rest = tuple(stems[1:])
    for p in positions.get("not", ()):
        if text.surface[p] != "no":
            continue
        at = p + 2
        if text.stems[at : at + len(rest)] == rest and text.clause[p] == text.clause[at]:
            yield p, at + len(rest) - 1


NUMBER_CLAIM_WINDOW = 10  # words before its number where a wrong claim's words may stand


def _number_spans(
    text: _Text, positions: dict[str, list[int]], stems: Sequence[str]
) -> Iterator[tuple[int, int]]:
    """(start, the number) where a wrong claim that ends in a number is said in another word
    order or around a formula: "its derivative is σ(1−σ), with maximum value 0.5" states
    "maximum derivative of 0.5". The claim's word nearest the number stands at most
    NUMBER_REACH words before it, in its clause, with no other number between (so the number
    is that word's value, not σ(0)'s in "the maximum derivative occurs where σ(x) = 0.5"); its
    other words stand anywhere in the NUMBER_CLAIM_WINDOW words before, in the same sentence.
    A number said negative ("−0.5") is another number. The span starts at the claim's first
    word when the claim borrows words from a clause before ("... and tanh's at most 0.5")."""
    *words, number = stems
    # A claim of a negative number ("slope of -0.01") needs its sign right before the number,
    # not a minus anywhere before it ("−0.03 ... the slope is 0.01").
    signed = bool(words) and words[-1] == "minus"
    if signed:
        words = words[:-1]
    wanted = set(words)
    if len(wanted) < 2 - signed or any(map(_is_number, wanted)) or "not" in wanted:
        return
    if float(number) == 0:
        return  # zero is a place as often as a value ("steepest near zero", "where p is 0")
    stems_at = text.stems
    for at in positions.get(number, ()):
        sign = at - 1 if signed else at  # where the number said starts
        if signed and (sign < 0 or stems_at[sign] != "minus" or _term_at(text, at)):
            continue
        if not any(w in wanted for w in stems_at[max(0, sign - 1 - NUMBER_REACH) : sign]):
            continue  # no claim word right before the number (most numbers: asked first)
        if not (signed or _said_number(text, at)) or text.surface[at] == "one":
            continue  # "−0.5", "0.5 · 0.5": other numbers; "one per channel": a pronoun
        found: dict[str, int] = {}
        for k in range(sign - 1, max(-1, sign - 1 - NUMBER_CLAIM_WINDOW), -1):
            if text.sentence[k] != text.sentence[at]:
                break
            if text.stems[k] in wanted:
                found.setdefault(text.stems[k], k)
        if len(found) < len(wanted):
            continue
        near = max(found.values())
        if sign - near - 1 > NUMBER_REACH or text.clause[near] != text.clause[at]:
            continue
        start = min(found.values())
        said = [k for k in range(start + 1, sign) if _said_number(text, k)]
        if said:
            # Another number between: its words are its own ("the left derivative is 0 and the
            # right derivative is 1": 1 is the right's), unless the claim's first word (its
            # thing) stands after it, and only the shared words before ("sigmoid's derivative
            # is at most 0.25 and tanh's at most 0.5": a gapped "tanh's derivative").
            if found.get(stems[0], -1) < said[-1]:
                continue
            start = found[stems[0]]
        yield start, at


_OPERATORS = frozenset({"minus", "plus", "over", "time"})  # "·" and "×" are "times"


def _term_at(text: _Text, k: int) -> bool:
    """Whether the number at word k is followed by an operator, so it is the first term of an
    expression ("1/4", "0.5 · 0.5"), not the value said; "over" only before a number ("sums to
    1 over the classes" says 1)."""
    after = text.stems[k + 1 : k + 3]
    if not after or after[0] not in _OPERATORS:
        return False
    return after[0] != "over" or (len(after) == 2 and _is_number(after[1]))


def _said_number(text: _Text, k: int) -> bool:
    """Whether word k is a number said as a value, not a term of a formula ("1" in "1 − σ")."""
    if not _is_number(text.stems[k]):
        return False
    return not ((k > 0 and text.stems[k - 1] in _OPERATORS) or _term_at(text, k))


def _elaborated(text: _Text, start: int, end: int) -> bool:
    """Whether text[start..end] runs from a clause into the one a colon opened after it ("its
    gradient isn't informative: it's 0 almost everywhere"): a key point's words may span the
    two, and a negation before the colon does not reach past it."""
    first, last = text.clause[start], text.clause[end]
    return last in text.clauses.elaborations and all(
        text.clause[k] in (first, last) for k in range(start, end + 1)
    )


def _formula_of_another(answer: str, found: str, binding: _Binding, index: SynonymIndex) -> bool:
    """Whether the formula `found` is said of another named thing than the subject, in an answer
    that names its subject: the nearest part of its sentence before it that names a thing or
    uses a pronoun opens on another thing ("MSE: ρ(r) = r², ..." in an answer about Huber; not
    "BCE is like MSE, but it's ...", nor "Swish is sigmoid times tanh, σ(x)·tanh(x)")."""
    at = answer.find(found)
    if at <= 0:
        return False
    ends = _sentence_ends(answer)
    start = ends[bisect_right(ends, at) - 1] if ends and ends[0] <= at else 0
    head = _SENTENCE.split(answer[start:at])[-1]  # (as split from the answer's start: faster)
    for part in reversed(_HEAD_PARTS.split(head)):
        if _PRONOUN_WORD.search(part):
            return False
        named = claims.mentions(_fold(_normalise(part), index).stems, binding.entities)
        if named:
            if named[0][2] in binding.entities.subject:
                return False
            # an answer that never names its subject is about the other thing: its formula
            # is checked (a neighbour's "MAE = mean |ŷ − y|" is no MSE)
            return any(
                m[2] in binding.entities.subject
                for m in claims.mentions(binding.text.stems, binding.entities)
            )
    return False


_HEAD_PARTS = lazy_pattern(r"[,:;(]")


@lru_cache(maxsize=4)
def _sentence_ends(answer: str) -> list[int]:
    """Where each sentence of `answer` ends: each formula found looks back from there, not from
    the answer's start (which split a 10,000-character answer once per formula)."""
    return [m.end() for m in _SENTENCE.finditer(answer)]


_PRONOUN_WORD = lazy_pattern(r"(?i)\b(?:it|its|they|their|this|that)\b")


def _looked_for(m: Misconception, groups: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """A misconception's phrasings, then its claim's parts of four words or more, three after
    normalisation ("a larger gamma focuses less on hard examples"; not "BCE can be negative",
    whose two words stand together in right answers too, nor "use cross-entropy", a part)."""
    if not m.claim_parts:
        return m.phrasings
    return m.phrasings + tuple(
        p for p in m.claim_parts if len(p.split()) >= 4 and len(_normalise_phrasing(p).stems) >= 3
    )


def _turned(text: _Text, start: int, end: int, written: str) -> bool:
    """Whether a phrasing that draws a consequence ("so", "because") matched across a clause
    the answer opens with a contrast ("but", "yet") instead."""
    if not _CONSEQUENCE.intersection(written.lower().split()):
        return False
    leads = text.clauses.leads
    return any(
        text.clause[k] != text.clause[k - 1] and leads.get(text.clause[k]) in _TURNS
        for k in range(start + 1, end + 1)
    )


_CONSEQUENCE = frozenset("so because since therefore thus hence".split())
_TURNS = frozenset("but yet although though however whereas while".split())


def _renumbered(text: _Text, end: int, stems: tuple[str, ...]) -> bool:
    """Whether a phrasing with a number inside ("0.25 for the background") ends on a word the
    answer gives another number right after ("background by 0.75")."""
    if _is_number(stems[-1]) or not any(_is_number(w) for w in stems):
        return False
    for j in range(end + 1, min(end + 3, len(text.stems))):
        if text.clause[j] != text.clause[end]:
            return False
        if _is_number(text.stems[j]):
            return text.stems[j] not in stems
    return False


def _crosses_bracket(text: _Text, start: int, end: int) -> bool:
    """Whether text[start..end] starts inside a bracketed aside and ends in a clause after the
    one it interrupted: the aside's words and that clause's are two statements. (Running into a
    bracket is how a formula is said, "kl_div is KL(input || target)", and the clause the
    bracket interrupted goes on with it: "both (BCELoss and BCEWithLogitsLoss) support ...".)"""
    first, last = text.clause[start], text.clause[end]
    if first == last:
        return False
    for after, interrupted in text.clauses.resumed.items():
        if interrupted < first < after < last and any(
            interrupted < c < after and _prose_word(w)
            for w, c in zip(text.surface, text.clause, strict=True)
        ):
            return True  # (a formula's brackets, "KL(p||q) = H(p,q)", hold no aside)
    return False


def _relative(text: _Text, start: int, end: int) -> bool:
    """Whether every clause after the first of text[start..end] is a relative clause ("the
    original Transformer, which already used GELU"): said of the noun before it."""
    leads = text.clauses.leads
    return all(
        leads.get(c) in claims.RELATIVE_LEADS
        for c in {text.clause[k] for k in range(start + 1, end + 1)} - {text.clause[start]}
    )


@lru_cache(maxsize=_PHRASE_CACHE)
def _phrase(text: str, groups: tuple[tuple[str, ...], ...]) -> _Phrase:
    folded = _fold(_normalise_phrasing(text), _synonym_index(groups))
    stems = folded.stems
    return _Phrase(text, stems, "not" in stems, folded.surface, frozenset(stems))


@lru_cache(maxsize=4096)
def _normalise_phrasing(text: str) -> _Text:
    seeded = _SEEDED_TEXTS.get(text)
    return seeded if seeded is not None else _normalise(text)


# Phrasings normalised before, as the parsed-bank cache was written (`phrasing_texts`), and
# handed back as their questions are built (`seed_texts`): about half of the cost of judging
# a first answer in a new process.
_SEEDED_TEXTS: dict[str, _Text] = {}


def phrasing_texts(texts: Iterable[str], rules: bool = False) -> bytes:
    """These texts (a question's phrasings and subject, a bank file's domain names), with
    `rules` the claim rules' own words too, as the judge normalises them, encoded for the
    parsed-bank cache (`seed_texts` reads them)."""
    import msgspec.msgpack

    every = [*texts, *_rule_texts()] if rules else texts
    return msgspec.msgpack.encode({t: _normalise_phrasing(t) for t in every})


def question_texts(question: Question) -> list[str]:
    """What the judge normalises to read a question (its follow-ups too): every key-point and
    misconception phrasing, and its subject's names."""
    parts: list[Question | FollowUp] = [question, *question.follow_ups]
    out: list[str] = []
    for part in parts:
        out += part.subject
        out += [p for kp in part.key_points for p in kp.phrasings]
        out += [p for m in part.misconceptions for p in (*m.phrasings, *m.claim_parts)]
    return out


def _rule_texts() -> list[str]:
    """The words and phrases of the claim rules that the judge normalises (`tokens`)."""
    return [
        *(w for pair in (*claims.SWAP_WORDS, *_LOOSE_PAIRS) for w in pair),
        *claims.NEGATIVE_VERBS,
        *claims.NEGATIVE_VERDICTS,
        *claims.STRONG_QUALIFIERS,
        *claims.WEAK_QUALIFIERS,
        *_VERDICT_WORDS,
        *(n for names, _, _ in claims.MODEL_ACTIVATIONS for n in names),
        *(n for names in claims.ACTIVATION_NAMES for n in names),
        *(n for names, own, _ in claims.ORIGINS for n in (*names, *own)),
        *claims.ORIGIN_SOURCES,
        *(p for p, _, _ in claims.PROPERTY_PHRASES),
        *(n for names, _, _, _, _ in claims.DEFAULTS for n in names),
        *(p for _, params, _, _, _ in claims.DEFAULTS for p in params),
        *(n for names, _, _, _ in claims.LOSS_BOUNDS.values() for n in names),
        *(n for names, _, _, _ in claims.LIKELIHOODS for n in names),
        *(n for entry in claims.SPECIAL_CASES for names in entry[:3] for n in names),
        *(n for names, _, _, _ in claims.INIT_PAIRS for n in names),
    ]


@lru_cache(maxsize=1)
def _texts_decoder() -> Any:
    import msgspec.msgpack

    return msgspec.msgpack.Decoder(dict[str, _Text])


def seed_texts(encoded: Iterable[bytes]) -> None:
    """Take these normalised texts (`phrasing_texts`', from the parsed-bank cache) as already
    normalised. The cache is not trusted: what does not decode to well-formed normalised texts
    is ignored (those texts are normalised as before)."""
    import msgspec

    for blob in encoded:
        try:
            table = _texts_decoder().decode(blob)
        except msgspec.DecodeError:  # (a ValidationError too)
            continue
        _SEEDED_TEXTS.update((p, t) for p, t in table.items() if _well_formed(t))


def _well_formed(t: _Text) -> bool:
    """Whether a decoded normalised text is one `_normalise` could return: one stem, surface
    word, sentence and clause per word, marks on words it has."""
    n = len(t.stems)
    if not len(t.surface) == len(t.sentence) == len(t.clause) == n:
        return False
    return all(0 <= i < n for marks in (t.predicate, t.pronoun) for i in marks)


@lru_cache(maxsize=256)
def _vocab(phrasings: tuple[str, ...]) -> dict[str, str]:
    """Surface word -> stem, over the given phrasings (the targets of typo correction)."""
    out: dict[str, str] = {}
    for p in phrasings:
        norm = _normalise_phrasing(p)
        for w, s in zip(norm.surface, norm.stems, strict=True):
            out.setdefault(w, s)
    return out


def vocabulary(phrasings: Iterable[str]) -> frozenset[str]:
    """Every normalised word of the given phrasings (known terms, never typos of each other)."""
    words: set[str] = set()
    for p in phrasings:
        norm = _normalise_phrasing(p)
        words.update(norm.surface)
        words.update(norm.stems)
    return frozenset(words)


def known_words(questions: Iterable[Question]) -> frozenset[str]:
    """Every word of every key-point and misconception phrasing of these questions: the bank's
    terms, which are never typos of one another ("gelu" is not a typo of "relu")."""
    return vocabulary(
        p
        for q in questions
        for group in (
            *(k.phrasings for k in q.key_points),
            *(m.phrasings + m.claim_parts for m in q.misconceptions),
        )
        for p in group
    )


@lru_cache(maxsize=64)
def _with_names(known: frozenset[str], domain: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The known words and every word of the domain's names."""
    return known | vocabulary(name for group in domain for name in group)


_KNOWN_WITH: dict[tuple[int, int], tuple[frozenset[str], _Synonyms, frozenset[str]]] = {}


def _with_synonyms(known: frozenset[str], index: _Synonyms) -> frozenset[str]:
    """The known words and the stems of every synonym form: a word a fold put in the answer is
    a term, never a typo to correct. Taken from the index (already normalised: a first judgement
    normalises nothing but the answer), once per pair."""
    key = (id(known), id(index))
    hit = _KNOWN_WITH.get(key)
    if hit is None or hit[0] is not known or hit[1] is not index:
        words = {w for entries in index.by_first.values() for form, _ in entries for w in form}
        if len(_KNOWN_WITH) >= 64:
            _KNOWN_WITH.clear()
        hit = _KNOWN_WITH[key] = (known, index, known | words)
    return hit[2]


@lru_cache(maxsize=256)
def _known(phrasings: tuple[str, ...]) -> frozenset[str]:
    return vocabulary(phrasings)


def stem_table(
    questions: Iterable[Question], names: Iterable[Sequence[str]] = ()
) -> dict[str, str]:
    """Word -> stem for every word the judge stems to read these questions before an answer's
    own words: their key points' and misconceptions' phrasings (follow-ups' too), their
    subjects, these domain names and the claim rules' word lists. Kept in the parsed-bank
    cache and given back to `seed_stems` in each new process."""
    return lexicon(questions, names)[1]


def lexicon(
    questions: Iterable[Question], names: Iterable[Sequence[str]] = ()
) -> tuple[frozenset[str], dict[str, str], list[str]]:
    """What the parsed-bank cache keeps for the judge, in one pass over the phrasings: the
    `known_words` of these questions, their `stem_table` (with these domain names) and their
    `answer_terms`. A table entry is a word's true stem, so one more word than the judge
    stems is harmless."""
    questions = list(questions)
    known: set[str] = set()
    words: set[str] = set()
    for q in questions:
        for group in (
            *(k.phrasings for k in q.key_points),
            *(m.phrasings + m.claim_parts for m in q.misconceptions),
        ):
            for p in group:
                norm = _normalise_phrasing(p)
                known.update(norm.surface)
                known.update(norm.stems)
                words.update(norm.surface)
    others: list[str] = [*claims.CAUSE_WORDS, *claims.NEGATIVE_VERBS, *claims.NEGATIVE_VERDICTS]
    others += [n for group in names for n in group]
    for q in questions:
        others += q.subject
        for fu in q.follow_ups:
            others += fu.subject
            for group in (
                *(k.phrasings for k in fu.key_points),
                *(m.phrasings + m.claim_parts for m in fu.misconceptions),
            ):
                others += group
    words.update(w for t in others for w, _s, _c in _surface_words(t)[0] if w not in STOPWORDS)
    words.discard(_CALL_MARK)
    stems = {w: _stem(w) for w in sorted(words)}
    return frozenset(known), stems, answer_terms(questions)


# ---------------------------------------------------------------------------------------------
# Judging


# Words before a thing's name that make it another thing ("a rescaled sigmoid" is tanh, "a
# generalized ReLU"), as the scorer stems them.
# (and "a relaxed argmax", "the inverse of the sigmoid": a thing made from it, not it)
_DERIVED = frozenset(
    {"rescal", "shift", "scale", "stretch", "modifi", "general", "relax", "invers"}
)
# Words next to a thing named that make it a part or a relative of the subject: "a smooth
# version of relu", "CE reweighted by ...", "L1 in the tails", "MSE near 0" (stems).
_VARIANT_OF = frozenset(
    "version variant approxim relat cousin reweight weight scale multipli modul near tail beyond".split()
)


class _Binding:
    """Which thing each matched claim of one answer is about (the question has a subject)."""

    def __init__(self, text: _Text, entities: claims.Entities, subject: str) -> None:
        self.text = text
        self.entities = entities
        self.subject = subject
        self.scope = claims.scope(
            text.stems,
            text.clause,
            text.clauses.sentence_of,
            text.clauses.leads,
            entities,
            predicates=text.predicate,
            surface=text.surface,
            resumed=text.clauses.resumed,
        )
        self._named: dict[tuple[str, ...], tuple[tuple[int, int, int], ...]] = {}
        # The subject's own group (the last; see _entities), when it is not a domain thing's.
        last = len(self.entities.names) - 1
        self._own = last if last in self.entities.subject else -1
        self._by_sentence: dict[int, set[int]] | None = None
        self._by_clause: dict[int, set[int]] | None = None  # clause -> the things it names

    def _mentions(self, stems: tuple[str, ...]) -> tuple[tuple[int, int, int], ...]:
        found = self._named.get(stems)
        if found is None:
            found = self._named[stems] = tuple(claims.mentions(stems, self.entities))
        return found

    def about(
        self,
        stems: tuple[str, ...],
        start: int,
        *,
        strict: bool,
        label: tuple[str, ...] = (),
    ) -> tuple[bool, str]:
        """(counts, name of what it is about) for a claim whose phrasing `stems` matched at
        `start`. A key point (not `strict`) naming a thing is about it wherever it is said; a
        misconception or contradiction is so only when its phrasing starts with the thing
        ("mse is robust to outliers"), and otherwise its clause decides, the thing it names
        first included ("(MAE the conditional median)" is about MAE). A key point whose
        `label` names one thing ("prelu learns alpha") does not count in a clause about
        another ("leaky relu does not learn alpha"), even when both are the subject."""
        longer = self.scope.inside.get(start)
        if longer is not None:  # "leaky relu never ..." for "relu never ...": about leaky relu
            return longer in self.entities.subject, self.entities.names[longer]
        named = self._mentions(stems)
        if (
            strict
            and named
            and named[0][0] == 0
            and start
            and self.text.stems[start - 1] in _DERIVED
        ):
            # "a rescaled sigmoid centred at 0" is tanh: a claim about the derived thing is not
            # one about the thing it is derived from
            return False, self.entities.names[named[0][2]]
        if named and (not strict or (named[0][0] == 0 and named[0][1] < len(stems))):
            said_of = self._said_of(start, named[0][2]) if strict else None
            if said_of is None:
                return True, self.entities.names[named[0][2]]
            # "MSE is the negative log-likelihood of a Gaussian": the claim's leading name is
            # what MSE is said to be; the claim is about MSE
            return said_of in self.entities.subject, self.entities.names[said_of]
        # A strict claim's match that starts on a name is about that name, even where the
        # phrasing does not name it ("mean is robust ..." in "mean absolute error is robust").
        topic = claims.topic(self.scope, start, own=strict)
        if topic == claims.UNNAMED:
            return False, "another thing"
        if (
            strict
            and topic is not None
            and topic not in self.entities.subject
            and any(eid == topic and a > 0 for a, _b, eid in named)
        ):
            # The thing the clause names is the claim's own object ("a too-small learning rate
            # is the usual cause" for "caused by a too small learning rate"): the claim is about
            # what the answer is about.
            topic = None
        if topic is None:
            owner = self._mentions(label) if label else ()
            if owner and self._clause_names_other(start, owner[0][2]):
                # "In Leaky ReLU α isn't learned" is not about PReLU's point, though the clause
                # has no subject of its own: it names the other thing and not the label's.
                return False, self.entities.names[owner[0][2]]
            if strict and owner and owner[0][2] not in self.entities.subject:
                # A point about another thing ("sigmoid needs exp" for ReLU) is contradicted
                # only where that thing is named: "it doesn't need an exponential" is ReLU.
                return False, self.entities.names[owner[0][2]]
            return True, self.subject
        counts = topic in self.entities.subject
        if counts and label:
            owner = self._mentions(label)
            # a label naming the question's own subject in general ("saturation regions" where
            # the subject is sigmoid, tanh and saturation) names no one thing of several
            counts = not owner or owner[0][2] in (topic, self._own)
        elif not counts and not strict and self._subject_named_elsewhere(start):
            # A right answer explains its subject through its parts and neighbours ("focal loss:
            # CE times (1 − p_t)^γ. It down-weights easy examples"): once the answer has named the
            # subject, a key point in a sentence that does not name it still counts, unless its
            # label names the other thing.
            owner = self._mentions(label) if label else ()
            counts = not owner or owner[0][2] in self.entities.subject
        return counts, self.entities.names[topic]

    def several(self) -> bool:
        """Whether the question asks about two things or more (forward and reverse KL). The
        subject's own group, last, is the same thing as a domain group it shares a name with:
        the things counted are the domain's."""
        return len(self.entities.subject - {len(self.entities.names) - 1}) >= 2

    def one_of_several(self, stems: tuple[str, ...], start: int) -> bool:
        """Whether the question asks about several things, the clause of word `start` names
        one of them and the phrasing `stems` names none: "tanh' never exceeds 1" says no wrong
        number for "max derivative 0.25", which is sigmoid's."""
        ids = self.entities.subject
        if not self.several() or any(eid in ids for _a, _b, eid in self._mentions(stems)):
            return False
        c = self.text.clause[start]
        scope = {c}
        clauses = self.text.clauses
        if clauses.leads.get(c - 1) == "for" and clauses.sentence_of.get(c - 1) == (
            clauses.sentence_of.get(c)
        ):
            scope.add(c - 1)  # "for tanh, φ' ≤ 1": the clause "for tanh" names its thing
        return any(
            eid in ids and self.text.clause[a] in scope
            for a, _b, eid in claims.mentions(self.text.stems, self.entities)
        )

    def both_subject(self, replaced: str, swapped: Sequence[str]) -> bool:
        """Whether a swapped form replaced one name of the subject by another ("tanh flattens"
        for "sigmoid flattens" where both are asked about): said of the subject all the same."""
        ids = self.entities.subject

        def of_subject(word: str) -> bool:
            found = claims.mentions((word,), self.entities)
            return bool(found) and found[0][2] in ids

        return of_subject(replaced) and any(of_subject(w) for w in swapped if w != replaced)

    def with_condition(self, start: int) -> bool:
        """Whether the clause of word `start` opens with "with" and names no subject: a
        condition other than the subject ("with hard labels the logits blow up" in an answer
        on label smoothing), so what it says is not said of the subject."""
        c = self.text.clause[start]
        if c not in self.text.clauses.conditions:
            return False
        return not (self._named_where(self.text.clause, c) & self.entities.subject)

    def sentence_names_subject(self, start: int) -> bool:
        """Whether the sentence of word `start` names the subject (a clause after "but" is
        numbered as a sentence of its own: see SENTENCE_SHIFT)."""
        sentences = [k % SENTENCE_SHIFT for k in self.text.sentence]
        return bool(self._named_where(sentences, sentences[start]) & self.entities.subject)

    def elsewhere(self) -> str | None:
        """The other thing the answer is about, when the subject is one thing of the domain, the
        answer never names it, and its first clause is about another named thing, not as a
        part or a relative of the subject ("a smooth version of relu", "CE reweighted by ...",
        "MSE near 0"): "Cross-entropy: −Σ y log p ..." asked what softmax is for."""
        subject = self.entities.subject
        own = claims.mentions(_normalise_phrasing(self.subject).stems, self.entities)
        last = len(self.entities.names) - 1
        if not own or own[0][2] == last:
            return None  # a subject that is no one thing of the domain ("choosing a loss")
        found = claims.mentions(self.text.stems, self.entities)
        if any(eid in subject for _a, _b, eid in found):
            return None
        first = self.scope.by_clause.get(self.text.clause[0], ()) if self.text.clause else ()
        if not first:
            return None
        start, eid = first[0]
        if any(
            k <= start and self.text.clause[k] == self.text.clause[0] for k in self.text.pronoun
        ):
            return (
                None  # "It reshapes cross-entropy ...": the pronoun is the subject, CE its object
            )
        if start and self.text.stems[start - 1] in _VARIANT_OF:
            return None  # "a smooth version of relu": the subject, described through another
        end = claims.mention_end(self.scope, start)
        if end < len(self.text.stems) and self.text.stems[end] in _VARIANT_OF:
            return None  # "CE reweighted by (1 − p_t)^γ", "MSE near 0, L1 in the tails"
        return self.entities.names[eid]

    def of_subject(self, word: str) -> bool:
        """Whether `word` names the subject. A swapped form that replaces it by another name
        ("sigmoid saturates" for "tanh does not fix saturation") says something of that other
        thing, not the opposite of the point."""
        found = claims.mentions((word,), self.entities)
        return bool(found) and found[0][2] in self.entities.subject

    def _clause_names_other(self, start: int, eid: int) -> bool:
        """Whether the clause of word `start` names a thing other than `eid`, and not `eid`."""
        found = self._named_where(self.text.clause, self.text.clause[start])
        return bool(found) and eid not in found

    def _named_where(self, labels: Sequence[int], label: int) -> set[int]:
        """The things named in the words whose `labels` (clause or sentence numbers) are
        `label`: one run of words, since a clause's or a sentence's words are contiguous."""
        at = [i for i, k in enumerate(labels) if k == label]
        return {
            e for _a, _b, e in claims.mentions(self.text.stems[at[0] : at[-1] + 1], self.entities)
        }

    def _said_of(self, start: int, eid: int) -> int | None:
        """The thing other than `eid` named right before word `start` in its clause, as the
        subject of a copula the match completes ("MSE [is the] NLL of a Gaussian"), if any."""
        text = self.text
        c = text.clause[start]
        for a, b, e in claims.mentions(text.stems[:start], self.entities):
            if b == start and e != eid and text.clause[a] == c:
                return e
        return None

    def contrasted(self, start: int, stems: tuple[str, ...]) -> bool:
        """Whether the claim `stems` at `start` is said of something else in contrast with the
        subject: its sentence has a clause opened by "unlike", "while" or "whereas" that names the
        subject, and neither the claim's own clause nor its phrasing names one ("hard-example
        mining drops the easy examples, unlike focal loss"; "GRU gates use tanh instead of
        sigmoid" names tanh)."""
        if self._mentions(stems):
            return False
        text = self.text
        if self._by_clause is None:
            found: dict[int, set[int]] = {}
            for a, _b, eid in claims.mentions(text.stems, self.entities):
                found.setdefault(text.clause[a], set()).add(eid)
            self._by_clause = found
        named = self._by_clause
        subject = self.entities.subject
        if named.get(text.clause[start], set()) & subject:
            return False
        sentence = text.clauses.sentence_of.get(text.clause[start])
        leads = text.clauses.leads
        return any(
            leads.get(k) in _CONTRAST_LEADS
            and ids & subject
            and text.clauses.sentence_of.get(k) == sentence
            for k, ids in named.items()
        )

    def _subject_named_elsewhere(self, start: int) -> bool:
        """Whether the answer names the subject, but not in the sentence of word `start`."""
        if self._by_sentence is None:
            found: dict[int, set[int]] = {}
            for a, _b, eid in claims.mentions(self.text.stems, self.entities):
                # the sentence as typed: "but", "whereas" ... shift a clause's number
                found.setdefault(self.text.sentence[a] % SENTENCE_SHIFT, set()).add(eid)
            self._by_sentence = found
        subject = self.entities.subject
        named = [s for s, ids in self._by_sentence.items() if ids & subject]
        return bool(named) and self.text.sentence[start] % SENTENCE_SHIFT not in named

    def qualified(self, start: int, own: tuple[str, ...] = ()) -> bool:
        # A claim of cause, in its own words or the answer's ("they mostly CAUSE exploding
        # gradients"): how often is no scope for it.
        stems, clause = self.text.stems, self.text.clause
        cause = _cause_stems() & set(own) or any(
            stems[j] in _cause_stems() and clause[j] == clause[start]
            for j in range(max(0, start - CAUSE_REACH), start)
        )
        patterns = _cause_qualifiers() if cause else _qualifiers()
        return self._in_the_past(start, own) or claims.qualified(
            self.text.stems, self.scope, start, patterns, frozenset(own)
        )

    def _in_the_past(self, start: int, own: tuple[str, ...]) -> bool:
        """A past-tense clause dated by another thing ("sigmoid WAS the default BEFORE ReLU"):
        history, not a claim. The past tense alone is not enough ("sigmoid was preferred since
        it is zero-centred" is a wrong claim)."""
        c = self.text.clause[start]
        if c not in self.text.clauses.past:
            return False
        firsts = {a for a, _ in self.scope.ends}
        stems = self.text.stems
        return any(
            stems[j] in _UNTIL and stems[j] not in own and j + 1 in firsts
            for j in range(len(stems) - 1)
            if self.text.clause[j] == c
        )

    def asserted(self, stems: tuple[str, ...], start: int, end: int) -> bool:
        """Whether a misconception phrasing matched at text[start..end] is asserted as said: not
        spread over another named thing ("stacking linear layers with a ReLU in between learns
        ..."), and not lessened by a comparative ("MSE is far less robust to outliers"). A
        claim that ends in its number may span the subject's own name, in the formula that
        names what the number is of ("its derivative σ(1−σ) maxes out at 0.5")."""
        numbered = _is_number(stems[-1]) and self.text.stems[end] == stems[-1]
        clause = self.text.clause[start]
        if self.text.clauses.leads.get(clause) == "unlike" or clause in self.text.clauses.denied:
            return False  # "C^∞, unlike max(0, x) with its kink at 0": the other thing's trait
        named = {eid for _, _, eid in self._mentions(stems)}
        for a, b in self.scope.ends:
            if start < a and b <= end and self.text.stems[a - 1] not in ("or", "plus"):
                # (an alternative, "a relu or tanh before the softmax", keeps the claim)
                found = claims.mentions(self.text.stems[a:b], self.entities)
                if (
                    found
                    and found[0][2] not in named
                    and not (numbered and found[0][2] in self.entities.subject)
                ):
                    return False
        stems_at = self.text.stems
        lessened = frozenset({"less", "fewer", "lesser"})
        if any(w in lessened and w not in stems for w in stems_at[start + 1 : end]):
            return False
        clause = self.text.clause[start]
        return not any(
            stems_at[j] in lessened and self.text.clause[j] == clause and stems_at[j] not in stems
            for j in range(max(0, start - CONTRADICTION_WINDOW), start)
        )


@lru_cache(maxsize=1)
def _qualifiers() -> tuple[claims.Patterns, claims.Patterns]:
    """The qualifier phrases of `claims`, normalised like answers (stems)."""

    def stems(phrases: Sequence[str]) -> claims.Patterns:
        return tuple(p for p in (tuple(tokens(x)) for x in phrases) if p)

    return stems(claims.STRONG_QUALIFIERS), stems(claims.WEAK_QUALIFIERS)


CAUSE_REACH = 2  # a cause word this close before a claim makes it a claim of cause


@lru_cache(maxsize=1)
def _cause_qualifiers() -> tuple[claims.Patterns, claims.Patterns]:
    """The qualifiers that scope a claim of cause: no frequency ("mostly caused by ...")."""
    strong, _weak = _qualifiers()
    weak = [q for q in claims.WEAK_QUALIFIERS if q not in claims.FREQUENCY_QUALIFIERS]
    return strong, tuple(p for p in (tuple(tokens(x)) for x in weak) if p)


@lru_cache(maxsize=1)
def _cause_stems() -> frozenset[str]:
    return frozenset(_stem(w) for w in claims.CAUSE_WORDS)


@lru_cache(maxsize=1)
def _negative_verbs() -> frozenset[str]:
    return frozenset(t for w in claims.NEGATIVE_VERBS for t in tokens(w))


@lru_cache(maxsize=1)
def _verdicts() -> frozenset[str]:
    return frozenset(t for w in claims.NEGATIVE_VERDICTS for t in tokens(w))


VERDICT_REACH = 4  # words after a misconception's match where a rejecting verdict still bears


def _rejected(text: _Text, end: int) -> bool:
    """Whether a verdict that rejects the claim follows its match in the same clause: a verb
    ("would hurt") anywhere there, an adjective ("is a mistake", "is bad") only where it ends
    the clause or says why ("bad, since ..."), not before a noun ("the wrong side")."""
    verdicts = _verdicts()
    verbs = _verdict_verbs()
    clause = text.clause[end]
    # (the clause a bracket interrupted goes on after it: "the reverse (oversample the
    # majority) worsens the imbalance")
    after = [a for a, i in text.clauses.resumed.items() if i < clause < a]
    n = len(text.stems)
    for j in range(end + 1, min(end + 1 + VERDICT_REACH, n)):
        if text.clause[j] != clause:
            if after and text.clause[j] == after[0] and text.clause[j - 1] != after[0]:
                clause = after[0]
            else:
                break
        w = text.stems[j]
        if w in verbs or (j == end + 1 and text.surface[j] in _DIFFERENT):
            return True
        if (
            w == "not"
            and j + 1 < n
            and text.stems[j + 1] in _FAILS_TO
            and text.clause[j + 1] == clause
        ):
            return True  # "oversampling the majority class does not fix imbalance"
        if (
            w == "not"
            and j + 1 < n
            and text.stems[j + 1] in _NOT_GOOD
            and text.clause[j + 1] == clause
        ):
            return True  # "a ReLU on the output isn't a good idea", "... is not needed"
        if w in verdicts and (
            j + 1 == n or text.clause[j + 1] != clause or text.stems[j + 1] in _BECAUSE
        ):
            return True
    return False


_BECAUSE = frozenset({"becaus", "sinc", "idea", "choic"})
# After "not", a verdict that rejects the claim before it (stems).
_NOT_GOOD = frozenset({"good", "wise", "great", "smart", "recommend", "advis", "sensibl", "need"})

# A sentence that opens by denying what follows: "it is not true that ...", "it's a myth that
# ...", "it is not the case that ...", "it is wrong to say that ..." (as the scorer reads them).
_DENIAL_FRAMES: tuple[tuple[str, ...], ...] = (
    ("not", "true"),
    ("not", "case"),
    ("not", "correct"),
    ("fals",),
    ("untru",),
    ("myth",),
    ("misconcept",),
    ("wrong", "to", "say"),
    ("wrong", "to", "think"),
)


def _denied_up_front(text: _Text, start: int) -> bool:
    """Whether the sentence of word `start`, or its clause, opens with a denial frame before it
    ("It is not true that the theorem guarantees training finds the weights"; "it's never
    negative, and it's a myth that KL is symmetric"): the claim is refused."""
    sentence = text.sentence[start] % SENTENCE_SHIFT
    first = start
    while first and text.sentence[first - 1] % SENTENCE_SHIFT == sentence:
        first -= 1
    clause = start
    while clause > first and text.clause[clause - 1] == text.clause[start]:
        clause -= 1
    return any(
        tuple(text.stems[at:start][: len(f)]) == f for at in {first, clause} for f in _DENIAL_FRAMES
    )


@lru_cache(maxsize=1)
def _verdict_verbs() -> frozenset[str]:
    return frozenset(t for w in _VERDICT_WORDS for t in tokens(w))


_VERDICT_WORDS = (
    *("hurt", "hurts", "harm", "harms", "backfires", "fail", "fails", "worsen", "worsens"),
    *("leak", "leaks"),  # "SMOTE before the split leaks synthetic points into the test set"
)
# After "does not": the claim named before it is said to fail ("X does not help").
_FAILS_TO = frozenset({"fix", "help", "work", "solv", "cure"})


@lru_cache(maxsize=64)
def _entities(
    subject: tuple[str, ...],
    domain: tuple[tuple[str, ...], ...],
    groups: tuple[tuple[str, ...], ...],
) -> claims.Entities:
    index = _synonym_index(groups)

    def forms(names: Sequence[str]) -> tuple[tuple[str, ...], ...]:
        return tuple(f for f in (_fold(_normalise_phrasing(n), index).stems for n in names) if f)

    # The domain's groups first: a subject naming two things ("leaky relu, prelu") keeps them
    # apart, so a point labelled with one is not said in a clause about the other.
    all_groups = [(g[0], forms(g)) for g in (*domain, subject) if g]
    return claims.build_entities(all_groups, forms(subject))


@lru_cache(maxsize=256)
def _swaps(groups: tuple[tuple[str, ...], ...]) -> dict[str, tuple[str, ...]]:
    """Stem -> the stems that reverse it, as the scorer normalises them with these synonyms."""
    index = _synonym_index(groups)
    out: dict[str, list[str]] = {}
    for a, b in claims.SWAP_WORDS:
        fa = _fold(_normalise_phrasing(a), index).stems
        fb = _fold(_normalise_phrasing(b), index).stems
        if len(fa) == 1 and len(fb) == 1 and fa != fb:
            out.setdefault(fa[0], []).append(fb[0])
            out.setdefault(fb[0], []).append(fa[0])
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=_PHRASE_CACHE)
def _variants(
    phrase: _Phrase, groups: tuple[tuple[str, ...], ...]
) -> tuple[tuple[tuple[str, ...], int, str, frozenset[str]], ...]:
    """The forms a contradiction of this phrasing takes: (core words, the phrasing's own
    polarity, the word a swapped form replaced or "", the core's words as a set). The core drops negations and denying verbs; its polarity is their
    parity. A swapped form replaces one word by its opposite (mean/median, forward/reverse).
    Phrasings of fewer than two core words give none: too little to tell what is denied."""
    denials = _negative_verbs()
    core = tuple(w for w in phrase.stems if w != "not" and w not in denials)
    if len(core) < 2 or all(_is_number(w) for w in core):
        return ()
    polarity = (len(phrase.stems) - len(core)) % 2
    swaps = _swaps(groups)
    # A phrasing denied by "no"/"without" ("no derivative at 0") leaves a noun phrase, which an
    # answer mentions without asserting it: only a verb's negation gives the opposite claim.
    verbal = all(
        (w == "not" and s == "not") or w in denials
        for w, s in zip(phrase.stems, phrase.surface, strict=True)
        if w == "not" or w in denials
    )
    if not verbal:
        return ()
    out: list[tuple[tuple[str, ...], int, str, frozenset[str]]] = []
    if not (polarity and "not" not in phrase.stems and len(core) < 3):
        # (a denying verb before two words, "reduce the lr", "prevents infinite logits", leaves
        # a noun phrase too: an answer that names a large lr or infinite logits denies nothing)
        out.append((core, polarity, "", frozenset(core)))
    for i, w in enumerate(core):
        for other in swaps.get(w, ()):
            if other in core:
                continue  # "logits to probabilities" swapped is "logits to logits": no claim
            swapped = (*core[:i], other, *core[i + 1 :])
            out.append((swapped, polarity, w, frozenset(swapped)))
    return tuple(out)


# Stems of swapped words that are contraries, not either-or: both may be false at once.
_CONTRARIES = frozenset({"explod", "vanish"})


def _negations(text: _Text, start: int, end: int, core: tuple[str, ...]) -> int:
    """Negations (and denying verbs) that bear on the words text[start..end]: inside the span,
    or shortly before it in the same clause."""
    denials = _negative_verbs()
    n = sum(
        1
        for k in range(start + 1, end)
        if ((w := text.stems[k]) == "not" or w in denials)
        and w not in core
        and not (w == "not" and text.stems[k + 1] in _NOT_ALWAYS.difference(core))
    )
    for j in range(max(0, start - NEGATION_WINDOW), start):
        w = text.stems[j]
        if text.clause[j] != text.clause[start]:
            continue
        if _cancelled(text, j, denials, core):
            continue  # "it never stops pulling p toward the label": it keeps pulling
        if text.surface[j] == "unlike":
            continue  # "unlike Leaky ReLU, which does address dead units, ...": a comparison
            # names the other thing, it denies nothing of it
        if (w == "not" or w in denials) and w not in core:
            if text.clause[j] in text.clauses.contrasts and text.clause[j - 1] != text.clause[j]:
                # ", not Y" after a claim names what it is not said of ("required for the NTK
                # limit, not for universal approximation"; "the test loss, not the empirical
                # risk, is measured on the test set"): Y itself is not denied
                continue
            if w == "not" and j + 1 < start and _prefixed_negative(text.surface[j + 1]):
                continue  # "shouldn't be disconnected from X": a double negative, X stands
            if w == "not" and text.stems[j + 1] in _NOT_ALWAYS.difference(core):
                continue  # "not always zero-mean" hedges, "not needed for X" denies a need
            # a noun's negation ("without φ any depth is one layer") denies only the next word
            reach = 1 if w == "not" and text.surface[j] == "no" else CONTRADICTION_WINDOW
            n += start - j <= reach
    return n


def _cancelled(text: _Text, j: int, denials: frozenset[str], core: tuple[str, ...]) -> bool:
    """Whether word j is half of a "not" and a denying verb right after it ("never stops",
    "doesn't prevent"), a double negative that denies nothing after it."""
    stems = text.stems
    if stems[j] == "not":
        k = j + 1
        return k < len(stems) and stems[k] in denials and stems[k] not in core
    return (
        stems[j] in denials
        and stems[j] not in core
        and j > 0
        and stems[j - 1] == "not"
        and text.clause[j - 1] == text.clause[j]
    )


# Stems after "not" that hedge or deny a need, not the words after them: "not always",
# "not necessarily", "does not ensure zero mean", "is not needed for universal approximation"
# (unless the phrasing says it: "doesn't need an exponential" denies "needs an exponential").
_NOT_ALWAYS = frozenset(
    {"alway", "necessarili", "ensur", "guarante", "need", "requir", "make", "render", "caus"}
)  # (and deny a cause: "softmax does not make accuracy non-differentiable", "not what makes")
_NEGATIVE_PREFIXES = ("dis", "un", "non", "mis")
# Words with those letters in front that are no negation ("not discrete", "not universal").
_NOT_PREFIXED = (
    "under", "univers", "uniform", "uniqu", "union", "unit", "discret", "distinct", "distribut",
    "distanc", "discuss", "display", "dispers", "mission",
)  # fmt: skip


def _prefixed_negative(word: str) -> bool:
    """A word that is itself a negation by its prefix ("disconnected", "unrelated",
    "misaligned"): "not" before it makes a double negative."""
    return (
        len(word) > 6 and word.startswith(_NEGATIVE_PREFIXES) and not word.startswith(_NOT_PREFIXED)
    )


def _clause_denies(text: _Text, start: int) -> bool:
    """Whether the clause of word `start` holds any negation or denying verb."""
    c = text.clause[start]
    i = start
    while i > 0 and text.clause[i - 1] == c:
        i -= 1
    while i < len(text.stems) and text.clause[i] == c:
        if text.stems[i] == "not" or text.stems[i] in _negative_verbs():
            return True
        i += 1
    return False


def _named_alongside(text: _Text, start: int, word: str) -> bool:
    """Whether `word` stands in the clause of word `start`, or just before it in its sentence
    ("sigmoid and tanh flatten out": both are said to)."""
    c, sentence = text.clause[start], text.sentence[start]
    return any(
        w == word and (text.clause[k] == c or (start - k <= 3 and text.sentence[k] == sentence))
        for k, w in enumerate(text.stems)
    )


def _counterfactual_denial(text: _Text, start: int, negations: list[int]) -> bool:
    """Whether the negation before a key point's words is one of a "without X" counterfactual,
    which states the point of X: "without them you're not getting curved boundaries" (one clause:
    "without" and the negation), "without them, you don't get curved boundaries" (the negation
    after a "without X" clause)."""
    c = text.clause[start]
    leads = text.clauses.leads
    if c in text.clauses.hypothetical and leads.get(c) == "no":
        first = text.clause.index(c)
        others = [j for j in negations if j != first]
        return first < start and text.surface[first] == "no" and len(others) == 1
    return len(negations) == 1 and _after_without(text, start)


def _after_without(text: _Text, start: int) -> bool:
    """Whether an earlier clause of the sentence of word `start` is a "without X" (or "no X")
    condition: "without them, a deep net can't draw curved boundaries" is a counterfactual,
    said to be true."""
    c = text.clause[start]
    sentence = text.clauses.sentence_of.get(c)
    return any(
        k < c and text.clauses.sentence_of.get(k) == sentence and lead == "no"
        for k, lead in text.clauses.leads.items()
        if k in text.clauses.hypothetical
    )


@lru_cache(maxsize=4)
def _typed_split(answer: str) -> list[str]:
    """The answer's sentences as typed ("…" ends one for the judge: NFKC reads it "...")."""
    return _SENTENCE.split(_VS_DOT.sub("vs", answer.replace("…", "...")))


def _said(answer: str, text: _Text, start: int) -> str:
    """The answer's sentence that holds the word at `start` (as typed, shortened)."""
    sentences = _typed_split(answer)
    # (a question the answer asks itself shares its sentence with its answer: the answer's)
    k = text.clauses.sentence_of.get(text.clause[start], text.sentence[start] % SENTENCE_SHIFT)
    said = sentences[k].strip() if k < len(sentences) else " ".join(text.surface)
    return said if len(said) <= 200 else said[:199] + "…"


@lru_cache(maxsize=8)
def _fact_table(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[
    tuple[tuple[tuple[tuple[str, ...], ...], frozenset[int], str], ...],
    tuple[tuple[tuple[str, ...], int], ...],
]:
    """claims.MODEL_ACTIVATIONS and claims.ACTIVATION_NAMES as the judge's stems: per model,
    its names and the ids of the activations it uses; every activation name with its id,
    longest first (so "leaky relu" is not read as "relu")."""
    names = sorted(
        (
            (_phrase(n, groups).stems, i)
            for i, group in enumerate(claims.ACTIVATION_NAMES)
            for n in group
        ),
        key=lambda x: -len(x[0]),
    )
    ids = {n: i for i, group in enumerate(claims.ACTIVATION_NAMES) for n in group}
    models = tuple(
        (
            tuple(_phrase(n, groups).stems for n in model_names),
            frozenset(ids[u] for u in uses),
            fact,
        )
        for model_names, uses, fact in claims.MODEL_ACTIVATIONS
    )
    return models, tuple((n, i) for n, i in names if n)


@lru_cache(maxsize=8)
def _model_names(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[str, ...], tuple[frozenset[int], str]], ...]:
    """Every model's name with (the activations it uses, its fact), longest first."""
    models, _ = _fact_table(groups)
    named = [(name, (uses, fact)) for names, uses, fact in models for name in names if name]
    return tuple(sorted(named, key=lambda x: -len(x[0])))


def _found(words: Sequence[str], name: tuple[str, ...]) -> list[int]:
    """Where the name's stems stand in a row in `words`."""
    k = len(name)
    return [j for j in range(len(words) - k + 1) if tuple(words[j : j + k]) == name]


def _scan(
    words: Sequence[str], names: tuple[tuple[tuple[str, ...], Any], ...], taken: set[int]
) -> list[tuple[int, int, Any]]:
    """(start, end, payload) of each of `names` (stems, payload; longest first) in `words`,
    none overlapping another or a position in `taken` (which it extends), left to right."""
    by_first = _by_first(names)
    out: list[tuple[int, int, Any]] = []
    for j, w in enumerate(words):
        for name, payload in by_first.get(w, ()):
            end = j + len(name)
            if tuple(words[j:end]) == name and taken.isdisjoint(range(j, end)):
                taken.update(range(j, end))
                out.append((j, end, payload))
                break
    return out


@lru_cache(maxsize=32)
def _by_first(
    names: tuple[tuple[tuple[str, ...], Any], ...],
) -> dict[str, list[tuple[tuple[str, ...], Any]]]:
    out: dict[str, list[tuple[tuple[str, ...], Any]]] = {}
    for name, payload in names:
        out.setdefault(name[0], []).append((name, payload))
    return out


def _fact_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Sentences that name a well-known model and, in its clause or within FACT_REACH words of
    it, an activation it does not use (and none that it does), said plainly
    (claims.MODEL_ACTIVATIONS): "ViT's blocks are built on max(0, x)", "BERT, GPT and LLaMA all
    run ReLU". Left alone: a sentence that names another model that uses that activation ("like
    ResNet, ViT uses GELU"), or has a negation, a comparison, a contrast, a change or a
    hypothetical. Where the question is about an activation, a model said to use something with
    no activation near it is said to use that one ("BERT and GPT use it", asked about GELU); a
    name in "the tanh approximation" is no activation used."""
    models, activations = _fact_table(groups)
    names = {_phrase(n, groups).stems for n in subject}
    implicit = frozenset(aid for name, aid in activations if name in names)
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, {name[0] for names, _, _ in models for name in names}):
        if (
            _guarded(text, at, words)
            or claims.ORIGIN_VERBS.intersection(words)  # (where a thing came from: origins)
            or _negative_verbs().intersection(words)  # "avoids ReLU's hard kink"
        ):
            continue
        taken: set[int] = set()
        named = [  # (where, activation id)
            (j, aid)
            for j, end, aid in _scan(words, activations, taken)
            if claims.FACT_NOT_USED.isdisjoint(words[end : end + 2])
        ]
        said: list[tuple[int, frozenset[int], frozenset[int], str]] = []
        for j, end, (uses, fact) in _scan(words, _model_names(groups), taken):
            if words[j:end] == ["gpt"] and (
                words[end : end + 1] == ["minus"]
                or _is_number(words[end] if end < len(words) else "")
            ):
                continue  # "gpt" bare, not GPT-4 or GPT-NeoX
            near = frozenset(
                aid
                for k, aid in named
                if text.clause[at[k]] == text.clause[at[j]]
                or abs(k - j) <= claims.FACT_REACH + end - j
            )
            if not near and claims.FACT_USE.intersection(words):
                near = implicit
            said.append((j, uses, near, fact))
        for j, uses, near, fact in sorted(said):
            if not near or uses & near or any(near & u & n for _, u, n, _ in said):
                continue  # (another model named here uses it: "like ResNet, ViT uses GELU")
            if all(c.point != fact for c in out):
                out.append(Contradiction(fact, _said(answer, text, at[j])))
    return out


_YEAR = lazy_pattern(r"(?:19|20)\d\d")


@lru_cache(maxsize=8)
def _origin_table(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[
    tuple[tuple[tuple[tuple[str, ...], ...], frozenset[tuple[str, ...]], str], ...],
    tuple[tuple[str, ...], ...],
]:
    """claims.ORIGINS as the judge's stems: per thing, its names, its own sources and the
    fact; and every source name (claims.ORIGIN_SOURCES and the things' own), longest first."""
    things = tuple(
        (
            tuple(_phrase(n, groups).stems for n in names),
            frozenset(_phrase(o, groups).stems for o in own),
            fact,
        )
        for names, own, fact in claims.ORIGINS
    )
    every = {_phrase(n, groups).stems for n in claims.ORIGIN_SOURCES}
    every |= {o for _, own, _ in things for o in own if not _YEAR.fullmatch(" ".join(o))}
    return things, tuple(sorted((n for n in every if n), key=len, reverse=True))


@lru_cache(maxsize=8)
def _thing_names(
    things: tuple[tuple[tuple[tuple[str, ...], ...], frozenset[tuple[str, ...]], str], ...],
) -> tuple[tuple[tuple[str, ...], int], ...]:
    """Every name of claims.ORIGINS' things with the thing's index, longest first."""
    named = [(name, t) for t, (names, _own, _fact) in enumerate(things) for name in names if name]
    return tuple(sorted(named, key=lambda x: -len(x[0])))


@lru_cache(maxsize=8)
def _source_names(
    sources: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple((name, name) for name in sources)


def _origin_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Clauses that say a thing of claims.ORIGINS was introduced (proposed, popularised ...)
    by, in or with a source that is not its own, and name none of its own: "ReLU was introduced
    in the 2017 Transformer paper". The thing stands just before its verb or just after it
    ("AlexNet popularised ReLU"); a sentence that names no such thing is about the question's
    subject ("it was first proposed for two-stage detectors", asked about focal loss). Left
    alone, as for the models' facts: a negation, a contrast, a comparison, a change (before,
    later) or a hypothetical."""
    things, sources = _origin_table(groups)
    # the question's subject, as one thing: its first name's ("silu" of [silu, swish, ...])
    names = [_phrase(n, groups).stems for n in subject]
    implicit = next(([t] for name in names for t in things if name in t[0]), [])
    out: list[Contradiction] = []
    if claims.ORIGIN_VERBS.isdisjoint(text.stems):
        return out
    for at, _stems in _sentence_table(text):
        words = [text.stems[i] for i in at]
        verbs = [
            j
            for j, w in enumerate(words)
            if w in claims.ORIGIN_VERBS
            and text.surface[at[j]].lower() not in claims.ORIGIN_NOT_VERBS
        ]
        if not verbs or _guarded(text, at, words):
            continue
        taken: set[int] = set()
        named = [(j, t) for j, _end, t in _scan(words, _thing_names(things), taken)]
        said = [(j, name) for j, _end, name in _scan(words, _source_names(sources), taken)]
        said += [(j, (w,)) for j, w in enumerate(words) if _YEAR.fullmatch(w)]
        if not said:
            continue
        everywhere = {name for _, name in said}
        for v in verbs:
            clause = text.clause[at[v]]
            near = [
                t
                for j, t in named
                if text.clause[at[j]] == clause
                and -claims.ORIGIN_BEFORE <= j - v <= claims.ORIGIN_AFTER
            ]
            # a sentence about no such thing is about the subject, unless a source before the
            # verb is what it is about ("ResNet introduced residual connections")
            chosen = [things[t] for t in near] or (
                [] if named or any(j < v for j, _ in said) else implicit
            )
            from_ = {
                name
                for j, name in said
                if text.clause[at[j]] == clause or 0 < j - v <= claims.ORIGIN_REACH
            }
            for _names, own, fact in chosen:
                if from_ and not own & everywhere and all(c.point != fact for c in out):
                    out.append(Contradiction(fact, _said(answer, text, at[v])))
    return out


@lru_cache(maxsize=8)
def _property_table(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[tuple[str, ...], str, bool], ...], dict[int, str]]:
    """claims.PROPERTY_PHRASES as the judge's stems (longest first), and the ids of
    claims.ACTIVATION_NAMES that claims.PROPERTIES knows -> its key."""
    phrases = sorted(
        ((_phrase(p, groups).stems, prop, said) for p, prop, said in claims.PROPERTY_PHRASES),
        key=lambda x: -len(x[0]),
    )
    keys = {
        i: group[0]
        for i, group in enumerate(claims.ACTIVATION_NAMES)
        if group[0] in claims.PROPERTIES
    }
    return tuple(p for p in phrases if p[0]), keys


@lru_cache(maxsize=8)
def _phrase_names(
    phrases: tuple[tuple[tuple[str, ...], str, bool], ...],
) -> tuple[tuple[tuple[str, ...], tuple[str, bool]], ...]:
    return tuple((stems, (prop, said)) for stems, prop, said in phrases)


def _property_fact(key: str, prop: str) -> str:
    """The fact shown for a property said wrong of an activation."""
    holds = prop == "bounded" or claims.PROPERTIES[key][prop]
    return f"{claims.PROPERTY_NAMES[key]} {claims.PROPERTY_WORDS[prop][0 if holds else 1]}."


def _property_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Clauses that say an activation has a property it lacks, or lacks one it has
    (claims.PROPERTIES): "Swish is bounded above", "unlike Swish, it is monotonic" (asked about
    GELU). The property is said of the activation named just before it in its clause, with at
    most PROPERTY_REACH words between them, each one of PROPERTY_BETWEEN ("sigmoid outputs are
    bounded"), and not as a predicate noun ("tanh is a rescaled sigmoid centred at 0"); in a
    clause where nothing stands before it ("it's bounded above", "..., monotonic everywhere"),
    of the question's subject. It must end its clause or be followed only by PROPERTY_AFTER
    words: "an unbounded penalty" is said of the penalty. A negation or a negative verb just
    before it reverses it ("avoids hard kinks"). Left alone: a clause scoped by a qualifier
    ("smooth except at 0", "for positive inputs"), a relative clause, a reason denied ("not
    the default because it is zero-centred"), and a sentence with a comparison, a change or a
    hypothetical."""
    phrases, keys = _property_table(groups)
    _models, activations = _fact_table(groups)
    first = _phrase(subject[0], groups).stems if subject else ()
    implicit = next((keys[aid] for name, aid in activations if name == first and aid in keys), None)
    negative = _negative_verbs()
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, {stems[0] for stems, _, _ in phrases}):
        if claims.PROPERTY_GUARDS.intersection(words) or {text.clause[i] for i in at} & (
            text.clauses.hypothetical | text.clauses.denied
        ):
            continue
        taken: set[int] = set()
        named: list[tuple[int, int, int]] = _scan(words, activations, taken)
        said = [
            (j, end, prop, polarity)
            for j, end, (prop, polarity) in _scan(words, _phrase_names(phrases), taken)
        ]
        if not said:
            continue
        # (a clause resumed after a bracket goes on the one the bracket interrupted)
        clause = [text.clauses.resumed.get(text.clause[i], text.clause[i]) for i in at]
        lead = [text.clauses.leads.get(c) for c in clause]
        for j, end, prop, polarity in sorted(said):
            c = clause[j]
            own = [k for k in range(len(words)) if clause[k] == c]
            typed = text.surface[at[j]].lower()
            if (
                lead[j] in claims.PARENTHETICAL_LEADS
                or lead[j] in claims.RELATIVE_LEADS
                or c in text.clauses.contrasts
                or typed.endswith(("ness", "ity"))
                or any(words[k] in claims.PROPERTY_SCOPED for k in own if not j <= k < end)
                or any(
                    words[k] not in claims.PROPERTY_AFTER and not _is_number(words[k])
                    for k in own
                    if k >= end
                )
                or (lead[j] in _REASONS and "not" in words[: own[0]])
            ):
                continue
            flips = sum(words[k] == "not" or words[k] in negative for k in own if j - 2 <= k < j)
            if flips % 2 and any(_is_number(words[k]) for k in own if k >= end):
                continue  # "not bounded by 0.5" denies that bound, not every bound
            polarity ^= flips % 2 == 1
            # (a name inside a formula or after a modifier is not what the clause is about:
            # "x·sigmoid(x), smooth", "a rescaled sigmoid centred at 0")
            subjects = [
                (a, b, aid)
                for a, b, aid in named
                if a == 0
                or (
                    words[b : b + 1] not in (["x"], ["z"], ["ish"])
                    and words[a - 1] not in ("time", "x")
                    and words[a - 1] not in claims.PROPERTY_MODIFIERS
                )
            ]
            before = [(a, b, aid) for a, b, aid in subjects if b <= j and clause[a] == c]
            key: str | None
            if before:
                a, b, aid = before[-1]
                between = [w for w in words[b:j] if w != "not" and w not in negative]
                if (
                    at[a] in text.predicate
                    or len(between) > claims.PROPERTY_REACH
                    or not claims.PROPERTY_BETWEEN.issuperset(between)
                    or ("alway" in words[b:j] and "not" in words[b:j])  # "not always zero-mean"
                ):
                    continue
                key = keys.get(aid)
            elif (
                any(clause[a] == c for a, _, _ in named)
                or any(
                    words[k] != "not" and words[k] not in claims.PROPERTY_BETWEEN
                    for k in own
                    if k < j
                )
                or claims.PROPERTY_OF_ANOTHER.intersection(words[:j])
                or _after_abbreviation(answer, _said(answer, text, at[j]))
            ):
                # something else before it in its clause, a name in a formula, a verb ("avoid
                # the kink" may be said to the reader), a gradient or a loss before it in the
                # sentence, or an "i.e." before it ("the derivative is at most 1/0, i.e.
                # unbounded": the sentences split there)
                continue
            else:
                # nothing but "not" before it ("it's bounded above", "..., and has a kink"):
                # of the thing the sentence opens with; else of the question's subject
                opens = [
                    aid
                    for a, _, aid in subjects
                    if a == 0 < j and lead[a] not in claims.PARENTHETICAL_LEADS
                ]
                if lead[j] in _PAIRED and own[0] > 0:
                    # "softplus and GELU are smooth AND differentiable everywhere": the clause
                    # goes on with the thing the clause before it named last
                    last = [
                        aid
                        for a, _, aid in subjects
                        if clause[a] == clause[own[0] - 1]
                        and lead[a] not in claims.PARENTHETICAL_LEADS
                    ]
                    opens = last[-1:] or opens
                # (the question's subject only where the sentence opens on the clause or on a
                # pronoun's claim: not "Cosh is an even function, symmetric about the y-axis")
                key = (
                    keys.get(opens[0])
                    if opens
                    else implicit
                    if own[0] == 0 or at[0] in text.pronoun or at[j] in text.pronoun
                    else None
                )
            if key is None:
                continue
            truth = claims.PROPERTIES[key]
            if prop == "bounded":  # both sides, said or denied
                if "bounded above" not in truth or "bounded below" not in truth:
                    continue
                if (truth["bounded above"] and truth["bounded below"]) == polarity:
                    continue
                prop = "bounded below" if truth["bounded above"] else "bounded above"
                if not polarity:
                    prop = "bounded"
            elif prop not in truth or truth[prop] == polarity:
                continue
            fact = _property_fact(key, prop)
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[j])))
    return out


# Words next to a number that make it part of an expression, not a value said (stems).
_VALUE_OPERATORS = frozenset({"plus", "time", "over", "minus", "equal"})
_VALUE_FUNCTIONS = frozenset({"ln", "log", "exp", "sqrt", "root"})
# What may stand between "sigmoid(0)" and its value ("sigmoid at 0 is about 0.5", "tanh at 0
# outputs 0"; not "tanh is zero-centred") (stems).
_VALUE_FILLERS = frozenset(
    "about exact exactli rough approxim output give return equal valu just".split()
)
# What may stand before a quantity's word in a clause that names nothing ("its peak slope",
# "at the origin its slope"): the question's subject is what it is said of.
_VALUE_UNNAMED = frozenset(
    {"origin", "0", "x", "z", "maximum", "minimum", "at", "then", "so", "also"}
)
# The typed form of a value at 0: "σ(0)", "tanh at 0", "sigmoid of zero" (not "zero-centred")
_AT_ZERO = lazy_pattern(
    r"(?i)(?<!['’′])\(\s*0\s*\)|\b(?:at|of)\s+(?:x\s*=\s*)?(?:0|zero)\b(?!\.\d)"
)


def _number_said(
    words: Sequence[str], surface: Sequence[str], clause: Sequence[int], k: int
) -> tuple[float, str] | None:
    """The number a sentence says at `k` (value, as said): "minus" before it makes it negative,
    "one half" is 0.5 and "1 over 4" 0.25; a number with arithmetic after it ("1 minus
    sigmoid") is part of an expression, and "one" said before a word other than a number is
    the pronoun ("the one with the larger slope")."""
    said = words[k]
    if surface[k] == "one" and k + 1 < len(words) and clause[k + 1] == clause[k]:
        if not _is_number(words[k + 1]):
            return None
        k, said = k + 1, words[k + 1]  # "one half": 0.5
    if k > 0 and words[k - 1] in _VALUE_FUNCTIONS:
        return None  # "ln 2 ≈ 0.69": an argument
    value = float(said)
    if words[k + 1 : k + 2] == ["over"] and k + 2 < len(words) and _is_number(words[k + 2]):
        if float(words[k + 2]) == 0:
            return None
        value, said = value / float(words[k + 2]), f"{value / float(words[k + 2]):g}"
        k += 2
    if k + 1 < len(words) and words[k + 1] in _VALUE_OPERATORS:
        return None
    if k > 0 and words[k - 1] == "minus":
        value, said = -value, "-" + said
    return value, said


def _value_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Sentences that give an activation's slope at 0, largest slope, value at 0 or minimum as
    a number other than its own (claims.VALUES): "the slope of tanh tops out at a quarter",
    "SiLU's slope at the origin is exactly one", "its lowest value is about minus one half"
    (asked about GELU). The quantity is said by a slope word with "at 0" (or "origin") or a
    largest word near it, a least word, or the name with 0 as its argument ("sigmoid(0) = 0");
    its number is the first within VALUE_REACH words after it. It is said of the activation
    named next to its word (at most three words before it, or right after it: "the slope of
    tanh"), or, where the sentence names none, of the question's subject when that is one
    activation. Left alone: a sentence with another activation between the word
    and the number, a variable ("x = −0.75": where, not what), a negation, arithmetic, a
    comparison, a change, a default or a hypothetical (claims.VALUE_GUARDS)."""
    _models, activations = _fact_table(groups)
    keys = {
        i: group[0] for i, group in enumerate(claims.ACTIVATION_NAMES) if group[0] in claims.VALUES
    }
    # (the question's subject, where it is one activation: not "sigmoid and tanh")
    own = {
        keys[aid]
        for s in subject
        for name, aid in activations
        if aid in keys and name == _phrase(s, groups).stems
    }
    implicit = next(iter(own)) if len(own) == 1 else None
    cue_words = claims.VALUE_SLOPES | claims.VALUE_LARGEST | claims.VALUE_LEAST
    cues = claims.VALUE_SLOPES | claims.VALUE_LEAST | {n[0] for n, _ in activations}
    out: list[Contradiction] = []
    typed_sentences: dict[int, list[str]] | None = None
    for at, words in _sentences_with(text, set(cues)):
        surface = [text.surface[i].lower() for i in at]
        clause = [text.clause[i] for i in at]
        named = _scan(words, activations, set())
        where = {k: aid for a, b, aid in named for k in range(a, b)}
        ends = {b - 1: a for a, b, _ in named}
        # (the quantity's word, where its number may start, the quantity)
        found: list[tuple[int, int, str]] = []
        for k, w in enumerate(words):
            if w in claims.VALUE_SLOPES:
                near = words[max(0, k - 3) : k + 4]
                start = k + 1
                while start in where and where[start] == where.get(k + 1):
                    start += 1  # "the slope of tanh is"
                while start < len(words) and words[start] in ("x", "z", "0"):
                    start += 1  # "slope at x = 0 is"
                at_zero = "origin" in near or "0" in words[k + 1 : start]
                largest = bool(claims.VALUE_LARGEST.intersection(near))
                if at_zero:
                    found.append((k, start, "slope at 0"))
                if largest:
                    found.append((k, start, "largest slope"))
            elif w in claims.VALUE_LEAST and not claims.VALUE_SLOPES.intersection(
                words[max(0, k - 3) : k + 4]
            ):
                found.append((k, k + 1, "minimum"))
            elif (
                k in ends
                and words[k + 1 : k + 2] == ["0"]
                and (
                    k + 2 >= len(words)
                    or words[k + 2] in _VALUE_FILLERS
                    or _is_number(words[k + 2])
                )
                and not claims.VALUE_SLOPES.intersection(words[max(0, ends[k] - 2) : ends[k]])
                and _AT_ZERO.search(_said(answer, text, at[k]))
            ):  # (not "the derivative of ReLU at 0", "∂⁺ReLU(0) = 1")
                a = ends[k]  # "sigmoid(0) = 0.5", "tanh at 0 is 0"; not a term of an expression,
                if a == 0 or not (words[a - 1] in _VALUE_OPERATORS or _is_number(words[a - 1])):
                    found.append((k, k + 2, "value at 0"))  # "σ(0)(1 − σ(0)) = 0.25"
        if not found:
            continue
        if typed_sentences is None:
            typed_sentences = _typed_sentences(text)
        typed = typed_sentences[text.sentence[at[0]] % SENTENCE_SHIFT]
        if claims.VALUE_GUARDS.intersection(typed) or {text.clause[i] for i in at} & (
            text.clauses.hypothetical | text.clauses.denied
        ):
            continue  # (the guards of the whole typed sentence: "... max slope: 1 vs 0.25")
        for k, start, quantity in found:
            number = next(
                (
                    j
                    for j in range(start, min(start + claims.VALUE_REACH, len(words)))
                    if _is_number(words[j])
                ),
                None,
            )
            if number is None:
                continue
            between = range(start, number)
            if any(
                words[j] not in claims.VALUE_BETWEEN and words[j] not in cue_words for j in between
            ) or any(words[j] == "not" and clause[j] == clause[k] for j in range(number)):
                continue  # another thing ("the derivative of layer 2 peaks at 0.25"), a variable
                # ("a minimum at x = −0.75"), a denial
            said = _number_said(words, surface, clause, number)
            if said is None:
                continue
            # whose: the activation next to the word (before it, or after it: "slope of tanh")
            if quantity == "value at 0":
                aid: int | None = where[k]
            else:
                beside = {where[j] for j in range(max(0, k - 3), start) if j in where}
                if len(beside) > 1:
                    continue  # "SiLU's derivative at 0 is σ(0)": two things
                aid = next(iter(beside), None)
                if aid is None and (
                    where
                    or any(
                        words[j] not in _VALUE_UNNAMED and words[j] not in cue_words
                        for j in range(k)
                        if clause[j] == clause[k]
                    )
                    or _scan(typed, activations, set())
                ):
                    continue  # the sentence names something else ("the identity's slope")
            key = keys.get(aid) if aid is not None else implicit
            if key is None or quantity not in claims.VALUES[key]:
                continue
            want = claims.VALUES[key][quantity]
            if _same_number(said[0], said[1], want) or (said[0] == 0 and "slope" in quantity):
                continue  # (a slope "largest at 0" says where: no slope here is 0)
            shown = want.replace("-", "\u2212")
            name = claims.PROPERTY_NAMES[key].split(" (")[0]  # ("SiLU (Swish)'s slope": SiLU's)
            fact = claims.VALUE_FACTS[quantity].format(name=name, value=shown)
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[k])))
    return out


def _interval_at(words: Sequence[str], k: int) -> tuple[float, float, int] | None:
    """The interval two numbers at `k` say ("0 1", "minus 1 1", "0 infin"): (low, high, the
    position after it), or None."""
    bounds: list[float] = []
    while len(bounds) < 2 and k < len(words):
        sign = 1.0
        if words[k] == "minus":
            sign, k = -1.0, k + 1
        if k < len(words) and words[k] == "infin":
            bounds.append(sign * math.inf)
        elif k < len(words) and _is_number(words[k]):
            bounds.append(sign * float(words[k]))
        else:
            return None
        k += 1
    if len(bounds) < 2 or bounds[0] >= bounds[1]:
        return None
    return bounds[0], bounds[1], k


_RANGE_WORDS = frozenset({"bound", "unbound", "rang", "output", "between"})


def _range_fact(key: str) -> str:
    name = claims.PROPERTY_NAMES[key].split(" (")[0]
    return f"{name}'s outputs lie in {claims.RANGES[key][2]}."


def _range_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Sentences that put an activation's outputs in an interval that leaves part of its range
    out (claims.RANGES): "tanh squashes values between 0 and 1", "ReLU is bounded between 0 and
    1" ("in (0, 1)", "the range (0, 1)" alike). The interval follows a cue ("between", "range",
    "in") right after the activation's name or words like "outputs", "lie", "bounded"; the name
    opens its clause (not "the gate inside SiLU is in (0, 1)"), and a sentence that names no
    activation says nothing of one ("any value in [0, 1] is a subgradient"). A wider interval is
    literally true and left alone, as are a negation, a comparison and a hypothetical."""
    _models, activations = _fact_table(groups)
    keys = {
        i: group[0] for i, group in enumerate(claims.ACTIVATION_NAMES) if group[0] in claims.RANGES
    }
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, set(claims.RANGE_CUES)):
        if claims.VALUE_GUARDS.intersection(words) or {text.clause[i] for i in at} & (
            text.clauses.hypothetical | text.clauses.denied
        ):
            continue
        named = _scan(words, activations, set())
        for k, w in enumerate(words):
            if w not in claims.RANGE_CUES:
                continue
            interval = _interval_at(words, k + 1)
            if interval is None:
                continue
            low, high, _end = interval
            before = [(a, b, aid) for a, b, aid in named if b <= k]
            if not before:
                continue  # ("any value in [0, 1] is a subgradient": of no activation)
            a, b, aid = before[-1]
            between, key = words[b:k], keys.get(aid)
            if any(text.clause[at[j]] == text.clause[at[a]] for j in range(a)):
                continue  # the name is not what its clause opens on ("the gate inside SiLU")
            if (
                key is None
                or "not" in words[:k]
                or any(
                    x not in claims.RANGE_BETWEEN and x not in claims.RANGE_CUES for x in between
                )
            ):
                continue
            lo, hi, _shown = claims.RANGES[key]
            if low <= lo + 1e-9 and high >= hi - 1e-9:
                continue  # the range is inside what is said (a wider interval is true)
            fact = _range_fact(key)
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[k])))
    return out


@lru_cache(maxsize=32)
def _name_table(
    groups: tuple[tuple[str, ...], ...], entries: tuple[tuple[tuple[str, ...], Any], ...]
) -> tuple[tuple[tuple[str, ...], Any], ...]:
    """Each entry's names as the judge's stems, with the entry's payload, longest first (a name
    two entries give is the first one's): the rules' tables read as answers are."""
    names: dict[tuple[str, ...], Any] = {}
    for things, payload in entries:
        for n in things:
            names.setdefault(_phrase(n, groups).stems, payload)
    return tuple(sorted(((n, k) for n, k in names.items() if n), key=lambda x: -len(x[0])))


def _loss_table(groups: tuple[tuple[str, ...], ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """claims.LOSS_BOUNDS' names -> the loss's key."""
    return _name_table(groups, tuple((v[0], k) for k, v in claims.LOSS_BOUNDS.items()))


def _likelihood_table(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[str, ...], int], ...]:
    """claims.LIKELIHOODS' names -> the entry's index."""
    return _name_table(groups, tuple((e[0], i) for i, e in enumerate(claims.LIKELIHOODS)))


def _default_table(
    groups: tuple[tuple[str, ...], ...],
) -> tuple[tuple[tuple[str, ...], int], ...]:
    """claims.DEFAULTS' names -> the entry's index."""
    return _name_table(groups, tuple((e[0], i) for i, e in enumerate(claims.DEFAULTS)))


def _bound_said(
    words: Sequence[str], surface: Sequence[str], clause: Sequence[int], k: int
) -> tuple[float, int] | None:
    """The value a bound's number at `k` says, and the position after it: "log 2" is ln 2,
    "infinity" ∞, "minus one" −1 (None: no number there, or one in an expression)."""
    sign = 1.0
    if words[k] == "minus" and k + 1 < len(words) and words[k + 1] in ("infin", "log", "ln"):
        sign, k = -1.0, k + 1
    if words[k] in ("log", "ln") and k + 1 < len(words) and _is_number(words[k + 1]):
        base = float(words[k + 1])
        return (sign * math.log(base), k + 2) if base > 0 else None
    if words[k] in ("log", "ln") and k + 1 < len(words) and words[k + 1] in _CLASS_COUNTS:
        return sign * math.log(2), k + 2  # "log K": finite and positive (K ≥ 2 classes)
    if words[k] in _PARAMETERS and not (k > 0 and words[k - 1] == "at"):
        return sign, k + 1  # "a maximum value of δ²/2", "capped at α": finite, not 0
    if words[k] == "infin":
        return sign * math.inf, k + 1
    if words[k] == "minus" and k + 1 < len(words) and _is_number(words[k + 1]):
        k += 1  # (_number_said reads the minus before it)
    if not _is_number(words[k]):
        return None
    said = _number_said(words, surface, clause, k)
    if said is None:
        return None
    k += 2 if words[k + 1 : k + 2] == ["over"] else 0  # ("1 over 2")
    if (
        k + 1 < len(words)
        and (words[k + 1] in ("squar", "cube", "time") or len(words[k + 1]) == 1)
        and words[k + 1].isalpha()
    ):
        return None  # "½a²", "2δ": an expression, not a number
    return said[0], k + 1


# What "log" of stands for a class count ("log K") and the parameters a finite bound may be
# said in ("a maximum value of δ²/2") (stems).
_CLASS_COUNTS = frozenset({"k", "c", "n"})
_PARAMETERS = frozenset({"delta", "alpha", "gamma", "epsilon", "lambda", "beta"})
# A bound said as a claim someone else makes ("people sometimes think focal loss caps hard
# examples") (stems).
_LOSS_REPORTED = frozenset({"myth", "misconcept", "peopl", "mistaken", "fals"})
_MAX_EQUALS = lazy_pattern(r"(?i)\b(?:max|min)\s*(?:=|:|is\b)")  # "max = 1", not "max(0, x)"
# "MSE ∈ [0, 1]": the element sign is dropped with the other symbols; the interval follows
_ELEMENT_OF = "\u2208"
# "never more than 1", "can't cost more than log 2": an upper bound said with a negation (stems).
_LOSS_MORE = frozenset({"more", "greater", "larger", "higher", "abov", "exceed"})
# "max(0, 1 − y·f(x))" is a function, "top-1 error" a metric: no bound of a loss (stems)
_LOSS_NOT_LARGEST = frozenset({"max", "min", "top"})
# A least value other than 0 said of the loss's best, not read off a training run ("the lowest
# validation loss was 0.35"): one of these in its sentence, or a negative value (stems).
_LOSS_BEST = frozenset("valu possibl achiev best perfect ideal optim reach theoret can".split())
_LOSS_BOUND_NOUNS = frozenset({"upper", "lower", "tight", "loos", "evid"})  # "an upper bound on"
_LOSS_WORDS = frozenset({"loss", "valu", "cost", "penalti"})  # what a bound is said of
# What may stand before a pronoun's bound ("nice thing is it's always bounded"): not a noun of
# its own ("its inputs are bounded") (stems).
_LOSS_PRONOUN_FILLERS = (
    _LOSS_WORDS
    | claims.LOSS_BETWEEN
    | frozenset(
        "nice thing alway also still strict actual realli basic technic then so therefor henc "
        "even how big larg high small low get much per exampl singl one each sampl total overal "
        "averag best worst optim".split()
    )
)
# Words before a loss's name that make it another loss ("a truncated hinge", "a Gaussian NLL",
# scikit-learn's "neg_mean_squared_error") (stems).
_LOSS_MODIFIERS = frozenset(
    "truncat clip clamp cap bound ramp robust gaussian continu neg particular specif".split()
)
_LOSS_SUPPOSED = frozenset({"if", "unless", "suppos", "assum"})  # a bound under a condition
_NEGATIVE_VERBS = frozenset("go goe becom turn get take dip drop".split())  # "can go negative"
# What "negative" names rather than a value of the loss (stems): "the negative log-likelihood".
_NEGATIVE_NOUNS = frozenset(
    "log class label exampl sampl input residu side part slope gradient logit weight sign "
    "infin error predict pair term direct output z x".split()
)
# A sentence about one of these before a pronoun's bound may be what the pronoun means (stems).
_LOSS_OTHER_TOPICS = frozenset(
    "gradient deriv slope grad jacobian logit output probabl clip clamp".split()
)
_POSSESSIVE_ELLIPSIS = lazy_pattern(
    r"(?i)['’]s\s+(?:is|are|was|stays|remains)\s+(?:also\s+|still\s+)?(?:bounded|capped)\b"
)


def _loss_bound_contradictions(
    answer: str,
    text: _Text,
    groups: tuple[tuple[str, ...], ...],
    subject: Sequence[str],
    entities: claims.Entities,
) -> list[Contradiction]:
    """Sentences that give a loss a finite largest value or a least value other than 0
    (claims.LOSS_BOUNDS): "BCE is bounded above by log 2", "the hinge can never cost more than
    1 per example", "its maximum value is log 2", "cross-entropy lies between 0 and 1", "its
    minimum value is −1 when the prediction is perfect". The bound is said by "bounded" or
    "capped" (not "below" or by 0), by a largest or least word with its number at most
    LOSS_REACH words after it, by "not more than" and a number, by an interval right after
    "between", "in", "range" or the loss's name with "∈", or by "goes negative" ("can take
    negative values"). It is said of the thing named last before it in its sentence
    (a loss of the table, or the question's subject), or, in a sentence that names nothing
    before it and nothing in its clause, of the question's subject (subject[0]) where that is
    one of these losses. Left alone: a clause with a negation ("BCE is not bounded"), a
    hypothetical, a contrast, and a bound whose clause is about a gradient, an output, a
    probability or a weight (claims.LOSS_GUARDS: "Huber caps the gradient at δ")."""
    largest = (claims.VALUE_LARGEST | {"satur"}) - _LOSS_NOT_LARGEST  # ("saturates at 1")
    least_words = claims.VALUE_LEAST - _LOSS_NOT_LARGEST
    cues = claims.LOSS_CAPS | largest | least_words | claims.RANGE_CUES | _LOSS_MORE | {"negat"}
    cues |= _LOSS_NOT_LARGEST
    if _ELEMENT_OF in answer:
        cues |= set(text.stems)  # (any sentence may hold "X ∈ [a, b]")
    if cues.isdisjoint(text.stems):
        return []
    table = _loss_table(groups)
    implicit = dict(table).get(_phrase(subject[0], groups).stems) if subject else None
    out: list[Contradiction] = []
    typed_sentences: dict[int, list[str]] | None = None
    sentences = _sentence_table(text)
    first_stems = {n[0] for n, _ in table}
    for n, (at, words) in enumerate(sentences):
        if cues.isdisjoint(words):
            continue
        if first_stems.isdisjoint(words) and (
            implicit is None
            or (_LOSS_WORDS.isdisjoint(words) and not any(i in text.pronoun for i in at))
        ):
            continue  # (no loss named, and none said by a pronoun or a loss word)
        if not any(
            w in cues
            and (
                w not in claims.RANGE_CUES
                or (k + 1 < len(words) and (_is_number(words[k + 1]) or words[k + 1] == "minus"))
            )
            for k, w in enumerate(words)
        ):
            continue  # ("in" with no interval after it: most sentences)
        clause = [text.clause[i] for i in at]
        surface = [text.surface[i].lower() for i in at]
        mentioned = claims.mentions(words, entities)
        # the things named: a loss of the table, the question's subject ("") or another (None)
        named: list[tuple[int, int, str | None]] = []
        for a, b, key in _scan(words, table, set()):
            subject_named = any(x <= a < y and eid in entities.subject for x, y, eid in mentioned)
            named.append((a, b, "" if subject_named else key))
        # (another thing, or a part of a compound subject that is no loss: "log-softmax values
        # are at most 0", asked about softmax cross-entropy)
        named += [(a, b, None) for a, b, _ in mentioned if not any(x <= a < y for x, y, _ in named)]
        named.sort()
        for k, w in enumerate(words):
            negated = k  # the clause's words before this may not deny it
            element = False  # "MSE ∈ [0, 1]": the name right before the interval
            if w in claims.LOSS_CAPS:
                if claims.LOSS_BELOW.intersection(words[k + 1 : k + 3]):
                    continue  # "bounded below by 0", "bounded by 0 from below": true
                least, start = False, k + 1
            elif w in largest or w in least_words:
                if k > 0 and len(words[k - 1]) == 1 and words[k - 1].isalpha():
                    continue  # "|r| ≤ δ" (read "r at most δ"): a variable's bound
                least, start = w in least_words, k + 1
            elif w in _LOSS_NOT_LARGEST and w != "top":
                if not _MAX_EQUALS.search(_said(answer, text, at[k])):
                    continue  # "max(0, 1 − y·f(x))": a function
                least, start = w == "min", k + 1
            elif (
                _is_number(w)
                and any(b == k for _, b, _ in named)
                and _ELEMENT_OF in _said(answer, text, at[k])
            ):
                least, start, w, element = False, k, "in", True  # "MSE ∈ [0, 1]": a range
            elif w in claims.RANGE_CUES:
                least, start = False, k + 1
            elif w == "negat":
                # "KL can go negative", "MSE can take negative values", "it becomes negative":
                # a least value below 0 (not "the negative log-likelihood", "negative inputs")
                if (k + 1 < len(words) and words[k + 1] in _NEGATIVE_NOUNS) or not (
                    (k > 0 and words[k - 1] in _NEGATIVE_VERBS)
                    or (surface[k] == "negative" and any(b == k for _, b, _ in named))
                ):  # (not "its negative", "BCE doesn't ignore negatives")
                    continue
                least, start, number = True, k, None
            elif w in _LOSS_MORE and "not" in words[max(0, k - 3) : k]:
                # "never costs more than 1": the negation is the bound's
                least, start = False, k + 1
                negated = max(j for j in range(max(0, k - 3), k) if words[j] == "not")
            else:
                continue
            if w != "negat":
                number = next(
                    (
                        j
                        for j in range(start, min(start + claims.LOSS_REACH, len(words)))
                        if words[j] not in claims.LOSS_BETWEEN and words[j] != "than"
                    ),
                    None,
                )
            said = None if number is None else _bound_said(words, surface, clause, number)
            if w == "negat":
                said = (-1.0, k + 1)
            if w in claims.RANGE_CUES:
                if number != start or said is None or said[1] >= len(words):
                    continue
                # an interval: its upper end, after its lower one ("between 0 and log 2")
                said = _bound_said(words, surface, clause, said[1])
                if said is None:
                    continue
            elif said is None and w not in claims.LOSS_CAPS:
                continue  # "the maximum likelihood", "the most common loss": no value said
            value = None if said is None else said[0]
            if value is not None and value == (0.0 if least else math.inf):
                continue
            own = [j for j in range(len(words)) if clause[j] == clause[k]]
            before = [(a, b, key) for a, b, key in named if b <= k]
            whole = w in claims.LOSS_CAPS or w in claims.RANGE_CUES
            if whole:
                # what is capped may be said anywhere before ("Huber's gradient grows, but
                # beyond δ it is capped"), or after ("caps the gradient at δ")
                first, end = 0, own[-1]
                if w == "bound" and k > 0 and words[k - 1] in _LOSS_BOUND_NOUNS:
                    continue  # "an upper bound on the 0-1 loss", "the evidence lower bound"
                if any(a > k for a, _, _ in named if clause[a] == clause[k]):
                    continue  # "bounded above by the cross-entropy": by another thing
            else:
                first = before[-1][0] if before else 0
                end = k if said is None or number is None else number
            if typed_sentences is None:
                typed_sentences = _typed_sentences(text)
            typed = typed_sentences[text.sentence[at[0]] % SENTENCE_SHIFT]
            if (
                any(words[j] == "not" for j in own if j < negated)
                or any(words[j] in claims.LOSS_GUARDS for j in range(first, end + 1))
                or (whole and not claims.LOSS_GUARDS.isdisjoint(typed))
                or not _LOSS_SUPPOSED.isdisjoint(typed)
                or not _LOSS_REPORTED.isdisjoint(typed)
                or clause[k] in text.clauses.hypothetical | text.clauses.denied
                or text.clauses.leads.get(clause[k]) in claims.FACT_CONTRAST_LEADS
            ):
                continue
            # of the loss only where its clause names it, a loss word does ("the penalty is
            # bounded") or a pronoun ("it's bounded above", "its maximum value") that does not
            # go on a sentence about a gradient, a clamp ("The clamp does not fix the
            # gradient; it only caps the loss")
            if (
                not element
                and not any(clause[a] == clause[k] for a, _, _ in before)
                and not any(
                    words[j] in _LOSS_WORDS
                    for j in own
                    if j < k or (j <= end and w not in claims.LOSS_CAPS)  # (not "caps the loss")
                )
            ):
                if not any(at[j] in text.pronoun for j in own if j <= end) or (
                    n > 0 and not _LOSS_OTHER_TOPICS.isdisjoint(sentences[n - 1][1])
                ):
                    continue
            if not element and not any(clause[a] == clause[k] for a, _, _ in before):
                if any(
                    words[j] not in _LOSS_PRONOUN_FILLERS and words[j] not in cues
                    for j in own
                    if j < min(k, negated)
                ):
                    continue  # (not "its inputs are bounded", "a model does not produce a loss
                    # above log K": the inputs', the model's)
            if before:
                a, b, key = before[-1]
                if a > 0 and words[a - 1] in _LOSS_MODIFIERS:
                    continue  # "a truncated hinge is bounded": another loss
                if a > 0 and (words[a - 1] in _COMPARED or words[a - 1] == "not"):
                    continue  # "unlike KL it's bounded by log 2": of another thing
                if b == k and _POSSESSIVE_ELLIPSIS.search(_said(answer, text, at[a])):
                    continue  # "MSE's gradient grows without bound; Huber's is bounded"
                if text.clauses.leads.get(clause[k]) in claims.RELATIVE_LEADS and b < own[0]:
                    continue  # ", which is bounded by 1": of the word before the clause
                if w in claims.RANGE_CUES and any(
                    x not in claims.RANGE_BETWEEN and x not in claims.LOSS_BETWEEN
                    for x in words[b:k]
                ):
                    continue  # "CE compares it with targets in [0, 1]": not the loss's range
                key = implicit if key == "" else key
            elif implicit is not None and not any(clause[a] == clause[k] for a, _, _ in named):
                if text.clauses.leads.get(clause[k]) in claims.RELATIVE_LEADS:
                    continue
                if w in claims.RANGE_CUES and any(
                    words[j] not in claims.RANGE_BETWEEN
                    and words[j] not in claims.LOSS_BETWEEN
                    and words[j] not in _LOSS_WORDS
                    for j in own
                    if j < k
                ):
                    continue  # "it's finite for p in (0, 1)": p's range, not the loss's
                key = implicit
            else:
                continue
            if key is None or (
                least and key in ("ce", "bce") and not claims.LOSS_SOFT.isdisjoint(words)
            ):
                continue
            if least and (value is None or value > 0) and _LOSS_BEST.isdisjoint(typed):
                continue
            _, name, why, zero = claims.LOSS_BOUNDS[key]
            fact = (
                f"{name}'s least value is 0, at {zero}."
                if least
                else f"{name} is unbounded above: {why}."
            )
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[k])))
    return out


_NATURAL_LOG = (("natur", "log"), ("natur", "logarithm"))
_IT = lazy_pattern(r"(?i)\bit(?:s|['’]s)?\b")
_BINARY_LOG = (("log2",), ("log", "base", "2"), ("base", "2"), ("binari", "log"))


def _pair_contradictions(
    answer: str,
    text: _Text,
    groups: tuple[tuple[str, ...], ...],
    subject: Sequence[str],
    entities: claims.Entities,
) -> list[Contradiction]:
    """Clauses that pair a loss or a penalty with the other distribution (claims.LIKELIHOODS:
    "under Laplace noise it's the max-likelihood fit", asked about MSE; "ridge is MAP with a
    Laplace prior"), or a log with the other's unit ("with the natural log it's measured in
    bits"). The pair is said in one clause with a likelihood, noise or prior word; the thing is
    the one named in the clause, else the one named last before it in the sentence, else (where
    a pronoun says it) the question's subject. Left alone: a clause with both distributions or
    two things, a negation, a comparison, a change or a hypothetical (`_guarded`)."""
    out: list[Contradiction] = []
    table = _likelihood_table(groups)
    implicit = dict(table).get(_phrase(subject[0], groups).stems) if subject else None
    cues = claims.LIKELIHOOD_DISTRIBUTIONS | {"bit", "nat"}
    for at, words in _sentences_with(text, set(cues)):
        if _guarded(text, at, words):
            continue
        clause = [text.clause[i] for i in at]
        named = _scan(words, table, set())
        seen: set[int] = set()
        for k, w in enumerate(words):
            if clause[k] in seen:
                continue
            own = [j for j in range(len(words)) if clause[j] == clause[k]]
            said = {words[j] for j in own}
            if w in ("bit", "nat"):
                seen.add(clause[k])
                span = [words[j] for j in own]
                natural = any(_found(span, f) for f in _NATURAL_LOG)
                binary = any(_found(span, f) for f in _BINARY_LOG)
                if natural == binary or {"bit", "nat"} <= said:
                    continue
                if (natural and w == "bit") or (binary and w == "nat"):
                    fact = claims.UNIT_NATURAL if natural else claims.UNIT_BINARY
                    if all(x.point != fact for x in out):
                        out.append(Contradiction(fact, _said(answer, text, at[k])))
                continue
            if w not in claims.LIKELIHOOD_DISTRIBUTIONS:
                continue
            seen.add(clause[k])
            both = len(said & claims.LIKELIHOOD_DISTRIBUTIONS) > 1  # a contrast
            if both or claims.LIKELIHOOD_WORDS.isdisjoint(said):
                continue
            inside = {i for a, _, i in named if clause[a] == clause[k]}
            others = {
                eid
                for a, _, eid in claims.mentions([words[j] for j in own], entities)
                if not any(x <= own[0] + a < y for x, y, _ in named)
            }
            if len(inside) > 1 or (not inside and others):
                # two things, or one the table does not pair ("..., and L2 to a Gaussian
                # prior": the question's subject, said bare)
                if not inside and others <= entities.subject and implicit is not None:
                    inside = {implicit}
                else:
                    continue
            if inside:
                entry: int | None = next(iter(inside))
            else:
                before = [i for a, _, i in named if a < own[0]]
                if before:
                    entry = before[-1]
                elif not named and (
                    any(at[j] in text.pronoun for j in own)
                    or _IT.search(_said(answer, text, at[k]))
                ):
                    entry = implicit  # ("under Laplace noise it's the max-likelihood fit")
                else:
                    entry = None
            if entry is None:
                continue
            _, own_distribution, other, fact = claims.LIKELIHOODS[entry]
            stem = "laplac" if w == "laplacian" else w
            if stem == other and all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[k])))
    return out


def _cost_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Sentences that say an activation that needs an exponential, erf or tanh is cheaper to
    compute than ReLU, or ReLU costlier than one (claims.COSTLIER_THAN_RELU): "GELU needs fewer
    operations per element than ReLU", "it's lighter to compute than max(0, x)" (asked about
    Swish), "ReLU is more expensive to compute than GELU". The cost is said by a cost word at
    most COST_REACH words before "than" (a speed word with a compute word: "faster to compute",
    not "trains faster"), of the activation named before it in the sentence, or, where the
    sentence names none before "than", of the question's subject; and against the activation
    right after "than". Left alone: a negation, a hypothetical."""
    if "than" not in text.stems:
        return []
    _models, activations = _fact_table(groups)
    first_names = {i: group[0] for i, group in enumerate(claims.ACTIVATION_NAMES)}
    relu = next(i for i, name in first_names.items() if name == "relu")
    own = {aid for s in subject for name, aid in activations if name == _phrase(s, groups).stems}
    implicit = next(iter(own)) if len(own) == 1 else None
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, {"than"}):
        if {text.clause[i] for i in at} & (text.clauses.hypothetical | text.clauses.denied):
            continue
        named = _scan(words, activations, set())
        for j, w in enumerate(words):
            if w != "than":
                continue
            other = next((aid for a, _, aid in named if a in (j + 1, j + 2)), None)
            window = range(max(0, j - claims.COST_REACH), j)
            said = [words[k] for k in window]
            compute = not claims.COST_COMPUTE.isdisjoint(said)
            # ("less expensive" is cheaper; "less" or "more" with a compute word says which)
            costs = [
                (words[k] in claims.COST_CHEAPER) != (k > 0 and words[k - 1] == "less")
                for k in window
                if (words[k] in claims.COST_CHEAPER or words[k] in claims.COST_DEARER)
                and (compute or words[k] in claims.COST_FREE)
            ]
            if compute and not costs:
                costs = [w == "less" for w in said if w in claims.COST_MORE]
            cheaper, dearer = True in costs, False in costs
            if other is None or cheaper == dearer:
                continue
            before = [aid for a, _, aid in named if a < j]
            if before:
                thing, start = before[-1], max(a for a, _, aid in named if a < j)
            elif implicit is not None and not any(a < j for a, _, _ in named):
                thing, start = implicit, 0
            else:
                continue
            if "not" in words[start:j]:
                continue  # "GELU is not cheaper than ReLU"
            costly = (
                thing if cheaper and other == relu else other if dearer and thing == relu else None
            )
            if costly is None or first_names[costly] not in claims.COSTLIER_THAN_RELU:
                continue
            name = claims.PROPERTY_NAMES.get(first_names[costly], first_names[costly].upper())
            fact = (
                f"ReLU is cheaper to compute than {name.split(' (')[0]}: one comparison per "
                "element, no exponential."
            )
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[j])))
    return out


_INIT_CONTEXT = frozenset({"initi", "init", "kaim", "xavier", "glorot"})  # a bare "He" is He init


def _init_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Clauses that pair an initialisation with the other's activations (claims.INIT_PAIRS):
    "He initialization was designed for tanh", "Xavier init, which was derived specifically for
    ReLU layers". The initialisation and the activation stand in one clause (or the activation
    in a relative clause right after it) with a word that says one was made for the other
    (claims.INIT_RELATIONS: "designed", "derived", "the right choice"); a bare "He" counts only
    in a sentence about
    initialisation. Left alone: two initialisations or an activation of each side in the
    clause, a clause that says they do not fit (claims.INIT_GUARDS: "Xavier works poorly with
    ReLU"), and a negation, comparison, change or hypothetical (`_guarded`)."""
    inits = _name_table(groups, tuple((e[0], i) for i, e in enumerate(claims.INIT_PAIRS)))
    _models, activations = _fact_table(groups)
    first = {i: g[0] for i, g in enumerate(claims.ACTIVATION_NAMES)}
    cues = {n[0] for n, _ in inits}
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, cues):
        if _INIT_CONTEXT.isdisjoint(words) or _guarded(text, at, words):
            continue
        if not claims.INIT_GUARDS.isdisjoint(words):
            continue
        clause = [text.clause[i] for i in at]
        found = [(a, i) for a, _, i in _scan(words, inits, set())]
        named = [(a, first[aid]) for a, _, aid in _scan(words, activations, set())]
        for a, entry in found:
            c = clause[a]
            same = {e for x, e in found if clause[x] == c}  # ("Xavier/Glorot": one)
            # (the clause, and a relative clause right after it: "..., which was derived for")
            reach = {c}
            nxt = next((clause[j] for j in range(a, len(words)) if clause[j] != c), None)
            if nxt is not None and text.clauses.leads.get(nxt) in claims.RELATIVE_LEADS:
                reach.add(nxt)
            said = {name for x, name in named if clause[x] in reach}
            _, own, other, fact = claims.INIT_PAIRS[entry]
            if len(same) > 1 or not said & set(other) or said & set(own):
                continue
            if not any(
                clause[j] in reach and words[j] in claims.INIT_RELATIONS for j in range(len(words))
            ):
                continue  # (named together, not said to be made for each other)
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[a])))
    return out


# Words that make a reduction approximate or compared ("with β = 10 it is almost ReLU") (stems).
_ROUGHLY = frozenset("like almost approxim close similar roughli nearli than not".split())
# "setting the slope to 0", "as γ goes to infinity" (stems)
_SPECIAL_LEADS = frozenset({"to", "of", "at", "equal", "set", "goe", "go", "approach", "tend"})


@lru_cache(maxsize=8)
def _special_table(groups: tuple[tuple[str, ...], ...]) -> tuple[Any, Any, Any, Any]:
    """claims.SPECIAL_CASES as the judge's stems: the things', parameters' and targets' name
    tables, and per entry the sets of its things', parameters' and targets' stems."""
    entries = claims.SPECIAL_CASES
    things = _name_table(groups, tuple((e[0], i) for i, e in enumerate(entries)))
    params = _name_table(groups, tuple((e[1], i) for i, e in enumerate(entries)))
    targets = _name_table(groups, tuple((e[2], i) for i, e in enumerate(entries)))
    stems_of = {
        i: tuple({_phrase(n, groups).stems for n in names} for names in e[:3])
        for i, e in enumerate(entries)
    }
    return things, params, targets, stems_of


def _special_case_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Sentences that set a parameter to a value at which the thing does not reduce to what they
    say (claims.SPECIAL_CASES): "with γ = 1 it becomes plain cross-entropy" (asked about focal
    loss), "Leaky ReLU with α = 1 is just ReLU", "Swish with β = 0 reduces to ReLU". The
    parameter is the thing's (named before it in the sentence, or the question's subject); its
    value is the number right after it; what it reduces to is named at most SPECIAL_REACH words
    after that, with only words like "becomes", "exactly", "plain" between. A condition ("if
    you set γ = 0 ...") is how this is said and is read; a negation, "almost", "like" or
    "approximately" is left alone."""
    entries = claims.SPECIAL_CASES
    things, params, targets, stems_of = _special_table(groups)
    own = {_phrase(s, groups).stems for s in subject[:1]}
    by_first = _by_first(params)
    cues = set(by_first)
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, cues):
        if not _ROUGHLY.isdisjoint(words):
            continue
        named = _scan(words, tuple((n, n) for n, _ in things), set())
        for j, w in enumerate(words):
            for p_stems, _ in by_first.get(w, ()):
                if tuple(words[j : j + len(p_stems)]) != p_stems:
                    continue
                k = j + len(p_stems)
                while k < len(words) and words[k] in _SPECIAL_LEADS:
                    k += 1
                if k >= len(words) or not (_is_number(words[k]) or words[k] == "infin"):
                    continue
                value = math.inf if words[k] == "infin" else float(words[k])
                # the thing: named last before the parameter, else the one named between the
                # value and what it reduces to ("β = 0 makes Swish exactly ReLU")
                before = [n for a, _, n in named if a < j]
                thing = before[-1] if before else None
                spans = {a: b for a, b, _ in named if a > k}
                t, reach = k + 1, k + 1 + claims.SPECIAL_REACH
                hit = None
                while t < min(reach, len(words)):
                    hit = next((n for n, _ in targets if tuple(words[t : t + len(n)]) == n), None)
                    if hit is not None:
                        break
                    if t in spans:
                        thing = thing or next(n for a, _, n in named if a == t)
                        reach += spans[t] - t  # (the name's words are no filler)
                        t = spans[t]
                        continue
                    if words[t] not in claims.SPECIAL_BETWEEN:
                        break
                    t += 1
                if hit is None:
                    t, hit = _special_before(words, j, targets, spans)
                if hit is None or text.clause[at[t]] != text.clause[at[k]]:
                    continue  # (not "slope 1, just like ReLU": a comparison's clause)
                for i, (thing_stems, param_stems, target_stems) in stems_of.items():
                    if p_stems not in param_stems or hit not in target_stems:
                        continue
                    if not (thing in thing_stems if thing else own & thing_stems):
                        continue
                    want, fact = entries[i][3], entries[i][4]
                    if value == want:
                        continue
                    if all(x.point != fact for x in out):
                        out.append(Contradiction(fact, _said(answer, text, at[j])))
    return out


def _special_before(
    words: Sequence[str], j: int, targets: Any, spans: dict[int, int]
) -> tuple[int, Any]:
    """(position, name) of what a thing is said to reduce to before its parameter ("focal loss
    reduces to plain cross-entropy when γ = 1"): named at most SPECIAL_REACH words before it,
    with only words like "when", "exactly", "plain" between; (0, None) when nothing is."""
    t = j - 1
    while t >= max(0, j - claims.SPECIAL_REACH - 1):
        for n, _ in targets:
            if t + 1 >= len(n) and tuple(words[t + 1 - len(n) : t + 1]) == n:
                return t, n
        if words[t] not in claims.SPECIAL_AFTER and words[t] not in claims.SPECIAL_BETWEEN:
            break
        t -= 1
    return 0, None


def _default_contradictions(
    answer: str, text: _Text, groups: tuple[tuple[str, ...], ...], subject: Sequence[str] = ()
) -> list[Contradiction]:
    """Sentences that give a default (or initial) value other than the framework's or paper's
    (claims.DEFAULTS): "nn.HuberLoss ships with delta = 0.1 by default", "PReLU's slope starts
    out at 0.01". The sentence says "default", "starts" or "initialised"; the value is the
    first number at most DEFAULT_REACH words after the parameter's name, of the thing named
    last before it (or, in a sentence that names none, of the question's subject). Left alone:
    a negation or a contrast ("instead of the default"), a hypothetical, and a value only
    PyTorch sets where the sentence does not say PyTorch (Keras's LeakyReLU defaults to 0.3)."""
    if claims.DEFAULT_WORDS.isdisjoint(text.stems):
        return []
    table = _default_table(groups)
    params = {
        i: [_phrase(p, groups).stems for p in entry[1]] for i, entry in enumerate(claims.DEFAULTS)
    }
    own = {i for s in subject for n, i in table if n == _phrase(s, groups).stems}
    implicit = next(iter(own)) if len(own) == 1 else None
    out: list[Contradiction] = []
    for at, words in _sentences_with(text, set(claims.DEFAULT_WORDS)):
        if "not" in words or {text.clause[i] for i in at} & (
            text.clauses.hypothetical | text.clauses.denied
        ):
            continue
        named = _scan(words, table, set())
        for j in range(len(words)):
            before = [i for a, _, i in named if a < j]
            entry = before[-1] if before else implicit if not named else None
            if entry is None:
                continue
            found = next((p for p in params[entry] if tuple(words[j : j + len(p)]) == p), None)
            if found is None:
                continue
            end = j + len(found)
            number = next(
                (
                    k
                    for k in range(end, min(end + claims.DEFAULT_REACH, len(words)))
                    if _is_number(words[k])
                ),
                None,
            )
            if number is None or any(
                words[k] not in claims.DEFAULT_BETWEEN for k in range(end, number)
            ):
                continue
            _, _, want, pytorch, fact = claims.DEFAULTS[entry]
            if pytorch and claims.DEFAULT_PYTORCH.isdisjoint(words):
                continue
            said = words[number]
            if _same_number(float(said), said, want) or (
                number + 1 < len(words) and words[number + 1] in _VALUE_OPERATORS
            ):
                continue
            if all(x.point != fact for x in out):
                out.append(Contradiction(fact, _said(answer, text, at[j])))
    return out


def _typed_sentences(text: _Text) -> dict[int, list[str]]:
    """The stems of each typed sentence (the judge's sentences split at "but", "while":
    "Sigmoid's output at 0 is 0.5, while its largest slope is 0.25" is one typed sentence);
    the last text's are kept (the value and bound rules read the same text in turn)."""
    cached = _TYPED[0]
    if cached[0] is not text:
        out: dict[int, list[str]] = {}
        for w, k in zip(text.stems, text.sentence, strict=True):
            out.setdefault(k % SENTENCE_SHIFT, []).append(w)
        cached = (text, out)
        _TYPED[0] = cached
    return cached[1]


_TYPED: list[tuple[_Text | None, dict[int, list[str]]]] = [(None, {})]


def _after_abbreviation(answer: str, sentence: str) -> bool:
    """Whether the answer's sentence follows an "i.e." or "e.g." (where the judge's sentences
    split: what follows goes on the sentence before)."""
    at = answer.find(sentence)
    return at > 0 and answer[:at].rstrip().lower().endswith(("i.e.", "e.g.", "i.e", "e.g"))


# The last text's sentences: the fact, origin, property and value rules read the same text in
# turn (one entry, replaced whole: a text is read by one judgement at a time).
_SENTENCES: list[tuple[_Text | None, list[tuple[list[int], list[str]]]]] = [(None, [])]


def _sentence_table(text: _Text) -> list[tuple[list[int], list[str]]]:
    """(positions, stems) of each of the judge's sentences of `text`."""
    cached = _SENTENCES[0]
    if cached[0] is not text:
        sentences: dict[int, list[int]] = {}
        for i, k in enumerate(text.sentence):
            sentences.setdefault(k, []).append(i)
        cached = (text, [(at, [text.stems[i] for i in at]) for at in sentences.values()])
        _SENTENCES[0] = cached
    return cached[1]


def _sentences_with(text: _Text, words: set[str]) -> Iterator[tuple[list[int], list[str]]]:
    """(positions, stems) of each sentence that holds one of `words` (none read at all when the
    text holds none: most answers name no model and no property)."""
    if words.isdisjoint(text.stems):
        return
    for at, stems in _sentence_table(text):
        if not words.isdisjoint(stems):
            yield at, stems


def _guarded(text: _Text, at: Sequence[int], words: Sequence[str]) -> bool:
    """Whether a sentence is other than a plain statement of a fact: a negation, a
    comparison, a contrast, a change or a hypothetical (claims.FACT_GUARDS and its clauses)."""
    own = {text.clause[i] for i in at}
    return bool(
        claims.FACT_GUARDS.intersection(words)
        or own & (text.clauses.hypothetical | text.clauses.denied | text.clauses.contrasts)
        or any(text.clauses.leads.get(c) in claims.FACT_CONTRAST_LEADS for c in own)
    )


# The stems that name each property in a misconception's claim (for `_not_restated`).
_PROPERTY_STEMS = {
    "monotonic": frozenset({"monoton", "nonmonoton"}),
    "bounded above": frozenset({"bound", "unbound"}),
    "bounded below": frozenset({"bound", "unbound"}),
    "bounded": frozenset({"bound", "unbound"}),
    "smooth": frozenset({"smooth", "nonsmooth", "differenti", "nondifferenti", "kink"}),
    "zero-centred": frozenset({"center"}),
    "odd": frozenset({"odd"}),
    "even": frozenset({"even"}),
}


def _not_restated(
    contradictions: list[Contradiction],
    asserted: Sequence[Misconception],
    groups: tuple[tuple[str, ...], ...],
    subject: tuple[str, ...] = (),
) -> list[Contradiction]:
    """The contradictions without a fact that an asserted misconception already corrects: its
    claim names the fact's model ("The original Transformer used GELU"), the thing and where it
    came from ("PReLU was introduced in the ResNet paper"), or the activation and the property
    ("GELU is monotonic"); or the claim, read as an answer, contradicts the fact itself ("Swish
    is cheaper than ReLU", "GELU's minimum is about −0.5", "PReLU's α starts at 0.01")."""
    models, activations = _fact_table(groups)
    things, sources = _origin_table(groups)
    _phrases, keys = _property_table(groups)
    claimed = [_phrase(m.claim, groups).stems for m in asserted]
    restated = {
        fact
        for names, _, fact in models
        if any(_found(stems, name) for stems in claimed for name in names)
    }
    restated |= {
        fact
        for names, _, fact in things
        for stems in claimed
        if any(_found(stems, name) for name in names)
        and (
            not claims.ORIGIN_VERBS.isdisjoint(stems)
            or any(_found(stems, source) for source in sources)
            or any(_YEAR.fullmatch(w) for w in stems)
        )
    }
    for stems in claimed:
        for name, aid in activations:
            if aid in keys and _found(stems, name):
                for prop, words in _PROPERTY_STEMS.items():
                    if words & set(stems) and prop in (*claims.PROPERTIES[keys[aid]], "bounded"):
                        restated.add(_property_fact(keys[aid], prop))
    for m in asserted:
        restated |= _claim_facts(m.claim, groups, subject)
    # (a misconception that an activation is bounded, or where its outputs lie, corrects a
    # range said wrong: "ReLU saturates for large inputs / is bounded above")
    for stems in claimed:
        if _RANGE_WORDS.isdisjoint(stems):
            continue
        for name, aid in activations:
            key = claims.ACTIVATION_NAMES[aid][0]
            if key in claims.RANGES and _found(stems, name):
                restated.add(_range_fact(key))
    return [c for c in contradictions if c.point not in restated]


@lru_cache(maxsize=256)
def _claim_facts(
    claim: str, groups: tuple[tuple[str, ...], ...], subject: tuple[str, ...]
) -> frozenset[str]:
    """The facts of the value, cost and default tables that a misconception's claim, read as
    an answer, contradicts (cached: a bank's claims are few)."""
    text = _fold(_normalise_phrasing(claim), _synonym_index(groups))
    found = (
        *_value_contradictions(claim, text, groups, subject),
        *_cost_contradictions(claim, text, groups, subject),
        *_default_contradictions(claim, text, groups, subject),
        *_range_contradictions(claim, text, groups, subject),
        *_loss_bound_contradictions(claim, text, groups, subject, _entities(subject, (), groups)),
        *_pair_contradictions(claim, text, groups, subject, _entities(subject, (), groups)),
        *_special_case_contradictions(claim, text, groups, subject),
        *_init_contradictions(claim, text, groups, subject),
    )
    return frozenset(c.point for c in found)


def _possessive(phrase: _Phrase, at: int) -> bool:
    """Whether the phrasing names its subject (surface word `at`) as an owner, right after a
    word and "of" ("the gradient of mse ..."), so "its gradient ..." says the same."""
    return (
        re.search(rf"\w\s+of\s+(?:the\s+)?{re.escape(phrase.surface[at])}\b", phrase.text)
        is not None
    )


def _loose_match(
    text: _Text,
    positions: dict[str, list[int]],
    kp: KeyPoint,
    groups: tuple[tuple[str, ...], ...],
    binding: _Binding | None,
    scoped: _Binding,
) -> tuple[str, str | None] | None:
    """(phrasing, subject) where every word of one of the key point's phrasings (or its label)
    stands in one sentence of the answer, in any order and at any distance, said about the
    subject: how an answer in its own words states a point ("if the pre-activation stays below
    0 the unit's gradient is exactly 0" for "zero gradient"). `positions`: where each stem of
    the text stands; `scoped`: the binding that names the other things (the subject's own when
    there is one).

    Only where word order cannot change what is said: never for a formula (its label has math
    or a one-letter word), a phrasing with a negation, a minus or a one-letter word ("p − y"),
    both words of a reversible pair ("logits to probabilities"), a hyphenated name
    ("log-softmax" is not "softmax, then the log"), nor for one word, which a strict match
    already finds anywhere. Not in a sentence that also has the other word of a swapped pair
    ("linear for small errors and quadratic for large ones"), nor with a negation just before or
    among its words ("hinge loss is never used in SVMs"), nor where the words stand in order
    (the strict match saw them and refused: "recalibrate on the balanced, resampled validation
    set"). Inside one clause only for a phrasing of two words, or in a sentence that names
    another thing ("the logistic loss is 0 beyond the margin and the hinge loss is always
    positive")."""
    label = _phrase(kp.label, groups).stems
    if has_math(kp.label) or any(len(w) < 2 and not _is_number(w) for w in label):
        return None  # a formula, or a point about symbols ("... wrt alpha is x"): said in order
    partners = _swap_partners()
    for p in (*kp.phrasings, kp.label):
        phrase = _phrase(p, groups)
        if not _in(positions, phrase):
            continue
        stems = phrase.stems
        if len(set(stems)) < 2 or phrase.negated:
            continue
        if any(w == "minus" or (len(w) < 2 and not _is_number(w)) for w in stems):
            continue
        if _COMPOUND.search(_UP_DOWN_HYPHEN.sub(r"\1\2", p)):
            continue  # (a "down-weights" is two words: "easy examples are weighted down")
        need = Counter(stems)
        if any(o in need for w in need for o in _reversed_by().get(w, ())):
            # "logits to probabilities" is not "probabilities to logits"; words of two pairs
            # are ("easy examples are weighted down" for "down-weights easy examples")
            continue
        others = {o for w in need for o in partners.get(w, ())} - need.keys()
        sentences = set.intersection(*({text.sentence[k] for k in positions[w]} for w in need))
        for sentence in sorted(sentences):
            first = {
                w: [k for k in positions[w] if text.sentence[k] == sentence][:n]
                for w, n in need.items()
            }
            if any(len(ks) < need[w] for w, ks in first.items()):
                continue
            if any(text.sentence[k] == sentence for o in others for k in positions.get(o, ())):
                continue
            at = sorted(k for ks in first.values() for k in ks)
            if [text.stems[k] for k in at] == list(stems):
                continue  # in order: the strict match saw these words and refused them
            if any(_negated_before(text, k) for k in at) or any(
                text.stems[j] == "not" and text.clause[j] == text.clause[k]
                for k, nxt in itertools.pairwise(at)
                for j in range(k + 1, nxt)
            ):
                continue
            if len({text.clause[k] for k in at}) > 1 and (
                len(need) == 2 or _names_another(text, scoped, sentence)
            ):
                continue
            if binding is None:
                return p, None
            counts, name = binding.about(stems, at[0], strict=False, label=label)
            if counts:
                return p, name
    return None


_COMPOUND = lazy_pattern(r"[^\W\d_]-[^\W\d_]")  # "log-softmax": one name, not two words
_UP_DOWN_HYPHEN = lazy_pattern(r"\b(up|down)-(weight|scal|sampl)", re.IGNORECASE)


def _names_another(text: _Text, scoped: _Binding, sentence: int) -> bool:
    """Whether the sentence names a thing that is not the subject (or, without a subject, two
    different things)."""
    idx = [i for i, s in enumerate(text.sentence) if s == sentence]
    named = {e for _a, _b, e in claims.mentions(text.stems[idx[0] : idx[-1] + 1], scoped.entities)}
    subject = scoped.entities.subject
    return bool(named - subject) if subject else len(named) > 1


def _negated_before(text: _Text, k: int) -> bool:
    """Whether a negation stands right before word `k`, in its clause."""
    return k > 0 and text.stems[k - 1] == "not" and text.clause[k - 1] == text.clause[k]


@lru_cache(maxsize=1)
def _swap_partners() -> dict[str, tuple[str, ...]]:
    """Each word of a swapped pair (mean/median, small/large ...), as a stem: the other's."""
    out: dict[str, list[str]] = {}
    for a, b in (*claims.SWAP_WORDS, *_LOOSE_PAIRS):
        for x, y in ((a, b), (b, a)):
            for sx in tokens(x):
                out.setdefault(sx, []).extend(tokens(y))
    return {k: tuple(v) for k, v in out.items()}


# A thing named in a clause these open is compared with, not talked about: "like sigmoid, its
# outputs ...", "unlike Swish, it is ..." say nothing of sigmoid or Swish.
_NO_ANTECEDENT = _COMPARISON_WORDS | {"unlike", "versus"}


def _said_with_a_pronoun(
    text: _Text,
    positions: dict[str, list[int]],
    phrase: _Phrase,
    binding: _Binding,
    *,
    whole: bool = False,
) -> int | None:
    """Where a wrong claim that starts with the subject's name ("mse estimates the median"), or
    names it as an owner ("the minimizer of mse is the median"), is said with a pronoun in its
    place ("it estimates the median", "its minimizer is the median", "it is monotonic"): the
    rest of the phrasing right after the pronoun, about the subject."""
    named = binding._mentions(phrase.stems)
    if not named:
        return None
    # A claim about another thing named ("cross-entropy is convex in the weights") needs that
    # thing named before the pronoun, as its antecedent; the subject's may go without.
    other = named[0][2] not in binding.entities.subject
    a, b, _eid = named[0]
    if a == 0:
        rest, surface = phrase.stems[b:], phrase.surface[b:]
    elif _possessive(phrase, a):
        # "minimizer of mse is the median" said as "its minimizer is the median"
        rest, surface = phrase.stems[:a] + phrase.stems[b:], phrase.surface[:a] + phrase.surface[b:]
    else:
        return None
    if not rest:
        return None
    # A span starts at the rest's first word, or at any word before its number (`_number_spans`):
    # where none of those follows a pronoun, no span need be read.
    firsts = rest[:-1] if len(rest) > 1 and _is_number(rest[-1]) else rest[:1]
    if all(text.pronoun.isdisjoint(positions.get(w, ())) for w in firsts):
        return None
    bare = _Phrase(phrase.text, rest, phrase.negated, surface, frozenset(rest))
    for start, end in _stated_spans(text, positions, bare, one_clause=True):
        if start not in text.pronoun or (whole and end - start + 1 != len(rest)):
            continue
        before = [
            m  # a thing compared with ("... like sigmoid — its outputs ...", "L1-like for
            # large residuals") is no antecedent
            for m in claims.mentions(text.stems[:start], binding.entities)
            if text.clauses.leads.get(text.clause[m[0]]) not in _NO_ANTECEDENT
            and not (m[1] < start and text.stems[m[1]] == "ish")
        ]
        if before and not other and _elided_subject(text, before, start):
            before = []  # "... usually via the tanh approximation. It is ...": the subject's
        if not before and (other or binding.several()):
            continue  # "it" of a question about forward and reverse KL: which one is not said
        if before:
            a, _b, eid = before[-1]
            if a and text.clause[a - 1] == text.clause[a]:
                # Named inside its clause ("... used with CE. It is ..."): the pronoun is the
                # sentence's subject, the thing named first, when that one opens its clause.
                first = next(m for m in before if text.sentence[m[0]] == text.sentence[a])
                if first[0] < a and (
                    not first[0] or text.clause[first[0] - 1] != text.clause[first[0]]
                ):
                    a, _b, eid = first
            if eid != named[0][2] or (a and text.clause[a - 1] == text.clause[a]):
                # the last thing named is not the phrasing's, or a kind of it: "Reverse KL is not
                # mode-covering; it is mode-seeking" says nothing of forward KL
                continue
        counts, about = binding.about(rest, start, strict=True)
        if other:  # its clause may be about the thing the pronoun stands for
            counts = counts or about == binding.entities.names[named[0][2]]
        if (
            counts
            and not binding.qualified(start, rest)
            and binding.asserted(rest, start, end)
            and not _rejected(text, end)
            and not _denied_up_front(text, start)
        ):
            return start
    return None


def _elided_subject(text: _Text, before: Sequence[tuple[int, int, int]], start: int) -> bool:
    """Whether the pronoun at `start` opens a sentence after one that names things only inside
    its clauses, never opening one ("smooth, used in BERT, usually via the tanh approximation.
    It is ..."): that sentence's subject went unsaid, so it was the answer's, and so is the
    pronoun's, not the thing named last as an object or a modifier."""
    a = before[-1][0]
    sentence = text.sentence[a]
    if text.sentence[start] == sentence or not text.clause or text.clause[start] == text.clause[a]:
        return False
    opens = text.sentence.index(text.sentence[start])  # the pronoun's sentence's first word
    if opens and text.sentence[opens - 1] != sentence:
        return False  # a sentence between: it names nothing, and decides nothing here
    # (a clause before the pronoun in its own sentence, "Unlike Swish, it is ...", is no
    # sentence between)
    opening = text.clause[text.sentence.index(sentence)]  # the sentence's first clause

    named = {m for m, _b, _eid in before}

    def inside(m: int) -> bool:
        """Named inside its clause: an object ("... or the tanh approximation"), not a subject
        with one modifier opening the sentence ("weighted MSE squares errors", a kind of MSE);
        or opening a clause a preposition leads ("with the tanh approximation"), or one that
        goes on with a list of such objects ("used in BERT and GPT")."""
        lead = text.clauses.leads.get(text.clause[m])
        if m and text.clause[m - 1] != text.clause[m]:
            if lead in _OBJECT_LEADS:
                return True
            return lead in ("and", "or") and m - 1 in named and inside(m - 1)
        if not m:
            return False
        return text.clause[m] != opening or (m >= 2 and text.clause[m - 2] == text.clause[m])

    return all(inside(m) for m in named if text.sentence[m] == sentence)


# Clause leads after which a thing named is an object, not the clause's subject.
_OBJECT_LEADS = frozenset("with in for by via using through from of into on at as".split())


def _contradiction(
    text: _Text,
    positions: dict[str, list[int]],
    kp: KeyPoint,
    groups: tuple[tuple[str, ...], ...],
    binding: _Binding,
) -> int | None:
    """Where the answer states this key point with the opposite polarity, if anywhere: a core
    match whose negations (relative to the phrasing's own) are odd, or a swapped form stated
    as written. Not in a hypothetical or qualified clause, nor after a "without X" clause
    (a counterfactual), and only about the subject. A swapped form needs a clause without
    negation that does not also name the word it replaced ("sigmoid and tanh flatten out")."""
    hypothetical = text.clauses.hypothetical
    for p in kp.phrasings:
        phrase = _phrase(p, groups)
        # "hardly reaches the first layers" says little reaches them: "the signal reaches them"
        # is no opposite (the phrasing's "not" is a degree's, not a denial's)
        by_degree = phrase.negated and _DEGREE_NEGATION.search(p.casefold()) is not None
        for core, polarity, replaced, words in _variants(phrase, groups):
            if not positions.keys() >= words:
                continue  # a word of it is not in the answer: no span
            swapped = bool(replaced)
            if polarity and not swapped and by_degree:
                continue
            for start, end in _spans(text.stems, positions, core):
                if text.clause[start] != text.clause[end]:
                    continue  # a contradiction is read inside one clause
                inside = text.stems[start + 1 : end]
                if "minus" in inside and "minus" not in core:
                    continue
                if (
                    swapped
                    and core[-1] in _swaps(groups).get(replaced, ())
                    and end - start >= len(core)
                    and end + 1 < len(text.stems)
                    and text.clause[end + 1] == text.clause[end]
                    and text.stems[end + 1] not in core
                    and len(text.surface[end + 1]) > 1
                    and not _is_number(text.stems[end + 1])
                ):
                    # "gradients come from large weights": a swapped word that ends a gapped
                    # span and stands before another word qualifies that word, not the first
                    continue
                if start in binding.scope.inside:
                    continue  # "relu" in "leaky relu" is a name's word, not the phrasing's
                if binding.with_condition(start):
                    continue  # "with hard labels the logits blow up": another case's outcome
                negations = _negations(text, start, end, core)
                if negations and not swapped and _attribution_denied(text, start):
                    continue  # "Rumelhart et al. did not prove universal approximation": who
                    # showed it is denied, not the fact
                if negations and not swapped and _counted(text, start, end, core):
                    continue  # "PReLU does not learn ONE alpha for the whole network": the count
                flipped = (negations % 2 != polarity) != swapped
                if not flipped or text.clause[start] in hypothetical:
                    continue
                if swapped and (polarity or negations) and replaced in _CONTRARIES:
                    # Gradients may neither vanish nor explode: "they don't explode" is no
                    # opposite of "they don't vanish", nor "clipping prevents exploding
                    # gradients" of "avoids vanishing gradients" (mean and median, said of an
                    # estimate, are either-or: "doesn't estimate the mean" is)
                    continue
                if (
                    swapped
                    and replaced in _CONTRARIES
                    and not binding.sentence_names_subject(start)
                ):
                    # "exploding gradients come from large weights": gradients explode somewhere,
                    # which says nothing of the subject's vanishing unless its sentence names it
                    continue
                if not swapped and all(
                    (len(w) == 1 and w.isalpha()) or w in _TERM_WORDS or _is_number(w) for w in core
                ):
                    continue  # "log p is never positive": a sign said of a term, no denial of it
                if (
                    not swapped
                    and end + 2 < len(text.stems)
                    and text.clause[end + 1] == text.clause[end]
                    and text.stems[end + 1] in _EXACTLY
                    and _is_number(text.stems[end + 2])
                ):
                    continue  # "softmax never outputs exactly 1": a value denied, not the point
                if polarity and not swapped and _clause_denies(text, start):
                    continue  # "not pushed to infinite confidence" still denies the phrasing's X
                if polarity and not swapped and _participle(text, start, end, phrase):
                    continue  # "the gradient reaching early layers is tiny" names a gradient
                if swapped and (
                    (not polarity and _clause_denies(text, start))
                    or _named_alongside(text, start, replaced)
                    or binding.both_subject(replaced, core)
                    or binding.of_subject(replaced)
                ):
                    continue  # (a phrasing's own negation is no denial of its swapped form)
                if _after_without(text, start) or _denied_up_front(text, start):
                    continue  # (a denial frame, "it's a myth that ...", turns it back)
                label = _phrase(kp.label, groups).stems
                if any(map(_is_number, core)) and binding.one_of_several(core, start):
                    continue  # "tanh's derivative is not at most 0.25": sigmoid's number
                if (
                    binding.qualified(start)
                    or not binding.about(core, start, strict=True, label=label)[0]
                ):
                    continue
                return start
    return None


def _attribution_denied(text: _Text, start: int) -> bool:
    """Whether a verb of authorship ("prove", "introduce", "invent") stands between a negation
    and the point's words in their clause: the negation denies who did it."""
    verbs = _attribution_stems()
    for j in range(start - 1, max(-1, start - NEGATION_WINDOW - 1), -1):
        if text.clause[j] != text.clause[start]:
            return False
        if text.stems[j] in verbs:
            return any(
                text.stems[k] == "not" and text.clause[k] == text.clause[start]
                for k in range(max(0, j - SHORT_NEGATION_WINDOW), j)
            )
    return False


@lru_cache(maxsize=1)
def _attribution_stems() -> frozenset[str]:
    return frozenset(
        _stem(w)
        for w in "prove proved show showed discover invent introduce propose coin derive "
        "publish demonstrate establish".split()
    )


def _counted(text: _Text, start: int, end: int, core: tuple[str, ...]) -> bool:
    """Whether a number the phrasing does not have stands after a negation among its words: the
    negation denies how many ("does not learn one alpha for the whole network"), not the point."""
    seen_not = False
    for k in range(max(0, start - NEGATION_WINDOW), end):
        if text.clause[k] != text.clause[start]:
            continue
        w = text.stems[k]
        if w == "not":
            seen_not = True
        elif seen_not and _is_number(w) and w not in core:
            return True
    return False


_DEGREE_NEGATION = lazy_pattern(r"\b(?:hardly|scarcely|barely)\b")
_EXACTLY = frozenset({"exactli", "exact", "precis"})  # stems
# The words of a term written out ("minus log p", "log p for positives"): with one-letter variables and
# numbers, a phrasing of only these is an expression, whose sign a negation may say (stems)
_TERM_WORDS = frozenset("log ln exp minus plus sum time over sqrt squar for posit negat".split())


def _participle(text: _Text, start: int, end: int, phrase: _Phrase) -> bool:
    """Whether a verb of the phrasing stands in the span as an -ing form it does not have ("the
    gradient reaching the early layers" for "doesn't reach the early layers"): a modifier of
    the noun before it, which asserts nothing for or against the phrasing."""
    verbs = {
        stem
        for stem, word in zip(phrase.stems, phrase.surface, strict=True)
        if stem != "not" and not word.endswith("ing")
    }
    return any(
        text.stems[k] in verbs
        and text.surface[k].endswith("ing")
        and k > 0
        and text.clause[k - 1] == text.clause[k]
        # after a noun; not an adverb or a verb the -ing form completes ("keep slowly changing")
        and not text.surface[k - 1].endswith("ly")
        and text.surface[k - 1] not in _GERUND_VERBS
        for k in range(start, end + 1)
    )


_GERUND_VERBS = frozenset(
    "keep keeps kept keeping continue continues continued start starts started stop stops "
    "stopped begin begins began still".split()
)


def _number_swapped(
    text: _Text,
    positions: dict[str, list[int]],
    kp: KeyPoint,
    groups: tuple[tuple[str, ...], ...],
    binding: _Binding,
) -> tuple[int, str] | None:
    """Where the answer states a key point that ends in a number with another number there
    ("sigmoid's derivative is at most 0.5" for "derivative at most 0.25"): (where, the number
    said). The phrasing needs two words before its number; the answer's number is the first one
    within NUMBER_REACH words after them, in the same clause, not in a hypothetical or qualified
    clause, and about the subject."""
    for p in kp.phrasings:
        stems = _phrase(p, groups).stems
        if not stems or not _is_number(stems[-1]):
            continue  # (most phrasings: asked first)
        words, number = list(stems[:-1]), stems[-1]
        if len(words) < 2 or any(map(_is_number, words)):
            continue
        if "not" in words or len(words[-1]) == 1:
            continue  # "log p when y = 1": a case of a variable, not a quantity said wrong
        for start, end in _spans(text.stems, positions, tuple(words)):
            if text.clause[start] != text.clause[end]:
                continue  # "σ' ≤ 0.25, tanh' ≤ 1": the words of two clauses say two things
            at = next(
                (
                    j
                    for j in range(end + 1, min(end + 1 + NUMBER_REACH, len(text.stems)))
                    if text.clause[j] == text.clause[end] and _is_number(text.stems[j])
                ),
                None,
            )
            if at is None:
                continue
            said, value = text.stems[at], _value_at(text, at)
            if value is None or _same_number(value, said, number) or text.surface[at] == "one":
                continue  # ("frameworks just pick one": a pronoun, not the number said)
            if _negations(text, start, at, tuple(words)) % 2:
                continue  # "its mean isn't near 0.5" denies the number, says no other
            if _not_the_quantity(text, start, at, stems):
                continue
            if text.clause[start] in text.clauses.hypothetical or binding.qualified(
                start, tuple(words)
            ):
                continue
            if not binding.about(tuple(words), start, strict=True)[0]:
                continue
            if binding.one_of_several(tuple(words), start):
                continue
            return start, said
    return None


NUMBER_REACH = 2  # words between a phrasing's last word and the number that completes it


def _not_the_quantity(text: _Text, start: int, at: int, stems: tuple[str, ...]) -> bool:
    """Whether the number at `at`, after a phrasing `stems` matched from `start`, is not the
    value the phrasing names: the first of a list whose next item is the phrasing's own ("the
    left and right derivatives are 0 and 1"), or a variable's value ("a minimum near
    x = −1.278": where, not what)."""
    if stems[-1] in text.stems[at + 1 : at + 3]:
        return True
    return any(len(text.surface[k]) == 1 and text.stems[k] not in stems for k in range(start, at))


def _decimals(number: str) -> int:
    return len(number.partition(".")[2])


def _same_number(value: float, said: str, number: str) -> bool:
    """Whether a number said is the point's number, either rounded to the other's decimals:
    "about 1.1" is the 1.0998 of a model answer, "0.28" its 0.278."""
    want = float(number)
    if math.isclose(value, want, rel_tol=1e-9):
        return True
    if _decimals(number) and round(value, _decimals(number)) == want:
        return True  # (an integer is exact: "at most 0" is not 0.25 rounded)
    return bool(_decimals(said)) and round(want, _decimals(said)) == value


def _value_at(text: _Text, at: int) -> float | None:
    """The number said at word `at`: "1/4" (1 over 4) is 0.25; None for a division by 0."""
    value = float(text.stems[at])
    stems = text.stems
    if at + 2 < len(stems) and stems[at + 1] == "over" and _is_number(stems[at + 2]):
        below = float(stems[at + 2])
        return value / below if below else None
    return value


_VS_DOT = lazy_pattern(r"(?i)\bvs\.")


@lru_cache(maxsize=1)
def _formulas() -> Any:
    """The formula parser (NumPy), imported only when a point has a formula and the answer has
    math in it."""
    import importlib

    try:
        return importlib.import_module("actloss_quiz.formulas")
    except ImportError:  # pragma: no cover - the parser ships with the package
        return None


@lru_cache(maxsize=512)
def _reference(expr: str, variables: tuple[str, ...]) -> Any:
    fm = _formulas()
    try:
        return (
            fm.parse_reference(expr, variables=variables) if variables else fm.parse_reference(expr)
        )
    except ValueError:
        return None


def _check_formulas(answer: str, key_points: Sequence[KeyPoint]) -> dict[int, FormulaResult]:
    """Key point index -> the answer's formula checked against that point's reference."""
    with_formula = [(i, kp) for i, kp in enumerate(key_points) if kp.formula]
    if not with_formula:
        return {}
    if not has_math(answer):  # plain prose: the parser is never imported
        return {}
    fm = _formulas()
    if fm is None:
        return {}
    out: dict[int, FormulaResult] = {}
    for i, kp in with_formula:
        ref = _reference(str(kp.formula), kp.variables)
        if ref is None:
            continue
        check = fm.check_formula(answer, ref)
        if check.status in ("equal", "differs"):
            at: Any = check.where or (None if check.point is None else float(check.point))
            out[i] = FormulaResult(
                kp.label,
                check.status,
                str(check.found),
                at,
                None if check.got is None else float(check.got),
                None if check.want is None else float(check.want),
            )
    # A formula equal to one point's reference is that point's, not a wrong try at another's
    # ("max(0, x) for CNNs" is no wrong GELU).
    equal = {r.found for r in out.values() if r.status == "equal"}
    return {i: r for i, r in out.items() if r.status == "equal" or r.found not in equal}


# ---------------------------------------------------------------------------------------------
# Closeness to the model answer


class Reference(Struct, frozen=True):
    """A model answer's terms, each with its weight (`term_weights`), for `judge(reference=)`."""

    terms: dict[str, float]
    folds: dict[str, str]  # the bank's one-word synonyms, as `terms` folds them

    @property
    def total(self) -> float:
        return sum(self.terms.values())


_TERM_WORD = lazy_pattern(r"[^\W\d_]\w*")
_TERM_SUFFIX = lazy_pattern(r"(?:ations?|ings?|ies|ed|es|s|ly|ity|ive|al|e)$")


def _term(word: str) -> str:
    return _TERM_SUFFIX.sub("", word) if len(word) > 4 else word


def _term_folds(synonyms: Sequence[Sequence[str]]) -> dict[str, str]:
    """One-word synonyms as terms -> their group's first one-word entry."""
    out: dict[str, str] = {}
    for group in synonyms:
        words = [_term(e.lower()) for e in group if _TERM_WORD.fullmatch(e.lower())]
        for w in words[1:]:
            out.setdefault(w, words[0])
    return out


def terms(text: str, folds: dict[str, str] | None = None) -> frozenset[str]:
    """The content terms of a text for closeness to a model answer: words lower-cased, filler
    dropped, common suffixes cut and one-word synonyms folded. Cruder than the judge's stemmer
    on purpose: a bank's model answers are read on every judged answer's first use, and the
    stemmer would take about 100 ms over them."""
    folds = folds or {}
    found = (_term(w) for w in set(_TERM_WORD.findall(text.lower())) if w not in STOPWORDS)
    return frozenset(folds.get(t, t) for t in found)


def term_weights(
    answers: Iterable[str], synonyms: Sequence[Sequence[str]] = ()
) -> dict[str, float]:
    """Per term of these model answers (a bank's, main and follow-up): log((n + 1) / (df + 1)),
    n answers, df of them using the term. A term most answers use ("loss", "gradient") weighs
    little; one only this answer uses ("collapse", "affine") weighs most. The key "" holds the
    weight of a term absent from the table, log(n + 1)."""
    return _weights([terms(a) for a in answers], synonyms)


def answer_terms(questions: Iterable[Question]) -> list[str]:
    """The terms of each model answer of these questions (`model_answers`), unfolded and
    space-joined: what `term_weights` reads of them, kept in the parsed-bank cache."""
    return [" ".join(sorted(terms(a))) for a in model_answers(questions)]


def weights_of_terms(
    docs: Iterable[str], synonyms: Sequence[Sequence[str]] = ()
) -> dict[str, float]:
    """`term_weights` from the model answers' `answer_terms` (the same table)."""
    return _weights([frozenset(d.split()) for d in docs], synonyms)


def _weights(docs: list[frozenset[str]], synonyms: Sequence[Sequence[str]]) -> dict[str, float]:
    """The weights of `term_weights` from each answer's unfolded terms: the synonyms are folded
    here (folding a text's terms is folding the text: `terms(a, folds)`)."""
    folds = _term_folds(synonyms)
    docs = [frozenset(folds.get(t, t) for t in doc) for doc in docs]
    df: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            df[term] = df.get(term, 0) + 1
    n = len(docs)
    return {t: math.log((n + 1) / (k + 1)) for t, k in df.items()} | {"": math.log(n + 1)}


def model_answers(questions: Iterable[Question]) -> list[str]:
    """Every model answer of these questions and their follow-ups: the corpus of `term_weights`."""
    return [a for q in questions for a in (q.answer, *(fu.answer for fu in q.follow_ups)) if a]


def reference(
    answer: str, weights: dict[str, float], synonyms: Sequence[Sequence[str]] = ()
) -> Reference:
    """The terms of one model answer with their weights from `term_weights`."""
    default = weights.get("", 1.0)
    return Reference(
        {t: weights.get(t, default) for t in terms(answer, _term_folds(synonyms))},
        _term_folds(synonyms),
    )


def _similarity(answer: str, ref: Reference) -> float:
    total = ref.total
    if total <= 0:
        return 0.0
    said = terms(answer, ref.folds)
    return sum(w for t, w in ref.terms.items() if t in said) / total


def judge(
    answer: str,
    key_points: Sequence[KeyPoint],
    misconceptions: Sequence[Misconception] = (),
    synonyms: Sequence[Sequence[str]] = (),
    *,
    known: frozenset[str] | None = None,
    subject: Sequence[str] = (),
    domain: Sequence[Sequence[str]] = (),
    index: SynonymIndex | None = None,
    reference: Reference | None = None,
) -> Judgement:
    """Judge a typed answer against a question's key points and misconceptions.

    Args:
        answer: the typed answer; only its first MAX_ANSWER_CHARS characters are read.
        key_points: the question's key points (core ones decide the suggestion).
        misconceptions: wrong claims; asserting one suggests "again".
        synonyms: groups of interchangeable words or phrases (usually `Bank.synonyms`).
        known: words that are terms in their own right and never typos of a phrasing word
            (default: the words of these key points and misconceptions).
        subject: the names of what the question is about (`Question.subject`); when given,
            a claim counts only where it is said about it (see `claims`).
        domain: groups naming the other things answers talk about (`Bank.domain`).
        index: the index of `synonyms`, built once (`synonym_index`); default: built here
            (once per process) from the groups' text.
        reference: the model answer's weighted terms (`reference`); an answer close to it
            and stating no false claim is suggested one step higher (SIMILAR_GOOD/HARD).

    Returns:
        The Judgement; an empty answer covers nothing and is suggested "again".
    """
    kept = normalised_prefix(answer, MAX_ANSWER_CHARS)  # cut as the text is after NFKC
    truncated, answer = len(kept) < len(answer), kept
    groups = _groups(synonyms)
    index = _given_index(groups, index)
    all_phrasings = [p for kp in key_points for p in kp.phrasings]
    all_phrasings += [p for m in misconceptions for p in (*m.phrasings, *m.claim_parts)]
    if known is None:
        known = _known(tuple(all_phrasings))
    if domain:  # the names of the other things are terms too ("rrelu" is no typo of "prelu")
        known = _with_names(known, tuple(tuple(g) for g in domain))
    known = _with_synonyms(known, index)  # (a folded "smallest" -> "lowest" is no typo of "lowers")
    vocab = _vocab(tuple(all_phrasings))

    def reading(said: str) -> tuple[_Text, _Text]:
        """The text as normalised, and as read: synonyms folded, typos corrected."""
        plain = _normalise(said)
        text = _fold(plain, index)
        corrected = _correct_typos(text, vocab, known)
        return plain, text if corrected.stems == text.stems else _fold(corrected, index)

    # Corrections said on the fly applied (the same length: quotes come from the typed answer);
    # what they take back is no claim, but a key point said in it still counts (a "sorry" that
    # restates: "one affine map, sorry, linear plus bias")
    unlatexed = from_latex(answer)  # LaTeX as typed in a chat, read as plain math
    heard = _retracted(unlatexed)
    plain, text = reading(heard)
    positions: dict[str, list[int]] = {}
    for i, stem in enumerate(text.stems):
        positions.setdefault(stem, []).append(i)
    binding = None
    subject = tuple(subject)
    if subject:
        entities = _entities(subject, tuple(tuple(g) for g in domain), groups)
        binding = _Binding(text, entities, subject[0])
    # Without a subject, a misconception is still not asserted where a qualifier scopes it, a
    # comparative lessens it, or its words are spread over another named thing.
    scoped = binding or _Binding(text, _entities((), tuple(tuple(g) for g in domain), groups), "")

    def without_asides(formulas_joined: bool) -> list[_Reading]:
        # A point or misconception said around a bracketed aside ("easy examples (p_t near 1)
        # contribute almost nothing", "you want a ReLU (or some activation) before the
        # softmax"): read again without the asides.
        aside = _outside_brackets(text, formulas_joined=formulas_joined)
        if aside is None:
            return []
        aside_binding = None if binding is None else _Binding(aside, binding.entities, subject[0])
        scope = aside_binding or _Binding(aside, scoped.entities, "")
        return [(aside, _positions(aside), aside_binding, scope)]

    results = [_point(kp, text, positions, groups, binding, scoped) for kp in key_points]
    if not all(r.covered for r in results):
        for read, read_at, bound, scope in without_asides(True):
            for i, kp in enumerate(key_points):
                if not results[i].covered:
                    again = _point(kp, read, read_at, groups, bound, scope)
                    if again.covered:
                        results[i] = again
    if heard != unlatexed and not all(r.covered for r in results):
        typed = reading(unlatexed)[1]
        typed_binding = None if binding is None else _Binding(typed, binding.entities, subject[0])
        typed_scope = typed_binding or _Binding(typed, scoped.entities, "")
        typed_at = _positions(typed)
        for i, kp in enumerate(key_points):
            if not results[i].covered:
                again = _point(kp, typed, typed_at, groups, typed_binding, typed_scope)
                if again.covered:
                    results[i] = again
    formulas = _check_formulas(heard, key_points)
    if binding is not None:
        formulas = {
            i: f
            for i, f in formulas.items()
            if f.status != "differs" or not _formula_of_another(heard, f.found, binding, index)
        }
    wrong_formula: list[str] = []
    for i, f in formulas.items():
        r = results[i]
        if f.status == "equal" and not r.covered:
            # covered by the formula, which is the subject's: not by the words said of another
            about = None if binding is None else binding.subject
            results[i] = PointResult(r.point, r.core, True, f.found, about)
        elif f.status == "differs" and not r.covered:
            wrong_formula.append(r.point)
    contradictions = []
    for kp, r in zip(key_points, results, strict=True):
        if binding is None or r.point in wrong_formula:
            continue
        # A number said wrong is a false claim even where other words cover the point.
        swapped = _number_swapped(text, positions, kp, groups, binding)
        at = None if swapped is None else swapped[0]
        if at is None and not r.covered:
            at = _contradiction(text, positions, kp, groups, binding)
        if at is not None:
            contradictions.append(Contradiction(kp.label, _said(answer, text, at)))
    if contradictions and binding is not None and binding.elsewhere() is not None:
        # An answer that never names its subject and opens on another thing ("Mean absolute
        # error averages |ŷ − y|. It ... isn't differentiable at zero", asked about Huber) says
        # what its unnamed clauses say of that thing: they contradict nothing of the subject.
        # (A clause that names a thing, "sigmoid doesn't need an exponential", still does.)
        contradictions = [
            c
            for c in contradictions
            if claims.mentions(_normalise_phrasing(c.said).stems, binding.entities)
        ]
    # A fact is false whatever the answer is about; a sentence that contradicts a key point is
    # corrected by it (no fact of the same sentence).
    points_said = {c.said for c in contradictions}
    contradictions += [
        c
        for c in (
            *_fact_contradictions(answer, text, groups, subject),
            *_origin_contradictions(answer, text, groups, subject),
            *_property_contradictions(answer, text, groups, subject),
            *_value_contradictions(answer, text, groups, subject),
            *_cost_contradictions(answer, text, groups, subject),
            *_default_contradictions(answer, text, groups, subject),
            *_range_contradictions(answer, text, groups, subject),
            *_loss_bound_contradictions(answer, text, groups, subject, scoped.entities),
            *_pair_contradictions(answer, text, groups, subject, scoped.entities),
            *_special_case_contradictions(answer, text, groups, subject),
            *_init_contradictions(answer, text, groups, subject),
        )
        if c.said not in points_said
    ]
    asserted: list[Misconception] = []
    abouts: list[str | None] = []
    aside_readings: list[_Reading] | None = None  # built at the first phrasing that needs it
    for m in misconceptions:
        hidden = _hidden_claim(m)
        for p in _looked_for(m, groups):
            phrase = _phrase(p, groups)
            whole = p not in m.phrasings  # the claim's own words
            readings: list[_Reading] = [(text, positions, binding, scoped)]
            hit = _asserted_at(text, positions, phrase, binding, scoped, whole=whole, hidden=hidden)
            if hit is None and _in(positions, phrase):  # (the asides' words are the text's)
                if aside_readings is None:
                    aside_readings = without_asides(False)
                readings = aside_readings
                for read, read_at, bound, scope in readings:
                    hit = _asserted_at(
                        read, read_at, phrase, bound, scope, whole=whole, hidden=hidden
                    )
            if hit is not None:
                bound = readings[-1][2]
                asserted.append(m)
                abouts.append(
                    None if bound is None else bound.about(phrase.stems, hit, strict=True)[1]
                )
                break
    rejected: list[Misconception] = []
    if binding is not None and not asserted and not contradictions and not wrong_formula:
        rejected = [
            m for m in misconceptions if _rejected_claim(text, positions, m, groups, binding)
        ]
    if asserted:
        contradictions = _not_restated(contradictions, asserted, groups, tuple(subject))
    score = sum(r.covered for r in results) / len(results) if results else 0.0
    similarity = None if reference is None else _similarity(heard, reference)
    # (read only where it can change the suggestion: no core point found)
    elsewhere = (
        binding.elsewhere()
        if binding is not None and not any(r.covered for r in results if r.core)
        else None
    )
    rating, reasons = suggest(
        results,
        asserted,
        tuple(c.point for c in contradictions),
        tuple(wrong_formula),
        words=_content_words(plain.stems),
        similarity=similarity,
        rejected=tuple(m.claim for m in rejected),
        elsewhere=elsewhere,
    )
    return Judgement(
        tuple(results),
        tuple(asserted),
        score,
        rating,
        reasons,
        truncated,
        tuple(contradictions),
        tuple(formulas[i] for i in sorted(formulas)),
        tuple(abouts) if binding is not None else (),
        similarity,
        tuple(rejected),
        elsewhere,
    )


def _rejected_claim(
    text: _Text,
    positions: dict[str, list[int]],
    m: Misconception,
    groups: tuple[tuple[str, ...], ...],
    binding: _Binding,
) -> bool:
    """Whether the answer denies the misconception of its subject: a phrasing of it (one with no
    negation of its own) said in one clause with a negation before it or among its words, or
    under a rejecting verdict or a denial frame ("it's a myth that ..."), about the subject, not
    scoped by a qualifier, not set against the subject ("..., unlike focal loss")."""
    for p in _looked_for(m, groups):
        phrase = _phrase(p, groups)
        if phrase.negated or not phrase.stems or not _in(positions, phrase):
            continue
        stated = None
        for start, end in _spans(text.stems, positions, phrase.stems):
            if text.clause[start] != text.clause[end] or text.sentence[start] != text.sentence[end]:
                continue
            if stated is None:
                stated = set(_stated_spans(text, positions, phrase, one_clause=True))
            if (start, end) in stated:
                if not (_rejected(text, end) or _denied_up_front(text, start)):
                    continue
            elif not any(
                text.stems[j] == "not" and text.clause[j] == text.clause[start]
                for j in range(max(0, start - NEGATION_WINDOW), end + 1)
            ):
                continue
            if (
                binding.about(phrase.stems, start, strict=True)[0]
                and not binding.qualified(start, phrase.stems)
                and not binding.contrasted(start, phrase.stems)
            ):
                return True
    return False


def _point(
    kp: KeyPoint,
    text: _Text,
    positions: dict[str, list[int]],
    groups: tuple[tuple[str, ...], ...],
    binding: _Binding | None,
    scoped: _Binding,
) -> PointResult:
    """Whether the answer states this key point: a phrasing stated about the subject, else its
    words loosely in one sentence (`_loose_match`)."""
    matched, about = None, None
    for p in kp.phrasings:
        phrase = _phrase(p, groups)
        if not _in(positions, phrase):
            continue
        for start in _stated(text, positions, phrase, any_order=True):
            if binding is None:
                matched = p
                break
            counts, name = binding.about(
                phrase.stems, start, strict=False, label=_phrase(kp.label, groups).stems
            )
            if counts:
                matched, about = p, name
                break
            about = about or name
        if matched is not None:
            break
    if matched is None:
        loose = _loose_match(text, positions, kp, groups, binding, scoped)
        if loose is not None:
            return PointResult(kp.label, kp.core, True, *loose, loose=True)
    return PointResult(kp.label, kp.core, matched is not None, matched, about)


# Words a formula is read as ("+" is "plus", "σ" "sigma"): not the prose of an aside.
_MATH_WORDS = frozenset(
    "plus minus over times equals sum prod exp log max min sigma gamma alpha beta delta "
    "epsilon lambda theta mu phi pi tau eta rho omega softmax sigmoid tanh relu".split()
)


def _prose_word(word: str) -> bool:
    return len(word) >= 4 and word.isalpha() and word not in _MATH_WORDS


# A reading of an answer: its text, each stem's positions, and the bindings it is judged with.
_Reading = tuple[_Text, dict[str, list[int]], "_Binding | None", "_Binding"]


def _positions(text: _Text) -> dict[str, list[int]]:
    """Each stem's positions in the text."""
    at: dict[str, list[int]] = {}
    for i, stem in enumerate(text.stems):
        at.setdefault(stem, []).append(i)
    return at


def _asserted_at(
    text: _Text,
    positions: dict[str, list[int]],
    phrase: _Phrase,
    binding: _Binding | None,
    scoped: _Binding,
    *,
    whole: bool = False,
    hidden: bool = False,
) -> int | None:
    """Where the text asserts a misconception's phrasing (None: nowhere): said about the
    subject, in one clause, not qualified away, denied, rejected or contrasted, or said of the
    subject with a pronoun. `whole` (the claim's own words): its words stand together.
    `hidden` (a claim about the hidden layers): not where its clause is about the output."""
    if _in(positions, phrase):
        for start, end in _stated_spans(text, positions, phrase, one_clause=True):
            if whole and end - start + 1 != len(phrase.stems):
                continue  # "divides each EXPONENTIATED logit" is no "divides each logit"
            if (
                (binding is None or binding.about(phrase.stems, start, strict=True)[0])
                # ("Softplus, a smooth approximation of ReLU, is differentiable at 0": ReLU is
                # named as what the relative is of)
                and start not in scoped.scope.related
                and not scoped.qualified(start, phrase.stems)
                and not _only_after(text, end, phrase.stems)
                and scoped.asserted(phrase.stems, start, end)
                and not _rejected(text, end)
                and not _denied_up_front(text, start)
                and (binding is None or not binding.contrasted(start, phrase.stems))
                and not _divided_after(text, end, phrase)
                and not (hidden and _at_the_output(text, start))
            ):
                return start
    if binding is not None and text.pronoun:
        at = _said_with_a_pronoun(text, positions, phrase, binding, whole=whole)
        return None if at is not None and hidden and _at_the_output(text, at) else at
    return None


_LAYER_NOUNS = frozenset("layer activ unit neuron node head".split())  # stems
_HIDDEN = lazy_pattern(r"(?i)\bhidden\b")


def _hidden_claim(m: Misconception) -> bool:
    """Whether a wrong claim is about the hidden layers ("sigmoid is the default hidden
    activation"): what it says can be right of the output layer. (One that names both, "the
    output should use the hidden layers' activation", is matched only where "hidden" is said,
    and `_at_the_output` keeps such a clause.)"""
    return _HIDDEN.search(m.claim) is not None  # (as typed: no normalising, no texts file)


def _at_the_output(text: _Text, at: int) -> bool:
    """Whether the clause of `at` names the output layer and not the hidden ones: "sigmoid is
    the default OUTPUT ACTIVATION for binary classification" is no "default hidden
    activation"."""
    c = text.clause[at]
    stems = [w for w, k in zip(text.stems, text.clause, strict=True) if k == c]
    return "hidden" not in stems and any(
        w == "output" and i + 1 < len(stems) and stems[i + 1] in _LAYER_NOUNS
        for i, w in enumerate(stems)
    )


def _only_after(text: _Text, end: int, stems: tuple[str, ...]) -> bool:
    """Whether "only" follows a wrong claim's last word in its sentence: "HuberLoss and
    SmoothL1Loss are identical ONLY when δ = β = 1" restricts the claim to the case in which it
    is true."""
    after = end + 1
    return (
        after < len(text.stems)
        and text.stems[after] == "onli"
        and "onli" not in stems
        and text.clause[after] == text.clause[end]  # (not ", only slower": a new clause)
    )


_QUANTITIES = frozenset("epsilon delta alpha beta gamma lambda sigma".split())


def _divided_after(text: _Text, end: int, phrase: _Phrase) -> bool:
    """Whether the quantity a phrasing ends on goes on as a ratio or a product in the text: "the
    wrong classes each get ε/K" says ε/K, not the phrasing's "wrong classes each get ε"."""
    last = phrase.stems[-1] if phrase.stems else ""
    if not (last in _QUANTITIES or _is_number(last) or (len(last) == 1 and last.isalpha())):
        return False
    nxt = end + 1
    if nxt + 1 >= len(text.stems) or text.clause[nxt + 1] != text.clause[end]:
        return False
    after = text.stems[nxt + 1]  # (a symbol: "ε/K", not "adds up to 1 over the classes")
    return text.stems[nxt] in ("over", "time") and (
        after in _QUANTITIES or _is_number(after) or (len(after) == 1 and after.isalpha())
    )


def _outside_brackets(text: _Text, *, formulas_joined: bool = True) -> _Text | None:
    """The text without the words of its bracketed asides, each clause resumed after a bracket
    joined to the clause the bracket interrupted (with `formulas_joined` False, only after an
    aside: a formula's brackets then keep their clauses apart, "2σ(2x) − 1" is not "2σ x − 1");
    None when it has no aside with words."""
    resumed = text.clauses.resumed
    if not resumed:
        return None
    words_of: dict[int, list[str]] = {}
    for w, c in zip(text.surface, text.clause, strict=True):
        words_of.setdefault(c, []).append(w)
    inside: set[int] = set()
    joined: dict[int, int] = {}
    for after, interrupted in resumed.items():
        bracket = range(interrupted + 1, after)
        # an aside is prose; "(1 + p_t)^γ" is a formula, whose parts the words around it keep
        if any(_prose_word(w) for c in bracket for w in words_of.get(c, ())):
            inside.update(bracket)
            joined[after] = interrupted
        elif formulas_joined:
            joined[after] = interrupted
    keep = [k for k, c in enumerate(text.clause) if c not in inside]
    if len(keep) == len(text.clause):
        return None

    roots: dict[int, int] = {}

    def root(c: int) -> int:
        # (iterative, each chain walked once: a hostile answer may chain hundreds of brackets)
        path = []
        while c in joined and c not in roots:
            path.append(c)
            c = joined[c]
        found = roots.get(c, c)
        for k in path:
            roots[k] = found
        return found

    at = {old: new for new, old in enumerate(keep)}
    return _Text(
        tuple(text.stems[k] for k in keep),
        tuple(text.surface[k] for k in keep),
        tuple(text.sentence[k] for k in keep),
        tuple(root(text.clause[k]) for k in keep),
        text.clauses,
        frozenset(at[k] for k in text.predicate if k in at),
        frozenset(at[k] for k in text.pronoun if k in at),
    )


def suggest(
    points: Sequence[PointResult],
    misconceptions: Sequence[Misconception] = (),
    contradicted: Sequence[str] = (),
    wrong_formulas: Sequence[str] = (),
    *,
    words: int | None = None,
    similarity: float | None = None,
    rejected: Sequence[str] = (),
    elsewhere: str | None = None,
) -> tuple[int, tuple[str, ...]]:
    """The suggested rating and why (see the module docstring for the rule). `words`: the
    answer's length in content words; a short answer (at most TERSE_WORDS) is judged on its
    core points alone. `similarity`: the answer's closeness to the model answer; with no false
    claim, an answer at least SIMILAR_GOOD close is one step above `hard`, and one at least
    SIMILAR_HARD close is one step above `again`. `rejected`: the claims of the misconceptions
    the answer denies, each a covered non-core point at REJECTED_WEIGHT. `elsewhere`: the other
    thing an answer that never names its subject opens on (`Judgement.elsewhere`)."""
    rating, reasons = _suggest_from_points(
        points, misconceptions, contradicted, wrong_formulas, words=words, rejected=len(rejected)
    )
    if elsewhere is not None and rating > 1 and not any(p.covered for p in points if p.core):
        # An answer to a neighbouring question: it opens on another thing, never names the
        # subject and states no core idea; what it shares are words, not the answer.
        return 1, (*reasons, f"about {elsewhere}, not what the question asks")
    if rejected and not (misconceptions or contradicted or wrong_formulas) and rating > 1:
        reasons = (*reasons, *(f"rejects: {claim}" for claim in rejected))
    if similarity is None or misconceptions or contradicted or wrong_formulas or not points:
        return rating, reasons
    close = f"close to the model answer ({similarity:.0%} of its terms)"
    if rating == 2 and similarity >= SIMILAR_GOOD:
        return 3, (close,)
    if rating == 1 and similarity >= SIMILAR_HARD:
        return 2, (*reasons, close)
    return rating, reasons


def _suggest_from_points(
    points: Sequence[PointResult],
    misconceptions: Sequence[Misconception],
    contradicted: Sequence[str],
    wrong_formulas: Sequence[str],
    *,
    words: int | None,
    rejected: int = 0,
) -> tuple[int, tuple[str, ...]]:
    reasons: list[str] = [f"misconception: {m.claim}" for m in misconceptions]
    reasons += [f"contradicts: {p.rstrip('.')}" for p in contradicted]  # (a fact is a sentence)
    reasons += [f"formula differs: {p}" for p in wrong_formulas]
    core = [p for p in points if p.core]
    rest = [p for p in points if not p.core] if core else list(points)
    missing_core = [p for p in core if not p.covered]
    reasons += [f"core point missing: {p.point}" for p in missing_core]
    rest_covered = sum(map(_weight, rest))
    if rejected and not (misconceptions or contradicted or wrong_formulas):
        rest_covered = min(float(len(rest)), rest_covered + REJECTED_WEIGHT * rejected)
    rest_share = rest_covered / len(rest) if rest else 1.0
    share = sum(map(_weight, points)) / len(points) if points else 0.0
    if misconceptions:
        return 1, tuple(reasons)
    if any(p.core and p.point in contradicted for p in points):
        # The opposite of an idea the answer cannot do without: as wrong as a misconception.
        return 1, tuple(reasons)
    if not points:
        return 1, ("no key points to judge against",)
    # A contradiction or a formula that differs is a false claim, but one the judge reads less
    # surely than a misconception: it keeps a mostly right answer at `hard` at most.
    cap = 2 if contradicted or wrong_formulas else 3
    terse = bool(core) and words is not None and words <= TERSE_WORDS
    terse = terse and rest_share >= TERSE_SHARE
    if not missing_core and (rest_share >= GOOD_SHARE or terse):
        if cap == 3:
            return 3, tuple(reasons) or (
                f"{sum(p.covered for p in points)}/{len(points)} key points",
            )
        return 2, tuple(reasons)
    if len(missing_core) == 1 and len(core) >= 2 and rest_share >= CORE_SLACK and cap == 3:
        # One core idea the judge did not find, in an otherwise full answer: more often said in
        # words no phrasing lists than left out (see CORE_SLACK).
        return 3, (*reasons, f"but {rest_share:.0%} of the other key points")
    if (core and len(missing_core) < len(core)) or share >= HARD_SHARE:
        if cap == 3 and words is not None and words >= FULL_WORDS:
            if len(missing_core) <= FULL_MISSING:
                found = sum(p.covered for p in points)
                return 3, (
                    *reasons,
                    f"but a full answer ({words} content words, {found}/{len(points)} key points"
                    " found) with no false claim",
                )
        if not missing_core:
            reasons.append(_how_many(rest_share, "the other key points"))
        return 2, tuple(reasons)
    reasons.append(_how_many(share, "the key points"))
    return 1, tuple(reasons)


def _how_many(share: float, what: str) -> str:
    """Say "only 25% of the key points", or "none of ..." where "only 0%" would read as a slip (a
    share under half a percent rounds to 0% too)."""
    return f"only {share:.0%} of {what}" if share >= 0.005 else f"none of {what}"


def _weight(p: PointResult) -> float:
    """How much a point counts in the shares: 1 covered, LOOSE_WEIGHT covered loosely."""
    return 0.0 if not p.covered else LOOSE_WEIGHT if p.loose else 1.0


def phrasing_problems(bank: Bank) -> list[str]:
    """`path:line: id: message` for every key-point or misconception phrasing that has no word
    left after normalisation (only symbols or filler words), so it could never match."""
    groups = tuple(tuple(g) for g in bank.synonyms)
    problems: list[str] = []
    for q in bank.questions:
        parts = [("", q.line, q.key_points, q.misconceptions)]
        parts += [
            (f"follow-up {i}: ", fu.line or q.line, fu.key_points, fu.misconceptions)
            for i, fu in enumerate(q.follow_ups, 1)
        ]
        for where, line, points, wrongs in parts:
            phrasings = [p for kp in points for p in kp.phrasings]
            phrasings += [p for m in wrongs for p in m.phrasings]
            problems.extend(
                f"{q.path}:{line}: {q.id}: {where}phrasing {p!r} has no word the judge can "
                "match (only symbols or filler words); write it in words"
                for p in phrasings
                if not _phrase(p, groups).stems
            )
    return problems


# ---------------------------------------------------------------------------------------------
# Bank checks of issue 18: examples, one-word misconception phrasings, formulas, subjects


class ExampleResult(Struct, frozen=True):
    """One `examples:` sentence of a key point or misconception, judged."""

    where: str  # "" for the question, "follow-up N: " for a follow-up
    what: str  # "key point N" or "misconception N"
    label: str  # the point's label or the misconception's claim
    sentence: str
    should: bool  # a `match` sentence (else `no_match`)
    did: bool
    line: int

    @property
    def ok(self) -> bool:
        return self.should == self.did


def run_examples(
    bank: Bank,
    q: Question,
    known: frozenset[str] | None = None,
    seen: dict[tuple[int, str], Judgement] | None = None,
) -> list[ExampleResult]:
    """Every example of a question and its follow-ups, judged as `quiz grade` would (the
    question's or follow-up's own subject, the bank's synonyms and domain). `known`: the bank's
    known words, when the caller has them (computing them stems every phrasing of the bank).
    `seen`: judgements by (id of the part, sentence), filled and reused."""
    if seen is None:
        seen = {}
    if known is None:
        known = bank.known if bank.known is not None else known_words(bank.questions)
    parts: list[tuple[str, Any]] = [("", q)]
    parts += [(f"follow-up {i}: ", fu) for i, fu in enumerate(q.follow_ups, 1)]
    out: list[ExampleResult] = []
    for where, part in parts:

        def verdict(sentence: str, part: Any = part) -> Judgement:
            key = (id(part), sentence)
            if key not in seen:
                seen[key] = judge_part(bank, part, sentence, known)
            return seen[key]

        line = part.line or q.line
        for i, kp in enumerate(part.key_points, 1):
            for should, sentences in ((True, kp.examples.match), (False, kp.examples.no_match)):
                for sentence in sentences:
                    did = verdict(sentence).points[i - 1].covered
                    out.append(
                        ExampleResult(
                            where,
                            f"key point {i}",
                            kp.label,
                            sentence,
                            should,
                            did,
                            kp.line or line,
                        )
                    )
        for i, m in enumerate(part.misconceptions, 1):
            for should, sentences in ((True, m.examples.match), (False, m.examples.no_match)):
                for sentence in sentences:
                    did = m in verdict(sentence).misconceptions
                    out.append(
                        ExampleResult(
                            where,
                            f"misconception {i}",
                            m.claim,
                            sentence,
                            should,
                            did,
                            m.line or line,
                        )
                    )
    return out


def judge_part(
    bank: Bank, part: Any, text: str, known: frozenset[str], ref: Reference | None = None
) -> Judgement:
    """`text` judged against a question's (or follow-up's) points, misconceptions and subject,
    with the bank's synonyms and domain: what validate and `quiz show --judging` see."""
    return judge(
        text,
        part.key_points,
        part.misconceptions,
        bank.synonyms,
        known=known,
        subject=part.subject,
        domain=bank.domain,
        reference=ref,
    )


def judge_model_answer(
    bank: Bank, part: Any, known: frozenset[str], weights: dict[str, float] | None = None
) -> Judgement:
    """A question's (or follow-up's) own model answer judged as a candidate's answer would be,
    its closeness to itself included (`weights`: the bank's `term_weights`, computed if None)."""
    if weights is None:
        weights = term_weights(model_answers(bank.questions), bank.synonyms)
    return judge_part(
        bank, part, part.answer, known, reference(part.answer, weights, bank.synonyms)
    )


def _model_answer_problem(
    bank: Bank, part: Any, known: frozenset[str], weights: dict[str, float]
) -> str:
    """Why a question's (or follow-up's) own model answer is judged below good or fires a
    wrong claim, or "": a candidate who says the model answer must be told it is right."""
    if not part.key_points or not part.answer:
        return ""
    j = judge_model_answer(bank, part, known, weights)
    wrong = [f"misconception: {m.claim}" for m in j.misconceptions]
    wrong += [f"contradicts: {c.point}" for c in j.contradictions]
    wrong += [f"formula differs: {f.point}" for f in j.formulas if f.status == "differs"]
    if j.suggested_rating == 3 and not wrong:
        return ""
    why = "; ".join(dict.fromkeys([*wrong, *j.reasons]))
    return (
        f"is judged {RATING_NAMES[j.suggested_rating]} ({why}); add the phrasing it uses to "
        "the point it states, or narrow the phrasing that fires"
    )


def judging_problems(bank: Bank) -> list[str]:
    """`path:line: id: message` for every example that fails, every misconception phrasing of
    one word after normalisation (it fires on any mention), every reference formula that does
    not parse, every subject name with no word the judge can match, and every model answer
    (main or follow-up) that is not judged good or that fires a wrong claim."""
    groups = tuple(tuple(g) for g in bank.synonyms)
    known = bank.known if bank.known is not None else known_words(bank.questions)
    weights = term_weights(model_answers(bank.questions), bank.synonyms)
    problems: list[str] = []
    for q in bank.questions:
        parts: list[tuple[str, Any]] = [("", q)]
        parts += [(f"follow-up {i}: ", fu) for i, fu in enumerate(q.follow_ups, 1)]
        for where, part in parts:
            line = part.line or q.line
            said = _model_answer_problem(bank, part, known, weights)
            if said:
                problems.append(f"{q.path}:{line}: {q.id}: {where}model answer {said}")
            for name in part.subject:
                if not _normalise_phrasing(name).stems:
                    problems.append(
                        f"{q.path}:{line}: {q.id}: {where}subject name {name!r} has no word the "
                        "judge can match; write it in words"
                    )
            for i, m in enumerate(part.misconceptions, 1):
                for p in m.phrasings:
                    stems = _phrase(p, groups).stems
                    if len(stems) == 1:
                        problems.append(
                            f"{q.path}:{m.line or line}: {q.id}: {where}misconception {i}: "
                            f"phrasing {p!r} is one word after normalisation ({stems[0]!r}), so "
                            "it fires on any mention; name the subject and the claim "
                            "(e.g. 'kl is symmetric')"
                        )
            for i, kp in enumerate(part.key_points, 1):
                if kp.formula is None:
                    continue
                fm = _formulas()
                try:
                    fm.parse_reference(kp.formula, variables=kp.variables or None)
                except ValueError as e:
                    problems.append(
                        f"{q.path}:{kp.line or line}: {q.id}: {where}key point {i}: formula "
                        f"{kp.formula!r} cannot be used: {e}"
                    )
        seen: dict[tuple[int, str], Judgement] = {}
        for r in run_examples(bank, q, known, seen):
            if not r.ok:
                problems.append(
                    f"{q.path}:{r.line}: {q.id}: {r.where}{r.what}: example {r.sentence!r} "
                    f"should {'' if r.should else 'not '}match"
                )
        problems += _fires_on_correct_examples(q, seen)
    return problems


def _fires_on_correct_examples(q: Question, seen: dict[tuple[int, str], Judgement]) -> list[str]:
    """A misconception that fires on a correct sentence of its question, or a key point that
    the sentence is read as contradicting: the sentence is a key point's must-match example or
    a misconception's must-not example (each is right by construction). A misconception's own
    must-not examples are `run_examples`'. `seen`: run_examples' judgements of the same
    sentences."""
    problems: list[str] = []
    parts: list[tuple[str, Any]] = [("", q)]
    parts += [(f"follow-up {i}: ", fu) for i, fu in enumerate(q.follow_ups, 1)]
    for where, part in parts:
        index = {id(m): i for i, m in enumerate(part.misconceptions, 1)}
        points = {kp.label: (i, kp) for i, kp in enumerate(part.key_points, 1)}
        correct: list[tuple[str, str, Any]] = [
            (s, f"key point {i}", None)
            for i, kp in enumerate(part.key_points, 1)
            for s in kp.examples.match
        ]
        correct += [
            (s, f"misconception {i}", m)
            for i, m in enumerate(part.misconceptions, 1)
            for s in m.examples.no_match
        ]
        for sentence, of, own in correct:
            judged = seen[(id(part), sentence)]
            for m in judged.misconceptions:
                if m is own:
                    continue  # (run_examples reports it)
                problems.append(
                    f"{q.path}:{m.line or part.line or q.line}: {q.id}: {where}misconception "
                    f"{index[id(m)]}: fires on {of}'s correct example {sentence!r}; narrow the "
                    "phrasing that matches it"
                )
            for c in judged.contradictions:
                if c.point not in points:  # a fact of the judge's tables (claims.py)
                    problems.append(
                        f"{q.path}:{part.line or q.line}: {q.id}: {where}{of}'s correct example "
                        f"{sentence!r} reads as contradicting a fact: {c.point} ({c.said!r}); "
                        "reword the example, or report the judge's fact as a bug"
                    )
                    continue
                i, kp = points[c.point]
                problems.append(
                    f"{q.path}:{kp.line or part.line or q.line}: {q.id}: {where}key point {i}: "
                    f"{of}'s correct example {sentence!r} reads as contradicting it "
                    f"({c.said!r}); make the phrasing that matches it specific, or drop it"
                )
    return problems
