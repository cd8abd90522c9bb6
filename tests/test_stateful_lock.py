"""PostgreSQL restarts only when something it runs changed: its pod template is pinned in charts/stateful.lock.

A StatefulSet whose pod template changes is restarted by the next deploy (make deploy asks
first). The lock holds, per StatefulSet, the digest of its pod template as synthesized from
tests/conftest.py's BASE_ENV, taken as the deploy record takes it (State.of), with the reason
for each change, like a changelog: the last line of a workload is the one that must match.
"""

from __future__ import annotations

from typing import Any

from model.paths import ROOT
from scripts.deploy_record import State
from scripts.kube import ref

LOCK = ROOT / "charts" / "stateful.lock"


def recorded() -> dict[str, tuple[str, str]]:
    """workload -> (digest, reason) of its last line."""
    last = {}
    for number, line in enumerate(LOCK.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        workload, digest, *reason = line.split(maxsplit=2)
        assert reason, f"{LOCK.name}:{number}: no reason recorded for {workload} {digest}"
        last[workload] = (digest, reason[0])
    return last


def test_each_stateful_pod_template_is_the_recorded_one(docs: list[dict[str, Any]]) -> None:
    lock = recorded()
    for obj in (d for d in docs if d["kind"] == "StatefulSet"):
        workload, digest = ref(obj), State.of(obj).template
        old = lock.get(workload, ("(none)", ""))[0]
        assert digest == old, (
            f"{workload}'s pod template changed: recorded {old}, rendered {digest}. Deploying this restarts it. "
            f"If it must change, say why: append `{workload} {digest} <reason>` to charts/stateful.lock; "
            "if not, find what changed its rendering (make diff on a live install shows the fields)."
        )


def test_the_lock_names_only_workloads_that_exist(docs: list[dict[str, Any]]) -> None:
    assert set(recorded()) == {ref(d) for d in docs if d["kind"] == "StatefulSet"}
