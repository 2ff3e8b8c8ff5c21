"""OFSI row groups -> Entities, through the mapper shared with the UK Sanctions List.

OFSI specifics handled there: ``Alias Type`` (``Prime Alias``/``Primary name`` -> primary,
``AKA``/``Primary name variation`` -> aka, ``FKA`` -> fka, ``Alias Quality`` low -> weak),
numbered multi-values (``1) Saudi Arabia 2) Qatar``), DOBs with ``00`` for unknown parts,
and passport/NI texts that hold the number and its details together.
"""

from __future__ import annotations

from service.model import Entity
from service.sources.uk_sanctions_list.mapper import map_group
from service.sources.uk_sanctions_list.reader import RawList


def map_targets(raw: RawList, list_id: str, warnings: list[str]) -> list[Entity]:
    """One Entity per Group ID, in file order; ``<list_id>:<Group ID>``."""
    return [map_group(group_id, rows, list_id, warnings) for group_id, rows in raw.groups.items()]
