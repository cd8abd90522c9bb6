"""A long-running process of `make dev`, and the fingerprint that tells whether it must restart.

devstack.py starts every one of them; devmonitor.py describes its own (Prometheus, the exporter)
in the same terms, so both are started, stopped and compared alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from model.digest import short_digest


def digest(parts: Iterable[object]) -> str:
    """The short digest of the parts' reprs, each ended by a NUL."""
    return short_digest(repr(part).encode() + b"\0" for part in parts)


@dataclass(frozen=True)
class Service:
    """A long-running process of the stack, and what it was started from."""

    name: str
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    inputs: str  # digest of its sources/build/configuration: a change restarts it
    user: str | None = None  # drop to this account (when root)

    @property
    def fingerprint(self) -> str:
        # PATH differs between `make dev` and a direct run without changing what runs.
        env = sorted((k, v) for k, v in self.env.items() if k != "PATH")
        return digest([self.argv, env, str(self.cwd), self.inputs, self.user])
