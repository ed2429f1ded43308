from __future__ import annotations

from typing import Annotated

import strawberry

from spark_graph.catalog import service
from spark_graph.catalog.types import After, First, Product
from spark_graph.context import Info
from spark_graph.pagination import (
    DEFAULT_PAGE_SIZE,
    Connection,
    InvalidArgumentError,
    PageRequest,
    build_connection,
    encode_cursor,
)


def _after_id(after: list[object] | None) -> int | None:
    if after is None:
        return None
    try:
        return int(str(after[0]))
    except ValueError as exc:
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after") from exc


@strawberry.type
class CatalogQuery:
    @strawberry.field(
        description="Search the catalog: products whose title or brand contains the query, "
        "ignoring case. An empty query lists every product. A stable order, so pages never "
        "repeat or skip a product."
    )
    async def products(
        self,
        info: Info,
        query: Annotated[
            str, strawberry.argument(description="Text to find in titles and brands.")
        ] = "",
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> Connection[Product]:
        page = PageRequest.parse(first, after, arity=1)
        async with info.context.sessions() as session:
            rows = await service.search_products(
                session=session, query=query, limit=page.limit, after_id=_after_id(page.after)
            )
        return build_connection(
            rows, page, to_node=Product.from_row, cursor_of=lambda row: encode_cursor(row.id)
        )
