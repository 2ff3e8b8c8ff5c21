"""UN Security Council Consolidated List (``consolidated.xml``, root ``CONSOLIDATED_LIST``).

A file whose root is ``CONSOLIDATED_LIST`` but which holds no entries parses into an empty
:class:`~service.model.ParsedList` with a warning; refusing to activate an empty list is the
job of the snapshot checks, not of the parser. A file that is not well-formed XML, declares
a DTD/entities, is an HTML page or has another root raises ``ListFormatError``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service.errors import ListFormatError
from service.model import ParsedList
from service.sources.base import FileRole, SourceFormat, collect_entities, looks_like_html
from service.sources.un_sc.mapper import map_record
from service.sources.un_sc.reader import ROOT_TAG, read_un, root_tag

FORMAT_ID = "un_sc_xml"
LIST_ID = "un_sc"


def sniff(path: Path, head: bytes) -> FileRole | None:
    """Recognise the UN XML by its root element; never raises."""
    try:
        if looks_like_html(head) or root_tag(head) != ROOT_TAG:
            return None
        return FileRole(FORMAT_ID, LIST_ID, "main")
    except Exception:  # noqa: BLE001 - a sniffer must never break discovery
        return None


def parse(files: Mapping[str, Path], list_id: str = LIST_ID) -> ParsedList:
    """Parse the ``main`` file into a ParsedList of persons and organisations."""
    path = files.get("main")
    if path is None:
        raise ListFormatError("(none)", "UN list needs a 'main' file")
    found = read_un(Path(path))
    entities, skipped = collect_entities(
        found.records, lambda r: map_record(r, list_id), lambda r: f"DATAID {r.get('DATAID')}"
    )
    warnings = list(found.warnings) + skipped
    if not found.records:
        warnings.append("file has the UN root element but no INDIVIDUAL or ENTITY entries")
    return ParsedList(
        list_id=list_id,
        format=FORMAT_ID,
        entities=entities,
        published=found.published,
        warnings=warnings,
    )


FORMAT = SourceFormat(
    id=FORMAT_ID, title="UN Security Council Consolidated List (XML)", sniff=sniff, parse=parse
)
FORMATS: tuple[SourceFormat, ...] = (FORMAT,)
