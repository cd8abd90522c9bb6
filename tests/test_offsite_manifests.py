"""BACKUP_REPOSITORY in the manifests and the settings: the restic container's shape, the
egress it gets (and nothing else does), the secrets it reads, and the refused strings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conftest import BASE_ENV, SECRETS, Manifests, find, one

from model.restic import DEFAULT_RESTIC_TAG, endpoint
from model.settings import SettingsError, load_settings

pytestmark = pytest.mark.slow  # synths of its own: `make test` runs it, not `make test-manifests`

S3 = {"BACKUP_REPOSITORY": "s3:https://minio.example.com:9000/backups"}
REST_IP = {"BACKUP_REPOSITORY": "rest:http://192.0.2.10:8000/"}


def docs(manifests: Manifests) -> list[dict[str, Any]]:
    return [d for documents in manifests.values() for d in documents if d]


def egress(manifests: Manifests, name: str) -> list[dict[str, Any]]:
    policy = one(docs(manifests), "NetworkPolicy", f"allow-{name}")
    return list(policy["spec"].get("egress", []))


def test_backup_job_dumps_first_then_restic_copies_in_a_restricted_container(
    synth: Callable[..., Manifests],
) -> None:
    manifests = synth(**S3)
    pod = one(docs(manifests), "CronJob", "backup")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [dump] = pod["initContainers"]
    [copy] = pod["containers"]
    assert dump["image"].startswith("postgres:") and copy["image"] == f"restic/restic:{DEFAULT_RESTIC_TAG}"
    context = copy["securityContext"]
    assert context["readOnlyRootFilesystem"] and context["runAsNonRoot"]
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}
    env = {e["name"]: e for e in copy["env"]}
    assert env["RESTIC_REPOSITORY"]["value"] == S3["BACKUP_REPOSITORY"]
    assert {k for k, e in env.items() if "valueFrom" in e} == {
        "RESTIC_PASSWORD",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    }
    cache = env["RESTIC_CACHE_DIR"]["value"]
    assert any(m["mountPath"] == cache for m in copy["volumeMounts"]), "restic's cache is an emptyDir"
    text = str(manifests)
    assert not [key for key, value in SECRETS.items() if value in text], "a secret value reached dist/"


def test_a_host_name_repository_gets_its_port_outside_the_pod_network_only(synth: Callable[..., Manifests]) -> None:
    manifests = synth(**S3)
    rules = [r for r in egress(manifests, "backup") if r["ports"][0]["port"] == 9000]
    assert rules == [
        {
            "to": [{"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.42.0.0/16"]}}],
            "ports": [{"protocol": "TCP", "port": 9000}],
        }
    ]
    assert egress(manifests, "restore-drill") == rules, "the drill reaches the repository and nothing else"
    assert "9000" not in str(egress(manifests, "backend"))


def test_an_ip_repository_is_allowed_alone(synth: Callable[..., Manifests]) -> None:
    rules = egress(synth(**REST_IP), "backup")
    assert {"to": [{"ipBlock": {"cidr": "192.0.2.10/32"}}], "ports": [{"protocol": "TCP", "port": 8000}]} in rules


def test_without_a_repository_the_backup_is_as_it_was(synth: Callable[..., Manifests]) -> None:
    manifests = synth()
    pod = one(docs(manifests), "CronJob", "backup")["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    assert "initContainers" not in pod and [c["name"] for c in pod["containers"]] == ["backup"]
    assert not find(docs(manifests), "NetworkPolicy", "allow-restore-drill")


@pytest.mark.parametrize(
    ("repository", "expected"),
    [
        ("s3:s3.amazonaws.com/bucket", ("s3.amazonaws.com", 443)),
        ("s3:bucket/path", ("s3.amazonaws.com", 443)),
        ("s3:http://10.1.2.3:9000/b", ("10.1.2.3", 9000)),
        ("rest:https://backup.example.com/", ("backup.example.com", 443)),
        ("sftp:user@host.example.com:/srv/restic", ("host.example.com", 22)),
        ("sftp://user@host.example.com:2222//srv/restic", ("host.example.com", 2222)),
        ("b2:bucket:path", ("api.backblazeb2.com", 443)),
        ("/mnt/offsite", None),
    ],
)
def test_the_endpoint_is_read_from_the_repository(repository: str, expected: tuple[str, int] | None) -> None:
    found = endpoint(repository)
    assert ((found.host, found.port) if found else None) == expected


@pytest.mark.parametrize(
    ("env", "problem"),
    [
        ({"BACKUP_REPOSITORY": "backups"}, "BACKUP_REPOSITORY must be a restic repository"),
        ({"BACKUP_REPOSITORY": "rest:https://u:p@host/"}, "must not carry credentials"),
        ({"RESTIC_PASSWORD": ""}, "RESTIC_PASSWORD is required when BACKUP_REPOSITORY is set"),
        ({"AWS_SECRET_ACCESS_KEY": ""}, "needs AWS_SECRET_ACCESS_KEY"),
    ],
)
def test_bad_offsite_settings_are_named(env: dict[str, str], problem: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(BASE_ENV | S3 | env, env_file=None)
    assert any(problem in p for p in caught.value.problems), caught.value.problems
