"""scripts/diff.py on its own: the masking kubectl leaves out, the summary, the y/N question."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from scripts import steps
from scripts.deploy_record import State
from scripts.diff import LAST_APPLIED, Pair, Summary, snapshot, template_digest
from scripts.kube import OpsError

OLD, NEW = "old-password-0123456789", "new-password-9876543210"


def secret(value: str, annotated_with: str) -> dict[str, Any]:
    """A Secret as kubectl diff writes it: `data` masked by kubectl, the annotation not."""
    applied = {"apiVersion": "v1", "kind": "Secret", "data": {"P": base64.b64encode(annotated_with.encode()).decode()}}
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s", "namespace": "ns", "annotations": {LAST_APPLIED: json.dumps(applied)}},
        "data": {"P": value},
    }


def test_snapshot_masks_the_last_applied_annotation_kubectl_prints(tmp_path: Path) -> None:
    live, merged, out = tmp_path / "LIVE", tmp_path / "MERGED", tmp_path / "out.json"
    live.mkdir(), merged.mkdir()
    (live / "v1.Secret.ns.s").write_text(yaml.safe_dump(secret("*** (before)", OLD)))
    (merged / "v1.Secret.ns.s").write_text(yaml.safe_dump(secret("*** (after)", OLD)))
    snapshot(live, merged, out)
    text = out.read_text()
    assert base64.b64encode(OLD.encode()).decode() not in text
    [pair] = [Pair(**raw) for raw in json.loads(text)]
    assert pair.change == "changed", "the data still differs, masked"
    assert pair.live and pair.live["metadata"]["annotations"][LAST_APPLIED] == "***"


def test_an_older_kubectl_that_masks_nothing_is_masked_here(tmp_path: Path) -> None:
    live, merged, out = tmp_path / "LIVE", tmp_path / "MERGED", tmp_path / "out.json"
    live.mkdir(), merged.mkdir()
    encoded = {v: base64.b64encode(v.encode()).decode() for v in (OLD, NEW)}
    (live / "v1.Secret.ns.s").write_text(yaml.safe_dump(secret(encoded[OLD], OLD)))
    (merged / "v1.Secret.ns.s").write_text(yaml.safe_dump(secret(encoded[NEW], NEW)))
    snapshot(live, merged, out)
    text = out.read_text()
    assert not any(v in text for v in encoded.values())
    assert "*** (before)" in text and "*** (after)" in text


def workload(kind: str, image: str) -> dict[str, Any]:
    template = {"metadata": {"labels": {"a": "b"}}, "spec": {"containers": [{"name": "c", "image": image}]}}
    spec = {"jobTemplate": {"spec": {"template": template}}} if kind == "CronJob" else {"template": template}
    return {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": kind.lower(), "namespace": "ns"}, "spec": spec}


def test_the_summary_names_restarts_and_lists_a_cronjob_without_restarting_it() -> None:
    pairs = tuple(
        Pair(f"x.{kind}", workload(kind, "i:1"), workload(kind, "i:2")) for kind in ("StatefulSet", "CronJob")
    )
    created = Pair("apps.v1.Deployment.ns.new", None, workload("Deployment", "i:1"))
    summary = Summary((*pairs, created), namespace="ns")
    assert summary.restarts == summary.stateful_restarts == ["statefulset/statefulset"]
    lines = summary.lines()
    assert " created deployment/deployment" in lines and "restarts: statefulset/statefulset" in lines
    assert "(nothing restarts now): cronjob/cronjob" in lines[-1]
    assert summary.status == 1 and Summary().status == 0


def test_the_pod_template_digest_is_the_deploy_records() -> None:
    obj = workload("StatefulSet", "i:1")
    assert template_digest(obj) == State.of(obj).template


def test_the_question_goes_on_only_on_yes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    answers = iter(["", "n", "y"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    for _ in range(2):
        with pytest.raises(OpsError, match="not confirmed"):
            steps.ask("restart?", "restart-postgres", None)
    steps.ask("restart?", "restart-postgres", None)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(OpsError, match="CONFIRM=restart-postgres"):
        steps.ask("restart?", "restart-postgres", "y")
    steps.ask("restart?", "restart-postgres", "restart-postgres")
