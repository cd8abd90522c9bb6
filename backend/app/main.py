"""FastAPI application.

``python -m app.cli serve`` runs it (see app/cli.py). ``app.main:app`` also exists, built from
the environment on first access, for ``uvicorn --reload`` while developing.
Tests build their own instance with :func:`create_app`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from sqlalchemy import Engine
from starlette.types import ASGIApp, Receive, Scope, Send

from app.db import create_app_engine, create_health_engine
from app.errors import install_error_handlers
from app.logging_config import configure_logging
from app.metrics import install_metrics
from app.observe import HttpObserver
from app.request_id import HEADER as REQUEST_ID_HEADER
from app.request_id import RequestIdMiddleware
from app.routes import probes, status, ws
from app.settings import Settings, load_settings_or_exit

DOCS_ASSETS_PATH = "/docs/assets"

logger = logging.getLogger("app")
access_logger = logging.getLogger("app.access")


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
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        inner = scope
        if path != self.root_path and not path.startswith(self.root_path + "/"):
            inner = dict(scope, path=self.root_path + path)
        inner["root_path"] = self.root_path
        try:
            await self.app(inner, receive, send)
        finally:
            # The router names the matched route in the scope it was given; the metrics around
            # this middleware read it from theirs (an included router's routes are found no other way).
            if "route" in inner:
                scope["route"] = inner["route"]


def pools_lifespan(
    settings: Settings, engine: Engine, health_engine: Engine
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Says when the backend starts and stops; disposes of both database pools on the way out."""

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

    return lifespan


def create_app(settings: Settings, *, configure_logs: bool = True) -> FastAPI:
    if configure_logs:
        configure_logging(settings.log_level)
    engine = create_app_engine(settings)
    health_engine = create_health_engine(settings)
    # Swagger UI's script and stylesheet come from this process (the fastapi-offline package),
    # never from a CDN: the docs work on an air-gapped host.
    app = FastAPIOffline(
        title="yoshikosan backend",
        version=settings.app_version,
        lifespan=pools_lifespan(settings, engine, health_engine),
        redoc_url=None,
        static_url=DOCS_ASSETS_PATH,
    )
    app.state.readiness = probes.Readiness()
    app.state.settings = settings
    app.state.engine = engine
    app.state.health_engine = health_engine

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type"],
        # so that the page's own scripts can show the ID a user should quote
        expose_headers=[REQUEST_ID_HEADER],
        max_age=600,
    )
    if settings.root_path:
        app.add_middleware(RootPathMiddleware, root_path=settings.root_path)
    app.add_middleware(AccessLogMiddleware)

    # In this order: it is the order of the OpenAPI paths.
    for router in (probes.router, status.router, ws.router):
        app.include_router(router)

    install_metrics(app, settings)
    install_error_handlers(app)
    # Added last, so outermost: the access line and every log line inside carry the ID.
    app.add_middleware(RequestIdMiddleware, trusted_proxies=settings.trusted_proxies)
    return app


def __getattr__(name: str) -> FastAPI:
    """Lazily build the module-level ``app`` (what ``uvicorn app.main:app`` imports)."""
    if name == "app":
        application = create_app(load_settings_or_exit())
        globals()["app"] = application
        return application
    raise AttributeError(name)
