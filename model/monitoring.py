"""What Prometheus scrapes, on which ports, under which job names: one table for the cluster
(PodMonitors or pod annotations), a plain Prometheus and `make dev`.

A target's job is its pods' `app.kubernetes.io/name`, so alerts, the dashboard and the dev
stack see the same series wherever they run.
"""

from __future__ import annotations

from typing import Literal

from model.backend_contract import BACKEND_CONTRACT
from model.k3s import K3S_TRAEFIK
from model.shell import script

MonitoringMode = Literal["none", "annotations", "prometheus-operator"]

POSTGRES_EXPORTER = "postgres-exporter"
# The ingress controller's job, named like every job after its pods' app.kubernetes.io/name.
TRAEFIK = K3S_TRAEFIK.pod_labels["app.kubernetes.io/name"]

METRICS_PORT_NAME = "metrics"  # the container port every scraped pod names so
METRICS_PATH = "/metrics"
BACKEND_METRICS_PORT: int = BACKEND_CONTRACT.metrics_port
POSTGRES_EXPORTER_PORT = 9187
# The Traefik chart's `metrics` entrypoint (not exposed on its Service).
TRAEFIK_METRICS_PORT = 9100
# Prometheus's own port (its default), where `make dev` serves it.
PROMETHEUS_PORT = 9090
SCRAPE_INTERVAL = "30s"

# The backend's metrics (backend/app/metrics.py).
REQUESTS = "yoshikosan_http_requests_total"
LATENCY_BUCKETS = "yoshikosan_http_request_duration_seconds_bucket"
IN_FLIGHT = "yoshikosan_http_requests_in_flight"
BUILD_INFO = "yoshikosan_build_info"
READY = "yoshikosan_ready"
DATABASE_UP = "yoshikosan_database_up"
POOL_IN_USE = "yoshikosan_db_pool_connections_in_use"
POOL_MAX = "yoshikosan_db_pool_connections_max"
# Probe and status routes answer in microseconds (or 503 with the database down) and would
# hide slow or failing user requests.
PROBE_ROUTES = (BACKEND_CONTRACT.liveness_path, BACKEND_CONTRACT.readiness_path, BACKEND_CONTRACT.status_path)

# The exporter's login: pg_monitor reads statistics and settings, no table data.
EXPORTER_ROLE = "postgres_exporter"
EXPORTER_CONNECTION_LIMIT = 3


# The exporter's init container: wait for the server, then create or update the role.
ENSURE_EXPORTER_ROLE_SCRIPT = script(
    "exporter-role.sh", EXPORTER_ROLE=EXPORTER_ROLE, EXPORTER_CONNECTION_LIMIT=EXPORTER_CONNECTION_LIMIT
)


def exporter_args(listen: str) -> list[str]:
    """postgres_exporter's command line (the same for the image's and Debian's binary)."""
    return [f"--web.listen-address={listen}", f"--web.telemetry-path={METRICS_PATH}"]


def exporter_env(host: str, port: int, database: str) -> dict[str, str]:
    """Where the exporter connects, as whom; its password goes in DATA_SOURCE_PASS."""
    return {"DATA_SOURCE_URI": f"{host}:{port}/{database}?sslmode=disable", "DATA_SOURCE_USER": EXPORTER_ROLE}


def scrape_annotations(mode: MonitoringMode, port: int) -> dict[str, str]:
    """The conventional prometheus.io/* pod annotations, in `annotations` mode only."""
    if mode != "annotations":
        return {}
    return {"prometheus.io/scrape": "true", "prometheus.io/port": str(port), "prometheus.io/path": METRICS_PATH}
