"""Running scripts/ops.py as `make` does, against tests/fake_kubectl.py's cluster state."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from conftest import BASE_ENV, ROOT

from model.k3s import NODE_PORT_RANGE
from scripts.devlayout import Layout

OPS = ROOT / "scripts" / "ops.py"
FAKE = Path(__file__).with_name("fake_kubectl.py")
# Verbs that change a cluster; a preflight failure must leave the log without any of them
# (the NodePort probe's create, refused, is the one exception and is asserted separately).
MUTATING = {"apply", "create", "delete", "rollout", "scale", "label", "patch", "annotate"}


def run_ops(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = "", settings: dict[str, str] = BASE_ENV
) -> subprocess.CompletedProcess[str]:
    """ops.py with `settings` in the environment and `env` on top; ENV_FILE is empty unless `env` names one."""
    full_env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "ENV_FILE": os.devnull,
        **settings,
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, str(OPS), *args], env=full_env, capture_output=True, text=True, input=stdin, timeout=120
    )


def k3s_state(
    *,
    chart: str = "https://%{KUBERNETES_API}%/static/charts/traefik-41.3.0+up41.3.0.tgz",
    node_port_range: tuple[int, int] = (6666, 9999),
    traefik_node_ports: tuple[int, ...] = (30080, 30443),
) -> dict[str, Any]:
    """A single-node k3s as installed: its Traefik HelmChart and Service, nothing of the app yet."""
    ports = [{"name": f"p{i}", "port": 80 + i, "nodePort": p} for i, p in enumerate(traefik_node_ports)]
    return {
        "node_port_range": list(node_port_range),
        "objects": [
            {
                "apiVersion": "helm.cattle.io/v1",
                "kind": "HelmChart",
                "metadata": {"name": "traefik", "namespace": "kube-system"},
                "spec": {"chart": chart},
            },
            {
                "apiVersion": "v1",
                "kind": "Service",
                "metadata": {"name": "traefik", "namespace": "kube-system"},
                "spec": {"type": "LoadBalancer", "ports": ports},
            },
        ],
    }


@dataclass
class FakeCluster:
    dir: Path

    @property
    def state_file(self) -> Path:
        return self.dir / "state.json"

    @property
    def log_file(self) -> Path:
        return self.dir / "calls.jsonl"

    @property
    def kubectl(self) -> Path:
        return self.dir / "kubectl"

    def start(self, state: dict[str, Any]) -> FakeCluster:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.kubectl.write_text(f'#!/bin/sh\nexec {sys.executable} {FAKE} "$@"\n')
        self.kubectl.chmod(0o755)
        self.state_file.write_text(json.dumps(state))
        self.log_file.write_text("")
        return self

    def env(self, **extra: str) -> dict[str, str]:
        return {
            "KUBECTL": str(self.kubectl),
            "FAKE_KUBECTL_STATE": str(self.state_file),
            "FAKE_KUBECTL_LOG": str(self.log_file),
            **extra,
        }

    def calls(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.log_file.read_text().splitlines()]

    def argvs(self) -> list[list[str]]:
        return [call["argv"] for call in self.calls()]

    def forget_calls(self) -> None:
        self.log_file.write_text("")

    @property
    def state(self) -> dict[str, Any]:
        state: dict[str, Any] = json.loads(self.state_file.read_text())
        return state

    def objects(self, kind: str) -> dict[str, dict[str, Any]]:
        return {o["metadata"]["name"]: o for o in self.state["objects"] if o["kind"] == kind}

    def add(self, *objects: dict[str, Any]) -> None:
        state = self.state
        state["objects"].extend(objects)
        self.state_file.write_text(json.dumps(state))

    def images(self, deployment: str) -> list[str]:
        spec = self.objects("Deployment")[deployment]["spec"]["template"]["spec"]
        return [c["image"] for c in spec["containers"]]


def verb(argv: list[str]) -> str:
    words = [a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--namespace")]
    return words[0]


# -- the app behind the NodePort, for the smoke check --------------------------------------------

HTML = "text/html; charset=utf-8"
JSON = "application/json"
DOCS_PAGE = "<!DOCTYPE html><html><head><title>API</title></head><body><script>url: '/api/openapi.json'</script></html>"


def health(database: str = "connected", version: str = "0.1.0") -> str:
    status = "healthy" if database == "connected" else "degraded"
    return json.dumps({"status": status, "database": database, "timestamp": "2025-01-01T00:00:00Z", "version": version})


Answer = tuple[int, str, str]  # status, content type, body


@dataclass
class App:
    """What each path answers, or a function computing it per request; `hosts` records the Host headers seen."""

    answers: dict[str, Answer | Callable[[], Answer]] = field(
        default_factory=lambda: {
            "/": (200, HTML, "<!DOCTYPE html><html lang='en'><body>yoshikosan</body></html>"),
            "/api/health": (200, JSON, health()),
            "/api/docs": (200, HTML, DOCS_PAGE),
        }
    )
    hosts: list[str] = field(default_factory=list)
    url: str = ""


@contextmanager
def serve_app() -> Iterator[App]:
    """A real HTTP server on a free port in the NodePort range, answering as the app would."""
    state = App()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.hosts.append(self.headers.get("Host", ""))
            answer = state.answers.get(self.path, (404, "text/plain", "not found"))
            status, content_type, body = answer() if callable(answer) else answer
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = serve_in_node_port_range(Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def serve_in_node_port_range(handler: type[BaseHTTPRequestHandler]) -> ThreadingHTTPServer:
    """A free port that EXTERNAL_PORT accepts, none of `make dev`'s (the end-to-end stack's, which
    may be starting on another xdist worker)."""
    low, high = NODE_PORT_RANGE
    taken = set(Layout(state=Path(".dev")).fixed_ports.values())
    for port in random.sample(sorted(set(range(low, high + 1)) - taken), 50):
        try:
            return ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError:
            continue
    raise RuntimeError(f"no free port in {low + 1}-{high}")
