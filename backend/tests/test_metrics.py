"""Prometheus metrics on their own port, scraped over real HTTP, against the real PostgreSQL 16."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pgcluster import PgCluster, free_port
from prometheus_client.parser import text_string_to_metric_families

from app.contract import CONTRACT
from app.main import create_app
from app.metrics import MetricsPortInUseError
from app.settings import Settings
from tests.conftest import BACKEND_DIR, server_env

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]

HOST = "127.0.0.1"


def scrape(port: int) -> Samples:
    with urllib.request.urlopen(f"http://{HOST}:{port}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, frozenset(labels.items())))


@pytest.fixture
def metrics_port() -> int:
    return int(free_port())


@pytest.fixture
def served(make_settings: Callable[..., Settings], metrics_port: int) -> Iterator[tuple[TestClient, FastAPI]]:
    app = create_app(make_settings(metrics_port=metrics_port, host=HOST, app_version="9.8.7"), configure_logs=False)

    @app.get("/items/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        return {"id": item_id}

    @app.get("/in-flight")
    def in_flight() -> dict[str, float | None]:
        # Scraped while this very request is being answered.
        return {"in_flight": value(scrape(metrics_port), "yoshikosan_http_requests_in_flight")}

    with TestClient(app) as client:
        yield client, app


def test_requests_are_counted_and_timed_by_route_template(
    served: tuple[TestClient, FastAPI], metrics_port: int
) -> None:
    client, _ = served
    for path in ("/items/1", "/items/2", "/items/3", "/livez", "/openapi.json", "/no/such/path/42"):
        client.get(path)
    samples = scrape(metrics_port)
    count = "yoshikosan_http_requests_total"
    assert value(samples, count, method="GET", route="/items/{item_id}", status="200") == 3
    assert value(samples, count, method="GET", route="/livez", status="200") == 1
    # a route FastAPI does not name in the scope (Starlette's own) keeps its template too
    assert value(samples, count, method="GET", route="/openapi.json", status="200") == 1
    assert value(samples, count, method="GET", route="unmatched", status="404") == 1
    assert not [key for key in samples if ("route", "/items/1") in key[1] or ("route", "/no/such/path/42") in key[1]]
    histogram = "yoshikosan_http_request_duration_seconds"
    labels = {"method": "GET", "route": "/items/{item_id}", "status": "200"}
    assert value(samples, f"{histogram}_count", **labels) == 3
    assert value(samples, f"{histogram}_bucket", **labels, le="+Inf") == 3
    assert 0 < (value(samples, f"{histogram}_sum", **labels) or 0) < 5


def test_in_flight_counts_the_request_being_answered(served: tuple[TestClient, FastAPI], metrics_port: int) -> None:
    client, _ = served
    assert client.get("/in-flight").json() == {"in_flight": 1.0}
    assert value(scrape(metrics_port), "yoshikosan_http_requests_in_flight") == 0


def test_build_info_and_process_metrics(served: tuple[TestClient, FastAPI], metrics_port: int) -> None:
    samples = scrape(metrics_port)
    assert value(samples, "yoshikosan_build_info", version="9.8.7") == 1
    assert (value(samples, "process_resident_memory_bytes") or 0) > 0
    assert any(name == "python_info" for name, _ in samples)


def test_metrics_are_not_served_on_the_api_port(served: tuple[TestClient, FastAPI]) -> None:
    client, _ = served
    assert client.get("/metrics").status_code == 404


def test_readiness_results_are_recorded(served: tuple[TestClient, FastAPI], metrics_port: int) -> None:
    client, app = served
    before = scrape(metrics_port)
    assert value(before, "yoshikosan_ready") is None, "nobody probed yet: no readiness to report"
    assert value(before, "yoshikosan_readiness_checks_total", result="not_ready") == 0
    assert client.get(CONTRACT.readiness_path).status_code == 200
    samples = scrape(metrics_port)
    assert value(samples, "yoshikosan_ready") == 1
    assert value(samples, "yoshikosan_readiness_checks_total", result="ready") == 1
    app.state.readiness.drain()  # what SIGTERM does
    assert client.get(CONTRACT.readiness_path).status_code == 503
    samples = scrape(metrics_port)
    assert value(samples, "yoshikosan_ready") == 0
    assert value(samples, "yoshikosan_readiness_checks_total", result="not_ready") == 1
    # the status endpoint is not a readiness check
    client.get(CONTRACT.status_path)
    assert value(scrape(metrics_port), "yoshikosan_readiness_checks_total", result="ready") == 1


def test_behind_the_gateway_routes_keep_their_templates(
    make_settings: Callable[..., Settings], metrics_port: int
) -> None:
    """ROOT_PATH set, the prefix stripped by the gateway (as in the pods): the routers' routes are
    counted by template and the kubelet's readiness probe still sets yoshikosan_ready."""
    settings = make_settings(metrics_port=metrics_port, host=HOST, root_path="/api")
    with TestClient(create_app(settings, configure_logs=False)) as client:
        assert client.get(CONTRACT.readiness_path).status_code == 200
        assert client.get(CONTRACT.liveness_path).status_code == 200
        samples = scrape(metrics_port)
    count = "yoshikosan_http_requests_total"
    assert value(samples, count, method="GET", route=CONTRACT.liveness_path, status="200") == 1
    assert value(samples, "yoshikosan_ready") == 1
    assert value(samples, count, method="GET", route="unmatched", status="200") is None


