"""In-process API tests (TestClient) against the real PostgreSQL 16 cluster."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import datetime
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from pgcluster import PgCluster
from sqlalchemy import text

from app.main import create_app
from app.settings import Settings


@pytest.fixture
def client(make_settings: Callable[..., Settings]) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(allowed_origins="https://app.example.com"))) as c:
        yield c


def test_health_ok(client: TestClient) -> None:
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "healthy"
    assert body["database"] == "connected"
    assert body["version"] == "0.1.0"
    assert datetime.fromisoformat(body["timestamp"].replace("Z", "+00:00")).tzinfo is not None


def test_livez(client: TestClient) -> None:
    r = client.get("/livez")
    assert (r.status_code, r.json()) == (200, {"status": "alive"})


def test_readyz_turns_503_once_draining(client: TestClient) -> None:
    r = client.get("/readyz")
    assert (r.status_code, r.json()) == (200, {"status": "ready"})
    client.app.state.readiness.drain()  # type: ignore[attr-defined]
    r = client.get("/readyz")
    assert (r.status_code, r.json()) == (503, {"status": "draining"})
    # still serving what is in flight or already routed here
    assert client.get("/livez").status_code == 200
    assert client.get("/health").status_code == 200


def test_app_version_setting(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(app_version="1.2.3-rc1"))) as c:
        assert c.get("/health").json()["version"] == "1.2.3-rc1"


def test_health_follows_database_outage_and_recovery(client: TestClient, pg: PgCluster) -> None:
    assert client.get("/health").status_code == 200  # pool now holds a connection
    pg.stop()
    try:
        start = time.monotonic()
        r = client.get("/health")
        assert time.monotonic() - start < 3
        assert r.status_code == 503
        assert r.json()["status"] == "degraded"
        assert r.json()["database"] == "disconnected"
        live = client.get("/livez")
        assert (live.status_code, live.json()) == (200, {"status": "alive"})
        # ready all the same: the API keeps answering (with its own JSON) through the outage
        ready = client.get("/readyz")
        assert (ready.status_code, ready.json()) == (200, {"status": "ready"})
    finally:
        pg.start()
    # same app, same pool: pre-ping throws away the dead connections
    r = client.get("/health")
    assert (r.status_code, r.json()["status"], r.json()["database"]) == (200, "healthy", "connected")


def test_health_answers_fast_when_database_hangs(make_settings: Callable[..., Settings], blackhole_port: int) -> None:
    settings = make_settings(postgres_port=blackhole_port, health_timeout=1.0)
    with TestClient(create_app(settings)) as c:
        start = time.monotonic()
        r = c.get("/health")
        elapsed = time.monotonic() - start
        assert r.status_code == 503
        assert r.json()["database"] == "disconnected"
        assert elapsed < 2.5
        assert c.get("/livez").status_code == 200


def test_special_character_password_connects(
    pg: PgCluster, app_db: str, make_settings: Callable[..., Settings]
) -> None:
    password = 'p@ss:w/o#r%d "q" ü spaces'
    literal = "'" + password.replace("'", "''") + "'"
    pg.sql(f"DROP ROLE IF EXISTS special_user; CREATE ROLE special_user LOGIN PASSWORD {literal}")
    settings = make_settings(postgres_user="special_user", postgres_password=password)
    with TestClient(create_app(settings)) as c:
        assert c.get("/health").json()["database"] == "connected"
    # and the wrong password really is refused (the check above is meaningful)
    with TestClient(create_app(make_settings(postgres_user="special_user", postgres_password="nope"))) as c:
        assert c.get("/health").status_code == 503
    # DATABASE_URL form with the password percent-encoded
    url = settings.database_url_object.render_as_string(hide_password=False)
    with TestClient(create_app(make_settings(database_url=url, postgres_host=None))) as c:
        assert c.get("/health").status_code == 200


def test_cors_allowed_origin(client: TestClient) -> None:
    r = client.get("/livez", headers={"Origin": "https://app.example.com"})
    assert r.headers["access-control-allow-origin"] == "https://app.example.com"
    assert r.headers["access-control-allow-credentials"] == "true"
    pre = client.options(
        "/health",
        headers={"Origin": "https://app.example.com", "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "https://app.example.com"


def test_cors_refused_origin(client: TestClient) -> None:
    r = client.get("/livez", headers={"Origin": "https://evil.example.com"})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    pre = client.options(
        "/health",
        headers={"Origin": "https://evil.example.com", "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 400
    assert "access-control-allow-origin" not in pre.headers


def test_docs_under_root_path(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(root_path="/api"))) as c:
        docs = c.get("/docs")  # the gateway strips /api: the browser asked for /api/docs
        assert docs.status_code == 200
        assert "'/api/openapi.json'" in docs.text or '"/api/openapi.json"' in docs.text
        spec = c.get("/openapi.json")
        assert spec.status_code == 200
        assert spec.json()["servers"] == [{"url": "/api"}]
        assert {"/health", "/livez"} <= set(spec.json()["paths"])
        # a request that still carries the prefix is routed too
        assert c.get("/api/openapi.json").status_code == 200
        assert c.get("/health").status_code == 200


def test_docs_without_root_path(client: TestClient) -> None:
    docs = client.get("/docs")
    assert "'/openapi.json'" in docs.text or '"/openapi.json"' in docs.text
    assert "/api/openapi.json" not in docs.text
    assert "servers" not in client.get("/openapi.json").json()


def test_probe_connection_has_statement_timeout(make_settings: Callable[..., Settings]) -> None:
    settings = make_settings(health_timeout=1.5, db_pool_size=3, db_max_overflow=2)
    app = create_app(settings)
    with app.state.health_engine.connect() as conn:
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "1500ms"
    with app.state.engine.connect() as conn:  # application pool: no probe timeout, sized by settings
        assert conn.execute(text("SHOW statement_timeout")).scalar_one() == "0"
    assert (app.state.engine.pool.size(), app.state.engine.pool._max_overflow) == (3, 2)
    app.state.engine.dispose()
    app.state.health_engine.dispose()


class AssetRefs(HTMLParser):
    """Every URL the page makes the browser load (scripts, stylesheets, icons, images)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {"script": "src", "link": "href", "img": "src"}
        wanted = dict(attrs).get(names.get(tag, ""))
        if wanted:
            self.urls.append(wanted)


