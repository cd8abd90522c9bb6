"""The one settings object: read once in main.py from the environment and `.env`, then passed down.

Nothing else in the project reads the environment. Every field maps to the upper-case
variable of the same name; `.env.example` documents each of them.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from dotenv import dotenv_values
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from model.dbtools import ORDINAL_ZERO_MAJOR
from model.monitoring import MonitoringMode
from pgcluster import PG_VERSION

# The value .env.example ships with: a deployment that still uses it has no secret at all.
EXAMPLE_SECRET_KEY = "change-me-to-a-random-string-of-at-least-32-characters"
MIN_SECRET_KEY_LENGTH = 32
MIN_PASSWORD_LENGTH = 12
# How a user makes each required secret by hand (`make synth` generates them into a new .env).
GENERATE_WITH = {
    "SECRET_KEY": "openssl rand -hex 32",
    "POSTGRES_PASSWORD": "openssl rand -base64 24",
    "POSTGRES_EXPORTER_PASSWORD": "openssl rand -base64 24",
}

# NodePorts outside Kubernetes' default 30000-32767 need the k3s server flag that
# deploy/k3s/config.yaml ships; that file and this range must agree (a test checks).
# The range stops below 10250 (kubelet) and starts above 6443/6444 (API server,
# k3s supervisor), so a randomly allocated NodePort can never shadow a host service.
NODE_PORT_RANGE = (6666, 9999)

# The Traefik Helm chart major each supported k3s line bundles (k3s's chart-bump PRs).
# TRAEFIK_CHART picks the line whose values.yaml the HelmChartConfig is written for.
TRAEFIK_CHART_BY_K3S = {"1.34": 39, "1.35": 39, "1.36": 40, "1.37": 41}
TRAEFIK_CHART_LINES = tuple(sorted(set(TRAEFIK_CHART_BY_K3S.values())))


def _traefik_chart(value: int) -> int:
    if value not in TRAEFIK_CHART_LINES:
        supported = ", ".join(
            f"{line} (k3s {', '.join(k for k, c in TRAEFIK_CHART_BY_K3S.items() if c == line)})"
            for line in TRAEFIK_CHART_LINES
        )
        raise ValueError(f"must be the Traefik chart major of a supported k3s: {supported}")
    return value


TraefikChartLine = Annotated[int, AfterValidator(_traefik_chart)]

# Secret values never reach dist/: the manifests reference these keys of a Secret
# that `make secret` creates from the same settings at deploy time.
# The backend reads these (the optional ones switch features on):
APP_SECRET_KEYS = (
    "POSTGRES_PASSWORD",
    "SECRET_KEY",
    "GOOGLE_CLIENT_ID",
    "GOOGLE_CLIENT_SECRET",
    "DISCORD_CLIENT_ID",
    "DISCORD_CLIENT_SECRET",
    "SAMBANOVA_API_KEY",
    "HUME_AI_API_KEY",
)
# Only the PostgreSQL exporter's pod reads this one.
SECRET_KEYS = (*APP_SECRET_KEYS, "POSTGRES_EXPORTER_PASSWORD")

_DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$")
_IMAGE = re.compile(r"^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]+)?(/[a-z0-9]+([._-][a-z0-9]+)*)*$")
_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
# host[:port][/path], the part of an image reference before the repository name. The host
# needs a dot, a port or to be localhost, as Docker tells hosts from Docker Hub namespaces.
_REGISTRY_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_REGISTRY = re.compile(
    rf"^(localhost(:[0-9]{{1,5}})?|{_REGISTRY_LABEL}(\.{_REGISTRY_LABEL})+(:[0-9]{{1,5}})?|{_REGISTRY_LABEL}:[0-9]{{1,5}})"
    r"(/[a-z0-9]+([._-][a-z0-9]+)*)*$"
)
_POSTGRES_MAJOR = re.compile(r"^([0-9]+)(?:[.-]|$)")
_QUANTITY_CPU = re.compile(r"^([0-9]+m|[0-9]+(\.[0-9]+)?)$")
_QUANTITY_MEMORY = re.compile(r"^[0-9]+(Ki|Mi|Gi|Ti)$")
_CRON_FIELD = re.compile(r"^[0-9*/,\-]+$")
_LABEL_PAIR = re.compile(
    r"^([a-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?=[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$"
)
_CIDR = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$")

# TRUSTED_PROXIES entry for an HTTPS proxy on the k3s host itself. kube-proxy masquerades
# host-local traffic to a NodePort, so Traefik sees not the proxy's address but the node's
# on the pod network: the gateway of its pod subnet (flannel's cni0), which on a single
# node is the first address of CLUSTER_CIDR (10.42.0.1 by default).
HOST_PROXY = "host"


def _dns_label(value: str) -> str:
    if not _DNS_LABEL.match(value):
        raise ValueError("must be a DNS label: lower-case letters, digits and '-', at most 63 characters")
    return value


def _image(value: str) -> str:
    if ":" in value.rsplit("/", 1)[-1] or "@" in value:
        raise ValueError("give the repository only; the tag has its own variable")
    if not _IMAGE.match(value):
        raise ValueError("is not an image repository name")
    return value


def _tag(value: str) -> str:
    if value == "latest":
        raise ValueError("'latest' is not a version: pin the tag you built (IfNotPresent would never update it)")
    if not _TAG.match(value):
        raise ValueError("is not an image tag")
    return value


def _registry(value: str) -> str:
    if not _REGISTRY.match(value):
        raise ValueError(
            "must be host[:port][/path] in lower case, without scheme or trailing '/', "
            "such as ghcr.io/your-org or registry.example.com:5000"
        )
    return value


def _dns_subdomain(value: str) -> str:
    if not _HOSTNAME.match(value):
        raise ValueError("must be a Secret name: lower-case letters, digits, '-' and '.'")
    return value


def _cpu(value: str) -> str:
    if not _QUANTITY_CPU.match(value):
        raise ValueError("must be a CPU quantity such as 250m or 1")
    return value


def _memory(value: str) -> str:
    if not _QUANTITY_MEMORY.match(value):
        raise ValueError("must be a memory quantity such as 256Mi or 1Gi")
    return value


def _cron(value: str) -> str:
    fields = value.split()
    if len(fields) != 5 or not all(_CRON_FIELD.match(f) for f in fields):
        raise ValueError("must be a five-field cron schedule such as '30 3 * * *'")
    return value


DnsLabel = Annotated[str, AfterValidator(_dns_label)]
Image = Annotated[str, AfterValidator(_image)]
Tag = Annotated[str, AfterValidator(_tag)]
Registry = Annotated[str, AfterValidator(_registry)]
SecretName = Annotated[str, AfterValidator(_dns_subdomain)]
# The images a pod runs: ours (built by `make images`), PostgreSQL's official one and its exporter.
ImageComponent = Literal["backend", "frontend", "postgres", "postgres_exporter"]
Cpu = Annotated[str, AfterValidator(_cpu)]
Memory = Annotated[str, AfterValidator(_memory)]
Port = Annotated[int, Field(ge=1, le=65535)]
Replicas = Annotated[int, Field(ge=0, le=50)]


def _labels(value: str) -> str:
    pairs = [p.strip() for p in value.split(",") if p.strip()]
    bad = [p for p in pairs if not _LABEL_PAIR.match(p)]
    if not pairs or bad:
        raise ValueError("must be comma-separated key=value pod labels, e.g. app.kubernetes.io/name=traefik")
    return ",".join(pairs)


def _object_labels(value: str) -> str:
    pairs = [p.strip() for p in value.split(",") if p.strip()]
    if not pairs or not all(_LABEL_PAIR.match(p) for p in pairs):
        raise ValueError("must be comma-separated key=value labels, e.g. release=kube-prometheus-stack")
    return ",".join(pairs)


@dataclass(frozen=True)
class IngressController:
    """The controller behind INGRESS_CLASS: where its pods run and how to select them.

    The Ingresses name its class; the NetworkPolicies admit its pods, by namespace and
    labels, to the frontend and backend.
    """

    ingress_class: str
    namespace: str
    pod_labels: dict[str, str]

    @property
    def is_k3s_traefik(self) -> bool:
        """k3s's bundled Traefik, which this app reconfigures through a HelmChartConfig."""
        return (self.ingress_class, self.namespace, self.pod_labels) == K3S_TRAEFIK


