"""Raw UK rows -> Entity. Shared by the FCDO UK Sanctions List and the OFSI Consolidated List.

Readers turn every layout (FCDO summary .ods, FCDO CSV, FCDO XML, OFSI CSV) into groups of
row dicts keyed by the canonical field names below; one group is one designation. Values
that repeat across the rows of a group (one row per name, per DOB...) are merged here.

Canonical keys: uid, group, unref, name (summary layout: ``SURNAME Given``), name1..name6,
name_type, alias_strength, nonlatin, nonlatin_lang, title, regime, type, source, sanctions,
other, reasons, designated, dob, nationality, passport, passport_info, passport_text
(number and details in one text), natid, natid_info, natid_text, position, gender,
town_birth, country_birth, addr1..addr6, postcode, addr_country, entity_type, regno, parent,
subsidiary, imo, owner, prev_owner, flag, hin.
"""

from __future__ import annotations

import re
from functools import lru_cache

from service.countries import to_iso2
from service.model import Address, Entity, Identifier, IdType, Name, NameKind, Relation, Schema
from service.scripts import detect_script
from service.sources.base import clean, partial_date

SCHEMAS = {"individual": Schema.PERSON, "entity": Schema.ORGANIZATION, "ship": Schema.VESSEL}
_NAME_PARTS = ("name1", "name2", "name3", "name4", "name5", "name6")
_ADDRESS_PARTS = ("addr1", "addr2", "addr3", "addr4", "addr5", "addr6", "postcode")
_NUMBERED = re.compile(r"(?:^|(?<=[\s,;.]))(?:\((?:\d{1,2}|[a-hA-H])\)|(?:\d{1,2}|[a-h])\))\s*")
_PAREN = re.compile(r"\(([^()]*)\)")
_MASK = re.compile(r"\b(?:dd|mm)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_IMO = re.compile(r"\bIMO(?:\s+(?:number|no))?[\s.:#-]*(\d{7})\b", re.IGNORECASE)
_MMSI = re.compile(r"\bMMSI(?:\s+(?:number|no))?[\s.:#-]*(\d{9})\b", re.IGNORECASE)
_ID_HEAD = re.compile(r"\s*\(|,\s|;\s|\.\s|\.$|:\s*$")
#: Spellings ``service.countries`` resolves beyond pycountry's own names.
_REMARK_ORDER = ("other", "r_reasons", "r_entity_type", "r_source", "r_sanctions")
_LABEL_WORDS = frozenset({"no", "nr", "num", "id", "number"})
_QUALIFIERS = re.compile(
    r"^(?:possibly|probably|reportedly|believed to be|formerly|former)\s+|\s+(?:citizenship|citizen"
    r"|nationals?|nationality|nationalities|passport|by birth|origin)$",
    re.IGNORECASE,
)

_DEMONYM_TABLE = """
afghan,afgan:AF albanian:AL algerian:DZ american:US angolan:AO argentine,argentinian:AR
armenian:AM australian:AU austrian:AT azerbaijani:AZ bahraini:BH bangladeshi:BD
belarusian,belarussian,byelorussian:BY belgian:BE beninese:BJ bosnian:BA brazilian:BR
british:GB bulgarian:BG burkinabe:BF burmese:MM burundian:BI cambodian:KH cameroonian:CM
canadian:CA central&african:CF chadian:TD chilean:CL chinese:CN colombian:CO comorian:KM
congolese:CD croatian:HR cuban:CU cypriot:CY czech:CZ danish:DK djiboutian:DJ dutch:NL
egyptian:EG emirati:AE eritrean:ER estonian:EE ethiopian:ET filipino:PH finnish:FI french:FR
gabonese:GA gambian:GM georgian:GE german:DE ghanaian:GH greek:GR guinean:GN haitian:HT
indian:IN indonesian:ID iranian:IR iraqi:IQ irish:IE israeli:IL italian:IT ivorian:CI
jamaican:JM japanese:JP jordanian:JO kazakh,kazakhstani:KZ kenyan:KE kosovan:XK kuwaiti:KW
kyrgyz:KG lebanese:LB liberian:LR libyan:LY lithuanian:LT latvian:LV malaysian:MY
maldivian:MV malian:ML mauritanian:MR mexican:MX moldovan:MD montenegrin:ME moroccan:MA
mozambican:MZ nepalese:NP nicaraguan:NI nigerian:NG nigerien:NE north&korean:KP
norwegian:NO omani:OM pakistani:PK palestinian:PS panamanian:PA polish:PL portuguese:PT
qatari,qatarian:QA romanian:RO russian:RU rwandan:RW saudi,saudi&arabian:SA senegalese:SN
serbian:RS singaporean:SG slovak:SK slovenian:SI somali,somalian:SO south&african:ZA
south&korean:KR south&sudanese:SS spanish:ES sri&lankan:LK sudanese:SD swedish:SE swiss:CH
syrian:SY taiwanese:TW tajik:TJ tanzanian:TZ thai:TH togolese:TG tunisian:TN turkish:TR
turkmen:TM ugandan:UG ukrainian:UA uzbek:UZ venezuelan:VE vietnamese:VN yemeni:YE
zambian:ZM zimbabwean:ZW
"""
DEMONYMS: dict[str, str] = {
    word.replace("&", " "): code
    for item in _DEMONYM_TABLE.split()
    for words, code in [item.split(":")]
    for word in words.split(",")
}


@lru_cache(maxsize=8192)
def country_code(value: str | None) -> str | None:
    """ISO alpha-2 for a country name or nationality adjective as the UK lists write them.

    Exact look-ups only (names, codes, known spellings, demonyms): free text such as
    ``In Syria as at June 2013`` gives None rather than a slow fuzzy guess.
    """
    text = clean((value or "").replace("\u2019", "'"))
    if not text:
        return None
    stripped = _QUALIFIERS.sub("", clean(_PAREN.sub(" ", text)) or "").strip(" .,;:")
    for candidate in (text.strip(" .,;:"), stripped):
        key = candidate.lower()
        if key in DEMONYMS:
            return DEMONYMS[key]
        if key and len(key) <= 60 and not any(ch.isdigit() for ch in key):
            code = _exact_code(candidate)
            if code:
                return code
    return None


def _exact_code(text: str) -> str | None:
    return to_iso2(text, fuzzy=False)


def find_country(text: str | None) -> str | None:
    """The first country named in a document's details: ``(Russia)``, ``Afghan. Issued ...``."""
    if not text:
        return None
    for candidate in _PAREN.findall(text) + re.split(r"[.,;]", text, maxsplit=6)[:6]:
        words = candidate.split()
        for option in (candidate, " ".join(words[:2]), " ".join(words[:1])):
            code = country_code(option)
            if code:
                return code
    return None


def split_numbered(value: str | None) -> list[str]:
    """Split ``(1) Saudi Arabia (2) Qatar`` / ``a) x b) y`` into parts; else one part."""
    text = clean(value)
    if not text:
        return []
    if not _NUMBERED.match(text):
        return [text]
    parts = (clean(part.strip(" ,;.")) for part in _NUMBERED.split(text))
    return [part for part in parts if part]


def id_value(text: str) -> str | None:
    """The number in a document text: ``Passport No: 592667 (Qatari ...)`` -> ``592667``.

    Takes the run of tokens holding digits (plus a one- or two-letter prefix such as the
    ``M`` of ``M 271351``), after dropping labels like ``no.``.
    """
    text = re.sub(r"\b(no|nr|num)\.\s*", r"\1 ", text, flags=re.IGNORECASE)
    tokens = _ID_HEAD.split(text, maxsplit=1)[0].split()
    digits = [any(ch.isdigit() for ch in token) for token in tokens]
    if True not in digits:
        return None
    start = end = digits.index(True)
    while end < len(tokens) and digits[end]:
        end += 1
    before = tokens[start - 1] if start else ""
    if before.isalpha() and len(before) <= 2 and before.lower() not in _LABEL_WORDS:
        start -= 1
    return " ".join(tokens[start:end]).strip(" .,;:#-") or None


def birth_date(value: str) -> str | None:
    """A DOB with ``dd``/``mm``/``00`` for unknown parts as a partial ISO date."""
    text = _MASK.sub("00", value)
    found = partial_date(text)
    if found:
        return found
    year = _YEAR.search(text)
    return year.group(1) if year else None


def split_surname_first(value: str) -> tuple[str | None, str | None]:
    """``SURNAME Given Names`` -> (family, given) when leading tokens are upper case."""
    tokens = value.split()
    count = 0
    while count < len(tokens) and _is_upper(tokens[count]):
        count += 1
    if count == 0 or count == len(tokens):
        return None, None
    return " ".join(tokens[:count]), " ".join(tokens[count:])


def _is_upper(token: str) -> bool:
    tail = re.split(r"[-']", token)[-1] if ("-" in token or "'" in token) else token
    letters = [ch for ch in tail if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def name_kind(name_type: str | None, strength: str | None) -> NameKind:
    """Map ``Primary Name``/``Prime Alias``/``Alias``/``AKA``/``FKA`` and a strength to a kind.

    A row without a name type (the summary layout) holds the primary name.
    """
    kind = (name_type or "").strip().lower()
    if not kind or (kind.startswith("prim") and "variation" not in kind):
        return NameKind.PRIMARY
    if "fka" in kind or "formerly" in kind:
        return NameKind.FKA
    if strength and "low" in strength.lower():
        return NameKind.WEAK
    return NameKind.AKA


class Builder:
    """Accumulates the rows of one designation and builds the Entity, values de-duplicated."""

    def __init__(self, key: str, rows: list[dict[str, str]]):
        self.key = key
        kinds = [row["type"].strip().lower() for row in rows if row.get("type")]
        self.type = kinds[0] if kinds else ""
        self.schema = SCHEMAS.get(self.type, Schema.ORGANIZATION)
        self.names: list[Name] = []
        self.seen: dict[str, set] = {}
        self.lists: dict[str, list] = {}

    def add(self, field: str, value: object, key: object = None) -> None:
        if value is None or value == "":
            return
        seen = self.seen.setdefault(field, set())
        mark = value if key is None else key
        if mark not in seen:
            seen.add(mark)
            self.lists.setdefault(field, []).append(value)

    def get(self, field: str) -> list:
        return self.lists.get(field, [])

    def add_name(self, value: str | None, kind: NameKind, **parts: str | None) -> None:
        text = clean(value)
        if not text:
            return
        mark = (text.casefold(), kind)
        if mark in self.seen.setdefault("names", set()):
            return
        self.seen["names"].add(mark)
        quality = "Low" if kind is NameKind.WEAK else None
        self.names.append(Name(text, kind, detect_script(text), quality=quality, **parts))


def map_group(key: str, rows: list[dict[str, str]], list_id: str, warnings: list[str]) -> Entity:
    """Build one Entity from the rows of one designation (a nameless one is named by its id)."""
    b = Builder(key, rows)
    if b.type and b.type not in SCHEMAS:
        warnings.append(f"{key}: unknown type {b.type!r}, mapped as an organization")
    for row in rows:
        keys = row.keys()
        for handler, wanted in _HANDLERS:
            if not keys.isdisjoint(wanted):
                handler(b, row)
    names = _ordered_names(b, warnings)
    if not names:  # kept, so the list stays complete; its id stands in for the name
        warnings.append(f"{key}: designation without a name; its id is used as the name")
        names = [Name(key, NameKind.PRIMARY, note="no name in the source file")]
    listed = sorted(b.get("listed"))
    return Entity(
        id=f"{list_id}:{key}",
        list_id=list_id,
        schema=b.schema,
        names=names,
        birth_dates=b.get("dob"),
        birth_places=b.get("pob"),
        nationalities=b.get("nat"),
        countries=b.get("country"),
        addresses=b.get("address"),
        identifiers=b.get("id"),
        programs=b.get("program"),
        listed_on=listed[0] if listed else None,
        remarks="\n".join(r for part in _REMARK_ORDER for r in b.get(part)) or None,
        relations=b.get("relation"),
        gender=(b.get("gender") or [None])[0],
        titles=b.get("title"),
        positions=b.get("position"),
    )


def _ordered_names(b: Builder, warnings: list[str]) -> list[Name]:
    primary = [n for n in b.names if n.kind is NameKind.PRIMARY]
    others = [n for n in b.names if n.kind is not NameKind.PRIMARY]
    if not primary and others:
        others[0].kind = NameKind.PRIMARY
        warnings.append(f"{b.key}: no primary name; first name used")
        return others
    for extra in primary[1:]:
        extra.kind = NameKind.AKA
    main = primary[:1]
    skip = {main[0].value.casefold()} if main else set()
    return main + [n for n in primary[1:] + others if n.value.casefold() not in skip]


def _names(b: Builder, row: dict[str, str]) -> None:
    kind = name_kind(row.get("name_type"), row.get("alias_strength"))
    if row.get("name"):
        text = clean(row["name"]) or ""
        family, given = split_surname_first(text) if b.schema is Schema.PERSON else (None, None)
        b.add_name(text, kind, family=family, given=given)
    parts = [clean(row.get(part)) for part in _NAME_PARTS]
    if any(parts):
        firsts = [p for p in parts[:5] if p]
        full = " ".join(firsts + ([parts[5]] if parts[5] else []))
        if b.schema is Schema.PERSON and firsts and parts[5]:
            middle = " ".join(firsts[1:]) or None
            b.add_name(full, kind, given=firsts[0], middle=middle, family=parts[5])
        else:
            b.add_name(full, kind)
    if row.get("nonlatin"):
        b.add_name(row["nonlatin"], NameKind.AKA, note=clean(row.get("nonlatin_lang")))


def _person(b: Builder, row: dict[str, str]) -> None:
    for part in split_numbered(row.get("dob")):
        b.add("dob", birth_date(part))
    for part in split_numbered(row.get("nationality")):
        b.add("nat", country_code(part))
    towns, places = split_numbered(row.get("town_birth")), split_numbered(row.get("country_birth"))
    if len(towns) == 1 and len(places) == 1:
        b.add("pob", f"{towns[0]}, {places[0]}")
    else:
        for place in towns + places:
            b.add("pob", place)
    for field in ("title", "position"):
        for part in split_numbered(row.get(field)):
            b.add(field, part)
    if row.get("gender"):
        b.add("gender", row["gender"].strip().lower())


def _documents(b: Builder, row: dict[str, str]) -> None:
    for field, id_type in (("passport", IdType.PASSPORT), ("natid", IdType.NATIONAL_ID)):
        value = clean(row.get(field))
        if value:
            info = clean(row.get(f"{field}_info"))
            _add_id(b, Identifier(id_type, value, find_country(info), note=info))
        for part in split_numbered(row.get(f"{field}_text")):
            number = id_value(part)
            if number:
                note = part if part != number else None
                _add_id(b, Identifier(id_type, number, find_country(part), note=note))
    for field, label in (
        ("group", "OFSI Group ID"),
        ("unref", "UN Reference Number"),
        ("hin", "Hull identification number"),
    ):
        if clean(row.get(field)):
            _add_id(b, Identifier(IdType.OTHER, clean(row[field]) or "", label=label))
    if clean(row.get("regno")):
        _add_id(b, Identifier(IdType.REGISTRATION, clean(row["regno"]) or ""))
    if clean(row.get("imo")):
        digits = re.sub(r"\D", "", row["imo"])
        _add_id(b, Identifier(IdType.IMO, digits if len(digits) == 7 else clean(row["imo"]) or ""))


def _add_id(b: Builder, ident: Identifier) -> None:
    b.add("id", ident, key=(ident.type, ident.value, ident.label))


def _listing(b: Builder, row: dict[str, str]) -> None:
    b.add("program", clean(row.get("regime")))
    b.add("listed", partial_date(row.get("designated")))
    b.add("country", country_code(row.get("flag")))


def _address(b: Builder, row: dict[str, str]) -> None:
    lines = [clean(row.get(part)) for part in _ADDRESS_PARTS]
    country_name = clean(row.get("addr_country"))
    code = country_code(country_name)
    if any(lines) or country_name:
        full = ", ".join([line for line in lines if line] + [country_name or ""]).strip(", ")
        b.add("address", Address(full, country=code), key=full.casefold())
    b.add("country", code)


_RELATIONS = (
    ("parent", "parent"),
    ("subsidiary", "subsidiary"),
    ("owner", "owner"),
    ("prev_owner", "former_owner"),
)


def _relations(b: Builder, row: dict[str, str]) -> None:
    for field, kind in _RELATIONS:
        for target in split_numbered(row.get(field)):
            b.add("relation", Relation(kind, target), key=(kind, target.casefold()))


def _remarks(b: Builder, row: dict[str, str]) -> None:
    other = clean(row.get("other"))
    if other:
        b.add("other", other)
        if "IMO" in other or "MMSI" in other:
            for number in _IMO.findall(other):
                _add_id(b, Identifier(IdType.IMO, number))
            for number in _MMSI.findall(other):
                _add_id(b, Identifier(IdType.MMSI, number))
    if clean(row.get("reasons")):
        b.add("r_reasons", f"Statement of reasons: {clean(row['reasons'])}")
    if clean(row.get("entity_type")):
        b.add("r_entity_type", f"Type of entity: {clean(row['entity_type'])}")
    if clean(row.get("source")):
        b.add("r_source", f"Designation source: {clean(row['source'])}")
    if clean(row.get("sanctions")):
        text = clean(row["sanctions"]) or ""
        parts = [p.strip() for p in text.split("|")] if "|" in text else [text]
        b.add("r_sanctions", f"Sanctions imposed: {', '.join(p for p in parts if p)}")


#: Row handlers, each run only for rows holding one of its keys.
_HANDLERS = (
    (_names, frozenset({"name", "nonlatin", *_NAME_PARTS})),
    (
        _person,
        frozenset(
            {"dob", "nationality", "town_birth", "country_birth", "title", "position", "gender"}
        ),
    ),
    (
        _documents,
        frozenset(
            {
                "passport",
                "passport_text",
                "natid",
                "natid_text",
                "group",
                "unref",
                "hin",
                "regno",
                "imo",
            }
        ),
    ),
    (_listing, frozenset({"regime", "designated", "flag"})),
    (_address, frozenset({"addr_country", *_ADDRESS_PARTS})),
    (_relations, frozenset(field for field, _kind in _RELATIONS)),
    (_remarks, frozenset({"other", "reasons", "entity_type", "source", "sanctions"})),
)
