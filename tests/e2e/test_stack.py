"""End-to-end through 127.0.0.1:6666: the real Traefik (configured from model/topology.py
with the routers k3s's Traefik builds from dist/), backend, frontend and a real
PostgreSQL 16, started by scripts/devstack.py as `make dev` does."""

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
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import upload

from model.topology import MAX_BODY_BYTES, SECURITY_HEADERS
from scripts.devstack import DEV_PROXY_ADDRESS

ROOT = Path(__file__).resolve().parents[2]
BASE = "http://127.0.0.1:6666"
SCREENSHOTS = ROOT / ".cache" / "e2e"
MIB = 1024 * 1024
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# As root in CI; no background services (the machine has no internet).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.slow


def devstack(command: str, state: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEV_STATE": str(state)}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "devstack.py"), command],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def stack() -> Iterator[Path]:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 6666)) == 0:
            pytest.fail("something already listens on 127.0.0.1:6666 (a `make dev`?): run `make dev-down` first")
    # Not under pytest's temporary root: any pytest session resets that to mode 700, and
    # the unprivileged account of postgres and traefik must traverse the path to the state.
    (ROOT / ".cache").mkdir(exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix="e2e-stack-", dir=ROOT / ".cache"))
    state.chmod(0o755)
    started = devstack("up", state)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield state
    finally:
        stopped = devstack("down", state)
        assert stopped.returncode == 0, stopped.stderr
        shutil.rmtree(state, ignore_errors=True)


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
        args.append("--explicitly-allowed-ports=6666")
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


def test_paths_beside_api_reach_the_frontend(stack: Path) -> None:
    """/api matches /api and /api/... only, as Kubernetes matches Prefix paths."""
    for path in ("/apix", "/api-docs", "/apidocs/x"):
        status, headers, body = request(path)
        assert (status, headers["content-type"].split(";")[0]) == (404, "text/html"), path  # Next's 404 page
        assert b"<html" in body
    for path in ("/api", "/api/"):
        status, headers, body = request(path)
        assert (status, headers["content-type"], json.loads(body)) == (404, "application/json", {"detail": "Not Found"})


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


@pytest.mark.skipif(
    "/ws/echo" not in (ROOT / "backend" / "app" / "main.py").read_text(),
    reason="the backend's WebSocket echo (/ws/echo) is not in this checkout yet",
)
def test_websocket_upgrade_through_api(stack: Path) -> None:
    with socket.create_connection(("127.0.0.1", 6666), timeout=10) as sock:
        key = base64.b64encode(os.urandom(16)).decode()
        sock.sendall(
            (
                "GET /api/ws/echo HTTP/1.1\r\nHost: 127.0.0.1:6666\r\nUpgrade: websocket\r\n"
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
    """The backend's last JSON access line for `path`."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = (stack / "logs" / "backend.log").read_text().splitlines()
        for line in reversed(lines):
            if line.startswith("{") and (entry := json.loads(line)).get("path") == path:
                return dict(entry)
        time.sleep(0.1)
    raise AssertionError(f"no access line for {path}")


def redirect_as_seen_by_the_backend(path: str, source: str) -> str:
    """GET with the headers an HTTPS proxy sends, from `source`; the Location the backend builds."""
    connection = http.client.HTTPConnection("127.0.0.1", 6666, timeout=10, source_address=(source, 0))
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
    location = redirect_as_seen_by_the_backend("/api/openapi.json/", "127.0.0.1")
    assert location.startswith("http://yoshikosan.example.com/"), location
    assert backend_log(stack, "/openapi.json/")["client"] == "127.0.0.1"


def test_browser_refuses_6666_without_the_flag(stack: Path) -> None:
    dom = browser("/", allow_port=False)
    assert 'data-testid="status-panel"' not in dom


def test_browser_shows_healthy_then_degraded_then_healthy(stack: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    dom = browser("/")
    assert 'data-testid="status-panel" data-state="healthy"' in dom
    assert 'data-testid="status-database" data-value="connected"' in dom
    browser("/", screenshot=SCREENSHOTS / "healthy.png")

    assert devstack("pg-stop", stack).returncode == 0
    try:
        status, _, body = request("/api/health")
        assert status == 503 and json.loads(body)["status"] == "degraded"
        dom = browser("/")
        assert 'data-state="degraded"' in dom
        browser("/", screenshot=SCREENSHOTS / "degraded.png")
    finally:
        assert devstack("pg-start", stack).returncode == 0
    deadline = time.monotonic() + 30
    while request("/api/health")[0] != 200 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert request("/api/health")[0] == 200, "backend did not recover without a restart"
    assert 'data-state="healthy"' in browser("/")
