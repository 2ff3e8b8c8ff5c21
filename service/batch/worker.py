"""The batch worker: one thread per server process that takes queued jobs from the database
and screens them chunk by chunk, committing each chunk's rows with the job's counters.

At start (and whenever idle) it also takes over jobs whose runner died (same host: its pid is
gone or reused; elsewhere: no heartbeat for ``lease_seconds``), skipping the rows they saved.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from service.batch.columns import ColumnPlan
from service.batch.config import BatchSettings
from service.batch.detect import NotATableError, TableFormat
from service.batch.jobs import JobStore, process_owner
from service.batch.models import BatchJob
from service.batch.pipeline import ReceiptBuilder, screen_table
from service.batch.reader import open_table
from service.batch.screener import Screener, ScreenOptions
from service.engine.receipt import lists_used
from service.engine.screen import Engine

log = logging.getLogger(__name__)


class JobError(Exception):
    """A job that cannot run as asked (its message is the job's failure)."""


def options_of(job: BatchJob) -> ScreenOptions:
    opts = job.options or {}
    lists = opts.get("lists")
    return ScreenOptions(
        limit=int(opts.get("limit", 5)),
        threshold=opts.get("threshold"),
        lists=tuple(lists) if lists else None,
        min_score=float(opts.get("min_score", 0.5)),
    )


class BatchWorker:
    def __init__(
        self,
        store: JobStore,
        engine: Callable[[], Engine | None],
        settings: BatchSettings,
        audit: Any = None,
    ):
        self.store = store
        self.engine = engine
        self.settings = settings
        self.audit = audit
        self.owner = process_owner()
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self.current: str | None = None

    def start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="batch-worker", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 60.0) -> None:
        """Stop after the chunk in hand; an unfinished job goes back to the queue."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                busy = self.run_once()
            except Exception:  # noqa: BLE001 - the worker must outlive a database hiccup
                log.exception("batch worker error")
                busy = False
            if not busy:
                self._wake.wait(self.settings.poll_seconds)
                self._wake.clear()

    def run_once(self) -> bool:
        """Claim and run one job (when the lists are loaded); True if one was run."""
        engine = self.engine()
        if engine is None:
            return False
        job = self.store.claim(self.owner, self.settings.lease_seconds)
        if job is None:
            return False
        self.current = job.id
        try:
            self.process(job, engine)
        except (NotATableError, JobError) as exc:
            self._fail(job, str(exc))
        except Exception as exc:  # noqa: BLE001 - a job failure is recorded, not raised
            log.exception("batch job %s failed", job.id)
            self._fail(job, f"{type(exc).__name__}: {exc}")
        finally:
            self.current = None
        return True

    def _fail(self, job: BatchJob, reason: str) -> None:
        self.store.fail(job.id, self.owner, reason)
        Path(job.input_path).unlink(missing_ok=True)

    def process(self, job: BatchJob, engine: Engine) -> None:
        options = options_of(job)
        loaded = {s.list_id for s in engine.snapshots}
        if options.lists and (unknown := sorted(set(options.lists) - loaded)):
            raise JobError(f"unknown list id(s) {', '.join(unknown)}; loaded: {sorted(loaded)}")
        if not self.store.begin_run(job.id, self.owner, lists_used(engine, options.lists)):
            return
        path = Path(job.input_path)
        table = open_table(
            path, job.filename, fmt=TableFormat(**job.table_format), header_row=job.header_row
        )
        table.max_field = self.settings.max_field_chars
        if job.rows_total is None:
            self.store.set_total(job.id, self.owner, table.count_rows())
        fresh = self.store.get(job.id)
        resumed = bool(fresh and fresh.rows_done)
        left = (fresh.rows_total or 0) - (fresh.rows_done or 0) if fresh else 0
        workers = self.settings.workers if left > self.settings.chunk_rows else 0
        skip = (lambda a, b: self.store.done_rows(job.id, a, b)) if resumed else None
        plan = ColumnPlan.from_dict(job.plan)
        log.info("batch %s: %s run %d (%s rows done)", job.id, "resuming" if resumed else
                 "starting", job.runs, fresh.rows_done if fresh else 0)  # fmt: skip
        # A first run saves every row itself, in row order: its receipt is built as it goes.
        # A resumed one rebuilds it from the stored rows at the end.
        builder = None if resumed else ReceiptBuilder()
        with Screener(engine, options, workers, self.settings.inline) as screener:
            mark = time.monotonic()
            chunks = screen_table(table, plan, screener, self.settings.chunk_rows, skip)
            for results in chunks:
                spent, mark = time.monotonic() - mark, time.monotonic()
                if not self.store.save_chunk(job.id, self.owner, results, spent):
                    log.warning("batch %s: taken over by another runner; stopping", job.id)
                    return
                if builder is not None:
                    for result in results:
                        builder.add(result)
                if self._stop.is_set():
                    self.store.release(job.id, self.owner)
                    return
        receipt = self.receipt(job, engine, options, builder)
        if self.store.finish(job.id, self.owner, receipt):
            self._audit(job, receipt)
            path.unlink(missing_ok=True)
            log.info("batch %s done: %s", job.id, receipt["batch"])

    def receipt(
        self,
        job: BatchJob,
        engine: Engine,
        options: ScreenOptions,
        builder: ReceiptBuilder | None = None,
    ) -> dict[str, Any]:
        """The job's receipt, from ``builder`` when it saw every stored row, else from the
        stored rows (in row order: the same digests either way)."""
        stored = self.store.get(job.id)
        if builder is None or stored is None or builder.rows != stored.rows_done:
            builder = ReceiptBuilder()
            for page in self.store.iter_rows(job.id):
                for result in page:
                    builder.add(result)
        batch = {"job_id": job.id, "filename": job.filename, "input_sha256": job.input_sha256}
        return builder.build(engine, options, batch).to_dict()

    def _audit(self, job: BatchJob, receipt: dict[str, Any]) -> None:
        """One audit record per finished batch (receipt only: the rows stay in batch_rows)."""
        if self.audit is None:
            return
        from datetime import datetime

        try:
            self.audit.record({
                "receipt_id": receipt["receipt_id"],
                "created_at": datetime.fromisoformat(receipt["created_at"].replace("Z", "+00:00")),
                "key_name": job.key_name, "engine_version": receipt["engine_version"],
                "threshold": receipt["threshold"], "query_count": receipt["query_count"],
                "hit_count": receipt["batch"]["hit_count"], "alert_count": receipt["alert_count"],
                "digest": receipt["digest"], "queries": [], "hits": [],
                "lists": receipt["lists"], "receipt": receipt,
            })  # fmt: skip
        except Exception:  # noqa: BLE001 - the results are stored; the audit copy is extra
            log.exception("batch %s: audit record not written", job.id)
