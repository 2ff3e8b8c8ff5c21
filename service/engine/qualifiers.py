"""Non-name evidence that moves a hit's score: schema, birth date, country, identifiers.

Each qualifier returns a :class:`Qualifier` that says what it compared and by how much it moved
the score, so the explanation can show every effect. Missing data on either side is neutral.
Birth dates and countries also count from the entries reliably linked to the listed one on
other lists (:mod:`service.engine.links`): the UK summary list, for one, gives neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from service.model import STRONG_ID_TYPES, Entity, IdType, Schema

# Score effects. Agreement adds a little (names stay the main evidence); clear disagreement
# removes enough to take a typical name-only alert below the default threshold.
SCHEMA_MISMATCH = -0.35  # a person against an organisation, or the reverse
SCHEMA_PERSON_CRAFT = -0.4  # a person against a vessel or aircraft, or the reverse
# A company and a ship are different parties, though a ship is often named after its owner
# (or the reverse): a name shared with the other kind is a lead to review, not an alert on a
# partial name ("Vega Group" ~ vessel "VEGA"); an identical name stays just above the threshold.
SCHEMA_ORG_VESSEL = -0.2
DOB_SAME_DAY = 0.05
DOB_SAME_MONTH = 0.03
DOB_SAME_YEAR = 0.02
DOB_NEAR_YEAR = 0.0
DOB_DISJOINT = -0.3
COUNTRY_MATCH = 0.03
COUNTRY_MISMATCH = -0.15
ID_CONFLICT = -0.3
#: An exact strong identifier is decisive: the score is raised to at least this.
ID_DECISIVE_FLOOR = 0.99
#: The most the type, birth date and country qualifiers together can add to a name score.
MAX_FACT_GAIN = DOB_SAME_DAY + COUNTRY_MATCH

_ID_CLEAN = re.compile(r"[^0-9A-Z]")


@dataclass(frozen=True, slots=True)
class Qualifier:
    feature: str  # "schema", "birth_date", "country", "identifier"
    effect: float  # how much the score moved (negative lowers it)
    outcome: str  # "match", "partial", "mismatch", "conflict", "decisive"
    detail: str
    floor: float | None = None  # a minimum score this evidence imposes


_CRAFT = frozenset({Schema.VESSEL, Schema.AIRCRAFT})


def _schema_effect(query: Schema, listed: Schema) -> tuple[float, str]:
    if {query, listed} <= {Schema.ORGANIZATION, Schema.VESSEL}:
        return SCHEMA_ORG_VESSEL, "partial"
    if Schema.PERSON in (query, listed) and (query in _CRAFT or listed in _CRAFT):
        return SCHEMA_PERSON_CRAFT, "mismatch"
    return SCHEMA_MISMATCH, "mismatch"


def schema_qualifier(query: Schema | None, entity: Entity) -> Qualifier | None:
    """A person screened against a company or a ship is less likely the same party."""
    if query is None or query == entity.schema:
        return None
    effect, outcome = _schema_effect(query, entity.schema)
    return Qualifier(
        "schema", effect, outcome, f"query is a {query}, listed entry a {entity.schema}"
    )


def _dob_relation(query: str, listed: str) -> tuple[str, float]:
    common = min(len(query), len(listed))
    if query[:common] == listed[:common]:
        if common >= 10:
            return "same day", DOB_SAME_DAY
        return ("same month", DOB_SAME_MONTH) if common >= 7 else ("same year", DOB_SAME_YEAR)
    if abs(int(query[:4]) - int(listed[:4])) <= 1 and query[:4] != listed[:4]:
        return "within a year", DOB_NEAR_YEAR
    if query[:4] == listed[:4]:
        return "same year, other day", DOB_SAME_YEAR / 2
    return "disjoint", DOB_DISJOINT


def birth_date_qualifier(
    query_dob: str | None, entity: Entity, linked: Sequence[Entity] = ()
) -> Qualifier | None:
    """Compare a (partial) birth date with every date the list gives, and those of the
    entries reliably linked to it (:mod:`service.engine.links`); the best agreement wins."""
    if not query_dob or entity.schema != Schema.PERSON:
        return None
    best: tuple[str, float, str, Entity] | None = None
    for source in (entity, *linked):
        if source.schema != Schema.PERSON:
            continue
        for listed in source.birth_dates:
            if len(listed) < 4 or not listed[:4].isdigit():
                continue
            label, effect = _dob_relation(query_dob, listed)
            if best is None or effect > best[1]:
                best = (label, effect, listed, source)
    if best is None:
        return None
    label, effect, listed, source = best
    outcome = "match" if effect > 0 else ("mismatch" if effect < 0 else "partial")
    return Qualifier(
        "birth_date",
        effect,
        outcome,
        f"birth date {query_dob} vs listed {listed}{_via(entity, source)}: {label}",
    )


def _via(entity: Entity, source: Entity) -> str:
    return "" if source is entity else f" (on the linked entry {source.id})"


def entity_countries(entity: Entity) -> set[str]:
    """Every country an entry is tied to: nationality, country, addresses, id issuers."""
    codes = set(entity.countries) | set(entity.nationalities)
    codes.update(a.country for a in entity.addresses if a.country)
    codes.update(i.country for i in entity.identifiers if i.country)
    return codes


def country_qualifier(
    query_country: str | None, entity: Entity, linked: Sequence[Entity] = ()
) -> Qualifier | None:
    """The query's country among those of the entry and of its linked entries, or not."""
    if not query_country:
        return None
    own = entity_countries(entity)
    others = {e.id: entity_countries(e) for e in linked}
    listed = own.union(*others.values())
    if not listed:
        return None
    shown = sorted(listed)
    via = sorted(i for i, codes in others.items() if codes - own)
    note = f" (with the linked {', '.join(via)})" if via else ""
    if query_country in listed:
        return Qualifier(
            "country",
            COUNTRY_MATCH,
            "match",
            f"country {query_country} is among the listed {shown}{note}",
        )
    return Qualifier(
        "country",
        COUNTRY_MISMATCH,
        "mismatch",
        f"country {query_country} is not among the listed {shown}{note}",
    )


def normalise_id(value: str) -> str:
    return _ID_CLEAN.sub("", value.upper())


def identifier_qualifier(
    query_ids: list[tuple[IdType | None, str]], entity: Entity
) -> Qualifier | None:
    """An exact strong identifier is decisive; a different value of a unique type conflicts."""
    if not query_ids or not entity.identifiers:
        return None
    listed = [(i.type, normalise_id(i.value), i) for i in entity.identifiers]
    conflict = None
    for qtype, qvalue in query_ids:
        value = normalise_id(qvalue)
        if len(value) < 4:
            continue
        for ltype, lvalue, ident in listed:
            same_type = qtype is None or qtype == ltype
            if value == lvalue and same_type:
                strong = ltype in STRONG_ID_TYPES or ltype == IdType.REGISTRATION
                detail = f"{ident.type} {ident.value} matches exactly"
                if strong:
                    return Qualifier("identifier", 0.0, "decisive", detail, floor=ID_DECISIVE_FLOOR)
                return Qualifier("identifier", 0.1, "match", detail)
            if (
                qtype is not None
                and qtype == ltype
                and qtype in {IdType.IMO, IdType.MMSI, IdType.SWIFT_BIC}
            ):
                conflict = Qualifier(
                    "identifier",
                    ID_CONFLICT,
                    "conflict",
                    f"{qtype} {qvalue} differs from listed {ident.value}",
                )
    return conflict
