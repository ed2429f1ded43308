from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import select

from spark_graph.ids import decode_id
from spark_graph.moments.models import ApiKey
from tests.moments.conftest import (
    CREATE_API_KEY_MUTATION,
    CREATE_BRAND_ACCOUNT_MUTATION,
    CREATE_CAMPAIGN_MUTATION,
    campaign_input,
)

NODE_QUERY = """
query Node($id: ID!) {
  node(id: $id) {
    id
    ... on BrandAccount { name accountSpent: spentThisMonth { amount } }
    ... on Campaign {
      name status cpa { amount } monthlyBudget { amount } spentThisMonth { amount }
      stats { participants } account { id }
    }
  }
}
"""


async def create_account(gql, member, name="Fitly", country="US"):
    return (
        await gql.data(
            CREATE_BRAND_ACCOUNT_MUTATION,
            {"input": {"name": name, "country": country}},
            token=member.token,
        )
    )["createBrandAccount"]


async def test_any_member_creates_a_brand_account_with_the_program_cap(gql, make_member):
    # given
    member = await make_member()
    # when
    result = await create_account(gql, member, country="us")
    # then
    assert result["errors"] == []
    assert result["account"]["name"] == "Fitly"
    assert result["account"]["country"] == "US"
    assert result["account"]["monthlyCap"] == {"amount": "15000.00", "currency": "USD"}


@pytest.mark.parametrize("country", ["ZA", "AL", "SA", "RU", "CH"])
async def test_accounts_in_excluded_countries_are_refused(gql, make_member, country):
    member = await make_member()
    result = await create_account(gql, member, country=country)
    assert result["account"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("country", "INELIGIBLE_COUNTRY")
    ]


@pytest.mark.parametrize(("field", "values"), [("country", ("X", "USA")), ("name", (" ",))])
async def test_account_fields_are_validated(gql, make_member, field, values):
    member = await make_member()
    for value in values:
        kwargs = {field: value}
        result = await create_account(gql, member, **kwargs)
        assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, "INVALID")]


async def test_creating_an_account_requires_logging_in(gql):
    body = await gql.execute(
        CREATE_BRAND_ACCOUNT_MUTATION,
        {"input": {"name": "Fitly", "country": "US"}},
        expect_errors=True,
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_api_key_secret_is_shown_once_and_stored_only_hashed(gql, make_member, sessions):
    # given
    owner = await make_member()
    account = (await create_account(gql, owner))["account"]
    # when
    result = (
        await gql.data(
            CREATE_API_KEY_MUTATION,
            {"input": {"accountId": account["id"], "name": "production"}},
            token=owner.token,
        )
    )["createApiKey"]
    # then
    secret = result["secret"]
    assert result["errors"] == []
    assert len(secret) > 40
    assert result["apiKey"]["name"] == "production"
    assert secret.startswith(result["apiKey"]["prefix"])
    account_pk = decode_id(account["id"], "BrandAccount", field="id")
    async with sessions() as session:
        rows = (
            (await session.execute(select(ApiKey).where(ApiKey.account_id == account_pk)))
            .scalars()
            .all()
        )
    assert [row.secret_hash for row in rows] == [hashlib.sha256(secret.encode()).hexdigest()]
    assert all(secret not in str(vars(row).values()) for row in rows)


async def test_only_the_owner_creates_api_keys(gql, make_member):
    owner, stranger = await make_member(), await make_member()
    account = (await create_account(gql, owner))["account"]
    result = (
        await gql.data(
            CREATE_API_KEY_MUTATION,
            {"input": {"accountId": account["id"], "name": "mine now"}},
            token=stranger.token,
        )
    )["createApiKey"]
    assert result["secret"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("accountId", "FORBIDDEN")]


async def test_api_key_for_an_unknown_account_is_not_found(gql, make_member):
    owner = await make_member()
    result = (
        await gql.data(
            CREATE_API_KEY_MUTATION,
            {"input": {"accountId": "QnJhbmRBY2NvdW50Ojk5OQ==", "name": "x"}},
            token=owner.token,
        )
    )["createApiKey"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("accountId", "NOT_FOUND")]


async def test_campaign_is_created_as_a_draft_with_default_threshold(kit):
    # given
    brand = await kit.brand()
    product_id = await kit.product(price="19.99", title="Shaker bottle")
    action = {"key": "workout_completed", "description": "Finish a workout"}
    # when
    result = (
        await kit.gql.data(
            CREATE_CAMPAIGN_MUTATION,
            {
                "input": campaign_input(
                    brand,
                    action=action,
                    reward={"kind": "PHYSICAL", "productId": product_id},
                    cpa="4.50",
                    monthlyBudget="5000.00",
                    maxRewards=1000,
                )
            },
            token=brand.owner.token,
        )
    )["createCampaign"]
    # then
    campaign = result["campaign"]
    assert result["errors"] == []
    assert campaign["status"] == "DRAFT"
    assert campaign["action"] == {**action, "threshold": 1}
    assert campaign["cpa"] == {"amount": "4.50", "currency": "USD"}
    assert campaign["monthlyBudget"]["amount"] == "5000.00"
    assert campaign["maxRewards"] == 1000
    assert campaign["reward"] == {
        "kind": "PHYSICAL",
        "value": {"amount": "19.99", "currency": "USD"},
        "charity": None,
        "product": {"id": product_id, "title": "Shaker bottle"},
    }


INVALID_CAMPAIGNS = [
    ({"cpa": "2.99"}, "cpa", "INVALID"),
    ({"cpa": "three"}, "cpa", "INVALID"),
    ({"cpa": "3.001"}, "cpa", "INVALID"),
    ({"monthlyBudget": "5000.01"}, "monthlyBudget", "INVALID"),
    ({"monthlyBudget": "NaN"}, "monthlyBudget", "INVALID"),
    ({"cpa": "20.00", "monthlyBudget": "19.99"}, "monthlyBudget", "INVALID"),
    ({"maxRewards": 0}, "maxRewards", "INVALID"),
    ({"name": ""}, "name", "INVALID"),
    ({"action": {"key": "Workout Done!"}}, "action.key", "INVALID"),
    ({"action": {"key": "workout", "threshold": 0}}, "action.threshold", "INVALID"),
    ({"reward": {"kind": "PHYSICAL"}}, "reward.productId", "INVALID"),
    (
        {"reward": {"kind": "DIGITAL", "productId": "UHJvZHVjdDo5OTk="}},
        "reward.productId",
        "NOT_FOUND",
    ),
    ({"reward": {"kind": "GIFT_CARD"}}, "reward.value", "INVALID"),
    ({"reward": {"kind": "CREDIT", "value": "-1.00"}}, "reward.value", "INVALID"),
    ({"reward": {"kind": "DONATION", "value": "1.00"}}, "reward.charity", "INVALID"),
    (
        {"startsAt": "2026-12-01T00:00:00+00:00", "endsAt": "2026-11-30T00:00:00+00:00"},
        "endsAt",
        "INVALID",
    ),
]


@pytest.mark.parametrize(("overrides", "field", "code"), INVALID_CAMPAIGNS)
async def test_campaign_rules_are_enforced(kit, overrides, field, code):
    brand = await kit.brand()
    result = (
        await kit.gql.data(
            CREATE_CAMPAIGN_MUTATION,
            {"input": campaign_input(brand, **overrides)},
            token=brand.owner.token,
        )
    )["createCampaign"]
    assert result["campaign"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, code)]


