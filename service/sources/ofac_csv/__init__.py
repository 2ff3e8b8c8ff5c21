"""OFAC legacy CSV files: the SDN set (sdn/alt/add/sdn_comments) and the non-SDN
consolidated set (cons_prim/cons_alt/cons_add/cons_comments).

Only the main file is required; alt/add/comments enrich it when present.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity, ParsedList
from service.perf import paused_gc
from service.sources.base import FileRole, SourceFormat, looks_like_html
from service.sources.ofac_csv.mapper import (
    fix_relation_names,
    group_comments,
    map_add,
    map_alt,
    map_main,
)
from service.sources.ofac_csv.reader import read_rows, sniff_role

FORMAT_ID = "ofac_csv"
SDN_LIST, CONS_LIST = "us_ofac_sdn", "us_ofac_cons"


def list_id_for(path: Path, default: str = SDN_LIST) -> str:
    """``cons*`` files belong to the consolidated (non-SDN) list, ``sdn*`` to the SDN list."""
    name = path.name.lower()
    if name.startswith("cons"):
        return CONS_LIST
    if name.startswith("sdn"):
        return SDN_LIST
    return default


def sniff(path: Path, head: bytes) -> FileRole | None:
    """Recognise an OFAC CSV file and its role from its first bytes; never raises."""
    try:
        if not head or looks_like_html(head):
            return None
        role = sniff_role(head)
    except Exception:  # noqa: BLE001 - sniff must never raise
        return None
    return FileRole(FORMAT_ID, list_id_for(path), role) if role else None


def parse(files: Mapping[str, Path], list_id: str) -> ParsedList:
    """Parse a set of OFAC CSV files ({role: path}; ``main`` required) into a ParsedList."""
    with paused_gc():
        return _parse(files, list_id)


def _parse(files: Mapping[str, Path], list_id: str) -> ParsedList:
    main = files.get("main")
    if main is None:
        raise ListFormatError(next(iter(files.values()), "<no files>"), "no main OFAC CSV file")
    list_id = list_id or list_id_for(main)
    warnings: list[str] = []
    comments = (
        group_comments(read_rows(files["comments"], "comments")) if "comments" in files else {}
    )
    entities: dict[str, Entity] = {}
    for row in read_rows(main, "main"):
        key = row[0].strip()
        if key in entities:
            warnings.append(f"{main.name}: duplicate ent_num {key} ignored")
            continue
        entities[key], _ = map_main(row, list_id, comments.pop(key, None))
    if comments:
        warnings.append(f"{len(comments)} comment rows for unknown ent_num")
    for role, mapper in (("alt", map_alt), ("add", map_add)):
        if role in files:
            _attach(files[role], role, entities, mapper, warnings)
    fix_relation_names(entities.values())
    return ParsedList(list_id, FORMAT_ID, list(entities.values()), warnings=warnings)


def _attach(
    path: Path,
    role: str,
    entities: dict[str, Entity],
    mapper: Callable[[Entity, list[str]], None],
    warnings: list[str],
) -> None:
    orphans = 0
    for row in read_rows(path, role):
        entity = entities.get(row[0].strip())
        if entity is None:
            orphans += 1
            continue
        mapper(entity, row)
    if orphans:
        warnings.append(f"{path.name}: {orphans} rows for ent_num not in the main file")


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(FORMAT_ID, "OFAC SDN / consolidated (non-SDN) CSV", sniff, parse),
)
FORMAT = FORMATS[0]
