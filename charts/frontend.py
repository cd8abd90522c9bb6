"""The Next.js frontend: Deployment + Service running the standalone server."""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch
from charts.workload import Probes, WebWorkload
from imports import k8s
from model.settings import Settings
from model.topology import FRONTEND, FRONTEND_PORT

PROBES = Probes(startup="/healthz", liveness="/healthz", readiness="/healthz")
# The standalone server writes its image and fetch cache under .next/cache.
APP_DIR = "/app"
SCRATCH = {"tmp": Scratch("/tmp"), "next-cache": Scratch(f"{APP_DIR}/.next/cache")}
# On SIGTERM Next's server stops accepting and exits once its pending requests are done
# (next/dist/server/lib/start-server.js); page and asset loads are short, so 10 s bounds
# a stuck one before the kubelet kills it.
DRAIN_SECONDS = 10
REVISION_HISTORY = 5


class FrontendChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        component = Component(FRONTEND, "web", settings.app_name)
        pod = RestrictedPod(self, component, SCRATCH, image_pull_secret=settings.image_pull_secret)
        self.workload = WebWorkload(
            self,
            "frontend",
            component=component,
            image=settings.image_ref("frontend"),
            version=settings.frontend_tag,
            port=FRONTEND_PORT,
            replicas=settings.frontend_replicas,
            revision_history_limit=REVISION_HISTORY,
            resources=settings.resources("frontend"),
            probes=PROBES,
            env=[
                k8s.EnvVar(name="NODE_ENV", value=settings.node_env),
                k8s.EnvVar(name="PORT", value=str(FRONTEND_PORT)),
                k8s.EnvVar(name="HOSTNAME", value="0.0.0.0"),
                k8s.EnvVar(name="NEXT_TELEMETRY_DISABLED", value="1"),
            ],
            drain_seconds=DRAIN_SECONDS,
            pod=pod,
        )
