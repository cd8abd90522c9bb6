"""`make logs` / `make dev-logs` filters: which kubectl runs, which lines come out, in which order."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_ENV, ROOT
from ops_harness import FakeCluster

from model.settings import load_settings
from scripts.devlayout import Layout
from scripts.logfilter import FilterError, Filters
from scripts.logs import dev_files, follow_files, kubectl_argv, pod_sources

pytestmark = pytest.mark.slow  # runs the log commands as processes: `make test` runs it, not `make test-manifests`

LOGS = ROOT / "scripts" / "logs.py"
ID, OTHER = "req-0001", "req-0002"


def backend_line(at: str, message: str, request_id: str | None = None, level: str = "INFO") -> str:
    line: dict[str, Any] = {"time": at, "level": level, "logger": "app", "message": message}
    return json.dumps(line | ({"request_id": request_id} if request_id else {}))


def gateway_line(start: str, request_id: str, status: int = 200) -> str:
    return json.dumps(
        {"StartUTC": start, "time": start[:19] + "Z", "level": "info", "RouterName": "api", "DownstreamStatus": status,
         "ServiceURL": "http://10.42.0.9:8000", "Duration": 1500000, "downstream_X-Request-Id": request_id}
    )  # fmt: skip


def run_logs(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full = {"PATH": "/usr/bin:/bin", "ENV_FILE": "/dev/null", **BASE_ENV, **env}
    return subprocess.run([sys.executable, str(LOGS), *args], env=full, capture_output=True, text=True, timeout=60)


# -- the filters ------------------------------------------------------------------------------
def test_bad_filters_are_all_named_at_once() -> None:
    with pytest.raises(FilterError) as error:
        Filters(since="yesterday", component="db", level="LOUD", request="a b")
    message = str(error.value)
    assert all(name in message for name in ("SINCE='yesterday'", "COMPONENT='db'", "LEVEL='LOUD'", "REQUEST='a b'"))
    with pytest.raises(FilterError, match="REQUEST= reads gateway and backend only"):
        Filters(request=ID, component="postgres")
    assert Filters(since="1h30m", component="backup", level="warn").min_rank == 2
    assert Filters(since="2026-01-02T03:04:05Z").follows and not Filters(request=ID).follows


def test_the_command_refuses_bad_filters_before_kubectl(tmp_path: Path) -> None:
    cluster = FakeCluster(tmp_path).start({})
    result = run_logs("--since", "soon", env=cluster.env())
    assert result.returncode == 2 and "SINCE='soon'" in result.stderr
    assert cluster.calls() == []


# -- against the cluster ------------------------------------------------------------------------
def test_each_component_is_read_by_its_labels_in_its_namespace() -> None:
    sources = pod_sources(load_settings(BASE_ENV, env_file=None))
    assert (sources["gateway"].namespace, sources["gateway"].selector) == (
        "kube-system",
        "app.kubernetes.io/name=traefik",
    )
    backend = sources["backend"]
    assert backend.namespace == "yoshikosan"
    assert backend.selector == "app.kubernetes.io/name=backend,app.kubernetes.io/instance=yoshikosan"
    followed = kubectl_argv("kubectl", backend, Filters(since="10m", level="ERROR"))
    assert followed[-3:] == ["--since=10m", "--follow", "--tail=100"]
    assert {"--prefix", "--timestamps", "--all-containers"} <= set(followed)
    trail = kubectl_argv("kubectl", backend, Filters(request=ID, since="2026-01-02T03:04:05Z"))
    assert trail[-2:] == ["--since-time=2026-01-02T03:04:05Z", "--tail=-1"], "a selector shows 10 lines unless told"
    assert "--follow" not in trail


def pod(namespace: str, name: str, labels: dict[str, str], lines: list[str]) -> dict[str, Any]:
    return {"namespace": namespace, "pod": name, "labels": labels, "containers": {name.split("-")[0]: lines}}


APP = {"app.kubernetes.io/instance": "yoshikosan"}
STATE = {
    "pod_logs": [
        pod("kube-system", "traefik-abc", {"app.kubernetes.io/name": "traefik"}, [
            "2026-01-02T03:04:05.100Z " + gateway_line("2026-01-02T03:04:05.000100Z", ID, 500),
            "2026-01-02T03:04:06.000Z " + gateway_line("2026-01-02T03:04:05.900000Z", OTHER),
        ]),
        pod("yoshikosan", "backend-1", {**APP, "app.kubernetes.io/name": "backend"}, [
            "2026-01-02T03:04:05.080Z " + backend_line("2026-01-02T03:04:05.080+00:00", "failing", ID, "ERROR"),
            "2026-01-02T03:04:05.950Z " + backend_line("2026-01-02T03:04:05.950+00:00", "fine", OTHER),
        ]),
        pod("yoshikosan", "backend-2", {**APP, "app.kubernetes.io/name": "backend"}, [
            "2026-01-02T03:04:05.070Z " + backend_line("2026-01-02T03:04:05.070+00:00", "GET /x 500", ID),
        ]),
        pod("yoshikosan", "postgres-0", {**APP, "app.kubernetes.io/name": "postgres"}, [
            "2026-01-02T03:04:05.000Z 2026-01-02 03:04:05.000 UTC [7] LOG:  checkpoint starting",
            "2026-01-02T03:04:05.010Z 2026-01-02 03:04:05.010 UTC [8] ERROR:  relation \"x\" does not exist",
            "2026-01-02T03:04:05.011Z 2026-01-02 03:04:05.011 UTC [8] STATEMENT:  SELECT * FROM x",
        ]),
    ]
}  # fmt: skip


def test_a_requests_trail_from_gateway_and_backend_in_time_order(tmp_path: Path) -> None:
    cluster = FakeCluster(tmp_path).start(STATE)
    result = run_logs("--request", ID, env=cluster.env())
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert len(out) == 3 and all(ID in line for line in out) and OTHER not in result.stdout
    # the gateway's line is when the request started; the two backend pods' lines follow it,
    # merged by time (kubectl gave backend-1's first)
    assert ["[gateway pod/traefik-abc/traefik]" in out[0], "GET /x 500" in out[1], "failing" in out[2]] == [True] * 3
    namespaces = [argv[argv.index("--namespace") + 1] for argv in cluster.argvs()]
    assert namespaces == ["kube-system", "yoshikosan"], "only the gateway and the backend are read"


def test_level_keeps_errors_and_their_continuation_lines(tmp_path: Path) -> None:
    cluster = FakeCluster(tmp_path).start(STATE)
    result = run_logs("--component", "postgres", "--level", "WARNING", "--since", "5m", env=cluster.env())
    assert result.returncode == 0, result.stderr
    assert "checkpoint" not in result.stdout
    assert [("ERROR:" in line, "STATEMENT:" in line) for line in result.stdout.splitlines()] == [
        (True, False),
        (False, True),
    ]
    [argv] = cluster.argvs()
    assert "--since=5m" in argv and "--follow" in argv


# -- against make dev ---------------------------------------------------------------------------
@pytest.fixture
def dev_layout(tmp_path: Path) -> Layout:
    layout = Layout.from_environ({"DEV_STATE": str(tmp_path)})
    layout.logs.mkdir(parents=True)
    (layout.logs / "gateway.log").write_text(
        "\n".join([gateway_line("2026-01-02T03:04:05.000100Z", ID), gateway_line("2099-01-01T00:00:00Z", OTHER)]) + "\n"
    )
    (layout.logs / "backend-8001.log").write_text(
        backend_line("2026-01-02T03:04:05.020+00:00", "first", ID) + "\nTraceback continues here\n"
    )
    (layout.logs / "backend-8002.log").write_text(backend_line("2026-01-02T03:04:05.010+00:00", "second", ID) + "\n")
    return layout


def test_dev_trail_merges_the_files_in_time_order(dev_layout: Layout) -> None:
    result = run_logs("--dev", "--request", ID, env={"DEV_STATE": str(dev_layout.state)})
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert ["gateway.log" in out[0], "second" in out[1], "first" in out[2]] == [True] * 3
    assert len(out) == 3


def test_dev_since_keeps_only_what_is_newer(dev_layout: Layout) -> None:
    result = run_logs(
        "--dev", "--since", "2030-01-01T00:00:00Z", "--request", OTHER, env={"DEV_STATE": str(dev_layout.state)}
    )
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert OTHER in line
    assert dev_files(dev_layout)["backup"] == [], "no backup runs under make dev"


def test_dev_follow_shows_appended_lines_once_complete(dev_layout: Layout) -> None:
    seen: list[str] = []
    stop = threading.Event()
    follower = threading.Thread(
        target=follow_files,
        args=(dev_files(dev_layout), Filters(component="backend", level="ERROR"), seen.append, stop),
    )
    follower.start()
    try:
        time.sleep(0.3)
        assert seen == [], "nothing at ERROR yet"
        with (dev_layout.logs / "backend-8001.log").open("a") as log:
            log.write(backend_line("2026-01-02T03:04:06+00:00", "broken", ID, "ERROR") + "\n")
            log.write(backend_line("2026-01-02T03:04:07+00:00", "half", ID, "ERROR")[:20])
            log.flush()
            deadline = time.monotonic() + 5
            while not seen and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        stop.set()
        follower.join()
    assert len(seen) == 1 and "broken" in seen[0]


def test_make_passes_the_filters_and_keeps_the_plain_follow() -> None:
    def planned(*args: str) -> str:
        return subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout

    assert planned("logs").strip().endswith("scripts/ops.py logs")
    assert '--since "10m" --component "backend"' in planned("logs", "SINCE=10m", "COMPONENT=backend")
    assert "scripts/logs.py --dev" in planned("dev-logs", "REQUEST=abc") and '--request "abc"' in planned(
        "dev-logs", "REQUEST=abc"
    )
