"""The gateway as k3s really runs it: the Traefik chart line's values, the routers its Ingress
provider builds, the middleware order, the timeouts, and the proxy the settings trust.

The chart fixtures under tests/fixtures/traefik-vNN.x.y/ are the newest release of each
supported line, copied verbatim from the Traefik Helm chart (values.yaml, values.schema.json,
templates/_service.tpl); the template is identical across every release of a line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import BASE_ENV, ROOT, Manifests, find, one

from charts.routing import MIDDLEWARES_ANNOTATION, SERVERS_TRANSPORT_ANNOTATION, crd_ref
from charts.traefik import traefik_values
from model.k3s import TRAEFIK_CHART_BY_K3S, TRAEFIK_CHART_LINES
from model.settings import SettingsError, load_settings
from model.topology import (
    BACKEND,
    BACKEND_RESPONSE_TIMEOUT_SECONDS,
    CLIENT_READ_TIMEOUT_SECONDS,
    HEADERS_MIDDLEWARE,
    MAX_BODY_BYTES,
    ROUTES,
    ingress_rule,
    middleware_chain,
    router_rule,
    traefik_middlewares,
    traefik_servers_transport,
)

Docs = list[dict[str, Any]]
FIXTURES = ROOT / "tests" / "fixtures"
CHART_RELEASES = {39: "v39.0.9", 40: "v40.3.0", 41: "v41.3.0"}
LINES = sorted(CHART_RELEASES)
TRUSTING = {"TRUSTED_PROXIES": "203.0.113.7"}
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def settings_for(line: int, **overrides: str) -> Any:
    return load_settings({**BASE_ENV, "TRAEFIK_CHART": str(line), **overrides}, env_file=None)


def chart_file(line: int, name: str) -> Path:
    return FIXTURES / f"traefik-{CHART_RELEASES[line]}" / name


@cache
def chart_defaults(line: int) -> dict[str, Any]:
    values: dict[str, Any] = yaml.load(chart_file(line, "values.yaml").read_text(), Loader=Loader)
    return values


def merged(defaults: Any, override: Any) -> Any:
    """Helm's coalescing of a values file over the chart's defaults (maps merge, the rest replaces)."""
    if isinstance(defaults, dict) and isinstance(override, dict):
        out = dict(defaults)
        for key, value in override.items():
            out[key] = merged(defaults.get(key), value) if key in defaults else value
        return out
    return override


def render_service(line: int, values: dict[str, Any]) -> tuple[list[tuple[str, Any]], dict[str, int | None]]:
    """The default Service as the line's templates/_service.tpl renders it: the spec's keys in
    order (duplicates kept, as the template would write them), and each exposed TCP port with
    its nodePort (None: Kubernetes picks one at random)."""
    template = chart_file(line, "_service.tpl").read_text()
    assert "{{- with .service.spec }}\n    {{- toYaml . | nindent 2 }}" in template or (
        "{{- with .service.spec }}\n  {{- toYaml . | nindent 2 }}" in template
    ), "the template no longer copies service.spec verbatim: update render_service"
    assert "(index (default dict $config.expose) $.serviceName)" in template
    assert "nodePort: {{ $config.nodePort }}" in template
    service = values["service"]
    keys: list[tuple[str, Any]] = []
    if '$type := default "LoadBalancer" .service.type' in template:
        keys.append(("type", service.get("type") or "LoadBalancer"))
    keys += list((service.get("spec") or {}).items())
    keys.append(("selector", "traefik"))
    ports = {
        name: config.get("nodePort")
        for name, config in values["ports"].items()
        if config and str(config.get("protocol") or "TCP") == "TCP" and (config.get("expose") or {}).get("default")
    }
    return keys, ports


def forbidden_in_service_spec(line: int) -> set[str]:
    """What the line's values.yaml says service.spec cannot contain, in its own words."""
    [sentence] = re.findall(r"Cannot contain ([a-z, ]+) entries", chart_file(line, "values.yaml").read_text())
    return {word for word in re.split(r",\s*|\s+or\s+", sentence) if word}


