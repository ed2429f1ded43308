"""Which posts the feed shows, in which order: candidates from bounded SQL, ranked in Python
by `ranking.rank`, frozen in a snapshot so that paging on is stable.

Candidates never scan every post. They are the union of three index ranges, each cut at a
fixed count inside a recent window:
- the RECENT_POOL newest posts (`ix_post_created`);
- the PERSONAL_POOL newest posts by authors the viewer follows (`ix_post_author_created`);
- the PERSONAL_POOL newest posts in the viewer's interests among the INTEREST_HORIZON
  newest posts (`ix_post_topic_topic_created`).
With the hot-rank decay a post loses 90% of its rank in half a day, so deeper posts could
not outrank these anyway; the counts keep a request's cost independent of the world's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, exists, func, literal, select, union
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.db import UTCDateTime
from spark_graph.feed.models import FeedSnapshot
from spark_graph.feed.ranking import Candidate, RankedItem, Reason, rank
from spark_graph.social.models import Follow, Post, PostTopic, Topic, UserInterest

WINDOW = timedelta(days=14)
RECENT_POOL = 200
PERSONAL_POOL = 100
INTEREST_HORIZON = 3000
# A topic page ranks its newest TOPIC_POOL posts of the window.
TOPIC_POOL = 100
# Topics ordered by TRENDING count their posts of this last stretch of time.
TRENDING_TOPIC_WINDOW = timedelta(hours=24)
# How many ranked posts a snapshot keeps: the feed's depth.
FEED_DEPTH = 300
# A cursor older than this asks the client to reload the feed; older snapshots are pruned.
SNAPSHOT_TTL = timedelta(hours=24)
PRUNE_EVERY = 500

REASON_LETTERS = {reason: reason.value[0] for reason in Reason}
REASONS_BY_LETTER = {letter: reason for reason, letter in REASON_LETTERS.items()}


@dataclass(frozen=True)
class FeedSlice:
    snapshot_id: int
    # (position in the snapshot, post id, reason) for the requested items.
    items: list[tuple[int, int, Reason]]
    has_next: bool


def _newest(statement: Any, created_at: Any, limit: int) -> Any:
    return statement.order_by(created_at.desc()).limit(limit).subquery()


def candidate_parameters(*, viewer_id: int | None, now: datetime) -> dict[str, Any]:
    return {"viewer_id": viewer_id, "now": now, "since": now - WINDOW}


@cache
def candidate_statement(*, personal: bool) -> Any:
    """One statement: candidate posts with the viewer's signals for each, computed in SQL
    from the viewer's interests and follows (no round trip to load them first). Built once
    per shape, with bound parameters (`candidate_parameters`): building it per request
    cost as much as running it."""
    viewer_id: Any = bindparam("viewer_id")
    now = bindparam("now", type_=UTCDateTime)
    since = bindparam("since", type_=UTCDateTime)
    in_window = (col(Post.created_at) > since, col(Post.created_at) <= now)
    recent = _newest(select(col(Post.id).label("post_id")).where(*in_window),
                     col(Post.created_at), RECENT_POOL)  # fmt: skip
    pools = [select(recent.c.post_id)]
    if personal:
        followed_ids = select(col(Follow.followee_id)).where(col(Follow.follower_id) == viewer_id)
        interest_ids = select(col(UserInterest.topic_id)).where(
            col(UserInterest.user_id) == viewer_id
        )
        by_followed = _newest(
            select(col(Post.id).label("post_id")).where(
                col(Post.author_id).in_(followed_ids), *in_window
            ),
            col(Post.created_at),
            PERSONAL_POOL,
        )
        # The interest pool reads only the INTEREST_HORIZON newest posts' stretch of time:
        # popular topics hold thousands of posts a week, and reading them all would make
        # every request cost more as the world grows.
        horizon = (
            select(col(Post.created_at))
            .where(*in_window)
            .order_by(col(Post.created_at).desc())
            .offset(INTEREST_HORIZON)
            .limit(1)
            .scalar_subquery()
        )
        in_interests = _newest(
            select(col(PostTopic.post_id).label("post_id")).where(
                col(PostTopic.topic_id).in_(interest_ids),
                col(PostTopic.created_at) > since,
                col(PostTopic.created_at) >= func.coalesce(horizon, since),
                col(PostTopic.created_at) <= now,
            ),
            col(PostTopic.created_at),
            PERSONAL_POOL,
        )
        pools += [select(by_followed.c.post_id), select(in_interests.c.post_id)]
        overlap: Any = (
            select(func.count())
            .where(
                col(PostTopic.post_id) == col(Post.id), col(PostTopic.topic_id).in_(interest_ids)
            )
            .scalar_subquery()
        )
        followed: Any = col(Post.author_id).in_(followed_ids)
        has_interests: Any = exists(interest_ids)
    else:
        overlap, followed, has_interests = literal(0), literal(False), literal(False)
    ids = union(*pools).subquery()
    return select(
        col(Post.id), col(Post.author_id), col(Post.created_at), col(Post.smile_count),
        col(Post.comment_count), col(Post.vote_count), overlap.label("overlap"),
        followed.label("followed"), has_interests.label("has_interests"),
    ).where(col(Post.id).in_(select(ids.c.post_id)))  # fmt: skip


async def rank_feed(
    *, session: AsyncSession, viewer_id: int | None, now: datetime
) -> list[RankedItem]:
    """The ranked feed at `now`. Anonymous visitors and members without interests get the
    trending feed: the same score without personal signals."""
    statement = candidate_statement(personal=viewer_id is not None)
    parameters = candidate_parameters(viewer_id=viewer_id, now=now)
    rows = (await session.execute(statement, parameters)).all()
    personal = bool(rows) and bool(rows[0].has_interests)
    candidates = [candidate_of(row) for row in rows]
    return rank(candidates, now=now, personal=personal)[:FEED_DEPTH]


def candidate_of(row: Any) -> Candidate:
    """A candidate from a row with the post's columns, and the viewer's signals if any."""
    signals = row._mapping
    return Candidate(
        post_id=row.id,
        author_id=row.author_id,
        created_at=row.created_at,
        smile_count=row.smile_count,
        comment_count=row.comment_count,
        vote_count=row.vote_count,
        interest_overlap=signals.get("overlap", 0),
        author_followed=bool(signals.get("followed", False)),
    )


async def save_snapshot(
    *, session: AsyncSession, viewer_id: int | None, now: datetime, ranked: list[RankedItem]
) -> FeedSnapshot:
    """Freeze a ranking; prune expired snapshots now and then (one in PRUNE_EVERY)."""
    snapshot = FeedSnapshot(
        viewer_id=viewer_id,
        created_at=now,
        post_ids=[item.post_id for item in ranked],
        reasons="".join(REASON_LETTERS[item.reason] for item in ranked),
    )
    session.add(snapshot)
    await session.flush()
    assert snapshot.id is not None
    if snapshot.id % PRUNE_EVERY == 0:
        await session.execute(
            delete(FeedSnapshot).where(col(FeedSnapshot.created_at) < now - SNAPSHOT_TTL)
        )
    return snapshot


async def find_snapshot(
    *, session: AsyncSession, snapshot_id: int, viewer_id: int | None, now: datetime
) -> FeedSnapshot | None:
    """The snapshot a cursor points into, if it is the viewer's and not expired."""
    snapshot = await session.get(FeedSnapshot, snapshot_id)
    if snapshot is None or snapshot.viewer_id != viewer_id:
        return None
    if snapshot.created_at < now - SNAPSHOT_TTL:
        return None
    return snapshot


def slice_of(snapshot: FeedSnapshot, *, start: int, first: int) -> FeedSlice:
    assert snapshot.id is not None
    end = start + first
    items = [
        (position, post_id, REASONS_BY_LETTER[snapshot.reasons[position]])
        for position, post_id in enumerate(snapshot.post_ids[start:end], start)
    ]
    return FeedSlice(snapshot_id=snapshot.id, items=items, has_next=end < len(snapshot.post_ids))


async def trending_topics(
    *, session: AsyncSession, now: datetime, limit: int, offset: int
) -> list[Topic]:
    """Topics by how many posts they received in the last TRENDING_TOPIC_WINDOW before
    `now` (ties by name): each count is an index range of `ix_post_topic_topic_created`."""
    activity = (
        select(func.count())
        .where(
            col(PostTopic.topic_id) == col(Topic.id),
            col(PostTopic.created_at) > now - TRENDING_TOPIC_WINDOW,
            col(PostTopic.created_at) <= now,
        )
        .scalar_subquery()
    )
    statement = (
        select(Topic)
        .order_by(activity.desc(), col(Topic.name), col(Topic.id))
        .offset(offset)
        .limit(limit)
    )
    return list((await session.execute(statement)).scalars())
