"""SECRETS_SOURCE=external-secrets: the settings it needs and refuses, and the ExternalSecrets dist/ gets,
validated against the operator's own CRD (imports/crds/external-secrets.io_externalsecrets.yaml)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, DIGEST_KEY, SECRETS, Manifests, find, pod_specs
from test_schemas import crd_validators

from model.settings import SECRET_KEYS, SettingsError, load_settings
from scripts.kube import OpsError
from scripts.ops import Ops
from scripts.rotate import source_for

pytestmark = pytest.mark.slow  # synths of its own: `make test` runs it, not `make test-manifests`

NO_SECRETS = {key: "" for key in SECRET_KEYS}
EXTERNAL = {"SECRETS_SOURCE": "external-secrets", "EXTERNAL_SECRETS_STORE": "vault", **NO_SECRETS}
ES = ("external-secrets.io/v1", "ExternalSecret")


@pytest.fixture(scope="module")
def external(tmp_path_factory: pytest.TempPathFactory) -> Manifests:
    from conftest import synth_to

    return synth_to(
        tmp_path_factory.mktemp("external") / "dist",
        **EXTERNAL,
        EXTERNAL_SECRETS_PREFIX="yoshikosan/",
        EXTERNAL_SECRETS_KEYS="GOOGLE_CLIENT_ID=oauth/google#client_id,HUME_AI_API_KEY",
        EXTERNAL_SECRETS_REFRESH="15m",
        MONITORING="annotations",
        BACKUP_REPOSITORY="s3:s3.example.com/bucket",
    )


def docs_of(manifests: Manifests) -> list[dict[str, Any]]:
    return [d for docs in manifests.values() for d in docs]


def secret_refs(pod_spec: dict[str, Any]) -> dict[str, set[str]]:
    """Secret name -> the keys the pod's containers read from it."""
    refs: dict[str, set[str]] = {}
    for container in pod_spec["containers"] + pod_spec.get("initContainers", []):
        for env in container.get("env", []):
            ref = (env.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                refs.setdefault(ref["name"], set()).add(ref["key"])
    return refs


def test_the_secrets_are_not_read_from_env_and_a_store_is_required() -> None:
    settings = load_settings({**BASE_ENV, **EXTERNAL}, env_file=None)
    assert settings.secret_values() == {}
    assert settings.secrets_digest_key is not None  # a local setting in every mode
    with pytest.raises(SettingsError) as error:
        load_settings({**BASE_ENV, **EXTERNAL, "EXTERNAL_SECRETS_STORE": ""}, env_file=None)
    assert error.value.problems == [
        "EXTERNAL_SECRETS_STORE is required with SECRETS_SOURCE=external-secrets: the name of the "
        "ClusterSecretStore (or SecretStore, EXTERNAL_SECRETS_STORE_KIND) that holds the secrets"
    ]
    with pytest.raises(SettingsError, match="SECRETS_SOURCE"):
        load_settings({**BASE_ENV, "SECRETS_SOURCE": "vault"}, env_file=None)


def test_plaintext_copies_are_refused_by_name_never_by_value(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"SECRET_KEY={SECRETS['SECRET_KEY']}\nSECRETS_DIGEST_KEY={DIGEST_KEY}\n")
    environ = {k: v for k, v in {**BASE_ENV, **EXTERNAL}.items() if k not in ("SECRET_KEY", "SECRETS_DIGEST_KEY")}
    with pytest.raises(SettingsError) as error:
        load_settings({**environ, "POSTGRES_PASSWORD": SECRETS["POSTGRES_PASSWORD"]}, env_file)
    report = error.value.report()
    assert "SECRETS_SOURCE=external-secrets, yet .env still holds SECRET_KEY in plain text" in report
    assert "the environment sets POSTGRES_PASSWORD in plain text: unset them" in report
    assert SECRETS["SECRET_KEY"] not in report and SECRETS["POSTGRES_PASSWORD"] not in report


@pytest.mark.parametrize(
    ("setting", "value", "problem"),
    [
        ("EXTERNAL_SECRETS_KEYS", "SECRET_KEY=a b", "is not VAR, VAR=remote-key or VAR=remote-key#property"),
        ("EXTERNAL_SECRETS_KEYS", "DOMAIN=app/domain", "EXTERNAL_SECRETS_KEYS names DOMAIN, not a secret setting"),
        ("EXTERNAL_SECRETS_REFRESH", "hourly", "is not a duration such as 1h"),
        ("EXTERNAL_SECRETS_STORE_KIND", "Vault", "EXTERNAL_SECRETS_STORE_KIND"),
    ],
)
def test_bad_external_secrets_settings_are_refused(setting: str, value: str, problem: str) -> None:
    with pytest.raises(SettingsError, match=problem):
        load_settings({**BASE_ENV, **EXTERNAL, setting: value}, env_file=None)


def test_every_secret_a_pod_reads_is_filled_by_an_external_secret(external: Manifests) -> None:
    docs = docs_of(external)
    targets = {d["spec"]["target"]["name"]: d for d in find(docs, "ExternalSecret")}
    read: dict[str, set[str]] = {}
    for spec in pod_specs(docs).values():
        for name, keys in secret_refs(spec).items():
            read.setdefault(name, set()).update(keys)
    assert set(read) == set(targets) == {
        "yoshikosan-secrets", "backend-secrets", "backup-secrets", "restore-drill-secrets", "postgres-exporter-secrets"
    }  # fmt: skip
    for name, keys in read.items():
        fetched = {entry["secretKey"] for entry in targets[name]["spec"]["data"]}
        # An optional key a pod may read (optional: true) is fetched only when asked for.
        assert fetched <= set(SECRET_KEYS), name
        assert {"POSTGRES_PASSWORD"} & keys <= fetched, name
    backend = {e["secretKey"]: e["remoteRef"] for e in targets["backend-secrets"]["spec"]["data"]}
    assert backend == {
        "POSTGRES_PASSWORD": {"key": "yoshikosan/POSTGRES_PASSWORD"},
        "SECRET_KEY": {"key": "yoshikosan/SECRET_KEY"},
        "GOOGLE_CLIENT_ID": {"key": "oauth/google", "property": "client_id"},
        "HUME_AI_API_KEY": {"key": "yoshikosan/HUME_AI_API_KEY"},
    }
    backup = {e["secretKey"] for e in targets["backup-secrets"]["spec"]["data"]}
    assert backup == {"POSTGRES_PASSWORD", "RESTIC_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
    for doc in targets.values():
        assert doc["spec"]["refreshInterval"] == "15m"
        assert doc["spec"]["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": "vault"}
    assert not find(docs, "Secret"), "no value, and no Secret, is in dist/"


def test_the_external_secrets_validate_against_the_operators_crd(external: Manifests) -> None:
    validator = crd_validators()[ES]
    custom = find(docs_of(external), "ExternalSecret")
    assert {d["apiVersion"] for d in custom} == {ES[0]}
    for doc in custom:
        errors = list(validator.iter_errors(doc))
        assert not errors, f"{doc['metadata']['name']}: {errors[0].message}"
    typo = copy.deepcopy(custom[0])
    typo["spec"]["secretStoreRef"]["kind"] = "VaultStore"
    assert list(validator.iter_errors(typo))
    typo = copy.deepcopy(custom[0])
    typo["spec"]["data"][0]["remoteRef"]["keyy"] = "x"
    assert list(validator.iter_errors(typo))


def test_a_secret_store_in_the_namespace_is_named_as_such(synth: Any) -> None:
    docs = docs_of(synth(**EXTERNAL, EXTERNAL_SECRETS_STORE_KIND="SecretStore"))
    stores = {tuple(d["spec"]["secretStoreRef"].values()) for d in find(docs, "ExternalSecret")}
    assert stores == {("SecretStore", "vault")}
    # Without MONITORING and BACKUP_REPOSITORY: no exporter, and the drill reads no Secret.
    assert {d["metadata"]["name"] for d in find(docs, "ExternalSecret")} == {
        "yoshikosan-secrets", "backend-secrets", "backup-secrets"
    }  # fmt: skip


def test_make_secret_applies_nothing_and_names_the_store() -> None:
    settings = load_settings({**BASE_ENV, **EXTERNAL}, env_file=None)
    actions = Ops(settings, dist=Path("/nonexistent")).secret(preflight=False)
    rendered = "\n".join(action.render() for action in actions)
    assert "the values come from ClusterSecretStore vault" in rendered
    assert "kubectl" not in rendered, "nothing is applied"


def test_rotation_refuses_and_names_the_remote_key_to_change() -> None:
    settings = load_settings(
        {**BASE_ENV, **EXTERNAL, "EXTERNAL_SECRETS_KEYS": "POSTGRES_PASSWORD=db/app#password"}, env_file=None
    )
    with pytest.raises(OpsError) as error:
        source_for(settings, {}, "POSTGRES_PASSWORD")
    message = str(error.value)
    assert "(ClusterSecretStore vault)" in message
    assert "change POSTGRES_PASSWORD at remote key db/app#password there (and the role's password" in message
    with pytest.raises(OpsError, match="change SECRET_KEY at remote key SECRET_KEY there, then `make restart`"):
        source_for(settings, {}, "SECRET_KEY")
