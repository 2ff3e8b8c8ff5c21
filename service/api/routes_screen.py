"""``POST /v1/screen``: screen up to 1,000 queries; answer after the audit record is committed."""

import asyncio
from typing import Annotated, Any

import anyio
import orjson
from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from service.api.auth import Caller
from service.api.metrics import record_alerts
from service.api.render import hit_dict
from service.api.schemas import ErrorOut, ScreenRequest, ScreenResponse
from service.api.state import ServiceState
from service.engine.receipt import Receipt, build_receipt, hit_summary, query_dict
from service.engine.screen import Engine, Hit, Query

#: Requests with at most this many queries are screened on the event loop (no thread hop).
INLINE_QUERIES = 4

ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut, "description": text}
    for code, text in {
        401: "Missing or invalid API key",
        413: "Request body too large",
        422: "Invalid request (the message names the field and limit)",
        429: "Rate limit exceeded",
        503: "Lists not loaded yet, or audit log unavailable",
    }.items()
}


def build_queries(body: ScreenRequest) -> list[Query]:
    return [
        Query.build(
            q.name,
            q.type,
            q.birth_date,
            q.country,
            [(i.type, i.value) for i in q.identifiers],
            q.id,
        )
        for q in body.queries
    ]


def screen_all(
    engine: Engine, queries: list[Query], body: ScreenRequest, threshold: float
) -> tuple[list[list[Hit]], Receipt, bytes]:
    """Screen every query, build the receipt and the response body (CPU work only)."""
    min_score = engine.min_score if body.min_score is None else body.min_score
    results = [
        engine.screen(
            q, limit=body.limit, threshold=threshold, lists=body.lists, min_score=min_score
        )
        for q in queries
    ]
    receipt = build_receipt(
        engine,
        queries,
        results,
        threshold=threshold,
        limit=body.limit,
        lists=body.lists,
        min_score=min(min_score, threshold),
    )
    payload = {
        "results": [
            {
                "index": i,
                "id": q.id,
                "name": q.name,
                "alert": any(h.alert for h in hits),
                "hits": [hit_dict(h) for h in hits],
            }
            for i, (q, hits) in enumerate(zip(queries, results, strict=True))
        ],
        "receipt": receipt.to_dict(),
    }
    return results, receipt, orjson.dumps(payload)


def audit_row(
    caller: Caller, queries: list[Query], results: list[list[Hit]], receipt: Receipt
) -> dict[str, Any]:
    content = receipt.content
    return {
        "receipt_id": receipt.receipt_id,
        "created_at": receipt.created_at,
        "key_name": caller.name,
        "engine_version": content["engine_version"],
        "threshold": content["threshold"],
        "query_count": len(queries),
        "hit_count": sum(len(hits) for hits in results),
        "alert_count": content["alert_count"],
        "digest": receipt.digest,
        "queries": [query_dict(q) for q in queries],
        "hits": [[hit_summary(h) for h in hits] for hits in results],
        "lists": content["lists"],
        "receipt": receipt.to_dict(),
    }


def check_lists(engine: Engine, lists: list[str] | None) -> None:
    if not lists:
        return
    loaded = {s.list_id for s in engine.snapshots}
    if unknown := sorted(set(lists) - loaded):
        raise HTTPException(
            422,
            f"lists: unknown list id(s) {', '.join(map(repr, unknown))}; "
            f"loaded: {', '.join(sorted(loaded)) or 'none'}",
        )


def current_engine(state: ServiceState) -> Engine:
    engine = state.holder.engine
    if engine is None:
        detail = state.holder.last_error or "the lists are still loading; retry shortly"
        raise HTTPException(503, detail, headers={"Retry-After": "5"})
    return engine


def build_router(state: ServiceState) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["screening"])

    @router.post(
        "/screen",
        response_model=ScreenResponse,
        responses=ERRORS,
        summary="Screen names against the loaded lists",
    )
    async def screen(
        body: ScreenRequest, caller: Annotated[Caller, Depends(state.auth)]
    ) -> Response:
        """Hits per query (best first, explained) and one receipt for the whole request.

        The same request against the same list snapshots gives the same hits and the same
        receipt content and ``digest`` (only ``receipt_id`` and ``created_at`` differ). The
        answer is sent only after its audit record is committed.
        """
        engine = current_engine(state)  # this request stays on this engine to the end
        check_lists(engine, body.lists)
        threshold = engine.threshold if body.threshold is None else body.threshold
        queries = build_queries(body)
        if len(queries) <= INLINE_QUERIES:
            results, receipt, content = screen_all(engine, queries, body, threshold)
        else:
            results, receipt, content = await anyio.to_thread.run_sync(
                screen_all, engine, queries, body, threshold
            )
        row = audit_row(caller, queries, results, receipt)
        await asyncio.wrap_future(state.audit.submit(row))
        record_alerts((h.entity.list_id for hits in results for h in hits if h.alert), len(queries))
        return Response(
            content, media_type="application/json", headers={"X-Receipt-Id": receipt.receipt_id}
        )

    return router
