"""The kubelet's probes: liveness and readiness. Neither touches the database."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.contract import CONTRACT

router = APIRouter(tags=["probes"])


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


@router.get(CONTRACT.liveness_path, response_model=LivenessResponse)
async def livez() -> LivenessResponse:
    """Liveness: the process serves requests. Never touches the database."""
    return LivenessResponse(status="alive")


@router.get(
    CONTRACT.readiness_path,
    response_model=ReadinessResponse,
    responses={503: {"model": ReadinessResponse, "description": "shutting down"}},
)
async def readyz(request: Request) -> JSONResponse:
    """Readiness: 200 while the process serves, 503 once shutdown has begun. Never touches
    the database: during a database outage the API still answers (``/health`` says degraded)
    instead of the gateway answering for it."""
    readiness: Readiness = request.app.state.readiness
    body = ReadinessResponse(status="draining" if readiness.draining else "ready")
    return JSONResponse(body.model_dump(mode="json"), status_code=503 if readiness.draining else 200)
