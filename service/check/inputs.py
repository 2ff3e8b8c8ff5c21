"""Input readers for ``check``: CSV, JSON lines and plain-text name lists -> screened rows.

Every row keeps the file and the line it starts on, so that reports (JUnit, SARIF, Markdown)
can point at it. Any unreadable input raises :class:`CheckInputError` naming the file and why.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.errors import ScreeningError

#: Largest input file accepted (a vendor or customer export, not a data lake).
MAX_INPUT_BYTES = 256 * 1024 * 1024
#: ``prose`` (free text: contracts, articles) is only chosen explicitly, never by ``auto``.
FORMATS = ("auto", "csv", "jsonl", "text", "prose")

_SUFFIXES = {
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".txt": "text",
    ".lst": "text",
}

# Header spellings (normalised: lower case, runs of non-alphanumerics -> "_").
NAME_HEADERS = (
    "name", "full_name", "fullname", "party_name", "party", "entity_name", "entity",
    "legal_name", "company_name", "company", "organisation", "organization",
    "organisation_name", "organization_name", "customer_name", "customer", "client_name",
    "client", "vendor_name", "vendor", "supplier_name", "supplier", "counterparty",
    "counterparty_name", "beneficiary", "beneficiary_name", "business_name", "account_name",
    "vessel_name", "person_name",
)  # fmt: skip
GIVEN_HEADERS = ("first_name", "firstname", "given_name", "given_names", "forename")
FAMILY_HEADERS = ("last_name", "lastname", "surname", "family_name")
TYPE_HEADERS = ("type", "entity_type", "party_type", "schema", "kind", "category", "record_type")
BIRTH_HEADERS = ("birth_date", "date_of_birth", "dob", "birthdate", "born", "birthday")
COUNTRY_HEADERS = (
    "country", "country_code", "nationality", "citizenship", "jurisdiction",
    "country_of_incorporation", "country_of_residence", "residence_country", "registered_country",
)  # fmt: skip
ID_HEADERS = (
    "id", "row_id", "record_id", "ref", "reference", "customer_id", "client_id", "vendor_id",
    "supplier_id", "party_id", "account_id", "external_id", "uid",
)  # fmt: skip
#: Identifier columns and the IdType value they carry.
IDENTIFIER_HEADERS = {
    "passport": "passport", "passport_number": "passport", "passport_no": "passport",
    "national_id": "national_id", "national_id_number": "national_id",
    "tax_id": "tax_id", "tin": "tax_id", "inn": "tax_id", "vat": "tax_id",
    "vat_number": "tax_id", "vat_id": "tax_id", "tax_number": "tax_id",
    "registration_number": "registration", "registration": "registration",
    "company_number": "registration", "ogrn": "registration",
    "imo": "imo", "imo_number": "imo", "mmsi": "mmsi",
    "swift": "swift_bic", "bic": "swift_bic", "swift_bic": "swift_bic", "swift_code": "swift_bic",
    "wallet": "crypto_wallet", "crypto_wallet": "crypto_wallet",
}  # fmt: skip
_TYPES = {
    "person": "person", "individual": "person", "natural_person": "person", "ind": "person",
    "i": "person", "p": "person", "private": "person", "human": "person",
    "organization": "organization", "organisation": "organization", "company": "organization",
    "entity": "organization", "legal_entity": "organization", "legal_person": "organization",
    "corporate": "organization", "corporation": "organization", "business": "organization",
    "org": "organization", "e": "organization", "c": "organization", "bank": "organization",
    "vessel": "vessel", "ship": "vessel", "v": "vessel",
    "aircraft": "aircraft", "plane": "aircraft", "a": "aircraft",
}  # fmt: skip
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


class CheckInputError(ScreeningError):
    """An input file of ``check`` could not be read."""

    def __init__(self, path: Path | str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(slots=True)
class Row:
    """One party to screen, and where it came from."""

    file: Path
    line: int
    name: str
    schema: str | None = None
    birth_date: str | None = None
    country: str | None = None
    identifiers: list[tuple[str | None, str]] = field(default_factory=list)
    id: str | None = None
    column: int | None = None  # 1-based, for a mention found in prose
    end_column: int | None = None

    @property
    def label(self) -> str:
        """``file:line``: how reports name the row."""
        return f"{self.file}:{self.line}"


@dataclass(slots=True)
class InputFile:
    """What was read from one file: its rows and the lines skipped (with why)."""

    path: Path
    format: str
    rows: list[Row]
    skipped: list[tuple[int, str]] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # role -> header used
    text: str | None = None  # the whole text, for ``prose`` (screened for mentions)


def header_key(text: str) -> str:
    return _NON_ALNUM.sub("_", text.strip().lower()).strip("_")


def entity_type(value: str | None) -> str | None:
    """``individual``/``Company``/``V`` ... -> a schema name, or None (any) when unknown."""
    if not value:
        return None
    return _TYPES.get(header_key(value))


def detect_format(path: Path, text: str) -> str:
    """The format from the file suffix, else from the content."""
    by_suffix = _SUFFIXES.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if first.startswith(("{", '"')):
        return "jsonl"
    if any(sep in first for sep in (",", ";", "\t", "|")) and "name" in first.lower():
        return "csv"
    return "text"


def decode(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; anything else is refused."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise CheckInputError(path, f"broken UTF-16 text ({exc.reason})") from exc
    if b"\x00" in data[:8192]:
        raise CheckInputError(path, "binary file (NUL bytes), not a CSV, JSON lines or text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CheckInputError(
            path, f"not UTF-8 text (byte 0x{data[exc.start]:02x} on line {line}); save it as UTF-8"
        ) from exc


def read_input(path: Path, fmt: str = "auto") -> InputFile:
    """Read one input file into rows to screen."""
    if not path.exists():
        raise CheckInputError(path, "no such file")
    if path.is_dir():
        raise CheckInputError(path, "is a directory, not a file")
    try:
        size = path.stat().st_size
        if size > MAX_INPUT_BYTES:
            raise CheckInputError(path, f"file too large ({size} bytes > {MAX_INPUT_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise CheckInputError(path, f"cannot read ({exc.strerror or exc})") from exc
    text = decode(path, data)
    fmt = detect_format(path, text) if fmt == "auto" else fmt
    if fmt == "prose":
        return InputFile(path=path, format="prose", rows=[], text=text)
    reader = {"csv": read_csv, "jsonl": read_jsonl, "text": read_text}.get(fmt)
    if reader is None:
        raise CheckInputError(path, f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    return reader(path, text)


def read_text(path: Path, text: str) -> InputFile:
    """One name per line; blank lines and ``#`` comments are ignored."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.strip()
        if name and not name.startswith("#"):
            rows.append(Row(file=path, line=number, name=name))
    return InputFile(path=path, format="text", rows=rows)


