"""``sanctions-screen update``: fetch each list into a staging snapshot, check it, activate it.

Every list is downloaded from its official URLs into ``<data_dir>/.staging/<list_id>-<random>/``,
recognised by content, parsed and checked. Only a snapshot that passes every check is renamed,
in one atomic ``os.rename``, to ``<data_dir>/<list_id>/<version>_<hash[:12]>/``; the catalog
takes the newest version of a list as active, so the rename is the activation. Anything that
goes wrong leaves the data directory as it was. A lock file serialises concurrent updates.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import httpx

from service import __version__
from service.errors import (
    DownloadError,
    ListFormatError,
    ScreeningError,
    SnapshotCheckError,
    UnknownListError,
)
from service.model import ParsedList, Schema
from service.settings import Settings
from service.sources import get_format, sniff_file
from service.sources.base import SNIFF_BYTES, looks_like_html
from service.store import cache
from service.store.definitions import ListDefinition, load_definitions
from service.store.discover import FileSet, discover
from service.store.snapshot import MANIFEST, Snapshot, content_hash, load_snapshot, read_manifest

log = logging.getLogger(__name__)

STAGING_DIR = ".staging"
LOCK_FILE = ".update.lock"
#: A whole file may take this many times ``download_timeout`` (defeats a trickling server).
TOTAL_TIMEOUT_FACTOR = 10
_SCHEMAS = frozenset(Schema)


class UpdateInProgressError(ScreeningError):
    """Another update holds the data directory's lock."""


class UpdateConfigError(ScreeningError):
    """The update cannot run with these settings (no data directory)."""


@dataclass
class UpdateResult:
    """What happened to one list (no slots: the CLI prints ``result.__dict__`` as JSON)."""

    list_id: str
    status: str  # "activated" | "unchanged" | "refused" | "failed"
    reason: str | None = None
    version: str | None = None
    content_hash: str | None = None
    entity_count: int | None = None
    previous_count: int | None = None
    path: Path | None = None


class _Active(NamedTuple):
    """The active snapshot of a list; the first three fields are the catalog's sort key."""

    version: str
    fetched_at: str
    content_hash: str
    entity_count: int
    directory: Path


class _Unchanged(Exception):  # noqa: N818 - control flow, not an error
    """The download is already stored."""


def run_update(
    settings: Settings,
    list_ids: list[str] | None = None,
    definitions: dict[str, ListDefinition] | None = None,
) -> list[UpdateResult]:
    """Update every enabled list (or the named ones, enabled or not); one result per list.

    Raises only for the run as a whole: no data directory, an unknown list id, or another
    update running. A single list's failure is reported in its result.
    """
    data_dir = settings.data_dir
    if data_dir is None:
        raise UpdateConfigError(
            "update needs a data directory (--data-dir or SANCTIONS_DATA_DIR); "
            "the embedded demo list is never updated"
        )
    if definitions is None:
        definitions = load_definitions(settings.definitions_dir)
    selected = _select(definitions, list_ids)
    data_dir.mkdir(parents=True, exist_ok=True)
    with _update_lock(data_dir):
        staging_root = data_dir / STAGING_DIR
        if staging_root.exists():  # left by an interrupted update; we hold the lock
            log.info("removing the staging left by an interrupted update: %s", staging_root)
            shutil.rmtree(staging_root, ignore_errors=True)
        staging_root.mkdir()
        agent = f"sanctions-screen/{__version__} (list update)"
        try:
            active = _active_snapshots(data_dir, {d.id for d in selected}, settings)
            with httpx.Client(
                timeout=settings.download_timeout,
                follow_redirects=True,
                headers={"User-Agent": agent},
            ) as client:
                return [
                    _Job.make(d, settings, client, active, staging_root).run() for d in selected
                ]
        finally:
            with suppress(OSError):
                staging_root.rmdir()


def _select(
    definitions: dict[str, ListDefinition], list_ids: list[str] | None
) -> list[ListDefinition]:
    if list_ids is None:
        return [d for _, d in sorted(definitions.items()) if d.enabled]
    if unknown := [i for i in list_ids if i not in definitions]:
        raise UnknownListError(
            f"no definition for list {', '.join(map(repr, unknown))}; "
            f"known: {', '.join(sorted(definitions)) or 'none'}"
        )
    return [definitions[i] for i in dict.fromkeys(list_ids)]


