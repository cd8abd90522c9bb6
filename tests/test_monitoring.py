"""MONITORING in each mode: what is emitted, that every scrape finds its pod and port, and that
only the monitoring namespace may scrape. `changed` runs prometheus-operator (with
MONITORING_NAMESPACE=observability), `annotated` annotations, the default none."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from conftest import CHANGED, SECRETS, Manifests, find, one
from test_manifests import assert_restricted, requested

from model.alerts import rule_groups
from model.dashboard import FILE_NAME, SIDECAR_LABEL, dashboard
from model.monitoring import (
    BACKEND_METRICS_PORT,
    EXPORTER_ROLE,
    METRICS_PATH,
    POSTGRES_EXPORTER,
    POSTGRES_EXPORTER_PORT,
)
from model.prometheus import DIRECTORY, RULES_FILE, SCRAPE_FILE
from model.topology import BACKEND, POSTGRES_PORT

Docs = list[dict[str, Any]]
NAMESPACE = "yoshikosan"
SCRAPED = {BACKEND: BACKEND_METRICS_PORT, POSTGRES_EXPORTER: POSTGRES_EXPORTER_PORT}
MONITORING_KINDS = {"PodMonitor", "PrometheusRule"}


def flat(manifests: Manifests) -> Docs:
    return [d for file_docs in manifests.values() for d in file_docs]


def template(docs: Docs, name: str) -> dict[str, Any]:
    return dict(one(docs, "Deployment", name)["spec"]["template"])


def metrics_port(pod: dict[str, Any]) -> dict[str, Any]:
    [port] = [p for c in pod["spec"]["containers"] for p in c.get("ports", []) if p["name"] == "metrics"]
    return dict(port)


def policies(docs: Docs) -> dict[str, dict[str, Any]]:
    return {p["metadata"]["name"]: p for p in find(docs, "NetworkPolicy")}


def ingress_from(docs: Docs, component: str, port: int) -> list[dict[str, Any]]:
    """The peers admitted to `component` on `port`."""
    spec = policies(docs)[f"allow-{component}"]["spec"]
    return [
        peer
        for rule in spec.get("ingress", [])
        if {"port": port, "protocol": "TCP"} in rule["ports"]
        for peer in rule["from"]
    ]


def only_namespace(name: str) -> dict[str, Any]:
    return {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": name}}}


# -- none (the default) --------------------------------------------------------------------
def test_none_emits_no_monitoring(docs: Docs) -> None:
    assert not find(docs, "PodMonitor") and not find(docs, "PrometheusRule")
    assert not [d for d in docs if d["metadata"]["name"] == POSTGRES_EXPORTER]
    assert not [d for d in docs if "dashboard" in d["metadata"]["name"]]
    assert "prometheus.io/" not in json.dumps(docs)
    assert all(p["metadata"]["namespace"] == NAMESPACE for p in find(docs, "NetworkPolicy"))
    # The backend serves its metrics anyway, but nobody may reach them.
    assert metrics_port(template(docs, BACKEND))["containerPort"] == BACKEND_METRICS_PORT
    assert not ingress_from(docs, BACKEND, BACKEND_METRICS_PORT)


def test_none_writes_no_plain_prometheus_files(dist_dir: Path) -> None:
    assert not (dist_dir / DIRECTORY).exists()


# -- annotations ---------------------------------------------------------------------------
def test_annotations_point_at_the_metrics_port(annotated: Docs) -> None:
    for name, port in SCRAPED.items():
        pod = template(annotated, name)
        annotations = pod["metadata"]["annotations"]
        assert annotations["prometheus.io/scrape"] == "true", name
        assert annotations["prometheus.io/path"] == METRICS_PATH, name
        assert int(annotations["prometheus.io/port"]) == metrics_port(pod)["containerPort"] == port, name
    assert not MONITORING_KINDS & {d["kind"] for d in annotated}


def test_annotations_write_the_plain_prometheus_files(annotated_dir: Path) -> None:
    directory = annotated_dir / DIRECTORY
    assert sorted(p.name for p in directory.iterdir()) == [RULES_FILE, SCRAPE_FILE]
    assert yaml.safe_load((directory / RULES_FILE).read_text()) == {"groups": rule_groups(NAMESPACE)}
    [job] = yaml.safe_load((directory / SCRAPE_FILE).read_text())["scrape_configs"]
    assert job["kubernetes_sd_configs"][0]["namespaces"]["names"] == ["kube-system", NAMESPACE]
    targets = {r.get("target_label") for r in job["relabel_configs"]}
    assert {"job", "namespace", "pod", "__address__", "__metrics_path__"} <= targets


def test_the_stack_with_the_exporter_fits_a_small_host(annotated: Docs) -> None:
    total_cpu, total_mem = requested(annotated)
    assert total_cpu <= 0.75, total_cpu
    assert total_mem <= 1024, total_mem


# -- prometheus-operator -------------------------------------------------------------------
def test_each_pod_monitor_finds_its_pods_and_port(changed: Manifests) -> None:
    docs = flat(changed)
    monitors = {m["metadata"]["name"]: m for m in find(docs, "PodMonitor")}
    assert set(monitors) == {BACKEND, POSTGRES_EXPORTER, "traefik"}
    for name, monitor in monitors.items():
        spec = monitor["spec"]
        assert monitor["metadata"]["labels"]["release"] == "prom" and monitor["metadata"]["labels"]["team"] == "web"
        assert spec["jobLabel"] == "app.kubernetes.io/name"
        [endpoint] = spec["podMetricsEndpoints"]
        assert (endpoint["port"], endpoint["path"]) == ("metrics", METRICS_PATH)
        if name == "traefik":  # k3s's Traefik: the chart names its metrics entrypoint's port "metrics"
            assert spec["namespaceSelector"] == {"matchNames": ["kube-system"]}
            assert spec["selector"]["matchLabels"] == {"app.kubernetes.io/name": "traefik"}
            continue
        pod = template(docs, name)
        assert spec["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items(), name
        # the job label PodMonitor reads is the one the alerts' and dev's jobs are named after
        assert pod["metadata"]["labels"]["app.kubernetes.io/name"] == name
        assert metrics_port(pod)["containerPort"] == SCRAPED[name]
        assert not [a for a in pod["metadata"].get("annotations", {}) if a.startswith("prometheus.io/")]


def test_the_prometheus_rule_is_the_alert_definition(changed: Manifests) -> None:
    [rule] = find(flat(changed), "PrometheusRule")
    assert rule["metadata"]["labels"]["release"] == "prom"
    assert rule["spec"]["groups"] == rule_groups(NAMESPACE)


def test_the_dashboard_is_provisioned_for_the_grafana_sidecar(changed: Manifests) -> None:
    [config_map] = [
        c for c in find(flat(changed), "ConfigMap") if SIDECAR_LABEL.items() <= c["metadata"]["labels"].items()
    ]
    board = json.loads(config_map["data"][FILE_NAME])
    assert board == dashboard(NAMESPACE)
    titles = " ".join(p["title"] for p in board["panels"]).lower()
    for topic in ("requests", "5xx", "latency", "database connections", "backup"):
        assert topic in titles, topic
    assert all(p["targets"] and all(t["expr"] for t in p["targets"]) for p in board["panels"])


# -- every mode with monitoring on ----------------------------------------------------------
def test_only_the_monitoring_namespace_may_scrape(changed: Manifests, annotated: Docs) -> None:
    for docs, namespace in ((flat(changed), CHANGED["MONITORING_NAMESPACE"]), (annotated, "monitoring")):
        for component, port in SCRAPED.items():
            assert ingress_from(docs, component, port) == [only_namespace(namespace)], component
        traefik = policies(docs)["yoshikosan-traefik-metrics"]
        assert traefik["metadata"]["namespace"] == "kube-system"
        rules = traefik["spec"]["ingress"]
        metrics = [r for r in rules if {"port": "metrics", "protocol": "TCP"} in r["ports"]]
        assert [r["from"] for r in metrics] == [[only_namespace(namespace)]]
        open_ports = {p["port"] for r in rules if "from" not in r for p in r["ports"]}
        assert open_ports == {"web", "websecure", "traefik"}, "the entrypoints stay open; metrics does not"


def test_the_exporter_reaches_only_postgres(annotated: Docs) -> None:
    spec = policies(annotated)[f"allow-{POSTGRES_EXPORTER}"]["spec"]
    [egress] = spec["egress"]
    assert egress["ports"] == [{"port": POSTGRES_PORT, "protocol": "TCP"}]
    assert egress["to"][0]["podSelector"]["matchLabels"]["app.kubernetes.io/name"] == "postgres"
    sources = [
        p["podSelector"]["matchLabels"]["app.kubernetes.io/name"] for p in ingress_from(annotated, "postgres", 5432)
    ]
    assert sorted(sources) == ["backend", "backup", POSTGRES_EXPORTER]


def test_the_exporter_is_restricted_and_least_privileged(annotated: Docs) -> None:
    pod = template(annotated, POSTGRES_EXPORTER)
    assert_restricted(POSTGRES_EXPORTER, pod["spec"])
    [exporter] = pod["spec"]["containers"]
    [ensure_role] = pod["spec"]["initContainers"]
    env = {e["name"]: e for e in exporter["env"]}
    assert env["DATA_SOURCE_USER"]["value"] == EXPORTER_ROLE
    assert env["DATA_SOURCE_PASS"]["valueFrom"]["secretKeyRef"]["key"] == "POSTGRES_EXPORTER_PASSWORD"
    # The exporter never holds the database owner's password; only the step that creates its role does.
    assert not [
        e for e in exporter["env"] if e.get("valueFrom", {}).get("secretKeyRef", {}).get("key") == "POSTGRES_PASSWORD"
    ]
    script = ensure_role["command"][-1]
    assert f"GRANT pg_monitor TO {EXPORTER_ROLE}" in script and "SUPERUSER" in script
    assert "\\getenv password POSTGRES_EXPORTER_PASSWORD" in script, "the password never appears in argv"
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert exporter[probe]["httpGet"]["port"] == "metrics", probe


def test_the_backend_never_sees_the_exporter_password(changed: Manifests) -> None:
    for container in template(flat(changed), BACKEND)["spec"]["containers"]:
        keys = {e.get("valueFrom", {}).get("secretKeyRef", {}).get("key") for e in container.get("env", [])}
        assert "POSTGRES_EXPORTER_PASSWORD" not in keys
    assert SECRETS["POSTGRES_EXPORTER_PASSWORD"] not in json.dumps(changed)
