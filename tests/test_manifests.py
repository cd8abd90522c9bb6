"""Properties of dist/ that must hold whatever the snapshot says."""

from __future__ import annotations

import re
from typing import Any

import pytest
import yaml
from conftest import SECRETS, Manifests, config_map_of, find, load_all, one, pod_specs

from charts.routing import MIDDLEWARES_ANNOTATION
from model.k3s import LOCAL_PATH_PROVISIONER, NODE_PORT_RANGE, RETAIN_STORAGE_CLASS
from model.topology import API_PREFIX, BACKEND, FRONTEND, MAX_BODY_BYTES, ROUTES, SECURITY_HEADERS

Docs = list[dict[str, Any]]


def service_port_target(docs: Docs, service: str, port: int) -> str | int:
    svc = one(docs, "Service", service)
    [match] = [p for p in svc["spec"]["ports"] if p["port"] == port]
    return match["targetPort"]


def workload_for_service(docs: Docs, service: str) -> dict[str, Any]:
    selector = one(docs, "Service", service)["spec"]["selector"]
    matches = [
        d
        for d in docs
        if d["kind"] in ("Deployment", "StatefulSet")
        and selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
    ]
    assert len(matches) == 1, f"Service {service} selects {len(matches)} workloads"
    return matches[0]


def test_files_sort_in_apply_order(manifests: Manifests) -> None:
    names = list(manifests)
    assert names == sorted(names)
    kinds = [d["kind"] for file_docs in manifests.values() for d in file_docs]
    assert kinds[:2] == ["Namespace", "StorageClass"], "Namespace and StorageClass must be applied first"
    first_namespaced = min(i for i, d in enumerate(kinds) if d not in ("Namespace", "StorageClass"))
    assert "Namespace" not in kinds[first_namespaced:]


def test_ingress_path_to_service_to_container_port_to_probe(docs: Docs) -> None:
    for route in ROUTES:
        ingress = one(docs, "Ingress", route.name)
        [path] = ingress["spec"]["rules"][0]["http"]["paths"]
        assert (path["path"], path["pathType"]) == (route.path, "Prefix")
        backend = path["backend"]["service"]
        assert (backend["name"], backend["port"]["number"]) == (route.service, route.port)
        target = service_port_target(docs, backend["name"], backend["port"]["number"])
        workload = workload_for_service(docs, backend["name"])
        [container] = workload["spec"]["template"]["spec"]["containers"]
        [port] = [p for p in container["ports"] if target in (p["name"], p["containerPort"])]
        assert port["containerPort"] == route.port
        for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
            assert container[probe]["httpGet"]["port"] in (port["name"], port["containerPort"]), probe


def test_backend_liveness_does_not_depend_on_the_database(docs: Docs) -> None:
    [container] = one(docs, "Deployment", BACKEND)["spec"]["template"]["spec"]["containers"]
    assert container["livenessProbe"]["httpGet"]["path"] == "/livez"
    # Nor readiness: a database restart must not take every replica out of the gateway.
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"


def middlewares_of(docs: Docs, ingress: dict[str, Any]) -> list[dict[str, Any]]:
    refs = ingress["metadata"]["annotations"][MIDDLEWARES_ANNOTATION].split(",")
    found = []
    for ref in refs:
        namespace_name, provider = ref.split("@")
        assert provider == "kubernetescrd"
        [mw] = [
            m
            for m in find(docs, "Middleware")
            if f"{m['metadata']['namespace']}-{m['metadata']['name']}" == namespace_name
        ]
        found.append(mw)
    return found


