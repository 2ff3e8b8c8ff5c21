"""When a hit on a span of text alerts, and which mentions name the same party.

The engine scores names; a text adds kinds of error a name list does not have: common words
and places written with a capital, a surname alone, a vessel named like a city, a span that
holds only part of a listed name (or a listed name that is only part of the span). Each rule
below names the error it prevents; a hit alerts only when none applies.
"""

from __future__ import annotations

from dataclasses import dataclass

from service.engine.screen import Hit
from service.model import Schema
from service.names import TokenStats
from service.textscan.gazetteer import Gazetteer, family_given
from service.textscan.russian import is_patronymic
from service.textscan.tokens import romanise

#: A token at or below this rarity weight is generic ("bank", "global", "of").
GENERIC_WEIGHT = 0.35
#: Share of a name's weight that may stay unmatched on either side.
MAX_UNMATCHED = 0.25
#: A distinctive surname alone alerts from this name score (the engine scores it partly).
SURNAME_FLOOR = 0.5
#: A surname alone alerts only when at most this many list names contain it.
RARE_SURNAME_COUNT = 40


@dataclass(frozen=True, slots=True)
class SpanFacts:
    """What the text says about one span, independent of any hit."""

    single: bool
    norm: str  # single tokens: the romanised word
    forms: tuple[str, ...]  # ... and its romanised nominatives (Cyrillic case forms)
    stem: str
    place: bool
    common: bool
    generic: bool
    vessel_context: bool
    type_guess: str | None  # from context cues only
    sentence_start: bool
    shouting: bool  # the sentence is in title case or capitals
    org_signal: bool
    full: frozenset[int]  # entity indices whose whole name is exactly this span
    capitalised: bool


def judge(hit: Hit, facts: SpanFacts, gaz: Gazetteer, stats: TokenStats) -> list[str]:
    """Why ``hit`` must not alert for this span (empty: it alerts)."""
    reasons: list[str] = []
    if not hit.alert and not (
        hit.score >= SURNAME_FLOOR and _unique_surname(hit, facts, gaz, stats)
    ):
        # a surname alone scores low against a full name; identity comes from its rarity
        reasons.append(f"score {hit.score:.2f} is below the threshold")
    schema = hit.entity.schema
    if schema == Schema.VESSEL and not facts.vessel_context:
        reasons.append("a vessel's name, but no vessel word or IMO number nearby")
    if facts.type_guess and _conflict(facts.type_guess, schema):
        reasons.append(f"the text names a {facts.type_guess}, the listed entry is a {schema}")
    if facts.place:
        reasons.append("a place name")
    if facts.single:
        reasons.extend(_single_word(hit, facts, gaz, stats))
    else:
        if facts.generic:
            reasons.append("only generic or common words")
        reasons.extend(_coverage(hit))
    return reasons


def _unique_surname(hit: Hit, facts: SpanFacts, gaz: Gazetteer, stats: TokenStats) -> bool:
    return (
        facts.single
        and hit.entity.schema == Schema.PERSON
        and not facts.common
        and bool(set(facts.forms) & family_names(hit))
        and not surname_problems(facts, gaz, stats)
    )


def _conflict(guess: str, schema: Schema) -> bool:
    """A person is never a company or a ship; a ship named like a company is not it."""
    if (guess == "person") != (schema == Schema.PERSON):
        return True
    return guess == "vessel" and schema == Schema.ORGANIZATION


def _single_word(hit: Hit, facts: SpanFacts, gaz: Gazetteer, stats: TokenStats) -> list[str]:
    if facts.common:
        return ["a common word"]
    if not facts.capitalised:
        return ["a single word not written as a name"]
    e_idx = gaz.position.get(hit.entity.id)
    if hit.entity.schema == Schema.PERSON:
        if not set(facts.forms) & family_names(hit):
            return ["a single word that is not this person's surname"]
        return surname_problems(facts, gaz, stats)
    full = e_idx in facts.full
    if not full and not _distinctive_part(hit):
        return ["a single word that is only part of the listed name"]
    if facts.shouting and not facts.org_signal:
        return ["a single word in a title-case or capitals line"]
    if facts.sentence_start and not full and not facts.org_signal:
        return ["a single capitalised word at the start of a sentence"]
    return []


def surname_problems(facts: SpanFacts, gaz: Gazetteer, stats: TokenStats) -> list[str]:
    """A surname alone alerts only when one listed person has it and it is rare."""
    persons = gaz.surnames.get(facts.stem, set())
    if not persons:
        return ["a single word that is not a listed surname"]
    if len({p[1] for p in persons}) > 1:
        return ["surname only, shared by several listed persons"]
    if len(facts.norm) < 4 or stats.count(facts.norm) > RARE_SURNAME_COUNT:
        return ["surname only, too short or too frequent to identify one person"]
    return []


def _distinctive_part(hit: Hit) -> bool:
    """The word is exactly the listed name less generic words ("VTB" for "VTB Bank")."""
    parts = hit.match.parts
    exact = [p for p in parts if p.query_token and p.candidate_token and p.similarity >= 0.99]
    rest = [p for p in parts if p not in exact]
    return len(exact) == 1 and all(
        p.query_token is None and (p.weight <= GENERIC_WEIGHT or p.kind == "legal-form")
        for p in rest
    )


def family_names(hit: Hit) -> set[str]:
    """Romanised family names of a listed person (a surname alone must be one of them)."""
    out: set[str] = set()
    for name in hit.entity.names:
        family, _ = family_given(name.value, name.family, name.given)
        out.update(n for n in map(romanise, family) if n)
    return out


def _coverage(hit: Hit) -> list[str]:
    """Both names must be (nearly) whole: no distinctive word left over on either side."""
    person = hit.entity.schema == Schema.PERSON
    parts = hit.match.parts
    reasons = []
    strong = [
        p
        for p in parts
        if p.query_token and p.candidate_token and p.similarity >= 0.9 and p.weight > GENERIC_WEIGHT
    ]
    if not strong:
        reasons.append("no distinctive word of the name matches closely")
    cand_total = sum(p.weight for p in parts if p.candidate_token)
    matched = [p for p in parts if p.candidate_token and p.query_token and p.similarity >= 0.7]
    missing = [
        p
        for p in parts
        if p.candidate_token
        and p.query_token is None
        and p.weight >= 0.5
        and not is_patronymic(p.candidate_token)
    ]
    if person and len(matched) >= 2:
        missing = []  # middle names and patronymics are often left out in prose
    if cand_total and sum(p.weight for p in missing) / cand_total > MAX_UNMATCHED:
        words = ", ".join(p.candidate_token for p in missing)
        reasons.append(f"the listed name is only partly in the text (missing {words})")
    q_total = sum(p.weight for p in parts if p.query_token)
    extra = [
        p
        for p in parts
        if p.query_token
        and p.candidate_token is None
        and p.weight >= 0.5
        and not is_patronymic(p.query_token)
    ]
    if q_total and sum(p.weight for p in extra) / q_total > MAX_UNMATCHED:
        words = ", ".join(p.query_token for p in extra)
        reasons.append(f"words of the name in the text are not in the listed name ({words})")
    return reasons


def is_generic(norms: list[str], stats: TokenStats, common: frozenset[str]) -> bool:
    """Every word is generic in list names or a common word ("Central Bank", "Global Times")."""
    return all(stats.weight(n) <= GENERIC_WEIGHT or n in common or n.isdigit() for n in norms)
