from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from spark_graph.auth.tokens import issue_token

CLAIM_REWARD_MUTATION = """
mutation ClaimReward($input: ClaimRewardInput!) {
  claimReward(input: $input) {
    grant { id status claimedAt shippingFee { amount currency } fulfillment { status } }
    errors { field message code }
  }
}
"""

FULFILL_REWARD_MUTATION = """
mutation FulfillReward($input: FulfillRewardInput!) {
  fulfillReward(input: $input) {
    grant { id status fulfillment { status trackingCode } }
    errors { field message code }
  }
}
"""

MY_REWARDS_QUERY = """
query MyRewards($first: Int, $after: String) {
  viewer {
    rewards(first: $first, after: $after) {
      edges {
        cursor
        node {
          id status claimCode issuedAt expiresAt
          campaign { name reward { kind } }
          shippingFee { amount currency }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""

USER_REWARDS_QUERY = """
query UserRewards($id: ID!) {
  node(id: $id) { ... on User { rewards { edges { node { id } } } } }
}
"""

GRANT_NODE_QUERY = """
query Grant($id: ID!) {
  node(id: $id) { ... on RewardGrant { id status claimCode } }
}
"""

JOIN_PRIME_MUTATION = "mutation { joinPrime { user { isPrime } errors { code } } }"


def fresh_token(kit, member, settings):
    return issue_token(
        user_id=member.id,
        secret_key=settings.secret_key,
        now=kit.clock.now(),
        ttl_seconds=settings.token_ttl_seconds,
    )


async def claim(kit, code, token):
    return (await kit.gql.data(CLAIM_REWARD_MUTATION, {"input": {"claimCode": code}}, token=token))[
        "claimReward"
    ]


async def earn(kit, *, prime=False, reward=None, brand=None):
    """A member who has just earned a reward: (brand, member, grant)."""
    brand = brand or await kit.brand()
    overrides = {"reward": reward} if reward else {}
    campaign_id = await kit.campaign(brand, **overrides)
    member = await kit.make_member(prime=prime)
    result = await kit.report(brand, campaign_id, member)
    assert result["grant"] is not None, result
    return brand, member, result["grant"]


async def test_member_claims_a_digital_reward_and_it_is_delivered_at_once(kit):
    # given
    _, member, grant = await earn(kit, reward={"kind": "GIFT_CARD", "value": "10.00"})
    # when
    result = await claim(kit, grant["claimCode"].lower(), member.token)
    # then
    assert result["errors"] == []
    assert result["grant"]["status"] == "FULFILLED"
    assert result["grant"]["claimedAt"] is not None
    assert result["grant"]["fulfillment"] == {"status": "DELIVERED"}
    assert result["grant"]["shippingFee"] == {"amount": "0.00", "currency": "USD"}


async def test_physical_reward_waits_for_the_brand_to_ship_it(kit):
    # given
    product_id = await kit.product(price="19.99")
    brand, member, grant = await earn(
        kit, prime=True, reward={"kind": "PHYSICAL", "productId": product_id}
    )
    # when
    claimed = await claim(kit, grant["claimCode"], member.token)
    stranger_ships = await kit.gql.data(
        FULFILL_REWARD_MUTATION,
        {"input": {"grantId": grant["id"]}},
        token=(await kit.make_member()).token,
    )
    shipped = await kit.gql.data(
        FULFILL_REWARD_MUTATION,
        {"input": {"grantId": grant["id"], "trackingCode": "1Z999"}},
        token=brand.owner.token,
    )
    shipped_again = await kit.gql.data(
        FULFILL_REWARD_MUTATION, {"input": {"grantId": grant["id"]}}, token=brand.owner.token
    )
    # then
    assert claimed["grant"]["status"] == "CLAIMED"
    assert claimed["grant"]["fulfillment"] == {"status": "PENDING"}
    assert [e["code"] for e in stranger_ships["fulfillReward"]["errors"]] == ["FORBIDDEN"]
    assert shipped["fulfillReward"]["grant"]["status"] == "FULFILLED"
    assert shipped["fulfillReward"]["grant"]["fulfillment"] == {
        "status": "SHIPPED",
        "trackingCode": "1Z999",
    }
    assert [e["code"] for e in shipped_again["fulfillReward"]["errors"]] == ["INVALID"]


async def test_only_the_member_claims_and_only_once(kit):
    _, member, grant = await earn(kit)
    stranger = await kit.make_member()
    by_stranger = await claim(kit, grant["claimCode"], stranger.token)
    first = await claim(kit, grant["claimCode"], member.token)
    second = await claim(kit, grant["claimCode"], member.token)
    assert [(e["field"], e["code"]) for e in by_stranger["errors"]] == [("claimCode", "FORBIDDEN")]
    assert first["errors"] == []
    assert [(e["field"], e["code"]) for e in second["errors"]] == [("claimCode", "ALREADY_CLAIMED")]


async def test_unknown_claim_code_is_not_found(kit):
    member = await kit.make_member()
    result = await claim(kit, "NOPE-NOPE-NOPE", member.token)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("claimCode", "NOT_FOUND")]


async def test_claiming_needs_logging_in(kit):
    body = await kit.gql.execute(
        CLAIM_REWARD_MUTATION, {"input": {"claimCode": "X"}}, expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_unclaimed_rewards_expire_after_30_days(kit, settings):
    # given
    _, member, grant = await earn(kit)
    kit.clock.advance(timedelta(days=29, hours=23))
    token = fresh_token(kit, member, settings)
    before = (await kit.gql.data(MY_REWARDS_QUERY, token=token))["viewer"]["rewards"]
    # when
    kit.clock.advance(timedelta(hours=1))
    token = fresh_token(kit, member, settings)
    after = (await kit.gql.data(MY_REWARDS_QUERY, token=token))["viewer"]["rewards"]
    result = await claim(kit, grant["claimCode"], token)
    # then
    assert before["edges"][0]["node"]["status"] == "ISSUED"
    assert after["edges"][0]["node"]["status"] == "EXPIRED"
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("claimCode", "EXPIRED")]


async def test_shipping_fee_rules(kit, settings):
    # given: physical rewards worth 19.99 and 25.00, and a gift card
    cheap = await kit.product(price="19.99")
    dear = await kit.product(price="25.00")
    cases = [
        (False, {"kind": "PHYSICAL", "productId": cheap}, "5.99"),
        (True, {"kind": "PHYSICAL", "productId": cheap}, "0.00"),
        (False, {"kind": "PHYSICAL", "productId": dear}, "0.00"),
        (False, {"kind": "DIGITAL", "productId": cheap}, "0.00"),
        (False, {"kind": "CREDIT", "value": "5.00"}, "0.00"),
    ]
    for prime, reward, fee in cases:
        # when
        _, member, _ = await earn(kit, prime=prime, reward=reward)
        rewards = (await kit.gql.data(MY_REWARDS_QUERY, token=member.token))["viewer"]["rewards"]
        # then
        assert rewards["edges"][0]["node"]["shippingFee"]["amount"] == fee, (prime, reward)


async def test_joining_prime_before_claiming_waives_the_shipping_fee(kit):
    product_id = await kit.product(price="9.99")
    _, member, grant = await earn(kit, reward={"kind": "PHYSICAL", "productId": product_id})
    await kit.gql.data(JOIN_PRIME_MUTATION, token=member.token)
    result = await claim(kit, grant["claimCode"], member.token)
    assert result["grant"]["shippingFee"]["amount"] == "0.00"


async def test_my_rewards_lists_the_viewers_grants_newest_first_in_pages(kit):
    # given: maya earns three rewards
    brand = await kit.brand()
    maya = await kit.make_member(prime=True)
    names = []
    for name in ("Thirty workouts", "Level 15", "Hours watched"):
        campaign_id = await kit.campaign(brand, name=name)
        await kit.report(brand, campaign_id, maya)
        names.append(name)
    # when
    first = (await kit.gql.data(MY_REWARDS_QUERY, {"first": 2}, token=maya.token))["viewer"]
    cursor = first["rewards"]["pageInfo"]["endCursor"]
    rest = (await kit.gql.data(MY_REWARDS_QUERY, {"first": 2, "after": cursor}, token=maya.token))[
        "viewer"
    ]
    # then
    listed = [e["node"] for e in first["rewards"]["edges"] + rest["rewards"]["edges"]]
    assert [n["campaign"]["name"] for n in listed] == list(reversed(names))
    assert first["rewards"]["pageInfo"]["hasNextPage"] is True
    assert rest["rewards"]["pageInfo"]["hasNextPage"] is False
    assert all(n["claimCode"] and n["status"] == "ISSUED" for n in listed)
    assert all(n["campaign"]["reward"]["kind"] == "GIFT_CARD" for n in listed)


async def test_rewards_page_size_is_capped(kit):
    member = await kit.make_member()
    body = await kit.gql.execute(
        MY_REWARDS_QUERY, {"first": 101}, token=member.token, expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


async def test_rewards_of_another_member_are_private(kit):
    _, member, _ = await earn(kit)
    stranger = await kit.make_member()
    member_id = (await kit.gql.data("{ viewer { id } }", token=member.token))["viewer"]["id"]
    seen = await kit.gql.data(USER_REWARDS_QUERY, {"id": member_id}, token=stranger.token)
    own = await kit.gql.data(USER_REWARDS_QUERY, {"id": member_id}, token=member.token)
    assert seen["node"]["rewards"]["edges"] == []
    assert len(own["node"]["rewards"]["edges"]) == 1


async def test_grant_node_is_for_its_member_and_the_brand_owner(kit):
    brand, member, grant = await earn(kit)
    stranger = await kit.make_member()
    as_member = await kit.gql.data(GRANT_NODE_QUERY, {"id": grant["id"]}, token=member.token)
    as_owner = await kit.gql.data(GRANT_NODE_QUERY, {"id": grant["id"]}, token=brand.owner.token)
    as_stranger = await kit.gql.data(GRANT_NODE_QUERY, {"id": grant["id"]}, token=stranger.token)
    assert as_member["node"] == grant
    assert as_owner["node"] == {**grant, "claimCode": None}
    assert as_stranger["node"] is None


async def test_my_rewards_costs_the_same_statements_for_one_or_many_grants(kit, engine):
    # given
    brand = await kit.brand()
    member = await kit.make_member()
    campaign_ids = [await kit.campaign(brand) for _ in range(6)]
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    async def statements_for_my_rewards():
        statements.clear()
        event.listen(engine.sync_engine, "before_cursor_execute", count)
        try:
            await kit.gql.data(MY_REWARDS_QUERY, token=member.token)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", count)
        return len(statements)

    await kit.report(brand, campaign_ids[0], member)
    with_one = await statements_for_my_rewards()
    for campaign_id in campaign_ids[1:]:
        await kit.report(brand, campaign_id, member)
    # when
    with_six = await statements_for_my_rewards()
    # then
    assert with_six == with_one
