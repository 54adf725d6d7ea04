"""What a clause of an answer is about, whether it is scoped by a qualifier, and with which
polarity it states a claim (issue 18). Pure functions over the scorer's normalised words; the
scorer (`scoring.py`) does the normalisation and calls these.

Terms:
- An *entity* is a group of names of one thing (the question's subject, or a `domain:` group:
  MAE, Huber, tanh, Xavier ...). A *mention* is where one of its names stands in the answer.
- A *clause* is the scorer's clause (split at , : ; ( ) sentence ends and clause words such as
  but/whereas/while/and/so, and at contrast words: unlike, vs, compared to, instead of ...).
- The *topic* of a match is what its claim is predicated of: an entity named in its clause before
  it (the subject if it is among them); else, walking back through the sentence, the nearest
  clause that names one, skipping parenthetical contrasts ("MSE, unlike MAE, is ..."), except
  that a relative clause ("..., which ...") is about the clause just before it; else nothing,
  which means the question's subject (a pronoun, or no named subject).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from msgspec import Struct, field

# A clause led by one of these is about the thing it names, and is skipped when an unnamed
# clause after it looks back for its topic ("MSE, unlike MAE, is sensitive": MSE).
PARENTHETICAL_LEADS = frozenset(
    "unlike vs versus compared contrast instead rather opposed like than similar similarly".split()
)
RELATIVE_LEADS = frozenset({"which", "who", "whose"})
# A short clause opened by a negation names a thing the claim is denied of ("cross-entropy, not
# MSE, is the standard classification loss"): it is skipped like a parenthetical contrast.
DENIAL_LEADS = frozenset({"not", "no"})
# A clause opened by "with" names the setting of the clause after it ("with softmax outputs,
# this is standard classification training"): a pronoun or demonstrative opening that clause
# stands for what the answer is about, not for the setting.
SETTING_LEADS = frozenset({"with"})
DEICTIC_LEADS = frozenset({"this", "that", "it", "they", "these", "those"})
DENIAL_CLAUSE = 4  # at most this many words (the negation and a name)
# Verbs that act on the thing named right after them ("reweights CE by ...", "multiply CE by a
# factor"): that thing is what the claim's subject works on, not what the claim is about.
OPERATION_VERBS = frozenset(
    "multipli reweight rescal scale modul downweight replac extend modifi wrap augment".split()
)
# Nouns that make the thing named after them ("of" dropped) a relative of what the clause is
# about: "the smooth cousin of the 0-1 loss", "a version of relu" (stems).
RELATIVE_HEADS = frozenset({"cousin", "version", "variant", "relat", "approxim"})
SUBJECT_REACH = 3  # a thing named within this many words of a clause's start is what it is about

# Qualifiers that make a universal claim true ("for positive inputs the gradient never vanishes",
# "differentiable almost everywhere", "except at 0"), as typed; the scorer normalises them (">" is
# "gt", "zero" is "0"). Strong ones also count from a short neighbouring clause.
_SIDES = "input inputs side region values part half x z domain range argument logits".split()
STRONG_QUALIFIERS: tuple[str, ...] = (
    *(f"{s} {t}" for s in ("positive", "negative") for t in _SIDES),
    *(f"{v} {r}" for v in ("x", "z", "input") for r in (">", "<", ">=", "<=")),
    *(f"{v} {r}" for v in ("x", "z", "input", "inputs") for r in ("above", "below")),
    "near x = 0",
    "> 0",
    "< 0",
    ">= 0",
    "<= 0",
    "almost everywhere",
    "except",
    "apart from",
    "other than",
    "away from 0",
    "away from the origin",
    "near 0",
    "around 0",
    "close to 0",
    "in the tails",
    "tail",
    "each side",
    "either side",
    "everywhere else",
    "elsewhere",
)
WEAK_QUALIFIERS: tuple[str, ...] = (
    "if",
    "unless",
    "only",
    "sometimes",
    "rarely",
    "rare",
    "occasionally",
    "mostly",
    "usually",
    "typically",
    "often",
    "in practice",
    "at least",
    "in the limit",  # a limit, not an identity: "as T -> 0, softmax approaches a hard max"
    "approaches",
)
# How often is no scope for a cause: "mostly caused by too small a learning rate" is as false as
# "caused by too small a learning rate". A claim whose own words say why (as typed) keeps only
# the conditions among the weak qualifiers ("it happens mostly when ..." says why, too).
FREQUENCY_QUALIFIERS = frozenset({"mostly", "usually", "typically", "often"})
CAUSE_WORDS: tuple[str, ...] = (
    "cause",
    "caused",
    "causes",
    "because",
    "due",
    "reason",
    "happens",
    "happen",
)
SHORT_CLAUSE = 6  # a neighbouring clause this short that holds a strong qualifier scopes the match
# Words that make a clause hypothetical or conditional: no contradiction is read in it.
HYPOTHETICAL = frozenset("would could might if unless whether suppose assume".split())
# Verbs that deny what follows ("avoids vanishing gradients" = "no vanishing gradient"): they
# count as negations when the polarity of a stated claim is compared with a key point's (as typed;
# the scorer stems them).
NEGATIVE_VERBS: tuple[str, ...] = tuple(
    "avoid prevent mitigate fix solve eliminate remove alleviate suppress cure combat counter "
    "reduce lessen less fewer little few address tackle overcome resolve escape sidestep bypass "
    "circumvent fight handle stop instead rather ignore ignores neglect neglects overlook "
    "disregard contradict contradicts conflict conflicts clash clashes".split()
)
# A verdict after a claim that rejects it ("adding a ReLU before softmax would HURT", "... is a
# MISTAKE"): the claim is named to be refused, not asserted.
NEGATIVE_VERDICTS: tuple[str, ...] = tuple(
    "hurt hurts harm harms harmful bad wrong mistake pointless useless unnecessary "
    "counterproductive worse backfires risky dangerous irrelevant nonsense misleading bogus".split()
)
# Pairs whose swap reverses a claim (stems after the scorer's normalisation, before synonyms).
SWAP_WORDS: tuple[tuple[str, str], ...] = (
    ("seeking", "covering"),
    ("mean", "median"),
    ("forward", "reverse"),
    ("he", "xavier"),
    ("kaiming", "glorot"),
    ("increase", "decrease"),
    ("increases", "decreases"),
    ("larger", "smaller"),
    ("large", "small"),
    ("higher", "lower"),
    ("high", "low"),
    ("sharpens", "flattens"),
    ("sharper", "flatter"),
    ("up", "down"),
    ("above", "below"),
    ("easy", "hard"),
    ("easier", "harder"),
    ("explode", "vanish"),
    ("exploding", "vanishing"),
    ("convex", "concave"),
    ("sparse", "dense"),
    ("bounded", "unbounded"),
    ("symmetric", "asymmetric"),
    ("monotonic", "nonmonotonic"),
    ("minimize", "maximize"),
    ("positive", "negative"),
    ("left", "right"),
    ("logits", "probabilities"),
    ("faster", "slower"),
    ("cheap", "expensive"),
    ("overfitting", "underfitting"),
    ("l1", "l2"),
    ("mse", "mae"),
    ("sigmoid", "tanh"),
    ("sigmoid", "softmax"),
    ("inclusive", "exclusive"),
    ("before", "after"),
    ("defined", "undefined"),
    ("differentiable", "nondifferentiable"),
    ("continuous", "discontinuous"),
)


# Facts checked by a table (issue 18, judging round 22): which activation well-known models use.
# A clause that names one of these models and an activation it does not use (and none that it
# does), without a negation, a contrast or a hypothetical, states a false fact: the judge shows
# it as a contradiction of the fact. A false claim of this kind is the commonest one a mostly
# right answer slips in ("GELU, the standard since the original 2017 Transformer"), and no
# misconception list foresees every question it turns up in. Each entry: the model's names, the
# activations it uses (names from ACTIVATION_NAMES), and the fact shown. Only models whose
# activation is settled and documented: T5 (ReLU, then GeGLU in v1.1) and GPT-4 (unpublished)
# are left out, and "gpt" counts only bare or as GPT-1, -2 or -3.
MODEL_ACTIVATIONS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        (
            "original transformer",
            "vanilla transformer",
            "2017 transformer",
            "attention is all you need",
            "vaswani",
        ),
        ("relu",),
        "The original Transformer (Vaswani et al., 2017) used ReLU in its feed-forward layers"
        " (GELU came with BERT and GPT).",
    ),
    (("bert",), ("gelu",), "BERT uses GELU in its feed-forward layers."),
    (
        ("gpt", "gpt 1", "gpt 2", "gpt 3", "gpt-1", "gpt-2", "gpt-3"),
        ("gelu",),
        "GPT, GPT-2 and GPT-3 use GELU in their feed-forward layers.",
    ),
    (
        ("llama", "palm"),
        ("swiglu", "silu", "glu"),
        "LLaMA and PaLM use SwiGLU (a SiLU/Swish-gated linear unit) in their feed-forward layers.",
    ),
    (("vit", "vision transformer"), ("gelu",), "ViT uses GELU in its MLP blocks."),
    (("resnet", "alexnet", "vgg"), ("relu",), "ResNet, AlexNet and VGG use ReLU."),
)
# Facts checked by a table, part two: who introduced or popularised a thing, and when. A clause
# that says one of these things was introduced (proposed, popularised ...) by, in or with a
# source (a paper, a model, an author, a year: ORIGIN_SOURCES) and names none of its own is a
# false fact ("ReLU was introduced in the 2017 Transformer paper", "GELU was first proposed in
# the ResNet paper"). Each entry: the thing's names, its own sources, and the fact shown.
ORIGINS: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        ("relu", "rectified linear unit", "rectifier"),
        (
            "fukushima",
            "1969",
            "1975",
            "hahnloser",
            "2000",
            "jarrett",
            "2009",
            "nair",
            "hinton",
            "2010",
            "glorot",
            "bengio",
            "2011",
            "alexnet",
            "krizhevsky",
            "2012",
        ),
        "ReLU goes back to Fukushima (1969). Nair & Hinton (2010) and Glorot et al. (2011)"
        " brought it to deep nets, and AlexNet (2012) made it the standard.",
    ),
    (
        ("gelu", "gaussian error linear unit"),
        ("hendrycks", "gimpel", "2016", "bert", "gpt", "2018", "2019"),
        "GELU was introduced by Hendrycks & Gimpel (2016) and popularised by BERT and GPT (2018).",
    ),
    (
        ("silu", "sigmoid linear unit"),
        ("hendrycks", "gimpel", "2016", "elfwing", "2017", "ramachandran"),
        "SiLU was proposed by Hendrycks & Gimpel (2016) and Elfwing et al. (2017), and Swish,"
        " the same function with a scale β, by Ramachandran et al. (2017).",
    ),
    (
        ("swish",),
        ("ramachandran", "google", "2017", "hendrycks", "gimpel", "2016", "elfwing"),
        "Swish was found by automated search by Ramachandran et al. (2017). It is SiLU"
        " (Hendrycks & Gimpel, 2016) with a scale β.",
    ),
    (
        ("prelu", "parametric relu"),
        ("he et al", "kaiming he", "kaiming", "2015", "delving", "microsoft"),
        'PReLU was introduced by He et al. (2015) in "Delving Deep into Rectifiers", a paper'
        " before ResNet.",
    ),
    (
        ("leaky relu",),
        ("maas", "hannun", "2013"),
        "Leaky ReLU was introduced by Maas, Hannun & Ng (2013).",
    ),
    (("elu",), ("clevert", "2015", "2016"), "ELU was introduced by Clevert et al. (2015)."),
    (("selu",), ("klambauer", "2017"), "SELU was introduced by Klambauer et al. (2017)."),
    (
        ("focal loss",),
        ("lin et al", "retinanet", "2017", "one stage", "single stage", "1 stage", "facebook"),
        "Focal loss was introduced with RetinaNet, a one-stage detector (Lin et al., 2017).",
    ),
    (
        ("universal approximation",),
        ("cybenko", "hornik", "1989", "1991", "funahashi", "leshno", "1993", "pinkus", "1999"),
        "The universal approximation theorem is due to Cybenko (1989) and Hornik et al. (1989,"
        " 1991), extended by Leshno et al. (1993).",
    ),
    (
        ("batch norm", "batchnorm", "batch normalization"),
        ("ioffe", "szegedy", "2015"),
        "Batch normalisation was introduced by Ioffe & Szegedy (2015).",
    ),
    (
        ("label smoothing",),
        ("szegedy", "inception", "2015", "2016"),
        "Label smoothing was introduced with Inception-v3 (Szegedy et al., 2015).",
    ),
)
# What a thing may be said to come from (besides a year): papers, models and authors.
ORIGIN_SOURCES = (
    "alexnet",
    "resnet",
    "vgg",
    "lenet",
    "lecun",
    "original transformer",
    "transformer paper",
    "attention is all you need",
    "vaswani",
    "bert",
    "gpt",
    "faster r-cnn",
    "two stage",
    "2 stage",
    "retinanet",
    "rumelhart",
    "backprop paper",
    "backpropagation paper",
    "hinton",
    "nair",
    "krizhevsky",
    "he et al",
    "kaiming he",
    "kaiming",
    "hendrycks",
    "gimpel",
    "elfwing",
    "ramachandran",
    "maas",
    "clevert",
    "klambauer",
    "cybenko",
    "hornik",
    "ioffe",
    "szegedy",
    "inception",
    "lin et al",
    "fukushima",
    "glorot",
    "bengio",
    "delving",
    "google",
    "microsoft",
    "facebook",
    "hahnloser",
    "jarrett",
    "hannun",
    "funahashi",
    "leshno",
    "pinkus",
)
# Verbs that say where a thing comes from (stems).
ORIGIN_VERBS = frozenset("introduc propos invent coin popular popularis debut pioneer".split())
# ... but not these words of the same stems, as typed: "region proposals", "the most popular"
ORIGIN_NOT_VERBS = frozenset({"proposal", "proposals", "popular", "popularity"})

ORIGIN_BEFORE = 4  # the thing at most this many words before its verb ("ReLU was first introduced")
ORIGIN_AFTER = 2  # ... or this many after it ("AlexNet popularised ReLU")
ORIGIN_REACH = 10  # a source this many words after the verb, or in its clause, is its origin
# The activations a fact's clause may name (each group one function, its names and notation).
ACTIVATION_NAMES: tuple[tuple[str, ...], ...] = (
    ("relu", "rectified linear unit", "rectifier", "max(0, x)", "max(x, 0)", "max(0, z)"),
    ("leaky relu", "lrelu"),
    ("prelu", "parametric relu"),
    ("elu",),
    ("selu",),
    ("gelu", "gaussian error linear unit"),
    ("silu", "swish", "sigmoid linear unit"),
    ("swiglu",),
    ("geglu",),
    ("glu", "gated linear unit"),
    ("sigmoid", "logistic sigmoid"),
    ("tanh", "hyperbolic tangent"),
    ("softplus",),
    ("mish",),
)
# Properties checked by value (judging round 22): what holds of each activation, as the engine
# computes it (tests/test_scoring_facts.py checks every entry against `engine.activations`). A
# clause that says an activation has a property it lacks, or lacks one it has ("Swish is
# bounded above", "GELU is monotonic", "ReLU has no kink"), is a contradiction of the fact,
# in any question. Keys: an ACTIVATION_NAMES group's first name. Left out where the answer
# depends on a parameter (PReLU's learned α; ELU's smoothness, which needs α = 1).
PROPERTIES: dict[str, dict[str, bool]] = {
    "relu": {
        "monotonic": True,
        "bounded above": False,
        "bounded below": True,
        "smooth": False,
        "zero-centred": False,
        "odd": False,
        "even": False,
    },
    "leaky relu": {
        "monotonic": True,
        "bounded above": False,
        "bounded below": False,
        "smooth": False,
        "zero-centred": False,
        "odd": False,
        "even": False,
    },
    "elu": {
        "monotonic": True,
        "bounded above": False,
        "bounded below": True,
        "odd": False,
        "even": False,
    },
    "gelu": {
        "monotonic": False,
        "bounded above": False,
        "bounded below": True,
        "smooth": True,
        "odd": False,
        "even": False,
    },
    "silu": {
        "monotonic": False,
        "bounded above": False,
        "bounded below": True,
        "smooth": True,
        "odd": False,
        "even": False,
    },
    "sigmoid": {
        "monotonic": True,
        "bounded above": True,
        "bounded below": True,
        "smooth": True,
        "zero-centred": False,
        "odd": False,
        "even": False,
    },
    "tanh": {
        "monotonic": True,
        "bounded above": True,
        "bounded below": True,
        "smooth": True,
        "zero-centred": True,
        "odd": True,
        "even": False,
    },
    "softplus": {
        "monotonic": True,
        "bounded above": False,
        "bounded below": True,
        "smooth": True,
        "zero-centred": False,
        "odd": False,
        "even": False,
    },
}
# How a property is said, as typed (the judge normalises them; longest first wins), with the
# polarity said. "bounded" alone is bounded on both sides.
PROPERTY_PHRASES: tuple[tuple[str, str, bool], ...] = (
    ("monotonic", "monotonic", True),
    ("non-monotonic", "monotonic", False),
    ("bounded above", "bounded above", True),
    ("upper bound", "bounded above", True),
    ("no upper bound", "bounded above", False),
    ("unbounded above", "bounded above", False),
    ("grows without bound", "bounded above", False),
    ("bounded below", "bounded below", True),
    ("lower bound", "bounded below", True),
    ("no lower bound", "bounded below", False),
    ("unbounded below", "bounded below", False),
    ("bounded", "bounded", True),
    ("unbounded", "bounded", False),
    ("smooth", "smooth", True),
    ("not smooth", "smooth", False),
    ("differentiable everywhere", "smooth", True),
    ("infinitely differentiable", "smooth", True),
    ("continuously differentiable", "smooth", True),
    ("not continuously differentiable", "smooth", False),
    ("not differentiable", "smooth", False),
    ("kink", "smooth", False),
    ("no kink", "smooth", True),
    ("kink-free", "smooth", True),
    ("no hard kink", "smooth", True),
    ("no sharp kink", "smooth", True),
    ("zero-centred", "zero-centred", True),
    ("not zero-centred", "zero-centred", False),
    ("odd function", "odd", True),
    ("not an odd function", "odd", False),
    ("even function", "even", True),
    ("not an even function", "even", False),
    # the same in other words (judging round 23)
    ("strictly increasing", "monotonic", True),
    ("monotonically increasing", "monotonic", True),
    ("non-decreasing", "monotonic", True),
    ("never decreases", "monotonic", True),
    ("only ever increases", "monotonic", True),
    ("only ever goes up", "monotonic", True),
    ("always increasing", "monotonic", True),
    ("goes down and then back up", "monotonic", False),
    ("decreases and then increases", "monotonic", False),
    ("average out around zero", "zero-centred", True),
    ("averages to zero", "zero-centred", True),
    ("symmetric about the y-axis", "even", True),
    ("symmetric around the y-axis", "even", True),
    ("symmetric about the vertical axis", "even", True),
    ("mirrors across the vertical axis", "even", True),
    ("mirror-symmetric", "even", True),
    ("mirror-symmetric about the y-axis", "even", True),
    ("mirror-symmetric about the vertical axis", "even", True),
    ("goes to minus infinity", "bounded below", False),
    ("decreases without bound", "bounded below", False),
    ("no lower limit", "bounded below", False),
    ("no upper limit", "bounded above", False),
)
# What each property is called in the fact shown, said and denied.
PROPERTY_WORDS: dict[str, tuple[str, str]] = {
    "monotonic": (
        "is monotonic (never decreasing)",
        "is not monotonic: it dips below 0 for negative inputs and comes back to 0",
    ),
    "bounded": ("is bounded above and below", "is not bounded on both sides"),
    "bounded above": ("is bounded above", "is unbounded above: it grows without limit"),
    "bounded below": ("is bounded below", "is unbounded below: αx keeps decreasing"),
    "smooth": (
        "is smooth (infinitely differentiable)",
        "has a kink at 0, where it is not differentiable",
    ),
    "zero-centred": (
        "is zero-centred (odd, through the origin)",
        "is not zero-centred: its outputs are positive or mostly positive",
    ),
    "odd": ("is odd: f(−x) = −f(x)", "is not an odd function"),
    "even": ("is even", "is not an even function"),
}
# The display names of PROPERTIES' keys.
PROPERTY_NAMES = {
    "relu": "ReLU",
    "leaky relu": "Leaky ReLU",
    "elu": "ELU",
    "gelu": "GELU",
    "silu": "SiLU (Swish)",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "softplus": "Softplus",
}
# Words between an activation and a property that make the property another thing's ("ReLU's
# gradient is bounded"), and a clause's words that scope it ("smooth except at 0") (stems).
PROPERTY_OF_ANOTHER = frozenset(
    "gradient deriv slope loss jacobian hessian varianc curv approxim "
    "version variant cousin altern counterpart".split()
)
PROPERTY_SCOPED = frozenset(
    "except almost apart away piecewis gt lt least most posit negat side region domain "
    "interval part onli mostly rough approxim".split()
)
# A sentence with one of these compares, changes or supposes (stems): "smoother than ReLU".
PROPERTY_GUARDS = frozenset(
    "instead rather than compar if whether suppos unless vs versus better wors less more later "
    "becom".split()
)
# The words that may stand between an activation and its property ("sigmoid OUTPUTS are
# ALWAYS bounded"), and after the property in its clause ("monotonic EVERYWHERE", "a smooth
# FUNCTION", "bounded below by 0"), as stems.
PROPERTY_BETWEEN = frozenset(
    "output valu function itself alway both strict fulli complet actual inde realli quit "
    "curv graph".split()
)
PROPERTY_AFTER = frozenset(
    "everywher anywher function too either well in both itself alway overal x z increas grow".split()
)
# Words before an activation's name that make it a thing of its own ("a RESCALED sigmoid").
PROPERTY_MODIFIERS = frozenset(
    "rescal stretch shift scale modifi flip version variant cousin approxim like soft".split()
)
PROPERTY_REACH = 4  # at most this many words between the activation's name and the property


# Numbers said of an activation, checked by value (judging round 23): its slope at 0, its
# largest slope, its value at 0 and its minimum, as the engine computes them
# (tests/test_scoring_values.py checks every entry with mpmath). "The slope of tanh tops out
# at a quarter", "SiLU's slope at the origin is exactly one", "GELU's lowest value is about
# −0.5" are wrong in any question. Each value is written to the precision it is shown with: a
# number said agrees when either, rounded to the other's decimals, is the other ("about 0.3"
# is not 0.25; "−0.2" is GELU's −0.17). Left out: ReLU's and Leaky ReLU's slope at 0 (any
# value in the subgradient is defensible), ELU's and PReLU's (they depend on α), and
# softplus's largest slope (1, approached, never reached).
VALUES: dict[str, dict[str, str]] = {
    "sigmoid": {"slope at 0": "0.25", "largest slope": "0.25", "value at 0": "0.5"},
    "tanh": {"slope at 0": "1", "largest slope": "1", "value at 0": "0"},
    "gelu": {
        "slope at 0": "0.5",
        "largest slope": "1.13",
        "value at 0": "0",
        "minimum": "-0.17",
    },
    "silu": {
        "slope at 0": "0.5",
        "largest slope": "1.1",
        "value at 0": "0",
        "minimum": "-0.278",
    },
    "softplus": {"slope at 0": "0.5", "value at 0": "0.693"},
    "relu": {"value at 0": "0"},
    "leaky relu": {"value at 0": "0"},
    "elu": {"value at 0": "0"},
}
# How each quantity is shown in the fact ({name}, {value}).
VALUE_FACTS = {
    "slope at 0": "{name}'s slope at 0 is {value}.",
    "largest slope": "{name}'s largest slope is {value}.",
    "value at 0": "{name}(0) = {value}.",
    "minimum": "{name}'s minimum is about {value}.",
}
# The words that name a quantity (stems): a slope, with "at 0" ("origin") or a largest
# ("steepest", "tops out", "at most"); a minimum of the function itself.
VALUE_SLOPES = frozenset("slope deriv gradient".split())
VALUE_LARGEST = frozenset(
    "max maximum peak steepest top largest highest biggest greatest most".split()
)
VALUE_LEAST = frozenset("minimum min lowest smallest bottom".split())
VALUE_REACH = 5  # a number this many words after the quantity's word (in its sentence) is its value
# The words that may stand between the quantity's word and its number ("tops OUT at ABOUT",
# "its lowest VALUE is AROUND minus one half"), besides the quantity's words (stems).
VALUE_BETWEEN = frozenset(
    "out about around exact exactli rough roughli approxim near nearli close valu output reach "
    "hit equal onli just alway still there right 0 origin minus point".split()
)
# Words in a sentence that make its number something else's (stems): a loss's or a
# Jacobian's gradient, an approximation's constant, a comparison, a change, a supposition.
VALUE_GUARDS = frozenset(
    "loss jacobian hessian than compar differ if whether suppos unless vs versus later becom "
    "instead rather initi init default".split()
)


# The range of each activation's outputs (judging round 23): (lowest, highest, as shown), the
# engine's (tests/test_scoring_values.py checks each with mpmath). A sentence that puts the
# outputs in an interval that leaves part of the range out ("tanh squashes values between 0 and
# 1", "ReLU is bounded between 0 and 1", "GELU outputs lie in [0, ∞)") contradicts it; a wider
# interval is literally true ("sigmoid outputs lie in (−1, 1)": issue 18's partly true claims).
RANGES: dict[str, tuple[float, float, str]] = {
    "sigmoid": (0.0, 1.0, "(0, 1)"),
    "tanh": (-1.0, 1.0, "(−1, 1)"),
    "relu": (0.0, math.inf, "[0, ∞)"),
    "leaky relu": (-math.inf, math.inf, "(−∞, ∞)"),
    "elu": (-1.0, math.inf, "(−1, ∞) with α = 1"),
    "gelu": (-0.17, math.inf, "[−0.17, ∞)"),
    "silu": (-0.278, math.inf, "[−0.278, ∞)"),
    "softplus": (0.0, math.inf, "(0, ∞)"),
}
RANGE_CUES = frozenset("between rang interv within in".split())  # stems before the interval
# The words that may stand between the activation and the interval's cue (stems).
RANGE_BETWEEN = frozenset(
    "output valu map squash lie bound alway strict function to it fall live onli".split()
)


# The bounds of a loss (judging round 24): each of these is 0 at its best and grows without
# limit, so a sentence that gives one a finite largest value ("BCE is bounded above by log 2",
# "the hinge can never cost more than 1", "its maximum value is log 2", "cross-entropy lies
# between 0 and 1") or a least value other than 0 ("its minimum value is −1 when the prediction
# is perfect") contradicts the fact. tests/test_scoring_losses.py checks each entry with the
# engine's losses. Each entry: the loss's names, its name as shown, why it is unbounded, and
# when it is 0. (Cross-entropy's and BCE's least value is 0 for hard labels; with smoothed or
# soft targets it is the targets' entropy, so a least value is read only for a sentence that
# says neither.)
LOSS_BOUNDS: dict[str, tuple[tuple[str, ...], str, str, str]] = {
    "mse": (
        (
            "mse",
            "mean squared error",
            "mean square error",
            "l2 loss",
            "squared error",
            "squared error loss",
        ),
        "MSE",
        "it grows with the square of the residual",
        "a perfect prediction",
    ),
    "mae": (
        ("mae", "mean absolute error", "l1 loss", "absolute error"),
        "MAE",
        "it grows with the size of the residual",
        "a perfect prediction",
    ),
    "huber": (
        ("huber", "huber loss", "huberloss", "smooth l1", "smooth l1 loss", "smoothl1loss"),
        "Huber loss",
        "past δ it grows linearly with the residual",
        "a perfect prediction",
    ),
    "bce": (
        (
            "bce",
            "binary cross-entropy",
            "binary cross entropy",
            "binary log loss",
            "bce loss",
            "sigmoid cross-entropy",
            "bceloss",
        ),
        "Binary cross-entropy",
        "−log p → ∞ as the probability of the true label goes to 0",
        "a perfect prediction of a hard label",
    ),
    "ce": (
        (
            "cross-entropy",
            "cross entropy",
            "cross-entropy loss",
            "ce loss",
            "categorical cross-entropy",
            "softmax cross-entropy",
            "crossentropyloss",
            "nll",
            "negative log-likelihood",
            "nllloss",
        ),
        "Cross-entropy",
        "−log p → ∞ as the probability of the true class goes to 0",
        "a perfect prediction of a hard label",
    ),
    "hinge": (
        ("hinge", "hinge loss"),
        "Hinge loss",
        "it grows linearly as the margin goes below 1",
        "every margin at least 1",
    ),
    "focal": (
        ("focal loss",),
        "Focal loss",
        "like cross-entropy, it goes to ∞ as p_t goes to 0",
        "a perfect prediction",
    ),
    "kl": (
        (
            "kl",
            "kl divergence",
            "kullback-leibler",
            "kullback-leibler divergence",
            "relative entropy",
            "forward kl",
            "reverse kl",
        ),
        "KL divergence",
        "it is infinite where q = 0 and p > 0",
        "p = q",
    ),
}
# Words that make a sentence's bound another thing's (stems): a gradient's, an output's, a
# probability's, a weight's ("Huber caps the gradient at ±δ", "probabilities between 0 and 1").
LOSS_GUARDS = frozenset(
    "gradient deriv slope jacobian logit output probabl weight factor influenc contribut "
    "updat step norm grad score margin growth pull push effect impact clip clamp subgradi magnitud".split()
)
# Words that make a bound a lower one (stems): "bounded below by 0", "bounded from below".
LOSS_BELOW = frozenset("below lower nonneg 0 zero floor".split())
LOSS_SOFT = frozenset({"smooth", "soft"})  # targets whose least loss is their entropy, not 0
LOSS_CAPS = frozenset({"cap", "bound"})  # words of an upper bound (stems; "never exceeds" reads
# as "maximum")
# What may stand between a largest or least word and its number (stems): "its maximum value is
# log 2", "a minimum loss of about −1".
LOSS_BETWEEN = frozenset(
    "valu possibl loss it at by about around exact exactli equal onli just abov cost of".split()
)
LOSS_REACH = 4  # the number at most this many words after the bound's word


# Which noise a loss is the likelihood of, and which prior a penalty is the MAP of (judging
# round 24): MSE is the Gaussian negative log-likelihood and MAE the Laplace one; L2
# regularisation is a Gaussian prior on the weights and L1 a Laplace one. A clause that pairs
# one of these with the other distribution in a likelihood, noise or prior ("under Laplace noise
# it's the max-likelihood fit", asked about MSE; "ridge is MAP with a Laplace prior") is a
# swapped pair. Each entry: the thing's names, its distribution (a stem), the other one, and the
# fact. (tests/test_scoring_losses.py checks each against the engine's losses.)
LIKELIHOODS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (
        (
            "mse",
            "mean squared error",
            "mean square error",
            "squared error",
            "l2 loss",
            "least squares",
        ),
        "gaussian",
        "laplac",
        "MSE is the negative log-likelihood of Gaussian noise (Laplace noise gives MAE).",
    ),
    (
        ("mae", "mean absolute error", "absolute error", "l1 loss"),
        "laplac",
        "gaussian",
        "MAE is the negative log-likelihood of Laplace noise (Gaussian noise gives MSE).",
    ),
    (
        ("l2 regularization", "l2 regularisation", "l2 penalty", "ridge", "weight decay"),
        "gaussian",
        "laplac",
        "L2 regularisation is MAP estimation under a Gaussian prior on the weights (a Laplace"
        " prior gives L1).",
    ),
    (
        ("l1 regularization", "l1 regularisation", "l1 penalty", "lasso"),
        "laplac",
        "gaussian",
        "L1 regularisation is MAP estimation under a Laplace prior on the weights (a Gaussian"
        " prior gives L2).",
    ),
)
LIKELIHOOD_WORDS = frozenset(
    "likelihood mle nll nois prior map distribut assum correspond bayesian posterior".split()
)  # a clause that pairs a loss and a distribution says one is the other's likelihood (stems)
LIKELIHOOD_DISTRIBUTIONS = frozenset({"gaussian", "laplac", "laplacian"})
# The unit of a log (judging round 24): the natural log measures in nats, log base 2 in bits.
# A clause that says one with the other's unit ("with the natural log it's measured in bits")
# is a swapped pair; a clause that says both units converts one to the other.
UNIT_NATURAL = "With the natural log the unit is the nat (bits need log base 2)."
UNIT_BINARY = "With log base 2 the unit is the bit (the natural log gives nats)."


# What an activation costs to compute (judging round 23): ReLU is one comparison per element;
# these need an exponential, erf or tanh (or a gate), so none is cheaper than ReLU. A sentence
# that says one of them is cheaper, lighter or takes fewer operations than ReLU ("GELU needs
# fewer operations per element than ReLU"), or that ReLU is costlier or slower to compute than
# one of them, contradicts the fact. (Keys: ACTIVATION_NAMES' first names; Leaky ReLU and PReLU,
# one multiply more, are left out.)
COSTLIER_THAN_RELU = frozenset(
    "elu selu gelu silu swiglu geglu glu sigmoid tanh softplus mish".split()
)
# The words of a cost said (stems): cheaper ones, costlier ones, and the compute words that make
# a speed word ("faster", "lighter") a cost of computing rather than of training.
COST_CHEAPER = frozenset("cheaper lighter quicker faster fewer".split())
COST_DEARER = frozenset("expens costlier slower heavier".split())
COST_MORE = frozenset({"more", "less"})  # with a compute word: "more compute", "less computation"
COST_COMPUTE = frozenset("comput evalu calcul oper flop arithmet instruct".split())
COST_FREE = frozenset({"cheaper", "expens", "costlier"})  # a cost without a compute word
COST_REACH = 6  # the cost's words at most this many words before "than"


# Special cases (judging round 24): the parameter value at which a thing reduces to another.
# A sentence that sets the parameter to another number and says the thing then becomes, gives
# or is the other ("with γ = 1 it becomes plain cross-entropy", "Leaky ReLU with α = 1 is just
# ReLU", "Swish with β = 0 reduces to ReLU") contradicts the fact. Each entry: the thing's
# names, the parameter's names, what it reduces to (names), the value (∞: only approached),
# and the fact. tests/test_scoring_losses.py checks each with the engine.
SPECIAL_CASES: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], float, str], ...] = (
    (
        ("focal loss", "focal"),
        ("gamma", "focusing parameter"),
        ("cross-entropy", "cross entropy", "binary cross-entropy", "bce"),
        0.0,
        "Focal loss with γ = 0 is (α-weighted) cross-entropy.",
    ),
    (
        ("leaky relu", "prelu", "parametric relu"),
        ("alpha", "slope", "negative slope"),
        ("relu",),
        0.0,
        "Leaky ReLU (and PReLU) with slope 0 is ReLU, and with slope 1 the identity.",
    ),
    (
        ("leaky relu", "prelu", "parametric relu"),
        ("alpha", "slope", "negative slope"),
        ("identity", "linear"),
        1.0,
        "Leaky ReLU (and PReLU) with slope 0 is ReLU, and with slope 1 the identity.",
    ),
    (
        ("swish",),
        ("beta",),
        ("silu", "sigmoid linear unit"),
        1.0,
        "Swish with β = 1 is SiLU (β = 0 gives x/2, and as β → ∞ it approaches ReLU).",
    ),
    (
        ("swish",),
        ("beta",),
        ("relu",),
        math.inf,
        "Swish with β = 1 is SiLU (β = 0 gives x/2, and as β → ∞ it approaches ReLU).",
    ),
    (
        ("elu",),
        ("alpha",),
        ("relu",),
        0.0,
        "ELU with α = 0 is ReLU.",
    ),
    (
        ("label smoothing",),
        ("epsilon", "smoothing factor"),
        ("one-hot", "hard labels", "hard targets"),
        0.0,
        "Label smoothing with ε = 0 leaves the one-hot targets (ε = 1 makes them uniform).",
    ),
    (
        ("label smoothing",),
        ("epsilon", "smoothing factor"),
        ("uniform",),
        1.0,
        "Label smoothing with ε = 0 leaves the one-hot targets (ε = 1 makes them uniform).",
    ),
    (
        ("huber", "huber loss"),
        ("delta",),
        ("mse", "mean squared error", "squared error", "l2 loss"),
        math.inf,
        "Huber's quadratic zone covers every residual as δ → ∞ (½r², MSE's shape), and as δ → 0"
        " Huber/δ approaches |r| (MAE).",
    ),
    (
        ("huber", "huber loss"),
        ("delta",),
        ("mae", "mean absolute error", "absolute error", "l1 loss"),
        0.0,
        "Huber's quadratic zone covers every residual as δ → ∞ (½r², MSE's shape), and as δ → 0"
        " Huber/δ approaches |r| (MAE).",
    ),
    (
        ("softmax",),
        ("temperature", "t"),
        ("argmax", "one-hot"),
        0.0,
        "Softmax approaches a one-hot argmax as T → 0 and the uniform distribution as T → ∞.",
    ),
    (
        ("softmax",),
        ("temperature", "t"),
        ("uniform",),
        math.inf,
        "Softmax approaches a one-hot argmax as T → 0 and the uniform distribution as T → ∞.",
    ),
)
# What may stand between the value and what the thing reduces to (stems): "becomes exactly
# plain", "you get ... back", "reduces to", "is the same as".
SPECIAL_BETWEEN = frozenset(
    "becom reduc recov get give same as equival identic exact exactli just plain normal standard "
    "vanilla regular back to turn into collaps simpli ordinari usual it you simpl obtain "
    "yield make leav target label distribut output equal in for".split()
)
# Between what it reduces to and the parameter said after it ("focal loss reduces to plain
# cross-entropy WHEN γ = 1"), as stems.
SPECIAL_AFTER = frozenset("when whenev onc if with for in by set at".split())
SPECIAL_REACH = 5  # what it reduces to at most this many words after the value


# Which activations an initialisation was derived for (judging round 24): Xavier (Glorot)
# keeps the variance for tanh, sigmoid and linear layers (Glorot & Bengio, 2010), He (Kaiming)
# for ReLU and its leaky kin (He et al., 2015). A clause that pairs one with the other's
# activations ("Xavier init, which was derived specifically for ReLU layers", "He
# initialization was designed for tanh") is a swapped pair. Each entry: the initialisation's
# names, its activations, the other's, and the fact.
INIT_PAIRS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str], ...] = (
    (
        ("xavier", "glorot"),
        ("tanh", "sigmoid", "softsign"),
        ("relu", "leaky relu", "prelu"),
        "Xavier (Glorot) initialisation was derived for tanh, sigmoid and linear layers (He"
        " initialisation for ReLU).",
    ),
    (
        ("kaiming", "he initialization", "he init", "he normal", "he uniform", "he"),
        ("relu", "leaky relu", "prelu"),
        ("tanh", "sigmoid", "softsign"),
        "He (Kaiming) initialisation was derived for ReLU layers (Xavier for tanh and sigmoid).",
    ),
)
# Words that say an initialisation was made for an activation ("derived" reads as "gradient",
# the derivative's synonym) (stems): without one, a clause naming both says nothing of a pairing
# ("with Xavier + ReLU they decay").
INIT_RELATIONS = frozenset(
    "design gradient meant suit right choic best intend built tailor creat develop recommend "
    "made invent mind pair standard default proper correct fit specif go".split()
)
# Words that make a clause pairing an initialisation and an activation say they do not fit
# ("Xavier works poorly with ReLU", "with ReLU its variance halves") (stems).
INIT_GUARDS = frozenset(
    "poor bad fail problem shrink vanish collaps halv underestim small wrong mismatch break "
    "suboptim issu explod die dead too decay".split()
)


# Default values (judging round 23), as the frameworks and papers set them: (the thing's
# names, the parameter's names, the value, whether only PyTorch's (Keras's LeakyReLU defaults
# to 0.3), the fact). A sentence that says the default (or the initial value) is another number
# ("nn.HuberLoss ships with delta = 0.1 by default", "PReLU's slope starts out at 0.01")
# contradicts the fact (tests/test_scoring_values.py checks the values against PyTorch's
# signatures as the engine mirrors them).
DEFAULTS: tuple[tuple[tuple[str, ...], tuple[str, ...], str, bool, str], ...] = (
    (
        ("huber", "huber loss", "huberloss"),
        ("delta",),
        "1.0",
        False,
        "nn.HuberLoss's default delta is 1.0.",
    ),
    (
        ("smooth l1", "smoothl1loss"),
        ("beta",),
        "1.0",
        False,
        "nn.SmoothL1Loss's default beta is 1.0.",
    ),
    (
        ("leaky relu", "leakyrelu"),
        ("negative slope", "slope", "alpha"),
        "0.01",
        True,
        "PyTorch's nn.LeakyReLU has a default negative slope of 0.01.",
    ),
    (
        ("prelu",),
        ("slope", "alpha"),
        "0.25",
        False,
        "PReLU's slope starts at 0.25 (PyTorch, and the PReLU paper).",
    ),
    (("elu",), ("alpha",), "1.0", False, "ELU's default alpha is 1.0."),
)
DEFAULT_WORDS = frozenset("default start initi init".split())  # stems: a default, an initial value
DEFAULT_PYTORCH = frozenset({"pytorch", "torch", "nn", "leakyrelu"})  # a PyTorch context (stems)
DEFAULT_BETWEEN = frozenset(
    "equal to of default start out at set is valu".split()
)  # param -> number
DEFAULT_REACH = 3  # the number at most this many words after the parameter's name


# Words that make a clause naming a model and an activation something other than a plain
# statement of what the model uses (stems): a change, a comparison, a hypothetical.
FACT_GUARDS = frozenset(
    "not instead rather replac switch swap than compar if would could might whether suppos "
    "unless later befor until earlier older vs versus better wors beat outperform less".split()
)
# A sentence with a clause these open compares or contrasts things ("unlike", "compared to"):
# not a plain statement of what a model uses. ("like" is left out: "models like LLaMA".)
FACT_CONTRAST_LEADS = frozenset(
    "unlike vs versus compared contrast instead rather opposed than".split()
)
# Clauses that name what the subject is compared with ("unlike X"): a relative after one is X's.
COMPARED_LEADS = frozenset({"unlike", "vs", "versus", "compared"})
# Words after an activation's name that make it a modifier, not the activation used: "the tanh
# approximation", "its sigmoid-based form" (stems).
FACT_NOT_USED = frozenset("approxim formula form version base express".split())
FACT_REACH = 3  # an activation this many words from a model's name is what it is said to use
# Verbs of use (stems): a model named with no activation near it, in a sentence with one of
# these, is said to use the question's subject (when that is an activation).
FACT_USE = frozenset(
    "use run adopt default standard built pick choos employ reli went stick".split()
)


class Entities(Struct, frozen=True):
    """Every name of every entity, indexed by its first stem (longest name first)."""

    by_first: Mapping[str, tuple[tuple[tuple[str, ...], int], ...]]
    names: tuple[str, ...]  # entity id -> its canonical name (as written)
    subject: frozenset[int]  # the ids that are the question's subject


def build_entities(
    groups: Sequence[tuple[str, Sequence[tuple[str, ...]]]], subject: Sequence[tuple[str, ...]]
) -> Entities:
    """`groups`: (canonical name, the stem sequences of its names); `subject`: the stem
    sequences of the subject's names. A group sharing a name with the subject is the subject."""
    subject_forms = {f for f in subject if f}
    by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    names: list[str] = []
    ids: set[int] = set()
    for eid, (canonical, forms) in enumerate(groups):
        names.append(canonical)
        if subject_forms & set(forms):
            ids.add(eid)
        for form in forms:
            if not form:
                continue
            entries = by_first.setdefault(form[0], [])
            if all(f != form for f, _ in entries):  # the first group to name a form wins
                entries.append((form, eid))
    frozen = {k: tuple(sorted(v, key=lambda e: -len(e[0]))) for k, v in by_first.items()}
    # A compound subject ("softmax cross-entropy", "softmax + ce") is about each of the two or
    # more things it names: "softmax turns logits into a distribution" is said of it.
    plain = Entities(frozen, tuple(names), frozenset(ids))
    for form in subject_forms:
        parts = {eid for i, _, eid in _inner_mentions(form, plain) if eid not in ids}
        if len(parts) >= 2:
            ids |= parts
    return Entities(frozen, tuple(names), frozenset(ids))


