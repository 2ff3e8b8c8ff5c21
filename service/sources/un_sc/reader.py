"""Read the UN Security Council Consolidated List XML into plain records.

The file is ``CONSOLIDATED_LIST@dateGenerated`` holding ``INDIVIDUALS/INDIVIDUAL`` and
``ENTITIES/ENTITY``. Each entry becomes a :data:`RawRecord`: leaf elements map to their
stripped text, ``VALUE`` lists (``NATIONALITY``, ``TITLE``, ``DESIGNATION``...) map to a list
of strings, and compound children (``INDIVIDUAL_ALIAS``, ``*_ADDRESS``, ``*_DATE_OF_BIRTH``,
``*_PLACE_OF_BIRTH``, ``INDIVIDUAL_DOCUMENT``) map to a list of ``{tag: text}`` dicts.
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

ROOT_TAG = "CONSOLIDATED_LIST"
_GROUPS = {"INDIVIDUALS": "INDIVIDUAL", "ENTITIES": "ENTITY"}
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
_COMMENT = re.compile(rb"<!--.*?(?:-->|$)", re.DOTALL)

#: One UN entry: ``{"_kind": "INDIVIDUAL"|"ENTITY", TAG: str | list[str] | list[dict]}``.
RawRecord = dict[str, Any]


@dataclass(slots=True)
class UnFile:
    """What the reader found in one file."""

    published: date | None
    records: list[RawRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def root_tag(head: bytes) -> str | None:
    """Local name of the first element in ``head`` (skips BOM, declaration, comments)."""
    text = _COMMENT.sub(b"", head[:8192])
    match = _FIRST_TAG.search(text)
    return match.group(2).decode("ascii", "replace") if match else None


def _text(element: etree._Element) -> str | None:
    text = (element.text or "").strip()
    return text or None


def _record(element: etree._Element) -> RawRecord:
    """Flatten one INDIVIDUAL/ENTITY element (see the module docstring)."""
    record: RawRecord = {"_kind": local(element.tag)}
    for child in element:
        if not isinstance(child.tag, str):
            continue
        tag = local(child.tag)
        parts = [sub for sub in child if isinstance(sub.tag, str)]
        if not parts:
            text = _text(child)
            if text is not None:
                record[tag] = text
        elif all(local(sub.tag) == "VALUE" for sub in parts):
            values = [v for v in (_text(sub) for sub in parts) if v]
            if values:
                record.setdefault(tag, []).extend(values)
        else:
            item = {local(sub.tag): t for sub in parts if (t := _text(sub)) is not None}
            if item:
                record.setdefault(tag, []).append(item)
    return record


def read_un(path: Path) -> UnFile:
    """Parse the file safely and flatten every entry; raise ListFormatError when broken."""
    root = parse_xml(path)
    if local(root.tag) != ROOT_TAG:
        raise ListFormatError(path, f"root element is <{local(root.tag)}>, expected <{ROOT_TAG}>")
    warnings: list[str] = []
    result = UnFile(published=date_attribute(root, "dateGenerated", warnings), warnings=warnings)
    for group in root:
        if not isinstance(group.tag, str):
            continue
        entry_tag = _GROUPS.get(local(group.tag))
        if entry_tag is None:
            warnings.append(f"unexpected element <{local(group.tag)}> under {ROOT_TAG}")
            continue
        for element in group:
            if isinstance(element.tag, str) and local(element.tag) == entry_tag:
                result.records.append(_record(element))
    return result
