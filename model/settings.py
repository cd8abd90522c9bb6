"""The one settings object: read once in main.py from the environment and `.env`, then passed down.

main.py reads the settings; below it nothing reads the environment for a setting (scripts/ops.py
and scripts/devstack.py read only their own per-run options, at their entry points). Every
field maps to the upper-case variable of the same name; `.env.example` documents each of them.
"""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Mapping
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

from model import pg_major
from model.dbtools import ORDINAL_ZERO_MAJOR
from model.external_secrets import EXTERNAL, ExternalSecretsSettings, external_problems, relaxed
from model.k3s import K3S_TRAEFIK, NODE_PORT_RANGE, RETAIN_STORAGE_CLASS, IngressController, TraefikChartLine
from model.logging_settings import LOGGING_SECRET_KEYS, LoggingSettings
from model.monitoring import MonitoringMode
from model.offsite_settings import BACKUP_SECRET_KEYS
from model.secrets_source import DEFAULT_AGE_FILE, DEFAULT_RECIPIENTS, SecretsSource, age_secrets, source_of
from model.validators import (
    DIGEST_KEY_REQUIRED,
    GENERATE_WITH,
    HOST_PROXY,
    MIN_PASSWORD_LENGTH,
    Cidr,
    Cpu,
    Cron,
    DnsLabel,
    Hostname,
    Image,
    ImageComponent,
    Memory,
    ObjectLabels,
    Origins,
    Password,
    PodLabels,
    Port,
    Proxies,
    Registry,
    Replicas,
    Secret,
    SecretKey,
    SecretName,
    Tag,
    in_app_secret,
    problem_lines,
)
from model.validators import SettingsError as SettingsError  # callers import it from here

# Only the PostgreSQL exporter's pod reads these; the backend reads every other secret.
EXPORTER_SECRET_KEYS = ("POSTGRES_EXPORTER_PASSWORD",)


class Resources(BaseModel):
    model_config = ConfigDict(frozen=True)
    cpu_request: str
    cpu_limit: str
    memory_request: str
    memory_limit: str


class Settings(ExternalSecretsSettings, LoggingSettings):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    # --- what the app itself is configured with ---
    domain: Hostname
    external_port: Port = 6666
    node_env: Literal["production", "development"] = "production"
    postgres_user: DnsLabel = "yoshikosan"
    postgres_password: Password
    postgres_db: DnsLabel = "yoshikosan"
    secret_key: SecretKey
    # Default: the public origin, https://DOMAIN (see _origins_from_domain).
    allowed_origins: Origins = ""
    google_client_id: Secret | None = None
    google_client_secret: Secret | None = None
    discord_client_id: Secret | None = None
    discord_client_secret: Secret | None = None
    sambanova_api_key: Secret | None = None
    hume_ai_api_key: Secret | None = None
    # --- where the secret values come from (docs/secrets.md); load_settings reads them ---
    secrets_source: SecretsSource = "env"
    secrets_age_file: str = DEFAULT_AGE_FILE
    secrets_age_recipients: str = DEFAULT_RECIPIENTS

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
    postgres_tag: Annotated[Tag, AfterValidator(pg_major.postgres_tag)] = pg_major.DEFAULT_POSTGRES_TAG
    # The major that wrote the data volume in use; POSTGRES_TAG must match it (see load_settings).
    postgres_data_major: Annotated[int, Field(ge=ORDINAL_ZERO_MAJOR)] = ORDINAL_ZERO_MAJOR
    backend_replicas: Replicas = 1
    frontend_replicas: Replicas = 1
    storage_class: DnsLabel = RETAIN_STORAGE_CLASS
    postgres_storage_size: Memory = "5Gi"
    backup_storage_size: Memory = "5Gi"
    ingress_class: DnsLabel = K3S_TRAEFIK.ingress_class
    ingress_namespace: DnsLabel = K3S_TRAEFIK.namespace
    ingress_pod_labels: PodLabels = K3S_TRAEFIK.pod_labels_text
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
    backup_schedule: Cron = "30 3 * * *"
    backup_keep: Annotated[int, Field(ge=1, le=365)] = 7
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    db_pool_size: Annotated[int, Field(ge=1, le=100)] = 5
    cluster_cidr: Cidr = "10.42.0.0/16"
    trusted_proxies: Proxies = ""
    traefik_chart: TraefikChartLine = 41
    # --- monitoring (docs/monitoring.md): how Prometheus finds the metrics ---
    monitoring: MonitoringMode = "none"
    monitoring_namespace: DnsLabel = "monitoring"
    monitoring_labels: ObjectLabels = "release=kube-prometheus-stack"
    postgres_exporter_image: Image = "quay.io/prometheuscommunity/postgres-exporter"
    postgres_exporter_tag: Tag = "v0.20.1"
    # After MONITORING: its check needs to know whether the exporter runs.
    postgres_exporter_password: Annotated[Secret | None, Field(validate_default=True)] = None
    # Keys the digests that name the Secret revisions (model/secret_revisions.py); never in a Secret.
    # Required by load_settings (the manifests need it); `make dev` names no Secrets.
    secrets_digest_key: Annotated[SecretStr | None, Field(min_length=32)] = None

    @field_validator("external_port")
    @classmethod
    def _external_port(cls, value: int) -> int:
        low, high = NODE_PORT_RANGE
        if not low <= value <= high:
            raise ValueError(
                f"must lie in the k3s service-node-port-range {low}-{high} that deploy/k3s/config.yaml sets"
            )
        return value

    @field_validator("postgres_exporter_password")
    @classmethod
    def _exporter_password(cls, value: SecretStr | None, info: ValidationInfo) -> SecretStr | None:
        if info.data.get("monitoring", "none") == "none":
            return value
        generate = f"(generate one with `{GENERATE_WITH['POSTGRES_EXPORTER_PASSWORD']}`)"
        if value is None:
            # `make synth` and `make env-check` generate it (model/envfile.py) where they can write.
            raise ValueError(
                "is required when MONITORING is on: the PostgreSQL exporter logs in with it "
                "(`make env-check` generates one)"
            )
        if len(value.get_secret_value()) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"is shorter than {MIN_PASSWORD_LENGTH} characters {generate}")
        return value

    @model_validator(mode="before")
    @classmethod
    def _origins_from_domain(cls, values: Any) -> Any:
        # The browser reaches the app at the HTTPS proxy's public name, so that is the
        # origin the API must accept unless more are listed.
        if isinstance(values, dict) and not values.get("allowed_origins") and values.get("domain"):
            return {**values, "allowed_origins": f"https://{values['domain']}"}
        return values

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
        major = pg_major.postgres_major(self.postgres_tag)
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


