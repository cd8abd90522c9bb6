"""Rotations (scripts/rotate.py): their order, the no-drop claim on the fake cluster under a request
loop, what a failure midway leaves, and the exact server scripts on a real PostgreSQL."""

from __future__ import annotations

import base64
import json
import re
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, ROOT, synth_to
from ops_harness import JSON, Answer, App, FakeCluster, health, k3s_state, run_ops, verb

from model import scram
from model.dbtools import LOGIN_CHECK_SCRIPT, SET_PASSWORD_SCRIPT
from model.envfile import generate
from model.monitoring import EXPORTER_ROLE
from scripts.revisions import references
from scripts.rotate import SECRET_KEY_INVALIDATES

pytestmark = pytest.mark.slow  # runs the rotations as processes: `make test` runs it, not `make test-manifests`

USER = "yoshikosan"
OLD = BASE_ENV["POSTGRES_PASSWORD"]


def write_env(path: Path, **extra: str) -> Path:
    path.write_text("".join(f"{k}={v}\n" for k, v in {**BASE_ENV, **extra}.items()))
    return path


def env_values(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


# -- fast: the pieces ---------------------------------------------------------------------------


def test_the_verifier_is_what_logs_in_and_nothing_else() -> None:
    stored = scram.verifier("correct horse")
    assert stored.startswith("SCRAM-SHA-256$4096:") and "correct horse" not in stored
    assert scram.matches(stored, "correct horse")
    assert not scram.matches(stored, "correct hors") and not scram.matches(stored, "")
    # SASLprep, as the server applies it: a no-break space is a space, a soft hyphen is nothing.
    assert scram.matches(scram.verifier("pass word"), "pass\u00a0wo\u00adrd")


def test_what_secret_key_invalidates_is_still_true() -> None:
    """The rotation's message says SECRET_KEY signs nothing: true while only settings.py names it.
    When the backend starts signing with it, this fails: say what the rotation now invalidates."""
    users = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "backend" / "app").rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"secret_key|SECRET_KEY", line) and path.name != "settings.py"
    ]
    assert users == [], f"SECRET_KEY is used beyond its validation: update SECRET_KEY_INVALIDATES ({users})"
    assert "invalidates nothing" in SECRET_KEY_INVALIDATES


def test_the_dry_run_sets_the_server_before_the_source_and_checks_after(tmp_path: Path) -> None:
    env = {"ENV_FILE": str(write_env(tmp_path / ".env"))}
    result = run_ops("rotate-db-password", "--dry-run", env=env, settings={})
    assert result.returncode == 0, result.stderr
    steps = [line for line in result.stdout.splitlines() if not line.startswith("#  ")]
    expected = [
        "# check: ",
        "# kubectl --namespace yoshikosan exec -i postgres-0 -c postgres -- sh -c SET_PASSWORD_SCRIPT set-password",
        f"# write the new POSTGRES_PASSWORD to {tmp_path / '.env'} ",
        "# make synth, then make deploy: rolls the backend and the backup CronJob (all that log in as it)",
        "# check: the old POSTGRES_PASSWORD is refused over TCP",
        "# POSTGRES_PASSWORD rotated",
    ]
    assert len(steps) == len(expected) and all(s.startswith(e) for s, e in zip(steps, expected, strict=True)), steps
    assert "login-check IP yoshikosan" in result.stdout
    assert OLD not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("command", "env", "expected"),
    [
        ("rotate-exporter-password", {}, "MONITORING is none"),
        ("rotate-db-password", {"POSTGRES_PASSWORD": "from-the-environment-0123"}, "set in the environment"),
        ("rotate-secret-key", {"ENV_FILE": "/dev/null", **BASE_ENV}, "/dev/null is not a file"),
    ],
)
def test_a_rotation_that_could_not_finish_refuses_before_anything_changes(
    tmp_path: Path, command: str, env: dict[str, str], expected: str
) -> None:
    cluster = FakeCluster(tmp_path / "cluster").start(k3s_state())
    env_file = write_env(tmp_path / ".env")
    result = run_ops(command, env=cluster.env(**{"ENV_FILE": str(env_file), **env}), settings={})
    assert result.returncode == 1 and expected in result.stderr, result.stderr
    assert not [a for a in cluster.argvs() if verb(a) in ("apply", "exec")], "nothing ran"
    assert env_values(env_file) == {**BASE_ENV}


