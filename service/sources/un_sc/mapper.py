"""Map flattened UN Consolidated List records into :class:`~service.model.Entity`.

Choices made here:

* ids are ``<list_id>:<REFERENCE_NUMBER>`` (``un_sc:QDi.006``), DATAID when there is none;
* the primary name is FIRST..FOURTH_NAME joined in the source's order; name parts are filled
  only as the source orders them (FIRST -> given, last filled of SECOND..FOURTH -> family);
* individual alias QUALITY ``Good`` -> aka, ``Low`` -> weak; entity alias ``a.k.a.``/``f.k.a.``
  -> aka/fka; the raw quality is kept on the name. Multi-name aliases (``A; B``,
  ``ORIGINAL (A; B)``) are split; ``NAME_ORIGINAL_SCRIPT`` becomes an aka in its script;
* ``countries`` holds address countries then nationalities (ISO alpha-2);
* programs are ``UN_LIST_TYPE`` plus the regime code of the reference (``QD``, ``KP``...);
* references to other entries in COMMENTS1 (``QDe.004``) become ``associate`` relations.
"""

from __future__ import annotations

import re
from typing import Any

from service.countries import countries_in, to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Relation, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date

SOURCE_URL = "https://scsanctions.un.org/"
_NAME_FIELDS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_REF = re.compile(r"\b([A-Z]{2}[ie]\.\d{3})\b")
_ENUM = re.compile(r"(?:^|\s)[a-z]\)\s+")
_ORIGINAL_SCRIPT_NOTE = re.compile(r"\(original script\)", re.IGNORECASE)
_SCRIPT_IN_NOTE = re.compile(r"\bin [A-Za-z ]{0,20}?:\s*(.+)$", re.IGNORECASE | re.DOTALL)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_ID_KEYWORD = re.compile(r"\b(?:number|no)\b\.?\s*:?\s*", re.IGNORECASE)
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*$")
_TRAILING_WORDS = re.compile(r",\s*([^\d,]+)$")
_ALIAS_KINDS = {
    "good": NameKind.AKA,
    "low": NameKind.WEAK,
    "a.k.a.": NameKind.AKA,
    "f.k.a.": NameKind.FKA,
    "n.k.a.": NameKind.NKA,
}
_MAX_YEAR_RANGE = 10


def map_record(record: dict[str, Any], list_id: str) -> Entity | None:
    """One UN entry as an Entity; None when it has no name or no reference/DATAID."""
    is_person = record.get("_kind") == "INDIVIDUAL"
    names = _names(record, is_person)
    ref = clean(record.get("REFERENCE_NUMBER"))
    key = ref or clean(record.get("DATAID"))
    if not names or not key:
        return None
    entity = Entity(
        id=f"{list_id}:{key}",
        list_id=list_id,
        schema=Schema.PERSON if is_person else Schema.ORGANIZATION,
        names=names,
        listed_on=partial_date(record.get("LISTED_ON")),
        remarks=clean(record.get("COMMENTS1")),
        source_url=SOURCE_URL,
    )
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    entity.nationalities = countries_in(record.get("NATIONALITY", []))
    entity.addresses = [a for a in map(_address, record.get(f"{prefix}_ADDRESS", [])) if a]
    entity.countries = _unique(
        [a.country for a in entity.addresses if a.country] + entity.nationalities
    )
    entity.programs = _programs(record.get("UN_LIST_TYPE"), ref)
    entity.relations = _relations(entity.remarks, ref, list_id)
    if is_person:
        _person_details(entity, record)
    return entity


def _person_details(entity: Entity, record: dict[str, Any]) -> None:
    births: list[str] = []
    for item in record.get("INDIVIDUAL_DATE_OF_BIRTH", []):
        births.extend(birth_dates(item))
    places = [p for p in map(_place, record.get("INDIVIDUAL_PLACE_OF_BIRTH", [])) if p]
    for alias in record.get("INDIVIDUAL_ALIAS", []):
        if day := partial_date(alias.get("DATE_OF_BIRTH")):
            births.append(day)
        place = ", ".join(
            p
            for p in (clean(alias.get("CITY_OF_BIRTH")), clean(alias.get("COUNTRY_OF_BIRTH")))
            if p
        )
        if place:
            places.append(place)
    entity.birth_dates = _unique(births)
    entity.birth_places = _unique(places)
    entity.identifiers = [i for i in map(_document, record.get("INDIVIDUAL_DOCUMENT", [])) if i]
    entity.titles = _unique([t for t in map(clean, record.get("TITLE", [])) if t])
    entity.positions = _unique([t for t in map(clean, record.get("DESIGNATION", [])) if t])
    entity.gender = _gender(record.get("GENDER"), entity.remarks)