def _inner_mentions(form: Sequence[str], entities: Entities) -> list[tuple[int, int, int]]:
    """The mentions inside a name, longest first, without the name itself."""
    out: list[tuple[int, int, int]] = []
    i, n = 0, len(form)
    while i < n:
        for f, eid in entities.by_first.get(form[i], ()):
            k = len(f)
            if k < n and tuple(form[i : i + k]) == f:
                out.append((i, i + k, eid))
                i += k
                break
        else:
            i += 1
    return out


def mentions(stems: Sequence[str], entities: Entities) -> list[tuple[int, int, int]]:
    """(start, end exclusive, entity id) of every mention in `stems`, longest first, no overlap."""
    out: list[tuple[int, int, int]] = []
    by_first = entities.by_first
    i, n = 0, len(stems)
    while i < n:
        entries = by_first.get(stems[i])
        if entries:
            for form, eid in entries:
                k = len(form)
                if tuple(stems[i : i + k]) == form:
                    out.append((i, i + k, eid))
                    i += k
                    break
            else:
                i += 1
        else:
            i += 1
    return out


class Scope(Struct, frozen=True):
    """The clause structure of one answer, with its mentions, for topic questions."""

    clause: Sequence[int]  # per word: its clause id
    sentence_of: Mapping[int, int]  # clause id -> sentence number
    leads: Mapping[int, str]  # clause id -> the word that opened it
    by_clause: Mapping[int, tuple[tuple[int, int], ...]]  # clause id -> ((start, entity), ...)
    entities: Entities
    lengths: Mapping[int, int]  # clause id -> number of words
    spans: Mapping[int, tuple[int, int]]  # clause id -> (first word, last word + 1)
    ends: tuple[tuple[int, int], ...] = ()  # (start, end) of every mention
    # A word inside a longer name, not its first ("relu" in "leaky relu", "hinge" in "squared
    # hinge") -> that name's entity: a claim matched from there is about the longer name.
    inside: Mapping[int, int] = field(default_factory=dict)
    # A clause resumed after a bracket -> the clause the bracket interrupted.
    resumed: Mapping[int, int] = field(default_factory=dict)
    # clause id -> number of words, each name one word ("not softmax + CE" is four words however
    # the synonyms spell CE out)
    terms: Mapping[int, int] = field(default_factory=dict)
    # The mentions of the subject right after a relative's head ("Softplus, a smooth
    # approximation of ReLU, ..."): named as what the relative is of, so a later clause with no
    # subject of its own is not about it.
    related: frozenset[int] = frozenset()
    # The mentions right after "on": what another thing is applied on ("MSE on a sigmoid
    # output").
    on: frozenset[int] = frozenset()


