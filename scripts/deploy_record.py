"""What the last `make deploy` changed, kept in the cluster, so `make rollback` undoes exactly that.

Deploy reads each workload before and after its apply. A workload whose pod template
changed is recorded with its revision and images before and after; the record (a
ConfigMap beside the app) also lists the kinds applied, so the next deploy still prunes
a kind that dist/ no longer has. It carries no part-of label: prune and down leave it be.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from model.digest import json_digest
from scripts.kube import Object, OpsError, ref

RECORD_KEY = "last-deploy.json"
REVISION = "deployment.kubernetes.io/revision"
# `make restart` sets only this: the pods restart, but what is deployed stays the same.
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"


def record_name(app_name: str) -> str:
    return f"{app_name}-last-deploy"


@dataclass(frozen=True)
class State:
    """A workload as deployed: its pod template (digest), images and Deployment revision."""

    template: str
    images: tuple[str, ...]
    revision: str | None = None

    @classmethod
    def of(cls, obj: Object) -> State:
        template = json.loads(json.dumps(obj["spec"]["template"]))
        meta = template.get("metadata") or {}
        (meta.get("annotations") or {}).pop(RESTARTED_AT, None)
        if not meta.get("annotations"):  # restart made the map: a template without one is the same template
            meta.pop("annotations", None)
        pod = template.get("spec") or {}
        images = [c["image"] for c in [*(pod.get("initContainers") or []), *(pod.get("containers") or [])]]
        digest = json_digest(template)
        revision = (obj["metadata"].get("annotations") or {}).get(REVISION)
        return cls(digest, tuple(dict.fromkeys(images)), revision)

    @property
    def tags(self) -> str:
        return ", ".join(self.images)


def states(objects: list[Object], workloads: list[str]) -> dict[str, State]:
    return {ref(obj): State.of(obj) for obj in objects if ref(obj) in workloads}


@dataclass(frozen=True)
class Change:
    before: State | None  # None: the deploy created the workload
    after: State

    def describe(self) -> str:
        if self.before is None:
            return f"created ({self.after.tags})"
        if self.before.images == self.after.images:
            return f"pod template changed ({self.after.tags})"
        return f"{self.before.tags} -> {self.after.tags}"


def changes(before: dict[str, State], after: dict[str, State]) -> dict[str, Change]:
    # Right after an apply the deployment controller may not have numbered the new
    # revision yet, so only the revision before is kept: it is what a rollback goes back to.
    return {
        workload: Change(before.get(workload), replace(state, revision=None))
        for workload, state in after.items()
        if workload not in before or before[workload].template != state.template
    }


@dataclass(frozen=True)
class Record:
    deployed_at: str
    kinds: tuple[str, ...]  # --prune-allowlist spelling
    changes: dict[str, Change] = field(default_factory=dict)
    rolled_back_at: str | None = None

    def configmap(self, name: str, namespace: str) -> Object:
        return {
            "apiVersion": "v1",
            "kind": "ConfigMap",
            "metadata": {"name": name, "namespace": namespace},
            "data": {RECORD_KEY: json.dumps(asdict(self), indent=2, sort_keys=True)},
        }

    @classmethod
    def from_configmap(cls, obj: Object) -> Record:
        try:
            raw: dict[str, Any] = json.loads(obj["data"][RECORD_KEY])
            return cls(
                deployed_at=raw["deployed_at"],
                kinds=tuple(raw["kinds"]),
                changes={
                    workload: Change(
                        before=_state(change["before"]) if change["before"] else None, after=_state(change["after"])
                    )
                    for workload, change in raw["changes"].items()
                },
                rolled_back_at=raw.get("rolled_back_at"),
            )
        except (KeyError, TypeError, ValueError) as error:
            name = obj["metadata"]["name"]
            raise OpsError(f"configmap/{name} is not a deploy record ({error!r}): delete it and deploy again") from None

    def rolled_back(self, at: str) -> Record:
        return replace(self, rolled_back_at=at)

    def summary(self) -> str:
        if not self.changes:
            return "no workload changed"
        return "; ".join(f"{workload} {change.describe()}" for workload, change in sorted(self.changes.items()))


def _state(raw: dict[str, Any]) -> State:
    return State(raw["template"], tuple(raw["images"]), raw.get("revision"))


@dataclass(frozen=True)
class Undo:
    workload: str
    revision: str  # the Deployment revision the last deploy replaced
    back_to: State
    leaving: State

    def describe(self) -> str:
        if self.back_to.images == self.leaving.images:
            return f"{self.workload} to revision {self.revision}'s pod template (same images: {self.back_to.tags})"
        return f"{self.workload} to {self.back_to.tags} (revision {self.revision}; was {self.leaving.tags})"


def plan_rollback(record: Record, current: dict[str, State], namespace: str) -> tuple[list[Undo], list[str]]:
    """The Deployments to undo, and notes on what a rollback leaves alone; OpsError when it cannot be done."""
    when = f"the last deploy ({record.deployed_at})"
    if record.rolled_back_at:
        raise OpsError(f"{when} was already rolled back at {record.rolled_back_at}; nothing left to undo")
    undo, notes, problems = [], [], []
    for workload, change in sorted(record.changes.items()):
        if not workload.startswith("deployment/"):
            # The database's image goes back through .env and a deploy, never by a blind undo:
            # a data directory a newer server has touched may not start under the older one.
            notes.append(
                f"{workload} also changed ({change.describe()}) and is left as it is: "
                "to undo it, restore its settings in .env and `make deploy`"
            )
            continue
        now = current.get(workload)
        if now is None:
            problems.append(f"{workload} no longer exists (`make down`?)")
        elif change.before is None or change.before.revision is None:
            problems.append(f"{workload} was created by that deploy: there is nothing before it to go back to")
        elif now.template != change.after.template:
            problems.append(
                f"{workload} changed after that deploy (now {now.tags}); undo it by hand: "
                f"`kubectl -n {namespace} rollout undo {workload}`"
            )
        else:
            undo.append(Undo(workload, change.before.revision, change.before, change.after))
    if problems:
        raise OpsError(f"cannot roll back {when}: {'; '.join(problems)}")
    if not undo:
        raise OpsError(f"{when} changed no Deployment: nothing to roll back. {' '.join(notes)}".strip())
    return undo, notes
