"""``serve``: uvicorn configured from the settings and the run contract."""

from __future__ import annotations

from types import FrameType

import uvicorn
from fastapi import FastAPI

from app.contract import CONTRACT
from app.main import create_app
from app.routes.probes import Readiness
from app.settings import Settings


class DrainingServer(uvicorn.Server):
    """uvicorn that marks the app as draining the moment a shutdown signal arrives."""

    def __init__(self, config: uvicorn.Config, readiness: Readiness) -> None:
        super().__init__(config)
        self.readiness = readiness

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.readiness.drain()
        super().handle_exit(sig, frame)


def server_config(settings: Settings, app: FastAPI) -> uvicorn.Config:
    """The one uvicorn configuration: everything comes from the settings and the contract."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
        # the app writes JSON access lines itself (AccessLogMiddleware)
        access_log=False,
        log_config=None,
        timeout_graceful_shutdown=CONTRACT.drain_seconds,
        ws="websockets-sansio",
        lifespan="on",
    )


def serve(settings: Settings) -> None:
    app = create_app(settings, configure_logs=False)
    DrainingServer(server_config(settings, app), app.state.readiness).run()
