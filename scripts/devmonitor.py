"""`make dev`'s monitoring: Debian's Prometheus and PostgreSQL exporter beside the local stack.

Prometheus scrapes the same jobs as the cluster (model/monitoring.py: a target's job is
its pods' app.kubernetes.io/name there) with the cluster's namespace label, and loads the
cluster's alerting rules (model/alerts.py), so an alert or dashboard query that works here
works there. The backend's instances come and go (a roll replaces them): their targets are
a file Prometheus re-reads by itself (file-based service discovery), rewritten with the
gateway's list of servers. The exporter logs in with the role the cluster's init step
creates, set up by that step's very script. scripts/devstack.py runs `processes()` beside
its own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from model.alerts import rules_file
from model.digest import short_digest
from model.monitoring import (
    ENSURE_EXPORTER_ROLE_SCRIPT,
    METRICS_PATH,
    POSTGRES_EXPORTER,
    POSTGRES_EXPORTER_PORT,
    PROMETHEUS_PORT,
    TRAEFIK,
    exporter_args,
    exporter_env,
)
from model.settings import Settings
from model.topology import BACKEND
from pgcluster import PgCluster
from scripts.service import Service

PROMETHEUS = "prometheus"
EXPORTER_BINARY = "prometheus-postgres-exporter"
# Faster than the cluster's 30 s, so a change shows within seconds; the rules are the same.
DEV_SCRAPE_INTERVAL = "5s"
# The namespace label the cluster's series carry (NAMESPACE's default): the rules select it.
NAMESPACE = str(Settings.model_fields["namespace"].default)
# Prometheus 2.42 passes a changed target list on after up to 5 s of discovery batching
# and up to 5 s more until its scrape manager reloads.
TARGETS_APPLIED_SECONDS = 15


class MonitorError(Exception):
    pass


@dataclass(frozen=True)
class DevMonitor:
    state: Path
    host: str = "127.0.0.1"
    prometheus_port: int = PROMETHEUS_PORT
    exporter_port: int = POSTGRES_EXPORTER_PORT
    # Traefik's metrics entrypoint, when the local gateway is a Traefik that has one.
    traefik_metrics_port: int | None = None

    def ports(self) -> dict[str, int]:
        """The ports its own processes listen on, by process name."""
        return {PROMETHEUS: self.prometheus_port, POSTGRES_EXPORTER: self.exporter_port}

    @property
    def directory(self) -> Path:
        return self.state / PROMETHEUS

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.prometheus_port}"

    @property
    def backend_targets_file(self) -> Path:
        return self.directory / "backend-targets.json"

    def static_targets(self) -> dict[str, int]:
        """Job -> port of the jobs whose one target stays where it is."""
        jobs = {POSTGRES_EXPORTER: self.exporter_port}
        if self.traefik_metrics_port is not None:
            jobs[TRAEFIK] = self.traefik_metrics_port
        return jobs

    def jobs(self) -> set[str]:
        """The cluster's jobs that Prometheus scrapes here."""
        return {BACKEND, *self.static_targets()}

    def address(self, port: int) -> str:
        """A target's address, as the `instance` label shows it."""
        return f"{self.host}:{port}"

    def config(self) -> dict[str, Any]:
        static = [
            {
                "job_name": job,
                "metrics_path": METRICS_PATH,
                "static_configs": [
                    {"targets": [self.address(port)], "labels": {"namespace": NAMESPACE, "pod": f"{job}-local"}}
                ],
            }
            for job, port in self.static_targets().items()
        ]
        backend = {
            "job_name": BACKEND,
            "metrics_path": METRICS_PATH,
            "file_sd_configs": [{"files": [str(self.backend_targets_file)]}],
        }
        return {
            "global": {"scrape_interval": DEV_SCRAPE_INTERVAL, "evaluation_interval": DEV_SCRAPE_INTERVAL},
            "rule_files": ["rules.yml"],
            "scrape_configs": [backend, *static],
        }

    def backend_targets(self, metrics_ports: Mapping[str, int]) -> list[dict[str, Any]]:
        """File-based discovery's target groups: one per backend instance, its name as the pod label."""
        return [
            {"targets": [self.address(port)], "labels": {"namespace": NAMESPACE, "pod": pod}}
            for pod, port in metrics_ports.items()
        ]

    def write_backend_targets(self, metrics_ports: Mapping[str, int]) -> None:
        """Replaces the backend's targets at once (Prometheus never reads half a file) with
        these instances (name -> metrics port); the running Prometheus follows by itself."""
        self.directory.mkdir(parents=True, exist_ok=True)
        partial = self.backend_targets_file.with_name(f".{self.backend_targets_file.name}.new")
        partial.write_text(json.dumps(self.backend_targets(metrics_ports), indent=1) + "\n")
        partial.replace(self.backend_targets_file)

    def write_config(self) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "rules.yml").write_text(yaml.safe_dump(rules_file(NAMESPACE), sort_keys=False))
        config = self.directory / "prometheus.yml"
        config.write_text(yaml.safe_dump(self.config(), sort_keys=False))
        return config

    def config_digest(self) -> str:
        # Not the backend's targets: Prometheus follows that file without a restart.
        files = [self.directory / "prometheus.yml", self.directory / "rules.yml"]
        return short_digest(f.read_bytes() for f in files)

    def ensure_exporter_role(self, pg: PgCluster, database: str, password: str) -> None:
        """The cluster's init step, verbatim: sh, PostgreSQL's client tools, libpq's PG* as the owner."""
        env = {
            **pg.libpq_env(database),
            "PATH": f"{pg.bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "POSTGRES_EXPORTER_PASSWORD": password,
        }
        result = subprocess.run(
            ["sh", "-c", ENSURE_EXPORTER_ROLE_SCRIPT], env=env, capture_output=True, text=True, timeout=150
        )
        if result.returncode != 0:
            raise MonitorError(f"creating the exporter's role failed:\n{result.stdout}{result.stderr}")

    def check_tools(self) -> None:
        missing = [tool for tool in (PROMETHEUS, EXPORTER_BINARY) if shutil.which(tool) is None]
        if missing:
            raise MonitorError(f"{' and '.join(missing)} missing: run `make install-system`")

    def processes(self, pg: PgCluster, settings: Settings) -> list[Service]:
        """The exporter (its role made first, as the init step does) and Prometheus, with its files written.

        The exporter logs in to POSTGRES_DB with POSTGRES_EXPORTER_PASSWORD, as in the cluster.
        """
        self.check_tools()
        if settings.postgres_exporter_password is None:
            raise MonitorError("POSTGRES_EXPORTER_PASSWORD is not set: the exporter has no login")
        password = settings.postgres_exporter_password.get_secret_value()
        self.ensure_exporter_role(pg, settings.postgres_db, password)
        config = self.write_config()
        path = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        exporter_environment = {
            **path,
            **exporter_env(pg.host, pg.port, settings.postgres_db),
            "DATA_SOURCE_PASS": password,
        }
        prometheus = [
            PROMETHEUS,
            f"--config.file={config}",
            f"--storage.tsdb.path={self.directory / 'data'}",
            "--storage.tsdb.retention.time=2d",
            f"--web.listen-address={self.host}:{self.prometheus_port}",
        ]
        return [
            Service(
                POSTGRES_EXPORTER,
                [EXPORTER_BINARY, *exporter_args(f"{self.host}:{self.exporter_port}")],
                exporter_environment,
                self.directory,
                "",
            ),
            Service(PROMETHEUS, prometheus, path, self.directory, self.config_digest()),
        ]

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=3) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError) as error:
                last = str(error)
            time.sleep(0.2)
        raise MonitorError(f"Prometheus at {self.url} not ready within {timeout:.0f} s ({last})")

    def scraped(self, job: str) -> set[str] | None:
        """The addresses Prometheus scrapes for `job` now, or None when it does not answer."""
        try:
            with urllib.request.urlopen(f"{self.url}/api/v1/targets?state=active", timeout=3) as response:
                targets = json.load(response)["data"]["activeTargets"]
        except (urllib.error.URLError, OSError):
            return None
        return {t["labels"]["instance"] for t in targets if t["labels"]["job"] == job}

    def wait_unscraped(self, job: str, port: int, timeout: float = TARGETS_APPLIED_SECONDS) -> bool:
        """Until Prometheus no longer scrapes `port` for `job` (or does not run). False after `timeout`."""
        deadline = time.monotonic() + timeout
        while (scraped := self.scraped(job)) is not None and self.address(port) in scraped:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.2)
        return True

    def query(self, promql: str) -> list[dict[str, Any]]:
        """An instant query through Prometheus's HTTP API."""
        data = urllib.parse.urlencode({"query": promql}).encode()
        with urllib.request.urlopen(f"{self.url}/api/v1/query", data=data, timeout=10) as response:
            body = json.load(response)
        if body.get("status") != "success":
            raise MonitorError(f"{promql}: {body}")
        result: list[dict[str, Any]] = body["data"]["result"]
        return result

    def firing(self) -> dict[str, str]:
        """Alert name -> state (pending or firing) of every active alert."""
        with urllib.request.urlopen(f"{self.url}/api/v1/alerts", timeout=10) as response:
            alerts = json.load(response)["data"]["alerts"]
        return {a["labels"]["alertname"]: a["state"] for a in alerts}
