"""Rotating a secret with no request dropped: `make rotate-db-password`, `rotate-secret-key`,
`rotate-exporter-password` (docs/operations.md, "Rotating secrets").

The order, for the database password:
1. check, changing nothing: the source can take the new value, and the server accepts the
   current password over TCP (so `.env` and the server agree before we move either);
2. the new password on the live server (`ALTER ROLE`, its SCRAM verifier on stdin): every
   session already logged in stays valid (PostgreSQL checks a password at login only), so
   the running pods keep serving from their pools;
3. the new value in the settings source (SecretsSource.write), which the next deploy reads;
4. `make deploy`'s own path: synth, the Secrets (the readers' revisions get new names, the
   fixed `<APP_NAME>-secrets` new data), so exactly the readers roll, one pod at a time,
   each new pod logging in with the new password before an old one leaves; wait, smoke;
5. the old password is refused and the new one accepted, over TCP.
A step that fails says what state it left and how to finish. The exporter's password needs
no step 2: its pod's init container sets its role's password on every start
(model/sh/exporter-role.sh), so the deploy does it. SECRET_KEY is no login at all.
"""

from __future__ import annotations

import secrets
import shlex
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from model import age_file, scram
from model.age_file import AgeError
from model.dbtools import LOGIN_CHECK_SCRIPT, SET_PASSWORD_SCRIPT, postgres_pod
from model.envfile import generate, settings_file, with_values, write_private
from model.monitoring import EXPORTER_ROLE
from model.paths import ROOT
from model.secrets_source import AgeFiles, format_values, parse_values
from model.settings import SECRET_KEYS, Settings, SettingsError, load_settings
from model.topology import POSTGRES
from scripts.external_secrets import store_where
from scripts.kube import OpsError, last_line
from scripts.ops import Ops
from scripts.steps import Action, Task, run, say

# What SECRET_KEY signs, from reading backend/app (tests/test_rotate.py fails when that changes).
SECRET_KEY_INVALIDATES = (
    "SECRET_KEY signs nothing yet: backend/app only checks it at start (32+ characters, not the "
    "example), and no session, cookie, CSRF or API token is signed or encrypted with it, so this "
    "rotation logs nobody out and invalidates nothing. Once the app signs with it (sessions, "
    "OAuth state), everything signed with the old key is refused after the rollout."
)


class SecretsSource(Protocol):
    """Where the secret values live for the next deploy: SECRETS_SOURCE. `env` (the .env file) is
    written here. An `age` source re-encrypts its file in `write`. An `external-secrets` source
    cannot write the store: its `check` refuses before anything changes, naming the remote key
    to set and the `make deploy` that follows; the database password's ALTER ROLE then waits
    for the store's value (set it on the server with the same SET_PASSWORD_SCRIPT)."""

    @property
    def where(self) -> str:
        """Where the value is written, for the messages."""

    def check(self, key: str) -> None:
        """Raise OpsError, changing nothing, when `key`'s new value could not be written."""

    def write(self, key: str, value: str) -> None:
        """Store the new value, atomically: the next load_settings reads it."""


@dataclass(frozen=True)
class EnvFileSource:
    env_file: Path
    environ: Mapping[str, str] = field(repr=False)

    @property
    def where(self) -> str:
        return str(self.env_file)

    def check(self, key: str) -> None:
        if not self.env_file.is_file():
            raise OpsError(f"{self.env_file} is not a file: rotation writes the new {key} there (ENV_FILE)")
        if self.environ.get(key):
            raise OpsError(
                f"{key} is set in the environment, which wins over {self.env_file}: unset it, or rotate by hand"
            )

    def write(self, key: str, value: str) -> None:
        write_private(self.env_file, with_values(self.env_file.read_text(), {key: value}))


@dataclass(frozen=True)
class AgeFileSource:
    """SECRETS_SOURCE=age: the value is re-encrypted into the committed file, in memory only."""

    files: AgeFiles
    environ: Mapping[str, str] = field(repr=False)

    @property
    def where(self) -> str:
        return f"{self.files.secrets} (commit it)"

    def check(self, key: str) -> None:
        try:
            self.files.read(self.environ)
            age_file.read_recipients(self.files.recipients)
        except AgeError as error:
            raise OpsError(f"{self.files.secrets} cannot take the new {key}: {error}") from None

    def write(self, key: str, value: str) -> None:
        text = self.files.read(self.environ)
        current, _ = parse_values(text, self.files.secrets.name, SECRET_KEYS)
        self.files.write(format_values({**current, key: value}))


