"""One stack for every end-to-end test of a session: starting it is the costly part, and every
module shares the fixed gateway port 6666, so they run on one worker, in turn (ONE_WORKER in
tests/conftest.py)."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from e2e.stack import BASE, GATEWAY_PORT, HOST, LAYOUT, devstack
from model.paths import ROOT
from pgcluster import runtime_dir
from scripts.devmonitor import DevMonitor


@pytest.fixture(scope="session")
def stack() -> Iterator[Path]:
    """A fresh DEV_STATE with `make dev`'s stack up in it, stopped and removed afterwards.

    As root, in pgcluster's runtime directory: the unprivileged account that runs PostgreSQL
    and Traefik reaches it wherever the checkout sits (one under /root or in a `mktemp -d`
    is closed to it). Otherwise under .cache/, not under pytest's temporary root: any pytest
    session resets that to mode 700.
    """
    with socket.socket() as probe:
        if probe.connect_ex((HOST, GATEWAY_PORT)) == 0:
            pytest.fail(f"something already listens on {BASE} (a `make dev`?): run `make dev-down` first")
    parent = runtime_dir() if os.geteuid() == 0 else ROOT / ".cache"
    parent.mkdir(exist_ok=True)
    state = Path(tempfile.mkdtemp(prefix="e2e-", dir=parent))
    state.chmod(0o755)
    try:
        started = devstack(state, "up")
        try:
            assert started.returncode == 0, started.stdout + started.stderr
            yield state
        finally:
            stopped = devstack(state, "down")
            assert stopped.returncode == 0, stopped.stderr
    finally:
        shutil.rmtree(state, ignore_errors=True)


@pytest.fixture(scope="session")
def prometheus(stack: Path) -> DevMonitor:
    """The stack's Prometheus, as scripts/devstack.py builds it from this environment."""
    monitor = dataclasses.replace(LAYOUT, state=stack).monitor
    monitor.wait_ready(30)
    return monitor
