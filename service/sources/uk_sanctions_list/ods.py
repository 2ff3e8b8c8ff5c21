"""Streaming reader for the first sheet of an OpenDocument spreadsheet (.ods).

An .ods file is a zip holding ``content.xml``. The sheet is read with lxml ``iterparse``
after the shared XML safety checks (no DTD, no entities), with caps against zip bombs and
against rows or columns repeated millions of times: empty repeats (spreadsheet
programs pad every sheet to 16,384 columns and a million rows) are counted, never built.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from service.errors import ListFormatError
from service.sources.base import looks_like_html
from service.sources.xmlsafe import SAFE_OPTIONS, check_xml_bytes

TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"

_TABLE = f"{{{TABLE_NS}}}table"
_ROW = f"{{{TABLE_NS}}}table-row"
_CELLS = (f"{{{TABLE_NS}}}table-cell", f"{{{TABLE_NS}}}covered-table-cell")
_ROWS_REPEATED = f"{{{TABLE_NS}}}number-rows-repeated"
_COLS_REPEATED = f"{{{TABLE_NS}}}number-columns-repeated"
_PARAS = (f"{{{TEXT_NS}}}p", f"{{{TEXT_NS}}}h")
_SPACE, _TAB, _BREAK = f"{{{TEXT_NS}}}s", f"{{{TEXT_NS}}}tab", f"{{{TEXT_NS}}}line-break"
_SPACE_COUNT = f"{{{TEXT_NS}}}c"
_VALUE_ATTRS = tuple(
    f"{{{OFFICE_NS}}}{name}" for name in ("date-value", "value", "string-value", "boolean-value")
)

#: Largest ``content.xml`` accepted once decompressed (a zip bomb guard).
MAX_CONTENT_BYTES = 200 * 1024 * 1024
#: Columns kept per row; anything further right is ignored.
MAX_COLUMNS = 1024
#: Non-empty rows accepted per sheet (repeated rows count once per repeat).
MAX_ROWS = 500_000


def read_member(path: Path, name: str, limit: int | None = None) -> bytes:
    """The decompressed bytes of one zip member, refusing non-zips and oversize members."""
    limit = MAX_CONTENT_BYTES if limit is None else limit
    _check_zip_file(path)
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo(name)
            except KeyError:
                raise ListFormatError(path, f"not an OpenDocument file: no {name} inside") from None
            if info.file_size > limit:
                raise ListFormatError(
                    path, f"{name} would expand to {info.file_size:,} bytes (limit {limit:,})"
                )
            with archive.open(info) as member:
                data = member.read(limit + 1)
    except ListFormatError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise ListFormatError(path, f"not a readable zip/OpenDocument file: {exc}") from exc
    except (OSError, RuntimeError, NotImplementedError) as exc:
        raise ListFormatError(path, f"cannot read {name} from the zip: {exc}") from exc
    if len(data) > limit:
        raise ListFormatError(path, f"{name} is larger than {limit:,} bytes once decompressed")
    return data


def _check_zip_file(path: Path) -> None:
    """Clear errors for the usual wrong downloads: missing, empty, or an HTML page."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if not head.strip():
        raise ListFormatError(path, "empty file")
    if looks_like_html(head):
        raise ListFormatError(path, "this is an HTML page, not an OpenDocument spreadsheet")


def iter_rows(path: Path, data: bytes | None = None) -> Iterator[list[str]]:
    """Yield the rows of the first sheet as lists of cell texts (trailing empties dropped).

    Empty rows are skipped. Raises ListFormatError for a broken or hostile document.
    """
    if data is None:
        data = read_member(path, "content.xml")
    try:
        check_xml_bytes(path, data)
    except ListFormatError as exc:
        raise ListFormatError(path, f"content.xml: {exc.reason}") from None
    events = etree.iterparse(
        io.BytesIO(data),
        events=("end",),
        tag=(_ROW, _TABLE),
        **SAFE_OPTIONS,
    )
    emitted, done = 0, False
    try:
        for _event, element in events:
            if done or element.tag == _TABLE:
                done = True  # only the first sheet; the rest is parsed to catch truncation
                _release(element)
                continue
            values = _row_values(element)
            repeat = _count(element.get(_ROWS_REPEATED))
            _release(element)
            if not values:
                continue
            emitted += repeat
            if emitted > MAX_ROWS:
                raise ListFormatError(path, f"more than {MAX_ROWS:,} rows in the sheet")
            for _ in range(repeat):
                yield list(values)
    except etree.XMLSyntaxError as exc:
        raise ListFormatError(path, f"broken or truncated content.xml: {exc}") from exc


def _count(value: str | None) -> int:
    """A repeat count attribute, 1 when absent or malformed."""
    if not value:
        return 1
    try:
        return max(1, int(value))
    except ValueError:
        return 1


def _release(row: etree._Element) -> None:
    """Free a processed row and the rows before it, so memory stays flat."""
    row.clear(keep_tail=False)
    parent = row.getparent()
    if parent is None:
        return
    while row.getprevious() is not None:
        del parent[0]


def _row_values(row: etree._Element) -> list[str]:
    values: list[str] = []
    pending_empty = 0
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        repeat = _count(cell.get(_COLS_REPEATED))
        text = _cell_text(cell)
        if not text:
            pending_empty += repeat  # counted, only materialised if a value follows
            continue
        if len(values) + pending_empty >= MAX_COLUMNS:
            break
        values.extend([""] * pending_empty)
        pending_empty = 0
        values.extend([text] * min(repeat, MAX_COLUMNS - len(values)))
    return values


def _cell_text(cell: etree._Element) -> str:
    parts = [_para_text(p) for p in cell if p.tag in _PARAS]
    text = "\n".join(part.strip() for part in parts).strip()
    if text:
        return text
    for attr in _VALUE_ATTRS:
        value = cell.get(attr)
        if value:
            return value.strip()
    return ""


def _para_text(element: etree._Element) -> str:
    if len(element) == 0:
        return element.text or ""
    out = [element.text or ""]
    for child in element:
        if child.tag == _SPACE:
            out.append(" " * min(_count(child.get(_SPACE_COUNT)), 64))
        elif child.tag == _TAB:
            out.append("\t")
        elif child.tag == _BREAK:
            out.append("\n")
        elif isinstance(child.tag, str):
            out.append(_para_text(child))
        out.append(child.tail or "")
    return "".join(out)


def sheet_head(path: Path, size: int = 65536) -> bytes:
    """The first ``size`` decompressed bytes of ``content.xml`` (for sniffing); b"" on failure."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("content.xml") as member:
            return member.read(size)
    except Exception:  # noqa: BLE001 - sniffing must never raise
        return b""


def meta_date(path: Path) -> str | None:
    """``dc:date`` (else ``meta:creation-date``) from meta.xml as ``YYYY-MM-DD``, or None."""
    try:
        data = read_member(path, "meta.xml", limit=1024 * 1024)
        check_xml_bytes(path, data)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.fromstring(data, parser=parser)
    except (ListFormatError, etree.XMLSyntaxError):
        return None
    for tag in (
        "{http://purl.org/dc/elements/1.1/}date",
        "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}creation-date",
    ):
        found = root.find(f".//{tag}")
        if found is not None and found.text and len(found.text.strip()) >= 10:
            return found.text.strip()[:10]
    return None
