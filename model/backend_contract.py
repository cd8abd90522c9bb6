"""The backend's run contract (backend/app/contract.toml): read with tomllib, since the backend
is its own project in another virtualenv. The chart and `make dev` run the backend by it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

CONTRACT_FILE = Path(__file__).resolve().parent.parent / "backend" / "app" / "contract.toml"


@dataclass(frozen=True)
class BackendContract:
    prestart: tuple[str, ...]  # arguments after `python`
    serve: tuple[str, ...]
    liveness_path: str
    readiness_path: str
    status_path: str
    default_port: int
    drain_seconds: int


def load_backend_contract(path: Path = CONTRACT_FILE) -> BackendContract:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    commands, probes, server = data["commands"], data["probes"], data["server"]
    return BackendContract(
        prestart=tuple(commands["prestart"]),
        serve=tuple(commands["serve"]),
        liveness_path=probes["liveness"],
        readiness_path=probes["readiness"],
        status_path=probes["status"],
        default_port=int(server["default_port"]),
        drain_seconds=int(server["drain_seconds"]),
    )


BACKEND_CONTRACT = load_backend_contract()
