"""Shared fixtures: one real PostgreSQL 16 cluster per test session (pgcluster)."""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pgcluster import PgCluster

from app.settings import Settings, load_settings

BACKEND_DIR = Path(__file__).resolve().parent.parent
# The checkout's cache of PostgreSQL binaries, shared with the root project (model/paths.py).
PG_CACHE = BACKEND_DIR.parent / ".cache" / "postgresql"

SECRET_KEY = "test-secret-key-0123456789-abcdefghijklmnop"
SUPERUSER_PASSWORD = "superuser-pw-for-tests"

# Env vars the settings read; cleared for every test so the outer environment cannot leak in.
SETTINGS_ENV = [name.upper() for name in Settings.model_fields]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    base = Path(tempfile.mkdtemp(prefix="backend-tests-"))
    cluster = PgCluster(base / "data", cache_dir=PG_CACHE, password=SUPERUSER_PASSWORD)
    try:
        cluster.init().start()
        yield cluster
    finally:
        cluster.stop(mode="immediate")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def app_db(pg: PgCluster) -> str:
    """Name of a database for the app tests (no tables needed for probes)."""
    pg.create_database("app")
    return "app"


def db_settings_kwargs(pg: PgCluster, database: str) -> dict[str, Any]:
    return {
        "postgres_host": pg.host,
        "postgres_port": pg.port,
        "postgres_user": pg.user,
        "postgres_password": pg.password,
        "postgres_db": database,
    }


@pytest.fixture
def make_settings(pg: PgCluster, app_db: str) -> Callable[..., Settings]:
    def factory(**overrides: Any) -> Settings:
        # metrics_port 0: no metrics server unless a test asks for one on a free port
        values: dict[str, Any] = {"secret_key": SECRET_KEY, "metrics_port": 0, **db_settings_kwargs(pg, app_db)}
        values.update(overrides)
        return load_settings(**values)

    return factory


@pytest.fixture
def fresh_db(pg: PgCluster) -> str:
    """A new, empty database for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    pg.create_database(name)
    return name


def server_env(pg: PgCluster, database: str, **extra: str) -> dict[str, str]:
    """Environment for a backend subprocess (settings only from here)."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env.update(
        POSTGRES_HOST=pg.host,
        POSTGRES_PORT=str(pg.port),
        POSTGRES_USER=pg.user,
        POSTGRES_PASSWORD=pg.password,
        POSTGRES_DB=database,
        SECRET_KEY=SECRET_KEY,
        METRICS_PORT="0",  # the contract's metrics port may be taken on a shared machine; tests pass a free one
        HOST="127.0.0.1",
        PYTHONPATH=str(BACKEND_DIR),
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@pytest.fixture
def blackhole_port() -> Iterator[int]:
    """A TCP port that accepts connections but never says anything (a hung database)."""
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    conns: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conns.append(srv.accept()[0])
            except OSError:
                continue

    t = threading.Thread(target=accept, daemon=True)
    t.start()
    yield int(srv.getsockname()[1])
    stop.set()
    t.join()
    for c in conns:
        c.close()
    srv.close()
