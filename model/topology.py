"""The gateway's behaviour as data: which path goes where, what every response gets, how long it waits.

The Traefik Ingresses, Middlewares and ServersTransport (charts/routing.py), the
Traefik values (charts/traefik.py) and the local Traefik of `make dev`
(scripts/devstack.py) are all generated from this module, so they cannot drift apart.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from model.backend_contract import BACKEND_CONTRACT
from model.frontend_contract import FRONTEND_CONTRACT

# Component names double as Service names and DNS names inside the namespace.
FRONTEND = "frontend"
BACKEND = "backend"
POSTGRES = "postgres"
BACKUP = "backup"
# The restore drill's CronJob (charts/drill.py); its pods reach no component of the app.
RESTORE_DRILL = "restore-drill"

FRONTEND_PORT: int = FRONTEND_CONTRACT.port
BACKEND_PORT: int = BACKEND_CONTRACT.default_port
POSTGRES_PORT = 5432

# What the backend is told it is mounted under, so /api/docs fetches /api/openapi.json.
API_PREFIX = "/api"


@dataclass(frozen=True)
class Route:
    name: str  # names the Ingress (one per route group: middlewares apply per Ingress)
    path: str  # Prefix match, element by element: /api matches /api and /api/x, never /apix
    service: str
    port: int
    strip_prefix: bool  # the upstream sees the path without `path`


ROUTES = (
    Route(name="api", path=API_PREFIX, service=BACKEND, port=BACKEND_PORT, strip_prefix=True),
    Route(name="web", path="/", service=FRONTEND, port=FRONTEND_PORT, strip_prefix=False),
)

# Added to every answer, the gateway's own errors (413, 502, 504) included.
SECURITY_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

# Larger request bodies get 413 (nginx's client_max_body_size 50M).
MAX_BODY_BYTES = 50 * 1024 * 1024

# Responses smaller than this are not worth compressing (nginx's gzip_min_length).
COMPRESS_MIN_BYTES = 1024

# How long the gateway waits for the backend's answer to start (its status line and
# headers), as nginx's proxy_read_timeout did: long AI calls. What follows the headers
# (a streamed body, a WebSocket) is not bounded by it.
BACKEND_RESPONSE_TIMEOUT_SECONDS = 120

# How long the gateway may take to read a client's whole request, body included
# (Traefik's entrypoint readTimeout; its default of 60 s cuts off a 50 MiB upload
# below ~7 Mbit/s). Sized so the largest body still arrives at the slowest upload
# rate served in full: 50 MiB at 1 Mbit/s, 420 s.
SLOWEST_UPLOAD_BYTES_PER_SECOND = 1_000_000 // 8
CLIENT_READ_TIMEOUT_SECONDS = math.ceil(MAX_BODY_BYTES / SLOWEST_UPLOAD_BYTES_PER_SECOND)

# The Traefik middlewares, by name, in the order every route applies them (outermost
# first). The headers come first so that they wrap the 413 the body limit answers and
# the 502/504 of the proxy; the strip (per route) comes last.
HEADERS_MIDDLEWARE = "security-headers"
BODY_LIMIT_MIDDLEWARE = "body-limit"
COMPRESS_MIDDLEWARE = "compress"
SHARED_MIDDLEWARES = (HEADERS_MIDDLEWARE, BODY_LIMIT_MIDDLEWARE, COMPRESS_MIDDLEWARE)


def strip_middleware(route: Route) -> str:
    return f"strip-{route.name}"


def middleware_chain(route: Route) -> tuple[str, ...]:
    """The middlewares of one route, outermost first."""
    return SHARED_MIDDLEWARES + ((strip_middleware(route),) if route.strip_prefix else ())


def traefik_middlewares() -> dict[str, dict[str, Any]]:
    """Every middleware in Traefik's own configuration schema, which the file provider and
    the Middleware CRD's spec share (tests compare this with dist/)."""
    middlewares: dict[str, dict[str, Any]] = {
        HEADERS_MIDDLEWARE: {"headers": {"customResponseHeaders": dict(SECURITY_HEADERS)}},
        BODY_LIMIT_MIDDLEWARE: {"buffering": {"maxRequestBodyBytes": MAX_BODY_BYTES}},
        COMPRESS_MIDDLEWARE: {"compress": {"minResponseBodyBytes": COMPRESS_MIN_BYTES}},
    }
    for route in ROUTES:
        if route.strip_prefix:
            middlewares[strip_middleware(route)] = {"stripPrefix": {"prefixes": [route.path]}}
    return middlewares


def traefik_servers_transport() -> dict[str, Any]:
    """How Traefik talks to the backend, in Traefik's schema (file provider = ServersTransport spec)."""
    return {"forwardingTimeouts": {"responseHeaderTimeout": f"{BACKEND_RESPONSE_TIMEOUT_SECONDS}s"}}


# Kubernetes matches Prefix paths element by element; Traefik does only with this option
# of its Ingress provider (Traefik >= 3.5, every supported k3s line). charts/traefik.py
# turns it on; the local gateway uses the rules it produces.
STRICT_PREFIX_MATCHING = True


def ingress_rule(path: str, path_type: Literal["Prefix", "Exact"], *, strict_prefix_matching: bool) -> str:
    """The router rule Traefik's Kubernetes Ingress provider builds for one Ingress path
    without a host (pkg/provider/kubernetes/ingress/kubernetes.go: buildRule and
    buildStrictPrefixMatchingRule, Traefik 3.7)."""
    matcher = "Path" if path_type == "Exact" else "PathPrefix"
    if matcher == "PathPrefix" and strict_prefix_matching:
        if path == "/":
            return 'PathPrefix("/")'
        path = path.removesuffix("/")
        return f'(Path("{path}") || PathPrefix("{path}/"))'
    return f'{matcher}("{path}")'


def router_rule(route: Route) -> str:
    """The rule k3s's Traefik builds from this route's Ingress."""
    return ingress_rule(route.path, "Prefix", strict_prefix_matching=STRICT_PREFIX_MATCHING)
