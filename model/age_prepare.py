"""SECRETS_SOURCE=age's counterpart of model/envfile.py: missing secrets generated into the encrypted file.

`make synth` and `make env-check` run it before reading the settings: a setting turned on
that needs a secret (MONITORING: the exporter's password) gets one, encrypted for the same
recipients, instead of a settings error. A file that cannot be read is left to
load_settings, which reports why along with every other problem.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from dotenv import dotenv_values

from model.age_file import AgeError
from model.envfile import generate, to_generate, why
from model.secrets_source import AgeFiles, format_value, parse_values, source_of
from model.settings import SECRET_KEYS, VARIABLES


def settings_values(env_file: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """The non-secret settings as load_settings merges them (the environment wins)."""
    raw = {k: v or "" for k, v in dotenv_values(env_file).items()} if env_file.is_file() else {}
    raw.update({k: v for k, v in environ.items() if k in VARIABLES})
    return {k: v for k, v in raw.items() if k not in SECRET_KEYS}


def prepare_age_file(env_file: Path, environ: Mapping[str, str], app_dir: Path) -> str | None:
    """Add the secrets due to the encrypted file; the line to tell the user, or None if nothing changed.

    Raises AgeError when the file was readable but cannot be written (the recipients).
    """
    settings = settings_values(env_file, environ)
    if source_of(settings) != "age":
        return None
    files = AgeFiles.from_values(settings, app_dir)
    try:
        text = files.read(environ)
    except AgeError:
        return None
    current, problems = parse_values(text, files.secrets.name, SECRET_KEYS)
    missing = to_generate(current, settings)
    if problems or not missing:
        return None
    added = "".join(f"{key}={format_value(generate(key))}\n" for key in missing)
    count = files.write(f"{text.rstrip(chr(10))}\n{added}")
    return (
        f"updated {files.secrets.name} with a generated {' and '.join(missing)} (encrypted for {count} "
        f"recipient{'s' if count != 1 else ''}: commit it); {why(missing)}"
    )
