"""The checks behind the settings' types: each turns a bad value into one line naming the fix.

model/settings.py declares the fields with these types; the messages end up in
`make env-check`'s list of problems, after the variable's name.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Annotated, Literal, get_args, get_origin

from pydantic import AfterValidator, Field, SecretStr, ValidationError
from pydantic.fields import FieldInfo

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
_QUANTITY_CPU = re.compile(r"^([0-9]+m|[0-9]+(\.[0-9]+)?)$")
_QUANTITY_MEMORY = re.compile(r"^[0-9]+(Ki|Mi|Gi|Ti)$")
_CRON_FIELD = re.compile(r"^[0-9*/,\-]+$")
_LABEL_PAIR = re.compile(
    r"^([a-z0-9.-]+/)?[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?=[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$"
)
_CIDR = re.compile(r"^[0-9]{1,3}(\.[0-9]{1,3}){3}/[0-9]{1,2}$")
_ORIGIN = re.compile(r"^https?://[^/\s]+$")

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


def _hostname(value: str) -> str:
    if not _HOSTNAME.match(value):
        raise ValueError("must be a host name such as yoshikosan.example.com (no scheme, no port)")
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


def _pairs(value: str, example: str) -> str:
    pairs = [p.strip() for p in value.split(",") if p.strip()]
    if not pairs or not all(_LABEL_PAIR.match(p) for p in pairs):
        raise ValueError(f"must be comma-separated key=value {example}")
    return ",".join(pairs)


def _pod_labels(value: str) -> str:
    return _pairs(value, "pod labels, e.g. app.kubernetes.io/name=traefik")


def _object_labels(value: str) -> str:
    return _pairs(value, "labels, e.g. release=kube-prometheus-stack")


def _origins(value: str) -> str:
    origins = [o.strip() for o in value.split(",") if o.strip()]
    if not origins:
        raise ValueError("lists no origin")
    if "*" in value:
        raise ValueError("must not contain '*': list each origin, e.g. https://yoshikosan.example.com")
    bad = [o for o in origins if not _ORIGIN.match(o)]
    if bad:
        raise ValueError(f"{', '.join(bad)}: each origin is scheme://host[:port] with no path")
    return ",".join(origins)


def _is_cidr(value: str) -> bool:
    try:
        return bool(_CIDR.match(value)) and bool(ipaddress.ip_network(value, strict=False))
    except ValueError:
        return False


def _cidr(value: str) -> str:
    if not _is_cidr(value):
        raise ValueError("must be an IPv4 CIDR such as 10.42.0.0/16 (k3s's cluster-cidr)")
    return value


def _proxies(value: str) -> str:
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


def _repository(value: str) -> str:
    # model.restic imports the shell scripts, which need nothing from here.
    from model.restic import repository_problem

    if problem := repository_problem(value):
        raise ValueError(problem)
    return value


def _one_line(value: SecretStr) -> SecretStr:
    # The Secret is built from KEY=value lines (kubectl --from-env-file).
    if any(c in value.get_secret_value() for c in "\r\n\0"):
        raise ValueError("must be a single line")
    return value


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


def _secret_key(value: SecretStr) -> SecretStr:
    secret = value.get_secret_value()
    if secret == EXAMPLE_SECRET_KEY:
        raise ValueError(f"is still the example value (generate one with `{GENERATE_WITH['SECRET_KEY']}`)")
    if len(secret) < MIN_SECRET_KEY_LENGTH:
        raise ValueError(
            f"is {len(secret)} characters; at least {MIN_SECRET_KEY_LENGTH} are needed "
            f"(generate one with `{GENERATE_WITH['SECRET_KEY']}`)"
        )
    return value


def _password(value: SecretStr) -> SecretStr:
    if len(value.get_secret_value()) < MIN_PASSWORD_LENGTH:
        generate = GENERATE_WITH["POSTGRES_PASSWORD"]
        raise ValueError(f"is shorter than {MIN_PASSWORD_LENGTH} characters (generate one with `{generate}`)")
    return value


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


def problem_lines(error: ValidationError, secret_keys: tuple[str, ...], *, age: bool, unreadable: bool) -> list[str]:
    """pydantic's errors as `make env-check` lists them: the variable's name, what is wrong, the fix.

    With SECRETS_SOURCE=age a missing secret is added with `make secrets-edit`, and when the
    encrypted file could not be read (`unreadable`) its secrets' absence is no news at all.
    """
    problems = []
    for e in error.errors():
        name = str(e["loc"][0]).upper() if e["loc"] else "settings"
        missing = e["type"] == "missing"
        if missing and unreadable and name in secret_keys:
            continue
        message = "is required" if missing else e["msg"].removeprefix("Value error, ")
        if missing and age and name in secret_keys:
            message += " (add it to the encrypted file with `make secrets-edit`)"
        elif missing and name in GENERATE_WITH:
            message += f" (generate one with `{GENERATE_WITH[name]}`)"
        problems.append(f"{name} {message}")
    return problems


DnsLabel = Annotated[str, AfterValidator(_dns_label)]
Hostname = Annotated[str, AfterValidator(_hostname)]
Image = Annotated[str, AfterValidator(_image)]
Tag = Annotated[str, AfterValidator(_tag)]
Registry = Annotated[str, AfterValidator(_registry)]
SecretName = Annotated[str, AfterValidator(_dns_subdomain)]
Cpu = Annotated[str, AfterValidator(_cpu)]
Memory = Annotated[str, AfterValidator(_memory)]
Cron = Annotated[str, AfterValidator(_cron)]
PodLabels = Annotated[str, AfterValidator(_pod_labels)]
ObjectLabels = Annotated[str, AfterValidator(_object_labels)]
Origins = Annotated[str, AfterValidator(_origins)]
Cidr = Annotated[str, AfterValidator(_cidr)]
Proxies = Annotated[str, AfterValidator(_proxies)]
# A restic repository string (BACKUP_REPOSITORY); model/restic.py reads its host and port.
Repository = Annotated[str, AfterValidator(_repository)]


class _InAppSecret:
    """Marks a settings field whose value goes into the app's Secret (model.settings.SECRET_KEYS)."""


IN_APP_SECRET = _InAppSecret()


def in_app_secret(field: FieldInfo) -> bool:
    """Whether a settings field is of type Secret (an optional one keeps the marker in its union)."""
    members = [get_args(arg)[1:] for arg in get_args(field.annotation) if get_origin(arg) is Annotated]
    return IN_APP_SECRET in field.metadata or any(IN_APP_SECRET in member for member in members)


DIGEST_KEY_REQUIRED = (
    "SECRETS_DIGEST_KEY is required: `make env-check` writes a generated one into .env "
    "(or set it in the environment beside the secrets)"
)
# A value for the app's Secret: declaring a field with this type is what makes it one.
Secret = Annotated[SecretStr, AfterValidator(_one_line), IN_APP_SECRET]
SecretKey = Annotated[Secret, AfterValidator(_secret_key)]
Password = Annotated[Secret, AfterValidator(_password)]
Port = Annotated[int, Field(ge=1, le=65535)]
Replicas = Annotated[int, Field(ge=0, le=50)]
# The images a pod runs: ours (built by `make images`), PostgreSQL's official one, its exporter
# and restic's (off-site copies).
ImageComponent = Literal["backend", "frontend", "postgres", "postgres_exporter", "restic"]
