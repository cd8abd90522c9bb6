"""pgcluster: URLs, the pinned binaries, privilege handling, and a checkout nobody else may enter."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgcluster import (
    PG_VERSION,
    PgCluster,
    PgClusterError,
    blocked_at,
    ensure_binaries,
    reachable_executable,
    runtime_dir,
    temporary_cluster,
)
from sqlalchemy import make_url

from tests.conftest import PG_CACHE


def test_url_escapes_credentials(pg: PgCluster) -> None:
    url = make_url(pg.url("my db", user="u@x", password='p@ss:w/o#r%d "q" ü spaces'))
    assert (url.username, url.password, url.database) == ("u@x", 'p@ss:w/o#r%d "q" ü spaces', "my db")
    assert (url.host, url.port) == (pg.host, pg.port)


def test_client_tools_and_server_are_the_pinned_version(pg: PgCluster, app_db: str) -> None:
    major = PG_VERSION.split(".")[0]
    for binary in (pg.pg_dump, pg.pg_restore, pg.psql):
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
        assert f" {major}." in out
    dump = subprocess.run(
        [pg.pg_dump, "--schema-only", app_db], capture_output=True, text=True, check=True, env=pg.libpq_env(app_db)
    )
    assert "PostgreSQL database dump" in dump.stdout
    assert pg.sql("SHOW server_version") == ".".join(PG_VERSION.split(".")[:2])


def test_cluster_runs_unprivileged(pg: PgCluster) -> None:
    assert pg.is_running()
    pid = int((pg.datadir / "postmaster.pid").read_text().split()[0])
    server_uid = os.stat(f"/proc/{pid}").st_uid
    if os.geteuid() == 0:  # root caller: initdb/pg_ctl/postgres run as an unprivileged user
        assert server_uid != 0
        assert os.stat(pg.datadir).st_uid == server_uid
    else:
        assert server_uid == os.geteuid()


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root caller runs the server as another user")
def test_a_checkout_in_a_directory_only_root_may_enter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """As root in a clone under a 0700 directory (a `mktemp -d`, /root): the server's user can reach
    neither the cached binaries nor data made there, yet the cluster starts, and nobody's
    directory is opened up for it."""
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    cache = private / "repo" / ".cache" / "postgresql"
    shutil.copytree(ensure_binaries(PG_CACHE).parent, cache / PG_VERSION, symlinks=True)
    # A temp root of its own (in the real one: tmp_path is private too), so the runtime copy of
    # the binaries is made by this test.
    temp_root = Path(tempfile.mkdtemp(prefix="pgcluster-test-"))
    temp_root.chmod(0o755)
    request.addfinalizer(lambda: shutil.rmtree(temp_root))
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))

    with temporary_cluster(cache_dir=cache) as pg:
        assert pg.sql("SELECT 1") == "1"
        pid = int((pg.datadir / "postmaster.pid").read_text().split()[0])
        assert os.stat(f"/proc/{pid}").st_uid != 0
        runtime = temp_root / "pgcluster-0"
        assert Path(f"/proc/{pid}/exe").resolve() == runtime / PG_VERSION / "bin" / "postgres"
        assert pg.datadir.is_relative_to(runtime)
        # Data placed under the private directory by name is refused with a clear message.
        with pytest.raises(PgClusterError, match=r"cannot traverse .*private"):
            PgCluster(private / "data", cache_dir=cache).init()
    assert private.stat().st_mode & 0o777 == 0o700
    assert runtime.stat().st_mode & 0o777 == 0o755
    assert runtime.stat().st_uid == 0


@pytest.fixture
def temp_root(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A temp root of this test's own, where the runtime directory is made."""
    root = Path(tempfile.mkdtemp(prefix="pgcluster-test-"))
    root.chmod(0o755)
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    yield root
    shutil.rmtree(root)


def test_the_runtime_directory_is_the_callers_alone(temp_root: Path) -> None:
    runtime = runtime_dir()
    assert runtime == temp_root / f"pgcluster-{os.geteuid()}"
    assert runtime.stat().st_mode & 0o777 == 0o755
    assert runtime.stat().st_uid == os.geteuid()
    runtime.chmod(0o775)
    with pytest.raises(PgClusterError, match="only you can write"):
        runtime_dir()
    runtime.chmod(0o755)
    runtime.rename(temp_root / "elsewhere")
    runtime.symlink_to(temp_root / "elsewhere")
    with pytest.raises(PgClusterError, match="only you can write"):
        runtime_dir()


def test_a_program_the_account_cannot_reach_runs_from_a_copy_kept_current(temp_root: Path) -> None:
    """A program in a 0700 directory (a checkout's .venv under /root): a copy in the runtime
    directory, kept while the source is unchanged, replaced (a running copy keeps its file)
    when it changes; one the account reaches is used where it is."""
    private = temp_root / "private"
    private.mkdir(mode=0o700)
    program = private / "bin" / "tool"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\necho one\n")
    program.chmod(0o755)
    assert blocked_at(program) == private

    copy = reachable_executable(program)
    assert copy.parent.parent == runtime_dir()
    assert copy.name == "tool"
    assert blocked_at(copy.parent) is None
    assert copy.stat().st_mode & 0o777 == 0o755
    assert subprocess.run([copy], capture_output=True, text=True, check=True).stdout == "one\n"
    first = copy.stat().st_ino
    assert reachable_executable(program) == copy
    assert copy.stat().st_ino == first

    program.write_text("#!/bin/sh\necho two\n")  # same size: the modification time tells
    later = program.stat().st_mtime_ns + 1_000_000_000
    os.utime(program, ns=(later, later))
    assert reachable_executable(program) == copy
    assert copy.stat().st_ino != first
    assert subprocess.run([copy], capture_output=True, text=True, check=True).stdout == "two\n"

    # Anything else in the copy's place (a symlink) is replaced, never written through.
    target = temp_root / "target"
    target.write_text("untouched")
    copy.unlink()
    copy.symlink_to(target)
    reachable_executable(program)
    assert not copy.is_symlink()
    assert target.read_text() == "untouched"
    assert private.stat().st_mode & 0o777 == 0o700

    reachable = temp_root / "open" / "tool"
    reachable.parent.mkdir(mode=0o755)
    shutil.copy2(program, reachable)
    assert reachable_executable(reachable) == reachable
