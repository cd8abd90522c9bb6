"""Static policy checks: checkov on the manifests, hadolint on the Dockerfiles. Zero findings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

TOOLS = ROOT / ".tools" / "bin"
MAX_SKIPS = 3

pytestmark = pytest.mark.slow


# The default manifests, and with MONITORING on (the PostgreSQL exporter, the policies).
@pytest.mark.parametrize("manifests", ["dist_dir", "annotated_dir"])
def test_checkov_finds_nothing(manifests: str, request: pytest.FixtureRequest) -> None:
    dist_dir: Path = request.getfixturevalue(manifests)
    config = yaml.safe_load((ROOT / ".checkov.yaml").read_text())
    assert len(config["skip-check"]) <= MAX_SKIPS
    result = subprocess.run(
        [str(TOOLS / "checkov"), "-d", str(dist_dir), "--config-file", str(ROOT / ".checkov.yaml"), "--output", "json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    summary = report["summary"]
    failed = [f"{c['check_id']} {c['resource']}" for c in report["results"]["failed_checks"]]
    assert summary["failed"] == 0, failed
    assert summary["parsing_errors"] == 0
    assert summary["passed"] > 300, "checkov did not see the manifests"
    assert result.returncode == 0


@pytest.mark.parametrize("service", ["backend", "frontend"])
def test_hadolint_finds_nothing(service: str) -> None:
    dockerfile = ROOT / service / "Dockerfile"
    result = subprocess.run(
        [str(TOOLS / "hadolint"), "--format", "json", str(dockerfile)], capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout or "[]") == []
    assert result.returncode == 0
