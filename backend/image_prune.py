"""Slims the image's virtualenv; backend/Dockerfile's builder stage runs it after ``uv sync``.

    python image_prune.py VENV        # in the backend directory (/app), the venv's python

What goes, and why it is waste in a container that only ever runs ``python -m app.cli``:

- test suites shipped inside packages (``sqlalchemy/testing``, ``alembic/testing``, ``*/tests``):
  nothing the backend runs imports them;
- debug information in compiled extensions: SQLAlchemy's Cython modules ship with DWARF
  (``strip --strip-debug``, so symbols and tracebacks stay);
- bytecode of modules the backend never imports.

The bytecode that stays is what keeps the start fast: the root filesystem is read-only and
PYTHONDONTWRITEBYTECODE is set, so a module without a .pyc is compiled in memory at every start.
Which modules the backend imports is not guessed: this script runs it once (``trace``) -- ``serve``
with real HTTP requests to the probes and to /health, then ``prestart`` and the migrations
rendered offline, with no database (connections are refused, so the driver and dialect load as
they do on a real start) -- and keeps a .pyc for every imported module of the virtualenv, written
``unchecked-hash`` like the app's (valid whatever the files' mtimes are).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import py_compile
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

BACKEND_DIR = Path(__file__).resolve().parent
# directories of tests inside installed packages
TEST_DIRS = frozenset({"tests", "test", "testing"})
# what the trace requests from the running server
TRACE_PATHS = ("/livez", "/readyz", "/health")
# code the backend cannot run, removed when the trace did not import it: SQLAlchemy's other
# databases (app/settings.py's DRIVER is postgresql+psycopg), type checkers' plugins, `alembic init`
UNUSED = (
    "sqlalchemy/dialects/mssql",
    "sqlalchemy/dialects/mysql",
    "sqlalchemy/dialects/oracle",
    "sqlalchemy/dialects/sqlite",
    "sqlalchemy/ext/mypy",
    "pydantic/mypy.py",
    "alembic/templates",
)
# type stubs and extension sources: for type checkers and compilers, not for the interpreter
BUILD_ONLY_SUFFIXES = (".pyi", ".pyx", ".pxd", ".c")
# Vendored copies (auditwheel's NAME-HASH.so.MAJOR in a wheel's *.libs/) of libraries whose ABI is
# stable within a major version and versioned per symbol: replaced by a link to the base image's own
# copy when it has one (psycopg-binary bundles OpenSSL; python:slim has libssl3 for Python's ssl).
# Checked by tracing the backend again with LD_BIND_NOW (every symbol bound at load); restored if that fails.
SYSTEM_LIBS = ("libssl", "libcrypto")
SYSTEM_LIB_DIRS = (
    "/usr/lib/x86_64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
)


def site_packages(venv: Path) -> Path:
    [path] = venv.glob("lib/python3*/site-packages")
    return path


# ---------------------------------------------------------------- trace: what the backend imports


def _refused_port() -> tuple[socket.socket, int]:
    """A port that refuses connections for as long as the socket lives (bound, never listening)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    return sock, sock.getsockname()[1]


def _trace_serve(listener: socket.socket) -> None:
    """``python -m app.cli serve`` on ``listener`` (held open, so no other process can take the port),
    a GET of every TRACE_PATHS once it listens, then SIGTERM, as the kubelet would send."""
    import uvicorn  # noqa: PLC0415

    from app.cli import main  # noqa: PLC0415

    serve = uvicorn.Server.serve
    servers: list[uvicorn.Server] = []

    async def serve_on_listener(self: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        servers.append(self)
        await serve(self, sockets=[listener])

    def client() -> None:
        port = listener.getsockname()[1]
        while not (servers and servers[0].started):
            threading.Event().wait(0.01)
        for path in TRACE_PATHS:
            with contextlib.suppress(urllib.error.HTTPError):  # /health: 503, no database
                urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10).read()
        os.kill(os.getpid(), signal.SIGTERM)

    uvicorn.Server.serve = serve_on_listener  # type: ignore[method-assign]
    # uvicorn raises the signal again once it has shut down: let it end the server, not this process
    signal.signal(signal.SIGTERM, lambda *_: None)
    threading.Thread(target=client, daemon=True).start()
    if main(["serve"]) != 0:
        raise SystemExit("trace: serve failed")


