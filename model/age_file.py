"""The age-encrypted secrets file: its recipients, the identity that opens it, reading and writing.

Built on pyrage (Python bindings of rage, a Rust implementation of the age format) rather
than Debian's `age` CLI: it runs in-process, so plaintext and the identity never travel
through pipes, argv or a temporary file, and a deploy host needs no system package beyond
Python. The files it writes are standard age (v1, X25519 recipients), so `age -d -i KEY`
opens them and `age -e -R secrets.recipients` writes files this module reads
(tests/test_age_interop.py checks both ways with the real CLI).

Every failure is an AgeError whose text is one line naming the problem and its fix.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyrage
from pyrage import x25519

# age itself has no default identity file (`age -d` wants `-i`); this is where its docs and
# most tools put one (`age-keygen -o ~/.config/age/keys.txt`), under XDG_CONFIG_HOME if set.
KEY_FILE_HINT = "age-keygen -o ~/.config/age/keys.txt"
_HEADERS = (b"age-encryption.org/v1\n", b"-----BEGIN AGE ENCRYPTED FILE-----")
_NO_MATCH = "No matching keys found"


class AgeError(Exception):
    """One line: what is wrong with the age setup, and how to fix it."""


def default_key_file(environ: Mapping[str, str]) -> Path:
    config = environ.get("XDG_CONFIG_HOME") or str(Path(environ.get("HOME", "~")).expanduser() / ".config")
    return Path(config) / "age" / "keys.txt"


@dataclass(frozen=True)
class Identity:
    """The keys that open the file, and where they came from (for messages: never the key itself)."""

    keys: tuple[x25519.Identity, ...]
    origin: str

    @property
    def public(self) -> tuple[str, ...]:
        return tuple(str(key.to_public()) for key in self.keys)


def _key_lines(text: str) -> Iterator[tuple[int, str]]:
    """The numbered lines that hold a key: blank lines and `#` comments skipped, as age reads both files."""
    for number, line in enumerate(text.splitlines(), 1):
        if (line := line.strip()) and not line.startswith("#"):
            yield number, line


def _parse_identities(text: str, origin: str) -> Identity:
    keys = []
    for number, line in _key_lines(text):
        try:
            keys.append(x25519.Identity.from_str(line))
        except pyrage.IdentityError:
            # The line is a private key, or nearly one: its number only, never its text.
            raise AgeError(
                f"{origin} line {number} is not an age identity (AGE-SECRET-KEY-1…): "
                f"fix it, or make a new key with `{KEY_FILE_HINT}`"
            ) from None
    if not keys:
        raise AgeError(f"{origin} holds no age identity (AGE-SECRET-KEY-1…): make one with `{KEY_FILE_HINT}`")
    return Identity(tuple(keys), origin)


def load_identity(environ: Mapping[str, str]) -> Identity:
    """AGE_KEY (the identity's text, for CI), else the file AGE_KEY_FILE names, else the default file."""
    if text := environ.get("AGE_KEY", "").strip():
        return _parse_identities(text, "AGE_KEY")
    named = environ.get("AGE_KEY_FILE", "")
    path = Path(named).expanduser() if named else default_key_file(environ)
    origin = f"AGE_KEY_FILE={path}" if named else str(path)
    if not path.is_file():
        raise AgeError(
            f"no age identity: {origin} does not exist; point AGE_KEY_FILE at your key file "
            f"(or make one with `{KEY_FILE_HINT}`), or put the key itself in AGE_KEY"
        )
    return _parse_identities(path.read_text(), origin)


def read_recipients(path: Path) -> list[x25519.Recipient]:
    """One age public key a line; blank lines and `#` comments skipped, as `age -R` reads it."""
    if not path.is_file():
        raise AgeError(
            f"{path.name} does not exist: list one age public key a line in it "
            "(yours: `age-keygen -y ~/.config/age/keys.txt`), then commit it"
        )
    recipients = []
    for number, line in _key_lines(path.read_text()):
        try:
            recipients.append(x25519.Recipient.from_str(line))
        except pyrage.RecipientError:
            raise AgeError(
                f"{path.name} line {number} is not an age public key (age1…): "
                "fix it (`age-keygen -y KEYFILE` prints one) or delete the line"
            ) from None
    if not recipients:
        raise AgeError(f"{path.name} lists no age public key: add yours (`age-keygen -y ~/.config/age/keys.txt`)")
    return recipients


def decrypt(path: Path, identity: Identity, recipients: Path) -> str:
    """The plaintext, in memory only."""
    if not path.is_file():
        raise AgeError(f"{path.name} does not exist: create it with `make secrets-init`")
    data = path.read_bytes()
    restore = f"restore it with `git checkout -- {path.name}` (or ask whoever wrote it)"
    if not data.startswith(_HEADERS):
        raise AgeError(f"{path.name} is not an age file (no age-encryption.org/v1 header): {restore}")
    try:
        plain = pyrage.decrypt(data, list(identity.keys))
    except pyrage.DecryptError as error:
        if str(error) != _NO_MATCH:
            raise AgeError(f"{path.name} is damaged (tampered with or truncated: {error}): {restore}") from None
        raise AgeError(_not_for_you(path, identity, recipients)) from None
    try:
        return plain.decode()
    except UnicodeDecodeError:
        raise AgeError(f"{path.name} decrypts to something other than UTF-8 text: {restore}") from None


def _not_for_you(path: Path, identity: Identity, recipients: Path) -> str:
    listed = set()
    if recipients.is_file():
        listed = {line.strip() for line in recipients.read_text().splitlines()}
    mine = ", ".join(identity.public)
    if listed & set(identity.public):
        return (
            f"{path.name} was encrypted for other recipients than {recipients.name} lists ({mine} from "
            f"{identity.origin} is listed but cannot open it): someone who can runs `make secrets-recipients`"
        )
    return (
        f"{path.name} is not encrypted for your identity ({mine} from {identity.origin}): add that public key "
        f"to {recipients.name} and have someone who can open the file run `make secrets-recipients`"
    )


def encrypt(plain: str, recipients: list[x25519.Recipient]) -> bytes:
    return pyrage.encrypt(plain.encode(), list(recipients))


def write(path: Path, data: bytes) -> None:
    """Replace the file whole: a reader sees the old ciphertext or the new one, never half."""
    temporary = path.with_name(f".{path.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    temporary.replace(path)
