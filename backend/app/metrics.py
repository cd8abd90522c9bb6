"""Prometheus metrics, served on their own port (METRICS_PORT) by a small HTTP server in this process.

The gateway routes only the API port, so the metrics never reach the internet; in the
cluster a NetworkPolicy admits the scrape from the monitoring namespace only. The server
lives as long as the application (it is started and stopped by the lifespan), and one
process owns the port: run one uvicorn worker per pod and scale with replicas.

Metric names are part of the contract with model/alerts.py and the Grafana dashboard.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI
from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine
from sqlalchemy.pool import QueuePool
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Scope

from app.contract import CONTRACT
from app.db import ping
from app.observe import HttpObserver
from app.settings import Settings

logger = logging.getLogger("app.metrics")

NAMESPACE = "yoshikosan"
# Requests that matched no route share one label value: raw paths would let any
# client create a new time series per URL.
UNMATCHED_ROUTE = "unmatched"
# Up to the gateway's 120 s upstream timeout (AI calls are slow).
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0)


class MetricsPortInUseError(RuntimeError):
    pass


def route_template(scope: Scope, routes: Sequence[BaseRoute]) -> str:
    """The matched route's path template (``/items/{id}``), never the raw path.

    FastAPI names the route in the scope for its own routes only; the others (``/docs``,
    ``/openapi.json``) are found the way the router found them.
    """
    route = scope.get("route")
    if route is None:
        route = next((r for r in routes if r.matches(scope)[0] is Match.FULL), None)
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return str(template) if template else UNMATCHED_ROUTE


class PoolCollector(Collector):
    """Connections of each SQLAlchemy pool, read at scrape time (no background thread)."""

    def __init__(self, engines: Mapping[str, Engine]) -> None:
        self.engines = engines

    def collect(self) -> Iterable[Metric]:
        in_use = GaugeMetricFamily(
            f"{NAMESPACE}_db_pool_connections_in_use", "Connections checked out of the pool", labels=["pool"]
        )
        idle = GaugeMetricFamily(
            f"{NAMESPACE}_db_pool_connections_idle", "Open connections idle in the pool", labels=["pool"]
        )
        capacity = GaugeMetricFamily(
            f"{NAMESPACE}_db_pool_connections_max", "Most connections the pool opens (size + overflow)", labels=["pool"]
        )
        for name, engine in self.engines.items():
            pool = engine.pool
            if not isinstance(pool, QueuePool):
                continue
            in_use.add_metric([name], pool.checkedout())
            idle.add_metric([name], pool.checkedin())
            capacity.add_metric([name], pool.size() + max(pool._max_overflow, 0))
        return [in_use, idle, capacity]


class DatabaseCollector(Collector):
    """``SELECT 1`` through the readiness pool at scrape time: whether the database answers now,
    independent of who calls the readiness probe and how often."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterable[Metric]:
        try:
            ping(self.engine)
            up = 1.0
        except Exception:  # any failure means "not connected"; /health logs the reason
            up = 0.0
        return [GaugeMetricFamily(f"{NAMESPACE}_database_up", "1 when the database answers SELECT 1", value=up)]


class ReadinessCollector(Collector):
    """The last readiness answer; absent until the first probe, so an instance nobody probes
    (``make dev``, tests) never looks "not ready"."""

    def __init__(self) -> None:
        self.last: bool | None = None

    def collect(self) -> Iterable[Metric]:
        if self.last is None:
            return []
        help_text = "1 when the last readiness check passed, 0 when it failed"
        return [GaugeMetricFamily(f"{NAMESPACE}_ready", help_text, value=1.0 if self.last else 0.0)]


class Metrics:
    """Every metric of one application instance, in a registry of its own."""

    def __init__(self, settings: Settings, engines: Mapping[str, Engine], health_engine: Engine) -> None:
        self.registry = CollectorRegistry()
        for collector in (PROCESS_COLLECTOR, PLATFORM_COLLECTOR, GC_COLLECTOR):
            self.registry.register(collector)
        self.registry.register(PoolCollector(engines))
        self.registry.register(DatabaseCollector(health_engine))
        common: dict[str, Any] = {"namespace": NAMESPACE, "registry": self.registry}
        self.requests = Counter(
            "http_requests", "HTTP requests answered, by route template", ["method", "route", "status"], **common
        )
        self.duration = Histogram(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            ["method", "route", "status"],
            buckets=LATENCY_BUCKETS,
            **common,
        )
        self.in_flight = Gauge("http_requests_in_flight", "HTTP requests being answered", **common)
        self.readiness = Counter("readiness_checks", "Readiness probe answers, by result", ["result"], **common)
        for result in ("ready", "not_ready"):
            self.readiness.labels(result)  # both series exist from the start, so rates see the first change
        self.ready = ReadinessCollector()
        self.registry.register(self.ready)
        Gauge("build_info", "The running version (always 1)", ["version"], **common).labels(settings.app_version).set(1)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        self.requests.labels(method, route, str(status)).inc()
        self.duration.labels(method, route, str(status)).observe(seconds)
        # The kubelet's readiness probe: its answers are the readiness results.
        if route == CONTRACT.readiness_path:
            ok = status == 200
            self.readiness.labels("ready" if ok else "not_ready").inc()
            self.ready.last = ok


class MetricsMiddleware(HttpObserver):
    """Counts and times every HTTP request by the route template the router matched."""

    def __init__(self, app: ASGIApp, metrics: Metrics, routes: Sequence[BaseRoute]) -> None:
        super().__init__(app)
        self.metrics = metrics
        self.routes = routes

    def started(self, scope: Scope) -> None:
        self.metrics.in_flight.inc()

    def finished(self, scope: Scope, status: int, seconds: float) -> None:
        self.metrics.in_flight.dec()
        # The router writes the matched route into this same scope dict.
        self.metrics.observe(scope["method"], route_template(scope, self.routes), status, seconds)


def serving_lifespan(
    inner: Callable[[FastAPI], AbstractAsyncContextManager[Any]], metrics: Metrics, settings: Settings
) -> Callable[[FastAPI], AbstractAsyncContextManager[Any]]:
    """The application's lifespan with the metrics server around it."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        try:
            server, thread = start_http_server(settings.metrics_port, settings.host, metrics.registry)
        except OSError as exc:
            raise MetricsPortInUseError(
                f"cannot serve metrics on {settings.host}:{settings.metrics_port} ({exc.strerror}): "
                "one process per pod owns METRICS_PORT; run one uvicorn worker and scale with replicas"
            ) from None
        logger.info("metrics served", extra={"port": server.server_port, "path": "/metrics"})
        try:
            async with inner(app) as state:
                yield state
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    return lifespan


def install_metrics(app: FastAPI, settings: Settings) -> Metrics:
    """Instrument ``app`` (after its engines are on ``app.state``); METRICS_PORT=0 records but serves nothing."""
    metrics = Metrics(
        settings,
        engines={"app": app.state.engine, "health": app.state.health_engine},
        health_engine=app.state.health_engine,
    )
    app.state.metrics = metrics
    app.add_middleware(MetricsMiddleware, metrics=metrics, routes=app.router.routes)
    if settings.metrics_port:
        app.router.lifespan_context = serving_lifespan(app.router.lifespan_context, metrics, settings)
    return metrics
