"""EU Financial Sanctions Files, full list XML 1.1 (root ``export``, ``sanctionEntity`` entries).

The Commission publishes the namespace ``http://eu.europa.ec/fpi/fsd/export``; the ``.eu``
spelling is accepted too. A file with that root but no ``sanctionEntity`` parses into an
empty :class:`~service.model.ParsedList` with a warning (the snapshot checks refuse to
activate it); broken, truncated, hostile (DTD/entities) or HTML files raise
``ListFormatError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service.errors import ListFormatError
from service.model import ParsedList
from service.sources.base import FileRole, SourceFormat, collect_entities, looks_like_html
from service.sources.eu_fsf.mapper import map_record
from service.sources.eu_fsf.reader import looks_like_eu, read_eu

FORMAT_ID = "eu_fsf_xml"
LIST_ID = "eu_fsf"


def sniff(path: Path, head: bytes) -> FileRole | None:
    """Recognise the FSF XML by its root ``export`` in the FSF namespace; never raises."""
    try:
        if looks_like_html(head) or not looks_like_eu(head):
            return None
        return FileRole(FORMAT_ID, LIST_ID, "main")
    except Exception:  # noqa: BLE001 - a sniffer must never break discovery
        return None


def parse(files: Mapping[str, Path], list_id: str = LIST_ID) -> ParsedList:
    """Parse the ``main`` file into a ParsedList of persons and organisations."""
    path = files.get("main")
    if path is None:
        raise ListFormatError("(none)", "EU FSF list needs a 'main' file")
    found = read_eu(Path(path))
    entities, skipped = collect_entities(
        found.records,
        lambda r: map_record(r, list_id),
        lambda r: f"{r.get('euReferenceNumber') or r.get('logicalId')}",
    )
    warnings = list(found.warnings) + skipped
    if not found.records:
        warnings.append("file has the FSF root element but no sanctionEntity entries")
    return ParsedList(
        list_id=list_id,
        format=FORMAT_ID,
        entities=entities,
        published=found.published,
        warnings=warnings,
    )


FORMAT = SourceFormat(
    id=FORMAT_ID, title="EU Financial Sanctions Files (XML 1.1)", sniff=sniff, parse=parse
)
FORMATS: tuple[SourceFormat, ...] = (FORMAT,)
