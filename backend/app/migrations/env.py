"""Alembic env: the database URL comes from app.settings (never from alembic.ini)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from app.db import create_oneshot_engine
from app.models import Base
from app.settings import Settings, load_settings_or_exit

config = context.config
target_metadata = Base.metadata


def _configure_and_run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    """``alembic upgrade head --sql``: emit SQL, no database needed."""
    context.configure(dialect_name="postgresql", target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:  # shared connection (app.cli migrate holds the advisory lock on it)
        _configure_and_run(connection)
        return
    settings: Settings = config.attributes.get("settings") or load_settings_or_exit()
    engine = create_oneshot_engine(settings)
    try:
        with engine.connect() as conn:
            _configure_and_run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
