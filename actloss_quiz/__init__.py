"""actloss-quiz: interview practice on activation and loss functions.

Kept free of imports so that `quiz --help` starts instantly.
"""

__version__ = "0.8.0"
