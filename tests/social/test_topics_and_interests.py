from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from spark_graph.social.models import UserInterest
from tests.social.helpers import create_post
from tests.social.operations import (
    CHOOSE_INTERESTS_MUTATION,
    TOPIC_QUERY,
    TOPICS_QUERY,
    VIEWER_QUERY,
)

TOPIC_NODE_QUERY = """
query TopicNode($id: ID!) { node(id: $id) { id ... on Topic { slug aliases } } }
"""
SLUGS = ["beauty", "garden", "home-decor", "kitchen", "outdoors", "pets", "tech"]


async def interest_rows(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(UserInterest))).scalar_one()


async def choose(gql, member, topic_ids):
    variables = {"input": {"topicIds": topic_ids}}
    return (await gql.data(CHOOSE_INTERESTS_MUTATION, variables, token=member.token))[
        "chooseInterests"
    ]


async def follower_counts(gql) -> dict[str, int]:
    edges = (await gql.data(TOPICS_QUERY, {"first": 50}))["topics"]["edges"]
    return {e["node"]["slug"]: e["node"]["followerCount"] for e in edges}


async def test_the_slug_without_hyphens_is_always_an_alias(gql, make_topic):
    # given
    topic_id = await make_topic("home-decor", aliases=["#Decor", "homedecor"])
    # when
    node = (await gql.data(TOPIC_NODE_QUERY, {"id": topic_id}))["node"]
    # then
    assert node == {"id": topic_id, "slug": "home-decor", "aliases": ["homedecor", "decor"]}


async def test_topics_page_by_name_and_topic_by_slug(gql, make_topic):
    # given
    for slug in reversed(SLUGS):
        await make_topic(slug)
    # when
    first = (await gql.data(TOPICS_QUERY, {"first": 4}))["topics"]
    after = first["pageInfo"]["endCursor"]
    second = (await gql.data(TOPICS_QUERY, {"first": 4, "after": after}))["topics"]
    one = (await gql.data(TOPIC_QUERY, {"slug": "Home-Decor"}))["topic"]
    none = (await gql.data(TOPIC_QUERY, {"slug": "nothing"}))["topic"]
    # then
    assert [e["node"]["slug"] for e in first["edges"]] == SLUGS[:4]
    assert first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["slug"] for e in second["edges"]] == SLUGS[4:]
    assert second["pageInfo"]["hasNextPage"] is False
    assert one["name"] == "Home Decor"
    assert none is None


async def test_page_size_over_100_is_a_top_level_error(gql):
    body = await gql.execute(TOPICS_QUERY, {"first": 101}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


async def test_bad_cursor_is_a_top_level_error(gql):
    body = await gql.execute(TOPICS_QUERY, {"after": "not-a-cursor"}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


async def test_topic_posts_are_newest_first_with_pages(gql, make_member, make_topic, clock):
    # given
    maya = await make_member(prime=True)
    await make_topic("kitchen")
    ids = []
    for i in range(5):
        clock.advance(timedelta(minutes=1))
        ids.append((await create_post(gql, maya.token, body=f"post {i} #kitchen"))["id"])
    await create_post(gql, maya.token, body="elsewhere #garden")
    # when
    first = (await gql.data(TOPIC_QUERY, {"slug": "kitchen", "first": 3}))["topic"]["posts"]
    after = first["pageInfo"]["endCursor"]
    rest = (await gql.data(TOPIC_QUERY, {"slug": "kitchen", "first": 3, "after": after}))["topic"][
        "posts"
    ]
    # then
    assert [e["node"]["id"] for e in first["edges"]] == ids[::-1][:3]
    assert first["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["id"] for e in rest["edges"]] == ids[::-1][3:]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_choosing_interests_replaces_the_set_and_counts_followers(
    gql, make_member, make_topic
):
    # given
    ids = {slug: await make_topic(slug) for slug in SLUGS}
    ada = await make_member()
    bob = await make_member()
    await choose(gql, bob, [ids[s] for s in SLUGS[:5]])
    # when
    first = await choose(gql, ada, [ids[s] for s in SLUGS[:5]])
    second = await choose(gql, ada, [ids[s] for s in SLUGS[2:]])
    viewer = (await gql.data(VIEWER_QUERY, token=ada.token))["viewer"]
    # then
    assert first["errors"] == []
    assert [t["slug"] for t in first["user"]["interests"]] == SLUGS[:5]
    assert [t["slug"] for t in second["user"]["interests"]] == SLUGS[2:]
    assert [t["slug"] for t in viewer["interests"]] == SLUGS[2:]
    assert await follower_counts(gql) == {
        "beauty": 1,
        "garden": 1,
        "home-decor": 2,
        "kitchen": 2,
        "outdoors": 2,
        "pets": 1,
        "tech": 1,
    }


async def test_fewer_than_five_distinct_topics_are_refused(gql, make_member, make_topic, sessions):
    # given
    ids = [await make_topic(slug) for slug in SLUGS[:5]]
    ada = await make_member()
    # when
    four = await choose(gql, ada, ids[:4])
    repeated = await choose(gql, ada, [*ids[:4], ids[0]])
    # then
    for result in (four, repeated):
        assert result["user"] is None
        assert [(e["field"], e["code"]) for e in result["errors"]] == [
            ("topicIds", "TOO_FEW_INTERESTS")
        ]
    assert await interest_rows(sessions) == 0
    assert set((await follower_counts(gql)).values()) == {0}


async def test_unknown_topic_is_not_found_and_nothing_is_saved(
    gql, make_member, make_topic, sessions
):
    # given
    ids = [await make_topic(slug) for slug in SLUGS[:5]]
    ada = await make_member()
    await choose(gql, ada, ids)
    # when
    result = await choose(gql, ada, [*ids[1:], "VG9waWM6OTk5"])  # Topic:999
    # then
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("topicIds[4]", "NOT_FOUND")]
    viewer = (await gql.data(VIEWER_QUERY, token=ada.token))["viewer"]
    assert [t["slug"] for t in viewer["interests"]] == SLUGS[:5]
    assert await interest_rows(sessions) == 5


async def test_choosing_interests_needs_a_viewer(gql):
    body = await gql.execute(
        CHOOSE_INTERESTS_MUTATION, {"input": {"topicIds": []}}, expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
