"""`make smoke` (and the end of `make deploy`) against a real HTTP server on a free port."""

from __future__ import annotations

import socket
import threading

import pytest
from ops_harness import HTML, JSON, App, health, run_ops

pytestmark = pytest.mark.slow


def smoke(url: str, *extra: str) -> tuple[int, str, str]:
    result = run_ops("smoke", "--url", url, "--patience", "0", *extra)
    return result.returncode, result.stdout, result.stderr


def test_a_working_app_passes_in_one_line_with_the_url(app: App) -> None:
    code, out, err = smoke(app.url)
    assert code == 0, err
    assert out.splitlines() == [
        f"smoke: OK {app.url} (/ HTML; /api/health database connected, version 0.1.0; /api/docs API docs)"
    ]


@pytest.mark.parametrize(
    ("path", "answer", "named"),
    [
        ("/", (502, "text/plain", "Bad Gateway"), "/: HTTP 502"),
        ("/", (200, JSON, "{}"), "/: not HTML"),
        ("/api/health", (503, JSON, health("disconnected")), "/api/health: HTTP 503, database disconnected"),
        ("/api/health", (200, HTML, "<html></html>"), "/api/health: HTTP 200, not JSON"),
        ("/api/docs", (404, HTML, "<html>Not found</html>"), "/api/docs: HTTP 404"),
        ("/api/docs", (200, HTML, "<html>docs</html>"), "/api/docs: does not load /api/openapi.json"),
    ],
)
def test_each_failure_is_named_with_where_to_look(
    app: App, path: str, answer: tuple[int, str, str], named: str
) -> None:
    app.answers[path] = answer
    code, out, err = smoke(app.url)
    assert code == 1 and out == ""
    [line] = [line for line in err.splitlines() if line.startswith("error:")]
    assert named in line and app.url in line
    assert "make status" in line and "make logs" in line
    assert sum(p in line for p in ("/:", "/api/health:", "/api/docs:")) == 1, "only the failing check is named"


def test_nothing_listening_is_named() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # bound, not listening: refused
        code, _, err = smoke(url)
    assert code == 1
    assert "Connection refused" in err and "make status" in err


def test_without_a_url_it_asks_the_nodeport_on_this_host_for_domain(app: App) -> None:
    port = app.url.rsplit(":", 1)[1]
    result = run_ops("smoke", "--patience", "0", env={"EXTERNAL_PORT": port})
    assert result.returncode == 0, result.stderr
    assert f"smoke: OK http://127.0.0.1:{port} " in result.stdout
    assert set(app.hosts) == {"yoshikosan.example.com"}, "asked as the HTTPS proxy asks"


def test_it_waits_for_an_app_that_comes_up(app: App) -> None:
    app.answers["/api/health"] = (503, JSON, health("disconnected"))
    stop = threading.Event()

    def come_up_after_the_first_refusal() -> None:
        # Flip on what the server saw, not on a clock: the subprocess's start-up time varies.
        while not stop.is_set() and len(app.hosts) < 2:
            stop.wait(0.05)
        app.answers["/api/health"] = (200, JSON, health())

    watcher = threading.Thread(target=come_up_after_the_first_refusal)
    watcher.start()
    code, out, err = smoke(app.url, "--patience", "20")
    stop.set()
    watcher.join()
    assert code == 0, err
    assert out.startswith("smoke: OK") and "smoke: waiting up to 20 s" in err
