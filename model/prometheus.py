"""Configuration for a plain Prometheus (no operator): the rules file and a scrape job that keeps
the annotated pods, written by `make synth` into dist/prometheus/ when MONITORING=annotations.

The job gives each target the job, namespace and pod labels the PodMonitors give, so the
alerts and the dashboard work unchanged.
"""

from __future__ import annotations

from typing import Any

import yaml

from model.alerts import rules_file
from model.monitoring import SCRAPE_INTERVAL
from model.settings import Settings

DIRECTORY = "prometheus"  # under dist/: `kubectl apply -f dist/` does not descend into it
RULES_FILE = "rules.yml"
SCRAPE_FILE = "scrape.yml"


def kubernetes_scrape_config(namespaces: list[str]) -> dict[str, Any]:
    """Scrape the pods of `namespaces` that carry prometheus.io/scrape: "true"."""
    meta = "__meta_kubernetes_pod_"
    return {
        "job_name": "kubernetes-pods",
        "scrape_interval": SCRAPE_INTERVAL,
        "kubernetes_sd_configs": [{"role": "pod", "namespaces": {"names": namespaces}}],
        "relabel_configs": [
            {"source_labels": [f"{meta}annotation_prometheus_io_scrape"], "action": "keep", "regex": "true"},
            {
                "source_labels": [f"{meta}annotation_prometheus_io_path"],
                "regex": "(.+)",
                "target_label": "__metrics_path__",
            },
            {
                "source_labels": ["__address__", f"{meta}annotation_prometheus_io_port"],
                "regex": r"([^:]+)(?::\d+)?;(\d+)",
                "replacement": "$1:$2",
                "target_label": "__address__",
            },
            {"source_labels": [f"{meta}label_app_kubernetes_io_name"], "target_label": "job"},
            {"source_labels": ["__meta_kubernetes_namespace"], "target_label": "namespace"},
            {"source_labels": [f"{meta}name"], "target_label": "pod"},
        ],
    }


def plain_files(settings: Settings) -> dict[str, str]:
    """File name -> YAML: the alerting rules, and the scrape job for this app's and its ingress controller's pods."""
    namespaces = sorted({settings.namespace, settings.ingress_controller.namespace})
    return {
        RULES_FILE: yaml.safe_dump(rules_file(settings.namespace), sort_keys=False),
        SCRAPE_FILE: yaml.safe_dump({"scrape_configs": [kubernetes_scrape_config(namespaces)]}, sort_keys=False),
    }
