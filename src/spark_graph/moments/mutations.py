"""Moments mutations: brand accounts, API keys, campaigns, action reports, claims.

Members (bearer JWT) run accounts and campaigns and claim rewards. `reportMomentAction` is
called by a brand's back end with an API key (`Authorization: Bearer <secret>`): a member
token is a top-level error with code FORBIDDEN (as on every endpoint for other systems), no
key or an unknown key UNAUTHENTICATED, a key of another account than the campaign's
FORBIDDEN."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
from strawberry.permission import BasePermission

from spark_graph.context import Info
from spark_graph.db import write_transaction
from spark_graph.errors import DomainError, UserError, run_mutation
from spark_graph.ids import decode_id
from spark_graph.moments import service
from spark_graph.moments.models import RewardGrant as RewardGrantRow
from spark_graph.moments.models import RewardKind as RewardKindValue
from spark_graph.moments.types import (
    ApiKey,
    BrandAccount,
    Campaign,
    CampaignStatus,
    MomentProgress,
    RewardGrant,
    RewardKind,
)
from spark_graph.permissions import IsAuthenticated, IsNotMember

API_KEY_ACCOUNT = "moments.api_key_account_id"
INPUT_DESCRIPTION = "What to do; see the input type's fields."


async def api_key_account_id(info: Info) -> int | None:
    """The brand account of the request's API key, looked up once per request."""
    extra = info.context.extra
    if API_KEY_ACCOUNT not in extra:
        secret = info.context.api_key
        account_id = None
        if secret:
            async with info.context.sessions() as session:
                account_id = await service.account_id_for_api_key(session=session, secret=secret)
        extra[API_KEY_ACCOUNT] = account_id
    value: int | None = extra[API_KEY_ACCOUNT]
    return value


