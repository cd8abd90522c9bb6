"""Throw-away PostgreSQL clusters for tests, the local stack and the upgrade test.

Standard library only; the caller names the cache of binaries::

    from pgcluster import PgCluster, temporary_cluster

    with temporary_cluster(cache_dir=CACHE, password="pw") as pg:  # PG_VERSION, fresh dir, reserved port
        pg.sql("SELECT 1")
    pg = PgCluster(".dev/pgdata", 25432, cache_dir=CACHE, version="17.11.0").init().start()

binaries.py fetches and caches the pinned PostgreSQL, account.py and executables.py let a
root caller run it (and other programs, such as make dev's Traefik) as an unprivileged account,
cluster.py runs the server. ports.py hands out ports no other process can race for
(``free_port()``, ``free_ports(n)``): outside the ephemeral range, locked for the caller's lifetime.
"""

from pgcluster.account import blocked_at, runtime_dir
from pgcluster.binaries import PG_VERSION, WHEELS, ensure_binaries
from pgcluster.cluster import PgCluster, temporary_cluster
from pgcluster.errors import PgClusterError
from pgcluster.executables import reachable_executable
from pgcluster.ports import DEV_PG_PORT, candidate_ports, free_port, free_ports

__all__ = [
    "DEV_PG_PORT",
    "PG_VERSION",
    "WHEELS",
    "PgCluster",
    "PgClusterError",
    "blocked_at",
    "candidate_ports",
    "ensure_binaries",
    "free_port",
    "free_ports",
    "reachable_executable",
    "runtime_dir",
    "temporary_cluster",
]
