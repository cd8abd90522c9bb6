"""Building blocks every chart shares: the chart base, labels, and the restricted pod shape.

A security or probe fix made here lands in every workload at once.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cdk8s import Chart
from constructs import Construct

from imports import k8s
from model.revisions import KEEP, REVISION_OF, revision_name
from model.settings import Resources, Settings


# Each Quantity or IntOrString is a jsii round trip to Node; equal values are one immutable
# value object there, so each distinct value is made once per synth process.
@functools.cache
def quantity(value: str) -> k8s.Quantity:
    return k8s.Quantity.from_string(value)


@functools.cache
def int_or_string(value: int | str) -> k8s.IntOrString:
    return k8s.IntOrString.from_number(value) if isinstance(value, int) else k8s.IntOrString.from_string(value)


# Every pod runs as this uid/gid. The images' own users (backend 1000, frontend 1001,
# postgres 70) are below 10000, which checkov (CKV_K8S_40) and host-uid overlap
# advice reject; all three images run as any uid that can read the app (and, for
# postgres, owns PGDATA, which fsGroup and the entrypoint take care of).
RUN_AS_ID = 10001

MANAGED_BY = "cdk8s"


@dataclass(frozen=True)
class Component:
    """A named part of the app; its labels are derived here once and used by selectors and templates."""

    name: str  # object names, app.kubernetes.io/name
    role: str  # app.kubernetes.io/component
    app_name: str  # app.kubernetes.io/instance and part-of: APP_NAME

    @property
    def selector(self) -> dict[str, str]:
        # Immutable once a Deployment exists: no version or other label that changes.
        return {
            "app.kubernetes.io/name": self.name,
            "app.kubernetes.io/instance": self.app_name,
        }

    def labels(self, version: str | None = None) -> dict[str, str]:
        # part-of on pods too: `kubectl logs -l app.kubernetes.io/part-of=…` finds them all.
        labels = {
            **self.selector,
            "app.kubernetes.io/component": self.role,
            "app.kubernetes.io/part-of": self.app_name,
        }
        if version is not None:
            labels["app.kubernetes.io/version"] = version
        return labels


class AppChart(Chart):
    """A chart of this app: fixed namespace, readable names (no hashes), common labels."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        settings: Settings,
        *,
        namespace: str | None = None,
        cluster_scoped: bool = False,
    ) -> None:
        super().__init__(
            scope,
            id,
            namespace=None if cluster_scoped else namespace or settings.namespace,
            disable_resource_name_hashes=True,
            labels={
                "app.kubernetes.io/part-of": settings.app_name,
                "app.kubernetes.io/managed-by": MANAGED_BY,
            },
        )
        self.settings = settings


@dataclass(frozen=True)
class Scratch:
    """An emptyDir for a path a process writes to under the read-only root filesystem."""

    path: str
    size: str = "256Mi"
    memory: bool = False  # tmpfs: for /dev/shm, whose container default (64 MiB) is too small


