"""Map rows of the custom CSV format into entities (format: watchlists/CUSTOM_FORMAT.md)."""

from __future__ import annotations

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date, split_multi

SCHEMAS: dict[str, Schema] = {
    "person": Schema.PERSON,
    "individual": Schema.PERSON,
    "organization": Schema.ORGANIZATION,
    "organisation": Schema.ORGANIZATION,
    "entity": Schema.ORGANIZATION,
    "company": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "ship": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
    "airplane": Schema.AIRCRAFT,
}
#: Identifier type words: every IdType value plus common synonyms.
ID_TYPES: dict[str, IdType] = {t.value: t for t in IdType} | {
    "inn": IdType.TAX_ID,
    "tax": IdType.TAX_ID,
    "vat": IdType.TAX_ID,
    "ogrn": IdType.REGISTRATION,
    "lei": IdType.REGISTRATION,
    "company_number": IdType.REGISTRATION,
    "swift": IdType.SWIFT_BIC,
    "bic": IdType.SWIFT_BIC,
    "wallet": IdType.CRYPTO_WALLET,
    "crypto": IdType.CRYPTO_WALLET,
    "id_card": IdType.NATIONAL_ID,
    "msn": IdType.AIRCRAFT_SERIAL,
}


class RowError(ValueError):
    """A row that cannot be loaded safely; the parser turns it into a ListFormatError."""


def map_row(row: dict[str, str], list_id: str, where: str, warnings: list[str]) -> Entity | None:
    """One row as an entity; None (with a warning) for a row without a name.

    ``where`` names the row in messages (``demo_list.csv line 7``).
    """
    key = clean(row.get("id"))
    if not key:
        raise RowError("empty id")
    name = clean(row.get("name"))
    if not name:
        warnings.append(f"{where}: row {key!r} has no name; skipped")
        return None
    schema = SCHEMAS.get((row.get("schema") or "").strip().lower())
    if schema is None:
        raise RowError(
            f"unknown schema {row.get('schema')!r} (person, organization, vessel, aircraft)"
        )
    entity = Entity(
        id=f"{list_id}:{key}",
        list_id=list_id,
        schema=schema,
        names=_names(row, name),
        birth_dates=_dates(split_multi(row.get("birth_date")), where, warnings),
        birth_places=split_multi(row.get("birth_place")),
        nationalities=_countries(row.get("nationality"), where, warnings),
        addresses=[Address(full=a) for a in split_multi(row.get("address"))],
        programs=split_multi(row.get("programs")),
        remarks=clean(row.get("remarks")),
        source_url=clean(row.get("source_url")),
        gender=(clean(row.get("gender")) or "").lower() or None,
        positions=split_multi(row.get("position")),
    )
    entity.countries = _countries(row.get("country"), where, warnings)
    entity.countries += [c for c in entity.nationalities if c not in entity.countries]
    ids = split_multi(row.get("identifiers"))
    entity.identifiers = [_identifier(v, where, warnings) for v in ids]
    listed = _dates(split_multi(row.get("listed_on"))[:1], where, warnings)
    entity.listed_on = listed[0] if listed else None
    return entity


def _names(row: dict[str, str], primary: str) -> list[Name]:
    names = [Name(value=primary, kind=NameKind.PRIMARY, script=detect_script(primary))]
    seen = {primary.casefold()}
    for column, kind in (
        ("aliases", NameKind.AKA),
        ("former_names", NameKind.FKA),
        ("weak_aliases", NameKind.WEAK),
    ):
        for value in split_multi(row.get(column)):
            if value.casefold() not in seen:
                seen.add(value.casefold())
                names.append(Name(value=value, kind=kind, script=detect_script(value)))
    return names


def _dates(values: list[str], where: str, warnings: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        day = partial_date(value)
        if day is None:
            warnings.append(f"{where}: unreadable date {value!r} ignored")
        elif day not in out:
            out.append(day)
    return out


def _countries(value: str | None, where: str, warnings: list[str]) -> list[str]:
    out: list[str] = []
    for part in split_multi(value):
        code = to_iso2(part)
        if code is None:
            warnings.append(f"{where}: unknown country {part!r} ignored")
        elif code not in out:
            out.append(code)
    return out


def _identifier(item: str, where: str, warnings: list[str]) -> Identifier:
    """``type:value[:country]``; an unknown type is kept as ``other`` with its label."""
    kind_text, sep, rest = item.partition(":")
    if not sep or not rest.strip():
        warnings.append(f"{where}: identifier {item!r} has no 'type:' prefix; kept as other")
        return Identifier(IdType.OTHER, item.strip())
    value, country = rest.strip(), None
    head, sep, tail = value.rpartition(":")
    if sep and head.strip() and 2 <= len(tail.strip()) <= 3 and tail.strip().isalpha():
        country = to_iso2(tail.strip())
        if country:
            value = head.strip()
    label = kind_text.strip()
    kind = ID_TYPES.get(label.lower().replace(" ", "_").replace("-", "_"), IdType.OTHER)
    return Identifier(kind, value, country=country, label=label)