def test_every_supported_k3s_line_has_its_chart_fixture() -> None:
    assert set(CHART_RELEASES) == set(TRAEFIK_CHART_LINES) == set(TRAEFIK_CHART_BY_K3S.values())
    for line in LINES:
        assert chart_defaults(line)["service"]["enabled"] is True


EXPECTED_SERVICE = {
    39: ({"type": "NodePort"}, {"type": "NodePort", "spec": {"externalTrafficPolicy": "Local"}}),
    40: ({"spec": {"type": "NodePort"}}, {"spec": {"type": "NodePort", "externalTrafficPolicy": "Local"}}),
    41: ({"spec": {"type": "NodePort"}}, {"spec": {"type": "NodePort", "externalTrafficPolicy": "Local"}}),
}


@pytest.mark.parametrize("line", LINES)
def test_values_are_exactly_what_the_chart_line_reads(line: int) -> None:
    plain, trusting = EXPECTED_SERVICE[line]
    for overrides, service in (({}, plain), (TRUSTING, trusting)):
        values = traefik_values(settings_for(line, **overrides))
        assert values["service"] == service
        web = {
            "nodePort": 6666,
            "transport": {"respondingTimeouts": {"readTimeout": f"{CLIENT_READ_TIMEOUT_SECONDS}s"}},
        }
        if overrides:
            web["forwardedHeaders"] = {"trustedIPs": ["203.0.113.7"]}
        assert values["ports"] == {"web": web, "websecure": {"expose": {"default": False}}}
        assert values["providers"] == {"kubernetesIngress": {"strictPrefixMatching": True}}
        # and the logs, which tests/test_accesslog.py checks
        assert set(values) - {"logs", "log", "accessLog"} == {"service", "ports", "providers"}


@pytest.mark.parametrize("line", LINES)
def test_nothing_the_chart_forbids_or_ignores_is_set(line: int) -> None:
    template = chart_file(line, "_service.tpl").read_text()
    read = set(re.findall(r"\.service\.(\w+)", template))
    forbidden = forbidden_in_service_spec(line)
    assert {"selector", "ports"} <= forbidden
    assert ("type" in forbidden) == (line < 40)
    for overrides in ({}, TRUSTING):
        service = traefik_values(settings_for(line, **overrides))["service"]
        assert set(service) <= read, f"chart {line} never reads service.{set(service) - read}"
        assert not forbidden & set(service.get("spec", {})), f"chart {line}: service.spec must not hold {forbidden}"


@pytest.mark.parametrize("line", LINES)
def test_values_validate_against_the_chart_schema(line: int) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(chart_file(line, "values.schema.json").read_text()))
    for overrides in ({}, TRUSTING, {"TRUSTED_PROXIES": "host"}):
        values = traefik_values(settings_for(line, **overrides))
        errors = list(validator.iter_errors(values))
        assert not errors, errors[0].message
    assert list(validator.iter_errors({**values, "servce": {}})), "the schema must refuse unknown keys"
    typo = {**values, "providers": {"kubernetesIngress": {"strictPrefixMatchin": True}}}
    assert list(validator.iter_errors(typo)), "the schema must refuse unknown provider options"


@pytest.mark.parametrize("line", LINES)
def test_rendered_service_has_one_type_and_one_node_port(line: int) -> None:
    for overrides in ({}, TRUSTING):
        values = merged(chart_defaults(line), traefik_values(settings_for(line, **overrides)))
        keys, ports = render_service(line, values)
        counts = Counter(key for key, _ in keys)
        assert max(counts.values()) == 1, f"chart {line}: duplicate keys in the Service spec: {counts}"
        assert dict(keys)["type"] == "NodePort"
        assert ports == {"web": 6666}, "only web may be a NodePort, and on EXTERNAL_PORT"
        assert (dict(keys).get("externalTrafficPolicy") == "Local") == bool(overrides)


def test_render_service_sees_the_faults_it_guards_against() -> None:
    """Both type keys on chart 39 (the old values) and a websecure left exposed."""
    both = {"service": {"type": "NodePort", "spec": {"type": "NodePort"}}, "ports": {"web": {"nodePort": 6666}}}
    keys, ports = render_service(39, merged(chart_defaults(39), both))
    assert Counter(key for key, _ in keys)["type"] == 2
    assert ports == {"web": 6666, "websecure": None}
    keys, _ = render_service(40, merged(chart_defaults(40), {"service": {"type": "NodePort"}}))
    assert dict(keys)["type"] == "LoadBalancer", "chart 40 ignores service.type"


