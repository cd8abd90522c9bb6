"""``serve``: uvicorn configured from the settings and the run contract."""

from __future__ import annotations

from pathlib import Path
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.supervisors import ChangeReload

from app.contract import CONTRACT
from app.main import create_app
from app.routes.probes import Readiness
from app.settings import Settings, load_settings_or_exit

APP_DIR = Path(__file__).resolve().parent


class DrainingServer(uvicorn.Server):
    """uvicorn that marks the app as draining the moment a shutdown signal arrives."""

    def __init__(self, config: uvicorn.Config, readiness: Readiness) -> None:
        super().__init__(config)
        self.readiness = readiness

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self.readiness.drain()
        super().handle_exit(sig, frame)


def server_options(settings: Settings) -> dict[str, Any]:
    """What every uvicorn configuration here shares: it comes from the settings and the contract."""
    return {
        "host": settings.host,
        "port": settings.port,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
        # the app writes JSON access lines itself (AccessLogMiddleware)
        "access_log": False,
        "log_config": None,
        "timeout_graceful_shutdown": CONTRACT.drain_seconds,
        "ws": "websockets-sansio",
        "lifespan": "on",
    }


def server_config(settings: Settings, app: FastAPI) -> uvicorn.Config:
    """The one uvicorn configuration of the server the containers run."""
    return uvicorn.Config(app, **server_options(settings))


def app_from_environment() -> FastAPI:
    """The app, built from the environment in each process the reloading server starts."""
    return create_app(load_settings_or_exit())


def reloading_config(settings: Settings) -> uvicorn.Config:
    """For development (`make dev-backend`): the same server, restarted in a fresh process
    whenever a file under app/ changes. uvicorn reloads only an app named by import path."""
    return uvicorn.Config(
        f"{__name__}:{app_from_environment.__name__}",
        factory=True,
        reload=True,
        reload_dirs=[str(APP_DIR)],
        **server_options(settings),
    )


def serve(settings: Settings, *, reload: bool = False) -> None:
    if reload:
        config = reloading_config(settings)
        ChangeReload(config, target=uvicorn.Server(config).run, sockets=[config.bind_socket()]).run()
        return
    app = create_app(settings, configure_logs=False)
    DrainingServer(server_config(settings, app), app.state.readiness).run()
