"""Engine objects to the JSON shapes of the API (plain dicts: cheap, deterministic)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from service.engine.screen import Engine, Hit
from service.model import Entity
from service.store.definitions import ListDefinition
from service.store.snapshot import Snapshot


def hit_dict(hit: Hit) -> dict[str, Any]:
    """A hit with the listed facts a reviewer needs and the structured explanation."""
    entity = hit.entity
    return {
        "entity_id": entity.id,
        "list_id": entity.list_id,
        "schema": entity.schema.value,
        "name": entity.name,
        "matched_name": hit.matched_name.value,
        "score": hit.score,
        "alert": hit.alert,
        "programs": entity.programs,
        "listed_on": entity.listed_on,
        "countries": list(dict.fromkeys(entity.countries + entity.nationalities)),
        "birth_dates": entity.birth_dates,
        "identifiers": [
            {"type": i.type.value, "value": i.value, "country": i.country}
            for i in entity.identifiers
        ],
        "source_url": entity.source_url,
        "explanation": hit.explanation(),
    }


def entity_dict(engine: Engine, entity: Entity) -> dict[str, Any]:
    """The whole record, its relations resolved to the ids and names of loaded entries."""
    out = entity.to_dict()
    relations = []
    for relation in entity.relations:
        target = engine.catalog.entity(relation.target_id) if relation.target_id else None
        relations.append(
            {
                "kind": relation.kind,
                "target_name": relation.target_name,
                "target_id": relation.target_id if target else None,
                "target_primary_name": target.name if target else None,
                "target_list_id": target.list_id if target else None,
            }
        )
    out["relations"] = relations
    snap = next((s for s in engine.snapshots if s.list_id == entity.list_id), None)
    out["list_version"] = snap.version if snap else None
    return out


def snapshot_date(snap: Snapshot) -> date | None:
    """The date a list's state is from: its published date, else its version (maybe YYYY-MM)."""
    if snap.published:
        return snap.published
    parts = snap.version.split("-")
    try:
        return date(
            int(parts[0]),
            int(parts[1]) if len(parts) > 1 else 1,
            int(parts[2]) if len(parts) > 2 else 1,
        )
    except (ValueError, IndexError):
        return None


def list_dict(
    snap: Snapshot, definition: ListDefinition | None, today: date | None = None
) -> dict[str, Any]:
    """An active list with its age against the expected update cadence."""
    today = today or datetime.now(UTC).date()
    stated = snapshot_date(snap)
    age = (today - stated).days if stated else None
    cadence = definition.cadence_days if definition else None
    return {
        "list_id": snap.list_id,
        "title": definition.title if definition else None,
        "format": snap.format,
        "version": snap.version,
        "version_source": snap.version_source,
        "published": snap.published.isoformat() if snap.published else None,
        "fetched_at": snap.fetched_at,
        "content_hash": snap.content_hash,
        "entity_count": snap.entity_count,
        "name_count": snap.name_count,
        "stated_count": snap.stated_count,
        "cadence_days": cadence,
        "age_days": age,
        "stale": (age > cadence) if (age is not None and cadence) else None,
    }
