"""The backend's command line: how every launcher runs it (see contract.toml).

python -m app.cli prestart       # before the server: wait-for-db (DB_WAIT_TIMEOUT), then migrate
python -m app.cli serve          # the HTTP server on HOST:PORT, graceful drain on SIGTERM
                                 # (--reload: restarted on every change under app/, for development)
python -m app.cli check-config   # validate the environment; print the setting names it reads
python -m app.cli wait-for-db    # retry until SELECT 1 works
python -m app.cli migrate        # alembic upgrade head under an advisory lock
python -m app.cli downgrade base # developer use
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence

from app.contract import CONTRACT
from app.logging_config import configure_logging
from app.settings import Settings, load_settings_or_exit

logger = logging.getLogger("app.cli")


def setting_names() -> list[str]:
    return [name.upper() for name in Settings.model_fields]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.cli", description="the backend's commands")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help=f"HTTP server on HOST:PORT; drains {CONTRACT.drain_seconds}s on SIGTERM")
    p_serve.add_argument("--reload", action="store_true", help="restart on every change under app/ (development)")
    sub.add_parser("prestart", help="wait-for-db (DB_WAIT_TIMEOUT), then migrate: run before serve")
    sub.add_parser("check-config", help="validate the environment, print the setting names read (JSON)")
    p_wait = sub.add_parser("wait-for-db", help="retry until the database answers SELECT 1")
    p_wait.add_argument("--timeout", type=float, help="seconds (default: DB_WAIT_TIMEOUT)")
    p_wait.add_argument("--interval", type=float, default=1.0, help="seconds between attempts")
    p_mig = sub.add_parser("migrate", help="alembic upgrade under a Postgres advisory lock")
    p_mig.add_argument("--revision", default="head")
    p_mig.add_argument("--lock-timeout", type=float, default=300.0, help="seconds to wait for the lock")
    p_down = sub.add_parser("downgrade", help="alembic downgrade (developer use)")
    p_down.add_argument("revision")
    return parser


def run(args: argparse.Namespace, settings: Settings) -> int:
    # Each command imports only what it needs: the server never loads alembic (about a
    # second of start-up on a small host) and prestart never loads the web framework.
    if args.command == "serve":
        from app.server import serve  # noqa: PLC0415

        serve(settings, reload=args.reload)
        return 0
    if args.command == "check-config":
        print(json.dumps({"message": "configuration valid", "settings": setting_names()}))
        return 0
    from app import prestart  # noqa: PLC0415

    try:
        if args.command == "prestart":
            prestart.prestart(settings)
        elif args.command == "wait-for-db":
            prestart.wait_for_db(settings, args.timeout or settings.db_wait_timeout, args.interval)
        elif args.command == "migrate":
            prestart.migrate(settings, args.revision, args.lock_timeout)
        elif args.command == "downgrade":
            prestart.downgrade(settings, args.revision)
    except prestart.CommandError as exc:
        logger.error("%s failed: %s", args.command, exc)  # noqa: TRY400 - a clear message, no traceback
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings_or_exit()
    configure_logging(settings.log_level)
    try:
        return run(args, settings)
    except Exception:  # one JSON line with the traceback inside, not a raw stderr dump
        logger.exception("%s failed", args.command)
        return 1


if __name__ == "__main__":
    sys.exit(main())
