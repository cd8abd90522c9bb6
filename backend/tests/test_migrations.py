"""Alembic migrations and the init-container commands (real subprocesses)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pgcluster import PgCluster, free_port
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.exc import IntegrityError

from app.contract import CONTRACT
from app.db import create_oneshot_engine
from app.migrations import alembic_config
from app.models import Base
from app.prestart import MIGRATION_LOCK_KEY
from app.settings import Settings
from tests.conftest import BACKEND_DIR, server_env


@pytest.fixture
def settings(make_settings: Callable[..., Settings], fresh_db: str) -> Settings:
    return make_settings(postgres_db=fresh_db)


@pytest.fixture
def engine(settings: Settings) -> Iterator[Engine]:
    eng = create_oneshot_engine(settings)
    yield eng
    eng.dispose()


def test_upgrade_and_downgrade(settings: Settings, engine: Engine) -> None:
    cfg = alembic_config(settings)
    command.upgrade(cfg, "head")
    insp = inspect(engine)
    assert "users" in insp.get_table_names()
    cols = {c["name"] for c in insp.get_columns("users")}
    assert cols == {"id", "email", "name", "auth_provider", "created_at"}
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (email, auth_provider) VALUES ('a@example.com', 'google')"))
        created = conn.execute(text("SELECT created_at FROM users")).scalar_one()
        assert created is not None
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(text("INSERT INTO users (email, auth_provider) VALUES ('a@example.com', 'discord')"))
    # the ORM models and the migration agree (no autogenerate diff)
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []

    command.downgrade(cfg, "base")
    assert "users" not in inspect(engine).get_table_names()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() is None
    command.upgrade(cfg, "head")
    assert "users" in inspect(engine).get_table_names()


def test_alembic_config_is_cwd_independent(tmp_path: object, settings: Settings, engine: Engine, pg: PgCluster) -> None:
    env = server_env(pg, settings.postgres_db or "")
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"], cwd="/", env=env, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "users" in inspect(engine).get_table_names()


def _python(pg: PgCluster, database: str, *args: str, **env: str) -> subprocess.Popen[str]:
    """``python ARGS`` in the backend directory with settings for ``database``."""
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=BACKEND_DIR,
        env=server_env(pg, database, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_concurrent_migrate_is_serialised(pg: PgCluster, settings: Settings, engine: Engine) -> None:
    db = settings.postgres_db or ""
    # hold the migration lock so both processes are guaranteed to be waiting at the same time
    locker = create_engine(settings.database_url_object)
    with locker.connect() as lock_conn:
        lock_conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        procs = [_python(pg, db, "-m", "app.cli", "migrate") for _ in range(2)]
        time.sleep(1.5)
        assert [p.poll() for p in procs] == [None, None], "migrate did not wait for the advisory lock"
        assert "users" not in inspect(engine).get_table_names()
        lock_conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        lock_conn.commit()
        outputs = [p.communicate(timeout=30) for p in procs]
    locker.dispose()
    assert [p.returncode for p in procs] == [0, 0], outputs
    messages = [json.loads(line)["message"] for out, _ in outputs for line in out.splitlines()]
    assert messages.count("Running upgrade  -> 0001, create users table") == 1
    assert messages.count("migrations applied") == 1
    assert messages.count("database already up to date") == 1
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0001"]


def test_wait_for_db_succeeds(pg: PgCluster, app_db: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "wait-for-db", "--timeout", "10"],
        cwd=BACKEND_DIR,
        env=server_env(pg, app_db),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "database is reachable" in proc.stdout


def test_prestart_fails_clearly_after_db_wait_timeout(pg: PgCluster, app_db: str) -> None:
    port = free_port()
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, *CONTRACT.prestart],
        cwd=BACKEND_DIR,
        env=server_env(pg, app_db, POSTGRES_PORT=str(port), DB_WAIT_TIMEOUT="1.5"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert time.monotonic() - start < 8
    last = json.loads(proc.stdout.splitlines()[-1])
    assert last["level"] == "ERROR"
    assert f"127.0.0.1:{port}/{app_db} not reachable after 1.5s" in last["message"]
    assert "Traceback" not in proc.stdout + proc.stderr


def test_prestart_waits_then_migrates(pg: PgCluster, settings: Settings, engine: Engine) -> None:
    proc = _python(pg, settings.postgres_db or "", *CONTRACT.prestart, DB_WAIT_TIMEOUT="10")
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, out + err
    messages = [json.loads(line)["message"] for line in out.splitlines()]
    assert messages.index("database is reachable") < messages.index("migrations applied")
    assert "users" in inspect(engine).get_table_names()
