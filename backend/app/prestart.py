"""Before the server starts: wait for the database, then migrate it (``prestart``)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from app.db import create_oneshot_engine
from app.migrations import alembic_config
from app.settings import Settings

logger = logging.getLogger("app.prestart")

# Fixed key for pg_advisory_lock: every replica running `migrate` serialises on it.
MIGRATION_LOCK_KEY = 0x796F_7368_696B_6F  # "yoshiko"


class CommandError(Exception):
    pass


def _target(settings: Settings) -> str:
    url = settings.database_url_object
    return f"{url.host}:{url.port or 5432}/{url.database}"


def wait_for_db(settings: Settings, timeout: float, interval: float = 1.0) -> None:
    engine = create_oneshot_engine(settings)
    deadline = time.monotonic() + timeout
    attempt = 0
    try:
        while True:
            attempt += 1
            try:
                with engine.connect() as conn:
                    conn.execute(text("SELECT 1")).scalar_one()
            except Exception as exc:
                last = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise CommandError(
                        f"database {_target(settings)} not reachable after {timeout:g}s ({attempt} attempts); "
                        f"last error: {last}"
                    ) from None
                logger.info("waiting for database", extra={"attempt": attempt, "error": last})
                time.sleep(min(interval, remaining))
            else:
                logger.info("database is reachable", extra={"target": _target(settings), "attempts": attempt})
                return
    finally:
        engine.dispose()


def _current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


@contextlib.contextmanager
def migration_lock(settings: Settings, lock_timeout: float = 300.0) -> Iterator[Connection]:
    """A connection holding the session-level advisory lock that serializes migrations."""
    engine = create_oneshot_engine(settings)
    try:
        with engine.connect() as conn:
            logger.info("acquiring migration lock", extra={"lock_key": MIGRATION_LOCK_KEY})
            conn.execute(text(f"SET lock_timeout = {int(lock_timeout * 1000)}"))
            try:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            except Exception as exc:
                raise CommandError(f"could not get the migration lock within {lock_timeout:g}s: {exc}") from None
            conn.execute(text("SET lock_timeout = 0"))
            conn.commit()
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                conn.commit()
    finally:
        engine.dispose()


def migrate(settings: Settings, revision: str = "head", lock_timeout: float = 300.0) -> None:
    """``alembic upgrade <revision>`` while holding the migration lock."""
    with migration_lock(settings, lock_timeout) as conn:
        before = _current_revision(conn)
        conn.commit()
        cfg = alembic_config(settings)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
        after = _current_revision(conn)
        conn.commit()
        logger.info(
            "migrations applied" if before != after else "database already up to date",
            extra={"from_revision": before, "to_revision": after},
        )


def downgrade(settings: Settings, revision: str) -> None:
    with migration_lock(settings) as conn:
        cfg = alembic_config(settings)
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()


def prestart(settings: Settings) -> None:
    """What runs before every server start (the pod's init container, ``make run``, ``make dev``)."""
    wait_for_db(settings, settings.db_wait_timeout)
    migrate(settings)
