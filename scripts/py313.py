"""The backend's suite on the Python its image ships (3.13), beside the host's run: `make test-backend-313`.

Which 3.13: a working ``python3.13`` on PATH, run natively (a pyenv shim that fails is absent).
Otherwise a Debian trixie rootfs with its python3.13, built once by mmdebstrap into
``~/.cache/yoshikosan/`` (named by what goes into it; built in a temporary directory and renamed,
so an interrupted build is never used), and entered as root in private mount, PID and (for the
tests) network namespaces: the checkout is bind-mounted at /checkout, the host's uv cache, CA
bundle, pip.conf and DNS settings are mounted in, and everything vanishes with the process.
Neither possible: one error that names what is missing.

Both ways install into backend/.venv-3.13 (the host's backend/.venv stays its own) and share the
checkout's PostgreSQL binaries (model/paths.py), fetched on the host first.
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from model.paths import PGCLUSTER_CACHE, ROOT

VERSION = (3, 13)
NAME = "python{}.{}".format(*VERSION)
VENV_NAME = ".venv-{}.{}".format(*VERSION)
# What goes into the rootfs (libxml2: the PostgreSQL binaries link it; binutils: the image's
# builder strips the compiled extensions, and a test strips a real copy). A change here names a
# new rootfs, so a cached one is never used for another list.
SUITE = "trixie"
PACKAGES = ("python3.13", "python3.13-venv", "make", "git", "libxml2", "binutils")
ROOTFS_LAYOUT = 1  # bump when what this script adds to the rootfs after mmdebstrap changes
CHECKOUT = "/checkout"  # where the checkout appears inside the rootfs
UV_CACHE = "/uv-cache"
# Host files mounted over the rootfs's own (if the host has them): PyPI through the host's CA
# bundle and pip settings, names through its resolver.
HOST_FILES = ("/etc/resolv.conf", "/etc/hosts", "/etc/ssl/certs/ca-certificates.crt", "/etc/pip.conf")
# What entering the rootfs takes, and building it besides.
ENTER_TOOLS = ("unshare", "chroot", "mount", "ip")
BUILD_TOOLS = ("mmdebstrap",)
PYTEST_ADDOPTS = "-p no:cacheprovider"
PROBE = "import sys; print(sys.version_info[:2] == ({}, {}), sys.executable)".format(*VERSION)


class Py313Error(Exception):
    pass


class Missing(Py313Error):
    """Neither a native 3.13 nor the means to build a rootfs with one."""


@dataclass(frozen=True)
class Native:
    python: str


@dataclass(frozen=True)
class Rootfs:
    path: Path


def native_python(path: str | None = None) -> str | None:
    """The interpreter of the first ``python3.13`` on ``path`` (default: PATH) that runs and is 3.13.

    Every match is tried in PATH order, so a broken pyenv shim does not hide a working one
    further on. The answer is the interpreter's own ``sys.executable``, not the shim.
    """
    dirs = (os.environ.get("PATH", "") if path is None else path).split(os.pathsep)
    for d in dict.fromkeys(d for d in dirs if d):
        exe = Path(d) / NAME
        if not (exe.is_file() and os.access(exe, os.X_OK)):
            continue
        try:
            proc = subprocess.run([str(exe), "-c", PROBE], capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired):
            continue
        ok, _, real = proc.stdout.strip().partition(" ")
        if proc.returncode == 0 and ok == "True" and real:
            return real
    return None


def rootfs_key(packages: Sequence[str] = PACKAGES, suite: str = SUITE) -> str:
    spec = {"suite": suite, "packages": sorted(packages), "machine": os.uname().machine, "layout": ROOTFS_LAYOUT}
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


def cache_home(env: Mapping[str, str] = os.environ) -> Path:
    return Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "yoshikosan"


def rootfs_path(env: Mapping[str, str] = os.environ) -> Path:
    return cache_home(env) / f"rootfs-{SUITE}-py313-{rootfs_key()}"


def choose(
    native: str | None, *, is_root: bool, tools: Mapping[str, str | None], rootfs: Path, cached: bool
) -> Native | Rootfs:
    """Native when there is a working 3.13; else the rootfs, when it can be built (or is) and entered."""
    if native:
        return Native(native)
    why = f"no working {NAME} on PATH"
    if not is_root:
        raise Missing(f"{why}, and the Debian {SUITE} rootfs with one needs root: install {NAME} or run as root")
    needed = ENTER_TOOLS if cached else BUILD_TOOLS + ENTER_TOOLS
    absent = [t for t in needed if not tools.get(t)]
    if absent:
        hint = " (`make install-system` installs it)" if "mmdebstrap" in absent else ""
        raise Missing(f"{why}, and {', '.join(absent)} missing to build and enter a Debian {SUITE} rootfs{hint}")
    return Rootfs(rootfs)


def build_rootfs(target: Path) -> None:
    """mmdebstrap into a temporary sibling, then rename: ``target`` exists only when complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / f"{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.is_dir():
            return
        # Under the lock, any temporary directory is an interrupted build's.
        for stale in target.parent.glob(f".{target.name}.tmp-*"):
            remove_tree(stale)
        tmp = target.parent / f".{target.name}.tmp-{os.getpid()}"
        print(f"py313: building a Debian {SUITE} rootfs with {', '.join(PACKAGES)} into {target}", file=sys.stderr)
        try:
            # In a mount namespace of its own: what mmdebstrap mounts in the tree (proc, sys,
            # dev) goes with it, even when it is killed.
            subprocess.run(
                [
                    "unshare",
                    "--mount",
                    "mmdebstrap",
                    "--quiet",
                    "--variant=apt",
                    f"--include={','.join(PACKAGES)}",
                    SUITE,
                    str(tmp),
                ],
                check=True,
            )
            for d in (CHECKOUT, UV_CACHE):
                (tmp / d.lstrip("/")).mkdir(parents=True, exist_ok=True)
            for f in HOST_FILES:  # mount points for the host's files
                (tmp / f.lstrip("/")).parent.mkdir(parents=True, exist_ok=True)
                (tmp / f.lstrip("/")).touch()
            tmp.rename(target)
        except BaseException:
            remove_tree(tmp)
            raise


