"""Settings: every problem reported at once, by variable name; a failed synth changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_ENV, ROOT, synth_to

from model.settings import SettingsError, load_settings
from model.validators import EXAMPLE_SECRET_KEY

BAD = {
    "DOMAIN": "https://yoshikosan.example.com/",
    "SECRET_KEY": "too-short",
    "ALLOWED_ORIGINS": "https://a.example.com,*",
    "EXTERNAL_PORT": "70000",
    "BACKEND_TAG": "latest",
    "FRONTEND_REPLICAS": "-1",
    "BACKEND_CPU_LIMIT": "lots",
    "BACKUP_SCHEDULE": "every night",
    "INGRESS_POD_LABELS": "traefik",
}


def problems(env: dict[str, str]) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings(env, env_file=None)
    return caught.value.problems


def test_valid_settings_load() -> None:
    settings = load_settings(BASE_ENV, env_file=None)
    assert settings.external_port == 6666
    assert settings.namespace == "yoshikosan"


def test_every_problem_is_named_at_once() -> None:
    env = {k: v for k, v in BASE_ENV.items() if k != "FRONTEND_TAG"} | BAD
    found = problems(env)
    named = {p.split()[0] for p in found}
    assert named == set(BAD) | {"FRONTEND_TAG"}, found
    assert "FRONTEND_TAG is required" in found


def test_missing_everything_lists_every_required_variable() -> None:
    found = problems({})
    assert {p.split()[0] for p in found} == {
        "DOMAIN",
        "POSTGRES_PASSWORD",
        "SECRET_KEY",
        "BACKEND_TAG",
        "FRONTEND_TAG",
        "SECRETS_DIGEST_KEY",
    }
    [key] = [p for p in found if p.startswith("SECRETS_DIGEST_KEY")]
    assert "`make env-check` writes a generated one into .env" in key, "no openssl: the first run makes it"
    found.remove(key)
    assert all(p.endswith("is required") or "is required (generate one with `openssl rand" in p for p in found)
    # The two secrets a user must make say how, the same way whichever line reports them.
    for name in ("SECRET_KEY", "POSTGRES_PASSWORD"):
        [line] = [p for p in found if p.startswith(name)]
        assert "(generate one with `openssl rand" in line, line


def test_report_counts_in_words() -> None:
    with pytest.raises(SettingsError) as one_problem:
        load_settings(BASE_ENV | {"EXTERNAL_PORT": "30080"}, env_file=None)
    assert one_problem.value.report().startswith("invalid settings (1 problem); nothing was written:")
    with pytest.raises(SettingsError) as two:
        load_settings(BASE_ENV | {"EXTERNAL_PORT": "30080", "BACKUP_KEEP": "0"}, env_file=None)
    assert two.value.report().startswith("invalid settings (2 problems); nothing was written:")


def test_allowed_origins_default_to_the_public_domain() -> None:
    env = {k: v for k, v in BASE_ENV.items() if k != "ALLOWED_ORIGINS"} | {"DOMAIN": "app.example.org"}
    assert load_settings(env, env_file=None).allowed_origins == "https://app.example.org"
    listed = env | {"ALLOWED_ORIGINS": "https://a.example.org, http://localhost:3000"}
    assert load_settings(listed, env_file=None).allowed_origins == "https://a.example.org,http://localhost:3000"


def test_example_secret_key_is_refused() -> None:
    [problem] = problems(BASE_ENV | {"SECRET_KEY": EXAMPLE_SECRET_KEY})
    assert problem.startswith("SECRET_KEY is still the example value")


def test_port_outside_the_k3s_range_is_refused() -> None:
    [problem] = problems(BASE_ENV | {"EXTERNAL_PORT": "30080"})
    assert "service-node-port-range" in problem


def test_error_messages_never_echo_a_secret() -> None:
    secret = "a-secret-that-is-too-short"
    found = problems(BASE_ENV | {"SECRET_KEY": secret, "POSTGRES_PASSWORD": "x\ny-long-enough-pw"})
    assert not any(secret in p or "y-long-enough" in p for p in found)
    assert any(p.startswith("POSTGRES_PASSWORD must be a single line") for p in found)


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "".join(f"{k}={v}\n" for k, v in BASE_ENV.items() if k != "SECRET_KEY")
        + "SECRET_KEY=from-the-file-0123456789abcdefghijklmnop\nNAMESPACE=from-file\n"
    )
    settings = load_settings({"NAMESPACE": "from-env", "UNRELATED": "x"}, env_file)
    assert settings.namespace == "from-env"
    assert settings.secret_key.get_secret_value() == "from-the-file-0123456789abcdefghijklmnop"


def test_empty_values_mean_unset(tmp_path: Path) -> None:
    settings = load_settings(BASE_ENV | {"GOOGLE_CLIENT_ID": "", "SAMBANOVA_API_KEY": ""}, None)
    assert settings.google_client_id is None
    assert "GOOGLE_CLIENT_ID" not in settings.secret_values()


def test_env_example_documents_every_variable() -> None:
    from model.settings import VARIABLES

    documented = {
        line.split("=", 1)[0]
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert documented == set(VARIABLES)


def run_main(*args: str, env: dict[str, str], outdir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        env={
            "PATH": os.environ["PATH"],
            "HOME": os.environ.get("HOME", "/tmp"),
            "ENV_FILE": os.devnull,
            "CDK8S_OUTDIR": str(outdir),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def snapshot_dir(path: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(path.iterdir())}


@pytest.mark.slow  # a process
def test_failed_synth_leaves_dist_untouched(tmp_path: Path) -> None:
    outdir = tmp_path / "dist"
    synth_to(outdir)
    before = snapshot_dir(outdir)
    result = run_main(env=BASE_ENV | BAD, outdir=outdir)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for name in BAD:
        assert name in result.stderr
    assert snapshot_dir(outdir) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".dist.") and "last-good" not in p.name]


@pytest.mark.slow  # a process
def test_check_command(tmp_path: Path) -> None:
    assert run_main("check", env=BASE_ENV, outdir=tmp_path / "dist").returncode == 0
    assert not (tmp_path / "dist").exists(), "check writes nothing"


def test_trusting_everyone_is_refused() -> None:
    [problem] = problems(BASE_ENV | {"TRUSTED_PROXIES": "0.0.0.0/0"})
    assert problem.startswith("TRUSTED_PROXIES must not trust every address")
    [problem] = problems(BASE_ENV | {"TRUSTED_PROXIES": "proxy.example.com"})
    assert "proxy.example.com" in problem
