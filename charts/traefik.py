"""k3s's bundled Traefik, reconfigured: its web entrypoint becomes NodePort EXTERNAL_PORT (6666)."""

from __future__ import annotations

import yaml
from constructs import Construct

from charts.base import AppChart
from imports.io.cattle.helm import HelmChartConfig, HelmChartConfigSpec
from model.settings import Settings
from model.topology import UPSTREAM_TIMEOUT_SECONDS

# k3s installs Traefik as the HelmChart kube-system/traefik; a HelmChartConfig of
# the same name and namespace is merged into its values.
TRAEFIK_NAMESPACE = "kube-system"
TRAEFIK_RELEASE = "traefik"
TRAEFIK_POD_LABELS = {"app.kubernetes.io/name": "traefik"}
WEB_ENTRYPOINT = "web"


def traefik_values(settings: Settings) -> dict[str, object]:
    web: dict[str, object] = {
        "nodePort": settings.external_port,
        # 50 MB uploads from slow clients outlast Traefik's 60 s default.
        "transport": {"respondingTimeouts": {"readTimeout": f"{UPSTREAM_TIMEOUT_SECONDS}s"}},
    }
    # Traefik chart >= v40 (k3s >= 1.36) reads service.spec.type; older charts read
    # service.type. Each ignores the other key, so set both.
    spec: dict[str, object] = {"type": "NodePort"}
    if settings.trusted_proxy_list:
        # Keep the HTTPS proxy's X-Forwarded-Proto/-For instead of overwriting them, so
        # the apps build https:// URLs. Only these sources are believed, which needs
        # their real address: Local skips the SNAT (the port then answers only on
        # nodes that run Traefik, which on one node is that node).
        web["forwardedHeaders"] = {"trustedIPs": settings.trusted_proxy_list}
        spec["externalTrafficPolicy"] = "Local"
    return {"service": {"type": "NodePort", "spec": spec}, "ports": {WEB_ENTRYPOINT: web}}


class TraefikChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings, namespace=TRAEFIK_NAMESPACE)
        HelmChartConfig(
            self,
            "helm-chart-config",
            metadata={"name": TRAEFIK_RELEASE, "namespace": TRAEFIK_NAMESPACE},
            spec=HelmChartConfigSpec(values_content=yaml.safe_dump(traefik_values(settings), sort_keys=True)),
        )
