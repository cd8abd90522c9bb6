"""The frontend's run contract (frontend/contract.toml: port, health path, drain, environment)
is what the image, the chart, `make run`, `make dev` and Next itself use.

The Dockerfile and the Makefiles cannot import it, so they are checked against it here; the
Python launchers read it (model/frontend_contract.py), and no other file writes its port or
health path.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, one

from charts.frontend import POD_HOSTNAME
from model.frontend_contract import FRONTEND_CONTRACT, load_frontend_contract
from model.topology import FRONTEND, FRONTEND_PORT, ROUTES
from scripts import devparts
from scripts.devlayout import Layout

Docs = list[dict[str, Any]]
FRONTEND_DIR = ROOT / "frontend"


def final_stage(dockerfile: Path) -> list[tuple[str, str]]:
    """(instruction, arguments) of the image's last stage, continuation lines joined."""
    text = re.sub(r"\\\n\s*", " ", dockerfile.read_text())
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    last_from = max(i for i, line in enumerate(lines) if line.upper().startswith("FROM "))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines[last_from:]]


def test_the_contract_reads_as_written() -> None:
    contract = load_frontend_contract()
    assert contract == FRONTEND_CONTRACT
    assert contract.port == FRONTEND_PORT
    assert contract.health_path.startswith("/") and contract.drain_seconds > 0
    assert contract.server_env("127.0.0.1", port=4000) == {
        "PORT": "4000",
        "HOSTNAME": "127.0.0.1",
        "NODE_ENV": "production",
        "NEXT_TELEMETRY_DISABLED": "1",
    }


def test_the_image_runs_the_contract() -> None:
    stage = final_stage(FRONTEND_DIR / "Dockerfile")
    env = {
        key: value
        for instruction, arguments in stage
        if instruction == "ENV"
        for key, _, value in (pair.partition("=") for pair in shlex.split(arguments))
    }
    assert env == FRONTEND_CONTRACT.server_env(POD_HOSTNAME), "the image's ENV is the chart's environment"
    assert [args for instruction, args in stage if instruction == "EXPOSE"] == [str(FRONTEND_CONTRACT.port)]
    [healthcheck] = [args for instruction, args in stage if instruction == "HEALTHCHECK"]
    [url] = re.findall(r"http://127\.0\.0\.1:(\S+?)\\?\"", healthcheck)
    assert url == "${PORT}" + FRONTEND_CONTRACT.health_path, "the health check asks the contract's path on PORT"


def test_the_health_path_is_a_next_route() -> None:
    route = FRONTEND_DIR / "app" / FRONTEND_CONTRACT.health_path.strip("/") / "route.ts"
    assert route.is_file(), f"no Next route handler at {FRONTEND_CONTRACT.health_path}"
    assert re.search(r"export (async )?function GET\b", route.read_text())


def test_the_chart_runs_the_contract(docs: Docs) -> None:
    pod = one(docs, "Deployment", FRONTEND)["spec"]["template"]["spec"]
    [server] = pod["containers"]
    assert {var["name"]: var["value"] for var in server["env"]} == FRONTEND_CONTRACT.server_env(POD_HOSTNAME)
    assert [port["containerPort"] for port in server["ports"]] == [FRONTEND_CONTRACT.port]
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert server[probe]["httpGet"]["path"] == FRONTEND_CONTRACT.health_path, probe
    [route] = [route for route in ROUTES if route.service == FRONTEND]
    assert route.port == FRONTEND_CONTRACT.port


def test_next_reads_the_proxy_target_the_contract_names() -> None:
    config = (FRONTEND_DIR / "next.config.ts").read_text()
    assert f"process.env.{FRONTEND_CONTRACT.api_proxy_target_var}" in config


@pytest.mark.slow  # a process
def test_make_run_serves_on_the_contract_port() -> None:
    result = subprocess.run(
        ["make", "-s", "-C", str(FRONTEND_DIR), "--eval", "print-port: ; @echo $(PORT)", "print-port"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == str(FRONTEND_CONTRACT.port)


def test_make_dev_runs_the_frontend_by_the_contract() -> None:
    layout = Layout(state=Path("state"))
    service = devparts.frontend_service(layout)
    assert {k: v for k, v in service.env.items() if k != "PATH"} == {
        **FRONTEND_CONTRACT.server_env(layout.host),
        # as the backends: the stand-in HTTPS proxy's X-Request-Id is kept
        FRONTEND_CONTRACT.trusted_proxies_var: layout.proxy_address,
    }
    assert devparts.frontend_health_url(layout) == f"http://127.0.0.1:{layout.frontend_port}/healthz"


def written_literals(pattern: str) -> list[str]:
    """Lines outside the contract and the tests that write `pattern`."""
    files = [
        *ROOT.glob("*.py"),
        *(p for d in ("charts", "model", "scripts") for p in (ROOT / d).rglob("*.py")),
        ROOT / "Makefile",
        FRONTEND_DIR / "Makefile",
        FRONTEND_DIR / "next.config.ts",
    ]
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(pattern, line)
    ]


def test_nothing_else_writes_the_port_or_the_health_path() -> None:
    assert written_literals(rf"(?<![\d.]){FRONTEND_CONTRACT.port}(?!\d)") == []
    assert written_literals(re.escape(FRONTEND_CONTRACT.health_path) + r"\b") == []
