"""One PostgreSQL cluster: a data directory, a server on 127.0.0.1, and the way to reach it."""

from __future__ import annotations

import contextlib
import os
import pwd
import stat
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

from pgcluster.account import runtime_dir_for, traversable, unprivileged_account
from pgcluster.binaries import PG_VERSION, ensure_binaries
from pgcluster.errors import PgClusterError
from pgcluster.executables import reachable_binaries
from pgcluster.ports import free_port

HOST = "127.0.0.1"
PG_CTL_WAIT = "30"


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
        cache_dir: Path | str,
        version: str = PG_VERSION,
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
            self._account = unprivileged_account(run_as)

    # ---- binaries
    @property
    def bin_dir(self) -> Path:
        if self._bin_dir is None:
            bin_dir = ensure_binaries(self._cache_dir, self.version)
            if self._account is not None:
                bin_dir = reachable_binaries(bin_dir, self._account)
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
            if traversable(directory, account):
                continue
            resolved = directory.resolve()
            if resolved != tmp_root and resolved.is_relative_to(tmp_root):
                directory.chmod(directory.stat().st_mode | stat.S_IXOTH)
            if not traversable(directory, account):
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


@contextlib.contextmanager
def temporary_cluster(
    *,
    cache_dir: Path | str,
    user: str = "postgres",
    password: str = "postgres",
    version: str = PG_VERSION,
) -> Iterator[PgCluster]:
    """A started cluster in a fresh directory on a free port; stopped and deleted afterwards.

    For a root caller the directory is made in the runtime directory, which the server's
    user can reach wherever the checkout and the temp dir's other contents sit.
    """
    parent = runtime_dir_for(unprivileged_account(None)) if os.geteuid() == 0 else None
    with tempfile.TemporaryDirectory(prefix="cluster-", dir=parent) as tmp:
        Path(tmp).chmod(0o711)  # the server's user passes through to its data directory
        cluster = PgCluster(Path(tmp) / "data", user=user, password=password, version=version, cache_dir=cache_dir)
        try:
            yield cluster.init().start()
        finally:
            cluster.stop(mode="immediate")
