"""Screen every row of the input files and apply the allow-list: the data behind all reports."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from service.check.allowlist import AllowList, Decision, Status
from service.check.inputs import InputFile, Row
from service.engine.receipt import lists_used
from service.engine.screen import Engine, Hit, Query

log = logging.getLogger(__name__)


@dataclass(slots=True)
class Alert:
    """A hit at or above the threshold, and what the allow-list said about it."""

    hit: Hit
    decision: Decision

    @property
    def resolved(self) -> bool:
        return self.decision.resolved

    @property
    def status(self) -> Status:
        return self.decision.status


@dataclass(slots=True)
class RowResult:
    row: Row
    hits: list[Hit]
    alerts: list[Alert]

    @property
    def unresolved(self) -> list[Alert]:
        return [a for a in self.alerts if not a.resolved]


@dataclass(slots=True)
class CheckReport:
    """Everything one ``check`` run found, and what it ran against."""

    files: list[InputFile]
    results: list[RowResult]
    threshold: float
    engine_version: str
    lists: list[dict[str, Any]]
    started: datetime
    seconds: float
    allowlist: AllowList | None = None
    receipt: dict[str, Any] | None = None
    by_list: dict[str, dict[str, Any]] = field(default_factory=dict)

    def alerts(self) -> list[tuple[RowResult, Alert]]:
        return [(r, a) for r in self.results for a in r.alerts]

    def count(self, status: Status | None = None) -> int:
        return sum(1 for _, a in self.alerts() if status is None or a.status is status)

    @property
    def unresolved(self) -> int:
        return sum(1 for _, a in self.alerts() if not a.resolved)

    @property
    def rows(self) -> int:
        return len(self.results)

    @property
    def exit_code(self) -> int:
        """0 when every alert is resolved by the allow-list, else 1."""
        return 1 if self.unresolved else 0


def to_query(row: Row) -> Query:
    return Query.build(
        row.name,
        row.schema,
        row.birth_date,
        row.country,
        row.identifiers,
        id=row.id or f"{row.file}:{row.line}",
    )


def _key(query: Query) -> tuple[Any, ...]:
    return (
        query.name,
        query.schema,
        query.birth_date,
        query.country,
        tuple(query.identifiers),
    )


def _receipt(
    engine: Engine, queries: list[Query], results: list[list[Hit]], threshold: float, limit: int
) -> dict[str, Any] | None:
    """A receipt of the run (list versions, engine version, threshold, digests), if available."""
    try:
        from service.engine.receipt import build_receipt
    except ImportError:  # pragma: no cover - the receipt seam
        return None
    return build_receipt(engine, queries, results, threshold=threshold, limit=limit).to_dict()


def run_check(
    engine: Engine,
    files: list[InputFile],
    threshold: float | None = None,
    allowlist: AllowList | None = None,
    limit: int = 10,
) -> CheckReport:
    """Screen every row; each hit at or above the threshold is an alert, unless allow-listed."""
    started = datetime.now(UTC)
    clock = time.perf_counter()
    threshold = engine.threshold if threshold is None else threshold
    cache: dict[tuple[Any, ...], list[Hit]] = {}
    results: list[RowResult] = []
    queries: list[Query] = []
    hit_lists: list[list[Hit]] = []
    for input_file in files:
        if input_file.format == "prose":
            results += _prose_results(engine, input_file, threshold, allowlist)
            continue
        for row in input_file.rows:
            query = to_query(row)
            key = _key(query)
            if key not in cache:
                cache[key] = engine.screen(query, limit=limit, threshold=threshold)
            hits = cache[key]
            queries.append(query)
            hit_lists.append(hits)
            alerts = [
                Alert(
                    hit,
                    allowlist.decide(hit.entity, row.name) if allowlist else Decision(Status.OPEN),
                )
                for hit in hits
                if hit.alert
            ]
            results.append(RowResult(row=row, hits=hits, alerts=alerts))
    lists = lists_used(engine)
    return CheckReport(
        files=files,
        results=results,
        threshold=threshold,
        engine_version=engine.version,
        lists=lists,
        started=started,
        seconds=time.perf_counter() - clock,
        allowlist=allowlist,
        receipt=_receipt(engine, queries, hit_lists, threshold, limit),
        by_list={item["list_id"]: item for item in lists},
    )


def _prose_results(
    engine: Engine, input_file: InputFile, threshold: float, allowlist: AllowList | None
) -> list[RowResult]:
    """Mentions of listed parties in free text, one result per screened mention (with its line)."""
    from service.textscan import screen_text

    text = input_file.text or ""
    found = screen_text(engine, text, threshold=threshold)
    out = []
    for mention in found.mentions:
        if not mention.screened or not mention.hits:
            continue
        line_start = text.rfind("\n", 0, mention.start) + 1
        row = Row(
            file=input_file.path,
            line=text.count("\n", 0, mention.start) + 1,
            column=mention.start - line_start + 1,
            end_column=mention.end - line_start + 1 if "\n" not in mention.surface else None,
            name=mention.surface,
            schema=mention.type or None,
            id=mention.id or None,
        )
        hits = [judged.hit for judged in mention.hits]
        alerts = [
            Alert(
                hit, allowlist.decide(hit.entity, row.name) if allowlist else Decision(Status.OPEN)
            )
            for hit in hits
            if hit.alert
        ]
        out.append(RowResult(row=row, hits=hits, alerts=alerts))
    return out


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as reports show it: relative to ``base`` (the working directory) when inside."""
    base = (base or Path.cwd()).resolve()
    if not path.is_absolute():
        return path.as_posix()
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()


def alert_message(row: Row, alert: Alert) -> str:
    """One line describing an alert, with the allow-list's verdict when there is one."""
    hit = alert.hit
    text = (
        f"{row.name!r} may be {hit.entity.name!r} ({hit.entity.id}, {hit.entity.schema}) on "
        f"{hit.entity.list_id}: score {hit.score:.2f}, matched name {hit.matched_name.value!r}"
    )
    if alert.decision.note:
        text += f"; {alert.decision.note}"
    return text
