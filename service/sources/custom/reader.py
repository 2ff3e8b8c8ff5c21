"""Read an in-house list in the custom CSV format (see ``watchlists/CUSTOM_FORMAT.md``).

Line 1 is the signature ``# sanctions-screen list: <list_id>; title: <title>[; version:
YYYY-MM-DD][; count: N]``; line 2 is the CSV header; then one row per listed party.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from service.errors import ListFormatError
from service.sources.base import read_text

SIGNATURE = "# sanctions-screen list:"
REQUIRED: tuple[str, ...] = ("id", "schema", "name")
OPTIONAL: tuple[str, ...] = (
    "aliases",
    "former_names",
    "weak_aliases",
    "birth_date",
    "birth_place",
    "nationality",
    "country",
    "address",
    "gender",
    "position",
    "identifiers",
    "programs",
    "listed_on",
    "remarks",
    "source_url",
)
LIST_ID = re.compile(r"^[a-z0-9][a-z0-9_]{0,63}$")
_KEYS = re.compile(r"(?:^|;)\s*(list|title|version|count)\s*:\s*", re.IGNORECASE)

Row = dict[str, str]


@dataclass(frozen=True, slots=True)
class Header:
    """What the signature line states."""

    list_id: str | None
    title: str | None = None
    version: str | None = None
    count: str | None = None


def parse_signature(line: str) -> Header | None:
    """The signature line's fields, or None when ``line`` is not a signature."""
    text = line.lstrip("\ufeff").strip()
    if not text.lower().startswith(SIGNATURE):
        return None
    body = text[1:].strip()[len("sanctions-screen ") :]
    marks = list(_KEYS.finditer(body))
    fields: dict[str, str] = {}
    for mark, following in zip(marks, [*marks[1:], None], strict=True):
        end = following.start() if following else len(body)
        fields[mark[1].lower()] = body[mark.end() : end].strip()
    return Header(
        list_id=fields.get("list", "").strip().lower() or None,
        title=fields.get("title") or None,
        version=fields.get("version") or None,
        count=fields.get("count") or None,
    )


def sniff_header(head: bytes) -> Header | None:
    """The signature of a sniffed head, or None; never raises."""
    first = head.split(b"\n", 1)[0].rstrip(b"\r")
    try:
        return parse_signature(first.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return None


def default_list_id(path: Path) -> str:
    """``custom_<file stem>`` for a signature without a list id."""
    stem = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_") or "list"
    return f"custom_{stem}"[:64]


def version_date(path: Path, header: Header) -> date | None:
    """The stated version as a date; a malformed one is an error naming the file."""
    if not header.version:
        return None
    try:
        return date.fromisoformat(header.version)
    except ValueError as exc:
        raise ListFormatError(
            path, f"line 1: version {header.version!r} is not a date (YYYY-MM-DD)"
        ) from exc


def stated_count(path: Path, header: Header) -> int | None:
    if not header.count:
        return None
    if not header.count.isdigit():
        raise ListFormatError(path, f"line 1: count {header.count!r} is not a number")
    return int(header.count)


def read_list(path: Path) -> tuple[Header, list[str], list[tuple[int, Row]]]:
    """The signature, unknown column names, and (line, row) for every data row."""
    text = read_text(path)
    if not text.strip():
        raise ListFormatError(path, "empty file")
    first, _, rest = text.partition("\n")
    header = parse_signature(first)
    if header is None:
        raise ListFormatError(path, f"line 1 must be the signature '{SIGNATURE} <list_id>; ...'")
    if header.list_id is not None and not LIST_ID.match(header.list_id):
        raise ListFormatError(
            path, f"line 1: list id {header.list_id!r} must be lower-case letters, digits, '_'"
        )
    reader = csv.reader(io.StringIO(rest, newline=""), strict=True)
    try:
        columns = _columns(path, reader)
        return (
            header,
            [c for c in columns if c not in REQUIRED + OPTIONAL],
            _rows(path, reader, columns),
        )
    except csv.Error as exc:
        raise ListFormatError(path, f"line {reader.line_num + 1}: malformed CSV: {exc}") from exc


def _columns(path: Path, reader: Any) -> list[str]:
    try:
        columns = [c.strip().lower() for c in next(reader)]
    except StopIteration:
        raise ListFormatError(path, "line 2: the CSV header is missing") from None
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ListFormatError(path, f"line 2: missing required column(s) {', '.join(missing)}")
    return columns


def _rows(path: Path, reader: Any, columns: list[str]) -> list[tuple[int, Row]]:
    rows: list[tuple[int, Row]] = []
    for cells in reader:
        line = reader.line_num + 1  # + the signature line
        if not cells or not any(c.strip() for c in cells) or cells[0].lstrip().startswith("#"):
            continue
        if len(cells) > len(columns):
            raise ListFormatError(
                path, f"line {line}: {len(cells)} fields but the header has {len(columns)}"
            )
        cells += [""] * (len(columns) - len(cells))
        rows.append((line, dict(zip(columns, cells, strict=True))))
    return rows
