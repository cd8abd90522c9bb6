"""`make secrets-init`, `secrets-edit` and `secrets-recipients`: the age-encrypted secrets (docs/secrets.md).

init encrypts the secrets of `.env` (and generates the missing ones) into SECRETS_AGE_FILE,
then takes them out of `.env` and sets SECRETS_SOURCE=age there; edit opens a private
plaintext copy in $EDITOR and saves it only when it passes `make env-check`'s rules;
recipients re-encrypts for the public keys SECRETS_AGE_RECIPIENTS lists now.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from dotenv import dotenv_values

from model.age_file import AgeError, load_identity, read_recipients
from model.envfile import (
    COMPANIONS,
    GENERATORS,
    KEYS,
    PLACEHOLDERS,
    generate,
    settings_file,
    with_values,
    write_private,
)
from model.paths import ROOT
from model.secrets_source import AgeFiles, format_values, parse_values
from model.settings import SECRET_KEYS, SettingsError, load_settings
from scripts.private_edit import EditAbandoned, private_copy

RECIPIENTS_HEADER = "# age public keys the secrets are encrypted for, one a line (docs/secrets.md).\n"


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass(frozen=True)
class Context:
    environ: Mapping[str, str]
    app_dir: Path

    @cached_property
    def env_file(self) -> Path:
        return settings_file(self.environ, self.app_dir)

    @cached_property
    def file_values(self) -> dict[str, str]:
        return {k: v or "" for k, v in dotenv_values(self.env_file).items()} if self.env_file.is_file() else {}

    @cached_property
    def files(self) -> AgeFiles:
        return AgeFiles.from_values({**self.file_values, **self.environ}, self.app_dir)

    def problems(self, text: str) -> list[str]:
        """What `make env-check` would say about the secrets in `text` (other settings are not ours here)."""
        values, problems = parse_values(text, self.files.secrets.name, SECRET_KEYS)
        try:
            environ = {**self.environ, "SECRETS_SOURCE": "age"}
            load_settings(environ, self.env_file, app_dir=self.app_dir, age_values=values)
        except SettingsError as error:
            problems += [p for p in error.problems if p.split()[0] in SECRET_KEYS]
        return problems


def init(ctx: Context) -> None:
    files = ctx.files
    if files.secrets.exists():
        raise AgeError(f"{files.secrets.name} exists already: change it with `make secrets-edit` (or delete it first)")
    identity = load_identity(ctx.environ)
    if not files.recipients.exists():
        files.recipients.write_text(RECIPIENTS_HEADER + "".join(f"{key}\n" for key in identity.public))
        say(f"created {files.recipients.name} with your public key: add your team's and CI's, one a line")
    elif not {str(r) for r in read_recipients(files.recipients)} & set(identity.public):
        raise AgeError(
            f"{files.recipients.name} does not list your public key ({', '.join(identity.public)} from "
            f"{identity.origin}): add it, or you could not open the file you are about to make"
        )
    known = {**ctx.file_values, **{k: v for k, v in ctx.environ.items() if k in SECRET_KEYS}}
    kept = {k: known[k] for k in SECRET_KEYS if known.get(k, "") not in PLACEHOLDERS.get(k, {""})}
    fresh = [k for k in (*GENERATORS, *COMPANIONS) if k not in kept]
    values = {k: kept.get(k) or generate(k) for k in SECRET_KEYS if k in kept or k in fresh}
    text = format_values(values)
    if problems := ctx.problems(text):
        raise AgeError(f"the secrets of {ctx.env_file.name} do not pass `make env-check`: {'; '.join(problems)}")
    count = files.write(text)
    if files.read(ctx.environ) != text:  # never drop .env's copy before the encrypted one is known to open
        files.secrets.unlink()
        raise AgeError(f"{files.secrets.name} did not decrypt to what was written: nothing was changed")
    say(
        f"wrote {files.secrets.name}: {', '.join(values)} ({'generated: ' + ', '.join(fresh) + '; ' if fresh else ''}"
        f"encrypted for {count} recipient{'s' if count != 1 else ''})"
    )
    say(move_out_of_env_file(ctx.env_file))
    say(f"commit {files.secrets.name} and {files.recipients.name}; `make env-check` reads them from now on")


def move_out_of_env_file(env_file: Path) -> str:
    """Drop the secrets' lines from .env (they are encrypted now) and set SECRETS_SOURCE=age there."""
    if not env_file.is_file():
        return f"set SECRETS_SOURCE=age in your settings ({env_file} is not a file to edit)"
    secret = re.compile(rf"^\s*(?:export\s+)?({'|'.join(SECRET_KEYS)})\s*=")
    lines = env_file.read_text().splitlines(keepends=True)
    removed = [m[1] for line in lines if (m := secret.match(line)) and line.split("=", 1)[1].strip()]
    text = "".join(line for line in lines if not secret.match(line))
    # The revisions' key is no credential: it stays in .env (model/envfile.py KEYS).
    keys = {key: generate(key) for key in KEYS if not re.search(rf"^{key}=.+$", text, re.MULTILINE)}
    write_private(env_file, with_values(text, {"SECRETS_SOURCE": "age", **keys}))
    return f"{env_file.name}: set SECRETS_SOURCE=age, removed {', '.join(removed) or 'no secret'}"


def edit(ctx: Context) -> None:
    files = ctx.files
    text = files.read(ctx.environ)
    read_recipients(files.recipients)  # a bad recipients file stops us before the editing, not after
    with private_copy(text, "secrets.env") as copy:
        new = copy.edit(ctx.environ)
        while new != text and (problems := ctx.problems(new)):
            say("\n".join(["not saved, the secrets do not pass `make env-check`:", *(f"  - {p}" for p in problems)]))
            if not sys.stdin.isatty() or input("Edit again? [Y/n] ").strip().lower() not in ("", "y", "yes"):
                raise EditAbandoned(f"nothing was saved; {files.secrets.name} is as it was")
            new = copy.edit(ctx.environ)
        if new == text:
            say(f"no change: {files.secrets.name} is as it was")
            return
        count = files.write(new)
    say(f"saved {files.secrets.name} (encrypted for {count} recipients): commit it; `make deploy` rolls it out")


def recipients(ctx: Context) -> None:
    files = ctx.files
    identity = load_identity(ctx.environ)
    text = files.read(ctx.environ)
    count = files.write(text)
    say(f"re-encrypted {files.secrets.name} for the {count} recipients of {files.recipients.name}: commit both")
    if not {str(r) for r in read_recipients(files.recipients)} & set(identity.public):
        say(f"note: your own key ({', '.join(identity.public)}) is not listed any more: you cannot open it now")
    say("a removed key still opens the copies in git history: rotate the secrets it could read")


COMMANDS = {"init": init, "edit": edit, "recipients": recipients}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="age_secrets", description=__doc__)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--app-dir", type=Path, default=ROOT, help="where .env and the secret files are")
    args = parser.parse_args(argv)
    try:
        COMMANDS[args.command](Context(dict(os.environ), args.app_dir))
    except (AgeError, EditAbandoned) as error:
        say(f"error: {error}")
        return 1
    except KeyboardInterrupt:
        say("interrupted: nothing was saved")
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
