"""One settings object for every face of the service (CLI, API, batch, check).

Values come from flags (the CLI passes them in) and from ``SANCTIONS_*`` environment variables.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_DIR = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANCTIONS_", extra="ignore")

    data_dir: Path | None = Field(
        default=None, description="List data directory; the embedded demo list when unset."
    )
    watchlists_dir: Path = Field(
        default=REPO_DIR / "watchlists",
        description="List definitions (sources/*.yaml) and the demo list (demo/).",
    )
    cache_dir: Path | None = Field(
        default=None, description="Parsed-snapshot cache; <data_dir>/.cache when unset."
    )
    max_count_drop: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="update refuses a list whose entry count falls by more than this share.",
    )
    download_timeout: float = Field(default=120.0, gt=0)
    max_download_bytes: int = Field(default=512 * 1024 * 1024, gt=0)
    threshold: float = Field(default=0.7, ge=0, le=1, description="Default alert threshold.")
    min_score: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="The API leaves out hits scoring below this (never above the threshold).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the audit/key database; "
        "a SQLite file in state_dir when unset.",
    )
    auth: bool = True
    # --- REST API (service/api) ---
    state_dir: Path | None = Field(
        default=None,
        description="Where the default SQLite database lives; "
        "$XDG_DATA_HOME/sanctions-screen (~/.local/share/sanctions-screen) when unset.",
    )
    max_body_bytes: int = Field(
        default=4 * 1024 * 1024, gt=0, description="Largest accepted request body (413 above)."
    )
    rate_limit_per_minute: int = Field(
        default=1200, ge=0, description="Default per-key request rate limit; 0 = unlimited."
    )
    key_cache_seconds: float = Field(
        default=5.0, ge=0, description="How long the server trusts a looked-up API key."
    )
    reload_interval: float = Field(
        default=10.0,
        ge=0,
        description="Seconds between checks of the data directory for new snapshots; 0 = off.",
    )

    @property
    def definitions_dir(self) -> Path:
        return self.watchlists_dir / "sources"

    @property
    def demo_dir(self) -> Path:
        return self.watchlists_dir / "demo"

    def effective_data_dir(self) -> Path:
        """The directory lists are loaded from: the data dir, else the embedded demo list."""
        return self.data_dir if self.data_dir is not None else self.demo_dir

    def effective_cache_dir(self) -> Path | None:
        if self.cache_dir is not None:
            return self.cache_dir
        return None if self.data_dir is None else self.data_dir / ".cache"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings from the environment (flags override by building a copy)."""
    return Settings()
