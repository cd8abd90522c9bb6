"""Benchmark (not a test): start-up time and throughput of a real server process.

    make bench            # or: .venv/bin/python bench.py --duration 10 --concurrency 16

1. start -> first readiness 200: spawn the contract's ``serve`` command (as the container
   does) and poll ``/readyz``.
2. requests/s of ``/health`` (database round trip) and ``/readyz`` with the server (1 process)
   pinned to CPU 0 and the load generator (asyncio, raw HTTP/1.1 keep-alive connections) pinned
   to CPU 1.
A throw-away PostgreSQL 16 cluster is started with pgcluster.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from pgcluster import PgCluster, free_port, temporary_cluster

from app.contract import CONTRACT

# The checkout's cache of PostgreSQL binaries (the tests use the same: tests/conftest.py).
PG_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "postgresql"

BACKEND_DIR = Path(__file__).resolve().parent


def env_for(pg: PgCluster, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        POSTGRES_HOST=pg.host,
        POSTGRES_PORT=str(pg.port),
        POSTGRES_USER=pg.user,
        POSTGRES_PASSWORD=pg.password,
        POSTGRES_DB="postgres",
        SECRET_KEY="bench-secret-key-0123456789abcdefghijklmnop",
        LOG_LEVEL="WARNING",  # access lines would measure logging, not the app
        HOST="127.0.0.1",
        PORT=str(port),
    )
    return env


def start_server(pg: PgCluster, cpus: set[int] | None = None) -> tuple[subprocess.Popen[bytes], int, float]:
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *CONTRACT.serve],
        cwd=BACKEND_DIR,
        env=env_for(pg, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    if cpus:
        os.sched_setaffinity(proc.pid, cpus)
    while True:
        if proc.poll() is not None:
            raise RuntimeError("server exited")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{CONTRACT.readiness_path}", timeout=2) as r:
                if r.status == 200:
                    return proc, port, time.perf_counter() - t0
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.01)


async def _worker(port: int, path: str, deadline: float, counts: list[int], errors: list[int]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode()
    try:
        while time.perf_counter() < deadline:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            if head.startswith(b"HTTP/1.1 200"):
                counts[0] += 1
            else:
                errors[0] += 1
    finally:
        writer.close()


async def _load(port: int, path: str, duration: float, concurrency: int) -> tuple[float, int]:
    counts, errors = [0], [0]
    start = time.perf_counter()
    deadline = start + duration
    await asyncio.gather(*(_worker(port, path, deadline, counts, errors) for _ in range(concurrency)))
    return counts[0] / (time.perf_counter() - start), errors[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    ncpu = os.cpu_count() or 1
    server_cpus, client_cpus = ({0}, {1}) if ncpu >= 2 else (None, None)
    results: dict[str, object] = {}
    with temporary_cluster(cache_dir=PG_CACHE) as pg:
        startups = []
        for _ in range(args.startup_runs):
            proc, _, elapsed = start_server(pg)
            startups.append(elapsed)
            proc.terminate()
            proc.wait()
        results["startup_to_ready_s"] = {
            "median": round(statistics.median(startups), 3),
            "min": round(min(startups), 3),
            "max": round(max(startups), 3),
        }
        proc, port, _ = start_server(pg, server_cpus)
        if client_cpus:
            os.sched_setaffinity(0, client_cpus)
        try:
            asyncio.run(_load(port, CONTRACT.status_path, 1.0, args.concurrency))  # warm-up (pool, code paths)
            for path in (CONTRACT.status_path, CONTRACT.readiness_path):
                rps, errors = asyncio.run(_load(port, path, args.duration, args.concurrency))
                results[f"{path}_req_per_s"] = round(rps, 1)
                results[f"{path}_non_200"] = errors
        finally:
            proc.terminate()
            proc.wait()
    results["setup"] = (
        f"server (1 process) pinned to CPU {server_cpus}, load generator pinned to {client_cpus}, "
        f"{args.concurrency} keep-alive connections, {args.duration:g}s per path, PostgreSQL 16 unpinned"
    )
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
