"""The Next.js frontend: Deployment + Service running the standalone server."""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, RestrictedPod, Scratch
from charts.workload import Probes, WebWorkload
from imports import k8s
from model.frontend_contract import FRONTEND_CONTRACT
from model.settings import Settings
from model.topology import FRONTEND, FRONTEND_PORT

HEALTH = FRONTEND_CONTRACT.health_path
PROBES = Probes(startup=HEALTH, liveness=HEALTH, readiness=HEALTH)
# The standalone server writes its image and fetch cache under .next/cache.
APP_DIR = "/app"
SCRATCH = {"tmp": Scratch("/tmp"), "next-cache": Scratch(f"{APP_DIR}/.next/cache")}
REVISION_HISTORY = 5
# In a pod the server listens on every address: the kubelet probes the pod's IP.
POD_HOSTNAME = "0.0.0.0"


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
            env=[k8s.EnvVar(name=name, value=value) for name, value in server_env(settings).items()],
            drain_seconds=FRONTEND_CONTRACT.drain_seconds,
            pod=pod,
        )


def server_env(settings: Settings) -> dict[str, str]:
    """The contract's environment, NODE_ENV first and from the setting."""
    env = FRONTEND_CONTRACT.server_env(POD_HOSTNAME)
    if settings.trusted_proxy_list:
        env[FRONTEND_CONTRACT.trusted_proxies_var] = ",".join(settings.trusted_proxy_list)
    return {"NODE_ENV": settings.node_env} | {name: value for name, value in env.items() if name != "NODE_ENV"}
