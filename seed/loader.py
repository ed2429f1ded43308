"""Loads the demo world from the data files in seed/data/ into an empty database.

The world is a list of parts, each `async def load(session, *, settings, now) -> None`,
run in order inside one transaction; a domain adds its own part module to `DEMO_PARTS`
with one line. After the parts, every maintained counter is recomputed from its rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from types import ModuleType

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from seed import catalog, idea_lists, members, moments, posts, storefronts, topics
from seed.counters import recompute_counters
from spark_graph.auth.models import User
from spark_graph.clock import SystemClock
from spark_graph.db import SessionFactory, transaction
from spark_graph.settings import Settings

DemoPartLoad = Callable[..., Awaitable[None]]

# Order matters: a part may refer to what an earlier part loaded (by handle, slug, ASIN).
DEMO_PARTS: list[ModuleType] = [
    topics,
    members,
    catalog,
    posts,
    idea_lists,
    storefronts,
    moments,
]


async def database_has_users(session: AsyncSession) -> bool:
    return bool((await session.execute(select(func.count()).select_from(User))).scalar_one())


async def load_demo_world(
    sessions: SessionFactory, *, settings: Settings, now: datetime | None = None
) -> bool:
    """Load the demo world into an empty database. Returns False when data is already there.

    `now` anchors the data files' relative times (`hours_ago`); it defaults to the system
    clock so that a freshly seeded demo looks fresh."""
    now = now or SystemClock().now()
    async with transaction(sessions) as session:
        if await database_has_users(session):
            return False
        for part in DEMO_PARTS:
            load: DemoPartLoad = part.load
            await load(session, settings=settings, now=now)
        await session.flush()
        await recompute_counters(session)
    return True
