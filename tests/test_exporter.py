"""The exporter's role script (the init step's very script) on a real PostgreSQL 16, and the real
postgres_exporter (Debian's) logging in with that role and exposing what the alerts read."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.monitoring import ENSURE_EXPORTER_ROLE_SCRIPT, EXPORTER_ROLE, exporter_args, exporter_env
from model.paths import PGCLUSTER_CACHE
from pgcluster import PgCluster, free_port

pytestmark = pytest.mark.slow
DB = "yoshikosan"
EXPORTER = shutil.which("prometheus-postgres-exporter")


@pytest.fixture(scope="module")
def pg() -> Iterator[PgCluster]:
    base = Path(tempfile.mkdtemp(prefix="exporter-pg-"))  # not in a basetemp a concurrent pytest may prune
    base.chmod(0o755)
    cluster = PgCluster(base / "data", cache_dir=PGCLUSTER_CACHE, user=DB, password="owner-pw @:/#% ü")
    cluster.init().start()
    cluster.create_database(DB, owner=DB)
    cluster.sql("CREATE TABLE users (id int PRIMARY KEY, email text)", DB)
    yield cluster
    cluster.stop()
    shutil.rmtree(base, ignore_errors=True)


def samples(exposition: str) -> dict[str, float]:
    """The first sample of each metric in Prometheus's text format."""
    found: dict[str, float] = {}
    for match in re.finditer(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})? (\S+)$", exposition, re.MULTILINE):
        found.setdefault(match[1], float(match[2]))
    return found


def ensure_role(pg: PgCluster, password: str) -> subprocess.CompletedProcess[str]:
    """As the init container runs it: sh, the PostgreSQL 16 client tools, libpq's PG* as the owner."""
    env = {
        **pg.libpq_env(DB),
        "PATH": f"{pg.bin_dir}:{os.environ['PATH']}",
        "POSTGRES_EXPORTER_PASSWORD": password,
    }
    return subprocess.run(
        ["sh", "-c", ENSURE_EXPORTER_ROLE_SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )


def as_exporter(pg: PgCluster, password: str, query: str) -> subprocess.CompletedProcess[str]:
    env = {**pg.libpq_env(DB), "PGUSER": EXPORTER_ROLE, "PGPASSWORD": password}
    return subprocess.run(
        [pg.psql, "-X", "-At", "-v", "ON_ERROR_STOP=1", "-c", query], env=env, capture_output=True, text=True
    )


def test_the_role_reads_statistics_but_no_data(pg: PgCluster) -> None:
    password = "exporter-pw 'quoted' \"and\" ü :x"
    for _ in range(2):  # every pod start runs it again
        result = ensure_role(pg, password)
        assert result.returncode == 0, result.stderr
        assert f"role {EXPORTER_ROLE} is ready" in result.stdout
        assert password not in result.stdout + result.stderr
    member = as_exporter(pg, password, f"SELECT pg_has_role('{EXPORTER_ROLE}', 'pg_monitor', 'MEMBER')")
    assert (member.returncode, member.stdout.strip()) == (0, "t"), member.stderr
    attributes = as_exporter(
        pg, password, f"SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = '{EXPORTER_ROLE}'"
    )
    assert attributes.stdout.strip() == "f|f|f"
    # pg_monitor: other sessions' activity and every setting, but no table data
    assert as_exporter(pg, password, "SELECT current_setting('data_directory')").returncode == 0
    denied = as_exporter(pg, password, "SELECT count(*) FROM users")
    assert denied.returncode != 0 and "permission denied" in denied.stderr


def test_a_new_password_replaces_the_old_one(pg: PgCluster) -> None:
    assert ensure_role(pg, "first-password-123").returncode == 0
    assert ensure_role(pg, "second-password-456").returncode == 0
    assert as_exporter(pg, "second-password-456", "SELECT 1").returncode == 0
    old = as_exporter(pg, "first-password-123", "SELECT 1")
    assert old.returncode != 0 and "password authentication failed" in old.stderr


def test_the_script_gives_up_clearly_when_postgres_is_unreachable(pg: PgCluster) -> None:
    script = ENSURE_EXPORTER_ROLE_SCRIPT.replace("tries=60", "tries=2")
    env = {
        **pg.libpq_env(DB),
        "PGPORT": str(free_port()),
        "PATH": f"{pg.bin_dir}:{os.environ['PATH']}",
        "POSTGRES_EXPORTER_PASSWORD": "x" * 16,
    }
    result = subprocess.run(["sh", "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "is not ready" in result.stderr


@pytest.mark.skipif(not EXPORTER, reason="prometheus-postgres-exporter is not installed (make install-system)")
def test_the_real_exporter_logs_in_and_exposes_what_the_alerts_read(pg: PgCluster, tmp_path: Path) -> None:
    password = "exporter-pw-for-the-binary"
    assert ensure_role(pg, password).returncode == 0
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        **exporter_env(pg.host, pg.port, DB),
        "DATA_SOURCE_PASS": password,
    }
    assert EXPORTER
    log = (tmp_path / "exporter.log").open("w")
    process = subprocess.Popen(
        [EXPORTER, *exporter_args(f"127.0.0.1:{port}")], env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
                    text = response.read().decode()
                break
            except OSError:
                assert process.poll() is None, (tmp_path / "exporter.log").read_text()
                assert time.monotonic() < deadline, "the exporter did not answer"
                time.sleep(0.1)
    finally:
        process.terminate()
        process.wait(timeout=10)
    found = samples(text)
    assert found["pg_up"] == 1, (tmp_path / "exporter.log").read_text()
    for name in ("pg_stat_activity_count", "pg_settings_max_connections", "pg_settings_superuser_reserved_connections"):
        assert name in found, name
    assert password not in (tmp_path / "exporter.log").read_text()
