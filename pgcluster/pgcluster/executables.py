"""Programs an unprivileged account can run: how ``make dev`` runs Traefik (and a root caller
runs PostgreSQL) as that account when the checkout is closed to it — a copy in the runtime
directory, made once and refreshed when the source changes.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import stat
import tempfile
from pathlib import Path

from pgcluster.account import blocked_at_for, private_directory, runtime_dir_for, unprivileged_account


def reachable_binaries(bin_dir: Path, account: pwd.struct_passwd) -> Path:
    """``bin_dir`` itself when ``account`` can reach it, else a copy in the runtime directory."""
    if blocked_at_for(bin_dir, account) is None:
        return bin_dir
    install = bin_dir.parent
    runtime = runtime_dir_for(account)
    copy = runtime / install.name
    if not (copy / "bin" / "postgres").is_file():
        with open(runtime / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (copy / "bin" / "postgres").is_file():
                staging = Path(tempfile.mkdtemp(dir=runtime, prefix=".copy-"))
                shutil.copytree(install, staging / "x", symlinks=True)
                shutil.rmtree(copy, ignore_errors=True)
                (staging / "x").rename(copy)
                staging.rmdir()
    return copy / "bin"


def _same_file(copy: Path, source: os.stat_result) -> bool:
    """``copy`` is a regular file of the caller's, writable by no one else, with the source's size and mtime."""
    try:
        st = copy.lstat()
    except FileNotFoundError:
        return False
    return (
        stat.S_ISREG(st.st_mode)
        and st.st_uid == os.geteuid()
        and not st.st_mode & 0o022
        and (st.st_size, st.st_mtime_ns) == (source.st_size, source.st_mtime_ns)
    )


def reachable_executable(path: Path | str, run_as: str | None = None) -> Path:
    """``path`` itself when ``run_as`` can reach it, else a copy that it can run, in the runtime
    directory's ``bin``, made once and replaced when the source's size or modification time
    changes. One copy per program name, not per source: a copy of Traefik is 180 MB, and a
    copy per checkout would pile up. A running copy keeps running: a new one replaces its name."""
    source = Path(path).absolute()
    account = unprivileged_account(run_as)
    if blocked_at_for(source.parent, account) is None:
        return source
    runtime = runtime_dir_for(account)
    home = runtime / "bin"
    copy = home / source.name
    source_stat = source.stat()
    with open(runtime / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with contextlib.suppress(FileExistsError):
            home.mkdir(mode=0o755)
        private_directory(home)
        if not _same_file(copy, source_stat):
            descriptor, name = tempfile.mkstemp(dir=home, prefix=f".{source.name}-")
            os.close(descriptor)
            staging = Path(name)
            try:
                shutil.copy2(source, staging)
                staging.chmod(0o755)
                staging.replace(copy)
            finally:
                staging.unlink(missing_ok=True)
    return copy