# k3s installs Traefik as kube-system/traefik from its Helm chart, class "traefik".
K3S_TRAEFIK = ("traefik", "kube-system", {"app.kubernetes.io/name": "traefik"})


class Resources(BaseModel):
    model_config = ConfigDict(frozen=True)
    cpu_request: str
    cpu_limit: str
    memory_request: str
    memory_limit: str


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    # --- what the app itself is configured with ---
    domain: str
    external_port: Port = 6666
    node_env: Literal["production", "development"] = "production"
    postgres_user: DnsLabel = "yoshikosan"
    postgres_password: SecretStr
    postgres_db: DnsLabel = "yoshikosan"
    secret_key: SecretStr
    # Default: the public origin, https://DOMAIN (see _origins_from_domain).
    allowed_origins: str = ""
    google_client_id: SecretStr | None = None
    google_client_secret: SecretStr | None = None
    discord_client_id: SecretStr | None = None
    discord_client_secret: SecretStr | None = None
    sambanova_api_key: SecretStr | None = None
    hume_ai_api_key: SecretStr | None = None

    # --- deployment knobs ---
    app_name: DnsLabel = "yoshikosan"
    namespace: DnsLabel = "yoshikosan"
    registry: Registry | None = None
    image_pull_secret: SecretName | None = None
    backend_image: Image = "yoshikosan-backend"
    backend_tag: Tag
    frontend_image: Image = "yoshikosan-frontend"
    frontend_tag: Tag
    postgres_image: Image = "postgres"
    # The PostgreSQL the local clusters and tests run (pgcluster's pin), as an image tag.
    postgres_tag: Tag = "{}.{}-alpine".format(*PG_VERSION.split(".")[:2])
    # The major that wrote the data volume in use; POSTGRES_TAG must match it (see load_settings).
    postgres_data_major: Annotated[int, Field(ge=ORDINAL_ZERO_MAJOR)] = ORDINAL_ZERO_MAJOR
    backend_replicas: Replicas = 1
    frontend_replicas: Replicas = 1
    storage_class: DnsLabel = "yoshikosan-retain"
    postgres_storage_size: Memory = "5Gi"
    backup_storage_size: Memory = "5Gi"
    ingress_class: DnsLabel = "traefik"
    ingress_namespace: DnsLabel = "kube-system"
    ingress_pod_labels: Annotated[str, AfterValidator(_labels)] = "app.kubernetes.io/name=traefik"
    backend_cpu_request: Cpu = "150m"
    backend_cpu_limit: Cpu = "500m"
    backend_memory_request: Memory = "256Mi"
    backend_memory_limit: Memory = "512Mi"
    frontend_cpu_request: Cpu = "100m"
    frontend_cpu_limit: Cpu = "500m"
    frontend_memory_request: Memory = "192Mi"
    frontend_memory_limit: Memory = "384Mi"
    postgres_cpu_request: Cpu = "250m"
    postgres_cpu_limit: Cpu = "1"
    postgres_memory_request: Memory = "384Mi"
    postgres_memory_limit: Memory = "768Mi"
    backup_schedule: Annotated[str, AfterValidator(_cron)] = "30 3 * * *"
    backup_keep: Annotated[int, Field(ge=1, le=365)] = 7
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    db_pool_size: Annotated[int, Field(ge=1, le=100)] = 5
    cluster_cidr: str = "10.42.0.0/16"
    trusted_proxies: str = ""
    traefik_chart: TraefikChartLine = 41
    # --- monitoring (README "Monitoring"): how Prometheus finds the metrics ---
    monitoring: MonitoringMode = "none"
    monitoring_namespace: DnsLabel = "monitoring"
    monitoring_labels: Annotated[str, AfterValidator(_object_labels)] = "release=kube-prometheus-stack"
    postgres_exporter_image: Image = "quay.io/prometheuscommunity/postgres-exporter"
    postgres_exporter_tag: Tag = "v0.20.1"
    # After MONITORING: its check needs to know whether the exporter runs.
    postgres_exporter_password: Annotated[SecretStr | None, Field(validate_default=True)] = None
    # Keys the digests that name the Secret revisions (model/secret_revisions.py); never in a Secret.
    # Required by load_settings (the manifests need it); `make dev` names no Secrets.
    secrets_digest_key: Annotated[SecretStr | None, Field(min_length=32)] = None

    @field_validator("domain")
    @classmethod
    def _domain(cls, value: str) -> str:
        if not _HOSTNAME.match(value):
            raise ValueError("must be a host name such as yoshikosan.example.com (no scheme, no port)")
        return value

    @field_validator("postgres_tag")
    @classmethod
    def _postgres_tag(cls, value: str) -> str:
        if not _POSTGRES_MAJOR.match(value):
            raise ValueError("must begin with the PostgreSQL major, such as 16-alpine")
        return value

    @field_validator("external_port")
    @classmethod
    def _external_port(cls, value: int) -> int:
        low, high = NODE_PORT_RANGE
        if not low <= value <= high:
            raise ValueError(
                f"must lie in the k3s service-node-port-range {low}-{high} that deploy/k3s/config.yaml sets"
            )
        return value

    @field_validator("secret_key")
    @classmethod
    def _secret_key(cls, value: SecretStr) -> SecretStr:
        secret = value.get_secret_value()
        if secret == EXAMPLE_SECRET_KEY:
            raise ValueError(f"is still the example value (generate one with `{GENERATE_WITH['SECRET_KEY']}`)")
        if len(secret) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"is {len(secret)} characters; at least {MIN_SECRET_KEY_LENGTH} are needed "
                f"(generate one with `{GENERATE_WITH['SECRET_KEY']}`)"
            )
        return value

    @field_validator("postgres_password")
    @classmethod
    def _password(cls, value: SecretStr) -> SecretStr:
        if len(value.get_secret_value()) < MIN_PASSWORD_LENGTH:
            raise ValueError(
                f"is shorter than {MIN_PASSWORD_LENGTH} characters "
                f"(generate one with `{GENERATE_WITH['POSTGRES_PASSWORD']}`)"
            )
        return value

    @field_validator("postgres_exporter_password")
    @classmethod
    def _exporter_password(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if info.data.get("monitoring", "none") == "none":
            return value
        generate = f"(generate one with `{GENERATE_WITH['POSTGRES_EXPORTER_PASSWORD']}`)"
        if value is None:
            raise ValueError(f"is required when MONITORING is on: the PostgreSQL exporter logs in with it {generate}")
        if len(value.get_secret_value()) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"is shorter than {MIN_PASSWORD_LENGTH} characters {generate}")
        return value

    @field_validator(*(key.lower() for key in SECRET_KEYS))
    @classmethod
    def _one_line(cls, value: SecretStr | None) -> SecretStr | None:
        # The Secret is built from KEY=value lines (kubectl --from-env-file).
        if value is not None and any(c in value.get_secret_value() for c in "\r\n\0"):
            raise ValueError("must be a single line")
        return value

    @model_validator(mode="before")
    @classmethod
    def _origins_from_domain(cls, values: Any) -> Any:
        # The browser reaches the app at the HTTPS proxy's public name, so that is the
        # origin the API must accept unless more are listed.
        if isinstance(values, dict) and not values.get("allowed_origins") and values.get("domain"):
            return {**values, "allowed_origins": f"https://{values['domain']}"}
        return values

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, value: str) -> str:
        origins = [o.strip() for o in value.split(",") if o.strip()]
        if not origins:
            raise ValueError("lists no origin")
        if "*" in value:
            raise ValueError("must not contain '*': list each origin, e.g. https://yoshikosan.example.com")
        bad = [o for o in origins if not re.match(r"^https?://[^/\s]+$", o)]
        if bad:
            raise ValueError(f"{', '.join(bad)}: each origin is scheme://host[:port] with no path")
        return ",".join(origins)

    @field_validator("cluster_cidr")
    @classmethod
    def _cidr(cls, value: str) -> str:
        try:
            valid = bool(_CIDR.match(value)) and bool(ipaddress.ip_network(value, strict=False))
        except ValueError:
            valid = False
        if not valid:
            raise ValueError("must be an IPv4 CIDR such as 10.42.0.0/16 (k3s's cluster-cidr)")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        entries = [e.strip() for e in value.split(",") if e.strip()]
        bad = [e for e in entries if e != HOST_PROXY and not _CIDR.match(e if "/" in e else f"{e}/32")]
        if bad:
            raise ValueError(
                f"{', '.join(bad)}: give IPv4 addresses or CIDRs, or '{HOST_PROXY}' for a proxy on the k3s host,"
                " comma-separated"
            )
        if any(e.endswith("/0") for e in entries):
            raise ValueError("must not trust every address (/0): name your HTTPS proxy")
        return ",".join(entries)

    @property
    def ingress_controller(self) -> IngressController:
        labels = dict(pair.split("=", 1) for pair in self.ingress_pod_labels.split(","))
        return IngressController(self.ingress_class, self.ingress_namespace, labels)

    @property
    def monitoring_label_map(self) -> dict[str, str]:
        """Labels for the PodMonitors and the PrometheusRule, so the operator's Prometheus selects them."""
        return dict(pair.split("=", 1) for pair in self.monitoring_labels.split(","))

    @property
    def postgres_major(self) -> int:
        """The PostgreSQL major POSTGRES_TAG runs."""
        major = _postgres_major(self.postgres_tag)
        assert major is not None, "the POSTGRES_TAG validator admits only tags that begin with a major"
        return major

    @property
    def trusted_proxy_list(self) -> list[str]:
        """The addresses Traefik believes X-Forwarded-* from, with HOST_PROXY resolved."""
        return [self.node_pod_gateway if e == HOST_PROXY else e for e in self.trusted_proxies.split(",") if e]

    @property
    def node_pod_gateway(self) -> str:
        """The address host-local traffic reaches pods from on a single-node k3s."""
        return str(ipaddress.ip_network(self.cluster_cidr, strict=False).network_address + 1)

    def resources(self, component: Literal["backend", "frontend", "postgres"]) -> Resources:
        return Resources(
            cpu_request=getattr(self, f"{component}_cpu_request"),
            cpu_limit=getattr(self, f"{component}_cpu_limit"),
            memory_request=getattr(self, f"{component}_memory_request"),
            memory_limit=getattr(self, f"{component}_memory_limit"),
        )

    def image_ref(self, component: ImageComponent) -> str:
        """The one place an image reference is formed: what dist/ runs and `make images` builds and pushes.

        REGISTRY prefixes our own images only; PostgreSQL and its exporter stay the public
        images (POSTGRES_IMAGE and POSTGRES_EXPORTER_IMAGE may name a mirror in full).
        """
        ref = f"{getattr(self, f'{component}_image')}:{getattr(self, f'{component}_tag')}"
        return f"{self.registry}/{ref}" if self.registry and component in ("backend", "frontend") else ref

    @property
    def secret_name(self) -> str:
        """The Secret `make secret` creates and every workload reads."""
        return f"{self.app_name}-secrets"

    def secret_values(self) -> dict[str, str]:
        """The Secret's data, for `make secret` only: these values never enter a manifest."""
        values = {}
        for key in SECRET_KEYS:
            secret = getattr(self, key.lower())
            if secret is not None:
                values[key] = secret.get_secret_value()
        return values


