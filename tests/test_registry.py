"""Images from a registry: REGISTRY prefixes what dist/ runs and what `make images` pushes, the same refs."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import BASE_ENV, CHANGED, ROOT, Manifests, pod_specs
from test_schemas import VERSIONS, k8s_validator

from model.settings import SettingsError, load_settings
from scripts.ops import Ops

Docs = list[dict[str, Any]]
REGISTRY = CHANGED["REGISTRY"]
BUILDERS = ("docker", "nerdctl", "buildah")


def all_docs(manifests: Manifests) -> Docs:
    return [d for file_docs in manifests.values() for d in file_docs]


def images_by_pod(docs: Docs) -> dict[str, set[str]]:
    return {
        name: {c["image"] for c in spec["containers"] + spec.get("initContainers", [])}
        for name, spec in pod_specs(docs).items()
    }


def test_without_a_registry_the_images_are_the_local_names_and_no_pull_secret(docs: Docs) -> None:
    postgres = f"postgres:{load_settings(BASE_ENV, env_file=None).postgres_tag}"
    assert images_by_pod(docs) == {
        "Deployment/backend": {"yoshikosan-backend:0.1.0"},
        "Deployment/frontend": {"yoshikosan-frontend:0.1.0"},
        "StatefulSet/postgres": {postgres},
        "CronJob/backup": {postgres},
        # The drill asks the backend image for its migration head, then restores with PostgreSQL's.
        "CronJob/restore-drill": {postgres, "yoshikosan-backend:0.1.0"},
    }
    assert not any("imagePullSecrets" in spec for spec in pod_specs(docs).values())


def test_with_a_registry_every_image_of_ours_has_its_prefix(changed: Manifests) -> None:
    images = {image for refs in images_by_pod(all_docs(changed)).values() for image in refs}
    # PostgreSQL and its exporter stay the public images: REGISTRY holds only what `make images` pushes.
    settings = load_settings(BASE_ENV, env_file=None)
    public = {
        f"postgres:{settings.postgres_tag}",
        f"{settings.postgres_exporter_image}:{settings.postgres_exporter_tag}",
    }
    assert images - public == {f"{REGISTRY}/yoshikosan-backend:0.1.0", f"{REGISTRY}/yoshikosan-frontend:0.1.0"}
    assert public <= images


def test_with_a_pull_secret_every_pod_spec_names_it(changed: Manifests) -> None:
    specs = pod_specs(all_docs(changed))
    assert len(specs) == 6
    for name, spec in specs.items():
        assert spec["imagePullSecrets"] == [{"name": CHANGED["IMAGE_PULL_SECRET"]}], name


def test_registry_workloads_validate_strictly(changed: Manifests) -> None:
    workloads = [d for d in all_docs(changed) if d["kind"] in ("Deployment", "StatefulSet", "CronJob")]
    assert len(workloads) == 6
    for doc in workloads:
        errors = list(k8s_validator(VERSIONS[-1], doc["kind"], doc["apiVersion"]).iter_errors(doc))
        assert not errors, (doc["kind"], [e.message for e in errors])


def test_a_registry_alone_adds_no_pull_secret() -> None:
    # A public registry needs no credentials: only IMAGE_PULL_SECRET puts one on the pods.
    settings = load_settings({**BASE_ENV, "REGISTRY": "ghcr.io/acme"}, env_file=None)
    assert settings.image_pull_secret is None
    assert settings.image_ref("backend") == "ghcr.io/acme/yoshikosan-backend:0.1.0"


@pytest.mark.parametrize(
    "registry",
    ["ghcr.io/acme", "ghcr.io", "registry.example.com:5000/team/sub", "localhost:5000", "10.0.0.5:5000/x", "reg:5000"],
)
def test_registry_accepts_host_port_path(registry: str) -> None:
    settings = load_settings({**BASE_ENV, "REGISTRY": registry}, env_file=None)
    assert settings.image_ref("frontend") == f"{registry}/yoshikosan-frontend:0.1.0"


@pytest.mark.parametrize(
    "registry",
    [
        "https://ghcr.io/acme",  # scheme
        "ghcr.io/acme/",  # trailing slash
        "ghcr.io/Acme",  # Docker refuses upper-case repositories
        "acme",  # no dot, port or localhost: Docker would read a Docker Hub namespace
        "ghcr.io:https/acme",
        "ghcr.io//acme",
        "ghcr.io/acme:1.0",  # a tag belongs to BACKEND_TAG / FRONTEND_TAG
    ],
)
def test_registry_refuses_anything_else_with_one_clear_error(registry: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**BASE_ENV, "REGISTRY": registry}, env_file=None)
    [problem] = caught.value.problems
    assert problem.startswith("REGISTRY must be host[:port][/path]"), problem


def test_bad_registry_and_pull_secret_are_reported_together() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**BASE_ENV, "REGISTRY": "https://ghcr.io", "IMAGE_PULL_SECRET": "Reg_Cred"}, env_file=None)
    assert [p.split()[0] for p in caught.value.problems] == ["IMAGE_PULL_SECRET", "REGISTRY"]


def render(builder: str, **overrides: str) -> list[str]:
    settings = load_settings({**BASE_ENV, **overrides}, env_file=None)
    return [step.render() for step in Ops(settings).images(builder)]


@pytest.mark.parametrize("builder", BUILDERS)
def test_images_with_a_registry_build_and_push_what_dist_runs(builder: str, changed: Manifests) -> None:
    lines = render(builder, REGISTRY=REGISTRY)
    refs = [f"{REGISTRY}/yoshikosan-backend:0.1.0", f"{REGISTRY}/yoshikosan-frontend:0.1.0"]
    build = "buildah bud --layers" if builder == "buildah" else f"{builder} build"
    push = {
        "docker": "docker push {ref}",
        "nerdctl": "nerdctl push {ref}",
        "buildah": "buildah push {ref} docker://{ref}",
    }[builder]
    assert lines == [
        f"{build} -t {refs[0]} {ROOT / 'backend'}",
        push.format(ref=refs[0]),
        f"{build} -t {refs[1]} {ROOT / 'frontend'}",
        push.format(ref=refs[1]),
    ]
    running = {image for refs in images_by_pod(all_docs(changed)).values() for image in refs}
    assert set(refs) <= running, "make images must push exactly the references dist/ runs"


@pytest.mark.parametrize("builder", BUILDERS)
def test_images_without_a_registry_import_into_k3s_and_push_nowhere(builder: str) -> None:
    lines = render(builder)
    build = "buildah bud --layers" if builder == "buildah" else f"{builder} build"
    save = {
        "docker": "docker save {ref}",
        "nerdctl": "nerdctl save {ref}",
        "buildah": "buildah push {ref} docker-archive:/dev/stdout:{ref}",
    }[builder]
    into_k3s = " | " + ("" if os.geteuid() == 0 else "sudo ") + "k3s ctr images import -"
    assert lines == [
        f"{build} -t yoshikosan-backend:0.1.0 {ROOT / 'backend'}",
        save.format(ref="yoshikosan-backend:0.1.0") + into_k3s,
        f"{build} -t yoshikosan-frontend:0.1.0 {ROOT / 'frontend'}",
        save.format(ref="yoshikosan-frontend:0.1.0") + into_k3s,
    ]


def test_latest_is_never_built_or_pushed() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({**BASE_ENV, "REGISTRY": REGISTRY, "FRONTEND_TAG": "latest"}, env_file=None)
    assert [p.split()[0] for p in caught.value.problems] == ["FRONTEND_TAG"]


@pytest.mark.slow
def test_make_images_dry_run_reads_registry_from_the_environment() -> None:
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "ENV_FILE": os.devnull}
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ops.py"), "images", "--dry-run"],
        env={**env, **BASE_ENV, "REGISTRY": "ghcr.io/acme"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "docker push ghcr.io/acme/yoshikosan-backend:0.1.0"
