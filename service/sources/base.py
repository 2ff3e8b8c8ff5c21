"""What every list source provides, and the small helpers their readers share.

A source is one folder under ``service/sources/`` whose ``__init__`` exposes ``FORMAT``:
a :class:`SourceFormat` that recognises its files from their content (``sniff``) and maps
them into :class:`~service.model.ParsedList` (``parse``). Adding a list means adding a folder
and naming it in ``service/sources/__init__.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity, ParsedList

#: How many leading bytes of a file ``sniff`` sees.
SNIFF_BYTES = 65536


@dataclass(frozen=True, slots=True)
class FileRole:
    """What a sniffed file is: its format, the list it belongs to, and its part in a set."""

    format: str
    list_id: str
    role: str = "main"  # "main", or a part of a multi-file set: "alt", "add", "comments"


@dataclass(frozen=True, slots=True)
class SourceFormat:
    """A list file format: how to recognise its files and how to parse a set of them."""

    id: str
    title: str
    sniff: Callable[[Path, bytes], FileRole | None]
    parse: Callable[[Mapping[str, Path], str], ParsedList]
    required_roles: tuple[str, ...] = ("main",)


def looks_like_html(head: bytes) -> bool:
    """True for an HTML page (a portal's error page served instead of the list)."""
    start = head.lstrip()[:512].lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<html" in start[:200]


def decode(path: Path, data: bytes, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """Decode ``data`` with the first encoding that works, or fail naming the file."""
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListFormatError(path, f"cannot decode as {' or '.join(encodings)}")


def read_text(path: Path, encodings: tuple[str, ...] = ("utf-8-sig",)) -> str:
    """Read a whole text file, refusing HTML pages and undecodable bytes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if looks_like_html(data[:2048]):
        raise ListFormatError(path, "this is an HTML page, not a list file")
    return decode(path, data, encodings)


def clean(value: str | None) -> str | None:
    """Collapse white space; None for empty values and OFAC's ``-0-`` marker."""
    if value is None:
        return None
    text = " ".join(value.split())
    if not text or text == "-0-":
        return None
    return text


def split_multi(value: str | None, sep: str = ";") -> list[str]:
    """Split a multi-valued field, dropping empty parts."""
    if not value:
        return []
    return [part for part in (clean(p) for p in value.split(sep)) if part]


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DMY = re.compile(r"^(\d{1,2})[ ./-]([A-Za-z]{3,9}|\d{1,2})[ ./-](\d{4})$")
_YMD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_MY = re.compile(r"^([A-Za-z]{3,9})[ ./-](\d{4})$")


def _month(token: str) -> int | None:
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= 12 else None
    return _MONTHS.get(token[:3].lower())


def partial_date(value: str | None) -> str | None:
    """Normalise a date to ISO, keeping only what is known: ``1952``, ``1952-10``, ``1952-10-07``.

    Understands ``07 Oct 1952``, ``07/10/1952`` (day first), ``1952-10-07``, ``Oct 1952``,
    ``1952``, and ``00`` for unknown day or month (``00/00/1980``).
    """
    text = clean(value)
    if not text:
        return None
    text = text.strip(" .,;")
    if match := _DMY.match(text):
        day, mon, year = int(match[1]), _month(match[2]), match[3]
        if mon is None:
            return year if match[2] in ("00", "0") else None
        if day == 0:
            return f"{year}-{mon:02d}"
        return _checked(year, mon, day)
    if match := _MY.match(text):
        mon = _month(match[1])
        return f"{match[2]}-{mon:02d}" if mon else match[2]
    if match := _YMD.match(text):
        year, mon, day = match[1], match[2], match[3]
        if not mon or int(mon) == 0:
            return year
        if not day or int(day) == 0:
            return f"{year}-{int(mon):02d}"
        return _checked(year, int(mon), int(day))
    return None


def _checked(year: str, month: int, day: int) -> str | None:
    try:
        return date(int(year), month, day).isoformat()
    except ValueError:
        return f"{year}-{month:02d}" if 1 <= month <= 12 else year


def parse_day(value: str | None, formats: tuple[str, ...]) -> date | None:
    """Parse a full date with the first matching ``strptime`` format, else None."""
    text = clean(value)
    if not text:
        return None
    for fmt in formats:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def collect_entities(
    records: Iterable[dict],
    to_entity: Callable[[dict], Entity | None],
    describe: Callable[[dict], str],
) -> tuple[list[Entity], list[str]]:
    """Map raw records to entities; records without a name or id, and repeated ids, are
    skipped with a warning that names the record (``describe``)."""
    entities: list[Entity] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for record in records:
        entity = to_entity(record)
        if entity is None:
            warnings.append(f"entry without a name or id skipped ({describe(record)})")
        elif entity.id in seen:
            warnings.append(f"duplicate id {entity.id} skipped")
        else:
            seen.add(entity.id)
            entities.append(entity)
    return entities, warnings
