"""The home feed: posts for the viewer, ranked, each with the reason it is there."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.relay import PageInfo

from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.feed import service
from spark_graph.feed.loaders import TopicMoment
from spark_graph.feed.models import FeedSnapshot
from spark_graph.feed.types import FeedConnection, FeedEdge, FeedReason
from spark_graph.pagination import (
    After,
    Connection,
    Edge,
    First,
    InvalidArgumentError,
    PageRequest,
    encode_cursor,
)
from spark_graph.social.types import Post, Topic


def _position(page: PageRequest) -> tuple[int, int] | None:
    """The `(snapshot id, position)` inside a feed cursor."""
    if page.after is None:
        return None
    values = page.after
    if not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after")
    return values[0], values[1]


def _moment_position(page: PageRequest, now: datetime) -> tuple[datetime, int]:
    """The `(moment, position)` inside a ranked-list cursor; `(now, 0)` on a first page."""
    if page.after is None:
        return now, 0
    moment, position = page.after
    try:
        parsed = datetime.fromisoformat(moment)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after") from exc
    if parsed.tzinfo is None or not isinstance(position, int) or position < 0:
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after")
    return parsed, position


async def ranked_topic_posts(
    info: Info, *, topic_id: int, first: int | None, after: str | None
) -> Connection[Post]:
    """A topic's posts by engagement and recency. The cursor keeps the moment of the first
    page, so later pages rank the same posts with the same decay (posts arriving meanwhile
    wait for a reload)."""
    page = PageRequest.parse(first, after, arity=2)
    moment, start = _moment_position(page, info.context.clock.now())
    loaders = info.context.loaders
    ranked = await loaders.ranked_posts_by_topic.load(TopicMoment(topic_id, moment))
    chosen = ranked[start : start + page.first]
    rows = await loaders.post_by_id.load_many([item.post_id for item in chosen])
    edges = [
        Edge(cursor=encode_cursor(moment.isoformat(), start + index + 1), node=Post.from_row(row))
        for index, row in enumerate(rows)
        if row is not None
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + page.first < len(ranked),
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


async def trending_topics(info: Info, *, first: int | None, after: str | None) -> Connection[Topic]:
    """Topics by recent activity; the cursor keeps the moment, so counts do not move."""
    page = PageRequest.parse(first, after, arity=2)
    moment, start = _moment_position(page, info.context.clock.now())
    async with info.context.sessions() as session:
        rows = await service.trending_topics(
            session=session, now=moment, limit=page.limit, offset=start
        )
    kept = rows[: page.first]
    edges = [
        Edge(cursor=encode_cursor(moment.isoformat(), start + index + 1), node=Topic.from_row(row))
        for index, row in enumerate(kept)
    ]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > page.first,
            has_previous_page=start > 0,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


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
        # With their authors, in one statement (the loader primes the author loader).
        rows = await context.loaders.post_by_id.load_many([item[1] for item in window.items])
        edges = [
            FeedEdge(
                cursor=encode_cursor(window.snapshot_id, index + 1),
                node=Post.from_row(row),
                reason=FeedReason[reason.value],
            )
            for (index, _, reason), row in zip(window.items, rows, strict=True)
            if row is not None  # a post deleted since the snapshot leaves a gap, not an error
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