# --- names -------------------------------------------------------------------------------


def _names(record: dict[str, Any], is_person: bool) -> list[Name]:
    names: list[Name] = []
    parts = [p for p in (clean(record.get(f)) for f in _NAME_FIELDS) if p]
    if not parts:
        return names
    if is_person:
        primary = Name(" ".join(parts), NameKind.PRIMARY, detect_script(" ".join(parts)))
        if len(parts) > 1:
            primary.given, primary.family = parts[0], parts[-1]
            primary.middle = " ".join(parts[1:-1]) or None
        names.append(primary)
    else:  # entities put every name in FIRST_NAME, some as "A ; B"
        for i, value in enumerate(split_alias(" ".join(parts))):
            names.append(
                Name(value, NameKind.PRIMARY if i == 0 else NameKind.AKA, detect_script(value))
            )
    for value in split_alias(record.get("NAME_ORIGINAL_SCRIPT")):
        names.append(Name(value, NameKind.AKA, detect_script(value), note="original script"))
    prefix = "INDIVIDUAL" if is_person else "ENTITY"
    for alias in record.get(f"{prefix}_ALIAS", []):
        names.extend(_alias_names(alias))
    return _dedupe_names(names)


def _alias_names(alias: dict[str, str]) -> list[Name]:
    quality = clean(alias.get("QUALITY"))
    kind = _ALIAS_KINDS.get((quality or "").lower(), NameKind.AKA)
    note = clean(alias.get("NOTE"))
    out = [
        Name(v, kind, detect_script(v), quality=quality, note=note)
        for v in split_alias(alias.get("ALIAS_NAME"))
    ]
    if note and (match := _SCRIPT_IN_NOTE.search(note)):
        value = clean(match.group(1))
        if value and detect_script(value) != "Latn":
            out.append(Name(value, kind, detect_script(value), quality=quality, note=note))
    return out


def split_alias(value: str | None) -> list[str]:
    """Split a UN multi-name field: ``A; B``, ``ORIGINAL (A; B)``, ``A b) B``."""
    text = clean(value)
    if not text:
        return []
    if ";" not in text and ") " not in text:
        return [text]
    pieces: list[str] = []
    outer, inner = _trailing_group(text)
    if inner is not None and ";" in inner:
        pieces.append(outer)
        text = inner
    for chunk in text.split(";"):
        pieces.extend(_ENUM.split(chunk))
    out = [clean(_ORIGINAL_SCRIPT_NOTE.sub("", p)) for p in pieces]
    return [p for p in out if p]


def _trailing_group(text: str) -> tuple[str, str | None]:
    """Split ``OUTER (INNER)`` at the parenthesis that closes at the end of ``text``."""
    if not text.endswith(")"):
        return text, None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return text[:i].strip(), text[i + 1 : -1]
    return text, None


def _dedupe_names(names: list[Name]) -> list[Name]:
    seen: set[str] = set()
    out: list[Name] = []
    for name in names:
        key = name.value.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


# --- dates, places, addresses ----------------------------------------------------------


def birth_dates(item: dict[str, str]) -> list[str]:
    """Partial ISO dates from one INDIVIDUAL_DATE_OF_BIRTH (EXACT/APPROXIMATELY/BETWEEN)."""
    if day := partial_date(item.get("DATE")):
        return [day]
    note = clean(item.get("NOTE"))
    if year := clean(item.get("YEAR")):  # a NOTE may add the month: "Sep." + 1958
        if note and (day := partial_date(f"{note.strip(' .')} {year}")):
            return [day]
        return [year]
    start, end = clean(item.get("FROM_YEAR")), clean(item.get("TO_YEAR"))
    if start and end and start.isdigit() and end.isdigit():
        low, high = sorted((int(start), int(end)))
        if high - low <= _MAX_YEAR_RANGE:
            return [str(y) for y in range(low, high + 1)]
        return [str(low), str(high)]
    if start or end:
        return [y for y in (start, end) if y]
    if note:  # e.g. "Nov. 1973", "August 1961"; not "24/06/1402 (Hijri Calendar)"
        if day := partial_date(note.replace(".", "")):
            return [day]
        years = _YEAR.findall(note)
        if len(set(years)) == 1:
            return [years[0]]
    return []


def _join(*parts: str | None) -> str | None:
    return ", ".join(p for p in (clean(x) for x in parts) if p) or None


