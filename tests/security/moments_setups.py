"""Moments rows of the authorization matrix: their operations and how each prepares its
variables. The OWNER and the OTHER_OWNER run a brand account each (with an API key: the
BRAND_KEY and OTHER_BRAND_KEY callers); the OWNER's account, campaign or reward is the one
acted on. For claimReward the OWNER is the member who earned the reward."""

from __future__ import annotations

from typing import Any

from spark_graph.ids import global_id
from tests.factories import make_user
from tests.moments.conftest import (
    CREATE_API_KEY_MUTATION,
    CREATE_BRAND_ACCOUNT_MUTATION,
    CREATE_CAMPAIGN_MUTATION,
    REPORT_MOMENT_ACTION_MUTATION,
    SET_CAMPAIGN_STATUS_MUTATION,
    campaign_input,
)
from tests.moments.test_rewards import CLAIM_REWARD_MUTATION, FULFILL_REWARD_MUTATION
from tests.security.callers import Caller, World, brand_of, moments_kit

Variables = dict[str, Any]

CREATE_BRAND_ACCOUNT = CREATE_BRAND_ACCOUNT_MUTATION
CREATE_API_KEY = CREATE_API_KEY_MUTATION
CREATE_CAMPAIGN = CREATE_CAMPAIGN_MUTATION
SET_CAMPAIGN_STATUS = SET_CAMPAIGN_STATUS_MUTATION
REPORT_MOMENT_ACTION = REPORT_MOMENT_ACTION_MUTATION
CLAIM_REWARD = CLAIM_REWARD_MUTATION
FULFILL_REWARD = FULFILL_REWARD_MUTATION


async def new_brand_account(world: World, caller: Caller) -> Variables:
    return {"input": {"name": "Fitly", "country": "US"}}


async def owners_account(world: World, caller: Caller) -> Variables:
    await brand_of(world, Caller.OTHER_OWNER)
    brand = await brand_of(world, Caller.OWNER)
    return {"input": {"accountId": brand.account_id, "name": "staging"}}


async def campaign_for_owners_account(world: World, caller: Caller) -> Variables:
    await brand_of(world, Caller.OTHER_OWNER)
    return {"input": campaign_input(await brand_of(world, Caller.OWNER))}


async def activating_owners_campaign(world: World, caller: Caller) -> Variables:
    await brand_of(world, Caller.OTHER_OWNER)
    brand = await brand_of(world, Caller.OWNER)
    campaign_id = await moments_kit(world).campaign(brand, activate=False)
    return {"input": {"campaignId": campaign_id, "status": "ACTIVE"}}


async def action_on_owners_campaign(world: World, caller: Caller) -> Variables:
    await brand_of(world, Caller.OTHER_OWNER)
    campaign_id = await moments_kit(world).campaign(await brand_of(world, Caller.OWNER))
    shopper = await make_user(world.sessions, world.settings, world.clock)
    return {
        "input": {
            "campaignId": campaign_id,
            "userId": global_id("User", shopper.id),
            "quantity": 1,
            "idempotencyKey": f"matrix-{caller.value}",
        }
    }


async def reward_earned_by_the_owner(world: World, caller: Caller) -> Variables:
    """A gift card the OWNER earned from a third brand's campaign."""
    kit = moments_kit(world)
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand)
    reported = await kit.report(brand, campaign_id, await world.owner)
    return {"input": {"claimCode": reported["grant"]["claimCode"]}}


async def claimed_reward_of_owners_campaign(world: World, caller: Caller) -> Variables:
    """A physical reward of the OWNER's campaign, claimed by the member who earned it."""
    await brand_of(world, Caller.OTHER_OWNER)
    brand = await brand_of(world, Caller.OWNER)
    kit = moments_kit(world)
    product_id = await kit.product()
    campaign_id = await kit.campaign(brand, reward={"kind": "PHYSICAL", "productId": product_id})
    shopper = await make_user(world.sessions, world.settings, world.clock)
    reported = await kit.report(brand, campaign_id, shopper)
    claim = {"input": {"claimCode": reported["grant"]["claimCode"]}}
    claimed = await world.gql.data(CLAIM_REWARD, claim, token=shopper.token)
    assert claimed["claimReward"]["errors"] == [], claimed
    return {"input": {"grantId": reported["grant"]["id"], "trackingCode": "1Z999"}}


BRAND_ACCOUNT_NODE = """query ($id: ID!) {
  node(id: $id) { ... on BrandAccount { name spentThisMonth { amount } } } }"""
CAMPAIGN_NODE = """query ($id: ID!) {
  node(id: $id) { ... on Campaign {
    name
    cpa { amount }
    stats { participants grantsIssued }
  } } }"""
REWARD_GRANT_NODE = """query ($id: ID!) {
  node(id: $id) { ... on RewardGrant { status claimCode } } }"""


async def owners_account_node(world: World, caller: Caller) -> Variables:
    await brand_of(world, Caller.OTHER_OWNER)
    return {"id": (await brand_of(world, Caller.OWNER)).account_id}


async def owners_campaign_node(world: World, caller: Caller) -> Variables:
    await brand_of(world, Caller.OTHER_OWNER)
    return {"id": await moments_kit(world).campaign(await brand_of(world, Caller.OWNER))}


async def grant_of_the_member_node(world: World, caller: Caller) -> Variables:
    """A reward the MEMBER earned from the OWNER's campaign."""
    await brand_of(world, Caller.OTHER_OWNER)
    brand = await brand_of(world, Caller.OWNER)
    kit = moments_kit(world)
    campaign_id = await kit.campaign(brand)
    reported = await kit.report(brand, campaign_id, await world.member(Caller.MEMBER))
    return {"id": reported["grant"]["id"]}
