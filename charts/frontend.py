"""The Next.js frontend: Deployment + Service running the standalone server."""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart, Component, Scratch
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
# In a pod the server listens on every address: the kubelet probes the pod's IP.
POD_HOSTNAME = "0.0.0.0"


class FrontendChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        self.workload = WebWorkload(
            self,
            "frontend",
            component=Component(FRONTEND, "web", settings),
            image=settings.image_ref("frontend"),
            version=settings.frontend_tag,
            port=FRONTEND_PORT,
            replicas=settings.frontend_replicas,
            resources=settings.resources("frontend"),
            probes=PROBES,
            env=[k8s.EnvVar(name=name, value=value) for name, value in server_env(settings).items()],
            scratch=SCRATCH,
            drain_seconds=FRONTEND_CONTRACT.drain_seconds,
        )


def server_env(settings: Settings) -> dict[str, str]:
    """The contract's environment, NODE_ENV first and from the setting."""
    env = FRONTEND_CONTRACT.server_env(POD_HOSTNAME)
    return {"NODE_ENV": settings.node_env} | {name: value for name, value in env.items() if name != "NODE_ENV"}
