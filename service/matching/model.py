"""Result types of the pair scorer."""

from __future__ import annotations

from dataclasses import dataclass, field

from service.names.analysis import NameForm

#: Default alert threshold: a score at or above it is a potential match to review.
DEFAULT_THRESHOLD = 0.70


@dataclass(frozen=True, slots=True)
class PartMatch:
    """One aligned (or unaligned) piece of the two names.

    ``kind`` is one of exact, translit (same phonetic skeleton / script reading), fuzzy,
    initial, merged (joined tokens), abbreviation, unmatched, numeral, numeral-mismatch,
    legal-form, legal-form-mismatch.
    """

    query_token: str | None
    candidate_token: str | None
    similarity: float
    weight: float
    kind: str


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How well a query name matches a candidate name, and why."""

    score: float
    query_form: NameForm | None
    candidate_form: NameForm | None
    parts: list[PartMatch] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def is_alert(self) -> bool:
        return self.score >= DEFAULT_THRESHOLD
