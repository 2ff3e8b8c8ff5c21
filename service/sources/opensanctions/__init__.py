"""OpenSanctions exports: ``targets.simple.csv`` and FollowTheMoney ``entities.ftm.json``.

The list id is ``opensanctions_<dataset>`` (``opensanctions_ua_war_sanctions``) when the file
holds one dataset, else ``opensanctions_default``. Data licence: CC BY-NC 4.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from service.model import Entity, ParsedList
from service.sources.base import FileRole, SourceFormat, looks_like_html
from service.sources.opensanctions.ftm import FtmMapper
from service.sources.opensanctions.mapper import day_of, list_id_for, map_row
from service.sources.opensanctions.reader import (
    head_entities,
    head_rows,
    is_ftm,
    is_simple_csv,
    iter_ftm,
    read_csv,
)

CSV_FORMAT = "opensanctions_csv"
FTM_FORMAT = "opensanctions_ftm"


def sniff_csv(path: Path, head: bytes) -> FileRole | None:
    """``targets.simple.csv``: the header ``id,schema,name,aliases,...,dataset,...``."""
    try:
        if looks_like_html(head) or not is_simple_csv(head):
            return None
        datasets = [r.get("dataset", "").split(";") for r in head_rows(head)]
        return FileRole(format=CSV_FORMAT, list_id=list_id_for(datasets))
    except Exception:  # noqa: BLE001 - sniffing never raises
        return None


def sniff_ftm(path: Path, head: bytes) -> FileRole | None:
    """FtM JSON lines: the first line is an object with ``schema`` and ``properties``."""
    try:
        if not is_ftm(head):
            return None
        datasets = [_strings(e.get("datasets")) for e in head_entities(head)]
        return FileRole(format=FTM_FORMAT, list_id=list_id_for(datasets or [[]]))
    except Exception:  # noqa: BLE001 - sniffing never raises
        return None


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def parse_csv(files: Mapping[str, Path], list_id: str) -> ParsedList:
    """Parse ``targets.simple.csv``; published = the newest ``last_seen`` (export date)."""
    path = files["main"]
    entities: list[Entity] = []
    warnings: list[str] = []
    seen: set[str] = set()
    published: date | None = None
    for line, row in read_csv(path):
        day = day_of(row.get("last_seen")) or day_of(row.get("last_change"))
        if day and (published is None or day > published):
            published = day
        entity = map_row(row, list_id)
        if entity is None:
            warnings.append(f"{path.name} line {line}: skipped ({row.get('schema')!r}, no name?)")
        elif entity.id in seen:
            warnings.append(f"{path.name} line {line}: duplicate id {row['id']!r} skipped")
        else:
            seen.add(entity.id)
            entities.append(entity)
    return ParsedList(
        list_id=list_id,
        format=CSV_FORMAT,
        entities=entities,
        published=published,
        warnings=warnings,
    )


def parse_ftm(files: Mapping[str, Path], list_id: str) -> ParsedList:
    """Parse FtM JSON lines (streamed); published = the newest ``last_seen``."""
    mapper = FtmMapper(list_id)
    for _line, obj in iter_ftm(files["main"]):
        mapper.add(obj)
    entities = mapper.finish()
    return ParsedList(
        list_id=list_id, format=FTM_FORMAT, entities=entities, published=mapper.published
    )


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(
        id=CSV_FORMAT, title="OpenSanctions targets.simple.csv", sniff=sniff_csv, parse=parse_csv
    ),
    SourceFormat(
        id=FTM_FORMAT,
        title="OpenSanctions FollowTheMoney JSON lines",
        sniff=sniff_ftm,
        parse=parse_ftm,
    ),
)
