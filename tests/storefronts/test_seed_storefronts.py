"""The seeded influencers: they log in with the documented password, are approved, have a
storefront with sections, and their links' counters agree with the clicks and the ledger."""

from __future__ import annotations

from decimal import Decimal

from seed.loader import load_demo_world
from sqlalchemy import text

LOG_IN_MUTATION = """
mutation LogIn($input: LogInInput!) { logIn(input: $input) { token errors { code } } }
"""

PROFILE_QUERY = """
query { viewer { badges influencerProfile { status storefront { slug }
  affiliateLinks(first: 20) { edges { node { clickCount conversionCount earnings { amount } } } }
} } }
"""

STOREFRONT_QUERY = """
query S($slug: String!) { storefront(slug: $slug) { title sections { products(first: 12) {
  edges { node { id } } } } } }
"""

# The accounts the README lists.
INFLUENCERS = {
    "nora_kitchen": ("nora-kitchen", ["INFLUENCER_PROGRAM", "ONSITE_ASSOCIATE"]),
    "rex_garage": ("rex-garage", ["INFLUENCER_PROGRAM"]),
    "luna_glow": ("luna-glow", ["INFLUENCER_PROGRAM"]),
}
PASSWORD = "spark-influencer-2026"


async def test_seeded_influencers_are_ready_to_explore(gql, sessions, settings, clock, engine):
    # given
    assert await load_demo_world(sessions, settings=settings, now=clock.now())
    for handle, (slug, badges) in INFLUENCERS.items():
        # when
        logged_in = await gql.data(
            LOG_IN_MUTATION, {"input": {"handle": handle, "password": PASSWORD}}
        )
        token = logged_in["logIn"]["token"]
        viewer = (await gql.data(PROFILE_QUERY, token=token))["viewer"]
        page = (await gql.data(STOREFRONT_QUERY, {"slug": slug}))["storefront"]
        # then
        profile = viewer["influencerProfile"]
        assert viewer["badges"] == badges
        assert profile["status"] == "APPROVED"
        assert profile["storefront"]["slug"] == slug
        assert len(page["sections"]) >= 2
        assert all(section["products"]["edges"] for section in page["sections"])
        links = [edge["node"] for edge in profile["affiliateLinks"]["edges"]]
        assert sum(link["conversionCount"] for link in links) >= 1
    # and every counter agrees with the rows it counts
    async with engine.connect() as connection:
        totals = (
            await connection.execute(
                text(
                    "SELECT (SELECT sum(click_count) FROM affiliate_link),"
                    " (SELECT count(*) FROM affiliate_click),"
                    " (SELECT sum(conversion_count) FROM affiliate_link),"
                    " (SELECT count(*) FROM affiliate_conversion),"
                    " (SELECT sum(earnings) FROM affiliate_link),"
                    " (SELECT sum(commission) FROM purchase)"
                )
            )
        ).one()
    assert totals[0] == totals[1] > 0
    assert totals[2] == totals[3] > 0
    assert Decimal(totals[4]) == Decimal(totals[5]) > 0
