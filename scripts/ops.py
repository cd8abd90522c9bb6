"""Day-2 operations on the k3s host: what `make deploy`, `make logs`, `make db-restore` … run.

Every command is a list of kubectl (or image builder) invocations computed from the
same settings as the manifests; `--dry-run` prints them instead of running them, which
is how the tests check them without a cluster. What depends on the cluster's answers
(the deploy preflight, the record of what a deploy changed, a rollback, the smoke check)
is a Task: it runs its own reads at run time, and `--dry-run` prints what it does.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from model.dbtools import (
    BACKUP_DIR,
    RESTORE_SCRIPT,
    UPGRADE_CHECK_SCRIPT,
    UPGRADE_DUMP_SCRIPT,
    UPGRADE_RESTORE_SCRIPT,
    UPGRADE_VERIFY_SCRIPT,
    data_claim,
    postgres_pod,
)
from model.envfile import settings_file
from model.external_secrets import EXTERNAL
from model.logging import FLUENT_BIT, LOGGING_PSS
from model.monitoring import POSTGRES_EXPORTER
from model.paths import ROOT
from model.revisions import REVISION_OF, prune_selector, revision_selector
from model.secret_revisions import SECRET_READERS, secret_revision
from model.settings import Settings, SettingsError, load_settings
from model.topology import BACKEND, BACKUP, FRONTEND, POSTGRES
from model.validators import ImageComponent
from scripts import backups
from scripts import external_secrets as external
from scripts.deploy_record import Record, State, changes, plan_rollback, record_name, states
from scripts.diff import RESTART_STATEFUL, Diff, Summary
from scripts.dist import NEVER_DELETED, Dist, Kind
from scripts.kube import Kube, Object, OpsError, last_line
from scripts.preflight import Traefik, check_chart, check_config_owner, check_node_port
from scripts.revisions import (
    REFERRING_RESOURCES,
    REVISION_RESOURCES,
    adoptable,
    history_limit,
    plan,
    references,
    secret_document,
)
from scripts.smoke import PROBES, smoke

ROLLOUT_TIMEOUT = "300s"
FIELD_MANAGER = "yoshikosan-ops"
# The kinds whose pods may read a Secret revision.
READER_KINDS = ("Deployment", "StatefulSet", "CronJob")
# The shipper's DaemonSet keeps the chart's default revisionHistoryLimit (10).
SHIPPER_KEEP = 10
# The stateless workloads that restart acts on.
WEB_WORKLOADS = (f"deployment/{BACKEND}", f"deployment/{FRONTEND}")
# How long the smoke check keeps trying: a first deploy waits for k3s to upgrade Traefik
# to the new NodePort (a Helm job) after the app's own rollouts are done; `make smoke`
# alone covers a Traefik that is still starting.
DEPLOY_SMOKE_PATIENCE = 180.0
SMOKE_PATIENCE = 60.0
# The commands, each with a Make target of the same name (but `apply`, part of `deploy`).
COMMANDS = (
    "images", "secret", "apply", "diff", "deploy", "smoke", "status", "logs", "restart", "rollback", "down",
    "db-shell", "db-migrate", "db-backup", "db-dump", "db-restore", "db-reset", "db-upgrade",
    "db-backups", "db-drill",
    "rotate-db-password", "rotate-secret-key", "rotate-exporter-password",
)  # fmt: skip


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


@dataclass(frozen=True)
class Task:
    """Work decided at run time from the cluster's answers; --dry-run prints `describe`."""

    describe: str
    run: Callable[[], None] = field(repr=False)

    def render(self) -> str:
        return "\n".join(f"# {line}" for line in self.describe.splitlines())


Action = Step | Task


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def reporting(check: Callable[[], str]) -> Callable[[], None]:
    """A preflight check that says what it proved (its failure is an OpsError with the fix)."""
    return lambda: say(f"preflight: {check()}")


