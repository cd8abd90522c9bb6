"""The GitHub Actions pipeline runs what it claims: real Make targets, the checks of .ci/run, pinned actions.

The hosted pipeline cannot run here. What stands in for it: actionlint with shellcheck
(`make lint`), this test (which also runs the workflow's own shell steps), and the same
Make targets run locally.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import BASE_ENV, LOADER, ROOT

from model.k3s import TRAEFIK_CHART_BY_K3S
from model.settings import VARIABLES, Settings, load_settings

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
CI = ROOT / ".github" / "workflows" / "ci.yml"
CI_ENV = ROOT / ".github" / "ci-env.sh"
# owner/repo@<full commit SHA> # vX.Y.Z — the SHA is what runs, the comment says which release it is.
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(\.\d+){0,2}$")
SHA = "0123456789abcdef0123456789abcdef01234567"


def load(path: Path) -> dict[str, Any]:
    workflow: dict[str, Any] = yaml.load(path.read_text(), Loader=LOADER)
    # YAML 1.1 reads the key `on` as the boolean true.
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


@pytest.fixture(scope="module")
def ci() -> dict[str, Any]:
    return load(CI)


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-zA-Z0-9_-]+):", (ROOT / "Makefile").read_text(), flags=re.M))


def make_calls(script: str) -> list[str]:
    """The targets of every `make …` command in a shell script, in order."""
    targets = []
    for line in script.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        for start in (i for i, word in enumerate(words) if word == "make"):
            for word in words[start + 1 :]:
                if word in ("&&", "||", ";", "|") or word.startswith("-") or "=" in word:
                    break
                targets.append(word)
    return targets


def job_make_calls(job: dict[str, Any]) -> list[str]:
    return [target for step in job["steps"] for target in make_calls(step.get("run", ""))]


def step_index(job: dict[str, Any], needle: str) -> int:
    found = [i for i, step in enumerate(job["steps"]) if needle in step.get("run", "") + step.get("uses", "")]
    assert len(found) == 1, f"{needle!r} in {len(found)} steps"
    return found[0]


def run_step(script: str, env: dict[str, str], tmp_path: Path, cwd: Path = ROOT) -> dict[str, str]:
    """Run a step's script as the runner does (bash -e); what it wrote to GITHUB_OUTPUT and GITHUB_ENV."""
    out = tmp_path / "github-out"
    out.write_text("")
    subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={"PATH": os.environ["PATH"], "GITHUB_OUTPUT": str(out), "GITHUB_ENV": str(out), **env},
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(line.split("=", 1) for line in out.read_text().splitlines() if "=" in line)


def test_there_is_the_workflow() -> None:
    assert CI in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_make_command_is_a_real_target(path: Path) -> None:
    calls = [t for job in load(path)["jobs"].values() for t in job_make_calls(job)]
    assert calls, "the workflow runs no Make target"
    assert set(calls) <= make_targets(), set(calls) - make_targets()


def test_the_test_job_runs_the_checks_of_ci_run_after_the_system_packages(ci: dict[str, Any]) -> None:
    checks = [target for target in make_calls((ROOT / ".ci" / "run").read_text()) if target != "install-system"]
    assert checks == ["test", "lint", "typecheck"]  # what the README says CI runs
    # make test never installs Debian packages itself: the job does it first, explicitly.
    assert job_make_calls(ci["jobs"]["test"]) == ["install-system", *checks]


def test_pull_requests_run_only_the_checks(ci: dict[str, Any]) -> None:
    assert ci["on"] == {"pull_request": None, "push": {"branches": ["main"], "tags": ["v*"]}}
    jobs = ci["jobs"]
    assert "if" not in jobs["test"]
    assert jobs["images"]["if"] == "github.event_name == 'push'" and jobs["images"]["needs"] == "test"
    # Everything after the images needs them, so it is skipped with them on pull requests.
    for name in set(jobs) - {"test", "images"}:
        assert "images" in jobs[name]["needs"], name


def test_the_deploy_job_runs_the_readme_deploy_path_then_the_smoke_check(ci: dict[str, Any]) -> None:
    assert job_make_calls(ci["jobs"]["deploy"]) == ["deploy", "smoke", "status"]  # status: only on failure
    assert job_make_calls(ci["jobs"]["manifests"]) == ["synth"]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_version(path: Path) -> None:
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(.+?)\s*$", path.read_text(), flags=re.M)
    assert uses
    unpinned = [u for u in uses if not u.startswith("./") and not PINNED.match(u)]
    assert not unpinned, unpinned
    for job in load(path)["jobs"].values():
        image = job.get("container")
        if image is not None:
            assert re.match(r"^[\w./-]+:[\w.-]+$", image) and not image.endswith(":latest"), image


