"""Hundreds of simultaneous reports through the HTTP endpoint never overspend a cap nor
grant a member twice. Database-agnostic: runs on SQLite and on SPARK_TEST_DATABASE_URL."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from sqlalchemy import select

from spark_graph.ids import decode_id
from spark_graph.moments.models import (
    AccountBudgetPeriod,
    Campaign,
    CampaignBudgetPeriod,
    LedgerEntry,
    RewardGrant,
)
from tests.factories import make_user

pytestmark = pytest.mark.slow

CONCURRENT_REPORTS = 200

CONCURRENCY_DASHBOARD_QUERY = """
query Dashboard($id: ID!) {
  node(id: $id) {
    ... on Campaign {
      status
      spentThisMonth { amount }
      stats { grantsIssued completions participants }
      account { spentThisMonth { amount } }
    }
  }
}
"""


async def members(kit, settings, count):
    made = []
    for _ in range(count):
        made.append(await make_user(kit.sessions, settings, kit.clock))
    return made


async def assert_ledger_matches_spend(kit, brand):
    """Every budget period of the brand's account equals the sum of its ledger rows; one
    grant per ledger row. Scoped to the account so other tests' rows do not count."""
    account_id = decode_id(brand.account_id, "BrandAccount", field="id")
    campaign_ids = select(Campaign.id).where(Campaign.account_id == account_id)
    async with kit.sessions() as session:
        ledger = (
            (await session.execute(select(LedgerEntry).where(LedgerEntry.account_id == account_id)))
            .scalars()
            .all()
        )
        campaign_periods = (
            (
                await session.execute(
                    select(CampaignBudgetPeriod).where(
                        CampaignBudgetPeriod.campaign_id.in_(campaign_ids)
                    )
                )
            )
            .scalars()
            .all()
        )
        account_periods = (
            (
                await session.execute(
                    select(AccountBudgetPeriod).where(AccountBudgetPeriod.account_id == account_id)
                )
            )
            .scalars()
            .all()
        )
        grants = (
            (
                await session.execute(
                    select(RewardGrant).where(RewardGrant.campaign_id.in_(campaign_ids))
                )
            )
            .scalars()
            .all()
        )
    for period in campaign_periods:
        expected = sum(
            (
                e.amount
                for e in ledger
                if e.campaign_id == period.campaign_id and e.month == period.month
            ),
            Decimal("0"),
        )
        assert period.spent == expected
    for period in account_periods:
        expected = sum(
            (
                e.amount
                for e in ledger
                if e.account_id == period.account_id and e.month == period.month
            ),
            Decimal("0"),
        )
        assert period.spent == expected
    assert sorted(e.grant_id for e in ledger) == sorted(g.id for g in grants)
    pairs = [(g.campaign_id, g.user_id) for g in grants]
    assert len(pairs) == len(set(pairs)), "a member got two grants in one campaign"
    return ledger, grants


async def test_concurrent_reports_never_overspend_the_campaign_budget(kit, settings):
    # given: 100.00 a month at 3.00 a reward pays for exactly 33 rewards
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, cpa="3.00", monthlyBudget="100.00")
    crowd = await members(kit, settings, CONCURRENT_REPORTS)
    # when: every member completes at the same moment
    results = await asyncio.gather(*(kit.report(brand, campaign_id, member) for member in crowd))
    # then
    granted = [r for r in results if r["grant"] is not None]
    refused = [r for r in results if r["grant"] is None]
    assert len(granted) == 33  # floor(100.00 / 3.00)
    assert all([e["code"] for e in r["errors"]] == ["BUDGET_EXHAUSTED"] for r in refused)
    assert all(r["progress"]["completed"] for r in results)
    ledger, grants = await assert_ledger_matches_spend(kit, brand)
    assert sum((e.amount for e in ledger), Decimal("0")) == Decimal("99.00")
    assert len(grants) == 33
    board = (
        await kit.gql.data(
            CONCURRENCY_DASHBOARD_QUERY, {"id": campaign_id}, token=brand.owner.token
        )
    )["node"]
    assert board["spentThisMonth"]["amount"] == "99.00"
    assert board["account"]["spentThisMonth"]["amount"] == "99.00"
    assert board["status"] == "EXHAUSTED"
    assert board["stats"] == {
        "grantsIssued": 33,
        "completions": CONCURRENT_REPORTS,
        "participants": CONCURRENT_REPORTS,
    }


async def test_concurrent_reports_of_one_member_grant_once(kit, settings):
    # given: a threshold of 5 and one member reporting 40 actions at once
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, action={"key": "workout", "threshold": 5})
    member = await kit.make_member()
    # when
    results = await asyncio.gather(*(kit.report(brand, campaign_id, member) for _ in range(40)))
    # then
    grant_ids = {r["grant"]["id"] for r in results if r["grant"]}
    assert len(grant_ids) == 1
    assert sorted(r["progress"]["count"] for r in results) == list(range(1, 41))
    ledger, grants = await assert_ledger_matches_spend(kit, brand)
    assert len(grants) == len(ledger) == 1


async def test_concurrent_duplicates_of_one_idempotency_key_count_once(kit):
    # given
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, action={"key": "workout", "threshold": 3})
    member = await kit.make_member()
    # when: the brand's back end retries one report 50 times at once
    results = await asyncio.gather(
        *(kit.report(brand, campaign_id, member, quantity=3, key="evt-1") for _ in range(50))
    )
    # then: one effect, one answer
    assert all(r == results[0] for r in results)
    assert results[0]["progress"]["count"] == 3
    ledger, grants = await assert_ledger_matches_spend(kit, brand)
    assert len(grants) == len(ledger) == 1
    follow_up = await kit.report(brand, campaign_id, member, quantity=1, key="evt-2")
    assert follow_up["progress"]["count"] == 4


async def test_concurrent_reports_never_overspend_the_account_cap(kit, settings):
    # given: four campaigns of 5,000.00 at 1,000.00 a reward (20 rewards in all), but the
    # account may spend 15,000.00 a month
    brand = await kit.brand()
    campaigns = [
        await kit.campaign(brand, cpa="1000.00", monthlyBudget="5000.00") for _ in range(4)
    ]
    crowd = await members(kit, settings, 40)
    # when: ten members complete in each campaign at the same moment
    results = await asyncio.gather(
        *(kit.report(brand, campaigns[i % 4], member) for i, member in enumerate(crowd))
    )
    # then
    assert sum(1 for r in results if r["grant"]) == 15
    ledger, _ = await assert_ledger_matches_spend(kit, brand)
    assert sum((e.amount for e in ledger), Decimal("0")) == Decimal("15000.00")
    per_campaign = {}
    for entry in ledger:
        per_campaign[entry.campaign_id] = per_campaign.get(entry.campaign_id, 0) + entry.amount
    assert all(total <= Decimal("5000.00") for total in per_campaign.values())


async def test_concurrent_reports_never_exceed_the_reward_cap(kit, settings):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, maxRewards=7, monthlyBudget="5000.00")
    crowd = await members(kit, settings, 60)
    results = await asyncio.gather(*(kit.report(brand, campaign_id, m) for m in crowd))
    assert sum(1 for r in results if r["grant"]) == 7
    ledger, grants = await assert_ledger_matches_spend(kit, brand)
    assert len(grants) == len(ledger) == 7