def mounts_under(path: Path, mountinfo: Path = Path("/proc/self/mountinfo")) -> list[str]:
    """The mount points at or below ``path`` (mountinfo's fifth field, octal escapes undone)."""
    prefix = str(path.resolve())
    points = [line.split()[4].encode().decode("unicode_escape") for line in mountinfo.read_text().splitlines()]
    return [p for p in points if p == prefix or p.startswith(prefix + "/")]


def remove_tree(path: Path) -> None:
    """rmtree, but never through a mount: a tree with something mounted in it is an error."""
    if not path.exists():
        return
    mounted = mounts_under(path)
    if mounted:
        raise Py313Error(f"{path} has mounts in it ({', '.join(mounted)}): unmount them (umount -R) and remove it")
    shutil.rmtree(path, ignore_errors=True)


# Runs as PID 1 of the new namespaces, on the host's tools: $1 rootfs, $2 checkout, $3 uv cache,
# then the host files to mount over the rootfs's own; run_rootfs gives the rest in the
# environment. In the rootfs: the install (with the network), then the tests (without: their
# servers cannot meet the host's on a port).
ENTER = r"""
set -euo pipefail
root=$1 checkout=$2 uvcache=$3
shift 3
mount --make-rprivate /
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
mount --bind "$checkout" "$root$IN_CHECKOUT"
mount --bind "$uvcache" "$root$IN_UV_CACHE"
for f in "$@"; do
  if [ -e "$f" ]; then mount --bind "$(realpath "$f")" "$root$f"; fi
done
ENV=(PATH=/usr/local/bin:/usr/bin:/bin HOME=/root LANG=C.UTF-8 TMPDIR=/tmp
     SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt "UV_CACHE_DIR=$IN_UV_CACHE" UV_LINK_MODE=copy
     "PYTEST_ADDOPTS=$IN_PYTEST_ADDOPTS")
MAKE=(make -C "$IN_CHECKOUT/backend" "PYTHON=/usr/bin/$IN_PYTHON" "VENV=$IN_CHECKOUT/backend/$IN_VENV")
chroot "$root" /usr/bin/env -i "${ENV[@]}" "${MAKE[@]}" install
unshare --net bash -c 'ip link set lo up && exec chroot "$1" /usr/bin/env -i "${@:2}"' net \
  "$root" "${ENV[@]}" "${MAKE[@]}" test
"""


def run_native(python: str) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    env["PYTEST_ADDOPTS"] = PYTEST_ADDOPTS
    cmd = [
        "make",
        "-C",
        str(ROOT / "backend"),
        "install",
        "test",
        f"PYTHON={python}",
        f"VENV={ROOT / 'backend' / VENV_NAME}",
    ]
    return subprocess.run(cmd, env=env, check=False).returncode


def run_rootfs(rootfs: Path) -> int:
    uv_cache = Path(os.environ.get("UV_CACHE_DIR") or Path.home() / ".cache" / "uv")
    uv_cache.mkdir(parents=True, exist_ok=True)
    cmd = ["unshare", "--mount", "--pid", "--fork", "--kill-child", "bash", "-c", ENTER, "enter"]
    cmd += [str(rootfs), str(ROOT), str(uv_cache), *HOST_FILES]
    env = {
        **os.environ,
        "IN_CHECKOUT": CHECKOUT,
        "IN_UV_CACHE": UV_CACHE,
        "IN_PYTHON": NAME,
        "IN_VENV": VENV_NAME,
        "IN_PYTEST_ADDOPTS": PYTEST_ADDOPTS,
    }
    return subprocess.run(cmd, env=env, check=False).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--which", action="store_true", help="say which 3.13 would run, and exit")
    args = parser.parse_args(argv)
    rootfs = rootfs_path()
    tools = {t: shutil.which(t) for t in BUILD_TOOLS + ENTER_TOOLS}
    try:
        choice = choose(native_python(), is_root=os.geteuid() == 0, tools=tools, rootfs=rootfs, cached=rootfs.is_dir())
    except Missing as exc:
        print(f"error: the backend's suite on Python 3.13: {exc}", file=sys.stderr)
        return 2
    if args.which:
        print(f"native {choice.python}" if isinstance(choice, Native) else f"rootfs {choice.path}")
        return 0
    # The binaries once, on the host (its pip and index settings), so the tests need no network.
    from pgcluster.binaries import ensure_binaries

    ensure_binaries(PGCLUSTER_CACHE)
    if isinstance(choice, Native):
        print(f"py313: {choice.python}", file=sys.stderr)
        return run_native(choice.python)
    if not choice.path.is_dir():
        start = time.monotonic()
        try:
            build_rootfs(choice.path)
        except Py313Error as exc:
            print(f"error: the backend's suite on Python 3.13: {exc}", file=sys.stderr)
            return 2
        print(f"py313: rootfs ready in {time.monotonic() - start:.0f} s", file=sys.stderr)
    print(f"py313: in {choice.path}", file=sys.stderr)
    return run_rootfs(choice.path)


if __name__ == "__main__":
    sys.exit(main())
