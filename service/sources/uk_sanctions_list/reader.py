"""UK Sanctions List files (FCDO) -> groups of canonical row dicts, one group per Unique ID.

Three layouts: the summary .ods (8 columns, one row per designation), the full CSV
(``Report Date: ...`` line, then a header, one row per name) and the XML
(``Designations/Designation``, nested lists). Canonical keys are listed in ``mapper``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from service.errors import ListFormatError
from service.sources.base import clean, decode, looks_like_html, parse_day
from service.sources.uk_sanctions_list import ods
from service.sources.xmlsafe import child_text, local, parse_xml

DATE_FORMATS = (
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d-%b-%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%Y-%m-%d",
    "%d-%B-%Y",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
)
_DATE_IN_TEXT = re.compile(
    r"\d{1,2}[-/ ][A-Za-z]{3,9}[-/ ]\d{4}|\d{1,2}[/-]\d{1,2}[/-]\d{4}|\d{4}-\d{2}-\d{2}"
)

_HEADER_TABLE = {
    "uid": "uniqueid",
    "group": "ofsigroupid",
    "unref": "unreferencenumber",
    "name": "name",
    "name_type": "nametype",
    "alias_strength": "aliasstrength",
    "nonlatin": "namenonlatinscript",
    "nonlatin_type": "nonlatinscripttype",
    "nonlatin_lang": "nonlatinscriptlanguage",
    "title": "title titles",
    "regime": "regimename regime",
    "source": "designationsource",
    "type": "designationtype individualentityship type entitytype",
    "sanctions": "sanctionsimposed",
    "other": "otherinformation",
    "reasons": "ukstatementofreasons",
    "postcode": "addresspostalcode",
    "addr_country": "addresscountry",
    "designated": "datedesignated",
    "last_updated": "lastupdated",
    "dob": "dob dateofbirth dobs",
    "nationality": "nationalityies nationality nationalities",
    "natid": "nationalidentifiernumber",
    "natid_info": "nationalidentifieradditionalinformation",
    "passport": "passportnumber",
    "passport_info": "passportadditionalinformation",
    "position": "position positions",
    "gender": "gender",
    "town_birth": "townofbirth",
    "country_birth": "countryofbirth",
    "entity_type": "typeofentity typeofentities",
    "subsidiary": "subsidiaries",
    "parent": "parentcompany parentcompanies",
    "regno": "businessregistrationnumbers businessregistrationnumber",
    "imo": "imonumber",
    "owner": "currentowneroperators",
    "prev_owner": "previousowneroperators",
    "flag": "currentbelievedflagofship",
    "hin": "hullidentificationnumberhin",
}
HEADERS: dict[str, str] = (
    {alias: key for key, aliases in _HEADER_TABLE.items() for alias in aliases.split()}
    | {f"name{i}": f"name{i}" for i in range(1, 7)}
    | {f"addressline{i}": f"addr{i}" for i in range(1, 7)}
)

_XML_TABLE = {
    "uid": "UniqueID",
    "group": "OFSIGroupID",
    "unref": "UNReferenceNumber",
    "name_type": "NameType",
    "alias_strength": "AliasStrength",
    "nonlatin": "NameNonLatinScript",
    "nonlatin_type": "NonLatinScriptType",
    "nonlatin_lang": "NonLatinScriptLanguage",
    "title": "Title",
    "regime": "RegimeName",
    "type": "IndividualEntityShip",
    "source": "DesignationSource",
    "sanctions": "SanctionsImposed",
    "other": "OtherInformation",
    "reasons": "UKStatementofReasons",
    "postcode": "AddressPostalCode",
    "addr_country": "AddressCountry",
    "designated": "DateDesignated",
    "last_updated": "LastUpdated",
    "dob": "DOB",
    "nationality": "Nationality",
    "passport": "PassportNumber",
    "passport_info": "PassportAdditionalInformation",
    "natid": "NationalIdentifierNumber",
    "natid_info": "NationalIdentifierAdditionalInformation",
    "position": "Position",
    "gender": "Gender",
    "town_birth": "TownOfBirth",
    "country_birth": "CountryOfBirth",
    "entity_type": "TypeOfEntity",
    "subsidiary": "Subsidiary",
    "parent": "ParentCompany",
    "regno": "BusinessRegistrationNumber",
    "imo": "IMONumber",
    "owner": "CurrentOwnerOperator",
    "prev_owner": "PreviousOwnerOperator",
    "flag": "CurrentBelievedFlagOfShip",
    "hin": "HullIdentificationNumber",
}
XML_FIELDS: dict[str, str] = (
    {tag.lower(): key for key, tag in _XML_TABLE.items()}
    | {f"name{i}": f"name{i}" for i in range(1, 7)}
    | {f"addressline{i}": f"addr{i}" for i in range(1, 7)}
)
#: XML elements whose leaves form one row together (one name, one address, one passport...).
_XML_RECORDS = frozenset(
    {"name", "nonlatinname", "address", "passport", "nationalidentifier", "location"}
)


@dataclass
class RawList:
    """What a reader found: designations as row groups, the stated date, and notes."""

    groups: dict[str, list[dict[str, str]]]
    published: date | None = None
    meta_date: str | None = None  # ODS metadata date, trusted only after a sanity check
    layout: str = "full"
    warnings: list[str] = field(default_factory=list)


def norm_header(text: str) -> str:
    """``Nationality(/ies)`` -> ``nationalityies``: lower case letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def canonical_header(header: list[str], table: Mapping[str, str] = HEADERS) -> list[str | None]:
    """Canonical key of each header cell (None for columns not used)."""
    return [table.get(norm_header(cell)) for cell in header]


