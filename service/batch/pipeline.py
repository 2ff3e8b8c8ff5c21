"""The batch path every face shares: table chunks -> queries -> screened rows, in row order,
with at most a few chunks in flight (bounded memory), and the receipt of a whole batch.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from service.batch.columns import ColumnPlan, build_query
from service.batch.reader import RawRow, Table
from service.batch.screener import HitDict, Pending, Screener, ScreenOptions
from service.engine.receipt import (
    RECEIPT_FORMAT,
    Receipt,
    canonical_json,
    lists_used,
    new_receipt_id,
    query_dict,
    sha256,
)
from service.engine.screen import CANDIDATES, Engine

EMPTY_ROW = "empty row: not screened"
#: Seconds to wait for one chunk from the screening processes before giving up.
CHUNK_TIMEOUT = 900.0


@dataclass(slots=True)
class RowResult:
    """One input row with its outcome: hits (best first), or the error that kept it out."""

    row: int
    cells: list[str]
    query: dict[str, Any] | None = None
    hits: list[HitDict] = field(default_factory=list)
    error: str | None = None
    warning: str | None = None

    @property
    def alert(self) -> bool:
        return any(h["alert"] for h in self.hits)


def prepare(raws: list[RawRow], plan: ColumnPlan) -> tuple[list[RowResult], list, list[int]]:
    """Results to fill, the queries to screen, and which result each query belongs to."""
    results, queries, owners = [], [], []
    for raw in raws:
        result = RowResult(raw.row, raw.cells, error=raw.problem)
        notes = [raw.note] if raw.note else []
        if raw.empty:
            notes.append(EMPTY_ROW)
        elif raw.problem is None:
            query, error, warnings = build_query(raw.cells, plan)
            notes.extend(warnings)
            result.error = error
            if query is not None:
                result.query = query_dict(query)
                owners.append(len(results))
                queries.append(query)
        result.warning = "; ".join(notes) or None
        results.append(result)
    return results, queries, owners


def screen_table(
    table: Table,
    plan: ColumnPlan,
    screener: Screener,
    chunk_rows: int,
    skip: Callable[[int, int], set[int]] | None = None,
    in_flight: int = 2,
) -> Iterator[list[RowResult]]:
    """Screened chunks in row order. ``skip(first, last)`` names rows already done (resume)."""
    pending: deque[tuple[list[RowResult], list[int], Pending]] = deque()
    for raws in table.chunks(chunk_rows):
        if skip is not None:
            done = skip(raws[0].row, raws[-1].row)
            if done:
                raws = [r for r in raws if r.row not in done]
            if not raws:
                continue
        results, queries, owners = prepare(raws, plan)
        pending.append((results, owners, screener.submit(queries)))
        while len(pending) >= in_flight:
            yield _finish(*pending.popleft())
    while pending:
        yield _finish(*pending.popleft())


def _finish(results: list[RowResult], owners: list[int], hits: Pending) -> list[RowResult]:
    for index, found in zip(owners, hits.result(CHUNK_TIMEOUT), strict=True):
        results[index].hits = found
    return results


class _ListDigest:
    """SHA-256 of the canonical JSON of a list, fed one item at a time."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256(b"[")
        self.count = 0

    def add(self, item: Any) -> None:
        if self.count:
            self._hash.update(b",")
        self._hash.update(canonical_json(item))
        self.count += 1

    def hexdigest(self) -> str:
        final = self._hash.copy()
        final.update(b"]")
        return final.hexdigest()


class ReceiptBuilder:
    """Collects a batch's screened rows in row order; ``build`` makes its receipt.

    Same shape as a ``/v1/screen`` receipt (``service.engine.receipt``): the digests cover the
    normalised queries and the reported hits of the screened rows, in row order.
    """

    def __init__(self) -> None:
        self.queries = _ListDigest()
        self.results = _ListDigest()
        self.alert_hits = 0
        self.hits = 0
        self.rows = 0
        self.alert_rows = 0
        self.error_rows = 0

    def add(self, result: RowResult) -> None:
        self.rows += 1
        if result.error:
            self.error_rows += 1
        if result.query is None:
            return
        self.queries.add(result.query)
        self.results.add(
            [{k: h[k] for k in ("entity_id", "matched_name", "score", "alert")} for h in
             result.hits]
        )  # fmt: skip
        self.hits += len(result.hits)
        alerts = sum(1 for h in result.hits if h["alert"])
        self.alert_hits += alerts
        self.alert_rows += 1 if alerts else 0

    def build(self, engine: Engine, options: ScreenOptions, batch: dict[str, Any]) -> Receipt:
        threshold = engine.threshold if options.threshold is None else options.threshold
        content = {
            "format": RECEIPT_FORMAT,
            "engine_version": engine.version,
            "threshold": threshold,
            "settings": {
                "limit": options.limit,
                "lists": sorted(options.lists) if options.lists else None,
                "default_threshold": engine.threshold,
                "candidates": CANDIDATES,
                "min_score": options.min_score,
            },
            "lists": lists_used(engine, options.lists),
            "query_count": self.queries.count,
            "queries_sha256": self.queries.hexdigest(),
            "results_sha256": self.results.hexdigest(),
            "alert_count": self.alert_hits,
            "batch": {
                **batch,
                "rows": self.rows,
                "screened_rows": self.queries.count,
                "alert_rows": self.alert_rows,
                "hit_count": self.hits,
                "error_rows": self.error_rows,
            },
        }
        return Receipt(
            receipt_id=new_receipt_id(),
            created_at=datetime.now(UTC),
            content=content,
            digest=sha256(content),
        )
