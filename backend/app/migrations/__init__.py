"""Alembic environment; configuration is built in code so it works from any cwd."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config

from app.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(settings: Settings | None = None) -> Config:
    """Alembic Config pointing at this package; env.py takes the DB from ``settings``
    (or, if None, from the environment through the same Settings class)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    if settings is not None:
        cfg.attributes["settings"] = settings
    return cfg
