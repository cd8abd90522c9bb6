"""`make synth` and `cdk8s synth` produce the same bytes, every time; a failed CLI synth restores dist/."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BASE_ENV, ROOT

pytestmark = pytest.mark.slow
CDK8S = ROOT / "tools" / "node_modules" / ".bin" / "cdk8s"


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    """A copy of the app (the CLI writes beside cdk8s.yaml), sharing the installed environments."""
    for name in ("main.py", "cdk8s.yaml", "charts", "imports", "tools"):
        target = tmp_path / name
        if name == "tools":
            target.symlink_to(ROOT / name)
        elif (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, target)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    return tmp_path


def env(**extra: str) -> dict[str, str]:
    return {
        "PATH": f"{ROOT / 'tools/node_modules/.bin'}:{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", "/tmp"),
        **BASE_ENV,
        **extra,
    }


def same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    names = sorted(p.name for p in a.iterdir())
    return (
        names == sorted(p.name for p in b.iterdir())
        and not cmp.diff_files
        and all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)
    )


def test_cli_and_make_synth_are_byte_identical(workdir: Path) -> None:
    subprocess.run([sys.executable, "main.py"], cwd=workdir, env=env(), check=True, capture_output=True)
    shutil.copytree(workdir / "dist", workdir / "first")
    subprocess.run([sys.executable, "main.py"], cwd=workdir, env=env(), check=True, capture_output=True)
    assert same_tree(workdir / "first", workdir / "dist"), "two synths differ"
    subprocess.run([str(CDK8S), "synth"], cwd=workdir, env=env(), check=True, capture_output=True)
    assert same_tree(workdir / "first", workdir / "dist"), "cdk8s synth differs from python main.py"


def test_failed_cli_synth_restores_dist(workdir: Path) -> None:
    subprocess.run([str(CDK8S), "synth"], cwd=workdir, env=env(), check=True, capture_output=True)
    shutil.copytree(workdir / "dist", workdir / "before")
    failed = subprocess.run(
        [str(CDK8S), "synth"], cwd=workdir, env=env(SECRET_KEY="short"), capture_output=True, text=True
    )
    assert failed.returncode != 0
    assert "SECRET_KEY" in failed.stderr + failed.stdout
    assert same_tree(workdir / "before", workdir / "dist")
