"""Read the US Consolidated Screening List CSV (trade.gov) into raw row dicts."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from service.errors import ListFormatError
from service.sources.base import read_text

#: The 29 columns of ``consolidated.csv``, in file order.
COLUMNS: tuple[str, ...] = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
#: Columns without which a row cannot be mapped.
REQUIRED: tuple[str, ...] = ("_id", "source", "name")
#: Columns a header must have to be recognised as the CSL (sniffing).
SIGNATURE: frozenset[str] = frozenset(
    {"_id", "source", "entity_number", "name", "alt_names", "ids"}
)

# Windows-1252 characters that arrive as C1 control characters (e.g. ``Xi\x92an``).
_C1 = re.compile("[\x80-\x9f]")
_C1_FIX: dict[int, str] = {}
for _byte in range(0x80, 0xA0):
    try:
        _C1_FIX[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        continue

Row = dict[str, str]


def header_of(head: bytes) -> list[str] | None:
    """The column names of the first line of ``head``, or None if it is not a CSV header."""
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    try:
        return [cell.strip() for cell in next(csv.reader([text]))]
    except (csv.Error, StopIteration):
        return None


def looks_like_csl(head: bytes) -> bool:
    """True when the first line is the CSL header."""
    columns = header_of(head)
    return bool(columns) and SIGNATURE.issubset(columns)


def read_rows(path: Path) -> list[tuple[int, Row]]:
    """All data rows as (line number, {column: value}); raises ListFormatError when broken."""
    text = read_text(path)
    if not text.strip():
        raise ListFormatError(path, "empty file")
    if _C1.search(text):
        text = _C1.sub(lambda m: _C1_FIX.get(ord(m[0]), m[0]), text)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            raise ListFormatError(path, f"not a CSL file: missing column(s) {', '.join(missing)}")
        return _rows(path, reader, header)
    except csv.Error as exc:
        raise ListFormatError(path, f"malformed CSV near line {reader.line_num}: {exc}") from exc


def _rows(path: Path, reader: Any, header: list[str]) -> list[tuple[int, Row]]:
    width = len(header)
    rows: list[tuple[int, Row]] = []
    for cells in reader:
        if not cells:
            continue
        line = reader.line_num
        if len(cells) != width:
            raise ListFormatError(
                path, f"line {line}: {len(cells)} fields instead of {width} (truncated or broken)"
            )
        rows.append((line, dict(zip(header, cells, strict=True))))
    return rows
