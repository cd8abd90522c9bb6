"""Shared fixtures: a valid environment with sentinel secrets, and in-process synths of it."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml

import main
from model.paths import ROOT as ROOT  # the tests take it from here
from model.settings import SECRET_KEYS, load_settings

# Sentinels: values that must never show up in dist/ or in a snapshot. Each is long enough
# for every length rule and carries the characters that break naive quoting.
SECRETS = {key: f"SENTINEL-{key.lower()}-Pa55w0rd @:/#% ü-0123456789abcdefghijklmnop" for key in SECRET_KEYS}
# Keys the Secret revisions' names; as secret as the values (it never reaches dist/ either).
DIGEST_KEY = "SENTINEL-digest-key-0123456789abcdefghijklmnopqrstuvwxyz"

BASE_ENV = {
    "DOMAIN": "yoshikosan.example.com",
    "ALLOWED_ORIGINS": "https://yoshikosan.example.com",
    "BACKEND_TAG": "0.1.0",
    "FRONTEND_TAG": "0.1.0",
    **SECRETS,
    "SECRETS_DIGEST_KEY": DIGEST_KEY,
}

Manifests = dict[str, list[dict[str, Any]]]
T = TypeVar("T")
# libyaml when PyYAML has it: the pure-Python loader was most of `make test-manifests`'s time.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_all(text: str) -> list[Any]:
    """Every document of a YAML stream, as yaml.safe_load_all reads them."""
    return list(yaml.load_all(text, Loader=LOADER))


def synth_to(outdir: Path, **overrides: str) -> Manifests:
    """Synthesize with BASE_ENV plus overrides, in this process; returns {file name: documents}."""
    settings = load_settings({**BASE_ENV, **overrides}, env_file=None)
    main.synth(outdir, settings)
    return {p.name: load_all(p.read_text()) for p in sorted(outdir.glob("*.yaml"))}


@pytest.fixture(scope="session")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Manifests]:
    def run(**overrides: str) -> Manifests:
        return synth_to(tmp_path_factory.mktemp("dist") / "dist", **overrides)

    return run


# One synth with every knob a user turns to outgrow the defaults (each test checks its own
# knob in it): cheaper than a synth per knob, and it also shows the knobs compose.
CHANGED = {
    "BACKEND_REPLICAS": "3",
    "FRONTEND_REPLICAS": "2",
    "STORAGE_CLASS": "longhorn",
    "POSTGRES_STORAGE_SIZE": "20Gi",
    "LOG_LEVEL": "DEBUG",
    "TRUSTED_PROXIES": "203.0.113.7, 198.51.100.0/24",
    "REGISTRY": "registry.example.com:5000/team",
    "IMAGE_PULL_SECRET": "regcred",
    "MONITORING": "prometheus-operator",
    "MONITORING_NAMESPACE": "observability",
    "MONITORING_LABELS": "release=prom, team=web",
}


@pytest.fixture(scope="session")
def changed(synth: Callable[..., Manifests]) -> Manifests:
    return synth(**CHANGED)


@pytest.fixture(scope="session")
def annotated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MONITORING=annotations (the mode for a plain Prometheus), everything else default."""
    outdir = tmp_path_factory.mktemp("annotations") / "dist"
    synth_to(outdir, MONITORING="annotations")
    return outdir


@pytest.fixture(scope="session")
def annotated(annotated_dir: Path) -> list[dict[str, Any]]:
    return [d for p in sorted(annotated_dir.glob("*.yaml")) for d in load_all(p.read_text())]


@pytest.fixture(scope="session")
def dist_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    outdir = tmp_path_factory.mktemp("default") / "dist"
    synth_to(outdir)
    return outdir


@pytest.fixture(scope="session")
def manifests(dist_dir: Path) -> Manifests:
    return {p.name: load_all(p.read_text()) for p in sorted(dist_dir.glob("*.yaml"))}


@pytest.fixture(scope="session")
def docs(manifests: Manifests) -> list[dict[str, Any]]:
    return [d for file_docs in manifests.values() for d in file_docs]


@pytest.fixture
def clean_environ(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No setting leaks in from the shell that runs the tests."""
    from model.settings import VARIABLES

    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield


def eventually(check: Callable[[], T | None], timeout: float, what: str) -> T:
    """The first truthy answer of `check`, asked every half second; fails after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        if result := check():
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.5)


def find(docs: list[dict[str, Any]], kind: str, name: str | None = None) -> list[dict[str, Any]]:
    return [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]


