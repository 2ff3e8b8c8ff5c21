"""The FastAPI application: ``create_app(settings)``; OpenAPI at ``/docs``, API under ``/v1``."""

from __future__ import annotations

import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from service import __version__
from service.api import errors
from service.api.auth import Authenticator
from service.api.holder import EngineHolder
from service.api.limits import BodySizeLimit
from service.api.metrics import RELOADS, ListCollector, MetricsMiddleware
from service.api.routes_info import build_health_router
from service.api.routes_info import build_router as info_router
from service.api.routes_screen import build_router as screen_router
from service.api.routes_text import build_router as text_router
from service.api.state import ServiceState
from service.batch.router import build_router as batch_router
from service.db.audit import AuditLog
from service.db.session import Database
from service.engine.screen import Engine
from service.perf import freeze_for_serving
from service.settings import Settings, get_settings
from service.store.definitions import load_definitions

log = logging.getLogger(__name__)
SWITCH_INTERVAL = 0.005

DESCRIPTION = """Screen names against official sanctions lists, with explained scores and a
reproducible receipt for every screening. Authenticate with an API key in the `X-API-Key`
header (or `Authorization: Bearer <key>`); keys are managed with `sanctions-screen keys`."""


def _definitions(settings: Settings) -> dict:
    try:
        return load_definitions(settings.definitions_dir)
    except Exception as exc:  # noqa: BLE001 - titles/cadences are optional decoration
        log.warning("list definitions not loaded: %s", exc)
        return {}


def build_state(
    settings: Settings, engine: Engine | None = None, database: Database | None = None
) -> ServiceState:
    db = database or Database.from_settings(settings)
    holder = EngineHolder(settings, engine)
    state = ServiceState(
        settings=settings,
        holder=holder,
        db=db,
        audit=AuditLog(db),
        auth=Authenticator(db, settings),
        definitions=_definitions(settings),
    )
    state.metrics.register(ListCollector(lambda: (holder.engine, holder.generation)))
    holder.on_swap.append(lambda _engine: RELOADS.inc())
    return state


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    database: Database | None = None,
    watch: bool | None = None,
) -> FastAPI:
    """The app. Without ``engine`` the lists load in the background at start (``/readyz``).

    ``watch`` (default: when a data directory is set) polls it for new list snapshots.
    """
    settings = settings or get_settings()
    state = build_state(settings, engine, database)
    if watch is None:
        watch = settings.data_dir is not None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The audit writer and reload threads need the GIL back quickly while the event loop
        # is busy: the default 5 ms switch interval would make every commit wait for it.
        sys.setswitchinterval(SWITCH_INTERVAL)
        state.audit.start()
        if state.holder.engine is None:
            state.holder.reload()
        else:
            freeze_for_serving()
        if watch:
            state.holder.start_watching(settings.reload_interval)
        try:
            yield
        finally:
            state.holder.stop()
            state.audit.close()
            if database is None:
                state.db.close()

    app = FastAPI(
        title="sanctions-screen", version=__version__, description=DESCRIPTION, lifespan=lifespan
    )
    app.state.service = state
    errors.install(app)
    app.include_router(screen_router(state))
    app.include_router(text_router(state))
    app.include_router(batch_router(state))
    app.include_router(info_router(state))
    app.include_router(build_health_router(state))
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(MetricsMiddleware)
    return app
