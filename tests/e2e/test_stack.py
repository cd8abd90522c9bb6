"""End-to-end through 127.0.0.1:6666: the real Traefik (configured from model/topology.py
with the routers k3s's Traefik builds from dist/), two backend instances, the frontend
and a real PostgreSQL 16, started by scripts/devstack.py as `make dev` does, with its
Prometheus watching a roll."""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import upload

from e2e.stack import BASE, DEV_PROXY_ADDRESS, GATEWAY_PORT, HOST, LAYOUT, devstack
from model.backend_contract import BACKEND_CONTRACT
from model.paths import ROOT
from model.topology import API_PREFIX, BACKEND, MAX_BODY_BYTES, SECURITY_HEADERS
from scripts.devlayout import BACKEND_INSTANCES
from scripts.devmonitor import DEV_SCRAPE_INTERVAL, DevMonitor
from scripts.devparts import DEV_TAG
from scripts.devprocs import alive

SCREENSHOTS = ROOT / ".cache" / "e2e"
MIB = 1024 * 1024
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As root in CI; no background services. Every host name but the stack's fails to
# resolve, so a page that needs the internet (a CDN) fails here even on a connected machine.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    f"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE {HOST}",
]

pytestmark = pytest.mark.slow
DEV_SCRAPE_SECONDS = int(DEV_SCRAPE_INTERVAL.removesuffix("s"))


def request(
    path: str, *, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None
) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(BASE + path, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def browser(path: str, *, screenshot: Path | None = None, allow_port: bool = True) -> str:
    assert CHROMIUM, "chromium is not installed (make install-system)"
    profile = SCREENSHOTS / "profile"
    shutil.rmtree(profile, ignore_errors=True)
    args = [
        CHROMIUM,
        *CHROMIUM_FLAGS,
        f"--user-data-dir={profile}",
        "--virtual-time-budget=10000",
        "--window-size=1280,900",
    ]
    if allow_port:
        args.append(f"--explicitly-allowed-ports={GATEWAY_PORT}")
    args += [f"--screenshot={screenshot}"] if screenshot else ["--dump-dom"]
    result = subprocess.run([*args, BASE + path], capture_output=True, text=True, timeout=120)
    return result.stdout


def test_root_is_the_frontend(stack: Path) -> None:
    status, headers, body = request("/")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"Yoshikosan" in body


def test_api_health_reaches_the_backend_with_the_prefix_stripped(stack: Path) -> None:
    status, _, body = request("/api/health")
    assert status == 200
    assert json.loads(body)["database"] == "connected"


def test_docs_load_and_fetch_their_openapi_under_api(stack: Path) -> None:
    status, _, body = request("/api/docs")
    assert status == 200 and b"/api/openapi.json" in body
    status, _, body = request("/api/openapi.json")
    assert status == 200 and "/health" in json.loads(body)["paths"]


def test_docs_render_the_operations_offline_in_a_browser(stack: Path) -> None:
    """Swagger UI's script and styles come from the backend: with no host but the stack's
    reachable, the page still renders an operation block per endpoint."""
    dom = browser("/api/docs")
    for path in (BACKEND_CONTRACT.status_path, BACKEND_CONTRACT.readiness_path, BACKEND_CONTRACT.liveness_path):
        assert f'class="opblock-summary-path" data-path="{path}"' in dom, path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser("/api/docs", screenshot=SCREENSHOTS / "docs.png")


def test_paths_beside_api_reach_the_frontend(stack: Path) -> None:
    """/api matches /api and /api/... only, as Kubernetes matches Prefix paths."""
    for path in ("/apix", "/api-docs", "/apidocs/x"):
        status, headers, body = request(path)
        assert (status, headers["content-type"].split(";")[0]) == (404, "text/html"), path  # Next's 404 page
        assert b"<html" in body
    for path in ("/api", "/api/"):
        status, headers, body = request(path)
        # The backend's own 404, which names the request (docs/logs.md).
        answer = {"detail": "Not Found", "request_id": headers["x-request-id"]}
        assert (status, headers["content-type"], json.loads(body)) == (404, "application/json", answer)


def test_security_headers_on_every_route_and_on_the_gateways_own_answers(stack: Path) -> None:
    answers = {path: request(path)[1] for path in ("/", "/api/health", "/healthz", "/apix")}
    answers["413"] = upload(BASE + "/api/health", MAX_BODY_BYTES + 1)[1]
    for what, headers in answers.items():
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name.lower()) == value, (what, name)


