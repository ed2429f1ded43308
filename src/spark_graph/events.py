"""The event bus behind subscriptions: a mutation publishes on a channel after its commit;
subscriptions listening on that channel wake up and read the new state from the database.

Events say *what* changed ("poll 12"), never the new state: a subscriber always re-reads,
so an event lost or coalesced costs nothing but a later wake-up, and every process sees
the same numbers.

- SQLite (one process): `InProcessEventBus`, queues in memory.
- PostgreSQL (many processes, many machines): `PostgresEventBus`. Each process holds ONE
  asyncpg connection that LISTENs on one PostgreSQL channel and sends NOTIFYs; notifications
  are fanned out to the process's own subscribers. NOTIFY reaches every process connected
  to the same PostgreSQL primary.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

logger = logging.getLogger(__name__)

Payload = dict[str, Any]

# The one PostgreSQL channel all Spark Graph events travel on; the event's own channel
# ("poll:12") is inside the payload, so a process LISTENs once, whatever is subscribed.
POSTGRES_CHANNEL = "spark_graph_events"
# NOTIFY payloads are limited to 8000 bytes; events carry ids only.
MAX_NOTIFY_BYTES = 7900
RECONNECT_DELAY_SECONDS = 1.0


def poll_channel(poll_id: int) -> str:
    return f"poll:{poll_id}"


def post_channel(post_id: int) -> str:
    return f"post:{post_id}"


class Subscription:
    """One subscriber's wake-ups. The queue holds at most one pending event: a burst of
    votes while the subscriber is busy becomes one re-read, not a backlog."""

    def __init__(self) -> None:
        self._queue: asyncio.Queue[Payload] = asyncio.Queue(maxsize=1)

    def notify(self, payload: Payload) -> None:
        with suppress(asyncio.QueueFull):
            self._queue.put_nowait(payload)

    async def next(self) -> Payload:
        return await self._queue.get()

    def __aiter__(self) -> AsyncIterator[Payload]:
        return self._events()

    async def _events(self) -> AsyncIterator[Payload]:
        while True:
            yield await self.next()


class LocalFanout:
    """This process's subscribers, by channel."""

    def __init__(self) -> None:
        self._subscribers: dict[str, set[Subscription]] = defaultdict(set)

    def deliver(self, channel: str, payload: Payload) -> None:
        for subscription in list(self._subscribers.get(channel, ())):
            subscription.notify(payload)

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        subscription = Subscription()
        self._subscribers[channel].add(subscription)
        try:
            yield subscription
        finally:
            subscribers = self._subscribers.get(channel)
            if subscribers is not None:
                subscribers.discard(subscription)
                if not subscribers:
                    del self._subscribers[channel]

    def subscriber_count(self) -> int:
        return sum(len(subscribers) for subscribers in self._subscribers.values())


class EventBus:
    """publish(channel, payload) after a commit; `async with bus.subscribe(channel) as
    events: async for payload in events: ...` in a subscription resolver."""

    def __init__(self) -> None:
        self.local = LocalFanout()

    async def publish(self, channel: str, payload: Payload | None = None) -> None:
        """Never raises: the write it announces is committed already, and a lost event only
        delays subscribers until the next one."""
        try:
            await self._publish(channel, payload or {})
        except Exception:
            logger.exception("could not publish an event on %s", channel)

    async def _publish(self, channel: str, payload: Payload) -> None:
        raise NotImplementedError

    @asynccontextmanager
    async def subscribe(self, channel: str) -> AsyncIterator[Subscription]:
        await self._ensure_listening()
        async with self.local.subscribe(channel) as subscription:
            yield subscription

    async def _ensure_listening(self) -> None:
        return None

    async def close(self) -> None:
        return None


class InProcessEventBus(EventBus):
    """Events reach the subscribers of this process only (SQLite, one server process)."""

    async def _publish(self, channel: str, payload: Payload) -> None:
        self.local.deliver(channel, payload)


class PostgresEventBus(EventBus):
    """Events cross processes through PostgreSQL LISTEN/NOTIFY on one connection per
    process, opened on first use (in the running event loop) and re-opened if it drops."""

    def __init__(self, database_url: str) -> None:
        super().__init__()
        # asyncpg takes the libpq form of the same URL (sslmode and the like included).
        self._dsn = (
            make_url(database_url)
            .set(drivername="postgresql")
            .render_as_string(hide_password=False)
        )
        self._connection: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._reconnect_task: asyncio.Task[None] | None = None
        self._closed = False

    async def _connect(self) -> asyncpg.Connection:
        async with self._lock:
            if self._connection is not None and not self._connection.is_closed():
                return self._connection
            connection = await asyncpg.connect(self._dsn)
            await connection.add_listener(POSTGRES_CHANNEL, self._on_notification)
            connection.add_termination_listener(self._on_termination)
            self._connection = connection
            return connection

    def _on_notification(self, _connection: Any, _pid: int, _channel: str, raw: str) -> None:
        try:
            message = json.loads(raw)
            self.local.deliver(str(message["c"]), dict(message.get("p") or {}))
        except (ValueError, KeyError, TypeError):
            logger.warning("ignored a malformed event: %r", raw[:200])

    def _on_termination(self, _connection: Any) -> None:
        self._connection = None
        if not self._closed and self._reconnect_task is None:
            self._reconnect_task = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        """Listen again after the connection dropped (events sent meanwhile are lost; the
        next one brings subscribers up to date, as they re-read the state)."""
        try:
            while not self._closed:
                try:
                    await self._connect()
                    return
                except (OSError, asyncpg.PostgresError):
                    await asyncio.sleep(RECONNECT_DELAY_SECONDS)
        finally:
            self._reconnect_task = None

    async def _ensure_listening(self) -> None:
        await self._connect()

    async def _publish(self, channel: str, payload: Payload) -> None:
        message = json.dumps({"c": channel, "p": payload}, separators=(",", ":"))
        if len(message.encode()) > MAX_NOTIFY_BYTES:
            raise ValueError(f"event too large for NOTIFY on {channel}")
        connection = await self._connect()
        # One connection, one statement at a time.
        async with self._lock:
            await connection.execute("SELECT pg_notify($1, $2)", POSTGRES_CHANNEL, message)

    async def close(self) -> None:
        self._closed = True
        if self._reconnect_task is not None:
            self._reconnect_task.cancel()
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            connection.remove_termination_listener(self._on_termination)
            await connection.close(timeout=5)


def create_event_bus(database_url: str) -> EventBus:
    if database_url.startswith("postgresql"):
        return PostgresEventBus(database_url)
    return InProcessEventBus()
