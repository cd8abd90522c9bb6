"""The one CronJob shape of this app's scheduled jobs (the backup, the restore drill)."""

from __future__ import annotations

from constructs import Construct

from charts.base import Component
from imports import k8s


def scheduled_job(
    scope: Construct, *, component: Component, schedule: str, backoff_limit: int, pod: k8s.PodSpec
) -> k8s.KubeCronJob:
    """In UTC; never two runs at once, and a missed run starts late (within the hour) rather than
    not at all; three of each outcome kept for `make status`; an hour at most per run."""
    return k8s.KubeCronJob(
        scope,
        "cronjob",
        metadata=k8s.ObjectMeta(name=component.name, labels=component.labels()),
        spec=k8s.CronJobSpec(
            schedule=schedule,
            time_zone="Etc/UTC",
            concurrency_policy="Forbid",
            starting_deadline_seconds=3600,
            successful_jobs_history_limit=3,
            failed_jobs_history_limit=3,
            job_template=k8s.JobTemplateSpec(
                metadata=k8s.ObjectMeta(labels=component.labels()),
                spec=k8s.JobSpec(
                    backoff_limit=backoff_limit,
                    active_deadline_seconds=3600,
                    template=k8s.PodTemplateSpec(metadata=k8s.ObjectMeta(labels=component.labels()), spec=pod),
                ),
            ),
        ),
    )
