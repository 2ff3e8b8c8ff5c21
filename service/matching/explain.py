"""One readable sentence explaining a NameMatch."""

from __future__ import annotations

from typing import Final

from service.matching.model import DEFAULT_THRESHOLD, NameMatch

_KIND_WORDS: Final[dict[str, str]] = {
    "exact": "same",
    "translit": "same sound/transliteration",
    "fuzzy": "similar spelling",
    "initial": "initial",
    "nickname": "nickname",
    "numeral": "same number",
    "legal-form": "legal form",
    "inflection": "inflected form",
    "merged": "joined words",
    "abbreviation": "abbreviation",
}


def explain(match: NameMatch) -> str:
    """E.g. "0.84 (likely match): 'igor'='igor' (same), 'setchin'~'sechin' (same
    sound/transliteration); unmatched: 'ivanovich'."."""
    verdict = (
        "match"
        if match.score >= 0.9
        else "likely match"
        if match.score >= DEFAULT_THRESHOLD
        else "weak similarity"
        if match.score >= 0.5
        else "no match"
    )
    agreed: list[str] = []
    missing: list[str] = []
    other: list[str] = []
    for p in match.parts:
        if p.kind == "unmatched":
            missing.append(repr(p.query_token or p.candidate_token))
        elif p.kind in _KIND_WORDS:
            sep = "=" if p.kind == "exact" else "~"
            agreed.append(f"{p.query_token!r}{sep}{p.candidate_token!r} ({_KIND_WORDS[p.kind]})")
        elif p.kind.endswith("mismatch"):
            other.append(f"{p.kind} {p.query_token} / {p.candidate_token}")
    bits: list[str] = []
    if agreed:
        bits.append(", ".join(agreed))
    if missing:
        bits.append("unmatched: " + ", ".join(missing))
    if other:
        bits.append("; ".join(other))
    if match.reasons:
        bits.append("; ".join(dict.fromkeys(match.reasons)))
    detail = "; ".join(bits) if bits else "nothing in common"
    return f"{match.score:.2f} ({verdict}): {detail}."
