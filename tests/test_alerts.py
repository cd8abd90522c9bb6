"""The alerts through Debian's real promtool: the rules load, and each alert fires on a synthetic
broken series and stays quiet on a healthy one (also when another namespace is broken)."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from model.alerts import BACKUP_MAX_AGE_HOURS, DRILL_MAX_AGE_HOURS, alerts, rules_file

PROMTOOL = shutil.which("promtool")
NS = "yoshikosan"
OTHER = 'namespace="other"'
pytestmark = pytest.mark.skipif(not PROMTOOL, reason="promtool is not installed (make install-system)")

AGE = BACKUP_MAX_AGE_HOURS * 3600
DRILL_AGE = DRILL_MAX_AGE_HOURS * 3600
DRILL = f'namespace="{NS}", cronjob="restore-drill"'


@dataclass(frozen=True)
class Case:
    series: dict[str, str]  # series -> promtool's expanding notation, one sample a minute
    at: str  # eval_time
    labels: dict[str, str] | None = None  # the firing alert's labels (besides severity); None: quiet


def requests(route: str, status: str, per_minute: int) -> tuple[str, str]:
    labels = f'namespace="{NS}", method="GET", route="{route}", status="{status}"'
    return f"yoshikosan_http_requests_total{{{labels}}}", f"0+{per_minute}x30"


def buckets(route: str, per_minute: dict[str, int]) -> dict[str, str]:
    """A latency histogram: per_minute maps each `le` to the requests a minute at or below it."""
    labels = f'namespace="{NS}", method="GET", route="{route}", status="200"'
    return {
        f'yoshikosan_http_request_duration_seconds_bucket{{{labels}, le="{le}"}}': f"0+{n}x30"
        for le, n in per_minute.items()
    }


def pg_connections(active: int) -> dict[str, str]:
    return {
        f'pg_stat_activity_count{{namespace="{NS}", datname="yoshikosan", state="active"}}': f"{active}+0x20",
        f'pg_stat_activity_count{{namespace="{NS}", datname="yoshikosan", state="idle"}}': "5+0x20",
        f'pg_settings_max_connections{{namespace="{NS}"}}': "100+0x20",
        f'pg_settings_superuser_reserved_connections{{namespace="{NS}"}}': "3+0x20",
    }


def volume(available: int, claim: str = "data-postgres-0") -> dict[str, str]:
    labels = f'namespace="{NS}", persistentvolumeclaim="{claim}"'
    return {
        f"kubelet_volume_stats_available_bytes{{{labels}}}": f"{available}+0x20",
        f"kubelet_volume_stats_capacity_bytes{{{labels}}}": "100+0x20",
    }


POD = {"namespace": NS, "pod": "backend-7d9f-x2x4q"}
POD_LABELS = f'namespace="{NS}", pod="backend-7d9f-x2x4q"'
CRON = f'namespace="{NS}", cronjob="backup"'
FAST = {"0.1": 100, "2.5": 100, "5": 100, "+Inf": 100}
SLOW = {"0.1": 0, "2.5": 0, "5": 10, "+Inf": 10}

FIRING: dict[str, Case] = {
    "BackendDown": Case({f"yoshikosan_build_info{{{OTHER}, version='1'}}": "1+0x10"}, "5m", {"namespace": NS}),
    "BackendNotReady": Case({f"yoshikosan_ready{{{POD_LABELS}}}": "1 0+0x10"}, "8m", POD),
    "DatabaseDisconnected": Case({f"yoshikosan_database_up{{{POD_LABELS}}}": "1 0+0x10"}, "4m", POD),
    "HighErrorRatio": Case(
        dict([requests("/users/{id}", "200", 60), requests("/users/{id}", "500", 6)]), "20m", {"namespace": NS}
    ),
    "HighLatency": Case(buckets("/users/{id}", SLOW), "25m", {"namespace": NS}),
    "PostgresDown": Case({f"pg_up{{{POD_LABELS}}}": "1 0+0x10"}, "4m", POD),
    "PostgresMetricsMissing": Case({f"pg_up{{{OTHER}}}": "1+0x20"}, "15m", {"namespace": NS}),
    "PostgresConnectionsNearMax": Case(pg_connections(80), "10m", {"namespace": NS}),
    "BackupFailed": Case(
        {f'kube_job_failed{{namespace="{NS}", job_name="backup-29000000", condition="true"}}': "0 1+0x5"},
        "3m",
        {"namespace": NS, "job_name": "backup-29000000", "condition": "true"},
    ),
    "BackupTooOld": Case(
        {f"kube_cronjob_status_last_successful_time{{{CRON}}}": f"-{AGE}+0x20"},
        "15m",
        {"namespace": NS, "cronjob": "backup"},
    ),
    "RestoreDrillFailed": Case(
        {f'kube_job_failed{{namespace="{NS}", job_name="restore-drill-29000000", condition="true"}}': "0 1+0x5"},
        "3m",
        {"namespace": NS, "job_name": "restore-drill-29000000", "condition": "true"},
    ),
    "RestoreDrillTooOld": Case(
        {f"kube_cronjob_status_last_successful_time{{{DRILL}}}": f"-{DRILL_AGE}+0x20"},
        "15m",
        {"namespace": NS, "cronjob": "restore-drill"},
    ),
    "VolumeFillingUp": Case(volume(10), "15m", {"namespace": NS, "persistentvolumeclaim": "data-postgres-0"}),
    "VolumeAlmostFull": Case(volume(3, "backup"), "10m", {"namespace": NS, "persistentvolumeclaim": "backup"}),
    "PodRestarting": Case(
        {f'kube_pod_container_status_restarts_total{{{POD_LABELS}, container="backend"}}': "0+1x60"},
        "60m",
        {**POD, "container": "backend"},
    ),
}

QUIET: dict[str, Case] = {
    "BackendDown": Case({f"yoshikosan_build_info{{{POD_LABELS}, version='1'}}": "1+0x10"}, "5m"),
    "BackendNotReady": Case(
        {f"yoshikosan_ready{{{POD_LABELS}}}": "1+0x10", f"yoshikosan_ready{{{OTHER}}}": "0+0x10"}, "8m"
    ),
    "DatabaseDisconnected": Case(
        # a blip shorter than `for` and another namespace's outage
        {f"yoshikosan_database_up{{{POD_LABELS}}}": "1 0 1+0x10", f"yoshikosan_database_up{{{OTHER}}}": "0+0x10"},
        "8m",
    ),
    "HighErrorRatio": Case(
        # failing readiness probes are not user requests
        dict([requests("/users/{id}", "200", 100), requests("/users/{id}", "500", 1), requests("/health", "503", 50)]),
        "20m",
    ),
    "HighLatency": Case({**buckets("/users/{id}", FAST), **buckets("/health", SLOW)}, "25m"),
    "PostgresDown": Case({f"pg_up{{{POD_LABELS}}}": "1+0x10", f"pg_up{{{OTHER}}}": "0+0x10"}, "8m"),
    "PostgresMetricsMissing": Case({f"pg_up{{{POD_LABELS}}}": "1+0x20"}, "15m"),
    "PostgresConnectionsNearMax": Case(pg_connections(20), "10m"),
    "BackupFailed": Case(
        {
            f'kube_job_failed{{namespace="{NS}", job_name="backup-29000000", condition="true"}}': "0+0x5",
            f'kube_job_failed{{namespace="{NS}", job_name="backup-29000000", condition="false"}}': "1+0x5",
            f'kube_job_failed{{namespace="{NS}", job_name="import-1", condition="true"}}': "1+0x5",
        },
        "3m",
    ),
    "BackupTooOld": Case(
        {
            f"kube_cronjob_status_last_successful_time{{{CRON}}}": f"-{AGE - 7200}+0x20",
            f"kube_cronjob_created{{{CRON}}}": f"-{10 * AGE}+0x20",
        },
        "15m",
    ),
    "RestoreDrillFailed": Case(
        {
            # a failed backup is BackupFailed's, not the drill's
            f'kube_job_failed{{namespace="{NS}", job_name="backup-29000000", condition="true"}}': "1+0x5",
            f'kube_job_failed{{namespace="{NS}", job_name="restore-drill-29000000", condition="false"}}': "1+0x5",
            'kube_job_failed{namespace="other", job_name="restore-drill-1", condition="true"}': "1+0x5",
        },
        "3m",
    ),
    "RestoreDrillTooOld": Case(
        {
            # six days since the last pass: within the week and a day
            f"kube_cronjob_status_last_successful_time{{{DRILL}}}": f"-{DRILL_AGE - 2 * 86400}+0x20",
            f"kube_cronjob_created{{{DRILL}}}": f"-{10 * DRILL_AGE}+0x20",
        },
        "15m",
    ),
    "VolumeFillingUp": Case(volume(50), "15m"),
    "VolumeAlmostFull": Case(volume(10), "10m"),
    "PodRestarting": Case(
        {f'kube_pod_container_status_restarts_total{{{POD_LABELS}, container="backend"}}': "2+0x60"}, "60m"
    ),
}

# kube-state-metrics' view: a backend pod not ready, whatever its own metrics say; a
# finished backup pod (never ready) is not a backend.
POD_NOT_READY = Case({f'kube_pod_status_ready{{{POD_LABELS}, condition="true"}}': "1 0+0x10"}, "8m", POD)
POD_READY = Case(
    {
        f'kube_pod_status_ready{{{POD_LABELS}, condition="true"}}': "1+0x10",
        f'kube_pod_status_ready{{namespace="{NS}", pod="backup-29000000-abcde", condition="true"}}': "0+0x10",
    },
    "8m",
)
# A CronJob that has existed for longer than the limit and never succeeded.
NEVER_SUCCEEDED = Case(
    {f"kube_cronjob_created{{{CRON}}}": f"-{AGE}+0x20"}, "15m", {"namespace": NS, "cronjob": "backup"}
)

# A drill CronJob older than the limit whose Jobs never passed.
DRILL_NEVER_PASSED = Case(
    {f"kube_cronjob_created{{{DRILL}}}": f"-{DRILL_AGE}+0x20"}, "15m", {"namespace": NS, "cronjob": "restore-drill"}
)


def render(template: str, labels: dict[str, str]) -> str:
    """What Prometheus makes of an annotation that only uses {{ $labels.x }}."""
    rendered = re.sub(r"\{\{ \$labels\.(\w+) \}\}", lambda m: labels.get(m.group(1), ""), template)
    assert "{{" not in rendered, f"annotation uses more than $labels: {template}"
    return rendered


def promtool_test(name: str, case: Case) -> dict[str, object]:
    [alert] = [a for a in alerts(NS) if a.name == name]
    expected = []
    if case.labels is not None:
        labels = {"severity": alert.severity, **alert.labels, **case.labels}
        annotations = {key: render(value, labels) for key, value in alert.rule()["annotations"].items()}
        expected = [{"exp_labels": labels, "exp_annotations": annotations}]
    return {
        "interval": "1m",
        "input_series": [{"series": series, "values": values} for series, values in case.series.items()],
        "alert_rule_test": [{"eval_time": case.at, "alertname": name, "exp_alerts": expected}],
    }


def run_promtool(tmp_path: Path, tests: list[dict[str, object]]) -> subprocess.CompletedProcess[str]:
    (tmp_path / "rules.yml").write_text(yaml.safe_dump(rules_file(NS), sort_keys=False))
    (tmp_path / "tests.yml").write_text(
        yaml.safe_dump({"rule_files": ["rules.yml"], "evaluation_interval": "1m", "tests": tests}, sort_keys=False)
    )
    assert PROMTOOL
    return subprocess.run([PROMTOOL, "test", "rules", "tests.yml"], cwd=tmp_path, capture_output=True, text=True)


def test_every_alert_has_a_firing_and_a_quiet_case() -> None:
    names = [a.name for a in alerts(NS)]
    assert len(names) == len(set(names))
    assert set(FIRING) == set(QUIET) == set(names)


@pytest.mark.slow
def test_the_rules_file_passes_promtool_check(tmp_path: Path) -> None:
    path = tmp_path / "rules.yml"
    path.write_text(yaml.safe_dump(rules_file(NS)))
    assert PROMTOOL
    result = subprocess.run([PROMTOOL, "check", "rules", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"SUCCESS: {len(alerts(NS))} rules found" in result.stdout


@pytest.mark.slow  # promtool evaluates every rule at every step: ~7 s
def test_each_alert_fires_on_a_broken_series_and_stays_quiet_on_a_healthy_one(tmp_path: Path) -> None:
    tests = [promtool_test(name, FIRING[name]) for name in FIRING]
    tests += [promtool_test(name, QUIET[name]) for name in QUIET]
    tests.append(promtool_test("BackupTooOld", NEVER_SUCCEEDED))
    tests.append(promtool_test("RestoreDrillTooOld", DRILL_NEVER_PASSED))
    tests += [promtool_test("BackendNotReady", POD_NOT_READY), promtool_test("BackendNotReady", POD_READY)]
    result = run_promtool(tmp_path, tests)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


@pytest.mark.slow
def test_a_wrong_expectation_fails(tmp_path: Path) -> None:
    """The harness can fail: a healthy series expected to fire is reported."""
    wrong = Case(QUIET["DatabaseDisconnected"].series, "8m", POD)
    result = run_promtool(tmp_path, [promtool_test("DatabaseDisconnected", wrong)])
    assert result.returncode != 0
    assert "DatabaseDisconnected" in result.stdout + result.stderr


def test_every_alert_says_what_to_do() -> None:
    for alert in alerts(NS):
        rule = alert.rule()
        assert rule["annotations"]["summary"] and rule["annotations"]["action"], alert.name
        assert rule["labels"]["severity"] in ("critical", "warning")
        assert f'namespace="{NS}"' in alert.expr, f"{alert.name} must stay within the app's namespace"
