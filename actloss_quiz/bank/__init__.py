"""Question banks: the model (`model`), the YAML rules (`schema`), the parsed-bank cache
(`cache`) and finding and loading files (`load`); the arrows run load -> cache -> schema -> model.

The public names are re-exported here, so callers write `from actloss_quiz.bank import Question`.
"""

from actloss_quiz.bank.cache import cache_dir
from actloss_quiz.bank.load import (
    ENV_QUESTIONS,
    USER_BANKS,
    bank_files,
    bundled_questions_dir,
    env_question_paths,
    expand_paths,
    find_id_line,
    load_bank,
    load_files,
    user_banks_dir,
)
from actloss_quiz.bank.model import (
    MAX_BANK_BYTES,
    MAX_PHRASINGS_PER_FILE,
    MAX_PHRASINGS_PER_POINT,
    MAX_PHRASINGS_PER_QUESTION,
    MAX_QUESTION_NUMBER,
    MAX_QUESTIONS,
    MAX_QUESTIONS_PER_FILE,
    MAX_SYNONYM_ENTRIES,
    MAX_SYNONYM_ENTRIES_ALL,
    MAX_YAML_NODES,
    Bank,
    Examples,
    FollowUp,
    KeyPoint,
    Misconception,
    Parsed,
    Question,
)

__all__ = [
    "ENV_QUESTIONS",
    "MAX_BANK_BYTES",
    "MAX_PHRASINGS_PER_FILE",
    "MAX_PHRASINGS_PER_POINT",
    "MAX_PHRASINGS_PER_QUESTION",
    "MAX_QUESTIONS",
    "MAX_QUESTIONS_PER_FILE",
    "MAX_QUESTION_NUMBER",
    "MAX_SYNONYM_ENTRIES",
    "MAX_SYNONYM_ENTRIES_ALL",
    "MAX_YAML_NODES",
    "USER_BANKS",
    "Bank",
    "Examples",
    "FollowUp",
    "KeyPoint",
    "Misconception",
    "Parsed",
    "Question",
    "bank_files",
    "bundled_questions_dir",
    "cache_dir",
    "env_question_paths",
    "expand_paths",
    "find_id_line",
    "load_bank",
    "load_files",
    "user_banks_dir",
]
