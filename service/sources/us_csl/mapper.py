"""Map CSL rows into entities: names, dates, countries, addresses, typed identifiers."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Relation, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date, split_multi
from service.sources.us_csl.reader import Row

_TYPES = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
# Sub-lists whose untyped entries are always organisations.
_ORG_LISTS = ("Unverified List (UVL)", "Military End User (MEU)")
# Words that mark an untyped name as an organisation.
_ORG_TEXT = """ltd limited inc incorporated corp corporation co company companies llc llp plc
    gmbh jsc ojsc cjsc pjsc ooo oao zao pao fze fzco fzc fzllc group holding holdings trading
    industries industry industrial technology technologies tech electronics electronic
    engineering enterprise enterprises international intl institute institution university
    academy school college center centre bureau ministry department government administration
    agency authority office committee council organization organisation association
    foundation society federation union bank capital investment investments finance
    financial fund insurance services service systems system solutions logistics lojistik
    shipping maritime marine airlines airline aviation aerospace airport freight cargo
    transport express import export imp exp factory plant works manufacturing machinery
    machine machines equipment instruments materials chemical chemicals petroleum oil gas
    energy power mining metals steel laboratory laboratories lab research design development
    science sciences scientific network networks communications telecom software computer
    computers supply supplies products product trade traders global partners consulting
    consultants shipyard brigade regiment army navy force forces guard corps division unit
    party movement front hospital media kiosk semiconductor semiconductors arcade ltda
    promoters establishment production productions marketing sdn bhd directorate results
    sanayi ticaret technical palayesh parts part huawei motors railway railways engineers
    microsystems sons verf neft hizballah hezbollah sanaat aktsionernoe obshchestvo sftue npp
    npo sp"""
_ORG_WORDS = frozenset(_ORG_TEXT.split())
# Legal-form suffixes that count only as the last word (``Nord AG``, not ``Ag Mohamed``).
_ORG_SUFFIXES = frozenset(
    ("ag", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "ab", "oy", "as", "aps", "kft", "lp")
    + ("est", "llc", "a.s", "s.a", "s.l", "s.a.s", "s.r.l", "s.p.a", "b.v", "n.v", "a.g")
)
_LINKED = re.compile(r"Linked To: ([^)]+)\)")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:to|-)\s*(\d{4})$")


def guess_schema(row: Row) -> Schema:
    """The row's schema: its stated type, else evidence from the fields and the name."""
    stated = _TYPES.get(row.get("type", "").strip().lower())
    if stated:
        return stated
    if row.get("dates_of_birth") or row.get("places_of_birth") or row.get("citizenships"):
        return Schema.PERSON
    if row.get("nationalities"):
        return Schema.PERSON
    if row.get("source", "").startswith(_ORG_LISTS):
        return Schema.ORGANIZATION
    return Schema.PERSON if looks_like_person(row.get("name", "")) else Schema.ORGANIZATION


def looks_like_person(name: str) -> bool:
    """A bare name of 2-6 words with no digits and no organisation word."""
    text = name.strip()
    if not text or any(ch.isdigit() or ch in '&("?' for ch in text):
        return False
    tokens = text.split()
    words = [tok.strip(".,;:'\"").lower() for tok in tokens]
    if not 2 <= len(words) <= 6 or _ORG_WORDS.intersection(words) or words[-1] in _ORG_SUFFIXES:
        return False
    first = tokens[0]
    if not text.isupper() and first.isalpha() and first.isupper() and len(first) > 1:
        return False  # a leading acronym in a mixed-case name: ``NPP Istok``
    # Dotted tokens other than initials or suffixes (``MYNET.NET``) mark a company.
    return all(len(tok.rstrip(".,")) <= 3 or "." not in tok.rstrip(".,") for tok in tokens)


def map_row(row: Row, list_id: str) -> Entity:
    """One CSL row as an entity (the caller merges rows sharing an ``_id``)."""
    schema = guess_schema(row)
    entity = Entity(
        id=f"{list_id}:{sub_list_code(row.get('source'))}:{row['_id'].strip()}",
        list_id=list_id,
        schema=schema,
        names=_names(row, schema),
        birth_dates=birth_dates(row.get("dates_of_birth", "")),
        birth_places=split_multi(row.get("places_of_birth")),
        programs=_programs(row),
        listed_on=partial_date(row.get("start_date")),
        remarks=_remarks(row),
        source_url=clean(row.get("source_information_url")) or clean(row.get("source_list_url")),
        positions=split_multi(row.get("title")),
    )
    entity.nationalities = _codes(row.get("citizenships", "") + ";" + row.get("nationalities", ""))
    entity.addresses = [_address(part) for part in split_multi(row.get("addresses"))]
    _add_ids(entity, row.get("ids", ""))
    _add_vessel(entity, row)
    countries = [a.country for a in entity.addresses if a.country] + entity.nationalities
    entity.countries = _unique(entity.countries + countries)
    entity.relations += [Relation("linked_to", n.strip()) for n in _linked(row.get("remarks"))]
    return entity