def _trace_prestart() -> None:
    """``python -m app.cli prestart`` (the database refuses: wait-for-db gives up after one try),
    then the migrations as SQL (alembic offline mode): what a real prestart imports."""
    from alembic import command  # noqa: PLC0415

    from app.cli import main  # noqa: PLC0415
    from app.migrations import alembic_config  # noqa: PLC0415
    from app.settings import load_settings_or_exit  # noqa: PLC0415

    if main(["prestart"]) != 1:
        raise SystemExit("trace: prestart should have failed without a database")
    cfg = alembic_config(load_settings_or_exit())
    cfg.output_buffer = io.StringIO()
    command.upgrade(cfg, "head", sql=True)


def trace_here(out: Path) -> None:
    """Runs in the venv's interpreter (the ``_trace`` command): serve, then prestart; writes the
    files of every module imported to ``out`` (JSON)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    refusing, db_port = _refused_port()
    os.environ.update(
        {
            "DATABASE_URL": f"postgresql://trace:trace@127.0.0.1:{db_port}/trace",
            "SECRET_KEY": "trace-" * 8,
            "DB_WAIT_TIMEOUT": "0.01",
            "HEALTH_TIMEOUT": "1",
            "METRICS_PORT": "0",
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(Path.cwd()))
    _trace_serve(listener)
    _trace_prestart()
    files = sorted({str(Path(f).resolve()) for m in list(sys.modules.values()) if (f := getattr(m, "__file__", None))})
    out.write_text(json.dumps(files, indent=0))
    refusing.close()


def trace(python: Path, app_dir: Path, **extra_env: str) -> set[Path]:
    """The source files the backend imports, from a run of ``python`` in ``app_dir``."""
    out = app_dir / ".trace.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POSTGRES_", "DATABASE_", "DB_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # the trace must not leave bytecode behind
    env.update(extra_env)
    try:
        proc = subprocess.run(
            [str(python), str(Path(__file__).resolve()), "_trace", str(out)],
            cwd=app_dir,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        if proc.returncode != 0 or not out.exists():
            raise SystemExit(f"trace failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
        return {Path(f) for f in json.loads(out.read_text())}
    finally:
        out.unlink(missing_ok=True)


# ---------------------------------------------------------------- prune


def elf_sections(path: Path) -> list[str]:
    """Section names of a 64-bit little-endian ELF file ([] for anything else)."""
    with path.open("rb") as f:
        head = f.read(64)
        if head[:6] != b"\x7fELF\x02\x01":
            return []
        shoff, shentsize, shnum, shstrndx = (
            struct.unpack_from("<Q", head, 0x28)[0],
            *struct.unpack_from("<HHH", head, 0x3A),
        )
        f.seek(shoff)
        table = f.read(shentsize * shnum)
        headers = [struct.unpack_from("<IIQQQQ", table, i * shentsize) for i in range(shnum)]
        if not headers:
            return []
        f.seek(headers[shstrndx][4])
        names = f.read(headers[shstrndx][5])
    return [names[h[0] : names.index(b"\0", h[0])].decode() for h in headers]


def has_debug_info(path: Path) -> bool:
    return any(name.startswith(".debug_") for name in elf_sections(path))


def test_dirs(site: Path) -> list[Path]:
    """Test suites inside packages (never a top-level distribution of that name)."""
    return sorted(p for p in site.glob("*/**/") if p.name in TEST_DIRS and p.parent != site)


def unused_paths(site: Path) -> list[Path]:
    found = [site / rel for rel in UNUSED if (site / rel).exists()]
    found += [p for p in site.rglob("*") if p.suffix in BUILD_ONLY_SUFFIXES and p.is_file()]
    return sorted(found)


def system_copies(site: Path) -> dict[Path, Path]:
    """Vendored library -> the base image's copy of the same library and ABI (SYSTEM_LIBS)."""
    found = {}
    for lib in sorted(site.glob("*.libs/lib*-*.so.*")):
        name, _, major = lib.name.partition(".so.")
        name = name.rsplit("-", 1)[0]
        if name not in SYSTEM_LIBS or lib.is_symlink():
            continue
        for d in SYSTEM_LIB_DIRS:
            if (own := Path(d) / f"{name}.so.{major}").is_file():
                found[lib] = own
                break
    return found


