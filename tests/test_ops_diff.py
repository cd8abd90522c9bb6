"""make diff, and the summary and PostgreSQL question of make deploy, against tests/fake_kubectl.py.

The fake's diff works as kubectl's (tests/fake_diff.py): LIVE and MERGED directories handed to
KUBECTL_EXTERNAL_DIFF, Secret `data` masked and its last-applied annotation not, so these tests
see what scripts/diff.py adds on top of kubectl.
"""

from __future__ import annotations

import base64
import json
import shlex
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, SECRETS, synth_to
from ops_harness import JSON, MUTATING, App, FakeCluster, health, run_ops, verb

from model.pg_major import DEFAULT_POSTGRES_TAG
from model.revisions import prune_selector

PART_OF = "app.kubernetes.io/part-of=yoshikosan"

pytestmark = pytest.mark.slow

PASSWORD = SECRETS["POSTGRES_PASSWORD"]
# The next patch release of the pinned PostgreSQL (the pin is written once: tests/test_pgcluster.py).
_major_minor, _, _flavour = DEFAULT_POSTGRES_TAG.partition("-")
_major, _, _minor = _major_minor.partition(".")
NEXT_POSTGRES_TAG = f"{_major}.{int(_minor) + 1}-{_flavour}"
SETTINGS: dict[str, dict[str, str]] = {
    "first": {},
    "backend": {"BACKEND_TAG": "0.2.0"},
    "postgres": {"POSTGRES_TAG": NEXT_POSTGRES_TAG},
}


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """first: as deployed; backend: a backend release; postgres: a PostgreSQL patch release."""
    made = {}
    for name, overrides in SETTINGS.items():
        made[name] = tmp_path_factory.mktemp(name) / "dist"
        synth_to(made[name], **overrides)
    return made


def deploy(cluster: FakeCluster, dists: dict[str, Path], name: str, app: App, **env: str) -> Any:
    app.answers["/api/health"] = (200, JSON, health(version=SETTINGS[name].get("BACKEND_TAG", "0.1.0")))
    return run_ops(
        "deploy", "--dist", str(dists[name]), "--url", app.url, "--patience", "0",
        env=cluster.env(**SETTINGS[name], **env),
    )  # fmt: skip


def diff(cluster: FakeCluster, dists: dict[str, Path], name: str, **env: str) -> Any:
    return run_ops("diff", "--dist", str(dists[name]), env=cluster.env(**SETTINGS[name], **env))


def changed_anything(cluster: FakeCluster) -> list[list[str]]:
    return [a for a in cluster.argvs() if verb(a) in MUTATING and "--dry-run=client" not in a]


def test_a_fresh_cluster_is_all_new(cluster: FakeCluster, dists: dict[str, Path]) -> None:
    result = diff(cluster, dists, "first")
    assert result.returncode == 1, result.stderr
    assert "namespace yoshikosan does not exist yet" in result.stdout
    assert changed_anything(cluster) == []


