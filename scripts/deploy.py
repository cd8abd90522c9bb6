"""`make deploy` and `make diff`: the preflight, a summary of what would change (and consent to a
database restart), the Secrets, the apply, the record `make rollback` undoes, the rollouts, the
old revisions collected, then the smoke check.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from model.external_secrets import EXTERNAL
from model.revisions import REVISION_OF
from scripts.apply import (
    adopt_old_config_maps,
    app_kinds,
    apply_argv,
    apply_revisions,
    collect_revisions,
    deployed,
    now,
    revisions_selection,
    selection,
    wait,
    write_record,
)
from scripts.deploy_record import Record, State, changes
from scripts.diff import RESTART_STATEFUL, Diff, Summary
from scripts.kube import OpsError, last_line
from scripts.preflight import preflight
from scripts.secret import secret, secret_env_file, secret_render_argv
from scripts.steps import Action, Step, Task, ask, run, say
from scripts.watch import smoke_task

if TYPE_CHECKING:
    from scripts.ops import Ops

# How long the smoke check keeps trying: a first deploy waits for k3s to upgrade Traefik
# to the new NodePort (a Helm job) after the app's own rollouts are done.
DEPLOY_SMOKE_PATIENCE = 180.0


@dataclass
class DeployRun:
    """`deploy`'s run-time half: the workloads before the apply, then the record of what changed."""

    ops: Ops
    before: dict[str, State] = field(default_factory=dict)
    previous_kinds: tuple[str, ...] = ()

    def read_before(self) -> None:
        self.before, previous = deployed(self.ops)
        self.previous_kinds = previous.kinds if previous else ()

    def apply(self) -> None:
        run(apply_revisions(self.ops))
        adopt_old_config_maps(self.ops)
        run([Step(apply_argv(self.ops, self.previous_kinds))])

    def record(self) -> None:
        after, _ = deployed(self.ops)
        kinds = tuple(kind.allowlist for kind in app_kinds(self.ops))
        record = Record(deployed_at=now(), kinds=kinds, changes=changes(self.before, after))
        write_record(self.ops, record)
        say(f"recorded for make rollback: {record.summary()}")


def preview(ops: Ops) -> Summary:
    """What an apply of dist/ and the Secret would change, as kubectl diff computes it."""
    if ops.kube.get_one(ops.s.namespace, f"namespace/{ops.s.namespace}") is None:
        # Every namespaced dry-run would fail with "namespace not found": nothing exists to compare.
        return Summary(namespace=ops.s.namespace, fresh_namespace=ops.s.namespace)
    _, record = deployed(ops)
    calls: list[tuple[list[str], str | None]] = [
        ([ops.kubectl, "diff", *selection(ops, record.kinds if record else ())], None)
    ]
    if ops.s.secrets_source != EXTERNAL:  # else the operator writes the Secrets, from the store
        rendered = ops.kube.call(*secret_render_argv(ops)[1:], stdin=secret_env_file(ops.s))
        if rendered.returncode != 0:
            raise OpsError(f"could not render the Secret: {last_line(rendered.stderr)}")
        calls.append(([ops.kubectl, "diff", "-f", "-"], rendered.stdout))
    if ops.dist.revisions(ops.s.namespace):
        # New configuration revisions show as created; the pod templates name them.
        calls.insert(0, ([ops.kubectl, "diff", *revisions_selection(ops)], None))
    return Diff(calls, ops.s.namespace).run()


def describe_preview(ops: Ops) -> str:
    return (
        f"kubectl diff {shlex.join(selection(ops))} (+ the last deploy's kinds)\n"
        f"<secret values on stdin> {shlex.join(secret_render_argv(ops))} | kubectl diff -f -\n"
        "  each with KUBECTL_EXTERNAL_DIFF=scripts/diff.py snapshot: Secret values and their "
        "last-applied annotation masked"
    )


def diff(ops: Ops) -> list[Action]:
    def show() -> None:
        summary = preview(ops)
        print(summary.unified(), end="", flush=True)
        print("\n".join(summary.lines()), flush=True)
        ops.diff_status = summary.status

    return [Task(describe_preview(ops), show)]


def gate(ops: Ops) -> None:
    """deploy's summary, then a question before a StatefulSet (PostgreSQL) restart."""
    summary = preview(ops)
    for line in summary.lines():
        say(f"deploy will change: {line}")
    if summary.stateful_restarts:
        ask(
            f"This deploy restarts {', '.join(summary.stateful_restarts)}: its pod template changes "
            "(make diff shows how); the database is unavailable while it restarts.",
            RESTART_STATEFUL,
            ops.confirm,
        )


def deploy(ops: Ops) -> list[Action]:
    state = DeployRun(ops)
    workloads = " ".join(ops.dist.workloads(ops.s.namespace))
    return [
        *preflight(ops),
        # diff hook (scripts/diff.py): the summary, and consent to a database restart, before any change.
        Task(f"{describe_preview(ops)}\nprint the summary; ask before a StatefulSet restart", lambda: gate(ops)),
        *secret(ops, preflight=False),
        Task(f"read {workloads} and configmap/{ops.record_name} before the apply", state.read_before),
        Task(
            "".join(f"{step.render()}\n" for step in apply_revisions(ops))
            + "each ConfigMap of the app the prune would delete that a pod template still reads (from before "
            f"revisions): {shlex.join(ops.k('label', 'configmap/NAME', f'{REVISION_OF}=OWNER'))}\n"
            + f"{shlex.join(apply_argv(ops))}\n"
            "  (+ --prune-allowlist for each kind the last deploy applied that dist/ no longer has)",
            state.apply,
        ),
        Task(
            f"record the workloads whose pod template changed in configmap/{ops.record_name} "
            "(what make rollback undoes)",
            state.record,
        ),
        *wait(ops),
        collect_revisions(ops),
        smoke_task(ops, version=ops.s.backend_tag, patience=DEPLOY_SMOKE_PATIENCE),
    ]
