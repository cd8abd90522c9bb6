"""Talking to the cluster from ops' run-time checks: kubectl reads as JSON, one error type."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

Object = dict[str, Any]


class OpsError(Exception):
    """A failure the user can act on: one line that says what to do."""


@dataclass(frozen=True)
class Kube:
    kubectl: str = "kubectl"

    def call(self, *args: str, stdin: str | None = None, echo: bool = False) -> subprocess.CompletedProcess[str]:
        """Run kubectl with its output captured; `echo` prints the command first, as the steps do."""
        argv = [self.kubectl, *args]
        if echo:
            print(f"+ {shlex.join(argv)}", file=sys.stderr, flush=True)
        return subprocess.run(argv, input=stdin, capture_output=True, text=True, check=False)

    def get(self, namespace: str, *refs: str) -> list[Object]:
        """The objects among `kind/name` refs that exist (none of them existing is no error)."""
        result = self.call("--namespace", namespace, "get", *refs, "-o", "json", "--ignore-not-found")
        if result.returncode != 0:
            raise OpsError(f"kubectl get {' '.join(refs)} failed: {last_line(result.stderr)}")
        if not result.stdout.strip():
            return []
        answer: Object = json.loads(result.stdout)
        return list(answer["items"]) if answer.get("kind") == "List" else [answer]

    def objects(self, namespace: str, resources: Sequence[str], selector: str | None = None) -> list[Object]:
        """Every object of the given resources in the namespace (matching `selector`, when given)."""
        chosen = ["-l", selector] if selector else []
        result = self.call("--namespace", namespace, "get", ",".join(resources), *chosen, "-o", "json")
        if result.returncode != 0:
            raise OpsError(f"kubectl get {','.join(resources)} failed: {last_line(result.stderr)}")
        answer: Object = json.loads(result.stdout) if result.stdout.strip() else {}
        return list(answer.get("items") or [])

    def get_one(self, namespace: str, ref: str) -> Object | None:
        found = self.get(namespace, ref)
        return found[0] if found else None


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


def ref(obj: Object) -> str:
    """`kind/name` as kubectl and the deploy record name a workload, e.g. deployment/backend."""
    return f"{obj['kind'].lower()}/{obj['metadata']['name']}"
