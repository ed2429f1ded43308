from __future__ import annotations

from typing import Annotated

import strawberry

from spark_graph.context import Info
from spark_graph.pagination import Connection, PageRequest, build_connection, encode_cursor
from spark_graph.social import service
from spark_graph.social.types import Topic


@strawberry.type
class SocialQuery:
    @strawberry.field(description="Topics for the Explore page, by name.")
    async def topics(
        self,
        info: Info,
        first: Annotated[
            int | None, strawberry.argument(description="Page size: default 20, at most 100.")
        ] = None,
        after: Annotated[
            str | None, strawberry.argument(description="The `endCursor` of the previous page.")
        ] = None,
    ) -> Connection[Topic]:
        page = PageRequest.parse(first, after, arity=2)
        position = (str(page.after[0]), int(page.after[1])) if page.after else None
        async with info.context.sessions() as session:
            rows = await service.list_topics(session=session, limit=page.limit, after=position)
        return build_connection(
            rows,
            page,
            to_node=Topic.from_row,
            cursor_of=lambda row: encode_cursor(row.name, row.id),
        )

    @strawberry.field(description="One topic by its slug; null if there is none.")
    async def topic(
        self,
        info: Info,
        slug: Annotated[str, strawberry.argument(description="The topic's slug, e.g. `kitchen`.")],
    ) -> Topic | None:
        async with info.context.sessions() as session:
            row = await service.find_topic_by_slug(session=session, slug=slug)
        return Topic.from_row(row) if row else None
