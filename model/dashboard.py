"""The Grafana dashboard, as data: each panel's PromQL is checked against the real Prometheus
of `make dev` (tests/test_devmonitor.py), and the cluster ships it as a ConfigMap that
Grafana's dashboard sidecar (kube-prometheus-stack) loads."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from model.alerts import BACKUP_MAX_AGE_HOURS
from model.monitoring import (
    DATABASE_UP,
    IN_FLIGHT,
    LATENCY_BUCKETS,
    POOL_IN_USE,
    POOL_MAX,
    PROBE_ROUTES,
    REQUESTS,
)
from model.topology import BACKUP

# The label and value kube-prometheus-stack's Grafana sidecar looks for (in every namespace).
SIDECAR_LABEL = {"grafana_dashboard": "1"}
FILE_NAME = "yoshikosan.json"


@dataclass(frozen=True)
class Query:
    expr: str
    legend: str


@dataclass(frozen=True)
class Panel:
    title: str
    unit: str
    queries: tuple[Query, ...]
    # Panels fed by kube-state-metrics stay empty without it (e.g. in `make dev`).
    needs_kube_state_metrics: bool = False


def panels(namespace: str) -> tuple[Panel, ...]:
    ns = f'namespace="{namespace}"'
    user = f'{ns}, route!~"{"|".join(PROBE_ROUTES)}"'
    quantile = "histogram_quantile({q}, sum by (le) (rate(" + LATENCY_BUCKETS + "{{" + user + "}}[5m])))"
    return (
        Panel(
            "Requests per second by route",
            "reqps",
            (Query(f"sum by (route) (rate({REQUESTS}{{{user}}}[5m]))", "{{route}}"),),
        ),
        Panel(
            "Responses by status",
            "reqps",
            (Query(f"sum by (status) (rate({REQUESTS}{{{ns}}}[5m]))", "{{status}}"),),
        ),
        Panel(
            "5xx ratio (user requests)",
            "percentunit",
            (
                Query(
                    f'(sum(rate({REQUESTS}{{{user}, status=~"5.."}}[5m])) or vector(0))'
                    f" / sum(rate({REQUESTS}{{{user}}}[5m]))",
                    "5xx / all",
                ),
            ),
        ),
        Panel(
            "Latency (user requests)",
            "s",
            tuple(Query(quantile.format(q=q), f"p{round(q * 100)}") for q in (0.5, 0.95, 0.99)),
        ),
        Panel("Requests in flight", "short", (Query(f"sum({IN_FLIGHT}{{{ns}}})", "in flight"),)),
        Panel(
            "Database connections",
            "short",
            (
                Query(f"sum by (state) (pg_stat_activity_count{{{ns}}})", "{{state}}"),
                Query(f"max(pg_settings_max_connections{{{ns}}})", "max_connections"),
                Query(f"sum by (pool) ({POOL_IN_USE}{{{ns}}})", "backend pool {{pool}} in use"),
                Query(f"sum by (pool) ({POOL_MAX}{{{ns}}})", "backend pool {{pool}} max"),
            ),
        ),
        Panel(
            "Database reachable",
            "short",
            (
                Query(f"min({DATABASE_UP}{{{ns}}})", "from the backend"),
                Query(f"min(pg_up{{{ns}}})", "from the exporter"),
            ),
        ),
        Panel(
            f"Age of the last successful backup (alert above {BACKUP_MAX_AGE_HOURS} h)",
            "s",
            (
                Query(
                    f'time() - max(kube_cronjob_status_last_successful_time{{{ns}, cronjob="{BACKUP}"}})',
                    "backup age",
                ),
            ),
            needs_kube_state_metrics=True,
        ),
    )


def dashboard(namespace: str) -> dict[str, Any]:
    width, height = 12, 8
    return {
        "uid": f"yoshikosan-{namespace}"[:40],
        "title": f"yoshikosan ({namespace})",
        "tags": ["yoshikosan"],
        "schemaVersion": 39,
        "editable": False,
        "refresh": "30s",
        "time": {"from": "now-6h", "to": "now"},
        "templating": {
            "list": [{"name": "datasource", "type": "datasource", "query": "prometheus", "label": "Prometheus"}]
        },
        "panels": [
            {
                "id": index + 1,
                "type": "timeseries",
                "title": panel.title,
                "datasource": {"type": "prometheus", "uid": "${datasource}"},
                "gridPos": {"x": (index % 2) * width, "y": (index // 2) * height, "w": width, "h": height},
                "fieldConfig": {"defaults": {"unit": panel.unit}, "overrides": []},
                "targets": [
                    {"refId": chr(ord("A") + n), "expr": q.expr, "legendFormat": q.legend}
                    for n, q in enumerate(panel.queries)
                ],
            }
            for index, panel in enumerate(panels(namespace))
        ],
    }


def dashboard_json(namespace: str) -> str:
    return json.dumps(dashboard(namespace), indent=2, sort_keys=True)
