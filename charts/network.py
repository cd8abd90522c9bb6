"""NetworkPolicies derived from who talks to whom: everything else is denied, both ways."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from constructs import Construct

from charts.base import AppChart, Component, int_or_string
from imports import k8s
from model.logging import (
    FLUENT_BIT,
    KUBE_API_PORT,
    LOKI,
    LOKI_GRPC_PORT,
    LOKI_MEMBERLIST_PORT,
    LOKI_PORT,
    search_port,
)
from model.monitoring import BACKEND_METRICS_PORT, POSTGRES_EXPORTER, POSTGRES_EXPORTER_PORT
from model.restic import endpoint
from model.settings import Settings
from model.topology import (
    BACKEND,
    BACKEND_PORT,
    BACKUP,
    FRONTEND,
    FRONTEND_PORT,
    POSTGRES,
    POSTGRES_PORT,
    RESTORE_DRILL,
)

# "Outside" peers, by namespace and pod labels. The gateway is whichever ingress
# controller the settings name (k3s's Traefik by default).
GATEWAY = "gateway"
# Any pod of MONITORING_NAMESPACE, where Prometheus runs.
SCRAPER = "scraper"
# BACKUP_REPOSITORY's host, outside the cluster. A NetworkPolicy matches addresses, not
# names: an IP address is allowed alone (/32), a host name as any address outside the pod
# network, on the repository's port only.
REPOSITORY = "repository"
KUBE_DNS_NAMESPACE = "kube-system"
KUBE_DNS_LABELS = {"k8s-app": "kube-dns"}
HTTPS_PORT = 443


@dataclass(frozen=True)
class Connection:
    source: str  # a component of this app, or GATEWAY
    target: str  # a component of this app
    port: int


CONNECTIONS = (
    Connection(GATEWAY, FRONTEND, FRONTEND_PORT),
    Connection(GATEWAY, BACKEND, BACKEND_PORT),
    Connection(BACKEND, POSTGRES, POSTGRES_PORT),
    Connection(BACKUP, POSTGRES, POSTGRES_PORT),
)
# With MONITORING on: the exporter reads PostgreSQL; Prometheus scrapes the metrics ports.
MONITORING_CONNECTIONS = (
    Connection(POSTGRES_EXPORTER, POSTGRES, POSTGRES_PORT),
    Connection(SCRAPER, BACKEND, BACKEND_METRICS_PORT),
    Connection(SCRAPER, POSTGRES_EXPORTER, POSTGRES_EXPORTER_PORT),
)

# With LOGGING on, in LOGGING_NAMESPACE (charts/logging.py): the shipper reads pod metadata
# from the API server and writes to Loki or to ELASTICSEARCH_URL; Grafana (in the
# monitoring namespace, like the scraper) queries Loki.
KUBE_API = "kube-api"
SEARCH = "search"
LOGGING_OUTSIDE = {SCRAPER, KUBE_API, SEARCH}


def logging_connections(settings: Settings) -> tuple[Connection, ...]:
    shipper = FLUENT_BIT.release
    if settings.logging == "loki":
        loki = LOKI.release
        ship = (
            Connection(shipper, loki, LOKI_PORT),
            Connection(SCRAPER, loki, LOKI_PORT),
            *(Connection(loki, loki, port) for port in (LOKI_GRPC_PORT, LOKI_MEMBERLIST_PORT)),
        )
    elif settings.logging == "elasticsearch":
        ship = (Connection(shipper, SEARCH, search_port(settings)),)
    else:
        return ()
    return (Connection(shipper, KUBE_API, KUBE_API_PORT), *ship)


# Components that call services on the internet over HTTPS (OAuth, AI APIs).
INTERNET_CLIENTS = (BACKEND,)


def connections(settings: Settings) -> tuple[Connection, ...]:
    return CONNECTIONS + (MONITORING_CONNECTIONS if settings.monitoring != "none" else ()) + offsite(settings)


def offsite(settings: Settings) -> tuple[Connection, ...]:
    """With BACKUP_REPOSITORY on the network: the backup Job and the drill reach it, nothing else does."""
    found = endpoint(settings.backup_repository or "")
    return () if found is None else tuple(Connection(c, REPOSITORY, found.port) for c in (BACKUP, RESTORE_DRILL))


def scraper_peer(monitoring_namespace: str) -> k8s.NetworkPolicyPeer:
    return k8s.NetworkPolicyPeer(
        namespace_selector=k8s.LabelSelector(match_labels={"kubernetes.io/metadata.name": monitoring_namespace})
    )


def repository_peer(settings: Settings) -> k8s.NetworkPolicyPeer:
    found = endpoint(settings.backup_repository or "")
    assert found is not None
    if found.ip is not None:
        return k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=f"{found.ip}/{found.ip.max_prefixlen}"))
    return k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr="0.0.0.0/0", except_=[settings.cluster_cidr]))


def connection_rules(
    graph: Sequence[Connection], name: str, peer: Callable[[str], k8s.NetworkPolicyPeer]
) -> tuple[list[k8s.NetworkPolicyIngressRule], list[k8s.NetworkPolicyEgressRule]]:
    """`name`'s ingress and egress rules: exactly the connections of `graph` that end or start at it."""
    ingress = [
        k8s.NetworkPolicyIngressRule(from_=[peer(c.source)], ports=[tcp(c.port)]) for c in graph if c.target == name
    ]
    egress = [k8s.NetworkPolicyEgressRule(to=[peer(c.target)], ports=[tcp(c.port)]) for c in graph if c.source == name]
    return ingress, egress


