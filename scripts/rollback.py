"""`make rollback` and `make down`: undoing what the last deploy recorded, or removing the app.

Both read the deploy record (scripts/deploy_record.py): a rollback undoes exactly the
Deployments the last deploy changed; down deletes, besides dist/'s kinds, those it recorded.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from typing import TYPE_CHECKING

from model.revisions import revision_selector
from scripts.apply import ROLLOUT_TIMEOUT, app_kinds, deployed, now, wait, write_record
from scripts.deploy_record import Record, plan_rollback, states
from scripts.kube import OpsError
from scripts.steps import Action, Step, Task, run

if TYPE_CHECKING:
    from scripts.ops import Ops


def rollback(ops: Ops) -> list[Action]:
    # Placeholders, not shell words: the names and revisions come from the record at run time.
    undo = " ".join(ops.k("rollout", "undo", "deployment/NAME", "--to-revision=REVISION"))
    wait_line = " ".join(ops.k("rollout", "status", "deployment/NAME", f"--timeout={ROLLOUT_TIMEOUT}"))
    return [
        Task(
            f"read configmap/{ops.record_name}: each Deployment whose pod template the last deploy changed, "
            "with its REVISION before\n"
            f"{undo}   (each; refused if one changed since)\n"
            f"{wait_line}   (each); the record is marked rolled back",
            lambda: run_rollback(ops),
        )
    ]


def run_rollback(ops: Ops) -> None:
    found = ops.kube.get_one(ops.s.namespace, f"configmap/{ops.record_name}")
    if found is None:
        raise OpsError(
            f"no configmap/{ops.record_name} in namespace {ops.s.namespace}: no deploy was recorded, so there "
            f"is nothing to undo; by hand: `kubectl -n {ops.s.namespace} rollout undo deployment/<name>`"
        )
    record = Record.from_configmap(found)
    workloads = sorted(record.changes)
    current = states(ops.kube.get(ops.s.namespace, *workloads), workloads) if workloads else {}
    undo, notes = plan_rollback(record, current, ops.s.namespace)
    run([Step(ops.k("rollout", "undo", u.workload, f"--to-revision={u.revision}")) for u in undo])
    write_record(ops, record.rolled_back(now()))
    run(wait(ops, *(u.workload for u in undo)))
    for line in [f"rolled back {u.describe()}" for u in undo] + notes:
        print(line, flush=True)


def down(ops: Ops) -> list[Action]:
    def delete() -> None:
        _, record = deployed(ops)
        run([Step(down_argv(ops, record.kinds if record else ()))])
        run([Step(down_secret_revisions_argv(ops))])
        run([Step(ops.k("delete", f"configmap/{ops.record_name}", "--ignore-not-found"))])

    return [
        Task(
            f"{shlex.join(down_argv(ops))}\n"
            "  (+ each kind the last deploy recorded), the Secret revisions (`make secret` makes them again): "
            f"{shlex.join(down_secret_revisions_argv(ops))}, then the record: "
            f"{shlex.join(ops.k('delete', f'configmap/{ops.record_name}', '--ignore-not-found'))}",
            delete,
        )
    ]


def down_secret_revisions_argv(ops: Ops) -> list[str]:
    return ops.k("delete", "secrets", "-l", revision_selector(ops.part_of), "--ignore-not-found")


def down_argv(ops: Ops, extra_kinds: Iterable[str] = ()) -> list[str]:
    # What the cluster made from these (ReplicaSets, pods, Jobs) goes with its owner.
    kinds = ",".join(kind.resource for kind in app_kinds(ops, extra_kinds))
    return ops.k("delete", kinds, "-l", ops.part_of, "--ignore-not-found", "--wait=true")
