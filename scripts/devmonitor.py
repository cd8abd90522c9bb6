"""`make dev`'s monitoring: Debian's Prometheus and PostgreSQL exporter beside the local stack.

Prometheus scrapes the same jobs as the cluster (model/monitoring.py: a target's job is
its pods' app.kubernetes.io/name there) with the cluster's namespace label, and loads the
cluster's alerting rules (model/alerts.py), so an alert or dashboard query that works here
works there. The exporter logs in with the role the cluster's init step creates, set up by
that step's very script. scripts/devstack.py runs `processes()` beside its own.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from model.alerts import rules_file
from model.monitoring import (
    BACKEND_METRICS_PORT,
    ENSURE_EXPORTER_ROLE_SCRIPT,
    METRICS_PATH,
    POSTGRES_EXPORTER,
    POSTGRES_EXPORTER_PORT,
    TRAEFIK,
    exporter_args,
    exporter_env,
)
from model.settings import Settings
from model.topology import BACKEND
from pgcluster import PgCluster

PROMETHEUS = "prometheus"
EXPORTER_BINARY = "prometheus-postgres-exporter"
# Faster than the cluster's 30 s, so a change shows within seconds; the rules are the same.
DEV_SCRAPE_INTERVAL = "5s"
# The namespace label the cluster's series carry (NAMESPACE's default): the rules select it.
NAMESPACE = str(Settings.model_fields["namespace"].default)


class MonitorError(Exception):
    pass


@dataclass(frozen=True)
class Process:
    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    inputs: str = ""  # a digest of the files it reads: a change restarts it


@dataclass(frozen=True)
class DevMonitor:
    state: Path
    database: str
    host: str = "127.0.0.1"
    prometheus_port: int = 9090
    backend_metrics_port: int = BACKEND_METRICS_PORT
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

    def targets(self) -> dict[str, int]:
        """Job -> port: the cluster's jobs, at their local addresses."""
        jobs = {BACKEND: self.backend_metrics_port, POSTGRES_EXPORTER: self.exporter_port}
        if self.traefik_metrics_port is not None:
            jobs[TRAEFIK] = self.traefik_metrics_port
        return jobs

    def backend_env(self) -> dict[str, str]:
        """What the backend needs to serve its metrics here (loopback only: HOST)."""
        return {"METRICS_PORT": str(self.backend_metrics_port), "HOST": self.host}

    def config(self) -> dict[str, Any]:
        return {
            "global": {"scrape_interval": DEV_SCRAPE_INTERVAL, "evaluation_interval": DEV_SCRAPE_INTERVAL},
            "rule_files": ["rules.yml"],
            "scrape_configs": [
                {
                    "job_name": job,
                    "metrics_path": METRICS_PATH,
                    "static_configs": [
                        {
                            "targets": [f"{self.host}:{port}"],
                            "labels": {"namespace": NAMESPACE, "pod": f"{job}-local"},
                        }
                    ],
                }
                for job, port in self.targets().items()
            ],
        }

    def write_config(self) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "rules.yml").write_text(yaml.safe_dump(rules_file(NAMESPACE), sort_keys=False))
        config = self.directory / "prometheus.yml"
        config.write_text(yaml.safe_dump(self.config(), sort_keys=False))
        return config

    def config_digest(self) -> str:
        files = [self.directory / "prometheus.yml", self.directory / "rules.yml"]
        return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()

    def exporter_password(self) -> str:
        """Generated once per state directory, like the stack's other dev secrets."""
        path = self.state / "exporter-password"
        if not path.exists():
            self.state.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(24))
            path.chmod(0o600)
        return path.read_text().strip()

    def ensure_exporter_role(self, pg: PgCluster) -> None:
        """The cluster's init step, verbatim: sh, PostgreSQL's client tools, libpq's PG* as the owner."""
        env = {
            **pg.libpq_env(self.database),
            "PATH": f"{pg.bin_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "POSTGRES_EXPORTER_PASSWORD": self.exporter_password(),
        }
        result = subprocess.run(
            ["sh", "-c", ENSURE_EXPORTER_ROLE_SCRIPT], env=env, capture_output=True, text=True, timeout=150
        )
        if result.returncode != 0:
            raise MonitorError(f"creating the exporter's role failed:\n{result.stdout}{result.stderr}")

    def processes(self, pg: PgCluster) -> list[Process]:
        """The exporter (its role made first, as the init step does) and Prometheus, with its files written."""
        missing = [tool for tool in (PROMETHEUS, EXPORTER_BINARY) if shutil.which(tool) is None]
        if missing:
            raise MonitorError(f"{' and '.join(missing)} missing: run `make install-system`")
        self.ensure_exporter_role(pg)
        config = self.write_config()
        path = {"PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        exporter_environment = {
            **path,
            **exporter_env(pg.host, pg.port, self.database),
            "DATA_SOURCE_PASS": self.exporter_password(),
        }
        prometheus = [
            PROMETHEUS,
            f"--config.file={config}",
            f"--storage.tsdb.path={self.directory / 'data'}",
            "--storage.tsdb.retention.time=2d",
            f"--web.listen-address={self.host}:{self.prometheus_port}",
        ]
        return [
            Process(
                POSTGRES_EXPORTER,
                [EXPORTER_BINARY, *exporter_args(f"{self.host}:{self.exporter_port}")],
                exporter_environment,
                self.directory,
            ),
            Process(PROMETHEUS, prometheus, path, self.directory, self.config_digest()),
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
