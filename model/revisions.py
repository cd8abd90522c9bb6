"""Configuration as revisions: what a pod reads is an immutable object named by its content.

A ConfigMap a workload reads is named `<workload>-<purpose>-<digest of its data>` and marked
immutable, and the pod template refers to it by that name. A changed setting is then a new
name in the template: the pods roll, the Deployment's ReplicaSet for that revision records
image + configuration together, and `kubectl rollout undo` (make rollback) brings both back.

Revision objects carry REVISION_OF (the workload that reads them): the deploy's prune
selector leaves them out, since an old one is still needed by the rollout history, and
`make deploy` collects them itself afterwards (scripts/revisions.py), keeping the newest
KEEP of each workload (its revisionHistoryLimit) and every one anything still references.
"""

from __future__ import annotations

from collections.abc import Mapping

from model.digest import json_digest

# Label: the name of the workload that reads this revision (its owner for collection).
REVISION_OF = "yoshikosan-k8s/revision-of"
# Annotation: how many of the owner's revisions to keep, newest first (its revisionHistoryLimit).
KEEP = "yoshikosan-k8s/keep"


def revision_name(prefix: str, data: Mapping[str, str]) -> str:
    """`prefix-<digest>`: equal data, equal name; any change to the data, a new name."""
    return f"{prefix}-{json_digest(dict(data))}"


def revision_selector(part_of: str) -> str:
    """The revision objects of the app (`part_of`: the app's `key=value` label)."""
    return f"{part_of},{REVISION_OF}"


def prune_selector(part_of: str) -> str:
    """What `kubectl apply --prune` may delete: the app's objects but its revisions."""
    return f"{part_of},!{REVISION_OF}"