def _names(row: Row, schema: Schema) -> list[Name]:
    primary = clean(row.get("name")) or ""
    names = [_name(primary, NameKind.PRIMARY, schema, row.get("type") == "Individual")]
    seen = {primary.casefold()}
    for alias in split_multi(row.get("alt_names")):
        if alias.casefold() not in seen:
            seen.add(alias.casefold())
            names.append(_name(alias, NameKind.AKA, schema, row.get("type") == "Individual"))
    return names


def _name(value: str, kind: NameKind, schema: Schema, sdn_style: bool) -> Name:
    name = Name(value=value, kind=kind, script=detect_script(value))
    if schema is Schema.PERSON and sdn_style and value.count(",") == 1:
        family, given = (part.strip() for part in value.split(","))
        if family and given:
            name.family, name.given = family, given
    return name


def birth_dates(value: str) -> list[str]:
    """``1960``, ``1960-01-02``, ``02 Jan 1960``, ``circa 1960``, ``1969 to 1971`` -> ISO."""
    out: list[str] = []
    for part in split_multi(value):
        text = part.lower().removeprefix("circa").removeprefix("approximately").strip()
        if match := _YEAR_RANGE.match(text):
            first, last = int(match[1]), int(match[2])
            years = [str(y) for y in range(first, last + 1)] if 0 <= last - first <= 10 else []
            out.extend(y for y in years if y not in out)
        elif (day := partial_date(text)) and day not in out:
            out.append(day)
    return out


def _programs(row: Row) -> list[str]:
    return _unique(split_multi(row.get("source")) + split_multi(row.get("programs")))


def _remarks(row: Row) -> str | None:
    parts = [clean(row.get("remarks"))]
    for label, key in (
        ("Federal Register", "federal_register_notice"),
        ("Listing ends", "end_date"),
        ("License requirement", "license_requirement"),
        ("Vessel type", "vessel_type"),
    ):
        if value := clean(row.get(key)):
            parts.append(f"{label}: {value}")
    return "; ".join(p for p in parts if p) or None


def _codes(value: str) -> list[str]:
    return _unique([code for part in split_multi(value) if (code := to_iso2(part))])


def _address(full: str) -> Address:
    """``street, city, postal, CC``: the country is the last part when it is one."""
    parts = [p.strip() for p in full.split(",") if p.strip()]
    country = _country_part(parts[-1]) if parts else None
    if country:
        parts = parts[:-1]
    while parts and any(ch.isdigit() for ch in parts[-1]):
        parts.pop()  # postal codes
    if parts and country in ("US", "CA") and len(parts[-1]) == 2 and parts[-1].isupper():
        parts.pop()  # state or province code
    city = parts[-1] if parts and (len(parts) > 1 or country) else None
    return Address(full=full, city=city, country=country)


def _country_part(part: str) -> str | None:
    """The country of an address tail: an ISO code or an exact country name (no fuzzy search,
    so street names and cities are never mistaken for countries)."""
    if len(part) == 2 and part.isupper():
        return to_iso2(part)
    if part.lower() in _country_names():
        return to_iso2(part)
    return None


_EXTRA_COUNTRY_NAMES = (
    "russia|iran|syria|north korea|south korea|burma|venezuela|bolivia|vietnam|laos|taiwan|"
    "turkey|moldova|tanzania|uk|united kingdom|united states|usa|czech republic|macedonia|"
    "democratic republic of the congo|palestine|west bank|gaza|kosovo"
)


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    names = set(_EXTRA_COUNTRY_NAMES.split("|"))
    for country in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            if value := getattr(country, attr, None):
                names.add(value.lower())
    return frozenset(names)


def _add_ids(entity: Entity, value: str) -> None:
    """Parse ``[CC, ][issue date, ]value, label`` items; skip informational ones."""
    for part in value.split(";"):
        bits = [b.strip() for b in part.split(",")]
        if len(bits) < 2 or not bits[-1]:
            continue
        label, rest = bits[-1], [b for b in bits[:-1] if b]
        kind = id_kind(label)
        if kind is None or not rest:
            continue
        if kind == "gender":
            entity.gender = rest[0].lower()
            continue
        if kind == "operator":
            entity.relations.append(Relation("operator", ", ".join(rest)))
            continue
        _add_id(entity, kind, label, rest)


