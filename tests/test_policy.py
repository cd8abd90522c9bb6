"""Static policy checks: checkov on the manifests, hadolint on the Dockerfiles. Zero findings."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

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


CHECKED = ("dist_dir", "annotated_dir", "logging_dir")


@pytest.fixture(scope="module")
def checkov(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One checkov run over every set, each in a directory of its own (checkov's start-up is
    most of a run's time); its JSON report."""
    config = yaml.safe_load((ROOT / ".checkov.yaml").read_text())
    assert len(config["skip-check"]) <= MAX_SKIPS
    root = tmp_path_factory.mktemp("checkov")
    for name in CHECKED:
        shutil.copytree(request.getfixturevalue(name), root / "sets" / name)
    # The project's configuration, listing the passed checks too: they are counted per set.
    (root / "config.yaml").write_text(yaml.safe_dump({**config, "quiet": False}))
    result = subprocess.run(
        [
            str(TOOLS / "checkov"),
            "-d",
            str(root / "sets"),
            "--config-file",
            str(root / "config.yaml"),
            "--output",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: a check failed, which the tests name
    report: dict[str, object] = json.loads(result.stdout)
    return report


# The default manifests, with MONITORING on (the PostgreSQL exporter, the policies), and
# with LOGGING on (its namespace, HelmCharts and policies).
@pytest.mark.parametrize("manifests", CHECKED)
def test_checkov_finds_nothing(manifests: str, checkov: dict[str, Any]) -> None:
    def mine(check: dict[str, Any]) -> bool:
        return str(check["file_path"]).startswith(f"/{manifests}/")

    results = checkov["results"]
    failed = [f"{c['check_id']} {c['file_path']} {c['resource']}" for c in results["failed_checks"] if mine(c)]
    assert failed == []
    assert [e for e in results.get("parsing_errors", []) if f"/{manifests}/" in e] == []
    assert sum(map(mine, results["passed_checks"])) > 300, "checkov did not see the manifests"


@pytest.mark.parametrize("service", ["backend", "frontend"])
def test_hadolint_finds_nothing(service: str) -> None:
    dockerfile = ROOT / service / "Dockerfile"
    result = subprocess.run(
        [str(TOOLS / "hadolint"), "--format", "json", str(dockerfile)], capture_output=True, text=True, timeout=60
    )
    assert json.loads(result.stdout or "[]") == []
    assert result.returncode == 0
