"""The gateway: one Ingress per route of model/topology.py, and the Traefik Middlewares they use.

Traefik's middlewares annotation applies to a whole Ingress, so the `/api` route
(which strips its prefix) and the `/` route (which must not) are separate Ingresses.
"""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component
from charts.traefik import WEB_ENTRYPOINT
from imports import k8s
from imports.io.traefik import (
    Middleware,
    MiddlewareSpec,
    MiddlewareSpecBuffering,
    MiddlewareSpecCompress,
    MiddlewareSpecHeaders,
    MiddlewareSpecStripPrefix,
)
from model.settings import Settings
from model.topology import (
    COMPRESS_MIN_BYTES,
    MAX_BODY_BYTES,
    ROUTES,
    SECURITY_HEADERS,
    Route,
)

MIDDLEWARES_ANNOTATION = "traefik.ingress.kubernetes.io/router.middlewares"
ENTRYPOINTS_ANNOTATION = "traefik.ingress.kubernetes.io/router.entrypoints"


def middleware_ref(namespace: str, name: str) -> str:
    """How a Traefik router names a Middleware of the kubernetescrd provider."""
    return f"{namespace}-{name}@kubernetescrd"


class RoutingChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        self.gateway = Component("gateway", "gateway", settings)
        # Order matters: the limit answers 413 before anything else runs; headers
        # are added to every response, compressed or not.
        shared = [
            self._middleware(
                "body-limit", MiddlewareSpec(buffering=MiddlewareSpecBuffering(max_request_body_bytes=MAX_BODY_BYTES))
            ),
            self._middleware(
                "security-headers",
                MiddlewareSpec(headers=MiddlewareSpecHeaders(custom_response_headers=dict(SECURITY_HEADERS))),
            ),
            self._middleware(
                "compress", MiddlewareSpec(compress=MiddlewareSpecCompress(min_response_body_bytes=COMPRESS_MIN_BYTES))
            ),
        ]
        for route in ROUTES:
            chain = list(shared)
            if route.strip_prefix:
                chain.append(
                    self._middleware(
                        f"strip-{route.name}",
                        MiddlewareSpec(strip_prefix=MiddlewareSpecStripPrefix(prefixes=[route.path])),
                    )
                )
            self._ingress(route, chain)

    def _middleware(self, name: str, spec: MiddlewareSpec) -> str:
        Middleware(self, name, metadata={"name": name, "labels": self.gateway.labels()}, spec=spec)
        return middleware_ref(self.settings.namespace, name)

    def _ingress(self, route: Route, middlewares: list[str]) -> None:
        k8s.KubeIngress(
            self,
            f"ingress-{route.name}",
            metadata=k8s.ObjectMeta(
                name=route.name,
                labels=self.gateway.labels(),
                annotations={
                    ENTRYPOINTS_ANNOTATION: WEB_ENTRYPOINT,
                    MIDDLEWARES_ANNOTATION: ",".join(middlewares),
                },
            ),
            spec=k8s.IngressSpec(
                ingress_class_name=self.settings.ingress_class,
                # No host rule: the HTTPS proxy in front decides which names reach this port.
                rules=[
                    k8s.IngressRule(
                        http=k8s.HttpIngressRuleValue(
                            paths=[
                                k8s.HttpIngressPath(
                                    path=route.path,
                                    path_type="Prefix",
                                    backend=k8s.IngressBackend(
                                        service=k8s.IngressServiceBackend(
                                            name=route.service,
                                            port=k8s.ServiceBackendPort(number=route.port),
                                        )
                                    ),
                                )
                            ]
                        )
                    )
                ],
            ),
        )
