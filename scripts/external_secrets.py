"""SECRETS_SOURCE=external-secrets on the cluster: the deploy preflight's checks, and what `make secret` says.

dist/'s ExternalSecrets are only as good as the operator and the store behind them: without the
CRD the apply fails halfway (everything before them applied), and with a missing or unready store
the operator never writes the Secrets, so the new pods wait in CreateContainerConfigError until
the rollout times out. Both are checked before anything is applied.
"""

from __future__ import annotations

from typing import Any

from model.external_secrets import GROUP_VERSION
from model.settings import Settings
from scripts.kube import Kube, Object, OpsError

CRD = "externalsecrets.external-secrets.io"
GROUP, VERSION = GROUP_VERSION.split("/")
INSTALL = (
    "install the External Secrets Operator (helm install external-secrets "
    "oci://ghcr.io/external-secrets/charts/external-secrets -n external-secrets --create-namespace)"
)


def store_where(settings: Settings) -> str:
    """The store as kubectl and the messages name it: `ClusterSecretStore vault`, `SecretStore ns/aws`."""
    name = settings.external_secrets_store
    if settings.external_secrets_store_kind == "SecretStore":
        return f"SecretStore {settings.namespace}/{name}"
    return f"ClusterSecretStore {name}"


def check_crd(kube: Kube) -> str:
    try:
        crd = kube.get_one("default", f"customresourcedefinition.apiextensions.k8s.io/{CRD}")
    except OpsError as error:
        raise OpsError(f"cannot read CRD {CRD} ({error}): check your access to the cluster") from None
    if crd is None:
        raise OpsError(
            f"no CRD {CRD}: the External Secrets Operator is not installed; {INSTALL}, "
            "or set SECRETS_SOURCE to env or age"
        )
    served = [v["name"] for v in crd.get("spec", {}).get("versions", []) if v.get("served")]
    if VERSION not in served:
        raise OpsError(
            f"CRD {CRD} serves {', '.join(served) or 'no version'}, not {GROUP_VERSION} that dist/ uses: "
            "upgrade the External Secrets Operator (v0.16 or later)"
        )
    return f"CRD {CRD} serves {GROUP_VERSION}"


def ready_condition(store: Object) -> dict[str, Any] | None:
    conditions = (store.get("status") or {}).get("conditions") or []
    return next((c for c in conditions if c.get("type") == "Ready"), None)


def check_store(kube: Kube, settings: Settings) -> str:
    kind, name, where = settings.external_secrets_store_kind, settings.external_secrets_store, store_where(settings)
    resource = f"{kind.lower()}.{GROUP}/{name}"
    try:
        store = kube.get_one(settings.namespace, resource)
    except OpsError as error:
        raise OpsError(f"cannot read {where} ({error}): is the External Secrets Operator installed?") from None
    if store is None:
        raise OpsError(
            f"no {where} (EXTERNAL_SECRETS_STORE): create it (docs/secrets.md has Vault and AWS examples), "
            f"or set EXTERNAL_SECRETS_STORE to one that `kubectl get {kind.lower()}s` lists"
        )
    ready = ready_condition(store)
    if ready is None or ready.get("status") != "True":
        detail = f"{ready.get('reason', '')}: {ready.get('message', '')}".strip(": ") if ready else "no Ready condition"
        namespace = f"-n {settings.namespace} " if kind == "SecretStore" else ""
        raise OpsError(
            f"{where} is not Ready ({detail}): fix its provider or credentials "
            f"(`kubectl {namespace}describe {kind.lower()} {name}`), then deploy again"
        )
    return f"{where} exists and is Ready"


def checks(kube: Kube, settings: Settings) -> list[tuple[str, Any]]:
    """(what it proves, the check) pairs for scripts/preflight.py, CRD first: without it no store can exist."""
    return [
        (f"preflight: CRD {CRD} exists and serves {GROUP_VERSION}", lambda: check_crd(kube)),
        (f"preflight: {store_where(settings)} exists and is Ready", lambda: check_store(kube, settings)),
    ]


def secret_note(settings: Settings) -> str:
    """What `make secret` does in this mode: nothing secret-valued is applied from here."""
    return (
        f"secret: SECRETS_SOURCE=external-secrets: the values come from {store_where(settings)}; the "
        "ExternalSecrets in dist/ (applied by `make deploy`) have the operator write the Secrets, "
        "so nothing is applied here. After changing a value in the store: `make restart` (docs/secrets.md)"
    )
