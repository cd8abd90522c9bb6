"""Day-2 commands (scripts/ops.py) without a cluster: what they would run, and how they fail."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BASE_ENV, CHANGED, ROOT, SECRETS, synth_to
from ops_harness import FakeCluster, k3s_state, run_ops

from model.revisions import REVISION_OF
from model.secret_revisions import SECRET_READERS
from model.settings import load_settings

pytestmark = pytest.mark.slow  # subprocesses; `make test-manifests` leaves these out


def dry(*args: str, dist: Path, env: dict[str, str] | None = None) -> list[str]:
    result = run_ops(*args, "--dry-run", "--dist", str(dist), env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def commands(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith("#")]


def allowlist(line: str) -> set[str]:
    return {part.split("=", 1)[1] for part in line.split() if part.startswith("--prune-allowlist=")}


def test_deploy_proves_the_cluster_then_namespace_secret_apply_record_wait_collect_smoke(dist_dir: Path) -> None:
    lines = dry("deploy", dist=dist_dir)
    assert [line.split(":")[0] for line in lines[:3]] == ["# preflight"] * 3
    assert commands(lines)[0] == f"kubectl apply -f {dist_dir / '0000-foundation.yaml'}"
    assert "create secret generic yoshikosan-secrets --from-env-file=/dev/stdin" in commands(lines)[1]
    # Each reader's Secret revision, values on stdin only, server-side (no copy in an annotation).
    assert (
        commands(lines)[2] == "<secret values on stdin> kubectl apply --server-side --field-manager=yoshikosan-ops -f -"
    )
    # The revisions first (the new pod templates name them), then the rest with a prune that spares them.
    revisions = lines.index(f"# kubectl apply -f {dist_dir} -l app.kubernetes.io/part-of=yoshikosan,{REVISION_OF}")
    [apply] = [line for line in lines if line.startswith(f"# kubectl apply -f {dist_dir} --prune")]
    assert f"-l 'app.kubernetes.io/part-of=yoshikosan,!{REVISION_OF}'" in apply
    [record] = [i for i, line in enumerate(lines) if line.startswith("# record")]
    assert revisions < lines.index(apply) < record < lines.index(commands(lines)[3]), "recorded before the waits"
    assert [line.split()[-2] for line in commands(lines)[3:]] == [
        "statefulset/postgres",
        "deployment/backend",
        "deployment/frontend",
    ]
    [collect] = [i for i, line in enumerate(lines) if line.startswith("# collect old revisions")]
    assert lines.index(commands(lines)[-1]) < collect, "collected once every rollout is done"
    assert lines[-1].startswith("# smoke: GET /, /api/health, /api/docs on http://127.0.0.1:6666")


def test_secret_alone_proves_the_cluster_and_creates_the_namespace_first(dist_dir: Path) -> None:
    lines = dry("secret", dist=dist_dir)
    assert [line.startswith("# preflight") for line in lines] == [True, True, True, False, False, False]
    assert lines[3] == f"kubectl apply -f {dist_dir / '0000-foundation.yaml'}"
    assert "create secret generic yoshikosan-secrets" in lines[4] and "--server-side" in lines[5]


def test_no_preflight_of_k3s_traefik_for_another_ingress_class(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    synth_to(dist, INGRESS_CLASS="nginx")
    assert not any(line.startswith("# preflight") for line in dry("deploy", dist=dist, env={"INGRESS_CLASS": "nginx"}))


@pytest.fixture(scope="module")
def changed_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("changed") / "dist"
    synth_to(dist, **CHANGED)
    return dist


def documents(dist: Path) -> list[dict[str, Any]]:
    return [d for file in sorted(dist.glob("*.yaml")) for d in yaml.safe_load_all(file.read_text())]


def app_kinds(dist: Path) -> set[str]:
    """Every kind of the app's own namespaced objects in dist/, as --prune-allowlist spells it."""
    kinds = set()
    for doc in documents(dist):
        if doc["metadata"].get("namespace") == "yoshikosan":
            group, _, version = doc["apiVersion"].rpartition("/")
            kinds.add(f"{group or 'core'}/{version}/{doc['kind']}")
    return kinds


NEVER_TOUCHED = {"core/v1/PersistentVolumeClaim", "core/v1/Secret", "core/v1/Namespace"}


