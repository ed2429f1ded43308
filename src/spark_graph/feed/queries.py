from __future__ import annotations

import strawberry

from spark_graph.context import Info
from spark_graph.feed import service
from spark_graph.feed.types import FeedConnection, FeedEdge, FeedReason
from spark_graph.pagination import (
    After,
    First,
    PageRequest,
    build_connection,
    time_cursor,
    time_keyset,
)
from spark_graph.social.models import Post as PostRow
from spark_graph.social.types import Post


@strawberry.type
class FeedQuery:
    @strawberry.field(description="The home feed, for members and anonymous visitors alike.")
    async def feed(
        self,
        info: Info,
        first: First = None,
        after: After = None,
    ) -> FeedConnection:
        page = PageRequest.parse(first, after, arity=2)
        async with info.context.sessions() as session:
            rows = await service.newest_posts(
                session=session, limit=page.limit, after=time_keyset(page)
            )

        def cursor_of(row: PostRow) -> str:
            assert row.id is not None
            return time_cursor(row.created_at, row.id)

        page_of_posts = build_connection(rows, page, to_node=Post.from_row, cursor_of=cursor_of)
        return FeedConnection(
            edges=[
                FeedEdge(cursor=edge.cursor, node=edge.node, reason=FeedReason.NEW)
                for edge in page_of_posts.edges
            ],
            page_info=page_of_posts.page_info,
        )
