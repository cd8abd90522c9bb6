"""Nightly pg_dump onto a Retain volume of its own, keeping the newest BACKUP_KEEP dumps.

With BACKUP_REPOSITORY the dump runs as the init container and restic, in the main
container, sends the new dump off-site (charts/offsite.py): a failed copy fails the Job
(BackupFailed) while the local dump stays.
"""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch, quantity
from charts.cronjob import scheduled_job
from charts.offsite import cache_scratch, repository_volumes, restic_container
from charts.postgres import connection_env
from imports import k8s
from model.dbtools import BACKUP_DIR, BACKUP_SCRIPT
from model.restic import OFFSITE_SCRIPT
from model.secret_revisions import secret_revision
from model.settings import Resources, Settings
from model.topology import BACKUP

# pg_dump of a small database needs little; the limits stop a runaway dump.
RESOURCES = Resources(cpu_request="50m", cpu_limit="500m", memory_request="64Mi", memory_limit="256Mi")


class BackupChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        component = Component(BACKUP, "backup", settings.app_name)
        offsite = settings.backup_repository is not None
        scratch = {"tmp": Scratch("/tmp", size="64Mi"), **(cache_scratch() if offsite else {})}
        pod = RestrictedPod(self, component, scratch, image_pull_secret=settings.image_pull_secret)
        secret = secret_revision(settings, BACKUP).name
        claim = k8s.KubePersistentVolumeClaim(
            self,
            "claim",
            metadata=k8s.ObjectMeta(name=BACKUP, labels=component.labels()),
            spec=k8s.PersistentVolumeClaimSpec(
                access_modes=["ReadWriteOnce"],
                storage_class_name=settings.storage_class,
                resources=k8s.VolumeResourceRequirements(requests={"storage": quantity(settings.backup_storage_size)}),
            ),
        )
        backups = k8s.VolumeMount(name="backups", mount_path=BACKUP_DIR)
        dump = pod.container(
            BACKUP,
            settings.image_ref("postgres"),
            RESOURCES,
            mounts=[backups],
            command=["sh", "-c", BACKUP_SCRIPT],
            env=[
                *connection_env(settings.postgres_user, settings.postgres_db, secret),
                k8s.EnvVar(name="BACKUP_DIR", value=BACKUP_DIR),
                k8s.EnvVar(name="BACKUP_KEEP", value=str(settings.backup_keep)),
            ],
        )
        containers, init = [dump], []
        if offsite:
            keep = {"DAILY": settings.backup_keep_daily, "WEEKLY": settings.backup_keep_weekly}
            keep["MONTHLY"] = settings.backup_keep_monthly
            copy = restic_container(
                pod,
                "offsite",
                settings,
                secret,
                OFFSITE_SCRIPT,
                mounts=[backups],
                env=[k8s.EnvVar(name=f"BACKUP_KEEP_{k}", value=str(v)) for k, v in keep.items()],
            )
            containers, init = [copy], [dump]
        scheduled_job(
            self,
            component=component,
            schedule=settings.backup_schedule,
            backoff_limit=2,
            pod=pod.spec(
                containers,
                init_containers=init or None,
                restart_policy="Never",
                volumes=[
                    k8s.Volume(
                        name="backups",
                        persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(claim_name=claim.name),
                    ),
                    *repository_volumes(settings)[0],
                ],
            ),
        )
