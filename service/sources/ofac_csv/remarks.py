"""OFAC Remarks text -> structured facts, and the one OFAC label -> IdType table.

The SDN ``Remarks`` field is a ``;``-separated list of ``Label value`` parts
(``DOB 07 Sep 1960; POB St. Petersburg, Russia; Passport 722759197 (Russia) ...``).
Each part is classified with ONE anchored regex built from the label table below, so a
15k-row file costs one match per part. The same table types the ``idType`` labels of
OFAC's XML (``ofac_xml`` imports :func:`identifier_from` and :func:`label_kind`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from service.countries import to_iso2
from service.model import Identifier, IdType, NameKind, Relation
from service.sources.base import partial_date

# fmt: off
P, N, T, R = IdType.PASSPORT, IdType.NATIONAL_ID, IdType.TAX_ID, IdType.REGISTRATION
O = IdType.OTHER  # noqa: E741

#: OFAC identifier labels (as written in Remarks and in XML ``idType``) -> IdType.
ID_LABELS: dict[str, IdType] = {
    # passports and travel documents
    "Passport": P, "Passport No.": P, "Passport Booklet": P, "Diplomatic Passport": P,
    "Stateless Person Passport": P, "British National Overseas Passport": P,
    "Travel Document Number": P, "U.S.A. Passport": P,
    # personal identity numbers
    "National ID No.": N, "Cedula No.": N, "D.N.I.": N, "C.U.I.": N, "C.U.R.P.": N,
    "C.U.R.P. #": N, "CURP #": N, "Identification Number": N, "Personal ID Card": N,
    "National Foreign ID Number": N, "Turkish Identification Number": N,
    "Numero de Identidad": N, "Citizen's Card Number": N, "Kenyan ID No.": N,
    "Tazkira National ID Card": N, "Moroccan Personal ID No.": N,
    "Bosnian Personal ID No.": N, "UAE Identification": N, "CNP (Personal Numerical Code)": N,
    "N.I.E.": N, "Stateless Person ID Card": N, "Refugee ID Card": N, "SSN": N,
    "Social Security Number": N, "Credencial electoral": N, "Electoral Registry No.": N,
    "I.F.E.": N, "Identity Card": N, "Personal Identification Number": N,
    # tax numbers
    "Tax ID No.": T, "R.F.C.": T, "R.F.C. #": T, "RFC": T, "NIT #": T, "RUC #": T, "RIF #": T,
    "V.A.T. Number": T, "C.U.I.T.": T, "C.I.F.": T, "Italian Fiscal Code": T, "Fiscal Code": T,
    "Romanian Tax Registration": T, "Paraguayan tax identification number": T, "US FEIN": T,
    "Numero Unico de Identificacao Tributaria (NUIT)": T, "Tax Number": T, "R.U.T.": T,
    # company and register numbers
    "Registration Number": R, "Registration ID": R, "Business Registration Number": R,
    "Business Registration Document #": R, "Company Number": R, "UK Company Number": R,
    "Commercial Registry Number": R, "C.R. No.": R, "Romanian C.R.": R,
    "Folio Mercantil No.": R, "Matricula Mercantil No": R, "Chamber of Commerce Number": R,
    "Istanbul Chamber of Comm. No.": R, "Dubai Chamber of Commerce Membership No.": R,
    "Trade License No.": R, "Government Gazette Number": R,
    "Unified Social Credit Code (USCC)": R, "United Social Credit Code Certificate (USCCC)": R,
    "Legal Entity Number": R, "Central Registration System Number": R,
    "Public Registration Number": R, "Business Number": R,
    "Economic Register Number (CBLS)": R, "D-U-N-S Number": R, "Enterprise Number": R,
    "Branch Unit Number": R, "Registered Charity No.": R,
    "Certificate of Incorporation Number": R, "LE Number": R, "File Number": R,
    "Organization Code": R, "Company ID": R, "MSB Registration Number": R,
    "Tourism License No.": R, "License": R, "Afghan Money Service Provider License Number": R,
    "Aircraft Tail Number": R,
    # vessels, banks, wallets, aircraft
    "Vessel Registration Identification": IdType.IMO,
    "International Maritime Organization No.": IdType.IMO, "IMO": IdType.IMO,
    "MMSI": IdType.MMSI, "SWIFT/BIC": IdType.SWIFT_BIC,
    "Digital Currency Address": IdType.CRYPTO_WALLET,
    "Other Vessel Call Sign": IdType.CALL_SIGN, "Vessel Call Sign": IdType.CALL_SIGN,
    "Aircraft Manufacturer's Serial Number (MSN)": IdType.AIRCRAFT_SERIAL,
    "Aircraft Serial Identification": IdType.AIRCRAFT_SERIAL,
    # other documents
    "Aircraft Construction Number (also called L/N or S/N or F/N)": O,
    "Previous Aircraft Tail Number": O, "Aircraft Mode S Transponder Code": O, "ISIN": O,
    "BIK (RU)": O, "Birth Certificate Number": O, "Residency Number": O,
    "Driver's License No.": O, "Cartilla de Servicio Militar Nacional": O,
    "Military Registration Number": O, "VisaNumberID": O, "Immigration No.": O,
    "Public Security and Immigration No.": O, "Romanian Permanent Resident": O,
    "Pilot License Number": O, "Permit Number": O, "SRE Permit No.": O, "C.U.I.P.": O,
    "Seafarer's Identification Document": O, "Serial No.": O,
    "Temporary suspension of deportation No.": O,
}

#: Labels whose part becomes a fact of its own (not an identifier).
FACT_LABELS: dict[str, str] = {
    "DOB": "dob", "POB": "pob", "nationality": "nationality", "citizen": "nationality",
    "Gender": "gender", "a.k.a.": "aka", "f.k.a.": "fka", "n.k.a.": "nka",
    "Linked To": "linked", "Nationality of Registration": "country",
    "Aircraft Operator": "operator",
}

#: Labels understood but kept only in the remarks text (contact data, sanction notes...).
INFO_LABELS: tuple[str, ...] = (
    "Website", "Email Address", "Email", "Phone Number", "Phone No.", "Telephone", "Telephone No.",
    "Telephone Number", "Fax", "Fax No.", "Secondary sanctions risk",
    "Additional Sanctions Information -", "Transactions Prohibited For Persons Owned or "
    "Controlled By U.S. Financial Institutions", "Organization Established Date",
    "Organization Type", "Target Type", "Listing Date", "Effective Date", "Executive Order",
    "CAATSA Section", "For more information", "Aircraft Model", "Aircraft Manufacture Date",
    "Vessel Year of Build", "Former Vessel Flag", "Other Vessel Flag", "Other Vessel Type",
    "Equity Ticker", "Issuer Name", "Purchase/Sales For Divestment Date (CMIC)",
    "Chinese Commercial Code", "Vessel Flag", "Vessel Type",
)
# fmt: on

_KINDS: dict[str, IdType | str] = {
    **{k.lower(): v for k, v in ID_LABELS.items()},
    **{k.lower(): v for k, v in FACT_LABELS.items()},
    **{k.lower(): "info" for k in INFO_LABELS},
}
_LABEL_RE = re.compile(
    r"^\(?(?:alt\.\s+)?(?P<label>"
    + "|".join(re.escape(k) for k in sorted(_KINDS, key=len, reverse=True))
    + r")(?=[\s:#(,]|$)[\s:]*(?P<value>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_ISSUED = re.compile(
    r"(?:^|[\s,]+)(?:issued|expires|expired|issue date|expire date)\b", re.IGNORECASE
)
_IMO = re.compile(r"^IMO[\s:]*(\d{6,7})\b", re.IGNORECASE)
_QUOTED = re.compile(r"'(.+)'")
_TRAILING_COUNTRY = re.compile(r",\s*([A-Za-z][A-Za-z .'-]+)$")
_NEEDS_DIGIT = frozenset({P, N, T, IdType.IMO, IdType.MMSI})
_RANGE = re.compile(r"^(\d{4})\s*-\s*(\d{4})$")
_END_ABBREV = re.compile(r"(?:\b[A-Za-z]{1,4}\.){2,}$|\b(?:INC|LTD|CO|CORP|LLC|JSC|PJSC|S\.A)\.$")


@dataclass(slots=True)
class RemarkFacts:
    """What the Remarks text states, beyond the text itself."""

    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    gender: str | None = None
    identifiers: list[Identifier] = field(default_factory=list)
    aliases: list[tuple[str, NameKind]] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


def label_kind(label: str) -> IdType | str | None:
    """IdType, fact kind (``dob``...), ``info``, or None for an unknown label."""
    match = _LABEL_RE.match(label.strip())
    return _KINDS[match["label"].lower()] if match else None


def parse_dob(text: str | None) -> list[str]:
    """Birth dates from ``07 Sep 1960``, ``circa 1951``, ``1955 to 1957``, ``Mar 1962 to Feb 1963``.

    Ranges give their common year-month or year, or every year when they span up to 10 years.
    """
    if not text:
        return []
    value = text.strip().rstrip(".").strip()
    if value.lower().startswith("circa"):
        value = value[5:].strip()
    if " to " in value:
        start, end = value.split(" to ", 1)
        return _date_range(partial_date(start), partial_date(end))
    if match := _RANGE.match(value):
        return _date_range(match[1], match[2])
    found = partial_date(value)
    return [found] if found else []


def _date_range(start: str | None, end: str | None) -> list[str]:
    if not start or not end:
        return [d for d in (start, end) if d]
    if start == end:
        return [start]
    if start[:7] == end[:7] and len(start) >= 7:
        return [start[:7]]
    first, last = int(start[:4]), int(end[:4])
    if first == last:
        return [start[:4]]
    if last < first:
        return [start, end]
    if last - first <= 10:
        return [str(year) for year in range(first, last + 1)]
    return [start[:4], end[:4]]


def split_id_value(text: str) -> tuple[str, str | None, str | None]:
    """``A10472263 (Malaysia) issued 18 Apr 2010`` -> (value, country ISO2, note)."""
    notes: list[str] = []
    if match := _ISSUED.search(text):
        notes.append(text[match.start() :].strip(" ,"))
        text = text[: match.start()]
    text = text.strip(" ,.;")
    country = None
    while text.endswith(")"):
        start = text.rfind("(")
        if start <= 0:
            break
        inner = text[start + 1 : -1].strip()
        code = _country_name(inner) if country is None else None
        if code:
            country = code
        elif country:
            notes.insert(0, inner)
        else:
            break
        text = text[:start].rstrip(" ,")
    tail = _TRAILING_COUNTRY.search(text) if country is None and "," in text else None
    if tail and (code := _country_name(tail[1])):
        country, text = code, text[: tail.start()].rstrip()
    return text, country, "; ".join(notes) or None


def _country_name(text: str) -> str | None:
    """ISO2 for a written-out country name (OFAC never abbreviates; ``Doc`` is no country)."""
    return to_iso2(text) if len(text) >= 4 else None


def identifier_from(
    label: str, value: str, country: str | None = None, id_type: IdType | None = None
) -> Identifier | None:
    """Build a typed Identifier from an OFAC label and its value text (None if no value)."""
    if id_type is None:
        kind = label_kind(label)
        id_type = kind if isinstance(kind, IdType) else IdType.OTHER
    raw, found_country, note = split_id_value(value)
    country = country or found_country
    label = label.strip().rstrip(":").strip()
    if id_type is IdType.CRYPTO_WALLET:
        raw, label, note = _wallet(raw, label)
    if imo := _IMO.match(raw):
        id_type, raw = IdType.IMO, imo[1]
    elif id_type is IdType.IMO:
        digits = "".join(ch for ch in raw if ch.isdigit())
        raw = digits or raw
    raw = raw.strip(" ()#:")
    if not raw or (id_type in _NEEDS_DIGIT and not any(ch.isdigit() for ch in raw)):
        return None
    return Identifier(id_type, raw, country, label, note)


def _wallet(raw: str, label: str) -> tuple[str, str, str | None]:
    """``- XBT 1Kuf...`` (Remarks) or label ``Digital Currency Address - XBT`` (XML)."""
    parts = raw.lstrip("- ").split()
    if " - " in label:
        return raw.strip(), label, label.rsplit(" - ", 1)[1].strip()
    if len(parts) >= 2:
        return parts[-1], f"{label} - {parts[0]}", parts[0]
    return "", label, None  # a currency code without its address (cut-off Remarks)


def parse_remarks(text: str | None) -> RemarkFacts:
    """Parse an OFAC Remarks string (``;``-separated parts) into :class:`RemarkFacts`."""
    facts = RemarkFacts()
    if not text:
        return facts
    parts = text.split(";")
    last = len(parts) - 1
    for index, part in enumerate(parts):
        part = part.strip()
        if index == last:
            part = _strip_final_dot(part)
        if part:
            _apply(facts, part)
    return facts


def _strip_final_dot(part: str) -> str:
    """Drop the sentence-ending dot, but not one closing ``S.A.`` or ``LTD.``."""
    if part.endswith(".") and not _END_ABBREV.search(part):
        return part[:-1].rstrip()
    return part


def _apply(facts: RemarkFacts, part: str) -> None:
    match = _LABEL_RE.match(part)
    if not match:
        facts.unparsed.append(part)
        return
    label, value = match["label"], match["value"].strip()
    if part.startswith("(") and value.endswith(")"):
        value = value[:-1].strip()
    kind = _KINDS[label.lower()]
    if isinstance(kind, IdType):
        if found := identifier_from(label, value, id_type=kind):
            facts.identifiers.append(found)
        return
    if kind != "info" and value:
        _FACT_HANDLERS[kind](facts, value)


def _dob(facts: RemarkFacts, value: str) -> None:
    for found in parse_dob(value):
        if found not in facts.birth_dates:
            facts.birth_dates.append(found)


def _pob(facts: RemarkFacts, value: str) -> None:
    place = value.rstrip(". ")
    if place and place not in facts.birth_places:
        facts.birth_places.append(place)


def _nationality(facts: RemarkFacts, value: str) -> None:
    code = to_iso2(value)
    if code and code not in facts.nationalities:
        facts.nationalities.append(code)


def _country(facts: RemarkFacts, value: str) -> None:
    code = to_iso2(value)
    if code and code not in facts.countries:
        facts.countries.append(code)


def _gender(facts: RemarkFacts, value: str) -> None:
    word = value.split()[0].strip(".").lower()
    if word in ("male", "female"):
        facts.gender = word


def _alias(kind: NameKind) -> Callable[[RemarkFacts, str], None]:
    def handler(facts: RemarkFacts, value: str) -> None:
        match = _QUOTED.search(value)
        name = (match[1] if match else value).strip()
        if name:
            facts.aliases.append((name, kind))

    return handler


def _linked(facts: RemarkFacts, value: str) -> None:
    facts.relations.append(Relation("linked_to", value.strip()))


def _operator(facts: RemarkFacts, value: str) -> None:
    facts.relations.append(Relation("operator", value.strip()))


_FACT_HANDLERS = {  # fmt: skip
    "dob": _dob,
    "pob": _pob,
    "nationality": _nationality,
    "country": _country,
    "gender": _gender,
    "aka": _alias(NameKind.WEAK),
    "fka": _alias(NameKind.FKA),
    "nka": _alias(NameKind.NKA),
    "linked": _linked,
    "operator": _operator,
}