def _pick(headers: dict[str, str], candidates: tuple[str, ...]) -> str | None:
    return next((headers[c] for c in candidates if c in headers), None)


def _columns(path: Path, fieldnames: list[str]) -> dict[str, str]:
    """Map roles (name, given, family, type, birth_date, country, id) to the file's headers."""
    headers: dict[str, str] = {}
    for raw in fieldnames:
        headers.setdefault(header_key(raw), raw)
    roles = {
        "name": _pick(headers, NAME_HEADERS),
        "given": _pick(headers, GIVEN_HEADERS),
        "family": _pick(headers, FAMILY_HEADERS),
        "type": _pick(headers, TYPE_HEADERS),
        "birth_date": _pick(headers, BIRTH_HEADERS),
        "country": _pick(headers, COUNTRY_HEADERS),
        "id": _pick(headers, ID_HEADERS),
    }
    for key, raw in headers.items():
        if key in IDENTIFIER_HEADERS:
            roles[f"identifier:{IDENTIFIER_HEADERS[key]}:{raw}"] = raw
    if roles["name"] is None and roles["family"] is None:
        shown = ", ".join(repr(h) for h in fieldnames[:12]) or "none"
        raise CheckInputError(
            path,
            f"no name column found (headers: {shown}); name one of "
            "'name', 'full_name', 'company_name', 'vendor_name', 'customer_name', ... "
            "or give 'first_name' and 'last_name'",
        )
    return {role: raw for role, raw in roles.items() if raw is not None}


