"""The engine holder: one reference to the current Engine, swapped atomically on reload.

A reload builds the new Engine in a background thread while requests keep using the old
one; then one attribute assignment swaps it. Each request reads ``holder.engine`` once and
keeps that engine to the end, so in-flight requests finish on the snapshot they started on
(and their receipts name it). A watcher thread polls the data directory and reloads when it
changed and then stayed unchanged for one more poll (``update`` activates by rename).
A reload that would drop a list the current engine has (a broken file) is refused.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from service.engine.loader import load_engine
from service.engine.screen import Engine
from service.perf import freeze_for_serving
from service.settings import Settings
from service.textscan import scanner_for

log = logging.getLogger(__name__)


def dir_signature(root: Path) -> str:
    """A digest of every visible file and folder's path, size and mtime under ``root``."""
    digest = hashlib.sha256()
    stack = [root]
    while stack:
        current = stack.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                info = entry.stat()
            except OSError:
                continue
            digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
    return digest.hexdigest()


class EngineHolder:
    def __init__(
        self,
        settings: Settings,
        engine: Engine | None = None,
        loader: Callable[[Settings], Engine] = load_engine,
    ):
        self.settings = settings
        self._loader = loader
        self._engine = engine
        self.generation = 1 if engine is not None else 0
        self.last_error: str | None = None
        self.loaded_at: float | None = time.time() if engine is not None else None
        self._lock = threading.Lock()
        self._reloading: threading.Thread | None = None
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.on_swap: list[Callable[[Engine], None]] = []

    @property
    def engine(self) -> Engine | None:
        return self._engine

    @property
    def ready(self) -> bool:
        return self._engine is not None

    @property
    def reloading(self) -> bool:
        thread = self._reloading
        return thread is not None and thread.is_alive()

    def reload(self, wait: bool = False) -> bool:
        """Start a background reload (unless one runs); True if this call started it."""
        with self._lock:
            started = not self.reloading
            if started:
                self._reloading = threading.Thread(
                    target=self._build, name="engine-reload", daemon=True
                )
                self._reloading.start()
            thread = self._reloading
        if wait and thread is not None:
            thread.join()
        return started

    def _build(self) -> None:
        started = time.perf_counter()
        try:
            engine = self._loader(self.settings)
            engine.catalog.entity("")  # build the id index before requests need it
            self._check(engine)
            scanner_for(engine)  # the text gazetteer, before /v1/screen/text needs it
        except Exception as exc:  # noqa: BLE001 - a failed reload keeps the old engine
            self.last_error = f"reload failed, keeping the previous lists: {exc}"
            log.error("%s", self.last_error)
            return
        self.swap(engine)
        freeze_for_serving()
        log.info(
            "engine generation %d ready in %.1f s: %s",
            self.generation,
            time.perf_counter() - started,
            ", ".join(f"{s.list_id}@{s.version}" for s in engine.snapshots),
        )

    def _check(self, engine: Engine) -> None:
        current = self._engine
        if current is None:
            return
        lost = {s.list_id for s in current.snapshots} - {s.list_id for s in engine.snapshots}
        if lost:
            errors = "; ".join(engine.catalog.errors[:3])
            raise RuntimeError(
                f"the new data would drop list(s) {', '.join(sorted(lost))}"
                + (f" ({errors})" if errors else "")
            )

    def swap(self, engine: Engine) -> None:
        """Make ``engine`` current (one reference assignment: atomic for readers)."""
        self._engine = engine
        self.generation += 1
        self.loaded_at = time.time()
        self.last_error = None
        for callback in self.on_swap:
            callback(engine)

    def start_watching(self, interval: float) -> None:
        """Poll the data directory every ``interval`` seconds; reload on a settled change."""
        if interval <= 0 or self._watcher is not None:
            return
        root = self.settings.effective_data_dir()
        self._watcher = threading.Thread(
            target=self._watch, args=(root, interval), name="data-dir-watch", daemon=True
        )
        self._watcher.start()

    def _watch(self, root: Path, interval: float) -> None:
        loaded = dir_signature(root)
        pending: str | None = None
        while not self._stop.wait(interval):
            current = dir_signature(root)
            if current == loaded:
                pending = None
            elif current == pending:  # changed, then stable for one poll
                log.info("data directory %s changed: reloading", root)
                if self.reload():  # else one is running: try again at the next poll
                    loaded, pending = current, None
            else:
                pending = current

    def stop(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None