def report_date(text: str) -> date | None:
    """The date in a ``Report Date: 11-Aug-2025`` / ``Last Updated,13/04/2018`` cell."""
    value = clean(text.split(":", 1)[1] if ":" in text[:20] else text)
    found = parse_day(value, DATE_FORMATS)
    if found is None and value and (match := _DATE_IN_TEXT.search(value)):
        found = parse_day(match.group(0), DATE_FORMATS)
    return found


def group_rows(
    path: Path,
    keys: list[str | None],
    rows: Iterable[list[str]],
    key: str,
    raw: RawList,
    warn_short: bool = True,
) -> None:
    """Add data rows to ``raw.groups`` by their ``key`` column; short rows are padded."""
    width, short, keyless = len(keys), 0, 0
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            short += 1
            row = row + [""] * (width - len(row))
        record = {k: v for k, v in zip(keys, row, strict=False) if k and v and v.strip()}
        ident = (record.get(key) or "").strip()
        if not ident:
            keyless += 1
            continue
        raw.groups.setdefault(ident, []).append(record)
    if short and warn_short:
        raw.warnings.append(f"{path.name}: {short} rows had fewer cells than the header")
    if keyless:
        raw.warnings.append(f"{path.name}: {keyless} rows without an id skipped")


def require(path: Path, keys: list[str | None], needed: tuple[str, ...], what: str) -> None:
    missing = [name for name in needed if name not in keys]
    if missing:
        raise ListFormatError(path, f"{what} header not recognised: missing {', '.join(missing)}")


def _find_header(path: Path, rows: Iterable[list[str]]) -> tuple[list[str], date | None]:
    """Skip preamble rows (a ``Report Date`` line) up to the header with ``Unique ID``."""
    published = None
    for count, row in enumerate(rows):
        if row and norm_header(row[0]).startswith("reportdate"):
            published = report_date(",".join(row))
        if any(norm_header(cell) == "uniqueid" for cell in row):
            return row, published
        if count >= 5:
            break
    raise ListFormatError(path, "no header row with a 'Unique ID' column at the top")


def _table(path: Path, rows: Iterable[list[str]], raw: RawList, csv_file: bool) -> RawList:
    iterator = iter(rows)
    header, raw.published = _find_header(path, iterator)
    keys = canonical_header(header)
    raw.layout = "full" if "name6" in keys else "summary"
    require(
        path,
        keys,
        ("uid", "name6" if raw.layout == "full" else "name", "type"),
        "UK Sanctions List",
    )
    group_rows(path, keys, iterator, "uid", raw, warn_short=csv_file)
    if not raw.groups:
        raise ListFormatError(path, "no designations found under the header")
    return raw


def read_bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ListFormatError(path, "empty file")
    if looks_like_html(data[:2048]):
        raise ListFormatError(path, "this is an HTML page, not a list file")
    if b"\x00" in data[:4096]:
        raise ListFormatError(path, "NUL bytes: UTF-16 or binary data, not a UTF-8/cp1252 CSV")
    return data


def csv_rows(path: Path, text: str) -> Iterable[list[str]]:
    """Strict CSV rows; a file cut inside a quoted field raises ListFormatError."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        yield from reader
    except csv.Error as exc:
        raise ListFormatError(path, f"broken CSV near line {reader.line_num}: {exc}") from exc


def check_tail(path: Path, text: str, rows: list[list[str]]) -> None:
    """A file cut inside a row: no final newline and a last row shorter than the one before."""
    if len(rows) >= 2 and not text.endswith(("\n", "\r")) and len(rows[-1]) < len(rows[-2]):
        raise ListFormatError(path, f"file ends inside a row (line {len(rows)}): truncated")


def read_csv(path: Path) -> RawList:
    text = decode(path, read_bytes(path), ("utf-8-sig", "cp1252"))
    rows = list(csv_rows(path, text))
    check_tail(path, text, rows)
    return _table(path, rows, RawList({}), csv_file=True)


def read_ods(path: Path) -> RawList:
    raw = RawList({}, meta_date=ods.meta_date(path))
    return _table(path, ods.iter_rows(path), raw, csv_file=False)


def read_xml(path: Path) -> RawList:
    root = parse_xml(path)
    if local(root.tag) != "Designations":
        raise ListFormatError(path, f"not a UK Sanctions List XML: root is <{local(root.tag)}>")
    raw = RawList({}, published=parse_day(child_text(root, "DateGenerated"), DATE_FORMATS))
    missing = 0
    for element in root:
        if local(element.tag) != "Designation":
            continue
        rows = designation_rows(element)
        uid = (rows[0].get("uid") or "").strip()
        if not uid:
            missing += 1
            continue
        raw.groups.setdefault(uid, []).extend(rows)
    if missing:
        raw.warnings.append(f"{path.name}: {missing} Designation elements without UniqueID")
    if not raw.groups:
        raise ListFormatError(path, "no Designation elements with a UniqueID")
    return raw


def designation_rows(element: etree._Element) -> list[dict[str, str]]:
    """One ``Designation`` -> rows: its own fields first, then one row per nested record."""
    base: dict[str, str] = {}
    records: dict[etree._Element, dict[str, str]] = {}
    singles: list[dict[str, str]] = []
    for leaf in element.iter():
        if len(leaf) or not isinstance(leaf.tag, str):
            continue
        key = XML_FIELDS.get(local(leaf.tag).lower())
        text = (leaf.text or "").strip()
        if not key or not text:
            continue
        parent = leaf.getparent()
        if parent is element:
            base[key] = text
        elif parent is not None and local(parent.tag).lower() in _XML_RECORDS:
            records.setdefault(parent, {})[key] = text
        else:
            singles.append({key: text})
    return [base, *records.values(), *singles]
