"""OFAC XML ``sdnEntry`` records -> Entity.

Identifier labels (``idType``) are typed with the same table as the CSV Remarks
(:mod:`service.sources.ofac_csv.remarks`); non-identifier ``idType`` entries (website, e-mail,
sanction notes) are kept in the remarks text, as the CSV has them.
"""

from __future__ import annotations

from service.countries import to_iso2
from service.model import Address, Entity, IdType, NameKind, Schema
from service.sources.base import clean
from service.sources.ofac_csv.mapper import (
    ALT_KINDS,
    SCHEMAS,
    SOURCE_URL,
    add_unique,
    apply_facts,
    apply_vessel,
    make_name,
    vessel_note,
)
from service.sources.ofac_csv.remarks import (
    RemarkFacts,
    identifier_from,
    label_kind,
    parse_dob,
    parse_remarks,
)
from service.sources.ofac_xml.reader import Record


def _full_name(first: str | None, last: str | None) -> str | None:
    if first and last:
        return f"{last}, {first}"
    return last or first


def map_entry(record: Record, list_id: str) -> Entity:
    """One ``sdnEntry`` record -> Entity (id ``<list_id>:<uid>``)."""
    uid = clean(record.get("uid")) or "?"
    schema = SCHEMAS.get((clean(record.get("sdnType")) or "entity").lower(), Schema.ORGANIZATION)
    person = schema is Schema.PERSON
    first, last = clean(record.get("firstName")), clean(record.get("lastName"))
    value = _full_name(first, last) or uid
    primary = make_name(
        value,
        NameKind.PRIMARY,
        person,
        given=first if person else None,
        family=last if person else None,
    )
    entity = Entity(
        id=f"{list_id}:{uid}",
        list_id=list_id,
        schema=schema,
        names=[primary],
        programs=list(record.get("programList", [])),
        source_url=SOURCE_URL.format(uid),
    )
    if title := clean(record.get("title")):
        entity.titles.append(title)
    _names(entity, record.get("akaList", []), person)
    _addresses(entity, record.get("addressList", []))
    _born(entity, record)
    extra = _ids(entity, record.get("idList", []))
    vessel = record.get("vesselInfo") or {}
    if vessel:
        apply_vessel(
            entity,
            clean(vessel.get("callSign")),
            clean(vessel.get("vesselFlag")),
            clean(vessel.get("vesselOwner")),
        )
        extra.append(
            vessel_note(
                clean(vessel.get("vesselType")),
                clean(vessel.get("tonnage")),
                clean(vessel.get("grossRegisteredTonnage")),
            )
        )
    remarks = clean(record.get("remarks"))
    apply_facts(entity, parse_remarks(remarks))
    entity.remarks = "\n".join(p for p in [remarks, *extra] if p) or None
    return entity


def _names(entity: Entity, akas: list[dict], person: bool) -> None:
    for aka in akas:
        first, last = clean(aka.get("firstName")), clean(aka.get("lastName"))
        value = _full_name(first, last)
        if not value or value == entity.names[0].value:
            continue
        if (clean(aka.get("category")) or "").lower() == "weak":
            kind = NameKind.WEAK
        else:
            kind = ALT_KINDS.get((clean(aka.get("type")) or "a.k.a.").lower(), NameKind.AKA)
        entity.names.append(
            make_name(
                value,
                kind,
                person,
                given=first if person else None,
                family=last if person else None,
            )
        )


def _addresses(entity: Entity, items: list[dict]) -> None:
    """Addresses, written like the CSV's: street lines, ``city, state postcode``, country."""
    for item in items:
        country = clean(item.get("country"))
        place = ", ".join(
            p for p in (clean(item.get("city")), clean(item.get("stateOrProvince"))) if p
        )
        place = " ".join(p for p in (place, clean(item.get("postalCode"))) if p)
        streets = [clean(item.get(k)) for k in ("address1", "address2", "address3")]
        parts = [p for p in (*streets, place, country) if p]
        if not parts:
            continue
        code = to_iso2(country)
        entity.addresses.append(Address(", ".join(parts), clean(item.get("city")), code))
        if code:
            add_unique(entity.countries, [code])


def _born(entity: Entity, record: Record) -> None:
    for item in record.get("dateOfBirthList", []):
        add_unique(entity.birth_dates, parse_dob(clean(item.get("dateOfBirth"))))
    for item in record.get("placeOfBirthList", []):
        add_unique(entity.birth_places, [clean(item.get("placeOfBirth"))])
    for key in ("nationalityList", "citizenshipList"):
        add_unique(
            entity.nationalities, [to_iso2(clean(i.get("country"))) for i in record.get(key, [])]
        )


def _ids(entity: Entity, items: list[dict]) -> list[str | None]:
    """Typed identifiers into the entity; returns the non-identifier entries as remark lines."""
    extra: list[str | None] = []
    facts = RemarkFacts()
    for item in items:
        label, number = clean(item.get("idType")) or "", clean(item.get("idNumber")) or ""
        country = to_iso2(clean(item.get("idCountry")))
        kind = label_kind(label) if label else None
        if kind is None or isinstance(kind, IdType):
            ident = identifier_from(label or "ID", number, country, kind or IdType.OTHER)
            if ident:
                ident.note = _dates_note(item, ident.note)
                facts.identifiers.append(ident)
            continue
        if kind == "gender":
            facts.gender = number.lower() if number.lower() in ("male", "female") else None
        elif kind == "country":
            add_unique(facts.countries, [country or to_iso2(number)])
        extra.append(" ".join(p for p in (label, number) if p))
    apply_facts(entity, facts)
    return extra


def _dates_note(item: dict, note: str | None) -> str | None:
    issued, expires = clean(item.get("issueDate")), clean(item.get("expirationDate"))
    parts = [
        note,
        f"issued {issued}" if issued else None,
        f"expires {expires}" if expires else None,
    ]
    return "; ".join(p for p in parts if p) or None
