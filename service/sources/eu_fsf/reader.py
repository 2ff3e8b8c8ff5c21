"""Read the EU Financial Sanctions Files XML (``xmlFullSanctionsList_1_1``) into plain records.

The file is ``export@generationDate`` in the namespace ``http://eu.europa.ec/fpi/fsd/export``
holding ``sanctionEntity`` elements. Almost everything is in attributes: each entry becomes a
:data:`RawRecord` with the entry's own attributes, its ``remark`` texts, and one list of
attribute dicts per child kind (``regulation``, ``subjectType``, ``nameAlias``,
``citizenship``, ``birthdate``, ``identification``, ``address``); a child's ``remark`` and
``publicationUrl`` texts are added to its dict. ``regulationSummary`` is ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from service.errors import ListFormatError
from service.sources.xmlsafe import date_attribute, local, parse_xml

ROOT_TAG = "export"
ENTRY_TAG = "sanctionEntity"
#: The namespace the Commission publishes (``.ec``), and the ``.eu`` spelling some docs use.
NAMESPACES = ("http://eu.europa.ec/fpi/fsd/export", "http://eu.europa.eu/fpi/fsd/export")
_CHILD_KINDS = frozenset(
    {
        "regulation",
        "subjectType",
        "nameAlias",
        "citizenship",
        "birthdate",
        "identification",
        "address",
    }
)
_TEXT_CHILDREN = frozenset({"remark", "publicationUrl"})
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)

#: One EU entry: attributes, ``remark`` (list of str) and a list of dicts per child kind.
RawRecord = dict[str, Any]


@dataclass(slots=True)
class EuFile:
    """What the reader found in one file."""

    published: date | None
    records: list[RawRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def looks_like_eu(head: bytes) -> bool:
    """True when ``head`` starts an FSF export: root ``export`` in the FSF namespace."""
    text = _COMMENT.sub(b"", head[:8192])
    match = _FIRST_TAG.search(text)
    if match is None or match.group(2) != ROOT_TAG.encode():
        return False
    return b"/fpi/fsd/export" in text or b"<" + ENTRY_TAG.encode() in head


def _text(element: etree._Element) -> str | None:
    text = " ".join((element.text or "").split())
    return text or None


def _child(element: etree._Element) -> dict[str, Any]:
    item: dict[str, Any] = {k: v for k, v in element.attrib.items() if v and v.strip()}
    for sub in element:
        name = local(sub.tag) if isinstance(sub.tag, str) else ""
        if name in _TEXT_CHILDREN and (text := _text(sub)):
            item.setdefault(name, []).append(text)
    return item


def _record(element: etree._Element) -> RawRecord:
    record: RawRecord = {k: v for k, v in element.attrib.items() if v and v.strip()}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        name = local(child.tag)
        if name in _CHILD_KINDS:
            record.setdefault(name, []).append(_child(child))
        elif name == "remark" and (text := _text(child)):
            record.setdefault("remark", []).append(text)
    return record


def read_eu(path: Path) -> EuFile:
    """Parse the file safely and flatten every ``sanctionEntity``; raise ListFormatError."""
    root = parse_xml(path)
    if local(root.tag) != ROOT_TAG:
        raise ListFormatError(path, f"root element is <{local(root.tag)}>, expected <export>")
    namespace = etree.QName(root).namespace
    if (
        namespace not in NAMESPACES
        and root.find(f".//{{{namespace}}}{ENTRY_TAG}" if namespace else f".//{ENTRY_TAG}") is None
    ):
        raise ListFormatError(path, f"<export> in namespace {namespace!r} is not an EU FSF file")
    warnings: list[str] = []
    result = EuFile(published=date_attribute(root, "generationDate", warnings), warnings=warnings)
    for element in root:
        if isinstance(element.tag, str) and local(element.tag) == ENTRY_TAG:
            result.records.append(_record(element))
    return result
