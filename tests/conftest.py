"""Shared fixtures: a fresh database per test, the app on it, and a GraphQL client that
goes through the HTTP front door (httpx + ASGITransport)."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from spark_graph.app import create_app
from spark_graph.clock import FrozenClock
from spark_graph.db import (
    SessionFactory,
    create_all_tables,
    create_engine,
    create_session_factory,
)
from spark_graph.settings import Settings

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


def database_url_for(tmp_path: Path) -> str:
    """SQLite in a fresh file by default; SPARK_TEST_DATABASE_URL points the suite elsewhere."""
    return os.environ.get("SPARK_TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_path}/test.db"


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return TEST_SETTINGS.with_changes(database_url=database_url_for(tmp_path))


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(settings.database_url)
    await create_all_tables(engine)
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
async def app(settings: Settings, clock: FrozenClock, sessions: SessionFactory) -> Any:
    return create_app(settings, clock=clock, sessions=sessions)


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
