"""Topic pages rank by engagement and recency, the same for everyone; Explore can order
topics by trending activity."""

from __future__ import annotations

from datetime import timedelta

from spark_graph.ids import global_id
from tests.feed.contract import SOCIAL_OPERATIONS
from tests.social.helpers import create_post
from tests.social.operations import FOLLOW_MUTATION, SMILE_MUTATION

TOPIC_FEED_OPERATION = SOCIAL_OPERATIONS["TopicFeed"]
TOPICS_QUERY = """
query Topics($orderBy: TopicOrder, $first: Int, $after: String) {
  topics(orderBy: $orderBy, first: $first, after: $after) {
    edges { node { slug } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
TOPIC_POSTS_PAGE = """
query TopicPosts($slug: String!, $first: Int!, $after: String) {
  topic(slug: $slug) {
    posts(first: $first, after: $after) {
      edges { node { body } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


async def smile_many(gql, make_member, post_id, count):
    for _ in range(count):
        fan = await make_member(prime=True)
        await gql.data(SMILE_MUTATION, {"input": {"postId": post_id}}, token=fan.token)


async def test_topic_posts_rank_by_engagement_and_recency_without_personal_signals(
    gql, make_member, make_topic, clock
):
    # given a busy post an hour old, a quiet one by an author the viewer follows, a fresh one
    await make_topic("kitchen")
    viewer, friend, other = [await make_member(prime=True) for _ in range(3)]
    variables = {"input": {"userId": global_id("User", friend.id)}}
    await gql.data(FOLLOW_MUTATION, variables, token=viewer.token)
    busy = await create_post(gql, other.token, body="busy #kitchen")
    await smile_many(gql, make_member, busy["id"], 30)
    clock.advance(timedelta(minutes=30))
    await create_post(gql, friend.token, body="friend #kitchen")
    clock.advance(timedelta(minutes=30))
    await create_post(gql, other.token, body="fresh #kitchen")
    await create_post(gql, other.token, body="elsewhere")
    # when
    as_viewer = await gql.data(
        TOPIC_FEED_OPERATION, {"slug": "kitchen", "first": 10}, token=viewer.token
    )
    anonymous = await gql.data(TOPIC_FEED_OPERATION, {"slug": "kitchen", "first": 10})
    # then
    expected = ["busy #kitchen", "fresh #kitchen", "friend #kitchen"]
    for data in (as_viewer, anonymous):
        assert [e["node"]["body"] for e in data["topic"]["posts"]["edges"]] == expected


async def test_topic_pages_keep_their_moment_while_others_post(gql, make_member, make_topic, clock):
    # given
    await make_topic("kitchen")
    author = await make_member(prime=True)
    for i in range(5):
        clock.advance(timedelta(minutes=5))
        await create_post(gql, author.token, body=f"post {i} #kitchen")
    variables = {"slug": "kitchen", "first": 2}
    first = (await gql.data(TOPIC_POSTS_PAGE, variables))["topic"]["posts"]
    # when new posts arrive before the next pages
    seen = [e["node"]["body"] for e in first["edges"]]
    after = first["pageInfo"]["endCursor"]
    while after:
        clock.advance(timedelta(minutes=1))
        await create_post(gql, author.token, body="late #kitchen")
        page = (await gql.data(TOPIC_POSTS_PAGE, {**variables, "after": after}))["topic"]["posts"]
        seen += [e["node"]["body"] for e in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    # then
    assert sorted(seen) == [f"post {i} #kitchen" for i in range(5)]


async def test_topics_order_by_trending_counts_the_last_day(gql, make_member, make_topic, clock):
    # given books had many posts two days ago, garden two today, kitchen one today
    for slug in ("books", "garden", "kitchen", "travel"):
        await make_topic(slug)
    author = await make_member(prime=True)
    for _ in range(4):
        await create_post(gql, author.token, body="old #books")
    clock.advance(timedelta(days=2))
    await create_post(gql, author.token, body="#garden one")
    await create_post(gql, author.token, body="#garden two")
    await create_post(gql, author.token, body="#kitchen")
    # when
    trending = (await gql.data(TOPICS_QUERY, {"orderBy": "TRENDING", "first": 3}))["topics"]
    rest = (
        await gql.data(
            TOPICS_QUERY,
            {"orderBy": "TRENDING", "first": 3, "after": trending["pageInfo"]["endCursor"]},
        )
    )["topics"]
    by_name = (await gql.data(TOPICS_QUERY, {"first": 10}))["topics"]
    # then
    assert [e["node"]["slug"] for e in trending["edges"]] == ["garden", "kitchen", "books"]
    assert [e["node"]["slug"] for e in rest["edges"]] == ["travel"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert [e["node"]["slug"] for e in by_name["edges"]] == ["books", "garden", "kitchen", "travel"]
