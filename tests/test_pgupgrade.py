"""PostgreSQL major upgrades: the settings' guard, a volume per major, and `make db-upgrade` itself,
run from a PostgreSQL 16 with data to 17 and 18 on real servers (a stand-in kubectl runs the
pods' scripts on them)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from cdk8s import App
from conftest import BASE_ENV, ROOT, one

from charts.postgres import PostgresChart
from model.dbtools import (
    UPGRADE_CHECK_SCRIPT,
    UPGRADE_DUMP_SCRIPT,
    UPGRADE_RESTORE_SCRIPT,
    UPGRADE_VERIFY_SCRIPT,
)
from model.paths import PGCLUSTER_CACHE
from model.settings import SettingsError, load_settings
from pgcluster import PG_VERSION, WHEELS, PgCluster, temporary_cluster
from scripts.ops import Ops, OpsError

OLD_MAJOR = int(PG_VERSION.split(".")[0])
NEWER = [v for v in WHEELS if int(v.split(".")[0]) > OLD_MAJOR]
DB = "yoshikosan"
PASSWORD = "pw @:/#% ü"


def tag(version: str) -> str:
    """The image tag of a pinned binary version: 17.11.0 -> 17.11-alpine."""
    return "{}.{}-alpine".format(*version.split(".")[:2])


def problems(env: dict[str, str], **kwargs: bool) -> list[str]:
    with pytest.raises(SettingsError) as caught:
        load_settings({**BASE_ENV, **env}, env_file=None, **kwargs)
    return caught.value.problems


# --------------------------------------------------------------------------- the guard


def test_a_tag_of_another_major_is_refused_in_one_line_with_every_other_problem() -> None:
    found = problems({"POSTGRES_TAG": "17.6-alpine", "POSTGRES_PASSWORD": "short"})
    [major] = [p for p in found if p.startswith("POSTGRES_TAG")]
    assert "PostgreSQL 17" in major and "PostgreSQL 16 (POSTGRES_DATA_MAJOR)" in major
    assert "`make db-upgrade FILE=" in major and "\n" not in major
    assert any(p.startswith("POSTGRES_PASSWORD") for p in found), "reported together, not one at a time"


def test_only_db_upgrade_accepts_a_newer_major_and_nothing_accepts_an_older_one() -> None:
    upgrading = load_settings({**BASE_ENV, "POSTGRES_TAG": "17.6-alpine"}, env_file=None, major_upgrade=True)
    assert (upgrading.postgres_data_major, upgrading.postgres_major) == (16, 17)
    after = load_settings({**BASE_ENV, "POSTGRES_TAG": "17.6-alpine", "POSTGRES_DATA_MAJOR": "17"}, env_file=None)
    assert after.postgres_major == after.postgres_data_major == 17
    for kwargs in ({}, {"major_upgrade": True}):
        [older] = problems({"POSTGRES_TAG": "16-alpine", "POSTGRES_DATA_MAJOR": "17"}, **kwargs)
        assert "never moves to an older major" in older and "POSTGRES_DATA_MAJOR=16" in older


def test_a_tag_must_name_its_major() -> None:
    [found] = problems({"POSTGRES_TAG": "alpine"})
    assert found.startswith("POSTGRES_TAG must begin with the PostgreSQL major")


# --------------------------------------------------------------------------- a volume per major


def test_each_major_has_its_own_volume_and_the_first_keeps_data_postgres_0(docs: list[dict[str, Any]]) -> None:
    settings = load_settings({**BASE_ENV, "POSTGRES_TAG": "17.6-alpine", "POSTGRES_DATA_MAJOR": "17"}, env_file=None)
    upgraded = PostgresChart(App(), "postgres", settings).to_json()
    before, after = one(docs, "StatefulSet", "postgres"), one(upgraded, "StatefulSet", "postgres")

    def claim(sts: dict[str, Any]) -> str:
        [template] = sts["spec"]["volumeClaimTemplates"]
        return f"{template['metadata']['name']}-{sts['metadata']['name']}-{sts['spec']['ordinals']['start']}"

    # Existing deployments hold their PostgreSQL 16 data in this claim: it must keep its name.
    assert claim(before) == "data-postgres-0"
    assert claim(after) == "data-postgres-17"
    # Kubernetes forbids changing any other StatefulSet field: the upgrade is a plain apply.
    mutable = {"replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy"}
    changed = {k for k in before["spec"].keys() | after["spec"].keys() if before["spec"].get(k) != after["spec"].get(k)}
    assert changed == {"ordinals", "template"}
    assert changed <= mutable
    [container] = after["spec"]["template"]["spec"]["containers"]
    assert container["image"] == "postgres:17.6-alpine"


# --------------------------------------------------------------------------- db-upgrade's steps


def upgrade_ops(dist: Path, **env: str) -> Ops:
    values = {**BASE_ENV, "POSTGRES_TAG": "17.6-alpine", **env}
    return Ops(load_settings(values, env_file=None, major_upgrade=True), dist=dist)


def test_db_upgrade_keeps_the_backend_down_until_the_rows_are_back(tmp_path: Path, dist_dir: Path) -> None:
    dump = str(tmp_path / "pg16.dump")
    steps = upgrade_ops(dist_dir).db_upgrade(dump)
    argv = [s.argv for s in steps]
    execs = [a for a in argv if "exec" in a]
    assert [a[a.index("--") + 1 :] for a in execs] == [
        ["sh", "-c", UPGRADE_DUMP_SCRIPT, "db-upgrade", "16"],
        ["sh", "-c", UPGRADE_VERIFY_SCRIPT, "db-upgrade", "16"],
        ["sh", "-c", UPGRADE_RESTORE_SCRIPT, "db-upgrade", "17"],
        ["sh", "-c", UPGRADE_CHECK_SCRIPT, "db-upgrade", "17"],
    ]
    pods = [next(x for x in a[a.index("exec") + 1 :] if not x.startswith("-")) for a in execs]
    assert pods == ["postgres-0", "postgres-0", "postgres-17", "postgres-17"]
    down = next(i for i, a in enumerate(argv) if "scale" in a)
    assert argv[down][-2:] == ["deployment/backend", "--replicas=0"]
    assert "--for=delete" in argv[down + 1], "no backend pod may still write while the dump runs"
    first_exec = next(i for i, a in enumerate(argv) if "exec" in a)
    assert down < first_exec
    # The new major's manifests, applied to the database alone; everything (the backend too) after the check.
    synth = next(i for i, a in enumerate(argv) if a[-1].endswith("main.py"))
    assert argv[synth][:2] == ["env", "POSTGRES_DATA_MAJOR=17"]
    assert argv[synth + 1][-2:] == ["-l", "app.kubernetes.io/name=postgres"] and "--prune" not in argv[synth + 1]
    prune = next(i for i, a in enumerate(argv) if "--prune" in a)
    assert prune > max(i for i, a in enumerate(argv) if "exec" in a)
    assert [s.stdout_to for s in steps[first_exec : first_exec + 2]] == [dump, f"{dump}.counts"]
    assert [s.stdin_from for s in steps if s.stdin_from] == [dump, dump, f"{dump}.counts"]


def test_db_upgrade_refuses_what_is_not_an_upgrade(tmp_path: Path, dist_dir: Path) -> None:
    with pytest.raises(OpsError, match="not a newer major"):
        upgrade_ops(dist_dir, POSTGRES_TAG="16-alpine").db_upgrade(str(tmp_path / "x.dump"))
    existing = tmp_path / "old.dump"
    existing.write_bytes(b"PGDMP")
    with pytest.raises(OpsError, match="name a new file"):
        upgrade_ops(dist_dir).db_upgrade(str(existing))


def test_the_end_says_what_to_set_and_how_to_delete_the_old_volume(dist_dir: Path) -> None:
    note = upgrade_ops(dist_dir).db_upgrade_done()
    assert "set POSTGRES_DATA_MAJOR=17 in .env" in note
    assert "kubectl -n yoshikosan delete pvc data-postgres-0" in note


def ops_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "ENV_FILE": os.devnull}
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "ops.py"), *args],
        env={**full, **BASE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
def test_make_db_upgrade_dry_run(tmp_path: Path, dist_dir: Path) -> None:
    dump = tmp_path / "pg16.dump"
    upgrade = ("db-upgrade", "--file", str(dump), "--dist", str(dist_dir), "--dry-run")
    result = ops_cli(*upgrade, POSTGRES_TAG="17.6-alpine")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("kubectl --namespace yoshikosan scale deployment/backend --replicas=0\n")
    assert f"> {dump}\n" in result.stdout and f"< {dump}.counts\n" in result.stdout
    assert not dump.exists(), "a dry run writes nothing"
    # Every other command still refuses the new tag, and says what to do.
    refused = ops_cli("status", "--dry-run", POSTGRES_TAG="17.6-alpine")
    assert refused.returncode == 2 and "make db-upgrade FILE=" in refused.stderr
    assert (
        ops_cli("db-upgrade", "--dry-run", POSTGRES_TAG="17.6-alpine").stderr.strip().endswith("FILE=path/to/file.dump")
    )


# --------------------------------------------------------------------------- on real servers

SCHEMA = """
CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, name text);
INSERT INTO users (email, name) SELECT 'u' || i || '@example.com', 'User ' || i || ' ü' FROM generate_series(1, 5000) i;
CREATE TABLE sessions (id bigserial PRIMARY KEY, user_id int NOT NULL REFERENCES users, data jsonb);
INSERT INTO sessions (user_id, data) SELECT i % 5000 + 1, jsonb_build_object('n', i) FROM generate_series(1, 12000) i;
CREATE TABLE empty (id int);
CREATE SCHEMA audit;
CREATE TABLE audit."Odd Name" (note text);
INSERT INTO audit."Odd Name" VALUES ('tab' || chr(9) || 'inside'), ('it''s');
CREATE VIEW active AS SELECT u.email FROM users u JOIN sessions s ON s.user_id = u.id;
"""
ROWS = {"audit\tOdd Name": 2, "public\tempty": 0, "public\tsessions": 12000, "public\tusers": 5000}
# A digest of every table's contents, to compare beyond counts.
CONTENTS = (
    "SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM "
    "(SELECT u::text t FROM users u UNION ALL SELECT s::text FROM sessions s "
    'UNION ALL SELECT o::text FROM audit."Odd Name" o) x'
)


def pod_env(pg: PgCluster) -> dict[str, str]:
    """What a postgres container gives the scripts: its own client tools, POSTGRES_USER/DB, a connection."""
    return {**pg.libpq_env(DB), "PATH": f"{pg.bin_dir}:/usr/bin:/bin", "POSTGRES_USER": DB, "POSTGRES_DB": DB}


def run_script(pg: PgCluster, script: str, major: int, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["sh", "-c", script, "db-upgrade", str(major)], input=stdin, env=pod_env(pg), capture_output=True, timeout=120
    )


@contextlib.contextmanager
def app_cluster(version: str) -> Iterator[PgCluster]:
    """A server as the postgres image starts it: superuser POSTGRES_USER, database POSTGRES_DB."""
    with temporary_cluster(cache_dir=PGCLUSTER_CACHE, user=DB, password=PASSWORD, version=version) as pg:
        pg.create_database(DB, owner=DB)
        yield pg


@pytest.fixture(scope="module")
def old() -> Iterator[PgCluster]:
    with app_cluster(PG_VERSION) as pg:
        pg.sql(SCHEMA, DB)
        yield pg


@pytest.mark.slow
@pytest.mark.parametrize("version", NEWER)
def test_make_db_upgrade_moves_every_row_to_a_newer_major(
    old: PgCluster, version: str, tmp_path: Path, dist_dir: Path
) -> None:
    """The real command, its real scripts and files, real servers; only kubectl is a stand-in that
    runs `kubectl exec postgres-N -- sh -c …` on the server of that pod and records the rest."""
    new_major = int(version.split(".")[0])
    started = time.monotonic()
    with app_cluster(version) as new:
        pods = {"postgres-0": pod_env(old), f"postgres-{new_major}": pod_env(new)}
        (tmp_path / "pods.json").write_text(json.dumps(pods))
        kubectl = tmp_path / "kubectl"
        kubectl.write_text(
            f"#!{sys.executable}\n"
            "import json, os, sys\n"
            "args = sys.argv[1:]\n"
            f"open({str(tmp_path / 'calls.jsonl')!r}, 'a').write(json.dumps(args) + '\\n')\n"
            "if 'exec' in args:\n"
            "    pod = [a for a in args[args.index('exec') + 1:] if not a.startswith('-')][0]\n"
            f"    env = json.load(open({str(tmp_path / 'pods.json')!r}))[pod]\n"
            "    command = args[args.index('--') + 1:]\n"
            "    os.execvpe(command[0], command, env)\n"
        )
        kubectl.chmod(0o755)
        dump = tmp_path / f"{DB}-pg{OLD_MAJOR}.dump"
        # The deployed dist/ (the 16 one); the upgrade rewrites it for the new major.
        shutil.copytree(dist_dir, tmp_path / "dist")
        result = ops_cli(
            "db-upgrade",
            "--file",
            str(dump),
            "--dist",
            str(tmp_path / "dist"),
            POSTGRES_TAG=tag(version),
            KUBECTL=str(kubectl),
        )
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr
        assert f"row counts equal: 4 tables, {sum(ROWS.values())} rows" in result.stdout
        assert f"set POSTGRES_DATA_MAJOR={new_major} in .env" in result.stderr

        assert dump.read_bytes()[:5] == b"PGDMP"
        counts = dict(line.rsplit("\t", 1) for line in Path(f"{dump}.counts").read_text().splitlines())
        assert {k: int(v) for k, v in counts.items()} == ROWS
        assert new.sql("SHOW server_version_num", DB).startswith(str(new_major))
        assert new.sql(CONTENTS, DB) == old.sql(CONTENTS, DB)
        assert new.sql("SELECT count(*) FROM active", DB) == "12000"
        inserted = new.sql("INSERT INTO users (email) VALUES ('next@example.com') RETURNING id", DB)
        assert inserted.splitlines()[0] == "5001", "the sequences came along"
        # The old side is left as it was: the rollback path.
        assert old.sql("SELECT count(*) FROM users", DB) == "5000"
        # The database was applied alone, from manifests synthesized for the new major.
        [sts] = [
            d
            for d in yaml.safe_load_all((tmp_path / "dist" / "0002-postgres.yaml").read_text())
            if d["kind"] == "StatefulSet"
        ]
        assert sts["spec"]["ordinals"]["start"] == new_major
        calls = [json.loads(line) for line in (tmp_path / "calls.jsonl").read_text().splitlines()]
        assert calls[-1][-2:] == ["deployment/frontend", "--timeout=300s"], "it ran to the end"
    print(f"\n16 -> {new_major}: make db-upgrade {elapsed:.1f} s ({sum(ROWS.values())} rows)", file=sys.stderr)


@pytest.mark.slow
def test_the_scripts_refuse_the_wrong_server_a_bad_dump_and_a_used_volume(old: PgCluster, tmp_path: Path) -> None:
    new_version = NEWER[0]
    new_major = int(new_version.split(".")[0])
    wrong = run_script(old, UPGRADE_DUMP_SCRIPT, new_major)
    assert wrong.returncode == 1 and wrong.stdout == b""
    assert f"this server is PostgreSQL {OLD_MAJOR}, not {new_major}" in wrong.stderr.decode()

    dump = run_script(old, UPGRADE_DUMP_SCRIPT, OLD_MAJOR)
    assert dump.returncode == 0, dump.stderr
    assert run_script(old, UPGRADE_VERIFY_SCRIPT, OLD_MAJOR, b"not a dump").returncode != 0
    partial = subprocess.run(
        [old.pg_dump, "--format=custom", '--exclude-table-data=audit."Odd Name"', DB],
        env=old.libpq_env(DB),
        capture_output=True,
        check=True,
    )
    missing = run_script(old, UPGRADE_VERIFY_SCRIPT, OLD_MAJOR, partial.stdout)
    assert missing.returncode == 1 and "holds no data for audit.Odd Name" in missing.stderr.decode()
    counts = run_script(old, UPGRADE_VERIFY_SCRIPT, OLD_MAJOR, dump.stdout)
    assert counts.returncode == 0, counts.stderr

    with app_cluster(new_version) as new:
        tables = "SELECT count(*) FROM pg_tables WHERE schemaname IN ('public', 'audit')"
        garbage = run_script(new, UPGRADE_RESTORE_SCRIPT, new_major, dump.stdout[: len(dump.stdout) // 2])
        assert garbage.returncode != 0 and new.sql(tables, DB) == "0", "one transaction: all or nothing"
        restored = run_script(new, UPGRADE_RESTORE_SCRIPT, new_major, dump.stdout)
        assert restored.returncode == 0, restored.stderr
        again = run_script(new, UPGRADE_RESTORE_SCRIPT, new_major, dump.stdout)
        assert again.returncode == 1 and "not a fresh volume" in again.stderr.decode()
        assert run_script(new, UPGRADE_CHECK_SCRIPT, new_major, counts.stdout).returncode == 0
        new.sql("DELETE FROM sessions WHERE id = 1", DB)
        differ = run_script(new, UPGRADE_CHECK_SCRIPT, new_major, counts.stdout)
        assert differ.returncode == 1 and "row counts differ" in differ.stderr.decode()
