"""The run contract (``contract.toml`` beside this file) as typed values.

The file, not this module, is the source: the root project reads it with ``tomllib``
because it cannot import the backend (separate virtualenv).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

CONTRACT_FILE = Path(__file__).resolve().with_name("contract.toml")


@dataclass(frozen=True)
class Contract:
    prestart: tuple[str, ...]
    serve: tuple[str, ...]
    liveness_path: str
    readiness_path: str
    status_path: str
    default_port: int
    metrics_port: int
    drain_seconds: int


def load_contract(path: Path = CONTRACT_FILE) -> Contract:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    commands, probes, server = data["commands"], data["probes"], data["server"]
    return Contract(
        prestart=tuple(commands["prestart"]),
        serve=tuple(commands["serve"]),
        liveness_path=probes["liveness"],
        readiness_path=probes["readiness"],
        status_path=probes["status"],
        default_port=int(server["default_port"]),
        metrics_port=int(server["metrics_port"]),
        drain_seconds=int(server["drain_seconds"]),
    )


CONTRACT = load_contract()
