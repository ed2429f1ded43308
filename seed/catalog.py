"""Demo part: the product catalog."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from seed.data_files import read_data
from spark_graph.catalog.models import Product
from spark_graph.settings import Settings


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    products = [
        {
            "asin": entry["asin"],
            "title": entry["title"],
            "brand": entry["brand"],
            "category": entry["category"],
            "price": Decimal(str(entry["price"])),
            "currency": entry.get("currency", "USD"),
            "rating": float(entry.get("rating", 0)),
            "review_count": int(entry.get("review_count", 0)),
            "image_url": entry.get("image_url"),
            "created_at": now,
        }
        for entry in read_data("products")
    ]
    await session.execute(insert(Product), products)
