"""Day-2 operations on the k3s host: what `make deploy`, `make logs`, `make db-restore` … run.

Every command is a list of kubectl (or image builder) invocations computed from the
same settings as the manifests; `--dry-run` prints them instead of running them, which
is how the tests check them without a cluster.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from model.dbtools import BACKUP_DIR, RESTORE_SCRIPT
from model.settings import ImageComponent, Settings, SettingsError, load_settings
from model.topology import BACKEND, BACKUP, FRONTEND, POSTGRES

ROOT = Path(__file__).resolve().parent.parent

# What `deploy` may prune: everything the app owns except data (PVCs) and the
# Secret, which `make secret` manages. Namespace-scoped kinds only.
PRUNE_ALLOWLIST = (
    "core/v1/ConfigMap",
    "core/v1/Service",
    "core/v1/ServiceAccount",
    "apps/v1/Deployment",
    "apps/v1/StatefulSet",
    "batch/v1/CronJob",
    "networking.k8s.io/v1/Ingress",
    "networking.k8s.io/v1/NetworkPolicy",
    "policy/v1/PodDisruptionBudget",
    "traefik.io/v1alpha1/Middleware",
)
# `down` removes these; PVCs, the Secret and the Namespace stay.
WORKLOAD_KINDS = ",".join(
    (
        "deployment",
        "statefulset",
        "cronjob",
        "job",
        "service",
        "ingress",
        "middleware.traefik.io",
        "networkpolicy",
        "poddisruptionbudget",
        "configmap",
        "serviceaccount",
    )
)
ROLLOUT_TIMEOUT = "300s"
# The stateless workloads that restart and rollback act on.
WEB_WORKLOADS = (f"deployment/{BACKEND}", f"deployment/{FRONTEND}")
# The commands, each with a Make target of the same name (but `apply`, part of `deploy`).
COMMANDS = (
    "images", "secret", "apply", "deploy", "status", "logs", "restart", "rollback", "down",
    "db-shell", "db-migrate", "db-backup", "db-dump", "db-restore", "db-reset",
)  # fmt: skip


class OpsError(Exception):
    pass


@dataclass
class Step:
    argv: list[str]
    stdin_from: str | None = None  # a local file fed to stdin
    stdin_text: Callable[[], str] | None = field(default=None, repr=False)  # computed at run time, never printed
    stdout_to: str | None = None
    pipe_to: list[str] | None = None  # argv of a second process reading this one's stdout
    check: bool = True

    def render(self) -> str:
        text = shlex.join(self.argv)
        if self.stdin_text is not None:
            text = f"<secret values on stdin> {text}"
        if self.stdin_from:
            text += f" < {shlex.quote(self.stdin_from)}"
        if self.pipe_to:
            text += " | " + shlex.join(self.pipe_to)
        if self.stdout_to:
            text += f" > {shlex.quote(self.stdout_to)}"
        return text


class Ops:
    def __init__(self, settings: Settings, *, kubectl: str = "kubectl") -> None:
        self.s = settings
        self.kubectl = kubectl
        self.part_of = f"app.kubernetes.io/part-of={settings.app_name}"

    def k(self, *args: str) -> list[str]:
        return [self.kubectl, "--namespace", self.s.namespace, *args]

    # -- deploy ------------------------------------------------------------
    def secret(self) -> list[Step]:
        """Create or update the Secret from the validated settings; the values go through pipes only."""
        values = self.s.secret_values()
        create = [
            self.kubectl,
            "--namespace",
            self.s.namespace,
            "create",
            "secret",
            "generic",
            self.s.secret_name,
            "--from-env-file=/dev/stdin",
            "--dry-run=client",
            "-o",
            "yaml",
        ]
        return [
            Step(
                create,
                stdin_text=lambda: "".join(f"{k}={v}\n" for k, v in values.items()),
                pipe_to=[self.kubectl, "apply", "-f", "-"],
            )
        ]

    def apply(self) -> list[Step]:
        prune = [f"--prune-allowlist={kind}" for kind in PRUNE_ALLOWLIST]
        return [Step([self.kubectl, "apply", "-f", str(ROOT / "dist"), "--prune", "-l", self.part_of, *prune])]

    def wait(self, *workloads: str) -> list[Step]:
        """`kubectl rollout status` for the given workloads (all three by default)."""
        return [
            Step(self.k("rollout", "status", workload, f"--timeout={ROLLOUT_TIMEOUT}"))
            for workload in workloads or (f"statefulset/{POSTGRES}", *WEB_WORKLOADS)
        ]

    def deploy(self) -> list[Step]:
        # The namespace must exist before the Secret; apply is idempotent, so applying
        # the foundation file first and then everything is safe on a fresh cluster.
        first = [Step([self.kubectl, "apply", "-f", str(ROOT / "dist" / "0000-foundation.yaml")])]
        return first + self.secret() + self.apply() + self.wait()

    # -- watch -------------------------------------------------------------
    def status(self) -> list[Step]:
        return [
            Step(
                self.k(
                    "get",
                    "pods,deployments,statefulsets,cronjobs,jobs,services,ingresses,pvc",
                    "-l",
                    self.part_of,
                    "-o",
                    "wide",
                )
            ),
            Step(self.k("get", "events", "--sort-by=.lastTimestamp", "--field-selector", "type=Warning"), check=False),
        ]

    def logs(self) -> list[Step]:
        return [
            Step(
                self.k(
                    "logs",
                    "-l",
                    self.part_of,
                    "--all-containers",
                    "--prefix",
                    "--follow",
                    "--max-log-requests=20",
                    "--tail=100",
                )
            )
        ]

    def restart(self) -> list[Step]:
        return [Step(self.k("rollout", "restart", *WEB_WORKLOADS)), *self.wait(*WEB_WORKLOADS)]

    def rollback(self) -> list[Step]:
        undo = [Step(self.k("rollout", "undo", workload)) for workload in WEB_WORKLOADS]
        return [*undo, *self.wait(*WEB_WORKLOADS)]

    def down(self) -> list[Step]:
        return [Step(self.k("delete", WORKLOAD_KINDS, "-l", self.part_of, "--ignore-not-found", "--wait=true"))]

    # -- database ----------------------------------------------------------
    def psql(self, sql: str | None = None, *, interactive: bool = False) -> list[str]:
        flags = ["-it"] if interactive else ["-i"]
        script = 'exec psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER"'
        # Statements like DROP DATABASE run from the maintenance database.
        script += f" -d postgres -c {shlex.quote(sql)}" if sql else ' -d "$POSTGRES_DB"'
        return self.k("exec", *flags, f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", script)

    def db_shell(self) -> list[Step]:
        return [Step(self.psql(interactive=True))]

    def db_migrate(self) -> list[Step]:
        return [
            Step(self.k("exec", f"deployment/{BACKEND}", "-c", BACKEND, "--", "python", "-m", "app.cli", "migrate"))
        ]

    def db_backup(self, stamp: str) -> list[Step]:
        job = f"{BACKUP}-manual-{stamp}"
        return [
            Step(self.k("create", "job", job, f"--from=cronjob/{BACKUP}")),
            Step(self.k("wait", "--for=condition=complete", f"job/{job}", "--timeout=1800s")),
            Step(self.k("logs", f"job/{job}")),
        ]

    def db_dump(self, file: str) -> list[Step]:
        """A dump streamed to this machine, for copying off the host (the backup volume is on it)."""
        script = 'exec pg_dump --format=custom -U "$POSTGRES_USER" -d "$POSTGRES_DB"'
        return [
            Step(self.k("exec", f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", script), stdout_to=file)
        ]

    def db_restore(self, file: str) -> list[Step]:
        restore = self.k("exec", "-i", f"statefulset/{POSTGRES}", "-c", POSTGRES, "--", "sh", "-c", RESTORE_SCRIPT)
        return [Step(restore, stdin_from=file), *self.restart()]

    def db_reset(self) -> list[Step]:
        db = self.s.postgres_db
        return [
            Step(self.k("scale", f"deployment/{BACKEND}", "--replicas=0")),
            Step(self.psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')),
            Step(self.psql(f'CREATE DATABASE "{db}" OWNER "{self.s.postgres_user}"')),
            Step(self.k("scale", f"deployment/{BACKEND}", f"--replicas={self.s.backend_replicas}")),
            *self.wait(f"deployment/{BACKEND}"),
        ]

    # -- images ------------------------------------------------------------
    def images(self, builder: str) -> list[Step]:
        """Build both images; push them to REGISTRY, or without one import them into k3s's containerd."""
        steps = []
        built: tuple[ImageComponent, ...] = ("backend", "frontend")  # each from the directory of that name
        for service in built:
            ref = self.s.image_ref(service)
            if builder == "buildah":
                steps.append(Step(["buildah", "bud", "--layers", "-t", ref, str(ROOT / service)]))
                push = ["buildah", "push", ref, f"docker://{ref}"]
                save = ["buildah", "push", ref, f"docker-archive:/dev/stdout:{ref}"]
            else:
                steps.append(Step([builder, "build", "-t", ref, str(ROOT / service)]))
                push = [builder, "push", ref]
                save = [builder, "save", ref]
            if self.s.registry:
                steps.append(Step(push))
            else:
                # k3s runs its own containerd: without a registry the image must be imported there.
                sudo = [] if os.geteuid() == 0 else ["sudo"]
                steps.append(Step(save, pipe_to=[*sudo, "k3s", "ctr", "images", "import", "-"]))
        return steps


