"""`make secret` with LOGGING=elasticsearch: the shipper's credentials go to a Secret revision in
LOGGING_NAMESPACE (its pods come from a HelmChart, not from a workload in dist/), by pipe only."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from conftest import BASE_ENV, synth_to
from ops_harness import FakeCluster, k3s_state, run_ops

from charts.logging import shipper_secret
from model.settings import load_settings

pytestmark = pytest.mark.slow  # subprocesses, like tests/test_ops.py

SEARCH = {"LOGGING": "elasticsearch", "ELASTICSEARCH_URL": "https://search.example.com"}


def test_shipper_secret_revision_lands_in_the_logging_namespace(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    synth_to(dist, **SEARCH)
    cluster = FakeCluster(tmp_path / "cluster").start(k3s_state())
    result = run_ops("secret", "--dist", str(dist), env=cluster.env(), settings=BASE_ENV | SEARCH)
    assert result.returncode == 0, result.stderr
    name = shipper_secret(load_settings(BASE_ENV | SEARCH, None))
    stored = cluster.objects("Secret")[name]
    assert stored["metadata"]["namespace"] == "logging"
    decoded = {k: base64.b64decode(v).decode("utf-8") for k, v in stored["data"].items()}
    assert decoded == {k: BASE_ENV[k] for k in ("ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD")}
    assert "logging" in {n for n in cluster.objects("Namespace")}
    backend = [s for n, s in cluster.objects("Secret").items() if n.startswith("backend-secrets-")]
    assert backend and "ELASTICSEARCH_PASSWORD" not in backend[0]["data"]
    assert not any(BASE_ENV["ELASTICSEARCH_PASSWORD"] in " ".join(c["argv"]) for c in cluster.calls())


def test_no_logging_secret_without_elasticsearch(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    synth_to(dist)
    cluster = FakeCluster(tmp_path / "cluster").start(k3s_state())
    result = run_ops("secret", "--dist", str(dist), env=cluster.env())
    assert result.returncode == 0, result.stderr
    assert not [n for n in cluster.objects("Secret") if n.startswith("fluent-bit-")]
