"""Fixtures of the social tests: topics (through the service) and products to tag."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from spark_graph.catalog.models import Product
from spark_graph.clock import FrozenClock
from spark_graph.db import SessionFactory, transaction
from spark_graph.ids import global_id
from spark_graph.social import service

_asins = itertools.count(1)


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

    async def make(title: str = "Cast-iron skillet", price: str = "24.99") -> str:
        async with transaction(sessions) as session:
            product = Product(
                asin=f"B{next(_asins):09d}",
                title=title,
                brand="Lodge",
                category="kitchen",
                price=Decimal(price),
                rating=4.5,
                review_count=1200,
                created_at=clock.now(),
            )
            session.add(product)
            await session.flush()
        assert product.id is not None
        return global_id("Product", product.id)

    return make
