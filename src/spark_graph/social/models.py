from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from spark_graph.db import UTCDateTime


class Topic(SQLModel, table=True):
    __tablename__ = "topic"

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True, index=True)
    name: str = Field(max_length=100)
    description: str = Field(default="", max_length=500)
    # Members who chose the topic as an interest.
    follower_count: int = Field(default=0)
    post_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)


class TopicAlias(SQLModel, table=True):
    """A hashtag (lower-case, without '#') that routes a post into a topic."""

    __tablename__ = "topic_alias"
    __table_args__ = (UniqueConstraint("topic_id", "alias", name="uq_topic_alias"),)

    id: int | None = Field(default=None, primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", index=True)
    alias: str = Field(max_length=60, index=True)


class UserInterest(SQLModel, table=True):
    __tablename__ = "user_interest"

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", primary_key=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Follow(SQLModel, table=True):
    __tablename__ = "follow"
    __table_args__ = (Index("ix_follow_followee", "followee_id", "follower_id"),)

    follower_id: int = Field(foreign_key="user.id", primary_key=True)
    followee_id: int = Field(foreign_key="user.id", primary_key=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Post(SQLModel, table=True):
    __tablename__ = "post"
    __table_args__ = (
        Index("ix_post_created", "created_at", "id"),
        Index("ix_post_author_created", "author_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    author_id: int = Field(foreign_key="user.id")
    body: str = Field(max_length=2000)
    # Small lists read with every post: kept on the row so a feed page needs no extra query.
    media: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    hashtags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Maintained counters, changed in the same transaction as the rows they count.
    smile_count: int = Field(default=0)
    comment_count: int = Field(default=0)
    vote_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)


class PostTopic(SQLModel, table=True):
    __tablename__ = "post_topic"
    __table_args__ = (Index("ix_post_topic_topic_created", "topic_id", "created_at", "post_id"),)

    post_id: int = Field(foreign_key="post.id", primary_key=True)
    topic_id: int = Field(foreign_key="topic.id", primary_key=True)
    # The post's time, copied so a topic page reads one index range.
    created_at: datetime = Field(sa_type=UTCDateTime)


class ProductTag(SQLModel, table=True):
    """A dot on a post's photo at (x, y), both in [0, 1], linking to a product."""

    __tablename__ = "product_tag"

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", index=True)
    product_id: int = Field(foreign_key="product.id", index=True)
    x: float
    y: float


class Smile(SQLModel, table=True):
    __tablename__ = "smile"
    __table_args__ = (Index("ix_smile_user", "user_id", "post_id"),)

    post_id: int = Field(foreign_key="post.id", primary_key=True)
    user_id: int = Field(foreign_key="user.id", primary_key=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Comment(SQLModel, table=True):
    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_post_created", "post_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id")
    author_id: int = Field(foreign_key="user.id", index=True)
    body: str = Field(max_length=1000)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Poll(SQLModel, table=True):
    __tablename__ = "poll"

    id: int | None = Field(default=None, primary_key=True)
    post_id: int = Field(foreign_key="post.id", unique=True, index=True)
    closes_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    total_votes: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)


class PollOption(SQLModel, table=True):
    __tablename__ = "poll_option"

    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = Field(foreign_key="poll.id", index=True)
    position: int
    label: str = Field(max_length=80)
    vote_count: int = Field(default=0)


class Vote(SQLModel, table=True):
    __tablename__ = "vote"
    __table_args__ = (
        # One vote per member per poll; voting again moves this row to another option.
        UniqueConstraint("poll_id", "user_id", name="uq_vote_poll_user"),
        Index("ix_vote_option_created", "option_id", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    poll_id: int = Field(foreign_key="poll.id")
    option_id: int = Field(foreign_key="poll_option.id")
    user_id: int = Field(foreign_key="user.id", index=True)
    reason: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(sa_type=UTCDateTime)
