"""pgcluster in the root project: the one pin of the PostgreSQL version, and one lint/type config.

(Its behaviour, on real servers, is tested in backend/tests/test_pgcluster.py.)"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, one

from pgcluster import PG_VERSION

MAJOR_MINOR = ".".join(PG_VERSION.split(".")[:2])
PIN_FILE = "pgcluster/pgcluster/binaries.py"
GENERATED_BLOCK = re.compile(r"<!-- generated: [a-z-]+ -->.*?<!-- end -->", re.S)


def test_the_image_runs_the_version_the_tests_run(docs: list[dict[str, Any]]) -> None:
    [container] = one(docs, "StatefulSet", "postgres")["spec"]["template"]["spec"]["containers"]
    assert container["image"] == f"postgres:{MAJOR_MINOR}-alpine"


@pytest.mark.slow  # a process
def test_the_postgres_version_is_written_once() -> None:
    """The major.minor appears in pgcluster's pin and nowhere else in the sources: every other
    place derives it. (Generated files aside: snapshots, bindings, lock files.)"""
    pattern = re.compile(r"(?<![\d.])" + re.escape(MAJOR_MINOR) + r"(?![\d])")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    generated = ("imports/", "tests/__snapshots__/", "tests/fixtures/")
    found = []
    for name in tracked.decode().split("\0"):
        path = ROOT / name
        if not name or name.startswith(generated) or name == PIN_FILE or "lock" in path.name:
            continue
        if not path.is_file() or path.suffix in (".png", ".ico", ".woff2", ".tgz"):
            continue
        text = path.read_text(errors="replace")
        if path.suffix == ".md":  # make docs writes the settings' defaults, the pin's tag among them
            text = GENERATED_BLOCK.sub(lambda m: "\n" * m[0].count("\n"), text)
        found += [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1) if pattern.search(line)]
    assert not found


def test_the_root_config_alone_lints_and_types_pgcluster() -> None:
    source = ROOT / PIN_FILE
    own = tomllib.loads((ROOT / "pgcluster" / "pyproject.toml").read_text())
    assert not {"ruff", "mypy"} & set(own.get("tool", {})), "pgcluster/pyproject.toml is packaging only"
    root = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert str(source.parent.relative_to(ROOT)) in root["tool"]["mypy"]["files"]
    ruff = Path(sys.executable).parent / "ruff"
    shown = subprocess.run([ruff, "check", "--show-settings", source], capture_output=True, text=True, check=True)
    assert f'Settings path: "{ROOT / "pyproject.toml"}"' in shown.stdout
