"""Process supervision for `make dev`: pidfiles, start/stop/alive, the fingerprints that tell
whether a part must restart, waiting for an answer, and who holds a port (from /proc).

A `Processes` is bound to one state directory: its pidfiles, fingerprints and logs live
there, and `down` stops exactly the processes whose pids it recorded.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pwd
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from model.digest import short_digest
from scripts.service import Service


class DevError(Exception):
    pass


# -- ports -----------------------------------------------------------------------------
def port_free(port: int, host: str) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers bind: TIME_WAIT is no conflict
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def listening_inodes(port: int, proc: Path = Path("/proc")) -> set[str]:
    """Inodes of the TCP sockets listening on `port`, any address, from /proc/net/tcp{,6}."""
    inodes = set()
    for table in ("tcp", "tcp6"):
        with contextlib.suppress(OSError):
            for line in (proc / "net" / table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    inodes.add(inode)
    return inodes


def port_holder(port: int, proc: Path = Path("/proc")) -> str | None:
    """'name (pid N)' of the process listening on `port`, when this user may see it."""
    sockets = {f"socket:[{inode}]" for inode in listening_inodes(port, proc)}
    if not sockets:
        return None
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            for fd in (entry / "fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in sockets:
                        return f"{(entry / 'comm').read_text().strip()} (pid {entry.name})"
    return None


def check_ports(wanted: Iterable[tuple[str, int]], host: str) -> None:
    """One line naming the first port another program holds, and that program when visible."""
    for name, port in wanted:
        if not port_free(port, host):
            holder = port_holder(port)
            by = f" by {holder}" if holder else ""
            raise DevError(
                f"port {port} ({name}) on {host} is in use{by}: stop it"
                f" (an earlier `make dev` from another checkout? `make dev-down` there); nothing was started"
            )


# -- processes -------------------------------------------------------------------------
def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(ChildProcessError):  # reap it if it is our own, exited child
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    # An exited process that an earlier run started stays a zombie until the init
    # process reaps it, which some inits do only every few seconds.
    with contextlib.suppress(OSError):
        if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def tree_digest(root: Path, entries: Iterable[str] | None = None, skip: frozenset[str] = frozenset()) -> str:
    """The contents of the files under `root` (or of `entries` in it), paths included."""

    def chunks() -> Iterator[bytes]:
        names = sorted(entries) if entries is not None else sorted(p.name for p in root.iterdir())
        for name in names:
            path = root / name
            if name in skip or name == "__pycache__" or not path.exists():
                continue
            files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
            for file in files:
                if "__pycache__" in file.parts or "node_modules" in file.parts:
                    continue
                yield str(file.relative_to(root)).encode() + b"\0" + file.read_bytes() + b"\0"

    return short_digest(chunks())


@contextlib.contextmanager
def undo_on_failure() -> Iterator[Callable[[Callable[[], object]], None]]:
    """Collects how to stop what this run started; runs it (last first) if the run fails."""
    undo: list[Callable[[], object]] = []
    try:
        yield undo.append
    except BaseException:
        for action in reversed(undo):
            with contextlib.suppress(Exception):
                action()
        raise


class Processes:
    """The stack's long-running processes, recorded under `state`/pids, logging to `state`/logs."""

    def __init__(self, state: Path) -> None:
        self.state = state

    def pidfile(self, name: str) -> Path:
        return self.state / "pids" / f"{name}.pid"

    def fingerprint_file(self, name: str) -> Path:
        return self.state / "pids" / f"{name}.fingerprint"

    def log(self, name: str) -> Path:
        return self.state / "logs" / f"{name}.log"

    def recorded_pid(self, name: str) -> int | None:
        try:
            pid = int(self.pidfile(name).read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        return pid if alive(pid) else None

    def recorded_services(self) -> list[str]:
        pids = self.state / "pids"
        return sorted(p.stem for p in pids.glob("*.pid")) if pids.is_dir() else []

    def start(self, service: Service) -> int:
        log = open(self.log(service.name), "ab")  # noqa: SIM115 (owned by the child)
        account = pwd.getpwnam(service.user) if service.user else None
        try:
            process = subprocess.Popen(
                service.argv,
                env=service.env,
                cwd=service.cwd,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                user=account.pw_uid if account else None,
                group=account.pw_gid if account else None,
                extra_groups=[] if account else None,
            )
        except OSError as error:
            raise DevError(f"{service.name}: cannot start {service.argv[0]}: {error}") from None
        finally:
            log.close()
        self.pidfile(service.name).write_text(f"{process.pid}\n")
        self.fingerprint_file(service.name).write_text(service.fingerprint)
        return process.pid

    def stop(self, name: str, timeout: float = 20) -> None:
        pid = self.recorded_pid(name)
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
            deadline = time.monotonic() + timeout
            while alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if alive(pid):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(pid, signal.SIGKILL)
        self.pidfile(name).unlink(missing_ok=True)
        self.fingerprint_file(name).unlink(missing_ok=True)

    def up_to_date(self, service: Service) -> bool:
        """Running, and started from what it would be started from now."""
        if self.recorded_pid(service.name) is None:
            return False
        try:
            return self.fingerprint_file(service.name).read_text() == service.fingerprint
        except FileNotFoundError:
            return False

    def ensure(self, service: Service) -> str:
        """Start it, keep it (running and unchanged) or restart it (changed). Returns which."""
        if self.up_to_date(service):
            return "unchanged"
        if self.recorded_pid(service.name) is not None:
            self.stop(service.name)
            self.start(service)
            return "restarted"
        self.start(service)
        return "started"

    def log_tail(self, name: str, lines: int = 15) -> str:
        try:
            return "\n".join(self.log(name).read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return ""

    def wait_http(self, url: str, *, timeout: float, expect: int = 200, service: str | None = None) -> None:
        """Until `url` answers `expect`; fails at once when `service` (a recorded process) exits."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if service is not None and self.recorded_pid(service) is None:
                raise DevError(f"{service} exited during start-up; its log ends:\n{self.log_tail(service)}")
            try:
                with urllib.request.urlopen(url, timeout=3) as response:
                    if response.status == expect:
                        return
                    last = f"HTTP {response.status}"
            except urllib.error.HTTPError as error:
                last = f"HTTP {error.code}"
            except OSError as error:
                last = str(error)
            time.sleep(0.1)
        raise DevError(
            f"{url} did not answer {expect} within {timeout:.0f} s (last: {last}); see {self.state / 'logs'}"
        )