VARIABLES = tuple(name.upper() for name in Settings.model_fields)
# The variables that go into the app's Secret, never into dist/: the fields of type Secret.
SECRET_KEYS = tuple(name.upper() for name, field in Settings.model_fields.items() if in_app_secret(field))
_OTHER_READERS = EXPORTER_SECRET_KEYS + BACKUP_SECRET_KEYS + LOGGING_SECRET_KEYS
APP_SECRET_KEYS = tuple(key for key in SECRET_KEYS if key not in _OTHER_READERS)


@functools.cache
def external_mode() -> type[Settings]:
    # Built on first use: a second model of every field costs ~30 ms that only this mode needs.
    return relaxed(Settings, SECRET_KEYS)


def load_settings(
    environ: Mapping[str, str],
    env_file: Path | None,
    *,
    major_upgrade: bool = False,
    app_dir: Path | None = None,
    age_values: Mapping[str, str] | None = None,
) -> Settings:
    """Merge `.env` and the environment (the environment wins, as with Docker Compose) and validate.

    Empty values count as unset, so `GOOGLE_CLIENT_ID=` in .env means "not configured".
    SECRETS_SOURCE=age: the secrets come from the encrypted file (beside `app_dir`), decrypted
    here so that every command sees the same values, or from `age_values` (an edit to check);
    external-secrets: from the store, so none is read or required here.
    `major_upgrade` (`make db-upgrade` only) accepts a POSTGRES_TAG majors above the data's.
    """
    file_values = dotenv_values(env_file) if env_file is not None and env_file.is_file() else {}
    raw = {**file_values, **{k: v for k, v in environ.items() if k in VARIABLES}}
    age, external = source_of(raw) == "age", source_of(raw) == EXTERNAL
    problems: list[str] = []
    if age:
        raw, problems = age_secrets(raw, file_values, environ, env_file, app_dir or Path.cwd(), age_values, SECRET_KEYS)
    if external:  # the store holds them: nothing here is read, and a copy is refused
        problems = external_problems(raw, file_values, environ, env_file.name if env_file else ".env", SECRET_KEYS)
        raw = {k: v for k, v in raw.items() if k not in SECRET_KEYS}
    # Without the file's content, "SECRET_KEY is required" and the like would only repeat its problem.
    unreadable = bool(problems) and not any(raw.get(key) for key in SECRET_KEYS)
    values = {k.lower(): v for k, v in raw.items() if k in VARIABLES and v not in (None, "")}
    defaults = {name: field.default for name, field in Settings.model_fields.items()}
    major = pg_major.values_major_problem(values, defaults, major_upgrade=major_upgrade)
    problems += [major] if major else []
    try:
        settings = (external_mode() if external else Settings).model_validate(values)
    except ValidationError as error:
        problems += problem_lines(error, SECRET_KEYS, age=age, unreadable=unreadable)
    if "secrets_digest_key" not in values:
        problems.append(DIGEST_KEY_REQUIRED)
    if problems:
        raise SettingsError(sorted(problems))
    return settings
