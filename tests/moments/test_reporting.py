from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from spark_graph.ids import global_id
from tests.moments.conftest import REPORT_MOMENT_ACTION_MUTATION

DASHBOARD_QUERY = """
query CampaignDashboard($id: ID!) {
  node(id: $id) {
    ... on Campaign {
      id name status
      cpa { amount currency }
      monthlyBudget { amount currency }
      spentThisMonth { amount currency }
      remainingBudget { amount currency }
      stats {
        participants completions grantsIssued grantsClaimed completionRate
        donated { amount currency }
      }
      account { id name spentThisMonth { amount currency } monthlyCap { amount currency } }
    }
  }
}
"""


async def dashboard(kit, brand, campaign_id):
    body = await kit.gql.data(DASHBOARD_QUERY, {"id": campaign_id}, token=brand.owner.token)
    return body["node"]


def report_variables(campaign_id, member, key="k-1", quantity=1):
    return {
        "input": {
            "campaignId": campaign_id,
            "userId": global_id("User", member.id),
            "quantity": quantity,
            "idempotencyKey": key,
        }
    }


async def test_progress_adds_up_and_one_grant_is_issued_at_the_threshold(kit):
    # given
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, action={"key": "workout_completed", "threshold": 30})
    member = await kit.make_member()
    # when
    first = await kit.report(brand, campaign_id, member, quantity=29)
    reached = await kit.report(brand, campaign_id, member, quantity=1)
    again = await kit.report(brand, campaign_id, member, quantity=5)
    # then
    assert first == {
        "progress": {"count": 29, "threshold": 30, "completed": False},
        "grant": None,
        "errors": [],
    }
    assert reached["progress"] == {"count": 30, "threshold": 30, "completed": True}
    assert reached["grant"]["status"] == "ISSUED"
    assert reached["grant"]["claimCode"]
    assert again["progress"]["count"] == 35
    assert again["grant"] == reached["grant"]
    board = await dashboard(kit, brand, campaign_id)
    assert board["spentThisMonth"]["amount"] == "3.00"
    assert board["stats"]["grantsIssued"] == 1
    assert (await kit.money_totals(brand))["ledger_rows"] == 1


async def test_same_idempotency_key_answers_the_same_and_changes_nothing(kit):
    # given
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, action={"key": "level_up", "threshold": 2})
    member = await kit.make_member()
    first = await kit.report(brand, campaign_id, member, quantity=2, key="evt-42")
    # when
    replay = await kit.report(brand, campaign_id, member, quantity=2, key="evt-42")
    # then
    assert replay == first
    assert first["grant"] is not None
    assert (await kit.money_totals(brand))["ledger"] == Decimal("3.00")
    board = await dashboard(kit, brand, campaign_id)
    assert board["stats"]["participants"] == 1


async def test_reused_idempotency_key_with_other_input_is_invalid(kit):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, action={"key": "level_up", "threshold": 5})
    member = await kit.make_member()
    await kit.report(brand, campaign_id, member, quantity=1, key="evt-1")
    result = await kit.report(brand, campaign_id, member, quantity=3, key="evt-1")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("idempotencyKey", "INVALID")]


async def test_reporting_needs_an_api_key(kit):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand)
    member = await kit.make_member()
    # no key or an unknown key: not authenticated; a member token: the wrong kind of caller
    for token, code in (
        (None, "UNAUTHENTICATED"),
        ("spk_not-a-real-key", "UNAUTHENTICATED"),
        (member.token, "FORBIDDEN"),
    ):
        body = await kit.gql.execute(
            REPORT_MOMENT_ACTION_MUTATION,
            report_variables(campaign_id, member),
            token=token,
            expect_errors=True,
        )
        assert body["errors"][0]["extensions"]["code"] == code
        assert body["data"] is None


async def test_another_accounts_key_is_forbidden(kit):
    brand, other = await kit.brand(), await kit.brand(name="Rival")
    campaign_id = await kit.campaign(brand)
    member = await kit.make_member()
    body = await kit.gql.execute(
        REPORT_MOMENT_ACTION_MUTATION,
        report_variables(campaign_id, member),
        token=other.secret,
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await kit.money_totals(brand))["grants"] == 0


