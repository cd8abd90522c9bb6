"""LOGGING=loki|elasticsearch: the logging namespace, k3s HelmCharts for Loki and Fluent Bit, and
the NetworkPolicies of exactly their flows (charts/network.py logging_connections).

The namespace is Pod Security `privileged`, not the app's `restricted`: the shipper mounts
the host's /var/log/pods (hostPath, which `baseline` already forbids). Only the two charts'
pods run there; Loki's and Fluent Bit's containers still get the restricted container shape.
"""

from __future__ import annotations

import yaml
from constructs import Construct

from charts.base import AppChart, int_or_string
from charts.network import (
    KUBE_API,
    SCRAPER,
    SEARCH,
    Connection,
    connection_rules,
    logging_connections,
    scraper_peer,
)
from imports import k8s
from imports.io.cattle.helm import HelmChart, HelmChartSpec, HelmChartSpecFailurePolicy
from model.dashboard import SIDECAR_LABEL
from model.logging import (
    FLUENT_BIT,
    HELM_CHART_NAMESPACE,
    LOGGING_PSS,
    LOKI,
    PinnedChart,
    loki_url,
    loki_values,
    shipper_values,
)
from model.logs_dashboard import (
    DASHBOARD_FILE,
    DATASOURCE_FILE,
    DATASOURCE_LABEL,
    datasource_yaml,
    logs_dashboard_json,
)
from model.secret_revisions import secret_revision
from model.settings import Settings

KUBE_DNS = {"k8s-app": "kube-dns"}


def shipper_secret(settings: Settings) -> str:
    """The Secret revision the shipper reads its credentials from, in LOGGING_NAMESPACE."""
    return secret_revision(settings, FLUENT_BIT.release).name


class LoggingChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        # Objects in three places (cluster, kube-system, the logging namespace) name their own.
        super().__init__(scope, id, settings, cluster_scoped=True)
        namespace = settings.logging_namespace
        pss = {LOGGING_PSS: "privileged", "pod-security.kubernetes.io/warn": "baseline"}
        k8s.KubeNamespace(self, "namespace", metadata=k8s.ObjectMeta(name=namespace, labels=pss))
        if settings.logging == "loki":
            self._helm_chart(LOKI, loki_values(settings))
            self._grafana()
        self._helm_chart(FLUENT_BIT, shipper_values(settings, shipper_secret(settings)))
        self._policies(logging_connections(settings))

    def _grafana(self) -> None:
        settings = self.settings
        k8s.KubeConfigMap(
            self,
            "datasource",
            metadata=k8s.ObjectMeta(
                name=f"{settings.app_name}-loki-datasource",
                namespace=settings.monitoring_namespace,
                labels=DATASOURCE_LABEL,
            ),
            data={DATASOURCE_FILE: datasource_yaml(loki_url(settings))},
        )
        k8s.KubeConfigMap(
            self,
            "logs-dashboard",
            metadata=k8s.ObjectMeta(
                name=f"{settings.app_name}-logs-dashboard", namespace=settings.namespace, labels=SIDECAR_LABEL
            ),
            data={DASHBOARD_FILE: logs_dashboard_json(settings.namespace)},
        )

    def _helm_chart(self, chart: PinnedChart, values: dict[str, object]) -> None:
        HelmChart(
            self,
            f"helm-chart-{chart.release}",
            # The HelmChart's name is the Helm release's, which names the chart's Service: Loki's
            # is then `loki`, the host the shipper and Grafana are given (model/logging.py).
            metadata={"name": chart.release, "namespace": HELM_CHART_NAMESPACE},
            spec=HelmChartSpec(
                repo=chart.repo,
                chart=chart.chart,
                version=chart.version,
                target_namespace=self.settings.logging_namespace,
                values_content=yaml.safe_dump(values, sort_keys=True),
                # reinstall would uninstall Loki after a failed upgrade; abort keeps it running.
                failure_policy=HelmChartSpecFailurePolicy.ABORT,
            ),
        )

    def _policies(self, graph: tuple[Connection, ...]) -> None:
        deny = k8s.NetworkPolicySpec(pod_selector=k8s.LabelSelector(), policy_types=["Ingress", "Egress"])
        k8s.KubeNetworkPolicy(self, "default-deny", metadata=self._meta("default-deny"), spec=deny)
        dns = k8s.NetworkPolicyEgressRule(
            to=[
                k8s.NetworkPolicyPeer(
                    namespace_selector=k8s.LabelSelector(match_labels={"kubernetes.io/metadata.name": "kube-system"}),
                    pod_selector=k8s.LabelSelector(match_labels=KUBE_DNS),
                )
            ],
            ports=[k8s.NetworkPolicyPort(protocol=p, port=int_or_string(53)) for p in ("UDP", "TCP")],
        )
        k8s.KubeNetworkPolicy(
            self,
            "allow-dns",
            metadata=self._meta("allow-dns"),
            spec=k8s.NetworkPolicySpec(pod_selector=k8s.LabelSelector(), policy_types=["Egress"], egress=[dns]),
        )
        outside = {SCRAPER, KUBE_API, SEARCH}
        for name in sorted(({c.source for c in graph} | {c.target for c in graph}) - outside):
            ingress, egress = connection_rules(graph, name, self._peer)
            types = [t for t, rules in (("Ingress", ingress), ("Egress", egress)) if rules]
            spec = k8s.NetworkPolicySpec(
                pod_selector=k8s.LabelSelector(match_labels={"app.kubernetes.io/name": name}),
                policy_types=types,
                ingress=ingress or None,
                egress=egress or None,
            )
            k8s.KubeNetworkPolicy(self, f"allow-{name}", metadata=self._meta(f"allow-{name}"), spec=spec)

    def _meta(self, name: str) -> k8s.ObjectMeta:
        return k8s.ObjectMeta(name=name, namespace=self.settings.logging_namespace)

    def _peer(self, name: str) -> k8s.NetworkPolicyPeer:
        if name == SCRAPER:
            return scraper_peer(self.settings.monitoring_namespace)
        if name in (KUBE_API, SEARCH):
            # Outside the pod network: the API server on the node, or the search server. A
            # NetworkPolicy matches addresses, not names, so any address but the pods', on its port.
            cidr = k8s.IpBlock(cidr="0.0.0.0/0", except_=[self.settings.cluster_cidr])
            return k8s.NetworkPolicyPeer(ip_block=cidr)
        return k8s.NetworkPolicyPeer(pod_selector=k8s.LabelSelector(match_labels={"app.kubernetes.io/name": name}))
