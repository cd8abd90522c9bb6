"""A first run needs no hand edits: `.env` gets freshly generated secrets.

Only secrets that neither `.env` nor the environment provides are generated, and only
in a `.env` that is missing or still holds the example's placeholders, or when a setting
turned on needs one (MONITORING: the exporter's password); a real value is never
overwritten, and every other line is kept byte for byte. With SECRETS_SOURCE=age the same
rules fill the encrypted file instead (model/age_prepare.py). The one exception is
SECRETS_DIGEST_KEY (KEYS), no credential, added to any `.env` that lacks it, in every mode.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path

from dotenv import dotenv_values

from model.validators import EXAMPLE_SECRET_KEY

# What each generated secret looks like: URL-safe characters only, so the value needs
# no quoting in .env and survives every shell and kubectl path unchanged.
GENERATORS: dict[str, Callable[[], str]] = {
    "SECRET_KEY": lambda: secrets.token_hex(32),
    "POSTGRES_PASSWORD": lambda: secrets.token_urlsafe(24),
}
PLACEHOLDERS = {"SECRET_KEY": {"", EXAMPLE_SECRET_KEY}, "POSTGRES_PASSWORD": {""}}
# Generated along with the secrets above, so that turning a setting on later needs nothing;
# alone only once the setting that needs it is on (NEEDED_WHEN).
COMPANIONS: dict[str, Callable[[], str]] = {"POSTGRES_EXPORTER_PASSWORD": lambda: secrets.token_urlsafe(24)}
# No credential: it keys the digests that name the Secret revisions (model/secret_revisions.py),
# so a working .env without it gets one. A new key renames those Secrets: their pods roll once.
KEYS: dict[str, Callable[[], str]] = {"SECRETS_DIGEST_KEY": lambda: secrets.token_hex(32)}
NEEDED_WHEN: dict[str, Callable[[Mapping[str, str]], bool]] = {
    "POSTGRES_EXPORTER_PASSWORD": lambda values: values.get("MONITORING", "none") not in ("", "none"),
}


def to_generate(current: Mapping[str, str], environ: Mapping[str, str]) -> list[str]:
    """The secrets that neither `current` (the file's values) nor the environment holds, and are due."""

    def unset(key: str) -> bool:
        placeholders = PLACEHOLDERS.get(key, {""})
        return current.get(key, "") in placeholders and environ.get(key, "") in placeholders

    missing = [key for key in GENERATORS if unset(key)]
    settings = {**current, **{k: v for k, v in environ.items() if v}}
    due = [key for key in COMPANIONS if unset(key) and (missing or NEEDED_WHEN[key](settings))]
    return missing + due


def generate(key: str) -> str:
    """A fresh value for a generated variable (a first run's, or a rotation's)."""
    return (GENERATORS | COMPANIONS | KEYS)[key]()


def why(generated: list[str]) -> str:
    """What to tell the user about the secrets just generated."""
    if any(key in GENERATORS for key in generated):
        return "if this app is already deployed, restore your own instead: the database keeps its first password"
    return "a setting you turned on needs it"


def prepare_env_file(env_file: Path, example: Path, environ: Mapping[str, str]) -> str | None:
    """Fill in the missing secrets; returns the one line to tell the user, or None if nothing changed."""
    if env_file.exists() and not env_file.is_file():
        return None  # e.g. ENV_FILE=/dev/null: settings come from the environment only
    current = {k: v or "" for k, v in dotenv_values(env_file).items()} if env_file.is_file() else {}
    age_mode = (environ.get("SECRETS_SOURCE") or current.get("SECRETS_SOURCE") or "env") != "env"
    missing = [] if age_mode else to_generate(current, environ)  # age: the encrypted file holds them
    keys = [key for key in KEYS if not current.get(key) and not environ.get(key)]
    created = not env_file.is_file()
    if not missing and (created or not keys):
        return None  # no .env is made for the key alone: the environment carries the settings
    if created and not example.is_file():
        return None
    text = (example if created else env_file).read_text()
    text = with_values(text, {key: generate(key) for key in missing + keys})
    write_private(env_file, text)
    action = f"created {env_file.name} from {example.name}" if created else f"updated {env_file.name}"
    if not missing:
        return (
            f"{action} with a generated {' and '.join(keys)} (mode 600): it names the Secret revisions; "
            "keep it with the secrets"
        )
    return f"{action} with a generated {' and '.join(missing + keys)} (mode 600); {why(missing)}"


def settings_file(environ: Mapping[str, str], app_dir: Path) -> Path:
    """The settings file: ENV_FILE (e.g. one per environment), else the .env beside the app."""
    return Path(environ.get("ENV_FILE", app_dir / ".env"))


def with_values(text: str, values: Mapping[str, str]) -> str:
    """`text` (a .env) with each KEY=… line replaced, or appended; every other line kept byte for byte."""
    for key, value in values.items():
        line = f"{key}={value}"
        pattern = re.compile(rf"^{key}=.*$", re.MULTILINE)
        if match := pattern.search(text):
            text = text[: match.start()] + line + text[match.end() :]
        else:
            text = f"{text.rstrip()}\n{line}\n"
    return text


def write_private(env_file: Path, text: str) -> None:
    """Replace `env_file` whole, atomically, mode 600 from the start: the secrets are never
    world-readable, and a reader sees the old file or the new one, never half of one."""
    temporary = env_file.with_name(f".{env_file.name}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a leftover temporary file keeps its mode through O_CREAT
    with os.fdopen(fd, "w") as handle:
        handle.write(text)
    temporary.replace(env_file)
