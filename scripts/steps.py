"""What a day-2 command is made of, and how it runs.

A Step is one process (or a pipe of two), printable as the shell line it runs; a Task is
work decided at run time from the cluster's answers, printed as what it does. `--dry-run`
prints either instead of running it, which is how the tests check commands without a cluster.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from scripts.kube import OpsError


@dataclass
class Step:
    argv: list[str]
    stdin_from: str | None = None  # a local file fed to stdin
    stdin_text: Callable[[], str] | None = field(default=None, repr=False)  # computed at run time, never printed
    stdout_to: str | None = None
    pipe_to: list[str] | None = None  # argv of a second process reading this one's stdout
    check: bool = True

    def render(self) -> str:
        text = shlex.join(self.argv)
        if self.stdin_text is not None:
            text = f"<secret values on stdin> {text}"
        if self.stdin_from:
            text += f" < {shlex.quote(self.stdin_from)}"
        if self.pipe_to:
            text += " | " + shlex.join(self.pipe_to)
        if self.stdout_to:
            text += f" > {shlex.quote(self.stdout_to)}"
        return text


@dataclass(frozen=True)
class Task:
    """Work decided at run time from the cluster's answers; --dry-run prints `describe`."""

    describe: str
    run: Callable[[], None] = field(repr=False)

    def render(self) -> str:
        return "\n".join(f"# {line}" for line in self.describe.splitlines())


Action = Step | Task


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(actions: Sequence[Action]) -> None:
    for step in actions:
        if isinstance(step, Task):
            step.run()
            continue
        print(f"+ {step.render()}", file=sys.stderr, flush=True)
        stdin = open(step.stdin_from, "rb") if step.stdin_from else (subprocess.PIPE if step.stdin_text else None)  # noqa: SIM115
        stdout = open(step.stdout_to, "wb") if step.stdout_to else (subprocess.PIPE if step.pipe_to else None)  # noqa: SIM115
        try:
            first = subprocess.Popen(step.argv, stdin=stdin, stdout=stdout)
            second = subprocess.Popen(step.pipe_to, stdin=first.stdout) if step.pipe_to else None
            if step.stdin_text is not None and first.stdin:
                first.stdin.write(step.stdin_text().encode())
                first.stdin.close()
            if first.stdout and second:
                first.stdout.close()
            codes = [first.wait(), second.wait() if second else 0]
        finally:
            for f in (stdin, stdout):
                if hasattr(f, "close"):
                    f.close()  # type: ignore[union-attr]
        if step.check and any(codes):
            raise OpsError(f"failed ({max(codes)}): {step.render()}")


def confirm(prompt: str, expected: str, given: str | None) -> None:
    """Go on when `given` (CONFIRM) is the expected answer, else ask on a terminal."""
    if given == expected:
        return
    if not sys.stdin.isatty():
        raise OpsError(f"refusing without confirmation: set CONFIRM={expected} to run non-interactively")
    answer = input(f"{prompt}\nType '{expected}' to continue: ").strip()
    if answer != expected:
        raise OpsError("not confirmed; nothing was changed")


def ask(prompt: str, expected: str, given: str | None) -> None:
    """A y/N question on a terminal; without one, only CONFIRM=expected goes on."""
    if given == expected:
        return
    if not sys.stdin.isatty():
        raise OpsError(f"refusing without confirmation: set CONFIRM={expected} to run non-interactively")
    if input(f"{prompt}\nContinue? [y/N] ").strip().lower() not in ("y", "yes"):
        raise OpsError("not confirmed; nothing was changed")
