from __future__ import annotations

from typing import Self

import strawberry
from strawberry import relay

from spark_graph.catalog.models import Product as ProductRow
from spark_graph.context import Info
from spark_graph.money import Money


@strawberry.type(name="Product", description="A product in the catalog.")
class Product(relay.Node):
    id: relay.NodeID[int]
    asin: str = strawberry.field(description="Amazon Standard Identification Number.")
    title: str = strawberry.field(description="The product's title.")
    brand: str = strawberry.field(description="The brand that makes it.")
    category: str = strawberry.field(
        description="Category slug (e.g. `kitchen`, `luxury-beauty`); it sets commission rates."
    )
    price: Money = strawberry.field(description="The current price.")
    rating: float = strawberry.field(description="Average star rating, 0 to 5.")
    review_count: int = strawberry.field(description="How many reviews the rating averages.")
    image_url: str | None = strawberry.field(description="A picture of the product.")
    saved_count: int = strawberry.field(description="How many idea lists hold this product.")
    row: strawberry.Private[ProductRow]

    @classmethod
    def from_row(cls, row: ProductRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            asin=row.asin,
            title=row.title,
            brand=row.brand,
            category=row.category,
            price=Money.of(row.price, row.currency),
            rating=row.rating,
            review_count=row.review_count,
            image_url=row.image_url,
            saved_count=row.saved_count,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        keys = [int(i) if i.isdigit() else -1 for i in node_ids]
        rows = await info.context.loaders.product_by_id.load_many(keys)
        return [cls.from_row(row) if row else None for row in rows]
