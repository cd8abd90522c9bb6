"""The alerts, as data: rendered into the cluster's PrometheusRule and a plain Prometheus rules file.

Every expression selects the app's namespace, never a scrape job: the job name depends
on who scrapes (a PodMonitor, a plain `kubernetes-pods` job, `make dev`), the namespace
label does not. The backup, volume and restart alerts read kube-state-metrics and the
kubelet (kube-prometheus-stack ships and scrapes both); without them they stay silent.

Annotations use only `{{ $labels.* }}`, so tests can state exactly what an alert says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from model.monitoring import BUILD_INFO, DATABASE_UP, LATENCY_BUCKETS, PROBE_ROUTES, READY, REQUESTS
from model.topology import BACKEND, BACKUP, RESTORE_DRILL

Severity = Literal["critical", "warning"]

ERROR_RATIO = 0.05
P95_SECONDS = 2.0
CONNECTIONS_RATIO = 0.8
# A daily backup, plus the CronJob's hour of starting deadline and hour of run time.
BACKUP_MAX_AGE_HOURS = 26
# A weekly drill, plus a day of slack for a late or slow run.
DRILL_MAX_AGE_HOURS = 8 * 24
VOLUME_LOW_RATIO = 0.15
VOLUME_CRITICAL_RATIO = 0.05
RESTARTS_PER_HOUR = 3

GROUP = "yoshikosan"


@dataclass(frozen=True)
class Alert:
    name: str
    expr: str
    for_: str
    severity: Severity
    summary: str
    action: str  # what the operator does about it
    labels: dict[str, str] = field(default_factory=dict)

    def rule(self) -> dict[str, Any]:
        return {
            "alert": self.name,
            "expr": self.expr,
            "for": self.for_,
            "labels": {"severity": self.severity, **self.labels},
            "annotations": {"summary": self.summary, "action": self.action},
        }


def alerts(namespace: str) -> tuple[Alert, ...]:
    ns = f'namespace="{namespace}"'
    user = f'{ns}, route!~"{"|".join(PROBE_ROUTES)}"'
    return (
        Alert(
            "BackendDown",
            f"absent({BUILD_INFO}{{{ns}}})",
            "2m",
            "critical",
            "No backend instance in {{ $labels.namespace }} can be scraped: the API is down.",
            "make status; make logs. Look for crash loops, a failed migration (init container) or a bad Secret.",
        ),
        Alert(
            "BackendNotReady",
            f"{READY}{{{ns}}} == 0"
            f' or max by (namespace, pod) (kube_pod_status_ready{{{ns}, condition="true", pod=~"{BACKEND}-.+"}}) == 0',
            "5m",
            "warning",
            "Backend pod {{ $labels.pod }} has not been ready for 5 minutes: it receives no traffic.",
            "Readiness fails only while a pod drains or before it starts serving: make status (startup probe, "
            "prestart init step), make logs; a pod stuck draining can be deleted.",
        ),
        Alert(
            "DatabaseDisconnected",
            f"{DATABASE_UP}{{{ns}}} == 0",
            "1m",
            "critical",
            "Backend pod {{ $labels.pod }} cannot reach PostgreSQL.",
            "make status (is postgres-0 running and ready?); make logs for the backend's connection error.",
        ),
        Alert(
            "HighErrorRatio",
            f'sum by (namespace) (rate({REQUESTS}{{{user}, status=~"5.."}}[5m]))'
            f" / sum by (namespace) (rate({REQUESTS}{{{user}}}[5m])) > {ERROR_RATIO}",
            "10m",
            "critical",
            f"More than {ERROR_RATIO:.0%} of API requests in {{{{ $labels.namespace }}}} fail with 5xx.",
            "make logs (backend errors with tracebacks); a recent deploy? `make rollback`.",
        ),
        Alert(
            "HighLatency",
            f"histogram_quantile(0.95, sum by (namespace, le) (rate({LATENCY_BUCKETS}{{{user}}}[5m])))"
            f" > {P95_SECONDS:g}",
            "15m",
            "warning",
            f"95th percentile API latency in {{{{ $labels.namespace }}}} is above {P95_SECONDS:g} s.",
            "Check CPU throttling (make status), slow queries (make db-shell: pg_stat_activity) and the AI APIs.",
        ),
        Alert(
            "PostgresDown",
            f"pg_up{{{ns}}} == 0",
            "1m",
            "critical",
            "PostgreSQL in {{ $labels.namespace }} does not answer the exporter.",
            "make status; make logs (postgres-0): disk full, crash recovery, or a failed upgrade.",
        ),
        Alert(
            "PostgresMetricsMissing",
            f"absent(pg_up{{{ns}}})",
            "10m",
            "warning",
            "No PostgreSQL metrics from {{ $labels.namespace }}: the exporter is down or not scraped.",
            "make status (postgres-exporter pod); its log names a login failure (POSTGRES_EXPORTER_PASSWORD).",
        ),
        Alert(
            "PostgresConnectionsNearMax",
            f"sum by (namespace) (pg_stat_activity_count{{{ns}}})"
            f" / max by (namespace) (pg_settings_max_connections{{{ns}}}"
            f" - pg_settings_superuser_reserved_connections{{{ns}}}) > {CONNECTIONS_RATIO}",
            "5m",
            "warning",
            f"PostgreSQL in {{{{ $labels.namespace }}}} uses more than {CONNECTIONS_RATIO:.0%} of its connections.",
            "Too many backend replicas x DB_POOL_SIZE, or leaked sessions (make db-shell: pg_stat_activity).",
        ),
        Alert(
            "BackupFailed",
            f'kube_job_failed{{{ns}, job_name=~"{BACKUP}-.*", condition="true"}} == 1',
            "0m",
            "critical",
            "Backup job {{ $labels.job_name }} failed.",
            "kubectl logs job/{{ $labels.job_name }}; fix, run `make db-backup`, then delete the failed job.",
        ),
        Alert(
            "BackupTooOld",
            f'time() - kube_cronjob_status_last_successful_time{{{ns}, cronjob="{BACKUP}"}}'
            f" > {BACKUP_MAX_AGE_HOURS} * 3600"
            f' or (time() - kube_cronjob_created{{{ns}, cronjob="{BACKUP}"}} > {BACKUP_MAX_AGE_HOURS} * 3600'
            f" unless on (namespace, cronjob) kube_cronjob_status_last_successful_time)",
            "5m",
            "critical",
            f"No successful backup in {{{{ $labels.namespace }}}} for more than {BACKUP_MAX_AGE_HOURS} hours.",
            "kubectl get cronjob,jobs -n {{ $labels.namespace }}; is the CronJob suspended? Run `make db-backup`.",
        ),
        # The drill's result is its Job's status (the pod cannot write to the API; there is no
        # Pushgateway): kube-state-metrics reports it, the log's last line says why.
        Alert(
            "RestoreDrillFailed",
            f'kube_job_failed{{{ns}, job_name=~"{RESTORE_DRILL}-.*", condition="true"}} == 1',
            "0m",
            "critical",
            "Restore drill {{ $labels.job_name }} failed: the newest backup may not restore.",
            "kubectl logs job/{{ $labels.job_name }} (its last line says why); fix, `make db-drill`, "
            "then delete the failed job.",
        ),
        Alert(
            "RestoreDrillTooOld",
            f'time() - kube_cronjob_status_last_successful_time{{{ns}, cronjob="{RESTORE_DRILL}"}}'
            f" > {DRILL_MAX_AGE_HOURS} * 3600"
            f' or (time() - kube_cronjob_created{{{ns}, cronjob="{RESTORE_DRILL}"}} > {DRILL_MAX_AGE_HOURS} * 3600'
            f" unless on (namespace, cronjob) kube_cronjob_status_last_successful_time)",
            "5m",
            "warning",
            f"No restore drill in {{{{ $labels.namespace }}}} has passed for more than "
            f"{DRILL_MAX_AGE_HOURS // 24} days.",
            "make status (last drill); is the CronJob suspended? Run `make db-drill`.",
        ),
        Alert(
            "VolumeFillingUp",
            f"kubelet_volume_stats_available_bytes{{{ns}}} / kubelet_volume_stats_capacity_bytes{{{ns}}}"
            f" < {VOLUME_LOW_RATIO}",
            "10m",
            "warning",
            f"Volume {{{{ $labels.persistentvolumeclaim }}}} has less than {VOLUME_LOW_RATIO:.0%} space left.",
            "Backups: lower BACKUP_KEEP or copy old dumps off (make db-dump). Database: grow the volume soon.",
        ),
        Alert(
            "VolumeAlmostFull",
            f"kubelet_volume_stats_available_bytes{{{ns}}} / kubelet_volume_stats_capacity_bytes{{{ns}}}"
            f" < {VOLUME_CRITICAL_RATIO}",
            "5m",
            "critical",
            f"Volume {{{{ $labels.persistentvolumeclaim }}}} has less than {VOLUME_CRITICAL_RATIO:.0%} space left.",
            "PostgreSQL stops accepting writes when full: free space now (old dumps, VACUUM FULL) or grow it.",
        ),
        Alert(
            "PodRestarting",
            f"increase(kube_pod_container_status_restarts_total{{{ns}}}[1h]) >= {RESTARTS_PER_HOUR}",
            "0m",
            "warning",
            "Container {{ $labels.container }} of {{ $labels.pod }} restarted "
            f"{RESTARTS_PER_HOUR}+ times in the last hour.",
            "kubectl logs --previous {{ $labels.pod }} -c {{ $labels.container }}; "
            "OOMKilled in `make status` means raise its memory limit.",
        ),
    )


def rule_groups(namespace: str) -> list[dict[str, Any]]:
    """The `groups` of a Prometheus rules file and of a PrometheusRule's spec alike."""
    return [{"name": GROUP, "rules": [alert.rule() for alert in alerts(namespace)]}]


def rules_file(namespace: str) -> dict[str, Any]:
    return {"groups": rule_groups(namespace)}
