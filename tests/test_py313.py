"""scripts/py313.py: which Python 3.13 runs the backend's suite (native or a rootfs), and that a
rootfs is used only when its build completed. Fast: fake interpreters and a fake mmdebstrap."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scripts import py313

ALL_TOOLS = {t: f"/usr/bin/{t}" for t in ("mmdebstrap", "unshare", "chroot", "mount", "ip")}


def fake_python(directory: Path, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    exe = directory / "python3.13"
    exe.write_text(f"#!/bin/sh\n{body}\n")
    exe.chmod(0o755)
    return directory


def test_a_failing_shim_counts_as_absent(tmp_path: Path) -> None:
    # pyenv's shim when 3.13 is installed but not selected: on PATH, exits 127
    shim = fake_python(tmp_path / "shims", 'echo "pyenv: python3.13: command not found" >&2; exit 127')
    assert py313.native_python(str(shim)) is None


def test_another_version_under_the_name_counts_as_absent(tmp_path: Path) -> None:
    other = fake_python(tmp_path / "other", "echo False /usr/bin/python3.11")
    assert py313.native_python(str(other)) is None


def test_a_working_one_after_a_broken_one_is_found_as_its_real_interpreter(tmp_path: Path) -> None:
    shim = fake_python(tmp_path / "shims", "exit 127")
    real = fake_python(tmp_path / "bin", "echo True /opt/python/3.13/bin/python3.13")
    path = os.pathsep.join([str(tmp_path / "missing"), str(shim), str(real)])
    assert py313.native_python(path) == "/opt/python/3.13/bin/python3.13"


def test_native_wins_even_without_root_or_tools(tmp_path: Path) -> None:
    choice = py313.choose("/usr/bin/python3.13", is_root=False, tools={}, rootfs=tmp_path, cached=False)
    assert choice == py313.Native("/usr/bin/python3.13")


def test_without_native_a_rootfs_as_root(tmp_path: Path) -> None:
    assert py313.choose(None, is_root=True, tools=ALL_TOOLS, rootfs=tmp_path, cached=False) == py313.Rootfs(tmp_path)


def test_a_cached_rootfs_needs_no_mmdebstrap(tmp_path: Path) -> None:
    tools = {**ALL_TOOLS, "mmdebstrap": None}
    assert py313.choose(None, is_root=True, tools=tools, rootfs=tmp_path, cached=True) == py313.Rootfs(tmp_path)


def test_neither_is_one_error_naming_what_is_missing(tmp_path: Path) -> None:
    tools = {**ALL_TOOLS, "mmdebstrap": None}
    with pytest.raises(py313.Missing, match=r"no working python3\.13 on PATH, and mmdebstrap missing .*install-system"):
        py313.choose(None, is_root=True, tools=tools, rootfs=tmp_path, cached=False)
    with pytest.raises(py313.Missing, match="needs root"):
        py313.choose(None, is_root=False, tools=ALL_TOOLS, rootfs=tmp_path, cached=False)


def test_main_fails_loudly_when_neither(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(py313, "native_python", lambda: None)
    monkeypatch.setattr(py313.shutil, "which", lambda _: None)
    monkeypatch.setattr(py313.os, "geteuid", lambda: 0)
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent")
    assert py313.main(["--which"]) == 2
    assert "error: the backend's suite on Python 3.13: no working python3.13" in capsys.readouterr().err


def test_the_rootfs_is_named_by_what_goes_in() -> None:
    assert py313.rootfs_key() == py313.rootfs_key(tuple(reversed(py313.PACKAGES)))
    assert py313.rootfs_key() != py313.rootfs_key((*py313.PACKAGES, "curl"))
    assert py313.rootfs_key() != py313.rootfs_key(suite="forky")


def test_a_build_appears_only_complete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "rootfs"
    stale = tmp_path / ".rootfs.tmp-1"  # an interrupted build's
    (stale / "usr").mkdir(parents=True)
    calls: list[list[str]] = []

    def failing(cmd: list[str], **_: Any) -> None:
        calls.append(cmd)
        Path(cmd[-1], "usr").mkdir(parents=True)
        raise subprocess.CalledProcessError(1, cmd)

    monkeypatch.setattr(py313.subprocess, "run", failing)
    with pytest.raises(subprocess.CalledProcessError):
        py313.build_rootfs(target)
    assert calls[0][:3] == ["unshare", "--mount", "mmdebstrap"]  # its mounts go with it
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rootfs.lock"]

    def succeeding(cmd: list[str], **_: Any) -> None:
        Path(cmd[-1], "usr").mkdir(parents=True)

    monkeypatch.setattr(py313.subprocess, "run", succeeding)
    py313.build_rootfs(target)
    assert (target / "checkout").is_dir()
    assert (target / "etc/ssl/certs/ca-certificates.crt").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rootfs", "rootfs.lock"]


def test_an_interrupted_build_with_mounts_left_in_it_is_not_removed(tmp_path: Path) -> None:
    stale = tmp_path / "my cache" / ".rootfs.tmp-1"
    (stale / "proc").mkdir(parents=True)
    escaped = str(stale).replace(" ", "\\040")
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        "22 1 0:21 / / rw - ext4 /dev/sda1 rw\n"
        f"90 22 0:5 / {escaped}/proc rw - proc proc rw\n"
        f"91 22 0:6 / {escaped}x/proc rw - proc proc rw\n"
    )
    assert py313.mounts_under(stale, mountinfo) == [f"{stale}/proc"]
    assert py313.mounts_under(tmp_path / "other", mountinfo) == []
