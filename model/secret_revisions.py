"""Secrets as revisions: each workload reads an immutable Secret of its own, named by its content.

Like the configuration (model/revisions.py), a secret a pod reads is pinned by name in its
pod template, so a changed value rolls exactly the workloads that read it, and a rollback
returns to the Secret the old pods used. Each reader gets only its keys (SECRET_READERS).

The name's digest is keyed: HMAC-SHA256 over the reader's values with SECRETS_DIGEST_KEY,
a random key kept beside the secrets (.env, generated on first use like SECRET_KEY), never
in git, dist/ or the cluster. Chosen over a revision counter kept in the cluster because
dist/ must name the Secret when it is synthesized, offline, and the same settings must
always give the same name (re-deploying changes nothing); and over a plain digest, which
dist/ and git would then hold as an offline guessing target for a short password. Without
the key the name tells nothing about the values; with the same key it changes exactly when
a value does.

PostgreSQL is no reader here: it reads POSTGRES_PASSWORD only when initdb creates the data
directory, after which the password lives in the database and changes with ALTER ROLE. Its
StatefulSet keeps reading the mutable `<APP_NAME>-secrets` (Settings.secret_name), so a
password rotation never restarts the database (issue 19, item 7); that Secret also serves
the ReplicaSets of releases from before revisions.

SECRETS_SOURCE=external-secrets: the values are in the store, unknown when dist/ is written, so
no digest can name them. Each reader then reads a fixed `<reader>-secrets` that its ExternalSecret
keeps filled (charts/external_secrets.py): a store change reaches pods when they restart, and a
rollback returns to the old image and configuration but the store's current secrets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from model.digest import keyed_json_digest
from model.external_secrets import EXTERNAL, needed_keys
from model.logging import FLUENT_BIT
from model.logging_settings import LOGGING_SECRET_KEYS
from model.monitoring import POSTGRES_EXPORTER
from model.offsite_settings import BACKUP_SECRET_KEYS
from model.settings import APP_SECRET_KEYS, Settings
from model.topology import BACKEND, BACKUP, RESTORE_DRILL

# Who reads which secret: the workload's name and the keys of its Secret revision.
SECRET_READERS: dict[str, tuple[str, ...]] = {
    BACKEND: APP_SECRET_KEYS,
    # pg_dump logs in; restic (with BACKUP_REPOSITORY) opens the repository.
    BACKUP: ("POSTGRES_PASSWORD", *BACKUP_SECRET_KEYS),
    # Only the off-site fetch: the drill's PostgreSQL is its own, never the live one.
    RESTORE_DRILL: BACKUP_SECRET_KEYS,
    # Its init step logs in as the owner to (re)set the exporter's role; the exporter uses that role.
    POSTGRES_EXPORTER: ("POSTGRES_PASSWORD", "POSTGRES_EXPORTER_PASSWORD"),
    # LOGGING=elasticsearch: the shipper's basic auth, in LOGGING_NAMESPACE (charts/logging.py).
    FLUENT_BIT.release: LOGGING_SECRET_KEYS,
}


@dataclass(frozen=True)
class SecretRevision:
    reader: str
    name: str
    values: Mapping[str, str] = field(repr=False)


def secret_revision(settings: Settings, reader: str) -> SecretRevision:
    """`reader`'s Secret: its keys that are set, under `<reader>-secrets-<keyed digest>`."""
    if settings.secrets_source == EXTERNAL:
        return SecretRevision(reader, f"{reader}-secrets", {})
    if settings.secrets_digest_key is None:
        raise ValueError("SECRETS_DIGEST_KEY is not set (load_settings requires it)")
    values = {k: v for k, v in settings.secret_values().items() if k in SECRET_READERS[reader]}
    digest = keyed_json_digest(settings.secrets_digest_key.get_secret_value(), values)
    return SecretRevision(reader, f"{reader}-secrets-{digest}", values)


def external_keys(settings: Settings, reader: str | None) -> tuple[str, ...]:
    """The variables `reader`'s ExternalSecret fetches (None: the `<APP_NAME>-secrets` of every one)."""
    return tuple(k for k in needed_keys(settings) if reader is None or k in SECRET_READERS[reader])
