"""Social rules: topics and their hashtag aliases, interests, follows, smiles, comments.

Posts (creation, deletion) live in `posting.py` and polls in `polls.py`. Every function is
keyword-only over a session the caller holds inside one transaction; a broken rule raises
`DomainError` and the caller rolls back, so nothing is written. Counters move in SQL
(`n = n + 1`) only when a guarded INSERT or DELETE reports that a row really changed."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.auth.service import require_prime
from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.social.models import (
    Comment,
    Follow,
    Post,
    Smile,
    Topic,
    TopicAlias,
    UserInterest,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALIAS_PATTERN = re.compile(r"^\w{1,60}$")
MIN_INTERESTS = 5
MAX_INTERESTS = 50
MAX_COMMENT_LENGTH = 1000


# --- topics -------------------------------------------------------------------------------


def normalize_alias(value: str) -> str:
    """A hashtag as stored and matched: without '#', lower-case."""
    return value.strip().lstrip("#").lower()


def aliases_for(slug: str, extra: Iterable[str] = ()) -> list[str]:
    """The topic's aliases: always the slug without hyphens (`home-decor` -> `homedecor`),
    then the extra ones, normalized and without repeats."""
    return list(dict.fromkeys([slug.replace("-", ""), *(normalize_alias(a) for a in extra)]))


async def create_topic(
    *,
    session: AsyncSession,
    now: datetime,
    slug: str,
    name: str,
    description: str = "",
    aliases: Sequence[str] = (),
) -> Topic:
    slug = slug.strip().lower()
    if not SLUG_PATTERN.match(slug) or len(slug) > 60:
        raise DomainError(
            ErrorCode.INVALID, "A slug is lower-case words joined by hyphens.", "slug"
        )
    if not name.strip() or len(name) > 100:
        raise DomainError(ErrorCode.INVALID, "A topic name is 1 to 100 characters.", "name")
    if len(description) > 500:
        raise DomainError(
            ErrorCode.INVALID, "A description is at most 500 characters.", "description"
        )
    all_aliases = aliases_for(slug, aliases)
    for index, alias in enumerate(all_aliases[1:]):
        if not ALIAS_PATTERN.match(alias):
            raise DomainError(
                ErrorCode.INVALID,
                "An alias is a hashtag of letters and digits.",
                f"aliases[{index}]",
            )
    topic = Topic(slug=slug, name=name.strip(), description=description, created_at=now)
    session.add(topic)
    try:
        await session.flush()
    except IntegrityError as exc:
        raise DomainError(ErrorCode.TAKEN, "That slug is taken.", "slug") from exc
    assert topic.id is not None
    session.add_all(TopicAlias(topic_id=topic.id, alias=alias) for alias in all_aliases)
    await session.flush()
    return topic


async def find_topic_by_slug(*, session: AsyncSession, slug: str) -> Topic | None:
    result = await session.execute(select(Topic).where(col(Topic.slug) == slug.strip().lower()))
    return result.scalar_one_or_none()


async def list_topics(
    *, session: AsyncSession, limit: int, after: tuple[str, int] | None
) -> list[Topic]:
    """Topics by name (then ID), `limit` of them after the position `after`."""
    statement = select(Topic).order_by(col(Topic.name), col(Topic.id)).limit(limit)
    if after is not None:
        name, pk = after
        statement = statement.where(
            (col(Topic.name) > name) | ((col(Topic.name) == name) & (col(Topic.id) > pk))
        )
    return list((await session.execute(statement)).scalars())


async def topic_ids_for_hashtags(*, session: AsyncSession, hashtags: Sequence[str]) -> list[int]:
    """Every topic with an alias among the hashtags, each once, in ID order."""
    if not hashtags:
        return []
    statement = (
        select(col(TopicAlias.topic_id))
        .where(col(TopicAlias.alias).in_(hashtags))
        .distinct()
        .order_by(col(TopicAlias.topic_id))
    )
    return list((await session.execute(statement)).scalars())


# --- interests ------------------------------------------------------------------------------


async def choose_interests(
    *, session: AsyncSession, user_id: int, topic_ids: Sequence[int], now: datetime
) -> None:
    """Replace the member's interests by `topic_ids` (at least five distinct topics).

    Topic follower counts move only for rows that really went or came: the DELETE says
    which rows it removed (RETURNING) and each INSERT whether it landed."""
    chosen = list(dict.fromkeys(topic_ids))
    if len(chosen) < MIN_INTERESTS:
        raise DomainError(
            ErrorCode.TOO_FEW_INTERESTS,
            f"Choose at least {MIN_INTERESTS} different topics.",
            "topicIds",
        )
    if len(chosen) > MAX_INTERESTS:
        raise DomainError(ErrorCode.INVALID, f"Choose at most {MAX_INTERESTS} topics.", "topicIds")
    found = set(
        (await session.execute(select(col(Topic.id)).where(col(Topic.id).in_(chosen)))).scalars()
    )
    for index, topic_id in enumerate(topic_ids):
        if topic_id not in found:
            raise DomainError(ErrorCode.NOT_FOUND, "No topic has that ID.", f"topicIds[{index}]")
    # Two replacements racing for one member must not merge into their union: the member's
    # row lock (PostgreSQL) or the database write lock the DELETE takes (SQLite) orders them.
    await session.execute(select(col(User.id)).where(col(User.id) == user_id).with_for_update())
    dropped = (
        await session.execute(
            delete(UserInterest)
            .where(col(UserInterest.user_id) == user_id, col(UserInterest.topic_id).not_in(chosen))
            .returning(col(UserInterest.topic_id))
        )
    ).scalars()
    deltas = dict.fromkeys(dropped, -1)
    for topic_id in chosen:
        if await insert_ignoring_conflict(
            session, UserInterest, user_id=user_id, topic_id=topic_id, created_at=now
        ):
            deltas[topic_id] = +1
    await add_to_counters(session, Topic, col(Topic.follower_count), deltas)


async def add_to_counters(
    session: AsyncSession, model: Any, column: Any, deltas: Mapping[int, int]
) -> None:
    """`column = column + delta` for each row, one UPDATE per row in ID order: every
    transaction then locks counter rows in the same order, so two cannot deadlock."""
    for pk in sorted(deltas):
        if deltas[pk]:
            await session.execute(
                update(model).where(model.id == pk).values({column.key: column + deltas[pk]})
            )


async def add_to_counter(
    session: AsyncSession, model: Any, column: Any, ids: Sequence[int], delta: int
) -> None:
    await add_to_counters(session, model, column, dict.fromkeys(ids, delta))


# --- follows --------------------------------------------------------------------------------


async def _followee(session: AsyncSession, follower_id: int, followee_id: int) -> User:
    if follower_id == followee_id:
        raise DomainError(ErrorCode.CANNOT_FOLLOW_SELF, "You cannot follow yourself.", "userId")
    followee = await session.get(User, followee_id)
    if followee is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No member has that ID.", "userId")
    return followee


async def _move_follow_counters(
    session: AsyncSession, follower_id: int, followee_id: int, delta: int
) -> None:
    # Lower ID first, whichever side it is on: A following B while B follows A must not
    # lock the two rows in opposite orders.
    for user_id in sorted((follower_id, followee_id)):
        column = User.follower_count if user_id == followee_id else User.following_count
        await add_to_counters(session, User, col(column), {user_id: delta})


async def follow(
    *, session: AsyncSession, follower_id: int, followee_id: int, now: datetime
) -> User:
    """Idempotent: following twice leaves one row and the counts as they were."""
    await _followee(session, follower_id, followee_id)
    if await insert_ignoring_conflict(
        session, Follow, follower_id=follower_id, followee_id=followee_id, created_at=now
    ):
        await _move_follow_counters(session, follower_id, followee_id, +1)
    return await reloaded(session, User, followee_id)


async def unfollow(*, session: AsyncSession, follower_id: int, followee_id: int) -> User:
    """Idempotent: unfollowing someone not followed changes nothing."""
    await _followee(session, follower_id, followee_id)
    result: Any = await session.execute(
        delete(Follow).where(
            col(Follow.follower_id) == follower_id, col(Follow.followee_id) == followee_id
        )
    )
    if result.rowcount:
        await _move_follow_counters(session, follower_id, followee_id, -1)
    return await reloaded(session, User, followee_id)


async def reloaded(session: AsyncSession, model: Any, pk: int) -> Any:
    row = await session.get(model, pk, populate_existing=True)
    if row is None:
        raise DomainError(ErrorCode.NOT_FOUND, "The object is gone.")
    return row


# --- smiles and comments ----------------------------------------------------------------------


async def existing_post(session: AsyncSession, post_id: int) -> Post:
    post = await session.get(Post, post_id)
    if post is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No post has that ID.", "postId")
    return post


async def smile(*, session: AsyncSession, viewer: User, post_id: int, now: datetime) -> Post:
    """Prime only; idempotent. The primary key (post, member) guards the one smile."""
    require_prime(viewer)
    await existing_post(session, post_id)
    try:
        inserted = await insert_ignoring_conflict(
            session, Smile, post_id=post_id, user_id=viewer.id, created_at=now
        )
    except IntegrityError as exc:  # the post was deleted in between (foreign key)
        raise DomainError(ErrorCode.NOT_FOUND, "No post has that ID.", "postId") from exc
    if inserted:
        await add_to_counter(session, Post, col(Post.smile_count), [post_id], +1)
    return await reloaded(session, Post, post_id)


async def unsmile(*, session: AsyncSession, viewer: User, post_id: int) -> Post:
    """Prime only; idempotent. The count drops only when a smile row was deleted."""
    require_prime(viewer)
    await existing_post(session, post_id)
    result: Any = await session.execute(
        delete(Smile).where(col(Smile.post_id) == post_id, col(Smile.user_id) == viewer.id)
    )
    if result.rowcount:
        await add_to_counter(session, Post, col(Post.smile_count), [post_id], -1)
    return await reloaded(session, Post, post_id)


async def add_comment(
    *, session: AsyncSession, viewer: User, post_id: int, body: str, now: datetime
) -> Comment:
    """Prime only. The counter UPDATE doubles as the existence check of the post."""
    require_prime(viewer)
    body = body.strip()
    if not 1 <= len(body) <= MAX_COMMENT_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, f"A comment is 1 to {MAX_COMMENT_LENGTH} characters.", "body"
        )
    result: Any = await session.execute(
        update(Post)
        .where(col(Post.id) == post_id)
        .values(comment_count=col(Post.comment_count) + 1)
    )
    if not result.rowcount:
        raise DomainError(ErrorCode.NOT_FOUND, "No post has that ID.", "postId")
    assert viewer.id is not None
    comment = Comment(post_id=post_id, author_id=viewer.id, body=body, created_at=now)
    session.add(comment)
    await session.flush()
    return comment