def test_strip_prefix_only_on_api(docs: Docs) -> None:
    for route in ROUTES:
        specs = [m["spec"] for m in middlewares_of(docs, one(docs, "Ingress", route.name))]
        strips = [s["stripPrefix"]["prefixes"] for s in specs if "stripPrefix" in s]
        assert strips == ([[API_PREFIX]] if route.path == API_PREFIX else [])
    assert one(docs, "Ingress", "api")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == BACKEND
    assert one(docs, "Ingress", "web")["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == FRONTEND


def test_every_route_gets_headers_compression_and_body_limit(docs: Docs) -> None:
    for ingress in find(docs, "Ingress"):
        specs = [m["spec"] for m in middlewares_of(docs, ingress)]
        merged = {k: v for s in specs for k, v in s.items()}
        assert merged["headers"]["customResponseHeaders"] == SECURITY_HEADERS
        assert merged["headers"]["customResponseHeaders"]["X-Frame-Options"] == "SAMEORIGIN"
        assert merged["buffering"]["maxRequestBodyBytes"] == MAX_BODY_BYTES == 50 * 1024 * 1024
        assert "compress" in merged
        assert ingress["spec"]["ingressClassName"] == "traefik"


def test_k3s_config_allows_the_node_port() -> None:
    from conftest import ROOT

    config = yaml.safe_load((ROOT / "deploy/k3s/config.yaml").read_text())
    low, high = (int(p) for p in config["service-node-port-range"].split("-"))
    assert (low, high) == NODE_PORT_RANGE
    assert low <= 6666 <= high
    # Random NodePort allocations must never shadow the API server or the kubelet.
    assert not any(low <= p <= high for p in (6443, 6444, 10250, 10256))


def assert_restricted(name: str, spec: dict[str, Any]) -> None:
    sc = spec["securityContext"]
    assert sc["runAsNonRoot"] is True, name
    assert sc["runAsUser"] >= 10000 and sc["fsGroup"] >= 10000, name
    assert sc["seccompProfile"]["type"] == "RuntimeDefault", name
    assert spec["automountServiceAccountToken"] is False, name
    assert spec["enableServiceLinks"] is False, name
    assert "hostNetwork" not in spec and "hostPID" not in spec, name
    for volume in spec.get("volumes", []):
        assert "hostPath" not in volume, name
    for c in spec["containers"] + spec.get("initContainers", []):
        csc = c["securityContext"]
        assert csc["allowPrivilegeEscalation"] is False, (name, c["name"])
        assert csc["capabilities"]["drop"] == ["ALL"], (name, c["name"])
        assert "add" not in csc["capabilities"], (name, c["name"])
        assert csc["readOnlyRootFilesystem"] is True, (name, c["name"])
        assert csc["runAsNonRoot"] is True, (name, c["name"])
        assert c["imagePullPolicy"] == "IfNotPresent", (name, c["name"])
        assert re.match(r"^[^:]+:[^:]+$", c["image"]) and not c["image"].endswith(":latest"), (name, c["name"])


def test_every_pod_is_restricted(docs: Docs) -> None:
    specs = pod_specs(docs)
    assert set(specs) == {
        "StatefulSet/postgres",
        "Deployment/backend",
        "Deployment/frontend",
        "CronJob/backup",
        "CronJob/restore-drill",
    }
    for name, spec in specs.items():
        assert_restricted(name, spec)


def test_web_pods_leave_service_before_they_stop(docs: Docs) -> None:
    from model.backend_contract import BACKEND_CONTRACT
    from model.frontend_contract import FRONTEND_CONTRACT
    from model.rollout import ENDPOINT_PROPAGATION_SECONDS, EXIT_MARGIN_SECONDS

    for name, drain in (("backend", BACKEND_CONTRACT.drain_seconds), ("frontend", FRONTEND_CONTRACT.drain_seconds)):
        spec = one(docs, "Deployment", name)["spec"]
        assert spec["strategy"]["rollingUpdate"] == {"maxSurge": 1, "maxUnavailable": 0}, name
        pod = spec["template"]["spec"]
        [container] = pod["containers"]
        # The pod keeps serving while the gateway learns that its endpoint is gone ...
        assert container["lifecycle"]["preStop"] == {"sleep": {"seconds": ENDPOINT_PROPAGATION_SECONDS}}, name
        # ... and the kubelet waits for the pause, the drain and the exit before SIGKILL.
        grace = pod["terminationGracePeriodSeconds"]
        assert grace == ENDPOINT_PROPAGATION_SECONDS + drain + EXIT_MARGIN_SECONDS, name
        assert grace > ENDPOINT_PROPAGATION_SECONDS + drain, name


def test_every_service_account_is_tokenless(docs: Docs) -> None:
    accounts = find(docs, "ServiceAccount")
    assert {a["metadata"]["name"] for a in accounts} == {"postgres", "backend", "frontend", "backup", "restore-drill"}
    assert all(a["automountServiceAccountToken"] is False for a in accounts)
    for name, spec in pod_specs(docs).items():
        assert spec["serviceAccountName"] == name.split("/")[1]


def test_every_container_has_requests_limits_and_probes(docs: Docs) -> None:
    for name, spec in pod_specs(docs).items():
        for c in spec["containers"] + spec.get("initContainers", []):
            for kind in ("requests", "limits"):
                assert set(c["resources"][kind]) == {"cpu", "memory"}, (name, c["name"], kind)
        if not name.startswith("CronJob/"):  # a batch job has nothing to probe
            for c in spec["containers"]:
                for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                    assert probe in c, (name, c["name"], probe)


def requested(docs: Docs) -> tuple[float, float]:
    """CPU (cores) and memory (MiB) the long-running pods request, replicas included."""

    def cpu(q: str) -> float:
        return float(q[:-1]) / 1000 if q.endswith("m") else float(q)

    def mem(q: str) -> float:
        return float(q[:-2]) * {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}[q[-2:]]

    total_cpu = total_mem = 0.0
    for name, spec in pod_specs(docs).items():
        if name.startswith("CronJob/"):
            continue
        replicas = next(d for d in docs if f"{d['kind']}/{d['metadata']['name']}" == name)["spec"]["replicas"]
        # A pod's effective request: the larger of its containers' sum and its biggest init container.
        requests = [
            (cpu(c["resources"]["requests"]["cpu"]), mem(c["resources"]["requests"]["memory"]))
            for c in spec["containers"]
        ]
        inits = [
            (cpu(c["resources"]["requests"]["cpu"]), mem(c["resources"]["requests"]["memory"]))
            for c in spec.get("initContainers", [])
        ]
        total_cpu += replicas * max([sum(r[0] for r in requests), *(i[0] for i in inits)])
        total_mem += replicas * max([sum(r[1] for r in requests), *(i[1] for i in inits)])
    return total_cpu, total_mem


def test_stack_fits_a_small_host(docs: Docs) -> None:
    total_cpu, total_mem = requested(docs)
    assert total_cpu <= 0.75, total_cpu
    assert total_mem <= 1024, total_mem


def test_postgres_statefulset(docs: Docs) -> None:
    sts = one(docs, "StatefulSet", "postgres")
    spec = sts["spec"]
    assert spec["replicas"] == 1
    assert spec["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Retain", "whenScaled": "Retain"}
    assert spec["serviceName"] == "postgres-headless"
    assert one(docs, "Service", "postgres-headless")["spec"]["clusterIP"] == "None"
    assert one(docs, "Service", "postgres")["spec"]["type"] == "ClusterIP"
    [claim] = spec["volumeClaimTemplates"]
    [container] = spec["template"]["spec"]["containers"]
    assert re.match(r"^postgres:16\.\d+", container["image"])
    env = {e["name"]: e for e in container["env"]}
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    data_mount = next(path for path, name in mounts.items() if name == claim["metadata"]["name"])
    assert env["PGDATA"]["value"].startswith(data_mount + "/"), "PGDATA must be a subdirectory of the mount"
    assert "/var/run/postgresql" in mounts
    volumes = {v["name"]: v for v in spec["template"]["spec"]["volumes"]}
    assert volumes[mounts["/dev/shm"]]["emptyDir"]["medium"] == "Memory"
    assert env["POSTGRES_PASSWORD"]["valueFrom"]["secretKeyRef"]["key"] == "POSTGRES_PASSWORD"
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert "pg_isready" in " ".join(container[probe]["exec"]["command"])


def test_every_claim_uses_the_retain_class(docs: Docs) -> None:
    storage_class = one(docs, "StorageClass", RETAIN_STORAGE_CLASS)
    assert storage_class["reclaimPolicy"] == "Retain"
    assert storage_class["provisioner"] == LOCAL_PATH_PROVISIONER
    assert storage_class["volumeBindingMode"] == "WaitForFirstConsumer"
    claims = [c["spec"] for s in find(docs, "StatefulSet") for c in s["spec"]["volumeClaimTemplates"]]
    claims += [c["spec"] for c in find(docs, "PersistentVolumeClaim")]
    assert len(claims) == 2
    assert all(c["storageClassName"] == RETAIN_STORAGE_CLASS for c in claims)


def test_backend_prepares_the_database_in_init_containers(docs: Docs) -> None:
    spec = one(docs, "Deployment", BACKEND)["spec"]["template"]["spec"]
    assert [c["name"] for c in spec["initContainers"]] == ["prestart"]  # argv: tests/test_contract.py
    assert not find(docs, "Job"), "no migration Job: its pod template is immutable"
    [server] = spec["containers"]
    assert all(c["image"] == server["image"] for c in spec["initContainers"])


def test_backend_config_map_is_wired_and_rolls_pods(docs: Docs, changed: Manifests) -> None:
    cm = config_map_of(docs, BACKEND)
    assert cm["data"]["ROOT_PATH"] == API_PREFIX
    assert cm["data"]["POSTGRES_HOST"] == "postgres"
    # LOG_LEVEL=DEBUG: another revision, named in the pod template (tests/test_revisions.py has the rule).
    changed_cm = config_map_of([d for file in changed.values() for d in file], BACKEND)
    assert changed_cm["data"]["LOG_LEVEL"] == "DEBUG"
    assert changed_cm["metadata"]["name"] != cm["metadata"]["name"]


def test_backup_cronjob(docs: Docs) -> None:
    cron = one(docs, "CronJob", "backup")
    assert cron["spec"]["concurrencyPolicy"] == "Forbid"
    assert cron["spec"]["schedule"] == "30 3 * * *"
    pod = cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    [container] = pod["containers"]
    script = container["command"][-1]
    assert "pg_dump --snapshot=" in script and "--format=custom" in script
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["BACKUP_KEEP"] == "7"
    claim = next(v for v in pod["volumes"] if "persistentVolumeClaim" in v)
    assert (
        claim["persistentVolumeClaim"]["claimName"] == one(docs, "PersistentVolumeClaim", "backup")["metadata"]["name"]
    )


def test_network_policies_deny_by_default_and_allow_the_graph(docs: Docs) -> None:
    policies = {p["metadata"]["name"]: p["spec"] for p in find(docs, "NetworkPolicy")}
    deny = policies["default-deny"]
    assert deny["podSelector"] == {} and set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert not deny.get("ingress") and not deny.get("egress")

    def ingress_ports(name: str) -> set[int]:
        return {p["port"] for rule in policies[f"allow-{name}"].get("ingress", []) for p in rule["ports"]}

    assert ingress_ports("frontend") == {3000}
    assert ingress_ports("backend") == {8000}
    assert ingress_ports("postgres") == {5432}
    postgres_sources = [
        peer["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        for rule in policies["allow-postgres"]["ingress"]
        for peer in rule["from"]
    ]
    assert sorted(postgres_sources) == ["backend", "backup"]
    for name in ("frontend", "backend"):
        [rule] = policies[f"allow-{name}"]["ingress"]
        [peer] = rule["from"]
        assert peer["namespaceSelector"]["matchLabels"] == {"kubernetes.io/metadata.name": "kube-system"}
        assert peer["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "traefik"}
    dns = policies["allow-dns"]["egress"][0]
    assert {(p["protocol"], p["port"]) for p in dns["ports"]} == {("UDP", 53), ("TCP", 53)}


def test_namespace_enforces_restricted(docs: Docs) -> None:
    ns = one(docs, "Namespace", "yoshikosan")
    for mode in ("enforce", "audit", "warn"):
        assert ns["metadata"]["labels"][f"pod-security.kubernetes.io/{mode}"] == "restricted"
    assert "namespace" not in ns["metadata"]


def test_labels_and_names(docs: Docs) -> None:
    for d in docs:
        labels = d["metadata"].get("labels", {})
        assert labels.get("app.kubernetes.io/part-of") == "yoshikosan", d["metadata"]["name"]
        assert labels.get("app.kubernetes.io/managed-by") == "cdk8s"
        assert not re.search(r"-c8[0-9a-f]{6}$", d["metadata"]["name"]), "cdk8s name hash"
        if d["kind"] not in ("Namespace", "StorageClass", "HelmChartConfig"):
            assert d["metadata"]["namespace"] == "yoshikosan", d["metadata"]["name"]


def test_no_secret_value_in_dist(dist_dir) -> None:  # type: ignore[no-untyped-def]
    text = "".join(p.read_text() for p in dist_dir.iterdir())
    assert "SENTINEL" not in text
    for value in SECRETS.values():
        assert value not in text
    for d in load_all(text):
        assert d["kind"] != "Secret", "the Secret is created at deploy time, never synthesized"


def test_replicas_add_budget_and_spread(changed: Manifests) -> None:
    docs = [d for file_docs in changed.values() for d in file_docs]  # BACKEND_REPLICAS=3, FRONTEND_REPLICAS=2
    assert one(docs, "Deployment", "backend")["spec"]["replicas"] == 3
    assert one(docs, "Deployment", "frontend")["spec"]["replicas"] == 2
    for name in ("backend", "frontend"):
        pdb = one(docs, "PodDisruptionBudget", name)
        assert pdb["spec"]["minAvailable"] == 1
        spread = one(docs, "Deployment", name)["spec"]["template"]["spec"]["topologySpreadConstraints"]
        assert spread[0]["topologyKey"] == "kubernetes.io/hostname"


def test_single_replica_has_no_budget(docs: Docs) -> None:
    # With one replica a minAvailable=1 budget would block every node drain.
    assert not find(docs, "PodDisruptionBudget")
    assert "topologySpreadConstraints" not in one(docs, "Deployment", "backend")["spec"]["template"]["spec"]


def test_storage_class_setting(changed: Manifests) -> None:
    docs = [d for file_docs in changed.values() for d in file_docs]  # STORAGE_CLASS=longhorn, 20Gi
    assert not find(docs, "StorageClass"), "a class named by the user is theirs, not ours"
    [claim] = one(docs, "StatefulSet", "postgres")["spec"]["volumeClaimTemplates"]
    assert claim["spec"]["storageClassName"] == "longhorn"
    assert claim["spec"]["resources"]["requests"]["storage"] == "20Gi"
    assert one(docs, "PersistentVolumeClaim", "backup")["spec"]["storageClassName"] == "longhorn"


@pytest.mark.slow  # a synth of its own
def test_another_ingress_controller(synth) -> None:  # type: ignore[no-untyped-def]
    out = synth(
        INGRESS_CLASS="traefik-external", INGRESS_NAMESPACE="edge", INGRESS_POD_LABELS="app=edge-proxy,tier=front"
    )
    docs = [d for file_docs in out.values() for d in file_docs]
    assert {i["spec"]["ingressClassName"] for i in find(docs, "Ingress")} == {"traefik-external"}
    assert not find(docs, "HelmChartConfig"), "only k3s's bundled Traefik is reconfigured"
    assert find(docs, "Middleware")
    # The frontend and backend admit that controller's pods, and only them.
    for name in ("allow-frontend", "allow-backend"):
        [rule] = one(docs, "NetworkPolicy", name)["spec"]["ingress"]
        [peer] = rule["from"]
        assert peer["namespaceSelector"] == {"matchLabels": {"kubernetes.io/metadata.name": "edge"}}, name
        assert peer["podSelector"] == {"matchLabels": {"app": "edge-proxy", "tier": "front"}}, name


def test_every_pod_carries_the_app_label(docs: Docs) -> None:
    # `make logs` and `make status` select pods by it.
    for d in docs:
        if d["kind"] in ("Deployment", "StatefulSet"):
            labels = d["spec"]["template"]["metadata"]["labels"]
        elif d["kind"] == "CronJob":
            labels = d["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
        else:
            continue
        assert labels["app.kubernetes.io/part-of"] == "yoshikosan", d["metadata"]["name"]
