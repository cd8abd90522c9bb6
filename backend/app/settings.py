"""Configuration from the environment (pydantic-settings).

Every problem is collected into one ``ValidationError``; :func:`load_settings_or_exit`
turns it into a single message naming each variable and exits without a traceback.
"""

from __future__ import annotations

import ipaddress
import json
import sys
from datetime import UTC, datetime
from typing import Annotated, Any, NoReturn
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from app import __version__
from app.contract import CONTRACT

EXAMPLE_SECRET_KEY = "change-me-to-a-random-string-of-at-least-32-characters"  # noqa: S105
DRIVER = "postgresql+psycopg"
LOG_LEVELS = ("CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG")
_DB_PARTS = ("postgres_host", "postgres_user", "postgres_db")


class ConfigError(Exception):
    """Invalid configuration: ``problems`` maps variable name -> explanation."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        listing = "; ".join(f"{name}: {msg}" for name, msg in problems.items())
        super().__init__(f"invalid configuration ({len(problems)} problem(s)): {listing}")


class Settings(BaseSettings):
    """All settings; env var name = field name upper-cased. Unknown env vars are ignored."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore", env_ignore_empty=False)

    # --- database (either DATABASE_URL or the POSTGRES_* parts)
    postgres_host: str | None = None
    postgres_port: int = Field(default=5432, ge=1, le=65535)
    postgres_user: str | None = None
    postgres_password: SecretStr | None = None
    postgres_db: str | None = None
    # validated last among the DB fields: it checks that one of the two forms is complete
    database_url: Annotated[SecretStr | None, Field(validate_default=True)] = None
    db_pool_size: int = Field(default=5, ge=1, le=100)
    db_max_overflow: int = Field(default=5, ge=0, le=100)
    db_pool_timeout: float = Field(default=5.0, gt=0, le=300)
    db_connect_timeout: int = Field(default=2, ge=1, le=60)
    health_timeout: float = Field(default=2.0, gt=0, le=30)
    db_wait_timeout: float = Field(default=120.0, gt=0, le=3600)

    # --- server (`python -m app.cli serve`)
    host: str = "0.0.0.0"  # noqa: S104 - in a container the pod's address is the only way in
    port: int = Field(default=CONTRACT.default_port, ge=1, le=65535)
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(default_factory=lambda: ["127.0.0.1"])
    # The HTTPS proxies in front of the gateway: an X-Request-Id they send is kept (app/request_id.py).
    trusted_proxies: Annotated[list[str], NoDecode] = Field(default_factory=list)

    # --- application
    secret_key: SecretStr
    allowed_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    root_path: str = ""
    log_level: str = "INFO"
    app_version: str = __version__
    # Prometheus metrics on HOST at a port of their own, never behind the gateway; 0 serves none.
    metrics_port: int = Field(default=CONTRACT.metrics_port, ge=0, le=65535)

    # --- optional third-party secrets
    google_client_id: SecretStr | None = None
    google_client_secret: SecretStr | None = None
    discord_client_id: SecretStr | None = None
    discord_client_secret: SecretStr | None = None
    sambanova_api_key: SecretStr | None = None
    hume_ai_api_key: SecretStr | None = None

    @field_validator("postgres_host", "postgres_user", "postgres_db", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("database_url", mode="after")
    @classmethod
    def _database_configured(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip():
            try:
                url = make_url(value.get_secret_value().strip())
            except ArgumentError:
                raise ValueError("not a valid database URL (value not shown)") from None
            if url.get_backend_name() not in ("postgresql", "postgres"):
                raise ValueError("must be a postgresql:// URL")
            return value
        missing = [name.upper() for name in _DB_PARTS if info.data.get(name) is None]
        if missing:
            raise ValueError(f"database not configured: set DATABASE_URL, or {', '.join(missing)}")
        return None

    @field_validator("secret_key", mode="after")
    @classmethod
    def _strong_secret(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret.strip() == EXAMPLE_SECRET_KEY:
            raise ValueError("is the example value from the documentation; generate a random one")
        if len(secret) < 32:
            raise ValueError(f"must be at least 32 characters (got {len(secret)})")
        return value

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("allowed_origins", mode="after")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        out: list[str] = []
        for origin in value:
            if "*" in origin:
                raise ValueError("'*' is not allowed; list the exact origins (comma-separated)")
            parts = urlsplit(origin)
            if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
                raise ValueError(f"{origin!r} is not an origin like https://example.com[:port]")
            out.append(f"{parts.scheme}://{parts.netloc}")
        return out

    @field_validator("host", mode="after")
    @classmethod
    def _check_host(cls, value: str) -> str:
        try:
            return str(ipaddress.ip_address(value.strip()))
        except ValueError:
            raise ValueError("must be an IP address to listen on, e.g. 0.0.0.0 or 127.0.0.1") from None

    @field_validator("forwarded_allow_ips", "trusted_proxies", mode="before")
    @classmethod
    def _split_proxies(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("forwarded_allow_ips", "trusted_proxies", mode="after")
    @classmethod
    def _check_proxies(cls, value: list[str], info: ValidationInfo) -> list[str]:
        bad = []
        for entry in value:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                # "*" trusts every peer's X-Forwarded-*; never every sender of an X-Request-Id
                if entry != "*" or info.field_name == "trusted_proxies":
                    bad.append(entry)
        if bad:
            raise ValueError(f"{', '.join(map(repr, bad))}: not an IP address or network (CIDR)")
        return value

    @field_validator("root_path", mode="after")
    @classmethod
    def _check_root_path(cls, value: str) -> str:
        value = value.strip()
        if value in ("", "/"):
            return ""
        if not value.startswith("/") or value.endswith("/") or " " in value:
            raise ValueError("must be empty or a path like /api (leading slash, no trailing slash)")
        return value

    @field_validator("log_level", mode="after")
    @classmethod
    def _check_log_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
        return level

    # --- derived
    @property
    def database_url_object(self) -> URL:
        """SQLAlchemy URL (psycopg 3 driver); password is never string-interpolated."""
        if self.database_url is not None:
            url = make_url(self.database_url.get_secret_value().strip())
            return url.set(drivername=DRIVER)
        return URL.create(
            drivername=DRIVER,
            username=self.postgres_user,
            password=self.postgres_password.get_secret_value() if self.postgres_password else None,
            host=self.postgres_host,
            port=self.postgres_port,
            database=self.postgres_db,
        )


def format_problems(exc: ValidationError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for err in exc.errors(include_url=False, include_input=False):
        name = str(err["loc"][0]).upper() if err["loc"] else "SETTINGS"
        msg = err["msg"].removeprefix("Value error, ")
        if err["type"] == "missing":
            msg = "is required but not set"
        problems[name] = f"{problems[name]}; {msg}" if name in problems else msg
    return problems


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment (plus overrides); raise ConfigError listing all problems."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise ConfigError(format_problems(exc)) from None


def exit_with_config_error(err: ConfigError) -> NoReturn:
    """One JSON line on stderr naming every bad variable, then exit 2 (no traceback)."""
    record = {
        "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
        "level": "CRITICAL",
        "logger": "app.settings",
        "message": str(err),
        "errors": err.problems,
    }
    sys.stderr.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stderr.flush()
    raise SystemExit(2)


def load_settings_or_exit() -> Settings:
    try:
        return load_settings()
    except ConfigError as err:
        exit_with_config_error(err)
