"""OFAC XML: SDN.XML and CONSOLIDATED.XML (root ``sdnList``, one ``sdnEntry`` per record)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity, ParsedList
from service.perf import paused_gc
from service.sources.base import FileRole, SourceFormat, parse_day
from service.sources.ofac_csv import CONS_LIST, SDN_LIST
from service.sources.ofac_csv.mapper import fix_relation_names
from service.sources.ofac_xml.mapper import map_entry
from service.sources.ofac_xml.reader import read_xml

FORMAT_ID = "ofac_xml"


def list_id_for(path: Path) -> str:
    """``cons*`` -> consolidated (non-SDN), ``sdn*`` -> SDN; consolidated by default."""
    return SDN_LIST if path.name.lower().startswith("sdn") else CONS_LIST


def sniff(path: Path, head: bytes) -> FileRole | None:
    """An OFAC ``sdnList`` XML file (``publshInformation`` header or ``sdnEntry``); never raises."""
    try:
        start = head.lstrip()[:4096]
        if not start.startswith((b"<?xml", b"<sdnList", b"\xef\xbb\xbf")):
            return None
        if b"<sdnList" not in start or not (b"publshInformation" in head or b"<sdnEntry" in head):
            return None
    except Exception:  # noqa: BLE001 - sniff must never raise
        return None
    return FileRole(FORMAT_ID, list_id_for(path), "main")


def parse(files: Mapping[str, Path], list_id: str) -> ParsedList:
    """Parse one OFAC XML file (role ``main``) into a ParsedList."""
    path = files.get("main")
    if path is None:
        raise ListFormatError(next(iter(files.values()), "<no files>"), "no main OFAC XML file")
    list_id = list_id or list_id_for(path)
    with paused_gc():
        document = read_xml(path)
        entities: dict[str, Entity] = {}
        warnings: list[str] = []
        for record in document.entries:
            entity = map_entry(record, list_id)
            if entity.id in entities:
                warnings.append(f"{path.name}: duplicate uid {entity.id} ignored")
                continue
            entities[entity.id] = entity
        fix_relation_names(entities.values())
    stated = _count(document.record_count)
    if stated is not None and stated != len(entities):
        warnings.append(f"{path.name}: Record_Count {stated} but {len(entities)} entries")
    return ParsedList(
        list_id,
        FORMAT_ID,
        list(entities.values()),
        published=parse_day(document.publish_date, ("%m/%d/%Y", "%Y-%m-%d")),
        stated_count=stated,
        warnings=warnings,
    )


def _count(value: str | None) -> int | None:
    text = (value or "").strip().replace(",", "")
    return int(text) if text.isdigit() else None


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(FORMAT_ID, "OFAC SDN.XML / CONSOLIDATED.XML", sniff, parse),
)
FORMAT = FORMATS[0]
