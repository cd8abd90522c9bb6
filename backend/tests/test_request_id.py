"""X-Request-Id: made or kept, returned, in every log line of the request and in error JSON."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.main import create_app
from app.settings import ConfigError, Settings

PROXY = "203.0.113.7"
CLIENT = "198.51.100.20"


def app_lines(stdout: io.StringIO) -> list[dict[str, object]]:
    """The app's JSON lines (the test client's own lines are not the app's)."""
    parsed = [json.loads(line) for line in stdout.getvalue().splitlines()]
    return [line for line in parsed if str(line["logger"]).startswith("app")]


@pytest.fixture
def stdout(client: TestClient) -> io.StringIO:
    """What the app's configured JSON handler writes from now on (instead of stdout)."""
    stream = io.StringIO()
    handlers = [h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler]
    assert len(handlers) == 1
    handlers[0].setStream(stream)
    return stream


@pytest.fixture
def app(make_settings: Callable[..., Settings]) -> FastAPI:
    application = create_app(make_settings(trusted_proxies=PROXY))
    log = logging.getLogger("app.test")

    @application.get("/boom")
    def boom() -> None:
        log.info("about to fail")
        raise RuntimeError("broken on purpose")

    @application.get("/typed")
    def typed(n: int) -> dict[str, int]:
        log.info("typed called")
        return {"n": n}

    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def test_an_id_is_made_when_none_arrives_and_differs_per_request(client: TestClient) -> None:
    first, second = client.get("/livez"), client.get("/livez")
    ids = [r.headers["x-request-id"] for r in (first, second)]
    assert all(len(i) == 32 and int(i, 16) >= 0 for i in ids)
    assert ids[0] != ids[1]


@pytest.mark.parametrize(
    ("headers", "kept"),
    [
        # straight from inside the namespace (the frontend's server side): no X-Forwarded-For
        ({"X-Request-Id": "abc-123"}, True),
        # through the gateway from the trusted HTTPS proxy: the gateway appended its address
        ({"X-Request-Id": "abc-123", "X-Forwarded-For": f"{CLIENT}, {PROXY}"}, True),
        # through the gateway straight from a client: the gateway wrote the client's address
        ({"X-Request-Id": "abc-123", "X-Forwarded-For": CLIENT}, False),
        # a client that claims to be the proxy earlier in the chain is still the last hop
        ({"X-Request-Id": "abc-123", "X-Forwarded-For": f"{PROXY}, {CLIENT}"}, False),
        # not a short token: could break a log line or a header
        ({"X-Request-Id": 'a b"c'}, False),
        ({"X-Request-Id": "x" * 129}, False),
    ],
)
def test_an_id_that_arrives_is_kept_only_from_a_trusted_sender(
    client: TestClient, headers: dict[str, str], kept: bool
) -> None:
    answered = client.get("/livez", headers=headers).headers["x-request-id"]
    assert (answered == headers["X-Request-Id"]) is kept


def test_every_log_line_of_the_request_and_the_500_carry_the_id(client: TestClient, stdout: io.StringIO) -> None:
    r = client.get("/boom", headers={"X-Request-Id": "trail-500"})
    assert r.status_code == 500
    assert r.headers["x-request-id"] == "trail-500"
    assert r.json() == {"detail": "Internal Server Error", "request_id": "trail-500"}
    logged = app_lines(stdout)
    messages = {str(line["message"]): line for line in logged}
    assert "about to fail" in messages
    assert any("broken on purpose" in str(line.get("exc_info", "")) for line in logged)
    access = [line for line in logged if line["logger"] == "app.access"]
    assert [line["status"] for line in access] == [500]
    assert {line.get("request_id") for line in logged} == {"trail-500"}


def test_error_json_carries_the_id(client: TestClient, stdout: io.StringIO) -> None:
    missing = client.get("/nowhere")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Not Found", "request_id": missing.headers["x-request-id"]}
    invalid = client.get("/typed?n=x")
    assert invalid.status_code == 422
    assert invalid.json()["request_id"] == invalid.headers["x-request-id"]
    assert invalid.json()["detail"][0]["loc"] == ["query", "n"]
    ok = client.get("/typed?n=3", headers={"X-Request-Id": "trail-ok"})
    assert ok.json() == {"n": 3}
    logged = app_lines(stdout)
    assert {line.get("request_id") for line in logged if line["message"] == "typed called"} == {"trail-ok"}
    # each access line has its own request's ID, never the one before it
    access = [line.get("request_id") for line in logged if line["logger"] == "app.access"]
    assert access == [r.headers["x-request-id"] for r in (missing, invalid, ok)]


def test_cors_exposes_the_id(client: TestClient, make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(allowed_origins="https://app.example.com"))) as c:
        r = c.get("/livez", headers={"Origin": "https://app.example.com"})
    assert "x-request-id" in r.headers["access-control-expose-headers"].lower()


def test_trusted_proxies_are_addresses_and_never_everyone(make_settings: Callable[..., Settings]) -> None:
    assert make_settings(trusted_proxies="203.0.113.7, 10.0.0.0/8").trusted_proxies == ["203.0.113.7", "10.0.0.0/8"]
    with pytest.raises(ConfigError) as error:
        make_settings(trusted_proxies="*,proxy")
    assert "TRUSTED_PROXIES" in error.value.problems
    assert "'*', 'proxy'" in error.value.problems["TRUSTED_PROXIES"]
