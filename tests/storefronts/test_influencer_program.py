"""The influencer program through /graphql: activation delays, review by rule, re-applying,
admin overrides, the invite-only Onsite Associate program, visibility and badges."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spark_graph.ids import global_id
from tests.social.helpers import create_post

APPLY_MUTATION = """
mutation Apply($input: ApplyToInfluencerProgramInput!) {
  applyToInfluencerProgram(input: $input) {
    profile {
      id status statusSetByAdmin onsiteAssociate
      socialAccounts { platform handle followers linkedAt activeAt isActive }
    }
    errors { field message code }
  }
}
"""

MY_PROFILE_QUERY = """
query { viewer { influencerProfile { id status onsiteAssociate
  socialAccounts { platform isActive activeAt } } } }
"""

MEMBER_PROFILE_QUERY = """
query Member($id: ID!) {
  node(id: $id) { ... on User { handle influencerProfile { id status } badges } }
}
"""

REVIEW_MUTATION = """
mutation Review($input: ReviewInfluencerProfileInput!) {
  reviewInfluencerProfile(input: $input) {
    profile { id status statusSetByAdmin }
    errors { field code }
  }
}
"""

INVITE_MUTATION = """
mutation Invite($input: InviteOnsiteAssociateInput!) {
  inviteOnsiteAssociate(input: $input) {
    profile { id onsiteAssociate status }
    errors { field code }
  }
}
"""

BADGES_QUERY = """
query Badges($id: ID!) { node(id: $id) { ... on User { badges } } }
"""


def account(platform: str, followers: int, handle: str | None = None) -> dict:
    return {
        "platform": platform,
        "handle": handle or f"@{platform.lower()}_me",
        "followers": followers,
    }


async def apply(gql, token, *accounts) -> dict:
    data = await gql.data(APPLY_MUTATION, {"input": {"accounts": list(accounts)}}, token=token)
    return data["applyToInfluencerProgram"]


@pytest.mark.parametrize("platform", ["YOUTUBE", "TWITTER"])
async def test_youtube_and_twitter_accounts_count_at_once(gql, make_member, platform):
    # given
    member = await make_member()
    # when
    payload = await apply(gql, member.token, account(platform, 1000))
    # then
    assert payload["errors"] == []
    profile = payload["profile"]
    assert profile["status"] == "APPROVED"
    (linked,) = profile["socialAccounts"]
    assert linked["isActive"] is True
    assert linked["activeAt"] == linked["linkedAt"]


@pytest.mark.parametrize("platform", ["FACEBOOK", "INSTAGRAM"])
async def test_facebook_and_instagram_wait_five_days_then_approve_by_themselves(
    gql, make_member, clock, platform
):
    # given
    member = await make_member()
    payload = await apply(gql, member.token, account(platform, 50_000))
    linked = payload["profile"]["socialAccounts"][0]
    assert payload["profile"]["status"] == "PENDING"
    assert linked["isActive"] is False
    # when: one second before the delay ends, then at its end
    clock.advance(timedelta(days=5) - timedelta(seconds=1))
    before = (await gql.data(MY_PROFILE_QUERY, token=member.token))["viewer"]["influencerProfile"]
    clock.advance(timedelta(seconds=1))
    after = (await gql.data(MY_PROFILE_QUERY, token=member.token))["viewer"]["influencerProfile"]
    # then
    assert before["status"] == "PENDING"
    assert before["socialAccounts"][0]["isActive"] is False
    assert after["status"] == "APPROVED"
    assert after["socialAccounts"][0]["isActive"] is True
    assert after["socialAccounts"][0]["activeAt"] == linked["activeAt"]


async def test_too_few_followers_everywhere_is_rejected(gql, make_member):
    # given
    member = await make_member()
    # when
    payload = await apply(
        gql, member.token, account("YOUTUBE", 999), account("INSTAGRAM", 10, "insta")
    )
    # then
    assert payload["profile"]["status"] == "REJECTED"


async def test_an_active_qualifying_account_wins_over_a_pending_one(gql, make_member):
    # given
    member = await make_member()
    # when
    payload = await apply(gql, member.token, account("FACEBOOK", 90_000), account("TWITTER", 1500))
    # then
    assert payload["profile"]["status"] == "APPROVED"


async def test_reapplying_with_a_new_account_reruns_the_review(gql, make_member):
    # given
    member = await make_member()
    first = await apply(gql, member.token, account("YOUTUBE", 200))
    assert first["profile"]["status"] == "REJECTED"
    # when
    second = await apply(gql, member.token, account("TWITTER", 4000))
    # then
    assert second["profile"]["id"] == first["profile"]["id"]
    assert second["profile"]["status"] == "APPROVED"
    assert [a["platform"] for a in second["profile"]["socialAccounts"]] == ["YOUTUBE", "TWITTER"]


async def test_reapplying_with_a_known_account_keeps_its_link_date(gql, make_member, clock):
    # given: an Instagram account linked, then given again two days later with more followers
    member = await make_member()
    first = await apply(gql, member.token, account("INSTAGRAM", 500))
    clock.advance(timedelta(days=2))
    # when
    second = await apply(gql, member.token, account("INSTAGRAM", 5000))
    # then: the delay still runs from the first link, so 3 more days to wait, not 5
    (linked,) = second["profile"]["socialAccounts"]
    assert linked["linkedAt"] == first["profile"]["socialAccounts"][0]["linkedAt"]
    assert linked["followers"] == 5000
    assert second["profile"]["status"] == "PENDING"
    clock.advance(timedelta(days=3))
    mine = (await gql.data(MY_PROFILE_QUERY, token=member.token))["viewer"]["influencerProfile"]
    assert mine["status"] == "APPROVED"


@pytest.mark.parametrize(
    ("accounts", "field"),
    [
        ([], "accounts"),
        ([account("YOUTUBE", -1)], "accounts.0.followers"),
        ([account("YOUTUBE", 10, "  ")], "accounts.0.handle"),
        ([account("YOUTUBE", 10, "same"), account("YOUTUBE", 20, "@Same")], "accounts.1.handle"),
    ],
)
async def test_bad_applications_are_invalid_and_write_nothing(gql, make_member, accounts, field):
    # given
    member = await make_member()
    # when
    body = await gql.data(APPLY_MUTATION, {"input": {"accounts": accounts}}, token=member.token)
    # then
    payload = body["applyToInfluencerProgram"]
    assert payload["profile"] is None
    assert payload["errors"][0]["code"] == "INVALID"
    assert payload["errors"][0]["field"] == field
    mine = await gql.data(MY_PROFILE_QUERY, token=member.token)
    assert mine["viewer"]["influencerProfile"] is None


async def test_applying_needs_a_member(gql):
    # when
    body = await gql.execute(
        APPLY_MUTATION, {"input": {"accounts": [account("YOUTUBE", 5000)]}}, expect_errors=True
    )
    # then
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_profile_is_seen_by_its_member_and_admins_only(gql, make_member):
    # given
    member = await make_member()
    other = await make_member()
    admin = await make_member(admin=True)
    await apply(gql, member.token, account("YOUTUBE", 5000))
    user_id = global_id("User", member.id)
    # when
    as_self = await gql.data(MEMBER_PROFILE_QUERY, {"id": user_id}, token=member.token)
    as_other = await gql.data(MEMBER_PROFILE_QUERY, {"id": user_id}, token=other.token)
    as_anonymous = await gql.data(MEMBER_PROFILE_QUERY, {"id": user_id})
    as_admin = await gql.data(MEMBER_PROFILE_QUERY, {"id": user_id}, token=admin.token)
    # then
    assert as_self["node"]["influencerProfile"]["status"] == "APPROVED"
    assert as_admin["node"]["influencerProfile"]["status"] == "APPROVED"
    assert as_other["node"]["influencerProfile"] is None
    assert as_anonymous["node"]["influencerProfile"] is None
    # the public still sees the badge
    assert as_other["node"]["badges"] == ["INFLUENCER_PROGRAM"]


async def test_profile_node_is_hidden_from_other_members(gql, make_member):
    # given
    member = await make_member()
    other = await make_member()
    profile_id = (await apply(gql, member.token, account("YOUTUBE", 5000)))["profile"]["id"]
    query = "query P($id: ID!) { node(id: $id) { ... on InfluencerProfile { status } } }"
    # when
    mine = await gql.data(query, {"id": profile_id}, token=member.token)
    theirs = await gql.data(query, {"id": profile_id}, token=other.token)
    # then
    assert mine["node"] == {"status": "APPROVED"}
    assert theirs["node"] is None


async def test_an_admin_overrides_the_rule_and_can_hand_it_back(gql, make_member):
    # given
    member = await make_member()
    admin = await make_member(admin=True)
    profile_id = (await apply(gql, member.token, account("YOUTUBE", 10)))["profile"]["id"]
    # when
    approved = await gql.data(
        REVIEW_MUTATION,
        {"input": {"profileId": profile_id, "status": "APPROVED"}},
        token=admin.token,
    )
    # then
    profile = approved["reviewInfluencerProfile"]["profile"]
    assert profile == {"id": profile_id, "status": "APPROVED", "statusSetByAdmin": True}
    # and the decision stands over a re-application
    again = await apply(gql, member.token, account("TWITTER", 3))
    assert again["profile"]["status"] == "APPROVED"
    # when the admin hands it back to the rule
    cleared = await gql.data(
        REVIEW_MUTATION, {"input": {"profileId": profile_id, "status": None}}, token=admin.token
    )
    assert cleared["reviewInfluencerProfile"]["profile"]["status"] == "REJECTED"
    assert cleared["reviewInfluencerProfile"]["profile"]["statusSetByAdmin"] is False


async def test_an_admin_may_reject_a_qualifying_member(gql, make_member):
    # given
    member = await make_member()
    admin = await make_member(admin=True)
    profile_id = (await apply(gql, member.token, account("YOUTUBE", 90_000)))["profile"]["id"]
    # when
    body = await gql.data(
        REVIEW_MUTATION,
        {"input": {"profileId": profile_id, "status": "REJECTED"}},
        token=admin.token,
    )
    # then
    assert body["reviewInfluencerProfile"]["profile"]["status"] == "REJECTED"
    badges = await gql.data(BADGES_QUERY, {"id": global_id("User", member.id)})
    assert badges["node"]["badges"] == []


async def test_only_admins_review(gql, make_member):
    # given
    member = await make_member()
    profile_id = (await apply(gql, member.token, account("YOUTUBE", 10)))["profile"]["id"]
    variables = {"input": {"profileId": profile_id, "status": "APPROVED"}}
    # when
    own = await gql.execute(REVIEW_MUTATION, variables, token=member.token, expect_errors=True)
    anonymous = await gql.execute(REVIEW_MUTATION, variables, expect_errors=True)
    # then
    assert own["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    mine = await gql.data(MY_PROFILE_QUERY, token=member.token)
    assert mine["viewer"]["influencerProfile"]["status"] == "REJECTED"


async def test_reviewing_an_unknown_profile_is_not_found(gql, make_member):
    # given
    admin = await make_member(admin=True)
    variables = {"input": {"profileId": global_id("InfluencerProfile", 999), "status": "APPROVED"}}
    # when
    body = await gql.data(REVIEW_MUTATION, variables, token=admin.token)
    # then
    assert body["reviewInfluencerProfile"]["errors"] == [
        {"field": "profileId", "code": "NOT_FOUND"}
    ]


async def test_onsite_associate_is_invite_only(gql, make_member):
    # given
    member = await make_member()
    admin = await make_member(admin=True)
    variables = {"input": {"userId": global_id("User", member.id)}}
    # when a member invites themself
    refused = await gql.execute(INVITE_MUTATION, variables, token=member.token, expect_errors=True)
    # then
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    badges = await gql.data(BADGES_QUERY, {"id": global_id("User", member.id)})
    assert badges["node"]["badges"] == []
    # when an admin invites them (twice: the second changes nothing)
    await gql.data(INVITE_MUTATION, variables, token=admin.token)
    body = await gql.data(INVITE_MUTATION, variables, token=admin.token)
    # then
    profile = body["inviteOnsiteAssociate"]["profile"]
    assert profile["onsiteAssociate"] is True
    assert profile["status"] == "REJECTED"  # no accounts: an associate, not an influencer
    badges = await gql.data(BADGES_QUERY, {"id": global_id("User", member.id)})
    assert badges["node"]["badges"] == ["ONSITE_ASSOCIATE"]


async def test_inviting_an_unknown_member_is_not_found(gql, make_member):
    # given
    admin = await make_member(admin=True)
    # when
    body = await gql.data(
        INVITE_MUTATION, {"input": {"userId": global_id("User", 4242)}}, token=admin.token
    )
    # then
    assert body["inviteOnsiteAssociate"]["errors"] == [{"field": "userId", "code": "NOT_FOUND"}]


async def test_badges_follow_status_and_invitation(gql, make_member, clock):
    # given: a pending Instagram influencer who is also invited as an associate
    member = await make_member()
    admin = await make_member(admin=True)
    user_id = global_id("User", member.id)
    await apply(gql, member.token, account("INSTAGRAM", 20_000))
    await gql.data(INVITE_MUTATION, {"input": {"userId": user_id}}, token=admin.token)
    # when
    pending = await gql.data(BADGES_QUERY, {"id": user_id})
    clock.advance(timedelta(days=5))
    approved = await gql.data(BADGES_QUERY, {"id": user_id})
    # then
    assert pending["node"]["badges"] == ["ONSITE_ASSOCIATE"]
    assert approved["node"]["badges"] == ["INFLUENCER_PROGRAM", "ONSITE_ASSOCIATE"]


async def test_members_outside_the_programs_have_no_badges(gql, make_member):
    # given
    member = await make_member()
    # when
    body = await gql.data(BADGES_QUERY, {"id": global_id("User", member.id)})
    # then
    assert body["node"]["badges"] == []


POST_BADGES_QUERY = """
query Post($id: ID!) { node(id: $id) { ... on Post { badges } } }
"""


async def test_posts_show_their_authors_badges(gql, make_member):
    # given: an approved influencer who is also an onsite associate, and a plain member
    influencer = await make_member(prime=True)
    plain = await make_member(prime=True)
    admin = await make_member(admin=True)
    await apply(gql, influencer.token, account("TWITTER", 2500))
    await gql.data(
        INVITE_MUTATION, {"input": {"userId": global_id("User", influencer.id)}}, token=admin.token
    )
    # when
    influencer_post = await create_post(gql, influencer.token, body="My picks this week")
    plain_post = await create_post(gql, plain.token, body="Hello")
    # then
    shown = await gql.data(POST_BADGES_QUERY, {"id": influencer_post["id"]})
    assert shown["node"]["badges"] == ["INFLUENCER_PROGRAM", "ONSITE_ASSOCIATE"]
    assert (await gql.data(POST_BADGES_QUERY, {"id": plain_post["id"]}))["node"]["badges"] == []
