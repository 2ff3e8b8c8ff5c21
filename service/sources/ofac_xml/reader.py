"""Reading OFAC's SDN.XML / CONSOLIDATED.XML into plain records, one ``sdnEntry`` at a time.

Streams with lxml ``iterparse`` (hardened like :mod:`service.sources.xmlsafe`: no DTD, no
entities, no network) and clears each entry once read, so a full SDN.XML stays small.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from service.errors import ListFormatError
from service.sources.xmlsafe import SAFE_OPTIONS, check_xml_bytes

ROOT = "sdnList"
#: A raw entry: text fields by local tag name; ``*List`` children as lists of dicts;
#: ``vesselInfo`` as a dict.
Record = dict[str, Any]


@dataclass(slots=True)
class OfacXml:
    """What an OFAC XML file holds: its header and its entries as plain records."""

    publish_date: str | None = None
    record_count: str | None = None
    entries: list[Record] = field(default_factory=list)


def read_xml(path: Path) -> OfacXml:
    """Read and check one OFAC XML file; raise ListFormatError naming it when broken."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ListFormatError(path, "empty file")
    check_xml_bytes(path, data)
    try:
        return _stream(path, data)
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(path, f"broken or truncated XML: {exc}") from exc


_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")


def _root_name(data: bytes) -> str | None:
    """Local name of the first element, skipping the XML declaration and comments."""
    head = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", data[:8192], flags=re.DOTALL)
    match = _FIRST_TAG.search(head)
    return match[1].decode("ascii", "replace").rsplit(":", 1)[-1] if match else None


def _stream(path: Path, data: bytes) -> OfacXml:
    root = _root_name(data)
    if root != ROOT:
        raise ListFormatError(path, f"root element is <{root}>, not OFAC <{ROOT}>")
    result = OfacXml()
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=("{*}sdnEntry", "{*}publshInformation"),
        **SAFE_OPTIONS,
    )
    for _, element in events:
        if element.tag.endswith("sdnEntry"):
            result.entries.append(_record(element))
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]
        else:
            header = _flat(element)
            result.publish_date = header.get("Publish_Date")
            result.record_count = header.get("Record_Count")
    return result


def _text(element: etree._Element) -> str | None:
    text = (element.text or "").strip()
    return text or None


def _local(tag: str) -> str:
    return tag[tag.index("}") + 1 :] if tag[0] == "{" else tag


def _flat(element: etree._Element) -> dict[str, str | None]:
    """Direct children's text by local name (first occurrence wins)."""
    out: dict[str, str | None] = {}
    for child in element:
        name = _local(child.tag)
        if name not in out:
            text = child.text
            out[name] = text.strip() or None if text else None
    return out


def _record(entry: etree._Element) -> Record:
    record: Record = {}
    for child in entry:
        name = _local(child.tag)
        if name == "programList":
            record["programList"] = [t for t in (_text(p) for p in child) if t]
        elif name.endswith("List"):
            record[name] = [_flat(item) for item in child]
        elif name == "vesselInfo":
            record[name] = _flat(child)
        else:
            record[name] = _text(child)
    return record