def test_no_change_exits_0_and_changes_nothing(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    cluster.forget_calls()
    before = cluster.state
    result = diff(cluster, dists, "first")
    assert (result.returncode, result.stdout) == (0, "no changes: the cluster already runs what dist/ declares\n")
    assert changed_anything(cluster) == [] and cluster.state == before
    diffs = [a for a in cluster.argvs() if verb(a) == "diff"]
    apply = next(a for a in diffs if "--prune" in a)
    assert apply[apply.index("-l") + 1] == prune_selector(PART_OF), "the apply's selection"
    assert any(a[-2:] == ["-f", "-"] for a in diffs), "the Secret, through stdin as deploy applies it"


def test_a_release_shows_the_diff_and_names_the_restart(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    result = diff(cluster, dists, "backend")
    assert result.returncode == 1, result.stderr
    # The release is a new image and, its BACKEND_TAG being a setting too, a new configuration revision.
    assert "\n-        image: yoshikosan-backend:0.1.0\n" in result.stdout
    assert "\n+        image: yoshikosan-backend:0.2.0\n" in result.stdout
    assert "\n+            name: backend-config-" in result.stdout
    assert "--- LIVE/apps.v1.Deployment.yoshikosan.backend\n" in result.stdout
    assert " changed deployment/backend\n" in result.stdout
    assert "restarts: deployment/backend\n" in result.stdout, "only the backend: PostgreSQL's template is the same"


def test_secret_values_are_masked_also_in_the_last_applied_annotation(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    new = "rotated-" + PASSWORD[::-1]
    result = diff(cluster, dists, "first", POSTGRES_PASSWORD=new)
    assert result.returncode == 1, result.stderr
    assert " changed secret/yoshikosan-secrets\n" in result.stdout
    assert "POSTGRES_PASSWORD: '*** (before)'" in result.stdout
    assert "restarts: none" in result.stdout
    shown = result.stdout + result.stderr
    for value in (PASSWORD, new):
        assert value not in shown and base64.b64encode(value.encode()).decode() not in shown


def test_a_kind_dist_drops_is_listed_as_pruned(tmp_path: Path, cluster: FakeCluster, app: App) -> None:
    two, one = tmp_path / "two", tmp_path / "one"
    synth_to(two, BACKEND_REPLICAS="2")
    synth_to(one)
    app.answers["/api/health"] = (200, JSON, health())
    deployed = run_ops(
        "deploy", "--dist", str(two), "--url", app.url, "--patience", "0", env=cluster.env(BACKEND_REPLICAS="2")
    )
    assert deployed.returncode == 0, deployed.stderr
    result = run_ops("diff", "--dist", str(one), env=cluster.env())
    assert result.returncode == 1, result.stderr
    assert "  pruned poddisruptionbudget/backend\n" in result.stdout
    assert "--- LIVE/policy.v1.PodDisruptionBudget.yoshikosan.backend\n" in result.stdout


def test_a_failing_kubectl_is_an_error_not_a_change(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    state = cluster.state
    state["missing_types"] = ["helmchartconfig"]  # the dry-run of kube-system's HelmChartConfig fails
    cluster.state_file.write_text(json.dumps(state))
    result = diff(cluster, dists, "first")
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "kubectl diff failed" in result.stderr


# -- make deploy: the summary, and a question before PostgreSQL restarts ---------------------------


def test_deploy_prints_the_summary_before_it_applies(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    result = deploy(cluster, dists, "backend", app)
    assert result.returncode == 0, result.stderr
    summary = result.stderr.index("deploy will change: restarts: deployment/backend")
    assert summary < result.stderr.index("kubectl apply -f -"), "before the Secret"
    assert summary < result.stderr.index("--prune -l"), "before the apply"


def test_a_postgres_restart_is_refused_without_confirm(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    cluster.forget_calls()
    refused = deploy(cluster, dists, "postgres", app)
    assert refused.returncode == 1
    assert "restarts: statefulset/postgres" in refused.stderr
    assert "set CONFIRM=restart-postgres" in refused.stderr
    argvs = cluster.argvs()
    after_gate = argvs[max(i for i, a in enumerate(argvs) if verb(a) == "diff") :]
    assert [a for a in after_gate if verb(a) in MUTATING and "--dry-run=client" not in a] == [], (
        "nothing applied after the question, not even the Secret (the preflight's probe Service came before)"
    )
    assert cluster.objects("StatefulSet")["postgres"]["spec"]["template"]["spec"]["containers"][0]["image"] == (
        f"postgres:{DEFAULT_POSTGRES_TAG}"
    )
    wrong = deploy(cluster, dists, "postgres", app, CONFIRM="yes")
    assert wrong.returncode == 1 and "set CONFIRM=restart-postgres" in wrong.stderr


def test_confirm_lets_ci_restart_postgres(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    assert deploy(cluster, dists, "first", app).returncode == 0
    result = deploy(cluster, dists, "postgres", app, CONFIRM="restart-postgres")
    assert result.returncode == 0, result.stderr
    image = cluster.objects("StatefulSet")["postgres"]["spec"]["template"]["spec"]["containers"][0]["image"]
    assert image == f"postgres:{NEXT_POSTGRES_TAG}"


def test_dry_run_prints_the_diff_commands(dists: dict[str, Path]) -> None:
    result = run_ops("diff", "--dry-run", "--dist", str(dists["first"]), settings=BASE_ENV)
    assert result.returncode == 0, result.stderr
    assert (
        "# kubectl diff -f " in result.stdout and f"--prune -l {shlex.quote(prune_selector(PART_OF))}" in result.stdout
    )
    assert "| kubectl diff -f -" in result.stdout
    assert PASSWORD not in result.stdout
