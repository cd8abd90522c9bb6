"""End-to-end monitoring through the gateway, as `make dev` runs it: Prometheus (Debian's) scrapes
the backend and the PostgreSQL exporter with the cluster's jobs and rules. Asserted through
Prometheus's HTTP API; the metrics port is never reachable through the gateway."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from model.alerts import alerts
from model.monitoring import REQUESTS
from model.paths import ROOT
from model.topology import BACKEND
from pgcluster import free_port
from scripts.devlayout import BACKEND_INSTANCES, Layout
from scripts.devmonitor import NAMESPACE, DevMonitor

PORT = int(os.environ.get("DEV_PORT", "6666"))
BASE = f"http://127.0.0.1:{PORT}"
T = TypeVar("T")

pytestmark = pytest.mark.slow


def eventually(check: Callable[[], T | None], timeout: float, what: str) -> T:
    deadline = time.monotonic() + timeout
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(1)


def status(path: str) -> int:
    try:
        with urllib.request.urlopen(BASE + path, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def prometheus(stack_state: Path) -> Iterator[DevMonitor]:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", PORT)) == 0:
            pytest.fail(f"something already listens on 127.0.0.1:{PORT} (a `make dev`?): run `make dev-down` first")
    state = stack_state
    env = {**os.environ, "DEV_STATE": str(state), "DEV_PROMETHEUS_PORT": str(free_port())}

    def devstack(command: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, str(ROOT / "scripts" / "devstack.py"), command]
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300)

    started = devstack("up")
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        # What scripts/devstack.py builds from this environment.
        monitor = Layout.from_environ(env).monitor
        monitor.wait_ready(30)
        yield monitor
    finally:
        stopped = devstack("down")
        assert stopped.returncode == 0, stopped.stderr


def test_metrics_are_not_routed_through_the_gateway(prometheus: DevMonitor) -> None:
    assert status("/api/metrics") == 404
    assert status("/api/health") == 200


def test_every_target_is_up(prometheus: DevMonitor) -> None:
    """Every job, and the backend's job once per instance, each on its own metrics port."""
    layout = Layout(state=prometheus.state)
    expected = {
        *((job, prometheus.address(port)) for job, port in prometheus.static_targets().items()),
        *((BACKEND, prometheus.address(layout.metrics_port(p))) for p in layout.backend_ports[:BACKEND_INSTANCES]),
    }
    assert {job for job, _ in expected} == prometheus.jobs()

    def all_up() -> set[tuple[str, str]] | None:
        results = prometheus.query("up")
        up = {(r["metric"]["job"], r["metric"]["instance"]) for r in results}
        return up if up == expected and all(float(r["value"][1]) == 1 for r in results) else None

    eventually(all_up, 30, "every target up == 1")


def test_requests_through_the_gateway_move_the_counter(prometheus: DevMonitor) -> None:
    counter = f'sum({REQUESTS}{{namespace="{NAMESPACE}", route="/openapi.json"}})'

    def value() -> float:
        result = prometheus.query(counter)
        return float(result[0]["value"][1]) if result else 0.0

    eventually(lambda: prometheus.query('up{job="backend"} == 1'), 30, "backend scraped")
    before = value()
    for _ in range(5):
        assert status("/api/openapi.json") == 200
    eventually(lambda: value() >= before + 5 or None, 20, "the counter to count the 5 requests")


def test_database_disconnected_fires_within_its_window_and_resolves(prometheus: DevMonitor) -> None:
    [rule] = [a for a in alerts(NAMESPACE) if a.name == "DatabaseDisconnected"]
    hold = int(rule.for_.removesuffix("m")) * 60
    env = {**os.environ, "DEV_STATE": str(prometheus.state)}

    def devstack(command: str) -> None:
        argv = [sys.executable, str(ROOT / "scripts" / "devstack.py"), command]
        subprocess.run(argv, env=env, check=True, capture_output=True, timeout=120)

    devstack("pg-stop")
    try:
        eventually(lambda: prometheus.firing().get("DatabaseDisconnected") == "firing", hold + 30, "firing")
    finally:
        devstack("pg-start")
    eventually(lambda: "DatabaseDisconnected" not in prometheus.firing() or None, 30, "resolved")
