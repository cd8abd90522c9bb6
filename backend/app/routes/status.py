"""The status endpoint the frontend's status panel shows: is the database reachable."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Literal

import anyio
import anyio.to_thread
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import Engine

from app.contract import CONTRACT
from app.db import ping
from app.settings import Settings

logger = logging.getLogger("app")
router = APIRouter(tags=["status"])


class HealthResponse(BaseModel):
    status: Literal["healthy", "degraded"]
    database: Literal["connected", "disconnected"]
    timestamp: datetime
    version: str


@router.get(
    CONTRACT.status_path,
    response_model=HealthResponse,
    responses={503: {"model": HealthResponse, "description": "database unreachable"}},
)
async def health(request: Request) -> JSONResponse:
    """Status: 200 when the database answers ``SELECT 1`` within HEALTH_TIMEOUT, else 503
    ``degraded``. What the frontend's status panel shows; not a probe."""
    settings: Settings = request.app.state.settings
    health_engine: Engine = request.app.state.health_engine
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
