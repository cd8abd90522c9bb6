"""A real server process started with the contract's ``serve`` command (as the container is):
JSON logs, proxy headers, WebSockets, graceful SIGTERM, no secrets in logs or responses."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pgcluster import PgCluster, free_port
from websockets.frames import CloseCode
from websockets.sync.client import connect

from app.contract import CONTRACT
from tests.conftest import BACKEND_DIR, server_env

SECRETS = {
    "GOOGLE_CLIENT_ID": "gcid-9f8e7d6c5b4a-sentinel",
    "GOOGLE_CLIENT_SECRET": "gsecret-0a1b2c3d4e5f-sentinel",
    "DISCORD_CLIENT_ID": "dcid-112233445566-sentinel",
    "DISCORD_CLIENT_SECRET": "dsecret-665544332211-sentinel",
    "SAMBANOVA_API_KEY": "snova-key-abcdefabcdef-sentinel",
    "HUME_AI_API_KEY": "hume-key-fedcbafedcba-sentinel",
}


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]


def get(url: str, headers: dict[str, str] | None = None) -> Response:
    req = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - http://127.0.0.1 only
    try:
        with urllib.request.urlopen(req, timeout=10) as r:  # noqa: S310
            return Response(r.status, r.read().decode(), dict(r.headers))
    except urllib.error.HTTPError as e:
        return Response(e.code, e.read().decode(), dict(e.headers))


@dataclass
class Server:
    proc: subprocess.Popen[str]
    base: str
    stdout: str = ""
    stderr: str = ""

    def stop(self) -> None:
        """SIGTERM, as the kubelet sends it. uvicorn finishes in-flight requests, runs the
        lifespan shutdown, then re-raises the signal (exit status -15), which is normal."""
        self.proc.send_signal(signal.SIGTERM)
        self.stdout, self.stderr = self.proc.communicate(timeout=30)
        assert self.proc.returncode in (0, -signal.SIGTERM), self.stderr
        assert "Finished server process" in self.stdout

    def records(self) -> list[dict[str, object]]:
        return [json.loads(line) for line in self.stdout.splitlines()]  # every line must be JSON


@pytest.fixture
def start_server(pg: PgCluster, app_db: str) -> Iterator[Callable[..., Server]]:
    servers: list[Server] = []

    def start(**extra_env: str) -> Server:
        port = free_port()
        env = server_env(pg, app_db, ROOT_PATH="/api", PORT=str(port), **SECRETS) | extra_env
        proc = subprocess.Popen(
            [sys.executable, *CONTRACT.serve],
            cwd=BACKEND_DIR,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        server = Server(proc, f"http://127.0.0.1:{port}")
        servers.append(server)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            try:
                if get(server.base + "/livez").status == 200:
                    return server
            except OSError:
                time.sleep(0.05)
        raise AssertionError("the server did not start")

    yield start
    for s in servers:
        if s.proc.poll() is None:
            s.proc.kill()
            s.proc.communicate()


def test_real_server_logs_json_and_keeps_secrets(start_server: Callable[..., Server], pg: PgCluster) -> None:
    server = start_server()
    responses = [
        get(server.base + "/health", {"X-Forwarded-For": "203.0.113.7"}),
        get(server.base + "/livez"),
        get(server.base + "/readyz"),
        get(server.base + "/docs"),
        get(server.base + "/openapi.json"),
        get(server.base + "/does-not-exist?code=oauth-code-sentinel"),
    ]
    assert [r.status for r in responses] == [200, 200, 200, 200, 200, 404]
    assert json.loads(responses[0].body)["status"] == "healthy"
    assert "/api/openapi.json" in responses[3].body

    server.stop()
    records = server.records()
    for rec in records:
        assert {"time", "level", "logger", "message"} <= rec.keys()
    access = [r for r in records if r["logger"] == "app.access"][-6:]  # before: start-up /livez polls
    assert [(r["method"], r["path"], r["status"]) for r in access] == [
        ("GET", "/health", 200),
        ("GET", "/livez", 200),
        ("GET", "/readyz", 200),
        ("GET", "/docs", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/does-not-exist", 404),
    ]
    assert all(isinstance(r["duration_ms"], float | int) for r in access)
    # X-Forwarded-For from the trusted proxy (default FORWARDED_ALLOW_IPS=127.0.0.1) is honoured
    assert access[0]["client"] == "203.0.113.7"
    assert access[1]["client"] == "127.0.0.1"
    messages = [r["message"] for r in records]
    assert "Application startup complete." in messages
    assert "backend stopped; database pool disposed" in messages
    assert not [line for line in server.stderr.splitlines() if line.strip()], server.stderr

    everything = server.stdout + server.stderr + "".join(r.body + json.dumps(r.headers) for r in responses)
    for value in [*SECRETS.values(), pg.password, "test-secret-key-0123456789", "oauth-code-sentinel"]:
        assert value not in everything


def test_degraded_server_untrusted_proxy_and_no_password_leak(start_server: Callable[..., Server]) -> None:
    wrong_password = "wrong-pw-sentinel-7f3a9"
    server = start_server(POSTGRES_PASSWORD=wrong_password, FORWARDED_ALLOW_IPS="10.42.0.0/16")
    health = get(server.base + "/health", {"X-Forwarded-For": "203.0.113.7"})
    assert health.status == 503
    assert json.loads(health.body)["status"] == "degraded"
    server.stop()
    records = server.records()
    access = [r for r in records if r["logger"] == "app.access"]
    assert access[-1]["path"] == "/health"
    assert access[-1]["client"] == "127.0.0.1"  # proxy not trusted: header ignored
    assert any(r["level"] == "WARNING" and "health check failed" in str(r["message"]) for r in records)
    assert wrong_password not in server.stdout + server.stderr + health.body
    for value in SECRETS.values():
        assert value not in server.stdout + server.stderr


def test_websocket_echo_through_real_server(start_server: Callable[..., Server]) -> None:
    server = start_server()
    ws_base = server.base.replace("http://", "ws://")
    # as the gateway forwards it (prefix stripped) and as a direct client would ask
    for path in ("/ws/echo", "/api/ws/echo"):
        with connect(ws_base + path, open_timeout=5, close_timeout=5) as ws:
            ws.send("héllo")
            assert ws.recv(timeout=5) == "héllo"
            ws.send(b"\x00\x01binary")
            assert ws.recv(timeout=5) == b"\x00\x01binary"
        assert ws.close_code == CloseCode.NORMAL_CLOSURE
    server.stop()
    assert not [r for r in server.records() if r["level"] in ("ERROR", "CRITICAL")]


def test_sigterm_lets_in_flight_requests_finish(start_server: Callable[..., Server], blackhole_port: int) -> None:
    # /health against a database that never answers takes HEALTH_TIMEOUT: an in-flight request
    server = start_server(POSTGRES_PORT=str(blackhole_port), HEALTH_TIMEOUT="2", DB_CONNECT_TIMEOUT="2")
    result: list[Response] = []
    started = time.monotonic()
    request = threading.Thread(target=lambda: result.append(get(server.base + "/health")))
    request.start()
    time.sleep(0.5)
    server.proc.send_signal(signal.SIGTERM)
    time.sleep(0.5)
    with pytest.raises(ConnectionRefusedError):  # no new connections once shutdown has begun
        socket.create_connection(("127.0.0.1", int(server.base.rsplit(":", 1)[1])), timeout=2)
    request.join(timeout=10)
    server.stop()
    assert result, "the in-flight request got no answer"
    assert result[0].status == 503
    assert json.loads(result[0].body)["status"] == "degraded"
    assert 1.5 < time.monotonic() - started < CONTRACT.drain_seconds
    messages = [str(r["message"]) for r in server.records()]
    assert messages.index("Shutting down") < messages.index("GET /health 503")
    assert messages.index("GET /health 503") < messages.index("backend stopped; database pool disposed")
