"""Tables: ``api_keys`` (hashed keys) and ``screenings`` (one audit record per screening)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, Index, Integer, String
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: JSON everywhere, JSONB on PostgreSQL (queryable, compact).
JsonType = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    pass


class ApiKey(Base):
    """An API key. Only the SHA-256 of the secret is stored; ``prefix`` identifies it to people."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    prefix: Mapped[str] = mapped_column(String(16))
    admin: Mapped[bool] = mapped_column(Boolean, default=False)
    rate_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)  # per minute
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Screening(Base):
    """The audit record of one screening request, committed before the answer is sent."""

    __tablename__ = "screenings"

    receipt_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    key_name: Mapped[str | None] = mapped_column(String(100), nullable=True)
    engine_version: Mapped[str] = mapped_column(String(40))
    threshold: Mapped[float] = mapped_column(Float)
    query_count: Mapped[int] = mapped_column(Integer)
    hit_count: Mapped[int] = mapped_column(Integer)
    alert_count: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    queries: Mapped[list[Any]] = mapped_column(JsonType)
    hits: Mapped[list[Any]] = mapped_column(JsonType)
    lists: Mapped[list[Any]] = mapped_column(JsonType)
    receipt: Mapped[dict[str, Any]] = mapped_column(JsonType)

    __table_args__ = (
        Index("ix_screenings_created_at", "created_at"),
        Index("ix_screenings_key_name", "key_name"),
    )