def test_dist_carries_the_values_for_the_targeted_line(docs: Docs) -> None:
    config = one(docs, "HelmChartConfig", "traefik")
    default = load_settings(BASE_ENV, env_file=None)
    assert yaml.safe_load(config["spec"]["valuesContent"]) == traefik_values(default)
    # a failed upgrade must not uninstall the Traefik every Ingress on the host uses
    assert config["spec"]["failurePolicy"] == "abort"


# -- routing ------------------------------------------------------------------------------
def rule_matches(rule: str, path: str) -> bool:
    """Traefik's Path/PathPrefix matchers joined by ||, the only forms router_rule produces."""
    assert "&&" not in rule
    matchers = re.findall(r'(Path|PathPrefix)\("([^"]*)"\)', rule)
    assert matchers and len(matchers) == rule.count("Path")
    return any(path == arg if kind == "Path" else path.startswith(arg) for kind, arg in matchers)


def routed(rules: dict[str, str], path: str) -> str | None:
    """Which router Traefik picks: among the matching ones, the longest rule (its default priority)."""
    matching = [(len(rule), name) for name, rule in rules.items() if rule_matches(rule, path)]
    return max(matching)[1] if matching else None


def dist_rules(docs: Docs, *, strict: bool | None = None) -> dict[str, str]:
    """The rule of each Ingress of dist/ as k3s's Traefik builds it, with its configured prefix matching."""
    values = yaml.safe_load(one(docs, "HelmChartConfig", "traefik")["spec"]["valuesContent"])
    if strict is None:
        strict = values["providers"]["kubernetesIngress"]["strictPrefixMatching"]
    rules = {}
    for ingress in find(docs, "Ingress"):
        [path] = ingress["spec"]["rules"][0]["http"]["paths"]
        rules[ingress["metadata"]["name"]] = ingress_rule(path["path"], path["pathType"], strict_prefix_matching=strict)
    return rules


SAMPLE_PATHS = {
    "/": "web",
    "/apix": "web",
    "/api-docs": "web",
    "/apidocs/x": "web",
    "/_next/static/app.js": "web",
    "/api": "api",
    "/api/": "api",
    "/api/health": "api",
    "/api/docs/x": "api",
}


def test_api_matches_api_and_below_only(docs: Docs) -> None:
    rules = dist_rules(docs)
    assert rules == {route.name: router_rule(route) for route in ROUTES}
    assert rules == {"api": '(Path("/api") || PathPrefix("/api/"))', "web": 'PathPrefix("/")'}
    assert {path: routed(rules, path) for path in SAMPLE_PATHS} == SAMPLE_PATHS


def test_without_strict_prefix_matching_api_would_swallow_apix(docs: Docs) -> None:
    lax = dist_rules(docs, strict=False)
    assert routed(lax, "/apix") == "api" and routed(lax, "/api-docs") == "api"


def middleware_names(docs: Docs, ingress: dict[str, Any]) -> list[str]:
    namespace = ingress["metadata"]["namespace"]
    refs = ingress["metadata"]["annotations"][MIDDLEWARES_ANNOTATION].split(",")
    names = []
    for ref in refs:
        assert ref.startswith(f"{namespace}-") and ref.endswith("@kubernetescrd"), ref
        names.append(ref.removeprefix(f"{namespace}-").removesuffix("@kubernetescrd"))
    return names


def test_middlewares_in_order_headers_outermost(docs: Docs) -> None:
    specs = {m["metadata"]["name"]: m["spec"] for m in find(docs, "Middleware")}
    assert specs == traefik_middlewares()
    for route in ROUTES:
        names = middleware_names(docs, one(docs, "Ingress", route.name))
        assert names == list(middleware_chain(route))
        # the headers wrap the body limit, so its 413 carries them
        assert names[0] == HEADERS_MIDDLEWARE
        assert names.index(HEADERS_MIDDLEWARE) < next(i for i, n in enumerate(names) if "buffering" in specs[n])


