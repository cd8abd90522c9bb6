"""`make db-backups`, `make db-restore FROM=offsite`, `make db-drill` and `make status`'s drill
line as scripts/ops.py's --dry-run prints them: the pods they start, what they refuse."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
from conftest import BASE_ENV
from ops_harness import run_ops

from model.settings import load_settings
from scripts.kube import OpsError
from scripts.ops import Ops
from scripts.steps import Step, Task

pytestmark = pytest.mark.slow  # runs the ops commands as processes: `make test` runs it, not `make test-manifests`

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


class FakeKube:
    """Kube.get_one answering from a fixed Job status (what the API server returns)."""

    def __init__(self, status: dict[str, object]) -> None:
        self.status = status

    def get_one(self, namespace: str, name: str) -> dict[str, object]:
        return {"status": self.status}


def test_backup_fails_at_once_when_its_job_fails_and_prints_the_log(monkeypatch: pytest.MonkeyPatch) -> None:
    # Seen on the real-node kit: the off-site step failed (401), the Job went Failed, and
    # `kubectl wait --for=condition=complete --timeout=1800s` sat there for the full half hour.
    ops = Ops(load_settings(BASE_ENV, env_file=None), dist=Path("/nonexistent"))
    create, wait = ops.db_backup("20261204134858")
    assert isinstance(create, Step) and isinstance(wait, Task)
    assert "--from=cronjob/backup" in create.argv and not any("condition=complete" in a for a in create.argv)
    printed: list[list[str]] = []
    monkeypatch.setattr("scripts.backups.run", lambda steps: printed.extend(s.argv for s in steps))
    monkeypatch.setattr("scripts.backups.time.sleep", lambda s: pytest.fail("a failed Job must not be waited on"))
    ops.kube = FakeKube({"failed": 1, "conditions": [{"type": "Failed", "status": "True"}]})  # type: ignore[assignment]
    with pytest.raises(OpsError, match=r"the backup failed: .* \(job/backup-manual-20261204134858\)"):
        wait.run()
    assert printed and printed[0][-4:] == ["logs", "job/backup-manual-20261204134858", "--all-containers", "--prefix"]
    ops.kube = FakeKube({"succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]})  # type: ignore[assignment]
    wait.run()


def test_a_failed_pod_of_a_job_that_still_retries_is_waited_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The backup has backoffLimit 2: one failed pod is not a failed Job.
    ops = Ops(load_settings(BASE_ENV, env_file=None), dist=Path("/nonexistent"))
    _, wait = ops.db_backup("20261204140020")
    assert isinstance(wait, Task)
    answers = iter(
        [
            {"failed": 1, "active": 1},
            {"failed": 1, "succeeded": 1, "conditions": [{"type": "Complete", "status": "True"}]},
        ]
    )
    ops.kube = type("K", (), {"get_one": lambda self, ns, name: {"status": next(answers)}})()
    monkeypatch.setattr("scripts.backups.run", lambda steps: None)
    monkeypatch.setattr("scripts.backups.time.sleep", lambda s: None)
    wait.run()  # no OpsError: the retry succeeded