def test_permissions_are_least_privilege(ci: dict[str, Any]) -> None:
    assert ci["permissions"] == {"contents": "read"}
    writers = {
        name: {scope for scope, level in job.get("permissions", {}).items() if level == "write"}
        for name, job in ci["jobs"].items()
    }
    assert {name: scopes for name, scopes in writers.items() if scopes} == {"images": {"packages"}}
    assert ci["jobs"]["deploy"]["permissions"] == {"contents": "read", "packages": "read"}


def test_one_run_per_ref(ci: dict[str, Any]) -> None:
    assert "github.ref" in ci["concurrency"]["group"]
    # Runs on main and tags push images: never cancelled halfway.
    assert ci["concurrency"]["cancel-in-progress"] == "${{ github.event_name == 'pull_request' }}"


def test_images_are_built_with_layer_cache_and_pushed(ci: dict[str, Any]) -> None:
    builds = [s for s in ci["jobs"]["images"]["steps"] if s.get("uses", "").startswith("docker/build-push-action@")]
    assert [b["with"]["context"] for b in builds] == ["backend", "frontend"]
    for build in builds:
        image = build["with"]["context"]
        assert build["with"]["push"] is True
        assert build["with"]["tags"] == f"${{{{ steps.refs.outputs.{image}_tags }}}}"
        assert build["with"]["cache-from"] == f"type=gha,scope={image}"
        assert build["with"]["cache-to"] == f"type=gha,scope={image},mode=max"


@pytest.mark.slow  # a process
@pytest.mark.parametrize(
    ("ref_type", "ref_name", "override", "registry", "tag", "pushed_tags"),
    [
        ("branch", "main", "", "ghcr.io/acme-corp", SHA, [SHA]),
        ("tag", "v1.4.0", "", "ghcr.io/acme-corp", "v1.4.0", [SHA, "v1.4.0"]),
        ("branch", "main", "registry.example.com:5000/team", "registry.example.com:5000/team", SHA, [SHA]),
    ],
)
def test_the_pushed_references_are_the_ones_dist_runs(
    ci: dict[str, Any],
    tmp_path: Path,
    ref_type: str,
    ref_name: str,
    override: str,
    registry: str,
    tag: str,
    pushed_tags: list[str],
) -> None:
    step = ci["jobs"]["images"]["steps"][step_index(ci["jobs"]["images"], "GITHUB_OUTPUT")]
    env = {"GITHUB_SHA": SHA, "GITHUB_REF_TYPE": ref_type, "GITHUB_REF_NAME": ref_name}
    out = run_step(step["run"], {**env, "OWNER": "Acme-Corp", "REGISTRY": override}, tmp_path)
    assert (out["registry"], out["host"], out["tag"]) == (registry, registry.split("/")[0], tag)
    # What the manifests and deploy jobs synthesize from these outputs, through the one Settings.image_ref.
    settings = load_settings(
        {**BASE_ENV, "REGISTRY": out["registry"], "BACKEND_TAG": out["tag"], "FRONTEND_TAG": out["tag"]},
        env_file=ROOT / ".env.example",
    )
    assert out["backend"] == settings.image_ref("backend")
    assert out["frontend"] == settings.image_ref("frontend")
    for image in ("backend", "frontend"):
        repository = out[image].rsplit(":", 1)[0]
        assert out[f"{image}_tags"].split(",") == [f"{repository}:{t}" for t in pushed_tags]


def test_dist_is_rendered_for_the_pushed_tags(ci: dict[str, Any]) -> None:
    for name, synth in (("manifests", "make synth"), ("deploy", "make deploy")):
        job = ci["jobs"][name]
        assert job["env"]["REGISTRY"] == "${{ needs.images.outputs.registry }}", name
        assert job["env"]["BACKEND_TAG"] == job["env"]["FRONTEND_TAG"] == "${{ needs.images.outputs.tag }}", name
        assert step_index(job, ".github/ci-env.sh") < step_index(job, synth), name
    manifests = ci["jobs"]["manifests"]
    assert step_index(manifests, "make synth") < step_index(manifests, "actions/upload-artifact@")
    assert step_index(manifests, "make synth") < step_index(manifests, 'grep -rqF "image: ${ref}" dist/')


@pytest.mark.slow  # a process
def test_ci_env_makes_valid_settings_with_fresh_dummy_secrets(tmp_path: Path) -> None:
    (tmp_path / ".env.example").write_text((ROOT / ".env.example").read_text())
    first = run_step(CI_ENV.read_text(), {}, tmp_path, cwd=tmp_path)
    second = run_step(CI_ENV.read_text(), {}, tmp_path, cwd=tmp_path)
    assert (
        set(first) == {"POSTGRES_PASSWORD", "SECRET_KEY", "SECRETS_DIGEST_KEY", "IMAGE_PULL_SECRET"} <= set(VARIABLES)
    )
    assert first["SECRET_KEY"] != second["SECRET_KEY"] and first["POSTGRES_PASSWORD"] != second["POSTGRES_PASSWORD"]
    job_env = {"REGISTRY": "ghcr.io/acme", "BACKEND_TAG": SHA, "FRONTEND_TAG": SHA}
    settings = load_settings({**first, **job_env}, env_file=tmp_path / ".env")
    assert settings.image_pull_secret == first["IMAGE_PULL_SECRET"]