class RestrictedPod:
    """The one pod shape every workload runs with (Pod Security "restricted", checkov-clean).

    Owns the component's ServiceAccount (no API token anywhere: no workload talks to the
    API server) and the scratch emptyDirs; `container()` and `spec()` put every container
    and pod of the app in the same shape, so a security fix lands everywhere at once.
    """

    def __init__(
        self,
        scope: Construct,
        component: Component,
        scratch: Mapping[str, Scratch],
        *,
        image_pull_secret: str | None,
    ) -> None:
        self.component = component
        self.scratch = dict(scratch)
        self.image_pull_secret = image_pull_secret
        self.account = k8s.KubeServiceAccount(
            scope,
            "service-account",
            metadata=k8s.ObjectMeta(name=component.name, labels=component.labels()),
            automount_service_account_token=False,
        )

    def container(
        self,
        name: str,
        image: str,
        resources: Resources,
        *,
        mounts: Sequence[k8s.VolumeMount] = (),
        **options: Any,
    ) -> k8s.Container:
        """A container with the restricted security context, the scratch mounts and pinned-tag pulls."""
        if options.get("env") is not None:
            options["env"] = stable_env(options["env"])
        scratch = [k8s.VolumeMount(name=n, mount_path=s.path) for n, s in self.scratch.items()]
        # Sorted, not in code order: a refactoring that moves a mount must not change the pod
        # template (and restart PostgreSQL), as a swap of two mounts once did (issue 19).
        ordered = sorted([*scratch, *mounts], key=lambda m: m.mount_path)
        return k8s.Container(
            name=name,
            image=image,
            # Tags are never reused (`latest` is refused), so a present image is the right one.
            image_pull_policy="IfNotPresent",
            resources=resource_requirements(resources),
            security_context=k8s.SecurityContext(
                allow_privilege_escalation=False,
                privileged=False,
                read_only_root_filesystem=True,
                run_as_non_root=True,
                capabilities=k8s.Capabilities(drop=["ALL"]),
                seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
            ),
            volume_mounts=ordered,
            **options,
        )

    def spec(
        self,
        containers: Sequence[k8s.Container],
        *,
        volumes: Sequence[k8s.Volume] = (),
        **options: Any,
    ) -> k8s.PodSpec:
        scratch = [
            k8s.Volume(
                name=name,
                empty_dir=k8s.EmptyDirVolumeSource(medium="Memory" if s.memory else None, size_limit=quantity(s.size)),
            )
            for name, s in self.scratch.items()
        ]
        ordered = sorted([*scratch, *volumes], key=lambda v: v.name)  # by name, for volume_mounts' reason
        return k8s.PodSpec(
            service_account_name=self.account.name,
            automount_service_account_token=False,
            # Service links would put every Service of the namespace into the environment.
            enable_service_links=False,
            security_context=k8s.PodSecurityContext(
                run_as_non_root=True,
                run_as_user=RUN_AS_ID,
                run_as_group=RUN_AS_ID,
                fs_group=RUN_AS_ID,
                fs_group_change_policy="OnRootMismatch",
                seccomp_profile=k8s.SeccompProfile(type="RuntimeDefault"),
            ),
            containers=list(containers),
            image_pull_secrets=image_pull_secrets(self.image_pull_secret),
            volumes=ordered,
            **options,
        )


def stable_env(env: Sequence[k8s.EnvVar]) -> list[k8s.EnvVar]:
    """The variables by name, so their order follows no code path (see volume_mounts)."""
    referencing = [v.name for v in env if v.value and "$(" in v.value]
    if referencing:
        # Kubernetes expands $(VAR) only from variables listed earlier: sorting could break it.
        raise ValueError(f"env {referencing} reference other variables with $(…); sorting would change them")
    return sorted(env, key=lambda v: v.name)


def resource_requirements(resources: Resources) -> k8s.ResourceRequirements:
    return k8s.ResourceRequirements(
        requests={
            "cpu": quantity(resources.cpu_request),
            "memory": quantity(resources.memory_request),
        },
        limits={
            "cpu": quantity(resources.cpu_limit),
            "memory": quantity(resources.memory_limit),
        },
    )


def secret_env(secret: str, key: str, *, name: str | None = None, optional: bool = False) -> k8s.EnvVar:
    """An environment variable read from `secret`, which `make secret` creates from .env."""
    return k8s.EnvVar(
        name=name or key,
        value_from=k8s.EnvVarSource(
            secret_key_ref=k8s.SecretKeySelector(name=secret, key=key, optional=optional or None)
        ),
    )


def config_revision(
    scope: Construct, id: str, component: Component, purpose: str, data: Mapping[str, str], *, keep: int
) -> k8s.KubeConfigMap:
    """An immutable ConfigMap named by its data, read by `component`'s pods (model/revisions.py).

    `keep` is the reading workload's revisionHistoryLimit: the deploy keeps that many of
    its revisions, so each ReplicaSet the history holds still finds its configuration.
    """
    return k8s.KubeConfigMap(
        scope,
        id,
        metadata=k8s.ObjectMeta(
            name=revision_name(f"{component.name}-{purpose}", data),
            labels={**component.labels(), REVISION_OF: component.name},
            annotations={KEEP: str(keep)},
        ),
        data=dict(data),
        immutable=True,
    )


def image_pull_secrets(name: str | None) -> list[k8s.LocalObjectReference] | None:
    """IMAGE_PULL_SECRET on every pod spec, when set: the credentials for a private REGISTRY."""
    if name is None:
        return None
    return [k8s.LocalObjectReference(name=name)]
