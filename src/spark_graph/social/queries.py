from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from spark_graph.context import Info
from spark_graph.pagination import (
    After,
    Connection,
    First,
    InvalidArgumentError,
    PageRequest,
    build_connection,
    encode_cursor,
)
from spark_graph.social import service
from spark_graph.social.types import Topic


def _name_position(page: PageRequest) -> tuple[str, int] | None:
    """The `(name, id)` position inside a topics cursor."""
    if page.after is None:
        return None
    name, pk = page.after
    if not isinstance(name, str) or not isinstance(pk, int) or isinstance(pk, bool):
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after")
    return name, pk


@strawberry.enum(description="How the Explore page orders topics.")
class TopicOrder(Enum):
    NAME = strawberry.enum_value("NAME", description="Alphabetically by name.")
    TRENDING = strawberry.enum_value(
        "TRENDING", description="Most posts in the last 24 hours first, then by name."
    )


@strawberry.type
class SocialQuery:
    @strawberry.field(description="Topics for the Explore page, by name unless `orderBy` says.")
    async def topics(
        self,
        info: Info,
        first: First = None,
        after: After = None,
        order_by: Annotated[
            TopicOrder,
            strawberry.argument(description="NAME (the default) or TRENDING."),
        ] = TopicOrder.NAME,
    ) -> Connection[Topic]:
        if order_by is TopicOrder.TRENDING:
            from spark_graph.feed.queries import trending_topics

            return await trending_topics(info, first=first, after=after)
        page = PageRequest.parse(first, after, arity=2)
        position = _name_position(page)
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