def debug_objects(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.so*") if p.is_file() and not p.is_symlink() and has_debug_info(p))


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        yield


def link_system_copies(venv: Path, app_dir: Path) -> list[str]:
    """SYSTEM_LIBS: the vendored copies become links to the base image's, if the backend still
    runs with every symbol bound at load; otherwise they are put back."""
    site = site_packages(venv).resolve()
    copies = system_copies(site)
    if not copies:
        return []
    for lib, own in copies.items():
        lib.rename(lib.with_name(lib.name + ".vendored"))
        lib.symlink_to(own)
    try:
        trace(venv / "bin" / "python", app_dir, LD_BIND_NOW="1")
    except SystemExit as exc:
        for lib in copies:
            lib.with_name(lib.name + ".vendored").replace(lib)
        print(f"kept the vendored {', '.join(p.name for p in copies)}: {str(exc)[-500:]}", file=sys.stderr)
        return []
    for lib in copies:
        lib.with_name(lib.name + ".vendored").unlink()
    return [f"{lib.relative_to(site)} -> {own}" for lib, own in copies.items()]


def prune(venv: Path, imported: set[Path], app_dir: Path, strip: str | None = None) -> dict[str, list[str]]:
    """Removes the waste from ``venv`` (``imported``: what ``trace`` of the backend in ``app_dir``
    found); returns what it did (paths relative to site-packages)."""
    site = site_packages(venv).resolve()
    done: dict[str, list[str]] = {"removed": [], "stripped": [], "linked": [], "compiled": []}
    for d in test_dirs(site):
        used = sorted(str(f) for f in imported if d in f.parents)
        if used:
            raise SystemExit(f"{d} holds modules the backend imports: {used[:3]}")
        shutil.rmtree(d)
        done["removed"].append(str(d.relative_to(site)))
    for p in unused_paths(site):
        if any(p == f or p in f.parents for f in imported):
            continue  # the backend imported it after all: it stays
        shutil.rmtree(p) if p.is_dir() else p.unlink()
        done["removed"].append(str(p.relative_to(site)))
    objects = debug_objects(site)
    if objects:
        strip = strip or shutil.which("strip")
        if not strip:
            raise SystemExit(f"strip (binutils) is needed for the debug information in {objects[0]}")
        subprocess.run([strip, "--strip-debug", *map(str, objects)], check=True)
        done["stripped"] = [str(p.relative_to(site)) for p in objects]
    # last, so that its check (the backend traced again) also runs the stripped extensions
    done["linked"] = link_system_copies(venv, app_dir)
    for cache in sorted(venv.rglob("__pycache__")):
        shutil.rmtree(cache)
    for source in sorted(f for f in imported if f.suffix == ".py" and site in f.parents):
        with _quiet():
            py_compile.compile(
                str(source), doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH
            )
        done["compiled"].append(str(source.relative_to(site)))
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_prune = sub.add_parser("prune", help="trace the backend in the current directory, then prune VENV")
    p_prune.add_argument("venv", type=Path)
    p_trace = sub.add_parser("_trace", help="(internal) run the backend, write the imported files to OUT")
    p_trace.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "_trace":
        trace_here(args.out)
        return 0
    venv = args.venv.resolve()
    done = prune(venv, trace(venv / "bin" / "python", Path.cwd()), Path.cwd())
    print(json.dumps({k: len(v) for k, v in done.items()} | {"removed": done["removed"], "linked": done["linked"]}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
