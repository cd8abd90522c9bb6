"""End-to-end through 127.0.0.1:6666: nginx (generated from model/topology.py), backend,
frontend and a real PostgreSQL 16, started by scripts/devstack.py as `make dev` does."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

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
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 6666)) == 0:
            pytest.fail("something already listens on 127.0.0.1:6666 (a `make dev`?): run `make dev-down` first")
    state = tmp_path_factory.mktemp("devstack")
    state.chmod(0o755)  # the unprivileged postgres/nginx user must traverse it
    started = devstack("up", state)
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        yield state
    finally:
        stopped = devstack("down", state)
        assert stopped.returncode == 0, stopped.stderr


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


def test_security_headers_on_every_route(stack: Path) -> None:
    from model.topology import SECURITY_HEADERS

    for path in ("/", "/api/health", "/healthz"):
        _, headers, _ = request(path)
        for name, value in SECURITY_HEADERS.items():
            assert headers.get(name.lower()) == value, (path, name)


def test_gzip_is_negotiated(stack: Path) -> None:
    _, headers, body = request("/", headers={"Accept-Encoding": "gzip"})
    assert headers.get("content-encoding") == "gzip"
    assert b"Yoshikosan" in gzip.decompress(body)
    _, plain, _ = request("/", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain


def test_body_limit_is_50_mib(stack: Path) -> None:
    # A body under the limit reaches the backend (which has no POST route there: 405).
    status, _, _ = request("/api/health", data=b"\0" * (49 * MIB), method="POST")
    assert status == 405
    status, _, _ = request("/api/health", data=b"\0" * (51 * MIB), method="POST")
    assert status == 413


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
