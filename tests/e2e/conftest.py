"""What both end-to-end stacks share: where their state lives."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from model.paths import ROOT
from pgcluster import runtime_dir


@pytest.fixture(scope="module")
def stack_state(request: pytest.FixtureRequest) -> Iterator[Path]:
    """A fresh DEV_STATE for the module's stack, removed afterwards.

    As root, in pgcluster's runtime directory: the unprivileged account that runs PostgreSQL
    and Traefik reaches it wherever the checkout sits (one under /root or in a `mktemp -d`
    is closed to it). Otherwise under .cache/, not under pytest's temporary root: any pytest
    session resets that to mode 700.
    """
    parent = runtime_dir() if os.geteuid() == 0 else ROOT / ".cache"
    parent.mkdir(exist_ok=True)
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    state = Path(tempfile.mkdtemp(prefix=f"e2e-{name}-", dir=parent))
    state.chmod(0o755)
    yield state
    shutil.rmtree(state, ignore_errors=True)
