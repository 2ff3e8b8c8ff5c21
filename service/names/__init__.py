"""Name analysis: normalisation, romanisation, legal forms, numerals, token rarity.

Public API: ``analyze(name, schema) -> AnalyzedName`` (cached), ``NameForm``,
``TokenStats``.
"""

from service.names.analysis import (
    LEGAL,
    NAME,
    NUM,
    QUAL,
    AnalyzedName,
    NameForm,
    analyze,
    normalize_schema,
)
from service.names.stats import EMPTY_STATS, TokenStats

__all__ = [
    "EMPTY_STATS",
    "LEGAL",
    "NAME",
    "NUM",
    "QUAL",
    "AnalyzedName",
    "NameForm",
    "TokenStats",
    "analyze",
    "normalize_schema",
]
