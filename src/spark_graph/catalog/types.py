from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from spark_graph.catalog.loaders import page_key, time_id_cursor
from spark_graph.catalog.models import IdeaList as IdeaListRow
from spark_graph.catalog.models import IdeaListItem as IdeaListItemRow
from spark_graph.catalog.models import Product as ProductRow
from spark_graph.catalog.service import can_see_idea_list
from spark_graph.context import Info
from spark_graph.ids import node_keys
from spark_graph.money import Money
from spark_graph.pagination import DEFAULT_PAGE_SIZE, Connection, PageRequest, build_connection

if TYPE_CHECKING:
    from spark_graph.auth.types import User

FIRST_DESCRIPTION = "How many items to return: 20 when omitted, at most 100."
AFTER_DESCRIPTION = "A cursor from `pageInfo.endCursor`: return the items after it."
DEFAULT_SIMILAR = 6

First = Annotated[int | None, strawberry.argument(description=FIRST_DESCRIPTION)]
After = Annotated[str | None, strawberry.argument(description=AFTER_DESCRIPTION)]


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
    saved_count: int = strawberry.field(
        description="How many idea lists hold this product (private ones included)."
    )
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
        rows = await info.context.loaders.product_by_id.load_many(node_keys(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(
        description="Idea lists holding this product, most recently saved first: public "
        "lists, plus the viewer's own private ones."
    )
    async def saved_in(
        self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> IdeaListConnection:
        page = PageRequest.parse(first, after, arity=2)
        rows = await info.context.loaders.idea_lists_by_product.load(page_key(self.id, page))
        return IdeaListConnection.of(
            build_connection(
                rows,
                page,
                to_node=lambda row: IdeaList.from_row(row[0]),
                cursor_of=lambda row: time_id_cursor(row[1], row[2]),
            )
        )

    @strawberry.field(
        description="Other products of the same category, most saved first (a short list, "
        "not a connection)."
    )
    async def similar(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many products: 6 when omitted, at most 100."),
        ] = DEFAULT_SIMILAR,
    ) -> list[Product]:
        size = PageRequest.parse(DEFAULT_SIMILAR if first is None else first, None).first
        rows = await info.context.loaders.similar_products.load((self.row.category, self.id, size))
        return [Product.from_row(row) for row in rows]


@strawberry.type(name="IdeaListItem", description="A product saved into an idea list.")
class IdeaListItem:
    note: str = strawberry.field(description="The owner's note about the product; may be empty.")
    added_at: datetime = strawberry.field(description="When the product was saved.")
    row: strawberry.Private[IdeaListItemRow]

    @classmethod
    def from_row(cls, row: IdeaListItemRow) -> Self:
        return cls(note=row.note, added_at=row.added_at, row=row)

    @strawberry.field(description="The saved product.")
    async def product(self, info: Info) -> Product:
        row = await info.context.loaders.product_by_id.load(self.row.product_id)
        return Product.from_row(row)


@strawberry.type(
    name="IdeaList",
    description="A member's collection of saved products. Private lists are seen by their "
    "owner alone.",
)
class IdeaList(relay.Node):
    id: relay.NodeID[int]
    title: str = strawberry.field(description="The list's title.")
    description: str = strawberry.field(description="What the list is for; may be empty.")
    is_public: bool = strawberry.field(
        description="Public lists are seen by everyone; private ones by their owner alone."
    )
    item_count: int = strawberry.field(description="How many products the list holds.")
    created_at: datetime = strawberry.field(description="When the list was created.")
    updated_at: datetime = strawberry.field(description="When the list last changed.")
    row: strawberry.Private[IdeaListRow]

    @classmethod
    def from_row(cls, row: IdeaListRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            title=row.title,
            description=row.description,
            is_public=row.is_public,
            item_count=row.item_count,
            created_at=row.created_at,
            updated_at=row.updated_at,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.idea_list_by_id.load_many(node_keys(node_ids))
        viewer_id = info.context.viewer_id
        # Someone else's private list does not exist for the viewer.
        return [
            cls.from_row(row) if row and can_see_idea_list(row, viewer_id) else None for row in rows
        ]

    @strawberry.field(description="The member who keeps the list.")
    async def owner(self, info: Info) -> Annotated[User, strawberry.lazy("spark_graph.auth.types")]:
        from spark_graph.auth.types import User

        row = await info.context.loaders.user_by_id.load(self.row.owner_id)
        return User.from_row(row)

    @strawberry.field(description="The saved products, most recently saved first.")
    async def items(
        self, info: Info, first: First = DEFAULT_PAGE_SIZE, after: After = None
    ) -> Connection[IdeaListItem]:
        page = PageRequest.parse(first, after, arity=2)
        rows = await info.context.loaders.items_by_idea_list.load(page_key(self.id, page))
        return build_connection(
            rows,
            page,
            to_node=lambda row: IdeaListItem.from_row(row[0]),
            cursor_of=lambda row: time_id_cursor(row[0].added_at, row[0].id),
        )


@strawberry.type(
    name="IdeaListConnection",
    description="A page of idea lists, in the Relay connection shape.",
)
class IdeaListConnection(Connection[IdeaList]):
    """Named (not just `Connection[IdeaList]`) so the User type can refer to it lazily."""

    @classmethod
    def of(cls, page: Connection[IdeaList]) -> IdeaListConnection:
        return cls(edges=page.edges, page_info=page.page_info)


async def idea_lists_of(
    info: Info, *, owner_id: int, first: int | None, after: str | None
) -> IdeaListConnection:
    """A member's idea lists, newest first, as the viewer may see them (for User.ideaLists)."""
    page = PageRequest.parse(first, after, arity=2)
    rows = await info.context.loaders.idea_lists_by_owner.load(page_key(owner_id, page))
    return IdeaListConnection.of(
        build_connection(
            rows,
            page,
            to_node=lambda row: IdeaList.from_row(row[0]),
            cursor_of=lambda row: time_id_cursor(row[0].created_at, row[0].id),
        )
    )
