"""scripts/pgcluster.py: URLs, binaries (pg_dump 16 for backup tests), privilege handling."""

from __future__ import annotations

import os
import subprocess

from pgcluster import PG_VERSION, PgCluster
from sqlalchemy import make_url


def test_url_escapes_credentials(pg: PgCluster) -> None:
    url = make_url(pg.url("my db", user="u@x", password='p@ss:w/o#r%d "q" ü spaces'))
    assert (url.username, url.password, url.database) == ("u@x", 'p@ss:w/o#r%d "q" ü spaces', "my db")
    assert (url.host, url.port) == (pg.host, pg.port)


def test_pg_dump_and_psql_are_version_16(pg: PgCluster, app_db: str) -> None:
    major = PG_VERSION.split(".")[0]
    for binary in (pg.pg_dump, pg.pg_restore, pg.psql):
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
        assert f" {major}." in out
    dump = subprocess.run(
        [pg.pg_dump, "--schema-only", app_db], capture_output=True, text=True, check=True, env=pg.libpq_env(app_db)
    )
    assert "PostgreSQL database dump" in dump.stdout
    assert pg.sql("SHOW server_version").startswith(f"{major}.")


def test_cluster_runs_unprivileged(pg: PgCluster) -> None:
    assert pg.is_running()
    pid = int((pg.datadir / "postmaster.pid").read_text().split()[0])
    server_uid = os.stat(f"/proc/{pid}").st_uid
    if os.geteuid() == 0:  # root caller: initdb/pg_ctl/postgres run as an unprivileged user
        assert server_uid != 0
        assert os.stat(pg.datadir).st_uid == server_uid
    else:
        assert server_uid == os.geteuid()