def test_backend_answer_timeout_through_a_servers_transport(docs: Docs) -> None:
    service = one(docs, "Service", BACKEND)
    ref = service["metadata"]["annotations"][SERVERS_TRANSPORT_ANNOTATION]
    [transport] = [
        t for t in find(docs, "ServersTransport") if crd_ref(t["metadata"]["namespace"], t["metadata"]["name"]) == ref
    ]
    assert transport["metadata"]["namespace"] == service["metadata"]["namespace"]
    assert transport["spec"] == traefik_servers_transport()
    assert transport["spec"]["forwardingTimeouts"]["responseHeaderTimeout"] == "120s"
    assert BACKEND_RESPONSE_TIMEOUT_SECONDS == 120


def test_client_read_timeout_fits_the_largest_upload() -> None:
    one_mbit = 1_000_000 / 8
    assert CLIENT_READ_TIMEOUT_SECONDS >= MAX_BODY_BYTES / one_mbit > 60  # Traefik's default would cut it


# -- the proxy in front -------------------------------------------------------------------
def test_trusted_proxy_on_the_host_is_the_node_pod_gateway() -> None:
    for overrides, trusted in (
        ({"TRUSTED_PROXIES": "host"}, ["10.42.0.1"]),
        ({"TRUSTED_PROXIES": "host", "CLUSTER_CIDR": "10.52.0.0/16"}, ["10.52.0.1"]),
        ({"TRUSTED_PROXIES": "203.0.113.7, host"}, ["203.0.113.7", "10.42.0.1"]),
    ):
        values = traefik_values(settings_for(41, **overrides))
        assert values["ports"]["web"]["forwardedHeaders"]["trustedIPs"] == trusted, overrides
        # Local keeps every other client's own address: only host-local traffic arrives as the gateway
        assert values["service"]["spec"]["externalTrafficPolicy"] == "Local"


def test_trusted_proxies_names_the_keyword_when_refused() -> None:
    with pytest.raises(SettingsError) as error:
        settings_for(41, TRUSTED_PROXIES="hosts")
    assert "TRUSTED_PROXIES hosts:" in str(error.value) and "'host'" in str(error.value)
    with pytest.raises(SettingsError):
        settings_for(41, CLUSTER_CIDR="10.42.999.0/16")


def test_trusting_changes_only_the_web_entrypoint_and_traffic_policy(changed: Manifests, docs: Docs) -> None:
    default = yaml.safe_load(one(docs, "HelmChartConfig", "traefik")["spec"]["valuesContent"])
    assert "forwardedHeaders" not in default["ports"]["web"], "trust nobody by default"
    assert "externalTrafficPolicy" not in default["service"]["spec"]
    config = next(d for d in changed["0001-traefik.yaml"] if d["kind"] == "HelmChartConfig")
    values = yaml.safe_load(config["spec"]["valuesContent"])
    assert values["ports"]["web"]["forwardedHeaders"]["trustedIPs"] == ["203.0.113.7", "198.51.100.0/24"]
    assert values["service"]["spec"]["externalTrafficPolicy"] == "Local"


def test_local_gateway_is_configured_like_dist(docs: Docs) -> None:
    """`make dev`'s Traefik: the same routers, middlewares and transport as k3s's builds from dist/."""
    from scripts.devgateway import dynamic_config, static_config, upstreams
    from scripts.devlayout import Layout

    layout = Layout(state=Path("state"))
    http = dynamic_config(layout, upstreams(layout, [8000, 8001]))["http"]
    assert {name: router["rule"] for name, router in http["routers"].items()} == dist_rules(docs)
    for ingress in find(docs, "Ingress"):
        assert http["routers"][ingress["metadata"]["name"]]["middlewares"] == middleware_names(docs, ingress)
    assert http["middlewares"] == {m["metadata"]["name"]: m["spec"] for m in find(docs, "Middleware")}
    [transport] = find(docs, "ServersTransport")
    assert http["serversTransports"] == {transport["metadata"]["name"]: transport["spec"]}
    values = yaml.safe_load(one(docs, "HelmChartConfig", "traefik")["spec"]["valuesContent"])
    web = static_config(layout, [layout.proxy_address])["entryPoints"]["web"]
    assert web["transport"] == values["ports"]["web"]["transport"]
