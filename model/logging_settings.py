"""The settings of log aggregation (LOGGING, docs/logs.md), a base of model.settings.Settings.

Apart only to keep model/settings.py short: Settings inherits these fields, so they are
variables like every other. The Elasticsearch credentials are fields of type Secret: they
go to the shipper's Secret revision (model/secret_revisions.py), never into dist/.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, SecretStr, ValidationInfo, field_validator

from model.offsite_settings import OffsiteSettings
from model.validators import DnsLabel, Memory, Secret

LoggingMode = Literal["none", "loki", "elasticsearch"]

# Only the log shipper's pod reads these; the backend never gets them.
LOGGING_SECRET_KEYS = ("ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD")

# Loki's duration syntax (Prometheus model.Duration), largest unit first, each at most once.
_DURATION = re.compile(r"^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$")
_UNIT_SECONDS = (365 * 86400, 7 * 86400, 86400, 3600, 60, 1)
DAY_SECONDS = 86400


def retention_seconds(value: str) -> int | None:
    """The duration in whole seconds, or None when Loki would not parse it."""
    match = _DURATION.match(value)
    if not value or match is None or match.group(7):
        return None
    return sum(int(n) * unit for n, unit in zip(match.groups()[:6], _UNIT_SECONDS, strict=True) if n)


def _retention(value: str) -> str:
    seconds = retention_seconds(value)
    if seconds is None:
        raise ValueError("is not a duration such as 14d, 2w or 720h")
    # The compactor deletes whole index tables, one per 24h period (the tsdb schema's): a
    # shorter or fractional period would keep logs longer than it says.
    if seconds == 0 or seconds % DAY_SECONDS:
        raise ValueError("must be a whole number of days (Loki deletes by 24h index period), such as 14d")
    return value


def _search_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        raise ValueError("must be http(s)://host[:port] of the Elasticsearch or OpenSearch server, without a path")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("must carry no credentials or query: ELASTICSEARCH_USERNAME/PASSWORD are secrets")
    try:
        parts.port  # noqa: B018 -- urlsplit checks the port only when it is read
    except ValueError as error:
        raise ValueError(f"has a bad port: {error}") from None
    return value


Retention = Annotated[str, AfterValidator(_retention)]
SearchUrl = Annotated[str, AfterValidator(_search_url)]


class LoggingSettings(OffsiteSettings):
    # --- log aggregation (docs/logs.md) ---
    logging: LoggingMode = "none"
    logging_namespace: DnsLabel = "logging"
    log_retention: Retention = "14d"
    log_storage_size: Memory = "10Gi"
    elasticsearch_username: Secret | None = None
    elasticsearch_password: Annotated[Secret | None, Field(validate_default=True)] = None
    # After LOGGING: required only in its elasticsearch mode.
    elasticsearch_url: Annotated[SearchUrl | None, Field(validate_default=True)] = None

    @field_validator("elasticsearch_url")
    @classmethod
    def _url_for_elasticsearch(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("logging") == "elasticsearch" and value is None:
            raise ValueError("is required when LOGGING=elasticsearch: the server the shipper writes to")
        return value

    @field_validator("elasticsearch_password")
    @classmethod
    def _password_with_user(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        # Basic auth needs both; one alone would fail only on the host, at the first flush.
        if (value is None) != (info.data.get("elasticsearch_username") is None):
            raise ValueError("and ELASTICSEARCH_USERNAME are set together (basic auth) or not at all")
        return value
