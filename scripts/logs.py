"""`make logs` and `make dev-logs`: the logs of the cluster or of `make dev`, filtered.

    SINCE=10m | 2026-01-02T03:04:05Z   only what was written since
    COMPONENT=gateway|backend|frontend|postgres|backup
    REQUEST=<X-Request-Id>              that request's lines from the gateway and the backend,
                                        merged in time order (read to the end, not followed)
    LEVEL=WARNING                       that level and above

Without filters `make logs` follows every container of the app, as it always has (scripts/watch.py's logs).
In the cluster the lines come from `kubectl logs` by label (the gateway's from its own
namespace); under `make dev` from the files in its state directory's logs/.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from model.envfile import settings_file
from model.paths import ROOT
from model.settings import Settings, SettingsError, load_settings
from model.topology import BACKEND, BACKUP, FRONTEND, POSTGRES
from scripts.devlayout import Layout
from scripts.logfilter import FilterError, Filters, Line, in_time_order, keep, parse_time, read_line, since_time

# `kubectl logs --prefix --timestamps`: "[pod/NAME/CONTAINER] 2026-01-02T03:04:05.123456789Z text"
KUBECTL_LINE = re.compile(r"^\[(?P<source>[^\]]+)\] (?P<stamp>\S+) ?(?P<text>.*)$")
FOLLOW_TAIL = "100"
POLL_SECONDS = 0.5


@dataclass(frozen=True)
class PodSource:
    component: str
    namespace: str
    selector: str


def pod_sources(settings: Settings) -> dict[str, PodSource]:
    """Each component's pods by label: the app's by name and instance, the gateway's by its controller's labels."""
    controller = settings.ingress_controller

    def app(name: str) -> PodSource:
        selector = f"app.kubernetes.io/name={name},app.kubernetes.io/instance={settings.app_name}"
        return PodSource(name, settings.namespace, selector)

    gateway = ",".join(f"{k}={v}" for k, v in controller.pod_labels.items())
    return {
        "gateway": PodSource("gateway", controller.namespace, gateway),
        **{name: app(name) for name in (BACKEND, FRONTEND, POSTGRES, BACKUP)},
    }


def kubectl_argv(kubectl: str, source: PodSource, filters: Filters) -> list[str]:
    argv = [kubectl, "logs", "--namespace", source.namespace, "-l", source.selector, "--all-containers"]
    argv += ["--prefix", "--timestamps", "--max-log-requests=20", "--ignore-errors"]
    if filters.since:
        since = filters.since.strip()
        argv.append(f"--since={since}" if re.fullmatch(r"[\dhms]+", since) else f"--since-time={since}")
    # with -l, kubectl shows 10 lines unless told otherwise
    argv += ["--follow", f"--tail={FOLLOW_TAIL}"] if filters.follows else ["--tail=-1"]
    return argv


def kubectl_lines(component: str, output: Iterable[str]) -> Iterator[Line]:
    before: Line | None = None
    for raw in output:
        match = KUBECTL_LINE.match(raw.rstrip("\n"))
        if match is None:
            continue
        before = read_line(component, match["source"], match["text"], parse_time(match["stamp"]), before)
        yield before


# -- make dev: its files ----------------------------------------------------------------------
def dev_files(layout: Layout) -> dict[str, list[Path]]:
    """The files each component of `make dev` writes (no backup runs there)."""
    logs = layout.logs
    return {
        "gateway": [logs / "gateway.log"],
        BACKEND: sorted(logs.glob(f"{BACKEND}-*.log")),
        FRONTEND: [p for p in (logs / f"{FRONTEND}.log", logs / f"{FRONTEND}-dev.log") if p.exists()],
        POSTGRES: [layout.state / "pgdata" / "server.log"],
        BACKUP: [],
    }


def file_lines(component: str, path: Path, texts: Iterable[str], before: Line | None = None) -> Iterator[Line]:
    for text in texts:
        before = read_line(component, path.name, text.rstrip("\n"), None, before)
        yield before


def read_files(files: dict[str, list[Path]], filters: Filters, since: datetime | None) -> list[Line]:
    lines: list[Line] = []
    for component in filters.components:
        for path in files[component]:
            if path.exists():
                texts = path.read_text(errors="replace").splitlines()
                lines += [line for line in file_lines(component, path, texts) if keep(line, filters, since)]
    return lines


def follow_files(
    files: dict[str, list[Path]], filters: Filters, out: Callable[[str], None], stop: threading.Event
) -> None:
    """The last lines (or those since SINCE), then what is appended to each file, until `stop`."""
    since = since_time(filters.since, datetime.now(UTC)) if filters.since else None
    shown = in_time_order(read_files(files, filters, since))
    for line in shown if since else shown[-int(FOLLOW_TAIL) :]:
        out(line.render())
    paths = [(c, p) for c in filters.components for p in files[c]]
    offsets = {p: p.stat().st_size if p.exists() else 0 for _, p in paths}
    last: dict[Path, Line | None] = dict.fromkeys(offsets)
    while not stop.wait(POLL_SECONDS):
        for component, path in paths:
            size = path.stat().st_size if path.exists() else 0
            if size < offsets[path]:
                offsets[path] = 0  # replaced or truncated: read it anew
            if size == offsets[path]:
                continue
            with path.open("rb") as handle:
                handle.seek(offsets[path])
                chunk = handle.read(size - offsets[path])
            complete = chunk[: chunk.rfind(b"\n") + 1]  # a line still being written waits
            offsets[path] += len(complete)
            texts = complete.decode(errors="replace").splitlines()
            for line in file_lines(component, path, texts, last[path]):
                last[path] = line
                if keep(line, filters, since):
                    out(line.render())


# -- the cluster ---------------------------------------------------------------------------
def run_kubectl(argv: list[str], component: str, filters: Filters, out: Callable[[str], None]) -> list[Line]:
    """One kubectl logs; followed lines go out as they come, a request's are returned to be merged."""
    kept: list[Line] = []
    with subprocess.Popen(argv, stdout=subprocess.PIPE, text=True, errors="replace") as process:
        assert process.stdout is not None
        for line in kubectl_lines(component, process.stdout):
            if keep(line, filters, None):  # kubectl applied SINCE
                if filters.follows:
                    out(line.render())
                else:
                    kept.append(line)
    return kept


