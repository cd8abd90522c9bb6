"""Running as an unprivileged account: PostgreSQL refuses root, so a root caller's servers run
as ``run_as`` (``PGCLUSTER_USER``, default ``nobody``).

That account must reach what it runs wherever the checkout sits, without anyone's directories
being opened up: what it cannot reach goes into a runtime directory the caller owns and everyone
may traverse (``<tmp>/pgcluster-<uid>``, ``runtime_dir()``).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import stat
import tempfile
from pathlib import Path

from pgcluster.errors import PgClusterError


def unprivileged_account(run_as: str | None) -> pwd.struct_passwd:
    name = run_as or os.environ.get("PGCLUSTER_USER", "nobody")
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise PgClusterError(f"running as root but user {name!r} does not exist") from None
    if account.pw_uid == 0:
        raise PgClusterError("run_as must be an unprivileged user")
    return account


def traversable(directory: Path, account: pwd.struct_passwd) -> bool:
    st = directory.stat()
    if st.st_uid == account.pw_uid:
        return bool(st.st_mode & stat.S_IXUSR)
    if st.st_gid == account.pw_gid:
        return bool(st.st_mode & stat.S_IXGRP)
    return bool(st.st_mode & stat.S_IXOTH)


def blocked_at_for(path: Path, account: pwd.struct_passwd) -> Path | None:
    """The first directory on the way to ``path`` that ``account`` cannot traverse, if any."""
    return next((d for d in reversed([path, *path.parents]) if not traversable(d, account)), None)


def runtime_dir_for(account: pwd.struct_passwd) -> Path:
    """``<tmp>/pgcluster-<uid>``: owned by the caller, writable by nobody else, traversable by all.

    It lives in the shared temp directory, so a directory someone else put there under this
    name is refused rather than used.
    """
    path = Path(tempfile.gettempdir()) / f"pgcluster-{os.geteuid()}"
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=0o700)
        path.chmod(0o755)
    private_directory(path)
    if path.lstat().st_mode & 0o111 != 0o111:
        path.chmod(0o755)
    blocked = blocked_at_for(path, account)
    if blocked is not None:
        raise PgClusterError(
            f"user {account.pw_name!r} cannot traverse {blocked}: point TMPDIR at a directory it can reach"
        )
    return path


def private_directory(path: Path) -> None:
    """Refuses ``path`` unless it is a real directory of the caller's that no one else may write."""
    st = path.lstat()
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.geteuid() or st.st_mode & 0o022:
        raise PgClusterError(f"{path} is not a directory only you can write: remove it and try again")


def runtime_dir(run_as: str | None = None) -> Path:
    """``<tmp>/pgcluster-<uid>``, made when missing: owned by the caller, writable by no one
    else, traversable by everyone, ``run_as`` (default: ``PGCLUSTER_USER``, else ``nobody``)
    included, which is checked.

    For what an unprivileged account must reach when the caller's own directories (a
    checkout under /root or in a ``mktemp -d``) are closed to it. A directory of that name
    that is not the caller's alone is refused, never used.
    """
    return runtime_dir_for(unprivileged_account(run_as))


def blocked_at(path: Path | str, run_as: str | None = None) -> Path | None:
    """The first directory on the way to ``path`` (itself included) that ``run_as`` cannot
    traverse, or None when it reaches ``path``. ``path`` must exist."""
    return blocked_at_for(Path(path).absolute(), unprivileged_account(run_as))
