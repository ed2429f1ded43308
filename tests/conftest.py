"""Shared fixtures: a fresh database per test, the app on it, and a GraphQL client that
goes through the HTTP front door (httpx + ASGITransport)."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from spark_graph import migrations
from spark_graph.app import create_app
from spark_graph.clock import FrozenClock
from spark_graph.db import (
    SessionFactory,
    create_all_tables,
    create_engine,
    create_session_factory,
)
from spark_graph.settings import Settings
from tests.databases import (
    PostgresTestDatabase,
    configured_url,
    create_postgres_test_database,
    drop_postgres_test_database,
    on_postgres,
    sqlite_url,
)

# Cheap argon2 parameters: hashing is not what these tests are about.
TEST_SETTINGS = Settings(
    database_url="sqlite+aiosqlite:///:memory:",
    password_time_cost=1,
    password_memory_cost_kib=8,
    secret_key="test-secret-key-with-enough-length-for-hs256",
    # The test clock stands still, so buckets never refill: a roomy bucket keeps long tests
    # clear of the rate limit; tests of the limit set small values explicitly.
    rate_limit_capacity=1_000_000,
)


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[PostgresTestDatabase | None]:
    """With SPARK_TEST_DATABASE_URL on PostgreSQL: this process's test database, with every
    table, created once per session. None on SQLite."""
    url = configured_url()
    if not url or not on_postgres():
        yield None
        return
    database = create_postgres_test_database(url)
    yield database
    drop_postgres_test_database(database)


@pytest.fixture
def database_url(tmp_path: Path, postgres_database: PostgresTestDatabase | None) -> str:
    """This test's database: a new SQLite file by default; the per-process PostgreSQL
    database (emptied by `engine`) when SPARK_TEST_DATABASE_URL points there."""
    return sqlite_url(tmp_path) if postgres_database is None else postgres_database.url


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return TEST_SETTINGS.with_changes(database_url=database_url)


async def _build_sqlite_template(url: str) -> None:
    engine = create_engine(url)
    try:
        await create_all_tables(engine)
        # Recorded as at head, like the migrated PostgreSQL database: the CLI and servers
        # that tests start accept it (the migrations test proves the two schemas equal).
        await migrations.stamp(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database with every table, built once per session: each test copies the
    file (about a millisecond) instead of creating the tables again (hundreds)."""
    folder = tmp_path_factory.mktemp("sqlite-template")
    asyncio.run(_build_sqlite_template(sqlite_url(folder)))
    return folder / "test.db"


@pytest.fixture
async def engine(
    settings: Settings,
    postgres_database: PostgresTestDatabase | None,
    sqlite_template: Path,
) -> AsyncIterator[AsyncEngine]:
    """A fresh database for every test: a copy of the SQLite template in the test's own
    folder, or every PostgreSQL table emptied (at the start, so a crashed test leaves
    nothing behind)."""
    if postgres_database is None:
        target = Path(make_url(settings.database_url).database or "")
        shutil.copyfile(sqlite_template, target)
    engine = create_engine(settings.database_url)
    if postgres_database is not None:
        await postgres_database.reset(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> SessionFactory:
    return create_session_factory(engine)


@dataclass
class GraphQLClient:
    """Posts operations to /graphql; `token` is sent as a bearer credential."""

    http: httpx.AsyncClient

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        token: str | None = None,
        expect_errors: bool = False,
    ) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        if not expect_errors:
            assert "errors" not in body, body.get("errors")
        return body

    async def data(
        self, query: str, variables: dict[str, Any] | None = None, *, token: str | None = None
    ) -> dict[str, Any]:
        body = await self.execute(query, variables, token=token)
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture
async def app(
    settings: Settings, clock: FrozenClock, sessions: SessionFactory
) -> AsyncIterator[Any]:
    app = create_app(settings, clock=clock, sessions=sessions)
    yield app
    # httpx's ASGITransport runs no lifespan: close what it would have closed (the
    # event bus's PostgreSQL listener connection).
    await app.state.spark.events.close()


@pytest.fixture
async def http(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
def gql(http: httpx.AsyncClient) -> GraphQLClient:
    return GraphQLClient(http)


@pytest.fixture
def make_member(sessions: SessionFactory, settings: Settings, clock: FrozenClock) -> Any:
    """`await make_member(prime=True)` -> Member with a row and a bearer token."""
    from tests.factories import make_user

    async def make(**kwargs: Any) -> Any:
        return await make_user(sessions, settings, clock, **kwargs)

    return make
