"""The restic container the backup Job and the restore drill share (model/restic.py has its scripts).

Restricted like every container (charts/base.py): the official image's restic runs as the
pod's uid with a read-only root; its cache lives in an emptyDir (RESTIC_CACHE_DIR), and
RESTIC_PASSWORD and the backend's credentials come from the reader's Secret revision.
"""

from __future__ import annotations

from collections.abc import Sequence

from charts.base import RestrictedPod, Scratch, secret_env
from imports import k8s
from model.dbtools import BACKUP_DIR
from model.restic import CACHE_DIR, CREDENTIALS, scheme
from model.settings import Resources, Settings

# restic holds the repository's index in memory; a few hundred MiB covers a repository of
# many GiB, far beyond this app's dumps.
RESOURCES = Resources(cpu_request="50m", cpu_limit="1", memory_request="64Mi", memory_limit="512Mi")
CACHE = "restic-cache"
REPOSITORY_VOLUME = "repository"


def cache_scratch() -> dict[str, Scratch]:
    return {CACHE: Scratch(CACHE_DIR, size="1Gi")}


def restic_env(settings: Settings, secret: str) -> list[k8s.EnvVar]:
    """restic's environment; its password and credentials from the reader's Secret `secret`."""
    repository = settings.backup_repository
    assert repository, "only with BACKUP_REPOSITORY"
    return [
        k8s.EnvVar(name="RESTIC_REPOSITORY", value=repository),
        secret_env(secret, "RESTIC_PASSWORD"),
        *(secret_env(secret, key) for key in CREDENTIALS[scheme(repository)]),
        k8s.EnvVar(name="RESTIC_CACHE_DIR", value=CACHE_DIR),
        # Snapshots are this app's whatever pod took them (pod names change every run).
        k8s.EnvVar(name="BACKUP_HOST", value=settings.app_name),
        k8s.EnvVar(name="BACKUP_DIR", value=BACKUP_DIR),
    ]


def repository_volumes(settings: Settings) -> tuple[list[k8s.Volume], list[k8s.VolumeMount]]:
    """A path repository is a directory of the node (an external disk, an NFS mount), mounted as
    it is named. hostPath is outside Pod Security "restricted": prefer a network repository."""
    repository = settings.backup_repository
    if not repository or scheme(repository):
        return [], []
    volume = k8s.Volume(
        name=REPOSITORY_VOLUME, host_path=k8s.HostPathVolumeSource(path=repository, type="DirectoryOrCreate")
    )
    return [volume], [k8s.VolumeMount(name=REPOSITORY_VOLUME, mount_path=repository)]


def restic_container(
    pod: RestrictedPod,
    name: str,
    settings: Settings,
    secret: str,
    script: str,
    *,
    args: Sequence[str] = (),
    mounts: Sequence[k8s.VolumeMount] = (),
    env: Sequence[k8s.EnvVar] = (),
) -> k8s.Container:
    _, repository_mounts = repository_volumes(settings)
    return pod.container(
        name,
        settings.image_ref("restic"),
        RESOURCES,
        mounts=[*mounts, *repository_mounts],
        # The image's entrypoint is restic itself; the scripts run in its busybox sh.
        command=["sh", "-c", script, name, *args],
        env=[*restic_env(settings, secret), *env],
    )
