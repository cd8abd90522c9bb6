"""`make secret` (and `make deploy`'s first writes): the app's Secret from the settings, the
Secret revision each reader's pod template names, and the namespaces they go in.

The values travel through pipes only: never an argument, never printed, never in an annotation.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from model.external_secrets import EXTERNAL
from model.logging import FLUENT_BIT, LOGGING_PSS
from model.secret_revisions import SECRET_READERS, secret_revision
from model.settings import Settings
from scripts import external_secrets as external
from scripts.kube import Object, OpsError
from scripts.preflight import preflight as preflight_actions
from scripts.revisions import history_limit, references, secret_document
from scripts.steps import Action, Step, Task, say

if TYPE_CHECKING:
    from scripts.ops import Ops

FIELD_MANAGER = "yoshikosan-ops"
# The kinds whose pods may read a Secret revision.
READER_KINDS = ("Deployment", "StatefulSet", "CronJob")
# The shipper's DaemonSet keeps the chart's default revisionHistoryLimit (10).
SHIPPER_KEEP = 10


def namespace(ops: Ops) -> Step:
    """dist/'s file that creates the namespace: the Secret needs it, and a fresh cluster has none."""
    return Step([ops.kubectl, "apply", "-f", str(ops.dist.namespace_file(ops.s.namespace))])


def logging_namespace(ops: Ops) -> list[Step]:
    """LOGGING_NAMESPACE, before the shipper's Secret revision goes there (only the Namespace:
    its file's HelmCharts wait for `make deploy`)."""
    if ops.s.logging != "elasticsearch" or ops.s.elasticsearch_username is None:
        return []
    file = str(ops.dist.namespace_file(ops.s.logging_namespace))
    # Its file's only object with the Pod Security label (charts/logging.py): the Namespace.
    return [Step([ops.kubectl, "apply", "-f", file, "-l", f"{LOGGING_PSS}=privileged"])]


def secret_render_argv(ops: Ops) -> list[str]:
    """The Secret as YAML from the env file on stdin: what deploy applies and diff compares."""
    return ops.k(
        "create", "secret", "generic", ops.s.secret_name, "--from-env-file=/dev/stdin", "--dry-run=client",
        "-o", "yaml",
    )  # fmt: skip


def secret(ops: Ops, *, preflight: bool = True) -> list[Action]:
    """Create or update the Secret from the validated settings; the values go through pipes only."""
    if ops.s.secrets_source == EXTERNAL:  # dist/'s ExternalSecrets fill them: no value passes here
        note = external.secret_note(ops.s)
        return [*(preflight_actions(ops) if preflight else []), Task(note, lambda: say(note))]
    secret_values(ops.s)  # a source that cannot give them stops the command before anything is applied
    store = Step(
        secret_render_argv(ops),
        stdin_text=lambda: secret_env_file(ops.s),
        pipe_to=[ops.kubectl, "apply", "-f", "-"],
    )
    revisions = secret_revisions(ops)
    # Server-side: a client-side apply would copy the values into an annotation of the Secret.
    store_revisions = Step(
        [ops.kubectl, "apply", "--server-side", f"--field-manager={FIELD_MANAGER}", "-f", "-"],
        stdin_text=lambda: json.dumps({"apiVersion": "v1", "kind": "List", "items": revisions}),
    )
    return [
        *(preflight_actions(ops) if preflight else []),
        namespace(ops),
        *logging_namespace(ops),
        store,
        *([store_revisions] if revisions else []),
    ]


def shipper_secret_revision(ops: Ops) -> list[Object]:
    """LOGGING=elasticsearch's credentials, in LOGGING_NAMESPACE beside the shipper: its pods come
    from a HelmChart's values (charts/logging.py), not from a workload in dist/."""
    revision = secret_revision(ops.s, FLUENT_BIT.release)
    if ops.s.logging != "elasticsearch" or not revision.values:
        return []
    return [secret_document(revision, ops.s.logging_namespace, ops.app_labels, SHIPPER_KEEP)]


def secret_revisions(ops: Ops) -> list[Object]:
    """The Secret revision of each reader in dist/, as its pod template names it; OpsError when
    dist/ names another one (synthesized from other secret values or another SECRETS_DIGEST_KEY)."""
    namespace = ops.s.namespace
    workloads = {d["metadata"]["name"]: d for d in ops.dist.namespaced(namespace) if d["kind"] in READER_KINDS}
    documents, stale = [], []
    for reader in SECRET_READERS:
        workload = workloads.get(reader)
        if workload is None:
            continue
        revision = secret_revision(ops.s, reader)
        named = {
            r.name
            for r in references(workload["spec"])
            if r.kind == "Secret" and r.name.startswith(f"{reader}-secrets-")
        }
        if not named:
            continue  # it reads no Secret revision (the drill without BACKUP_REPOSITORY)
        if named != {revision.name}:
            stale.append(f"{workload['kind'].lower()}/{reader} reads {', '.join(sorted(named)) or 'none'}")
            continue
        documents.append(secret_document(revision, namespace, ops.app_labels, history_limit(workload)))
    documents += shipper_secret_revision(ops)
    if stale:
        raise OpsError(
            f"{ops.dist.path} was synthesized from other secret values than the settings' "
            f"({'; '.join(stale)}): run `make synth` (make deploy does)"
        )
    return documents


def secret_values(settings: Settings) -> dict[str, str]:
    """The Secret's values, {KEY: value}, from SECRETS_SOURCE: load_settings has merged env's and
    age's (decrypted in memory) into the settings; external-secrets has none: they stay in the store."""
    if settings.secrets_source == EXTERNAL:
        raise OpsError(f"SECRETS_SOURCE=external-secrets: the values are in {external.store_where(settings)}, not here")
    return settings.secret_values()


def secret_env_file(settings: Settings) -> str:
    """The Secret's values as kubectl's --from-env-file reads them: KEY=value lines, the value
    verbatim up to its newline (settings refuse newlines), so any other character survives."""
    return "".join(f"{key}={value}\n" for key, value in secret_values(settings).items())
