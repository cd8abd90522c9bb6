"""What the age tests share: keys (made by pyrage, or by the real `age-keygen` for the interoperability
tests), and an app directory set to SECRETS_SOURCE=age."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from conftest import BASE_ENV
from pyrage import x25519

from model.secrets_source import AgeFiles, format_values
from model.settings import SECRET_KEYS

# The settings without their secrets: with SECRETS_SOURCE=age those come from the encrypted file.
PLAIN_ENV = {k: v for k, v in BASE_ENV.items() if k not in SECRET_KEYS}
SECRETS = {k: v for k, v in BASE_ENV.items() if k in SECRET_KEYS}


def age_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # The interoperability tests must not pass by skipping: no age, no green run.
    assert shutil.which("age"), "Debian's age is missing: `make install-system` installs it (SYSTEM_PACKAGES)"
    return subprocess.run(["age", *args], input=stdin, capture_output=True)


@dataclass(frozen=True)
class Key:
    file: Path  # the identity, as age-keygen writes it
    public: str

    @property
    def secret(self) -> str:
        return next(line for line in self.file.read_text().splitlines() if line.startswith("AGE-SECRET-KEY-"))


def keygen(path: Path, cli: bool) -> Key:
    if not cli:  # age-keygen's file format, without needing it
        identity = x25519.Identity.generate()
        path.write_text(f"# public key: {identity.to_public()}\n{identity}\n")
        return Key(path, str(identity.to_public()))
    assert shutil.which("age-keygen"), "Debian's age is missing: `make install-system` installs it"
    subprocess.run(["age-keygen", "-o", str(path)], check=True, capture_output=True)
    public = subprocess.run(["age-keygen", "-y", str(path)], check=True, capture_output=True, text=True).stdout
    return Key(path, public.strip())


@dataclass(frozen=True)
class App:
    """An app directory with SECRETS_SOURCE=age: .env without secrets, recipients, the encrypted file."""

    dir: Path
    me: Key
    other: Key  # a key that is nobody's recipient here

    @property
    def env_file(self) -> Path:
        return self.dir / ".env"

    @property
    def files(self) -> AgeFiles:
        return AgeFiles(self.dir / "secrets.env.age", self.dir / "secrets.recipients")

    def environ(self, **extra: str) -> dict[str, str]:
        return {"AGE_KEY_FILE": str(self.me.file), "HOME": str(self.dir), **extra}


def make_app(tmp_path: Path, values: dict[str, str] | None = None, *, cli: bool = False) -> App:
    tmp_path.mkdir(parents=True, exist_ok=True)
    app = App(tmp_path, keygen(tmp_path / "me.txt", cli), keygen(tmp_path / "other.txt", cli))
    app.env_file.write_text("".join(f"{k}={v}\n" for k, v in {**PLAIN_ENV, "SECRETS_SOURCE": "age"}.items()))
    app.files.recipients.write_text(f"# me\n{app.me.public}\n")
    app.files.write(format_values(SECRETS if values is None else values))
    return app
