"""The audit log: every screening is written, with group commit, before it is answered.

Requests hand their record to one writer thread and wait for its future. The writer takes
every record waiting at that moment and inserts them in one transaction, so concurrent
requests share a commit (and its fsync) instead of queueing for one each.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from typing import Any

from sqlalchemy import insert, select

from service.db.models import Screening
from service.db.session import Database

log = logging.getLogger(__name__)

MAX_BATCH = 256
_STOP = object()


class AuditError(RuntimeError):
    """An audit record could not be committed (so its screening must not be answered)."""


class AuditLog:
    """Group-committing writer of :class:`Screening` rows, plus reads."""

    def __init__(self, db: Database, max_batch: int = MAX_BATCH):
        self.db = db
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.commits = 0
        self.records = 0

    def start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="audit-writer", daemon=True)
                self._thread.start()

    def submit(self, row: dict[str, Any]) -> Future[None]:
        """Queue one record; the future resolves once it is committed (or fails)."""
        self.start()
        future: Future[None] = Future()
        self._queue.put((row, future))
        return future

    def record(self, row: dict[str, Any], timeout: float = 30.0) -> None:
        """Write one record and wait for its commit."""
        self.submit(row).result(timeout)

    def close(self) -> None:
        """Write what is queued, then stop the writer."""
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._queue.put(_STOP)
            thread.join(timeout=30)

    def get(self, receipt_id: str) -> Screening | None:
        with self.db.session() as session:
            return session.scalars(
                select(Screening).where(Screening.receipt_id == receipt_id)
            ).one_or_none()

    def count(self) -> int:
        from sqlalchemy import func

        with self.db.session() as session:
            return int(session.scalar(select(func.count()).select_from(Screening)) or 0)

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            batch, stop = [], item is _STOP
            if not stop:
                batch.append(item)
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    stop = True
                    break
                batch.append(item)
            if batch:
                self._write(batch)
            if stop:
                return

    def _write(self, batch: list[tuple[dict[str, Any], Future[None]]]) -> None:
        try:
            self._insert([row for row, _ in batch])
        except Exception as exc:  # noqa: BLE001 - every failure goes back to its request
            if len(batch) == 1:
                log.error("audit record not written: %s", exc)
                batch[0][1].set_exception(AuditError(f"audit log unavailable: {exc}"))
                return
            for one in batch:  # isolate a bad record from the good ones
                self._write([one])
            return
        self.commits += 1
        self.records += len(batch)
        for _, future in batch:
            future.set_result(None)

    def _insert(self, rows: list[dict[str, Any]]) -> None:
        with self.db.engine.begin() as conn:
            conn.execute(insert(Screening), rows)
