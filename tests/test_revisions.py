"""Configuration as revisions (model/revisions.py): what each pod reads is immutable and named by its
content, so a pod template pins its configuration; old revisions are collected by scripts/revisions.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import CHANGED, WORKLOAD_KINDS, Manifests, flat, one, templates

from model.digest import json_digest
from model.revisions import KEEP, REVISION_OF, prune_selector, revision_selector
from scripts.revisions import Ref, adoptable, plan, references

pytestmark = pytest.mark.slow  # synths of its own: `make test` runs it, not `make test-manifests`

Docs = list[dict[str, Any]]

# Settings that feed one workload each, and the workloads whose pod template must change.
ONE_READER = {
    "LOG_LEVEL": ("DEBUG", {"Deployment/backend"}),
    "DB_POOL_SIZE": ("9", {"Deployment/backend"}),
    "ALLOWED_ORIGINS": ("https://other.example.com", {"Deployment/backend"}),
    # The restore drill asks the deployed backend image which migration head it expects.
    "BACKEND_TAG": ("0.1.1", {"Deployment/backend", "CronJob/restore-drill"}),
    "FRONTEND_TAG": ("0.1.1", {"Deployment/frontend"}),
    "BACKUP_KEEP": ("3", {"CronJob/backup"}),
}


@pytest.fixture(scope="module")
def variants(synth: Callable[..., Manifests]) -> dict[str, Docs]:
    return {
        "default": flat(synth()),
        "changed": flat(synth(**CHANGED)),
        "annotations": flat(synth(MONITORING="annotations")),
    }


def test_every_config_map_a_pod_reads_is_an_immutable_revision_named_by_its_data(variants: dict[str, Docs]) -> None:
    for variant, docs in variants.items():
        read = 0
        for workload, template in templates(docs).items():
            kind, name = workload.split("/")
            for ref in references(template):
                if ref.kind != "ConfigMap":
                    continue
                read += 1
                config = one(docs, "ConfigMap", ref.name)
                meta = config["metadata"]
                assert config.get("immutable") is True, (variant, ref)
                assert ref.name.endswith(f"-{json_digest(config['data'])}"), (variant, ref, "named by its data")
                assert meta["labels"][REVISION_OF] == name, (variant, ref, "owned by the workload that reads it")
                if kind == "Deployment":
                    history = one(docs, kind, name)["spec"]["revisionHistoryLimit"]
                    assert meta["annotations"][KEEP] == str(history), (variant, ref, "kept as long as its history")
        assert read, f"{variant}: no pod reads a ConfigMap (the backend does)"


def test_no_pod_template_carries_a_checksum_of_its_configuration(variants: dict[str, Docs]) -> None:
    """The name changes with the data: a checksum annotation beside it would be a second source."""
    for docs in variants.values():
        for template in templates(docs).values():
            assert not any(k.startswith("checksum/") for k in (template["metadata"].get("annotations") or {}))


def without_revision_names(docs: Docs) -> dict[tuple[str, str], dict[str, Any]]:
    """Documents keyed (kind, name), a revision by its owner, so a renamed revision is the same key."""
    keyed = {}
    for d in docs:
        owner = (d["metadata"].get("labels") or {}).get(REVISION_OF)
        keyed[d["kind"], f"revision of {owner}" if owner else d["metadata"]["name"]] = d
    return keyed


@pytest.mark.parametrize("setting", sorted(ONE_READER))
def test_one_setting_changes_exactly_the_workloads_that_read_it(
    setting: str, variants: dict[str, Docs], synth: Callable[..., Manifests]
) -> None:
    value, readers = ONE_READER[setting]
    before, after = variants["default"], flat(synth(**{setting: value}))
    old, new = templates(before), templates(after)
    assert {w for w in old if old[w] != new[w]} == readers
    before_docs, after_docs = without_revision_names(before), without_revision_names(after)
    assert set(before_docs) == set(after_docs)
    changed = {key for key in before_docs if before_docs[key] != after_docs[key]}
    changed_workloads = {f"{kind}/{name}" for kind, name in changed if kind in WORKLOAD_KINDS}
    assert changed_workloads == readers, "no other workload (nor its template) changed"
    for kind, name in changed - {tuple(w.split("/")) for w in readers}:
        # Whatever else changed is a revision a reader reads, under a new name.
        assert name.startswith("revision of "), (kind, name)
        reader = name.removeprefix("revision of ")
        assert any(w.endswith(f"/{reader}") for w in readers), (kind, name)
        assert before_docs[kind, name]["metadata"]["name"] != after_docs[kind, name]["metadata"]["name"]
        assert Ref(kind, after_docs[kind, name]["metadata"]["name"]) in set(references(new[f"Deployment/{reader}"]))


def selects(selector: str, labels: dict[str, str]) -> bool:
    """A label selector as the API server evaluates one: comma-joined terms, all must hold."""
    for term in selector.split(","):
        if term.startswith("!"):
            ok = term[1:] not in labels
        elif "=" in term:
            key, _, value = term.partition("=")
            ok = labels.get(key) == value
        else:
            ok = term in labels
        if not ok:
            return False
    return True


def test_the_prune_selector_excludes_the_revisions_and_the_revision_selector_takes_only_them(
    variants: dict[str, Docs],
) -> None:
    part_of = "app.kubernetes.io/part-of=yoshikosan"
    for docs in variants.values():
        revisions = [d for d in docs if REVISION_OF in (d["metadata"].get("labels") or {})]
        assert revisions, "the backend's configuration is a revision"
        for d in docs:
            labels = d["metadata"].get("labels") or {}
            is_revision = d in revisions
            assert selects(prune_selector(part_of), labels) is not is_revision, d["metadata"]["name"]
            assert selects(revision_selector(part_of), labels) is is_revision, d["metadata"]["name"]
        # Everything else of the app is still applied and pruned by the prune selector.
        assert all(selects(part_of, d["metadata"].get("labels") or {}) for d in docs)


# -- collection: scripts/revisions.plan ------------------------------------------------------------


def revision(name: str, owner: str, created: int, keep: str | None = "2", kind: str = "ConfigMap") -> dict[str, Any]:
    return {
        "kind": kind,
        "metadata": {
            "name": name,
            "labels": {REVISION_OF: owner},
            "annotations": {KEEP: keep} if keep is not None else {},
            "creationTimestamp": f"2025-01-01T00:00:{created:02d}Z",
        },
    }


def pod_reading(*names: str) -> dict[str, Any]:
    return {"kind": "Pod", "spec": {"containers": [{"envFrom": [{"configMapRef": {"name": n}} for n in names]}]}}


def test_the_newest_keep_of_each_owner_stay_the_rest_go() -> None:
    revisions = [revision(f"backend-config-{i}", "backend", i) for i in range(5)]
    revisions += [revision(f"exporter-{i}", "exporter", i, keep="1") for i in range(3)]
    found = plan(revisions, [])
    deleted = ["backend-config-0", "backend-config-1", "backend-config-2", "exporter-0", "exporter-1"]
    assert [r.name for r in found.delete] == deleted
    assert found.kept == 3


def test_a_referenced_revision_is_never_deleted_whatever_refers_to_it() -> None:
    revisions = [revision(f"c-{i}", "backend", i, keep="1") for i in range(6)]
    referrers = [
        pod_reading("c-0"),
        {"kind": "Job", "spec": {"template": {"spec": {"volumes": [{"name": "v", "configMap": {"name": "c-1"}}]}}}},
        # A StatefulSet's history: the template inside a ControllerRevision's data.
        {"kind": "ControllerRevision", "data": {"spec": {"template": {"spec": pod_reading("c-2")["spec"]}}}},
        {
            "kind": "ReplicaSet",
            "spec": {
                "template": {
                    "spec": {
                        "containers": [{"env": [{"name": "X", "valueFrom": {"configMapKeyRef": {"name": "c-3"}}}]}]
                    }
                }
            },
        },
    ]
    found = plan(revisions, referrers)
    assert [r.name for r in found.delete] == ["c-4"], "only the one nothing reads, beyond the newest"
    assert [r.name for r in found.kept_referenced] == ["c-0", "c-1", "c-2", "c-3"]
    assert "kept as still referenced" in found.summary()


def test_owners_and_kinds_are_counted_apart() -> None:
    revisions = [revision("b-old", "backend", 1, keep="1"), revision("b-new", "backend", 2, keep="1")]
    revisions += [revision("b-secret", "backend", 3, keep="1", kind="Secret")]
    revisions += [revision("x-only", "exporter", 4, keep="1")]
    assert [r.resource for r in plan(revisions, []).delete] == ["configmap/b-old"]


def test_without_a_readable_keep_on_the_newest_nothing_of_the_group_goes() -> None:
    revisions = [revision(f"c-{i}", "backend", i) for i in range(4)] + [revision("c-9", "backend", 9, keep="x")]
    assert plan(revisions, []).delete == ()
    assert [r.name for r in plan(revisions[:4], []).delete] == ["c-0", "c-1"]


def test_references_finds_every_way_a_pod_names_a_config_map_or_secret() -> None:
    spec = {
        "imagePullSecrets": [{"name": "pull"}],
        "containers": [
            {
                "envFrom": [{"configMapRef": {"name": "cm-env-from"}}, {"secretRef": {"name": "s-env-from"}}],
                "env": [
                    {"name": "A", "valueFrom": {"configMapKeyRef": {"name": "cm-key", "key": "a"}}},
                    {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s-key", "key": "b"}}},
                    {"name": "C", "value": "configMap"},
                ],
            }
        ],
        "volumes": [
            {"name": "a", "configMap": {"name": "cm-volume"}},
            {"name": "b", "secret": {"secretName": "s-volume"}},
            {
                "name": "c",
                "projected": {
                    "sources": [{"configMap": {"name": "cm-projected"}}, {"secret": {"name": "s-projected"}}]
                },
            },
        ],
    }
    assert set(references(spec)) == {
        Ref("ConfigMap", "cm-env-from"),
        Ref("ConfigMap", "cm-key"),
        Ref("ConfigMap", "cm-volume"),
        Ref("ConfigMap", "cm-projected"),
        Ref("Secret", "pull"),
        Ref("Secret", "s-env-from"),
        Ref("Secret", "s-key"),
        Ref("Secret", "s-volume"),
        Ref("Secret", "s-projected"),
    }


def test_only_a_config_map_the_prune_would_delete_and_a_pod_still_reads_is_adopted() -> None:
    def config_map(name: str, **labels: str) -> dict[str, Any]:
        return {
            "kind": "ConfigMap",
            "metadata": {"name": name, "labels": {"app.kubernetes.io/name": "backend", **labels}},
        }

    candidates = [
        config_map("backend"),  # an earlier release's, read by an old ReplicaSet
        config_map("unread"),
        config_map("applied-now"),
        config_map("backend-config-1", **{REVISION_OF: "backend"}),
    ]
    readers = [pod_reading("backend", "applied-now", "backend-config-1")]
    [adopted] = adoptable(candidates, readers, applied={"applied-now"})
    assert (adopted.ref, adopted.owner) == (Ref("ConfigMap", "backend"), "backend")
