"""Snapshot of every synthesized file: any change to dist/ shows up as a reviewable diff.

The snapshots are plain YAML under tests/__snapshots__/; accept an intended change
with `make snapshot-update` and review it with `git diff`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

EXPECTED_FILES = [
    "0000-foundation.yaml",
    "0001-traefik.yaml",
    "0002-postgres.yaml",
    "0003-backend.yaml",
    "0004-frontend.yaml",
    "0005-routing.yaml",
    "0006-backup.yaml",
    "0007-restore-drill.yaml",
    "0008-network.yaml",
]


class YamlSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "yaml"


@pytest.fixture
def snapshot_yaml(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(YamlSnapshot)


def test_the_file_set(dist_dir: Path) -> None:
    assert sorted(p.name for p in dist_dir.iterdir()) == EXPECTED_FILES


@pytest.mark.parametrize("name", EXPECTED_FILES)
def test_snapshot(dist_dir: Path, name: str, snapshot_yaml: SnapshotAssertion) -> None:
    assert (dist_dir / name).read_text() == snapshot_yaml


def test_snapshots_hold_no_secret() -> None:
    from conftest import SECRETS

    snapshots = Path(__file__).parent / "__snapshots__"
    text = "".join(p.read_text() for p in snapshots.rglob("*.yaml"))
    assert "kind: Deployment" in text, "the snapshots are missing"
    assert not any(value in text for value in SECRETS.values())
