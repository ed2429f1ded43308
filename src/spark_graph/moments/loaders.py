"""Moments loaders: rows by ID, this month's spend, dashboard counts, a member's rewards."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.dataloading import RowByIdLoader, SessionLoader
from spark_graph.moments.models import (
    AccountBudgetPeriod,
    ApiKey,
    BrandAccount,
    Campaign,
    CampaignBudgetPeriod,
    RewardGrant,
)
from spark_graph.moments.service import CampaignCounts, campaign_counts


class BrandAccountByIdLoader(RowByIdLoader):
    model = BrandAccount


class ApiKeyByIdLoader(RowByIdLoader):
    model = ApiKey


class CampaignByIdLoader(RowByIdLoader):
    model = Campaign


class RewardGrantByIdLoader(RowByIdLoader):
    model = RewardGrant


class CampaignSpendByMonthLoader(SessionLoader[tuple[int, str], Decimal]):
    """A campaign's spend in a month (key: (campaign_id, "YYYY-MM")); 0.00 when none."""

    async def load_batch(self, session: AsyncSession, keys: list[tuple[int, str]]) -> list[Decimal]:
        result = await session.execute(
            select(CampaignBudgetPeriod).where(
                col(CampaignBudgetPeriod.campaign_id).in_({k[0] for k in keys}),
                col(CampaignBudgetPeriod.month).in_({k[1] for k in keys}),
            )
        )
        spent = {(row.campaign_id, row.month): row.spent for row in result.scalars()}
        return [spent.get(key, Decimal("0.00")) for key in keys]


class AccountSpendByMonthLoader(SessionLoader[tuple[int, str], Decimal]):
    """An account's spend in a month over all its campaigns; 0.00 when none."""

    async def load_batch(self, session: AsyncSession, keys: list[tuple[int, str]]) -> list[Decimal]:
        result = await session.execute(
            select(AccountBudgetPeriod).where(
                col(AccountBudgetPeriod.account_id).in_({k[0] for k in keys}),
                col(AccountBudgetPeriod.month).in_({k[1] for k in keys}),
            )
        )
        spent = {(row.account_id, row.month): row.spent for row in result.scalars()}
        return [spent.get(key, Decimal("0.00")) for key in keys]


class CampaignCountsLoader(SessionLoader[int, CampaignCounts]):
    """Participants, completions and claimed grants per campaign."""

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[CampaignCounts]:
        counts = await campaign_counts(session=session, campaign_ids=keys)
        return [counts.get(key, CampaignCounts()) for key in keys]
