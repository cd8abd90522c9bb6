"""SECRETS_SOURCE=external-secrets: one ExternalSecret per Secret a pod reads (model/external_secrets.py).

The External Secrets Operator fetches the values from the store and writes the Secret the pod
templates name; the values never pass through this app, dist/ or git. Only in this mode: env and
age render nothing here, so their dist/ is the same as without this chart.
"""

from __future__ import annotations

from constructs import Construct

from charts.base import AppChart
from imports.io.external_secrets import (
    ExternalSecret,
    ExternalSecretSpec,
    ExternalSecretSpecData,
    ExternalSecretSpecDataRemoteRef,
    ExternalSecretSpecSecretStoreRef,
    ExternalSecretSpecSecretStoreRefKind,
    ExternalSecretSpecTarget,
    ExternalSecretSpecTargetCreationPolicy,
)
from model.monitoring import POSTGRES_EXPORTER
from model.secret_revisions import external_keys, secret_revision
from model.settings import Settings
from model.topology import BACKEND, BACKUP, RESTORE_DRILL

OWNER = ExternalSecretSpecTargetCreationPolicy.OWNER
STORE_KINDS = {
    "ClusterSecretStore": ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE,
    "SecretStore": ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
}


def readers(settings: Settings) -> list[str]:
    """The workloads this configuration runs that read a Secret revision."""
    # The drill reads one only for its off-site fetch; the exporter runs only with MONITORING.
    optional = {RESTORE_DRILL: settings.backup_repository is not None, POSTGRES_EXPORTER: settings.monitoring != "none"}
    return [r for r in (BACKEND, BACKUP, RESTORE_DRILL, POSTGRES_EXPORTER) if optional.get(r, True)]


class ExternalSecretsChart(AppChart):
    def __init__(self, scope: Construct, id: str, settings: Settings) -> None:
        super().__init__(scope, id, settings)
        # PostgreSQL's initdb, the restore helpers and pre-revision ReplicaSets read `<APP_NAME>-secrets`.
        targets: list[tuple[str, str | None]] = [(settings.secret_name, None)]
        targets += [(secret_revision(settings, reader).name, reader) for reader in readers(settings)]
        for name, reader in targets:
            self._external_secret(name, external_keys(settings, reader))

    def _external_secret(self, name: str, keys: tuple[str, ...]) -> None:
        settings = self.settings
        assert settings.external_secrets_store, "load_settings requires it in this mode"
        data = []
        for key in keys:
            ref = settings.remote_ref(key)
            data.append(
                ExternalSecretSpecData(
                    secret_key=key, remote_ref=ExternalSecretSpecDataRemoteRef(key=ref.key, property=ref.property)
                )
            )
        ExternalSecret(
            self,
            name,
            metadata={"name": name},
            spec=ExternalSecretSpec(
                refresh_interval=settings.external_secrets_refresh,
                secret_store_ref=ExternalSecretSpecSecretStoreRef(
                    kind=STORE_KINDS[settings.external_secrets_store_kind], name=settings.external_secrets_store
                ),
                # Owner: the Secret goes with its ExternalSecret (`make down`, a reader turned off).
                target=ExternalSecretSpecTarget(name=name, creation_policy=OWNER),
                data=data,
            ),
        )
