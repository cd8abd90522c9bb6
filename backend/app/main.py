"""FastAPI application.

``python -m app.cli serve`` runs it (see app/cli.py). ``app.main:app`` also exists, built from
the environment on first access, for ``uvicorn --reload`` while developing.
Tests build their own instance with :func:`create_app`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Literal

import anyio
import anyio.to_thread
from fastapi import FastAPI, WebSocket
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline
from pydantic import BaseModel
from starlette.types import ASGIApp, Receive, Scope, Send

from app.contract import CONTRACT
from app.db import create_app_engine, create_health_engine, ping
from app.logging_config import configure_logging
from app.metrics import install_metrics
from app.observe import HttpObserver
from app.settings import Settings, load_settings_or_exit

DOCS_ASSETS_PATH = "/docs/assets"
WS_ECHO_PATH = "/ws/echo"

logger = logging.getLogger("app")
access_logger = logging.getLogger("app.access")


class HealthResponse(BaseModel):
    status: Literal["healthy", "degraded"]
    database: Literal["connected", "disconnected"]
    timestamp: datetime
    version: str


class LivenessResponse(BaseModel):
    status: Literal["alive"]


class ReadinessResponse(BaseModel):
    status: Literal["ready", "draining"]


class Readiness:
    """Whether the process takes new work. ``serve`` calls :meth:`drain` on SIGTERM, before
    uvicorn stops accepting connections, so a probe or a load balancer still talking to this
    process learns it is going away."""

    def __init__(self) -> None:
        self.draining = False

    def drain(self) -> None:
        self.draining = True


class AccessLogMiddleware(HttpObserver):
    """One JSON access line per HTTP request (replaces uvicorn's access log)."""

    def finished(self, scope: Scope, status: int, seconds: float) -> None:
        client = scope.get("client")
        # the query string is deliberately not logged (it may carry OAuth codes/tokens)
        access_logger.info(
            "%s %s %d",
            scope["method"],
            scope["path"],
            status,
            extra={
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round(seconds * 1000, 2),
                "client": client[0] if client else None,
            },
        )


class RootPathMiddleware:
    """Puts ROOT_PATH (e.g. ``/api``) back into requests arriving through a gateway that strips
    it: ASGI's ``path`` includes ``root_path``, which routing, mounts and URL building rely on
    (/docs then loads ``/api/openapi.json``, static assets resolve, OpenAPI ``servers`` says
    ``/api``). Requests that still carry the prefix pass unchanged."""

    def __init__(self, app: ASGIApp, root_path: str) -> None:
        self.app = app
        self.root_path = root_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            path: str = scope["path"]
            if path != self.root_path and not path.startswith(self.root_path + "/"):
                scope = dict(scope, path=self.root_path + path)
            scope["root_path"] = self.root_path
        await self.app(scope, receive, send)


def create_app(settings: Settings, *, configure_logs: bool = True) -> FastAPI:
    if configure_logs:
        configure_logging(settings.log_level)
    engine = create_app_engine(settings)
    health_engine = create_health_engine(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        logger.info(
            "backend starting",
            extra={"version": settings.app_version, "root_path": settings.root_path, "database": str(engine.url)},
        )
        yield
        engine.dispose()
        health_engine.dispose()
        logger.info("backend stopped; database pool disposed")

    # Swagger UI's script and stylesheet come from this process (the fastapi-offline package),
    # never from a CDN: the docs work on an air-gapped host.
    app = FastAPIOffline(
        title="yoshikosan backend",
        version=settings.app_version,
        lifespan=lifespan,
        redoc_url=None,
        static_url=DOCS_ASSETS_PATH,
    )
    readiness = Readiness()
    app.state.readiness = readiness
    app.state.settings = settings
    app.state.engine = engine
    app.state.health_engine = health_engine

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        max_age=600,
    )
    if settings.root_path:
        app.add_middleware(RootPathMiddleware, root_path=settings.root_path)
    app.add_middleware(AccessLogMiddleware)

    @app.get(CONTRACT.liveness_path, response_model=LivenessResponse, tags=["probes"])
    async def livez() -> LivenessResponse:
        """Liveness: the process serves requests. Never touches the database."""
        return LivenessResponse(status="alive")

    @app.get(
        CONTRACT.readiness_path,
        response_model=ReadinessResponse,
        responses={503: {"model": ReadinessResponse, "description": "shutting down"}},
        tags=["probes"],
    )
    async def readyz() -> JSONResponse:
        """Readiness: 200 while the process serves, 503 once shutdown has begun. Never touches
        the database: during a database outage the API still answers (``/health`` says degraded)
        instead of the gateway answering for it."""
        body = ReadinessResponse(status="draining" if readiness.draining else "ready")
        return JSONResponse(body.model_dump(mode="json"), status_code=503 if readiness.draining else 200)

    @app.get(
        CONTRACT.status_path,
        response_model=HealthResponse,
        responses={503: {"model": HealthResponse, "description": "database unreachable"}},
        tags=["status"],
    )
    async def health() -> JSONResponse:
        """Status: 200 when the database answers ``SELECT 1`` within HEALTH_TIMEOUT, else 503
        ``degraded``. What the frontend's status panel shows; not a probe."""
        connected = True
        try:
            with anyio.fail_after(settings.health_timeout + 0.5):
                await anyio.to_thread.run_sync(ping, health_engine, abandon_on_cancel=True)
        except Exception as exc:  # any failure means "degraded"
            connected = False
            logger.warning("database health check failed: %s", type(exc).__name__, extra={"error": str(exc)[:300]})
        body = HealthResponse(
            status="healthy" if connected else "degraded",
            database="connected" if connected else "disconnected",
            timestamp=datetime.now(UTC),
            version=settings.app_version,
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=200 if connected else 503)

    @app.websocket(WS_ECHO_PATH)
    async def ws_echo(websocket: WebSocket) -> None:
        """Echoes every frame until the client closes: proves WebSocket upgrades pass the gateway."""
        await websocket.accept()
        while True:
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            if message.get("text") is not None:
                await websocket.send_text(message["text"])
            elif message.get("bytes") is not None:
                await websocket.send_bytes(message["bytes"])

    install_metrics(app, settings)
    return app


def __getattr__(name: str) -> FastAPI:
    """Lazily build the module-level ``app`` (what ``uvicorn app.main:app`` imports)."""
    if name == "app":
        application = create_app(load_settings_or_exit())
        globals()["app"] = application
        return application
    raise AttributeError(name)
