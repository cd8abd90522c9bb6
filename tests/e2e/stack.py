"""The end-to-end stack's fixed facts, shared by tests/e2e/conftest.py and the test modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from model.paths import ROOT
from pgcluster import free_port
from scripts.devlayout import Layout

# Every command of the session's stack must find the same Prometheus.
PROMETHEUS_PORT = free_port()
# What scripts/devstack.py builds from this environment (the state aside).
LAYOUT = Layout.from_environ({"DEV_PROMETHEUS_PORT": str(PROMETHEUS_PORT)})
HOST, GATEWAY_PORT, DEV_PROXY_ADDRESS = LAYOUT.host, LAYOUT.gateway_port, LAYOUT.proxy_address
BASE = f"http://{HOST}:{GATEWAY_PORT}"


def devstack(state: Path, *command: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DEV_STATE": str(state), "DEV_PROMETHEUS_PORT": str(PROMETHEUS_PORT)}
    argv = [sys.executable, str(ROOT / "scripts" / "devstack.py"), *command]
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
