from __future__ import annotations

from typing import Annotated

import strawberry

from spark_graph.context import Info
from spark_graph.storefronts.types import Storefront


@strawberry.type
class StorefrontQuery:
    @strawberry.field(description="A storefront by its vanity slug; public, null when none has it.")
    async def storefront(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The slug, e.g. `jane-picks`.")],
    ) -> Storefront | None:
        row = await info.context.loaders.storefront_by_slug.load(slug.strip())
        return Storefront.from_row(row, info.context.settings.public_base_url) if row else None
