"""Day-2 operations on the k3s host: what `make deploy`, `make logs`, `make db-restore` … run.

Every command is a list of kubectl (or image builder) invocations computed from the
same settings as the manifests; `--dry-run` prints them instead of running them, which
is how the tests check them without a cluster. What depends on the cluster's answers
(the deploy preflight, the record of what a deploy changed, a rollback, the smoke check)
is a Task: it runs its own reads at run time, and `--dry-run` prints what it does.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from model.dbtools import BACKUP_DIR
from model.envfile import settings_file
from model.paths import ROOT
from model.settings import Settings, SettingsError, load_settings
from scripts import apply, backups, database, deploy, images, rollback, secret, watch
from scripts.deploy_record import record_name
from scripts.dist import Dist
from scripts.kube import Kube, OpsError
from scripts.steps import Action, Step, confirm, run

# The commands, each with a Make target of the same name (but `apply`, part of `deploy`).
COMMANDS = (
    "images", "secret", "apply", "diff", "deploy", "smoke", "status", "logs", "restart", "rollback", "down",
    "db-shell", "db-migrate", "db-backup", "db-dump", "db-restore", "db-reset", "db-upgrade",
    "db-backups", "db-drill",
    "rotate-db-password", "rotate-secret-key", "rotate-exporter-password",
)  # fmt: skip


class Ops:
    """What every command acts on (the settings, kubectl, dist/), and each command's steps by the
    name main() dispatches on. The steps come from the command's module (the module's docstring
    is `--help`'s, so the map is here): scripts/deploy.py (deploy, diff), apply.py, secret.py,
    rollback.py (rollback, down), watch.py (smoke, status, logs, restart), database.py and
    backups.py (db-*), images.py, rotate.py (rotate-*)."""

    def __init__(
        self,
        settings: Settings,
        *,
        kubectl: str = "kubectl",
        dist: Path = ROOT / "dist",
        smoke_url: str | None = None,
        smoke_patience: float | None = None,
        confirm: str | None = None,
    ) -> None:
        self.s = settings
        self.kubectl = kubectl
        self.kube = Kube(kubectl)
        self.dist_dir = dist
        self.smoke_url = smoke_url
        self.smoke_patience = smoke_patience
        self.confirm = confirm  # CONFIRM, as main() read it
        self.diff_status = 0
        self.part_of = f"app.kubernetes.io/part-of={settings.app_name}"
        self.app_labels = {
            "app.kubernetes.io/part-of": settings.app_name,
            "app.kubernetes.io/instance": settings.app_name,
        }
        self.record_name = record_name(settings.app_name)

    @cached_property
    def dist(self) -> Dist:
        return Dist.load(self.dist_dir)

    def k(self, *args: str) -> list[str]:
        return [self.kubectl, "--namespace", self.s.namespace, *args]

    def images(self, builder: str) -> list[Step]:
        return images.images(self.s, builder)

    def secret(self, *, preflight: bool = True) -> list[Action]:
        return secret.secret(self, preflight=preflight)

    def apply(self) -> list[Action]:
        return apply.apply(self)

    def diff(self) -> list[Action]:
        return deploy.diff(self)

    def deploy(self) -> list[Action]:
        return deploy.deploy(self)

    def smoke(self) -> list[Action]:
        return watch.smoke(self)

    def status(self) -> list[Step]:
        return watch.status(self)

    def logs(self) -> list[Step]:
        return watch.logs(self)

    def restart(self) -> list[Step]:
        return watch.restart(self)

    def rollback(self) -> list[Action]:
        return rollback.rollback(self)

    def down(self) -> list[Action]:
        return rollback.down(self)

    def db_shell(self) -> list[Step]:
        return database.db_shell(self)

    def db_migrate(self) -> list[Step]:
        return database.db_migrate(self)

    def db_backup(self, stamp: str) -> list[Action]:
        return database.db_backup(self, stamp)

    def db_dump(self, file: str) -> list[Step]:
        return database.db_dump(self, file)

    def db_restore(self, file: str) -> list[Step]:
        return database.db_restore(self, file)

    def db_reset(self) -> list[Step]:
        return database.db_reset(self)

    def db_upgrade(self, file: str) -> list[Action]:
        return database.db_upgrade(self, file)

    def db_upgrade_done(self) -> str:
        return database.db_upgrade_done(self)


def check_cluster(kubectl: str) -> None:
    if not shutil.which(kubectl):
        raise OpsError(
            f"{kubectl} not found on PATH: install kubectl, or on the k3s host use the one k3s "
            "installs (/usr/local/bin/kubectl -> k3s); KUBECTL=/path/to/kubectl picks another"
        )
    probe = subprocess.run([kubectl, "version", "--request-timeout=5s", "-o", "json"], capture_output=True, text=True)
    if probe.returncode != 0:
        detail = probe.stderr.strip().splitlines()[-1] if probe.stderr.strip() else "no answer"
        raise OpsError(
            f"no cluster reachable with the current kubeconfig ({detail}). "
            "On the k3s host: export KUBECONFIG=/etc/rancher/k3s/k3s.yaml (readable by you), "
            "or check `kubectl config current-context`."
        )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ops", description=__doc__)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--file", help="dump file for db-restore / db-dump / db-upgrade")
    parser.add_argument("--from", dest="source", default="", help="db-restore: offsite (BACKUP_REPOSITORY)")
    parser.add_argument("--snapshot", default="latest", help="db-restore --from offsite: a snapshot ID")
    parser.add_argument("--dry-run", action="store_true", help="print the commands instead of running them")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="the synthesized manifests (dist/)")
    parser.add_argument("--url", help="smoke: the app's base URL (default: the NodePort on this host)")
    parser.add_argument("--patience", type=float, help="smoke: seconds to keep retrying")
    args = parser.parse_args(argv)
    # The operator's per-run options, read here only: which kubectl, and CONFIRM's answer.
    kubectl = os.environ.get("KUBECTL", "kubectl")
    answer = os.environ.get("CONFIRM")
    try:
        settings = load_settings(
            os.environ, settings_file(os.environ, ROOT), major_upgrade=args.command == "db-upgrade", app_dir=ROOT
        )
    except SettingsError as error:
        print(error.report(), file=sys.stderr)
        return 2
    ops = Ops(
        settings, kubectl=kubectl, dist=args.dist, smoke_url=args.url, smoke_patience=args.patience, confirm=answer
    )
    try:
        command = args.command
        offsite = command == "db-restore" and args.source == "offsite"
        if args.source not in ("", "offsite"):
            raise OpsError(f"FROM={args.source}: only FROM=offsite is known (or FILE=path.dump)")
        if command in ("db-restore", "db-dump", "db-upgrade") and not args.file and not offsite:
            raise OpsError(f"{command} needs FILE=path/to/file.dump")
        if command == "db-restore" and not offsite and not Path(args.file).is_file():
            raise OpsError(f"{args.file}: no such file")
        steps: Sequence[Action]
        if command == "images":
            steps = ops.images("docker" if args.dry_run else images.find_builder())
        elif command == "db-backup":
            steps = ops.db_backup(time.strftime("%Y%m%d%H%M%S", time.gmtime()))
        elif command == "db-drill":
            steps = backups.db_drill(ops, time.strftime("%Y%m%d%H%M%S", time.gmtime()))
        elif command == "db-backups":
            steps = backups.db_backups(ops)
        elif offsite:
            steps = backups.db_restore_offsite(ops, args.snapshot)
        elif command in ("db-restore", "db-dump", "db-upgrade"):
            steps = getattr(ops, command.replace("-", "_"))(args.file)
        elif command.startswith("rotate-"):
            from scripts import rotate  # it builds on this module: imported when used

            steps = rotate.actions(ops, command, os.environ)
        else:
            steps = getattr(ops, command.replace("-", "_"))()
        if args.dry_run:
            print("\n".join(step.render() for step in steps))
            return 0
        if command not in ("images", "smoke"):
            check_cluster(kubectl)
        if command == "db-restore":
            confirm(
                f"This replaces database '{settings.postgres_db}' in namespace '{settings.namespace}' "
                f"with the contents of {f'off-site snapshot {args.snapshot}' if offsite else args.file}.",
                "restore",
                answer,
            )
        if command == "db-reset":
            confirm(
                f"This DELETES every row of database '{settings.postgres_db}' in namespace "
                f"'{settings.namespace}'. Backups on {BACKUP_DIR} are kept.",
                settings.postgres_db,
                answer,
            )
        run(steps)
        if command == "db-upgrade":
            print(ops.db_upgrade_done(), file=sys.stderr)
        if command == "diff":
            return ops.diff_status  # kubectl diff's convention: 0 no changes, 1 changes, >1 error
    except OpsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2 if args.command == "diff" else 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    # Run as scripts.ops, not __main__: scripts/rotate.py imports it, and one module is loaded once.
    from scripts.ops import main as module_main

    sys.exit(module_main(sys.argv[1:]))
