"""k3s's bundled Traefik, reconfigured: its web entrypoint becomes NodePort EXTERNAL_PORT (6666).

The values are written for the Traefik chart line the settings target (TRAEFIK_CHART:
the chart the k3s release bundles), and only with keys that line reads.
"""

from __future__ import annotations

import yaml
from constructs import Construct

from charts.base import AppChart
from imports.io.cattle.helm import HelmChartConfig, HelmChartConfigSpec, HelmChartConfigSpecFailurePolicy
from model.accesslog import access_log, general_log
from model.k3s import K3S_TRAEFIK, WEB_ENTRYPOINT
from model.settings import Settings
from model.topology import CLIENT_READ_TIMEOUT_SECONDS, STRICT_PREFIX_MATCHING

WEBSECURE_ENTRYPOINT = "websecure"
SERVICE_TYPE = "NodePort"
# The first chart line that reads the Service type from service.spec.type.
SPEC_TYPE_SINCE_CHART = 40
# The first chart line whose values name Traefik's static `log`/`accessLog` directly (and
# spell the field modes defaultMode); before it they are logs.general/logs.access, lower-cased.
STATIC_LOG_KEYS_SINCE_CHART = 41
# The first line whose every release runs a Traefik that drops query parameters from the
# access log (>= 3.7.3, model/accesslog.py); 40.3 does too, its earlier releases may not.
QUERY_PARAMETERS_SINCE_CHART = 41


def service_values(settings: Settings) -> dict[str, object]:
    """The chart's `service` values. Chart <= 39 renders `type:` from service.type and
    copies service.spec after it verbatim (service.spec "cannot contain type"); chart >= 40
    reads only service.spec.type. Setting both would give a Service with two `type:` keys."""
    spec: dict[str, object] = {}
    if settings.trusted_proxy_list:
        # Only the proxy's real address can be trusted: Local skips the SNAT of external
        # traffic (the port then answers only on nodes that run Traefik, on one node that node).
        spec["externalTrafficPolicy"] = "Local"
    if settings.traefik_chart < SPEC_TYPE_SINCE_CHART:
        return {"type": SERVICE_TYPE, **({"spec": spec} if spec else {})}
    return {"spec": {"type": SERVICE_TYPE, **spec}}


def log_values(settings: Settings) -> dict[str, object]:
    """Traefik's own log and its access log (model/accesslog.py), in the keys this chart line reads."""
    access = access_log(drops_query_parameters=settings.traefik_chart >= QUERY_PARAMETERS_SINCE_CHART)
    if settings.traefik_chart >= STATIC_LOG_KEYS_SINCE_CHART:
        return {"log": general_log(), "accessLog": {"enabled": True, **access}}
    fields = access["fields"]
    lowered = {
        "general": {"defaultmode": fields["defaultMode"], "names": fields["names"]},
        "headers": {"defaultmode": fields["headers"]["defaultMode"], "names": fields["headers"]["names"]},
    }
    return {
        "logs": {"general": general_log(), "access": {"enabled": True, "format": access["format"], "fields": lowered}}
    }


def traefik_values(settings: Settings) -> dict[str, object]:
    web: dict[str, object] = {
        "nodePort": settings.external_port,
        "transport": {"respondingTimeouts": {"readTimeout": f"{CLIENT_READ_TIMEOUT_SECONDS}s"}},
    }
    if settings.trusted_proxy_list:
        # Keep the HTTPS proxy's X-Forwarded-Proto/-For instead of overwriting them, so
        # the apps build https:// URLs; nobody else's are believed.
        web["forwardedHeaders"] = {"trustedIPs": settings.trusted_proxy_list}
    return {
        "service": service_values(settings),
        "ports": {
            WEB_ENTRYPOINT: web,
            # A NodePort Service would give websecure a random port from the widened range
            # too; only EXTERNAL_PORT may be opened on the host (TLS ends at the proxy).
            WEBSECURE_ENTRYPOINT: {"expose": {"default": False}},
        },
        "providers": {"kubernetesIngress": {"strictPrefixMatching": STRICT_PREFIX_MATCHING}},
        **log_values(settings),
    }


class TraefikChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings, namespace=K3S_TRAEFIK.namespace)
        HelmChartConfig(
            self,
            "helm-chart-config",
            metadata={"name": K3S_TRAEFIK.release, "namespace": K3S_TRAEFIK.namespace},
            spec=HelmChartConfigSpec(
                values_content=yaml.safe_dump(traefik_values(settings), sort_keys=True),
                # klipper-helm's default (reinstall) uninstalls Traefik when an upgrade
                # fails, taking every Ingress on the host down; abort keeps the running one.
                failure_policy=HelmChartConfigSpecFailurePolicy.ABORT,
            ),
        )