def scope(
    stems: Sequence[str],
    clause: Sequence[int],
    sentence_of: Mapping[int, int],
    leads: Mapping[int, str],
    entities: Entities,
    predicates: frozenset[int] = frozenset(),
    surface: Sequence[str] = (),
    resumed: Mapping[int, int] | None = None,
) -> Scope:
    """`predicates`: the words that open a predicate noun ("it is the NLL of ..."); another
    thing named there is what the clause says its topic is, not the topic itself. `surface`:
    the words as typed, to tell a product's "×" (read "times") from "time"."""
    by_clause: dict[int, list[tuple[int, int]]] = {}
    related: set[int] = set()
    found = mentions(stems, entities)
    for start, end, eid in found:
        if start in predicates and eid not in entities.subject:
            continue  # "it is the NLL of ...": named, but not what is talked about
        if eid not in entities.subject and _operand(stems, surface, start, end):
            continue  # "CE × (1 − p)^γ", "reweights CE by ...": worked on, not talked about
        if eid not in entities.subject and end < len(stems) and stems[end] == "ish":
            continue  # "a smooth relu-like gate": compared with, not talked about
        if (
            eid not in entities.subject
            and start
            and stems[start - 1] in RELATIVE_HEADS
            and clause[start - 1] == clause[start]
        ):
            continue  # "it is the cousin of the 0-1 loss": a relative named, not talked about
        if start and stems[start - 1] in RELATIVE_HEADS and clause[start - 1] == clause[start]:
            related.add(start)
        by_clause.setdefault(clause[start], []).append((start, eid))
    spans: dict[int, tuple[int, int]] = {}
    for i, c in enumerate(clause):
        first = spans.get(c)
        spans[c] = (first[0] if first else i, i + 1)
    lengths = {c: b - a for c, (a, b) in spans.items()}
    terms = dict(lengths)
    for start, end, _eid in found:
        terms[clause[start]] -= end - start - 1
    return Scope(
        clause,
        sentence_of,
        leads,
        {c: tuple(v) for c, v in by_clause.items()},
        entities,
        lengths,
        spans,
        tuple((a, b) for a, b, _ in found),
        {i: eid for a, b, eid in found for i in range(a + 1, b)},
        resumed or {},
        terms,
        frozenset(related),
        frozenset(a for a, _b, _ in found if a and stems[a - 1] == "on"),
    )


