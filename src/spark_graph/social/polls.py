"""Poll rules: who may vote, moving a vote, closing, and percentages that add up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.social.models import Poll, PollOption, Post, Vote
from spark_graph.social.service import add_to_counter, add_to_counters, reloaded

MAX_REASON_LENGTH = 500
# Percentages carry one decimal: they are counted in tenths of a percent.
TENTHS_IN_WHOLE = 1000


def is_poll_closed(poll: Poll, now: datetime) -> bool:
    return poll.closes_at is not None and poll.closes_at <= now


def poll_percentages(vote_counts: Sequence[int]) -> list[float]:
    """Each option's share with one decimal, by largest remainder, so that the shares add
    up to exactly 100.0 when there are votes (all 0.0 when there are none). Ties in the
    remainder go to the earlier option."""
    total = sum(vote_counts)
    if total == 0:
        return [0.0 for _ in vote_counts]
    tenths = [count * TENTHS_IN_WHOLE // total for count in vote_counts]
    remainders = [count * TENTHS_IN_WHOLE % total for count in vote_counts]
    missing = TENTHS_IN_WHOLE - sum(tenths)
    by_remainder = sorted(range(len(vote_counts)), key=lambda i: (-remainders[i], i))
    for index in by_remainder[:missing]:
        tenths[index] += 1
    return [share / 10 for share in tenths]


def _clean_reason(viewer: User, reason: str | None) -> str | None:
    text = (reason or "").strip()
    if not text:
        return None
    if not viewer.is_prime:
        raise DomainError(
            ErrorCode.PRIME_REQUIRED,
            "Only Prime members may give a reason; vote without one, or join Prime.",
            "reason",
        )
    if len(text) > MAX_REASON_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, f"A reason is at most {MAX_REASON_LENGTH} characters.", "reason"
        )
    return text


async def vote(
    *, session: AsyncSession, viewer: User, option_id: int, reason: str | None, now: datetime
) -> Poll:
    """Any member may vote, once per poll (a unique constraint); voting again moves the
    vote and replaces its reason. Counters move in the same transaction."""
    text = _clean_reason(viewer, reason)
    option = await session.get(PollOption, option_id)
    if option is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No poll option has that ID.", "optionId")
    poll = await session.get(Poll, option.poll_id)
    assert poll is not None and poll.id is not None
    if is_poll_closed(poll, now):
        raise DomainError(ErrorCode.POLL_CLOSED, "The poll has closed.", "optionId")
    # Take the post first, as deletePost does (PostgreSQL: FOR KEY SHARE, which other
    # voters share): a vote racing a delete then waits for it instead of deadlocking.
    post_lock = select(col(Post.id)).where(col(Post.id) == poll.post_id)
    if (await session.execute(post_lock.with_for_update(key_share=True))).first() is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No poll option has that ID.", "optionId")
    assert viewer.id is not None
    try:
        inserted = await insert_ignoring_conflict(
            session,
            Vote,
            poll_id=poll.id,
            option_id=option_id,
            user_id=viewer.id,
            reason=text,
            created_at=now,
        )
    except IntegrityError as exc:  # the post and its poll were deleted in between
        raise DomainError(ErrorCode.NOT_FOUND, "No poll option has that ID.", "optionId") from exc
    if inserted:
        await add_to_counter(session, PollOption, col(PollOption.vote_count), [option_id], +1)
        await add_to_counter(session, Poll, col(Poll.total_votes), [poll.id], +1)
        await add_to_counter(session, Post, col(Post.vote_count), [poll.post_id], +1)
    else:
        await _recast(
            session, poll_id=poll.id, user_id=viewer.id, option_id=option_id, text=text, now=now
        )
    return await reloaded(session, Poll, poll.id)  # type: ignore[no-any-return]


async def _recast(
    session: AsyncSession,
    *,
    poll_id: int,
    user_id: int,
    option_id: int,
    text: str | None,
    now: datetime,
) -> None:
    # The row is locked on PostgreSQL; on SQLite the INSERT before already holds the
    # database's write lock. The UPDATE is guarded by the old option all the same.
    existing = (
        await session.execute(
            select(Vote)
            .where(col(Vote.poll_id) == poll_id, col(Vote.user_id) == user_id)
            .with_for_update()
        )
    ).scalar_one()
    old_option_id = existing.option_id
    result: Any = await session.execute(
        update(Vote)
        .where(col(Vote.id) == existing.id, col(Vote.option_id) == old_option_id)
        .values(option_id=option_id, reason=text, created_at=now)
    )
    if result.rowcount and old_option_id != option_id:
        await add_to_counters(
            session, PollOption, col(PollOption.vote_count), {old_option_id: -1, option_id: +1}
        )
