"""Off-site copies with restic: the repository string, where it is on the network, the
credentials each backend reads, and the scripts the backup Job, the restore drill, `make
db-backups` and `make db-restore FROM=offsite` run (model/sh/offsite*.sh).

Kept apart from the charts (no jsii): the settings check the repository string with
`repository_problem`, charts/network.py turns `endpoint` into the NetworkPolicy's egress,
and tests/test_offsite.py runs these very scripts with Debian's restic against a real
repository server.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from model.dbtools import COUNTS_SUFFIX, DUMP_SUFFIX
from model.shell import script

# The official image, pinned (RESTIC_IMAGE / RESTIC_TAG). 0.18 reads and writes the
# repository format (v2) that Debian's 0.14 of the tests also reads and writes.
DEFAULT_RESTIC_IMAGE = "restic/restic"
DEFAULT_RESTIC_TAG = "0.18.0"

# The backends this app documents and passes credentials for; restic knows more (rclone:,
# swift:), which need configuration files these pods do not have.
SCHEMES = ("s3", "sftp", "rest", "b2", "azure", "gs")
DEFAULT_PORTS = {"s3": 443, "rest": 443, "b2": 443, "azure": 443, "gs": 443, "sftp": 22}
# What each backend logs in with; all are Secret fields of the settings (RESTIC_PASSWORD
# for every one). Names are restic's own environment variables.
CREDENTIALS: dict[str, tuple[str, ...]] = {
    "s3": ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"),
    "rest": ("RESTIC_REST_USERNAME", "RESTIC_REST_PASSWORD"),
    "b2": ("B2_ACCOUNT_ID", "B2_ACCOUNT_KEY"),
    "azure": ("AZURE_ACCOUNT_NAME", "AZURE_ACCOUNT_KEY"),
    # gs: and sftp: log in with files (a service account key, an SSH key), which these pods
    # do not mount: see docs/backups.md.
    "gs": (),
    "sftp": (),
    "": (),
}
CREDENTIAL_KEYS = tuple(sorted({key for keys in CREDENTIALS.values() for key in keys}))

# The newest dump and its row counts, hard-linked under fixed names: each snapshot holds
# the same two paths, so restic finds the previous one as parent and a restore needs no name.
STAGE = ".offsite"
STAGED_DUMP = f"latest{DUMP_SUFFIX}"
STAGED_COUNTS = f"latest{COUNTS_SUFFIX}"
CACHE_DIR = "/restic-cache"

_HOST_PORT = re.compile(r"^\[?(?P<host>[^\]@/:]+|[0-9a-fA-F:]+)\]?(:(?P<port>[0-9]{1,5}))?$")


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int

    @property
    def ip(self) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
        try:
            return ipaddress.ip_address(self.host)
        except ValueError:
            return None


def scheme(repository: str) -> str:
    """The backend: s3, sftp, … or "" for a path on the node."""
    head = repository.split(":", 1)[0]
    return head if ":" in repository and head in SCHEMES else ""


def endpoint(repository: str) -> Endpoint | None:
    """Where the repository is on the network (None: a path, nothing to reach).

    s3:host[:port]/bucket and s3:https://host/bucket name the endpoint; s3 without one is
    AWS (s3.amazonaws.com). rest: is a URL; sftp: is user@host:/path or sftp://user@host:port/path.
    b2:, azure: and gs: are the providers' HTTPS APIs.
    """
    kind = scheme(repository)
    rest = repository[len(kind) + 1 :] if kind else ""
    if kind == "sftp" and rest.startswith("//"):
        rest = f"sftp:{rest}"
    if kind in ("s3", "rest", "sftp") and "://" in rest:
        url = urlsplit(rest)
        default = 80 if url.scheme == "http" else DEFAULT_PORTS[kind]
        return Endpoint(url.hostname or "", url.port or default)
    if kind == "s3":
        host = rest.split("/", 1)[0]
        if "." not in host and ":" not in host:  # s3:bucket/path: AWS's default endpoint
            return Endpoint("s3.amazonaws.com", 443)
        return _host_port(host, 443)
    if kind == "sftp":
        host = rest.split("@", 1)[-1].split(":/", 1)[0].split(":", 1)[0]
        return Endpoint(host, 22)
    hosts = {"b2": "api.backblazeb2.com", "azure": "blob.core.windows.net", "gs": "storage.googleapis.com"}
    return Endpoint(hosts[kind], 443) if kind in hosts else None


def _host_port(text: str, default: int) -> Endpoint:
    match = _HOST_PORT.match(text)
    if not match:
        raise ValueError(f"cannot read host[:port] from {text!r}")
    return Endpoint(match["host"], int(match["port"] or default))


def repository_problem(repository: str) -> str | None:
    """Why BACKUP_REPOSITORY cannot be used, or None."""
    if any(c.isspace() for c in repository):
        return "must not contain white space"
    kind = scheme(repository)
    if not kind and not repository.startswith("/"):
        return f"must be a restic repository: {', '.join(f'{s}:…' for s in SCHEMES)} or an absolute path"
    if "://" in repository and "@" in repository.split("://", 1)[1].split("/", 1)[0] and kind != "sftp":
        # The string is in dist/ and in every log line: credentials go into the Secret.
        return f"must not carry credentials: put them in {' and '.join(CREDENTIALS[kind]) or 'the Secret'}"
    try:
        found = endpoint(repository)
    except ValueError as error:
        return str(error)
    if found is not None and (not found.host or not 0 < found.port < 65536):
        return "names no host (or a bad port)"
    return None


# The restic container of the backup Job: the newest dump off-site, then retention.
OFFSITE_SCRIPT = script(
    "offsite-lib.sh", "offsite.sh", DUMP_SUFFIX=DUMP_SUFFIX, COUNTS_SUFFIX=COUNTS_SUFFIX, STAGE=STAGE
)
# Writes a snapshot's dump and counts to $1 (a directory) or, with $1 = "-", the dump to stdout.
FETCH_SCRIPT = script(
    "offsite-lib.sh", "offsite-fetch.sh", DUMP_SUFFIX=DUMP_SUFFIX, COUNTS_SUFFIX=COUNTS_SUFFIX, STAGE=STAGE
)
# `make db-backups`: the snapshots (restic's own table: time, host, size, paths).
LIST_SCRIPT = script("offsite-lib.sh", "offsite-list.sh")