class SettingsError(Exception):
    """Every problem with the settings at once, one line each, by variable name."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))

    def report(self) -> str:
        lines = [f"  - {p}" for p in self.problems]
        return "\n".join(
            [
                f"invalid settings ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}); "
                "nothing was written:",
                *lines,
                "Fix them in .env (see .env.example) or the environment, then run `make synth` again.",
            ]
        )


VARIABLES = tuple(name.upper() for name in Settings.model_fields)


def _postgres_major(tag: str) -> int | None:
    match = _POSTGRES_MAJOR.match(tag)
    return int(match[1]) if match else None


def _major_problem(values: Mapping[str, str], *, major_upgrade: bool) -> str | None:
    """A POSTGRES_TAG whose major is not the data's: that server would refuse the volume."""
    tag = values.get("postgres_tag", Settings.model_fields["postgres_tag"].default)
    data = values.get("postgres_data_major", str(Settings.model_fields["postgres_data_major"].default))
    new = _postgres_major(tag)
    if new is None or not data.isdigit() or new == int(data):
        return None
    if new > int(data):
        if major_upgrade:
            return None
        return (
            f"POSTGRES_TAG {tag} is PostgreSQL {new} but the data is PostgreSQL {data} (POSTGRES_DATA_MAJOR): "
            f"move it with `make db-upgrade FILE=<dump file>`, or keep a {data}.x tag"
        )
    return (
        f"POSTGRES_TAG {tag} is PostgreSQL {new} but the data is PostgreSQL {data} (POSTGRES_DATA_MAJOR): "
        f"data never moves to an older major; use a {data}.x tag, or POSTGRES_DATA_MAJOR={new} to return to "
        f"that major's volume as it was before the upgrade"
    )


