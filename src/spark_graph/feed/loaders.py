"""Batch loaders of the feed domain."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.dataloading import SessionLoader
from spark_graph.feed.ranking import Candidate, RankedItem, rank
from spark_graph.feed.service import TOPIC_POOL, WINDOW, candidate_of
from spark_graph.social.models import Post, PostTopic


class TopicMoment(NamedTuple):
    topic_id: int
    # The moment the ranking is computed for: a page's cursor carries it, so paging on
    # ranks the same posts with the same decay.
    now: datetime


class RankedPostsByTopicLoader(SessionLoader[TopicMoment, list[RankedItem]]):
    """A topic's recent posts ranked by engagement and recency, without personal signals.

    One statement for every topic of a page (the Explore page shows twenty): the
    TOPIC_POOL newest posts of each topic in the window, through the topic/time index."""

    async def load_batch(
        self, session: AsyncSession, keys: list[TopicMoment]
    ) -> list[list[RankedItem]]:
        pools = []
        for key in dict.fromkeys(keys):
            pool = (
                select(
                    col(PostTopic.topic_id), col(Post.id), col(Post.author_id),
                    col(Post.created_at), col(Post.smile_count), col(Post.comment_count),
                    col(Post.vote_count),
                )
                .join(Post, col(Post.id) == col(PostTopic.post_id))
                .where(
                    col(PostTopic.topic_id) == key.topic_id,
                    col(PostTopic.created_at) > key.now - WINDOW,
                    col(PostTopic.created_at) <= key.now,
                )
                .order_by(col(PostTopic.created_at).desc())
                .limit(TOPIC_POOL)
                .subquery()
            )  # fmt: skip
            pools.append(select(pool))
        rows = (await session.execute(union_all(*pools))).all()
        candidates: dict[int, list[Candidate]] = {}
        for row in rows:
            candidates.setdefault(row.topic_id, []).append(candidate_of(row))
        return [rank(candidates.get(key.topic_id, []), now=key.now, personal=False) for key in keys]
