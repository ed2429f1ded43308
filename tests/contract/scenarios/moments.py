"""Contract steps for moments.graphql, run in file order against the seeded demo world.

maya (a Prime demo member) opens a brand account, creates an API key (its secret is
remembered: the brand's back end reports with it), creates a campaign and activates it;
the back end reports that maya did the action, which earns her the reward; she reads the
dashboard as the owner, lists her rewards and claims the new one with its code."""

from __future__ import annotations

from typing import Any

from tests.contract.demo import Demo, Step

OWNER = "maya"


async def _as_owner(demo: Demo, variables: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    return variables, await demo.token_for(OWNER)


async def _create_brand_account(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return await _as_owner(demo, {"input": {"name": "Maya's Matcha", "country": "US"}})


def _remember_account(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["moments.account_id"] = data["createBrandAccount"]["account"]["id"]


async def _create_api_key(demo: Demo) -> tuple[dict[str, Any], str | None]:
    account_id = demo.state["moments.account_id"]
    return await _as_owner(demo, {"input": {"accountId": account_id, "name": "backend"}})


def _remember_secret(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["moments.secret"] = data["createApiKey"]["secret"]


async def _create_campaign(demo: Demo) -> tuple[dict[str, Any], str | None]:
    campaign = {
        "accountId": demo.state["moments.account_id"],
        "name": "Brew five matcha lattes",
        "action": {"key": "latte_brewed", "description": "Brew a matcha latte", "threshold": 5},
        "reward": {"kind": "GIFT_CARD", "value": "10.00"},
        "cpa": "6.50",
        "monthlyBudget": "1000.00",
        "maxRewards": 100,
    }
    return await _as_owner(demo, {"input": campaign})


def _remember_campaign(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["moments.campaign_id"] = data["createCampaign"]["campaign"]["id"]


async def _set_campaign_status(demo: Demo) -> tuple[dict[str, Any], str | None]:
    campaign_id = demo.state["moments.campaign_id"]
    return await _as_owner(demo, {"input": {"campaignId": campaign_id, "status": "ACTIVE"}})


async def _report_moment_action(demo: Demo) -> tuple[dict[str, Any], str | None]:
    token = await demo.token_for(OWNER)
    viewer = await demo.gql.data("{ viewer { id } }", token=token)
    report = {
        "campaignId": demo.state["moments.campaign_id"],
        "userId": viewer["viewer"]["id"],
        "quantity": 5,
        "idempotencyKey": "latte-evt-0001",
    }
    return {"input": report}, demo.state["moments.secret"]


def _remember_grant(demo: Demo, data: dict[str, Any]) -> None:
    grant = data["reportMomentAction"]["grant"]
    assert grant is not None, "five lattes reach the threshold"
    demo.state["moments.claim_code"] = grant["claimCode"]


async def _campaign_dashboard(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return await _as_owner(demo, {"id": demo.state["moments.campaign_id"]})


def _check_dashboard(demo: Demo, data: dict[str, Any]) -> None:
    assert data["node"]["spentThisMonth"]["amount"] == "6.50"


async def _my_rewards(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return await _as_owner(demo, {})


def _check_rewards(demo: Demo, data: dict[str, Any]) -> None:
    codes = [edge["node"]["claimCode"] for edge in data["viewer"]["rewards"]["edges"]]
    assert demo.state["moments.claim_code"] in codes


async def _claim_reward(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return await _as_owner(demo, {"input": {"claimCode": demo.state["moments.claim_code"]}})


STEPS: dict[str, Step] = {
    "CreateBrandAccount": Step(prepare=_create_brand_account, remember=_remember_account),
    "CreateApiKey": Step(prepare=_create_api_key, remember=_remember_secret),
    "CreateCampaign": Step(prepare=_create_campaign, remember=_remember_campaign),
    "SetCampaignStatus": Step(prepare=_set_campaign_status),
    "ReportMomentAction": Step(prepare=_report_moment_action, remember=_remember_grant),
    "CampaignDashboard": Step(prepare=_campaign_dashboard, remember=_check_dashboard),
    "MyRewards": Step(prepare=_my_rewards, remember=_check_rewards),
    "ClaimReward": Step(prepare=_claim_reward),
}
