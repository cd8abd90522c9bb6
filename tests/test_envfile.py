"""First run: `.env` is created (or completed) with generated secrets, and nothing real is overwritten."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from conftest import ROOT

from model.envfile import prepare_env_file
from model.settings import load_settings
from model.validators import EXAMPLE_SECRET_KEY

EXAMPLE = ROOT / ".env.example"


def lines_without(text: str, *keys: str) -> list[str]:
    return [line for line in text.splitlines() if not line.startswith(tuple(f"{k}=" for k in keys))]


def test_missing_env_file_is_created_from_the_example_with_generated_secrets(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    note = prepare_env_file(env_file, EXAMPLE, environ={})
    assert note and note.startswith("created .env from .env.example with a generated SECRET_KEY and POSTGRES_PASSWORD")
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    # Every other line is the example's, and the result is a valid configuration as it stands.
    generated = ("SECRET_KEY", "POSTGRES_PASSWORD", "POSTGRES_EXPORTER_PASSWORD", "SECRETS_DIGEST_KEY")
    assert lines_without(env_file.read_text(), *generated) == lines_without(EXAMPLE.read_text(), *generated)
    settings = load_settings({}, env_file)
    assert settings.secret_key.get_secret_value() != EXAMPLE_SECRET_KEY
    assert len(settings.postgres_password.get_secret_value()) >= 24
    # Ready for MONITORING too: the exporter's password comes with the first run.
    assert settings.postgres_exporter_password is not None
    assert len(settings.postgres_exporter_password.get_secret_value()) >= 24


def test_placeholders_are_filled_in_place_and_real_values_kept(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text(f"DOMAIN=app.example.org\nSECRET_KEY={EXAMPLE_SECRET_KEY}\nPOSTGRES_PASSWORD='mine: keep it'\n")
    note = prepare_env_file(env_file, EXAMPLE, environ={})
    assert note and "SECRET_KEY" in note and "POSTGRES_PASSWORD" not in note
    text = env_file.read_text()
    assert "DOMAIN=app.example.org\n" in text and "POSTGRES_PASSWORD='mine: keep it'\n" in text
    assert EXAMPLE_SECRET_KEY not in text
    before = env_file.read_text()
    assert prepare_env_file(env_file, EXAMPLE, environ={}) is None, "a second run changes nothing"
    assert env_file.read_text() == before


def test_secrets_from_the_environment_are_not_generated(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    environ = {"SECRET_KEY": "k" * 40, "POSTGRES_PASSWORD": "p" * 16}
    assert prepare_env_file(env_file, EXAMPLE, environ) is None
    assert not env_file.exists()


def test_a_working_env_without_the_digest_key_gets_only_that_key(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    working = f"DOMAIN=app.example.org\nSECRET_KEY={'k' * 40}\nPOSTGRES_PASSWORD='mine: keep it'\n"
    env_file.write_text(working)
    note = prepare_env_file(env_file, EXAMPLE, environ={})
    assert note and note.startswith("updated .env with a generated SECRETS_DIGEST_KEY (mode 600): it names")
    assert "database keeps its first password" not in note, "no credential was generated"
    text = env_file.read_text()
    assert text.startswith(working) and len(lines_without(text, "SECRETS_DIGEST_KEY")) == 3
    [line] = [line for line in text.splitlines() if line.startswith("SECRETS_DIGEST_KEY=")]
    assert len(line.split("=", 1)[1]) == 64
    assert prepare_env_file(env_file, EXAMPLE, environ={}) is None, "a second run changes nothing"
    # From the environment (CI), no file is touched.
    env_file.write_text(working)
    assert prepare_env_file(env_file, EXAMPLE, environ={"SECRETS_DIGEST_KEY": "d" * 64}) is None
    assert env_file.read_text() == working


@pytest.mark.parametrize("target", ["/dev/null"])
def test_a_non_file_env_source_is_left_alone(target: str) -> None:
    assert prepare_env_file(Path(target), EXAMPLE, environ={}) is None


def complete_env(tmp_path: Path, *extra: str) -> Path:
    env_file = tmp_path / ".env"
    env_file.write_text(
        "\n".join(
            [
                "DOMAIN=app.example.org",
                f"SECRET_KEY={'k' * 40}",
                "POSTGRES_PASSWORD=mine-long-enough",
                f"SECRETS_DIGEST_KEY={'d' * 64}",
                *extra,
            ]
        )
        + "\n"
    )
    return env_file


@pytest.mark.parametrize("where", [".env", "environment"])
def test_turning_monitoring_on_generates_the_exporter_password_alone(tmp_path: Path, where: str) -> None:
    env_file = complete_env(tmp_path)
    assert prepare_env_file(env_file, EXAMPLE, environ={}) is None, "MONITORING=none needs no exporter password"
    if where == ".env":
        env_file.write_text(env_file.read_text() + "MONITORING=annotations\n")
    environ = {"MONITORING": "annotations"} if where == "environment" else {}
    before = env_file.read_text()
    note = prepare_env_file(env_file, EXAMPLE, environ)
    assert (
        note == "updated .env with a generated POSTGRES_EXPORTER_PASSWORD (mode 600); a setting you turned on needs it"
    )
    assert lines_without(env_file.read_text(), "POSTGRES_EXPORTER_PASSWORD") == before.splitlines()
    settings = load_settings({**environ, "BACKEND_TAG": "1", "FRONTEND_TAG": "1"}, env_file)
    assert settings.postgres_exporter_password is not None
    assert len(settings.postgres_exporter_password.get_secret_value()) >= 24
    assert prepare_env_file(env_file, EXAMPLE, environ) is None, "generated once"


def test_with_secrets_source_age_nothing_is_written_into_env(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    assert prepare_env_file(env_file, EXAMPLE, {"SECRETS_SOURCE": "age"}) is None
    assert not env_file.exists()
    env_file = complete_env(tmp_path, "SECRETS_SOURCE=age", "MONITORING=annotations")
    assert prepare_env_file(env_file, EXAMPLE, environ={}) is None
