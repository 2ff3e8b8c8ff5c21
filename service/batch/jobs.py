"""Batch jobs in the database: create, claim (one runner per job), save chunks idempotently,
finish, and read results back in row order."""

from __future__ import annotations

import os
import secrets
import socket
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Text, delete, func, select, type_coerce, update

from service.batch.models import DONE, FAILED, QUEUED, RUNNING, TABLES, BatchJob, BatchRow
from service.batch.pipeline import RowResult
from service.db.session import Database

ERRORS_SAMPLE = 100
PAGE_ROWS = 1000


def now() -> datetime:
    return datetime.now(UTC)


def aware(moment: datetime | None) -> datetime | None:
    """SQLite keeps no time zone: every stored time is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def new_job_id() -> str:
    """``b`` + milliseconds (hex, sorts by time) + 64 random bits."""
    return f"b{time.time_ns() // 1_000_000:011x}{secrets.token_hex(8)}"


def _start_ticks(pid: int) -> str | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def process_owner() -> str:
    """``host|pid|start ticks``: names this process, and tells a restarted one apart."""
    pid = os.getpid()
    return f"{socket.gethostname()}|{pid}|{_start_ticks(pid) or secrets.token_hex(4)}"


def owner_alive(owner: str | None) -> bool | None:
    """False/True for an owner on this host (pid and start time checked); None elsewhere."""
    if not owner or owner.count("|") != 2:
        return None
    host, pid, ticks = owner.split("|")
    if host != socket.gethostname() or not pid.isdigit():
        return None
    return _start_ticks(int(pid)) == ticks


def _json(value: Any) -> Any:
    """A JSON column read as text (SQLite) is decoded here, with orjson; a driver that decodes
    JSON itself (psycopg, JSONB) hands the value over as it is."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def result_of(row: BatchRow) -> RowResult:
    return RowResult(row.row, list(row.cells), row.query, list(row.hits), row.error, row.warning)


#: The stored columns of a result row, the JSON ones as raw text: ``_json`` decodes them (the
#: ORM's per-row objects and the stdlib decoder cost more than the screening of a row).
_ROW_COLUMNS = (
    BatchRow.row,
    type_coerce(BatchRow.cells, Text),
    type_coerce(BatchRow.query, Text),
    type_coerce(BatchRow.hits, Text),
    BatchRow.error,
    BatchRow.warning,
)


def make_job(
    job_id: str,
    table: Any,
    plan: Any,
    path: Path,
    *,
    filename: str,
    size: int,
    sha: str,
    options: dict[str, Any],
    key_name: str | None = None,
) -> BatchJob:
    """A queued job for an opened ``table`` (reader.Table) and its ``plan`` (ColumnPlan)."""
    return BatchJob(
        id=job_id, status=QUEUED, key_name=key_name, filename=filename, input_path=str(path),
        input_sha256=sha, input_bytes=size, table_format=table.format.to_dict(),
        header_row=table.header_row, columns=table.columns, plan=plan.to_dict(),
        options=options, rows_done=0, alert_rows=0, error_rows=0, warning_rows=0,
        errors_sample=[], runs=0, seconds=0.0, created_at=now(),
    )  # fmt: skip


