"""Prometheus metrics: requests and latency per endpoint, screened queries, alerts, lists.

Request metrics are process-wide (prometheus-client's default registry, or its multiprocess
mode when ``PROMETHEUS_MULTIPROC_DIR`` is set, as ``serve --workers N`` does). List ages and
sizes are computed at scrape time from the engine the scraped process holds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.render import snapshot_date
from service.engine.screen import Engine

disable_created_metrics()
REQUESTS = Counter(
    "sanctions_http_requests",
    "HTTP requests by endpoint and status.",
    ["method", "endpoint", "status"],
)
LATENCY = Histogram(
    "sanctions_http_request_duration_seconds",
    "HTTP request latency by endpoint.",
    ["method", "endpoint"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Counter("sanctions_screen_queries", "Screened queries (names).")
ALERTS = Counter("sanctions_screen_alerts", "Alerting hits by list.", ["list_id"])
RELOADS = Counter("sanctions_engine_reloads", "Engine swaps after a reload.")


class MetricsMiddleware:
    """Pure ASGI middleware timing every HTTP request by its route template."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            endpoint = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            REQUESTS.labels(method, endpoint, str(status)).inc()
            LATENCY.labels(method, endpoint).observe(time.perf_counter() - started)


class ListCollector(Collector):
    """List age (days since the list's own date), size and the engine generation."""

    def __init__(self, current: Callable[[], tuple[Engine | None, int]]):
        self.current = current

    def collect(self) -> Iterable[Metric]:
        engine, generation = self.current()
        age = GaugeMetricFamily(
            "sanctions_list_age_days",
            "Days since the active list version's date.",
            labels=["list_id"],
        )
        size = GaugeMetricFamily(
            "sanctions_list_entities", "Entities in the active list.", labels=["list_id"]
        )
        today = datetime.now(UTC).date()
        for snap in engine.snapshots if engine else []:
            stated = snapshot_date(snap)
            if stated:
                age.add_metric([snap.list_id], (today - stated).days)
            size.add_metric([snap.list_id], snap.entity_count)
        gen = GaugeMetricFamily(
            "sanctions_engine_generation", "How many engines this process has loaded."
        )
        gen.add_metric([], generation)
        return [age, size, gen]


def record_alerts(list_ids: Iterable[str], queries: int) -> None:
    QUERIES.inc(queries)
    for list_id in list_ids:
        ALERTS.labels(list_id).inc()


def exposition(local: CollectorRegistry) -> bytes:
    """The text exposition: process-wide metrics, then this app's list gauges."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        shared = generate_latest(registry)
    else:
        shared = generate_latest(REGISTRY)
    return shared + generate_latest(local)