def test_the_deploy_job_creates_the_pull_secret_the_pods_name(ci: dict[str, Any]) -> None:
    job = ci["jobs"]["deploy"]
    create = step_index(job, "create secret docker-registry")
    assert '"${IMAGE_PULL_SECRET}"' in job["steps"][create]["run"]
    assert step_index(job, ".github/ci-env.sh") < create < step_index(job, "make deploy")


def test_k3s_gets_the_node_port_range_before_it_starts(ci: dict[str, Any]) -> None:
    job = ci["jobs"]["deploy"]
    config = step_index(job, "deploy/k3s/config.yaml /etc/rancher/k3s/config.yaml")
    assert config < step_index(job, "https://get.k3s.io") < step_index(job, "make deploy")
    assert step_index(job, "make deploy") < step_index(job, "diff -r artifact dist")


def test_the_k3s_line_bundles_the_traefik_chart_the_settings_target(ci: dict[str, Any]) -> None:
    channel = ci["jobs"]["deploy"]["env"]["K3S_CHANNEL"]
    example = dict(
        line.split("=", 1) for line in (ROOT / ".env.example").read_text().splitlines() if line[:1].isalpha()
    )
    assert TRAEFIK_CHART_BY_K3S[channel.removeprefix("v")] == int(example["TRAEFIK_CHART"])
    assert Settings.model_fields["traefik_chart"].default == int(example["TRAEFIK_CHART"])


# The Make targets that read the settings, so with SECRETS_SOURCE=age open the encrypted file.
SETTINGS_READERS = {"synth", "env-check", "secret", "deploy", "smoke", "status"}
AGE_KEY = "${{ secrets.AGE_KEY }}"


def test_the_ci_identity_reaches_exactly_the_steps_that_read_the_settings(ci: dict[str, Any]) -> None:
    assert "AGE_KEY" not in ci.get("env", {})
    for name, job in ci["jobs"].items():
        # Job-wide it would reach every action the job uses as well.
        assert "AGE_KEY" not in job.get("env", {}), name
        readers = [step for step in job["steps"] if SETTINGS_READERS & set(make_calls(step.get("run", "")))]
        others = [step for step in job["steps"] if step not in readers]
        if name in ("manifests", "deploy"):
            assert job["env"]["SECRETS_SOURCE"] == "${{ vars.SECRETS_SOURCE || 'env' }}", name
            assert readers and all(step.get("env", {}).get("AGE_KEY") == AGE_KEY for step in readers), name
        else:
            assert not readers, f"{name} reads the settings: give its steps AGE_KEY"
        assert not [step for step in others if "AGE_KEY" in step.get("env", {})], name


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_step_handles_a_secret_in_its_script(path: Path) -> None:
    """Secrets enter steps through env and with only: a script that names one could print it."""
    scripts = [CI_ENV.read_text()] + [
        step.get("run", "") for job in load(path)["jobs"].values() for step in job["steps"]
    ]
    for script in scripts:
        assert not re.search(r"\$\{\{[^}]*\bsecrets\.", script) and "AGE_KEY" not in script, script
        assert not re.search(r"set -[a-z]*x|set -o xtrace", script), "xtrace prints every value"


@pytest.mark.slow  # a process
def test_ci_env_with_age_adds_no_stand_ins_and_the_ci_identity_opens_the_file(tmp_path: Path) -> None:
    from age_kit import make_app

    app = make_app(tmp_path / "app")
    (tmp_path / ".env.example").write_text((ROOT / ".env.example").read_text())
    out = run_step(CI_ENV.read_text(), {"SECRETS_SOURCE": "age"}, tmp_path, cwd=tmp_path)
    # No stand-in secret: only the revisions' key, which is no credential (model/envfile.py KEYS).
    assert set(out) == {"IMAGE_PULL_SECRET", "SECRETS_DIGEST_KEY"}
    job_env = {"REGISTRY": "ghcr.io/acme", "BACKEND_TAG": SHA, "FRONTEND_TAG": SHA, "SECRETS_SOURCE": "age"}
    environ = {**out, **job_env, "AGE_KEY": app.me.file.read_text(), "DOMAIN": "app.example.org"}
    environ |= {"SECRETS_AGE_FILE": str(app.files.secrets), "SECRETS_AGE_RECIPIENTS": str(app.files.recipients)}
    settings = load_settings(environ, env_file=tmp_path / ".env", app_dir=tmp_path)
    assert settings.secret_key.get_secret_value() == BASE_ENV["SECRET_KEY"]
