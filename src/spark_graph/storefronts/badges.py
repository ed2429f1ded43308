"""Program badges shown on a member's posts, from their influencer status."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.clock import Clock
from spark_graph.dataloading import SessionLoader
from spark_graph.db import SessionFactory
from spark_graph.storefronts.models import InfluencerProfile
from spark_graph.storefronts.program import is_approved


@strawberry.enum(description="A program badge shown on a member's posts.")
class Badge(Enum):
    INFLUENCER_PROGRAM = strawberry.enum_value(
        "INFLUENCER_PROGRAM", description="The author is an approved influencer."
    )
    ONSITE_ASSOCIATE = strawberry.enum_value(
        "ONSITE_ASSOCIATE", description="The author is in the invite-only Onsite Associate program."
    )


def badges_of(profile: InfluencerProfile | None, clock: Clock) -> list[Badge]:
    """INFLUENCER_PROGRAM while approved (at this moment: a pending profile earns it once its
    delay passes), ONSITE_ASSOCIATE once invited; both when both."""
    if profile is None:
        return []
    badges = []
    if is_approved(profile, clock.now()):
        badges.append(Badge.INFLUENCER_PROGRAM)
    if profile.onsite_associate:
        badges.append(Badge.ONSITE_ASSOCIATE)
    return badges


class BadgesByUserIdLoader(SessionLoader[int, list[Badge]]):
    """Badges per member, [] for members outside the programs; one statement per batch."""

    def __init__(self, sessions: SessionFactory, *, clock: Clock) -> None:
        super().__init__(sessions)
        self.clock = clock

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[Badge]]:
        result = await session.execute(
            select(InfluencerProfile).where(col(InfluencerProfile.user_id).in_(keys))
        )
        by_user = {row.user_id: row for row in result.scalars()}
        return [badges_of(by_user.get(key), self.clock) for key in keys]

    # Loaders that already read members (a post's author) can fetch the program profile in
    # the same statement: outer-join `with_author_profile(...)`, then hand each row's profile
    # to `prime_from_profile`, so a feed page needs no statement of its own for badges.
    @staticmethod
    def with_author_profile(statement: Select[*tuple[Any, ...]], user_id: Any) -> Any:
        return statement.add_columns(InfluencerProfile).outerjoin(
            InfluencerProfile, col(InfluencerProfile.user_id) == user_id
        )

    def prime_from_profile(self, user_id: int, profile: InfluencerProfile | None) -> None:
        self.prime(user_id, badges_of(profile, self.clock))
