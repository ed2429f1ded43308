"""The kinds of caller the authorization matrix tries, and how each one is made.

Every kind has a builder; a new kind without one is skipped in the matrix with a message
saying so (add its builder here). The OWNER and OTHER_OWNER are Prime members; each row's
setup makes them what the row needs (approved influencers with a storefront, brand owners).
BRAND_KEY and OTHER_BRAND_KEY are the API keys of the OWNER's and the OTHER_OWNER's brand
accounts; ORDER_KEY is a server API key (`spark-graph create-key`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from spark_graph.clock import FrozenClock
from spark_graph.db import SessionFactory
from spark_graph.settings import Settings
from tests.conftest import GraphQLClient
from tests.factories import Member, make_user
from tests.moments.conftest import Brand, MomentsKit
from tests.storefronts.factories import approve, make_server_key


class Caller(Enum):
    ANONYMOUS = "anonymous"
    MEMBER = "member"
    PRIME = "prime"
    INFLUENCER = "influencer"  # an approved influencer
    OWNER = "owner"  # owns the object the operation touches
    OTHER_OWNER = "other_owner"  # owns an object of the same kind, not this one
    ADMIN = "admin"
    BRAND_KEY = "brand_key"  # the API key of the OWNER's brand account (moments)
    OTHER_BRAND_KEY = "other_brand_key"  # the API key of the OTHER_OWNER's brand account
    ORDER_KEY = "order_key"  # the order system's key (storefronts: recordPurchase)


@dataclass
class World:
    """What one matrix cell works with: the database, the clock, members made on demand."""

    gql: GraphQLClient
    sessions: SessionFactory
    settings: Settings
    clock: FrozenClock
    members: dict[Caller, Member] = field(default_factory=dict)
    # Anything a row's setup wants to share with its expectations.
    notes: dict[str, Any] = field(default_factory=dict)

    async def member(self, caller: Caller, **kwargs: Any) -> Member:
        """The member playing `caller`, made on first use (OWNER and OTHER_OWNER are Prime
        members: only they may own posts and lists)."""
        if caller not in self.members:
            self.members[caller] = await make_user(
                self.sessions, self.settings, self.clock, **kwargs
            )
        return self.members[caller]

    @property
    def owner(self) -> Awaitable[Member]:
        return self.member(Caller.OWNER, prime=True)

    @property
    def other_owner(self) -> Awaitable[Member]:
        return self.member(Caller.OTHER_OWNER, prime=True)


CredentialBuilder = Callable[[World], Awaitable[str | None]]


async def _anonymous(world: World) -> str | None:
    return None


async def _member(world: World) -> str | None:
    return (await world.member(Caller.MEMBER)).token


async def _prime(world: World) -> str | None:
    return (await world.member(Caller.PRIME, prime=True)).token


async def _owner(world: World) -> str | None:
    return (await world.owner).token


async def _other_owner(world: World) -> str | None:
    return (await world.other_owner).token


async def _admin(world: World) -> str | None:
    return (await world.member(Caller.ADMIN, admin=True)).token


async def _influencer(world: World) -> str | None:
    # A Prime member too, as influencers who post are (approval does not grant Prime).
    member = await world.member(Caller.INFLUENCER, prime=True)
    await approve(world.sessions, world.clock, user_id=member.id)
    return member.token


async def _order_key(world: World) -> str | None:
    return await make_server_key(world.sessions, world.clock, name="order system")


def moments_kit(world: World) -> MomentsKit:
    async def make_member() -> Member:
        return await make_user(world.sessions, world.settings, world.clock)

    return MomentsKit(
        gql=world.gql, sessions=world.sessions, make_member=make_member, clock=world.clock
    )


async def brand_of(world: World, caller: Caller) -> Brand:
    """The brand account (with an API key) of the OWNER or the OTHER_OWNER, made once."""
    note = f"brand of {caller.value}"
    if note not in world.notes:
        owner = await world.member(caller, prime=True)
        world.notes[note] = await moments_kit(world).brand(owner=owner, name=caller.value)
    brand: Brand = world.notes[note]
    return brand


async def _brand_key(world: World) -> str | None:
    return (await brand_of(world, Caller.OWNER)).secret


async def _other_brand_key(world: World) -> str | None:
    return (await brand_of(world, Caller.OTHER_OWNER)).secret


CREDENTIALS: dict[Caller, CredentialBuilder] = {
    Caller.ANONYMOUS: _anonymous,
    Caller.MEMBER: _member,
    Caller.PRIME: _prime,
    Caller.OWNER: _owner,
    Caller.OTHER_OWNER: _other_owner,
    Caller.ADMIN: _admin,
    Caller.INFLUENCER: _influencer,
    Caller.ORDER_KEY: _order_key,
    Caller.BRAND_KEY: _brand_key,
    Caller.OTHER_BRAND_KEY: _other_brand_key,
}
