"""SQLAlchemy engine / pool and the database health probe."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from app.settings import Settings


def connect_args(settings: Settings) -> dict[str, object]:
    return {
        "connect_timeout": settings.db_connect_timeout,
        "application_name": "yoshikosan-backend",
        # a dead peer is noticed by the kernel instead of hanging forever
        "keepalives": 1,
        "keepalives_idle": 10,
        "keepalives_interval": 5,
        "keepalives_count": 3,
    }


def create_app_engine(settings: Settings) -> Engine:
    """Pooled engine; pre-ping replaces connections broken by a database restart."""
    return create_engine(
        settings.database_url_object,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args=connect_args(settings),
    )


def create_health_engine(settings: Settings) -> Engine:
    """Small separate pool for the readiness probe: autocommit (no BEGIN/ROLLBACK round trips)
    and a session statement_timeout of HEALTH_TIMEOUT, so each probe is pre-ping + SELECT 1.
    Kept apart from the application pool so the probe's timeout never applies to app queries."""
    timeout_ms = int(settings.health_timeout * 1000)
    return create_engine(
        settings.database_url_object,
        pool_size=1,
        max_overflow=4,
        pool_timeout=settings.health_timeout,
        pool_pre_ping=True,
        pool_recycle=1800,
        isolation_level="AUTOCOMMIT",
        connect_args=connect_args(settings) | {"options": f"-c statement_timeout={timeout_ms}"},
    )


def create_oneshot_engine(settings: Settings) -> Engine:
    """Engine without pooling for CLI commands."""
    return create_engine(settings.database_url_object, poolclass=NullPool, connect_args=connect_args(settings))


def ping(engine: Engine) -> None:
    """``SELECT 1``; raises on failure. With the health engine it is bounded by
    connect_timeout and the session statement_timeout."""
    with engine.connect() as conn:
        conn.execute(text("SELECT 1")).scalar_one()
