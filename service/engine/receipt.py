"""Receipts: what a screening was run against, in a form anyone can re-check.

A receipt has a deterministic ``content`` (the lists used with version, date and content hash,
the engine version, threshold and settings, and SHA-256 digests of the normalised queries and
of the results) plus a unique ``receipt_id`` and ``created_at``. The same request against the
same list snapshots gives the same content and ``digest``; only id and time differ. Every face
(API, CLI, batch) builds its receipts here so they agree.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from service.engine.screen import CANDIDATES, Engine, Hit, Query

RECEIPT_FORMAT = 1


def canonical_json(value: Any) -> bytes:
    """Sorted-key compact UTF-8 JSON: the bytes every digest is taken over."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def new_receipt_id() -> str:
    """``r`` + milliseconds (hex, sorts by time) + 64 random bits."""
    return f"r{time.time_ns() // 1_000_000:011x}{secrets.token_hex(8)}"


def query_dict(query: Query) -> dict[str, Any]:
    """A normalised query as recorded in receipts and the audit log."""
    return {
        "id": query.id,
        "name": query.name,
        "schema": query.schema.value if query.schema else None,
        "birth_date": query.birth_date,
        "country": query.country,
        "identifiers": [{"type": t.value if t else None, "value": v} for t, v in query.identifiers],
    }


def hit_summary(hit: Hit) -> dict[str, Any]:
    """The part of a hit the receipt and the audit log keep."""
    return {
        "entity_id": hit.entity.id,
        "matched_name": hit.matched_name.value,
        "score": hit.score,
        "alert": hit.alert,
    }


def lists_used(engine: Engine, lists: Iterable[str] | None = None) -> list[dict[str, Any]]:
    """The active snapshots a screening ran against (all, or the requested ones)."""
    wanted = set(lists) if lists else None
    return [
        {
            "list_id": snap.list_id,
            "version": snap.version,
            "published": snap.published.isoformat() if snap.published else None,
            "content_hash": snap.content_hash,
            "entity_count": snap.entity_count,
            "format": snap.format,
        }
        for snap in engine.snapshots
        if wanted is None or snap.list_id in wanted
    ]


@dataclass(frozen=True, slots=True)
class Receipt:
    receipt_id: str
    created_at: datetime
    content: dict[str, Any]
    digest: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "receipt_id": self.receipt_id,
            "created_at": self.created_at.isoformat().replace("+00:00", "Z"),
            **self.content,
            "digest": self.digest,
        }


def receipt_content(
    engine: Engine,
    queries: Sequence[Query],
    results: Sequence[Sequence[Hit]],
    *,
    threshold: float,
    limit: int,
    lists: Sequence[str] | None = None,
    min_score: float = 0.0,
) -> dict[str, Any]:
    """The deterministic part of a receipt."""
    return {
        "format": RECEIPT_FORMAT,
        "engine_version": engine.version,
        "threshold": threshold,
        "settings": {
            "limit": limit,
            "min_score": min_score,
            "lists": sorted(set(lists)) if lists else None,
            "default_threshold": engine.threshold,
            "candidates": CANDIDATES,
        },
        "lists": lists_used(engine, lists),
        "query_count": len(queries),
        "queries_sha256": sha256([query_dict(q) for q in queries]),
        "results_sha256": sha256([[hit_summary(h) for h in hits] for hits in results]),
        "alert_count": sum(1 for hits in results for h in hits if h.alert),
    }


def build_receipt(
    engine: Engine,
    queries: Sequence[Query],
    results: Sequence[Sequence[Hit]],
    *,
    threshold: float,
    limit: int,
    lists: Sequence[str] | None = None,
    min_score: float = 0.0,
) -> Receipt:
    """A receipt for one screening of ``queries`` whose hits are ``results`` (same order)."""
    content = receipt_content(
        engine, queries, results, threshold=threshold, limit=limit, lists=lists, min_score=min_score
    )
    return Receipt(
        receipt_id=new_receipt_id(),
        created_at=datetime.now(UTC),
        content=content,
        digest=sha256(content),
    )
