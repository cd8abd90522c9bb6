"""What everything else lives in: the Namespace (Pod Security "restricted") and the Retain StorageClass."""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart
from imports import k8s
from model.k3s import LOCAL_PATH_PROVISIONER, RETAIN_STORAGE_CLASS
from model.settings import Settings


class FoundationChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings, cluster_scoped=True)
        pss = {f"pod-security.kubernetes.io/{mode}": "restricted" for mode in ("enforce", "audit", "warn")}
        pss["pod-security.kubernetes.io/enforce-version"] = "latest"
        k8s.KubeNamespace(self, "namespace", metadata=k8s.ObjectMeta(name=settings.namespace, labels=pss))
        # Created only when STORAGE_CLASS is left at its default, the class this app owns.
        if settings.storage_class == RETAIN_STORAGE_CLASS:
            k8s.KubeStorageClass(
                self,
                "storage-class",
                metadata=k8s.ObjectMeta(name=RETAIN_STORAGE_CLASS),
                provisioner=LOCAL_PATH_PROVISIONER,
                reclaim_policy="Retain",
                # Bind where the pod lands, not where the claim was made.
                volume_binding_mode="WaitForFirstConsumer",
                allow_volume_expansion=False,
            )
