"""Log aggregation (LOGGING, docs/logs.md) as data: the charts k3s installs and the values they get.

Both charts are the official ones, pinned, installed by k3s's helm-controller from HelmChart
objects (charts/logging.py). The values are checked offline against each chart's values.yaml
and values.schema.json (tests/fixtures/, tests/test_logging.py), as the Traefik values are.

The shipper is Fluent Bit, not Grafana Alloy, by footprint (figures in docs/logs.md): the
Fluent Bit chart suggests 128Mi as its limit, Alloy's docs estimate 120 MiB per 1 MiB/s of
logs on top of its own Go runtime, and Fluent Bit also writes to Elasticsearch/OpenSearch
natively, so one shipper serves both modes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from model.logging_settings import LOGGING_SECRET_KEYS
from model.settings import Settings


@dataclass(frozen=True)
class PinnedChart:
    release: str  # the Helm release, also the name of its objects and pods' app.kubernetes.io/name
    repo: str
    chart: str
    version: str


LOKI = PinnedChart("loki", "https://grafana.github.io/helm-charts", "loki", "7.3.0")
FLUENT_BIT = PinnedChart("fluent-bit", "https://fluent.github.io/helm-charts", "fluent-bit", "0.58.1")
# Where the HelmChart objects live: helm-controller's install Jobs run beside them and must
# download the charts, which the logging namespace's default-deny would forbid.
HELM_CHART_NAMESPACE = "kube-system"

# The logging namespace's Pod Security level: the shipper's hostPath needs `privileged`.
LOGGING_PSS = "pod-security.kubernetes.io/enforce"
LOKI_PORT = 3100  # the chart's loki.server.http_listen_port
# Loki talks to itself even as one binary: the querier asks the compactor over gRPC through
# the Service, and memberlist gossips the ring through the headless one.
LOKI_GRPC_PORT = 9095
LOKI_MEMBERLIST_PORT = 7946
FLUENT_BIT_METRICS_PORT = 2020
KUBE_API_PORT = 6443  # k3s's API server on the node, what the `kubernetes` Service forwards to
POD_LOGS = "/var/log/pods"
# The tail input's read offsets, on the host so that a new pod neither re-ships nor skips lines.
OFFSETS_DIR = "/var/lib/fluent-bit"

# Requests and limits (docs/logs.md adds them up).
LOKI_RESOURCES = {"requests": {"cpu": "100m", "memory": "256Mi"}, "limits": {"cpu": "1", "memory": "512Mi"}}
FLUENT_BIT_RESOURCES = {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"cpu": "200m", "memory": "128Mi"}}

# Loki's streams: few labels, each of low cardinality except pod (one node, a handful of pods).
STREAM_LABELS = {
    "namespace": "$kubernetes['namespace_name']",
    "pod": "$kubernetes['pod_name']",
    "container": "$kubernetes['container_name']",
    "component": "$kubernetes['labels']['app.kubernetes.io/name']",
}

_RESTRICTED_CONTAINER = {
    "allowPrivilegeEscalation": False,
    "readOnlyRootFilesystem": True,
    "capabilities": {"drop": ["ALL"]},
    "seccompProfile": {"type": "RuntimeDefault"},
}


def loki_url(settings: Settings) -> str:
    return f"http://{LOKI.release}.{settings.logging_namespace}.svc:{LOKI_PORT}"


def loki_values(settings: Settings) -> dict[str, object]:
    """Single binary, filesystem storage on a PVC of STORAGE_CLASS, retention by the compactor."""
    return {
        "deploymentMode": "SingleBinary",
        "loki": {
            # One tenant: whoever reaches the port (the NetworkPolicy decides who can) reads all.
            "auth_enabled": False,
            "commonConfig": {"replication_factor": 1},
            "storage": {"type": "filesystem"},
            "schemaConfig": {
                "configs": [
                    {
                        "from": "2024-04-01",
                        "store": "tsdb",
                        "object_store": "filesystem",
                        "schema": "v13",
                        "index": {"prefix": "loki_index_", "period": "24h"},
                    }
                ]
            },
            "limits_config": {"retention_period": settings.log_retention},
            "compactor": {"retention_enabled": True, "delete_request_store": "filesystem"},
            "podSecurityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
            "containerSecurityContext": _RESTRICTED_CONTAINER,
            "analytics": {"reporting_enabled": False},
        },
        "singleBinary": {
            "replicas": 1,
            "resources": LOKI_RESOURCES,
            "persistence": {
                "enabled": True,
                "size": settings.log_storage_size,
                "storageClass": settings.storage_class,
                # The chart deletes the claim with the StatefulSet by default; the logs outlive it.
                "whenDeleted": "Retain",
                "whenScaled": "Retain",
            },
        },
        **{part: {"replicas": 0} for part in ("read", "write", "backend")},
        # Memcached's default allocations (8192 MB for chunks) would dwarf the node; one
        # binary on a local disk needs no cache in front of it.
        "chunksCache": {"enabled": False},
        "resultsCache": {"enabled": False},
        "gateway": {"enabled": False},
        "lokiCanary": {"enabled": False},
        "test": {"enabled": False},
        "ruler": {"enabled": False},
    }


def search_port(settings: Settings) -> int:
    url = urlsplit(settings.elasticsearch_url or "")
    return url.port or (443 if url.scheme == "https" else 80)


def _output(settings: Settings) -> str:
    if settings.logging == "loki":
        labels = ", ".join(f"{k}={v}" for k, v in STREAM_LABELS.items())
        return "\n".join(
            [
                "[OUTPUT]",
                "    Name loki",
                "    Match kube.*",
                f"    Host {LOKI.release}.{settings.logging_namespace}.svc",
                f"    Port {LOKI_PORT}",
                f"    Labels {labels}",
                "    Remove_Keys kubernetes",
                "    Line_Format json",
                "",
            ]
        )
    url = urlsplit(settings.elasticsearch_url or "")
    https = url.scheme == "https"
    lines = [
        "[OUTPUT]",
        "    Name es",
        "    Match kube.*",
        f"    Host {url.hostname}",
        f"    Port {search_port(settings)}",
        f"    tls {'On' if https else 'Off'}",
        *(["    tls.verify On"] if https else []),
        # Elasticsearch 8 and OpenSearch refuse _type.
        "    Suppress_Type_Name On",
        f"    Logstash_Format On\n    Logstash_Prefix {settings.app_name}-logs",
        # Label keys such as app.kubernetes.io/name would otherwise become object paths.
        "    Replace_Dots On",
        "    Trace_Error On",
    ]
    if settings.elasticsearch_username is not None:
        # From the environment (the Secret revision), never in the values or dist/.
        lines += ["    HTTP_User ${ELASTICSEARCH_USERNAME}", "    HTTP_Passwd ${ELASTICSEARCH_PASSWORD}"]
    return "\n".join([*lines, ""])


def shipper_config(settings: Settings) -> dict[str, str]:
    """Fluent Bit's pipeline: tail the pods' CRI files, add pod metadata, parse JSON lines, ship."""
    return {
        "service": "\n".join(
            [
                "[SERVICE]",
                "    Daemon Off",
                "    Flush 1",
                "    Log_Level info",
                "    Parsers_File /fluent-bit/etc/parsers.conf",
                "    HTTP_Server On",
                "    HTTP_Listen 0.0.0.0",
                f"    HTTP_Port {FLUENT_BIT_METRICS_PORT}",
                "    Health_Check On",
                "",
            ]
        ),
        "inputs": "\n".join(
            [
                "[INPUT]",
                "    Name tail",
                # <namespace>_<pod>_<uid>/<container>/<restart>.log, which the kubernetes filter's tag regex reads.
                f"    Path {POD_LOGS}/*/*/*.log",
                "    multiline.parser cri",
                "    Tag kube.*",
                f"    DB {OFFSETS_DIR}/tail.db",
                "    Mem_Buf_Limit 5MB",
                "    Skip_Long_Lines On",
                "",
            ]
        ),
        "filters": "\n".join(
            [
                "[FILTER]",
                "    Name kubernetes",
                "    Match kube.*",
                "    Kube_Tag_Prefix kube.var.log.pods.",
                "    Regex_Parser pod_path",
                # The JSON lines (backend, Traefik) become fields; other lines stay as `log`.
                "    Merge_Log On",
                "    Keep_Log Off",
                "    Labels On",
                "    Annotations Off",
                "",
            ]
        ),
        "outputs": _output(settings),
        "customParsers": "\n".join(
            [
                "[PARSER]",
                "    Name pod_path",
                "    Format regex",
                r"    Regex ^(?<namespace_name>[^_]+)_(?<pod_name>[^_]+)_(?<pod_id>[^.]+)\."
                r"(?<container_name>[^.]+)\.(?<docker_id>[0-9]+)\.log$",
                "",
            ]
        ),
    }


def shipper_env(settings: Settings, secret: str) -> list[dict[str, object]]:
    """The credentials, from the shipper's Secret revision (model/secret_revisions.py)."""
    if settings.logging != "elasticsearch" or settings.elasticsearch_username is None:
        return []
    return [{"name": key, "valueFrom": {"secretKeyRef": {"name": secret, "key": key}}} for key in LOGGING_SECRET_KEYS]


def shipper_values(settings: Settings, secret: str) -> dict[str, object]:
    volumes = [("pods", POD_LOGS, True, "Directory"), ("offsets", OFFSETS_DIR, False, "DirectoryOrCreate")]
    env = shipper_env(settings, secret)
    return {
        "kind": "DaemonSet",
        "resources": FLUENT_BIT_RESOURCES,
        # Root without capabilities: the CRI log files are root's, mode 0640.
        "podSecurityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
        "securityContext": {**_RESTRICTED_CONTAINER, "runAsUser": 0, "runAsNonRoot": False},
        "daemonSetVolumes": [{"name": n, "hostPath": {"path": p, "type": t}} for n, p, _, t in volumes],
        "daemonSetVolumeMounts": [{"name": n, "mountPath": p, "readOnly": ro} for n, p, ro, _ in volumes],
        "config": shipper_config(settings),
        **({"env": env} if env else {}),
    }
