"""The image's slimming step (image_prune.py, run by the Dockerfile's builder stage): what it keeps
is what the backend imports, what it removes stays removed. On this checkout's real virtualenv."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from types import ModuleType

import pytest

from app.settings import DRIVER
from tests.conftest import BACKEND_DIR


def load_prune() -> ModuleType:
    spec = importlib.util.spec_from_file_location("image_prune", BACKEND_DIR / "image_prune.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


prune = load_prune()
SITE = Path(sysconfig.get_paths()["purelib"]).resolve()


def stage(name: str) -> str:
    """One stage of the Dockerfile, continuation lines joined."""
    text = (BACKEND_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    [body] = [s for s in re.split(r"^FROM ", text, flags=re.MULTILINE) if s.split("\n", 1)[0].endswith(f"AS {name}")]
    return "\n".join(line for line in body.splitlines() if not line.lstrip().startswith("#"))


def test_trace_sees_what_serve_and_prestart_import() -> None:
    imported = {str(f.relative_to(SITE)) for f in prune.trace(Path(sys.executable), BACKEND_DIR) if SITE in f.parents}
    # serve: the server, its HTTP protocol, the driver and dialect the first /health loads
    assert {
        "uvicorn/protocols/http/httptools_impl.py",
        "fastapi/applications.py",
        "sqlalchemy/dialects/postgresql/psycopg.py",
        "psycopg/connection.py",
        "anyio/to_thread.py",
    } <= imported
    # prestart: the migrations
    assert {"alembic/command.py", "alembic/runtime/migration.py", "mako/template.py"} <= imported
    # and nothing of what prune removes
    assert not [f for f in imported if set(Path(f).parts) & prune.TEST_DIRS]
    assert not [f for f in imported if f.startswith(prune.UNUSED) or f.endswith(prune.BUILD_ONLY_SUFFIXES)]


def test_prune_a_real_package(tmp_path: Path) -> None:
    """SQLAlchemy (tests, other dialects, Cython sources, extensions with DWARF) copied from this
    venv into a new one: only the imported modules keep bytecode, unchecked-hash; it still imports."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = prune.site_packages(venv)
    for name in ("sqlalchemy", "typing_extensions.py"):
        (shutil.copytree if (SITE / name).is_dir() else shutil.copy2)(SITE / name, site / name)
    imported = {site.resolve() / "sqlalchemy" / "__init__.py", site.resolve() / "sqlalchemy" / "engine" / "base.py"}
    assert prune.test_dirs(site) == [site / "sqlalchemy" / "testing"]
    debug = prune.debug_objects(site)
    assert debug, "SQLAlchemy's wheel ships its Cython extensions with debug information"

    strip = shutil.which("strip")
    if strip is None:
        pytest.skip("no strip (binutils) here; the image's builder installs it")
    done = prune.prune(venv, imported, BACKEND_DIR, strip=strip)

    assert "sqlalchemy/testing" in done["removed"]
    assert "sqlalchemy/dialects/mysql" in done["removed"]
    assert not (site / "sqlalchemy" / "dialects" / "mysql").exists()
    assert (site / "sqlalchemy" / "dialects" / "postgresql" / "psycopg.py").exists()  # never imported, still there
    assert not [p for p in site.rglob("*") if p.suffix in prune.BUILD_ONLY_SUFFIXES]
    assert prune.debug_objects(site) == []
    assert len(done["stripped"]) == len(debug)
    pycs = sorted(str(p.relative_to(site)) for p in site.rglob("*.pyc"))
    assert pycs == [
        f"sqlalchemy/__pycache__/__init__.{sys.implementation.cache_tag}.pyc",
        f"sqlalchemy/engine/__pycache__/base.{sys.implementation.cache_tag}.pyc",
    ]
    for pyc in site.rglob("*.pyc"):
        assert int.from_bytes(pyc.read_bytes()[4:8], "little") == 0b01  # hash-based, never checked
    code = "import sqlalchemy.engine._result_cy, sqlalchemy.dialects.postgresql; print(sqlalchemy.__version__)"
    run = subprocess.run([str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr


def test_vendored_openssl_has_a_base_copy_to_link_to() -> None:
    """psycopg-binary bundles OpenSSL; where the system has libssl.so.3 prune offers to link it."""
    copies = prune.system_copies(SITE)
    vendored = sorted(p.name.split("-")[0] for p in SITE.glob("psycopg_binary.libs/lib*-*.so.*"))
    assert {"libcrypto", "libssl"} <= set(vendored)
    for lib, own in copies.items():
        assert own.name == lib.name.split("-")[0] + ".so.3"
    assert all(lib.parent.name == "psycopg_binary.libs" for lib in copies)


def test_unused_dialects_are_not_the_driver() -> None:
    dialect = DRIVER.split("+")[0]
    assert dialect == "postgresql"
    assert f"sqlalchemy/dialects/{dialect}" not in prune.UNUSED


def test_dockerfile_prunes_the_venv_it_ships() -> None:
    builder, runner = stage("builder"), stage("runner")
    assert "UV_COMPILE_BYTECODE=0" in builder  # no bytecode of everything: prune compiles what is imported
    assert re.search(r"apt-get install .*\bbinutils\b", builder)  # strip
    steps = [line.strip() for line in builder.splitlines() if line.strip()]
    sync = next(i for i, s in enumerate(steps) if "uv sync" in s)
    app = steps.index("COPY app ./app")
    pruned = steps.index("RUN python image_prune.py prune /opt/venv")
    assert sync < app < pruned, "prune runs the backend: after the dependencies and the app are in"
    assert "COPY image_prune.py ./" in steps
    assert "COPY --from=builder /opt/venv /opt/venv" in runner
    assert "image_prune" not in runner
    assert "!image_prune.py" in (BACKEND_DIR / ".dockerignore").read_text().splitlines()
