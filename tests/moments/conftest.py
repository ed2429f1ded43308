"""Moments test helpers: brands, keys, campaigns and reports made through the API."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from spark_graph.catalog.models import Product
from spark_graph.db import SessionFactory, transaction
from spark_graph.ids import decode_id, global_id
from spark_graph.moments.models import (
    AccountBudgetPeriod,
    Campaign,
    CampaignBudgetPeriod,
    LedgerEntry,
    RewardGrant,
)
from tests.conftest import GraphQLClient

CREATE_BRAND_ACCOUNT_MUTATION = """
mutation CreateBrandAccount($input: CreateBrandAccountInput!) {
  createBrandAccount(input: $input) {
    account { id name country monthlyCap { amount currency } }
    errors { field message code }
  }
}
"""

CREATE_API_KEY_MUTATION = """
mutation CreateApiKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    apiKey { id name prefix createdAt }
    secret
    errors { field message code }
  }
}
"""

CREATE_CAMPAIGN_MUTATION = """
mutation CreateCampaign($input: CreateCampaignInput!) {
  createCampaign(input: $input) {
    campaign {
      id name status maxRewards startsAt endsAt
      cpa { amount currency }
      monthlyBudget { amount currency }
      action { key description threshold }
      reward { kind value { amount currency } charity product { id title } }
    }
    errors { field message code }
  }
}
"""

SET_CAMPAIGN_STATUS_MUTATION = """
mutation SetCampaignStatus($input: SetCampaignStatusInput!) {
  setCampaignStatus(input: $input) {
    campaign { id status }
    errors { field message code }
  }
}
"""

REPORT_MOMENT_ACTION_MUTATION = """
mutation ReportMomentAction($input: ReportMomentActionInput!) {
  reportMomentAction(input: $input) {
    progress { count threshold completed }
    grant { id status claimCode }
    errors { field message code }
  }
}
"""

_keys = itertools.count(1)


@dataclass
class Brand:
    owner: Any  # tests.factories.Member
    account_id: str
    secret: str


def campaign_input(brand: Brand, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "accountId": brand.account_id,
        "name": "Thirty workouts",
        "action": {"key": "workout_completed", "description": "Finish a workout", "threshold": 1},
        "reward": {"kind": "GIFT_CARD", "value": "10.00"},
        "cpa": "3.00",
        "monthlyBudget": "100.00",
    }
    values.update(overrides)
    return values


@dataclass
class MomentsKit:
    gql: GraphQLClient
    sessions: SessionFactory
    make_member: Any
    clock: Any

    async def brand(self, owner: Any = None, name: str = "Fitly") -> Brand:
        owner = owner or await self.make_member()
        created = (
            await self.gql.data(
                CREATE_BRAND_ACCOUNT_MUTATION,
                {"input": {"name": name, "country": "US"}},
                token=owner.token,
            )
        )["createBrandAccount"]
        assert created["errors"] == []
        account_id = created["account"]["id"]
        key = (
            await self.gql.data(
                CREATE_API_KEY_MUTATION,
                {"input": {"accountId": account_id, "name": "production"}},
                token=owner.token,
            )
        )["createApiKey"]
        assert key["errors"] == []
        return Brand(owner=owner, account_id=account_id, secret=key["secret"])

    async def campaign(self, brand: Brand, *, activate: bool = True, **overrides: Any) -> str:
        created = (
            await self.gql.data(
                CREATE_CAMPAIGN_MUTATION,
                {"input": campaign_input(brand, **overrides)},
                token=brand.owner.token,
            )
        )["createCampaign"]
        assert created["errors"] == [], created["errors"]
        campaign_id: str = created["campaign"]["id"]
        if activate:
            await self.set_status(brand, campaign_id, "ACTIVE")
        return campaign_id

    async def set_status(self, brand: Brand, campaign_id: str, status: str) -> dict[str, Any]:
        result: dict[str, Any] = (
            await self.gql.data(
                SET_CAMPAIGN_STATUS_MUTATION,
                {"input": {"campaignId": campaign_id, "status": status}},
                token=brand.owner.token,
            )
        )["setCampaignStatus"]
        return result

    async def report(
        self,
        brand: Brand,
        campaign_id: str,
        member: Any,
        *,
        quantity: int = 1,
        key: str | None = None,
    ) -> dict[str, Any]:
        result: dict[str, Any] = (
            await self.gql.data(
                REPORT_MOMENT_ACTION_MUTATION,
                {
                    "input": {
                        "campaignId": campaign_id,
                        "userId": global_id("User", member.id),
                        "quantity": quantity,
                        "idempotencyKey": key or f"report-{next(_keys)}",
                    }
                },
                token=brand.secret,
            )
        )["reportMomentAction"]
        return result

    async def product(self, *, price: str = "19.99", title: str = "Water bottle") -> str:
        async with transaction(self.sessions) as session:
            row = Product(
                asin=f"B0{next(_keys):08d}",
                title=title,
                brand="Fitly",
                category="sports",
                price=Decimal(price),
                created_at=self.clock.now(),
            )
            session.add(row)
            await session.flush()
            assert row.id is not None
            return global_id("Product", row.id)

    async def money_totals(self, brand: Brand | None = None) -> dict[str, Decimal]:
        """Ledger sum and budget-period sums straight from the database, for one brand's
        account (or every account), so leftovers of other tests cannot change them."""
        account_id = decode_id(brand.account_id, "BrandAccount", field="id") if brand else None

        def mine(statement: Any, column: Any) -> Any:
            return statement if account_id is None else statement.where(column == account_id)

        async with self.sessions() as session:
            campaign_ids = select(Campaign.id)
            campaign_ids = mine(campaign_ids, Campaign.account_id)
            ledger = (
                (await session.execute(mine(select(LedgerEntry.amount), LedgerEntry.account_id)))
                .scalars()
                .all()
            )
            campaigns = (
                (
                    await session.execute(
                        select(CampaignBudgetPeriod.spent).where(
                            CampaignBudgetPeriod.campaign_id.in_(campaign_ids)
                        )
                    )
                )
                .scalars()
                .all()
            )
            accounts = (
                (
                    await session.execute(
                        mine(select(AccountBudgetPeriod.spent), AccountBudgetPeriod.account_id)
                    )
                )
                .scalars()
                .all()
            )
            grants = (
                await session.execute(
                    select(func.count())
                    .select_from(RewardGrant)
                    .where(RewardGrant.campaign_id.in_(campaign_ids))
                )
            ).scalar()
        return {
            "ledger": sum(ledger, Decimal("0")),
            "campaigns": sum(campaigns, Decimal("0")),
            "accounts": sum(accounts, Decimal("0")),
            "grants": Decimal(grants or 0),
            "ledger_rows": Decimal(len(ledger)),
        }


@pytest.fixture
def kit(gql, sessions, make_member, clock) -> MomentsKit:
    return MomentsKit(gql=gql, sessions=sessions, make_member=make_member, clock=clock)


def at(moment: datetime) -> str:
    return moment.isoformat()