_MAYBE_IMO = (IdType.IMO, IdType.REGISTRATION, IdType.NATIONAL_ID, IdType.OTHER)


def _add_id(entity: Entity, kind: IdType, label: str, rest: list[str]) -> None:
    country = note = None
    if len(rest) > 1 and len(rest[0]) == 2 and rest[0].isupper():
        country = to_iso2(rest[0])
        rest = rest[1:]
    if len(rest) > 1 and _ISO_DAY.match(rest[0]):
        note = f"issued {rest[0]}"
        rest = rest[1:]
    value = ", ".join(rest)
    if value.upper().startswith("IMO") and kind in _MAYBE_IMO:
        kind, value = IdType.IMO, value[3:].strip(" :")
    elif kind is IdType.IMO:
        kind = IdType.REGISTRATION
    if kind is IdType.NATIONAL_ID and entity.schema is not Schema.PERSON:
        kind = IdType.REGISTRATION
    if len(value) > 80:
        return
    entity.identifiers.append(Identifier(kind, value, country=country, label=label, note=note))


# Label fragments ("|"-separated) of informational ``ids`` items, skipped.
_SKIP = "date|website|email|phone|type|model|flag|information|country|nationality of|issuer name"
_SKIP_WORDS = tuple((_SKIP + "|equity ticker|un/locode|sanctions").split("|"))
# Label fragments per identifier type, tried in this order.
_KIND_TEXT: tuple[tuple[IdType, str], ...] = (
    (IdType.CRYPTO_WALLET, "digital currency address"),
    (IdType.SWIFT_BIC, "swift"),
    (IdType.MMSI, "mmsi"),
    (IdType.IMO, "vessel registration identification"),
    (IdType.CALL_SIGN, "call sign"),
    (IdType.AIRCRAFT_SERIAL, "serial number (msn)|aircraft serial|aircraft construction number"),
    (IdType.REGISTRATION, "tail number"),
    (IdType.PASSPORT, "passport|travel document"),
    (IdType.TAX_ID, "tax|r.f.c|rfc|nit #|ruc #|v.a.t|c.u.i.t|rif #|fiscal|fein|nuit|c.i.f"),
    (
        IdType.NATIONAL_ID,
        "national id|cedula|c.u.r.p|d.n.i|personal id|identification number|identidad|"
        "citizen's card|c.u.i|cnp|tazkira|electoral|credencial|i.f.e|birth certificate|residen|"
        "n.i.e|id no|id card|identification|ssn|immigration no|visanumberid|foreign id",
    ),
    (
        IdType.REGISTRATION,
        "registration|registry|company number|business number|chamber of comm|trade license|"
        "uscc|social credit|legal entity number|enterprise number|branch unit|d-u-n-s|"
        "incorporation|folio mercantil|matricula mercantil|le number|c.r.|rsin|file number|"
        "government gazette|romanian",
    ),
)
_KIND_WORDS = tuple((tuple(text.split("|")), kind) for kind, text in _KIND_TEXT)


@lru_cache(maxsize=1024)
def id_kind(label: str) -> IdType | str | None:
    """What an ``ids`` label is: an IdType, "gender", "operator", or None (informational)."""
    low = label.lower().strip()
    if low.endswith((":", "-")) or len(low) > 70:
        return None
    if low == "gender":
        return "gender"
    if low == "aircraft operator":
        return "operator"
    if any(word in low for word in _SKIP_WORDS):
        return None
    for words, kind in _KIND_WORDS:
        if any(word in low for word in words):
            return kind
    return IdType.OTHER


def _add_vessel(entity: Entity, row: Row) -> None:
    if call_sign := clean(row.get("call_sign")):
        entity.identifiers.append(Identifier(IdType.CALL_SIGN, call_sign, label="call_sign"))
    if flag := to_iso2(clean(row.get("vessel_flag"))):
        entity.countries.append(flag)
    if owner := clean(row.get("vessel_owner")):
        entity.relations.append(Relation("owner", owner))


def _linked(remarks: str | None) -> list[str]:
    return _LINKED.findall(remarks) if remarks and "Linked To" in remarks else []


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


_CODE = re.compile(r"\(([^()]+)\)")


def sub_list_code(source: str | None) -> str:
    """The CSL sub-list's short code: ``Entity List (EL) - ...`` -> ``EL``."""
    text = source or ""
    match = _CODE.search(text)
    code = match[1] if match else text.split(" - ")[0]
    code = code.removesuffix(" List").strip() or "CSL"
    return re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-").upper()
