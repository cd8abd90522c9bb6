"""The FastAPI backend: Deployment + Service, its ConfigMap, and the init steps that prepare the database."""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch, config_revision, secret_env
from charts.routing import backend_transport_annotation
from charts.workload import Probes, WebWorkload
from imports import k8s
from model.backend_contract import BACKEND_CONTRACT as RUN
from model.backend_env import backend_config
from model.monitoring import BACKEND_METRICS_PORT, METRICS_PORT_NAME, scrape_annotations
from model.secret_revisions import SECRET_READERS, secret_revision
from model.settings import Settings
from model.topology import BACKEND, BACKEND_PORT, POSTGRES, POSTGRES_PORT

# The backend needs these secrets; the others (OAuth, AI keys) are optional features.
REQUIRED_SECRETS = ("POSTGRES_PASSWORD", "SECRET_KEY")
# Readiness is the backend's own state only, never the shared database: with the database
# in readiness, a database restart took every replica out of the gateway (backend/README.md).
PROBES = Probes(startup=RUN.liveness_path, liveness=RUN.liveness_path, readiness=RUN.readiness_path)
SCRATCH = {"tmp": Scratch("/tmp")}
# Old ReplicaSets `make rollback` can return to; their ConfigMaps are kept as long.
REVISION_HISTORY = 5


class BackendChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        component = Component(BACKEND, "api", settings.app_name)
        # Traefik reaches the pod from the pod network; the metrics port is one no Ingress
        # routes (NetworkPolicy: the scraper only).
        config = backend_config(
            settings,
            postgres_host=POSTGRES,
            postgres_port=POSTGRES_PORT,
            gateway_network=settings.cluster_cidr,
            metrics_port=BACKEND_METRICS_PORT,
        )
        config_map = config_revision(self, "config", component, "config", config, keep=REVISION_HISTORY)
        env_from = [k8s.EnvFromSource(config_map_ref=k8s.ConfigMapEnvSource(name=config_map.name))]
        secret = secret_revision(settings, BACKEND).name
        secrets = [secret_env(secret, key, optional=key not in REQUIRED_SECRETS) for key in SECRET_READERS[BACKEND]]
        image = settings.image_ref("backend")
        resources = settings.resources("backend")

        pod = RestrictedPod(self, component, SCRATCH, image_pull_secret=settings.image_pull_secret)

        def init_step(name: str, argv: tuple[str, ...]) -> k8s.Container:
            # Same image, settings and restrictions as the server; runs before it on every start.
            return pod.container(name, image, resources, command=["python", *argv], env_from=env_from, env=secrets)

        self.workload = WebWorkload(
            self,
            "backend",
            component=component,
            image=image,
            version=settings.backend_tag,
            port=BACKEND_PORT,
            replicas=settings.backend_replicas,
            revision_history_limit=REVISION_HISTORY,
            resources=resources,
            probes=PROBES,
            env=secrets,
            env_from=env_from,
            command=["python", *RUN.serve],
            drain_seconds=RUN.drain_seconds,
            pod=pod,
            # Migrations run here, not in a Job: a Job's pod template is immutable, so a
            # changed one cannot be re-applied. Two replicas starting at once are safe:
            # `prestart` migrates under a PostgreSQL advisory lock.
            init_containers=[init_step("prestart", RUN.prestart)],
            extra_ports=[
                k8s.ContainerPort(name=METRICS_PORT_NAME, container_port=BACKEND_METRICS_PORT, protocol="TCP")
            ],
            pod_annotations=scrape_annotations(settings.monitoring, BACKEND_METRICS_PORT),
        )
        for key, value in backend_transport_annotation(settings.namespace).items():
            self.workload.service.metadata.add_annotation(key, value)