def tcp(port: int) -> k8s.NetworkPolicyPort:
    return k8s.NetworkPolicyPort(protocol="TCP", port=int_or_string(port))


class NetworkChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        self.settings = settings
        self._policy(
            "default-deny",
            k8s.LabelSelector(),
            ingress=[],
            egress=[],
        )
        self._policy(
            "allow-dns",
            k8s.LabelSelector(),
            egress=[
                k8s.NetworkPolicyEgressRule(
                    to=[self._peer_in(KUBE_DNS_NAMESPACE, KUBE_DNS_LABELS)],
                    ports=[
                        k8s.NetworkPolicyPort(protocol=protocol, port=int_or_string(53)) for protocol in ("UDP", "TCP")
                    ],
                )
            ],
        )
        graph = connections(settings)
        outside = {GATEWAY, SCRAPER, REPOSITORY}
        components = sorted(({c.target for c in graph} | {c.source for c in graph}) - outside)
        for name in components:
            ingress, egress = connection_rules(graph, name, self._peer)
            if name in INTERNET_CLIENTS:
                egress.append(
                    k8s.NetworkPolicyEgressRule(
                        to=[
                            k8s.NetworkPolicyPeer(
                                ip_block=k8s.IpBlock(cidr="0.0.0.0/0", except_=[settings.cluster_cidr])
                            )
                        ],
                        ports=[tcp(HTTPS_PORT)],
                    )
                )
            self._policy(
                f"allow-{name}",
                k8s.LabelSelector(match_labels=Component(name, "", settings.app_name).selector),
                ingress=ingress or None,
                egress=egress or None,
            )

    def _peer(self, name: str) -> k8s.NetworkPolicyPeer:
        if name == GATEWAY:
            controller = self.settings.ingress_controller
            return self._peer_in(controller.namespace, controller.pod_labels)
        if name == SCRAPER:
            return scraper_peer(self.settings.monitoring_namespace)
        if name == REPOSITORY:
            return repository_peer(self.settings)
        return k8s.NetworkPolicyPeer(
            pod_selector=k8s.LabelSelector(match_labels=Component(name, "", self.settings.app_name).selector)
        )

    @staticmethod
    def _peer_in(namespace: str, labels: dict[str, str]) -> k8s.NetworkPolicyPeer:
        return k8s.NetworkPolicyPeer(
            namespace_selector=k8s.LabelSelector(match_labels={"kubernetes.io/metadata.name": namespace}),
            pod_selector=k8s.LabelSelector(match_labels=labels),
        )

    def _policy(
        self,
        name: str,
        selector: k8s.LabelSelector,
        *,
        ingress: list[k8s.NetworkPolicyIngressRule] | None = None,
        egress: list[k8s.NetworkPolicyEgressRule] | None = None,
    ) -> None:
        types = [t for t, rules in (("Ingress", ingress), ("Egress", egress)) if rules is not None]
        # No rules is written as no list: the API server drops an empty one, so `[]` would differ
        # from the stored object on every apply (a change `make diff` reports forever).
        spec = k8s.NetworkPolicySpec(
            pod_selector=selector, policy_types=types, ingress=ingress or None, egress=egress or None
        )
        k8s.KubeNetworkPolicy(self, name, metadata=k8s.ObjectMeta(name=name), spec=spec)