def _operand(stems: Sequence[str], surface: Sequence[str], start: int, end: int) -> bool:
    """Whether the thing named at stems[start:end] is an operand: a factor of a product ("CE ×
    w", "w · CE") or the object of a verb that acts on it ("reweights CE")."""
    if start and stems[start - 1] in OPERATION_VERBS:
        return True
    if (
        start
        and start - 1 < len(surface)
        and surface[start - 1].startswith(("reweight", "downweight"))
    ):
        return True  # "reweights CE" (read "weights"), not "weighted CE", a name of its own
    return (start > 0 and start - 1 < len(surface) and surface[start - 1] == "times") or (
        end < len(surface) and surface[end] == "times"
    )


def mention_end(sc: Scope, start: int) -> int:
    """Where the mention that starts at `start` ends (one word on: no mention starts there)."""
    for m_start, m_end in sc.ends:
        if m_start == start:
            return m_end
    return start + 1


def _pick(found: Sequence[tuple[int, int]], subject: frozenset[int], *, last: bool) -> int:
    for _, eid in found:
        if eid in subject:
            return eid
    return found[-1][1] if last else found[0][1]


def _heads(sc: Scope, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The names of a clause without those that only say what an earlier one is applied on:
    "MSE on a sigmoid output has vanishing gradients" is about MSE, not sigmoid."""
    return [m for i, m in enumerate(found) if not (i and m[0] in sc.on)] or found


def _conjoined(sc: Scope, c: int, found: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The names of the clause before `c` when they are all it says and `c` opens on a name
    after "and" or "or": one subject of two names ("HuberLoss and SmoothL1Loss are identical",
    "MSE and MAE are robust"), so a claim of the clause is said of both."""
    k = c - 1
    names = sc.by_clause.get(k, ())
    if (
        sc.leads.get(c) not in ("and", "or")
        or not names
        or found[0][0] != sc.spans.get(c, (-1, -1))[0]
        or sc.sentence_of.get(k) != sc.sentence_of.get(c)
        or sc.terms.get(k) != len(names)
    ):
        return []
    return list(names)


def topic(sc: Scope, start: int, *, own: bool = False) -> int | None:
    """The entity the claim matched at word `start` is about; None: no named thing (a pronoun
    or nothing), which stands for the question's subject. `own`: a mention at `start` counts."""
    c = sc.clause[start]
    subject = sc.entities.subject
    span = sc.spans.get(c, (start, start + 1))
    # The claim's own first word names a thing: it is what the clause is about when it opens the
    # clause and more follows ("(MAE the conditional median)"), not when it ends it ("... is
    # just leaky relu", said of the subject).
    own = own and start - span[0] < SUBJECT_REACH and mention_end(sc, start) < span[1]
    before = [m for m in sc.by_clause.get(c, ()) if m[0] < start or (own and m[0] == start)]
    if before:
        return _pick(_conjoined(sc, c, before) + _heads(sc, before), subject, last=True)
    sentence = sc.sentence_of.get(c)
    relative = sc.leads.get(c) in RELATIVE_LEADS
    k = c - 1
    while k >= 0 and sc.sentence_of.get(k) == sentence:
        # An earlier clause passes on only what it is about: a thing named at its start ("MAE
        # and Huber are robust", "unlike L1"), not one named after its verb ("... than CE").
        first = sc.spans.get(k, (0, 0))[0]
        if k in sc.resumed and sc.resumed[k] in sc.spans:
            # resumed after a bracket: "to CE" in "it adds a factor (1 − p_t) to CE" comes after
            # the verb of the clause the bracket interrupted
            first = sc.spans[sc.resumed[k]][0]
        found = tuple(
            m
            for m in sc.by_clause.get(k, ())
            if m[0] - first < SUBJECT_REACH and m[0] not in sc.related
        )
        lead = sc.leads.get(k)
        if relative and k in sc.resumed and k not in sc.lengths:
            # "... (slope 1 instead of 0.25), which gives ...": "which" stands for what stood
            # before the bracket
            k = sc.resumed[k]
            continue
        if relative:
            # "which" stands for the thing right before it: "ReLU replaced sigmoid, which
            # saturates" is about sigmoid, "a surrogate like CE, which ..." about CE.
            end = sc.spans.get(k, (0, 0))[1]
            closing = [m for m in sc.by_clause.get(k, ()) if mention_end(sc, m[0]) == end]
            if closing:
                return closing[-1][1]
            if found:
                return found[-1][1]  # "L1, which gives sparse weights": L1
            if lead in COMPARED_LEADS:
                # "unlike an elementwise scaling layer, whose Jacobian is diagonal": said of the
                # unnamed thing compared, not of the subject
                return UNNAMED
            relative = lead in RELATIVE_LEADS or k not in sc.lengths
        elif lead in DENIAL_LEADS and sc.terms.get(k, 0) <= DENIAL_CLAUSE:
            pass  # "X, not Y, is ...": the claim is denied of Y
        elif lead in SETTING_LEADS and k == c - 1 and sc.leads.get(c) in DEICTIC_LEADS:
            pass  # "With softmax outputs, this is ...": the setting, not what "this" is
        elif lead not in PARENTHETICAL_LEADS and found:
            return _pick(found, subject, last=False)
        k -= 1
    return None


Patterns = tuple[tuple[str, ...], ...]
# What `topic` returns for a thing the answer does not name ("unlike an elementwise layer, whose
# ..."): not the question's subject, and no entity.
UNNAMED = -1


def _has(stems: Sequence[str], patterns: Patterns, ignore: frozenset[str] = frozenset()) -> bool:
    n = len(stems)
    for pattern in patterns:
        if ignore.issuperset(pattern):
            continue  # the claim's own words ("only temporary") do not qualify it
        k = len(pattern)
        first = pattern[0]
        for i in range(n - k + 1):
            if stems[i] == first and tuple(stems[i : i + k]) == pattern:
                return True
    return False


def clause_words(sc: Scope, stems: Sequence[str], c: int) -> Sequence[str]:
    """The stems of clause `c` (clauses are runs of consecutive words)."""
    span = sc.spans.get(c)
    return stems[span[0] : span[1]] if span else ()


def qualified(
    stems: Sequence[str],
    sc: Scope,
    start: int,
    qualifiers: tuple[Patterns, Patterns],
    own: frozenset[str] = frozenset(),
) -> bool:
    """Whether the claim at `start` is scoped by a qualifier that can make it true: in its own
    clause, or (a strong one) in a short neighbouring clause of the same sentence. Qualifier
    words that are the claim's own (`own`) do not count. `qualifiers`: the strong and weak
    patterns as stem sequences."""
    strong, weak = qualifiers
    c = sc.clause[start]
    words = _not_concessive(clause_words(sc, stems, c))
    if _has(words, strong, own) or _has(words, weak, own):
        return True
    sentence = sc.sentence_of.get(c)
    for k in (c - 1, c + 1):
        if sc.sentence_of.get(k, -1) == sentence and sc.lengths.get(k, 0) <= SHORT_CLAUSE:
            if _has(_not_concessive(clause_words(sc, stems, k)), strong):
                return True
    return False


def _not_concessive(words: Sequence[str]) -> Sequence[str]:
    """The words with the one after each "even" blanked: "even if", "even for" concede, they do
    not scope the claim ("99% accuracy means a good model even if positives are rare"). An "if"
    whose condition is a sufficiency ("if it's deep enough") is blanked too: "a deep linear net
    can learn curved boundaries if it's deep enough" claims the net can, it names no case in
    which the claim is true."""
    if "enough" in words and "if" in words:
        at = words.index("if")
        if "enough" in words[at:]:
            words = [*words[:at], "", *words[at + 1 :]]
    if "even" not in words:
        return words
    return ["" if i and words[i - 1] == "even" else w for i, w in enumerate(words)]
