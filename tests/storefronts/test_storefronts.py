"""Storefronts through /graphql: who may open one, slug rules, ownership, the public page."""

from __future__ import annotations

import asyncio

import pytest

from spark_graph.db import transaction
from spark_graph.ids import global_id
from spark_graph.storefronts import program
from tests.storefronts import factories

CREATE_STOREFRONT_MUTATION = """
mutation Create($input: CreateStorefrontInput!) {
  createStorefront(input: $input) {
    storefront { id slug url title bio }
    errors { field message code }
  }
}
"""

UPDATE_STOREFRONT_MUTATION = """
mutation Update($input: UpdateStorefrontInput!) {
  updateStorefront(input: $input) {
    storefront { id title bio bannerUrl }
    errors { field code }
  }
}
"""

STOREFRONT_QUERY = """
query Storefront($slug: String!) {
  storefront(slug: $slug) { id slug url title bio bannerUrl owner { handle } }
}
"""

MY_STOREFRONT_QUERY = """
query { viewer { influencerProfile { storefront { slug url } } } }
"""


async def create(gql, token, slug, title="Jane's picks", bio="") -> dict:
    data = await gql.data(
        CREATE_STOREFRONT_MUTATION,
        {"input": {"slug": slug, "title": title, "bio": bio}},
        token=token,
    )
    return data["createStorefront"]


@pytest.fixture
def approved_member(sessions, clock, make_member):
    async def make(**kwargs):
        member = await make_member(**kwargs)
        await factories.approve(sessions, clock, user_id=member.id)
        return member

    return make


async def test_an_approved_influencer_opens_a_storefront_at_a_vanity_url(
    gql, approved_member, settings
):
    # given
    member = await approved_member(handle="jane")
    # when
    payload = await create(gql, member.token, "jane-picks", bio="Kitchen nerd.")
    # then
    assert payload["errors"] == []
    storefront = payload["storefront"]
    assert storefront["slug"] == "jane-picks"
    assert storefront["url"] == f"{settings.public_base_url}/shop/jane-picks"
    public = await gql.data(STOREFRONT_QUERY, {"slug": "jane-picks"})
    assert public["storefront"]["owner"] == {"handle": "jane"}
    assert public["storefront"]["bio"] == "Kitchen nerd."
    mine = await gql.data(MY_STOREFRONT_QUERY, token=member.token)
    assert mine["viewer"]["influencerProfile"]["storefront"]["slug"] == "jane-picks"


async def test_members_who_are_not_approved_cannot_open_one(gql, make_member, sessions, clock):
    # given: one member never applied, another is pending on Instagram
    stranger = await make_member()
    pending = await make_member()
    async with transaction(sessions) as session:
        await program.apply_to_influencer_program(
            session=session,
            user_id=pending.id,
            accounts=[program.AccountInput(program.Platform.INSTAGRAM, "p", 9000)],
            now=clock.now(),
        )
    # when
    payloads = [await create(gql, m.token, f"shop-{m.id}") for m in (stranger, pending)]
    # then
    for payload in payloads:
        assert payload["storefront"] is None
        assert payload["errors"][0]["code"] == "NOT_APPROVED"
    for member in (stranger, pending):
        assert (await gql.data(STOREFRONT_QUERY, {"slug": f"shop-{member.id}"}))[
            "storefront"
        ] is None


async def test_one_storefront_per_influencer(gql, approved_member):
    # given
    member = await approved_member()
    await create(gql, member.token, "first-shop")
    # when
    payload = await create(gql, member.token, "second-shop")
    # then
    assert payload["errors"][0]["code"] == "ALREADY_EXISTS"
    assert (await gql.data(STOREFRONT_QUERY, {"slug": "second-shop"}))["storefront"] is None


async def test_a_taken_slug_is_refused(gql, approved_member):
    # given
    first = await approved_member()
    second = await approved_member()
    await create(gql, first.token, "cozy-home")
    # when
    payload = await create(gql, second.token, "cozy-home", title="Mine")
    # then
    assert payload["errors"] == [
        {"field": "slug", "message": "That slug is taken.", "code": "TAKEN"}
    ]
    public = await gql.data(STOREFRONT_QUERY, {"slug": "cozy-home"})
    assert public["storefront"]["title"] == "Jane's picks"
    # and the refused member can still open one under another slug
    assert (await create(gql, second.token, "cozy-home-2"))["errors"] == []


@pytest.mark.parametrize(
    "slug", ["admin", "api", "graphql", "r", "shop", "static", "healthz", "metrics", "login"]
)
async def test_reserved_slugs_are_refused(gql, approved_member, slug):
    # given
    member = await approved_member()
    # when
    payload = await create(gql, member.token, slug)
    # then
    assert payload["errors"][0]["code"] == "RESERVED"
    assert payload["errors"][0]["field"] == "slug"
    assert (await gql.data(MY_STOREFRONT_QUERY, token=member.token))["viewer"]["influencerProfile"][
        "storefront"
    ] is None


@pytest.mark.parametrize(
    "slug",
    ["ab", "a" * 41, "Jane", "jane picks", "jane_picks", "-jane", "jane-", "jané", ""],
)
async def test_malformed_slugs_are_invalid(gql, approved_member, slug):
    # given
    member = await approved_member()
    # when
    payload = await create(gql, member.token, slug)
    # then
    assert payload["errors"][0]["code"] == "INVALID"
    assert payload["errors"][0]["field"] == "slug"