def one(docs: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = find(docs, kind, name)
    assert len(found) == 1, f"expected one {kind}/{name}, found {len(found)}"
    return found[0]


def config_map_of(docs: list[dict[str, Any]], deployment: str) -> dict[str, Any]:
    """The one ConfigMap a Deployment's containers take their environment from (a content-named revision)."""
    spec = one(docs, "Deployment", deployment)["spec"]["template"]["spec"]
    containers = [*spec.get("initContainers", []), *spec["containers"]]
    names = {s["configMapRef"]["name"] for c in containers for s in c.get("envFrom", []) if "configMapRef" in s}
    assert len(names) == 1, f"deployment/{deployment} reads {sorted(names)}"
    return one(docs, "ConfigMap", names.pop())


WORKLOAD_KINDS = ("Deployment", "StatefulSet", "CronJob")


def flat(manifests: Manifests) -> list[dict[str, Any]]:
    return [d for docs in manifests.values() for d in docs]


def templates(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each workload's pod template (metadata and spec), keyed Kind/name."""
    found = {}
    for d in docs:
        if d["kind"] in WORKLOAD_KINDS:
            holder = d["spec"]["jobTemplate"]["spec"] if d["kind"] == "CronJob" else d["spec"]
            found[f"{d['kind']}/{d['metadata']['name']}"] = holder["template"]
    return found


def pod_specs(docs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Every pod template, keyed kind/name."""
    specs = {}
    for d in docs:
        spec = d.get("spec", {})
        if d["kind"] in ("Deployment", "StatefulSet"):
            specs[f"{d['kind']}/{d['metadata']['name']}"] = spec["template"]["spec"]
        elif d["kind"] == "CronJob":
            specs[f"CronJob/{d['metadata']['name']}"] = spec["jobTemplate"]["spec"]["template"]["spec"]
    return specs


def upload(url: str, size: int) -> tuple[int, dict[str, str]]:
    """POSTs `size` bytes; a gateway may answer (413) and close before the whole body is sent."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=120) as sock:
        head = f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Length: {size}\r\n\r\n"
        sock.sendall(head.encode())
        chunk = b"\0" * (1024 * 1024)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for sent in range(0, size, len(chunk)):
                sock.sendall(chunk[: size - sent])
        response = http.client.HTTPResponse(sock)
        response.begin()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}


JSII_LOADER = threading.Thread(target=main._load_jsii, daemon=True)


def pytest_configure(config: pytest.Config) -> None:
    # Node's start and the bindings (most of a synth's first-time cost) load in the background
    # while pytest collects, as main.py does while it reads the settings; not in xdist's
    # controller, which runs no test.
    controller = config.getoption("dist", "no") != "no" and not hasattr(config, "workerinput")
    if not controller:
        JSII_LOADER.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    # A run too short to need jsii must not exit under the loader (jsii's exit closes its pipe).
    if JSII_LOADER.is_alive():
        JSII_LOADER.join()


# Under pytest-xdist (`make test`), each of these runs on one worker, its tests in turn: the
# end-to-end tests share one stack on the fixed port 6666; the modules start a server once for
# all their tests. Every other test goes wherever a worker is free.
ONE_WORKER = (
    "tests/e2e/",
    "tests/test_devmonitor.py",
    "tests/test_backup.py",
    "tests/test_exporter.py",
    "tests/test_offsite.py",
)


@pytest.hookimpl(optionalhook=True)  # xdist's hook: without the plugin, nothing to schedule
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerEach(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return next((group for group in ONE_WORKER if path.startswith(group)), nodeid)

    return OneWorkerEach(config, log)


# The fixtures that run the day-2 commands as processes (the commands, a kubectl stand-in per
# call): a test using one is slow, wherever it sits.
PROCESS_FIXTURES = frozenset({"app", "cluster"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if PROCESS_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


# The day-2 commands' harness (tests/ops_harness.py imports this module, hence the late imports).
@pytest.fixture
def app() -> Iterator[Any]:
    """The app a fake cluster's NodePort answers with: its health follows the deployed state."""
    from ops_harness import serve_app

    with serve_app() as state:
        yield state


@pytest.fixture
def cluster(tmp_path: Path) -> Any:
    """A fake single-node k3s (tests/fake_kubectl.py) with the app's namespace not yet made."""
    from ops_harness import FakeCluster, k3s_state

    return FakeCluster(tmp_path / "cluster").start(k3s_state())
