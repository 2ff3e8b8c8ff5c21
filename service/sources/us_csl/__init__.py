"""US Consolidated Screening List (trade.gov ``consolidated.csv``): 13 Commerce, State and
Treasury lists in one CSV. The sub-list of each row (``source``) is kept as a program."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from service.model import Entity, ParsedList
from service.sources.base import FileRole, SourceFormat, looks_like_html
from service.sources.us_csl.mapper import map_row
from service.sources.us_csl.reader import looks_like_csl, read_rows

FORMAT_ID = "us_csl"
LIST_ID = "us_csl"


def sniff(path: Path, head: bytes) -> FileRole | None:
    """The CSL is recognised by its header row (``_id,source,entity_number,...``)."""
    try:
        if looks_like_html(head) or not looks_like_csl(head):
            return None
    except Exception:  # noqa: BLE001 - sniffing never raises
        return None
    return FileRole(format=FORMAT_ID, list_id=LIST_ID)


def parse(files: Mapping[str, Path], list_id: str = LIST_ID) -> ParsedList:
    """Parse ``consolidated.csv``: one entity per row, as the CSL counts its entries.

    A party on several sub-lists (SDN + SSI + NS-MBS) has one row, with the same ``_id``, on
    each; the ids are therefore qualified by sub-list (``us_csl:SDN:17018``) and stay stable.
    """
    path = files["main"]
    entities: dict[str, Entity] = {}
    warnings: list[str] = []
    for line, row in read_rows(path):
        if not row["_id"].strip() or not row["name"].strip():
            warnings.append(f"{path.name} line {line}: row without _id or name skipped")
            continue
        entity = map_row(row, list_id)
        if entity.id in entities:
            warnings.append(f"{path.name} line {line}: repeats {entity.id}; kept as a second entry")
            entity.id = f"{entity.id}:{line}"
        entities[entity.id] = entity
    return ParsedList(
        list_id=list_id, format=FORMAT_ID, entities=list(entities.values()), warnings=warnings
    )


FORMATS: tuple[SourceFormat, ...] = (
    SourceFormat(
        id=FORMAT_ID, title="US Consolidated Screening List (CSV)", sniff=sniff, parse=parse
    ),
)