def find_builder() -> str:
    for builder in ("docker", "nerdctl", "buildah"):
        if shutil.which(builder):
            if builder == "docker" and subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
                continue  # the client without an engine cannot build
            return builder
    raise OpsError(
        "no image builder: install docker, nerdctl or buildah on the host (or build elsewhere and "
        "push to REGISTRY, or `k3s ctr images import` the saved images)"
    )


def preflight(kubectl: str) -> None:
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


def run(steps: Sequence[Step]) -> None:
    for step in steps:
        print(f"+ {step.render()}", file=sys.stderr, flush=True)
        stdin = open(step.stdin_from, "rb") if step.stdin_from else (subprocess.PIPE if step.stdin_text else None)  # noqa: SIM115
        stdout = open(step.stdout_to, "wb") if step.stdout_to else (subprocess.PIPE if step.pipe_to else None)  # noqa: SIM115
        try:
            first = subprocess.Popen(step.argv, stdin=stdin, stdout=stdout)
            second = subprocess.Popen(step.pipe_to, stdin=first.stdout) if step.pipe_to else None
            if step.stdin_text is not None and first.stdin:
                first.stdin.write(step.stdin_text().encode())
                first.stdin.close()
            if first.stdout and second:
                first.stdout.close()
            codes = [first.wait(), second.wait() if second else 0]
        finally:
            for f in (stdin, stdout):
                if hasattr(f, "close"):
                    f.close()  # type: ignore[union-attr]
        if step.check and any(codes):
            raise OpsError(f"failed ({max(codes)}): {step.render()}")


