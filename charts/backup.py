"""Nightly pg_dump onto a Retain volume of its own, keeping the newest BACKUP_KEEP dumps."""

from __future__ import annotations

from constructs import Construct

from charts.base import (
    AppChart,
    Component,
    container_security_context,
    image_pull_secrets,
    pod_security_context,
    resource_requirements,
)
from charts.postgres import connection_env
from charts.workload import service_account
from imports import k8s
from model.dbtools import BACKUP_DIR, BACKUP_SCRIPT
from model.settings import Resources, Settings
from model.topology import BACKUP

# pg_dump of a small database needs little; the limits stop a runaway dump.
RESOURCES = Resources(cpu_request="50m", cpu_limit="500m", memory_request="64Mi", memory_limit="256Mi")


class BackupChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        component = Component(BACKUP, "backup", settings)
        account = service_account(self, component)
        claim = k8s.KubePersistentVolumeClaim(
            self,
            "claim",
            metadata=k8s.ObjectMeta(name=BACKUP, labels=component.labels()),
            spec=k8s.PersistentVolumeClaimSpec(
                access_modes=["ReadWriteOnce"],
                storage_class_name=settings.storage_class,
                resources=k8s.VolumeResourceRequirements(
                    requests={"storage": k8s.Quantity.from_string(settings.backup_storage_size)}
                ),
            ),
        )
        container = k8s.Container(
            name=BACKUP,
            image=settings.image_ref("postgres"),
            image_pull_policy="IfNotPresent",
            command=["sh", "-c", BACKUP_SCRIPT],
            env=[
                *connection_env(settings),
                k8s.EnvVar(name="BACKUP_DIR", value=BACKUP_DIR),
                k8s.EnvVar(name="BACKUP_KEEP", value=str(settings.backup_keep)),
            ],
            resources=resource_requirements(RESOURCES),
            security_context=container_security_context(),
            volume_mounts=[
                k8s.VolumeMount(name="backups", mount_path=BACKUP_DIR),
                k8s.VolumeMount(name="tmp", mount_path="/tmp"),
            ],
        )
        k8s.KubeCronJob(
            self,
            "cronjob",
            metadata=k8s.ObjectMeta(name=BACKUP, labels=component.labels()),
            spec=k8s.CronJobSpec(
                schedule=settings.backup_schedule,
                time_zone="Etc/UTC",
                # Never two dumps at once; a missed run starts late rather than not at all.
                concurrency_policy="Forbid",
                starting_deadline_seconds=3600,
                successful_jobs_history_limit=3,
                failed_jobs_history_limit=3,
                job_template=k8s.JobTemplateSpec(
                    metadata=k8s.ObjectMeta(labels=component.labels()),
                    spec=k8s.JobSpec(
                        backoff_limit=2,
                        active_deadline_seconds=3600,
                        template=k8s.PodTemplateSpec(
                            metadata=k8s.ObjectMeta(labels=component.labels()),
                            spec=k8s.PodSpec(
                                restart_policy="Never",
                                service_account_name=account.name,
                                automount_service_account_token=False,
                                enable_service_links=False,
                                image_pull_secrets=image_pull_secrets(settings),
                                security_context=pod_security_context(),
                                containers=[container],
                                volumes=[
                                    k8s.Volume(
                                        name="backups",
                                        persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(
                                            claim_name=claim.name
                                        ),
                                    ),
                                    k8s.Volume(
                                        name="tmp",
                                        empty_dir=k8s.EmptyDirVolumeSource(size_limit=k8s.Quantity.from_string("64Mi")),
                                    ),
                                ],
                            ),
                        ),
                    ),
                ),
            ),
        )
