"""Synthesizes dist/ from the settings in `.env` and the environment.

`make synth` and `cdk8s synth` both run this (`python main.py`); `python main.py check`
validates the settings only (`make env-check`). The manifests are written to a fresh
directory and swapped in only when everything succeeded: a failed synth leaves the
previous dist/ exactly as it was.
"""

from __future__ import annotations

import importlib
import itertools
import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING

# The app's own directory, not necessarily the checkout's (model.paths.ROOT): as the cdk8s
# CLI writes beside cdk8s.yaml, dist/ and .env live beside main.py, in a copy of it too.
APP_DIR = Path(__file__).resolve().parent

if TYPE_CHECKING:
    from model.settings import Settings

# jsii runs on Node; `make install` puts a supported Node 22 under tools/. Without
# it jsii uses the node on PATH, and we silence its Node 20 end-of-life banner,
# which is about jsii's support window, not about this app.
_NODE = APP_DIR / "tools" / "node_modules" / ".bin" / "node"
if _NODE.exists():
    os.environ.setdefault("JSII_NODE", str(_NODE))
os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


# The charts every synth has; the others come with a setting (build), and only then load
# their bindings (prometheus-operator, external-secrets, k3s HelmCharts) and model modules.
ALWAYS = ("foundation", "postgres", "backend", "frontend", "routing", "backup", "drill", "network")


def _load_jsii() -> None:
    # Starting Node and loading the jsii assemblies is most of a synth's time; it
    # runs in the background while the main thread reads and checks the settings.
    for name in ALWAYS:
        importlib.import_module(f"charts.{name}")


def build(settings: Settings, outdir: Path) -> None:
    """Compose the charts; file names (0000-, 0001-, …) follow this order, which is apply order."""
    from cdk8s import App, Chart, YamlOutputType

    from charts.backend import BackendChart
    from charts.backup import BackupChart
    from charts.drill import DrillChart
    from charts.foundation import FoundationChart
    from charts.frontend import FrontendChart
    from charts.network import NetworkChart
    from charts.postgres import PostgresChart
    from charts.routing import RoutingChart
    from model.external_secrets import EXTERNAL

    app = App(outdir=str(outdir), yaml_output_type=YamlOutputType.FILE_PER_CHART, output_file_extension=".yaml")
    chain: list[Chart] = [FoundationChart(app, "foundation", settings)]
    if settings.ingress_controller.is_k3s_traefik:
        from charts.traefik import TraefikChart

        chain.append(TraefikChart(app, "traefik", settings))
    if settings.secrets_source == EXTERNAL:
        from charts.external_secrets import ExternalSecretsChart

        # After the namespace, before every pod that reads the Secrets it fills.
        chain.append(ExternalSecretsChart(app, "external-secrets", settings))
    chain += [
        PostgresChart(app, "postgres", settings),
        BackendChart(app, "backend", settings),
        FrontendChart(app, "frontend", settings),
        RoutingChart(app, "routing", settings),
        BackupChart(app, "backup", settings),
        DrillChart(app, "restore-drill", settings),
    ]
    if settings.monitoring != "none":
        from charts.monitoring import MonitoringChart

        chain.append(MonitoringChart(app, "monitoring", settings))
    chain.append(NetworkChart(app, "network", settings))
    if settings.logging != "none":
        from charts.logging import LoggingChart

        # Last: a new file after the app's, so LOGGING=none leaves every other file as it was.
        chain.append(LoggingChart(app, "logging", settings))
    # A chain of dependencies makes cdk8s number the files in this order.
    for before, after in itertools.pairwise(chain):
        after.add_dependency(before)
    app.synth()
    if settings.monitoring == "annotations":
        from model.prometheus import DIRECTORY, plain_files

        (outdir / DIRECTORY).mkdir()
        for name, text in plain_files(settings).items():
            (outdir / DIRECTORY / name).write_text(text)


def last_good(outdir: Path) -> Path:
    return outdir.with_name(f".{outdir.name}.last-good")


def synth(outdir: Path, settings: Settings) -> None:
    """Write into a sibling temp dir, then swap it in, so dist/ is either old or new, never half.

    A copy of the result is kept beside it: `cdk8s synth` deletes dist/ before it
    runs the app, and a failed run puts that copy back (see restore_after_failure).
    """
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.", dir=outdir.parent))
    previous = outdir.with_name(f".{outdir.name}.previous")
    try:
        build(settings, staging)
        keep = last_good(outdir)
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(staging, keep)
        shutil.rmtree(previous, ignore_errors=True)
        if outdir.exists():
            outdir.rename(previous)
        staging.rename(outdir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(previous, ignore_errors=True)


def restore_after_failure(outdir: Path) -> None:
    if not outdir.exists() and last_good(outdir).is_dir():
        shutil.copytree(last_good(outdir), outdir)
        print(f"{outdir} restored from the last successful synth", file=sys.stderr)


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "synth"
    if command not in ("synth", "check"):
        print(f"usage: {argv[0]} [synth|check]", file=sys.stderr)
        return 2
    loader = threading.Thread(target=_load_jsii, daemon=True)
    if command == "synth":
        loader.start()
    from model.age_file import AgeError
    from model.age_prepare import prepare_age_file
    from model.envfile import prepare_env_file, settings_file
    from model.settings import SettingsError, load_settings

    outdir = Path(os.environ.get("CDK8S_OUTDIR", APP_DIR / "dist")).resolve()
    env_file = settings_file(os.environ, APP_DIR)
    try:
        # Each writes only in its own SECRETS_SOURCE: .env, or the encrypted file.
        for note in (
            prepare_env_file(env_file, APP_DIR / ".env.example", os.environ),
            prepare_age_file(env_file, os.environ, APP_DIR),
        ):
            if note:
                print(note, file=sys.stderr)
        settings = load_settings(os.environ, env_file, app_dir=APP_DIR)
    except AgeError as error:
        print(f"error: {error}", file=sys.stderr)
        restore_after_failure(outdir)
        return 2
    except SettingsError as error:
        print(error.report(), file=sys.stderr)
        if not env_file.exists():
            print(f"({env_file} does not exist: start with `cp .env.example .env`)", file=sys.stderr)
        restore_after_failure(outdir)
        return 2
    if command == "check":
        print(f"settings OK ({env_file} and the environment)", file=sys.stderr)
        return 0
    loader.join()
    try:
        synth(outdir, settings)
    except BaseException:
        restore_after_failure(outdir)
        raise
    return 0


if __name__ == "__main__":
    code = main(sys.argv)
    if code:
        sys.stdout.flush()
        sys.stderr.flush()
        # No waiting for a half-loaded jsii runtime after a settings error: Node
        # exits by itself when its stdin closes.
        os._exit(code)