def _place(item: dict[str, str]) -> str | None:
    return _join(
        item.get("STREET"), item.get("CITY"), item.get("STATE_PROVINCE"), item.get("COUNTRY")
    )


def _address(item: dict[str, str]) -> Address | None:
    full = _join(
        item.get("STREET"),
        item.get("CITY"),
        item.get("STATE_PROVINCE"),
        item.get("ZIP_CODE"),
        item.get("COUNTRY"),
    )
    if not full:
        return None
    return Address(full=full, city=clean(item.get("CITY")), country=to_iso2(item.get("COUNTRY")))


# --- documents ----------------------------------------------------------------------------


def _document(item: dict[str, str]) -> Identifier | None:
    raw = clean(item.get("NUMBER"))
    if not raw:
        return None
    value, extra = clean_document_number(raw)
    label = clean(item.get("TYPE_OF_DOCUMENT2")) or clean(item.get("TYPE_OF_DOCUMENT"))
    if label:
        label = label.rstrip(" :") or None
    country = to_iso2(item.get("ISSUING_COUNTRY")) or to_iso2(item.get("COUNTRY_OF_ISSUE"))
    issued = _join(
        item.get("DATE_OF_ISSUE") and f"issued {clean(item['DATE_OF_ISSUE'])}",
        item.get("CITY_OF_ISSUE") and f"in {clean(item['CITY_OF_ISSUE'])}",
    )
    note = (
        "; ".join(
            p
            for p in (clean(item.get("NOTE")), issued, f"as stated: {raw}" if extra else None)
            if p
        )
        or None
    )
    return Identifier(
        type=_doc_type(item, raw), value=value, country=country, label=label, note=note
    )


def _doc_type(item: dict[str, str], raw: str) -> IdType:
    detail = f"{item.get('TYPE_OF_DOCUMENT2') or ''} {raw}".lower()
    main = (item.get("TYPE_OF_DOCUMENT") or "").lower()
    if "passport" in detail or "travel document" in detail:
        return IdType.PASSPORT
    if "fiscal" in detail or "tax" in detail:
        return IdType.TAX_ID
    if any(
        w in detail
        for w in (
            "birth",
            "ration",
            "voter",
            "student",
            "driv",
            "residen",
            "other id",
            "military",
            "serviceman",
            "certificate",
            "laissez",
        )
    ):
        return IdType.OTHER
    if "passport" in main or "pasaporte" in main or "passeport" in main:
        return IdType.PASSPORT
    if "identification" in main or "identity" in main:
        return IdType.NATIONAL_ID
    return IdType.OTHER


def clean_document_number(raw: str) -> tuple[str, bool]:
    """The id itself out of a UN NUMBER field; True when descriptive text was removed.

    ``Libyan passport No. 513519`` -> ``513519``; ``403062567 (US)`` -> ``403062567``;
    ``Libya B/002210`` -> ``B/002210``; ``OB 0243318`` stays as is.
    """
    text = raw
    if (match := _TRAILING_PAREN.search(text)) and match.start() > 0:
        text = text[: match.start()]
    if (match := _TRAILING_WORDS.search(text)) and any(c.isdigit() for c in text[: match.start()]):
        text = text[: match.start()]
    if match := _ID_KEYWORD.search(text):
        rest = text[match.end() :].strip()
        if any(c.isdigit() for c in rest):
            text = rest
    tokens = text.split()
    while (
        len(tokens) > 1
        and not any(c.isdigit() for c in tokens[0])
        and not (len(tokens[0]) <= 2 or (tokens[0].isupper() and len(tokens[0]) <= 4))
    ):
        tokens.pop(0)
    value = " ".join(tokens).strip(" ,;:") or raw
    return value, value != raw


# --- programs, relations, gender ----------------------------------------------------------


def _programs(list_type: str | None, ref: str | None) -> list[str]:
    programs = [p for p in (clean(list_type),) if p]
    if ref and len(ref) >= 2 and ref[:2].isalpha() and ref[:2] not in programs:
        programs.append(ref[:2])
    return programs


def _relations(remarks: str | None, own_ref: str | None, list_id: str) -> list[Relation]:
    if not remarks:
        return []
    refs = _unique([r for r in _REF.findall(remarks) if r != own_ref])
    return [Relation("associate", target_name=r, target_id=f"{list_id}:{r}") for r in refs]


def _gender(value: str | None, remarks: str | None) -> str | None:
    text = (clean(value) or "").lower()
    if text in ("male", "female"):
        return text
    low = (remarks or "").lower()
    if "gender: female" in low:
        return "female"
    if "gender: male" in low:
        return "male"
    return None


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
