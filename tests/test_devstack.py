"""The local gateway's nginx.conf is generated from the same routes as the Ingresses."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from model.topology import MAX_BODY_BYTES, ROUTES, SECURITY_HEADERS
from scripts import devstack


def test_every_route_becomes_a_location(tmp_path: Path) -> None:
    conf = devstack.nginx_conf(tmp_path)
    for route in ROUTES:
        target = f"http://{route.service}/" if route.strip_prefix else f"http://{route.service};"
        if route.strip_prefix:
            # both /api and /api/...; the trailing slash on proxy_pass strips the prefix
            assert re.search(rf"location = {route.path} {{\s+proxy_pass {target};", conf)
            assert re.search(rf"location {route.path}/ {{\s+proxy_pass {target};", conf)
        else:
            assert re.search(rf"location {route.path} {{\s+proxy_pass {target}", conf)
        assert f"upstream {route.service} {{ server 127.0.0.1:{route.port};" in conf


def test_gateway_policy_matches_the_cluster(tmp_path: Path) -> None:
    conf = devstack.nginx_conf(tmp_path)
    assert f"client_max_body_size {MAX_BODY_BYTES};" in conf
    for name, value in SECURITY_HEADERS.items():
        assert f'add_header {name} "{value}" always;' in conf
    assert "gzip on;" in conf
    assert "listen 127.0.0.1:6666;" in conf
    assert "proxy_set_header Upgrade $http_upgrade;" in conf  # websockets pass


@pytest.mark.skipif(not shutil.which("nginx"), reason="nginx is not installed (make install-system)")
def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    for sub in ("nginx", "logs"):
        (tmp_path / sub).mkdir()
    conf = tmp_path / "nginx" / "nginx.conf"
    conf.write_text(devstack.nginx_conf(tmp_path))
    result = subprocess.run(
        ["nginx", "-t", "-c", str(conf), "-p", str(tmp_path / "nginx")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
