"""yoshikosan backend service."""

from __future__ import annotations

import importlib.metadata
import tomllib
from pathlib import Path

DIST_NAME = "yoshikosan-backend"
BACKEND_DIR = Path(__file__).resolve().parent.parent


def _package_version() -> str:
    """Version of the project: installed metadata, else backend/pyproject.toml."""
    try:
        return importlib.metadata.version(DIST_NAME)
    except importlib.metadata.PackageNotFoundError:
        pass
    try:
        with (BACKEND_DIR / "pyproject.toml").open("rb") as fh:
            return str(tomllib.load(fh)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "0.0.0+unknown"


__version__ = _package_version()
