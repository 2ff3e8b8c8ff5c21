"""Tables of batch jobs: ``batch_jobs`` (one per upload) and ``batch_rows`` (one result per
input row, keyed by (job, row) so a resumed job neither loses nor duplicates a row)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from service.db.models import Base, JsonType

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"


class BatchJob(Base):
    """One uploaded table being (or done being) screened."""

    __tablename__ = "batch_jobs"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    key_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    filename: Mapped[str] = mapped_column(String(300))
    input_path: Mapped[str] = mapped_column(String(1000))
    input_sha256: Mapped[str] = mapped_column(String(64))
    input_bytes: Mapped[int] = mapped_column(BigInteger)
    table_format: Mapped[dict[str, Any]] = mapped_column(JsonType)  # kind, encoding, ...
    header_row: Mapped[int] = mapped_column(Integer)
    columns: Mapped[list[str]] = mapped_column(JsonType)
    plan: Mapped[dict[str, Any]] = mapped_column(JsonType)  # column indexes per role
    options: Mapped[dict[str, Any]] = mapped_column(JsonType)  # limit, threshold, lists, ...
    rows_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    rows_done: Mapped[int] = mapped_column(Integer, default=0)
    alert_rows: Mapped[int] = mapped_column(Integer, default=0)
    error_rows: Mapped[int] = mapped_column(Integer, default=0)
    warning_rows: Mapped[int] = mapped_column(Integer, default=0)
    errors_sample: Mapped[list[Any]] = mapped_column(JsonType, default=list)
    lists: Mapped[list[Any] | None] = mapped_column(JsonType, nullable=True)
    receipt: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    failure: Mapped[str | None] = mapped_column(Text, nullable=True)
    owner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    runs: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)  # screening time, all runs

    __table_args__ = (Index("ix_batch_jobs_key_created", "key_name", "created_at"),)


class BatchRow(Base):
    """The outcome of one input row: its cells, query, reported hits, or why it was skipped."""

    __tablename__ = "batch_rows"

    job_id: Mapped[str] = mapped_column(
        String(40), ForeignKey("batch_jobs.id", ondelete="CASCADE"), primary_key=True
    )
    row: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    cells: Mapped[list[str]] = mapped_column(JsonType)
    query: Mapped[dict[str, Any] | None] = mapped_column(JsonType, nullable=True)
    hits: Mapped[list[Any]] = mapped_column(JsonType)
    alert: Mapped[bool] = mapped_column(Boolean)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    warning: Mapped[str | None] = mapped_column(Text, nullable=True)


TABLES = [BatchJob.__table__, BatchRow.__table__]
