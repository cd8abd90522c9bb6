"""`make db-backups`, `make db-restore FROM=offsite`, `make db-drill` and `make status`'s drill
line as scripts/ops.py's --dry-run prints them: the pods they start, what they refuse."""

from __future__ import annotations

import json
import shlex

from conftest import BASE_ENV
from ops_harness import run_ops

OFFSITE = BASE_ENV | {"BACKUP_REPOSITORY": "s3:https://minio.example.com:9000/backups"}


def overrides(line: str) -> dict[str, object]:
    [value] = [a.split("=", 1)[1] for a in shlex.split(line.split(" | ")[0]) if a.startswith("--overrides=")]
    return dict(json.loads(value))


def test_backups_lists_local_dumps_and_offsite_snapshots_in_restricted_backup_pods() -> None:
    result = run_ops("db-backups", "--dry-run", settings=OFFSITE)
    assert result.returncode == 0, result.stderr
    local, offsite = result.stdout.strip().splitlines()
    assert "--image=postgres:" in local and "restic/restic:" in offsite and "snapshots --host" in offsite
    for line in (local, offsite):
        assert "app.kubernetes.io/name=backup," in line, "the backup NetworkPolicy applies to it"
        spec: dict = overrides(line)["spec"]  # type: ignore[assignment]
        [container] = spec["containers"]
        assert container["securityContext"]["readOnlyRootFilesystem"] is True
        assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    env = {e["name"]: e for e in overrides(offsite)["spec"]["containers"][0]["env"]}  # type: ignore[index]
    assert env["RESTIC_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "RESTIC_PASSWORD"
    assert "value" not in env["AWS_SECRET_ACCESS_KEY"], "secrets come from the Secret, never the command line"


def test_without_a_repository_only_local_backups_are_listed() -> None:
    result = run_ops("db-backups", "--dry-run")
    assert result.returncode == 0 and len(result.stdout.strip().splitlines()) == 1


def test_restore_from_offsite_streams_the_snapshot_into_the_live_restore() -> None:
    result = run_ops("db-restore", "--from", "offsite", "--snapshot", "4f2a9c1e", "--dry-run", settings=OFFSITE)
    assert result.returncode == 0, result.stderr
    first = result.stdout.splitlines()[0]
    assert '"name": "SNAPSHOT", "value": "4f2a9c1e"' in first
    assert " | kubectl --namespace yoshikosan exec -i statefulset/postgres -c postgres -- sh -c " in first
    assert "pg_restore --clean" in first


def test_restore_from_offsite_without_a_repository_or_confirmation_is_refused() -> None:
    missing = run_ops("db-restore", "--from", "offsite", "--dry-run")
    assert missing.returncode == 1 and "FROM=offsite needs BACKUP_REPOSITORY" in missing.stderr
    unknown = run_ops("db-restore", "--from", "s3", "--dry-run", settings=OFFSITE)
    assert unknown.returncode == 1 and "only FROM=offsite" in unknown.stderr
    unconfirmed = run_ops("db-restore", "--from", "offsite", settings=OFFSITE, env={"KUBECTL": "true"})
    assert unconfirmed.returncode == 1 and "CONFIRM=restore" in unconfirmed.stderr


def test_drill_runs_the_cronjob_now_and_status_lists_the_drills() -> None:
    drill = run_ops("db-drill", "--dry-run").stdout
    assert "create job restore-drill-manual-" in drill and "--from=cronjob/restore-drill" in drill
    status = run_ops("status", "--dry-run").stdout
    assert "get jobs -l app.kubernetes.io/name=restore-drill" in status and "PASSED:.status.succeeded" in status
