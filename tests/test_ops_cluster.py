"""deploy, secret, rollback and down against tests/fake_kubectl.py: a cluster that answers and changes.

The fake keeps the API server's rules these commands depend on (see its docstring); every
test reads what ran from its argv log and what holds from its state.
"""

from __future__ import annotations

import base64
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import synth_to
from ops_harness import JSON, MUTATING, Answer, App, FakeCluster, health, k3s_state, run_ops, verb

from model.k3s import RETAIN_STORAGE_CLASS
from model.revisions import REVISION_OF
from scripts.kube import Kube, OpsError
from scripts.preflight import Traefik, check_chart
from scripts.revisions import references

pytestmark = pytest.mark.slow

OURS = {"app.kubernetes.io/managed-by": "cdk8s", "app.kubernetes.io/part-of": "yoshikosan"}


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """dist/ for each step of a release history: first deploy, a frontend release, a backend release."""
    versions = {"first": ("0.1.0", "0.1.0"), "frontend": ("0.1.0", "0.2.0"), "backend": ("0.2.0", "0.2.0")}
    made = {}
    for name, (backend, frontend) in versions.items():
        made[name] = tmp_path_factory.mktemp(name) / "dist"
        synth_to(made[name], BACKEND_TAG=backend, FRONTEND_TAG=frontend)
    yield made


def tags(dist: Path) -> dict[str, str]:
    """The settings that dist/ was synthesized from (its image tags)."""
    text = "".join(file.read_text() for file in dist.glob("*.yaml"))
    backend = "0.2.0" if "yoshikosan-backend:0.2.0" in text else "0.1.0"
    frontend = "0.2.0" if "yoshikosan-frontend:0.2.0" in text else "0.1.0"
    return {"BACKEND_TAG": backend, "FRONTEND_TAG": frontend}


def deploy(cluster: FakeCluster, dist: Path, app: App, **env: str) -> Any:
    app.answers["/api/health"] = (200, JSON, health(version=tags(dist)["BACKEND_TAG"]))
    return run_ops(
        "deploy", "--dist", str(dist), "--url", app.url, "--patience", "0", env=cluster.env(**tags(dist), **env)
    )


