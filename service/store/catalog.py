"""All lists found in a data directory: the active snapshot of each, and the older ones."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity
from service.perf import paused_gc
from service.store.discover import discover
from service.store.relations import resolve_relations
from service.store.snapshot import Snapshot, load_snapshot

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ListVersions:
    """The active (newest) snapshot of a list and the older ones kept as history."""

    active: Snapshot
    history: list[Snapshot] = field(default_factory=list)


@dataclass(slots=True)
class Catalog:
    """What was loaded from one data directory."""

    root: Path
    lists: dict[str, ListVersions]
    errors: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    load_seconds: float = 0.0
    _by_id: dict[str, Entity] = field(default_factory=dict)

    def active(self) -> list[Snapshot]:
        return [versions.active for _, versions in sorted(self.lists.items())]

    def entities(self) -> list[Entity]:
        return [entity for snap in self.active() for entity in snap.entities]

    def entity(self, entity_id: str) -> Entity | None:
        if not self._by_id:
            self._by_id = {entity.id: entity for entity in self.entities()}
        return self._by_id.get(entity_id)


def _pick_versions(snapshots: list[Snapshot]) -> dict[str, ListVersions]:
    grouped: dict[str, list[Snapshot]] = {}
    for snap in snapshots:
        grouped.setdefault(snap.list_id, []).append(snap)
    out = {}
    for list_id, snaps in grouped.items():
        snaps.sort(key=lambda s: s.sort_key, reverse=True)
        for old in snaps[1:]:
            old.entities = []  # history keeps its metadata, not its records
        out[list_id] = ListVersions(active=snaps[0], history=snaps[1:])
    return out


def load_catalog(root: Path, cache_dir: Path | None = None) -> Catalog:
    """Load every recognised list under ``root``. Broken files are reported, never fatal."""
    started = time.perf_counter()
    if not root.exists():
        raise ListFormatError(root, "data directory does not exist")
    file_sets, skipped = discover(root)
    snapshots, errors = [], []
    with paused_gc():
        for file_set in file_sets:
            try:
                snapshots.append(load_snapshot(file_set, cache_dir))
            except ListFormatError as exc:
                errors.append(str(exc))
                log.warning("list not loaded: %s", exc)
    lists = _pick_versions(snapshots)
    for versions in lists.values():
        resolve_relations(versions.active.entities)
    return Catalog(
        root=root,
        lists=lists,
        errors=errors,
        skipped=skipped,
        load_seconds=time.perf_counter() - started,
    )
