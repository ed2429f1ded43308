"""Async engine, session factory, column types shared by every domain."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import DateTime, event, text
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

SessionFactory = async_sessionmaker[AsyncSession]


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, hands back aware UTC: the same on SQLite and PostgreSQL."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; use an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        # WAL lets readers run beside the one writer; busy_timeout makes a second writer
        # wait for the lock instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()


def create_engine(database_url: str, *, echo: bool = False) -> AsyncEngine:
    kwargs: dict[str, Any] = {"echo": echo}
    if database_url.startswith("sqlite"):
        # One file, many short connections: pooling buys little and NullPool avoids
        # sharing a connection between event loops in tests.
        kwargs["poolclass"] = NullPool
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_size"] = 10
        kwargs["max_overflow"] = 20
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(database_url, **kwargs)
    if database_url.startswith("sqlite"):
        _configure_sqlite(engine)
    return engine


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


def import_all_models() -> None:
    """Import every domain's models so SQLModel.metadata knows all tables."""
    from spark_graph import models  # noqa: F401


async def create_all_tables(engine: AsyncEngine) -> None:
    import_all_models()
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.create_all)


async def drop_all_tables(engine: AsyncEngine) -> None:
    import_all_models()
    async with engine.begin() as connection:
        await connection.run_sync(SQLModel.metadata.drop_all)


@asynccontextmanager
async def transaction(sessions: SessionFactory) -> AsyncIterator[AsyncSession]:
    """A session inside one transaction: committed on success, rolled back on any error,
    so a rule broken half-way leaves nothing written."""
    async with sessions() as session, session.begin():
        yield session


async def insert_ignoring_conflict(session: AsyncSession, model: Any, **values: Any) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: True when the row was inserted, False when a
    primary key or unique constraint already held it.

    The database is the guard, so two racing inserts cannot both land; and unlike a
    savepoint around a plain INSERT it behaves the same on SQLite (whose driver commits
    an outermost SAVEPOINT on release) and PostgreSQL."""
    from sqlalchemy.dialects import postgresql, sqlite

    statement: postgresql.Insert | sqlite.Insert
    if session.get_bind().dialect.name == "postgresql":
        statement = postgresql.insert(model).values(**values).on_conflict_do_nothing()
    else:
        statement = sqlite.insert(model).values(**values).on_conflict_do_nothing()
    result = await session.execute(statement)
    return bool(getattr(result, "rowcount", 0))


# One asyncio lock per SQLite engine: writers of this process queue in the event loop
# instead of polling the file lock with busy_timeout's sleeps (which is slow with hundreds
# of waiters). Other processes are still kept out by BEGIN IMMEDIATE and busy_timeout.
_sqlite_write_locks: WeakKeyDictionary[Any, asyncio.Lock] = WeakKeyDictionary()


_write_slots: WeakKeyDictionary[Any, asyncio.Semaphore] = WeakKeyDictionary()


def _write_slots_for(bind: Any) -> asyncio.Semaphore:
    """At most half the pool's connections in write transactions at once, per process."""
    if bind not in _write_slots:
        pool_size = getattr(bind.sync_engine.pool, "size", lambda: 10)()
        _write_slots[bind] = asyncio.Semaphore(max(1, pool_size // 2))
    return _write_slots[bind]


@asynccontextmanager
async def write_transaction(sessions: SessionFactory) -> AsyncIterator[AsyncSession]:
    """`transaction` for read-then-write work that must see a stable database (money).

    On SQLite the transaction starts with BEGIN IMMEDIATE: it takes the write lock up front,
    so concurrent writers queue instead of one of them failing with SQLITE_BUSY when a
    deferred reader tries to upgrade. On PostgreSQL it is a plain READ COMMITTED
    transaction; the callers' guards are conditional UPDATEs and unique constraints, which
    PostgreSQL re-checks against the latest committed row version."""
    async with sessions() as session:
        bind = session.bind
        if bind is None or bind.dialect.name != "sqlite":
            # A bulkhead: writers that will queue on the same hot rows (one campaign's
            # budget) wait here, holding no pooled connection, instead of filling the pool
            # and making every other request time out waiting for a connection.
            async with _write_slots_for(bind), session.begin():
                yield session
            return
        # Connect before queueing: opening a SQLite connection (a thread, PRAGMAs) need
        # not happen while holding the write lock. The driver emits no BEGIN of its own
        # before a non-DML statement, so the BEGIN IMMEDIATE below is the transaction that
        # SQLAlchemy later commits or rolls back.
        await session.connection()
        lock = _sqlite_write_locks.setdefault(bind, asyncio.Lock())
        async with lock:
            try:
                await session.execute(text("BEGIN IMMEDIATE"))
                yield session
            except BaseException:
                await session.rollback()
                raise
            await session.commit()
