"""What every part of pgcluster raises and how it speaks."""

from __future__ import annotations

import sys


class PgClusterError(RuntimeError):
    """Anything that prevents getting a working cluster."""


def log(msg: str) -> None:
    print(f"pgcluster: {msg}", file=sys.stderr, flush=True)
