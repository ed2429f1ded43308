"""GraphQL types of the influencer program and storefronts.

Visibility: a storefront, its sections and its owner are public. An influencer profile (its
social accounts, links and earnings) is seen only by the member themself and by admins;
anyone else gets null and sees the program through the member's public badges."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from spark_graph.catalog.loaders import page_key, time_id_cursor
from spark_graph.catalog.types import Product
from spark_graph.context import Info
from spark_graph.errors import DomainError
from spark_graph.ids import node_keys
from spark_graph.money import Money
from spark_graph.pagination import (
    After,
    Connection,
    First,
    InvalidArgumentError,
    PageRequest,
    build_connection,
    encode_cursor,
)
from spark_graph.storefronts import program
from spark_graph.storefronts.affiliate import affiliate_links_page, affiliate_url
from spark_graph.storefronts.earnings import earnings_report
from spark_graph.storefronts.models import AffiliateLink as AffiliateLinkRow
from spark_graph.storefronts.models import InfluencerProfile as InfluencerProfileRow
from spark_graph.storefronts.models import SocialAccount as SocialAccountRow
from spark_graph.storefronts.models import Storefront as StorefrontRow
from spark_graph.storefronts.models import StorefrontSection as StorefrontSectionRow
from spark_graph.storefronts.service import storefront_url

if TYPE_CHECKING:
    from spark_graph.auth.types import User


@strawberry.enum(description="Where a social account lives.")
class SocialPlatform(Enum):
    YOUTUBE = strawberry.enum_value("YOUTUBE", description="YouTube: active at once.")
    TWITTER = strawberry.enum_value("TWITTER", description="Twitter: active at once.")
    FACEBOOK = strawberry.enum_value(
        "FACEBOOK", description="Facebook: active 5 days after linking."
    )
    INSTAGRAM = strawberry.enum_value(
        "INSTAGRAM", description="Instagram: active 5 days after linking."
    )


@strawberry.enum(description="Where an influencer application stands.")
class InfluencerStatus(Enum):
    PENDING = strawberry.enum_value(
        "PENDING",
        description="Only accounts still in their 5-day delay could qualify; "
        "it turns APPROVED by itself when the delay passes.",
    )
    APPROVED = strawberry.enum_value(
        "APPROVED",
        description="An active account has at least 1,000 followers (or an admin approved).",
    )
    REJECTED = strawberry.enum_value(
        "REJECTED",
        description="No account has 1,000 followers (or an admin rejected); "
        "apply again with other accounts.",
    )


@strawberry.type(description="A social account linked to an influencer application.")
class SocialAccount:
    platform: SocialPlatform = strawberry.field(description="The network.")
    handle: str = strawberry.field(description="The handle on that network, lower-case, no @.")
    followers: int = strawberry.field(description="Follower count given when applying.")
    linked_at: datetime = strawberry.field(description="When the account was first linked.")
    active_at: datetime = strawberry.field(
        description="When the account starts to count: at once for YouTube and Twitter, "
        "5 days after linking for Facebook and Instagram."
    )
    is_active: bool = strawberry.field(description="Whether `activeAt` has passed now.")

    @classmethod
    def from_row(cls, row: SocialAccountRow, now: datetime) -> Self:
        starts = program.active_at(row.platform, row.linked_at)
        return cls(
            platform=SocialPlatform(row.platform),
            handle=row.handle,
            followers=row.followers,
            linked_at=row.linked_at,
            active_at=starts,
            is_active=starts <= now,
        )


def viewer_may_see_profile(info: Info, user_id: int) -> bool:
    viewer = info.context.viewer
    return viewer is not None and (viewer.id == user_id or viewer.is_admin)


@strawberry.type(description="An influencer's earnings on one UTC day.")
class EarningsDay:
    date: date = strawberry.field(description="The day (UTC).")
    clicks: int = strawberry.field(description="Clicks on the influencer's links that day.")
    orders: int = strawberry.field(description="Orders attributed that day (once per link).")
    revenue: Money = strawberry.field(description="Sales attributed that day.")
    commission: Money = strawberry.field(description="Commission earned that day.")


@strawberry.type(description="An influencer's earnings over a range of days.")
class Earnings:
    clicks: int = strawberry.field(description="Clicks on the influencer's links in the range.")
    orders: int = strawberry.field(
        description="Orders attributed in the range; an order counts once per link."
    )
    revenue: Money = strawberry.field(description="Sales attributed in the range.")
    commission: Money = strawberry.field(description="Commission earned in the range.")
    by_day: list[EarningsDay] = strawberry.field(
        description="One row per day of the range, days without activity included; "
        "the rows add up to the totals."
    )


@strawberry.type(name="InfluencerProfile", description="A member's influencer application.")
class InfluencerProfile(relay.Node):
    id: relay.NodeID[int]
    status: InfluencerStatus = strawberry.field(description="Where the application stands now.")
    status_set_by_admin: bool = strawberry.field(
        description="Whether an admin's decision, rather than the follower rule, sets `status`."
    )
    onsite_associate: bool = strawberry.field(
        description="Whether the member is in the invite-only Onsite Associate program."
    )
    applied_at: datetime = strawberry.field(description="When the member last applied.")
    row: strawberry.Private[InfluencerProfileRow]

    @classmethod
    def from_row(cls, row: InfluencerProfileRow, now: datetime) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            status=InfluencerStatus(program.profile_status(row, now).value),
            status_set_by_admin=row.status_override is not None,
            onsite_associate=row.onsite_associate,
            applied_at=row.applied_at,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.influencer_profile_by_id.load_many(node_keys(node_ids))
        now = info.context.clock.now()
        return [
            cls.from_row(row, now) if row and viewer_may_see_profile(info, row.user_id) else None
            for row in rows
        ]

    @strawberry.field(description="The social accounts linked so far, oldest first.")
    async def social_accounts(self, info: Info) -> list[SocialAccount]:
        rows = await info.context.loaders.social_accounts_by_profile_id.load(self.id)
        now = info.context.clock.now()
        return [SocialAccount.from_row(row, now) for row in rows]

    @strawberry.field(description="The member's storefront, once created.")
    async def storefront(self, info: Info) -> Storefront | None:
        row = await info.context.loaders.storefront_by_owner_id.load(self.row.user_id)
        return Storefront.from_row(row, info.context.settings.public_base_url) if row else None

    @strawberry.field(
        description="Clicks, orders, sales and commission from `from` to `to` (UTC days, "
        "both included, at most 366 days)."
    )
    async def earnings(
        self,
        info: Info,
        from_: Annotated[date, strawberry.argument(name="from", description="First day.")],
        to: Annotated[date, strawberry.argument(description="Last day, included.")],
    ) -> Earnings:
        try:
            async with info.context.sessions() as session:
                report = await earnings_report(
                    session=session, owner_id=self.row.user_id, first=from_, last=to
                )
        except DomainError as error:
            raise InvalidArgumentError(error.message, error.field or "to") from error
        return Earnings(
            clicks=report.clicks,
            orders=report.orders,
            revenue=Money.of(report.revenue),
            commission=Money.of(report.commission),
            by_day=[
                EarningsDay(
                    date=day.day,
                    clicks=day.clicks,
                    orders=day.orders,
                    revenue=Money.of(day.revenue),
                    commission=Money.of(day.commission),
                )
                for day in report.days
            ],
        )

    @strawberry.field(description="The member's affiliate links, oldest first.")
    async def affiliate_links(
        self,
        info: Info,
        first: First = None,
        after: After = None,
    ) -> Connection[AffiliateLink]:
        page = PageRequest.parse(first, after, arity=1)
        async with info.context.sessions() as session:
            rows = await affiliate_links_page(
                session=session,
                owner_id=self.row.user_id,
                after_id=int(page.after[0]) if page.after else None,
                limit=page.limit,
            )
        base_url = info.context.settings.public_base_url
        return build_connection(
            rows,
            page,
            to_node=lambda row: AffiliateLink.from_row(row, base_url),
            cursor_of=lambda row: encode_cursor(row.id),
        )


@strawberry.type(name="Storefront", description="An influencer's public shop page.")
class Storefront(relay.Node):
    id: relay.NodeID[int]
    slug: str = strawberry.field(description="The vanity part of the address, e.g. `jane-picks`.")
    url: str = strawberry.field(description="The public page address: <site>/shop/<slug>.")
    title: str = strawberry.field(description="The storefront's title.")
    bio: str = strawberry.field(description="A few words from the influencer.")
    banner_url: str | None = strawberry.field(description="A banner picture (http or https).")
    created_at: datetime = strawberry.field(description="When the storefront opened.")
    row: strawberry.Private[StorefrontRow]

    @classmethod
    def from_row(cls, row: StorefrontRow, public_base_url: str) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            slug=row.slug,
            url=storefront_url(public_base_url, row.slug),
            title=row.title,
            bio=row.bio,
            banner_url=row.banner_url,
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.storefront_by_id.load_many(node_keys(node_ids))
        base_url = info.context.settings.public_base_url
        return [cls.from_row(row, base_url) if row else None for row in rows]

    @strawberry.field(description="The influencer who runs the storefront.")
    async def owner(self, info: Info) -> Annotated[User, strawberry.lazy("spark_graph.auth.types")]:
        from spark_graph.auth.types import User

        row = await info.context.loaders.user_by_id.load(self.row.owner_id)
        return User.from_row(row)

    @strawberry.field(description="The sections, in display order.")
    async def sections(self, info: Info) -> list[StorefrontSection]:
        rows = await info.context.loaders.sections_by_storefront_id.load(self.id)
        return [StorefrontSection.from_row(row) for row in rows]


@strawberry.type(
    name="StorefrontSection",
    description="A titled row of products on a storefront: picks, or a mirrored idea list.",
)
class StorefrontSection(relay.Node):
    id: relay.NodeID[int]
    title: str = strawberry.field(description="The section's heading.")
    position: int = strawberry.field(description="Display order on the storefront, 1 = first.")
    mirrors_idea_list: bool = strawberry.field(
        description="True when the products are those of one of the owner's idea lists, "
        "kept in step with the list."
    )
    row: strawberry.Private[StorefrontSectionRow]

    @classmethod
    def from_row(cls, row: StorefrontSectionRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            title=row.title,
            position=row.position,
            mirrors_idea_list=row.idea_list_id is not None,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.storefront_section_by_id.load_many(node_keys(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(
        description="The products: picks in the order the owner set, or the idea list's "
        "items in the order they were saved."
    )
    async def products(
        self,
        info: Info,
        first: First = None,
        after: After = None,
    ) -> Connection[Product]:
        loaders = info.context.loaders
        cursors_and_ids: list[tuple[str, int]]
        if self.row.idea_list_id is not None:
            # A mirror shows the list as the list shows itself: newest saves first.
            page = PageRequest.parse(first, after, arity=2)
            items = await loaders.items_by_idea_list.load(page_key(self.row.idea_list_id, page))
            cursors_and_ids = [
                (time_id_cursor(item.added_at, item.id), item.product_id) for (item,) in items
            ]
        else:
            page = PageRequest.parse(first, after, arity=1)
            after_position = int(page.after[0]) if page.after else None
            picks = await loaders.section_picks_page.load((self.id, page.limit, after_position))
            cursors_and_ids = [(encode_cursor(position), pid) for position, pid in picks]
        products = await loaders.product_by_id.load_many([pid for _, pid in cursors_and_ids])
        found = [
            (cursor, row)
            for (cursor, _), row in zip(cursors_and_ids, products, strict=True)
            if row is not None
        ]
        return build_connection(
            found,
            page,
            to_node=lambda pair: Product.from_row(pair[1]),
            cursor_of=lambda pair: pair[0],
        )


@strawberry.type(name="AffiliateLink", description="A short link that earns commission.")
class AffiliateLink(relay.Node):
    id: relay.NodeID[int]
    code: str = strawberry.field(description="The short code.")
    url: str = strawberry.field(
        description="The address to share: <site>/r/<code>. Visiting it counts a click and "
        "redirects to the product page."
    )
    click_count: int = strawberry.field(description="Clicks so far.")
    conversion_count: int = strawberry.field(
        description="Orders attributed through this link so far (an order counts once)."
    )
    earnings: Money = strawberry.field(description="Commission earned through this link so far.")
    created_at: datetime = strawberry.field(description="When the link was made.")
    row: strawberry.Private[AffiliateLinkRow]

    @classmethod
    def from_row(cls, row: AffiliateLinkRow, public_base_url: str) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            code=row.code,
            url=affiliate_url(public_base_url, row.code),
            click_count=row.click_count,
            conversion_count=row.conversion_count,
            earnings=Money.of(row.earnings),
            created_at=row.created_at,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        # Links carry earnings: only their owner (or an admin) may read them.
        rows = await info.context.loaders.affiliate_link_by_id.load_many(node_keys(node_ids))
        base_url = info.context.settings.public_base_url
        return [
            cls.from_row(row, base_url)
            if row and viewer_may_see_profile(info, row.owner_id)
            else None
            for row in rows
        ]

    @strawberry.field(description="The product the link leads to.")
    async def product(self, info: Info) -> Product:
        row = await info.context.loaders.product_by_id.load(self.row.product_id)
        return Product.from_row(row)

    @strawberry.field(description="The storefront the link was made from.")
    async def storefront(self, info: Info) -> Storefront:
        row = await info.context.loaders.storefront_by_id.load(self.row.storefront_id)
        return Storefront.from_row(row, info.context.settings.public_base_url)


@strawberry.type(description="The commission one attributed order line earned.")
class Commission:
    amount: Money = strawberry.field(description="quantity x unit price x rate, to the cent.")
    rate: str = strawberry.field(
        description='The category rate applied, as a decimal fraction string ("0.045" = 4.5%).'
    )
    category: str = strawberry.field(description="The product category that set the rate.")
    link: AffiliateLink = strawberry.field(description="The link whose click earned it.")
