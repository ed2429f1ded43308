"""Posts: what a post may hold, how hashtags route it into topics, and how it goes away."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.auth.service import require_prime
from spark_graph.catalog.models import Product
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.social.models import (
    Comment,
    Poll,
    PollOption,
    Post,
    PostTopic,
    ProductTag,
    Smile,
    Topic,
    Vote,
)
from spark_graph.social.service import add_to_counter, topic_ids_for_hashtags

MAX_BODY_LENGTH = 2000
MAX_PHOTOS = 10
MAX_URL_LENGTH = 500
MAX_PRODUCT_TAGS = 20
MAX_HASHTAGS = 30
MAX_DIMENSION = 20_000
MIN_POLL_OPTIONS = 2
MAX_POLL_OPTIONS = 6
MAX_OPTION_LENGTH = 80
DEFAULT_POLL_DURATION = timedelta(days=7)
MAX_POLL_DURATION_HOURS = 24 * 30

# `#` then word characters (letters of any script, digits, underscore), not glued to a
# preceding word or '#': "#Kitchen" and "#küche" are hashtags, "a#b" and "##x" are not.
HASHTAG_PATTERN = re.compile(r"(?<![\w#&])#(\w{1,60})")


def parse_hashtags(body: str) -> list[str]:
    """The body's hashtags, lower-case, without '#', each once, in order of appearance."""
    tags = dict.fromkeys(match.lower() for match in HASHTAG_PATTERN.findall(body))
    return list(tags)[:MAX_HASHTAGS]


@dataclass(frozen=True)
class ProductTagDraft:
    product_id: int
    x: float
    y: float


@dataclass(frozen=True)
class PollDraft:
    options: list[str]
    closes_at: datetime | None = None
    duration_hours: int | None = None


@dataclass
class PostDraft:
    body: str
    media_urls: list[str] = field(default_factory=list)
    product_tags: list[ProductTagDraft] = field(default_factory=list)
    poll: PollDraft | None = None


def media_item(url: str, index: int) -> dict[str, Any]:
    """A photo as stored: its URL and, when the URL's query says so (`?w=800&h=600`), its
    size in pixels; unknown sizes are null."""
    where = f"mediaUrls[{index}]"
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise DomainError(ErrorCode.INVALID, "A photo URL must be http or https.", where) from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise DomainError(ErrorCode.INVALID, "A photo URL must be http or https.", where)
    if len(url) > MAX_URL_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, f"A photo URL is at most {MAX_URL_LENGTH} characters.", where
        )
    query = parse_qs(parts.query)

    def dimension(*names: str) -> int | None:
        for name in names:
            values = query.get(name)
            if values and values[0].isdigit() and 0 < int(values[0]) <= MAX_DIMENSION:
                return int(values[0])
        return None

    return {"url": url, "width": dimension("w", "width"), "height": dimension("h", "height")}


def validate_poll(draft: PollDraft, now: datetime) -> tuple[list[str], datetime]:
    """The poll's option labels and closing time, or INVALID with the field at fault."""
    if not MIN_POLL_OPTIONS <= len(draft.options) <= MAX_POLL_OPTIONS:
        raise DomainError(
            ErrorCode.INVALID,
            f"A poll has {MIN_POLL_OPTIONS} to {MAX_POLL_OPTIONS} options.",
            "poll.options",
        )
    labels: list[str] = []
    seen: set[str] = set()
    for index, option in enumerate(draft.options):
        label = option.strip()
        where = f"poll.options[{index}]"
        if not 1 <= len(label) <= MAX_OPTION_LENGTH:
            raise DomainError(
                ErrorCode.INVALID, f"An option is 1 to {MAX_OPTION_LENGTH} characters.", where
            )
        if label.casefold() in seen:
            raise DomainError(ErrorCode.INVALID, "Poll options must differ.", where)
        seen.add(label.casefold())
        labels.append(label)
    if draft.closes_at is not None and draft.duration_hours is not None:
        raise DomainError(
            ErrorCode.INVALID, "Give either closesAt or durationHours, not both.", "poll"
        )
    if draft.duration_hours is not None:
        if not 1 <= draft.duration_hours <= MAX_POLL_DURATION_HOURS:
            raise DomainError(
                ErrorCode.INVALID,
                f"A poll runs 1 to {MAX_POLL_DURATION_HOURS} hours.",
                "poll.durationHours",
            )
        return labels, now + timedelta(hours=draft.duration_hours)
    if draft.closes_at is not None:
        closes_at = draft.closes_at
        if closes_at.tzinfo is None or closes_at <= now:
            raise DomainError(
                ErrorCode.INVALID,
                "A poll closes in the future (with a time zone).",
                "poll.closesAt",
            )
        if closes_at > now + timedelta(hours=MAX_POLL_DURATION_HOURS):
            raise DomainError(ErrorCode.INVALID, "A poll runs at most 30 days.", "poll.closesAt")
        return labels, closes_at
    return labels, now + DEFAULT_POLL_DURATION


