"""LOGGING=loki|elasticsearch: pinned k3s HelmCharts whose values the charts read, exactly the new
flows, the shipper's host read confined to its own namespace, and no credential in dist/."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import chart_values
import jsonschema
import pytest
import yaml
from conftest import ROOT, Manifests, flat
from test_schemas import crd_validators

from model.logging import FLUENT_BIT, LOKI, POD_LOGS, PinnedChart

pytestmark = pytest.mark.slow  # synths of its own: `make test` runs it, not `make test-manifests`

FIXTURES = ROOT / "tests" / "fixtures"
ES_URL = "https://search.example.com:9243"
# Maps the Loki chart copies into Loki's own config file as they are (its `loki.config`
# template), so Loki, not the chart, reads their keys.
LOKI_PASSED_THROUGH = ("limits_config", "compactor", "schemaConfig", "analytics")
# Kubernetes objects the charts render whole (toYaml), whatever keys their defaults show.
K8S_OBJECTS = {"resources", "podSecurityContext", "securityContext", "containerSecurityContext"}


def unread(values: Any, defaults: Any) -> list[str]:
    """A default of `{}` or a Kubernetes object the chart copies whole with toYaml (securityContext,
    resources) takes any key: the API server checks those, not the chart."""
    return chart_values.unread_keys(values, defaults, opaque=K8S_OBJECTS, empty_is_open=True)


def fixture(chart: PinnedChart) -> Path:
    return FIXTURES / f"{chart.chart}-{chart.version}"


def logging_docs(manifests: Manifests) -> list[dict[str, Any]]:
    [name] = [n for n in manifests if n.endswith("-logging.yaml")]
    return manifests[name]


def helm_values(docs: list[dict[str, Any]], chart: PinnedChart) -> dict[str, Any]:
    [doc] = [d for d in docs if d["kind"] == "HelmChart" and d["spec"]["chart"] == chart.chart]
    assert (doc["spec"]["repo"], doc["spec"]["version"]) == (chart.repo, chart.version)
    values: dict[str, Any] = yaml.safe_load(doc["spec"]["valuesContent"])
    return values


@pytest.fixture(scope="module")
def loki(synth: Callable[..., Manifests]) -> list[dict[str, Any]]:
    return logging_docs(synth(LOGGING="loki", LOG_RETENTION="3w"))


@pytest.fixture(scope="module")
def search(synth: Callable[..., Manifests]) -> Manifests:
    return synth(LOGGING="elasticsearch", ELASTICSEARCH_URL=ES_URL)


def test_none_adds_no_file(manifests: Manifests) -> None:
    assert not [n for n in manifests if "logging" in n]
    assert "HelmChart" not in {d["kind"] for d in flat(manifests)}


def test_fixtures_are_the_pinned_versions() -> None:
    for chart in (LOKI, FLUENT_BIT):
        meta = yaml.safe_load((fixture(chart) / "Chart.yaml").read_text())
        assert (meta["name"], meta["version"]) == (chart.chart, chart.version)


def test_loki_values_are_keys_the_chart_has_and_pass_its_schema(loki: list[dict[str, Any]]) -> None:
    values = helm_values(loki, LOKI)
    defaults = yaml.safe_load((fixture(LOKI) / "values.yaml").read_text())
    own = {**values, "loki": {k: v for k, v in values["loki"].items() if k not in LOKI_PASSED_THROUGH}}
    assert unread(own, defaults) == []
    for key in LOKI_PASSED_THROUGH:
        assert f".Values.loki.{key}" in defaults["loki"]["config"], key
    schema = json.loads((fixture(LOKI) / "values.schema.json").read_text())
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(values))


def test_unread_keys_would_catch_a_misspelt_loki_key(loki: list[dict[str, Any]]) -> None:
    defaults = yaml.safe_load((fixture(LOKI) / "values.yaml").read_text())
    assert unread({"singleBinary": {"persistance": {}}}, defaults) == ["singleBinary.persistance"]
    assert unread({"loki": {"podSecurityContext": {"x": 1}, "serer": {}}}, defaults) == ["loki.serer"]


def test_loki_is_one_binary_on_a_kept_volume_with_the_retention(loki: list[dict[str, Any]]) -> None:
    values = helm_values(loki, LOKI)
    assert values["deploymentMode"] == "SingleBinary"
    assert values["loki"]["storage"]["type"] == "filesystem"
    assert values["loki"]["limits_config"]["retention_period"] == "3w"
    assert values["loki"]["compactor"]["retention_enabled"] is True
    persistence = values["singleBinary"]["persistence"]
    assert (persistence["storageClass"], persistence["whenDeleted"]) == ("yoshikosan-retain", "Retain")
    assert all(values[part]["replicas"] == 0 for part in ("read", "write", "backend"))
    assert not values["chunksCache"]["enabled"] and not values["resultsCache"]["enabled"]


def test_shipper_values_are_keys_the_chart_has(loki: list[dict[str, Any]], search: Manifests) -> None:
    # The Fluent Bit chart ships no values.schema.json; its values.yaml is the check.
    assert not (fixture(FLUENT_BIT) / "values.schema.json").exists()
    defaults = yaml.safe_load((fixture(FLUENT_BIT) / "values.yaml").read_text())
    for docs in (loki, logging_docs(search)):
        assert unread(helm_values(docs, FLUENT_BIT), defaults) == []


def test_shipper_reads_pod_logs_parses_json_and_labels_streams(loki: list[dict[str, Any]]) -> None:
    values = helm_values(loki, FLUENT_BIT)
    config = values["config"]
    assert f"Path {POD_LOGS}/*/*/*.log" in config["inputs"]
    assert "Merge_Log On" in config["filters"]
    [labels] = [line for line in config["outputs"].splitlines() if line.strip().startswith("Labels ")]
    assert [p.split("=")[0] for p in labels.split(None, 1)[1].split(", ")] == [
        "namespace",
        "pod",
        "container",
        "component",
    ]
    mounts = {m["mountPath"]: m["readOnly"] for m in values["daemonSetVolumeMounts"]}
    assert mounts[POD_LOGS] is True
    assert values["resources"]["limits"]["memory"] and values["resources"]["requests"]["memory"]


@pytest.mark.parametrize("chart", [LOKI, FLUENT_BIT])
def test_containers_keep_the_restricted_container_shape(loki: list[dict[str, Any]], chart: PinnedChart) -> None:
    values = helm_values(loki, chart)
    context = values["loki"]["containerSecurityContext"] if chart == LOKI else values["securityContext"]
    assert context["allowPrivilegeEscalation"] is False
    assert context["capabilities"] == {"drop": ["ALL"]}
    assert context["readOnlyRootFilesystem"] is True
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}


def test_release_names_give_the_service_the_shipper_is_told(loki: list[dict[str, Any]]) -> None:
    # The Loki chart names its single-binary Service after the release (the HelmChart's name),
    # and only a release name containing "loki" is taken as it is.
    names = {d["spec"]["chart"]: d["metadata"]["name"] for d in loki if d["kind"] == "HelmChart"}
    assert names == {"loki": "loki", "fluent-bit": "fluent-bit"}
    outputs = helm_values(loki, FLUENT_BIT)["config"]["outputs"]
    assert f"Host {names['loki']}.logging.svc" in outputs


def test_namespace_admits_the_host_read_and_the_app_stays_restricted(loki: list[dict[str, Any]]) -> None:
    [namespace] = [d for d in loki if d["kind"] == "Namespace"]
    assert namespace["metadata"]["name"] == "logging"
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "privileged"
    helm = [d for d in loki if d["kind"] == "HelmChart"]
    assert {d["spec"]["targetNamespace"] for d in helm} == {"logging"}


def test_helm_charts_validate_against_the_crd(loki: list[dict[str, Any]], search: Manifests) -> None:
    validators = crd_validators()
    docs = [d for d in loki + logging_docs(search) if d["kind"] == "HelmChart"]
    assert len(docs) == 3
    for doc in docs:
        assert not list(validators[(doc["apiVersion"], doc["kind"])].iter_errors(doc))


def flows(docs: list[dict[str, Any]]) -> set[tuple[str, str, str, int]]:
    """(policy's pods, direction, peer, port) of every rule."""
    found = set()
    for doc in (d for d in docs if d["kind"] == "NetworkPolicy"):
        pods = doc["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name", "*")
        for direction, key in (("in", "from"), ("out", "to")):
            for rule in doc["spec"].get("ingress" if direction == "in" else "egress", []):
                for peer in rule[key]:
                    who = json.dumps(peer, sort_keys=True)
                    found |= {(pods, direction, who, p["port"]) for p in rule["ports"]}
    return found


def d(peer: dict[str, Any]) -> str:
    return json.dumps(peer, sort_keys=True)


def test_loki_mode_allows_exactly_its_flows(loki: list[dict[str, Any]]) -> None:
    shipper, store = ({"podSelector": {"matchLabels": {"app.kubernetes.io/name": n}}} for n in ("fluent-bit", "loki"))
    off_pods = {"ipBlock": {"cidr": "0.0.0.0/0", "except": ["10.42.0.0/16"]}}
    grafana = {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "monitoring"}}}
    found = {f for f in flows(loki) if f[0] != "*"}
    assert found == {
        ("fluent-bit", "out", d(off_pods), 6443),
        ("fluent-bit", "out", d(store), 3100),
        ("loki", "in", d(shipper), 3100),
        ("loki", "in", d(grafana), 3100),
        ("loki", "in", d(store), 9095),
        ("loki", "in", d(store), 7946),
        ("loki", "out", d(store), 9095),
        ("loki", "out", d(store), 7946),
    }


