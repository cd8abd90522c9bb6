"""TCP ports for servers a test (or ``make dev``'s tests) starts later, which no one can race.

A port from bind(0)-then-close is only "free a moment ago": before the server binds it, the
kernel may hand it to any outgoing connection or another bind(0). A port from here is

- outside the kernel's ephemeral range (``/proc/sys/net/ipv4/ip_local_port_range``), so no
  outgoing connection and no bind(0) on this machine is ever given it;
- at or above ``LOWEST`` (every port the project holds on purpose, ``make dev``'s and the
  NodePort range the tests use, is below it) and never one of ``PROJECT_PORTS``;
- reserved for the life of the calling process by an exclusive flock on a per-port file in a
  machine-wide directory (``PORTS_DIR``), so no other process using this module, whichever
  checkout or user it runs for, gets it while this one lives. The kernel drops the lock when
  the process ends, however it ends: there are no stale reservations;
- free when handed out: nothing is bound to it (a bind without SO_REUSEADDR, on every IPv4
  address and, where there is IPv6, on every IPv6 one, succeeds; it fails on a lingering
  TIME_WAIT too).

What it cannot promise: a program that does not use this module and binds a fixed port in
that range may still take it (no such program belongs to the project).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import random
import socket
import stat
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path

from pgcluster.errors import PgClusterError

EPHEMERAL_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
DEFAULT_EPHEMERAL_RANGE = (32768, 60999)  # Linux's default
# Above the well-known ports, the NodePort range the tests use (6666-9999, 6666 being the
# gateway's) and every fixed port of `make dev` (scripts/devlayout.py) but its PostgreSQL's.
LOWEST = 10000
HIGHEST = 65535
# `make dev`'s PostgreSQL: not 5432 (a PostgreSQL of the host's own may hold that), and below
# the ephemeral range. Written here so that free_port() can keep off it; scripts/devlayout.py uses it.
DEV_PG_PORT = 25432
PROJECT_PORTS = frozenset({DEV_PG_PORT})
# Shared by every user and checkout on the machine, so not TMPDIR (which may be per user).
PORTS_DIR = Path("/tmp/pgcluster-ports")

_held: dict[int, int] = {}  # port -> the fd holding its lock, open for the life of the process
_guard = threading.Lock()


def ephemeral_range(source: Path = EPHEMERAL_RANGE_FILE) -> tuple[int, int]:
    """The kernel's ephemeral port range, inclusive; Linux's default where it cannot be read."""
    try:
        low, high = (int(field) for field in source.read_text().split())
    except (OSError, ValueError):
        return DEFAULT_EPHEMERAL_RANGE
    return low, high


def candidate_ports(ephemeral: tuple[int, int] | None = None) -> list[int]:
    """Every port ``free_port`` may hand out: ``LOWEST``-``HIGHEST`` without the ephemeral
    range and ``PROJECT_PORTS``."""
    low, high = ephemeral or ephemeral_range()
    return [p for p in range(LOWEST, HIGHEST + 1) if not low <= p <= high and p not in PROJECT_PORTS]


def held_ports() -> frozenset[int]:
    """The ports this process has reserved (and holds until it exits)."""
    with _guard:
        return frozenset(_held)


def free_port() -> int:
    """A port no one else listens on, reserved for this process until it exits (see above)."""
    return reserve_port()


def free_ports(count: int) -> tuple[int, ...]:
    """``count`` distinct ports, each as ``free_port`` gives them."""
    return tuple(reserve_port() for _ in range(count))


def reserve_port(candidates: Sequence[int] | None = None, *, directory: Path = PORTS_DIR) -> int:
    """The first of ``candidates`` (default ``candidate_ports()``, searched from a random
    place, wrapping around) that this process can lock and nothing is bound to; it stays
    locked until the process exits. ``PgClusterError`` when there is none."""
    pool = list(candidate_ports() if candidates is None else candidates)
    if not pool:
        raise PgClusterError("no port to choose from: the ephemeral range covers every candidate")
    start = random.randrange(len(pool))
    directory = _ports_dir(directory)
    with _guard:
        for port in pool[start:] + pool[:start]:
            if port in _held:
                continue
            fd = _lock(directory / str(port))
            if fd is None:
                continue
            if _bound(port):
                os.close(fd)
                continue
            _held[port] = fd
            return port
    raise PgClusterError(
        f"no free port among {_describe(pool)}: each is locked in {directory} by a live process or in use"
    )


def _ports_dir(directory: Path) -> Path:
    """``directory``, made when missing: a real directory everyone may write, sticky (like /tmp)."""
    with contextlib.suppress(FileExistsError):
        directory.mkdir()
        with contextlib.suppress(PermissionError):
            directory.chmod(0o1777)
    st = directory.lstat()
    if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid() and st.st_mode & 0o1777 != 0o1777:
        directory.chmod(0o1777)  # ours, made under another umask or by an older version
        st = directory.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o1777 != 0o1777:
        raise PgClusterError(
            f"{directory} must be a directory everyone may write, with the sticky bit (mode 1777): "
            "remove it and try again"
        )
    return directory


def _lock(path: Path) -> int | None:
    """An fd holding the exclusive lock on ``path``, or None when another process holds it.

    Opened read-only (flock needs no write access) without O_CREAT when it exists: in a sticky
    directory, fs.protected_regular refuses O_CREAT on another user's file. The lock is kept only
    if ``path`` still names the locked file, so a file removed and made again is never locked
    twice under one name."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC
    while True:
        try:
            fd = os.open(path, flags)
        except FileNotFoundError:
            try:
                fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            with contextlib.suppress(OSError):
                os.fchmod(fd, 0o644)  # whatever the umask: every user's processes lock it too
        except OSError:  # not ours to open (mode, a symlink planted there): not ours to use
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as error:
            os.close(fd)
            if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                return None
            raise
        locked = os.fstat(fd)
        try:
            same = os.path.samestat(locked, os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if same and stat.S_ISREG(locked.st_mode):
            return fd
        os.close(fd)
        if same:  # not a regular file: planted, not ours
            return None


def _bound(port: int) -> bool:
    """Whether anything is bound to ``port`` on any address (TIME_WAIT included): a bind
    without SO_REUSEADDR to the wildcard address fails then."""
    families: Iterable[tuple[socket.AddressFamily, str]] = ((socket.AF_INET, "0.0.0.0"), (socket.AF_INET6, "::"))
    for family, wildcard in families:
        try:
            probe = socket.socket(family, socket.SOCK_STREAM)
        except OSError:  # no IPv6 here
            continue
        with probe:
            if family == socket.AF_INET6:
                probe.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            try:
                probe.bind((wildcard, port))
            except OSError as error:
                if error.errno == errno.EADDRNOTAVAIL:  # IPv6 without an address: nothing bound there
                    continue
                return True
    return False


def _describe(pool: Sequence[int]) -> str:
    if len(pool) <= 5:
        return ", ".join(map(str, pool))
    return f"{len(pool)} ports ({min(pool)}-{max(pool)})"