JS_TYPES = ("text/javascript", "application/javascript")


@pytest.mark.parametrize("root_path", ["/api", ""])
def test_docs_assets_are_served_by_the_backend(make_settings: Callable[..., Settings], root_path: str) -> None:
    with TestClient(create_app(make_settings(root_path=root_path))) as c:
        page = c.get("/docs")
        assert page.status_code == 200
        refs = AssetRefs()
        refs.feed(page.text)
        assert len(refs.urls) == 3, refs.urls  # Swagger UI's script, its stylesheet, the icon
        assert "//" not in page.text, "an absolute or protocol-relative URL on the page"
        types = {}
        for url in refs.urls:
            assert url.startswith(f"{root_path}/docs/assets/"), url  # same origin, under the API prefix
            # the gateway strips the prefix; a request that still carries it works as well
            for path in {url.removeprefix(root_path), url}:
                asset = c.get(path)
                assert asset.status_code == 200, path
                assert len(asset.content) > 500, path
            types[url.rsplit(".", 1)[1]] = asset.headers["content-type"].split(";")[0]
        assert types["js"] in JS_TYPES
        assert types == {"js": types["js"], "css": "text/css", "png": "image/png"}
        assert c.get("/docs/assets/../settings.py").status_code == 404


def test_websocket_echo(make_settings: Callable[..., Settings]) -> None:
    with TestClient(create_app(make_settings(root_path="/api"))) as c:
        for path in ("/ws/echo", "/api/ws/echo"):
            with c.websocket_connect(path) as ws:
                ws.send_text("ping ü")
                assert ws.receive_text() == "ping ü"
                ws.send_bytes(b"\x00\xff")
                assert ws.receive_bytes() == b"\x00\xff"
