"""Static policy checks: checkov on the manifests, hadolint on the Dockerfiles. Zero findings."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import BASE_ENV, ROOT, synth_to

TOOLS = ROOT / ".tools" / "bin"
MAX_SKIPS = 3

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def logging_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LOGGING=loki beside LOGGING=elasticsearch's file: every object either mode adds."""
    loki = tmp_path_factory.mktemp("logging") / "dist"
    synth_to(loki, LOGGING="loki")
    search = tmp_path_factory.mktemp("search") / "dist"
    synth_to(search, LOGGING="elasticsearch", ELASTICSEARCH_URL="https://search.example.com")
    [added] = search.glob("*-logging.yaml")
    (loki / "9999-logging-elasticsearch.yaml").write_text(added.read_text())
    assert BASE_ENV["ELASTICSEARCH_PASSWORD"] not in (loki / "9999-logging-elasticsearch.yaml").read_text()
    return loki


# The default manifests, with MONITORING on (the PostgreSQL exporter, the policies), and
# with LOGGING on (its namespace, HelmCharts and policies).
@pytest.mark.parametrize("manifests", ["dist_dir", "annotated_dir", "logging_dir"])
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
