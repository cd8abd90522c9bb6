"""The gateway: one Ingress per route of model/topology.py, the Traefik Middlewares they use,
and the ServersTransport that bounds the wait for the backend's answer.

Traefik's middlewares annotation applies to a whole Ingress, so the `/api` route
(which strips its prefix) and the `/` route (which must not) are separate Ingresses.
"""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component
from imports import k8s
from imports.io.traefik import (
    Middleware,
    MiddlewareSpec,
    MiddlewareSpecBuffering,
    MiddlewareSpecCompress,
    MiddlewareSpecHeaders,
    MiddlewareSpecStripPrefix,
    ServersTransport,
    ServersTransportSpec,
    ServersTransportSpecForwardingTimeouts,
    ServersTransportSpecForwardingTimeoutsResponseHeaderTimeout,
)
from model.k3s import WEB_ENTRYPOINT
from model.settings import Settings
from model.topology import (
    BACKEND,
    BACKEND_RESPONSE_TIMEOUT_SECONDS,
    BODY_LIMIT_MIDDLEWARE,
    COMPRESS_MIDDLEWARE,
    COMPRESS_MIN_BYTES,
    HEADERS_MIDDLEWARE,
    MAX_BODY_BYTES,
    ROUTES,
    SECURITY_HEADERS,
    Route,
    middleware_chain,
    strip_middleware,
)

MIDDLEWARES_ANNOTATION = "traefik.ingress.kubernetes.io/router.middlewares"
ENTRYPOINTS_ANNOTATION = "traefik.ingress.kubernetes.io/router.entrypoints"
# On a Service: the ServersTransport Traefik uses to reach it.
SERVERS_TRANSPORT_ANNOTATION = "traefik.ingress.kubernetes.io/service.serverstransport"
BACKEND_TRANSPORT = BACKEND


def crd_ref(namespace: str, name: str) -> str:
    """How Traefik names a resource of its kubernetescrd provider (Middleware, ServersTransport)."""
    return f"{namespace}-{name}@kubernetescrd"


def backend_transport_annotation(namespace: str) -> dict[str, str]:
    """For the backend Service: Traefik waits BACKEND_RESPONSE_TIMEOUT_SECONDS for its answer."""
    return {SERVERS_TRANSPORT_ANNOTATION: crd_ref(namespace, BACKEND_TRANSPORT)}


class RoutingChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        self.gateway = Component("gateway", "gateway", settings.app_name)
        specs = {
            HEADERS_MIDDLEWARE: MiddlewareSpec(
                headers=MiddlewareSpecHeaders(custom_response_headers=dict(SECURITY_HEADERS))
            ),
            BODY_LIMIT_MIDDLEWARE: MiddlewareSpec(
                buffering=MiddlewareSpecBuffering(max_request_body_bytes=MAX_BODY_BYTES)
            ),
            COMPRESS_MIDDLEWARE: MiddlewareSpec(
                compress=MiddlewareSpecCompress(min_response_body_bytes=COMPRESS_MIN_BYTES)
            ),
        }
        for route in ROUTES:
            if route.strip_prefix:
                specs[strip_middleware(route)] = MiddlewareSpec(
                    strip_prefix=MiddlewareSpecStripPrefix(prefixes=[route.path])
                )
        for name, spec in specs.items():
            Middleware(self, name, metadata={"name": name, "labels": self.gateway.labels()}, spec=spec)
        for route in ROUTES:
            self._ingress(route, [crd_ref(settings.namespace, name) for name in middleware_chain(route)])
        ServersTransport(
            self,
            "backend-transport",
            metadata={"name": BACKEND_TRANSPORT, "labels": self.gateway.labels()},
            spec=ServersTransportSpec(
                forwarding_timeouts=ServersTransportSpecForwardingTimeouts(
                    response_header_timeout=ServersTransportSpecForwardingTimeoutsResponseHeaderTimeout.from_string(
                        f"{BACKEND_RESPONSE_TIMEOUT_SECONDS}s"
                    )
                )
            ),
        )

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