def _dialect(path: Path, text: str) -> type[csv.Dialect] | csv.Dialect:
    head = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t|")
    except csv.Error:
        if not head.strip():
            raise CheckInputError(path, "empty file: no header row") from None
        return csv.excel


def _records(path: Path, text: str) -> Iterator[tuple[int, list[str]]]:
    """CSV records with the line each starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(path, text))
    start = 1
    try:
        for record in reader:
            yield start, record
            start = reader.line_num + 1
    except csv.Error as exc:
        raise CheckInputError(path, f"broken CSV near line {reader.line_num}: {exc}") from exc


def _csv_row(path: Path, line: int, values: dict[str, str], cols: dict[str, str]) -> Row | str:
    """A row, or why it was skipped."""

    def get(role: str) -> str | None:
        header = cols.get(role)
        value = (values.get(header) or "").strip() if header else ""
        return value or None

    name = get("name") or " ".join(p for p in (get("given"), get("family")) if p)
    if not name:
        return "empty name"
    identifiers = [
        (role.split(":")[1], value.strip())
        for role, header in cols.items()
        if role.startswith("identifier:") and (value := values.get(header) or "").strip()
    ]
    return Row(
        file=path,
        line=line,
        name=name,
        schema=entity_type(get("type")),
        birth_date=get("birth_date"),
        country=get("country"),
        identifiers=identifiers,
        id=get("id"),
    )


def read_csv(path: Path, text: str) -> InputFile:
    """A CSV with a header row; columns are recognised by their usual names."""
    records = _records(path, text)
    header_line, header = next(((n, r) for n, r in records if any(c.strip() for c in r)), (0, []))
    if not header:
        raise CheckInputError(path, "empty file: no header row")
    cols = _columns(path, header)
    out = InputFile(path=path, format="csv", rows=[], columns=cols)
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        row = _csv_row(path, line, dict(zip(header, record, strict=False)), cols)
        if isinstance(row, str):
            out.skipped.append((line, row))
        else:
            out.rows.append(row)
    return out


def _json_row(path: Path, line: int, obj: Any) -> Row | str:
    if isinstance(obj, str):
        return Row(file=path, line=line, name=obj.strip()) if obj.strip() else "empty name"
    if not isinstance(obj, dict):
        return f"a JSON {type(obj).__name__}, not an object or a string"
    values = {k: v for k, v in obj.items() if isinstance(k, str)}
    flat = {k: str(v) for k, v in values.items() if isinstance(v, str | int | float)}
    cols = {}
    try:
        cols = _columns(path, list(flat))
    except CheckInputError:
        return "no name field"
    row = _csv_row(path, line, flat, cols)
    if isinstance(row, Row) and isinstance(values.get("identifiers"), list):
        for item in values["identifiers"]:
            if isinstance(item, dict) and isinstance(item.get("value"), str):
                row.identifiers.append((item.get("type"), item["value"]))
            elif isinstance(item, str):
                row.identifiers.append((None, item))
    return row


def read_jsonl(path: Path, text: str) -> InputFile:
    """One JSON object per line (``{"name": ..., "type": ..., "country": ...}``) or a string."""
    if text.lstrip().startswith("["):
        raise CheckInputError(
            path, "a JSON array; write JSON lines instead (one object per line, e.g. jq -c '.[]')"
        )
    out = InputFile(path=path, format="jsonl", rows=[])
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CheckInputError(path, f"line {number}: not JSON ({exc.msg})") from exc
        row = _json_row(path, number, obj)
        if isinstance(row, str):
            out.skipped.append((number, row))
        else:
            out.rows.append(row)
    return out
