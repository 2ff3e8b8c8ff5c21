"""Build the one engine from settings: load the catalog, index it."""

from __future__ import annotations

from service.engine.screen import Engine
from service.settings import Settings
from service.store.catalog import load_catalog


def load_engine(settings: Settings) -> Engine:
    """Load every list the settings point at (the demo list by default) and index it."""
    cache_dir = settings.effective_cache_dir()
    catalog = load_catalog(settings.effective_data_dir(), cache_dir)
    return Engine(
        catalog,
        threshold=settings.threshold,
        cache_dir=cache_dir,
        min_score=settings.min_score,
    )
