"""A versioned snapshot of one list: its files, content hash, version and entities."""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from service.errors import ListFormatError
from service.model import Entity, ParsedList
from service.sources import get_format
from service.store import cache
from service.store.discover import FileSet

MANIFEST = "snapshot.json"
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}(?:-\d{2})?)")


@dataclass(slots=True)
class Snapshot:
    """One parsed version of a list. ``entities`` is emptied for snapshots kept as history."""

    list_id: str
    format: str
    version: str  # ISO date (possibly YYYY-MM) the list's state is from
    version_source: str  # "file", "manifest", "folder" or "mtime"
    content_hash: str
    files: dict[str, str]
    entities: list[Entity]
    entity_count: int
    name_count: int
    published: date | None = None
    fetched_at: str | None = None
    stated_count: int | None = None
    warnings: list[str] = field(default_factory=list)
    load_seconds: float = 0.0
    from_cache: bool = False

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.version, self.fetched_at or "", self.content_hash)

    def summary(self) -> dict[str, object]:
        """What ``lists --json`` and the API show of a snapshot."""
        return {
            "list_id": self.list_id,
            "format": self.format,
            "version": self.version,
            "version_source": self.version_source,
            "published": self.published.isoformat() if self.published else None,
            "fetched_at": self.fetched_at,
            "content_hash": self.content_hash,
            "entity_count": self.entity_count,
            "name_count": self.name_count,
            "stated_count": self.stated_count,
            "load_seconds": round(self.load_seconds, 3),
            "from_cache": self.from_cache,
            "files": self.files,
            "warnings": self.warnings[:20],
        }


def content_hash(files: dict[str, Path]) -> str:
    """sha256 over the roles and the sha256 of each file's bytes, in role order."""
    outer = hashlib.sha256()
    for role in sorted(files):
        try:
            with files[role].open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            raise ListFormatError(files[role], f"cannot read file: {exc}") from exc
        outer.update(f"{role}:{digest}\n".encode())
    return outer.hexdigest()


def read_manifest(directory: Path) -> dict[str, object]:
    """The ``snapshot.json`` an update wrote beside its files, or {}."""
    try:
        data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _version(file_set: FileSet, parsed: ParsedList, manifest: dict) -> tuple[str, str]:
    if parsed.published:
        return parsed.published.isoformat(), "file"
    if isinstance(manifest.get("version"), str):
        return str(manifest["version"]), "manifest"
    if match := _DATE_IN_NAME.search(file_set.directory.name):
        return match[1], "folder"
    newest = max(p.stat().st_mtime for p in file_set.files.values())
    return datetime.fromtimestamp(newest, UTC).date().isoformat(), "mtime"


def load_snapshot(file_set: FileSet, cache_dir: Path | None = None) -> Snapshot:
    """Parse (or fetch from cache) one file set into a snapshot. Raises ListFormatError."""
    started = time.perf_counter()
    digest = content_hash(file_set.files)
    parsed = cache.load(cache_dir, digest, file_set.format)
    from_cache = parsed is not None
    if parsed is None:
        parsed = get_format(file_set.format).parse(file_set.files, file_set.list_id)
        cache.store(cache_dir, digest, file_set.format, parsed)
    manifest = read_manifest(file_set.directory)
    version, source = _version(file_set, parsed, manifest)
    return Snapshot(
        list_id=parsed.list_id,
        format=file_set.format,
        version=version,
        version_source=source,
        content_hash=digest,
        files={role: str(path) for role, path in sorted(file_set.files.items())},
        entities=parsed.entities,
        entity_count=len(parsed.entities),
        name_count=sum(len(e.names) for e in parsed.entities),
        published=parsed.published,
        fetched_at=manifest.get("fetched_at")
        if isinstance(manifest.get("fetched_at"), str)
        else None,
        stated_count=parsed.stated_count,
        warnings=list(parsed.warnings),
        load_seconds=time.perf_counter() - started,
        from_cache=from_cache,
    )
