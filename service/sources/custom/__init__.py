"""In-house lists in the documented custom CSV format (``watchlists/CUSTOM_FORMAT.md``).

Recognised only by the signature line ``# sanctions-screen list: ...``, so it can never be
confused with OpenSanctions' CSV (which also starts ``id,schema,name``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity, ParsedList
from service.sources.base import FileRole, SourceFormat
from service.sources.custom.mapper import RowError, map_row
from service.sources.custom.reader import (
    default_list_id,
    read_list,
    sniff_header,
    stated_count,
    version_date,
)

FORMAT_ID = "custom"


def sniff(path: Path, head: bytes) -> FileRole | None:
    """A custom list: line 1 is ``# sanctions-screen list: <list_id>; title: ...``."""
    try:
        header = sniff_header(head)
    except Exception:  # noqa: BLE001 - sniffing never raises
        return None
    if header is None:
        return None
    return FileRole(format=FORMAT_ID, list_id=header.list_id or default_list_id(path))


def list_title(path: Path) -> str | None:
    """The title stated on the signature line (for display), or None."""
    try:
        with path.open("rb") as handle:
            header = sniff_header(handle.read(4096))
    except OSError:
        return None
    return header.title if header else None


def parse(files: Mapping[str, Path], list_id: str | None = None) -> ParsedList:
    """Parse a custom list. Duplicate ids are an error (never silently dropped);
    rows without a name are skipped with a warning naming the line."""
    path = files["main"]
    header, unknown, rows = read_list(path)
    list_id = list_id or header.list_id or default_list_id(path)
    warnings = [f"{path.name}: unknown column {c!r} ignored" for c in unknown]
    entities: dict[str, Entity] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        where = f"{path.name} line {line}"
        try:
            entity = map_row(row, list_id, where, warnings)
        except RowError as exc:
            raise ListFormatError(path, f"line {line}: {exc}") from None
        if entity is None:
            continue
        if entity.id in entities:
            raise ListFormatError(
                path,
                f"line {line}: duplicate id {row['id'].strip()!r} "
                f"(first used on line {first_line[entity.id]})",
            )
        entities[entity.id], first_line[entity.id] = entity, line
    return ParsedList(
        list_id=list_id,
        format=FORMAT_ID,
        entities=list(entities.values()),
        published=version_date(path, header),
        stated_count=stated_count(path, header),
        warnings=warnings,
    )


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(
        id=FORMAT_ID, title="sanctions-screen custom list (CSV)", sniff=sniff, parse=parse
    ),
)
