"""What k3s itself brings, written once: its Traefik, the chart line each release bundles, the NodePort range.

The HelmChartConfig (charts/traefik.py), the default ingress settings, the NetworkPolicies
and the monitoring all refer to k3s's Traefik through K3S_TRAEFIK.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from pydantic import AfterValidator


@dataclass(frozen=True)
class BundledTraefik:
    # k3s installs Traefik as the HelmChart <namespace>/<release>; a HelmChartConfig of the
    # same name and namespace is merged into its values.
    release: str
    namespace: str
    ingress_class: str
    pod_labels: dict[str, str] = field(hash=False)

    @property
    def pod_labels_text(self) -> str:
        """As INGRESS_POD_LABELS spells them."""
        return ",".join(f"{k}={v}" for k, v in self.pod_labels.items())


K3S_TRAEFIK = BundledTraefik(
    release="traefik",
    namespace="kube-system",
    ingress_class="traefik",
    pod_labels={"app.kubernetes.io/name": "traefik"},
)

# The entrypoint k3s's Traefik serves plain HTTP on: the HelmChartConfig makes it the NodePort,
# the app's Ingresses name it.
WEB_ENTRYPOINT = "web"

# The Traefik Helm chart major each supported k3s line bundles (k3s's chart-bump PRs).
# TRAEFIK_CHART picks the line whose values.yaml the HelmChartConfig is written for.
TRAEFIK_CHART_BY_K3S = {"1.34": 39, "1.35": 39, "1.36": 40, "1.37": 41}
TRAEFIK_CHART_LINES = tuple(sorted(set(TRAEFIK_CHART_BY_K3S.values())))

# NodePorts outside Kubernetes' default 30000-32767 need the k3s server flag that
# deploy/k3s/config.yaml ships; that file and this range must agree (a test checks).
# The range stops below 10250 (kubelet) and starts above 6443/6444 (API server,
# k3s supervisor), so a randomly allocated NodePort can never shadow a host service.
NODE_PORT_RANGE = (6666, 9999)

# k3s's own `local-path` class deletes a volume's data with its claim. This app creates a
# class of this name on the same provisioner that keeps it, and uses it unless STORAGE_CLASS
# names another.
RETAIN_STORAGE_CLASS = "yoshikosan-retain"
LOCAL_PATH_PROVISIONER = "rancher.io/local-path"


def _traefik_chart(value: int) -> int:
    if value not in TRAEFIK_CHART_LINES:
        supported = ", ".join(
            f"{line} (k3s {', '.join(k for k, c in TRAEFIK_CHART_BY_K3S.items() if c == line)})"
            for line in TRAEFIK_CHART_LINES
        )
        raise ValueError(f"must be the Traefik chart major of a supported k3s: {supported}")
    return value


TraefikChartLine = Annotated[int, AfterValidator(_traefik_chart)]


@dataclass(frozen=True)
class IngressController:
    """The controller behind INGRESS_CLASS: where its pods run and how to select them.

    The Ingresses name its class; the NetworkPolicies admit its pods, by namespace and
    labels, to the frontend and backend.
    """

    ingress_class: str
    namespace: str
    pod_labels: dict[str, str]

    @property
    def is_k3s_traefik(self) -> bool:
        """k3s's bundled Traefik, which this app reconfigures through a HelmChartConfig."""
        return (self.ingress_class, self.namespace, self.pod_labels) == (
            K3S_TRAEFIK.ingress_class,
            K3S_TRAEFIK.namespace,
            K3S_TRAEFIK.pod_labels,
        )
