"""After the bulk inserts, every maintained counter is recomputed in SQL from the rows it
counts, so the demo starts exact whatever the data files say."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.catalog.models import IdeaList, IdeaListItem, Product
from spark_graph.social.models import Comment as CommentRow
from spark_graph.social.models import (
    Follow,
    Poll,
    PollOption,
    Post,
    PostTopic,
    Smile,
    Topic,
    UserInterest,
    Vote,
)


def _count(where: Any) -> Any:
    return select(func.count()).where(where).scalar_subquery()


def counter_updates() -> list[Any]:
    """One UPDATE per table, each counter a correlated COUNT(*)."""
    return [
        update(Post).values(
            smile_count=_count(col(Smile.post_id) == col(Post.id)),
            comment_count=_count(col(CommentRow.post_id) == col(Post.id)),
            vote_count=select(func.count())
            .select_from(Vote)
            .join(Poll, col(Poll.id) == col(Vote.poll_id))
            .where(col(Poll.post_id) == col(Post.id))
            .scalar_subquery(),
        ),
        update(Poll).values(total_votes=_count(col(Vote.poll_id) == col(Poll.id))),
        update(PollOption).values(vote_count=_count(col(Vote.option_id) == col(PollOption.id))),
        update(Topic).values(
            follower_count=_count(col(UserInterest.topic_id) == col(Topic.id)),
            post_count=_count(col(PostTopic.topic_id) == col(Topic.id)),
        ),
        update(User).values(
            follower_count=_count(col(Follow.followee_id) == col(User.id)),
            following_count=_count(col(Follow.follower_id) == col(User.id)),
        ),
        update(Product).values(saved_count=_count(col(IdeaListItem.product_id) == col(Product.id))),
        update(IdeaList).values(
            item_count=_count(col(IdeaListItem.idea_list_id) == col(IdeaList.id))
        ),
    ]


async def recompute_counters(session: AsyncSession) -> None:
    for statement in counter_updates():
        await session.execute(statement)
