"""What an uploaded file is: a spreadsheet, a delimited text table (which encoding, which
delimiter, which row is the header), or not a table at all (:class:`NotATableError`).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path

from service.errors import ScreeningError
from service.sources.base import looks_like_html

HEAD_BYTES = 256 * 1024
SAMPLE_RECORDS = 50
DELIMITERS = (",", ";", "\t", "|")
#: The header is looked for in this many leading rows (title lines may precede it).
HEADER_SEARCH_ROWS = 10

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old binary Excel (.xls) or Office file: save it as .xlsx or CSV",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
    b"SQLite format 3": "an SQLite database",
}


class NotATableError(ScreeningError):
    """The file cannot be read as a table (the API answers 422 with ``reason``)."""

    def __init__(self, name: str, reason: str):
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


@dataclass(frozen=True, slots=True)
class TableFormat:
    """How to read a table file; stored with a job so a resumed job reads it the same way."""

    kind: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


def sniff_kind(path: Path, name: str) -> str:
    """``"xlsx"`` or ``"csv"`` from the content; anything else is refused."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if not head.strip(b"\x00\r\n\t \xef\xbb\xbf\xff\xfe"):
        raise NotATableError(name, "the file is empty")
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            raise NotATableError(name, f"this is {what}, not a table (send CSV or .xlsx)")
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError) as exc:
            raise NotATableError(name, f"a broken ZIP/.xlsx file ({exc})") from exc
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "content.xml" in names:
            raise NotATableError(name, "an OpenDocument spreadsheet: save it as .xlsx or CSV")
        raise NotATableError(name, "a ZIP archive, not a table (send CSV or .xlsx)")
    if looks_like_html(head):
        raise NotATableError(name, "this is an HTML page, not a table")
    return "csv"


def _utf16_without_bom(head: bytes) -> str | None:
    even, odd = head[0::2], head[1::2]
    if len(head) < 4:
        return None
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _valid_utf8(path: Path, skip: int) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        handle.seek(skip)
        try:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def detect_encoding(path: Path, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM or NUL pattern), else Windows-1252."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if found := _utf16_without_bom(head):
        return found
    if b"\x00" in head:
        raise NotATableError(name, "binary content (NUL bytes), not a text table")
    return "utf-8" if _valid_utf8(path, 0) else "cp1252"


def read_head(path: Path, encoding: str, size: int = HEAD_BYTES) -> str:
    """The first ``size`` bytes decoded, cut at the last line break (no partial record)."""
    with path.open("rb") as handle:
        raw = handle.read(size)
        more = bool(handle.read(1))
    text = raw.decode(encoding, errors="replace")
    if more and "\n" in text:
        text = text[: text.rfind("\n") + 1]
    return text


def _records(text: str, delimiter: str, limit: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=False)
    out: list[list[str]] = []
    try:
        for record in reader:
            out.append(record)
            if len(out) >= limit:
                break
    except csv.Error:
        pass
    return out


def sniff_delimiter(text: str) -> str:
    """The delimiter giving the most consistent column count (>1) over the first records."""
    best, best_score = ",", (0.0, 0)
    for delimiter in DELIMITERS:
        rows = [r for r in _records(text, delimiter, SAMPLE_RECORDS) if any(c.strip() for c in r)]
        if not rows:
            continue
        widths = [len(r) for r in rows]
        mode = max(set(widths), key=widths.count)
        if mode < 2:
            continue
        score = (widths.count(mode) / len(widths), mode)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def check_text(text: str, name: str) -> None:
    """Refuse text that is clearly not a table: JSON, XML, control-character soup."""
    start = text.lstrip("\ufeff \r\n\t")[:200]
    if not start:
        raise NotATableError(name, "the file is empty")
    if start[0] == "{" or start[:2] in ("[{", '["', "[\n", "[ ", "[]", "[\r"):
        raise NotATableError(name, "this looks like JSON, not a table (send CSV or .xlsx)")
    if start.startswith("<?xml") or start.startswith("<"):
        raise NotATableError(name, "this looks like XML/markup, not a table")
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > max(5, len(sample) // 100):
        raise NotATableError(name, "binary content (control characters), not a text table")


def head_records(path: Path, fmt: TableFormat, limit: int = HEADER_SEARCH_ROWS) -> list[list[str]]:
    """The first records of a text table, for header detection."""
    assert fmt.encoding and fmt.delimiter
    return _records(read_head(path, fmt.encoding), fmt.delimiter, limit)


def detect_text_format(
    path: Path, name: str, encoding: str | None = None, delimiter: str | None = None
) -> TableFormat:
    """Encoding and delimiter of a text table (given values are trusted, others sniffed)."""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError as exc:
            raise NotATableError(name, f"unknown encoding {encoding!r}") from exc
    encoding = encoding or detect_encoding(path, name)
    text = read_head(path, encoding)
    check_text(text, name)
    if delimiter is not None and len(delimiter) != 1:
        raise NotATableError(name, f"the delimiter must be one character, not {delimiter!r}")
    return TableFormat("csv", encoding=encoding, delimiter=delimiter or sniff_delimiter(text))
