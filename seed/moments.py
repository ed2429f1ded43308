"""Demo part: Moments brands, campaigns, progress and rewards, made through the services
(sign-up for brand owners, then accounts, keys, campaigns, reports and claims), so the
demo keeps every rule the app keeps: caps, one grant per member, the ledger."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from seed.data_files import SeedDataError, hours_before, ids_by, lookup, read_data
from spark_graph.auth import service as auth_service
from spark_graph.auth.models import User
from spark_graph.catalog.models import Product
from spark_graph.moments import service
from spark_graph.moments.models import RewardKind
from spark_graph.settings import Settings


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    data = read_data("moments")
    for brand in data["brands"]:
        owner = await auth_service.sign_up(
            session=session,
            settings=settings,
            now=hours_before(now, 24 * 40),
            handle=brand["owner"]["handle"],
            display_name=brand["owner"]["display_name"],
            password=brand["owner"]["password"],
        )
        assert owner.id is not None
        account = await service.create_brand_account(
            session=session,
            owner_id=owner.id,
            name=brand["account"]["name"],
            country=brand["account"]["country"],
            now=hours_before(now, 24 * 30),
        )
        assert account.id is not None
        await service.create_api_key(
            session=session,
            account_id=account.id,
            owner_id=owner.id,
            name=brand["api_key"],
            now=hours_before(now, 24 * 30),
        )
        for entry in brand["campaigns"]:
            await _load_campaign(session, entry, account_id=account.id, owner_id=owner.id, now=now)


async def _load_campaign(
    session: AsyncSession, entry: dict[str, Any], *, account_id: int, owner_id: int, now: datetime
) -> None:
    reward = entry["reward"]
    product_id = None
    if "product_asin" in reward:
        products = await ids_by(session, Product.asin, Product.id)  # type: ignore[arg-type]
        product_id = lookup(products, reward["product_asin"], "product")
    starts_at = hours_before(now, 24 * entry["starts_days_ago"])
    ends_in = entry.get("ends_in_days")
    campaign = await service.create_campaign(
        session=session,
        owner_id=owner_id,
        draft=service.CampaignDraft(
            account_id=account_id,
            name=entry["name"],
            action_key=entry["action"]["key"],
            action_description=entry["action"].get("description", ""),
            threshold=int(entry["action"].get("threshold", 1)),
            reward_kind=RewardKind(reward["kind"]),
            reward_product_id=product_id,
            reward_value=reward.get("value"),
            charity=reward.get("charity"),
            cpa=entry["cpa"],
            monthly_budget=entry["monthly_budget"],
            max_rewards=entry.get("max_rewards"),
            starts_at=starts_at,
            ends_at=now + timedelta(days=ends_in) if ends_in else None,
        ),
        now=starts_at,
    )
    assert campaign.id is not None
    await service.set_campaign_status(
        session=session, campaign_id=campaign.id, owner_id=owner_id, status="ACTIVE"
    )
    members = await ids_by(session, User.handle, User.id)  # type: ignore[arg-type]
    grants: dict[str, int] = {}
    for number, report in enumerate(entry.get("reports", []), start=1):
        outcome = await service.report_moment_action(
            session=session,
            account_id=account_id,
            campaign_id=campaign.id,
            user_id=lookup(members, report["member"], "member"),
            quantity=int(report["quantity"]),
            idempotency_key=f"seed-{campaign.id}-{number}",
            now=hours_before(now, report["hours_ago"]),
        )
        if outcome.error is not None:
            raise SeedDataError(f"{entry['name']}: {outcome.error.message}")
        if outcome.grant_id is not None:
            grants[report["member"]] = outcome.grant_id
    for handle in entry.get("claims", []):
        await _claim(session, grant_id=grants[handle], now=now)


async def _claim(session: AsyncSession, *, grant_id: int, now: datetime) -> None:
    from spark_graph.moments.models import RewardGrant

    grant = await session.get(RewardGrant, grant_id)
    member = await session.get(User, grant.user_id) if grant else None
    if grant is None or member is None or grant.claim_code is None:
        raise SeedDataError(f"reward {grant_id} cannot be claimed")
    await service.claim_reward(
        session=session, claim_code=grant.claim_code, member=member, now=hours_before(now, 1)
    )
