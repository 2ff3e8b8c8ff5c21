"""HM Treasury OFSI Consolidated List of Financial Sanctions Targets (CSV).

Old file name ``sanctionsconlist.csv``; from 2022
https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv. OFSI's list
was replaced by the UK Sanctions List in January 2026; old and archived files still load.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service.errors import ListFormatError
from service.model import ParsedList
from service.sources.base import FileRole, SourceFormat, looks_like_html
from service.sources.uk_ofsi.mapper import map_targets
from service.sources.uk_ofsi.reader import read_ofsi

LIST_ID = "uk_ofsi"
FORMAT_ID = "uk_ofsi_csv"


def sniff(path: Path, head: bytes) -> FileRole | None:
    """``Last Updated,...`` on line 1 and a header with Name 6, Group Type and Group ID."""
    try:
        if not head or looks_like_html(head) or b"\x00" in head[:512]:
            return None
        text = head[:16384].removeprefix(b"\xef\xbb\xbf").decode("latin-1")
        lines = text.splitlines()[:2]
        if len(lines) < 2 or not lines[0].lstrip('"').startswith("Last Updated"):
            return None
        if all(word in lines[1] for word in ("Name 6", "Group Type", "Group ID")):
            return FileRole(FORMAT_ID, LIST_ID)
    except Exception:  # noqa: BLE001 - sniff must never raise
        return None
    return None


def parse(files: Mapping[str, Path], list_id: str) -> ParsedList:
    """Parse an OFSI consolidated list CSV ({"main": path})."""
    path = files.get("main")
    if path is None:
        raise ListFormatError(next(iter(files.values()), "<no files>"), "no main file given")
    raw = read_ofsi(Path(path))
    warnings = list(raw.warnings)
    entities = map_targets(raw, list_id or LIST_ID, warnings)
    return ParsedList(
        list_id or LIST_ID, FORMAT_ID, entities, published=raw.published, warnings=warnings
    )


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(
        FORMAT_ID, "UK OFSI Consolidated List of Financial Sanctions Targets (CSV)", sniff, parse
    ),
)