def validate_product_tags(tags: list[ProductTagDraft]) -> None:
    if len(tags) > MAX_PRODUCT_TAGS:
        raise DomainError(
            ErrorCode.INVALID, f"A post tags at most {MAX_PRODUCT_TAGS} products.", "productTags"
        )
    for index, tag in enumerate(tags):
        for axis, value in (("x", tag.x), ("y", tag.y)):
            if not 0.0 <= value <= 1.0:
                raise DomainError(
                    ErrorCode.INVALID,
                    "A tag's position is between 0 and 1 on the photo.",
                    f"productTags[{index}].{axis}",
                )


async def _check_products_exist(session: AsyncSession, tags: list[ProductTagDraft]) -> None:
    wanted = {tag.product_id for tag in tags}
    if not wanted:
        return
    found = set(
        (await session.execute(select(col(Product.id)).where(col(Product.id).in_(wanted))))
        .scalars()
        .all()
    )
    for index, tag in enumerate(tags):
        if tag.product_id not in found:
            raise DomainError(
                ErrorCode.NOT_FOUND, "No product has that ID.", f"productTags[{index}].productId"
            )


async def create_post(
    *, session: AsyncSession, author: User, draft: PostDraft, now: datetime
) -> Post:
    """Prime only. Validates everything before writing; routes the post into the topics
    its hashtags name and counts it there."""
    require_prime(author)
    body = draft.body.strip()
    if not 1 <= len(body) <= MAX_BODY_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, f"A post is 1 to {MAX_BODY_LENGTH} characters.", "body"
        )
    if len(draft.media_urls) > MAX_PHOTOS:
        raise DomainError(
            ErrorCode.INVALID, f"A post has at most {MAX_PHOTOS} photos.", "mediaUrls"
        )
    media = [media_item(url, index) for index, url in enumerate(draft.media_urls)]
    validate_product_tags(draft.product_tags)
    poll = validate_poll(draft.poll, now) if draft.poll is not None else None
    await _check_products_exist(session, draft.product_tags)

    hashtags = parse_hashtags(body)
    assert author.id is not None
    post = Post(author_id=author.id, body=body, media=media, hashtags=hashtags, created_at=now)
    session.add(post)
    await session.flush()
    assert post.id is not None
    topic_ids = await topic_ids_for_hashtags(session=session, hashtags=hashtags)
    session.add_all(PostTopic(post_id=post.id, topic_id=t, created_at=now) for t in topic_ids)
    session.add_all(
        ProductTag(post_id=post.id, product_id=tag.product_id, x=tag.x, y=tag.y)
        for tag in draft.product_tags
    )
    if poll is not None:
        labels, closes_at = poll
        poll_row = Poll(post_id=post.id, closes_at=closes_at, created_at=now)
        session.add(poll_row)
        await session.flush()
        assert poll_row.id is not None
        session.add_all(
            PollOption(poll_id=poll_row.id, position=position, label=label)
            for position, label in enumerate(labels)
        )
    await session.flush()
    await add_to_counter(session, Topic, col(Topic.post_count), topic_ids, +1)
    return post


async def delete_post(*, session: AsyncSession, viewer_id: int, post_id: int) -> None:
    """Authors only. Removes the post with everything hanging off it and gives back the
    counts it held, in one transaction.

    Topic counts drop only for the links this DELETE really removed (RETURNING), and the
    final guarded DELETE of the post makes a second, racing delete roll back as NOT_FOUND."""
    # The row lock (PostgreSQL) makes a smile, comment or vote racing the delete wait for
    # it and then find the post gone, instead of slipping a row in under it.
    post = await session.get(Post, post_id, with_for_update=True)
    if post is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No post has that ID.", "postId")
    if post.author_id != viewer_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the author may delete a post.", "postId")
    topic_ids = (
        await session.execute(
            delete(PostTopic)
            .where(col(PostTopic.post_id) == post_id)
            .returning(col(PostTopic.topic_id))
        )
    ).scalars()
    await add_to_counter(session, Topic, col(Topic.post_count), list(topic_ids), -1)
    poll_ids = select(col(Poll.id)).where(col(Poll.post_id) == post_id).scalar_subquery()
    await session.execute(delete(Vote).where(col(Vote.poll_id).in_(poll_ids)))
    await session.execute(delete(PollOption).where(col(PollOption.poll_id).in_(poll_ids)))
    await session.execute(delete(Poll).where(col(Poll.post_id) == post_id))
    for model in (Smile, Comment, ProductTag):
        await session.execute(delete(model).where(col(model.post_id) == post_id))
    result: Any = await session.execute(
        delete(Post).where(col(Post.id) == post_id, col(Post.author_id) == viewer_id)
    )
    if not result.rowcount:
        raise DomainError(ErrorCode.NOT_FOUND, "No post has that ID.", "postId")
