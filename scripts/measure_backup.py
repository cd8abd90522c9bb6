"""The figures docs/backups.md quotes, measured with the real parts: a ~100 MB database (pgcluster),
the backup Job's scripts, Debian's restic and `rclone serve restic` on loopback.

Run by hand (minutes, not part of `make test`): `.venv/bin/python scripts/measure_backup.py`.
It prints the database size, each step's wall time and what the second run added off-site.
As root it runs the drill as `nobody`, as the pod runs it unprivileged.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from model.dbtools import BACKUP_SCRIPT
from model.drill import DRILL_SCRIPT, EXPECTED_HEAD, FETCHED
from model.paths import PGCLUSTER_CACHE
from model.restic import FETCH_SCRIPT, OFFSITE_SCRIPT
from pgcluster import runtime_dir, temporary_cluster

DB = "yoshikosan"
ROWS = 900_000


def timed(label: str, argv: list[str], env: dict[str, str], **kwargs: object) -> str:
    start = time.monotonic()
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    took = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"{label} failed:\n{result.stdout}\n{result.stderr}")
    print(f"{label}: {took:.1f} s")
    return str(result.stdout) + str(result.stderr)


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    work = Path(tempfile.mkdtemp(dir=runtime_dir() if os.geteuid() == 0 else None))
    work.chmod(0o755)
    backups, repo = work / "backups", work / "repo"
    backups.mkdir()
    log = work / "rclone.log"
    server = subprocess.Popen(["rclone", "serve", "restic", "--addr", "127.0.0.1:0", str(repo)], stderr=log.open("w"))
    try:
        while not (found := re.search(r"http://(127\.0\.0\.1:\d+)/", log.read_text())):
            time.sleep(0.1)
        with temporary_cluster(cache_dir=PGCLUSTER_CACHE, user=DB, password="measure-pw") as pg:
            pg.create_database(DB, owner=DB)
            pg.sql("CREATE TABLE alembic_version (version_num varchar(32) PRIMARY KEY)", DB)
            pg.sql("INSERT INTO alembic_version VALUES ('0001')", DB)
            pg.sql(
                "CREATE TABLE events AS SELECT g AS id, now() - g * interval '1 minute' AS at, "
                f"md5(g::text) || ' ' || md5((g * 31)::text) AS body FROM generate_series(1, {ROWS}) g",
                DB,
            )
            print(f"database: {pg.sql(f'SELECT pg_size_pretty(pg_database_size({DB!r}))')}")
            db_env = {**pg.libpq_env(DB), "PATH": f"{pg.bin_dir}:{os.environ['PATH']}"}
            db_env |= {"BACKUP_DIR": str(backups), "BACKUP_KEEP": "7"}
            restic_env = {
                "PATH": os.environ["PATH"],
                "HOME": str(work),
                "RESTIC_REPOSITORY": f"rest:http://{found[1]}/",
                "RESTIC_PASSWORD": "measure-restic-pw",
                "RESTIC_CACHE_DIR": str(work / "cache"),
                "BACKUP_HOST": DB,
                "BACKUP_DIR": str(backups),
                "BACKUP_KEEP_DAILY": "7",
                "BACKUP_KEEP_WEEKLY": "4",
                "BACKUP_KEEP_MONTHLY": "12",
            }
            for run in (1, 2):
                timed(f"run {run}: dump (backup.sh)", ["sh", "-c", BACKUP_SCRIPT], db_env)
                dump = sorted(backups.glob("*.dump"))[-1]
                print(f"run {run}: dump {dump.stat().st_size / 1e6:.1f} MB")
                before = size(repo)
                out = timed(f"run {run}: off-site (offsite.sh)", ["sh", "-c", OFFSITE_SCRIPT], restic_env)
                added = re.search(r"Added to the repo.*", out)
                print(f"run {run}: repository grew {(size(repo) - before) / 1e6:.2f} MB; restic: {added and added[0]}")
                # One day's change: 1% of the rows are new before the next run.
                pg.sql(
                    "INSERT INTO events SELECT g, now(), md5(g::text) "
                    f"FROM generate_series({ROWS + 1}, {ROWS * 101 // 100}) g",
                    DB,
                )
                time.sleep(1.1)
            drill = work / "drill"
            (drill / FETCHED).mkdir(parents=True)
            (drill / EXPECTED_HEAD).write_text("0001")
            start = time.monotonic()
            timed(
                "drill: fetch (offsite-fetch.sh)", ["sh", "-c", FETCH_SCRIPT, "fetch", str(drill / FETCHED)], restic_env
            )
            user = None
            if os.geteuid() == 0:
                user = "nobody"
                for path in [work, *work.rglob("*")]:
                    os.chown(path, 65534, 65534)
            drill_env = {"PATH": f"{pg.bin_dir}:/usr/bin:/bin", "DRILL_DIR": str(drill), "BACKUP_DIR": str(backups)}
            print(timed("drill: restore + check (drill.sh)", ["sh", "-c", DRILL_SCRIPT], drill_env, user=user).strip())
            print(f"drill: {time.monotonic() - start:.1f} s in all")
    finally:
        server.terminate()
        server.wait(10)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
