"""A cache of parsed lists keyed by content hash, so a restart does not parse again."""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from service import __version__
from service.model import ParsedList

log = logging.getLogger(__name__)


_PACKAGE = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """Hash of the code that turns list files into entities: a change invalidates the cache."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted((_PACKAGE / "sources").rglob("*.py")) + [
        _PACKAGE / "model.py",
        _PACKAGE / "countries.py",
    ]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _path(cache_dir: Path, content_hash: str, format_id: str) -> Path:
    return cache_dir / f"{format_id}-{content_hash[:32]}-{parser_fingerprint()}.pickle"


def load(cache_dir: Path | None, content_hash: str, format_id: str) -> ParsedList | None:
    """The cached parse of these exact bytes, or None."""
    if cache_dir is None:
        return None
    path = _path(cache_dir, content_hash, format_id)
    try:
        with path.open("rb") as handle:
            parsed = pickle.load(handle)  # noqa: S301 - our own cache, keyed by content hash
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError):
        return None
    return parsed if isinstance(parsed, ParsedList) else None


def store(cache_dir: Path | None, content_hash: str, format_id: str, parsed: ParsedList) -> None:
    """Write a parse to the cache atomically; a read-only or full disk only logs."""
    if cache_dir is None:
        return
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(parsed, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, _path(cache_dir, content_hash, format_id))
    except OSError as exc:
        log.info("snapshot cache not written (%s)", exc)