@contextmanager
def _update_lock(data_dir: Path) -> Iterator[None]:
    """Hold ``<data_dir>/.update.lock`` exclusively, or fail at once."""
    path = data_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise UpdateInProgressError(
                f"another update is running on {data_dir} (lock {path} is held)"
            ) from exc
        yield
    finally:
        os.close(fd)  # releases the lock


def _active_snapshots(data_dir: Path, list_ids: set[str], settings: Settings) -> dict[str, _Active]:
    """The snapshot the catalog would show as active, for each of ``list_ids`` present."""
    out: dict[str, _Active] = {}
    for file_set in discover(data_dir)[0]:
        if file_set.list_id in list_ids:
            found = _describe(file_set, settings.effective_cache_dir())
            current = out.get(file_set.list_id)
            if found and (current is None or found[:3] > current[:3]):
                out[file_set.list_id] = found
    return out


def _describe(file_set: FileSet, cache_dir: Path | None) -> _Active | None:
    """Version, hash and count of a stored file set: from our manifest, else by parsing it."""
    manifest = read_manifest(file_set.directory)
    version, count = manifest.get("version"), manifest.get("entity_count")
    fetched = manifest.get("fetched_at")
    with suppress(ListFormatError):
        digest = content_hash(file_set.files)
        if (
            manifest.get("content_hash") == digest
            and manifest.get("list_id") == file_set.list_id
            and isinstance(version, str)
            and isinstance(count, int)
        ):
            fetched = fetched if isinstance(fetched, str) else ""
            return _Active(version, fetched, digest, count, file_set.directory)
    try:
        snap = load_snapshot(file_set, cache_dir)
    except Exception as exc:  # noqa: BLE001 - a broken old snapshot is never the active one
        log.warning("stored snapshot not readable, ignored: %s", exc)
        return None
    fetched = snap.fetched_at or ""
    return _Active(snap.version, fetched, snap.content_hash, snap.entity_count, file_set.directory)