async def test_unknown_campaign_or_member_is_not_found(kit):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand)
    member = await kit.make_member()
    unknown_campaign = await kit.gql.data(
        REPORT_MOMENT_ACTION_MUTATION,
        report_variables(global_id("Campaign", 999), member),
        token=brand.secret,
    )
    variables = report_variables(campaign_id, member)
    variables["input"]["userId"] = global_id("User", 999)
    unknown_member = await kit.gql.data(
        REPORT_MOMENT_ACTION_MUTATION, variables, token=brand.secret
    )
    assert [e["code"] for e in unknown_campaign["reportMomentAction"]["errors"]] == ["NOT_FOUND"]
    assert [(e["field"], e["code"]) for e in unknown_member["reportMomentAction"]["errors"]] == [
        ("userId", "NOT_FOUND")
    ]


@pytest.mark.parametrize("quantity", [0, -1, 10_001])
async def test_quantity_is_validated(kit, quantity):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand)
    member = await kit.make_member()
    result = await kit.report(brand, campaign_id, member, quantity=quantity)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("quantity", "INVALID")]


@pytest.mark.parametrize("status", ["DRAFT", "PAUSED", "ENDED"])
async def test_only_active_campaigns_count_actions(kit, status):
    # given
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, activate=False)
    if status != "DRAFT":
        await kit.set_status(brand, campaign_id, "ACTIVE")
        await kit.set_status(brand, campaign_id, status)
    member = await kit.make_member()
    # when
    result = await kit.report(brand, campaign_id, member, key="evt-1")
    # then
    assert result["progress"] is None
    assert [e["code"] for e in result["errors"]] == ["CAMPAIGN_NOT_ACTIVE"]
    assert (await dashboard(kit, brand, campaign_id))["stats"]["participants"] == 0
    # and the key was not used up: once active, the same report counts
    if status != "ENDED":
        await kit.set_status(brand, campaign_id, "ACTIVE")
        retried = await kit.report(brand, campaign_id, member, key="evt-1")
        assert retried["grant"] is not None


async def test_campaign_grants_only_inside_its_time_window(kit):
    # given
    brand = await kit.brand()
    starts = kit.clock.now() + timedelta(days=1)
    ends = starts + timedelta(days=7)
    campaign_id = await kit.campaign(brand, startsAt=starts.isoformat(), endsAt=ends.isoformat())
    member = await kit.make_member()
    # when / then: before the start
    early = await kit.report(brand, campaign_id, member)
    assert [e["code"] for e in early["errors"]] == ["CAMPAIGN_NOT_ACTIVE"]
    # inside the window
    kit.clock.advance(timedelta(days=1))
    inside = await kit.report(brand, campaign_id, member)
    assert inside["grant"] is not None
    # at the end (exclusive)
    kit.clock.advance(timedelta(days=7))
    late = await kit.report(brand, campaign_id, await kit.make_member())
    assert [e["code"] for e in late["errors"]] == ["CAMPAIGN_NOT_ACTIVE"]


async def test_budget_stops_grants_and_a_new_month_starts_a_new_budget(kit):
    # given: 10.00 a month pays for three 3.00 rewards
    kit.clock.set(datetime(2026, 11, 30, 23, 0, tzinfo=UTC))
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, monthlyBudget="10.00")
    members = [await kit.make_member() for _ in range(4)]
    # when
    results = [await kit.report(brand, campaign_id, member) for member in members]
    # then
    assert [r["grant"] is not None for r in results] == [True, True, True, False]
    assert [(e["field"], e["code"]) for e in results[3]["errors"]] == [
        ("campaignId", "BUDGET_EXHAUSTED")
    ]
    assert results[3]["progress"] == {"count": 1, "threshold": 1, "completed": True}
    board = await dashboard(kit, brand, campaign_id)
    assert board["status"] == "EXHAUSTED"
    assert board["spentThisMonth"]["amount"] == "9.00"
    assert board["remainingBudget"]["amount"] == "1.00"
    assert board["stats"]["completions"] == 4
    assert board["stats"]["grantsIssued"] == 3
    # when: December starts, nobody touched anything
    kit.clock.advance(timedelta(hours=1))
    board = await dashboard(kit, brand, campaign_id)
    assert board["status"] == "ACTIVE"
    assert board["spentThisMonth"]["amount"] == "0.00"
    assert board["account"]["spentThisMonth"]["amount"] == "0.00"
    later = await kit.report(brand, campaign_id, members[3])
    # then: the member who completed in November is rewarded from December's budget
    assert later["grant"] is not None
    assert (await dashboard(kit, brand, campaign_id))["spentThisMonth"]["amount"] == "3.00"
    totals = await kit.money_totals(brand)
    assert totals["ledger"] == totals["campaigns"] == totals["accounts"] == Decimal("12.00")


