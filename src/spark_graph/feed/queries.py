"""The home feed: posts for the viewer, ranked, each with the reason it is there."""

from __future__ import annotations

import strawberry
from strawberry.relay import PageInfo

from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.feed import service
from spark_graph.feed.models import FeedSnapshot
from spark_graph.feed.types import FeedConnection, FeedEdge, FeedReason
from spark_graph.pagination import After, First, InvalidArgumentError, PageRequest, encode_cursor
from spark_graph.social.types import Post


def _position(page: PageRequest) -> tuple[int, int] | None:
    """The `(snapshot id, position)` inside a feed cursor."""
    if page.after is None:
        return None
    values = page.after
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after")
    return values[0], values[1]


@strawberry.type
class FeedQuery:
    @strawberry.field(
        description="The home feed, ranked for the viewer: posts from followed members and "
        "in the viewer's interests first, then what is trending and new; anonymous visitors "
        "and members without interests get the trending feed. Paging with `after` continues "
        "the ranking as it was on the first page, so nothing repeats or goes missing while "
        "others post; a cursor older than a day is refused (reload the feed)."
    )
    async def feed(self, info: Info, first: First = None, after: After = None) -> FeedConnection:
        context = info.context
        page = PageRequest.parse(first, after, arity=2)
        position = _position(page)
        now = context.clock.now()
        async with context.sessions() as session:
            if position is None:
                ranked = await service.rank_feed(
                    session=session, viewer_id=context.viewer_id, now=now
                )
                snapshot: FeedSnapshot | None = FeedSnapshot(
                    id=0,
                    viewer_id=context.viewer_id,
                    created_at=now,
                    post_ids=[item.post_id for item in ranked],
                    reasons="".join(service.REASON_LETTERS[item.reason] for item in ranked),
                )
            else:
                snapshot = await service.find_snapshot(
                    session=session, snapshot_id=position[0], viewer_id=context.viewer_id, now=now
                )
                if snapshot is None:
                    raise InvalidArgumentError(
                        "This feed cursor has expired or is not yours; load the feed again "
                        "without `after`.",
                        "after",
                    )
            assert snapshot is not None
            start = 0 if position is None else position[1]
            window = service.slice_of(snapshot, start=start, first=page.first)
            found = await service.posts_with_authors(
                session=session, post_ids=[post_id for _, post_id, _ in window.items]
            )
        if position is None:
            # Written in its own short transaction after the reads: on SQLite a read
            # transaction that turns into a write can fail at once under concurrency.
            async with transaction(context.sessions) as session:
                saved = await service.save_snapshot(
                    session=session, viewer_id=context.viewer_id, now=now, ranked=ranked
                )
            assert saved.id is not None
            window = service.FeedSlice(
                snapshot_id=saved.id, items=window.items, has_next=window.has_next
            )
        for post, author in found.values():
            context.loaders.post_by_id.prime(post.id, post)
            context.loaders.user_by_id.prime(author.id, author)
        edges = [
            FeedEdge(
                cursor=encode_cursor(window.snapshot_id, index + 1),
                node=Post.from_row(found[post_id][0]),
                reason=FeedReason[reason.value],
            )
            for index, post_id, reason in window.items
            if post_id in found  # a post deleted since the snapshot leaves a gap, not an error
        ]
        return FeedConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=window.has_next,
                has_previous_page=position is not None,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
