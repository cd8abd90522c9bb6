"""What `make deploy` applies, prunes and waits for, and the record it leaves for `make rollback`.

dist/'s configuration revisions are applied first and never pruned; the rest of the app is
applied with a prune limited to its own kinds (dist/'s, plus those the last deploy recorded).
After the rollouts, the old revisions nothing reads are collected (scripts/revisions.py).
"""

from __future__ import annotations

import json
import shlex
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from model.revisions import REVISION_OF, prune_selector, revision_selector
from scripts.deploy_record import Record, State, states
from scripts.dist import NEVER_DELETED, Kind
from scripts.kube import OpsError, last_line
from scripts.revisions import REFERRING_RESOURCES, REVISION_RESOURCES, adoptable, plan
from scripts.steps import Action, Step, Task, say

if TYPE_CHECKING:
    from scripts.ops import Ops

ROLLOUT_TIMEOUT = "300s"


def app_kinds(ops: Ops, extra: Iterable[str] = ()) -> list[Kind]:
    """dist/'s kinds of the app's own objects, plus `extra` (a record's) minus those never deleted."""
    kinds = {*ops.dist.app_kinds(ops.s.namespace), *(Kind.parse_allowlist(k) for k in extra)}
    return sorted((k for k in kinds if k.kind not in NEVER_DELETED), key=lambda k: k.allowlist)


def selection(ops: Ops, extra_kinds: Iterable[str] = ()) -> list[str]:
    """What apply applies and prunes, the revisions aside (apply_revisions, collect_revisions);
    diff compares the same selection."""
    prune = [f"--prune-allowlist={kind.allowlist}" for kind in app_kinds(ops, extra_kinds)]
    return ["-f", str(ops.dist.path), "--prune", "-l", prune_selector(ops.part_of), *prune]


def apply_argv(ops: Ops, extra_kinds: Iterable[str] = ()) -> list[str]:
    return [ops.kubectl, "apply", *selection(ops, extra_kinds)]


def revisions_selection(ops: Ops) -> list[str]:
    """The configuration revisions dist/ has: applied first, never pruned (`apply -l` touches
    only what its selector matches)."""
    return ["-f", str(ops.dist.path), "-l", revision_selector(ops.part_of)]


def apply_revisions(ops: Ops) -> list[Step]:
    """The revisions first: the new pod templates name them."""
    if not ops.dist.revisions(ops.s.namespace):
        return []
    return [Step([ops.kubectl, "apply", *revisions_selection(ops)])]


def apply(ops: Ops) -> list[Action]:
    return [*apply_revisions(ops), Step(apply_argv(ops))]


def adopt_old_config_maps(ops: Ops) -> None:
    """Label as revisions the ConfigMaps the prune would delete but a pod template still reads."""
    namespace = ops.s.namespace
    candidates = ops.kube.objects(namespace, ["configmaps"], prune_selector(ops.part_of))
    applied = {d["metadata"]["name"] for d in ops.dist.namespaced(namespace) if d["kind"] == "ConfigMap"}
    for revision in adoptable(candidates, ops.kube.objects(namespace, REFERRING_RESOURCES), applied):
        label = f"{REVISION_OF}={revision.owner}"
        adopted = ops.kube.call("--namespace", namespace, "label", revision.ref.resource, label, echo=True)
        if adopted.returncode != 0:
            raise OpsError(f"could not keep {revision.ref.resource} for rollbacks: {last_line(adopted.stderr)}")


def collect_revisions(ops: Ops) -> Task:
    selector = revision_selector(ops.part_of)
    referrers = ",".join(REFERRING_RESOURCES)

    def collect() -> None:
        revisions = ops.kube.objects(ops.s.namespace, REVISION_RESOURCES, selector)
        found = plan(revisions, ops.kube.objects(ops.s.namespace, REFERRING_RESOURCES))
        if found.delete:
            deleted = ops.kube.call(
                "--namespace", ops.s.namespace, "delete", *(r.resource for r in found.delete),
                "--ignore-not-found", echo=True,
            )  # fmt: skip
            if deleted.returncode != 0:
                raise OpsError(
                    f"the deploy is done, but old revisions could not be deleted: {last_line(deleted.stderr)}; "
                    "the next deploy tries again"
                )
        say(found.summary())

    return Task(
        f"collect old revisions: {shlex.join(ops.k('get', ','.join(REVISION_RESOURCES), '-l', selector))}; "
        "each workload keeps its newest KEEP (its revisionHistoryLimit)\n"
        f"  and every one named by {referrers} in the namespace; the rest: "
        f"{shlex.join(ops.k('delete', 'KIND/NAME', '...'))}",
        collect,
    )


def wait(ops: Ops, *workloads: str) -> list[Step]:
    """`kubectl rollout status` for the given workloads (every one in dist/ by default)."""
    return [
        Step(ops.k("rollout", "status", workload, f"--timeout={ROLLOUT_TIMEOUT}"))
        for workload in workloads or ops.dist.workloads(ops.s.namespace)
    ]


def deployed(ops: Ops) -> tuple[dict[str, State], Record | None]:
    """The workloads as the cluster has them now, and the last deploy's record."""
    workloads = ops.dist.workloads(ops.s.namespace)
    found = ops.kube.get(ops.s.namespace, f"configmap/{ops.record_name}", *workloads)
    record = next((o for o in found if o["kind"] == "ConfigMap"), None)
    return states(found, workloads), Record.from_configmap(record) if record else None


def write_record(ops: Ops, record: Record) -> None:
    document = json.dumps(record.configmap(ops.record_name, ops.s.namespace))
    written = ops.kube.call("apply", "-f", "-", stdin=document, echo=True)
    if written.returncode != 0:
        raise OpsError(f"could not write configmap/{ops.record_name}: {last_line(written.stderr)}")


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
