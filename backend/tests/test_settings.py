"""Settings validation (in-process) and the start-up failure of the real entry points."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import make_url

from app.contract import CONTRACT
from app.settings import EXAMPLE_SECRET_KEY, ConfigError, load_settings
from tests.conftest import BACKEND_DIR, SECRET_KEY, SETTINGS_ENV

SPECIAL_PASSWORD = 'p@ss:w/o#r%d "q" ü spaces'
DB = {"postgres_host": "db.example", "postgres_user": "app", "postgres_db": "app"}


def test_url_is_built_safely_from_parts() -> None:
    s = load_settings(secret_key=SECRET_KEY, postgres_password=SPECIAL_PASSWORD, postgres_port=6543, **DB)
    url = s.database_url_object
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database, url.username) == ("db.example", 6543, "app", "app")
    assert url.password == SPECIAL_PASSWORD
    # survives a round trip through its string form (what a naive f-string would break)
    assert make_url(url.render_as_string(hide_password=False)).password == SPECIAL_PASSWORD
    assert SPECIAL_PASSWORD not in str(url)
    assert SPECIAL_PASSWORD not in repr(s)


def test_database_url_alternative_and_driver_normalised() -> None:
    s = load_settings(secret_key=SECRET_KEY, database_url="postgres://u:p%40ss@h:5433/d")
    url = s.database_url_object
    assert url.drivername == "postgresql+psycopg"
    assert (url.username, url.password, url.host, url.port, url.database) == ("u", "p@ss", "h", 5433, "d")


def test_defaults_and_extra_env_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {"NODE_ENV": "production", "DOMAIN": "example.com", "EXTERNAL_PORT": "443"}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ALLOWED_ORIGINS", "https://app.example.com, http://localhost:3000/")
    s = load_settings(secret_key=SECRET_KEY, **DB)
    assert s.allowed_origins == ["https://app.example.com", "http://localhost:3000"]
    assert (s.root_path, s.log_level, s.db_pool_size, s.postgres_port) == ("", "INFO", 5, 5432)
    assert s.app_version == "0.1.0"
    assert s.google_client_secret is None
    assert (s.host, s.port, s.forwarded_allow_ips, s.db_wait_timeout) == ("0.0.0.0", 8000, ["127.0.0.1"], 120)  # noqa: S104
    assert s.port == CONTRACT.default_port


def test_server_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOST", "::")
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.42.0.0/16, 127.0.0.1,fd00::/8")
    monkeypatch.setenv("DB_WAIT_TIMEOUT", "7.5")
    s = load_settings(secret_key=SECRET_KEY, **DB)
    assert (s.host, s.port, s.db_wait_timeout) == ("::", 9001, 7.5)
    assert s.forwarded_allow_ips == ["10.42.0.0/16", "127.0.0.1", "fd00::/8"]


@pytest.mark.parametrize(
    ("overrides", "variable", "fragment"),
    [
        ({"secret_key": "too-short"}, "SECRET_KEY", "at least 32"),
        ({"secret_key": EXAMPLE_SECRET_KEY}, "SECRET_KEY", "example value"),
        ({"allowed_origins": "https://a.example,*"}, "ALLOWED_ORIGINS", "'*' is not allowed"),
        ({"allowed_origins": "a.example"}, "ALLOWED_ORIGINS", "not an origin"),
        ({"root_path": "api/"}, "ROOT_PATH", "leading slash"),
        ({"log_level": "chatty"}, "LOG_LEVEL", "must be one of"),
        ({"db_pool_size": 0}, "DB_POOL_SIZE", "greater than or equal to 1"),
        ({"postgres_port": 70000}, "POSTGRES_PORT", "less than or equal to 65535"),
        ({"database_url": "mysql://u@h/d"}, "DATABASE_URL", "postgresql"),
        ({"host": "api.example.com"}, "HOST", "IP address"),
        ({"port": 0}, "PORT", "greater than or equal to 1"),
        ({"forwarded_allow_ips": "10.42.0.0/16,10.0.0.0/33,proxy"}, "FORWARDED_ALLOW_IPS", "'10.0.0.0/33', 'proxy'"),
        ({"db_wait_timeout": 0}, "DB_WAIT_TIMEOUT", "greater than 0"),
    ],
)
def test_single_problem(overrides: dict[str, object], variable: str, fragment: str) -> None:
    values: dict[str, object] = {"secret_key": SECRET_KEY, **DB, **overrides}
    with pytest.raises(ConfigError) as info:
        load_settings(**values)
    assert list(info.value.problems) == [variable]
    assert fragment in info.value.problems[variable]


def test_all_problems_reported_together() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(allowed_origins="*", db_pool_size="many", log_level="loud")
    assert set(info.value.problems) == {"SECRET_KEY", "ALLOWED_ORIGINS", "DB_POOL_SIZE", "LOG_LEVEL", "DATABASE_URL"}
    assert "POSTGRES_HOST, POSTGRES_USER, POSTGRES_DB" in info.value.problems["DATABASE_URL"]


def test_secret_values_are_not_echoed_in_errors() -> None:
    with pytest.raises(ConfigError) as info:
        load_settings(secret_key="short-secret-value", database_url="::not a url::secretpw", **DB)
    assert "short-secret-value" not in str(info.value)
    assert "secretpw" not in str(info.value)


BAD_ENV = {
    "SECRET_KEY": EXAMPLE_SECRET_KEY,
    "ALLOWED_ORIGINS": "*",
    "DB_POOL_SIZE": "lots",
    "POSTGRES_HOST": "db",
    "NODE_ENV": "production",
}
EXPECTED = ["SECRET_KEY", "ALLOWED_ORIGINS", "DB_POOL_SIZE", "DATABASE_URL", "POSTGRES_USER", "POSTGRES_DB"]


@pytest.mark.parametrize(
    "argv",
    [
        [sys.executable, *CONTRACT.serve],
        [sys.executable, *CONTRACT.prestart],
        [sys.executable, "-m", "app.cli", "check-config"],
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"],
    ],
    ids=["serve", "prestart", "check-config", "uvicorn-reload-entry"],
)
def test_bad_configuration_stops_process_with_one_message(argv: list[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV} | BAD_ENV
    proc = subprocess.run(argv, cwd=BACKEND_DIR, env=env, capture_output=True, text=True, timeout=30, check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in output
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    for name in EXPECTED:
        assert name in lines[0]
    assert EXAMPLE_SECRET_KEY not in output


def test_check_config_names_the_settings_read() -> None:
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env |= {"SECRET_KEY": SECRET_KEY, **{k.upper(): v for k, v in DB.items()}, "PORT": "8080"}
    proc = subprocess.run(
        [sys.executable, "-m", "app.cli", "check-config"],
        cwd=BACKEND_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["message"] == "configuration valid"
    assert report["settings"] == SETTINGS_ENV
    assert {"PORT", "HOST", "FORWARDED_ALLOW_IPS", "DB_WAIT_TIMEOUT", "SECRET_KEY"} <= set(report["settings"])
    assert SECRET_KEY not in proc.stdout + proc.stderr
