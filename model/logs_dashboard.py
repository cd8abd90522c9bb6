"""LOGGING=loki in Grafana: the Loki data source and a logs dashboard beside model/dashboard.py's.

Both are ConfigMaps that kube-prometheus-stack's Grafana sidecars load: the data source from
Grafana's own namespace (MONITORING_NAMESPACE; the sidecar's default search), the dashboard
from the app's namespace like the metrics one.
"""

from __future__ import annotations

import json
from typing import Any

import yaml

DATASOURCE_LABEL = {"grafana_datasource": "1"}
DATASOURCE_FILE = "loki.yaml"
DASHBOARD_FILE = "yoshikosan-logs.json"
# Fixed, so that the dashboard names it without a variable that could point elsewhere.
DATASOURCE_UID = "yoshikosan-loki"
# The backend's JSON level field and the levels `make logs LEVEL=WARNING` keeps.
WARNINGS_AND_WORSE = "WARNING|ERROR|CRITICAL"


def datasource_yaml(url: str) -> str:
    source = {"name": "Loki", "type": "loki", "uid": DATASOURCE_UID, "access": "proxy", "url": url}
    return yaml.safe_dump({"apiVersion": 1, "datasources": [source]}, sort_keys=True)


def logs_queries(namespace: str) -> dict[str, str]:
    """Panel title -> LogQL; `component` is the label the shipper sets from app.kubernetes.io/name."""
    stream = f'{{namespace="{namespace}", component=~"$component"}}'
    return {
        "Logs": stream,
        "Warnings and errors": f'{stream} | json | level=~"{WARNINGS_AND_WORSE}"',
        "Request": f'{stream} |= "$request"',
    }


def logs_dashboard(namespace: str) -> dict[str, Any]:
    source = {"type": "loki", "uid": DATASOURCE_UID}
    return {
        "uid": f"yoshikosan-logs-{namespace}"[:40],
        "title": f"yoshikosan logs ({namespace})",
        "tags": ["yoshikosan", "logs"],
        "schemaVersion": 39,
        "editable": False,
        "time": {"from": "now-1h", "to": "now"},
        "templating": {
            "list": [
                {
                    "name": "component",
                    "type": "query",
                    "datasource": source,
                    "query": {"label": "component", "stream": f'{{namespace="{namespace}"}}', "type": 1},
                    "includeAll": True,
                    "allValue": ".+",
                    "current": {"text": "All", "value": "$__all"},
                },
                {"name": "request", "type": "textbox", "label": "X-Request-Id", "query": ""},
            ]
        },
        "panels": [
            {
                "id": index + 1,
                "type": "logs",
                "title": title,
                "datasource": source,
                "gridPos": {"x": 0, "y": index * 10, "w": 24, "h": 10},
                "options": {"showTime": True, "wrapLogMessage": True, "sortOrder": "Descending"},
                "targets": [{"refId": "A", "expr": expr, "datasource": source}],
            }
            for index, (title, expr) in enumerate(logs_queries(namespace).items())
        ],
    }


def logs_dashboard_json(namespace: str) -> str:
    return json.dumps(logs_dashboard(namespace), indent=2, sort_keys=True)
