"""Which posts the feed shows, in which order. For now: every post, newest first."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.social.models import Post


async def newest_posts(
    *, session: AsyncSession, limit: int, after: tuple[datetime, int] | None
) -> list[Post]:
    """`limit` posts by `(created_at, id)` descending, after the position `after`."""
    statement = select(Post).order_by(col(Post.created_at).desc(), col(Post.id).desc()).limit(limit)
    if after is not None:
        statement = statement.where(tuple_(col(Post.created_at), col(Post.id)) < after)
    return list((await session.execute(statement)).scalars())