def test_gzip_is_negotiated(stack: Path) -> None:
    _, headers, body = request("/", headers={"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip"
    assert b"Yoshikosan" in gzip.decompress(body)
    _, plain, _ = request("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain


def test_body_limit_is_exactly_50_mib(stack: Path) -> None:
    # The limit itself reaches the backend (which has no POST route there: 405); one byte more is refused.
    assert MAX_BODY_BYTES == 50 * MIB
    assert upload(BASE + "/api/health", MAX_BODY_BYTES)[0] == 405
    assert upload(BASE + "/api/health", MAX_BODY_BYTES + 1)[0] == 413


def websocket_frame(text: str) -> bytes:
    """One masked text frame, as a client must send it (RFC 6455)."""
    payload, mask = text.encode(), os.urandom(4)
    assert len(payload) < 126
    return bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def test_websocket_upgrade_through_api(stack: Path) -> None:
    with socket.create_connection((HOST, GATEWAY_PORT), timeout=10) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                f"GET {API_PREFIX}/ws/echo HTTP/1.1\r\nHost: {HOST}:{GATEWAY_PORT}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        reader = sock.makefile("rb")
        status = reader.readline()
        assert status.startswith(b"HTTP/1.1 101"), status
        while reader.readline() not in (b"\r\n", b""):
            pass
        sock.sendall(websocket_frame("through the gateway"))
        opcode, length = reader.read(2)
        assert (opcode, reader.read(length)) == (0x81, b"through the gateway")


def backend_log(stack: Path, path: str) -> dict[str, object]:
    """The last JSON access line for `path` of any backend instance."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        entries = [
            entry
            for log in (stack / "logs").glob(f"{BACKEND}-*.log")
            for line in log.read_text().splitlines()
            if line.startswith("{") and (entry := json.loads(line)).get("path") == path
        ]
        if entries:
            return dict(max(entries, key=lambda entry: str(entry["time"])))
        time.sleep(0.1)
    raise AssertionError(f"no access line for {path}")


def redirect_as_seen_by_the_backend(path: str, source: str) -> str:
    """GET with the headers an HTTPS proxy sends, from `source`; the Location the backend builds."""
    connection = http.client.HTTPConnection(HOST, GATEWAY_PORT, timeout=10, source_address=(source, 0))
    headers = {"Host": "yoshikosan.example.com", "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 307
        return response.getheader("Location") or ""
    finally:
        connection.close()


def test_backend_sees_host_and_forwarded_headers_from_the_trusted_proxy_only(stack: Path) -> None:
    # From the address playing the HTTPS proxy: its X-Forwarded-* are kept, the backend
    # builds https:// URLs for the original Host and logs the real client.
    location = redirect_as_seen_by_the_backend("/api/health/", DEV_PROXY_ADDRESS)
    assert location.startswith("https://yoshikosan.example.com/"), location
    assert backend_log(stack, "/health/")["client"] == "203.0.113.9"
    # From anyone else they are overwritten: plain http, the connecting client.
    location = redirect_as_seen_by_the_backend("/api/openapi.json/", HOST)
    assert location.startswith("http://yoshikosan.example.com/"), location
    assert backend_log(stack, "/openapi.json/")["client"] == HOST


def test_browser_refuses_6666_without_the_flag(stack: Path) -> None:
    dom = browser("/", allow_port=False)
    assert 'data-testid="status-panel"' not in dom


def assert_answered_by_the_backend(status: int, headers: dict[str, str], body: bytes) -> None:
    """The backend's own `degraded` status, not the gateway's bare 503 (text, no server header)."""
    assert status == 503, (status, body)
    assert headers["content-type"] == "application/json" and headers.get("server") == "uvicorn", headers
    answer = json.loads(body)
    assert set(answer) == {"status", "database", "timestamp", "version"}, answer
    assert (answer["status"], answer["database"], answer["version"]) == ("degraded", "disconnected", DEV_TAG)


def test_browser_shows_healthy_then_degraded_then_healthy(stack: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dom = browser("/")
    assert 'data-testid="status-panel" data-state="healthy"' in dom
    assert 'data-testid="status-database" data-value="connected"' in dom
    browser("/", screenshot=SCREENSHOTS / "healthy.png")

    assert devstack(stack, "pg-stop").returncode == 0
    try:
        # Longer than the gateway's health check takes to drop an instance: readiness
        # (/readyz) does not depend on the database, so every instance stays in the gateway
        # and every answer is the backend's own.
        time.sleep(2.5)
        for _ in range(2 * BACKEND_INSTANCES):
            assert_answered_by_the_backend(*request("/api/health"))
            assert request("/api/readyz")[0] == 200
        dom = browser("/")
        assert 'data-testid="status-panel" data-state="degraded"' in dom
        assert 'data-testid="status-backend" data-value="up"' in dom
        assert 'data-testid="status-database" data-value="disconnected"' in dom
        assert f'data-testid="status-version">{DEV_TAG}<' in dom
        browser("/", screenshot=SCREENSHOTS / "degraded.png")
    finally:
        assert devstack(stack, "pg-start").returncode == 0
    deadline = time.monotonic() + 30
    while request("/api/health")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert request("/api/health")[0] == 200, "backend did not recover without a restart"
    assert 'data-state="healthy"' in browser("/")


# -- a rolling update of the backend -------------------------------------------------------
INTERVAL_SECONDS = 0.02
PROBED = (f"{API_PREFIX}/health", f"{API_PREFIX}/readyz")


@dataclass(frozen=True)
class Roll:
    sent: int
    failed: list[tuple[str, int | str]]
    seconds: float
    before: dict[str, int]  # backend instance -> pid
    after: dict[str, int]
    output: str


def backend_pids(stack: Path) -> dict[str, int]:
    return {p.stem: int(p.read_text()) for p in (stack / "pids").glob(f"{BACKEND}-*.pid")}


def roll_under_load(stack: Path, *options: str) -> Roll:
    """`roll-backend` while a request goes through the gateway every 20 ms (health and
    readiness in turn); every answer but a 200 counts as a failure."""
    failed: list[tuple[str, int | str]] = []
    sent = 0
    done = threading.Event()

    def load() -> None:
        nonlocal sent
        due = time.monotonic()
        while not done.is_set():
            path = PROBED[sent % len(PROBED)]
            try:
                status: int | str = request(path)[0]
            except OSError as error:
                status = str(error)
            sent += 1
            if status != 200:
                failed.append((path, status))
            due += INTERVAL_SECONDS
            time.sleep(max(0.0, due - time.monotonic()))

    before = backend_pids(stack)
    sender = threading.Thread(target=load)
    sender.start()
    started = time.monotonic()
    try:
        rolled = devstack(stack, "roll-backend", *options)
    finally:
        done.set()
        sender.join()
    assert rolled.returncode == 0, rolled.stdout + rolled.stderr
    return Roll(sent, failed, time.monotonic() - started, before, backend_pids(stack), rolled.stdout)


def record(name: str, roll: Roll) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    figure = {"requests": roll.sent, "failed": len(roll.failed), "seconds": round(roll.seconds, 1)}
    (SCREENSHOTS / f"{name}.json").write_text(json.dumps({**figure, "failures": roll.failed[:50]}, indent=1))


def no_active_alert(monitor: DevMonitor, timeout: float) -> None:
    """Until no alert is pending or firing (the outage of an earlier test has resolved)."""
    deadline = time.monotonic() + timeout
    while monitor.firing():
        assert time.monotonic() < deadline, monitor.firing()
        time.sleep(1)


def instance_ports(pids: dict[str, int]) -> set[int]:
    return {int(name.removeprefix(f"{BACKEND}-")) for name in pids}


# -- the request trail (docs/logs.md) --------------------------------------------------------
def json_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.startswith("{")]


def lines_with_id(stack: Path, pattern: str, key: str, request_id: str) -> list[dict[str, object]]:
    """The JSON lines of the logs matching `pattern` whose `key` is `request_id` (waits for them)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        found = [e for log in (stack / "logs").glob(pattern) for e in json_lines(log) if e.get(key) == request_id]
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError(f"no line with {key}={request_id} in {pattern}")


def from_address(source: str, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection(HOST, GATEWAY_PORT, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def test_one_requests_id_is_in_the_response_the_access_log_and_the_backends_log(stack: Path) -> None:
    secret = "Bearer e2e-secret-token"
    status, headers, _ = request(
        "/api/health?code=e2e-oauth-code", headers={"Authorization": secret, "Cookie": "s=e2e"}
    )
    assert status == 200
    request_id = headers["x-request-id"]
    [gateway] = lines_with_id(stack, "gateway.log", "downstream_X-Request-Id", request_id)
    assert gateway["DownstreamStatus"] == 200 and str(gateway["RouterName"]).startswith("api")
    assert str(gateway["ServiceURL"]).startswith(f"http://{HOST}:") and int(str(gateway["Duration"])) > 0
    assert gateway["RequestPath"] == "/api/health", "the query string is dropped"
    gateway_log = (stack / "logs" / "gateway.log").read_text()
    assert "e2e-secret-token" not in gateway_log and "s=e2e" not in gateway_log and "e2e-oauth-code" not in gateway_log
    backend = lines_with_id(stack, f"{BACKEND}-*.log", "request_id", request_id)
    assert [line["path"] for line in backend if line["logger"] == "app.access"] == ["/health"]
    # make dev-logs REQUEST= finds the same lines, the gateway's first
    env = {**os.environ, "DEV_STATE": str(stack)}
    trail = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "logs.py"), "--dev", "--request", request_id],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert len(trail) == 1 + len(backend) and "[gateway gateway.log]" in trail[0]


def test_an_id_is_kept_from_the_trusted_proxy_only(stack: Path) -> None:
    _, headers, _ = from_address(DEV_PROXY_ADDRESS, "/api/livez", {"X-Request-Id": "from-the-proxy-1"})
    assert headers["x-request-id"] == "from-the-proxy-1"
    _, headers, _ = from_address(HOST, "/api/livez", {"X-Request-Id": "claimed-by-a-client"})
    made = headers["x-request-id"]
    assert made != "claimed-by-a-client"
    # the access log shows both: what arrived and what the request was served under
    [line] = lines_with_id(stack, "gateway.log", "downstream_X-Request-Id", made)
    assert line["request_X-Request-Id"] == "claimed-by-a-client"


def test_pages_and_errors_carry_the_id_too(stack: Path) -> None:
    status, headers, _ = request("/")
    assert status == 200 and len(headers["x-request-id"]) == 32, "the frontend makes one (proxy.ts)"
    [line] = lines_with_id(stack, "gateway.log", "downstream_X-Request-Id", headers["x-request-id"])
    assert str(line["RouterName"]).startswith("web")
    status, headers, body = request("/api/no-such-route")
    assert status == 404 and json.loads(body) == {"detail": "Not Found", "request_id": headers["x-request-id"]}


# -- the rolls, last: the control (no pause) leaves the stack as a careless roll would -------
def test_a_rolling_update_of_two_backends_drops_no_request(stack: Path, prometheus: DevMonitor) -> None:
    monitor = prometheus
    no_active_alert(monitor, 60)
    started = time.monotonic()
    roll = roll_under_load(stack)
    record("roll", roll)
    assert len(roll.before) == len(roll.after) == BACKEND_INSTANCES, roll
    assert set(roll.before.values()).isdisjoint(roll.after.values()), "the roll replaced no instance"
    assert not any(map(alive, roll.before.values())), "an old instance still runs"
    assert roll.sent >= roll.seconds / INTERVAL_SECONDS / 2, "the load did not keep its pace"
    assert roll.failed == [], f"{len(roll.failed)} of {roll.sent} requests failed during the roll"

    # Prometheus scrapes exactly the new instances now, it scraped every instance (the surge
    # one included; the last new one within a scrape interval) and every sample of every
    # target during the roll was up.
    def addresses(ports: set[int]) -> set[str]:
        return {monitor.address(LAYOUT.metrics_port(port)) for port in ports}

    def window() -> str:
        return f"{int(time.monotonic() - started) + 1}s"

    assert monitor.scraped(BACKEND) == addresses(instance_ports(roll.after))
    every_instance = addresses(instance_ports(roll.before) | instance_ports(roll.after))
    deadline = time.monotonic() + 2 * DEV_SCRAPE_SECONDS
    while {r["metric"]["instance"] for r in monitor.query(f'up{{job="{BACKEND}"}}[{window()}]')} != every_instance:
        assert time.monotonic() < deadline, f"not every one of {sorted(every_instance)} was scraped"
        time.sleep(0.5)
    down = monitor.query(f"min_over_time(up[{window()}]) < 1")
    assert down == [], [(r["metric"]["instance"], r["value"][1]) for r in down]
    assert monitor.query(f"ALERTS[{window()}]") == [], "no alert, not even pending, during the roll"


def test_without_the_pause_a_rolling_update_drops_requests(stack: Path) -> None:
    """The control: each old instance gets SIGTERM as it leaves the gateway, as a pod
    without the preStop pause does. The gateway still sends to it for a moment."""
    roll = roll_under_load(stack, "--no-pause")
    record("roll-no-pause", roll)
    assert set(roll.before.values()).isdisjoint(roll.after.values())
    assert roll.failed, f"no request of {roll.sent} failed: the control shows nothing"
