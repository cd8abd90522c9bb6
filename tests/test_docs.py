"""The docs keep up with the code: generated tables current, every page reachable, links that
resolve, the PostgreSQL major as pinned, and a layout map that names every file it should."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT

from pgcluster import PG_VERSION
from scripts.docs import BLOCK, BLOCKS, pages, render

README = ROOT / "README.md"
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
# "PostgreSQL 16", "postgres:16", "POSTGRES_TAG=16.4-alpine", "16.4-alpine", "pg16.dump", …
MAJOR = re.compile(
    r"\b(?:PostgreSQL |Postgres |postgres:|POSTGRES_TAG=|POSTGRES_DATA_MAJOR=|pg)(\d{1,2})(?!\d)"
    r"|\b(\d{1,2})(?:\.\d+)?-alpine\b"
)
# Upgrade examples name other majors on purpose; nothing else may.
EXAMPLE = re.compile(r"<!-- example: other PostgreSQL majors -->\n(.*?)<!-- end example -->", re.S)
EXAMPLE_MAX_LINES = 30


def rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.slow  # a process
def test_generated_tables_are_what_make_docs_writes() -> None:
    used = set()
    for page in pages():
        text = page.read_text()
        used |= {match[2] for match in BLOCK.finditer(text)}
        stale = [m[2] for m, n in zip(BLOCK.finditer(text), BLOCK.finditer(render(text)), strict=True) if m[0] != n[0]]
        assert not stale, f"{rel(page)}: generated blocks {stale} differ from the code: run `make docs`"
    assert used == set(BLOCKS), f"generated tables on no page: {sorted(set(BLOCKS) - used)}"


def test_readme_is_the_front_door() -> None:
    text = README.read_text()
    assert len(text.splitlines()) <= 200, "README.md over 200 lines: move the detail into docs/"
    assert text.index("make synth") < text.index("make test") < text.index("\n## "), "the two commands come first"


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1 on repeats."""
    found: set[str] = set()
    for heading in re.findall(r"^#+ (.+)$", FENCE.sub("", page.read_text()), flags=re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(next(s for n in range(100) if (s := f"{slug}-{n}" if n else slug) not in found))
    return found


def links(page: Path) -> list[tuple[Path, str]]:
    """The relative links of a page, as (target file, anchor)."""
    out = []
    for target in LINK.findall(FENCE.sub("", page.read_text())):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        out.append(((page.parent / path).resolve() if path else page, anchor))
    return out


def test_every_relative_link_resolves() -> None:
    broken = []
    for page in pages():
        for target, anchor in links(page):
            if not target.exists():
                broken.append(f"{rel(page)} -> {target.relative_to(ROOT)}: no such file")
            elif anchor and target.suffix == ".md" and anchor not in anchors(target):
                broken.append(f"{rel(page)} -> {rel(target)}#{anchor}: no such heading")
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_every_docs_page_is_reachable_from_the_readme() -> None:
    seen, todo = {README}, [README]
    while todo:
        for target, _ in links(todo.pop()):
            if target.suffix == ".md" and target.exists() and target not in seen:
                seen.add(target)
                todo.append(target)
    orphans = sorted(rel(p) for p in (ROOT / "docs").rglob("*.md") if p not in seen)
    assert not orphans, f"docs pages no link from README.md leads to: {orphans}"


def stale_majors(major: int) -> list[str]:
    """Mentions of a PostgreSQL major other than `major`, outside the upgrade examples."""
    found = []
    for page in pages():
        text = EXAMPLE.sub(lambda m: "\n" * m[0].count("\n"), page.read_text())
        for match in MAJOR.finditer(text):
            if int(match[1] or match[2]) != major:
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{rel(page)}:{line}: {match[0]!r}")
    return found


def test_the_postgresql_major_in_the_docs_is_pg_version() -> None:
    major = int(PG_VERSION.split(".")[0])
    stale = stale_majors(major)
    assert not stale, f"PostgreSQL {major} runs (pgcluster.PG_VERSION {PG_VERSION}); the docs say otherwise:\n" + (
        "\n".join(stale)
    )
    # The check sees the mentions at all: after a major bump it names each place.
    assert any(place.startswith("README.md:") for place in stale_majors(major + 1))


def test_upgrade_examples_are_narrow() -> None:
    major = int(PG_VERSION.split(".")[0])
    for page in pages():
        for example in EXAMPLE.finditer(page.read_text()):
            where = f"{rel(page)}:{page.read_text().count(chr(10), 0, example.start()) + 1}"
            assert example[1].count("\n") <= EXAMPLE_MAX_LINES, f"{where}: an example over {EXAMPLE_MAX_LINES} lines"
            others = {int(m[1] or m[2]) for m in MAJOR.finditer(example[1])} - {major}
            assert others, f"{where}: an example of other majors that names none: drop its markers"


def tracked() -> list[str]:
    listing = ["git", "ls-files", "--cached", "--others", "--exclude-standard"]
    return subprocess.run(listing, cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()


def layout_section(heading: str) -> str:
    text = (ROOT / "docs" / "layout.md").read_text()
    start = text.index(f"\n{heading}\n")
    end = text.find("\n#", start + len(heading) + 2)
    return text[start : end if end != -1 else None]


def test_layout_names_every_top_level_entry() -> None:
    table = layout_section("## Top level")
    named = {
        name.rstrip("/")
        for row in re.findall(r"^\| ([^|]+)\|", table, flags=re.M)
        for name in re.findall(r"`([^`]+)`", row)
    }
    missing = sorted({path.split("/")[0] for path in tracked()} - named)
    assert not missing, f"docs/layout.md's top-level table lacks: {missing}"


def test_layout_names_every_module() -> None:
    missing = []
    for package in ("model", "charts", "scripts"):
        named = set(re.findall(r"^- `([^`]+)`", layout_section(f"### `{package}/`"), flags=re.M))
        modules = {
            p.removeprefix(f"{package}/") for p in tracked() if p.startswith(f"{package}/") and p.endswith(".py")
        }
        missing += [f"{package}/{m}" for m in sorted(modules - named) if not m.endswith("__init__.py")]
    assert not missing, f"docs/layout.md's module lists lack: {missing}"
