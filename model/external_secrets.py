"""SECRETS_SOURCE=external-secrets: the External Secrets Operator copies the secrets from a store.

The values live in Vault, AWS Secrets Manager, … and never pass through this app: dist/ holds an
ExternalSecret per Secret (charts/external_secrets.py), and the operator fetches each variable
from the store named here. So none is required in .env, and a plaintext copy there is refused:
two places for one secret would disagree sooner or later (as with age).

Remote keys: a variable is fetched from EXTERNAL_SECRETS_PREFIX + its name, or from what
EXTERNAL_SECRETS_KEYS maps it to (`VAR=key` or `VAR=key#property`, the property being a field
of a JSON or KV secret). The operator fails an ExternalSecret whose remote key is missing, so
each Secret asks only for what this configuration needs, plus the variables EXTERNAL_SECRETS_KEYS
names (the optional ones: sign-in providers, AI keys, restic's rest: credentials).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, SecretStr, create_model

from model.restic import CREDENTIALS, scheme
from model.secrets_source import plaintext_problems
from model.validators import SecretName

EXTERNAL = "external-secrets"
GROUP_VERSION = "external-secrets.io/v1"
M = TypeVar("M", bound=BaseModel)
_ENTRY = re.compile(r"^(?P<var>[A-Z][A-Z0-9_]*)(?:=(?P<key>[^#=\s]+)(?:#(?P<property>[^#=\s]+))?)?$")
# Go's time.Duration, as the CRD's refreshInterval takes it ("0" turns refreshing off).
_DURATION = re.compile(r"^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$")


def _entries(text: str) -> str:
    bad = [entry for entry in text.split(",") if entry and not _ENTRY.match(entry.strip())]
    if bad:
        raise ValueError(f"{bad[0]!r} is not VAR, VAR=remote-key or VAR=remote-key#property (comma-separated)")
    return text


def _duration(text: str) -> str:
    if not _DURATION.match(text):
        raise ValueError("is not a duration such as 1h, 15m or 90s (0: never refresh)")
    return text


class ExternalSecretsSettings(BaseModel):
    # --- SECRETS_SOURCE=external-secrets (docs/secrets.md) ---
    external_secrets_store_kind: Literal["ClusterSecretStore", "SecretStore"] = "ClusterSecretStore"
    external_secrets_store: SecretName | None = None
    external_secrets_prefix: str = ""
    external_secrets_keys: Annotated[str, AfterValidator(_entries)] = ""
    external_secrets_refresh: Annotated[str, AfterValidator(_duration)] = "1h"

    def remote_map(self) -> dict[str, RemoteRef]:
        """The variables EXTERNAL_SECRETS_KEYS names, with where each is in the store."""
        refs = {}
        for entry in filter(None, (e.strip() for e in self.external_secrets_keys.split(","))):
            found = _ENTRY.match(entry)
            assert found, "the validator admits only entries that match"
            key = found["key"] or self.external_secrets_prefix + found["var"]
            refs[found["var"]] = RemoteRef(key, found["property"])
        return refs

    def remote_ref(self, variable: str) -> RemoteRef:
        return self.remote_map().get(variable) or RemoteRef(self.external_secrets_prefix + variable)


@dataclass(frozen=True)
class RemoteRef:
    key: str
    property: str | None = None

    def __str__(self) -> str:
        return f"{self.key}#{self.property}" if self.property else self.key


def needed_keys(settings: Any) -> tuple[str, ...]:
    """The secrets this configuration reads: the required ones, plus those EXTERNAL_SECRETS_KEYS names."""
    needed = ["POSTGRES_PASSWORD", "SECRET_KEY"]
    if settings.monitoring != "none":
        needed.append("POSTGRES_EXPORTER_PASSWORD")
    if settings.backup_repository:
        needed += ["RESTIC_PASSWORD", *CREDENTIALS[scheme(settings.backup_repository)]]
    return tuple(dict.fromkeys([*needed, *settings.remote_map()]))


def relaxed(settings_class: type[M], secret_keys: tuple[str, ...]) -> type[M]:
    """The settings with every secret optional and unchecked: the store holds them, not .env.
    A subclass, so it is the settings everywhere; its secret_values() are empty."""
    fields: dict[str, Any] = {key.lower(): (SecretStr | None, None) for key in secret_keys}
    return create_model("ExternalSecretsModeSettings", __base__=settings_class, **fields)


def external_problems(
    values: Mapping[str, str | None],
    file_values: Mapping[str, str | None],
    environ: Mapping[str, str],
    env_name: str,
    secret_keys: tuple[str, ...],
) -> list[str]:
    """What this mode refuses before validation: no store, plaintext copies, unknown variables."""
    problems = plaintext_problems(file_values, environ, env_name, secret_keys, source=EXTERNAL)
    if not values.get("EXTERNAL_SECRETS_STORE"):
        problems.append(
            "EXTERNAL_SECRETS_STORE is required with SECRETS_SOURCE=external-secrets: the name of the "
            "ClusterSecretStore (or SecretStore, EXTERNAL_SECRETS_STORE_KIND) that holds the secrets"
        )
    entries = (values.get("EXTERNAL_SECRETS_KEYS") or "").split(",")
    unknown = [m["var"] for e in entries if (m := _ENTRY.match(e.strip())) and m["var"] not in secret_keys]
    if unknown:
        problems.append(
            f"EXTERNAL_SECRETS_KEYS names {', '.join(unknown)}, not a secret setting: "
            "list only the [secret] variables of .env.example"
        )
    return problems
