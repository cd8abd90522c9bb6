"""Day-2 commands (scripts/ops.py) without a cluster: what they would run, and how they fail."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_ENV, ROOT, SECRETS

OPS = ROOT / "scripts" / "ops.py"
pytestmark = pytest.mark.slow  # subprocesses; `make test-manifests` leaves these out


def ops(
    *args: str, extra_env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "ENV_FILE": os.devnull,
        **BASE_ENV,
        **(extra_env or {}),
    }
    return subprocess.run(
        [sys.executable, str(OPS), *args], env=env, capture_output=True, text=True, input=stdin, timeout=60
    )


def dry(*args: str) -> list[str]:
    result = ops(*args, "--dry-run")
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_deploy_applies_namespace_then_secret_then_everything_with_a_safe_prune() -> None:
    lines = dry("deploy")
    assert lines[0].endswith("apply -f " + str(ROOT / "dist" / "0000-foundation.yaml"))
    assert "create secret generic yoshikosan-secrets --from-env-file=/dev/stdin" in lines[1]
    apply = lines[2]
    assert "--prune -l app.kubernetes.io/part-of=yoshikosan" in apply
    allow = [part.split("=", 1)[1] for part in apply.split() if part.startswith("--prune-allowlist=")]
    assert allow, "prune without an allowlist would consider every kind"
    assert not any("PersistentVolumeClaim" in a or "Secret" in a or "Namespace" in a for a in allow)
    assert [line.split()[-2] for line in lines[3:]] == [
        "statefulset/postgres",
        "deployment/backend",
        "deployment/frontend",
    ]


def test_no_secret_value_is_ever_printed_or_put_in_argv() -> None:
    text = "\n".join(dry("secret") + dry("deploy"))
    assert not any(value in text for value in SECRETS.values())


def test_logs_follow_every_container_by_label() -> None:
    [line] = dry("logs")
    assert "logs -l app.kubernetes.io/part-of=yoshikosan --all-containers --prefix --follow" in line


def test_down_keeps_data_and_secret() -> None:
    [line] = dry("down")
    kinds = line.split("delete ")[1].split()[0].split(",")
    assert "deployment" in kinds and "statefulset" in kinds
    assert not {"pvc", "persistentvolumeclaim", "secret", "namespace"} & set(kinds)


def test_restore_streams_the_file_into_pg_restore_in_one_transaction(tmp_path: Path) -> None:
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    lines = dry("db-restore", "--file", str(dump))
    assert "pg_restore" in lines[0] and "--single-transaction" in lines[0]
    assert lines[0].endswith(f"< {dump}")


def test_restore_needs_an_existing_file() -> None:
    result = ops("db-restore", "--file", "/nonexistent.dump", "--dry-run")
    assert result.returncode == 1 and "no such file" in result.stderr
    result = ops("db-restore", "--dry-run")
    assert result.returncode == 1 and "FILE=" in result.stderr


def test_missing_kubectl_gets_a_clear_message() -> None:
    result = ops("status", extra_env={"KUBECTL": "/nonexistent/kubectl"})
    assert result.returncode == 1
    assert "not found on PATH" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_cluster_gets_a_clear_message(tmp_path: Path) -> None:
    kubeconfig = tmp_path / "config"
    kubeconfig.write_text(
        json.dumps(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "fake",
                "clusters": [{"name": "fake", "cluster": {"server": "https://127.0.0.1:1"}}],
                "contexts": [{"name": "fake", "context": {"cluster": "fake", "user": "fake"}}],
                "users": [{"name": "fake", "user": {"token": "x"}}],
            }
        )
    )
    if not any((Path(p) / "kubectl").exists() for p in os.environ["PATH"].split(":")):
        pytest.skip("kubectl is not installed")
    result = ops("status", extra_env={"KUBECONFIG": str(kubeconfig)})
    assert result.returncode == 1
    assert "no cluster reachable" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def fake_kubectl(tmp_path: Path) -> tuple[Path, Path]:
    """A kubectl that records its argv and stdin, one JSON line per call."""
    log = tmp_path / "calls.jsonl"
    script = tmp_path / "kubectl"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, sys\n"
        "data = sys.stdin.read() if not sys.stdin.isatty() else ''\n"
        f"open({str(log)!r}, 'a').write(json.dumps({{'argv': sys.argv[1:], 'stdin': data}}) + '\\n')\n"
        "if sys.argv[1:2] == ['version']: print('{}')\n"
        "if 'create' in sys.argv: print('kind: Secret')\n"
    )
    script.chmod(0o755)
    return script, log


def test_secret_values_reach_kubectl_through_stdin_only(fake_kubectl: tuple[Path, Path]) -> None:
    script, log = fake_kubectl
    result = ops("secret", extra_env={"KUBECTL": str(script)}, stdin="")
    assert result.returncode == 0, result.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()]
    create = next(c for c in calls if "create" in c["argv"])
    assert create["stdin"] == "".join(f"{k}={v}\n" for k, v in SECRETS.items())
    assert not any(v in " ".join(c["argv"]) for c in calls for v in SECRETS.values())
    apply = next(c for c in calls if c["argv"][:3] == ["apply", "-f", "-"])
    assert apply["stdin"] == "kind: Secret\n"


def test_db_reset_refuses_without_typed_confirmation(fake_kubectl: tuple[Path, Path]) -> None:
    script, log = fake_kubectl
    result = ops("db-reset", extra_env={"KUBECTL": str(script)}, stdin="")
    assert result.returncode == 1 and "CONFIRM=yoshikosan" in result.stderr
    assert not log.exists() or "DROP" not in log.read_text()
    result = ops("db-reset", extra_env={"KUBECTL": str(script), "CONFIRM": "yoshikosan"}, stdin="")
    assert result.returncode == 0, result.stderr
    assert "DROP DATABASE" in log.read_text()


def test_images_builds_both_and_imports_into_k3s() -> None:
    lines = dry("images")
    assert lines[0].startswith("docker build -t yoshikosan-backend:0.1.0")
    sudo = "" if os.geteuid() == 0 else "sudo "
    assert lines[1] == f"docker save yoshikosan-backend:0.1.0 | {sudo}k3s ctr images import -"
    assert lines[2].startswith("docker build -t yoshikosan-frontend:0.1.0")


def test_every_ops_command_has_a_make_target() -> None:
    from scripts.ops import COMMANDS

    makefile = (ROOT / "Makefile").read_text()
    for command in COMMANDS:
        if command != "apply":  # part of deploy
            assert f"\n{command}:" in makefile, command
            assert f"$(OPS) {command}" in makefile, command
