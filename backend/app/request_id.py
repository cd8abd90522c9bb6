"""One ID per request (``X-Request-Id``): made here, returned to the client, in every log line.

Why here and not in the gateway: Traefik has no request-ID generator (only a plugin could
add one, and plugins are downloaded at start-up, which an offline node cannot do). So the
application that answers makes the ID, returns it in the response, and Traefik's access
log records that response header (``downstream_X-Request-Id``) beside the one the request
arrived with. The gateway's own answers (413, 502, 504) therefore carry none.

An ID that arrives with the request is believed only from someone trusted (a client could
otherwise pick an ID that collides with another user's request in the logs):

- through the gateway: when the address that connected to the gateway, the last entry of
  the ``X-Forwarded-For`` the gateway wrote, is one of TRUSTED_PROXIES (the HTTPS proxy);
- without ``X-Forwarded-For``: the caller reached the backend directly from inside the
  namespace (the NetworkPolicy admits only the gateway, the frontend's server side and
  Prometheus), e.g. the frontend passing on its own request's ID.

Anything else, or an ID that is not a short token, is replaced by a new one.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
import uuid
from collections.abc import Sequence
from contextvars import ContextVar

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-Id"
# Short and free of spaces, quotes and control characters: it goes into log lines and headers as is.
_VALID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")

logger = logging.getLogger("app")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return request_id_var.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record logged while a request is being served."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = request_id_var.get()
        if request_id is not None and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address_in(value: str, networks: Sequence[Network]) -> bool:
    try:
        address = ipaddress.ip_address(value.strip().strip("[]"))
    except ValueError:
        return False
    return any(address in network for network in networks)


def trusted_source(headers: Headers, trusted_proxies: Sequence[Network]) -> bool:
    """Whether the ID in these headers was set by someone trusted (see the module's docstring)."""
    forwarded = headers.get("x-forwarded-for")
    if forwarded is None:
        return True
    return _address_in(forwarded.split(",")[-1], trusted_proxies)


def choose_request_id(headers: Headers, trusted_proxies: Sequence[Network]) -> str:
    given = headers.get(HEADER)
    if given is not None and _VALID.fullmatch(given) and trusted_source(headers, trusted_proxies):
        return given
    return new_request_id()


class RequestIdMiddleware:
    """Sets the request's ID for everything inside it and adds it to the response's headers.

    Outermost of the app's own middlewares, so the access line and the metrics' logs see it.
    """

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str] = ()) -> None:
        self.app = app
        self.trusted = [ipaddress.ip_network(entry, strict=False) for entry in trusted_proxies if entry != "*"]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        request_id = choose_request_id(Headers(scope=scope), self.trusted)
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] in ("http.response.start", "websocket.accept"):
                started = True
                message.setdefault("headers", [])
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        token = request_id_var.set(request_id)
        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            # Answered here rather than by Starlette's outermost error middleware, which runs
            # after this one has let go of the ID: the 500 then carries it, and so does the
            # traceback's log line (uvicorn would log it without).
            if started or scope["type"] != "http":
                raise
            logger.exception("unhandled error in %s %s", scope["method"], scope["path"])
            await send_with_id(error_start(500))
            await send_with_id(error_body("Internal Server Error", request_id))
        finally:
            request_id_var.reset(token)


def error_content(detail: object, request_id: str | None) -> dict[str, object]:
    """The JSON of every error the app answers: FastAPI's ``detail`` and the request's ID."""
    return {"detail": detail, "request_id": request_id}


def error_start(status: int) -> Message:
    return {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}


def error_body(detail: str, request_id: str) -> Message:
    return {"type": "http.response.body", "body": json.dumps(error_content(detail, request_id)).encode()}
