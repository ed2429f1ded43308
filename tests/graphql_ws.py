"""A graphql-transport-ws client for tests, over two transports:
- `asgi_websocket(app)`: the app in this process, driven through its ASGI interface (httpx
  has no WebSocket support), so tests keep their database, clock and fixtures;
- `real_websocket(url)`: a real socket to a server process (the `websockets` library)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

import websockets

PROTOCOL = "graphql-transport-ws"
RECEIVE_TIMEOUT_SECONDS = 5.0


class Transport(Protocol):
    async def send_text(self, text: str) -> None: ...

    async def receive_text(self, within: float) -> str: ...


class WebSocketClosed(Exception):
    def __init__(self, code: int, reason: str = "") -> None:
        super().__init__(f"closed with {code} {reason}")
        self.code = code


class ASGIWebSocket:
    def __init__(self) -> None:
        self.to_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.from_app: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def send_text(self, text: str) -> None:
        await self.to_app.put({"type": "websocket.receive", "text": text})

    async def receive_text(self, within: float) -> str:
        message = await asyncio.wait_for(self.from_app.get(), within)
        if message["type"] == "websocket.close":
            raise WebSocketClosed(message.get("code", 1000), message.get("reason", ""))
        return str(message["text"])


@asynccontextmanager
async def asgi_websocket(app: Any, path: str = "/graphql") -> AsyncIterator[ASGIWebSocket]:
    socket = ASGIWebSocket()
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "scheme": "ws",
        "http_version": "1.1",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), (b"sec-websocket-protocol", PROTOCOL.encode())],
        "subprotocols": [PROTOCOL],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
        "state": {},
    }
    task = asyncio.create_task(app(scope, socket.to_app.get, socket.from_app.put))
    await socket.to_app.put({"type": "websocket.connect"})
    accepted = await asyncio.wait_for(socket.from_app.get(), RECEIVE_TIMEOUT_SECONDS)
    assert accepted["type"] == "websocket.accept", accepted
    try:
        yield socket
    finally:
        await socket.to_app.put({"type": "websocket.disconnect", "code": 1000})
        try:
            await asyncio.wait_for(task, RECEIVE_TIMEOUT_SECONDS)
        except TimeoutError:
            task.cancel()


class RealWebSocket:
    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection

    async def send_text(self, text: str) -> None:
        await self.connection.send(text)

    async def receive_text(self, within: float) -> str:
        try:
            message = await asyncio.wait_for(self.connection.recv(), within)
        except websockets.ConnectionClosed as closed:
            code = closed.rcvd.code if closed.rcvd else 1006
            raise WebSocketClosed(code) from closed
        return message if isinstance(message, str) else message.decode()


@asynccontextmanager
async def real_websocket(url: str) -> AsyncIterator[RealWebSocket]:
    async with websockets.connect(url, subprotocols=[PROTOCOL], open_timeout=10) as connection:  # type: ignore[list-item]
        yield RealWebSocket(connection)


class GraphQLWebSocket:
    """graphql-transport-ws messages: connection_init / subscribe / next / error / complete."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport
        self._ids = 0

    async def send(self, message: dict[str, Any]) -> None:
        await self.transport.send_text(json.dumps(message))

    async def receive(self, within: float = RECEIVE_TIMEOUT_SECONDS) -> dict[str, Any]:
        while True:
            message: dict[str, Any] = json.loads(await self.transport.receive_text(within))
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            return message

    async def init(self, token: str | None = None) -> dict[str, Any]:
        payload = {"authorization": f"Bearer {token}"} if token else {}
        await self.send({"type": "connection_init", "payload": payload})
        ack = await self.receive()
        assert ack["type"] == "connection_ack", ack
        return ack

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None) -> str:
        self._ids += 1
        operation_id = str(self._ids)
        await self.send(
            {
                "id": operation_id,
                "type": "subscribe",
                "payload": {"query": query, "variables": variables or {}},
            }
        )
        return operation_id

    async def next_data(
        self, operation_id: str, within: float = RECEIVE_TIMEOUT_SECONDS
    ) -> dict[str, Any]:
        """The data of the operation's next result; fails on errors or completion."""
        message = await self.receive(within)
        assert message.get("id") == operation_id, message
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message["payload"]["errors"]
        data: dict[str, Any] = message["payload"]["data"]
        return data

    async def next_message(self, within: float = RECEIVE_TIMEOUT_SECONDS) -> dict[str, Any]:
        return await self.receive(within)

    async def complete(self, operation_id: str) -> None:
        await self.send({"id": operation_id, "type": "complete"})