def cluster_logs(settings: Settings, kubectl: str, filters: Filters, out: Callable[[str], None]) -> None:
    sources = pod_sources(settings)
    runs = [(kubectl_argv(kubectl, sources[c], filters), c) for c in filters.components]
    if not filters.follows:
        for line in in_time_order([line for argv, c in runs for line in run_kubectl(argv, c, filters, out)]):
            out(line.render())
        return
    threads = [threading.Thread(target=run_kubectl, args=(argv, c, filters, out), daemon=True) for argv, c in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def printer() -> Callable[[str], None]:
    lock = threading.Lock()  # one whole line at a time from the followers' threads

    def out(text: str) -> None:
        with lock:
            print(text, flush=True)

    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="logs", description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--dev", action="store_true", help="make dev's log files instead of the cluster")
    parser.add_argument("--since")
    parser.add_argument("--component")
    parser.add_argument("--request")
    parser.add_argument("--level")
    parser.add_argument("--dry-run", action="store_true", help="print the kubectl commands instead")
    args = parser.parse_args(argv)
    try:
        filters = Filters(since=args.since, component=args.component, request=args.request, level=args.level)
    except FilterError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    out = printer()
    try:
        if args.dev:
            layout = Layout.from_environ(os.environ)
            if filters.follows:
                follow_files(dev_files(layout), filters, out, threading.Event())
            else:
                since = since_time(filters.since, datetime.now(UTC)) if filters.since else None
                for line in in_time_order(read_files(dev_files(layout), filters, since)):
                    out(line.render())
            return 0
        settings = load_settings(os.environ, settings_file(os.environ, ROOT), app_dir=ROOT)
        kubectl = os.environ.get("KUBECTL", "kubectl")
        if args.dry_run:
            for component in filters.components:
                print(" ".join(kubectl_argv(kubectl, pod_sources(settings)[component], filters)))
            return 0
        cluster_logs(settings, kubectl, filters, out)
    except SettingsError as error:
        print(error.report(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
