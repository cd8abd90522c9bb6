"""A kubectl for the ops tests: answers from a JSON cluster state, changes it as the API server would, logs argv.

It covers the verbs scripts/ops.py uses, with the API server's own behaviour where ops depends
on it: namespaced objects need their namespace, a NodePort must lie in the range and be free,
`-l` takes kubectl's selector terms (`k=v`, `k!=v`, `k`, `!k`, comma-joined), apply with `-l`
applies only the matching documents and records each one's last-applied configuration (not a
server-side apply), --prune deletes matching objects of the allowlisted kinds that an earlier
apply created and this one does not, an immutable ConfigMap or Secret refuses new data, every
object gets a creationTimestamp, `diff` compares as kubectl diff does (tests/fake_diff.py), and
the deployment controller's part: a changed pod template is a new revision in a ReplicaSet of
its own (an earlier one is reused), at most revisionHistoryLimit old ReplicaSets are kept,
`rollout undo` returns to one of them, and deleting an owner deletes what it owns.

PostgreSQL, for the rotations: state["postgres"]["verifiers"] holds each role's SCRAM verifier.
`exec … -- sh -c SCRIPT NAME ARGS` runs the model/sh script NAME as the server would answer it
(set-password, login-check), and a Deployment whose new pod template has an init container that
ALTERs a role (the exporter's, model/sh/exporter-role.sh) sets that role's password from its
Secret, as that container does when the pod starts.

FAKE_KUBECTL_STATE: the state file (read and rewritten); FAKE_KUBECTL_LOG: one JSON line per
call ({"argv", "stdin"}); FAKE_REAL_KUBECTL: a real kubectl that renders `create secret`.
The state's `pod_logs` is what `logs` prints. The External Secrets Operator's kinds exist only
while the state holds their CustomResourceDefinition (`<plural>.external-secrets.io`).
"""

from __future__ import annotations

import itertools
import json
import os
import sys
from pathlib import Path
from typing import Any

Object = dict[str, Any]
REVISION = "deployment.kubernetes.io/revision"
DEFAULT_REVISION_HISTORY = 10  # the API's default revisionHistoryLimit
LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"
BUILTIN_NAMESPACES = {"default", "kube-system"}
# Found with no namespace, whatever --namespace says, as the API server does for cluster-scoped kinds.
CLUSTER_SCOPED = {"Namespace", "StorageClass", "CustomResourceDefinition", "ClusterSecretStore"}
# The External Secrets Operator's kinds: the server knows them only while their CRD is installed.
CRD_KINDS = {
    "ExternalSecret": "externalsecrets",
    "ClusterSecretStore": "clustersecretstores",
    "SecretStore": "secretstores",
}


class Fail(Exception):
    pass


def main(argv: list[str]) -> int:
    reads_stdin = (
        ("-f", "-") in itertools.pairwise(argv) or "--from-env-file=/dev/stdin" in argv or {"exec", "-i"} <= {*argv}
    )
    stdin = sys.stdin.read() if reads_stdin else ""
    with open(os.environ["FAKE_KUBECTL_LOG"], "a") as log:
        log.write(json.dumps({"argv": argv, "stdin": stdin}) + "\n")
    real = os.environ.get("FAKE_REAL_KUBECTL")
    if real and "secret" in argv and "--dry-run=client" in argv:  # rendering needs no cluster: the real one
        import subprocess

        rendered = subprocess.run([real, *argv], input=stdin, capture_output=True, text=True, check=False)
        sys.stdout.write(rendered.stdout)
        sys.stderr.write(rendered.stderr)
        return rendered.returncode
    path = Path(os.environ["FAKE_KUBECTL_STATE"])
    cluster = Cluster(json.loads(path.read_text()))
    try:
        out = cluster.run(argv, stdin)
    except Fail as error:
        print(error, file=sys.stderr)
        return 2 if cluster.verb == "diff" else 1  # diff keeps 1 for "changes found"
    # Atomically: the tests' app model reads the state while a command runs.
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps(cluster.state))
    temporary.replace(path)
    if out:
        print(out)
    return cluster.exit_code


