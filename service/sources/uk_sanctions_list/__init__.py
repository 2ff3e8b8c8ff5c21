"""UK Sanctions List (FCDO): the summary .ods, and the full CSV and XML downloads.

Official files: https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.csv and ``.xml``;
publication page https://www.gov.uk/government/publications/the-uk-sanctions-list.
Entity ids are ``uk_sanctions_list:<Unique ID>`` (e.g. ``RUS0273``) in every layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity, ParsedList
from service.sources.base import FileRole, SourceFormat, looks_like_html
from service.sources.uk_sanctions_list import ods
from service.sources.uk_sanctions_list.mapper import map_group
from service.sources.uk_sanctions_list.reader import RawList, read_csv, read_ods, read_xml

LIST_ID = "uk_sanctions_list"
ODS_ID, CSV_ID, XML_ID = "uk_sl_ods", "uk_sl_csv", "uk_sl_xml"
_XML_ROOT = re.compile(rb"<(?:\w+:)?Designations[\s>]")


def sniff_ods(path: Path, head: bytes) -> FileRole | None:
    """An .ods (zip) whose first sheet has the UK list header (``Unique ID``...)."""
    try:
        if not head.startswith(b"PK\x03\x04"):
            return None
        sheet = ods.sheet_head(path)
        if b"Unique ID" in sheet and (b"Regime Name" in sheet or b"Name 6" in sheet):
            return FileRole(ODS_ID, LIST_ID)
    except Exception:  # noqa: BLE001 - sniff must never raise
        return None
    return None


def sniff_csv(path: Path, head: bytes) -> FileRole | None:
    """A CSV with an optional ``Report Date`` line, then a header with Unique ID and Name 6."""
    try:
        if not head or looks_like_html(head) or b"\x00" in head[:512]:
            return None
        lines = head[:8192].decode("utf-8", "ignore").lstrip("\ufeff").splitlines()[:3]
        for line in lines[:2]:
            if "Unique ID" in line and ("Name 6" in line or "Regime Name" in line):
                return FileRole(CSV_ID, LIST_ID)
    except Exception:  # noqa: BLE001 - sniff must never raise
        return None
    return None


def sniff_xml(path: Path, head: bytes) -> FileRole | None:
    """An XML document whose root is ``Designations``."""
    try:
        start = head[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
        if start.startswith(b"<") and not looks_like_html(head) and _XML_ROOT.search(start):
            return FileRole(XML_ID, LIST_ID)
    except Exception:  # noqa: BLE001 - sniff must never raise
        return None
    return None


def build(raw: RawList, list_id: str, format_id: str) -> ParsedList:
    """Map the row groups of a reader into a ParsedList."""
    warnings = list(raw.warnings)
    entities = [map_group(key, rows, list_id, warnings) for key, rows in raw.groups.items()]
    published = raw.published or _metadata_date(raw, entities, warnings)
    return ParsedList(list_id, format_id, entities, published=published, warnings=warnings)


def _metadata_date(raw: RawList, entities: list[Entity], warnings: list[str]) -> date | None:
    """Trust the .ods metadata date only if no designation inside is newer than it.

    Spreadsheet exports often keep the template's date (the Aug 2025 file says 2024-03-18
    while holding designations up to 2025-07-23): such a date is not the publication date.
    """
    if not raw.meta_date:
        return None
    try:
        stated = date.fromisoformat(raw.meta_date)
    except ValueError:
        return None
    newest = max((e.listed_on for e in entities if e.listed_on), default="")
    if newest[:10] > stated.isoformat():
        warnings.append(
            f"metadata date {stated} is older than the newest designation "
            f"({newest}); publication date left unknown"
        )
        return None
    return stated


def _parser(reader: Callable[[Path], RawList], format_id: str):  # noqa: ANN202
    def parse(files: Mapping[str, Path], list_id: str) -> ParsedList:
        path = files.get("main")
        if path is None:
            raise ListFormatError(next(iter(files.values()), "<no files>"), "no main file given")
        return build(reader(Path(path)), list_id or LIST_ID, format_id)

    return parse


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(
        ODS_ID,
        "UK Sanctions List (FCDO), OpenDocument spreadsheet",
        sniff_ods,
        _parser(read_ods, ODS_ID),
    ),
    SourceFormat(CSV_ID, "UK Sanctions List (FCDO), CSV", sniff_csv, _parser(read_csv, CSV_ID)),
    SourceFormat(XML_ID, "UK Sanctions List (FCDO), XML", sniff_xml, _parser(read_xml, XML_ID)),
)
