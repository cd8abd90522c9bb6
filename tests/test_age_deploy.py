"""SECRETS_SOURCE=age end to end: `make env-check` (main.py) and `make secret` (scripts/ops.py against the
fake cluster and a real kubectl) decrypt in memory and see the same values; a bad setup applies nothing."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from age_kit import SECRETS, App, make_app
from conftest import ROOT
from ops_harness import MUTATING, FakeCluster, run_ops, verb

pytestmark = pytest.mark.slow  # main.py, ops.py and kubectl, in subprocesses


def absolute(app: App) -> dict[str, str]:
    # ops.py keeps the secret files beside the checkout; these settings point it at the test's.
    return {"SECRETS_AGE_FILE": str(app.files.secrets), "SECRETS_AGE_RECIPIENTS": str(app.files.recipients)}


def test_make_secret_pipes_the_decrypted_values_to_kubectl(
    tmp_path: Path, dist_dir: Path, cluster: FakeCluster
) -> None:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("no kubectl installed")  # as tests/test_ops.py: the fake renders through a real one
    app = make_app(tmp_path / "app")
    env = cluster.env(FAKE_REAL_KUBECTL=kubectl, ENV_FILE=str(app.env_file), **app.environ(), **absolute(app))
    result = run_ops("secret", "--dist", str(dist_dir), env=env, settings={})
    assert result.returncode == 0, result.stderr
    stored = cluster.objects("Secret")["yoshikosan-secrets"]
    assert {k: base64.b64decode(v).decode() for k, v in stored["data"].items()} == SECRETS
    calls = cluster.calls()
    assert not any(v in " ".join(c["argv"]) for c in calls for v in SECRETS.values()), "never in argv"
    assert not any(v in result.stdout + result.stderr for v in SECRETS.values()), "never printed"
    for path in app.dir.rglob("*"):
        assert SECRETS["SECRET_KEY"].encode() not in path.read_bytes(), f"plaintext in {path}"


def test_a_wrong_key_stops_make_secret_before_anything_is_applied(
    tmp_path: Path, dist_dir: Path, cluster: FakeCluster
) -> None:
    app = make_app(tmp_path / "app")
    env = cluster.env(ENV_FILE=str(app.env_file), AGE_KEY_FILE=str(app.other.file), **absolute(app))
    result = run_ops("secret", "--dist", str(dist_dir), env=env, settings={})
    assert result.returncode == 2
    assert "secrets.env.age is not encrypted for your identity" in result.stderr
    assert not [c for c in cluster.argvs() if verb(c) in MUTATING]


def test_env_check_decrypts_and_generates_what_monitoring_needs(tmp_path: Path) -> None:
    # main.py finds .env and the secret files beside itself: a copy of it in the app directory.
    app = make_app(tmp_path, {k: v for k, v in SECRETS.items() if k != "POSTGRES_EXPORTER_PASSWORD"})
    shutil.copy(ROOT / "main.py", app.dir / "main.py")
    env = {"PATH": os.environ["PATH"], **app.environ()}

    def check(**extra: str) -> subprocess.CompletedProcess[str]:
        argv = [sys.executable, str(app.dir / "main.py"), "check"]
        return subprocess.run(argv, env={**env, **extra}, capture_output=True, text=True, timeout=60)

    assert check().returncode == 0
    before = app.files.secrets.read_bytes()
    on = check(MONITORING="annotations")
    assert on.returncode == 0, on.stderr
    assert "updated secrets.env.age with a generated POSTGRES_EXPORTER_PASSWORD" in on.stderr
    assert app.files.secrets.read_bytes() != before
    wrong = check(AGE_KEY_FILE=str(app.other.file))
    assert wrong.returncode == 2 and "invalid settings (1 problem)" in wrong.stderr, wrong.stderr
