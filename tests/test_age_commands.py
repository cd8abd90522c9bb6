"""make secrets-init, secrets-edit, secrets-recipients, run as the Makefile runs them (scripts/age_secrets.py),
with fake editors: an edit is saved only when valid, and no plaintext outlives it, whatever the editor does."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from age_kit import SECRETS, App, age_cli, make_app
from conftest import ROOT

from model.settings import SECRET_KEYS, load_settings

pytestmark = pytest.mark.slow  # scripts/age_secrets.py and the editors, in subprocesses

NEW_KEY = "N" * 40


def run(app: App, command: str, editor: str = "false", **environ: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], **app.environ(EDITOR=editor, **environ)}
    argv = [sys.executable, str(ROOT / "scripts" / "age_secrets.py"), command, "--app-dir", str(app.dir)]
    return subprocess.run(argv, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=60)


def fake_editor(tmp_path: Path, body: str) -> tuple[str, Path]:
    """An EDITOR that records the file it was given and the modes, then does `body`."""
    log = tmp_path / "editor.log"
    script = tmp_path / "editor.sh"
    record = f'LOG={log}\nprintf "%s\\n" "$1" "$(dirname "$1")" >"$LOG"\nstat -c %a "$1" "$(dirname "$1")" >>"$LOG"'
    script.write_text(f"#!/bin/sh\n{record}\n{body}\n")
    script.chmod(0o755)
    return str(script), log


def set_key(value: str) -> str:
    return f"sed -i 's/^SECRET_KEY=.*/SECRET_KEY={value}/' \"$1\""


EDITS = {
    "saved": (set_key(NEW_KEY), 0),
    "the editor fails": (f"{set_key(NEW_KEY)}; exit 3", 1),
    "the editor gets Ctrl-C": (f"{set_key(NEW_KEY)}; kill -INT $$; sleep 5", 1),
    # Held back while the editor runs (a Ctrl-C meant for it must not pull the file away), then abandons.
    "Ctrl-C reaches make too": (f'{set_key(NEW_KEY)}; kill -INT $PPID; sleep 0.3; echo finished >>"$LOG"', 1),
    "SIGTERM": (f"{set_key(NEW_KEY)}; kill -TERM $PPID; exit 0", 1),
    "invalid": (set_key("short"), 1),
}


@pytest.mark.parametrize("case", EDITS)
def test_edit_saves_only_a_valid_edit_and_leaves_no_plaintext(tmp_path: Path, case: str) -> None:
    app = make_app(tmp_path / "app")
    body, code = EDITS[case]
    editor, log = fake_editor(tmp_path, body)
    before = app.files.secrets.read_bytes()
    result = run(app, "edit", editor)
    assert result.returncode == code, result.stderr
    copy, directory, file_mode, dir_mode = log.read_text().split()[:4]
    assert (file_mode, dir_mode) == ("600", "700"), "a private copy in a private directory"
    assert not Path(copy).exists() and not Path(directory).exists(), "the copy and its directory are gone"
    if case == "Ctrl-C reaches make too":
        assert "SIGINT: nothing was saved" in result.stderr and "finished" in log.read_text()
    expected = {**SECRETS, "SECRET_KEY": NEW_KEY} if case == "saved" else SECRETS
    assert load_settings(app.environ(), app.env_file, app_dir=app.dir).secret_values() == expected
    if case != "saved":
        assert app.files.secrets.read_bytes() == before, "nothing saved"
        assert "nothing was saved" in result.stderr
    assert "SECRET_KEY is 5 characters" in result.stderr if case == "invalid" else True
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRETS["POSTGRES_PASSWORD"].encode() not in path.read_bytes(), path
    for value in SECRETS.values():
        assert value not in result.stderr + result.stdout


def test_edit_without_a_change_writes_nothing(tmp_path: Path) -> None:
    app = make_app(tmp_path / "app")
    editor, _ = fake_editor(tmp_path, "true")
    before = app.files.secrets.read_bytes()
    result = run(app, "edit", editor)
    assert result.returncode == 0 and "no change" in result.stderr
    assert app.files.secrets.read_bytes() == before


def test_init_moves_the_secrets_of_env_into_the_encrypted_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.files.secrets.unlink()
    app.files.recipients.unlink()
    mine = "mine: keep it, not generated"
    app.env_file.write_text(
        (ROOT / ".env.example").read_text().replace("POSTGRES_PASSWORD=\n", f"POSTGRES_PASSWORD='{mine}'\n")
    )
    result = run(app, "init")
    assert result.returncode == 0, result.stderr
    assert app.files.recipients.read_text().splitlines()[-1] == app.me.public, "recipients start with my key"
    env_text = app.env_file.read_text()
    assert "SECRETS_SOURCE=age\n" in env_text and mine not in env_text
    assert not [line for line in env_text.splitlines() if line.split("=", 1)[0] in SECRET_KEYS]
    assert stat.S_IMODE(app.env_file.stat().st_mode) == 0o600
    opened = age_cli("-d", "-i", str(app.me.file), str(app.files.secrets))
    assert opened.returncode == 0 and f"POSTGRES_PASSWORD='{mine}'" in opened.stdout.decode()
    values = load_settings(app.environ(), app.env_file, app_dir=app.dir).secret_values()
    assert values["POSTGRES_PASSWORD"] == mine
    assert len(values["SECRET_KEY"]) >= 32 and len(values["POSTGRES_EXPORTER_PASSWORD"]) >= 24, "generated"
    again = run(app, "init")
    assert again.returncode == 1 and "exists already" in again.stderr


def test_init_refuses_recipients_that_leave_you_out(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.files.secrets.unlink()
    app.files.recipients.write_text(f"{app.other.public}\n")
    before = app.env_file.read_text()
    result = run(app, "init")
    assert result.returncode == 1 and "does not list your public key" in result.stderr
    assert not app.files.secrets.exists() and app.env_file.read_text() == before


def test_recipients_re_encrypts_for_the_keys_listed_now(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    assert age_cli("-d", "-i", str(app.other.file), str(app.files.secrets)).returncode != 0
    app.files.recipients.write_text(f"{app.me.public}\n# a teammate\n{app.other.public}\n")
    result = run(app, "recipients")
    assert result.returncode == 0 and "for the 2 recipients" in result.stderr, result.stderr
    for key in (app.me, app.other):
        assert age_cli("-d", "-i", str(key.file), str(app.files.secrets)).returncode == 0
    # A key removed again can no longer open the new file.
    app.files.recipients.write_text(f"{app.me.public}\n")
    assert run(app, "recipients").returncode == 0
    assert age_cli("-d", "-i", str(app.other.file), str(app.files.secrets)).returncode != 0


def test_recipients_refuses_a_line_that_is_not_a_public_key(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.files.recipients.write_text(f"{app.me.public}\n{app.me.secret}\n")
    before = app.files.secrets.read_bytes()
    result = run(app, "recipients")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: secrets.recipients line 2 is not an age public key (age1…): "
        "fix it (`age-keygen -y KEYFILE` prints one) or delete the line"
    )
    assert app.files.secrets.read_bytes() == before