def kubectl(cluster: FakeCluster, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """The fake used directly, as a user runs kubectl by hand."""
    return subprocess.run(
        [str(cluster.kubectl), *args], input=stdin, env=cluster.env(), capture_output=True, text=True, check=False
    )


def set_failing_rollouts(cluster: FakeCluster, *workloads: str) -> None:
    state = cluster.state
    state["failing_rollouts"] = list(workloads)
    cluster.state_file.write_text(json.dumps(state))


def secret(cluster: FakeCluster, dist: Path) -> Any:
    """`make secret`: the preflight, then namespace and Secret; cheaper than a deploy for the checks."""
    return run_ops("secret", "--dist", str(dist), env=cluster.env())


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


# -- preflight ------------------------------------------------------------------------------------


def test_a_healthy_k3s_passes_with_a_probe_created_and_deleted(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    result = deploy(cluster, dists["first"], app)
    assert result.returncode == 0, result.stderr
    probes = [a for a in cluster.argvs() if verb(a) in ("create", "delete") and "kube-system" in a]
    assert [verb(a) for a in probes] == ["create", "delete"]
    assert "yoshikosan-nodeport-probe" not in cluster.objects("Service"), "the probe is gone"
    first_apply = next(i for i, a in enumerate(cluster.argvs()) if verb(a) == "apply")
    assert first_apply > cluster.argvs().index(probes[-1]), "every check before anything is applied"
    assert "preflight: the API server admits NodePort 6666" in result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"smoke: OK {app.url}")


def test_when_traefik_holds_the_port_there_is_no_probe(tmp_path: Path, dists: dict[str, Path], app: App) -> None:
    cluster = FakeCluster(tmp_path).start(k3s_state(traefik_node_ports=(6666, 30443)))
    result = secret(cluster, dists["first"])
    assert result.returncode == 0, result.stderr
    assert not any(verb(a) in ("create", "delete") and "kube-system" in a for a in cluster.argvs())
    assert "NodePort 6666 is Traefik's already" in result.stderr


def test_a_probe_left_by_an_interrupted_run_is_removed_first(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    leftover = {"name": "probe", "port": 80, "nodePort": 6666}
    meta = {"name": "yoshikosan-nodeport-probe", "namespace": "kube-system"}
    cluster.add({"kind": "Service", "metadata": meta, "spec": {"ports": [leftover]}})
    result = secret(cluster, dists["first"])
    assert result.returncode == 0, result.stderr
    assert "yoshikosan-nodeport-probe" not in cluster.objects("Service")


def stopped(cluster: FakeCluster, result: Any, *expected: str) -> str:
    """The run failed with one error line holding `expected`, and nothing but the probe changed the cluster."""
    assert result.returncode == 1, result.stdout + result.stderr
    [line] = error_lines(result.stderr)
    for text in expected:
        assert text in line, line
    changed = [a for a in cluster.argvs() if verb(a) in MUTATING and "nodeport-probe" not in " ".join(a)]
    changed = [a for a in changed if a[-3:] != ["create", "-f", "-"]]
    assert changed == [], f"ran after the failure: {changed}"
    assert "Secret" not in {o["kind"] for o in cluster.state["objects"]}
    return line


@pytest.mark.parametrize("command", ["deploy", "secret"])
def test_a_refused_node_port_stops_before_anything_is_applied(
    tmp_path: Path, dists: dict[str, Path], app: App, command: str
) -> None:
    cluster = FakeCluster(tmp_path).start(k3s_state(node_port_range=(30000, 32767)))
    result = deploy(cluster, dists["first"], app) if command == "deploy" else secret(cluster, dists["first"])
    stopped(
        cluster,
        result,
        "refuses NodePort 6666",
        "The range of valid ports is 30000-32767",
        "deploy/k3s/config.yaml",
        "systemctl restart k3s",
    )
    assert [verb(a) for a in cluster.argvs() if a[-3:] == ["create", "-f", "-"]] == ["create"], "the real probe"


def test_a_node_port_held_by_another_service_is_named(tmp_path: Path, dists: dict[str, Path], app: App) -> None:
    cluster = FakeCluster(tmp_path).start(k3s_state())
    other = {"name": "web", "port": 80, "nodePort": 6666}
    cluster.add(
        {"kind": "Service", "metadata": {"name": "grafana", "namespace": "monitoring"}, "spec": {"ports": [other]}}
    )
    line = stopped(cluster, deploy(cluster, dists["first"], app), "held by service monitoring/grafana", "EXTERNAL_PORT")
    assert "6666" in line


@pytest.mark.parametrize(
    ("chart", "expected"),
    [
        (
            "https://%{KUBERNETES_API}%/static/charts/traefik-39.0.701+up39.0.7.tgz",
            ["Traefik chart 39.0.701 (k3s 1.34/1.35)", "TRAEFIK_CHART", "set TRAEFIK_CHART=39"],
        ),
        (
            "https://%{KUBERNETES_API}%/static/charts/traefik-34.2.1+up34.2.0.tgz",
            ["Traefik chart 34.2.1 (no supported k3s)", "upgrade k3s"],
        ),
        ("oci://example/traefik", ["cannot tell the Traefik chart version", "oci://example/traefik"]),
    ],
)
def test_a_traefik_chart_other_than_the_targeted_line_stops(
    tmp_path: Path, dists: dict[str, Path], app: App, chart: str, expected: list[str]
) -> None:
    cluster = FakeCluster(tmp_path).start(k3s_state(chart=chart))
    stopped(cluster, deploy(cluster, dists["first"], app), *expected)


@pytest.mark.parametrize(
    ("spec", "line"),
    [
        ({"chart": "https://%{KUBERNETES_API}%/static/charts/traefik-39.0.701+up39.0.7.tgz"}, 39),
        ({"chart": "https://%{KUBERNETES_API}%/static/charts/traefik-40.0.0+up40.0.0.tgz"}, 40),
        ({"chart": "traefik", "repo": "https://traefik.github.io/charts", "version": "41.3.0"}, 41),
    ],
)
def test_the_chart_check_passes_for_the_line_traefik_chart_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: dict[str, str], line: int
) -> None:
    state = k3s_state()
    state["objects"][0]["spec"] = spec
    cluster = FakeCluster(tmp_path).start(state)
    for name, value in cluster.env().items():
        monkeypatch.setenv(name, value)
    traefik = Traefik("kube-system", "traefik", OURS)
    assert check_chart(Kube(str(cluster.kubectl)), traefik, line).startswith("k3s's Traefik chart is")
    with pytest.raises(OpsError, match=f"set TRAEFIK_CHART={line}"):
        check_chart(Kube(str(cluster.kubectl)), traefik, 41 if line != 41 else 39)


def test_a_k3s_without_its_traefik_stops(tmp_path: Path, dists: dict[str, Path], app: App) -> None:
    state = k3s_state()
    state["objects"] = [o for o in state["objects"] if o["kind"] != "HelmChart"]
    cluster = FakeCluster(tmp_path).start(state)
    stopped(cluster, deploy(cluster, dists["first"], app), "no k3s HelmChart kube-system/traefik", "INGRESS_CLASS")
    cluster = FakeCluster(tmp_path / "no-crd").start({**state, "missing_types": ["helmchart"]})
    stopped(cluster, deploy(cluster, dists["first"], app), "doesn't have a resource type", "--disable=traefik")


def helm_chart_config(labels: dict[str, str]) -> dict[str, Any]:
    return {
        "apiVersion": "helm.cattle.io/v1",
        "kind": "HelmChartConfig",
        "metadata": {"name": "traefik", "namespace": "kube-system", "labels": labels},
        "spec": {"valuesContent": "logs:\n  access:\n    enabled: true\n"},
    }


def test_a_helm_chart_config_of_someone_else_stops_with_how_to_merge(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    cluster.add(helm_chart_config({"owner": "ops-team"}))
    line = stopped(
        cluster,
        deploy(cluster, dists["first"], app),
        "HelmChartConfig kube-system/traefik exists and is not this app's",
        "one per cluster",
        "charts/traefik.py",
        "kubectl -n kube-system label helmchartconfig traefik",
    )
    assert "app.kubernetes.io/part-of=yoshikosan" in line
    assert cluster.objects("HelmChartConfig")["traefik"]["spec"]["valuesContent"].startswith("logs:"), "untouched"


def test_our_own_helm_chart_config_passes(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    cluster.add(helm_chart_config(OURS))
    result = secret(cluster, dists["first"])
    assert result.returncode == 0, result.stderr
    assert "HelmChartConfig kube-system/traefik is this app's" in result.stderr


def test_another_ingress_class_skips_k3s_traefiks_checks(tmp_path: Path, app: App) -> None:
    state = k3s_state()
    state["objects"] = []  # no k3s Traefik at all
    cluster = FakeCluster(tmp_path).start(state)
    dist = tmp_path / "dist"
    synth_to(dist, INGRESS_CLASS="nginx")
    result = deploy(cluster, dist, app, INGRESS_CLASS="nginx")
    assert result.returncode == 0, result.stderr
    assert not any("kube-system" in " ".join(a) for a in cluster.argvs())


# -- a fresh cluster: the README's paths ------------------------------------------------------------


def test_secret_on_a_fresh_cluster_then_plain_apply_works(cluster: FakeCluster, dists: dict[str, Path]) -> None:
    """README: `make synth && make secret && kubectl apply -f dist/` on a cluster without the namespace."""
    assert "Namespace" not in {o["kind"] for o in cluster.state["objects"]}
    result = secret(cluster, dists["first"])
    assert result.returncode == 0, result.stderr
    assert "yoshikosan-secrets" in cluster.objects("Secret")
    plain = kubectl(cluster, "apply", "-f", str(dists["first"]))
    assert plain.returncode == 0, plain.stderr
    assert {"backend", "frontend"} <= set(cluster.objects("Deployment"))


def test_the_fake_refuses_a_secret_without_its_namespace(cluster: FakeCluster) -> None:
    """What `make secret` did on a fresh cluster before it applied the namespace first."""
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s", "namespace": "yoshikosan"}}
    refused = kubectl(cluster, "apply", "-f", "-", stdin=json.dumps(secret))
    assert refused.returncode == 1 and 'namespaces "yoshikosan" not found' in refused.stderr


# -- deploy records what it changed; rollback undoes exactly that ------------------------------------


def test_rollback_undoes_only_what_the_last_deploy_changed(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    nothing = run_ops("rollback", env=cluster.env())
    assert nothing.returncode == 1 and "no deploy was recorded" in error_lines(nothing.stderr)[0]
    for step in ("first", "frontend", "backend"):
        result = deploy(cluster, dists[step], app)
        assert result.returncode == 0, result.stderr
    assert "recorded for make rollback: deployment/backend yoshikosan-backend:0.1.0 -> yoshikosan-backend:0.2.0" in (
        result.stderr
    )
    assert cluster.images("frontend") == ["yoshikosan-frontend:0.2.0"]
    restart = run_ops("restart", "--dist", str(dists["backend"]), env=cluster.env())
    assert restart.returncode == 0, "a restart changes no image: the deploy stays what rollback undoes"
    cluster.forget_calls()

    # The record alone says what to undo: no dist/ needed (the synthesized one may have moved on).
    result = run_ops("rollback", "--dist", "/nonexistent", env=cluster.env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "rolled back deployment/backend to yoshikosan-backend:0.1.0 (revision 1; was yoshikosan-backend:0.2.0)",
    ]
    rollouts = [a[a.index("rollout") :] for a in cluster.argvs() if "rollout" in a]
    assert rollouts == [
        ["rollout", "undo", "deployment/backend", "--to-revision=1"],
        ["rollout", "status", "deployment/backend", "--timeout=300s"],
    ]
    assert cluster.images("backend") == ["yoshikosan-backend:0.1.0"]
    assert cluster.images("frontend") == ["yoshikosan-frontend:0.2.0"], "the frontend's own release stays"

    again = run_ops("rollback", "--dist", str(dists["backend"]), env=cluster.env())
    assert again.returncode == 1
    assert "already rolled back" in error_lines(again.stderr)[0]


def test_what_kubectl_rollout_undo_alone_did_after_a_backend_only_deploy(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    """The fault the record fixes, reproduced: the frontend, never changed, has no history to undo."""
    deploy(cluster, dists["first"], app)
    undo = kubectl(cluster, "--namespace", "yoshikosan", "rollout", "undo", "deployment/frontend")
    assert undo.returncode == 1 and 'no rollout history found for deployment "frontend"' in undo.stderr


def test_a_failed_rollout_can_be_rolled_back(cluster: FakeCluster, dists: dict[str, Path], app: App) -> None:
    deploy(cluster, dists["frontend"], app)
    set_failing_rollouts(cluster, "deployment/backend")
    failed = deploy(cluster, dists["backend"], app)
    assert failed.returncode == 1 and "rollout status deployment/backend" in error_lines(failed.stderr)[-1]
    set_failing_rollouts(cluster)
    result = run_ops("rollback", "--dist", str(dists["backend"]), env=cluster.env())
    assert result.returncode == 0, result.stderr
    assert cluster.images("backend") == ["yoshikosan-backend:0.1.0"]


# -- kinds leave with the record -----------------------------------------------------------------------


def test_a_kind_dist_no_longer_has_is_still_pruned(tmp_path: Path, cluster: FakeCluster, app: App) -> None:
    """Two replicas bring PodDisruptionBudgets; back at one, the next deploy prunes them."""
    two, one = tmp_path / "two" / "dist", tmp_path / "one" / "dist"
    synth_to(two, BACKEND_REPLICAS="2")
    synth_to(one)
    assert deploy(cluster, two, app, BACKEND_REPLICAS="2").returncode == 0
    assert "backend" in cluster.objects("PodDisruptionBudget")
    result = deploy(cluster, one, app)
    assert result.returncode == 0, result.stderr
    assert cluster.objects("PodDisruptionBudget") == {}
    apply = next(a for a in cluster.argvs() if verb(a) == "apply" and "--prune" in a)
    assert "--prune-allowlist=policy/v1/PodDisruptionBudget" in apply
    rollback = run_ops("rollback", "--dist", str(one), env=cluster.env())
    assert rollback.returncode == 0, rollback.stderr
    assert "deployment/backend to revision 1's pod template (same images: yoshikosan-backend:0.1.0)" in (
        rollback.stdout
    )


def test_down_removes_the_app_but_keeps_data_secret_and_namespace(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    deploy(cluster, dists["first"], app)
    result = run_ops("down", "--dist", str(dists["first"]), env=cluster.env())
    assert result.returncode == 0, result.stderr
    left = {
        (o["kind"], o["metadata"]["name"])
        for o in cluster.state["objects"]
        if o["metadata"].get("namespace") in ("yoshikosan", None)
    }
    assert left == {
        ("Namespace", "yoshikosan"),
        ("StorageClass", RETAIN_STORAGE_CLASS),
        ("Secret", "yoshikosan-secrets"),
        ("PersistentVolumeClaim", "backup"),
    }
    assert "traefik" in cluster.objects("HelmChartConfig"), "kube-system's HelmChartConfig stays"


# -- configuration revisions: a rollback restores the configuration with the image ---------------------


def served(cluster: FakeCluster) -> Answer:
    """/api/health as the backend's pods would answer: the APP_VERSION of the ConfigMap their template
    reads; without that ConfigMap the pods cannot start (503)."""
    spec = cluster.objects("Deployment")["backend"]["spec"]["template"]["spec"]
    [name] = {s["configMapRef"]["name"] for c in spec["containers"] for s in c.get("envFrom", [])}
    config = cluster.objects("ConfigMap").get(name)
    if config is None:
        return (503, JSON, json.dumps({"detail": f"configmap {name} not found"}))
    return (200, JSON, health(version=config["data"]["APP_VERSION"]))


def referenced_config_maps(cluster: FakeCluster) -> set[str]:
    """What the Deployments and the ReplicaSets of their history read (rollout undo needs every one)."""
    holders = [*cluster.objects("Deployment").values(), *cluster.objects("ReplicaSet").values()]
    return {ref.name for obj in holders for ref in references(obj) if ref.kind == "ConfigMap"}


def backend_revisions(cluster: FakeCluster) -> set[str]:
    return {name for name in cluster.objects("ConfigMap") if name.startswith("backend-config-")}


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    made = {}
    for tag in ("0.1.0", "0.1.1"):
        made[tag] = tmp_path_factory.mktemp(tag) / "dist"
        synth_to(made[tag], BACKEND_TAG=tag)
    return made


def test_a_rollback_restores_the_configuration_and_the_old_tag_deploys_again(
    cluster: FakeCluster, releases: dict[str, Path], app: App
) -> None:
    """Issue 19's scenario: 0.1.0, then 0.1.1, rollback: /api/health says 0.1.0; deploying 0.1.0 again works."""
    app.answers["/api/health"] = lambda: served(cluster)

    def release(tag: str) -> Any:
        return run_ops(
            "deploy", "--dist", str(releases[tag]), "--url", app.url, "--patience", "0",
            env=cluster.env(BACKEND_TAG=tag),
        )  # fmt: skip

    for tag in ("0.1.0", "0.1.1"):
        result = release(tag)
        assert result.returncode == 0, result.stderr
    rollback = run_ops("rollback", env=cluster.env())
    assert rollback.returncode == 0, rollback.stderr
    status, _, body = served(cluster)
    assert status == 200 and json.loads(body)["version"] == "0.1.0", body
    assert len(backend_revisions(cluster)) == 2, "the prune spared 0.1.0's configuration"
    assert cluster.images("backend") == ["yoshikosan-backend:0.1.0"]
    again = release("0.1.0")
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[-1].startswith(f"smoke: OK {app.url}")


def test_old_revisions_are_collected_but_never_one_the_history_or_a_job_reads(
    tmp_path: Path, cluster: FakeCluster, app: App
) -> None:
    history = 5  # charts/backend.py REVISION_HISTORY: the ReplicaSets kept, and so the revisions
    first_job = None
    for pool in range(1, 10):
        dist = tmp_path / str(pool) / "dist"
        synth_to(dist, DB_POOL_SIZE=str(pool))
        result = deploy(cluster, dist, app)
        assert result.returncode == 0, result.stderr
        kept = backend_revisions(cluster)
        assert referenced_config_maps(cluster) <= set(cluster.objects("ConfigMap")), "every revision undo needs"
        if pool == 1:
            # A Job left by the CronJob (or `make db-backup`) reading the first revision.
            [first] = kept
            first_job = {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "metadata": {"name": "backup-manual", "namespace": "yoshikosan"},
                "spec": {"template": {"spec": {"containers": [{"envFrom": [{"configMapRef": {"name": first}}]}]}}},
            }
            cluster.add(first_job)
        # The current one and `history` older ones (their ReplicaSets), plus the Job's.
        expected = min(pool, history + 1) + (1 if pool > history + 1 else 0)
        assert len(kept) == expected, (pool, sorted(kept))
        assert first in kept, "a Job still reads it"
    assert "deleted (configmap/backend-config-" in result.stderr
    state = cluster.state
    state["objects"].remove(first_job)
    cluster.state_file.write_text(json.dumps(state))
    result = deploy(cluster, dist, app)
    assert result.returncode == 0, result.stderr
    assert first not in backend_revisions(cluster), "collected once nothing reads it"
    assert len(backend_revisions(cluster)) == history + 1


def before_revisions(dist: Path, into: Path) -> Path:
    """dist/ as releases before revisions wrote it: the backend's ConfigMap named `backend`, mutable."""
    into.mkdir(parents=True)
    for file in sorted(dist.glob("*.yaml")):
        text = file.read_text()
        docs = list(yaml.safe_load_all(text))
        revision = next((d for d in docs if REVISION_OF in (d["metadata"].get("labels") or {})), None)
        if revision is not None:
            text = text.replace(revision["metadata"]["name"], "backend")
            docs = list(yaml.safe_load_all(text))
            for doc in docs:
                doc.pop("immutable", None)
                (doc["metadata"].get("labels") or {}).pop(REVISION_OF, None)
            text = yaml.safe_dump_all(docs)
        (into / file.name).write_text(text)
    return into


def test_the_first_rollback_after_the_upgrade_to_revisions_finds_the_old_config_map(
    tmp_path: Path, cluster: FakeCluster, releases: dict[str, Path], app: App
) -> None:
    app.answers["/api/health"] = lambda: served(cluster)
    old = before_revisions(releases["0.1.0"], tmp_path / "old")
    for dist, tag in ((old, "0.1.0"), (releases["0.1.1"], "0.1.1")):
        result = run_ops(
            "deploy", "--dist", str(dist), "--url", app.url, "--patience", "0", env=cluster.env(BACKEND_TAG=tag)
        )
        assert result.returncode == 0, result.stderr
    assert cluster.objects("ConfigMap")["backend"]["metadata"]["labels"][REVISION_OF] == "backend", "adopted"
    rollback = run_ops("rollback", env=cluster.env())
    assert rollback.returncode == 0, rollback.stderr
    status, _, body = served(cluster)
    assert status == 200 and json.loads(body)["version"] == "0.1.0", body


# -- secrets as revisions ----------------------------------------------------------------------------


def secret_of(cluster: FakeCluster, deployment: str) -> dict[str, Any]:
    """The Secret revision the Deployment's pod template reads (it must exist: the pods need it)."""
    spec = cluster.objects("Deployment")[deployment]["spec"]["template"]["spec"]
    [name] = {r.name for r in references(spec) if r.kind == "Secret" and "-secrets-" in r.name}
    secret: dict[str, Any] = cluster.objects("Secret")[name]
    return secret


def test_a_changed_secret_rolls_its_readers_not_the_database_and_a_rollback_returns_to_the_old_secret(
    tmp_path: Path, cluster: FakeCluster, app: App
) -> None:
    rotated = {"SECRET_KEY": "rotated-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"}
    old, new = tmp_path / "old" / "dist", tmp_path / "new" / "dist"
    synth_to(old)
    synth_to(new, **rotated)
    assert deploy(cluster, old, app).returncode == 0
    before = secret_of(cluster, "backend")
    postgres = cluster.objects("StatefulSet")["postgres"]["spec"]["template"]
    result = deploy(cluster, new, app, **rotated)
    assert result.returncode == 0, result.stderr
    assert "recorded for make rollback: deployment/backend pod template changed" in result.stderr
    assert "statefulset/postgres" not in result.stderr.split("recorded for make rollback:")[1].splitlines()[0]
    assert cluster.objects("StatefulSet")["postgres"]["spec"]["template"] == postgres, "PostgreSQL not restarted"
    after = secret_of(cluster, "backend")
    assert base64.b64decode(after["data"]["SECRET_KEY"]).decode() == rotated["SECRET_KEY"]
    assert before["metadata"]["name"] in cluster.objects("Secret"), "kept for the rollback"
    rollback = run_ops("rollback", env=cluster.env(**rotated))
    assert rollback.returncode == 0, rollback.stderr
    assert secret_of(cluster, "backend")["metadata"]["name"] == before["metadata"]["name"]


def test_a_dist_made_from_other_secret_values_is_refused_before_anything_is_applied(
    cluster: FakeCluster, dists: dict[str, Path], app: App
) -> None:
    result = deploy(cluster, dists["first"], app, POSTGRES_PASSWORD="another-password-1234")
    assert result.returncode == 1
    [line] = error_lines(result.stderr)
    assert "synthesized from other secret values" in line and "make synth" in line
    assert "deployment/backend reads backend-secrets-" in line and "cronjob/backup reads backup-secrets-" in line
    assert "another-password-1234" not in result.stderr
    assert not [a for a in cluster.argvs() if verb(a) in MUTATING], "checked while computing the steps"
