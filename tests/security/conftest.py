"""An app with changed settings, for tests that set small limits explicitly."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest

from spark_graph.app import create_app
from spark_graph.clock import FrozenClock
from spark_graph.db import SessionFactory
from spark_graph.settings import Settings
from tests.conftest import GraphQLClient

ClientFactory = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def http_with(settings: Settings, clock: FrozenClock, sessions: SessionFactory) -> ClientFactory:
    """`async with http_with(max_query_cost=3) as http:` an HTTP client on an app whose
    settings differ from the test settings by those values."""

    @asynccontextmanager
    async def make(**changes: Any) -> AsyncIterator[httpx.AsyncClient]:
        app = create_app(settings.with_changes(**changes), clock=clock, sessions=sessions)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            yield c

    return make


@pytest.fixture
def gql_with(http_with: ClientFactory) -> Callable[..., AbstractAsyncContextManager[GraphQLClient]]:
    @asynccontextmanager
    async def make(**changes: Any) -> AsyncIterator[GraphQLClient]:
        async with http_with(**changes) as http:
            yield GraphQLClient(http)

    return make