@pytest.mark.parametrize("knobs", [{}, CHANGED], ids=["defaults", "changed"])
def test_prune_and_down_cover_every_kind_in_dist_but_data_and_credentials(
    dist_dir: Path, changed_dist: Path, knobs: dict[str, str]
) -> None:
    dist = changed_dist if knobs else dist_dir
    in_dist = app_kinds(dist)
    assert "core/v1/PersistentVolumeClaim" in in_dist, "the backup volume's claim is in dist/ and must be spared"
    lines = dry("deploy", dist=dist, env=knobs)
    [apply] = [line for line in lines if line.startswith(f"# kubectl apply -f {dist} --prune")]
    assert allowlist(apply) == in_dist - NEVER_TOUCHED
    down = dry("down", dist=dist, env=knobs)[0]
    deleted = down.split(" delete ")[1].split()[0].split(",")
    assert len(deleted) == len(in_dist - NEVER_TOUCHED)
    assert not {"persistentvolumeclaim", "secret", "namespace", "storageclass.storage.k8s.io"} & set(deleted)
    assert not any("helmchartconfig" in kind for kind in deleted), "kube-system's HelmChartConfig is not the app's"
    if knobs:  # PodDisruptionBudgets exist only above one replica: a list kept by hand misses them
        assert "policy/v1/PodDisruptionBudget" in allowlist(apply)
        assert "poddisruptionbudget.policy" in deleted


def built_in(api_version: str) -> bool:
    group = api_version.rpartition("/")[0]
    return "." not in group or group.endswith(".k8s.io")


def test_the_makefiles_k8s_kinds_for_imports_are_the_kinds_the_charts_emit(dist_dir: Path, changed_dist: Path) -> None:
    emitted = {d["kind"] for dist in (dist_dir, changed_dist) for d in documents(dist) if built_in(d["apiVersion"])}
    [line] = [line for line in (ROOT / "Makefile").read_text().splitlines() if line.startswith("K8S_KINDS :=")]
    assert set(line.split(":=")[1].strip().split(",")) == emitted


def test_no_secret_value_is_ever_printed_or_put_in_argv(dist_dir: Path) -> None:
    text = "\n".join(dry("secret", dist=dist_dir) + dry("deploy", dist=dist_dir))
    assert not any(value in text for value in SECRETS.values())


def test_a_stale_dist_is_refused(dist_dir: Path) -> None:
    result = run_ops("secret", "--dry-run", "--dist", str(dist_dir), env={"NAMESPACE": "other"})
    assert result.returncode == 1
    assert "creates no namespace 'other'" in result.stderr and "make synth" in result.stderr
    result = run_ops("deploy", "--dry-run", "--dist", str(dist_dir / "missing"))
    assert result.returncode == 1 and "run `make synth` first" in result.stderr


def test_logs_follow_every_container_by_label(dist_dir: Path) -> None:
    [line] = dry("logs", dist=dist_dir)
    assert "logs -l app.kubernetes.io/part-of=yoshikosan --all-containers --prefix --follow" in line


def test_restore_streams_the_file_into_pg_restore_in_one_transaction(tmp_path: Path, dist_dir: Path) -> None:
    dump = tmp_path / "x.dump"
    dump.write_bytes(b"PGDMP")
    lines = dry("db-restore", "--file", str(dump), dist=dist_dir)
    assert "pg_restore" in lines[0] and "--single-transaction" in lines[0]
    assert lines[0].endswith(f"< {dump}")


def test_restore_needs_an_existing_file() -> None:
    result = run_ops("db-restore", "--file", "/nonexistent.dump", "--dry-run")
    assert result.returncode == 1 and "no such file" in result.stderr
    result = run_ops("db-restore", "--dry-run")
    assert result.returncode == 1 and "FILE=" in result.stderr


def test_missing_kubectl_gets_a_clear_message() -> None:
    result = run_ops("status", env={"KUBECTL": "/nonexistent/kubectl"})
    assert result.returncode == 1
    assert "not found on PATH" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_cluster_gets_a_clear_message(tmp_path: Path) -> None:
    if not shutil.which("kubectl"):
        pytest.skip("kubectl is not installed")
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
    result = run_ops("status", env={"KUBECONFIG": str(kubeconfig)})
    assert result.returncode == 1
    assert "no cluster reachable" in result.stderr and "Traceback" not in result.stderr


def test_db_reset_refuses_without_typed_confirmation(tmp_path: Path, dist_dir: Path) -> None:
    cluster = FakeCluster(tmp_path).start(k3s_state())
    subprocess.run([cluster.kubectl, "apply", "-f", dist_dir], env=cluster.env(), check=True, capture_output=True)
    result = run_ops("db-reset", env=cluster.env())
    assert result.returncode == 1 and "CONFIRM=yoshikosan" in result.stderr
    assert not any("DROP" in " ".join(argv) for argv in cluster.argvs())
    result = run_ops("db-reset", env=cluster.env(CONFIRM="yoshikosan"))
    assert result.returncode == 0, result.stderr
    assert any("DROP DATABASE" in " ".join(argv) for argv in cluster.argvs())


