"""Moments GraphQL types.

Who sees what: a BrandAccount and its ApiKeys are visible only to the account's owner
(`node(id:)` answers null to anyone else). A Campaign is visible to everyone (members see
what they earned rewards from), but its commercial figures (CPA, budget, spend, stats,
account) are null unless the viewer owns it. A RewardGrant is visible to its member and to
the campaign's owner; its claim code only to its member (and in the brand's own
reportMomentAction answer, so the brand's app can show it)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay

from spark_graph.context import Info
from spark_graph.ids import node_keys
from spark_graph.moments import service
from spark_graph.moments.models import ApiKey as ApiKeyRow
from spark_graph.moments.models import BrandAccount as BrandAccountRow
from spark_graph.moments.models import Campaign as CampaignRow
from spark_graph.moments.models import RewardGrant as RewardGrantRow
from spark_graph.money import Money
from spark_graph.pagination import Connection

if TYPE_CHECKING:
    from spark_graph.catalog.types import Product


@strawberry.enum(description="Where a campaign stands.")
class CampaignStatus(Enum):
    DRAFT = strawberry.enum_value("DRAFT", description="Being set up; grants nothing yet.")
    ACTIVE = strawberry.enum_value(
        "ACTIVE", description="Grants rewards while inside its start and end times."
    )
    PAUSED = strawberry.enum_value("PAUSED", description="Stopped by its owner for now.")
    EXHAUSTED = strawberry.enum_value(
        "EXHAUSTED",
        description=(
            "Active, but this month's budget, the account's monthly cap or the reward cap "
            "cannot pay for another reward. Computed, never set: a new month may lift it."
        ),
    )
    ENDED = strawberry.enum_value("ENDED", description="Over: ended by its owner or past its end.")


@strawberry.enum(description="What a campaign gives.")
class RewardKind(Enum):
    PHYSICAL = strawberry.enum_value(
        "PHYSICAL", description="A catalog product shipped to the member."
    )
    GIFT_CARD = strawberry.enum_value("GIFT_CARD", description="A gift card of a value.")
    CREDIT = strawberry.enum_value("CREDIT", description="Store or in-app credit of a value.")
    DIGITAL = strawberry.enum_value(
        "DIGITAL", description="A digital catalog product, delivered on claim."
    )
    DONATION = strawberry.enum_value(
        "DONATION",
        description="A donation of a value to a named charity; nothing for the member to claim.",
    )


@strawberry.enum(description="Where a member's reward stands.")
class RewardGrantStatus(Enum):
    ISSUED = strawberry.enum_value("ISSUED", description="Earned; waiting to be claimed.")
    CLAIMED = strawberry.enum_value(
        "CLAIMED", description="Claimed by the member; a physical reward waits to ship."
    )
    FULFILLED = strawberry.enum_value(
        "FULFILLED", description="Delivered, shipped, or (for donations) donated."
    )
    EXPIRED = strawberry.enum_value(
        "EXPIRED", description="Not claimed within 30 days of being issued."
    )


@strawberry.enum(description="How a claimed reward is being delivered.")
class FulfillmentStatus(Enum):
    PENDING = strawberry.enum_value(
        "PENDING", description="A physical reward waits for the brand to ship it."
    )
    SHIPPED = strawberry.enum_value("SHIPPED", description="The brand shipped it.")
    DELIVERED = strawberry.enum_value(
        "DELIVERED", description="A digital reward, delivered when claimed."
    )
    DONATED = strawberry.enum_value("DONATED", description="The value went to the charity.")


def current_month(info: Info) -> str:
    return service.month_of(info.context.clock.now())


@strawberry.type(name="BrandAccount", description="A brand that runs reward campaigns.")
class BrandAccount(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="The brand's name.")
    country: str = strawberry.field(description="Two-letter ISO country code.")
    monthly_cap: Money = strawberry.field(
        description="The most all the account's campaigns together may spend in a month (UTC)."
    )
    created_at: datetime = strawberry.field(description="When the account was created.")
    row: strawberry.Private[BrandAccountRow]

    @classmethod
    def from_row(cls, row: BrandAccountRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            country=row.country,
            monthly_cap=Money.of(row.monthly_cap),
            created_at=row.created_at,
            row=row,
        )

    @strawberry.field(description="What the account's campaigns spent this calendar month (UTC).")
    async def spent_this_month(self, info: Info) -> Money:
        key = (self.id, current_month(info))
        return Money.of(await info.context.loaders.account_spend_by_month.load(key))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        keys = node_keys(node_ids)
        rows = await info.context.loaders.brand_account_by_id.load_many(keys)
        viewer_id = info.context.viewer_id
        return [cls.from_row(row) if row and row.owner_id == viewer_id else None for row in rows]


@strawberry.type(
    name="ApiKey",
    description="A credential for a brand's back end; its secret was shown once, at creation.",
)
class ApiKey(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="A name to tell keys apart, e.g. 'production'.")
    prefix: str = strawberry.field(
        description="The first characters of the secret, to recognise it; not usable alone."
    )
    created_at: datetime = strawberry.field(description="When the key was created.")
    row: strawberry.Private[ApiKeyRow]

    @classmethod
    def from_row(cls, row: ApiKeyRow) -> Self:
        assert row.id is not None
        return cls(id=row.id, name=row.name, prefix=row.prefix, created_at=row.created_at, row=row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        keys = node_keys(node_ids)
        rows = await info.context.loaders.api_key_by_id.load_many(keys)
        accounts = await info.context.loaders.brand_account_by_id.load_many(
            [row.account_id if row else -1 for row in rows]
        )
        viewer_id = info.context.viewer_id
        return [
            cls.from_row(row) if row and account and account.owner_id == viewer_id else None
            for row, account in zip(rows, accounts, strict=True)
        ]


@strawberry.type(description="What a member must do, and how many times.")
class CampaignAction:
    key: str = strawberry.field(
        description="The action's key the brand reports, e.g. `workout_completed`."
    )
    description: str = strawberry.field(description="The action in words, for members.")
    threshold: int = strawberry.field(
        description="How many times a member must do it to earn the reward (e.g. 30)."
    )


@strawberry.type(description="What a campaign gives a member who completes its action.")
class CampaignReward:
    kind: RewardKind = strawberry.field(description="The kind of reward.")
    value: Money | None = strawberry.field(
        description="The value of a gift card, credit or donation; a product's price."
    )
    charity: str | None = strawberry.field(description="The charity a donation goes to.")
    product_id: strawberry.Private[int | None]

    @strawberry.field(description="The catalog product given (PHYSICAL and DIGITAL rewards).")
    async def product(
        self, info: Info
    ) -> Annotated[Product, strawberry.lazy("spark_graph.catalog.types")] | None:
        from spark_graph.catalog.types import Product

        if self.product_id is None:
            return None
        row = await info.context.loaders.product_by_id.load(self.product_id)
        return Product.from_row(row) if row else None


@strawberry.type(description="A campaign's results, for its owner.")
class CampaignStats:
    participants: int = strawberry.field(description="Members who did the action at least once.")
    completions: int = strawberry.field(description="Members whose progress reached the threshold.")
    grants_issued: int = strawberry.field(description="Rewards issued, over all months.")
    grants_claimed: int = strawberry.field(description="Rewards their members claimed.")
    completion_rate: float = strawberry.field(
        description="completions / participants, from 0 to 1; 0 when nobody took part."
    )
    donated: Money = strawberry.field(description="The total given to charity (DONATION).")


@strawberry.type(name="Campaign", description="A brand's cost-per-action reward campaign.")
class Campaign(relay.Node):
    id: relay.NodeID[int]
    name: str = strawberry.field(description="The campaign's name.")
    action: CampaignAction = strawberry.field(description="What a member must do.")
    reward: CampaignReward = strawberry.field(description="What a member earns.")
    max_rewards: int | None = strawberry.field(
        description="At most this many rewards in all ('the first 1,000 members'); null: no cap."
    )
    starts_at: datetime = strawberry.field(description="Rewards are granted from this time...")
    ends_at: datetime | None = strawberry.field(
        description="...until this time (exclusive); null: no end."
    )
    created_at: datetime = strawberry.field(description="When the campaign was created.")
    cpa: Money | None = strawberry.field(
        description="Cost per action: what one reward costs the brand, tax included. Owner only."
    )
    monthly_budget: Money | None = strawberry.field(
        description="The most the campaign may spend in a calendar month (UTC). Owner only."
    )
    row: strawberry.Private[CampaignRow]
    is_owner: strawberry.Private[bool]

    @classmethod
    def from_row(cls, row: CampaignRow, *, is_owner: bool) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            name=row.name,
            action=CampaignAction(
                key=row.action_key, description=row.action_description, threshold=row.threshold
            ),
            reward=CampaignReward(
                kind=RewardKind(row.reward_kind),
                value=Money.of(row.reward_value) if row.reward_value is not None else None,
                charity=row.charity,
                product_id=row.reward_product_id,
            ),
            max_rewards=row.max_rewards,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            created_at=row.created_at,
            cpa=Money.of(row.cpa) if is_owner else None,
            monthly_budget=Money.of(row.monthly_budget) if is_owner else None,
            row=row,
            is_owner=is_owner,
        )

    async def _spent(self, info: Info) -> Decimal:
        key = (self.id, current_month(info))
        return await info.context.loaders.campaign_spend_by_month.load(key)

    @strawberry.field(
        description=(
            "DRAFT, ACTIVE, PAUSED or ENDED as set (ENDED also once past `endsAt`), or "
            "EXHAUSTED while no more rewards can be paid for this month."
        )
    )
    async def status(self, info: Info) -> CampaignStatus:
        loaders = info.context.loaders
        month = current_month(info)
        account = await loaders.brand_account_by_id.load(self.row.account_id)
        assert account is not None
        status = service.computed_campaign_status(
            self.row,
            now=info.context.clock.now(),
            campaign_spent=await self._spent(info),
            account_spent=await loaders.account_spend_by_month.load((account.id, month)),
            account_cap=account.monthly_cap,
        )
        return CampaignStatus(status)

    @strawberry.field(description="Spent this calendar month (UTC), the sum of its charges.")
    async def spent_this_month(self, info: Info) -> Money | None:
        return Money.of(await self._spent(info)) if self.is_owner else None

    @strawberry.field(description="The monthly budget minus what was spent this month.")
    async def remaining_budget(self, info: Info) -> Money | None:
        if not self.is_owner:
            return None
        return Money.of(self.row.monthly_budget - await self._spent(info))

    @strawberry.field(description="Participation and reward counts. Owner only.")
    async def stats(self, info: Info) -> CampaignStats | None:
        if not self.is_owner:
            return None
        counts = await info.context.loaders.campaign_counts.load(self.id)
        rate = counts.completions / counts.participants if counts.participants else 0.0
        return CampaignStats(
            participants=counts.participants,
            completions=counts.completions,
            grants_issued=self.row.grants_issued,
            grants_claimed=counts.grants_claimed,
            completion_rate=rate,
            donated=Money.of(self.row.donated),
        )

    @strawberry.field(description="The brand account running the campaign. Owner only.")
    async def account(self, info: Info) -> BrandAccount | None:
        if not self.is_owner:
            return None
        row = await info.context.loaders.brand_account_by_id.load(self.row.account_id)
        return BrandAccount.from_row(row) if row else None

    @classmethod
    async def build_many(cls, info: Info, rows: list[CampaignRow | None]) -> list[Self | None]:
        accounts = await info.context.loaders.brand_account_by_id.load_many(
            [row.account_id if row else -1 for row in rows]
        )
        viewer_id = info.context.viewer_id
        return [
            cls.from_row(row, is_owner=account is not None and account.owner_id == viewer_id)
            if row
            else None
            for row, account in zip(rows, accounts, strict=True)
        ]

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        keys = node_keys(node_ids)
        rows = await info.context.loaders.campaign_by_id.load_many(keys)
        return await cls.build_many(info, rows)


@strawberry.type(description="How a claimed reward is being delivered.")
class Fulfillment:
    status: FulfillmentStatus = strawberry.field(description="The delivery's state.")
    tracking_code: str | None = strawberry.field(
        description="The carrier's tracking code, once a physical reward ships."
    )
    fulfilled_at: datetime | None = strawberry.field(
        description="When it was delivered, shipped or donated."
    )


@strawberry.type(name="RewardGrant", description="A reward a member earned in a campaign.")
class RewardGrant(relay.Node):
    id: relay.NodeID[int]
    status: RewardGrantStatus = strawberry.field(
        description="ISSUED, CLAIMED, FULFILLED, or EXPIRED when unclaimed 30 days after issue."
    )
    claim_code: str | None = strawberry.field(
        description=(
            "The code the member claims the reward with. Only its member sees it; null for "
            "donations, which need no claim."
        )
    )
    issued_at: datetime = strawberry.field(description="When the member earned it.")
    expires_at: datetime | None = strawberry.field(
        description="Claim before this time; null once claimed or for donations."
    )
    claimed_at: datetime | None = strawberry.field(description="When the member claimed it.")
    shipping_fee: Money = strawberry.field(
        description=(
            "What the member pays for shipping: 0.00 for Prime members, for digital "
            "rewards, and for physical rewards worth 25.00 or more."
        )
    )
    fulfillment: Fulfillment | None = strawberry.field(
        description="Delivery once claimed (or donated); null before."
    )
    row: strawberry.Private[RewardGrantRow]

    @classmethod
    def from_row(cls, row: RewardGrantRow, *, now: datetime, show_claim_code: bool) -> Self:
        assert row.id is not None
        status = service.grant_status(row, now)
        open_claim = row.claim_code is not None and row.claimed_at is None
        return cls(
            id=row.id,
            status=RewardGrantStatus(status),
            claim_code=row.claim_code if show_claim_code else None,
            issued_at=row.issued_at,
            expires_at=row.issued_at + service.RULES.claim_window if open_claim else None,
            claimed_at=row.claimed_at,
            shipping_fee=Money.of(row.shipping_fee),
            fulfillment=Fulfillment(
                status=FulfillmentStatus(row.fulfillment_state),
                tracking_code=row.tracking_code,
                fulfilled_at=row.fulfilled_at,
            )
            if row.fulfillment_state
            else None,
            row=row,
        )

    @strawberry.field(description="The campaign that gave it.")
    async def campaign(self, info: Info) -> Campaign:
        row = await info.context.loaders.campaign_by_id.load(self.row.campaign_id)
        (campaign,) = await Campaign.build_many(info, [row])
        assert campaign is not None
        return campaign

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        loaders = info.context.loaders
        keys = node_keys(node_ids)
        rows = await loaders.reward_grant_by_id.load_many(keys)
        campaigns = await loaders.campaign_by_id.load_many(
            [row.campaign_id if row else -1 for row in rows]
        )
        accounts = await loaders.brand_account_by_id.load_many(
            [campaign.account_id if campaign else -1 for campaign in campaigns]
        )
        viewer_id = info.context.viewer_id
        now = info.context.clock.now()
        grants: list[Self | None] = []
        for row, account in zip(rows, accounts, strict=True):
            is_member = row is not None and row.user_id == viewer_id
            is_owner = account is not None and account.owner_id == viewer_id
            visible = row is not None and viewer_id is not None and (is_member or is_owner)
            grants.append(
                cls.from_row(row, now=now, show_claim_code=is_member) if visible and row else None
            )
        return grants


@strawberry.type(
    name="RewardGrantConnection", description="A page of rewards, in the Relay connection shape."
)
class RewardGrantConnection(Connection[RewardGrant]):
    pass


@strawberry.type(description="A member's progress towards a campaign's reward.")
class MomentProgress:
    count: int = strawberry.field(description="How many times the member did the action so far.")
    threshold: int = strawberry.field(description="How many times it takes to earn the reward.")
    completed: bool = strawberry.field(description="True once count reached threshold.")