def source_for(settings: Settings, environ: Mapping[str, str], key: str | None = None) -> SecretsSource:
    if settings.secrets_source == "env":
        return EnvFileSource(settings_file(environ, ROOT), environ)
    if settings.secrets_source == "age":
        files = AgeFiles(ROOT / settings.secrets_age_file, ROOT / settings.secrets_age_recipients)
        return AgeFileSource(files, environ)
    # Writing the store needs its own credentials, which this app never holds.
    change = f"change {key} at remote key {settings.remote_ref(key)} there" if key else "change the value there"
    role = " (and the role's password with ALTER ROLE first: the database keeps its own copy)"
    raise OpsError(
        f"SECRETS_SOURCE={settings.secrets_source}: the store holds the secrets "
        f"({store_where(settings)}); rotation cannot write them (nothing changed): {change}"
        f"{role if key and key != 'SECRET_KEY' else ''}, then `make restart` once the operator has synced it"
    )


@dataclass(frozen=True)
class Rotation:
    key: str
    login: bool  # a PostgreSQL role logs in with it (checked before and after)
    alter: bool  # set on the server before the source; False: the deploy's pods set it, if anyone
    rolls: str

    def role(self, settings: Settings) -> str:
        return EXPORTER_ROLE if self.key == "POSTGRES_EXPORTER_PASSWORD" else settings.postgres_user

    def rolled(self, settings: Settings) -> str:
        exporter_off = self.key == "POSTGRES_PASSWORD" and settings.monitoring == "none"
        return "the backend and the backup CronJob (all that log in as it)" if exporter_off else self.rolls


ROTATIONS = {
    "rotate-db-password": Rotation(
        "POSTGRES_PASSWORD", True, True, "the backend, the backup CronJob and the exporter (all that log in as it)"
    ),
    "rotate-secret-key": Rotation("SECRET_KEY", False, False, "the backend"),
    "rotate-exporter-password": Rotation(
        "POSTGRES_EXPORTER_PASSWORD", True, False, "the exporter (its init container sets its role's password)"
    ),
}


@dataclass
class RotationRun:
    ops: Ops
    rotation: Rotation
    source: SecretsSource
    environ: Mapping[str, str] = field(repr=False)
    old: str = field(init=False, repr=False)
    new: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.old = self.ops.s.secret_values().get(self.rotation.key, "")
        self.new = generate(self.rotation.key)

    @property
    def key(self) -> str:
        return self.rotation.key

    @property
    def role(self) -> str:
        return self.rotation.role(self.ops.s)

    @property
    def pod(self) -> str:
        return postgres_pod(self.ops.s.postgres_data_major)

    def exec_argv(self, script_text: str, *args: str) -> list[str]:
        return self.ops.k("exec", "-i", self.pod, "-c", POSTGRES, "--", "sh", "-c", script_text, *args)

    def shown(self, script_name: str, *args: str) -> str:
        """The exec as printed: the script by name (its text is model/sh/'s), what is on stdin."""
        return shlex.join(self.exec_argv(script_name, *args))

    def by_hand(self) -> str:
        return (
            f"set the password in {self.source.where} on the server by hand: `make db-shell`, then "
            f"`\\password {self.role}` and paste it (typed on the terminal, never on a command line)"
        )

    def pod_ip(self) -> str:
        pod = self.ops.kube.get_one(self.ops.s.namespace, f"pod/{self.pod}")
        ip = ((pod or {}).get("status") or {}).get("podIP")
        if not ip:
            raise OpsError(f"no running pod {self.pod} in namespace {self.ops.s.namespace}: `make status`")
        return str(ip)

    def login_check(self, refused: str, accepted: str) -> str:
        """LOGIN_CHECK_SCRIPT in the postgres pod: `refused` must fail on the password, `accepted` log in."""
        ip = self.pod_ip()
        say(f"+ <two passwords on stdin> {self.shown('LOGIN_CHECK_SCRIPT', 'login-check', ip, self.role)}")
        argv = self.exec_argv(LOGIN_CHECK_SCRIPT, "login-check", ip, self.role)
        found = self.ops.kube.call(*argv[1:], stdin=f"{refused}\n{accepted}\n")
        if found.returncode != 0:
            raise OpsError(last_line(found.stderr))
        return last_line(found.stdout)

    def set_on_server(self, password: str) -> None:
        say(f"+ <SCRAM verifier on stdin> {self.shown('SET_PASSWORD_SCRIPT', 'set-password', self.role)}")
        argv = self.exec_argv(SET_PASSWORD_SCRIPT, "set-password", self.role)
        done = self.ops.kube.call(*argv[1:], stdin=scram.verifier(password) + "\n")
        if done.returncode != 0:
            raise OpsError(f"ALTER ROLE failed: {last_line(done.stderr)}")
        say(last_line(done.stdout))

    # -- the steps ------------------------------------------------------------
    def check(self) -> None:
        self.source.check(self.key)
        if not self.rotation.login:
            return
        try:
            self.login_check(secrets.token_urlsafe(24), self.old)
        except OpsError as error:
            raise OpsError(
                f"nothing changed: the server must accept the current {self.key} first ({error}). If a rotation "
                f"stopped midway and the server has another password, {self.by_hand()}"
            ) from None
        say(f"preflight: the server accepts the current {self.key} for role {self.role} over TCP")

    def alter(self) -> None:
        try:
            self.set_on_server(self.new)
        except OpsError as error:
            raise OpsError(f"{error}; nothing changed: the server keeps the old password") from None

    def write_source(self) -> None:
        try:
            self.source.write(self.key, self.new)
        except OSError as error:
            failed = f"could not write {self.key} to {self.source.where} ({error})"
            if not self.rotation.alter:
                raise OpsError(f"{failed}; nothing changed") from None
            try:
                self.set_on_server(self.old)
            except OpsError as revert:
                raise OpsError(
                    f"{failed}, and setting the old password back on the server failed too ({revert}): the "
                    f"server has a password that is nowhere else; new logins fail until you {self.by_hand()}"
                ) from None
            raise OpsError(f"{failed}; the server's password was set back to the old one, nothing changed") from None
        say(f"{self.key}: the new value is in {self.source.where}")

    def deploy(self) -> None:
        """`make synth` and `make deploy` from the source, as a user would run them next."""
        finish = (
            f"{self.source.where} has the new {self.key}"
            + (" and so has the server" if self.rotation.alter else "")
            + "; the running pods keep their sessions. Finish with `make deploy`"
        )
        environ = {**self.environ, "CDK8S_OUTDIR": str(self.ops.dist_dir)}
        synth = subprocess.run([sys.executable, str(ROOT / "main.py")], env=environ, check=False)
        if synth.returncode != 0:
            raise OpsError(f"make synth failed after the rotation's change. {finish}")
        try:
            settings = load_settings(self.environ, settings_file(self.environ, ROOT), app_dir=ROOT)
        except SettingsError as error:
            raise OpsError(f"{error.report()} {finish}") from None
        if settings.secret_values().get(self.key) != self.new:
            raise OpsError(f"the settings do not read the new {self.key} from {self.source.where}. {finish}")
        fresh = Ops(
            settings,
            kubectl=self.ops.kubectl,
            dist=self.ops.dist_dir,
            smoke_url=self.ops.smoke_url,
            smoke_patience=self.ops.smoke_patience,
        )
        try:
            run(fresh.deploy())
        except OpsError as error:
            raise OpsError(f"{error}. {finish} once the cause is fixed") from None

    def verify(self) -> None:
        try:
            say(self.login_check(self.old, self.new))
        except OpsError as error:
            raise OpsError(f"the rotation is deployed, but the check failed: {error}") from None


