"""`make smoke`, `make status`, `make logs` and `make restart`: the running app looked at, or its
stateless workloads restarted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from model.external_secrets import EXTERNAL
from model.monitoring import POSTGRES_EXPORTER
from model.topology import BACKEND, FRONTEND
from scripts import backups
from scripts.apply import wait
from scripts.smoke import PROBES
from scripts.smoke import smoke as smoke_check
from scripts.steps import Action, Step, Task

if TYPE_CHECKING:
    from scripts.ops import Ops

# The stateless workloads that restart acts on.
WEB_WORKLOADS = (f"deployment/{BACKEND}", f"deployment/{FRONTEND}")
# `make smoke` alone covers a Traefik that is still starting (a deploy waits longer).
SMOKE_PATIENCE = 60.0


def smoke_task(ops: Ops, *, version: str | None, patience: float) -> Task:
    url = ops.smoke_url or f"http://127.0.0.1:{ops.s.external_port}"
    # The host's own NodePort is asked as the HTTPS proxy asks it, for DOMAIN.
    host = None if ops.smoke_url else ops.s.domain
    patience = ops.smoke_patience if ops.smoke_patience is not None else patience
    checks = ", ".join(probe.path for probe in PROBES)
    expect = f", backend version {version}" if version else ""
    return Task(
        f"smoke: GET {checks} on {url}{f' (Host: {host})' if host else ''}{expect}; retried for {patience:.0f} s",
        lambda: print(smoke_check(url, host=host, version=version, patience=patience), flush=True),
    )


def smoke(ops: Ops) -> list[Action]:
    return [smoke_task(ops, version=None, patience=SMOKE_PATIENCE)]


def status(ops: Ops) -> list[Step]:
    return [
        Step(
            ops.k(
                "get",
                "pods,deployments,statefulsets,cronjobs,jobs,services,ingresses,pvc",
                "-l",
                ops.part_of,
                "-o",
                "wide",
            )
        ),
        Step(ops.k("get", "events", "--sort-by=.lastTimestamp", "--field-selector", "type=Warning"), check=False),
        backups.drill_status(ops),
    ]


def logs(ops: Ops) -> list[Step]:
    return [
        Step(
            ops.k(
                "logs",
                "-l",
                ops.part_of,
                "--all-containers",
                "--prefix",
                "--follow",
                "--max-log-requests=20",
                "--tail=100",
            )
        )
    ]


def restart(ops: Ops) -> list[Step]:
    # With external-secrets this is how a store change reaches the pods: the exporter reads one too
    # (the backup and drill Jobs start fresh pods each run).
    exporter = ops.s.secrets_source == EXTERNAL and ops.s.monitoring != "none"
    workloads = (*WEB_WORKLOADS, *([f"deployment/{POSTGRES_EXPORTER}"] if exporter else []))
    return [Step(ops.k("rollout", "restart", *workloads)), *wait(ops, *workloads)]
