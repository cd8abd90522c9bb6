"""Writes the tables in README.md and docs/ that restate code, so they cannot drift from it.

A block `<!-- generated: NAME -->` ... `<!-- end -->` holds what BLOCKS[NAME]() returns.
`make docs` rewrites every block; tests/test_docs.py fails when one differs.
"""

from __future__ import annotations

import functools
import re
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

from model.alerts import alerts
from model.k3s import TRAEFIK_CHART_BY_K3S, TRAEFIK_CHART_LINES
from model.paths import ROOT
from model.settings import SECRET_KEYS, VARIABLES, Settings

BLOCK = re.compile(r"(<!-- generated: ([a-z-]+) -->\n)(.*?)(<!-- end -->)", re.S)
# The code whose environment reads docs/settings.md lists (the services read their own).
ENV_SOURCES = ("main.py", "model", "charts", "scripts", "pgcluster/pgcluster")
_ENV_READ = re.compile(r"""os\.(?:environ\.get\(|getenv\(|environ\[)\s*["']([A-Z0-9_]+)["']""")
_ENV_DEFAULT = re.compile(r"""os\.environ\.setdefault\(\s*["']([A-Z0-9_]+)["']""")
_ENV_SETTINGS = re.compile(r"load_settings\(\s*os\.environ")
# settings_file(os.environ, …) picks the settings file: ENV_FILE.
_ENV_FILE = re.compile(r"settings_file\(\s*os\.environ")
_ENV_PASSED_ON = re.compile(r"\*\*os\.environ\b")


def cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def default(name: str) -> object:
    return Settings.model_fields[name.lower()].default


def alerts_table() -> str:
    rows = [f"| `{a.name}` | {a.severity} | {a.for_} | {cell(a.summary)} | {cell(a.action)} |" for a in alerts("<ns>")]
    return "\n".join(["| alert | severity | for | says | what to do |", "|---|---|---|---|---|", *rows])


def make_targets() -> str:
    # `make help`'s own output (no colours off a terminal): the Makefile's `##` comments are the source.
    listing = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return f"```\n{listing.strip()}\n```"


def _env_example() -> dict[str, tuple[str, str]]:
    """Each variable's section and the comment above its group in .env.example."""
    found: dict[str, tuple[str, str]] = {}
    section, after_variable = "", False
    comment: list[str] = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("# ---"):
            section, comment = line.strip("# -"), []
        elif line.startswith("#") and section:
            comment = [] if after_variable else comment
            comment.append(line.lstrip("# ").rstrip())
            after_variable = False
        elif "=" in line and section:
            name = line.split("=", 1)[0]
            found[name] = (section, " ".join(comment) if not after_variable else "as above")
            after_variable = True
    return found


def settings_table() -> str:
    documented = _env_example()
    if missing := [name for name in VARIABLES if name not in documented]:
        raise SystemExit(f".env.example does not document {missing}")
    rows = ["| variable | default | section | .env.example says |", "|---|---|---|---|"]
    for name in VARIABLES:
        value = default(name)
        shown = "*required*" if Settings.model_fields[name.lower()].is_required() else f"`{value}`"
        shown = "*empty*" if value in (None, "") else shown
        secret = " (secret)" if name in SECRET_KEYS else ""
        section, says = documented[name]
        rows.append(f"| `{name}`{secret} | {cell(shown)} | {section} | {cell(says)} |")
    return "\n".join(rows)


def traefik_charts() -> str:
    rows = ["| k3s | `TRAEFIK_CHART` |", "|---|---|"]
    for line in TRAEFIK_CHART_LINES:
        k3s = ", ".join(k for k, chart in TRAEFIK_CHART_BY_K3S.items() if chart == line)
        rows.append(f"| {k3s} | `{line}`{' (default)' if line == default('TRAEFIK_CHART') else ''} |")
    return "\n".join(rows)


def mypy_files() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    files = ", ".join(f"`{f}/`" if (ROOT / f).is_dir() else f"`{f}`" for f in config["files"])
    return f"`make typecheck` runs mypy{' (strict)' if config.get('strict') else ''} over {files}."


def environment() -> str:
    rows, quiet = ["| module | reads |", "|---|---|"], []
    for source in ENV_SOURCES:
        hits = 0
        for path in sorted((ROOT / source).rglob("*.py")) if (ROOT / source).is_dir() else [ROOT / source]:
            text = path.read_text()
            reads = [f"`{name}`" for name in dict.fromkeys(_ENV_READ.findall(text))]
            if _ENV_SETTINGS.search(text):
                reads.insert(0, "the settings variables (through `load_settings`)")
            if _ENV_FILE.search(text):
                reads.insert(1, "`ENV_FILE` (through `settings_file`)")
            reads += [f"`{name}` (sets it when unset)" for name in _ENV_DEFAULT.findall(text)]
            if _ENV_PASSED_ON.search(text):
                reads.append("passes its whole environment on to the processes it starts")
            if reads:
                hits += 1
                rows.append(f"| `{path.relative_to(ROOT)}` | {', '.join(reads)} |")
        if not hits:
            quiet.append(f"`{source}/`" if (ROOT / source).is_dir() else f"`{source}`")
    return "\n".join(rows) + (f"\n\nNothing in {', '.join(quiet)} reads the environment." if quiet else "")


BLOCKS: dict[str, Callable[[], str]] = {
    "alerts": alerts_table,
    "make-targets": make_targets,
    "settings": settings_table,
    "traefik-charts": traefik_charts,
    "mypy-files": mypy_files,
    "environment": environment,
}


def pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]


@functools.cache
def block(name: str) -> str:
    if name not in BLOCKS:
        raise SystemExit(f"unknown generated block {name!r}: one of {sorted(BLOCKS)}")
    return BLOCKS[name]()


def render(text: str) -> str:
    """`text` with every generated block rewritten from the code."""
    return BLOCK.sub(lambda match: f"{match[1]}{block(match[2])}\n{match[4]}", text)


def main() -> None:
    for page in pages():
        text = page.read_text()
        if (new := render(text)) != text:
            page.write_text(new)
            print(f"rewrote {page.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
