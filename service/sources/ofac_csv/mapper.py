"""OFAC CSV rows -> Entity; also the entity-building helpers the OFAC XML mapper shares."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Relation, Schema
from service.scripts import detect_script
from service.sources.base import clean
from service.sources.ofac_csv.remarks import RemarkFacts, parse_remarks

T = TypeVar("T")
SOURCE_URL = "https://sanctionssearch.ofac.treas.gov/Details.aspx?id={}"
SCHEMAS = {
    "individual": Schema.PERSON,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    "entity": Schema.ORGANIZATION,
}
ALT_KINDS = {
    "aka": NameKind.AKA,
    "fka": NameKind.FKA,
    "nka": NameKind.NKA,
    "a.k.a.": NameKind.AKA,
    "f.k.a.": NameKind.FKA,
    "n.k.a.": NameKind.NKA,
}


def make_name(
    value: str,
    kind: NameKind,
    person: bool,
    note: str | None = None,
    given: str | None = None,
    family: str | None = None,
) -> Name:
    """A Name; for persons ``LAST, First Middle`` also fills family and given."""
    if person and family is None and given is None and ", " in value:
        family, given = (part.strip() or None for part in value.split(", ", 1))
    script = "Latn" if value.isascii() else detect_script(value)
    return Name(value, kind, script, given=given, family=family, note=note)


def add_unique(items: list[T], values: Iterable[T | None]) -> None:
    """Append values not yet in ``items`` (keeps order)."""
    for value in values:
        if value and value not in items:
            items.append(value)


def apply_facts(entity: Entity, facts: RemarkFacts) -> None:
    """Merge parsed Remarks facts into an entity, skipping duplicates."""
    person = entity.schema is Schema.PERSON
    add_unique(entity.birth_dates, facts.birth_dates)
    add_unique(entity.birth_places, facts.birth_places)
    add_unique(entity.nationalities, facts.nationalities)
    add_unique(entity.countries, facts.countries)
    if facts.gender and not entity.gender:
        entity.gender = facts.gender
    seen = {(i.type, i.value, i.country) for i in entity.identifiers}
    for ident in facts.identifiers:
        if (ident.type, ident.value, ident.country) not in seen:
            seen.add((ident.type, ident.value, ident.country))
            entity.identifiers.append(ident)
    names = {(n.value, n.kind) for n in entity.names}
    for value, kind in facts.aliases:
        if (value, kind) not in names and value != entity.names[0].value:
            names.add((value, kind))
            entity.names.append(make_name(value, kind, person))
    add_unique(entity.relations, facts.relations)


def vessel_note(vessel_type: str | None, tonnage: str | None, grt: str | None) -> str | None:
    """Vessel facts the model has no field for, as a remarks line."""
    parts = [
        f"{label} {value}"
        for label, value in (("Vessel Type", vessel_type), ("Tonnage", tonnage), ("GRT", grt))
        if value
    ]
    return "; ".join(parts) or None


def apply_vessel(
    entity: Entity, call_sign: str | None, flag: str | None, owner: str | None
) -> None:
    """Call sign -> identifier, flag -> countries, owner -> relation."""
    if call_sign:
        entity.identifiers.append(Identifier(IdType.CALL_SIGN, call_sign, label="Call Sign"))
    if code := to_iso2(flag):
        add_unique(entity.countries, [code])
    if owner:
        entity.relations.append(Relation("owner", owner))


def split_programs(value: str | None) -> list[str]:
    """``IRAN] [SDGT`` -> [``IRAN``, ``SDGT``]."""
    text = clean(value)
    if not text:
        return []
    return [p.strip(" []") for p in text.split("] [") if p.strip(" []")]


def map_main(row: list[str], list_id: str, comments: str | None) -> tuple[Entity, RemarkFacts]:
    """One sdn.csv / cons_prim.csv row (+ its overflow comment) -> Entity."""
    ent_num, sdn_name, sdn_type, program, title, call_sign = (clean(v) for v in row[:6])
    vess_type, tonnage, grt, flag, owner, remarks = (clean(v) for v in row[6:12])
    key = ent_num or row[0].strip()
    schema = SCHEMAS.get((sdn_type or "entity").lower(), Schema.ORGANIZATION)
    name = sdn_name or key
    entity = Entity(
        id=f"{list_id}:{key}",
        list_id=list_id,
        schema=schema,
        names=[make_name(name, NameKind.PRIMARY, schema is Schema.PERSON)],
        programs=split_programs(program),
        source_url=SOURCE_URL.format(key),
    )
    if title:
        entity.titles.append(title)
    full = (row[11] if remarks else "") + (comments or "")
    full = " ".join(full.split()) or None
    facts = parse_remarks(full)
    apply_vessel(entity, call_sign, flag, owner)
    apply_facts(entity, facts)
    extra = vessel_note(vess_type, tonnage, grt)
    entity.remarks = "\n".join(p for p in (full, extra) if p) or None
    return entity, facts


def map_alt(entity: Entity, row: list[str]) -> None:
    """One alt.csv row -> an alias of the entity (alt_remarks as the name's note)."""
    value = clean(row[3])
    if not value or value == entity.names[0].value:
        return
    kind = ALT_KINDS.get((clean(row[2]) or "aka").lower(), NameKind.AKA)
    entity.names.append(make_name(value, kind, entity.schema is Schema.PERSON, clean(row[4])))


def map_add(entity: Entity, row: list[str]) -> None:
    """One add.csv row -> an address (country to ISO, also added to countries)."""
    street, city, country, note = clean(row[2]), clean(row[3]), clean(row[4]), clean(row[5])
    parts = [p for p in (street, city, country) if p]
    if not parts:
        return
    code = to_iso2(country)
    full = ", ".join(parts) + (f" ({note})" if note else "")
    entity.addresses.append(Address(full, city, code))
    if code:
        add_unique(entity.countries, [code])


def group_comments(rows: list[list[str]]) -> dict[str, str]:
    """sdn_comments rows -> {ent_num: continuation text}, in file order."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        grouped[row[0].strip()].append(row[1])
    return {key: "".join(parts) for key, parts in grouped.items()}


def fix_relation_names(entities: Iterable[Entity]) -> None:
    """Settle the ambiguous final dot of ``Linked To: EVIL CORP.`` against the listed names.

    A Remarks text ends with a dot that may or may not belong to the last name in it;
    when exactly one of the two spellings is a name on this list, use that one.
    """
    entities = list(entities)
    known = {name.value for entity in entities for name in entity.names}
    for entity in entities:
        for relation in entity.relations:
            target = relation.target_name
            if target in known:
                continue
            other = target[:-1].rstrip() if target.endswith(".") else target + "."
            if other in known:
                relation.target_name = other