def test_elasticsearch_mode_ships_to_the_url_only(search: Manifests) -> None:
    docs = logging_docs(search)
    assert [d["spec"]["chart"] for d in docs if d["kind"] == "HelmChart"] == ["fluent-bit"]
    ports = {(f[0], f[1], f[3]) for f in flows(docs) if f[0] != "*"}
    assert ports == {("fluent-bit", "out", 6443), ("fluent-bit", "out", 9243)}
    output = helm_values(docs, FLUENT_BIT)["config"]["outputs"]
    assert "Host search.example.com" in output and "Port 9243" in output and "tls On" in output


def test_credentials_come_from_the_secret_revision_never_dist(search: Manifests) -> None:
    values = helm_values(logging_docs(search), FLUENT_BIT)
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"]["name"] for e in values["env"]}
    assert set(refs) == {"ELASTICSEARCH_USERNAME", "ELASTICSEARCH_PASSWORD"}
    assert all(name.startswith("fluent-bit-secrets-") for name in refs.values())
    assert "HTTP_Passwd ${ELASTICSEARCH_PASSWORD}" in values["config"]["outputs"]
    assert "SENTINEL" not in yaml.safe_dump_all(flat(search))


def test_grafana_gets_the_loki_source_and_a_logs_dashboard(loki: list[dict[str, Any]]) -> None:
    maps = {d["metadata"]["name"]: d for d in loki if d["kind"] == "ConfigMap"}
    source = maps["yoshikosan-loki-datasource"]
    assert source["metadata"]["namespace"] == "monitoring"
    assert source["metadata"]["labels"]["grafana_datasource"] == "1"
    [entry] = yaml.safe_load(source["data"]["loki.yaml"])["datasources"]
    assert entry["url"] == "http://loki.logging.svc:3100"
    board = json.loads(maps["yoshikosan-logs-dashboard"]["data"]["yoshikosan-logs.json"])
    assert maps["yoshikosan-logs-dashboard"]["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert {p["type"] for p in board["panels"]} == {"logs"}
    assert all(p["datasource"]["uid"] == entry["uid"] for p in board["panels"])
    assert any('namespace="yoshikosan"' in p["targets"][0]["expr"] for p in board["panels"])
