"""What the synthesized manifests in dist/ declare, read by ops instead of being restated by hand.

The kinds `deploy` may prune and `down` deletes, the workloads it waits for, the file that
creates the namespace and the Traefik HelmChartConfig all come from the documents themselves,
so a kind or workload added to a chart is covered without touching ops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from model.revisions import REVISION_OF
from scripts.kube import Object, OpsError

# Never pruned or deleted by deploy and down: the data (PersistentVolumeClaims), the
# credentials `make secret` manages, and what everything lives in. Cluster-scoped
# objects and those outside the app's namespace (kube-system's HelmChartConfig) are
# excluded by namespace, so a name here is only needed for namespaced kinds.
NEVER_DELETED = frozenset({"PersistentVolumeClaim", "Secret", "Namespace"})
WORKLOAD_KINDS = ("StatefulSet", "Deployment")  # the kinds with a rollout to wait for
HELM_CHART_CONFIG = "HelmChartConfig"


@dataclass(frozen=True)
class Kind:
    """An API kind as kubectl's --prune-allowlist (group/version/Kind) and delete (kind.group) spell it."""

    api_version: str
    kind: str

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    @property
    def allowlist(self) -> str:
        return f"{self.group or 'core'}/{self.api_version.rpartition('/')[2]}/{self.kind}"

    @property
    def resource(self) -> str:
        return f"{self.kind.lower()}.{self.group}" if self.group else self.kind.lower()

    @classmethod
    def parse_allowlist(cls, text: str) -> Kind:
        group, version, kind = text.split("/")
        return cls(version if group == "core" else f"{group}/{version}", kind)


@dataclass(frozen=True)
class Dist:
    path: Path
    files: tuple[tuple[Path, tuple[Object, ...]], ...]

    @classmethod
    def load(cls, path: Path) -> Dist:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else []
        if not files:
            raise OpsError(f"{path} holds no manifests: run `make synth` first")
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: 10x faster
        return cls(path, tuple((f, tuple(d for d in yaml.load_all(f.read_text(), Loader=loader) if d)) for f in files))

    @property
    def docs(self) -> list[Object]:
        return [doc for _, docs in self.files for doc in docs]

    def namespaced(self, namespace: str) -> list[Object]:
        return [d for d in self.docs if d["metadata"].get("namespace") == namespace]

    def app_kinds(self, namespace: str) -> list[Kind]:
        """The kinds of the app's own objects that deploy may prune and down deletes."""
        kinds = {Kind(d["apiVersion"], d["kind"]) for d in self.namespaced(namespace)}
        return sorted((k for k in kinds if k.kind not in NEVER_DELETED), key=lambda k: k.allowlist)

    def revisions(self, namespace: str) -> list[Object]:
        """The configuration revisions (model/revisions.py): applied apart, never pruned."""
        return [d for d in self.namespaced(namespace) if REVISION_OF in (d["metadata"].get("labels") or {})]

    def workloads(self, namespace: str) -> list[str]:
        """kind/name of each workload, StatefulSets first (the database before the apps that need it)."""
        docs = self.namespaced(namespace)
        return [f"{kind.lower()}/{d['metadata']['name']}" for kind in WORKLOAD_KINDS for d in docs if d["kind"] == kind]

    def namespace_file(self, namespace: str) -> Path:
        """The file that creates the namespace (it must exist before the Secret)."""
        for file, docs in self.files:
            if any(d["kind"] == "Namespace" and d["metadata"]["name"] == namespace for d in docs):
                return file
        raise OpsError(
            f"{self.path} creates no namespace {namespace!r}: it was synthesized from other settings; "
            "run `make synth` again"
        )

    def helm_chart_config(self) -> Object | None:
        """The Traefik HelmChartConfig when dist/ configures k3s's Traefik (INGRESS_CLASS=traefik)."""
        found = [d for d in self.docs if d["kind"] == HELM_CHART_CONFIG]
        return found[0] if found else None
