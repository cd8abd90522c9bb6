"""`serve --reload` (what `make dev-backend` runs): the contract's server, restarted in a fresh
process when a file under app/ changes.

The real test runs a copy of the package, so the change it makes never touches the sources."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from pgcluster import PgCluster, free_port
from uvicorn.importer import import_from_string

from app.contract import CONTRACT
from app.server import APP_DIR, app_from_environment, reloading_config, server_config
from app.settings import Settings
from tests.conftest import BACKEND_DIR, server_env


def test_the_reloading_server_is_the_contracts_server_watching_the_package(
    make_settings: Callable[..., Settings],
) -> None:
    settings = make_settings(host="127.0.0.1", port=8123)
    config = reloading_config(settings)
    assert config.reload
    assert config.factory
    assert APP_DIR == BACKEND_DIR / "app"
    assert config.reload_dirs == [APP_DIR]
    assert import_from_string(config.app) is app_from_environment
    # everything else as the container's server
    plain = server_config(settings, app=object())  # type: ignore[arg-type]
    for option in ("host", "port", "proxy_headers", "forwarded_allow_ips", "access_log", "ws", "lifespan"):
        assert getattr(config, option) == getattr(plain, option), option
    assert config.timeout_graceful_shutdown == CONTRACT.drain_seconds


def livez(base: str) -> int | None:
    try:
        with urllib.request.urlopen(base + "/livez", timeout=2) as response:  # noqa: S310 - loopback
            return int(response.status)
    except OSError:
        return None


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def test_a_change_under_app_restarts_the_server(pg: PgCluster, app_db: str, tmp_path: Path) -> None:
    shutil.copytree(APP_DIR, tmp_path / "app", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(BACKEND_DIR / "alembic.ini", tmp_path)
    port = free_port()
    env = server_env(pg, app_db, PORT=str(port), PYTHONPATH=str(tmp_path))
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, *CONTRACT.serve, "--reload"], cwd=tmp_path, env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: livez(base) == 200, 30, "the reloading server never answered")
        assert str(tmp_path / "app") in log.read_text(), "it watches the package it runs"
        with (tmp_path / "app" / "main.py").open("a") as main:
            main.write("\n# changed\n")
        wait_for(lambda: "Reloading" in log.read_text(), 15, "the change was not noticed")
        wait_for(lambda: livez(base) == 200, 30, "the restarted server never answered")
        assert proc.poll() is None
    finally:
        proc.terminate()
        proc.wait(timeout=30)
