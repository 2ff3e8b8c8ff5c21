"""Entities, lists, receipts, admin reload, health, readiness and metrics."""

import re
from datetime import UTC, datetime
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import JSONResponse, Response

from service.api.auth import Caller, require_admin
from service.api.metrics import exposition
from service.api.render import entity_dict, list_dict
from service.api.routes_screen import ERRORS, current_engine
from service.api.schemas import AuditOut, EntityOut, ListsOut, ReloadOut, Status
from service.api.state import ServiceState
from service.db.models import Screening

_RECEIPT_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


def iso(moment: datetime) -> str:
    if moment.tzinfo is None:  # SQLite keeps no zone: we always store UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def audit_dict(row: Screening) -> dict[str, object]:
    return {
        "receipt_id": row.receipt_id,
        "created_at": iso(row.created_at),
        "key_name": row.key_name,
        "engine_version": row.engine_version,
        "threshold": row.threshold,
        "query_count": row.query_count,
        "hit_count": row.hit_count,
        "alert_count": row.alert_count,
        "digest": row.digest,
        "queries": row.queries,
        "hits": row.hits,
        "lists": row.lists,
        "receipt": row.receipt,
    }


def build_router(state: ServiceState) -> APIRouter:
    router = APIRouter(prefix="/v1")
    holder = state.holder

    @router.get(
        "/entities/{entity_id:path}",
        response_model=EntityOut,
        tags=["records"],
        responses={**ERRORS, 404: ERRORS[422] | {"description": "Unknown entity"}},
    )
    def entity(entity_id: str, _caller: Annotated[Caller, Depends(state.auth)]) -> JSONResponse:
        """The whole listed record, with its relations resolved to ids and names."""
        engine = current_engine(state)
        found = engine.catalog.entity(entity_id)
        if found is None:
            raise HTTPException(
                404,
                f"no entity {entity_id!r} on the loaded lists (ids look like 'us_ofac_sdn:16692')",
            )
        return JSONResponse(entity_dict(engine, found))

    @router.get("/lists", response_model=ListsOut, tags=["records"], responses=ERRORS)
    def lists(_caller: Annotated[Caller, Depends(state.auth)]) -> dict[str, object]:
        """Active lists: version, publication date, counts, age and staleness."""
        engine = current_engine(state)
        return {
            "lists": [list_dict(s, state.definitions.get(s.list_id)) for s in engine.snapshots],
            "generation": holder.generation,
            "errors": list(engine.catalog.errors),
        }

    @router.get(
        "/receipts/{receipt_id}",
        response_model=AuditOut,
        tags=["records"],
        responses={**ERRORS, 404: ERRORS[422] | {"description": "Unknown receipt"}},
    )
    async def receipt(
        receipt_id: str, caller: Annotated[Caller, Depends(state.auth)]
    ) -> JSONResponse:
        """The stored audit record of a screening (your own key's, or any for an admin key)."""
        row = None
        if _RECEIPT_ID.match(receipt_id):
            row = await anyio.to_thread.run_sync(state.audit.get, receipt_id)
        if row is None or not (caller.admin or caller.name == row.key_name):
            raise HTTPException(404, f"no receipt {receipt_id!r} for this key")
        return JSONResponse(audit_dict(row))

    @router.post(
        "/admin/reload",
        response_model=ReloadOut,
        tags=["admin"],
        responses={
            **ERRORS,
            403: ERRORS[401] | {"description": "Not an admin key"},
            202: {"model": ReloadOut, "description": "Reload started"},
        },
    )
    async def reload(
        caller: Annotated[Caller, Depends(state.auth)],
        wait: Annotated[bool, Query(description="Answer once the reload is done.")] = False,
    ) -> JSONResponse:
        """Load the data directory again and swap the new lists in without dropping requests."""
        require_admin(caller)
        if wait:
            await anyio.to_thread.run_sync(lambda: holder.reload(wait=True))
            status = "failed" if holder.last_error else "reloaded"
            code = 200
        else:
            status, code = ("started" if holder.reload() else "already running"), 202
        engine = holder.engine
        return JSONResponse(
            {
                "status": status,
                "generation": holder.generation,
                "error": holder.last_error,
                "lists": [
                    {"list_id": s.list_id, "version": s.version, "content_hash": s.content_hash}
                    for s in engine.snapshots
                ]
                if engine
                else [],
            },
            status_code=code,
        )

    return router


def build_health_router(state: ServiceState) -> APIRouter:
    router = APIRouter(tags=["health"])

    @router.get("/healthz", response_model=Status)
    async def healthz() -> dict[str, str]:
        """The process is alive."""
        return {"status": "ok"}

    @router.get("/readyz", response_model=Status, responses={503: {"model": Status}})
    async def readyz() -> JSONResponse:
        """Lists are loaded and screening is possible."""
        engine = state.holder.engine
        if engine is None:
            return JSONResponse(
                {"status": "loading", "detail": state.holder.last_error}, status_code=503
            )
        detail = f"{len(engine.snapshots)} lists, generation {state.holder.generation}" + (
            f"; {state.holder.last_error}" if state.holder.last_error else ""
        )
        return JSONResponse({"status": "ready", "detail": detail})

    @router.get(
        "/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}}
    )
    def metrics() -> Response:
        """Prometheus text exposition."""
        return Response(
            exposition(state.metrics), media_type="text/plain; version=0.0.4; charset=utf-8"
        )

    return router
