"""SECRETS_SOURCE: where the secret settings come from, merged into the settings by load_settings.

`env` reads them from `.env` and the environment like every other setting. `age` reads them
from an age-encrypted file in the repository (SECRETS_AGE_FILE, KEY=value lines as in .env),
decrypted in memory with the operator's identity (AGE_KEY or AGE_KEY_FILE), and refuses
plaintext copies beside it: two places for one secret would disagree sooner or later.
`external-secrets` leaves them in a store the External Secrets Operator reads (model/external_secrets.py).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dotenv.parser import parse_stream

from model import age_file
from model.age_file import AgeError
from model.validators import EXAMPLE_SECRET_KEY

SecretsSource = Literal["env", "age", "external-secrets"]
DEFAULT_AGE_FILE = "secrets.env.age"
DEFAULT_RECIPIENTS = "secrets.recipients"
# What needs no quotes in a dotenv line (the generated secrets are all of these); anything
# else is single-quoted, where nothing but \\ and \' is special.
_BARE = re.compile(r"^[A-Za-z0-9_@:/%+.,=~-]*$")
# Values that only hold a place (the example's SECRET_KEY): not a plaintext secret to refuse.
_PLACEHOLDERS = {"", EXAMPLE_SECRET_KEY}


@dataclass(frozen=True)
class AgeFiles:
    """The encrypted secrets and the public keys they are encrypted for, both committed."""

    secrets: Path
    recipients: Path

    @classmethod
    def from_values(cls, values: Mapping[str, str | None], app_dir: Path) -> AgeFiles:
        return cls(
            app_dir / (values.get("SECRETS_AGE_FILE") or DEFAULT_AGE_FILE),
            app_dir / (values.get("SECRETS_AGE_RECIPIENTS") or DEFAULT_RECIPIENTS),
        )

    def read(self, environ: Mapping[str, str]) -> str:
        """The plaintext (in memory), with the identity from AGE_KEY / AGE_KEY_FILE."""
        return age_file.decrypt(self.secrets, age_file.load_identity(environ), self.recipients)

    def write(self, plain: str) -> int:
        """Encrypt for every recipient listed; returns how many."""
        recipients = age_file.read_recipients(self.recipients)
        age_file.write(self.secrets, age_file.encrypt(plain, recipients))
        return len(recipients)


def source_of(values: Mapping[str, str | None]) -> str:
    return values.get("SECRETS_SOURCE") or "env"


def parse_values(text: str, name: str, secret_keys: tuple[str, ...]) -> tuple[dict[str, str], list[str]]:
    """KEY=value lines, the syntax of .env; a line that is not one, or a non-secret key, is a problem."""
    values, problems = {}, []
    for binding in parse_stream(io.StringIO(text)):
        line = binding.original.line
        if binding.error:
            problems.append(f"{name} line {line} is not KEY=value: fix it with `make secrets-edit`")
        elif binding.key is not None and binding.key not in secret_keys:
            problems.append(
                f"{name} line {line}: {binding.key} is not a secret setting: set it in .env instead "
                "(`make secrets-edit` removes it here)"
            )
        elif binding.key is not None and binding.value:
            values[binding.key] = binding.value
    return values, problems


def format_value(value: str) -> str:
    """A dotenv value that parses back to exactly `value` (single quotes: no interpolation)."""
    if _BARE.match(value):
        return value
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def format_values(values: Mapping[str, str]) -> str:
    lines = [f"{key}={format_value(value)}\n" for key, value in values.items()]
    return "# Secret settings, KEY=value as in .env. Change them with `make secrets-edit`.\n" + "".join(lines)


def plaintext_problems(
    file_values: Mapping[str, str | None],
    environ: Mapping[str, str],
    env_name: str,
    secret_keys: tuple[str, ...],
    source: str = "age",
) -> list[str]:
    """Secrets still in plain text while SECRETS_SOURCE is age or external-secrets, by name (never by value)."""
    home = (
        "the encrypted file: `make secrets-init` or `make secrets-edit`"
        if source == "age"
        else "the store EXTERNAL_SECRETS_STORE names (docs/secrets.md)"
    )
    problems = []
    for values, holds, fix in (
        (file_values, f"{env_name} still holds", "delete their lines"),
        (environ, "the environment sets", "unset them"),
    ):
        found = [key for key in secret_keys if (values.get(key) or "") not in _PLACEHOLDERS]
        if found:
            problems.append(
                f"SECRETS_SOURCE={source}, yet {holds} {', '.join(found)} in plain text: {fix} "
                f"(their values belong in {home})"
            )
    return problems


def read_age(
    files: AgeFiles, environ: Mapping[str, str], secret_keys: tuple[str, ...]
) -> tuple[dict[str, str], list[str]]:
    """The decrypted secret values and the problems found on the way (one line each)."""
    problems = []
    try:  # not needed to decrypt, but the next re-encryption would fail on it: say so now
        age_file.read_recipients(files.recipients)
    except AgeError as error:
        problems.append(str(error))
    try:
        text = files.read(environ)
    except AgeError as error:
        return {}, [*problems, str(error)]
    values, found = parse_values(text, files.secrets.name, secret_keys)
    return values, problems + found


def age_secrets(
    raw: Mapping[str, str | None],
    file_values: Mapping[str, str | None],
    environ: Mapping[str, str],
    env_file: Path | None,
    app_dir: Path,
    age_values: Mapping[str, str] | None,
    secret_keys: tuple[str, ...],
) -> tuple[dict[str, str | None], list[str]]:
    """load_settings' values with the secrets taken from the encrypted file, and the problems."""
    problems = plaintext_problems(file_values, environ, env_file.name if env_file else ".env", secret_keys)
    merged = {k: v for k, v in raw.items() if k not in secret_keys}
    if age_values is None:
        age_values, found = read_age(AgeFiles.from_values(merged, app_dir), environ, secret_keys)
        problems += found
    return {**merged, **age_values}, problems