class Cluster:
    def __init__(self, state: dict[str, Any]) -> None:
        self.state = state
        state.setdefault("objects", [])
        state.setdefault("clock", 0)
        state.setdefault("node_port_range", [30000, 32767])
        state.setdefault("missing_types", [])
        self.verb = ""
        self.exit_code = 0

    # -- argv --------------------------------------------------------------
    def run(self, argv: list[str], stdin: str) -> str:
        flags: dict[str, list[str]] = {}
        words: list[str] = []
        takes_value = {"--namespace", "-n", "-o", "-l", "-f", "--field-selector", "--sort-by"}
        i = 0
        while i < len(argv):
            arg = argv[i]
            if arg in takes_value:
                flags.setdefault("--namespace" if arg == "-n" else arg, []).append(argv[i + 1])
                i += 2
                continue
            if arg.startswith("-"):
                key, _, value = arg.partition("=")
                flags.setdefault(key, []).append(value)
            else:
                words.append(arg)
            i += 1
        self.namespace = (flags.get("--namespace") or ["default"])[0]
        self.flags = flags
        verb, args = words[0], words[1:]
        self.verb = verb
        handler = getattr(self, f"do_{verb}", None)
        return handler(args, stdin) if handler else ""

    # -- objects -----------------------------------------------------------
    @property
    def objects(self) -> list[Object]:
        objects: list[Object] = self.state["objects"]
        return objects

    def find(self, kind: str, namespace: str | None, name: str) -> Object | None:
        for obj in self.objects:
            meta = obj["metadata"]
            if obj["kind"] == kind and meta.get("namespace") == namespace and meta["name"] == name:
                return obj
        return None

    def kind_of(self, resource: str) -> str:
        base = resource.split(".")[0].lower()
        if resource.lower() in self.state["missing_types"] or base in self.state["missing_types"]:
            raise Fail(f'error: the server doesn\'t have a resource type "{base}"')
        kinds = {
            "pvc": "PersistentVolumeClaim",
            "services": "Service",
            "svc": "Service",
            "crd": "CustomResourceDefinition",
        }
        if base in kinds:
            return kinds[base]
        for kind, plural in CRD_KINDS.items():
            if base in (kind.lower(), plural):
                if self.find("CustomResourceDefinition", None, f"{plural}.external-secrets.io") is None:
                    raise Fail(f'error: the server doesn\'t have a resource type "{base}"')
                return kind
        known = {obj["kind"] for obj in self.objects} | {
            "Deployment", "StatefulSet", "ConfigMap", "Service", "Secret", "HelmChart", "HelmChartConfig",
            "CronJob", "Ingress", "NetworkPolicy", "PodDisruptionBudget", "ServiceAccount", "Middleware",
            "Namespace", "StorageClass", "Job", "PersistentVolumeClaim", "ReplicaSet", "ControllerRevision",
            "DaemonSet", "Pod", "CustomResourceDefinition",
        }  # fmt: skip
        for kind in known:
            if base in (kind.lower(), kind.lower() + "s"):
                return kind
        raise Fail(f'error: the server doesn\'t have a resource type "{base}"')

    def namespace_exists(self, namespace: str) -> bool:
        return namespace in BUILTIN_NAMESPACES or self.find("Namespace", None, namespace) is not None

    def upsert(self, doc: Object, source: str, *, applied: bool = False) -> str:
        doc = json.loads(json.dumps(doc))
        meta = doc["metadata"]
        if applied:  # client-side apply keeps what it applied, for its next three-way merge and --prune
            meta.setdefault("annotations", {})[LAST_APPLIED] = (
                json.dumps(doc, separators=(",", ":"), sort_keys=True) + "\n"
            )
        namespaced = doc["kind"] not in CLUSTER_SCOPED
        if namespaced:
            meta.setdefault("namespace", self.namespace)
            if not self.namespace_exists(meta["namespace"]):
                raise Fail(
                    f'Error from server (NotFound): error when creating "{source}": '
                    f'namespaces "{meta["namespace"]}" not found'
                )
        existing = self.find(doc["kind"], meta.get("namespace"), meta["name"])
        if existing is not None:
            self.refuse_immutable_change(existing, doc)
            meta["creationTimestamp"] = existing["metadata"]["creationTimestamp"]
            self.objects.remove(existing)
        else:
            meta["creationTimestamp"] = self.tick()
        self.objects.append(doc)
        if doc["kind"] == "Deployment":
            self.revise(doc, existing)
            if existing is None or existing["spec"]["template"] != doc["spec"]["template"]:
                self.run_init_containers(doc)
        return f"{doc['kind'].lower()}/{meta['name']} {'configured' if existing else 'created'}"

    def tick(self) -> str:
        """A creationTimestamp later than every earlier one."""
        import datetime

        self.state["clock"] += 1
        at = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC) + datetime.timedelta(seconds=self.state["clock"])
        return at.strftime("%Y-%m-%dT%H:%M:%SZ")

    @staticmethod
    def refuse_immutable_change(existing: Object, doc: Object) -> None:
        if existing["kind"] not in ("ConfigMap", "Secret") or not existing.get("immutable"):
            return
        changed = [f for f in ("data", "binaryData", "immutable") if existing.get(f) != doc.get(f)]
        if changed:
            raise Fail(
                f'The {existing["kind"]} "{existing["metadata"]["name"]}" is invalid: {changed[0]}: '
                "Forbidden: field is immutable when `immutable` is set"
            )

    def owned_by(self, owner: Object, kind: str) -> list[Object]:
        meta = owner["metadata"]
        return [
            o
            for o in self.objects
            if o["kind"] == kind
            and o["metadata"].get("namespace") == meta.get("namespace")
            and any(
                r["kind"] == owner["kind"] and r["name"] == meta["name"]
                for r in o["metadata"].get("ownerReferences", [])
            )
        ]

    def revise(self, doc: Object, existing: Object | None) -> None:
        """The deployment controller's part: a new pod template is a new revision, in a ReplicaSet."""
        annotations = doc["metadata"].setdefault("annotations", {})
        if existing is not None and existing["spec"]["template"] == doc["spec"]["template"]:
            annotations[REVISION] = existing["metadata"]["annotations"][REVISION]
            return
        owned = self.owned_by(doc, "ReplicaSet")
        revision = str(max((int(rs["metadata"]["annotations"][REVISION]) for rs in owned), default=0) + 1)
        same = next((rs for rs in owned if rs["spec"]["template"] == doc["spec"]["template"]), None)
        if same is None:
            import hashlib

            digest = hashlib.sha256(json.dumps(doc["spec"]["template"], sort_keys=True).encode()).hexdigest()[:10]
            meta = doc["metadata"]
            same = {
                "apiVersion": "apps/v1",
                "kind": "ReplicaSet",
                "metadata": {
                    "name": f"{meta['name']}-{digest}",
                    "namespace": meta["namespace"],
                    "labels": dict(doc["spec"]["template"]["metadata"].get("labels") or {}),
                    "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": meta["name"]}],
                    "creationTimestamp": self.tick(),
                    "annotations": {},
                },
                "spec": {"template": json.loads(json.dumps(doc["spec"]["template"]))},
            }
            self.objects.append(same)
        same["metadata"]["annotations"][REVISION] = revision
        annotations[REVISION] = revision
        self.trim_history(doc)

    def trim_history(self, deployment: Object) -> None:
        limit = deployment["spec"].get("revisionHistoryLimit", DEFAULT_REVISION_HISTORY)
        current = deployment["metadata"]["annotations"][REVISION]
        old = [
            rs for rs in self.owned_by(deployment, "ReplicaSet") if rs["metadata"]["annotations"][REVISION] != current
        ]
        old.sort(key=lambda rs: int(rs["metadata"]["annotations"][REVISION]), reverse=True)
        for rs in old[limit:]:
            self.objects.remove(rs)

    # -- PostgreSQL ----------------------------------------------------------
    def secret_value(self, namespace: str, ref: Object) -> str | None:
        import base64

        secret = self.find("Secret", namespace, ref["name"])
        value = (secret or {}).get("data", {}).get(ref["key"])
        return base64.b64decode(value).decode() if value else None

    def run_init_containers(self, deployment: Object) -> None:
        """An init container that ALTERs a role sets its password from its env, when the pod starts."""
        import re

        namespace = deployment["metadata"]["namespace"]
        for container in deployment["spec"]["template"]["spec"].get("initContainers", []):
            found = re.search(r"ALTER ROLE (\w+)", " ".join(container.get("command", []) + container.get("args", [])))
            env = {e["name"]: e.get("valueFrom", {}).get("secretKeyRef") for e in container.get("env", [])}
            ref = env.get("POSTGRES_EXPORTER_PASSWORD")
            if found and ref and (value := self.secret_value(namespace, ref)) is not None:
                self.postgres["verifiers"][found.group(1)] = scram().verifier(value)

    @property
    def postgres(self) -> dict[str, Any]:
        postgres: dict[str, Any] = self.state.setdefault("postgres", {"verifiers": {}})
        return postgres

    def do_exec(self, args: list[str], stdin: str) -> str:
        """`exec POD -c postgres -- sh -c SCRIPT NAME ARGS`: the script NAME, as the server answers it;
        any other exec (db-reset's psql, db-migrate …) succeeds and answers nothing."""
        name, script_args = (args[4], args[5:]) if len(args) > 4 else ("", [])
        if name not in ("set-password", "login-check"):
            return ""
        pod = self.find("Pod", self.namespace, args[0])
        if pod is None:
            raise Fail(f'Error from server (NotFound): pods "{args[0]}" not found')
        if name in self.state.get("failing_execs", []):
            raise Fail(f"{name}: failed (as the test asked)")
        verifiers = self.postgres["verifiers"]
        if name == "set-password":
            [role] = script_args
            verifiers[role] = stdin.splitlines()[0]
            return f"role {role}: password changed on the server (open sessions keep working)"
        if name == "login-check":
            host, role = script_args
            refused, accepted = stdin.splitlines()[:2]
            if host != pod["status"]["podIP"] or role not in verifiers:
                raise Fail(f"role {role}: the login over TCP ({host}) failed, but not on the password")
            if scram().matches(verifiers[role], refused):
                raise Fail(f"role {role}: the password that must be refused logs in over TCP ({host})")
            if not scram().matches(verifiers[role], accepted):
                raise Fail(f"role {role}: the password that must log in is refused over TCP ({host})")
            return f"role {role} over TCP ({host}): the first password refused, the second accepted"
        raise Fail(f"fake kubectl: no model of the script {name!r}")

    # -- verbs -------------------------------------------------------------
    def do_version(self, args: list[str], stdin: str) -> str:
        return "{}"

    def do_get(self, args: list[str], stdin: str) -> str:
        if "--all-namespaces" in self.flags:
            kind = self.kind_of(args[0])
            return json.dumps({"kind": "List", "items": [o for o in self.objects if o["kind"] == kind]})
        if len(args) == 1 and "/" not in args[0]:  # every object of the kinds, in the namespace
            kinds = {self.kind_of(resource) for resource in args[0].split(",")}
            items = [
                o
                for o in self.objects
                if o["kind"] in kinds and o["metadata"].get("namespace") == self.namespace and self.selected(o)
            ]
            return json.dumps({"kind": "List", "items": items})
        found = []
        for ref in args:
            resource, _, name = ref.partition("/")
            namespace = None if self.kind_of(resource) in CLUSTER_SCOPED else self.namespace
            obj = self.find(self.kind_of(resource), namespace, name)
            if obj is None and "--ignore-not-found" not in self.flags:
                raise Fail(f'Error from server (NotFound): {resource} "{name}" not found')
            if obj is not None:
                found.append(obj)
        if len(args) == 1:
            return json.dumps(found[0]) if found else ""
        return json.dumps({"kind": "List", "items": found})

    def do_create(self, args: list[str], stdin: str) -> str:
        if args[:2] == ["secret", "generic"]:
            import base64

            pairs = [line.split("=", 1) for line in stdin.splitlines() if line]
            data = {k: base64.b64encode(v.encode()).decode() for k, v in pairs}
            meta = {"name": args[2], "namespace": self.namespace}
            secret = {"apiVersion": "v1", "kind": "Secret", "metadata": meta, "data": data}
            return json.dumps(secret)
        doc: Object = json.loads(stdin)
        if doc["kind"] == "Service":
            self.admit_node_ports(doc)
        return self.upsert(doc, "STDIN")

    def admit_node_ports(self, service: Object) -> None:
        low, high = self.state["node_port_range"]
        name = service["metadata"]["name"]
        for i, port in enumerate(service["spec"].get("ports", [])):
            node_port = port.get("nodePort")
            if node_port is None:
                continue
            if not low <= node_port <= high:
                raise Fail(
                    f'The Service "{name}" is invalid: spec.ports[{i}].nodePort: Invalid value: {node_port}: '
                    f"provided port is not in the valid range. The range of valid ports is {low}-{high}"
                )
            for other in self.objects:
                if other["kind"] == "Service" and any(
                    p.get("nodePort") == node_port for p in other["spec"].get("ports", [])
                ):
                    raise Fail(
                        f'The Service "{name}" is invalid: spec.ports[{i}].nodePort: Invalid value: {node_port}: '
                        "provided port is already allocated"
                    )

    def do_delete(self, args: list[str], stdin: str) -> str:
        out = []
        if all("/" in arg for arg in args):
            for arg in args:
                resource, _, name = arg.partition("/")
                obj = self.find(self.kind_of(resource), self.namespace, name)
                if obj is None:
                    if "--ignore-not-found" in self.flags:
                        continue
                    raise Fail(f'Error from server (NotFound): {resource} "{name}" not found')
                self.remove(obj)
                out.append(f"{arg} deleted")
            return "\n".join(out)
        kinds = {self.kind_of(resource) for resource in args[0].split(",")}
        for obj in list(self.objects):
            if obj["kind"] in kinds and obj["metadata"].get("namespace") == self.namespace and self.selected(obj):
                self.remove(obj)
                out.append(f"{obj['kind'].lower()}/{obj['metadata']['name']} deleted")
        return "\n".join(out)

    def remove(self, obj: Object) -> None:
        """Delete, with what the object owns (the garbage collector's cascade)."""
        if obj in self.objects:
            self.objects.remove(obj)
        for kind in ("ReplicaSet", "Job", "Pod"):
            for owned in self.owned_by(obj, kind):
                self.remove(owned)

    def selected(self, obj: Object) -> bool:
        labels = obj["metadata"].get("labels") or {}
        for selector in self.flags.get("-l", []):
            for term in selector.split(","):
                if term.startswith("!"):
                    matches = term[1:] not in labels
                elif "!=" in term:
                    key, _, value = term.partition("!=")
                    matches = labels.get(key) != value
                elif "=" in term:
                    key, _, value = term.partition("=")
                    matches = labels.get(key.rstrip("=")) == value.lstrip("=")
                else:
                    matches = term in labels
                if not matches:
                    return False
        return True

    def do_logs(self, args: list[str], stdin: str) -> str:
        """`logs -l … --all-containers --prefix --timestamps`: the state's `pod_logs` entries
        ({"namespace", "pod", "labels", "containers": {name: ["<RFC 3339 stamp> <text>", …]}})
        of the namespace whose labels match, each line prefixed as kubectl does."""
        out = []
        for pod in self.state.get("pod_logs", []):
            if pod["namespace"] != self.namespace or not self.selected({"metadata": {"labels": pod["labels"]}}):
                continue
            for container, lines in pod["containers"].items():
                for line in lines:
                    stamp, _, text = line.partition(" ")
                    shown = f"{stamp} {text}" if "--timestamps" in self.flags else text
                    out.append(f"[pod/{pod['pod']}/{container}] {shown}" if "--prefix" in self.flags else shown)
        return "\n".join(out)

    def documents(self, stdin: str) -> list[Object]:
        """The documents of -f (a directory, a file or stdin; a List's items) that -l selects."""
        import yaml  # here only: most calls need no YAML, and the import is most of a call's time

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        docs = []
        for source in self.flags["-f"]:
            if source == "-":
                docs += [d for d in yaml.load_all(stdin, Loader=loader) if d]
                continue
            path = Path(source)
            files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
            docs += [d for f in files for d in yaml.load_all(f.read_text(), Loader=loader) if d]
        return [item for d in docs for item in (d["items"] if d["kind"] == "List" else [d]) if self.selected(item)]

    def do_apply(self, args: list[str], stdin: str) -> str:
        docs = self.documents(stdin)
        if not docs:
            raise Fail("error: no objects passed to apply")
        # A server-side apply records its fields in managedFields, not in the annotation.
        applied = "--server-side" not in self.flags
        out = [self.upsert(doc, self.flags["-f"][0], applied=applied) for doc in docs]
        if "--prune" in self.flags:
            for obj in self.prunable(docs):
                self.remove(obj)
                out.append(f"{obj['kind'].lower()}/{obj['metadata']['name']} pruned")
        return "\n".join(out)

    def prunable(self, applied: list[Object]) -> list[Object]:
        """kubectl's prune: in the namespaces applied to, labelled objects of allowlisted kinds that an
        earlier apply created (they carry its annotation) and this one does not apply."""
        kinds = {entry.rsplit("/", 1)[1] for entry in self.flags.get("--prune-allowlist", [])}
        namespaces = {d["metadata"].get("namespace", self.namespace) for d in applied if d["kind"] != "Namespace"}
        keep = {(d["kind"], d["metadata"].get("namespace", self.namespace), d["metadata"]["name"]) for d in applied}
        return [
            obj
            for obj in self.objects
            if obj["kind"] in kinds
            and obj["metadata"].get("namespace") in namespaces
            and (obj["kind"], obj["metadata"].get("namespace"), obj["metadata"]["name"]) not in keep
            and LAST_APPLIED in (obj["metadata"].get("annotations") or {})
            and self.selected(obj)
        ]

    def do_diff(self, args: list[str], stdin: str) -> str:
        from fake_diff import diff

        self.exit_code = diff(self, self.documents(stdin))
        return ""

    def do_label(self, args: list[str], stdin: str) -> str:
        ref, *pairs = args
        resource, _, name = ref.partition("/")
        obj = self.find(self.kind_of(resource), self.namespace, name)
        if obj is None:
            raise Fail(f'Error from server (NotFound): {resource} "{name}" not found')
        labels = obj["metadata"].setdefault("labels", {})
        for pair in pairs:
            key, _, value = pair.partition("=")
            if key in labels and labels[key] != value and "--overwrite" not in self.flags:
                raise Fail(f"error: '{key}' already has a value ({labels[key]}), and --overwrite is false")
            labels[key] = value
        return f"{ref} labeled"

    def do_rollout(self, args: list[str], stdin: str) -> str:
        action, refs = args[0], args[1:]
        failing = self.state.get("failing_rollouts", [])
        for ref in refs:
            resource, _, name = ref.partition("/")
            obj = self.find(self.kind_of(resource), self.namespace, name)
            if obj is None:
                raise Fail(f'Error from server (NotFound): {resource} "{name}" not found')
            if action == "status" and ref in failing:
                raise Fail(f"error: timed out waiting for the condition on {resource}/{name}")
            if action == "undo":
                self.undo(obj)
            if action == "restart":
                restarted = json.loads(json.dumps(obj))
                annotations = restarted["spec"]["template"]["metadata"].setdefault("annotations", {})
                annotations["kubectl.kubernetes.io/restartedAt"] = "now"
                self.upsert(restarted, "restart")
        return ""

    def undo(self, obj: Object) -> None:
        history = {rs["metadata"]["annotations"][REVISION]: rs for rs in self.owned_by(obj, "ReplicaSet")}
        current = obj["metadata"]["annotations"][REVISION]
        wanted = (self.flags.get("--to-revision") or [""])[0]
        if not wanted:
            older = [r for r in history if int(r) < int(current)]
            if not older:
                raise Fail(f'error: no rollout history found for deployment "{obj["metadata"]["name"]}"')
            wanted = max(older, key=int)
        if wanted not in history:
            raise Fail(f"error: unable to find specified revision {wanted} in history")
        # As the deployment controller does: the old ReplicaSet becomes the newest revision.
        replica_set = history[wanted]
        revision = str(max(map(int, [*history, current])) + 1)
        replica_set["metadata"]["annotations"][REVISION] = revision
        obj["spec"]["template"] = json.loads(json.dumps(replica_set["spec"]["template"]))
        obj["metadata"]["annotations"][REVISION] = revision
        self.trim_history(obj)


def scram() -> Any:
    """model/scram.py, what the real server's check amounts to (the fake runs as a script, outside the package)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import model.scram

    return model.scram


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
