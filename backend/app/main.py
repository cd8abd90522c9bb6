"""FastAPI application.

``uvicorn app.main:app`` loads the settings from the environment on first access of
``app.main.app`` (a bad configuration exits with one message, no traceback).
Tests build their own instance with :func:`create_app`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Literal

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.db import create_app_engine, create_health_engine, ping
from app.logging_config import configure_logging
from app.metrics import install_metrics
from app.settings import Settings, load_settings_or_exit

logger = logging.getLogger("app")
access_logger = logging.getLogger("app.access")


class HealthResponse(BaseModel):
    status: Literal["healthy", "degraded"]
    database: Literal["connected", "disconnected"]
    timestamp: datetime
    version: str


class LivenessResponse(BaseModel):
    status: Literal["alive"]


class AccessLogMiddleware:
    """One JSON access line per HTTP request (replaces uvicorn's access log)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            duration_ms = round((time.perf_counter() - start) * 1000, 2)
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
                    "duration_ms": duration_ms,
                    "client": client[0] if client else None,
                },
            )


class RootPathMiddleware:
    """Sets the ASGI ``root_path`` (ROOT_PATH, e.g. ``/api``) for requests arriving through a
    gateway that strips that prefix: /docs then loads ``/api/openapi.json`` and the OpenAPI
    ``servers`` list says ``/api``.  (What ``FastAPI(root_path=...)`` does; that parameter is
    deprecated in the pinned FastAPI, so the equivalent is done here.)"""

    def __init__(self, app: ASGIApp, root_path: str) -> None:
        self.app = app
        self.root_path = root_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
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

    app = FastAPI(
        title="yoshikosan backend",
        version=settings.app_version,
        lifespan=lifespan,
    )
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

    @app.get("/livez", response_model=LivenessResponse, tags=["probes"])
    async def livez() -> LivenessResponse:
        """Liveness: the process serves requests. Never touches the database."""
        return LivenessResponse(status="alive")

    @app.get(
        "/health",
        response_model=HealthResponse,
        responses={503: {"model": HealthResponse, "description": "database unreachable"}},
        tags=["probes"],
    )
    async def health(request: Request) -> JSONResponse:
        """Readiness: 200 when the database answers ``SELECT 1`` within HEALTH_TIMEOUT, else 503."""
        connected = True
        try:
            with anyio.fail_after(settings.health_timeout + 0.5):
                await anyio.to_thread.run_sync(ping, health_engine, abandon_on_cancel=True)
        except Exception as exc:  # any failure means "not ready"
            connected = False
            logger.warning("database health check failed: %s", type(exc).__name__, extra={"error": str(exc)[:300]})
        body = HealthResponse(
            status="healthy" if connected else "degraded",
            database="connected" if connected else "disconnected",
            timestamp=datetime.now(UTC),
            version=settings.app_version,
        )
        return JSONResponse(body.model_dump(mode="json"), status_code=200 if connected else 503)

    install_metrics(app, settings)
    return app


def __getattr__(name: str) -> FastAPI:
    """Lazily build the module-level ``app`` (what ``uvicorn app.main:app`` imports)."""
    if name == "app":
        application = create_app(load_settings_or_exit())
        globals()["app"] = application
        return application
    raise AttributeError(name)
