"""`make dev`'s monitoring against the real thing, on free ports: Debian's Prometheus scrapes the
two backend instances (found in the targets file the gateway's servers are written with),
Debian's PostgreSQL exporter and the real Traefik gateway with the cluster's jobs and rules,
all started by the very code `make dev` runs (scripts/devstack.py, scripts/devmonitor.py).
Asserted through Prometheus's HTTP API: every target up, the request counter moving with
requests through the gateway, every dashboard query answering, and the database-disconnected
alert firing within its `for:` and resolving."""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
import shutil
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import eventually

from model.alerts import alerts
from model.backend_contract import BACKEND_CONTRACT
from model.dashboard import panels
from model.monitoring import (
    BUILD_INFO,
    DATABASE_UP,
    IN_FLIGHT,
    LATENCY_BUCKETS,
    POOL_IN_USE,
    POOL_MAX,
    POSTGRES_EXPORTER,
    READY,
    REQUESTS,
    TRAEFIK,
)
from model.topology import API_PREFIX, BACKEND
from pgcluster import PgCluster, free_ports
from scripts import devparts
from scripts.devlayout import BACKEND_INSTANCES, BACKEND_SLOTS, Layout
from scripts.devmonitor import NAMESPACE, DevMonitor
from scripts.devprocs import Processes
from scripts.devstack import Stack as DevStack

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("prometheus") and shutil.which("prometheus-postgres-exporter")),
        reason="prometheus or prometheus-postgres-exporter is not installed (make install-system)",
    ),
    pytest.mark.skipif(
        not Layout(state=Path(".dev")).backend_python.exists(),
        reason="the backend is not installed (make -C backend install)",
    ),
]


class Stack:
    def __init__(self, monitor: DevMonitor, pg: PgCluster, api: str, backends: list[str]) -> None:
        self.monitor, self.pg, self.api = monitor, pg, api
        self.backends = backends  # the instances' metrics addresses

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.api + path, timeout=10) as response:
                return int(response.status)
        except urllib.error.HTTPError as error:
            return error.code

    def value(self, promql: str) -> float | None:
        result = self.monitor.query(promql)
        return float(result[0]["value"][1]) if result else None


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    # Not under pytest's basetemp: a concurrent pytest run of the same user prunes old
    # basetemps, and this stack lives for two minutes.
    state = Path(tempfile.mkdtemp(prefix="devmonitor-"))
    state.chmod(0o755)  # the unprivileged PostgreSQL user must traverse it
    for directory in ("logs", "pids"):
        (state / directory).mkdir()
    ports = iter(free_ports(5 + 2 * BACKEND_SLOTS))
    layout = dataclasses.replace(
        Layout.from_environ({"DEV_STATE": str(state)}),
        prometheus_port=next(ports),
        exporter_port=next(ports),
        traefik_metrics_port=next(ports),
        gateway_port=next(ports),
        pg_port=next(ports),
        backend_ports=tuple(next(ports) for _ in range(BACKEND_SLOTS)),
        metrics_ports=tuple(next(ports) for _ in range(BACKEND_SLOTS)),
    )
    backend_ports = list(layout.backend_ports[:BACKEND_INSTANCES])
    dev, processes, monitor = DevStack(layout), Processes(state), layout.monitor
    settings = dev.settings()
    pg = dev.start_postgres(settings)
    try:
        dev.prestart_backend(settings)
        for port in backend_ports:  # as `make dev` starts its instances
            processes.start(devparts.backend_instance(layout, settings, port))
        for port in backend_ports:
            url = devparts.readiness_url(layout, port)
            processes.wait_http(url, timeout=60, service=devparts.instance_name(port))
        # the gateway's servers and Prometheus's targets
        static = dev.write_gateway_config(settings, backend_ports)
        processes.start(devparts.gateway_service(layout, static))
        gateway = dev.base
        processes.wait_http(f"{gateway}{API_PREFIX}/livez", timeout=30, service=devparts.GATEWAY)
        for service in monitor.processes(pg, settings):  # as `make dev` starts them
            processes.start(service)
        monitor.wait_ready(30)
        backends = [monitor.address(layout.metrics_port(p)) for p in backend_ports]
        yield Stack(monitor, pg, gateway + API_PREFIX, backends)
    finally:
        for name in processes.recorded_services():
            processes.stop(name)
        if pg.is_running():
            pg.stop()
        for log in sorted((state / "logs").glob("*.log")):
            print(f"--- {log.name}\n{log.read_text()[-3000:]}")
        shutil.rmtree(state, ignore_errors=True)


