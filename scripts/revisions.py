"""Collecting old configuration revisions (model/revisions.py) after a deploy.

`kubectl apply --prune` leaves revision objects alone: an old one may be what a ReplicaSet
in the rollout history, a Job the CronJob left, or a pod still running reads. So `make
deploy`, once its rollouts are done, deletes a revision only when both hold:
- it is not among the newest KEEP revisions of its workload (KEEP: the workload's
  revisionHistoryLimit, on the revision as an annotation), and
- nothing in the namespace refers to it: no Deployment, ReplicaSet, StatefulSet,
  ControllerRevision, DaemonSet, CronJob, Job or Pod, whatever labels they carry.
"Newest" is the API server's creationTimestamp (the name breaks ties); the newest revision's
KEEP counts for its group, so a changed revisionHistoryLimit takes effect with the next deploy.
A group whose newest revision has no readable KEEP is left whole: a wrong guess could strand
a rollback.

A ConfigMap from before revisions (the fixed-name `backend` of earlier releases) is what the
ReplicaSets of those releases read: the deploy adopts it as a revision (adoptable) before its
prune would delete it, so the first rollback after the upgrade still finds it.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from model.revisions import KEEP, REVISION_OF
from model.secret_revisions import SecretRevision
from scripts.kube import Object

# Every kind that holds a pod template or is a pod: anything that may start a pod reading a revision.
REFERRING_RESOURCES = (
    "deployments.apps",
    "replicasets.apps",
    "statefulsets.apps",
    "controllerrevisions.apps",
    "daemonsets.apps",
    "cronjobs.batch",
    "jobs.batch",
    "pods",
)
REVISION_RESOURCES = ("configmaps", "secrets")

# Where a pod spec names a ConfigMap or Secret, by the key holding the reference.
_CONFIG_MAP_KEYS = ("configMapRef", "configMapKeyRef", "configMap")
_SECRET_KEYS = ("secretRef", "secretKeyRef")


@dataclass(frozen=True, order=True)
class Ref:
    kind: str  # ConfigMap or Secret
    name: str

    @property
    def resource(self) -> str:
        return f"{self.kind.lower()}/{self.name}"


def references(value: Any) -> Iterator[Ref]:
    """Every ConfigMap and Secret named anywhere in `value` (a pod, a workload, a ControllerRevision's data):
    env and envFrom, volumes, projected volumes, image pull secrets."""
    if isinstance(value, list):
        for item in value:
            yield from references(item)
        return
    if not isinstance(value, dict):
        return
    for key, inner in value.items():
        if isinstance(inner, dict):
            if key in _CONFIG_MAP_KEYS and isinstance(inner.get("name"), str):
                yield Ref("ConfigMap", inner["name"])
            elif key in _SECRET_KEYS and isinstance(inner.get("name"), str):
                yield Ref("Secret", inner["name"])
            elif key == "secret":  # a volume (secretName) or a projected source (name)
                name = inner.get("secretName", inner.get("name"))
                if isinstance(name, str):
                    yield Ref("Secret", name)
        if key == "imagePullSecrets" and isinstance(inner, list):
            yield from (Ref("Secret", s["name"]) for s in inner if isinstance(s, dict) and "name" in s)
        yield from references(inner)


@dataclass(frozen=True)
class Revision:
    ref: Ref
    owner: str
    created: str
    keep: int | None  # None: unreadable, never collected

    @classmethod
    def of(cls, obj: Object) -> Revision:
        meta = obj["metadata"]
        raw = (meta.get("annotations") or {}).get(KEEP, "")
        keep = int(raw) if raw.isdigit() else None
        owner = (meta.get("labels") or {})[REVISION_OF]
        return cls(Ref(obj["kind"], meta["name"]), owner, meta.get("creationTimestamp") or "", keep)


@dataclass(frozen=True)
class Plan:
    delete: tuple[Ref, ...]
    kept_referenced: tuple[Ref, ...]  # older than the newest KEEP, but still in use
    kept: int  # revisions left in all

    def summary(self) -> str:
        text = f"revisions: {self.kept} kept, {len(self.delete)} deleted"
        if self.delete:
            text += f" ({', '.join(r.resource for r in self.delete)})"
        if self.kept_referenced:
            text += (
                f"; kept as still referenced beyond the newest: {', '.join(r.resource for r in self.kept_referenced)}"
            )
        return text


def plan(revisions: Iterable[Object], referrers: Iterable[Object]) -> Plan:
    """Which revisions to delete: beyond the newest KEEP of their owner and kind, and referenced by nothing."""
    in_use = {ref for obj in referrers for ref in references(obj)}
    groups: dict[tuple[str, str], list[Revision]] = defaultdict(list)
    for obj in revisions:
        revision = Revision.of(obj)
        groups[revision.owner, revision.ref.kind].append(revision)
    delete, kept_referenced, kept = [], [], 0
    for group in groups.values():
        group.sort(key=lambda r: (r.created, r.ref.name), reverse=True)
        # The newest revision carries the chart's current KEEP.
        keep = group[0].keep
        for index, revision in enumerate(group):
            if keep is None or index < keep:
                kept += 1
            elif revision.ref in in_use:
                kept_referenced.append(revision.ref)
                kept += 1
            else:
                delete.append(revision.ref)
    return Plan(tuple(sorted(delete)), tuple(sorted(kept_referenced)), kept)


def adoptable(config_maps: Iterable[Object], referrers: Iterable[Object], applied: set[str]) -> list[Revision]:
    """The app's ConfigMaps the prune would delete (not `applied`, no revision label) that something still
    reads, as revisions of the workload their app.kubernetes.io/name names."""
    in_use = {ref for obj in referrers for ref in references(obj)}
    found = []
    for obj in config_maps:
        meta = obj["metadata"]
        labels = meta.get("labels") or {}
        ref = Ref("ConfigMap", meta["name"])
        if REVISION_OF not in labels and meta["name"] not in applied and ref in in_use:
            owner = labels.get("app.kubernetes.io/name", meta["name"])
            found.append(Revision(ref, owner, meta.get("creationTimestamp") or "", None))
    return found


def history_limit(workload: Object) -> int:
    """How many revisions a workload's own history holds: what its revisions' KEEP is."""
    spec = workload["spec"]
    if workload["kind"] == "CronJob":
        return int(spec.get("successfulJobsHistoryLimit", 3))
    return int(spec.get("revisionHistoryLimit", 10))


def secret_document(revision: SecretRevision, namespace: str, part_of: dict[str, str], keep: int) -> Object:
    """The reader's immutable Secret revision, for kubectl's stdin only (it holds the values)."""
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {
            "name": revision.name,
            "namespace": namespace,
            "labels": {**part_of, "app.kubernetes.io/name": revision.reader, REVISION_OF: revision.reader},
            "annotations": {KEEP: str(keep)},
        },
        "type": "Opaque",
        "immutable": True,
        "data": {k: base64.b64encode(v.encode()).decode() for k, v in sorted(revision.values.items())},
    }
