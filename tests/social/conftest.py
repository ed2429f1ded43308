"""Fixtures of the social tests: topics (through the service) and products to tag."""

from __future__ import annotations

from typing import Any

import pytest

from spark_graph.clock import FrozenClock
from spark_graph.db import SessionFactory, transaction
from spark_graph.ids import global_id
from spark_graph.social import service
from tests.catalog import factories as catalog_factories


@pytest.fixture
def make_topic(sessions: SessionFactory, clock: FrozenClock) -> Any:
    """`await make_topic("home-decor", aliases=["decor"])` -> the Topic's global ID."""

    async def make(slug: str, *, name: str | None = None, aliases: list[str] | None = None) -> str:
        async with transaction(sessions) as session:
            topic = await service.create_topic(
                session=session,
                now=clock.now(),
                slug=slug,
                name=name or slug.replace("-", " ").title(),
                aliases=aliases or [],
            )
        assert topic.id is not None
        return global_id("Topic", topic.id)

    return make


@pytest.fixture
def make_product(sessions: SessionFactory, clock: FrozenClock) -> Any:
    """`await make_product(title=...)` -> the Product's global ID."""

    async def make(**fields: Any) -> str:
        return await catalog_factories.make_product(sessions, clock, **fields)

    return make