class JobStore:
    def __init__(self, db: Database):
        self.db = db
        from service.db.models import Base

        Base.metadata.create_all(db.engine, tables=TABLES)

    def create(self, job: BatchJob) -> None:
        with self.db.session() as session, session.begin():
            session.add(job)

    def get(self, job_id: str) -> BatchJob | None:
        with self.db.session() as session:
            return session.get(BatchJob, job_id)

    def claim(self, owner: str, lease_seconds: float) -> BatchJob | None:
        """Take the oldest queued job, or a running one whose runner is dead or silent."""
        stale = now() - timedelta(seconds=lease_seconds)
        with self.db.session() as session:
            rows = session.execute(
                select(BatchJob.id, BatchJob.status, BatchJob.owner, BatchJob.heartbeat_at)
                .where(BatchJob.status.in_([QUEUED, RUNNING]))
                .order_by(BatchJob.created_at)
                .limit(50)
            ).all()
        for job_id, status, old_owner, beat in rows:
            if status == RUNNING:
                if old_owner == owner:
                    continue
                alive = owner_alive(old_owner)
                if alive or (alive is None and beat is not None and aware(beat) > stale):
                    continue
            with self.db.session() as session, session.begin():
                condition = [BatchJob.id == job_id, BatchJob.status == status]
                condition.append(
                    BatchJob.owner.is_(None) if old_owner is None else BatchJob.owner == old_owner
                )
                moment = now()
                claimed = session.execute(
                    update(BatchJob)
                    .where(*condition)
                    .values(status=RUNNING, owner=owner, heartbeat_at=moment,
                            started_at=func.coalesce(BatchJob.started_at, moment),
                            runs=BatchJob.runs + 1)
                ).rowcount  # fmt: skip
            if claimed == 1:
                return self.get(job_id)
        return None

    def _owned(self, session, job_id: str, owner: str) -> BatchJob | None:
        job = session.get(BatchJob, job_id)
        if job is None or job.owner != owner or job.status != RUNNING:
            return None
        return job

    def begin_run(self, job_id: str, owner: str, lists: list[dict[str, Any]]) -> bool:
        """Record the lists this run screens with. If a resumed job finds other list versions
        than it started with, its rows are screened again: one job, one set of lists."""
        with self.db.session() as session, session.begin():
            job = self._owned(session, job_id, owner)
            if job is None:
                return False
            key = [(x["list_id"], x["content_hash"]) for x in lists]
            old = [(x["list_id"], x["content_hash"]) for x in job.lists or []]
            if job.lists is not None and old != key and job.rows_done:
                session.execute(delete(BatchRow).where(BatchRow.job_id == job_id))
                job.rows_done = job.alert_rows = job.error_rows = job.warning_rows = 0
                job.errors_sample = []
            job.lists = lists
        return True

    def set_total(self, job_id: str, owner: str, total: int) -> None:
        with self.db.session() as session, session.begin():
            if job := self._owned(session, job_id, owner):
                job.rows_total = total
                job.heartbeat_at = now()

    def done_rows(self, job_id: str, first: int, last: int) -> set[int]:
        with self.db.session() as session:
            return set(session.scalars(
                select(BatchRow.row).where(BatchRow.job_id == job_id,
                                           BatchRow.row.between(first, last))
            ))  # fmt: skip

    def save_chunk(self, job_id: str, owner: str, results: list[RowResult], seconds: float) -> bool:
        """Insert the rows not stored yet and count them, in one transaction.
        False when this runner no longer owns the job (it must stop)."""
        with self.db.session() as session, session.begin():
            job = self._owned(session, job_id, owner)
            if job is None:
                return False
            done = set(session.scalars(
                select(BatchRow.row).where(BatchRow.job_id == job_id,
                                           BatchRow.row.between(results[0].row, results[-1].row))
            ))  # fmt: skip
            new = [r for r in results if r.row not in done]
            if new:
                session.execute(BatchRow.__table__.insert(), [
                    {"job_id": job_id, "row": r.row, "cells": r.cells, "query": r.query,
                     "hits": r.hits, "alert": r.alert, "error": r.error, "warning": r.warning}
                    for r in new
                ])  # fmt: skip
            errors = [r for r in new if r.error]
            job.rows_done += len(new)
            job.alert_rows += sum(1 for r in new if r.alert)
            job.error_rows += len(errors)
            job.warning_rows += sum(1 for r in new if r.warning)
            if errors and len(job.errors_sample or []) < ERRORS_SAMPLE:
                sample = list(job.errors_sample or [])
                sample += [{"row": r.row, "reason": r.error} for r in errors]
                job.errors_sample = sample[:ERRORS_SAMPLE]
            job.heartbeat_at = now()
            job.seconds = (job.seconds or 0.0) + seconds
        return True

    def release(self, job_id: str, owner: str) -> None:
        """Hand a job back to the queue (graceful stop): the next start resumes it."""
        with self.db.session() as session, session.begin():
            session.execute(
                update(BatchJob).where(BatchJob.id == job_id, BatchJob.owner == owner,
                                       BatchJob.status == RUNNING)
                .values(status=QUEUED, owner=None)
            )  # fmt: skip

    def finish(self, job_id: str, owner: str, receipt: dict[str, Any]) -> bool:
        """Mark done, with counters recounted from the stored rows (exact by construction)."""
        with self.db.session() as session, session.begin():
            job = self._owned(session, job_id, owner)
            if job is None:
                return False
            total, alerts, errors, warnings = session.execute(
                select(func.count(), func.count().filter(BatchRow.alert.is_(True)),
                       func.count(BatchRow.error), func.count(BatchRow.warning))
                .where(BatchRow.job_id == job_id)
            ).one()  # fmt: skip
            job.rows_done = job.rows_total = total
            job.alert_rows, job.error_rows, job.warning_rows = alerts, errors, warnings
            job.status, job.receipt, job.finished_at = DONE, receipt, now()
            job.heartbeat_at = job.finished_at
        return True

    def fail(self, job_id: str, owner: str, reason: str) -> None:
        with self.db.session() as session, session.begin():
            if job := self._owned(session, job_id, owner):
                job.status, job.failure, job.finished_at = FAILED, reason[:2000], now()

    def iter_rows(
        self, job_id: str, alerts_only: bool = False, page: int = PAGE_ROWS
    ) -> Iterator[list[RowResult]]:
        """Stored rows in row order, a page at a time (one short session per page)."""
        last = 0
        while True:
            query = select(*_ROW_COLUMNS).where(BatchRow.job_id == job_id, BatchRow.row > last)
            if alerts_only:
                query = query.where(BatchRow.alert.is_(True))
            with self.db.session() as session:
                rows = session.execute(query.order_by(BatchRow.row).limit(page)).all()
            if not rows:
                return
            last = rows[-1][0]
            yield [
                RowResult(row, _json(cells), _json(q), _json(hits) or [], error, warning)
                for row, cells, q, hits, error, warning in rows
            ]

    def recent(self, key_name: str | None, admin: bool, limit: int = 50) -> list[BatchJob]:
        query = select(BatchJob).order_by(BatchJob.created_at.desc()).limit(limit)
        if not admin:
            query = query.where(BatchJob.key_name == key_name)
        with self.db.session() as session:
            return list(session.scalars(query))


def storage_root(configured: Path | None, state_dir: Path | None) -> Path:
    """Where uploads wait: the configured dir, else ``<state dir>/batches``."""
    if configured is not None:
        return configured
    from service.db.session import default_state_dir

    return (state_dir or default_state_dir()) / "batches"
