"""The encrypted secrets are standard age, both ways, checked with Debian's `age` CLI (SYSTEM_PACKAGES):
what the project writes `age -d -i KEY` opens, and what `age -e -R RECIPIENTS` writes the project reads;
the CLI's tampered files and wrong keys fail here as they fail there."""

from __future__ import annotations

from pathlib import Path

import pytest
from age_kit import SECRETS, age_cli, make_app

from model.age_file import AgeError
from model.secrets_source import format_values
from model.settings import SettingsError, load_settings

pytestmark = pytest.mark.slow  # Debian's age, in subprocesses


def test_a_file_the_project_writes_opens_with_age_d(tmp_path: Path) -> None:
    app = make_app(tmp_path, cli=True)
    opened = age_cli("-d", "-i", str(app.me.file), str(app.files.secrets))
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.decode() == format_values(SECRETS)
    # And only for the recipients: the CLI refuses another key as well.
    refused = age_cli("-d", "-i", str(app.other.file), str(app.files.secrets))
    assert refused.returncode != 0 and b"no identity matched any of the recipients" in refused.stderr


@pytest.mark.parametrize("armor", [False, True], ids=["binary", "armored"])
def test_a_file_age_e_writes_is_read_by_the_project(tmp_path: Path, armor: bool) -> None:
    app = make_app(tmp_path, cli=True)
    # A recipients file as a team keeps it: comments, blank lines, two keys.
    app.files.recipients.write_text(f"# alice\n{app.other.public}\n\n# bob\n{app.me.public}\n")
    text = "# written by the age CLI\nSECRET_KEY='" + "k" * 40 + "'\nPOSTGRES_PASSWORD=p@ss:word/with#hash-and-more\n"
    written = age_cli("-e", *(["-a"] if armor else []), "-R", str(app.files.recipients), stdin=text.encode())
    assert written.returncode == 0, written.stderr
    app.files.secrets.write_bytes(written.stdout)
    for key in (app.me, app.other):
        settings = load_settings({"AGE_KEY_FILE": str(key.file)}, app.env_file, app_dir=app.dir)
        assert settings.secret_values() == {"SECRET_KEY": "k" * 40, "POSTGRES_PASSWORD": "p@ss:word/with#hash-and-more"}


def test_what_the_cli_refuses_the_project_refuses(tmp_path: Path) -> None:
    app = make_app(tmp_path, cli=True)
    written = age_cli("-e", "-r", app.me.public, stdin=format_values(SECRETS).encode()).stdout
    cases = {
        "tampered": written[:-30] + bytes([written[-30] ^ 1]) + written[-29:],
        "truncated": written[:-17],
    }
    for name, data in cases.items():
        app.files.secrets.write_bytes(data)
        assert age_cli("-d", "-i", str(app.me.file), str(app.files.secrets)).returncode != 0, name
        with pytest.raises(AgeError, match="is damaged"):
            app.files.read(app.environ())
    # The wrong key: refused by the CLI, and by the project with what to do about it.
    app.files.secrets.write_bytes(written)
    assert age_cli("-d", "-i", str(app.other.file), str(app.files.secrets)).returncode != 0
    with pytest.raises(SettingsError, match=f"is not encrypted for your identity \\({app.other.public} from"):
        load_settings({"AGE_KEY_FILE": str(app.other.file)}, app.env_file, app_dir=app.dir)


def test_a_recipients_file_the_cli_refuses_is_refused_by_line(tmp_path: Path) -> None:
    app = make_app(tmp_path, cli=True)
    app.files.recipients.write_text(f"# team\n{app.me.public}\nage1notakey\n")
    assert age_cli("-e", "-R", str(app.files.recipients), stdin=b"x").returncode != 0
    before = app.files.secrets.read_bytes()
    with pytest.raises(AgeError, match=r"^secrets.recipients line 3 is not an age public key \(age1…\)"):
        app.files.write(format_values(SECRETS))
    assert app.files.secrets.read_bytes() == before
