"""Demo part: the Explore topics and their hashtag aliases."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from seed.data_files import read_data, topic_aliases
from spark_graph.settings import Settings
from spark_graph.social.models import Topic, TopicAlias


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    entries = read_data("topics")
    topics = [
        Topic(slug=e["slug"], name=e["name"], description=e.get("description", ""), created_at=now)
        for e in entries
    ]
    session.add_all(topics)
    await session.flush()
    aliases = [
        {"topic_id": topic.id, "alias": alias}
        for topic, entry in zip(topics, entries, strict=True)
        for alias in topic_aliases(entry["slug"], entry.get("aliases", []))
    ]
    await session.execute(insert(TopicAlias), aliases)
