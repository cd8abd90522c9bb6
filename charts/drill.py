"""The restore drill: a CronJob that restores the newest backup into a PostgreSQL of its own pod.

Init containers prepare, the main container judges: the backend image writes the migration
head it expects (model/drill.py says why the image and not the checkout), restic fetches the
newest off-site snapshot when BACKUP_REPOSITORY is set, and the postgres image restores it
into a throwaway server in an emptyDir (model/sh/drill.sh). The pod has no connection to the
live database (charts/network.py gives it none, so default-deny holds) and mounts the backup
volume read-only. The Job's own status is the result kube-state-metrics reports
(RestoreDrillFailed, RestoreDrillTooOld); its log's last line says why and how long.
"""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch
from charts.cronjob import scheduled_job
from charts.offsite import cache_scratch, repository_volumes, restic_container
from imports import k8s
from model.dbtools import BACKUP_DIR
from model.drill import DRILL_DIR, DRILL_SCRIPT, EXPECTED_HEAD, FETCHED, HEAD_PROGRAM
from model.restic import FETCH_SCRIPT
from model.secret_revisions import secret_revision
from model.settings import Resources, Settings
from model.topology import BACKUP, RESTORE_DRILL

# The throwaway server restores one dump: a database of this app's size fits easily.
RESOURCES = Resources(cpu_request="100m", cpu_limit="1", memory_request="128Mi", memory_limit="768Mi")
HEAD_RESOURCES = Resources(cpu_request="50m", cpu_limit="500m", memory_request="64Mi", memory_limit="256Mi")
# The fetched dump and the restored data directory, a few times the dump's size.
DRILL_SIZE = "4Gi"


class DrillChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        component = Component(RESTORE_DRILL, "restore-drill", settings.app_name)
        offsite = settings.backup_repository is not None
        scratch = {"tmp": Scratch("/tmp", size="64Mi"), "drill": Scratch(DRILL_DIR, size=DRILL_SIZE)}
        pod = RestrictedPod(
            self,
            component,
            {**scratch, **(cache_scratch() if offsite else {})},
            image_pull_secret=settings.image_pull_secret,
        )
        backups = k8s.VolumeMount(name="backups", mount_path=BACKUP_DIR, read_only=True)
        head = pod.container(
            "expected-head",
            settings.image_ref("backend"),
            HEAD_RESOURCES,
            command=["python", "-c", HEAD_PROGRAM, f"{DRILL_DIR}/{EXPECTED_HEAD}"],
        )
        init = [head]
        if offsite:
            secret = secret_revision(settings, RESTORE_DRILL).name
            init.append(restic_container(pod, "fetch", settings, secret, FETCH_SCRIPT, args=[f"{DRILL_DIR}/{FETCHED}"]))
        drill = pod.container(
            "drill",
            settings.image_ref("postgres"),
            RESOURCES,
            mounts=[backups],
            command=["sh", "-c", DRILL_SCRIPT],
            env=[k8s.EnvVar(name="DRILL_DIR", value=DRILL_DIR), k8s.EnvVar(name="BACKUP_DIR", value=BACKUP_DIR)],
        )
        volume = k8s.Volume(
            name="backups",
            persistent_volume_claim=k8s.PersistentVolumeClaimVolumeSource(claim_name=BACKUP, read_only=True),
        )
        scheduled_job(
            self,
            component=component,
            schedule=settings.restore_drill_schedule,
            # A failed drill is a finding, not a hiccup: no retry hides it.
            backoff_limit=0,
            pod=pod.spec(
                [drill],
                init_containers=init,
                restart_policy="Never",
                volumes=[volume, *repository_volumes(settings)[0]],
            ),
        )
