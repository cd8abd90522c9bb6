"""The frontend's run contract (frontend/contract.toml) as typed values.

The file, not this module, is the source: the chart, `make dev`, `make dev-frontend` and the
tests read it here; frontend/Dockerfile and frontend/Makefile cannot import Python and are
checked against it by tests/test_contract.py.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from model.paths import ROOT

CONTRACT_FILE = ROOT / "frontend" / "contract.toml"


@dataclass(frozen=True)
class FrontendContract:
    port: int
    health_path: str
    drain_seconds: int
    port_var: str  # PORT
    hostname_var: str  # HOSTNAME
    api_proxy_target_var: str  # API_PROXY_TARGET: next dev and next build only
    trusted_proxies_var: str  # TRUSTED_PROXIES: whose X-Request-Id proxy.ts keeps
    fixed_env: Mapping[str, str]

    def server_env(self, hostname: str, *, port: int | None = None) -> dict[str, str]:
        """The standalone server's environment when it listens on `hostname` (and `port`,
        the contract's unless given)."""
        return {
            self.port_var: str(self.port if port is None else port),
            self.hostname_var: hostname,
            **self.fixed_env,
        }


def load_frontend_contract(path: Path = CONTRACT_FILE) -> FrontendContract:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    server, env = data["server"], data["env"]
    return FrontendContract(
        port=int(server["port"]),
        health_path=server["health_path"],
        drain_seconds=int(server["drain_seconds"]),
        port_var=env["port"],
        hostname_var=env["hostname"],
        api_proxy_target_var=env["api_proxy_target"],
        trusted_proxies_var=env["trusted_proxies"],
        fixed_env=dict(env["fixed"]),
    )


FRONTEND_CONTRACT = load_frontend_contract()
