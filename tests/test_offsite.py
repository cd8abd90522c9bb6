"""Off-site copies and the restore drill on real parts: PostgreSQL (pgcluster), Debian's restic
and a restic REST server (`rclone serve restic`) on loopback, running the very scripts the
backup Job, the drill and `make db-restore FROM=offsite` run (model/sh/)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT

from model.dbtools import BACKUP_SCRIPT, DUMP_SUFFIX, RESTORE_SCRIPT
from model.drill import DRILL_SCRIPT, EXPECTED_HEAD, FETCHED, HEAD_PROGRAM
from model.paths import PGCLUSTER_CACHE
from model.restic import FETCH_SCRIPT, LIST_SCRIPT, OFFSITE_SCRIPT
from pgcluster import PgCluster, runtime_dir, temporary_cluster

# Not skipped when missing: `make install-system` installs both, and the CI runs this.
RESTIC, RCLONE = shutil.which("restic"), shutil.which("rclone")
pytestmark = pytest.mark.slow
DB = "yoshikosan"
PASSWORD = "restic pw @:/#% ü"
ROOT_USER = os.geteuid() == 0


def test_restic_and_rclone_are_installed() -> None:
    assert RESTIC and RCLONE, "restic and rclone are missing: make install-system"


@pytest.fixture(scope="module")
def repository() -> Iterator[str]:
    """A restic REST server on a port it picks itself (read back from its log: no race)."""
    assert RCLONE, "rclone is missing: make install-system"
    with tempfile.TemporaryDirectory() as data:
        log = Path(data) / "rclone.log"
        with log.open("w") as out:
            server = subprocess.Popen(
                [RCLONE, "serve", "restic", "--addr", "127.0.0.1:0", str(Path(data) / "repo")], stderr=out
            )
        try:
            for _ in range(100):
                if found := re.search(r"http://(127\.0\.0\.1:\d+)/", log.read_text()):
                    break
                assert server.poll() is None, log.read_text()
                time.sleep(0.1)
            else:
                raise AssertionError(f"rclone named no address: {log.read_text()}")
            yield f"rest:http://{found[1]}/"
        finally:
            server.terminate()
            server.wait(10)


@pytest.fixture(scope="module")
def pg() -> Iterator[PgCluster]:
    with temporary_cluster(cache_dir=PGCLUSTER_CACHE, user=DB, password="pw @:/#% ü") as cluster:
        cluster.create_database(DB, owner=DB)
        cluster.sql("CREATE TABLE users (id int PRIMARY KEY, name text)", DB)
        cluster.sql("INSERT INTO users SELECT g, 'user ' || g FROM generate_series(1, 500) g", DB)
        cluster.sql("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)", DB)
        cluster.sql("INSERT INTO alembic_version VALUES ('0001')", DB)
        yield cluster


@pytest.fixture
def work() -> Iterator[Path]:
    """A directory the drill's unprivileged account (nobody, when we are root) can reach."""
    path = Path(tempfile.mkdtemp(dir=runtime_dir() if ROOT_USER else None))
    path.chmod(0o755)
    (path / "backups").mkdir()
    yield path
    shutil.rmtree(path)


def sh(script: str, env: dict[str, str], *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", "-c", script, "test", *args], env=env, capture_output=True, text=True, timeout=180, user=user
    )


def db_env(pg: PgCluster, backups: Path) -> dict[str, str]:
    path = f"{pg.bin_dir}:{os.environ['PATH']}"
    return {**pg.libpq_env(DB), "PATH": path, "BACKUP_DIR": str(backups), "BACKUP_KEEP": "3"}


def restic_env(repository: str, work: Path, **extra: str) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(work),
        "RESTIC_REPOSITORY": repository,
        "RESTIC_PASSWORD": PASSWORD,
        "RESTIC_CACHE_DIR": str(work / "cache"),
        "BACKUP_HOST": "yoshikosan",
        "BACKUP_DIR": str(work / "backups"),
        "BACKUP_KEEP_DAILY": "7",
        "BACKUP_KEEP_WEEKLY": "4",
        "BACKUP_KEEP_MONTHLY": "12",
        **extra,
    }


def expected_head() -> str:
    """The backend's own head, as the drill's init container asks the backend image."""
    backend = ROOT / "backend"
    python = backend / ".venv" / "bin" / "python"
    assert python.exists(), "the backend is not installed: make -C backend install"
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run([python, "-c", HEAD_PROGRAM, out.name], cwd=backend, check=True, timeout=60)
        return out.read()


def drill(pg: PgCluster, work: Path, head: str) -> subprocess.CompletedProcess[str]:
    """drill.sh as the pod runs it: unprivileged, its own scratch, no connection settings."""
    drill_dir = work / "drill"
    drill_dir.mkdir(exist_ok=True)
    (drill_dir / EXPECTED_HEAD).write_text(head)
    user = None
    if ROOT_USER:
        user = "nobody"
        for path in [work, *work.rglob("*")]:
            os.chown(path, 65534, 65534)
    env = {"PATH": f"{pg.bin_dir}:/usr/bin:/bin", "DRILL_DIR": str(drill_dir), "BACKUP_DIR": str(work / "backups")}
    return sh(DRILL_SCRIPT, env, user=user)


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    return result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""


def users(pg: PgCluster) -> str:
    return pg.sql("SELECT count(*), sum(id) FROM users", DB)


