"""Keep built indexes (and cross-list links) on disk, keyed by the list snapshots and the
code that built them.

A restart (server, CLI) with unchanged lists loads the index instead of analysing every
name again. Any change to a list's content or to the name-analysis code makes a new key.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from service import __version__
from service.engine.index import NameIndex
from service.engine.links import build_links
from service.model import Entity
from service.perf import paused_gc
from service.store.snapshot import Snapshot

log = logging.getLogger(__name__)
_PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the source files that decide how names are analysed and indexed."""
    digest = hashlib.sha256(__version__.encode())
    files = sorted((_PACKAGE / "names").rglob("*.py"))
    files += [_PACKAGE / "engine" / "index.py", _PACKAGE / "engine" / "links.py"]
    files += sorted((_PACKAGE / "sources").rglob("*.py"))
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def index_key(snapshots: Sequence[Snapshot]) -> str:
    digest = hashlib.sha256(code_fingerprint().encode())
    for snap in sorted(snapshots, key=lambda s: s.list_id):
        digest.update(f"{snap.list_id}:{snap.content_hash}\n".encode())
    return digest.hexdigest()[:40]


def load_or_build(
    entities: Sequence[Entity], snapshots: Sequence[Snapshot], cache_dir: Path | None
) -> NameIndex:
    """The index for these snapshots: from the cache when present, else built (and cached)."""
    index = _cached(cache_dir, "index", snapshots, NameIndex, lambda: NameIndex(entities))
    index.attach(entities)
    return index


def load_or_build_links(
    entities: Sequence[Entity], snapshots: Sequence[Snapshot], cache_dir: Path | None
) -> dict[int, tuple[int, ...]]:
    """The cross-list links of these snapshots' entities (see ``links``), cached likewise."""
    return _cached(cache_dir, "links", snapshots, dict, lambda: build_links(entities))


def _cached(cache_dir: Path | None, kind: str, snapshots: Sequence[Snapshot], type_, build):
    """Load ``kind`` for these snapshots from the cache, else ``build()`` and store it."""
    path = cache_dir / f"{kind}-{index_key(snapshots)}.pickle" if cache_dir else None
    if path is not None and path.exists():
        try:
            with paused_gc(), path.open("rb") as handle:
                found = pickle.load(handle)  # noqa: S301 - our own cache file
            if isinstance(found, type_):
                return found
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError) as exc:
            log.info("%s cache unreadable (%s); rebuilding", kind, exc)
    with paused_gc():
        built = build()
    if path is not None:
        _store(path, built)
    return built


def _store(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError as exc:
        log.info("cache file %s not written (%s)", path.name, exc)
