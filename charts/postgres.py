"""PostgreSQL (POSTGRES_TAG): a one-replica StatefulSet whose volume outlives redeploys, deletes and scale-downs."""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch, int_or_string, quantity, secret_env
from imports import k8s
from model.dbtools import DATA_CLAIM, pod_ordinal
from model.settings import Settings
from model.topology import POSTGRES, POSTGRES_PORT

DATA_MOUNT = "/var/lib/postgresql/data"
# initdb refuses a non-empty directory, and a volume's root may hold lost+found.
PGDATA = f"{DATA_MOUNT}/pgdata"

# The official image needs a writable socket directory, and parallel queries need a
# /dev/shm larger than a container's default 64 MiB.
SCRATCH = {
    "run": Scratch("/var/run/postgresql", size="16Mi"),
    "tmp": Scratch("/tmp"),
    "shm": Scratch("/dev/shm", memory=True),
}

# pg_isready over TCP to the pod itself: proves the server accepts connections.
PG_ISREADY = ["sh", "-c", 'exec pg_isready -h 127.0.0.1 -p "$PGPORT" -U "$POSTGRES_USER" -d "$POSTGRES_DB"']


def exec_probe(period: int, failures: int, timeout: int = 5) -> k8s.Probe:
    return k8s.Probe(
        exec=k8s.ExecAction(command=PG_ISREADY),
        period_seconds=period,
        failure_threshold=failures,
        timeout_seconds=timeout,
    )


def connection_env(user: str, database: str, secret: str) -> list[k8s.EnvVar]:
    """libpq's variables, for every client of the database (backup, the exporter's role step);
    the password is POSTGRES_PASSWORD in `secret`."""
    return [
        k8s.EnvVar(name="PGHOST", value=POSTGRES),
        k8s.EnvVar(name="PGPORT", value=str(POSTGRES_PORT)),
        k8s.EnvVar(name="PGUSER", value=user),
        k8s.EnvVar(name="PGDATABASE", value=database),
        secret_env(secret, "POSTGRES_PASSWORD", name="PGPASSWORD"),
    ]


class PostgresChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        self.component = Component(POSTGRES, "database", settings.app_name)
        labels = self.component.labels(settings.postgres_tag)
        pod = RestrictedPod(self, self.component, SCRATCH, image_pull_secret=settings.image_pull_secret)
        port = k8s.ContainerPort(name="postgres", container_port=POSTGRES_PORT, protocol="TCP")
        service_port = k8s.ServicePort(name="postgres", port=POSTGRES_PORT, target_port=int_or_string("postgres"))
        # The StatefulSet's governing (headless) Service gives the pod a stable DNS name.
        headless = k8s.KubeService(
            self,
            "headless",
            metadata=k8s.ObjectMeta(name=f"{POSTGRES}-headless", labels=self.component.labels()),
            spec=k8s.ServiceSpec(
                cluster_ip="None",
                publish_not_ready_addresses=True,
                selector=self.component.selector,
                ports=[service_port],
            ),
        )
        # Clients use this one: it only routes to a ready server.
        self.service = k8s.KubeService(
            self,
            "service",
            metadata=k8s.ObjectMeta(name=POSTGRES, labels=self.component.labels()),
            spec=k8s.ServiceSpec(type="ClusterIP", selector=self.component.selector, ports=[service_port]),
        )
        container = pod.container(
            POSTGRES,
            settings.image_ref("postgres"),
            settings.resources("postgres"),
            mounts=[k8s.VolumeMount(name=DATA_CLAIM, mount_path=DATA_MOUNT)],
            ports=[port],
            env=[
                k8s.EnvVar(name="POSTGRES_USER", value=settings.postgres_user),
                k8s.EnvVar(name="POSTGRES_DB", value=settings.postgres_db),
                secret_env(settings.secret_name, "POSTGRES_PASSWORD"),
                k8s.EnvVar(name="PGDATA", value=PGDATA),
                k8s.EnvVar(name="PGPORT", value=str(POSTGRES_PORT)),
            ],
            # initdb on an empty volume takes a while on a slow disk: allow 5 minutes.
            startup_probe=exec_probe(period=5, failures=60),
            liveness_probe=exec_probe(period=15, failures=4),
            readiness_probe=exec_probe(period=5, failures=2),
        )
        k8s.KubeStatefulSet(
            self,
            "statefulset",
            metadata=k8s.ObjectMeta(name=POSTGRES, labels=labels),
            spec=k8s.StatefulSetSpec(
                # One primary: a second replica would be a second, diverging database.
                replicas=1,
                # Each PostgreSQL major keeps its data on a volume of its own (model/dbtools.py).
                ordinals=k8s.StatefulSetOrdinals(start=pod_ordinal(settings.postgres_data_major)),
                service_name=headless.name,
                selector=k8s.LabelSelector(match_labels=self.component.selector),
                # Deleting or scaling down the StatefulSet keeps the claim and its data.
                persistent_volume_claim_retention_policy=k8s.StatefulSetPersistentVolumeClaimRetentionPolicy(
                    when_deleted="Retain", when_scaled="Retain"
                ),
                update_strategy=k8s.StatefulSetUpdateStrategy(type="RollingUpdate"),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels=labels),
                    spec=pod.spec(
                        [container],
                        # Time for a clean shutdown (checkpoint) instead of crash recovery.
                        termination_grace_period_seconds=60,
                    ),
                ),
                volume_claim_templates=[
                    k8s.KubePersistentVolumeClaimProps(
                        metadata=k8s.ObjectMeta(name=DATA_CLAIM, labels=self.component.labels()),
                        spec=k8s.PersistentVolumeClaimSpec(
                            access_modes=["ReadWriteOnce"],
                            storage_class_name=settings.storage_class,
                            resources=k8s.VolumeResourceRequirements(
                                requests={"storage": quantity(settings.postgres_storage_size)}
                            ),
                        ),
                    )
                ],
            ),
        )
