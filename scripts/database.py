"""`make db-shell`, `db-migrate`, `db-backup`, `db-dump`, `db-restore`, `db-reset` and `db-upgrade`:
PostgreSQL reached through `kubectl exec` into its StatefulSet (the off-site copies and the
restore drill are scripts/backups.py's)."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from model.dbtools import (
    RESTORE_SCRIPT,
    UPGRADE_CHECK_SCRIPT,
    UPGRADE_DUMP_SCRIPT,
    UPGRADE_RESTORE_SCRIPT,
    UPGRADE_VERIFY_SCRIPT,
    data_claim,
    postgres_pod,
)
from model.paths import ROOT
from model.topology import BACKEND, BACKUP, POSTGRES
from scripts import backups
from scripts.apply import ROLLOUT_TIMEOUT, apply, wait
from scripts.kube import OpsError
from scripts.steps import Action, Step
from scripts.watch import restart

if TYPE_CHECKING:
    from scripts.ops import Ops


def psql(ops: Ops, sql: str | None = None, *, interactive: bool = False) -> list[str]:
    flags = ["-it"] if interactive else ["-i"]
    script = 'exec psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER"'
    # Statements like DROP DATABASE run from the maintenance database.
    script += f" -d postgres -c {shlex.quote(sql)}" if sql else ' -d "$POSTGRES_DB"'
    return ops.k("exec", *flags, f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", script)


def db_shell(ops: Ops) -> list[Step]:
    return [Step(psql(ops, interactive=True))]


def db_migrate(ops: Ops) -> list[Step]:
    return [Step(ops.k("exec", f"deployment/{BACKEND}", "-c", BACKEND, "--", "python", "-m", "app.cli", "migrate"))]


def db_backup(ops: Ops, stamp: str) -> list[Action]:
    job = f"{BACKUP}-manual-{stamp}"
    return [
        Step(ops.k("create", "job", job, f"--from=cronjob/{BACKUP}")),
        backups.wait_for_job(ops, job, backups.BACKUP_PATIENCE, "the backup failed: its last lines above say why"),
    ]


def db_dump(ops: Ops, file: str) -> list[Step]:
    """A dump streamed to this machine, for copying off the host (the backup volume is on it)."""
    script = 'exec pg_dump --format=custom -U "$POSTGRES_USER" -d "$POSTGRES_DB"'
    return [Step(ops.k("exec", f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", script), stdout_to=file)]


def db_restore(ops: Ops, file: str) -> list[Step]:
    restore = ops.k("exec", "-i", f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", RESTORE_SCRIPT)
    return [Step(restore, stdin_from=file), *restart(ops)]


def db_reset(ops: Ops) -> list[Step]:
    db = ops.s.postgres_db
    return [
        Step(ops.k("scale", f"deployment/{BACKEND}", "--replicas=0")),
        Step(psql(ops, f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')),
        Step(psql(ops, f'CREATE DATABASE "{db}" OWNER "{ops.s.postgres_user}"')),
        Step(ops.k("scale", f"deployment/{BACKEND}", f"--replicas={ops.s.backend_replicas}")),
        *wait(ops, f"deployment/{BACKEND}"),
    ]


def db_upgrade(ops: Ops, file: str) -> list[Action]:
    """PostgreSQL POSTGRES_DATA_MAJOR -> POSTGRES_TAG's major: a verified dump (FILE, FILE.counts)
    restored into the new major on a fresh volume, rows counted on both sides. The backend is
    down from the dump to the check; the old volume stays (see db_upgrade_done)."""
    old, new = ops.s.postgres_data_major, ops.s.postgres_major
    if new <= old:
        raise OpsError(f"POSTGRES_TAG {ops.s.postgres_tag} is not a newer major than the data's ({old})")
    if Path(file).exists():
        raise OpsError(f"{file} exists: name a new file for the dump")
    counts = f"{file}.counts"

    def on(major: int, script: str, stdin_from: str | None = None, stdout_to: str | None = None) -> Step:
        flags = ["-i"] if stdin_from else []
        sh = ["sh", "-c", script, "db-upgrade", str(major)]  # $1: the major the server must be
        argv = ops.k("exec", *flags, postgres_pod(major), "-c", POSTGRES, "--", *sh)
        return Step(argv, stdin_from=stdin_from, stdout_to=stdout_to)

    backend_pods = f"app.kubernetes.io/name={BACKEND},app.kubernetes.io/instance={ops.s.app_name}"
    return [
        Step(ops.k("scale", f"deployment/{BACKEND}", "--replicas=0")),
        Step(ops.k("wait", "--for=delete", "pod", "-l", backend_pods, f"--timeout={ROLLOUT_TIMEOUT}")),
        on(old, UPGRADE_DUMP_SCRIPT, stdout_to=file),
        on(old, UPGRADE_VERIFY_SCRIPT, stdin_from=file, stdout_to=counts),
        # dist/ as it is once the data is the new major's; applied to the database only,
        # so the backend stays down until the rows are back.
        Step(
            [
                "env",
                f"POSTGRES_DATA_MAJOR={new}",
                f"CDK8S_OUTDIR={ops.dist_dir}",
                sys.executable,
                str(ROOT / "main.py"),
            ]
        ),
        Step([ops.kubectl, "apply", "-f", str(ops.dist_dir), "-l", f"app.kubernetes.io/name={POSTGRES}"]),
        *wait(ops, f"statefulset/{POSTGRES}"),
        on(new, UPGRADE_RESTORE_SCRIPT, stdin_from=file),
        on(new, UPGRADE_CHECK_SCRIPT, stdin_from=counts),
        *apply(ops),
        *wait(ops),
    ]


def db_upgrade_done(ops: Ops) -> str:
    old, new, ns = ops.s.postgres_data_major, ops.s.postgres_major, ops.s.namespace
    return (
        f"PostgreSQL {new} runs on {data_claim(new)}. Now set POSTGRES_DATA_MAJOR={new} in .env.\n"
        f"The {old} data stays on {data_claim(old)}: POSTGRES_DATA_MAJOR={old} with a {old}.x tag and "
        f"`make deploy` bring it back as it was. Once {new} has proven itself, delete it: "
        f"kubectl -n {ns} delete pvc {data_claim(old)}, then its Released PersistentVolume (kubectl get pv)."
    )
