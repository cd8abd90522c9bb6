"""The manifests run the backend by its own contract, and the images build from the pinned bases.

The backend's run contract is backend/app/contract.toml (commands, probe paths, port, drain):
read here with tomllib, since the backend's package lives in another virtualenv. Its settings
are checked by the backend itself (``python -m app.cli check-config`` in backend/.venv) against
the exact environment the Deployment gives each container.
"""

from __future__ import annotations

import json
import re
import subprocess
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SECRETS, one

from model.topology import BACKEND

Docs = list[dict[str, Any]]

BACKEND_DIR = ROOT / "backend"
CONTRACT_FILE = BACKEND_DIR / "app" / "contract.toml"
BACKEND_PYTHON = BACKEND_DIR / ".venv" / "bin" / "python"

# Every image the Dockerfiles build from, with its tag: the one table a base-image bump is
# checked against. (PostgreSQL's image is no build base: its tag is the POSTGRES_TAG setting.)
BASE_IMAGES = {
    "ghcr.io/astral-sh/uv": "0.13.9",
    "python": "3.13.15-slim",
    "oven/bun": "1.3.9-alpine",
    "node": "22.23.2-alpine3.23",
    "alpine": "3.22",
}


@pytest.fixture(scope="module")
def contract() -> dict[str, Any]:
    with CONTRACT_FILE.open("rb") as fh:
        return tomllib.load(fh)


def backend_pod(docs: Docs) -> dict[str, Any]:
    spec: dict[str, Any] = one(docs, "Deployment", BACKEND)["spec"]["template"]["spec"]
    return spec


def argv(container: dict[str, Any]) -> list[str]:
    return [*container.get("command", []), *container.get("args", [])]


def container_env(docs: Docs, container: dict[str, Any], secrets: Mapping[str, str]) -> dict[str, str]:
    """The environment the kubelet would give ``container`` when the Secret holds ``secrets``."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(one(docs, "ConfigMap", source["configMapRef"]["name"])["data"])
        elif "secretRef" in source:
            env.update(secrets)
        else:
            raise AssertionError(f"{container['name']}: unknown envFrom source {source}")
    for var in container.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        elif "secretKeyRef" in var.get("valueFrom", {}):
            ref = var["valueFrom"]["secretKeyRef"]
            if ref["key"] in secrets:
                env[var["name"]] = secrets[ref["key"]]
            else:
                assert ref.get("optional"), f"{container['name']}: {var['name']} needs a Secret key no one sets"
        else:
            raise AssertionError(f"{container['name']}: {var['name']} comes from an unknown source")
    return env


# --- fail until the chart runs the contract (charts/backend.py: prestart/serve, /readyz, pre-stop)


def test_backend_runs_the_contract_commands(docs: Docs, contract: dict[str, Any]) -> None:
    pod = backend_pod(docs)
    [server] = pod["containers"]
    assert argv(server) == ["python", *contract["commands"]["serve"]]
    assert [argv(c) for c in pod.get("initContainers", [])] == [["python", *contract["commands"]["prestart"]]]


def test_backend_probes_and_port_are_the_contracts(docs: Docs, contract: dict[str, Any]) -> None:
    [server] = backend_pod(docs)["containers"]
    probes = contract["probes"]
    # readiness is never the database status: a database outage must not empty the Service
    assert server["readinessProbe"]["httpGet"]["path"] == probes["readiness"]
    assert server["livenessProbe"]["httpGet"]["path"] == probes["liveness"]
    assert server["startupProbe"]["httpGet"]["path"] == probes["liveness"]
    env = container_env(docs, server, SECRETS)
    ports = {p["name"]: p["containerPort"] for p in server["ports"]}
    assert set(ports) == {"http", "metrics"}
    assert ports["http"] == int(env.get("PORT", contract["server"]["default_port"]))
    assert ports["metrics"] == int(env["METRICS_PORT"]), "the metrics server listens where the port says"


def test_grace_period_covers_pre_stop_pause_and_drain(docs: Docs, contract: dict[str, Any]) -> None:
    pod = backend_pod(docs)
    [server] = pod["containers"]
    pause = server.get("lifecycle", {}).get("preStop", {}).get("sleep", {}).get("seconds", 0)
    assert pause > 0, "no pre-stop pause: Traefik can still route to a pod that stopped accepting"
    assert pod["terminationGracePeriodSeconds"] > pause + contract["server"]["drain_seconds"]


# --- holds today


def check_config(env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """The backend validating exactly ``env`` (nothing inherited), as its server would at start."""
    if not BACKEND_PYTHON.exists():
        pytest.fail(f"{BACKEND_PYTHON} is missing: run `make -C backend install`")
    return subprocess.run(
        [str(BACKEND_PYTHON), "-m", "app.cli", "check-config"],
        cwd=BACKEND_DIR,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.slow
def test_every_setting_given_is_read_and_every_required_one_given(docs: Docs) -> None:
    pod = backend_pod(docs)
    required_only = {
        ref["key"]: SECRETS[ref["key"]]
        for c in pod["containers"]
        for var in c.get("env", [])
        if (ref := var.get("valueFrom", {}).get("secretKeyRef")) and not ref.get("optional")
    }
    assert required_only, "the backend gets no required secret: where do its password and key come from?"
    envs = {
        json.dumps(container_env(docs, c, secrets), sort_keys=True)
        for c in [*pod.get("initContainers", []), *pod["containers"]]
        for secrets in (SECRETS, required_only)
    }
    for env in map(json.loads, sorted(envs)):
        result = check_config(env)
        assert result.returncode == 0, f"the backend refuses the environment the manifests give it:\n{result.stderr}"
        assert set(env) <= set(json.loads(result.stdout)["settings"]), "given to the backend but not read by it"
        for value in SECRETS.values():
            assert value not in result.stdout + result.stderr
    # and the check has teeth: without a required secret, the backend says which one
    server_env = container_env(docs, pod["containers"][0], SECRETS)
    result = check_config({k: v for k, v in server_env.items() if k != "SECRET_KEY"})
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr


def from_images(dockerfile: Path) -> list[str]:
    """Images a Dockerfile pulls: FROM and COPY --from references that are not its own stages."""
    stages: set[str] = set()
    images: list[str] = []
    for line in dockerfile.read_text().splitlines():
        if match := re.match(r"FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE):
            source, stage = match.groups()
        elif match := re.match(r"COPY\s+.*--from=(\S+)", line, re.IGNORECASE):
            source, stage = match.group(1), None
        else:
            continue
        if source.lower() not in stages:
            images.append(source)
        if stage:
            stages.add(stage.lower())
    return images


def test_dockerfiles_build_from_the_pinned_base_images() -> None:
    dockerfiles = sorted(ROOT.glob("*/Dockerfile"))
    assert {p.parent.name for p in dockerfiles} >= {"backend", "frontend"}
    used = set()
    for dockerfile in dockerfiles:
        for image in from_images(dockerfile):
            name, _, tag = image.rpartition(":")
            assert name in BASE_IMAGES, f"{dockerfile.relative_to(ROOT)}: {image} is not in BASE_IMAGES"
            assert tag == BASE_IMAGES[name], f"{dockerfile.relative_to(ROOT)}: {image}, pinned {BASE_IMAGES[name]}"
            used.add(name)
    assert used == set(BASE_IMAGES), f"pinned but unused: {set(BASE_IMAGES) - used}"
