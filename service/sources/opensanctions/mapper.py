"""Map OpenSanctions ``targets.simple.csv`` rows into entities, plus helpers shared with FtM."""

from __future__ import annotations

import csv
import re
from datetime import date

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date, split_multi

#: FollowTheMoney schemata mapped to our schemas; every other schema is not a target.
SCHEMAS: dict[str, Schema] = {
    "Person": Schema.PERSON,
    "Company": Schema.ORGANIZATION,
    "Organization": Schema.ORGANIZATION,
    "LegalEntity": Schema.ORGANIZATION,
    "PublicBody": Schema.ORGANIZATION,
    "Vessel": Schema.VESSEL,
    "Airplane": Schema.AIRCRAFT,
}
#: Dataset titles (the simple CSV's ``dataset`` column) whose dataset name is known.
DATASET_TITLES: dict[str, str] = {
    "ukraine war and sanctions": "ua_war_sanctions",
    "us ofac specially designated nationals (sdn) list": "us_ofac_sdn",
    "eu financial sanctions files (fsf)": "eu_fsf",
    "un security council consolidated sanctions": "un_sc_sanctions",
    "opensanctions default": "default",
    "consolidated sanctions": "sanctions",
}
DEFAULT_LIST_ID = "opensanctions_default"

_IMO = re.compile(r"^IMO\s?(\d{7})$", re.IGNORECASE)
_CALL_SIGN = re.compile(r"^(?=.*[A-Z])[A-Z0-9]{4,7}$")
_SLUG = re.compile(r"[^a-z0-9]+")


def dataset_name(value: str) -> str:
    """A dataset's name from its name or title (``Ukraine War and Sanctions`` ->
    ``ua_war_sanctions``; unknown titles are slugified)."""
    text = value.strip()
    if re.fullmatch(r"[a-z0-9_]+", text):
        return text
    known = DATASET_TITLES.get(text.lower())
    return known or _SLUG.sub("_", text.lower()).strip("_")


def list_id_for(datasets: list[list[str]]) -> str:
    """``opensanctions_<dataset>`` when every sampled entity names the same single dataset,
    else ``opensanctions_default`` (a collection mixing datasets)."""
    names = {dataset_name(d) for group in datasets for d in group if d.strip()}
    singles = all(len([d for d in group if d.strip()]) == 1 for group in datasets)
    if len(names) == 1 and singles:
        return f"opensanctions_{names.pop()}"
    return DEFAULT_LIST_ID


def day_of(value: object) -> date | None:
    """The date part of an ISO timestamp (``2026-03-13T05:41:01``)."""
    if not isinstance(value, str):
        return None
    text = value.strip()[:10]
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def typed_identifier(value: str, schema: Schema) -> Identifier:
    """Type a bare identifier from the simple CSV by its shape and the entity's schema."""
    text = value.strip()
    compact = text.replace(" ", "").upper()
    if match := _IMO.match(compact):
        return Identifier(IdType.IMO, match[1], label="IMO")
    if schema is Schema.VESSEL and len(compact) == 7 and imo_checksum_ok(compact):
        return Identifier(IdType.IMO, compact, label="IMO")
    if compact.isdigit():
        kind = _digits_kind(len(compact), schema)
        if kind is not None:
            return Identifier(kind[0], compact, label=kind[1])
    elif schema is Schema.VESSEL and _CALL_SIGN.match(compact):
        return Identifier(IdType.CALL_SIGN, compact, label="call sign")
    return Identifier(IdType.OTHER, text)


def imo_checksum_ok(digits: str) -> bool:
    """A ship's IMO number: seven digits whose last is the weighted sum of the others mod 10."""
    if len(digits) != 7 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True))
    return total % 10 == int(digits[6])


def _digits_kind(length: int, schema: Schema) -> tuple[IdType, str] | None:
    if schema is Schema.VESSEL:
        if length == 9:
            return IdType.MMSI, "MMSI"
        return None
    if schema is Schema.ORGANIZATION:
        # Russian INN (10 digits) and OGRN (13 digits) of legal entities.
        return {10: (IdType.TAX_ID, "INN"), 13: (IdType.REGISTRATION, "OGRN")}.get(length)
    if schema is Schema.PERSON and length == 12:
        return IdType.TAX_ID, "INN"  # Russian personal taxpayer number
    return None


def alias_names(values: list[str], kind: NameKind, seen: set[str]) -> list[Name]:
    """Names of one kind, skipping those already seen (case-insensitive)."""
    out: list[Name] = []
    for value in values:
        key = value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(Name(value=value, kind=kind, script=detect_script(value)))
    return out


def sanction_texts(value: str) -> list[str]:
    """The ``sanctions`` cell holds CSV-quoted texts joined by ``;``: unquote them."""
    if not value or value == '""':
        return []
    try:
        parts = next(csv.reader([value], delimiter=";"))
    except (csv.Error, StopIteration):
        parts = [value]
    return [text for part in parts if (text := clean(part))]


def map_row(row: dict[str, str], list_id: str) -> Entity | None:
    """One ``targets.simple.csv`` row, or None for a schema that is not a target."""
    schema = SCHEMAS.get(row.get("schema", "").strip())
    name = clean(row.get("name"))
    if schema is None or not name:
        return None
    seen = {name.casefold()}
    names = [Name(value=name, kind=NameKind.PRIMARY, script=detect_script(name))]
    names += alias_names(split_multi(row.get("aliases")), NameKind.AKA, seen)
    countries = [c for v in split_multi(row.get("countries")) if (c := to_iso2(v))]
    remarks = sanction_texts(row.get("sanctions", ""))
    return Entity(
        id=f"{list_id}:{row['id'].strip()}",
        list_id=list_id,
        schema=schema,
        names=names,
        birth_dates=[d for v in split_multi(row.get("birth_date")) if (d := partial_date(v))],
        countries=list(dict.fromkeys(countries)),
        addresses=[Address(full=a) for a in split_multi(row.get("addresses"))],
        identifiers=[typed_identifier(v, schema) for v in split_multi(row.get("identifiers"))],
        programs=split_multi(row.get("program_ids")),
        remarks="\n".join(remarks) or None,
    )
