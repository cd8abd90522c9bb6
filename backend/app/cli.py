"""Operational commands (run by the backend pod's init container).

python -m app.cli wait-for-db --timeout 120   # retry until SELECT 1 works
python -m app.cli migrate                     # alembic upgrade head under an advisory lock
python -m app.cli init --timeout 120          # both, in that order
python -m app.cli downgrade base              # developer use
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from collections.abc import Iterator, Sequence

from alembic import command
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, text

from app.db import create_oneshot_engine
from app.logging_config import configure_logging
from app.migrations import alembic_config
from app.settings import Settings, load_settings_or_exit

logger = logging.getLogger("app.cli")

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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description="backend operational commands")
    sub = parser.add_subparsers(dest="command", required=True)
    p_wait = sub.add_parser("wait-for-db", help="retry until the database answers SELECT 1")
    p_wait.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    p_wait.add_argument("--interval", type=float, default=1.0, help="seconds between attempts")
    p_mig = sub.add_parser("migrate", help="alembic upgrade under a Postgres advisory lock")
    p_mig.add_argument("--revision", default="head")
    p_mig.add_argument("--lock-timeout", type=float, default=300.0, help="seconds to wait for the lock")
    p_init = sub.add_parser("init", help="wait-for-db then migrate")
    p_init.add_argument("--timeout", type=float, default=120.0)
    p_init.add_argument("--lock-timeout", type=float, default=300.0)
    p_down = sub.add_parser("downgrade", help="alembic downgrade (developer use)")
    p_down.add_argument("revision")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings_or_exit()
    configure_logging(settings.log_level)
    try:
        if args.command == "wait-for-db":
            wait_for_db(settings, args.timeout, args.interval)
        elif args.command == "migrate":
            migrate(settings, args.revision, args.lock_timeout)
        elif args.command == "init":
            wait_for_db(settings, args.timeout)
            migrate(settings, "head", args.lock_timeout)
        elif args.command == "downgrade":
            downgrade(settings, args.revision)
    except CommandError as exc:
        logger.error("%s failed: %s", args.command, exc)  # noqa: TRY400 - a clear message, no traceback
        return 1
    except Exception:  # one JSON line with the traceback inside, not a raw stderr dump
        logger.exception("%s failed", args.command)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
