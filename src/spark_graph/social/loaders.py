"""Batch loaders of the social graph: one statement per batch, whatever the page size.

Loaders named `Viewer...` answer for the member making the request (`viewer_id`); they
return False/None for anonymous requests without touching the database."""

from __future__ import annotations

from typing import Any

from aiodataloader import DataLoader
from sqlalchemy import exists, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.catalog.models import Product
from spark_graph.dataloading import (
    ChildPageLoader,
    PageColumns,
    RowByIdLoader,
    SessionLoader,
    group_rows,
)
from spark_graph.db import SessionFactory
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
from spark_graph.storefronts.badges import BadgesByUserIdLoader


class TopicByIdLoader(RowByIdLoader):
    model = Topic


class PostByIdLoader(SessionLoader[int, Post | None]):
    """Posts by ID, with their authors, the authors' program badges and whether the viewer
    smiled, in one statement: every post card shows all of them, so those loaders are primed
    instead of queried again."""

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        viewer_id: int | None,
        users: DataLoader,
        smiled: DataLoader,
        badges: BadgesByUserIdLoader,
    ) -> None:
        super().__init__(sessions, viewer_id=viewer_id)
        self.users = users
        self.smiled = smiled
        self.badges = badges

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[Post | None]:
        viewer_smiled = (
            exists().where(col(Smile.post_id) == col(Post.id), col(Smile.user_id) == self.viewer_id)
            if self.viewer_id is not None
            else literal(False)
        )
        statement = self.badges.with_author_profile(
            select(Post, User, viewer_smiled.label("viewer_smiled"))
            .join(User, col(User.id) == col(Post.author_id))
            .where(col(Post.id).in_(keys)),
            col(User.id),
        )
        by_id: dict[int | None, Post] = {}
        for post, author, smiled, author_profile in (await session.execute(statement)).all():
            by_id[post.id] = post
            self.users.prime(author.id, author)
            self.smiled.prime(post.id, bool(smiled))
            self.badges.prime_from_profile(post.author_id, author_profile)
        return [by_id.get(key) for key in keys]


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
    """A post's product tags; their products come in the same statement (primed)."""

    def __init__(self, sessions: SessionFactory, *, products: DataLoader) -> None:
        super().__init__(sessions)
        self.products = products

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[ProductTag]]:
        statement = (
            select(ProductTag, Product)
            .join(Product, col(Product.id) == col(ProductTag.product_id))
            .where(col(ProductTag.post_id).in_(keys))
            .order_by(col(ProductTag.id))
        )
        tags = []
        for tag, product in (await session.execute(statement)).all():
            tags.append(tag)
            self.products.prime(product.id, product)
        return group_rows(tags, keys, lambda tag: tag.post_id)


class PollByPostIdLoader(SessionLoader[int, Poll | None]):
    """A post's poll. The same statement brings its options and the viewer's vote, which
    every poll card shows, and primes their loaders."""

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        viewer_id: int | None,
        options: DataLoader,
        viewer_votes: DataLoader,
    ) -> None:
        super().__init__(sessions, viewer_id=viewer_id)
        self.options = options
        self.viewer_votes = viewer_votes

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[Poll | None]:
        viewer_vote = (
            select(col(Vote.option_id))
            .where(col(Vote.poll_id) == col(Poll.id), col(Vote.user_id) == self.viewer_id)
            .scalar_subquery()
            if self.viewer_id is not None
            else literal(None)
        )
        statement = (
            select(Poll, PollOption, viewer_vote.label("viewer_option_id"))
            .join(PollOption, col(PollOption.poll_id) == col(Poll.id))
            .where(col(Poll.post_id).in_(keys))
            .order_by(col(Poll.id), col(PollOption.position), col(PollOption.id))
        )
        by_post: dict[int, Poll] = {}
        options: dict[int | None, list[PollOption]] = {}
        votes: dict[int | None, int | None] = {}
        for poll, option, viewer_option_id in (await session.execute(statement)).all():
            by_post[poll.post_id] = poll
            options.setdefault(poll.id, []).append(option)
            votes[poll.id] = viewer_option_id
        for poll_id, poll_options in options.items():
            self.options.prime(poll_id, poll_options)
            self.viewer_votes.prime(poll_id, votes[poll_id])
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
