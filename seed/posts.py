"""Demo part: posts with photos, hashtags (routed into topics), product tags and polls, and
the smiles, comments and votes (with reasons) on them. The app's rules hold in the data:
authors, smilers, commenters and reason givers are Prime; anyone may vote."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from seed.data_files import (
    SeedDataError,
    hashtags_in,
    hours_before,
    ids_by,
    lookup,
    prime_member_ids,
    read_data,
)
from spark_graph.auth.models import User
from spark_graph.catalog.models import Product
from spark_graph.settings import Settings
from spark_graph.social.models import (
    Comment,
    Poll,
    PollOption,
    Post,
    PostTopic,
    ProductTag,
    Smile,
    TopicAlias,
    Vote,
)


def _after(start: datetime, minutes: int, now: datetime) -> datetime:
    """A reaction some minutes after the post, never in the future."""
    return min(start + timedelta(minutes=minutes), now)


def _id(row_id: int | None) -> int:
    assert row_id is not None, "flushed rows have ids"
    return row_id


def _require_prime(user_id: int, prime_ids: set[int], handle: str, what: str) -> int:
    if user_id not in prime_ids:
        raise SeedDataError(f"{handle} {what} but is not Prime")
    return user_id


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    entries: list[dict[str, Any]] = read_data("posts")
    user_ids = await ids_by(session, User.handle, User.id)  # type: ignore[arg-type]
    prime_ids = await prime_member_ids(session)
    product_ids = await ids_by(session, Product.asin, Product.id)  # type: ignore[arg-type]
    topics_by_alias: dict[str, set[int]] = {}
    for alias, topic_id in (
        await session.execute(select(col(TopicAlias.alias), col(TopicAlias.topic_id)))
    ).all():
        topics_by_alias.setdefault(alias, set()).add(topic_id)

    posts = []
    for entry in entries:
        author_id = lookup(user_ids, entry["author"], "member")
        _require_prime(author_id, prime_ids, entry["author"], "posts")
        posts.append(
            Post(
                author_id=author_id,
                body=entry["body"],
                media=list(entry.get("media", [])),
                hashtags=hashtags_in(entry["body"]),
                created_at=hours_before(now, entry["hours_ago"]),
            )
        )
    session.add_all(posts)
    await session.flush()

    post_topics: list[dict[str, Any]] = []
    tags: list[dict[str, Any]] = []
    smiles: list[dict[str, Any]] = []
    comments: list[dict[str, Any]] = []
    polls: list[tuple[Poll, dict[str, Any]]] = []
    for post, entry in zip(posts, entries, strict=True):
        topic_ids = {t for tag in post.hashtags for t in topics_by_alias.get(tag, ())}
        post_topics += [
            {"post_id": post.id, "topic_id": t, "created_at": post.created_at}
            for t in sorted(topic_ids)
        ]
        tags += [
            {
                "post_id": post.id,
                "product_id": lookup(product_ids, tag["asin"], "product ASIN"),
                "x": float(tag["x"]),
                "y": float(tag["y"]),
            }
            for tag in entry.get("product_tags", [])
        ]
        for minute, handle in enumerate(dict.fromkeys(entry.get("smiles", [])), start=1):
            user_id = _require_prime(
                lookup(user_ids, handle, "member"), prime_ids, handle, "smiles"
            )
            smiles.append(
                {
                    "post_id": post.id,
                    "user_id": user_id,
                    "created_at": _after(post.created_at, 3 * minute, now),
                }
            )
        for comment in entry.get("comments", []):
            user_id = lookup(user_ids, comment["by"], "member")
            _require_prime(user_id, prime_ids, comment["by"], "comments")
            created = max(hours_before(now, comment.get("hours_ago", 0)), post.created_at)
            comments.append(
                {
                    "post_id": post.id,
                    "author_id": user_id,
                    "body": comment["body"],
                    "created_at": created,
                }
            )
        if poll := entry.get("poll"):
            closes_after = poll.get("closes_hours_after_post")
            closes_at = (
                None if closes_after is None else post.created_at + timedelta(hours=closes_after)
            )
            polls.append(
                (Poll(post_id=_id(post.id), closes_at=closes_at, created_at=post.created_at), poll)
            )

    if post_topics:
        await session.execute(insert(PostTopic), post_topics)
    if tags:
        await session.execute(insert(ProductTag), tags)
    if smiles:
        await session.execute(insert(Smile), smiles)
    if comments:
        await session.execute(insert(Comment), comments)
    await _load_polls(session, polls, user_ids=user_ids, prime_ids=prime_ids, now=now)


async def _load_polls(
    session: AsyncSession,
    polls: list[tuple[Poll, dict[str, Any]]],
    *,
    user_ids: dict[str, int],
    prime_ids: set[int],
    now: datetime,
) -> None:
    if not polls:
        return
    session.add_all([poll for poll, _ in polls])
    await session.flush()
    options: list[tuple[PollOption, int]] = []
    for index, (poll, entry) in enumerate(polls):
        labels = list(entry["options"])
        if not 2 <= len(labels) <= 6:
            raise SeedDataError(f"a poll has {len(labels)} options; 2 to 6 are allowed")
        options += [
            (PollOption(poll_id=_id(poll.id), position=position, label=label), index)
            for position, label in enumerate(labels)
        ]
    session.add_all([option for option, _ in options])
    await session.flush()
    option_ids: dict[tuple[int, str], int] = {
        (index, option.label): option.id for option, index in options if option.id is not None
    }
    votes = []
    for index, (poll, entry) in enumerate(polls):
        seen: set[int] = set()
        for minute, vote in enumerate(entry.get("votes", []), start=1):
            user_id = lookup(user_ids, vote["by"], "member")
            if user_id in seen:
                raise SeedDataError(f"{vote['by']} votes twice in one poll; one vote per member")
            seen.add(user_id)
            reason = vote.get("reason")
            if reason:
                _require_prime(user_id, prime_ids, vote["by"], "gives a reason for a vote")
            votes.append(
                {
                    "poll_id": poll.id,
                    "option_id": lookup(option_ids, (index, vote["option"]), "poll option"),
                    "user_id": user_id,
                    "reason": reason or None,
                    "created_at": _after(poll.created_at, 5 * minute, now),
                }
            )
    if votes:
        await session.execute(insert(Vote), votes)