@dataclass(slots=True)
class _Job:
    """One list's update: its definition, the run's context, and the result being filled."""

    definition: ListDefinition
    settings: Settings
    client: httpx.Client
    active: _Active | None
    staging: Path
    result: UpdateResult

    @classmethod
    def make(
        cls,
        definition: ListDefinition,
        settings: Settings,
        client: httpx.Client,
        active: dict[str, _Active],
        staging_root: Path,
    ) -> _Job:
        current = active.get(definition.id)
        staging = Path(tempfile.mkdtemp(prefix=f"{definition.id}-", dir=staging_root))
        result = UpdateResult(
            definition.id, "failed", previous_count=current.entity_count if current else None
        )
        return cls(definition, settings, client, current, staging, result)

    def run(self) -> UpdateResult:
        """Stage, check and activate the list; never raises for the list's own failure."""
        result = self.result
        try:
            self._stage()
            result.status = "activated"
        except _Unchanged as exc:
            result.status, result.reason = "unchanged", str(exc) or None
        except SnapshotCheckError as exc:
            result.status, result.reason = "refused", str(exc)
        except DownloadError as exc:
            result.reason = str(exc)
        except ListFormatError as exc:
            result.reason = _file_reason(exc, self.definition, self.staging)
        except OSError as exc:
            result.reason = f"cannot write the snapshot: {exc}"
        except Exception as exc:  # noqa: BLE001 - one list's bug must not stop the others
            log.exception("update of %s failed unexpectedly", result.list_id)
            result.reason = f"unexpected error: {type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(self.staging, ignore_errors=True)  # gone already once activated
        log.info("update %s: %s %s", result.list_id, result.status, result.reason or "")
        return result

    def _stage(self) -> None:
        """Fill the staging folder, check it and rename it into place; raises to say why not."""
        definition, active, result = self.definition, self.active, self.result
        fetched_at = datetime.now(UTC).isoformat(timespec="microseconds")
        files = {r: self.staging / definition.file_name(r) for r in sorted(definition.urls)}
        if not files or len(set(files.values())) != len(files):
            raise DownloadError(f"definition {definition.id} needs URLs with distinct file names")
        for role, path in files.items():
            download(self.client, definition.urls[role], path, self.settings)
        digest = result.content_hash = content_hash(files)
        if active is not None and digest == active.content_hash:
            result.version, result.entity_count = active.version, active.entity_count
            result.path = active.directory
            raise _Unchanged()
        format_id = _recognise(definition, files)
        snap = load_snapshot(FileSet(self.staging, format_id, definition.id, files), None)
        version = result.version = snap.published.isoformat() if snap.published else _today()
        result.entity_count = snap.entity_count
        check_snapshot(snap, definition.id)
        _check_against_active(snap.entity_count, version, active, self.settings.max_count_drop)
        assert self.settings.data_dir is not None  # run_update checked it
        target = result.path = self.settings.data_dir / definition.id / f"{version}_{digest[:12]}"
        if target.exists():
            note = "" if active and active.directory == target else " (not the active one)"
            raise _Unchanged(f"this version is already stored in {target}{note}")
        _write_manifest(self.staging / MANIFEST, definition, snap, version, fetched_at)
        _activate(self.staging, target)
        parsed = ParsedList(
            snap.list_id, format_id, snap.entities, snap.published, snap.stated_count, snap.warnings
        )
        try:  # activated already: a cache that cannot be written only costs a parse later
            cache.store(self.settings.effective_cache_dir(), digest, format_id, parsed)
        except Exception as exc:  # noqa: BLE001
            log.warning("parse cache not written for %s: %s", definition.id, exc)


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def download(client: httpx.Client, url: str, dest: Path, settings: Settings) -> None:
    """Stream ``url`` to ``dest``; DownloadError naming the URL on any failure."""
    cap = settings.max_download_bytes
    try:
        with client.stream("GET", url) as response:
            if not response.is_success:
                status = f"HTTP {response.status_code} {response.reason_phrase}"
                raise DownloadError(f"{url}: {status.strip()}")
            expected = _content_length(response)
            if expected is not None and expected > cap:
                raise DownloadError(
                    f"{url}: announces {expected:,} bytes, more than the "
                    f"{cap:,}-byte limit (max_download_bytes)"
                )
            total = settings.download_timeout * TOTAL_TIMEOUT_FACTOR
            written = _write_body(response, dest, url, cap, total)
            received = response.num_bytes_downloaded
            if expected is not None and received != expected:
                raise DownloadError(
                    f"{url}: truncated download: {received:,} of {expected:,} "
                    "bytes (Content-Length) received"
                )
            if written == 0:
                raise DownloadError(f"{url}: empty response body")
    except httpx.TimeoutException as exc:
        timeout = f"{settings.download_timeout:g} s ({type(exc).__name__})"
        raise DownloadError(f"{url}: timed out after {timeout}") from exc
    except httpx.RemoteProtocolError as exc:
        raise DownloadError(f"{url}: truncated or broken transfer: {exc}") from exc
    except httpx.HTTPError as exc:
        raise DownloadError(f"{url}: {type(exc).__name__}: {exc}") from exc
    except OSError as exc:
        raise DownloadError(f"{url}: cannot write {dest.name}: {exc}") from exc


