"""The backup CronJob's very script and `make db-restore`'s very restore command, on a real PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.dbtools import BACKUP_SCRIPT, COUNTS_SUFFIX, DUMP_SUFFIX, RESTORE_SCRIPT
from model.paths import PGCLUSTER_CACHE
from pgcluster import PgCluster, temporary_cluster

pytestmark = pytest.mark.slow
DB = "yoshikosan"
ROWS = [(1, "ada@example.com", "Ada Lovelace ü"), (2, "grace@example.com", "Grace 'Amazing' Hopper")]


@pytest.fixture(scope="module")
def pg() -> Iterator[PgCluster]:
    with temporary_cluster(cache_dir=PGCLUSTER_CACHE, user=DB, password="pw @:/#% ü") as cluster:
        cluster.create_database(DB, owner=DB)
        yield cluster


def sh(script: str, pg: PgCluster, **env: str) -> subprocess.CompletedProcess[str]:
    """Run a script as the container would: sh, the server's own client tools on PATH."""
    full_env = {**pg.libpq_env(DB), "PATH": f"{pg.bin_dir}:{os.environ['PATH']}", **env}
    return subprocess.run(["sh", "-c", script], env=full_env, capture_output=True, text=True, timeout=120)


def rows(pg: PgCluster) -> str:
    return pg.sql("SELECT id, email, name FROM users ORDER BY id", DB)


def test_backup_then_wipe_then_restore_brings_the_rows_back(pg: PgCluster, tmp_path: Path) -> None:
    pg.sql("CREATE TABLE users (id int PRIMARY KEY, email text UNIQUE NOT NULL, name text)", DB)
    for row in ROWS:
        pg.sql("INSERT INTO users VALUES ({}, '{}', '{}')".format(row[0], row[1], row[2].replace("'", "''")), DB)
    before = rows(pg)
    assert before.count("\n") == 1

    backups = tmp_path / "backups"
    backups.mkdir()
    dumped = sh(BACKUP_SCRIPT, pg, BACKUP_DIR=str(backups), BACKUP_KEEP="2")
    assert dumped.returncode == 0, dumped.stderr
    [dump] = list(backups.glob(f"*{DUMP_SUFFIX}"))
    assert dump.read_bytes()[:5] == b"PGDMP", "pg_dump custom format"
    assert dump.with_suffix(COUNTS_SUFFIX).read_text() == "public\tusers\t2\n"
    assert not list(backups.glob("*.partial"))

    pg.sql("DROP TABLE users", DB)
    with pytest.raises(Exception, match="does not exist"):
        rows(pg)

    # The restore runs in the postgres container as POSTGRES_USER on POSTGRES_DB, reading stdin.
    with dump.open("rb") as stdin:
        restored = subprocess.run(
            ["sh", "-c", RESTORE_SCRIPT],
            stdin=stdin,
            capture_output=True,
            env={
                **pg.libpq_env(DB),
                "PATH": f"{pg.bin_dir}:{os.environ['PATH']}",
                "POSTGRES_USER": DB,
                "POSTGRES_DB": DB,
            },
            timeout=120,
        )
    assert restored.returncode == 0, restored.stderr
    assert rows(pg) == before


def test_backup_keeps_only_the_newest(pg: PgCluster, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    (backups / "stale.dump.partial").write_text("left by a crashed run")
    for _ in range(3):
        result = sh(BACKUP_SCRIPT, pg, BACKUP_DIR=str(backups), BACKUP_KEEP="2")
        assert result.returncode == 0, result.stderr
        time.sleep(1.05)  # the file names have one-second resolution
    kept = sorted(p.name for p in backups.iterdir())
    dumps = [name for name in kept if name.endswith(DUMP_SUFFIX)]
    # Each dump keeps its row counts; the removed ones' counts go with them.
    assert len(dumps) == 2 and kept == sorted([*dumps, *(d.replace(DUMP_SUFFIX, COUNTS_SUFFIX) for d in dumps)])
    assert "backup removed" in result.stdout


def test_a_failed_dump_leaves_no_backup(pg: PgCluster, tmp_path: Path) -> None:
    backups = tmp_path / "backups"
    backups.mkdir()
    result = sh(BACKUP_SCRIPT, pg, BACKUP_DIR=str(backups), BACKUP_KEEP="2", PGDATABASE="no_such_db")
    assert result.returncode != 0
    assert not list(backups.glob(f"*{DUMP_SUFFIX}"))
