"""`make diff`, and the summary `make deploy` prints before it applies: what kubectl diff says changes.

kubectl diff asks the API server for each object as this apply would leave it (a server dry-run
of the same apply, with the same --prune selection) and hands two directories, LIVE and MERGED,
to the program named by KUBECTL_EXTERNAL_DIFF. That program is this file (`snapshot`): it masks
what kubectl leaves readable and writes both sides for ops, which prints the unified diff and the
summary (created, changed, pruned, the workloads that restart) from the very same objects.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts.deploy_record import State
from scripts.kube import Object, OpsError, last_line, ref

# libyaml when PyYAML has it: a deploy prints every object of dist/ twice, ten times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

OUT_VARIABLE = "YK_DIFF_SNAPSHOT"  # where `snapshot` writes, set per kubectl diff call
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
# kubectl's own masks (pkg/cmd/diff/diff.go, kubectl >= 1.22), so both passes read alike.
MASK, MASK_BEFORE, MASK_AFTER = "***", "*** (before)", "*** (after)"
RESTARTED_BY_TEMPLATE = ("Deployment", "StatefulSet")
# The answer CONFIRM gives to let a deploy restart the database (ops.confirm's convention).
RESTART_STATEFUL = "restart-postgres"


def mask_secret(live: Object | None, merged: Object | None) -> None:
    """Mask a v1 Secret pair in place as kubectl does, and also its last-applied annotation.

    kubectl masks `data` only; a Secret written by `kubectl apply` also carries every value,
    base64-encoded, in its last-applied-configuration annotation, which kubectl diff prints
    (kubernetes/kubectl#1453). Masking here also covers a kubectl older than 1.22.
    """
    for key in ("data", "stringData"):
        before = dict((live or {}).get(key) or {})
        after = dict((merged or {}).get(key) or {})
        for name in before.keys() | after.keys():
            changed = name in before and name in after and before[name] != after[name]
            if name in before:
                before[name] = MASK_BEFORE if changed else MASK
            if name in after:
                after[name] = MASK_AFTER if changed else MASK
        if live is not None and key in live:
            live[key] = before
        if merged is not None and key in merged:
            merged[key] = after
    notes = [((obj or {}).get("metadata") or {}).get("annotations") or {} for obj in (live, merged)]
    if any(LAST_APPLIED in n for n in notes):
        differs = notes[0].get(LAST_APPLIED) != notes[1].get(LAST_APPLIED)
        for annotations, mask in zip(notes, (MASK_BEFORE, MASK_AFTER), strict=True):
            if LAST_APPLIED in annotations:
                annotations[LAST_APPLIED] = mask if differs else MASK


def snapshot(live_dir: Path, merged_dir: Path, out: Path) -> None:
    """KUBECTL_EXTERNAL_DIFF's part: both sides of each object, masked, as one JSON file."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def read(path: Path) -> Object | None:
        return yaml.load(path.read_text(), Loader=loader) if path.is_file() else None

    pairs = []
    for name in sorted({p.name for p in live_dir.iterdir()} | {p.name for p in merged_dir.iterdir()}):
        live, merged = read(live_dir / name), read(merged_dir / name)
        if any(o and o.get("kind") == "Secret" and o.get("apiVersion") == "v1" for o in (live, merged)):
            mask_secret(live, merged)
        pairs.append({"name": name, "live": live, "merged": merged})
    out.write_text(json.dumps(pairs))


@dataclass(frozen=True)
class Pair:
    """One object as kubectl diff names it (e.g. apps.v1.Deployment.yoshikosan.backend), both sides."""

    name: str
    live: Object | None
    merged: Object | None

    @property
    def obj(self) -> Object:
        found = self.merged or self.live
        assert found is not None  # kubectl writes a file for at least one side
        return found

    def text(self, side: Object | None) -> list[str]:
        if side is None:
            return []
        return yaml.dump(side, Dumper=DUMPER, sort_keys=True).splitlines(keepends=True)

    def unified(self) -> str:
        lines = difflib.unified_diff(
            self.text(self.live), self.text(self.merged), f"LIVE/{self.name}", f"MERGED/{self.name}"
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    @functools.cached_property
    def change(self) -> str | None:
        if self.live is None:
            return "created"
        if self.merged is None:
            return "pruned"
        return "changed" if self.text(self.live) != self.text(self.merged) else None


def template_digest(obj: Object) -> str | None:
    """The pod template's digest as the deploy record takes it (State.of), for any kind that has one."""
    spec = obj.get("spec") or {}
    template = spec.get("template") or ((spec.get("jobTemplate") or {}).get("spec") or {}).get("template")
    if template is None:
        return None
    return State.of({"metadata": obj["metadata"], "spec": {"template": template}}).template


@dataclass(frozen=True)
class Summary:
    pairs: tuple[Pair, ...] = ()
    namespace: str = ""  # the app's: objects elsewhere are named with theirs
    fresh_namespace: str | None = None  # the namespace does not exist yet: all of dist/ is new

    @functools.cached_property
    def changes(self) -> list[tuple[str, Pair]]:
        return [(change, p) for p in self.pairs if (change := p.change)]

    def _template_changed(self, kinds: Sequence[str]) -> list[str]:
        return [
            ref(p.obj)
            for change, p in self.changes
            if change == "changed" and p.obj["kind"] in kinds and p.live and p.merged
            if template_digest(p.live) != template_digest(p.merged)
        ]

    @property
    def restarts(self) -> list[str]:
        """Workloads whose running pods are replaced: their pod template changes."""
        return self._template_changed(RESTARTED_BY_TEMPLATE)

    @property
    def stateful_restarts(self) -> list[str]:
        return [w for w in self.restarts if w.startswith("statefulset/")]

    @property
    def status(self) -> int:
        """kubectl diff's exit status: 1 when something would change."""
        return 1 if self.changes or self.fresh_namespace else 0

    def where(self, obj: Object) -> str:
        namespace = obj["metadata"].get("namespace")
        return ref(obj) + (f" -n {namespace}" if namespace and namespace != self.namespace else "")

    def unified(self) -> str:
        """The diff as kubectl's default `diff -u -N` shows it, one object after another."""
        return "".join(p.unified() for p in self.pairs)

    def lines(self) -> list[str]:
        if self.fresh_namespace:
            return [f"namespace {self.fresh_namespace} does not exist yet: every object in dist/ is created"]
        if not self.changes:
            return ["no changes: the cluster already runs what dist/ declares"]
        named = sorted((self.where(p.obj), change) for change, p in self.changes)
        out = [f"{change:>8} {name}" for name, change in named]
        restarts = self.restarts
        out.append(f"restarts: {', '.join(restarts)}" if restarts else "restarts: none")
        jobs = self._template_changed(("CronJob",))
        if jobs:
            out.append(f"next scheduled run uses the new pod template (nothing restarts now): {', '.join(jobs)}")
        return out


@dataclass
class Diff:
    """Runs kubectl diff calls (argv, stdin) with `snapshot` as the diff program."""

    calls: Sequence[tuple[list[str], str | None]]
    namespace: str
    errors: list[str] = field(default_factory=list)
    error_status: int = 0

    def run(self) -> Summary:
        pairs: list[Pair] = []
        with tempfile.TemporaryDirectory(prefix="yk-diff-") as tmp:
            program = Path(tmp) / "snapshot"
            # kubectl splits KUBECTL_EXTERNAL_DIFF on spaces and drops arguments with a "/" or ".":
            # a one-word program is the portable form.
            program.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(__file__)} snapshot "$@"\n')
            program.chmod(0o700)
            for i, (argv, stdin) in enumerate(self.calls):
                out = Path(tmp) / f"{i}.json"
                env = {**os.environ, "KUBECTL_EXTERNAL_DIFF": str(program), OUT_VARIABLE: str(out)}
                done = subprocess.run(argv, input=stdin, env=env, capture_output=True, text=True, check=False)
                # `snapshot` always exits 0, so any other status is kubectl's own failure.
                if done.returncode != 0 or not out.exists():
                    self.error_status = max(self.error_status, done.returncode, 2)
                    self.errors.append(f"{shlex.join(argv[:3])} …: {last_line(done.stderr)}")
                    continue
                if out.exists():
                    pairs += [Pair(**raw) for raw in json.loads(out.read_text())]
        if self.errors:
            raise OpsError(f"kubectl diff failed: {'; '.join(self.errors)}")
        return Summary(tuple(pairs), namespace=self.namespace)


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "snapshot":
        snapshot(Path(argv[1]), Path(argv[2]), Path(os.environ[OUT_VARIABLE]))
        return 0  # kubectl's status is decided by ops from the objects, not by this program
    print("usage: diff.py snapshot LIVE_DIR MERGED_DIR (as KUBECTL_EXTERNAL_DIFF)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
