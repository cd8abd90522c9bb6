"""JSON logs on stdout, one object per line, for the app and uvicorn's loggers."""

from __future__ import annotations

import json
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

# Attributes every LogRecord has; anything else was passed via ``extra=`` and is emitted.
_RESERVED = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message", "taskName"}


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extra, "exc_info"?}``."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _RESERVED and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(out, default=str, ensure_ascii=False)


def logging_dict(level: str = "INFO") -> dict[str, Any]:
    """dictConfig for root, app and uvicorn loggers (uvicorn's own access log is silenced:
    the access middleware writes access lines instead)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "app.logging_config.JsonFormatter"}},
        # On the handler, not a logger: records propagated from any logger pass through it.
        "filters": {"request_id": {"()": "app.request_id.RequestIdFilter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "filters": ["request_id"],
                "stream": "ext://sys.stdout",
            },
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "uvicorn": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.error": {"handlers": [], "level": level, "propagate": True},
            "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False},
            "sqlalchemy": {"handlers": [], "level": "WARNING", "propagate": True},
            "alembic": {"handlers": [], "level": level, "propagate": True},
        },
    }


def configure_logging(level: str = "INFO") -> None:
    logging.config.dictConfig(logging_dict(level))
