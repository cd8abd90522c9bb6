"""Deploy preflight: what must hold on the cluster before anything is applied.

A HelmChartConfig that asks for a NodePort the API server refuses makes k3s's Helm
upgrade of Traefik fail, and klipper-helm's default failure policy then uninstalls
Traefik: every Ingress on the host goes dark. A server-side dry run does not check the
node-port range, so the port is proven with a real Service, deleted at once. With
SECRETS_SOURCE=external-secrets the store's checks (scripts/external_secrets.py) come first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from model.external_secrets import EXTERNAL
from model.k3s import NODE_PORT_RANGE, TRAEFIK_CHART_BY_K3S
from scripts import external_secrets as external
from scripts.kube import Kube, Object, OpsError, last_line
from scripts.steps import Action, Task, say

if TYPE_CHECKING:
    from scripts.ops import Ops

# k3s's HelmChart names a tarball it serves itself, e.g.
# https://%{KUBERNETES_API}%/static/charts/traefik-41.3.0+up41.3.0.tgz
CHART_TARBALL = re.compile(r"/traefik-(\d+)\.(\d+)\.(\d+)[^/]*\.tgz$")
HELM_CHART = "helmchart.helm.cattle.io"
HELM_CHART_CONFIG = "helmchartconfig.helm.cattle.io"


@dataclass(frozen=True)
class Traefik:
    """k3s's Traefik as dist/'s HelmChartConfig names it: the HelmChart, its config and its Service share the name."""

    namespace: str
    name: str
    labels: Mapping[str, str]  # ours: what marks an existing HelmChartConfig as this app's

    @classmethod
    def from_config(cls, doc: Object) -> Traefik:
        meta = doc["metadata"]
        return cls(meta["namespace"], meta["name"], dict(meta.get("labels") or {}))

    @property
    def where(self) -> str:
        return f"{self.namespace}/{self.name}"


def k3s_lines(major: int) -> str:
    lines = [k3s for k3s, chart in TRAEFIK_CHART_BY_K3S.items() if chart == major]
    return "k3s " + "/".join(lines) if lines else "no supported k3s"


def chart_major(helm_chart: Object) -> tuple[int, str] | None:
    """The chart's major version and full version, from spec.version or k3s's tarball URL."""
    spec = helm_chart.get("spec") or {}
    if spec.get("version"):
        version = str(spec["version"]).lstrip("v")
        major = version.split(".")[0]
        return (int(major), version) if major.isdigit() else None
    found = CHART_TARBALL.search(str(spec.get("chart", "")))
    return (int(found[1]), f"{found[1]}.{found[2]}.{found[3]}") if found else None


def check_chart(kube: Kube, traefik: Traefik, chart_line: int) -> str:
    try:
        helm_chart = kube.get_one(traefik.namespace, f"{HELM_CHART}/{traefik.name}")
    except OpsError as error:
        helm_chart, detail = None, f" ({error})"
    else:
        detail = ""
    if helm_chart is None:
        raise OpsError(
            f"no k3s HelmChart {traefik.where}{detail}: this is not k3s or it runs with --disable=traefik; "
            "enable k3s's Traefik, or set INGRESS_CLASS to the ingress controller you run"
        )
    found = chart_major(helm_chart)
    if found is None:
        chart = (helm_chart.get("spec") or {}).get("chart")
        raise OpsError(
            f"cannot tell the Traefik chart version of HelmChart {traefik.where} (spec.chart {chart!r}): "
            f"check it with `kubectl -n {traefik.namespace} get helmchart {traefik.name} -o yaml`"
        )
    major, version = found
    if major != chart_line:
        supported = sorted(set(TRAEFIK_CHART_BY_K3S.values()))
        fix = (
            f"set TRAEFIK_CHART={major} in .env and run it again"
            if major in supported
            else f"supported chart lines are {', '.join(map(str, supported))}: upgrade k3s"
        )
        raise OpsError(
            f"k3s runs Traefik chart {version} ({k3s_lines(major)}), but the HelmChartConfig is written for "
            f"chart {chart_line} (TRAEFIK_CHART): {fix}"
        )
    return f"k3s's Traefik chart is {version}, the line TRAEFIK_CHART={chart_line} targets"


def check_config_owner(kube: Kube, traefik: Traefik) -> str:
    try:
        existing = kube.get_one(traefik.namespace, f"{HELM_CHART_CONFIG}/{traefik.name}")
    except OpsError as error:
        raise OpsError(
            f"cannot read HelmChartConfig {traefik.where} ({error}): without k3s's helm-controller nothing "
            "would apply it; run this on k3s, or set INGRESS_CLASS to the ingress controller you run"
        ) from None
    if existing is None:
        return f"no HelmChartConfig {traefik.where} yet: this deploy creates it"
    labels = existing["metadata"].get("labels") or {}
    if all(labels.get(key) == value for key, value in traefik.labels.items()):
        return f"HelmChartConfig {traefik.where} is this app's"
    ours = " ".join(f"{key}={value}" for key, value in sorted(traefik.labels.items()))
    raise OpsError(
        f"HelmChartConfig {traefik.where} exists and is not this app's (no labels {ours}): there is one per "
        "cluster and applying ours would replace its values. Merge them: add its values "
        f"(`kubectl -n {traefik.namespace} get helmchartconfig {traefik.name} -o jsonpath='{{.spec.valuesContent}}'`) "
        "to traefik_values in charts/traefik.py, then mark it ours: "
        f"`kubectl -n {traefik.namespace} label helmchartconfig {traefik.name} {ours}`"
    )


def node_ports(service: Object) -> set[int]:
    return {p["nodePort"] for p in (service.get("spec") or {}).get("ports") or [] if p.get("nodePort")}


def probe_service(name: str, namespace: str, port: int) -> Object:
    """A NodePort Service with no selector: it reaches nothing and exists for milliseconds."""
    return {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"type": "NodePort", "ports": [{"name": "probe", "port": 80, "protocol": "TCP", "nodePort": port}]},
    }


def port_holder(kube: Kube, port: int) -> str:
    result = kube.call("get", "services", "--all-namespaces", "-o", "json")
    if result.returncode == 0:
        for service in json.loads(result.stdout).get("items", []):
            if port in node_ports(service):
                return f"service {service['metadata']['namespace']}/{service['metadata']['name']}"
    return "another Service"


def check_node_port(kube: Kube, traefik: Traefik, port: int, probe: str) -> str:
    found = {
        o["metadata"]["name"]: o for o in kube.get(traefik.namespace, f"service/{traefik.name}", f"service/{probe}")
    }
    if traefik.name in found and port in node_ports(found[traefik.name]):
        return f"NodePort {port} is Traefik's already ({traefik.where})"
    ns = ("--namespace", traefik.namespace)
    if probe in found:  # left by an interrupted run, it would hold the port Traefik is about to ask for
        kube.call(*ns, "delete", f"service/{probe}", "--ignore-not-found")
    created = None
    try:
        created = kube.call(*ns, "create", "-f", "-", stdin=json.dumps(probe_service(probe, traefik.namespace, port)))
    finally:
        if created is None or created.returncode == 0:  # interrupted, or made: either way it goes
            removed = kube.call(*ns, "delete", f"service/{probe}", "--ignore-not-found")
            if removed.returncode != 0:
                raise OpsError(
                    f"could not delete the probe Service ({last_line(removed.stderr)}): "
                    f"`kubectl -n {traefik.namespace} delete service {probe}` before anything else"
                )
    if created.returncode == 0:
        return f"the API server admits NodePort {port} (a probe Service was created and deleted)"
    refusal = last_line(created.stderr)
    if "not in the valid range" in refusal:
        low, high = NODE_PORT_RANGE
        raise OpsError(
            f"the API server refuses NodePort {port} ({refusal.rsplit(': ', 1)[-1]}): install "
            f"deploy/k3s/config.yaml as /etc/rancher/k3s/config.yaml (service-node-port-range {low}-{high}) "
            "and `sudo systemctl restart k3s`"
        )
    if "already allocated" in refusal:
        raise OpsError(
            f"NodePort {port} is held by {port_holder(kube, port)}: free it, or set EXTERNAL_PORT to a free port "
            f"in {NODE_PORT_RANGE[0]}-{NODE_PORT_RANGE[1]}"
        )
    raise OpsError(f"could not create a probe Service for NodePort {port} in {traefik.namespace}: {refusal}")


def reporting(check: Callable[[], str]) -> Callable[[], None]:
    """A preflight check that says what it proved (its failure is an OpsError with the fix)."""
    return lambda: say(f"preflight: {check()}")


def preflight(ops: Ops) -> list[Action]:
    """What must hold before anything is applied; each failure stops the command with its fix."""
    # The store first: its checks only read, while Traefik's NodePort check creates a probe.
    found = external.checks(ops.kube, ops.s) if ops.s.secrets_source == EXTERNAL else []
    stores: list[Action] = [Task(describe, reporting(check)) for describe, check in found]
    config = ops.dist.helm_chart_config()
    if config is None:  # INGRESS_CLASS is not k3s's Traefik: nothing here asks it for a NodePort
        return stores
    traefik = Traefik.from_config(config)
    port = ops.s.external_port
    probe = f"{ops.s.app_name}-nodeport-probe"
    checks: list[tuple[str, Callable[[], str]]] = [
        (
            f"preflight: HelmChart {traefik.where} exists and runs Traefik chart {ops.s.traefik_chart}.x "
            "(TRAEFIK_CHART)",
            lambda: check_chart(ops.kube, traefik, ops.s.traefik_chart),
        ),
        (
            f"preflight: HelmChartConfig {traefik.where} is absent or this app's "
            f"({', '.join(f'{k}={v}' for k, v in sorted(traefik.labels.items()))})",
            lambda: check_config_owner(ops.kube, traefik),
        ),
        (
            f"preflight: the API server admits NodePort {port}: Traefik's Service {traefik.where} holds it, "
            f"or a probe Service {traefik.namespace}/{probe} is created and deleted at once",
            lambda: check_node_port(ops.kube, traefik, port, probe),
        ),
    ]
    return [*stores, *(Task(describe, reporting(check)) for describe, check in checks)]
