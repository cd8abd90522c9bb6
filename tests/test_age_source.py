"""SECRETS_SOURCE=age in load_settings: the decrypted values are the settings' secrets, and every bad
input is one line naming its fix, in the one report, with no value shown and nothing written."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from age_kit import PLAIN_ENV, SECRETS, App, make_app

from model.age_prepare import prepare_age_file
from model.secrets_source import format_value, parse_values
from model.settings import SECRET_KEYS, SettingsError, load_settings
from model.validators import EXAMPLE_SECRET_KEY
from scripts.secret import secret_env_file


def load(app: App, **environ: str) -> dict[str, str]:
    return load_settings(app.environ(**environ), app.env_file, app_dir=app.dir).secret_values()


def problems(app: App, **environ: str) -> list[str]:
    with pytest.raises(SettingsError) as error:
        load(app, **environ)
    return error.value.problems


def test_the_encrypted_values_are_the_secrets_and_reach_the_secret_unchanged(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    assert load(app) == SECRETS
    # AGE_KEY holds the identity itself (CI); it wins over a key file.
    assert load(app, AGE_KEY=app.me.file.read_text(), AGE_KEY_FILE="/nonexistent") == SECRETS
    settings = load_settings(app.environ(), app.env_file, app_dir=app.dir)
    assert settings.secrets_source == "age"
    assert secret_env_file(settings) == "".join(f"{k}={v}\n" for k, v in SECRETS.items())


def test_the_default_identity_is_ages_usual_key_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    usual = tmp_path / "config" / "age" / "keys.txt"
    usual.parent.mkdir(parents=True)
    usual.write_text(app.me.file.read_text())
    environ = {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    assert load_settings(environ, app.env_file, app_dir=app.dir).secret_values() == SECRETS


def test_values_round_trip_through_the_file_syntax() -> None:
    tricky = ["plain", "it's", "back\\slash", " spaced ", "a #comment", "$HOME", '"quoted"', "ü@:/%"]
    text = "".join(f"SECRET_KEY={format_value(v)}\n" for v in tricky)
    for value, line in zip(tricky, text.splitlines(), strict=True):
        assert parse_values(line, "f", SECRET_KEYS) == ({"SECRET_KEY": value}, [])


def retarget(app: App) -> None:
    app.files.recipients.write_text(f"{app.other.public}\n")
    app.files.write(app.files.read(app.environ()))


def tamper(app: App) -> None:
    data = bytearray(app.files.secrets.read_bytes())
    data[-20] ^= 1
    app.files.secrets.write_bytes(bytes(data))


def listed_elsewhere(app: App) -> None:
    # Encrypted for `other` only, while the recipients file lists me: someone forgot secrets-recipients.
    retarget(app)
    app.files.recipients.write_text(f"{app.me.public}\n")


BAD: dict[str, tuple[Callable[[App], object], dict[str, str], str]] = {
    "no identity": (lambda app: None, {"AGE_KEY_FILE": "/nonexistent/keys.txt"}, "no age identity: AGE_KEY_FILE="),
    "the wrong identity": (lambda app: None, {"AGE_KEY_FILE": "other.txt"}, "is not encrypted for your identity"),
    "encrypted for other recipients": (listed_elsewhere, {}, "was encrypted for other recipients"),
    "tampered": (tamper, {}, "is damaged (tampered with or truncated"),
    "truncated": (lambda app: app.files.secrets.write_bytes(app.files.secrets.read_bytes()[:-40]), {}, "is damaged"),
    "not an age file": (lambda app: app.files.secrets.write_text("SECRET_KEY=x\n"), {}, "is not an age file"),
    "no file": (lambda app: app.files.secrets.unlink(), {}, "create it with `make secrets-init`"),
    "a broken identity": (
        lambda app: app.me.file.write_text("AGE-SECRET-KEY-1NOTAKEY\n"),
        {},
        "me.txt line 1 is not an age identity",
    ),
    "a recipients line that is not a public key": (
        lambda app: app.files.recipients.write_text(f"# team\n{app.me.public}\nage1typo\n"),
        {},
        "secrets.recipients line 3 is not an age public key (age1…): fix it",
    ),
    "plaintext in .env": (
        lambda app: app.env_file.write_text(app.env_file.read_text() + f"SECRET_KEY={SECRETS['SECRET_KEY']}\n"),
        {},
        "SECRETS_SOURCE=age, yet .env still holds SECRET_KEY in plain text: delete their lines",
    ),
    "plaintext in the environment": (
        lambda app: None,
        {"POSTGRES_PASSWORD": SECRETS["POSTGRES_PASSWORD"]},
        "the environment sets POSTGRES_PASSWORD in plain text: unset them",
    ),
}


@pytest.mark.parametrize("case", BAD)
def test_bad_input_is_one_line_with_its_fix_and_shows_no_value(tmp_path: Path, case: str) -> None:
    app = make_app(tmp_path)
    spoil, environ, expected = BAD[case]
    spoil(app)
    environ = {k: str(tmp_path / v) if v == "other.txt" else v for k, v in environ.items()}
    before = sorted(os.listdir(tmp_path))
    found = problems(app, **environ)
    # One line, and the missing secrets it causes are not listed again.
    assert len(found) == 1 and expected in found[0] and "\n" not in found[0], found
    report = SettingsError(found).report()
    for secret in [*SECRETS.values(), app.me.secret, app.other.secret]:
        assert secret not in report
    assert sorted(os.listdir(tmp_path)) == before, "nothing written"


def test_problems_inside_the_file_are_named_by_line_with_the_rest(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    text = app.files.read(app.environ())
    app.files.write(f"{text}DOMAIN=elsewhere.example.org\nnot a line\nSECRET_KEY=short\n")
    found = problems(app, BACKUP_KEEP="0")
    domain = text.count("\n") + 1
    assert any(p.startswith(f"secrets.env.age line {domain}: DOMAIN is not a secret setting") for p in found), found
    assert any(p.startswith(f"secrets.env.age line {domain + 1} is not KEY=value") for p in found), found
    assert any(p.startswith("SECRET_KEY is 5 characters") for p in found), found
    assert any(p.startswith("BACKUP_KEEP") for p in found), "settings problems come in the same report"


def test_a_missing_secret_says_how_to_add_it(tmp_path: Path) -> None:
    app = make_app(tmp_path, {k: v for k, v in SECRETS.items() if k != "SECRET_KEY"})
    assert problems(app) == ["SECRET_KEY is required (add it to the encrypted file with `make secrets-edit`)"]


def test_the_example_placeholder_is_not_a_plaintext_secret(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.env_file.write_text(app.env_file.read_text() + f"SECRET_KEY={EXAMPLE_SECRET_KEY}\nGOOGLE_CLIENT_ID=\n")
    assert load(app) == SECRETS


def test_turning_monitoring_on_generates_the_exporter_password_into_the_encrypted_file(tmp_path: Path) -> None:
    app = make_app(tmp_path, {k: v for k, v in SECRETS.items() if k != "POSTGRES_EXPORTER_PASSWORD"})
    assert prepare_age_file(app.env_file, app.environ(), app.dir) is None, "MONITORING=none needs none"
    with pytest.raises(SettingsError, match="POSTGRES_EXPORTER_PASSWORD is required when MONITORING is on"):
        load(app, MONITORING="annotations")
    note = prepare_age_file(app.env_file, app.environ(MONITORING="annotations"), app.dir)
    assert note and note.startswith("updated secrets.env.age with a generated POSTGRES_EXPORTER_PASSWORD")
    values = load(app, MONITORING="annotations")
    assert len(values.pop("POSTGRES_EXPORTER_PASSWORD")) >= 24
    assert values == {k: v for k, v in SECRETS.items() if k != "POSTGRES_EXPORTER_PASSWORD"}, "the rest kept"
    assert prepare_age_file(app.env_file, app.environ(MONITORING="annotations"), app.dir) is None, "once"


def test_env_mode_ignores_the_encrypted_file(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    app.env_file.write_text("".join(f"{k}={v}\n" for k, v in PLAIN_ENV.items()))
    with pytest.raises(SettingsError, match="SECRET_KEY is required"):
        load(app)
