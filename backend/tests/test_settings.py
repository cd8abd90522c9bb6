"""Settings validation (in-process) and the start-up failure of the real entry points."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import make_url

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
        [sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"],
        [sys.executable, "-m", "app.cli", "migrate"],
        [sys.executable, "-m", "app.cli", "wait-for-db", "--timeout", "1"],
    ],
    ids=["uvicorn", "migrate", "wait-for-db"],
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
