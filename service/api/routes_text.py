"""``POST /v1/screen/text``: every listed party mentioned in a text, with offsets and evidence."""

import asyncio
from datetime import datetime
from typing import Annotated, Any

import anyio
import orjson
from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from service.api.auth import Caller
from service.api.metrics import record_alerts
from service.api.routes_screen import ERRORS, check_lists, current_engine
from service.api.state import ServiceState
from service.engine.screen import Engine
from service.textscan import TextTooLarge, screen_text


class TextRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="The text to screen (UTF-8; at most 1,000,000 bytes).")
    threshold: float | None = Field(default=None, ge=0, le=1)
    lists: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = Field(
        default=None, max_length=50, description="Only these list ids (all by default)."
    )


def _audit_row(caller: Caller, result: dict[str, Any]) -> dict[str, Any]:
    """The audit record of a text screening: the mentions screened and their verdicts."""
    receipt = result["receipt"]
    mentions = [m for m in result["mentions"] if m["hits"]]
    return {
        "receipt_id": receipt["receipt_id"],
        "created_at": datetime.fromisoformat(receipt["created_at"].replace("Z", "+00:00")),
        "key_name": caller.name,
        "engine_version": receipt["engine_version"],
        "threshold": receipt["threshold"],
        "query_count": len(mentions),
        "hit_count": sum(len(m["hits"]) for m in mentions),
        "alert_count": receipt["alert_count"],
        "digest": receipt["digest"],
        "queries": [
            {
                "name": m["query"],
                "id": f"{m['start']}-{m['end']}",
                "surface": m["surface"],
                "text_sha256": result["summary"]["text_sha256"],
            }
            for m in mentions
        ],
        "hits": [
            [{k: h[k] for k in ("entity_id", "matched_name", "score", "alert")} for h in m["hits"]]
            for m in mentions
        ],
        "lists": receipt["lists"],
        "receipt": receipt,
    }


def _scan(engine: Engine, body: TextRequest) -> dict[str, Any]:
    return screen_text(engine, body.text, threshold=body.threshold, lists=body.lists).to_dict()


def build_router(state: ServiceState) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["screening"])

    @router.post("/screen/text", responses=ERRORS, summary="Screen a text (e.g. a news article)")
    async def screen_text_route(
        body: TextRequest, caller: Annotated[Caller, Depends(state.auth)]
    ) -> Response:
        """Mentions of listed parties: surface text, character offsets, sentence, type guess,
        hits with evidence, repeated mentions grouped; plus a receipt. Audited before answering.
        """
        engine = current_engine(state)
        check_lists(engine, body.lists)
        try:
            result = await anyio.to_thread.run_sync(_scan, engine, body)
        except TextTooLarge as exc:
            raise HTTPException(413, f"text: {exc}") from exc
        await asyncio.wrap_future(state.audit.submit(_audit_row(caller, result)))
        record_alerts(
            (h["list_id"] for m in result["mentions"] if m["alert"] for h in m["hits"][:1]),
            len(result["mentions"]),
        )
        return Response(
            orjson.dumps(result),
            media_type="application/json",
            headers={"X-Receipt-Id": result["receipt"]["receipt_id"]},
        )

    return router