def test_dump_offsite_wipe_restore_from_offsite_then_drill(pg: PgCluster, repository: str, work: Path) -> None:
    backups = work / "backups"
    before = users(pg)
    for _ in range(2):  # the second run finds a parent snapshot and applies retention
        dumped = sh(BACKUP_SCRIPT, db_env(pg, backups))
        assert dumped.returncode == 0, dumped.stderr
        sent = sh(OFFSITE_SCRIPT, restic_env(repository, work))
        assert sent.returncode == 0, sent.stderr
        assert "off-site: yoshikosan-" in sent.stdout and not (backups / ".offsite").exists()
        time.sleep(1.05)  # dump names have one-second resolution
    listed = sh(LIST_SCRIPT, restic_env(repository, work))
    # Retention ran: --keep-daily keeps one snapshot a day, the newest.
    assert listed.returncode == 0 and "1 snapshots" in listed.stdout, listed.stdout + listed.stderr

    # The host is lost: no rows, no backup volume. Only the repository and its password remain.
    pg.sql("DROP TABLE users, alembic_version", DB)
    shutil.rmtree(backups)
    backups.mkdir()
    streamed = subprocess.run(
        ["sh", "-c", FETCH_SCRIPT, "fetch", "-"], env=restic_env(repository, work), capture_output=True, timeout=180
    )
    assert streamed.returncode == 0, streamed.stderr
    assert streamed.stdout[:5] == b"PGDMP"
    restore_env = {**db_env(pg, backups), "POSTGRES_USER": DB, "POSTGRES_DB": DB}
    restored = subprocess.run(
        ["sh", "-c", RESTORE_SCRIPT], input=streamed.stdout, env=restore_env, capture_output=True, timeout=180
    )
    assert restored.returncode == 0, restored.stderr
    assert users(pg) == before

    fetched = work / "drill" / FETCHED
    fetched.mkdir(parents=True)
    got = sh(FETCH_SCRIPT, restic_env(repository, work), str(fetched))
    assert got.returncode == 0, got.stderr
    passed = drill(pg, work, expected_head())
    assert passed.returncode == 0, passed.stderr
    assert "restore drill: PASSED" in passed.stdout and "off-site snapshot latest" in passed.stdout
    assert "2 tables, 501 rows equal" in passed.stdout


def test_a_wrong_password_fails_in_one_line(pg: PgCluster, repository: str, work: Path) -> None:
    assert sh(BACKUP_SCRIPT, db_env(pg, work / "backups")).returncode == 0
    assert sh(OFFSITE_SCRIPT, restic_env(repository, work)).returncode == 0
    wrong = sh(OFFSITE_SCRIPT, restic_env(repository, work, RESTIC_PASSWORD="not the password"))
    assert wrong.returncode != 0
    assert (
        last_line(wrong)
        == f"off-site: FAILED: opening the repository {repository}: Fatal: wrong password or no key found"
    )


def test_an_unreachable_repository_fails_and_the_local_dump_stays(pg: PgCluster, work: Path) -> None:
    # Bound, never listening: connections are refused and no one else can take the port.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        repository = f"rest:http://127.0.0.1:{held.getsockname()[1]}/"
        assert sh(BACKUP_SCRIPT, db_env(pg, work / "backups")).returncode == 0
        failed = sh(OFFSITE_SCRIPT, restic_env(repository, work))
    assert failed.returncode != 0
    assert last_line(failed).startswith(f"off-site: FAILED: restic init at {repository}: ")
    assert "connection refused" in last_line(failed)
    assert len(list((work / "backups").glob(f"*{DUMP_SUFFIX}"))) == 1


@pytest.mark.skipif(not ROOT_USER, reason="a size-limited backup volume needs `mount -t tmpfs` (root; the CI is)")
def test_a_full_backup_volume_fails_in_one_line_and_leaves_no_partial_dump(pg: PgCluster, work: Path) -> None:
    backups = work / "backups"
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(backups)], check=True)
    try:
        pg.sql(
            "CREATE TABLE filler AS SELECT g, md5(g::text) || md5((g * 7)::text) AS t FROM generate_series(1, 20000) g",
            DB,
        )
        full = sh(BACKUP_SCRIPT, db_env(pg, backups))
        left = sorted(p.name for p in backups.iterdir())
    finally:
        pg.sql("DROP TABLE IF EXISTS filler", DB)
        subprocess.run(["umount", str(backups)], check=True)
    assert full.returncode != 0
    assert "No space left on device" in last_line(full), full.stderr
    assert left == [], "no dump, no .partial, no counts"


def test_a_drill_with_no_backup_yet_says_so(pg: PgCluster, work: Path) -> None:
    failed = drill(pg, work, "0001")
    assert failed.returncode != 0
    assert re.fullmatch(
        r"restore drill: FAILED after \d+ s: no backup yet: .* holds no dump \(run make db-backup\)", last_line(failed)
    )


def test_a_drill_fails_on_a_corrupt_dump_and_on_another_migration_head(pg: PgCluster, work: Path) -> None:
    assert sh(BACKUP_SCRIPT, db_env(pg, work / "backups")).returncode == 0
    ahead = drill(pg, work, "0002")
    assert ahead.returncode != 0 and last_line(ahead).endswith(
        "is at migration 0001, the deployed backend expects 0002"
    )
    [dump] = (work / "backups").glob(f"*{DUMP_SUFFIX}")
    data = dump.read_bytes()
    dump.write_bytes(data[: len(data) // 2])
    corrupt = drill(pg, work, "0001")
    assert corrupt.returncode != 0 and "does not restore" in last_line(corrupt), corrupt.stderr