@dataclass
class DeployRun:
    """`deploy`'s run-time half: the workloads before the apply, then the record of what changed."""

    ops: Ops
    before: dict[str, State] = field(default_factory=dict)
    previous_kinds: tuple[str, ...] = ()

    def read_before(self) -> None:
        self.before, previous = self.ops.deployed()
        self.previous_kinds = previous.kinds if previous else ()

    def apply(self) -> None:
        run(self.ops.apply_revisions())
        self.ops.adopt_old_config_maps()
        run([Step(self.ops.apply_argv(self.previous_kinds))])

    def record(self) -> None:
        after, _ = self.ops.deployed()
        kinds = tuple(kind.allowlist for kind in self.ops.app_kinds())
        record = Record(deployed_at=now(), kinds=kinds, changes=changes(self.before, after))
        self.ops.write_record(record)
        say(f"recorded for make rollback: {record.summary()}")


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


class Ops:
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

    # -- preflight -----------------------------------------------------------
    def preflight(self) -> list[Action]:
        """What must hold before anything is applied; each failure stops the command with its fix."""
        # The store first: its checks only read, while Traefik's NodePort check creates a probe.
        found = external.checks(self.kube, self.s) if self.s.secrets_source == EXTERNAL else []
        stores: list[Action] = [Task(describe, reporting(check)) for describe, check in found]
        config = self.dist.helm_chart_config()
        if config is None:  # INGRESS_CLASS is not k3s's Traefik: nothing here asks it for a NodePort
            return stores
        traefik = Traefik.from_config(config)
        port = self.s.external_port
        probe = f"{self.s.app_name}-nodeport-probe"
        checks: list[tuple[str, Callable[[], str]]] = [
            (
                f"preflight: HelmChart {traefik.where} exists and runs Traefik chart {self.s.traefik_chart}.x "
                "(TRAEFIK_CHART)",
                lambda: check_chart(self.kube, traefik, self.s.traefik_chart),
            ),
            (
                f"preflight: HelmChartConfig {traefik.where} is absent or this app's "
                f"({', '.join(f'{k}={v}' for k, v in sorted(traefik.labels.items()))})",
                lambda: check_config_owner(self.kube, traefik),
            ),
            (
                f"preflight: the API server admits NodePort {port}: Traefik's Service {traefik.where} holds it, "
                f"or a probe Service {traefik.namespace}/{probe} is created and deleted at once",
                lambda: check_node_port(self.kube, traefik, port, probe),
            ),
        ]
        return [*stores, *(Task(describe, reporting(check)) for describe, check in checks)]

    # -- deploy ------------------------------------------------------------
    def namespace(self) -> Step:
        """dist/'s file that creates the namespace: the Secret needs it, and a fresh cluster has none."""
        return Step([self.kubectl, "apply", "-f", str(self.dist.namespace_file(self.s.namespace))])

    def logging_namespace(self) -> list[Step]:
        """LOGGING_NAMESPACE, before the shipper's Secret revision goes there (only the Namespace:
        its file's HelmCharts wait for `make deploy`)."""
        if self.s.logging != "elasticsearch" or self.s.elasticsearch_username is None:
            return []
        file = str(self.dist.namespace_file(self.s.logging_namespace))
        # Its file's only object with the Pod Security label (charts/logging.py): the Namespace.
        return [Step([self.kubectl, "apply", "-f", file, "-l", f"{LOGGING_PSS}=privileged"])]

    def secret_render_argv(self) -> list[str]:
        """The Secret as YAML from the env file on stdin: what deploy applies and diff compares."""
        return self.k(
            "create", "secret", "generic", self.s.secret_name, "--from-env-file=/dev/stdin", "--dry-run=client",
            "-o", "yaml",
        )  # fmt: skip

    def secret(self, *, preflight: bool = True) -> list[Action]:
        """Create or update the Secret from the validated settings; the values go through pipes only."""
        if self.s.secrets_source == EXTERNAL:  # dist/'s ExternalSecrets fill them: no value passes here
            note = external.secret_note(self.s)
            return [*(self.preflight() if preflight else []), Task(note, lambda: say(note))]
        secret_values(self.s)  # a source that cannot give them stops the command before anything is applied
        store = Step(
            self.secret_render_argv(),
            stdin_text=lambda: secret_env_file(self.s),
            pipe_to=[self.kubectl, "apply", "-f", "-"],
        )
        revisions = self.secret_revisions()
        # Server-side: a client-side apply would copy the values into an annotation of the Secret.
        store_revisions = Step(
            [self.kubectl, "apply", "--server-side", f"--field-manager={FIELD_MANAGER}", "-f", "-"],
            stdin_text=lambda: json.dumps({"apiVersion": "v1", "kind": "List", "items": revisions}),
        )
        return [
            *(self.preflight() if preflight else []),
            self.namespace(),
            *self.logging_namespace(),
            store,
            *([store_revisions] if revisions else []),
        ]

    def shipper_secret_revision(self) -> list[Object]:
        """LOGGING=elasticsearch's credentials, in LOGGING_NAMESPACE beside the shipper: its pods come
        from a HelmChart's values (charts/logging.py), not from a workload in dist/."""
        revision = secret_revision(self.s, FLUENT_BIT.release)
        if self.s.logging != "elasticsearch" or not revision.values:
            return []
        return [secret_document(revision, self.s.logging_namespace, self.app_labels, SHIPPER_KEEP)]

    def secret_revisions(self) -> list[Object]:
        """The Secret revision of each reader in dist/, as its pod template names it; OpsError when
        dist/ names another one (synthesized from other secret values or another SECRETS_DIGEST_KEY)."""
        namespace = self.s.namespace
        workloads = {d["metadata"]["name"]: d for d in self.dist.namespaced(namespace) if d["kind"] in READER_KINDS}
        documents, stale = [], []
        for reader in SECRET_READERS:
            workload = workloads.get(reader)
            if workload is None:
                continue
            revision = secret_revision(self.s, reader)
            named = {
                r.name
                for r in references(workload["spec"])
                if r.kind == "Secret" and r.name.startswith(f"{reader}-secrets-")
            }
            if not named:
                continue  # it reads no Secret revision (the drill without BACKUP_REPOSITORY)
            if named != {revision.name}:
                stale.append(f"{workload['kind'].lower()}/{reader} reads {', '.join(sorted(named)) or 'none'}")
                continue
            documents.append(secret_document(revision, namespace, self.app_labels, history_limit(workload)))
        documents += self.shipper_secret_revision()
        if stale:
            raise OpsError(
                f"{self.dist.path} was synthesized from other secret values than the settings' "
                f"({'; '.join(stale)}): run `make synth` (make deploy does)"
            )
        return documents

    def app_kinds(self, extra: Iterable[str] = ()) -> list[Kind]:
        """dist/'s kinds of the app's own objects, plus `extra` (a record's) minus those never deleted."""
        kinds = {*self.dist.app_kinds(self.s.namespace), *(Kind.parse_allowlist(k) for k in extra)}
        return sorted((k for k in kinds if k.kind not in NEVER_DELETED), key=lambda k: k.allowlist)

    def selection(self, extra_kinds: Iterable[str] = ()) -> list[str]:
        """What apply applies and prunes, the revisions aside (apply_revisions, collect_revisions);
        diff compares the same selection."""
        prune = [f"--prune-allowlist={kind.allowlist}" for kind in self.app_kinds(extra_kinds)]
        return ["-f", str(self.dist.path), "--prune", "-l", prune_selector(self.part_of), *prune]

    def apply_argv(self, extra_kinds: Iterable[str] = ()) -> list[str]:
        return [self.kubectl, "apply", *self.selection(extra_kinds)]

    def revisions_selection(self) -> list[str]:
        """The configuration revisions dist/ has: applied first, never pruned (`apply -l` touches
        only what its selector matches)."""
        return ["-f", str(self.dist.path), "-l", revision_selector(self.part_of)]

    def apply_revisions(self) -> list[Step]:
        """The revisions first: the new pod templates name them."""
        if not self.dist.revisions(self.s.namespace):
            return []
        return [Step([self.kubectl, "apply", *self.revisions_selection()])]

    def apply(self) -> list[Action]:
        return [*self.apply_revisions(), Step(self.apply_argv())]

    def adopt_old_config_maps(self) -> None:
        """Label as revisions the ConfigMaps the prune would delete but a pod template still reads."""
        namespace = self.s.namespace
        candidates = self.kube.objects(namespace, ["configmaps"], prune_selector(self.part_of))
        applied = {d["metadata"]["name"] for d in self.dist.namespaced(namespace) if d["kind"] == "ConfigMap"}
        for revision in adoptable(candidates, self.kube.objects(namespace, REFERRING_RESOURCES), applied):
            label = f"{REVISION_OF}={revision.owner}"
            adopted = self.kube.call("--namespace", namespace, "label", revision.ref.resource, label, echo=True)
            if adopted.returncode != 0:
                raise OpsError(f"could not keep {revision.ref.resource} for rollbacks: {last_line(adopted.stderr)}")

    def collect_revisions(self) -> Task:
        selector = revision_selector(self.part_of)
        referrers = ",".join(REFERRING_RESOURCES)

        def collect() -> None:
            revisions = self.kube.objects(self.s.namespace, REVISION_RESOURCES, selector)
            found = plan(revisions, self.kube.objects(self.s.namespace, REFERRING_RESOURCES))
            if found.delete:
                deleted = self.kube.call(
                    "--namespace", self.s.namespace, "delete", *(r.resource for r in found.delete),
                    "--ignore-not-found", echo=True,
                )  # fmt: skip
                if deleted.returncode != 0:
                    raise OpsError(
                        f"the deploy is done, but old revisions could not be deleted: {last_line(deleted.stderr)}; "
                        "the next deploy tries again"
                    )
            say(found.summary())

        return Task(
            f"collect old revisions: {shlex.join(self.k('get', ','.join(REVISION_RESOURCES), '-l', selector))}; "
            "each workload keeps its newest KEEP (its revisionHistoryLimit)\n"
            f"  and every one named by {referrers} in the namespace; the rest: "
            f"{shlex.join(self.k('delete', 'KIND/NAME', '...'))}",
            collect,
        )

    def wait(self, *workloads: str) -> list[Step]:
        """`kubectl rollout status` for the given workloads (every one in dist/ by default)."""
        return [
            Step(self.k("rollout", "status", workload, f"--timeout={ROLLOUT_TIMEOUT}"))
            for workload in workloads or self.dist.workloads(self.s.namespace)
        ]

    def deployed(self) -> tuple[dict[str, State], Record | None]:
        """The workloads as the cluster has them now, and the last deploy's record."""
        workloads = self.dist.workloads(self.s.namespace)
        found = self.kube.get(self.s.namespace, f"configmap/{self.record_name}", *workloads)
        record = next((o for o in found if o["kind"] == "ConfigMap"), None)
        return states(found, workloads), Record.from_configmap(record) if record else None

    def write_record(self, record: Record) -> None:
        document = json.dumps(record.configmap(self.record_name, self.s.namespace))
        written = self.kube.call("apply", "-f", "-", stdin=document, echo=True)
        if written.returncode != 0:
            raise OpsError(f"could not write configmap/{self.record_name}: {last_line(written.stderr)}")

    # -- diff (scripts/diff.py) --------------------------------------------
    def preview(self) -> Summary:
        """What an apply of dist/ and the Secret would change, as kubectl diff computes it."""
        if self.kube.get_one(self.s.namespace, f"namespace/{self.s.namespace}") is None:
            # Every namespaced dry-run would fail with "namespace not found": nothing exists to compare.
            return Summary(namespace=self.s.namespace, fresh_namespace=self.s.namespace)
        _, record = self.deployed()
        calls: list[tuple[list[str], str | None]] = [
            ([self.kubectl, "diff", *self.selection(record.kinds if record else ())], None)
        ]
        if self.s.secrets_source != EXTERNAL:  # else the operator writes the Secrets, from the store
            rendered = self.kube.call(*self.secret_render_argv()[1:], stdin=secret_env_file(self.s))
            if rendered.returncode != 0:
                raise OpsError(f"could not render the Secret: {last_line(rendered.stderr)}")
            calls.append(([self.kubectl, "diff", "-f", "-"], rendered.stdout))
        if self.dist.revisions(self.s.namespace):
            # New configuration revisions show as created; the pod templates name them.
            calls.insert(0, ([self.kubectl, "diff", *self.revisions_selection()], None))
        return Diff(calls, self.s.namespace).run()

    def describe_preview(self) -> str:
        return (
            f"kubectl diff {shlex.join(self.selection())} (+ the last deploy's kinds)\n"
            f"<secret values on stdin> {shlex.join(self.secret_render_argv())} | kubectl diff -f -\n"
            "  each with KUBECTL_EXTERNAL_DIFF=scripts/diff.py snapshot: Secret values and their "
            "last-applied annotation masked"
        )

    def diff(self) -> list[Action]:
        def show() -> None:
            summary = self.preview()
            print(summary.unified(), end="", flush=True)
            print("\n".join(summary.lines()), flush=True)
            self.diff_status = summary.status

        return [Task(self.describe_preview(), show)]

    def gate(self) -> None:
        """deploy's summary, then a question before a StatefulSet (PostgreSQL) restart."""
        summary = self.preview()
        for line in summary.lines():
            say(f"deploy will change: {line}")
        if summary.stateful_restarts:
            ask(
                f"This deploy restarts {', '.join(summary.stateful_restarts)}: its pod template changes "
                "(make diff shows how); the database is unavailable while it restarts.",
                RESTART_STATEFUL,
                self.confirm,
            )

    def deploy(self) -> list[Action]:
        state = DeployRun(self)
        workloads = " ".join(self.dist.workloads(self.s.namespace))
        return [
            *self.preflight(),
            # diff hook (scripts/diff.py): the summary, and consent to a database restart, before any change.
            Task(f"{self.describe_preview()}\nprint the summary; ask before a StatefulSet restart", self.gate),
            *self.secret(preflight=False),
            Task(f"read {workloads} and configmap/{self.record_name} before the apply", state.read_before),
            Task(
                "".join(f"{step.render()}\n" for step in self.apply_revisions())
                + "each ConfigMap of the app the prune would delete that a pod template still reads (from before "
                f"revisions): {shlex.join(self.k('label', 'configmap/NAME', f'{REVISION_OF}=OWNER'))}\n"
                + f"{shlex.join(self.apply_argv())}\n"
                "  (+ --prune-allowlist for each kind the last deploy applied that dist/ no longer has)",
                state.apply,
            ),
            Task(
                f"record the workloads whose pod template changed in configmap/{self.record_name} "
                "(what make rollback undoes)",
                state.record,
            ),
            *self.wait(),
            self.collect_revisions(),
            self.smoke_task(version=self.s.backend_tag, patience=DEPLOY_SMOKE_PATIENCE),
        ]

    # -- watch -------------------------------------------------------------
    def smoke_task(self, *, version: str | None, patience: float) -> Task:
        url = self.smoke_url or f"http://127.0.0.1:{self.s.external_port}"
        # The host's own NodePort is asked as the HTTPS proxy asks it, for DOMAIN.
        host = None if self.smoke_url else self.s.domain
        patience = self.smoke_patience if self.smoke_patience is not None else patience
        checks = ", ".join(probe.path for probe in PROBES)
        expect = f", backend version {version}" if version else ""
        return Task(
            f"smoke: GET {checks} on {url}{f' (Host: {host})' if host else ''}{expect}; retried for {patience:.0f} s",
            lambda: print(smoke(url, host=host, version=version, patience=patience), flush=True),
        )

    def smoke(self) -> list[Action]:
        return [self.smoke_task(version=None, patience=SMOKE_PATIENCE)]

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
            backups.drill_status(self),
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
        # With external-secrets this is how a store change reaches the pods: the exporter reads one too
        # (the backup and drill Jobs start fresh pods each run).
        exporter = self.s.secrets_source == EXTERNAL and self.s.monitoring != "none"
        workloads = (*WEB_WORKLOADS, *([f"deployment/{POSTGRES_EXPORTER}"] if exporter else []))
        return [Step(self.k("rollout", "restart", *workloads)), *self.wait(*workloads)]

    def rollback(self) -> list[Action]:
        # Placeholders, not shell words: the names and revisions come from the record at run time.
        undo = " ".join(self.k("rollout", "undo", "deployment/NAME", "--to-revision=REVISION"))
        wait = " ".join(self.k("rollout", "status", "deployment/NAME", f"--timeout={ROLLOUT_TIMEOUT}"))
        return [
            Task(
                f"read configmap/{self.record_name}: each Deployment whose pod template the last deploy changed, "
                "with its REVISION before\n"
                f"{undo}   (each; refused if one changed since)\n"
                f"{wait}   (each); the record is marked rolled back",
                self.run_rollback,
            )
        ]

    def run_rollback(self) -> None:
        found = self.kube.get_one(self.s.namespace, f"configmap/{self.record_name}")
        if found is None:
            raise OpsError(
                f"no configmap/{self.record_name} in namespace {self.s.namespace}: no deploy was recorded, so there "
                f"is nothing to undo; by hand: `kubectl -n {self.s.namespace} rollout undo deployment/<name>`"
            )
        record = Record.from_configmap(found)
        workloads = sorted(record.changes)
        current = states(self.kube.get(self.s.namespace, *workloads), workloads) if workloads else {}
        undo, notes = plan_rollback(record, current, self.s.namespace)
        run([Step(self.k("rollout", "undo", u.workload, f"--to-revision={u.revision}")) for u in undo])
        self.write_record(record.rolled_back(now()))
        run(self.wait(*(u.workload for u in undo)))
        for line in [f"rolled back {u.describe()}" for u in undo] + notes:
            print(line, flush=True)

    def down(self) -> list[Action]:
        def delete() -> None:
            _, record = self.deployed()
            run([Step(self.down_argv(record.kinds if record else ()))])
            run([Step(self.down_secret_revisions_argv())])
            run([Step(self.k("delete", f"configmap/{self.record_name}", "--ignore-not-found"))])

        return [
            Task(
                f"{shlex.join(self.down_argv())}\n"
                "  (+ each kind the last deploy recorded), the Secret revisions (`make secret` makes them again): "
                f"{shlex.join(self.down_secret_revisions_argv())}, then the record: "
                f"{shlex.join(self.k('delete', f'configmap/{self.record_name}', '--ignore-not-found'))}",
                delete,
            )
        ]

    def down_secret_revisions_argv(self) -> list[str]:
        return self.k("delete", "secrets", "-l", revision_selector(self.part_of), "--ignore-not-found")

    def down_argv(self, extra_kinds: Iterable[str] = ()) -> list[str]:
        # What the cluster made from these (ReplicaSets, pods, Jobs) goes with its owner.
        kinds = ",".join(kind.resource for kind in self.app_kinds(extra_kinds))
        return self.k("delete", kinds, "-l", self.part_of, "--ignore-not-found", "--wait=true")

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

    def db_backup(self, stamp: str) -> list[Action]:
        job = f"{BACKUP}-manual-{stamp}"
        return [
            Step(self.k("create", "job", job, f"--from=cronjob/{BACKUP}")),
            backups.wait_for_job(self, job, backups.BACKUP_PATIENCE, "the backup failed: its last lines above say why"),
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

    def db_upgrade(self, file: str) -> list[Action]:
        """PostgreSQL POSTGRES_DATA_MAJOR -> POSTGRES_TAG's major: a verified dump (FILE, FILE.counts)
        restored into the new major on a fresh volume, rows counted on both sides. The backend is
        down from the dump to the check; the old volume stays (see db_upgrade_done)."""
        old, new = self.s.postgres_data_major, self.s.postgres_major
        if new <= old:
            raise OpsError(f"POSTGRES_TAG {self.s.postgres_tag} is not a newer major than the data's ({old})")
        if Path(file).exists():
            raise OpsError(f"{file} exists: name a new file for the dump")
        counts = f"{file}.counts"

        def on(major: int, script: str, stdin_from: str | None = None, stdout_to: str | None = None) -> Step:
            flags = ["-i"] if stdin_from else []
            sh = ["sh", "-c", script, "db-upgrade", str(major)]  # $1: the major the server must be
            argv = self.k("exec", *flags, postgres_pod(major), "-c", POSTGRES, "--", *sh)
            return Step(argv, stdin_from=stdin_from, stdout_to=stdout_to)

        backend_pods = f"app.kubernetes.io/name={BACKEND},app.kubernetes.io/instance={self.s.app_name}"
        return [
            Step(self.k("scale", f"deployment/{BACKEND}", "--replicas=0")),
            Step(self.k("wait", "--for=delete", "pod", "-l", backend_pods, f"--timeout={ROLLOUT_TIMEOUT}")),
            on(old, UPGRADE_DUMP_SCRIPT, stdout_to=file),
            on(old, UPGRADE_VERIFY_SCRIPT, stdin_from=file, stdout_to=counts),
            # dist/ as it is once the data is the new major's; applied to the database only,
            # so the backend stays down until the rows are back.
            Step(
                [
                    "env",
                    f"POSTGRES_DATA_MAJOR={new}",
                    f"CDK8S_OUTDIR={self.dist_dir}",
                    sys.executable,
                    str(ROOT / "main.py"),
                ]
            ),
            Step([self.kubectl, "apply", "-f", str(self.dist_dir), "-l", f"app.kubernetes.io/name={POSTGRES}"]),
            *self.wait(f"statefulset/{POSTGRES}"),
            on(new, UPGRADE_RESTORE_SCRIPT, stdin_from=file),
            on(new, UPGRADE_CHECK_SCRIPT, stdin_from=counts),
            *self.apply(),
            *self.wait(),
        ]

    def db_upgrade_done(self) -> str:
        old, new, ns = self.s.postgres_data_major, self.s.postgres_major, self.s.namespace
        return (
            f"PostgreSQL {new} runs on {data_claim(new)}. Now set POSTGRES_DATA_MAJOR={new} in .env.\n"
            f"The {old} data stays on {data_claim(old)}: POSTGRES_DATA_MAJOR={old} with a {old}.x tag and "
            f"`make deploy` bring it back as it was. Once {new} has proven itself, delete it: "
            f"kubectl -n {ns} delete pvc {data_claim(old)}, then its Released PersistentVolume (kubectl get pv)."
        )

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


def secret_values(settings: Settings) -> dict[str, str]:
    """The Secret's values, {KEY: value}, from SECRETS_SOURCE: load_settings has merged env's and
    age's (decrypted in memory) into the settings; external-secrets has none: they stay in the store."""
    if settings.secrets_source == EXTERNAL:
        raise OpsError(f"SECRETS_SOURCE=external-secrets: the values are in {external.store_where(settings)}, not here")
    return settings.secret_values()


def secret_env_file(settings: Settings) -> str:
    """The Secret's values as kubectl's --from-env-file reads them: KEY=value lines, the value
    verbatim up to its newline (settings refuse newlines), so any other character survives."""
    return "".join(f"{key}={value}\n" for key, value in secret_values(settings).items())


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


def run(actions: Sequence[Action]) -> None:
    for step in actions:
        if isinstance(step, Task):
            step.run()
            continue
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


def confirm(prompt: str, expected: str, given: str | None) -> None:
    """Go on when `given` (CONFIRM) is the expected answer, else ask on a terminal."""
    if given == expected:
        return
    if not sys.stdin.isatty():
        raise OpsError(f"refusing without confirmation: set CONFIRM={expected} to run non-interactively")
    answer = input(f"{prompt}\nType '{expected}' to continue: ").strip()
    if answer != expected:
        raise OpsError("not confirmed; nothing was changed")


def ask(prompt: str, expected: str, given: str | None) -> None:
    """A y/N question on a terminal; without one, only CONFIRM=expected goes on."""
    if given == expected:
        return
    if not sys.stdin.isatty():
        raise OpsError(f"refusing without confirmation: set CONFIRM={expected} to run non-interactively")
    if input(f"{prompt}\nContinue? [y/N] ").strip().lower() not in ("y", "yes"):
        raise OpsError("not confirmed; nothing was changed")


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
            steps = ops.images("docker" if args.dry_run else find_builder())
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
    # Run as scripts.ops, not __main__: scripts/rotate.py imports it, and its Tasks must be the Task run() knows.
    from scripts.ops import main as module_main

    sys.exit(module_main(sys.argv[1:]))