def confirm(prompt: str, expected: str) -> None:
    if os.environ.get("CONFIRM") == expected:
        return
    if not sys.stdin.isatty():
        raise OpsError(f"refusing without confirmation: set CONFIRM={expected} to run non-interactively")
    answer = input(f"{prompt}\nType '{expected}' to continue: ").strip()
    if answer != expected:
        raise OpsError("not confirmed; nothing was changed")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ops", description=__doc__)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--file", help="dump file for db-restore / db-dump")
    parser.add_argument("--dry-run", action="store_true", help="print the commands instead of running them")
    args = parser.parse_args(argv)
    kubectl = os.environ.get("KUBECTL", "kubectl")
    try:
        settings = load_settings(os.environ, Path(os.environ.get("ENV_FILE", ROOT / ".env")))
    except SettingsError as error:
        print(error.report(), file=sys.stderr)
        return 2
    ops = Ops(settings, kubectl=kubectl)
    try:
        command = args.command
        if command in ("db-restore", "db-dump") and not args.file:
            raise OpsError(f"{command} needs FILE=path/to/file.dump")
        if command == "db-restore" and not Path(args.file).is_file():
            raise OpsError(f"{args.file}: no such file")
        if command == "images":
            steps = ops.images("docker" if args.dry_run else find_builder())
        elif command == "db-backup":
            steps = ops.db_backup(time.strftime("%Y%m%d%H%M%S", time.gmtime()))
        elif command in ("db-restore", "db-dump"):
            steps = getattr(ops, command.replace("-", "_"))(args.file)
        else:
            steps = getattr(ops, command.replace("-", "_"))()
        if args.dry_run:
            print("\n".join(step.render() for step in steps))
            return 0
        if command != "images":
            preflight(kubectl)
        if command == "db-restore":
            confirm(
                f"This replaces database '{settings.postgres_db}' in namespace '{settings.namespace}' "
                f"with the contents of {args.file}.",
                "restore",
            )
        if command == "db-reset":
            confirm(
                f"This DELETES every row of database '{settings.postgres_db}' in namespace "
                f"'{settings.namespace}'. Backups on {BACKUP_DIR} are kept.",
                settings.postgres_db,
            )
        run(steps)
    except OpsError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
