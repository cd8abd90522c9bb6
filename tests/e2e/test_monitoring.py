"""End-to-end monitoring through the gateway, as `make dev` runs it: Prometheus (Debian's) scrapes
the backend and the PostgreSQL exporter with the cluster's jobs and rules. Asserted through
Prometheus's HTTP API; the metrics port is never reachable through the gateway.

The alert's whole `for:` window is waited out once, in tests/test_devmonitor.py; here the same
outage must be seen at once (pending) and must clear, without waiting the window again."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import eventually

from e2e.stack import BASE, devstack
from model.alerts import alerts
from model.monitoring import REQUESTS
from model.topology import BACKEND
from scripts.devlayout import BACKEND_INSTANCES, Layout
from scripts.devmonitor import DEV_SCRAPE_INTERVAL, NAMESPACE, DevMonitor

pytestmark = pytest.mark.slow


def status(path: str) -> int:
    try:
        with urllib.request.urlopen(BASE + path, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


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


def test_a_database_outage_makes_database_disconnected_pending_at_once_and_it_clears(
    stack: Path, prometheus: DevMonitor
) -> None:
    [rule] = [a for a in alerts(NAMESPACE) if a.name == "DatabaseDisconnected"]
    hold = int(rule.for_.removesuffix("m")) * 60
    # a scrape to see the outage, an evaluation (as often as a scrape here) to act on it, one of each to spare
    noticed = 4 * int(DEV_SCRAPE_INTERVAL.removesuffix("s"))
    assert noticed < hold
    assert devstack(stack, "pg-stop", timeout=120).returncode == 0
    stopped = time.monotonic()
    try:
        eventually(lambda: prometheus.firing().get("DatabaseDisconnected"), noticed, "pending")
        assert prometheus.firing()["DatabaseDisconnected"] == "pending", "fired before its `for:` window"
        assert time.monotonic() - stopped < hold
    finally:
        assert devstack(stack, "pg-start", timeout=120).returncode == 0
    eventually(lambda: "DatabaseDisconnected" not in prometheus.firing() or None, 30, "cleared")
