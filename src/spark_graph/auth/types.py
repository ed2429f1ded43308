from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from spark_graph.auth.models import User as UserRow
from spark_graph.context import Info
from spark_graph.ids import node_keys
from spark_graph.pagination import DEFAULT_PAGE_SIZE, After, First

if TYPE_CHECKING:
    from spark_graph.catalog.types import IdeaListConnection
    from spark_graph.moments.types import RewardGrantConnection
    from spark_graph.social.types import Topic
    from spark_graph.storefronts.badges import Badge
    from spark_graph.storefronts.types import InfluencerProfile


@strawberry.type(name="User", description="A member of Spark.")
class User(relay.Node):
    id: relay.NodeID[int]
    handle: str = strawberry.field(description="The unique @handle, lower-case, without the @.")
    display_name: str = strawberry.field(description="The name shown on posts and profiles.")
    avatar_url: str | None = strawberry.field(description="A picture URL, if the member set one.")
    is_prime: bool = strawberry.field(
        description="Prime members may post, comment, smile and keep idea lists."
    )
    follower_count: int = strawberry.field(description="Members who follow this member.")
    following_count: int = strawberry.field(description="Members this member follows.")
    created_at: datetime = strawberry.field(description="When the member signed up.")
    row: strawberry.Private[UserRow]

    @classmethod
    def from_row(cls, row: UserRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            handle=row.handle,
            display_name=row.display_name,
            avatar_url=row.avatar_url,
            is_prime=row.is_prime,
            follower_count=row.follower_count,
            following_count=row.following_count,
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(
        description="The member's influencer application, seen only by the member themself "
        "and by admins (null for anyone else, who sees `badges` instead)."
    )
    async def influencer_profile(
        self, info: Info
    ) -> Annotated[InfluencerProfile, strawberry.lazy("spark_graph.storefronts.types")] | None:
        from spark_graph.storefronts.types import InfluencerProfile, viewer_may_see_profile

        if not viewer_may_see_profile(info, self.id):
            return None
        row = await info.context.loaders.influencer_profile_by_user_id.load(self.id)
        return InfluencerProfile.from_row(row, info.context.clock.now()) if row else None

    @strawberry.field(
        description="Program badges shown on the member's posts: INFLUENCER_PROGRAM while an "
        "approved influencer, ONSITE_ASSOCIATE once invited, both when both. Public."
    )
    async def badges(
        self, info: Info
    ) -> list[Annotated[Badge, strawberry.lazy("spark_graph.storefronts.badges")]]:
        badges: list[Badge] = await info.context.loaders.badges_by_user_id.load(self.id)
        return badges

    @strawberry.field(
        description=(
            "The member's Moments rewards, newest first (first: default 20, at most 100). "
            "Only the member sees them; empty for anyone else."
        )
    )
    async def rewards(
        self,
        info: Info,
        first: First = DEFAULT_PAGE_SIZE,
        after: After = None,
    ) -> Annotated[RewardGrantConnection, strawberry.lazy("spark_graph.moments.types")]:
        from spark_graph.moments.queries import member_rewards

        return await member_rewards(info, user_id=self.id, first=first, after=after)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        keys = node_keys(node_ids)
        rows = await info.context.loaders.user_by_id.load_many(keys)
        return [cls.from_row(row) if row else None for row in rows]

    # --- social ---
    @strawberry.field(description="The topics the member chose as interests, by name.")
    async def interests(
        self, info: Info
    ) -> list[Annotated[Topic, strawberry.lazy("spark_graph.social.types")]]:
        from spark_graph.social.types import Topic

        rows = await info.context.loaders.interests_by_user_id.load(self.id)
        return [Topic.from_row(row) for row in rows]

    @strawberry.field(
        description="Whether the viewer follows this member; false when anonymous or self."
    )
    async def viewer_is_following(self, info: Info) -> bool:
        following: bool = await info.context.loaders.viewer_is_following.load(self.id)
        return following

    @strawberry.field(
        description="The member's idea lists, newest first: all of them for the member "
        "themselves, only the public ones for everyone else."
    )
    async def idea_lists(
        self,
        info: Info,
        first: Annotated[
            int | None,
            strawberry.argument(description="How many lists: 20 when omitted, at most 100."),
        ] = 20,
        after: Annotated[
            str | None,
            strawberry.argument(description="A cursor from `pageInfo.endCursor`."),
        ] = None,
    ) -> Annotated[IdeaListConnection, strawberry.lazy("spark_graph.catalog.types")]:
        from spark_graph.catalog.types import idea_lists_of

        return await idea_lists_of(info, owner_id=self.id, first=first, after=after)