@pytest.mark.parametrize("slug", ["abc", "a" * 40, "jane-2-picks", "123"])
async def test_well_formed_slugs_are_accepted(gql, approved_member, slug):
    # given
    member = await approved_member()
    # when
    payload = await create(gql, member.token, slug)
    # then
    assert payload["errors"] == []


async def test_an_empty_title_is_invalid(gql, approved_member):
    # given
    member = await approved_member()
    # when
    payload = await create(gql, member.token, "fine-slug", title="  ")
    # then
    assert payload["errors"][0]["field"] == "title"
    assert payload["errors"][0]["code"] == "INVALID"


async def test_creating_needs_a_member(gql):
    # when
    body = await gql.execute(
        CREATE_STOREFRONT_MUTATION,
        {"input": {"slug": "anon-shop", "title": "x"}},
        expect_errors=True,
    )
    # then
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_owner_updates_title_bio_and_banner(gql, make_influencer):
    # given
    influencer = await make_influencer(slug="owner-shop")
    # when
    body = await gql.data(
        UPDATE_STOREFRONT_MUTATION,
        {
            "input": {
                "storefrontId": influencer.storefront_gid,
                "title": "New title",
                "bio": "New bio",
                "bannerUrl": "https://cdn.example.com/banner.jpg",
            }
        },
        token=influencer.token,
    )
    # then
    assert body["updateStorefront"]["storefront"] == {
        "id": influencer.storefront_gid,
        "title": "New title",
        "bio": "New bio",
        "bannerUrl": "https://cdn.example.com/banner.jpg",
    }
    public = await gql.data(STOREFRONT_QUERY, {"slug": "owner-shop"})
    assert public["storefront"]["bannerUrl"] == "https://cdn.example.com/banner.jpg"


async def test_omitted_fields_keep_their_value_and_an_empty_banner_removes_it(gql, make_influencer):
    # given
    influencer = await make_influencer()
    variables = {
        "input": {"storefrontId": influencer.storefront_gid, "bannerUrl": "http://x.io/b.png"}
    }
    await gql.data(UPDATE_STOREFRONT_MUTATION, variables, token=influencer.token)
    # when
    variables = {"input": {"storefrontId": influencer.storefront_gid, "bannerUrl": ""}}
    body = await gql.data(UPDATE_STOREFRONT_MUTATION, variables, token=influencer.token)
    # then
    storefront = body["updateStorefront"]["storefront"]
    assert storefront["bannerUrl"] is None
    assert storefront["title"] == "My picks"


@pytest.mark.parametrize(
    "banner", ["ftp://x.io/b.png", "javascript:alert(1)", "not a url", "https://"]
)
async def test_banners_must_be_http_or_https(gql, make_influencer, banner):
    # given
    influencer = await make_influencer()
    # when
    body = await gql.data(
        UPDATE_STOREFRONT_MUTATION,
        {"input": {"storefrontId": influencer.storefront_gid, "bannerUrl": banner, "title": "T2"}},
        token=influencer.token,
    )
    # then
    assert body["updateStorefront"]["errors"] == [{"field": "bannerUrl", "code": "INVALID"}]
    public = await gql.data(STOREFRONT_QUERY, {"slug": influencer.storefront.slug})
    assert public["storefront"]["title"] == "My picks"  # nothing written


async def test_only_the_owner_updates(gql, make_influencer):
    # given
    owner = await make_influencer()
    other = await make_influencer()
    # when
    body = await gql.data(
        UPDATE_STOREFRONT_MUTATION,
        {"input": {"storefrontId": owner.storefront_gid, "title": "Hijacked"}},
        token=other.token,
    )
    # then
    assert body["updateStorefront"]["errors"][0]["code"] == "FORBIDDEN"
    public = await gql.data(STOREFRONT_QUERY, {"slug": owner.storefront.slug})
    assert public["storefront"]["title"] == "My picks"


async def test_updating_an_unknown_storefront_is_not_found(gql, make_influencer):
    # given
    influencer = await make_influencer()
    # when
    body = await gql.data(
        UPDATE_STOREFRONT_MUTATION,
        {"input": {"storefrontId": global_id("Storefront", 999), "title": "x"}},
        token=influencer.token,
    )
    # then
    assert body["updateStorefront"]["errors"] == [{"field": "storefrontId", "code": "NOT_FOUND"}]


async def test_an_unknown_slug_is_null(gql):
    # when
    body = await gql.data(STOREFRONT_QUERY, {"slug": "nobody-here"})
    # then
    assert body["storefront"] is None


async def test_storefront_is_a_node(gql, make_influencer):
    # given
    influencer = await make_influencer(slug="node-shop")
    # when
    body = await gql.data(
        "query N($id: ID!) { node(id: $id) { ... on Storefront { slug } } }",
        {"id": influencer.storefront_gid},
    )
    # then
    assert body["node"] == {"slug": "node-shop"}


async def test_racing_for_one_slug_gives_it_to_one_member(gql, approved_member):
    # given
    members = [await approved_member() for _ in range(5)]
    # when
    payloads = await asyncio.gather(*(create(gql, m.token, "hot-slug") for m in members))
    # then
    winners = [p for p in payloads if not p["errors"]]
    assert len(winners) == 1
    assert sorted(p["errors"][0]["code"] for p in payloads if p["errors"]) == ["TAKEN"] * 4
