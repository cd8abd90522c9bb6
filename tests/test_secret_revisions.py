"""Secrets as revisions (model/secret_revisions.py): per-reader Secrets named by a keyed digest."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from typing import Any

import pytest
from conftest import BASE_ENV, DIGEST_KEY, SECRETS, Manifests, flat, synth_to, templates

from model.digest import DIGEST_CHARS, json_digest, keyed_json_digest
from model.offsite_settings import BACKUP_SECRET_KEYS
from model.secret_revisions import SECRET_READERS, secret_revision
from model.settings import load_settings
from scripts.revisions import references

pytestmark = pytest.mark.slow  # a synth per secret: `make test` runs it, not `make test-manifests`

MONITORED = {"MONITORING": "annotations"}  # the exporter reads secrets too
READERS = {"Deployment/backend", "CronJob/backup", "Deployment/postgres-exporter"}
# Which workloads read each secret: their pod templates, and only theirs, change with it.
READ_BY = {
    "POSTGRES_PASSWORD": READERS,  # never the database's: it read the password at initdb only
    "SECRET_KEY": {"Deployment/backend"},
    "HUME_AI_API_KEY": {"Deployment/backend"},
    "POSTGRES_EXPORTER_PASSWORD": {"Deployment/postgres-exporter"},
}


def unkeyed_digests(value: str) -> set[str]:
    """What a plain digest of a value could look like in a file: full and shortened hex, base64."""
    data = value.encode()
    found = {base64.b64encode(data).decode()}
    for algorithm in ("md5", "sha1", "sha256", "sha512"):
        hexdigest = hashlib.new(algorithm, data).hexdigest()
        found |= {hexdigest, hexdigest[:DIGEST_CHARS], hexdigest[:8]}
    return found


@pytest.fixture(scope="module")
def dist_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    texts = {}
    for name, knobs in {
        "default": {},
        "monitored": MONITORED,
        "operator": {"MONITORING": "prometheus-operator"},
    }.items():
        out = tmp_path_factory.mktemp(name) / "dist"
        synth_to(out, **knobs)
        texts[name] = "".join(p.read_text() for p in sorted(out.rglob("*")) if p.is_file())
    return texts


def test_no_secret_value_nor_a_plain_digest_of_one_nor_the_key_is_in_dist(dist_texts: dict[str, str]) -> None:
    settings = load_settings(BASE_ENV, env_file=None)
    suspects = {DIGEST_KEY} | unkeyed_digests(DIGEST_KEY)
    for value in SECRETS.values():
        suspects |= {value} | unkeyed_digests(value)
    for reader in SECRET_READERS:  # what the names would be without the key
        values = secret_revision(settings, reader).values
        suspects |= {json_digest(values), json_digest(dict(values))}
    for name, text in dist_texts.items():
        assert "-secrets-" in text, f"{name}: the Secret revisions are named in dist/"
        leaked = sorted(s for s in suspects if s in text)
        assert not leaked, f"{name}: {leaked}"


def test_the_keyed_digest_changes_with_the_value_and_with_the_key() -> None:
    values = {"POSTGRES_PASSWORD": "correct horse"}
    digest = keyed_json_digest(DIGEST_KEY, values)
    assert re.fullmatch(f"[0-9a-f]{{{DIGEST_CHARS}}}", digest)
    assert keyed_json_digest(DIGEST_KEY, dict(values)) == digest, "the same settings, the same name"
    assert keyed_json_digest(DIGEST_KEY, {"POSTGRES_PASSWORD": "correct horse!"}) != digest
    assert keyed_json_digest(DIGEST_KEY + "x", values) != digest
    assert digest != json_digest(values)


def test_each_reader_gets_its_own_keys_only() -> None:
    settings = load_settings(BASE_ENV, env_file=None)
    # pg_dump's login and restic's repository keys; the drill gets restic's only.
    assert set(secret_revision(settings, "backup").values) == {"POSTGRES_PASSWORD", *BACKUP_SECRET_KEYS}
    assert set(secret_revision(settings, "restore-drill").values) == set(BACKUP_SECRET_KEYS)
    assert not set(BACKUP_SECRET_KEYS) & set(secret_revision(settings, "backend").values)
    assert "POSTGRES_EXPORTER_PASSWORD" not in secret_revision(settings, "backend").values
    assert set(secret_revision(settings, "postgres-exporter").values) == {
        "POSTGRES_PASSWORD",
        "POSTGRES_EXPORTER_PASSWORD",
    }


def secrets_read(template: dict[str, Any]) -> set[str]:
    return {r.name for r in references(template) if r.kind == "Secret"}


def test_each_reader_names_its_revision_and_the_database_its_init_secret(synth: Callable[..., Manifests]) -> None:
    docs = flat(synth(**MONITORED))
    settings = load_settings({**BASE_ENV, **MONITORED}, env_file=None)
    found = templates(docs)
    for workload in READERS:
        reader = workload.split("/")[1]
        assert secrets_read(found[workload]) == {secret_revision(settings, reader).name}, workload
    assert secrets_read(found["StatefulSet/postgres"]) == {settings.secret_name}
    assert secrets_read(found["Deployment/frontend"]) == set()


@pytest.mark.parametrize("secret", sorted(READ_BY))
def test_a_changed_secret_changes_exactly_the_templates_of_its_readers(
    secret: str, synth: Callable[..., Manifests]
) -> None:
    before = templates(flat(synth(**MONITORED)))
    after = templates(flat(synth(**MONITORED, **{secret: SECRETS[secret] + "-rotated"})))
    assert {w for w in before if before[w] != after[w]} == READ_BY[secret]


def test_a_new_digest_key_renames_every_revision_but_not_the_databases_secret(
    synth: Callable[..., Manifests],
) -> None:
    before = templates(flat(synth(**MONITORED)))
    after = templates(flat(synth(**MONITORED, SECRETS_DIGEST_KEY=DIGEST_KEY + "-new")))
    assert {w for w in before if before[w] != after[w]} == READERS


def test_the_revision_name_is_the_keyed_digest_of_exactly_the_readers_values() -> None:
    settings = load_settings(BASE_ENV, env_file=None)
    revision = secret_revision(settings, "backup")
    assert (
        revision.name
        == f"backup-secrets-{keyed_json_digest(DIGEST_KEY, {key: SECRETS[key] for key in SECRET_READERS['backup']})}"
    )
    assert SECRETS["POSTGRES_PASSWORD"] not in repr(revision), "the values stay out of logs and tracebacks"
    assert sorted(revision.values) == sorted(SECRET_READERS["backup"])