def test_images_builds_both_and_imports_into_k3s() -> None:
    lines = commands(run_ops("images", "--dry-run").stdout.splitlines())
    assert lines[0].startswith("docker build -t yoshikosan-backend:0.1.0")
    sudo = "" if os.geteuid() == 0 else "sudo "
    assert lines[1] == f"docker save yoshikosan-backend:0.1.0 | {sudo}k3s ctr images import -"
    assert lines[2].startswith("docker build -t yoshikosan-frontend:0.1.0")


def test_every_ops_command_has_a_make_target() -> None:
    from scripts.ops import COMMANDS

    makefile = (ROOT / "Makefile").read_text()
    assert "smoke" in COMMANDS
    for command in COMMANDS:
        if command != "apply":  # part of deploy
            assert f"\n{command}:" in makefile, command
            assert f"$(OPS) {command}" in makefile, command


# -- the Secret: one path, byte-exact ---------------------------------------------------------------

TRICKY = {
    "POSTGRES_PASSWORD": "p@ss:w/o#r%d \"q\" 's' ü 日本 spaces ",
    "SECRET_KEY": "  k=v;#not-a-comment @:/% ünïcødé-0123456789abcdefghij",
    "SAMBANOVA_API_KEY": 'sk-"quoted"-$HOME-`cmd` \\n',
}


def real_kubectls() -> list[str]:
    """The oldest and newest of the Cloud SDK's versioned kubectls, else the one on PATH."""
    for sdk in (Path.home() / "google-cloud-sdk/bin", Path("/usr/lib/google-cloud-sdk/bin")):
        versions = sorted(sdk.glob("kubectl.1.*"), key=lambda p: int(p.name.rsplit(".", 1)[1]))
        if versions:
            return list(dict.fromkeys([str(versions[0]), str(versions[-1])]))
    return [k for k in [shutil.which("kubectl")] if k]


def env_file_line(key: str, value: str) -> str:
    """As .env.example says to write such values: single quotes, taken literally."""
    return f"{key}='{value}'" if "'" not in value else f'{key}="{value.replace(chr(34), chr(92) + chr(34))}"'


@pytest.mark.parametrize("kubectl", real_kubectls() or [None], ids=lambda k: Path(k).name if k else "none")
def test_special_characters_reach_the_secret_byte_exact(tmp_path: Path, dist_dir: Path, kubectl: str | None) -> None:
    """.env -> settings -> `make secret`'s own path -> a real kubectl's Secret, decoded: the same bytes."""
    if kubectl is None:
        pytest.skip("no kubectl installed")
    env_file = tmp_path / ".env"
    lines = [f"{k}={v}" for k, v in BASE_ENV.items() if k not in TRICKY]
    env_file.write_text("\n".join(lines + [env_file_line(k, v) for k, v in TRICKY.items()]) + "\n", encoding="utf-8")
    expected = load_settings({}, env_file).secret_values()
    assert {k: expected[k] for k in TRICKY} == TRICKY, "the .env quoting itself"

    dist = tmp_path / "dist"
    synth_to(dist, **TRICKY)  # the revisions' names come from these values
    cluster = FakeCluster(tmp_path / "cluster").start(k3s_state())
    env = cluster.env(FAKE_REAL_KUBECTL=kubectl, ENV_FILE=str(env_file))
    result = run_ops("secret", "--dist", str(dist), env=env, settings={})  # the .env file alone
    assert result.returncode == 0, result.stderr
    stored = cluster.objects("Secret")["yoshikosan-secrets"]
    assert stored["metadata"]["namespace"] == "yoshikosan"
    decoded = {k: base64.b64decode(v).decode("utf-8") for k, v in stored["data"].items()}
    assert decoded == expected
    applied = [c for c in cluster.calls() if c["argv"][:3] == ["apply", "-f", "-"]]
    assert len(applied) == 1 and "kind: Secret" in applied[0]["stdin"], "the real kubectl rendered it"
    assert not any(v in " ".join(c["argv"]) for c in cluster.calls() for v in expected.values())
    # Each reader's revision holds its own keys, byte-exact, and nothing else.
    revisions = {n: s for n, s in cluster.objects("Secret").items() if n != "yoshikosan-secrets"}
    assert {n.rsplit("-", 2)[0] for n in revisions} == {"backend", "backup"}
    for name, stored in revisions.items():
        decoded = {k: base64.b64decode(v).decode("utf-8") for k, v in stored["data"].items()}
        assert decoded == {k: expected[k] for k in SECRET_READERS[name.rsplit("-", 2)[0]] if k in expected}
        assert stored["immutable"] is True
