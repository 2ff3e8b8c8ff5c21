"""Pair scorer: ``compare`` (analysed names), ``score_pair`` (raw names), ``explain``."""

from service.matching.compare import (
    best_forms,
    compare,
    compare_forms,
    compare_score,
    score_pair,
)
from service.matching.explain import explain
from service.matching.model import DEFAULT_THRESHOLD, NameMatch, PartMatch

__all__ = [
    "DEFAULT_THRESHOLD",
    "NameMatch",
    "PartMatch",
    "best_forms",
    "compare",
    "compare_forms",
    "compare_score",
    "explain",
    "score_pair",
]
