"""The shell scripts in model/sh/, as the text the manifests, `make` and the tests run with `sh -c`.

A script file opens with a header of comment lines (`#!/bin/sh` and directives for shellcheck,
why the script is as it is) that stays out of the text: the scripts reach dist/ inside the
manifests, where the header would only add bytes. Values the Python model owns (a file suffix,
a role name) are written @NAME@ in the file and filled in here; every one must be given, and
every one given must be used, so a renamed placeholder fails the synth instead of shipping.
"""

from __future__ import annotations

import re
from pathlib import Path

SH_DIR = Path(__file__).parent / "sh"
_PLACEHOLDER = re.compile(r"@([A-Z][A-Z0-9_]*)@")


def script(*names: str, sh_dir: Path = SH_DIR, **values: object) -> str:
    """The named files of `sh_dir` (model/sh/), joined without their headers, placeholders filled in."""
    text = "".join(_body((sh_dir / name).read_text(encoding="utf-8")) for name in names)
    found = set(_PLACEHOLDER.findall(text))
    if found != values.keys():
        raise ValueError(f"{', '.join(names)}: placeholders {sorted(found)}, values for {sorted(values)}")
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)


def _body(text: str) -> str:
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return "".join(lines[start:])
