"""Batch settings: ``SANCTIONS_BATCH_*`` environment variables (flags override in the CLI)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _spare_cores() -> int:
    """Cores beyond the one the calling thread screens on."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return max(0, cores - 1)


class BatchSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANCTIONS_BATCH_", extra="ignore")

    max_upload_bytes: int = Field(
        default=256 * 1024 * 1024, gt=0, description="Largest accepted upload (413 above)."
    )
    workers: int = Field(
        default_factory=_spare_cores,
        ge=0,
        le=32,
        description="Forked screening processes (sharing the loaded lists copy-on-write, each "
        "~0.5 GB of its own for the full lists); default: cores - 1.",
    )
    inline: bool = Field(
        default=True,
        description="The job's own thread screens too: the pieces of each chunk no screening "
        "process has started when it waits for the chunk.",
    )
    chunk_rows: int = Field(default=1000, ge=1, le=100_000, description="Rows per chunk.")
    dir: Path | None = Field(
        default=None, description="Where uploads wait to be screened; <state_dir>/batches."
    )
    limit: int = Field(default=5, ge=1, le=100, description="Hits kept per row.")
    min_score: float = Field(
        default=0.5, ge=0, le=1, description="Hits scoring below this are not reported."
    )
    lease_seconds: float = Field(
        default=120.0, gt=0, description="A running job not heard of for this long is resumed."
    )
    poll_seconds: float = Field(default=2.0, gt=0, description="Idle worker poll interval.")
    max_columns: int = Field(default=500, ge=1, description="Most columns a table may have.")
    max_field_chars: int = Field(default=10_000, ge=100, description="Longest cell read.")


@lru_cache(maxsize=1)
def get_batch_settings() -> BatchSettings:
    return BatchSettings()