def test_database_up_is_0_when_the_backend_cannot_log_in(make_settings: Callable[..., Settings]) -> None:
    port = free_port()
    wrong = make_settings(postgres_password="wrong-password", metrics_port=port, host=HOST)
    with TestClient(create_app(wrong, configure_logs=False)) as failing:
        assert failing.get(CONTRACT.status_path).status_code == 503
        assert value(scrape(port), "yoshikosan_database_up") == 0


def test_pool_use(served: tuple[TestClient, FastAPI], metrics_port: int) -> None:
    _, app = served
    with app.state.engine.connect():
        samples = scrape(metrics_port)
        assert value(samples, "yoshikosan_db_pool_connections_in_use", pool="app") == 1
    samples = scrape(metrics_port)
    assert value(samples, "yoshikosan_db_pool_connections_in_use", pool="app") == 0
    assert value(samples, "yoshikosan_db_pool_connections_idle", pool="app") == 1
    settings: Settings = app.state.settings
    assert value(samples, "yoshikosan_db_pool_connections_max", pool="app") == (
        settings.db_pool_size + settings.db_max_overflow
    )
    assert value(samples, "yoshikosan_db_pool_connections_max", pool="health") is not None


def test_database_up_follows_an_outage(served: tuple[TestClient, FastAPI], metrics_port: int, pg: PgCluster) -> None:
    assert value(scrape(metrics_port), "yoshikosan_database_up") == 1
    pg.stop()
    try:
        start = time.monotonic()
        assert value(scrape(metrics_port), "yoshikosan_database_up") == 0
        assert time.monotonic() - start < 5, "a scrape must not hang on a dead database"
    finally:
        pg.start()
    assert value(scrape(metrics_port), "yoshikosan_database_up") == 1


def test_the_server_stops_with_the_app(make_settings: Callable[..., Settings], metrics_port: int) -> None:
    with TestClient(create_app(make_settings(metrics_port=metrics_port, host=HOST), configure_logs=False)):
        assert scrape(metrics_port)
    with pytest.raises(urllib.error.URLError):
        scrape(metrics_port)


def test_a_taken_port_fails_start_up_with_a_clear_message(
    make_settings: Callable[..., Settings], metrics_port: int
) -> None:
    first = create_app(make_settings(metrics_port=metrics_port, host=HOST), configure_logs=False)
    second = create_app(make_settings(metrics_port=metrics_port, host=HOST), configure_logs=False)
    with TestClient(first), pytest.raises(MetricsPortInUseError, match="one uvicorn worker"), TestClient(second):
        pass


def test_metrics_port_zero_serves_nothing_but_still_counts(make_settings: Callable[..., Settings]) -> None:
    app = create_app(make_settings(metrics_port=0), configure_logs=False)
    with TestClient(app) as client:
        client.get("/livez")
    assert app.state.metrics.requests.labels("GET", "/livez", "200")._value.get() == 1


def test_a_real_uvicorn_process_serves_metrics_beside_the_api(pg: PgCluster, app_db: str) -> None:
    api, metrics = free_port(), free_port()
    env = server_env(pg, app_db, PORT=str(api), METRICS_PORT=str(metrics), HOST=HOST)
    argv = [sys.executable, *CONTRACT.serve]  # as the container starts it
    proc = subprocess.Popen(argv, cwd=BACKEND_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            assert proc.poll() is None, proc.communicate()
            try:
                with urllib.request.urlopen(f"http://{HOST}:{api}{CONTRACT.status_path}", timeout=5) as r:
                    assert r.status == 200
                break
            except OSError:
                assert time.monotonic() < deadline, "uvicorn did not start"
                time.sleep(0.05)
        samples = scrape(metrics)
        assert (
            value(samples, "yoshikosan_http_requests_total", method="GET", route=CONTRACT.status_path, status="200")
            == 1
        )
        assert value(samples, "yoshikosan_database_up") == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode in (0, -signal.SIGTERM), err
    assert "metrics served" in out
