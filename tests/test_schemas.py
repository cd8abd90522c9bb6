"""Every document validates strictly: built-in kinds against upstream Kubernetes schemas for
1.31 to 1.37 (the ones kubernetes-validate ships), custom resources against their CRDs."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
from conftest import ROOT, Manifests, load_all
from referencing import Registry, Resource

VERSIONS = [f"1.{minor}.0" for minor in range(31, 38)]
SCHEMAS = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema"
CRD_FILES = sorted((ROOT / "imports" / "crds").glob("*.yaml"))


@cache
def k8s_validator(version: str, kind: str, api_version: str) -> jsonschema.Draft202012Validator:
    """kubernetes_validate.validate(strict=True), with the parsed schemas kept between documents."""
    directory = SCHEMAS / f"v{version}-local-strict"
    group_version = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema = json.loads((directory / f"{kind.lower()}-{group_version}.json").read_text())
    registry = Resource.from_contents(schema) @ Registry()
    registry = Resource.from_contents(definitions(version)) @ registry
    return jsonschema.Draft202012Validator(schema, registry=registry)


@cache
def definitions(version: str) -> Any:
    return json.loads((SCHEMAS / f"v{version}-local-strict" / "_definitions.json").read_text())


def strict(schema: dict[str, Any]) -> dict[str, Any]:
    """A CRD's structural schema with unknown fields refused (the API server would prune them)."""
    schema = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "properties" in node and not node.get("x-kubernetes-preserve-unknown-fields"):
                node.setdefault("additionalProperties", False)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return schema


@cache
def crd_validators() -> dict[tuple[str, str], jsonschema.Draft7Validator]:
    validators = {}
    crds = [crd for path in CRD_FILES for crd in load_all(path.read_text()) if crd]
    for crd in crds:
        group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
        for version in crd["spec"]["versions"]:
            schema = strict(version["schema"]["openAPIV3Schema"])
            # metadata is checked by the API server, not by the CRD schema
            schema["properties"]["metadata"] = {"type": "object"}
            validators[(f"{group}/{version['name']}", kind)] = jsonschema.Draft7Validator(schema)
    return validators


def test_the_schemas_exist_for_every_version() -> None:
    for version in VERSIONS:
        assert (SCHEMAS / f"v{version}-local-strict" / "_definitions.json").is_file(), version


# The oldest and the newest in `make test-manifests`; every one in `make test`.
@pytest.mark.parametrize(
    "version", [v if v in (VERSIONS[0], VERSIONS[-1]) else pytest.param(v, marks=pytest.mark.slow) for v in VERSIONS]
)
def test_builtin_kinds_validate_strictly(docs: list[dict[str, Any]], version: str) -> None:
    custom = {key[0] for key in crd_validators()}
    checked = set()
    for doc in docs:
        if doc["apiVersion"] in custom:
            continue
        errors = list(k8s_validator(version, doc["kind"], doc["apiVersion"]).iter_errors(doc))
        assert not errors, f"{doc['kind']}/{doc['metadata']['name']} on {version}: {errors[0].message}"
        checked.add(doc["kind"])
    assert {"Namespace", "StorageClass", "StatefulSet", "Deployment", "CronJob", "Ingress", "NetworkPolicy"} <= checked


def test_custom_resources_validate_against_their_crds(docs: list[dict[str, Any]]) -> None:
    validators = crd_validators()
    custom = [d for d in docs if (d["apiVersion"], d["kind"]) in validators]
    assert {d["kind"] for d in custom} == {"Middleware", "ServersTransport", "HelmChartConfig"}
    for doc in custom:
        errors = list(validators[(doc["apiVersion"], doc["kind"])].iter_errors(doc))
        assert not errors, f"{doc['kind']}/{doc['metadata']['name']}: {errors[0].message}"


def test_strict_validation_catches_a_typo(docs: list[dict[str, Any]]) -> None:
    deployment = copy.deepcopy(next(d for d in docs if d["kind"] == "Deployment"))
    deployment["spec"]["template"]["spec"]["containers"][0]["imagePullPolicyy"] = "Never"
    assert list(k8s_validator(VERSIONS[0], "Deployment", "apps/v1").iter_errors(deployment))
    middleware = copy.deepcopy(next(d for d in docs if d["kind"] == "Middleware"))
    middleware["spec"]["stripPrefixx"] = {}
    assert list(crd_validators()[("traefik.io/v1alpha1", "Middleware")].iter_errors(middleware))


# The kinds MONITORING adds are stable across these versions: the oldest and newest suffice.
@pytest.mark.parametrize("version", [VERSIONS[0], VERSIONS[-1]])
def test_monitoring_documents_validate_strictly(changed: Manifests, annotated: list[Any], version: str) -> None:
    """The exporter, the policies and the dashboard, from both modes that emit them (each distinct document once)."""
    custom = {key[0] for key in crd_validators()}
    emitted = [d for name, docs in changed.items() if "monitoring" in name or "network" in name for d in docs]
    emitted += [d for d in annotated if d["kind"] in ("Deployment", "NetworkPolicy")]
    distinct = {json.dumps(d, sort_keys=True): d for d in emitted if d["apiVersion"] not in custom}
    for doc in distinct.values():
        errors = list(k8s_validator(version, doc["kind"], doc["apiVersion"]).iter_errors(doc))
        assert not errors, f"{doc['kind']}/{doc['metadata']['name']} on {version}: {errors[0].message}"
    assert {"Deployment", "NetworkPolicy", "ConfigMap", "ServiceAccount"} <= {d["kind"] for d in distinct.values()}


def test_monitoring_custom_resources_validate_against_their_crds(changed: Manifests) -> None:
    validators = crd_validators()
    custom = [d for docs in changed.values() for d in docs if d["apiVersion"] == "monitoring.coreos.com/v1"]
    assert sorted(d["kind"] for d in custom) == ["PodMonitor", "PodMonitor", "PodMonitor", "PrometheusRule"]
    for doc in custom:
        errors = list(validators[(doc["apiVersion"], doc["kind"])].iter_errors(doc))
        assert not errors, f"{doc['kind']}/{doc['metadata']['name']}: {errors[0].message}"
    monitor = copy.deepcopy(next(d for d in custom if d["kind"] == "PodMonitor"))
    monitor["spec"]["podMetricsEndpoints"][0]["prot"] = "metrics"
    assert list(validators[("monitoring.coreos.com/v1", "PodMonitor")].iter_errors(monitor))
    rule = copy.deepcopy(next(d for d in custom if d["kind"] == "PrometheusRule"))
    rule["spec"]["groups"][0]["rules"][0]["for"] = "two minutes"
    assert list(validators[("monitoring.coreos.com/v1", "PrometheusRule")].iter_errors(rule))


@pytest.mark.slow  # importing the client takes ~1.5 s
def test_kubernetes_client_models_accept_every_builtin_document(docs: list[dict[str, Any]]) -> None:
    """The official client deserializes each document into its typed model without losing a field."""
    from kubernetes import client

    api = client.ApiClient()
    deserialize = api._ApiClient__deserialize  # type: ignore[attr-defined]  # the client's own dict -> model

    for doc in docs:
        if (doc["apiVersion"], doc["kind"]) in crd_validators():
            continue  # custom resources: the client has no model for them
        group_version = doc["apiVersion"].split("/")
        prefix = "V1" if group_version[-1] == "v1" else group_version[-1].capitalize()
        model = deserialize(doc, f"{prefix}{doc['kind']}")
        assert api.sanitize_for_serialization(model) == doc, doc["kind"]
