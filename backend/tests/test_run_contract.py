"""Every launcher in this directory runs the contract (app/contract.toml), and ``serve`` is
configured from it: the Dockerfile, the Makefile, the uvicorn configuration, the drain."""

from __future__ import annotations

import json
import re
import shlex
import signal
from collections.abc import Callable

from fastapi.testclient import TestClient

from app.cli import build_parser
from app.contract import CONTRACT, load_contract
from app.main import create_app
from app.server import DrainingServer, server_config
from app.settings import Settings
from tests.conftest import BACKEND_DIR


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the runner stage, continuation lines joined."""
    text = (BACKEND_DIR / "Dockerfile").read_text().replace("\\\n", " ")
    stages = re.split(r"^FROM ", text, flags=re.MULTILINE)
    lines = [line.strip() for line in stages[-1].splitlines()[1:]]
    return [(line.split(None, 1)[0], line.split(None, 1)[1]) for line in lines if line and not line.startswith("#")]


def test_contract_commands_and_paths_exist(make_settings: Callable[..., Settings]) -> None:
    assert load_contract() == CONTRACT
    # what they do is tested through these very argvs (test_server.py, test_migrations.py)
    for argv in (CONTRACT.serve, CONTRACT.prestart):
        assert argv[:2] == ("-m", "app.cli")
        assert build_parser().parse_args(argv[2:]).command == argv[2]
    paths = create_app(make_settings(), configure_logs=False).openapi()["paths"]
    assert {CONTRACT.liveness_path, CONTRACT.readiness_path, CONTRACT.status_path} <= set(paths)
    assert 0 < CONTRACT.drain_seconds < 60  # a pod's grace period is derived from it


def test_image_runs_the_contract() -> None:
    instructions = dockerfile_instructions()
    cmd = [json.loads(args) for name, args in instructions if name == "CMD"]
    assert cmd == [["python", *CONTRACT.serve]]
    assert [args for name, args in instructions if name == "EXPOSE"] == [str(CONTRACT.default_port)]
    [healthcheck] = [args for name, args in instructions if name == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{CONTRACT.default_port}{CONTRACT.liveness_path}'" in healthcheck
    # settings come from the environment the launcher gives, not from the image
    env = " ".join(args for name, args in instructions if name == "ENV")
    assert not [name for name in Settings.model_fields if f"{name.upper()}=" in env]


def test_make_run_is_prestart_then_serve() -> None:
    recipe = re.search(r"^run:.*\n((?:\t.*\n)+)", (BACKEND_DIR / "Makefile").read_text(), re.MULTILINE)
    assert recipe
    commands = [shlex.split(line.strip().removeprefix("$(RUN) ")) for line in recipe.group(1).splitlines()]
    assert commands == [["python", *CONTRACT.prestart], ["python", *CONTRACT.serve]]


def test_server_config_comes_from_settings_and_contract(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(host="127.0.0.1", port=8123, forwarded_allow_ips="10.42.0.0/16,127.0.0.1")
    config = server_config(settings, create_app(settings, configure_logs=False))
    assert (config.host, config.port) == ("127.0.0.1", 8123)
    assert config.proxy_headers is True
    assert config.forwarded_allow_ips == ["10.42.0.0/16", "127.0.0.1"]
    assert config.access_log is False  # the app's own JSON access lines replace uvicorn's
    assert config.log_config is None  # keeps the app's JSON logging
    assert config.timeout_graceful_shutdown == CONTRACT.drain_seconds
    assert config.ws == "websockets-sansio"


def test_shutdown_signal_turns_readiness_off(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings()
    app = create_app(settings, configure_logs=False)
    server = DrainingServer(server_config(settings, app), app.state.readiness)
    with TestClient(app) as client:
        assert client.get(CONTRACT.readiness_path).status_code == 200
        server.handle_exit(signal.SIGTERM, None)  # what uvicorn's signal handler calls
        assert server.should_exit
        assert client.get(CONTRACT.readiness_path).json() == {"status": "draining"}
        assert client.get(CONTRACT.liveness_path).status_code == 200