# -- slow: on the fake cluster, under a request loop ----------------------------------------------


@dataclass
class Backend:
    """/api/health as the backend's pods answer it on the fake. A pod logs in when it starts (its
    prestart and its pool's first connection), with the password of the Secret its template names,
    against the server's verifier then; a pod that logged in keeps its session, whatever the server's
    password becomes. The fake replaces pods at once, so a new pod that cannot log in shows here as
    failed requests, where a real rollout would stall: either way, a failed rotation."""

    cluster: FakeCluster
    sessions: dict[str, bool] = field(default_factory=dict)

    def answer(self) -> Answer:
        state = self.cluster.state
        objects = {(o["kind"], o["metadata"]["name"]): o for o in state["objects"]}
        template = objects["Deployment", "backend"]["spec"]["template"]
        pod = json.dumps(template, sort_keys=True)
        if pod not in self.sessions:
            [name] = {r.name for r in references(template) if r.kind == "Secret" and "-secrets-" in r.name}
            password = base64.b64decode(objects["Secret", name]["data"]["POSTGRES_PASSWORD"]).decode()
            self.sessions[pod] = scram.matches(state["postgres"]["verifiers"][USER], password)
        if not self.sessions[pod]:
            return (503, JSON, health(database="disconnected"))
        return (200, JSON, health())


@dataclass
class Loop:
    url: str
    sent: int = 0
    failed: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            self.sent += 1
            try:
                with urllib.request.urlopen(f"{self.url}/api/health", timeout=5) as answer:
                    answer.read()
            except (urllib.error.URLError, OSError) as error:
                self.failed.append(str(error))
            time.sleep(0.01)


def postgres_state(**verifiers: str) -> dict[str, Any]:
    state = k3s_state()
    pod = {"kind": "Pod", "metadata": {"name": "postgres-0", "namespace": "yoshikosan"}}
    state["objects"].append({**pod, "status": {"podIP": "10.42.0.7"}})
    state["postgres"] = {"verifiers": {USER: scram.verifier(OLD), **verifiers}}
    return state


def deployed(tmp_path: Path, app: App, **extra: str) -> tuple[FakeCluster, Path, dict[str, str]]:
    """A fake cluster with the app deployed from tmp_path/.env, /api/health answered by its pods."""
    cluster = FakeCluster(tmp_path / "cluster").start(postgres_state())
    env_file = write_env(tmp_path / ".env", **extra)
    env_file.chmod(0o600)
    env = cluster.env(ENV_FILE=str(env_file))
    app.answers["/api/health"] = Backend(cluster).answer
    dist = str(tmp_path / "dist")
    synth_to(Path(dist), **extra)
    first = run_ops("deploy", "--dist", dist, "--url", app.url, "--patience", "0", env=env, settings={})
    assert first.returncode == 0, first.stderr
    cluster.forget_calls()
    return cluster, env_file, env


def rotate_under_load(command: str, tmp_path: Path, app: App, env: dict[str, str]) -> tuple[Any, Loop]:
    loop = Loop(app.url)
    thread = threading.Thread(target=loop.run, daemon=True)
    thread.start()
    time.sleep(0.2)
    try:
        dist = str(tmp_path / "dist")
        return run_ops(command, "--dist", dist, "--url", app.url, "--patience", "5", env=env, settings={}), loop
    finally:
        time.sleep(0.2)
        loop.stop.set()
        thread.join()


