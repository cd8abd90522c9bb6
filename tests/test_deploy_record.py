"""What a deploy records and what a rollback makes of it (scripts/deploy_record.py), without a cluster."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from scripts.deploy_record import RESTARTED_AT, REVISION, Record, State, changes, plan_rollback
from scripts.kube import OpsError


def workload(kind: str, name: str, image: str, revision: str | None = None, **annotations: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"name": name, "annotations": {REVISION: revision} if revision else {}}
    pod = {"initContainers": [{"name": "migrate", "image": image}], "containers": [{"name": name, "image": image}]}
    template = {"metadata": {"annotations": annotations}, "spec": pod}
    return {"kind": kind, "metadata": meta, "spec": {"template": template}}


def test_a_state_is_the_template_and_its_images_and_a_restart_is_no_change() -> None:
    state = State.of(workload("Deployment", "backend", "b:1", "3"))
    assert state.images == ("b:1",) and state.revision == "3"
    restarted = State.of(workload("Deployment", "backend", "b:1", "4", **{RESTARTED_AT: "2025-01-01T00:00:00Z"}))
    assert restarted.template == state.template
    assert State.of(workload("Deployment", "backend", "b:2", "3")).template != state.template


def test_a_restart_of_a_template_without_annotations_is_no_change() -> None:
    """The API server omits an empty annotations map; `rollout restart` then adds one with its stamp."""
    plain = workload("Deployment", "frontend", "f:1", "1")
    del plain["spec"]["template"]["metadata"]["annotations"]
    restarted = workload("Deployment", "frontend", "f:1", "2", **{RESTARTED_AT: "2025-01-01T00:00:00Z"})
    assert State.of(restarted).template == State.of(plain).template


def test_only_changed_or_new_workloads_are_recorded_with_the_revision_before() -> None:
    before = {"deployment/backend": State("t1", ("b:1",), "3"), "deployment/frontend": State("f1", ("f:1",), "2")}
    after = {
        "deployment/backend": State("t2", ("b:2",), "4"),
        "deployment/frontend": State("f1", ("f:1",), "2"),
        "statefulset/postgres": State("p1", ("pg:16",), None),
    }
    found = changes(before, after)
    assert set(found) == {"deployment/backend", "statefulset/postgres"}
    assert found["deployment/backend"].before == before["deployment/backend"]
    assert found["deployment/backend"].after.revision is None, "not yet numbered right after the apply"
    assert found["statefulset/postgres"].before is None


def recorded(**overrides: Any) -> Record:
    backend = changes({"deployment/backend": State("t1", ("b:1",), "3")}, {"deployment/backend": State("t2", ("b:2",))})
    record = Record(deployed_at="2025-01-01T00:00:00Z", kinds=("apps/v1/Deployment",), changes=backend)
    round_trip = Record.from_configmap(record.configmap("x-last-deploy", "ns"))
    assert round_trip == record
    return replace(round_trip, **overrides)


def test_rollback_undoes_each_changed_deployment_to_its_revision_before() -> None:
    [undo], notes = plan_rollback(recorded(), {"deployment/backend": State("t2", ("b:2",), "4")}, "ns")
    assert (undo.workload, undo.revision) == ("deployment/backend", "3")
    assert undo.describe() == "deployment/backend to b:1 (revision 3; was b:2)"
    assert notes == []


def test_the_database_is_named_but_never_undone() -> None:
    both = recorded().changes | changes({"statefulset/postgres": State("p1", ("pg:9.1",))}, {
        "statefulset/postgres": State("p2", ("pg:9.2",))
    })  # fmt: skip
    [undo], [note] = plan_rollback(recorded(changes=both), {"deployment/backend": State("t2", ("b:2",), "4")}, "ns")
    assert undo.workload == "deployment/backend"
    assert note.startswith("statefulset/postgres also changed (pg:9.1 -> pg:9.2) and is left as it is")


@pytest.mark.parametrize(
    ("record", "current", "refusal"),
    [
        (recorded(rolled_back_at="later"), {}, "was already rolled back at later"),
        (recorded(), {}, "deployment/backend no longer exists"),
        (
            recorded(),
            {"deployment/backend": State("t3", ("b:9",), "5")},
            "deployment/backend changed after that deploy (now b:9); undo it by hand: "
            "`kubectl -n ns rollout undo deployment/backend`",
        ),
        (
            recorded(changes=changes({}, {"deployment/backend": State("t2", ("b:2",))})),
            {"deployment/backend": State("t2", ("b:2",), "1")},
            "deployment/backend was created by that deploy: there is nothing before it to go back to",
        ),
        (recorded(changes={}), {}, "changed no Deployment: nothing to roll back"),
    ],
    ids=["twice", "gone", "changed-since", "created", "nothing"],
)
def test_a_rollback_it_cannot_do_is_refused_whole(record: Record, current: dict[str, State], refusal: str) -> None:
    with pytest.raises(OpsError) as refused:
        plan_rollback(record, current, "ns")
    assert refusal in str(refused.value)


def test_a_foreign_configmap_is_no_record() -> None:
    with pytest.raises(OpsError, match="is not a deploy record"):
        Record.from_configmap({"metadata": {"name": "x-last-deploy"}, "data": {"other": "1"}})
