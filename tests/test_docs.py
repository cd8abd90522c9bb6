"""The README keeps up with the Makefile: every target `make help` lists is documented."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import ROOT

pytestmark = pytest.mark.slow


def test_every_make_target_is_in_the_readme() -> None:
    listing = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    targets = re.findall(r"^\s+(?:\x1b\[[0-9;]*m)?([a-z0-9-]+)", listing, flags=re.M)
    assert {"synth", "test", "deploy", "db-restore", "dev"} <= set(targets)
    readme = (ROOT / "README.md").read_text()
    missing = [t for t in targets if not re.search(rf"^\s+{re.escape(t)}\s{{2,}}", readme, flags=re.M)]
    assert not missing, f"README's target list lacks: {missing}"
    assert readme.index("make synth") < readme.index("## What `dist/` contains"), "the two commands come first"