def _content_length(response: httpx.Response) -> int | None:
    """The announced length of the body as stored: None when absent, bad or compressed."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    value = response.headers.get("content-length", "")
    if encoding not in ("", "identity") or not value.strip().isdigit():
        return None
    return int(value)


def _write_body(response: httpx.Response, dest: Path, url: str, cap: int, total: float) -> int:
    deadline, written = time.monotonic() + total, 0
    with dest.open("wb") as out:
        for chunk in response.iter_bytes():
            written += len(chunk)
            if written > cap:
                raise DownloadError(
                    f"{url}: body exceeds the {cap:,}-byte limit (max_download_bytes)"
                )
            if time.monotonic() > deadline:
                raise DownloadError(
                    f"{url}: too slow, gave up after {total:g} s "
                    f"({TOTAL_TIMEOUT_FACTOR} x download_timeout)"
                )
            out.write(chunk)
        out.flush()
        os.fsync(out.fileno())
    return written


def _recognise(definition: ListDefinition, files: dict[str, Path]) -> str:
    """Check by content that every file is the expected part of this list; its format id."""
    formats: set[str] = set()
    for role, path in files.items():
        found, url = sniff_file(path), definition.urls[role]
        problem = None
        if found is None:
            with path.open("rb") as handle:
                html = looks_like_html(handle.read(SNIFF_BYTES))
            problem = "an HTML page, not a list file" if html else "not a recognised list file"
        elif found.list_id != definition.id:
            problem = f"is a {found.list_id} file ({found.format}), not {definition.id}"
        elif found.role != role:
            problem = f"is the '{found.role}' file of {found.list_id}, expected its '{role}' file"
        if problem or found is None:
            raise ListFormatError(path, f"{problem} (from {url})")
        formats.add(found.format)
    format_id, first = sorted(formats)[0], files[min(files)]
    if len(formats) > 1:
        raise ListFormatError(first, f"files of mixed formats: {', '.join(sorted(formats))}")
    if format_id != definition.format:
        raise ListFormatError(
            first, f"recognised as {format_id}, but the definition says {definition.format}"
        )
    if missing := [r for r in get_format(format_id).required_roles if r not in files]:
        raise ListFormatError(
            first,
            f"{format_id} needs a {'/'.join(missing)} file, which the definition has no URL for",
        )
    return format_id


def check_snapshot(snap: Snapshot, list_id: str) -> None:
    """Refuse an empty list, duplicate ids, and entities without a primary name or schema."""
    if snap.list_id != list_id:
        raise SnapshotCheckError(f"parsed as list {snap.list_id}, expected {list_id}")
    if not snap.entities:
        raise SnapshotCheckError("the list has no entities")
    seen: set[str] = set()
    duplicates, unnamed, no_schema = [], [], []
    for entity in snap.entities:
        if entity.id in seen:
            duplicates.append(entity.id)
        seen.add(entity.id)
        if not entity.names or not (entity.names[0].value or "").strip():
            unnamed.append(entity.id)
        if entity.schema not in _SCHEMAS:
            no_schema.append(entity.id)
    for items, what in (
        (duplicates, "duplicate entity ids"),
        (unnamed, "entities without a primary name"),
        (no_schema, "entities without a valid schema"),
    ):
        if items:
            raise SnapshotCheckError(f"{len(items):,} {what}, e.g. {', '.join(items[:3])}")


def _check_against_active(count: int, version: str, active: _Active | None, drop: float) -> None:
    """Refuse a count that fell by more than ``drop``, or a list dated before the active one."""
    if active is None:
        return
    previous = active.entity_count
    if previous > 0 and (previous - count) / previous > drop:
        raise SnapshotCheckError(
            f"entity count fell from {previous:,} (active {active.version}) to {count:,} "
            f"({(previous - count) / previous:.0%} fewer; max_count_drop allows {drop:.0%})"
        )
    if version < active.version:
        raise SnapshotCheckError(
            f"the download is dated {version}, older than the active snapshot of {active.version}"
        )


def _write_manifest(
    path: Path, definition: ListDefinition, snap: Snapshot, version: str, fetched_at: str
) -> None:
    manifest = {
        "list_id": definition.id,
        "format": snap.format,
        "version": version,
        "published": snap.published.isoformat() if snap.published else None,
        "fetched_at": fetched_at,
        "content_hash": snap.content_hash,
        "urls": dict(sorted(definition.urls.items())),
        "files": {role: Path(name).name for role, name in snap.files.items()},
        "entity_count": snap.entity_count,
        "stated_count": snap.stated_count,
    }
    with path.open("w", encoding="utf-8") as handle:
        json.dump(manifest, handle, indent=2, ensure_ascii=False)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def _activate(staging: Path, target: Path) -> None:
    """Rename the checked staging folder into place: the one step that activates it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    _fsync_dir(staging)
    os.rename(staging, target)
    _fsync_dir(target.parent)


def _fsync_dir(path: Path) -> None:
    with suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _file_reason(exc: ListFormatError, definition: ListDefinition, staging: Path) -> str:
    """A ListFormatError's reason naming the downloaded file and its URL, not the staging path."""
    by_path = {str(staging / definition.file_name(r)): r for r in definition.urls}
    role = by_path.get(exc.path)
    if role is None:
        return str(exc)
    text, url = f"{definition.file_name(role)}: {exc.reason}", definition.urls[role]
    return text if url in text else f"{text} (from {url})"