async def test_only_the_owner_creates_campaigns(kit):
    brand = await kit.brand()
    stranger = await kit.make_member()
    result = (
        await kit.gql.data(
            CREATE_CAMPAIGN_MUTATION, {"input": campaign_input(brand)}, token=stranger.token
        )
    )["createCampaign"]
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("accountId", "FORBIDDEN")]


async def test_status_moves_through_allowed_transitions_only(kit):
    # given
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, activate=False)
    # when / then
    steps = [
        ("PAUSED", "INVALID"),
        ("ACTIVE", None),
        ("PAUSED", None),
        ("ACTIVE", None),
        ("DRAFT", "INVALID"),
        ("EXHAUSTED", "INVALID"),
        ("ENDED", None),
        ("ACTIVE", "INVALID"),
    ]
    for status, error in steps:
        result = await kit.set_status(brand, campaign_id, status)
        if error:
            assert [(e["field"], e["code"]) for e in result["errors"]] == [("status", error)]
        else:
            assert result["errors"] == []
            assert result["campaign"]["status"] == status


async def test_only_the_owner_sets_status(kit):
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand, activate=False)
    stranger = await kit.brand()
    stranger.account_id = brand.account_id
    result = await kit.set_status(stranger, campaign_id, "ACTIVE")
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("campaignId", "FORBIDDEN")]


async def test_campaign_past_its_end_shows_ended(kit):
    brand = await kit.brand()
    ends = kit.clock.now() + timedelta(days=3)
    campaign_id = await kit.campaign(brand, endsAt=ends.isoformat())
    kit.clock.advance(timedelta(days=3))
    node = (await kit.gql.data(NODE_QUERY, {"id": campaign_id}, token=brand.owner.token))["node"]
    assert node["status"] == "ENDED"


async def test_private_figures_are_for_owners_only(kit):
    # given
    brand = await kit.brand()
    campaign_id = await kit.campaign(brand)
    stranger = await kit.make_member()
    # when
    as_owner = await kit.gql.data(NODE_QUERY, {"id": campaign_id}, token=brand.owner.token)
    as_stranger = await kit.gql.data(NODE_QUERY, {"id": campaign_id}, token=stranger.token)
    account_as_stranger = await kit.gql.data(
        NODE_QUERY, {"id": brand.account_id}, token=stranger.token
    )
    account_as_owner = await kit.gql.data(
        NODE_QUERY, {"id": brand.account_id}, token=brand.owner.token
    )
    # then
    assert as_owner["node"]["cpa"] == {"amount": "3.00"}
    assert as_owner["node"]["account"] == {"id": brand.account_id}
    assert as_stranger["node"] == {
        "id": campaign_id,
        "name": "Thirty workouts",
        "status": "ACTIVE",
        "cpa": None,
        "monthlyBudget": None,
        "spentThisMonth": None,
        "stats": None,
        "account": None,
    }
    assert account_as_stranger["node"] is None
    assert account_as_owner["node"]["accountSpent"] == {"amount": "0.00"}


API_KEY_NODE_QUERY = """
query ApiKeyNode($id: ID!) { node(id: $id) { ... on ApiKey { id name prefix } } }
"""


async def test_api_keys_are_visible_to_the_account_owner_only(gql, make_member):
    # given
    owner, stranger = await make_member(), await make_member()
    account = (await create_account(gql, owner))["account"]
    created = (
        await gql.data(
            CREATE_API_KEY_MUTATION,
            {"input": {"accountId": account["id"], "name": "production"}},
            token=owner.token,
        )
    )["createApiKey"]
    key_id = created["apiKey"]["id"]
    # when
    as_owner = await gql.data(API_KEY_NODE_QUERY, {"id": key_id}, token=owner.token)
    as_stranger = await gql.data(API_KEY_NODE_QUERY, {"id": key_id}, token=stranger.token)
    # then
    assert as_owner["node"] == {
        "id": key_id,
        "name": "production",
        "prefix": created["apiKey"]["prefix"],
    }
    assert as_stranger["node"] is None
