"""Catalog rows for tests. Products have no mutation (the catalog is imported), so they are
inserted as rows; idea lists and items go through the API in the tests themselves."""

from __future__ import annotations

import itertools
from decimal import Decimal

from spark_graph.catalog.models import Product
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory, transaction
from spark_graph.ids import global_id

_asins = itertools.count(1)


async def make_product(
    sessions: SessionFactory,
    clock: Clock,
    *,
    title: str = "Cast Iron Skillet",
    brand: str = "Lodge",
    category: str = "kitchen",
    price: str = "19.90",
) -> str:
    """A product row; returns its global ID."""
    async with transaction(sessions) as session:
        product = Product(
            asin=f"T{next(_asins):09d}",
            title=title,
            brand=brand,
            category=category,
            price=Decimal(price),
            rating=4.5,
            review_count=120,
            created_at=clock.now(),
        )
        session.add(product)
        await session.flush()
        assert product.id is not None
        return global_id("Product", product.id)