@pytest.mark.slow
def test_rotate_db_password_drops_nothing_and_the_old_password_is_refused(tmp_path: Path, app: App) -> None:
    cluster, env_file, env = deployed(tmp_path, app)
    postgres = cluster.objects("StatefulSet")["postgres"]["spec"]["template"]
    result, loop = rotate_under_load("rotate-db-password", tmp_path, app, env)
    assert result.returncode == 0, result.stderr
    assert loop.sent > 50 and loop.failed == [], (loop.sent, loop.failed[:3])
    new = env_values(env_file)["POSTGRES_PASSWORD"]
    assert new != OLD and len(new) >= 32
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    assert env_values(env_file) == {**BASE_ENV, "POSTGRES_PASSWORD": new}, "every other line kept"
    verifier = cluster.state["postgres"]["verifiers"][USER]
    assert scram.matches(verifier, new) and not scram.matches(verifier, OLD)
    fixed = cluster.objects("Secret")["yoshikosan-secrets"]["data"]["POSTGRES_PASSWORD"]
    assert base64.b64decode(fixed).decode() == new, "PostgreSQL's own Secret too (initdb's, for a new volume)"
    assert cluster.objects("StatefulSet")["postgres"]["spec"]["template"] == postgres, "the database never restarts"
    # The server first, then the Secrets; nothing on a command line or in the output.
    calls = cluster.calls()
    order = [c["argv"][c["argv"].index("--") + 4] if verb(c["argv"]) == "exec" else verb(c["argv"]) for c in calls]
    assert order.index("set-password") < order.index("apply") and order[-1] == "login-check"
    assert [c["stdin"].count("SCRAM-SHA-256$") for c in calls if "set-password" in c["argv"]] == [1]
    assert not any(new in " ".join(c["argv"]) or OLD in " ".join(c["argv"]) for c in calls)
    assert new not in result.stdout + result.stderr and OLD not in result.stdout + result.stderr
    assert "POSTGRES_PASSWORD rotated" in result.stdout and "the old password is refused" in result.stdout


@pytest.mark.slow
def test_the_loop_does_see_a_rotation_in_the_wrong_order(tmp_path: Path, app: App) -> None:
    """The control: a new password in .env and `make deploy`, without ALTER ROLE first, fails requests."""
    _, env_file, env = deployed(tmp_path, app)
    env_file.write_text(env_file.read_text().replace(OLD, "a-new-password-nobody-told-the-server"))
    synth_to(tmp_path / "dist", POSTGRES_PASSWORD="a-new-password-nobody-told-the-server")
    result, loop = rotate_under_load("deploy", tmp_path, app, env)
    assert result.returncode == 1 and len(loop.failed) > 0


@pytest.mark.slow
def test_a_failed_deploy_says_the_server_and_env_have_the_new_password_and_deploy_finishes(
    tmp_path: Path, app: App
) -> None:
    cluster, env_file, env = deployed(tmp_path, app)
    state = cluster.state
    state["failing_rollouts"] = ["deployment/backend"]
    cluster.state_file.write_text(json.dumps(state))
    result = run_ops("rotate-db-password", "--dist", str(tmp_path / "dist"), "--patience", "0", env=env, settings={})
    assert result.returncode == 1
    assert f"{env_file} has the new POSTGRES_PASSWORD and so has the server" in result.stderr
    assert "Finish with `make deploy`" in result.stderr
    new = env_values(env_file)["POSTGRES_PASSWORD"]
    assert scram.matches(cluster.state["postgres"]["verifiers"][USER], new)
    state = cluster.state
    state["failing_rollouts"] = []
    cluster.state_file.write_text(json.dumps(state))
    finish = run_ops(
        "deploy", "--dist", str(tmp_path / "dist"), "--url", app.url, "--patience", "5", env=env, settings={}
    )
    assert finish.returncode == 0, finish.stderr


