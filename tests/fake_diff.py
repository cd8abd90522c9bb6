"""`kubectl diff` for tests/fake_kubectl.py, done the way kubectl does it (pkg/cmd/diff/diff.go).

Each selected document's live object and its server dry-run (what an apply would store) are
written, one file per object named as kubectl names them, into LIVE-* and MERGED-* directories;
with --prune, the objects an apply would prune are written to LIVE only. A v1 Secret's `data`
is masked as kubectl >= 1.22 masks it, and only that: its last-applied annotation and pruned
objects stay as they are, as in kubectl. Then KUBECTL_EXTERNAL_DIFF (split as kubectl splits it)
or `diff -u -N` runs on the two directories; its status 0 or 1 is kubectl's, anything else is an
error (2), as is a failing dry-run.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from fake_kubectl import Cluster

Object = dict[str, Any]
REVISION = "deployment.kubernetes.io/revision"
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: kubectl diff writes every object


def file_name(obj: Object) -> str:
    group, _, version = obj["apiVersion"].rpartition("/")
    meta = obj["metadata"]
    return f"{group + '.' if group else ''}{version}.{obj['kind']}.{meta.get('namespace', '')}.{meta['name']}"


def dry_run(cluster: Cluster, doc: Object) -> Object:
    """The object an apply of `doc` would store, computed on a copy of the cluster."""
    cluster.kind_of(doc["kind"])  # as the REST mapping: a kind the server lacks fails the dry-run
    copy = type(cluster)(json.loads(json.dumps(cluster.state)))
    copy.namespace, copy.flags = cluster.namespace, cluster.flags
    copy.upsert(doc, "STDIN", applied=True)
    meta = doc["metadata"]
    namespace = None if doc["kind"] in ("Namespace", "StorageClass") else meta.get("namespace", cluster.namespace)
    merged = copy.find(doc["kind"], namespace, meta["name"])
    assert merged is not None
    live = cluster.find(doc["kind"], namespace, meta["name"])
    before = (live or {}).get("metadata", {}).get("annotations") or {}
    annotations = merged["metadata"]["annotations"]
    # The revision is the deployment controller's, and a dry-run runs no controller; kubectl diff
    # builds its patch without a new last-applied annotation (GetModifiedConfiguration(..., false)),
    # so MERGED keeps the live one, old values included.
    for key in (REVISION, LAST_APPLIED):
        if key in before:
            annotations[key] = before[key]
        else:
            annotations.pop(key, None)
    return merged


def mask(live: Object | None, merged: Object) -> None:
    """kubectl's Masker: every `data` value is ***, a changed one *** (before) / *** (after)."""
    before, after = dict((live or {}).get("data") or {}), dict(merged.get("data") or {})
    for key in before:
        if key in after and before[key] != after[key]:
            before[key], after[key] = "*** (before)", "*** (after)"
            continue
        if key in after:
            after[key] = "***"
        before[key] = "***"
    for key in after:
        if key not in before:
            after[key] = "***"
    if live is not None and "data" in live:
        live["data"] = before
    if "data" in merged:
        merged["data"] = after


def program(live: str, merged: str) -> list[str]:
    configured = os.environ.get("KUBECTL_EXTERNAL_DIFF", "")
    if not configured:
        return ["diff", "-u", "-N", live, merged]
    command, *extra = configured.split(" ")
    return [command, live, merged, *(a for a in extra if re.fullmatch(r"[a-zA-Z0-9-=]+", a))]


def diff(cluster: Cluster, docs: list[Object]) -> int:
    # fake_kubectl runs as __main__: its Fail is the one its main() catches.
    Fail = sys.modules[type(cluster).__module__].Fail

    sides: list[tuple[str, Object | None, Object | None]] = []
    for doc in docs:
        merged = dry_run(cluster, doc)
        live = cluster.find(merged["kind"], merged["metadata"].get("namespace"), merged["metadata"]["name"])
        live = json.loads(json.dumps(live)) if live else None
        if merged["apiVersion"] == "v1" and merged["kind"] == "Secret":
            mask(live, merged)
        sides.append((file_name(merged), live, merged))
    if "--prune" in cluster.flags:
        sides += [(file_name(obj), obj, None) for obj in cluster.prunable(docs)]
    with tempfile.TemporaryDirectory(prefix="LIVE-") as live_dir, tempfile.TemporaryDirectory(prefix="MERGED-") as to:
        for name, live, merged in sides:
            for directory, obj in ((live_dir, live), (to, merged)):
                if obj is not None:
                    Path(directory, name).write_text(yaml.dump(obj, Dumper=DUMPER, sort_keys=True))
        sys.stdout.flush()
        argv = program(live_dir, to)
        try:
            status = subprocess.run(argv, check=False).returncode
        except OSError as error:
            raise Fail(f"error: failed to run {argv[0]!r}: {error}") from None
    if status > 1:
        raise Fail(f'error: failed to run "{argv[0]}": exit status {status}')
    return status
