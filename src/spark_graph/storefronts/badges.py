"""Program badges shown on a member's posts, from their influencer status."""

from __future__ import annotations

from enum import Enum

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from spark_graph.dataloading import SessionLoader


@strawberry.enum(description="A program badge shown on a member's posts.")
class Badge(Enum):
    INFLUENCER_PROGRAM = strawberry.enum_value(
        "INFLUENCER_PROGRAM", description="The author is an approved influencer."
    )
    ONSITE_ASSOCIATE = strawberry.enum_value(
        "ONSITE_ASSOCIATE", description="The author is in the invite-only Onsite Associate program."
    )


class BadgesByUserIdLoader(SessionLoader[int, list[Badge]]):
    """Badges per member. Until the influencer program exists nobody has one."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[Badge]]:
        return [[] for _ in keys]