def load_settings(environ: Mapping[str, str], env_file: Path | None, *, major_upgrade: bool = False) -> Settings:
    """Merge `.env` and the environment (the environment wins, as with Docker Compose) and validate.

    Empty values count as unset, so `GOOGLE_CLIENT_ID=` in .env means "not configured".
    `major_upgrade` is for `make db-upgrade` only: it accepts a POSTGRES_TAG one or more
    majors above the data's, which is what it moves the data to.
    """
    raw: dict[str, str | None] = {}
    if env_file is not None and env_file.is_file():
        raw.update(dotenv_values(env_file))
    raw.update({k: v for k, v in environ.items() if k in VARIABLES})
    values = {k.lower(): v for k, v in raw.items() if k in VARIABLES and v not in (None, "")}
    major = _major_problem(values, major_upgrade=major_upgrade)
    problems = [major] if major else []
    try:
        settings = Settings.model_validate(values)
    except ValidationError as error:
        for e in error.errors():
            name = str(e["loc"][0]).upper() if e["loc"] else "settings"
            message = "is required" if e["type"] == "missing" else e["msg"].removeprefix("Value error, ")
            if e["type"] == "missing" and name in GENERATE_WITH:
                message += f" (generate one with `{GENERATE_WITH[name]}`)"
            problems.append(f"{name} {message}")
    if "secrets_digest_key" not in values:
        problems.append(
            "SECRETS_DIGEST_KEY is required: `make env-check` writes a generated one into .env "
            "(or set it in the environment beside the secrets)"
        )
    if problems:
        raise SettingsError(sorted(problems))
    return settings
