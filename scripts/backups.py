"""`make db-backups`, `make db-restore FROM=offsite`, `make db-drill` and the drill line of
`make status`: the steps scripts/ops.py runs for the off-site copies and the restore drill.

The listing and the off-site restore run short-lived pods (`kubectl run --rm -i`) shaped as
the backup Job's: restricted, the backup ServiceAccount, and the backup component's labels,
so the backup NetworkPolicy (the repository's port, PostgreSQL) is the one that applies.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from model.dbtools import BACKUP_DIR, DUMP_SUFFIX, RESTORE_SCRIPT
from model.restic import CACHE_DIR, CREDENTIALS, FETCH_SCRIPT, LIST_SCRIPT, scheme
from model.topology import BACKUP, POSTGRES, RESTORE_DRILL
from scripts.kube import OpsError
from scripts.steps import Action, Step, Task, run

if TYPE_CHECKING:
    from scripts.ops import Ops

RUN_AS_ID = 10001  # charts/base.py's (not imported: it loads jsii)
DRILL_PATIENCE = 3600.0
BACKUP_PATIENCE = 1800.0  # as long as `make db-backup` waited before
JOB_POLL_SECONDS = 5.0
LOCAL_LIST = (
    f'for f in {BACKUP_DIR}/*{DUMP_SUFFIX}; do [ -e "$f" ] || {{ echo "no local backups"; break; }}; '
    'printf "%s  %10s bytes  local  %s\\n" "$(date -u -r "$f" +%Y-%m-%dT%H:%M:%SZ)" "$(wc -c < "$f")" '
    '"$(basename "$f")"; done'
)


def restic_env(ops: Ops, **extra: str) -> list[dict[str, Any]]:
    """The restic environment of the backup Job's offsite container (charts/offsite.py)."""
    repository = ops.s.backup_repository
    assert repository
    secrets = ["RESTIC_PASSWORD", *CREDENTIALS[scheme(repository)]]
    plain = {"RESTIC_REPOSITORY": repository, "RESTIC_CACHE_DIR": CACHE_DIR, "BACKUP_HOST": ops.s.app_name, **extra}
    return [
        *({"name": k, "value": v} for k, v in plain.items()),
        *({"name": k, "valueFrom": {"secretKeyRef": {"name": ops.s.secret_name, "key": k}}} for k in secrets),
    ]


def helper_pod(ops: Ops, name: str, image: str, command: Sequence[str], env: list[dict[str, Any]]) -> list[str]:
    """`kubectl run` of one restricted container that streams its stdout here and is removed after."""
    restricted = {"runAsNonRoot": True, "seccompProfile": {"type": "RuntimeDefault"}}
    container = {
        "name": name,
        "image": image,
        "command": list(command),
        "env": env,
        "stdin": True,
        "stdinOnce": True,
        "securityContext": {
            **restricted,
            "allowPrivilegeEscalation": False,
            "readOnlyRootFilesystem": True,
            "capabilities": {"drop": ["ALL"]},
        },
        "volumeMounts": [
            {"name": "tmp", "mountPath": "/tmp"},
            {"name": "cache", "mountPath": CACHE_DIR},
            {"name": "backups", "mountPath": BACKUP_DIR, "readOnly": True},
        ],
    }
    overrides = {
        "apiVersion": "v1",
        "spec": {
            "serviceAccountName": BACKUP,
            "automountServiceAccountToken": False,
            "enableServiceLinks": False,
            "securityContext": {**restricted, "runAsUser": RUN_AS_ID, "runAsGroup": RUN_AS_ID, "fsGroup": RUN_AS_ID},
            "containers": [container],
            "volumes": [
                {"name": "tmp", "emptyDir": {}},
                {"name": "cache", "emptyDir": {}},
                {"name": "backups", "persistentVolumeClaim": {"claimName": BACKUP, "readOnly": True}},
            ],
        },
    }
    labels = f"app.kubernetes.io/name={BACKUP},app.kubernetes.io/instance={ops.s.app_name},{ops.part_of}"
    return ops.k(
        "run", f"{name}-{time.strftime('%Y%m%d%H%M%S', time.gmtime())}", "--rm", "-i", "--quiet",
        "--restart=Never", f"--image={image}", f"--labels={labels}", f"--overrides={json.dumps(overrides)}",
    )  # fmt: skip


def db_backups(ops: Ops) -> list[Action]:
    steps: list[Action] = [
        Step(helper_pod(ops, "list-local", ops.s.image_ref("postgres"), ["sh", "-c", LOCAL_LIST], []))
    ]
    if ops.s.backup_repository:
        restic = ops.s.image_ref("restic")
        steps.append(Step(helper_pod(ops, "list-offsite", restic, ["sh", "-c", LIST_SCRIPT, "list"], restic_env(ops))))
    return steps


def db_restore_offsite(ops: Ops, snapshot: str) -> list[Action]:
    """The snapshot's dump streamed from restic's pod straight into the postgres container's restore."""
    if not ops.s.backup_repository:
        raise OpsError("FROM=offsite needs BACKUP_REPOSITORY (and RESTIC_PASSWORD) in .env")
    fetch = ["sh", "-c", FETCH_SCRIPT, "fetch", "-"]
    pod = helper_pod(ops, "restore-offsite", ops.s.image_ref("restic"), fetch, restic_env(ops, SNAPSHOT=snapshot))
    restore = ops.k("exec", "-i", f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", RESTORE_SCRIPT)
    return [Step(pod, pipe_to=restore), *ops.restart()]


def wait_for_job(ops: Ops, job: str, patience: float, failed: str) -> Task:
    """Until the Job succeeds or fails, then its log; a failed Job fails the command at once
    (`kubectl wait --for=condition=complete` would sit out its whole timeout on a failure)."""

    def wait() -> None:
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            found = ops.kube.get_one(ops.s.namespace, f"job/{job}") or {}
            # The Job's own verdict, not its pods' counters: a backup retries (backoffLimit),
            # so one failed pod is not yet a failed Job.
            done = {
                c.get("type")
                for c in found.get("status", {}).get("conditions", [])
                if c.get("status") == "True" and c.get("type") in ("Complete", "Failed")
            }
            if done:
                run([Step(ops.k("logs", f"job/{job}", "--all-containers", "--prefix"), check=False)])
                if "Failed" in done:
                    raise OpsError(f"{failed} (job/{job})")
                return
            time.sleep(JOB_POLL_SECONDS)
        raise OpsError(f"job/{job} did not finish in {patience:.0f} s")

    return Task(f"wait until job/{job} succeeds or fails, then print its log (fails with it)", wait)


def db_drill(ops: Ops, stamp: str) -> list[Action]:
    job = f"{RESTORE_DRILL}-manual-{stamp}"
    return [
        Step(ops.k("create", "job", job, f"--from=cronjob/{RESTORE_DRILL}")),
        wait_for_job(ops, job, DRILL_PATIENCE, "the restore drill failed: its last line above says why"),
    ]


def drill_status(ops: Ops) -> Step:
    """The drills kept (the last 3 passed and 3 failed), newest last: when and how each ended."""
    columns = (
        "DRILL:.metadata.name,STARTED:.status.startTime,FINISHED:.status.completionTime,"
        "PASSED:.status.succeeded,FAILED:.status.failed"
    )
    selector = f"app.kubernetes.io/name={RESTORE_DRILL}"
    return Step(
        ops.k(
            "get", "jobs", "-l", selector, "--sort-by=.metadata.creationTimestamp", "-o", f"custom-columns={columns}"
        ),
        check=False,
    )