class HasBrandApiKey(BasePermission):
    message = "Send a brand API key from createApiKey as 'Authorization: Bearer <secret>'."
    error_extensions = {"code": "UNAUTHENTICATED"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return await api_key_account_id(info) is not None


class ApiKeyOwnsCampaign(BasePermission):
    message = "This API key belongs to another brand account than the campaign's."
    error_extensions = {"code": "FORBIDDEN"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        account_id = await api_key_account_id(info)
        try:
            campaign_id = decode_id(kwargs["input"].campaign_id, "Campaign", field="campaignId")
        except DomainError:
            return True  # not a campaign ID: the payload says NOT_FOUND
        campaign = await info.context.loaders.campaign_by_id.load(campaign_id)
        return campaign is None or campaign.account_id == account_id


def _viewer_id(info: Info) -> int:
    viewer_id = info.context.viewer_id
    assert viewer_id is not None, "guarded by IsAuthenticated"
    return viewer_id


@strawberry.input(description="A new brand account.")
class CreateBrandAccountInput:
    name: str = strawberry.field(description="The brand's name, 1 to 100 characters.")
    country: str = strawberry.field(
        description="Two-letter ISO country code. ZA, AL, SA, RU and CH are not eligible."
    )


@strawberry.type(description="The result of createBrandAccount.")
class CreateBrandAccountPayload:
    account: BrandAccount | None = strawberry.field(
        default=None, description="The new account, owned by the viewer."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A new API key for a brand account.")
class CreateApiKeyInput:
    account_id: strawberry.ID = strawberry.field(description="The BrandAccount's ID.")
    name: str = strawberry.field(description="A name to tell keys apart, 1 to 100 characters.")


@strawberry.type(description="The result of createApiKey.")
class CreateApiKeyPayload:
    api_key: ApiKey | None = strawberry.field(default=None, description="The new key.")
    secret: str | None = strawberry.field(
        default=None,
        description=(
            "The key's secret, shown this once (only a hash is kept). The brand's back end "
            "sends it as 'Authorization: Bearer <secret>'."
        ),
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="What a member must do to earn a campaign's reward.")
class CampaignActionInput:
    key: str = strawberry.field(
        description="The key the brand reports, e.g. `workout_completed` (a-z, 0-9, _ . -)."
    )
    description: str = strawberry.field(default="", description="The action in words.")
    threshold: int = strawberry.field(
        default=1, description="How many times a member must do it (e.g. 30). Default 1."
    )


@strawberry.input(description="What a campaign gives.")
class CampaignRewardInput:
    kind: RewardKind = strawberry.field(description="The kind of reward.")
    product_id: strawberry.ID | None = strawberry.field(
        default=None, description="A catalog Product's ID: required for PHYSICAL and DIGITAL."
    )
    value: str | None = strawberry.field(
        default=None,
        description='A decimal amount, e.g. "10.00": required for GIFT_CARD, CREDIT, DONATION.',
    )
    charity: str | None = strawberry.field(
        default=None, description="The charity a DONATION goes to: required for DONATION."
    )


@strawberry.input(description="A new campaign; it starts as DRAFT.")
class CreateCampaignInput:
    account_id: strawberry.ID = strawberry.field(description="The BrandAccount's ID.")
    name: str = strawberry.field(description="1 to 100 characters.")
    action: CampaignActionInput = strawberry.field(description="What a member must do.")
    reward: CampaignRewardInput = strawberry.field(description="What a member earns.")
    cpa: str = strawberry.field(
        description='Cost per action as a decimal string, at least "3.00", tax included.'
    )
    monthly_budget: str = strawberry.field(
        description='At most "5000.00" a calendar month (UTC), and at least the CPA.'
    )
    max_rewards: int | None = strawberry.field(
        default=None, description="At most this many rewards in all; null for no cap."
    )
    starts_at: datetime | None = strawberry.field(
        default=None, description="When rewards start (with a time zone); default now."
    )
    ends_at: datetime | None = strawberry.field(
        default=None, description="When rewards stop (exclusive); null for no end."
    )


@strawberry.type(description="The result of createCampaign.")
class CreateCampaignPayload:
    campaign: Campaign | None = strawberry.field(default=None, description="The new campaign.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A campaign status change.")
class SetCampaignStatusInput:
    campaign_id: strawberry.ID = strawberry.field(description="The Campaign's ID.")
    status: CampaignStatus = strawberry.field(
        description=(
            "ACTIVE (from DRAFT or PAUSED), PAUSED (from ACTIVE) or ENDED (from any but "
            "ENDED; final). DRAFT and EXHAUSTED cannot be set."
        )
    )


@strawberry.type(description="The result of setCampaignStatus.")
class SetCampaignStatusPayload:
    campaign: Campaign | None = strawberry.field(default=None, description="The campaign.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A member did a campaign's action (sent by the brand's back end).")
class ReportMomentActionInput:
    campaign_id: strawberry.ID = strawberry.field(description="The Campaign's ID.")
    user_id: strawberry.ID = strawberry.field(description="The member's User ID.")
    quantity: int = strawberry.field(
        default=1, description="How many times they did it (1 to 10,000). Default 1."
    )
    idempotency_key: str = strawberry.field(
        description=(
            "A key unique per report within the campaign (1 to 100 characters). Sending the "
            "same key again changes nothing and answers the first answer."
        )
    )


@strawberry.type(description="The result of reportMomentAction.")
class ReportMomentActionPayload:
    progress: MomentProgress | None = strawberry.field(
        default=None, description="The member's progress after this report."
    )
    grant: RewardGrant | None = strawberry.field(
        default=None, description="The member's reward, once earned (also on later reports)."
    )
    errors: list[UserError] = strawberry.field(
        default_factory=list,
        description=(
            "User errors. BUDGET_EXHAUSTED comes with progress: the action counted but no "
            "reward could be paid; a later report may earn it (e.g. next month)."
        ),
    )


@strawberry.input(description="A reward to claim.")
class ClaimRewardInput:
    claim_code: str = strawberry.field(description="The grant's claim code.")


@strawberry.type(description="The result of claimReward.")
class ClaimRewardPayload:
    grant: RewardGrant | None = strawberry.field(default=None, description="The claimed reward.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A claimed physical reward the brand shipped.")
class FulfillRewardInput:
    grant_id: strawberry.ID = strawberry.field(description="The RewardGrant's ID.")
    tracking_code: str | None = strawberry.field(
        default=None, description="The carrier's tracking code."
    )


@strawberry.type(description="The result of fulfillReward.")
class FulfillRewardPayload:
    grant: RewardGrant | None = strawberry.field(default=None, description="The shipped reward.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


def _draft(input: CreateCampaignInput) -> service.CampaignDraft:
    product_id = input.reward.product_id
    return service.CampaignDraft(
        account_id=decode_id(input.account_id, "BrandAccount", field="accountId"),
        name=input.name,
        action_key=input.action.key,
        action_description=input.action.description,
        threshold=input.action.threshold,
        reward_kind=RewardKindValue(input.reward.kind.name),
        reward_product_id=decode_id(product_id, "Product", field="reward.productId")
        if product_id is not None
        else None,
        reward_value=input.reward.value,
        charity=input.reward.charity,
        cpa=input.cpa,
        monthly_budget=input.monthly_budget,
        max_rewards=input.max_rewards,
        starts_at=input.starts_at,
        ends_at=input.ends_at,
    )


@strawberry.type
class MomentsMutation:
    @strawberry.mutation(
        description="Create a brand account owned by the viewer (INELIGIBLE_COUNTRY for some).",
        permission_classes=[IsAuthenticated],
    )
    async def create_brand_account(
        self,
        info: Info,
        input: Annotated[
            CreateBrandAccountInput, strawberry.argument(description=INPUT_DESCRIPTION)
        ],
    ) -> CreateBrandAccountPayload:
        async def action() -> dict[str, Any]:
            async with write_transaction(info.context.sessions) as session:
                row = await service.create_brand_account(
                    session=session,
                    owner_id=_viewer_id(info),
                    name=input.name,
                    country=input.country,
                    now=info.context.clock.now(),
                )
            return {"account": BrandAccount.from_row(row)}

        return await run_mutation(CreateBrandAccountPayload, action)

    @strawberry.mutation(
        description="Create an API key for a brand account the viewer owns; the secret shows once.",
        permission_classes=[IsAuthenticated],
    )
    async def create_api_key(
        self,
        info: Info,
        input: Annotated[CreateApiKeyInput, strawberry.argument(description=INPUT_DESCRIPTION)],
    ) -> CreateApiKeyPayload:
        async def action() -> dict[str, Any]:
            account_id = decode_id(input.account_id, "BrandAccount", field="accountId")
            async with write_transaction(info.context.sessions) as session:
                row, secret = await service.create_api_key(
                    session=session,
                    account_id=account_id,
                    owner_id=_viewer_id(info),
                    name=input.name,
                    now=info.context.clock.now(),
                )
            return {"api_key": ApiKey.from_row(row), "secret": secret}

        return await run_mutation(CreateApiKeyPayload, action)

    @strawberry.mutation(
        description="Create a DRAFT campaign for a brand account the viewer owns.",
        permission_classes=[IsAuthenticated],
    )
    async def create_campaign(
        self,
        info: Info,
        input: Annotated[CreateCampaignInput, strawberry.argument(description=INPUT_DESCRIPTION)],
    ) -> CreateCampaignPayload:
        async def action() -> dict[str, Any]:
            draft = _draft(input)
            async with write_transaction(info.context.sessions) as session:
                row = await service.create_campaign(
                    session=session,
                    owner_id=_viewer_id(info),
                    draft=draft,
                    now=info.context.clock.now(),
                )
            return {"campaign": Campaign.from_row(row, is_owner=True)}

        return await run_mutation(CreateCampaignPayload, action)

    @strawberry.mutation(
        description="Activate, pause or end a campaign the viewer owns.",
        permission_classes=[IsAuthenticated],
    )
    async def set_campaign_status(
        self,
        info: Info,
        input: Annotated[
            SetCampaignStatusInput, strawberry.argument(description=INPUT_DESCRIPTION)
        ],
    ) -> SetCampaignStatusPayload:
        async def action() -> dict[str, Any]:
            campaign_id = decode_id(input.campaign_id, "Campaign", field="campaignId")
            async with write_transaction(info.context.sessions) as session:
                row = await service.set_campaign_status(
                    session=session,
                    campaign_id=campaign_id,
                    owner_id=_viewer_id(info),
                    status=input.status.name,
                )
            return {"campaign": Campaign.from_row(row, is_owner=True)}

        return await run_mutation(SetCampaignStatusPayload, action)

    @strawberry.mutation(
        description=(
            "For a brand's back end (API key of the campaign's account): a member did the "
            "action `quantity` times. Reaching the threshold issues the member's one reward "
            "and charges the CPA, within every cap. Idempotent per `idempotencyKey`."
        ),
        permission_classes=[IsNotMember, HasBrandApiKey, ApiKeyOwnsCampaign],
    )
    async def report_moment_action(
        self,
        info: Info,
        input: Annotated[
            ReportMomentActionInput, strawberry.argument(description=INPUT_DESCRIPTION)
        ],
    ) -> ReportMomentActionPayload:
        account_id = await api_key_account_id(info)
        assert account_id is not None, "guarded by HasBrandApiKey"

        async def action() -> dict[str, Any]:
            campaign_id = decode_id(input.campaign_id, "Campaign", field="campaignId")
            user_id = decode_id(input.user_id, "User", field="userId")
            now = info.context.clock.now()
            async with write_transaction(info.context.sessions) as session:
                outcome = await service.report_moment_action(
                    session=session,
                    account_id=account_id,
                    campaign_id=campaign_id,
                    user_id=user_id,
                    quantity=input.quantity,
                    idempotency_key=input.idempotency_key,
                    now=now,
                )
                grant_row = (
                    await session.get(RewardGrantRow, outcome.grant_id)
                    if outcome.grant_id is not None
                    else None
                )
            return {
                "progress": MomentProgress(
                    count=outcome.count,
                    threshold=outcome.threshold,
                    completed=outcome.count >= outcome.threshold,
                ),
                "grant": RewardGrant.from_row(grant_row, now=now, show_claim_code=True)
                if grant_row
                else None,
                "errors": [outcome.error.to_user_error()] if outcome.error else [],
            }

        return await run_mutation(ReportMomentActionPayload, action)

    @strawberry.mutation(
        description=(
            "Claim one of the viewer's rewards with its code, within 30 days of issue. "
            "Digital rewards are delivered at once; physical ones wait to be shipped."
        ),
        permission_classes=[IsAuthenticated],
    )
    async def claim_reward(
        self,
        info: Info,
        input: Annotated[ClaimRewardInput, strawberry.argument(description=INPUT_DESCRIPTION)],
    ) -> ClaimRewardPayload:
        viewer = info.context.viewer
        assert viewer is not None, "guarded by IsAuthenticated"

        async def action() -> dict[str, Any]:
            now = info.context.clock.now()
            async with write_transaction(info.context.sessions) as session:
                row = await service.claim_reward(
                    session=session, claim_code=input.claim_code, member=viewer, now=now
                )
            return {"grant": RewardGrant.from_row(row, now=now, show_claim_code=True)}

        return await run_mutation(ClaimRewardPayload, action)

    @strawberry.mutation(
        description="Mark a claimed physical reward of the viewer's campaign as shipped.",
        permission_classes=[IsAuthenticated],
    )
    async def fulfill_reward(
        self,
        info: Info,
        input: Annotated[FulfillRewardInput, strawberry.argument(description=INPUT_DESCRIPTION)],
    ) -> FulfillRewardPayload:
        async def action() -> dict[str, Any]:
            grant_id = decode_id(input.grant_id, "RewardGrant", field="grantId")
            now = info.context.clock.now()
            async with write_transaction(info.context.sessions) as session:
                row = await service.fulfill_reward(
                    session=session,
                    grant_id=grant_id,
                    owner_id=_viewer_id(info),
                    tracking_code=input.tracking_code,
                    now=now,
                )
            return {"grant": RewardGrant.from_row(row, now=now, show_claim_code=False)}

        return await run_mutation(FulfillRewardPayload, action)