def actions(ops: Ops, command: str, environ: Mapping[str, str]) -> list[Action]:
    rotation = ROTATIONS[command]
    if rotation.key == "POSTGRES_EXPORTER_PASSWORD" and ops.s.monitoring == "none":
        raise OpsError("MONITORING is none: no exporter runs, so there is no exporter password to rotate")
    job = RotationRun(ops, rotation, source_for(ops.s, environ, rotation.key), environ)
    key, where = rotation.key, job.source.where
    check = job.shown("LOGIN_CHECK_SCRIPT", "login-check", "IP", job.role)
    login = f"{shlex.join(ops.k('get', f'pod/{job.pod}'))} (its IP), then {check}"
    steps: list[Action] = [
        Task(
            f"check: {where} takes a new {key}"
            + (f"; the server accepts the current one for role {job.role}:\n  {login}" if rotation.login else ""),
            job.check,
        )
    ]
    if rotation.alter:
        steps.append(
            Task(
                f"{job.shown('SET_PASSWORD_SCRIPT', 'set-password', job.role)}\n"
                "  (stdin: the new password's SCRAM verifier; open sessions stay valid)",
                job.alter,
            )
        )
    steps += [
        Task(f"write the new {key} to {where} (atomically, mode 600)", job.write_source),
        Task(
            f"make synth, then make deploy: rolls {rotation.rolled(ops.s)}, one pod at a time; wait; smoke", job.deploy
        ),
    ]
    if rotation.login:
        steps.append(Task(f"check: the old {key} is refused over TCP, the new one logs in:\n  {login}", job.verify))
    message = done_message(rotation, where, rotation.rolled(ops.s))
    steps.append(Task(f"{key} rotated", lambda: print(message, flush=True)))
    return steps


def done_message(rotation: Rotation, where: str, rolled: str) -> str:
    text = f"{rotation.key} rotated: the new value is in {where}, {rolled} rolled"
    if rotation.key == "SECRET_KEY":
        return f"{text}. {SECRET_KEY_INVALIDATES}"
    return f"{text}; the old password is refused."
