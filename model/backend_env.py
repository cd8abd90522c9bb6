"""The backend's environment, by the names its own settings read (backend/app/settings.py).

The chart's ConfigMap (charts/backend.py) and the backends of `make dev`
(scripts/devstack.py) both come from `backend_config`; they differ only in where
PostgreSQL and the gateway are, and in the metrics port (one per local instance).
"""

from __future__ import annotations

from model.settings import APP_SECRET_KEYS, Settings
from model.topology import API_PREFIX


def backend_config(
    settings: Settings, *, postgres_host: str, postgres_port: int, gateway_network: str, metrics_port: int
) -> dict[str, str]:
    """Everything but the secrets. `gateway_network` is where the gateway connects from;
    `metrics_port` is where Prometheus scrapes (0: no metrics server)."""
    return {
        "POSTGRES_HOST": postgres_host,
        "POSTGRES_PORT": str(postgres_port),
        "POSTGRES_USER": settings.postgres_user,
        "POSTGRES_DB": settings.postgres_db,
        "ALLOWED_ORIGINS": settings.allowed_origins,
        "ROOT_PATH": API_PREFIX,
        "LOG_LEVEL": settings.log_level,
        "DB_POOL_SIZE": str(settings.db_pool_size),
        "APP_VERSION": settings.backend_tag,
        # The gateway's hop and the HTTPS proxy's are both in X-Forwarded-For: the client
        # is the first address that is neither.
        "FORWARDED_ALLOW_IPS": ",".join([gateway_network, *settings.trusted_proxy_list]),
        # Served on HOST, on a port the gateway never routes to.
        "METRICS_PORT": str(metrics_port),
        # Whose X-Request-Id the backend keeps (backend/app/request_id.py); absent: nobody's.
        **({"TRUSTED_PROXIES": ",".join(settings.trusted_proxy_list)} if settings.trusted_proxy_list else {}),
    }


def backend_secrets(settings: Settings) -> dict[str, str]:
    """The secrets the backend reads, as the pod's env gets them: never another part's (the exporter's login)."""
    return {key: value for key, value in settings.secret_values().items() if key in APP_SECRET_KEYS}


def listen_on(host: str, port: int) -> dict[str, str]:
    """Where `serve` listens (unset in a pod: the backend's defaults, 0.0.0.0 and the contract's port)."""
    return {"HOST": host, "PORT": str(port)}
