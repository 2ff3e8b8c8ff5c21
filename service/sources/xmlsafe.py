"""Hardened XML reading for list files: no DTDs, no entities, no network, clear errors."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from lxml import etree

from service.errors import ListFormatError
from service.sources.base import looks_like_html

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


#: lxml options for every list file: no entities, no DTD, no network, bounded trees.
SAFE_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(**SAFE_OPTIONS)


def check_xml_bytes(path: Path, data: bytes) -> None:
    """Refuse HTML pages and any document that declares a DTD or entities (XML bombs, XXE)."""
    if looks_like_html(data[:2048]):
        raise ListFormatError(path, "this is an HTML page, not an XML list file")
    if _DOCTYPE.search(data[:65536]) or (len(data) > 65536 and _DOCTYPE.search(data)):
        raise ListFormatError(path, "XML declares a DTD or entities; refused as unsafe")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"<\x00?\x00", b"\x00<\x00?"):
        head = data[:131072].decode("utf-16", errors="ignore").encode("utf-8", errors="ignore")
        if _DOCTYPE.search(head):
            raise ListFormatError(path, "XML declares a DTD or entities; refused as unsafe")


def parse_xml(path: Path, data: bytes | None = None) -> etree._Element:
    """Parse a whole XML file safely and return its root element."""
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    check_xml_bytes(path, data)
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(path, f"broken or truncated XML: {exc}") from exc
    if root.getroottree().docinfo.doctype:
        raise ListFormatError(path, "XML declares a DTD; refused as unsafe")
    return root


def local(tag: object) -> str:
    """An element's tag without its namespace."""
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def child_text(element: etree._Element, name: str) -> str | None:
    """Stripped text of the first direct child with local name ``name``, or None."""
    for child in element:
        if local(child.tag) == name:
            text = (child.text or "").strip()
            return text or None
    return None


def children(element: etree._Element, name: str) -> list[etree._Element]:
    """Direct children with local name ``name``."""
    return [child for child in element if local(child.tag) == name]


def date_attribute(element: etree._Element, name: str, warnings: list[str]) -> date | None:
    """The ISO date at the start of attribute ``name`` (e.g. a generation stamp), or None
    with a warning when it is missing or unreadable."""
    stamp = (element.get(name) or "").strip()
    if not stamp:
        warnings.append(f"no {name} attribute on <{local(element.tag)}>")
        return None
    try:
        return date.fromisoformat(stamp[:10])
    except ValueError:
        warnings.append(f"unreadable {name} {stamp!r}")
        return None
