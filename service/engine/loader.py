"""Build the one engine from settings: load the catalog, index it."""

from __future__ import annotations

from service.engine.screen import Engine
from service.settings import Settings
from service.store.catalog import Catalog, load_catalog


def load_engine(settings: Settings) -> Engine:
    """Load every list the settings point at (the demo list by default) and index it."""
    catalog = load_catalog(settings.effective_data_dir(), settings.effective_cache_dir())
    return engine_for(catalog, settings)


def engine_for(catalog: Catalog, settings: Settings) -> Engine:
    """Index a loaded catalog with the settings' threshold, hit floor and cache folder."""
    return Engine(
        catalog,
        threshold=settings.threshold,
        cache_dir=settings.effective_cache_dir(),
        min_score=settings.min_score,
    )
