"""SECRETS_SOURCE=external-secrets against tests/fake_kubectl.py: the deploy preflight stops on a missing
operator or store with one line and nothing applied; with a Ready store `make secret` applies nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV
from ops_harness import MUTATING, FakeCluster, k3s_state, run_ops, verb

from model.settings import SECRET_KEYS

pytestmark = pytest.mark.slow  # ops.py and the fake kubectl, in subprocesses

SETTINGS = {
    **{k: v for k, v in BASE_ENV.items() if k not in SECRET_KEYS},
    "SECRETS_SOURCE": "external-secrets",
    "EXTERNAL_SECRETS_STORE": "vault",
}


def crd(versions: tuple[tuple[str, bool], ...] = (("v1", True), ("v1beta1", False))) -> dict[str, Any]:
    # The fake serves the operator's kinds once this CRD is there, as the API server does.
    return {
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": "externalsecrets.external-secrets.io"},
        "spec": {"versions": [{"name": name, "served": served} for name, served in versions]},
    }


def store_crd() -> dict[str, Any]:
    return {**crd(), "metadata": {"name": "clustersecretstores.external-secrets.io"}}


def store(ready: str = "True", reason: str = "StoreValidated", message: str = "store validated") -> dict[str, Any]:
    condition = {"type": "Ready", "status": ready, "reason": reason, "message": message}
    return {
        "apiVersion": "external-secrets.io/v1",
        "kind": "ClusterSecretStore",
        "metadata": {"name": "vault"},
        "status": {"conditions": [condition]},
    }


@pytest.fixture
def cluster(tmp_path: Path) -> FakeCluster:
    return FakeCluster(tmp_path / "cluster").start(k3s_state())


def refused(cluster: FakeCluster, command: str, dist: Path) -> str:
    result = run_ops(command, "--dist", str(dist), env=cluster.env(), settings=SETTINGS)
    assert result.returncode == 1, result.stderr
    assert not [c for c in cluster.argvs() if verb(c) in MUTATING], "nothing applied, not even the probe"
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


@pytest.mark.parametrize("command", ["secret", "deploy"])
def test_no_operator_stops_before_anything_is_applied(dist_dir: Path, cluster: FakeCluster, command: str) -> None:
    line = refused(cluster, command, dist_dir)
    assert line.startswith("error: no CRD externalsecrets.external-secrets.io: the External Secrets Operator is not ")
    assert "helm install external-secrets" in line


def test_an_operator_without_the_v1_api_is_refused(dist_dir: Path, cluster: FakeCluster) -> None:
    cluster.add(crd((("v1beta1", True),)), store_crd())
    line = refused(cluster, "deploy", dist_dir)
    assert "serves v1beta1, not external-secrets.io/v1 that dist/ uses: upgrade" in line


@pytest.mark.parametrize("command", ["secret", "deploy"])
def test_a_missing_store_is_named_with_its_fix(dist_dir: Path, cluster: FakeCluster, command: str) -> None:
    cluster.add(crd(), store_crd())
    assert refused(cluster, command, dist_dir) == (
        "error: no ClusterSecretStore vault (EXTERNAL_SECRETS_STORE): create it (docs/secrets.md has Vault and "
        "AWS examples), or set EXTERNAL_SECRETS_STORE to one that `kubectl get clustersecretstores` lists"
    )


def test_a_store_that_is_not_ready_says_why(dist_dir: Path, cluster: FakeCluster) -> None:
    cluster.add(crd(), store_crd(), store("False", "InvalidProviderConfig", "permission denied"))
    line = refused(cluster, "deploy", dist_dir)
    assert line.startswith("error: ClusterSecretStore vault is not Ready (InvalidProviderConfig: permission denied)")
    assert "kubectl describe clustersecretstore vault" in line


def test_with_a_ready_store_make_secret_applies_no_secret(dist_dir: Path, cluster: FakeCluster) -> None:
    cluster.add(crd(), store_crd(), store())
    result = run_ops("secret", "--dist", str(dist_dir), env=cluster.env(), settings=SETTINGS)
    assert result.returncode == 0, result.stderr
    assert "preflight: ClusterSecretStore vault exists and is Ready" in result.stderr
    assert "the values come from ClusterSecretStore vault" in result.stderr
    assert not [c for c in cluster.argvs() if verb(c) == "apply"]
    assert not cluster.objects("Secret")


def test_restart_also_restarts_the_exporter_that_reads_the_store(dist_dir: Path, cluster: FakeCluster) -> None:
    settings = {**SETTINGS, "MONITORING": "annotations"}
    result = run_ops("restart", "--dist", str(dist_dir), "--dry-run", env=cluster.env(), settings=settings)
    assert result.returncode == 0, result.stderr
    assert "rollout restart deployment/backend deployment/frontend deployment/postgres-exporter" in result.stdout
