"""WebSocket endpoints."""

from __future__ import annotations

from fastapi import APIRouter, WebSocket

WS_ECHO_PATH = "/ws/echo"

router = APIRouter()


@router.websocket(WS_ECHO_PATH)
async def ws_echo(websocket: WebSocket) -> None:
    """Echoes every frame until the client closes: proves WebSocket upgrades pass the gateway."""
    await websocket.accept()
    while True:
        message = await websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await websocket.send_text(message["text"])
        elif message.get("bytes") is not None:
            await websocket.send_bytes(message["bytes"])