def test_every_target_is_up(stack: Stack) -> None:
    def all_up() -> dict[tuple[str, str], float] | None:
        up = {(r["metric"]["job"], r["metric"]["instance"]): float(r["value"][1]) for r in stack.monitor.query("up")}
        return up if len(up) == expected and all(v == 1 for v in up.values()) else None

    assert stack.monitor.jobs() == {BACKEND, POSTGRES_EXPORTER, TRAEFIK}
    expected = len(stack.monitor.jobs()) - 1 + len(stack.backends)
    up = eventually(all_up, 30, "every target up == 1")
    assert sorted(instance for job, instance in up if job == BACKEND) == sorted(stack.backends)
    metrics = [r["metric"] for r in stack.monitor.query("up")]
    assert all(m["namespace"] == NAMESPACE for m in metrics), "the rules select this label"
    pods = {m["pod"] for m in metrics if m["job"] == BACKEND}
    assert len(pods) == len(stack.backends) and all(pod.startswith(f"{BACKEND}-") for pod in pods)


def test_requests_through_the_gateway_move_the_counters(stack: Stack) -> None:
    counter = f'sum({REQUESTS}{{namespace="{NAMESPACE}", route="/openapi.json", status="200"}})'
    edge = 'sum(traefik_entrypoint_requests_total{job="traefik", entrypoint="web"})'
    eventually(lambda: stack.value("min(up)") == 1, 30, "every target scraped")
    before, edge_before = stack.value(counter) or 0.0, stack.value(edge) or 0.0
    for _ in range(5):
        assert stack.get("/openapi.json") == 200
    eventually(lambda: stack.value(counter) == before + 5, 20, "the backend's counter to count the 5 requests")
    eventually(lambda: (stack.value(edge) or 0) >= edge_before + 5, 20, "Traefik's counter to count them")


def test_the_metrics_are_not_routed_through_the_gateway(stack: Stack) -> None:
    assert stack.get("/metrics") == 404  # /api/metrics


def test_every_backend_metric_the_alerts_and_dashboard_use_exists(stack: Stack) -> None:
    assert stack.get(BACKEND_CONTRACT.readiness_path) == 200  # what the kubelet's readiness probe calls
    expected = {BUILD_INFO, DATABASE_UP, IN_FLIGHT, LATENCY_BUCKETS, POOL_IN_USE, POOL_MAX, READY, REQUESTS}
    used = set(re.findall(r"yoshikosan_\w+", " ".join(a.expr for a in alerts(NAMESPACE))))
    used |= {name for p in panels(NAMESPACE) for q in p.queries for name in re.findall(r"yoshikosan_\w+", q.expr)}
    assert used <= expected

    def present() -> set[str] | None:
        names = {r["metric"]["__name__"] for r in stack.monitor.query('{__name__=~"yoshikosan_.+"}')}
        return names if expected <= names else None

    eventually(present, 20, f"every one of {sorted(expected)} scraped")


def test_every_dashboard_query_answers(stack: Stack) -> None:
    # Requests for the rates and latencies to show; each query then waits for its own answer.
    for _ in range(3):
        stack.get("/openapi.json")
    for panel in panels(NAMESPACE):
        for query in panel.queries:
            if panel.needs_kube_state_metrics:
                assert stack.monitor.query(query.expr) == [], "no kube-state-metrics here: valid, and empty"
                continue
            eventually(lambda q=query.expr: stack.monitor.query(q), 30, f"{panel.title}: {query.expr}")  # type: ignore[misc]


def rules_evaluated_since(monitor: DevMonitor, moment: datetime.datetime) -> bool:
    with urllib.request.urlopen(f"{monitor.url}/api/v1/rules", timeout=10) as response:
        groups = json.load(response)["data"]["groups"]
    return bool(groups) and all(datetime.datetime.fromisoformat(g["lastEvaluation"]) > moment for g in groups)


def test_no_alert_fires_on_the_healthy_stack(stack: Stack) -> None:
    eventually(lambda: stack.value("min(up)") == 1, 30, "every target scraped")
    eventually(lambda: stack.value(f'min({DATABASE_UP}{{namespace="{NAMESPACE}"}})') == 1, 20, "database up")
    # An `absent()` rule evaluated before the first scrapes is pending until its next evaluation.
    scraped = datetime.datetime.now(datetime.UTC)
    eventually(lambda: rules_evaluated_since(stack.monitor, scraped), 20, "the rules evaluated after the scrapes")
    assert stack.monitor.firing() == {}


def test_a_database_outage_fires_database_disconnected_and_it_resolves(stack: Stack) -> None:
    [rule] = [a for a in alerts(NAMESPACE) if a.name == "DatabaseDisconnected"]
    hold = int(rule.for_.removesuffix("m")) * 60
    stack.pg.stop()
    stopped = time.monotonic()
    try:
        # firing once `for:` has passed, give or take a scrape and an evaluation (5 s each)
        eventually(lambda: stack.monitor.firing().get("DatabaseDisconnected") == "firing", hold + 30, "firing")
        assert time.monotonic() - stopped >= hold - 5, "fired before its `for:` window"
        assert stack.monitor.firing()["PostgresDown"] in ("pending", "firing")
    finally:
        stack.pg.start()
    eventually(lambda: "DatabaseDisconnected" not in stack.monitor.firing() or None, 30, "resolved")