async def test_reward_cap_stops_grants(kit):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, maxRewards=2)
    results = [await kit.report(brand, campaign_id, await kit.make_member()) for _ in range(3)]
    assert [r["grant"] is not None for r in results] == [True, True, False]
    assert [e["code"] for e in results[2]["errors"]] == ["BUDGET_EXHAUSTED"]
    board = await dashboard(kit, brand, campaign_id)
    assert board["status"] == "EXHAUSTED"
    assert board["spentThisMonth"]["amount"] == "6.00"


async def test_account_cap_covers_all_campaigns_of_the_account(kit):
    # given: four 5,000.00 campaigns at 1,000.00 a reward; the account may spend 15,000.00
    brand = await kit.brand()
    campaigns = [
        await kit.campaign(brand, cpa="1000.00", monthlyBudget="5000.00") for _ in range(4)
    ]
    # when: five rewards in each of the first three campaigns, then one in the fourth
    for campaign_id in campaigns[:3]:
        for _ in range(5):
            assert (await kit.report(brand, campaign_id, await kit.make_member()))["grant"]
    fourth = await kit.report(brand, campaigns[3], await kit.make_member())
    # then
    assert [e["code"] for e in fourth["errors"]] == ["BUDGET_EXHAUSTED"]
    board = await dashboard(kit, brand, campaigns[3])
    assert board["status"] == "EXHAUSTED"
    assert board["spentThisMonth"]["amount"] == "0.00"
    assert board["account"]["spentThisMonth"]["amount"] == "15000.00"
    assert board["account"]["monthlyCap"]["amount"] == "15000.00"


async def test_dashboard_stats_and_ledger_agree(kit):
    # given: a threshold of 3; two members complete, one is half-way
    brand = await kit.brand()
    campaign_id = await kit.campaign(
        brand,
        action={"key": "hour_watched", "threshold": 3},
        reward={"kind": "DONATION", "value": "2.50", "charity": "Water.org"},
    )
    done = [await kit.make_member() for _ in range(2)]
    halfway = await kit.make_member()
    # when
    results = [await kit.report(brand, campaign_id, m, quantity=3) for m in done]
    await kit.report(brand, campaign_id, halfway, quantity=1)
    board = await dashboard(kit, brand, campaign_id)
    # then: donations need no claim
    assert [r["grant"]["status"] for r in results] == ["FULFILLED", "FULFILLED"]
    assert [r["grant"]["claimCode"] for r in results] == [None, None]
    assert board["stats"] == {
        "participants": 3,
        "completions": 2,
        "grantsIssued": 2,
        "grantsClaimed": 0,
        "completionRate": pytest.approx(2 / 3),
        "donated": {"amount": "5.00", "currency": "USD"},
    }
    assert board["spentThisMonth"] == {"amount": "6.00", "currency": "USD"}
    assert board["remainingBudget"] == {"amount": "94.00", "currency": "USD"}
    assert board["account"]["spentThisMonth"] == {"amount": "6.00", "currency": "USD"}
    totals = await kit.money_totals(brand)
    assert totals["ledger"] == totals["campaigns"] == totals["accounts"] == Decimal("6.00")


async def test_completion_rate_is_zero_without_participants(kit):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand)
    board = await dashboard(kit, brand, campaign_id)
    assert board["stats"]["completionRate"] == 0
    assert board["stats"]["participants"] == 0
