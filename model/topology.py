"""The gateway's behaviour as data: which path goes where, and what every response gets.

The Traefik Ingresses and Middlewares (charts/routing.py) and the local nginx of
`make dev` are both generated from this module, so the two cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.backend_contract import BACKEND_CONTRACT

# Component names double as Service names and DNS names inside the namespace.
FRONTEND = "frontend"
BACKEND = "backend"
POSTGRES = "postgres"
BACKUP = "backup"

FRONTEND_PORT = 3000
BACKEND_PORT = BACKEND_CONTRACT.default_port
POSTGRES_PORT = 5432

# What the backend is told it is mounted under, so /api/docs fetches /api/openapi.json.
API_PREFIX = "/api"


@dataclass(frozen=True)
class Route:
    name: str  # names the Ingress (one per route group: middlewares apply per Ingress)
    path: str  # Prefix match
    service: str
    port: int
    strip_prefix: bool  # the upstream sees the path without `path`


ROUTES = (
    Route(name="api", path=API_PREFIX, service=BACKEND, port=BACKEND_PORT, strip_prefix=True),
    Route(name="web", path="/", service=FRONTEND, port=FRONTEND_PORT, strip_prefix=False),
)

# The old nginx's response headers.
SECURITY_HEADERS = {
    "X-Frame-Options": "SAMEORIGIN",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}

# Larger request bodies get 413, as nginx's client_max_body_size 50M did.
MAX_BODY_BYTES = 50 * 1024 * 1024

# Responses smaller than this are not worth compressing (nginx's gzip_min_length).
COMPRESS_MIN_BYTES = 1024

# Upstream read timeout for long requests (AI calls), as the old proxy_read_timeout.
UPSTREAM_TIMEOUT_SECONDS = 120