@pytest.mark.slow
def test_when_env_cannot_be_written_the_server_gets_the_old_password_back(tmp_path: Path, app: App) -> None:
    cluster, env_file, env = deployed(tmp_path, app)
    env_file.with_name("..env.tmp").mkdir()  # where the atomic write stages the file: now it cannot
    result = run_ops("rotate-db-password", "--dist", str(tmp_path / "dist"), "--patience", "0", env=env, settings={})
    assert result.returncode == 1
    assert "set back to the old one, nothing changed" in result.stderr
    assert scram.matches(cluster.state["postgres"]["verifiers"][USER], OLD)
    assert env_values(env_file)["POSTGRES_PASSWORD"] == OLD
    assert not [a for a in cluster.argvs() if verb(a) == "apply"]


@pytest.mark.slow
def test_rotate_secret_key_rolls_the_backend_and_says_what_it_invalidates(tmp_path: Path, app: App) -> None:
    cluster, env_file, env = deployed(tmp_path, app)
    before = {n: o["spec"]["template"] for n, o in cluster.objects("Deployment").items()}
    result, loop = rotate_under_load("rotate-secret-key", tmp_path, app, env)
    assert result.returncode == 0, result.stderr
    assert loop.failed == []
    after = {n: o["spec"]["template"] for n, o in cluster.objects("Deployment").items()}
    assert [n for n in before if before[n] != after[n]] == ["backend"]
    assert env_values(env_file)["SECRET_KEY"] != BASE_ENV["SECRET_KEY"]
    assert SECRET_KEY_INVALIDATES in result.stdout
    assert not [a for a in cluster.argvs() if verb(a) == "exec"], "no server involved"


@pytest.mark.slow
def test_rotate_exporter_password_is_a_deploy_whose_init_container_sets_the_role(tmp_path: Path, app: App) -> None:
    old = "exporter-password-0123456789abcdef"
    cluster, env_file, env = deployed(tmp_path, app, MONITORING="annotations", POSTGRES_EXPORTER_PASSWORD=old)
    assert scram.matches(cluster.state["postgres"]["verifiers"][EXPORTER_ROLE], old), "set by the first deploy"
    result, loop = rotate_under_load("rotate-exporter-password", tmp_path, app, env)
    assert result.returncode == 0, result.stderr
    assert loop.failed == []
    new = env_values(env_file)["POSTGRES_EXPORTER_PASSWORD"]
    verifier = cluster.state["postgres"]["verifiers"][EXPORTER_ROLE]
    assert scram.matches(verifier, new) and not scram.matches(verifier, old)
    assert [c for c in cluster.argvs() if "set-password" in c] == [], "the exporter's own init container did it"


# -- slow: the exact scripts on a real PostgreSQL ------------------------------------------------------

HOLD_SESSION = """
import sys, psycopg

with psycopg.connect(sys.argv[1]) as conn:
    print(conn.execute("SELECT current_user || ' ' || pg_backend_pid()").fetchone()[0], flush=True)
    sys.stdin.readline()  # the rotation happens meanwhile
    print(conn.execute("SELECT current_user || ' ' || pg_backend_pid()").fetchone()[0], flush=True)
"""


