"""pgcluster's ports (pgcluster/pgcluster/ports.py), with real processes and sockets: outside the
ephemeral range, never handed to two live processes, never one something is bound to, and free
again once the process holding it has died."""

from __future__ import annotations

import contextlib
import random
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from pgcluster import PgClusterError, free_port, free_ports
from pgcluster.ports import PROJECT_PORTS, candidate_ports, ephemeral_range, held_ports, reserve_port

# Reserves on "go" (a line on stdin), prints the ports, and holds them until stdin closes.
HOLDER = """
import json, sys
from pgcluster.ports import reserve_port
count, pool = int(sys.argv[1]), json.loads(sys.argv[2])
sys.stdin.readline()
print(*(reserve_port(pool) for _ in range(count)), flush=True)
sys.stdin.read()
"""


@contextlib.contextmanager
def holders(count: int, each: int, pool: Sequence[int] | None) -> Iterator[list[subprocess.Popen[str]]]:
    argv = [sys.executable, "-c", HOLDER, str(each), "null" if pool is None else repr(list(pool))]
    procs = [
        subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.kill()
            proc.communicate(timeout=10)


def reserved_by(procs: list[subprocess.Popen[str]]) -> list[list[int]]:
    """Starts every holder's reservations at once, and returns what each got."""
    for proc in procs:
        assert proc.stdin
        proc.stdin.write("go\n")
        proc.stdin.flush()
    got = []
    for proc in procs:
        assert proc.stdout
        line = proc.stdout.readline()
        assert line, proc.communicate(timeout=10)[1]
        got.append([int(p) for p in line.split()])
    return got


def orphaned(count: int) -> list[int]:
    """Ports a process reserved and then exited: free, and locked by no one."""
    with holders(1, count, None) as procs:
        [ports] = reserved_by(procs)
    return ports


def test_processes_reserving_at_once_from_a_small_pool_never_share_a_port() -> None:
    pool = random.sample(candidate_ports(), 60)
    with holders(4, 10, pool) as procs:
        got = reserved_by(procs)
        everything = [port for ports in got for port in ports]
        assert len(everything) == 40
        assert len(set(everything)) == 40
        assert set(everything) <= set(pool)


def test_processes_reserving_at_once_from_the_whole_range_never_share_a_port() -> None:
    with holders(3, 30, None) as procs:
        got = reserved_by(procs)
        everything = [port for ports in got for port in ports] + list(free_ports(30))
    assert len(set(everything)) == 120


def test_a_reserved_port_is_outside_the_ephemeral_range_and_the_projects_own() -> None:
    low, high = (int(field) for field in Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split())
    ports = free_ports(50)
    assert len(set(ports)) == 50
    assert set(ports) <= held_ports()
    assert not [p for p in ports if low <= p <= high or p < 10000 or p in PROJECT_PORTS | {6666, 25432}]


def test_the_ephemeral_range_falls_back_to_linuxs_default_and_bounds_the_candidates(tmp_path: Path) -> None:
    assert ephemeral_range(tmp_path / "missing") == (32768, 60999)
    kernel = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
    assert ephemeral_range() == tuple(int(f) for f in kernel)
    candidates = candidate_ports((20000, 65535))
    assert candidates[0] == 10000
    assert candidates[-1] == 19999


def test_a_port_something_listens_on_is_skipped() -> None:
    busy, free = orphaned(2)
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind
        listener.bind(("127.0.0.1", busy))
        listener.listen()
        assert reserve_port([busy, free]) == free
        with pytest.raises(PgClusterError, match=f"no free port among {busy}"):
            reserve_port([busy])


def test_a_port_bound_only_on_ipv6_is_skipped() -> None:
    busy, free = orphaned(2)
    try:
        listener = socket.socket(socket.AF_INET6)
        listener.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        listener.bind(("::1", busy))
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with listener:
        listener.listen()
        assert reserve_port([busy, free]) == free


def test_the_lock_goes_with_the_process_that_held_it() -> None:
    with holders(1, 1, None) as procs:
        [[port]] = reserved_by(procs)
        with pytest.raises(PgClusterError, match=r"locked in .* by a live process"):
            reserve_port([port])
        procs[0].send_signal(signal.SIGKILL)  # no clean-up of its own: the kernel drops the lock
        procs[0].wait(timeout=10)
    assert reserve_port([port]) == port


def test_a_process_never_gets_its_own_port_twice() -> None:
    port = free_port()
    with pytest.raises(PgClusterError, match="no free port"):
        reserve_port([port])
