"""Batch loaders of the social graph: one statement per batch, whatever the page size.

Loaders named `Viewer...` answer for the member making the request (`viewer_id`); they
return False/None for anonymous requests without touching the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.dataloading import (
    ChildPageLoader,
    PageColumns,
    RowByIdLoader,
    SessionLoader,
    group_rows,
)
from spark_graph.social.models import (
    Comment,
    Follow,
    Poll,
    PollOption,
    Post,
    PostTopic,
    ProductTag,
    Smile,
    Topic,
    TopicAlias,
    UserInterest,
    Vote,
)


class TopicByIdLoader(RowByIdLoader):
    model = Topic


class PostByIdLoader(RowByIdLoader):
    model = Post


class CommentByIdLoader(RowByIdLoader):
    model = Comment


class PollByIdLoader(RowByIdLoader):
    model = Poll


class PollOptionByIdLoader(RowByIdLoader):
    model = PollOption


class TopicsByPostIdLoader(SessionLoader[int, list[Topic]]):
    """The topics a post's hashtags routed it into, by name."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[Topic]]:
        statement = (
            select(col(PostTopic.post_id), Topic)
            .join(Topic, col(Topic.id) == col(PostTopic.topic_id))
            .where(col(PostTopic.post_id).in_(keys))
            .order_by(col(Topic.name), col(Topic.id))
        )
        rows = (await session.execute(statement)).all()
        return [[topic for _, topic in group] for group in group_rows(rows, keys, lambda r: r[0])]


class AliasesByTopicIdLoader(SessionLoader[int, list[str]]):
    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[str]]:
        statement = (
            select(col(TopicAlias.topic_id), col(TopicAlias.alias))
            .where(col(TopicAlias.topic_id).in_(keys))
            .order_by(col(TopicAlias.id))
        )
        rows = (await session.execute(statement)).all()
        return [[alias for _, alias in group] for group in group_rows(rows, keys, lambda r: r[0])]


class InterestsByUserIdLoader(SessionLoader[int, list[Topic]]):
    """The topics a member chose as interests, by name."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[Topic]]:
        statement = (
            select(col(UserInterest.user_id), Topic)
            .join(Topic, col(Topic.id) == col(UserInterest.topic_id))
            .where(col(UserInterest.user_id).in_(keys))
            .order_by(col(Topic.name), col(Topic.id))
        )
        rows = (await session.execute(statement)).all()
        return [[topic for _, topic in group] for group in group_rows(rows, keys, lambda r: r[0])]


class ProductTagsByPostIdLoader(SessionLoader[int, list[ProductTag]]):
    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[ProductTag]]:
        statement = (
            select(ProductTag).where(col(ProductTag.post_id).in_(keys)).order_by(col(ProductTag.id))
        )
        rows = (await session.execute(statement)).scalars().all()
        return group_rows(rows, keys, lambda tag: tag.post_id)


class PollByPostIdLoader(SessionLoader[int, Poll | None]):
    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[Poll | None]:
        rows = (await session.execute(select(Poll).where(col(Poll.post_id).in_(keys)))).scalars()
        by_post = {poll.post_id: poll for poll in rows}
        return [by_post.get(key) for key in keys]


class OptionsByPollIdLoader(SessionLoader[int, list[PollOption]]):
    """A poll's options in the order the author wrote them."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[PollOption]]:
        statement = (
            select(PollOption)
            .where(col(PollOption.poll_id).in_(keys))
            .order_by(col(PollOption.position), col(PollOption.id))
        )
        rows = (await session.execute(statement)).scalars().all()
        return group_rows(rows, keys, lambda option: option.poll_id)


class ViewerVoteByPollIdLoader(SessionLoader[int, int | None]):
    """The option the viewer voted for in each poll, or None."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[int | None]:
        if self.viewer_id is None:
            return [None for _ in keys]
        statement = select(col(Vote.poll_id), col(Vote.option_id)).where(
            col(Vote.user_id) == self.viewer_id, col(Vote.poll_id).in_(keys)
        )
        by_poll: dict[int, int] = {
            poll_id: option_id for poll_id, option_id in await _all(session, statement)
        }
        return [by_poll.get(key) for key in keys]


class ViewerHasSmiledLoader(SessionLoader[int, bool]):
    """Whether the viewer smiled at each post."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[bool]:
        if self.viewer_id is None:
            return [False for _ in keys]
        statement = select(col(Smile.post_id)).where(
            col(Smile.user_id) == self.viewer_id, col(Smile.post_id).in_(keys)
        )
        smiled = set((await session.execute(statement)).scalars())
        return [key in smiled for key in keys]


class ViewerIsFollowingLoader(SessionLoader[int, bool]):
    """Whether the viewer follows each member."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[bool]:
        if self.viewer_id is None:
            return [False for _ in keys]
        statement = select(col(Follow.followee_id)).where(
            col(Follow.follower_id) == self.viewer_id, col(Follow.followee_id).in_(keys)
        )
        followed = set((await session.execute(statement)).scalars())
        return [key in followed for key in keys]


class PostPageByTopicIdLoader(ChildPageLoader):
    """A topic's posts, newest first."""

    columns = PageColumns(
        parent=col(PostTopic.topic_id),
        child_id=col(PostTopic.post_id),
        sort=(col(PostTopic.created_at), col(PostTopic.post_id)),
        descending=True,
    )


class CommentPageByPostIdLoader(ChildPageLoader):
    """A post's comments, oldest first."""

    columns = PageColumns(
        parent=col(Comment.post_id),
        child_id=col(Comment.id),
        sort=(col(Comment.created_at), col(Comment.id)),
    )


class ReasonPageByOptionIdLoader(ChildPageLoader):
    """The votes for an option that carry a reason, newest first."""

    columns = PageColumns(
        parent=col(Vote.option_id),
        child_id=col(Vote.id),
        sort=(col(Vote.created_at), col(Vote.id)),
        descending=True,
    )

    def where(self) -> list[Any]:
        return [col(Vote.reason).is_not(None)]


class VoteByIdLoader(RowByIdLoader):
    model = Vote


async def _all(session: AsyncSession, statement: Any) -> list[Any]:
    return list((await session.execute(statement)).all())