@pytest.mark.slow
def test_the_server_scripts_change_the_password_keep_open_sessions_and_refuse_the_old_one() -> None:
    """SET_PASSWORD_SCRIPT and LOGIN_CHECK_SCRIPT as `kubectl exec` runs them in the postgres container
    (here: libpq's TCP with the current password stands in for the container's trusted socket)."""
    from model.paths import PGCLUSTER_CACHE
    from pgcluster import temporary_cluster

    old = "pw @:/#% ü-0123456789"  # SASLprep and quoting matter for a password the user chose
    new = generate("POSTGRES_PASSWORD")
    with temporary_cluster(cache_dir=PGCLUSTER_CACHE, user=USER, password=old) as pg:
        pg.create_database(USER, owner=USER)
        pod = {"PATH": f"{pg.bin_dir}:/usr/bin:/bin", "POSTGRES_USER": USER, "POSTGRES_DB": USER}

        def sh(script: str, *args: str, stdin: str, password: str = old) -> subprocess.CompletedProcess[str]:
            env = {**pg.libpq_env(USER), "PGPASSWORD": password, **pod}
            argv = ["sh", "-c", script, *args]
            return subprocess.run(argv, input=stdin, env=env, capture_output=True, text=True, timeout=60)

        backend_python = ROOT / "backend" / ".venv" / "bin" / "python"
        session = subprocess.Popen(
            [str(backend_python), "-c", HOLD_SESSION, pg.url(USER)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert session.stdout is not None and session.stdin is not None
        before = session.stdout.readline().strip()
        assert before.split()[0] == USER, "a pool's connection, made with the old password"

        assert sh(LOGIN_CHECK_SCRIPT, "login-check", pg.host, USER, stdin=f"{new}\n{old}\n").returncode == 0
        stored = scram.verifier(new)
        done = sh(SET_PASSWORD_SCRIPT, "set-password", USER, stdin=f"{stored}\n")
        assert done.returncode == 0, done.stderr

        checked = sh(LOGIN_CHECK_SCRIPT, "login-check", pg.host, USER, stdin=f"{old}\n{new}\n", password=new)
        assert checked.returncode == 0, checked.stderr
        assert "first password refused, the second accepted" in checked.stdout
        # The same check fails when it should: the old one still working, or no way in at all.
        backwards = sh(LOGIN_CHECK_SCRIPT, "login-check", pg.host, USER, stdin=f"{new}\n{old}\n", password=new)
        assert backwards.returncode == 3, backwards.stderr
        nowhere = sh(LOGIN_CHECK_SCRIPT, "login-check", "127.0.0.2", USER, stdin=f"{old}\n{new}\n", password=new)
        assert nowhere.returncode == 4 and "not on the password" in nowhere.stderr

        session.stdin.write("go\n")
        session.stdin.flush()
        assert session.stdout.readline().strip() == before, "the same open session still answers"
        assert session.wait(timeout=30) == 0

        pg.password = new
        assert pg.sql(f"SELECT rolpassword FROM pg_authid WHERE rolname = '{USER}'") == stored, "stored as sent"
        for output in (done, checked):
            assert new not in output.stdout + output.stderr and stored not in output.stdout + output.stderr


def test_with_secrets_source_age_the_new_value_is_re_encrypted_with_the_others_kept(tmp_path: Path) -> None:
    """The age source writes into the committed file, for its recipients; nothing in plaintext."""
    from age_kit import make_app

    from model.secrets_source import parse_values
    from model.settings import SECRET_KEYS
    from scripts.rotate import AgeFileSource

    app = make_app(tmp_path / "app")
    before, _ = parse_values(app.files.read(app.environ()), "before", SECRET_KEYS)
    source = AgeFileSource(app.files, app.environ())
    source.check("POSTGRES_PASSWORD")
    source.write("POSTGRES_PASSWORD", "rotated-Pa55w0rd-0123456789")
    after, problems = parse_values(app.files.read(app.environ()), "after", SECRET_KEYS)
    assert problems == []
    assert after == {**before, "POSTGRES_PASSWORD": "rotated-Pa55w0rd-0123456789"}
    assert b"rotated-Pa55w0rd" not in app.files.secrets.read_bytes()
    assert not [p for p in tmp_path.rglob("*") if p.is_file() and b"rotated-Pa55w0rd" in p.read_bytes()]


def test_with_external_secrets_rotation_refuses_and_says_the_store_holds_them() -> None:
    from model.settings import SECRET_KEYS, load_settings
    from scripts.kube import OpsError
    from scripts.rotate import source_for

    environ = {k: v for k, v in BASE_ENV.items() if k not in SECRET_KEYS}
    settings = load_settings(
        {**environ, "SECRETS_SOURCE": "external-secrets", "EXTERNAL_SECRETS_STORE": "vault"}, env_file=None
    )
    with pytest.raises(OpsError, match=r"the store holds the secrets \(ClusterSecretStore vault\)"):
        source_for(settings, {}, "POSTGRES_PASSWORD")
