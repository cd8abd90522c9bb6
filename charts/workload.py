"""WebWorkload: the hardened Deployment + Service + ServiceAccount (+ PDB) that frontend and backend share."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from constructs import Construct

from charts.base import Component, RestrictedPod, int_or_string
from imports import k8s
from model.rollout import ENDPOINT_PROPAGATION_SECONDS, MAX_SURGE, MAX_UNAVAILABLE, termination_grace_seconds
from model.settings import Resources


@dataclass(frozen=True)
class Probes:
    """HTTP paths of the three probes. Liveness must never depend on another service."""

    startup: str
    liveness: str
    readiness: str


def http_probe(path: str, port_name: str, *, period: int, failures: int, timeout: int = 3) -> k8s.Probe:
    return k8s.Probe(
        http_get=k8s.HttpGetAction(path=path, port=int_or_string(port_name)),
        period_seconds=period,
        failure_threshold=failures,
        timeout_seconds=timeout,
    )


def spread_and_budget(
    scope: Construct, component: Component, replicas: int
) -> list[k8s.TopologySpreadConstraint] | None:
    """With more than one replica: keep one up during drains, and spread them across nodes."""
    if replicas <= 1:
        return None
    k8s.KubePodDisruptionBudget(
        scope,
        "disruption-budget",
        metadata=k8s.ObjectMeta(name=component.name, labels=component.labels()),
        spec=k8s.PodDisruptionBudgetSpec(
            min_available=int_or_string(1),
            selector=k8s.LabelSelector(match_labels=component.selector),
        ),
    )
    return [
        k8s.TopologySpreadConstraint(
            max_skew=1,
            topology_key="kubernetes.io/hostname",
            # ScheduleAnyway: on one node the replicas still run.
            when_unsatisfiable="ScheduleAnyway",
            label_selector=k8s.LabelSelector(match_labels=component.selector),
        )
    ]


class WebWorkload(Construct):
    """A stateless HTTP service: restricted pods, probes, resources, rolling updates, a ClusterIP Service."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        component: Component,
        image: str,
        version: str,
        port: int,
        replicas: int,
        revision_history_limit: int,
        resources: Resources,
        probes: Probes,
        drain_seconds: int,
        env: Sequence[k8s.EnvVar] = (),
        env_from: Sequence[k8s.EnvFromSource] = (),
        init_containers: Sequence[k8s.Container] = (),
        pod_annotations: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
        pod: RestrictedPod,
        extra_ports: Sequence[k8s.ContainerPort] = (),
    ) -> None:
        super().__init__(scope, id)
        self.component = component
        self.port = port
        port_name = "http"
        self.pod = pod
        spread = spread_and_budget(self, component, replicas)
        self.container = self.pod.container(
            component.name,
            image,
            resources,
            command=list(command) if command else None,
            ports=[k8s.ContainerPort(name=port_name, container_port=port, protocol="TCP"), *extra_ports],
            env=list(env) or None,
            env_from=list(env_from) or None,
            # Startup allows 60 s; after that a hung process is restarted within ~30 s,
            # and a pod that cannot serve leaves the Service within ~10 s.
            startup_probe=http_probe(probes.startup, port_name, period=2, failures=30),
            liveness_probe=http_probe(probes.liveness, port_name, period=10, failures=3),
            readiness_probe=http_probe(probes.readiness, port_name, period=5, failures=2),
            # Keep serving until the gateway has seen the endpoint go (model/rollout.py).
            lifecycle=k8s.Lifecycle(
                pre_stop=k8s.LifecycleHandler(sleep=k8s.SleepAction(seconds=ENDPOINT_PROPAGATION_SECONDS))
            ),
        )
        self.deployment = k8s.KubeDeployment(
            self,
            "deployment",
            metadata=k8s.ObjectMeta(name=component.name, labels=component.labels(version)),
            spec=k8s.DeploymentSpec(
                replicas=replicas,
                revision_history_limit=revision_history_limit,
                selector=k8s.LabelSelector(match_labels=component.selector),
                # One extra pod at a time and never fewer ready than asked for: on a
                # small host a rollout costs one pod's resources. With the preStop pause
                # and the drain, no request is lost (measured: docs/measured.md).
                strategy=k8s.DeploymentStrategy(
                    type="RollingUpdate",
                    rolling_update=k8s.RollingUpdateDeployment(
                        max_surge=int_or_string(MAX_SURGE),
                        max_unavailable=int_or_string(MAX_UNAVAILABLE),
                    ),
                ),
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(
                        labels=component.labels(version), annotations=dict(pod_annotations or {}) or None
                    ),
                    spec=self.pod.spec(
                        [self.container],
                        init_containers=list(init_containers) or None,
                        termination_grace_period_seconds=termination_grace_seconds(drain_seconds),
                        topology_spread_constraints=spread,
                    ),
                ),
            ),
        )
        self.service = k8s.KubeService(
            self,
            "service",
            metadata=k8s.ObjectMeta(name=component.name, labels=component.labels()),
            spec=k8s.ServiceSpec(
                type="ClusterIP",
                selector=component.selector,
                ports=[
                    k8s.ServicePort(name=port_name, port=port, target_port=int_or_string(port_name), protocol="TCP")
                ],
            ),
        )

    @property
    def service_name(self) -> str:
        return self.service.name
