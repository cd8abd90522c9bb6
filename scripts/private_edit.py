"""Plaintext in front of an editor, and gone afterwards whatever happens: `make secrets-edit`'s copy.

The copy lives in a directory of its own (mode 700, in /dev/shm when the host has it, so
it never reaches a disk), as a file of mode 600. The directory goes as a whole, so the
editor's swap and backup files go with it, on success, on an error, on Ctrl-C, SIGTERM or
SIGHUP. While the editor runs those signals are held back (as git does): a Ctrl-C meant
for the editor must not delete the file under it; once it exits, the edit is abandoned.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import FrameType

SHM = Path("/dev/shm")
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class EditAbandoned(Exception):
    """The editor failed or a signal came: nothing is saved."""


class _Signals:
    """Turns the signals into EditAbandoned, at once, or when the editor has exited."""

    def __init__(self) -> None:
        self.editing = False
        self.received: int | None = None

    def handle(self, signum: int, frame: FrameType | None) -> None:
        self.received = signum
        if not self.editing:
            raise EditAbandoned(f"{signal.Signals(signum).name}: nothing was saved")

    def check(self) -> None:
        if self.received is not None:
            raise EditAbandoned(f"{signal.Signals(self.received).name}: nothing was saved")


def _wipe(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with contextlib.suppress(OSError), path.open("r+b") as handle:
                handle.write(b"\0" * path.stat().st_size)
    shutil.rmtree(directory, ignore_errors=True)


class PrivateCopy:
    """The file the editor opens; `edit()` runs it and returns what it saved."""

    def __init__(self, path: Path, signals: _Signals) -> None:
        self.path = path
        self._signals = signals

    def edit(self, environ: Mapping[str, str]) -> str:
        editor = shlex.split(environ.get("VISUAL") or environ.get("EDITOR") or "vi")
        self._signals.editing = True
        try:
            code = subprocess.run([*editor, str(self.path)]).returncode
        except FileNotFoundError:
            raise EditAbandoned(f"no editor {editor[0]!r}: set EDITOR (e.g. EDITOR=nano)") from None
        finally:
            self._signals.editing = False
        self._signals.check()
        if code != 0:
            raise EditAbandoned(f"the editor exited with {code}: nothing was saved")
        return self.path.read_text()


@contextlib.contextmanager
def private_copy(text: str, name: str) -> Iterator[PrivateCopy]:
    signals = _Signals()
    previous = {signum: signal.signal(signum, signals.handle) for signum in SIGNALS}
    directory = None
    try:
        base = SHM if SHM.is_dir() and os.access(SHM, os.W_OK | os.X_OK) else None
        directory = Path(tempfile.mkdtemp(prefix="secrets-edit-", dir=base))
        path = directory / name
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        yield PrivateCopy(path, signals)
    finally:
        # A second Ctrl-C must not cut the cleanup short.
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
        if directory is not None:
            _wipe(directory)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
