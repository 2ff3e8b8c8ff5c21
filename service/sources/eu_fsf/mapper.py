"""Map flattened EU FSF ``sanctionEntity`` records into :class:`~service.model.Entity`.

Choices made here:

* ids are ``<list_id>:<logicalId>``; the EU reference number (``EU.27.28``) and the UN
  reference (``unitedNationId``) are kept as ``other`` identifiers with a label;
* ``subjectType`` ``person`` -> person, ``enterprise`` -> organisation (a ``vessel`` or
  ``aircraft`` code is honoured should the Commission ever publish one);
* the primary name is the first strong ``nameAlias`` without a language or in English (else
  the first strong, else the first); other strong aliases are aka, ``strong="false"`` ones
  weak; ``nameLanguage`` is kept in the name's note. ``function`` -> positions,
  ``title`` -> titles, ``gender`` M/F -> male/female;
* ``birthdate`` gives a full date, else year/month/day parts, else a year range (expanded
  when short); ``circa`` is noted nowhere (the model has no flag for it);
* ``listed_on`` is ``designationDate``, else the earliest regulation publication date;
  ``source_url`` is that regulation's ``publicationUrl``.
"""

from __future__ import annotations

from typing import Any

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date

SOURCE_URL = "https://webgate.ec.europa.eu/fsd/fsf"
_SCHEMAS = {
    "person": Schema.PERSON,
    "p": Schema.PERSON,
    "enterprise": Schema.ORGANIZATION,
    "e": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "v": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
_ID_TYPES = {
    "passport": IdType.PASSPORT,
    "id": IdType.NATIONAL_ID,
    "ssn": IdType.NATIONAL_ID,
    "fiscalcode": IdType.TAX_ID,
    "regnumber": IdType.REGISTRATION,
    "swiftbic": IdType.SWIFT_BIC,
    "imo": IdType.IMO,
}
_ID_FLAGS = {
    "diplomatic": "diplomatic",
    "knownExpired": "known expired",
    "knownFalse": "known false",
    "reportedLost": "reported lost",
    "revokedByIssuer": "revoked by issuer",
}
_GENDERS = {"m": "male", "f": "female"}
_UNKNOWN_COUNTRY = {"00", "UNKNOWN"}
_MAX_YEAR_RANGE = 10


def map_record(record: dict[str, Any], list_id: str) -> Entity | None:
    """One ``sanctionEntity`` as an Entity; None when it has no usable name or id."""
    key = clean(record.get("logicalId")) or clean(record.get("euReferenceNumber"))
    aliases = record.get("nameAlias", [])
    names = _names(aliases)
    if not names or not key:
        return None
    regulations = sorted(
        record.get("regulation", []), key=lambda r: r.get("publicationDate") or "9999"
    )
    first = regulations[0] if regulations else {}
    entity = Entity(
        id=f"{list_id}:{key}",
        list_id=list_id,
        schema=_schema(record),
        names=names,
        listed_on=partial_date(record.get("designationDate"))
        or partial_date(first.get("publicationDate")),
        remarks=_remarks(record),
        source_url=(first.get("publicationUrl") or [None])[0] or SOURCE_URL,
    )
    entity.programs = _unique([p for r in regulations if (p := clean(r.get("programme")))])
    entity.nationalities = _unique([c for c in map(_country, record.get("citizenship", [])) if c])
    entity.addresses = [a for a in map(_address, record.get("address", [])) if a]
    entity.countries = _unique(
        [a.country for a in entity.addresses if a.country] + entity.nationalities
    )
    entity.identifiers = _reference_ids(record) + [
        i for i in map(_identifier, record.get("identification", [])) if i
    ]
    if entity.schema is Schema.PERSON:
        _person_details(entity, record.get("birthdate", []), aliases)
    return entity


def _person_details(
    entity: Entity, births: list[dict[str, Any]], aliases: list[dict[str, Any]]
) -> None:
    entity.birth_dates = _unique([d for b in births for d in birth_dates(b)])
    entity.birth_places = _unique([p for p in map(_birth_place, births) if p])
    entity.titles = _unique([t for a in aliases if (t := clean(a.get("title")))])
    entity.positions = _unique([f for a in aliases if (f := clean(a.get("function")))])
    genders = {_GENDERS.get((a.get("gender") or "").lower()) for a in aliases} - {None}
    entity.gender = genders.pop() if len(genders) == 1 else None


def _schema(record: dict[str, Any]) -> Schema:
    for subject in record.get("subjectType", []):
        for attr in ("code", "classificationCode"):
            if found := _SCHEMAS.get((subject.get(attr) or "").strip().lower()):
                return found
    return Schema.ORGANIZATION


# --- names -------------------------------------------------------------------------------


def _primary_index(aliases: list[dict[str, Any]]) -> int:
    strong = [i for i, a in enumerate(aliases) if a.get("strong", "true").lower() != "false"]
    for i in strong:
        if (aliases[i].get("nameLanguage") or "").upper() in ("", "EN"):
            return i
    return strong[0] if strong else 0


def _names(aliases: list[dict[str, Any]]) -> list[Name]:
    usable = [a for a in aliases if _whole_name(a)]
    if not usable:
        return []
    primary = _primary_index(usable)
    order = [usable[primary]] + usable[:primary] + usable[primary + 1 :]
    names: list[Name] = []
    seen: set[str] = set()
    for i, alias in enumerate(order):
        value = _whole_name(alias)
        if value is None or value.casefold() in seen:
            continue
        seen.add(value.casefold())
        weak = (alias.get("strong") or "true").lower() == "false"
        kind = NameKind.PRIMARY if i == 0 else (NameKind.WEAK if weak else NameKind.AKA)
        language = clean(alias.get("nameLanguage"))
        names.append(
            Name(
                value=value,
                kind=kind,
                script=detect_script(value),
                given=clean(alias.get("firstName")),
                middle=clean(alias.get("middleName")),
                family=clean(alias.get("lastName")),
                note=f"language {language}" if language else None,
            )
        )
    return names


def _whole_name(alias: dict[str, Any]) -> str | None:
    if whole := clean(alias.get("wholeName")):
        return whole
    parts = [clean(alias.get(k)) for k in ("firstName", "middleName", "lastName")]
    return " ".join(p for p in parts if p) or None


# --- dates, places, countries ----------------------------------------------------------


def birth_dates(item: dict[str, Any]) -> list[str]:
    """Partial ISO dates of one ``birthdate`` element."""
    if day := partial_date(item.get("birthdate")):
        return [day]
    year = clean(item.get("year"))
    if year and year.isdigit():
        month, day_of = clean(item.get("monthOfYear")), clean(item.get("dayOfMonth"))
        if month and month.isdigit():
            text = f"{year}-{int(month):02d}"
            if day_of and day_of.isdigit():
                text += f"-{int(day_of):02d}"
            return [partial_date(text) or year]
        return [year]
    low, high = clean(item.get("yearRangeFrom")), clean(item.get("yearRangeTo"))
    if low and high and low.isdigit() and high.isdigit():
        start, end = sorted((int(low), int(high)))
        if end - start <= _MAX_YEAR_RANGE:
            return [str(y) for y in range(start, end + 1)]
        return [str(start), str(end)]
    return [y for y in (low, high) if y and y.isdigit()]


def _country(item: dict[str, Any]) -> str | None:
    code = clean(item.get("countryIso2Code"))
    if code and code.upper() not in _UNKNOWN_COUNTRY and (found := to_iso2(code)):
        return found
    description = clean(item.get("countryDescription"))
    if description and description.upper() not in _UNKNOWN_COUNTRY:
        return to_iso2(description)
    return None


def _description(item: dict[str, Any]) -> str | None:
    description = clean(item.get("countryDescription"))
    return description if description and description.upper() not in _UNKNOWN_COUNTRY else None


def _join(*parts: str | None) -> str | None:
    return ", ".join(p for p in (clean(x) for x in parts) if p) or None


def _birth_place(item: dict[str, Any]) -> str | None:
    return _join(item.get("place"), item.get("city"), item.get("region"), _description(item))


def _address(item: dict[str, Any]) -> Address | None:
    full = _join(
        item.get("street"),
        item.get("poBox") and f"P.O. Box {item['poBox']}",
        item.get("zipCode"),
        item.get("city"),
        item.get("place"),
        item.get("region"),
        _description(item),
    )
    if not full:
        return None
    return Address(full=full, city=clean(item.get("city")), country=_country(item))


# --- identifiers, remarks -----------------------------------------------------------------


def _identifier(item: dict[str, Any]) -> Identifier | None:
    number = clean(item.get("number")) or clean(item.get("latinNumber"))
    if not number:
        return None
    code = (item.get("identificationTypeCode") or "").strip().lower()
    flags = [text for attr, text in _ID_FLAGS.items() if (item.get(attr) or "").lower() == "true"]
    note_parts = flags + list(item.get("remark", []))
    return Identifier(
        type=_ID_TYPES.get(code, IdType.OTHER),
        value=number,
        country=_country(item),
        label=clean(item.get("identificationTypeDescription")) or code or None,
        note="; ".join(note_parts) or None,
    )


def _reference_ids(record: dict[str, Any]) -> list[Identifier]:
    out = []
    if ref := clean(record.get("euReferenceNumber")):
        out.append(Identifier(IdType.OTHER, ref, label="EU reference number"))
    if un_ref := clean(record.get("unitedNationId")):
        out.append(Identifier(IdType.OTHER, un_ref, label="UN reference number"))
    return out


def _remarks(record: dict[str, Any]) -> str | None:
    parts = [clean(record.get("designationDetails"))] + list(record.get("remark", []))
    return " ".join(p for p in parts if p) or None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
