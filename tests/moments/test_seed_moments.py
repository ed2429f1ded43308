"""The Moments part of the demo world: real-looking campaigns, progress and rewards,
including maya's, and brand owners who can log in with the documented password."""

from __future__ import annotations

from decimal import Decimal

from seed.loader import load_demo_world
from sqlalchemy import select

from spark_graph.ids import global_id
from spark_graph.moments.models import Campaign
from tests.contract.demo import Demo
from tests.moments.test_reporting import DASHBOARD_QUERY
from tests.moments.test_rewards import MY_REWARDS_QUERY

LOG_IN_MUTATION = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token errors { code } }
}
"""


async def test_demo_campaigns_rewards_and_brand_owners(gql, sessions, settings, clock, kit):
    # given
    assert await load_demo_world(sessions, settings=settings, now=clock.now())
    demo = Demo(gql=gql, sessions=sessions, settings=settings, clock=clock)
    # when
    maya = (await gql.data(MY_REWARDS_QUERY, token=await demo.token_for("maya")))["viewer"]
    logged_in = (
        await gql.data(
            LOG_IN_MUTATION,
            {"input": {"handle": "pulse_brand", "password": "spark-brand-2026"}},
        )
    )["logIn"]
    async with sessions() as session:
        campaigns = (await session.execute(select(Campaign).order_by(Campaign.id))).scalars().all()
    boards = [
        (
            await gql.data(
                DASHBOARD_QUERY, {"id": global_id("Campaign", c.id)}, token=logged_in["token"]
            )
        )
        for c in campaigns[:1]
    ]
    # then
    rewards = [edge["node"] for edge in maya["rewards"]["edges"]]
    assert {r["campaign"]["reward"]["kind"] for r in rewards} == {"PHYSICAL", "CREDIT", "DONATION"}
    assert {r["status"] for r in rewards} == {"ISSUED", "FULFILLED"}
    assert [c.name for c in campaigns] == [
        "30 workouts, a bottle on us",
        "Reach level 15, get 5.00 in credit",
        "Watch an hour, we give 1.00 to clean water",
    ]
    assert [c.threshold for c in campaigns] == [30, 15, 1]
    assert campaigns[2].donated == Decimal("4.00")  # four members watched an hour or more
    assert logged_in["errors"] == []
    stats = boards[0]["node"]["stats"]
    assert stats["participants"] == 5
    assert stats["grantsIssued"] == 2
    assert stats["grantsClaimed"] == 1
    totals = await kit.money_totals()
    assert totals["ledger"] == totals["campaigns"] == totals["accounts"]
    assert totals["ledger"] == Decimal("2") * 14 + Decimal("2") * 4 + Decimal("4") * 3
