"""The one ASGI wrapper that sees each HTTP request's status and duration, failed ones included.

The access log and the request metrics both build on it, so they always agree on what a
request's status and duration were.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HttpObserver:
    """Calls `started` before and `finished` after every HTTP request (500 if none was sent)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        self.started(scope)
        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            self.finished(scope, status, time.perf_counter() - start)

    def started(self, scope: Scope) -> None:
        """Before the request runs (nothing by default)."""

    def finished(self, scope: Scope, status: int, seconds: float) -> None:
        raise NotImplementedError
